"""The service map (Kartlegging av tjenester, DOMAIN.md §5): areas, services, the
dimensions they are assessed on, assessments and KPIs; the matrix and its XLSX export.

Every function that changes the project is one unit of work (one undo step). Input is
checked before anything is written, with Norwegian messages.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nvk_desktop.domain.servicemap import (
    MAX_DEADLINE_DAYS,
    MAX_MEDIAN_DAYS,
    MAX_NAME_LENGTH,
    MAX_YEARLY_CASES,
    SCORE_MAX,
    SCORE_MIN,
    Assessment,
    Channel,
    Dimension,
    Service,
    ServiceArea,
    ServiceKpi,
    ServiceMatrix,
    format_channels_value,
    parse_channels,
)
from nvk_desktop.errors import ValidationError
from nvk_desktop.services.project import Project
from nvk_desktop.store.models import (
    PersonRow,
    ServiceAreaRow,
    ServiceAssessmentRow,
    ServiceDimensionRow,
    ServiceKpiRow,
    ServiceRow,
)
from nvk_desktop.store.seed import alternative_dimension_sets, default_dimensions

STANDARD_SET = "standard"


# -- conversions -----------------------------------------------------------------------
def _area(row: ServiceAreaRow) -> ServiceArea:
    return ServiceArea(row.name, row.position, row.id)


def _service(row: ServiceRow) -> Service:
    return Service(
        area_id=row.area_id,
        name=row.name,
        unit=row.unit,
        contact_id=row.contact_id,
        channels=parse_channels(row.channels),
        yearly_cases=row.yearly_cases,
        median_days=row.median_days,
        legal_deadline_days=row.legal_deadline_days,
        within_deadline_share=row.within_deadline_share,
        complaints=row.complaints,
        fees=row.fees,
        current_state=row.current_state,
        position=row.position,
        id=row.id,
    )


def _dimension(row: ServiceDimensionRow) -> Dimension:
    return Dimension(row.name, row.position, row.id)


def _assessment(row: ServiceAssessmentRow) -> Assessment:
    return Assessment(row.service_id, row.dimension_id, row.score, row.note, row.id)


def _kpi(row: ServiceKpiRow) -> ServiceKpi:
    return ServiceKpi(
        row.service_id, row.name, row.value, row.unit, row.measured_on, row.note, row.id
    )


# -- validation --------------------------------------------------------------------------
def _name(name: str, what: str, example: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError(
            f"{what} må ha et navn.", f"Skriv inn et navn, for eksempel «{example}»."
        )
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(f"Navnet er for langt (over {MAX_NAME_LENGTH} tegn).")
    return name


def _whole(value: float | None, what: str, maximum: int) -> int | None:
    if value is None:
        return None
    if isinstance(value, float) and (math.isnan(value) or not value.is_integer()):
        raise ValidationError(f"{what} må være et helt tall.")
    if value < 0:
        raise ValidationError(f"{what} kan ikke være negativ.", "Skriv 0 eller et positivt tall.")
    if value > maximum:
        raise ValidationError(
            f"{what} er urimelig stor ({value}).", f"Tallet kan ikke være over {maximum}."
        )
    return int(value)


def validate_service(service: Service) -> Service:
    """The service as it will be stored, or a ValidationError saying what is wrong."""
    name = _name(service.name, "Tjenesten", "Byggesøknad")
    median = service.median_days
    if median is not None:
        if math.isnan(median) or median < 0:
            raise ValidationError(
                "Median saksbehandlingstid kan ikke være negativ.",
                "Skriv antall dager, for eksempel 24.",
            )
        if median > MAX_MEDIAN_DAYS:
            raise ValidationError(
                f"Median saksbehandlingstid på {median:g} dager er urimelig lang.",
                f"Skriv antall kalenderdager (høyst {MAX_MEDIAN_DAYS}).",
            )
    share = service.within_deadline_share
    if share is not None and (math.isnan(share) or not 0 <= share <= 1):
        raise ValidationError(
            "Andelen innen frist må være mellom 0 og 100 %.",
            "Skriv prosenten, for eksempel 92.",
        )
    channels = tuple(Channel(c) for c in service.channels)
    return dataclasses.replace(
        service,
        name=name,
        unit=service.unit.strip(),
        channels=tuple(c for c in Channel if c in set(channels)),
        yearly_cases=_whole(service.yearly_cases, "Antall saker per år", MAX_YEARLY_CASES),
        median_days=None if median is None else float(median),
        legal_deadline_days=_whole(
            service.legal_deadline_days, "Den lovfestede fristen", MAX_DEADLINE_DAYS
        ),
        within_deadline_share=None if share is None else float(share),
        complaints=_whole(service.complaints, "Antall klager", MAX_YEARLY_CASES),
        fees=service.fees.strip(),
        current_state=service.current_state.strip(),
    )


def validate_score(score: int | None) -> int | None:
    if score is None:
        return None
    if isinstance(score, bool) or not isinstance(score, int) or not SCORE_MIN <= score <= SCORE_MAX:
        raise ValidationError(
            f"Vurderingen må være et tall fra {SCORE_MIN} til {SCORE_MAX}, eller ukjent.",
            "1 er svært svak, 5 er svært god.",
        )
    return score


def validate_kpi(kpi: ServiceKpi) -> ServiceKpi:
    name = _name(kpi.name, "Nøkkeltallet", "Antall henvendelser per uke")
    value = kpi.value
    if value is not None and (math.isnan(value) or math.isinf(value)):
        raise ValidationError("Verdien må være et tall.")
    if kpi.measured_on is not None and not isinstance(kpi.measured_on, date):
        raise ValidationError("Måledatoen er ikke en dato.")
    return dataclasses.replace(
        kpi,
        name=name,
        value=None if value is None else float(value),
        unit=kpi.unit.strip(),
        note=kpi.note.strip(),
    )


# -- helpers ---------------------------------------------------------------------------
def _renumber(rows: Sequence[ServiceAreaRow | ServiceRow | ServiceDimensionRow]) -> None:
    for i, row in enumerate(rows):
        if row.position != i:
            row.position = i


def _areas_in_order(s: Session) -> list[ServiceAreaRow]:
    return list(
        s.scalars(select(ServiceAreaRow).order_by(ServiceAreaRow.position, ServiceAreaRow.id))
    )


def _services_in_area(s: Session, area_id: int) -> list[ServiceRow]:
    return list(
        s.scalars(
            select(ServiceRow)
            .where(ServiceRow.area_id == area_id)
            .order_by(ServiceRow.position, ServiceRow.id)
        )
    )


def _dimensions_in_order(s: Session) -> list[ServiceDimensionRow]:
    return list(
        s.scalars(
            select(ServiceDimensionRow).order_by(
                ServiceDimensionRow.position, ServiceDimensionRow.id
            )
        )
    )


def _get(s: Session, model: type, row_id: int, what: str):  # type: ignore[no-untyped-def]
    row = s.get(model, row_id)
    if row is None:
        raise ValidationError(f"{what} finnes ikke lenger.", "Den kan være slettet i mellomtiden.")
    return row


def _move_in(rows: list[Any], row_id: int, to_index: int) -> list[Any]:
    current = next(i for i, r in enumerate(rows) if r.id == row_id)
    to_index = max(0, min(to_index, len(rows) - 1))
    row = rows.pop(current)
    rows.insert(to_index, row)
    return rows


# -- areas -------------------------------------------------------------------------------
def list_areas(project: Project) -> list[ServiceArea]:
    with project.read() as s:
        return [_area(r) for r in _areas_in_order(s)]


def add_area(project: Project, name: str, position: int | None = None) -> int:
    """A new area, at ``position`` (None: last)."""
    name = _name(name, "Området", "Plan og areal")
    with project.unit_of_work(f"Nytt tjenesteområde «{name}»") as s:
        rows = _areas_in_order(s)
        row = ServiceAreaRow(name=name, position=len(rows))
        s.add(row)
        s.flush()
        if position is not None:
            _renumber(_move_in([*rows, row], row.id, position))
        return row.id


def rename_area(project: Project, area_id: int, name: str) -> None:
    name = _name(name, "Området", "Plan og areal")
    with project.unit_of_work(f"Gi nytt navn til «{name}»") as s:
        _get(s, ServiceAreaRow, area_id, "Området").name = name


def move_area(project: Project, area_id: int, to_index: int) -> None:
    """Put the area at ``to_index`` in the order (clamped to the ends)."""
    with project.unit_of_work("Flytt tjenesteområde") as s:
        _get(s, ServiceAreaRow, area_id, "Området")
        _renumber(_move_in(_areas_in_order(s), area_id, to_index))


def area_service_count(project: Project, area_id: int) -> int:
    """How many services go with the area when it is deleted (for the question)."""
    with project.read() as s:
        return s.scalar(select(func.count()).where(ServiceRow.area_id == area_id)) or 0


def delete_area(project: Project, area_id: int) -> None:
    """Removes the area with its services, assessments and KPIs (one undo step)."""
    with project.unit_of_work("Slett tjenesteområde") as s:
        s.delete(_get(s, ServiceAreaRow, area_id, "Området"))
        s.flush()
        _renumber(_areas_in_order(s))


# -- services ---------------------------------------------------------------------------
def list_services(project: Project, area_id: int | None = None) -> list[Service]:
    """In map order (area order, then the order inside the area)."""
    with project.read() as s:
        q = select(ServiceRow).join(ServiceAreaRow, ServiceRow.area_id == ServiceAreaRow.id)
        if area_id is not None:
            q = q.where(ServiceRow.area_id == area_id)
        q = q.order_by(
            ServiceAreaRow.position, ServiceAreaRow.id, ServiceRow.position, ServiceRow.id
        )
        return [_service(r) for r in s.scalars(q)]


def get_service(project: Project, service_id: int) -> Service:
    with project.read() as s:
        return _service(_get(s, ServiceRow, service_id, "Tjenesten"))


def add_service(project: Project, area_id: int, name: str, position: int | None = None) -> int:
    """A new service in the area, at ``position`` (None: last)."""
    name = _name(name, "Tjenesten", "Byggesøknad")
    with project.unit_of_work(f"Ny tjeneste «{name}»") as s:
        _get(s, ServiceAreaRow, area_id, "Området")
        rows = _services_in_area(s, area_id)
        row = ServiceRow(
            area_id=area_id,
            name=name,
            position=len(rows),
            unit="",
            channels="",
            fees="",
            current_state="",
        )
        s.add(row)
        s.flush()
        if position is not None:
            _renumber(_move_in([*rows, row], row.id, position))
        return row.id


def update_service(project: Project, service: Service) -> None:
    """Store every fact of the service (name, unit, contact, channels, figures, texts).

    The area and the position are changed by the move functions, not here.
    """
    if service.id is None:
        raise ValueError("update_service needs a stored service")
    sv = validate_service(service)
    with project.unit_of_work(f"Endre «{sv.name}»") as s:
        row = _get(s, ServiceRow, service.id, "Tjenesten")
        if sv.contact_id is not None and s.get(PersonRow, sv.contact_id) is None:
            raise ValidationError("Kontaktpersonen finnes ikke lenger i prosjektet.")
        row.name, row.unit, row.contact_id = sv.name, sv.unit, sv.contact_id
        row.channels = format_channels_value(sv.channels)
        row.yearly_cases, row.median_days = sv.yearly_cases, sv.median_days
        row.legal_deadline_days = sv.legal_deadline_days
        row.within_deadline_share, row.complaints = sv.within_deadline_share, sv.complaints
        row.fees, row.current_state = sv.fees, sv.current_state


def rename_service(project: Project, service_id: int, name: str) -> None:
    name = _name(name, "Tjenesten", "Byggesøknad")
    with project.unit_of_work(f"Gi nytt navn til «{name}»") as s:
        _get(s, ServiceRow, service_id, "Tjenesten").name = name


def move_service(project: Project, service_id: int, delta: int) -> None:
    """One step up (delta −1) or down (+1). Past the first or last service of its area
    it moves on into the area before (as its last) or after (as its first), as in a tree."""
    with project.unit_of_work("Flytt tjeneste") as s:
        row = _get(s, ServiceRow, service_id, "Tjenesten")
        rows = _services_in_area(s, row.area_id)
        index = next(i for i, r in enumerate(rows) if r.id == service_id)
        target = index + delta
        if 0 <= target < len(rows):
            _renumber(_move_in(rows, service_id, target))
            return
        areas = _areas_in_order(s)
        a = next(i for i, r in enumerate(areas) if r.id == row.area_id)
        neighbour = a + (1 if delta > 0 else -1)
        if not 0 <= neighbour < len(areas):
            return  # already first (or last) in the map: nothing to do
        rows.pop(index)
        _renumber(rows)
        others = _services_in_area(s, areas[neighbour].id)
        row.area_id = areas[neighbour].id
        _renumber([row, *others] if delta > 0 else [*others, row])


def move_service_to_area(
    project: Project, service_id: int, area_id: int, position: int | None = None
) -> None:
    """Move the service into another area (last, or at ``position``)."""
    with project.unit_of_work("Flytt tjeneste til annet område") as s:
        row = _get(s, ServiceRow, service_id, "Tjenesten")
        _get(s, ServiceAreaRow, area_id, "Området")
        old_area = row.area_id
        if old_area == area_id:
            if position is not None:
                _renumber(_move_in(_services_in_area(s, area_id), service_id, position))
            return
        others = _services_in_area(s, area_id)
        row.area_id = area_id
        row.position = len(others)
        s.flush()
        _renumber(_services_in_area(s, old_area))
        if position is not None:
            _renumber(_move_in([*others, row], service_id, position))


def service_usage(project: Project, service_id: int) -> list[str]:
    """What deleting the service also removes, in words (for the question)."""
    with project.read() as s:
        scores = s.scalar(
            select(func.count()).where(
                ServiceAssessmentRow.service_id == service_id,
                (ServiceAssessmentRow.score.is_not(None)) | (ServiceAssessmentRow.note != ""),
            )
        )
        kpis = s.scalar(select(func.count()).where(ServiceKpiRow.service_id == service_id))
        row = s.get(ServiceRow, service_id)
    out = []
    if scores:
        out.append("1 vurdering" if scores == 1 else f"{scores} vurderinger")
    if kpis:
        out.append("1 nøkkeltall" if kpis == 1 else f"{kpis} nøkkeltall")
    if row is not None and row.current_state.strip():
        out.append("beskrivelsen av nå-situasjonen")
    return out


def delete_service(project: Project, service_id: int) -> None:
    """Removes the service with its assessments and KPIs (one undo step)."""
    with project.unit_of_work("Slett tjeneste") as s:
        row = _get(s, ServiceRow, service_id, "Tjenesten")
        area_id = row.area_id
        s.delete(row)
        s.flush()
        _renumber(_services_in_area(s, area_id))


# -- dimensions ------------------------------------------------------------------------
def list_dimensions(project: Project) -> list[Dimension]:
    with project.read() as s:
        return [_dimension(r) for r in _dimensions_in_order(s)]


def add_dimension(project: Project, name: str) -> int:
    name = _name(name, "Dimensjonen", "Tilgjengelighet")
    with project.unit_of_work(f"Ny tjenestedimensjon «{name}»") as s:
        rows = _dimensions_in_order(s)
        if any(r.name.casefold() == name.casefold() for r in rows):
            raise ValidationError(f"Dimensjonen «{name}» finnes allerede.")
        row = ServiceDimensionRow(name=name, position=len(rows))
        s.add(row)
        s.flush()
        return row.id


def rename_dimension(project: Project, dimension_id: int, name: str) -> None:
    name = _name(name, "Dimensjonen", "Tilgjengelighet")
    with project.unit_of_work(f"Gi nytt navn til «{name}»") as s:
        row = _get(s, ServiceDimensionRow, dimension_id, "Dimensjonen")
        if any(
            r.id != dimension_id and r.name.casefold() == name.casefold()
            for r in _dimensions_in_order(s)
        ):
            raise ValidationError(f"Dimensjonen «{name}» finnes allerede.")
        row.name = name


def move_dimension(project: Project, dimension_id: int, to_index: int) -> None:
    with project.unit_of_work("Flytt tjenestedimensjon") as s:
        _get(s, ServiceDimensionRow, dimension_id, "Dimensjonen")
        _renumber(_move_in(_dimensions_in_order(s), dimension_id, to_index))


def dimension_assessment_count(project: Project, dimension_ids: Sequence[int]) -> int:
    """Assessments (a score or a note) on these dimensions: what deleting them loses."""
    if not dimension_ids:
        return 0
    with project.read() as s:
        return (
            s.scalar(
                select(func.count()).where(
                    ServiceAssessmentRow.dimension_id.in_(list(dimension_ids)),
                    (ServiceAssessmentRow.score.is_not(None)) | (ServiceAssessmentRow.note != ""),
                )
            )
            or 0
        )


def delete_dimension(project: Project, dimension_id: int) -> None:
    """Removes the dimension with every assessment on it (one undo step)."""
    with project.unit_of_work("Slett tjenestedimensjon") as s:
        s.delete(_get(s, ServiceDimensionRow, dimension_id, "Dimensjonen"))
        s.flush()
        _renumber(_dimensions_in_order(s))


def dimension_sets() -> dict[str, tuple[str, list[str]]]:
    """Key → (label, dimension names): the NVK standard set and the alternatives."""
    out = {STANDARD_SET: ("NVK: de sju tjenestedimensjonene", list(default_dimensions()))}
    for key, spec in alternative_dimension_sets().items():
        out[key] = (str(spec["label"]), [str(n) for n in spec["dimensions"]])
    return out


def current_dimension_set(project: Project) -> str | None:
    """The key of the set the project's dimensions are exactly (in order), else None."""
    names = [d.name for d in list_dimensions(project)]
    for key, (_label, set_names) in dimension_sets().items():
        if names == set_names:
            return key
    return None


