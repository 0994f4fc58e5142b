"""Survey charts as PNG bytes, for the UI (shown as an image) and for PDF documents.

Each chart is built by a ``_*_figure`` function that returns the matplotlib Figure (so
tests can read its texts) and rendered by the public function. Figures are made with
the object API (``Figure`` + Agg canvas), never pyplot: no global figure registry, no
GUI backend, safe in the background runner. matplotlib is imported here only; this
module is imported where a chart is drawn, never at start-up.

Every chart: DejaVu Sans (æøå and Sámi letters), ≥ 11 pt at the given size, a
colour-blind-safe palette (ColorBrewer PuOr for answer scales, Okabe–Ito for groups;
never red against green), the decimal comma, n on every bar or point, long item texts
wrapped, and "For få svar (n < 5)" instead of a bar for a hidden group.
"""

from __future__ import annotations

import io
import math
import textwrap
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator

from nvk_desktop.analysis.formatting import MINUS, NBSP, format_n, format_number
from nvk_desktop.analysis.stats import (
    MIN_N,
    SMALL_N,
    Change,
    ImportanceSatisfaction,
    ItemStats,
    Quadrant,
)

__all__ = [
    "EXAMPLE_MARK",
    "SUPPRESSED_TEXT",
    "LikertRow",
    "change_chart",
    "grouped_bars",
    "importance_satisfaction_quadrant",
    "likert_diverging",
]

# Same words as documents.base.EXAMPLE_MARK (not imported: that module loads ReportLab).
EXAMPLE_MARK = "Eksempelprosjekt – fiktive data"
SUPPRESSED_TEXT = f"For få svar (n{NBSP}<{NBSP}{MIN_N})"
NO_ANSWERS_TEXT = "Ingen svar"

Size = tuple[float, float]

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
INK = "#222222"
MUTED = "#595959"
GRID = "#D0D0D0"
NEUTRAL = "#E3E3E3"
UP = "#0072B2"
DOWN = "#D55E00"

BASE_PT = 13.0
SMALL_PT = 11.0
TITLE_PT = 16.0

_STYLE: dict[Any, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": BASE_PT,
    "axes.titlesize": TITLE_PT,
    "axes.labelsize": BASE_PT,
    "xtick.labelsize": 12.0,
    "ytick.labelsize": 12.0,
    "legend.fontsize": 12.0,
    "figure.titlesize": TITLE_PT,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "text.color": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.unicode_minus": True,
    "svg.fonttype": "none",
}

# rc_context changes matplotlib's global rcParams: one chart at a time.
_LOCK = threading.RLock()


@contextmanager
def _styled() -> Iterator[None]:
    with _LOCK, mpl.rc_context(_STYLE):
        yield


# --------------------------------------------------------------------------- helpers


def _wrap(text: str, width: int) -> str:
    """Wrap at word boundaries (no-break spaces hold "n = 42" together); never clip."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        # A dash stays at the end of a line, never starts the next one.
        paragraph = paragraph.replace(" – ", f"{NBSP}– ")
        lines += textwrap.wrap(paragraph, max(width, 8), break_long_words=False) or [""]
    return "\n".join(lines)


def _chars_for(width_in: float, pt: float) -> int:
    """How many characters of DejaVu Sans at ``pt`` fit in ``width_in`` inches (average)."""
    return int(width_in * 72 / (pt * 0.58))


def _number_formatter(decimals: int, suffix: str = "", absolute: bool = False) -> FuncFormatter:
    """Tick labels with the decimal comma, independent of the machine's locale."""

    def fmt(x: float, _pos: int | None = None) -> str:
        value = abs(x) if absolute else x
        return format_number(value, decimals) + suffix

    return FuncFormatter(fmt)


def _signed(x: float, decimals: int) -> str:
    text = format_number(x, decimals)
    if text.startswith(MINUS) or text.strip("0,") == "":
        return text
    return "+" + text


def _new_figure(size: Size) -> Figure:
    fig = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _finish(fig: Figure, *, title: str, note: str | None, example_mark: bool, size: Size) -> None:
    """Title on top; a footer line (note left, example mark right) inside reserved space."""
    if title:
        fig.suptitle(_wrap(title, _chars_for(size[0] * 0.95, TITLE_PT)), fontweight="bold", x=0.5)
    footer = note is not None or example_mark
    if footer:
        # Reserve a strip at the bottom so the layout never puts axis labels under it.
        strip = 0.42 / size[1]
        engine = fig.get_layout_engine()
        if isinstance(engine, ConstrainedLayoutEngine):
            engine.set(rect=(0.0, strip, 1.0, 1.0 - strip))
        if note:
            fig.text(0.01, 0.012, note, ha="left", va="bottom", fontsize=SMALL_PT, color=MUTED)
        if example_mark:
            fig.text(
                0.99,
                0.012,
                EXAMPLE_MARK,
                ha="right",
                va="bottom",
                fontsize=SMALL_PT,
                color="#8A1C1C",
                fontstyle="italic",
                bbox={"boxstyle": "round,pad=0.25", "fc": "#FFF4E5", "ec": "#E69F00", "lw": 0.8},
            )


