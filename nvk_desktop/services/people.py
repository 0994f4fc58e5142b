"""People, their project roles, and the groups they sit in (DOMAIN.md §3)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import select

from nvk_desktop.domain.enums import GroupKind, GroupRole, PersonCategory, Phase, Role
from nvk_desktop.domain.models import Group, Membership, Person, RoleAssignment
from nvk_desktop.errors import ValidationError
from nvk_desktop.services.project import Project
from nvk_desktop.store.models import (
    ChecklistItemRow,
    GroupMemberRow,
    GroupRow,
    MeetingParticipantRow,
    MeetingRow,
    PersonRow,
    RoleAssignmentRow,
    ServiceRow,
)

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_RE = re.compile(r"^\+?[\d\s().-]{5,20}$")


def validate_person(person: Person) -> Person:
    name = person.name.strip()
    if not name:
        raise ValidationError("Personen må ha et navn.")
    email = person.email.strip()
    if email and not _EMAIL_RE.match(email):
        raise ValidationError(
            f"«{email}» ser ikke ut som en e-postadresse.", "Skriv den som navn@eksempel.no."
        )
    phone = person.phone.strip()
    if phone and not _PHONE_RE.match(phone):
        raise ValidationError(
            f"«{phone}» ser ikke ut som et telefonnummer.", "Bruk sifre, for eksempel 900 12 345."
        )
    return Person(
        name=name,
        organisation=person.organisation.strip(),
        category=PersonCategory(person.category),
        email=email,
        phone=phone,
        id=person.id,
    )


def _person(row: PersonRow) -> Person:
    return Person(
        row.name, row.organisation, PersonCategory(row.category), row.email, row.phone, row.id
    )


def list_people(project: Project) -> list[Person]:
    with project.read() as s:
        return [
            _person(r) for r in s.scalars(select(PersonRow).order_by(PersonRow.name, PersonRow.id))
        ]


def add_person(project: Project, person: Person) -> int:
    p = validate_person(person)
    with project.unit_of_work(f"Legg til {p.name}") as s:
        row = PersonRow(
            name=p.name,
            organisation=p.organisation,
            category=p.category.value,
            email=p.email,
            phone=p.phone,
        )
        s.add(row)
        s.flush()
        return row.id


def update_person(project: Project, person: Person) -> None:
    if person.id is None:
        raise ValueError("update_person needs a stored person")
    p = validate_person(person)
    with project.unit_of_work(f"Endre {p.name}") as s:
        row = s.get_one(PersonRow, p.id)
        row.name, row.organisation, row.category = p.name, p.organisation, p.category.value
        row.email, row.phone = p.email, p.phone


def delete_person(project: Project, person_id: int) -> None:
    """Removes the person with their roles and group memberships (one undo step)."""
    with project.unit_of_work("Fjern person") as s:
        row = s.get_one(PersonRow, person_id)
        s.delete(row)


def person_usage(project: Project, person_id: int) -> list[str]:
    """What removing a person also removes or empties, in words for a confirmation
    dialog (checklist items and services only lose their responsible person)."""
    with project.read() as s:
        roles = s.scalars(
            select(RoleAssignmentRow).where(RoleAssignmentRow.person_id == person_id)
        ).all()
        groups = s.scalars(
            select(GroupRow.name).join(GroupMemberRow).where(GroupMemberRow.person_id == person_id)
        ).all()
        checklist = s.scalars(
            select(ChecklistItemRow.title).where(ChecklistItemRow.responsible_id == person_id)
        ).all()
        services = s.scalars(
            select(ServiceRow.name).where(ServiceRow.contact_id == person_id)
        ).all()
        meetings = s.scalars(
            select(MeetingRow.title)
            .join(MeetingParticipantRow)
            .where(MeetingParticipantRow.person_id == person_id)
        ).all()
    out = [_role_text(Role(r.role), Phase(r.phase) if r.phase else None) for r in roles]
    out += [f"medlem av {g}" for g in groups]
    out += [f"ansvarlig for sjekklistepunktet «{t}»" for t in checklist]
    out += [f"kontaktperson for tjenesten «{t}»" for t in services]
    out += [f"deltaker på møtet «{t}»" for t in meetings]
    return out


def _role_text(role: Role, phase: Phase | None) -> str:
    return f"{role.label} ({phase.label.lower()})" if phase else role.label


# -- roles ---------------------------------------------------------------------
def list_roles(project: Project) -> list[RoleAssignment]:
    with project.read() as s:
        rows = s.scalars(select(RoleAssignmentRow).order_by(RoleAssignmentRow.id))
        return [
            RoleAssignment(Role(r.role), r.person_id, Phase(r.phase) if r.phase else None, r.id)
            for r in rows
        ]


def assign_role(project: Project, role: Role, person_id: int, phase: Phase | None = None) -> int:
    """Give a person a project role. Prosjektleder is per phase; prosjektansvarlig is one person."""
    role = Role(role)
    if role is Role.PROSJEKTLEDER and phase is None:
        raise ValidationError("Velg hvilken fase personen er prosjektleder for.")
    with project.unit_of_work(f"Tildel rolle: {role.label}") as s:
        s.get_one(PersonRow, person_id)
        same_phase = (
            RoleAssignmentRow.phase.is_(None)
            if phase is None
            else RoleAssignmentRow.phase == phase.value
        )
        holders = s.scalars(
            select(RoleAssignmentRow).where(RoleAssignmentRow.role == role.value, same_phase)
        ).all()
        if any(h.person_id == person_id for h in holders):
            # SQLite's UNIQUE treats NULL phases as distinct, so check here.
            raise ValidationError("Personen har allerede denne rollen.")
        if role in (Role.PROSJEKTANSVARLIG, Role.PROSJEKTLEDER):
            # One holder per role (and phase): replacing the holder is one undo step.
            for old in holders:
                s.delete(old)
            s.flush()
        row = RoleAssignmentRow(
            role=role.value, person_id=person_id, phase=phase.value if phase else None
        )
        s.add(row)
        s.flush()
        return row.id


def remove_role(project: Project, assignment_id: int) -> None:
    remove_roles(project, [assignment_id])


def assign_roles(
    project: Project, role: Role, person_ids: Sequence[int], phase: Phase | None = None
) -> int:
    """Give several people a role that many can hold (prosessveileder,
    prosjektmedarbeider) in one step. Those who have it already are skipped."""
    role = Role(role)
    if role in (Role.PROSJEKTANSVARLIG, Role.PROSJEKTLEDER):
        raise ValidationError(f"{role.label} kan bare være én person.")
    with project.unit_of_work(f"Tildel rolle: {role.label}") as s:
        same_phase = (
            RoleAssignmentRow.phase.is_(None)
            if phase is None
            else RoleAssignmentRow.phase == phase.value
        )
        have = set(
            s.scalars(
                select(RoleAssignmentRow.person_id).where(
                    RoleAssignmentRow.role == role.value, same_phase
                )
            )
        )
        added = 0
        for pid in dict.fromkeys(person_ids):
            s.get_one(PersonRow, pid)
            if pid not in have:
                s.add(
                    RoleAssignmentRow(
                        role=role.value, person_id=pid, phase=phase.value if phase else None
                    )
                )
                added += 1
        return added


def remove_roles(project: Project, assignment_ids: Sequence[int]) -> None:
    label = "Fjern rolle" if len(assignment_ids) == 1 else f"Fjern {len(assignment_ids)} roller"
    with project.unit_of_work(label) as s:
        for aid in assignment_ids:
            s.delete(s.get_one(RoleAssignmentRow, aid))


# -- groups --------------------------------------------------------------------
def _group(row: GroupRow, members: list[GroupMemberRow]) -> Group:
    return Group(
        GroupKind(row.kind),
        row.name,
        row.description,
        tuple(Membership(m.person_id, GroupRole(m.role)) for m in members),
        row.id,
    )


def list_groups(project: Project) -> list[Group]:
    order = {k.value: i for i, k in enumerate(GroupKind)}
    with project.read() as s:
        groups = s.scalars(select(GroupRow)).all()
        members = s.scalars(select(GroupMemberRow).order_by(GroupMemberRow.id)).all()
    by_group: dict[int, list[GroupMemberRow]] = {}
    for m in members:
        by_group.setdefault(m.group_id, []).append(m)
    groups = sorted(groups, key=lambda g: (order.get(g.kind, 99), g.name.casefold(), g.id))
    return [_group(g, by_group.get(g.id, [])) for g in groups]


def get_group(project: Project, group_id: int) -> Group:
    with project.read() as s:
        row = s.get_one(GroupRow, group_id)
        members = s.scalars(
            select(GroupMemberRow)
            .where(GroupMemberRow.group_id == group_id)
            .order_by(GroupMemberRow.id)
        ).all()
        return _group(row, list(members))


def _validate_group(kind: GroupKind, name: str) -> tuple[GroupKind, str]:
    name = name.strip()
    if not name:
        raise ValidationError("Gruppen må ha et navn.")
    return GroupKind(kind), name


def add_group(project: Project, kind: GroupKind, name: str, description: str = "") -> int:
    kind, name = _validate_group(kind, name)
    with project.unit_of_work(f"Opprett {name}") as s:
        if (
            kind is GroupKind.STYRINGSGRUPPE
            and s.scalars(select(GroupRow.id).where(GroupRow.kind == kind.value)).first()
        ):
            raise ValidationError("Prosjektet har allerede en styringsgruppe.")
        row = GroupRow(kind=kind.value, name=name, description=description.strip())
        s.add(row)
        s.flush()
        return row.id


def update_group(project: Project, group_id: int, name: str, description: str) -> None:
    with project.unit_of_work("Endre gruppe") as s:
        row = s.get_one(GroupRow, group_id)
        _, row.name = _validate_group(GroupKind(row.kind), name)
        row.description = description.strip()


def delete_group(project: Project, group_id: int) -> None:
    with project.unit_of_work("Slett gruppe") as s:
        row = s.get_one(GroupRow, group_id)
        if row.kind == GroupKind.STYRINGSGRUPPE.value:
            raise ValidationError("Styringsgruppen kan ikke slettes.", "Fjern heller medlemmene.")
        s.delete(row)


def add_member(
    project: Project, group_id: int, person_id: int, role: GroupRole = GroupRole.MEDLEM
) -> None:
    with project.unit_of_work("Legg til medlem") as s:
        group = s.get_one(GroupRow, group_id)
        person = s.get_one(PersonRow, person_id)
        exists = s.scalars(
            select(GroupMemberRow).where(
                GroupMemberRow.group_id == group_id, GroupMemberRow.person_id == person_id
            )
        ).first()
        if exists is not None:
            raise ValidationError(f"{person.name} er allerede medlem av {group.name}.")
        s.add(GroupMemberRow(group_id=group_id, person_id=person_id, role=GroupRole(role).value))


def set_member_role(project: Project, group_id: int, person_id: int, role: GroupRole) -> None:
    with project.unit_of_work("Endre rolle i gruppe") as s:
        row = s.scalars(
            select(GroupMemberRow).where(
                GroupMemberRow.group_id == group_id, GroupMemberRow.person_id == person_id
            )
        ).one()
        row.role = GroupRole(role).value


def remove_member(project: Project, group_id: int, person_id: int) -> None:
    remove_members(project, group_id, [person_id])


def add_members(
    project: Project, group_id: int, person_ids: Sequence[int], role: GroupRole = GroupRole.MEDLEM
) -> int:
    """Add several people to a group in one step; those already in it are skipped."""
    with project.unit_of_work("Legg til medlemmer") as s:
        s.get_one(GroupRow, group_id)
        have = set(
            s.scalars(select(GroupMemberRow.person_id).where(GroupMemberRow.group_id == group_id))
        )
        added = 0
        for pid in dict.fromkeys(person_ids):
            s.get_one(PersonRow, pid)
            if pid not in have:
                s.add(GroupMemberRow(group_id=group_id, person_id=pid, role=GroupRole(role).value))
                added += 1
        return added


def remove_members(project: Project, group_id: int, person_ids: Sequence[int]) -> None:
    label = "Fjern medlem" if len(person_ids) == 1 else f"Fjern {len(person_ids)} medlemmer"
    with project.unit_of_work(label) as s:
        rows = s.scalars(
            select(GroupMemberRow).where(
                GroupMemberRow.group_id == group_id, GroupMemberRow.person_id.in_(person_ids)
            )
        ).all()
        for row in rows:
            s.delete(row)