def _set_names(key: str) -> list[str]:
    sets = dimension_sets()
    if key not in sets:
        raise ValidationError(f"Ukjent dimensjonssett «{key}».")
    return sets[key][1]


def dimension_set_loss(project: Project, key: str) -> int:
    """How many assessments switching to the set would remove (dimensions it lacks)."""
    keep = {n.casefold() for n in _set_names(key)}
    gone = [d.id for d in list_dimensions(project) if d.name.casefold() not in keep and d.id]
    return dimension_assessment_count(project, gone)


def use_dimension_set(project: Project, key: str) -> None:
    """Make the project's dimensions exactly the set ``key`` ("standard" or "skr").

    Dimensions with the same name stay (with their assessments); the others go with
    their assessments; the missing ones are added. One undo step.
    """
    names = _set_names(key)
    label = dimension_sets()[key][0]
    with project.unit_of_work(f"Bruk dimensjonssettet {label}") as s:
        rows = _dimensions_in_order(s)
        by_name = {r.name.casefold(): r for r in rows}
        wanted = {n.casefold() for n in names}
        for r in rows:
            if r.name.casefold() not in wanted:
                s.delete(r)
        s.flush()
        for pos, name in enumerate(names):
            row = by_name.get(name.casefold())
            if row is None:
                s.add(ServiceDimensionRow(name=name, position=pos))
            else:
                row.position, row.name = pos, name


