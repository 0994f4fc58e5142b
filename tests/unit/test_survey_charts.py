"""Survey charts: valid PNGs, Norwegian numbers, n everywhere, nothing clipped, no glyph gaps.

The texts are read from the matplotlib Figure that each ``_*_figure`` builder returns,
after a draw, so tick labels are the ones a reader sees.
"""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from nvk_desktop.analysis.formatting import NBSP
from nvk_desktop.analysis.stats import (
    ImportanceSatisfaction,
    Quadrant,
    QuadrantPoint,
    change,
    importance_satisfaction,
    item_stats,
)
from nvk_desktop.charts import survey_charts as sc

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
LABELS5 = ["Svært dårlig", "Dårlig", "Verken godt eller dårlig", "Godt", "Svært godt"]
SAMI = "Gáivuotna, Unjárga, Čáhcesuolu: ŋ đ ŧ š ž"
LONG_ITEM = (
    "Kommunen gir raske og tydelige svar når bedriften søker om tillatelser, "
    "dispensasjoner eller byggesaker i " + SAMI
)


def n_is(n: int) -> str:
    return f"n{NBSP}={NBSP}{n}"


def all_texts(fig: Figure) -> list[str]:
    fig.canvas.draw()
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


def tick_texts(fig: Figure, axis: str = "x") -> list[str]:
    fig.canvas.draw()
    ax = fig.axes[0]
    ticks = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
    return [t.get_text() for t in ticks if t.get_text()]


def joined(fig: Figure) -> str:
    """All texts in one string, line breaks as spaces (labels are wrapped)."""
    # Only ASCII spaces and line breaks collapse: the no-break spaces must survive.
    return " ".join(re.sub(r"[ \n]+", " ", t) for t in all_texts(fig))


def _off_view_ticks(fig: Figure) -> set[int]:
    """Tick labels matplotlib keeps but does not draw (locations outside the view)."""
    hidden: set[int] = set()
    for ax in fig.axes:
        lo, hi = sorted(ax.get_xlim())
        for tick in ax.xaxis.get_major_ticks():
            if not lo - 1e-9 <= tick.get_loc() <= hi + 1e-9:
                hidden |= {id(tick.label1), id(tick.label2)}
        lo, hi = sorted(ax.get_ylim())
        for tick in ax.yaxis.get_major_ticks():
            if not lo - 1e-9 <= tick.get_loc() <= hi + 1e-9:
                hidden |= {id(tick.label1), id(tick.label2)}
    return hidden


