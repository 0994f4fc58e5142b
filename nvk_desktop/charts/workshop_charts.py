"""Workshop charts as PNG bytes: the gevinst/innsats matrix (DOMAIN.md §7) and the dot
vote totals, for the verkstedreferat and the GUI.

The style follows charts/survey_charts.py: object API only (no pyplot, safe in the
background runner), DejaVu Sans, the Okabe–Ito palette, the decimal comma, the
example mark. Votes are totals per point only, never per participant. The matrix
names its four cells in words (never by colour alone); "high" is 3–5 on the 1–5
scale, so the cell borders lie between 2 and 3.
"""

from __future__ import annotations

import io
import math
import textwrap
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, MaxNLocator

from nvk_desktop.domain.workshop import HIGH_SCORE, SCORE_MAX, SCORE_MIN, Quadrant, VoteTally

__all__ = ["EXAMPLE_MARK", "MatrixPoint", "gain_effort_matrix", "votes_chart"]

EXAMPLE_MARK = "Eksempelprosjekt – fiktive data"
Size = tuple[float, float]

BLUE, ORANGE, MUTED, INK, GRID = "#0072B2", "#E69F00", "#595959", "#222222", "#D0D0D0"
FIGURE_SPACE = "\u2007"  # as wide as a digit: the key's numbers line up
TINT = "#E1EEF8"  # raske gevinster: the cell to start with
BASE_PT, SMALL_PT, TITLE_PT = 13.0, 11.0, 16.0
_STYLE: dict[Any, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": BASE_PT,
    "axes.titlesize": TITLE_PT,
    "axes.labelsize": BASE_PT,
    "xtick.labelsize": 12.0,
    "ytick.labelsize": 12.0,
    "figure.titlesize": TITLE_PT,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "text.color": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_LOCK = threading.RLock()  # rc_context changes global rcParams: one chart at a time


@contextmanager
def _styled() -> Iterator[None]:
    with _LOCK, mpl.rc_context(_STYLE):
        yield


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, max(width, 8), break_long_words=False)) or text


def _new_figure(size: Size) -> Figure:
    fig = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _render(fig: Figure, dpi: float) -> bytes:
    buf = io.BytesIO()
    with _styled():
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


def _footer(fig: Figure, example_mark: bool) -> None:
    if example_mark:
        fig.text(
            0.99,
            0.01,
            EXAMPLE_MARK,
            ha="right",
            va="bottom",
            fontsize=SMALL_PT,
            color="#8A1C1C",
            fontstyle="italic",
            bbox={"boxstyle": "round,pad=0.25", "fc": "#FFF4E5", "ec": ORANGE, "lw": 0.8},
        )


# ----------------------------------------------------------------- gevinst/innsats


@dataclass(frozen=True)
class MatrixPoint:
    """One scored improvement point; ``number`` is its place in the prioritised list."""

    number: int
    title: str
    gain: int
    effort: int
    dots: int = 0


_CUT = HIGH_SCORE - 0.5  # between 2 (low) and 3 (high)
_LO, _HI = SCORE_MIN - 0.85, SCORE_MAX + 0.85
_CELLS = {
    # quadrant: (x, y, ha, va) of its name, in data coordinates (x innsats, y gevinst)
    Quadrant.RASKE_GEVINSTER: (_LO + 0.08, _HI - 0.06, "left", "top"),
    Quadrant.STRATEGISKE_TILTAK: (_HI - 0.08, _HI - 0.06, "right", "top"),
    Quadrant.SMATILTAK: (_LO + 0.08, _LO + 0.06, "left", "bottom"),
    Quadrant.UNNGA: (_HI - 0.08, _LO + 0.06, "right", "bottom"),
}


def _spread(points: Sequence[MatrixPoint]) -> list[tuple[float, float]]:
    """Points on the same scores are set around their spot so each number is seen."""
    at: dict[tuple[int, int], list[int]] = {}
    for i, p in enumerate(points):
        at.setdefault((p.effort, p.gain), []).append(i)
    out: list[tuple[float, float]] = [(0.0, 0.0)] * len(points)
    for (x, y), idx in at.items():
        n = len(idx)
        radius = 0.0 if n == 1 else min(0.34, 0.16 + 0.04 * n)
        for k, i in enumerate(idx):
            angle = math.pi / 2 + 2 * math.pi * k / max(n, 1)
            out[i] = (x + radius * math.cos(angle), y + radius * math.sin(angle))
    return out


