"""Opening, creating and refusing project files; the lock; a full disk."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from nvk_desktop.domain.enums import PersonCategory
from nvk_desktop.domain.models import Person
from nvk_desktop.errors import (
    DiskFullError,
    ProjectFileError,
    ProjectLockedError,
    ReadOnlyFileError,
)
from nvk_desktop.services import people
from nvk_desktop.services.project import (
    check_project,
    create_project,
    open_project,
    project_info,
)
from nvk_desktop.store import lock as lock_mod
from nvk_desktop.store import projectfile, schema
from tests.unit.helpers import file_digest


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    p = create_project(tmp_path / "Næringsvennlig Åfjord 🙂.nvk", "4645", "Næringsvennlig Askvoll")
    people.add_person(p, Person("Åse Ødegård", "Askvoll kommune", PersonCategory.ADMINISTRASJON))
    p.close()
    return tmp_path / "Næringsvennlig Åfjord 🙂.nvk"


def test_new_file_is_marked_as_ours(project_path: Path) -> None:
    conn = sqlite3.connect(project_path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    p = open_project(project_path)
    try:
        info = project_info(p)
        assert info.kommune.navn == "Askvoll" and info.name == "Næringsvennlig Askvoll"
        assert [x.name for x in people.list_people(p)] == ["Åse Ødegård"]
    finally:
        p.close()


def test_create_refuses_existing_file_and_missing_folder(tmp_path: Path) -> None:
    (tmp_path / "x.nvk").write_bytes(b"keep me")
    with pytest.raises(ProjectFileError, match="finnes allerede"):
        create_project(tmp_path / "x.nvk", "4645", "X")
    assert (tmp_path / "x.nvk").read_bytes() == b"keep me"
    with pytest.raises(ProjectFileError, match="finnes ikke"):
        create_project(tmp_path / "nope" / "x.nvk", "4645", "X")
    assert sorted(os.listdir(tmp_path)) == ["x.nvk"]  # no temp files left


def _write_foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes(text)")
    conn.commit()
    conn.close()


def _write_too_new(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future(x)")
    conn.execute(f"PRAGMA application_id={schema.APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version={schema.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()


BAD_FILES = {
    "empty": (lambda p, good: p.write_bytes(b""), "er tom"),
    "not sqlite": (lambda p, good: p.write_text("Dette er et notat\n"), "ikke en NVK-prosjektfil"),
    "tiny": (lambda p, good: p.write_bytes(b"SQLite format 3\x00abc"), "avkuttet"),
    "truncated": (lambda p, good: p.write_bytes(good.read_bytes()[:20000]), "avkuttet"),
    "foreign": (lambda p, good: _write_foreign(p), "et annet program"),
    "too new": (lambda p, good: _write_too_new(p), "nyere versjon"),
    "garbage pages": (
        lambda p, good: p.write_bytes(
            good.read_bytes()[:4096] + os.urandom(len(good.read_bytes()) - 4096)
        ),
        "skadet",
    ),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_bad_files_get_a_clear_message_and_are_never_modified(
    kind: str, project_path: Path, tmp_path: Path
) -> None:
    make, expected = BAD_FILES[kind]
    bad = tmp_path / f"bad-{kind}.nvk"
    make(bad, project_path)
    before = file_digest(bad)
    for opener in (open_project, check_project, lambda p: open_project(p, read_only=True)):
        with pytest.raises(ProjectFileError) as info:
            opener(bad)
        assert expected in info.value.message
        assert info.value.message.isprintable()
    assert file_digest(bad) == before
    assert not lock_mod.lock_path_for(bad).exists()


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ProjectFileError, match="Finner ikke"):
        open_project(tmp_path / "borte.nvk")


def test_write_protected_file_is_offered_read_only(
    project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root, where chmod does not stop writes: pretend the check says so.
    monkeypatch.setattr(projectfile, "_is_writable", lambda p: False)
    before = file_digest(project_path)
    with pytest.raises(ReadOnlyFileError, match="skrivebeskyttet"):
        open_project(project_path)
    p = open_project(project_path, read_only=True)
    try:
        assert [x.name for x in people.list_people(p)] == ["Åse Ødegård"]
        with pytest.raises(ReadOnlyFileError):
            people.add_person(p, Person("Ny"))
    finally:
        p.close()
    assert file_digest(project_path) == before


def test_second_open_is_refused_with_who_has_it(project_path: Path) -> None:
    first = open_project(project_path)
    try:
        with pytest.raises(ProjectLockedError) as info:
            open_project(project_path)
        assert info.value.owner.pid == os.getpid()
        assert "allerede åpent" in info.value.message
        reader = open_project(project_path, read_only=True)
        assert len(people.list_people(reader)) == 1
        reader.close()
    finally:
        first.close()
    assert not lock_mod.lock_path_for(project_path).exists()
    open_project(project_path).close()


def test_lock_from_another_machine_needs_take_over(project_path: Path) -> None:
    lock_file = lock_mod.lock_path_for(project_path)
    lock_file.write_text(
        '{"user": "kari", "host": "rådhus-pc-17", "pid": 4242, "opened_at": "28.11.2026 kl. 09:15"}',
        encoding="utf-8",
    )
    with pytest.raises(ProjectLockedError, match="kari på rådhus-pc-17"):
        open_project(project_path)
    p = open_project(project_path, take_over_lock=True)
    p.close()
    assert not lock_file.exists()


def test_stale_lock_of_a_dead_process_is_taken_over(project_path: Path) -> None:
    import socket
    import subprocess
    import sys

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    pid = int(dead.stdout)
    lock_mod.lock_path_for(project_path).write_text(
        f'{{"user": "u", "host": "{socket.gethostname()}", "pid": {pid}, "opened_at": "x"}}',
        encoding="utf-8",
    )
    open_project(project_path).close()


def test_half_written_lock_counts_as_stale(project_path: Path) -> None:
    lock_mod.lock_path_for(project_path).write_text('{"user": "u", "ho', encoding="utf-8")
    open_project(project_path).close()


def test_full_disk_rolls_back_the_change_and_keeps_the_file(project_path: Path) -> None:
    pages = project_path.stat().st_size // 4096
    p = projectfile.open_file(project_path, max_page_count=pages + 2)
    try:
        long_text = "x" * 3000
        with pytest.raises(DiskFullError, match="Disken er full"):
            for i in range(200):
                people.add_person(p, Person(f"Person {i}", long_text))
        stored = people.list_people(p)
    finally:
        p.close()
    check = check_project(project_path)
    assert check.integrity == "ok"
    assert check.counts["person"] == len(stored) >= 1
    assert "Åse Ødegård" in [x.name for x in stored]


def test_read_only_connection_write_error_is_translated(project_path: Path) -> None:
    from sqlalchemy.exc import OperationalError

    err = OperationalError(
        "INSERT", {}, sqlite3.OperationalError("attempt to write a readonly database")
    )
    known = projectfile.translate_error(project_path, err)
    assert isinstance(known, ReadOnlyFileError)
    assert projectfile.translate_error(project_path, ValueError("bug")) is None


def test_hot_journal_from_a_crash_is_rolled_back_on_open(
    project_path: Path, tmp_path: Path
) -> None:
    """A journal left by a killed writer: check refuses with advice, open recovers."""
    import subprocess
    import sys

    script = (
        "import sqlite3, os, sys\n"
        f"c = sqlite3.connect({str(project_path)!r}, isolation_level=None)\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        'c.execute("INSERT INTO person(name, organisation, category, email, phone) '
        "VALUES('Halvferdig', '', 'annet', '', '')\")\n"
        "c.execute('PRAGMA cache_size=1')\n"
        "for i in range(3000):\n"
        "    c.execute(\"INSERT INTO milestone(phase, title, note) VALUES('ide', ?, '')\", ('x'*200,))\n"
        "os._exit(9)\n"
    )
    subprocess.run([sys.executable, "-c", script], check=False)
    journal = project_path.with_name(project_path.name + "-journal")
    assert journal.exists() and journal.stat().st_size > 0
    with pytest.raises(ProjectFileError, match="uavsluttet endring"):
        check_project(project_path)
    p = open_project(project_path)
    try:
        assert [x.name for x in people.list_people(p)] == ["Åse Ødegård"]
    finally:
        p.close()
    assert check_project(project_path).counts["milestone"] == 0
