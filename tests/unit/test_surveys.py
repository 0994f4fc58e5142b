"""Survey services: settings, questionnaire, keyboard entry, imports, themes, demo.

Every change is one undo step; undo and redo restore exact states (dump).
"""

from __future__ import annotations

import csv
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from nvk_desktop.domain.notes import Finding, Note, NoteKind
from nvk_desktop.domain.survey import ItemKind, Option, RespondentGroup, Scale
from nvk_desktop.domain.survey_project import SurveyRound
from nvk_desktop.errors import ValidationError
from nvk_desktop.importers.survey_import import MatchKind
from nvk_desktop.services import notes
from nvk_desktop.services import surveys as sv
from nvk_desktop.services.demo import create_demo
from nvk_desktop.services.project import Project, create_project, list_backups, undo_or_redo
from tests.unit.helpers import dump

G = RespondentGroup
ITEMS = ["bak.storrelse", "byg.sat.1", "byg.sat.2", "byg.imp", "byg.open.bedre", "ser.sat.1"]


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    p = create_project(tmp_path / "p.nvk", "4645", "Næringsvennlig Askvoll")
    yield p
    p.close()


def _small(project: Project, name: str = "Undersøkelse 2026") -> int:
    sid = sv.create_survey(project, name, groups={G.NAERINGSLIV: 20, G.ANSATTE: 10}, item_ids=ITEMS)
    project.take_last_change()
    return sid


def _undo_redo(project: Project, before: list[str]) -> None:
    """The last change undoes to ``before`` and redoes to what it was."""
    after = dump(project.path)
    change = project.take_last_change()
    assert change is not None
    redo = undo_or_redo(project, change)
    assert dump(project.path) == before
    undo_or_redo(project, redo)
    assert dump(project.path) == after


def _csv(path: Path, rows: list[list[str]], headers: list[str] | None = None) -> Path:
    headers = headers or [
        "Hvor mange ansatte har bedriften?",
        "Hvordan vurderer du byggesaksbehandlingen i kommunen alt i alt?",
        "Hvor viktig er en god byggesaksbehandling for din bedrift?",
        "Hva kan bli bedre når det gjelder byggesaker?",
    ]
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(headers)
        w.writerows(rows)
    return path


# -- surveys ------------------------------------------------------------------------------
def test_create_survey_defaults_to_the_three_groups_and_every_bank_item(project: Project) -> None:
    before = dump(project.path)
    sid = sv.create_survey(project, "  Spørreundersøkelse   2026 ")
    _undo_redo(project, before)
    s = sv.get_survey(project, sid)
    assert s.name == "Spørreundersøkelse 2026" and s.round is SurveyRound.T0
    assert s.group_values == (G.NAERINGSLIV, G.ANSATTE, G.POLITIKERE)
    assert (s.scale.min, s.scale.max) == (1, 5) and s.scale.label(5) == "Svært godt"
    assert len(s.items) > 60 and s.items[0].key == "bak.rolle"
    assert [it.position for it in s.items] == list(range(len(s.items)))
    assert sv.list_surveys(project)[0].responses == 0


def test_survey_validation_writes_nothing(project: Project) -> None:
    sid = _small(project)
    before = dump(project.path)
    for kwargs, message in (
        ({"name": " "}, "må ha et navn"),
        ({"name": "undersøkelse 2026"}, "finnes allerede"),
        ({"name": "X", "groups": []}, "minst én respondentgruppe"),
        ({"name": "X", "groups": ["kunder"]}, "Ukjent respondentgruppe"),
        ({"name": "X", "item_ids": ["finnes.ikke"]}, "finnes ikke i spørsmålsbanken"),
        ({"name": "X", "groups": {G.ANSATTE: -3}}, "helt tall"),
        (
            {"name": "X", "opens_on": date(2026, 5, 1), "closes_on": date(2026, 4, 1)},
            "Svarfristen",
        ),
    ):
        with pytest.raises(ValidationError, match=message):
            sv.create_survey(project, **kwargs)
    with pytest.raises(ValidationError, match="finnes ikke lenger"):
        sv.update_survey(project, 999, name="Y")
    with pytest.raises(ValidationError, match="Velg en av"):
        sv.default_scale(2, 9)
    assert sv.get_survey(project, sid).name == "Undersøkelse 2026"
    assert dump(project.path) == before
    assert project.take_last_change() is None


