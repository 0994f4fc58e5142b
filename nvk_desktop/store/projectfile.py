"""Opening, creating, checking and restoring project files.

Nothing here modifies a file that is damaged, foreign, too new or write-protected:
those are recognised from the raw header or a read-only connection first, and the
user gets a Norwegian message saying what is wrong and what to do.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import struct
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from nvk_desktop.errors import (
    DamagedFileError,
    DiskFullError,
    KnownError,
    ProjectFileError,
    ProjectLockedError,
    ReadOnlyFileError,
)
from nvk_desktop.fileio import commit_temp
from nvk_desktop.store import backup, schema, search_index, undo
from nvk_desktop.store.engine import connect_raw, make_engine
from nvk_desktop.store.lock import ProjectLock

SQLITE_MAGIC = b"SQLite format 3\x00"
AUTO_BACKUP_INTERVAL_S = 10 * 60
RESTORE_ADVICE = (
    "Gå tilbake til en sikkerhetskopi av prosjektet: NVK Desktop tilbyr det når du åpner filen."
)


@dataclass(frozen=True)
class HeaderInfo:
    page_size: int
    page_count: int
    user_version: int
    application_id: int


def read_header(path: Path) -> HeaderInfo:
    """Identify a file from its first 100 bytes, without opening it with SQLite."""
    if not path.exists():
        raise ProjectFileError(
            path, f"Finner ikke filen «{path}».", "Sjekk at den ikke er flyttet eller slettet."
        )
    if path.is_dir():
        raise ProjectFileError(path, f"«{path.name}» er en mappe, ikke en prosjektfil.")
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(100)
    except PermissionError:
        raise ProjectFileError(
            path, f"Du har ikke tilgang til å lese «{path.name}».", "Sjekk filrettighetene."
        ) from None
    except OSError as e:
        raise ProjectFileError(path, f"Kunne ikke lese «{path.name}»: {e.strerror}.") from None
    if size == 0:
        raise DamagedFileError(
            path, f"«{path.name}» er tom (0 byte) og inneholder ikke noe prosjekt.", RESTORE_ADVICE
        )
    if not head.startswith(SQLITE_MAGIC):
        raise ProjectFileError(
            path,
            f"«{path.name}» er ikke en NVK-prosjektfil.",
            "Velg en fil med endelsen .nvk som er laget av NVK Desktop.",
        )
    if len(head) < 100:
        raise DamagedFileError(
            path, f"«{path.name}» er avkuttet og kan ikke leses.", RESTORE_ADVICE
        )
    page_size = struct.unpack(">H", head[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    (page_count,) = struct.unpack(">I", head[28:32])
    (user_version,) = struct.unpack(">I", head[60:64])
    (application_id,) = struct.unpack(">I", head[68:72])
    info = HeaderInfo(page_size, page_count, user_version, application_id)
    if application_id != schema.APPLICATION_ID:
        raise ProjectFileError(
            path,
            f"«{path.name}» er en SQLite-database fra et annet program, ikke et NVK-prosjekt.",
            "Filen er ikke endret. Velg en .nvk-fil laget av NVK Desktop.",
        )
    if user_version > schema.SCHEMA_VERSION:
        raise ProjectFileError(
            path,
            f"«{path.name}» er laget med en nyere versjon av NVK Desktop "
            f"(filversjon {user_version}, denne versjonen kan lese til og med {schema.SCHEMA_VERSION}).",
            "Oppdater NVK Desktop for å åpne den. Filen er ikke endret.",
        )
    journal = path.with_name(path.name + "-journal")
    counter_valid = head[24:28] == head[92:96]
    if page_count and counter_valid and size < page_size * page_count and not journal.exists():
        raise DamagedFileError(
            path,
            f"«{path.name}» er avkuttet ({size} av {page_size * page_count} byte) og kan ikke åpnes.",
            RESTORE_ADVICE,
        )
    return info


def _is_writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def translate_error(path: Path, exc: BaseException) -> KnownError | None:
    """Environment errors from SQLite or the OS as a Norwegian message; None for bugs."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    msg = str(orig).lower()
    if (
        isinstance(orig, OSError)
        and orig.errno == errno.ENOSPC
        or "disk is full" in msg
        or "database or disk is full" in msg
    ):
        return DiskFullError(
            path,
            "Disken er full, så den siste endringen ble ikke lagret. Prosjektet er ellers uskadet.",
            "Frigjør plass på disken og prøv igjen.",
        )
    if isinstance(orig, PermissionError) or "readonly" in msg or "read-only" in msg:
        return ReadOnlyFileError(
            path,
            f"«{path.name}» er skrivebeskyttet, så endringen ble ikke lagret.",
            "Lagre en kopi et sted du kan skrive (Fil → Lagre kopi som), eller endre filrettighetene.",
        )
    if "database is locked" in msg or "database is busy" in msg:
        return ProjectFileError(
            path,
            f"«{path.name}» er opptatt av et annet program akkurat nå.",
            "Vent litt og prøv igjen.",
        )
    if "malformed" in msg or "not a database" in msg or "disk i/o error" in msg or "corrupt" in msg:
        return DamagedFileError(path, f"«{path.name}» er skadet: {orig}.", RESTORE_ADVICE)
    if isinstance(orig, OSError):
        return ProjectFileError(path, f"Kunne ikke bruke «{path.name}»: {orig.strerror or orig}.")
    return None


