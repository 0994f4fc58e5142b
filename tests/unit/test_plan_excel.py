"""The Excel round trip of the handlingsplan: export, edit as a project leader does,
read the proposals and problems, apply a subset."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from nvk_desktop.documents.handlingsplan_xlsx import (
    COLUMNS,
    DATE_FORMAT,
    PERCENT_FORMAT,
    PlanExcelError,
)
from nvk_desktop.domain.measures import Measure, MeasureStatus, PlanField
from nvk_desktop.domain.models import Person
from nvk_desktop.errors import ValidationError
from nvk_desktop.services import measures as ms
from nvk_desktop.services import people
from nvk_desktop.services.plan_excel import (
    apply_plan_changes,
    export_plan,
    parse_progress,
    read_plan_changes,
)
from nvk_desktop.services.project import Project, create_project, undo_or_redo
from tests.unit.helpers import dump

TODAY = date(2026, 3, 2)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    p = create_project(tmp_path / "p.nvk", "5540", "Næringsvennlig Kåfjord")
    kari = people.add_person(p, Person("Kari Nordmann"))
    people.add_person(p, Person("Ola Hansen"))
    for i in range(1, 7):
        ms.create_measure(
            p,
            Measure(
                f"Tiltak {i}",
                areas=("byggesaker",),
                responsible_id=kari,
                unit="Byggesak",
                start_on=date(2026, 1, i),
                deadline_on=date(2026, 6, i),
                status=MeasureStatus.PAGAR,
                progress=10 * i,
                hours=10.0 * i,
                cost_nok=1000.0 * i,
                funding="Budsjett",
            ),
        )
    yield p
    p.close()


def _read_rows(path: Path) -> tuple[list[str], list[list[Any]]]:
    wb = openpyxl.load_workbook(path)
    ws = wb["Handlingsplan"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    return [str(h) for h in rows[0]], rows[1:]


def _write(path: Path, header: list[str], rows: list[list[Any]], order: list[str]) -> None:
    """A new workbook with the columns in ``order`` (as a project leader who moved them),
    percent format on Fremdrift and the date format on the date columns."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Handlingsplan"
    idx = [header.index(h) for h in order]
    ws.append(order)
    for row in rows:
        ws.append([row[i] if row else None for i in idx] if row else [])
    for col, h in enumerate(order, start=1):
        for r in range(2, ws.max_row + 1):
            cell = ws.cell(row=r, column=col)
            if h == "Fremdrift" and isinstance(cell.value, (int, float)):
                cell.number_format = PERCENT_FORMAT
            if h in ("Start", "Frist") and isinstance(cell.value, (date, datetime)):
                cell.number_format = DATE_FORMAT
    wb.save(path)


def test_export_is_formatted(project: Project, tmp_path: Path) -> None:
    result = export_plan(project, tmp_path / "plan", today=TODAY)
    assert result.path == tmp_path / "plan.xlsx" and result.measures == 6
    wb = openpyxl.load_workbook(result.path)
    assert wb.sheetnames == ["Handlingsplan", "Forklaring"]
    ws = wb["Handlingsplan"]
    assert [c.value for c in ws[1]] == [c.header for c in COLUMNS]
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == "A1:P7"
    row = {c.header: ws.cell(row=2, column=i + 1) for i, c in enumerate(COLUMNS)}
    assert row["ID"].value == "T-001"
    assert row["Start"].value == datetime(2026, 1, 1)  # a real date
    assert row["Start"].number_format == DATE_FORMAT
    assert row["Fremdrift"].value == pytest.approx(0.1)
    assert row["Fremdrift"].number_format == PERCENT_FORMAT
    assert row["Status"].value == "Pågår"
    assert row["Ansvarlig"].value == "Kari Nordmann"
    assert row["Områder"].value == "Byggesaker"
    [dv] = [d for d in ws.data_validations.dataValidation if d.type == "list"]
    assert "Pågår" in (dv.formula1 or "") and "G2" in str(dv.sqref)
    legend = " ".join(str(c.value) for r in wb["Forklaring"].iter_rows() for c in r if c.value)
    assert "gul overskrift" in legend and "Næringsvennlig Kåfjord" in legend
    assert "Eksempelprosjekt" not in legend
    assert wb.properties.subject == "NVK Desktop handlingsplan"
    # An unchanged file proposes nothing and reports nothing
    same = read_plan_changes(project, result.path)
    assert same.proposals == () and same.problems == () and same.rows_read == 6