# -- assessments -----------------------------------------------------------------------
def list_assessments(project: Project, service_id: int) -> list[Assessment]:
    """One per dimension, in dimension order (unknown when none is stored)."""
    with project.read() as s:
        dims = _dimensions_in_order(s)
        stored = {
            r.dimension_id: r
            for r in s.scalars(
                select(ServiceAssessmentRow).where(ServiceAssessmentRow.service_id == service_id)
            )
        }
        out = []
        for d in dims:
            r = stored.get(d.id)
            out.append(_assessment(r) if r is not None else Assessment(service_id, d.id))
        return out


def set_assessment(
    project: Project, service_id: int, dimension_id: int, score: int | None, note: str = ""
) -> None:
    """The score (1–5, None = ukjent) and note of one service on one dimension.

    Unknown with no note stores nothing (the row is removed), so the file holds only
    what the consultant actually said.
    """
    score = validate_score(score)
    note = note.strip()
    with project.unit_of_work("Endre vurdering") as s:
        _get(s, ServiceRow, service_id, "Tjenesten")
        _get(s, ServiceDimensionRow, dimension_id, "Dimensjonen")
        row = s.scalar(
            select(ServiceAssessmentRow).where(
                ServiceAssessmentRow.service_id == service_id,
                ServiceAssessmentRow.dimension_id == dimension_id,
            )
        )
        if score is None and not note:
            if row is not None:
                s.delete(row)
            return
        if row is None:
            row = ServiceAssessmentRow(service_id=service_id, dimension_id=dimension_id)
            s.add(row)
        row.score, row.note = score, note


