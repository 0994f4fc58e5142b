"""Prioritising measures (DOMAIN.md §7; issue 6 point 2): criteria with weights, a
2–10 score per measure and criterion, the weighted ranking, gain/effort for the 2×2
matrix, and the MoSCoW tag. The formulas are in domain/measures.py (``weighted_score``,
``quadrant``). Every change is one unit of work, so one undo step.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from math import isfinite

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nvk_desktop.domain.measures import (
    MATRIX_MAX,
    MATRIX_MIN,
    SCORE_MAX,
    SCORE_MIN,
    TITLE_MAX,
    Criterion,
    MeasureStatus,
    MoSCoW,
    RankedMeasure,
    Score,
    weighted_score,
)
from nvk_desktop.errors import ValidationError
from nvk_desktop.services.project import Project
from nvk_desktop.store.models import CriterionRow, MeasureRow, MeasureScoreRow

WEIGHT_MAX = 1000.0


def check_matrix_value(value: int | None, what: str) -> int | None:
    """Gain or effort: a whole number 1–5, or None (not scored)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{what} må være et helt tall fra {MATRIX_MIN} til {MATRIX_MAX}.")
    if not MATRIX_MIN <= value <= MATRIX_MAX:
        raise ValidationError(f"{what} må være fra {MATRIX_MIN} til {MATRIX_MAX} (ikke {value}).")
    return value


def check_score(score: int) -> int:
    if isinstance(score, bool) or not isinstance(score, int):
        raise ValidationError(f"Poengene må være et helt tall fra {SCORE_MIN} til {SCORE_MAX}.")
    if not SCORE_MIN <= score <= SCORE_MAX:
        raise ValidationError(
            f"Poengene må være fra {SCORE_MIN} til {SCORE_MAX} (ikke {score}).",
            "Bruk skalaen 2–10, der 10 er best for kriteriet.",
        )
    return score


def validate_criterion(c: Criterion) -> Criterion:
    name = " ".join(c.name.split())
    if not name:
        raise ValidationError(
            "Kriteriet må ha et navn.", "For eksempel «Gevinst for næringslivet»."
        )
    if len(name) > TITLE_MAX:
        raise ValidationError(f"Navnet er for langt (over {TITLE_MAX} tegn).")
    try:
        weight = float(c.weight)
    except (TypeError, ValueError):
        raise ValidationError("Vekten må være et tall.") from None
    if not isfinite(weight) or weight < 0:
        raise ValidationError(
            "Vekten kan ikke være negativ.",
            "Bruk 0 for et kriterium som ikke skal telle; vektene trenger ikke summere til 1.",
        )
    if weight > WEIGHT_MAX:
        raise ValidationError(f"Vekten er urimelig stor (over {WEIGHT_MAX:.0f}).")
    return replace(c, name=name, weight=weight, higher_is_better=bool(c.higher_is_better))


# -- criteria ------------------------------------------------------------------------
def _criteria(s: Session) -> list[Criterion]:
    return [
        Criterion(r.name, r.weight, r.higher_is_better, r.position, r.id)
        for r in s.scalars(select(CriterionRow).order_by(CriterionRow.position, CriterionRow.id))
    ]


def list_criteria(project: Project) -> list[Criterion]:
    with project.read() as s:
        return _criteria(s)


def _get_criterion(s: Session, criterion_id: int) -> CriterionRow:
    row = s.get(CriterionRow, criterion_id)
    if row is None:
        raise ValidationError("Kriteriet finnes ikke lenger.")
    return row


def _check_unique(s: Session, name: str, own_id: int | None) -> None:
    for cid, other in s.execute(select(CriterionRow.id, CriterionRow.name)):
        if cid != own_id and other.casefold() == name.casefold():
            raise ValidationError(f"Det finnes allerede et kriterium som heter «{other}».")


