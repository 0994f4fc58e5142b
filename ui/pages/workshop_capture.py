"""Verksted → Innspill: capture cards as fast as people speak (issue 5, point 2).

One column per working group (side by side up to four; with more, a group list and
the chosen group's column). Typing + Enter in a group's field makes a card that
keeps the field's area and kind; Ctrl+1…7 change the area, Alt+1…4 (or F5–F8) the
kind, Tab / Ctrl+Tab go to the next group's field. A new card is appended to its
column's model without reloading the other 2,000 cards.

The card list model and its painter are shared with the clustering board.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.domain.workshop import Card, CardKind, WorkshopGroup
from nvk_desktop.services import workshops as ws
from ui import dialogs
from ui.context import ProjectContext
from ui.pages.workshop_setup import (
    ALT,
    CTRL,
    NONE,
    SHIFT,
    KeyMap,
    WorkshopTab,
    area_choices,
    area_combo,
)
from ui.widgets import style
from ui.widgets.dates import format_int
from ui.widgets.tables import EmptyOverlay

CONTEXT = "WorkshopCapture"
CARD_MIME = "application/x-nvk-workshop-cards"
CARD_ROLE = Qt.ItemDataRole.UserRole + 10
SIDE_BY_SIDE_MAX = 4

Index = QModelIndex | QPersistentModelIndex

# Okabe–Ito, as the charts: told apart by colour-blind readers too (and named in text).
KIND_COLOURS: dict[CardKind, str] = {
    CardKind.STYRKE: "#009E73",
    CardKind.SVAKHET: "#D55E00",
    CardKind.FORSLAG: "#0072B2",
    CardKind.SPORSMAL: "#E69F00",
}
KINDS: tuple[CardKind, ...] = tuple(CardKind)
DIGITS = (
    Qt.Key.Key_1,
    Qt.Key.Key_2,
    Qt.Key.Key_3,
    Qt.Key.Key_4,
    Qt.Key.Key_5,
    Qt.Key.Key_6,
    Qt.Key.Key_7,
    Qt.Key.Key_8,
    Qt.Key.Key_9,
)
KIND_F_KEYS = (Qt.Key.Key_F5, Qt.Key.Key_F6, Qt.Key.Key_F7, Qt.Key.Key_F8)


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def area_keys() -> list[tuple[str, str | None, str]]:
    """(shortcut, area, name): Ctrl+1…6 the six survey areas, Ctrl+7 Generelt."""
    return [(f"Ctrl+{i + 1}", a, n) for i, (a, n) in enumerate(area_choices())]


def kind_keys() -> list[tuple[str, CardKind]]:
    return [(f"Alt+{i + 1}", k) for i, k in enumerate(KINDS)]


def shortcut_legend() -> str:
    areas = " · ".join(f"{k} {n}" for k, _a, n in area_keys())
    kinds = " · ".join(f"{k} {kind.label}" for k, kind in kind_keys())
    return _t(
        "Område: {areas}\nType: {kinds} (F5–F8) · Enter lagrer · Tab neste gruppe · "
        "↑ til listen: F2 endre, Delete slett, Ctrl+M slå sammen like, Alt+←/→ flytt"
    ).format(areas=areas, kinds=kinds)


def _ignore_args(action: Callable[[], object]) -> Callable[..., None]:
    """A menu action's slot: the «checked» argument is not passed on."""

    def slot(*_args: object) -> None:
        action()

    return slot


