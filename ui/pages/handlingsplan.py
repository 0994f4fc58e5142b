"""Handlingsplan (issue 6 point 3): the plan as a table and as a timeline.

The table has responsible person, unit, dates, status, progress, resources and
dependencies, with filters and sorting; overdue and at-risk measures stand out by
colour AND by the words "Forsinket" / "I faresonen". The timeline (GanttView) draws one
bar per measure from start to deadline with the progress inside, light dependency
arrows, today's line and the project's milestones; it paints only the rows in view,
so a plan of 500 measures scrolls as quickly as one of 15.

Excel out and in (plan_excel via the runner; the import is reviewed in
plan_import.PlanImportDialog) and the statusrapport PDF are made from here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, QStandardPaths, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
    QResizeEvent,
    QShortcut,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.domain.measures import MeasureStatus, PlanFilter, PlanItem
from nvk_desktop.domain.models import Milestone
from nvk_desktop.domain.text import sort_key
from nvk_desktop.services import measures as measures_service
from nvk_desktop.services import phases as phases_service
from nvk_desktop.services import project as project_service
from nvk_desktop.services.plan_excel import ExportResult
from ui.context import ProjectContext
from ui.models import RIGHT, Column, FilterProxy, RecordTableModel
from ui.pages.measure_editor import (
    ask_open_path,
    ask_save_path,
    format_hours,
    format_nok,
    offer_open,
    status_colour,
    status_text,
)
from ui.widgets import style
from ui.widgets.dates import format_date, format_int
from ui.widgets.keys import SearchKeys
from ui.widgets.page import ProjectPage
from ui.widgets.tables import EmptyOverlay, current_key, make_table, select_keys

CONTEXT = "Handlingsplan"

# Okabe–Ito; the status is also written beside every bar.
STATUS_BAR = {
    MeasureStatus.IKKE_STARTET: QColor("#999999"),
    MeasureStatus.PAGAR: QColor("#0072B2"),
    MeasureStatus.FORSINKET: QColor("#D55E00"),
    MeasureStatus.FULLFORT: QColor("#009E73"),
    MeasureStatus.AVBRUTT: QColor("#777777"),
}
RISK_COLOUR = QColor("#E69F00")
MAX_MILESTONE_LINES = 15
MONTHS = ("jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des")


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def risk_bg() -> QColor:
    return QColor("#4a3a12") if style.is_dark() else QColor("#fff4dc")


def plan_columns() -> list[Column[PlanItem]]:
    status_order = {s: i for i, s in enumerate(MeasureStatus)}

    def d_sort(d: date | None) -> str:
        return d.isoformat() if d else "9999"

    return [
        Column(
            _t("ID"),
            lambda it: it.measure.code,
            sort=lambda it: it.measure.code.zfill(12),
            width=62,
        ),
        Column(
            _t("Tiltak"),
            lambda it: it.measure.title,
            tooltip=lambda it: (
                it.measure.title
                + (
                    "\n" + _t("Svarer på: ") + "; ".join(t for t in it.point_titles if t)
                    if any(it.point_titles)
                    else ""
                )
            ),
            width=260,
            stretch=True,
        ),
        Column(_t("Ansvarlig"), lambda it: it.responsible_name, width=140),
        Column(
            _t("Enhet"),
            lambda it: it.measure.unit,
            width=120,
            tooltip=lambda it: it.measure.unit or None,
        ),
        Column(
            _t("Start"),
            lambda it: format_date(it.measure.start_on),
            sort=lambda it: d_sort(it.measure.start_on),
            width=86,
        ),
        Column(
            _t("Frist"),
            lambda it: format_date(it.measure.deadline_on),
            sort=lambda it: d_sort(it.measure.deadline_on),
            width=86,
            foreground=lambda it: style.overdue_fg() if it.overdue else None,
            bold=lambda it: it.overdue,
        ),
        Column(
            _t("Status"),
            lambda it: status_text(it.measure.status, it.overdue, it.risk),
            sort=lambda it: (not it.overdue, it.risk is None, status_order[it.measure.status]),
            foreground=lambda it: status_colour(it.measure.status, it.overdue, it.at_risk),
            bold=lambda it: it.overdue or it.at_risk,
            tooltip=lambda it: it.risk or (_t("Fristen er passert.") if it.overdue else None),
            width=178,
        ),
        Column(
            _t("Fremdrift"),
            lambda it: f"{it.measure.progress} %",
            sort=lambda it: it.measure.progress,
            align=RIGHT,
            width=74,
        ),
        Column(
            _t("Timer"),
            lambda it: format_hours(it.measure.hours),
            sort=lambda it: it.measure.hours or -1,
            align=RIGHT,
            width=70,
        ),
        Column(
            _t("Kostnad"),
            lambda it: format_nok(it.measure.cost_nok),
            sort=lambda it: it.measure.cost_nok or -1,
            align=RIGHT,
            width=100,
        ),
        Column(
            _t("Finansiering"),
            lambda it: it.measure.funding,
            width=130,
            tooltip=lambda it: it.measure.funding or None,
        ),
        Column(
            _t("Avhenger av"),
            lambda it: ", ".join(it.dependency_codes),
            tooltip=lambda it: (
                (_t("Venter på: ") + ", ".join(it.blocked_by)) if it.blocked_by else None
            ),
            width=110,
        ),
    ]


# =========================================================================== Gantt
@dataclass(frozen=True)
class GanttRow:
    measure_id: int
    code: str
    title: str
    start: date | None
    end: date | None
    progress: int
    status: MeasureStatus
    overdue: bool
    risk: str | None
    depends_on: tuple[int, ...]

    @staticmethod
    def of(it: PlanItem) -> GanttRow:
        m = it.measure
        assert m.id is not None
        return GanttRow(
            m.id,
            m.code,
            m.title,
            m.start_on,
            m.deadline_on,
            m.progress,
            m.status,
            it.overdue,
            it.risk,
            m.depends_on,
        )


class GanttView(QAbstractScrollArea):
    """One bar per measure from start to deadline, the progress filled inside, the
    status in words beside it; light arrows for dependencies; today's line; the
    milestones as diamonds with labels; month ticks in Norwegian. Up/Down choose a
    measure, Enter opens it, Ctrl+plus/minus zoom, T goes to today."""

    activated = Signal(int)
    current_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[GanttRow] = []
        self.milestones: list[Milestone] = []
        self.today = date.today()
        self.current: int | None = None
        self.px_per_day = 2.4
        self.first_day = self.today
        self.last_day = self.today
        self._row_of: dict[int, int] = {}
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(_t("Tidslinje"))
        self.viewport().setAutoFillBackground(True)
        fm = QFontMetricsF(self.font())
        self.row_h = round(fm.height() + 12)
        self.header_h = round(fm.height() * 3 + 22)
        self.label_w = 270
        self.empty_text = _t("Ingen tiltak å vise.")
        self.horizontalScrollBar().valueChanged.connect(lambda _v: self.viewport().update())
        self.verticalScrollBar().valueChanged.connect(lambda _v: self.viewport().update())

    # -- data ---------------------------------------------------------------------------
    def set_plan(
        self, rows: Sequence[GanttRow], milestones: Sequence[Milestone], today: date | None = None
    ) -> None:
        self.rows = list(rows)
        self.milestones = [m for m in milestones if m.due_on is not None or m.done_on is not None]
        self.today = today or date.today()
        self._row_of = {r.measure_id: i for i, r in enumerate(self.rows)}
        days = [self.today]
        for r in self.rows:
            days.extend(d for d in (r.start, r.end) if d is not None)
        for m in self.milestones:
            days.extend(d for d in (m.due_on, m.done_on) if d is not None)
        lo, hi = min(days), max(days)
        self.first_day = date(lo.year, lo.month, 1) - timedelta(days=1)
        self.first_day = date(self.first_day.year, self.first_day.month, 1)
        end = hi + timedelta(days=45)
        self.last_day = date(end.year, end.month, 1)
        if self.current not in self._row_of:
            self.current = None
        self._update_scroll()
        self.viewport().update()

    def x_for(self, d: date) -> float:
        """Content x of a day's start (before horizontal scrolling)."""
        return self.label_w + (d - self.first_day).days * self.px_per_day

    def content_width(self) -> float:
        return self.x_for(self.last_day) + 20

    def today_x(self) -> float:
        return self.x_for(self.today) + self.px_per_day / 2

    def bar_rect(self, measure_id: int) -> QRectF | None:
        """The bar of a measure in content coordinates (None when it has no dates)."""
        i = self._row_of.get(measure_id)
        if i is None:
            return None
        r = self.rows[i]
        y = self.header_h + i * self.row_h + 5
        h = self.row_h - 10
        if r.start is not None and r.end is not None:
            x0, x1 = self.x_for(r.start), self.x_for(r.end) + self.px_per_day
        elif r.end is not None:
            x0, x1 = self.x_for(r.end) - 3, self.x_for(r.end) + self.px_per_day + 3
        elif r.start is not None:
            x0, x1 = self.x_for(r.start), self.x_for(r.start) + max(self.px_per_day * 7, 8)
        else:
            return None
        return QRectF(x0, y, max(x1 - x0, 4.0), h)

    def milestone_marks(self) -> list[tuple[float, str]]:
        """(content x, label) of every milestone diamond."""
        out = []
        for m in self.milestones:
            d = m.due_on or m.done_on
            assert d is not None
            out.append((self.x_for(d) + self.px_per_day / 2, m.title))
        return out

    def month_ticks(self) -> list[tuple[float, str]]:
        out = []
        d = self.first_day
        while d <= self.last_day:
            label = MONTHS[d.month - 1] + (
                f" {d.year}" if d.month == 1 or d == self.first_day else ""
            )
            out.append((self.x_for(d), label))
            d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        return out

    # -- scrolling --------------------------------------------------------------------------
    def _update_scroll(self) -> None:
        vw = self.viewport().width()
        vh = self.viewport().height()
        hs = self.horizontalScrollBar()
        hs.setRange(0, max(0, round(self.content_width() - vw)))
        hs.setPageStep(max(vw - self.label_w, 10))
        hs.setSingleStep(round(self.px_per_day * 7))
        vs = self.verticalScrollBar()
        vs.setRange(0, max(0, len(self.rows) * self.row_h - (vh - self.header_h)))
        vs.setPageStep(max(vh - self.header_h, self.row_h))
        vs.setSingleStep(self.row_h)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_scroll()

    def scroll_to_today(self) -> None:
        vw = self.viewport().width()
        target = self.today_x() - self.label_w - (vw - self.label_w) / 3
        self.horizontalScrollBar().setValue(round(max(target, 0)))

    def ensure_visible(self, measure_id: int) -> None:
        i = self._row_of.get(measure_id)
        if i is None:
            return
        vs = self.verticalScrollBar()
        top = i * self.row_h
        body_h = self.viewport().height() - self.header_h
        if top < vs.value():
            vs.setValue(top)
        elif top + self.row_h > vs.value() + body_h:
            vs.setValue(top + self.row_h - body_h)

    def set_zoom(self, px_per_day: float) -> None:
        centre_day = (
            self.horizontalScrollBar().value()
            + (self.viewport().width() + self.label_w) / 2
            - self.label_w
        ) / self.px_per_day
        self.px_per_day = min(max(px_per_day, 0.4), 24.0)
        self._update_scroll()
        self.horizontalScrollBar().setValue(
            round(centre_day * self.px_per_day - (self.viewport().width() - self.label_w) / 2)
        )
        self.viewport().update()

    # -- painting ------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self.viewport())
        pal = self.palette()
        base = pal.color(QPalette.ColorRole.Base)
        alt = pal.color(QPalette.ColorRole.AlternateBase)
        text_c = pal.color(QPalette.ColorRole.Text)
        muted = style.muted_fg(pal)
        mid = pal.color(QPalette.ColorRole.Mid)
        vw, vh = self.viewport().width(), self.viewport().height()
        sx = self.horizontalScrollBar().value()
        sy = self.verticalScrollBar().value()
        p.fillRect(0, 0, vw, vh, base)
        fm = QFontMetricsF(self.font())
        if not self.rows:
            p.setPen(muted)
            p.drawText(
                QRectF(0, self.header_h, vw, vh - self.header_h),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.empty_text,
            )
        first = max(0, sy // self.row_h)
        last = min(len(self.rows), (sy + vh - self.header_h) // self.row_h + 2)
        body_top = self.header_h
        # -- body (clipped under the header, right of the labels)
        p.save()
        p.setClipRect(QRectF(self.label_w, body_top, vw - self.label_w, vh - body_top))
        for i in range(first, last):
            y = body_top + i * self.row_h - sy
            if i % 2:
                p.fillRect(QRectF(self.label_w, y, vw, self.row_h), alt)
            if self.rows[i].measure_id == self.current:
                hl = QColor(pal.color(QPalette.ColorRole.Highlight))
                hl.setAlpha(40)
                p.fillRect(QRectF(self.label_w, y, vw, self.row_h), hl)
        grid_pen = QPen(mid, 1, Qt.PenStyle.DotLine)
        p.setPen(grid_pen)
        for x, _label in self.month_ticks():
            xx = x - sx
            if self.label_w <= xx <= vw:
                p.drawLine(QPointF(xx, body_top), QPointF(xx, vh))
        # milestones as faint lines
        # (a line per milestone only while there are few: many would hide the bars)
        if len(self.milestones) <= MAX_MILESTONE_LINES:
            ms_colour = QColor("#CC79A7")
            ms_colour.setAlpha(150)
            p.setPen(QPen(ms_colour, 1, Qt.PenStyle.DashLine))
            for x, _label in self.milestone_marks():
                xx = x - sx
                p.drawLine(QPointF(xx, body_top), QPointF(xx, vh))
        # dependencies (only where a visible row is involved)
        dep_pen = QPen(QColor(mid.red(), mid.green(), mid.blue(), 200), 1.2)
        for i in range(first, last):
            r = self.rows[i]
            if not r.depends_on:
                continue
            target = self.bar_rect(r.measure_id)
            if target is None:
                continue
            for dep in r.depends_on:
                src = self.bar_rect(dep)
                if src is None:
                    continue
                a = QPointF(src.right() - sx, src.center().y() - sy)
                b = QPointF(target.left() - sx, target.center().y() - sy)
                path = QPainterPath(a)
                elbow = max(a.x() + 6, b.x() - 10)
                path.lineTo(elbow, a.y())
                path.lineTo(elbow, b.y())
                path.lineTo(b)
                p.setPen(dep_pen)
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawPath(path)
                p.setBrush(dep_pen.color())
                p.drawPolygon(
                    QPolygonF([b, QPointF(b.x() - 6, b.y() - 3.5), QPointF(b.x() - 6, b.y() + 3.5)])
                )
        # bars
        small = style.scaled_font(self.font(), 0.9)
        p.setFont(small)
        sfm = QFontMetricsF(small)
        for i in range(first, last):
            r = self.rows[i]
            rect = self.bar_rect(r.measure_id)
            y = body_top + i * self.row_h - sy
            if rect is None:
                p.setPen(muted)
                p.drawText(
                    QRectF(self.label_w + 8, y, vw, self.row_h),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    _t("Uten start og frist"),
                )
                continue
            rect = rect.translated(-sx, -sy)
            colour = STATUS_BAR[r.status]
            if r.overdue:
                colour = STATUS_BAR[MeasureStatus.FORSINKET]
            light = QColor(colour)
            light.setAlpha(70)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(light)
            p.drawRoundedRect(rect, 3, 3)
            if r.progress > 0 and r.start is not None and r.end is not None:
                done = QRectF(
                    rect.left(), rect.top(), rect.width() * r.progress / 100, rect.height()
                )
                p.setBrush(colour)
                p.drawRoundedRect(done, 3, 3)
            outline = QPen(colour, 2 if (r.overdue or r.risk) else 1)
            if r.risk and not r.overdue:
                outline = QPen(RISK_COLOUR, 2, Qt.PenStyle.DashLine)
            if r.status is MeasureStatus.AVBRUTT:
                outline.setStyle(Qt.PenStyle.DotLine)
            p.setPen(outline)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(rect, 3, 3)
            words = f"{r.progress} %"
            if r.overdue:
                words += " · " + _t("Forsinket")
            elif r.risk:
                words += " · " + _t("I faresonen")
            elif r.status is not MeasureStatus.PAGAR:
                words += " · " + r.status.label
            if r.start is None:
                words = _t("frist ") + format_date(r.end) + " · " + words
            p.setPen(style.overdue_fg(pal) if r.overdue else text_c)
            p.drawText(
                QRectF(rect.right() + 6, y, sfm.horizontalAdvance(words) + 8, self.row_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                words,
            )
        # today's line
        tx = self.today_x() - sx
        p.setPen(QPen(QColor("#D55E00"), 2))
        p.drawLine(QPointF(tx, body_top), QPointF(tx, vh))
        p.restore()

        # -- labels column
        p.save()
        p.setClipRect(QRectF(0, body_top, self.label_w, vh - body_top))
        p.fillRect(QRectF(0, body_top, self.label_w, vh), base)
        p.setFont(self.font())
        for i in range(first, last):
            r = self.rows[i]
            y = body_top + i * self.row_h - sy
            if i % 2:
                p.fillRect(QRectF(0, y, self.label_w, self.row_h), alt)
            chosen = r.measure_id == self.current
            if chosen:
                p.fillRect(
                    QRectF(0, y, self.label_w, self.row_h), pal.color(QPalette.ColorRole.Highlight)
                )
            p.setPen(
                pal.color(QPalette.ColorRole.HighlightedText)
                if chosen
                else (style.overdue_fg(pal) if r.overdue else text_c)
            )
            label = f"{r.code}  {r.title}"
            p.drawText(
                QRectF(8, y, self.label_w - 14, self.row_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                fm.elidedText(label, Qt.TextElideMode.ElideRight, self.label_w - 16),
            )
        p.restore()
        p.setPen(QPen(mid, 1))
        p.drawLine(QPointF(self.label_w - 0.5, 0), QPointF(self.label_w - 0.5, vh))

        # -- header
        p.fillRect(QRectF(0, 0, vw, self.header_h), pal.color(QPalette.ColorRole.Window))
        p.setPen(QPen(mid, 1))
        p.drawLine(QPointF(0, self.header_h - 0.5), QPointF(vw, self.header_h - 0.5))
        p.setPen(text_c)
        p.setFont(style.scaled_font(self.font(), 1.0, bold=True))
        p.drawText(
            QRectF(8, 0, self.label_w - 12, fm.height() + 8),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            _t("Tiltak"),
        )
        p.setFont(small)
        p.setPen(muted)
        p.drawText(
            QRectF(8, fm.height() * 2 + 10, self.label_w - 12, fm.height() + 8),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            _t("Milepæler ◆"),
        )
        p.save()
        p.setClipRect(QRectF(self.label_w, 0, vw - self.label_w, self.header_h))
        p.setFont(self.font())
        ticks = self.month_ticks()
        for n, (x, label) in enumerate(ticks):
            xx = x - sx
            next_x = (ticks[n + 1][0] - sx) if n + 1 < len(ticks) else xx + 30 * self.px_per_day
            p.setPen(QPen(mid, 1))
            p.drawLine(QPointF(xx, fm.height() + 4), QPointF(xx, fm.height() * 2 + 10))
            p.setPen(text_c)
            width = next_x - xx
            text = label if fm.horizontalAdvance(label) + 6 < width else label[:1]
            if fm.horizontalAdvance(text) + 4 < width:
                p.drawText(
                    QRectF(xx + 3, fm.height() + 4, width - 4, fm.height() + 6),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    text,
                )
        # today label
        tx = self.today_x() - sx
        p.setPen(QColor("#D55E00"))
        p.setFont(style.scaled_font(self.font(), 0.9, bold=True))
        p.drawText(
            QRectF(tx - 40, 2, 80, fm.height() + 2), Qt.AlignmentFlag.AlignCenter, _t("I dag")
        )
        p.setPen(QPen(QColor("#D55E00"), 2))
        p.drawLine(QPointF(tx, fm.height() + 4), QPointF(tx, self.header_h))
        # milestones: diamonds with labels, staggered so neighbours do not collide
        p.setFont(small)
        y_ms = fm.height() * 2 + 10 + (fm.height() + 8) / 2
        marks = list(zip(self.milestone_marks(), self.milestones, strict=False))
        s = 6.0
        for (x, _title), m in marks:
            xx = x - sx
            diamond = QPolygonF(
                [
                    QPointF(xx, y_ms - s),
                    QPointF(xx + s, y_ms),
                    QPointF(xx, y_ms + s),
                    QPointF(xx - s, y_ms),
                ]
            )
            p.setPen(QPen(QColor("#CC79A7"), 1.5))
            p.setBrush(QColor("#CC79A7") if m.is_done else base)
            p.drawPolygon(diamond)
        # a label gets the room up to the next diamond (elided); too little room, none
        p.setPen(text_c)
        xs = sorted(x - sx for (x, _t2), _m in marks)
        for (x, title), _m in marks:
            xx = x - sx
            nxt = next((v for v in xs if v > xx + 0.5), xx + 260)
            room = min(nxt - xx - s * 2 - 6, 200)
            if room < 28:
                continue
            label = sfm.elidedText(title, Qt.TextElideMode.ElideRight, room)
            p.drawText(
                QRectF(xx + s + 3, y_ms - sfm.height() / 2, room + 2, sfm.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
        p.restore()
        if self.hasFocus():
            p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 1, Qt.PenStyle.DotLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(0.5, 0.5, vw - 1, vh - 1))

    # -- input ---------------------------------------------------------------------------------
    def row_at(self, y: float) -> int | None:
        if y < self.header_h:
            return None
        i = int((y - self.header_h + self.verticalScrollBar().value()) // self.row_h)
        return i if 0 <= i < len(self.rows) else None

    def set_current(self, measure_id: int | None) -> None:
        if measure_id == self.current:
            return
        self.current = measure_id
        if measure_id is not None:
            self.ensure_visible(measure_id)
            self.current_changed.emit(measure_id)
        self.viewport().update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        i = self.row_at(event.position().y())
        if i is not None:
            self.set_current(self.rows[i].measure_id)
        self.setFocus(Qt.FocusReason.MouseFocusReason)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        i = self.row_at(event.position().y())
        if i is not None:
            self.activated.emit(self.rows[i].measure_id)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.set_zoom(self.px_per_day * (1.25 if event.angleDelta().y() > 0 else 0.8))
            return
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            hs = self.horizontalScrollBar()
            hs.setValue(hs.value() - event.angleDelta().y())
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers()
        if (
            key
            in (
                Qt.Key.Key_Up,
                Qt.Key.Key_Down,
                Qt.Key.Key_PageUp,
                Qt.Key.Key_PageDown,
                Qt.Key.Key_Home,
                Qt.Key.Key_End,
            )
            and self.rows
            and not mods & Qt.KeyboardModifier.ControlModifier
        ):
            i = self._row_of.get(self.current, -1) if self.current is not None else -1
            page = max((self.viewport().height() - self.header_h) // self.row_h - 1, 1)
            steps: dict[int, int] = {
                Qt.Key.Key_Up: -1,
                Qt.Key.Key_Down: 1,
                Qt.Key.Key_PageUp: -page,
                Qt.Key.Key_PageDown: page,
            }
            step = steps.get(key)
            if key == Qt.Key.Key_Home:
                i = 0
            elif key == Qt.Key.Key_End:
                i = len(self.rows) - 1
            else:
                assert step is not None
                i = min(max(i + step, 0), len(self.rows) - 1)
            self.set_current(self.rows[i].measure_id)
            rect = self.bar_rect(self.rows[i].measure_id)
            if rect is not None:
                hs = self.horizontalScrollBar()
                vis_l = hs.value() + self.label_w
                vis_r = hs.value() + self.viewport().width()
                if rect.left() < vis_l or rect.left() > vis_r - 40:
                    hs.setValue(round(rect.left() - self.label_w - 40))
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current is not None:
            self.activated.emit(self.current)
            return
        if (
            key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal)
            and mods & Qt.KeyboardModifier.ControlModifier
        ):
            self.set_zoom(self.px_per_day * 1.25)
            return
        if key == Qt.Key.Key_Minus and mods & Qt.KeyboardModifier.ControlModifier:
            self.set_zoom(self.px_per_day * 0.8)
            return
        if key == Qt.Key.Key_T and not mods:
            self.scroll_to_today()
            return
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            hs = self.horizontalScrollBar()
            hs.setValue(hs.value() + (-1 if key == Qt.Key.Key_Left else 1) * hs.singleStep() * 2)
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self.current is None and self.rows:
            self.set_current(self.rows[0].measure_id)
        self.viewport().update()
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.viewport().update()
        super().focusOutEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(900, 500)


# =========================================================================== the tab
class HandlingsplanTab(ProjectPage):
    REVEALS = ()

    def __init__(
        self,
        ctx: ProjectContext,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(ctx, parent)
        self.today = today
        self.items: list[PlanItem] = []
        self.total = 0
        self.open_measure: Callable[[int], None] = lambda _mid: None
        self.last_export: Path | None = None
        self.last_pdf: Path | None = None
        self._in_plan_default_set = False
        self._loading = False

        # -- filters ----------------------------------------------------------------------------
        self.text_edit = QLineEdit(self)
        self.text_edit.setPlaceholderText(_t("Søk i kode, tittel, ansvarlig … (Ctrl+F)"))
        self.text_edit.setClearButtonEnabled(True)
        self.text_edit.setAccessibleName(_t("Søk i handlingsplanen"))
        self.status_combo = QComboBox(self)
        self.status_combo.setAccessibleName(_t("Filtrer på status"))
        self.status_combo.addItem(_t("Alle statuser"), "")
        self.status_combo.addItem(_t("Åpne (ikke fullført/avbrutt)"), "open")
        for s in MeasureStatus:
            self.status_combo.addItem(s.label, s.value)
        self.owner_combo = QComboBox(self)
        self.owner_combo.setAccessibleName(_t("Filtrer på ansvarlig"))
        self.owner_combo.setMinimumContentsLength(14)
        self.owner_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.area_combo = QComboBox(self)
        self.area_combo.setAccessibleName(_t("Filtrer på område"))
        self.area_combo.addItem(_t("Alle områder"), None)
        for aid, name in measures_service.known_areas().items():
            self.area_combo.addItem(name, aid)
        self.area_combo.addItem(_t("Generelt (uten område)"), "")
        self.area_combo.setMinimumContentsLength(14)
        self.area_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.overdue_check = QCheckBox(_t("Bare &forsinkede"), self)
        self.risk_check = QCheckBox(_t("Bare forsinkede og i fa&resonen"), self)
        self.in_plan_check = QCheckBox(_t("Bare &vedtatte"), self)
        self.in_plan_check.setToolTip(_t("Bare tiltak som er vedtatt inn i handlingsplanen"))
        for w in (self.status_combo, self.owner_combo, self.area_combo):
            w.currentIndexChanged.connect(lambda _i: self._filters_changed())
        for c in (self.overdue_check, self.risk_check, self.in_plan_check):
            c.toggled.connect(lambda _c: self._filters_changed())
        self.text_edit.textChanged.connect(lambda _t_: self._filters_changed())
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self._focus_filter)

        # -- actions -----------------------------------------------------------------------------
        self.export_button = self.button(
            _t("Eksporter til Excel…"), _t("Lagre handlingsplanen som Excel-fil"), edits=False
        )
        self.import_button = self.button(
            _t("Importer fra Excel…"),
            _t("Les inn endringer fra en oppdatert Excel-fil og gå gjennom dem"),
        )
        self.report_button = self.button(
            _t("Lag statusrapport (PDF)…"), _t("Statusrapport til styringsgruppen"), edits=False
        )
        self.export_button.clicked.connect(self.export_excel)
        self.import_button.clicked.connect(self.import_excel)
        self.report_button.clicked.connect(self.make_report)
        self.summary_label = style.hint("")
        self.summary_label.setWordWrap(False)

        # -- table --------------------------------------------------------------------------------
        self.model: RecordTableModel[PlanItem] = RecordTableModel(
            plan_columns(),
            key=lambda it: it.measure.id,
            row_background=lambda it: (
                style.overdue_bg() if it.overdue else (risk_bg() if it.at_risk else None)
            ),
            parent=self,
        )
        self.proxy = FilterProxy(self.model, self)
        self.table = make_table(self.proxy, self)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName(_t("Handlingsplan"))
        self.table.doubleClicked.connect(lambda _i: self._open_current())
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.empty = EmptyOverlay(self.table, "")
        SearchKeys(self.text_edit, self.table)
        from ui.widgets.keys import ListKeys

        ListKeys(self.table, edit=self._open_current)

        # -- gantt -------------------------------------------------------------------------------------
        self.gantt = GanttView(self)
        self.gantt.activated.connect(lambda mid: self.open_measure(mid))
        self.gantt.current_changed.connect(lambda mid: select_keys(self.table, [mid]))
        self.today_button = self.button(
            _t("Gå til i dag"), _t("Vis dagens dato i tidslinjen (T)"), edits=False
        )
        self.today_button.clicked.connect(self.gantt.scroll_to_today)
        self.zoom_in = self.button(_t("Zoom inn"), _t("Ctrl++ eller Ctrl+hjul"), edits=False)
        self.zoom_out = self.button(_t("Zoom ut"), _t("Ctrl+−"), edits=False)
        self.zoom_in.clicked.connect(lambda: self.gantt.set_zoom(self.gantt.px_per_day * 1.25))
        self.zoom_out.clicked.connect(lambda: self.gantt.set_zoom(self.gantt.px_per_day * 0.8))
        gantt_page = QWidget()
        gv = QVBoxLayout(gantt_page)
        gv.setContentsMargins(0, 6, 0, 0)
        gbar = QHBoxLayout()
        gbar.addWidget(
            style.hint(
                _t(
                    "Fylt del = fremdrift. Rød strek = i dag, ◆ = milepæl, grå piler = avhengigheter. "
                    "Pil opp/ned velger, Enter åpner tiltaket."
                )
            ),
            1,
        )
        gbar.addWidget(self.today_button)
        gbar.addWidget(self.zoom_out)
        gbar.addWidget(self.zoom_in)
        gv.addLayout(gbar)
        gv.addWidget(self.gantt, 1)

        self.views = QTabWidget(self)
        self.views.setDocumentMode(True)
        self.views.addTab(self.table, _t("Tabell"))
        self.views.addTab(gantt_page, _t("Tidslinje"))
        self.views.currentChanged.connect(self._view_changed)

        filters = QHBoxLayout()
        filters.addWidget(self.text_edit, 2)
        filters.addWidget(self.status_combo, 1)
        filters.addWidget(self.owner_combo, 1)
        filters.addWidget(self.area_combo, 1)
        checks = QHBoxLayout()
        checks.addWidget(self.overdue_check)
        checks.addWidget(self.risk_check)
        checks.addWidget(self.in_plan_check)
        checks.addStretch(1)
        checks.addWidget(self.export_button)
        checks.addWidget(self.import_button)
        checks.addWidget(self.report_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.addLayout(filters)
        layout.addLayout(checks)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.views, 1)
        order: list[QWidget] = [
            self.text_edit,
            self.status_combo,
            self.owner_combo,
            self.area_combo,
            self.overdue_check,
            self.risk_check,
            self.in_plan_check,
            self.export_button,
            self.import_button,
            self.report_button,
            self.views,
            self.table,
        ]
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a, b)
        self.refresh()

    # ------------------------------------------------------------------ loading
    def _focus_filter(self) -> None:
        self.text_edit.setFocus()
        self.text_edit.selectAll()

    def current_filter(self) -> PlanFilter:
        status = self.status_combo.currentData()
        if status == "open":
            statuses = frozenset(s for s in MeasureStatus if not s.closed)
        elif status:
            statuses = frozenset({MeasureStatus(status)})
        else:
            statuses = frozenset()
        return PlanFilter(
            statuses=statuses,
            responsible_id=self.owner_combo.currentData(),
            area=self.area_combo.currentData(),
            overdue_only=self.overdue_check.isChecked(),
            at_risk_only=self.risk_check.isChecked(),
            in_plan=True if self.in_plan_check.isChecked() else None,
            text=self.text_edit.text(),
        )

    def reload(self) -> None:
        project = self.ctx.project
        today = self.today()
        everything = measures_service.handlingsplan(project, today=today)
        self.total = len(everything)
        if not self._in_plan_default_set and everything:
            self._in_plan_default_set = True
            self.in_plan_check.blockSignals(True)
            self.in_plan_check.setChecked(any(it.measure.in_plan for it in everything))
            self.in_plan_check.blockSignals(False)
        # the owner filter lists the people who are responsible for something
        owners = sorted(
            {
                (it.measure.responsible_id, it.responsible_name)
                for it in everything
                if it.measure.responsible_id
            },
            key=lambda o: sort_key(o[1]),
        )
        chosen = self.owner_combo.currentData()
        self.owner_combo.blockSignals(True)
        self.owner_combo.clear()
        self.owner_combo.addItem(_t("Alle ansvarlige"), None)
        for pid, name in owners:
            self.owner_combo.addItem(name, pid)
        self.owner_combo.setCurrentIndex(max(self.owner_combo.findData(chosen), 0) if chosen else 0)
        self.owner_combo.blockSignals(False)
        self._apply_filter(everything, today)
        self._milestones = phases_service.list_milestones(project)
        self._push_gantt(today)

    _milestones: list[Milestone] = []

    def _apply_filter(
        self, everything: Sequence[PlanItem] | None = None, today: date | None = None
    ) -> None:
        today = today or self.today()
        filt = self.current_filter()
        if everything is None:
            self.items = measures_service.handlingsplan(self.ctx.project, filt, today=today)
        elif filt == PlanFilter():
            self.items = list(everything)
        else:
            self.items = measures_service.handlingsplan(self.ctx.project, filt, today=today)
        key = current_key(self.table)
        self.model.set_rows(self.items)
        if key is not None:
            select_keys(self.table, [key])
        overdue = sum(1 for it in self.items if it.overdue)
        risk = sum(1 for it in self.items if it.at_risk)
        parts = [
            _t("Viser {n} av {total} tiltak").format(
                n=format_int(len(self.items)), total=format_int(self.total)
            )
        ]
        if overdue:
            parts.append(_t("{n} forsinket").format(n=overdue))
        if risk:
            parts.append(_t("{n} i faresonen").format(n=risk))
        self.summary_label.setText(" · ".join(parts))
        if self.total == 0:
            self.empty.set_text(
                _t(
                    "Ingen tiltak ennå. Lag tiltak under «Tiltak» (Ctrl+N), prioriter dem og registrer beslutningen om handlingsplanen."
                )
            )
        else:
            self.empty.set_text(_t("Ingen tiltak passer til filtrene."))
        self.gantt.empty_text = self.empty._text

    def _push_gantt(self, today: date | None = None) -> None:
        if self.views.currentIndex() != 1 and not getattr(self, "_gantt_dirty_ok", False):
            self._gantt_stale = True
            return
        self._gantt_stale = False
        self.gantt.set_plan(
            [GanttRow.of(it) for it in self.items], self._milestones, today or self.today()
        )

    _gantt_stale = True

    def _filters_changed(self) -> None:
        self._apply_filter()
        self._push_gantt()

    def _view_changed(self, index: int) -> None:
        if index == 1 and self._gantt_stale:
            first = not self.gantt.rows
            self._push_gantt()
            if first:
                self.gantt.scroll_to_today()
        if index == 1:
            key = current_key(self.table)
            if isinstance(key, int):
                self.gantt.set_current(key)

    def show_gantt(self) -> None:
        self.views.setCurrentIndex(1)

    def _open_current(self) -> None:
        key = current_key(self.table)
        if isinstance(key, int):
            self.open_measure(key)

    def set_filters(self, **kw: object) -> None:
        """For tests and links: status/overdue/at_risk/in_plan/text."""
        if "status" in kw:
            v = kw["status"]
            self.status_combo.setCurrentIndex(
                max(self.status_combo.findData(getattr(v, "value", v) or ""), 0)
            )
        if "overdue" in kw:
            self.overdue_check.setChecked(bool(kw["overdue"]))
        if "at_risk" in kw:
            self.risk_check.setChecked(bool(kw["at_risk"]))
        if "in_plan" in kw:
            self.in_plan_check.setChecked(bool(kw["in_plan"]))
        if "text" in kw:
            self.text_edit.setText(str(kw["text"]))

    def update_actions(self) -> None:
        self.import_button.setEnabled(self.writable and self.total > 0)
        self.export_button.setEnabled(self.total > 0)
        self.report_button.setEnabled(self.total > 0)

    # ------------------------------------------------------------------ files
    def _base_folder(self) -> Path:
        path = getattr(self.ctx.project, "path", None)
        return (
            Path(path).parent
            if path
            else Path(
                QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            )
        )

    def _kommune(self) -> str:
        return project_service.project_info(self.ctx.project).kommune.navn

    def export_excel(self) -> None:
        start = self.last_export or self._base_folder() / _t("Handlingsplan {k}.xlsx").format(
            k=self._kommune()
        )
        path = ask_save_path(
            self, _t("Eksporter handlingsplanen"), start, _t("Excel-arbeidsbok (*.xlsx)")
        )
        if not path:
            return
        out = Path(path)
        if out.suffix.lower() != ".xlsx":
            out = out.with_name(out.name + ".xlsx")
        self.last_export = out
        project = self.ctx.project
        from nvk_desktop.services import plan_excel

        self.ctx.runner.run(
            _t("Eksporterer handlingsplanen"),
            lambda _p: plan_excel.export_plan(project, out, today=self.today()),
            self.export_done,
        )

    def export_done(self, result: ExportResult) -> None:
        path, n = Path(result.path), result.measures
        offer_open(
            self,
            _t("Handlingsplanen er eksportert"),
            _t(
                "{n} tiltak er lagret i {name}. Endre status, fremdrift og datoer i Excel og les filen inn igjen med «Importer fra Excel…»."
            ).format(n=format_int(n), name=path.name),
            path,
        )

    def import_excel(self) -> None:
        if not self.writable:
            return
        if not self.flush():
            return
        start = self.last_export or self._base_folder()
        path = ask_open_path(
            self, _t("Importer handlingsplan fra Excel"), start, _t("Excel-arbeidsbok (*.xlsx)")
        )
        if not path:
            return
        project = self.ctx.project
        from nvk_desktop.services import plan_excel

        self.ctx.runner.run(
            _t("Leser handlingsplanen"),
            lambda _p: plan_excel.read_plan_changes(project, path),
            self.review_import,
        )

    def review_import(self, found: object) -> None:
        from ui.pages.plan_import import PlanImportDialog

        dlg = PlanImportDialog(self.ctx, found, parent=self)  # type: ignore[arg-type]
        self.import_dialog = dlg
        dlg.exec()

    def make_report(self) -> None:
        start = self.last_pdf or self._base_folder() / _t("Statusrapport {k} {d}.pdf").format(
            k=self._kommune(), d=self.today().strftime("%Y-%m-%d")
        )
        path = ask_save_path(self, _t("Lag statusrapport"), start, _t("PDF-dokument (*.pdf)"))
        if not path:
            return
        out = Path(path)
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
        self.last_pdf = out
        project = self.ctx.project
        today = self.today()
        from nvk_desktop.services import measure_documents

        self.ctx.runner.run(
            _t("Lager statusrapport"),
            lambda _p: measure_documents.make_statusrapport(
                project, out, today, save_snapshot=False
            ),
            lambda p: self.report_done(Path(p), today),
        )

    def report_done(self, path: Path, today: date) -> None:
        # The snapshot that lets the next report say what changed is a change of its
        # own (one undo step), made here on the GUI thread.
        if self.writable:
            project = self.ctx.project
            self.ctx.perform(lambda: measures_service.save_status_snapshot(project, today))
        offer_open(
            self,
            _t("Statusrapporten er laget"),
            _t("Statusrapporten er lagret som {name}.").format(name=path.name),
            path,
        )


__all__ = ["GanttRow", "GanttView", "HandlingsplanTab"]