def add_criterion(project: Project, criterion: Criterion) -> int:
    c = validate_criterion(criterion)
    with project.unit_of_work(f"Nytt kriterium: {c.name}") as s:
        _check_unique(s, c.name, None)
        pos = (s.scalar(select(func.max(CriterionRow.position))) or 0) + 1
        row = CriterionRow(
            position=pos, name=c.name, weight=c.weight, higher_is_better=c.higher_is_better
        )
        s.add(row)
        s.flush()
        return row.id


def update_criterion(project: Project, criterion: Criterion) -> None:
    if criterion.id is None:
        raise ValueError("update_criterion needs a stored criterion")
    c = validate_criterion(criterion)
    with project.unit_of_work(f"Endre kriterium: {c.name}") as s:
        row = _get_criterion(s, c.id)  # type: ignore[arg-type]
        _check_unique(s, c.name, row.id)
        row.name, row.weight, row.higher_is_better = c.name, c.weight, c.higher_is_better


def set_weight(project: Project, criterion_id: int, weight: float) -> None:
    with project.read() as s:
        row = _get_criterion(s, criterion_id)
        c = Criterion(row.name, weight, row.higher_is_better, row.position, row.id)
    update_criterion(project, c)


def delete_criterion(project: Project, criterion_id: int) -> None:
    """Removes the criterion and every score given on it (one step)."""
    with project.unit_of_work("Slett kriterium") as s:
        s.delete(_get_criterion(s, criterion_id))


def criterion_score_count(project: Project, criterion_id: int) -> int:
    """How many scores deleting the criterion removes (for the confirmation)."""
    with project.read() as s:
        return (
            s.scalar(
                select(func.count(MeasureScoreRow.id)).where(
                    MeasureScoreRow.criterion_id == criterion_id
                )
            )
            or 0
        )


def reorder_criteria(project: Project, ordered_ids: Sequence[int]) -> None:
    with project.unit_of_work("Endre rekkefølge på kriterier") as s:
        rows = s.scalars(
            select(CriterionRow).order_by(CriterionRow.position, CriterionRow.id)
        ).all()
        by_id = {r.id: r for r in rows}
        if set(ordered_ids) - set(by_id):
            raise ValidationError("Et av kriteriene finnes ikke lenger.")
        wanted = list(dict.fromkeys(ordered_ids))
        rest = [r.id for r in rows if r.id not in set(wanted)]
        for pos, cid in enumerate([*wanted, *rest], start=1):
            if by_id[cid].position != pos:
                by_id[cid].position = pos


# -- scores --------------------------------------------------------------------------
def list_scores(project: Project, measure_id: int | None = None) -> list[Score]:
    q = select(MeasureScoreRow.measure_id, MeasureScoreRow.criterion_id, MeasureScoreRow.score)
    if measure_id is not None:
        q = q.where(MeasureScoreRow.measure_id == measure_id)
    with project.read() as s:
        return [Score(m, c, v) for m, c, v in s.execute(q.order_by(MeasureScoreRow.id))]


def _set_score(s: Session, measure_id: int, criterion_id: int, score: int | None) -> None:
    row = s.scalars(
        select(MeasureScoreRow).where(
            MeasureScoreRow.measure_id == measure_id, MeasureScoreRow.criterion_id == criterion_id
        )
    ).first()
    if score is None:
        if row is not None:
            s.delete(row)
    elif row is None:
        s.add(MeasureScoreRow(measure_id=measure_id, criterion_id=criterion_id, score=score))
    elif row.score != score:
        row.score = score


def set_score(project: Project, measure_id: int, criterion_id: int, score: int | None) -> None:
    """One measure's 2–10 score on one criterion (None removes it)."""
    if score is not None:
        check_score(score)
    with project.unit_of_work("Endre poeng") as s:
        if s.get(MeasureRow, measure_id) is None:
            raise ValidationError("Tiltaket finnes ikke lenger.")
        _get_criterion(s, criterion_id)
        _set_score(s, measure_id, criterion_id, score)


