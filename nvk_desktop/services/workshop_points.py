"""Improvement points of a workshop: clustering cards, evidence links, dot voting and
gevinst/innsats scores (issue 5, points 4–5; DOMAIN.md §7).

Every function that changes something is one unit of work, so one undo step.

Votes are private to the facilitator's entry screen: ``tally`` (for the room, the
projector and the referat) returns only totals per point, never who gave them;
``participant_votes`` is the only function that reads individual votes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from nvk_desktop.domain.workshop import (
    NAME_MAX,
    SCORE_MAX,
    SCORE_MIN,
    EvidenceChoice,
    ImprovementPoint,
    LinkKind,
    ParticipantVotes,
    PointLink,
    Tally,
    VoteTally,
    priority_key,
)
from nvk_desktop.errors import ValidationError
from nvk_desktop.services.project import Project
from nvk_desktop.services.workshops import (
    _card_rows,
    _short,
    _workshop_row,
    area_name,
    areas,
    check_area,
    new_uid,
)
from nvk_desktop.store.models import (
    CardRow,
    CommentThemeRow,
    FindingRow,
    ImprovementPointLinkRow,
    ImprovementPointRow,
    NoteRow,
    SurveyItemRow,
    SurveyRow,
    VoteRow,
    WorkshopParticipantRow,
)

DESCRIPTION_MAX = 4000


# -- reading ---------------------------------------------------------------------------
def _point_row(s: Session, point_id: int) -> ImprovementPointRow:
    row = s.get(ImprovementPointRow, point_id)
    if row is None:
        raise ValidationError("Forbedringspunktet finnes ikke lenger.")
    return row


def _tallies(s: Session, workshop_id: int) -> dict[int, tuple[int, int]]:
    """point id → (dots, voters) for the workshop's points."""
    rows = s.execute(
        select(VoteRow.point_id, func.sum(VoteRow.dots), func.count(VoteRow.id))
        .join(ImprovementPointRow, ImprovementPointRow.id == VoteRow.point_id)
        .where(ImprovementPointRow.workshop_id == workshop_id, VoteRow.dots > 0)
        .group_by(VoteRow.point_id)
    ).all()
    return {pid: (int(d or 0), int(n)) for pid, d, n in rows}


def _points(
    s: Session, workshop_id: int, *, with_tally: bool | None = None
) -> list[ImprovementPoint]:
    ws = _workshop_row(s, workshop_id)
    show = ws.votes_revealed if with_tally is None else with_tally
    rows = s.scalars(
        select(ImprovementPointRow)
        .where(ImprovementPointRow.workshop_id == workshop_id)
        .order_by(ImprovementPointRow.position, ImprovementPointRow.id)
    ).all()
    cards: dict[int, list[int]] = {}
    for cid, pid in s.execute(
        select(CardRow.id, CardRow.point_id)
        .where(CardRow.workshop_id == workshop_id, CardRow.point_id.is_not(None))
        .order_by(CardRow.position, CardRow.id)
    ):
        if pid is not None:
            cards.setdefault(pid, []).append(cid)
    links: dict[int, list[PointLink]] = {}
    ids = [r.id for r in rows]
    if ids:
        for ln in s.scalars(
            select(ImprovementPointLinkRow)
            .where(ImprovementPointLinkRow.point_id.in_(ids))
            .order_by(ImprovementPointLinkRow.id)
        ):
            links.setdefault(ln.point_id, []).append(
                PointLink(ln.id, ln.point_id, LinkKind(ln.kind), ln.target_id, ln.key, ln.label)
            )
    tallies = _tallies(s, workshop_id) if show else {}
    return [
        ImprovementPoint(
            id=r.id,
            uid=r.uid,
            workshop_id=r.workshop_id,
            position=r.position,
            title=r.title,
            description=r.description,
            area=r.area,
            gain=r.gain,
            effort=r.effort,
            card_ids=tuple(cards.get(r.id, ())),
            links=tuple(links.get(r.id, ())),
            tally=VoteTally(r.id, r.title, *tallies.get(r.id, (0, 0))) if show else None,
        )
        for r in rows
    ]


def list_points(project: Project, workshop_id: int) -> list[ImprovementPoint]:
    """The workshop's points in board order, with their cards and links; each point's
    ``tally`` is set only once the votes are revealed."""
    with project.read() as s:
        return _points(s, workshop_id)