def _top_legend(ax: Any, handles: Sequence[Patch], ncol: int, *, wide: bool = False) -> None:
    """Legend just above the plot; part of the axes, so the layout keeps it off the title.

    A ``wide`` legend (a 0–10 scale) is aligned right and packed tighter: it then spills
    left over the label column, which is empty at that height, instead of off the page.
    """
    ax.legend(
        handles=handles,
        loc="lower right" if wide else "lower center",
        bbox_to_anchor=(1.0, 1.0) if wide else (0.5, 1.0),
        ncol=ncol,
        frameon=False,
        handlelength=1.0 if wide else 1.4,
        handletextpad=0.4 if wide else 0.8,
        columnspacing=0.9 if wide else 1.4,
        borderaxespad=0.4,
    )


def _render(fig: Figure, dpi: float) -> bytes:
    """One draw at ``dpi`` (layout included), saved as an opaque RGB PNG.

    Not ``savefig``: with a layout engine it draws the figure twice (a layout pass,
    then the real one), and its RGBA PNG makes ReportLab write a second image (the
    soft mask) for an alpha channel that is opaque everywhere. RGB at deflate level 3
    encodes in about half the time of matplotlib's RGBA at level 6, ~10 % larger.
    """
    from PIL import Image

    buf = io.BytesIO()
    with _styled():
        fig.set_dpi(dpi)
        canvas = fig.canvas
        assert isinstance(canvas, FigureCanvasAgg)
        canvas.draw()
        rgba = canvas.buffer_rgba()
        image = Image.frombuffer("RGBA", (rgba.shape[1], rgba.shape[0]), rgba, "raw")
        image.convert("RGB").save(buf, format="png", compress_level=3)
    return buf.getvalue()


