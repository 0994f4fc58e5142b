"""Forstudie › Sjekklister: the phase checklists (DOMAIN.md §4, issue 3 point 1).

One tab serves forstudie, forprosjekt and hovedprosjekt: a phase selector with the
phase's progress, the items in their order (keyboard first: see KEY_HELP), and a
detail panel for the current item (responsible person, due date, note, links to what
the item produced). Also here, because they are about checklists: the progress box
that Oversikt shows, and the warning about open items when a beslutningspunkt moves
the project on to the next phase.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Hashable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFocusEvent, QFont, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.domain.checklist import (
    CHECKLIST_PHASES,
    LINK_LABEL_MAX,
    TITLE_MAX,
    ChecklistItem,
    ChecklistLink,
    ChecklistStatus,
    LinkKind,
    PhaseProgress,
)
from nvk_desktop.domain.enums import Phase
from nvk_desktop.domain.models import Person
from nvk_desktop.domain.text import sort_key
from nvk_desktop.errors import ValidationError
from nvk_desktop.services import checklists as checklist_service
from nvk_desktop.services import people as people_service
from nvk_desktop.services import project as project_service
from ui import dialogs
from ui.context import ProjectContext
from ui.models import KEY_ROLE, EnumComboDelegate
from ui.questions import ACCEPT, choose
from ui.widgets import style
from ui.widgets.dates import OptionalDateEdit, format_date, format_int
from ui.widgets.keys import ListKeys, SearchKeys
from ui.widgets.page import ProjectPage
from ui.widgets.tables import EmptyOverlay

CONTEXT = "ChecklistTab"
SAVE_AFTER_MS = 2000  # the note saves after this pause in typing (as Dokumenter)
DATE_SETTLE_MS = 800  # a due date typed digit by digit is stored once it settles
MIME = "application/x-nvk-checklist-item"
DRAFT = "draft"  # the key of a new item whose title is being typed
WARN_LIST_MAX = 15

Index = QModelIndex | QPersistentModelIndex


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _count(n: int, one: str, many: str) -> str:
    return (one if n == 1 else many).format(n=format_int(n))


def phase_word(phase: Phase) -> str:
    """«forstudien», «forprosjektet», «hovedprosjektet» (definite form)."""
    return {
        Phase.FORSTUDIE: _t("forstudien"),
        Phase.FORPROSJEKT: _t("forprosjektet"),
        Phase.HOVEDPROSJEKT: _t("hovedprosjektet"),
    }.get(phase, phase.label.lower())


def progress_text(p: PhaseProgress) -> str:
    """ "7 av 12 ferdig, 1 ikke aktuelt, 2 forsinket" (12 = the items that apply)."""
    if p.total == 0:
        return _t("Ingen punkter")
    parts = [_t("{done} av {n} ferdig").format(done=format_int(p.done), n=format_int(p.applicable))]
    if p.not_applicable:
        parts.append(_t("{n} ikke aktuelt").format(n=format_int(p.not_applicable)))
    if p.overdue:
        parts.append(_t("{n} forsinket").format(n=format_int(p.overdue)))
    return ", ".join(parts)


def progress_html(p: PhaseProgress, widget: QWidget | None = None) -> str:
    """progress_text with the overdue count bold in the warning colour."""
    text = html.escape(progress_text(p))
    if p.overdue:
        late = html.escape(_t("{n} forsinket").format(n=format_int(p.overdue)))
        colour = style.overdue_fg(widget.palette() if widget else None).name()
        text = text.replace(late, f"<b style='color:{colour}'>⚠ {late}</b>")
    return text


def status_text(item: ChecklistItem, today: date) -> str:
    if item.is_overdue(today):
        return _t("{status} · Forsinket").format(status=item.status.label)
    return item.status.label


def due_text(item: ChecklistItem, today: date) -> str:
    """The date; an overdue one is red and bold, and the Status column says «Forsinket»."""
    return format_date(item.due_on)


def overdue_tooltip(item: ChecklistItem, today: date) -> str:
    days = item.days_overdue(today)
    return _count(days, _t("Forsinket med {n} dag"), _t("Forsinket med {n} dager"))


def link_text(link: ChecklistLink) -> str:
    text = f"{link.kind.label}: {link.label}"
    if link.missing:
        text += " " + _t("(finnes ikke lenger)")
    return text


KEY_HELP = (
    "Tastatur: Insert eller Ctrl+N nytt punkt etter det valgte · F2 eller Enter endre tittel · "
    "Mellomrom neste status · 1–4 velg status (1 ikke startet, 2 pågår, 3 ferdig, "
    "4 ikke aktuelt) · Alt+↑/Alt+↓ flytt · Delete slett. Du kan også dra punktene."
)
STATUS_KEYS = {
    Qt.Key.Key_1: ChecklistStatus.IKKE_STARTET,
    Qt.Key.Key_2: ChecklistStatus.PAGAR,
    Qt.Key.Key_3: ChecklistStatus.FERDIG,
    Qt.Key.Key_4: ChecklistStatus.IKKE_AKTUELT,
}


# ==================================================================== the table model
COL_NR, COL_TITLE, COL_STATUS, COL_RESPONSIBLE, COL_DUE, COL_LINKS = range(6)


class ChecklistModel(QAbstractTableModel):
    """The items of one phase in their order, plus at most one draft row (a new item
    whose title is being typed; it is stored when the title is committed)."""

    HEADERS = ("Nr.", "Punkt", "Status", "Ansvarlig", "Frist", "Koblinger")

    def __init__(
        self,
        today: Callable[[], date],
        *,
        set_title: Callable[[ChecklistItem, str], bool],
        set_status: Callable[[ChecklistItem, ChecklistStatus], bool],
        commit_draft: Callable[[str], bool],
        drop: Callable[[int, int], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._set_title = set_title
        self._set_status = set_status
        self._commit_draft = commit_draft
        self._drop = drop
        self.items: list[ChecklistItem] = []
        self.names: dict[int, str] = {}
        self.draft_row: int | None = None
        self.editable = True

    # -- data in ---------------------------------------------------------------------------
    def set_items(self, items: Sequence[ChecklistItem], names: dict[int, str]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.names = names
        self.draft_row = None
        self.endResetModel()

    def insert_draft(self, row: int) -> QModelIndex:
        row = max(0, min(row, len(self.items)))
        self.remove_draft()
        self.beginInsertRows(QModelIndex(), row, row)
        self.draft_row = row
        self.endInsertRows()
        return self.index(row, COL_TITLE)

    def remove_draft(self) -> bool:
        if self.draft_row is None:
            return False
        row = self.draft_row
        self.beginRemoveRows(QModelIndex(), row, row)
        self.draft_row = None
        self.endRemoveRows()
        return True

    # -- lookups ---------------------------------------------------------------------------
    def item(self, row: int) -> ChecklistItem | None:
        """The stored item shown at ``row`` (None for the draft row)."""
        if self.draft_row is not None:
            if row == self.draft_row:
                return None
            if row > self.draft_row:
                row -= 1
        return self.items[row] if 0 <= row < len(self.items) else None

    def row_of_key(self, key: Hashable) -> int | None:
        if key == DRAFT:
            return self.draft_row
        for i, it in enumerate(self.items):
            if it.id == key:
                return i + (1 if self.draft_row is not None and i >= self.draft_row else 0)
        return None

    def key_of(self, row: int) -> Hashable:
        it = self.item(row)
        return it.id if it is not None else DRAFT

    # -- Qt --------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self.items) + (1 if self.draft_row is not None else 0)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _t(self.HEADERS[section])
        if role == Qt.ItemDataRole.ToolTipRole:
            return {
                COL_NR: _t("Rekkefølgen i sjekklisten (Alt+↑/Alt+↓ eller dra for å flytte)"),
                COL_STATUS: _t("Mellomrom: neste status · 1–4: velg status"),
                COL_LINKS: _t(
                    "Hvor mange notater, møter, tjenester og dokumenter punktet er koblet til"
                ),
            }.get(section)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            side = (
                Qt.AlignmentFlag.AlignRight
                if section in (COL_NR, COL_LINKS)
                else Qt.AlignmentFlag.AlignLeft
            )
            return int(side | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        it = self.item(row)
        if role == KEY_ROLE:
            return self.key_of(row)
        if it is None:  # the draft row
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return str(row + 1) if col == COL_NR else ""
            return None
        today = self._today()
        late = it.is_overdue(today)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(it, row, col, today)
        if role == Qt.ItemDataRole.EditRole:
            if col == COL_STATUS:
                return it.status.value
            return it.title if col == COL_TITLE else self._display(it, row, col, today)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_TITLE:
                return it.title + (f"\n\n{it.note}" if it.note else "")
            if col in (COL_STATUS, COL_DUE) and late:
                return overdue_tooltip(it, today)
            if col == COL_LINKS and it.links:
                return "\n".join(link_text(lk) for lk in it.links)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if late and col in (COL_STATUS, COL_DUE):
                return style.overdue_fg()
            if col == COL_STATUS and it.status is ChecklistStatus.FERDIG:
                return style.done_fg()
            if it.status is ChecklistStatus.IKKE_AKTUELT:
                return style.muted_fg()
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return style.overdue_bg() if late else None
        if role == Qt.ItemDataRole.FontRole:
            if (late and col in (COL_STATUS, COL_DUE)) or (
                col == COL_TITLE and it.status is ChecklistStatus.PAGAR
            ):
                f = QFont()
                f.setBold(True)
                return f
            if col == COL_TITLE and it.status is ChecklistStatus.IKKE_AKTUELT:
                f = QFont()
                f.setStrikeOut(True)
                return f
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_NR, COL_LINKS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, it: ChecklistItem, row: int, col: int, today: date) -> str:
        if col == COL_NR:
            return str(row + 1)
        if col == COL_TITLE:
            return it.title
        if col == COL_STATUS:
            return status_text(it, today)
        if col == COL_RESPONSIBLE:
            return self.names.get(it.responsible_id, "") if it.responsible_id else ""
        if col == COL_DUE:
            return due_text(it, today)
        if col == COL_LINKS:
            return str(len(it.links)) if it.links else ""
        return ""

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled if self.editable else Qt.ItemFlag.NoItemFlags
        flags = base | Qt.ItemFlag.ItemIsSelectable
        it = self.item(index.row())
        if not self.editable:
            return flags
        if it is None:
            if index.column() == COL_TITLE:
                flags |= Qt.ItemFlag.ItemIsEditable
            return flags
        flags |= Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
        if index.column() in (COL_TITLE, COL_STATUS):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self.editable:
            return False
        it = self.item(index.row())
        if it is None:
            if index.column() != COL_TITLE:
                return False
            text = str(value).strip()
            # An empty title stores nothing; the draft goes when its editor closes.
            return bool(text) and self._commit_draft(text)
        if index.column() == COL_TITLE:
            text = str(value)
            if " ".join(text.split()) == it.title:
                return False
            return self._set_title(it, text)
        if index.column() == COL_STATUS:
            status = ChecklistStatus(getattr(value, "value", value))
            return status is not it.status and self._set_status(it, status)
        return False

    # -- drag and drop: the order --------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        it = self.item(rows[0]) if rows else None
        if it is not None and it.id is not None:
            data.setData(MIME, str(it.id).encode())
        return data

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return self.editable and data.hasFormat(MIME) and self.draft_row is None

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        try:
            item_id = int(bytes(data.data(MIME).data()).decode())
        except ValueError:
            return False
        source = next((i for i, it in enumerate(self.items) if it.id == item_id), None)
        if source is None:
            return False
        # Where it lands: before ``row``; on an item = before that item; on empty space = last.
        before = row if row >= 0 else parent.row() if parent.isValid() else len(self.items)
        before = max(0, min(before, len(self.items)))
        target = before - 1 if before > source else before
        if target == source:
            return False
        # After the drop event has finished: the reload resets this model.
        QTimer.singleShot(0, lambda: self._drop(item_id, target))
        return True


class TitleDelegate(QStyledItemDelegate):
    """Edits a title in place, at most TITLE_MAX characters."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        edit = QLineEdit(parent)
        edit.setMaxLength(TITLE_MAX)
        edit.setPlaceholderText(_t("Skriv hva som skal gjøres, og trykk Enter"))
        edit.setFrame(False)
        return edit

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class _TableKeys(QObject):
    """Status and order from the keyboard: Space cycles the status, 1–4 pick one,
    Alt+Up/Alt+Down move the item. Taken as ShortcutOverride so that no window
    shortcut steals them while the table has focus."""

    def __init__(self, tab: ChecklistTab, view: QTableView) -> None:
        super().__init__(view)
        self._tab = tab
        self._view = view
        view.installEventFilter(self)

    def _action(self, e: QKeyEvent) -> Callable[[], None] | None:
        mods = e.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = e.key()
        tab = self._tab
        if mods == Qt.KeyboardModifier.AltModifier:
            if key == Qt.Key.Key_Up:
                return lambda: tab.move_current(-1)
            if key == Qt.Key.Key_Down:
                return lambda: tab.move_current(1)
        if mods == Qt.KeyboardModifier.NoModifier:
            if key == Qt.Key.Key_Space:
                return tab.cycle_status
            if key in STATUS_KEYS:
                status = STATUS_KEYS[Qt.Key(key)]
                return lambda: tab.set_current_status(status)
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if self._view.state() == QAbstractItemView.State.EditingState:
            return False
        assert isinstance(event, QKeyEvent)
        action = self._action(event)
        if action is None:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()
            return True
        if self._tab.writable:
            action()
        return True


