"""Phase checklists: edit the items, order them, link them to what they produced, and
measure a phase's progress (DOMAIN.md §4, issue 3 point 1).

Every function that changes something is one unit of work, so one undo step.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from nvk_desktop.domain.checklist import (
    CHECKLIST_PHASES,
    LINK_LABEL_MAX,
    NOTE_MAX,
    TITLE_MAX,
    ChecklistItem,
    ChecklistLink,
    ChecklistStatus,
    LinkKind,
    PhaseProgress,
)
from nvk_desktop.domain.enums import Phase
from nvk_desktop.domain.text import fold, sort_key
from nvk_desktop.errors import ValidationError
from nvk_desktop.services.project import Project
from nvk_desktop.store.models import (
    ChecklistItemRow,
    ChecklistLinkRow,
    MeetingRow,
    NoteRow,
    PersonRow,
    ServiceAreaRow,
    ServiceRow,
    SurveyRow,
    WorkshopRow,
)

__all__ = [
    "add_item",
    "add_link",
    "add_links",
    "delete_item",
    "get_item",
    "link_targets",
    "list_items",
    "move_item",
    "open_items",
    "phase_progress",
    "remove_link",
    "update_item",
]


# -- link targets: one lookup per kind that points at a record ------------------------------
def _dated(title: str, d: date | None) -> str:
    return f"{title} ({d:%d.%m.%Y})" if d is not None else title


def _note_targets(s: Session, ids: Collection[int] | None) -> list[tuple[int, str]]:
    q = select(NoteRow.id, NoteRow.subject, NoteRow.held_on)
    if ids is not None:
        q = q.where(NoteRow.id.in_(ids))
    rows = sorted(
        s.execute(q).all(), key=lambda r: (r.held_on or date.max, sort_key(r.subject), r.id)
    )
    return [(r.id, _dated(r.subject, r.held_on)) for r in rows]


def _meeting_targets(s: Session, ids: Collection[int] | None) -> list[tuple[int, str]]:
    q = select(MeetingRow.id, MeetingRow.title, MeetingRow.held_on)
    if ids is not None:
        q = q.where(MeetingRow.id.in_(ids))
    rows = sorted(
        s.execute(q).all(), key=lambda r: (r.held_on or date.max, sort_key(r.title), r.id)
    )
    return [(r.id, _dated(r.title, r.held_on)) for r in rows]


def _service_targets(s: Session, ids: Collection[int] | None) -> list[tuple[int, str]]:
    q = select(ServiceRow.id, ServiceRow.name, ServiceAreaRow.name.label("area")).join(
        ServiceAreaRow, ServiceRow.area_id == ServiceAreaRow.id
    )
    q = q.order_by(ServiceAreaRow.position, ServiceAreaRow.id, ServiceRow.position, ServiceRow.id)
    if ids is not None:
        q = q.where(ServiceRow.id.in_(ids))
    return [(r.id, f"{r.area} › {r.name}") for r in s.execute(q)]


def _survey_targets(s: Session, ids: Collection[int] | None) -> list[tuple[int, str]]:
    q = select(SurveyRow.id, SurveyRow.name, SurveyRow.round).order_by(SurveyRow.id)
    if ids is not None:
        q = q.where(SurveyRow.id.in_(ids))
    return [(r.id, f"{r.name} ({r.round})") for r in s.execute(q)]


def _workshop_targets(s: Session, ids: Collection[int] | None) -> list[tuple[int, str]]:
    q = select(WorkshopRow.id, WorkshopRow.name, WorkshopRow.held_on)
    if ids is not None:
        q = q.where(WorkshopRow.id.in_(ids))
    rows = sorted(s.execute(q).all(), key=lambda r: (r.held_on or date.max, sort_key(r.name), r.id))
    return [(r.id, _dated(r.name, r.held_on)) for r in rows]


TargetLookup = Callable[[Session, Collection[int] | None], list[tuple[int, str]]]

# A new kind of link is one LinkKind member, one entry here and one in _WORDS.
_TARGETS: dict[LinkKind, TargetLookup] = {
    LinkKind.NOTE: _note_targets,
    LinkKind.MEETING: _meeting_targets,
    LinkKind.SERVICE: _service_targets,
    LinkKind.SURVEY: _survey_targets,
    LinkKind.WORKSHOP: _workshop_targets,
}


@dataclass(frozen=True)
class _KindWords:
    missing: str  # what a dangling link says
    unknown: str  # the message when the target is not there


_WORDS: dict[LinkKind, _KindWords] = {
    LinkKind.NOTE: _KindWords("notatet er slettet", "Fant ikke notatet."),
    LinkKind.MEETING: _KindWords("møtet er slettet", "Fant ikke møtet."),
    LinkKind.SERVICE: _KindWords("tjenesten er slettet", "Fant ikke tjenesten."),
    LinkKind.SURVEY: _KindWords("undersøkelsen er slettet", "Fant ikke undersøkelsen."),
    LinkKind.WORKSHOP: _KindWords("verkstedet er slettet", "Fant ikke verkstedet."),
}


def link_targets(project: Project, kind: LinkKind) -> list[tuple[int, str]]:
    """What an item can be linked to, as (target_id, label): notes "subject (date)",
    meetings "title (date)", services "area › name". A document has no targets: its
    link is a free label."""
    kind = LinkKind(kind)
    lookup = _TARGETS.get(kind)
    if lookup is None:
        return []
    with project.read() as s:
        return lookup(s, None)


# -- reading -------------------------------------------------------------------------------
def _links_of(s: Session, item_ids: Collection[int]) -> dict[int, tuple[ChecklistLink, ...]]:
    if not item_ids:
        return {}
    rows = s.scalars(
        select(ChecklistLinkRow)
        .where(ChecklistLinkRow.item_id.in_(item_ids))
        .order_by(ChecklistLinkRow.id)
    ).all()
    wanted: dict[LinkKind, set[int]] = {}
    for r in rows:
        kind = _kind_or_none(r.kind)
        if kind is not None and kind.has_target and r.target_id is not None:
            wanted.setdefault(kind, set()).add(r.target_id)
    names: dict[tuple[LinkKind, int], str] = {}
    for kind, ids in wanted.items():
        lookup = _TARGETS.get(kind)
        if lookup is not None:
            names.update({(kind, tid): label for tid, label in lookup(s, ids)})
    out: dict[int, list[ChecklistLink]] = {}
    for r in rows:
        kind = _kind_or_none(r.kind)
        if kind is None:  # a kind from a newer version: keep it out of sight, untouched
            continue
        if kind.has_target and r.target_id is not None:
            label = names.get((kind, r.target_id))
            link = ChecklistLink(kind, r.target_id, label or r.label, r.id, missing=label is None)
        else:
            link = ChecklistLink(kind, None, r.label, r.id)
        out.setdefault(r.item_id, []).append(link)
    return {k: tuple(v) for k, v in out.items()}


def _kind_or_none(value: str) -> LinkKind | None:
    try:
        return LinkKind(value)
    except ValueError:
        return None


def _item(row: ChecklistItemRow, links: tuple[ChecklistLink, ...] = ()) -> ChecklistItem:
    return ChecklistItem(
        phase=Phase(row.phase),
        title=row.title,
        status=ChecklistStatus(row.status),
        responsible_id=row.responsible_id,
        due_on=row.due_on,
        note=row.note,
        position=row.position,
        id=row.id,
        links=links,
    )


def _rows_of_phase(s: Session, phase: Phase) -> list[ChecklistItemRow]:
    return list(
        s.scalars(
            select(ChecklistItemRow)
            .where(ChecklistItemRow.phase == phase.value)
            .order_by(ChecklistItemRow.position, ChecklistItemRow.id)
        )
    )


def list_items(project: Project, phase: Phase) -> list[ChecklistItem]:
    """The phase's items in their order, with their links."""
    phase = _checklist_phase(phase)
    with project.read() as s:
        rows = _rows_of_phase(s, phase)
        links = _links_of(s, [r.id for r in rows])
        return [_item(r, links.get(r.id, ())) for r in rows]


