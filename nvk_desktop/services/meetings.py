"""Meetings (styringsgruppemøter and others) with participants, agenda, minutes and
the vedtak made in them; the vedtak together are the decision log that Oversikt lists
(issue 3, point 4). Every change is one unit of work, so one undo step.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nvk_desktop.domain.notes import (
    LoggedDecision,
    Meeting,
    MeetingDecision,
    MeetingKind,
    MeetingSummary,
    case_number,
    default_meeting_title,
)
from nvk_desktop.errors import ValidationError
from nvk_desktop.services.project import Project
from nvk_desktop.store.models import (
    MeetingDecisionRow,
    MeetingParticipantRow,
    MeetingRow,
    PersonRow,
)

TITLE_MAX = 200


# -- validation ------------------------------------------------------------------------
def validate_meeting(meeting: Meeting) -> Meeting:
    try:
        kind = MeetingKind(meeting.kind)
    except ValueError:
        raise ValidationError(f"Ukjent møtetype «{meeting.kind}».") from None
    title = meeting.title.strip()
    if not title:
        raise ValidationError("Møtet må ha en tittel.", "For eksempel «Styringsgruppemøte 2/2026».")
    if len(title) > TITLE_MAX:
        raise ValidationError(f"Tittelen er for lang (over {TITLE_MAX} tegn).")
    if meeting.held_on is not None and (
        not isinstance(meeting.held_on, date) or meeting.held_on.year < 1900
    ):
        raise ValidationError("Møtedatoen er ikke gyldig.", "Bruk formen dd.mm.åååå.")
    # A date ahead is fine: meetings are often entered when they are planned.
    return replace(
        meeting,
        kind=kind,
        title=title,
        place=meeting.place.strip(),
        agenda=meeting.agenda.rstrip(),
        minutes=meeting.minutes.rstrip(),
        participant_ids=tuple(dict.fromkeys(meeting.participant_ids)),
    )


def _decision_text(value: str) -> str:
    t = value.strip()
    if not t:
        raise ValidationError(
            "Vedtaket er tomt.", "Skriv hva møtet vedtok, for eksempel «Forstudien startes opp»."
        )
    return t


def _check_people(s: Session, person_ids: Sequence[int]) -> None:
    wanted = set(person_ids)
    if not wanted:
        return
    known = set(s.scalars(select(PersonRow.id).where(PersonRow.id.in_(wanted))))
    if wanted - known:
        raise ValidationError(
            "En av deltakerne finnes ikke lenger under Organisering.", "Velg deltakerne på nytt."
        )


def _get_meeting(s: Session, meeting_id: int) -> MeetingRow:
    row = s.get(MeetingRow, meeting_id)
    if row is None:
        raise ValidationError("Møtet finnes ikke lenger.")
    return row


def _get_decision(s: Session, decision_id: int) -> MeetingDecisionRow:
    row = s.get(MeetingDecisionRow, decision_id)
    if row is None:
        raise ValidationError("Vedtaket finnes ikke lenger.")
    return row


def _short(title: str) -> str:
    return title if len(title) <= 40 else title[:39].rstrip() + "…"


# -- reading ---------------------------------------------------------------------------
def list_meetings(project: Project) -> list[MeetingSummary]:
    """All meetings, newest first, with counts: one query."""
    m = MeetingRow.__table__.alias("m")
    participants = (
        select(func.count(MeetingParticipantRow.id))
        .where(MeetingParticipantRow.meeting_id == m.c.id)
        .scalar_subquery()
    )
    decisions = (
        select(func.count(MeetingDecisionRow.id))
        .where(MeetingDecisionRow.meeting_id == m.c.id)
        .scalar_subquery()
    )
    query = select(
        m.c.id, m.c.kind, m.c.title, m.c.held_on, m.c.place, participants, decisions
    ).order_by(m.c.held_on.desc().nulls_last(), m.c.id.desc())
    with project.read() as s:
        return [
            MeetingSummary(r[0], MeetingKind(r[1]), r[2], r[3], r[4], r[5], r[6])
            for r in s.execute(query).all()
        ]


def _decision(row: MeetingDecisionRow) -> MeetingDecision:
    return MeetingDecision(row.text, row.case_number, row.position, row.id, row.meeting_id)


def get_meeting(project: Project, meeting_id: int) -> Meeting:
    with project.read() as s:
        row = _get_meeting(s, meeting_id)
        people = s.scalars(
            select(MeetingParticipantRow.person_id)
            .where(MeetingParticipantRow.meeting_id == meeting_id)
            .order_by(MeetingParticipantRow.id)
        ).all()
        decisions = s.scalars(
            select(MeetingDecisionRow)
            .where(MeetingDecisionRow.meeting_id == meeting_id)
            .order_by(MeetingDecisionRow.position, MeetingDecisionRow.id)
        ).all()
        return Meeting(
            kind=MeetingKind(row.kind),
            title=row.title,
            held_on=row.held_on,
            place=row.place,
            agenda=row.agenda,
            minutes=row.minutes,
            participant_ids=tuple(people),
            decisions=tuple(_decision(d) for d in decisions),
            id=row.id,
        )


def list_decisions(project: Project) -> list[LoggedDecision]:
    """The decision log: every vedtak, newest meeting first, in the meeting's order."""
    query = (
        select(MeetingDecisionRow, MeetingRow.title, MeetingRow.kind, MeetingRow.held_on)
        .join(MeetingRow, MeetingRow.id == MeetingDecisionRow.meeting_id)
        .order_by(
            MeetingRow.held_on.desc().nulls_last(),
            MeetingRow.id.desc(),
            MeetingDecisionRow.position,
            MeetingDecisionRow.id,
        )
    )
    with project.read() as s:
        return [
            LoggedDecision(_decision(d), d.meeting_id, title, MeetingKind(kind), held_on)
            for d, title, kind, held_on in s.execute(query).all()
        ]


