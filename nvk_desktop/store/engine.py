"""The one engine factory: every connection gets the same pragmas (DESIGN.md rule 5–6).

Rollback journal (DELETE) with synchronous=FULL: the .nvk file alone is always the
whole, consistent project, also on a USB stick or a network share where WAL is unsafe.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool

BUSY_TIMEOUT_MS = 5000


def sqlite_uri(path: Path, *, read_only: bool) -> str:
    uri = path.resolve().as_uri()  # percent-encodes spaces, '#', '?', æøå
    return uri + ("?mode=ro" if read_only else "?mode=rw")


def connect_raw(path: Path, *, read_only: bool) -> sqlite3.Connection:
    """A plain sqlite3 connection with our pragmas, in driver-level autocommit."""
    conn = sqlite3.connect(
        sqlite_uri(path, read_only=read_only),
        uri=True,
        isolation_level=None,
        check_same_thread=False,
        timeout=BUSY_TIMEOUT_MS / 1000,
    )
    apply_pragmas(conn, read_only=read_only)
    return conn


def apply_pragmas(conn: sqlite3.Connection, *, read_only: bool) -> None:
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    if not read_only:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("PRAGMA synchronous=FULL")


def make_engine(
    path: Path, *, read_only: bool = False, max_page_count: int | None = None
) -> Engine:
    """An engine on one project file.

    Transactions start with BEGIN IMMEDIATE on a writable file, so a reader in the
    background runner and the GUI's writes never deadlock on a lock upgrade.
    ``max_page_count`` caps the file size (tests use it to simulate a full disk).
    """

    def creator() -> sqlite3.Connection:
        return sqlite3.connect(
            sqlite_uri(path, read_only=read_only),
            uri=True,
            isolation_level=None,
            check_same_thread=False,
            timeout=BUSY_TIMEOUT_MS / 1000,
        )

    engine = create_engine("sqlite+pysqlite://", creator=creator, poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        apply_pragmas(dbapi_conn, read_only=read_only)
        if max_page_count is not None:
            dbapi_conn.execute(f"PRAGMA max_page_count={int(max_page_count)}")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine
