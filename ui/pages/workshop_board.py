"""Verksted → Klynger: the clustering board (issue 5, point 4).

Unclustered cards on the left (filtered by area, group and kind); forbedringspunkter
on the right as boxes with title, area, description, their cards and their evidence.
Cards are dragged onto a point, onto «Nytt forbedringspunkt», between points or back
to the left; or, by keyboard, selected with arrows/Space and sent with Ctrl+P (a
chooser that filters as you type). Split, merge, rename and evidence links are each
one undo step.

Each list is a QListView over a CardListModel (one model per point, not a widget per
card), so 2,000 cards drag smoothly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QItemSelectionModel, QObject, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QFocusEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.domain.text import fold
from nvk_desktop.domain.workshop import (
    Card,
    CardKind,
    EvidenceChoice,
    ImprovementPoint,
    PointLink,
    WorkshopGroup,
)
from nvk_desktop.services import workshop_points as wp
from nvk_desktop.services import workshops as ws
from ui import dialogs
from ui.context import ProjectContext
from ui.pages.workshop_capture import (
    CARD_MIME,
    CardListModel,
    card_ids_of,
    make_card_list,
    select_cards,
    selected_cards,
)
from ui.pages.workshop_setup import CTRL, NONE, KeyMap, WorkshopTab, area_choices
from ui.widgets import style
from ui.widgets.dates import format_int
from ui.widgets.keys import SearchKeys
from ui.widgets.tables import EmptyOverlay

CONTEXT = "WorkshopBoard"
BOX_WIDTH = 300
NEW_POINT = "new"
NO_POINT = "none"


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def ask_title(parent: QWidget, title: str, default: str) -> str | None:
    """The new point's title (a function of its own so tests can answer it)."""
    text, ok = QInputDialog.getText(
        parent, title, _t("Tittel på forbedringspunktet:"), text=default
    )
    return text if ok else None


def suggested_title(cards: Sequence[Card]) -> str:
    if not cards:
        return ""
    text = " ".join(cards[0].text.split())
    return text if len(text) <= 70 else text[:69].rstrip() + "…"


