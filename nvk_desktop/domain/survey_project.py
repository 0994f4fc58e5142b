"""Surveys in a project (issue 4): the survey, its questionnaire, answers and results.

The item bank (``domain.survey``) is the catalogue; a survey holds its own copy of
the items it asks (``SurveyItem``), so editing the wording or a later bank version
never changes a survey that already has answers. Plain frozen data, no storage.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from nvk_desktop.analysis.stats import Breakdown, Change, Gap, ImportanceSatisfaction, ItemStats
from nvk_desktop.domain.enums import LabelledEnum
from nvk_desktop.domain.survey import Item, ItemKind, Option, RespondentGroup, Scale
from nvk_desktop.importers.survey_import import Answer, ColumnMapping
from nvk_desktop.importers.tabular import Problem

__all__ = [
    "Answer",
    "AreaResult",
    "Comment",
    "CommentTheme",
    "DEFAULT_GROUPS",
    "GroupGap",
    "GroupRate",
    "ImportPreview",
    "ImportRecord",
    "ImportSummary",
    "ItemResult",
    "OWN_PREFIX",
    "Response",
    "Survey",
    "SurveyGroupInfo",
    "SurveyItem",
    "SurveyResults",
    "SurveyRound",
    "SurveySummary",
]

OWN_PREFIX = "egen."
"""Keys of items the consultant wrote for this survey: "egen.1", "egen.2" …"""

DEFAULT_GROUPS: tuple[RespondentGroup, ...] = (
    RespondentGroup.NAERINGSLIV,
    RespondentGroup.ANSATTE,
    RespondentGroup.POLITIKERE,
)


class SurveyRound(LabelledEnum):
    T0 = ("T0", "Førmåling (T0)")
    T1 = ("T1", "Oppfølging (T1)")


@dataclass(frozen=True)
class SurveyGroupInfo:
    """A respondent group of a survey; ``responses`` is filled when read."""

    group: RespondentGroup
    invited: int | None = None
    responses: int = 0


@dataclass(frozen=True)
class SurveyItem:
    """One question of a survey: a copy of a bank item or an own item ("egen.N").

    ``texts`` holds the wording per group; a group without a wording is not asked.
    """

    key: str
    area: str | None
    kind: ItemKind
    texts: Mapping[RespondentGroup, str]
    dimension: str | None = None
    options: tuple[Option, ...] = ()
    own: bool = False
    position: int = 0
    id: int | None = None

    def text(self, group: RespondentGroup) -> str | None:
        return self.texts.get(group)

    def asked_of(self, group: RespondentGroup) -> bool:
        return group in self.texts

    def to_item(self) -> Item:
        """The importers' view of this question (id = key)."""
        return Item(
            id=self.key,
            area=self.area,
            kind=self.kind,
            texts=dict(self.texts),
            dimension=self.dimension,
            options=self.options,
        )

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)


@dataclass(frozen=True)
class SurveySummary:
    """A line of the survey list."""

    id: int
    name: str
    round: SurveyRound
    groups: tuple[RespondentGroup, ...]
    responses: int
    baseline_id: int | None = None
    baseline_name: str | None = None
    opens_on: date | None = None
    closes_on: date | None = None


@dataclass(frozen=True)
class Survey:
    """A whole survey: settings, groups (with counts) and the questionnaire in order."""

    id: int
    name: str
    round: SurveyRound
    scale: Scale
    groups: tuple[SurveyGroupInfo, ...]
    items: tuple[SurveyItem, ...]
    bank_version: int
    baseline_id: int | None = None
    baseline_name: str | None = None
    opens_on: date | None = None
    closes_on: date | None = None
    note: str = ""

    @property
    def group_values(self) -> tuple[RespondentGroup, ...]:
        return tuple(g.group for g in self.groups)

    @property
    def responses(self) -> int:
        return sum(g.responses for g in self.groups)

    def item(self, key: str) -> SurveyItem:
        for it in self.items:
            if it.key == key:
                return it
        raise KeyError(key)

    def items_for(self, group: RespondentGroup) -> list[SurveyItem]:
        return [it for it in self.items if it.asked_of(group)]

    def group(self, group: RespondentGroup) -> SurveyGroupInfo | None:
        return next((g for g in self.groups if g.group is group), None)