# -- model ----------------------------------------------------------------------------------------
class CardListModel(QAbstractListModel):
    """Cards shown one per row (merged duplicates are counted on their card, not
    shown). Cards can be dragged out (their ids) and dropped in (``on_drop``)."""

    def __init__(
        self,
        on_drop: Callable[[list[int]], None] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._cards: list[Card] = []
        self._row_of: dict[int, int] = {}
        self._on_drop = on_drop
        self.editable = True
        self.group_names: dict[int, str] = {}

    # -- data in --------------------------------------------------------------------------------
    def set_cards(self, cards: Sequence[Card]) -> None:
        new = list(cards)
        if [c for c in new] == self._cards:
            return
        self.beginResetModel()
        self._cards = new
        self._row_of = {c.id: i for i, c in enumerate(self._cards)}
        self.endResetModel()

    def append(self, card: Card) -> None:
        row = len(self._cards)
        self.beginInsertRows(QModelIndex(), row, row)
        self._cards.append(card)
        self._row_of[card.id] = row
        self.endInsertRows()

    @property
    def cards(self) -> list[Card]:
        return list(self._cards)

    def card(self, row: int) -> Card:
        return self._cards[row]

    def row_of(self, card_id: int) -> int | None:
        return self._row_of.get(card_id)

    # -- Qt ------------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cards)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c = self._cards[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return c.text
        if role == CARD_ROLE:
            return c
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return f"{c.text}\n{card_meta(c, self.group_names.get(c.group_id or -1, ''))}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return (
                Qt.ItemFlag.ItemIsDropEnabled
                if self._on_drop and self.editable
                else Qt.ItemFlag.NoItemFlags
            )
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
        if self.editable:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
            if self._on_drop is not None:
                flags |= Qt.ItemFlag.ItemIsDropEnabled
        return flags

    def mimeTypes(self) -> list[str]:
        return [CARD_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = sorted(
            {self._cards[i.row()].id for i in indexes if i.isValid()},
            key=lambda cid: self._row_of.get(cid, 0),
        )
        data = QMimeData()
        data.setData(CARD_MIME, json.dumps(ids).encode())
        data.setText("\n".join(self._cards[self._row_of[i]].text for i in ids))
        return data

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return self._on_drop is not None and self.editable and data.hasFormat(CARD_MIME)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent) or self._on_drop is None:
            return False
        ids = card_ids_of(data)
        ids = [i for i in ids if i not in self._row_of]  # dropped on its own list: nothing
        if ids:
            on_drop = self._on_drop
            # After the drag has ended, so the reload does not pull rows from under it.
            QTimer.singleShot(0, lambda: on_drop(ids))
        return False  # the source list is reloaded, not told to remove rows


def card_ids_of(data: QMimeData) -> list[int]:
    try:
        return [int(i) for i in json.loads(bytes(data.data(CARD_MIME).data()).decode())]
    except (ValueError, TypeError):
        return []


def card_meta(card: Card, group_name: str = "") -> str:
    parts = [ws.area_name(card.area), card.kind.label]
    if card.duplicates:
        parts.append(_t("sagt {n} ganger").format(n=card.weight))
    if group_name:
        parts.append(group_name)
    return " · ".join(parts)


# -- painting --------------------------------------------------------------------------------------
class CardDelegate(QStyledItemDelegate):
    """A card: a kind-coloured edge, the text wrapped, and a muted line with area,
    kind, "×n" for merged duplicates and (on the board) the group. Heights are
    cached per card and width, so a list of 2,000 lays out once."""

    PAD = 6
    EDGE = 5

    def __init__(self, view: QListView, *, show_group: bool = False, max_lines: int = 0) -> None:
        super().__init__(view)
        self._view = view
        self.show_group = show_group
        self.max_lines = max_lines
        self._heights: dict[tuple[int, str, int, int], int] = {}
        self._meta_font = QFont(view.font())
        size = view.font().pointSizeF() if view.font().pointSizeF() > 0 else 10.0
        self._meta_font.setPointSizeF(size * 0.86)

    def _item_width(self) -> int:
        return max(100, self._view.viewport().width() - 10)

    def _text_width(self) -> int:
        """The width paint() wraps the text in: the item less its margins (3 + 3),
        the coloured edge and the padding on both sides."""
        return self._item_width() - 6 - self.EDGE - 2 * self.PAD

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        card: Card | None = index.data(CARD_ROLE)
        width = self._text_width()
        if card is None:
            return QSize(width, 24)
        key = (card.id, card.text, width, card.duplicates)
        h = self._heights.get(key)
        if h is None:
            fm = QFontMetrics(self._view.font())
            rect = fm.boundingRect(
                QRect(0, 0, width, 100000), int(Qt.TextFlag.TextWordWrap), card.text
            )
            text_h = rect.height()
            if self.max_lines:
                text_h = min(text_h, fm.lineSpacing() * self.max_lines)
            meta_h = QFontMetrics(self._meta_font).lineSpacing()
            h = text_h + meta_h + 2 * self.PAD + 8
            if len(self._heights) > 20000:
                self._heights.clear()
            self._heights[key] = h
        return QSize(self._item_width(), h)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        card: Card | None = index.data(CARD_ROLE)
        if card is None:
            return
        pal: QPalette = option.palette
        rect: QRect = option.rect.adjusted(3, 2, -3, -2)
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        focused = bool(state & QStyle.StateFlag.State_HasFocus)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        base = pal.color(QPalette.ColorRole.Base)
        fill = style.accent(pal) if selected else base
        if selected:
            fill = QColor(fill)
            fill.setAlpha(50)
        painter.setPen(
            QPen(
                style.accent(pal) if selected or focused else pal.color(QPalette.ColorRole.Mid),
                2 if selected else 1,
            )
        )
        painter.setBrush(fill if selected else base)
        painter.drawRoundedRect(rect, 4, 4)
        edge = QRect(rect.left(), rect.top(), self.EDGE, rect.height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(KIND_COLOURS[card.kind]))
        painter.drawRoundedRect(edge, 2, 2)
        text_rect = rect.adjusted(self.EDGE + self.PAD, self.PAD - 1, -self.PAD, -self.PAD)
        fm = QFontMetrics(self._view.font())
        meta_h = QFontMetrics(self._meta_font).lineSpacing()
        body = QRect(
            text_rect.left(), text_rect.top(), text_rect.width(), text_rect.height() - meta_h - 2
        )
        painter.setPen(pal.color(QPalette.ColorRole.Text))
        painter.setFont(self._view.font())
        text = card.text
        if self.max_lines:
            lines = body.height() // max(1, fm.lineSpacing())
            if (
                fm.boundingRect(
                    QRect(0, 0, body.width(), 100000), int(Qt.TextFlag.TextWordWrap), text
                ).height()
                > body.height()
            ):
                text = fm.elidedText(
                    " ".join(text.split()),
                    Qt.TextElideMode.ElideRight,
                    body.width() * max(1, lines) - 12,
                )
        painter.drawText(
            body,
            int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
            text,
        )
        painter.setFont(self._meta_font)
        painter.setPen(style.muted_fg(pal))
        group = ""
        if self.show_group:
            model = index.model()
            names = getattr(model, "group_names", {})
            group = names.get(card.group_id or -1, "")
        meta = card_meta(card, group)
        meta_rect = QRect(
            text_rect.left(), text_rect.bottom() - meta_h + 1, text_rect.width(), meta_h
        )
        painter.drawText(
            meta_rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            QFontMetrics(self._meta_font).elidedText(
                meta, Qt.TextElideMode.ElideRight, meta_rect.width()
            ),
        )
        painter.restore()