# ==================================================================== the note editor
class NoteEdit(QPlainTextEdit):
    """The current item's note. Saves on focus-out and after a pause in typing, and
    before another item is shown (the text always goes to the item it was typed for)."""

    def __init__(self, tab: ChecklistTab) -> None:
        super().__init__(tab)
        self.tab = tab
        self.item_id: int | None = None
        self.baseline = ""
        self._loading = False
        self._saving = False
        self.setTabChangesFocus(True)
        self.setPlaceholderText(_t("Hva er gjort, hva gjenstår, hvorfor ikke aktuelt …"))
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_AFTER_MS)
        self.timer.timeout.connect(self.save)
        self.textChanged.connect(self._typed)

    @property
    def dirty(self) -> bool:
        return self.item_id is not None and self.toPlainText().strip() != self.baseline.strip()

    def show_item(self, item: ChecklistItem | None) -> None:
        """Show an item's stored note; text not yet saved for the same item stays."""
        new_id = item.id if item is not None else None
        text = item.note if item is not None else ""
        if new_id == self.item_id and self.dirty:
            self.baseline = text
            return
        self.timer.stop()
        self.item_id = new_id
        self.baseline = text
        if self.toPlainText() != text:
            self._loading = True
            try:
                self.setPlainText(text)
            finally:
                self._loading = False
        self.tab.note_state("")

    def _typed(self) -> None:
        if self._loading:
            return
        if self.dirty:
            self.tab.note_state(_t("Ikke lagret ennå …"))
            self.timer.start()
        else:
            self.timer.stop()
            self.tab.note_state("")

    def save(self) -> bool:
        """Store the text if it changed; True when nothing is left unsaved."""
        self.timer.stop()
        if not self.dirty:
            return True
        if self._saving or self.isReadOnly() or self.tab.ctx.read_only or self.item_id is None:
            return False
        self._saving = True
        try:
            ok = self.tab.save_note(self.item_id, self.toPlainText())
        finally:
            self._saving = False
        if ok:
            self.baseline = self.toPlainText()
            self.tab.note_state(_t("✓ Lagret"))
        return ok

    def focusOutEvent(self, e: QFocusEvent) -> None:
        super().focusOutEvent(e)
        if e.reason() not in (
            Qt.FocusReason.PopupFocusReason,
            Qt.FocusReason.ActiveWindowFocusReason,
        ):
            self.save()


