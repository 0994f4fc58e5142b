"""Workshops: the workshop itself, its participants, working groups, agenda and the
cards the groups write (issue 5, points 1–2; DOMAIN.md §7).

Every function that changes something is one unit of work, so one undo step. Cards
are written for speed: ``add_card`` is one INSERT … SELECT that also checks the group
belongs to the workshop, and ``list_cards`` is one query however many cards there are.
Improvement points, votes and scores are in ``workshop_points``; group files in
``group_files``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import func, insert, literal, select, update
from sqlalchemy.orm import Session

from nvk_desktop.domain.text import fold
from nvk_desktop.domain.workshop import (
    CARD_MAX,
    MAX_DOT_BUDGET,
    NAME_MAX,
    AgendaStep,
    Card,
    CardKind,
    GroupFileInfo,
    Participant,
    Workshop,
    WorkshopGroup,
    WorkshopKind,
    WorkshopSummary,
)
from nvk_desktop.errors import ValidationError
from nvk_desktop.services.project import Project
from nvk_desktop.store.models import (
    AgendaStepRow,
    CardRow,
    ImprovementPointRow,
    PersonRow,
    WorkshopGroupRow,
    WorkshopParticipantRow,
    WorkshopRow,
)

GENERAL_AREA_NAME = "Generelt"
STEP_MAX_MINUTES = 24 * 60


def new_uid() -> str:
    return str(uuid.uuid4())


def now_iso() -> str:
    return datetime.now().isoformat(timespec="milliseconds")


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- areas -------------------------------------------------------------------------------
@cache
def _areas() -> tuple[tuple[str, str], ...]:
    from nvk_desktop.importers.itembank import load_item_bank

    return tuple((a.id, a.name) for a in load_item_bank().areas)


def areas() -> list[tuple[str, str]]:
    """The six NVK survey areas (id, Norwegian name), in item bank order. The GUI's
    Ctrl+1…6 follow this order; a card with area None is «Generelt»."""
    return list(_areas())


def area_name(area: str | None) -> str:
    if area is None:
        return GENERAL_AREA_NAME
    return dict(_areas()).get(area, area)


def check_area(area: str | None) -> str | None:
    if area is None or area == "":
        return None
    if area not in dict(_areas()):
        raise ValidationError(
            f"Ukjent område «{area}».",
            "Bruk et av områdene i undersøkelsen, eller ingen (Generelt).",
        )
    return area


def _check_name(name: str, what: str, example: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError(f"{what} må ha et navn.", f"For eksempel «{example}».")
    if len(name) > NAME_MAX:
        raise ValidationError(f"Navnet er for langt (over {NAME_MAX} tegn).")
    return name


def _check_card_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError("Innspillet er tomt.", "Skriv hva gruppen sa før du trykker Enter.")
    if len(text) > CARD_MAX:
        raise ValidationError(
            f"Innspillet er for langt (over {CARD_MAX} tegn).", "Del det i flere innspill."
        )
    return text


# -- rows -----------------------------------------------------------------------------
def _workshop_row(s: Session, workshop_id: int) -> WorkshopRow:
    row = s.get(WorkshopRow, workshop_id)
    if row is None:
        raise ValidationError("Verkstedet finnes ikke lenger.")
    return row


def _group_row(s: Session, group_id: int) -> WorkshopGroupRow:
    row = s.get(WorkshopGroupRow, group_id)
    if row is None:
        raise ValidationError("Gruppen finnes ikke lenger.")
    return row


def _card_row(s: Session, card_id: int) -> CardRow:
    row = s.get(CardRow, card_id)
    if row is None:
        raise ValidationError("Innspillet finnes ikke lenger.")
    return row


def _card_rows(s: Session, card_ids: Iterable[int]) -> list[CardRow]:
    ids = list(dict.fromkeys(card_ids))
    rows = s.scalars(select(CardRow).where(CardRow.id.in_(ids))).all() if ids else []
    if len(rows) != len(ids):
        raise ValidationError("Et av innspillene finnes ikke lenger.")
    by_id = {r.id: r for r in rows}
    return [by_id[i] for i in ids]


def _check_group_of(s: Session, workshop_id: int, group_id: int | None) -> None:
    if group_id is None:
        return
    if _group_row(s, group_id).workshop_id != workshop_id:
        raise ValidationError("Gruppen hører til et annet verksted.")


def workshop_of(row: WorkshopRow, facilitator_name: str = "") -> Workshop:
    return Workshop(
        name=row.name,
        kind=WorkshopKind(row.kind),
        held_on=row.held_on,
        place=row.place,
        facilitator_id=row.facilitator_id,
        dot_budget=row.dot_budget,
        note=row.note,
        votes_revealed=row.votes_revealed,
        id=row.id,
        uid=row.uid,
        group_file_group_uid=row.group_file_group_uid,
        facilitator_name=facilitator_name,
    )


# -- workshops ----------------------------------------------------------------------------
def _validate_workshop(w: Workshop) -> Workshop:
    name = _check_name(w.name, "Verkstedet", "Resultatverksted Olderdalen")
    if not isinstance(w.dot_budget, int) or not 1 <= w.dot_budget <= MAX_DOT_BUDGET:
        raise ValidationError(
            f"Antall prikker per deltaker må være mellom 1 og {MAX_DOT_BUDGET}.",
            "Vanlig er 3–5 prikker.",
        )
    if w.held_on is not None and not isinstance(w.held_on, date):
        raise ValidationError("Datoen er ugyldig.")
    return Workshop(
        name=name,
        kind=WorkshopKind(w.kind),
        held_on=w.held_on,
        place=" ".join(w.place.split()),
        facilitator_id=w.facilitator_id,
        dot_budget=w.dot_budget,
        note=w.note.strip(),
        votes_revealed=w.votes_revealed,
        id=w.id,
        uid=w.uid,
        group_file_group_uid=w.group_file_group_uid,
    )


def _check_person(s: Session, person_id: int | None) -> None:
    if person_id is not None and s.get(PersonRow, person_id) is None:
        raise ValidationError("Personen finnes ikke lenger i Organisering.")


def list_workshops(project: Project) -> list[WorkshopSummary]:
    """Every workshop with its counts, the most recent first (undated last)."""

    def count(col: Any) -> Any:
        return select(func.count()).where(col == WorkshopRow.id).scalar_subquery()

    query = select(
        WorkshopRow,
        count(WorkshopGroupRow.workshop_id),
        count(WorkshopParticipantRow.workshop_id),
        count(CardRow.workshop_id),
        count(ImprovementPointRow.workshop_id),
    ).order_by(WorkshopRow.held_on.desc().nulls_last(), WorkshopRow.id.desc())
    with project.read() as s:
        return [
            WorkshopSummary(r.id, r.name, WorkshopKind(r.kind), r.held_on, r.place, g, p, c, pts)
            for r, g, p, c, pts in s.execute(query).all()
        ]


def get_workshop(project: Project, workshop_id: int) -> Workshop:
    with project.read() as s:
        row = _workshop_row(s, workshop_id)
        name = ""
        if row.facilitator_id is not None:
            name = s.scalar(select(PersonRow.name).where(PersonRow.id == row.facilitator_id)) or ""
        return workshop_of(row, name)


def find_workshop(project: Project, name: str | None = None) -> Workshop:
    """The workshop called ``name`` (case and accents folded), or without a name the
    most recent one. Raises ValidationError listing the workshops there are."""
    summaries = list_workshops(project)
    if not summaries:
        raise ValidationError(
            "Prosjektet har ingen verksteder.", "Lag et verksted på siden Verksted først."
        )
    if name is None:
        return get_workshop(project, summaries[0].id)
    wanted = fold(" ".join(name.split()))
    for w in summaries:
        if fold(w.name) == wanted:
            return get_workshop(project, w.id)
    names = ", ".join(f"«{w.name}»" for w in summaries)
    raise ValidationError(f"Fant ikke verkstedet «{name}».", f"Verkstedene i prosjektet: {names}.")


def create_workshop(project: Project, workshop: Workshop, *, with_agenda: bool = True) -> int:
    """A new workshop; ``with_agenda`` gives it ``default_agenda(kind)``. One undo step."""
    w = _validate_workshop(workshop)
    with project.unit_of_work(f"Nytt verksted «{_short(w.name)}»") as s:
        _check_person(s, w.facilitator_id)
        row = WorkshopRow(
            uid=new_uid(),
            kind=w.kind.value,
            name=w.name,
            held_on=w.held_on,
            place=w.place,
            facilitator_id=w.facilitator_id,
            dot_budget=w.dot_budget,
            votes_revealed=False,
            note=w.note,
        )
        s.add(row)
        s.flush()
        if with_agenda:
            for i, step in enumerate(default_agenda(w.kind)):
                s.add(
                    AgendaStepRow(
                        workshop_id=row.id,
                        position=i,
                        title=step.title,
                        prompt=step.prompt,
                        area=step.area,
                        minutes=step.minutes,
                    )
                )
        return row.id


def update_workshop(project: Project, workshop: Workshop) -> None:
    """Change kind, name, date, place, facilitator, dot budget and note."""
    if workshop.id is None:
        raise ValueError("update_workshop needs a stored workshop")
    w = _validate_workshop(workshop)
    with project.unit_of_work(f"Endre verksted «{_short(w.name)}»") as s:
        row = _workshop_row(s, workshop.id)
        _check_person(s, w.facilitator_id)
        if w.dot_budget < row.dot_budget:
            from nvk_desktop.store.models import VoteRow

            over = s.execute(
                select(VoteRow.participant_id)
                .join(WorkshopParticipantRow, WorkshopParticipantRow.id == VoteRow.participant_id)
                .where(WorkshopParticipantRow.workshop_id == row.id)
                .group_by(VoteRow.participant_id)
                .having(func.sum(VoteRow.dots) > w.dot_budget)
            ).first()
            if over is not None:
                raise ValidationError(
                    f"Noen deltakere har allerede brukt flere enn {w.dot_budget} prikker.",
                    "Nullstill eller endre stemmene deres før du senker antallet.",
                )
        row.kind, row.name, row.held_on, row.place = w.kind.value, w.name, w.held_on, w.place
        row.facilitator_id, row.dot_budget, row.note = w.facilitator_id, w.dot_budget, w.note


def delete_workshop(project: Project, workshop_id: int) -> None:
    """Delete the workshop with its groups, cards, votes and agenda. Its improvement
    points stay (without a workshop), since measures may build on them."""
    with project.unit_of_work("Slett verksted") as s:
        row = _workshop_row(s, workshop_id)
        # Cards point at points and at each other; clear those first so the cascade
        # does not depend on the order SQLite deletes them in.
        s.execute(
            update(CardRow)
            .where(CardRow.workshop_id == workshop_id)
            .values(point_id=None, duplicate_of_id=None)
        )
        s.delete(row)


def group_file_info(project: Project) -> GroupFileInfo | None:
    """When the open project is a group file (exported for one group's secretary):
    its workshop and group. None for an ordinary project."""
    with project.read() as s:
        row = s.scalar(
            select(WorkshopRow).where(WorkshopRow.group_file_group_uid.is_not(None)).limit(1)
        )
        if row is None:
            return None
        group = s.scalar(
            select(WorkshopGroupRow).where(WorkshopGroupRow.uid == row.group_file_group_uid)
        )
        return GroupFileInfo(
            workshop_id=row.id,
            workshop_uid=row.uid,
            workshop_name=row.name,
            group_id=group.id if group else None,
            group_uid=row.group_file_group_uid or "",
            group_name=group.name if group else "",
        )


# -- participants -----------------------------------------------------------------------
def _participant(row: WorkshopParticipantRow) -> Participant:
    return Participant(
        row.id, row.workshop_id, row.name, row.organisation, row.person_id, row.group_id
    )


def list_participants(project: Project, workshop_id: int) -> list[Participant]:
    with project.read() as s:
        rows = s.scalars(
            select(WorkshopParticipantRow)
            .where(WorkshopParticipantRow.workshop_id == workshop_id)
            .order_by(WorkshopParticipantRow.name, WorkshopParticipantRow.id)
        )
        return [_participant(r) for r in rows]


def add_participants(
    project: Project, workshop_id: int, person_ids: Sequence[int], group_id: int | None = None
) -> list[int]:
    """Add people from Organisering (several at once, one undo step). People already
    taking part are skipped. Returns the new participant ids."""
    with project.unit_of_work("Legg til deltakere") as s:
        _workshop_row(s, workshop_id)
        _check_group_of(s, workshop_id, group_id)
        present = set(
            s.scalars(
                select(WorkshopParticipantRow.person_id).where(
                    WorkshopParticipantRow.workshop_id == workshop_id
                )
            )
        )
        wanted = [p for p in dict.fromkeys(person_ids) if p not in present]
        people = {r.id: r for r in s.scalars(select(PersonRow).where(PersonRow.id.in_(wanted)))}
        if len(people) != len(wanted):
            raise ValidationError("En av personene finnes ikke lenger i Organisering.")
        rows = [
            WorkshopParticipantRow(
                workshop_id=workshop_id,
                person_id=pid,
                name=people[pid].name,
                organisation=people[pid].organisation,
                group_id=group_id,
            )
            for pid in wanted
        ]
        s.add_all(rows)
        s.flush()
        return [r.id for r in rows]


def add_participant(
    project: Project,
    workshop_id: int,
    name: str,
    organisation: str = "",
    group_id: int | None = None,
) -> int:
    """Someone who came without being in Organisering: by name, on the spot."""
    name = _check_name(name, "Deltakeren", "Kari Nordmann")
    with project.unit_of_work(f"Legg til deltaker {_short(name)}") as s:
        _workshop_row(s, workshop_id)
        _check_group_of(s, workshop_id, group_id)
        row = WorkshopParticipantRow(
            workshop_id=workshop_id,
            person_id=None,
            name=name,
            organisation=" ".join(organisation.split()),
            group_id=group_id,
        )
        s.add(row)
        s.flush()
        return row.id


def update_participant(project: Project, participant_id: int, name: str, organisation: str) -> None:
    name = _check_name(name, "Deltakeren", "Kari Nordmann")
    with project.unit_of_work(f"Endre deltaker {_short(name)}") as s:
        row = s.get(WorkshopParticipantRow, participant_id)
        if row is None:
            raise ValidationError("Deltakeren finnes ikke lenger.")
        row.name, row.organisation = name, " ".join(organisation.split())


def remove_participants(project: Project, participant_ids: Sequence[int]) -> None:
    """Remove participants (their votes go with them). One undo step."""
    with project.unit_of_work(
        "Fjern deltaker" if len(participant_ids) == 1 else "Fjern deltakere"
    ) as s:
        for pid in participant_ids:
            row = s.get(WorkshopParticipantRow, pid)
            if row is None:
                raise ValidationError("Deltakeren finnes ikke lenger.")
            s.delete(row)


def remove_participant(project: Project, participant_id: int) -> None:
    remove_participants(project, [participant_id])


def assign_participants(
    project: Project, participant_ids: Sequence[int], group_id: int | None
) -> None:
    """Put participants in a working group (None: in no group). One undo step."""
    with project.unit_of_work("Plasser deltaker i gruppe") as s:
        for pid in participant_ids:
            row = s.get(WorkshopParticipantRow, pid)
            if row is None:
                raise ValidationError("Deltakeren finnes ikke lenger.")
            _check_group_of(s, row.workshop_id, group_id)
            row.group_id = group_id


# -- groups -----------------------------------------------------------------------------
def list_groups(project: Project, workshop_id: int) -> list[WorkshopGroup]:
    cards = (
        select(func.count())
        .select_from(CardRow)
        .where(CardRow.group_id == WorkshopGroupRow.id)
        .scalar_subquery()
    )
    members = (
        select(func.count())
        .select_from(WorkshopParticipantRow)
        .where(WorkshopParticipantRow.group_id == WorkshopGroupRow.id)
        .scalar_subquery()
    )
    with project.read() as s:
        rows = s.execute(
            select(WorkshopGroupRow, cards, members)
            .where(WorkshopGroupRow.workshop_id == workshop_id)
            .order_by(WorkshopGroupRow.position, WorkshopGroupRow.id)
        ).all()
        return [
            WorkshopGroup(r.id, r.uid, r.workshop_id, r.position, r.name, c, m) for r, c, m in rows
        ]


def _check_group_name(s: Session, workshop_id: int, name: str, group_id: int | None) -> str:
    name = _check_name(name, "Gruppen", "Gruppe 1")
    for other_id, other in s.execute(
        select(WorkshopGroupRow.id, WorkshopGroupRow.name).where(
            WorkshopGroupRow.workshop_id == workshop_id
        )
    ):
        if other_id != group_id and fold(other) == fold(name):
            raise ValidationError(f"Gruppen «{other}» finnes allerede.", "Velg et annet navn.")
    return name


def add_group(project: Project, workshop_id: int, name: str) -> int:
    with project.unit_of_work(f"Ny gruppe «{_short(name)}»") as s:
        _workshop_row(s, workshop_id)
        name = _check_group_name(s, workshop_id, name, None)
        last = s.scalar(
            select(func.max(WorkshopGroupRow.position)).where(
                WorkshopGroupRow.workshop_id == workshop_id
            )
        )
        row = WorkshopGroupRow(
            uid=new_uid(),
            workshop_id=workshop_id,
            position=(last + 1) if last is not None else 0,
            name=name,
        )
        s.add(row)
        s.flush()
        return row.id


def rename_group(project: Project, group_id: int, name: str) -> None:
    with project.unit_of_work(f"Gi gruppen navnet «{_short(name)}»") as s:
        row = _group_row(s, group_id)
        row.name = _check_group_name(s, row.workshop_id, name, group_id)


def reorder_groups(project: Project, workshop_id: int, group_ids: Sequence[int]) -> None:
    """Put the workshop's groups in this order (all of them, each once)."""
    with project.unit_of_work("Endre rekkefølgen på gruppene") as s:
        rows = s.scalars(
            select(WorkshopGroupRow).where(WorkshopGroupRow.workshop_id == workshop_id)
        ).all()
        if sorted(r.id for r in rows) != sorted(group_ids) or len(set(group_ids)) != len(rows):
            raise ValidationError("Gruppene er endret i mellomtiden.", "Prøv igjen.")
        pos = {gid: i for i, gid in enumerate(group_ids)}
        for r in rows:
            r.position = pos[r.id]


def move_group(project: Project, group_id: int, offset: int) -> bool:
    """Move a group up (offset < 0) or down; False if it is already at that end."""
    groups = list_groups(project, _workshop_id_of_group(project, group_id))
    ids = [g.id for g in groups]
    i = ids.index(group_id)
    j = max(0, min(len(ids) - 1, i + offset))
    if i == j:
        return False
    ids.insert(j, ids.pop(i))
    reorder_groups(project, groups[0].workshop_id, ids)
    return True


def _workshop_id_of_group(project: Project, group_id: int) -> int:
    with project.read() as s:
        return _group_row(s, group_id).workshop_id


def delete_group(project: Project, group_id: int) -> None:
    """Delete a working group. Its cards keep their text without a group, and its
    members stay in the workshop without a group."""
    with project.unit_of_work("Slett gruppe") as s:
        s.delete(_group_row(s, group_id))


# -- agenda ---------------------------------------------------------------------------------
def default_agenda(kind: WorkshopKind) -> list[AgendaStep]:
    """A sensible starting agenda for a kind of workshop (the facilitator edits it)."""
    kind = WorkshopKind(kind)
    intro = AgendaStep(
        "Velkommen og formål", "Hvorfor er vi her, og hva skjer med innspillene?", None, 10
    )
    if kind is WorkshopKind.RESULTATVERKSTED:
        steps = [
            intro,
            AgendaStep(
                "Resultater fra undersøkelsene",
                "Hva sier næringslivet, de ansatte og politikerne?",
                None,
                20,
            ),
        ]
        for area_id, name in _areas():
            steps.append(
                AgendaStep(f"{name}: hva fungerer godt?", "Hva fungerer godt?", area_id, 8)
            )
            steps.append(
                AgendaStep(f"{name}: hva kan bli bedre?", "Hva kan bli bedre?", area_id, 10)
            )
        steps += [
            AgendaStep("Gruppering av innspill", "Hvilke innspill hører sammen?", None, 20),
            AgendaStep("Prioritering med prikker", "Hva er viktigst å gjøre noe med?", None, 10),
            AgendaStep(
                "Gevinst og innsats",
                "Hva gir mest effekt for næringslivet, og hva koster det?",
                None,
                15,
            ),
            AgendaStep("Oppsummering og veien videre", "Hva skjer nå?", None, 5),
        ]
    elif kind is WorkshopKind.STYRKER_SVAKHETER:
        steps = [
            intro,
            AgendaStep("Styrker", "Hva er kommunen god på overfor næringslivet?", None, 20),
            AgendaStep("Svakheter", "Hvor svikter det i dag?", None, 20),
            AgendaStep("Muligheter", "Hvilke muligheter bør vi gripe?", None, 15),
            AgendaStep("Trusler", "Hva kan gjøre det vanskeligere fremover?", None, 15),
            AgendaStep("Gruppering av innspill", "Hvilke innspill hører sammen?", None, 20),
            AgendaStep("Prioritering med prikker", "Hva er viktigst å gjøre noe med?", None, 10),
            AgendaStep("Oppsummering og veien videre", "Hva skjer nå?", None, 5),
        ]
    elif kind is WorkshopKind.TILTAKSVERKSTED:
        steps = [
            intro,
            AgendaStep("Forbedringspunktene", "Hva kom fram i forstudien?", None, 15),
            AgendaStep("Forslag til tiltak", "Hva kan vi gjøre konkret?", None, 30),
            AgendaStep("Gruppering av forslag", "Hvilke forslag hører sammen?", None, 20),
            AgendaStep(
                "Gevinst og innsats",
                "Hva gir mest effekt for næringslivet, og hva koster det?",
                None,
                20,
            ),
            AgendaStep("Prioritering med prikker", "Hva skal med i handlingsplanen?", None, 10),
            AgendaStep("Oppsummering og veien videre", "Hvem gjør hva, og når?", None, 10),
        ]
    else:
        steps = [
            intro,
            AgendaStep("Innspill", "Hva er de viktigste utfordringene?", None, 30),
            AgendaStep("Gruppering av innspill", "Hvilke innspill hører sammen?", None, 20),
            AgendaStep("Prioritering med prikker", "Hva er viktigst å gjøre noe med?", None, 10),
            AgendaStep("Oppsummering og veien videre", "Hva skjer nå?", None, 5),
        ]
    return [
        AgendaStep(st.title, st.prompt, st.area, st.minutes, position=i)
        for i, st in enumerate(steps)
    ]


def _step(row: AgendaStepRow) -> AgendaStep:
    return AgendaStep(
        row.title, row.prompt, row.area, row.minutes, row.position, row.id, row.workshop_id
    )


def list_agenda(project: Project, workshop_id: int) -> list[AgendaStep]:
    with project.read() as s:
        rows = s.scalars(
            select(AgendaStepRow)
            .where(AgendaStepRow.workshop_id == workshop_id)
            .order_by(AgendaStepRow.position, AgendaStepRow.id)
        )
        return [_step(r) for r in rows]


def _validate_step(step: AgendaStep) -> AgendaStep:
    title = " ".join(step.title.split())
    if not title:
        raise ValidationError("Punktet på agendaen må ha en tittel.", "For eksempel «Byggesaker».")
    if len(title) > NAME_MAX:
        raise ValidationError(f"Tittelen er for lang (over {NAME_MAX} tegn).")
    if step.minutes is not None and not 1 <= step.minutes <= STEP_MAX_MINUTES:
        raise ValidationError(
            "Tiden må være minst 1 minutt.", "La feltet stå tomt om punktet ikke har fast tid."
        )
    return AgendaStep(
        title, step.prompt.strip(), check_area(step.area), step.minutes, step.position, step.id
    )


def add_step(project: Project, workshop_id: int, step: AgendaStep, *, at: int | None = None) -> int:
    """Add an agenda step at position ``at`` (None: last)."""
    st = _validate_step(step)
    with project.unit_of_work(f"Nytt punkt på agendaen «{_short(st.title)}»") as s:
        _workshop_row(s, workshop_id)
        rows = list(
            s.scalars(
                select(AgendaStepRow)
                .where(AgendaStepRow.workshop_id == workshop_id)
                .order_by(AgendaStepRow.position, AgendaStepRow.id)
            )
        )
        index = len(rows) if at is None else max(0, min(len(rows), at))
        row = AgendaStepRow(
            workshop_id=workshop_id,
            position=index,
            title=st.title,
            prompt=st.prompt,
            area=st.area,
            minutes=st.minutes,
        )
        for i, other in enumerate(rows[index:], start=index + 1):
            other.position = i
        s.add(row)
        s.flush()
        return row.id


def update_step(project: Project, step: AgendaStep) -> None:
    if step.id is None:
        raise ValueError("update_step needs a stored step")
    st = _validate_step(step)
    with project.unit_of_work(f"Endre punkt på agendaen «{_short(st.title)}»") as s:
        row = s.get(AgendaStepRow, step.id)
        if row is None:
            raise ValidationError("Punktet på agendaen finnes ikke lenger.")
        row.title, row.prompt, row.area, row.minutes = st.title, st.prompt, st.area, st.minutes


def reorder_steps(project: Project, workshop_id: int, step_ids: Sequence[int]) -> None:
    with project.unit_of_work("Endre rekkefølgen på agendaen") as s:
        rows = s.scalars(
            select(AgendaStepRow).where(AgendaStepRow.workshop_id == workshop_id)
        ).all()
        if sorted(r.id for r in rows) != sorted(step_ids) or len(set(step_ids)) != len(rows):
            raise ValidationError("Agendaen er endret i mellomtiden.", "Prøv igjen.")
        pos = {sid: i for i, sid in enumerate(step_ids)}
        for r in rows:
            r.position = pos[r.id]


def move_step(project: Project, step_id: int, offset: int) -> bool:
    with project.read() as s:
        row = s.get(AgendaStepRow, step_id)
        if row is None:
            raise ValidationError("Punktet på agendaen finnes ikke lenger.")
        workshop_id = row.workshop_id
    ids = [st.id for st in list_agenda(project, workshop_id) if st.id is not None]
    i = ids.index(step_id)
    j = max(0, min(len(ids) - 1, i + offset))
    if i == j:
        return False
    ids.insert(j, ids.pop(i))
    reorder_steps(project, workshop_id, ids)
    return True


def delete_step(project: Project, step_id: int) -> None:
    with project.unit_of_work("Slett punkt på agendaen") as s:
        row = s.get(AgendaStepRow, step_id)
        if row is None:
            raise ValidationError("Punktet på agendaen finnes ikke lenger.")
        s.delete(row)


# -- cards --------------------------------------------------------------------------------
_CARD_COLUMNS = (
    CardRow.id,
    CardRow.uid,
    CardRow.workshop_id,
    CardRow.group_id,
    CardRow.position,
    CardRow.text,
    CardRow.area,
    CardRow.kind,
    CardRow.point_id,
    CardRow.duplicate_of_id,
    CardRow.revision,
    CardRow.base_revision,
    CardRow.created_at,
    CardRow.updated_at,
)


_KINDS = {k.value: k for k in CardKind}


def _cards(s: Session, where: object) -> list[Card]:
    """Cards as plain rows through Core (not the ORM's row processing) and positional
    construction: the projector re-reads a 2,000-card workshop on every new card."""
    rows = (
        s.connection()
        .execute(
            select(*_CARD_COLUMNS).where(where).order_by(CardRow.position, CardRow.id)  # type: ignore[arg-type]
        )
        .all()
    )
    dup_counts: dict[int, int] = {}
    for r in rows:
        if r[9] is not None:
            dup_counts[r[9]] = dup_counts.get(r[9], 0) + 1
    kinds = _KINDS
    return [
        Card(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            kinds[r[7]],
            r[8],
            r[9],
            r[10],
            r[11],
            r[12],
            r[13],
            dup_counts.get(r[0], 0),
        )  # fmt: skip
        for r in rows
    ]


def list_cards(project: Project, workshop_id: int) -> list[Card]:
    """Every card of the workshop in the order written, in one query."""
    with project.read() as s:
        return _cards(s, CardRow.workshop_id == workshop_id)


def get_card(project: Project, card_id: int) -> Card:
    with project.read() as s:
        cards = _cards(s, CardRow.id == card_id)
        if not cards:
            raise ValidationError("Innspillet finnes ikke lenger.")
        card = cards[0]
        n = s.scalar(
            select(func.count()).select_from(CardRow).where(CardRow.duplicate_of_id == card_id)
        )
        return Card(**{**card.__dict__, "duplicates": int(n or 0)})


def add_card(
    project: Project,
    workshop_id: int,
    group_id: int | None,
    text: str,
    area: str | None,
    kind: CardKind | str,
) -> int:
    """Write one card (the capture screen calls this on every Enter).

    One INSERT … SELECT: the SELECT yields nothing when the group is not the
    workshop's (or the workshop is gone), which is refused without a second query.
    """
    text = _check_card_text(text)
    area = check_area(area)
    kind = CardKind(kind)
    stamp = now_iso()
    next_pos = (
        select(func.coalesce(func.max(CardRow.position), -1) + 1)
        .where(CardRow.workshop_id == workshop_id)
        .scalar_subquery()
    )
    values = select(
        literal(new_uid()),
        literal(workshop_id),
        literal(group_id),
        next_pos,
        literal(text),
        literal(area),
        literal(kind.value),
        literal(1),
        literal(0),
        literal(stamp),
        literal(stamp),
    )
    if group_id is None:
        values = values.select_from(WorkshopRow).where(WorkshopRow.id == workshop_id)
    else:
        values = values.select_from(WorkshopGroupRow).where(
            WorkshopGroupRow.id == group_id, WorkshopGroupRow.workshop_id == workshop_id
        )
    stmt = insert(CardRow).from_select(
        [
            "uid",
            "workshop_id",
            "group_id",
            "position",
            "text",
            "area",
            "kind",
            "revision",
            "base_revision",
            "created_at",
            "updated_at",
        ],
        values,
    )
    with project.unit_of_work(f"Nytt innspill «{_short(text, 30)}»") as s:
        result = s.execute(stmt)
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise ValidationError(
                "Gruppen eller verkstedet finnes ikke lenger.", "Velg en annen gruppe."
            )
        return int(result.lastrowid)  # type: ignore[attr-defined]


def _touch(row: CardRow, stamp: str) -> None:
    row.revision += 1
    row.updated_at = stamp


def update_card(
    project: Project, card_id: int, text: str, area: str | None, kind: CardKind | str
) -> bool:
    """Change a card's text, area and kind. Bumps its revision (for group-file
    merges). False (and no undo step) when nothing changed."""
    text = _check_card_text(text)
    area = check_area(area)
    kind = CardKind(kind)
    with project.unit_of_work("Endre innspill") as s:
        row = _card_row(s, card_id)
        if (row.text, row.area, row.kind) == (text, area, kind.value):
            return False
        row.text, row.area, row.kind = text, area, kind.value
        _touch(row, now_iso())
        return True


def set_cards_area(project: Project, card_ids: Sequence[int], area: str | None) -> None:
    """Give cards an area (Ctrl+1…6 on a selection). One undo step."""
    area = check_area(area)
    with project.unit_of_work(f"Sett område {area_name(area)}") as s:
        stamp = now_iso()
        for row in _card_rows(s, card_ids):
            if row.area != area:
                row.area = area
                _touch(row, stamp)


def set_cards_kind(project: Project, card_ids: Sequence[int], kind: CardKind | str) -> None:
    kind = CardKind(kind)
    with project.unit_of_work(f"Sett type {kind.label.lower()}") as s:
        stamp = now_iso()
        for row in _card_rows(s, card_ids):
            if row.kind != kind.value:
                row.kind = kind.value
                _touch(row, stamp)


def move_cards(project: Project, card_ids: Sequence[int], group_id: int | None) -> None:
    """Move cards to another working group (None: no group). One undo step. The
    revision is not bumped: the group is the facilitator's, not the card's content."""
    with project.unit_of_work("Flytt innspill til annen gruppe") as s:
        rows = _card_rows(s, card_ids)
        for row in rows:
            _check_group_of(s, row.workshop_id, group_id)
            row.group_id = group_id


def merge_duplicates(project: Project, keep_id: int, other_ids: Sequence[int]) -> None:
    """The others say the same as ``keep_id``: they stay (their text is kept) but are
    shown once, on the kept card, as "(×n)". Cards already merged into one of the
    others follow to the kept card. One undo step."""
    others = [i for i in dict.fromkeys(other_ids) if i != keep_id]
    if not others:
        raise ValidationError("Velg minst to innspill som sier det samme.")
    with project.unit_of_work("Slå sammen like innspill") as s:
        keep = _card_row(s, keep_id)
        if keep.duplicate_of_id is not None:
            keep.duplicate_of_id = None
        rows = _card_rows(s, others)
        for row in rows:
            if row.workshop_id != keep.workshop_id:
                raise ValidationError("Innspillene hører til forskjellige verksteder.")
        s.execute(
            update(CardRow)
            .where(CardRow.duplicate_of_id.in_(others))
            .values(duplicate_of_id=keep_id)
        )
        for row in rows:
            row.duplicate_of_id = keep_id
            if row.point_id is not None and keep.point_id is None:
                keep.point_id = row.point_id
            row.point_id = keep.point_id


def unmerge_card(project: Project, card_id: int) -> None:
    """Show a merged duplicate as a card of its own again."""
    with project.unit_of_work("Skill ut innspill") as s:
        row = _card_row(s, card_id)
        if row.duplicate_of_id is None:
            raise ValidationError("Innspillet er ikke slått sammen med et annet.")
        row.duplicate_of_id = None


def delete_cards(project: Project, card_ids: Sequence[int]) -> None:
    """Delete cards (duplicates merged into them become cards of their own again)."""
    n = len(card_ids)
    with project.unit_of_work("Slett innspill" if n == 1 else f"Slett {n} innspill") as s:
        rows = _card_rows(s, card_ids)
        ids = [r.id for r in rows]
        s.execute(
            update(CardRow)
            .where(CardRow.duplicate_of_id.in_(ids), CardRow.id.not_in(ids))
            .values(duplicate_of_id=None)
        )
        for row in rows:
            row.duplicate_of_id = None
        s.flush()
        for row in rows:
            s.delete(row)


def delete_card(project: Project, card_id: int) -> None:
    delete_cards(project, [card_id])