# -- the quick chooser (Ctrl+P) -----------------------------------------------------------------
class PointChooser(QDialog):
    """Type to filter, Enter moves: «Nytt forbedringspunkt», «Uten punkt», the points."""

    def __init__(
        self,
        points: Sequence[ImprovementPoint],
        *,
        count: int,
        allow_none: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_t("Flytt til forbedringspunkt"))
        self.setModal(True)
        self.choice: int | str | None = None
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(_t("Skriv for å filtrere, Enter flytter"))
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName(_t("Forbedringspunkter"))
        self._items: list[tuple[str, int | str]] = [(_t("+ Nytt forbedringspunkt …"), NEW_POINT)]
        if allow_none:
            self._items.append((_t("↩ Uten punkt (tilbake til venstre)"), NO_POINT))
        for p in points:
            area = ws.area_name(p.area)
            self._items.append((f"{p.title}  ·  {area}  ·  {len(p.card_ids)}", p.id))
        self.filter.textChanged.connect(self._fill)
        SearchKeys(self.filter, self.list)
        self.list.itemActivated.connect(lambda _i: self.accept())
        self.filter.returnPressed.connect(self.accept)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_t("Flytt"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_t("Avbryt"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(style.hint(_t("Flytt {n} innspill til:").format(n=count), self))
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(520, 420)
        self._fill("")
        self.filter.setFocus()

    def _fill(self, text: str) -> None:
        wanted = fold(text.strip())
        self.list.clear()
        for label, value in self._items:
            if wanted and value not in (NEW_POINT, NO_POINT) and wanted not in fold(label):
                continue
            if wanted and value in (NEW_POINT, NO_POINT) and wanted not in fold(label):
                continue
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, value)
            self.list.addItem(item)
        # The first point that matches, else the first entry.
        first_point = next(
            (
                i
                for i in range(self.list.count())
                if self.list.item(i).data(Qt.ItemDataRole.UserRole) not in (NEW_POINT, NO_POINT)
            ),
            0,
        )
        if self.list.count():
            self.list.setCurrentRow(first_point if wanted else 0)

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.choice = item.data(Qt.ItemDataRole.UserRole)
        super().accept()


# -- evidence ---------------------------------------------------------------------------------------
class EvidenceDialog(QDialog):
    """Link a point to candidate findings, notes, survey areas/items or comment themes."""

    def __init__(
        self, ctx: ProjectContext, point: ImprovementPoint, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.point = point
        self.setWindowTitle(_t("Belegg for «{title}»").format(title=point.title))
        self.setModal(True)
        self.choices: list[EvidenceChoice] = wp.evidence_choices(ctx.project)
        self.links = QListWidget(self)
        self.links.setAccessibleName(_t("Koblet belegg"))
        self.unlink_button = QPushButton(_t("Fjern kobling"), self)
        self.unlink_button.setAutoDefault(False)
        self.unlink_button.clicked.connect(self.unlink)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(
            _t("Filtrer funn, notater, områder, spørsmål og kommentartema")
        )
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName(_t("Mulig belegg"))
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(lambda _i: self.link())
        self.link_button = QPushButton(_t("Koble til"), self)
        self.link_button.setAutoDefault(False)
        self.link_button.clicked.connect(self.link)
        SearchKeys(self.filter, self.list)
        self.filter.textChanged.connect(self._fill)
        self.filter.returnPressed.connect(self.link)
        KeyMap(self.links, {(Qt.Key.Key_Delete, NONE): self.unlink})
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_t("Lukk"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(style.heading(_t("Koblet nå"), 1.05))
        layout.addWidget(self.links)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.unlink_button)
        layout.addLayout(row)
        layout.addWidget(style.heading(_t("Legg til belegg"), 1.05))
        layout.addWidget(
            style.hint(
                _t(
                    "Kandidatfunn fra forstudien står først, så notater, områder og spørsmål i undersøkelsen og kommentartema."
                ),
                self,
            )
        )
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 2)
        row2 = QHBoxLayout()
        row2.addStretch(1)
        row2.addWidget(self.link_button)
        layout.addLayout(row2)
        layout.addWidget(close)
        self.resize(720, 600)
        self._show_links()
        self._fill("")
        self.filter.setFocus()

    def _show_links(self) -> None:
        self.links.clear()
        for ln in self.point.links:
            item = QListWidgetItem(f"{ln.kind.label}: {ln.label}")
            item.setData(Qt.ItemDataRole.UserRole, ln.id)
            self.links.addItem(item)
        if not self.point.links:
            item = QListWidgetItem(_t("Ingen belegg koblet ennå."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.links.addItem(item)
        self.links.setMaximumHeight(
            self.links.sizeHintForRow(0) * 4 + 8 if self.links.count() else 60
        )
        self.unlink_button.setEnabled(bool(self.point.links) and not self.ctx.read_only)

    def _fill(self, text: str) -> None:
        wanted = fold(text.strip())
        have = {(ln.kind, ln.target_id, ln.key) for ln in self.point.links}
        self.list.clear()
        for c in self.choices:
            label = f"{c.kind.label}: {c.label}" + (f"  ({c.detail})" if c.detail else "")
            if wanted and wanted not in fold(label):
                continue
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, c)
            if (c.kind, c.target_id, c.key) in have:
                item.setText("✓ " + label)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
        if self.list.count() == 0:
            item = QListWidgetItem(
                _t("Ingen treff.")
                if wanted
                else _t("Ingen funn, notater eller undersøkelser i prosjektet ennå.")
            )
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(item)
        for i in range(self.list.count()):
            if self.list.item(i).flags() & Qt.ItemFlag.ItemIsEnabled:
                self.list.setCurrentRow(i)
                break
        self.link_button.setEnabled(not self.ctx.read_only)

    def _reload_point(self) -> None:
        try:
            self.point = wp.get_point(self.ctx.project, self.point.id)
        except Exception:  # noqa: BLE001 - gone: close
            self.reject()
            return
        self._show_links()
        self._fill(self.filter.text())

    def link(self) -> None:
        item = self.list.currentItem()
        choice = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not isinstance(choice, EvidenceChoice) or self.ctx.read_only:
            return
        if not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return
        project, pid = self.ctx.project, self.point.id
        if (
            self.ctx.perform(
                lambda: wp.link_evidence(project, pid, choice.kind, choice.target_id, choice.key)
            )
            is not None
        ):
            self._reload_point()

    def unlink(self) -> None:
        item = self.links.currentItem()
        link_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not isinstance(link_id, int) or self.ctx.read_only:
            return
        project = self.ctx.project
        if dialogs.perform_ok(self.ctx, lambda: wp.unlink_evidence(project, link_id)):
            self._reload_point()

    def link_choice(self, choice: EvidenceChoice) -> None:
        """Link one choice (for tests and for code)."""
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == choice:
                self.list.setCurrentRow(i)
                self.link()
                return


# -- boxes --------------------------------------------------------------------------------------------
class _SaveOnFocusOut(QObject):
    def __init__(self, widget: QWidget, save: Callable[[], None]) -> None:
        super().__init__(widget)
        self._save = save
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            assert isinstance(event, QFocusEvent)
            self._save()
        return False


class PointBox(QFrame):
    """One forbedringspunkt on the board."""

    def __init__(self, board: BoardTab, point: ImprovementPoint) -> None:
        super().__init__(board.container)
        self.board = board
        self.point = point
        self.setObjectName("pointBox")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(BOX_WIDTH)
        self.check = QCheckBox(self)
        self.check.setToolTip(_t("Velg punktet (for «Slå sammen punkter»)"))
        self.check.toggled.connect(lambda _c: board.update_actions())
        self.title = QLineEdit(point.title, self)
        self.title.setFont(style.scaled_font(self.title.font(), 1.05, bold=True))
        self.title.setAccessibleName(_t("Tittel på forbedringspunkt"))
        self.title.editingFinished.connect(self.save)
        self.area = QComboBox(self)
        for a, name in area_choices():
            self.area.addItem(name, a)
        self.area.setAccessibleName(_t("Område"))
        self.area.activated.connect(lambda _i: self.save())
        self.description = QPlainTextEdit(point.description, self)
        self.description.setPlaceholderText(_t("Beskrivelse …"))
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.description.fontMetrics().lineSpacing() * 2 + 12)
        self.description.setAccessibleName(_t("Beskrivelse"))
        _SaveOnFocusOut(self.description, self.save)
        self.model = CardListModel(lambda ids: board.move_to_point(ids, self.point.id), self)
        self.list = make_card_list(self.model, self, show_group=True, max_lines=3)
        self.list.setAccessibleName(_t("Innspill i {title}").format(title=point.title))
        self.list.setMinimumHeight(70)
        self.list.selectionModel().selectionChanged.connect(
            lambda *_: board._card_selection(self.list)
        )
        self.empty = EmptyOverlay(self.list, _t("Dra innspill hit"))
        board.list_keys(self.list, in_point=True)
        self.evidence = QToolButton(self)
        self.evidence.setAutoRaise(True)
        self.evidence.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.evidence.clicked.connect(lambda: board.edit_evidence(self.point.id))
        self.menu_button = QToolButton(self)
        self.menu_button.setText("⋯")
        self.menu_button.setAutoRaise(True)
        self.menu_button.setToolTip(_t("Mer for dette punktet"))
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.menu_button)
        self.act_evidence = menu.addAction(
            _t("Belegg…"), lambda: board.edit_evidence(self.point.id)
        )
        self.act_split = menu.addAction(
            _t("Del ut valgte innspill til nytt punkt\tCtrl+D"), lambda: board.split(self)
        )
        menu.addSeparator()
        self.act_delete = menu.addAction(
            _t("Slett punktet …"), lambda: board.delete_point(self.point.id)
        )
        self.menu_button.setMenu(menu)

        head = QHBoxLayout()
        head.setSpacing(4)
        head.addWidget(self.check)
        head.addWidget(self.title, 1)
        head.addWidget(self.menu_button)
        foot = QHBoxLayout()
        foot.addWidget(self.evidence, 1)
        self.count = style.hint("", self)
        self.count.setWordWrap(False)
        foot.addWidget(self.count)
        v = QVBoxLayout(self)
        v.setContentsMargins(6, 6, 6, 6)
        v.setSpacing(4)
        v.addLayout(head)
        v.addWidget(self.area)
        v.addWidget(self.description)
        v.addWidget(self.list, 1)
        v.addLayout(foot)
        self.set_point(point, [])

    def set_point(self, point: ImprovementPoint, cards: list[Card]) -> None:
        self.point = point
        if not self.title.hasFocus():
            if self.title.text() != point.title:
                self.title.setText(point.title)
            self.title.setCursorPosition(0)
        self.title.setToolTip(point.title)
        if not self.description.hasFocus() and self.description.toPlainText() != point.description:
            self.description.setPlainText(point.description)
        self.area.setCurrentIndex(max(self.area.findData(point.area), 0))
        self.model.set_cards(cards)
        n = len(point.links)
        self.evidence.setText(
            _t("Belegg: ingen – koble til …") if n == 0 else _t("Belegg: {n} ▸").format(n=n)
        )
        self.evidence.setToolTip(
            "\n".join(f"{ln.kind.label}: {ln.label}" for ln in point.links)
            or _t("Koble til funn, notater og undersøkelsen")
        )
        said = sum(c.weight for c in cards)
        self.count.setText(_t("{n} innspill").format(n=format_int(said)))
        rows = min(max(len(cards), 1), 4)
        self.list.setFixedHeight(max(70, rows * 62 + 6))

    def save(self) -> None:
        if not self.board.writable:
            return
        p = self.point
        title = self.title.text()
        desc = self.description.toPlainText()
        area = self.area.currentData()
        if (" ".join(title.split()), desc.strip(), area) == (p.title, p.description, p.area):
            return
        if not title.strip():
            self.title.setText(p.title)
            return
        project = self.board.ctx.project
        pid = p.id
        QTimer.singleShot(
            0,
            lambda: dialogs.perform_ok(
                self.board.ctx, lambda: wp.update_point(project, pid, title, desc, area)
            ),
        )


