"""The service map as a matrix: services × dimensions, colour-coded by score with the
number always written in the cell (and «–» for unknown), so the legend never relies on
colour alone; sortable (unknown last), filterable by area, text and weak points, with
the KPI columns at the right.

The table is a QAbstractTableModel over one ServiceMatrix (built by the service in a
few queries), sorted in one Python sort; the proxy only filters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.domain.servicemap import (
    SCORE_COLOURS,
    SCORE_TEXT_COLOUR,
    SCORE_WORDS,
    SCORES,
    UNKNOWN_MARK,
    Service,
    ServiceMatrix,
    format_deadline,
    format_number,
    format_share,
    is_weak,
    score_label,
)
from nvk_desktop.domain.text import fold, sort_key
from ui.models import CENTER, KEY_ROLE, LEFT, RIGHT
from ui.widgets import style
from ui.widgets.dates import format_int
from ui.widgets.tables import EmptyOverlay

Index = QModelIndex | QPersistentModelIndex
DIMENSION_ROLE = Qt.ItemDataRole.UserRole + 10  # the dimension id of a score cell, else None

CONTEXT = "ServiceMatrix"


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def wrap_header(text: str, width: int = 13, max_lines: int = 4) -> str:
    """Break a long dimension name over lines of about ``width`` characters; a word
    longer than a line is hyphenated («Saksbehandlings-/tid»). The tooltip has it whole."""
    words: list[str] = []
    for word in text.split():
        while len(word) > width + 2:
            cut = max(width - 3, len(word) - width)
            cut = min(cut, width)
            words.append(word[:cut] + "-")
            word = word[cut:]
        words.append(word)
    lines: list[str] = []
    for word in words:
        if lines and not lines[-1].endswith("-") and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1] + " …"]
    return "\n".join(lines)


@dataclass(frozen=True)
class MatrixColumn:
    kind: str  # area, service, dimension, cases, median, deadline, share, complaints, kpi
    header: str
    tooltip: str = ""
    dimension_id: int | None = None
    kpi_name: str = ""
    width: int = 80


class MatrixModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.matrix = ServiceMatrix((), (), ())
        self.columns: list[MatrixColumn] = []
        self._map_order: list[Service] = []
        self._rows: list[Service] = []
        self._area_pos: dict[int, int] = {}
        self._area_names: dict[int, str] = {}
        self._sort_column = 0
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._score_fills = {s: QColor(c) for s, c in SCORE_COLOURS.items()}
        self._score_text = QColor(SCORE_TEXT_COLOUR)
        self._bold = QFont()
        self._bold.setBold(True)

    # -- data in -----------------------------------------------------------------------
    def set_matrix(self, matrix: ServiceMatrix) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self._area_pos = {a.id or 0: i for i, a in enumerate(matrix.areas)}
        self._area_names = {a.id or 0: a.name for a in matrix.areas}
        cols = [
            MatrixColumn("area", _t("Område"), _t("Sorter i kartets rekkefølge"), width=150),
            MatrixColumn("service", _t("Tjeneste"), width=230),
        ]
        cols += [
            MatrixColumn(
                "dimension",
                wrap_header(d.name),
                d.name + _t("\nKlikk for å sortere; svakeste først"),
                dimension_id=d.id,
                width=100,
            )
            for d in matrix.dimensions
        ]
        cols += [
            MatrixColumn("cases", _t("Saker\nper år"), _t("Saker per år"), width=66),
            MatrixColumn(
                "median", _t("Median\ndager"), _t("Median saksbehandlingstid (dager)"), width=66
            ),
            MatrixColumn("deadline", _t("Lovfestet\nfrist"), _t("Lovfestet frist"), width=76),
            MatrixColumn(
                "share", _t("Innen\nfrist"), _t("Andel behandlet innen fristen"), width=62
            ),
            MatrixColumn("complaints", _t("Klager"), _t("Klager per år"), width=60),
        ]
        cols += [
            MatrixColumn("kpi", wrap_header(n, 14), n, kpi_name=n, width=96)
            for n in matrix.kpi_names
        ]
        self.columns = cols
        self._map_order = list(matrix.services)
        self._sort_rows()
        self.endResetModel()

    # -- sorting: unknown values last in both directions ------------------------------
    def sort_value(self, service: Service, column: int) -> Any:
        col = self.columns[column]
        sid = service.id or 0
        if col.kind == "area":
            return (self._area_pos.get(service.area_id, 0), service.position)
        if col.kind == "service":
            return sort_key(service.name)
        if col.kind == "dimension":
            return self.matrix.score(sid, col.dimension_id or 0)
        if col.kind == "cases":
            return service.yearly_cases
        if col.kind == "median":
            return service.median_days
        if col.kind == "deadline":
            return service.legal_deadline_days
        if col.kind == "share":
            return service.within_deadline_share
        if col.kind == "complaints":
            return service.complaints
        k = self.matrix.kpi(sid, col.kpi_name)
        return k.value if k is not None else None

    def _sort_rows(self) -> None:
        c = self._sort_column
        if not 0 <= c < len(self.columns):
            self._rows = list(self._map_order)
            return
        keyed = [(self.sort_value(s, c), s) for s in self._map_order]
        known = [t for t in keyed if t[0] is not None]
        unknown = [s for v, s in keyed if v is None]
        known.sort(key=lambda t: t[0], reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        self._rows = [s for _v, s in known] + unknown

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        keys = [(self._rows[i.row()].id, i.column()) for i in persistent]
        self._sort_rows()
        row_of = {s.id: r for r, s in enumerate(self._rows)}
        self.changePersistentIndexList(persistent, [self.index(row_of[k], c) for k, c in keys])
        self.layoutChanged.emit()

    # -- access ------------------------------------------------------------------------
    def service(self, row: int) -> Service:
        return self._rows[row]

    def row_of_service(self, service_id: int) -> int | None:
        for r, s in enumerate(self._rows):
            if s.id == service_id:
                return r
        return None

    def column_of_dimension(self, dimension_id: int) -> int | None:
        for c, col in enumerate(self.columns):
            if col.dimension_id == dimension_id:
                return c
        return None

    def area_name(self, area_id: int) -> str:
        return self._area_names.get(area_id, "")

    # -- Qt ----------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        col = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.header
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.tooltip or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(LEFT if col.kind in ("area", "service") else CENTER)
        return None

    def _text(self, s: Service, col: MatrixColumn) -> str:
        sid = s.id or 0
        if col.kind == "area":
            return self.area_name(s.area_id)
        if col.kind == "service":
            return s.name
        if col.kind == "dimension":
            score = self.matrix.score(sid, col.dimension_id or 0)
            return UNKNOWN_MARK if score is None else str(score)
        if col.kind == "cases":
            return format_int(s.yearly_cases) if s.yearly_cases is not None else ""
        if col.kind == "median":
            return format_number(s.median_days)
        if col.kind == "deadline":
            return format_deadline(s.legal_deadline_days)
        if col.kind == "share":
            return format_share(s.within_deadline_share)
        if col.kind == "complaints":
            return format_int(s.complaints) if s.complaints is not None else ""
        k = self.matrix.kpi(sid, col.kpi_name)
        if k is None or k.value is None:
            return ""
        return (
            f"{format_number(k.value)}\u00a0{k.unit}".strip() if k.unit else format_number(k.value)
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        s = self._rows[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(s, col)
        if role == KEY_ROLE:
            return s.id
        if role == DIMENSION_ROLE:
            return col.dimension_id
        if col.kind == "dimension":
            score = self.matrix.score(s.id or 0, col.dimension_id or 0)
            if role == Qt.ItemDataRole.BackgroundRole:
                return self._score_fills[score] if score is not None else None
            if role == Qt.ItemDataRole.ForegroundRole:
                return self._score_text if score is not None else None
            if role == Qt.ItemDataRole.FontRole and is_weak(score):
                return self._bold
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(CENTER)
            if role == Qt.ItemDataRole.ToolTipRole:
                dim = col.tooltip.split("\n")[0]
                note = self.matrix.note(s.id or 0, col.dimension_id or 0)
                text = f"{s.name}\n{dim}: {score_label(score)}"
                return text + (f"\n{note}" if note else "")
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return f"{col.tooltip.split(chr(10))[0]}: {score_label(score)}"
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(LEFT if col.kind in ("area", "service") else RIGHT)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col.kind == "service":
                area = self.area_name(s.area_id)
                return f"{s.name}\n{area}" + (f"\n{s.unit}" if s.unit else "")
            if col.kind == "kpi":
                k = self.matrix.kpi(s.id or 0, col.kpi_name)
                return k.note or None if k is not None else None
        if (
            role == Qt.ItemDataRole.FontRole
            and col.kind == "service"
            and self.matrix.has_weak_point(s.id or 0)
        ):
            return self._bold
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )


class MatrixFilter(QSortFilterProxyModel):
    """Area, text and «bare svake punkter»; sorting is the source model's."""

    def __init__(self, source: MatrixModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self.area_id: int | None = None
        self.text = ""
        self.weak_only = False

    def set_filter(self, area_id: int | None, text: str, weak_only: bool) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+: invalidateFilter is deprecated
            self.beginFilterChange()
            self.area_id, self.text, self.weak_only = area_id, fold(text.strip()), weak_only
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.area_id, self.text, self.weak_only = area_id, fold(text.strip()), weak_only
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        assert isinstance(model, MatrixModel)
        s = model.service(source_row)
        if self.area_id is not None and s.area_id != self.area_id:
            return False
        if self.weak_only and not model.matrix.has_weak_point(s.id or 0):
            return False
        if self.text:
            hay = fold(" ".join((s.name, model.area_name(s.area_id), s.unit)))
            if self.text not in hay:
                return False
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        assert isinstance(source, MatrixModel)
        source.sort(column, order)


class _OpenKeys(QObject):
    """Enter/Return on a cell opens it (double-click does the same)."""

    def __init__(self, view: QTableView, action: Callable[[QModelIndex], None]) -> None:
        super().__init__(view)
        self._view = view
        self._action = action
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                index = self._view.currentIndex()
                if index.isValid():
                    self._action(index)
                return True
        return False


def legend_strip(parent: QWidget | None = None) -> QWidget:
    """Swatch + number + word for every score, and «– ukjent»: readable without colour."""
    strip = QWidget(parent)
    strip.setObjectName("scoreLegend")
    row = QHBoxLayout(strip)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    row.addWidget(QLabel(_t("Skala:"), strip))
    for score in SCORES:
        swatch = QLabel(str(score), strip)
        swatch.setAlignment(Qt.AlignmentFlag.AlignCenter)
        swatch.setFixedSize(26, 20)
        swatch.setStyleSheet(
            f"background:{SCORE_COLOURS[score]}; color:{SCORE_TEXT_COLOUR};"
            " border:1px solid #808080; font-weight:bold;"
        )
        row.addWidget(swatch)
        row.addWidget(QLabel(_t(SCORE_WORDS[score]), strip))
        row.addSpacing(8)
    unknown = QLabel(UNKNOWN_MARK, strip)
    unknown.setAlignment(Qt.AlignmentFlag.AlignCenter)
    unknown.setFixedSize(26, 20)
    unknown.setStyleSheet("border:1px solid #808080;")
    row.addWidget(unknown)
    row.addWidget(QLabel(_t("ukjent"), strip))
    row.addStretch(1)
    return strip


class MatrixView(QWidget):
    """The matrix with its legend, filters and export button."""

    open_requested = Signal(int, object)  # service id, dimension id or None
    export_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = MatrixModel(self)
        self.proxy = MatrixFilter(self.model, self)

        self.area_combo = QComboBox(self)
        self.area_combo.setAccessibleName(_t("Filtrer på område"))
        self.area_combo.setMinimumContentsLength(18)
        self.area_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(_t("Filtrer på tjeneste, område eller enhet …"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(_t("Filtrer tjenester"))
        self.weak_check = QCheckBox(_t("Bare svake punkter (1–2)"), self)
        self.weak_check.setToolTip(_t("Vis bare tjenester med minst én vurdering på 1 eller 2"))
        self.count_label = style.hint("", self)
        self.count_label.setWordWrap(False)
        self.export_button = QPushButton(_t("Eksporter til Excel…"), self)
        self.export_button.setAutoDefault(False)
        self.export_button.setToolTip(
            _t("Lagre tjenestekartet som et formatert Excel-ark (én rad per tjeneste)")
        )

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(_t("Tjenestematrise"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        vh = self.table.verticalHeader()
        vh.setVisible(False)
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        hh = self.table.horizontalHeader()
        hh.setHighlightSections(False)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignBottom)
        hh.setStretchLastSection(False)
        self.empty = EmptyOverlay(self.table, "")
        self.table.doubleClicked.connect(self._open)
        _OpenKeys(self.table, self._open)

        self.area_combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.filter_edit.textChanged.connect(lambda _t: self.apply_filter())
        self.weak_check.toggled.connect(lambda _b: self.apply_filter())
        self.export_button.clicked.connect(self.export_requested)

        top = QHBoxLayout()
        area_label = QLabel(_t("&Område:"), self)
        area_label.setBuddy(self.area_combo)
        top.addWidget(area_label)
        top.addWidget(self.area_combo)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.weak_check)
        top.addWidget(self.count_label)
        top.addStretch(0)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(top)
        legend = QHBoxLayout()
        legend.addWidget(legend_strip(self), 1)
        how = style.hint(
            _t("Dobbeltklikk eller Enter: åpne tjenesten · Klikk på en overskrift: sorter"), self
        )
        how.setWordWrap(False)
        legend.addWidget(how, 0)
        layout.addLayout(legend)
        layout.addWidget(self.table, 1)
        QWidget.setTabOrder(self.area_combo, self.filter_edit)
        QWidget.setTabOrder(self.filter_edit, self.weak_check)
        QWidget.setTabOrder(self.weak_check, self.export_button)
        QWidget.setTabOrder(self.export_button, self.table)

    # -- loading -----------------------------------------------------------------------
    def set_matrix(self, matrix: ServiceMatrix) -> None:
        current = self.current_cell()
        widths_known = [c.kind for c in self.model.columns] == [
            "area",
            "service",
            *(["dimension"] * len(matrix.dimensions)),
            "cases",
            "median",
            "deadline",
            "share",
            "complaints",
            *(["kpi"] * len(matrix.kpi_names)),
        ]
        old_widths = [self.table.columnWidth(c) for c in range(self.model.columnCount())]
        self.model.set_matrix(matrix)
        for c, col in enumerate(self.model.columns):
            self.table.setColumnWidth(c, old_widths[c] if widths_known else col.width)
        # areas in the filter combo, keeping the chosen one
        chosen = self.area_combo.currentData()
        self.area_combo.blockSignals(True)
        self.area_combo.clear()
        self.area_combo.addItem(_t("Alle områder"), None)
        for a in matrix.areas:
            self.area_combo.addItem(a.name, a.id)
        i = self.area_combo.findData(chosen) if chosen is not None else 0
        self.area_combo.setCurrentIndex(max(i, 0))
        self.area_combo.blockSignals(False)
        self.apply_filter()
        if current is not None:
            self.select_cell(*current)

    def apply_filter(self) -> None:
        area = self.area_combo.currentData()
        self.proxy.set_filter(area, self.filter_edit.text(), self.weak_check.isChecked())
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        if total == 0:
            self.count_label.setText("")
            self.empty.set_text(
                _t(
                    "Ingen tjenester ennå. Gå til «Tjenester» og trykk Ctrl+N for å legge til en "
                    "tjeneste, eller Ctrl+Shift+N for et nytt område."
                )
            )
        elif shown == 0:
            self.count_label.setText(_t("Viser 0 av {total}").format(total=format_int(total)))
            self.empty.set_text(
                _t("Ingen tjenester med svake punkter her.")
                if self.weak_check.isChecked() and not self.filter_edit.text().strip()
                else _t("Ingen tjenester passer til filteret.")
            )
        else:
            self.count_label.setText(
                _t("Viser {shown} av {total}").format(
                    shown=format_int(shown), total=format_int(total)
                )
                if shown != total
                else (
                    _t("1 tjeneste")
                    if total == 1
                    else _t("{n} tjenester").format(n=format_int(total))
                )
            )
            self.empty.set_text("")

    # -- cells -------------------------------------------------------------------------
    def current_cell(self) -> tuple[int, int | None] | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return index.data(KEY_ROLE), index.data(DIMENSION_ROLE)

    def select_cell(self, service_id: int, dimension_id: int | None = None) -> bool:
        row = self.model.row_of_service(service_id)
        if row is None:
            return False
        col = self.model.column_of_dimension(dimension_id) if dimension_id is not None else None
        index = self.proxy.mapFromSource(self.model.index(row, col if col is not None else 1))
        if not index.isValid():
            return False
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def _open(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        sid = index.data(KEY_ROLE)
        if isinstance(sid, int):
            self.open_requested.emit(sid, index.data(DIMENSION_ROLE))

    def visible_services(self) -> list[str]:
        """The service names as shown, top to bottom (for tests and screen readers)."""
        return [self.proxy.index(r, 1).data() for r in range(self.proxy.rowCount())]
