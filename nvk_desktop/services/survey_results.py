"""Survey results (issue 4, point 5): per item, area and group, gaps between groups,
importance vs satisfaction, open comments, breakdowns and T1 vs T0 change.

All answers of a survey are read in one query and summarised with
``nvk_desktop.analysis.stats``; nothing here writes. ``min_n`` is None for the
consultant's own full results and ``stats.MIN_N`` for anything shown to others.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

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


@dataclass
class _Answers:
    """One survey's scale and background answers, indexed for the summaries."""

    survey: Survey
    # item key -> group -> [value | None]
    values: dict[str, dict[RespondentGroup, list[int | None]]] = field(default_factory=dict)
    # response id -> item key -> value | None (scale items only)
    by_response: dict[int, dict[str, int | None]] = field(default_factory=dict)
    # response id -> item key -> option code (background items)
    background: dict[int, dict[str, str]] = field(default_factory=dict)
    group_of: dict[int, RespondentGroup] = field(default_factory=dict)
    _by_group: dict[RespondentGroup, list[dict[str, int | None]]] = field(default_factory=dict)

    def rows(self, group: RespondentGroup, keys: Sequence[str]) -> list[AreaAnswers]:
        """Per respondent of the group: their answers to these items (only those who
        answered at least one of them, "vet ikke" included)."""
        if not self._by_group:
            for rid, answers in self.by_response.items():
                self._by_group.setdefault(self.group_of[rid], []).append(answers)
        out: list[AreaAnswers] = []
        for answers in self._by_group.get(group, ()):
            row = [answers[k] for k in keys if k in answers]
            if row:
                out.append(row)
        return out


def _load(s: Session, survey_id: int) -> _Answers:
    survey = _read_survey(s, survey_id)
    data = _Answers(survey)
    scale_keys = {it.key for it in survey.items if it.kind.is_scale}
    background_keys = {it.key for it in survey.items if it.kind is ItemKind.BACKGROUND}
    for it in survey.items:
        if it.kind.is_scale:
            data.values[it.key] = {g: [] for g in survey.group_values if it.asked_of(g)}
    q = select(ResponseRow.id, ResponseRow.grp, ResponseRow.answers).where(
        ResponseRow.survey_id == survey_id
    )
    groups = {g.value: g for g in RespondentGroup}
    for rid, grp, raw in s.execute(q):
        group = data.group_of[rid] = groups[grp]
        closed: dict[str, int | None] = {}
        background: dict[str, str] = {}
        for key, value in json.loads(raw).items():
            if key in scale_keys:
                closed[key] = value
                data.values[key].setdefault(group, []).append(value)
            elif key in background_keys and isinstance(value, str):
                background[key] = value
        data.by_response[rid] = closed
        if background:
            data.background[rid] = background
    return data


def _stats(values: Sequence[int | None], survey: Survey, min_n: int | None) -> ItemStats:
    return item_stats(values, survey.scale.min, survey.scale.max, min_n=min_n)


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
        per_group = data.values.get(it.key, {})
        stats = {g: _stats(per_group.get(g, []), survey, min_n) for g in groups if it.asked_of(g)}
        changes = {}
        if base is not None and it.key in base.values:
            for g in groups:
                if g in stats and g in base.values[it.key]:
                    changes[g] = change(
                        base.values[it.key][g], per_group.get(g, []), lo, hi, min_n=min_n or MIN_N
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
        stats = {g: area_stats(data.rows(g, keys), lo, hi, min_n=min_n) for g in asked}
        sat = (
            {g: area_stats(data.rows(g, sat_keys), lo, hi, min_n=min_n) for g in asked}
            if sat_keys
            else {}
        )
        imp = (
            {g: area_stats(data.rows(g, imp_keys), lo, hi, min_n=min_n) for g in asked}
            if imp_keys
            else {}
        )
        changes = {}
        if base is not None:
            common = [k for k in keys if k in base.values]
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
    for rid, answers in data.by_response.items():
        if data.group_of[rid] is not group:
            continue
        row = [answers[k] for k in keys if k in answers]
        if not row:
            continue
        values[rid] = row if pooled else row[0]
        background[rid] = labels.get(data.background.get(rid, {}).get(background_key, ""))
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