# -- KPIs ------------------------------------------------------------------------------
def list_kpis(project: Project, service_id: int) -> list[ServiceKpi]:
    with project.read() as s:
        rows = s.scalars(
            select(ServiceKpiRow)
            .where(ServiceKpiRow.service_id == service_id)
            .order_by(ServiceKpiRow.id)
        )
        return [_kpi(r) for r in rows]


def add_kpi(project: Project, kpi: ServiceKpi) -> int:
    k = validate_kpi(kpi)
    with project.unit_of_work(f"Nytt nøkkeltall «{k.name}»") as s:
        _get(s, ServiceRow, k.service_id, "Tjenesten")
        row = ServiceKpiRow(
            service_id=k.service_id,
            name=k.name,
            value=k.value,
            unit=k.unit,
            measured_on=k.measured_on,
            note=k.note,
        )
        s.add(row)
        s.flush()
        return row.id


def update_kpi(project: Project, kpi: ServiceKpi) -> None:
    if kpi.id is None:
        raise ValueError("update_kpi needs a stored KPI")
    k = validate_kpi(kpi)
    with project.unit_of_work(f"Endre nøkkeltall «{k.name}»") as s:
        row = _get(s, ServiceKpiRow, kpi.id, "Nøkkeltallet")
        row.name, row.value, row.unit, row.measured_on, row.note = (
            k.name,
            k.value,
            k.unit,
            k.measured_on,
            k.note,
        )


