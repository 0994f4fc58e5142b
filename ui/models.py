"""Qt item models over domain records (DESIGN.md rule 3).

One generic table model: a table is a list of records and a list of ``Column``s, each
saying once how a record shows in that column (text, sort key, alignment, colour,
tooltip, and optionally how it is edited). The people, decision, milestone, member,
role and group tables are all this model with different columns.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from nvk_desktop.domain.enums import GroupKind, GroupRole, LabelledEnum
from nvk_desktop.domain.models import DecisionPoint, Group, Milestone, Person, RoleAssignment
from nvk_desktop.domain.text import sort_key
from ui.widgets import style
from ui.widgets.dates import format_date

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter


def tr(text: str) -> str:
    return QCoreApplication.translate("ui.models", text)


@dataclass(frozen=True)
class Column(Generic[R]):
    header: str
    text: Callable[[R], str]
    sort: Callable[[R], Any] | None = None
    align: Qt.AlignmentFlag | None = None
    foreground: Callable[[R], QColor | None] | None = None
    tooltip: Callable[[R], str | None] | None = None
    bold: Callable[[R], bool] | None = None
    # Editing in place (the member's role): the value for the editor, and the change.
    edit_value: Callable[[R], Any] | None = None
    set_value: Callable[[R, Any], bool] | None = None
    width: int | None = None  # initial width in pixels; None = let the header decide
    stretch: bool = False  # this column takes the spare width (else the last one does)


class RecordTableModel(QAbstractTableModel, Generic[R]):
    """A read-mostly table of records; ``key`` identifies a record across reloads."""

    def __init__(
        self,
        columns: Sequence[Column[R]],
        *,
        key: Callable[[R], Hashable] = lambda r: r.id,  # type: ignore[attr-defined]
        row_background: Callable[[R], QColor | None] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._key = key
        self._row_background = row_background
        self._rows: list[R] = []
        self._row_of_key: dict[Hashable, int] = {}
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self.editable = True

    # -- data in -----------------------------------------------------------------
    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._sort_rows()
        self.endResetModel()

    def sort_value(self, row: R, column: int) -> Any:
        col = self.columns[column]
        return col.sort(row) if col.sort is not None else sort_key(col.text(row))

    def _sort_rows(self) -> None:
        if 0 <= self._sort_column < len(self.columns):
            c = self._sort_column
            self._rows.sort(
                key=lambda r: self.sort_value(r, c),
                reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
            )
        self._row_of_key = {self._key(r): i for i, r in enumerate(self._rows)}

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted here, in one Python sort, rather than by the proxy comparing rows
        through data(): that keeps 600 people quick."""
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        keys = [(self._key(self._rows[i.row()]), i.column()) for i in persistent]
        self._sort_rows()
        self.changePersistentIndexList(
            persistent, [self.index(self._row_of_key[k], c) for k, c in keys]
        )
        self.layoutChanged.emit()

    @property
    def rows(self) -> list[R]:
        return list(self._rows)

    def record(self, row: int) -> R:
        return self._rows[row]

    def key_of(self, row: int) -> Hashable:
        return self._key(self._rows[row])

    def row_of_key(self, key: Hashable) -> int | None:
        return self._row_of_key.get(key)

    # -- Qt ----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].header
            if role == Qt.ItemDataRole.TextAlignmentRole:
                align = self.columns[section].align
                return int(align if align is not None else LEFT)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        rec = self._rows[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(rec)
        if role == SORT_ROLE:
            return self.sort_value(rec, index.column())
        if role == KEY_ROLE:
            return self._key(rec)
        if role == Qt.ItemDataRole.EditRole:
            return col.edit_value(rec) if col.edit_value is not None else col.text(rec)
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.tooltip(rec) if col.tooltip is not None else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return col.foreground(rec) if col.foreground is not None else None
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._row_background(rec) if self._row_background is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(col.align) if col.align is not None else None
        if role == Qt.ItemDataRole.FontRole and col.bold is not None and col.bold(rec):
            f = QFont()
            f.setBold(True)
            return f
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
        if self.editable and self.columns[index.column()].set_value is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        col = self.columns[index.column()]
        if col.set_value is None:
            return False
        # The change goes to a service; the page reloads the model when ctx.changed fires.
        return col.set_value(self._rows[index.row()], value)


class FilterProxy(QSortFilterProxyModel):
    """Filters on any column, ignoring case; sorting is left to the source model
    (RecordTableModel.sort), which the view's header reaches through this proxy."""

    def __init__(self, source: QAbstractItemModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if isinstance(source, RecordTableModel):
            source.sort(column, order)
        else:
            super().sort(column, order)


class EnumComboDelegate(QStyledItemDelegate):
    """Edits a LabelledEnum cell with a combo box of its labels."""

    def __init__(self, values: Sequence[LabelledEnum], parent: Any = None) -> None:
        super().__init__(parent)
        self._values = list(values)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        for v in self._values:
            combo.addItem(v.label, v.value)
        # Choosing a value is the edit: commit at once, not when focus leaves.
        combo.activated.connect(lambda _i, c=combo: self._commit(c))
        return combo

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        value = index.data(Qt.ItemDataRole.EditRole)
        i = editor.findData(getattr(value, "value", value))
        editor.setCurrentIndex(max(i, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        value = editor.currentData()
        current = index.data(Qt.ItemDataRole.EditRole)
        if value != getattr(current, "value", current):
            model.setData(index, value, Qt.ItemDataRole.EditRole)


# -- the tables ----------------------------------------------------------------------
def _date_sort(d: date | None) -> str:
    return d.isoformat() if d is not None else "9999"


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line + (" …" if "\n" in text.strip() else "")


def people_columns() -> list[Column[Person]]:
    return [
        Column(tr("Navn"), lambda p: p.name, width=220),
        Column(
            tr("Organisasjon"),
            lambda p: p.organisation,
            width=260,
            tooltip=lambda p: p.organisation or None,
            stretch=True,
        ),
        Column(tr("Kategori"), lambda p: p.category.label, width=130),
        Column(tr("E-post"), lambda p: p.email, width=240),
        Column(tr("Telefon"), lambda p: p.phone, width=120),
    ]


def people_model(parent: Any = None) -> RecordTableModel[Person]:
    return RecordTableModel(people_columns(), parent=parent)


def decision_model(parent: Any = None) -> RecordTableModel[DecisionPoint]:
    cols: list[Column[DecisionPoint]] = [
        Column(
            tr("Fase"),
            lambda d: d.phase.label,
            sort=lambda d: f"{d.phase.order}:{d.decided_on.isoformat()}",
            width=120,
        ),
        Column(tr("Beslutning"), lambda d: d.decision.label, width=110, bold=lambda d: True),
        Column(tr("Besluttet av"), lambda d: d.decided_by.label, width=190),
        Column(
            tr("Dato"),
            lambda d: format_date(d.decided_on),
            sort=lambda d: d.decided_on.isoformat(),
            width=100,
        ),
        Column(tr("Saksnummer"), lambda d: d.case_number, width=110),
        Column(tr("Notat"), lambda d: _first_line(d.note), tooltip=lambda d: d.note or None),
    ]
    return RecordTableModel(cols, parent=parent)


def milestone_status(m: Milestone, today: date) -> str:
    if m.is_done:
        return tr("Fullført")
    if m.is_overdue(today):
        assert m.due_on is not None
        days = (today - m.due_on).days
        return tr("Forsinket (1 dag)") if days == 1 else tr("Forsinket ({n} dager)").format(n=days)
    if m.due_on is None:
        return tr("Uten frist")
    return tr("Planlagt")


def milestone_model(
    today: Callable[[], date] = date.today, parent: Any = None
) -> RecordTableModel[Milestone]:
    def fg(m: Milestone) -> QColor | None:
        if m.is_overdue(today()):
            return style.overdue_fg()
        if m.is_done:
            return style.done_fg()
        return None

    def status_sort(m: Milestone) -> int:
        return 0 if m.is_overdue(today()) else 2 if m.is_done else 1

    cols: list[Column[Milestone]] = [
        Column(
            tr("Fase"),
            lambda m: m.phase.label,
            sort=lambda m: f"{m.phase.order}:{_date_sort(m.due_on)}",
            width=120,
        ),
        Column(
            tr("Milepæl"),
            lambda m: m.title,
            tooltip=lambda m: m.note or m.title,
            width=300,
            stretch=True,
        ),
        Column(
            tr("Frist"),
            lambda m: format_date(m.due_on),
            sort=lambda m: _date_sort(m.due_on),
            width=100,
        ),
        Column(
            tr("Fullført"),
            lambda m: format_date(m.done_on),
            sort=lambda m: _date_sort(m.done_on),
            width=100,
        ),
        Column(
            tr("Status"),
            lambda m: milestone_status(m, today()),
            sort=status_sort,
            foreground=fg,
            bold=lambda m: m.is_overdue(today()),
            width=165,
        ),
    ]
    return RecordTableModel(
        cols,
        row_background=lambda m: style.overdue_bg() if m.is_overdue(today()) else None,
        parent=parent,
    )


@dataclass(frozen=True)
class MemberRow:
    person: Person
    role: GroupRole

    @property
    def id(self) -> int | None:
        return self.person.id


def member_model(
    set_role: Callable[[MemberRow, GroupRole], bool], parent: Any = None
) -> RecordTableModel[MemberRow]:
    role_order = {r: i for i, r in enumerate(GroupRole)}
    cols: list[Column[MemberRow]] = [
        Column(tr("Navn"), lambda m: m.person.name, width=200),
        Column(
            tr("Organisasjon"),
            lambda m: m.person.organisation,
            width=220,
            tooltip=lambda m: m.person.organisation or None,
            stretch=True,
        ),
        Column(tr("Kategori"), lambda m: m.person.category.label, width=120),
        Column(
            tr("Rolle i gruppen"),
            lambda m: m.role.label,
            width=150,
            sort=lambda m: role_order[m.role],
            tooltip=lambda m: tr("Dobbeltklikk eller trykk F2 for å endre rollen"),
            edit_value=lambda m: m.role.value,
            set_value=lambda m, v: set_role(m, GroupRole(v)),
        ),
    ]
    return RecordTableModel(cols, parent=parent)


@dataclass(frozen=True)
class RoleHolder:
    assignment: RoleAssignment
    person: Person

    @property
    def id(self) -> int | None:
        return self.assignment.id


def role_holder_model(parent: Any = None) -> RecordTableModel[RoleHolder]:
    cols: list[Column[RoleHolder]] = [
        Column(tr("Navn"), lambda h: h.person.name, width=220),
        Column(
            tr("Organisasjon"),
            lambda h: h.person.organisation,
            tooltip=lambda h: h.person.organisation or None,
        ),
    ]
    return RecordTableModel(cols, parent=parent)


def group_model(parent: Any = None) -> RecordTableModel[Group]:
    kind_order = {k: i for i, k in enumerate(GroupKind)}
    cols: list[Column[Group]] = [
        Column(
            tr("Gruppe"),
            lambda g: g.name,
            sort=lambda g: f"{kind_order[g.kind]}:{sort_key(g.name)}",
            bold=lambda g: g.kind is GroupKind.STYRINGSGRUPPE,
            tooltip=lambda g: g.name + (f"\n{g.description}" if g.description else ""),
            stretch=True,
        ),
        Column(
            tr("Type"),
            lambda g: g.kind.label,
            sort=lambda g: f"{kind_order[g.kind]}:{sort_key(g.name)}",
            width=125,
        ),
        Column(
            tr("Medl."),
            lambda g: str(len(g.members)),
            sort=lambda g: len(g.members),
            align=RIGHT,
            width=56,
            tooltip=lambda g: tr("{n} medlemmer").format(n=len(g.members)),
        ),
    ]
    return RecordTableModel(cols, parent=parent)
