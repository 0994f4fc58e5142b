"""Search across the project (issue 3 §5): people, checklist items, the service map,
interview and document notes with their findings, meetings and their decisions,
workshop cards and improvement points, measures and their follow-up log.

The index is one FTS5 table kept current by triggers (store/search_index.py), so a
search is one MATCH query plus one small query per kind of hit for the display
titles. The user's text is never passed to FTS5 as query syntax: every word becomes
a quoted string with a prefix star, and the words are ANDed, so quotes, stars,
colons, NEAR or a long paste can only ever mean "these words".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from nvk_desktop.domain.enums import Phase
from nvk_desktop.services.project import Project
from nvk_desktop.store import search_index
from nvk_desktop.store.models import (
    CardRow,
    ChecklistItemRow,
    ImprovementPointRow,
    MeasureRow,
    MeetingRow,
    NoteRow,
    ServiceAreaRow,
    ServiceRow,
    WorkshopRow,
)

__all__ = ["KINDS", "SearchHit", "build_query", "kind_label", "search"]

# Hit kinds in the order they are listed when two hits rank the same.
KINDS: tuple[str, ...] = tuple(source.kind for source in search_index.SOURCES)

_KIND_LABELS = {
    "person": "Person",
    "checklist": "Sjekklistepunkt",
    "area": "Tjenesteområde",
    "service": "Tjeneste",
    "note": "Notat",
    "finding": "Funn",
    "meeting": "Møte",
    "decision": "Vedtak",
    "card": "Innspill",
    "point": "Forbedringspunkt",
    "measure": "Tiltak",
    "follow_up": "Oppfølging",
}

_FORSTUDIE = "Forstudie"
_LOCATIONS = {
    "person": "Organisering",
    "checklist": f"{_FORSTUDIE} › Sjekklister",
    "area": f"{_FORSTUDIE} › Tjenestekart",
    "service": f"{_FORSTUDIE} › Tjenestekart",
    "note": f"{_FORSTUDIE} › Intervjuer og dokumenter",
    "finding": f"{_FORSTUDIE} › Intervjuer og dokumenter",
    "meeting": f"{_FORSTUDIE} › Møter og vedtak",
    "decision": f"{_FORSTUDIE} › Møter og vedtak",
    "card": "Verksted",  # › the workshop's name, added with the display title
    "point": "Verksted",
    "measure": "Tiltak og handlingsplan",
    "follow_up": "Tiltak og handlingsplan",
}

# Relative weights of the indexed columns for bm25 (kind and ref_id are UNINDEXED
# but still count as columns): a word in the title counts five times one in the body.
TITLE_WEIGHT = 5.0
BODY_WEIGHT = 1.0

# A paste of a whole page is not a search: only the first words count.
MAX_WORDS = 24
MAX_WORD_CHARS = 64
SNIPPET_TOKENS = 14
# A card has no title of its own: its first words stand for it.
CARD_TITLE_WORDS = 8

# Marks FTS5 puts around matched words inside the snippet; control characters, so
# they cannot clash with the text (which may hold « » or [ ] of its own).
_OPEN, _CLOSE = "\x02", "\x03"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACE = re.compile(r"\s+")
_SPANS = re.compile(f"({_OPEN}[^{_CLOSE}]*{_CLOSE})")
# Norwegian letters typed on a keyboard without them ("naering", "soeknad", "gaard").
_DIGRAPHS = (("ae", "æ"), ("oe", "ø"), ("aa", "å"))


@dataclass(frozen=True)
class SearchHit:
    """One record that matches, ready to show in a results list.

    ``ref_id`` is what the GUI jumps to (for a finding its note, for a decision its
    meeting); ``row_id`` is the matching row itself. ``snippet`` is plain text with
    the matched words inside « »; ``spans`` is the same text as (text, is_match)
    pieces, for a view that highlights them.
    """

    kind: str
    ref_id: int
    title: str
    snippet: str
    kind_label: str
    location: str
    row_id: int
    spans: tuple[tuple[str, bool], ...] = ()


def kind_label(kind: str) -> str:
    """The Norwegian name of a hit kind, e.g. "Sjekklistepunkt"."""
    return _KIND_LABELS.get(kind, kind)


def _quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"*'


def build_query(user_text: str) -> str:
    """The FTS5 MATCH expression for what the user typed; "" if nothing to search.

    Each whitespace-separated word is a quoted prefix string (so "gaiv" finds
    "Gáivuotna" and "3/26" the phrase "3 26"); words are ANDed. A word without any
    letter or digit (punctuation, emoji) cannot match a token and is dropped.
    """
    # A broken paste may hold lone surrogates, which SQLite cannot take as UTF-8.
    cleaned = _CONTROL.sub(" ", user_text.encode("utf-8", "replace").decode("utf-8"))
    words = [w for w in _SPACE.split(cleaned) if any(c.isalnum() for c in w)]
    unique = list(dict.fromkeys(w[:MAX_WORD_CHARS] for w in words))
    terms: list[str] = []
    for word in unique[:MAX_WORDS]:
        variants = [word]
        folded = word.lower()
        for ascii_form, letter in _DIGRAPHS:
            folded = folded.replace(ascii_form, letter)
        if folded != word.lower():
            variants.append(folded)
        quoted = [_quote(v) for v in variants]
        terms.append(quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")")
    return " AND ".join(terms)


def search(project: Project, query: str, limit: int = 50) -> list[SearchHit]:
    """The best ``limit`` matches for ``query``, best first. Never raises on what the
    user typed: text that cannot match anything gives an empty list."""
    match = build_query(query)
    if not match or limit <= 0:
        return []
    weights = f"bm25(0.0, 0.0, {TITLE_WEIGHT}, {BODY_WEIGHT})"
    sql = text(
        f"SELECT rowid, kind, ref_id, title, rank,"
        f" snippet({search_index.TABLE}, 3, :open, :close, '…', {SNIPPET_TOKENS})"
        f" FROM {search_index.TABLE}"
        f" WHERE {search_index.TABLE} MATCH :match AND rank MATCH :weights"
        f" ORDER BY rank LIMIT :limit"
    )
    params = {
        "match": match,
        "weights": weights,
        "open": _OPEN,
        "close": _CLOSE,
        "limit": int(limit),
    }
    with project.read() as s:
        try:
            rows = s.execute(sql, params).all()
        except OperationalError as e:
            if "fts5" in str(e.orig).lower():  # a query FTS5 cannot parse: no hits
                return []
            raise
        hits = _with_display_titles(s, [_hit(*row) for row in rows])
    # FTS5 sorts by rank itself (and makes snippets only for the rows it returns);
    # equal ranks are put in the order of KINDS here.
    order = {kind: i for i, kind in enumerate(KINDS)}
    ranked = sorted(
        zip((row[4] for row in rows), hits, strict=True),
        key=lambda pair: (pair[0], order.get(pair[1].kind, len(order))),
    )
    return [hit for _rank, hit in ranked]


def _hit(
    rowid: int, kind: str, ref_id: int, title: str | None, _rank: float, snip: str | None
) -> SearchHit:
    spans = _spans(snip or "")
    return SearchHit(
        kind=kind,
        ref_id=int(ref_id),
        title=_one_line(title or ""),
        snippet="".join(f"«{t}»" if hit else t for t, hit in spans),
        kind_label=kind_label(kind),
        location=_LOCATIONS.get(kind, ""),
        row_id=int(rowid) // search_index.KIND_STRIDE,
        spans=spans,
    )


def _one_line(value: str) -> str:
    return _SPACE.sub(" ", _CONTROL.sub(" ", value)).strip()


def _spans(snip: str) -> tuple[tuple[str, bool], ...]:
    """Split a snippet at FTS5's marks into (text, is_match) pieces on one line."""
    pieces: list[tuple[str, bool]] = []
    for part in _SPANS.split(_SPACE.sub(" ", snip).strip()):
        if not part:
            continue
        is_match = part.startswith(_OPEN)
        clean = part.strip(_OPEN + _CLOSE) if is_match else part
        clean = _CONTROL.sub("", clean)
        if clean:
            pieces.append((clean, is_match))
    return tuple(pieces)


