"""Tjenestekart (Kartlegging av tjenester, DOMAIN.md §5) in two views:

- «Tjenester»: the catalogue as a tree (area → service), edited from the keyboard
  (Insert/Ctrl+N new service, Ctrl+Shift+N new area, F2 rename, Delete, Alt+Up/Down
  reorder), and the current service's facts, assessments and KPIs on the right. Text
  and number fields save when they lose focus (the nå-situasjon also after two seconds
  without typing); a number that does not make sense is marked at the field and
  nothing is stored, with what was typed left in place.
- «Matrise»: services × dimensions, colour-coded with the number in every cell
  (servicemap_matrix.py); a cell opens the service here with that score focused.

Every change is one service call and one undo step (ctx.perform).
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QStandardPaths,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QHideEvent,
    QIcon,
    QKeyEvent,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.domain.models import Person
from nvk_desktop.domain.servicemap import (
    SCORE_COLOURS,
    SCORES,
    Channel,
    Dimension,
    Service,
    ServiceArea,
    ServiceKpi,
    ServiceMatrix,
    format_deadline,
    format_number,
    score_label,
)
from nvk_desktop.errors import ValidationError
from nvk_desktop.services import people as people_service
from nvk_desktop.services import project as project_service
from nvk_desktop.services import servicemap as sm
from ui import dialogs, errors
from ui.context import ProjectContext
from ui.models import KEY_ROLE, Column, FilterProxy, RecordTableModel
from ui.pages.servicemap_matrix import MatrixView
from ui.widgets import style
from ui.widgets.dates import OptionalDateEdit, format_date, format_int
from ui.widgets.keys import ListKeys
from ui.widgets.page import ProjectPage
from ui.widgets.tables import EmptyOverlay, current_key, make_table, select_keys

SAVE_AFTER_MS = 2000
Index = QModelIndex | QPersistentModelIndex
AREA, SERVICE = "area", "service"
ERROR_STYLE = "QLineEdit { border: 2px solid #c62828; border-radius: 3px; padding: 1px 3px; }"


# ====================================================================== numbers
def parse_number(text: str) -> float | None:
    """«1 200», «24,5», «92 %» → a number; empty → None; anything else → ValueError."""
    t = text.strip().replace("\u00a0", "").replace(" ", "").rstrip("%").strip()
    if not t:
        return None
    if not re.fullmatch(r"[-+]?\d+([.,]\d+)?", t):
        raise ValueError(text)
    return float(t.replace(",", "."))


def number_text(value: float | None) -> str:
    """The stored number as the field shows it (no thousands separator, decimal comma)."""
    if value is None:
        return ""
    text = f"{round(value, 4):.4f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _swatch(score: int) -> QIcon:
    """The score's colour as a small square (the label says the number and word too)."""
    pm = QPixmap(14, 14)
    pm.fill(QColor(SCORE_COLOURS[score]))
    painter = QPainter(pm)
    painter.setPen(QColor("#808080"))
    painter.drawRect(0, 0, 13, 13)
    painter.end()
    return QIcon(pm)


# ====================================================================== the tree
class ServiceTreeModel(QAbstractItemModel):
    """Areas with their services. A service's internal id is its area's row + 1."""

    def __init__(self, rename: Callable[[str, int, str], bool], parent: QObject | None = None):
        super().__init__(parent)
        self._rename = rename
        self.areas: list[ServiceArea] = []
        self.services: dict[int, list[Service]] = {}
        self.weak: set[int] = set()
        self.editable = True
        self._bold = QFont()
        self._bold.setBold(True)

    def set_map(
        self, areas: list[ServiceArea], services: dict[int, list[Service]], weak: set[int]
    ) -> None:
        self.beginResetModel()
        self.areas, self.services, self.weak = areas, services, weak
        self.endResetModel()

    def _children(self, area_row: int) -> list[Service]:
        return self.services.get(self.areas[area_row].id or 0, [])

    # -- structure ---------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if row < len(self.areas) else QModelIndex()
        if parent.internalId() == 0 and row < len(self._children(parent.row())):
            return self.createIndex(row, 0, parent.row() + 1)
        return QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(int(index.internalId()) - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.areas)
        if parent.internalId() == 0:
            return len(self._children(parent.row()))
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def record(self, index: Index) -> tuple[str, ServiceArea | Service] | None:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return AREA, self.areas[index.row()]
        return SERVICE, self._children(int(index.internalId()) - 1)[index.row()]

    def index_of(self, kind: str, record_id: int) -> QModelIndex:
        for a, area in enumerate(self.areas):
            if kind == AREA and area.id == record_id:
                return self.index(a, 0)
            if kind == SERVICE:
                for s, sv in enumerate(self.services.get(area.id or 0, [])):
                    if sv.id == record_id:
                        return self.index(s, 0, self.index(a, 0))
        return QModelIndex()

    # -- data --------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        rec = self.record(index)
        if rec is None:
            return None
        kind, item = rec
        if role == Qt.ItemDataRole.DisplayRole:
            if kind == AREA:
                n = len(self.services.get(item.id or 0, []))
                return f"{item.name}  ({n})"
            return item.name
        if role == Qt.ItemDataRole.EditRole:
            return item.name
        if role == KEY_ROLE:
            return (kind, item.id)
        if role == Qt.ItemDataRole.FontRole and kind == AREA:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            if kind == AREA:
                n = len(self.services.get(item.id or 0, []))
                return f"{item.name}: " + ("1 tjeneste" if n == 1 else f"{n} tjenester")
            if item.id in self.weak:
                return f"{item.name}\n" + self.tr("Har svake punkter (vurdering 1–2)")
            return item.name
        if (
            role == Qt.ItemDataRole.AccessibleDescriptionRole
            and kind == SERVICE
            and item.id in self.weak
        ):
            return self.tr("har svake punkter")
        return None

    # Computed once: combining PySide enum flags per call is slow for 300 rows.
    _AREA = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    _SERVICE = _AREA | Qt.ItemFlag.ItemNeverHasChildren
    _AREA_EDIT = _AREA | Qt.ItemFlag.ItemIsEditable
    _SERVICE_EDIT = _SERVICE | Qt.ItemFlag.ItemIsEditable

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == 0:
            return self._AREA_EDIT if self.editable else self._AREA
        return self._SERVICE_EDIT if self.editable else self._SERVICE

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        rec = self.record(index)
        if rec is None or role != Qt.ItemDataRole.EditRole:
            return False
        kind, item = rec
        name = str(value)
        if " ".join(name.split()) == item.name:
            return False
        return self._rename(kind, item.id or 0, name)


class _TreeKeys(QObject):
    """The tree's own keys, taken before any window shortcut (Ctrl+N is «new project»
    elsewhere): Insert/Ctrl+N, Ctrl+Shift+N, F2, Delete, Alt+Up/Down."""

    def __init__(self, tab: ServiceMapTab, view: QTreeView) -> None:
        super().__init__(view)
        self._tab = tab
        self._view = view
        view.installEventFilter(self)

    def _action(self, event: QKeyEvent) -> Callable[[], None] | None:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ctrl, shift, alt = (
            Qt.KeyboardModifier.ControlModifier,
            Qt.KeyboardModifier.ShiftModifier,
            Qt.KeyboardModifier.AltModifier,
        )
        t = self._tab
        if mods == Qt.KeyboardModifier.NoModifier:
            if key == Qt.Key.Key_Insert:
                return t.add_service
            if key == Qt.Key.Key_F2:
                return t.rename_current
            if key == Qt.Key.Key_Delete:
                return t.delete_current
        if mods == ctrl and key == Qt.Key.Key_N:
            return t.add_service
        if mods == ctrl | shift and key == Qt.Key.Key_N:
            return t.add_area
        if mods == alt and key == Qt.Key.Key_Up:
            return lambda: t.move_current(-1)
        if mods == alt and key == Qt.Key.Key_Down:
            return lambda: t.move_current(+1)
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
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
        if self._tab.writable:
            action()
        return True


