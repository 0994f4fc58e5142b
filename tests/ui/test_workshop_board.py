"""Verksted → Klynger: cards into improvement points by keyboard and by drag, split,
merge, rename, evidence, undo and read-only."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QItemSelectionModel, QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QListView

from nvk_desktop.domain.workshop import CardKind, LinkKind, Workshop
from nvk_desktop.services import project as project_service
from nvk_desktop.services import workshop_points as wp
from nvk_desktop.services import workshops as ws
from ui import dialogs
from ui.context import ProjectContext
from ui.pages import workshop_board
from ui.pages.workshop_board import BoardTab, EvidenceDialog, PointChooser
from ui.pages.workshop_capture import CARD_MIME, CardListModel
from ui.pages.workshops import TAB_BOARD, WorkshopsPage

CTRL = Qt.KeyboardModifier.ControlModifier

CARDS = [
    ("Byggesaker tar for lang tid", "byggesaker", CardKind.SVAKHET),
    ("Vet aldri når vi får svar", "byggesaker", CardKind.SVAKHET),
    ("Forhåndskonferanse før søknad", "byggesaker", CardKind.FORSLAG),
    ("Nettsidene er vanskelige", "service_informasjon", CardKind.SVAKHET),
    ("Kjekt med åpen kontordag", None, CardKind.STYRKE),
]


@pytest.fixture
def titles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Answer the title question with the suggested title, and note it."""
    asked: list[str] = []

    def answer(_p: object, _t: str, default: str) -> str:
        asked.append(default)
        return default

    monkeypatch.setattr(workshop_board, "ask_title", answer)
    return asked


def setup(qtbot, project: project_service.Project) -> tuple[BoardTab, ProjectContext, int]:  # type: ignore[no-untyped-def]
    wid = ws.create_workshop(
        project, Workshop(name="V", held_on=date(2025, 3, 4)), with_agenda=False
    )
    g1 = ws.add_group(project, wid, "Gruppe 1")
    g2 = ws.add_group(project, wid, "Gruppe 2")
    for i, (text, area, kind) in enumerate(CARDS):
        ws.add_card(project, wid, g1 if i % 2 == 0 else g2, text, area, kind)
    project.take_last_change()
    ctx = ProjectContext(project)
    page = WorkshopsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitActive(page)
    page.tabs.setCurrentIndex(TAB_BOARD)
    QApplication.processEvents()
    return page.board_tab, ctx, wid


def texts(model: CardListModel) -> list[str]:
    return [c.text for c in model.cards]


def select_rows(view: QListView, *rows: int) -> None:
    model = view.model()
    sel = view.selectionModel()
    sel.clearSelection()
    for i, r in enumerate(rows):
        index = model.index(r, 0)
        flag = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            if i == 0
            else QItemSelectionModel.SelectionFlag.Select
        )
        sel.setCurrentIndex(index, flag) if i == 0 else sel.select(index, flag)
    view.setFocus()


