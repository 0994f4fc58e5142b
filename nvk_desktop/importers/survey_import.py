"""Turn a survey export (a ``Table``) into answers per respondent: the pure pipeline.

1. ``propose_mapping`` recognises the tool's layout (Microsoft Forms, Nettskjema,
   anything else), sets its metadata and personal columns aside, and matches the other
   columns to questionnaire items by question text: first an exact match of the
   normalised text (numbering like "1.", "Q3:" or "3a)", case, punctuation and white
   space ignored), then an item text contained in the header, then a fuzzy match
   (difflib) above a threshold. A mapping remembered from an earlier file wins.
2. The user confirms or corrects the mapping (``ColumnMapping.assign``); it can be
   saved as JSON (``--mapping MAP.json``) and is remembered by its header signature.
3. ``parse_answers`` reads every mapped cell. It is all or nothing: any cell that
   cannot be read is listed by row and column, and ``ImportResult.ok`` is False with
   no respondents, so the caller stores nothing. Empty cells are missing answers.

Nothing here touches the database, and nothing here imports Qt.
"""

from __future__ import annotations

import difflib
import hashlib
import html
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from nvk_desktop.domain.enums import LabelledEnum
from nvk_desktop.domain.survey import Item, ItemKind, RespondentGroup, Scale
from nvk_desktop.domain.text import fold
from nvk_desktop.errors import ValidationError
from nvk_desktop.importers.tabular import MAX_PROBLEMS, Problem, Table, column_letter

# A header at least this similar (difflib ratio, 0–1) to an item's text is proposed.
FUZZY_THRESHOLD = 0.82
# Below the threshold but above this, the nearest item is named as a hint.
HINT_THRESHOLD = 0.6
# Two items closer than this to the same header: too uncertain to propose either.
AMBIGUITY_MARGIN = 0.02
# An item text found inside a longer header (e.g. "Byggesak: <statement>") must be
# at least this long, so that short texts do not match by accident.
CONTAINS_MIN_CHARS = 20

Answer = int | str | None
"""int: a scale value; None: "vet ikke / ikke aktuelt"; str: open text or option code."""


class Layout(LabelledEnum):
    FORMS = ("forms", "Microsoft Forms")
    NETTSKJEMA = ("nettskjema", "Nettskjema")
    GENERIC = ("generic", "Annet verktøy (Questback o.l.)")


class MatchKind(LabelledEnum):
    """How a column got its item (or why it has none)."""

    EXACT = ("exact", "eksakt")
    CONTAINS = ("contains", "spørsmålsteksten står i overskriften")
    FUZZY = ("fuzzy", "lik tekst")
    REMEMBERED = ("remembered", "husket fra forrige fil")
    MANUAL = ("manual", "valgt av brukeren")
    META = ("meta", "metadata fra spørreverktøyet")
    PERSONAL = ("personal", "personopplysning, importeres ikke")
    IGNORED = ("ignored", "ignorert av brukeren")
    NONE = ("none", "ingen treff")


class MappingFileError(ValidationError):
    """A saved column mapping (JSON) that cannot be used."""


# --- text normalisation ---------------------------------------------------------------

_TAGS = re.compile(r"<[^>]{0,200}>")
_NUMBERING = re.compile(
    r"^\s*(?:(?:q|spm|sp|spørsmål|sporsmal|question|fråga|frage|nr)\.?\s*)?"
    r"\d{1,3}[a-zæøå]?(?:[.):\-–]+\s*|\s+(?=\D))",
    re.IGNORECASE,
)
_NON_WORD = re.compile(r"[\W_]+")


def normalise_text(text: str) -> str:
    """Case-, accent- and punctuation-free form with single spaces ("Svært godt!" → "svært godt")."""
    return _NON_WORD.sub(" ", fold(text)).strip()


def normalise_question(text: str) -> str:
    """A question text as compared with headers: no HTML, no leading numbering."""
    if "<" in text or "&" in text:
        text = html.unescape(_TAGS.sub(" ", text))
    text = _NUMBERING.sub("", text, count=1)
    return normalise_text(text)


def header_signature(headers: Sequence[str]) -> str:
    """A key for "the same kind of file": the normalised headers in order."""
    joined = "\x1f".join(normalise_question(h) for h in headers)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:20]


# --- layouts ---------------------------------------------------------------------------


def _names(*names: str) -> frozenset[str]:
    return frozenset(normalise_text(n) for n in names)


_FORMS_META = _names(
    # English
    "ID", "Start time", "Completion time", "Last modified time", "Total points",
    "Quiz feedback", "Grade posted time", "Language",
    # Norwegian
    "Starttidspunkt", "Starttid", "Fullføringstidspunkt", "Fullføringstid",
    "Tidspunkt for fullføring", "Sist endret", "Tidspunkt for siste endring",
    "Sist endret tidspunkt", "Totalt antall poeng", "Poeng", "Tilbakemelding", "Språk",
    # Swedish
    "Sluttid", "Tid för slutförande", "Slutförandetid", "Senast ändrad",
    "Tid för senaste ändring", "Senast ändrad tid", "Totalpoäng", "Språk",
    # Danish
    "Fuldførelsestidspunkt", "Sidst ændret", "Tidspunkt for seneste ændring",
    # German
    "Startzeit", "Fertigstellungszeit", "Abschlusszeit", "Letzte Änderungszeit",
    "Zeitpunkt der letzten Änderung", "Gesamtpunktzahl", "Sprache",
)  # fmt: skip
_PERSONAL = _names(
    "Email", "E-mail", "E-post", "E-postadresse", "E-Mail-Adresse", "Mail", "Name",
    "Navn", "Namn", "Fullt navn", "Full name", "Telefon", "Mobil", "Mobilnummer",
    "Phone", "Fødselsnummer", "Personnummer", "IP-adresse", "IP address", "Brukernavn",
    "Username", "Respondent email", "Respondent name", "Epost",
)  # fmt: skip
_NETTSKJEMA_META = _names(
    "SUBMISSION_REFERENCE", "Reference ID", "Svar-ID", "Svar ID", "Innsending",
    "Innsendt", "Innsendt dato", "Innsendingstidspunkt", "Innsendingsdato", "Levert",
    "Levert dato", "Svartid", "Svartid (ms)", "Skjema-ID", "Referansenummer",
    "Opprettet", "Endret", "Videresendt til skjema",
)  # fmt: skip
_GENERIC_META = _names(
    "Respondent ID", "RespondentID", "Respondent", "Response ID", "ResponseID",
    "Svar-ID", "Start date", "End date", "Startdato", "Sluttdato", "Status",
    "Timestamp", "Tidsstempel", "Tidspunkt", "Dato", "Date", "Completed", "Fullført",
    "Completed at", "Submitted", "Submitted at", "Collector ID", "Recipient",
    "Mottaker", "Duration", "Varighet", "Progress", "Fremdrift", "Språk", "Language",
    "Start time", "End time", "Starttid", "Sluttid",
)  # fmt: skip
_DATETIME = re.compile(r"^\d{1,4}[-./]\d{1,2}[-./]\d{1,4}[ T]+\d{1,2}[:.]\d{2}")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ANONYMOUS = frozenset({"anonymous", "anonym", "anonymt", "anonyymi", "anonyme", "anónimo"})


def _all_match(values: Sequence[str], pattern: re.Pattern[str]) -> bool:
    return bool(values) and all(pattern.match(v) for v in values)


_TIME_WORDS = ("time", "tid", "zeit", "tidspunkt", "date", "dato", "datum")


def _is_time_header(norm: str) -> bool:
    words = norm.split()
    return 0 < len(words) <= 5 and any(w.endswith(_TIME_WORDS) for w in words)


