"""Every change is one transaction and one undo step; undo/redo restore exact states."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest

from nvk_desktop.domain.enums import (
    DecidedBy,
    Decision,
    GroupKind,
    GroupRole,
    PersonCategory,
    Phase,
    PlanSection,
    Role,
)
from nvk_desktop.domain.models import DecisionPoint, Milestone, Person
from nvk_desktop.errors import ValidationError
from nvk_desktop.services import people, phases, plan
from nvk_desktop.services.project import (
    Project,
    create_project,
    key_figures,
    project_info,
    undo_or_redo,
)
from tests.unit.helpers import dump


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = create_project(tmp_path / "p.nvk", "4645", "Næringsvennlig Askvoll")
    yield p
    p.close()


def test_delete_person_undo_restores_roles_and_memberships(project: Project) -> None:
    pid = people.add_person(
        project, Person("Åse Ødegård 🙂", "Askvoll kommune", PersonCategory.ADMINISTRASJON)
    )
    styring = people.list_groups(project)[0]
    people.add_member(project, styring.id, pid, GroupRole.LEDER)
    people.assign_role(project, Role.PROSJEKTANSVARLIG, pid)
    project.take_last_change()
    before = dump(project.path)
    people.delete_person(project, pid)
    change = project.take_last_change()
    assert change is not None and change.label == "Fjern person"
    assert people.list_people(project) == []
    assert people.list_groups(project)[0].members == ()
    redo = undo_or_redo(project, change)
    assert dump(project.path) == before
    undo_or_redo(project, redo)
    assert people.list_roles(project) == []


def test_validation_errors_write_nothing(project: Project) -> None:
    before = dump(project.path)
    for bad in (Person("  "), Person("Ola", email="ola@"), Person("Ola", phone="ring meg")):
        with pytest.raises(ValidationError):
            people.add_person(project, bad)
    with pytest.raises(ValidationError):
        people.assign_role(project, Role.PROSJEKTLEDER, 1)
    with pytest.raises(ValidationError, match="allerede en styringsgruppe"):
        people.add_group(project, GroupKind.STYRINGSGRUPPE, "To")
    with pytest.raises(ValidationError, match="kan ikke slettes"):
        people.delete_group(project, people.list_groups(project)[0].id)
    with pytest.raises(ValidationError):
        phases.add_milestone(project, Milestone(Phase.FORSTUDIE, " "))
    assert dump(project.path) == before
    assert project.take_last_change() is None


def test_prosjektleder_is_one_person_per_phase_and_replacing_is_one_step(project: Project) -> None:
    a = people.add_person(project, Person("Konsulent A", category=PersonCategory.KONSULENT))
    b = people.add_person(project, Person("Intern B"))
    people.assign_role(project, Role.PROSJEKTLEDER, a, Phase.FORSTUDIE)
    people.assign_role(project, Role.PROSJEKTLEDER, b, Phase.FORPROSJEKT)
    people.assign_role(project, Role.PROSJEKTLEDER, b, Phase.FORSTUDIE)
    change = project.take_last_change()
    leaders = {(r.phase, r.person_id) for r in people.list_roles(project)}
    assert leaders == {(Phase.FORSTUDIE, b), (Phase.FORPROSJEKT, b)}
    undo_or_redo(project, change)
    leaders = {(r.phase, r.person_id) for r in people.list_roles(project)}
    assert leaders == {(Phase.FORSTUDIE, a), (Phase.FORPROSJEKT, b)}
    people.assign_role(project, Role.PROSJEKTMEDARBEIDER, a)
    with pytest.raises(ValidationError, match="allerede denne rollen"):
        people.assign_role(project, Role.PROSJEKTMEDARBEIDER, a)


def test_decision_that_advances_the_phase_is_one_undo_step(project: Project) -> None:
    d = DecisionPoint(
        Phase.FORSTUDIE, Decision.VIDEREFORE, DecidedBy.KOMMUNESTYRE, date(2026, 11, 20), "2026/77"
    )
    phases.add_decision_point(project, d, advance_phase=True)
    change = project.take_last_change()
    assert project_info(project).current_phase is Phase.FORPROSJEKT
    undo_or_redo(project, change)
    assert project_info(project).current_phase is Phase.FORSTUDIE
    assert phases.list_decision_points(project) == []
    # "justere" does not move on
    phases.add_decision_point(
        project,
        DecisionPoint(Phase.FORSTUDIE, Decision.JUSTERE, DecidedBy.RADMANN, date(2026, 11, 1)),
        advance_phase=True,
    )
    assert project_info(project).current_phase is Phase.FORSTUDIE


def test_key_figures_count_overdue_and_next_milestone(project: Project) -> None:
    today = date(2026, 11, 29)
    phases.add_milestone(project, Milestone(Phase.FORSTUDIE, "Gammel", date(2026, 11, 1)))
    phases.add_milestone(
        project, Milestone(Phase.FORSTUDIE, "Ferdig", date(2026, 10, 1), date(2026, 10, 2))
    )
    phases.add_milestone(project, Milestone(Phase.FORSTUDIE, "Neste", date(2026, 12, 5)))
    phases.add_milestone(project, Milestone(Phase.FORPROSJEKT, "Senere", date(2027, 3, 1)))
    kf = key_figures(project, today)
    assert (kf.milestones_total, kf.milestones_done, kf.milestones_overdue) == (4, 1, 1)
    assert kf.next_milestone is not None and kf.next_milestone.title == "Neste"
    assert kf.groups == 1 and kf.people == 0


def test_plan_text_unchanged_makes_no_step(project: Project) -> None:
    plan.set_plan_text(project, PlanSection.BAKGRUNN, "Første <b>utkast</b> & mer")
    assert project.take_last_change() is not None
    plan.set_plan_text(project, PlanSection.BAKGRUNN, "Første <b>utkast</b> & mer")
    assert project.take_last_change() is None
    assert plan.plan_texts(project)[PlanSection.BAKGRUNN] == "Første <b>utkast</b> & mer"


def test_random_changes_undo_to_the_start_and_redo_to_the_end(project: Project) -> None:
    """Fuzz: any sequence of service calls undoes and redoes exactly."""
    rng = random.Random(2026)
    states = [dump(project.path)]
    changes = []
    names = ["Åse", "Øystein", "Ærlig", "Áilu", "😀 Emoji", 'O\'Brien "Q"', "Hva? :navn %s ?1"]
    for _ in range(80):
        ids = [p.id for p in people.list_people(project)]
        groups = [g for g in people.list_groups(project)]
        op = rng.randrange(7)
        try:
            if op == 0 or not ids:
                people.add_person(project, Person(rng.choice(names), "Org; DROP TABLE person;--"))
            elif op == 1:
                people.delete_person(project, rng.choice(ids))
            elif op == 2:
                people.update_person(project, Person(rng.choice(names) + "x", id=rng.choice(ids)))
            elif op == 3:
                people.add_member(project, rng.choice(groups).id, rng.choice(ids))
            elif op == 4:
                people.add_group(project, GroupKind.ARBEIDSGRUPPE, f"Gruppe {rng.randrange(99)}")
            elif op == 5:
                deletable = [g for g in groups if g.kind is not GroupKind.STYRINGSGRUPPE]
                if deletable:
                    people.delete_group(project, rng.choice(deletable).id)
            else:
                people.assign_role(
                    project, rng.choice(list(Role)), rng.choice(ids), Phase.FORSTUDIE
                )
        except ValidationError:
            pass
        change = project.take_last_change()
        if change is not None:
            changes.append(change)
            states.append(dump(project.path))
    assert len(changes) > 40
    redo_stack = []
    for i in range(len(changes) - 1, -1, -1):
        redo_stack.append(undo_or_redo(project, changes[i]))
        assert dump(project.path) == states[i]
    for j, redo in enumerate(reversed(redo_stack)):
        undo_or_redo(project, redo)
        assert dump(project.path) == states[j + 1]


def test_batch_membership_is_one_step_and_all_or_nothing(project: Project) -> None:
    from sqlalchemy.exc import NoResultFound

    a = people.add_person(project, Person("A"))
    b = people.add_person(project, Person("B"))
    g = people.add_group(project, GroupKind.ARBEIDSGRUPPE, "Arbeidsgruppe byggesak")
    people.add_member(project, g, a)
    project.take_last_change()
    assert people.add_members(project, g, [a, b, b]) == 1  # a already in, b once
    change = project.take_last_change()
    undo_or_redo(project, change)
    assert [m.person_id for m in people.get_group(project, g).members] == [a]
    before = dump(project.path)
    with pytest.raises(NoResultFound):
        people.add_members(project, g, [b, 9999])  # an unknown person: nothing is added
    assert dump(project.path) == before
    people.assign_roles(project, Role.PROSJEKTMEDARBEIDER, [a, b])
    assert len(people.list_roles(project)) == 2
    with pytest.raises(ValidationError):
        people.assign_roles(project, Role.PROSJEKTANSVARLIG, [a, b])
    people.add_members(project, g, [b])
    people.remove_members(project, g, [a, b])
    assert people.get_group(project, g).members == ()


def test_norwegian_sorting_and_matching() -> None:
    from nvk_desktop.domain.kommuner import search_kommuner
    from nvk_desktop.domain.text import fold, sort_key

    names = ["Øystein", "Áilu", "Åse", "Zahl", "Ærlig", "anne", "Örjan", "Bjørn"]
    assert sorted(names, key=sort_key) == [
        "Áilu",
        "anne",
        "Bjørn",
        "Zahl",
        "Ærlig",
        "Örjan",
        "Øystein",
        "Åse",
    ]
    assert fold("Gáivuotna") == "gaivuotna" and fold("ÅSE") == "åse"
    assert [k.nummer for k in search_kommuner("gaivuotna")] == ["5540"]
    assert [k.nummer for k in search_kommuner("4645")] == ["4645"]
    assert search_kommuner("xyzzy") == []


def test_person_usage_names_checklist_items_services_and_meetings(project: Project) -> None:
    from sqlalchemy import select

    from nvk_desktop.store.models import (
        ChecklistItemRow,
        MeetingParticipantRow,
        MeetingRow,
        ServiceRow,
    )

    pid = people.add_person(project, Person("Åse Nilsen"))
    assert people.person_usage(project, pid) == []
    with project.unit_of_work("test") as s:
        item = s.scalars(select(ChecklistItemRow).order_by(ChecklistItemRow.id)).first()
        service = s.scalars(select(ServiceRow).where(ServiceRow.name == "Ferdigattest")).one()
        assert item is not None
        item.responsible_id = pid
        service.contact_id = pid
        meeting = MeetingRow(kind="styringsgruppemote", title="Styringsgruppemøte 1/2026")
        s.add(meeting)
        s.flush()
        s.add(MeetingParticipantRow(meeting_id=meeting.id, person_id=pid))
        title = item.title
    assert people.person_usage(project, pid) == [
        f"ansvarlig for sjekklistepunktet «{title}»",
        "kontaktperson for tjenesten «Ferdigattest»",
        "deltaker på møtet «Styringsgruppemøte 1/2026»",
    ]
    people.delete_person(project, pid)
    with project.read() as s:
        assert (
            s.scalars(select(ServiceRow.contact_id).where(ServiceRow.name == "Ferdigattest")).one()
            is None
        )
        assert s.scalars(select(MeetingParticipantRow)).all() == []


def test_phase_on_a_day_follows_the_videreføre_decisions(project: Project) -> None:
    # The fixture project is in the forstudie; add the forstudie's closing decision.
    phases.add_decision_point(
        project,
        DecisionPoint(
            Phase.FORSTUDIE, Decision.VIDEREFORE, DecidedBy.STYRINGSGRUPPE, date(2026, 3, 1)
        ),
        advance_phase=True,
    )
    phases.add_decision_point(
        project,
        DecisionPoint(
            Phase.FORPROSJEKT, Decision.JUSTERE, DecidedBy.STYRINGSGRUPPE, date(2026, 6, 1)
        ),
    )
    assert phases.phase_on(project, date(2026, 2, 28)) is Phase.FORSTUDIE
    assert phases.phase_on(project, date(2026, 3, 1)) is Phase.FORPROSJEKT
    assert (
        phases.phase_on(project, date(2026, 8, 1)) is Phase.FORPROSJEKT
    )  # "justere" does not close it
