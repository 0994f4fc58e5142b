"""Meetings with participants and vedtak, and the decision log."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from nvk_desktop.domain.enums import GroupKind
from nvk_desktop.domain.models import Person
from nvk_desktop.domain.notes import (
    Meeting,
    MeetingDecision,
    MeetingKind,
    case_number,
    default_meeting_title,
)
from nvk_desktop.errors import ValidationError
from nvk_desktop.services import meetings, people
from nvk_desktop.services.demo import create_demo
from nvk_desktop.services.demo_timeline import timeline
from nvk_desktop.services.project import Project, create_project, undo_or_redo
from tests.unit.helpers import dump

TODAY = date(2026, 3, 2)


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    p = create_project(tmp_path / "p.nvk", "5540", "Næringsvennlig Kåfjord")
    yield p
    p.close()


def _meeting(**kw: object) -> Meeting:
    base = Meeting(
        MeetingKind.STYRINGSGRUPPEMOTE,
        " Styringsgruppemøte 1/2026 ",
        date(2026, 2, 10),
        " Rådhuset ",
        "1. Prosjektplan\n",
        "Referat.\n\n",
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def test_title_and_case_number_formats() -> None:
    assert (
        default_meeting_title(MeetingKind.STYRINGSGRUPPEMOTE, 2, 2026)
        == "Styringsgruppemøte 2/2026"
    )
    assert default_meeting_title(MeetingKind.ANNET, 1, 2026) == "Annet møte 1/2026"
    assert case_number(3, 2026) == "Sak 3/26"
    assert case_number(12, 2007) == "Sak 12/07"


def test_add_meeting_with_participants_and_vedtak_and_undo(project: Project) -> None:
    a = people.add_person(project, Person("Randi Strømmen", "Kåfjord kommune"))
    b = people.add_person(project, Person("Áilu Hætta Sara", "Kåfjord kommune"))
    project.take_last_change()
    before = dump(project.path)
    mid = meetings.add_meeting(
        project,
        _meeting(
            participant_ids=(a, b, a),
            decisions=(
                MeetingDecision(
                    " Forstudien startes opp etter vedtatt prosjektplan ", " Sak 1/26 "
                ),
                MeetingDecision("Spørreundersøkelsen sendes ut uke 9", "Sak 2/26"),
            ),
        ),
    )
    change = project.take_last_change()
    assert change is not None and change.label == "Nytt møte «Styringsgruppemøte 1/2026»"
    m = meetings.get_meeting(project, mid)
    assert (m.title, m.place, m.agenda, m.minutes) == (
        "Styringsgruppemøte 1/2026",
        "Rådhuset",
        "1. Prosjektplan",
        "Referat.",
    )
    assert m.participant_ids == (a, b)
    assert [(d.case_number, d.text, d.position) for d in m.decisions] == [
        ("Sak 1/26", "Forstudien startes opp etter vedtatt prosjektplan", 0),
        ("Sak 2/26", "Spørreundersøkelsen sendes ut uke 9", 1),
    ]
    after = dump(project.path)
    redo = undo_or_redo(project, change)
    assert dump(project.path) == before
    undo_or_redo(project, redo)
    assert dump(project.path) == after


@pytest.mark.parametrize(
    ("meeting", "message"),
    [
        (_meeting(title="  "), "må ha en tittel"),
        (_meeting(title="x" * 201), "for lang"),
        (_meeting(kind="møte"), "Ukjent møtetype"),
        (_meeting(held_on=date(1800, 1, 1)), "Møtedatoen"),
        (_meeting(participant_ids=(4242,)), "deltakerne finnes ikke"),
        (_meeting(decisions=(MeetingDecision("  "),)), "Vedtaket er tomt"),
    ],
)
def test_bad_meetings_are_refused_and_write_nothing(
    project: Project, meeting: Meeting, message: str
) -> None:
    before = dump(project.path)
    with pytest.raises(ValidationError, match=message):
        meetings.add_meeting(project, meeting)
    assert dump(project.path) == before


def test_a_meeting_ahead_in_time_is_allowed(project: Project) -> None:
    mid = meetings.add_meeting(project, _meeting(held_on=date.today() + timedelta(days=400)))
    assert meetings.get_meeting(project, mid).held_on == date.today() + timedelta(days=400)


def test_update_and_delete_meeting(project: Project) -> None:
    p = people.add_person(project, Person("Eirik Olderdalen"))
    mid = meetings.add_meeting(
        project, _meeting(participant_ids=(p,), decisions=(MeetingDecision("Vedtak"),))
    )
    project.take_last_change()
    before = dump(project.path)
    m = meetings.get_meeting(project, mid)
    meetings.update_meeting(
        project, replace(m, kind=MeetingKind.ARBEIDSGRUPPEMOTE, title="Arbeidsmøte", minutes="Nytt")
    )
    change = project.take_last_change()
    assert change is not None and change.label == "Endre møte «Arbeidsmøte»"
    m2 = meetings.get_meeting(project, mid)
    assert (m2.kind, m2.title, m2.minutes) == (MeetingKind.ARBEIDSGRUPPEMOTE, "Arbeidsmøte", "Nytt")
    assert m2.participant_ids == (p,) and len(m2.decisions) == 1  # untouched
    undo_or_redo(project, change)
    assert dump(project.path) == before
    with pytest.raises(ValidationError, match="tittel"):
        meetings.update_meeting(project, replace(m, title=""))

    meetings.delete_meeting(project, mid)
    change = project.take_last_change()
    assert change is not None and change.label == "Slett møte"
    assert meetings.list_meetings(project) == [] and meetings.list_decisions(project) == []
    undo_or_redo(project, change)
    assert dump(project.path) == before
    meetings.delete_meeting(project, mid)
    with pytest.raises(ValidationError, match="Møtet finnes ikke"):
        meetings.get_meeting(project, mid)
    with pytest.raises(ValidationError, match="Møtet finnes ikke"):
        meetings.update_meeting(project, m)


def test_set_participants_is_one_step_and_checks_people(project: Project) -> None:
    a, b, c = (people.add_person(project, Person(n)) for n in ("Anne", "Bjørn", "Kari"))
    mid = meetings.add_meeting(project, _meeting(participant_ids=(a, b)))
    project.take_last_change()
    before = dump(project.path)
    meetings.set_participants(project, mid, [b, c, c])
    change = project.take_last_change()
    assert change is not None and change.label == "Endre deltakere"
    assert set(meetings.get_meeting(project, mid).participant_ids) == {b, c}
    undo_or_redo(project, change)
    assert dump(project.path) == before
    meetings.set_participants(project, mid, [a, b])
    assert project.take_last_change() is None  # nothing changed, no step
    with pytest.raises(ValidationError, match="deltakerne finnes ikke"):
        meetings.set_participants(project, mid, [a, 4242])
    assert dump(project.path) == before
    # removing a person from the project removes them from the meeting
    people.delete_person(project, a)
    assert meetings.get_meeting(project, mid).participant_ids == (b,)


def test_vedtak_add_edit_move_delete_each_one_undo_step(project: Project) -> None:
    mid = meetings.add_meeting(project, _meeting())
    d1 = meetings.add_decision(project, mid, " Første ", " Sak 1/26 ")
    d2 = meetings.add_decision(project, mid, "Andre")
    d3 = meetings.add_decision(project, mid, "Tredje", "Sak 3/26")
    project.take_last_change()

    def log() -> list[tuple[str, str]]:
        return [(d.case_number, d.text) for d in meetings.get_meeting(project, mid).decisions]

    assert log() == [("Sak 1/26", "Første"), ("", "Andre"), ("Sak 3/26", "Tredje")]
    before = dump(project.path)
    assert meetings.move_decision(project, d3, -2)
    change = project.take_last_change()
    assert change is not None and change.label == "Flytt vedtak"
    assert [t for _, t in log()] == ["Tredje", "Første", "Andre"]
    undo_or_redo(project, change)
    assert dump(project.path) == before
    assert not meetings.move_decision(project, d3, 1)
    assert project.take_last_change() is None

    meetings.update_decision(project, d2, "Sak 2/26", " Andre, rettet ")
    assert project.take_last_change().label == "Endre vedtak"  # type: ignore[union-attr]
    assert log()[1] == ("Sak 2/26", "Andre, rettet")
    meetings.delete_decision(project, d1)
    change = project.take_last_change()
    assert change is not None and change.label == "Slett vedtak"
    assert [t for _, t in log()] == ["Andre, rettet", "Tredje"]
    undo_or_redo(project, change)
    assert [t for _, t in log()] == ["Første", "Andre, rettet", "Tredje"]


def test_vedtak_validation(project: Project) -> None:
    mid = meetings.add_meeting(project, _meeting())
    did = meetings.add_decision(project, mid, "Noe")
    before = dump(project.path)
    with pytest.raises(ValidationError, match="Vedtaket er tomt"):
        meetings.add_decision(project, mid, "  ")
    with pytest.raises(ValidationError, match="Vedtaket er tomt"):
        meetings.update_decision(project, did, "Sak 1/26", "")
    with pytest.raises(ValidationError, match="Møtet finnes ikke"):
        meetings.add_decision(project, 4242, "Noe")
    for call in (
        lambda: meetings.update_decision(project, 4242, "", "x"),
        lambda: meetings.delete_decision(project, 4242),
        lambda: meetings.move_decision(project, 4242, 1),
    ):
        with pytest.raises(ValidationError, match="Vedtaket finnes ikke"):
            call()
    assert dump(project.path) == before


def test_list_meetings_and_the_decision_log_newest_first(project: Project) -> None:
    p = people.add_person(project, Person("Anne"))
    old = meetings.add_meeting(
        project,
        _meeting(
            title="Gammelt",
            held_on=date(2026, 1, 5),
            decisions=(MeetingDecision("G1", "Sak 1/26"), MeetingDecision("G2", "Sak 2/26")),
        ),
    )
    new = meetings.add_meeting(
        project,
        _meeting(
            kind=MeetingKind.OPPSTARTSMOTE,
            title="Nytt",
            held_on=date(2026, 2, 20),
            participant_ids=(p,),
            decisions=(MeetingDecision("N1", "Sak 3/26"),),
        ),
    )
    undated = meetings.add_meeting(project, _meeting(title="Uten dato", held_on=None))
    rows = meetings.list_meetings(project)
    assert [(r.id, r.decision_count, r.participant_count) for r in rows] == [
        (new, 1, 1),
        (old, 2, 0),
        (undated, 0, 0),
    ]
    assert rows[0].kind is MeetingKind.OPPSTARTSMOTE and rows[0].title == "Nytt"
    log = meetings.list_decisions(project)
    assert [(d.decision.text, d.meeting_title, d.held_on) for d in log] == [
        ("N1", "Nytt", date(2026, 2, 20)),
        ("G1", "Gammelt", date(2026, 1, 5)),
        ("G2", "Gammelt", date(2026, 1, 5)),
    ]
    assert log[0].meeting_id == new and log[0].meeting_kind is MeetingKind.OPPSTARTSMOTE


def test_suggested_title_and_case_number_count_that_year(project: Project) -> None:
    assert (
        meetings.suggest_title(project, MeetingKind.STYRINGSGRUPPEMOTE, date(2026, 5, 1))
        == "Styringsgruppemøte 1/2026"
    )
    assert meetings.suggest_case_number(project, date(2026, 5, 1)) == "Sak 1/26"
    meetings.add_meeting(
        project,
        _meeting(decisions=(MeetingDecision("A", "Sak 4/26"), MeetingDecision("B", "sak 2 / 26"))),
    )
    meetings.add_meeting(
        project, _meeting(held_on=date(2025, 11, 1), decisions=(MeetingDecision("C", "Sak 9/25"),))
    )
    assert (
        meetings.suggest_title(project, MeetingKind.STYRINGSGRUPPEMOTE, date(2026, 5, 1))
        == "Styringsgruppemøte 2/2026"
    )
    assert (
        meetings.suggest_title(project, MeetingKind.ARBEIDSGRUPPEMOTE, date(2026, 5, 1))
        == "Arbeidsgruppemøte 1/2026"
    )
    assert meetings.suggest_case_number(project, date(2026, 5, 1)) == "Sak 5/26"
    assert meetings.suggest_case_number(project, date(2025, 12, 1)) == "Sak 10/25"
    assert meetings.suggest_case_number(project, date(2027, 1, 1)) == "Sak 1/27"


def test_demo_meetings(tmp_path: Path) -> None:
    project = create_demo(tmp_path / "demo.nvk", today=TODAY)
    try:
        rows = meetings.list_meetings(project)
        styring = [r for r in rows if r.kind is MeetingKind.STYRINGSGRUPPEMOTE]
        # Two in the forstudie, the one that ended it, the handlingsplan's in the
        # forprosjekt and the latest statusrapport's in the hovedprosjekt.
        when = timeline(TODAY)
        assert sorted(r.held_on for r in styring if r.held_on) == [
            when.sg_prosjektplan,
            when.sg_survey,
            when.sg_forstudie,
            when.sg_plan,
            when.sg_status,
        ]
        assert any(r.kind is MeetingKind.OPPSTARTSMOTE for r in rows)
        assert all(2 <= r.decision_count <= 3 for r in styring)
        group = next(g for g in people.list_groups(project) if g.kind is GroupKind.STYRINGSGRUPPE)
        members = {m.person_id for m in group.members}
        for r in styring:
            m = meetings.get_meeting(project, r.id)
            assert set(m.participant_ids) == members
            assert m.agenda and m.minutes and m.place
            assert m.title.startswith("Styringsgruppemøte ")
        log = meetings.list_decisions(project)
        texts = " ".join(d.decision.text for d in log)
        assert "Forstudien startes opp etter vedtatt prosjektplan" in texts
        week = when.t0_open.isocalendar().week
        assert f"Spørreundersøkelsen sendes ut uke {week}," in texts  # the T0 survey's week
        assert (
            f"Resultatverksted med arbeidsgruppene holdes {when.resultatverksted:%d.%m.%Y}" in texts
        )
        assert "Handlingsplanen vedtas" in texts
        plan = next(r for r in styring if r.held_on == when.sg_plan)
        assert plan.title == f"Styringsgruppemøte 1/{when.sg_plan.year}"
        assert all(d.decision.case_number for d in log)
        assert len({(d.decision.case_number) for d in log}) == len(log)  # numbered per year
        first = min(log, key=lambda d: (d.held_on, d.decision.position))
        assert first.decision.case_number == f"Sak 1/{first.held_on.year % 100:02d}"  # type: ignore[union-attr]
        assert all(r.held_on and r.held_on <= TODAY for r in rows)
    finally:
        project.close()