def detect_layout(
    headers: Sequence[str], rows: Sequence[Sequence[str]] = ()
) -> tuple[Layout, dict[int, MatchKind]]:
    """The exporting tool, and the columns that are its metadata or personal data.

    Forms puts ID, start and completion time, e-mail, name (and last modified time)
    before the questions, with headers in the account's language: known names in
    Norwegian, English, Swedish, Danish and German are recognised, and for any other
    language the leading columns' contents (date-times, e-mail addresses, "anonymous")
    give it away. Nettskjema names its metadata "$submission_id", "$created",
    "$answer_time_ms" … (older exports: "Svar-ID", "Innsendt").
    """
    norms = [normalise_text(h) for h in headers]
    set_aside: dict[int, MatchKind] = {}

    def column(i: int) -> list[str]:
        return [r[i] for r in rows[:50] if i < len(r) and r[i]]

    def meta_at(i: int) -> bool:
        n = norms[i]
        return n in _FORMS_META or _is_time_header(n) or _all_match(column(i), _DATETIME)

    def personal_at(i: int) -> bool:
        if norms[i] in _PERSONAL:
            return True
        if not rows or headers[i].rstrip().endswith("?"):
            return False
        values = column(i)
        if not values:
            return i in (3, 4)  # Forms' e-mail and name columns stay empty when anonymous
        return all(_EMAIL.match(v) or v.casefold() in _ANONYMOUS for v in values)

    lead = range(1, min(len(norms), 7))
    forms_hits = sum(1 for i in lead if meta_at(i) or norms[i] in _PERSONAL)
    if norms and norms[0] == "id" and forms_hits >= 2:
        for i in range(len(norms)):
            if i == 0 or meta_at(i):
                set_aside[i] = MatchKind.META
            elif i <= 6 and personal_at(i):
                set_aside[i] = MatchKind.PERSONAL
            else:
                break
        return Layout.FORMS, set_aside
    dollar = [i for i, h in enumerate(headers) if h.startswith("$")]
    nettskjema_named = [i for i, n in enumerate(norms) if n in _NETTSKJEMA_META]
    if dollar or len(nettskjema_named) >= 2:
        for i in dollar + nettskjema_named:
            set_aside[i] = MatchKind.META
        for i, n in enumerate(norms):
            if n in _PERSONAL:
                set_aside[i] = MatchKind.PERSONAL
        return Layout.NETTSKJEMA, set_aside
    return Layout.GENERIC, set_aside


# --- the mapping -------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnMatch:
    """One column of the file and what it is mapped to."""

    index: int
    header: str
    item_id: str | None
    kind: MatchKind
    confidence: float = 0.0  # 0–1; 1 for exact, remembered and manual matches
    note: str = ""  # e.g. the best candidate below the threshold

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    @property
    def reason(self) -> str:
        """Norwegian words for how the column was matched, e.g. "lik tekst, 87 %"."""
        if self.kind is MatchKind.FUZZY:
            return f"{self.kind.label}, {round(self.confidence * 100)} %"
        return self.kind.label


@dataclass(frozen=True)
class ColumnMapping:
    """Column → item for one file layout; the user confirms or corrects it."""

    columns: tuple[ColumnMatch, ...]
    signature: str
    layout: Layout = Layout.GENERIC
    group: RespondentGroup | None = None

    def item_for(self, index: int) -> str | None:
        return self.columns[index].item_id

    @property
    def matched(self) -> dict[int, str]:
        """Column index → item id for every mapped column."""
        return {c.index: c.item_id for c in self.columns if c.item_id is not None}

    def assign(self, index: int, item_id: str | None) -> ColumnMapping:
        """A copy with the user's choice for one column (None: do not import it)."""
        col = self.columns[index]
        if item_id is None:
            new = replace(col, item_id=None, kind=MatchKind.IGNORED, confidence=1.0, note="")
        else:
            new = replace(col, item_id=item_id, kind=MatchKind.MANUAL, confidence=1.0, note="")
        cols = list(self.columns)
        cols[index] = new
        return replace(self, columns=tuple(cols))

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": "nvk-column-mapping",
            "version": 1,
            "signature": self.signature,
            "layout": self.layout.value,
            "group": self.group.value if self.group else None,
            "columns": [
                {
                    "column": c.letter,
                    "index": c.index,
                    "header": c.header,
                    "item": c.item_id,
                    "match": c.kind.value,
                    "confidence": round(c.confidence, 3),
                    "note": c.note,
                }
                for c in self.columns
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str) -> ColumnMapping:
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            raise MappingFileError(
                f"Koblingsfilen er ikke gyldig JSON (linje {exc.lineno}, tegn {exc.colno}).",
                "Rett filen, eller lag den på nytt med --dry-run.",
            ) from exc
        return cls.from_dict(raw)

    @classmethod
    def from_dict(cls, raw: Any) -> ColumnMapping:
        def bad(why: str) -> MappingFileError:
            return MappingFileError(
                f"Koblingsfilen kan ikke brukes: {why}.",
                "Rett filen, eller lag den på nytt med --dry-run.",
            )

        if not isinstance(raw, dict) or raw.get("format") != "nvk-column-mapping":
            raise bad("den er ikke en kolonnekobling fra NVK Desktop")
        if raw.get("version") != 1:
            raise bad(f"ukjent versjon {raw.get('version')!r}")
        columns_raw = raw.get("columns")
        if not isinstance(columns_raw, list):
            raise bad("«columns» mangler")
        columns: list[ColumnMatch] = []
        for n, c in enumerate(columns_raw):
            if not isinstance(c, dict):
                raise bad(f"kolonne nr. {n + 1} er ikke et objekt")
            item = c.get("item")
            if item is not None and not isinstance(item, str):
                raise bad(f"kolonne {column_letter(n)}: «item» må være tekst eller null")
            try:
                kind = MatchKind(c.get("match") or ("manual" if item else "ignored"))
                confidence = float(c.get("confidence", 1.0))
            except (ValueError, TypeError) as exc:
                raise bad(f"kolonne {column_letter(n)}: {exc}") from exc
            columns.append(
                ColumnMatch(
                    index=n,
                    header=str(c.get("header", "")),
                    item_id=item or None,
                    kind=kind,
                    confidence=confidence,
                    note=str(c.get("note", "")),
                )
            )
        try:
            layout = Layout(raw.get("layout") or "generic")
            group = RespondentGroup(raw["group"]) if raw.get("group") else None
        except ValueError as exc:
            raise bad(str(exc)) from exc
        headers = [c.header for c in columns]
        return cls(
            columns=tuple(columns),
            signature=str(raw.get("signature") or header_signature(headers)),
            layout=layout,
            group=group,
        )


def propose_mapping(
    table: Table,
    items: Sequence[Item],
    group: RespondentGroup,
    scale: Scale,
    remembered: ColumnMapping | None = None,
) -> ColumnMapping:
    """The best guess of which column holds which item, for the user to confirm.

    ``scale`` is not needed for matching by text today; it is part of the signature
    so a later version can also look at the answers (e.g. a column of 1–5 digits).
    """
    del scale
    headers = table.headers
    layout, set_aside = detect_layout(headers, table.rows)
    candidates = [it for it in items if it.asked_of(group)]
    decided: dict[int, ColumnMatch] = {}

    # 1. The user's earlier decisions for headers that read the same.
    if remembered is not None:
        known_ids = {it.id for it in candidates}
        earlier: dict[str, ColumnMatch] = {}
        for c in remembered.columns:
            if not c.header.strip():
                continue  # headerless columns cannot be recognised again
            if c.item_id is not None or c.kind in (MatchKind.IGNORED, MatchKind.MANUAL):
                earlier.setdefault(normalise_question(c.header), c)
        for i, h in enumerate(headers):
            e = earlier.get(normalise_question(h))
            if e is None or (e.item_id is not None and e.item_id not in known_ids):
                continue
            kind = MatchKind.REMEMBERED if e.item_id is not None else MatchKind.IGNORED
            decided[i] = ColumnMatch(i, h, e.item_id, kind, 1.0)

    # 2. Metadata and personal data of the tool's layout.
    for i, kind in set_aside.items():
        if i not in decided:
            decided[i] = ColumnMatch(i, headers[i], None, kind, 1.0)

    # 3. Exact match of the normalised text; the group's own wording first.
    by_text: dict[str, str] = {}
    for it in candidates:
        own = it.texts.get(group)
        if own:
            by_text.setdefault(normalise_question(own), it.id)
    for it in candidates:
        for text in it.texts.values():
            by_text.setdefault(normalise_question(text), it.id)
    norms = [normalise_question(h) for h in headers]
    for i, n in enumerate(norms):
        if i not in decided and n and n in by_text:
            decided[i] = ColumnMatch(i, headers[i], by_text[n], MatchKind.EXACT, 1.0)
    taken = {c.item_id for c in decided.values() if c.item_id}

    # 4. An item text inside a longer header ("Byggesak: Hvordan vurderer du …").
    for i, n in enumerate(norms):
        if i in decided or not n:
            continue
        inside = [
            (len(t), item_id)
            for t, item_id in by_text.items()
            if len(t) >= CONTAINS_MIN_CHARS and item_id not in taken and f" {t} " in f" {n} "
        ]
        if inside:
            inside.sort(reverse=True)
            item_id = inside[0][1]
            decided[i] = ColumnMatch(i, headers[i], item_id, MatchKind.CONTAINS, 0.9)
            taken.add(item_id)

    # 5. Fuzzy: the best pairs first, each item and column used once.
    free_texts = [(t, item_id) for t, item_id in by_text.items() if item_id not in taken]
    pairs: list[tuple[float, int, str]] = []
    best_below: dict[int, tuple[float, str]] = {}
    ambiguous: dict[int, str] = {}
    for i, n in enumerate(norms):
        if i in decided or not n:
            continue
        scores: dict[str, float] = {}
        matcher = difflib.SequenceMatcher(None, "", n, autojunk=False)
        for t, item_id in free_texts:
            matcher.set_seq1(t)
            if matcher.real_quick_ratio() < 0.5 or matcher.quick_ratio() < 0.5:
                continue
            r = matcher.ratio()
            if r > scores.get(item_id, 0.0):
                scores[item_id] = r
        ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
        if not ranked:
            continue
        top_id, top = ranked[0]
        if top < FUZZY_THRESHOLD:
            if top >= HINT_THRESHOLD:
                best_below[i] = (top, top_id)
            continue
        if len(ranked) > 1 and top - ranked[1][1] < AMBIGUITY_MARGIN:
            ambiguous[i] = f"usikkert: ligner både {top_id} og {ranked[1][0]}"
            continue
        pairs.append((top, i, top_id))
    for score, i, item_id in sorted(pairs, reverse=True):
        if i in decided or item_id in taken:
            continue
        decided[i] = ColumnMatch(i, headers[i], item_id, MatchKind.FUZZY, score)
        taken.add(item_id)

    # 6. Whatever is left: generic metadata, or no match (with the nearest guess).
    generic_meta = _GENERIC_META | _FORMS_META | _NETTSKJEMA_META
    columns: list[ColumnMatch] = []
    for i, h in enumerate(headers):
        if i in decided:
            columns.append(decided[i])
            continue
        n = normalise_text(h)
        if n in _PERSONAL:
            columns.append(ColumnMatch(i, h, None, MatchKind.PERSONAL, 1.0))
        elif n in generic_meta:
            columns.append(ColumnMatch(i, h, None, MatchKind.META, 1.0))
        else:
            note = ambiguous.get(i, "")
            if i in best_below:
                score, item_id = best_below[i]
                note = f"nærmeste: {item_id} ({round(score * 100)} %)"
            columns.append(ColumnMatch(i, h, None, MatchKind.NONE, 0.0, note))
    return ColumnMapping(
        columns=tuple(columns),
        signature=header_signature(headers),
        layout=layout,
        group=group,
    )


def describe(mapping: ColumnMapping) -> list[str]:
    """Norwegian lines saying what each column was matched to (for --dry-run)."""
    lines = [f"Format: {mapping.layout.label}"]
    for c in mapping.columns:
        head = f"Kolonne {c.letter} «{_short(c.header)}»" if c.header else f"Kolonne {c.letter}"
        if c.item_id is not None:
            lines.append(f"{head} → {c.item_id} ({c.reason})")
        elif c.kind is MatchKind.NONE:
            extra = f"; {c.note}" if c.note else ""
            lines.append(f"{head} – ikke koblet ({c.reason}{extra})")
        else:
            lines.append(f"{head} – importeres ikke ({c.reason})")
    return lines


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- answers --------------------------------------------------------------------------


class _BadAnswer(Exception):
    """A cell that cannot be read as an answer to its item."""


