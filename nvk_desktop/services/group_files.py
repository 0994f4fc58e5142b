"""Group files: a working group's secretary captures on another laptop, without a
network, and the facilitator merges the file back (issue 5, point 3).

A group file is an ordinary, small NVK project (same kommune) holding one workshop
with the *same uid* as in the main project, only the one group (same uid), its
participants (by name, without contact details), the agenda, and the group's cards
so far (same uids). ``WorkshopRow.group_file_group_uid`` marks it as a group file,
so NVK Desktop opens it straight into the capture screen.

Merging is safe to repeat and never loses text:

* The file's cards are hashed (uid, revision, text, area, kind); a file whose hash
  was merged into the workshop before is reported as *already merged* and nothing
  is written.
* Revisions tell who changed what. At export both sides of a card have the same
  revision R (the file card's ``base_revision`` = R). After a merge the project card
  takes the file's revision and remembers it in its own ``base_revision``. So the
  revision both sides last agreed on is ``A = max(incoming.base_revision,
  project.base_revision)``; the project changed the card if its revision ≠ A, the
  group file changed it if its revision > A.
* Per card: a new uid is inserted; a card changed only in the file is updated; a
  card changed on both sides (with different content) becomes a conflict
  (``CardConflictRow``) with the incoming version kept and the project's card
  untouched until ``resolve_conflict``; otherwise nothing happens.
* A card deleted in the group file stays in the project (deleting is the
  facilitator's decision, not the file's).
* If the group was deleted in the project since the export, it is made again with
  the same uid and name (``MergeReport.group_created``), so the cards have a home.

One transaction, after an automatic backup (reason "merge"), one undo step.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nvk_desktop.domain.workshop import CardConflict, CardKind, MergeRecord, MergeReport
from nvk_desktop.errors import ProjectFileError, ValidationError
from nvk_desktop.fileio import commit_temp
from nvk_desktop.services.project import Project, create_project, open_project
from nvk_desktop.services.workshops import _short, _workshop_row, now_iso
from nvk_desktop.store import backup as backup_store
from nvk_desktop.store.models import (
    AgendaStepRow,
    CardConflictRow,
    CardRow,
    ProjectRow,
    WorkshopGroupRow,
    WorkshopMergeRow,
    WorkshopParticipantRow,
    WorkshopRow,
)

ProgressFn = Callable[[int, int], None]
MERGE_CHUNK = 200  # cards between progress calls


# -- export -------------------------------------------------------------------------------
def suggested_file_name(workshop_name: str, group_name: str) -> str:
    """A file name for the USB stick, e.g. "Resultatverksted – Gruppe 2.nvk"."""
    raw = f"{workshop_name} – {group_name}"
    safe = "".join(c if c.isalnum() or c in " -–_.,()" else "_" for c in raw)
    return " ".join(safe.split())[:120].strip(" .") + ".nvk"


def export_group_file(project: Project, workshop_id: int, group_id: int, path: Path | str) -> Path:
    """Write a new group file for one working group at ``path`` (.nvk added if
    missing; an existing file there is replaced, so ask before). Returns the path.

    The project itself is not changed.
    """
    from nvk_desktop.services.project import normalise_path

    target = normalise_path(path)
    if target.exists() and target.resolve() == project.path.resolve():
        raise ValidationError(
            "Gruppefilen kan ikke lagres over prosjektet selv.", "Velg et annet filnavn."
        )
    if not target.parent.is_dir():
        raise ProjectFileError(
            target, f"Mappen «{target.parent}» finnes ikke.", "Velg en annen mappe."
        )
    with project.read() as s:
        ws = _workshop_row(s, workshop_id)
        if ws.group_file_group_uid is not None:
            raise ValidationError(
                "Dette er selv en gruppefil.",
                "Lag gruppefiler fra hovedprosjektet til verkstedet.",
            )
        group = s.get(WorkshopGroupRow, group_id)
        if group is None or group.workshop_id != workshop_id:
            raise ValidationError("Gruppen finnes ikke lenger.")
        kommune_nr = s.get_one(ProjectRow, 1).kommune_nr
        workshop = {
            c: getattr(ws, c)
            for c in ("uid", "kind", "name", "held_on", "place", "dot_budget", "note")
        }
        group_data = (group.uid, group.name)
        members = [
            (p.name, p.organisation)
            for p in s.scalars(
                select(WorkshopParticipantRow)
                .where(WorkshopParticipantRow.group_id == group_id)
                .order_by(WorkshopParticipantRow.name, WorkshopParticipantRow.id)
            )
        ]
        steps = [
            (r.position, r.title, r.prompt, r.area, r.minutes)
            for r in s.scalars(
                select(AgendaStepRow)
                .where(AgendaStepRow.workshop_id == workshop_id)
                .order_by(AgendaStepRow.position, AgendaStepRow.id)
            )
        ]
        card_rows = s.scalars(
            select(CardRow)
            .where(CardRow.group_id == group_id)
            .order_by(CardRow.position, CardRow.id)
        ).all()
        uid_of = {c.id: c.uid for c in card_rows}
        cards = [
            (
                c.uid,
                c.position,
                c.text,
                c.area,
                c.kind,
                c.revision,
                c.created_at,
                c.updated_at,
                uid_of.get(c.duplicate_of_id) if c.duplicate_of_id is not None else None,
            )
            for c in card_rows
        ]

    tmp = target.with_name(f".{target.stem}.{os.getpid()}.eksport.nvk")
    _remove_quietly(tmp)
    name = _short(f"{workshop['name']} – {group_data[1]}", 200)
    out = create_project(tmp, kommune_nr, name)
    try:
        with out.unit_of_work("Gruppefil") as s:
            w = WorkshopRow(
                uid=workshop["uid"],
                kind=workshop["kind"],
                name=workshop["name"],
                held_on=workshop["held_on"],
                place=workshop["place"],
                facilitator_id=None,
                dot_budget=workshop["dot_budget"],
                votes_revealed=False,
                group_file_group_uid=group_data[0],
                note=workshop["note"],
            )
            s.add(w)
            s.flush()
            g = WorkshopGroupRow(
                uid=group_data[0], workshop_id=w.id, position=0, name=group_data[1]
            )
            s.add(g)
            s.flush()
            s.add_all(
                WorkshopParticipantRow(
                    workshop_id=w.id, person_id=None, name=n, organisation=o, group_id=g.id
                )
                for n, o in members
            )
            s.add_all(
                AgendaStepRow(workshop_id=w.id, position=pos, title=t, prompt=pr, area=a, minutes=m)
                for pos, t, pr, a, m in steps
            )
            rows = {
                uid: CardRow(
                    uid=uid,
                    workshop_id=w.id,
                    group_id=g.id,
                    position=pos,
                    text=text,
                    area=area,
                    kind=kind,
                    revision=rev,
                    base_revision=rev,
                    created_at=created,
                    updated_at=updated,
                )
                for uid, pos, text, area, kind, rev, created, updated, _dup in cards
            }
            s.add_all(rows.values())
            s.flush()
            for uid, *_rest, dup in cards:
                if dup is not None and dup in rows:
                    rows[uid].duplicate_of_id = rows[dup].id
        out.take_last_change()
    except BaseException:
        out.close()
        _remove_quietly(tmp)
        raise
    out.close()
    # The temp file's own backups (made on open and close) are of no use to anyone.
    with contextlib.suppress(OSError):
        shutil.rmtree(backup_store.backup_folder(tmp))
    try:
        commit_temp(tmp, target)
    except OSError as e:
        _remove_quietly(tmp)
        raise ProjectFileError(
            target, f"Kunne ikke lagre gruppefilen «{target.name}» ({e.strerror or e})."
        ) from None
    return target


def _remove_quietly(path: Path) -> None:
    for p in (path, path.with_name(path.name + "-journal")):
        with contextlib.suppress(OSError):
            p.unlink()


# -- reading a group file -------------------------------------------------------------------
@dataclass(frozen=True)
class _IncomingCard:
    uid: str
    position: int
    text: str
    area: str | None
    kind: str
    revision: int
    base_revision: int
    created_at: str
    updated_at: str
    duplicate_of_uid: str | None


@dataclass(frozen=True)
class _GroupFile:
    file_name: str
    workshop_uid: str
    workshop_name: str
    group_uid: str
    group_name: str
    cards: tuple[_IncomingCard, ...]

    @property
    def content_hash(self) -> str:
        payload = {
            "workshop": self.workshop_uid,
            "group": self.group_uid,
            "cards": sorted([c.uid, c.revision, c.text, c.area, c.kind] for c in self.cards),
        }
        raw = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _read_group_file(path: Path) -> _GroupFile:
    if not path.exists():
        raise ProjectFileError(
            path,
            f"Finner ikke filen «{path}».",
            "Sjekk at minnepinnen står i, og velg filen på nytt.",
        )
    source = open_project(path, read_only=True)
    try:
        with source.read() as s:
            ws = s.scalars(
                select(WorkshopRow).where(WorkshopRow.group_file_group_uid.is_not(None))
            ).all()
            if len(ws) != 1:
                raise ValidationError(
                    f"«{path.name}» er et vanlig prosjekt, ikke en gruppefil.",
                    "Velg filen som ble laget med «Lag gruppefil» for gruppen.",
                )
            w = ws[0]
            group = s.scalar(
                select(WorkshopGroupRow).where(
                    WorkshopGroupRow.uid == w.group_file_group_uid,
                    WorkshopGroupRow.workshop_id == w.id,
                )
            )
            if group is None:
                raise ValidationError(
                    f"Gruppen mangler i «{path.name}».",
                    "Filen er ødelagt eller endret utenfor NVK Desktop. Lag en ny gruppefil.",
                )
            rows = s.scalars(select(CardRow).where(CardRow.workshop_id == w.id)).all()
            uid_of = {r.id: r.uid for r in rows}
            cards = tuple(
                _IncomingCard(
                    r.uid,
                    r.position,
                    r.text,
                    r.area,
                    r.kind,
                    r.revision,
                    r.base_revision,
                    r.created_at,
                    r.updated_at,
                    uid_of.get(r.duplicate_of_id) if r.duplicate_of_id is not None else None,
                )
                for r in sorted(rows, key=lambda r: (r.position, r.id))
            )
            return _GroupFile(path.name, w.uid, w.name, group.uid, group.name, cards)
    finally:
        source.close()


# -- merge ----------------------------------------------------------------------------------
def merge_group_file(
    project: Project, workshop_id: int, path: Path | str, progress: ProgressFn | None = None
) -> MergeReport:
    """Merge a group file into the workshop (see the module docstring for the rules).

    Refuses (KnownError) a file that is not an NVK project, is damaged, is not a
    group file, or belongs to another workshop; reports ``already_merged`` for a file
    merged before, without writing anything.
    """
    path = Path(path).expanduser()
    if path.exists() and path.resolve() == project.path.resolve():
        raise ValidationError("Dette er prosjektet selv, ikke en gruppefil.")
    incoming = _read_group_file(path)
    with project.read() as s:
        ws = _workshop_row(s, workshop_id)
        if incoming.workshop_uid != ws.uid:
            raise ValidationError(
                f"«{path.name}» hører til verkstedet «{incoming.workshop_name}», "
                f"ikke til «{ws.name}».",
                "Velg gruppefilen som ble laget fra dette verkstedet.",
            )
    digest = incoming.content_hash
    if _merged_before(project, workshop_id, digest):
        return MergeReport(path.name, incoming.group_name, already_merged=True)
    backup = project.backup("merge")
    total = len(incoming.cards)
    if progress is not None:
        progress(0, total)
    label = f"Flett inn gruppefil «{_short(path.name, 40)}»"
    with project.unit_of_work(label) as s:
        if s.scalar(
            select(WorkshopMergeRow.id).where(
                WorkshopMergeRow.workshop_id == workshop_id,
                WorkshopMergeRow.content_hash == digest,
            )
        ):
            return MergeReport(path.name, incoming.group_name, already_merged=True)
        group, created = _group_for(s, workshop_id, incoming)
        merge = WorkshopMergeRow(
            workshop_id=workshop_id,
            group_uid=incoming.group_uid,
            file_name=path.name,
            content_hash=digest,
            merged_at=now_iso(),
        )
        s.add(merge)
        s.flush()
        existing = _cards_by_uid(s, [c.uid for c in incoming.cards])
        foreign = [c for c in existing.values() if c.workshop_id != workshop_id]
        if foreign:
            raise ValidationError(
                f"«{path.name}» har innspill som hører til et annet verksted i prosjektet.",
                "Filen er endret utenfor NVK Desktop; ingenting er flettet inn.",
            )
        next_pos = (
            int(
                s.scalar(
                    select(func.coalesce(func.max(CardRow.position), -1)).where(
                        CardRow.workshop_id == workshop_id
                    )
                )
                or 0
            )
            + 1
        )
        added: dict[str, CardRow] = {}
        updated = unchanged = 0
        conflicts: list[CardConflictRow] = []
        stamp = now_iso()
        for n, c in enumerate(incoming.cards, start=1):
            kind = CardKind(c.kind).value  # a file edited by hand cannot smuggle in a kind
            row = existing.get(c.uid)
            if row is None:
                row = CardRow(
                    uid=c.uid,
                    workshop_id=workshop_id,
                    group_id=group.id,
                    position=next_pos,
                    text=c.text,
                    area=c.area,
                    kind=kind,
                    revision=c.revision,
                    base_revision=c.revision,
                    created_at=c.created_at,
                    updated_at=c.updated_at,
                )
                next_pos += 1
                s.add(row)
                added[c.uid] = row
            else:
                agreed = max(c.base_revision, row.base_revision)
                ours_changed = row.revision != agreed
                theirs_changed = c.revision > agreed
                same = (row.text, row.area, row.kind) == (c.text, c.area, kind)
                if not theirs_changed or same:
                    unchanged += 1
                elif not ours_changed:
                    row.text, row.area, row.kind = c.text, c.area, kind
                    row.revision = row.base_revision = c.revision
                    row.updated_at = stamp
                    updated += 1
                else:
                    conflict = CardConflictRow(
                        card_id=row.id,
                        merge_id=merge.id,
                        text=c.text,
                        area=c.area,
                        kind=kind,
                        revision=c.revision,
                    )
                    s.add(conflict)
                    conflicts.append(conflict)
            if progress is not None and (n % MERGE_CHUNK == 0 or n == total):
                s.flush()
                progress(n, total)
        s.flush()
        # Duplicates merged on the secretary's laptop stay merged here.
        for c in incoming.cards:
            if c.uid in added and c.duplicate_of_uid is not None:
                target = added.get(c.duplicate_of_uid) or existing.get(c.duplicate_of_uid)
                if target is not None:
                    added[c.uid].duplicate_of_id = target.id
        merge.added, merge.updated, merge.conflicts = len(added), updated, len(conflicts)
        s.flush()
        report_conflicts = tuple(_conflicts(s, workshop_id, [k.id for k in conflicts]))
        merge_id = merge.id
    return MergeReport(
        file_name=path.name,
        group_name=incoming.group_name,
        added=len(added),
        updated=updated,
        unchanged=unchanged,
        conflicts=report_conflicts,
        already_merged=False,
        group_created=created,
        backup=backup,
        merge_id=merge_id,
    )


def _merged_before(project: Project, workshop_id: int, digest: str) -> bool:
    with project.read() as s:
        return (
            s.scalar(
                select(WorkshopMergeRow.id).where(
                    WorkshopMergeRow.workshop_id == workshop_id,
                    WorkshopMergeRow.content_hash == digest,
                )
            )
            is not None
        )


def _group_for(s: Session, workshop_id: int, incoming: _GroupFile) -> tuple[WorkshopGroupRow, bool]:
    group = s.scalar(select(WorkshopGroupRow).where(WorkshopGroupRow.uid == incoming.group_uid))
    if group is not None:
        if group.workshop_id != workshop_id:
            raise ValidationError("Gruppen i filen hører til et annet verksted i prosjektet.")
        return group, False
    last = s.scalar(
        select(func.max(WorkshopGroupRow.position)).where(
            WorkshopGroupRow.workshop_id == workshop_id
        )
    )
    group = WorkshopGroupRow(
        uid=incoming.group_uid,
        workshop_id=workshop_id,
        position=0 if last is None else last + 1,
        name=incoming.group_name,
    )
    s.add(group)
    s.flush()
    return group, True


def _cards_by_uid(s: Session, uids: list[str]) -> dict[str, CardRow]:
    out: dict[str, CardRow] = {}
    for start in range(0, len(uids), 500):
        for r in s.scalars(select(CardRow).where(CardRow.uid.in_(uids[start : start + 500]))):
            out[r.uid] = r
    return out


# -- conflicts and merges ---------------------------------------------------------------------
def _conflicts(s: Session, workshop_id: int, ids: list[int] | None = None) -> list[CardConflict]:
    query = (
        select(CardConflictRow, CardRow, WorkshopGroupRow.name, WorkshopMergeRow.file_name)
        .join(CardRow, CardRow.id == CardConflictRow.card_id)
        .join(WorkshopMergeRow, WorkshopMergeRow.id == CardConflictRow.merge_id)
        .outerjoin(WorkshopGroupRow, WorkshopGroupRow.id == CardRow.group_id)
        .where(CardRow.workshop_id == workshop_id)
        .order_by(CardConflictRow.id)
    )
    if ids is not None:
        if not ids:
            return []
        query = query.where(CardConflictRow.id.in_(ids))
    return [
        CardConflict(
            id=k.id,
            card_id=c.id,
            card_uid=c.uid,
            group_name=gname or "",
            file_name=fname,
            current_text=c.text,
            current_area=c.area,
            current_kind=CardKind(c.kind),
            incoming_text=k.text,
            incoming_area=k.area,
            incoming_kind=CardKind(k.kind),
            incoming_revision=k.revision,
        )
        for k, c, gname, fname in s.execute(query).all()
    ]


def list_conflicts(project: Project, workshop_id: int) -> list[CardConflict]:
    """Cards changed both here and in a merged group file, waiting for a choice."""
    with project.read() as s:
        return _conflicts(s, workshop_id)


def resolve_conflict(project: Project, conflict_id: int, take: str) -> None:
    """Choose the version of a conflicting card: ``take="incoming"`` (the group file's
    text, area and kind replace the project's) or ``"current"`` (keep the project's).
    The conflict goes away either way. One undo step."""
    if take not in ("incoming", "current"):
        raise ValueError(f"take must be 'incoming' or 'current', not {take!r}")
    label = "Bruk gruppens versjon" if take == "incoming" else "Behold prosjektets versjon"
    with project.unit_of_work(label) as s:
        conflict = s.get(CardConflictRow, conflict_id)
        if conflict is None:
            raise ValidationError("Konflikten er allerede avgjort.")
        card = s.get_one(CardRow, conflict.card_id)
        if take == "incoming":
            card.text, card.area, card.kind = conflict.text, conflict.area, conflict.kind
            if conflict.revision > card.revision:
                # In step with the group file again: its next edits merge cleanly.
                card.revision = card.base_revision = conflict.revision
            else:
                card.revision += 1
            card.updated_at = now_iso()
        s.delete(conflict)


def list_merges(project: Project, workshop_id: int) -> list[MergeRecord]:
    with project.read() as s:
        rows = s.execute(
            select(WorkshopMergeRow, WorkshopGroupRow.name)
            .outerjoin(WorkshopGroupRow, WorkshopGroupRow.uid == WorkshopMergeRow.group_uid)
            .where(WorkshopMergeRow.workshop_id == workshop_id)
            .order_by(WorkshopMergeRow.id)
        ).all()
        return [
            MergeRecord(
                m.id,
                m.group_uid,
                gname or "",
                m.file_name,
                m.merged_at,
                m.added,
                m.updated,
                m.conflicts,
            )
            for m, gname in rows
        ]
