"""Prioritering (DOMAIN.md §7; issue 6 point 2): criteria with weights, a 2–10 score
per measure and criterion typed with the digit keys, the weighted rank, a MoSCoW tag,
the gevinst/innsats matrix where a measure is dragged (or moved with the arrow keys)
to rescore it, and the decision of what goes into the handlingsplan.

The formulas (weighted mean with inverted lower-is-better criteria, the quadrant
split at 3) are the domain's (nvk_desktop/domain/measures.py); this module only shows
them and sends every change to a service, one undo step each.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.domain.measures import (
    MATRIX_HIGH,
    MATRIX_MAX,
    MATRIX_MIN,
    SCORE_MAX,
    SCORE_MIN,
    Criterion,
    MoSCoW,
    PlanDecision,
    Quadrant,
    RankedMeasure,
    format_number,
    normalised_weights,
)
from nvk_desktop.domain.text import sort_key
from nvk_desktop.services import measures as measures_service
from nvk_desktop.services import meetings as meetings_service
from nvk_desktop.services import prioritising as prio_service
from ui import dialogs
from ui.context import ProjectContext
from ui.models import CENTER, KEY_ROLE, RIGHT, SORT_ROLE, Column, FilterProxy, RecordTableModel
from ui.pages.measure_editor import error_label, parse_number, perform_inline, set_error
from ui.pages.servicemap_matrix import wrap_header
from ui.widgets import style
from ui.widgets.dates import format_date, from_qdate, make_date_edit
from ui.widgets.keys import ListKeys
from ui.widgets.page import ProjectPage
from ui.widgets.tables import EmptyOverlay, current_key, make_table, select_keys

Index = QModelIndex | QPersistentModelIndex
CONTEXT = "Prioritising"
CRITERION_ROLE = Qt.ItemDataRole.UserRole + 20

# Okabe–Ito, light, one per quadrant; the names are written on the background too.
QUADRANT_FILL = {
    Quadrant.RASKE_GEVINSTER: QColor(0, 158, 115, 38),
    Quadrant.STRATEGISKE_TILTAK: QColor(86, 180, 233, 40),
    Quadrant.SMATILTAK: QColor(240, 228, 66, 55),
    Quadrant.UNNGA: QColor(213, 94, 0, 30),
}
DOT_COLOUR = QColor("#0072B2")
SELECTED_COLOUR = QColor("#D55E00")


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


# =========================================================================== criteria
def criteria_model(
    rename: Callable[[Criterion, str], bool],
    reweigh: Callable[[Criterion, Any], bool],
    shares: Callable[[], dict[int, float]],
    parent: Any = None,
) -> RecordTableModel[Criterion]:
    cols: list[Column[Criterion]] = [
        Column(
            _t("Kriterium"),
            lambda c: c.name,
            tooltip=lambda c: _t("F2 gir nytt navn"),
            edit_value=lambda c: c.name,
            set_value=lambda c, v: rename(c, str(v)),
            stretch=True,
        ),
        Column(
            _t("Vekt"),
            lambda c: format_number(c.weight, 2),
            sort=lambda c: c.weight,
            align=RIGHT,
            edit_value=lambda c: format_number(c.weight, 2),
            set_value=reweigh,
            tooltip=lambda c: _t("Skriv en ny vekt; vektene trenger ikke summere til 1."),
            width=64,
        ),
        Column(
            _t("Andel"),
            lambda c: f"{round(100 * shares().get(c.id or 0, 0.0))} %",
            sort=lambda c: shares().get(c.id or 0, 0.0),
            align=RIGHT,
            tooltip=lambda c: _t("Vekten som andel av summen av alle vektene"),
            width=60,
        ),
        Column(
            _t("Retning"),
            lambda c: _t("Høy er bra") if c.higher_is_better else _t("Lav er bra"),
            tooltip=lambda c: (
                _t("Høy poengsum teller for tiltaket")
                if c.higher_is_better
                else _t("Høy poengsum teller mot tiltaket (regnes som 12 − poeng)")
            ),
            width=92,
        ),
    ]
    return RecordTableModel(cols, parent=parent)


class CriterionDialog(dialogs.EditDialog):
    def __init__(self, ctx: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _t("Nytt kriterium"), parent)
        self.new_id: int | None = None
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText(_t("For eksempel «Bidrar til digitalisering»"))
        self.weight_edit = QLineEdit("0,1", self)
        self.lower_check = QCheckBox(_t("&Lav poengsum er bra (som innsats og kostnad)"), self)
        self.error = error_label(self)
        self.form.addRow(_t("&Navn:"), self.name_edit)
        self.form.addRow(_t("&Vekt:"), self.weight_edit)
        self.form.addRow("", self.lower_check)
        self.form.addRow("", self.error)
        self.name_edit.setFocus()

    def apply(self) -> bool:
        try:
            weight = parse_number(self.weight_edit.text())
        except ValueError:
            set_error(self.error, _t("Vekten må være et tall, for eksempel 0,2."))
            return False
        c = Criterion(
            self.name_edit.text(),
            weight if weight is not None else 0.0,
            not self.lower_check.isChecked(),
        )
        self.new_id = self.ctx.perform(lambda: prio_service.add_criterion(self.ctx.project, c))
        return self.new_id is not None


# =========================================================================== score grid
@dataclass(frozen=True)
class GridColumn:
    kind: str  # "rank", "code", "title", "score", "weighted", "moscow", "quadrant"
    header: str
    criterion: Criterion | None = None


class ScoreModel(QAbstractTableModel):
    """Measures × criteria with the weighted score and rank. Sorted here (one Python
    sort), the default order is the rank."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[RankedMeasure] = []
        self.criteria: list[Criterion] = []
        self.columns: list[GridColumn] = []
        self._sort_column = 0
        self._sort_order = Qt.SortOrder.AscendingOrder
        self.editable = True
        self.set_score: Callable[[int, int, int | None], bool] = lambda _m, _c, _s: False
        self.set_moscow: Callable[[int, MoSCoW | None], bool] = lambda _m, _v: False

    def set_data(self, rows: Sequence[RankedMeasure], criteria: Sequence[Criterion]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.criteria = list(criteria)
        self.columns = [
            GridColumn("rank", _t("Rang")),
            GridColumn("code", _t("ID")),
            GridColumn("title", _t("Tiltak")),
            *[GridColumn("score", wrap_header(c.name, 11, 3), c) for c in self.criteria],
            GridColumn("weighted", _t("Vektet\npoeng")),
            GridColumn("moscow", _t("MoSCoW")),
        ]
        self._sort()
        self.endResetModel()

    def score_columns(self) -> list[int]:
        return [i for i, c in enumerate(self.columns) if c.kind == "score"]

    def column_of(self, kind: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.kind == kind)

    def row_of(self, measure_id: int) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.measure_id == measure_id), None)

    def _value(self, r: RankedMeasure, col: GridColumn) -> Any:
        if col.kind == "rank":
            return (r.rank is None, r.rank or 0)
        if col.kind == "code":
            return r.code.zfill(12)
        if col.kind == "title":
            return sort_key(r.title)
        if col.kind == "score":
            assert col.criterion is not None
            v = r.scores.get(col.criterion.id or 0)
            return (v is None, v or 0)
        if col.kind == "weighted":
            return (r.weighted is None, -(r.weighted or 0.0))
        if col.kind == "moscow":
            order = {m: i for i, m in enumerate(MoSCoW)}
            return (r.moscow is None, order.get(r.moscow, 9) if r.moscow else 9)
        return 0

    def _sort(self) -> None:
        if 0 <= self._sort_column < len(self.columns):
            col = self.columns[self._sort_column]
            self.rows.sort(
                key=lambda r: self._value(r, col),
                reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
            )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        keys = [(self.rows[i.row()].measure_id, i.column()) for i in persistent]
        self._sort()
        self.changePersistentIndexList(
            persistent, [self.index(self.row_of(k) or 0, c) for k, c in keys]
        )
        self.layoutChanged.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

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
            if col.criterion is not None:
                c = col.criterion
                return _t(
                    "{name}: 2–10, {dir}. Skriv et tall (2–9, 1 0 for 10); Delete fjerner."
                ).format(
                    name=c.name,
                    dir=_t("høy er bra") if c.higher_is_better else _t("lav er bra"),
                )
            if col.kind == "weighted":
                return _t("Vektet gjennomsnitt på skalaen 2–10 (lav-er-bra-kriterier snus)")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(
                CENTER
                if col.kind in ("score", "rank", "weighted")
                else Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            )
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = self.columns[index.column()]
        if role == KEY_ROLE:
            return r.measure_id
        if role == CRITERION_ROLE:
            return col.criterion.id if col.criterion else None
        if role == SORT_ROLE:
            return self._value(r, col)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col.kind == "rank":
                return "" if r.rank is None else str(r.rank)
            if col.kind == "code":
                return r.code
            if col.kind == "title":
                return r.title
            if col.kind == "score":
                assert col.criterion is not None
                v = r.scores.get(col.criterion.id or 0)
                return "" if v is None else str(v)
            if col.kind == "weighted":
                if r.weighted is None:
                    return ""
                text = f"{r.weighted:.2f}".replace(".", ",")
                return text if r.complete else text + " *"
            if col.kind == "moscow":
                if role == Qt.ItemDataRole.EditRole:
                    return r.moscow.value if r.moscow else ""
                return r.moscow.label if r.moscow else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            if col.kind == "title":
                return r.title
            if col.kind == "weighted" and r.weighted is not None and not r.complete:
                return _t("* Bare {n} av {total} kriterier har poeng.").format(
                    n=r.scored_criteria, total=r.total_criteria
                )
            if col.kind == "moscow":
                return _t("Enter eller F2 velger Må ha, Bør ha, Kan ha eller Ikke nå")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col.kind in ("score", "rank", "weighted"):
                return int(CENTER)
            return None
        if role == Qt.ItemDataRole.FontRole and col.kind in ("rank", "weighted"):
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.BackgroundRole and col.kind == "score":
            return QColor(0, 114, 178, 14)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        f = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
        if self.editable and self.columns[index.column()].kind in ("score", "moscow"):
            f |= Qt.ItemFlag.ItemIsEditable
        return f

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        r = self.rows[index.row()]
        col = self.columns[index.column()]
        if col.kind == "score" and col.criterion is not None and col.criterion.id is not None:
            text = str(value).strip()
            score: int | None
            if not text:
                score = None
            else:
                try:
                    score = int(text)
                except ValueError:
                    score = -1  # refused by the service with its message
            return self.set_score(r.measure_id, col.criterion.id, score)
        if col.kind == "moscow":
            return self.set_moscow(r.measure_id, MoSCoW(value) if value else None)
        return False