def _matrix_figure(
    points: Sequence[MatrixPoint],
    title: str = "",
    example_mark: bool = False,
    size: Size | None = None,
    key: bool = True,
) -> Figure:
    size = size or ((11.0, 6.6) if key else (7.4, 6.6))
    with _styled():
        fig = _new_figure(size)
        if key:
            ax, kax = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.2, 1.0]})
        else:
            ax, kax = fig.add_subplot(), None
        ax.set_xlim(_LO, _HI)
        ax.set_ylim(_LO, _HI)
        ax.set_aspect("equal", adjustable="box")
        ax.fill_between([_LO, _CUT], _CUT, _HI, color=TINT, zorder=0, linewidth=0)
        ax.axvline(_CUT, color=MUTED, linestyle="--", linewidth=1.3, zorder=1)
        ax.axhline(_CUT, color=MUTED, linestyle="--", linewidth=1.3, zorder=1)
        for quadrant, (qx, qy, ha, va) in _CELLS.items():
            first = quadrant is Quadrant.RASKE_GEVINSTER
            ax.text(
                qx,
                qy,
                f"{quadrant.label}\n{quadrant.explanation.lower()}",
                ha=ha,
                va=va,
                fontsize=SMALL_PT,
                fontweight="bold" if first else "normal",
                color="#0B4F7C" if first else MUTED,
                linespacing=1.15,
                zorder=2,
            )
        ticks = list(range(SCORE_MIN, SCORE_MAX + 1))
        ax.xaxis.set_major_locator(FixedLocator(ticks))
        ax.yaxis.set_major_locator(FixedLocator(ticks))
        ax.set_xlabel("Innsats (1 = liten, 5 = stor)")
        ax.set_ylabel("Gevinst for næringslivet (1 = liten, 5 = stor)")
        ax.grid(color=GRID, linewidth=0.6, zorder=0)
        ax.set_axisbelow(True)
        most = max((p.dots for p in points), default=0)
        for p, (x, y) in zip(points, _spread(points), strict=True):
            area = 560 + (520 * p.dots / most if most else 0)
            ax.scatter([x], [y], s=area, color=BLUE, edgecolor="white", linewidth=1.5, zorder=3)
            ax.text(
                x,
                y,
                str(p.number),
                ha="center",
                va="center",
                color="white",
                fontsize=BASE_PT,
                fontweight="bold",
                zorder=4,
            )
        if not points:
            ax.text(
                (_LO + _HI) / 2,
                (_LO + _HI) / 2,
                "Ingen forbedringspunkter har fått\nbåde gevinst og innsats ennå",
                ha="center",
                va="center",
                color=MUTED,
                fontstyle="italic",
                bbox={"fc": "white", "ec": "none", "pad": 3},
            )
        if kax is not None:
            kax.axis("off")
            lines = []
            digits = len(str(max((p.number for p in points), default=1)))
            indent = FIGURE_SPACE * (digits + 1) + " "
            for p in points:
                name = _wrap(p.title, 40).replace("\n", "\n" + indent)
                lines.append(f"{str(p.number).rjust(digits, FIGURE_SPACE)}{FIGURE_SPACE} {name}")
            if most:
                lines.append("\nStørre sirkel = flere prikker")
            kax.text(
                0.0,
                1.0,
                "\n".join(lines),
                ha="left",
                va="top",
                fontsize=BASE_PT,
                linespacing=1.3,
                transform=kax.transAxes,
                family="DejaVu Sans",
            )
        if title:
            fig.suptitle(title, fontweight="bold")
        _footer(fig, example_mark)
    return fig


def gain_effort_matrix(
    points: Sequence[MatrixPoint],
    title: str = "",
    example_mark: bool = False,
    *,
    key: bool = True,
    dpi: float = 150,
    size: Size | None = None,
) -> bytes:
    """The 2×2 matrix: innsats across, gevinst up, each point as its number (a larger
    circle for more dots), the four cells named. With ``key`` the numbers are listed
    with their titles beside the matrix."""
    return _render(_matrix_figure(points, title, example_mark, size, key), dpi)


# -------------------------------------------------------------------------- votes


def _votes_figure(
    tallies: Sequence[VoteTally],
    title: str = "",
    example_mark: bool = False,
    size: Size | None = None,
) -> Figure:
    rows = list(tallies)
    size = size or (11.0, 1.6 + 0.62 * max(len(rows), 1))
    with _styled():
        fig = _new_figure(size)
        ax = fig.add_subplot()
        width = max(20, int(size[0] * 72 / (12.0 * 0.58) * 0.42))
        labels = [_wrap(t.title, width) for t in rows]
        ys = list(range(len(rows)))
        ax.barh(ys, [t.dots for t in rows], height=0.62, color=BLUE, zorder=2)
        most = max((t.dots for t in rows), default=0)
        for y, t in zip(ys, rows, strict=True):
            voters = "1 deltaker" if t.voters == 1 else f"{t.voters} deltakere"
            ax.text(
                t.dots + most * 0.015 + 0.05,
                y,
                f"{t.dots}  ({voters})",
                va="center",
                ha="left",
                fontsize=SMALL_PT + 1,
                color=INK,
            )
        ax.set_yticks(ys, labels)
        ax.set_ylim(len(rows) - 0.5, -0.6)
        ax.set_xlim(0, max(most * 1.3, 1) + 1)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("Prikker")
        ax.grid(axis="x", color=GRID, linewidth=0.8, zorder=0)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        if not rows:
            ax.text(
                0.5, 0.5, "Ingen stemmer ennå", transform=ax.transAxes, ha="center", color=MUTED
            )
        if title:
            fig.suptitle(title, fontweight="bold")
        _footer(fig, example_mark)
    return fig


def votes_chart(
    tallies: Sequence[VoteTally],
    title: str = "",
    example_mark: bool = False,
    *,
    dpi: float = 150,
    size: Size | None = None,
) -> bytes:
    """Total dots per point as horizontal bars, in the order given (most first from
    ``workshop_points.tally``), with how many participants gave them."""
    return _render(_votes_figure(tallies, title, example_mark, size), dpi)
