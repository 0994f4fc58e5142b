"""Resultater: a survey's figures per area, item and group, importance against
satisfaction, and the change from the baseline (issue 4, points 5 and 6).

An inner tab of Spørreundersøkelser: the host calls ``set_survey(id)``. The results
are computed off the GUI thread through the project's runner (a follow-up reads two
surveys), and so are the charts (matplotlib takes up to a few seconds for the
quadrant); the tables fill as soon as the figures are there.

These are the consultant's own results, so nothing is suppressed here except the
breakdown by background question, where a category with fewer than five answers is
never shown with a number (``survey_breakdown`` hides it; this page shows the reason
instead of any figure).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.analysis.formatting import MINUS, NBSP, format_number, format_percent
from nvk_desktop.analysis.stats import (
    MIN_N,
    Breakdown,
    Change,
    ItemStats,
    Quadrant,
    QuadrantPoint,
)
from nvk_desktop.domain.survey import ItemKind, RespondentGroup
from nvk_desktop.domain.survey_project import (
    BreakdownResult,
    GroupRate,
    ItemResult,
    SurveyResults,
    SurveyRound,
)
from nvk_desktop.services import project as project_service
from nvk_desktop.services import survey_results as results_service
from ui import dialogs
from ui.context import ProjectContext
from ui.models import RIGHT, Column, FilterProxy, RecordTableModel
from ui.widgets import style
from ui.widgets.chart_view import ChartView, Size
from ui.widgets.page import ProjectPage
from ui.widgets.tables import EmptyOverlay, make_table

CONTEXT = "ui.pages.survey_results"

Measure = Literal["index", "mean", "top2"]

VIEW_AREAS, VIEW_ITEMS, VIEW_QUADRANT, VIEW_CHANGE = range(4)

NO_ANSWERS = "Ingen svar ennå – registrer svar eller importer en fil"
NO_SURVEY = "Velg en undersøkelse i listen for å se resultatene."


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


# -- formatting ------------------------------------------------------------------------
def fmt_n(n: int | None) -> str:
    return format_number(n, 0) if n is not None else "–"


def fmt_mean(x: float | None) -> str:
    return format_number(x, 2)


def fmt_index(x: float | None) -> str:
    return format_number(x, 0)


def fmt_share(x: float | None) -> str:
    return format_percent(x, 0)


def fmt_signed(x: float | None, decimals: int, suffix: str = "") -> str:
    if x is None:
        return "–"
    text = format_number(x, decimals)
    if not text.startswith(MINUS) and text.strip("0," + NBSP) != "":
        text = "+" + text
    return text + suffix


def measure_value(st: ItemStats | None, measure: Measure) -> float | None:
    if st is None or st.suppressed:
        return None
    return {"index": st.index, "mean": st.mean, "top2": st.top2}[measure]


def fmt_measure(x: float | None, measure: Measure) -> str:
    return {"index": fmt_index, "mean": fmt_mean, "top2": fmt_share}[measure](x)


def gap_text(x: float | None, measure: Measure) -> str:
    if measure == "index":
        return fmt_signed(x, 0)
    if measure == "mean":
        return fmt_signed(x, 2)
    return fmt_signed(None if x is None else x * 100, 0, f"{NBSP}%-poeng")


def _num(x: float | None) -> tuple[bool, float]:
    """Sort key: numbers ascending, missing last."""
    return (x is None, x if x is not None else 0.0)


def measure_names() -> dict[str, str]:
    return {
        "index": tr("Indeks 0–100"),
        "mean": tr("Gjennomsnitt"),
        "top2": tr("Andel gode svar"),
    }


# -- records ---------------------------------------------------------------------------
@dataclass(frozen=True)
class AreaRow:
    area: str
    name: str
    position: int
    group: RespondentGroup
    group_position: int
    stats: ItemStats
    rate: GroupRate | None
    gap: float | None  # this group − næringsliv on the chosen measure

    @property
    def id(self) -> tuple[str, str]:
        return (self.area, self.group.value)


@dataclass(frozen=True)
class ItemRow:
    item: ItemResult
    position: int
    area_name: str
    text: str

    @property
    def id(self) -> str:
        return self.item.key


@dataclass(frozen=True)
class BreakdownRow:
    category: str
    stats: ItemStats
    reason: str | None
    total: bool = False

    @property
    def id(self) -> str:
        return ("\x00" if self.total else "") + self.category


@dataclass(frozen=True)
class QuadrantRow:
    point: QuadrantPoint

    @property
    def id(self) -> str:
        return self.point.area


@dataclass(frozen=True)
class ChangeRow:
    key: str
    label: str
    is_area: bool
    position: int
    group: RespondentGroup
    group_position: int
    change: Change

    @property
    def id(self) -> tuple[str, str]:
        return (self.key, self.group.value)


def stats_cell(st: ItemStats, fmt: Callable[[ItemStats], str]) -> str:
    """A figure, or nothing at all when the stats are hidden (never a number)."""
    if st.suppressed:
        return "–"
    return fmt(st)


def n_cell(st: ItemStats) -> str:
    return f"n{NBSP}<{NBSP}{MIN_N}" if st.suppressed else fmt_n(st.n)


def _muted() -> QColor:
    return style.muted_fg()


class AdaptiveSplitter(QSplitter):
    """Table and chart side by side when there is room (a 1920 projector), one above
    the other on a 1366 laptop, so that neither the table's columns nor the chart's
    text get squeezed. ``inner`` (optional) takes the other orientation."""

    def __init__(
        self,
        first: QWidget,
        second: QWidget,
        *,
        threshold: int = 1400,
        side: tuple[int, int] = (1, 1),
        stacked: tuple[int, int] = (1, 1),
        inner: QSplitter | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.addWidget(first)
        self.addWidget(second)
        self.setChildrenCollapsible(False)
        self._threshold = threshold
        self._ratios = {Qt.Orientation.Horizontal: side, Qt.Orientation.Vertical: stacked}
        self._inner = inner
        self._placed: Qt.Orientation | None = None

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        wanted = (
            Qt.Orientation.Horizontal
            if self.width() >= self._threshold
            else Qt.Orientation.Vertical
        )
        if wanted != self._placed:
            self._placed = wanted
            self.setOrientation(wanted)
            if self._inner is not None:
                other = (
                    Qt.Orientation.Vertical
                    if wanted == Qt.Orientation.Horizontal
                    else Qt.Orientation.Horizontal
                )
                self._inner.setOrientation(other)
                big = 10_000
                self._inner.setSizes([big * 3 // 5, big * 2 // 5])
            a, b = self._ratios[wanted]
            total = self.width() if wanted == Qt.Orientation.Horizontal else self.height()
            self.setSizes([total * a // (a + b), total * b // (a + b)])


# -- the page --------------------------------------------------------------------------
class SurveyResultsView(ProjectPage):
    def __init__(self, ctx: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.survey_id: int | None = None
        self.results: SurveyResults | None = None
        self._gen = 0
        self._breakdown_gen = 0
        self._is_example = False
        self.last_pdf: Path | None = None

        # top bar
        self.view_combo = QComboBox(self)
        self.view_combo.addItem(tr("Områder"), VIEW_AREAS)
        self.view_combo.addItem(tr("Spørsmål"), VIEW_ITEMS)
        self.view_combo.addItem(tr("Viktighet mot tilfredshet"), VIEW_QUADRANT)
        self.view_combo.setToolTip(tr("Hva som vises (Alt+V)"))
        self.group_combo = QComboBox(self)
        self.group_combo.setToolTip(tr("Hvilken respondentgruppe som vises (Alt+G)"))
        self.measure_combo = QComboBox(self)
        for value, name in measure_names().items():
            self.measure_combo.addItem(name, value)
        self.measure_combo.setToolTip(
            tr(
                "Indeks: 0 = alle svarte det laveste, 100 = alle svarte det høyeste.\n"
                "Andel gode svar: de to øverste svaralternativene."
            )
        )
        view_label = QLabel(tr("&Vis:"), self)
        view_label.setBuddy(self.view_combo)
        group_label = QLabel(tr("&Gruppe:"), self)
        group_label.setBuddy(self.group_combo)
        measure_label = QLabel(tr("&Mål:"), self)
        measure_label.setBuddy(self.measure_combo)
        self.pdf_button = self.button(
            tr("Lag resultatrapport (PDF)…"),
            tr("Lagre resultatene med diagrammer som PDF (grupper under 5 svar skjules)"),
            edits=False,
        )
        self.pdf_button.clicked.connect(self.make_pdf)
        self.pdf_button.setVisible(_report_maker() is not None)
        bar = QHBoxLayout()
        for w in (view_label, self.view_combo, group_label, self.group_combo):
            bar.addWidget(w)
        bar.addSpacing(8)
        bar.addWidget(measure_label)
        bar.addWidget(self.measure_combo)
        bar.addStretch(1)
        bar.addWidget(self.pdf_button)
        self.summary = style.hint("", self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)

        # the four views
        self.views = QStackedWidget(self)
        self.views.addWidget(self._build_areas())
        self.views.addWidget(self._build_items())
        self.views.addWidget(self._build_quadrant())
        self.views.addWidget(self._build_change())

        self.empty = style.empty_state(tr(NO_SURVEY), self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.content = QWidget(self)
        content = QVBoxLayout(self.content)
        content.setContentsMargins(0, 0, 0, 0)
        content.addLayout(bar)
        content.addWidget(self.summary)
        content.addWidget(self.views, 1)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.view_combo.currentIndexChanged.connect(self._view_changed)
        self.group_combo.currentIndexChanged.connect(self._filters_changed)
        self.measure_combo.currentIndexChanged.connect(self._filters_changed)
        self.set_survey(None)

    # -- building ----------------------------------------------------------------------
    def _table(
        self, model: RecordTableModel[Any], *, sortable: bool = True
    ) -> tuple[QTableView, FilterProxy]:
        proxy = FilterProxy(model, self)
        view = make_table(proxy, self, sortable=sortable)
        view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        return view, proxy

    def _build_areas(self) -> QWidget:
        self.area_model: RecordTableModel[AreaRow] = RecordTableModel(
            self._area_columns("index"), parent=self
        )
        self.area_table, self.area_proxy = self._table(self.area_model)
        self.area_table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.area_chart = ChartView(self.ctx.runner, self)
        self.area_note = style.hint("", self)
        left = QWidget(self)
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.area_table, 1)
        lay.addWidget(self.area_note)
        self.area_split = AdaptiveSplitter(
            left, self.area_chart, side=(10, 11), stacked=(2, 3), parent=self
        )
        return self.area_split

    def _build_items(self) -> QWidget:
        self.item_model: RecordTableModel[ItemRow] = RecordTableModel(
            self._item_columns(None, "index"), parent=self
        )
        self.item_table, self.item_proxy = self._table(self.item_model)
        self.item_table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.item_table.setWordWrap(False)
        self.area_filter = QComboBox(self)
        self.area_filter.setToolTip(tr("Vis bare spørsmålene i ett område"))
        self.area_filter.currentIndexChanged.connect(self._area_filter_changed)
        area_label = QLabel(tr("&Område:"), self)
        area_label.setBuddy(self.area_filter)
        top = QHBoxLayout()
        top.addWidget(area_label)
        top.addWidget(self.area_filter, 1)
        left = QWidget(self)
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.item_table, 1)
        self.item_empty = EmptyOverlay(self.item_table, "")

        self.item_chart = ChartView(self.ctx.runner, self)
        self.breakdown_combo = QComboBox(self)
        self.breakdown_combo.setToolTip(
            tr("Del svarene på spørsmålet opp etter et bakgrunnsspørsmål (Alt+B)")
        )
        self.breakdown_combo.currentIndexChanged.connect(self._breakdown_changed)
        bd_label = QLabel(tr("&Bryt ned etter…"), self)
        bd_label.setBuddy(self.breakdown_combo)
        self.breakdown_model: RecordTableModel[BreakdownRow] = RecordTableModel(
            self._breakdown_columns(), parent=self
        )
        self.breakdown_table, self.breakdown_proxy = self._table(
            self.breakdown_model, sortable=False
        )
        self.breakdown_note = style.hint(
            tr(
                "Grupper med færre enn {n} svar vises aldri med tall, så ingen kan kjennes igjen."
            ).format(n=MIN_N),
            self,
        )
        self.breakdown_empty = EmptyOverlay(self.breakdown_table, "")
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        bd_bar = QHBoxLayout()
        bd_bar.addWidget(bd_label)
        bd_bar.addWidget(self.breakdown_combo, 1)
        bottom = QWidget(self)
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addLayout(bd_bar)
        bl.addWidget(self.breakdown_table, 1)
        bl.addWidget(self.breakdown_note)
        inner = QSplitter(Qt.Orientation.Vertical, self)
        inner.addWidget(self.item_chart)
        inner.addWidget(bottom)
        inner.setStretchFactor(0, 3)
        inner.setStretchFactor(1, 2)
        inner.setChildrenCollapsible(False)
        rl.addWidget(inner)
        split = AdaptiveSplitter(left, right, side=(1, 1), stacked=(2, 3), inner=inner, parent=self)
        self.item_split = split
        sel = self.item_table.selectionModel()
        assert sel is not None
        sel.currentRowChanged.connect(lambda *_: self._item_selected())
        return split

    def _build_quadrant(self) -> QWidget:
        self.quadrant_chart = ChartView(self.ctx.runner, self)
        self.quadrant_model: RecordTableModel[QuadrantRow] = RecordTableModel(
            self._quadrant_columns(), parent=self
        )
        self.quadrant_table, self.quadrant_proxy = self._table(self.quadrant_model)
        self.quadrant_table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.quadrant_note = style.hint("", self)
        self.quadrant_empty = EmptyOverlay(self.quadrant_table, "")
        right = QWidget(self)
        lay = QVBoxLayout(right)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.quadrant_table, 1)
        lay.addWidget(self.quadrant_note)
        return AdaptiveSplitter(
            self.quadrant_chart,
            right,
            threshold=1100,
            side=(1, 1),
            stacked=(3, 2),
            parent=self,
        )

    def _build_change(self) -> QWidget:
        self.change_model: RecordTableModel[ChangeRow] = RecordTableModel(
            self._change_columns("mean", (1, 5)), parent=self
        )
        self.change_table, self.change_proxy = self._table(self.change_model)
        self.change_table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.change_note = style.hint(
            tr(
                "Endringen er T1 minus T0 med et 95 % konfidensintervall. Går intervallet "
                "gjennom 0, kan endringen skyldes tilfeldigheter. Svarene er anonyme, så "
                "rundene sammenlignes som to uavhengige utvalg."
            ),
            self,
        )
        self.change_chart = ChartView(self.ctx.runner, self)
        left = QWidget(self)
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.change_table, 1)
        lay.addWidget(self.change_note)
        return AdaptiveSplitter(
            left, self.change_chart, threshold=1700, side=(3, 2), stacked=(1, 1), parent=self
        )

    # -- columns -----------------------------------------------------------------------
    def _area_columns(self, measure: Measure) -> list[Column[AreaRow]]:
        bold = {"index": 6, "mean": 3, "top2": 4}[measure]

        def col(
            header: str,
            text: Callable[[AreaRow], str],
            sort: Callable[[AreaRow], Any],
            i: int,
            width: int = 70,
            tooltip: str | None = None,
        ) -> Column[AreaRow]:
            return Column(
                header,
                text,
                sort=sort,
                align=RIGHT,
                width=width,
                bold=(lambda r: True) if i == bold else None,
                tooltip=(lambda r: tooltip) if tooltip else None,
            )

        return [
            Column(
                tr("Område"),
                lambda r: r.name,
                sort=lambda r: (r.position, r.group_position),
                width=172,
                tooltip=lambda r: r.name,
                stretch=True,
            ),
            Column(
                tr("Gruppe"),
                lambda r: _short_group(r.group),
                sort=lambda r: r.group_position,
                width=92,
                tooltip=lambda r: r.group.label,
            ),
            col(
                tr("n"),
                lambda r: n_cell(r.stats),
                lambda r: r.stats.n,
                2,
                56,
                tr(
                    "Antall som har svart på minst ett spørsmål i området («vet ikke» ikke medregnet)"
                ),
            ),
            col(
                tr("Snitt"),
                lambda r: stats_cell(r.stats, lambda s: fmt_mean(s.mean)),
                lambda r: _num(r.stats.mean),
                3,
                62,
            ),
            col(
                tr("Topp 2"),
                lambda r: stats_cell(r.stats, lambda s: fmt_share(s.top2)),
                lambda r: _num(r.stats.top2),
                4,
                66,
                tr("Andel som svarte et av de to beste alternativene"),
            ),
            col(
                tr("Bunn 2"),
                lambda r: stats_cell(r.stats, lambda s: fmt_share(s.bottom2)),
                lambda r: _num(r.stats.bottom2),
                5,
                66,
                tr("Andel som svarte et av de to dårligste alternativene"),
            ),
            col(
                tr("Indeks"),
                lambda r: stats_cell(r.stats, lambda s: fmt_index(s.index)),
                lambda r: _num(r.stats.index),
                6,
                60,
                tr("0 = alle svarte det laveste, 100 = alle svarte det høyeste"),
            ),
            col(
                tr("Svar %"),
                lambda r: fmt_share(r.rate.rate) if r.rate is not None else "–",
                lambda r: _num(r.rate.rate if r.rate else None),
                7,
                64,
                tr("Andel av de inviterte i gruppen som svarte (hele undersøkelsen)"),
            ),
            Column(
                tr("Gap"),
                lambda r: (
                    "" if r.group is RespondentGroup.NAERINGSLIV else gap_text(r.gap, measure)
                ),
                sort=lambda r: _num(r.gap),
                align=RIGHT,
                width=110 if measure == "top2" else 60,
                tooltip=lambda r: tr(
                    "Gruppen minus næringslivet på {measure}: positivt betyr at gruppen "
                    "vurderer kommunen bedre enn næringslivet gjør."
                ).format(measure=measure_names()[measure].lower()),
            ),
        ]

    def _item_columns(
        self, group: RespondentGroup | None, measure: Measure
    ) -> list[Column[ItemRow]]:
        cols: list[Column[ItemRow]] = [
            Column(
                tr("Spørsmål"),
                lambda r: r.text,
                sort=lambda r: r.position,
                width=330,
                tooltip=lambda r: r.text,
                stretch=True,
            ),
            Column(tr("Område"), lambda r: r.area_name, width=150, tooltip=lambda r: r.area_name),
        ]
        groups = [group] if group is not None else list(self._groups())

        def st(r: ItemRow, g: RespondentGroup) -> ItemStats | None:
            return r.item.stats.get(g)

        def cell(g: RespondentGroup, f: Callable[[ItemStats], str]) -> Callable[[ItemRow], str]:
            def text(r: ItemRow) -> str:
                s = st(r, g)
                return "" if s is None else stats_cell(s, f)

            return text

        def ncell(g: RespondentGroup) -> Callable[[ItemRow], str]:
            def text(r: ItemRow) -> str:
                s = st(r, g)
                return "" if s is None else n_cell(s)

            return text

        def sort_of(g: RespondentGroup, attr: str) -> Callable[[ItemRow], Any]:
            def key(r: ItemRow) -> Any:
                s = st(r, g)
                return _num(None if s is None or s.suppressed else getattr(s, attr))

            return key

        for g in groups:
            short = _short_group(g)
            if group is not None:
                specs: list[tuple[str, Callable[[ItemStats], str], str, int]] = [
                    (tr("Snitt"), lambda s: fmt_mean(s.mean), "mean", 62),
                    (tr("Topp 2"), lambda s: fmt_share(s.top2), "top2", 66),
                    (tr("Bunn 2"), lambda s: fmt_share(s.bottom2), "bottom2", 66),
                    (tr("Indeks"), lambda s: fmt_index(s.index), "index", 60),
                ]
                cols.append(Column(tr("n"), ncell(g), sort=sort_of(g, "n"), align=RIGHT, width=50))
            else:
                name = {"index": tr("indeks"), "mean": tr("snitt"), "top2": tr("topp 2")}[measure]
                specs = [
                    (
                        f"{short}\n{name}",
                        lambda s, m=measure: fmt_measure(measure_value(s, m), m),  # type: ignore[misc]
                        measure,
                        76,
                    )
                ]
                cols.append(
                    Column(f"{short}\nn", ncell(g), sort=sort_of(g, "n"), align=RIGHT, width=76)
                )
            for header, f, attr, width in specs:
                cols.append(
                    Column(
                        header,
                        cell(g, f),
                        sort=sort_of(g, attr),
                        align=RIGHT,
                        width=width,
                        tooltip=lambda r, g=g: g.label,
                    )
                )
        return cols

    def _breakdown_columns(self) -> list[Column[BreakdownRow]]:
        def fig(f: Callable[[ItemStats], str]) -> Callable[[BreakdownRow], str]:
            return lambda r: stats_cell(r.stats, f)

        return [
            Column(
                tr("Kategori"),
                lambda r: r.category,
                width=200,
                bold=lambda r: r.total,
                tooltip=lambda r: r.category,
            ),
            Column(tr("n"), lambda r: n_cell(r.stats), align=RIGHT, width=56),
            Column(tr("Snitt"), fig(lambda s: fmt_mean(s.mean)), align=RIGHT, width=62),
            Column(tr("Topp 2"), fig(lambda s: fmt_share(s.top2)), align=RIGHT, width=66),
            Column(tr("Indeks"), fig(lambda s: fmt_index(s.index)), align=RIGHT, width=60),
            Column(
                tr("Merknad"),
                lambda r: r.reason or "",
                stretch=True,
                foreground=lambda r: _muted(),
                tooltip=lambda r: r.reason,
            ),
        ]

    def _quadrant_columns(self) -> list[Column[QuadrantRow]]:
        return [
            Column(tr("Område"), lambda r: r.point.area, width=190, tooltip=lambda r: r.point.area),
            Column(
                tr("Viktighet"),
                lambda r: fmt_index(r.point.importance),
                sort=lambda r: r.point.importance,
                align=RIGHT,
                width=76,
                tooltip=lambda r: tr("Indeks 0–100 for viktighet"),
            ),
            Column(
                tr("Tilfredshet"),
                lambda r: fmt_index(r.point.satisfaction),
                sort=lambda r: r.point.satisfaction,
                align=RIGHT,
                width=84,
                tooltip=lambda r: tr("Indeks 0–100 for tilfredshet"),
            ),
            Column(
                tr("n"), lambda r: fmt_n(r.point.n), sort=lambda r: r.point.n, align=RIGHT, width=50
            ),
            Column(
                tr("Kvadrant"),
                lambda r: r.point.quadrant.label,
                sort=lambda r: list(Quadrant).index(r.point.quadrant),
                bold=lambda r: r.point.quadrant.name == "ACT_FIRST",
                tooltip=lambda r: r.point.quadrant.label,
                stretch=True,
            ),
        ]

    def _change_columns(self, measure: Measure, scale: tuple[int, int]) -> list[Column[ChangeRow]]:
        span = scale[1] - scale[0]

        def level(st: ItemStats) -> str:
            return fmt_measure(measure_value(st, measure), measure)

        def diff(c: Change) -> str:
            if c.suppressed:
                return "–"
            if measure == "index":
                return fmt_signed(c.index_diff, 0)
            if measure == "top2":
                return gap_text(c.top2_diff, "top2")
            return fmt_signed(c.mean_diff, 2)

        def ci(c: Change) -> str:
            if c.suppressed or c.ci_low is None or c.ci_high is None:
                return "–"
            f = 100 / span if measure == "index" else 1.0
            d = 0 if measure == "index" else 2
            return f"{fmt_signed(c.ci_low * f, d)} til {fmt_signed(c.ci_high * f, d)}"

        ci_header = tr("95 % KI (indeks)") if measure == "index" else tr("95 % KI (snitt)")
        return [
            Column(
                tr("Område / spørsmål"),
                lambda r: r.label if r.is_area else "    " + r.label,
                sort=lambda r: (r.position, r.group_position),
                bold=lambda r: r.is_area,
                width=250,
                tooltip=lambda r: r.label,
            ),
            Column(
                tr("Gruppe"),
                lambda r: _short_group(r.group),
                sort=lambda r: r.group_position,
                width=92,
                tooltip=lambda r: r.group.label,
            ),
            Column(
                tr("n T0"),
                lambda r: fmt_n(r.change.t0.n),
                sort=lambda r: r.change.t0.n,
                align=RIGHT,
                width=54,
            ),
            Column(
                tr("n T1"),
                lambda r: fmt_n(r.change.t1.n),
                sort=lambda r: r.change.t1.n,
                align=RIGHT,
                width=54,
            ),
            Column(
                tr("T0"),
                lambda r: level(r.change.t0),
                sort=lambda r: _num(measure_value(r.change.t0, measure)),
                align=RIGHT,
                width=58,
            ),
            Column(
                tr("T1"),
                lambda r: level(r.change.t1),
                sort=lambda r: _num(measure_value(r.change.t1, measure)),
                align=RIGHT,
                width=58,
            ),
            Column(
                tr("Endring"),
                lambda r: diff(r.change),
                sort=lambda r: _num(r.change.mean_diff),
                align=RIGHT,
                bold=lambda r: not r.change.suppressed and r.change.ci_includes_zero is False,
                width=110 if measure == "top2" else 70,
            ),
            Column(ci_header, lambda r: ci(r.change), align=RIGHT, width=140),
            Column(
                tr("Merknad"),
                lambda r: r.change.caution or "",
                tooltip=lambda r: r.change.caution,
                width=300,
                stretch=True,
            ),
        ]

    # -- state -------------------------------------------------------------------------
    def _groups(self) -> Sequence[RespondentGroup]:
        return self.results.survey.group_values if self.results is not None else ()

    @property
    def group(self) -> RespondentGroup | None:
        value = self.group_combo.currentData()
        return RespondentGroup(value) if value else None

    @property
    def measure(self) -> Measure:
        value = self.measure_combo.currentData()
        return value if value in ("index", "mean", "top2") else "index"

    @property
    def current_view(self) -> int:
        return int(self.view_combo.currentData() or 0)

    def set_view(self, view: int) -> None:
        i = self.view_combo.findData(view)
        if i >= 0:
            self.view_combo.setCurrentIndex(i)

    def set_group(self, group: RespondentGroup | None) -> None:
        i = self.group_combo.findData(group.value if group else "")
        if i >= 0:
            self.group_combo.setCurrentIndex(i)

    def set_measure(self, measure: Measure) -> None:
        self.measure_combo.setCurrentIndex(max(self.measure_combo.findData(measure), 0))

    def chart_group(self) -> RespondentGroup | None:
        """The one group a per-group chart shows: the chosen one, else næringsliv."""
        if self.group is not None:
            return self.group
        groups = self._groups()
        if RespondentGroup.NAERINGSLIV in groups:
            return RespondentGroup.NAERINGSLIV
        return groups[0] if groups else None

    # -- loading -----------------------------------------------------------------------
    def set_survey(self, survey_id: int | None) -> None:
        changed = survey_id != self.survey_id
        self.survey_id = survey_id
        if changed:
            self.results = None
            self.item_chart.clear()
            self.breakdown_model.set_rows([])
        self.refresh()

    def reload(self) -> None:
        self._gen += 1
        gen = self._gen
        if self.survey_id is None:
            self.results = None
            self.empty.setText(tr(NO_SURVEY))
            self.stack.setCurrentWidget(self.empty)
            return
        try:
            self._is_example = project_service.project_info(self.ctx.project).is_example
        except Exception:  # noqa: BLE001 - only decides the chart's corner mark
            self._is_example = False
        project, survey_id = self.ctx.project, self.survey_id
        self.ctx.runner.run(
            tr("Beregner resultater"),
            lambda _p: results_service.survey_results(project, survey_id),
            lambda r: self._results_ready(gen, r),
        )

    def _results_ready(self, gen: int, results: SurveyResults) -> None:
        if gen != self._gen:
            return
        self.results = results
        survey = results.survey
        if survey.responses == 0:
            self.empty.setText(tr("«{name}»: ").format(name=survey.name) + tr(NO_ANSWERS) + ".")
            self.stack.setCurrentWidget(self.empty)
            return
        self.stack.setCurrentWidget(self.content)
        self._fill_combos(results)
        self.summary.setText(self._summary_text(results))
        self._fill_all()

    def _fill_combos(self, results: SurveyResults) -> None:
        survey = results.survey
        can_change = survey.round is SurveyRound.T1 and results.baseline is not None
        has_change_item = self.view_combo.findData(VIEW_CHANGE) >= 0
        with _blocked(self.view_combo, self.group_combo, self.area_filter, self.breakdown_combo):
            if can_change and not has_change_item:
                self.view_combo.addItem(tr("Endring fra T0"), VIEW_CHANGE)
            elif not can_change and has_change_item:
                if self.current_view == VIEW_CHANGE:
                    self.view_combo.setCurrentIndex(0)
                self.view_combo.removeItem(self.view_combo.findData(VIEW_CHANGE))
            current = self.group_combo.currentData() or ""
            self.group_combo.clear()
            self.group_combo.addItem(tr("Alle grupper"), "")
            for g in survey.group_values:
                self.group_combo.addItem(g.label, g.value)
            self.group_combo.setCurrentIndex(max(self.group_combo.findData(current), 0))
            area = self.area_filter.currentData() or ""
            self.area_filter.clear()
            self.area_filter.addItem(tr("Alle områder"), "")
            for a in results.areas:
                self.area_filter.addItem(a.name, a.area)
            self.area_filter.setCurrentIndex(max(self.area_filter.findData(area), 0))
            self._fill_breakdown_combo()
        self.views.setCurrentIndex(self.current_view)

    def _summary_text(self, results: SurveyResults) -> str:
        parts = []
        for rate in results.rates:
            text = f"{rate.group.label} {fmt_n(rate.responses)}"
            if rate.invited:
                text += tr(" av {invited} ({rate})").format(
                    invited=fmt_n(rate.invited), rate=fmt_share(rate.rate)
                )
            parts.append(text)
        survey = results.survey
        line = tr("{name} ({round}): {n} svar – {groups}.").format(
            name=survey.name,
            round=survey.round.label,
            n=fmt_n(survey.responses),
            groups="; ".join(parts),
        )
        if results.baseline is not None:
            line += " " + tr("Sammenlignes med «{name}».").format(name=results.baseline.name)
        return line + " " + tr("«Vet ikke» er holdt utenfor snitt og andeler.")

    def _fill_all(self) -> None:
        if self.results is None:
            return
        self._fill_areas()
        self._fill_items()
        self._fill_quadrant()
        self._fill_change()
        self._update_charts()

    def _view_changed(self) -> None:
        self.views.setCurrentIndex(self.current_view)
        self._update_charts()

    def _filters_changed(self) -> None:
        if self.results is None:
            return
        with _blocked(self.breakdown_combo):
            self._fill_breakdown_combo()
        self._fill_all()

    # -- Områder -------------------------------------------------------------------------
    def area_rows(self) -> list[AreaRow]:
        assert self.results is not None
        measure = self.measure
        rates = {r.group: r for r in self.results.rates}
        groups = [self.group] if self.group is not None else list(self._groups())
        order = {g: i for i, g in enumerate(self._groups())}
        rows = []
        for pos, a in enumerate(self.results.areas):
            base = measure_value(a.stats.get(RespondentGroup.NAERINGSLIV), measure)
            for g in groups:
                st = a.stats.get(g)
                if st is None:
                    continue
                value = measure_value(st, measure)
                gap = None if base is None or value is None else value - base
                rows.append(AreaRow(a.area, a.name, pos, g, order[g], st, rates.get(g), gap))
        return rows

    def _fill_areas(self) -> None:
        self.area_model.beginResetModel()
        self.area_model.columns = self._area_columns(self.measure)
        self.area_model.endResetModel()
        apply_columns(self.area_table, self.area_model)
        self.area_model.set_rows(self.area_rows())
        self.area_note.setText(
            tr(
                "Et område samler tilfredshetsspørsmålene og tjenestespørsmålene i området. "
                "Gap: gruppen minus næringslivet."
            )
            + (
                " " + tr("Diagrammet viser indeksen; andelen gode svar står i tabellen.")
                if self.measure == "top2"
                else ""
            )
        )

    def _area_chart(self) -> None:
        assert self.results is not None
        results = self.results
        groups = [self.group] if self.group is not None else list(self._groups())
        measure: Literal["index", "mean"] = "mean" if self.measure == "mean" else "index"
        areas = [a for a in results.areas if any(g in a.stats for g in groups)]
        if not areas:
            self.area_chart.clear(tr("Ingen områder med svar."))
            return
        values = [[measure_value(a.stats.get(g), measure) for g in groups] for a in areas]
        ns = [[_shown_n(a.stats.get(g)) for g in groups] for a in areas]
        names = [a.name for a in areas]
        labels = [g.label for g in groups]
        scale = results.survey.scale
        example = self._is_example
        title = tr("Områdene sammenlignet mellom gruppene")

        def render(size: Size | None, dpi: float) -> bytes:
            from nvk_desktop.charts.survey_charts import grouped_bars

            return grouped_bars(
                names,
                labels,
                values,
                ns,
                measure,
                scale_min=scale.min,
                scale_max=scale.max,
                title=title,
                example_mark=example,
                dpi=dpi,
                size=size,
            )

        key = ("areas", tuple(names), tuple(labels), _frozen(values), _frozen(ns), measure)
        self.area_chart.set_chart(key, render, tr("Områder per gruppe"))

    # -- Spørsmål ------------------------------------------------------------------------
    def _fill_items(self) -> None:
        assert self.results is not None
        key = self._current_item_key()
        group = self.group
        self.item_model.beginResetModel()
        self.item_model.columns = self._item_columns(group, self.measure)
        self.item_model.endResetModel()
        names = {a.area: a.name for a in self.results.areas}
        rows = []
        for pos, it in enumerate(self.results.items):
            if group is not None and group not in it.stats:
                continue
            text = (it.texts.get(group) if group else None) or it.text
            rows.append(ItemRow(it, pos, names.get(it.area or "", tr("Generelt")), text))
        self.item_model.set_rows(rows)
        apply_columns(self.item_table, self.item_model)
        self._area_filter_changed()
        self.item_empty.set_text(tr("Ingen spørsmål med svarskala for denne gruppen."))
        self._select_item(key)

    def _area_filter_changed(self) -> None:
        area = self.area_filter.currentData() or ""
        names = {a.area: a.name for a in self.results.areas} if self.results else {}
        self.item_proxy.setFilterKeyColumn(1)
        self.item_proxy.setFilterFixedString(names.get(area, "") if area else "")

    def _current_item_key(self) -> str | None:
        index = self.item_table.currentIndex()
        if not index.isValid():
            return None
        src = self.item_proxy.mapToSource(index)
        return self.item_model.record(src.row()).item.key

    def _select_item(self, key: str | None) -> None:
        row = self.item_model.row_of_key(key) if key else None
        if row is None:
            index = self.item_proxy.index(0, 0)
        else:
            index = self.item_proxy.mapFromSource(self.item_model.index(row, 0))
        if index.isValid():
            self.item_table.setCurrentIndex(index)
            self.item_table.scrollTo(index)
        else:
            self._item_selected()

    def select_item(self, key: str) -> bool:
        row = self.item_model.row_of_key(key)
        if row is None:
            return False
        self.item_table.setCurrentIndex(
            self.item_proxy.mapFromSource(self.item_model.index(row, 0))
        )
        return True

    def current_item(self) -> ItemResult | None:
        key = self._current_item_key()
        return self.results.item(key) if self.results is not None and key else None

    def _item_selected(self) -> None:
        if self.current_view == VIEW_ITEMS:
            self._item_chart()
        self._load_breakdown()

    def _item_chart(self) -> None:
        item = self.current_item()
        if item is None or self.results is None:
            self.item_chart.clear(tr("Velg et spørsmål for å se fordelingen av svarene."))
            return
        from nvk_desktop.charts.survey_charts import LikertRow

        scale = self.results.survey.scale
        groups = [self.group] if self.group is not None else list(self._groups())
        rows = [LikertRow.from_stats(g.label, item.stats[g]) for g in groups if g in item.stats]
        labels = [scale.label(v) for v in scale.values]
        title = (item.texts.get(self.group) if self.group else None) or item.text
        example = self._is_example

        def render(size: Size | None, dpi: float) -> bytes:
            from nvk_desktop.charts.survey_charts import likert_diverging

            if size is not None:  # no taller than the bars need
                size = (size[0], min(size[1], 2.8 + 1.15 * len(rows) + len(title) / 90))
            return likert_diverging(
                rows, scale.min, scale.max, labels, title, example, dpi=dpi, size=size
            )

        key = ("likert", title, tuple((r.label, r.n, tuple(r.distribution.items())) for r in rows))
        self.item_chart.set_chart(key, render, item.key)

    def _fill_breakdown_combo(self) -> None:
        """Background questions (size, bransje …) for the chosen group or every group."""
        current = self.breakdown_combo.currentData()
        self.breakdown_combo.clear()
        self.breakdown_combo.addItem(tr("(ingen)"), None)
        if self.results is None:
            return
        groups = [self.group] if self.group is not None else list(self._groups())
        for it in self.results.survey.items:
            if it.kind is not ItemKind.BACKGROUND:
                continue
            for g in groups:
                text = it.text(g)
                if text is None:
                    continue
                label = _background_label(text)
                if len(groups) > 1:
                    label += f" ({g.label.lower()})"
                self.breakdown_combo.addItem(label, f"{it.key}|{g.value}")
        i = self.breakdown_combo.findData(current) if current is not None else -1
        self.breakdown_combo.setCurrentIndex(max(i, 0))

    def set_breakdown(self, background_key: str, group: RespondentGroup) -> bool:
        i = self.breakdown_combo.findData(f"{background_key}|{group.value}")
        if i < 0:
            return False
        self.breakdown_combo.setCurrentIndex(i)
        return True

    def _breakdown_changed(self) -> None:
        self._load_breakdown()

    def _load_breakdown(self) -> None:
        self._breakdown_gen += 1
        gen = self._breakdown_gen
        choice = self.breakdown_combo.currentData()
        item = self.current_item()
        if choice is None or item is None or self.survey_id is None:
            self.breakdown_model.set_rows([])
            self.breakdown_empty.set_text(
                tr(
                    "Velg et bakgrunnsspørsmål for å dele svarene opp, for eksempel etter størrelse."
                )
                if item is not None
                else ""
            )
            return
        bg_key, _, group_value = str(choice).rpartition("|")
        group = RespondentGroup(group_value)
        if group not in item.stats:
            self.breakdown_model.set_rows([])
            self.breakdown_empty.set_text(
                tr("Spørsmålet er ikke stilt til {group}.").format(group=group.label.lower())
            )
            return
        project, survey_id = self.ctx.project, self.survey_id
        self.ctx.runner.run(
            tr("Bryter ned svarene"),
            lambda _p: results_service.survey_breakdown(
                project, survey_id, item.key, bg_key, group, min_n=MIN_N
            ),
            lambda r: self._breakdown_ready(gen, r),
        )

    def _breakdown_ready(self, gen: int, result: BreakdownResult) -> None:
        if gen != self._breakdown_gen:
            return
        self.breakdown_model.set_rows(breakdown_rows(result.breakdown, result.group))
        self.breakdown_empty.set_text(tr("Ingen svar på spørsmålet i denne gruppen."))

    # -- Viktighet mot tilfredshet -------------------------------------------------------
    def _fill_quadrant(self) -> None:
        assert self.results is not None
        group = self.chart_group()
        data = self.results.importance.get(group) if group is not None else None
        rows = [QuadrantRow(p) for p in data.points] if data is not None else []
        self.quadrant_model.set_rows(rows)
        if data is None:
            self.quadrant_empty.set_text(
                tr(
                    "Ingen viktighetsspørsmål med svar for {group}. Viktighet mot tilfredshet "
                    "krever spørsmålet «Hvor viktig er …» i områdene."
                ).format(group=group.label.lower() if group else "")
            )
            self.quadrant_note.setText("")
            return
        note = tr(
            "Viser {group}. Linjene går ved gjennomsnittet av områdene (viktighet {imp}, "
            "tilfredshet {sat}). «Viktig, men svakt» er der det bør gjøres noe først."
        ).format(
            group=group.label.lower() if group else "",
            imp=fmt_index(data.importance_cut),
            sat=fmt_index(data.satisfaction_cut),
        )
        if data.left_out:
            note += " " + tr("Ikke med (for få svar): {areas}.").format(
                areas=", ".join(data.left_out)
            )
        if self.group is None:
            note += " " + tr("Velg en gruppe over for å se en annen.")
        self.quadrant_note.setText(note)

    def _quadrant_chart(self) -> None:
        assert self.results is not None
        group = self.chart_group()
        data = self.results.importance.get(group) if group is not None else None
        if data is None or not data.points or group is None:
            self.quadrant_chart.clear(tr("Ingen punkter å vise for denne gruppen."))
            return
        title = tr("Viktighet mot tilfredshet – {group}").format(group=group.label.lower())
        example = self._is_example

        def render(size: Size | None, dpi: float) -> bytes:
            from nvk_desktop.charts.survey_charts import importance_satisfaction_quadrant

            if size is not None:
                size = (size[0], min(size[1], size[0] * 0.8))
            return importance_satisfaction_quadrant(data, title, example, dpi=dpi, size=size)

        key = ("quadrant", title, data)
        self.quadrant_chart.set_chart(key, render, tr("Viktighet mot tilfredshet"))

    # -- Endring fra T0 ------------------------------------------------------------------
    def _fill_change(self) -> None:
        assert self.results is not None
        scale = self.results.survey.scale
        self.change_model.beginResetModel()
        self.change_model.columns = self._change_columns(self.measure, (scale.min, scale.max))
        self.change_model.endResetModel()
        apply_columns(self.change_table, self.change_model)
        self.change_model.set_rows(self.change_rows())

    def change_rows(self) -> list[ChangeRow]:
        assert self.results is not None
        groups = [self.group] if self.group is not None else list(self._groups())
        order = {g: i for i, g in enumerate(self._groups())}
        rows: list[ChangeRow] = []
        pos = 0
        for a in self.results.areas:
            for g in groups:
                if g in a.change:
                    rows.append(ChangeRow(a.area, a.name, True, pos, g, order[g], a.change[g]))
            pos += 1
            for it in self.results.items:
                if it.area != a.area:
                    continue
                for g in groups:
                    if g in it.change:
                        text = it.texts.get(g) or it.text
                        rows.append(ChangeRow(it.key, text, False, pos, g, order[g], it.change[g]))
                pos += 1
        return rows

    def _change_chart(self) -> None:
        assert self.results is not None
        group = self.chart_group()
        areas = [a for a in self.results.areas if group in a.change]
        if group is None or not areas:
            self.change_chart.clear(tr("Ingen områder å sammenligne for denne gruppen."))
            return
        labels = [a.name for a in areas]
        changes = [a.change[group] for a in areas]
        measure: Literal["mean", "index"] = "index" if self.measure == "index" else "mean"
        title = tr("Endring fra T0 til T1 per område – {group}").format(group=group.label.lower())
        example = self._is_example

        def render(size: Size | None, dpi: float) -> bytes:
            from nvk_desktop.charts.survey_charts import change_chart

            if size is not None:
                size = (size[0], min(size[1], 2.6 + 0.95 * len(changes) + 0.5))
            return change_chart(
                labels, changes, measure, title=title, example_mark=example, dpi=dpi, size=size
            )

        key = ("change", title, tuple(labels), tuple(changes), measure)
        self.change_chart.set_chart(key, render, tr("Endring fra T0"))

    # -- charts --------------------------------------------------------------------------
    def _update_charts(self) -> None:
        """Only the chart of the view on show is drawn (each takes a while)."""
        if self.results is None or self.stack.currentWidget() is not self.content:
            return
        view = self.current_view
        if view == VIEW_AREAS:
            self._area_chart()
        elif view == VIEW_ITEMS:
            self._item_chart()
        elif view == VIEW_QUADRANT:
            self._quadrant_chart()
        elif view == VIEW_CHANGE:
            self._change_chart()

    # -- PDF -----------------------------------------------------------------------------
    def default_pdf_path(self) -> Path:
        folder = getattr(self.ctx.project, "path", None)
        base = (
            Path(folder).parent
            if folder
            else Path(
                QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            )
        )
        name = self.results.survey.name if self.results is not None else tr("Undersøkelse")
        safe = "".join(ch for ch in name if ch not in '<>:"/\\|?*').strip() or tr("Undersøkelse")
        return base / tr("Resultater {name}.pdf").format(name=safe)

    def make_pdf(self) -> None:
        maker = _report_maker()
        if maker is None or self.survey_id is None:
            return
        start = self.last_pdf if self.last_pdf is not None else self.default_pdf_path()
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Lag resultatrapport"), str(start), tr("PDF-dokument (*.pdf)")
        )
        if not path:
            return
        out = Path(path)
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
        self.last_pdf = out
        project, survey_id = self.ctx.project, self.survey_id
        self.ctx.runner.run(
            tr("Lager resultatrapporten"),
            lambda _p: maker(project, survey_id, out),
            self.pdf_done,
        )

    def pdf_done(self, path: Path) -> None:
        dialogs.offer_open(
            self,
            tr("Resultatrapporten er laget"),
            tr("Resultatrapporten er lagret som {name}.").format(name=Path(path).name),
            path,
            open_label=tr("Åpne PDF"),
        )


# -- helpers -----------------------------------------------------------------------------
def _report_maker() -> Callable[[Any, int, Path], Path] | None:
    """survey_documents.make_survey_report, when that part has landed."""
    try:
        from nvk_desktop.services import survey_documents
    except ImportError:
        return None
    return getattr(survey_documents, "make_survey_report", None)


def apply_columns(view: QTableView, model: RecordTableModel[Any]) -> None:
    """Widths and the stretching column after the model's columns were replaced."""
    header = view.horizontalHeader()
    stretch = [i for i, c in enumerate(model.columns) if c.stretch]
    header.setStretchLastSection(not stretch)
    for i, col in enumerate(model.columns):
        mode = (
            QHeaderView.ResizeMode.Stretch if i in stretch else QHeaderView.ResizeMode.Interactive
        )
        header.setSectionResizeMode(i, mode)
        if col.width is not None and i not in stretch:
            view.setColumnWidth(i, col.width)


