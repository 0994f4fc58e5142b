# mypy: allow-untyped-defs, allow-untyped-calls
"""Prioritering: criteria and weights, digit scores, rank, MoSCoW, the matrix and the
plan decision, through the GUI."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from nvk_desktop.domain.measures import Measure, MoSCoW
from nvk_desktop.domain.notes import Meeting, MeetingKind
from nvk_desktop.services import measures, meetings
from nvk_desktop.services import prioritising as prio
from nvk_desktop.services import project as project_service
from ui.context import ProjectContext
from ui.models import KEY_ROLE
from ui.pages.prioritising import PlanDecisionDialog, PrioritisingTab


def make_tab(qtbot, project) -> tuple[PrioritisingTab, ProjectContext]:
    project.take_last_change()
    ctx = ProjectContext(project)
    tab = PrioritisingTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1300, 760)
    tab.show()
    qtbot.waitExposed(tab)
    return tab, ctx


def two_measures(project) -> tuple[int, int, list[int]]:
    a = measures.create_measure(project, Measure("Rask gevinst"))
    b = measures.create_measure(project, Measure("Stor gevinst, dyr"))
    crit = [c.id for c in prio.list_criteria(project) if c.id is not None]
    assert (
        len(crit) == 4
    )  # the defaults: gevinst, innsats (lav er bra), tid (lav er bra), forankring
    # a: modest gain, very cheap; b: big gain, expensive
    prio.set_scores(project, a, {crit[0]: 6, crit[1]: 2, crit[2]: 2, crit[3]: 8})
    prio.set_scores(project, b, {crit[0]: 10, crit[1]: 10, crit[2]: 8, crit[3]: 8})
    return a, b, crit


def ranked_codes(tab: PrioritisingTab) -> list[str]:
    m = tab.score_model
    rank_col = m.column_of("rank")
    rows = sorted(range(m.rowCount()), key=lambda r: int(m.index(r, rank_col).data() or 99))
    return [m.rows[r].code for r in rows]


def test_weight_change_reranks(qtbot, project, errors) -> None:
    a, b, crit = two_measures(project)
    tab, ctx = make_tab(qtbot, project)
    assert ranked_codes(tab) == ["T-001", "T-002"]
    # shares shown
    share = tab.crit_proxy.index(0, 2).data()
    assert share == "40 %"
    # make "Gevinst for næringslivet" count far more: type a new weight in the table
    index = tab.crit_proxy.index(0, 1)
    assert tab.crit_proxy.setData(index, "5")
    assert prio.list_criteria(project)[0].weight == 5
    assert ranked_codes(tab) == ["T-002", "T-001"]
    assert tab.crit_proxy.index(0, 2).data() == "89 %"  # 5 / (5 + 0,6)
    # text that is not a number is refused beside the table
    assert not tab.crit_proxy.setData(tab.crit_proxy.index(1, 1), "mye")
    assert "ikke et tall" in tab.crit_error.text()
    ctx.undo_stack.undo()
    assert ranked_codes(tab) == ["T-001", "T-002"]
    assert errors == []


def test_scores_by_digit_keys_and_refusal(qtbot, project, errors) -> None:
    a = measures.create_measure(project, Measure("Digital byggesøknad"))
    tab, ctx = make_tab(qtbot, project)
    crit = [c.id for c in prio.list_criteria(project)]
    cols = tab.score_model.score_columns()
    tab.select_cell(a, cols[0])
    tab.grid.setFocus()
    QTest.keyClick(tab.grid, Qt.Key.Key_7)
    assert prio.list_scores(project, a)[0].score == 7
    # the cursor moved on to the next criterion: 1 then 0 is 10
    assert tab.grid.currentIndex().column() == cols[1]
    QTest.keyClick(tab.grid, Qt.Key.Key_1)
    QTest.keyClick(tab.grid, Qt.Key.Key_0)
    scores = {s.criterion_id: s.score for s in prio.list_scores(project, a)}
    assert scores == {crit[0]: 7, crit[1]: 10}
    # off the scale: 0, and 1 followed by 5, are refused, nothing stored
    before = ctx.undo_stack.count()
    QTest.keyClick(tab.grid, Qt.Key.Key_0)
    assert "2 til 10" in tab.score_message.text()
    QTest.keyClick(tab.grid, Qt.Key.Key_1)
    QTest.keyClick(tab.grid, Qt.Key.Key_5)
    assert "«15»" in tab.score_message.text()
    assert ctx.undo_stack.count() == before
    # typing through the editor: 11 refused by the service, inline
    index = tab.grid.currentIndex()
    assert not tab.score_proxy.setData(index, "11")
    assert "10" in tab.score_message.text()
    assert errors == []
    # Delete removes a score; undo puts it back
    tab.select_cell(a, cols[0])
    QTest.keyClick(tab.grid, Qt.Key.Key_Delete)
    assert {s.criterion_id for s in prio.list_scores(project, a)} == {crit[1]}
    ctx.undo_stack.undo()
    assert {s.criterion_id for s in prio.list_scores(project, a)} == {crit[0], crit[1]}
    # the weighted score is shown (with * while not all criteria are scored)
    wcol = tab.score_model.column_of("weighted")
    row = tab.score_model.row_of(a)
    assert row is not None
    assert tab.score_model.index(row, wcol).data().endswith("*")


def test_moscow_by_combo(qtbot, project) -> None:
    a = measures.create_measure(project, Measure("Digital byggesøknad"))
    tab, ctx = make_tab(qtbot, project)
    col = tab.score_model.column_of("moscow")
    index = tab.score_proxy.index(0, col)
    assert tab.score_proxy.setData(index, MoSCoW.MUST.value)
    assert measures.get_measure(project, a).moscow is MoSCoW.MUST
    assert tab.score_proxy.index(0, col).data() == "Må ha"
    ctx.undo_stack.undo()
    assert measures.get_measure(project, a).moscow is None


def test_drag_in_matrix_rescores_and_undo(qtbot, project) -> None:
    a = measures.create_measure(project, Measure("Rask gevinst", gain=2, effort=2))
    tab, ctx = make_tab(qtbot, project)
    mx = tab.matrix
    assert mx.quadrant_labels() == ["Raske gevinster", "Strategiske tiltak", "Småtiltak", "Unngå"]
    start = mx.dot_positions()[a]
    target = mx.cell_rect(5, 1).center()  # high gain, low effort: raske gevinster
    QTest.mousePress(mx, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start.toPoint())
    QTest.mouseMove(mx, ((start + target) / 2).toPoint())
    QTest.mouseMove(mx, target.toPoint())
    QTest.mouseRelease(
        mx, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, target.toPoint()
    )
    m = measures.get_measure(project, a)
    assert (m.gain, m.effort) == (5, 1)
    assert "Raske gevinster: T-001" in mx.summary()
    ctx.undo_stack.undo()
    m = measures.get_measure(project, a)
    assert (m.gain, m.effort) == (2, 2)
    assert "Småtiltak: T-001" in mx.summary()
    # a click without moving only selects
    pos = mx.dot_positions()[a].toPoint()
    QTest.mouseClick(mx, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    assert mx.current == a
    assert (measures.get_measure(project, a).gain, measures.get_measure(project, a).effort) == (
        2,
        2,
    )


def test_matrix_keyboard_moves_and_places(qtbot, project) -> None:
    a = measures.create_measure(project, Measure("Plassert", gain=3, effort=3))
    b = measures.create_measure(project, Measure("Ikke plassert"))
    tab, ctx = make_tab(qtbot, project)
    mx = tab.matrix
    mx.setFocus()
    mx.select(a)
    QTest.keyClick(mx, Qt.Key.Key_Up)
    QTest.keyClick(mx, Qt.Key.Key_Left)
    m = measures.get_measure(project, a)
    assert (m.gain, m.effort) == (4, 2)
    QTest.keyClick(mx, Qt.Key.Key_Up)
    QTest.keyClick(mx, Qt.Key.Key_Up)  # already 5: snaps, no change
    assert measures.get_measure(project, a).gain == 5
    steps = ctx.undo_stack.count()
    assert steps == 3
    # Page Down selects the next measure; an arrow places the unplaced one in the middle
    QTest.keyClick(mx, Qt.Key.Key_PageDown)
    assert mx.current == b
    QTest.keyClick(mx, Qt.Key.Key_Right)
    m = measures.get_measure(project, b)
    assert (m.gain, m.effort) == (3, 3)
    # and the score grid follows the matrix selection
    assert tab.grid.currentIndex().data(KEY_ROLE) == b


def test_plan_decision_dialog_in_one_step(qtbot, project, monkeypatch) -> None:
    a = measures.create_measure(project, Measure("Første", moscow=MoSCoW.MUST))
    b = measures.create_measure(project, Measure("Andre", moscow=MoSCoW.WONT))
    mid = meetings.add_meeting(
        project,
        Meeting(MeetingKind.STYRINGSGRUPPEMOTE, "Styringsgruppemøte 3/2026", date(2026, 3, 1)),
    )
    tab, ctx = make_tab(qtbot, project)
    seen: dict[str, Any] = {}

    def fake_exec(self: PlanDecisionDialog) -> int:
        seen["prechecked"] = self.chosen_ids()
        seen["meetings"] = [
            self.meeting_combo.itemText(i) for i in range(self.meeting_combo.count())
        ]
        self.meeting_combo.setCurrentIndex(self.meeting_combo.findData(mid))
        self.who_edit.setText("Styringsgruppen")
        self.buttons.accepted.emit()
        return self.result()

    monkeypatch.setattr(PlanDecisionDialog, "exec", fake_exec)
    tab.record_decision()
    assert seen["prechecked"] == [a]  # Må ha is suggested, Ikke nå is not
    assert "Styringsgruppemøte 3/2026 (01.03.2026)" in seen["meetings"]
    decisions = measures.list_plan_decisions(project)
    assert len(decisions) == 1
    d = decisions[0]
    assert d.decided_by == "Styringsgruppen" and d.meeting_id == mid and d.measure_ids == (a,)
    assert measures.get_measure(project, a).in_plan and not measures.get_measure(project, b).in_plan
    assert "Styringsgruppemøte 3/2026" in tab.decision_label.text()
    assert ctx.undo_stack.count() == 1
    ctx.undo_stack.undo()
    assert measures.list_plan_decisions(project) == []


def test_decision_needs_a_measure(qtbot, project, monkeypatch) -> None:
    measures.create_measure(project, Measure("Første"))
    tab, _ctx = make_tab(qtbot, project)

    def fake_exec(self: PlanDecisionDialog) -> int:
        self._check_all(False)
        self.buttons.accepted.emit()
        seen.append(self.error.text())
        return self.result()

    seen: list[str] = []
    monkeypatch.setattr(PlanDecisionDialog, "exec", fake_exec)
    tab.record_decision()
    assert "minst ett tiltak" in seen[0]
    assert measures.list_plan_decisions(project) == []


def test_read_only(qtbot, tmp_path) -> None:
    p = project_service.create_project(tmp_path / "ro.nvk", "4645", "Test")
    a = measures.create_measure(p, Measure("Første", gain=2, effort=2))
    p.close()
    project = project_service.open_project(tmp_path / "ro.nvk", read_only=True)
    try:
        tab, _ctx = make_tab(qtbot, project)
        assert not tab.decision_button.isEnabled()
        assert not tab.crit_add.isEnabled()
        tab.matrix.setFocus()
        tab.matrix.select(a)
        QTest.keyClick(tab.matrix, Qt.Key.Key_Up)
        tab.select_cell(a, tab.score_model.score_columns()[0])
        QTest.keyClick(tab.grid, Qt.Key.Key_7)
        assert measures.get_measure(project, a).gain == 2
        assert prio.list_scores(project, a) == []
        assert QPoint(0, 0) == QPoint(0, 0)
    finally:
        project.close()