def get_point(project: Project, point_id: int) -> ImprovementPoint:
    with project.read() as s:
        row = _point_row(s, point_id)
        if row.workshop_id is None:
            raise ValidationError("Forbedringspunktet hører ikke til et verksted.")
        return next(p for p in _points(s, row.workshop_id) if p.id == point_id)


def prioritised(project: Project, workshop_id: int) -> list[ImprovementPoint]:
    """The points most dots first, then by gevinst − innsats (the tallies are counted
    here whether or not they are shown in the room yet)."""
    with project.read() as s:
        pts = _points(s, workshop_id, with_tally=True)
    return sorted(pts, key=priority_key)


# -- clustering ------------------------------------------------------------------------------
def _check_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise ValidationError(
            "Forbedringspunktet må ha en tittel.", "For eksempel «Raskere svar på byggesøknader»."
        )
    if len(title) > NAME_MAX:
        raise ValidationError(f"Tittelen er for lang (over {NAME_MAX} tegn).")
    return title


def _check_description(text: str) -> str:
    text = text.strip()
    if len(text) > DESCRIPTION_MAX:
        raise ValidationError(f"Beskrivelsen er for lang (over {DESCRIPTION_MAX} tegn).")
    return text


def _cards_of_workshop(s: Session, workshop_id: int, card_ids: Sequence[int]) -> list[CardRow]:
    rows = _card_rows(s, card_ids)
    for r in rows:
        if r.workshop_id != workshop_id:
            raise ValidationError("Et av innspillene hører til et annet verksted.")
    # A merged duplicate follows its card: take the duplicates along.
    ids = [r.id for r in rows]
    if ids:
        rows += list(
            s.scalars(
                select(CardRow).where(CardRow.duplicate_of_id.in_(ids), CardRow.id.not_in(ids))
            )
        )
    return rows


def _next_point_position(s: Session, workshop_id: int) -> int:
    last = s.scalar(
        select(func.max(ImprovementPointRow.position)).where(
            ImprovementPointRow.workshop_id == workshop_id
        )
    )
    return 0 if last is None else last + 1


def create_point(
    project: Project,
    workshop_id: int,
    title: str,
    card_ids: Sequence[int] = (),
    area: str | None = None,
    description: str = "",
) -> int:
    """A new improvement point, with these cards in it (taken out of any other point).
    Without an area given, it gets the area most of its cards have."""
    title = _check_title(title)
    area = check_area(area)
    description = _check_description(description)
    with project.unit_of_work(f"Nytt forbedringspunkt «{_short(title)}»") as s:
        _workshop_row(s, workshop_id)
        cards = _cards_of_workshop(s, workshop_id, card_ids)
        if area is None and cards:
            counts: dict[str | None, int] = {}
            for c in cards:
                counts[c.area] = counts.get(c.area, 0) + 1
            top = max(counts.items(), key=lambda kv: kv[1])
            if top[0] is not None and top[1] * 2 > len(cards):
                area = top[0]
        row = ImprovementPointRow(
            uid=new_uid(),
            workshop_id=workshop_id,
            position=_next_point_position(s, workshop_id),
            title=title,
            description=description,
            area=area,
        )
        s.add(row)
        s.flush()
        for c in cards:
            c.point_id = row.id
        return row.id


def add_cards_to_point(project: Project, point_id: int, card_ids: Sequence[int]) -> None:
    """Put cards in the point (dragging onto a cluster). One undo step."""
    with project.unit_of_work("Legg innspill i forbedringspunkt") as s:
        point = _point_row(s, point_id)
        if point.workshop_id is None:
            raise ValidationError("Forbedringspunktet hører ikke til et verksted.")
        for c in _cards_of_workshop(s, point.workshop_id, card_ids):
            c.point_id = point_id


def remove_cards_from_point(project: Project, card_ids: Sequence[int]) -> None:
    """Take cards out of their point: back among the unclustered cards."""
    with project.unit_of_work("Ta innspill ut av forbedringspunkt") as s:
        rows = _card_rows(s, card_ids)
        ids = [r.id for r in rows]
        for r in rows:
            r.point_id = None
        s.execute(update(CardRow).where(CardRow.duplicate_of_id.in_(ids)).values(point_id=None))


