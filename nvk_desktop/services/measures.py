"""Measures (tiltak) and the handlingsplan: create/edit/delete with stable codes, links
to improvement points and areas, dependencies without cycles, order, the plan
decision, the handlingsplan query, the follow-up log and the status-report snapshots
(DOMAIN.md §8; issue 6). Prioritising is in services/prioritising.py, effect
indicators and effect targets in services/indicators.py.

Every change is one unit of work, so one undo step. Reads load whole tables in a few
queries (never one query per measure), so a plan of 500 measures stays fast.

Codes ("T-001") are never reused: the highest code number ever given is kept in
``project.last_measure_number``. Undoing a creation undoes the counter too, which is
right: that measure never existed.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from math import isfinite
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nvk_desktop.domain.measures import (
    STALE_FOLLOW_UP_DAYS,
    TEXT_MAX,
    TITLE_MAX,
    EffectTarget,
    EffectTargetKind,
    FollowUp,
    Measure,
    MeasureStatus,
    MoSCoW,
    PlanDecision,
    PlanFilter,
    PlanItem,
    PlanSort,
    SnapshotEntry,
    StatusReport,
    code_number,
    format_code,
    is_overdue,
    risk_reason,
)
from nvk_desktop.errors import ValidationError
from nvk_desktop.services.project import Project
from nvk_desktop.store.models import (
    FollowUpRow,
    ImprovementPointRow,
    IndicatorRow,
    MeasureAreaRow,
    MeasureDependencyRow,
    MeasureEffectTargetRow,
    MeasurePointRow,
    MeasureRow,
    MeetingRow,
    PersonRow,
    PlanDecisionRow,
    ProjectRow,
    StatusReportRow,
)

FUNDING_MAX = 200
UNIT_MAX = 200


# -- helpers -----------------------------------------------------------------------------
def _short(title: str) -> str:
    return title if len(title) <= 40 else title[:39].rstrip() + "…"


def known_areas() -> dict[str, str]:
    """The six NVK survey areas (item bank): id → Norwegian name."""
    from nvk_desktop.importers.itembank import load_item_bank

    return {a.id: a.name for a in load_item_bank().areas}


def area_name(area: str | None) -> str:
    return known_areas().get(area or "", "Generelt") if area else "Generelt"


def _get_measure_row(s: Session, measure_id: int) -> MeasureRow:
    row = s.get(MeasureRow, measure_id)
    if row is None:
        raise ValidationError("Tiltaket finnes ikke lenger.")
    return row


def _check_number(value: float | None, what: str, maximum: float) -> float | None:
    if value is None:
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValidationError(f"{what} må være et tall.") from None
    if not isfinite(v) or v < 0:
        raise ValidationError(f"{what} kan ikke være negativ.", "Skriv 0 eller et positivt tall.")
    if v > maximum:
        raise ValidationError(f"{what} er urimelig stor ({v:,.0f}).".replace(",", " "))
    return v


def _check_date(d: date | None, what: str) -> date | None:
    if d is None:
        return None
    if not isinstance(d, date) or d.year < 1990 or d.year > 2100:
        raise ValidationError(f"{what} er ikke en gyldig dato.", "Bruk formen dd.mm.åååå.")
    return d


def validate_measure(m: Measure) -> Measure:
    """Checks that need no database; returns the cleaned measure."""
    title = " ".join(m.title.split())
    if not title:
        raise ValidationError("Tiltaket må ha en tittel.", "For eksempel «Digital byggesøknad».")
    if len(title) > TITLE_MAX:
        raise ValidationError(f"Tittelen er for lang (over {TITLE_MAX} tegn).")
    description = m.description.strip()
    if len(description) > TEXT_MAX:
        raise ValidationError(f"Beskrivelsen er for lang (over {TEXT_MAX} tegn).")
    unit = m.unit.strip()
    if len(unit) > UNIT_MAX:
        raise ValidationError("Navnet på enheten er for langt.")
    funding = m.funding.strip()
    if len(funding) > FUNDING_MAX:
        raise ValidationError("Finansieringskilden er for lang.")
    try:
        status = MeasureStatus(m.status)
    except ValueError:
        raise ValidationError(f"Ukjent status «{m.status}».") from None
    moscow = None
    if m.moscow is not None:
        try:
            moscow = MoSCoW(m.moscow)
        except ValueError:
            raise ValidationError(f"Ukjent MoSCoW-verdi «{m.moscow}».") from None
    if isinstance(m.progress, bool) or not isinstance(m.progress, int):
        raise ValidationError("Fremdriften må være et helt tall fra 0 til 100.")
    if not 0 <= m.progress <= 100:
        raise ValidationError(
            f"Fremdriften må være mellom 0 og 100 % (ikke {m.progress}).",
        )
    from nvk_desktop.services.prioritising import check_matrix_value

    gain = check_matrix_value(m.gain, "Gevinsten")
    effort = check_matrix_value(m.effort, "Innsatsen")
    start = _check_date(m.start_on, "Startdatoen")
    deadline = _check_date(m.deadline_on, "Fristen")
    if start and deadline and deadline < start:
        raise ValidationError(
            "Fristen er før startdatoen.", "Sett fristen til samme dag som start eller senere."
        )
    areas = tuple(dict.fromkeys(m.areas))
    names = known_areas()
    for a in areas:
        if a not in names:
            raise ValidationError(f"Ukjent område «{a}».")
    if m.id is not None and m.id in m.depends_on:
        raise ValidationError("Et tiltak kan ikke avhenge av seg selv.")
    targets = tuple(dict.fromkeys((EffectTargetKind(t.kind), t.key) for t in m.effect_targets))
    return replace(
        m,
        title=title,
        description=description,
        unit=unit,
        funding=funding,
        status=status,
        moscow=moscow,
        gain=gain,
        effort=effort,
        start_on=start,
        deadline_on=deadline,
        hours=_check_number(m.hours, "Timer", 1_000_000),
        cost_nok=_check_number(m.cost_nok, "Kostnaden", 10_000_000_000),
        areas=areas,
        point_ids=tuple(dict.fromkeys(m.point_ids)),
        depends_on=tuple(dict.fromkeys(m.depends_on)),
        effect_targets=tuple(EffectTarget(k, key) for k, key in targets),
    )


def _check_references(s: Session, m: Measure) -> None:
    if m.responsible_id is not None and s.get(PersonRow, m.responsible_id) is None:
        raise ValidationError(
            "Den ansvarlige finnes ikke lenger under Organisering.", "Velg ansvarlig på nytt."
        )
    if m.point_ids:
        known = set(
            s.scalars(select(ImprovementPointRow.id).where(ImprovementPointRow.id.in_(m.point_ids)))
        )
        if set(m.point_ids) - known:
            raise ValidationError("Et av forbedringspunktene finnes ikke lenger.")
    if m.depends_on:
        known = set(s.scalars(select(MeasureRow.id).where(MeasureRow.id.in_(m.depends_on))))
        if set(m.depends_on) - known:
            raise ValidationError("Et av tiltakene det avhenger av, finnes ikke lenger.")
    if m.effect_targets:
        from nvk_desktop.services.indicators import check_effect_targets

        check_effect_targets(s, m.effect_targets)


# -- codes -------------------------------------------------------------------------------
def _highest_code(s: Session) -> int:
    high = s.get_one(ProjectRow, 1).last_measure_number
    for code in s.scalars(select(MeasureRow.code)):
        n = code_number(code)
        if n is not None:
            high = max(high, n)
    return high


def allocate_codes(s: Session, count: int) -> list[str]:
    """The next ``count`` free codes, never reused (for services and the demo fill)."""
    high = _highest_code(s)
    s.get_one(ProjectRow, 1).last_measure_number = high + count
    return [format_code(high + i) for i in range(1, count + 1)]


def next_code(project: Project) -> str:
    """The code the next new measure will get (for the GUI's "ny" dialog)."""
    with project.read() as s:
        return format_code(_highest_code(s) + 1)


# -- reading -----------------------------------------------------------------------------
def _measure_from(
    row: Any,  # a MeasureRow or a plain row of its columns
    points: dict[int, list[int]],
    areas: dict[int, list[str]],
    deps: dict[int, list[int]],
    targets: dict[int, list[EffectTarget]],
) -> Measure:
    return Measure(
        title=row.title,
        description=row.description,
        point_ids=tuple(points.get(row.id, ())),
        areas=tuple(areas.get(row.id, ())),
        responsible_id=row.responsible_id,
        unit=row.unit,
        start_on=row.start_on,
        deadline_on=row.deadline_on,
        hours=row.hours,
        cost_nok=row.cost_nok,
        funding=row.funding,
        depends_on=tuple(deps.get(row.id, ())),
        status=MeasureStatus(row.status),
        progress=row.progress,
        gain=row.gain,
        effort=row.effort,
        moscow=MoSCoW(row.moscow) if row.moscow else None,
        effect_targets=tuple(targets.get(row.id, ())),
        plan_decision_id=row.plan_decision_id,
        code=row.code,
        position=row.position,
        id=row.id,
    )


def _load(s: Session, ids: Sequence[int] | None = None) -> list[Measure]:
    # Plain rows, not ORM objects: a third of the time for a 500-measure plan.
    q = select(*MeasureRow.__table__.c).order_by(MeasureRow.position, MeasureRow.id)
    if ids is not None:
        q = q.where(MeasureRow.id.in_(ids))
    rows = s.execute(q).all()
    points: dict[int, list[int]] = defaultdict(list)
    areas: dict[int, list[str]] = defaultdict(list)
    deps: dict[int, list[int]] = defaultdict(list)
    targets: dict[int, list[EffectTarget]] = defaultdict(list)

    def limit(q2, col):  # type: ignore[no-untyped-def]
        return q2 if ids is None else q2.where(col.in_(ids))

    for mid, pid in s.execute(
        limit(
            select(MeasurePointRow.measure_id, MeasurePointRow.point_id).order_by(
                MeasurePointRow.id
            ),
            MeasurePointRow.measure_id,
        )
    ):
        points[mid].append(pid)
    order = {a: i for i, a in enumerate(known_areas())}
    for mid, area in s.execute(
        limit(select(MeasureAreaRow.measure_id, MeasureAreaRow.area), MeasureAreaRow.measure_id)
    ):
        areas[mid].append(area)
    for v in areas.values():
        v.sort(key=lambda a: order.get(a, 99))
    for mid, dep in s.execute(
        limit(
            select(MeasureDependencyRow.measure_id, MeasureDependencyRow.depends_on_id).order_by(
                MeasureDependencyRow.id
            ),
            MeasureDependencyRow.measure_id,
        )
    ):
        deps[mid].append(dep)
    for mid, kind, key in s.execute(
        limit(
            select(
                MeasureEffectTargetRow.measure_id,
                MeasureEffectTargetRow.kind,
                MeasureEffectTargetRow.key,
            ).order_by(MeasureEffectTargetRow.id),
            MeasureEffectTargetRow.measure_id,
        )
    ):
        targets[mid].append(EffectTarget(EffectTargetKind(kind), key))
    for dv in deps.values():
        dv.sort()  # creation order, which is code order
    if any(targets.values()):
        from nvk_desktop.services.indicators import target_labels

        labels = target_labels(s)
        for mid, ts in targets.items():
            targets[mid] = [replace(t, label=labels.get((t.kind, t.key), t.key)) for t in ts]
    return [_measure_from(r, points, areas, deps, targets) for r in rows]


def list_measures(project: Project) -> list[Measure]:
    """Every measure in plan order (without indicators: see services/indicators)."""
    with project.read() as s:
        return _load(s)


def get_measure(project: Project, measure_id: int) -> Measure:
    """One measure with its indicators and their values."""
    from nvk_desktop.services.indicators import load_indicators

    with project.read() as s:
        found = _load(s, [measure_id])
        if not found:
            raise ValidationError("Tiltaket finnes ikke lenger.")
        return replace(found[0], indicators=tuple(load_indicators(s, [measure_id])))


def measure_by_code(project: Project, code: str) -> Measure | None:
    with project.read() as s:
        mid = s.scalars(
            select(MeasureRow.id).where(MeasureRow.code == code.strip().upper())
        ).first()
        return _load(s, [mid])[0] if mid is not None else None


# -- writing -----------------------------------------------------------------------------
def _write_links(s: Session, row_id: int, m: Measure, *, replace_all: bool) -> None:
    if replace_all:
        for table in (MeasurePointRow, MeasureAreaRow, MeasureEffectTargetRow):
            for old in s.scalars(select(table).where(table.measure_id == row_id)):
                s.delete(old)
        s.flush()
    for pid in m.point_ids:
        s.add(MeasurePointRow(measure_id=row_id, point_id=pid))
    for a in m.areas:
        s.add(MeasureAreaRow(measure_id=row_id, area=a))
    for t in m.effect_targets:
        s.add(MeasureEffectTargetRow(measure_id=row_id, kind=t.kind.value, key=t.key))


def _apply_fields(row: MeasureRow, m: Measure) -> None:
    row.title, row.description = m.title, m.description
    row.responsible_id, row.unit = m.responsible_id, m.unit
    row.start_on, row.deadline_on = m.start_on, m.deadline_on
    row.status, row.progress = m.status.value, m.progress
    row.hours, row.cost_nok, row.funding = m.hours, m.cost_nok, m.funding
    row.gain, row.effort = m.gain, m.effort
    row.moscow = m.moscow.value if m.moscow else None


def _new_measure(s: Session, m: Measure, code: str, position: int) -> int:
    row = MeasureRow(code=code, position=position, status=m.status.value, title=m.title)
    _apply_fields(row, m)
    s.add(row)
    s.flush()
    _write_links(s, row.id, m, replace_all=False)
    for dep in m.depends_on:
        s.add(MeasureDependencyRow(measure_id=row.id, depends_on_id=dep))
    return row.id


def _next_position(s: Session) -> int:
    return (s.scalar(select(func.max(MeasureRow.position))) or 0) + 1


def create_measure(project: Project, measure: Measure) -> int:
    """A new measure with the next free code; returns its id."""
    m = validate_measure(replace(measure, id=None))
    with project.unit_of_work(f"Nytt tiltak: {_short(m.title)}") as s:
        _check_references(s, m)
        (code,) = allocate_codes(s, 1)
        return _new_measure(s, m, code, _next_position(s))


def create_measures_from_point(project: Project, point_id: int, titles: Sequence[str]) -> list[int]:
    """Several measures answering one improvement point, with its area (one step)."""
    clean = [" ".join(t.split()) for t in titles]
    clean = [t for t in clean if t]
    if not clean:
        raise ValidationError("Skriv minst én tittel for tiltakene.")
    with project.unit_of_work(f"Nye tiltak fra forbedringspunkt ({len(clean)})") as s:
        point = s.get(ImprovementPointRow, point_id)
        if point is None:
            raise ValidationError("Forbedringspunktet finnes ikke lenger.")
        areas = (point.area,) if point.area in known_areas() else ()
        measures = [
            validate_measure(
                Measure(
                    title=t,
                    point_ids=(point_id,),
                    areas=areas or (),
                    gain=point.gain,
                    effort=point.effort,
                )
            )
            for t in clean
        ]
        codes = allocate_codes(s, len(measures))
        pos = _next_position(s)
        return [
            _new_measure(s, m, c, pos + i)
            for i, (m, c) in enumerate(zip(measures, codes, strict=True))
        ]


def update_measure(project: Project, measure: Measure) -> None:
    """Store every editable field (not the code, position, plan decision or indicators)."""
    if measure.id is None:
        raise ValueError("update_measure needs a stored measure")
    m = validate_measure(measure)
    with project.unit_of_work(f"Endre tiltak {measure.code or ''}".strip()) as s:
        row = _get_measure_row(s, m.id)  # type: ignore[arg-type]
        _check_references(s, m)
        _check_cycle(s, row.id, m.depends_on)
        _apply_fields(row, m)
        _write_links(s, row.id, m, replace_all=True)
        _write_dependencies(s, row.id, m.depends_on)


def delete_measure(project: Project, measure_id: int) -> None:
    """Removes the measure with its scores, log, indicators and links. Its code is not
    given out again."""
    with project.unit_of_work("Slett tiltak") as s:
        row = _get_measure_row(s, measure_id)
        s.delete(row)


def measure_usage(project: Project, measure_id: int) -> list[str]:
    """What deleting a measure also removes, in words for a confirmation dialog."""
    with project.read() as s:
        follow = s.scalar(
            select(func.count(FollowUpRow.id)).where(FollowUpRow.measure_id == measure_id)
        )
        inds = s.scalar(
            select(func.count(IndicatorRow.id)).where(IndicatorRow.measure_id == measure_id)
        )
        dependents = s.scalars(
            select(MeasureRow.code)
            .join(MeasureDependencyRow, MeasureDependencyRow.measure_id == MeasureRow.id)
            .where(MeasureDependencyRow.depends_on_id == measure_id)
            .order_by(MeasureRow.code)
        ).all()
    out = []
    if follow:
        out.append(f"{follow} oppføringer i oppfølgingsloggen")
    if inds:
        out.append(f"{inds} effektindikatorer med målinger")
    if dependents:
        out.append("avhengigheten fra " + ", ".join(dependents))
    return out


def set_status(
    project: Project, measure_id: int, status: MeasureStatus, progress: int | None = None
) -> None:
    """Change the status (and the progress, if given). Fullført sets 100 % unless a
    progress is given."""
    status = MeasureStatus(status)
    with project.unit_of_work(f"Status: {status.label}") as s:
        row = _get_measure_row(s, measure_id)
        if progress is None and status is MeasureStatus.FULLFORT:
            progress = 100
        if progress is not None:
            m = validate_measure(replace(Measure(title=row.title), progress=progress))
            row.progress = m.progress
        row.status = status.value


def set_progress(project: Project, measure_id: int, progress: int) -> None:
    m = validate_measure(Measure(title="x", progress=progress))
    with project.unit_of_work(f"Fremdrift {m.progress} %") as s:
        _get_measure_row(s, measure_id).progress = m.progress


def set_points(project: Project, measure_id: int, point_ids: Sequence[int]) -> None:
    """Which improvement points the measure answers (none = a standalone measure)."""
    ids = tuple(dict.fromkeys(point_ids))
    with project.unit_of_work("Endre forbedringspunkter for tiltak") as s:
        _get_measure_row(s, measure_id)
        _check_references(s, Measure(title="x", point_ids=ids))
        for old in s.scalars(
            select(MeasurePointRow).where(MeasurePointRow.measure_id == measure_id)
        ):
            s.delete(old)
        s.flush()
        for pid in ids:
            s.add(MeasurePointRow(measure_id=measure_id, point_id=pid))


def set_areas(project: Project, measure_id: int, areas: Sequence[str]) -> None:
    m = validate_measure(Measure(title="x", areas=tuple(areas)))
    with project.unit_of_work("Endre områder for tiltak") as s:
        _get_measure_row(s, measure_id)
        for old in s.scalars(select(MeasureAreaRow).where(MeasureAreaRow.measure_id == measure_id)):
            s.delete(old)
        s.flush()
        for a in m.areas:
            s.add(MeasureAreaRow(measure_id=measure_id, area=a))


# -- dependencies ------------------------------------------------------------------------
def _check_cycle(s: Session, measure_id: int, depends_on: Sequence[int]) -> None:
    """Refuse dependencies that would close a circle, naming the circle by codes."""
    if measure_id in depends_on:
        raise ValidationError("Et tiltak kan ikke avhenge av seg selv.")
    graph: dict[int, list[int]] = defaultdict(list)
    for mid, dep in s.execute(
        select(MeasureDependencyRow.measure_id, MeasureDependencyRow.depends_on_id).order_by(
            MeasureDependencyRow.id
        )
    ):
        if mid != measure_id:
            graph[mid].append(dep)
    graph[measure_id] = list(depends_on)
    # Depth-first from measure_id: a path back to it is the cycle.
    stack: list[tuple[int, list[int]]] = [(measure_id, [measure_id])]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        for nxt in graph.get(node, ()):
            if nxt == measure_id:
                cycle = [*path, measure_id]
                codes = {
                    r[0]: r[1]
                    for r in s.execute(
                        select(MeasureRow.id, MeasureRow.code).where(MeasureRow.id.in_(cycle))
                    )
                }
                chain = " → ".join(codes.get(i, "?") for i in cycle)
                raise ValidationError(
                    f"Avhengigheten gir en sirkel: {chain}.",
                    "Et tiltak kan ikke vente på seg selv, heller ikke via andre tiltak. "
                    "Fjern en av avhengighetene i sirkelen.",
                )
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))


