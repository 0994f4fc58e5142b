"""Survey documents: the paper form, the text and Word exports, the results PDF and
the `document undersokelse` command."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from nvk_desktop import cli
from nvk_desktop.documents.questionnaire_export import questionnaire_sections
from nvk_desktop.domain.survey import RespondentGroup
from nvk_desktop.errors import ValidationError
from nvk_desktop.services import surveys as sv
from nvk_desktop.services.demo import create_demo
from nvk_desktop.services.project import Project, create_project
from nvk_desktop.services.survey_documents import (
    SurveyDocumentError,
    export_questionnaire,
    make_questionnaire_pdf,
    make_survey_report,
    questionnaire_data,
)

G = RespondentGroup
TODAY = date(2026, 11, 29)
ITEMS = [
    "bak.storrelse",
    "bak.verv",
    "inf.sat.1",
    "byg.sat.1",
    "byg.sat.2",
    "byg.dim.saksbehandlingstid",
    "byg.imp",
    "byg.open.bedre",
    "ser.sat.1",
    "ser.imp",
    "tot.open",
]
RAW_COMMENT = "Saksbehandler Ola Nordmann svarte aldri på e-posten min"
THEME = "Treg saksbehandling"


def pdf_text(path: Path, *, layout: bool = False) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; cannot read the PDF's text")
    args = [exe, "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
    out = subprocess.run(args, capture_output=True, check=True, timeout=60).stdout.decode()
    out = out.replace("\u00a0", " ")
    return out if layout else re.sub(r"\s+", " ", out)


def page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type /Page(?!s)", data))


def _answers(values: list[int | None], *, comment: str | None = None) -> dict[str, object]:
    keys = ["inf.sat.1", "byg.sat.1", "byg.sat.2", "byg.dim.saksbehandlingstid", "byg.imp"]
    out: dict[str, object] = dict(zip(keys, values, strict=True))
    out["ser.sat.1"] = values[0]
    if comment:
        out["byg.open.bedre"] = comment
    return out


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Project, int, int]]:
    """The example project with a T0 survey (politikere: only 3 answers) and a T1."""
    folder = tmp_path_factory.mktemp("survey-docs")
    project = create_demo(folder / "demo.nvk", today=TODAY)
    t0 = sv.create_survey(
        project,
        "Næringslivsundersøkelsen 2026",
        groups={G.NAERINGSLIV: 40, G.ANSATTE: 20, G.POLITIKERE: 25},
        item_ids=ITEMS,
        closes_on=date(2026, 12, 15),
    )
    rows = [[2, 3, 2, 3, 5], [3, 2, 3, 2, 4], [2, 2, None, 3, 5], [4, 3, 3, 2, 4], [3, 3, 2, 3, 5]]
    rows += [[2, 4, 3, 3, 4], [3, 2, 2, 2, 5], [2, 3, 4, 3, 4]]
    for i, r in enumerate(rows):
        comment = RAW_COMMENT if i == 0 else ("Lang ventetid" if i == 1 else None)
        sv.add_response(project, t0, G.NAERINGSLIV, _answers(r, comment=comment))  # type: ignore[arg-type]
    for r in ([4, 5, 4, 4, 4], [5, 4, 4, 5, 4], [4, 4, 5, 4, 5], [4, 5, 4, 4, 4], [5, 4, 4, 4, 5]):
        sv.add_response(project, t0, G.ANSATTE, _answers(r))  # type: ignore[arg-type]
    for _ in range(3):  # every politician says 1: any "1,0" or "n = 3" would leak them
        sv.add_response(project, t0, G.POLITIKERE, _answers([1, 1, 1, 1, 1]))  # type: ignore[arg-type]
    theme = sv.create_theme(project, t0, THEME, "byggesaker")
    for c in sv.list_comments(project, t0):
        sv.code_comment(project, c.answer_id, theme)
    t1 = sv.create_followup(project, t0, "Oppfølging 2028")
    for r in rows:
        sv.add_response(
            project, t1, G.NAERINGSLIV, _answers([min(5, v + 1) if v else v for v in r])
        )  # type: ignore[arg-type]
    yield project, t0, t1
    project.close()


@pytest.fixture
def plain(tmp_path: Path) -> Iterator[tuple[Project, int]]:
    project = create_project(tmp_path / "p.nvk", "4645", "Næringsvennlig Askvoll")
    sid = sv.create_survey(project, "Enkel", groups=[G.NAERINGSLIV, G.ANSATTE], item_ids=ITEMS)
    yield project, sid
    project.close()


# ----------------------------------------------------------------------- paper form


@pytest.fixture(scope="module")
def ansatte_form(
    example: tuple[Project, int, int], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    project, t0, _ = example
    out = tmp_path_factory.mktemp("form") / "ansatte.pdf"
    assert make_questionnaire_pdf(project, t0, G.ANSATTE, out, today=TODAY) == out
    return out


def test_paper_form_is_a_pdf_with_page_numbers_and_respondent_box(ansatte_form: Path) -> None:
    data = ansatte_form.read_bytes()
    assert data.startswith(b"%PDF")
    pages = page_count(data)
    assert pages >= 2
    text = pdf_text(ansatte_form)
    assert f"Side 1 av {pages}" in text and f"Side {pages} av {pages}" in text
    assert text.count("Respondentnr.") == pages  # on every page, for loose sheets
    assert "Eksempelprosjekt – fiktive data" in text  # the example project is marked


def test_paper_form_uses_the_groups_wording_and_the_scale(
    example: tuple[Project, int, int], ansatte_form: Path
) -> None:
    project, t0, _ = example
    text = pdf_text(ansatte_form)
    survey = sv.get_survey(project, t0)
    wording = survey.item("inf.sat.1").texts
    assert wording[G.ANSATTE] in text
    assert wording[G.NAERINGSLIV] not in text
    assert "Gáivuotna - Kåfjord - Kaivuono kommune" in text
    for words in ("Vet ikke", "Svært dårlig", "Svært godt", "Svært viktig"):
        assert words in text
    for area in ("Infrastruktur og planverk", "Byggesaker", "Service og informasjon"):
        assert area in text
    assert "Anonymt" in text and "ett kryss" in text
    assert "Lever det utfylte skjemaet innen 15.12.2026" in text
    # Background questions of other groups are not asked of ansatte.
    assert survey.item("bak.storrelse").texts[G.NAERINGSLIV] not in text
    # Numbered in the printed order, the same numbers as the exports.
    data = questionnaire_data(project, t0, G.ANSATTE, today=TODAY)
    numbers = [q.number for s in questionnaire_sections(data) for q in s.questions]
    assert numbers == list(range(1, len(numbers) + 1))
    for s in questionnaire_sections(data):
        for q in s.questions:
            assert f"{q.number}. {q.text[:30]}" in text


def test_paper_form_background_options_for_business(
    example: tuple[Project, int, int], tmp_path: Path
) -> None:
    project, t0, _ = example
    out = make_questionnaire_pdf(project, t0, "naeringsliv", tmp_path / "n.pdf", today=TODAY)
    text = pdf_text(out)
    for option in ("1–3 ansatte", "4–10 ansatte", "Over 10 ansatte"):
        assert option in text
    assert "Om deg og bedriften" in text


def test_blank_form_of_a_real_project_has_no_example_mark(
    plain: tuple[Project, int], tmp_path: Path
) -> None:
    project, sid = plain
    out = make_questionnaire_pdf(project, sid, G.NAERINGSLIV, tmp_path / "form.pdf")
    text = pdf_text(out)
    assert "Eksempelprosjekt" not in text
    assert "Askvoll kommune" in text


def test_form_on_a_0_10_scale_keys_the_labels(plain: tuple[Project, int], tmp_path: Path) -> None:
    project, sid = plain
    sv.update_survey(project, sid, scale=sv.default_scale(0, 10))
    out = make_questionnaire_pdf(project, sid, G.ANSATTE, tmp_path / "ti.pdf")
    text = pdf_text(out)
    assert "0 = Svært dårlig, 10 = Svært godt" in text
    assert "0 = Svært lite viktig, 10 = Svært viktig" in text


def test_group_not_in_the_survey_and_unknown_format_are_refused(
    plain: tuple[Project, int], tmp_path: Path
) -> None:
    project, sid = plain
    with pytest.raises(ValidationError, match="har ikke gruppen politikere"):
        make_questionnaire_pdf(project, sid, G.POLITIKERE, tmp_path / "x.pdf")
    with pytest.raises(ValidationError, match="Ukjent respondentgruppe"):
        make_questionnaire_pdf(project, sid, "bønder", tmp_path / "x.pdf")
    with pytest.raises(ValidationError, match="Ukjent format «pdf»"):
        export_questionnaire(project, sid, G.ANSATTE, tmp_path / "x.pdf", "pdf")
    assert list(tmp_path.glob("x.*")) == []


def test_missing_folder_is_a_norwegian_error_and_leaves_nothing(
    plain: tuple[Project, int], tmp_path: Path
) -> None:
    project, sid = plain
    with pytest.raises(SurveyDocumentError, match="finnes ikke"):
        make_questionnaire_pdf(project, sid, G.ANSATTE, tmp_path / "borte" / "f.pdf")
    with pytest.raises(SurveyDocumentError, match="finnes ikke"):
        export_questionnaire(project, sid, G.ANSATTE, tmp_path / "borte" / "f.docx", "docx")
    assert not (tmp_path / "borte").exists()
    assert not list(tmp_path.glob("*.tmp"))


# ----------------------------------------------------------------------- exports


def test_text_export_one_block_per_question(
    example: tuple[Project, int, int], tmp_path: Path
) -> None:
    project, t0, _ = example
    out = export_questionnaire(project, t0, G.NAERINGSLIV, tmp_path / "n.txt", "txt")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Notepad and Word read æøå right
    text = raw.decode("utf-8-sig")
    survey = sv.get_survey(project, t0)
    block = "\n".join(
        [
            f"{_number(project, t0, 'byg.sat.1')}. {survey.item('byg.sat.1').texts[G.NAERINGSLIV]}",
            "[Ett valg, skala 1–5]",
            "Svært dårlig",
            "Dårlig",
            "Verken godt eller dårlig",
            "Godt",
            "Svært godt",
            "Vet ikke / ikke aktuelt",
            "",
        ]
    )
    assert block in text
    assert "=== Byggesaker ===" in text and "=== Om deg og bedriften ===" in text
    assert "[Fritekst, valgfritt]" in text
    assert "Svært lite viktig\nLite viktig\nMiddels viktig\nViktig\nSvært viktig\n" in text
    assert "1. Hvor mange ansatte har bedriften?\n[Ett valg]\n1–3 ansatte\n" in text
    assert "Eksempelprosjekt – fiktive data" in text
    # ansatte's wording never leaks into the business form
    assert survey.item("inf.sat.1").texts[G.ANSATTE] not in text


def _number(project: Project, survey_id: int, key: str) -> int:
    data = questionnaire_data(project, survey_id, G.NAERINGSLIV)
    for s in questionnaire_sections(data):
        for q in s.questions:
            if q.item.id == key:
                return q.number
    raise KeyError(key)


def test_word_export_has_the_questions_in_order(
    example: tuple[Project, int, int], tmp_path: Path
) -> None:
    import docx

    project, t0, _ = example
    out = export_questionnaire(project, t0, G.POLITIKERE, tmp_path / "p.docx", "docx")
    document = docx.Document(str(out))
    paragraphs = document.paragraphs
    questions = [p.text for p in paragraphs if re.match(r"^\d+\. ", p.text)]
    data = questionnaire_data(project, t0, G.POLITIKERE)
    expected = [f"{q.number}. {q.text}" for s in questionnaire_sections(data) for q in s.questions]
    assert questions == expected
    assert all(p.runs[0].bold for p in paragraphs if re.match(r"^\d+\. ", p.text))
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings == [s.title for s in questionnaire_sections(data)]
    assert "Byggesaker" in headings and "Om deg og vervet ditt" in headings
    bullets = [p.text for p in paragraphs if p.style.name == "List Bullet"]
    assert "Vet ikke / ikke aktuelt" in bullets and "Medlem av formannskapet" in bullets
    assert any("Eksempelprosjekt" in p.text for p in paragraphs)


def test_exports_replace_an_existing_file_whole(plain: tuple[Project, int], tmp_path: Path) -> None:
    project, sid = plain
    out = tmp_path / "skjema.txt"
    out.write_text("gammelt innhold")
    export_questionnaire(project, sid, G.ANSATTE, out)
    assert "gammelt" not in out.read_text(encoding="utf-8-sig")
    assert not list(tmp_path.glob(".skjema.txt.*.tmp"))  # no temporary file left behind


# ----------------------------------------------------------------------- results


@pytest.fixture(scope="module")
def report(example: tuple[Project, int, int], tmp_path_factory: pytest.TempPathFactory) -> Path:
    project, t0, _ = example
    out = tmp_path_factory.mktemp("report") / "t0.pdf"
    make_survey_report(project, t0, out, today=TODAY)
    return out


def test_results_pdf_has_the_survey_and_the_areas(report: Path) -> None:
    data = report.read_bytes()
    assert data.startswith(b"%PDF") and page_count(data) >= 5
    text = pdf_text(report)
    for words in (
        "Om undersøkelsen",
        "Svar og svarprosent",
        "Hovedresultater per område",
        "Byggesaker",
        "Service og informasjon",
        "Viktighet og tilfredshet",
        "Eksempelprosjekt – fiktive data",
        "Topp-2",
        "Indeks",
    ):
        assert words in text
    # Means with a decimal comma: næringsliv's byg.sat.1 answers 3,2,2,3,3,4,2,3 → 2,8.
    assert "2,8" in text
    assert "Endring siden førmålingen" not in text  # a T0 has nothing to compare with


def test_results_pdf_never_shows_a_group_under_five(report: Path) -> None:
    text = pdf_text(report)
    assert "For få svar (n < 5)" in text
    assert "n = 3" not in text and "1,0" not in text
    layout = pdf_text(report, layout=True)
    rate_rows = [line for line in layout.splitlines() if line.strip().startswith("Politikere")]
    assert rate_rows, "the groups table lists politikere"
    for line in rate_rows:
        figures = re.sub(r"\(n < 5\)", "", line)
        # The invited count (25) may show; their 3 answers and any share may not.
        assert not re.search(r"\b3\b|%", figures), line


def test_results_pdf_leaves_comments_out(
    example: tuple[Project, int, int], report: Path, tmp_path: Path
) -> None:
    text = pdf_text(report)
    assert RAW_COMMENT not in text and "Ola Nordmann" not in text
    assert THEME not in text
    assert "kan avsløre hvem som har svart" in text


def test_include_comments_lists_themes_with_counts_never_the_text(
    example: tuple[Project, int, int], tmp_path: Path
) -> None:
    project, t0, _ = example
    out = make_survey_report(project, t0, tmp_path / "med.pdf", include_comments=True)
    text = pdf_text(out)
    assert "Temaer i de åpne svarene" in text
    assert f"Byggesaker {THEME} 2" in text
    assert "Ola Nordmann" not in text and "Lang ventetid" not in text


def test_follow_up_has_the_change_section(
    example: tuple[Project, int, int], tmp_path: Path
) -> None:
    project, _, t1 = example
    out = make_survey_report(project, t1, tmp_path / "t1.pdf", today=TODAY)
    text = pdf_text(out)
    assert "Endring siden førmålingen" in text
    assert "«Næringslivsundersøkelsen 2026» (T0)" in text
    assert "Sammenlignes med Næringslivsundersøkelsen 2026" in text


def test_results_of_a_survey_without_answers(plain: tuple[Project, int], tmp_path: Path) -> None:
    project, sid = plain
    out = make_survey_report(project, sid, tmp_path / "tom.pdf")
    text = pdf_text(out)
    assert "Undersøkelsen har ingen svar ennå." in text
    assert "Ikke oppgitt" in text  # invited unknown


# ----------------------------------------------------------------------- command line


def test_cli_document_undersokelse(
    example: tuple[Project, int, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project, _, _ = example
    out = tmp_path / "ut.pdf"
    rc = cli.main(
        [
            "document",
            "undersokelse",
            str(project.path),
            "--survey",
            "oppfølging 2028",
            "-o",
            str(out),
        ]
    )
    assert rc == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert f"Laget {out}" in capsys.readouterr().out


def test_cli_unknown_survey_exits_1_in_norwegian(
    example: tuple[Project, int, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project, _, _ = example
    out = tmp_path / "ut.pdf"
    args = ["document", "undersokelse", str(project.path), "-o", str(out)]
    assert cli.main([*args, "--survey", "Finnes ikke"]) == 1
    err = capsys.readouterr().err
    assert "Fant ingen undersøkelse som heter «Finnes ikke»" in err
    assert "«Næringslivsundersøkelsen 2026»" in err
    assert cli.main(args) == 1
    assert "--survey" in capsys.readouterr().err
    assert not out.exists()