def _text_color_on(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "white" if luminance < 0.5 else INK


# ColorBrewer PuOr classes (CVD-safe), low answers orange, high answers purple; the
# neutral middle of an odd scale is a light grey instead of PuOr's near-white.
_PUOR_SIDES: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {
    1: (("#E66101",), ("#5E3C99",)),
    2: (("#E66101", "#FDB863"), ("#B2ABD2", "#5E3C99")),
    3: (("#B35806", "#F1A340", "#FEE0B6"), ("#D8DAEB", "#998EC3", "#542788")),
}


def _scale_colours(scale_min: int, scale_max: int) -> list[str]:
    """One colour per scale value: orange shades below the middle, purple above."""
    k = scale_max - scale_min + 1
    half = k // 2
    if half in _PUOR_SIDES:
        low, high = (list(side) for side in _PUOR_SIDES[half])
    else:
        from matplotlib.colors import to_hex

        cmap = mpl.colormaps["PuOr"]
        low = [to_hex(cmap(0.03 + 0.37 * i / (half - 1))) for i in range(half)]
        high = [to_hex(cmap(0.60 + 0.37 * i / (half - 1))) for i in range(half)]
    return low + ([NEUTRAL] if k % 2 else []) + high


# --------------------------------------------------------------------------- Likert


@dataclass(frozen=True)
class LikertRow:
    """One bar: an item (or an item for one group) with its answer counts.

    ``n`` is the number of respondents behind the bar (shown on the label); the bar is
    drawn from the shares of ``distribution``, "vet ikke" not included.
    """

    label: str
    distribution: Mapping[int, int]
    n: int
    suppressed: bool = False

    @classmethod
    def from_stats(cls, label: str, stats: ItemStats) -> LikertRow:
        return cls(label, dict(stats.distribution), stats.n, stats.suppressed)


def _likert_figure(
    rows: Sequence[LikertRow],
    scale_min: int,
    scale_max: int,
    labels: Sequence[str],
    title: str = "",
    example_mark: bool = False,
    size: Size | None = None,
    min_n: int = MIN_N,
) -> Figure:
    k = scale_max - scale_min + 1
    if len(labels) != k:
        raise ValueError(f"Skalaen {scale_min}–{scale_max} trenger {k} svaralternativer")
    width = size[0] if size else 11.0
    wrap_width = _chars_for(width * 0.33, 12.0)
    wrapped = [_wrap(row.label, wrap_width) for row in rows]
    if size is None:
        # Each row is as tall as its wrapped label (plus the n line) needs, at least a
        # thick bar; the legend grows a line for long scales.
        lines = max((w.count("\n") + 2 for w in wrapped), default=2)
        per_row = max(0.85, 0.21 * lines + 0.2)
        legend = 0.5 if k <= 7 else 0.8
        size = (width, 1.9 + legend + per_row * max(len(rows), 1))
    colours = _scale_colours(scale_min, scale_max)
    has_neutral = k % 2 == 1
    neutral = (scale_min + scale_max) // 2 if has_neutral else None
    with _styled():
        fig = _new_figure(size)
        ax = fig.add_subplot()
        tick_labels: list[str] = []
        segments: list[list[tuple[int, float, float]]] = [[] for _ in colours]
        extent = 50.0
        for y, row in enumerate(rows):
            hidden = row.suppressed or row.n < min_n
            n_label = format_n(None if hidden else row.n, min_n)
            tick_labels.append(wrapped[y] + f"\n({n_label})")
            total = sum(row.distribution.get(v, 0) for v in range(scale_min, scale_max + 1))
            if hidden or total == 0:
                ax.text(
                    0,
                    y,
                    SUPPRESSED_TEXT if hidden else NO_ANSWERS_TEXT,
                    ha="center",
                    va="center",
                    color=MUTED,
                    fontstyle="italic",
                    bbox={"fc": "white", "ec": "none", "pad": 2},
                )
                continue
            scale = range(scale_min, scale_max + 1)
            shares = [100.0 * row.distribution.get(v, 0) / total for v in scale]
            centre = (scale_min + scale_max) / 2.0
            below = sum(s for v, s in zip(scale, shares, strict=True) if v < centre)
            mid = shares[neutral - scale_min] if neutral is not None else 0.0
            left = -(below + mid / 2.0)
            extent = max(extent, -left, left + sum(shares))
            for i, share in enumerate(shares):
                if share > 0:
                    segments[i].append((y, share, left))
                    if share >= 7.0:
                        ax.text(
                            left + share / 2.0,
                            y,
                            format_number(share, 0),
                            ha="center",
                            va="center",
                            fontsize=SMALL_PT,
                            color=_text_color_on(colours[i]),
                            in_layout=False,  # inside its bar: nothing for the layout
                        )
                left += share
        # One barh per answer value, not per segment: each call costs a container,
        # limit updates and a legend check.
        for colour, segs in zip(colours, segments, strict=True):
            if segs:
                ys, widths, lefts = zip(*segs, strict=True)
                ax.barh(
                    ys,
                    widths,
                    left=lefts,
                    height=0.68,
                    color=colour,
                    edgecolor="white",
                    linewidth=1.0,
                )
        limit = min(100.0, math.ceil(extent / 10.0) * 10.0)
        ax.set_xlim(-limit, limit)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_yticks(range(len(rows)), tick_labels)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=8, steps=[1, 2, 2.5, 5, 10]))
        ax.xaxis.set_major_formatter(_number_formatter(0, f"{NBSP}%", absolute=True))
        ax.axvline(0, color=MUTED, linewidth=1.2, zorder=0)
        ax.grid(axis="x", color=GRID, linewidth=0.8)
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        ax.set_xlabel("Andel av svarene (prosent)")
        legend_width = 12 if k > 7 else 30
        handles = [
            Patch(facecolor=c, edgecolor="white", label=_wrap(lbl, legend_width))
            for c, lbl in zip(colours, labels, strict=True)
        ]
        _top_legend(ax, handles, ncol=k if k <= 5 or k > 7 else math.ceil(k / 2), wide=k > 7)
        _finish(
            fig,
            title=title,
            note="«Vet ikke» er holdt utenfor. Tallene i stolpene er prosent.",
            example_mark=example_mark,
            size=size,
        )
    return fig


def likert_diverging(
    rows: Sequence[LikertRow],
    scale_min: int,
    scale_max: int,
    labels: Sequence[str],
    title: str = "",
    example_mark: bool = False,
    *,
    dpi: float = 150,
    size: Size | None = None,
    min_n: int = MIN_N,
) -> bytes:
    """Diverging stacked bars: the low answers left of the middle, the high ones right.

    The neutral answer (odd scales) is split across the middle, so the bars line up on
    "neither good nor bad". ``labels`` names each scale value from ``scale_min`` up.
    ``size`` defaults to a height that grows with the number of rows.
    """
    fig = _likert_figure(rows, scale_min, scale_max, labels, title, example_mark, size, min_n)
    return _render(fig, dpi)


# --------------------------------------------------------------------------- grouped bars


