"""Møter og vedtak, used from the keyboard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from nvk_desktop.domain.enums import GroupRole
from nvk_desktop.domain.models import Person
from nvk_desktop.domain.notes import Meeting, MeetingDecision, MeetingKind
from nvk_desktop.services import meetings, people
from nvk_desktop.services import project as project_service
from ui import dialogs
from ui.context import ProjectContext
from ui.pages import meetings as meetings_page
from ui.pages.meetings import MeetingsTab


@pytest.fixture
def confirmations(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[str]]]:
    asked: list[tuple[str, list[str]]] = []

    def confirm(_parent, _title, text, details=(), action=""):  # type: ignore[no-untyped-def]
        asked.append((text, list(details)))
        return True

    monkeypatch.setattr(dialogs, "ask_confirm", confirm)
    return asked


def make_tab(qtbot, project) -> tuple[MeetingsTab, ProjectContext]:  # type: ignore[no-untyped-def]
    ctx = ProjectContext(project)
    tab = MeetingsTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow)
    return tab, ctx


def titles(tab: MeetingsTab) -> list[str]:
    p = tab.meeting_proxy
    return [p.index(r, 2).data() for r in range(p.rowCount())]


def vedtak(tab: MeetingsTab) -> list[tuple[str, str]]:
    m = tab.decision_model
    return [(m.record(r).case_number, m.record(r).text) for r in range(m.rowCount())]


def test_ctrl_n_new_meeting_with_suggested_title(qtbot, project, monkeypatch, errors) -> None:  # type: ignore[no-untyped-def]
    meetings.add_meeting(
        project,
        Meeting(MeetingKind.STYRINGSGRUPPEMOTE, "Styringsgruppemøte 1", date.today()),
    )
    tab, ctx = make_tab(qtbot, project)
    seen: list[str] = []

    def fake_exec(self: meetings_page.NewMeetingDialog) -> int:
        seen.append(self.title_edit.text())
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(MeetingKind.OPPSTARTSMOTE.value))
        seen.append(self.title_edit.text())  # the suggestion follows the kind
        self.place_edit.setText("Kulturhuset")
        self.buttons.accepted.emit()
        return self.result()

    monkeypatch.setattr(meetings_page.NewMeetingDialog, "exec", fake_exec)
    tab.filter_edit.setFocus()
    qtbot.keyClick(tab.filter_edit, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    year = date.today().year
    assert seen == [f"Styringsgruppemøte 2/{year}", f"Oppstartsmøte 1/{year}"]
    assert tab.meeting is not None and tab.meeting.title == f"Oppstartsmøte 1/{year}"
    assert tab.meeting.place == "Kulturhuset" and tab.agenda_edit.hasFocus()
    assert errors == []
    ctx.undo_stack.undo()
    assert titles(tab) == ["Styringsgruppemøte 1"]


def test_empty_state_says_what_to_do(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    tab, _ctx = make_tab(qtbot, project)
    assert "Ingen møter ennå" in tab.meeting_empty.text()
    assert tab.right.currentIndex() == 0 and "Ctrl+N" in tab.no_meeting.text()


def test_participants_picker_steering_group_and_remove(qtbot, project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    randi = people.add_person(project, Person("Randi Strømmen", "Kåfjord kommune"))
    marit = people.add_person(project, Person("Marit Lyngseidet", "Lyngen Sjømat AS"))
    per = people.add_person(project, Person("Per Sørensen", "Olderdalen Mekaniske AS"))
    styring = people.list_groups(project)[0]
    assert styring.id is not None
    people.add_member(project, styring.id, randi, GroupRole.LEDER)
    people.add_member(project, styring.id, marit)
    mid = meetings.add_meeting(
        project, Meeting(MeetingKind.STYRINGSGRUPPEMOTE, "SG 1", date(2026, 2, 1))
    )
    tab, ctx = make_tab(qtbot, project)
    assert "Ingen deltakere ennå" in tab.participant_empty.text()

    tab.steering_button.click()
    assert set(meetings.get_meeting(project, mid).participant_ids) == {randi, marit}
    assert "(2)" in tab.participants_caption.text()

    def pick(self: dialogs.PersonPickerDialog) -> int:
        assert {p.id for p in self.model.rows} == {per}  # those already in are left out
        self.select_ids([per])
        return 1

    monkeypatch.setattr(dialogs.PersonPickerDialog, "exec", pick)
    tab.participant_table.setFocus()
    qtbot.keyClick(tab.participant_table, Qt.Key.Key_Insert)
    assert meetings.get_meeting(project, mid).participant_ids == (randi, marit, per)
    names = [tab.participant_model.record(r).name for r in range(tab.participant_model.rowCount())]
    assert names == ["Marit Lyngseidet", "Per Sørensen", "Randi Strømmen"]  # by name

    tab.participant_table.setCurrentIndex(tab.participant_proxy.index(2, 0))
    qtbot.keyClick(tab.participant_table, Qt.Key.Key_Delete)
    assert randi not in meetings.get_meeting(project, mid).participant_ids
    ctx.undo_stack.undo()
    assert randi in meetings.get_meeting(project, mid).participant_ids
    assert ctx.undo_stack.count() == 3  # styringsgruppen, the picker, the removal


def test_vedtak_added_with_enter_and_ctrl_enter_edited_moved_deleted(
    qtbot, project, errors
) -> None:  # type: ignore[no-untyped-def]
    mid = meetings.add_meeting(
        project, Meeting(MeetingKind.STYRINGSGRUPPEMOTE, "SG 1", date(2026, 2, 1))
    )
    tab, ctx = make_tab(qtbot, project)
    assert tab.case_edit.text() == "Sak 1/26"
    # Ctrl+Enter in the minutes goes to the new vedtak
    tab.minutes_edit.setFocus()
    qtbot.keyClicks(tab.minutes_edit, "Prosjektplanen ble gjennomgått.")
    qtbot.keyClick(tab.minutes_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert tab.decision_edit.hasFocus()
    assert meetings.get_meeting(project, mid).minutes == "Prosjektplanen ble gjennomgått."
    qtbot.keyClicks(tab.decision_edit, "Forstudien startes opp etter vedtatt prosjektplan")
    qtbot.keyClick(tab.decision_edit, Qt.Key.Key_Return)
    assert tab.decision_edit.hasFocus() and tab.case_edit.text() == "Sak 2/26"
    qtbot.keyClicks(tab.decision_edit, "Spørreundersøkelsen sendes ut uke 9")
    qtbot.keyClick(tab.decision_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert vedtak(tab) == [
        ("Sak 1/26", "Forstudien startes opp etter vedtatt prosjektplan"),
        ("Sak 2/26", "Spørreundersøkelsen sendes ut uke 9"),
    ]
    qtbot.keyClick(tab.decision_edit, Qt.Key.Key_Return)  # empty: nothing
    assert len(vedtak(tab)) == 2 and errors == []

    # F2 edits the text in place
    tab.decision_table.setFocus()
    tab.decision_table.setCurrentIndex(tab.decision_proxy.index(1, 0))
    qtbot.keyClick(tab.decision_table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Spørreundersøkelsen sendes ut uke 10")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: vedtak(tab)[1][1] == "Spørreundersøkelsen sendes ut uke 10")

    # Alt+Up moves, Delete removes, undo restores
    tab.decision_table.setFocus()
    tab.decision_table.setCurrentIndex(tab.decision_proxy.index(1, 0))
    qtbot.keyClick(tab.decision_table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [c for c, _ in vedtak(tab)] == ["Sak 2/26", "Sak 1/26"]
    qtbot.keyClick(tab.decision_table, Qt.Key.Key_Delete)
    assert [c for c, _ in vedtak(tab)] == ["Sak 1/26"]
    ctx.undo_stack.undo()
    assert [c for c, _ in vedtak(tab)] == ["Sak 2/26", "Sak 1/26"]
    assert [d.decision.text for d in meetings.list_decisions(project)][0].endswith("uke 10")
    # the list shows the count
    assert tab.meeting_proxy.index(0, 3).data() == "2"


def test_empty_title_is_refused_and_restored(qtbot, project, errors) -> None:  # type: ignore[no-untyped-def]
    mid = meetings.add_meeting(
        project, Meeting(MeetingKind.ANNET, "Møte med banken", date(2026, 1, 3))
    )
    tab, ctx = make_tab(qtbot, project)
    tab.title_edit.setFocus()
    tab.title_edit.clear()
    tab.place_edit.setFocus()
    assert errors and "tittel" in errors[0]
    assert tab.title_edit.text() == "Møte med banken"
    assert meetings.get_meeting(project, mid).title == "Møte med banken"
    # a good change is one step
    tab.title_edit.setFocus()
    tab.title_edit.setText("Møte med Sparebanken")
    tab.place_edit.setFocus()
    assert meetings.get_meeting(project, mid).title == "Møte med Sparebanken"
    assert titles(tab) == ["Møte med Sparebanken"]
    assert ctx.undo_stack.count() == 1


def test_agenda_autosaves_and_flush_stores_pending_text(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    mid = meetings.add_meeting(
        project, Meeting(MeetingKind.STYRINGSGRUPPEMOTE, "SG", date(2026, 1, 3))
    )
    tab, ctx = make_tab(qtbot, project)
    tab.agenda_edit.timer.setInterval(50)
    tab.agenda_edit.setFocus()
    qtbot.keyClicks(tab.agenda_edit, "1. Status")
    qtbot.waitUntil(lambda: meetings.get_meeting(project, mid).agenda == "1. Status", timeout=2000)
    assert tab.agenda_edit.hasFocus()
    tab.minutes_edit.timer.setInterval(60_000)
    tab.minutes_edit.setPlainText("Ikke lagret ennå")
    assert "Ikke lagret" in tab.text_state.text()
    assert tab.flush()
    assert meetings.get_meeting(project, mid).minutes == "Ikke lagret ennå"
    count = ctx.undo_stack.count()
    assert tab.flush() and ctx.undo_stack.count() == count


def test_delete_meeting_asks_with_what_goes_and_undo(qtbot, project, confirmations) -> None:  # type: ignore[no-untyped-def]
    meetings.add_meeting(
        project,
        Meeting(
            MeetingKind.STYRINGSGRUPPEMOTE,
            "SG 2",
            date(2026, 1, 3),
            decisions=(MeetingDecision("A"), MeetingDecision("B")),
        ),
    )
    tab, ctx = make_tab(qtbot, project)
    tab.meeting_table.setFocus()
    qtbot.keyClick(tab.meeting_table, Qt.Key.Key_Delete)
    assert confirmations == [("Slette «SG 2»?", ["2 vedtak"])]
    assert meetings.list_meetings(project) == []
    ctx.undo_stack.undo()
    assert titles(tab) == ["SG 2"] and len(vedtak(tab)) == 2


def test_filter_and_reveal(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    a = meetings.add_meeting(
        project, Meeting(MeetingKind.OPPSTARTSMOTE, "Oppstart", date(2026, 1, 3))
    )
    meetings.add_meeting(project, Meeting(MeetingKind.STYRINGSGRUPPEMOTE, "SG 1", date(2026, 1, 9)))
    tab, _ctx = make_tab(qtbot, project)
    assert titles(tab) == ["SG 1", "Oppstart"]
    qtbot.keyClicks(tab.filter_edit, "sg")
    assert titles(tab) == ["SG 1"] and "1 av 2" in tab.count_label.text()
    assert tab.reveal("decision", a)
    assert tab.meeting is not None and tab.meeting.title == "Oppstart"
    assert tab.filter_edit.text() == ""
    assert not tab.reveal("meeting", 4242) and not tab.reveal("note", a)


def test_read_only(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    p = project_service.create_project(tmp_path / "ro.nvk", "5540", "Kåfjord")
    meetings.add_meeting(
        p,
        Meeting(
            MeetingKind.STYRINGSGRUPPEMOTE,
            "SG",
            date(2026, 1, 3),
            minutes="Referat",
            decisions=(MeetingDecision("A"),),
        ),
    )
    p.close()
    project = project_service.open_project(tmp_path / "ro.nvk", read_only=True)
    try:
        tab, ctx = make_tab(qtbot, project)
        assert tab.minutes_edit.toPlainText() == "Referat" and tab.minutes_edit.isReadOnly()
        for w in (
            tab.new_button,
            tab.delete_button,
            tab.title_edit,
            tab.choose_button,
            tab.steering_button,
            tab.decision_edit,
            tab.delete_decision_button,
        ):
            assert not w.isEnabled()
        tab.decision_table.setFocus()
        tab.decision_table.setCurrentIndex(tab.decision_proxy.index(0, 0))
        qtbot.keyClick(tab.decision_table, Qt.Key.Key_Delete)
        qtbot.keyClick(tab, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        assert len(vedtak(tab)) == 1 and ctx.undo_stack.count() == 0 and tab.flush()
    finally:
        project.close()