class ScoreProxy(FilterProxy):
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        src = self.sourceModel()
        if isinstance(src, ScoreModel):
            src.sort(column, order)
        else:
            super().sort(column, order)


class MoscowDelegate(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.addItem(_t("(ingen)"), "")
        for m in MoSCoW:
            combo.addItem(m.label, m.value)
        combo.activated.connect(lambda _i, c=combo: self._commit(c))
        return combo

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole) or ""), 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        value = editor.currentData() or ""
        if value != (index.data(Qt.ItemDataRole.EditRole) or ""):
            model.setData(index, value, Qt.ItemDataRole.EditRole)


class DigitKeys(QObject):
    """Digits in a score cell set the score at once: 2–9 as typed, 1 then 0 for 10;
    Delete/Backspace removes it. Anything off the 2–10 scale is refused."""

    def __init__(self, view: QTableView, tab: PrioritisingTab) -> None:
        super().__init__(view)
        self.view = view
        self.tab = tab
        self.pending_one = False
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        assert isinstance(event, QKeyEvent)
        if self.view.state() == QAbstractItemView.State.EditingState:
            return False
        index = self.view.currentIndex()
        if not index.isValid() or index.data(CRITERION_ROLE) is None:
            self.pending_one = False
            return False
        text = event.text()
        key = event.key()
        is_digit = len(text) == 1 and text.isdigit()
        is_clear = key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        if not (is_digit or is_clear):
            if event.type() == QEvent.Type.KeyPress:
                self.pending_one = False
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()
            return True
        if not self.tab.writable:
            return True
        mid = index.data(KEY_ROLE)
        cid = index.data(CRITERION_ROLE)
        if is_clear:
            self.pending_one = False
            self.tab.set_score(mid, cid, None)
            return True
        digit = int(text)
        if self.pending_one:
            self.pending_one = False
            if digit == 0:
                self.tab.set_score(mid, cid, 10, advance=True)
            else:
                self.tab.refuse_score(f"1{digit}")
            return True
        if digit == 1:
            self.pending_one = True
            self.tab.score_hint(_t("1 … skriv 0 for 10."))
            return True
        if digit == 0:
            self.tab.refuse_score("0")
            return True
        self.tab.set_score(mid, cid, digit, advance=True)
        return True