def assert_nothing_clipped(fig: Figure) -> None:
    """Every drawn text lies inside the figure: wrapped, never cut at the edge."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    box = fig.bbox
    off_view = _off_view_ticks(fig)
    for t in fig.findobj(Text):
        if not t.get_visible() or not t.get_text().strip() or id(t) in off_view:
            continue
        ext = Text.get_window_extent(t, renderer)
        assert ext.x0 >= box.x0 - 1 and ext.x1 <= box.x1 + 1, t.get_text()
        assert ext.y0 >= box.y0 - 1 and ext.y1 <= box.y1 + 1, t.get_text()


@pytest.fixture
def no_glyph_warnings(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fail on "Glyph … missing from font": a missing æ, ø, å or Sámi letter."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with caplog.at_level(logging.WARNING):
            yield
    messages = [str(w.message) for w in caught] + [r.getMessage() for r in caplog.records]
    assert not [m for m in messages if "Glyph" in m or "missing from" in m], messages


# --------------------------------------------------------------------------- data


def likert_rows() -> list[sc.LikertRow]:
    return [
        sc.LikertRow.from_stats(LONG_ITEM, item_stats([1, 2, 2, 3, 4, 4, 5, 5, None] * 5, 1, 5)),
        sc.LikertRow.from_stats("Næringsareal", item_stats([3, 4, 4, 5, 2, 1, 4], 1, 5)),
        sc.LikertRow.from_stats("Politikere", item_stats([4, 5, 3], 1, 5)),  # n=3 → hidden
        sc.LikertRow("Utviklingsselskapet", {}, 0, suppressed=True),
    ]


def grouped_args() -> dict[str, object]:
    return {
        "areas": ["Infrastruktur og planverk", "Byggesaker", "Dialog og samarbeid i " + SAMI],
        "groups": ["Næringsliv", "Ansatte i kommunen", "Politikere"],
        "values": [[2.7, 3.4, 3.2], [2.45, 3.6, None], [3.1, 4.0, 3.9]],
        "ns": [[60, 35, 12], [58, 34, None], [61, 33, 4]],
    }


def quadrant_input() -> sc.ImportanceSatisfaction:
    def st(values: list[int]) -> sc.ItemStats:
        return item_stats(values, 1, 5)

    return importance_satisfaction(
        [
            ("Byggesaker", st([5, 4, 5, 4, 5, 4] * 7), st([2, 2, 3, 2, 2, 2] * 7)),
            ("Service og informasjon", st([5, 4] * 20), st([4] * 40)),
            ("Næringsareal", st([3] * 30), st([2, 3] * 15)),
            ("Dialog og samarbeid", st([3, 4] * 16), st([4] * 32)),
            ("Skjult område", sc.ItemStats.hidden(1, 5), st([4] * 10)),
        ]
    )


def changes() -> tuple[list[str], list[sc.Change]]:
    return (
        ["Byggesaker", "Næringsareal", "Dialog i Gáivuotna", "Lite utvalg"],
        [
            change([2, 3, 3, 2, 4, 3] * 8, [3, 4, 4, 3, 5, 4] * 7, 1, 5),
            change([3, 4, 2] * 15, [2, 3, 2, 3] * 10, 1, 5),
            change([3, 3, 4, 2, 4] * 3, [3, 4, 4, 3, 4] * 2, 1, 5),
            change([3, 4, 2], [4, 4, 5, 5, 5, 4], 1, 5),  # T0 n=3 → no comparison
        ],
    )


# --------------------------------------------------------------------------- PNG output


RENDERERS: dict[str, Callable[[tuple[float, float], float], bytes]] = {
    "likert": lambda size, dpi: sc.likert_diverging(
        likert_rows(), 1, 5, LABELS5, "Tittel", True, dpi=dpi, size=size
    ),
    "grouped": lambda size, dpi: sc.grouped_bars(**grouped_args(), dpi=dpi, size=size),  # type: ignore[arg-type]
    "quadrant": lambda size, dpi: sc.importance_satisfaction_quadrant(
        quadrant_input(), "Viktighet", dpi=dpi, size=size
    ),
    "change": lambda size, dpi: sc.change_chart(*changes(), dpi=dpi, size=size),
}


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_renders_png_of_the_asked_size(name: str, no_glyph_warnings: None) -> None:
    png = RENDERERS[name]((8.0, 6.0), 100)
    assert png.startswith(PNG_SIGNATURE)
    # IHDR: width and height as big-endian 32-bit integers at bytes 16–24.
    width = int.from_bytes(png[16:20], "big")
    height = int.from_bytes(png[20:24], "big")
    assert (width, height) == (800, 600)


def test_no_pyplot_and_no_matplotlib_at_import() -> None:
    """matplotlib stays out of start-up; charts never touch pyplot's global state."""
    code = (
        "import sys\n"
        "import nvk_desktop.analysis.stats, nvk_desktop.analysis.formatting, nvk_desktop.charts\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib at import'\n"
        "from nvk_desktop.charts import survey_charts as sc\n"
        "sc.grouped_bars(['A'], ['B'], [[50.0]], [[10]], dpi=30)\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot used'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


# --------------------------------------------------------------------------- Likert


def test_likert_texts(no_glyph_warnings: None) -> None:
    fig = sc._likert_figure(likert_rows(), 1, 5, LABELS5, "Næringslivet i Gáivuotna", True)
    text = joined(fig)
    assert f"({n_is(40)})" in text
    assert f"({n_is(7)})" in text
    assert "(n < 5)".replace(" ", NBSP) in text
    assert text.count(sc.SUPPRESSED_TEXT) == 2  # the n=3 row and the hidden row
    assert "Gáivuotna" in text and "ŧ" in text
    assert sc.EXAMPLE_MARK in text
    assert all(label in text for label in LABELS5)
    # The long item is wrapped onto several lines, not cut.
    first = tick_texts(fig, "y")[0]
    assert first.count("\n") >= 2
    assert re.sub(r"\s+", " ", first).startswith("Kommunen gir raske og tydelige svar")
    # Percent ticks on both sides, positive, with a no-break space before %.
    ticks = tick_texts(fig)
    assert f"20{NBSP}%" in ticks and not any("−" in t or "-" in t for t in ticks)
    assert_nothing_clipped(fig)


def test_likert_bar_shares_and_split_neutral() -> None:
    # 10 answers: 1×1, 1×2, 2×3, 4×4, 2×5 → 20 % below, 20 % neutral split ±10 %.
    row = sc.LikertRow("x", {1: 1, 2: 1, 3: 2, 4: 4, 5: 2}, 10)
    fig = sc._likert_figure([row], 1, 5, LABELS5)
    bars = sorted((p.get_x(), p.get_width()) for p in fig.axes[0].patches if p.get_width() > 0)
    assert [round(x, 6) for x, _ in bars] == [-30.0, -20.0, -10.0, 10.0, 50.0]
    assert [round(w, 6) for _, w in bars] == [10.0, 10.0, 20.0, 40.0, 20.0]
    assert "Tittel" not in joined(fig)
    assert sc.EXAMPLE_MARK not in joined(fig)


def test_likert_even_and_long_scales(no_glyph_warnings: None) -> None:
    six = ["Helt uenig", "Uenig", "Litt uenig", "Litt enig", "Enig", "Helt enig"]
    fig = sc._likert_figure(
        [sc.LikertRow.from_stats("Seks", item_stats([1, 3, 4, 6, 6, 2], 1, 6))], 1, 6, six
    )
    lefts = sorted(p.get_x() for p in fig.axes[0].patches if p.get_width() > 0)
    assert lefts[0] == pytest.approx(-50.0)  # 3 of 6 answers below the middle, no neutral
    eleven = ["0 Svært lite sannsynlig", *map(str, range(1, 10)), "10 Svært sannsynlig"]
    fig = sc._likert_figure(
        [sc.LikertRow.from_stats(LONG_ITEM, item_stats(list(range(11)) * 3, 0, 10))],
        0,
        10,
        eleven,
    )
    assert_nothing_clipped(fig)


def test_likert_needs_one_label_per_value() -> None:
    with pytest.raises(ValueError):
        sc._likert_figure(likert_rows(), 1, 5, LABELS5[:4])


# --------------------------------------------------------------------------- grouped bars


def test_grouped_mean_uses_decimal_comma(no_glyph_warnings: None) -> None:
    fig = sc._grouped_figure(**grouped_args(), measure="mean", example_mark=True)  # type: ignore[arg-type]
    ticks = tick_texts(fig)
    assert ticks == ["1,0", "2,0", "3,0", "4,0", "5,0"]
    text = joined(fig)
    assert f"2,5 ({n_is(58)})" in text  # 2.45 rounds half up, as by hand
    assert f"3,4 ({n_is(35)})" in text
    assert "Politikere: for få svar" in text
    assert text.count("for få svar") == 2  # n None and n 4
    assert "." not in "".join(ticks)
    assert sc.EXAMPLE_MARK in text
    assert_nothing_clipped(fig)


def test_grouped_index_whole_numbers() -> None:
    args = grouped_args()
    args["values"] = [[42.4, 60.0, 55.5], [38.0, 65.0, None], [52.0, 75.0, 72.0]]
    fig = sc._grouped_figure(**args, measure="index")  # type: ignore[arg-type]
    assert tick_texts(fig) == ["0", "25", "50", "75", "100"]
    assert f"56 ({n_is(12)})" in joined(fig)


def test_grouped_shape_is_checked() -> None:
    args = grouped_args()
    args["ns"] = [[1, 2]]
    with pytest.raises(ValueError):
        sc._grouped_figure(**args)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- quadrant


def test_quadrant_texts(no_glyph_warnings: None) -> None:
    result = quadrant_input()
    fig = sc._quadrant_figure(result, "Viktighet og tilfredshet", example_mark=True)
    text = joined(fig)
    for q in sc.Quadrant:
        assert q.label in text
    assert f"Byggesaker ({n_is(42)})" in text
    assert f"Service og informasjon ({n_is(40)})" in text
    assert "Skjult område" in text  # named as left out, not plotted
    # The cut lines are labelled with a decimal comma.
    assert f"Snitt {result.satisfaction_cut:.1f}".replace(".", ",") in text
    assert_nothing_clipped(fig)


def test_quadrant_labels_do_not_overlap() -> None:
    fig = sc._quadrant_figure(quadrant_input())
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    labels = [t for t in fig.axes[0].texts if "n" + NBSP in t.get_text()]
    boxes = [Text.get_window_extent(t, renderer) for t in labels]
    assert len(boxes) == 4
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b)


