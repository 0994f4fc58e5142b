"""Survey import against exports built here in every dialect, and against broken ones.

Files are written into tmp_path the way the tools write them: Microsoft Forms (XLSX
with English headers, CSV with Norwegian headers), Nettskjema (semicolon, UTF-8 with
BOM), Questback-like Windows-1252 with a title line, tab-separated and Excel's UTF-16
"Unicode text"; and broken: mixed encodings, ragged rows, duplicated or missing
columns, text in number cells, formulas without values, a zip bomb, a fake .xlsx.
"""

from __future__ import annotations

import csv
import io
import random
import time
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from nvk_desktop.domain.survey import Item, ItemKind, RespondentGroup, Scale
from nvk_desktop.errors import KnownError, ValidationError
from nvk_desktop.importers import tabular
from nvk_desktop.importers.itembank import load_item_bank
from nvk_desktop.importers.survey_import import (
    ColumnMapping,
    Layout,
    MappingFileError,
    MatchKind,
    describe,
    detect_layout,
    normalise_question,
    parse_answers,
    propose_mapping,
)
from nvk_desktop.importers.tabular import (
    FileTooLargeError,
    Table,
    UnreadableFileError,
    column_letter,
    read_table,
)

BANK = load_item_bank()
SCALE = BANK.scale
NL = RespondentGroup.NAERINGSLIV
ITEMS: list[Item] = BANK.items_for(NL)

Q_ROLE = "Hva er din rolle i bedriften?"
Q_SIZE = "Hvor mange ansatte har bedriften?"
Q_BYG = "Hvordan vurderer du byggesaksbehandlingen i kommunen alt i alt?"
Q_TIME = "Byggesak: Hvordan vurderer du saksbehandlingstiden?"
Q_IMP = "Hvor viktig er en god byggesaksbehandling for din bedrift?"
Q_OPEN = "Hva kan bli bedre når det gjelder byggesaker?"
QUESTIONS = [Q_ROLE, Q_SIZE, Q_BYG, Q_TIME, Q_IMP, Q_OPEN]
ANSWERS = [
    ["Daglig leder", "1–3 ansatte", "Svært godt", "4", "Svært viktig", "Raskere svar, takk"],
    ["Eier", "Over 10 ansatte", "2", "Vet ikke", "3", ""],
    ["Annet", "4–10 ansatte", "Godt", "1", "", "Mer veiledning før søknaden; «åpent» møte"],
]
EXPECTED = [
    {
        "bak.rolle": "daglig_leder",
        "bak.storrelse": "1_3",
        "byg.sat.1": 5,
        "byg.dim.saksbehandlingstid": 4,
        "byg.imp": 5,
        "byg.open.bedre": "Raskere svar, takk",
    },
    {
        "bak.rolle": "eier",
        "bak.storrelse": "over_10",
        "byg.sat.1": 2,
        "byg.dim.saksbehandlingstid": None,
        "byg.imp": 3,
    },
    {
        "bak.rolle": "annet",
        "bak.storrelse": "4_10",
        "byg.sat.1": 4,
        "byg.dim.saksbehandlingstid": 1,
        "byg.open.bedre": "Mer veiledning før søknaden; «åpent» møte",
    },
]


def write_csv(
    path: Path,
    rows: list[list[object]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    lineterminator: str = "\r\n",
) -> Path:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=lineterminator).writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[object]], title: str = "Sheet1") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def import_file(path: Path, group: RespondentGroup = NL, scale: Scale = SCALE) -> tuple:
    table = read_table(path)
    items = BANK.items_for(group)
    mapping = propose_mapping(table, items, group, scale)
    return table, mapping, parse_answers(table, mapping, items, scale)


def errors_of(result: object) -> list[str]:
    return [str(p) for p in result.errors]  # type: ignore[attr-defined]


# --- dialects ---------------------------------------------------------------------------


def test_forms_xlsx_with_english_headers(tmp_path: Path) -> None:
    meta = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"]
    rows: list[list[object]] = [meta + [f"{n}. {q}" for n, q in enumerate(QUESTIONS, 1)]]
    for i, answers in enumerate(ANSWERS, 1):
        t = datetime(2024, 3, i, 9, 30)
        rows.append([i, t, t, "anonymous", "", None, *[a or None for a in answers]])
    table, mapping, result = import_file(write_xlsx(tmp_path / "forms.xlsx", rows))

    assert table.source.format == "xlsx" and table.source.sheet == "Sheet1"
    assert mapping.layout is Layout.FORMS
    kinds = [c.kind for c in mapping.columns]
    assert kinds[:6] == [MatchKind.META] * 3 + [MatchKind.PERSONAL] * 2 + [MatchKind.META]
    assert [c.item_id for c in mapping.columns[6:]] == [
        "bak.rolle",
        "bak.storrelse",
        "byg.sat.1",
        "byg.dim.saksbehandlingstid",
        "byg.imp",
        "byg.open.bedre",
    ]
    assert all(c.kind is MatchKind.EXACT for c in mapping.columns[6:])
    assert result.ok, errors_of(result)
    assert result.respondents == EXPECTED
    assert result.row_numbers == [2, 3, 4]
    # Items of the questionnaire that the file lacks are warnings, not errors.
    assert any("inf.sat.1" in str(w) and "finnes ikke i filen" in str(w) for w in result.warnings)