def test_update_survey_and_scale_refused_once_answered(project: Project) -> None:
    sid = _small(project)
    before = dump(project.path)
    sv.update_survey(
        project,
        sid,
        name="Ny runde",
        opens_on=date(2026, 3, 1),
        groups={G.NAERINGSLIV: 200, G.POLITIKERE: 25},
        scale=sv.default_scale(1, 7),
    )
    _undo_redo(project, before)
    s = sv.get_survey(project, sid)
    assert s.name == "Ny runde" and s.opens_on == date(2026, 3, 1)
    assert [(g.group, g.invited) for g in s.groups] == [
        (G.NAERINGSLIV, 200),
        (G.POLITIKERE, 25),
    ]
    assert (s.scale.min, s.scale.max) == (1, 7)
    sv.add_response(project, sid, G.NAERINGSLIV, {"byg.sat.1": 7})
    with pytest.raises(ValidationError, match="Skalaen kan ikke endres .* 1 svar"):
        sv.update_survey(project, sid, scale=sv.default_scale())
    with pytest.raises(ValidationError, match="Næringsliv kan ikke fjernes"):
        sv.update_survey(project, sid, groups={G.POLITIKERE: 25})
    # Leaving the scale as it is, is no change of scale.
    sv.update_survey(project, sid, scale=sv.get_survey(project, sid).scale, note="ok")


def test_followup_copies_items_groups_scale_and_links_to_its_baseline(project: Project) -> None:
    sid = _small(project)
    sv.set_item_text(project, sid, "byg.sat.1", G.NAERINGSLIV, "Egen ordlyd om byggesak?")
    before = dump(project.path)
    t1 = sv.create_followup(project, sid, "Oppfølging 2027")
    _undo_redo(project, before)
    base, follow = sv.get_survey(project, sid), sv.get_survey(project, t1)
    assert follow.round is SurveyRound.T1 and follow.baseline_id == sid
    assert follow.baseline_name == "Undersøkelse 2026"
    assert [(i.key, dict(i.texts)) for i in follow.items] == [
        (i.key, dict(i.texts)) for i in base.items
    ]
    assert follow.groups == base.groups and follow.scale == base.scale
    with pytest.raises(ValidationError, match="selv en oppfølging"):
        sv.create_followup(project, t1, "Oppfølging av oppfølging")
    with pytest.raises(ValidationError, match="samme som i"):
        sv.update_survey(project, sid, scale=sv.default_scale(0, 10))
    summaries = sv.list_surveys(project)
    assert [(x.name, x.round, x.baseline_name) for x in summaries] == [
        ("Undersøkelse 2026", SurveyRound.T0, None),
        ("Oppfølging 2027", SurveyRound.T1, "Undersøkelse 2026"),
    ]
    # Deleting the baseline keeps the follow-up, unlinked; undo links it again.
    before = dump(project.path)
    sv.delete_survey(project, sid)
    assert sv.get_survey(project, t1).baseline_id is None
    _undo_redo(project, before)


