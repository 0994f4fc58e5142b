# mypy: allow-untyped-defs, allow-untyped-calls
"""Handlingsplan: filters, overdue and at-risk rows marked in words, the timeline with
today's line and the milestones, the statusrapport through the runner."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from nvk_desktop.domain.enums import Phase
from nvk_desktop.domain.measures import Measure, MeasureStatus, PlanDecision
from nvk_desktop.domain.models import Milestone, Person
from nvk_desktop.services import measures, people, phases
from ui.context import ProjectContext
from ui.pages import handlingsplan
from ui.pages.handlingsplan import HandlingsplanTab

TODAY = date(2026, 3, 15)


def setup(project) -> dict[str, int]:
    liv = people.add_person(project, Person("Liv Brækken"))
    ola = people.add_person(project, Person("Ola Nordmann"))
    d = timedelta
    ids = {
        "late": measures.create_measure(
            project,
            Measure(
                "Forsinket tiltak",
                responsible_id=liv,
                start_on=TODAY - d(90),
                deadline_on=TODAY - d(5),
                status=MeasureStatus.PAGAR,
                progress=60,
                areas=("byggesaker",),
            ),
        ),
        "risk": measures.create_measure(
            project,
            Measure(
                "Tiltak i faresonen",
                responsible_id=ola,
                start_on=TODAY - d(60),
                deadline_on=TODAY + d(7),
                status=MeasureStatus.PAGAR,
                progress=20,
            ),
        ),
        "fine": measures.create_measure(
            project,
            Measure(
                "Godt i rute",
                responsible_id=ola,
                start_on=TODAY - d(10),
                deadline_on=TODAY + d(200),
                status=MeasureStatus.PAGAR,
                progress=10,
            ),
        ),
        "done": measures.create_measure(
            project,
            Measure(
                "Ferdig",
                responsible_id=liv,
                start_on=TODAY - d(100),
                deadline_on=TODAY - d(20),
                status=MeasureStatus.FULLFORT,
                progress=100,
            ),
        ),
    }
    measures.set_dependencies(project, ids["fine"], [ids["late"]])
    phases.add_milestone(
        project,
        Milestone(Phase.HOVEDPROSJEKT, "Statusmøte styringsgruppen", TODAY + timedelta(days=30)),
    )
    measures.record_plan_decision(
        project, PlanDecision(TODAY - d(120), "Styringsgruppen", measure_ids=tuple(ids.values()))
    )
    project.take_last_change()
    return ids


def make_tab(qtbot, project) -> tuple[HandlingsplanTab, ProjectContext]:
    ctx = ProjectContext(project)
    tab = HandlingsplanTab(ctx, today=lambda: TODAY)
    qtbot.addWidget(tab)
    tab.resize(1300, 700)
    tab.show()
    qtbot.waitExposed(tab)
    return tab, ctx


def rows(tab: HandlingsplanTab) -> list[tuple[str, str]]:
    p = tab.proxy
    return [(p.index(r, 1).data(), p.index(r, 6).data()) for r in range(p.rowCount())]


def test_overdue_and_at_risk_in_words_and_colour(qtbot, project) -> None:
    setup(project)
    tab, _ctx = make_tab(qtbot, project)
    shown = dict(rows(tab))
    assert shown["Forsinket tiltak"] == "Pågår · Forsinket"
    assert shown["Tiltak i faresonen"] == "Pågår · I faresonen"
    assert shown["Godt i rute"] == "Pågår"
    assert shown["Ferdig"] == "Fullført"
    assert "1 forsinket" in tab.summary_label.text() and "1 i faresonen" in tab.summary_label.text()
    late_row = next(
        r for r in range(tab.proxy.rowCount()) if tab.proxy.index(r, 1).data() == "Forsinket tiltak"
    )
    assert tab.proxy.index(late_row, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    fine_row = next(
        r for r in range(tab.proxy.rowCount()) if tab.proxy.index(r, 1).data() == "Godt i rute"
    )
    assert tab.proxy.index(fine_row, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert tab.proxy.index(fine_row, 11).data() == "T-001"  # dependency by code


def test_filters(qtbot, project) -> None:
    ids = setup(project)
    tab, _ctx = make_tab(qtbot, project)
    assert tab.in_plan_check.isChecked()  # a decision exists: the plan is what was decided
    assert len(rows(tab)) == 4
    tab.set_filters(overdue=True)
    assert [t for t, _ in rows(tab)] == ["Forsinket tiltak"]
    tab.set_filters(overdue=False, at_risk=True)
    assert sorted(t for t, _ in rows(tab)) == ["Forsinket tiltak", "Tiltak i faresonen"]
    tab.set_filters(at_risk=False, status=MeasureStatus.FULLFORT)
    assert [t for t, _ in rows(tab)] == ["Ferdig"]
    tab.set_filters(status="open")
    assert len(rows(tab)) == 3
    tab.set_filters(status="")
    ola = next(p.id for p in people.list_people(project) if p.name == "Ola Nordmann")
    tab.owner_combo.setCurrentIndex(tab.owner_combo.findData(ola))
    assert sorted(t for t, _ in rows(tab)) == ["Godt i rute", "Tiltak i faresonen"]
    tab.owner_combo.setCurrentIndex(0)
    tab.area_combo.setCurrentIndex(tab.area_combo.findData("byggesaker"))
    assert [t for t, _ in rows(tab)] == ["Forsinket tiltak"]
    tab.area_combo.setCurrentIndex(0)
    tab.set_filters(text="rute")
    assert [t for t, _ in rows(tab)] == ["Godt i rute"]
    tab.set_filters(text="")
    # sorting by the deadline column
    tab.table.sortByColumn(5, Qt.SortOrder.AscendingOrder)
    assert rows(tab)[0][0] == "Ferdig"
    assert ids  # used


def test_gantt_today_line_milestones_and_bars(qtbot, project) -> None:
    ids = setup(project)
    tab, _ctx = make_tab(qtbot, project)
    tab.show_gantt()
    g = tab.gantt
    assert len(g.rows) == 4
    # today's line is where today is on the scale
    assert abs(g.today_x() - (g.x_for(TODAY) + g.px_per_day / 2)) < 1e-6
    marks = g.milestone_marks()
    assert [label for _x, label in marks] == ["Statusmøte styringsgruppen"]
    assert marks[0][0] > g.today_x()
    # a bar runs from start to deadline (inclusive)
    m = measures.get_measure(project, ids["fine"])
    assert m.start_on is not None and m.deadline_on is not None
    bar = g.bar_rect(ids["fine"])
    assert bar is not None
    assert abs(bar.left() - g.x_for(m.start_on)) < 1e-6
    assert abs(bar.right() - (g.x_for(m.deadline_on) + g.px_per_day)) < 1e-6
    # month ticks in Norwegian
    labels = [label for _x, label in g.month_ticks()]
    assert any(label.startswith("mar") for label in labels) and any(
        label == "mai" for label in labels
    )
    # keyboard: Down moves the choice, Enter opens the measure
    opened: list[int] = []
    tab.open_measure = opened.append
    g.setFocus()
    g.set_current(g.rows[0].measure_id)
    QTest.keyClick(g, Qt.Key.Key_Down)
    assert g.current == g.rows[1].measure_id
    QTest.keyClick(g, Qt.Key.Key_Return)
    assert opened == [g.rows[1].measure_id]
    # zoom keeps the geometry consistent
    before = g.px_per_day
    QTest.keyClick(g, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert g.px_per_day > before
    g.grab()  # paints without error


def test_gantt_without_dates_and_empty(qtbot, project) -> None:
    tab, _ctx = make_tab(qtbot, project)
    tab.show_gantt()
    assert tab.gantt.rows == []
    assert "Ingen tiltak ennå" in tab.gantt.empty_text
    mid = measures.create_measure(project, Measure("Uten datoer"))
    tab.ctx.changed.emit()
    assert tab.gantt.bar_rect(mid) is None
    tab.gantt.grab()


def test_statusrapport_through_runner_saves_snapshot_as_a_step(
    qtbot, project, monkeypatch, tmp_path
) -> None:
    setup(project)
    tab, ctx = make_tab(qtbot, project)
    out = tmp_path / "Statusrapport.pdf"
    shown: list[Path] = []
    monkeypatch.setattr(handlingsplan, "ask_save_path", lambda *a: str(out))
    monkeypatch.setattr(
        handlingsplan, "offer_open", lambda _p, _t, _x, path: shown.append(Path(path))
    )
    tab.make_report()
    assert out.exists() and out.read_bytes()[:4] == b"%PDF"
    assert shown == [out]
    assert len(measures.list_status_reports(project)) == 1
    assert ctx.undo_stack.count() == 1
    ctx.undo_stack.undo()
    assert measures.list_status_reports(project) == []