def _grouped_figure(
    areas: Sequence[str],
    groups: Sequence[str],
    values: Sequence[Sequence[float | None]],
    ns: Sequence[Sequence[int | None]],
    measure: Literal["index", "mean"] = "index",
    scale_min: int = 1,
    scale_max: int = 5,
    title: str = "",
    example_mark: bool = False,
    size: Size | None = None,
    min_n: int = MIN_N,
) -> Figure:
    if len(values) != len(areas) or len(ns) != len(areas):
        raise ValueError("Én rad verdier og n per område")
    if any(len(v) != len(groups) for v in values) or any(len(n) != len(groups) for n in ns):
        raise ValueError("Én verdi og én n per gruppe")
    g = len(groups)
    if size is None:
        size = (11.0, 2.3 + len(areas) * (0.36 * g + 0.3))
    if measure == "index":
        lo, hi, decimals, xlabel = 0.0, 100.0, 0, "Indeks 0–100 (100 = best mulig)"
    else:
        lo, hi, decimals = float(scale_min), float(scale_max), 1
        xlabel = f"Gjennomsnitt på skalaen {scale_min}–{scale_max}"
    span = hi - lo
    with _styled():
        fig = _new_figure(size)
        ax = fig.add_subplot()
        bar_h = 0.8
        step = g + 0.9
        centres = []
        bars: list[list[tuple[float, float]]] = [[] for _ in groups]
        for i, _area in enumerate(areas):
            base = i * step
            centres.append(base + (g - 1) / 2.0)
            for j in range(g):
                y = base + j
                value, n = values[i][j], ns[i][j]
                hidden = n is None or n < min_n
                if hidden or value is None:
                    # A stub in the group's colour keeps the legend readable on this row.
                    bars[j].append((y, span * 0.008))
                    missing = SUPPRESSED_TEXT if hidden else NO_ANSWERS_TEXT
                    ax.text(
                        lo + span * 0.02,
                        y,
                        f"{groups[j]}: {missing[0].lower()}{missing[1:]}",
                        va="center",
                        color=MUTED,
                        fontstyle="italic",
                        fontsize=SMALL_PT,
                    )
                    continue
                bars[j].append((y, value - lo))
                ax.text(
                    value + span * 0.012,
                    y,
                    f"{format_number(value, decimals)}  ({format_n(n, min_n)})",
                    va="center",
                    fontsize=SMALL_PT,
                )
        for j, group_bars in enumerate(bars):  # one barh per group, not per bar
            if group_bars:
                ys, widths = zip(*group_bars, strict=True)
                ax.barh(ys, widths, left=lo, height=bar_h, color=OKABE_ITO[j % len(OKABE_ITO)])
        ax.set_xlim(lo, hi + span * 0.30)
        ticks = (
            [lo + span * t / 4 for t in range(5)]
            if measure == "index"
            else [float(v) for v in range(scale_min, scale_max + 1)]
        )
        ax.xaxis.set_major_locator(FixedLocator(ticks))
        ax.xaxis.set_major_formatter(_number_formatter(decimals))
        ax.spines["bottom"].set_bounds(lo, hi)
        ax.grid(axis="x", color=GRID, linewidth=0.8)
        ax.set_axisbelow(True)
        ax.set_yticks(centres, [_wrap(a, _chars_for(size[0] * 0.24, 12.0)) for a in areas])
        ax.set_ylim(len(areas) * step - 0.9 - 0.4, -0.6)
        ax.tick_params(axis="y", length=0)
        ax.set_xlabel(xlabel)
        _top_legend(
            ax,
            [
                Patch(facecolor=OKABE_ITO[j % len(OKABE_ITO)], label=grp)
                for j, grp in enumerate(groups)
            ],
            ncol=min(g, 4),
        )
        _finish(
            fig,
            title=title,
            note="«Vet ikke» er holdt utenfor.",
            example_mark=example_mark,
            size=size,
        )
    return fig


def grouped_bars(
    areas: Sequence[str],
    groups: Sequence[str],
    values: Sequence[Sequence[float | None]],
    ns: Sequence[Sequence[int | None]],
    measure: Literal["index", "mean"] = "index",
    *,
    scale_min: int = 1,
    scale_max: int = 5,
    title: str = "",
    example_mark: bool = False,
    dpi: float = 150,
    size: Size | None = None,
    min_n: int = MIN_N,
) -> bytes:
    """Groups side by side per area (the known gap: business rates lower than staff).

    ``values[i][j]`` and ``ns[i][j]`` belong to area i and group j; an n of None (or
    below ``min_n``) is a hidden group, drawn as "For få svar (n < 5)".
    """
    fig = _grouped_figure(
        areas, groups, values, ns, measure, scale_min, scale_max, title, example_mark, size, min_n
    )
    return _render(fig, dpi)


# --------------------------------------------------------------------------- quadrant


# A place for a point label: offset (dx, dy) in points from the point, and whether
# the label sits beside the point (vertically centred on the offset) or off a corner
# or above/below it (aligned with its near edge on the offset). dx > 0 is the label's
# own side: right of points in the left half, left of points in the right half.
_Offset = tuple[float, float, bool]