def split_point(project: Project, point_id: int, card_ids: Sequence[int], title: str) -> int:
    """Move the chosen cards of a point into a new point next to it. One undo step."""
    title = _check_title(title)
    with project.unit_of_work(f"Del forbedringspunkt «{_short(title)}»") as s:
        point = _point_row(s, point_id)
        if point.workshop_id is None:
            raise ValidationError("Forbedringspunktet hører ikke til et verksted.")
        cards = _cards_of_workshop(s, point.workshop_id, card_ids)
        if not cards:
            raise ValidationError("Velg innspillene som skal over i det nye punktet.")
        if any(c.point_id != point_id for c in cards):
            raise ValidationError("Velg bare innspill som ligger i punktet du deler.")
        for later in s.scalars(
            select(ImprovementPointRow).where(
                ImprovementPointRow.workshop_id == point.workshop_id,
                ImprovementPointRow.position > point.position,
            )
        ):
            later.position += 1
        row = ImprovementPointRow(
            uid=new_uid(),
            workshop_id=point.workshop_id,
            position=point.position + 1,
            title=title,
            description="",
            area=point.area,
        )
        s.add(row)
        s.flush()
        for c in cards:
            c.point_id = row.id
        return row.id


def merge_points(project: Project, keep_id: int, other_ids: Sequence[int]) -> None:
    """Merge points into ``keep_id``: their cards, links and votes move over (dots of
    one participant on both are added up), the others are deleted. One undo step."""
    others = [i for i in dict.fromkeys(other_ids) if i != keep_id]
    if not others:
        raise ValidationError("Velg minst to forbedringspunkter å slå sammen.")
    with project.unit_of_work("Slå sammen forbedringspunkter") as s:
        keep = _point_row(s, keep_id)
        rows = [_point_row(s, i) for i in others]
        if any(r.workshop_id != keep.workshop_id for r in rows):
            raise ValidationError("Forbedringspunktene hører til forskjellige verksteder.")
        s.execute(update(CardRow).where(CardRow.point_id.in_(others)).values(point_id=keep_id))
        have = {
            (ln.kind, ln.target_id, ln.key)
            for ln in s.scalars(
                select(ImprovementPointLinkRow).where(ImprovementPointLinkRow.point_id == keep_id)
            )
        }
        for ln in s.scalars(
            select(ImprovementPointLinkRow).where(ImprovementPointLinkRow.point_id.in_(others))
        ):
            sig = (ln.kind, ln.target_id, ln.key)
            if sig in have:
                s.delete(ln)
            else:
                have.add(sig)
                ln.point_id = keep_id
        kept_votes = {
            v.participant_id: v
            for v in s.scalars(select(VoteRow).where(VoteRow.point_id == keep_id))
        }
        for v in s.scalars(select(VoteRow).where(VoteRow.point_id.in_(others))):
            if v.participant_id in kept_votes:
                kept_votes[v.participant_id].dots += v.dots
                s.delete(v)
            else:
                v.point_id = keep_id
                kept_votes[v.participant_id] = v
        if keep.gain is None or keep.effort is None:
            scored = next((r for r in rows if r.gain is not None or r.effort is not None), None)
            if scored is not None:
                keep.gain = keep.gain if keep.gain is not None else scored.gain
                keep.effort = keep.effort if keep.effort is not None else scored.effort
        extra = [r.description for r in rows if r.description]
        if extra:
            keep.description = "\n\n".join([keep.description, *extra]).strip()
        s.flush()
        for r in rows:
            s.delete(r)


def update_point(
    project: Project, point_id: int, title: str, description: str, area: str | None
) -> None:
    """Rename, describe or set the area of a point."""
    title = _check_title(title)
    description = _check_description(description)
    area = check_area(area)
    with project.unit_of_work(f"Endre forbedringspunkt «{_short(title)}»") as s:
        row = _point_row(s, point_id)
        row.title, row.description, row.area = title, description, area


def reorder_points(project: Project, workshop_id: int, point_ids: Sequence[int]) -> None:
    with project.unit_of_work("Endre rekkefølgen på forbedringspunktene") as s:
        rows = s.scalars(
            select(ImprovementPointRow).where(ImprovementPointRow.workshop_id == workshop_id)
        ).all()
        if sorted(r.id for r in rows) != sorted(point_ids) or len(set(point_ids)) != len(rows):
            raise ValidationError("Forbedringspunktene er endret i mellomtiden.", "Prøv igjen.")
        pos = {pid: i for i, pid in enumerate(point_ids)}
        for r in rows:
            r.position = pos[r.id]


