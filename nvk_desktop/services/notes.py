"""Interviews, document study and observations: notes with findings (issue 3, point 3).

Every function that changes something is one unit of work, so one undo step. The
note list is read in a single query (counts and tags as correlated sub-queries), so
it stays quick with thousands of notes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from nvk_desktop.domain.notes import (
    AreaChoice,
    CandidateFinding,
    Finding,
    Note,
    NoteKind,
    NoteSummary,
    ServiceChoice,
    TagChoices,
    default_personal_data,
)
from nvk_desktop.errors import ValidationError
from nvk_desktop.services.project import Project
from nvk_desktop.store import search_index
from nvk_desktop.store.models import (
    FindingRow,
    NoteAreaRow,
    NoteRow,
    NoteServiceRow,
    ServiceAreaRow,
    ServiceRow,
)

SUBJECT_MAX = 300
EXCERPT_CHARS = 240


# -- validation ------------------------------------------------------------------------
def _subject_missing(kind: NoteKind) -> ValidationError:
    if kind.is_document:
        return ValidationError(
            "Skriv hvilket dokument du har studert.",
            "For eksempel «Strategisk næringsplan 2022–2026».",
        )
    if kind is NoteKind.OBSERVASJON:
        return ValidationError("Skriv hva eller hvem du observerte.")
    return ValidationError(
        "Skriv hvem som ble intervjuet.",
        "Navn, rolle eller en anonym beskrivelse som «daglig leder, fiskeoppdrett».",
    )


def validate_note(note: Note) -> Note:
    """The note as it will be stored (trimmed), or a ValidationError in Norwegian."""
    try:
        kind = NoteKind(note.kind)
    except ValueError:
        raise ValidationError(f"Ukjent notattype «{note.kind}».") from None
    subject = note.subject.strip()
    if not subject:
        raise _subject_missing(kind)
    if len(subject) > SUBJECT_MAX:
        raise ValidationError(
            f"Teksten i feltet «{kind.subject_label}» er for lang (over {SUBJECT_MAX} tegn).",
            "Skriv det lange i selve notatet.",
        )
    if note.held_on is not None and not isinstance(note.held_on, date):
        raise ValidationError("Datoen er ikke gyldig.")
    if note.held_on is not None and note.held_on.year < 1900:
        raise ValidationError("Datoen er ikke gyldig.", "Bruk formen dd.mm.åååå.")
    return replace(
        note,
        kind=kind,
        subject=subject,
        organisation=note.organisation.strip(),
        body=note.body.rstrip(),
        area_ids=tuple(dict.fromkeys(note.area_ids)),
        service_ids=tuple(dict.fromkeys(note.service_ids)),
    )


def _finding_text(value: str) -> str:
    t = value.strip()
    if not t:
        raise ValidationError(
            "Funnet er tomt.",
            "Skriv hva du fant, for eksempel «Uklart hvem bedriftene skal ringe».",
        )
    return t


def _check_tags(s: Session, area_ids: Iterable[int], service_ids: Iterable[int]) -> None:
    areas, services = set(area_ids), set(service_ids)
    if areas:
        known = set(s.scalars(select(ServiceAreaRow.id).where(ServiceAreaRow.id.in_(areas))))
        if areas - known:
            raise ValidationError(
                "Et av områdene finnes ikke lenger i tjenestekartet.", "Velg stikkordene på nytt."
            )
    if services:
        known = set(s.scalars(select(ServiceRow.id).where(ServiceRow.id.in_(services))))
        if services - known:
            raise ValidationError(
                "En av tjenestene finnes ikke lenger i tjenestekartet.", "Velg stikkordene på nytt."
            )


def _short(subject: str) -> str:
    return subject if len(subject) <= 40 else subject[:39].rstrip() + "…"


# -- reading ---------------------------------------------------------------------------
def _ids(csv: str | None) -> tuple[int, ...]:
    return tuple(sorted(int(x) for x in csv.split(","))) if csv else ()


def list_notes(project: Project) -> list[NoteSummary]:
    """All notes, newest first, as light rows (no body): one query, however many."""
    n = NoteRow.__table__.alias("n")
    finding_count = (
        select(func.count(FindingRow.id)).where(FindingRow.note_id == n.c.id).scalar_subquery()
    )
    candidate_count = (
        select(func.count(FindingRow.id))
        .where(FindingRow.note_id == n.c.id, FindingRow.is_candidate.is_(True))
        .scalar_subquery()
    )
    areas = (
        select(func.group_concat(NoteAreaRow.area_id))
        .where(NoteAreaRow.note_id == n.c.id)
        .scalar_subquery()
    )
    services = (
        select(func.group_concat(NoteServiceRow.service_id))
        .where(NoteServiceRow.note_id == n.c.id)
        .scalar_subquery()
    )
    query = select(
        n.c.id,
        n.c.kind,
        n.c.held_on,
        n.c.subject,
        n.c.organisation,
        n.c.personal_data,
        func.substr(n.c.body, 1, EXCERPT_CHARS),
        finding_count,
        candidate_count,
        areas,
        services,
    ).order_by(n.c.held_on.desc().nulls_last(), n.c.id.desc())
    with project.read() as s:
        rows = s.execute(query).all()
    return [
        NoteSummary(
            id=r[0],
            kind=NoteKind(r[1]),
            held_on=r[2],
            subject=r[3],
            organisation=r[4],
            personal_data=bool(r[5]),
            excerpt=r[6] or "",
            finding_count=r[7],
            candidate_count=r[8],
            area_ids=_ids(r[9]),
            service_ids=_ids(r[10]),
        )
        for r in rows
    ]


def _finding(row: FindingRow) -> Finding:
    return Finding(row.text, bool(row.is_candidate), row.position, row.id, row.note_id)


def get_note(project: Project, note_id: int) -> Note:
    """The whole note: text, tags and findings in their order."""
    with project.read() as s:
        row = s.get(NoteRow, note_id)
        if row is None:
            raise ValidationError("Notatet finnes ikke lenger.")
        findings = s.scalars(
            select(FindingRow)
            .where(FindingRow.note_id == note_id)
            .order_by(FindingRow.position, FindingRow.id)
        ).all()
        areas = s.scalars(
            select(NoteAreaRow.area_id)
            .where(NoteAreaRow.note_id == note_id)
            .order_by(NoteAreaRow.area_id)
        ).all()
        services = s.scalars(
            select(NoteServiceRow.service_id)
            .where(NoteServiceRow.note_id == note_id)
            .order_by(NoteServiceRow.service_id)
        ).all()
        return Note(
            kind=NoteKind(row.kind),
            held_on=row.held_on,
            subject=row.subject,
            organisation=row.organisation,
            body=row.body,
            personal_data=bool(row.personal_data),
            area_ids=tuple(areas),
            service_ids=tuple(services),
            findings=tuple(_finding(f) for f in findings),
            id=row.id,
        )


_TOKEN = re.compile(r"\w+", re.UNICODE)


def matching_note_ids(project: Project, query: str) -> set[int]:
    """Notes whose subject, organisation, text or findings contain every word of
    ``query`` (as a word start; case and accents ignored), through the search index."""
    tokens = _TOKEN.findall(query)
    if not tokens:
        return set()
    match = " AND ".join('"' + t.replace('"', '""') + '"*' for t in tokens)
    sql = text(
        f"SELECT DISTINCT ref_id FROM {search_index.TABLE}"
        f" WHERE {search_index.TABLE} MATCH :q AND kind IN ('note', 'finding')"
    )
    # Words in different places of one note (one in the text, one in a finding) count.
    with project.read() as s:
        if len(tokens) == 1:
            return {int(r) for r in s.execute(sql, {"q": match}).scalars()}
        sets = [
            {int(r) for r in s.execute(sql, {"q": '"' + t.replace('"', '""') + '"*'}).scalars()}
            for t in tokens
        ]
    out = sets[0]
    for other in sets[1:]:
        out &= other
    return out


def tag_choices(project: Project) -> TagChoices:
    """The areas and services of the service map, in their order."""
    with project.read() as s:
        areas = s.execute(
            select(ServiceAreaRow.id, ServiceAreaRow.name).order_by(
                ServiceAreaRow.position, ServiceAreaRow.id
            )
        ).all()
        services = s.execute(
            select(ServiceRow.id, ServiceRow.area_id, ServiceAreaRow.name, ServiceRow.name)
            .join(ServiceAreaRow, ServiceAreaRow.id == ServiceRow.area_id)
            .order_by(
                ServiceAreaRow.position, ServiceAreaRow.id, ServiceRow.position, ServiceRow.id
            )
        ).all()
    return TagChoices(
        tuple(AreaChoice(a[0], a[1]) for a in areas),
        tuple(ServiceChoice(r[0], r[1], r[2], r[3]) for r in services),
    )


def list_candidates(project: Project) -> list[CandidateFinding]:
    """Every finding marked as a candidate improvement point, newest note first."""
    query = (
        select(FindingRow, NoteRow.subject, NoteRow.organisation, NoteRow.held_on, NoteRow.kind)
        .join(NoteRow, NoteRow.id == FindingRow.note_id)
        .where(FindingRow.is_candidate.is_(True))
        .order_by(
            NoteRow.held_on.desc().nulls_last(),
            NoteRow.id.desc(),
            FindingRow.position,
            FindingRow.id,
        )
    )
    with project.read() as s:
        return [
            CandidateFinding(_finding(f), f.note_id, subject, org, held_on, NoteKind(kind))
            for f, subject, org, held_on, kind in s.execute(query).all()
        ]


# -- notes -----------------------------------------------------------------------------
def add_note(project: Project, note: Note) -> int:
    """Store a new note with its tags and findings; returns its id.

    ``personal_data`` None means the caller has not said: default_personal_data(kind)
    decides (on for interviews and observations, off for a document study).
    """
    n = validate_note(note)
    personal = default_personal_data(n.kind) if n.personal_data is None else bool(n.personal_data)
    findings = [replace(f, text=_finding_text(f.text)) for f in n.findings]
    with project.unit_of_work(f"Nytt notat «{_short(n.subject)}»") as s:
        _check_tags(s, n.area_ids, n.service_ids)
        row = NoteRow(
            kind=n.kind.value,
            held_on=n.held_on,
            subject=n.subject,
            organisation=n.organisation,
            body=n.body,
            personal_data=personal,
        )
        s.add(row)
        s.flush()
        s.add_all(NoteAreaRow(note_id=row.id, area_id=a) for a in n.area_ids)
        s.add_all(NoteServiceRow(note_id=row.id, service_id=sid) for sid in n.service_ids)
        s.add_all(
            FindingRow(note_id=row.id, position=i, text=f.text, is_candidate=bool(f.is_candidate))
            for i, f in enumerate(findings)
        )
        s.flush()
        return row.id


def _set_tags(
    s: Session, note_id: int, area_ids: Sequence[int], service_ids: Sequence[int]
) -> None:
    """Change the note's tags to exactly these, touching only what differs."""
    for model, column, wanted in (
        (NoteAreaRow, "area_id", set(area_ids)),
        (NoteServiceRow, "service_id", set(service_ids)),
    ):
        rows = s.scalars(select(model).where(model.note_id == note_id)).all()
        have = {getattr(r, column): r for r in rows}
        for key, r in have.items():
            if key not in wanted:
                s.delete(r)
        for key in sorted(wanted - set(have)):
            s.add(model(note_id=note_id, **{column: key}))


