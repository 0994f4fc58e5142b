"""The service map (Kartlegging av tjenester, DOMAIN.md §5): areas, services with
their facts and KPIs, the consultant's 1–5 assessment per service dimension, and the
matrix that shows the weak points at a glance.

Plain data and pure rules; the matrix view and the XLSX export are both built from one
``ServiceMatrix`` so that what the user sees and what is exported cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from nvk_desktop.domain.enums import LabelledEnum


class Channel(LabelledEnum):
    """How business reaches a service (stored comma-separated in the service row)."""

    SKRANKE = ("skranke", "Skranke")
    TELEFON = ("telefon", "Telefon")
    EPOST = ("epost", "E-post")
    NETTSIDE = ("nettside", "Nettside")
    SKJEMA = ("skjema", "Digitalt skjema")


SCORE_MIN = 1
SCORE_MAX = 5
SCORES = tuple(range(SCORE_MIN, SCORE_MAX + 1))
WEAK_MAX = 2  # a score of 1 or 2 is a weak point
MAX_MEDIAN_DAYS = 3650  # ten years: anything above is a typing error
MAX_DEADLINE_DAYS = 3650
MAX_YEARLY_CASES = 10_000_000
MAX_NAME_LENGTH = 200

SCORE_WORDS: dict[int, str] = {
    1: "svært svak",
    2: "svak",
    3: "middels",
    4: "god",
    5: "svært god",
}
UNKNOWN_WORD = "ukjent"
UNKNOWN_MARK = "–"

# A diverging orange–blue scale (after ColorBrewer PuOr/RdBu, safe for the common
# forms of colour blindness); black text keeps a contrast of at least 6:1 on every
# fill, and the number is always written in the cell, so colour is never the only cue.
SCORE_COLOURS: dict[int, str] = {
    1: "#E08214",
    2: "#FDB863",
    3: "#DADADA",
    4: "#92C5DE",
    5: "#4393C3",
}
SCORE_TEXT_COLOUR = "#000000"


def score_label(score: int | None) -> str:
    """«1 – svært svak» … «5 – svært god», or «Ukjent»."""
    if score is None:
        return UNKNOWN_WORD.capitalize()
    return f"{score} – {SCORE_WORDS[score]}"


def is_weak(score: int | None) -> bool:
    return score is not None and score <= WEAK_MAX


def parse_channels(text: str) -> tuple[Channel, ...]:
    """The stored comma-separated values; unknown values (a newer version) are skipped."""
    known = {c.value: c for c in Channel}
    found = {known[v.strip()] for v in text.split(",") if v.strip() in known}
    return tuple(c for c in Channel if c in found)


def format_channels_value(channels: Iterable[Channel]) -> str:
    """The stored form: values in the fixed Channel order, comma-separated."""
    chosen = set(channels)
    return ",".join(c.value for c in Channel if c in chosen)


def channels_text(channels: Iterable[Channel]) -> str:
    """«Skranke, Telefon, E-post» for tables and exports."""
    chosen = set(channels)
    return ", ".join(c.label for c in Channel if c in chosen)


def format_deadline(days: int | None) -> str:
    """A legal deadline in the words of the law: «12 uker» when whole weeks, else days."""
    if days is None:
        return ""
    if days > 0 and days % 7 == 0:
        weeks = days // 7
        return "1 uke" if weeks == 1 else f"{weeks} uker"
    return "1 dag" if days == 1 else f"{days} dager"


def format_number(value: float | None, decimals: int = 1) -> str:
    """Norwegian form: decimal comma, space as thousands separator, no trailing ,0."""
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u00a0")
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u00a0").replace(".", ",")


def format_share(share: float | None) -> str:
    """0.92 → «92 %»."""
    if share is None:
        return ""
    return f"{format_number(round(share * 100, 1))}\u00a0%"


@dataclass(frozen=True)
class ServiceArea:
    name: str
    position: int = 0
    id: int | None = None


@dataclass(frozen=True)
class Service:
    """A service or contact point that business meets, with its facts.

    ``within_deadline_share`` is 0–1 (shown as a percentage); days are calendar days.
    """

    area_id: int
    name: str
    unit: str = ""
    contact_id: int | None = None
    channels: tuple[Channel, ...] = ()
    yearly_cases: int | None = None
    median_days: float | None = None
    legal_deadline_days: int | None = None
    within_deadline_share: float | None = None
    complaints: int | None = None
    fees: str = ""
    current_state: str = ""  # nå-situasjonen
    position: int = 0
    id: int | None = None

    @property
    def deadline_text(self) -> str:
        return format_deadline(self.legal_deadline_days)


@dataclass(frozen=True)
class Dimension:
    """A service dimension every service is assessed on (the set is editable)."""

    name: str
    position: int = 0
    id: int | None = None


@dataclass(frozen=True)
class Assessment:
    """The consultant's score of one service on one dimension; None = ukjent."""

    service_id: int
    dimension_id: int
    score: int | None = None
    note: str = ""
    id: int | None = None


@dataclass(frozen=True)
class ServiceKpi:
    """A further objective KPI of a service (beyond days, deadline share, complaints)."""

    service_id: int
    name: str
    value: float | None = None
    unit: str = ""
    measured_on: date | None = None
    note: str = ""
    id: int | None = None


@dataclass(frozen=True)
class ServiceMatrix:
    """Services × dimensions with the scores and the KPI columns, in map order."""

    areas: tuple[ServiceArea, ...]
    services: tuple[Service, ...]  # area order, then the order inside the area
    dimensions: tuple[Dimension, ...]
    scores: Mapping[tuple[int, int], Assessment] = field(default_factory=dict)
    kpi_names: tuple[str, ...] = ()  # the further KPIs, one column each
    kpis: Mapping[tuple[int, str], ServiceKpi] = field(default_factory=dict)
    contacts: Mapping[int, str] = field(default_factory=dict)  # person id → name

    def score(self, service_id: int, dimension_id: int) -> int | None:
        a = self.scores.get((service_id, dimension_id))
        return a.score if a is not None else None

    def note(self, service_id: int, dimension_id: int) -> str:
        a = self.scores.get((service_id, dimension_id))
        return a.note if a is not None else ""

    def area_name(self, area_id: int) -> str:
        for a in self.areas:
            if a.id == area_id:
                return a.name
        return ""

    def contact_name(self, service: Service) -> str:
        return self.contacts.get(service.contact_id, "") if service.contact_id else ""

    def kpi(self, service_id: int, name: str) -> ServiceKpi | None:
        return self.kpis.get((service_id, name))

    def weak_points(self) -> list[tuple[Service, Dimension, int]]:
        """Every score of 1–2, weakest first, in map order within a score."""
        out = []
        for s in self.services:
            for d in self.dimensions:
                sc = self.score(s.id or 0, d.id or 0)
                if is_weak(sc):
                    assert sc is not None
                    out.append((s, d, sc))
        return sorted(out, key=lambda t: t[2])

    def has_weak_point(self, service_id: int) -> bool:
        return any(is_weak(self.score(service_id, d.id or 0)) for d in self.dimensions)

    def assessed_count(self) -> int:
        return sum(1 for a in self.scores.values() if a.score is not None)
