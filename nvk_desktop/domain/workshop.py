"""Workshops (verksted), their cards, improvement points and prioritising (DOMAIN.md §7;
issue 5).

A workshop has working groups that write cards (innspill); the cards are clustered
into forbedringspunkter, which the room votes on with dots and scores on gevinst and
innsats (1–5 each) for the 2×2 matrix.

The matrix: a score of 3 or more (``HIGH_SCORE``) counts as *high* on the 1–5 scale,
so 3 is on the high side; a point is only placed once both scores are set:

    ======================  ============  ============
    quadrant                gevinst       innsats
    ======================  ============  ============
    raske gevinster         high (≥ 3)    low (≤ 2)
    strategiske tiltak      high (≥ 3)    high (≥ 3)
    småtiltak               low (≤ 2)     low (≤ 2)
    unngå                   low (≤ 2)     high (≥ 3)
    ======================  ============  ============
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from nvk_desktop.domain.enums import LabelledEnum

SCORE_MIN, SCORE_MAX = 1, 5
HIGH_SCORE = 3  # gevinst or innsats of 3, 4 or 5 is "high" in the 2×2 matrix
DEFAULT_DOT_BUDGET = 5
MAX_DOT_BUDGET = 50
CARD_MAX = 2000  # characters in one card
NAME_MAX = 200


class WorkshopKind(LabelledEnum):
    RESULTATVERKSTED = ("resultatverksted", "Resultatverksted")
    STYRKER_SVAKHETER = ("styrker_svakheter", "Styrker og svakheter")
    TILTAKSVERKSTED = ("tiltaksverksted", "Tiltaksverksted")
    ANNET = ("annet", "Annet verksted")


class CardKind(LabelledEnum):
    STYRKE = ("styrke", "Styrke")
    SVAKHET = ("svakhet", "Svakhet")
    FORSLAG = ("forslag", "Forslag")
    SPORSMAL = ("sporsmal", "Spørsmål")


class Quadrant(LabelledEnum):
    """The four cells of the gevinst/innsats matrix (DOMAIN.md §7)."""

    RASKE_GEVINSTER = ("raske_gevinster", "Raske gevinster")
    STRATEGISKE_TILTAK = ("strategiske_tiltak", "Strategiske tiltak")
    SMATILTAK = ("smatiltak", "Småtiltak")
    UNNGA = ("unnga", "Unngå")

    @property
    def explanation(self) -> str:
        return _QUADRANT_TEXT[self]


_QUADRANT_TEXT = {
    Quadrant.RASKE_GEVINSTER: "Stor gevinst, liten innsats",
    Quadrant.STRATEGISKE_TILTAK: "Stor gevinst, stor innsats",
    Quadrant.SMATILTAK: "Liten gevinst, liten innsats",
    Quadrant.UNNGA: "Liten gevinst, stor innsats",
}


def is_high(score: int) -> bool:
    """3, 4 and 5 are high on the 1–5 scale; 1 and 2 are low."""
    return score >= HIGH_SCORE


def quadrant(gain: int | None, effort: int | None) -> Quadrant | None:
    """The matrix cell of a point scored ``gain``/``effort`` (None until both are set)."""
    if gain is None or effort is None:
        return None
    if is_high(gain):
        return Quadrant.STRATEGISKE_TILTAK if is_high(effort) else Quadrant.RASKE_GEVINSTER
    return Quadrant.UNNGA if is_high(effort) else Quadrant.SMATILTAK


class LinkKind(LabelledEnum):
    """What an improvement point's evidence link points at.

    ``finding``, ``note`` and ``comment_theme`` use ``target_id`` (the row id);
    ``survey_area`` and ``survey_item`` use ``key`` (the item bank's area or item id).
    """

    FINDING = ("finding", "Funn")
    NOTE = ("note", "Notat")
    SURVEY_AREA = ("survey_area", "Område i undersøkelsen")
    SURVEY_ITEM = ("survey_item", "Spørsmål i undersøkelsen")
    COMMENT_THEME = ("comment_theme", "Kommentartema")

    @property
    def uses_key(self) -> bool:
        return self in (LinkKind.SURVEY_AREA, LinkKind.SURVEY_ITEM)


@dataclass(frozen=True)
class Workshop:
    """A workshop's own fields. ``id``/``uid`` are None/"" for a new one."""

    name: str
    kind: WorkshopKind = WorkshopKind.RESULTATVERKSTED
    held_on: date | None = None
    place: str = ""
    facilitator_id: int | None = None
    dot_budget: int = DEFAULT_DOT_BUDGET
    note: str = ""
    votes_revealed: bool = False
    id: int | None = None
    uid: str = ""
    # Set only in a group file: the one group this file captures for.
    group_file_group_uid: str | None = None
    facilitator_name: str = ""  # read-only, for display

    @property
    def is_group_file(self) -> bool:
        return self.group_file_group_uid is not None


@dataclass(frozen=True)
class WorkshopSummary:
    """One row of the workshop list."""

    id: int
    name: str
    kind: WorkshopKind
    held_on: date | None
    place: str
    groups: int
    participants: int
    cards: int
    points: int


@dataclass(frozen=True)
class Participant:
    id: int
    workshop_id: int
    name: str
    organisation: str = ""
    person_id: int | None = None  # None: added on the spot, not in Organisering
    group_id: int | None = None


@dataclass(frozen=True)
class WorkshopGroup:
    id: int
    uid: str
    workshop_id: int
    position: int
    name: str
    cards: int = 0  # cards in the group (duplicates included)
    members: int = 0  # participants assigned to the group


@dataclass(frozen=True)
class AgendaStep:
    title: str
    prompt: str = ""
    area: str | None = None  # item bank area id; None = general
    minutes: int | None = None
    position: int = 0
    id: int | None = None
    workshop_id: int | None = None


@dataclass(frozen=True)
class Card:
    """An innspill. ``duplicate_of_id`` set: merged into that card (shown once)."""

    id: int
    uid: str
    workshop_id: int
    group_id: int | None
    position: int
    text: str
    area: str | None
    kind: CardKind
    point_id: int | None = None
    duplicate_of_id: int | None = None
    revision: int = 1
    base_revision: int = 0
    created_at: str = ""
    updated_at: str = ""
    duplicates: int = 0  # how many other cards are merged into this one

    @property
    def is_duplicate(self) -> bool:
        return self.duplicate_of_id is not None

    @property
    def weight(self) -> int:
        """How many times this was said: itself and its merged duplicates."""
        return 1 + self.duplicates


@dataclass(frozen=True)
class PointLink:
    id: int
    point_id: int
    kind: LinkKind
    target_id: int | None = None
    key: str = ""
    label: str = ""


@dataclass(frozen=True)
class EvidenceChoice:
    """Something a point can be linked to (a candidate finding, a note, a survey area
    or item, a comment theme), ready for a picker."""

    kind: LinkKind
    target_id: int | None
    key: str
    label: str
    detail: str = ""  # e.g. the note a finding is from, or the survey


@dataclass(frozen=True)
class VoteTally:
    """Total dots on one point. Never says who gave them (safe on the projector)."""

    point_id: int
    title: str
    dots: int
    voters: int


@dataclass(frozen=True)
class Tally:
    """The vote count of a workshop for the room: per point, no per-participant data.

    ``points`` is empty while the votes are hidden (unless asked for by the facilitator
    or the referat); ``voted`` is how many participants have voted, which is shown
    while voting goes on without telling what they voted.
    """

    workshop_id: int
    revealed: bool
    dot_budget: int
    voted: int
    participants: int
    dots_cast: int
    points: tuple[VoteTally, ...] = ()


@dataclass(frozen=True)
class ParticipantVotes:
    """One participant's dots, for the facilitator's entry screen only (never the
    projector, never the referat)."""

    participant_id: int
    name: str
    votes: dict[int, int] = field(default_factory=dict)  # point id → dots

    @property
    def used(self) -> int:
        return sum(self.votes.values())


@dataclass(frozen=True)
class ImprovementPoint:
    id: int
    uid: str
    workshop_id: int | None
    position: int
    title: str
    description: str = ""
    area: str | None = None
    gain: int | None = None
    effort: int | None = None
    card_ids: tuple[int, ...] = ()
    links: tuple[PointLink, ...] = ()
    tally: VoteTally | None = None  # only once the votes are revealed

    @property
    def quadrant(self) -> Quadrant | None:
        return quadrant(self.gain, self.effort)

    @property
    def dots(self) -> int:
        return self.tally.dots if self.tally is not None else 0


def priority_key(point: ImprovementPoint) -> tuple[int, int, int]:
    """Sort key of the prioritised list: most dots first, then gevinst − innsats
    (unscored points last), then the board order."""
    net = (
        (point.gain - point.effort) if point.gain is not None and point.effort is not None else -99
    )
    return (-point.dots, -net, point.position)


@dataclass(frozen=True)
class CardConflict:
    """A card changed both in the project and in a merged group file. The project's
    card is untouched until the facilitator chooses; both texts are kept."""

    id: int
    card_id: int
    card_uid: str
    group_name: str
    file_name: str
    current_text: str
    current_area: str | None
    current_kind: CardKind
    incoming_text: str
    incoming_area: str | None
    incoming_kind: CardKind
    incoming_revision: int


@dataclass(frozen=True)
class MergeReport:
    """What merging one group file did. ``already_merged``: the same cards were merged
    before, so nothing was changed (merging twice is harmless)."""

    file_name: str
    group_name: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: tuple[CardConflict, ...] = ()
    already_merged: bool = False
    group_created: bool = False  # the group had been deleted here and was made again
    backup: Path | None = None
    merge_id: int | None = None

    def describe(self) -> str:
        if self.already_merged:
            return f"«{self.file_name}» er flettet inn før. Ingenting er endret."
        parts = [f"{self.added} nye", f"{self.updated} oppdaterte", f"{self.unchanged} uendrede"]
        text = f"Gruppe «{self.group_name}»: " + ", ".join(parts) + " innspill"
        if self.conflicts:
            n = len(self.conflicts)
            text += f", {n} {'konflikt' if n == 1 else 'konflikter'} å avgjøre"
        return text + "."


@dataclass(frozen=True)
class MergeRecord:
    """A group file merged before (for the list of merges)."""

    id: int
    group_uid: str
    group_name: str
    file_name: str
    merged_at: str
    added: int
    updated: int
    conflicts: int


@dataclass(frozen=True)
class GroupFileInfo:
    """The open project is a group file: which workshop and group it captures for."""

    workshop_id: int
    workshop_uid: str
    workshop_name: str
    group_id: int | None
    group_uid: str
    group_name: str