def _label_offsets() -> list[_Offset]:
    """Beside the point and nudged up or down; off a corner, above or below, near and
    further out (the leader line shows which point a far label belongs to); the
    other side last. Sorted nearest first (see :func:`_offset_rank`)."""
    nudges = (0.0, 7.0, -7.0, 14.0, -14.0, 21.0, -21.0, 28.0, -28.0)
    offsets: list[_Offset] = [(dx, dy, True) for dx in (10.0, 24.0, -10.0) for dy in nudges]
    for ring in (10.0, 22.0, 36.0, 52.0, 70.0, 90.0, 115.0):
        for ux, uy in ((0.7, 0.7), (0.7, -0.7), (0.0, 1.0), (0.0, -1.0)):
            offsets += [(ux * ring, uy * ring, False), (-ux * ring, uy * ring, False)]
        offsets += [(ring, 0.0, True), (-ring, 0.0, True)]
    return sorted(dict.fromkeys(offsets), key=_offset_rank)


def _offset_rank(offset: _Offset) -> float:
    """How far the label moves from its place beside the point; a little extra for
    going off a corner or above or below (it then hides more of the area around the
    point), more for changing sides."""
    dx, dy, beside = offset
    return math.hypot(dx, dy) + (0.0 if beside else 4.0) + (10.0 if dx < 0 else 0.0)


_LABEL_OFFSETS = _label_offsets()
_POINT_RADIUS_PT = 7.0  # the scatter marker (s=130) with its white edge
_CLEAR_PT = 2.0  # free space kept around every label
# A leader line through another label or point is better than any real overlap, but
# not free: it costs as much as this many square pixels of two labels overlapping.
_CROSSING_COST = 100.0


def _overlap_areas(a: Any, b: Any) -> Any:
    """Overlap areas of boxes (x0, y0, x1, y1 on the last axis), broadcast."""
    import numpy as np

    w = np.minimum(a[..., 2], b[..., 2]) - np.maximum(a[..., 0], b[..., 0])
    h = np.minimum(a[..., 3], b[..., 3]) - np.maximum(a[..., 1], b[..., 1])
    return np.clip(w, 0.0, None) * np.clip(h, 0.0, None)


def _crossings(p: Any, q: Any, box: Any) -> Any:
    """Whether segments p–q pass through boxes (Liang–Barsky clipping), broadcast."""
    import numpy as np

    d = q - p
    lo, hi = box[..., :2], box[..., 2:]
    with np.errstate(divide="ignore", invalid="ignore"):
        ta, tb = (lo - p) / d, (hi - p) / d
    flat = d == 0.0  # parallel to that axis: inside the slab for all t, or never
    inside = (lo < p) & (p < hi)
    t_in = np.where(flat, np.where(inside, -np.inf, np.inf), np.minimum(ta, tb))
    t_out = np.where(flat, np.where(inside, np.inf, -np.inf), np.maximum(ta, tb))
    start = np.maximum(0.0, t_in.max(axis=-1))
    end = np.minimum(1.0, t_out.min(axis=-1))
    return start < end


