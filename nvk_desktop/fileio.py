"""Durable file replacement: the one place that knows how to make a rename stick.

A file is written under a temporary name in the target's folder, flushed to disk,
renamed over the target, and the folder entry flushed too, so a crash or a pulled
power cord leaves either the old file or the whole new one, never half of it.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX only; Windows cannot open folders for fsync)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def commit_temp(tmp: Path, target: Path) -> None:
    """Flush ``tmp`` and rename it over ``target`` durably."""
    fsync_file(tmp)
    os.replace(tmp, target)
    fsync_dir(target.parent)