def test_forms_csv_with_norwegian_headers(tmp_path: Path) -> None:
    meta = ["ID", "Starttidspunkt", "Fullføringstidspunkt", "E-post", "Navn"]
    rows: list[list[object]] = [meta + QUESTIONS]
    for i, answers in enumerate(ANSWERS, 1):
        rows.append([i, "3.1.2024 09:30:00", "3.1.2024 09:35:10", "anonym", "", *answers])
    path = write_csv(tmp_path / "forms.csv", rows, encoding="utf-8-sig")
    table, mapping, result = import_file(path)
    assert table.source.encoding == "utf-8-sig" and table.source.delimiter == ","
    assert mapping.layout is Layout.FORMS
    assert [c.kind for c in mapping.columns[:5]] == [MatchKind.META] * 3 + [MatchKind.PERSONAL] * 2
    assert result.ok, errors_of(result)
    assert result.respondents == EXPECTED


def test_nettskjema_semicolon_utf8_bom(tmp_path: Path) -> None:
    rows: list[list[object]] = [["$submission_id", "$created", *QUESTIONS, "$answer_time_ms"]]
    for i, answers in enumerate(ANSWERS, 1):
        rows.append([27685290 + i, "2024-03-01T20:57:15", *answers, 74630])
    path = write_csv(tmp_path / "data-123823.csv", rows, delimiter=";", encoding="utf-8-sig")
    table, mapping, result = import_file(path)
    assert (table.source.encoding, table.source.delimiter) == ("utf-8-sig", ";")
    assert table.headers[0] == "$submission_id"  # the BOM is not part of the header
    assert mapping.layout is Layout.NETTSKJEMA
    assert mapping.columns[0].kind is MatchKind.META
    assert mapping.columns[-1].kind is MatchKind.META
    assert result.ok, errors_of(result)
    assert result.respondents == EXPECTED


def test_windows_1252_semicolon_with_title_line_and_numbered_labels(tmp_path: Path) -> None:
    """Questback-like: a title line above the headers, "5 - Svært godt" answers."""
    rows: list[list[object]] = [
        ["Spørreundersøkelse for næringslivet 2024"],
        [],
        ["Respondent ID", "Q1: " + Q_BYG, "3a) " + Q_TIME.upper(), "Spm. 4 " + Q_OPEN],
        ["101", "5 - Svært godt", "1 – Svært dårlig", "Bedre skilting på tomta"],
        ["102", "Verken godt eller dårlig", "Ikke aktuelt", "Ærlig talt: økt åpenhet"],
        ["103", "Svært fornøyd", "5,0", ""],
    ]
    path = write_csv(tmp_path / "questback.csv", rows, delimiter=";", encoding="cp1252")
    table, mapping, result = import_file(path)
    assert table.source.encoding == "windows-1252"
    assert table.source.header_row == 3
    assert table.headers[0] == "Respondent ID"
    assert mapping.layout is Layout.GENERIC
    assert mapping.columns[0].kind is MatchKind.META
    assert [c.item_id for c in mapping.columns[1:]] == [
        "byg.sat.1",
        "byg.dim.saksbehandlingstid",
        "byg.open.bedre",
    ]
    assert result.ok, errors_of(result)
    assert result.respondents == [
        {
            "byg.sat.1": 5,
            "byg.dim.saksbehandlingstid": 1,
            "byg.open.bedre": "Bedre skilting på tomta",
        },
        {
            "byg.sat.1": 3,
            "byg.dim.saksbehandlingstid": None,
            "byg.open.bedre": "Ærlig talt: økt åpenhet",
        },
        {"byg.sat.1": 5, "byg.dim.saksbehandlingstid": 5},
    ]
    assert result.row_numbers == [4, 5, 6]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_tab_separated_and_excel_unicode_text(tmp_path: Path, encoding: str) -> None:
    rows: list[list[object]] = [QUESTIONS, *ANSWERS]
    path = write_csv(tmp_path / "svar.txt", rows, delimiter="\t", encoding=encoding)
    table, _mapping, result = import_file(path)
    assert table.source.delimiter == "\t"
    assert table.source.encoding == encoding
    assert result.ok, errors_of(result)
    assert result.respondents == EXPECTED