# -- the questionnaire ----------------------------------------------------------------------
def test_questionnaire_editing_each_one_step(project: Project) -> None:
    sid = _small(project)
    before = dump(project.path)
    sv.add_bank_items(project, sid, ["dia.sat.1", "byg.sat.1"])  # byg.sat.1 is there already
    _undo_redo(project, before)
    keys = [i.key for i in sv.get_survey(project, sid).items]
    assert keys == [*ITEMS, "dia.sat.1"]

    before = dump(project.path)
    key = sv.add_own_item(
        project,
        sid,
        ItemKind.SATISFACTION,
        {G.NAERINGSLIV: "Hvordan vurderer du brøytingen av industriveien?"},
        area="infrastruktur_planverk",
    )
    _undo_redo(project, before)
    assert key == "egen.1"
    own = sv.get_survey(project, sid).item("egen.1")
    assert own.own and own.asked_of(G.NAERINGSLIV) and not own.asked_of(G.ANSATTE)

    before = dump(project.path)
    sv.set_item_text(project, sid, "egen.1", G.ANSATTE, "Hvordan vurderer dere brøytingen?")
    _undo_redo(project, before)

    before = dump(project.path)
    sv.move_item(project, sid, "egen.1", -100)
    _undo_redo(project, before)
    assert sv.get_survey(project, sid).items[0].key == "egen.1"

    before = dump(project.path)
    sv.remove_item(project, sid, "dia.sat.1")
    _undo_redo(project, before)

    for call, message in (
        (
            lambda: sv.add_own_item(project, sid, ItemKind.SATISFACTION, {G.NAERINGSLIV: " "}),
            "Skriv",
        ),
        (
            lambda: sv.add_own_item(project, sid, ItemKind.SATISFACTION, {G.NAERINGSLIV: "Hva?"}),
            "høre til et område",
        ),
        (
            lambda: sv.add_own_item(
                project,
                sid,
                ItemKind.BACKGROUND,
                {G.NAERINGSLIV: "Sted?"},
                options=[Option("a", "A")],
            ),
            "minst to svaralternativer",
        ),
        (lambda: sv.reorder_items(project, sid, ["byg.sat.1"]), "Rekkefølgen passer ikke"),
        (lambda: sv.set_item_text(project, sid, "egen.1", G.NAERINGSLIV, ""), None),
        (lambda: sv.remove_item(project, sid, "finnes.ikke"), "finnes ikke i undersøkelsen"),
    ):
        if message is None:
            call()  # removing one of two wordings is fine
            continue
        with pytest.raises(ValidationError, match=message):
            call()


def test_removing_an_item_with_answers_asks_first_and_force_removes_the_answers(
    project: Project,
) -> None:
    sid = _small(project)
    rid = sv.add_response(project, sid, G.NAERINGSLIV, {"byg.sat.1": 4, "byg.sat.2": 2})
    sv.add_response(project, sid, G.ANSATTE, {"byg.sat.2": 5})
    project.take_last_change()
    assert sv.item_answer_count(project, sid, "byg.sat.1") == 1
    with pytest.raises(sv.HasAnswersError) as err:
        sv.remove_item(project, sid, "byg.sat.1")
    assert err.value.answers == 1
    with pytest.raises(ValidationError, match="har svart"):
        sv.set_item_text(project, sid, "byg.sat.2", G.ANSATTE, "")
    before = dump(project.path)
    sv.remove_item(project, sid, "byg.sat.1", force=True)
    assert sv.get_response(project, rid).answers == {"byg.sat.2": 2}
    _undo_redo(project, before)
    assert sv.get_response(project, rid).answers == {"byg.sat.2": 2}


# -- keyboard entry -------------------------------------------------------------------------
def test_keyboard_entry_validates_each_answer(project: Project) -> None:
    sid = _small(project)
    before = dump(project.path)
    rid = sv.add_response(
        project,
        sid,
        G.NAERINGSLIV,
        {
            "byg.open.bedre": "  Raskere svar, takk.  ",
            "byg.sat.1": 2,
            "byg.sat.2": None,
            "bak.storrelse": "4–10 ansatte",  # a label works as well as the code
        },
    )
    _undo_redo(project, before)
    r = sv.get_response(project, rid)
    assert r.group is G.NAERINGSLIV and r.import_id is None and r.entered_at is not None
    assert r.answers == {
        "bak.storrelse": "4_10",
        "byg.sat.1": 2,
        "byg.sat.2": None,
        "byg.open.bedre": "Raskere svar, takk.",
    }
    before = dump(project.path)
    for answers, message in (
        ({"byg.sat.1": 6}, "tall fra 1 til 5"),
        ({"byg.sat.1": 0}, "tall fra 1 til 5"),
        ({"byg.sat.1": True}, "tall fra 1 til 5"),
        ({"byg.sat.1": "4"}, "tall fra 1 til 5"),
        ({"bak.storrelse": "mange"}, "ikke et svaralternativ"),
        ({"finnes.ikke": 3}, "finnes ikke i undersøkelsen"),
        ({"byg.open.bedre": "   "}, "tomt"),
        ({}, "tomt"),
    ):
        with pytest.raises(ValidationError, match=message):
            sv.add_response(project, sid, G.NAERINGSLIV, answers)
    with pytest.raises(ValidationError, match="stilles ikke til ansatte"):
        sv.add_response(project, sid, G.ANSATTE, {"bak.storrelse": "1_3"})
    with pytest.raises(ValidationError, match="ikke med i"):
        sv.add_response(project, sid, G.POLITIKERE, {"byg.sat.1": 3})
    assert dump(project.path) == before

    before = dump(project.path)
    sv.update_response(project, rid, {"byg.sat.1": 5, "byg.open.bedre": "Raskere svar, takk."})
    _undo_redo(project, before)
    assert sv.get_response(project, rid).answers == {
        "byg.sat.1": 5,
        "byg.open.bedre": "Raskere svar, takk.",
    }
    assert sv.response_counts(project, sid) == {G.NAERINGSLIV: 1, G.ANSATTE: 0}
    before = dump(project.path)
    sv.delete_response(project, rid)
    assert sv.response_counts(project, sid)[G.NAERINGSLIV] == 0
    _undo_redo(project, before)