# ====================================================================== fields
class NumberField(QWidget):
    """A number in a line edit, with its error shown under it (red border and a ⚠ line).
    Keeps what was typed until it is stored or the user changes it."""

    edited = Signal()

    def __init__(self, name: str, *, whole: bool, suffix: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.whole = whole
        self.baseline = ""
        self.edit = QLineEdit(self)
        self.edit.setAccessibleName(name)
        self.edit.setMaximumWidth(120)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.suffix = QLabel(suffix, self)
        self.note = style.hint("", self)
        self.note.setWordWrap(False)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        pal = self.error.palette()
        pal.setColor(QPalette.ColorRole.WindowText, style.overdue_fg(pal))
        self.error.setPalette(pal)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit)
        row.addWidget(self.suffix)
        row.addWidget(self.note, 1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addLayout(row)
        box.addWidget(self.error)
        self.setFocusProxy(self.edit)
        self.edit.editingFinished.connect(self.edited)
        self.edit.textEdited.connect(lambda _t: self._typed())

    @property
    def dirty(self) -> bool:
        return self.edit.text().strip() != self.baseline

    def set_stored(self, value: float | None, *, force: bool = False) -> None:
        text = number_text(value)
        if force or not self.dirty:
            self.edit.setText(text)
            self.set_error("")
        self.baseline = text

    def value(self) -> float | None:
        """The typed number (ValueError with a Norwegian message if it is none)."""
        try:
            v = parse_number(self.edit.text())
        except ValueError:
            example = "24" if self.whole else "24,5"
            raise ValueError(
                f"«{self.edit.text().strip()}» er ikke et tall. Skriv for eksempel {example}."
            ) from None
        if v is not None and self.whole and not v.is_integer():
            raise ValueError("Skriv et helt tall.")
        return v

    def set_error(self, message: str) -> None:
        self.error.setText(f"⚠ {message}" if message else "")
        self.error.setVisible(bool(message))
        self.edit.setStyleSheet(ERROR_STYLE if message else "")
        self.edit.setToolTip(message)

    def has_error(self) -> bool:
        return self.error.isVisible() or bool(self.error.text())

    def _typed(self) -> None:
        if not self.dirty:
            self.set_error("")


class ContactCombo(QComboBox):
    """Loads the people when it is about to be used (focus or popup)."""

    def __init__(self, load: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._load = load

    def focusInEvent(self, e: QFocusEvent) -> None:
        self._load()
        super().focusInEvent(e)

    def showPopup(self) -> None:
        self._load()
        super().showPopup()


class TextField(QLineEdit):
    """A line of text stored on focus-out or Enter; keeps typed text across reloads."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.baseline = ""
        self.setAccessibleName(name)

    @property
    def dirty(self) -> bool:
        return self.text().strip() != self.baseline

    def set_stored(self, text: str, *, force: bool = False) -> None:
        if force or not self.dirty:
            self.setText(text)
        self.baseline = text


class StateEditor(QPlainTextEdit):
    """The nå-situasjon: saved on focus-out and after a pause in typing."""

    def __init__(self, tab: ServiceMapTab) -> None:
        super().__init__(tab)
        self.tab = tab
        self.baseline = ""
        self._loading = False
        self.setTabChangesFocus(True)
        self.setAccessibleName(self.tr("Nå-situasjon"))
        self.setPlaceholderText(
            self.tr("Hvordan fungerer tjenesten i dag? Bemanning, rutiner, det næringslivet sier …")
        )
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.setMaximumHeight(self.fontMetrics().lineSpacing() * 9 + 12)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_AFTER_MS)
        self.timer.timeout.connect(self.save)
        self.textChanged.connect(self._typed)

    @property
    def dirty(self) -> bool:
        return self.toPlainText().strip() != self.baseline.strip()

    def set_stored(self, text: str, *, force: bool = False) -> None:
        if force or not self.dirty:
            if self.toPlainText() != text:
                self._loading = True
                try:
                    self.setPlainText(text)
                finally:
                    self._loading = False
            self.timer.stop()
        self.baseline = text
        self.tab.state_saved_label(self.dirty)

    def _typed(self) -> None:
        if self._loading:
            return
        self.tab.state_saved_label(self.dirty)
        if self.dirty:
            self.timer.start()
        else:
            self.timer.stop()

    def save(self) -> bool:
        self.timer.stop()
        if not self.dirty:
            return True
        if self.isReadOnly():
            return False
        return self.tab.save_fact("current_state", self.toPlainText())

    def focusOutEvent(self, e: QFocusEvent) -> None:
        super().focusOutEvent(e)
        if e.reason() not in (
            Qt.FocusReason.PopupFocusReason,
            Qt.FocusReason.ActiveWindowFocusReason,
        ):
            self.save()


# ====================================================================== dialogs
class KpiDialog(dialogs.EditDialog):
    def __init__(
        self,
        ctx: ProjectContext,
        service_id: int,
        kpi: ServiceKpi | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx, self.tr("Nytt nøkkeltall") if kpi is None else self.tr("Endre nøkkeltall"), parent
        )
        self.service_id = service_id
        self.kpi = kpi
        self.new_id: int | None = None
        self.name_edit = QLineEdit(kpi.name if kpi else "")
        self.name_edit.setPlaceholderText(self.tr("For eksempel «Andel besvart innen ett minutt»"))
        self.value_edit = QLineEdit(number_text(kpi.value) if kpi else "")
        self.value_edit.setPlaceholderText(self.tr("Tall, for eksempel 71 eller 2,5"))
        self.unit_edit = QLineEdit(kpi.unit if kpi else "")
        self.unit_edit.setPlaceholderText(self.tr("%, dager, kr, saker …"))
        self.date_edit = OptionalDateEdit(self.tr("Målt"), kpi.measured_on if kpi else None)
        self.note_edit = QLineEdit(kpi.note if kpi else "")
        self.form.addRow(self.tr("&Nøkkeltall:"), self.name_edit)
        self.form.addRow(self.tr("&Verdi:"), self.value_edit)
        self.form.addRow(self.tr("&Enhet:"), self.unit_edit)
        self.form.addRow(self.tr("&Dato:"), self.date_edit)
        self.form.addRow(self.tr("&Merknad:"), self.note_edit)

    def apply(self) -> bool:
        try:
            value = parse_number(self.value_edit.text())
        except ValueError:
            errors.show_known_error(
                self,
                ValidationError(
                    self.tr("«{t}» er ikke et tall.").format(t=self.value_edit.text().strip()),
                    self.tr("Skriv for eksempel 71 eller 2,5, eller la feltet stå tomt."),
                ),
            )
            self.value_edit.setFocus()
            return False
        k = ServiceKpi(
            self.service_id,
            self.name_edit.text(),
            value,
            self.unit_edit.text(),
            self.date_edit.value(),
            self.note_edit.text(),
            self.kpi.id if self.kpi else None,
        )
        project = self.ctx.project
        if self.kpi is None:
            new_id = self.ctx.perform(lambda: sm.add_kpi(project, k))
            self.new_id = new_id
            return new_id is not None
        return dialogs.perform_ok(self.ctx, lambda: sm.update_kpi(project, k))


class NameDialog(dialogs.EditDialog):
    """One name (new area, new dimension, rename a dimension)."""

    def __init__(
        self,
        ctx: ProjectContext,
        title: str,
        label: str,
        apply: Callable[[str], bool],
        name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, title, parent)
        self._apply = apply
        self.name_edit = QLineEdit(name)
        self.form.addRow(label, self.name_edit)

    def apply(self) -> bool:
        return self._apply(self.name_edit.text())


class DimensionsDialog(dialogs.EditDialog):
    """The dimensions every service is assessed on: add, rename, reorder, delete, or
    switch to another set (NVK's seven or SKR's six)."""

    def __init__(self, ctx: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Tjenestedimensjoner"), parent)
        self.buttons.button(self.buttons.StandardButton.Cancel).hide()
        self.buttons.button(self.buttons.StandardButton.Ok).setText(self.tr("Lukk"))
        self.setMinimumWidth(560)
        cols: list[Column[Dimension]] = [
            Column(self.tr("Dimensjon"), lambda d: d.name, sort=lambda d: d.position, stretch=True)
        ]
        self.model: RecordTableModel[Dimension] = RecordTableModel(cols, parent=self)
        self.proxy = FilterProxy(self.model, self)
        self.table = make_table(self.proxy, self, sortable=False)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName(self.tr("Dimensjoner"))
        self.table.horizontalHeader().setVisible(False)
        self.table.setMinimumHeight(self.table.verticalHeader().defaultSectionSize() * 8)
        EmptyOverlay(
            self.table, self.tr("Ingen dimensjoner. Trykk «Legg til…» (Ctrl+N) eller velg et sett.")
        )
        w = not ctx.read_only
        self.add_button = QPushButton(self.tr("Legg til…"))
        self.rename_button = QPushButton(self.tr("Gi nytt navn…"))
        self.up_button = QPushButton(self.tr("Flytt opp"))
        self.down_button = QPushButton(self.tr("Flytt ned"))
        self.delete_button = QPushButton(self.tr("Slett"))
        for b in (
            self.add_button,
            self.rename_button,
            self.up_button,
            self.down_button,
            self.delete_button,
        ):
            b.setAutoDefault(False)
            b.setEnabled(w)
        self.add_button.clicked.connect(self.add)
        self.rename_button.clicked.connect(self.rename)
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(+1))
        self.delete_button.clicked.connect(self.delete)
        ListKeys(self.table, add=self.add, edit=self.rename, remove=self.delete, enabled=lambda: w)
        side = QVBoxLayout()
        for b in (
            self.add_button,
            self.rename_button,
            self.up_button,
            self.down_button,
            self.delete_button,
        ):
            side.addWidget(b)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.table, 1)
        row.addLayout(side)
        self.set_combo = QComboBox()
        for key, (label, names) in sm.dimension_sets().items():
            self.set_combo.addItem(f"{label} ({len(names)})", key)
        self.use_button = QPushButton(self.tr("Bruk settet"))
        self.use_button.setAutoDefault(False)
        self.use_button.setEnabled(w)
        self.use_button.clicked.connect(self.use_set)
        set_row = QHBoxLayout()
        set_row.addWidget(QLabel(self.tr("Dimensjonssett:")))
        set_row.addWidget(self.set_combo, 1)
        set_row.addWidget(self.use_button)
        self.form.addRow(row)
        self.form.addRow(set_row)
        self.form.addRow(
            style.hint(
                self.tr(
                    "Hver tjeneste vurderes fra 1 (svært svak) til 5 (svært god) på hver dimensjon. "
                    "Sletter du en dimensjon, forsvinner vurderingene på den (kan angres)."
                )
            )
        )
        ctx.changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        key = current_key(self.table)
        self.model.set_rows(sm.list_dimensions(self.ctx.project))
        if key is not None:
            select_keys(self.table, [key])
        elif self.model.rowCount():
            select_keys(self.table, [], fallback_row=0)
        current = sm.current_dimension_set(self.ctx.project)
        if current is not None:
            self.set_combo.setCurrentIndex(max(self.set_combo.findData(current), 0))

    def _current(self) -> Dimension | None:
        key = current_key(self.table)
        row = self.model.row_of_key(key) if key is not None else None
        return self.model.record(row) if row is not None else None

    def add(self) -> None:
        project = self.ctx.project
        new: list[int] = []

        def apply(name: str) -> bool:
            i = self.ctx.perform(lambda: sm.add_dimension(project, name))
            if i is not None:
                new.append(i)
            return i is not None

        NameDialog(self.ctx, self.tr("Ny dimensjon"), self.tr("&Navn:"), apply, parent=self).exec()
        if new:
            select_keys(self.table, new)

    def rename(self) -> None:
        d = self._current()
        if d is None or d.id is None:
            return
        did, project = d.id, self.ctx.project
        NameDialog(
            self.ctx,
            self.tr("Gi nytt navn"),
            self.tr("&Navn:"),
            lambda name: dialogs.perform_ok(
                self.ctx, lambda: sm.rename_dimension(project, did, name)
            ),
            d.name,
            parent=self,
        ).exec()

    def move(self, delta: int) -> None:
        d = self._current()
        if d is None or d.id is None:
            return
        did, to, project = d.id, d.position + delta, self.ctx.project
        if 0 <= to < self.model.rowCount():
            dialogs.perform_ok(self.ctx, lambda: sm.move_dimension(project, did, to))
            select_keys(self.table, [did])

    def delete(self) -> None:
        d = self._current()
        if d is None or d.id is None:
            return
        did, project = d.id, self.ctx.project
        n = sm.dimension_assessment_count(project, [did])
        details = (
            [self.tr("{n} vurderinger").format(n=n) if n != 1 else self.tr("1 vurdering")]
            if n
            else []
        )
        if dialogs.ask_confirm(
            self,
            self.tr("Slett dimensjon"),
            self.tr("Slette «{name}»?").format(name=d.name),
            details,
            self.tr("Slett"),
        ):
            dialogs.perform_ok(self.ctx, lambda: sm.delete_dimension(project, did))

    def use_set(self) -> None:
        key = self.set_combo.currentData()
        project = self.ctx.project
        if key is None or sm.current_dimension_set(project) == key:
            return
        lost = sm.dimension_set_loss(project, key)
        if lost and not dialogs.ask_confirm(
            self,
            self.tr("Bytt dimensjonssett"),
            self.tr("Bytte til «{label}»?").format(label=self.set_combo.currentText()),
            [
                self.tr("{n} vurderinger på dimensjoner som ikke finnes i det nye settet").format(
                    n=lost
                )
                if lost != 1
                else self.tr("1 vurdering på en dimensjon som ikke finnes i det nye settet")
            ],
            self.tr("Bytt sett"),
        ):
            return
        dialogs.perform_ok(self.ctx, lambda: sm.use_dimension_set(project, key))

    def apply(self) -> bool:
        return True

    def done(self, result: int) -> None:
        with contextlib.suppress(RuntimeError, TypeError):
            self.ctx.changed.disconnect(self.reload)
        super().done(result)


# ====================================================================== the tab
class ServiceMapTab(ProjectPage):
    REVEALS = ("area", "service")

    def __init__(self, ctx: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.matrix = ServiceMatrix((), (), ())
        self.people: list[Person] = []
        self._people_loaded = False
        self._hold_reload = False
        self._reload_later = False
        self.service: Service | None = None  # the one in the detail form
        self.last_export: Path | None = None
        self._selecting = False

        # -- the view switch -----------------------------------------------------------------
        self.list_button = QPushButton(self.tr("&Tjenester"), self)
        self.matrix_button = QPushButton(self.tr("&Matrise"), self)
        group = QButtonGroup(self)
        for i, b in enumerate((self.list_button, self.matrix_button)):
            b.setCheckable(True)
            b.setAutoDefault(False)
            b.setMinimumWidth(110)
            b.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            group.addButton(b, i)
        self.list_button.setChecked(True)
        self.list_button.setToolTip(self.tr("Tjenestene med fakta og vurderinger (Alt+T)"))
        self.matrix_button.setToolTip(self.tr("Tjenester × dimensjoner, fargekodet (Alt+M)"))
        group.idClicked.connect(self.show_view)
        self.dimensions_button = self.button(
            self.tr("Dimensjoner…"),
            self.tr("Legg til, endre rekkefølge eller bytt til et annet sett (NVK eller SKR)"),
            edits=False,
        )
        self.dimensions_button.clicked.connect(self.edit_dimensions)
        self.read_only_note = style.hint(
            self.tr("Prosjektet er skrivebeskyttet: du kan se, men ikke endre.")
        )
        switch = QHBoxLayout()
        switch.setSpacing(0)
        switch.addWidget(self.list_button)
        switch.addWidget(self.matrix_button)
        top = QHBoxLayout()
        top.addLayout(switch)
        top.addSpacing(16)
        top.addWidget(self.read_only_note, 1)
        top.addStretch(1)
        top.addWidget(self.dimensions_button)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._build_list_view())
        self.matrix_view = MatrixView(self)
        self.matrix_view.open_requested.connect(self.open_service)
        self.matrix_view.export_requested.connect(self.export_xlsx)
        self.stack.addWidget(self.matrix_view)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        self.refresh()

    # ================================================================ view 1: list
    def _build_list_view(self) -> QWidget:
        self.tree_model = ServiceTreeModel(self._rename_from_tree, self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.tree_model)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(self.tr("Tjenesteområder og tjenester"))
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.setMinimumWidth(240)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._tree_menu)
        self.tree_empty = EmptyOverlay(
            self.tree,
            self.tr(
                "Ingen tjenesteområder ennå. Trykk Ctrl+Shift+N for et nytt område, og Ctrl+N for "
                "å legge til tjenester i det."
            ),
        )
        _TreeKeys(self, self.tree)

        self.add_service_button = self.button(
            self.tr("Ny tjeneste"), self.tr("Ny tjeneste i området (Ctrl+N eller Insert)")
        )
        self.add_area_button = self.button(
            self.tr("Nytt område"), self.tr("Nytt tjenesteområde (Ctrl+Shift+N)")
        )
        self.rename_button = self.button(self.tr("Gi nytt navn"), self.tr("Endre navnet (F2)"))
        self.delete_button = self.button(self.tr("Slett"), self.tr("Slett det valgte (Delete)"))
        self.up_button = self.button("▲", self.tr("Flytt opp (Alt+Pil opp)"))
        self.down_button = self.button("▼", self.tr("Flytt ned (Alt+Pil ned)"))
        self.up_button.setAccessibleName(self.tr("Flytt opp"))
        self.down_button.setAccessibleName(self.tr("Flytt ned"))
        self.move_to_button = self.button(
            self.tr("Flytt til område…"), self.tr("Flytt tjenesten til et annet område")
        )
        for b in (self.up_button, self.down_button):
            b.setFixedWidth(34)
        self.add_service_button.clicked.connect(self.add_service)
        self.add_area_button.clicked.connect(self.add_area)
        self.rename_button.clicked.connect(self.rename_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(+1))
        self.move_to_button.clicked.connect(self._move_to_menu)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 8, 0)
        lv.setSpacing(6)
        lv.addWidget(self.tree, 1)
        r1 = QHBoxLayout()
        r1.addWidget(self.add_service_button)
        r1.addWidget(self.add_area_button)
        r1.addStretch(1)
        r1.addWidget(self.up_button)
        r1.addWidget(self.down_button)
        r2 = QHBoxLayout()
        r2.addWidget(self.rename_button)
        r2.addWidget(self.move_to_button)
        r2.addWidget(self.delete_button)
        r2.addStretch(1)
        lv.addLayout(r1)
        lv.addLayout(r2)

        # -- the detail form ------------------------------------------------------------------
        self.detail_stack = QStackedWidget()
        self.placeholder = style.empty_state("")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail_stack.addWidget(self.placeholder)
        self.detail_stack.addWidget(self._build_detail())

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.detail_stack)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([340, 1000])
        self.splitter = splitter
        QWidget.setTabOrder(self.tree, self.add_service_button)
        return splitter

    def _build_detail(self) -> QWidget:
        self.title = style.heading("", 1.3)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle = style.hint("")

        facts = QGroupBox(self.tr("Fakta"))
        form = QFormLayout(facts)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setVerticalSpacing(8)
        self.unit_edit = TextField(self.tr("Ansvarlig enhet"))
        self.unit_edit.setPlaceholderText(self.tr("For eksempel «Plan, bygg og oppmåling»"))
        self.unit_edit.editingFinished.connect(lambda: self._save_text(self.unit_edit, "unit"))
        self.contact_combo = ContactCombo(self._load_people)
        self.contact_combo.setAccessibleName(self.tr("Kontaktperson"))
        self.contact_combo.setMinimumContentsLength(40)
        self.contact_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.contact_combo.activated.connect(lambda _i: self._save_contact())
        channel_box = QWidget()
        ch = QHBoxLayout(channel_box)
        ch.setContentsMargins(0, 0, 0, 0)
        self.channel_checks: dict[Channel, QCheckBox] = {}
        for c in Channel:
            box = QCheckBox(self.tr(c.label))
            box.clicked.connect(lambda _b=False: self._save_channels())
            self.channel_checks[c] = box
            ch.addWidget(box)
        ch.addStretch(1)
        self.cases_field = NumberField(
            self.tr("Saker per år"), whole=True, suffix=self.tr("per år")
        )
        self.median_field = NumberField(
            self.tr("Median saksbehandlingstid"), whole=False, suffix=self.tr("dager")
        )
        self.deadline_field = NumberField(
            self.tr("Lovfestet frist"), whole=True, suffix=self.tr("dager")
        )
        self.share_field = NumberField(self.tr("Andel innen frist"), whole=False, suffix="%")
        self.complaints_field = NumberField(self.tr("Klager"), whole=True, suffix=self.tr("per år"))
        self.number_fields: dict[str, NumberField] = {
            "yearly_cases": self.cases_field,
            "median_days": self.median_field,
            "legal_deadline_days": self.deadline_field,
            "within_deadline_share": self.share_field,
            "complaints": self.complaints_field,
        }
        for name, field in self.number_fields.items():
            field.edited.connect(lambda n=name: self._save_number(n))
        self.fees_edit = TextField(self.tr("Gebyrer"))
        self.fees_edit.setPlaceholderText(self.tr("For eksempel «Etter gebyrregulativ 2026»"))
        self.fees_edit.editingFinished.connect(lambda: self._save_text(self.fees_edit, "fees"))
        self.state_edit = StateEditor(self)
        self.state_label = style.hint("")
        self.state_label.setWordWrap(False)
        form.addRow(self.tr("Ansvarlig &enhet:"), self.unit_edit)
        form.addRow(self.tr("&Kontaktperson:"), self.contact_combo)
        form.addRow(self.tr("Kanaler:"), channel_box)
        form.addRow(self.tr("Saker per å&r:"), self.cases_field)
        form.addRow(self.tr("Median saksbehandlingstid:"), self.median_field)
        form.addRow(self.tr("Lovfestet &frist:"), self.deadline_field)
        form.addRow(self.tr("Andel innen fristen:"), self.share_field)
        form.addRow(self.tr("Klager:"), self.complaints_field)
        form.addRow(self.tr("&Gebyrer:"), self.fees_edit)
        state_head = QHBoxLayout()
        state_caption = QLabel(self.tr("&Nå-situasjon:"))
        state_caption.setBuddy(self.state_edit)
        state_head.addWidget(state_caption)
        state_head.addStretch(1)
        state_head.addWidget(self.state_label)
        form.addRow(state_head)
        form.addRow(self.state_edit)
        for w in (
            self.unit_edit,
            self.contact_combo,
            *self.channel_checks.values(),
            self.fees_edit,
        ):
            self.editing(w)
        for f in self.number_fields.values():
            self.editing(f.edit)

        # -- assessments
        self.assess_box = QGroupBox(self.tr("Vurdering per tjenestedimensjon"))
        self.assess_grid = QGridLayout(self.assess_box)
        self.assess_grid.setHorizontalSpacing(12)
        self.assess_grid.setVerticalSpacing(6)
        self.assess_grid.setColumnStretch(0, 3)
        self.assess_grid.setColumnStretch(2, 4)
        self.score_combos: dict[int, QComboBox] = {}
        self.note_edits: dict[int, TextField] = {}
        self._grid_dims: list[tuple[int | None, str]] = []
        self.no_dimensions = style.hint(
            self.tr(
                "Ingen tjenestedimensjoner. Trykk «Dimensjoner…» øverst for å legge til eller velge et sett."
            )
        )

        # -- KPIs
        kpi_box = QGroupBox(self.tr("Andre nøkkeltall"))
        kpi_cols: list[Column[ServiceKpi]] = [
            Column(
                self.tr("Nøkkeltall"),
                lambda k: k.name,
                width=240,
                stretch=True,
                tooltip=lambda k: k.note or None,
            ),
            Column(
                self.tr("Verdi"),
                lambda k: (
                    (format_number(k.value) + (f"\u00a0{k.unit}" if k.unit else ""))
                    if k.value is not None
                    else ""
                ),
                sort=lambda k: k.value if k.value is not None else float("inf"),
                width=120,
            ),
            Column(self.tr("Målt"), lambda k: format_date(k.measured_on), width=100),
            Column(self.tr("Merknad"), lambda k: k.note, width=200),
        ]
        self.kpi_model: RecordTableModel[ServiceKpi] = RecordTableModel(kpi_cols, parent=self)
        self.kpi_proxy = FilterProxy(self.kpi_model, self)
        self.kpi_table = make_table(self.kpi_proxy, kpi_box, sortable=False)
        self.kpi_table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.kpi_table.setAccessibleName(self.tr("Andre nøkkeltall"))
        self.kpi_table.setMinimumHeight(
            self.kpi_table.verticalHeader().defaultSectionSize() * 4 + 30
        )
        self.kpi_table.doubleClicked.connect(lambda _i: self.edit_kpi())
        self.kpi_table.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        EmptyOverlay(
            self.kpi_table,
            self.tr(
                "Ingen andre nøkkeltall. Trykk «Legg til…» (Ctrl+N) for for eksempel svartid eller restanser."
            ),
        )
        ListKeys(
            self.kpi_table,
            add=self.add_kpi,
            edit=self.edit_kpi,
            remove=self.delete_kpi,
            enabled=lambda: self.writable,
        )
        self.add_kpi_button = self.button(self.tr("Legg til…"), self.tr("Nytt nøkkeltall (Ctrl+N)"))
        self.edit_kpi_button = self.button(self.tr("Endre…"), self.tr("Endre nøkkeltallet (Enter)"))
        self.delete_kpi_button = self.button(
            self.tr("Fjern"), self.tr("Fjern nøkkeltallet (Delete)")
        )
        self.add_kpi_button.clicked.connect(self.add_kpi)
        self.edit_kpi_button.clicked.connect(self.edit_kpi)
        self.delete_kpi_button.clicked.connect(self.delete_kpi)
        kv = QVBoxLayout(kpi_box)
        kv.addWidget(self.kpi_table)
        kb = QHBoxLayout()
        kb.addWidget(self.add_kpi_button)
        kb.addWidget(self.edit_kpi_button)
        kb.addWidget(self.delete_kpi_button)
        kb.addStretch(1)
        kv.addLayout(kb)

        inner = QWidget()
        inner.setObjectName("serviceDetail")
        iv = QVBoxLayout(inner)
        iv.setContentsMargins(8, 0, 12, 12)
        iv.setSpacing(10)
        iv.addWidget(self.title)
        iv.addWidget(self.subtitle)
        iv.addWidget(facts)
        iv.addWidget(self.assess_box)
        iv.addWidget(kpi_box)
        iv.addStretch(1)
        self.detail_scroll = QScrollArea()
        self.detail_scroll.setWidgetResizable(True)
        self.detail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.detail_scroll.setWidget(inner)
        inner.setMaximumWidth(1100)
        return self.detail_scroll

    # ================================================================ loading
    def reload(self) -> None:
        project = self.ctx.project
        self.matrix = sm.service_matrix(project)
        self._people_loaded = False  # loaded when the contact list is opened
        by_area: dict[int, list[Service]] = {}
        for s in self.matrix.services:
            by_area.setdefault(s.area_id, []).append(s)
        weak = {
            s.id
            for s in self.matrix.services
            if s.id is not None and self.matrix.has_weak_point(s.id)
        }
        key = self.current_key()
        expanded_all = self.tree_model.rowCount() == 0
        collapsed = {
            self.tree_model.areas[r].id
            for r in range(self.tree_model.rowCount())
            if not self.tree.isExpanded(self.tree_model.index(r, 0))
        }
        self._selecting = True
        try:
            self.tree_model.set_map(list(self.matrix.areas), by_area, weak)
            for r, area in enumerate(self.tree_model.areas):
                if expanded_all or area.id not in collapsed:
                    self.tree.expand(self.tree_model.index(r, 0))
            index = self.tree_model.index_of(*key) if key is not None else QModelIndex()
            if not index.isValid() and key is None and self.matrix.services:
                index = self.tree_model.index_of(SERVICE, self.matrix.services[0].id or 0)
            if index.isValid():
                self._set_current(index, scroll=key is not None)
        finally:
            self._selecting = False
        self.matrix_view.set_matrix(self.matrix)
        self._show_current()

    def current_key(self) -> tuple[str, int] | None:
        index = self.tree.currentIndex()
        key = index.data(KEY_ROLE) if index.isValid() else None
        return key if isinstance(key, tuple) else None

    def _set_current(self, index: QModelIndex, *, scroll: bool = True) -> None:
        sel = self.tree.selectionModel()
        sel.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if scroll:
            self.tree.scrollTo(index)

    def select(self, kind: str, record_id: int) -> bool:
        index = self.tree_model.index_of(kind, record_id)
        if not index.isValid():
            return False
        self._set_current(index)
        return True

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._selecting:
            return
        # Leaving a service stores what was typed; a number that cannot be stored keeps
        # the service on screen (with the error marked) instead of losing the text. The
        # tree must not be rebuilt inside its own selection signal, so the reload that
        # the store causes waits for the next turn of the event loop.
        if self.service is not None:
            self._hold_reload = True
            try:
                ok = self.flush()
            finally:
                self._hold_reload = False
            if not ok:
                self._reload_later = False
                self._selecting = True
                try:
                    back = self.tree_model.index_of(SERVICE, self.service.id or 0)
                    if back.isValid():
                        self._set_current(back)
                finally:
                    self._selecting = False
                return
            if self._reload_later:
                self._reload_later = False
                self.service = None
                QTimer.singleShot(0, self, self._on_changed)
        self._show_current()

    def _on_changed(self) -> None:
        if self._hold_reload:
            self._reload_later = True
            return
        super()._on_changed()

    def _show_current(self) -> None:
        rec = self.tree_model.record(self.tree.currentIndex())
        if rec is None or rec[0] == AREA:
            self.service = None
            self.detail_stack.setCurrentIndex(0)
            if rec is None:
                text = (
                    self.tr(
                        "Velg en tjeneste i listen til venstre for å se og endre fakta og vurderinger."
                    )
                    if self.tree_model.rowCount()
                    else self.tr("Tjenestekartet er tomt. Lag et område med Ctrl+Shift+N.")
                )
            else:
                area = rec[1]
                n = len(self.tree_model.services.get(area.id or 0, []))
                text = (
                    self.tr(
                        "«{area}» har ingen tjenester ennå. Trykk Ctrl+N for å legge til en."
                    ).format(area=area.name)
                    if n == 0
                    else self.tr(
                        "«{area}» har {n} tjenester. Velg en tjeneste for å se og endre fakta og vurderinger, "
                        "eller trykk Ctrl+N for å legge til en ny."
                    ).format(area=area.name, n=n)
                )
            self.placeholder.setText(text)
        else:
            service = rec[1]
            assert isinstance(service, Service)
            self.detail_stack.setCurrentIndex(1)
            switched = self.service is None or self.service.id != service.id
            self.service = service
            self._fill_detail(service, force=switched)
        self.sync_controls()

    def _fill_detail(self, s: Service, *, force: bool) -> None:
        self.title.setText(s.name)
        sub = [self.matrix.area_name(s.area_id)]
        if s.legal_deadline_days:
            sub.append(
                self.tr("lovfestet frist {d}").format(d=format_deadline(s.legal_deadline_days))
            )
        self.subtitle.setText(" · ".join(sub))
        self.unit_edit.set_stored(s.unit, force=force)
        self._fill_contacts(s)
        for c, box in self.channel_checks.items():
            box.setChecked(c in s.channels)
        share = s.within_deadline_share
        values: dict[str, float | None] = {
            "yearly_cases": s.yearly_cases,
            "median_days": s.median_days,
            "legal_deadline_days": s.legal_deadline_days,
            "within_deadline_share": None if share is None else round(share * 100, 2),
            "complaints": s.complaints,
        }
        for name, field in self.number_fields.items():
            field.set_stored(values[name], force=force)
        self.deadline_field.note.setText(
            f"= {format_deadline(s.legal_deadline_days)}"
            if s.legal_deadline_days and s.legal_deadline_days % 7 == 0
            else ""
        )
        self.fees_edit.set_stored(s.fees, force=force)
        self.state_edit.set_stored(s.current_state, force=force)
        self._fill_assessments(s, force=force)
        kpis = sm.list_kpis(self.ctx.project, s.id or 0)
        key = current_key(self.kpi_table)
        self.kpi_model.set_rows(kpis)
        if key is not None:
            select_keys(self.kpi_table, [key])

    def _fill_contacts(self, s: Service) -> None:
        """The contact combo holds only the current contact until it is opened (with
        600 people, filling it on every reload is what would make the tab slow)."""
        combo = self.contact_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("(ingen)"), None)
        if self._people_loaded:
            for p in self.people:
                combo.addItem(f"{p.name} – {p.organisation}" if p.organisation else p.name, p.id)
        elif s.contact_id is not None:
            combo.addItem(self.matrix.contact_name(s), s.contact_id)
        i = combo.findData(s.contact_id) if s.contact_id is not None else 0
        combo.setCurrentIndex(max(i, 0))
        combo.blockSignals(False)

    def _load_people(self) -> None:
        if self._people_loaded:
            return
        self.people = people_service.list_people(self.ctx.project)
        self._people_loaded = True
        if self.service is not None:
            self._fill_contacts(self.service)

    def _fill_assessments(self, s: Service, *, force: bool) -> None:
        dims = [(d.id, d.name) for d in self.matrix.dimensions]
        if dims != self._grid_dims:
            self._rebuild_grid(self.matrix.dimensions)
        for d in self.matrix.dimensions:
            did = d.id or 0
            combo = self.score_combos[did]
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(self.matrix.score(s.id or 0, did)), 0))
            combo.blockSignals(False)
            self.note_edits[did].set_stored(self.matrix.note(s.id or 0, did), force=force)

    def _rebuild_grid(self, dims: tuple[Dimension, ...]) -> None:
        while self.assess_grid.count():
            item = self.assess_grid.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None and w is not self.no_dimensions:
                if w in self._edit_controls:
                    self._edit_controls.remove(w)
                w.deleteLater()
        self.score_combos, self.note_edits = {}, {}
        self._grid_dims = [(d.id, d.name) for d in dims]
        if not dims:
            self.assess_grid.addWidget(self.no_dimensions, 0, 0, 1, 3)
            self.no_dimensions.show()
            return
        self.no_dimensions.hide()
        self.assess_grid.addWidget(QLabel(f"<b>{self.tr('Dimensjon')}</b>"), 0, 0)
        self.assess_grid.addWidget(QLabel(f"<b>{self.tr('Vurdering')}</b>"), 0, 1)
        self.assess_grid.addWidget(QLabel(f"<b>{self.tr('Merknad')}</b>"), 0, 2)
        for r, d in enumerate(dims, start=1):
            did = d.id or 0
            label = QLabel(d.name)
            label.setWordWrap(True)
            combo = QComboBox()
            combo.setAccessibleName(self.tr("Vurdering: {d}").format(d=d.name))
            for score in SCORES:
                combo.addItem(_swatch(score), score_label(score), score)
            combo.addItem(score_label(None), None)
            combo.setCurrentIndex(len(SCORES))
            combo.activated.connect(lambda _i, x=did: self._save_assessment(x))
            label.setBuddy(combo)
            note = TextField(self.tr("Merknad: {d}").format(d=d.name))
            note.setPlaceholderText(self.tr("Hva bygger vurderingen på?"))
            note.editingFinished.connect(lambda x=did: self._save_assessment(x))
            self.editing(combo)
            self.editing(note)
            self.score_combos[did] = combo
            self.note_edits[did] = note
            self.assess_grid.addWidget(label, r, 0)
            self.assess_grid.addWidget(combo, r, 1)
            self.assess_grid.addWidget(note, r, 2)
        self._tab_order()

    def _tab_order(self) -> None:
        chain: list[QWidget] = [
            self.unit_edit,
            self.contact_combo,
            *self.channel_checks.values(),
            *(f.edit for f in self.number_fields.values()),
            self.fees_edit,
            self.state_edit,
        ]
        for did, _name in self._grid_dims:
            chain += [self.score_combos[did or 0], self.note_edits[did or 0]]
        chain += [self.kpi_table, self.add_kpi_button, self.edit_kpi_button, self.delete_kpi_button]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def sync_controls(self) -> None:
        super().sync_controls()
        ro = self.ctx.read_only
        self.state_edit.setReadOnly(ro)
        self.read_only_note.setVisible(ro)
        for f in (self.unit_edit, self.fees_edit, *self.note_edits.values()):
            f.setReadOnly(ro)
            f.setEnabled(True)
        for f in self.number_fields.values():
            f.edit.setReadOnly(ro)
            f.edit.setEnabled(True)
        self.tree_model.editable = not ro

    def update_actions(self) -> None:
        w = self.writable
        rec = self.tree_model.record(self.tree.currentIndex())
        has = rec is not None
        is_service = has and rec is not None and rec[0] == SERVICE
        self.add_service_button.setEnabled(w and self.tree_model.rowCount() > 0)
        self.rename_button.setEnabled(w and has)
        self.delete_button.setEnabled(w and has)
        self.up_button.setEnabled(w and has)
        self.down_button.setEnabled(w and has)
        self.move_to_button.setEnabled(w and is_service and self.tree_model.rowCount() > 1)
        has_kpi = current_key(self.kpi_table) is not None
        self.add_kpi_button.setEnabled(w and is_service)
        self.edit_kpi_button.setEnabled(w and has_kpi)
        self.delete_kpi_button.setEnabled(w and has_kpi)
        self.matrix_view.export_button.setEnabled(True)

    # ================================================================ switching views
    def show_view(self, which: int) -> None:
        if which == 1 and not self.flush():
            self.list_button.setChecked(True)
            return
        self.stack.setCurrentIndex(which)
        (self.matrix_button if which == 1 else self.list_button).setChecked(True)
        if which == 1:
            self.matrix_view.table.setFocus()
        else:
            self.tree.setFocus()

    def open_service(self, service_id: int, dimension_id: int | None = None) -> None:
        """From the matrix: the service in the list view, that dimension's score focused."""
        self.show_view(0)
        if not self.select(SERVICE, service_id):
            return
        combo = self.score_combos.get(dimension_id) if dimension_id is not None else None
        if combo is not None:
            combo.setFocus(Qt.FocusReason.OtherFocusReason)
            self.detail_scroll.ensureWidgetVisible(combo, 50, 80)
        else:
            self.unit_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def reveal(self, kind: str, ref_id: int) -> bool:
        if kind not in self.REVEALS:
            return False
        self.show_view(0)
        self.refresh()
        ok = self.select(kind, ref_id)
        if ok:
            self.tree.setFocus()
        return ok

    # ================================================================ tree editing
    def _current_area_id(self) -> int | None:
        rec = self.tree_model.record(self.tree.currentIndex())
        if rec is None:
            return self.tree_model.areas[0].id if self.tree_model.areas else None
        return rec[1].id if rec[0] == AREA else rec[1].area_id  # type: ignore[union-attr]

    def _edit_new(self, kind: str, record_id: int) -> None:
        if self.select(kind, record_id):
            self.tree.setFocus()
            self.tree.edit(self.tree.currentIndex())

    def add_service(self) -> None:
        if not self.writable or not self.flush():
            return
        area_id = self._current_area_id()
        if area_id is None:
            self.add_area()
            return
        rec = self.tree_model.record(self.tree.currentIndex())
        position = rec[1].position + 1 if rec is not None and rec[0] == SERVICE else None
        project = self.ctx.project
        new_id = self.ctx.perform(
            lambda: sm.add_service(project, area_id, self.tr("Ny tjeneste"), position)
        )
        if new_id is not None:
            self.tree.expand(self.tree_model.index_of(AREA, area_id))
            self._edit_new(SERVICE, new_id)

    def add_area(self) -> None:
        if not self.writable or not self.flush():
            return
        rec = self.tree_model.record(self.tree.currentIndex())
        position = None
        if rec is not None:
            area_id = rec[1].id if rec[0] == AREA else rec[1].area_id  # type: ignore[union-attr]
            position = next(
                (i + 1 for i, a in enumerate(self.tree_model.areas) if a.id == area_id), None
            )
        project = self.ctx.project
        new_id = self.ctx.perform(lambda: sm.add_area(project, self.tr("Nytt område"), position))
        if new_id is not None:
            self._edit_new(AREA, new_id)

    def rename_current(self) -> None:
        index = self.tree.currentIndex()
        if index.isValid() and self.writable:
            self.tree.setFocus()
            self.tree.edit(index)

    def _rename_from_tree(self, kind: str, record_id: int, name: str) -> bool:
        project = self.ctx.project
        if kind == AREA:
            ok = dialogs.perform_ok(self.ctx, lambda: sm.rename_area(project, record_id, name))
        else:
            ok = dialogs.perform_ok(self.ctx, lambda: sm.rename_service(project, record_id, name))
        if ok:
            QTimer.singleShot(0, lambda: self._after_rename(kind, record_id))
        return ok

    def _after_rename(self, kind: str, record_id: int) -> None:
        """The tree was rebuilt under the editor: put the selection and focus back."""
        if self.select(kind, record_id):
            self.tree.setFocus()

    def delete_current(self) -> None:
        rec = self.tree_model.record(self.tree.currentIndex())
        if rec is None or not self.writable:
            return
        kind, item = rec
        project = self.ctx.project
        row = self.tree.currentIndex().row()
        if kind == AREA:
            aid = item.id or 0
            n = sm.area_service_count(project, aid)
            if n and not dialogs.ask_confirm(
                self,
                self.tr("Slett tjenesteområde"),
                self.tr("Slette «{name}»?").format(name=item.name),
                [
                    self.tr("1 tjeneste med fakta, vurderinger og nøkkeltall")
                    if n == 1
                    else self.tr("{n} tjenester med fakta, vurderinger og nøkkeltall").format(n=n)
                ],
                self.tr("Slett"),
            ):
                return
            ok = dialogs.perform_ok(self.ctx, lambda: sm.delete_area(project, aid))
            if ok and self.tree_model.areas:
                self._set_current(
                    self.tree_model.index(min(row, len(self.tree_model.areas) - 1), 0)
                )
        else:
            sid, area_id = item.id or 0, item.area_id  # type: ignore[union-attr]
            usage = sm.service_usage(project, sid)
            if usage and not dialogs.ask_confirm(
                self,
                self.tr("Slett tjeneste"),
                self.tr("Slette «{name}»?").format(name=item.name),
                usage,
                self.tr("Slett"),
            ):
                return
            self.service = None  # nothing left to store for it
            ok = dialogs.perform_ok(self.ctx, lambda: sm.delete_service(project, sid))
            if ok:
                parent = self.tree_model.index_of(AREA, area_id)
                n = self.tree_model.rowCount(parent)
                self._set_current(
                    self.tree_model.index(min(row, n - 1), 0, parent) if n else parent
                )
        self.tree.setFocus()

    def move_current(self, delta: int) -> None:
        rec = self.tree_model.record(self.tree.currentIndex())
        if rec is None or not self.writable or not self.flush():
            return
        kind, item = rec
        project = self.ctx.project
        rid = item.id or 0
        if kind == AREA:
            to = self.tree.currentIndex().row() + delta
            if not 0 <= to < len(self.tree_model.areas):
                return
            dialogs.perform_ok(self.ctx, lambda: sm.move_area(project, rid, to))
        else:
            dialogs.perform_ok(self.ctx, lambda: sm.move_service(project, rid, delta))
        self.select(kind, rid)

    def _move_to_menu(self) -> None:
        rec = self.tree_model.record(self.tree.currentIndex())
        if rec is None or rec[0] != SERVICE or not self.writable:
            return
        menu = self._areas_menu(rec[1])  # type: ignore[arg-type]
        menu.exec(self.move_to_button.mapToGlobal(QPoint(0, self.move_to_button.height())))

    def _areas_menu(self, service: Service) -> QMenu:
        menu = QMenu(self)
        for a in self.tree_model.areas:
            if a.id == service.area_id:
                continue
            act = menu.addAction(a.name)
            act.triggered.connect(
                lambda _c=False, aid=a.id: self.move_to_area(service.id or 0, aid or 0)
            )
        return menu

    def move_to_area(self, service_id: int, area_id: int) -> None:
        if not self.writable or not self.flush():
            return
        project = self.ctx.project
        if dialogs.perform_ok(
            self.ctx, lambda: sm.move_service_to_area(project, service_id, area_id)
        ):
            self.tree.expand(self.tree_model.index_of(AREA, area_id))
            self.select(SERVICE, service_id)

    def _tree_menu(self, pos: QPoint) -> None:
        index = self.tree.indexAt(pos)
        if index.isValid():
            self._set_current(index)
        menu = QMenu(self)
        w = self.writable
        for text, slot, enabled in (
            (self.tr("Ny tjeneste\tCtrl+N"), self.add_service, w and bool(self.tree_model.areas)),
            (self.tr("Nytt område\tCtrl+Shift+N"), self.add_area, w),
            (self.tr("Gi nytt navn\tF2"), self.rename_current, w and index.isValid()),
            (
                self.tr("Flytt opp\tAlt+Pil opp"),
                lambda: self.move_current(-1),
                w and index.isValid(),
            ),
            (
                self.tr("Flytt ned\tAlt+Pil ned"),
                lambda: self.move_current(+1),
                w and index.isValid(),
            ),
            (self.tr("Slett\tDelete"), self.delete_current, w and index.isValid()),
        ):
            act = menu.addAction(text)
            act.setEnabled(enabled)
            act.triggered.connect(slot)
        rec = self.tree_model.record(index)
        if rec is not None and rec[0] == SERVICE and w:
            sub = self._areas_menu(rec[1])  # type: ignore[arg-type]
            sub.setTitle(self.tr("Flytt til område"))
            menu.addMenu(sub)
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    # ================================================================ saving facts
    def _store(self, candidate: Service) -> bool:
        project = self.ctx.project
        return dialogs.perform_ok(self.ctx, lambda: sm.update_service(project, candidate))

    def save_fact(self, name: str, value: Any) -> bool:
        """Store one fact of the current service (one undo step); False if refused."""
        if self.service is None or not self.writable:
            return False
        candidate = dataclasses.replace(self.service, **{name: value})
        if candidate == self.service:
            return True
        ok = self._store(candidate)
        if ok and name == "current_state":
            self.state_edit.set_stored(str(value).strip(), force=True)
            self.state_saved_label(False, saved=True)
        return ok

    def _save_text(self, field: TextField, name: str) -> None:
        if self.service is None or not field.dirty or not self.writable:
            return
        if self.save_fact(name, field.text().strip()):
            field.set_stored(field.text().strip(), force=True)

    def _save_contact(self) -> None:
        self.save_fact("contact_id", self.contact_combo.currentData())

    def _save_channels(self) -> None:
        chosen = tuple(c for c, box in self.channel_checks.items() if box.isChecked())
        self.save_fact("channels", chosen)

    def _save_number(self, name: str) -> bool:
        """Store a number field: an unreadable or refused number is marked at the field
        and nothing is written; what was typed stays."""
        field = self.number_fields[name]
        if self.service is None or not self.writable:
            return True
        if not field.dirty:
            field.set_error("")
            return True
        try:
            value = field.value()
        except ValueError as e:
            field.set_error(str(e))
            return False
        if name == "within_deadline_share" and value is not None:
            if not 0 <= value <= 100:
                field.set_error(self.tr("Andelen må være mellom 0 og 100 %."))
                return False
            value = round(value / 100, 6)
        stored: float | int | None = value
        if name in ("yearly_cases", "legal_deadline_days", "complaints") and value is not None:
            stored = int(value)
        candidate = dataclasses.replace(self.service, **{name: stored})
        try:
            sm.validate_service(candidate)
        except ValidationError as e:
            field.set_error(" ".join(x for x in (e.message, e.advice) if x))
            return False
        field.set_error("")
        if self._store(candidate):
            if self.service is not None:
                field.set_stored(
                    value
                    if name != "within_deadline_share"
                    else (None if value is None else value * 100),
                    force=True,
                )
            return True
        return False

    def _save_assessment(self, dimension_id: int) -> None:
        if self.service is None or not self.writable:
            return
        combo, note = self.score_combos.get(dimension_id), self.note_edits.get(dimension_id)
        if combo is None or note is None:
            return
        sid = self.service.id or 0
        score = combo.currentData()
        text = note.text().strip()
        if score == self.matrix.score(sid, dimension_id) and text == self.matrix.note(
            sid, dimension_id
        ):
            return
        project = self.ctx.project
        if dialogs.perform_ok(
            self.ctx, lambda: sm.set_assessment(project, sid, dimension_id, score, text)
        ):
            n = self.note_edits.get(dimension_id)
            if n is not None:
                n.set_stored(text, force=True)

    def state_saved_label(self, dirty: bool, *, saved: bool = False) -> None:
        label = getattr(self, "state_label", None)
        if label is None:
            return
        if dirty:
            label.setText(self.tr("Ikke lagret ennå …"))
        elif saved:
            label.setText(self.tr("✓ Lagret {time}").format(time=datetime.now().strftime("%H:%M")))
        else:
            label.setText("")

    def flush(self) -> bool:
        """Store everything typed but not yet stored; False if something was refused
        (it is marked at its field and left as typed)."""
        if self.service is None or self.ctx.read_only or getattr(self.ctx.project, "closed", False):
            return True
        ok = True
        if self.unit_edit.dirty:
            self._save_text(self.unit_edit, "unit")
        if self.fees_edit.dirty:
            self._save_text(self.fees_edit, "fees")
        for name in list(self.number_fields):
            if self.number_fields[name].dirty and not self._save_number(name):
                ok = False
        for did, note in list(self.note_edits.items()):
            if note.dirty:
                self._save_assessment(did)
        if not self.state_edit.save():
            ok = False
        return ok

    def hideEvent(self, event: QHideEvent) -> None:
        if not getattr(self.ctx.project, "closed", False):
            self.flush()
        super().hideEvent(event)

    # ================================================================ KPIs
    def _current_kpi(self) -> ServiceKpi | None:
        key = current_key(self.kpi_table)
        row = self.kpi_model.row_of_key(key) if key is not None else None
        return self.kpi_model.record(row) if row is not None else None

    def add_kpi(self) -> None:
        if self.service is None or not self.writable:
            return
        dlg = KpiDialog(self.ctx, self.service.id or 0, parent=self)
        if dlg.exec() and dlg.new_id is not None:
            select_keys(self.kpi_table, [dlg.new_id])

    def edit_kpi(self) -> None:
        k = self._current_kpi()
        if k is None or self.service is None or not self.writable:
            return
        KpiDialog(self.ctx, self.service.id or 0, k, parent=self).exec()

    def delete_kpi(self) -> None:
        k = self._current_kpi()
        if k is None or k.id is None or not self.writable:
            return
        kid, project = k.id, self.ctx.project
        dialogs.perform_ok(self.ctx, lambda: sm.delete_kpi(project, kid))

    # ================================================================ dimensions
    def edit_dimensions(self) -> None:
        if not self.flush():
            return
        DimensionsDialog(self.ctx, parent=self).exec()

    # ================================================================ export
    def default_export_path(self) -> Path:
        info = project_service.project_info(self.ctx.project)
        path = getattr(self.ctx.project, "path", None)
        base = (
            Path(path).parent
            if path
            else Path(
                QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            )
        )
        return base / self.tr("Tjenestekart {kommune}.xlsx").format(kommune=info.kommune.navn)

    def export_xlsx(self) -> None:
        self.flush()
        start = self.last_export if self.last_export is not None else self.default_export_path()
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Eksporter tjenestekartet"),
            str(start),
            self.tr("Excel-arbeidsbok (*.xlsx)"),
        )
        if not path:
            return
        out = Path(path)
        if out.suffix.lower() != ".xlsx":
            out = out.with_name(out.name + ".xlsx")
        self.last_export = out
        project = self.ctx.project
        self.ctx.runner.run(
            self.tr("Eksporterer tjenestekartet"),
            lambda _progress: sm.export_xlsx(project, out),
            self.export_done,
        )

    def export_done(self, result: tuple[Path, int]) -> None:
        path, count = result
        dialogs.offer_open(
            self,
            self.tr("Tjenestekartet er eksportert"),
            self.tr("{n} tjenester er lagret i {name}.").format(
                n=format_int(count), name=Path(path).name
            ),
            path,
        )