def suggest_title(project: Project, kind: MeetingKind, held_on: date | None) -> str:
    """ "Styringsgruppemøte 2/2026": the next number for this kind in that year."""
    kind = MeetingKind(kind)
    year = (held_on or date.today()).year
    with project.read() as s:
        dates = s.scalars(select(MeetingRow.held_on).where(MeetingRow.kind == kind.value)).all()
    return default_meeting_title(kind, sum(1 for d in dates if d and d.year == year) + 1, year)


_CASE = re.compile(r"(\d+)\s*/\s*(\d{2,4})")


def suggest_case_number(project: Project, held_on: date | None) -> str:
    """The next "Sak n/yy" of that year, counting every vedtak already numbered."""
    year = (held_on or date.today()).year
    with project.read() as s:
        numbers = s.scalars(select(MeetingDecisionRow.case_number)).all()
    highest = 0
    for value in numbers:
        m = _CASE.search(value or "")
        if m and int(m.group(2)) % 100 == year % 100:
            highest = max(highest, int(m.group(1)))
    return case_number(highest + 1, year)


# -- meetings --------------------------------------------------------------------------
def add_meeting(project: Project, meeting: Meeting) -> int:
    """Store a new meeting with its participants and vedtak; returns its id."""
    m = validate_meeting(meeting)
    decisions = [replace(d, text=_decision_text(d.text)) for d in m.decisions]
    with project.unit_of_work(f"Nytt møte «{_short(m.title)}»") as s:
        _check_people(s, m.participant_ids)
        row = MeetingRow(
            kind=m.kind.value,
            title=m.title,
            held_on=m.held_on,
            place=m.place,
            agenda=m.agenda,
            minutes=m.minutes,
        )
        s.add(row)
        s.flush()
        s.add_all(MeetingParticipantRow(meeting_id=row.id, person_id=p) for p in m.participant_ids)
        s.add_all(
            MeetingDecisionRow(
                meeting_id=row.id, position=i, case_number=d.case_number.strip(), text=d.text
            )
            for i, d in enumerate(decisions)
        )
        s.flush()
        return row.id