def make_card_list(
    model: CardListModel,
    parent: QWidget | None = None,
    *,
    show_group: bool = False,
    max_lines: int = 0,
) -> QListView:
    view = QListView(parent)
    view.setModel(model)
    view.setItemDelegate(CardDelegate(view, show_group=show_group, max_lines=max_lines))
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setLayoutMode(QListView.LayoutMode.Batched)
    view.setBatchSize(200)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setDragEnabled(True)
    view.setAcceptDrops(True)
    view.viewport().setAcceptDrops(True)
    view.setDropIndicatorShown(False)
    view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
    view.setDefaultDropAction(Qt.DropAction.MoveAction)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.setUniformItemSizes(False)
    view.setWordWrap(True)  # also makes the list lay out again when its width changes
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setSpacing(0)
    return view


def selected_cards(view: QListView) -> list[Card]:
    sel = view.selectionModel()
    if sel is None:
        return []
    rows = sorted(i.row() for i in sel.selectedRows())
    model = view.model()
    assert isinstance(model, CardListModel)
    return [model.card(r) for r in rows]


def select_cards(view: QListView, card_ids: Sequence[int]) -> None:
    model = view.model()
    sel = view.selectionModel()
    assert isinstance(model, CardListModel) and sel is not None
    first = True
    for cid in card_ids:
        row = model.row_of(cid)
        if row is None:
            continue
        index = model.index(row, 0)
        if first:
            sel.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            view.scrollTo(index)
            first = False
        else:
            sel.select(index, QItemSelectionModel.SelectionFlag.Select)


# -- dialogs ---------------------------------------------------------------------------------------
class CardDialog(dialogs.EditDialog):
    """F2 on a card: its text, area and kind."""

    def __init__(self, ctx: ProjectContext, card: Card, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _t("Endre innspill"), parent)
        self.card = card
        self.text_edit = QPlainTextEdit(card.text, self)
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 14)
        self.area = area_combo(card.area, self)
        self.kind_combo = dialogs.enum_combo(list(CardKind), card.kind, self)
        self.form.addRow(_t("&Innspill:"), self.text_edit)
        self.form.addRow(_t("&Område:"), self.area)
        self.form.addRow(_t("&Type:"), self.kind_combo)
        self.text_edit.setFocus()
        self.text_edit.selectAll()

    def apply(self) -> bool:
        text = self.text_edit.toPlainText()
        area = self.area.currentData()
        kind = CardKind(self.kind_combo.currentData())
        c = self.card
        if (text.strip(), area, kind) == (c.text, c.area, c.kind):
            return True
        project = self.ctx.project
        return self.ctx.perform(lambda: ws.update_card(project, c.id, text, area, kind)) is not None


