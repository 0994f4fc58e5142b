"""Undo and redo for every change, kept by SQLite itself.

Triggers on every table write the inverse SQL statement of each row change into
``undo_log`` (the technique of sqlite.org/undoredo.html). A unit of work collects the
statements it caused into one ``Change``; applying a Change runs its statements in
reverse order in one transaction and yields the opposite Change. New tables added by
later schema versions get triggers automatically when the schema is (re)built.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from sqlalchemy import Connection, text

LOG_TABLE = "undo_log"
TRIGGER_PREFIX = "undo_"
_SKIP_TABLES = {LOG_TABLE, "sqlite_sequence", "sqlite_stat1"}


@dataclass(frozen=True)
class Change:
    """One undoable step: the statements that reverse it, and a label for the menu."""

    label: str
    statements: tuple[str, ...]


def create_log_table(conn: Connection) -> None:
    conn.execute(
        text(
            f"CREATE TABLE IF NOT EXISTS {LOG_TABLE} (seq INTEGER PRIMARY KEY, statement TEXT NOT NULL)"
        )
    )


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _tables(conn: Connection) -> list[str]:
    rows = conn.execute(
        text("SELECT name FROM sqlite_master WHERE type='table' AND sql NOT LIKE 'CREATE VIRTUAL%'")
    ).scalars()
    return [
        r for r in rows if r not in _SKIP_TABLES and not r.startswith("sqlite_") and "_fts" not in r
    ]


def install_triggers(conn: Connection) -> None:
    """(Re)create the undo triggers for every table. Runs inside a schema transaction."""
    old = (
        conn.execute(
            text("SELECT name FROM sqlite_master WHERE type='trigger' AND name LIKE :p"),
            {"p": TRIGGER_PREFIX + "%"},
        )
        .scalars()
        .all()
    )
    for name in old:
        conn.execute(text(f"DROP TRIGGER {_quote_ident(name)}"))
    for table in _tables(conn):
        cols = [row[1] for row in conn.execute(text(f"PRAGMA table_info({_quote_ident(table)})"))]
        t = _quote_ident(table)
        log = f"INSERT INTO {LOG_TABLE}(statement) VALUES"
        delete_sql = f"'DELETE FROM {t} WHERE rowid='||new.rowid"
        set_sql = "||','||".join(
            f"'{_quote_ident(c)}='||quote(old.{_quote_ident(c)})" for c in cols
        )
        update_sql = f"'UPDATE {t} SET '||{set_sql}||' WHERE rowid='||old.rowid"
        col_list = ",".join(["rowid", *(_quote_ident(c) for c in cols)])
        values = "||','||".join(["old.rowid", *(f"quote(old.{_quote_ident(c)})" for c in cols)])
        insert_sql = f"'INSERT INTO {t}({col_list}) VALUES('||{values}||')'"
        for event, body in (("INSERT", delete_sql), ("UPDATE", update_sql), ("DELETE", insert_sql)):
            name = _quote_ident(f"{TRIGGER_PREFIX}{table}_{event.lower()}")
            conn.execute(
                text(f"CREATE TRIGGER {name} AFTER {event} ON {t} BEGIN {log}({body}); END")
            )


def clear_log(conn: Connection) -> None:
    conn.execute(text(f"DELETE FROM {LOG_TABLE}"))


def take_log(conn: Connection) -> tuple[str, ...]:
    """The statements logged in this transaction, oldest first; empties the log."""
    rows = conn.execute(text(f"SELECT statement FROM {LOG_TABLE} ORDER BY seq")).scalars().all()
    clear_log(conn)
    return tuple(rows)


def run_reversed(dbapi_conn: sqlite3.Connection, statements: tuple[str, ...]) -> None:
    for statement in reversed(statements):
        dbapi_conn.execute(statement)