def update_meeting(project: Project, meeting: Meeting) -> None:
    """Change the meeting's kind, title, date, place, agenda and minutes (one step).
    Participants and vedtak have their own functions."""
    if meeting.id is None:
        raise ValueError("update_meeting needs a stored meeting")
    m = validate_meeting(meeting)
    with project.unit_of_work(f"Endre møte «{_short(m.title)}»") as s:
        row = _get_meeting(s, meeting.id)
        row.kind, row.title, row.held_on = m.kind.value, m.title, m.held_on
        row.place, row.agenda, row.minutes = m.place, m.agenda, m.minutes


def delete_meeting(project: Project, meeting_id: int) -> None:
    """Remove a meeting with its participants and vedtak (one undo step)."""
    with project.unit_of_work("Slett møte") as s:
        s.delete(_get_meeting(s, meeting_id))


def set_participants(project: Project, meeting_id: int, person_ids: Sequence[int]) -> None:
    """The meeting's participants become exactly these people (one step)."""
    wanted = list(dict.fromkeys(person_ids))
    with project.unit_of_work("Endre deltakere") as s:
        _get_meeting(s, meeting_id)
        _check_people(s, wanted)
        rows = s.scalars(
            select(MeetingParticipantRow).where(MeetingParticipantRow.meeting_id == meeting_id)
        ).all()
        have = {r.person_id: r for r in rows}
        for pid, r in have.items():
            if pid not in wanted:
                s.delete(r)
        for pid in wanted:
            if pid not in have:
                s.add(MeetingParticipantRow(meeting_id=meeting_id, person_id=pid))


# -- vedtak ----------------------------------------------------------------------------
def add_decision(project: Project, meeting_id: int, text: str, case_number: str = "") -> int:
    """Add a vedtak at the end of the meeting's list; returns its id."""
    t = _decision_text(text)
    with project.unit_of_work("Nytt vedtak") as s:
        _get_meeting(s, meeting_id)
        last = s.scalar(
            select(func.max(MeetingDecisionRow.position)).where(
                MeetingDecisionRow.meeting_id == meeting_id
            )
        )
        row = MeetingDecisionRow(
            meeting_id=meeting_id,
            position=0 if last is None else last + 1,
            case_number=case_number.strip(),
            text=t,
        )
        s.add(row)
        s.flush()
        return row.id


def update_decision(project: Project, decision_id: int, case_number: str, text: str) -> None:
    t = _decision_text(text)
    with project.unit_of_work("Endre vedtak") as s:
        row = _get_decision(s, decision_id)
        row.case_number, row.text = case_number.strip(), t


def delete_decision(project: Project, decision_id: int) -> None:
    with project.unit_of_work("Slett vedtak") as s:
        s.delete(_get_decision(s, decision_id))


def move_decision(project: Project, decision_id: int, delta: int) -> bool:
    """Move a vedtak ``delta`` places up (negative) or down. False if already at that end."""
    with project.read() as s:
        row = _get_decision(s, decision_id)
        order = list(
            s.scalars(
                select(MeetingDecisionRow.id)
                .where(MeetingDecisionRow.meeting_id == row.meeting_id)
                .order_by(MeetingDecisionRow.position, MeetingDecisionRow.id)
            )
        )
    i = order.index(decision_id)
    j = max(0, min(len(order) - 1, i + delta))
    if i == j:
        return False
    order.insert(j, order.pop(i))
    with project.unit_of_work("Flytt vedtak") as s:
        for position, did in enumerate(order):
            d = s.get_one(MeetingDecisionRow, did)
            if d.position != position:
                d.position = position
    return True