_DONT_KNOW = _names(
    "Vet ikke", "Ikke aktuelt", "Vet ikke / ikke aktuelt", "Vet ikke/ikke relevant",
    "Ikke relevant", "Kan ikke svare", "Ingen formening", "Ingen mening", "Vet ikke/ingen mening",
    "Don't know", "Dont know", "Do not know", "Not applicable", "N/A", "NA",
    "Don't know / not applicable", "Vet ej", "Ej aktuellt", "Ingen åsikt", "Weiß nicht",
    "Keine Angabe", "Nicht zutreffend",
)  # fmt: skip
# Common wordings of five-point scales, used only when the scale is 1–5. The survey's
# own labels win over these.
_FIVE_POINT: dict[int, tuple[str, ...]] = {
    5: (
        "Svært godt", "Svært god", "Svært bra", "Svært fornøyd", "Meget godt", "Meget bra",
        "Meget fornøyd", "Veldig godt", "Veldig bra", "Veldig fornøyd", "Svært viktig",
        "Helt enig", "Very good", "Very satisfied", "Excellent", "Very important",
        "Strongly agree", "Mycket bra", "Mycket nöjd", "Sehr gut", "Sehr zufrieden",
    ),
    4: (
        "Godt", "God", "Bra", "Fornøyd", "Ganske godt", "Ganske bra", "Ganske fornøyd",
        "Viktig", "Ganske viktig", "Delvis enig", "Good", "Satisfied", "Important",
        "Agree", "Nöjd", "Gut", "Zufrieden",
    ),
    3: (
        "Verken godt eller dårlig", "Verken eller", "Hverken eller", "Verken fornøyd eller misfornøyd",
        "Hverken godt eller dårlig", "Nøytral", "Middels", "Middels viktig", "Neutral",
        "Neither good nor poor", "Neither satisfied nor dissatisfied", "Varken eller",
        "Weder noch", "Teils teils",
    ),
    2: (
        "Dårlig", "Ganske dårlig", "Misfornøyd", "Ganske misfornøyd", "Lite viktig",
        "Delvis uenig", "Poor", "Bad", "Dissatisfied", "Not important", "Disagree",
        "Dålig", "Missnöjd", "Schlecht", "Unzufrieden",
    ),
    1: (
        "Svært dårlig", "Meget dårlig", "Veldig dårlig", "Svært misfornøyd", "Meget misfornøyd",
        "Veldig misfornøyd", "Svært lite viktig", "Helt uenig", "Very poor", "Very bad",
        "Very dissatisfied", "Strongly disagree", "Not at all important", "Mycket dålig",
        "Sehr schlecht", "Sehr unzufrieden",
    ),
}  # fmt: skip
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_LEADING_NUMBER = re.compile(r"^\(?(\d+(?:[.,]0+)?)\)?\s*(?:[-–—=:.)]\s*|\s+)(\D.*)$")
_TRAILING_NUMBER = re.compile(r"^(\D.*?)\s*[(\[](\d+)[)\]]$")


class _ScaleReader:
    def __init__(self, scale: Scale, extra_labels: Mapping[int, str]) -> None:
        self.scale = scale
        self.words: dict[str, int | None] = {n: None for n in _DONT_KNOW}
        self.words[normalise_text(scale.dont_know_label)] = None
        if (scale.min, scale.max) == (1, 5):
            for value, wordings in _FIVE_POINT.items():
                for w in wordings:
                    self.words[normalise_text(w)] = value
        for labels in (extra_labels, scale.labels):
            for value, label in labels.items():
                if scale.contains(value):
                    self.words[normalise_text(label)] = value
        self.cache: dict[str, int | None] = {}

    def read(self, text: str) -> int | None:
        if text in self.cache:
            return self.cache[text]
        value = self._read(text)
        self.cache[text] = value
        return value

    def _read(self, text: str) -> int | None:
        s = self.scale
        if _PLAIN_NUMBER.match(text):
            return self._number(text)
        m = _LEADING_NUMBER.match(text) or None
        if m is not None:
            return self._number(m.group(1))
        m = _TRAILING_NUMBER.match(text)
        if m is not None:
            return self._number(m.group(2))
        norm = normalise_text(text)
        if norm in self.words:
            return self.words[norm]
        raise _BadAnswer(
            f"«{_short(text, 40)}» er ikke et svar på skalaen {s.min}–{s.max} "
            f"(forventet et tall {s.min}–{s.max}, en av svartekstene eller «{s.dont_know_label}»)."
        )

    def _number(self, text: str) -> int | None:
        s = self.scale
        number = float(text.replace(",", "."))
        if not number.is_integer():
            raise _BadAnswer(f"«{text}» er ikke et helt tall på skalaen {s.min}–{s.max}.")
        value = int(number)
        if s.dont_know_code is not None and value == s.dont_know_code:
            return None
        if not s.contains(value):
            raise _BadAnswer(f"{value} ligger utenfor skalaen {s.min}–{s.max}.")
        return value