def update_note(project: Project, note: Note) -> None:
    """Change a note's fields and tags in one step (its findings have their own
    functions). ``personal_data`` None keeps the stored flag. Nothing changed: no step."""
    if note.id is None:
        raise ValueError("update_note needs a stored note")
    n = validate_note(note)
    with project.read() as s:
        old = s.get(NoteRow, n.id)
        if old is None:
            raise ValidationError("Notatet finnes ikke lenger.")
        fields_changed = (
            old.kind != n.kind.value
            or old.held_on != n.held_on
            or old.subject != n.subject
            or old.organisation != n.organisation
            or (n.personal_data is not None and bool(old.personal_data) != n.personal_data)
        )
        body_changed = old.body != n.body
        old_areas = set(s.scalars(select(NoteAreaRow.area_id).where(NoteAreaRow.note_id == n.id)))
        old_services = set(
            s.scalars(select(NoteServiceRow.service_id).where(NoteServiceRow.note_id == n.id))
        )
        tags_changed = old_areas != set(n.area_ids) or old_services != set(n.service_ids)
    name = _short(n.subject)
    if body_changed and not (fields_changed or tags_changed):
        label = f"Endre tekst i «{name}»"
    elif tags_changed and not (fields_changed or body_changed):
        label = f"Endre stikkord for «{name}»"
    else:
        label = f"Endre notat «{name}»"
    with project.unit_of_work(label) as s:
        _check_tags(s, n.area_ids, n.service_ids)
        row = s.get_one(NoteRow, n.id)
        row.kind, row.held_on, row.subject = n.kind.value, n.held_on, n.subject
        row.organisation, row.body = n.organisation, n.body
        if n.personal_data is not None:
            row.personal_data = bool(n.personal_data)
        _set_tags(s, row.id, n.area_ids, n.service_ids)