# ==================================================================== the link dialog
class LinkDialog(QDialog):
    """Koble til…: choose a kind, then one or more notes, meetings or services, or
    type a document's name."""

    last_kind = LinkKind.NOTE

    EMPTY = {
        LinkKind.NOTE: "Ingen notater ennå. Skriv intervjuer og dokumentstudier under «Intervjuer og dokumenter».",
        LinkKind.MEETING: "Ingen møter ennå. Legg dem inn under «Møter og vedtak».",
        LinkKind.SERVICE: "Tjenestekartet er tomt. Legg inn tjenester under «Tjenestekart».",
        LinkKind.SURVEY: "Ingen spørreundersøkelser ennå. Lag en under «Spørreundersøkelser».",
        LinkKind.WORKSHOP: "Ingen verksteder ennå. Lag et under «Verksted».",
    }

    def __init__(
        self, ctx: ProjectContext, item: ChecklistItem, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.item = item
        self.new_ids: list[int] = []
        self.setWindowTitle(_t("Koble til"))
        self.setModal(True)
        self.kind_combo = QComboBox(self)
        for kind in LinkKind:
            self.kind_combo.addItem(kind.label, kind.value)
        self.kind_combo.setCurrentIndex(
            max(self.kind_combo.findData(LinkDialog.last_kind.value), 0)
        )
        # targets
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(_t("Filtrer …"))
        self.filter_edit.setClearButtonEnabled(True)
        self.target_model = QStandardItemModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.target_model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.target_list = QListView(self)
        self.target_list.setModel(self.proxy)
        self.target_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.target_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.target_list.setAccessibleName(_t("Velg hva punktet skal kobles til"))
        self.target_list.doubleClicked.connect(lambda _i: self.accept())
        self.target_empty = EmptyOverlay(self.target_list, "")
        self.filter_edit.textChanged.connect(self._filter)
        SearchKeys(self.filter_edit, self.target_list)  # ↑/↓ choose while typing
        target_page = QWidget(self)
        tv = QVBoxLayout(target_page)
        tv.setContentsMargins(0, 0, 0, 0)
        tv.addWidget(self.filter_edit)
        tv.addWidget(self.target_list, 1)
        tv.addWidget(style.hint(_t("Hold Ctrl eller Shift nede for å velge flere."), target_page))
        # document
        self.document_edit = QLineEdit(self)
        self.document_edit.setMaxLength(LINK_LABEL_MAX)
        self.document_edit.setPlaceholderText(_t("For eksempel Forstudierapport.pdf"))
        doc_page = QWidget(self)
        dv = QVBoxLayout(doc_page)
        dv.setContentsMargins(0, 0, 0, 0)
        doc_label = QLabel(_t("&Dokumentets navn eller filnavn:"), doc_page)
        doc_label.setBuddy(self.document_edit)
        dv.addWidget(doc_label)
        dv.addWidget(self.document_edit)
        dv.addWidget(
            style.hint(
                _t("Dokumentet lagres ikke i prosjektet; navnet sier hvor resultatet finnes."),
                doc_page,
            )
        )
        dv.addStretch(1)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(target_page)
        self.stack.addWidget(doc_page)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_t("Koble til"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_t("Avbryt"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        kind_label = QLabel(_t("&Type:"), self)
        kind_label.setBuddy(self.kind_combo)
        form.addRow(kind_label, self.kind_combo)
        title = QLabel(_t("Punkt: <b>{title}</b>").format(title=html.escape(item.title)), self)
        title.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.buttons)
        self.resize(560, 460)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.target_list.selectionModel().selectionChanged.connect(lambda *_: self._update_ok())
        self.document_edit.textChanged.connect(lambda _t: self._update_ok())
        self._kind_changed()

    def kind(self) -> LinkKind:
        return LinkKind(self.kind_combo.currentData())

    def _kind_changed(self) -> None:
        kind = self.kind()
        LinkDialog.last_kind = kind
        if not kind.has_target:
            self.stack.setCurrentIndex(1)
            self.document_edit.setFocus()
            self._update_ok()
            return
        self.stack.setCurrentIndex(0)
        have = {lk.target_id for lk in self.item.links if lk.kind is kind}
        targets = checklist_service.link_targets(self.ctx.project, kind)
        self.target_model.clear()
        for tid, label in targets:
            if tid in have:
                continue
            row = QStandardItem(label)
            row.setData(tid, KEY_ROLE)
            row.setToolTip(label)
            self.target_model.appendRow(row)
        if not targets:
            self.target_empty.set_text(_t(self.EMPTY[kind]))
        elif self.target_model.rowCount() == 0:
            self.target_empty.set_text(_t("Punktet er allerede koblet til alle."))
        else:
            self.target_empty.set_text(_t("Ingen treff."))
        self._filter(self.filter_edit.text())
        self.filter_edit.setFocus()

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        if self.proxy.rowCount() and not self.target_list.selectionModel().hasSelection():
            self.target_list.setCurrentIndex(self.proxy.index(0, 0))
        self._update_ok()

    def selected_targets(self) -> list[int]:
        rows = sorted(self.target_list.selectionModel().selectedIndexes(), key=lambda i: i.row())
        return [int(i.data(KEY_ROLE)) for i in rows]

    def links(self) -> list[ChecklistLink]:
        kind = self.kind()
        if kind.has_target:
            return [ChecklistLink(kind, tid, "") for tid in self.selected_targets()]
        return [ChecklistLink(kind, None, self.document_edit.text())]

    def _update_ok(self) -> None:
        if self.kind().has_target:
            self.ok_button.setEnabled(bool(self.selected_targets()))
        else:
            self.ok_button.setEnabled(bool(self.document_edit.text().strip()))

    def accept(self) -> None:
        links = self.links()
        if not links or self.item.id is None:
            return
        item_id = self.item.id
        previous = self.ctx.dialog_parent
        self.ctx.dialog_parent = self
        try:
            ids = self.ctx.perform(
                lambda: checklist_service.add_links(self.ctx.project, item_id, links)
            )
        finally:
            self.ctx.dialog_parent = previous
        if ids is not None:
            self.new_ids = ids
            super().accept()


# ==================================================================== the tab
class ChecklistTab(ProjectPage):
    REVEALS = ("checklist",)

    def __init__(self, ctx: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.today: Callable[[], date] = date.today
        self.phase: Phase | None = None  # chosen on the first load
        self.people: list[Person] = []
        self.progress: PhaseProgress | None = None
        self._loading = False
        self._select_after_reload: Hashable | None = None
        self._draft_after: int | None = None
        self._shown_id: int | None = None

        # -- top: phase and progress ----------------------------------------------------
        self.phase_combo = QComboBox(self)
        for p in CHECKLIST_PHASES:
            self.phase_combo.addItem(p.label, p.value)
        self.phase_combo.setAccessibleName(_t("Fase"))
        self.phase_combo.setToolTip(_t("Hvilken fases sjekkliste som vises"))
        phase_label = QLabel(_t("&Fase:"), self)
        phase_label.setBuddy(self.phase_combo)
        self.phase_combo.activated.connect(lambda _i: self._phase_chosen())
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setTextVisible(True)
        self.progress_bar.setFixedWidth(180)
        self.progress_bar.setAccessibleName(_t("Framdrift"))
        self.progress_label = QLabel(self)
        self.progress_label.setTextFormat(Qt.TextFormat.RichText)

        self.add_button = self.button(
            _t("Nytt punkt"), _t("Nytt punkt etter det valgte (Insert eller Ctrl+N)")
        )
        self.up_button = self.button(_t("Flytt opp"), _t("Flytt punktet opp (Alt+↑)"))
        self.down_button = self.button(_t("Flytt ned"), _t("Flytt punktet ned (Alt+↓)"))
        self.delete_button = self.button(_t("Slett"), _t("Slett punktet (Delete)"))
        self.add_button.clicked.connect(self.add_item)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.delete_button.clicked.connect(self.delete_current)

        top = QHBoxLayout()
        top.addWidget(phase_label)
        top.addWidget(self.phase_combo)
        top.addSpacing(16)
        top.addWidget(self.progress_bar)
        top.addWidget(self.progress_label, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.up_button)
        top.addWidget(self.down_button)
        top.addWidget(self.delete_button)

        # -- the table ------------------------------------------------------------------
        self.model = ChecklistModel(
            lambda: self.today(),
            set_title=self._set_title,
            set_status=self._set_status,
            commit_draft=self._commit_draft,
            drop=self.move_to,
            parent=self,
        )
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setTabKeyNavigation(False)
        self.table.setDragEnabled(True)
        self.table.setAcceptDrops(True)
        self.table.setDropIndicatorShown(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.table.setDragDropOverwriteMode(False)
        self.table.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.table.setAccessibleName(_t("Sjekkliste"))
        self.table.setToolTip(_t(KEY_HELP))
        vh = self.table.verticalHeader()
        vh.setVisible(False)
        vh.setDefaultSectionSize(self.table.fontMetrics().height() + 12)
        hh = self.table.horizontalHeader()
        hh.setHighlightSections(False)
        hh.setStretchLastSection(False)
        for col, width in (
            (COL_NR, 40),
            (COL_STATUS, 145),
            (COL_RESPONSIBLE, 150),
            (COL_DUE, 96),
            (COL_LINKS, 84),
        ):
            self.table.setColumnWidth(col, width)
            hh.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        hh.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        self.title_delegate = TitleDelegate(self.table)
        self.table.setItemDelegateForColumn(COL_TITLE, self.title_delegate)
        self.status_delegate = EnumComboDelegate(list(ChecklistStatus), self.table)
        self.table.setItemDelegateForColumn(COL_STATUS, self.status_delegate)
        self.title_delegate.closeEditor.connect(lambda *_: QTimer.singleShot(0, self._drop_draft))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._current_changed())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        self.empty = EmptyOverlay(self.table, "")
        ListKeys(
            self.table,
            add=self.add_item,
            edit=self.rename_current,
            remove=self.delete_current,
            enabled=lambda: self.writable,
        )
        _TableKeys(self, self.table)
        self.key_help = style.hint(_t(KEY_HELP), self)

        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 8, 0)
        lv.setSpacing(6)
        lv.addWidget(self.table, 1)
        lv.addWidget(self.key_help)

        # -- the detail panel -------------------------------------------------------------
        self.detail = self._build_detail()
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.detail)
        scroll.setMinimumWidth(340)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(scroll)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([900, 420])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

        order: list[QWidget] = [
            self.phase_combo,
            self.table,
            self.add_button,
            self.up_button,
            self.down_button,
            self.delete_button,
            self.title_edit,
            self.status_combo,
            self.responsible_combo,
            self.due_edit.check,
            self.due_edit.edit,
            self.note_edit,
            self.link_list,
            self.link_button,
            self.unlink_button,
        ]
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a, b)
        self.refresh()

    def _build_detail(self) -> QWidget:
        w = QWidget(self)
        self.detail_heading = style.hint("", w)
        self.detail_heading.setWordWrap(False)
        self.title_edit = QLineEdit(w)
        self.title_edit.setMaxLength(TITLE_MAX)
        self.title_edit.setAccessibleName(_t("Tittel"))
        self.title_edit.editingFinished.connect(self._title_edited)
        self.editing(self.title_edit)
        self.status_combo = QComboBox(w)
        for st in ChecklistStatus:
            self.status_combo.addItem(st.label, st.value)
        self.status_combo.setToolTip(_t("I listen: Mellomrom for neste status, 1–4 for å velge"))
        self.status_combo.activated.connect(lambda _i: self._status_chosen())
        self.editing(self.status_combo)
        self.responsible_combo = QComboBox(w)
        self.responsible_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.responsible_combo.setMinimumContentsLength(16)
        self.responsible_combo.setToolTip(_t("Personene under Organisering"))
        self.responsible_combo.activated.connect(lambda _i: self._responsible_chosen())
        self.editing(self.responsible_combo)
        self.due_edit = OptionalDateEdit(_t("Har frist"), None, w)
        self.due_edit.check.setToolTip(_t("Fjern haken for å fjerne fristen"))
        self.editing(self.due_edit)
        self.due_timer = QTimer(self)
        self.due_timer.setSingleShot(True)
        self.due_timer.setInterval(DATE_SETTLE_MS)
        self.due_timer.timeout.connect(self._due_edited)
        self.due_edit.check.toggled.connect(lambda _c: self._due_edited())
        self.due_edit.edit.dateChanged.connect(lambda _d: self._due_typed())
        self.due_edit.edit.editingFinished.connect(self._due_edited)
        self.late_label = QLabel(w)
        self.late_label.setTextFormat(Qt.TextFormat.RichText)
        self.note_edit = NoteEdit(self)
        self.note_edit.setParent(w)
        self.note_edit.setAccessibleName(_t("Notat"))
        self.note_edit.setMinimumHeight(self.fontMetrics().lineSpacing() * 5 + 16)
        self.note_state_label = style.hint("", w)
        self.note_state_label.setWordWrap(False)
        self.link_model = QStandardItemModel(self)
        self.link_list = QListView(w)
        self.link_list.setModel(self.link_model)
        self.link_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.link_list.setAccessibleName(_t("Koblinger"))
        self.link_list.setWordWrap(True)
        self.link_list.setMinimumHeight(self.fontMetrics().lineSpacing() * 4 + 16)
        self.link_list.setToolTip(_t("Insert: koble til · Delete: fjern koblingen"))
        self.link_empty = EmptyOverlay(self.link_list, "")
        self.link_list.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        ListKeys(
            self.link_list,
            add=self.add_link,
            remove=self.remove_link,
            enabled=lambda: self.writable,
        )
        self.link_button = self.button(
            _t("Koble til…"),
            _t("Koble punktet til et notat, et møte, en tjeneste eller et dokument"),
        )
        self.unlink_button = self.button(
            _t("Fjern kobling"), _t("Fjern den valgte koblingen (Delete)")
        )
        self.link_button.clicked.connect(self.add_link)
        self.unlink_button.clicked.connect(self.remove_link)
        self.no_item_label = style.empty_state(
            _t("Velg et punkt i listen for å se og endre ansvarlig, frist, notat og koblinger."), w
        )

        self.detail_body = QWidget(w)
        form = QGridLayout(self.detail_body)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(8)
        form.setColumnStretch(1, 1)

        def row(r: int, text: str, field: QWidget) -> None:
            label = QLabel(text, self.detail_body)
            label.setBuddy(field)
            form.addWidget(label, r, 0, Qt.AlignmentFlag.AlignTop)
            form.addWidget(field, r, 1)

        row(0, _t("&Tittel:"), self.title_edit)
        row(1, _t("&Status:"), self.status_combo)
        row(2, _t("&Ansvarlig:"), self.responsible_combo)
        row(3, _t("F&rist:"), self.due_edit)
        form.addWidget(self.late_label, 4, 1)
        note_head = QHBoxLayout()
        note_label = QLabel(_t("N&otat:"), self.detail_body)
        note_label.setBuddy(self.note_edit)
        note_head.addWidget(note_label)
        note_head.addStretch(1)
        note_head.addWidget(self.note_state_label)
        form.addLayout(note_head, 5, 0, 1, 2)
        form.addWidget(self.note_edit, 6, 0, 1, 2)
        links_head = QHBoxLayout()
        links_label = QLabel(_t("&Koblinger:"), self.detail_body)
        links_label.setBuddy(self.link_list)
        links_head.addWidget(links_label)
        links_head.addStretch(1)
        links_head.addWidget(self.link_button)
        links_head.addWidget(self.unlink_button)
        form.addLayout(links_head, 7, 0, 1, 2)
        form.addWidget(self.link_list, 8, 0, 1, 2)
        form.addWidget(
            style.hint(
                _t(
                    "Koble punktet til det det har gitt: notater, møter, tjenester eller dokumenter."
                ),
                self.detail_body,
            ),
            9,
            0,
            1,
            2,
        )

        v = QVBoxLayout(w)
        v.setContentsMargins(8, 0, 4, 8)
        v.setSpacing(6)
        v.addWidget(self.detail_heading)
        v.addWidget(self.no_item_label)
        v.addWidget(self.detail_body)
        v.addStretch(1)
        return w

    # ================================================================ loading
    def _default_phase(self) -> Phase:
        current = project_service.project_info(self.ctx.project).current_phase
        return current if current in CHECKLIST_PHASES else Phase.FORSTUDIE

    def reload(self) -> None:
        if self.phase is None:
            self.phase = self._default_phase()
        self._loading = True
        try:
            self.phase_combo.setCurrentIndex(self.phase_combo.findData(self.phase.value))
            project = self.ctx.project
            self.people = sorted(
                people_service.list_people(project), key=lambda p: sort_key(p.name)
            )
            names = {p.id: p.name for p in self.people if p.id is not None}
            items = checklist_service.list_items(project, self.phase)
            self.progress = next(
                p
                for p in checklist_service.phase_progress(project, self.today())
                if p.phase is self.phase
            )
            key = self._select_after_reload
            self._select_after_reload = None
            if key is None:
                key = self.current_id()
            row = self.table.currentIndex().row() if self.table.currentIndex().isValid() else 0
            self.model.set_items(items, names)
            self._select(key, fallback_row=row)
            self._show_progress()
            self.empty.set_text(
                _t(
                    "Ingen punkter i sjekklisten for {phase}. Trykk «Nytt punkt» (Insert eller "
                    "Ctrl+N) og skriv det første."
                ).format(phase=phase_word(self.phase))
            )
            self._fill_responsible_combo()
        finally:
            self._loading = False
        self._fill(self.current_item())

    def _show_progress(self) -> None:
        p = self.progress
        if p is None:
            return
        self.progress_bar.setRange(0, max(p.applicable, 1))
        self.progress_bar.setValue(p.done if p.applicable else (1 if p.total else 0))
        self.progress_bar.setFormat(f"{round(p.share_done * 100)} %")
        self.progress_label.setText(progress_html(p, self))
        self.progress_label.setToolTip(progress_text(p))
        self.progress_bar.setAccessibleDescription(progress_text(p))

    def _fill_responsible_combo(self) -> None:
        combo = self.responsible_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(_t("(ingen)"), None)
        for p in self.people:
            combo.addItem(p.name, p.id)
            if p.organisation:
                combo.setItemData(combo.count() - 1, p.organisation, Qt.ItemDataRole.ToolTipRole)
        combo.blockSignals(False)

    def _select(self, key: Hashable | None, *, fallback_row: int | None = None) -> None:
        row = self.model.row_of_key(key) if key is not None else None
        if row is None:
            if fallback_row is None or self.model.rowCount() == 0:
                return
            row = min(max(fallback_row, 0), self.model.rowCount() - 1)
        index = self.model.index(row, COL_TITLE)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    # ================================================================ current item
    def current_row(self) -> int | None:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else None

    def current_item(self) -> ChecklistItem | None:
        row = self.current_row()
        return self.model.item(row) if row is not None else None

    def current_id(self) -> int | None:
        it = self.current_item()
        return it.id if it is not None else None

    def _current_changed(self) -> None:
        if self._loading:
            return
        self._show_current()

    def _show_current(self) -> None:
        it = self.current_item()
        new_id = it.id if it is not None else None
        if new_id != self.note_edit.item_id and self.note_edit.dirty:
            # the note typed for the item we leave goes to that item (this reloads)
            self.note_edit.save()
            it = self.current_item()
        self._fill(it)

    def _fill(self, it: ChecklistItem | None) -> None:
        was = self._loading
        self._loading = True
        try:
            self._fill_detail(it)
        finally:
            self._loading = was
        self.update_actions()

    def _fill_detail(self, it: ChecklistItem | None) -> None:
        has = it is not None
        self.no_item_label.setVisible(not has)
        self.detail_body.setVisible(has)
        self.note_edit.show_item(it)
        if it is None or it.id is None:
            self.no_item_label.setText(
                _t("Skriv tittelen på det nye punktet i listen og trykk Enter. Esc avbryter.")
                if self.model.draft_row is not None and self.current_row() == self.model.draft_row
                else _t(
                    "Velg et punkt i listen for å se og endre ansvarlig, frist, notat og koblinger."
                )
                if self.model.rowCount()
                else ""
            )
            self.detail_heading.setText("")
            self._shown_id = None
            self.link_model.clear()
            return
        total = len(self.model.items)
        row = self.model.row_of_key(it.id)
        self.detail_heading.setText(
            _t("Punkt {n} av {total} · {phase}").format(
                n=(row or 0) + 1, total=total, phase=it.phase.label
            )
        )
        if not self.title_edit.hasFocus() or self._shown_id != it.id:
            self.title_edit.setText(it.title)
            self.title_edit.setCursorPosition(0)
        self.status_combo.setCurrentIndex(self.status_combo.findData(it.status.value))
        i = self.responsible_combo.findData(it.responsible_id) if it.responsible_id else 0
        self.responsible_combo.setCurrentIndex(max(i, 0))
        self.due_timer.stop()
        self.due_edit.set_value(it.due_on)
        if it.due_on is None:
            self.due_edit.edit.setDate(self.due_edit.edit.date().currentDate())
        today = self.today()
        if it.is_overdue(today):
            colour = style.overdue_fg(self.palette()).name()
            self.late_label.setText(
                f"<b style='color:{colour}'>⚠ {html.escape(overdue_tooltip(it, today))}</b>"
            )
            self.late_label.show()
        else:
            self.late_label.setText("")
            self.late_label.hide()
        self._shown_id = it.id
        selected = self._current_link_id()
        self.link_model.clear()
        for lk in it.links:
            entry = QStandardItem(link_text(lk))
            entry.setData(lk.id, KEY_ROLE)
            entry.setToolTip(link_text(lk))
            if lk.missing:
                entry.setForeground(style.muted_fg())
            self.link_model.appendRow(entry)
        self.link_empty.set_text(
            _t("Ingen koblinger. Trykk «Koble til…» for å vise hva punktet har gitt.")
        )
        for r in range(self.link_model.rowCount()):
            if self.link_model.item(r).data(KEY_ROLE) == selected:
                self.link_list.setCurrentIndex(self.link_model.index(r, 0))

    def _current_link_id(self) -> int | None:
        index = self.link_list.currentIndex()
        value = index.data(KEY_ROLE) if index.isValid() else None
        return int(value) if value is not None else None

    def update_actions(self) -> None:
        w = self.writable
        it = self.current_item()
        row = self.current_row()
        stored = it is not None and it.id is not None
        n = len(self.model.items)
        self.add_button.setEnabled(w)
        self.up_button.setEnabled(w and stored and row is not None and row > 0)
        self.down_button.setEnabled(w and stored and row is not None and row < n - 1)
        self.delete_button.setEnabled(w and stored)
        self.link_button.setEnabled(w and stored)
        self.unlink_button.setEnabled(w and stored and self._current_link_id() is not None)
        self.model.editable = w
        self.table.setDragEnabled(w)
        self.note_edit.setReadOnly(not w)
        self.note_edit.setPlaceholderText(
            _t("Hva er gjort, hva gjenstår, hvorfor ikke aktuelt …") if w else ""
        )

    # ================================================================ phase
    def _phase_chosen(self) -> None:
        self.show_phase(Phase(self.phase_combo.currentData()))

    def show_phase(self, phase: Phase) -> None:
        """Show a phase's checklist (Oversikt's progress box comes here)."""
        if phase not in CHECKLIST_PHASES:
            phase = Phase.FORSTUDIE
        self.note_edit.save()
        if phase is not self.phase:
            self.phase = phase
            self.model.set_items([], {})
        self.refresh()
        if self.model.rowCount() and self.current_row() is None:
            self._select(None, fallback_row=0)

    def reveal(self, kind: str, ref_id: int) -> bool:
        if kind != "checklist":
            return False
        try:
            item = checklist_service.get_item(self.ctx.project, ref_id)
        except ValidationError:
            return False
        self.show_phase(item.phase)
        self._select(ref_id)
        self.table.setFocus()
        return self.current_id() == ref_id

    # ================================================================ changes
    def _perform(self, action: Callable[[], Any]) -> bool:
        return dialogs.perform_ok(self.ctx, action)

    def _update(self, item: ChecklistItem) -> bool:
        project = self.ctx.project
        return self._perform(lambda: checklist_service.update_item(project, item))

    def _stored(self, item_id: int | None) -> ChecklistItem | None:
        return next((i for i in self.model.items if i.id == item_id), None)

    def _set_title(self, item: ChecklistItem, text: str) -> bool:
        return self._update(replace(item, title=text))

    def _set_status(self, item: ChecklistItem, status: ChecklistStatus) -> bool:
        return self._update(replace(item, status=status))

    def set_current_status(self, status: ChecklistStatus) -> None:
        it = self.current_item()
        if it is None or it.id is None or not self.writable or it.status is status:
            return
        self._select_after_reload = it.id
        self._set_status(it, status)

    def cycle_status(self) -> None:
        it = self.current_item()
        if it is not None:
            self.set_current_status(it.status.cycled())

    def _title_edited(self) -> None:
        it = self._stored(self._shown_id)
        if self._loading or it is None or not self.writable:
            return
        text = self.title_edit.text()
        if " ".join(text.split()) == it.title:
            return
        if not self._set_title(it, text):
            self.title_edit.setText(it.title)

    def _status_chosen(self) -> None:
        it = self._stored(self._shown_id)
        if self._loading or it is None:
            return
        self._set_status(it, ChecklistStatus(self.status_combo.currentData()))

    def _responsible_chosen(self) -> None:
        it = self._stored(self._shown_id)
        if self._loading or it is None:
            return
        pid = self.responsible_combo.currentData()
        if pid != it.responsible_id:
            self._update(replace(it, responsible_id=pid))

    def _due_typed(self) -> None:
        if not self._loading:
            self.due_timer.start()

    def _due_edited(self) -> None:
        self.due_timer.stop()
        it = self._stored(self._shown_id)
        if self._loading or it is None or not self.writable:
            return
        due = self.due_edit.value()
        if due != it.due_on:
            self._update(replace(it, due_on=due))

    def save_note(self, item_id: int, text: str) -> bool:
        it = self._stored(item_id)
        if it is None:
            try:
                it = checklist_service.get_item(self.ctx.project, item_id)
            except ValidationError:
                return False
        return self._update(replace(it, note=text))

    def note_state(self, text: str) -> None:
        self.note_state_label.setText(text)

    def flush(self) -> bool:
        if self.ctx.read_only or getattr(self.ctx.project, "closed", False):
            return True
        if self.due_timer.isActive():
            self._due_edited()
        if self.title_edit.hasFocus():
            self._title_edited()
        return self.note_edit.save()

    # -- add, rename, move, delete ---------------------------------------------------------
    def add_item(self) -> None:
        if not self.writable or self.phase is None:
            return
        if self.model.draft_row is not None:
            self.table.edit(self.model.index(self.model.draft_row, COL_TITLE))
            return
        it = self.current_item()
        row = self.current_row()
        self._draft_after = it.id if it is not None else None
        at = (row + 1) if (row is not None and it is not None) else self.model.rowCount()
        index = self.model.insert_draft(at)
        self._select(DRAFT)
        self.table.setFocus()
        self.table.edit(index)

    def _commit_draft(self, title: str) -> bool:
        phase, after = self.phase, self._draft_after
        if phase is None:
            return False
        project = self.ctx.project
        new_id = self.ctx.perform(
            lambda: checklist_service.add_item(project, phase, title, after_id=after)
        )
        if new_id is None:
            return False  # the message has been shown; the draft goes with its editor
        self._select(new_id)
        return True

    def _drop_draft(self) -> None:
        if (
            self.model.draft_row is not None
            and self.table.state() != QAbstractItemView.State.EditingState
        ):
            row = self.model.draft_row
            self.model.remove_draft()
            self._select(self._draft_after, fallback_row=row - 1)

    def rename_current(self) -> None:
        row = self.current_row()
        if row is None or not self.writable:
            return
        self.table.edit(self.model.index(row, COL_TITLE))

    def move_current(self, step: int) -> None:
        it = self.current_item()
        row = self.current_row()
        if it is None or it.id is None or row is None or not self.writable:
            return
        target = row + step
        if not 0 <= target < len(self.model.items):
            return
        self.move_to(it.id, target)

    def move_to(self, item_id: int, index: int) -> None:
        if not self.writable:
            return
        self._select_after_reload = item_id
        project = self.ctx.project
        if not self._perform(lambda: checklist_service.move_item(project, item_id, index)):
            self._select_after_reload = None
        self._select(item_id)

    def delete_current(self) -> None:
        it = self.current_item()
        if it is None or it.id is None or not self.writable:
            return
        details = []
        if it.links:
            details.append(_count(len(it.links), _t("{n} kobling"), _t("{n} koblinger")))
        if it.note.strip() or self.note_edit.toPlainText().strip():
            details.append(_t("notatet"))
        if details and not dialogs.ask_confirm(
            self,
            _t("Slett punkt"),
            _t("Slette «{title}» fra sjekklisten?").format(title=it.title),
            details,
            _t("Slett"),
        ):
            return
        self.note_edit.show_item(None)  # what was typed goes with the item
        row = self.current_row() or 0
        iid = it.id
        project = self.ctx.project
        if self._perform(lambda: checklist_service.delete_item(project, iid)):
            self._select(None, fallback_row=min(row, self.model.rowCount() - 1))
            self._show_current()

    # -- links -----------------------------------------------------------------------------
    def add_link(self) -> None:
        it = self.current_item()
        if it is None or it.id is None or not self.writable:
            return
        self.note_edit.save()
        it = self._stored(it.id)
        if it is None:
            return
        dlg = LinkDialog(self.ctx, it, self)
        dlg.exec()

    def remove_link(self) -> None:
        link_id = self._current_link_id()
        if link_id is None or not self.writable:
            return
        row = self.link_list.currentIndex().row()
        project = self.ctx.project
        if self._perform(lambda: checklist_service.remove_link(project, link_id)):
            n = self.link_model.rowCount()
            if n:
                self.link_list.setCurrentIndex(self.link_model.index(min(row, n - 1), 0))
                self.link_list.setFocus()


