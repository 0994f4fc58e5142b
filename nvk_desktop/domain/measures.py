"""Measures (tiltak), prioritising and the handlingsplan with its follow-up and effect
indicators (DOMAIN.md §7–9; issue 6).

Plain data and pure rules, shared by the services, the GUI, the Excel round trip and
the statusrapport, so that what the user sees and what is exported cannot drift apart.

Rules defined here (and nowhere else):

* **Weighted score** (``weighted_score``): every criterion is scored 2–10. A criterion
  where a high score counts against a measure (``higher_is_better`` false, e.g.
  innsats/kostnad) is inverted as ``12 − score``, so 2 ↔ 10. The weighted score is the
  weighted mean ``Σ wᵢ·sᵢ / Σ wᵢ`` over the criteria the measure has a score for, so the
  weights need not sum to 1 (they are normalised) and the result stays on the 2–10
  scale. Criteria with weight 0 do not count. No score at all → no weighted score.
* **Quadrant** (``quadrant``): gain and effort are 1–5; 3 or more is "high"
  (DOMAIN.md §7): high gain + low effort = raske gevinster, high/high = strategiske
  tiltak, low/low = småtiltak, low gain + high effort = unngå.
* **Overdue** (``is_overdue``): the deadline is before today and the measure is neither
  fullført nor avbrutt.
* **At risk** (``risk_reason``): open (not fullført/avbrutt), not overdue, and either
  (a) started, with a deadline, and the progress is more than 25 percentage points
  behind the share of the time gone (linear plan from start to deadline), or
  (b) the deadline is within 14 days (today included) and the progress is under 80 %.
* **Indicator status** (``indicator_status``): direction-aware (``lower_is_better``).
  Reached when the latest value is at or beyond the target. Otherwise on track when the
  latest value is at least as good as the linear path from the baseline (at its date)
  to the target (at its date); without those dates, on track when the latest value is
  better than the baseline. Behind otherwise. No target → "mangler mål"; no values →
  "ingen måling".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from nvk_desktop.domain.enums import LabelledEnum

# The 2×2 matrix is the same for improvement points and measures: one definition.
from nvk_desktop.domain.workshop import HIGH_SCORE, Quadrant, quadrant

# -- limits -----------------------------------------------------------------------------
TITLE_MAX = 200
TEXT_MAX = 20_000
SCORE_MIN, SCORE_MAX = 2, 10  # criteria scores
SCORE_INVERT = SCORE_MIN + SCORE_MAX  # a lower-is-better score s counts as 12 − s
MATRIX_MIN, MATRIX_MAX = 1, 5  # gain / effort
MATRIX_HIGH = HIGH_SCORE  # gain/effort of 3 or more is "high" (the workshops' rule)
PROGRESS_MAX = 100
AT_RISK_BEHIND_POINTS = 25  # progress behind the time share by more than this
AT_RISK_DAYS = 14  # deadline this close …
AT_RISK_PROGRESS = 80  # … and progress under this
STALE_FOLLOW_UP_DAYS = 30  # overdue without a follow-up entry for this long → decision
CODE_PREFIX = "T-"
MAX_HOURS = 1_000_000
MAX_NOK = 10_000_000_000


class MeasureStatus(LabelledEnum):
    IKKE_STARTET = ("ikke_startet", "Ikke startet")
    PAGAR = ("pagar", "Pågår")
    FORSINKET = ("forsinket", "Forsinket")
    FULLFORT = ("fullfort", "Fullført")
    AVBRUTT = ("avbrutt", "Avbrutt")

    @property
    def closed(self) -> bool:
        """Fullført or avbrutt: no longer followed up, never overdue or at risk."""
        return self in (MeasureStatus.FULLFORT, MeasureStatus.AVBRUTT)


class MoSCoW(LabelledEnum):
    MUST = ("must", "Må ha")
    SHOULD = ("should", "Bør ha")
    COULD = ("could", "Kan ha")
    WONT = ("wont", "Ikke nå")


class IndicatorStatus(LabelledEnum):
    REACHED = ("naadd", "Mål nådd")
    ON_TRACK = ("i_rute", "I rute")
    BEHIND = ("bak", "Bak plan")
    NO_TARGET = ("uten_maal", "Mangler mål")
    NO_VALUES = ("ingen_maaling", "Ingen måling")


class EffectTargetKind(LabelledEnum):
    AREA = ("area", "Område")
    ITEM = ("item", "Spørsmål")


class PlanField(LabelledEnum):
    """Fields the project leader may update in the exported Excel file and import back.

    Only these are importable; title, description, codes, areas, points and
    dependencies are shown in the file for reading but changed in the program.
    """

    STATUS = ("status", "Status")
    PROGRESS = ("progress", "Fremdrift")
    START = ("start_on", "Start")
    DEADLINE = ("deadline_on", "Frist")
    RESPONSIBLE = ("responsible_id", "Ansvarlig")
    HOURS = ("hours", "Timer")
    COST = ("cost_nok", "Kostnad (kr)")
    FUNDING = ("funding", "Finansiering")


class PlanSort(LabelledEnum):
    POSITION = ("position", "Rekkefølge")
    CODE = ("code", "ID")
    TITLE = ("title", "Tittel")
    RESPONSIBLE = ("responsible", "Ansvarlig")
    START = ("start", "Start")
    DEADLINE = ("deadline", "Frist")
    STATUS = ("status", "Status")
    PROGRESS = ("progress", "Fremdrift")
    SCORE = ("score", "Vektet poengsum")


# -- records ----------------------------------------------------------------------------
@dataclass(frozen=True)
class EffectTarget:
    """A survey area or item (item bank id) the measure is meant to move (DOMAIN.md §9)."""

    kind: EffectTargetKind
    key: str
    label: str = ""  # filled when read: the area's or item's text


@dataclass(frozen=True)
class IndicatorValue:
    measured_on: date
    value: float
    note: str = ""
    id: int | None = None
    indicator_id: int | None = None


@dataclass(frozen=True)
class Indicator:
    """An effect indicator (KPI) of a measure, e.g. median byggesak days 24 → 15."""

    name: str
    unit: str = ""
    baseline: float | None = None
    baseline_on: date | None = None
    target: float | None = None
    target_on: date | None = None
    lower_is_better: bool = False
    values: tuple[IndicatorValue, ...] = ()  # read: sorted by date (oldest first)
    id: int | None = None
    measure_id: int | None = None

    @property
    def latest(self) -> IndicatorValue | None:
        return max(self.values, key=lambda v: (v.measured_on, v.id or 0), default=None)

    def status(self) -> IndicatorStatus:
        return indicator_status(self)


@dataclass(frozen=True)
class Measure:
    """A tiltak with every field of DOMAIN.md §8.

    ``code`` is given by the service ("T-001", never reused). ``point_ids``, ``areas``,
    ``depends_on`` (measure ids) and ``effect_targets`` are written by create/update.
    ``indicators`` is read-only here (filled by ``get_measure``): indicators have their
    own services. ``plan_decision_id`` is set by recording a plan decision.
    """

    title: str
    description: str = ""
    point_ids: tuple[int, ...] = ()
    areas: tuple[str, ...] = ()  # item bank area ids
    responsible_id: int | None = None
    unit: str = ""
    start_on: date | None = None
    deadline_on: date | None = None
    hours: float | None = None
    cost_nok: float | None = None
    funding: str = ""
    depends_on: tuple[int, ...] = ()
    status: MeasureStatus = MeasureStatus.IKKE_STARTET
    progress: int = 0
    gain: int | None = None
    effort: int | None = None
    moscow: MoSCoW | None = None
    effect_targets: tuple[EffectTarget, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    plan_decision_id: int | None = None
    code: str = ""
    position: int = 0
    id: int | None = None

    @property
    def in_plan(self) -> bool:
        return self.plan_decision_id is not None

    @property
    def quadrant(self) -> Quadrant | None:
        return quadrant(self.gain, self.effort)


@dataclass(frozen=True)
class Criterion:
    name: str
    weight: float
    higher_is_better: bool = True
    position: int = 0
    id: int | None = None


@dataclass(frozen=True)
class Score:
    measure_id: int
    criterion_id: int
    score: int


@dataclass(frozen=True)
class RankedMeasure:
    """A measure in the weighted ranking (best first). ``rank`` is None without scores;
    equal scores share a rank (1, 2, 2, 4)."""

    measure_id: int
    code: str
    title: str
    weighted: float | None
    rank: int | None
    scores: Mapping[int, int]  # criterion id → 2–10 as given (not inverted)
    scored_criteria: int
    total_criteria: int
    gain: int | None
    effort: int | None
    moscow: MoSCoW | None
    status: MeasureStatus
    in_plan: bool

    @property
    def complete(self) -> bool:
        return self.scored_criteria == self.total_criteria

    @property
    def quadrant(self) -> Quadrant | None:
        return quadrant(self.gain, self.effort)


@dataclass(frozen=True)
class PlanDecision:
    """Who decided what goes into the handlingsplan, when, and in which meeting."""

    decided_on: date
    decided_by: str
    meeting_id: int | None = None
    note: str = ""
    measure_ids: tuple[int, ...] = ()
    meeting_title: str = ""  # read
    id: int | None = None


@dataclass(frozen=True)
class FollowUp:
    """A dated entry in a measure's follow-up log."""

    measure_id: int
    entry_on: date
    text: str
    author_id: int | None = None
    author_name: str = ""  # read
    id: int | None = None