def _write_dependencies(s: Session, measure_id: int, depends_on: Sequence[int]) -> None:
    existing = {
        r.depends_on_id: r
        for r in s.scalars(
            select(MeasureDependencyRow).where(MeasureDependencyRow.measure_id == measure_id)
        )
    }
    for dep, r in existing.items():
        if dep not in depends_on:
            s.delete(r)
    for dep in depends_on:
        if dep not in existing:
            s.add(MeasureDependencyRow(measure_id=measure_id, depends_on_id=dep))


def set_dependencies(project: Project, measure_id: int, depends_on: Sequence[int]) -> None:
    """The measures this one waits for; a circle is refused with the codes in it."""
    deps = tuple(dict.fromkeys(depends_on))
    with project.unit_of_work("Endre avhengigheter") as s:
        _get_measure_row(s, measure_id)
        _check_references(s, Measure(title="x", depends_on=deps))
        _check_cycle(s, measure_id, deps)
        _write_dependencies(s, measure_id, deps)


def add_dependency(project: Project, measure_id: int, depends_on_id: int) -> None:
    with project.unit_of_work("Legg til avhengighet") as s:
        _get_measure_row(s, measure_id)
        _get_measure_row(s, depends_on_id)
        current = list(
            s.scalars(
                select(MeasureDependencyRow.depends_on_id).where(
                    MeasureDependencyRow.measure_id == measure_id
                )
            )
        )
        if depends_on_id in current:
            return
        _check_cycle(s, measure_id, [*current, depends_on_id])
        s.add(MeasureDependencyRow(measure_id=measure_id, depends_on_id=depends_on_id))


