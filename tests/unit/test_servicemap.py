"""The service map: areas, services, dimensions, assessments, KPIs and the matrix.

Every change is one undo step that restores the exact state; bad input writes nothing.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from nvk_desktop.domain.servicemap import (
    Channel,
    ServiceKpi,
    channels_text,
    format_channels_value,
    format_deadline,
    format_share,
    parse_channels,
    score_label,
)
from nvk_desktop.errors import ValidationError
from nvk_desktop.services import servicemap as sm
from nvk_desktop.services.demo import create_demo
from nvk_desktop.services.project import Project, create_project, undo_or_redo
from nvk_desktop.store.seed import default_dimensions, default_service_catalogue
from tests.unit.helpers import dump


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    p = create_project(tmp_path / "p.nvk", "5540", "Næringsvennlig Kåfjord")
    yield p
    p.close()


def _undo_redo_round_trip(project: Project, before: list[str]) -> None:
    """The last change undoes to ``before`` and redoes to what it was."""
    after = dump(project.path)
    change = project.take_last_change()
    assert change is not None
    redo = undo_or_redo(project, change)
    assert dump(project.path) == before
    undo_or_redo(project, redo)
    assert dump(project.path) == after


def _area_id(project: Project, name: str) -> int:
    return next(a.id for a in sm.list_areas(project) if a.name == name)  # type: ignore[misc]


def _service_id(project: Project, name: str) -> int:
    return next(s.id for s in sm.list_services(project) if s.name == name)  # type: ignore[misc]


# -- domain rules ------------------------------------------------------------------------
def test_channels_deadlines_shares_and_scores_in_words() -> None:
    assert parse_channels("epost,skranke,ukjent, skjema") == (
        Channel.SKRANKE,
        Channel.EPOST,
        Channel.SKJEMA,
    )
    assert format_channels_value([Channel.SKJEMA, Channel.TELEFON]) == "telefon,skjema"
    assert channels_text([Channel.SKJEMA, Channel.EPOST]) == "E-post, Digitalt skjema"
    assert format_deadline(84) == "12 uker"
    assert format_deadline(7) == "1 uke"
    assert format_deadline(20) == "20 dager"
    assert format_deadline(1) == "1 dag"
    assert format_deadline(None) == ""
    assert format_share(0.92) == "92\u00a0%"
    assert format_share(0.875) == "87,5\u00a0%"
    assert score_label(1) == "1 – svært svak"
    assert score_label(5) == "5 – svært god"
    assert score_label(None) == "Ukjent"


# -- the seeded catalogue --------------------------------------------------------------------
def test_new_project_has_the_default_catalogue_and_dimensions(project: Project) -> None:
    areas = sm.list_areas(project)
    assert [a.name for a in areas] == [a["name"] for a in default_service_catalogue()]
    assert [d.name for d in sm.list_dimensions(project)] == default_dimensions()
    assert sm.current_dimension_set(project) == "standard"
    byggesak = sm.list_services(project, _area_id(project, "Byggesak"))
    assert [s.position for s in byggesak] == list(range(len(byggesak)))
    big = next(s for s in byggesak if s.name == "Byggesøknad (12 ukers frist)")
    assert big.legal_deadline_days == 84 and big.deadline_text == "12 uker"


# -- areas -------------------------------------------------------------------------------------
def test_add_rename_move_and_delete_area_each_one_undo_step(project: Project) -> None:
    before = dump(project.path)
    aid = sm.add_area(project, "  Kultur   og  idrett ", position=1)
    assert [a.name for a in sm.list_areas(project)][:3] == [
        "Plan og areal",
        "Kultur og idrett",
        "Byggesak",
    ]
    assert [a.position for a in sm.list_areas(project)] == list(range(11))
    _undo_redo_round_trip(project, before)

    before = dump(project.path)
    sm.rename_area(project, aid, "Kultur, idrett og frivillighet")
    _undo_redo_round_trip(project, before)

    before = dump(project.path)
    sm.move_area(project, aid, 99)  # clamped to the end
    assert sm.list_areas(project)[-1].id == aid
    _undo_redo_round_trip(project, before)

    sid = sm.add_service(project, aid, "Kulturmidler")
    project.take_last_change()
    assert sm.area_service_count(project, aid) == 1
    before = dump(project.path)
    sm.delete_area(project, aid)
    assert aid not in [a.id for a in sm.list_areas(project)]
    assert sid not in [s.id for s in sm.list_services(project)]
    assert [a.position for a in sm.list_areas(project)] == list(range(10))
    _undo_redo_round_trip(project, before)


def test_bad_names_write_nothing(project: Project) -> None:
    before = dump(project.path)
    aid = _area_id(project, "Byggesak")
    for call in (
        lambda: sm.add_area(project, "   "),
        lambda: sm.rename_area(project, aid, ""),
        lambda: sm.add_service(project, aid, "\t"),
        lambda: sm.add_service(project, aid, "x" * 201),
        lambda: sm.add_dimension(project, " "),
        lambda: sm.add_dimension(project, "faglig KOMPETANSE"),  # already there
        lambda: sm.rename_area(project, 99999, "Finnes ikke"),
    ):
        with pytest.raises(ValidationError):
            call()
    assert dump(project.path) == before
    assert project.take_last_change() is None


# -- services ---------------------------------------------------------------------------------
def test_update_service_stores_every_fact_and_undo_restores(project: Project) -> None:
    sid = _service_id(project, "Byggesøknad (12 ukers frist)")
    service = sm.get_service(project, sid)
    before = dump(project.path)
    sm.update_service(
        project,
        dataclasses.replace(
            service,
            unit=" Plan, bygg og oppmåling ",
            channels=(Channel.SKJEMA, Channel.SKRANKE),
            yearly_cases=60,
            median_days=24,
            legal_deadline_days=84,
            within_deadline_share=0.92,
            complaints=3,
            fees="Etter gebyrregulativ 2026",
            current_state="Restanser i perioder.\n",
        ),
    )
    stored = sm.get_service(project, sid)
    assert stored.unit == "Plan, bygg og oppmåling"
    assert stored.channels == (Channel.SKRANKE, Channel.SKJEMA)
    assert (stored.yearly_cases, stored.median_days, stored.within_deadline_share) == (
        60,
        24.0,
        0.92,
    )
    assert stored.current_state == "Restanser i perioder."
    change = project.take_last_change()
    assert change is not None and change.label == "Endre «Byggesøknad (12 ukers frist)»"
    undo_or_redo(project, change)
    assert dump(project.path) == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("yearly_cases", -1, "negativ"),
        ("complaints", -3, "negativ"),
        ("legal_deadline_days", -21, "negativ"),
        ("median_days", -0.5, "negativ"),
        ("median_days", 3651, "urimelig lang"),
        ("within_deadline_share", 1.01, "mellom 0 og 100"),
        ("within_deadline_share", -0.1, "mellom 0 og 100"),
        ("yearly_cases", 2.5, "helt tall"),
        ("name", "  ", "må ha et navn"),
    ],
)
def test_bad_service_facts_are_refused_in_norwegian(
    project: Project, field: str, value: object, message: str
) -> None:
    sid = _service_id(project, "Oppmåling")
    service = sm.get_service(project, sid)
    before = dump(project.path)
    with pytest.raises(ValidationError, match=message):
        sm.update_service(project, dataclasses.replace(service, **{field: value}))
    assert dump(project.path) == before


def test_unknown_contact_is_refused(project: Project) -> None:
    sid = _service_id(project, "Oppmåling")
    with pytest.raises(ValidationError, match="Kontaktpersonen"):
        sm.update_service(
            project, dataclasses.replace(sm.get_service(project, sid), contact_id=999)
        )


def test_move_service_up_down_and_across_areas(project: Project) -> None:
    plan = _area_id(project, "Plan og areal")
    bygg = _area_id(project, "Byggesak")
    names = lambda aid: [s.name for s in sm.list_services(project, aid)]  # noqa: E731
    first_bygg = names(bygg)[0]
    fid = _service_id(project, first_bygg)

    before = dump(project.path)
    sm.move_service(project, fid, +1)
    assert names(bygg)[:2] == ["Byggesøknad (12 ukers frist)", "Forhåndskonferanse"]
    _undo_redo_round_trip(project, before)

    # up from second to first, then past the top into the previous area (as its last)
    sm.move_service(project, fid, -1)
    project.take_last_change()
    assert names(bygg)[0] == first_bygg
    before = dump(project.path)
    sm.move_service(project, fid, -1)
    assert names(plan)[-1] == first_bygg and first_bygg not in names(bygg)
    assert [s.position for s in sm.list_services(project, plan)] == list(range(6))
    assert [s.position for s in sm.list_services(project, bygg)] == list(range(5))
    _undo_redo_round_trip(project, before)

    # down past the bottom of Plan og areal goes back to the top of Byggesak
    sm.move_service(project, fid, +1)
    project.take_last_change()
    assert names(bygg)[0] == first_bygg

    # the very first service in the map cannot go further up: no change, no undo step
    top = sm.list_services(project)[0]
    before = dump(project.path)
    sm.move_service(project, top.id or 0, -1)
    assert dump(project.path) == before and project.take_last_change() is None

    sid = _service_id(project, "Havn")
    before = dump(project.path)
    sm.move_service_to_area(project, sid, bygg, position=0)
    assert names(bygg)[0] == "Havn"
    tech = _area_id(project, "Teknisk og infrastruktur")
    assert [s.position for s in sm.list_services(project, tech)] == list(range(5))
    _undo_redo_round_trip(project, before)


def test_delete_service_takes_assessments_and_kpis_and_undo_brings_them_back(
    project: Project,
) -> None:
    sid = _service_id(project, "Ferdigattest")
    dim = sm.list_dimensions(project)[3]
    sm.set_assessment(project, sid, dim.id or 0, 2, "Tar for lang tid")
    sm.add_kpi(project, ServiceKpi(sid, "Restanse", 4, "saker", date(2026, 1, 2)))
    sm.update_service(project, dataclasses.replace(sm.get_service(project, sid), current_state="X"))
    project.take_last_change()
    assert sm.service_usage(project, sid) == [
        "1 vurdering",
        "1 nøkkeltall",
        "beskrivelsen av nå-situasjonen",
    ]
    before = dump(project.path)
    sm.delete_service(project, sid)
    assert sid not in [s.id for s in sm.list_services(project)]
    assert sm.list_kpis(project, sid) == []
    change = project.take_last_change()
    assert change is not None
    undo_or_redo(project, change)
    assert dump(project.path) == before
    assert sm.list_assessments(project, sid)[3].score == 2
    assert sm.list_kpis(project, sid)[0].name == "Restanse"


# -- dimensions -----------------------------------------------------------------------------
def test_dimension_crud_and_reorder(project: Project) -> None:
    before = dump(project.path)
    did = sm.add_dimension(project, "Tilgjengelighet")
    assert sm.list_dimensions(project)[-1].name == "Tilgjengelighet"
    assert sm.current_dimension_set(project) is None
    _undo_redo_round_trip(project, before)

    before = dump(project.path)
    sm.move_dimension(project, did, 0)
    assert [d.name for d in sm.list_dimensions(project)][:2] == [
        "Tilgjengelighet",
        "Informasjon og veiledning om regler og prosedyrer",
    ]
    _undo_redo_round_trip(project, before)

    before = dump(project.path)
    sm.rename_dimension(project, did, "Åpningstider og tilgjengelighet")
    _undo_redo_round_trip(project, before)
    with pytest.raises(ValidationError, match="finnes allerede"):
        sm.rename_dimension(project, did, "Saksbehandlingstid")

    sid = _service_id(project, "Telefon")
    sm.set_assessment(project, sid, did, 4)
    project.take_last_change()
    assert sm.dimension_assessment_count(project, [did]) == 1
    before = dump(project.path)
    sm.delete_dimension(project, did)
    assert [d.position for d in sm.list_dimensions(project)] == list(range(7))
    assert len(sm.list_assessments(project, sid)) == 7
    _undo_redo_round_trip(project, before)


def test_switching_to_the_skr_set_is_one_step_and_keeps_what_it_can(project: Project) -> None:
    sid = _service_id(project, "Servicetorg")
    dims = {d.name: d.id or 0 for d in sm.list_dimensions(project)}
    sm.set_assessment(project, sid, dims["Faglig kompetanse"], 4)
    sm.set_assessment(project, sid, dims["Saksbehandlingstid"], 2, "Lang kø")
    # a dimension that is in both sets (same name, other case) keeps its assessment
    kid = sm.add_dimension(project, "kompetanse")
    sm.set_assessment(project, sid, kid, 5)
    project.take_last_change()
    assert sm.dimension_set_loss(project, "skr") == 2
    before = dump(project.path)
    sm.use_dimension_set(project, "skr")
    names = [d.name for d in sm.list_dimensions(project)]
    assert names == [
        "Informasjon",
        "Tilgjengelighet",
        "Bemøtning",
        "Kompetanse",
        "Rettssikkerhet",
        "Effektivitet",
    ]
    assert sm.current_dimension_set(project) == "skr"
    kept = {a.dimension_id: a.score for a in sm.list_assessments(project, sid)}
    assert kept[kid] == 5 and sum(1 for v in kept.values() if v is not None) == 1
    change = project.take_last_change()
    assert change is not None and "SKR" in change.label
    redo = undo_or_redo(project, change)
    assert dump(project.path) == before
    undo_or_redo(project, redo)
    assert sm.current_dimension_set(project) == "skr"

    sm.use_dimension_set(project, "standard")
    assert [d.name for d in sm.list_dimensions(project)] == default_dimensions()
    with pytest.raises(ValidationError, match="Ukjent dimensjonssett"):
        sm.use_dimension_set(project, "finnes-ikke")


# -- assessments ----------------------------------------------------------------------------
def test_set_assessment_stores_changes_and_clears(project: Project) -> None:
    sid = _service_id(project, "Næringsfond")
    did = sm.list_dimensions(project)[0].id or 0
    before = dump(project.path)
    sm.set_assessment(project, sid, did, 2, "  Uklare retningslinjer ")
    a = sm.list_assessments(project, sid)[0]
    assert (a.score, a.note) == (2, "Uklare retningslinjer")
    _undo_redo_round_trip(project, before)

    before = dump(project.path)
    sm.set_assessment(project, sid, did, None, "Ikke vurdert ennå")
    assert sm.list_assessments(project, sid)[0].score is None
    _undo_redo_round_trip(project, before)

    # unknown without a note removes the row: nothing left in the file
    sm.set_assessment(project, sid, did, None, "")
    project.take_last_change()
    assert "service_assessment" not in "".join(dump(project.path))

    for bad in (0, 6, -1, True):
        with pytest.raises(ValidationError, match="fra 1 til 5"):
            sm.set_assessment(project, sid, did, bad)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="finnes ikke"):
        sm.set_assessment(project, sid, 9999, 3)


# -- KPIs -------------------------------------------------------------------------------------
def test_kpi_crud_and_validation(project: Project) -> None:
    sid = _service_id(project, "Telefon")
    before = dump(project.path)
    kid = sm.add_kpi(
        project, ServiceKpi(sid, " Andel besvart innen ett minutt ", 71, "%", date(2026, 2, 1))
    )
    assert sm.list_kpis(project, sid) == [
        ServiceKpi(sid, "Andel besvart innen ett minutt", 71.0, "%", date(2026, 2, 1), "", kid)
    ]
    _undo_redo_round_trip(project, before)

    before = dump(project.path)
    sm.update_kpi(
        project, ServiceKpi(sid, "Andel besvart innen ett minutt", 75, "%", None, "Ny måling", kid)
    )
    assert sm.list_kpis(project, sid)[0].value == 75
    _undo_redo_round_trip(project, before)

    before = dump(project.path)
    with pytest.raises(ValidationError):
        sm.add_kpi(project, ServiceKpi(sid, "  "))
    with pytest.raises(ValidationError):
        sm.add_kpi(project, ServiceKpi(sid, "Verdi", float("nan")))
    with pytest.raises(ValidationError, match="Tjenesten finnes ikke"):
        sm.add_kpi(project, ServiceKpi(99999, "Verdi", 1))
    assert dump(project.path) == before

    sm.delete_kpi(project, kid)
    _undo_redo_round_trip(project, before)


# -- the matrix --------------------------------------------------------------------------------
def test_matrix_holds_services_in_map_order_with_scores_and_kpi_columns(project: Project) -> None:
    bygg = _area_id(project, "Byggesak")
    sid = _service_id(project, "Byggesøknad (12 ukers frist)")
    dims = sm.list_dimensions(project)
    sm.set_assessment(project, sid, dims[3].id or 0, 2)
    sm.set_assessment(project, sid, dims[0].id or 0, 4, "ok")
    sm.add_kpi(project, ServiceKpi(sid, "Restanse", 11, "saker"))
    sm.move_area(project, bygg, 0)
    m = sm.service_matrix(project)
    assert m.services[0].area_id == bygg
    assert [s.name for s in m.services] == [s.name for s in sm.list_services(project)]
    assert m.score(sid, dims[3].id or 0) == 2 and m.score(sid, dims[1].id or 0) is None
    assert m.note(sid, dims[0].id or 0) == "ok"
    assert m.kpi_names == ("Restanse",)
    kpi = m.kpi(sid, "Restanse")
    assert kpi is not None and kpi.value == 11
    assert m.has_weak_point(sid)
    assert [(s.id, d.id, sc) for s, d, sc in m.weak_points()] == [(sid, dims[3].id, 2)]
    assert m.area_name(bygg) == "Byggesak"


# -- the demo ---------------------------------------------------------------------------------
def test_demo_fill_is_realistic_for_kafjord(tmp_path: Path) -> None:
    project = create_demo(tmp_path / "demo.nvk", today=date(2026, 3, 2))
    try:
        m = sm.service_matrix(project)
        byggesak = next(s for s in m.services if s.name == "Byggesøknad (12 ukers frist)")
        assert (byggesak.yearly_cases, byggesak.median_days, byggesak.within_deadline_share) == (
            60,
            24.0,
            0.92,
        )
        assert byggesak.unit == "Plan, bygg og oppmåling"
        assert m.contact_name(byggesak) == "Solveig Nilsen"
        dims = {d.name: d.id or 0 for d in m.dimensions}
        assert m.score(byggesak.id or 0, dims["Saksbehandlingstid"]) == 2
        assert (
            m.score(byggesak.id or 0, dims["Informasjon og veiledning om regler og prosedyrer"])
            == 2
        )
        assessed = [s for s in m.services if any(m.score(s.id or 0, d) for d in dims.values())]
        assert len(assessed) >= 0.7 * len(m.services)
        assert any(m.score(s.id or 0, d) is None for s in assessed for d in dims.values())
        assert len(m.weak_points()) >= 4
        assert len(m.kpi_names) >= 4
        assert sum(1 for s in m.services if s.current_state) >= 8
        assert all(s.unit for s in m.services)
    finally:
        project.close()


def test_large_demo_has_300_services_and_the_matrix_is_fast(tmp_path: Path) -> None:
    project = create_demo(tmp_path / "stor.nvk", size="large", today=date(2026, 3, 2))
    try:
        m = sm.service_matrix(project)
        assert len(m.services) == 300
        scores = [a.score for a in m.scores.values()]
        assert set(scores) >= {1, 2, 3, 4, 5}
        for area in m.areas:
            positions = [s.position for s in m.services if s.area_id == area.id]
            assert positions == list(range(len(positions)))
        timings = []
        for _ in range(5):
            t0 = time.perf_counter()
            sm.service_matrix(project)
            timings.append(time.perf_counter() - t0)
        assert sorted(timings)[2] < 0.1  # the median, well under 100 ms
    finally:
        project.close()
