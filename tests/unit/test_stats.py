"""Survey statistics against figures worked out by hand in the comments."""

from __future__ import annotations

import math
import random
import statistics
from collections import Counter

import pytest

from nvk_desktop.analysis.formatting import (
    MINUS,
    NBSP,
    format_n,
    format_number,
    format_percent,
)
from nvk_desktop.analysis.stats import (
    NOT_GIVEN,
    ItemStats,
    Quadrant,
    area_change,
    area_stats,
    breakdown,
    change,
    group_gap,
    importance_satisfaction,
    item_stats,
    n_text,
    response_rate,
    stats_from_counts,
    t_cdf,
    t_quantile,
)

# --------------------------------------------------------------------------- item_stats


def test_item_stats_hand_computed() -> None:
    # Valid 1,2,2,3,5 (n=5), one "vet ikke". Mean 13/5 = 2.6.
    # Squared deviations 2.56+0.36+0.36+0.16+5.76 = 9.2; sample var 9.2/4 = 2.3.
    # Top-2 (4,5): 1 of 5; bottom-2 (1,2): 3 of 5; index (2.6−1)/4·100 = 40.
    s = item_stats([1, 2, 2, 3, 5, None], 1, 5)
    assert s.n == 5
    assert s.answers == 5
    assert s.dont_know == 1
    assert s.mean == pytest.approx(2.6)
    assert s.sd == pytest.approx(math.sqrt(2.3))
    assert s.top2 == pytest.approx(0.2)
    assert s.bottom2 == pytest.approx(0.6)
    assert s.index == pytest.approx(40.0)
    assert dict(s.distribution) == {1: 1, 2: 2, 3: 1, 4: 0, 5: 1}
    assert not s.suppressed


def test_item_stats_zero_to_ten_scale() -> None:
    # 0–10: top-2 is 9 and 10, bottom-2 is 0 and 1. Mean (0+9+10+7)/4 = 6.5 → index 65.
    s = item_stats([0, 9, 10, 7], 0, 10)
    assert s.top2 == pytest.approx(0.5)
    assert s.bottom2 == pytest.approx(0.25)
    assert s.index == pytest.approx(65.0)


def test_item_stats_one_answer_has_no_sd_and_none_has_no_mean() -> None:
    one = item_stats([4, None], 1, 5)
    assert (one.n, one.mean, one.sd) == (1, 4.0, None)
    empty = item_stats([None, None], 1, 5)
    assert (empty.n, empty.dont_know, empty.mean, empty.index, empty.top2) == (
        0,
        2,
        None,
        None,
        None,
    )


@pytest.mark.parametrize("bad", [0, 6, -1, 3.5, "3", True])
def test_values_off_the_scale_raise(bad: object) -> None:
    with pytest.raises(ValueError):
        item_stats([1, bad], 1, 5)  # type: ignore[list-item]


def test_bad_scale_raises() -> None:
    with pytest.raises(ValueError):
        item_stats([1], 5, 5)


def test_min_n_hides_every_number() -> None:
    s = item_stats([5, 5, 4, 4], 1, 5, min_n=5)
    assert s.suppressed
    assert (s.n, s.dont_know, s.answers, s.mean, s.sd, s.index) == (0, 0, 0, None, None, None)
    assert dict(s.distribution) == {}
    assert s.shown_n is None
    assert n_text(s) == f"n{NBSP}<{NBSP}5"


def test_area_stats_pools_answers_and_counts_people() -> None:
    # Three respondents on a three-item area:
    #   A: 5, 4, vet ikke   B: 2, vet ikke, vet ikke   C: vet ikke ×3 (no valid answer)
    # Pooled valid answers 5, 4, 2 → mean 11/3, answers 3, n (people) 2, vet ikke 6.
    # Sample sd of 5,4,2: mean 11/3, squared deviations 16/9+1/9+25/9 = 42/9, /2 = 7/3.
    s = area_stats([[5, 4, None], [2, None, None], [None, None, None]], 1, 5)
    assert s.n == 2
    assert s.answers == 3
    assert s.dont_know == 6
    assert s.mean == pytest.approx(11 / 3)
    assert s.sd == pytest.approx(math.sqrt(7 / 3))
    assert s.top2 == pytest.approx(2 / 3)
    assert dict(s.distribution) == {1: 0, 2: 1, 3: 0, 4: 1, 5: 1}
    # min_n is checked against people, not answers.
    assert area_stats([[5, 4, 4, 4, 4, 4]], 1, 5, min_n=5).suppressed