# -- order -------------------------------------------------------------------------------
def reorder_measures(project: Project, ordered_ids: Sequence[int]) -> None:
    """Put the measures in this order; measures not named keep their order after them."""
    with project.unit_of_work("Endre rekkefølge på tiltak") as s:
        rows = s.scalars(select(MeasureRow).order_by(MeasureRow.position, MeasureRow.id)).all()
        by_id = {r.id: r for r in rows}
        if set(ordered_ids) - set(by_id):
            raise ValidationError("Et av tiltakene finnes ikke lenger.")
        wanted = list(dict.fromkeys(ordered_ids))
        rest = [r.id for r in rows if r.id not in set(wanted)]
        for pos, mid in enumerate([*wanted, *rest], start=1):
            if by_id[mid].position != pos:
                by_id[mid].position = pos


def move_measure(project: Project, measure_id: int, delta: int) -> None:
    """Move one measure up (delta < 0) or down in the plan order (Alt+Up/Down)."""
    with project.read() as s:
        ids = list(s.scalars(select(MeasureRow.id).order_by(MeasureRow.position, MeasureRow.id)))
    if measure_id not in ids:
        raise ValidationError("Tiltaket finnes ikke lenger.")
    i = ids.index(measure_id)
    j = max(0, min(len(ids) - 1, i + delta))
    if i == j:
        return
    ids.insert(j, ids.pop(i))
    reorder_measures(project, ids)