def set_note_tags(
    project: Project, note_id: int, area_ids: Sequence[int], service_ids: Sequence[int]
) -> None:
    """Tag a note with exactly these areas and services (one step)."""
    with project.unit_of_work("Endre stikkord") as s:
        s.get_one(NoteRow, note_id)
        _check_tags(s, area_ids, service_ids)
        _set_tags(s, note_id, list(dict.fromkeys(area_ids)), list(dict.fromkeys(service_ids)))


def delete_note(project: Project, note_id: int) -> None:
    """Remove a note with its findings and tags (one undo step)."""
    with project.unit_of_work("Slett notat") as s:
        row = s.get(NoteRow, note_id)
        if row is None:
            raise ValidationError("Notatet finnes ikke lenger.")
        s.delete(row)


# -- findings --------------------------------------------------------------------------
def add_finding(project: Project, note_id: int, text_: str, is_candidate: bool = False) -> int:
    """Add a finding at the end of the note's list; returns its id."""
    t = _finding_text(text_)
    with project.unit_of_work("Nytt funn") as s:
        if s.get(NoteRow, note_id) is None:
            raise ValidationError("Notatet finnes ikke lenger.")
        last = s.scalar(select(func.max(FindingRow.position)).where(FindingRow.note_id == note_id))
        row = FindingRow(
            note_id=note_id,
            position=0 if last is None else last + 1,
            text=t,
            is_candidate=bool(is_candidate),
        )
        s.add(row)
        s.flush()
        return row.id


