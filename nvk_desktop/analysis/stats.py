"""Survey statistics on plain values: no Qt, no database, no numpy.

Answers are integers on the survey's scale; ``None`` is "vet ikke / ikke aktuelt",
counted but kept out of every mean and share (DOMAIN.md §6). Everything here takes
plain sequences so that the importers, the services, the CLI and the benchmark can
all call it with whatever they hold.

Privacy (DOMAIN.md §6): a breakdown never shows a category with fewer than five
answers, and hides one more category when the hidden one could otherwise be worked
out by subtraction from the total (:func:`breakdown`).
"""

from __future__ import annotations

import math
import statistics
import sys
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from itertools import chain
from typing import Literal

from nvk_desktop.analysis.formatting import NBSP, format_n, format_number

__all__ = [
    "MIN_N",
    "NOT_GIVEN",
    "SMALL_N",
    "AreaAnswers",
    "Breakdown",
    "CategoryStats",
    "Change",
    "Gap",
    "ImportanceSatisfaction",
    "ItemStats",
    "Quadrant",
    "QuadrantPoint",
    "area_change",
    "area_stats",
    "breakdown",
    "change",
    "group_gap",
    "importance_satisfaction",
    "item_stats",
    "n_text",
    "response_rate",
    "stats_from_counts",
    "t_cdf",
    "t_quantile",
]

MIN_N = 5
"""Fewer valid answers than this and a group is not shown (DOMAIN.md §6)."""

SMALL_N = 30
"""Below this a change gets a plain-words caution even when it looks clear."""

NOT_GIVEN = "Ikke oppgitt"
"""The category of respondents who skipped the background question: it is a group
like any other, so it is suppressed by the same rules and cannot leak by subtraction."""

AreaAnswers = Sequence[int | None]
"""One respondent's answers to the items of one area."""


# --------------------------------------------------------------------------- item level


@dataclass(frozen=True)
class ItemStats:
    """Summary of one item (or one area, pooled) for one group.

    ``n`` is the number of respondents with a valid answer (``None`` = "vet ikke" is
    not valid). ``answers`` is the number of valid answers: equal to ``n`` for an
    item, larger for an area where one respondent answers several items.
    ``distribution`` counts valid answers per scale value (every value present, 0 if
    nobody chose it). A suppressed stats object carries no numbers at all: n and
    counts are 0, the rest ``None``, so no screen or file can leak the exact count.
    """

    n: int
    dont_know: int
    mean: float | None
    sd: float | None
    top2: float | None
    bottom2: float | None
    index: float | None
    distribution: Mapping[int, int] = field(hash=False)
    scale_min: int
    scale_max: int
    answers: int
    suppressed: bool = False

    @classmethod
    def hidden(cls, scale_min: int, scale_max: int) -> ItemStats:
        """The suppressed form: shown as 'n < 5', never with a figure."""
        return cls(
            n=0,
            dont_know=0,
            mean=None,
            sd=None,
            top2=None,
            bottom2=None,
            index=None,
            distribution={},
            scale_min=scale_min,
            scale_max=scale_max,
            answers=0,
            suppressed=True,
        )

    @property
    def shown_n(self) -> int | None:
        """n for display: ``None`` when suppressed (format it with format_n → 'n < 5')."""
        return None if self.suppressed else self.n


def _check_scale(scale_min: int, scale_max: int) -> None:
    if scale_max - scale_min < 1:
        raise ValueError(f"Ugyldig skala {scale_min}–{scale_max}: maks må være større enn min")


def _check_value(value: int | None, scale_min: int, scale_max: int) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"Svaret {value!r} er ikke et heltall på skalaen")
    if not scale_min <= value <= scale_max:
        raise ValueError(f"Svaret {value} er utenfor skalaen {scale_min}–{scale_max}")


_PLAIN_TYPES = frozenset({int, type(None)})
_SQRT_BITS = 2 * sys.float_info.mant_dig + 3


def _sqrt_of_fraction(num: int, den: int) -> float:
    """√(num/den) correctly rounded to a float, for num ≥ 0 and den > 0.

    The same round-to-odd construction as ``statistics.stdev`` (CPython ≥ 3.11), so a
    standard deviation worked out exactly from counts is the very float that
    ``statistics.stdev`` gives for the answers one by one.
    """
    q = (num.bit_length() - den.bit_length() - _SQRT_BITS) // 2
    if q >= 0:
        root = _isqrt_round_to_odd(num, den << 2 * q) << q
        return root / 1
    return _isqrt_round_to_odd(num << -2 * q, den) / (1 << -q)


