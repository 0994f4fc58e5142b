"""Workshops as services: capture, clustering, voting, gevinst/innsats, the demo, and
undo/redo of every step (issue 5, points 1, 2, 4, 5 and 9)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TypeVar

import pytest

from nvk_desktop.domain.enums import PersonCategory
from nvk_desktop.domain.models import Person
from nvk_desktop.domain.workshop import (
    HIGH_SCORE,
    AgendaStep,
    CardKind,
    LinkKind,
    Quadrant,
    Tally,
    VoteTally,
    Workshop,
    WorkshopKind,
    quadrant,
)
from nvk_desktop.errors import ValidationError
from nvk_desktop.services import people
from nvk_desktop.services import workshop_points as wp
from nvk_desktop.services import workshops as ws
from nvk_desktop.services.project import Project, create_project, undo_or_redo
from tests.unit.helpers import dump

K = CardKind
T = TypeVar("T")


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    p = create_project(tmp_path / "p.nvk", "5540", "Næringsvennlig Kåfjord")
    yield p
    p.close()


@pytest.fixture
def wid(project: Project) -> int:
    w = ws.create_workshop(
        project,
        Workshop(
            "Resultatverksted", WorkshopKind.RESULTATVERKSTED, date(2027, 1, 20), "Olderdalen"
        ),
    )
    project.take_last_change()
    return w


def one_step(project: Project, action: Callable[[], T]) -> T:
    """Run ``action``: it must be exactly one undo step, and undo/redo must restore
    the states before and after exactly."""
    project.take_last_change()
    before = dump(project.path)
    result = action()
    change = project.take_last_change()
    assert change is not None, "no undo step"
    after = dump(project.path)
    assert after != before
    redo = undo_or_redo(project, change)
    assert dump(project.path) == before
    undo_or_redo(project, redo)
    assert dump(project.path) == after
    return result


# -- workshops, participants, groups, agenda ---------------------------------------------
def test_create_workshop_with_default_agenda(project: Project) -> None:
    wid = one_step(project, lambda: ws.create_workshop(project, Workshop("  Verksted  ")))
    assert isinstance(wid, int)
    w = ws.get_workshop(project, wid)
    assert (w.name, w.kind, w.dot_budget, w.votes_revealed) == (
        "Verksted",
        WorkshopKind.RESULTATVERKSTED,
        5,
        False,
    )
    assert len(w.uid) == 36 and not w.is_group_file
    steps = ws.list_agenda(project, wid)
    prompts = {(s.area, s.prompt) for s in steps}
    for area_id, _name in ws.areas():
        assert (area_id, "Hva fungerer godt?") in prompts
        assert (area_id, "Hva kan bli bedre?") in prompts
    assert [s.position for s in steps] == list(range(len(steps)))


@pytest.mark.parametrize("kind", list(WorkshopKind))
def test_every_kind_has_a_sensible_default_agenda(kind: WorkshopKind) -> None:
    steps = ws.default_agenda(kind)
    assert len(steps) >= 4
    assert all(s.title and s.prompt and (s.minutes or 0) > 0 for s in steps)


def test_workshop_validation(project: Project, wid: int) -> None:
    with pytest.raises(ValidationError, match="må ha et navn"):
        ws.create_workshop(project, Workshop("   "))
    with pytest.raises(ValidationError, match="prikker"):
        ws.create_workshop(project, Workshop("X", dot_budget=0))
    with pytest.raises(ValidationError, match="finnes ikke lenger"):
        ws.get_workshop(project, 999)
    assert project.take_last_change() is None


def test_update_and_delete_workshop(project: Project, wid: int) -> None:
    pid = people.add_person(project, Person("Geir Isaksen", "Nordlys", PersonCategory.KONSULENT))
    w = ws.get_workshop(project, wid)
    from dataclasses import replace

    one_step(
        project,
        lambda: ws.update_workshop(
            project,
            replace(
                w,
                name="Tiltaksverksted",
                kind=WorkshopKind.TILTAKSVERKSTED,
                facilitator_id=pid,
                dot_budget=3,
            ),
        ),
    )
    w = ws.get_workshop(project, wid)
    assert (w.name, w.kind, w.facilitator_name, w.dot_budget) == (
        "Tiltaksverksted",
        WorkshopKind.TILTAKSVERKSTED,
        "Geir Isaksen",
        3,
    )
    g = ws.add_group(project, wid, "Gruppe 1")
    c = ws.add_card(project, wid, g, "Et innspill", None, K.FORSLAG)
    p = wp.create_point(project, wid, "Et punkt", [c])
    one_step(project, lambda: ws.delete_workshop(project, wid))
    assert ws.list_workshops(project) == []
    # The point outlives the workshop (measures may build on it).
    with project.read() as s:
        from nvk_desktop.store.models import ImprovementPointRow

        assert s.get_one(ImprovementPointRow, p).workshop_id is None


def test_lowering_the_budget_below_votes_cast_is_refused(project: Project, wid: int) -> None:
    part = ws.add_participant(project, wid, "Kari")
    point = wp.create_point(project, wid, "Punkt")
    wp.set_votes(project, wid, part, {point: 4})
    from dataclasses import replace

    with pytest.raises(ValidationError, match="brukt flere enn 3"):
        ws.update_workshop(project, replace(ws.get_workshop(project, wid), dot_budget=3))


def test_find_workshop_by_name_or_most_recent(project: Project, wid: int) -> None:
    later = ws.create_workshop(project, Workshop("Tiltaksverksted", held_on=date(2027, 5, 1)))
    assert ws.find_workshop(project).id == later
    assert ws.find_workshop(project, "  RESULTATVERKSTED ").id == wid
    with pytest.raises(ValidationError) as e:
        ws.find_workshop(project, "Ukjent")
    assert "«Resultatverksted»" in e.value.advice and "«Tiltaksverksted»" in e.value.advice


def test_participants_from_people_and_on_the_spot(project: Project, wid: int) -> None:
    a = people.add_person(project, Person("Marit Lyngseidet", "Lyngen Sjømat AS"))
    b = people.add_person(project, Person("Nils Karlsen", "Karlsen Bygg"))
    g = ws.add_group(project, wid, "Gruppe 1")
    ids = one_step(project, lambda: ws.add_participants(project, wid, [a, b, a], g))
    assert isinstance(ids, list) and len(ids) == 2
    assert ws.add_participants(project, wid, [a]) == []  # already there
    spot = one_step(project, lambda: ws.add_participant(project, wid, "Anders Lund", "Lund Rør AS"))
    parts = {p.name: p for p in ws.list_participants(project, wid)}
    assert parts["Marit Lyngseidet"].organisation == "Lyngen Sjømat AS"
    assert parts["Marit Lyngseidet"].group_id == g
    assert parts["Anders Lund"].person_id is None and parts["Anders Lund"].group_id is None
    one_step(project, lambda: ws.assign_participants(project, [spot], g))
    assert ws.list_groups(project, wid)[0].members == 3
    one_step(project, lambda: ws.remove_participant(project, spot))
    assert "Anders Lund" not in {p.name for p in ws.list_participants(project, wid)}
    with pytest.raises(ValidationError):
        ws.add_participant(project, wid, " ")
    with pytest.raises(ValidationError, match="finnes ikke lenger"):
        ws.add_participants(project, wid, [9999])


def test_groups_add_rename_reorder_delete(project: Project, wid: int) -> None:
    g1 = one_step(project, lambda: ws.add_group(project, wid, "Gruppe 1"))
    g2 = ws.add_group(project, wid, "Gruppe 2")
    assert isinstance(g1, int)
    with pytest.raises(ValidationError, match="finnes allerede"):
        ws.add_group(project, wid, "gruppe 1")
    one_step(project, lambda: ws.rename_group(project, g1, "Fjæra"))
    one_step(project, lambda: ws.move_group(project, g2, -1))
    assert [g.name for g in ws.list_groups(project, wid)] == ["Gruppe 2", "Fjæra"]
    assert ws.move_group(project, g2, -1) is False
    c = ws.add_card(project, wid, g1, "Kaia trenger strøm", "infrastruktur_planverk", K.FORSLAG)
    one_step(project, lambda: ws.delete_group(project, g1))
    card = ws.get_card(project, c)
    assert (card.text, card.group_id) == ("Kaia trenger strøm", None)  # the text is kept


def test_agenda_steps(project: Project) -> None:
    wid = ws.create_workshop(project, Workshop("Uten agenda"), with_agenda=False)
    a = one_step(
        project,
        lambda: ws.add_step(
            project, wid, AgendaStep("Byggesak", "Hva fungerer godt?", "byggesaker", 10)
        ),
    )
    b = ws.add_step(project, wid, AgendaStep("Pause", minutes=15))
    c = ws.add_step(project, wid, AgendaStep("Velkommen", minutes=5), at=0)
    assert [s.id for s in ws.list_agenda(project, wid)] == [c, a, b]
    step = ws.list_agenda(project, wid)[1]
    from dataclasses import replace

    one_step(
        project,
        lambda: ws.update_step(project, replace(step, prompt="Hva kan bli bedre?", minutes=12)),
    )
    assert ws.list_agenda(project, wid)[1].prompt == "Hva kan bli bedre?"
    one_step(project, lambda: ws.move_step(project, c, 5))
    assert [s.id for s in ws.list_agenda(project, wid)] == [a, b, c]
    one_step(project, lambda: ws.delete_step(project, b))
    assert [s.id for s in ws.list_agenda(project, wid)] == [a, c]
    with pytest.raises(ValidationError, match="Ukjent område"):
        ws.add_step(project, wid, AgendaStep("X", area="fiske"))
    with pytest.raises(ValidationError, match="minst 1 minutt"):
        ws.add_step(project, wid, AgendaStep("X", minutes=0))
    with pytest.raises(ValidationError, match="tittel"):
        ws.add_step(project, wid, AgendaStep(" "))


# -- capture ------------------------------------------------------------------------------
def test_capture_cards_keeps_order_and_is_one_step_each(project: Project, wid: int) -> None:
    g = ws.add_group(project, wid, "Gruppe 1")
    cid = one_step(
        project,
        lambda: ws.add_card(project, wid, g, "  Byggesøknader tar tid ", "byggesaker", K.SVAKHET),
    )
    second = ws.add_card(project, wid, g, "Servicetorget er godt", "service_informasjon", "styrke")
    third = ws.add_card(project, wid, None, "Hvem eier saken?", None, K.SPORSMAL)
    cards = ws.list_cards(project, wid)
    assert [c.id for c in cards] == [cid, second, third]
    assert [c.position for c in cards] == [0, 1, 2]
    first = cards[0]
    assert (first.text, first.area, first.kind, first.revision, first.base_revision) == (
        "Byggesøknader tar tid",
        "byggesaker",
        K.SVAKHET,
        1,
        0,
    )
    assert len(first.uid) == 36 and first.created_at == first.updated_at
    assert cards[2].group_id is None


def test_capture_refuses_bad_input_without_writing(project: Project, wid: int) -> None:
    other = ws.create_workshop(project, Workshop("Annet"))
    g_other = ws.add_group(project, other, "Gruppe X")
    project.take_last_change()
    before = dump(project.path)
    with pytest.raises(ValidationError, match="tomt"):
        ws.add_card(project, wid, None, "   ", None, K.STYRKE)
    with pytest.raises(ValidationError, match="Ukjent område"):
        ws.add_card(project, wid, None, "x", "fiske", K.STYRKE)
    with pytest.raises(ValueError):
        ws.add_card(project, wid, None, "x", None, "mulighet")
    with pytest.raises(ValidationError, match="finnes ikke lenger"):
        ws.add_card(project, wid, g_other, "x", None, K.STYRKE)  # another workshop's group
    with pytest.raises(ValidationError, match="finnes ikke lenger"):
        ws.add_card(project, 999, None, "x", None, K.STYRKE)
    with pytest.raises(ValidationError, match="for langt"):
        ws.add_card(project, wid, None, "x" * 2001, None, K.STYRKE)
    assert dump(project.path) == before
    assert project.take_last_change() is None


def test_add_card_is_fast(project: Project, wid: int) -> None:
    g = ws.add_group(project, wid, "Gruppe 1")
    started = time.perf_counter()
    for i in range(30):
        ws.add_card(project, wid, g, f"Innspill {i}", "byggesaker", K.FORSLAG)
    per_card = (time.perf_counter() - started) / 30
    assert per_card < 0.1, f"{per_card * 1000:.0f} ms per card"


def test_list_cards_of_two_thousand_in_one_query(project: Project, wid: int) -> None:
    from sqlalchemy import event

    from nvk_desktop.store.models import CardRow

    with project.unit_of_work("Mange") as s:
        s.add_all(
            CardRow(
                uid=f"u{i}",
                workshop_id=wid,
                group_id=None,
                position=i,
                text=f"Innspill nummer {i}",
                area=None,
                kind="forslag",
                duplicate_of_id=None if i % 10 else None,
                created_at="2027-01-20T10:00:00.000",
                updated_at="2027-01-20T10:00:00.000",
            )
            for i in range(2000)
        )
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(project.engine, "before_cursor_execute", count)
    try:
        started = time.perf_counter()
        cards = ws.list_cards(project, wid)
        seconds = time.perf_counter() - started
    finally:
        event.remove(project.engine, "before_cursor_execute", count)
    assert len(cards) == 2000
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
    assert seconds < 0.5


def test_update_card_bumps_revision(project: Project, wid: int) -> None:
    c = ws.add_card(project, wid, None, "Første", None, K.STYRKE)
    changed = one_step(
        project, lambda: ws.update_card(project, c, "Andre", "byggesaker", K.SVAKHET)
    )
    assert changed is True
    card = ws.get_card(project, c)
    assert (card.text, card.area, card.kind, card.revision) == ("Andre", "byggesaker", K.SVAKHET, 2)
    assert card.updated_at >= card.created_at
    project.take_last_change()
    assert ws.update_card(project, c, "Andre", "byggesaker", K.SVAKHET) is False
    assert project.take_last_change() is None  # nothing changed, no undo step
    one_step(project, lambda: ws.set_cards_area(project, [c], "dialog_samarbeid"))
    one_step(project, lambda: ws.set_cards_kind(project, [c], K.FORSLAG))
    card = ws.get_card(project, c)
    assert (card.area, card.kind, card.revision) == ("dialog_samarbeid", K.FORSLAG, 4)


def test_move_cards_between_groups(project: Project, wid: int) -> None:
    g1, g2 = ws.add_group(project, wid, "G1"), ws.add_group(project, wid, "G2")
    a = ws.add_card(project, wid, g1, "A", None, K.STYRKE)
    b = ws.add_card(project, wid, g1, "B", None, K.STYRKE)
    one_step(project, lambda: ws.move_cards(project, [a, b], g2))
    assert {c.group_id for c in ws.list_cards(project, wid)} == {g2}
    assert ws.get_card(project, a).revision == 1  # moving is not an edit of the text
    other = ws.create_workshop(project, Workshop("Annet"))
    g_other = ws.add_group(project, other, "X")
    with pytest.raises(ValidationError, match="annet verksted"):
        ws.move_cards(project, [a], g_other)


def test_merge_and_unmerge_duplicates(project: Project, wid: int) -> None:
    a = ws.add_card(project, wid, None, "Lang saksbehandling", "byggesaker", K.SVAKHET)
    b = ws.add_card(
        project, wid, None, "Saksbehandlingen tar for lang tid", "byggesaker", K.SVAKHET
    )
    c = ws.add_card(project, wid, None, "Byggesaker tar tid", "byggesaker", K.SVAKHET)
    one_step(project, lambda: ws.merge_duplicates(project, b, [c]))
    one_step(project, lambda: ws.merge_duplicates(project, a, [b]))  # c follows b to a
    cards = {x.id: x for x in ws.list_cards(project, wid)}
    assert cards[a].duplicates == 2 and cards[a].weight == 3
    assert cards[b].duplicate_of_id == a and cards[c].duplicate_of_id == a
    assert cards[b].text == "Saksbehandlingen tar for lang tid"  # the text is kept
    one_step(project, lambda: ws.unmerge_card(project, c))
    assert ws.get_card(project, a).duplicates == 1
    with pytest.raises(ValidationError, match="minst to"):
        ws.merge_duplicates(project, a, [a])
    with pytest.raises(ValidationError, match="ikke slått sammen"):
        ws.unmerge_card(project, c)


def test_delete_cards_frees_their_duplicates(project: Project, wid: int) -> None:
    a = ws.add_card(project, wid, None, "A", None, K.STYRKE)
    b = ws.add_card(project, wid, None, "A igjen", None, K.STYRKE)
    ws.merge_duplicates(project, a, [b])
    one_step(project, lambda: ws.delete_card(project, a))
    remaining = ws.list_cards(project, wid)
    assert [(c.id, c.duplicate_of_id) for c in remaining] == [(b, None)]
    with pytest.raises(ValidationError, match="finnes ikke lenger"):
        ws.delete_cards(project, [a])


# -- clustering --------------------------------------------------------------------------
@pytest.fixture
def cards(project: Project, wid: int) -> list[int]:
    g = ws.add_group(project, wid, "Gruppe 1")
    ids = [
        ws.add_card(project, wid, g, text, area, kind)
        for text, area, kind in (
            ("Byggesøknader tar for lang tid", "byggesaker", K.SVAKHET),
            ("Vi vet ikke når svaret kommer", "byggesaker", K.SVAKHET),
            ("Kvittering med frist", "byggesaker", K.FORSLAG),
            ("Én kontaktperson for næringslivet", "service_informasjon", K.FORSLAG),
            ("Blir sendt mellom avdelingene", "service_informasjon", K.SVAKHET),
        )
    ]
    project.take_last_change()
    return ids


def test_create_point_from_cards_takes_their_area(
    project: Project, wid: int, cards: list[int]
) -> None:
    pid = one_step(project, lambda: wp.create_point(project, wid, " Raskere byggesak ", cards[:3]))
    assert isinstance(pid, int)
    (point,) = wp.list_points(project, wid)
    assert (point.title, point.area, point.card_ids, point.tally) == (
        "Raskere byggesak",
        "byggesaker",
        tuple(cards[:3]),
        None,
    )
    mixed = wp.create_point(project, wid, "Blandet", [cards[2], cards[3]])
    assert wp.get_point(project, mixed).area is None  # no majority: general
    assert wp.get_point(project, pid).card_ids == tuple(cards[:2])  # card moved over
    with pytest.raises(ValidationError, match="tittel"):
        wp.create_point(project, wid, "  ")


def test_add_remove_split_merge_delete_points(project: Project, wid: int, cards: list[int]) -> None:
    a = wp.create_point(project, wid, "Byggesak", cards[:2])
    b = wp.create_point(project, wid, "Service", [cards[3]])
    one_step(project, lambda: wp.add_cards_to_point(project, a, [cards[2]]))
    assert wp.get_point(project, a).card_ids == tuple(cards[:3])
    one_step(project, lambda: wp.remove_cards_from_point(project, [cards[2]]))
    assert ws.get_card(project, cards[2]).point_id is None

    new = one_step(project, lambda: wp.split_point(project, a, [cards[1]], "Forutsigbarhet"))
    assert isinstance(new, int)
    points = wp.list_points(project, wid)
    assert [p.title for p in points] == ["Byggesak", "Forutsigbarhet", "Service"]
    assert points[1].card_ids == (cards[1],) and points[1].area == "byggesaker"
    with pytest.raises(ValidationError, match="ligger i punktet"):
        wp.split_point(project, a, [cards[3]], "Feil")

    part = ws.add_participant(project, wid, "Kari")
    wp.set_votes(project, wid, part, {a: 2, new: 1, b: 1})
    wp.set_score(project, new, 4, 2)
    one_step(project, lambda: wp.merge_points(project, a, [new]))
    merged = wp.get_point(project, a)
    assert set(merged.card_ids) == {cards[0], cards[1]}
    assert (merged.gain, merged.effort) == (4, 2)  # took the scores it lacked
    assert wp.participant_votes(project, wid)[0].votes == {a: 3, b: 1}  # dots added up

    one_step(
        project,
        lambda: wp.update_point(project, b, "Én dør inn", "Fast kontakt", "service_informasjon"),
    )
    assert wp.get_point(project, b).description == "Fast kontakt"
    one_step(project, lambda: wp.reorder_points(project, wid, [b, a]))
    assert [p.id for p in wp.list_points(project, wid)] == [b, a]
    one_step(project, lambda: wp.delete_point(project, b))
    assert ws.get_card(project, cards[3]).point_id is None  # back among the unclustered
    assert wp.participant_votes(project, wid)[0].votes == {a: 3}


def test_a_merged_duplicate_follows_its_card_into_a_point(
    project: Project, wid: int, cards: list[int]
) -> None:
    ws.merge_duplicates(project, cards[0], [cards[1]])
    pid = wp.create_point(project, wid, "Byggesak", [cards[0]])
    assert set(wp.get_point(project, pid).card_ids) == {cards[0], cards[1]}


def test_evidence_links(project: Project, wid: int) -> None:
    from nvk_desktop.domain.notes import Finding, Note, NoteKind
    from nvk_desktop.services import notes

    nid = notes.add_note(
        project,
        Note(
            NoteKind.DYBDEINTERVJU,
            date(2026, 10, 1),
            "Daglig leder",
            findings=(Finding("Uklart hvem som eier saken", is_candidate=True),),
        ),
    )
    finding_id = notes.get_note(project, nid).findings[0].id
    pid = wp.create_point(project, wid, "Én dør inn")
    choices = wp.evidence_choices(project)
    assert choices[0].kind is LinkKind.FINDING and choices[0].target_id == finding_id
    assert any(c.kind is LinkKind.SURVEY_AREA and c.key == "byggesaker" for c in choices)
    link = one_step(project, lambda: wp.link_evidence(project, pid, LinkKind.FINDING, finding_id))
    assert wp.link_evidence(project, pid, "finding", finding_id) == link  # no double link
    wp.link_evidence(project, pid, LinkKind.SURVEY_AREA, key="service_informasjon")
    wp.link_evidence(project, pid, LinkKind.NOTE, nid)
    labels = [(ln.kind, ln.label) for ln in wp.get_point(project, pid).links]
    assert labels == [
        (LinkKind.FINDING, "Uklart hvem som eier saken"),
        (LinkKind.SURVEY_AREA, "Service og informasjon"),
        (LinkKind.NOTE, "Daglig leder"),
    ]
    assert isinstance(link, int)
    one_step(project, lambda: wp.unlink_evidence(project, link))
    with pytest.raises(ValidationError, match="finnes ikke lenger"):
        wp.link_evidence(project, pid, LinkKind.FINDING, 999)
    with pytest.raises(ValidationError, match="Ukjent område"):
        wp.link_evidence(project, pid, LinkKind.SURVEY_AREA, key="fiske")
    with pytest.raises(ValidationError):
        wp.link_evidence(project, pid, LinkKind.SURVEY_ITEM)


# -- voting ------------------------------------------------------------------------------
@pytest.fixture
def voting(project: Project, wid: int) -> tuple[list[int], list[int]]:
    points = [wp.create_point(project, wid, f"Punkt {i}") for i in range(3)]
    parts = [ws.add_participant(project, wid, name) for name in ("Kari", "Ola", "Áilu")]
    project.take_last_change()
    return points, parts


def test_votes_within_the_budget(
    project: Project, wid: int, voting: tuple[list[int], list[int]]
) -> None:
    (p1, p2, p3), (kari, ola, ailu) = voting
    one_step(project, lambda: wp.set_votes(project, wid, kari, {p1: 3, p2: 2}))
    wp.set_votes(project, wid, ola, {p1: 5})
    wp.set_votes(project, wid, ailu, {p2: 1, p3: 0})
    before = dump(project.path)
    with pytest.raises(ValidationError) as e:
        wp.set_votes(project, wid, ailu, {p1: 4, p2: 2})
    assert e.value.message == "Áilu har bare 5 prikker, men 6 er fordelt."
    assert "Ta bort 1 prikk" in e.value.advice
    with pytest.raises(ValidationError, match="negativt"):
        wp.set_votes(project, wid, ailu, {p1: -1})
    other = ws.create_workshop(project, Workshop("Annet"))
    foreign = wp.create_point(project, other, "Fremmed")
    stranger = ws.add_participant(project, other, "Fremmed")
    project.take_last_change()
    before = dump(project.path)
    with pytest.raises(ValidationError, match="finnes ikke lenger"):
        wp.set_votes(project, wid, ailu, {foreign: 1})
    with pytest.raises(ValidationError, match="ikke med i dette verkstedet"):
        wp.set_votes(project, wid, stranger, {p1: 1})
    assert dump(project.path) == before

    one_step(project, lambda: wp.set_votes(project, wid, kari, {p3: 1}))  # replaces
    votes = {v.name: v.votes for v in wp.participant_votes(project, wid)}
    assert votes == {"Kari": {p3: 1}, "Ola": {p1: 5}, "Áilu": {p2: 1}}
    one_step(project, lambda: wp.clear_votes(project, wid, ola))
    assert {v.name: v.used for v in wp.participant_votes(project, wid)} == {
        "Kari": 1,
        "Ola": 0,
        "Áilu": 1,
    }


def test_tally_is_hidden_until_revealed_and_never_per_participant(
    project: Project, wid: int, voting: tuple[list[int], list[int]]
) -> None:
    (p1, p2, p3), (kari, ola, ailu) = voting
    wp.set_votes(project, wid, kari, {p1: 3, p2: 2})
    wp.set_votes(project, wid, ola, {p1: 1, p3: 4})
    hidden = wp.tally(project, wid)
    assert (
        hidden.revealed,
        hidden.points,
        hidden.voted,
        hidden.participants,
        hidden.dots_cast,
    ) == (
        False,
        (),
        2,
        3,
        10,
    )
    assert all(p.tally is None for p in wp.list_points(project, wid))

    one_step(project, lambda: wp.set_votes_revealed(project, wid, True))
    shown = wp.tally(project, wid)
    assert shown.revealed
    assert shown.points == (
        VoteTally(p1, "Punkt 0", 4, 2),
        VoteTally(p3, "Punkt 2", 4, 1),
        VoteTally(p2, "Punkt 1", 2, 1),
    )
    assert {p.id: p.dots for p in wp.list_points(project, wid)} == {p1: 4, p2: 2, p3: 4}
    # The projector's type carries no per-participant data at all.
    fields = set(Tally.__dataclass_fields__) | set(VoteTally.__dataclass_fields__)
    assert not fields & {"participant_id", "participant", "votes", "name", "names"}
    assert wp.tally(project, wid, include_hidden=True).points == shown.points
    wp.set_votes_revealed(project, wid, False)
    assert wp.tally(project, wid).points == ()
    assert wp.tally(project, wid, include_hidden=True).points == shown.points


# -- gevinst / innsats -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("gain", "effort", "expected"),
    [
        (5, 1, Quadrant.RASKE_GEVINSTER),
        (3, 2, Quadrant.RASKE_GEVINSTER),
        (3, 3, Quadrant.STRATEGISKE_TILTAK),
        (5, 5, Quadrant.STRATEGISKE_TILTAK),
        (2, 2, Quadrant.SMATILTAK),
        (1, 1, Quadrant.SMATILTAK),
        (2, 3, Quadrant.UNNGA),
        (1, 5, Quadrant.UNNGA),
        (None, 3, None),
        (4, None, None),
    ],
)
def test_quadrants_with_high_from_three(
    gain: int | None, effort: int | None, expected: Quadrant | None
) -> None:
    assert HIGH_SCORE == 3
    assert quadrant(gain, effort) is expected


def test_scores_and_prioritised_list(
    project: Project, wid: int, voting: tuple[list[int], list[int]]
) -> None:
    (p1, p2, p3), (kari, ola, _ailu) = voting
    one_step(project, lambda: wp.set_score(project, p1, 5, 1))
    wp.set_score(project, p2, 4, 4)
    wp.set_score(project, p3, 2, 5)
    assert wp.get_point(project, p1).quadrant is Quadrant.RASKE_GEVINSTER
    with pytest.raises(ValidationError, match="fra 1 til 5"):
        wp.set_score(project, p1, 6, 1)
    with pytest.raises(ValidationError, match="Innsats"):
        wp.set_score(project, p1, 3, 0)
    wp.set_votes(project, wid, kari, {p2: 3, p3: 2})
    wp.set_votes(project, wid, ola, {p1: 2, p3: 1})
    # Dots first (p2 3, p3 3, p1 2); equal dots by gevinst − innsats (p2 0 > p3 −3).
    assert [p.id for p in wp.prioritised(project, wid)] == [p2, p3, p1]
    wp.set_score(project, p2, None, None)
    assert [p.id for p in wp.prioritised(project, wid)] == [p3, p2, p1]  # unscored last


# -- the demo -------------------------------------------------------------------------------
def test_demo_workshop(tmp_path: Path) -> None:
    from sqlalchemy import select

    from nvk_desktop.services import demo_workshops
    from nvk_desktop.services.demo import create_demo
    from nvk_desktop.store.models import PersonRow

    today = date(2027, 3, 1)
    project = create_demo(tmp_path / "demo.nvk", today=today)
    try:
        if not ws.list_workshops(project):  # until the integrator wires it into demo.py
            with project.unit_of_work("Verksted") as s:
                ids = {n: i for n, i in s.execute(select(PersonRow.name, PersonRow.id))}
                demo_workshops.fill(s, "normal", today, ids)
        w = ws.find_workshop(project, demo_workshops.WORKSHOP_NAME)
        assert w.id is not None
        assert (w.kind, w.held_on, w.dot_budget, w.votes_revealed) == (
            WorkshopKind.RESULTATVERKSTED,
            date(2025, 11, 26),  # in the forstudie, after the T0 survey closed
            5,
            True,
        )
        from nvk_desktop.services.demo_timeline import timeline

        when = timeline(today)
        assert when.t0_close < w.held_on < when.forstudie_decision
        assert w.facilitator_name == "Geir Isaksen"
        groups = ws.list_groups(project, w.id)
        assert len(groups) == 4 and all(g.members >= 3 for g in groups)
        cards = ws.list_cards(project, w.id)
        assert 75 <= len(cards) <= 90
        assert {c.area for c in cards} >= {a for a, _ in ws.areas()}
        assert {c.kind for c in cards} == set(CardKind)
        assert sum(1 for c in cards if c.is_duplicate) >= 3
        points = wp.prioritised(project, w.id)
        assert len(points) == 10 and all(len(p.card_ids) >= 5 for p in points)
        assert {p.quadrant for p in points} == set(Quadrant)
        assert sum(1 for p in points if any(ln.kind is LinkKind.FINDING for ln in p.links)) >= 8
        for v in wp.participant_votes(project, w.id):
            assert 0 < v.used <= 5
        tally = wp.tally(project, w.id)
        assert tally.voted == tally.participants == 16
        assert points[0].dots >= points[-1].dots
    finally:
        project.close()