def _ids(hits: Iterable[SearchHit], kind: str, attr: str) -> set[int]:
    return {getattr(h, attr) for h in hits if h.kind == kind}


def _with_display_titles(s: Session, hits: list[SearchHit]) -> list[SearchHit]:
    """Titles and locations that need a neighbour row, one query per kind present."""
    from dataclasses import replace

    kinds = {h.kind for h in hits}
    checklist_phase: dict[int, str] = {}
    service_area: dict[int, str] = {}
    note_subject: dict[int, str] = {}
    meeting_title: dict[int, str] = {}
    card_text: dict[int, str] = {}
    workshop_name: dict[int, str] = {}
    point_workshop: dict[int, int | None] = {}
    measure_code: dict[int, str] = {}
    measure_title: dict[int, str] = {}
    if "checklist" in kinds:
        ids = _ids(hits, "checklist", "row_id")
        checklist_phase = dict(
            s.execute(
                select(ChecklistItemRow.id, ChecklistItemRow.phase).where(
                    ChecklistItemRow.id.in_(ids)
                )
            ).all()
        )
    if "service" in kinds:
        ids = _ids(hits, "service", "row_id")
        service_area = dict(
            s.execute(
                select(ServiceRow.id, ServiceAreaRow.name)
                .join(ServiceAreaRow, ServiceRow.area_id == ServiceAreaRow.id)
                .where(ServiceRow.id.in_(ids))
            ).all()
        )
    if "finding" in kinds:
        ids = _ids(hits, "finding", "ref_id")
        note_subject = dict(
            s.execute(select(NoteRow.id, NoteRow.subject).where(NoteRow.id.in_(ids))).all()
        )
    if "decision" in kinds:
        ids = _ids(hits, "decision", "ref_id")
        meeting_title = dict(
            s.execute(select(MeetingRow.id, MeetingRow.title).where(MeetingRow.id.in_(ids))).all()
        )

    if "card" in kinds:
        ids = _ids(hits, "card", "row_id")
        card_text = dict(
            s.execute(select(CardRow.id, CardRow.text).where(CardRow.id.in_(ids))).all()
        )
    if "point" in kinds:
        ids = _ids(hits, "point", "row_id")
        point_workshop = dict(
            s.execute(
                select(ImprovementPointRow.id, ImprovementPointRow.workshop_id).where(
                    ImprovementPointRow.id.in_(ids)
                )
            ).all()
        )
    if "card" in kinds or "point" in kinds:
        ids = _ids(hits, "card", "ref_id") | {w for w in point_workshop.values() if w is not None}
        workshop_name = dict(
            s.execute(select(WorkshopRow.id, WorkshopRow.name).where(WorkshopRow.id.in_(ids))).all()
        )
    if "measure" in kinds:
        ids = _ids(hits, "measure", "row_id")
        measure_code = dict(
            s.execute(select(MeasureRow.id, MeasureRow.code).where(MeasureRow.id.in_(ids))).all()
        )
    if "follow_up" in kinds:
        ids = _ids(hits, "follow_up", "ref_id")
        measure_title = dict(
            s.execute(select(MeasureRow.id, MeasureRow.title).where(MeasureRow.id.in_(ids))).all()
        )

    out: list[SearchHit] = []
    for h in hits:
        if h.kind == "checklist" and h.row_id in checklist_phase:
            phase = checklist_phase[h.row_id]
            try:
                where = f"{h.location} › {Phase(phase).label}"
            except ValueError:
                where = h.location
            h = replace(h, location=where)
        elif h.kind == "service" and h.row_id in service_area:
            h = replace(h, title=f"{_one_line(service_area[h.row_id])} › {h.title}")
        elif h.kind == "finding":
            subject = _one_line(note_subject.get(h.ref_id, ""))
            h = replace(h, title=subject or "Funn uten notat")
        elif h.kind == "decision":
            case = h.title
            if not case:
                case = "Vedtak"
            elif case[0].isdigit():  # "3/26" → "Sak 3/26"; "PS 12/26" stays as it is
                case = f"Sak {case}"
            meeting = _one_line(meeting_title.get(h.ref_id, ""))
            h = replace(h, title=f"{case} – {meeting}" if meeting else case)
        elif h.kind == "card":
            h = replace(
                h,
                title=_first_words(card_text.get(h.row_id, ""), CARD_TITLE_WORDS),
                location=_in_workshop(h.location, workshop_name.get(h.ref_id)),
            )
        elif h.kind == "point":
            workshop = point_workshop.get(h.row_id)
            name = workshop_name.get(workshop) if workshop is not None else None
            h = replace(h, location=_in_workshop(h.location, name))
        elif h.kind == "measure" and h.row_id in measure_code:
            code = _one_line(measure_code[h.row_id])
            h = replace(h, title=f"{code} {h.title}".strip())
        elif h.kind == "follow_up":
            h = replace(h, title=_one_line(measure_title.get(h.ref_id, "")))
        if not h.title:
            h = replace(h, title=f"({h.kind_label.lower()} uten tittel)")
        out.append(h)
    return out


def _first_words(value: str, count: int) -> str:
    """The first ``count`` words of a text on one line, with "…" if there is more."""
    words = _one_line(value).split(" ")
    head = " ".join(words[:count])
    return head + "…" if len(words) > count else head


def _in_workshop(location: str, workshop: str | None) -> str:
    """ "Verksted › Resultatverksted Olderdalen" (just "Verksted" without a workshop)."""
    name = _one_line(workshop or "")
    return f"{location} › {name}" if name else location