def _place_labels(fig: Figure, ax: Any, labels: Sequence[Any]) -> None:
    """Put each point label where it covers no other label, point or corner text.

    The layout is done once first (labels left out of it, they stay inside the axes),
    then fixed, so the axes no longer move. Every label's text box is measured once;
    its candidate places around the point (``_LABEL_OFFSETS``) are scored as arrays in
    display pixels, without drawing: what does not depend on the other labels once,
    and what one label costs another when first needed. Then greedy placement in a
    few orders, each followed by passes that re-place every label against all the
    others; the cheapest result wins. Offsets are in points, so the
    placement holds at any dpi.
    """
    import numpy as np
    from matplotlib.text import Text

    for t in labels:
        t.set_in_layout(False)
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)
        fig.set_layout_engine("none")  # placed: the final draw must not move the axes
    n = len(labels)
    if n == 0:
        return
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    px = fig.dpi / 72.0
    clear = (_CLEAR_PT + 0.15 * 12.0) * px  # + the label's rounded box (pad 0.15 em)
    extents = [Text.get_window_extent(t, renderer) for t in labels]
    sizes = np.array([(e.width, e.height) for e in extents]) + 2 * clear
    anchors = np.array([ax.transData.transform(t.xy) for t in labels], dtype=float)
    r = _POINT_RADIUS_PT * px
    dots = np.hstack([anchors - r, anchors + r])
    label_set = {id(t) for t in labels}
    fixed = np.array(
        [
            Text.get_window_extent(t, renderer).extents
            for t in ax.texts
            if id(t) not in label_set and t.get_visible() and t.get_text().strip()
        ]
    ).reshape(-1, 4)
    frame = np.array(ax.bbox.extents, dtype=float)
    mid_x = (frame[0] + frame[2]) / 2.0

    # Candidate k of label i: offset in points, alignment, box in pixels.
    offsets = np.array([(dx, dy) for dx, dy, _ in _LABEL_OFFSETS])
    beside = np.array([b for _, _, b in _LABEL_OFFSETS])
    side = np.where(anchors[:, 0] <= mid_x, 1.0, -1.0)
    dx = offsets[None, :, 0] * side[:, None]  # (n, K)
    dy = np.broadcast_to(offsets[None, :, 1], dx.shape)
    hfrac = np.where(dx > 0.1, 0.0, np.where(dx < -0.1, 1.0, 0.5))  # left, right, centre
    vfrac = np.where(beside, 0.5, np.where(dy > 0.1, 0.0, np.where(dy < -0.1, 1.0, 0.5)))
    w, h = sizes[:, 0:1], sizes[:, 1:2]
    x0 = (
        anchors[:, 0:1]
        + dx * px
        - np.where(hfrac == 0.5, w / 2, np.where(hfrac == 0, clear, w - clear))
    )
    y0 = (
        anchors[:, 1:2]
        + dy * px
        - np.where(vfrac == 0.5, h / 2, np.where(vfrac == 0, clear, h - clear))
    )
    boxes = np.stack([x0, y0, x0 + w, y0 + h], axis=-1)  # (n, K, 4)
    # The leader line runs from the point to the label's nearest edge; a short one
    # (the label right beside its point) cannot cross anything.
    p = np.broadcast_to(anchors[:, None, :], (n, len(offsets), 2))
    q = np.clip(p, boxes[..., :2], boxes[..., 2:])
    has_line = np.hypot(*(q - p).transpose(2, 0, 1)) > r + clear
    others_mask = ~np.eye(n, dtype=bool)

    # What does not depend on the other labels. Worst is hiding data: a label past
    # the axes (over the ticks) or over a point; then over another label (pairs,
    # below); a corner or cut text is only a caption.
    area = w * h
    static = 4.0 * (area - _overlap_areas(boxes, frame))
    over_dots = _overlap_areas(boxes[:, :, None, :], dots[None, None, :, :])  # (n, K, n)
    static += 4.0 * (over_dots * others_mask[:, None, :]).sum(axis=-1)
    static += _overlap_areas(boxes[:, :, None, :], fixed[None, None, :, :]).sum(axis=-1)
    cross_dots = _crossings(p[:, :, None, :], q[:, :, None, :], dots[None, None, :, :])
    static += _CROSSING_COST * (cross_dots & has_line[..., None] & others_mask[:, None, :]).sum(
        axis=-1
    )
    # What label i pays, at each of its candidates, for label j at candidate at:
    # computed when first needed (few of the n·K pairs ever are), then kept.
    columns: dict[tuple[int, int, int], Any] = {}

    def pair(i: int, j: int, at: int) -> Any:
        key = (i, j, at)
        if key not in columns:
            other = boxes[j, at]
            cost = 2.0 * _overlap_areas(boxes[i], other)
            crossed = _crossings(p[i], q[i], other) & has_line[i]
            columns[key] = cost + _CROSSING_COST * crossed
        return columns[key]

    def best(i: int, pick: Sequence[int | None]) -> int:
        total = static[i].copy()
        for j, at in enumerate(pick):
            if at is not None and j != i:
                total += pair(i, j, at)
        # Cheapest, and among equals (to the pixel) the nearest: argmin takes the first.
        return int(np.argmin(np.round(total)))

    def place(order: Sequence[int]) -> tuple[tuple[float, int], list[int]]:
        pick: list[int | None] = [None] * n
        for i in order:
            pick[i] = best(i, pick)
        for _ in range(4):
            changed = False
            for i in order:
                k = best(i, pick)
                if k != pick[i]:
                    pick[i], changed = k, True
            if not changed:
                break
        done = [int(k) for k in pick if k is not None]
        total = sum(static[i, done[i]] for i in range(n))
        total += sum(pair(i, j, done[j])[done[i]] for i in range(n) for j in range(n) if i != j)
        return (round(float(total)), sum(done)), done

    # Which label chooses first matters when space is short (one label's best place
    # may be the only free place of another): a few orders, the cheapest result wins.
    near = np.hypot(*(anchors[:, None, :] - anchors[None, :, :]).transpose(2, 0, 1))
    crowd = (near < 80.0 * px).sum(axis=1)
    keys = (-crowd, crowd, -anchors[:, 1], anchors[:, 1], anchors[:, 0], -anchors[:, 0])
    orders = {tuple(int(i) for i in np.argsort(key, kind="stable")) for key in keys}
    _score, pick = min(place(order) for order in sorted(orders))
    for t, i, k in zip(labels, range(n), pick, strict=True):
        t.xyann = (float(dx[i, k]), float(dy[i, k]))
        t.set_horizontalalignment(("left", "center", "right")[int(hfrac[i, k] * 2)])
        t.set_verticalalignment(("bottom", "center", "top")[int(vfrac[i, k] * 2)])


