"""The statusrapport PDF: its sections from the example project, the snapshot it saves
(an undo step of its own), what changed since the last one, the command."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text
from sqlalchemy import select

from nvk_desktop.charts.measure_charts import indicator_figure
from nvk_desktop.domain.measures import Indicator, IndicatorValue, Measure, MeasureStatus
from nvk_desktop.services import measures as ms
from nvk_desktop.services.demo import CORE_PEOPLE, create_demo
from nvk_desktop.services.measure_documents import make_statusrapport, statusrapport_data
from nvk_desktop.services.project import Project, create_project, undo_or_redo
from nvk_desktop.store.models import PersonRow
from tests.unit.helpers import dump

TODAY = date(2026, 3, 2)
ROOT = Path(__file__).resolve().parents[2]


def _demo(path: Path) -> Project:
    from nvk_desktop.services import demo_measures

    project = create_demo(path, today=TODAY)
    if not ms.list_measures(project):  # until the integrator wires it into demo.py
        with project.unit_of_work("tiltak") as s:
            names = {n for n, *_ in CORE_PEOPLE}
            who = {r.name: r.id for r in s.scalars(select(PersonRow)) if r.name in names}
            demo_measures.fill(s, "normal", TODAY, who)
        project.take_last_change()
    return project


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.nvk"
    _demo(path).close()
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[Project]:
    from nvk_desktop.services.project import open_project

    copy = tmp_path / "demo.nvk"
    shutil.copy(demo_file, copy)
    p = open_project(copy)
    yield p
    p.close()


def _text(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True)
    return " ".join(out.stdout.split())


def test_statusrapport_sections_from_the_example(demo: Project, tmp_path: Path) -> None:
    data = statusrapport_data(demo, TODAY, charts=False)
    codes = {it.measure.code: it for it in data.items}
    assert [it.measure.code for it, _ in data.decisions] == ["T-011", "T-012", "T-014", "T-015"]
    assert data.previous is not None and data.previous.made_on == TODAY - timedelta(days=45)
    assert codes["T-003"].overdue and codes["T-004"].at_risk

    before = dump(demo.path)
    out = make_statusrapport(demo, tmp_path / "status", today=TODAY)
    assert out == tmp_path / "status.pdf" and out.read_bytes().startswith(b"%PDF")
    # The snapshot is one undo step of its own
    change = demo.take_last_change()
    assert change is not None and change.label == "Lagre statusrapport"
    redo = undo_or_redo(demo, change)
    assert dump(demo.path) == before
    undo_or_redo(demo, redo)
    latest = ms.latest_status_report(demo)
    assert latest is not None and latest.made_on == TODAY
    assert latest.entries["T-001"].progress == 70

    text = _text(out)
    for expected in (
        "Statusrapport",
        "Eksempelprosjekt – fiktive data",
        "1 Sammendrag",
        "Fristen passert 2 tiltak",
        "I risiko 3 tiltak",
        "2 Fremdrift per tiltak",
        "Fristen er",  # overdue in words ("passert" may wrap to the next line)
        "Risiko: Frist om 10 dager, bare 40 % ferdig",
        "3 Det som er forsinket",
        "5 dager over fristen",
        "Meldt forsinket",
        "4 Effektindikatorer",
        "Median saksbehandlingstid",
        "24 dager",
        "15 dager",
        "18 dager",
        "Mål nådd",
        "Bak plan",
        "5 Beslutninger som trengs",
        "venter på T-009",
        "ikke vedtatt inn i handlingsplanen",
        "6 Endringer siden forrige rapport",
        "Fremdrift 50 % → 70 %",
        "Nytt tiltak",
        "Status Pågår → Avbrutt",
    ):
        assert expected in text, expected
    assert text.count("passert") >= 3


def test_changes_since_last_report_and_no_snapshot(tmp_path: Path) -> None:
    project = create_project(tmp_path / "p.nvk", "4645", "Næringsvennlig Askvoll")
    try:
        a = ms.create_measure(project, Measure("Første", deadline_on=TODAY + timedelta(days=60)))
        b = ms.create_measure(project, Measure("Andre"))
        out = make_statusrapport(project, tmp_path / "1.pdf", today=TODAY, save_snapshot=True)
        assert "Dette er den første statusrapporten" in _text(out)
        ms.set_status(project, a, MeasureStatus.FULLFORT)
        ms.delete_measure(project, b)
        ms.create_measure(project, Measure("Tredje"))
        before = dump(project.path)
        out = make_statusrapport(
            project, tmp_path / "2.pdf", today=TODAY + timedelta(days=30), save_snapshot=False
        )
        assert dump(project.path) == before  # nothing saved
        text = _text(out)
        assert "Fullført (var ikke startet); Fremdrift 0 % → 100 %" in text
        assert "T-002 Andre Slettet fra prosjektet" in text
        assert "T-003 Tredje Nytt tiltak" in text
        assert "Ingen effektindikatorer er registrert" in text
    finally:
        project.close()


def test_empty_project_report(tmp_path: Path) -> None:
    project = create_project(tmp_path / "p.nvk", "4645", "Tomt")
    try:
        out = make_statusrapport(project, tmp_path / "t.pdf", today=TODAY)
        text = _text(out)
        assert "Ingen tiltak er registrert ennå" in text
        assert "Ingen tiltak trenger en beslutning nå" in text
    finally:
        project.close()


def _texts(fig: Figure) -> set[str]:
    return {t.get_text() for t in fig.findobj(Text) if isinstance(t, Text)}


def test_indicator_chart_texts() -> None:
    ind = Indicator(
        "Median saksbehandlingstid",
        "dager",
        24.5,
        date(2026, 1, 1),
        15,
        date(2027, 1, 1),
        True,
        (IndicatorValue(date(2026, 4, 1), 21.5), IndicatorValue(date(2026, 7, 1), 19)),
    )
    fig = indicator_figure(ind, example_mark=True)
    texts = _texts(fig)
    assert "Utgangsverdi 24,5 dager" in texts
    assert "Mål 15 dager" in texts
    assert "19 dager" in texts
    assert "Eksempelprosjekt – fiktive data" in texts
    empty = indicator_figure(Indicator("Tom"))
    assert "Ingen målinger ennå" in _texts(empty)


def test_document_statusrapport_command(demo_file: Path, tmp_path: Path) -> None:
    copy = tmp_path / "demo.nvk"
    shutil.copy(demo_file, copy)
    out = tmp_path / "OUT.pdf"

    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                str(ROOT / "main.py"),
                "document",
                "statusrapport",
                str(copy),
                "-o",
                str(out),
                *extra,
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=180,
        )

    before = dump(copy)
    done = run("--no-snapshot")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Laget {out}"
    assert dump(copy) == before and out.is_file()
    done = run()
    assert done.returncode == 0, done.stderr
    assert "Øyeblikksbildet er lagret" in done.stdout
    assert len([r for r in dump(copy) if r.startswith("status_report:")]) == 2
    helptext = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "document", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    ).stdout
    assert "--no-snapshot" in helptext and "øyeblikksbilde" in helptext


def test_benchmark_script_runs(demo_file: Path, tmp_path: Path) -> None:
    """bench/handlingsplan.py's measuring part, on the 15-measure example."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import handlingsplan  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(ROOT / "bench"))
    copy = tmp_path / "demo.nvk"
    shutil.copy(demo_file, copy)
    result = handlingsplan.measure(copy, 5, tmp_path, minimum=15)
    for key in ("plan", "ranked", "export", "read"):
        assert result[key]["n"] == 5 and result[key]["median"] > 0