def test_empty_states(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    board, _ctx, _wid = setup(qtbot, project)
    assert board.points_empty.isVisible()
    assert "Ingen forbedringspunkter ennå" in board.points_empty.text()
    assert len(texts(board.loose_model)) == 5
    assert not board.merge_button.isEnabled() and not board.split_button.isEnabled()


def test_keyboard_makes_a_point_then_ctrl_p_moves_more_into_it(
    qtbot, project, titles, monkeypatch, errors
) -> None:  # type: ignore[no-untyped-def]
    board, ctx, wid = setup(qtbot, project)
    view = board.loose_list
    view.setFocus()
    # arrows move, Space picks: the first and the second card
    view.setCurrentIndex(board.loose_model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert [c.text for c in workshop_board.selected_cards(view)] == [CARDS[0][0], CARDS[1][0]]

    # Ctrl+P → the chooser → «Nytt forbedringspunkt» (first entry) → Enter
    def choose_new(self: PointChooser) -> int:
        assert self.list.item(0).data(Qt.ItemDataRole.UserRole) == workshop_board.NEW_POINT
        self.list.setCurrentRow(0)
        self.accept()
        return 1

    monkeypatch.setattr(PointChooser, "exec", choose_new)
    qtbot.keyClick(view, Qt.Key.Key_P, CTRL)
    assert titles == [CARDS[0][0]]
    [point] = wp.list_points(project, wid)
    assert point.title == CARDS[0][0] and point.area == "byggesaker"
    assert len(point.card_ids) == 2
    box = board.boxes[point.id]
    assert texts(box.model) == [CARDS[0][0], CARDS[1][0]]
    assert texts(board.loose_model) == [t for t, _a, _k in CARDS[2:]]
    assert not board.points_empty.isVisible()

    # type-to-filter in the chooser, Enter moves into the point
    view.setFocus()
    select_rows(view, 0)

    def filter_and_enter(self: PointChooser) -> int:
        qtbot.keyClicks(self.filter, "byggesaker tar")
        assert self.list.currentItem().data(Qt.ItemDataRole.UserRole) == point.id
        qtbot.keyClick(self.filter, Qt.Key.Key_Return)
        return self.result()

    monkeypatch.setattr(PointChooser, "exec", filter_and_enter)
    qtbot.keyClick(view, Qt.Key.Key_P, CTRL)
    assert len(wp.get_point(project, point.id).card_ids) == 3
    ctx.undo_stack.undo()
    assert len(wp.get_point(project, point.id).card_ids) == 2
    ctx.undo_stack.undo()
    assert wp.list_points(project, wid) == []
    assert len(texts(board.loose_model)) == 5
    assert errors == []


def test_ctrl_n_makes_a_point_of_the_selection_and_delete_takes_cards_back(
    qtbot, project, titles
) -> None:  # type: ignore[no-untyped-def]
    board, ctx, wid = setup(qtbot, project)
    select_rows(board.loose_list, 3)
    qtbot.keyClick(board.loose_list, Qt.Key.Key_N, CTRL)
    [point] = wp.list_points(project, wid)
    assert point.area == "service_informasjon"
    box = board.boxes[point.id]
    select_rows(box.list, 0)
    qtbot.keyClick(box.list, Qt.Key.Key_Delete)
    assert wp.get_point(project, point.id).card_ids == ()
    assert len(texts(board.loose_model)) == 5
    assert "Dra innspill hit" in box.empty.text()


def test_drag_onto_a_point_between_points_and_onto_new_point(qtbot, project, titles) -> None:  # type: ignore[no-untyped-def]
    board, ctx, wid = setup(qtbot, project)
    a = wp.create_point(project, wid, "Raskere byggesaker")
    b = wp.create_point(project, wid, "Bedre nettsider")
    project.take_last_change()
    ctx.changed.emit()
    src = board.loose_model
    mime = src.mimeData([src.index(0, 0), src.index(1, 0)])
    target = board.boxes[a].model
    assert target.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target.index(-1, 0))
    target.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target.index(-1, 0))
    qtbot.waitUntil(lambda: len(wp.get_point(project, a).card_ids) == 2)
    assert texts(board.boxes[a].model) == [CARDS[0][0], CARDS[1][0]]

    # from one point to another
    box_a = board.boxes[a]
    mime = box_a.model.mimeData([box_a.model.index(1, 0)])
    board.boxes[b].model.dropMimeData(
        mime, Qt.DropAction.MoveAction, -1, -1, QMimeData and board.boxes[b].model.index(-1, 0)
    )
    qtbot.waitUntil(lambda: len(wp.get_point(project, b).card_ids) == 1)

    # onto «Nytt forbedringspunkt»
    mime = src.mimeData([src.index(0, 0)])
    zone = board.new_zone
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    zone.dropEvent(event)
    qtbot.waitUntil(lambda: len(wp.list_points(project, wid)) == 3)
    assert titles[-1] == CARDS[2][0]
    ctx.undo_stack.undo()
    assert len(wp.list_points(project, wid)) == 2


def test_split_merge_rename_and_undo(qtbot, project, titles, errors) -> None:  # type: ignore[no-untyped-def]
    board, ctx, wid = setup(qtbot, project)
    ids = [c.id for c in ws.list_cards(project, wid)]
    a = wp.create_point(project, wid, "Byggesaker", ids[:3])
    b = wp.create_point(project, wid, "Service", ids[3:4])
    project.take_last_change()
    ctx.changed.emit()

    # split: select the third card of A, Ctrl+D
    box = board.boxes[a]
    select_rows(box.list, 2)
    assert board.split_button.isEnabled()
    qtbot.keyClick(box.list, Qt.Key.Key_D, CTRL)
    points = wp.list_points(project, wid)
    assert [p.title for p in points] == ["Byggesaker", CARDS[2][0], "Service"]
    assert len(points[0].card_ids) == 2 and len(points[1].card_ids) == 1

    # merge: tick A and B
    board.boxes[a].check.setChecked(True)
    board.boxes[b].check.setChecked(True)
    assert board.merge_button.isEnabled()
    board.merge_button.click()
    points = wp.list_points(project, wid)
    assert [p.title for p in points] == ["Byggesaker", CARDS[2][0]]
    assert len(points[0].card_ids) == 3
    ctx.undo_stack.undo()
    assert len(wp.list_points(project, wid)) == 3

    # rename inline: the title field saves when editing finishes
    box = board.boxes[a]
    box.title.setFocus()
    box.title.selectAll()
    qtbot.keyClicks(box.title, "Raskere og forutsigbar byggesaksbehandling")
    qtbot.keyClick(box.title, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: wp.get_point(project, a).title == "Raskere og forutsigbar byggesaksbehandling"
    )
    box.area.setCurrentIndex(box.area.findData("naeringsareal"))
    box.area.activated.emit(box.area.currentIndex())
    qtbot.waitUntil(lambda: wp.get_point(project, a).area == "naeringsareal")
    ctx.undo_stack.undo()
    assert wp.get_point(project, a).area == "byggesaker"
    ctx.undo_stack.undo()
    assert wp.get_point(project, a).title == "Byggesaker"
    assert errors == []


