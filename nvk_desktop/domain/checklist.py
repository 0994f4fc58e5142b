"""Phase checklists (DOMAIN.md §4 and issue 3): items with status, responsible person,
due date, note and links to what they produced, and the progress of a phase.

A link points into another part of the project (a note, a meeting, a service; later a
survey or a workshop) or, for a document, holds only a label such as
"Forstudierapport.pdf". Adding a kind of target is one LinkKind member here and one
target lookup in services/checklists.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from nvk_desktop.domain.enums import LabelledEnum, Phase

# The phases that have a checklist (Idé is the mandate, before the project starts).
CHECKLIST_PHASES: tuple[Phase, ...] = (Phase.FORSTUDIE, Phase.FORPROSJEKT, Phase.HOVEDPROSJEKT)

TITLE_MAX = 300
NOTE_MAX = 20_000
LINK_LABEL_MAX = 300


class ChecklistStatus(LabelledEnum):
    # "ikke_startet" is also written by store/seed.py: never rename the values.
    IKKE_STARTET = ("ikke_startet", "Ikke startet")
    PAGAR = ("pagar", "Pågår")
    FERDIG = ("ferdig", "Ferdig")
    IKKE_AKTUELT = ("ikke_aktuelt", "Ikke aktuelt")

    @property
    def is_closed(self) -> bool:
        """Ferdig or ikke aktuelt: nothing more to do about the item."""
        return self in (ChecklistStatus.FERDIG, ChecklistStatus.IKKE_AKTUELT)

    def cycled(self) -> ChecklistStatus:
        """The next status of the everyday cycle ikke startet → pågår → ferdig →
        ikke startet (ikke aktuelt also goes back to ikke startet)."""
        return {
            ChecklistStatus.IKKE_STARTET: ChecklistStatus.PAGAR,
            ChecklistStatus.PAGAR: ChecklistStatus.FERDIG,
        }.get(self, ChecklistStatus.IKKE_STARTET)


class LinkKind(LabelledEnum):
    NOTE = ("note", "Notat")
    MEETING = ("meeting", "Møte")
    SERVICE = ("service", "Tjeneste")
    SURVEY = ("survey", "Spørreundersøkelse")
    WORKSHOP = ("workshop", "Verksted")
    DOCUMENT = ("document", "Dokument")

    @property
    def has_target(self) -> bool:
        """True when the link points at a record; a document link is only a label."""
        return self is not LinkKind.DOCUMENT


@dataclass(frozen=True)
class ChecklistLink:
    kind: LinkKind
    target_id: int | None  # None for a document
    label: str  # the target's current name (a document's file name or title)
    id: int | None = None
    missing: bool = False  # the target has been deleted since the link was made


@dataclass(frozen=True)
class ChecklistItem:
    phase: Phase
    title: str
    status: ChecklistStatus = ChecklistStatus.IKKE_STARTET
    responsible_id: int | None = None
    due_on: date | None = None
    note: str = ""
    position: int = 0
    id: int | None = None
    links: tuple[ChecklistLink, ...] = field(default_factory=tuple)

    @property
    def is_open(self) -> bool:
        return not self.status.is_closed

    def is_overdue(self, today: date) -> bool:
        """The due date has passed and the item is neither ferdig nor ikke aktuelt."""
        return self.is_open and self.due_on is not None and self.due_on < today

    def days_overdue(self, today: date) -> int:
        return (today - self.due_on).days if self.is_overdue(today) and self.due_on else 0


@dataclass(frozen=True)
class PhaseProgress:
    phase: Phase
    total: int
    done: int
    not_applicable: int
    overdue: int
    in_progress: int = 0

    @property
    def applicable(self) -> int:
        return self.total - self.not_applicable

    @property
    def open(self) -> int:
        return self.applicable - self.done

    @property
    def share_done(self) -> float:
        """Share of the applicable items that are ferdig (0–1); an empty list is 0,
        a list where nothing applies is complete."""
        if self.applicable <= 0:
            return 1.0 if self.total else 0.0
        return self.done / self.applicable