def test_employee_file_matches_employee_wording(tmp_path: Path) -> None:
    ans = RespondentGroup.ANSATTE
    item = BANK.item("ser.sat.4")
    rows: list[list[object]] = [
        [BANK.item("bak.enhet").texts[ans], item.texts[ans]],
        ["Plan og byggesak", "4"],
        ["Ledelse og stab", "5"],
    ]
    _table, mapping, result = import_file(write_csv(tmp_path / "ansatte.csv", rows), ans)
    assert [c.item_id for c in mapping.columns] == ["bak.enhet", "ser.sat.4"]
    assert result.respondents == [
        {"bak.enhet": "plan_bygg", "ser.sat.4": 4},
        {"bak.enhet": "ledelse", "ser.sat.4": 5},
    ]


def test_same_answers_as_csv_and_xlsx_have_the_same_hash(tmp_path: Path) -> None:
    rows: list[list[object]] = [["ID", *QUESTIONS]] + [[i, *a] for i, a in enumerate(ANSWERS)]
    xlsx = read_table(write_xlsx(tmp_path / "a.xlsx", rows))
    csv_utf8 = read_table(write_csv(tmp_path / "a.csv", rows))
    csv_1252 = read_table(write_csv(tmp_path / "b.csv", rows, delimiter=";", encoding="cp1252"))
    assert xlsx.content_hash == csv_utf8.content_hash == csv_1252.content_hash
    changed = [r[:] for r in rows]
    changed[2][3] = "Dårlig"
    assert read_table(write_csv(tmp_path / "c.csv", changed)).content_hash != xlsx.content_hash
    _t, mapping, result = import_file(tmp_path / "a.csv")
    assert result.content_hash == csv_utf8.content_hash


# --- matching -----------------------------------------------------------------------------


def test_question_text_normalisation() -> None:
    base = normalise_question(Q_BYG)
    for variant in [
        "1. " + Q_BYG,
        "Q3: " + Q_BYG,
        "3a) " + Q_BYG,
        "Spørsmål 12: " + Q_BYG,
        "  " + Q_BYG.upper().replace(" ", "\u00a0 ") + " ",
        Q_BYG.rstrip("?"),
        "<b>" + Q_BYG + "</b>",
    ]:
        assert normalise_question(variant) == base, variant
    assert normalise_question("Hvor mange ansatte har bedriften?") == (
        "hvor mange ansatte har bedriften"
    )


def test_fuzzy_match_reports_its_confidence_and_unknown_columns_stay_unmapped(
    tmp_path: Path,
) -> None:
    typo = "Hvordan vurdere du byggesakbehandlingen i kommunen alt i alt"
    rows: list[list[object]] = [
        [typo, "Favorittfarge?", "Hva er din rolle i bedriften"],
        ["4", "Blå", "Eier"],
    ]
    table = read_table(write_csv(tmp_path / "f.csv", rows))
    mapping = propose_mapping(table, ITEMS, NL, SCALE)
    fuzzy, unknown, exact = mapping.columns
    assert (fuzzy.item_id, fuzzy.kind) == ("byg.sat.1", MatchKind.FUZZY)
    assert 0.82 <= fuzzy.confidence < 1
    assert fuzzy.reason.startswith("lik tekst, ") and fuzzy.reason.endswith(" %")
    assert (unknown.item_id, unknown.kind) == (None, MatchKind.NONE)
    assert (exact.item_id, exact.kind) == ("bak.rolle", MatchKind.EXACT)
    lines = describe(mapping)
    assert lines[0] == "Format: Annet verktøy (Questback o.l.)"
    assert lines[1].startswith(f"Kolonne A «{typo}» → byg.sat.1 (lik tekst, ")
    assert lines[2] == "Kolonne B «Favorittfarge?» – ikke koblet (ingen treff)"
    assert lines[3] == "Kolonne C «Hva er din rolle i bedriften» → bak.rolle (eksakt)"
    result = parse_answers(table, mapping, ITEMS, SCALE)
    assert result.ok
    assert any(p.column == "B «Favorittfarge?»" and p.warning for p in result.problems)
    assert result.respondents == [{"byg.sat.1": 4, "bak.rolle": "eier"}]


def test_describe_in_the_cli_format(tmp_path: Path) -> None:
    rows: list[list[object]] = [["ID", "Navn", "2. " + Q_BYG], ["1", "Kari", "5"]]
    table = read_table(write_csv(tmp_path / "d.csv", rows))
    lines = describe(propose_mapping(table, ITEMS, NL, SCALE))
    assert lines[1:] == [
        "Kolonne A «ID» – importeres ikke (metadata fra spørreverktøyet)",
        "Kolonne B «Navn» – importeres ikke (personopplysning, importeres ikke)",
        f"Kolonne C «2. {Q_BYG}» → byg.sat.1 (eksakt)",
    ]


