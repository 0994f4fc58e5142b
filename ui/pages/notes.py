"""Intervjuer og dokumenter: notes from interviews, document study and observation,
with findings that can be marked as candidate improvement points (issue 3, point 3).

Left: the notes (filter by type, by area/service and by words; thousands stay quick,
the text filter goes through the search index) and, on a tab of its own, every
candidate finding across the notes. Right: the selected note's form. Fields are
stored when they are left, the text on focus-out or after two seconds without
typing; every store is one undo step.

The small widgets shared with the meetings tab (the self-saving text editor, the key
handling of ordered lists, the tab-wide Ctrl+N) live here too.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QHideEvent,
    QIcon,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.domain.notes import (
    CandidateFinding,
    Finding,
    Note,
    NoteKind,
    NoteSummary,
    TagChoices,
    default_personal_data,
)
from nvk_desktop.services import notes as notes_service
from ui import dialogs
from ui.context import ProjectContext
from ui.models import CENTER, RIGHT, Column, FilterProxy, RecordTableModel
from ui.widgets import style
from ui.widgets.dates import format_date, format_int, from_qdate, make_date_edit, to_qdate
from ui.widgets.keys import ListKeys, SearchKeys
from ui.widgets.page import ProjectPage
from ui.widgets.tables import EmptyOverlay, current_key, make_table, select_keys, selected_keys

CONTEXT = "NotesTab"
SAVE_AFTER_MS = 2000
FILTER_AFTER_MS = 150
Index = QModelIndex | QPersistentModelIndex


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


# ===================================================================== shared widgets
class AutosaveText(QPlainTextEdit):
    """A multi-line text that belongs to one record and stores itself on focus-out
    and after a pause in typing (one undo step each time), like the plan texts.

    ``store(key, text) -> bool`` does the storing; ``state(editor)`` is told when the
    text becomes unsaved or is stored, for a "Lagret" label.
    """

    def __init__(
        self,
        store: Callable[[Hashable, str], bool],
        state: Callable[[AutosaveText, bool], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._state = state
        self.key: Hashable | None = None
        self.baseline = ""
        self._loading = False
        self._saving = False
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_AFTER_MS)
        self.timer.timeout.connect(self.save)
        self.textChanged.connect(self._typed)

    @property
    def dirty(self) -> bool:
        return self.key is not None and self.toPlainText() != self.baseline

    def load(self, key: Hashable | None, text: str) -> None:
        """Show another record's text (the caller has saved the previous one)."""
        if key == self.key:
            self.set_stored(text)
            return
        self.timer.stop()
        self.key = key
        self.baseline = text
        self._set_text(text)
        self.moveCursor(self.textCursor().MoveOperation.Start)
        if self._state:
            self._state(self, False)

    def set_stored(self, text: str) -> None:
        """The stored text of the same record (after a change or an undo): shown
        unless the user has typed something not yet stored."""
        if not self.dirty and self.toPlainText() != text:
            pos = self.textCursor().position()
            self._set_text(text)
            c = self.textCursor()
            c.setPosition(min(pos, len(text)))
            self.setTextCursor(c)
        self.baseline = text

    def _set_text(self, text: str) -> None:
        self._loading = True
        try:
            self.setPlainText(text)
        finally:
            self._loading = False

    def _typed(self) -> None:
        if self._loading:
            return
        if self.dirty:
            self.timer.start()
        else:
            self.timer.stop()
        if self._state:
            self._state(self, False)

    def save(self) -> bool:
        """Store the text if it changed; True when nothing is left unsaved."""
        self.timer.stop()
        if not self.dirty:
            return True
        if self._saving or self.isReadOnly():
            return False
        text, key = self.toPlainText(), self.key
        self._saving = True  # a message box taking focus must not save a second time
        try:
            ok = self._store(key, text)
        finally:
            self._saving = False
        if ok:
            self.baseline = text
            if self._state:
                self._state(self, True)
        return ok

    def focusOutEvent(self, e: QFocusEvent) -> None:
        super().focusOutEvent(e)
        if e.reason() not in (
            Qt.FocusReason.PopupFocusReason,
            Qt.FocusReason.ActiveWindowFocusReason,
        ):
            self.save()


def save_state_text(editor: AutosaveText, saved: bool) -> str:
    if saved:
        from datetime import datetime

        return _t("✓ Lagret {time}").format(time=datetime.now().strftime("%H:%M"))
    return _t("Ikke lagret ennå …") if editor.dirty else ""


class TabKeys(QObject):
    """Ctrl+N anywhere in a tab makes a new record there (rather than a new project):
    the tab takes the ShortcutOverride that its focused child did not want."""

    def __init__(self, tab: QWidget, new: Callable[[], None], enabled: Callable[[], bool]) -> None:
        super().__init__(tab)
        self._new = new
        self._enabled = enabled
        tab.installEventFilter(self)

    @staticmethod
    def _is_new(event: QKeyEvent) -> bool:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        return mods == Qt.KeyboardModifier.ControlModifier and event.key() == Qt.Key.Key_N

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        assert isinstance(event, QKeyEvent)
        if not self._is_new(event):
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()
            return True
        if self._enabled():
            self._new()
        return True