def test_delete_point_asks_and_cards_go_back(qtbot, project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    board, ctx, wid = setup(qtbot, project)
    ids = [c.id for c in ws.list_cards(project, wid)]
    a = wp.create_point(project, wid, "Byggesaker", ids[:2])
    project.take_last_change()
    ctx.changed.emit()
    asked: list[list[str]] = []
    monkeypatch.setattr(
        dialogs,
        "ask_confirm",
        lambda _p, _t, _x, details=(), _a="": asked.append(list(details)) or True,
    )
    board.delete_point(a)
    assert asked and "2 innspillene" in asked[0][0]
    assert wp.list_points(project, wid) == []
    assert len(texts(board.loose_model)) == 5


def test_evidence_dialog_links_and_unlinks(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    board, ctx, wid = setup(qtbot, project)
    a = wp.create_point(project, wid, "Byggesaker")
    project.take_last_change()
    ctx.changed.emit()
    dlg = EvidenceDialog(ctx, wp.get_point(project, a), board)
    qtbot.addWidget(dlg)
    qtbot.keyClicks(dlg.filter, "byggesaker")
    choice = dlg.list.currentItem().data(Qt.ItemDataRole.UserRole)
    assert choice.kind is LinkKind.SURVEY_AREA and choice.key == "byggesaker"
    qtbot.keyClick(dlg.filter, Qt.Key.Key_Return)
    [link] = wp.get_point(project, a).links
    assert link.kind is LinkKind.SURVEY_AREA and link.label == "Byggesaker"
    assert dlg.links.item(0).text() == "Område i undersøkelsen: Byggesaker"
    assert board.boxes[a].evidence.text() == "Belegg: 1 ▸"
    dlg.links.setCurrentRow(0)
    dlg.unlink_button.click()
    assert wp.get_point(project, a).links == ()
    ctx.undo_stack.undo()
    assert len(wp.get_point(project, a).links) == 1


def test_filters_on_the_unclustered_cards(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    board, _ctx, _wid = setup(qtbot, project)
    board.area_filter.setCurrentIndex(board.area_filter.findData("byggesaker"))
    assert len(texts(board.loose_model)) == 3
    board.kind_filter.setCurrentIndex(board.kind_filter.findData(CardKind.FORSLAG.value))
    assert texts(board.loose_model) == [CARDS[2][0]]
    assert board.loose_count.text() == "viser 1 av 5"
    board.group_filter.setCurrentIndex(board.group_filter.findText("Gruppe 2"))
    assert texts(board.loose_model) == []
    assert "passer til filteret" in board.loose_empty.text()


def test_read_only_board(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    p = project_service.create_project(tmp_path / "ro.nvk", "5540", "Kåfjord")
    wid = ws.create_workshop(p, Workshop(name="V"), with_agenda=False)
    cid = ws.add_card(p, wid, None, "Et innspill", None, CardKind.STYRKE)
    pid = wp.create_point(p, wid, "Punkt", [cid])
    p.close()
    project = project_service.open_project(tmp_path / "ro.nvk", read_only=True)
    try:
        ctx = ProjectContext(project)
        page = WorkshopsPage(ctx)
        qtbot.addWidget(page)
        page.show()
        page.tabs.setCurrentIndex(TAB_BOARD)
        QApplication.processEvents()
        board = page.board_tab
        box = board.boxes[pid]
        assert not box.title.isEnabled() and not box.check.isEnabled()
        assert not board.new_zone.isEnabled()
        select_rows(box.list, 0)
        qtbot.keyClick(box.list, Qt.Key.Key_Delete)
        assert wp.get_point(project, pid).card_ids == (cid,)
        mime = QMimeData()
        mime.setData(CARD_MIME, b"[1]")
        assert not board.loose_model.canDropMimeData(
            mime, Qt.DropAction.MoveAction, -1, -1, board.loose_model.index(-1, 0)
        )
    finally:
        project.close()
