"""Phases, beslutningspunkter and milestones (DOMAIN.md §2)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from nvk_desktop.domain.enums import DecidedBy, Decision, Phase
from nvk_desktop.domain.models import DecisionPoint, Milestone
from nvk_desktop.errors import ValidationError
from nvk_desktop.services.project import Project, project_info
from nvk_desktop.store.models import DecisionPointRow, MilestoneRow, ProjectRow


def _decision(row: DecisionPointRow) -> DecisionPoint:
    return DecisionPoint(
        Phase(row.phase),
        Decision(row.decision),
        DecidedBy(row.decided_by),
        row.decided_on,
        row.case_number,
        row.note,
        row.id,
    )


def milestone_from_row(row: MilestoneRow) -> Milestone:
    return Milestone(Phase(row.phase), row.title, row.due_on, row.done_on, row.note, row.id)


def list_decision_points(project: Project) -> list[DecisionPoint]:
    with project.read() as s:
        rows = s.scalars(
            select(DecisionPointRow).order_by(DecisionPointRow.decided_on, DecisionPointRow.id)
        )
        return sorted((_decision(r) for r in rows), key=lambda d: (d.phase.order, d.decided_on))


def _validate_decision(d: DecisionPoint) -> DecisionPoint:
    if not isinstance(d.decided_on, date):
        raise ValidationError("Beslutningen må ha en dato.")
    return DecisionPoint(
        Phase(d.phase),
        Decision(d.decision),
        DecidedBy(d.decided_by),
        d.decided_on,
        d.case_number.strip(),
        d.note.strip(),
        d.id,
    )


def add_decision_point(
    project: Project, decision: DecisionPoint, *, advance_phase: bool = False
) -> int:
    """Record the decision that ends a phase.

    With ``advance_phase`` and a "videreføre" decision on the current phase, the
    project moves on to the next phase in the same undo step.
    """
    d = _validate_decision(decision)
    with project.unit_of_work(f"Beslutningspunkt etter {d.phase.label.lower()}") as s:
        row = DecisionPointRow(
            phase=d.phase.value,
            decision=d.decision.value,
            decided_by=d.decided_by.value,
            decided_on=d.decided_on,
            case_number=d.case_number,
            note=d.note,
        )
        s.add(row)
        if advance_phase and d.decision is Decision.VIDEREFORE:
            project_row = s.get_one(ProjectRow, 1)
            nxt = d.phase.next
            if project_row.current_phase == d.phase.value and nxt is not None:
                project_row.current_phase = nxt.value
        s.flush()
        return row.id


def update_decision_point(project: Project, decision: DecisionPoint) -> None:
    d = _validate_decision(decision)
    with project.unit_of_work("Endre beslutningspunkt") as s:
        row = s.get_one(DecisionPointRow, d.id)
        row.phase, row.decision, row.decided_by = (
            d.phase.value,
            d.decision.value,
            d.decided_by.value,
        )
        row.decided_on, row.case_number, row.note = d.decided_on, d.case_number, d.note


def delete_decision_point(project: Project, decision_id: int) -> None:
    with project.unit_of_work("Slett beslutningspunkt") as s:
        s.delete(s.get_one(DecisionPointRow, decision_id))


def list_milestones(project: Project) -> list[Milestone]:
    with project.read() as s:
        rows = s.scalars(select(MilestoneRow).order_by(MilestoneRow.id))
        ms = [milestone_from_row(r) for r in rows]
    return sorted(ms, key=lambda m: (m.phase.order, m.due_on or date.max, m.id or 0))


def _validate_milestone(m: Milestone) -> Milestone:
    title = m.title.strip()
    if not title:
        raise ValidationError("Milepælen må ha en tittel.")
    return Milestone(Phase(m.phase), title, m.due_on, m.done_on, m.note.strip(), m.id)


def add_milestone(project: Project, milestone: Milestone) -> int:
    m = _validate_milestone(milestone)
    with project.unit_of_work(f"Legg til milepæl «{m.title}»") as s:
        row = MilestoneRow(
            phase=m.phase.value, title=m.title, due_on=m.due_on, done_on=m.done_on, note=m.note
        )
        s.add(row)
        s.flush()
        return row.id


def update_milestone(project: Project, milestone: Milestone) -> None:
    m = _validate_milestone(milestone)
    with project.unit_of_work(f"Endre milepæl «{m.title}»") as s:
        row = s.get_one(MilestoneRow, m.id)
        row.phase, row.title, row.due_on, row.done_on, row.note = (
            m.phase.value,
            m.title,
            m.due_on,
            m.done_on,
            m.note,
        )


def delete_milestone(project: Project, milestone_id: int) -> None:
    with project.unit_of_work("Slett milepæl") as s:
        s.delete(s.get_one(MilestoneRow, milestone_id))


def phase_on(project: Project, day: date) -> Phase:
    """The phase the project was in on ``day``: the first phase before the current one
    whose closing "videreføre" decision came after that day, else the current phase.

    Documents about an event (a workshop held in the forstudie) name the phase of the
    event, not the phase the project has reached since."""
    current = project_info(project).current_phase
    closed = {
        d.phase: d.decided_on
        for d in list_decision_points(project)
        if d.decision is Decision.VIDEREFORE
    }
    for phase in Phase:
        if phase is current:
            return current
        decided = closed.get(phase)
        # A phase the project has left without a recorded decision counts as closed.
        if decided is not None and decided > day:
            return phase
    return current
