"""Notes (interviews, document study, observations) with findings: every service
function, undo/redo, validation, the personal-data rule and the list's speed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event, select

from nvk_desktop.domain.notes import Finding, Note, NoteKind, default_personal_data
from nvk_desktop.errors import ValidationError
from nvk_desktop.services import demo_notes, notes
from nvk_desktop.services.demo import CORE_PEOPLE, create_demo
from nvk_desktop.services.project import Project, create_project, undo_or_redo
from nvk_desktop.store.models import PersonRow
from tests.unit.helpers import dump

TODAY = date(2026, 3, 2)


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    p = create_project(tmp_path / "p.nvk", "5540", "Næringsvennlig Kåfjord")
    yield p
    p.close()


def _tags(project: Project) -> tuple[dict[str, int], dict[str, int]]:
    choices = notes.tag_choices(project)
    return {a.name: a.id for a in choices.areas}, {s.name: s.id for s in choices.services}


def _interview(**kw: object) -> Note:
    base = Note(
        NoteKind.DYBDEINTERVJU,
        date(2026, 2, 20),
        "  Kristin Lyngmo, daglig leder ",
        "Fjordlaks Kåfjord AS",
        "Lang tekst om vann og avløp ved kaia.\n\n",
    )
    return replace(base, **kw)  # type: ignore[arg-type]


# -- the personal-data rule ------------------------------------------------------------
def test_personal_data_rule_is_on_for_interviews_and_observations_off_for_documents() -> None:
    assert default_personal_data(NoteKind.DYBDEINTERVJU)
    assert default_personal_data(NoteKind.GRUPPEINTERVJU)
    assert default_personal_data(NoteKind.OBSERVASJON)
    assert not default_personal_data(NoteKind.DOKUMENTSTUDIE)


def test_add_note_applies_the_rule_only_when_the_caller_does_not_say(project: Project) -> None:
    ids = {
        kind: notes.add_note(project, Note(kind, TODAY, f"Emne {kind.value}")) for kind in NoteKind
    }
    stored = {kind: notes.get_note(project, i).personal_data for kind, i in ids.items()}
    assert stored == {
        NoteKind.DYBDEINTERVJU: True,
        NoteKind.GRUPPEINTERVJU: True,
        NoteKind.DOKUMENTSTUDIE: False,
        NoteKind.OBSERVASJON: True,
    }
    said_no = notes.add_note(project, _interview(personal_data=False))
    said_yes = notes.add_note(
        project, Note(NoteKind.DOKUMENTSTUDIE, TODAY, "Postliste", personal_data=True)
    )
    assert notes.get_note(project, said_no).personal_data is False
    assert notes.get_note(project, said_yes).personal_data is True


# -- notes -----------------------------------------------------------------------------
def test_add_get_and_undo_a_note_with_tags_and_findings(project: Project) -> None:
    areas, services = _tags(project)
    before = dump(project.path)
    nid = notes.add_note(
        project,
        _interview(
            area_ids=(areas["Plan og areal"], areas["Plan og areal"]),
            service_ids=(services["Vann og avløp"], services["Havn"]),
            findings=(Finding(" Uklart hvem som eier saken ", True), Finding("Hjelpsomme")),
        ),
    )
    change = project.take_last_change()
    assert change is not None and change.label.startswith("Nytt notat «Kristin Lyngmo")
    n = notes.get_note(project, nid)
    assert (n.subject, n.organisation, n.body) == (
        "Kristin Lyngmo, daglig leder",
        "Fjordlaks Kåfjord AS",
        "Lang tekst om vann og avløp ved kaia.",
    )
    assert n.area_ids == (areas["Plan og areal"],)
    assert set(n.service_ids) == {services["Vann og avløp"], services["Havn"]}
    assert [(f.text, f.is_candidate, f.position) for f in n.findings] == [
        ("Uklart hvem som eier saken", True, 0),
        ("Hjelpsomme", False, 1),
    ]
    after = dump(project.path)
    redo = undo_or_redo(project, change)
    assert dump(project.path) == before
    assert notes.list_notes(project) == []
    undo_or_redo(project, redo)
    assert dump(project.path) == after


@pytest.mark.parametrize(
    ("note", "message"),
    [
        (_interview(subject="   "), "hvem som ble intervjuet"),
        (Note(NoteKind.DOKUMENTSTUDIE, TODAY, ""), "hvilket dokument"),
        (Note(NoteKind.OBSERVASJON, TODAY, " "), "observerte"),
        (_interview(subject="x" * 301), "for lang"),
        (_interview(kind="intervju"), "Ukjent notattype"),
        (_interview(held_on=date(1850, 1, 1)), "Datoen"),
        (_interview(findings=(Finding("  "),)), "Funnet er tomt"),
        (_interview(area_ids=(99999,)), "områdene finnes ikke"),
        (_interview(service_ids=(99999,)), "tjenestene finnes ikke"),
    ],
)
def test_bad_notes_are_refused_in_norwegian_and_write_nothing(
    project: Project, note: Note, message: str
) -> None:
    before = dump(project.path)
    with pytest.raises(ValidationError, match=message):
        notes.add_note(project, note)
    assert dump(project.path) == before
    assert project.take_last_change() is None


def test_a_date_after_today_is_allowed(project: Project) -> None:
    nid = notes.add_note(project, _interview(held_on=date(2099, 1, 1)))
    assert notes.get_note(project, nid).held_on == date(2099, 1, 1)


def test_update_note_changes_fields_and_tags_in_one_step(project: Project) -> None:
    areas, services = _tags(project)
    nid = notes.add_note(project, _interview(area_ids=(areas["Byggesak"],)))
    project.take_last_change()
    before = dump(project.path)
    old = notes.get_note(project, nid)
    notes.update_note(
        project,
        replace(
            old,
            kind=NoteKind.GRUPPEINTERVJU,
            subject="Styret i næringsforeningen",
            personal_data=False,
            area_ids=(areas["Dialog og samarbeid"],),
            service_ids=(services["Næringsforum"],),
        ),
    )
    change = project.take_last_change()
    assert change is not None and change.label == "Endre notat «Styret i næringsforeningen»"
    n = notes.get_note(project, nid)
    assert (n.kind, n.subject, n.personal_data) == (
        NoteKind.GRUPPEINTERVJU,
        "Styret i næringsforeningen",
        False,
    )
    assert (n.area_ids, n.service_ids) == (
        (areas["Dialog og samarbeid"],),
        (services["Næringsforum"],),
    )
    undo_or_redo(project, change)
    assert dump(project.path) == before


def test_update_note_labels_say_what_changed_and_no_change_is_no_step(project: Project) -> None:
    areas, _ = _tags(project)
    nid = notes.add_note(project, _interview())
    project.take_last_change()
    n = notes.get_note(project, nid)
    notes.update_note(project, n)
    assert project.take_last_change() is None
    notes.update_note(project, replace(n, body="Ny tekst"))
    change = project.take_last_change()
    assert change is not None and change.label == "Endre tekst i «Kristin Lyngmo, daglig leder»"
    notes.update_note(project, replace(n, body="Ny tekst", area_ids=(areas["Byggesak"],)))
    change = project.take_last_change()
    assert change is not None and change.label.startswith("Endre stikkord for")
    # None keeps the stored flag
    notes.update_note(
        project, replace(n, personal_data=None, body="Ny tekst", area_ids=(areas["Byggesak"],))
    )
    assert notes.get_note(project, nid).personal_data is True
    assert project.take_last_change() is None


def test_update_note_refuses_bad_input_and_a_deleted_note(project: Project) -> None:
    nid = notes.add_note(project, _interview())
    n = notes.get_note(project, nid)
    with pytest.raises(ValidationError, match="hvem som ble intervjuet"):
        notes.update_note(project, replace(n, subject=""))
    notes.delete_note(project, nid)
    with pytest.raises(ValidationError, match="finnes ikke lenger"):
        notes.update_note(project, n)
    with pytest.raises(ValidationError, match="finnes ikke lenger"):
        notes.get_note(project, nid)


def test_set_note_tags_is_one_step(project: Project) -> None:
    areas, services = _tags(project)
    nid = notes.add_note(project, _interview())
    project.take_last_change()
    notes.set_note_tags(
        project, nid, [areas["Byggesak"]], [services["Ferdigattest"], services["Tilsyn"]]
    )
    change = project.take_last_change()
    assert change is not None and change.label == "Endre stikkord"
    n = notes.get_note(project, nid)
    assert n.area_ids == (areas["Byggesak"],) and len(n.service_ids) == 2
    undo_or_redo(project, change)
    n = notes.get_note(project, nid)
    assert (n.area_ids, n.service_ids) == ((), ())
    with pytest.raises(ValidationError):
        notes.set_note_tags(project, nid, [123456], [])


def test_delete_note_takes_findings_and_tags_and_undo_brings_them_back(project: Project) -> None:
    areas, _ = _tags(project)
    nid = notes.add_note(
        project,
        _interview(area_ids=(areas["Byggesak"],), findings=(Finding("A", True), Finding("B"))),
    )
    project.take_last_change()
    before = dump(project.path)
    notes.delete_note(project, nid)
    change = project.take_last_change()
    assert change is not None and change.label == "Slett notat"
    assert notes.list_notes(project) == [] and notes.list_candidates(project) == []
    undo_or_redo(project, change)
    assert dump(project.path) == before
    assert [c.finding.text for c in notes.list_candidates(project)] == ["A"]


# -- findings --------------------------------------------------------------------------
def test_findings_add_edit_move_candidate_delete_each_one_undo_step(project: Project) -> None:
    nid = notes.add_note(project, _interview())
    project.take_last_change()
    a = notes.add_finding(project, nid, "  Første  ")
    b = notes.add_finding(project, nid, "Andre", is_candidate=True)
    c = notes.add_finding(project, nid, "Tredje")
    project.take_last_change()

    def order() -> list[str]:
        return [f.text for f in notes.get_note(project, nid).findings]

    assert order() == ["Første", "Andre", "Tredje"]
    before = dump(project.path)
    assert notes.move_finding(project, c, -1)
    change = project.take_last_change()
    assert change is not None and change.label == "Flytt funn"
    assert order() == ["Første", "Tredje", "Andre"]
    undo_or_redo(project, change)
    assert dump(project.path) == before
    assert not notes.move_finding(project, a, -1)  # already first
    assert project.take_last_change() is None
    assert notes.move_finding(project, a, 5)  # clamps to the end
    assert order() == ["Andre", "Tredje", "Første"]

    notes.update_finding(project, b, " Andre, rettet ")
    assert project.take_last_change().label == "Endre funn"  # type: ignore[union-attr]
    notes.set_candidate(project, a, True)
    change = project.take_last_change()
    assert change is not None and change.label == "Merk som kandidat"
    assert {f.text for f in notes.get_note(project, nid).findings if f.is_candidate} == {
        "Andre, rettet",
        "Første",
    }
    undo_or_redo(project, change)
    assert [f.is_candidate for f in notes.get_note(project, nid).findings] == [True, False, False]
    notes.set_candidate(project, b, False)
    assert project.take_last_change().label == "Fjern kandidatmerke"  # type: ignore[union-attr]

    notes.delete_finding(project, c)
    change = project.take_last_change()
    assert change is not None and "Tredje" not in order()
    undo_or_redo(project, change)
    assert "Tredje" in order()


def test_finding_validation(project: Project) -> None:
    nid = notes.add_note(project, _interview())
    fid = notes.add_finding(project, nid, "Noe")
    project.take_last_change()
    before = dump(project.path)
    with pytest.raises(ValidationError, match="Funnet er tomt"):
        notes.add_finding(project, nid, "   ")
    with pytest.raises(ValidationError, match="Funnet er tomt"):
        notes.update_finding(project, fid, "")
    with pytest.raises(ValidationError, match="Notatet finnes ikke"):
        notes.add_finding(project, 4242, "Noe")
    for call in (
        lambda: notes.update_finding(project, 4242, "x"),
        lambda: notes.delete_finding(project, 4242),
        lambda: notes.set_candidate(project, 4242, True),
        lambda: notes.move_finding(project, 4242, 1),
    ):
        with pytest.raises(ValidationError, match="Funnet finnes ikke"):
            call()
    assert dump(project.path) == before


def test_list_candidates_across_notes_with_their_source(project: Project) -> None:
    old = notes.add_note(project, _interview(held_on=date(2026, 1, 5)))
    new = notes.add_note(
        project, Note(NoteKind.DOKUMENTSTUDIE, date(2026, 2, 1), "Strategisk næringsplan")
    )
    notes.add_finding(project, old, "Gammel kandidat", True)
    notes.add_finding(project, old, "Ikke kandidat")
    notes.add_finding(project, new, "Ny kandidat", True)
    got = notes.list_candidates(project)
    assert [(c.finding.text, c.subject, c.kind, c.held_on) for c in got] == [
        ("Ny kandidat", "Strategisk næringsplan", NoteKind.DOKUMENTSTUDIE, date(2026, 2, 1)),
        (
            "Gammel kandidat",
            "Kristin Lyngmo, daglig leder",
            NoteKind.DYBDEINTERVJU,
            date(2026, 1, 5),
        ),
    ]
    assert got[1].note_id == old and got[1].finding.note_id == old


# -- list, search and tag choices -------------------------------------------------------
def test_list_notes_rows_counts_and_tags(project: Project) -> None:
    areas, services = _tags(project)
    a = notes.add_note(project, _interview(held_on=date(2026, 1, 1)))
    b = notes.add_note(
        project,
        Note(
            NoteKind.DOKUMENTSTUDIE,
            date(2026, 2, 1),
            "Kommuneplanens arealdel",
            body="x" * 1000,
            area_ids=(areas["Plan og areal"],),
            service_ids=(services["Oppmåling"], services["Dispensasjoner"]),
            findings=(Finding("1", True), Finding("2"), Finding("3", True)),
        ),
    )
    c = notes.add_note(project, Note(NoteKind.OBSERVASJON, None, "Uten dato"))
    rows = notes.list_notes(project)
    assert [r.id for r in rows] == [b, a, c]  # newest first, undated last
    r = rows[0]
    assert (r.kind, r.personal_data, r.finding_count, r.candidate_count) == (
        NoteKind.DOKUMENTSTUDIE,
        False,
        3,
        2,
    )
    assert r.area_ids == (areas["Plan og areal"],)
    assert set(r.service_ids) == {services["Oppmåling"], services["Dispensasjoner"]}
    assert len(r.excerpt) == notes.EXCERPT_CHARS
    assert rows[1].area_ids == () and rows[1].finding_count == 0


def test_tag_choices_follow_the_service_map_order(project: Project) -> None:
    choices = notes.tag_choices(project)
    assert choices.areas[0].name == "Plan og areal"
    assert choices.services[0].name == "Kommuneplanens arealdel"
    assert choices.services[0].area_name == "Plan og areal"
    byggesak = next(a for a in choices.areas if a.name == "Byggesak")
    assert choices.area_name(byggesak.id) == "Byggesak"
    ferdig = next(s for s in choices.services if s.name == "Ferdigattest")
    assert ferdig.area_id == byggesak.id and choices.service(ferdig.id) == ferdig
    assert choices.service(-1) is None


def test_matching_note_ids_finds_words_in_text_and_findings_ignoring_case_and_accents(
    project: Project,
) -> None:
    a = notes.add_note(project, _interview(body="Søknaden om gravetillatelse tok lang tid."))
    b = notes.add_note(project, Note(NoteKind.DYBDEINTERVJU, TODAY, "Johan Sárá", "Gáivuona AS"))
    notes.add_finding(project, b, "Skilting langs E6 mangler")
    assert notes.matching_note_ids(project, "GRAVE") == {a}
    assert notes.matching_note_ids(project, "gaivuona") == {b}
    assert notes.matching_note_ids(project, "sara skilting") == {b}  # subject + finding
    assert notes.matching_note_ids(project, "fjordlaks søknaden") == {a}
    assert notes.matching_note_ids(project, "finnes-ikke") == set()
    assert notes.matching_note_ids(project, '  "*  ') == set()


def test_listing_2000_notes_is_one_query(tmp_path: Path) -> None:
    project = create_demo(tmp_path / "large.nvk", size="normal", today=TODAY)
    try:
        with project.unit_of_work("Notater") as s:
            people = {
                name: pid
                for pid, name in s.execute(select(PersonRow.id, PersonRow.name))
                if name in {p[0] for p in CORE_PEOPLE}
            }
            demo_notes.fill(s, "large", TODAY, people)
        project.take_last_change()
        statements: list[str] = []

        def count(_conn: object, _cursor: object, sql: str, *_a: object) -> None:
            if sql.lstrip().upper().startswith("SELECT"):
                statements.append(sql)

        event.listen(project.engine, "before_cursor_execute", count)
        try:
            rows = notes.list_notes(project)
        finally:
            event.remove(project.engine, "before_cursor_execute", count)
        assert len(rows) >= 2000
        assert len(statements) == 1
        assert sum(r.finding_count for r in rows) > 2000
    finally:
        project.close()


# -- the demo --------------------------------------------------------------------------
def test_demo_fill_gives_a_realistic_forstudie(tmp_path: Path) -> None:
    project = create_demo(tmp_path / "demo.nvk", today=TODAY)
    try:
        rows = notes.list_notes(project)
        kinds = [r.kind for r in rows]
        assert kinds.count(NoteKind.DYBDEINTERVJU) >= 4
        assert kinds.count(NoteKind.GRUPPEINTERVJU) >= 1
        assert 1 <= kinds.count(NoteKind.DOKUMENTSTUDIE) <= 2
        assert all(r.held_on is not None and r.held_on <= TODAY for r in rows)
        assert all(r.personal_data == (r.kind is not NoteKind.DOKUMENTSTUDIE) for r in rows)
        assert all(r.area_ids and r.service_ids and r.finding_count for r in rows)
        full = [notes.get_note(project, r.id) for r in rows]
        assert all(n.body.count("\n\n") >= 1 for n in full)  # several paragraphs
        candidates = notes.list_candidates(project)
        assert 5 <= len(candidates) < sum(r.finding_count for r in rows)
        assert any("Olderdalen" in n.body for n in full)
        assert notes.matching_note_ids(project, "næringsforening")
    finally:
        project.close()
