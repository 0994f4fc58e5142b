"""Small helpers shared by the core tests."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def dump(path: Path) -> list[str]:
    """Every user row of the project, as text, for comparing whole states.

    The search index is included (its entries must follow every change, undo and
    redo), its FTS5 shadow tables are not.
    """
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' "
                "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_fts_%' "
                "AND name != 'undo_log' ORDER BY name"
            )
        ]
        out = []
        for t in tables:
            out += [
                f"{t}:{row}" for row in conn.execute(f'SELECT rowid, * FROM "{t}" ORDER BY rowid')
            ]
        return out
    finally:
        conn.close()