# -- the plan decision ------------------------------------------------------------------
def _validate_decision(d: PlanDecision) -> PlanDecision:
    who = " ".join(d.decided_by.split())
    if not who:
        raise ValidationError(
            "Skriv hvem som vedtok handlingsplanen.", "For eksempel «Styringsgruppen»."
        )
    if len(who) > TITLE_MAX:
        raise ValidationError("Teksten om hvem som vedtok, er for lang.")
    if _check_date(d.decided_on, "Vedtaksdatoen") is None:
        raise ValidationError("Velg datoen for vedtaket.")
    ids = tuple(dict.fromkeys(d.measure_ids))
    if not ids:
        raise ValidationError("Velg minst ett tiltak som skal inn i handlingsplanen.")
    return replace(d, decided_by=who, note=d.note.strip(), measure_ids=ids)


def _write_decision(s: Session, row: PlanDecisionRow, d: PlanDecision) -> None:
    if d.meeting_id is not None and s.get(MeetingRow, d.meeting_id) is None:
        raise ValidationError("Møtet finnes ikke lenger.")
    known = set(s.scalars(select(MeasureRow.id).where(MeasureRow.id.in_(d.measure_ids))))
    if set(d.measure_ids) - known:
        raise ValidationError("Et av tiltakene finnes ikke lenger.")
    row.decided_on, row.decided_by = d.decided_on, d.decided_by
    row.meeting_id, row.note = d.meeting_id, d.note
    s.flush()
    for m in s.scalars(select(MeasureRow).where(MeasureRow.plan_decision_id == row.id)):
        if m.id not in known:
            m.plan_decision_id = None
    for m in s.scalars(select(MeasureRow).where(MeasureRow.id.in_(d.measure_ids))):
        if m.plan_decision_id != row.id:
            m.plan_decision_id = row.id