class _OptionReader:
    """Background answers to option codes: by code, label, or the start of a label."""

    def __init__(self, item: Item) -> None:
        self.item = item
        self.words: dict[str, str] = {}
        for o in item.options:
            self.words[normalise_text(o.code)] = o.code
            self.words[normalise_text(o.label)] = o.code
        self.other = next((o for o in item.options if o.code == "annet"), None)

    def read(self, text: str) -> tuple[str, str | None]:
        """The option code, and a warning when the answer was put under «Annet»."""
        text = text.rstrip(";").strip()
        norm = normalise_text(text)
        if norm in self.words:
            return self.words[norm], None
        m = _LEADING_NUMBER.match(text)
        if m is not None and normalise_text(m.group(2)) in self.words:
            return self.words[normalise_text(m.group(2))], None
        if " " in norm or any(ch.isalpha() for ch in norm):
            starts = {code for word, code in self.words.items() if word.startswith(norm + " ")}
            if len(starts) == 1:
                return starts.pop(), None
        if self.other is not None:
            return self.other.code, (
                f"«{_short(text, 40)}» er ikke et av svaralternativene; lagret som "
                f"«{self.other.label}»."
            )
        choices = ", ".join(o.label for o in self.item.options)
        raise _BadAnswer(f"«{_short(text, 40)}» er ikke et av svaralternativene ({choices}).")


@dataclass(frozen=True)
class ImportResult:
    """Answers per respondent, or the reasons they cannot be imported.

    ``respondents`` is empty whenever ``ok`` is False (all or nothing).
    ``content_hash`` is the table's: see ``Table.content_hash``.
    """

    respondents: list[dict[str, Answer]]
    row_numbers: list[int]  # file row of each respondent
    problems: list[Problem]
    content_hash: str
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.warning]