def test_statement_inside_a_longer_header_is_matched(tmp_path: Path) -> None:
    """Matrix questions export as "<question> - <statement>" or "<statement>.<question>"."""
    header = "Vurder tjenestene. " + Q_TIME
    table = read_table(write_csv(tmp_path / "m.csv", [[header], ["3"]]))
    col = propose_mapping(table, ITEMS, NL, SCALE).columns[0]
    assert (col.item_id, col.kind, col.confidence) == (
        "byg.dim.saksbehandlingstid",
        MatchKind.CONTAINS,
        0.9,
    )


def test_detect_layout_in_other_languages() -> None:
    swedish = ["ID", "Starttid", "Tid för slutförande", "E-post", "Namn", "Fråga 1"]
    layout, aside = detect_layout(swedish)
    assert layout is Layout.FORMS and sorted(aside) == [0, 1, 2, 3, 4]
    german = ["ID", "Startzeit", "Fertigstellungszeit", "E-Mail", "Name", "Frage"]
    assert detect_layout(german)[0] is Layout.FORMS
    assert detect_layout(["Svar-ID", "Innsendt", "Spørsmål"])[0] is Layout.NETTSKJEMA
    # A language we have no names for: the contents tell.
    finnish = ["ID", "Aloitusaika", "Valmistumisaika", "Sähköposti", "Nimi", Q_BYG]
    rows = [["1", "1.3.2024 9.30.00", "1.3.2024 9.35.10", "anonymous", "", "4"]]
    assert detect_layout(finnish, rows) == (
        Layout.FORMS,
        {0: MatchKind.META, 1: MatchKind.META, 2: MatchKind.META, 3: MatchKind.PERSONAL,
         4: MatchKind.PERSONAL},
    )  # fmt: skip
    assert detect_layout(finnish)[0] is Layout.GENERIC
    # A question nobody answered right after the name column is still a question.
    english = ["ID", "Start time", "Completion time", "Email", "Name", "Kommentar", Q_BYG]
    rows = [["1", "3/1/24 9:30:00", "3/1/24 9:35:10", "anonymous", "", "", "4"]]
    assert sorted(detect_layout(english, rows)[1]) == [0, 1, 2, 3, 4]
    assert detect_layout(["Spørsmål 1", "Spørsmål 2"]) == (Layout.GENERIC, {})


def test_mapping_json_round_trip_and_remembered_corrections(tmp_path: Path) -> None:
    rows: list[list[object]] = [["ID", "Noe helt annet", Q_BYG, "Kommentar"], ["1", "x", "4", "y"]]
    table = read_table(write_csv(tmp_path / "r.csv", rows))
    first = propose_mapping(table, ITEMS, NL, SCALE)
    assert first.columns[1].item_id is None and first.columns[3].item_id is None
    corrected = first.assign(1, "byg.sat.2").assign(3, None)
    assert corrected.columns[1].kind is MatchKind.MANUAL
    assert corrected.columns[3].kind is MatchKind.IGNORED

    restored = ColumnMapping.from_json(corrected.to_json())
    assert restored == corrected
    assert restored.signature == first.signature and restored.group is NL

    # The next export of the same survey: more rows, same headers, other numbering.
    rows2: list[list[object]] = [
        ["ID", "Noe helt annet", "1. " + Q_BYG, "Kommentar"],
        ["1", "3", "4", "y"],
        ["2", "5", "2", "z"],
    ]
    table2 = read_table(write_csv(tmp_path / "r2.csv", rows2))
    again = propose_mapping(table2, ITEMS, NL, SCALE, remembered=restored)
    assert [c.item_id for c in again.columns] == [None, "byg.sat.2", "byg.sat.1", None]
    assert again.columns[1].kind is MatchKind.REMEMBERED
    assert again.columns[3].kind is MatchKind.IGNORED
    result = parse_answers(table2, again, ITEMS, SCALE)
    assert result.ok, errors_of(result)
    assert [r.get("byg.sat.2") for r in result.respondents] == [3, 5]
    assert all("Kommentar" not in str(p) for p in result.problems)  # ignored on purpose


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "ikke gyldig JSON"),
        ('{"format": "other"}', "ikke en kolonnekobling"),
        ('{"format": "nvk-column-mapping", "version": 2, "columns": []}', "ukjent versjon"),
        (
            '{"format": "nvk-column-mapping", "version": 1, "columns": [{"item": 5}]}',
            "«item» må være tekst",
        ),
    ],
)
def test_bad_mapping_file(text: str, message: str) -> None:
    with pytest.raises(MappingFileError, match=message):
        ColumnMapping.from_json(text)


def test_mapping_for_another_file_is_refused(tmp_path: Path) -> None:
    t1 = read_table(write_csv(tmp_path / "1.csv", [[Q_BYG], ["4"]]))
    t2 = read_table(write_csv(tmp_path / "2.csv", [[Q_BYG, Q_OPEN], ["4", "x"]]))
    result = parse_answers(t2, propose_mapping(t1, ITEMS, NL, SCALE), ITEMS, SCALE)
    assert not result.ok and result.respondents == []
    assert "passer ikke til denne filen" in errors_of(result)[0]