def delete_kpi(project: Project, kpi_id: int) -> None:
    with project.unit_of_work("Slett nøkkeltall") as s:
        s.delete(_get(s, ServiceKpiRow, kpi_id, "Nøkkeltallet"))


# -- the matrix --------------------------------------------------------------------------
def service_matrix(project: Project) -> ServiceMatrix:
    """Everything the matrix view and the export show, in six queries (no per-row ones).

    Plain column tuples rather than ORM objects: 300 services × 7 dimensions is some
    2,000 assessments, and building ORM instances for them costs more than the query.
    """
    with project.read() as s:
        areas = [
            ServiceArea(name, pos, aid)
            for aid, pos, name in s.execute(
                select(ServiceAreaRow.id, ServiceAreaRow.position, ServiceAreaRow.name).order_by(
                    ServiceAreaRow.position, ServiceAreaRow.id
                )
            )
        ]
        order = {a.id: i for i, a in enumerate(areas)}
        r_ = ServiceRow
        cols = (
            r_.id,
            r_.area_id,
            r_.position,
            r_.name,
            r_.unit,
            r_.contact_id,
            r_.channels,
            r_.yearly_cases,
            r_.median_days,
            r_.legal_deadline_days,
            r_.within_deadline_share,
            r_.complaints,
            r_.fees,
            r_.current_state,
        )
        services = sorted(
            (
                Service(
                    area_id=r.area_id,
                    name=r.name,
                    unit=r.unit,
                    contact_id=r.contact_id,
                    channels=parse_channels(r.channels),
                    yearly_cases=r.yearly_cases,
                    median_days=r.median_days,
                    legal_deadline_days=r.legal_deadline_days,
                    within_deadline_share=r.within_deadline_share,
                    complaints=r.complaints,
                    fees=r.fees,
                    current_state=r.current_state,
                    position=r.position,
                    id=r.id,
                )
                for r in s.execute(select(*cols))
            ),
            key=lambda sv: (order.get(sv.area_id, len(order)), sv.position, sv.id or 0),
        )
        dims = [
            Dimension(name, pos, did)
            for did, pos, name in s.execute(
                select(
                    ServiceDimensionRow.id, ServiceDimensionRow.position, ServiceDimensionRow.name
                ).order_by(ServiceDimensionRow.position, ServiceDimensionRow.id)
            )
        ]
        a = ServiceAssessmentRow
        scores = {
            (sid, did): Assessment(sid, did, score, note, aid)
            for aid, sid, did, score, note in s.execute(
                select(a.id, a.service_id, a.dimension_id, a.score, a.note)
            )
        }
        k = ServiceKpiRow
        kpis: dict[tuple[int, str], ServiceKpi] = {}
        names: dict[str, None] = {}
        for kid, sid, name, value, unit, measured_on, note in s.execute(
            select(k.id, k.service_id, k.name, k.value, k.unit, k.measured_on, k.note).order_by(
                k.id
            )
        ):
            names.setdefault(name, None)
            # the first of a name per service is the one shown
            kpis.setdefault((sid, name), ServiceKpi(sid, name, value, unit, measured_on, note, kid))
        contact_ids = {sv.contact_id for sv in services if sv.contact_id is not None}
        contacts = (
            {
                pid: name
                for pid, name in s.execute(
                    select(PersonRow.id, PersonRow.name).where(PersonRow.id.in_(contact_ids))
                )
            }
            if contact_ids
            else {}
        )
    return ServiceMatrix(
        areas=tuple(areas),
        services=tuple(services),
        dimensions=tuple(dims),
        scores=scores,
        kpi_names=tuple(names),
        kpis=kpis,
        contacts=contacts,
    )


# -- export ------------------------------------------------------------------------------
def export_xlsx(
    project: Project, out: Path | str, *, today: date | None = None
) -> tuple[Path, int]:
    """Write the service map as a formatted XLSX (atomically). Returns the path and
    the number of services. openpyxl is imported here, when asked for."""
    from nvk_desktop.documents.servicemap_xlsx import write_servicemap_xlsx
    from nvk_desktop.services.project import project_info

    matrix = service_matrix(project)
    path = write_servicemap_xlsx(
        matrix, project_info(project), Path(out), today=today or date.today()
    )
    return path, len(matrix.services)
