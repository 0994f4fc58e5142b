"""The schema ladder: every released version's fixture opens and climbs to today's."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Connection, text

from nvk_desktop.domain.models import Person
from nvk_desktop.errors import ProjectFileError
from nvk_desktop.services import people
from nvk_desktop.services.project import (
    check_project,
    create_project,
    list_backups,
    open_project,
    project_info,
)
from nvk_desktop.store import schema
from tests.unit.helpers import file_digest

DATA = Path(__file__).resolve().parent.parent / "data"
FIXTURES = sorted(DATA.glob("schema-v*.nvk"), key=lambda p: int(re.findall(r"\d+", p.name)[0]))


def test_there_is_a_fixture_for_every_version() -> None:
    versions = [int(re.findall(r"\d+", p.name)[0]) for p in FIXTURES]
    assert versions == list(range(1, schema.SCHEMA_VERSION + 1))


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_every_fixture_upgrades_and_keeps_its_data(fixture: Path, tmp_path: Path) -> None:
    copy = tmp_path / fixture.name
    shutil.copy(fixture, copy)
    p = open_project(copy)
    try:
        assert project_info(p).kommune.nummer == "5540"
        assert len(people.list_people(p)) == 18
        people.add_person(p, Person("Etter oppgradering"))  # the undo triggers work
        assert p.take_last_change() is not None
    finally:
        p.close()
    report = check_project(copy)
    assert report.schema_version == schema.SCHEMA_VERSION and report.integrity == "ok"


def _add_column_step(conn: Connection) -> None:
    conn.execute(text("ALTER TABLE person ADD COLUMN title TEXT NOT NULL DEFAULT ''"))


def _failing_step(conn: Connection) -> None:
    conn.execute(text("ALTER TABLE person ADD COLUMN title TEXT NOT NULL DEFAULT ''"))
    raise RuntimeError("step broke half way")


def _fake_next_version(monkeypatch: pytest.MonkeyPatch, step) -> int:  # type: ignore[no-untyped-def]
    nxt = schema.SCHEMA_VERSION + 1
    monkeypatch.setattr(schema, "SCHEMA_VERSION", nxt)
    monkeypatch.setitem(schema.MIGRATIONS, nxt - 1, step)
    return nxt


def test_a_migration_step_backs_up_first_and_bumps_the_version_with_the_step(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    copy = tmp_path / "old.nvk"
    shutil.copy(FIXTURES[-1], copy)
    nxt = _fake_next_version(monkeypatch, _add_column_step)
    p = open_project(copy)
    try:
        pid = people.add_person(p, Person("Ny"))
        change = p.take_last_change()
        assert change is not None
        p.apply_change(change)  # the rebuilt triggers know the new column
        assert pid not in [x.id for x in people.list_people(p)]
    finally:
        p.close()
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == nxt
    assert "title" in [r[1] for r in conn.execute("PRAGMA table_info(person)")]
    conn.close()
    backups = [b for b in list_backups(copy) if b.reason == "migration"]
    assert len(backups) == 1
    assert file_digest(backups[0].path) != file_digest(copy)
    old = sqlite3.connect(backups[0].path)
    assert old.execute("PRAGMA user_version").fetchone()[0] == nxt - 1
    old.close()


def test_a_failing_migration_step_leaves_the_file_as_it_was(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    copy = tmp_path / "old.nvk"
    shutil.copy(FIXTURES[-1], copy)
    _fake_next_version(monkeypatch, _failing_step)
    with pytest.raises(RuntimeError, match="half way"):
        open_project(copy)
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(FIXTURES)
    assert "title" not in [r[1] for r in conn.execute("PRAGMA table_info(person)")]
    conn.close()


def test_the_current_version_refuses_a_file_from_the_next(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    copy = tmp_path / "new.nvk"
    shutil.copy(FIXTURES[-1], copy)
    nxt = _fake_next_version(monkeypatch, _add_column_step)
    open_project(copy).close()
    monkeypatch.setattr(schema, "SCHEMA_VERSION", nxt - 1)
    before = file_digest(copy)
    with pytest.raises(ProjectFileError, match="nyere versjon"):
        open_project(copy)
    assert file_digest(copy) == before


def _structure(path: Path) -> dict[str, object]:
    """Tables with their columns, indexes and foreign keys, and the trigger names."""
    conn = sqlite3.connect(path)
    try:
        out: dict[str, object] = {}
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'"):
            out[name] = (
                conn.execute(f'PRAGMA table_info("{name}")').fetchall(),
                sorted(r[1:] for r in conn.execute(f'PRAGMA index_list("{name}")')),
                sorted(conn.execute(f'PRAGMA foreign_key_list("{name}")').fetchall()),
            )
        out["triggers"] = sorted(
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
        )
        return out
    finally:
        conn.close()


@pytest.mark.parametrize("fixture", FIXTURES[:-1], ids=lambda p: p.name)
def test_an_upgraded_file_has_the_same_structure_as_a_new_one(
    fixture: Path, tmp_path: Path
) -> None:
    copy = tmp_path / fixture.name
    shutil.copy(fixture, copy)
    open_project(copy).close()
    fresh = tmp_path / "fresh.nvk"
    create_project(fresh, "5540", "Ny").close()
    assert _structure(copy) == _structure(fresh)


def test_the_upgrade_to_version_2_brings_the_default_checklists_and_service_map(
    tmp_path: Path,
) -> None:
    copy = tmp_path / "v1.nvk"
    shutil.copy(DATA / "schema-v1.nvk", copy)
    open_project(copy).close()
    conn = sqlite3.connect(copy)
    try:
        counts = {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("checklist_item", "service_area", "service", "service_dimension")
        }
        # The people of version 1 are in the search index.
        hits = conn.execute("SELECT count(*) FROM search_fts WHERE kind = 'person'").fetchone()[0]
    finally:
        conn.close()
    assert counts == {
        "checklist_item": 22,
        "service_area": 10,
        "service": 42,
        "service_dimension": 7,
    }
    assert hits == 18