# --- answers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("5", 5),
        ("5,0", 5),
        ("5.0", 5),
        (" 4 ", 4),
        ("Svært fornøyd", 5),
        ("svært godt", 5),
        ("5 - Svært godt", 5),
        ("5 = Svært godt", 5),
        ("Svært godt (5)", 5),
        ("Misfornøyd", 2),
        ("Verken godt eller dårlig", 3),
        ("Vet ikke", None),
        ("Ikke aktuelt", None),
        ("Vet ikke / ikke aktuelt", None),
        ("Don't know", None),
    ],
)
def test_answer_labels_to_scale_values(tmp_path: Path, cell: str, value: int | None) -> None:
    table = read_table(write_csv(tmp_path / "v.csv", [[Q_BYG, "ID"], [cell, "1"]]))
    result = parse_answers(table, propose_mapping(table, ITEMS, NL, SCALE), ITEMS, SCALE)
    assert result.ok, errors_of(result)
    assert result.respondents == [{"byg.sat.1": value}]


def test_own_scale_labels_and_dont_know_code(tmp_path: Path) -> None:
    scale = Scale(0, 10, labels={0: "Svært misfornøyd", 10: "Svært fornøyd"}, dont_know_code=99)
    rows = [[Q_BYG], ["0"], ["10"], ["Svært fornøyd"], ["99"], ["7"]]
    table = read_table(write_csv(tmp_path / "s.csv", rows))
    result = parse_answers(table, propose_mapping(table, ITEMS, NL, scale), ITEMS, scale)
    assert result.ok, errors_of(result)
    assert [r["byg.sat.1"] for r in result.respondents] == [0, 10, 10, None, 7]
    # On a 0–10 scale the five-point words mean nothing: "Godt" is not a number.
    table2 = read_table(write_csv(tmp_path / "s2.csv", [[Q_BYG], ["Godt"]]))
    bad = parse_answers(table2, propose_mapping(table2, ITEMS, NL, scale), ITEMS, scale)
    assert not bad.ok and "er ikke et svar på skalaen 0–10" in errors_of(bad)[0]


def test_text_in_number_cells_is_reported_by_row_and_column(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["ID", Q_BYG, Q_TIME],
        ["1", "4", "2"],
        ["2", "ganske ok", "4,5"],
        ["3", "6", "3"],
        ["4", "", "1"],
    ]
    table = read_table(write_csv(tmp_path / "t.csv", rows))
    result = parse_answers(table, propose_mapping(table, ITEMS, NL, SCALE), ITEMS, SCALE)
    assert not result.ok
    assert result.respondents == []  # all or nothing
    assert errors_of(result) == [
        f"Rad 3, kolonne B «{Q_BYG}»: «ganske ok» er ikke et svar på skalaen 1–5 "
        "(forventet et tall 1–5, en av svartekstene eller «Vet ikke / ikke aktuelt»).",
        f"Rad 3, kolonne C «{Q_TIME}»: «4,5» er ikke et helt tall på skalaen 1–5.",
        f"Rad 4, kolonne B «{Q_BYG}»: 6 ligger utenfor skalaen 1–5.",
    ]


def test_empty_answer_is_missing_and_empty_rows_are_skipped(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["ID", Q_BYG, Q_OPEN],
        ["1", "", "Bra"],
        ["2", "", ""],
        ["3", "3", ""],
    ]
    table = read_table(write_csv(tmp_path / "e.csv", rows))
    result = parse_answers(table, propose_mapping(table, ITEMS, NL, SCALE), ITEMS, SCALE)
    assert result.ok
    assert result.respondents == [{"byg.open.bedre": "Bra"}, {"byg.sat.1": 3}]
    assert result.row_numbers == [2, 4]
    assert any(p.row == 3 and "ingen svar" in p.message for p in result.warnings)


def test_background_answers_to_option_codes(tmp_path: Path) -> None:
    q_bransje = BANK.item("bak.bransje").texts[NL]
    rows: list[list[object]] = [
        [Q_SIZE, q_bransje, Q_ROLE],
        ["1-3", "Reiseliv", "daglig_leder"],
        ["over 10", "Bygg og anlegg", "2 - Daglig leder"],
        ["4–10 ansatte", "Sjømat", "EIER"],
    ]
    table = read_table(write_csv(tmp_path / "b.csv", rows))
    result = parse_answers(table, propose_mapping(table, ITEMS, NL, SCALE), ITEMS, SCALE)
    assert result.ok, errors_of(result)
    assert result.respondents == [
        {"bak.storrelse": "1_3", "bak.bransje": "reiseliv", "bak.rolle": "daglig_leder"},
        {"bak.storrelse": "over_10", "bak.bransje": "bygg_anlegg", "bak.rolle": "daglig_leder"},
        {"bak.storrelse": "4_10", "bak.bransje": "annet", "bak.rolle": "eier"},
    ]
    (warning,) = [w for w in result.warnings if w.row == 4]
    assert "«Sjømat» er ikke et av svaralternativene; lagret som «Annet»" in warning.message
    # Without an «Annet» option an unknown answer is an error.
    table2 = read_table(write_csv(tmp_path / "b2.csv", [[Q_SIZE], ["Femti"]]))
    bad = parse_answers(table2, propose_mapping(table2, ITEMS, NL, SCALE), ITEMS, SCALE)
    assert not bad.ok and "«Femti» er ikke et av svaralternativene" in errors_of(bad)[0]


