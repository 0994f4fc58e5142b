"""Forstudie › Sjekklister and the checklist parts of Oversikt, used as a user would."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from nvk_desktop.domain.checklist import ChecklistLink, ChecklistStatus, LinkKind
from nvk_desktop.domain.enums import DecidedBy, Decision, Phase
from nvk_desktop.domain.models import Person
from nvk_desktop.services import checklists as cl
from nvk_desktop.services import people, phases
from nvk_desktop.services import project as project_service
from nvk_desktop.store.seed import default_checklists
from ui import dialogs
from ui.context import ProjectContext
from ui.pages import checklists as page_module
from ui.pages.checklists import (
    COL_DUE,
    COL_STATUS,
    COL_TITLE,
    ChecklistTab,
    DecisionDialogWithChecklist,
    LinkDialog,
)

TODAY = date(2026, 10, 15)
ALT = Qt.KeyboardModifier.AltModifier


def make_tab(qtbot, project) -> tuple[ChecklistTab, ProjectContext]:  # type: ignore[no-untyped-def]
    ctx = ProjectContext(project)
    tab = ChecklistTab(ctx)
    tab.today = lambda: TODAY
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    qtbot.waitExposed(tab)
    tab.refresh()
    return tab, ctx


def shown_titles(tab: ChecklistTab) -> list[str]:
    m = tab.model
    return [m.index(r, COL_TITLE).data() for r in range(m.rowCount())]


def stored_titles(project, phase: Phase = Phase.FORSTUDIE) -> list[str]:  # type: ignore[no-untyped-def]
    return [i.title for i in cl.list_items(project, phase)]


def select_row(tab: ChecklistTab, row: int) -> None:
    tab.table.setFocus()
    tab.table.setCurrentIndex(tab.model.index(row, COL_TITLE))


def open_editor(tab: ChecklistTab) -> QLineEdit:
    """The inline title editor the table has open."""
    editors = [e for e in tab.table.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, editors
    return editors[0]


def type_in_editor(qtbot, tab: ChecklistTab, text: str) -> None:  # type: ignore[no-untyped-def]
    editor = open_editor(tab)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # the delegate commits and closes its editor through a queued call
    qtbot.waitUntil(lambda: tab.table.state() != tab.table.State.EditingState)
    QApplication.processEvents()


# -- showing --------------------------------------------------------------------------------
def test_shows_the_current_phase_with_progress_and_defaults_to_forstudie_in_ide(
    qtbot, project
) -> None:  # type: ignore[no-untyped-def]
    project_service.set_current_phase(project, Phase.IDE)
    tab, _ctx = make_tab(qtbot, project)
    assert tab.phase is Phase.FORSTUDIE
    assert tab.phase_combo.currentText() == "Forstudie"
    assert shown_titles(tab) == default_checklists()["forstudie"]
    assert tab.progress_label.text() == "0 av 12 ferdig"
    assert tab.empty.text() == ""
    assert tab.current_row() == 0  # the first item is current, its details are shown
    assert tab.title_edit.text() == default_checklists()["forstudie"][0]

    project_service.set_current_phase(project, Phase.FORPROSJEKT)
    tab2, _ = make_tab(qtbot, project)
    assert tab2.phase is Phase.FORPROSJEKT
    assert shown_titles(tab2) == default_checklists()["forprosjekt"]


def test_phase_selector_switches_lists_and_empty_state_says_what_to_do(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    for item in cl.list_items(project, Phase.HOVEDPROSJEKT):
        cl.delete_item(project, item.id or 0)
    tab, _ = make_tab(qtbot, project)
    tab.phase_combo.setFocus()
    tab.phase_combo.setCurrentIndex(2)
    tab.phase_combo.activated.emit(2)
    assert tab.phase is Phase.HOVEDPROSJEKT
    assert shown_titles(tab) == []
    assert "Ingen punkter i sjekklisten for hovedprosjektet" in tab.empty.text()
    assert "Ctrl+N" in tab.empty.text()
    assert tab.progress_label.text() == "Ingen punkter"
    assert not tab.delete_button.isEnabled() and tab.add_button.isEnabled()
    # Insert works in the empty list too
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Insert)
    type_in_editor(qtbot, tab, "Sluttrapport levert")
    assert stored_titles(project, Phase.HOVEDPROSJEKT) == ["Sluttrapport levert"]
    assert tab.empty.text() == ""


# -- add and rename ---------------------------------------------------------------------------
def test_insert_adds_after_the_current_item_edits_its_title_and_undo_removes_it(
    qtbot, project, errors
) -> None:  # type: ignore[no-untyped-def]
    tab, ctx = make_tab(qtbot, project)
    select_row(tab, 1)
    qtbot.keyClick(tab.table, Qt.Key.Key_Insert)
    assert tab.model.draft_row == 2
    assert tab.table.state() == tab.table.State.EditingState
    type_in_editor(qtbot, tab, "Avklare budsjett med økonomisjefen")
    titles = stored_titles(project)
    assert titles[2] == "Avklare budsjett med økonomisjefen" and len(titles) == 13
    assert shown_titles(tab) == titles
    assert tab.model.draft_row is None
    assert tab.current_row() == 2 and tab.title_edit.text() == titles[2]
    assert ctx.undo_stack.count() == 1 and errors == []
    ctx.undo_stack.undo()
    assert stored_titles(project) == default_checklists()["forstudie"]
    assert shown_titles(tab) == default_checklists()["forstudie"]
    ctx.undo_stack.redo()
    assert stored_titles(project)[2] == "Avklare budsjett med økonomisjefen"


def test_ctrl_n_then_escape_or_empty_title_stores_nothing(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    tab, ctx = make_tab(qtbot, project)
    select_row(tab, 4)
    qtbot.keyClick(tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert tab.model.draft_row == 5
    editor = open_editor(tab)
    qtbot.keyClicks(editor, "Halvveis")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: tab.model.draft_row is None)
    assert tab.current_row() == 4
    qtbot.keyClick(tab.table, Qt.Key.Key_Insert)
    type_in_editor(qtbot, tab, "   ")
    qtbot.waitUntil(lambda: tab.model.draft_row is None)
    assert stored_titles(project) == default_checklists()["forstudie"]
    assert ctx.undo_stack.count() == 0


def test_f2_renames_inline_and_undo_restores(qtbot, project, errors) -> None:  # type: ignore[no-untyped-def]
    tab, ctx = make_tab(qtbot, project)
    select_row(tab, 3)
    qtbot.keyClick(tab.table, Qt.Key.Key_F2)
    type_in_editor(qtbot, tab, "Oppstartsmøte på rådhuset i Olderdalen")
    assert stored_titles(project)[3] == "Oppstartsmøte på rådhuset i Olderdalen"
    assert tab.current_row() == 3
    assert ctx.undo_stack.undoText().startswith("Gi nytt navn til «Oppstartsmøte holdt")
    ctx.undo_stack.undo()
    assert stored_titles(project)[3] == default_checklists()["forstudie"][3]
    assert shown_titles(tab)[3] == default_checklists()["forstudie"][3]
    assert errors == []


def test_title_in_the_detail_panel_renames_and_refuses_an_empty_title(
    qtbot, project, errors
) -> None:  # type: ignore[no-untyped-def]
    tab, ctx = make_tab(qtbot, project)
    select_row(tab, 0)
    tab.title_edit.setFocus()
    tab.title_edit.selectAll()
    qtbot.keyClicks(tab.title_edit, "Mandat fra kommunedirektøren")
    qtbot.keyClick(tab.title_edit, Qt.Key.Key_Return)
    assert stored_titles(project)[0] == "Mandat fra kommunedirektøren"
    tab.title_edit.selectAll()
    qtbot.keyClick(tab.title_edit, Qt.Key.Key_Delete)
    qtbot.keyClick(tab.title_edit, Qt.Key.Key_Return)
    assert errors and "må ha en tittel" in errors[0]
    assert stored_titles(project)[0] == "Mandat fra kommunedirektøren"
    assert tab.title_edit.text() == "Mandat fra kommunedirektøren"
    assert ctx.undo_stack.count() == 1


# -- reorder ----------------------------------------------------------------------------------
def test_alt_up_and_down_move_the_item_one_undo_step_each(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    tab, ctx = make_tab(qtbot, project)
    first = default_checklists()["forstudie"][0]
    select_row(tab, 0)
    qtbot.keyClick(tab.table, Qt.Key.Key_Up, ALT)  # already first: nothing
    assert ctx.undo_stack.count() == 0
    qtbot.keyClick(tab.table, Qt.Key.Key_Down, ALT)
    qtbot.keyClick(tab.table, Qt.Key.Key_Down, ALT)
    assert stored_titles(project).index(first) == 2
    assert tab.current_row() == 2 and shown_titles(tab)[2] == first  # the selection follows
    assert ctx.undo_stack.count() == 2 and ctx.undo_stack.undoText() == "Flytt sjekklistepunkt"
    qtbot.keyClick(tab.table, Qt.Key.Key_Up, ALT)
    assert stored_titles(project).index(first) == 1
    ctx.undo_stack.undo()
    ctx.undo_stack.undo()
    assert stored_titles(project).index(first) == 1
    ctx.undo_stack.undo()
    assert stored_titles(project) == default_checklists()["forstudie"]
    # the last item cannot go further down
    select_row(tab, 11)
    assert not tab.down_button.isEnabled() and tab.up_button.isEnabled()
    qtbot.keyClick(tab.table, Qt.Key.Key_Down, ALT)
    assert stored_titles(project) == default_checklists()["forstudie"]


def test_drop_moves_the_item_where_it_lands(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    tab, ctx = make_tab(qtbot, project)
    titles = default_checklists()["forstudie"]
    model = tab.model
    data = model.mimeData([model.index(0, COL_TITLE)])
    # dropped between rows 3 and 4 (before row 4): lands as the fourth item
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 4, 0, QModelIndex())
    qtbot.waitUntil(lambda: stored_titles(project)[3] == titles[0])
    assert ctx.undo_stack.count() == 1
    # dropped on empty space below the list: last
    data = model.mimeData([model.index(0, COL_TITLE)])
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    qtbot.waitUntil(lambda: stored_titles(project)[-1] == titles[1])
    # dropped onto itself: nothing
    data = model.mimeData([model.index(2, COL_TITLE)])
    assert not model.dropMimeData(data, Qt.DropAction.MoveAction, 2, 0, QModelIndex())
    assert ctx.undo_stack.count() == 2


# -- status -----------------------------------------------------------------------------------
def test_status_from_the_keyboard_space_cycles_and_digits_choose(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    tab, ctx = make_tab(qtbot, project)
    select_row(tab, 2)

    def status() -> ChecklistStatus:
        return cl.list_items(project, Phase.FORSTUDIE)[2].status

    qtbot.keyClick(tab.table, Qt.Key.Key_Space)
    assert status() is ChecklistStatus.PAGAR
    qtbot.keyClick(tab.table, Qt.Key.Key_Space)
    assert status() is ChecklistStatus.FERDIG
    assert tab.progress_label.text() == "1 av 12 ferdig"
    assert tab.model.index(2, COL_STATUS).data() == "Ferdig"
    qtbot.keyClick(tab.table, Qt.Key.Key_4)
    assert status() is ChecklistStatus.IKKE_AKTUELT
    assert tab.progress_label.text() == "0 av 11 ferdig, 1 ikke aktuelt"
    qtbot.keyClick(tab.table, Qt.Key.Key_4)  # the same status: no step
    qtbot.keyClick(tab.table, Qt.Key.Key_1)
    assert status() is ChecklistStatus.IKKE_STARTET
    assert ctx.undo_stack.count() == 4
    assert tab.current_row() == 2
    ctx.undo_stack.undo()
    assert status() is ChecklistStatus.IKKE_AKTUELT
    assert tab.status_combo.currentText() == "Ikke aktuelt"


def test_status_combo_delegate_and_detail_combo(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    tab, _ctx = make_tab(qtbot, project)
    select_row(tab, 5)
    index = tab.model.index(5, COL_STATUS)
    assert tab.model.setData(index, ChecklistStatus.PAGAR.value)
    assert cl.list_items(project, Phase.FORSTUDIE)[5].status is ChecklistStatus.PAGAR
    tab.status_combo.setCurrentIndex(tab.status_combo.findData(ChecklistStatus.FERDIG.value))
    tab.status_combo.activated.emit(tab.status_combo.currentIndex())
    assert cl.list_items(project, Phase.FORSTUDIE)[5].status is ChecklistStatus.FERDIG


def test_overdue_items_say_forsinket_in_words_and_colour(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    items = cl.list_items(project, Phase.FORSTUDIE)
    cl.update_item(
        project, replace(items[7], status=ChecklistStatus.PAGAR, due_on=TODAY - timedelta(days=6))
    )
    cl.update_item(project, replace(items[8], due_on=TODAY))  # due today: not late yet
    cl.update_item(
        project,
        replace(items[0], status=ChecklistStatus.FERDIG, due_on=TODAY - timedelta(days=30)),
    )
    tab, _ = make_tab(qtbot, project)
    late_status = tab.model.index(7, COL_STATUS)
    assert late_status.data() == "Pågår · Forsinket"
    late_due = tab.model.index(7, COL_DUE)
    assert late_due.data() == "09.10.2026"
    assert late_due.data(Qt.ItemDataRole.ToolTipRole) == "Forsinket med 6 dager"
    assert late_due.data(Qt.ItemDataRole.FontRole).bold()
    assert late_status.data(Qt.ItemDataRole.ToolTipRole) == "Forsinket med 6 dager"
    assert late_status.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert late_status.data(Qt.ItemDataRole.FontRole).bold()
    for row in (0, 8):
        assert "Forsinket" not in tab.model.index(row, COL_STATUS).data()
        assert tab.model.index(row, COL_STATUS).data(Qt.ItemDataRole.BackgroundRole) is None
    assert "1 forsinket" in tab.progress_label.text()
    select_row(tab, 7)
    assert tab.late_label.isVisible() and "Forsinket med 6 dager" in tab.late_label.text()
    select_row(tab, 8)
    assert not tab.late_label.isVisible()


# -- the detail panel -------------------------------------------------------------------------
def test_responsible_and_due_date_are_stored_and_cleared(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    pid = people.add_person(project, Person("Áilu Hætta Sara", "Kåfjord kommune"))
    people.add_person(project, Person("Øystein Haugen"))
    tab, ctx = make_tab(qtbot, project)
    select_row(tab, 4)
    combo = tab.responsible_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "(ingen)",
        "Áilu Hætta Sara",
        "Øystein Haugen",
    ]
    combo.setCurrentIndex(1)
    combo.activated.emit(1)
    item = cl.list_items(project, Phase.FORSTUDIE)[4]
    assert item.responsible_id == pid
    assert tab.model.index(4, 3).data() == "Áilu Hætta Sara"

    tab.due_edit.check.setChecked(True)  # the date edit's date becomes the due date
    stored = cl.list_items(project, Phase.FORSTUDIE)[4].due_on
    assert stored is not None
    tab.due_edit.edit.setDate(tab.due_edit.edit.date().addDays(3))
    tab.due_edit.edit.editingFinished.emit()
    assert cl.list_items(project, Phase.FORSTUDIE)[4].due_on == stored + timedelta(days=3)
    tab.due_edit.check.setChecked(False)
    assert cl.list_items(project, Phase.FORSTUDIE)[4].due_on is None
    combo.setCurrentIndex(0)
    combo.activated.emit(0)
    assert cl.list_items(project, Phase.FORSTUDIE)[4].responsible_id is None
    assert ctx.undo_stack.count() == 5
    assert tab.current_row() == 4


def test_due_date_typed_settles_into_one_step(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    tab, ctx = make_tab(qtbot, project)
    select_row(tab, 1)
    tab.due_edit.check.setChecked(True)
    count = ctx.undo_stack.count()
    edit = tab.due_edit.edit
    for days in (1, 2, 3):
        edit.setDate(edit.date().addDays(days))
    assert tab.due_timer.isActive()
    assert tab.flush()  # closing the project stores what was typed
    assert ctx.undo_stack.count() == count + 1


def test_note_saves_on_flush_on_focus_out_and_to_the_item_it_was_typed_for(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    tab, ctx = make_tab(qtbot, project)
    select_row(tab, 3)
    tab.note_edit.setFocus()
    qtbot.keyClicks(tab.note_edit, "Om lag 40 deltakere")
    assert tab.note_state_label.text() == "Ikke lagret ennå …"
    assert tab.note_edit.timer.isActive()
    assert tab.flush()
    assert cl.list_items(project, Phase.FORSTUDIE)[3].note == "Om lag 40 deltakere"
    assert tab.note_state_label.text() == "✓ Lagret"
    assert ctx.undo_stack.count() == 1
    # typing, then choosing another item: the text goes to the item it was typed for
    qtbot.keyClicks(tab.note_edit, "; referat sendt")
    select_row(tab, 6)
    items = cl.list_items(project, Phase.FORSTUDIE)
    assert items[3].note == "Om lag 40 deltakere; referat sendt"
    assert items[6].note == ""
    assert tab.note_edit.toPlainText() == ""
    # the idle timer saves as well
    tab.note_edit.setFocus()
    qtbot.keyClicks(tab.note_edit, "Svarfrist 1. november")
    qtbot.waitUntil(
        lambda: cl.list_items(project, Phase.FORSTUDIE)[6].note == "Svarfrist 1. november",
        timeout=4000,
    )
    ctx.undo_stack.undo()
    assert cl.list_items(project, Phase.FORSTUDIE)[6].note == ""
    assert tab.note_edit.toPlainText() == ""


# -- links ------------------------------------------------------------------------------------
def fake_link_dialog(monkeypatch, kind: LinkKind, *, labels=(), document: str = "") -> list[str]:  # type: ignore[no-untyped-def]
    """Make LinkDialog.exec choose a kind and targets (by label) or type a document."""
    offered: list[str] = []

    def fake_exec(self: LinkDialog) -> int:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind.value))
        offered.extend(self.proxy.index(r, 0).data() for r in range(self.proxy.rowCount()))
        if kind.has_target:
            sel = self.target_list.selectionModel()
            sel.clearSelection()
            for r in range(self.proxy.rowCount()):
                if self.proxy.index(r, 0).data() in labels:
                    sel.select(self.proxy.index(r, 0), sel.SelectionFlag.Select)
        else:
            self.document_edit.setText(document)
        self.buttons.accepted.emit()
        return self.result()

    monkeypatch.setattr(LinkDialog, "exec", fake_exec)
    return offered


def test_links_add_and_remove_with_keyboard_and_undo(qtbot, project, monkeypatch, errors) -> None:  # type: ignore[no-untyped-def]
    tab, ctx = make_tab(qtbot, project)
    select_row(tab, 4)
    assert "Ingen koblinger" in tab.link_empty.text()
    offered = fake_link_dialog(
        monkeypatch,
        LinkKind.SERVICE,
        labels=("Byggesak › Forhåndskonferanse", "Byggesak › Ferdigattest"),
    )
    qtbot.mouseClick(tab.link_button, Qt.MouseButton.LeftButton)
    assert "Plan og areal › Kommuneplanens arealdel" in offered
    item = cl.list_items(project, Phase.FORSTUDIE)[4]
    assert [lk.label for lk in item.links] == [
        "Byggesak › Forhåndskonferanse",
        "Byggesak › Ferdigattest",
    ]
    assert ctx.undo_stack.count() == 1  # two links, one step
    assert tab.model.index(4, 5).data() == "2"
    assert tab.link_model.rowCount() == 2
    assert tab.link_model.item(0).text() == "Tjeneste: Byggesak › Forhåndskonferanse"

    # a linked service is not offered again; a document is a free label
    offered = fake_link_dialog(monkeypatch, LinkKind.SERVICE, labels=())
    qtbot.mouseClick(tab.link_button, Qt.MouseButton.LeftButton)
    assert "Byggesak › Forhåndskonferanse" not in offered
    fake_link_dialog(monkeypatch, LinkKind.DOCUMENT, document="Tjenestekart Kåfjord.xlsx")
    tab.link_list.setFocus()
    qtbot.keyClick(tab.link_list, Qt.Key.Key_Insert)
    assert tab.link_model.item(2).text() == "Dokument: Tjenestekart Kåfjord.xlsx"
    assert errors == []

    tab.link_list.setCurrentIndex(tab.link_model.index(0, 0))
    assert tab.unlink_button.isEnabled()
    qtbot.keyClick(tab.link_list, Qt.Key.Key_Delete)
    labels = [lk.label for lk in cl.list_items(project, Phase.FORSTUDIE)[4].links]
    assert labels == ["Byggesak › Ferdigattest", "Tjenestekart Kåfjord.xlsx"]
    ctx.undo_stack.undo()
    assert len(cl.list_items(project, Phase.FORSTUDIE)[4].links) == 3


def test_link_dialog_says_what_to_do_when_there_is_nothing_to_link(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    ctx = ProjectContext(project)
    item = cl.list_items(project, Phase.FORSTUDIE)[7]
    dlg = LinkDialog(ctx, item)
    qtbot.addWidget(dlg)
    dlg.kind_combo.setCurrentIndex(dlg.kind_combo.findData(LinkKind.NOTE.value))
    dlg.show()
    assert "Ingen notater ennå" in dlg.target_empty.text()
    assert not dlg.ok_button.isEnabled()
    dlg.kind_combo.setCurrentIndex(dlg.kind_combo.findData(LinkKind.MEETING.value))
    assert "Ingen møter ennå" in dlg.target_empty.text()
    dlg.kind_combo.setCurrentIndex(dlg.kind_combo.findData(LinkKind.DOCUMENT.value))
    assert not dlg.ok_button.isEnabled()
    dlg.document_edit.setText("Forstudierapport.pdf")
    assert dlg.ok_button.isEnabled()


# -- delete -----------------------------------------------------------------------------------
def test_delete_asks_only_when_the_item_has_links_or_a_note(qtbot, project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[tuple[str, list[str]]] = []
    answer = [False]

    def confirm(_parent, _title, text, details=(), action=""):  # type: ignore[no-untyped-def]
        asked.append((text, list(details)))
        return answer[0]

    monkeypatch.setattr(dialogs, "ask_confirm", confirm)
    items = cl.list_items(project, Phase.FORSTUDIE)
    cl.add_link(project, items[3].id or 0, ChecklistLink(LinkKind.DOCUMENT, None, "Referat.docx"))
    cl.update_item(project, replace(items[3], note="Holdt 12. september"))
    tab, ctx = make_tab(qtbot, project)

    select_row(tab, 1)  # no links, no note: no question
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert asked == [] and len(stored_titles(project)) == 11
    assert tab.current_row() == 1  # the next item becomes current

    select_row(tab, 2)  # was row 3
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert asked and asked[0][1] == ["1 kobling", "notatet"]
    assert len(stored_titles(project)) == 11  # said no
    answer[0] = True
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert len(stored_titles(project)) == 10
    ctx.undo_stack.undo()
    restored = cl.list_items(project, Phase.FORSTUDIE)[2]
    assert restored.note == "Holdt 12. september" and len(restored.links) == 1


# -- read-only --------------------------------------------------------------------------------
def test_read_only_disables_every_change(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    p = project_service.create_project(tmp_path / "ro.nvk", "4645", "Test")
    p.close()
    project = project_service.open_project(tmp_path / "ro.nvk", read_only=True)
    try:
        tab, ctx = make_tab(qtbot, project)
        assert ctx.read_only
        for w in (
            tab.add_button,
            tab.up_button,
            tab.down_button,
            tab.delete_button,
            tab.link_button,
            tab.unlink_button,
            tab.title_edit,
            tab.status_combo,
            tab.responsible_combo,
            tab.due_edit,
        ):
            assert not w.isEnabled(), w
        assert tab.note_edit.isReadOnly()
        assert not tab.table.dragEnabled()
        assert not (tab.model.flags(tab.model.index(0, COL_TITLE)) & Qt.ItemFlag.ItemIsEditable)
        select_row(tab, 0)
        for key, mods in (
            (Qt.Key.Key_Insert, Qt.KeyboardModifier.NoModifier),
            (Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier),
            (Qt.Key.Key_3, Qt.KeyboardModifier.NoModifier),
            (Qt.Key.Key_Down, ALT),
            (Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier),
            (Qt.Key.Key_F2, Qt.KeyboardModifier.NoModifier),
        ):
            qtbot.keyClick(tab.table, key, mods)
        assert tab.model.draft_row is None
        assert tab.table.state() != tab.table.State.EditingState
        assert stored_titles(project) == default_checklists()["forstudie"]
        assert {i.status for i in cl.list_items(project, Phase.FORSTUDIE)} == {
            ChecklistStatus.IKKE_STARTET
        }
        assert tab.flush()
    finally:
        project.close()


# -- search hits ------------------------------------------------------------------------------
def test_reveal_switches_phase_and_selects_the_item(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    tab, _ = make_tab(qtbot, project)
    target = cl.list_items(project, Phase.FORPROSJEKT)[3]
    assert tab.reveal("checklist", target.id or 0)
    assert tab.phase is Phase.FORPROSJEKT and tab.current_id() == target.id
    assert tab.title_edit.text() == target.title
    assert not tab.reveal("checklist", 99999)


# -- Oversikt ---------------------------------------------------------------------------------
def test_overview_shows_progress_per_phase_and_opens_the_checklist(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    items = cl.list_items(project, Phase.FORSTUDIE)
    for it in items[:3]:
        cl.update_item(project, replace(it, status=ChecklistStatus.FERDIG))
    cl.update_item(project, replace(items[3], status=ChecklistStatus.IKKE_AKTUELT))
    cl.update_item(project, replace(items[4], due_on=date.today() - timedelta(days=2)))
    window = MainWindow(ProjectContext(project), remember_geometry=False)
    qtbot.addWidget(window)
    window.show()
    overview = window.page(0)
    box = overview.checklist_box
    _b, bar, label = box.rows[Phase.FORSTUDIE]
    assert label.text().startswith("3 av 11 ferdig, 1 ikke aktuelt, ")
    assert "1 forsinket" in label.text() and "color:" in label.text()
    assert bar.value() == 3 and bar.maximum() == 11 and bar.format() == "27 %"
    assert box.rows[Phase.FORPROSJEKT][2].text() == "0 av 6 ferdig"
    assert "(nå)" in box.rows[Phase.FORSTUDIE][0].text()

    button = box.rows[Phase.FORPROSJEKT][0]
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    forstudie_index = window.page_slugs().index("forstudie")
    assert window.current_page_index() == forstudie_index
    page = window.page(forstudie_index)
    assert page.tabs.currentWidget() is page.checklists
    assert page.checklists.phase is Phase.FORPROSJEKT


def _decision_dialog(qtbot, ctx: ProjectContext) -> DecisionDialogWithChecklist:  # type: ignore[no-untyped-def]
    dlg = DecisionDialogWithChecklist(ctx, Phase.FORSTUDIE, today=lambda: TODAY)
    qtbot.addWidget(dlg)
    assert dlg.advance_check.isEnabled() and dlg.advance_check.isChecked()
    return dlg


def test_moving_on_with_open_items_warns_and_avbryt_writes_nothing(
    qtbot, project, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    items = cl.list_items(project, Phase.FORSTUDIE)
    for it in items[:2]:
        cl.update_item(project, replace(it, status=ChecklistStatus.FERDIG))
    cl.update_item(project, replace(items[2], status=ChecklistStatus.IKKE_AKTUELT))
    cl.update_item(
        project, replace(items[3], status=ChecklistStatus.PAGAR, due_on=TODAY - timedelta(days=1))
    )
    for n in range(10):  # 9 + 10 = 19 open items: the list stops at 15
        cl.add_item(project, Phase.FORSTUDIE, f"Ekstra punkt {n + 1}")
    project.take_last_change()
    asked: list[tuple[str, str, list[str]]] = []
    answer: list[int | None] = [None]

    def fake_choose(parent, text, informative, choices, **kw):  # type: ignore[no-untyped-def]
        asked.append((text, informative, [c[0] for c in choices]))
        return answer[0]

    monkeypatch.setattr(page_module, "choose", fake_choose)
    ctx = ProjectContext(project)
    dlg = _decision_dialog(qtbot, ctx)
    dlg.buttons.accepted.emit()  # OK
    assert len(asked) == 1
    text, informative, choices = asked[0]
    assert text == "Sjekklisten for forstudien har 19 åpne punkter."
    assert choices == ["Gå videre likevel"]
    lines = informative.splitlines()
    assert lines[0] == f"• {items[3].title} (Pågår · Forsinket)"
    assert f"• {items[5].title[:89].rstrip()}… (Ikke startet)" in lines  # long: shortened
    assert f"• {items[8].title} (Ikke startet)" in lines
    assert sum(line.startswith("• ") for line in lines) == 15
    assert "… og 4 til" in lines
    assert "gå videre til forprosjektet?" in informative
    assert not any(items[0].title in line for line in lines)  # ferdig and ikke aktuelt not listed
    # Avbryt: nothing written, the dialog stays open
    assert phases.list_decision_points(project) == []
    assert project_service.project_info(project).current_phase is Phase.FORSTUDIE
    assert ctx.undo_stack.count() == 0
    assert dlg.result() == 0  # not accepted: still open with what was chosen

    answer[0] = 0  # «Gå videre likevel»
    dlg.buttons.accepted.emit()
    assert [d.decision for d in phases.list_decision_points(project)] == [Decision.VIDEREFORE]
    assert project_service.project_info(project).current_phase is Phase.FORPROSJEKT
    assert ctx.undo_stack.count() == 1


def test_no_warning_without_open_items_or_without_moving_on(qtbot, project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []
    monkeypatch.setattr(page_module, "choose", lambda *a, **k: asked.append(a[1]) or None)
    ctx = ProjectContext(project)
    # not moving on: no warning even with open items
    dlg = _decision_dialog(qtbot, ctx)
    dlg.advance_check.setChecked(False)
    dlg.buttons.accepted.emit()
    assert asked == [] and len(phases.list_decision_points(project)) == 1
    # a "justere" decision cannot move on
    dlg = _decision_dialog(qtbot, ctx)
    dlg.decision_combo.setCurrentIndex(dlg.decision_combo.findData(Decision.JUSTERE.value))
    dlg.buttons.accepted.emit()
    assert asked == []
    # every item ferdig or ikke aktuelt: moves on without asking
    for i, it in enumerate(cl.list_items(project, Phase.FORSTUDIE)):
        status = ChecklistStatus.FERDIG if i % 3 else ChecklistStatus.IKKE_AKTUELT
        cl.update_item(project, replace(it, status=status))
    dlg = _decision_dialog(qtbot, ctx)
    dlg.decided_by_combo.setCurrentIndex(
        dlg.decided_by_combo.findData(DecidedBy.KOMMUNESTYRE.value)
    )
    dlg.buttons.accepted.emit()
    assert asked == []
    assert project_service.project_info(project).current_phase is Phase.FORPROSJEKT


def test_overview_add_decision_uses_the_warning(qtbot, project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.pages.overview import OverviewPage

    asked: list[str] = []
    monkeypatch.setattr(page_module, "choose", lambda *a, **k: asked.append(a[1]) or None)
    used: list[type] = []

    def fake_exec(self) -> int:  # type: ignore[no-untyped-def]
        used.append(type(self))
        self.buttons.accepted.emit()
        return self.result()

    monkeypatch.setattr(DecisionDialogWithChecklist, "exec", fake_exec)
    ctx = ProjectContext(project)
    page = OverviewPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.add_decision()
    assert used == [DecisionDialogWithChecklist]
    assert asked == ["Sjekklisten for forstudien har 12 åpne punkter."]
    assert phases.list_decision_points(project) == []
    assert ctx.undo_stack.count() == 0


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_tab_fits_laptop_and_projector(qtbot, project, size) -> None:  # type: ignore[no-untyped-def]
    tab, _ = make_tab(qtbot, project)
    tab.resize(*size)
    QApplication.processEvents()
    assert tab.table.columnWidth(COL_TITLE) > 250
    assert tab.detail.width() >= 320