@dataclass(frozen=True)
class Response:
    """One respondent. ``answers``: int = scale value, None = vet ikke, str = text or
    option code. ``import_id`` is None for keyboard entry."""

    id: int
    group: RespondentGroup
    answers: Mapping[str, Answer]
    import_id: int | None = None
    source_row: int | None = None
    entered_at: datetime | None = None


@dataclass(frozen=True)
class ImportRecord:
    id: int
    group: RespondentGroup
    file_name: str
    content_hash: str
    imported_at: datetime
    respondents: int

    def describe(self) -> str:
        when = self.imported_at.strftime("%d.%m.%Y kl. %H.%M")
        return f"«{self.file_name}», importert {when} ({self.respondents} svar)"


@dataclass(frozen=True)
class ImportPreview:
    """What an import would do, without writing: for the mapping dialog and --dry-run."""

    mapping: ColumnMapping
    lines: tuple[str, ...]  # describe(): what each column is matched to
    source: str  # how the file was read (encoding, delimiter, sheet, header row)
    rows: int  # data rows in the file
    respondents: int  # rows that would be stored (0 when there are errors)
    problems: tuple[Problem, ...]
    duplicate_of: ImportRecord | None = None
    remembered: bool = False  # a mapping remembered from an earlier file was used

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.warning)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.warning)

    @property
    def ok(self) -> bool:
        return not self.errors and self.duplicate_of is None and self.respondents > 0


@dataclass(frozen=True)
class ImportSummary:
    import_id: int
    survey_id: int
    group: RespondentGroup
    file_name: str
    respondents: int
    lines: tuple[str, ...]
    warnings: tuple[Problem, ...]
    backup: Path | None
    seconds: float


@dataclass(frozen=True)
class CommentTheme:
    id: int
    survey_id: int
    area: str | None
    name: str
    candidate_finding_id: int | None = None
    comments: int = 0


@dataclass(frozen=True)
class Comment:
    """An open answer, for coding into themes. Text only: nothing about the respondent
    but the group."""

    answer_id: int
    group: RespondentGroup
    item_key: str
    area: str | None
    text: str
    theme_ids: tuple[int, ...] = ()


# -- results -----------------------------------------------------------------------------
@dataclass(frozen=True)
class GroupGap:
    """``a`` − ``b`` for one item or area (positive: group a rates higher)."""

    a: RespondentGroup
    b: RespondentGroup
    gap: Gap


@dataclass(frozen=True)
class ItemResult:
    key: str
    area: str | None
    kind: ItemKind
    dimension: str | None
    texts: Mapping[RespondentGroup, str]
    stats: Mapping[RespondentGroup, ItemStats]
    gaps: tuple[GroupGap, ...] = ()
    change: Mapping[RespondentGroup, Change] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The næringsliv wording, or the first group's."""
        return self.texts.get(RespondentGroup.NAERINGSLIV) or next(iter(self.texts.values()), "")


@dataclass(frozen=True)
class AreaResult:
    """An area, pooled over its satisfaction and service-dimension items (importance
    items are about something else and are kept apart in ``importance``)."""

    area: str
    name: str
    stats: Mapping[RespondentGroup, ItemStats]
    importance: Mapping[RespondentGroup, ItemStats] = field(default_factory=dict)
    satisfaction: Mapping[RespondentGroup, ItemStats] = field(default_factory=dict)
    gaps: tuple[GroupGap, ...] = ()
    change: Mapping[RespondentGroup, Change] = field(default_factory=dict)


@dataclass(frozen=True)
class GroupRate:
    group: RespondentGroup
    responses: int
    invited: int | None
    rate: float | None  # share 0–1, None when the number invited is unknown


@dataclass(frozen=True)
class SurveyResults:
    survey: Survey
    items: tuple[ItemResult, ...]
    areas: tuple[AreaResult, ...]
    rates: tuple[GroupRate, ...]
    importance: Mapping[RespondentGroup, ImportanceSatisfaction]
    comments: Mapping[str | None, tuple[Comment, ...]]  # per area id (None: general)
    baseline: SurveySummary | None = None

    def item(self, key: str) -> ItemResult:
        for it in self.items:
            if it.key == key:
                return it
        raise KeyError(key)

    def area(self, area_id: str) -> AreaResult:
        for a in self.areas:
            if a.area == area_id:
                return a
        raise KeyError(area_id)


@dataclass(frozen=True)
class BreakdownResult:
    """An item (or area) for one group by a background question, small groups hidden."""

    key: str
    background_key: str
    group: RespondentGroup
    breakdown: Breakdown