# ==================================================================== Oversikt
class ChecklistProgressBox(QFrame):
    """Oversikt's box: a progress bar per phase, the overdue items in warning colour
    and words; the phase name is a button that opens that checklist."""

    open_phase = Signal(object)  # Phase

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checklistProgress")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.rows: dict[Phase, tuple[QPushButton, QProgressBar, QLabel]] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(14, 10, 14, 10)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        grid.addWidget(style.heading(_t("Sjekklister"), 1.1, self), 0, 0, 1, 3)
        for r, phase in enumerate(CHECKLIST_PHASES, start=1):
            b = QPushButton(phase.label, self)
            b.setFlat(True)
            b.setAutoDefault(False)
            b.setCursor(Qt.CursorShape.PointingHandCursor)
            b.setToolTip(
                _t("Åpne sjekklisten for {phase} (Forstudie › Sjekklister)").format(
                    phase=phase_word(phase)
                )
            )
            b.setStyleSheet("text-align: left; padding: 2px 6px;")
            b.clicked.connect(lambda _c=False, p=phase: self.open_phase.emit(p))
            bar = QProgressBar(self)
            bar.setTextVisible(True)
            bar.setMinimumWidth(140)
            bar.setMaximumWidth(260)
            bar.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            label = QLabel(self)
            label.setTextFormat(Qt.TextFormat.RichText)
            grid.addWidget(b, r, 0)
            grid.addWidget(bar, r, 1)
            grid.addWidget(label, r, 2)
            self.rows[phase] = (b, bar, label)
        grid.setColumnStretch(2, 1)

    def set_progress(self, progress: Sequence[PhaseProgress], current: Phase) -> None:
        for p in progress:
            if p.phase not in self.rows:
                continue
            b, bar, label = self.rows[p.phase]
            font = b.font()
            font.setBold(p.phase is current)
            b.setFont(font)
            b.setText(
                _t("{phase} (nå) ›").format(phase=p.phase.label)
                if p.phase is current
                else f"{p.phase.label} ›"
            )
            bar.setRange(0, max(p.applicable, 1))
            bar.setValue(p.done if p.applicable else (1 if p.total else 0))
            bar.setFormat(f"{round(p.share_done * 100)} %")
            bar.setAccessibleName(_t("Framdrift {phase}").format(phase=phase_word(p.phase)))
            bar.setAccessibleDescription(progress_text(p))
            label.setText(progress_html(p, self))
            b.setAccessibleDescription(progress_text(p))

    def summary(self) -> str:
        """The box in words (tests, accessibility)."""
        return " | ".join(
            f"{phase.label}: {label.text()}" for phase, (_b, _bar, label) in self.rows.items()
        )