def _isqrt_round_to_odd(num: int, den: int) -> int:
    a = math.isqrt(num // den)
    return a | (a * a * den != num)


def _counted(values: Iterable[int | None], scale_min: int, scale_max: int) -> Counter[int | None]:
    """How often each answer occurs, every distinct answer checked against the scale.

    A value's type is looked at before counting: a Counter would merge ``True`` and
    ``3.0`` into the keys 1 and 3, so anything but int and None takes the slow path
    that checks each answer in turn (and raises on the first bad one, as before).
    """
    seq = values if isinstance(values, list | tuple) else list(values)
    if not _PLAIN_TYPES.issuperset(map(type, seq)):
        for v in seq:
            _check_value(v, scale_min, scale_max)
    counts: Counter[int | None] = Counter(seq)
    for v in counts:  # in order of first appearance: the first bad answer is named
        _check_value(v, scale_min, scale_max)
    return counts


def _summarise(
    counts: Mapping[int | None, int],
    *,
    n: int | None,
    scale_min: int,
    scale_max: int,
    min_n: int | None,
) -> ItemStats:
    """The figures from how often each value was given (None: "vet ikke").

    Sums are exact integers and the sd is the square root of the exact sample
    variance, Σc·v² − (Σc·v)²/N over N − 1, so the result does not depend on how the
    answers were counted: equal to the mean and ``statistics.stdev`` of the answers.
    ``n`` (respondents) defaults to the number of valid answers.
    """
    distribution = {v: 0 for v in range(scale_min, scale_max + 1)}
    dont_know = 0
    for v, c in counts.items():
        if v is None:
            dont_know += c
        else:
            distribution[v] += c
    answers = sum(distribution.values())
    if n is None:
        n = answers
    if min_n is not None and n < min_n:
        return ItemStats.hidden(scale_min, scale_max)
    mean = sd = top2 = bottom2 = index = None
    if answers:
        s1 = sum(v * c for v, c in distribution.items())
        s2 = sum(v * v * c for v, c in distribution.items())
        mean = s1 / answers
        if answers >= 2:
            sd = _sqrt_of_fraction(answers * s2 - s1 * s1, answers * (answers - 1))
        top2 = (distribution[scale_max] + distribution[scale_max - 1]) / answers
        bottom2 = (distribution[scale_min] + distribution[scale_min + 1]) / answers
        index = (mean - scale_min) / (scale_max - scale_min) * 100
    return ItemStats(
        n=n,
        dont_know=dont_know,
        mean=mean,
        sd=sd,
        top2=top2,
        bottom2=bottom2,
        index=index,
        distribution=distribution,
        scale_min=scale_min,
        scale_max=scale_max,
        answers=answers,
        suppressed=False,
    )


def item_stats(
    values: Sequence[int | None],
    scale_min: int,
    scale_max: int,
    *,
    min_n: int | None = None,
) -> ItemStats:
    """n, mean, sd, top-2/bottom-2 shares and the 0–100 index of one item.

    ``None`` is "vet ikke". A value off the scale raises ValueError: it means a wrong
    mapping in the import, and a silently skewed mean would be worse than a stop.
    With ``min_n`` the result is suppressed below that many valid answers; without it
    nothing is suppressed (the consultant's own full results).
    """
    _check_scale(scale_min, scale_max)
    counts = _counted(values, scale_min, scale_max)
    return _summarise(counts, n=None, scale_min=scale_min, scale_max=scale_max, min_n=min_n)


def area_stats(
    respondents: Sequence[AreaAnswers],
    scale_min: int,
    scale_max: int,
    *,
    min_n: int | None = None,
) -> ItemStats:
    """One area over its items: the answers are POOLED (every valid answer counts once).

    Pooling, not a mean of respondent means, because it is what the item tables next
    to it add up to and a respondent who skipped half the items does not get double
    weight on the rest. ``n`` is the number of respondents with at least one valid
    answer in the area (the people behind the figure, and what ``min_n`` is checked
    against); ``answers`` is the number of valid answers pooled; ``dont_know`` counts
    "vet ikke" answers; ``sd`` is the sample sd of the pooled answers.
    """
    _check_scale(scale_min, scale_max)
    counts = _counted(chain.from_iterable(respondents), scale_min, scale_max)
    n = sum(1 for row in respondents if row.count(None) < len(row))
    return _summarise(counts, n=n, scale_min=scale_min, scale_max=scale_max, min_n=min_n)


def stats_from_counts(
    counts: Mapping[int | None, int],
    scale_min: int,
    scale_max: int,
    *,
    respondents: int | None = None,
    min_n: int | None = None,
) -> ItemStats:
    """The same figures as :func:`item_stats` / :func:`area_stats`, from a distribution.

    ``counts`` maps each scale value to how many gave it and ``None`` to the number of
    "vet ikke" answers (e.g. a ``collections.Counter`` of the answers). For an item,
    leave ``respondents`` out (n is the number of valid answers); for a pooled area,
    give the number of respondents with at least one valid answer in it. A value off
    the scale, a negative count, or a number of respondents that cannot fit the
    answers raises ValueError.
    """
    _check_scale(scale_min, scale_max)
    valid = 0
    for v, c in counts.items():
        _check_value(v, scale_min, scale_max)
        if isinstance(c, bool) or not isinstance(c, int) or c < 0:
            raise ValueError(f"Antallet {c!r} for svaret {v!r} er ikke et heltall ≥ 0")
        if v is not None:
            valid += c
    if respondents is not None and not (
        0 <= respondents <= valid and (respondents > 0) == (valid > 0)
    ):
        raise ValueError(f"{respondents} respondenter passer ikke med {valid} gyldige svar")
    return _summarise(counts, n=respondents, scale_min=scale_min, scale_max=scale_max, min_n=min_n)


def response_rate(answers: int, invited: int | None) -> float | None:
    """Share 0–1 of the invited who answered; ``None`` when the number invited is unknown.

    Not capped at 1: more answers than invitations means a forwarded link or a wrong
    invited count, and the user should see that rather than a tidy 100 %.
    """
    if answers < 0 or (invited is not None and invited < 0):
        raise ValueError("Antall svar og inviterte kan ikke være negative")
    if not invited:
        return None
    return answers / invited


@dataclass(frozen=True)
class Gap:
    """a − b: positive when group a rates higher (e.g. ansatte − næringsliv)."""

    mean: float
    index: float
    top2: float


def group_gap(a: ItemStats, b: ItemStats) -> Gap | None:
    """The gap between two groups on the same item or area, or None if either is hidden."""
    if a.suppressed or b.suppressed:
        return None
    if a.mean is None or b.mean is None or a.index is None or b.index is None:
        return None
    assert a.top2 is not None and b.top2 is not None
    return Gap(mean=a.mean - b.mean, index=a.index - b.index, top2=a.top2 - b.top2)


# --------------------------------------------------------------------------- breakdown


@dataclass(frozen=True)
class CategoryStats:
    """One background category of a breakdown; ``reason`` says why it is hidden."""

    category: str
    stats: ItemStats
    reason: str | None = None

    @property
    def suppressed(self) -> bool:
        return self.stats.suppressed


@dataclass(frozen=True)
class Breakdown:
    """Stats per background category plus the total over everyone."""

    total: ItemStats
    categories: tuple[CategoryStats, ...]
    min_n: int

    def get(self, category: str) -> CategoryStats:
        for c in self.categories:
            if c.category == category:
                return c
        raise KeyError(category)


REASON_FEW = "For få svar (n < {min_n})"
REASON_COMPLEMENT = "Skjult for at en gruppe med færre enn {min_n} svar ikke skal kunne regnes ut"


def breakdown(
    values_by_respondent: Mapping[Hashable, int | None | AreaAnswers],
    background_by_respondent: Mapping[Hashable, str | None],
    scale_min: int,
    scale_max: int,
    min_n: int = MIN_N,
    *,
    categories: Sequence[str] | None = None,
) -> Breakdown:
    """Results per background category (size, bransje ...), with small groups hidden.

    A value per respondent is one answer (an item) or a sequence of answers (an area,
    pooled as in :func:`area_stats`). Respondents without a background answer form the
    category ``NOT_GIVEN``. The rules, which protect people in small municipalities
    where "the one fish farm" is recognisable:

    1. A category with fewer than ``min_n`` valid answers is suppressed: no mean, no
       shares, not even its exact n (shown as "n < 5").
    2. Complementary suppression: the total is shown, so if exactly one category (with
       anyone in it) is suppressed, its figures would follow from the total minus the
       shown categories. Then the shown category with the smallest n is suppressed
       too, so that only the sum of two hidden groups can be worked out.
    3. The total itself is suppressed when it has fewer than ``min_n`` valid answers
       (then every category is, by rule 1).

    ``categories`` fixes the order (e.g. the answer options); categories in the data
    but not in the list follow in order of appearance, ``NOT_GIVEN`` last.
    """
    _check_scale(scale_min, scale_max)
    groups: dict[str, list[int | None | AreaAnswers]] = {c: [] for c in categories or ()}
    order: list[str] = list(groups)
    all_rows: list[int | None | AreaAnswers] = []
    for respondent, value in values_by_respondent.items():
        cat = background_by_respondent.get(respondent) or NOT_GIVEN
        if cat not in groups:
            groups[cat] = []
            if cat != NOT_GIVEN:
                order.append(cat)
        groups[cat].append(value)
        all_rows.append(value)
    if NOT_GIVEN in groups and NOT_GIVEN not in order:
        order.append(NOT_GIVEN)

    def stats_of(rows: list[int | None | AreaAnswers]) -> ItemStats:
        as_area = [r if isinstance(r, Sequence) else (r,) for r in rows]
        if all(not isinstance(r, Sequence) for r in rows):
            return item_stats([r for row in as_area for r in row], scale_min, scale_max)
        return area_stats(as_area, scale_min, scale_max)

    total = stats_of(all_rows)
    full = {cat: stats_of(groups[cat]) for cat in order}
    hidden: dict[str, str] = {}
    for cat, st in full.items():
        if st.n < min_n:
            hidden[cat] = REASON_FEW.format(min_n=min_n)
    total_shown = total.n >= min_n
    with_people = [cat for cat in hidden if groups[cat]]
    if total_shown and len(with_people) == 1:
        shown = [cat for cat in order if cat not in hidden]
        if shown:
            smallest = min(shown, key=lambda c: (full[c].n, order.index(c)))
            hidden[smallest] = REASON_COMPLEMENT.format(min_n=min_n)
    result = tuple(
        CategoryStats(cat, ItemStats.hidden(scale_min, scale_max), hidden[cat])
        if cat in hidden
        else CategoryStats(cat, full[cat])
        for cat in order
    )
    if not total_shown:
        total = ItemStats.hidden(scale_min, scale_max)
    return Breakdown(total=total, categories=result, min_n=min_n)


# --------------------------------------------------------------------------- t distribution


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta (modified Lentz, Numerical Recipes §6.4)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 1000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        step = d * c
        h *= step
        if abs(step - 1.0) < 1e-15:
            break
    return h


def _betai(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T ≤ t) for Student's t with ``df`` (not necessarily whole) degrees of freedom."""
    if df <= 0:
        raise ValueError("Frihetsgrader må være positive")
    if math.isinf(df):
        return statistics.NormalDist().cdf(t)
    tail = 0.5 * _betai(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


def _cornish_fisher(z: float, df: float) -> float:
    """t quantile from the normal one for very large df (Abramowitz & Stegun 26.7.5)."""
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


def t_quantile(p: float, df: float) -> float:
    """The t value with P(T ≤ t) = p: bisection on the exact CDF (plain Python, no scipy)."""
    if not 0.0 < p < 1.0:
        raise ValueError("p må være mellom 0 og 1")
    if df <= 0:
        raise ValueError("Frihetsgrader må være positive")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    if p == 0.5:
        return 0.0
    z = statistics.NormalDist().inv_cdf(p)
    if math.isinf(df):
        return z
    if df > 1e6:
        return _cornish_fisher(z, df)
    lo, hi = 0.0, max(2.0 * z, 1.0)
    while t_cdf(hi, df) < p:
        lo, hi = hi, hi * 2.0
    for _ in range(200):
        mid = (lo + hi) / 2.0
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-12 * hi:
            break
    return (lo + hi) / 2.0


# --------------------------------------------------------------------------- change T0 → T1


@dataclass(frozen=True)
class Change:
    """T1 − T0 for one item or area in one group.

    ``ci_low``/``ci_high`` is the 95 % confidence interval of the difference in means
    (Welch). ``caution`` is a plain-Norwegian warning for the reader, or None when the
    change is both clear and based on enough answers. When either round has fewer
    than ``min_n`` valid answers, ``suppressed`` is true and no difference is given.
    """

    t0: ItemStats
    t1: ItemStats
    mean_diff: float | None
    ci_low: float | None
    ci_high: float | None
    df: float | None
    index_diff: float | None
    top2_diff: float | None
    caution: str | None
    suppressed: bool
    confidence: float = 0.95

    @property
    def ci_includes_zero(self) -> bool | None:
        if self.ci_low is None or self.ci_high is None:
            return None
        return self.ci_low <= 0.0 <= self.ci_high


CAUTION_SUPPRESSED = "For få svar til å sammenligne (færre enn {min_n} i en av rundene)."
CAUTION_FEW_UNCLEAR = "Få svar ({ns}): endringen kan skyldes tilfeldigheter."
CAUTION_FEW_CLEAR = "Få svar ({ns}): tolk endringen med forsiktighet."
CAUTION_UNCLEAR = "Endringen er innenfor det som kan skyldes tilfeldigheter."


def _mean_and_variance(rows: Sequence[AreaAnswers]) -> tuple[int, float, float]:
    """(respondents, mean, variance of the mean), respondents as the independent units.

    For pooled area answers the answers of one respondent are not independent, so the
    variance is that of a ratio estimator over respondents (sum of a respondent's
    answers / their number of answers). For single answers it is exactly s²/n.
    """
    clusters = [[v for v in row if v is not None] for row in rows]
    clusters = [c for c in clusters if c]
    n = len(clusters)
    total = sum(len(c) for c in clusters)
    mean = math.fsum(math.fsum(c) for c in clusters) / total
    if n < 2:
        return n, mean, math.nan
    m_bar = total / n
    resid = math.fsum((math.fsum(c) - mean * len(c)) ** 2 for c in clusters)
    return n, mean, resid / (n * (n - 1) * m_bar * m_bar)


def _change(
    rows0: Sequence[AreaAnswers],
    rows1: Sequence[AreaAnswers],
    t0: ItemStats,
    t1: ItemStats,
    min_n: int,
    confidence: float,
) -> Change:
    if min(t0.n, t1.n) < max(min_n, 2):
        return Change(
            t0=t0,
            t1=t1,
            mean_diff=None,
            ci_low=None,
            ci_high=None,
            df=None,
            index_diff=None,
            top2_diff=None,
            caution=CAUTION_SUPPRESSED.format(min_n=min_n),
            suppressed=True,
            confidence=confidence,
        )
    n0, mean0, var0 = _mean_and_variance(rows0)
    n1, mean1, var1 = _mean_and_variance(rows1)
    diff = mean1 - mean0
    se2 = var0 + var1
    if se2 > 0:
        # Welch–Satterthwaite; each round has respondents − 1 degrees of freedom.
        df = se2**2 / (var0**2 / (n0 - 1) + var1**2 / (n1 - 1))
        half = t_quantile(0.5 + confidence / 2.0, df) * math.sqrt(se2)
    else:  # everyone gave the same answer in both rounds: no spread to be uncertain about
        df = float(n0 + n1 - 2)
        half = 0.0
    low, high = diff - half, diff + half
    assert t0.index is not None and t1.index is not None
    assert t0.top2 is not None and t1.top2 is not None
    unclear = low <= 0.0 <= high
    caution: str | None = None
    if min(t0.n, t1.n) < SMALL_N:
        ns = f"n{NBSP}={NBSP}{format_number(t0.n, 0)} og {format_number(t1.n, 0)}"
        caution = (CAUTION_FEW_UNCLEAR if unclear else CAUTION_FEW_CLEAR).format(ns=ns)
    elif unclear:
        caution = CAUTION_UNCLEAR
    return Change(
        t0=t0,
        t1=t1,
        mean_diff=diff,
        ci_low=low,
        ci_high=high,
        df=df,
        index_diff=t1.index - t0.index,
        top2_diff=t1.top2 - t0.top2,
        caution=caution,
        suppressed=False,
        confidence=confidence,
    )


def change(
    t0: Sequence[int | None],
    t1: Sequence[int | None],
    scale_min: int,
    scale_max: int,
    *,
    min_n: int = MIN_N,
    confidence: float = 0.95,
) -> Change:
    """T1 vs T0 for one item: difference in means with a Welch confidence interval.

    The two rounds are treated as independent samples (the surveys are anonymous, so
    answers cannot be paired). With fewer than ``min_n`` answers in either round there
    is no comparison; with fewer than 30 the caution says so in plain words.
    """
    s0 = item_stats(t0, scale_min, scale_max)
    s1 = item_stats(t1, scale_min, scale_max)
    return _change([(v,) for v in t0], [(v,) for v in t1], s0, s1, min_n, confidence)


def area_change(
    t0: Sequence[AreaAnswers],
    t1: Sequence[AreaAnswers],
    scale_min: int,
    scale_max: int,
    *,
    min_n: int = MIN_N,
    confidence: float = 0.95,
) -> Change:
    """T1 vs T0 for an area (answers pooled as in :func:`area_stats`).

    The interval counts respondents, not answers, as the independent units: six
    answers from one person are not six independent observations.
    """
    s0 = area_stats(t0, scale_min, scale_max)
    s1 = area_stats(t1, scale_min, scale_max)
    return _change(t0, t1, s0, s1, min_n, confidence)


# --------------------------------------------------------------------------- importance vs satisfaction


class Quadrant(Enum):
    """Cells of the importance–satisfaction chart; the label says what to do."""

    ACT_FIRST = "Viktig, men svakt – gjør noe her først"
    KEEP_UP = "Viktig og bra – hold fast"
    LOW_PRIORITY = "Mindre viktig og svakt – lavere prioritet"
    POSSIBLE_OVERKILL = "Mindre viktig, men bra – ikke mer innsats nå"

    @property
    def label(self) -> str:
        return self.value


@dataclass(frozen=True)
class QuadrantPoint:
    """One area: importance and satisfaction as 0–100 indexes.

    ``n`` is the smaller of the two numbers of respondents, so that a label never
    claims a wider basis than the weaker of the two figures has.
    """

    area: str
    importance: float
    satisfaction: float
    n: int
    quadrant: Quadrant


@dataclass(frozen=True)
class ImportanceSatisfaction:
    """The points plus where the quadrant lines are drawn (and which areas were left out)."""

    points: tuple[QuadrantPoint, ...]
    importance_cut: float
    satisfaction_cut: float
    cutoff: Literal["mean", "midpoint"]
    left_out: tuple[str, ...] = ()


def importance_satisfaction(
    areas: Sequence[tuple[str, ItemStats, ItemStats]],
    *,
    cutoff: Literal["mean", "midpoint"] = "mean",
) -> ImportanceSatisfaction:
    """Place each (area, importance stats, satisfaction stats) in a quadrant.

    The lines are at the mean of the points by default (the data-centred
    importance–performance analysis): nearly everything is rated important, so the
    scale midpoint would put every area in the "viktig" half and say nothing about
    where to start. ``cutoff="midpoint"`` uses 50 on both indexes instead. A point on
    a line counts as important / good. Areas with a hidden or empty figure are left
    out and named in ``left_out``.
    """
    usable: list[tuple[str, float, float, int]] = []
    left_out: list[str] = []
    for area, importance, satisfaction in areas:
        if (
            importance.suppressed
            or satisfaction.suppressed
            or importance.index is None
            or satisfaction.index is None
        ):
            left_out.append(area)
            continue
        usable.append(
            (area, importance.index, satisfaction.index, min(importance.n, satisfaction.n))
        )
    if cutoff == "mean" and usable:
        imp_cut = math.fsum(u[1] for u in usable) / len(usable)
        sat_cut = math.fsum(u[2] for u in usable) / len(usable)
    else:
        imp_cut = sat_cut = 50.0
    points = []
    for area, imp, sat, n in usable:
        important, good = imp >= imp_cut, sat >= sat_cut
        if important:
            quadrant = Quadrant.KEEP_UP if good else Quadrant.ACT_FIRST
        else:
            quadrant = Quadrant.POSSIBLE_OVERKILL if good else Quadrant.LOW_PRIORITY
        points.append(QuadrantPoint(area, imp, sat, n, quadrant))
    return ImportanceSatisfaction(
        points=tuple(points),
        importance_cut=imp_cut,
        satisfaction_cut=sat_cut,
        cutoff=cutoff,
        left_out=tuple(left_out),
    )


def n_text(stats: ItemStats, min_n: int = MIN_N) -> str:
    """'n = 42', or 'n < 5' for hidden stats: the one way charts and tables print n."""
    return format_n(stats.shown_n, min_n)
