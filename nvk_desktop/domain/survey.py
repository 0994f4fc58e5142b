"""Survey questionnaires: respondent groups, scales, items and the item bank (DOMAIN.md §6).

Items are parallel across respondent groups: one item id, one wording per group, so
the gap between business, employees and politicians can be computed per item.
These types are plain frozen data; the bank itself is loaded by
``nvk_desktop.importers.itembank``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from nvk_desktop.domain.enums import LabelledEnum


class RespondentGroup(LabelledEnum):
    """Who answers. Values are stored in project files and used on the command line."""

    NAERINGSLIV = ("naeringsliv", "Næringsliv")
    ANSATTE = ("ansatte", "Ansatte i kommunen")
    POLITIKERE = ("politikere", "Politikere")
    UTVIKLINGSSELSKAP = ("utviklingsselskap", "Utviklingsselskap")


class ItemKind(LabelledEnum):
    BACKGROUND = ("background", "Bakgrunn")
    SATISFACTION = ("satisfaction", "Tilfredshet")
    IMPORTANCE = ("importance", "Viktighet")
    DIMENSION = ("dimension", "Tjenestedimensjon")
    OPEN = ("open", "Åpent spørsmål")

    @property
    def is_scale(self) -> bool:
        """Answered on the survey's numeric scale (and so counted in means)."""
        return self in (ItemKind.SATISFACTION, ItemKind.IMPORTANCE, ItemKind.DIMENSION)


# The scales the method allows (DOMAIN.md §6), as (min, max).
ALLOWED_SCALES: tuple[tuple[int, int], ...] = ((1, 5), (1, 6), (1, 7), (0, 10))

DONT_KNOW_LABEL = "Vet ikke / ikke aktuelt"

DEFAULT_LABELS_1_5: dict[int, str] = {
    1: "Svært dårlig",
    2: "Dårlig",
    3: "Verken godt eller dårlig",
    4: "Godt",
    5: "Svært godt",
}


@dataclass(frozen=True)
class Scale:
    """A Likert or 0–10 scale with its labels.

    "Vet ikke / ikke aktuelt" is always stored as None in answers and left out of
    means. ``dont_know_code`` is only the number that stands for it in files and in
    keyboard entry (e.g. 9 on a 1–5 scale); None means it has no number.
    """

    min: int = 1
    max: int = 5
    labels: Mapping[int, str] = field(default_factory=lambda: dict(DEFAULT_LABELS_1_5))
    dont_know_code: int | None = None
    dont_know_label: str = DONT_KNOW_LABEL

    def __post_init__(self) -> None:
        if (self.min, self.max) not in ALLOWED_SCALES:
            allowed = ", ".join(f"{a}–{b}" for a, b in ALLOWED_SCALES)
            raise ValueError(f"Skalaen {self.min}–{self.max} er ikke tillatt (tillatt: {allowed}).")
        for value in self.labels:
            if not self.min <= value <= self.max:
                raise ValueError(
                    f"Etiketten for {value} ligger utenfor skalaen {self.min}–{self.max}."
                )
        if self.dont_know_code is not None and self.min <= self.dont_know_code <= self.max:
            raise ValueError(
                f"Koden for «vet ikke» ({self.dont_know_code}) kan ikke ligge på skalaen "
                f"{self.min}–{self.max}."
            )

    @property
    def values(self) -> range:
        return range(self.min, self.max + 1)

    def contains(self, value: int) -> bool:
        return self.min <= value <= self.max

    def label(self, value: int) -> str:
        """The label of a value, or the bare number when the scale has none for it."""
        return self.labels.get(value, str(value))

    def index(self, value: float) -> float:
        """0–100 index of DOMAIN.md §6: (x − min) / (max − min) · 100."""
        return (value - self.min) / (self.max - self.min) * 100.0

    def top2(self) -> tuple[int, int]:
        return (self.max - 1, self.max)

    def bottom2(self) -> tuple[int, int]:
        return (self.min, self.min + 1)


@dataclass(frozen=True)
class Option:
    """One answer option of a background question; ``code`` is what is stored."""

    code: str
    label: str


@dataclass(frozen=True)
class Dimension:
    """One of the service dimensions of DOMAIN.md §5 (e.g. saksbehandlingstid)."""

    id: str
    label: str


@dataclass(frozen=True)
class Area:
    """One of the questionnaire's areas (DOMAIN.md §6), e.g. byggesaker."""

    id: str
    name: str


@dataclass(frozen=True)
class Item:
    """One question, asked of every group that has a wording in ``texts``.

    ``area`` is None for background questions and for overall open comments.
    ``dimension`` is set only for kind DIMENSION; ``options`` only for BACKGROUND.
    """

    id: str
    area: str | None
    kind: ItemKind
    texts: Mapping[RespondentGroup, str]
    dimension: str | None = None
    options: tuple[Option, ...] = ()

    def text(self, group: RespondentGroup) -> str | None:
        return self.texts.get(group)

    def asked_of(self, group: RespondentGroup) -> bool:
        return group in self.texts

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)


@dataclass(frozen=True)
class ItemBank:
    """A versioned set of items. ``importance_labels`` word the scale for importance items."""

    version: int
    areas: tuple[Area, ...]
    dimensions: tuple[Dimension, ...]
    items: tuple[Item, ...]
    scale: Scale = field(default_factory=Scale)
    importance_labels: Mapping[int, str] = field(default_factory=dict)
    groups: tuple[RespondentGroup, ...] = tuple(RespondentGroup)

    def item(self, item_id: str) -> Item:
        for it in self.items:
            if it.id == item_id:
                return it
        raise KeyError(item_id)

    def area(self, area_id: str) -> Area:
        for a in self.areas:
            if a.id == area_id:
                return a
        raise KeyError(area_id)

    def dimension(self, dimension_id: str) -> Dimension:
        for d in self.dimensions:
            if d.id == dimension_id:
                return d
        raise KeyError(dimension_id)

    def items_for(
        self, group: RespondentGroup, kinds: Iterable[ItemKind] | None = None
    ) -> list[Item]:
        """The group's questionnaire in bank order, optionally only some kinds."""
        wanted = set(kinds) if kinds is not None else set(ItemKind)
        return [it for it in self.items if it.asked_of(group) and it.kind in wanted]

    def items_in_area(self, area_id: str) -> list[Item]:
        return [it for it in self.items if it.area == area_id]