@dataclass(frozen=True)
class PlanItem:
    """One row of the handlingsplan table, with what is derived for it."""

    measure: Measure
    responsible_name: str
    dependency_codes: tuple[str, ...]
    point_titles: tuple[str, ...]
    overdue: bool
    risk: str | None  # why it is at risk, in words; None = not at risk
    blocked_by: tuple[str, ...]  # codes of open dependencies (not fullført)
    last_follow_up: date | None
    follow_up_count: int
    indicator_count: int
    weighted: float | None

    @property
    def at_risk(self) -> bool:
        return self.risk is not None


@dataclass(frozen=True)
class PlanFilter:
    """Filters of the handlingsplan; None/empty = no filter on that field."""

    statuses: frozenset[MeasureStatus] = frozenset()
    responsible_id: int | None = None
    area: str | None = None  # an area id, or "" for measures without area (Generelt)
    overdue_only: bool = False
    at_risk_only: bool = False  # at risk or overdue: "needs attention"
    in_plan: bool | None = None
    text: str = ""


@dataclass(frozen=True)
class ChangeProposal:
    """A difference between the imported Excel file and the project, to accept or not."""

    code: str
    measure_id: int
    title: str
    field: PlanField
    old: Any  # the stored type: MeasureStatus, int, date, float, str, person id, or None
    new: Any
    old_text: str
    new_text: str
    row: int  # the Excel row number