def crowded_quadrant() -> ImportanceSatisfaction:
    """The follow-up demo's næringsliv: four of six areas within two index points."""
    points = (
        ("Infrastruktur og planverk", 75.0, 51.2),
        ("Næringsareal", 68.9, 50.3),
        ("Byggesaker", 76.6, 51.1),
        ("Næringsutvikling", 63.9, 56.9),
        ("Service og informasjon", 76.6, 46.1),
        ("Dialog og samarbeid", 68.5, 51.0),
    )
    return ImportanceSatisfaction(
        points=tuple(
            QuadrantPoint(area, imp, sat, 45, Quadrant.KEEP_UP) for area, imp, sat in points
        ),
        importance_cut=71.6,
        satisfaction_cut=51.1,
        cutoff="mean",
        left_out=(),
    )


@pytest.mark.parametrize("size", [(9.0, 7.0), (6.0, 4.5)])
def test_crowded_quadrant_labels_stay_clear(size: tuple[float, float]) -> None:
    """No label over another label, another point or a corner/cut text; all inside."""
    result = crowded_quadrant()
    fig = sc._quadrant_figure(result, "Viktighet", size=size)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    ax = fig.axes[0]
    labels = [t for t in ax.texts if "n" + NBSP in t.get_text()]
    fixed = [t for t in ax.texts if t not in labels and t.get_text().strip()]
    boxes = [Text.get_window_extent(t, renderer) for t in labels]
    assert len(boxes) == 6
    dots = [ax.transData.transform((p.satisfaction, p.importance)) for p in result.points]
    for i, a in enumerate(boxes):
        assert ax.bbox.x0 <= a.x0 and a.x1 <= ax.bbox.x1, labels[i].get_text()
        assert ax.bbox.y0 <= a.y0 and a.y1 <= ax.bbox.y1, labels[i].get_text()
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b)
        for t in fixed:
            assert not a.overlaps(Text.get_window_extent(t, renderer)), t.get_text()
        for x, y in dots:
            assert not (a.x0 - 3 < x < a.x1 + 3 and a.y0 - 3 < y < a.y1 + 3), labels[i].get_text()


