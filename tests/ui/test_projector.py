"""The workshop projector and its countdown: live cards, nothing private on the
screen, votes hidden until revealed, the timer with a fake clock, the controls."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from nvk_desktop.domain.workshop import CardKind, Workshop, WorkshopKind
from nvk_desktop.services import project as project_service
from nvk_desktop.services import workshop_points as wp
from nvk_desktop.services import workshops as ws
from ui.context import ProjectContext
from ui.projector import (
    ProjectorControl,
    ProjectorView,
    ProjectorWindow,
    open_projector,
    step_prompt,
)
from ui.widgets.workshop_timer import END_BG, END_FG, TimerDisplay, WorkshopTimer, format_clock

pytestmark = pytest.mark.gui

VOTERS = ("Ragnhild Østergaard", "Áilu Gáivuotna", "Per Quist")


@dataclass
class Room:
    wid: int
    groups: list[int]
    points: list[int]
    participants: list[int]


def make_room(project: project_service.Project) -> Room:
    wid = ws.create_workshop(
        project, Workshop(name="Resultatverksted", kind=WorkshopKind.RESULTATVERKSTED)
    )
    groups = [ws.add_group(project, wid, n) for n in ("Reiseliv", "Fiskeri og havbruk")]
    parts = [ws.add_participant(project, wid, n, "Bedrift AS") for n in VOTERS]
    cards = [
        ws.add_card(project, wid, groups[i % 2], text, area, CardKind.SVAKHET)
        for i, (text, area) in enumerate(
            [
                ("Lang saksbehandlingstid på ferdigattest", "byggesaker"),
                ("Mangler næringsarealer", "naeringsareal"),
                ("Telefonen er ofte opptatt", "service_informasjon"),
                ("Uforutsigbare gebyrer", "byggesaker"),
            ]
        )
    ]
    points = [
        wp.create_point(project, wid, "Raskere byggesak", [cards[0], cards[3]]),
        wp.create_point(project, wid, "Flere næringsarealer", [cards[1]]),
        wp.create_point(project, wid, "Bedre tilgjengelighet", [cards[2]]),
    ]
    wp.set_votes(project, wid, parts[0], {points[0]: 3, points[1]: 2})
    wp.set_votes(project, wid, parts[1], {points[1]: 4})
    wp.set_votes(project, wid, parts[2], {points[2]: 1})
    wp.set_score(project, points[0], 5, 2)
    wp.set_score(project, points[1], 4, 4)
    project.take_last_change()
    return Room(wid, groups, points, parts)


def make_window(  # type: ignore[no-untyped-def]
    qtbot, project: project_service.Project
) -> tuple[ProjectorWindow, ProjectContext, Room]:
    room = make_room(project)
    ctx = ProjectContext(project)
    win = ProjectorWindow(ctx, room.wid)
    qtbot.addWidget(win)
    win.resize(1280, 720)
    win.show()
    qtbot.waitExposed(win)
    return win, ctx, room


def on_screen(win: ProjectorWindow) -> list[str]:
    """Every text the window shows now: painted by the views and the header, and the
    text of any label or widget in it."""
    QApplication.processEvents()
    win.repaint()
    texts = list(win.header.painted)
    current = win.current_widget()
    texts += list(getattr(current, "painted", []))
    for w in win.findChildren(QWidget):
        if isinstance(w, QLabel) and w.isVisible():
            texts.append(w.text())
        if w.isVisible():
            texts += [w.toolTip(), w.accessibleName(), w.accessibleDescription()]
    return [t for t in texts if t]


def test_new_card_is_painted_in_the_cards_view(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    win, ctx, room = make_window(qtbot, project)
    win.set_view(ProjectorView.CARDS)
    QApplication.processEvents()
    win.repaint()
    before = win.cards_view.paints
    assert "Reiseliv" in win.cards_view.painted

    card_id = ctx.perform(
        lambda: ws.add_card(
            project, room.wid, room.groups[1], "Ny kaiplass i Olderdalen", None, "forslag"
        )
    )
    assert card_id is not None
    QApplication.processEvents()
    win.repaint()
    assert win.cards_view.paints > before
    assert card_id in win.cards_view.painted_ids
    assert "Ny kaiplass i Olderdalen" in win.cards_view.painted
    # Newest on top of its group's column, with its area as a tag.
    column = next(c for c in win.cards_view.columns if c.key == room.groups[1])
    assert column.cards[0].id == card_id
    assert "Generelt" in win.cards_view.painted
    assert "Forslag" in win.cards_view.painted

    # Undo takes it off the screen again.
    ctx.undo_stack.undo()
    QApplication.processEvents()
    win.repaint()
    assert card_id not in win.cards_view.painted_ids


def test_projector_never_shows_individual_votes_or_names(qtbot, project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # The projector must not even ask for per-participant votes.
    def forbidden(*_a: object, **_k: object) -> None:
        raise AssertionError("the projector read individual votes")

    monkeypatch.setattr(wp, "participant_votes", forbidden)
    win, ctx, room = make_window(qtbot, project)
    ctx.perform(lambda: wp.set_votes_revealed(project, room.wid, True))
    seen: list[str] = []
    for view in ProjectorView:
        win.set_view(view)
        seen += on_screen(win)
    joined = "\n".join(seen)
    for name in VOTERS:
        assert name not in joined
        assert name.split()[0] not in joined
    assert "Bedrift AS" not in joined
    # The totals are there (3+0+0 … per point), the per-person splits are not.
    assert "6 prikker" in seen  # 2 + 4 on «Flere næringsarealer»
    assert "3 prikker" in seen
    assert "1 prikk" in seen
    assert "4 prikker" not in seen and "2 prikker" not in seen


def test_votes_are_hidden_until_revealed(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    win, ctx, room = make_window(qtbot, project)
    win.set_view(ProjectorView.VOTES)
    seen = on_screen(win)
    assert "Stemmene vises når fasilitator viser resultatet" in seen
    assert not any(re.search(r"\d+ prikk", t) for t in seen)
    assert "3 av 3 har stemt" in seen

    ctx.perform(lambda: wp.set_votes_revealed(project, room.wid, True))
    seen = on_screen(win)
    assert "Stemmene vises når fasilitator viser resultatet" not in seen
    assert "Raskere byggesak" in seen and "3 prikker" in seen

    ctx.undo_stack.undo()  # hidden again
    seen = on_screen(win)
    assert "Stemmene vises når fasilitator viser resultatet" in seen
    assert "3 prikker" not in seen


def test_prompt_clusters_and_matrix_views(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    win, ctx, room = make_window(qtbot, project)
    index = next(
        i for i, s in enumerate(win.steps) if s.area == "byggesaker" and "bedre" in s.prompt
    )
    win.set_step(index)
    assert win.view is ProjectorView.PROMPT
    assert step_prompt(win.current_step()) == "Hva kan bli bedre? – Byggesaker"
    seen = on_screen(win)
    assert any("Hva kan bli bedre?" in t for t in seen)
    assert "10:00" in seen  # the step's ten minutes, not started
    assert win.timer.duration == 600

    win.set_view(ProjectorView.CLUSTERS)
    seen = on_screen(win)
    assert "1. Raskere byggesak" in seen and "2" in seen  # two cards in it

    win.set_view(ProjectorView.MATRIX)
    seen = on_screen(win)
    for name in ("Raske gevinster", "Strategiske tiltak", "Småtiltak", "Unngå"):
        assert name in seen
    assert "Ikke vurdert ennå: 1" in seen
    # A point scored in the GUI moves in the matrix at once.
    ctx.perform(lambda: wp.set_score(project, room.points[2], 2, 5))
    seen = on_screen(win)
    assert "Ikke vurdert ennå: 1" not in seen
    assert "Bedre tilgjengelighet" in seen


def test_keys_steps_blank_and_esc_keep_the_window(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    facilitator = QWidget()
    qtbot.addWidget(facilitator)
    facilitator.show()
    win, ctx, room = make_window(qtbot, project)
    win.facilitator = facilitator
    win.set_step(0)
    qtbot.keyClick(win, Qt.Key.Key_Right)
    assert win.step_index == 1
    assert win.timer.duration == (win.steps[1].minutes or 0) * 60
    qtbot.keyClick(win, Qt.Key.Key_Left)
    assert win.step_index == 0
    qtbot.keyClick(win, Qt.Key.Key_2)
    assert win.view is ProjectorView.CARDS
    qtbot.keyClick(win, Qt.Key.Key_B)
    assert win.blank and win.current_widget() is win.blank_view
    assert not win.header.isVisible()  # nothing but black on the screen
    qtbot.keyClick(win, Qt.Key.Key_B)
    assert not win.blank and win.current_widget() is win.cards_view
    qtbot.keyClick(win, Qt.Key.Key_Space)
    assert win.timer.running
    qtbot.keyClick(win, Qt.Key.Key_Escape)
    assert win.isVisible()  # Esc never closes
    # Closing only hides the window; the timer keeps its state.
    win.close()
    assert not win.isVisible() and win.timer.running
    win.show()


def test_control_bar_drives_the_projector(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    win, ctx, room = make_window(qtbot, project)
    control = ProjectorControl(win)
    qtbot.addWidget(control)
    control.show()
    assert control.step_combo.count() == len(win.steps)
    assert not control.previous_button.isEnabled()
    qtbot.mouseClick(control.next_button, Qt.MouseButton.LeftButton)
    assert win.step_index == 1 and control.step_combo.currentIndex() == 1
    control.view_buttons.button(3).click()
    assert win.view is ProjectorView.VOTES
    control.blank_button.click()
    assert win.blank
    control.blank_button.click()
    assert not win.blank
    qtbot.mouseClick(control.timer_controls.start_button, Qt.MouseButton.LeftButton)
    assert win.timer.running and control.timer_controls.start_button.text() == "Pause"
    qtbot.mouseClick(control.timer_controls.plus_button, Qt.MouseButton.LeftButton)
    assert win.timer.remaining() > (win.steps[1].minutes or 0) * 60
    # A step renamed in the facilitator's window shows in the list at once.
    step = win.steps[1]
    from dataclasses import replace

    ctx.perform(lambda: ws.update_step(project, replace(step, title="Presentasjon av funn")))
    qtbot.waitUntil(lambda: control.step_combo.itemText(1) == "2. Presentasjon av funn")


def test_open_projector_reuses_the_window(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    room = make_room(project)
    ctx = ProjectContext(project)
    facilitator = QWidget()
    qtbot.addWidget(facilitator)
    facilitator.show()
    win = open_projector(ctx, room.wid, facilitator)
    qtbot.addWidget(win)
    assert win.isVisible() and not win.isFullScreen()  # one screen: a normal window
    assert win.panel is not None and win.panel.isVisible()
    again = open_projector(ctx, room.wid, facilitator)
    assert again is win
    win.panel.close()


def test_projector_renders_at_both_sizes(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    win, ctx, room = make_window(qtbot, project)
    for size in ((1920, 1080), (1280, 720)):
        win.resize(*size)
        for view in ProjectorView:
            win.set_view(view)
            image = win.grab().toImage()
            assert image.width() == size[0]
            assert on_screen(win)


# -- the timer -----------------------------------------------------------------------------
class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_timer_counts_down_without_drift_and_signals_the_end(qtbot) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    timer = WorkshopTimer(clock=clock)
    display = TimerDisplay(timer)
    qtbot.addWidget(display)
    display.show()
    finished: list[bool] = []
    timer.finished.connect(lambda: finished.append(True))
    timer.set_step(2, "Byggesaker")
    assert timer.text() == "2:00" and not timer.running
    timer.start()
    clock.now += 61.2
    timer.poll()
    assert timer.text() == "0:59"
    timer.pause()
    clock.now += 500  # paused: no time passes
    timer.poll()
    assert timer.text() == "0:59"
    timer.start()
    clock.now += 58.5
    timer.poll()
    assert timer.text() == "0:01" and not finished
    clock.now += 0.4
    timer.poll()
    assert timer.expired and finished == [True]
    assert timer.text() == "Tiden er ute"
    assert display.blinking
    assert display.colours() == (END_FG, END_BG)
    # The text says it, not the colour alone; and it stays after the blinking.
    display._blink_step()
    assert display.colours()[1] != END_BG  # one blink phase in normal colours
    for _ in range(10):
        display._blink_step()
    assert not display.blinking and display.colours() == (END_FG, END_BG)
    # +1 min after the end counts on from one minute.
    timer.add_minute()
    assert not timer.expired and timer.running and timer.text() == "1:00"
    timer.reset()
    assert timer.text() == "2:00" and not timer.running
    assert format_clock(3725) == "1:02:05"


def test_timer_without_minutes(qtbot) -> None:  # type: ignore[no-untyped-def]
    timer = WorkshopTimer(clock=FakeClock())
    timer.set_step(None)
    timer.start()
    assert not timer.running and timer.text() == "Ingen tid satt"
