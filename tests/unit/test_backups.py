"""Automatic rotating backups and restore."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from nvk_desktop.domain.models import Person
from nvk_desktop.errors import ProjectFileError
from nvk_desktop.services import people
from nvk_desktop.services.project import (
    create_project,
    list_backups,
    make_backup,
    open_project,
    restore_backup,
)
from nvk_desktop.store import backup, projectfile
from nvk_desktop.store.backup import BackupInfo, backups_to_remove


def test_backups_live_in_the_data_folder_per_project(tmp_path: Path) -> None:
    p = create_project(tmp_path / "a.nvk", "4645", "A")
    try:
        folder = backup.backup_folder(p.path)
        assert folder.is_relative_to(backup.data_dir())
        assert [b.reason for b in list_backups(p.path)] == ["open"]
        people.add_person(p, Person("Ola"))
    finally:
        p.close()
    assert [b.reason for b in list_backups(tmp_path / "a.nvk")] == ["close", "open"]
    # Opening an unchanged file makes no new backup; a closed unchanged one neither.
    open_project(tmp_path / "a.nvk").close()
    assert len(list_backups(tmp_path / "a.nvk")) == 2


def test_periodic_backup_after_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = create_project(tmp_path / "a.nvk", "4645", "A")
    try:
        monkeypatch.setattr(projectfile, "AUTO_BACKUP_INTERVAL_S", 0)
        people.add_person(p, Person("Ola"))
        assert "auto" in [b.reason for b in list_backups(p.path)]
    finally:
        p.close()


def test_restore_and_restore_back(tmp_path: Path) -> None:
    p = create_project(tmp_path / "a.nvk", "4645", "A")
    try:
        people.add_person(p, Person("Før"))
        first = make_backup(p)
        people.add_person(p, Person("Etter"))
        before = restore_backup(p, first)
        assert [x.name for x in people.list_people(p)] == ["Før"]
        again = restore_backup(p, before)  # this is how the GUI undoes a restore
        assert sorted(x.name for x in people.list_people(p)) == ["Etter", "Før"]
        assert again.exists()
    finally:
        p.close()


def test_restore_refuses_a_bad_backup_and_changes_nothing(tmp_path: Path) -> None:
    p = create_project(tmp_path / "a.nvk", "4645", "A")
    bad = tmp_path / "bad.nvk"
    bad.write_text("not a project")
    try:
        people.add_person(p, Person("Ola"))
        with pytest.raises(ProjectFileError, match="ikke en NVK-prosjektfil"):
            restore_backup(p, bad)
        assert [x.name for x in people.list_people(p)] == ["Ola"]
    finally:
        p.close()


def _b(now: datetime, age: timedelta, n: int) -> BackupInfo:
    return BackupInfo(Path(f"/b/{n}.nvk"), now - age, "auto", 1)


def test_thinning_keeps_recent_daily_weekly_monthly() -> None:
    now = datetime(2026, 11, 29, 12, 0)
    ages = [timedelta(minutes=10 * i) for i in range(20)]  # 20 within ~3 hours
    ages += [timedelta(days=2, hours=h) for h in (1, 2, 3)]  # three on one day
    ages += [timedelta(days=20 + d) for d in range(7)]  # a week, three weeks ago
    ages += [timedelta(days=100 + d) for d in range(40)]  # old
    ages += [timedelta(days=500)]  # older than a year
    backups = sorted(
        (_b(now, a, i) for i, a in enumerate(ages)), key=lambda b: b.created, reverse=True
    )
    removed = {b.path for b in backups_to_remove(backups, now)}
    kept = [b for b in backups if b.path not in removed]
    recent = [b for b in kept if now - b.created <= timedelta(days=1)]
    assert len(recent) == 12
    assert len([b for b in kept if timedelta(days=2) <= now - b.created < timedelta(days=3)]) == 1
    assert len([b for b in kept if timedelta(days=20) <= now - b.created < timedelta(days=27)]) <= 2
    assert (
        len([b for b in kept if timedelta(days=100) <= now - b.created < timedelta(days=140)]) <= 2
    )
    assert all(now - b.created <= timedelta(days=365) for b in kept)
    assert (
        backups_to_remove(backups[:3], now + timedelta(days=3000)) == []
    )  # never fewer than three


def test_a_backup_that_fails_half_way_leaves_nothing(tmp_path: Path) -> None:
    import sqlite3

    class Failing:
        def backup(self, dest: sqlite3.Connection) -> None:
            dest.execute("CREATE TABLE half(x)")
            dest.commit()
            raise sqlite3.OperationalError("disk I/O error")

    target = tmp_path / "kopi.nvk"
    with pytest.raises(sqlite3.OperationalError):
        backup.copy_database(Failing(), target)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_thinning_removes_temp_files_a_killed_backup_left(tmp_path: Path) -> None:
    import os
    import time

    p = create_project(tmp_path / "a.nvk", "4645", "A")
    try:
        folder = backup.backup_folder(p.path)
        old = folder / ".a_x.nvk.123.tmp"
        new = folder / ".a_y.nvk.124.tmp"
        old.write_bytes(b"half")
        new.write_bytes(b"half")
        two_hours_ago = time.time() - 7200
        os.utime(old, (two_hours_ago, two_hours_ago))
        make_backup(p)
        assert not old.exists() and new.exists()  # a running backup's temp file stays
    finally:
        p.close()