def _quadrant_figure(
    result: ImportanceSatisfaction,
    title: str = "",
    example_mark: bool = False,
    size: Size | None = None,
) -> Figure:
    size = size or (11.0, 7.5)
    points = result.points
    xs = [p.satisfaction for p in points] + [result.satisfaction_cut]
    ys = [p.importance for p in points] + [result.importance_cut]

    def limits(vals: list[float]) -> tuple[float, float]:
        lo, hi = min(vals), max(vals)
        pad = max(8.0, (hi - lo) * 0.18)
        lo, hi = lo - pad, hi + pad
        if hi - lo < 40.0:
            extra = (40.0 - (hi - lo)) / 2.0
            lo, hi = lo - extra, hi + extra
        lo = max(0.0, math.floor(lo / 5.0) * 5.0)
        hi = min(100.0, math.ceil(hi / 5.0) * 5.0)
        return lo, hi

    x0, x1 = limits(xs)
    y0, y1 = limits(ys)
    sc, ic = result.satisfaction_cut, result.importance_cut
    with _styled():
        fig = _new_figure(size)
        ax = fig.add_subplot()
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        # The cell to act on first gets a light tint so it is found at a glance.
        ax.axvspan(x0, sc, ymin=(ic - y0) / (y1 - y0), ymax=1.0, color="#FBE3D6", zorder=0)
        ax.axvline(sc, color=MUTED, linestyle="--", linewidth=1.3, zorder=1)
        ax.axhline(ic, color=MUTED, linestyle="--", linewidth=1.3, zorder=1)
        cut_word = "Snitt" if result.cutoff == "mean" else "Midtpunkt"
        ax.text(
            sc,
            y0,
            f" {cut_word} {format_number(sc, 1)}",
            ha="left",
            va="bottom",
            color=MUTED,
            fontsize=SMALL_PT,
        )
        ax.text(
            x1,
            ic,
            f"{cut_word} {format_number(ic, 1)} ",
            ha="right",
            va="bottom",
            color=MUTED,
            fontsize=SMALL_PT,
        )
        corner = {
            Quadrant.ACT_FIRST: (0.015, 0.985, "left", "top"),
            Quadrant.KEEP_UP: (0.985, 0.985, "right", "top"),
            Quadrant.LOW_PRIORITY: (0.015, 0.015, "left", "bottom"),
            Quadrant.POSSIBLE_OVERKILL: (0.985, 0.015, "right", "bottom"),
        }
        for quadrant, (qx, qy, ha, va) in corner.items():
            ax.text(
                qx,
                qy,
                _wrap(quadrant.label.replace(" – ", " –\n", 1), 30),
                transform=ax.transAxes,
                ha=ha,
                va=va,
                fontsize=SMALL_PT + 1,
                fontweight="bold" if quadrant is Quadrant.ACT_FIRST else "normal",
                color="#8A3B00" if quadrant is Quadrant.ACT_FIRST else MUTED,
                linespacing=1.15,
            )
        ax.scatter(
            [p.satisfaction for p in points],
            [p.importance for p in points],
            s=130,
            color=UP,
            edgecolor="white",
            linewidth=1.2,
            zorder=3,
        )
        labels = []
        mid_x = (x0 + x1) / 2.0
        for p in points:
            right = p.satisfaction <= mid_x
            labels.append(
                ax.annotate(
                    f"{_wrap(p.area, 24)}\n({format_n(p.n)})",
                    (p.satisfaction, p.importance),
                    xytext=(10 if right else -10, 0),
                    textcoords="offset points",
                    ha="left" if right else "right",
                    va="center",
                    fontsize=12.0,
                    linespacing=1.1,
                    zorder=4,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
                    arrowprops={
                        "arrowstyle": "-",
                        "color": MUTED,
                        "lw": 0.8,
                        "shrinkA": 0,
                        "shrinkB": 6,
                    },
                )
            )
        ax.xaxis.set_major_formatter(_number_formatter(0))
        ax.yaxis.set_major_formatter(_number_formatter(0))
        ax.set_xlabel("Tilfredshet (indeks 0–100)")
        ax.set_ylabel("Viktighet (indeks 0–100)")
        note = (
            "Linjene går ved snittet av områdene."
            if result.cutoff == "mean"
            else "Linjene går ved midten av skalaen."
        )
        if result.left_out:
            note += " Ikke vist (for få svar): " + ", ".join(result.left_out) + "."
        _finish(fig, title=title, note=note, example_mark=example_mark, size=size)
        _place_labels(fig, ax, labels)
    return fig


def importance_satisfaction_quadrant(
    result: ImportanceSatisfaction,
    title: str = "",
    example_mark: bool = False,
    *,
    dpi: float = 150,
    size: Size | None = None,
) -> bytes:
    """Importance against satisfaction per area, with the four cells named.

    "Viktig, men svakt" (top left, tinted) is where to act first. Build the input with
    :func:`nvk_desktop.analysis.stats.importance_satisfaction`.
    """
    return _render(_quadrant_figure(result, title, example_mark, size), dpi)