def record_plan_decision(project: Project, decision: PlanDecision) -> int:
    """Record who decided which measures go into the handlingsplan, when and in which
    meeting (one step). A measure already in the plan by an earlier decision moves to
    this one."""
    d = _validate_decision(decision)
    with project.unit_of_work(f"Vedtak om handlingsplan ({len(d.measure_ids)} tiltak)") as s:
        row = PlanDecisionRow(decided_on=d.decided_on, decided_by=d.decided_by, note="")
        s.add(row)
        s.flush()
        _write_decision(s, row, d)
        return row.id


def update_plan_decision(project: Project, decision: PlanDecision) -> None:
    """Change a decision's facts and its measures (measures left out leave the plan)."""
    if decision.id is None:
        raise ValueError("update_plan_decision needs a stored decision")
    d = _validate_decision(decision)
    with project.unit_of_work("Endre vedtak om handlingsplan") as s:
        row = s.get(PlanDecisionRow, d.id)
        if row is None:
            raise ValidationError("Vedtaket finnes ikke lenger.")
        _write_decision(s, row, d)


def delete_plan_decision(project: Project, decision_id: int) -> None:
    """Remove the decision; its measures are no longer in the plan."""
    with project.unit_of_work("Slett vedtak om handlingsplan") as s:
        row = s.get(PlanDecisionRow, decision_id)
        if row is None:
            raise ValidationError("Vedtaket finnes ikke lenger.")
        for m in s.scalars(select(MeasureRow).where(MeasureRow.plan_decision_id == decision_id)):
            m.plan_decision_id = None
        s.delete(row)