def _check_integrity(conn: sqlite3.Connection, path: Path) -> None:
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check(20)")]
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as e:
        raise DamagedFileError(
            path, f"«{path.name}» er skadet og kan ikke leses ({e}).", RESTORE_ADVICE
        ) from None
    if rows != ["ok"] or fk:
        detail = "; ".join(rows[:3]) if rows != ["ok"] else "brutte koblinger mellom tabeller"
        raise DamagedFileError(path, f"«{path.name}» er skadet ({detail}).", RESTORE_ADVICE)


class ProjectStore:
    """An open project file: the session factory, the undo log and the backups.

    Every change goes through ``unit_of_work``: one transaction, committed at once
    with synchronous=FULL, remembered as one ``undo.Change``.
    """

    def __init__(
        self, path: Path, engine: Engine, *, read_only: bool, lock: ProjectLock | None
    ) -> None:
        self.path = path
        self.engine = engine
        self.read_only = read_only
        self._lock = lock
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._last_change: undo.Change | None = None
        self._last_backup = time.monotonic()
        self._changed_since_backup = False
        self.closed = False

    # -- reading and writing -------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Session]:
        self._check_open()
        try:
            with self._sessions() as session:
                yield session
        except DBAPIError as e:
            raise translate_error(self.path, e) or e from None

    @contextmanager
    def unit_of_work(self, label: str) -> Iterator[Session]:
        """One change: commit all or nothing, and remember how to undo it."""
        self._check_writable()
        try:
            with self._sessions() as session, session.begin():
                conn = session.connection()
                undo.clear_log(conn)
                yield session
                session.flush()
                statements = undo.take_log(conn)
        except DBAPIError as e:
            raise translate_error(self.path, e) or e from None
        self._last_change = undo.Change(label, statements) if statements else None
        self._after_change()

    def take_last_change(self) -> undo.Change | None:
        change, self._last_change = self._last_change, None
        return change

    def apply_change(self, change: undo.Change) -> undo.Change:
        """Undo (or redo) ``change``; returns the change that reverses this one."""
        self._check_writable()
        try:
            with self._sessions() as session, session.begin():
                conn = session.connection()
                conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
                undo.clear_log(conn)
                for statement in reversed(change.statements):
                    conn.exec_driver_sql(statement)
                statements = undo.take_log(conn)
        except DBAPIError as e:
            raise translate_error(self.path, e) or e from None
        self._after_change()
        return undo.Change(change.label, statements)

    def _after_change(self) -> None:
        self._changed_since_backup = True
        if time.monotonic() - self._last_backup >= AUTO_BACKUP_INTERVAL_S:
            with contextlib.suppress(KnownError, OSError, sqlite3.Error):
                self.backup("auto")

    # -- backups -----------------------------------------------------------------
    def backup(self, reason: str) -> Path:
        self._check_open()
        conn = connect_raw(self.path, read_only=True)
        try:
            target = backup.make_backup(conn, self.path, reason)
        except OSError as e:
            raise translate_error(self.path, e) or e from None
        finally:
            conn.close()
        self._last_backup = time.monotonic()
        self._changed_since_backup = False
        return target

    def restore_from(self, source: Path) -> Path:
        """Replace the whole project with ``source``; returns the backup made first."""
        self._check_writable()
        check_restorable(source)
        before = self.backup("restore")
        src = connect_raw(source, read_only=True)
        dest = connect_raw(self.path, read_only=False)
        try:
            src.backup(dest)
        except sqlite3.Error as e:
            raise translate_error(self.path, e) or e from None
        finally:
            src.close()
            dest.close()
        self._last_change = None
        return before

    # -- lifecycle -------------------------------------------------------------
    def close(self) -> None:
        if self.closed:
            return
        try:
            if self._changed_since_backup and not self.read_only:
                with contextlib.suppress(KnownError, OSError, sqlite3.Error):
                    self.backup("close")
        finally:
            self.engine.dispose()
            if self._lock is not None:
                self._lock.release()
            self.closed = True

    def _check_open(self) -> None:
        if self.closed:
            raise RuntimeError("the project is closed")

    def _check_writable(self) -> None:
        self._check_open()
        if self.read_only:
            raise ReadOnlyFileError(
                self.path,
                "Prosjektet er åpnet skrivebeskyttet, så det kan ikke endres.",
                "Lukk det og åpne det på nytt uten skrivebeskyttelse når ingen andre har det åpent.",
            )