class OrderedListKeys(QObject):
    """Keys of an ordered list edited in place: Insert adds, F2/Enter edits,
    Delete removes, Alt+Up/Down moves, Space toggles (when given)."""

    def __init__(
        self,
        view: QAbstractItemView,
        *,
        add: Callable[[], None],
        edit: Callable[[], None],
        remove: Callable[[], None],
        move: Callable[[int], None],
        toggle: Callable[[], None] | None = None,
        enabled: Callable[[], bool] = lambda: True,
    ) -> None:
        super().__init__(view)
        self._view = view
        self._add, self._edit, self._remove, self._move = add, edit, remove, move
        self._toggle = toggle
        self._enabled = enabled
        view.installEventFilter(self)

    def _action(self, event: QKeyEvent) -> Callable[[], None] | None:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods == Qt.KeyboardModifier.NoModifier:
            if key == Qt.Key.Key_Insert:
                return self._add
            if key in (Qt.Key.Key_F2, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                return self._edit
            if key == Qt.Key.Key_Delete:
                return self._remove
            if key == Qt.Key.Key_Space and self._toggle is not None:
                return self._toggle
        elif mods == Qt.KeyboardModifier.AltModifier:
            if key == Qt.Key.Key_Up:
                return lambda: self._move(-1)
            if key == Qt.Key.Key_Down:
                return lambda: self._move(1)
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        assert isinstance(event, QKeyEvent)
        if self._view.state() == QAbstractItemView.State.EditingState:
            return False
        action = self._action(event)
        if action is None:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()
            return True
        if self._enabled():
            action()
        return True


def lock_icon(colour: QColor, size: int = 16) -> QIcon:
    """A small padlock, drawn (an emoji lock is missing from many fonts)."""
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(colour, max(1.5, size / 9))
    p.setPen(pen)
    s = float(size)
    shackle = QPainterPath()
    shackle.moveTo(QPointF(s * 0.32, s * 0.48))
    shackle.lineTo(QPointF(s * 0.32, s * 0.32))
    shackle.arcTo(QRectF(s * 0.32, s * 0.1, s * 0.36, s * 0.4), 180, -180)
    shackle.lineTo(QPointF(s * 0.68, s * 0.48))
    p.drawPath(shackle)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour)
    p.drawRoundedRect(QRectF(s * 0.18, s * 0.45, s * 0.64, s * 0.47), s * 0.08, s * 0.08)
    p.end()
    return QIcon(pm)


def set_muted(label: QLabel, colour: QColor | None = None) -> None:
    pal = label.palette()
    pal.setColor(QPalette.ColorRole.WindowText, colour or style.muted_fg(pal))
    label.setPalette(pal)


def _date_sort(d: date | None) -> str:
    return d.isoformat() if d is not None else "0000"


# ========================================================================= models
PERSONAL_COLUMN = 4