def list_plan_decisions(project: Project) -> list[PlanDecision]:
    """All plan decisions, newest first, with their measures and meeting title."""
    with project.read() as s:
        members: dict[int, list[int]] = defaultdict(list)
        for mid, did in s.execute(
            select(MeasureRow.id, MeasureRow.plan_decision_id)
            .where(MeasureRow.plan_decision_id.is_not(None))
            .order_by(MeasureRow.position, MeasureRow.id)
        ):
            if did is not None:
                members[did].append(mid)
        rows = s.execute(
            select(PlanDecisionRow, MeetingRow.title)
            .outerjoin(MeetingRow, MeetingRow.id == PlanDecisionRow.meeting_id)
            .order_by(PlanDecisionRow.decided_on.desc(), PlanDecisionRow.id.desc())
        ).all()
        return [
            PlanDecision(
                decided_on=r.decided_on,
                decided_by=r.decided_by,
                meeting_id=r.meeting_id,
                note=r.note,
                measure_ids=tuple(members.get(r.id, ())),
                meeting_title=title or "",
                id=r.id,
            )
            for r, title in rows
        ]


# -- the handlingsplan ------------------------------------------------------------------
def _sort_key(sort: PlanSort):  # type: ignore[no-untyped-def]
    status_order = {s: i for i, s in enumerate(MeasureStatus)}
    far = date.max

    if sort is PlanSort.CODE:
        return lambda it: (code_number(it.measure.code) or 0, it.measure.code)
    if sort is PlanSort.TITLE:
        return lambda it: it.measure.title.casefold()
    if sort is PlanSort.RESPONSIBLE:
        return lambda it: (not it.responsible_name, it.responsible_name.casefold())
    if sort is PlanSort.START:
        return lambda it: it.measure.start_on or far
    if sort is PlanSort.DEADLINE:
        return lambda it: it.measure.deadline_on or far
    if sort is PlanSort.STATUS:
        return lambda it: status_order[it.measure.status]
    if sort is PlanSort.PROGRESS:
        return lambda it: it.measure.progress
    if sort is PlanSort.SCORE:
        return lambda it: -(it.weighted if it.weighted is not None else -1.0)
    return lambda it: (it.measure.position, it.measure.id or 0)