class NewPointZone(QFrame):
    """Drop cards here to make a new point of them; click (or Enter) for an empty one."""

    def __init__(self, board: BoardTab) -> None:
        super().__init__(board)
        self.board = board
        self.setObjectName("newPointZone")
        self.setAcceptDrops(True)
        self.setStyleSheet(
            "QFrame#newPointZone { border: 2px dashed palette(mid); border-radius: 6px; }"
            'QFrame#newPointZone[hot="true"] { border: 2px dashed palette(highlight); }'
        )
        label = QLabel(
            _t("+ Nytt forbedringspunkt – dra innspill hit, eller velg dem og trykk Ctrl+N"), self
        )
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        v = QVBoxLayout(self)
        v.setContentsMargins(8, 8, 8, 8)
        v.addWidget(label)
        self.setMinimumHeight(44)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def _hot(self, on: bool) -> None:
        self.setProperty("hot", "true" if on else "false")
        self.style().unpolish(self)
        self.style().polish(self)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(CARD_MIME) and self.board.writable:
            event.acceptProposedAction()
            self._hot(True)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(CARD_MIME) and self.board.writable:
            event.acceptProposedAction()

    def dragLeaveEvent(self, event: Any) -> None:
        self._hot(False)

    def dropEvent(self, event: QDropEvent) -> None:
        self._hot(False)
        ids = card_ids_of(event.mimeData())
        if ids:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.board.new_point(ids))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.board.writable:
            self.board.new_point([c.id for c in selected_cards(self.board.loose_list)])