def test_round_trip_with_a_project_leaders_edits(project: Project, tmp_path: Path) -> None:
    out = export_plan(project, tmp_path / "plan.xlsx", today=TODAY).path
    header, rows = _read_rows(out)
    col = {h: i for i, h in enumerate(header)}
    rows[0][col["Status"]] = "Fullført"  # T-001: status and progress (percent format)
    rows[0][col["Fremdrift"]] = 1.0
    rows[1][col["Fremdrift"]] = "50 %"  # T-002: progress typed as text
    rows[1][col["Frist"]] = "15.07.2026"  # and a date typed as text
    rows[2][col["Frist"]] = "neste uke"  # T-003: text in a date cell
    rows[2][col["Ansvarlig"]] = "Ola Hansen"  # …but its responsible person is fine
    rows[3][col["Fremdrift"]] = 1.5  # T-004: 150 % (percent format)
    rows[3][col["Ansvarlig"]] = "Per Ukjent"  # an unknown person
    rows[3][col["Timer"]] = "12,5"  # hours with a decimal comma
    del rows[4]  # T-005 deleted from the file
    rows.append(list(rows[0]))  # T-001 duplicated → neither row is read
    rows[-1][col["Status"]] = "Avbrutt"
    unknown: list[Any] = [None] * len(header)
    unknown[col["ID"]] = "T-099"
    unknown[col["Tiltak"]] = "Nytt i Excel"
    rows.insert(3, [])  # an empty row
    rows.append([])
    rows.append(unknown)
    no_id: list[Any] = [None] * len(header)
    no_id[col["Tiltak"]] = "Uten ID"
    rows.append(no_id)
    rows[0][col["Kostnad (kr)"]] = None  # (T-001 is duplicated: not read at all)
    order = list(reversed(header))  # every column moved
    edited = tmp_path / "edited.xlsx"
    _write(edited, header, rows, order)

    found = read_plan_changes(project, edited)
    letter = {h: openpyxl.utils.get_column_letter(order.index(h) + 1) for h in header}
    props = {(p.code, p.field): (p.old_text, p.new_text, p.row) for p in found.proposals}
    assert props == {
        ("T-002", PlanField.PROGRESS): ("20 %", "50 %", 3),
        ("T-002", PlanField.DEADLINE): ("02.06.2026", "15.07.2026", 3),
        ("T-003", PlanField.RESPONSIBLE): ("Kari Nordmann", "Ola Hansen", 4),
        ("T-004", PlanField.HOURS): ("40", "12,5", 6),
    }
    problems = [(p.row, p.column, p.code, p.message) for p in found.problems]
    assert (
        4,
        f"{letter['Frist']} (Frist)",
        "T-003",
        ("«neste uke» er ikke en dato. Skriv datoen som dd.mm.åååå."),
    ) in problems
    assert (
        6,
        f"{letter['Fremdrift']} (Fremdrift)",
        "T-004",
        ("Fremdriften 150 % er utenfor 0–100 %."),
    ) in problems
    assert any(
        r == 6 and code == "T-004" and "Ukjent person «Per Ukjent»" in m
        for r, _c, code, m in problems
    )
    assert any(r == 2 and "T-001 står på flere rader (2, 8)" in m for r, _c, _k, m in problems)
    assert any(r == 10 and "T-099 finnes ikke i prosjektet" in m for r, _c, _k, m in problems)
    assert any(r == 11 and "ingen ID" in m for r, _c, _k, m in problems)
    assert any(
        r == 0 and m.startswith("T-005 «Tiltak 5» finnes i prosjektet, men ikke i filen")
        for r, _c, _k, m in problems
    )
    assert len(problems) == 7
    assert found.rows_read == 8  # the two empty rows are skipped

    # Apply a subset: T-002's progress and T-003's responsible person only.
    chosen = [
        p
        for p in found.proposals
        if (p.code, p.field) in {("T-002", PlanField.PROGRESS), ("T-003", PlanField.RESPONSIBLE)}
    ]
    before_measures = {m.code: m for m in ms.list_measures(project)}
    before = dump(project.path)
    assert apply_plan_changes(project, chosen) == 2
    after = {m.code: m for m in ms.list_measures(project)}
    assert after["T-002"].progress == 50
    assert after["T-002"].deadline_on == date(2026, 6, 2)  # not accepted: unchanged
    assert after["T-004"].hours == 40
    ola = next(p.id for p in people.list_people(project) if p.name == "Ola Hansen")
    assert after["T-003"].responsible_id == ola
    for code in ("T-001", "T-004", "T-005", "T-006"):
        assert after[code] == before_measures[code]
    # One undo step
    change = project.take_last_change()
    assert change is not None and "Excel" in change.label
    undo_or_redo(project, change)
    assert dump(project.path) == before
    # Backup made first
    from nvk_desktop.store.backup import list_backups

    assert any(b.reason == "import" for b in list_backups(project.path))