def check_restorable(source: Path) -> None:
    read_header(source)
    conn = connect_raw(source, read_only=True)
    try:
        _check_integrity(conn, source)
    finally:
        conn.close()


def restore_path(path: Path, source: Path) -> Path | None:
    """Put backup ``source`` in place of the project at ``path`` (command line, or a
    file that no longer opens). Returns where the previous state was kept, if any.

    A project that opens is restored through the open file (one transaction). One
    that is damaged, empty or missing is first copied aside byte for byte, then
    replaced atomically; it is never deleted.
    """
    path, source = Path(path), Path(source)
    check_restorable(source)
    try:
        store = open_file(path)
    except (ProjectLockedError, ReadOnlyFileError):
        raise
    except ProjectFileError:
        return _replace_unopenable(path, source)
    try:
        return store.restore_from(source)
    finally:
        store.close()


def _replace_unopenable(path: Path, source: Path) -> Path | None:
    if not path.parent.is_dir():
        raise ProjectFileError(path, f"Mappen «{path.parent}» finnes ikke.")
    lock = ProjectLock(path)
    lock.acquire()
    try:
        kept = backup.keep_damaged_copy(path) if path.is_file() else None
        journal = path.with_name(path.name + "-journal")
        with contextlib.suppress(FileNotFoundError):
            journal.unlink()  # belonged to the damaged file, which is kept above
        src = connect_raw(source, read_only=True)
        try:
            backup.copy_database(src, path)
        finally:
            src.close()
        return kept
    except OSError as e:
        raise translate_error(path, e) or e from None
    finally:
        lock.release()


def create_file(path: Path, fill: Callable[[Session], None]) -> None:
    """Write a new project file atomically: build it under a temp name, then rename.

    ``fill`` adds the first rows inside the creating transaction.
    """
    if path.exists():
        raise ProjectFileError(path, f"«{path.name}» finnes allerede.", "Velg et annet filnavn.")
    if not path.parent.is_dir():
        raise ProjectFileError(path, f"Mappen «{path.parent}» finnes ikke.", "Velg en annen mappe.")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.creating")
    try:
        tmp.unlink(missing_ok=True)
        tmp.touch()
        engine = make_engine(tmp)
        try:
            with engine.begin() as conn:
                schema.create_schema(conn)
                with Session(bind=conn) as session:
                    fill(session)
                    session.flush()
                undo.clear_log(conn)
        finally:
            engine.dispose()
        commit_temp(tmp, path)
    except (OSError, DBAPIError) as e:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
        known = translate_error(path, e)
        if known is None:
            raise
        raise known from None
    except BaseException:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise


def open_file(
    path: Path,
    *,
    read_only: bool = False,
    take_over_lock: bool = False,
    max_page_count: int | None = None,
) -> ProjectStore:
    """Open a project, checking it first; migrates an older file after a backup.

    Raises ProjectFileError (or its ReadOnlyFileError / ProjectLockedError kinds).
    """
    path = Path(path)
    read_header(path)
    if not read_only and not _is_writable(path):
        raise ReadOnlyFileError(
            path,
            f"«{path.name}» eller mappen den ligger i er skrivebeskyttet.",
            "Du kan åpne prosjektet skrivebeskyttet for å lese det, eller kopiere det til en mappe du kan skrive i.",
        )
    lock = None
    if not read_only:
        lock = ProjectLock(path)
        try:
            lock.acquire(take_over=take_over_lock)
        except OSError as e:
            raise ReadOnlyFileError(
                path,
                f"Kunne ikke låse «{path.name}» for redigering ({e.strerror}).",
                "Du kan åpne prosjektet skrivebeskyttet.",
            ) from None
    try:
        store = _open_checked(path, read_only=read_only, lock=lock, max_page_count=max_page_count)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    return store