def handlingsplan(
    project: Project,
    filt: PlanFilter | None = None,
    sort: PlanSort = PlanSort.POSITION,
    *,
    descending: bool = False,
    today: date | None = None,
) -> list[PlanItem]:
    """The handlingsplan table: every measure (or those the filter keeps) with its
    responsible person, dependency codes, overdue/at-risk and follow-up facts. A fixed
    handful of queries whatever the number of measures."""
    from nvk_desktop.services.prioritising import weighted_scores

    today = today or date.today()
    filt = filt or PlanFilter()
    with project.read() as s:
        measures = _load(s)
        names = {r[0]: r[1] for r in s.execute(select(PersonRow.id, PersonRow.name))}
        point_titles = {
            r[0]: r[1] for r in s.execute(select(ImprovementPointRow.id, ImprovementPointRow.title))
        }
        follow = {
            mid: (n, last)
            for mid, n, last in s.execute(
                select(
                    FollowUpRow.measure_id,
                    func.count(FollowUpRow.id),
                    func.max(FollowUpRow.entry_on),
                ).group_by(FollowUpRow.measure_id)
            )
        }
        ind_counts = {
            r[0]: r[1]
            for r in s.execute(
                select(IndicatorRow.measure_id, func.count(IndicatorRow.id)).group_by(
                    IndicatorRow.measure_id
                )
            )
        }
        weighted = weighted_scores(s)
    by_id = {m.id: m for m in measures}
    items: list[PlanItem] = []
    text = filt.text.strip().casefold()
    for m in measures:
        assert m.id is not None
        deps = [by_id[d] for d in m.depends_on if d in by_id]
        n, last = follow.get(m.id, (0, None))
        if isinstance(last, str):  # func.max over a Date column comes back as text
            last = date.fromisoformat(last)
        item = PlanItem(
            measure=m,
            responsible_name=names.get(m.responsible_id, "") if m.responsible_id else "",
            dependency_codes=tuple(d.code for d in deps),
            point_titles=tuple(point_titles.get(p, "") for p in m.point_ids),
            overdue=is_overdue(m, today),
            risk=risk_reason(m, today),
            blocked_by=tuple(d.code for d in deps if d.status is not MeasureStatus.FULLFORT),
            last_follow_up=last,
            follow_up_count=n,
            indicator_count=ind_counts.get(m.id, 0),
            weighted=weighted.get(m.id),
        )
        if _keep(item, filt, text):
            items.append(item)
    items.sort(key=_sort_key(PlanSort(sort)), reverse=descending)
    return items


def _keep(item: PlanItem, filt: PlanFilter, text: str) -> bool:
    m = item.measure
    if filt.statuses and m.status not in filt.statuses:
        return False
    if filt.responsible_id is not None and m.responsible_id != filt.responsible_id:
        return False
    if filt.area is not None:
        if filt.area == "":
            if m.areas:
                return False
        elif filt.area not in m.areas:
            return False
    if filt.overdue_only and not item.overdue:
        return False
    if filt.at_risk_only and not (item.overdue or item.at_risk):
        return False
    if filt.in_plan is not None and m.in_plan != filt.in_plan:
        return False
    if text:
        hay = " ".join((m.code, m.title, m.description, item.responsible_name, m.unit)).casefold()
        if text not in hay:
            return False
    return True


# -- decisions needed -----------------------------------------------------------------
def decisions_needed(items: Iterable[PlanItem], today: date) -> list[tuple[PlanItem, str]]:
    """Measures the styringsgruppe should decide on, with the reason in words:

    * open and waiting for a dependency that is not fullført, while its own start date
      has come (or it has no start date): "blokkert av T-003";
    * overdue with no follow-up entry in the last 30 days: a new deadline or a stop is
      needed;
    * not in the handlingsplan yet (no plan decision), unless avbrutt.
    """
    out: list[tuple[PlanItem, str]] = []
    for it in items:
        m = it.measure
        reasons = []
        if not m.status.closed and it.blocked_by and (m.start_on is None or m.start_on <= today):
            reasons.append("venter på " + ", ".join(it.blocked_by))
        if it.overdue and (
            it.last_follow_up is None or (today - it.last_follow_up).days > STALE_FOLLOW_UP_DAYS
        ):
            reasons.append(
                f"fristen er passert uten oppfølging de siste {STALE_FOLLOW_UP_DAYS} dagene: "
                "ny frist eller stans?"
            )
        if not m.in_plan and m.status is not MeasureStatus.AVBRUTT:
            reasons.append("ikke vedtatt inn i handlingsplanen")
        if reasons:
            out.append((it, "; ".join(reasons)))
    return out


