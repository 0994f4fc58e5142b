"""Effect indicators (KPIs) per measure with dated values, and the survey areas or
items a measure is meant to move (DOMAIN.md §8–9; issue 6 point 4). The status rule
(on track / behind / reached, direction-aware) is ``domain.measures.indicator_status``.
Every change is one unit of work, so one undo step.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from math import isfinite

from sqlalchemy import select
from sqlalchemy.orm import Session

from nvk_desktop.domain.measures import (
    TEXT_MAX,
    TITLE_MAX,
    EffectTarget,
    EffectTargetKind,
    Indicator,
    IndicatorValue,
)
from nvk_desktop.errors import ValidationError
from nvk_desktop.services.project import Project
from nvk_desktop.store.models import (
    IndicatorRow,
    IndicatorValueRow,
    MeasureEffectTargetRow,
    MeasureRow,
    SurveyItemRow,
)

UNIT_MAX = 60
VALUE_MAX = 1e12


def _number(value: float | None, what: str) -> float | None:
    if value is None:
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValidationError(f"{what} må være et tall.") from None
    if not isfinite(v) or abs(v) > VALUE_MAX:
        raise ValidationError(f"{what} er ikke et gyldig tall.")
    return v


def _date(d: date | None, what: str) -> date | None:
    if d is None:
        return None
    if not isinstance(d, date) or not 1990 <= d.year <= 2100:
        raise ValidationError(f"{what} er ikke en gyldig dato.", "Bruk formen dd.mm.åååå.")
    return d


def validate_indicator(ind: Indicator) -> Indicator:
    name = " ".join(ind.name.split())
    if not name:
        raise ValidationError(
            "Indikatoren må ha et navn.", "For eksempel «Median saksbehandlingstid byggesak»."
        )
    if len(name) > TITLE_MAX:
        raise ValidationError(f"Navnet er for langt (over {TITLE_MAX} tegn).")
    unit = ind.unit.strip()
    if len(unit) > UNIT_MAX:
        raise ValidationError("Enheten er for lang.", "For eksempel «dager» eller «%».")
    baseline_on = _date(ind.baseline_on, "Datoen for utgangsverdien")
    target_on = _date(ind.target_on, "Måldatoen")
    if baseline_on and target_on and target_on <= baseline_on:
        raise ValidationError("Måldatoen må være etter datoen for utgangsverdien.")
    baseline = _number(ind.baseline, "Utgangsverdien")
    target = _number(ind.target, "Målet")
    if baseline is not None and target is not None and baseline != target:
        # The direction follows from baseline and target when both are known.
        lower = target < baseline
        if lower != bool(ind.lower_is_better):
            raise ValidationError(
                "Målet går i motsatt retning av det indikatoren sier er bra.",
                "Kryss av for «lavere er bedre» når målet er lavere enn utgangsverdien.",
            )
    return replace(
        ind,
        name=name,
        unit=unit,
        baseline=baseline,
        target=target,
        baseline_on=baseline_on,
        target_on=target_on,
        lower_is_better=bool(ind.lower_is_better),
    )


def validate_value(v: IndicatorValue) -> IndicatorValue:
    if _date(v.measured_on, "Måledatoen") is None:
        raise ValidationError("Velg datoen for målingen.")
    value = _number(v.value, "Verdien")
    if value is None:
        raise ValidationError("Skriv inn den målte verdien.")
    note = v.note.strip()
    if len(note) > TEXT_MAX:
        raise ValidationError("Merknaden er for lang.")
    return replace(v, value=value, note=note)


# -- reading ------------------------------------------------------------------------
def load_indicators(s: Session, measure_ids: Sequence[int] | None = None) -> list[Indicator]:
    """Indicators with their values (oldest first), in two queries."""
    q = select(IndicatorRow).order_by(IndicatorRow.measure_id, IndicatorRow.id)
    if measure_ids is not None:
        q = q.where(IndicatorRow.measure_id.in_(measure_ids))
    rows = s.scalars(q).all()
    values: dict[int, list[IndicatorValue]] = defaultdict(list)
    vq = select(IndicatorValueRow).order_by(IndicatorValueRow.measured_on, IndicatorValueRow.id)
    if measure_ids is not None:
        vq = vq.where(IndicatorValueRow.indicator_id.in_([r.id for r in rows]))
    for v in s.scalars(vq):
        values[v.indicator_id].append(
            IndicatorValue(v.measured_on, v.value, v.note, v.id, v.indicator_id)
        )
    return [
        Indicator(
            name=r.name,
            unit=r.unit,
            baseline=r.baseline,
            baseline_on=r.baseline_on,
            target=r.target,
            target_on=r.target_on,
            lower_is_better=r.lower_is_better,
            values=tuple(values.get(r.id, ())),
            id=r.id,
            measure_id=r.measure_id,
        )
        for r in rows
    ]


def list_indicators(project: Project, measure_id: int | None = None) -> list[Indicator]:
    with project.read() as s:
        return load_indicators(s, None if measure_id is None else [measure_id])


# -- indicators ---------------------------------------------------------------------
def _get(s: Session, indicator_id: int) -> IndicatorRow:
    row = s.get(IndicatorRow, indicator_id)
    if row is None:
        raise ValidationError("Indikatoren finnes ikke lenger.")
    return row


def add_indicator(project: Project, indicator: Indicator) -> int:
    """A new indicator for ``indicator.measure_id`` (values are added separately,
    except those given in ``indicator.values``, which come in the same step)."""
    if indicator.measure_id is None:
        raise ValueError("add_indicator needs indicator.measure_id")
    ind = validate_indicator(indicator)
    vals = [validate_value(v) for v in ind.values]
    with project.unit_of_work(f"Ny indikator: {ind.name}") as s:
        if s.get(MeasureRow, ind.measure_id) is None:
            raise ValidationError("Tiltaket finnes ikke lenger.")
        row = IndicatorRow(measure_id=ind.measure_id, name=ind.name)
        _apply(row, ind)
        s.add(row)
        s.flush()
        for v in vals:
            s.add(
                IndicatorValueRow(
                    indicator_id=row.id, measured_on=v.measured_on, value=v.value, note=v.note
                )
            )
        return row.id


def _apply(row: IndicatorRow, ind: Indicator) -> None:
    row.name, row.unit = ind.name, ind.unit
    row.baseline, row.baseline_on = ind.baseline, ind.baseline_on
    row.target, row.target_on = ind.target, ind.target_on
    row.lower_is_better = ind.lower_is_better


def update_indicator(project: Project, indicator: Indicator) -> None:
    """Store name, unit, baseline, target and direction (not the values)."""
    if indicator.id is None:
        raise ValueError("update_indicator needs a stored indicator")
    ind = validate_indicator(indicator)
    with project.unit_of_work(f"Endre indikator: {ind.name}") as s:
        _apply(_get(s, ind.id), ind)  # type: ignore[arg-type]


def delete_indicator(project: Project, indicator_id: int) -> None:
    with project.unit_of_work("Slett indikator") as s:
        s.delete(_get(s, indicator_id))


def add_indicator_value(project: Project, indicator_id: int, value: IndicatorValue) -> int:
    v = validate_value(value)
    with project.unit_of_work("Ny måling") as s:
        _get(s, indicator_id)
        row = IndicatorValueRow(
            indicator_id=indicator_id, measured_on=v.measured_on, value=v.value, note=v.note
        )
        s.add(row)
        s.flush()
        return row.id


def update_indicator_value(project: Project, value: IndicatorValue) -> None:
    if value.id is None:
        raise ValueError("update_indicator_value needs a stored value")
    v = validate_value(value)
    with project.unit_of_work("Endre måling") as s:
        row = s.get(IndicatorValueRow, v.id)
        if row is None:
            raise ValidationError("Målingen finnes ikke lenger.")
        row.measured_on, row.value, row.note = v.measured_on, v.value, v.note


def delete_indicator_value(project: Project, value_id: int) -> None:
    with project.unit_of_work("Slett måling") as s:
        row = s.get(IndicatorValueRow, value_id)
        if row is None:
            raise ValidationError("Målingen finnes ikke lenger.")
        s.delete(row)


# -- effect targets -----------------------------------------------------------------
def target_labels(s: Session) -> dict[tuple[EffectTargetKind, str], str]:
    """Every choosable survey area and item: (kind, key) → label. Items are the
    item bank's scale items and the project's own survey items with an area."""
    from nvk_desktop.domain.survey import RespondentGroup
    from nvk_desktop.importers.itembank import load_item_bank

    bank = load_item_bank()
    out: dict[tuple[EffectTargetKind, str], str] = {}
    area_names = {a.id: a.name for a in bank.areas}
    for a in bank.areas:
        out[(EffectTargetKind.AREA, a.id)] = a.name
    for it in bank.items:
        if it.area is None or not it.kind.is_scale:
            continue
        text = it.text(RespondentGroup.NAERINGSLIV) or next(iter(it.texts.values()), it.id)
        out[(EffectTargetKind.ITEM, it.id)] = f"{area_names.get(it.area, it.area)}: {text}"
    for key, area, kind, texts in s.execute(
        select(SurveyItemRow.key, SurveyItemRow.area, SurveyItemRow.kind, SurveyItemRow.texts)
    ):
        if area is None or (EffectTargetKind.ITEM, key) in out or kind in ("open", "background"):
            continue
        try:
            wording = next(iter(json.loads(texts).values()), key)
        except (ValueError, AttributeError):
            wording = key
        out[(EffectTargetKind.ITEM, key)] = f"{area_names.get(area, area)}: {wording}"
    return out


def effect_target_choices(project: Project) -> list[EffectTarget]:
    """The areas first, then the items, each with its label (for a picker)."""
    with project.read() as s:
        labels = target_labels(s)
    return [EffectTarget(kind, key, label) for (kind, key), label in labels.items()]


def check_effect_targets(s: Session, targets: Sequence[EffectTarget]) -> None:
    labels = target_labels(s)
    for t in targets:
        if (EffectTargetKind(t.kind), t.key) not in labels:
            what = "området" if t.kind is EffectTargetKind.AREA else "spørsmålet"
            raise ValidationError(
                f"Fant ikke {what} «{t.key}» i spørsmålsbanken eller undersøkelsene."
            )


def set_effect_targets(project: Project, measure_id: int, targets: Sequence[EffectTarget]) -> None:
    """The survey areas and items the measure is meant to move (replaces the set)."""
    clean = list(dict.fromkeys((EffectTargetKind(t.kind), t.key) for t in targets))
    with project.unit_of_work("Endre hva tiltaket skal påvirke") as s:
        if s.get(MeasureRow, measure_id) is None:
            raise ValidationError("Tiltaket finnes ikke lenger.")
        check_effect_targets(s, [EffectTarget(k, key) for k, key in clean])
        for old in s.scalars(
            select(MeasureEffectTargetRow).where(MeasureEffectTargetRow.measure_id == measure_id)
        ):
            s.delete(old)
        s.flush()
        for kind, key in clean:
            s.add(MeasureEffectTargetRow(measure_id=measure_id, kind=kind.value, key=key))
