"""The project-wide search index: one FTS5 table kept current by SQLite triggers.

Every searchable row (a person, checklist item, service area, service, note, finding,
meeting or vedtak) has one entry whose rowid is ``id * 16 + kind code``, so a trigger
finds its entry without a scan. Because triggers keep the index, undo/redo (which
replays plain SQL on the tables) and restores keep it current too. The tokenizer
folds case and diacritics ("Gáivuotna" ~ "gaivuotna"; å is folded to a as well, which
lets a search typed without Norwegian letters find "gård").
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text

TABLE = "search_fts"
TRIGGER_PREFIX = "fts_"
KIND_STRIDE = 16


@dataclass(frozen=True)
class Source:
    kind: str  # the hit kind the search service reports
    code: int  # rowid = id * KIND_STRIDE + code
    table: str
    title: str  # SQL expressions over the row alias ``r``
    body: str
    parent: str = "r.id"  # the id the hit jumps to (a finding jumps to its note)


def _join(*columns: str) -> str:
    return " || ' ' || ".join(f"coalesce(r.{c}, '')" for c in columns)


# The sources of schema version 2; a later version adds its own tuple, and each
# migration step installs only the sources of its version.
SOURCES_V2 = (
    Source("person", 1, "person", "r.name", _join("organisation", "email", "phone")),
    Source("checklist", 2, "checklist_item", "r.title", _join("note")),
    Source("area", 3, "service_area", "r.name", "''"),
    Source("service", 4, "service", "r.name", _join("unit", "fees", "current_state")),
    Source("note", 5, "note", "r.subject", _join("organisation", "body")),
    Source("finding", 6, "finding", "''", _join("text"), parent="r.note_id"),
    Source("meeting", 7, "meeting", "r.title", _join("place", "agenda", "minutes")),
    Source("decision", 8, "meeting_decision", "r.case_number", _join("text"), "r.meeting_id"),
)
SOURCES_V4 = (
    Source("card", 9, "card", "''", _join("text"), "r.workshop_id"),
    Source("point", 10, "improvement_point", "r.title", _join("description")),
    Source("measure", 11, "measure", "r.title", _join("code", "description", "unit", "funding")),
    Source("follow_up", 12, "follow_up", "''", _join("text"), "r.measure_id"),
)
SOURCES = SOURCES_V2 + SOURCES_V4


def create(conn: Connection, sources: tuple[Source, ...] = SOURCES) -> None:
    """The index table, its triggers and its contents (inside a schema transaction)."""
    conn.execute(
        text(
            f"CREATE VIRTUAL TABLE {TABLE} USING fts5(kind UNINDEXED, ref_id UNINDEXED,"
            " title, body, tokenize = 'unicode61 remove_diacritics 2')"
        )
    )
    add_sources(conn, sources)


def add_sources(conn: Connection, sources: tuple[Source, ...]) -> None:
    """Index the rows of more tables from now on (a schema step adding tables)."""
    for source in sources:
        _create_triggers(conn, source)
        _index_rows(conn, source)


def _entry_select(source: Source, row: str) -> str:
    expr = {
        "rowid": f"{row}.id * {KIND_STRIDE} + {source.code}",
        "kind": f"'{source.kind}'",
        "ref_id": source.parent.replace("r.", f"{row}."),
        "title": source.title.replace("r.", f"{row}."),
        "body": source.body.replace("r.", f"{row}."),
    }
    return ", ".join(expr.values())


def _create_triggers(conn: Connection, source: Source) -> None:
    insert = f"INSERT INTO {TABLE}(rowid, kind, ref_id, title, body) VALUES"
    delete = f"DELETE FROM {TABLE} WHERE rowid = old.id * {KIND_STRIDE} + {source.code}"
    name = f"{TRIGGER_PREFIX}{source.table}"
    conn.execute(
        text(
            f"CREATE TRIGGER {name}_insert AFTER INSERT ON {source.table} BEGIN"
            f" {insert}({_entry_select(source, 'new')}); END"
        )
    )
    conn.execute(
        text(
            f"CREATE TRIGGER {name}_update AFTER UPDATE ON {source.table} BEGIN"
            f" {delete}; {insert}({_entry_select(source, 'new')}); END"
        )
    )
    conn.execute(
        text(f"CREATE TRIGGER {name}_delete AFTER DELETE ON {source.table} BEGIN {delete}; END")
    )


def rebuild(conn: Connection, sources: tuple[Source, ...] = SOURCES) -> None:
    """Fill the index from the tables again (a repair)."""
    conn.execute(text(f"DELETE FROM {TABLE}"))
    for source in sources:
        _index_rows(conn, source)


def _index_rows(conn: Connection, source: Source) -> None:
    conn.execute(
        text(
            f"INSERT INTO {TABLE}(rowid, kind, ref_id, title, body)"
            f" SELECT {_entry_select(source, 'r')} FROM {source.table} r"
        )
    )