def parse_answers(
    table: Table, mapping: ColumnMapping, items: Sequence[Item], scale: Scale
) -> ImportResult:
    """Read every mapped cell; any unreadable cell makes the whole import fail."""
    problems: list[Problem] = []
    by_id = {it.id: it for it in items}

    def col_name(i: int) -> str:
        return table.column_label(i)

    # The mapping must fit this table and name known items, each once.
    if [c.header for c in mapping.columns] != table.headers:
        problems.append(
            Problem(
                "Kolonnekoblingen passer ikke til denne filen (overskriftene er ulike). "
                "Lag koblingen på nytt for denne filen."
            )
        )
        return _result([], [], problems, table.content_hash)
    mapped: list[tuple[int, Item]] = []
    columns_of: dict[str, list[int]] = {}
    for c in mapping.columns:
        if c.item_id is None:
            continue
        item = by_id.get(c.item_id)
        if item is None:
            problems.append(
                Problem(
                    f"Kolonnen er koblet til {c.item_id}, som ikke finnes i spørreskjemaet.",
                    column=col_name(c.index),
                )
            )
            continue
        mapped.append((c.index, item))
        columns_of.setdefault(item.id, []).append(c.index)
    for item_id, cols in columns_of.items():
        if len(cols) > 1:
            names = " og ".join(col_name(i) for i in cols)
            problems.append(
                Problem(
                    f"Kolonnene {names} er koblet til samme spørsmål ({item_id}). "
                    "Velg hvilken som skal importeres, og ignorer de andre."
                )
            )
    if not mapped:
        problems.append(Problem("Ingen kolonner er koblet til spørsmål i spørreskjemaet."))
    if not table.rows:
        problems.append(Problem("Filen har overskrifter, men ingen rader med svar."))
    for c in mapping.columns:
        if c.kind is MatchKind.NONE and any(row[c.index] for row in table.rows):
            problems.append(
                Problem(
                    "Kolonnen er ikke koblet til noe spørsmål; svarene i den blir ikke importert.",
                    column=col_name(c.index),
                    warning=True,
                )
            )
    if mapping.group is not None:
        for it in items:
            if it.asked_of(mapping.group) and it.id not in columns_of:
                problems.append(
                    Problem(
                        f"Spørsmålet {it.id} («{_short(it.texts[mapping.group], 60)}») "
                        "finnes ikke i filen.",
                        warning=True,
                    )
                )
    if any(not p.warning for p in problems):
        return _result([], [], list(table.problems) + problems, table.content_hash)
    problems = list(table.problems) + problems

    # A reader and a cache of what it made of each text: an export holds the same few
    # texts ("4", "Vet ikke", "4–10 ansatte") thousands of times. Readers are pure, so
    # a cached answer (and its warning) is the one reading the cell again would give;
    # unreadable cells are not cached and are reported one by one.
    scale_readers: dict[ItemKind, tuple[dict[str, _Read], _Reader]] = {}
    readers = [(index, item.id, *_reader_for(item, scale, scale_readers)) for index, item in mapped]

    respondents: list[dict[str, Answer]] = []
    row_numbers: list[int] = []
    errors = 0
    for rownum, row in zip(table.row_numbers, table.rows, strict=True):
        answers: dict[str, Answer] = {}
        for index, item_id, cache, read in readers:
            text = row[index]
            if not text:
                continue
            got = cache.get(text)
            if got is None:
                try:
                    got = cache[text] = read(text)
                except _BadAnswer as exc:
                    errors += 1
                    if errors <= MAX_PROBLEMS:
                        problems.append(Problem(str(exc), row=rownum, column=col_name(index)))
                    continue
            value, warning = got
            if warning:
                problems.append(Problem(warning, row=rownum, column=col_name(index), warning=True))
            answers[item_id] = value
        if not answers:
            problems.append(
                Problem("Raden har ingen svar og er hoppet over.", row=rownum, warning=True)
            )
            continue
        respondents.append(answers)
        row_numbers.append(rownum)
    hidden = max(0, errors - MAX_PROBLEMS)
    if hidden:
        problems.append(Problem(f"… og {hidden} celler til som ikke kan leses."))
    return _result(respondents, row_numbers, problems, table.content_hash, hidden)


_Read = tuple[Answer, str | None]
_Reader = Callable[[str], _Read]


def _reader_for(
    item: Item, scale: Scale, scale_readers: dict[ItemKind, tuple[dict[str, _Read], _Reader]]
) -> tuple[dict[str, _Read], _Reader]:
    """The reader for an item's cells and its cache (text -> answer and warning).

    Scale items of one kind share a reader and its cache; an option or open item has
    its own (the same text can be a different option code in another column)."""
    if item.kind.is_scale:
        shared = scale_readers.get(item.kind)
        if shared is None:
            extra: Mapping[int, str] = {}
            if item.kind is ItemKind.IMPORTANCE and (scale.min, scale.max) == (1, 5):
                extra = _IMPORTANCE_LABELS
            read = _ScaleReader(scale, extra).read
            shared = scale_readers[item.kind] = ({}, lambda text: (read(text), None))
        return shared
    if item.kind is ItemKind.BACKGROUND and item.options:
        return {}, _OptionReader(item).read
    return {}, lambda text: (text, None)


_IMPORTANCE_LABELS: dict[int, str] = {
    1: "Svært lite viktig",
    2: "Lite viktig",
    3: "Middels viktig",
    4: "Viktig",
    5: "Svært viktig",
}


def _result(
    respondents: list[dict[str, Answer]],
    row_numbers: list[int],
    problems: list[Problem],
    content_hash: str,
    hidden_errors: int = 0,
) -> ImportResult:
    """All or nothing: with any error there are no respondents to store."""
    errors = sum(1 for p in problems if not p.warning) + max(0, hidden_errors - 1)
    if errors:
        respondents, row_numbers = [], []
    return ImportResult(
        respondents=respondents,
        row_numbers=row_numbers,
        problems=problems,
        content_hash=content_hash,
        error_count=errors,
    )