def open_checklist(widget: QWidget, phase: Phase) -> bool:
    """Go to Forstudie › Sjekklister with ``phase`` shown, from any page of the main
    window. False when the widget is not inside a main window."""
    win = widget.window()
    slugs = getattr(win, "page_slugs", None)
    show_page = getattr(win, "show_page", None)
    page_of = getattr(win, "page", None)
    if slugs is None or show_page is None or page_of is None:
        return False
    try:
        index = list(slugs()).index("forstudie")
    except ValueError:
        return False
    show_page(index)
    page = page_of(index)
    tab = getattr(page, "checklists", None)
    tabs = getattr(page, "tabs", None)
    if not isinstance(tab, ChecklistTab):
        return False
    if tabs is not None:
        tabs.setCurrentWidget(tab)
    tab.show_phase(phase)
    tab.table.setFocus()
    return True


# ==================================================================== leaving a phase
def open_items_text(items: Sequence[ChecklistItem], today: date) -> str:
    """The open items as a list for the warning: at most WARN_LIST_MAX, then "og N til"."""
    lines = []
    for it in items[:WARN_LIST_MAX]:
        title = it.title if len(it.title) <= 90 else it.title[:89].rstrip() + "…"
        status = status_text(it, today)
        lines.append(f"• {title} ({status})")
    rest = len(items) - WARN_LIST_MAX
    if rest > 0:
        lines.append(_t("… og {n} til").format(n=format_int(rest)))
    return "\n".join(lines)