@dataclass(frozen=True)
class ImportProblem:
    """Something in the file that could not be read: by row and column (Excel numbering;
    0 = the whole file / no particular column)."""

    row: int
    column: str  # the column letter and header, e.g. "F (Fremdrift)"; "" = the whole row
    message: str
    code: str = ""

    @property
    def where(self) -> str:
        parts = []
        if self.row:
            parts.append(f"rad {self.row}")
        if self.column:
            parts.append(f"kolonne {self.column}")
        return ", ".join(parts)


@dataclass(frozen=True)
class PlanImport:
    """What ``read_plan_changes`` found: proposals to accept one by one, and problems."""

    file_name: str
    proposals: tuple[ChangeProposal, ...]
    problems: tuple[ImportProblem, ...]
    rows_read: int


@dataclass(frozen=True)
class SnapshotEntry:
    code: str
    title: str
    status: MeasureStatus
    progress: int
    deadline_on: date | None


@dataclass(frozen=True)
class StatusReport:
    """A statusrapport made earlier, with its snapshot of every measure by code."""

    made_on: date
    entries: Mapping[str, SnapshotEntry] = field(default_factory=dict)
    note: str = ""
    id: int | None = None


# -- rules ------------------------------------------------------------------------------
def format_code(number: int) -> str:
    return f"{CODE_PREFIX}{number:03d}"


def code_number(code: str) -> int | None:
    """The number of a code such as "T-007" (None when it is not one of ours)."""
    c = code.strip().upper()
    if not c.startswith(CODE_PREFIX):
        return None
    rest = c[len(CODE_PREFIX) :]
    return int(rest) if rest.isdigit() else None