def get_item(project: Project, item_id: int) -> ChecklistItem:
    with project.read() as s:
        row = _get_row(s, item_id)
        return _item(row, _links_of(s, [row.id]).get(row.id, ()))


def open_items(project: Project, phase: Phase) -> list[ChecklistItem]:
    """The items of a phase that are neither ferdig nor ikke aktuelt, in order."""
    return [i for i in list_items(project, phase) if i.is_open]


def phase_progress(project: Project, today: date) -> list[PhaseProgress]:
    """Progress of the forstudie, forprosjekt and hovedprosjekt checklists."""
    with project.read() as s:
        rows = s.execute(
            select(ChecklistItemRow.phase, ChecklistItemRow.status, ChecklistItemRow.due_on)
        ).all()
    out = []
    for phase in CHECKLIST_PHASES:
        mine = [r for r in rows if r.phase == phase.value]
        statuses = [ChecklistStatus(r.status) for r in mine]
        out.append(
            PhaseProgress(
                phase=phase,
                total=len(mine),
                done=statuses.count(ChecklistStatus.FERDIG),
                not_applicable=statuses.count(ChecklistStatus.IKKE_AKTUELT),
                overdue=sum(
                    1
                    for r, st in zip(mine, statuses, strict=True)
                    if not st.is_closed and r.due_on is not None and r.due_on < today
                ),
                in_progress=statuses.count(ChecklistStatus.PAGAR),
            )
        )
    return out