def test_dont_know_code_is_stored_as_dont_know(project: Project) -> None:
    scale = Scale(1, 5, {1: "Svært dårlig", 5: "Svært godt"}, dont_know_code=9)
    sid = sv.create_survey(project, "Med kode 9", item_ids=ITEMS, scale=scale)
    rid = sv.add_response(project, sid, G.NAERINGSLIV, {"byg.sat.1": 9, "byg.sat.2": 3})
    assert sv.get_response(project, rid).answers == {"byg.sat.1": None, "byg.sat.2": 3}
    assert sv.get_survey(project, sid).scale == scale


# -- imports ----------------------------------------------------------------------------------
def test_import_is_one_step_undone_whole_and_redone(project: Project, tmp_path: Path) -> None:
    sid = _small(project)
    data = _csv(
        tmp_path / "svar.csv",
        [
            ["1–3 ansatte", "Svært dårlig", "Svært viktig", "Raskere svar"],
            ["over 10 ansatte", "4", "Vet ikke", ""],
            ["", "3 - Verken godt eller dårlig", "4", "Bedre informasjon"],
        ],
    )
    before = dump(project.path)
    seen: list[tuple[int, int]] = []
    summary = sv.import_answers(
        project, sid, G.NAERINGSLIV, data, progress=lambda d, t: seen.append((d, t))
    )
    assert summary.respondents == 3 and seen[0] == (0, 3) and seen[-1] == (3, 3)
    assert summary.backup is not None and summary.backup.is_file()
    assert [b.reason for b in list_backups(project.path)].count("import") == 1
    assert any("byg.sat.1" in line for line in summary.lines)
    responses = sv.list_responses(project, sid)
    assert [r.answers for r in responses] == [
        {"bak.storrelse": "1_3", "byg.sat.1": 1, "byg.imp": 5, "byg.open.bedre": "Raskere svar"},
        {"bak.storrelse": "over_10", "byg.sat.1": 4, "byg.imp": None},
        {"byg.sat.1": 3, "byg.imp": 4, "byg.open.bedre": "Bedre informasjon"},
    ]
    assert [r.source_row for r in responses] == [2, 3, 4]
    assert all(r.import_id == summary.import_id for r in responses)
    [record] = sv.list_imports(project, sid)
    assert (record.file_name, record.respondents, record.group) == ("svar.csv", 3, G.NAERINGSLIV)
    change = project.take_last_change()
    assert change is not None and change.label == "Importer 3 svar fra «svar.csv»"
    after = dump(project.path)
    redo = undo_or_redo(project, change)
    assert dump(project.path) == before
    assert sv.list_responses(project, sid) == [] and sv.list_imports(project, sid) == []
    undo_or_redo(project, redo)
    assert dump(project.path) == after

    # The same answers again are caught, also saved under another name.
    copy = tmp_path / "kopi.csv"
    copy.write_bytes(data.read_bytes())
    with pytest.raises(
        sv.DuplicateImportError, match=r"ble importert \d\d\.\d\d\.\d{4} kl\. \d\d\.\d\d \(3 svar\)"
    ):
        sv.import_answers(project, sid, G.NAERINGSLIV, copy)
    assert sv.preview_import(project, sid, G.NAERINGSLIV, copy).duplicate_of == record
    assert dump(project.path) == after

    # Deleting the import removes its responses, and is one step.
    sv.delete_import(project, summary.import_id)
    assert sv.list_responses(project, sid) == []
    _undo_redo(project, after)