def delete_point(project: Project, point_id: int) -> None:
    """Delete a point: its cards go back among the unclustered, its votes go."""
    with project.unit_of_work("Slett forbedringspunkt") as s:
        row = _point_row(s, point_id)
        s.execute(update(CardRow).where(CardRow.point_id == point_id).values(point_id=None))
        s.delete(row)


# -- evidence ------------------------------------------------------------------------------
def evidence_choices(project: Project) -> list[EvidenceChoice]:
    """What a point can be linked to: candidate findings first, then notes, survey
    areas, survey items (those in the project's surveys) and comment themes."""
    from nvk_desktop.services.notes import list_candidates

    out: list[EvidenceChoice] = []
    for c in list_candidates(project):
        out.append(EvidenceChoice(LinkKind.FINDING, c.finding.id, "", c.finding.text, c.subject))
    with project.read() as s:
        for nid, subject, org in s.execute(
            select(NoteRow.id, NoteRow.subject, NoteRow.organisation).order_by(
                NoteRow.held_on.desc().nulls_last(), NoteRow.id.desc()
            )
        ):
            out.append(EvidenceChoice(LinkKind.NOTE, nid, "", subject, org))
        for area_id, name in areas():
            out.append(EvidenceChoice(LinkKind.SURVEY_AREA, None, area_id, name))
        seen: set[str] = set()
        for key, area, texts in s.execute(
            select(SurveyItemRow.key, SurveyItemRow.area, SurveyItemRow.texts)
            .where(SurveyItemRow.area.is_not(None), SurveyItemRow.kind != "open")
            .order_by(SurveyItemRow.survey_id, SurveyItemRow.position)
        ):
            if key in seen:
                continue
            seen.add(key)
            wording = json.loads(texts or "{}")
            label = wording.get("naeringsliv") or next(iter(wording.values()), key)
            out.append(EvidenceChoice(LinkKind.SURVEY_ITEM, None, key, label, area_name(area)))
        for tid, name, survey in s.execute(
            select(CommentThemeRow.id, CommentThemeRow.name, SurveyRow.name)
            .join(SurveyRow, SurveyRow.id == CommentThemeRow.survey_id)
            .order_by(SurveyRow.id, CommentThemeRow.id)
        ):
            out.append(EvidenceChoice(LinkKind.COMMENT_THEME, tid, "", name, survey))
    return out


def _link_label(s: Session, kind: LinkKind, target_id: int | None, key: str) -> str:
    if kind is LinkKind.FINDING:
        text = s.scalar(select(FindingRow.text).where(FindingRow.id == target_id))
        if text is None:
            raise ValidationError("Funnet finnes ikke lenger.")
        return text
    if kind is LinkKind.NOTE:
        subject = s.scalar(select(NoteRow.subject).where(NoteRow.id == target_id))
        if subject is None:
            raise ValidationError("Notatet finnes ikke lenger.")
        return subject
    if kind is LinkKind.COMMENT_THEME:
        name = s.scalar(select(CommentThemeRow.name).where(CommentThemeRow.id == target_id))
        if name is None:
            raise ValidationError("Kommentartemaet finnes ikke lenger.")
        return name
    if kind is LinkKind.SURVEY_AREA:
        check_area(key)
        return area_name(key)
    texts = s.scalar(select(SurveyItemRow.texts).where(SurveyItemRow.key == key).limit(1))
    if texts is None:
        from nvk_desktop.importers.itembank import load_item_bank

        try:
            item = load_item_bank().item(key)
        except KeyError:
            raise ValidationError(f"Ukjent spørsmål «{key}».") from None
        return next(iter(item.texts.values()), key)
    wording = json.loads(texts or "{}")
    return str(wording.get("naeringsliv") or next(iter(wording.values()), key))