def test_apply_refuses_stale_proposals_and_broken_results(project: Project, tmp_path: Path) -> None:
    out = export_plan(project, tmp_path / "plan.xlsx", today=TODAY).path
    header, rows = _read_rows(out)
    col = {h: i for i, h in enumerate(header)}
    rows[0][col["Fremdrift"]] = 0.9
    rows[1][col["Start"]] = datetime(2026, 12, 1)  # after the deadline
    edited = tmp_path / "e.xlsx"
    _write(edited, header, rows, header)
    found = read_plan_changes(project, edited)
    assert len(found.proposals) == 2
    before = dump(project.path)
    with pytest.raises(ValidationError, match="T-002: Fristen er før startdatoen"):
        apply_plan_changes(project, found.proposals)
    assert dump(project.path) == before
    t1 = next(m for m in ms.list_measures(project) if m.code == "T-001")
    ms.set_progress(project, t1.id or 0, 30)  # changed in the program meanwhile
    with pytest.raises(ValidationError, match="endret etter at filen ble lest: T-001 fremdrift"):
        apply_plan_changes(project, [p for p in found.proposals if p.code == "T-001"])
    assert apply_plan_changes(project, []) == 0


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        (0.5, "0 %", 50),
        (0.5, "0%", 50),
        (50, "General", 50),
        ("50 %", "General", 50),
        ("50%", "@", 50),
        ("12,6", "General", 13),
        (1, "0 %", 100),
        (0, "0 %", 0),
    ],
)
def test_progress_forms(value: Any, fmt: str, expected: int) -> None:
    assert parse_progress(value, fmt) == expected


def test_not_our_export(project: Project, tmp_path: Path) -> None:
    other = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Navn", "Alder"])
    wb.save(other)
    with pytest.raises(PlanExcelError, match="ser ikke ut som en handlingsplan"):
        read_plan_changes(project, other)
    text = tmp_path / "plan.xlsx"
    text.write_text("ikke en excel-fil", encoding="utf-8")
    with pytest.raises(PlanExcelError, match="kan ikke leses som en Excel-fil"):
        read_plan_changes(project, text)
    with pytest.raises(PlanExcelError, match="Fant ikke filen"):
        read_plan_changes(project, tmp_path / "borte.xlsx")


def test_missing_column_is_reported(project: Project, tmp_path: Path) -> None:
    out = export_plan(project, tmp_path / "plan.xlsx", today=TODAY).path
    header, rows = _read_rows(out)
    edited = tmp_path / "e.xlsx"
    _write(edited, header, rows, [h for h in header if h != "Frist"])
    found = read_plan_changes(project, edited)
    assert found.proposals == ()
    assert [p.message for p in found.problems] == [
        "Kolonnen «Frist» mangler, så frist er ikke lest."
    ]


def test_example_mark_and_locked_file(project: Project, tmp_path: Path) -> None:
    import io
    from dataclasses import replace

    from nvk_desktop.documents.handlingsplan_xlsx import plan_workbook_bytes
    from nvk_desktop.services.project import project_info

    info = replace(project_info(project), is_example=True)
    data = plan_workbook_bytes(ms.handlingsplan(project, today=TODAY), {}, info, TODAY)
    ws = openpyxl.load_workbook(io.BytesIO(data))["Handlingsplan"]
    assert ws["A1"].value == "Eksempelprosjekt – fiktive data"
    assert ws["A3"].value == "ID" and ws.freeze_panes == "C4"
    with pytest.raises(PlanExcelError, match="finnes ikke"):
        export_plan(project, tmp_path / "nope" / "plan.xlsx")


def test_export_plan_command(project: Project, tmp_path: Path) -> None:
    path = project.path
    project.close()
    out = tmp_path / "PLAN.xlsx"
    run = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "export-plan", str(path), "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"Laget {out} (6 tiltak)."
    assert out.is_file()
    bad = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "export-plan",
            str(path),
            "-o",
            str(tmp_path / "x" / "p.xlsx"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert bad.returncode == 1 and bad.stderr.startswith("feil: Mappen")