# -- one group's column -------------------------------------------------------------------------
@dataclass
class Entry:
    """What a column's field is set to: the next card's area and kind."""

    area: str | None = None
    kind: CardKind = CardKind.STYRKE


class GroupColumn(QFrame):
    def __init__(
        self, tab: CaptureTab, group: WorkshopGroup | None, title: str, entry: Entry
    ) -> None:
        super().__init__(tab)
        self.tab = tab
        self.group = group
        self.group_id = group.id if group is not None else None
        self.entry = entry
        self.setObjectName("captureColumn")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(title, self)
        self.title.setFont(style.scaled_font(self.title.font(), 1.1, bold=True))
        self.title.setToolTip(title)
        self.count = style.hint("", self)
        self.count.setWordWrap(False)
        self.model = CardListModel(self._dropped, self)
        self.list = make_card_list(self.model, self)
        self.list.setAccessibleName(_t("Innspill fra {group}").format(group=title))
        self.empty = EmptyOverlay(
            self.list, _t("Ingen innspill ennå. Skriv i feltet under og trykk Enter.")
        )
        self.list.selectionModel().selectionChanged.connect(lambda *_: tab.update_actions())
        self.list.doubleClicked.connect(lambda _i: tab.edit_card(self))
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.area_chip = self._chip()
        self.kind_chip = self._chip()
        self.field = QLineEdit(self)
        self.field.setPlaceholderText(_t("Skriv innspillet og trykk Enter"))
        self.field.setAccessibleName(_t("Nytt innspill fra {group}").format(group=title))
        self.field.setMaxLength(ws.CARD_MAX if hasattr(ws, "CARD_MAX") else 2000)
        self.field.returnPressed.connect(lambda: tab.add_card(self))
        self._fill_chip_menus()
        self.show_entry()

        head = QHBoxLayout()
        head.setSpacing(6)
        head.addWidget(self.title, 1)
        head.addWidget(self.count)
        chips = QHBoxLayout()
        chips.setSpacing(4)
        chips.addWidget(self.area_chip, 1)
        chips.addWidget(self.kind_chip)
        v = QVBoxLayout(self)
        v.setContentsMargins(6, 6, 6, 6)
        v.setSpacing(4)
        v.addLayout(head)
        v.addWidget(self.list, 1)
        v.addLayout(chips)
        v.addWidget(self.field)
        self.setMinimumWidth(200)

        entry_keys: dict[Any, Callable[[], object]] = {}
        list_keys: dict[Any, Callable[[], object]] = {}
        for i, (area, _name) in enumerate(area_choices()):
            entry_keys[(DIGITS[i], CTRL)] = partial(self.set_area, area)
            list_keys[(DIGITS[i], CTRL)] = partial(tab.set_selected_area, self, area)
        entry_keys[(Qt.Key.Key_0, CTRL)] = lambda: self.set_area(None)
        for i, kind in enumerate(KINDS):
            for key in ((DIGITS[i], ALT), (KIND_F_KEYS[i], NONE)):
                entry_keys[key] = partial(self.set_kind, kind)
                list_keys[key] = partial(tab.set_selected_kind, self, kind)
        entry_keys[(Qt.Key.Key_Tab, NONE)] = lambda: tab.focus_next(self, 1)
        entry_keys[(Qt.Key.Key_Tab, CTRL)] = lambda: tab.focus_next(self, 1)
        entry_keys[(Qt.Key.Key_Backtab, SHIFT)] = lambda: tab.focus_next(self, -1)
        entry_keys[(Qt.Key.Key_Backtab, CTRL | SHIFT)] = lambda: tab.focus_next(self, -1)
        entry_keys[(Qt.Key.Key_Up, NONE)] = self.focus_list
        entry_keys[(Qt.Key.Key_F2, NONE)] = lambda: tab.edit_card(self, last=True)
        entry_keys[(Qt.Key.Key_Escape, NONE)] = self.field.clear
        KeyMap(self.field, entry_keys)
        list_keys.update(
            {
                (Qt.Key.Key_F2, NONE): lambda: tab.edit_card(self),
                (Qt.Key.Key_Return, NONE): lambda: tab.edit_card(self),
                (Qt.Key.Key_Enter, NONE): lambda: tab.edit_card(self),
                (Qt.Key.Key_Delete, NONE): lambda: tab.delete_cards(self),
                (Qt.Key.Key_M, CTRL): lambda: tab.merge_duplicates(self),
                (Qt.Key.Key_Left, ALT): lambda: tab.move_to_neighbour(self, -1),
                (Qt.Key.Key_Right, ALT): lambda: tab.move_to_neighbour(self, 1),
                (Qt.Key.Key_Escape, NONE): self.field.setFocus,
                (Qt.Key.Key_Tab, NONE): lambda: self.field.setFocus(),
            }
        )
        KeyMap(self.list, list_keys)

    def _chip(self) -> QToolButton:
        chip = QToolButton(self)
        chip.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        chip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        chip.setAutoRaise(False)
        chip.setMenu(QMenu(chip))
        return chip

    def _fill_chip_menus(self) -> None:
        area_menu = self.area_chip.menu()
        for key, area, name in area_keys():
            act = QAction(f"{name}\t{key}", area_menu)
            act.triggered.connect(lambda _c=False, a=area: self.set_area(a))
            area_menu.addAction(act)
        kind_menu = self.kind_chip.menu()
        for key, kind in kind_keys():
            act = QAction(f"{kind.label}\t{key}", kind_menu)
            act.triggered.connect(lambda _c=False, k=kind: self.set_kind(k))
            kind_menu.addAction(act)

    def set_area(self, area: str | None) -> None:
        self.entry.area = area
        self.show_entry()

    def set_kind(self, kind: CardKind) -> None:
        self.entry.kind = kind
        self.show_entry()

    def show_entry(self) -> None:
        name = ws.area_name(self.entry.area)
        key = next(k for k, a, _n in area_keys() if a == self.entry.area)
        fm = self.area_chip.fontMetrics()
        width = max(80, self.area_chip.width() - 30)
        self.area_chip.setText(fm.elidedText(name, Qt.TextElideMode.ElideRight, width))
        self.area_chip.setToolTip(
            _t("Område for nye innspill: {name} ({key}). Ctrl+1…7 bytter.").format(
                name=name, key=key
            )
        )
        kind = self.entry.kind
        self.kind_chip.setText(kind.label)
        kkey = next(k for k, kk in kind_keys() if kk is kind)
        self.kind_chip.setToolTip(
            _t("Type for nye innspill: {kind} ({key}). Alt+1…4 eller F5–F8 bytter.").format(
                kind=kind.label, key=kkey
            )
        )
        colour = KIND_COLOURS[kind]
        self.kind_chip.setStyleSheet(
            f"QToolButton {{ border: 2px solid {colour}; border-radius: 9px; padding: 1px 8px; }}"
        )
        self.area_chip.setStyleSheet(
            "QToolButton { border: 1px solid palette(mid); border-radius: 9px; padding: 1px 8px; }"
        )
        self.field.setPlaceholderText(
            _t("{kind} om {area} – skriv og trykk Enter").format(
                kind=kind.label, area=name.lower() if self.entry.area is None else name
            )
        )

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.show_entry()

    def focus_list(self) -> None:
        n = self.model.rowCount()
        if n == 0:
            return
        self.list.setFocus()
        if not self.list.selectionModel().hasSelection():
            index = self.model.index(n - 1, 0)
            self.list.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.list.scrollTo(index)

    def set_cards(self, cards: Sequence[Card]) -> None:
        self.model.set_cards(cards)
        self.show_count()

    def show_count(self) -> None:
        n = self.model.rowCount()
        said = sum(c.weight for c in self.model.cards)
        text = (
            format_int(n)
            if n == said
            else _t("{n} ({m} med like)").format(n=format_int(n), m=format_int(said))
        )
        self.count.setText(text)
        self.count.setToolTip(_t("{n} innspill").format(n=format_int(said)))

    def _dropped(self, ids: list[int]) -> None:
        self.tab.move_cards(ids, self.group_id)

    def _menu(self, pos: QPoint) -> None:
        self.tab.card_menu(self, self.list.viewport().mapToGlobal(pos))


