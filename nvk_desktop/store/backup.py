"""Automatic, rotating backups in the user's data folder (DESIGN.md rule 9).

Backups are whole project files made with SQLite's online backup API, so they are
consistent even while the project is open. They are thinned by age the way Anki does:
every backup of the last day (at most 12), then one a day for a week, one a week for
five weeks and one a month for a year.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import platformdirs

from nvk_desktop import APP_NAME
from nvk_desktop.fileio import commit_temp

DATA_DIR_ENV = "NVK_DESKTOP_DATA_DIR"
_NAME_RE = re.compile(r"^(?P<stem>.+)_(?P<stamp>\d{8}-\d{6}-\d{6})_(?P<reason>[a-z-]+)\.nvk$")

REASON_LABELS = {
    "auto": "Automatisk",
    "open": "Ved åpning",
    "close": "Ved lukking",
    "manual": "Manuell",
    "migration": "Før oppgradering",
    "restore": "Før gjenoppretting",
    "import": "Før import",
    "merge": "Før sammenslåing",
    "damaged": "Skadet fil, tatt vare på",
}


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    reason: str
    size: int

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.reason, self.reason)


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))


def backup_folder(project: Path) -> Path:
    """One folder per project file, named after it and a hash of its full path."""
    resolved = str(project.resolve())
    digest = hashlib.sha1(resolved.encode("utf-8")).hexdigest()[:10]
    safe = re.sub(r"[^\w.-]+", "_", project.stem)[:60] or "prosjekt"
    return data_dir() / "backups" / f"{safe}-{digest}"


def make_backup(
    source: sqlite3.Connection, project: Path, reason: str, *, now: datetime | None = None
) -> Path:
    """Copy the open project into a new backup file; written to a temp name first."""
    if reason not in REASON_LABELS:
        raise ValueError(f"unknown backup reason {reason!r}")
    folder = backup_folder(project)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{project.stem}_{stamp}_{reason}.nvk"
    copy_database(source, target)
    thin_backups(project, now=now)
    return target


def copy_database(source: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of ``source`` as the file ``target``, put in place durably."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        dest = sqlite3.connect(tmp)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()
        commit_temp(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def keep_damaged_copy(project: Path, *, now: datetime | None = None) -> Path:
    """Copy a file that cannot be opened into the backup folder, byte for byte."""
    folder = backup_folder(project)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{project.stem}_{stamp}_damaged.nvk"
    tmp = target.with_suffix(".tmp")
    with project.open("rb") as src, tmp.open("wb") as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)
    commit_temp(tmp, target)
    return target


def list_backups(project: Path) -> list[BackupInfo]:
    """Newest first."""
    folder = backup_folder(project)
    if not folder.is_dir():
        return []
    found = []
    for p in folder.iterdir():
        m = _NAME_RE.match(p.name)
        if not m:
            continue
        created = datetime.strptime(m["stamp"], "%Y%m%d-%H%M%S-%f")
        with contextlib.suppress(OSError):
            found.append(BackupInfo(p, created, m["reason"], p.stat().st_size))
    return sorted(found, key=lambda b: b.created, reverse=True)


def backups_to_remove(backups: list[BackupInfo], now: datetime) -> list[BackupInfo]:
    """Pure thinning rule: which of ``backups`` (newest first) to delete."""
    keep: set[Path] = set()
    recent = [b for b in backups if now - b.created <= timedelta(days=1)]
    keep.update(b.path for b in recent[:12])
    buckets: dict[tuple[str, int], BackupInfo] = {}
    for b in backups:
        age = now - b.created
        if age <= timedelta(days=1):
            continue
        if age <= timedelta(days=7):
            key = ("day", age.days)
        elif age <= timedelta(weeks=5):
            key = ("week", age.days // 7)
        elif age <= timedelta(days=365):
            key = ("month", age.days // 30)
        else:
            continue
        buckets.setdefault(key, b)  # newest first: keep the newest of each bucket
    keep.update(b.path for b in buckets.values())
    keep.update(b.path for b in backups[:3])  # never fewer than three
    return [b for b in backups if b.path not in keep]


def thin_backups(project: Path, *, now: datetime | None = None) -> None:
    now = now or datetime.now()
    for b in backups_to_remove(list_backups(project), now):
        with contextlib.suppress(OSError):
            b.path.unlink()
    # Temp files of a backup that a killed process never finished.
    for tmp in backup_folder(project).glob(".*.tmp"):
        with contextlib.suppress(OSError):
            if now - datetime.fromtimestamp(tmp.stat().st_mtime) > timedelta(hours=1):
                tmp.unlink()
