"""Verksted → Innspill: fast capture by keyboard, as a facilitator types what the
groups say."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication

from nvk_desktop.domain.workshop import CardKind, Workshop
from nvk_desktop.services import project as project_service
from nvk_desktop.services import workshops as ws
from ui.context import ProjectContext
from ui.pages import workshop_capture
from ui.pages.workshop_capture import CaptureTab, GroupColumn
from ui.pages.workshops import TAB_CAPTURE, WorkshopsPage

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def setup(
    qtbot, project: project_service.Project, groups: int = 2
) -> tuple[WorkshopsPage, CaptureTab, ProjectContext, int]:  # type: ignore[no-untyped-def]
    wid = ws.create_workshop(
        project, Workshop(name="Resultatverksted", held_on=date(2025, 3, 4)), with_agenda=False
    )
    for i in range(groups):
        ws.add_group(project, wid, f"Gruppe {i + 1}")
    project.take_last_change()
    ctx = ProjectContext(project)
    page = WorkshopsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitActive(page)
    page.tabs.setCurrentIndex(TAB_CAPTURE)
    QApplication.processEvents()
    return page, page.capture_tab, ctx, wid


def type_card(qtbot, col: GroupColumn, text: str) -> None:  # type: ignore[no-untyped-def]
    col.field.setFocus()
    qtbot.keyClicks(col.field, text)
    qtbot.keyClick(col.field, Qt.Key.Key_Return)


def texts(col: GroupColumn) -> list[str]:
    return [c.text for c in col.model.cards]


def select_rows(col: GroupColumn, *rows: int) -> None:
    sel = col.list.selectionModel()
    sel.clearSelection()
    for i, r in enumerate(rows):
        index = col.model.index(r, 0)
        if i == 0:
            sel.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        else:
            sel.select(index, QItemSelectionModel.SelectionFlag.Select)
    col.list.setFocus()


def test_enter_makes_cards_that_keep_area_and_kind(qtbot, project, errors) -> None:  # type: ignore[no-untyped-def]
    _page, tab, ctx, wid = setup(qtbot, project)
    assert [c.title.text() for c in tab.columns] == ["Gruppe 1", "Gruppe 2"]
    assert "Ctrl+3 Byggesaker" in tab.legend.text() and "Alt+2 Svakhet" in tab.legend.text()
    col = tab.columns[0]
    assert "Ingen innspill ennå" in col.empty.text()
    assert col.area_chip.text() == "Generelt" and col.kind_chip.text() == "Styrke"

    type_card(qtbot, col, "Kommunen svarer raskt")
    qtbot.keyClick(col.field, Qt.Key.Key_3, CTRL)  # Byggesaker
    qtbot.keyClick(col.field, Qt.Key.Key_2, ALT)  # Svakhet
    assert col.area_chip.text() == "Byggesaker" and col.kind_chip.text() == "Svakhet"
    type_card(qtbot, col, "Byggesaker tar for lang tid")
    type_card(qtbot, col, "Uklart hva som kreves")
    qtbot.keyClick(col.field, Qt.Key.Key_F7)  # Forslag by function key
    qtbot.keyClick(col.field, Qt.Key.Key_7, CTRL)  # Generelt
    type_card(qtbot, col, "Fast kontaktperson")

    cards = ws.list_cards(project, wid)
    assert [(c.text, c.area, c.kind) for c in cards] == [
        ("Kommunen svarer raskt", None, CardKind.STYRKE),
        ("Byggesaker tar for lang tid", "byggesaker", CardKind.SVAKHET),
        ("Uklart hva som kreves", "byggesaker", CardKind.SVAKHET),
        ("Fast kontaktperson", None, CardKind.FORSLAG),
    ]
    assert {c.group_id for c in cards} == {col.group_id}
    assert texts(col) == [c.text for c in cards]
    assert col.field.text() == "" and col.count.text() == "4"
    assert ctx.undo_stack.count() == 4 and errors == []
    assert tab.last_add_ms is not None

    # an empty line makes nothing
    qtbot.keyClick(col.field, Qt.Key.Key_Return)
    assert len(ws.list_cards(project, wid)) == 4

    ctx.undo_stack.undo()
    assert texts(col) == [c.text for c in cards[:3]]
    ctx.undo_stack.redo()
    assert len(texts(col)) == 4


def test_a_new_card_is_appended_not_reloaded(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    _page, tab, _ctx, _wid = setup(qtbot, project)
    col, other = tab.columns
    type_card(qtbot, other, "Første")
    resets: list[str] = []
    inserted: list[int] = []
    for c in (col, other):
        c.model.modelReset.connect(lambda c=c: resets.append(c.title.text()))
    col.model.rowsInserted.connect(lambda _p, first, _l: inserted.append(first))
    type_card(qtbot, col, "Andre")
    type_card(qtbot, col, "Tredje")
    assert resets == [] and inserted == [0, 1]


def test_tab_moves_to_the_next_groups_field_and_areas_are_per_group(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    _page, tab, _ctx, wid = setup(qtbot, project, groups=3)
    a, b, c = tab.columns
    a.field.setFocus()
    qtbot.keyClick(a.field, Qt.Key.Key_1, CTRL)
    qtbot.keyClick(a.field, Qt.Key.Key_Tab)
    assert b.field.hasFocus()
    qtbot.keyClick(b.field, Qt.Key.Key_Tab, CTRL)
    assert c.field.hasFocus()
    qtbot.keyClick(c.field, Qt.Key.Key_Tab)
    assert a.field.hasFocus()  # round again
    qtbot.keyClick(a.field, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert c.field.hasFocus()
    assert a.entry.area == "infrastruktur_planverk" and c.entry.area is None
    type_card(qtbot, c, "Fra gruppe tre")
    [card] = ws.list_cards(project, wid)
    assert card.group_id == c.group_id and card.area is None


def test_edit_move_merge_delete_and_undo(qtbot, project, monkeypatch, errors) -> None:  # type: ignore[no-untyped-def]
    _page, tab, ctx, wid = setup(qtbot, project)
    col, other = tab.columns
    for t in (
        "Lang saksbehandling",
        "Saksbehandlingen tar lang tid",
        "For lang saksbehandling",
        "Skrivefeil",
    ):
        type_card(qtbot, col, t)

    # F2 in the field edits the last card; F2 in the list the current one
    def edit(self: workshop_capture.CardDialog) -> int:
        self.text_edit.setPlainText("Skrivefeil rettet")
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(CardKind.SPORSMAL.value))
        self.accept()
        return self.result()

    monkeypatch.setattr(workshop_capture.CardDialog, "exec", edit)
    qtbot.keyClick(col.field, Qt.Key.Key_F2)
    last = ws.list_cards(project, wid)[-1]
    assert (last.text, last.kind) == ("Skrivefeil rettet", CardKind.SPORSMAL)

    # Up goes into the list at the last card; Ctrl+digit sets the area of the selection
    col.field.setFocus()
    qtbot.keyClick(col.field, Qt.Key.Key_Up)
    assert col.list.hasFocus() and col.list.currentIndex().row() == 3
    qtbot.keyClick(col.list, Qt.Key.Key_5, CTRL)
    assert ws.get_card(project, last.id).area == "service_informasjon"
    assert col.entry.area is None  # the field keeps its own area

    # Alt+Right moves it to the next group
    qtbot.keyClick(col.list, Qt.Key.Key_Right, ALT)
    assert ws.get_card(project, last.id).group_id == other.group_id
    assert texts(other) == ["Skrivefeil rettet"] and len(texts(col)) == 3

    # three saying the same: Ctrl+M keeps the first and counts the others
    select_rows(col, 0, 1, 2)
    qtbot.keyClick(col.list, Qt.Key.Key_M, CTRL)
    cards = {c.text: c for c in ws.list_cards(project, wid)}
    keep = cards["Lang saksbehandling"]
    assert cards["For lang saksbehandling"].duplicate_of_id == keep.id
    assert texts(col) == ["Lang saksbehandling"]
    assert col.model.cards[0].weight == 3
    assert "(3 med like)" in col.count.text()
    ctx.undo_stack.undo()
    assert len(texts(col)) == 3
    ctx.undo_stack.redo()
    assert len(texts(col)) == 1

    # one card alone cannot be merged: a hint, no step
    before = ctx.undo_stack.count()
    select_rows(col, 0)
    qtbot.keyClick(col.list, Qt.Key.Key_M, CTRL)
    assert ctx.undo_stack.count() == before

    # Delete, and undo brings it back
    select_rows(other, 0)
    qtbot.keyClick(other.list, Qt.Key.Key_Delete)
    assert texts(other) == []
    ctx.undo_stack.undo()
    assert texts(other) == ["Skrivefeil rettet"]
    assert errors == []


def test_drag_to_another_group_moves_the_cards(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    _page, tab, ctx, wid = setup(qtbot, project)
    col, other = tab.columns
    type_card(qtbot, col, "Én")
    type_card(qtbot, col, "To")
    mime = col.model.mimeData([col.model.index(0, 0), col.model.index(1, 0)])
    assert other.model.canDropMimeData(
        mime, Qt.DropAction.MoveAction, -1, -1, other.model.index(-1, 0)
    )
    other.model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, other.model.index(-1, 0))
    qtbot.waitUntil(lambda: texts(other) == ["Én", "To"])
    assert texts(col) == []
    assert ctx.undo_stack.undoText() == "Flytt innspill til annen gruppe"
    # dropped on its own list: nothing
    before = ctx.undo_stack.count()
    other.model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, other.model.index(-1, 0))
    QApplication.processEvents()
    assert ctx.undo_stack.count() == before
    assert {c.group_id for c in ws.list_cards(project, wid)} == {other.group_id}


def test_many_groups_use_a_group_list_and_tab_walks_it(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    _page, tab, _ctx, wid = setup(qtbot, project, groups=6)
    assert tab.picker.isVisible() and not tab.side.isVisible()
    assert tab.group_list.count() == 6
    first = tab.columns[0]
    assert tab.stack.currentWidget() is first
    type_card(qtbot, first, "Fra gruppe 1")
    qtbot.keyClick(first.field, Qt.Key.Key_Tab)
    second = tab.columns[1]
    assert tab.stack.currentWidget() is second and tab.group_list.currentRow() == 1
    assert second.field.hasFocus()
    type_card(qtbot, second, "Fra gruppe 2")
    assert [c.group_id for c in ws.list_cards(project, wid)] == [first.group_id, second.group_id]
    assert tab.group_list.item(0).text().endswith("(1)")


def test_no_groups_captures_without_a_group(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    _page, tab, _ctx, wid = setup(qtbot, project, groups=0)
    assert tab.no_groups_hint.isVisible()
    [col] = tab.columns
    assert col.title.text() == "Alle innspill"
    type_card(qtbot, col, "Plenum: mer dialog")
    [card] = ws.list_cards(project, wid)
    assert card.group_id is None


def test_read_only_capture(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    p = project_service.create_project(tmp_path / "ro.nvk", "5540", "Kåfjord")
    wid = ws.create_workshop(p, Workshop(name="V"), with_agenda=False)
    gid = ws.add_group(p, wid, "Gruppe 1")
    ws.add_card(p, wid, gid, "Et innspill", None, CardKind.STYRKE)
    p.close()
    project = project_service.open_project(tmp_path / "ro.nvk", read_only=True)
    try:
        ctx = ProjectContext(project)
        page = WorkshopsPage(ctx)
        qtbot.addWidget(page)
        page.show()
        page.tabs.setCurrentIndex(TAB_CAPTURE)
        QApplication.processEvents()
        [col] = page.capture_tab.columns
        assert not col.field.isEnabled()
        select_rows(col, 0)
        qtbot.keyClick(col.list, Qt.Key.Key_Delete)
        qtbot.keyClick(col.list, Qt.Key.Key_3, CTRL)
        assert [c.area for c in ws.list_cards(project, wid)] == [None]
        assert not col.model.flags(col.model.index(0, 0)) & Qt.ItemFlag.ItemIsDragEnabled
    finally:
        project.close()
