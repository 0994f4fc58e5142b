"""The settings registry (DESIGN.md rule 10, Picard's Option registry).

Every user setting is declared once here with its key, type and default, so a typo in
a key cannot silently make a second setting. Values live in QSettings; tests (and
portable installs) point NVK_DESKTOP_CONFIG_DIR at a folder and get an INI file there.
Project data never goes here: it belongs in the project file.
"""

from __future__ import annotations

import copy
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")

CONFIG_DIR_ENV = "NVK_DESKTOP_CONFIG_DIR"
ORGANISATION = "NVK Desktop"
APPLICATION = "NVK Desktop"
MAX_RECENT = 10


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    type: type
    default: T


RECENT_PROJECTS: Setting[list[str]] = Setting("files/recent_projects", list, [])
LAST_FOLDER: Setting[str] = Setting("files/last_folder", str, str(Path.home()))
MAIN_WINDOW_GEOMETRY: Setting[bytes] = Setting("windows/main_geometry", bytes, b"")
WELCOME_GEOMETRY: Setting[bytes] = Setting("windows/welcome_geometry", bytes, b"")

ALL_SETTINGS: tuple[Setting[Any], ...] = (
    RECENT_PROJECTS,
    LAST_FOLDER,
    MAIN_WINDOW_GEOMETRY,
    WELCOME_GEOMETRY,
)


def _store() -> QSettings:
    """A fresh QSettings each time: cheap, and it follows the env var in tests."""
    folder = os.environ.get(CONFIG_DIR_ENV)
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return QSettings(str(Path(folder) / "nvk-desktop.ini"), QSettings.Format.IniFormat)
    return QSettings(ORGANISATION, APPLICATION)


def _decode(raw: Any, kind: type) -> Any:
    """QSettings gives back strings from INI files and native types elsewhere."""
    if kind is bool:
        if isinstance(raw, str):
            return raw.strip().lower() in ("1", "true", "yes")
        return bool(raw)
    if kind is int:
        return int(raw)
    if kind is str:
        if not isinstance(raw, str):
            raise TypeError(raw)
        return raw
    if kind is bytes:
        if isinstance(raw, QByteArray):
            return bytes(raw.data())
        if isinstance(raw, (bytes, bytearray)):
            return bytes(raw)
        raise TypeError(raw)
    if kind is list:
        # Lists are stored as JSON text: INI files turn a one-element list into a
        # plain string and an empty list into nothing.
        value = json.loads(raw) if isinstance(raw, str) else raw
        if not isinstance(value, list):
            raise TypeError(raw)
        return [str(v) for v in value]
    raise TypeError(f"unsupported setting type {kind!r}")


def _encode(value: Any, kind: type) -> Any:
    if kind is list:
        return json.dumps(list(value), ensure_ascii=False)
    if kind is bytes:
        return QByteArray(bytes(value))
    return value


def get(setting: Setting[T]) -> T:
    """The stored value, or the default when it is missing or unreadable."""
    raw = _store().value(setting.key)
    if raw is None:
        return copy.copy(setting.default)
    try:
        return _decode(raw, setting.type)  # type: ignore[no-any-return]
    except (TypeError, ValueError):
        return copy.copy(setting.default)


def put(setting: Setting[T], value: T) -> None:
    if not isinstance(value, setting.type):
        raise TypeError(f"{setting.key} takes {setting.type.__name__}, not {type(value).__name__}")
    store = _store()
    store.setValue(setting.key, _encode(value, setting.type))
    store.sync()


set_ = put


def reset(setting: Setting[Any]) -> None:
    store = _store()
    store.remove(setting.key)
    store.sync()


# -- recent projects --------------------------------------------------------------


def _key(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def add_recent(path: Path | str) -> None:
    """Put ``path`` first in the recent list and remember its folder."""
    full = str(Path(path).expanduser().absolute())
    others = [p for p in get(RECENT_PROJECTS) if _key(p) != _key(full)]
    # Files that are missing now (a USB stick that is out) are kept, but behind the
    # ones that exist, so they are the first to fall off the end.
    present = [p for p in others if Path(p).exists()]
    missing = [p for p in others if not Path(p).exists()]
    put(RECENT_PROJECTS, ([full, *present, *missing])[:MAX_RECENT])
    put(LAST_FOLDER, str(Path(full).parent))


def remove_recent(path: Path | str) -> None:
    put(RECENT_PROJECTS, [p for p in get(RECENT_PROJECTS) if _key(p) != _key(str(path))])


def recent_projects() -> list[Path]:
    """Recent project files that exist now, most recent first."""
    return [Path(p) for p in get(RECENT_PROJECTS) if Path(p).is_file()]


def last_folder() -> Path:
    folder = Path(get(LAST_FOLDER))
    return folder if folder.is_dir() else Path.home()
