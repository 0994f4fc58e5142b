"""The service map as XLSX: contents read back with openpyxl, the atomic write, the
Norwegian errors, and the export-servicemap command run as a user would."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from nvk_desktop.documents import servicemap_xlsx
from nvk_desktop.domain.models import Person
from nvk_desktop.domain.servicemap import SCORE_COLOURS, Channel, ServiceKpi
from nvk_desktop.errors import KnownError
from nvk_desktop.services import people as people_service
from nvk_desktop.services import servicemap as sm
from nvk_desktop.services.demo import create_demo
from nvk_desktop.services.project import Project, create_project

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 3, 2)
KPI_COLUMNS = [
    "Saker per år",
    "Median saksbehandlingstid (dager)",
    "Lovfestet frist (dager)",
    "Andel innen frist",
    "Klager",
    "Gebyrer",
]


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    p = create_project(tmp_path / "p.nvk", "5540", "Næringsvennlig Gáivuotna")
    yield p
    p.close()


def _fill_byggesak(project: Project) -> int:
    sid = next(s.id for s in sm.list_services(project) if s.name == "Byggesøknad (12 ukers frist)")
    assert sid is not None
    pid = people_service.add_person(project, Person("Solveig Nilsen"))
    sm.update_service(
        project,
        dataclasses.replace(
            sm.get_service(project, sid),
            unit="Plan, bygg og oppmåling",
            contact_id=pid,
            channels=(Channel.SKRANKE, Channel.SKJEMA),
            yearly_cases=60,
            median_days=24,
            within_deadline_share=0.92,
            complaints=3,
            fees="Etter gebyrregulativ 2026",
        ),
    )
    dims = sm.list_dimensions(project)
    sm.set_assessment(project, sid, dims[0].id or 0, 2, "Utdatert veiledning")
    sm.set_assessment(project, sid, dims[3].id or 0, 2)
    sm.set_assessment(project, sid, dims[4].id or 0, 5)
    sm.add_kpi(project, ServiceKpi(sid, "Restanse ved årsskiftet", 11, "saker"))
    return sid


def _rows(path: Path, sheet: str = servicemap_xlsx.SHEET_MAP) -> list[list[object]]:
    wb = load_workbook(path)
    return [list(r) for r in wb[sheet].iter_rows(values_only=True)]


def test_one_row_per_service_a_column_per_dimension_then_the_kpis(
    project: Project, tmp_path: Path
) -> None:
    _fill_byggesak(project)
    out, count = sm.export_xlsx(project, tmp_path / "kart", today=TODAY)
    assert out == tmp_path / "kart.xlsx" and out.is_file()
    services = sm.list_services(project)
    assert count == len(services)

    wb = load_workbook(out)
    assert wb.sheetnames == ["Tjenestekart", "Forklaring"]
    ws = wb["Tjenestekart"]
    header = [c.value for c in ws[1]]
    dims = [d.name for d in sm.list_dimensions(project)]
    assert header == [
        "Område",
        "Tjeneste",
        "Ansvarlig enhet",
        "Kontaktperson",
        "Kanaler",
        *dims,
        *KPI_COLUMNS,
        "Restanse ved årsskiftet",
    ]
    assert all(c.font.bold for c in ws[1])
    assert all(c.alignment.wrap_text for c in ws[1])
    assert ws.freeze_panes == "C2"
    assert (
        ws.auto_filter.ref
        == f"A1:{ws.cell(row=1, column=len(header)).column_letter}{len(services) + 1}"
    )
    assert ws.column_dimensions["B"].width >= 30

    rows = _rows(out)[1:]
    assert [r[1] for r in rows] == [s.name for s in services]
    row = next(r for r in rows if r[1] == "Byggesøknad (12 ukers frist)")
    at = {h: row[i] for i, h in enumerate(header)}
    assert at["Område"] == "Byggesak"
    assert at["Ansvarlig enhet"] == "Plan, bygg og oppmåling"
    assert at["Kontaktperson"] == "Solveig Nilsen"
    assert at["Kanaler"] == "Skranke, Digitalt skjema"
    assert [at[d] for d in dims] == [2, None, None, 2, 5, None, None]
    assert at["Saker per år"] == 60
    assert at["Median saksbehandlingstid (dager)"] == 24
    assert at["Lovfestet frist (dager)"] == 84
    assert at["Andel innen frist"] == pytest.approx(0.92)
    assert at["Klager"] == 3
    assert at["Gebyrer"] == "Etter gebyrregulativ 2026"
    assert at["Restanse ved årsskiftet"] == 11

    r = [i for i, rr in enumerate(rows) if rr[1] == "Byggesøknad (12 ukers frist)"][0] + 2
    share = ws.cell(row=r, column=header.index("Andel innen frist") + 1)
    assert "%" in share.number_format
    weak = ws.cell(row=r, column=6)  # the first dimension: score 2, coloured, number kept
    assert weak.value == 2
    assert weak.fill.fgColor.rgb.endswith(SCORE_COLOURS[2].lstrip("#"))
    unknown = ws.cell(row=r, column=7)
    assert unknown.value is None and unknown.fill.fill_type is None

    legend = _rows(out, "Forklaring")
    flat = [v for rr in legend for v in rr if v is not None]
    assert "Næringsvennlig Gáivuotna" in flat
    assert "5540 Gáivuotna - Kåfjord - Kaivuono" in flat
    assert "02.03.2026" in flat
    assert "Svært svak" in flat and "Svært god" in flat
    assert not any("Eksempelprosjekt" in str(v) for v in flat)


def test_example_project_says_so_on_both_sheets(tmp_path: Path) -> None:
    project = create_demo(tmp_path / "demo.nvk", today=TODAY)
    try:
        out, _ = sm.export_xlsx(project, tmp_path / "demo.xlsx", today=TODAY)
    finally:
        project.close()
    wb = load_workbook(out)
    assert wb["Tjenestekart"]["A1"].value == "Eksempelprosjekt – fiktive data"
    assert wb["Tjenestekart"]["A3"].value == "Område"
    assert wb["Tjenestekart"].freeze_panes == "C4"
    assert wb["Forklaring"]["A1"].value == "Eksempelprosjekt – fiktive data"


def test_empty_map_still_gives_a_valid_workbook(project: Project, tmp_path: Path) -> None:
    for area in sm.list_areas(project):
        sm.delete_area(project, area.id or 0)
    out, count = sm.export_xlsx(project, tmp_path / "tom.xlsx", today=TODAY)
    assert count == 0
    assert _rows(out)[0][:2] == ["Område", "Tjeneste"]
    assert len(_rows(out)) == 1


# -- the atomic write ------------------------------------------------------------------------
def test_existing_file_is_replaced_whole_or_not_at_all(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "kart.xlsx"
    out.write_bytes(b"the old file")

    import nvk_desktop.documents.base as base

    real_fsync = os.fsync

    def fsync_then_fail(fd: int) -> None:
        real_fsync(fd)
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(base.os, "fsync", fsync_then_fail)
    with pytest.raises(KnownError) as info:
        sm.export_xlsx(project, out, today=TODAY)
    assert "kart.xlsx" in info.value.message
    assert out.read_bytes() == b"the old file"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]

    monkeypatch.undo()
    sm.export_xlsx(project, out, today=TODAY)
    assert load_workbook(out).sheetnames == ["Tjenestekart", "Forklaring"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_missing_folder_and_locked_file_give_norwegian_messages(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(KnownError, match="finnes ikke"):
        sm.export_xlsx(project, tmp_path / "finnes-ikke" / "kart.xlsx", today=TODAY)

    out = tmp_path / "kart.xlsx"
    out.write_bytes(b"open in Excel")

    import nvk_desktop.documents.base as base

    def locked(_src: object, _dst: object) -> None:
        raise PermissionError(13, "Permission denied")  # what Windows says while Excel has it

    monkeypatch.setattr(base.os, "replace", locked)
    with pytest.raises(KnownError) as info:
        sm.export_xlsx(project, out, today=TODAY)
    assert "Kunne ikke erstatte «kart.xlsx»" in info.value.message
    assert "Excel" in info.value.advice
    assert out.read_bytes() == b"open in Excel"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions")
def test_write_protected_folder(project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "låst"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(KnownError) as info:
            sm.export_xlsx(project, folder / "kart.xlsx", today=TODAY)
        assert "tilgang" in info.value.message or "skrivebeskyttet" in str(info.value)
    finally:
        folder.chmod(0o700)


# -- the command line -------------------------------------------------------------------------
def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *map(str, args)],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
    )


def test_export_servicemap_command(project: Project, tmp_path: Path) -> None:
    _fill_byggesak(project)
    n = len(sm.list_services(project))
    dims = [d.name for d in sm.list_dimensions(project)]
    project.close()
    out = tmp_path / "ut æøå.xlsx"
    r = run("export-servicemap", tmp_path / "p.nvk", "-o", out)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"Laget {out} ({n} tjenester)."
    rows = _rows(out)
    header = rows[0]
    assert header[5 : 5 + len(dims)] == dims
    assert header[5 + len(dims) : 5 + len(dims) + len(KPI_COLUMNS)] == KPI_COLUMNS
    row = next(r for r in rows if r[1] == "Byggesøknad (12 ukers frist)")
    assert row[5 : 5 + len(dims)] == [2, None, None, 2, 5, None, None]
    assert row[header.index("Saker per år")] == 60

    r = run("export-servicemap", tmp_path / "p.nvk", "-o", tmp_path / "nei" / "ut.xlsx")
    assert r.returncode != 0 and r.stdout == ""
    assert "finnes ikke" in r.stderr and "Traceback" not in r.stderr

    r = run("export-servicemap", tmp_path / "mangler.nvk", "-o", out)
    assert r.returncode != 0 and r.stderr.startswith("feil:")