def test_repeated_texts_are_read_once_but_reported_in_every_row(tmp_path: Path) -> None:
    # The readers cache what they made of each text; a repeated answer must still give
    # its warning, and a repeated unreadable cell its error, in every row it is in.
    q_bransje = BANK.item("bak.bransje").texts[NL]
    rows: list[list[object]] = [[Q_SIZE, q_bransje, Q_BYG, Q_IMP]]
    for _ in range(3):
        rows += [["4–10 ansatte", "Sjømat", "4", "4"], ["1-3", "Reiseliv", "Godt", "Viktig"]]
    table = read_table(write_csv(tmp_path / "r.csv", rows))
    mapping = propose_mapping(table, ITEMS, NL, SCALE)
    result = parse_answers(table, mapping, ITEMS, SCALE)
    assert result.ok, errors_of(result)
    assert (
        result.respondents
        == [
            {"bak.storrelse": "4_10", "bak.bransje": "annet", "byg.sat.1": 4, "byg.imp": 4},
            {"bak.storrelse": "1_3", "bak.bransje": "reiseliv", "byg.sat.1": 4, "byg.imp": 4},
        ]
        * 3
    )
    assert [w.row for w in result.warnings if "Sjømat" in w.message] == [2, 4, 6]
    rows[3][2] = rows[5][2] = "ganske ok"  # file rows 4 and 6
    bad = read_table(write_csv(tmp_path / "bad.csv", rows))
    refused = parse_answers(bad, propose_mapping(bad, ITEMS, NL, SCALE), ITEMS, SCALE)
    assert [e.row for e in refused.errors] == [4, 6]
    assert refused.error_count == 2


def test_duplicated_columns_must_be_resolved(tmp_path: Path) -> None:
    rows: list[list[object]] = [["ID", Q_BYG, Q_OPEN, Q_BYG], ["1", "4", "x", "4"]]
    table = read_table(write_csv(tmp_path / "dup.csv", rows))
    mapping = propose_mapping(table, ITEMS, NL, SCALE)
    result = parse_answers(table, mapping, ITEMS, SCALE)
    assert not result.ok
    assert errors_of(result) == [
        f"Kolonnene B «{Q_BYG}» og D «{Q_BYG}» er koblet til samme spørsmål (byg.sat.1). "
        "Velg hvilken som skal importeres, og ignorer de andre."
    ]
    fixed = parse_answers(table, mapping.assign(3, None), ITEMS, SCALE)
    assert fixed.ok and fixed.respondents == [{"byg.sat.1": 4, "byg.open.bedre": "x"}]


def test_missing_question_columns(tmp_path: Path) -> None:
    table = read_table(
        write_csv(tmp_path / "none.csv", [["ID", "Tidsstempel", "Hei"], ["1", "2", "3"]])
    )
    result = parse_answers(table, propose_mapping(table, ITEMS, NL, SCALE), ITEMS, SCALE)
    assert not result.ok
    assert "Ingen kolonner er koblet til spørsmål i spørreskjemaet." in errors_of(result)
    # A mapping that names an item the questionnaire lacks.
    table2 = read_table(write_csv(tmp_path / "one.csv", [[Q_BYG], ["4"]]))
    mapping = propose_mapping(table2, ITEMS, NL, SCALE).assign(0, "finnes.ikke")
    bad = parse_answers(table2, mapping, ITEMS, SCALE)
    assert "koblet til finnes.ikke, som ikke finnes i spørreskjemaet" in errors_of(bad)[0]


# --- broken files ---------------------------------------------------------------------


def test_ragged_rows_are_reported(tmp_path: Path) -> None:
    """An unquoted line break in a comment splits a row in two."""
    text = (
        f"ID;{Q_BYG};{Q_OPEN};{Q_TIME}\r\n"
        "1;4;Greit;3\r\n"
        "2;5;Første linje\r\nandre linje;2\r\n"
        "3;2;x;1;overflødig\r\n"
        "4;1;y;1;\r\n"
    )
    path = tmp_path / "ragged.csv"
    path.write_bytes(text.encode("utf-8"))
    table, _mapping, result = import_file(path)
    assert not result.ok and result.respondents == []
    messages = errors_of(result)
    assert messages[0].startswith("Rad 3: Raden har 3 celler, men overskriftsraden har 4.")
    assert messages[1].startswith("Rad 4: Raden har 2 celler")
    assert messages[2].startswith(
        "Rad 5, kolonne E: Raden har en verdi i en kolonne uten overskrift"
    )
    assert len(messages) == 3  # a trailing empty cell (row 6) is harmless