# -- validation ----------------------------------------------------------------------------
def _checklist_phase(phase: Phase | str) -> Phase:
    try:
        p = Phase(phase)
    except ValueError:
        raise ValidationError(f"Ukjent fase «{phase}».") from None
    if p not in CHECKLIST_PHASES:
        raise ValidationError(
            f"{p.label} har ingen sjekkliste.",
            "Sjekklister finnes for forstudie, forprosjekt og hovedprosjekt.",
        )
    return p


def _title(title: str) -> str:
    t = " ".join(title.split())
    if not t:
        raise ValidationError("Punktet må ha en tittel.", "Skriv hva som skal gjøres.")
    if len(t) > TITLE_MAX:
        raise ValidationError(
            f"Tittelen er for lang ({len(t)} tegn, høyst {TITLE_MAX}).",
            "Skriv detaljene i notatet i stedet.",
        )
    return t


def _short(title: str, n: int = 40) -> str:
    return title if len(title) <= n else title[: n - 1].rstrip() + "…"


def _get_row(s: Session, item_id: int) -> ChecklistItemRow:
    row = s.get(ChecklistItemRow, item_id)
    if row is None:
        raise ValidationError(
            "Sjekklistepunktet finnes ikke lenger.", "Det kan være slettet eller angret."
        )
    return row


def _validate(item: ChecklistItem) -> ChecklistItem:
    try:
        status = ChecklistStatus(item.status)
    except ValueError:
        raise ValidationError(f"Ukjent status «{item.status}».") from None
    if item.due_on is not None and not isinstance(item.due_on, date):
        raise ValidationError("Fristen må være en dato.")
    note = item.note.strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(f"Notatet er for langt (over {NOTE_MAX} tegn).")
    return ChecklistItem(
        phase=_checklist_phase(item.phase),
        title=_title(item.title),
        status=status,
        responsible_id=item.responsible_id,
        due_on=item.due_on,
        note=note,
        position=item.position,
        id=item.id,
        links=item.links,
    )


# -- changing items ------------------------------------------------------------------------
def add_item(project: Project, phase: Phase, title: str, after_id: int | None = None) -> int:
    """A new item (ikke startet) right after ``after_id``, or last. Returns its id."""
    phase = _checklist_phase(phase)
    title = _title(title)
    with project.unit_of_work(f"Nytt sjekklistepunkt «{_short(title)}»") as s:
        rows = _rows_of_phase(s, phase)
        if after_id is None:
            index = len(rows)
        else:
            ids = [r.id for r in rows]
            if after_id not in ids:
                raise ValidationError(
                    "Punktet det skulle settes inn etter, finnes ikke i denne fasen."
                )
            index = ids.index(after_id) + 1
        new = ChecklistItemRow(
            phase=phase.value,
            position=index,
            title=title,
            status=ChecklistStatus.IKKE_STARTET.value,
            note="",
        )
        s.add(new)
        s.flush()
        _renumber(rows[:index] + [new] + rows[index:])
        return new.id


def _renumber(rows: Sequence[ChecklistItemRow]) -> None:
    for i, r in enumerate(rows):
        if r.position != i:
            r.position = i


def update_item(project: Project, item: ChecklistItem) -> None:
    """Store title, status, responsible person, due date and note of a stored item.
    Nothing changed → no undo step."""
    if item.id is None:
        raise ValueError("update_item needs a stored item")
    it = _validate(item)
    before = get_item(project, item.id)
    with project.unit_of_work(update_label(before, it)) as s:
        row = _get_row(s, item.id)
        if it.responsible_id is not None and s.get(PersonRow, it.responsible_id) is None:
            raise ValidationError(
                "Fant ikke den ansvarlige personen.", "Velg en person fra Organisering."
            )
        if row.phase != it.phase.value:
            raise ValidationError("Et punkt kan ikke flyttes til en annen fase.")
        row.title = it.title
        row.status = it.status.value
        row.responsible_id = it.responsible_id
        row.due_on = it.due_on
        row.note = it.note


