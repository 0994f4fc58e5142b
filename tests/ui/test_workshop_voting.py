"""Prioritising in the GUI: the facilitator's vote grid, secret voting on a clean
screen, results hidden until «Vis resultat», gevinst/innsats with undo."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from nvk_desktop.domain.workshop import Workshop
from nvk_desktop.services import project as project_service
from nvk_desktop.services import workshop_points as wp
from nvk_desktop.services import workshops as ws
from ui.context import ProjectContext
from ui.pages import workshop_voting
from ui.pages.workshop_voting import PrivateVotingScreen, VoteGridModel, WorkshopVotingView

pytestmark = pytest.mark.gui


@dataclass
class Room:
    wid: int
    points: list[int]
    participants: list[int]


def make_room(project: project_service.Project, budget: int = 5) -> Room:
    wid = ws.create_workshop(project, Workshop(name="Verksted", dot_budget=budget))
    parts = [ws.add_participant(project, wid, n) for n in ("Anne Ås", "Bjørn Berg", "Cecilie Dal")]
    points = [
        wp.create_point(project, wid, t)
        for t in ("Raskere byggesak", "Flere næringsarealer", "Én dør inn")
    ]
    project.take_last_change()
    return Room(wid, points, parts)


def make_view(  # type: ignore[no-untyped-def]
    qtbot, project: project_service.Project
) -> tuple[WorkshopVotingView, ProjectContext, Room]:
    room = make_room(project)
    ctx = ProjectContext(project)
    view = WorkshopVotingView(ctx)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    qtbot.waitExposed(view)
    view.set_workshop(room.wid)
    return view, ctx, room


def votes_of(project: project_service.Project, room: Room, participant: int) -> dict[int, int]:
    return next(
        pv.votes
        for pv in wp.participant_votes(project, room.wid)
        if pv.participant_id == participant
    )


def test_facilitator_grid_digits_plus_minus_budget_and_undo(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    view, ctx, room = make_view(qtbot, project)
    grid, model = view.grid, view.grid_model
    assert model.rowCount() == 3 and model.columnCount() == VoteGridModel.FIXED + 3
    row = next(i for i, r in enumerate(model.rows) if r.participant_id == room.participants[1])
    grid.setFocus()
    grid.setCurrentIndex(model.index(row, VoteGridModel.FIXED))
    qtbot.keyClick(grid, Qt.Key.Key_2)
    assert votes_of(project, room, room.participants[1]) == {room.points[0]: 2}
    assert model.data(model.index(row, 1), Qt.ItemDataRole.DisplayRole) == "3"  # left
    qtbot.keyClick(grid, Qt.Key.Key_Plus)
    assert votes_of(project, room, room.participants[1]) == {room.points[0]: 3}
    grid.setCurrentIndex(model.index(row, VoteGridModel.FIXED + 1))
    qtbot.keyClick(grid, Qt.Key.Key_2)
    assert model.data(model.index(row, 1), Qt.ItemDataRole.DisplayRole) == "0"
    # More than the budget: refused beside the grid, nothing stored.
    qtbot.keyClick(grid, Qt.Key.Key_Plus)
    assert votes_of(project, room, room.participants[1]) == {room.points[0]: 3, room.points[1]: 2}
    assert view.grid_message.isVisible()
    assert "Bjørn Berg har bare 5 prikker" in view.grid_message.text()
    qtbot.keyClick(grid, Qt.Key.Key_Minus)
    assert votes_of(project, room, room.participants[1])[room.points[1]] == 1
    assert not view.grid_message.isVisible()
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert votes_of(project, room, room.participants[1]) == {room.points[0]: 3}
    # Each change was one undo step.
    ctx.undo_stack.undo()
    assert votes_of(project, room, room.participants[1])[room.points[1]] == 1
    ctx.undo_stack.undo()
    ctx.undo_stack.undo()
    assert votes_of(project, room, room.participants[1]) == {room.points[0]: 3}
    ctx.undo_stack.redo()
    assert votes_of(project, room, room.participants[1])[room.points[1]] == 2


def test_results_hidden_until_revealed(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    view, ctx, room = make_view(qtbot, project)
    ctx.perform(lambda: wp.set_votes(project, room.wid, room.participants[0], {room.points[2]: 4}))
    view.tabs.setCurrentIndex(1)
    assert view.result_model.rowCount() == 0
    assert not view.result_split.isVisible()
    assert "skjult" in view.result_hidden.text() and "1 av 3 har stemt" in view.result_hidden.text()
    assert "Resultatet er skjult" in view.status.text()
    qtbot.mouseClick(view.reveal_button, Qt.MouseButton.LeftButton)
    assert view.result_split.isVisible()
    assert view.result_model.rowCount() == 3
    top = view.result_model.index(0, 0)
    assert top.data() == "Én dør inn" and view.result_model.index(0, 1).data() == "4"
    assert view.reveal_button.text() == "Skjul resultat"
    QApplication.processEvents()
    view.result_chart.repaint()
    assert "4 prikker" in view.result_chart.painted
    ctx.undo_stack.undo()
    assert view.result_model.rowCount() == 0 and view.reveal_button.text() == "Vis resultat"


def test_private_voting_stores_and_clears(qtbot, project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    view, ctx, room = make_view(qtbot, project)
    screen = view.open_private_voting()
    assert screen is not None  # the view owns it and deletes it when it closes
    assert screen.stack.currentWidget() is screen.pick_page
    # Pick by number: participants are listed by name, Bjørn Berg is number 2.
    qtbot.keyClicks(screen.filter, "2")
    qtbot.keyClick(screen.filter, Qt.Key.Key_Return)
    assert screen.voter is not None and screen.voter.name == "Bjørn Berg"
    assert screen.stack.currentWidget() is screen.vote_page
    # Dots by keys: two on the first point, then one on the third.
    qtbot.keyClick(screen, Qt.Key.Key_Plus)
    qtbot.keyClick(screen, Qt.Key.Key_Space)
    qtbot.keyClick(screen, Qt.Key.Key_Down)
    qtbot.keyClick(screen, Qt.Key.Key_Down)
    qtbot.keyClick(screen, Qt.Key.Key_Plus)
    qtbot.keyClick(screen, Qt.Key.Key_Plus)
    qtbot.keyClick(screen, Qt.Key.Key_Minus)
    # and one by clicking the row's + button
    qtbot.mouseClick(screen.point_rows[1].plus, Qt.MouseButton.LeftButton)
    assert screen.dots == {room.points[0]: 2, room.points[1]: 1, room.points[2]: 1}
    assert "1 prikk igjen" in screen.left_label.text()
    undo_before = ctx.undo_stack.count()
    qtbot.keyClick(screen, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert votes_of(project, room, room.participants[1]) == {
        room.points[0]: 2,
        room.points[1]: 1,
        room.points[2]: 1,
    }
    assert ctx.undo_stack.count() == undo_before + 1  # one step
    # The screen is clean for the next person: nothing of Bjørn's dots is left.
    assert screen.stack.currentWidget() is screen.pick_page
    assert screen.voter is None and screen.dots == {} and screen.point_rows == []
    assert screen.thanks.isVisible()
    texts = [w.text() for w in screen.findChildren(QLabel) if w.isVisible()]
    assert not any("●" in t or "igjen" in t for t in texts)
    assert "✓" in screen.name_buttons[room.participants[1]].text()
    # Voting again starts from nothing, not from the dots given before.
    screen.choose(room.participants[1])
    assert screen.dots == {}
    assert all(r.count.text() == "–" for r in screen.point_rows)
    screen.back_to_names()

    # Esc asks first; only «Avslutt» leaves.
    answers = iter([None, 0])
    monkeypatch.setattr(workshop_voting, "choose", lambda *a, **k: next(answers))
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    assert screen.isVisible()
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    assert not screen.isVisible() and view.private_screen is None


def test_private_voting_refuses_over_budget(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    view, ctx, room = make_view(qtbot, project)
    screen = PrivateVotingScreen(ctx, room.wid)
    qtbot.addWidget(screen)
    screen.show()
    screen.choose(room.participants[0])
    for _ in range(5):
        assert screen.add_dot(room.points[0])
    assert not screen.message.isVisible()
    assert not screen.add_dot(room.points[1])
    assert screen.message.isVisible() and "alle 5 prikkene" in screen.message.text()
    assert screen.dots == {room.points[0]: 5}
    screen.remove_dot(room.points[0])
    assert screen.add_dot(room.points[1]) and not screen.message.isVisible()
    # Avbryt stores nothing.
    qtbot.mouseClick(screen.cancel_button, Qt.MouseButton.LeftButton)
    assert votes_of(project, room, room.participants[0]) == {}
    screen._allow_close = True
    screen.close()


def test_gain_and_effort_with_undo(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    view, ctx, room = make_view(qtbot, project)
    view.tabs.setCurrentIndex(2)
    table, model = view.score_table, view.score_model
    table.setFocus()
    table.setCurrentIndex(model.index(0, 1))
    qtbot.keyClick(table, Qt.Key.Key_4)
    table.setCurrentIndex(model.index(0, 2))
    qtbot.keyClick(table, Qt.Key.Key_2)
    point = wp.get_point(project, room.points[0])
    assert (point.gain, point.effort) == (4, 2)
    assert model.index(0, 3).data() == "Raske gevinster"
    QApplication.processEvents()
    view.matrix.repaint()
    assert "Raske gevinster" in view.matrix.painted and "1" in view.matrix.painted
    qtbot.keyClick(table, Qt.Key.Key_9)  # off the scale: ignored
    assert wp.get_point(project, room.points[0]).effort == 2
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert wp.get_point(project, room.points[0]).effort is None
    assert model.index(0, 3).data() == "Ikke vurdert"
    ctx.undo_stack.undo()
    assert wp.get_point(project, room.points[0]).effort == 2
    ctx.undo_stack.undo()
    ctx.undo_stack.undo()
    point = wp.get_point(project, room.points[0])
    assert (point.gain, point.effort) == (None, None)
    # The list editor (F2) sets a value too.
    table.setCurrentIndex(model.index(1, 2))
    assert model.setData(model.index(1, 2), 5, Qt.ItemDataRole.EditRole)
    assert wp.get_point(project, room.points[1]).effort == 5


def test_read_only_and_empty_states(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    ctx = ProjectContext(project)
    view = WorkshopVotingView(ctx)
    qtbot.addWidget(view)
    view.show()
    assert "Velg et verksted" in view.status.text()
    assert not view.private_button.isEnabled() and not view.reveal_button.isEnabled()
    wid = ws.create_workshop(project, Workshop(name="Tomt verksted"))
    ctx.changed.emit()
    view.set_workshop(wid)
    assert "Ingen forbedringspunkter" in view.grid_empty.text()
    assert not view.private_button.isEnabled()
    buttons = [b.text() for b in view.findChildren(QPushButton)]
    assert "Hemmelig stemmegivning…" in buttons