def test_mixed_encoding_is_refused_with_the_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(f"ID;{Q_BYG}\n1;Svært godt\n".encode() + "2;Svært dårlig\n".encode("cp1252"))
    with pytest.raises(UnreadableFileError) as info:
        read_table(path)
    assert "blandet tegnkoding" in info.value.message and "linje 3" in info.value.message
    assert isinstance(info.value, ValidationError) and info.value.advice


def test_formulas_without_cached_values_are_unreadable(tmp_path: Path) -> None:
    rows: list[list[object]] = [["ID", Q_BYG, Q_TIME], [1, "=2+2", 3], [2, 4, "=B3"]]
    table, _mapping, result = import_file(write_xlsx(tmp_path / "formler.xlsx", rows))
    assert not result.ok
    assert errors_of(result) == [
        "Rad 2, kolonne B: Cellen inneholder en formel uten lagret verdi (=2+2). Åpne filen "
        "i Excel, lagre den, og prøv igjen.",
        "Rad 3, kolonne C: Cellen inneholder en formel uten lagret verdi (=B3). Åpne filen "
        "i Excel, lagre den, og prøv igjen.",
    ]


def test_excel_error_values_are_unreadable(tmp_path: Path) -> None:
    table, _mapping, result = import_file(
        write_xlsx(tmp_path / "err.xlsx", [["ID", Q_BYG], [1, "#DIV/0!"], [2, 3]])
    )
    assert errors_of(result) == [
        f"Rad 2, kolonne B «{Q_BYG}»: Cellen inneholder Excel-feilen #DIV/0!."
    ]


def test_xlsx_gaps_title_rows_and_cell_types(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "Eksport fra spørreverktøy"
    ws.append([])
    ws.append(["ID", "Dato", Q_BYG, "Andel"])
    ws.append([1, datetime(2024, 5, 2), 4.0, 0.1 + 0.2])
    ws.append([])
    ws.append([2, datetime(2024, 5, 3, 8, 15), "\u00a0Svært godt\u00a0", True])
    ws["H9"] = None  # formatted but empty cells far out must not widen the table
    wb.save(tmp_path / "gaps.xlsx")
    table = read_table(tmp_path / "gaps.xlsx")
    assert table.source.header_row == 3
    assert table.headers == ["ID", "Dato", Q_BYG, "Andel"]
    assert table.rows == [
        ["1", "2024-05-02", "4", "0.3"],
        ["2", "2024-05-03 08:15:00", "Svært godt", "TRUE"],
    ]
    assert table.row_numbers == [4, 6]
    assert table.column_label(2) == f"C «{Q_BYG}»"
    assert table.source.describe() == "Excel-arbeidsbok, ark «Sheet», overskrifter i rad 3"


def test_xlsx_starting_below_row_one_keeps_row_numbers(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["B3"], ws["C3"] = "ID", Q_BYG
    ws["B4"], ws["C4"] = 1, "Vet ikke"
    ws["B7"], ws["C7"] = 2, "tja"
    wb.save(tmp_path / "lavt.xlsx")
    table, _mapping, result = import_file(tmp_path / "lavt.xlsx")
    assert table.headers == ["", "ID", Q_BYG] and table.source.header_row == 3
    assert table.row_numbers == [4, 7]
    assert errors_of(result) == [
        f"Rad 7, kolonne C «{Q_BYG}»: «tja» er ikke et svar på skalaen 1–5 (forventet et tall "
        "1–5, en av svartekstene eller «Vet ikke / ikke aktuelt»)."
    ]


def test_headers_without_answers(tmp_path: Path) -> None:
    _t, _m, result = import_file(write_csv(tmp_path / "tom.csv", [["ID", Q_BYG]]))
    assert errors_of(result) == ["Filen har overskrifter, men ingen rader med svar."]


def test_zip_bomb_posing_as_xlsx_is_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "svar.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w") as fh:
            chunk = b"<row>" + b" " * (1024 * 1024)
            for _ in range(40):
                fh.write(chunk)
    assert path.stat().st_size < 1024 * 1024

    def must_not_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl must not see a zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", must_not_parse)
    with pytest.raises(FileTooLargeError) as info:
        read_table(path)
    assert "mistenkelig stor når den pakkes ut" in info.value.message
    assert "xl/worksheets/sheet1.xml" in info.value.message
    assert isinstance(info.value, KnownError) and info.value.advice


def test_xlsx_unpacking_to_too_much_in_total_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tabular, "MAX_UNZIPPED_BYTES", 1000)
    path = write_xlsx(tmp_path / "ok.xlsx", [["ID", Q_BYG], [1, 4]])
    with pytest.raises(FileTooLargeError, match="pakker seg ut til"):
        read_table(path)