def test_a_broken_file_writes_nothing_and_says_where(project: Project, tmp_path: Path) -> None:
    sid = _small(project)
    data = _csv(
        tmp_path / "feil.csv",
        [
            ["1–3 ansatte", "Svært dårlig", "Svært viktig", ""],
            ["over 10 ansatte", "7", "4", ""],
            ["1–3 ansatte", "ganske middels", "4", ""],
        ],
    )
    before = dump(project.path)
    backups = list_backups(project.path)
    preview = sv.preview_import(project, sid, G.NAERINGSLIV, data)
    assert not preview.ok and preview.respondents == 0
    assert [(p.row, p.column is not None) for p in preview.errors] == [(3, True), (4, True)]
    with pytest.raises(
        sv.ImportRefused, match="kan ikke importeres, så ingenting er lagret: Rad 3"
    ) as err:
        sv.import_answers(project, sid, G.NAERINGSLIV, data)
    assert "(og 1 feil til)" in err.value.message
    assert [p.row for p in err.value.problems] == [3, 4]
    assert dump(project.path) == before
    assert list_backups(project.path) == backups  # refused before the backup
    assert project.take_last_change() is None
    with pytest.raises(ValidationError, match="ikke med i"):
        sv.import_answers(project, sid, G.POLITIKERE, data)


def test_the_mapping_is_remembered_for_the_next_file(project: Project, tmp_path: Path) -> None:
    sid = _small(project)
    headers = ["Størrelse", "Byggesak totalt", "Viktighet byggesak", "Forslag"]
    first = _csv(tmp_path / "a.csv", [["1–3 ansatte", "2", "5", "Mer veiledning"]], headers)
    preview = sv.preview_import(project, sid, G.NAERINGSLIV, first)
    assert preview.errors and not preview.remembered  # nothing matches these headers
    mapping = preview.mapping
    for i, key in enumerate(["bak.storrelse", "byg.sat.1", "byg.imp", "byg.open.bedre"]):
        mapping = mapping.assign(i, key)
    sv.import_answers(project, sid, G.NAERINGSLIV, first, mapping)
    second = _csv(tmp_path / "b.csv", [["over 10 ansatte", "4", "3", ""]], headers)
    preview = sv.preview_import(project, sid, G.NAERINGSLIV, second)
    assert preview.remembered and preview.ok
    assert {c.kind for c in preview.mapping.columns} == {MatchKind.REMEMBERED}
    summary = sv.import_answers(project, sid, G.NAERINGSLIV, second)
    assert summary.respondents == 1
    assert sv.list_responses(project, sid)[-1].answers == {
        "bak.storrelse": "over_10",
        "byg.sat.1": 4,
        "byg.imp": 3,
    }


def _big_csv(path: Path, project: Project, sid: int, rows: int) -> tuple[Path, int]:
    items = sv.get_survey(project, sid).items_for(G.NAERINGSLIV)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow([it.texts[G.NAERINGSLIV] for it in items])
        for r in range(rows):
            row = []
            for n, it in enumerate(items):
                if it.kind.is_scale:
                    row.append("Vet ikke" if (r + n) % 11 == 0 else str(1 + (r * 7 + n) % 5))
                elif it.options:
                    row.append(it.options[(r + n) % len(it.options)].label)
                else:
                    row.append("Bedre skilting" if (r + n) % 29 == 0 else "")
            w.writerow(row)
    return path, len(items)


@pytest.mark.slow
def test_a_10000_row_import_takes_seconds(project: Project, tmp_path: Path) -> None:
    sid = sv.create_survey(project, "Stor", groups=[G.NAERINGSLIV])
    data, columns = _big_csv(tmp_path / "stor.csv", project, sid, 10_000)
    assert columns >= 60
    started = time.perf_counter()
    summary = sv.import_answers(project, sid, G.NAERINGSLIV, data)
    seconds = time.perf_counter() - started
    assert summary.respondents == 10_000
    assert sv.response_counts(project, sid)[G.NAERINGSLIV] == 10_000
    assert seconds < 20, f"10 000 rader tok {seconds:.1f} s"
    change = project.take_last_change()
    assert change is not None
    started = time.perf_counter()
    undo_or_redo(project, change)
    assert sv.response_counts(project, sid)[G.NAERINGSLIV] == 0
    assert time.perf_counter() - started < 20


