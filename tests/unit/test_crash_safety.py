"""Killing the writer (SIGKILL) at any moment leaves a file that opens with every
committed change, also in the middle of a long write."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nvk_desktop.services import people
from nvk_desktop.services.project import check_project, create_project, open_project
from nvk_desktop.store import projectfile
from tests.unit.crash_writer import LONG_WRITE_ROWS

WRITER = Path(__file__).with_name("crash_writer.py")
ROUNDS = int(os.environ.get("NVK_CRASH_ROUNDS", "20"))


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_at_random_moments_loses_no_committed_change(tmp_path: Path) -> None:
    path = tmp_path / "krasj.nvk"
    create_project(path, "4645", "Krasjtest").close()
    rng = random.Random(4645)
    committed_people: dict[int, int] = {}
    committed_long: set[int] = set()
    start = 1
    killed_mid_write = 0
    for _ in range(ROUNDS):
        proc = subprocess.Popen(
            [sys.executable, str(WRITER), str(path), str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ},
        )
        # Kill at a random moment after the writer has started (on a loaded machine
        # its imports alone can take longer than the whole window).
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "R", proc.stderr.read() if proc.stderr else ""
        time.sleep(rng.uniform(0.1, 0.9))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL, err
        lines = out.splitlines()
        for line in lines:
            kind, *rest = line.split()
            if kind == "P":
                committed_people[int(rest[0])] = int(rest[1])
            else:
                committed_long.add(int(rest[0]))
        if projectfile.has_hot_journal(path):
            killed_mid_write += 1
        start += len(lines) + 1  # the next writer never reuses a number

        # Reopen as the app does: rolls back a hot journal, checks integrity.
        project = open_project(path)
        try:
            names = {p.name for p in people.list_people(project)}
        finally:
            project.close()
        for i in committed_people:
            assert f"Person {i} æøå" in names, f"committed person {i} lost"
        report = check_project(path)
        assert report.integrity == "ok"
        # Long writes are all or nothing, and every reported one is there.
        assert report.counts["milestone"] % LONG_WRITE_ROWS == 0
        assert report.counts["milestone"] >= len(committed_long) * LONG_WRITE_ROWS
    assert len(committed_people) > ROUNDS  # the writers really got work done
    assert killed_mid_write > 0, "no kill landed inside a transaction; the test proved little"