def test_response_rate() -> None:
    assert response_rate(42, 120) == pytest.approx(0.35)
    assert response_rate(42, None) is None
    assert response_rate(0, 0) is None
    assert response_rate(130, 120) == pytest.approx(130 / 120)  # not capped: shows a bad count
    with pytest.raises(ValueError):
        response_rate(-1, 10)


def test_group_gap() -> None:
    ansatte = item_stats([4, 4, 5, 3, 4], 1, 5)  # mean 4.0, index 75, top2 0.8
    naering = item_stats([2, 3, 3, 4, 3], 1, 5)  # mean 3.0, index 50, top2 0.2
    gap = group_gap(ansatte, naering)
    assert gap is not None
    assert gap.mean == pytest.approx(1.0)
    assert gap.index == pytest.approx(25.0)
    assert gap.top2 == pytest.approx(0.6)
    assert group_gap(ansatte, ItemStats.hidden(1, 5)) is None
    assert group_gap(ansatte, item_stats([None], 1, 5)) is None


# --------------------------------------------------------------------------- breakdown


def _people(groups: dict[str, list[int | None]]) -> tuple[dict[int, int | None], dict[int, str]]:
    values: dict[int, int | None] = {}
    background: dict[int, str] = {}
    rid = 0
    for cat, answers in groups.items():
        for a in answers:
            values[rid] = a
            background[rid] = cat
            rid += 1
    return values, background


def test_breakdown_shows_groups_of_five_or_more() -> None:
    values, bg = _people({"1–3": [4, 4, 4, 4, 5], "4–10": [2, 3, 3, 3, 3, 4]})
    b = breakdown(values, bg, 1, 5)
    small, mid = b.get("1–3"), b.get("4–10")
    assert not small.suppressed and small.stats.mean == pytest.approx(4.2)
    assert not mid.suppressed and mid.stats.mean == pytest.approx(3.0)
    assert b.total.n == 11


def test_breakdown_suppresses_small_group_and_the_next_smallest() -> None:
    # "Over 10" has 3 answers → hidden by rule 1. The total (n=21) is shown, so 21 − 12
    # − 6 would give it back: the next smallest shown group ("4–10", n=6) is hidden too.
    values, bg = _people(
        {"1–3": [3] * 12, "4–10": [4, 4, 4, 4, 4, 4], "Over 10": [1, 1, 2]},
    )
    b = breakdown(values, bg, 1, 5)
    assert b.total.n == 21 and not b.total.suppressed
    assert not b.get("1–3").suppressed
    hidden_few = b.get("Over 10")
    hidden_complement = b.get("4–10")
    for c in (hidden_few, hidden_complement):
        assert c.suppressed
        assert c.stats.n == 0 and c.stats.mean is None and dict(c.stats.distribution) == {}
    assert hidden_few.reason is not None and "færre" not in hidden_few.reason
    assert hidden_complement.reason is not None and "regnes ut" in hidden_complement.reason
    # What is left cannot recover either hidden group alone:
    shown = sum(c.stats.n for c in b.categories if not c.suppressed)
    assert b.total.n - shown == 9  # only the sum 6 + 3


def test_breakdown_two_small_groups_need_no_extra_suppression() -> None:
    values, bg = _people({"a": [3] * 10, "b": [4, 4], "c": [5, 5, 5]})
    b = breakdown(values, bg, 1, 5)
    assert [c.suppressed for c in b.categories] == [False, True, True]


def test_breakdown_counts_valid_answers_and_missing_background() -> None:
    # "b" has 6 people but only 4 valid answers (two "vet ikke") → hidden.
    # Two people without a background answer form "Ikke oppgitt" (n=2, hidden), so
    # there are two hidden groups with people in them and "a" stays visible.
    values, bg = _people({"a": [3] * 8, "b": [4, 4, 4, 4, None, None]})
    values[100], values[101] = 5, 5
    b = breakdown(values, bg, 1, 5)
    assert [c.category for c in b.categories] == ["a", "b", NOT_GIVEN]
    assert [c.suppressed for c in b.categories] == [False, True, True]


def test_breakdown_category_order_and_empty_categories() -> None:
    values, bg = _people({"handel": [3] * 6, "reiseliv": [4] * 7})
    b = breakdown(values, bg, 1, 5, categories=["reiseliv", "landbruk/fiske", "handel"])
    assert [c.category for c in b.categories] == ["reiseliv", "landbruk/fiske", "handel"]
    # An empty category is hidden but has nobody to protect: no complementary suppression.
    assert [c.suppressed for c in b.categories] == [False, True, False]