def update_label(before: ChecklistItem, after: ChecklistItem) -> str:
    """What the Angre menu calls a change from ``before`` to ``after``."""
    changed = [
        name
        for name in ("title", "status", "responsible_id", "due_on", "note")
        if getattr(before, name) != getattr(after, name)
    ]
    if changed == ["status"]:
        return f"Status «{after.status.label}» for «{_short(after.title)}»"
    if changed == ["title"]:
        return f"Gi nytt navn til «{_short(before.title)}»"
    if changed == ["responsible_id"]:
        return f"Endre ansvarlig for «{_short(after.title)}»"
    if changed == ["due_on"]:
        return f"Endre frist for «{_short(after.title)}»"
    if changed == ["note"]:
        return f"Endre notat for «{_short(after.title)}»"
    return f"Endre «{_short(after.title)}»"


def move_item(project: Project, item_id: int, new_index: int) -> None:
    """Put the item at ``new_index`` (0 = first) of its phase's list, the others
    following in their order. One undo step; the same place → no step."""
    with project.unit_of_work("Flytt sjekklistepunkt") as s:
        row = _get_row(s, item_id)
        rows = _rows_of_phase(s, Phase(row.phase))
        if not 0 <= new_index < len(rows):
            raise ValidationError(
                f"Kan ikke flytte punktet til plass {new_index + 1}: listen har {len(rows)} punkter."
            )
        rows.remove(row)
        rows.insert(new_index, row)
        _renumber(rows)


def delete_item(project: Project, item_id: int) -> None:
    """Remove the item with its links (one undo step)."""
    with project.read() as s:
        title = _get_row(s, item_id).title
    with project.unit_of_work(f"Slett sjekklistepunkt «{_short(title)}»") as s:
        row = _get_row(s, item_id)
        for link in s.scalars(select(ChecklistLinkRow).where(ChecklistLinkRow.item_id == row.id)):
            s.delete(link)
        s.flush()
        s.delete(row)
        s.flush()
        _renumber(_rows_of_phase(s, Phase(row.phase)))


# -- links ---------------------------------------------------------------------------------
def add_link(project: Project, item_id: int, link: ChecklistLink) -> int:
    """Link the item to a note, meeting or service (target_id) or to a document
    (label only). Returns the link's id."""
    return add_links(project, item_id, [link])[0]


def add_links(project: Project, item_id: int, links: Sequence[ChecklistLink]) -> list[int]:
    """Several links in one undo step (for example the services an item mapped)."""
    if not links:
        raise ValidationError("Velg hva punktet skal kobles til.")
    with project.read() as s:
        title = _get_row(s, item_id).title
    label = (
        f"Koble «{_short(title)}» til {LinkKind(links[0].kind).label.lower()}"
        if len(links) == 1
        else f"Koble «{_short(title)}» til {len(links)} ting"
    )
    with project.unit_of_work(label) as s:
        _get_row(s, item_id)
        existing = s.scalars(
            select(ChecklistLinkRow).where(ChecklistLinkRow.item_id == item_id)
        ).all()
        have_targets = {(r.kind, r.target_id) for r in existing if r.target_id is not None}
        have_docs = {fold(r.label.strip()) for r in existing if r.kind == LinkKind.DOCUMENT.value}
        new_rows = []
        for link in links:
            kind = LinkKind(link.kind)
            if kind.has_target:
                if link.target_id is None:
                    raise ValidationError(f"Velg hvilken {kind.label.lower()} punktet gjelder.")
                found = _TARGETS[kind](s, [link.target_id])
                if not found:
                    raise ValidationError(_WORDS[kind].unknown, "Den kan være slettet.")
                key = (kind.value, link.target_id)
                if key in have_targets:
                    raise ValidationError(f"Punktet er allerede koblet til «{found[0][1]}».")
                have_targets.add(key)
                row = ChecklistLinkRow(
                    item_id=item_id, kind=kind.value, target_id=link.target_id, label=found[0][1]
                )
            else:
                text = " ".join(link.label.split())
                if not text:
                    raise ValidationError(
                        "Dokumentet må ha et navn.", "For eksempel «Forstudierapport.pdf»."
                    )
                if len(text) > LINK_LABEL_MAX:
                    raise ValidationError(
                        f"Dokumentnavnet er for langt (over {LINK_LABEL_MAX} tegn)."
                    )
                if link.target_id is not None:
                    raise ValidationError("En dokumentkobling har bare et navn.")
                if fold(text) in have_docs:
                    raise ValidationError(f"Punktet er allerede koblet til «{text}».")
                have_docs.add(fold(text))
                row = ChecklistLinkRow(item_id=item_id, kind=kind.value, target_id=None, label=text)
            s.add(row)
            new_rows.append(row)
        s.flush()
        return [r.id for r in new_rows]


def remove_link(project: Project, link_id: int) -> None:
    with project.unit_of_work("Fjern kobling") as s:
        row = s.get(ChecklistLinkRow, link_id)
        if row is None:
            raise ValidationError("Koblingen finnes ikke lenger.")
        s.delete(row)
