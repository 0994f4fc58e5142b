"""Charts of measures as PNG bytes: an effect indicator's values over time against its
baseline and target (for the statusrapport and the GUI).

The style follows charts/survey_charts.py: object API only (no pyplot), DejaVu Sans,
the Okabe–Ito palette (never red against green), the decimal comma, the example mark.
The status (reached / on track / behind) is written in words in the title, never
told by colour alone. matplotlib is imported here only, when a chart is drawn.
"""

from __future__ import annotations

import io
import textwrap
import threading
from datetime import timedelta
from typing import Any

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, date2num, num2date
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from nvk_desktop.domain.measures import Indicator, format_number

EXAMPLE_MARK = "Eksempelprosjekt – fiktive data"
BLUE, ORANGE, GREEN, MUTED, INK, GRID = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#595959",
    "#222222",
    "#D0D0D0",
)
_MONTHS = ("jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des")
_STYLE: dict[Any, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 11.0,
    "axes.titlesize": 12.0,
    "xtick.labelsize": 10.0,
    "ytick.labelsize": 10.0,
    "legend.fontsize": 10.0,
    "axes.edgecolor": MUTED,
    "text.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.unicode_minus": True,
}
_LOCK = threading.RLock()


def _figure(ind: Indicator, title: str, size: tuple[float, float], example: bool) -> Figure:
    fig = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    values = sorted(ind.values, key=lambda v: v.measured_on)
    xs = [v.measured_on for v in values]
    ys = [v.value for v in values]
    unit = f" {ind.unit}" if ind.unit else ""
    dates = list(xs)
    if ind.baseline_on:
        dates.append(ind.baseline_on)
    if ind.target_on:
        dates.append(ind.target_on)
    if ind.baseline is not None:
        ax.axhline(ind.baseline, color=MUTED, lw=1.2, ls="--", zorder=1)
        ax.annotate(
            f"Utgangsverdi {format_number(ind.baseline)}{unit}",
            xy=(0.0, ind.baseline),
            xycoords=("axes fraction", "data"),
            xytext=(4, 3),
            textcoords="offset points",
            fontsize=9.5,
            color=MUTED,
        )
    if ind.target is not None:
        ax.axhline(ind.target, color=GREEN, lw=1.4, ls=":", zorder=1)
        ax.annotate(
            f"Mål {format_number(ind.target)}{unit}",
            xy=(1.0, ind.target),
            xycoords=("axes fraction", "data"),
            xytext=(-4, 3),
            textcoords="offset points",
            ha="right",
            fontsize=9.5,
            color="#00674A",
        )
    if (
        ind.baseline is not None
        and ind.target is not None
        and ind.baseline_on is not None
        and ind.target_on is not None
    ):
        ax.plot(
            [float(date2num(ind.baseline_on)), float(date2num(ind.target_on))],
            [ind.baseline, ind.target],
            color=ORANGE,
            lw=1.2,
            ls="-.",
            zorder=2,
            label="Planlagt vei mot målet",
        )
    if xs:
        ax.plot(
            [float(date2num(x)) for x in xs],
            ys,
            color=BLUE,
            lw=2.2,
            marker="o",
            ms=5,
            zorder=3,
            label="Målt",
        )
        last = values[-1]
        ax.annotate(
            f"{format_number(last.value)}{unit}",
            xy=(float(date2num(last.measured_on)), last.value),
            xytext=(-6, -14 if len(values) > 1 and last.value < values[-2].value else 8),
            textcoords="offset points",
            ha="right",
            fontsize=10,
            fontweight="bold",
            color=BLUE,
        )
    else:
        ax.text(0.5, 0.5, "Ingen målinger ennå", transform=ax.transAxes, ha="center", color=MUTED)
    if dates:
        lo, hi = min(dates), max(dates)
        pad = max(timedelta(days=15), (hi - lo) * 0.06)
        ax.set_xlim(float(date2num(lo - pad)), float(date2num(hi + pad)))
    all_y = ys + [v for v in (ind.baseline, ind.target) if v is not None]
    if all_y:
        lo_y, hi_y = min(all_y), max(all_y)
        span = (hi_y - lo_y) or max(abs(hi_y), 1.0)
        ax.set_ylim(lo_y - span * 0.25, hi_y + span * 0.3)
    ax.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=7))

    def month(x: float, _pos: int | None = None) -> str:
        d = num2date(x)
        return f"{_MONTHS[d.month - 1]} {d.year}"

    ax.xaxis.set_major_formatter(FuncFormatter(month))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _p: format_number(y)))
    if ind.unit:
        ax.set_ylabel(ind.unit)
    ax.grid(axis="y", color=GRID, lw=0.6)
    width_chars = int((size[0] - 1.0) * 72 / (12.0 * 0.64))
    ax.set_title(textwrap.fill(title, width_chars), loc="left", fontweight="bold")
    if xs or ind.baseline_on:
        ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.16), ncol=2, frameon=False)
    if example:
        fig.text(
            0.995,
            0.005,
            EXAMPLE_MARK,
            ha="right",
            va="bottom",
            fontsize=8.5,
            color="#8A1C1C",
            fontstyle="italic",
        )
    return fig


def indicator_figure(
    ind: Indicator,
    *,
    title: str = "",
    size: tuple[float, float] = (7.0, 2.9),
    example_mark: bool = False,
) -> Figure:
    """The figure (for tests: its texts can be read)."""
    with _LOCK, mpl.rc_context(_STYLE):
        return _figure(ind, title or ind.name, size, example_mark)


def indicator_chart(
    ind: Indicator,
    *,
    title: str = "",
    size: tuple[float, float] = (7.0, 2.9),
    dpi: float = 150,
    example_mark: bool = False,
) -> bytes:
    """The indicator's values over time with baseline, target and the planned path."""
    from PIL import Image

    with _LOCK, mpl.rc_context(_STYLE):
        fig = _figure(ind, title or ind.name, size, example_mark)
        fig.set_dpi(dpi)
        canvas = fig.canvas
        assert isinstance(canvas, FigureCanvasAgg)
        canvas.draw()
        rgba = canvas.buffer_rgba()
        image = Image.frombuffer("RGBA", (rgba.shape[1], rgba.shape[0]), rgba, "raw")
        buf = io.BytesIO()
        image.convert("RGB").save(buf, format="png", compress_level=3)
    return buf.getvalue()