def test_breakdown_total_below_min_n_hides_everything() -> None:
    values, bg = _people({"a": [3, 3], "b": [4]})
    b = breakdown(values, bg, 1, 5)
    assert b.total.suppressed
    assert all(c.suppressed for c in b.categories)


def test_breakdown_of_an_area() -> None:
    # Per respondent a list of area answers; n counts people, as in area_stats.
    values = {i: [4, 5, None] for i in range(6)} | {10 + i: [2, None] for i in range(5)}
    bg = {i: "ansatt" for i in range(6)} | {10 + i: "leder" for i in range(5)}
    b = breakdown(values, bg, 1, 5)
    assert b.get("ansatt").stats.n == 6 and b.get("ansatt").stats.answers == 12
    assert b.get("ansatt").stats.mean == pytest.approx(4.5)
    assert b.get("leder").stats.mean == pytest.approx(2.0)


# --------------------------------------------------------------------------- t quantiles


@pytest.mark.parametrize(
    ("p", "df", "table"),
    [
        (0.975, 1, 12.7062),
        (0.975, 2, 4.3027),
        (0.975, 5, 2.5706),
        (0.975, 10, 2.2281),
        (0.975, 30, 2.0423),
        (0.975, 120, 1.9799),
        (0.95, 10, 1.8125),
        (0.995, 20, 2.8453),
        (0.90, 3, 1.6377),
        (0.975, math.inf, 1.9600),
        (0.975, 1e9, 1.9600),
    ],
)
def test_t_quantile_matches_tables(p: float, df: float, table: float) -> None:
    assert t_quantile(p, df) == pytest.approx(table, abs=5e-5)
    assert t_quantile(1 - p, df) == pytest.approx(-table, abs=5e-5)


def test_t_cdf_round_trips() -> None:
    assert t_cdf(0.0, 7) == pytest.approx(0.5)
    for df in (1.5, 4, 9.41, 57, 400):
        for p in (0.6, 0.9, 0.975, 0.999):
            assert t_cdf(t_quantile(p, df), df) == pytest.approx(p, abs=1e-10)


def test_t_quantile_bad_input() -> None:
    with pytest.raises(ValueError):
        t_quantile(1.0, 5)
    with pytest.raises(ValueError):
        t_quantile(0.5, 0)


# --------------------------------------------------------------------------- change


def test_change_against_hand_computation() -> None:
    # T0: 1,2,3,4,5,3,3 → mean 3, s² = (4+1+0+1+4+0+0)/6 = 10/6, s²/n = 10/42
    # T1: 3,4,5,4,4,5,3,4 → mean 4, s² = (1+0+1+0+0+1+1+0)/7 = 4/7, s²/n = 4/56
    # se² = 10/42 + 4/56; Welch df = se²² / ((10/42)²/6 + (4/56)²/7) ≈ 9.4138
    t0 = [1, 2, 3, 4, 5, 3, 3]
    t1 = [3, 4, 5, 4, 4, 5, 3, 4, None]
    v0, v1 = 10 / 42, 4 / 56
    se2 = v0 + v1
    df = se2**2 / (v0**2 / 6 + v1**2 / 7)
    assert df == pytest.approx(9.41379, abs=1e-4)
    c = change(t0, t1, 1, 5)
    assert not c.suppressed
    assert c.mean_diff == pytest.approx(1.0)
    assert c.df == pytest.approx(df)
    # t(0.975; 9.41) lies between the table values for 9 (2.2622) and 10 (2.2281).
    half = t_quantile(0.975, df) * math.sqrt(se2)
    assert 2.2281 < t_quantile(0.975, df) < 2.2622
    assert c.ci_low == pytest.approx(1.0 - half)
    assert c.ci_high == pytest.approx(1.0 + half)
    assert c.ci_low == pytest.approx(-0.2502, abs=1e-3)
    assert c.index_diff == pytest.approx(25.0)
    # top-2: T0 2 of 7, T1 6 of 8
    assert c.top2_diff == pytest.approx(6 / 8 - 2 / 7)
    assert c.ci_includes_zero
    assert c.caution == f"Få svar (n{NBSP}={NBSP}7 og 8): endringen kan skyldes tilfeldigheter."