# -- follow-up log -----------------------------------------------------------------------
def _validate_follow_up(entry: FollowUp) -> FollowUp:
    text = entry.text.strip()
    if not text:
        raise ValidationError("Oppføringen er tom.", "Skriv hva som har skjedd med tiltaket.")
    if len(text) > TEXT_MAX:
        raise ValidationError(f"Oppføringen er for lang (over {TEXT_MAX} tegn).")
    if _check_date(entry.entry_on, "Datoen") is None:
        raise ValidationError("Velg en dato for oppføringen.")
    return replace(entry, text=text)


def list_follow_ups(project: Project, measure_id: int | None = None) -> list[FollowUp]:
    """The log, newest first (one measure's, or every measure's)."""
    q = (
        select(FollowUpRow, PersonRow.name)
        .outerjoin(PersonRow, PersonRow.id == FollowUpRow.author_id)
        .order_by(FollowUpRow.entry_on.desc(), FollowUpRow.id.desc())
    )
    if measure_id is not None:
        q = q.where(FollowUpRow.measure_id == measure_id)
    with project.read() as s:
        return [
            FollowUp(r.measure_id, r.entry_on, r.text, r.author_id, name or "", r.id)
            for r, name in s.execute(q)
        ]


def add_follow_up(project: Project, entry: FollowUp) -> int:
    e = _validate_follow_up(entry)
    with project.unit_of_work("Ny oppføring i oppfølgingsloggen") as s:
        _get_measure_row(s, e.measure_id)
        if e.author_id is not None and s.get(PersonRow, e.author_id) is None:
            raise ValidationError("Forfatteren finnes ikke lenger under Organisering.")
        row = FollowUpRow(
            measure_id=e.measure_id, entry_on=e.entry_on, text=e.text, author_id=e.author_id
        )
        s.add(row)
        s.flush()
        return row.id


def update_follow_up(project: Project, entry: FollowUp) -> None:
    if entry.id is None:
        raise ValueError("update_follow_up needs a stored entry")
    e = _validate_follow_up(entry)
    with project.unit_of_work("Endre oppføring i oppfølgingsloggen") as s:
        row = s.get(FollowUpRow, e.id)
        if row is None:
            raise ValidationError("Oppføringen finnes ikke lenger.")
        if e.author_id is not None and s.get(PersonRow, e.author_id) is None:
            raise ValidationError("Forfatteren finnes ikke lenger under Organisering.")
        row.entry_on, row.text, row.author_id = e.entry_on, e.text, e.author_id


def delete_follow_up(project: Project, entry_id: int) -> None:
    with project.unit_of_work("Slett oppføring i oppfølgingsloggen") as s:
        row = s.get(FollowUpRow, entry_id)
        if row is None:
            raise ValidationError("Oppføringen finnes ikke lenger.")
        s.delete(row)


# -- status report snapshots -------------------------------------------------------------
def _snapshot_json(measures: Sequence[Measure]) -> str:
    return json.dumps(
        {
            m.code: {
                "title": m.title,
                "status": m.status.value,
                "progress": m.progress,
                "deadline": m.deadline_on.isoformat() if m.deadline_on else None,
            }
            for m in measures
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def _report_from(row: StatusReportRow) -> StatusReport:
    try:
        raw = json.loads(row.snapshot)
    except ValueError:
        raw = {}
    entries = {}
    for code, v in raw.items() if isinstance(raw, dict) else ():
        try:
            entries[code] = SnapshotEntry(
                code=code,
                title=str(v.get("title", "")),
                status=MeasureStatus(v.get("status")),
                progress=int(v.get("progress", 0)),
                deadline_on=date.fromisoformat(v["deadline"]) if v.get("deadline") else None,
            )
        except (ValueError, TypeError, AttributeError):
            continue
    return StatusReport(row.made_on, entries, row.note, row.id)


def list_status_reports(project: Project) -> list[StatusReport]:
    """Statusrapporter made before, newest first."""
    with project.read() as s:
        rows = s.scalars(
            select(StatusReportRow).order_by(
                StatusReportRow.made_on.desc(), StatusReportRow.id.desc()
            )
        ).all()
        return [_report_from(r) for r in rows]


def latest_status_report(project: Project) -> StatusReport | None:
    reports = list_status_reports(project)
    return reports[0] if reports else None


def save_status_snapshot(project: Project, made_on: date, note: str = "") -> int:
    """Remember every measure's status, progress and deadline as of a statusrapport."""
    with project.unit_of_work("Lagre statusrapport") as s:
        row = StatusReportRow(made_on=made_on, snapshot=_snapshot_json(_load(s)), note=note.strip())
        s.add(row)
        s.flush()
        return row.id


def snapshot_json(measures: Sequence[Measure]) -> str:
    """The snapshot text for these measures (the demo stores an earlier one)."""
    return _snapshot_json(measures)