def test_xlsx_that_is_really_a_csv_is_read_as_csv(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "svar.xlsx", [QUESTIONS, *ANSWERS], delimiter=";")
    table, _mapping, result = import_file(path)
    assert table.source.format == "csv"
    assert "men er en tekstfil (CSV)" in table.source.note
    assert result.ok and result.respondents == EXPECTED


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (bytes(range(256)) * 20, "verken en Excel-arbeidsbok eller en tekstfil"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "gamle Excel-formatet"),
        (b"PK\x03\x04garbage", "er skadet"),
        (b"", "er tom"),
    ],
)
def test_garbage_is_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "svar.xlsx"
    path.write_bytes(content)
    with pytest.raises(UnreadableFileError, match=message):
        read_table(path)


def test_other_zip_files_are_not_workbooks(tmp_path: Path) -> None:
    path = tmp_path / "regneark.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<x/>")
    with pytest.raises(UnreadableFileError, match="OpenDocument-regneark"):
        read_table(path)
    with pytest.raises(UnreadableFileError, match="Finner ikke filen"):
        read_table(tmp_path / "borte.csv")


def test_row_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "MAX_ROWS", 10)
    rows: list[list[object]] = [[Q_BYG]] + [["3"]] * 40
    with pytest.raises(FileTooLargeError, match="flere enn 10 rader"):
        read_table(write_csv(tmp_path / "lang.csv", rows))
    with pytest.raises(FileTooLargeError, match="flere enn 10 rader"):
        read_table(write_xlsx(tmp_path / "lang.xlsx", rows))


def test_column_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "MAX_COLUMNS", 5)
    with pytest.raises(FileTooLargeError, match="flere enn 5 kolonner"):
        read_table(
            write_csv(tmp_path / "bred.csv", [[f"q{i}" for i in range(8)], list("12345678")])
        )


def test_rows_are_cleaned_as_their_cells_one_by_one() -> None:
    # read_table cleans a CSV row as one text; it must equal clean_cell on every cell,
    # also where the edges of cells hold what NFC or the space table would act on.
    alphabet = [
        "a", "4", " ", "\t", "\r", "\n", "\r\n", "\u00a0", "\u202f", "\u200b", "\ufeff",
        "e\u0301", "\u0301", "\u0327", "å", "Á", "\u1100", "\u1161", "\u11a8", "\x1e",
        "\x1f", "–", ";", '"',
    ]  # fmt: skip
    rng = random.Random(5)
    for _ in range(3000):
        row = [
            "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 4)))
            for _ in range(rng.randint(0, 6))
        ]
        assert tabular.clean_row(row) == [tabular.clean_cell(c) for c in row], row
    assert tabular.clean_row(["ok", "ok"]) == ["ok", "ok"]


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702)] == [
        "A", "Z", "AA", "AZ", "BA", "ZZ", "AAA",
    ]  # fmt: skip


def _large_rows(n: int) -> list[list[object]]:
    items = [it for it in ITEMS if it.kind is ItemKind.SATISFACTION]
    header: list[object] = ["ID", "Start time", "Completion time", "Email", "Name"]
    header += [it.texts[NL] for it in items] + [Q_OPEN]
    labels = ["1", "2", "3", "4", "5", "Vet ikke", "Svært godt", ""]
    rows = [header]
    for i in range(n):
        rows.append(
            [i, "2024-03-01 10:00", "2024-03-01 10:05", "anonymous", ""]
            + [labels[(i + j) % len(labels)] for j in range(len(items))]
            + [f"Kommentar {i}"]
        )
    return rows


@pytest.mark.parametrize("kind", ["csv", pytest.param("xlsx", marks=pytest.mark.slow)])
def test_twenty_thousand_rows_in_reasonable_time(tmp_path: Path, kind: str) -> None:
    """Writing the XLSX alone takes seconds: the slow marker lets a quick run skip it."""
    rows = _large_rows(20_000)
    if kind == "xlsx":
        rows = [row[:12] for row in rows]  # writing the workbook is the slow part
    if kind == "csv":
        path = write_csv(tmp_path / "big.csv", rows, delimiter=";", encoding="utf-8-sig")
    else:
        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet("Sheet1")
        for row in rows:
            ws.append(row)
        wb.save(tmp_path / "big.xlsx")
        path = tmp_path / "big.xlsx"
    started = time.perf_counter()
    table, mapping, result = import_file(path)
    elapsed = time.perf_counter() - started
    assert result.ok, errors_of(result)[:3]
    assert len(result.respondents) == 20_000
    assert result.row_numbers[-1] == 20_001
    assert result.respondents[0]["byg.sat.1"] in {1, 2, 3, 4, 5, None}
    assert mapping.layout is Layout.FORMS
    assert isinstance(table, Table)
    assert elapsed < 60, f"{kind}: {elapsed:.1f} s"
