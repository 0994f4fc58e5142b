"""The review of an edited handlingsplan Excel file (issue 6 point 6).

Every difference between the file and the project is a proposal the user accepts or
rejects one by one (a check box per row; Space toggles; "Godta alle"/"Avvis alle"),
and every cell that could not be read is listed by row and column in words. Nothing
is applied until "Bruk valgte endringer", which writes the accepted proposals in one
undoable step. Nothing is chosen beforehand: nothing is overwritten silently.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.domain.measures import ChangeProposal, ImportProblem, PlanImport
from nvk_desktop.services import plan_excel
from ui.context import ProjectContext
from ui.models import Column, FilterProxy, RecordTableModel
from ui.widgets import style
from ui.widgets.tables import EmptyOverlay, make_table

Index = QModelIndex | QPersistentModelIndex
CONTEXT = "PlanImport"


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class ProposalModel(QAbstractTableModel):
    """The proposals with an accept check box in the first column."""

    HEADERS = ("Godta", "Rad", "ID", "Tiltak", "Felt", "Nå", "Nytt")

    def __init__(self, proposals: list[ChangeProposal], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.proposals = proposals
        self.accepted = [False] * len(proposals)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.proposals)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _t(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p = self.proposals[index.row()]
        c = index.column()
        if c == 0:
            if role == Qt.ItemDataRole.CheckStateRole:
                return (
                    Qt.CheckState.Checked if self.accepted[index.row()] else Qt.CheckState.Unchecked
                )
            if role == Qt.ItemDataRole.DisplayRole:
                return _t("Godta") if self.accepted[index.row()] else _t("Avvis")
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                "",
                str(p.row),
                p.code,
                p.title,
                p.field.label,
                p.old_text or _t("(tom)"),
                p.new_text or _t("(tom)"),
            )[c]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{p.code} {p.title}: {p.field.label} {p.old_text or '(tom)'} → {p.new_text or '(tom)'}"
        if role == Qt.ItemDataRole.FontRole and c == 6:
            f = QLabel().font()
            f.setBold(True)
            return f
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        f = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
        if index.isValid() and index.column() == 0:
            f |= Qt.ItemFlag.ItemIsUserCheckable
        return f

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if index.isValid() and index.column() == 0 and role == Qt.ItemDataRole.CheckStateRole:
            on = (
                Qt.CheckState(value) == Qt.CheckState.Checked
                if not isinstance(value, bool)
                else value
            )
            self.set_accepted([index.row()], on)
            return True
        return False

    def set_accepted(self, rows: list[int], on: bool) -> None:
        for r in rows:
            self.accepted[r] = on
        if rows:
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), 0))

    def chosen(self) -> list[ChangeProposal]:
        return [p for p, ok in zip(self.proposals, self.accepted, strict=True) if ok]


class _SpaceToggles(QObject):
    """Space toggles accept/reject on the selected rows."""

    def __init__(self, view: QTableView, model: ProposalModel) -> None:
        super().__init__(view)
        self.view = view
        self.model = model
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Space:
                rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
                if not rows and self.view.currentIndex().isValid():
                    rows = [self.view.currentIndex().row()]
                if rows:
                    on = not all(self.model.accepted[r] for r in rows)
                    self.model.set_accepted(rows, on)
                return True
        return False


class PlanImportDialog(QDialog):
    def __init__(
        self, ctx: ProjectContext, found: PlanImport, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent or ctx.dialog_parent)
        self.ctx = ctx
        self.found = found
        self.applied: int | None = None
        self.setWindowTitle(_t("Endringer fra Excel – {name}").format(name=found.file_name))
        self.setModal(True)
        n, k = len(found.proposals), len(found.problems)
        intro = style.hint(
            _t(
                "{rows} rader er lest. {n} endringer er funnet og {k} problemer. Kryss av de endringene "
                "du vil bruke (Mellomrom bytter); ingenting endres før du trykker «Bruk valgte endringer»."
            ).format(rows=found.rows_read, n=n, k=k),
            self,
        )
        self.model = ProposalModel(list(found.proposals), self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setAccessibleName(_t("Foreslåtte endringer"))
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for i, w in enumerate((80, 48, 62, 260, 110, 140, 140)):
            self.table.setColumnWidth(i, w)
        hh.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        EmptyOverlay(
            self.table,
            _t("Ingen endringer: filen og prosjektet er like for feltene som kan importeres."),
        )
        _SpaceToggles(self.table, self.model)
        self.model.dataChanged.connect(lambda *_: self._count())

        prob_cols: list[Column[ImportProblem]] = [
            Column(_t("Hvor"), lambda p: p.where or _t("hele filen"), width=190),
            Column(_t("ID"), lambda p: p.code, width=62),
            Column(_t("Problem"), lambda p: p.message, tooltip=lambda p: p.message, stretch=True),
        ]
        self.problem_model: RecordTableModel[ImportProblem] = RecordTableModel(
            prob_cols, key=lambda p: (p.row, p.column, p.message), parent=self
        )
        self.problem_model.set_rows(found.problems)
        self.problem_table = make_table(FilterProxy(self.problem_model, self), self, sortable=False)
        self.problem_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problem_table.setAccessibleName(_t("Problemer i filen"))
        EmptyOverlay(self.problem_table, _t("Ingen problemer i filen."))

        self.accept_all = QPushButton(_t("&Godta alle"), self)
        self.reject_all = QPushButton(_t("A&vvis alle"), self)
        for b in (self.accept_all, self.reject_all):
            b.setAutoDefault(False)
        self.accept_all.clicked.connect(
            lambda: self.model.set_accepted(list(range(self.model.rowCount())), True)
        )
        self.reject_all.clicked.connect(
            lambda: self.model.set_accepted(list(range(self.model.rowCount())), False)
        )
        self.count_label = style.hint("", self)
        brow = QHBoxLayout()
        brow.addWidget(self.count_label, 1)
        brow.addWidget(self.accept_all)
        brow.addWidget(self.reject_all)

        self.buttons = QDialogButtonBox(self)
        self.apply_button = self.buttons.addButton(
            _t("&Bruk valgte endringer"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        cancel = self.buttons.addButton(_t("Avbryt"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        self.apply_button.setAutoDefault(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        top = QWidget()
        tv = QVBoxLayout(top)
        tv.setContentsMargins(0, 0, 0, 0)
        tv.addWidget(style.heading(_t("Foreslåtte endringer ({n})").format(n=n), 1.1))
        tv.addWidget(self.table, 1)
        tv.addLayout(brow)
        bottom = QWidget()
        bv = QVBoxLayout(bottom)
        bv.setContentsMargins(0, 0, 0, 0)
        bv.addWidget(style.heading(_t("Problemer i filen ({k})").format(k=k), 1.1))
        bv.addWidget(
            style.hint(
                _t(
                    "Disse cellene og radene er ikke lest. Rett dem i Excel og importer igjen, eller endre i programmet."
                ),
                self,
            )
        )
        bv.addWidget(self.problem_table, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setChildrenCollapsible(False)
        split.setSizes([420, 200 if k else 90])
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)
        QWidget.setTabOrder(self.table, self.accept_all)
        QWidget.setTabOrder(self.accept_all, self.reject_all)
        QWidget.setTabOrder(self.reject_all, self.problem_table)
        QWidget.setTabOrder(self.problem_table, self.apply_button)
        self.resize(1000, 640)
        self._count()
        if n:
            self.table.selectRow(0)
        self.table.setFocus()

    def _count(self) -> None:
        chosen = len(self.model.chosen())
        total = self.model.rowCount()
        self.count_label.setText(_t("{c} av {n} endringer godtatt").format(c=chosen, n=total))
        self.apply_button.setText(_t("&Bruk valgte endringer ({c})").format(c=chosen))
        self.apply_button.setEnabled(chosen > 0 and not self.ctx.read_only)

    def accept(self) -> None:
        chosen = self.model.chosen()
        if not chosen or self.ctx.read_only:
            return
        previous = self.ctx.dialog_parent
        self.ctx.dialog_parent = self
        try:
            result = self.ctx.perform(
                lambda: plan_excel.apply_plan_changes(self.ctx.project, chosen)
            )
        finally:
            self.ctx.dialog_parent = previous
        if result is None:
            return
        self.applied = result
        super().accept()