# -- the tab ---------------------------------------------------------------------------------------
class CaptureTab(WorkshopTab):
    REVEALS = ("card",)

    def __init__(self, ctx: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.groups: list[WorkshopGroup] = []
        self.columns: list[GroupColumn] = []
        self.entries: dict[tuple[int, int | None], Entry] = {}
        self.only_group_id: int | None = None  # a group file: just its group
        self._layout_key: tuple[object, ...] | None = None
        self._light_card: Card | None = None
        self.last_add_ms: float | None = None

        self.legend = style.hint(shortcut_legend(), self)
        self.legend.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.none_label = style.empty_state(
            _t("Velg et verksted i listen over, eller lag et nytt med «Nytt verksted…» (Ctrl+N)."),
            self,
        )
        self.no_groups_hint = style.hint(
            _t(
                "Verkstedet har ingen arbeidsgrupper; innspillene registreres uten gruppe. Legg til grupper under «Oppsett»."
            ),
            self,
        )
        # side by side
        self.side = QWidget(self)
        self.side_layout = QHBoxLayout(self.side)
        self.side_layout.setContentsMargins(0, 0, 0, 0)
        self.side_layout.setSpacing(6)
        # many groups: a list of groups and the chosen group's column
        self.picker = QSplitter(Qt.Orientation.Horizontal, self)
        self.group_list = QListWidget(self.picker)
        self.group_list.setAccessibleName(_t("Arbeidsgrupper"))
        self.group_list.currentRowChanged.connect(self._picked)
        self.stack = QStackedWidget(self.picker)
        self.picker.addWidget(self.group_list)
        self.picker.addWidget(self.stack)
        self.picker.setStretchFactor(0, 1)
        self.picker.setStretchFactor(1, 4)
        self.picker.setSizes([220, 800])
        self.picker.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.legend)
        layout.addWidget(self.none_label)
        layout.addWidget(self.no_groups_hint)
        layout.addWidget(self.side, 1)
        layout.addWidget(self.picker, 1)

    @property
    def light_pending(self) -> bool:
        """A card was just added here: the next reload appends it and nothing else."""
        return self._light_card is not None

    # -- building ----------------------------------------------------------------------------------
    def _entry(self, group_id: int | None) -> Entry:
        key = (self.workshop_id or 0, group_id)
        if key not in self.entries:
            self.entries[key] = Entry()
        return self.entries[key]

    def _build_columns(self, groups: list[WorkshopGroup], with_loose: bool) -> None:
        current = self.current_column()
        focus_group = current.group_id if current is not None else None
        texts = {c.group_id: c.field.text() for c in self.columns}
        for c in self.columns:
            c.setParent(None)
            c.deleteLater()
        self.columns = []
        self.group_list.blockSignals(True)
        self.group_list.clear()
        specs: list[tuple[WorkshopGroup | None, str]] = [(g, g.name) for g in groups]
        if with_loose:
            specs.append((None, _t("Uten gruppe") if groups else _t("Alle innspill")))
        many = len(specs) > SIDE_BY_SIDE_MAX
        for g, title in specs:
            col = GroupColumn(self, g, title, self._entry(g.id if g else None))
            col.field.setText(texts.get(col.group_id, ""))
            self.columns.append(col)
            if many:
                self.stack.addWidget(col)
                self.group_list.addItem(QListWidgetItem(title))
            else:
                self.side_layout.addWidget(col, 1)
        self.group_list.blockSignals(False)
        self.side.setVisible(not many)
        self.picker.setVisible(many)
        for a, b in zip(self.columns, self.columns[1:], strict=False):
            QWidget.setTabOrder(a.field, b.field)
        if many:
            row = next((i for i, c in enumerate(self.columns) if c.group_id == focus_group), 0)
            self.group_list.setCurrentRow(row)
            self.stack.setCurrentIndex(row)
        for c in self.columns:
            c.field.setEnabled(self.writable)

    def _picked(self, row: int) -> None:
        if 0 <= row < len(self.columns):
            self.stack.setCurrentIndex(row)

    def current_column(self) -> GroupColumn | None:
        for c in self.columns:
            if (
                c.isAncestorOf(self.focusWidget() or self)
                or c.field.hasFocus()
                or c.list.hasFocus()
            ):
                return c
        if self.picker.isVisible() and self.columns:
            w = self.stack.currentWidget()
            return w if isinstance(w, GroupColumn) else None
        return self.columns[0] if self.columns else None

    def column_of(self, group_id: int | None) -> GroupColumn | None:
        return next((c for c in self.columns if c.group_id == group_id), None)

    def focus_column(self, col: GroupColumn) -> None:
        if self.picker.isVisible():
            i = self.columns.index(col)
            self.group_list.setCurrentRow(i)
            self.stack.setCurrentIndex(i)
        col.field.setFocus(Qt.FocusReason.TabFocusReason)
        col.field.selectAll()

    def focus_next(self, col: GroupColumn, step: int) -> None:
        if not self.columns:
            return
        i = (self.columns.index(col) + step) % len(self.columns)
        self.focus_column(self.columns[i])

    # -- loading -------------------------------------------------------------------------------------
    def reload(self) -> None:
        light = self._light_card
        self._light_card = None
        if light is not None and self._append_light(light):
            return
        self._full_reload()

    def _append_light(self, card: Card) -> bool:
        """The card just added: appended to its column, the others untouched (the
        card is built from what was typed; the next full reload reads it back)."""
        col = self.column_of(card.group_id)
        if col is None or card.workshop_id != self.workshop_id:
            return False
        col.model.append(card)
        col.show_count()
        self._show_group_count(col)
        col.list.scrollToBottom()
        return True

    def _full_reload(self) -> None:
        wid = self.workshop_id
        self.none_label.setVisible(wid is None)
        self.legend.setVisible(wid is not None)
        if wid is None:
            self.groups = []
            self.no_groups_hint.hide()
            self._layout_key = None
            self._build_columns([], False)
            self.side.hide()
            self.picker.hide()
            return
        project = self.ctx.project
        groups = ws.list_groups(project, wid)
        if self.only_group_id is not None:
            groups = [g for g in groups if g.id == self.only_group_id]
        cards = [c for c in ws.list_cards(project, wid) if not c.is_duplicate]
        by_group: dict[int | None, list[Card]] = {}
        for c in cards:
            by_group.setdefault(c.group_id, []).append(c)
        known = {g.id for g in groups}
        with_loose = not groups or (
            self.only_group_id is None and any(k not in known for k in by_group)
        )
        loose = (
            [c for k, cs in by_group.items() if k not in known for c in cs] if with_loose else []
        )
        key = (wid, tuple((g.id, g.name) for g in groups), with_loose)
        if key != self._layout_key:
            self._layout_key = key
            self.groups = groups
            self._build_columns(groups, with_loose)
        self.groups = groups
        names = {g.id: g.name for g in groups}
        self.no_groups_hint.setVisible(not groups and self.only_group_id is None)
        for col in self.columns:
            col.model.group_names = names
            col.set_cards(loose if col.group_id is None else by_group.get(col.group_id, []))
            self._show_group_count(col)

    def _show_group_count(self, col: GroupColumn) -> None:
        item = self.group_list.item(self.columns.index(col))
        if item is not None and self.group_list.count() == len(self.columns):
            item.setText(f"{col.title.text()}  ({col.model.rowCount()})")

    def update_actions(self) -> None:
        for c in self.columns:
            c.field.setEnabled(self.writable)
            c.model.editable = self.writable
            c.area_chip.setEnabled(True)

    # -- actions --------------------------------------------------------------------------------------
    def add_card(self, col: GroupColumn) -> None:
        wid = self.workshop_id
        text = col.field.text()
        if wid is None or not self.writable or not text.strip():
            return
        started = time.perf_counter()
        project = self.ctx.project
        area, kind, gid = col.entry.area, col.entry.kind, col.group_id

        def act() -> int:
            new = ws.add_card(project, wid, gid, text, area, kind)
            position = col.model.rowCount()
            self._light_card = Card(new, "", wid, gid, position, text.strip(), area, kind)
            return new

        new = self.ctx.perform(act)
        self._light_card = None
        if new is not None:
            col.field.clear()
        self.last_add_ms = (time.perf_counter() - started) * 1000

    def _cards_or_current(self, col: GroupColumn) -> list[Card]:
        return selected_cards(col.list)

    def edit_card(self, col: GroupColumn, *, last: bool = False) -> None:
        if not self.writable:
            return
        if last:
            n = col.model.rowCount()
            card = col.model.card(n - 1) if n else None
        else:
            index = col.list.currentIndex()
            card = col.model.card(index.row()) if index.isValid() else None
        if card is None:
            return
        CardDialog(self.ctx, card, parent=self).exec()
        col.list.setFocus() if not last else col.field.setFocus()

    def delete_cards(self, col: GroupColumn) -> None:
        cards = self._cards_or_current(col)
        if not cards or not self.writable:
            return
        if len(cards) > 3 and not dialogs.ask_confirm(
            self,
            _t("Slett innspill"),
            _t("Slette {n} innspill?").format(n=len(cards)),
            (),
            _t("Slett"),
        ):
            return
        row = min(col.model.row_of(c.id) or 0 for c in cards)
        ids = [c.id for c in cards]
        project = self.ctx.project
        if dialogs.perform_ok(self.ctx, lambda: ws.delete_cards(project, ids)):
            n = col.model.rowCount()
            if n:
                index = col.model.index(min(row, n - 1), 0)
                col.list.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                )

    def merge_duplicates(self, col: GroupColumn) -> None:
        cards = self._cards_or_current(col)
        if not self.writable:
            return
        if len(cards) < 2:
            self._status(
                _t("Velg minst to like innspill (Shift/Ctrl + pil eller klikk) og trykk Ctrl+M.")
            )
            return
        keep, others = cards[0].id, [c.id for c in cards[1:]]
        project = self.ctx.project
        if dialogs.perform_ok(self.ctx, lambda: ws.merge_duplicates(project, keep, others)):
            select_cards(col.list, [keep])

    def move_cards(self, ids: list[int], group_id: int | None) -> None:
        if not ids or not self.writable:
            return
        project = self.ctx.project
        if dialogs.perform_ok(self.ctx, lambda: ws.move_cards(project, ids, group_id)):
            target = self.column_of(group_id)
            if target is not None:
                select_cards(target.list, ids)

    def move_to_neighbour(self, col: GroupColumn, step: int) -> None:
        cards = self._cards_or_current(col)
        if not cards or len(self.columns) < 2:
            return
        target = self.columns[(self.columns.index(col) + step) % len(self.columns)]
        self.move_cards([c.id for c in cards], target.group_id)
        if self.picker.isVisible():
            self.focus_column(target)
        target.list.setFocus()

    def set_selected_area(self, col: GroupColumn, area: str | None) -> None:
        ids = [c.id for c in self._cards_or_current(col)]
        if ids and self.writable:
            project = self.ctx.project
            if dialogs.perform_ok(self.ctx, lambda: ws.set_cards_area(project, ids, area)):
                select_cards(col.list, ids)

    def set_selected_kind(self, col: GroupColumn, kind: CardKind) -> None:
        ids = [c.id for c in self._cards_or_current(col)]
        if ids and self.writable:
            project = self.ctx.project
            if dialogs.perform_ok(self.ctx, lambda: ws.set_cards_kind(project, ids, kind)):
                select_cards(col.list, ids)

    def card_menu(self, col: GroupColumn, where: QPoint) -> None:
        cards = self._cards_or_current(col)
        if not cards:
            return
        menu = QMenu(self)
        w = self.writable
        menu.addAction(_t("Endre…\tF2"), lambda: self.edit_card(col)).setEnabled(
            w and len(cards) == 1
        )
        move = menu.addMenu(_t("Flytt til gruppe"))
        for other in self.columns:
            if other is not col:
                move.addAction(
                    other.title.text(),
                    _ignore_args(partial(self.move_cards, [c.id for c in cards], other.group_id)),
                )
        move.setEnabled(w and len(self.columns) > 1)
        area = menu.addMenu(_t("Område"))
        for key, a, name in area_keys():
            area.addAction(f"{name}\t{key}", _ignore_args(partial(self.set_selected_area, col, a)))
        area.setEnabled(w)
        kind = menu.addMenu(_t("Type"))
        for key, k in kind_keys():
            kind.addAction(
                f"{k.label}\t{key}", _ignore_args(partial(self.set_selected_kind, col, k))
            )
        kind.setEnabled(w)
        menu.addAction(
            _t("Slå sammen like\tCtrl+M"), lambda: self.merge_duplicates(col)
        ).setEnabled(w and len(cards) > 1)
        menu.addSeparator()
        menu.addAction(_t("Slett\tDelete"), lambda: self.delete_cards(col)).setEnabled(w)
        menu.exec(where)

    def _status(self, text: str) -> None:
        window = self.window()
        bar = getattr(window, "statusBar", None)
        if callable(bar):
            bar().showMessage(text, 6000)

    def reveal(self, kind: str, ref_id: int) -> bool:
        return kind == "card" and self.workshop_id is not None

    def select_group(self, group_id: int | None) -> None:
        col = self.column_of(group_id)
        if col is not None:
            self.focus_column(col)


__all__ = [
    "CARD_MIME",
    "CARD_ROLE",
    "KIND_COLOURS",
    "CaptureTab",
    "CardDelegate",
    "CardDialog",
    "CardListModel",
    "GroupColumn",
    "card_ids_of",
    "make_card_list",
    "select_cards",
    "selected_cards",
    "shortcut_legend",
]

_unused = (QComboBox,)