def confirm_leaving_phase(
    parent: QWidget | None, ctx: ProjectContext, phase: Phase, today: date | None = None
) -> bool:
    """Warn (not block) when the phase being left has open checklist items.
    True to go on: no open items, or the user chose «Gå videre likevel»."""
    if phase not in CHECKLIST_PHASES:
        return True
    today = today or date.today()
    items = checklist_service.open_items(ctx.project, phase)
    if not items:
        return True
    nxt = phase.next
    text = (
        _t("Sjekklisten for {phase} har {n} åpent punkt.")
        if len(items) == 1
        else _t("Sjekklisten for {phase} har {n} åpne punkter.")
    ).format(phase=phase_word(phase), n=format_int(len(items)))
    informative = open_items_text(items, today) + "\n\n"
    informative += (
        _t("Vil du likevel registrere beslutningen og gå videre til {next}?").format(
            next=phase_word(nxt)
        )
        if nxt is not None
        else _t("Vil du likevel gå videre?")
    )
    answer = choose(
        parent,
        text,
        informative,
        [(_t("Gå videre likevel"), ACCEPT)],
        default=None,
        icon=QMessageBox.Icon.Warning,
        title=_t("Åpne punkter i sjekklisten"),
    )
    return answer == 0


class DecisionDialogWithChecklist(dialogs.DecisionDialog):
    """The beslutningspunkt dialog of Oversikt: moving on to the next phase first warns
    about the open checklist items of the phase being left. «Avbryt» writes nothing
    and leaves the dialog open, so the user can untick «Gå videre» or cancel."""

    def __init__(
        self,
        ctx: ProjectContext,
        current_phase: Phase,
        decision: Any = None,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(ctx, current_phase, decision, parent)
        self.today = today

    def apply(self) -> bool:
        if (
            self.decision is None
            and self.advance_check.isEnabled()
            and self.advance_check.isChecked()
        ):
            phase = Phase(self.phase_combo.currentData())
            if not confirm_leaving_phase(self, self.ctx, phase, self.today()):
                return False
        return super().apply()