# --------------------------------------------------------------------------- change


def _change_figure(
    labels: Sequence[str],
    changes: Sequence[Change],
    measure: Literal["mean", "index"] = "mean",
    title: str = "",
    example_mark: bool = False,
    size: Size | None = None,
) -> Figure:
    if len(labels) != len(changes):
        raise ValueError("Én etikett per endring")
    if size is None:
        size = (11.0, 2.4 + 0.95 * max(len(changes), 1))
    decimals = 1 if measure == "mean" else 0

    def level(s: ItemStats) -> float | None:
        return s.mean if measure == "mean" else s.index

    def scaled(c: Change, x: float) -> float:
        if measure == "mean":
            return x
        return x * 100.0 / (c.t0.scale_max - c.t0.scale_min)

    with _styled():
        fig = _new_figure(size)
        ax = fig.add_subplot()
        ticks: list[str] = []
        extent = 0.5 if measure == "mean" else 10.0
        wrap_width = _chars_for(size[0] * 0.32, 12.0)
        for y, (label, c) in enumerate(zip(labels, changes, strict=True)):
            if c.suppressed or c.mean_diff is None or c.ci_low is None or c.ci_high is None:
                ticks.append(_wrap(label, wrap_width) + f"\n({format_n(None)})")
                ax.text(
                    0,
                    y,
                    SUPPRESSED_TEXT,
                    ha="center",
                    va="center",
                    color=MUTED,
                    fontstyle="italic",
                    bbox={"fc": "white", "ec": "none", "pad": 1},
                )
                continue
            before, after = level(c.t0), level(c.t1)
            ticks.append(
                _wrap(label, wrap_width)
                + f"\n{format_number(before, decimals)} → {format_number(after, decimals)}"
                + f"  (n{NBSP}={NBSP}{format_number(c.t0.n, 0)} / {format_number(c.t1.n, 0)}"
                + (", få svar)" if min(c.t0.n, c.t1.n) < SMALL_N else ")")
            )
            diff = scaled(c, c.mean_diff)
            low, high = scaled(c, c.ci_low), scaled(c, c.ci_high)
            unclear = low <= 0.0 <= high
            colour = UP if diff >= 0 else DOWN
            ax.barh(
                y,
                diff,
                height=0.55,
                color=colour,
                alpha=0.4 if unclear else 1.0,
                hatch="//" if unclear else None,
                edgecolor=colour,
                linewidth=1.0,
            )
            ax.errorbar(
                diff,
                y,
                xerr=[[diff - low], [high - diff]],
                fmt="none",
                ecolor=INK,
                elinewidth=1.8,
                capsize=7,
                capthick=1.8,
                zorder=3,
            )
            ax.text(
                high if diff >= 0 else low,
                y - 0.36,
                _signed(diff, decimals),
                ha="left" if diff >= 0 else "right",
                va="center",
                fontsize=SMALL_PT + 1,
                fontweight="bold",
            )
            extent = max(extent, abs(low), abs(high))
        limit = extent * 1.25
        ax.set_xlim(-limit, limit)
        ax.set_ylim(len(changes) - 0.5, -0.75)
        ax.set_yticks(range(len(changes)), ticks)
        ax.axvline(0, color=INK, linewidth=1.3, zorder=2)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=8, steps=[1, 2, 2.5, 5, 10], symmetric=True))
        ax.xaxis.set_major_formatter(_number_formatter(decimals if measure == "mean" else 0))
        ax.grid(axis="x", color=GRID, linewidth=0.8)
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        what = "gjennomsnitt" if measure == "mean" else "indeks (0–100)"
        ax.set_xlabel(f"Endring i {what}, T1 − T0")
        _top_legend(
            ax,
            [
                Patch(facecolor=UP, label="Bedre"),
                Patch(facecolor=DOWN, label="Dårligere"),
                Patch(
                    facecolor="#B8CFE0",
                    edgecolor=UP,
                    hatch="//",
                    label="Kan skyldes tilfeldigheter",
                ),
            ],
            ncol=3,
        )
        _finish(
            fig,
            title=title,
            note=f"Strekene viser 95{NBSP}% konfidensintervall for endringen.",
            example_mark=example_mark,
            size=size,
        )
    return fig


def change_chart(
    labels: Sequence[str],
    changes: Sequence[Change],
    measure: Literal["mean", "index"] = "mean",
    *,
    title: str = "",
    example_mark: bool = False,
    dpi: float = 150,
    size: Size | None = None,
) -> bytes:
    """T1 − T0 per item or area, with the 95 % confidence interval as error bars.

    A pale, hatched bar is a change that chance could explain (the interval crosses
    0); each label carries the T0 → T1 levels and both n.
    """
    return _render(_change_figure(labels, changes, measure, title, example_mark, size), dpi)
