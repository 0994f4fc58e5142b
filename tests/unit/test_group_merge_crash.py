"""A group-file merge killed (SIGKILL) in the middle of its write leaves the project
exactly as it was: the same rows, integrity ok, and the next open rolls the
half-write back. The same file then merges normally.

Run as a script, this file is the writer: it merges a large group file and prints a
line for each chunk written inside the transaction, so the test can kill it mid-write.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from nvk_desktop.domain.workshop import CardKind, Workshop  # noqa: E402
from nvk_desktop.services import group_files as gf  # noqa: E402
from nvk_desktop.services import workshops as ws  # noqa: E402
from nvk_desktop.services.project import (  # noqa: E402
    check_project,
    create_project,
    open_project,
)
from nvk_desktop.store import projectfile  # noqa: E402
from nvk_desktop.store.models import CardRow  # noqa: E402
from tests.unit.helpers import dump  # noqa: E402

CARDS = 4000  # with 1.9 kB texts: more than the page cache, so it spills mid-transaction


def writer(path: str, group_file: str) -> None:
    project = open_project(path)

    def progress(done: int, total: int) -> None:
        print(f"{done} {total}", flush=True)
        if done:
            time.sleep(0.3)  # a slow GUI callback: the kill lands inside the write

    gf.merge_group_file(project, 1, group_file, progress=progress)
    print("ferdig", flush=True)
    project.close()


def _make_files(tmp_path: Path) -> tuple[Path, Path]:
    path = tmp_path / "krasj.nvk"
    p = create_project(path, "5540", "Krasjtest")
    try:
        wid = ws.create_workshop(p, Workshop("Resultatverksted"))
        gid = ws.add_group(p, wid, "Gruppe 1")
        ws.add_card(p, wid, gid, "Fra før", "byggesaker", CardKind.SVAKHET)
        group_file = gf.export_group_file(p, wid, gid, tmp_path / "gruppe1.nvk")
    finally:
        p.close()
    gp = open_project(group_file)
    try:
        info = ws.group_file_info(gp)
        assert info is not None
        with gp.unit_of_work("Mange innspill") as s:
            s.add_all(
                CardRow(
                    uid=f"00000000-0000-4000-8000-{n:012d}",
                    workshop_id=info.workshop_id,
                    group_id=info.group_id,
                    position=n + 1,
                    text=f"Innspill {n} æøå " + "lang tekst " * 170,
                    area=None,
                    kind="forslag",
                    created_at="2027-01-20T10:00:00.000",
                    updated_at="2027-01-20T10:00:00.000",
                )
                for n in range(CARDS)
            )
    finally:
        gp.close()
    return path, group_file


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("kill_after_chunks", [8, 14])
def test_a_merge_killed_mid_write_leaves_the_project_as_it_was(
    tmp_path: Path, kill_after_chunks: int
) -> None:
    path, group_file = _make_files(tmp_path)
    before = dump(path)

    proc = subprocess.Popen(
        [sys.executable, __file__, str(path), str(group_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    assert first.startswith("0 "), proc.stderr.read() if proc.stderr else first
    for _ in range(kill_after_chunks):
        line = proc.stdout.readline()
        assert line and line != "ferdig\n", proc.stderr.read() if proc.stderr else ""
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert projectfile.has_hot_journal(path), "the kill did not land inside the write"

    # Reopened as the app does: the half-written merge is rolled back.
    p = open_project(path)
    try:
        assert [c.text for c in ws.list_cards(p, 1)] == ["Fra før"]
        assert gf.list_merges(p, 1) == []
    finally:
        p.close()
    assert dump(path) == before
    assert check_project(path).integrity == "ok"

    # And the same file merges in full afterwards (it was never recorded as merged).
    p = open_project(path)
    try:
        report = gf.merge_group_file(p, 1, group_file)
        assert (report.added, report.already_merged) == (CARDS, False)
    finally:
        p.close()


if __name__ == "__main__":
    writer(sys.argv[1], sys.argv[2])
