"""Interviews, document study and observations (notes with findings), and meetings
with their vedtak (DOMAIN.md §3–4; issue 3, points 3 and 4).

A finding can be marked as a candidate improvement point (forbedringspunkt): the
workshops and the prioritising of later phases start from those candidates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from nvk_desktop.domain.enums import LabelledEnum


class NoteKind(LabelledEnum):
    DYBDEINTERVJU = ("dybdeintervju", "Dybdeintervju")
    GRUPPEINTERVJU = ("gruppeintervju", "Gruppeintervju")
    DOKUMENTSTUDIE = ("dokumentstudie", "Dokumentstudie")
    OBSERVASJON = ("observasjon", "Observasjon")

    @property
    def is_document(self) -> bool:
        """A document study is about a document, not about people."""
        return self is NoteKind.DOKUMENTSTUDIE

    @property
    def subject_label(self) -> str:
        """What the subject field holds for this kind."""
        if self is NoteKind.DOKUMENTSTUDIE:
            return "Dokument"
        if self is NoteKind.OBSERVASJON:
            return "Hva/hvem ble observert"
        if self is NoteKind.GRUPPEINTERVJU:
            return "Intervjuobjekter"
        return "Intervjuobjekt"


def default_personal_data(kind: NoteKind) -> bool:
    """The rule for the "contains personal data" flag when the user has not said.

    Interviews and observations are about people and are assumed to hold personal
    data (on); a document study reads a published document (off). The user can always
    change the flag; this only decides the starting value.
    """
    return not NoteKind(kind).is_document


@dataclass(frozen=True)
class Finding:
    text: str
    is_candidate: bool = False
    position: int = 0
    id: int | None = None
    note_id: int | None = None


@dataclass(frozen=True)
class Note:
    kind: NoteKind
    held_on: date | None
    subject: str  # the interviewee(s), or the document's title
    organisation: str = ""
    body: str = ""
    # None = not said: add_note uses default_personal_data(kind), update_note keeps it.
    personal_data: bool | None = None
    area_ids: tuple[int, ...] = ()
    service_ids: tuple[int, ...] = ()
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    id: int | None = None


@dataclass(frozen=True)
class NoteSummary:
    """One row of the note list: enough to show, sort and filter it, no body."""

    id: int
    kind: NoteKind
    held_on: date | None
    subject: str
    organisation: str
    personal_data: bool
    excerpt: str  # the start of the text, for a tooltip
    finding_count: int
    candidate_count: int
    area_ids: tuple[int, ...]
    service_ids: tuple[int, ...]


@dataclass(frozen=True)
class CandidateFinding:
    """A finding marked as a candidate improvement point, with where it came from."""

    finding: Finding
    note_id: int
    subject: str
    organisation: str
    held_on: date | None
    kind: NoteKind


@dataclass(frozen=True)
class AreaChoice:
    id: int
    name: str


@dataclass(frozen=True)
class ServiceChoice:
    id: int
    area_id: int
    area_name: str
    name: str


@dataclass(frozen=True)
class TagChoices:
    """The service areas and services a note can be tagged with (the service map)."""

    areas: tuple[AreaChoice, ...]
    services: tuple[ServiceChoice, ...]

    def area_name(self, area_id: int) -> str | None:
        return next((a.name for a in self.areas if a.id == area_id), None)

    def service(self, service_id: int) -> ServiceChoice | None:
        return next((s for s in self.services if s.id == service_id), None)


# -- meetings ---------------------------------------------------------------------------
class MeetingKind(LabelledEnum):
    STYRINGSGRUPPEMOTE = ("styringsgruppemote", "Styringsgruppemøte")
    ARBEIDSGRUPPEMOTE = ("arbeidsgruppemote", "Arbeidsgruppemøte")
    OPPSTARTSMOTE = ("oppstartsmote", "Oppstartsmøte")
    INFORMASJONSMOTE = ("informasjonsmote", "Informasjonsmøte")
    ANNET = ("annet", "Annet møte")


@dataclass(frozen=True)
class MeetingDecision:
    """A vedtak, with its case number (e.g. "Sak 3/26") as the minutes give it."""

    text: str
    case_number: str = ""
    position: int = 0
    id: int | None = None
    meeting_id: int | None = None


@dataclass(frozen=True)
class Meeting:
    kind: MeetingKind
    title: str
    held_on: date | None
    place: str = ""
    agenda: str = ""
    minutes: str = ""
    participant_ids: tuple[int, ...] = ()
    decisions: tuple[MeetingDecision, ...] = field(default_factory=tuple)
    id: int | None = None


@dataclass(frozen=True)
class MeetingSummary:
    """One row of the meeting list."""

    id: int
    kind: MeetingKind
    title: str
    held_on: date | None
    place: str
    participant_count: int
    decision_count: int


@dataclass(frozen=True)
class LoggedDecision:
    """A vedtak in the project's decision log, with the meeting it was made in."""

    decision: MeetingDecision
    meeting_id: int
    meeting_title: str
    meeting_kind: MeetingKind
    held_on: date | None


def default_meeting_title(kind: MeetingKind, number: int, year: int) -> str:
    """ "Styringsgruppemøte 2/2026": the kind, its running number that year, the year."""
    return f"{MeetingKind(kind).label} {number}/{year}"


def case_number(number: int, year: int) -> str:
    """ "Sak 3/26", the way styringsgruppe minutes number their cases."""
    return f"Sak {number}/{year % 100:02d}"