def _open_checked(
    path: Path, *, read_only: bool, lock: ProjectLock | None, max_page_count: int | None
) -> ProjectStore:
    try:
        # A writable connection rolls back a hot journal left by a crash first.
        raw = connect_raw(path, read_only=read_only)
    except sqlite3.Error as e:
        raise translate_error(path, e) or ProjectFileError(
            path, f"Kunne ikke åpne «{path.name}» ({e})."
        ) from None
    try:
        _check_integrity(raw, path)
        version = int(raw.execute("PRAGMA user_version").fetchone()[0])
        app_id = int(raw.execute("PRAGMA application_id").fetchone()[0])
        if app_id != schema.APPLICATION_ID or version > schema.SCHEMA_VERSION or version < 1:
            read_header(path)  # raises the right message
            raise ProjectFileError(
                path, f"«{path.name}» har en ukjent filversjon ({version}).", RESTORE_ADVICE
            )
        if version < schema.SCHEMA_VERSION:
            if read_only:
                raise ReadOnlyFileError(
                    path,
                    f"«{path.name}» er laget med en eldre versjon og må oppgraderes før den kan åpnes, "
                    "men filen er skrivebeskyttet.",
                    "Kopier filen til en mappe du kan skrive i, og åpne kopien.",
                )
            backup.make_backup(raw, path, "migration")
    except OSError as e:
        raise translate_error(path, e) or e from None
    finally:
        raw.close()
    engine = make_engine(path, read_only=read_only, max_page_count=max_page_count)
    try:
        if version < schema.SCHEMA_VERSION:
            schema.migrate(engine.connect, version)
        store = ProjectStore(path, engine, read_only=read_only, lock=lock)
        if not read_only and _needs_open_backup(path):
            store.backup("open")
    except DBAPIError as e:
        engine.dispose()
        raise translate_error(path, e) or e from None
    except BaseException:
        engine.dispose()
        raise
    return store


def _needs_open_backup(path: Path) -> bool:
    """Back up on open unless the newest backup is already newer than the file."""
    newest = backup.list_backups(path)
    if not newest:
        return True
    modified = datetime.fromtimestamp(path.stat().st_mtime)
    return modified > newest[0].created


JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")


def has_hot_journal(path: Path) -> bool:
    """A rollback journal left by a crash that SQLite will replay on the next write
    open. One whose header was never completed is ignored by SQLite, and by us."""
    try:
        with path.with_name(path.name + "-journal").open("rb") as f:
            return f.read(8) == JOURNAL_MAGIC
    except OSError:
        return False


@dataclass(frozen=True)
class CheckReport:
    path: Path
    schema_version: int
    integrity: str
    counts: dict[str, int]


def check_file(path: Path) -> CheckReport:
    """Read-only health check for the command line; never modifies the file."""
    path = Path(path)
    read_header(path)
    if has_hot_journal(path):
        raise ProjectFileError(
            path,
            f"«{path.name}» har en uavsluttet endring etter et avbrudd (journalfil ved siden av).",
            "Åpne prosjektet i NVK Desktop, så rulles den tilbake til siste lagrede tilstand.",
        )
    try:
        conn = connect_raw(path, read_only=True)
    except sqlite3.Error as e:
        raise translate_error(path, e) or ProjectFileError(path, str(e)) from None
    try:
        _check_integrity(conn, path)
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                "AND name != ? AND name NOT LIKE ? ORDER BY name",
                (undo.LOG_TABLE, search_index.TABLE + "%"),
            )
        ]
        counts = {t: int(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in tables}
    except sqlite3.DatabaseError as e:
        raise DamagedFileError(path, f"«{path.name}» er skadet ({e}).", RESTORE_ADVICE) from None
    finally:
        conn.close()
    return CheckReport(path, version, "ok", counts)