class NoteListModel(RecordTableModel[NoteSummary]):
    """The note list, with a padlock in the personal-data column."""

    def __init__(self, parent: Any = None) -> None:
        cols: list[Column[NoteSummary]] = [
            Column(
                _t("Dato"),
                lambda n: format_date(n.held_on),
                sort=lambda n: (_date_sort(n.held_on), n.id),
                width=84,
            ),
            Column(_t("Type"), lambda n: n.kind.label, width=108),
            Column(
                _t("Intervjuobjekt / dokument"),
                lambda n: n.subject,
                tooltip=lambda n: n.subject + (f"\n\n{n.excerpt} …" if n.excerpt else ""),
                width=230,
                stretch=True,
            ),
            Column(
                _t("Organisasjon"),
                lambda n: n.organisation,
                tooltip=lambda n: n.organisation or None,
                width=120,
            ),
            Column(
                "",
                lambda n: "",
                sort=lambda n: n.personal_data,
                tooltip=lambda n: (
                    _t(
                        "Personopplysninger: notatet tas ikke med i dokumenter uten at du velger det"
                    )
                    if n.personal_data
                    else _t("Ingen personopplysninger")
                ),
                width=28,
                align=CENTER,
            ),
            Column(
                _t("Funn"),
                lambda n: (
                    f"{n.finding_count} ★{n.candidate_count}"
                    if n.candidate_count
                    else str(n.finding_count or "")
                ),
                sort=lambda n: (n.candidate_count, n.finding_count),
                tooltip=lambda n: _t("{n} funn, {c} kandidater til forbedringspunkt").format(
                    n=n.finding_count, c=n.candidate_count
                ),
                align=RIGHT,
                width=54,
            ),
        ]
        super().__init__(cols, parent=parent)
        self.lock = lock_icon(style.accent())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == PERSONAL_COLUMN:
            rec = self.record(index.row())
            if role == Qt.ItemDataRole.DecorationRole:
                return self.lock if rec.personal_data else None
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return _t("Personopplysninger") if rec.personal_data else ""
        return super().data(index, role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and section == PERSONAL_COLUMN:
            if role == Qt.ItemDataRole.DecorationRole:
                return lock_icon(style.muted_fg())
            if role == Qt.ItemDataRole.ToolTipRole:
                return _t("Personopplysninger")
        return super().headerData(section, orientation, role)


class NoteFilter(FilterProxy):
    """Type, tag, "only with candidates" and the note ids matching the words typed."""

    def __init__(self, source: NoteListModel, parent: Any = None) -> None:
        super().__init__(source, parent)
        self.notes = source
        self.kind: NoteKind | None = None
        self.area_id: int | None = None  # matches the area or any of its services
        self.area_services: frozenset[int] = frozenset()
        self.service_id: int | None = None
        self.only_candidates = False
        self.text_ids: set[int] | None = None  # None: no words typed

    def set_filter(self, **values: Any) -> None:
        begin = getattr(self, "beginFilterChange", None)  # Qt 6.10; invalidateFilter before
        if begin is not None:
            begin()
        for k, v in values.items():
            setattr(self, k, v)
        if begin is not None:
            self.endFilterChange()
        else:
            self.invalidateFilter()

    @property
    def active(self) -> bool:
        return (
            self.kind is not None
            or self.area_id is not None
            or self.service_id is not None
            or self.only_candidates
            or self.text_ids is not None
        )

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        n = self.notes.record(source_row)
        if self.kind is not None and n.kind is not self.kind:
            return False
        if self.only_candidates and not n.candidate_count:
            return False
        if self.service_id is not None and self.service_id not in n.service_ids:
            return False
        if (
            self.area_id is not None
            and self.area_id not in n.area_ids
            and not self.area_services.intersection(n.service_ids)
        ):
            return False
        return self.text_ids is None or n.id in self.text_ids


class FindingModel(RecordTableModel[Finding]):
    """A note's findings in their order; column 0 is the candidate checkbox."""

    def __init__(
        self,
        set_candidate: Callable[[Finding, bool], bool],
        set_text: Callable[[Finding, str], bool],
        parent: Any = None,
    ) -> None:
        cols: list[Column[Finding]] = [
            Column(
                _t("Kandidat"),
                lambda f: _t("Kandidat") if f.is_candidate else "",
                tooltip=lambda f: _t("Kandidat til forbedringspunkt (Mellomrom slår av og på)"),
                width=96,
            ),
            Column(
                _t("Funn"),
                lambda f: f.text,
                tooltip=lambda f: f.text,
                edit_value=lambda f: f.text,
                set_value=lambda f, v: set_text(f, str(v)),
                stretch=True,
            ),
        ]
        super().__init__(cols, parent=parent)
        self._set_candidate = set_candidate

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == 0 and role == Qt.ItemDataRole.CheckStateRole:
            return (
                Qt.CheckState.Checked
                if self.record(index.row()).is_candidate
                else Qt.CheckState.Unchecked
            )
        return super().data(index, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        f = super().flags(index)
        if index.isValid() and index.column() == 0 and self.editable:
            f |= Qt.ItemFlag.ItemIsUserCheckable
        return f

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if index.isValid() and index.column() == 0 and role == Qt.ItemDataRole.CheckStateRole:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            return self._set_candidate(self.record(index.row()), checked)
        return super().setData(index, value, role)


def candidate_model(parent: Any = None) -> RecordTableModel[CandidateFinding]:
    cols: list[Column[CandidateFinding]] = [
        Column(
            _t("Kandidat til forbedringspunkt"),
            lambda c: c.finding.text,
            tooltip=lambda c: c.finding.text,
            width=300,
            stretch=True,
        ),
        Column(
            _t("Fra"),
            lambda c: c.subject,
            tooltip=lambda c: (
                f"{c.kind.label}: {c.subject}" + (f"\n{c.organisation}" if c.organisation else "")
            ),
            width=190,
        ),
        Column(
            _t("Dato"),
            lambda c: format_date(c.held_on),
            sort=lambda c: (_date_sort(c.held_on), c.note_id, c.finding.position),
            width=92,
        ),
    ]
    return RecordTableModel(cols, key=lambda c: c.finding.id, parent=parent)


# ======================================================================== dialogs
class NewNoteDialog(dialogs.EditDialog):
    """Ctrl+N: type, date, who or which document. The text is written in the form."""

    def __init__(self, ctx: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _t("Nytt notat"), parent)
        self.new_id: int | None = None
        self._personal_touched = False
        self.kind_combo = dialogs.enum_combo(list(NoteKind), NoteKind.DYBDEINTERVJU, self)
        self.date_edit = make_date_edit(date.today(), self)
        self.subject_edit = QLineEdit(self)
        self.subject_label = QLabel(self)
        self.subject_label.setBuddy(self.subject_edit)
        self.organisation_edit = QLineEdit(self)
        self.organisation_edit.setPlaceholderText(_t("Bedrift, forening eller kommune (valgfritt)"))
        self.personal_check = QCheckBox(_t("Inneholder personopplysninger"), self)
        self.personal_check.clicked.connect(lambda _c: setattr(self, "_personal_touched", True))
        self.form.addRow(_t("&Type:"), self.kind_combo)
        self.form.addRow(_t("&Dato:"), self.date_edit)
        self.form.addRow(self.subject_label, self.subject_edit)
        self.form.addRow(_t("&Organisasjon:"), self.organisation_edit)
        self.form.addRow("", self.personal_check)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self._kind_changed()
        self.subject_edit.setFocus()

    def kind(self) -> NoteKind:
        return NoteKind(self.kind_combo.currentData())

    def _kind_changed(self) -> None:
        kind = self.kind()
        self.subject_label.setText(_t(kind.subject_label) + ":")
        self.subject_edit.setPlaceholderText(
            _t("For eksempel «Strategisk næringsplan 2021–2025»")
            if kind.is_document
            else _t("Navn og rolle, for eksempel «Kari Nilsen, daglig leder»")
        )
        if not self._personal_touched:
            self.personal_check.setChecked(default_personal_data(kind))

    def value(self) -> Note:
        return Note(
            kind=self.kind(),
            held_on=from_qdate(self.date_edit.date()),
            subject=self.subject_edit.text(),
            organisation=self.organisation_edit.text(),
            personal_data=self.personal_check.isChecked(),
        )

    def apply(self) -> bool:
        note = self.value()
        self.new_id = self.ctx.perform(lambda: notes_service.add_note(self.ctx.project, note))
        return self.new_id is not None


class TagDialog(QDialog):
    """Choose the areas and services a note is about: a checkable tree with a filter."""

    def __init__(
        self,
        choices: TagChoices,
        area_ids: Sequence[int],
        service_ids: Sequence[int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_t("Velg stikkord"))
        self.setModal(True)
        self.model = QStandardItemModel(self)
        self._area_items: dict[int, QStandardItem] = {}
        self._service_items: dict[int, QStandardItem] = {}
        for a in choices.areas:
            item = QStandardItem(a.name)
            item.setCheckable(True)
            item.setEditable(False)
            item.setCheckState(
                Qt.CheckState.Checked if a.id in area_ids else Qt.CheckState.Unchecked
            )
            item.setToolTip(_t("Hele området «{name}»").format(name=a.name))
            self.model.appendRow(item)
            self._area_items[a.id] = item
        for sv in choices.services:
            parent_item = self._area_items.get(sv.area_id)
            if parent_item is None:
                continue
            child = QStandardItem(sv.name)
            child.setCheckable(True)
            child.setEditable(False)
            child.setCheckState(
                Qt.CheckState.Checked if sv.id in service_ids else Qt.CheckState.Unchecked
            )
            parent_item.appendRow(child)
            self._service_items[sv.id] = child
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_t("Filtrer områder og tjenester"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.tree = QTreeView(self)
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(_t("Områder og tjenester"))
        self.tree.setUniformRowHeights(True)
        for area_id, item in self._area_items.items():
            has_checked = any(
                item.child(r).checkState() == Qt.CheckState.Checked for r in range(item.rowCount())
            )
            if has_checked or area_id in area_ids:
                self.tree.expand(self.proxy.mapFromSource(item.index()))
        SearchKeys(self.search, self.tree)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_t("OK"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_t("Avbryt"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            style.hint(
                _t(
                    "Kryss av områdene og tjenestene notatet handler om. Mellomrom krysser av, "
                    "pil høyre åpner et område."
                ),
                self,
            )
        )
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(460, 560)
        self.tree.setCurrentIndex(self.proxy.index(0, 0))
        self.search.setFocus()

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        if text.strip():
            self.tree.expandAll()

    def set_checked(self, *, areas: Sequence[int] = (), services: Sequence[int] = ()) -> None:
        for a in areas:
            self._area_items[a].setCheckState(Qt.CheckState.Checked)
        for sid in services:
            self._service_items[sid].setCheckState(Qt.CheckState.Checked)

    def area_ids(self) -> list[int]:
        return [i for i, it in self._area_items.items() if it.checkState() == Qt.CheckState.Checked]

    def service_ids(self) -> list[int]:
        return [
            i for i, it in self._service_items.items() if it.checkState() == Qt.CheckState.Checked
        ]


# ========================================================================== the tab
class NotesTab(ProjectPage):
    REVEALS = ("note", "finding")

    def __init__(self, ctx: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.note: Note | None = None  # the note in the form, as stored
        self.choices = TagChoices((), ())
        self._loading = False
        self._date_timer = QTimer(self)
        self._date_timer.setSingleShot(True)
        self._date_timer.setInterval(1500)
        self._date_timer.timeout.connect(self._commit_fields)
        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(FILTER_AFTER_MS)
        self._text_timer.timeout.connect(self._apply_text_filter)

        self.left_tabs = QTabWidget(self)
        self.left_tabs.setDocumentMode(True)
        self.left_tabs.addTab(self._build_list(), _t("Notater"))
        self.left_tabs.addTab(self._build_candidates(), _t("Kandidater"))
        self.right = QStackedWidget(self)
        self.no_note = style.empty_state(
            _t(
                "Ingen notater ennå. Trykk Ctrl+N for å skrive ned et intervju, en "
                "dokumentstudie eller en observasjon."
            )
        )
        self.no_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.right.addWidget(self.no_note)
        self.right.addWidget(self._build_form())

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.left_tabs)
        splitter.addWidget(self.right)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([600, 600])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(splitter, 1)
        TabKeys(self, self.new_note, lambda: self.writable)
        self.refresh()

    # ------------------------------------------------------------------ left: list
    def _build_list(self) -> QWidget:
        tab = QWidget()
        self.note_model = NoteListModel(self)
        self.note_proxy = NoteFilter(self.note_model, self)
        self.search_edit = QLineEdit(tab)
        self.search_edit.setPlaceholderText(_t("Søk i notater og funn …"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName(_t("Søk i notater"))
        self.search_edit.textChanged.connect(lambda _t_: self._text_timer.start())
        self.kind_filter = QComboBox(tab)
        self.kind_filter.setAccessibleName(_t("Filtrer på type"))
        self.kind_filter.addItem(_t("Alle typer"), None)
        for k in NoteKind:
            self.kind_filter.addItem(k.label, k.value)
        self.kind_filter.currentIndexChanged.connect(lambda _i: self._apply_filters())
        self.tag_filter = QComboBox(tab)
        self.tag_filter.setAccessibleName(_t("Filtrer på område eller tjeneste"))
        self.tag_filter.setMinimumContentsLength(16)
        self.tag_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.tag_filter.currentIndexChanged.connect(lambda _i: self._apply_filters())
        self.candidates_only = QCheckBox(_t("Bare med kandidater"), tab)
        self.candidates_only.setToolTip(
            _t("Vis bare notater med funn som er kandidater til forbedringspunkt")
        )
        self.candidates_only.toggled.connect(lambda _c: self._apply_filters())
        self.count_label = style.hint("", tab)
        self.count_label.setWordWrap(False)
        self.new_button = self.button(_t("Nytt notat…"), _t("Nytt notat (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_note)

        self.note_table = make_table(self.note_proxy, tab)
        self.note_table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.note_table.setAccessibleName(_t("Notater"))
        self.note_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.note_table.selectionModel().currentRowChanged.connect(
            lambda *_: self._current_changed()
        )
        self.note_table.doubleClicked.connect(lambda _i: self.body_edit.setFocus())
        self.note_empty = EmptyOverlay(self.note_table, "")
        # Insert/Ctrl+N new, Enter/F2 to the text, Delete asks and deletes.
        self.note_keys = ListKeys(
            self.note_table,
            add=self.new_note,
            edit=lambda: self.body_edit.setFocus(),  # the form is built further down
            remove=self.delete_note,
        )
        SearchKeys(self.search_edit, self.note_table)

        filters = QHBoxLayout()
        filters.addWidget(self.kind_filter)
        filters.addWidget(self.tag_filter, 1)
        filters.addWidget(self.candidates_only)
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.new_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 8, 8, 0)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.note_table, 1)
        layout.addLayout(bottom)
        QWidget.setTabOrder(self.search_edit, self.new_button)
        QWidget.setTabOrder(self.new_button, self.kind_filter)
        QWidget.setTabOrder(self.kind_filter, self.tag_filter)
        QWidget.setTabOrder(self.tag_filter, self.candidates_only)
        QWidget.setTabOrder(self.candidates_only, self.note_table)
        return tab

    def _build_candidates(self) -> QWidget:
        tab = QWidget()
        self.cand_model = candidate_model(self)
        self.cand_proxy = FilterProxy(self.cand_model, self)
        self.cand_table = make_table(self.cand_proxy, tab)
        self.cand_table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.cand_table.setAccessibleName(_t("Kandidater til forbedringspunkt"))
        self.cand_table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.cand_table.doubleClicked.connect(lambda _i: self.open_candidate())
        EmptyOverlay(
            self.cand_table,
            _t(
                "Ingen kandidater ennå. Kryss av «Kandidat» ved et funn i et notat (eller trykk "
                "Mellomrom på funnet) for å samle det her."
            ),
        )
        OrderedListKeys(
            self.cand_table,
            add=lambda: None,
            edit=self.open_candidate,
            remove=lambda: self._uncandidate(),
            move=lambda _d: None,
            toggle=self._uncandidate,
            enabled=lambda: True,
        )
        self.open_candidate_button = self.button(
            _t("Gå til notatet"), _t("Vis notatet funnet kom fra (Enter)"), edits=False
        )
        self.open_candidate_button.clicked.connect(self.open_candidate)
        self.uncandidate_button = self.button(
            _t("Fjern kandidatmerket"), _t("Funnet blir stående i notatet (Mellomrom)")
        )
        self.uncandidate_button.clicked.connect(self._uncandidate)
        self.cand_table.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_candidate_button)
        buttons.addWidget(self.uncandidate_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 8, 8, 0)
        layout.addWidget(
            style.hint(
                _t(
                    "Funn fra alle notater som er merket som kandidater til forbedringspunkt. "
                    "De tas med videre til resultatverkstedet og prioriteringen."
                ),
                tab,
            )
        )
        layout.addWidget(self.cand_table, 1)
        layout.addLayout(buttons)
        return tab

    # ----------------------------------------------------------------- right: form
    def _build_form(self) -> QWidget:
        form = QWidget()
        self.title_label = style.heading("", 1.25)
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.delete_button = self.button(_t("Slett notat"), _t("Slett notatet (Delete i listen)"))
        self.delete_button.clicked.connect(self.delete_note)

        self.kind_combo = dialogs.enum_combo(list(NoteKind), None, form)
        self.kind_combo.setAccessibleName(_t("Type"))
        self.kind_combo.setMaximumWidth(280)
        self.kind_combo.activated.connect(lambda _i: self._commit_fields())
        self.date_edit: QDateEdit = make_date_edit(date.today(), form)
        self.date_edit.setAccessibleName(_t("Dato"))
        self.date_edit.dateChanged.connect(lambda _d: self._date_typed())
        self.date_edit.editingFinished.connect(self._commit_fields)
        self.date_warning = style.hint("", form)
        self.date_warning.setWordWrap(False)
        set_muted(self.date_warning, style.overdue_fg())
        self.subject_label = QLabel(form)
        self.subject_edit = QLineEdit(form)
        self.subject_label.setBuddy(self.subject_edit)
        self.subject_edit.editingFinished.connect(self._commit_fields)
        self.organisation_edit = QLineEdit(form)
        self.organisation_edit.setPlaceholderText(_t("Bedrift, forening eller kommune"))
        self.organisation_edit.editingFinished.connect(self._commit_fields)
        self.personal_check = QCheckBox(_t("Inneholder personopplysninger"), form)
        self.personal_check.clicked.connect(lambda _c: self._commit_fields())
        self.personal_hint = style.hint(
            _t("Notatet tas ikke med i dokumenter uten at du velger det."), form
        )
        self.tags_label = QLabel(form)
        self.tags_label.setWordWrap(True)
        self.tags_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tags_button = self.button(
            _t("Velg stikkord…"), _t("Områder og tjenester i tjenestekartet notatet handler om")
        )
        self.tags_button.clicked.connect(self.choose_tags)
        for w in (self.kind_combo, self.date_edit, self.subject_edit, self.organisation_edit):
            self.editing(w)
        self.editing(self.personal_check)

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        type_label = QLabel(_t("&Type:"), form)
        type_label.setBuddy(self.kind_combo)
        date_label = QLabel(_t("&Dato:"), form)
        date_label.setBuddy(self.date_edit)
        org_label = QLabel(_t("&Organisasjon:"), form)
        org_label.setBuddy(self.organisation_edit)
        tags_caption = QLabel(_t("Stikkord:"), form)
        date_row = QHBoxLayout()
        date_row.addWidget(self.date_edit)
        date_row.addWidget(self.date_warning, 1)
        grid.addWidget(type_label, 0, 0)
        grid.addWidget(self.kind_combo, 0, 1)
        grid.addWidget(date_label, 0, 2)
        grid.addLayout(date_row, 0, 3)
        grid.addWidget(self.subject_label, 1, 0)
        grid.addWidget(self.subject_edit, 1, 1, 1, 3)
        grid.addWidget(org_label, 2, 0)
        grid.addWidget(self.organisation_edit, 2, 1, 1, 3)
        personal_row = QHBoxLayout()
        personal_row.addWidget(self.personal_check)
        personal_row.addWidget(self.personal_hint, 1)
        grid.addLayout(personal_row, 3, 1, 1, 3)
        grid.addWidget(tags_caption, 4, 0, Qt.AlignmentFlag.AlignTop)
        tags_row = QHBoxLayout()
        tags_row.addWidget(self.tags_label, 1)
        tags_row.addWidget(self.tags_button, 0, Qt.AlignmentFlag.AlignTop)
        grid.addLayout(tags_row, 4, 1, 1, 3)

        # the text
        self.body_edit = AutosaveText(self._store_body, self._body_state, form)
        self.body_edit.setAccessibleName(_t("Notattekst"))
        self.body_edit.setPlaceholderText(
            _t("Skriv notatet her: hva som ble sagt eller står i dokumentet …")
        )
        self.body_state = style.hint("", form)
        self.body_state.setWordWrap(False)
        body_head = QHBoxLayout()
        body_caption = QLabel(_t("<b>&Notat</b>"), form)
        body_caption.setBuddy(self.body_edit)
        body_head.addWidget(body_caption)
        body_head.addStretch(1)
        body_head.addWidget(self.body_state)
        body_box = QWidget()
        bl = QVBoxLayout(body_box)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.setSpacing(4)
        bl.addLayout(body_head)
        bl.addWidget(self.body_edit, 1)

        # the findings
        self.finding_model = FindingModel(self._set_candidate, self._set_finding_text, self)
        self.finding_proxy = FilterProxy(self.finding_model, self)
        self.finding_table = make_table(self.finding_proxy, form, sortable=False)
        self.finding_table.setAccessibleName(_t("Funn"))
        self.finding_table.setEditTriggers(
            QTableView.EditTrigger.DoubleClicked | QTableView.EditTrigger.EditKeyPressed
        )
        self.finding_table.selectionModel().selectionChanged.connect(
            lambda *_: self.update_actions()
        )
        self.finding_empty = EmptyOverlay(
            self.finding_table,
            _t("Ingen funn ennå. Skriv et funn i feltet over og trykk Enter."),
        )
        OrderedListKeys(
            self.finding_table,
            add=lambda: self.finding_edit.setFocus(),
            edit=self._edit_finding,
            remove=self.delete_finding,
            move=self.move_finding,
            toggle=self.toggle_candidate,
            enabled=lambda: self.writable,
        )
        self.finding_edit = QLineEdit(form)
        self.finding_edit.setPlaceholderText(_t("Nytt funn – skriv og trykk Enter"))
        self.finding_edit.setAccessibleName(_t("Nytt funn"))
        self.finding_edit.returnPressed.connect(self.add_finding)
        self.editing(self.finding_edit)
        self.new_candidate_check = QCheckBox(_t("Kandidat"), form)
        self.new_candidate_check.setToolTip(
            _t("Det nye funnet merkes som kandidat til forbedringspunkt")
        )
        self.editing(self.new_candidate_check)
        self.up_button = self.button("↑", _t("Flytt opp (Alt+Pil opp)"))
        self.down_button = self.button("↓", _t("Flytt ned (Alt+Pil ned)"))
        self.delete_finding_button = self.button(_t("Slett funn"), _t("Slett funnet (Delete)"))
        for b in (self.up_button, self.down_button):
            b.setFixedWidth(b.fontMetrics().horizontalAdvance("↑") + 28)
        self.up_button.clicked.connect(lambda: self.move_finding(-1))
        self.down_button.clicked.connect(lambda: self.move_finding(1))
        self.delete_finding_button.clicked.connect(self.delete_finding)
        self.findings_caption = QLabel(_t("<b>&Funn</b>"), form)
        self.findings_caption.setBuddy(self.finding_edit)
        finding_head = QHBoxLayout()
        finding_head.addWidget(self.findings_caption)
        finding_head.addWidget(
            style.hint(
                _t("Mellomrom: kandidat · F2: endre · Alt+↑/↓: flytt · Delete: slett"), form
            ),
            1,
        )
        finding_head.addWidget(self.up_button)
        finding_head.addWidget(self.down_button)
        finding_head.addWidget(self.delete_finding_button)
        capture = QHBoxLayout()
        capture.addWidget(self.finding_edit, 1)
        capture.addWidget(self.new_candidate_check)
        findings_box = QWidget()
        fl = QVBoxLayout(findings_box)
        fl.setContentsMargins(0, 0, 0, 0)
        fl.setSpacing(4)
        fl.addLayout(finding_head)
        fl.addLayout(capture)
        fl.addWidget(self.finding_table, 1)

        split = QSplitter(Qt.Orientation.Vertical, form)
        split.addWidget(body_box)
        split.addWidget(findings_box)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.form_splitter = split

        head = QHBoxLayout()
        head.addWidget(self.title_label, 1)
        head.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(form)
        layout.setContentsMargins(8, 8, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(head)
        layout.addLayout(grid)
        layout.addWidget(split, 1)
        order: list[QWidget] = [
            self.kind_combo,
            self.date_edit,
            self.subject_edit,
            self.organisation_edit,
            self.personal_check,
            self.tags_button,
            self.body_edit,
            self.finding_edit,
            self.new_candidate_check,
            self.finding_table,
            self.up_button,
            self.down_button,
            self.delete_finding_button,
            self.delete_button,
        ]
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a, b)
        return form

    # ------------------------------------------------------------------- loading
    def reload(self) -> None:
        project = self.ctx.project
        self._loading = True
        try:
            choices = notes_service.tag_choices(project)
            if choices != self.choices:
                self.choices = choices
                self._fill_tag_filter()
            keys = selected_keys(self.note_table)
            row = self.note_table.currentIndex().row()
            self.note_model.set_rows(notes_service.list_notes(project))
            if self.note_proxy.text_ids is not None:
                self.note_proxy.set_filter(
                    text_ids=notes_service.matching_note_ids(project, self.search_edit.text())
                )
            select_keys(self.note_table, keys, fallback_row=max(row, 0))
            cand_keys = selected_keys(self.cand_table)
            cand_row = self.cand_table.currentIndex().row()
            self.cand_model.set_rows(notes_service.list_candidates(project))
            select_keys(self.cand_table, cand_keys, fallback_row=max(cand_row, 0))
        finally:
            self._loading = False
        n = self.cand_model.rowCount()
        self.left_tabs.setTabText(
            1, _t("Kandidater ({n})").format(n=format_int(n)) if n else _t("Kandidater")
        )
        self._update_count()
        self._show_current()

    def _fill_tag_filter(self) -> None:
        current = self.tag_filter.currentData()
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem(_t("Alle områder og tjenester"), None)
        by_area: dict[int, list[Any]] = {}
        for sv in self.choices.services:
            by_area.setdefault(sv.area_id, []).append(sv)
        for a in self.choices.areas:
            self.tag_filter.addItem(a.name, f"area:{a.id}")
            for sv in by_area.get(a.id, []):
                self.tag_filter.addItem("    " + sv.name, f"service:{sv.id}")
        i = self.tag_filter.findData(current)
        self.tag_filter.setCurrentIndex(max(i, 0))
        self.tag_filter.blockSignals(False)

    def current_note_id(self) -> int | None:
        key = current_key(self.note_table)
        return key if isinstance(key, int) else None

    def _current_changed(self) -> None:
        if self._loading:
            return
        new_id = self.current_note_id()
        if self.note is not None and new_id != self.note.id:
            self.flush_holding_reload()  # what was typed in the previous note is stored first
        self._show_current()

    def _show_current(self) -> None:
        nid = self.current_note_id()
        note = None
        if nid is not None:
            try:
                note = notes_service.get_note(self.ctx.project, nid)
            except Exception:  # removed meanwhile (undo in another page)
                note = None
        self._show(note)

    def _show(self, note: Note | None) -> None:
        self.note = note
        self._loading = True
        try:
            if note is None:
                self.right.setCurrentIndex(0)
                self.body_edit.load(None, "")
                self.finding_model.set_rows([])
                self.no_note.setText(
                    _t(
                        "Ingen notater ennå. Trykk Ctrl+N for å skrive ned et intervju, en "
                        "dokumentstudie eller en observasjon."
                    )
                    if self.note_model.rowCount() == 0
                    else _t("Velg et notat i listen, eller trykk Ctrl+N for å skrive et nytt.")
                )
                return
            self.right.setCurrentIndex(1)
            self.title_label.setText(note.subject)
            self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(note.kind.value), 0))
            self._date_timer.stop()
            self.date_edit.blockSignals(True)
            self.date_edit.setDate(to_qdate(note.held_on or date.today()))
            self.date_edit.blockSignals(False)
            self._date_warning()
            self.subject_label.setText(_t(note.kind.subject_label) + ":")
            self.subject_edit.setPlaceholderText(
                _t("Dokumentets tittel") if note.kind.is_document else _t("Navn og rolle")
            )
            if not self.subject_edit.hasFocus() or self.subject_edit.text() == "":
                self.subject_edit.setText(note.subject)
            if not self.organisation_edit.hasFocus():
                self.organisation_edit.setText(note.organisation)
            self.personal_check.setChecked(bool(note.personal_data))
            self.tags_label.setText(self._tags_text(note))
            self.body_edit.load(note.id, note.body)
            keys = selected_keys(self.finding_table)
            row = self.finding_table.currentIndex().row()
            self.finding_model.set_rows(list(note.findings))
            if keys or row >= 0:
                select_keys(self.finding_table, keys, fallback_row=row if row >= 0 else None)
        finally:
            self._loading = False
        self.update_actions()

    def _tags_text(self, note: Note) -> str:
        names: list[str] = []
        for aid in note.area_ids:
            name = self.choices.area_name(aid)
            if name:
                names.append(f"<b>{_esc(name)}</b>")
        for sid in note.service_ids:
            sv = self.choices.service(sid)
            if sv:
                names.append(
                    f"{_esc(sv.name)} <span style='color:{style.muted_fg().name()}'>({_esc(sv.area_name)})</span>"
                )
        if not names:
            return (
                f"<i style='color:{style.muted_fg().name()}'>{_esc(_t('Ingen stikkord ennå'))}</i>"
            )
        return " · ".join(names)

    def _update_count(self) -> None:
        total, shown = self.note_model.rowCount(), self.note_proxy.rowCount()
        if total == 0:
            self.count_label.setText("")
            self.note_empty.set_text(
                _t("Ingen notater ennå. Trykk «Nytt notat» (Ctrl+N) for å begynne.")
            )
        elif self.note_proxy.active:
            self.count_label.setText(
                _t("Viser {shown} av {total} notater").format(
                    shown=format_int(shown), total=format_int(total)
                )
            )
            self.note_empty.set_text(_t("Ingen notater passer til filteret."))
        else:
            self.count_label.setText(
                _t("1 notat") if total == 1 else _t("{n} notater").format(n=format_int(total))
            )
            self.note_empty.set_text("")

    def update_actions(self) -> None:
        w = self.writable
        has_note = self.note is not None
        self.delete_button.setEnabled(w and has_note)
        self.tags_button.setEnabled(w and has_note)
        has_finding = bool(selected_keys(self.finding_table))
        row = self.finding_table.currentIndex().row()
        self.delete_finding_button.setEnabled(w and has_finding)
        self.up_button.setEnabled(w and has_finding and row > 0)
        self.down_button.setEnabled(
            w and has_finding and 0 <= row < self.finding_model.rowCount() - 1
        )
        has_cand = current_key(self.cand_table) is not None
        self.open_candidate_button.setEnabled(has_cand)
        self.uncandidate_button.setEnabled(w and has_cand)
        self.finding_model.editable = w

    def sync_controls(self) -> None:
        super().sync_controls()
        self.body_edit.setReadOnly(not self.writable)
        self.body_edit.setPlaceholderText(
            ""
            if not self.writable
            else _t("Skriv notatet her: hva som ble sagt eller står i dokumentet …")
        )

    # ------------------------------------------------------------------- filters
    def _apply_text_filter(self) -> None:
        words = self.search_edit.text().strip()
        ids = notes_service.matching_note_ids(self.ctx.project, words) if words else None
        self.note_proxy.set_filter(text_ids=ids)
        self._after_filter()

    def _apply_filters(self) -> None:
        kind = self.kind_filter.currentData()
        what, _, tag_id = str(self.tag_filter.currentData() or "").partition(":")
        area_id = int(tag_id) if what == "area" else None
        service_id = int(tag_id) if what == "service" else None
        self.note_proxy.set_filter(
            kind=NoteKind(kind) if kind else None,
            area_id=area_id,
            area_services=frozenset(sv.id for sv in self.choices.services if sv.area_id == area_id),
            service_id=service_id,
            only_candidates=self.candidates_only.isChecked(),
        )
        self._after_filter()

    def _after_filter(self) -> None:
        self._update_count()
        if not self.note_table.currentIndex().isValid() and self.note_proxy.rowCount():
            select_keys(self.note_table, [], fallback_row=0)
        elif not self.note_proxy.rowCount():
            self._current_changed()

    # ----------------------------------------------------------------- note edits
    def new_note(self) -> None:
        if not self.writable:
            return
        self.flush()
        dlg = NewNoteDialog(self.ctx, parent=self)
        if dlg.exec() and dlg.new_id is not None:
            self.reveal("note", dlg.new_id)
            self.body_edit.setFocus()

    def delete_note(self) -> None:
        note = self.note
        if note is None or note.id is None or not self.writable:
            return
        details = []
        if note.findings:
            n = len(note.findings)
            details.append(_t("1 funn") if n == 1 else _t("{n} funn").format(n=n))
        if not dialogs.ask_confirm(
            self,
            _t("Slett notat"),
            _t("Slette notatet «{subject}»?").format(subject=note.subject),
            details,
            _t("Slett"),
        ):
            return
        nid = note.id
        self.body_edit.load(None, "")  # its unsaved text goes with it
        dialogs.perform_ok(self.ctx, lambda: notes_service.delete_note(self.ctx.project, nid))

    def _date_typed(self) -> None:
        if self._loading:
            return
        self._date_warning()
        self._date_timer.start()

    def _date_warning(self) -> None:
        d = from_qdate(self.date_edit.date())
        self.date_warning.setText(_t("Datoen er fram i tid") if d > date.today() else "")

    def _form_value(self, note: Note) -> Note:
        return replace(
            note,
            kind=NoteKind(self.kind_combo.currentData()),
            held_on=from_qdate(self.date_edit.date()),
            subject=self.subject_edit.text(),
            organisation=self.organisation_edit.text(),
            personal_data=self.personal_check.isChecked(),
        )

    def _fields_pending(self) -> bool:
        note = self.note
        if note is None:
            return False
        v = self._form_value(note)
        return (
            v.kind is not note.kind
            or v.held_on != (note.held_on or date.today())
            or v.subject.strip() != note.subject
            or v.organisation.strip() != note.organisation
            or v.personal_data != note.personal_data
        )

    def _commit_fields(self) -> bool:
        """Store the form's fields (not the text) if they changed: one undo step."""
        self._date_timer.stop()
        if self._loading or self.note is None or not self.writable or not self._fields_pending():
            return True
        value = self._form_value(self.note)
        ok = dialogs.perform_ok(
            self.ctx, lambda: notes_service.update_note(self.ctx.project, value)
        )
        if not ok and self.note is not None:
            # refused (an empty subject): show the stored value again
            self._show(self.note)
        return ok

    def _store_body(self, key: Hashable, text: str) -> bool:
        if not isinstance(key, int) or not self.writable:
            return False
        project = self.ctx.project

        def store() -> None:
            stored = notes_service.get_note(project, key)
            notes_service.update_note(project, replace(stored, body=text, personal_data=None))

        return dialogs.perform_ok(self.ctx, store)

    def _body_state(self, editor: AutosaveText, saved: bool) -> None:
        self.body_state.setText(save_state_text(editor, saved))
        set_muted(self.body_state, style.done_fg() if saved else None)

    def choose_tags(self) -> None:
        note = self.note
        if note is None or note.id is None or not self.writable:
            return
        dlg = TagDialog(self.choices, note.area_ids, note.service_ids, self)
        if not dlg.exec():
            return
        areas, services = dlg.area_ids(), dlg.service_ids()
        if set(areas) == set(note.area_ids) and set(services) == set(note.service_ids):
            return
        nid = note.id
        dialogs.perform_ok(
            self.ctx, lambda: notes_service.set_note_tags(self.ctx.project, nid, areas, services)
        )

    # -------------------------------------------------------------- finding edits
    def _current_finding(self) -> Finding | None:
        key = current_key(self.finding_table)
        row = self.finding_model.row_of_key(key) if key is not None else None
        return self.finding_model.record(row) if row is not None else None

    def add_finding(self) -> None:
        note = self.note
        text = self.finding_edit.text()
        if note is None or note.id is None or not self.writable or not text.strip():
            return
        nid, candidate = note.id, self.new_candidate_check.isChecked()
        new_id = self.ctx.perform(
            lambda: notes_service.add_finding(self.ctx.project, nid, text, candidate)
        )
        if new_id is not None:
            self.finding_edit.clear()
            self.new_candidate_check.setChecked(False)
            select_keys(self.finding_table, [new_id])
            self.finding_edit.setFocus()

    def _edit_finding(self) -> None:
        index = self.finding_table.currentIndex()
        if index.isValid() and self.writable:
            self.finding_table.setCurrentIndex(index.siblingAtColumn(1))
            self.finding_table.edit(index.siblingAtColumn(1))

    def _set_finding_text(self, finding: Finding, text: str) -> bool:
        if finding.id is None or text.strip() == finding.text:
            return False
        fid = finding.id
        return dialogs.perform_ok(
            self.ctx, lambda: notes_service.update_finding(self.ctx.project, fid, text)
        )

    def _set_candidate(self, finding: Finding, value: bool) -> bool:
        if finding.id is None or value == finding.is_candidate or not self.writable:
            return False
        fid = finding.id
        return dialogs.perform_ok(
            self.ctx, lambda: notes_service.set_candidate(self.ctx.project, fid, value)
        )

    def toggle_candidate(self) -> None:
        f = self._current_finding()
        if f is not None:
            self._set_candidate(f, not f.is_candidate)

    def delete_finding(self) -> None:
        f = self._current_finding()
        if f is None or f.id is None or not self.writable:
            return
        fid = f.id
        dialogs.perform_ok(self.ctx, lambda: notes_service.delete_finding(self.ctx.project, fid))
        self.finding_table.setFocus()

    def move_finding(self, delta: int) -> None:
        f = self._current_finding()
        if f is None or f.id is None or not self.writable:
            return
        fid = f.id
        self.ctx.perform(lambda: notes_service.move_finding(self.ctx.project, fid, delta))
        select_keys(self.finding_table, [fid])

    # ---------------------------------------------------------------- candidates
    def _current_candidate(self) -> CandidateFinding | None:
        key = current_key(self.cand_table)
        row = self.cand_model.row_of_key(key) if key is not None else None
        return self.cand_model.record(row) if row is not None else None

    def open_candidate(self) -> None:
        c = self._current_candidate()
        if c is None:
            return
        if self.reveal("note", c.note_id):
            select_keys(self.finding_table, [c.finding.id])
            self.finding_table.setFocus()

    def _uncandidate(self) -> None:
        c = self._current_candidate()
        if c is None or c.finding.id is None or not self.writable:
            return
        fid = c.finding.id
        dialogs.perform_ok(
            self.ctx, lambda: notes_service.set_candidate(self.ctx.project, fid, False)
        )

    # ------------------------------------------------------------------- outside
    def reveal(self, kind: str, ref_id: int) -> bool:
        """A note (or a finding's note: the search reports the note's id)."""
        if kind not in self.REVEALS:
            return False
        if self._stale:
            self.refresh()
        self.left_tabs.setCurrentIndex(0)
        if self.note_model.row_of_key(ref_id) is None:
            return False
        row = self.note_model.row_of_key(ref_id)
        assert row is not None
        if not self.note_proxy.mapFromSource(self.note_model.index(row, 0)).isValid():
            # hidden by a filter: clear the filters so the hit can be shown
            self._loading = True
            try:
                self.search_edit.clear()
                self.kind_filter.setCurrentIndex(0)
                self.tag_filter.setCurrentIndex(0)
                self.candidates_only.setChecked(False)
            finally:
                self._loading = False
            self._text_timer.stop()
            self.note_proxy.set_filter(
                kind=None, area_id=None, service_id=None, only_candidates=False, text_ids=None
            )
            self._update_count()
        select_keys(self.note_table, [ref_id])
        return self.current_note_id() == ref_id

    def flush(self) -> bool:
        """Store the field being edited and the text not yet stored."""
        if self.ctx.read_only:
            return True
        fields = self._commit_fields()
        body = self.body_edit.save()
        return fields and body

    def hideEvent(self, event: QHideEvent) -> None:
        if not getattr(self.ctx.project, "closed", False):
            self.flush()
        super().hideEvent(event)


def _esc(text: str) -> str:
    import html

    return html.escape(text)