# -- themes -----------------------------------------------------------------------------------
def test_comment_themes_code_and_link_to_a_candidate_finding(project: Project) -> None:
    sid = _small(project)
    sv.add_response(project, sid, G.NAERINGSLIV, {"byg.open.bedre": "Altfor lang saksbehandling"})
    sv.add_response(project, sid, G.NAERINGSLIV, {"byg.sat.1": 2})
    [comment] = sv.list_comments(project, sid)
    assert (comment.text, comment.area, comment.item_key) == (
        "Altfor lang saksbehandling",
        "byggesaker",
        "byg.open.bedre",
    )
    before = dump(project.path)
    theme = sv.create_theme(project, sid, " Lang  saksbehandlingstid ", area="byggesaker")
    _undo_redo(project, before)
    with pytest.raises(ValidationError, match="finnes allerede"):
        sv.create_theme(project, sid, "lang saksbehandlingstid", area="byggesaker")
    with pytest.raises(ValidationError, match="Ukjent område"):
        sv.create_theme(project, sid, "X", area="månen")
    before = dump(project.path)
    sv.code_comment(project, comment.answer_id, theme)
    _undo_redo(project, before)
    sv.code_comment(project, comment.answer_id, theme)  # twice is once
    assert sv.list_comments(project, sid)[0].theme_ids == (theme,)
    assert sv.list_themes(project, sid)[0].comments == 1

    note_id = notes.add_note(
        project,
        Note(
            NoteKind.DYBDEINTERVJU,
            None,
            "Daglig leder",
            findings=(Finding("Byggesak tar for lang tid", True), Finding("Hyggelig servicetorg")),
        ),
    )
    findings = notes.get_note(project, note_id).findings
    candidate, plain = findings[0].id, findings[1].id
    assert candidate is not None and plain is not None
    with pytest.raises(ValidationError, match="ikke merket som kandidat"):
        sv.link_theme(project, theme, plain)
    before = dump(project.path)
    sv.link_theme(project, theme, candidate)
    _undo_redo(project, before)
    assert sv.list_themes(project, sid)[0].candidate_finding_id == candidate

    sv.uncode_comment(project, comment.answer_id, theme)
    assert sv.list_comments(project, sid)[0].theme_ids == ()
    sv.rename_theme(project, theme, "Treg byggesak")
    sv.delete_theme(project, theme)
    assert sv.list_themes(project, sid) == []


# -- the example project ----------------------------------------------------------------------
def test_demo_fill_adds_a_baseline_and_follow_up(tmp_path: Path) -> None:
    today = date(2026, 11, 29)
    p = create_demo(tmp_path / "demo.nvk", today=today)
    try:
        summaries = sv.list_surveys(p)
        # Named by the years they went out: T0 in the forstudie, T1 about 15 months later.
        assert [(x.name, x.round, x.baseline_name) for x in summaries] == [
            ("Spørreundersøkelse 2025", SurveyRound.T0, None),
            ("Oppfølging 2026", SurveyRound.T1, "Spørreundersøkelse 2025"),
        ]
        assert 140 <= summaries[0].responses <= 160
        assert summaries[1].responses < summaries[0].responses
        t0 = sv.get_survey(p, summaries[0].id)
        assert [(g.group, g.invited) for g in t0.groups] == [
            (G.NAERINGSLIV, 210),
            (G.ANSATTE, 70),
            (G.POLITIKERE, 25),
        ]
        t1 = sv.get_survey(p, summaries[1].id)
        assert (t0.opens_on, t0.closes_on) == (date(2025, 6, 30), date(2025, 7, 18))
        assert (t1.opens_on, t1.closes_on) == (date(2026, 10, 5), date(2026, 10, 23))
        assert t1.closes_on is not None and t1.closes_on < today
        assert sv.list_comments(p, t0.id) and sv.list_themes(p, t0.id)[0].comments > 0
    finally:
        p.close()
    # Deterministic: the same answers every time.
    create_demo(tmp_path / "demo2.nvk", today=today).close()
    strip = [
        line
        for line in dump(tmp_path / "demo.nvk")
        if line.startswith(("response:", "open_answer:"))
    ]
    again = [
        line
        for line in dump(tmp_path / "demo2.nvk")
        if line.startswith(("response:", "open_answer:"))
    ]
    assert strip == again and strip
