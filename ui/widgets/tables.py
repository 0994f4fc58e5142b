"""Table views set up the same way everywhere, and selection kept across reloads."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QWidget

from ui.models import KEY_ROLE, RecordTableModel
from ui.widgets import style


def make_table(
    proxy: QSortFilterProxyModel,
    parent: QWidget | None = None,
    *,
    multi: bool = False,
    sortable: bool = True,
) -> QTableView:
    view = QTableView(parent)
    view.setModel(proxy)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if multi
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    view.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.SelectedClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
    )
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setShowGrid(False)
    view.setTabKeyNavigation(False)  # Tab leaves the table: a sane Tab order
    view.setSortingEnabled(sortable)
    if sortable:
        view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    vh = view.verticalHeader()
    vh.setVisible(False)
    vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vh.setDefaultSectionSize(view.fontMetrics().height() + 12)
    hh = view.horizontalHeader()
    hh.setHighlightSections(False)
    hh.setStretchLastSection(True)
    hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    source = proxy.sourceModel()
    if isinstance(source, RecordTableModel):
        for i, col in enumerate(source.columns):
            if col.width is not None:
                view.setColumnWidth(i, col.width)
            if col.stretch:
                hh.setStretchLastSection(False)
                hh.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
    return view


def current_key(view: QAbstractItemView) -> Hashable | None:
    index = view.currentIndex()
    sel = view.selectionModel()
    if not index.isValid() or sel is None or not sel.isRowSelected(index.row(), index.parent()):
        rows = sel.selectedRows() if sel is not None else []
        if not rows:
            return None
        index = rows[0]
    return index.siblingAtColumn(0).data(KEY_ROLE)


def selected_keys(view: QAbstractItemView) -> list[Hashable]:
    sel = view.selectionModel()
    if sel is None:
        return []
    return [i.data(KEY_ROLE) for i in sorted(sel.selectedRows(), key=lambda i: i.row())]


def select_keys(
    view: QAbstractItemView, keys: Sequence[Hashable], *, fallback_row: int | None = None
) -> None:
    """Select the rows with these keys (after a reload); else the row at fallback_row."""
    proxy = view.model()
    sel = view.selectionModel()
    if proxy is None or sel is None:
        return
    assert isinstance(proxy, QSortFilterProxyModel)
    source = proxy.sourceModel()
    assert isinstance(source, RecordTableModel)
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    first = True
    for key in keys:
        row = source.row_of_key(key)
        if row is None:
            continue
        index = proxy.mapFromSource(source.index(row, 0))
        if not index.isValid():
            continue
        if first:
            sel.setCurrentIndex(index, flags | QItemSelectionModel.SelectionFlag.Clear)
            view.scrollTo(index)
            first = False
        else:
            sel.select(index, flags)
    if first and fallback_row is not None and proxy.rowCount() > 0:
        row = min(max(fallback_row, 0), proxy.rowCount() - 1)
        sel.setCurrentIndex(
            proxy.index(row, 0), flags | QItemSelectionModel.SelectionFlag.ClearAndSelect
        )


def current_row(view: QAbstractItemView) -> int | None:
    index = view.currentIndex()
    return index.row() if index.isValid() else None


class EmptyOverlay(QObject):
    """Says what to do when a table is empty, inside the table itself, so the table
    keeps its place in the Tab order and its keys (Insert/Ctrl+N) still work."""

    def __init__(self, view: QAbstractItemView, text: str) -> None:
        super().__init__(view)
        self._view = view
        self._text = text
        self.label = QLabel(text, view.viewport())
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setContentsMargins(24, 12, 24, 12)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        pal = self.label.palette()
        muted = style.muted_fg(pal)
        pal.setColor(QPalette.ColorRole.WindowText, muted)
        pal.setColor(QPalette.ColorRole.Text, muted)  # inside a viewport labels draw with Text
        self.label.setPalette(pal)
        view.viewport().installEventFilter(self)
        model = view.model()
        assert model is not None
        for sig in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            sig.connect(self.refresh)
        self.refresh()

    def set_text(self, text: str) -> None:
        self._text = text
        self.refresh()

    def text(self) -> str:
        return self.label.text() if self.label.isVisibleTo(self._view) else ""

    def refresh(self) -> None:
        model = self._view.model()
        empty = model is None or model.rowCount() == 0
        self.label.setText(self._text)
        self.label.setVisible(empty and bool(self._text))
        self._place()

    def _place(self) -> None:
        vp = self._view.viewport()
        self.label.setGeometry(0, 0, vp.width(), max(vp.height(), self.label.sizeHint().height()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False
