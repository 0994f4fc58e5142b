"""Schema versions: the identity of our files and the ordered migration ladder.

``PRAGMA application_id`` marks a file as an NVK project; ``PRAGMA user_version`` is
its schema version. A new file gets the current schema in one go. An older file
climbs the ladder one step at a time; each step and its version bump commit together,
and the caller backs the file up before the first step (DESIGN.md rule 7).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, text

from nvk_desktop.store import undo
from nvk_desktop.store.models import Base

APPLICATION_ID = 0x4E564B31  # "NVK1"
SCHEMA_VERSION = 1

# MIGRATIONS[n] brings a file from version n to n + 1. Add a step for every schema
# change, and a fixture file tests/data/schema-v<n>.nvk for every released version.
Migration = Callable[[Connection], None]
MIGRATIONS: dict[int, Migration] = {}


def create_schema(conn: Connection) -> None:
    """The current schema in a new, empty file (inside the caller's transaction)."""
    Base.metadata.create_all(conn)
    undo.create_log_table(conn)
    undo.install_triggers(conn)
    set_identity(conn, SCHEMA_VERSION)


def set_identity(conn: Connection, version: int) -> None:
    conn.execute(text(f"PRAGMA application_id={APPLICATION_ID}"))
    conn.execute(text(f"PRAGMA user_version={int(version)}"))


def read_version(conn: Connection) -> int:
    return int(conn.execute(text("PRAGMA user_version")).scalar_one())


def migrate(conn_factory: Callable[[], Connection], start: int, target: int | None = None) -> int:
    """Climb from ``start`` to ``target``, one committed transaction per step.

    ``conn_factory`` gives a connection whose ``begin()`` starts a write transaction.
    Returns the version reached. A failing step rolls back only itself.
    """
    target = SCHEMA_VERSION if target is None else target
    version = start
    while version < target:
        step = MIGRATIONS[version]
        with conn_factory() as conn, conn.begin():
            step(conn)
            undo.install_triggers(conn)
            undo.clear_log(conn)
            set_identity(conn, version + 1)
        version += 1
    return version