def link_evidence(
    project: Project,
    point_id: int,
    kind: LinkKind | str,
    target_id: int | None = None,
    key: str = "",
) -> int:
    """Link a point to a finding, note, comment theme (``target_id``) or survey area or
    item (``key``). The label is stored too, so the link reads well even if the
    source is deleted later. Linking the same thing twice gives the same link."""
    kind = LinkKind(kind)
    if kind.uses_key and not key:
        raise ValidationError("Velg området eller spørsmålet det skal kobles til.")
    if not kind.uses_key and target_id is None:
        raise ValidationError("Velg hva forbedringspunktet skal kobles til.")
    with project.unit_of_work(f"Koble forbedringspunkt til {kind.label.lower()}") as s:
        _point_row(s, point_id)
        label = _link_label(s, kind, target_id, key)
        same = s.scalar(
            select(ImprovementPointLinkRow).where(
                ImprovementPointLinkRow.point_id == point_id,
                ImprovementPointLinkRow.kind == kind.value,
                ImprovementPointLinkRow.target_id.is_(None)
                if kind.uses_key
                else ImprovementPointLinkRow.target_id == target_id,
                ImprovementPointLinkRow.key == (key if kind.uses_key else ""),
            )
        )
        if same is not None:
            return same.id
        row = ImprovementPointLinkRow(
            point_id=point_id,
            kind=kind.value,
            target_id=None if kind.uses_key else target_id,
            key=key if kind.uses_key else "",
            label=label,
        )
        s.add(row)
        s.flush()
        return row.id


def unlink_evidence(project: Project, link_id: int) -> None:
    with project.unit_of_work("Fjern kobling fra forbedringspunkt") as s:
        row = s.get(ImprovementPointLinkRow, link_id)
        if row is None:
            raise ValidationError("Koblingen finnes ikke lenger.")
        s.delete(row)


# -- voting -----------------------------------------------------------------------------
def _participant_row(s: Session, participant_id: int) -> WorkshopParticipantRow:
    row = s.get(WorkshopParticipantRow, participant_id)
    if row is None:
        raise ValidationError("Deltakeren finnes ikke lenger.")
    return row


def set_votes(
    project: Project, workshop_id: int, participant_id: int, votes: Mapping[int, int]
) -> None:
    """Record one participant's dots (point id → dots; several on one point allowed),
    replacing what they had. Never more than the workshop's dot budget. One undo step."""
    clean = {int(p): int(d) for p, d in votes.items() if int(d) != 0}
    if any(d < 0 for d in clean.values()):
        raise ValidationError("Antall prikker kan ikke være negativt.")
    with project.unit_of_work("Registrer stemmer") as s:
        ws = _workshop_row(s, workshop_id)
        who = _participant_row(s, participant_id)
        if who.workshop_id != workshop_id:
            raise ValidationError("Deltakeren er ikke med i dette verkstedet.")
        used = sum(clean.values())
        if used > ws.dot_budget:
            raise ValidationError(
                f"{who.name} har bare {ws.dot_budget} prikker, men {used} er fordelt.",
                f"Ta bort {used - ws.dot_budget} "
                f"{'prikk' if used - ws.dot_budget == 1 else 'prikker'} før du lagrer.",
            )
        if clean:
            valid = set(
                s.scalars(
                    select(ImprovementPointRow.id).where(
                        ImprovementPointRow.id.in_(list(clean)),
                        ImprovementPointRow.workshop_id == workshop_id,
                    )
                )
            )
            if valid != set(clean):
                raise ValidationError("Et av forbedringspunktene finnes ikke lenger.")
        existing = {
            v.point_id: v
            for v in s.scalars(select(VoteRow).where(VoteRow.participant_id == participant_id))
        }
        for pid, v in existing.items():
            if pid not in clean:
                s.delete(v)
            elif v.dots != clean[pid]:
                v.dots = clean[pid]
        for pid, dots in clean.items():
            if pid not in existing:
                s.add(VoteRow(point_id=pid, participant_id=participant_id, dots=dots))


def clear_votes(project: Project, workshop_id: int, participant_id: int) -> None:
    """Take back all of a participant's dots (to vote again)."""
    with project.unit_of_work("Nullstill stemmer") as s:
        who = _participant_row(s, participant_id)
        if who.workshop_id != workshop_id:
            raise ValidationError("Deltakeren er ikke med i dette verkstedet.")
        for v in s.scalars(select(VoteRow).where(VoteRow.participant_id == participant_id)):
            s.delete(v)


def set_votes_revealed(project: Project, workshop_id: int, revealed: bool) -> None:
    """«Vis resultat» (True) or hide the tallies again (False)."""
    with project.unit_of_work("Vis resultat" if revealed else "Skjul resultat") as s:
        _workshop_row(s, workshop_id).votes_revealed = bool(revealed)


def tally(project: Project, workshop_id: int, *, include_hidden: bool = False) -> Tally:
    """Totals per point for the room (projector, referat): no per-participant data.

    While the votes are hidden, ``points`` is empty unless ``include_hidden`` (the
    facilitator's own view, or the referat made after the workshop)."""
    with project.read() as s:
        ws = _workshop_row(s, workshop_id)
        participants = int(
            s.scalar(
                select(func.count())
                .select_from(WorkshopParticipantRow)
                .where(WorkshopParticipantRow.workshop_id == workshop_id)
            )
            or 0
        )
        voted, cast = s.execute(
            select(
                func.count(func.distinct(VoteRow.participant_id)),
                func.coalesce(func.sum(VoteRow.dots), 0),
            )
            .join(WorkshopParticipantRow, WorkshopParticipantRow.id == VoteRow.participant_id)
            .where(WorkshopParticipantRow.workshop_id == workshop_id, VoteRow.dots > 0)
        ).one()
        points: tuple[VoteTally, ...] = ()
        if ws.votes_revealed or include_hidden:
            sums = _tallies(s, workshop_id)
            rows = s.execute(
                select(
                    ImprovementPointRow.id, ImprovementPointRow.title, ImprovementPointRow.position
                ).where(ImprovementPointRow.workshop_id == workshop_id)
            ).all()
            order = {pid: (pos, pid) for pid, _title, pos in rows}
            points = tuple(
                sorted(
                    (VoteTally(pid, title, *sums.get(pid, (0, 0))) for pid, title, _ in rows),
                    key=lambda t: (-t.dots, order[t.point_id]),
                )
            )
        return Tally(
            workshop_id=workshop_id,
            revealed=ws.votes_revealed,
            dot_budget=ws.dot_budget,
            voted=int(voted),
            participants=participants,
            dots_cast=int(cast),
            points=points,
        )


def participant_votes(project: Project, workshop_id: int) -> list[ParticipantVotes]:
    """Each participant's dots: for the facilitator's vote entry only. Never show this
    on the projector or print it."""
    with project.read() as s:
        people = s.execute(
            select(WorkshopParticipantRow.id, WorkshopParticipantRow.name)
            .where(WorkshopParticipantRow.workshop_id == workshop_id)
            .order_by(WorkshopParticipantRow.name, WorkshopParticipantRow.id)
        ).all()
        votes: dict[int, dict[int, int]] = {}
        for pid, point, dots in s.execute(
            select(VoteRow.participant_id, VoteRow.point_id, VoteRow.dots)
            .join(WorkshopParticipantRow, WorkshopParticipantRow.id == VoteRow.participant_id)
            .where(WorkshopParticipantRow.workshop_id == workshop_id)
        ):
            votes.setdefault(pid, {})[point] = dots
        return [ParticipantVotes(pid, name, votes.get(pid, {})) for pid, name in people]


# -- gevinst / innsats ------------------------------------------------------------------------
def _check_score(value: int | None, what: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or not SCORE_MIN <= value <= SCORE_MAX:
        raise ValidationError(f"{what} må være et tall fra {SCORE_MIN} til {SCORE_MAX}.")
    return value


def set_score(project: Project, point_id: int, gain: int | None, effort: int | None) -> None:
    """Score a point on gevinst and innsats (1–5 each, None: not scored)."""
    gain = _check_score(gain, "Gevinst")
    effort = _check_score(effort, "Innsats")
    with project.unit_of_work("Sett gevinst og innsats") as s:
        row = _point_row(s, point_id)
        row.gain, row.effort = gain, effort


def workshop_id_of_point(project: Project, point_id: int) -> int | None:
    with project.read() as s:
        return _point_row(s, point_id).workshop_id


def has_votes(project: Project, workshop_id: int) -> bool:
    with project.read() as s:
        return (
            s.scalar(
                select(VoteRow.id)
                .join(ImprovementPointRow, ImprovementPointRow.id == VoteRow.point_id)
                .where(ImprovementPointRow.workshop_id == workshop_id)
                .limit(1)
            )
            is not None
        )