def effective_score(score: int, higher_is_better: bool) -> int:
    """The score as it counts: a lower-is-better criterion is inverted (12 − score)."""
    return score if higher_is_better else SCORE_INVERT - score


def weighted_score(scores: Mapping[int, int], criteria: Sequence[Criterion]) -> float | None:
    """Weighted mean of the effective scores over the scored criteria (2–10 scale)."""
    total_w = 0.0
    total = 0.0
    for c in criteria:
        if c.id is None or c.id not in scores or c.weight <= 0:
            continue
        total_w += c.weight
        total += c.weight * effective_score(scores[c.id], c.higher_is_better)
    if total_w <= 0:
        return None
    return total / total_w


def normalised_weights(criteria: Sequence[Criterion]) -> dict[int, float]:
    """Criterion id → its share of the total weight (0 when all weights are 0)."""
    total = sum(max(c.weight, 0.0) for c in criteria)
    return {c.id: (max(c.weight, 0.0) / total if total > 0 else 0.0) for c in criteria if c.id}


def is_overdue(m: Measure, today: date) -> bool:
    return m.deadline_on is not None and m.deadline_on < today and not m.status.closed


def expected_progress(m: Measure, today: date) -> float | None:
    """The share of the time from start to deadline gone by today, in percent (0–100)."""
    if m.start_on is None or m.deadline_on is None or m.deadline_on <= m.start_on:
        return None
    span = (m.deadline_on - m.start_on).days
    gone = (today - m.start_on).days
    return max(0.0, min(100.0, 100.0 * gone / span))


def risk_reason(m: Measure, today: date) -> str | None:
    """Why an open measure is at risk (see the module docstring), or None."""
    if m.status.closed or is_overdue(m, today):
        return None
    if m.deadline_on is not None:
        days_left = (m.deadline_on - today).days
        if 0 <= days_left <= AT_RISK_DAYS and m.progress < AT_RISK_PROGRESS:
            when = "i dag" if days_left == 0 else f"om {days_left} dager"
            return f"Frist {when}, bare {m.progress} % ferdig"
    expected = expected_progress(m, today)
    if (
        expected is not None
        and m.start_on is not None
        and m.start_on <= today
        and m.progress < expected - AT_RISK_BEHIND_POINTS
    ):
        return f"{m.progress} % ferdig, men {round(expected)} % av tiden er gått"
    return None


def indicator_status(ind: Indicator) -> IndicatorStatus:
    latest = ind.latest
    if ind.target is None:
        return IndicatorStatus.NO_TARGET
    if latest is None:
        return IndicatorStatus.NO_VALUES
    sign = -1.0 if ind.lower_is_better else 1.0

    def at_least(value: float, than: float) -> bool:  # as good as, in the right direction
        return sign * (value - than) >= -1e-9

    if at_least(latest.value, ind.target):
        return IndicatorStatus.REACHED
    if ind.baseline is None:
        return IndicatorStatus.BEHIND
    if (
        ind.baseline_on is not None
        and ind.target_on is not None
        and ind.target_on > ind.baseline_on
    ):
        share = (latest.measured_on - ind.baseline_on).days / (ind.target_on - ind.baseline_on).days
        share = max(0.0, min(1.0, share))
        expected = ind.baseline + (ind.target - ind.baseline) * share
        return (
            IndicatorStatus.ON_TRACK
            if at_least(latest.value, expected)
            else (IndicatorStatus.BEHIND)
        )
    better = sign * (latest.value - ind.baseline) > 1e-9
    return IndicatorStatus.ON_TRACK if better else IndicatorStatus.BEHIND


def format_number(value: float | None, decimals: int = 1) -> str:
    """Norwegian number text: decimal comma, no needless decimals, thin-space thousands."""
    if value is None:
        return ""
    if float(value).is_integer():
        text = f"{int(value):,}".replace(",", "\u00a0")
    else:
        text = f"{value:,.{decimals}f}".replace(",", "\u00a0").replace(".", ",")
    return text


def format_date(d: date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else ""
