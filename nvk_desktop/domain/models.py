"""Domain records passed between services, the GUI and documents.

They are plain frozen dataclasses: ``id`` is None for a record not yet stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from nvk_desktop.domain.enums import (
    DecidedBy,
    Decision,
    GroupKind,
    GroupRole,
    PersonCategory,
    Phase,
    Role,
)


@dataclass(frozen=True)
class Kommune:
    nummer: str  # four digits, e.g. "4645"
    navn: str
    fylkesnummer: str
    fylkesnavn: str

    @property
    def display(self) -> str:
        return f"{self.nummer} {self.navn}"


@dataclass(frozen=True)
class ProjectInfo:
    name: str
    kommune: Kommune
    current_phase: Phase
    is_example: bool
    created_at: datetime


@dataclass(frozen=True)
class Person:
    name: str
    organisation: str = ""
    category: PersonCategory = PersonCategory.ANNET
    email: str = ""
    phone: str = ""
    id: int | None = None


@dataclass(frozen=True)
class RoleAssignment:
    role: Role
    person_id: int
    phase: Phase | None = None  # None = the whole project
    id: int | None = None


@dataclass(frozen=True)
class Membership:
    person_id: int
    role: GroupRole = GroupRole.MEDLEM


@dataclass(frozen=True)
class Group:
    kind: GroupKind
    name: str
    description: str = ""
    members: tuple[Membership, ...] = field(default_factory=tuple)
    id: int | None = None


@dataclass(frozen=True)
class DecisionPoint:
    """The beslutningspunkt that ends ``phase``."""

    phase: Phase
    decision: Decision
    decided_by: DecidedBy
    decided_on: date
    case_number: str = ""  # saksnummer
    note: str = ""
    id: int | None = None


@dataclass(frozen=True)
class Milestone:
    phase: Phase
    title: str
    due_on: date | None = None
    done_on: date | None = None
    note: str = ""
    id: int | None = None

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    def is_overdue(self, today: date) -> bool:
        return self.done_on is None and self.due_on is not None and self.due_on < today


@dataclass(frozen=True)
class KeyFigures:
    people: int
    groups: int
    decision_points: int
    milestones_total: int
    milestones_done: int
    milestones_overdue: int
    next_milestone: Milestone | None
