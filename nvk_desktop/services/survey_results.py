"""Survey results (issue 4, point 5): per item, area and group, gaps between groups,
importance vs satisfaction, open comments, breakdowns and T1 vs T0 change.

All answers of a survey are read in one query and summarised with
``nvk_desktop.analysis.stats``; nothing here writes. ``min_n`` is None for the
consultant's own full results and ``stats.MIN_N`` for anything shown to others.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, compress, repeat
from operator import is_not

from sqlalchemy import select
from sqlalchemy.orm import Session

from nvk_desktop.analysis.stats import (
    MIN_N,
    AreaAnswers,
    ItemStats,
    area_change,
    area_stats,
    breakdown,
    change,
    group_gap,
    importance_satisfaction,
    item_stats,
    response_rate,
    stats_from_counts,
)
from nvk_desktop.domain.survey import ItemKind, RespondentGroup
from nvk_desktop.domain.survey_project import (
    AreaResult,
    BreakdownResult,
    GroupGap,
    GroupRate,
    ItemResult,
    Survey,
    SurveyItem,
    SurveyResults,
    SurveySummary,
)
from nvk_desktop.errors import ValidationError
from nvk_desktop.importers.itembank import load_item_bank
from nvk_desktop.services.project import Project
from nvk_desktop.services.surveys import _comments, _read_survey
from nvk_desktop.store.models import ResponseRow

# Kinds pooled into an area's figure: how good the municipality is in that area.
AREA_KINDS = (ItemKind.SATISFACTION, ItemKind.DIMENSION)


_MISSING = object()
_PLAIN_TYPES = frozenset({int, str, type(None)})


@dataclass
class _Answers:
    """One survey's stored answers, decoded once, with the distributions counted.

    ``answers[g]`` holds the answer dicts of group g in the order they are stored
    (scale values, None for "vet ikke", option codes for background questions). The
    results need no more than how often each value was given per item and group
    (``counts``) and, for an area, how many respondents gave at least one valid
    answer in it (``respondents_with_valid``); the per-respondent rows are built only
    for a T1–T0 change or a breakdown.
    """

    survey: Survey
    scale_keys: set[str] = field(default_factory=set)
    ids: dict[RespondentGroup, list[int]] = field(default_factory=dict)
    answers: dict[RespondentGroup, list[dict[str, object]]] = field(default_factory=dict)
    # group -> item key -> value -> how many (None: "vet ikke"); scale items only
    counts: dict[RespondentGroup, dict[str, Counter[int | None]]] = field(default_factory=dict)
    # False when a stored value is neither int, text nor null: then every figure is
    # worked out from the answers one by one, which names the bad value.
    plain: bool = True
    _gaps: dict[RespondentGroup, dict[str, list[tuple[frozenset[str], int]]]] = field(
        default_factory=dict
    )

    def has_values(self, key: str, group: RespondentGroup) -> bool:
        """A scale item the group was asked, or that some of the group answered."""
        if key not in self.scale_keys:
            return False
        asked = group in self.survey.group_values and self.survey.item(key).asked_of(group)
        return asked or any(key in answers for answers in self.answers.get(group, ()))

    def values(self, key: str, group: RespondentGroup) -> list[int | None]:
        """Every stored answer to one item in one group (who skipped it is left out)."""
        got = map(dict.get, self.answers.get(group, ()), repeat(key), repeat(_MISSING))
        return [v for v in got if v is not _MISSING]  # type: ignore[misc]

    def rows(self, group: RespondentGroup, keys: Sequence[str]) -> list[AreaAnswers]:
        """Per respondent of the group: their answers to these items (only those who
        answered at least one of them, "vet ikke" included)."""
        out: list[AreaAnswers] = []
        for answers in self.answers.get(group, ()):
            row = [answers[k] for k in keys if k in answers]
            if row:
                out.append(row)  # type: ignore[arg-type]
        return out

    def item(self, key: str, group: RespondentGroup, min_n: int | None) -> ItemStats:
        lo, hi = self.survey.scale.min, self.survey.scale.max
        if not self.plain:
            return item_stats(self.values(key, group), lo, hi, min_n=min_n)
        counts: Mapping[int | None, int] = self.counts.get(group, {}).get(key, {})
        return stats_from_counts(counts, lo, hi, min_n=min_n)

    def area(self, keys: Sequence[str], group: RespondentGroup, min_n: int | None) -> ItemStats:
        """The items pooled (as ``area_stats`` of ``rows``), from the counts."""
        lo, hi = self.survey.scale.min, self.survey.scale.max
        if not self.plain:
            return area_stats(self.rows(group, keys), lo, hi, min_n=min_n)
        per_item = self.counts.get(group, {})
        pooled: Counter[int | None] = Counter()
        for k in keys:
            pooled.update(per_item.get(k, {}))
        people = self.respondents_with_valid(group, keys) if len(keys) > 1 else None
        return stats_from_counts(pooled, lo, hi, respondents=people, min_n=min_n)

    def respondents_with_valid(self, group: RespondentGroup, keys: Sequence[str]) -> int:
        """How many of the group gave at least one valid (not "vet ikke") answer to keys.

        Everyone in the group, less those whose unanswered items (skipped or "vet
        ikke") include all of keys. Respondents are grouped by their set of unanswered
        items, and only the sets holding the first key are looked at: a few per cent.
        """
        if not keys:
            return 0
        everyone = len(self.answers.get(group, ()))
        wanted = frozenset(keys)
        unanswered = self._unanswered(group).get(keys[0], ())
        return everyone - sum(c for gaps, c in unanswered if wanted <= gaps)

    def _unanswered(self, group: RespondentGroup) -> dict[str, list[tuple[frozenset[str], int]]]:
        """Scale key -> (a set of items left unanswered, by how many) holding that key."""
        index = self._gaps.get(group)
        if index is None:
            every = frozenset(self.scale_keys)
            patterns: Counter[frozenset[str]] = Counter()
            for answers in self.answers.get(group, ()):
                given = compress(answers, map(is_not, answers.values(), repeat(None)))
                patterns[every.difference(given)] += 1
            index = self._gaps[group] = {}
            for gaps, count in patterns.items():
                for key in gaps:
                    index.setdefault(key, []).append((gaps, count))
        return index


def _load(s: Session, survey_id: int) -> _Answers:
    survey = _read_survey(s, survey_id)
    scale_keys = {it.key for it in survey.items if it.kind.is_scale}
    data = _Answers(survey, scale_keys)
    q = select(ResponseRow.id, ResponseRow.grp, ResponseRow.answers).where(
        ResponseRow.survey_id == survey_id
    )
    groups = {g.value: g for g in RespondentGroup}
    decode = json.JSONDecoder().decode
    for rid, grp, raw in s.execute(q):
        group = groups[grp]
        data.ids.setdefault(group, []).append(rid)
        data.answers.setdefault(group, []).append(decode(raw))
    for group, dicts in data.answers.items():
        if not _PLAIN_TYPES.issuperset(map(type, chain.from_iterable(map(dict.values, dicts)))):
            data.plain = False
            continue
        per_item: dict[str, Counter[int | None]] = {}
        pairs: Counter[tuple[str, int | None]] = Counter(
            chain.from_iterable(map(dict.items, dicts))  # type: ignore[arg-type]
        )
        for (key, value), count in pairs.items():
            if key in scale_keys:
                per_item.setdefault(key, Counter())[value] = count
        data.counts[group] = per_item
    return data


def _gaps(
    stats: dict[RespondentGroup, ItemStats], groups: Sequence[RespondentGroup]
) -> tuple[GroupGap, ...]:
    present = [g for g in groups if g in stats]
    out = []
    for i, b in enumerate(present):
        for a in present[i + 1 :]:
            gap = group_gap(stats[a], stats[b])
            if gap is not None:
                out.append(GroupGap(a, b, gap))
    return tuple(out)


def _area_name(survey: Survey, area_id: str) -> str:
    try:
        return load_item_bank(survey.bank_version).area(area_id).name
    except KeyError:
        return area_id


def _area_order(survey: Survey) -> list[str]:
    try:
        bank_order = [a.id for a in load_item_bank(survey.bank_version).areas]
    except KeyError:
        bank_order = []
    used = list(dict.fromkeys(it.area for it in survey.items if it.area and it.kind.is_scale))
    return [a for a in bank_order if a in used] + [a for a in used if a not in bank_order]


def survey_results(project: Project, survey_id: int, *, min_n: int | None = None) -> SurveyResults:
    """Everything the results page, the CLI and the documents show for one survey."""
    with project.read() as s:
        data = _load(s, survey_id)
        survey = data.survey
        comments = _comments(s, survey)
        base = None
        baseline_summary = None
        if survey.baseline_id is not None:
            base = _load(s, survey.baseline_id)
            bs = base.survey
            baseline_summary = SurveySummary(
                id=bs.id,
                name=bs.name,
                round=bs.round,
                groups=bs.group_values,
                responses=bs.responses,
                opens_on=bs.opens_on,
                closes_on=bs.closes_on,
            )
    if base is not None and (base.survey.scale.min, base.survey.scale.max) != (
        survey.scale.min,
        survey.scale.max,
    ):
        base = None  # different scales cannot be compared
    groups = survey.group_values
    lo, hi = survey.scale.min, survey.scale.max

    items: list[ItemResult] = []
    for it in survey.items:
        if not it.kind.is_scale:
            continue
        stats = {g: data.item(it.key, g, min_n) for g in groups if it.asked_of(g)}
        changes = {}
        if base is not None and it.key in base.scale_keys:
            for g in groups:
                if g in stats and base.has_values(it.key, g):
                    changes[g] = change(
                        base.values(it.key, g), data.values(it.key, g), lo, hi, min_n=min_n or MIN_N
                    )
        items.append(
            ItemResult(
                key=it.key,
                area=it.area,
                kind=it.kind,
                dimension=it.dimension,
                texts={g: t for g, t in it.texts.items() if g in groups},
                stats=stats,
                gaps=_gaps(stats, groups),
                change=changes,
            )
        )

    areas: list[AreaResult] = []
    for area in _area_order(survey):
        in_area = [it for it in survey.items if it.area == area and it.kind.is_scale]
        keys = [it.key for it in in_area if it.kind in AREA_KINDS]
        sat_keys = [it.key for it in in_area if it.kind is ItemKind.SATISFACTION]
        imp_keys = [it.key for it in in_area if it.kind is ItemKind.IMPORTANCE]
        asked = [g for g in groups if any(it.asked_of(g) for it in in_area)]
        stats = {g: data.area(keys, g, min_n) for g in asked}
        sat = {g: data.area(sat_keys, g, min_n) for g in asked} if sat_keys else {}
        imp = {g: data.area(imp_keys, g, min_n) for g in asked} if imp_keys else {}
        changes = {}
        if base is not None:
            common = [k for k in keys if k in base.scale_keys]
            for g in asked:
                if common and g in base.survey.group_values:
                    changes[g] = area_change(
                        base.rows(g, common), data.rows(g, common), lo, hi, min_n=min_n or MIN_N
                    )
        areas.append(
            AreaResult(
                area=area,
                name=_area_name(survey, area),
                stats=stats,
                importance=imp,
                satisfaction=sat,
                gaps=_gaps(stats, groups),
                change=changes,
            )
        )

    importance = {}
    for g in groups:
        triples = [
            (a.name, a.importance[g], a.satisfaction[g])
            for a in areas
            if g in a.importance and g in a.satisfaction
        ]
        if triples:
            importance[g] = importance_satisfaction(triples)

    rates = tuple(
        GroupRate(gi.group, gi.responses, gi.invited, response_rate(gi.responses, gi.invited))
        for gi in survey.groups
    )
    by_area: dict[str | None, list] = {}
    for c in comments:
        by_area.setdefault(c.area, []).append(c)
    return SurveyResults(
        survey=survey,
        items=tuple(items),
        areas=tuple(areas),
        rates=rates,
        importance=importance,
        comments={k: tuple(v) for k, v in by_area.items()},
        baseline=baseline_summary,
    )


def survey_breakdown(
    project: Project,
    survey_id: int,
    item_key: str,
    background_key: str,
    group: RespondentGroup,
    *,
    min_n: int = MIN_N,
) -> BreakdownResult:
    """An item (or, given an area id, the area pooled) for one group, by a background
    question, with groups under ``min_n`` hidden (and one more when needed)."""
    group = RespondentGroup(group)
    with project.read() as s:
        data = _load(s, survey_id)
    survey = data.survey
    try:
        bg: SurveyItem = survey.item(background_key)
    except KeyError:
        raise ValidationError(
            f"Bakgrunnsspørsmålet «{background_key}» finnes ikke i undersøkelsen."
        ) from None
    if bg.kind is not ItemKind.BACKGROUND or not bg.asked_of(group):
        raise ValidationError(
            f"«{background_key}» er ikke et bakgrunnsspørsmål for {group.label.lower()}."
        )
    keys: list[str]
    pooled = False
    try:
        item = survey.item(item_key)
        if not item.kind.is_scale:
            raise ValidationError(f"«{item_key}» har ingen svarskala og kan ikke brytes ned.")
        keys = [item_key]
    except KeyError:
        keys = [it.key for it in survey.items if it.area == item_key and it.kind in AREA_KINDS]
        if not keys:
            raise ValidationError(f"Fant ikke spørsmålet eller området «{item_key}».") from None
        pooled = True
    labels = {o.code: o.label for o in bg.options}
    values: dict[Hashable, int | None | AreaAnswers] = {}
    background: dict[Hashable, str | None] = {}
    for rid, answers in zip(data.ids.get(group, ()), data.answers.get(group, ()), strict=True):
        row: list[int | None] = [answers[k] for k in keys if k in answers]  # type: ignore[misc]
        if not row:
            continue
        values[rid] = row if pooled else row[0]
        code = answers.get(background_key)
        background[rid] = labels.get(code if isinstance(code, str) else "")
    result = breakdown(
        values,
        background,
        survey.scale.min,
        survey.scale.max,
        min_n,
        categories=[o.label for o in bg.options],
    )
    return BreakdownResult(item_key, background_key, group, result)


def results_json(results: SurveyResults) -> dict[str, object]:
    """The stable JSON of ``main.py results --json`` (issue 4, point 8)."""

    def figures(stats: dict[RespondentGroup, ItemStats] | object) -> dict[str, dict[str, object]]:
        out: dict[str, dict[str, object]] = {}
        assert isinstance(stats, dict)
        for g, st in stats.items():
            if st.n == 0 or st.mean is None:
                continue
            out[g.value] = {
                "n": st.n,
                "mean": float(st.mean),
                "top2": float(st.top2 if st.top2 is not None else 0.0),
                "index": float(st.index if st.index is not None else 0.0),
            }
        return out

    survey = results.survey
    area_names = {a.area: a.name for a in results.areas}
    return {
        "survey": survey.name,
        "scale": {"min": survey.scale.min, "max": survey.scale.max},
        "items": [
            {
                "id": it.key,
                "text": it.texts.get(RespondentGroup.NAERINGSLIV)
                or next(iter(it.texts.values()), ""),
                "texts": {g.value: t for g, t in it.texts.items()},
                "area": area_names.get(it.area or "", it.area or ""),
                "groups": figures(dict(it.stats)),
            }
            for it in results.items
        ],
        "areas": [{"name": a.name, "groups": figures(dict(a.stats))} for a in results.areas],
    }