def _get_finding(s: Session, finding_id: int) -> FindingRow:
    row = s.get(FindingRow, finding_id)
    if row is None:
        raise ValidationError("Funnet finnes ikke lenger.")
    return row


def update_finding(project: Project, finding_id: int, text_: str) -> None:
    t = _finding_text(text_)
    with project.unit_of_work("Endre funn") as s:
        _get_finding(s, finding_id).text = t


def delete_finding(project: Project, finding_id: int) -> None:
    with project.unit_of_work("Slett funn") as s:
        s.delete(_get_finding(s, finding_id))


def move_finding(project: Project, finding_id: int, delta: int) -> bool:
    """Move a finding ``delta`` places up (negative) or down in its note's list.
    False (and no step) if it is already at that end."""
    with project.read() as s:
        row = _get_finding(s, finding_id)
        order = list(
            s.scalars(
                select(FindingRow.id)
                .where(FindingRow.note_id == row.note_id)
                .order_by(FindingRow.position, FindingRow.id)
            )
        )
    i = order.index(finding_id)
    j = max(0, min(len(order) - 1, i + delta))
    if i == j:
        return False
    order.insert(j, order.pop(i))
    with project.unit_of_work("Flytt funn") as s:
        for position, fid in enumerate(order):
            f = s.get_one(FindingRow, fid)
            if f.position != position:
                f.position = position
    return True


def set_candidate(project: Project, finding_id: int, is_candidate: bool) -> None:
    """Mark (or unmark) a finding as a candidate improvement point."""
    label = "Merk som kandidat" if is_candidate else "Fjern kandidatmerke"
    with project.unit_of_work(label) as s:
        _get_finding(s, finding_id).is_candidate = bool(is_candidate)
