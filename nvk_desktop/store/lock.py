"""A lock file beside the project, so a second instance or a second person on a
shared folder is told who has the file open (like LibreOffice's .~lock files).

The lock is advisory and survives a crash: a lock left by a dead process on this
machine is taken over silently; one from another machine needs the user's word.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
from datetime import datetime
from pathlib import Path

from nvk_desktop.errors import LockOwner, ProjectLockedError


def lock_path_for(project: Path) -> Path:
    return project.with_name(f".~lock.{project.name}#")


def _me() -> LockOwner:
    try:
        user = getpass.getuser()
    except Exception:  # no user name in some containers
        user = "ukjent bruker"
    return LockOwner(
        user=user,
        host=socket.gethostname(),
        pid=os.getpid(),
        opened_at=datetime.now().strftime("%d.%m.%Y kl. %H:%M"),
    )


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_owner(project: Path) -> LockOwner | None:
    try:
        data = json.loads(lock_path_for(project).read_text(encoding="utf-8"))
        return LockOwner(
            str(data["user"]), str(data["host"]), int(data["pid"]), str(data["opened_at"])
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        # An unreadable lock (half written by a crash): treat it as stale.
        return None


class ProjectLock:
    """Held while a project is open for writing."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.path = lock_path_for(project)
        self.owner = _me()
        self._held = False

    def acquire(self, *, take_over: bool = False) -> None:
        """Take the lock, or raise ProjectLockedError naming who holds it.

        Raises OSError when the folder is not writable (the caller opens read-only).
        """
        existing = read_owner(self.project)
        if existing is not None and not take_over and not self._is_stale(existing):
            raise ProjectLockedError(self.project, existing)
        payload = json.dumps(self.owner.__dict__, ensure_ascii=False).encode("utf-8")
        if existing is not None or self.path.exists():
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:  # someone took it between our read and our create
            owner = read_owner(self.project) or existing or self.owner
            raise ProjectLockedError(self.project, owner) from None
        try:
            os.write(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
        self._held = True

    def _is_stale(self, owner: LockOwner) -> bool:
        return (
            owner.host == self.owner.host
            and owner.pid != self.owner.pid
            and not _pid_alive(owner.pid)
        )

    def release(self) -> None:
        if not self._held:
            return
        current = read_owner(self.project)
        if (
            current is not None
            and current.pid == self.owner.pid
            and current.host == self.owner.host
        ):
            with contextlib.suppress(OSError):
                self.path.unlink()
        self._held = False