def _frozen(rows: Sequence[Sequence[Any]]) -> tuple[tuple[Any, ...], ...]:
    return tuple(tuple(r) for r in rows)


def _shown_n(st: ItemStats | None) -> int | None:
    return None if st is None else st.shown_n


def _short_group(g: RespondentGroup) -> str:
    return {
        RespondentGroup.NAERINGSLIV: tr("Næringsliv"),
        RespondentGroup.ANSATTE: tr("Ansatte"),
        RespondentGroup.POLITIKERE: tr("Politikere"),
        RespondentGroup.UTVIKLINGSSELSKAP: tr("Utv.selskap"),
    }.get(g, g.label)


def _background_label(text: str) -> str:
    """'Hvor mange ansatte har bedriften?' stays as it is; long texts are cut."""
    return text if len(text) <= 60 else text[:57].rstrip() + " …"


def breakdown_rows(b: Breakdown, group: RespondentGroup) -> list[BreakdownRow]:
    rows = [BreakdownRow(c.category, c.stats, c.reason) for c in b.categories]
    total_reason = tr("For få svar (n < {n})").format(n=MIN_N) if b.total.suppressed else None
    rows.append(
        BreakdownRow(
            tr("Alle ({group})").format(group=group.label.lower()), b.total, total_reason, True
        )
    )
    return rows


class _blocked:
    """Block the signals of some widgets while they are refilled."""

    def __init__(self, *widgets: QWidget) -> None:
        self._widgets = widgets

    def __enter__(self) -> None:
        self._old = [w.blockSignals(True) for w in self._widgets]

    def __exit__(self, *exc: object) -> None:
        for w, old in zip(self._widgets, self._old, strict=True):
            w.blockSignals(old)