def test_change_large_and_clear_has_no_caution() -> None:
    t0 = [2, 3] * 40
    t1 = [4, 5] * 40
    c = change(t0, t1, 1, 5)
    assert c.mean_diff == pytest.approx(2.0)
    assert c.caution is None
    assert c.ci_includes_zero is False


def test_change_large_but_unclear() -> None:
    t0 = [2, 3, 4] * 20
    t1 = [2, 3, 4] * 19 + [3, 4, 5]
    c = change(t0, t1, 1, 5)
    assert c.caution == "Endringen er innenfor det som kan skyldes tilfeldigheter."


def test_change_few_but_clear() -> None:
    c = change([1, 1, 2, 1, 2, 1], [5, 5, 4, 5, 4, 5], 1, 5)
    assert c.caution is not None and c.caution.endswith("tolk endringen med forsiktighet.")


def test_change_suppressed_below_five() -> None:
    c = change([3, 4, 5, 2], [3, 3, 3, 3, 3, 3], 1, 5)
    assert c.suppressed
    assert c.mean_diff is None and c.ci_low is None and c.top2_diff is None
    assert c.caution is not None and "For få svar" in c.caution


def test_change_without_spread() -> None:
    c = change([3] * 6, [4] * 6, 1, 5)
    assert (c.ci_low, c.ci_high) == (pytest.approx(1.0), pytest.approx(1.0))


def test_area_change_single_items_equals_item_change() -> None:
    t0 = [1, 2, 3, 4, 5, 3, 3]
    t1 = [3, 4, 5, 4, 4, 5, 3, 4]
    a = area_change([[v] for v in t0], [[v] for v in t1], 1, 5)
    b = change(t0, t1, 1, 5)
    assert a.ci_low == pytest.approx(b.ci_low)
    assert a.ci_high == pytest.approx(b.ci_high)


def test_area_change_counts_respondents_not_answers() -> None:
    # Each respondent repeats one answer on three items: as independent answers the
    # interval would be √3 narrower; counted by respondent it equals the item interval.
    t0 = [1, 2, 3, 4, 5, 3, 3]
    t1 = [3, 4, 5, 4, 4, 5, 3, 4]
    a = area_change([[v] * 3 for v in t0], [[v] * 3 for v in t1], 1, 5)
    b = change(t0, t1, 1, 5)
    assert a.mean_diff == pytest.approx(b.mean_diff)
    assert a.ci_high - a.ci_low == pytest.approx(b.ci_high - b.ci_low)  # type: ignore[operator]


# --------------------------------------------------------------------------- quadrant


def test_importance_satisfaction_quadrants_at_the_mean() -> None:
    def st(values: list[int]) -> ItemStats:
        return item_stats(values, 1, 5)

    areas = [
        # importance index 87.5, satisfaction 25 → important, weak
        ("Byggesaker", st([5, 4, 5, 4, 5, 4]), st([2, 2, 2, 2, 2, 2])),
        # 87.5 / 75 → important, good
        ("Service og informasjon", st([5, 4] * 4), st([4] * 8)),
        # 50 / 25 → less important, weak
        ("Næringsareal", st([3] * 7), st([2] * 9)),
        # 50 / 75 → less important, good
        ("Dialog og samarbeid", st([3] * 10), st([4] * 10)),
        ("Skjult", ItemStats.hidden(1, 5), st([4] * 10)),
    ]
    r = importance_satisfaction(areas)
    assert r.importance_cut == pytest.approx(68.75)
    assert r.satisfaction_cut == pytest.approx(50.0)
    assert r.left_out == ("Skjult",)
    by_area = {p.area: p for p in r.points}
    assert by_area["Byggesaker"].quadrant is Quadrant.ACT_FIRST
    assert by_area["Service og informasjon"].quadrant is Quadrant.KEEP_UP
    assert by_area["Næringsareal"].quadrant is Quadrant.LOW_PRIORITY
    assert by_area["Dialog og samarbeid"].quadrant is Quadrant.POSSIBLE_OVERKILL
    assert by_area["Næringsareal"].n == 7  # the smaller n of the two
    assert Quadrant.ACT_FIRST.label == "Viktig, men svakt – gjør noe her først"
    mid = importance_satisfaction(areas, cutoff="midpoint")
    assert (mid.importance_cut, mid.satisfaction_cut) == (50.0, 50.0)


