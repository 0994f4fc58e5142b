"""An import killed (SIGKILL) in the middle of its write leaves the project exactly as
it was: the same rows, integrity ok, and the next open rolls the half-write back.

Run as a script, this file is the writer: it imports a large file and prints a line
for each chunk written inside the transaction, so the test can kill it mid-write.
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from nvk_desktop.domain.survey import RespondentGroup  # noqa: E402
from nvk_desktop.services import surveys as sv  # noqa: E402
from nvk_desktop.services.project import (  # noqa: E402
    check_project,
    create_project,
    open_project,
)
from nvk_desktop.store import projectfile  # noqa: E402
from tests.unit.helpers import dump  # noqa: E402

G = RespondentGroup
ROWS = 6000


def writer(path: str, data: str) -> None:
    project = open_project(path)

    def progress(done: int, total: int) -> None:
        print(f"{done} {total}", flush=True)
        if done:
            time.sleep(0.3)  # a slow GUI callback: the kill lands inside the write

    sv.import_answers(project, 1, G.NAERINGSLIV, data, progress=progress)
    print("ferdig", flush=True)
    project.close()


def _data(path: Path, project_path: Path) -> Path:
    p = open_project(project_path)
    try:
        items = sv.get_survey(p, 1).items_for(G.NAERINGSLIV)
    finally:
        p.close()
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow([it.texts[G.NAERINGSLIV] for it in items])
        for r in range(ROWS):
            w.writerow(
                [
                    str(1 + (r + n) % 5)
                    if it.kind.is_scale
                    else it.options[r % len(it.options)].code
                    if it.options
                    else f"Kommentar {r} med litt tekst æøå " * 3
                    for n, it in enumerate(items)
                ]
            )
    return path


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("kill_after_chunks", [1, 4])
def test_an_import_killed_mid_write_leaves_the_project_as_it_was(
    tmp_path: Path, kill_after_chunks: int
) -> None:
    path = tmp_path / "krasj.nvk"
    p = create_project(path, "5540", "Krasjtest")
    try:
        sid = sv.create_survey(p, "Undersøkelse", groups=[G.NAERINGSLIV])
        sv.add_response(p, sid, G.NAERINGSLIV, {"byg.sat.1": 3, "byg.open.bedre": "Fra papir"})
    finally:
        p.close()
    data = _data(tmp_path / "stor.csv", path)
    before = dump(path)

    proc = subprocess.Popen(
        [sys.executable, __file__, str(path), str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().startswith("0 ")  # about to open the transaction
    for _ in range(kill_after_chunks):
        line = proc.stdout.readline()
        assert line and line != "ferdig\n", proc.stderr.read() if proc.stderr else ""
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert projectfile.has_hot_journal(path), "the kill did not land inside the write"

    # Reopened as the app does: the half-written import is rolled back.
    p = open_project(path)
    try:
        assert sv.response_counts(p, 1) == {G.NAERINGSLIV: 1}
        assert sv.list_imports(p, 1) == []
    finally:
        p.close()
    assert dump(path) == before
    assert check_project(path).integrity == "ok"


if __name__ == "__main__":
    writer(sys.argv[1], sys.argv[2])
