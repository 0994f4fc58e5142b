"""Errors the user can act on, with a Norwegian message (DESIGN.md rule 8).

Environment problems (a damaged, foreign, too new, locked or read-only file, a full
disk) are ``ProjectFileError``: the GUI shows ``message`` and ``advice`` and goes on.
Anything else is a bug and gets the bug-report dialog with the traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class KnownError(Exception):
    """An error with a message written for the user."""

    def __init__(self, message: str, advice: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.advice = advice

    def __str__(self) -> str:
        return f"{self.message} {self.advice}".strip()


class ProjectFileError(KnownError):
    """The project file cannot be used as asked. The file has not been changed."""

    def __init__(self, path: Path | str, message: str, advice: str = "") -> None:
        super().__init__(message, advice)
        self.path = Path(path)


class DamagedFileError(ProjectFileError):
    """Empty, truncated or corrupt: going back to a backup is the way out."""


class ReadOnlyFileError(ProjectFileError):
    """The file or its folder is write-protected; it may be opened read-only."""


class DiskFullError(ProjectFileError):
    """The disk is full; the last change was rolled back."""


@dataclass(frozen=True)
class LockOwner:
    user: str
    host: str
    pid: int
    opened_at: str  # ISO timestamp, local time

    def describe(self) -> str:
        return f"{self.user} på {self.host} (åpnet {self.opened_at})"


class ProjectLockedError(ProjectFileError):
    """Someone else has the file open; it may be opened read-only."""

    def __init__(self, path: Path | str, owner: LockOwner) -> None:
        super().__init__(
            path,
            f"Prosjektet er allerede åpent hos {owner.describe()}.",
            "Du kan åpne det skrivebeskyttet for å lese, eller vente til det er lukket. "
            "Er du sikker på at ingen har det åpent (for eksempel etter et strømbrudd), "
            "kan du overta låsen.",
        )
        self.owner = owner


class ValidationError(KnownError):
    """Input that a service refuses, with what is wrong and where."""