def test_a_chart_is_drawn_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Placing the quadrant's labels and saving the PNG take one draw in all (no
    draw per placement step, no savefig layout pre-pass): the report has many charts."""
    draws = []
    original = Figure.draw

    def counting(self: Figure, renderer: object) -> None:
        draws.append(self)
        original(self, renderer)  # type: ignore[arg-type]

    monkeypatch.setattr(Figure, "draw", counting)
    for name in sorted(RENDERERS):
        draws.clear()
        RENDERERS[name]((8.0, 6.0), 100)
        assert len(draws) == 1, name


def test_png_is_opaque_rgb() -> None:
    """No alpha channel: ReportLab would embed a second image (a soft mask) for it."""
    png = RENDERERS["likert"]((8.0, 6.0), 60)
    assert png[24:26] == bytes([8, 2])  # IHDR: 8 bits per sample, colour type 2 (RGB)


# --------------------------------------------------------------------------- change


def test_change_chart_texts(no_glyph_warnings: None) -> None:
    labels, chs = changes()
    fig = sc._change_figure(labels, chs, title="Endring", example_mark=True)
    ticks = tick_texts(fig)
    assert "0,0" in ticks and any(t.startswith("−") and "," in t for t in ticks)
    text = joined(fig)
    assert f"2,8 → 3,8 ({n_is(48)} / 42)" in text
    assert "+1,0" in text
    assert "få svar" in text  # n 15 / 10
    assert "Lite utvalg" in text and sc.SUPPRESSED_TEXT in text
    assert sc.EXAMPLE_MARK in text
    assert_nothing_clipped(fig)


def test_change_chart_error_bars_match_the_interval() -> None:
    labels, chs = changes()
    fig = sc._change_figure(labels[:1], chs[:1])
    ax = fig.axes[0]
    # The error bar's line collection spans exactly ci_low … ci_high.
    segments = [seg for coll in ax.collections for seg in coll.get_segments()]
    xs = sorted({round(float(x), 9) for seg in segments for x, _ in seg})
    assert xs[0] == pytest.approx(chs[0].ci_low)
    assert xs[-1] == pytest.approx(chs[0].ci_high)


def test_change_chart_in_index_points() -> None:
    labels, chs = changes()
    fig = sc._change_figure(labels[:2], chs[:2], measure="index")
    text = joined(fig)
    assert "+25" in text  # +1,0 on a 1–5 scale is +25 index points
    assert "Endring i indeks (0–100), T1 − T0" in text


def test_the_glyph_check_would_catch_a_missing_letter() -> None:
    """Canary for the fixture above: a letter DejaVu Sans lacks does warn."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sc.grouped_bars(["漢"], ["Næringsliv"], [[50.0]], [[10]], dpi=30)
    assert any("Glyph" in str(w.message) for w in caught)