def set_scores(project: Project, measure_id: int, scores: Mapping[int, int | None]) -> None:
    """Several of one measure's scores at once (one step)."""
    for v in scores.values():
        if v is not None:
            check_score(v)
    with project.unit_of_work("Endre poeng") as s:
        if s.get(MeasureRow, measure_id) is None:
            raise ValidationError("Tiltaket finnes ikke lenger.")
        for cid, v in scores.items():
            _get_criterion(s, cid)
            _set_score(s, measure_id, cid, v)


def _score_map(s: Session) -> dict[int, dict[int, int]]:
    out: dict[int, dict[int, int]] = defaultdict(dict)
    for m, c, v in s.execute(
        select(MeasureScoreRow.measure_id, MeasureScoreRow.criterion_id, MeasureScoreRow.score)
    ):
        out[m][c] = v
    return out


def weighted_scores(s: Session) -> dict[int, float]:
    """Measure id → weighted score, for measures with at least one counted score."""
    criteria = _criteria(s)
    out = {}
    for mid, scores in _score_map(s).items():
        w = weighted_score(scores, criteria)
        if w is not None:
            out[mid] = w
    return out


def ranked_measures(project: Project) -> list[RankedMeasure]:
    """Every measure by weighted score, best first; unscored measures last in plan
    order. Equal scores (to 1e-9) share a rank."""
    with project.read() as s:
        criteria = _criteria(s)
        scores = _score_map(s)
        rows = s.execute(
            select(
                MeasureRow.id,
                MeasureRow.code,
                MeasureRow.title,
                MeasureRow.gain,
                MeasureRow.effort,
                MeasureRow.moscow,
                MeasureRow.status,
                MeasureRow.plan_decision_id,
            ).order_by(MeasureRow.position, MeasureRow.id)
        ).all()
    counted = {c.id for c in criteria}
    unranked: list[RankedMeasure] = []
    ranked: list[RankedMeasure] = []
    for r in rows:
        sc = scores.get(r.id, {})
        w = weighted_score(sc, criteria)
        item = RankedMeasure(
            measure_id=r.id,
            code=r.code,
            title=r.title,
            weighted=w,
            rank=None,
            scores=dict(sc),
            scored_criteria=len(counted & set(sc)),
            total_criteria=len(criteria),
            gain=r.gain,
            effort=r.effort,
            moscow=MoSCoW(r.moscow) if r.moscow else None,
            status=MeasureStatus(r.status),
            in_plan=r.plan_decision_id is not None,
        )
        (unranked if w is None else ranked).append(item)
    ranked.sort(key=lambda x: -(x.weighted or 0.0))  # stable: plan order breaks ties
    out = []
    prev: float | None = None
    rank = 0
    for i, item in enumerate(ranked, start=1):
        if prev is None or abs((item.weighted or 0.0) - prev) > 1e-9:
            rank = i
            prev = item.weighted
        out.append(replace(item, rank=rank))
    return out + unranked


# -- gain/effort and MoSCoW ------------------------------------------------------------
def set_gain_effort(
    project: Project, measure_id: int, gain: int | None, effort: int | None
) -> None:
    """Place a measure in the 2×2 matrix (1–5 each; the drag in the matrix view)."""
    g = check_matrix_value(gain, "Gevinsten")
    e = check_matrix_value(effort, "Innsatsen")
    with project.unit_of_work("Flytt tiltak i gevinst/innsats") as s:
        row = s.get(MeasureRow, measure_id)
        if row is None:
            raise ValidationError("Tiltaket finnes ikke lenger.")
        row.gain, row.effort = g, e


def set_moscow(project: Project, measure_id: int, moscow: MoSCoW | None) -> None:
    tag = MoSCoW(moscow) if moscow is not None else None
    with project.unit_of_work(f"MoSCoW: {tag.label if tag else 'ingen'}") as s:
        row = s.get(MeasureRow, measure_id)
        if row is None:
            raise ValidationError("Tiltaket finnes ikke lenger.")
        row.moscow = tag.value if tag else None