# =========================================================================== matrix
@dataclass(frozen=True)
class Dot:
    measure_id: int
    code: str
    title: str
    gain: int | None
    effort: int | None
    in_plan: bool


class GainEffortMatrix(QWidget):
    """The gevinst/innsats 2×2 matrix as a 5×5 grid (DOMAIN.md §7): effort left to
    right, gain bottom to top, 3 and up counting as high. A measure is a dot labelled
    with its code. Drag a dot to another cell, or select it (click, Page Up/Down) and
    move it with the arrow keys: each move rescores gain/effort as one undo step.
    Measures without gain/effort wait in the strip below the grid."""

    moved = Signal(int, object, object)  # measure id, gain, effort (None = unplace)
    selected = Signal(int)
    activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dots: list[Dot] = []
        self.current: int | None = None
        self.read_only = False
        self._drag: int | None = None
        self._drag_pos = QPointF()
        self._press_pos = QPointF()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(False)
        self.setMinimumSize(320, 340)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(_t("Gevinst/innsats-matrise"))

    # -- data -----------------------------------------------------------------------
    def set_dots(self, dots: Sequence[Dot]) -> None:
        self.dots = list(dots)
        if self.current is not None and all(d.measure_id != self.current for d in self.dots):
            self.current = None
        self.setAccessibleDescription(self.summary())
        self.update()

    def summary(self) -> str:
        parts = []
        for q in Quadrant:
            codes = [d.code for d in self.dots if _quad(d) is q]
            parts.append(f"{q.label}: {', '.join(codes) if codes else _t('ingen')}")
        unplaced = [d.code for d in self.dots if _quad(d) is None]
        if unplaced:
            parts.append(_t("Ikke plassert: {codes}").format(codes=", ".join(unplaced)))
        return ". ".join(parts) + "."

    def select(self, measure_id: int | None) -> None:
        if measure_id != self.current:
            self.current = measure_id
            self.update()

    # -- geometry (public for tests) ----------------------------------------------------
    def grid_rect(self) -> QRectF:
        fm = QFontMetricsF(self.font())
        left = fm.height() * 2.2
        bottom = fm.height() * 2.4
        strip = fm.height() * 4.4
        top = 8.0
        w = max(self.width() - left - 10, 100)
        h = max(self.height() - top - bottom - strip, 100)
        side = min(w, h)
        return QRectF(left, top, side if w > h * 1.4 else w, side if h > w else h)

    def strip_rect(self) -> QRectF:
        g = self.grid_rect()
        fm = QFontMetricsF(self.font())
        return QRectF(g.left(), g.bottom() + fm.height() * 3.6, g.width(), fm.height() * 2.4)

    def cell_rect(self, gain: int, effort: int) -> QRectF:
        g = self.grid_rect()
        n = MATRIX_MAX - MATRIX_MIN + 1
        cw, ch = g.width() / n, g.height() / n
        return QRectF(
            g.left() + (effort - MATRIX_MIN) * cw, g.top() + (MATRIX_MAX - gain) * ch, cw, ch
        )

    def cell_at(self, pos: QPointF) -> tuple[int, int] | None:
        g = self.grid_rect()
        if not g.contains(pos):
            return None
        n = MATRIX_MAX - MATRIX_MIN + 1
        effort = MATRIX_MIN + min(int((pos.x() - g.left()) / (g.width() / n)), n - 1)
        gain = MATRIX_MAX - min(int((pos.y() - g.top()) / (g.height() / n)), n - 1)
        return gain, effort

    def dot_positions(self) -> dict[int, QPointF]:
        """Where each dot is drawn: spread in a small grid inside its cell; unplaced
        ones in a row in the strip."""
        out: dict[int, QPointF] = {}
        by_cell: dict[tuple[int, int] | None, list[Dot]] = {}
        for d in self.dots:
            key = (d.gain, d.effort) if d.gain is not None and d.effort is not None else None
            by_cell.setdefault(key, []).append(d)
        for key, ds in by_cell.items():
            if key is None:
                s = self.strip_rect()
                step = min(64.0, s.width() / max(len(ds), 1))
                for i, d in enumerate(ds):
                    out[d.measure_id] = QPointF(s.left() + 10 + i * step, s.center().y())
                continue
            r = self.cell_rect(*key)
            n = len(ds)
            fmh = QFontMetricsF(self.font())
            label_w = fmh.horizontalAdvance("T-000") * 0.95 + 4
            per_row_h = 2 * self._radius() + fmh.height() + 2
            max_rows = max(1, int(r.height() // per_row_h))
            cols = max(1, min(n, 3, int(r.width() // label_w)))
            cols = max(cols, min(n, -(-n // max_rows)))  # no dot on top of another
            rows = (n + cols - 1) // cols
            for i, d in enumerate(ds):
                cx = r.left() + r.width() * (0.5 + i % cols) / cols
                label_h = QFontMetricsF(self.font()).height()
                cy = r.top() + (r.height() - label_h) * (0.5 + i // cols) / rows
                out[d.measure_id] = QPointF(cx, cy)
        return out

    def dot_at(self, pos: QPointF) -> int | None:
        radius = self._radius() + 10
        best, best_d = None, radius * radius
        for mid, c in self.dot_positions().items():
            dx, dy = c.x() - pos.x(), c.y() - pos.y()
            if dx * dx + dy * dy <= best_d:
                best, best_d = mid, dx * dx + dy * dy
        return best

    def quadrant_labels(self) -> list[str]:
        return [q.label for q in Quadrant]

    def _radius(self) -> float:
        return max(5.0, min(9.0, self.grid_rect().width() / 60))

    # -- painting --------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text_c = pal.color(QPalette.ColorRole.WindowText)
        muted = style.muted_fg(pal)
        g = self.grid_rect()
        mid_x = self.cell_rect(MATRIX_HIGH, MATRIX_HIGH).left()
        mid_y = self.cell_rect(MATRIX_HIGH, MATRIX_HIGH).bottom()
        quads = {
            Quadrant.RASKE_GEVINSTER: QRectF(g.left(), g.top(), mid_x - g.left(), mid_y - g.top()),
            Quadrant.STRATEGISKE_TILTAK: QRectF(mid_x, g.top(), g.right() - mid_x, mid_y - g.top()),
            Quadrant.SMATILTAK: QRectF(g.left(), mid_y, mid_x - g.left(), g.bottom() - mid_y),
            Quadrant.UNNGA: QRectF(mid_x, mid_y, g.right() - mid_x, g.bottom() - mid_y),
        }
        label_font = style.scaled_font(self.font(), 1.05, bold=True)
        small = style.scaled_font(self.font(), 0.85)
        for q, r in quads.items():
            p.fillRect(r, QUADRANT_FILL[q])
            p.setPen(muted)
            font = label_font
            fm = QFontMetricsF(font)
            while fm.horizontalAdvance(q.label) > r.width() - 10 and font.pointSizeF() > 6:
                font = style.scaled_font(font, 0.92, bold=True)
                fm = QFontMetricsF(font)
            p.setFont(font)
            p.drawText(
                r.adjusted(6, 4, -6, -4),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                q.label,
            )
            if r.height() < 170:
                continue  # a small matrix shows the names only (the tooltip has the rest)
            p.setFont(small)
            p.drawText(
                r.adjusted(6, 4 + fm.height(), -6, -4),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                q.explanation.lower().capitalize(),
            )
        # cell lines and the 2×2 split
        p.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1, Qt.PenStyle.DotLine))
        n = MATRIX_MAX - MATRIX_MIN + 1
        for i in range(1, n):
            x = g.left() + g.width() * i / n
            y = g.top() + g.height() * i / n
            p.drawLine(QPointF(x, g.top()), QPointF(x, g.bottom()))
            p.drawLine(QPointF(g.left(), y), QPointF(g.right(), y))
        p.setPen(QPen(text_c, 1.6))
        p.drawLine(QPointF(mid_x, g.top()), QPointF(mid_x, g.bottom()))
        p.drawLine(QPointF(g.left(), mid_y), QPointF(g.right(), mid_y))
        p.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(g)
        # axes
        p.setFont(self.font())
        fm = QFontMetricsF(self.font())
        p.setPen(text_c)
        for v in range(MATRIX_MIN, MATRIX_MAX + 1):
            c = self.cell_rect(v, v)
            p.drawText(
                QRectF(c.left(), g.bottom() + 2, c.width(), fm.height()),
                Qt.AlignmentFlag.AlignCenter,
                str(v),
            )
            p.drawText(
                QRectF(g.left() - fm.height() * 1.1, c.top(), fm.height(), c.height()),
                Qt.AlignmentFlag.AlignCenter,
                str(v),
            )
        p.drawText(
            QRectF(g.left(), g.bottom() + fm.height(), g.width(), fm.height() * 1.2),
            Qt.AlignmentFlag.AlignCenter,
            _t("Innsats / kostnad →"),
        )
        p.save()
        p.translate(fm.height() * 0.5, g.center().y())
        p.rotate(-90)
        p.drawText(
            QRectF(-g.height() / 2, -fm.height() / 2, g.height(), fm.height() * 1.2),
            Qt.AlignmentFlag.AlignCenter,
            _t("Gevinst for næringslivet →"),
        )
        p.restore()
        # unplaced strip
        s = self.strip_rect()
        p.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1, Qt.PenStyle.DashLine))
        p.drawRoundedRect(s, 4, 4)
        p.setPen(muted)
        p.setFont(small)
        unplaced = [d for d in self.dots if d.gain is None or d.effort is None]
        p.drawText(
            QRectF(s.left(), s.top() - fm.height() * 1.1, s.width(), fm.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            _t("Ikke plassert ennå – dra inn i rutenettet")
            if unplaced
            else _t("Alle tiltak er plassert"),
        )
        # dots
        positions = self.dot_positions()
        radius = self._radius()
        code_font = style.scaled_font(self.font(), 0.9, bold=False)
        bold_font = style.scaled_font(self.font(), 0.95, bold=True)
        for d in self.dots:
            centre = positions[d.measure_id]
            if self._drag == d.measure_id:
                centre = self._drag_pos
            chosen = d.measure_id == self.current
            colour = SELECTED_COLOUR if chosen else DOT_COLOUR
            p.setPen(QPen(colour, 3 if chosen else 1.5))
            p.setBrush(colour if d.in_plan else pal.color(QPalette.ColorRole.Base))
            p.drawEllipse(centre, radius, radius)
            if chosen:
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.setPen(QPen(colour, 1.5, Qt.PenStyle.DashLine))
                p.drawEllipse(centre, radius + 5, radius + 5)
            p.setFont(bold_font if chosen else code_font)
            p.setPen(text_c)
            cf = QFontMetricsF(p.font())
            p.drawText(
                QRectF(centre.x() - 40, centre.y() + radius + 1, 80, cf.height()),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                d.code,
            )
        if self.hasFocus():
            p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 1, Qt.PenStyle.DotLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))

    # -- mouse ----------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        mid = self.dot_at(event.position())
        if mid is not None:
            self.current = mid
            self.selected.emit(mid)
            if not self.read_only:
                self._drag = mid
                self._drag_pos = event.position()
                self._press_pos = event.position()
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None:
            self._drag_pos = event.position()
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        mid = self._drag
        self._drag = None
        if mid is None:
            return
        pos = event.position()
        dot = next((d for d in self.dots if d.measure_id == mid), None)
        self.update()
        if dot is None:
            return
        moved_far = (pos - self._press_pos).manhattanLength() > 4
        if not moved_far:
            return
        cell = self.cell_at(pos)
        if cell is not None:
            gain, effort = cell
            if (gain, effort) != (dot.gain, dot.effort):
                self.moved.emit(mid, gain, effort)
        elif self.strip_rect().adjusted(-10, -20, 10, 20).contains(pos) and dot.gain is not None:
            self.moved.emit(mid, None, None)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        mid = self.dot_at(event.position())
        if mid is not None:
            self.activated.emit(mid)

    # -- keys -----------------------------------------------------------------------------
    def _ordered(self) -> list[Dot]:
        return sorted(self.dots, key=lambda d: d.code.zfill(12))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        ordered = self._ordered()
        if (
            key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp, Qt.Key.Key_Home, Qt.Key.Key_End)
            and ordered
        ):
            ids = [d.measure_id for d in ordered]
            if key == Qt.Key.Key_Home:
                i = 0
            elif key == Qt.Key.Key_End:
                i = len(ids) - 1
            elif self.current not in ids:
                i = 0
            else:
                i = (ids.index(self.current) + (1 if key == Qt.Key.Key_PageDown else -1)) % len(ids)
            self.current = ids[i]
            self.selected.emit(self.current)
            self.update()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current is not None:
            self.activated.emit(self.current)
            return
        moves: dict[int, tuple[int, int]] = {
            Qt.Key.Key_Up: (1, 0),
            Qt.Key.Key_Down: (-1, 0),
            Qt.Key.Key_Right: (0, 1),
            Qt.Key.Key_Left: (0, -1),
        }
        if key in moves and self.current is not None:
            dot = next((d for d in self.dots if d.measure_id == self.current), None)
            if dot is None or self.read_only:
                return
            dg, de = moves[key]
            if dot.gain is None or dot.effort is None:
                gain, effort = MATRIX_HIGH, MATRIX_HIGH  # placed in the middle first
            else:
                gain = min(max(dot.gain + dg, MATRIX_MIN), MATRIX_MAX)
                effort = min(max(dot.effort + de, MATRIX_MIN), MATRIX_MAX)
            if (gain, effort) != (dot.gain, dot.effort):
                self.moved.emit(dot.measure_id, gain, effort)
            return
        if (
            key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.current is not None
            and not self.read_only
        ):
            dot = next((d for d in self.dots if d.measure_id == self.current), None)
            if dot is not None and dot.gain is not None:
                self.moved.emit(dot.measure_id, None, None)
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self.current is None and self.dots:
            self.current = self._ordered()[0].measure_id
            self.selected.emit(self.current)
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(520, 520)


def _quad(d: Dot) -> Quadrant | None:
    from nvk_desktop.domain.measures import quadrant

    return quadrant(d.gain, d.effort)


# =========================================================================== decision
DECIDERS = ("Styringsgruppen", "Kommunestyret", "Formannskapet", "Kommunedirektøren", "Rådmannen")


class PlanDecisionDialog(dialogs.EditDialog):
    """Registrer beslutning om handlingsplan: who decided, when, in which meeting, and
    which measures go in — one step."""

    def __init__(
        self,
        ctx: ProjectContext,
        ranked: Sequence[RankedMeasure],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, _t("Registrer beslutning om handlingsplan"), parent)
        self.new_id: int | None = None
        self.who_edit = QLineEdit(_t("Styringsgruppen"), self)
        self.who_edit.setCompleter(QCompleter(list(DECIDERS), self))
        self.who_edit.selectAll()
        self.date_edit = make_date_edit(date.today(), self)
        self.meeting_combo = QComboBox(self)
        self.meeting_combo.addItem(_t("(ikke knyttet til et møte)"), None)
        for m in meetings_service.list_meetings(ctx.project):
            when = format_date(m.held_on) if m.held_on else _t("uten dato")
            self.meeting_combo.addItem(f"{m.title} ({when})", m.id)
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlaceholderText(_t("Saksnummer, begrunnelse (valgfritt)"))
        self.note_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.measure_list = QListWidget(self)
        self.measure_list.setAccessibleName(_t("Tiltak i handlingsplanen"))
        for r in ranked:
            rank = f"{r.rank}. " if r.rank else ""
            tag = f" · {r.moscow.label}" if r.moscow else ""
            item = QListWidgetItem(f"{rank}{r.code}  {r.title}{tag}")
            item.setData(Qt.ItemDataRole.UserRole, r.measure_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            pre = r.in_plan or r.moscow in (MoSCoW.MUST, MoSCoW.SHOULD)
            item.setCheckState(Qt.CheckState.Checked if pre else Qt.CheckState.Unchecked)
            item.setToolTip(r.title)
            self.measure_list.addItem(item)
        self.measure_list.setMinimumHeight(220)
        self.measure_list.itemChanged.connect(lambda _i: self._count())
        self.all_button = QPushButton(_t("Velg &alle"), self)
        self.none_button = QPushButton(_t("Velg i&ngen"), self)
        self.all_button.setAutoDefault(False)
        self.none_button.setAutoDefault(False)
        self.all_button.clicked.connect(lambda: self._check_all(True))
        self.none_button.clicked.connect(lambda: self._check_all(False))
        self.count_label = style.hint("", self)
        self.error = error_label(self)
        brow = QHBoxLayout()
        brow.addWidget(self.count_label, 1)
        brow.addWidget(self.all_button)
        brow.addWidget(self.none_button)
        self.form.addRow(_t("&Vedtatt av:"), self.who_edit)
        self.form.addRow(_t("&Dato:"), self.date_edit)
        self.form.addRow(_t("&Møte:"), self.meeting_combo)
        self.form.addRow(_t("&Notat:"), self.note_edit)
        self.form.addRow(_t("&Tiltak:"), self.measure_list)
        self.form.addRow("", brow)
        self.form.addRow("", self.error)
        self._count()
        self.who_edit.setFocus()
        self.setMinimumWidth(640)

    def _check_all(self, on: bool) -> None:
        for i in range(self.measure_list.count()):
            self.measure_list.item(i).setCheckState(
                Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
            )

    def chosen_ids(self) -> list[int]:
        return [
            int(self.measure_list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.measure_list.count())
            if self.measure_list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _count(self) -> None:
        n = len(self.chosen_ids())
        self.count_label.setText(
            _t("{n} av {total} tiltak valgt").format(n=n, total=self.measure_list.count())
        )

    def apply(self) -> bool:
        ids = self.chosen_ids()
        if not ids:
            set_error(self.error, _t("Kryss av minst ett tiltak som skal inn i handlingsplanen."))
            return False
        d = PlanDecision(
            decided_on=from_qdate(self.date_edit.date()),
            decided_by=self.who_edit.text(),
            meeting_id=self.meeting_combo.currentData(),
            note=self.note_edit.toPlainText(),
            measure_ids=tuple(ids),
        )
        self.new_id = self.ctx.perform(
            lambda: measures_service.record_plan_decision(self.ctx.project, d)
        )
        return self.new_id is not None


# =========================================================================== the tab
class PrioritisingTab(ProjectPage):
    def __init__(self, ctx: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.criteria: list[Criterion] = []
        self.ranked: list[RankedMeasure] = []
        self.decisions: list[PlanDecision] = []
        self._shares: dict[int, float] = {}
        self.open_measure: Callable[[int], None] = lambda _mid: None

        # -- decision bar --------------------------------------------------------------
        self.decision_button = self.button(
            _t("Registrer beslutning om handlingsplan…"),
            _t("Hvem vedtok, når, i hvilket møte, og hvilke tiltak som går inn"),
        )
        self.decision_button.clicked.connect(self.record_decision)
        self.decision_label = style.hint("")
        self.decision_label.setTextFormat(Qt.TextFormat.RichText)
        top = QHBoxLayout()
        top.addWidget(self.decision_label, 1)
        top.addWidget(self.decision_button)

        # -- criteria ------------------------------------------------------------------------
        self.crit_model = criteria_model(self._rename, self._reweigh, lambda: self._shares, self)
        self.crit_proxy = FilterProxy(self.crit_model, self)
        self.crit_table = make_table(self.crit_proxy, sortable=False)
        self.crit_table.setAccessibleName(_t("Kriterier"))
        self.crit_table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        rows = 4
        self.crit_table.setFixedHeight(
            self.crit_table.verticalHeader().defaultSectionSize() * rows + 30
        )
        self.crit_table.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        EmptyOverlay(self.crit_table, _t("Ingen kriterier. Legg til med Insert."))
        ListKeys(
            self.crit_table,
            add=self.add_criterion,
            edit=lambda: self._edit_crit_cell(0),
            remove=self.delete_criterion,
            enabled=lambda: self.writable,
        )
        self.crit_add = self.button(_t("Nytt…"), _t("Nytt kriterium (Insert)"))
        self.crit_flip = self.button(
            _t("Snu retning"), _t("Bytt mellom «høy er bra» og «lav er bra»")
        )
        self.crit_delete = self.button(
            _t("Slett"), _t("Slett kriteriet og poengene på det (Delete)")
        )
        self.crit_add.clicked.connect(self.add_criterion)
        self.crit_flip.clicked.connect(self.flip_criterion)
        self.crit_delete.clicked.connect(self.delete_criterion)
        self.crit_error = error_label()
        crit_box = QGroupBox(_t("Kriterier og vekter"))
        cv = QVBoxLayout(crit_box)
        cv.addWidget(self.crit_table)
        cb = QHBoxLayout()
        cb.addWidget(style.hint(_t("F2 gir nytt navn; skriv i «Vekt» for å endre vekten.")), 1)
        cb.addWidget(self.crit_add)
        cb.addWidget(self.crit_flip)
        cb.addWidget(self.crit_delete)
        cv.addLayout(cb)
        cv.addWidget(self.crit_error)

        # -- score grid ------------------------------------------------------------------------
        self.score_model = ScoreModel(self)
        self.score_model.set_score = lambda m, c, s: self.set_score(m, c, s)
        self.score_model.set_moscow = self.set_moscow
        self.score_proxy = ScoreProxy(self.score_model, self)
        self.grid = make_table(self.score_proxy)
        self.grid.setAccessibleName(_t("Poeng per tiltak og kriterium"))
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.grid.horizontalHeader().setStretchLastSection(False)
        self.grid.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.grid.selectionModel().currentChanged.connect(lambda *_: self._grid_current())
        self.grid.doubleClicked.connect(self._grid_double)
        self.moscow_delegate = MoscowDelegate(self.grid)
        self.grid_empty = EmptyOverlay(
            self.grid,
            _t("Ingen tiltak å prioritere ennå. Lag tiltak under «Tiltak» (Ctrl+N)."),
        )
        self.digits = DigitKeys(self.grid, self)
        self.score_message = style.hint("")
        self.score_message.setWordWrap(True)
        score_box = QGroupBox(_t("Poeng (2–10) og vektet rangering"))
        sv = QVBoxLayout(score_box)
        sv.addWidget(
            style.hint(
                _t(
                    "Gå til en rute og skriv poengene med tallene: 2–9, «1 0» for 10; Delete fjerner. "
                    "Klikk på en kolonneoverskrift for å sortere. * = ikke alle kriterier har poeng."
                )
            )
        )
        sv.addWidget(self.grid, 1)
        sv.addWidget(self.score_message)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 8, 0)
        lv.addWidget(crit_box)
        lv.addWidget(score_box, 1)

        # -- matrix -------------------------------------------------------------------------
        self.matrix = GainEffortMatrix()
        self.matrix.moved.connect(self.move_in_matrix)
        self.matrix.selected.connect(self._matrix_selected)
        self.matrix.activated.connect(lambda mid: self.open_measure(mid))
        self.matrix_error = error_label()
        mat_box = QGroupBox(_t("Gevinst og innsats"))
        mv = QVBoxLayout(mat_box)
        mv.addWidget(
            style.hint(
                _t(
                    "Dra et tiltak til en annen rute, eller velg det (klikk, Page Up/Down) og flytt med "
                    "piltastene. Fylt prikk = i handlingsplanen. Enter åpner tiltaket."
                )
            )
        )
        mv.addWidget(self.matrix, 1)
        mv.addWidget(self.matrix_error)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(mat_box)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([720, 420])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        QWidget.setTabOrder(self.decision_button, self.crit_table)
        QWidget.setTabOrder(self.crit_table, self.crit_add)
        QWidget.setTabOrder(self.crit_add, self.crit_flip)
        QWidget.setTabOrder(self.crit_flip, self.crit_delete)
        QWidget.setTabOrder(self.crit_delete, self.grid)
        QWidget.setTabOrder(self.grid, self.matrix)
        self.refresh()

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        project = self.ctx.project
        self.criteria = prio_service.list_criteria(project)
        self._shares = normalised_weights(self.criteria)
        self.ranked = prio_service.ranked_measures(project)
        self.decisions = measures_service.list_plan_decisions(project)
        crit_key = current_key(self.crit_table)
        self.crit_model.set_rows(self.criteria)
        if crit_key is not None:
            select_keys(self.crit_table, [crit_key])
        cur = self.grid.currentIndex()
        keep = (cur.data(KEY_ROLE), cur.column()) if cur.isValid() else None
        first = self.score_model.rowCount() == 0 and self.score_model.columnCount() == 0
        self.score_model.set_data(self.ranked, self.criteria)
        self.grid.setItemDelegateForColumn(
            self.score_model.column_of("moscow"), self.moscow_delegate
        )
        if first or self.grid.columnWidth(0) == 0 or self._widths_for != len(self.criteria):
            self._set_widths()
        if keep is not None:
            self.select_cell(keep[0], keep[1])
        self.matrix.set_dots(
            [Dot(r.measure_id, r.code, r.title, r.gain, r.effort, r.in_plan) for r in self.ranked]
        )
        self._fill_decision_label()

    _widths_for = -1

    def _set_widths(self) -> None:
        m = self.score_model
        fm = self.grid.fontMetrics()
        for i, col in enumerate(m.columns):
            if col.kind == "score":
                longest = max(fm.horizontalAdvance(line) for line in col.header.split("\n"))
                self.grid.setColumnWidth(i, max(longest + 14, 58))
                continue
            width = {
                "rank": fm.horizontalAdvance("Rang") + 18,
                "code": fm.horizontalAdvance("T-000") + 20,
                "title": 150,
                "score": 78,
                "weighted": 66,
                "moscow": 78,
            }.get(col.kind, 80)
            self.grid.setColumnWidth(i, width)
        self.grid.horizontalHeader().setSectionResizeMode(
            m.column_of("title"), QHeaderView.ResizeMode.Stretch
        )
        lines = max((c.header.count("\n") + 1 for c in m.columns), default=1)
        self.grid.horizontalHeader().setMinimumHeight(fm.lineSpacing() * lines + 12)
        self._widths_for = len(self.criteria)

    def _fill_decision_label(self) -> None:
        in_plan = sum(1 for r in self.ranked if r.in_plan)
        if not self.decisions:
            self.decision_label.setText(
                html.escape(_t("Ingen beslutning om handlingsplanen er registrert ennå."))
            )
            return
        d = self.decisions[0]
        where = f" ({html.escape(d.meeting_title)})" if d.meeting_title else ""
        self.decision_label.setText(
            _t("Siste vedtak: {date}, {who}{where} – {n} tiltak i handlingsplanen.").format(
                date=format_date(d.decided_on),
                who=html.escape(d.decided_by),
                where=where,
                n=in_plan,
            )
        )

    # ------------------------------------------------------------------ criteria
    def _current_criterion(self) -> Criterion | None:
        key = current_key(self.crit_table)
        return next((c for c in self.criteria if c.id == key), None)

    def _edit_crit_cell(self, column: int) -> None:
        index = self.crit_table.currentIndex()
        if index.isValid() and self.writable:
            self.crit_table.edit(index.siblingAtColumn(column))

    def _rename(self, c: Criterion, name: str) -> bool:
        if name.strip() == c.name:
            return False
        from dataclasses import replace

        new = replace(c, name=name)
        return perform_inline(
            self.ctx,
            lambda: prio_service.update_criterion(self.ctx.project, new),
            lambda t: set_error(self.crit_error, t),
        )

    def _reweigh(self, c: Criterion, value: Any) -> bool:
        try:
            weight = parse_number(str(value))
        except ValueError:
            set_error(
                self.crit_error,
                _t("«{v}» er ikke et tall. Skriv for eksempel 0,25.").format(v=value),
            )
            return False
        if weight is None or abs(weight - c.weight) < 1e-12:
            return False
        cid = c.id
        assert cid is not None
        return perform_inline(
            self.ctx,
            lambda: prio_service.set_weight(self.ctx.project, cid, weight),
            lambda t: set_error(self.crit_error, t),
        )

    def set_weight(self, criterion_id: int, weight: float) -> bool:
        c = next(c for c in self.criteria if c.id == criterion_id)
        return self._reweigh(c, format_number(weight, 4))

    def add_criterion(self) -> None:
        if not self.writable:
            return
        dlg = CriterionDialog(self.ctx, parent=self)
        if dlg.exec() and dlg.new_id is not None:
            select_keys(self.crit_table, [dlg.new_id])

    def flip_criterion(self) -> None:
        c = self._current_criterion()
        if c is None or not self.writable:
            return
        from dataclasses import replace

        new = replace(c, higher_is_better=not c.higher_is_better)
        dialogs.perform_ok(self.ctx, lambda: prio_service.update_criterion(self.ctx.project, new))

    def delete_criterion(self) -> None:
        c = self._current_criterion()
        if c is None or c.id is None or not self.writable:
            return
        cid = c.id
        n = prio_service.criterion_score_count(self.ctx.project, cid)
        details = [_t("{n} poeng gitt på kriteriet").format(n=n)] if n else []
        if not dialogs.ask_confirm(
            self,
            _t("Slett kriterium"),
            _t("Slette kriteriet «{name}»?").format(name=c.name),
            details,
            _t("Slett"),
        ):
            return
        dialogs.perform_ok(self.ctx, lambda: prio_service.delete_criterion(self.ctx.project, cid))

    # ------------------------------------------------------------------ scores
    def score_hint(self, text: str) -> None:
        self.score_message.setText(text)
        pal = self.score_message.palette()
        pal.setColor(QPalette.ColorRole.WindowText, style.muted_fg(pal))
        self.score_message.setPalette(pal)

    def refuse_score(self, typed: str) -> None:
        self._score_error(
            _t("«{v}» er ikke på skalaen. Poengene må være fra {lo} til {hi}.").format(
                v=typed, lo=SCORE_MIN, hi=SCORE_MAX
            )
        )

    def _score_error(self, text: str) -> None:
        self.score_message.setText("⚠ " + text if text else "")
        pal = self.score_message.palette()
        pal.setColor(QPalette.ColorRole.WindowText, style.overdue_fg(pal))
        self.score_message.setPalette(pal)

    def set_score(
        self, measure_id: int, criterion_id: int, score: int | None, *, advance: bool = False
    ) -> bool:
        if not self.writable:
            return False
        column = self.grid.currentIndex().column()
        ok = perform_inline(
            self.ctx,
            lambda: prio_service.set_score(self.ctx.project, measure_id, criterion_id, score),
            self._score_error,
        )
        if ok:
            r = next((x for x in self.ranked if x.measure_id == measure_id), None)
            if r is not None:
                self.score_hint(
                    _t("{code}: vektet {w}, rang {rank}.").format(
                        code=r.code,
                        w=format_number(round(r.weighted, 2), 2) if r.weighted is not None else "–",
                        rank=r.rank if r.rank is not None else "–",
                    )
                )
            score_cols = self.score_model.score_columns()
            if advance and column in score_cols and column != score_cols[-1]:
                column = score_cols[score_cols.index(column) + 1]
            self.select_cell(measure_id, column)
        return ok

    def select_cell(self, measure_id: int, column: int) -> None:
        row = self.score_model.row_of(measure_id)
        if row is None:
            return
        index = self.score_proxy.mapFromSource(self.score_model.index(row, column))
        if index.isValid():
            self.grid.setCurrentIndex(index)
            self.grid.scrollTo(index)

    def set_moscow(self, measure_id: int, value: MoSCoW | None) -> bool:
        return dialogs.perform_ok(
            self.ctx, lambda: prio_service.set_moscow(self.ctx.project, measure_id, value)
        )

    def _grid_current(self) -> None:
        mid = self.grid.currentIndex().data(KEY_ROLE)
        if isinstance(mid, int):
            self.matrix.select(mid)
        self.digits.pending_one = False
        self.update_actions()

    def _grid_double(self, index: QModelIndex) -> None:
        kind = self.score_model.columns[index.column()].kind if index.isValid() else ""
        if kind in ("code", "title", "rank") and isinstance(index.data(KEY_ROLE), int):
            self.open_measure(index.data(KEY_ROLE))

    # ------------------------------------------------------------------ matrix
    def _matrix_selected(self, measure_id: int) -> None:
        column = self.grid.currentIndex().column() if self.grid.currentIndex().isValid() else 1
        self.select_cell(measure_id, column)

    def move_in_matrix(self, measure_id: int, gain: int | None, effort: int | None) -> bool:
        if not self.writable:
            return False
        ok = perform_inline(
            self.ctx,
            lambda: prio_service.set_gain_effort(self.ctx.project, measure_id, gain, effort),
            lambda t: set_error(self.matrix_error, t),
        )
        self.matrix.select(measure_id)
        return ok

    # ------------------------------------------------------------------ decision
    def record_decision(self) -> None:
        if not self.writable:
            return
        if not self.ranked:
            set_error(self.matrix_error, _t("Lag tiltak først; så kan du vedta handlingsplanen."))
            return
        PlanDecisionDialog(self.ctx, self.ranked, parent=self).exec()

    # ------------------------------------------------------------------ page hooks
    def update_actions(self) -> None:
        w = self.writable
        has = self._current_criterion() is not None
        self.crit_add.setEnabled(w)
        self.crit_flip.setEnabled(w and has)
        self.crit_delete.setEnabled(w and has)
        self.crit_model.editable = w
        self.score_model.editable = w
        self.matrix.read_only = not w
        self.decision_button.setEnabled(w and bool(self.ranked))


__all__ = ["GainEffortMatrix", "PlanDecisionDialog", "PrioritisingTab", "ScoreModel"]