# -- the tab -----------------------------------------------------------------------------------------
class BoardTab(WorkshopTab):
    REVEALS = ("point",)

    def __init__(self, ctx: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.cards: list[Card] = []
        self.points: list[ImprovementPoint] = []
        self.groups: list[WorkshopGroup] = []
        self.boxes: dict[int, PointBox] = {}
        self._columns = 0
        self._last_list: QListView | None = None

        # -- left: unclustered cards
        left = QWidget(self)
        self.area_filter = QComboBox(left)
        self.area_filter.addItem(_t("Alle områder"), "*")
        for a, name in area_choices():
            self.area_filter.addItem(name, a)
        self.group_filter = QComboBox(left)
        self.kind_filter = QComboBox(left)
        self.kind_filter.addItem(_t("Alle typer"), "*")
        for k in CardKind:
            self.kind_filter.addItem(k.label, k.value)
        for combo, name in (
            (self.area_filter, _t("Filtrer på område")),
            (self.group_filter, _t("Filtrer på gruppe")),
            (self.kind_filter, _t("Filtrer på type")),
        ):
            combo.setAccessibleName(name)
            combo.setToolTip(name)
            combo.currentIndexChanged.connect(lambda _i: self._show_loose())
        self.loose_model = CardListModel(self.take_out_of_point, self)
        self.loose_list = make_card_list(self.loose_model, left, show_group=True, max_lines=4)
        self.loose_list.setAccessibleName(_t("Innspill uten forbedringspunkt"))
        self.loose_list.selectionModel().selectionChanged.connect(
            lambda *_: self._card_selection(self.loose_list)
        )
        self.loose_empty = EmptyOverlay(self.loose_list, "")
        self.list_keys(self.loose_list, in_point=False)
        self.loose_count = style.hint("", left)
        self.loose_count.setWordWrap(False)
        filters = QHBoxLayout()
        filters.setSpacing(4)
        filters.addWidget(self.area_filter, 3)
        filters.addWidget(self.group_filter, 2)
        filters.addWidget(self.kind_filter, 2)
        lh = QHBoxLayout()
        lh.addWidget(style.heading(_t("Uten punkt"), 1.1))
        lh.addWidget(self.loose_count, 1)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 6, 0)
        lv.setSpacing(4)
        lv.addLayout(lh)
        lv.addLayout(filters)
        lv.addWidget(self.loose_list, 1)
        lv.addWidget(
            style.hint(
                _t(
                    "Velg med piltastene og mellomrom (Shift+pil for flere); Ctrl+P flytter til et punkt, Ctrl+N lager et nytt."
                ),
                left,
            )
        )

        # -- right: the points
        right = QWidget(self)
        self.new_zone = NewPointZone(self)
        self.merge_button = self.button(
            _t("Slå sammen punkter"), _t("Slå sammen de avkryssede punktene til ett")
        )
        self.split_button = self.button(
            _t("Del ut til nytt punkt"),
            _t("Flytt de valgte innspillene i et punkt over i et nytt punkt (Ctrl+D)"),
        )
        self.move_button = self.button(
            _t("Flytt til punkt…"), _t("Flytt de valgte innspillene (Ctrl+P)")
        )
        self.merge_button.clicked.connect(self.merge_points)
        self.split_button.clicked.connect(lambda: self.split(None))
        self.move_button.clicked.connect(
            lambda: self.choose_point(self._last_list or self.loose_list)
        )
        self.point_count = style.hint("", right)
        self.point_count.setWordWrap(False)
        bar = QHBoxLayout()
        bar.addWidget(style.heading(_t("Forbedringspunkter"), 1.1))
        bar.addWidget(self.point_count, 1)
        bar.addWidget(self.move_button)
        bar.addWidget(self.split_button)
        bar.addWidget(self.merge_button)
        self.scroll = QScrollArea(right)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.container = QWidget()
        self.grid = QGridLayout(self.container)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(8)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.scroll.setWidget(self.container)
        self.scroll.viewport().installEventFilter(self)
        self.points_empty = style.empty_state(
            _t(
                "Ingen forbedringspunkter ennå. Dra innspill som hører sammen til «Nytt forbedringspunkt», "
                "eller velg dem til venstre og trykk Ctrl+N."
            ),
            right,
        )
        rv = QVBoxLayout(right)
        rv.setContentsMargins(6, 0, 0, 0)
        rv.setSpacing(6)
        rv.addLayout(bar)
        rv.addWidget(self.new_zone)
        rv.addWidget(self.points_empty)
        rv.addWidget(self.scroll, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([340, 1000])
        self.splitter.setChildrenCollapsible(False)
        self.none_label = style.empty_state(
            _t("Velg et verksted i listen over, eller lag et nytt med «Nytt verksted…» (Ctrl+N)."),
            self,
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.none_label)
        layout.addWidget(self.splitter, 1)

    # -- keys ----------------------------------------------------------------------------------------
    def list_keys(self, view: QListView, *, in_point: bool) -> None:
        keys: dict[Any, Callable[[], object]] = {
            (Qt.Key.Key_P, CTRL): lambda: self.choose_point(view),
            (Qt.Key.Key_N, CTRL): lambda: self.new_point([c.id for c in selected_cards(view)]),
            (Qt.Key.Key_Space, NONE): lambda: _toggle_current(view),
        }
        if in_point:
            keys[(Qt.Key.Key_D, CTRL)] = lambda: self.split(self._box_of(view))
            keys[(Qt.Key.Key_Delete, NONE)] = lambda: self.take_out_of_point(
                [c.id for c in selected_cards(view)]
            )
        KeyMap(view, keys, enabled=lambda: self.writable)

    def _box_of(self, view: QListView) -> PointBox | None:
        return next((b for b in self.boxes.values() if b.list is view), None)

    def _card_selection(self, view: QListView) -> None:
        if selected_cards(view):
            self._last_list = view
        self.update_actions()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.scroll.viewport() and event.type() == QEvent.Type.Resize:
            self._layout_boxes()
        return False

    # -- loading ---------------------------------------------------------------------------------------
    def reload(self) -> None:
        wid = self.workshop_id
        self.none_label.setVisible(wid is None)
        self.splitter.setVisible(wid is not None)
        project = self.ctx.project
        if wid is None:
            self.cards, self.points, self.groups = [], [], []
        else:
            self.cards = ws.list_cards(project, wid)
            self.points = wp.list_points(project, wid)
            self.groups = ws.list_groups(project, wid)
        self._fill_group_filter()
        names = {g.id: g.name for g in self.groups}
        self.loose_model.group_names = names
        self._show_loose()
        shown = [c for c in self.cards if not c.is_duplicate]
        by_point: dict[int, list[Card]] = {}
        for c in shown:
            if c.point_id is not None:
                by_point.setdefault(c.point_id, []).append(c)
        ids = [p.id for p in self.points]
        for pid in list(self.boxes):
            if pid not in ids:
                box = self.boxes.pop(pid)
                box.setParent(None)
                box.deleteLater()
        for p in self.points:
            found = self.boxes.get(p.id)
            if found is None:
                found = PointBox(self, p)
                self.boxes[p.id] = found
            box = found
            box.model.group_names = names
            box.set_point(p, by_point.get(p.id, []))
        self._columns = 0
        self._layout_boxes()
        self.points_empty.setVisible(wid is not None and not self.points)
        self.point_count.setText(
            _t("{n} punkter").format(n=format_int(len(self.points))) if self.points else ""
        )

    def _fill_group_filter(self) -> None:
        current = self.group_filter.currentData() if self.group_filter.count() else "*"
        self.group_filter.blockSignals(True)
        self.group_filter.clear()
        self.group_filter.addItem(_t("Alle grupper"), "*")
        for g in self.groups:
            self.group_filter.addItem(g.name, g.id)
        self.group_filter.addItem(_t("Uten gruppe"), None)
        i = (
            self.group_filter.findData(current)
            if current is not None
            else self.group_filter.count() - 1
        )
        self.group_filter.setCurrentIndex(max(i, 0) if current != "*" else 0)
        self.group_filter.blockSignals(False)

    def _show_loose(self) -> None:
        area, group, kind = (
            self.area_filter.currentData(),
            self.group_filter.currentData(),
            self.kind_filter.currentData(),
        )
        all_loose = [c for c in self.cards if c.point_id is None and not c.is_duplicate]
        loose = [
            c
            for c in all_loose
            if (area == "*" or c.area == area)
            and (group == "*" or c.group_id == group)
            and (kind == "*" or c.kind.value == kind)
        ]
        keep = [c.id for c in selected_cards(self.loose_list)]
        self.loose_model.set_cards(loose)
        if keep:
            select_cards(self.loose_list, keep)
        if len(loose) == len(all_loose):
            self.loose_count.setText(format_int(len(loose)))
        else:
            self.loose_count.setText(
                _t("viser {n} av {m}").format(
                    n=format_int(len(loose)), m=format_int(len(all_loose))
                )
            )
        if not self.cards:
            text = _t("Ingen innspill ennå. Registrer dem under «Innspill».")
        elif not all_loose:
            text = _t("Alle innspillene ligger i et forbedringspunkt.")
        elif not loose:
            text = _t("Ingen innspill uten punkt passer til filteret.")
        else:
            text = ""
        self.loose_empty.set_text(text)

    def _layout_boxes(self) -> None:
        width = self.scroll.viewport().width()
        columns = max(1, (width + 8) // (BOX_WIDTH + 8))
        box_width = max(BOX_WIDTH, (width - 8 * (columns - 1)) // columns - 2)
        for box in self.boxes.values():
            if box.width() != box_width:
                box.setFixedWidth(box_width)
        if columns == self._columns and self.grid.count() == len(self.boxes):
            return
        self._columns = columns
        while self.grid.count():
            self.grid.takeAt(0)
        for i, p in enumerate(self.points):
            box = self.boxes[p.id]
            self.grid.addWidget(box, i // columns, i % columns, Qt.AlignmentFlag.AlignTop)
            box.show()

    def update_actions(self) -> None:
        w = self.writable
        checked = [b for b in self.boxes.values() if b.check.isChecked()]
        self.merge_button.setEnabled(w and len(checked) >= 2)
        in_point = self._last_list is not None and self._box_of(self._last_list) is not None
        has_cards = self._last_list is not None and bool(selected_cards(self._last_list))
        self.split_button.setEnabled(w and in_point and has_cards)
        self.move_button.setEnabled(w and has_cards)
        self.new_zone.setEnabled(w)
        self.loose_model.editable = w
        for b in self.boxes.values():
            b.model.editable = w
            for control in (b.check, b.title, b.area, b.description):
                control.setEnabled(w)
            b.act_split.setEnabled(w)
            b.act_delete.setEnabled(w)

    # -- actions ----------------------------------------------------------------------------------------
    def move_to_point(self, card_ids: list[int], point_id: int) -> None:
        if not card_ids or not self.writable:
            return
        project = self.ctx.project
        if dialogs.perform_ok(self.ctx, lambda: wp.add_cards_to_point(project, point_id, card_ids)):
            box = self.boxes.get(point_id)
            if box is not None:
                select_cards(box.list, card_ids)
                self.scroll.ensureWidgetVisible(box)

    def take_out_of_point(self, card_ids: list[int]) -> None:
        if not card_ids or not self.writable:
            return
        project = self.ctx.project
        if dialogs.perform_ok(self.ctx, lambda: wp.remove_cards_from_point(project, card_ids)):
            select_cards(self.loose_list, card_ids)

    def new_point(self, card_ids: list[int]) -> int | None:
        wid = self.workshop_id
        if wid is None or not self.writable:
            return None
        by_id = {c.id: c for c in self.cards}
        cards = [by_id[i] for i in card_ids if i in by_id]
        title = ask_title(self, _t("Nytt forbedringspunkt"), suggested_title(cards))
        if title is None:
            return None
        project = self.ctx.project
        new = self.ctx.perform(lambda: wp.create_point(project, wid, title, card_ids))
        if new is not None and new in self.boxes:
            box = self.boxes[new]
            self.scroll.ensureWidgetVisible(box)
            box.list.setFocus()
        return new

    def choose_point(self, view: QListView) -> None:
        cards = selected_cards(view)
        if not cards or not self.writable:
            return
        in_point = self._box_of(view)
        others = [p for p in self.points if in_point is None or p.id != in_point.point.id]
        chooser = PointChooser(
            others, count=len(cards), allow_none=in_point is not None, parent=self
        )
        if not chooser.exec():
            return
        ids = [c.id for c in cards]
        if chooser.choice == NEW_POINT:
            self.new_point(ids)
        elif chooser.choice == NO_POINT:
            self.take_out_of_point(ids)
        elif isinstance(chooser.choice, int):
            self.move_to_point(ids, chooser.choice)
        if view is self.loose_list:
            view.setFocus()

    def split(self, box: PointBox | None) -> None:
        if box is None and self._last_list is not None:
            box = self._box_of(self._last_list)
        if box is None or not self.writable:
            return
        cards = selected_cards(box.list)
        if not cards:
            return
        title = ask_title(self, _t("Del ut til nytt punkt"), suggested_title(cards))
        if title is None:
            return
        project, pid, ids = self.ctx.project, box.point.id, [c.id for c in cards]
        new = self.ctx.perform(lambda: wp.split_point(project, pid, ids, title))
        if new is not None and new in self.boxes:
            self.scroll.ensureWidgetVisible(self.boxes[new])

    def merge_points(self) -> None:
        checked = [p.id for p in self.points if self.boxes[p.id].check.isChecked()]
        if len(checked) < 2 or not self.writable:
            return
        keep, others = checked[0], checked[1:]
        project = self.ctx.project
        if dialogs.perform_ok(self.ctx, lambda: wp.merge_points(project, keep, others)):
            for b in self.boxes.values():
                b.check.setChecked(False)

    def delete_point(self, point_id: int) -> None:
        p = next((x for x in self.points if x.id == point_id), None)
        if p is None or not self.writable:
            return
        details = []
        if p.card_ids:
            details.append(
                _t("punktet; de {n} innspillene går tilbake til «Uten punkt»").format(
                    n=len(p.card_ids)
                )
            )
        if p.links:
            details.append(_t("{n} koblinger til belegg").format(n=len(p.links)))
        if not dialogs.ask_confirm(
            self,
            _t("Slett forbedringspunkt"),
            _t("Slette «{title}»?").format(title=p.title),
            details,
            _t("Slett"),
        ):
            return
        project = self.ctx.project
        dialogs.perform_ok(self.ctx, lambda: wp.delete_point(project, point_id))

    def edit_evidence(self, point_id: int) -> None:
        p = next((x for x in self.points if x.id == point_id), None)
        if p is not None:
            EvidenceDialog(self.ctx, p, self).exec()

    def reveal_point(self, point_id: int) -> bool:
        if self._stale and self.isVisible():
            self.refresh()
        box = self.boxes.get(point_id)
        if box is None:
            return False
        self.scroll.ensureWidgetVisible(box)
        box.title.setFocus()
        return True


def _toggle_current(view: QListView) -> None:
    index = view.currentIndex()
    if index.isValid():
        view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.Toggle)


__all__ = [
    "BoardTab",
    "EvidenceDialog",
    "PointBox",
    "PointChooser",
    "PointLink",
    "QAbstractItemView",
]