# --------------------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    ("x", "decimals", "text"),
    [
        (3.44, 1, "3,4"),
        (3.45, 1, "3,5"),  # half up, as by hand
        (2.25, 1, "2,3"),
        (2.675, 2, "2,68"),
        (4, 1, "4,0"),
        (-0.26, 1, f"{MINUS}0,3"),
        (-0.04, 1, "0,0"),  # no "−0,0"
        (1234.5, 1, f"1{NBSP}234,5"),
        (1234567, 0, f"1{NBSP}234{NBSP}567"),
        (999, 0, "999"),
        (None, 1, "–"),
    ],
)
def test_format_number(x: float | None, decimals: int, text: str) -> None:
    assert format_number(x, decimals) == text


def test_format_percent_and_n() -> None:
    assert format_percent(0.42) == f"42{NBSP}%"
    assert format_percent(0.4249, 1) == f"42,5{NBSP}%"
    assert format_percent(None) == "–"
    assert format_n(42) == f"n{NBSP}={NBSP}42"
    assert format_n(1500) == f"n{NBSP}={NBSP}1{NBSP}500"
    assert format_n(None) == f"n{NBSP}<{NBSP}5"


# --------------------------------------------------------------------------- from counts


def _answers(rng: random.Random, k: int, lo: int, hi: int) -> list[int | None]:
    return [None if rng.random() < 0.1 else rng.randint(lo, hi) for _ in range(k)]


@pytest.mark.parametrize("scale", [(1, 5), (0, 10), (1, 2), (-3, 3)])
def test_figures_from_counts_are_the_exact_ones(scale: tuple[int, int]) -> None:
    # Counting values instead of walking every answer must not move a single bit:
    # mean as fsum/N and sd as statistics.stdev of the answers one by one.
    lo, hi = scale
    rng = random.Random(lo * 100 + hi)
    for k in (2, 3, 7, 50, 999, 5000):
        values = _answers(rng, k, lo, hi)
        valid = [v for v in values if v is not None]
        s = item_stats(values, lo, hi)
        if len(valid) >= 2:
            assert s.mean == math.fsum(valid) / len(valid)
            assert s.sd == statistics.stdev(valid)
        counts = Counter(values)
        assert stats_from_counts(counts, lo, hi) == s
        assert stats_from_counts(dict(reversed(counts.items())), lo, hi) == s


def test_area_from_counts_equals_pooled_area() -> None:
    rng = random.Random(7)
    rows = [_answers(rng, rng.randint(1, 6), 1, 5) for _ in range(400)]
    pooled = [v for row in rows for v in row]
    people = sum(1 for row in rows if any(v is not None for v in row))
    s = area_stats(rows, 1, 5)
    assert s.n == people
    assert s.sd == statistics.stdev([v for v in pooled if v is not None])
    assert stats_from_counts(Counter(pooled), 1, 5, respondents=people) == s
    assert stats_from_counts(Counter(pooled), 1, 5, respondents=3, min_n=5).suppressed


def test_counted_answers_of_other_types_still_raise() -> None:
    # A Counter would file True under 1 and 3.0 under 3; they must still be refused.
    for bad in (True, 3.0, "3"):
        with pytest.raises(ValueError):
            item_stats([1, 3, bad, 2], 1, 5)  # type: ignore[list-item]
        with pytest.raises(ValueError):
            area_stats([[1, 3], [bad]], 1, 5)  # type: ignore[list-item]
    # The first bad answer is the one named, as when every answer was checked in turn.
    with pytest.raises(ValueError, match="Svaret 7 "):
        item_stats([1, 7, 9, 0], 1, 5)
    # Generators are read once and still give the same figures.
    assert item_stats(iter([1, 2, None]), 1, 5) == item_stats([1, 2, None], 1, 5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("counts", "respondents"),
    [
        ({6: 1}, None),
        ({True: 1}, None),
        ({1: -1}, None),
        ({1: 2.0}, None),
        ({1: 3}, 4),
        ({1: 3}, 0),
        ({None: 3}, 1),
    ],
)
def test_stats_from_counts_refuses_impossible_counts(
    counts: dict[int | None, int], respondents: int | None
) -> None:
    with pytest.raises(ValueError):
        stats_from_counts(counts, 1, 5, respondents=respondents)


def test_stats_from_counts_of_nothing() -> None:
    s = stats_from_counts({None: 4}, 1, 5)
    assert (s.n, s.dont_know, s.answers, s.mean, s.sd) == (0, 4, 0, None, None)
    assert stats_from_counts({}, 1, 5) == item_stats([], 1, 5)
