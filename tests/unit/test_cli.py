"""The headless command line, run as a user would: exit codes, output, messages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nvk_desktop.store.schema import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_new_check_backup_restore_document(tmp_path: Path) -> None:
    f = tmp_path / "Askvoll æøå.nvk"
    r = run("new", f, "--kommune", "4645", "--navn", "Næringsvennlig Askvoll")
    assert r.returncode == 0, r.stderr
    assert "4645 Askvoll" in r.stdout

    r = run("check", f)
    assert r.returncode == 0
    assert f"Filversjon (skjema): {SCHEMA_VERSION}" in r.stdout and "Integritet: ok" in r.stdout
    assert "personer: 0" in r.stdout and "grupper: 1" in r.stdout

    r = run("backup", f)
    assert r.returncode == 0
    backup = Path(r.stdout.split("Sikkerhetskopi: ", 1)[1].strip())
    assert backup.is_file()

    r = run("restore", f, backup)
    assert r.returncode == 0, r.stderr
    assert "Tilstanden før er tatt vare på i" in r.stdout

    out = tmp_path / "plan.pdf"
    r = run("document", "prosjektplan", f, "-o", out)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes().startswith(b"%PDF")


def test_demo_project_is_marked_and_large_size_is_large(tmp_path: Path) -> None:
    r = run("demo", tmp_path / "demo.nvk")
    assert r.returncode == 0 and "fiktive data" in r.stdout
    r = run("check", tmp_path / "demo.nvk")
    assert "personer: 18" in r.stdout
    r = run("demo", tmp_path / "stor.nvk", "--size", "large")
    assert r.returncode == 0
    counts = run("check", tmp_path / "stor.nvk").stdout
    people = int(counts.split("personer: ")[1].split()[0])
    assert people >= 500


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "er tom"),
        (b"hello world", "ikke en NVK-prosjektfil"),
        (b"SQLite format 3\x00" + b"\x00" * 10, "avkuttet"),
    ],
)
def test_bad_file_gives_one_line_and_nonzero(tmp_path: Path, content: bytes, message: str) -> None:
    f = tmp_path / "bad.nvk"
    f.write_bytes(content)
    for args in (
        ("check", f),
        ("backup", f),
        ("document", "prosjektplan", f, "-o", tmp_path / "x.pdf"),
    ):
        r = run(*args)
        assert r.returncode == 1
        assert r.stdout == ""
        assert r.stderr.count("\n") == 1 and r.stderr.startswith("feil: ") and message in r.stderr
    assert f.read_bytes() == content
    assert not (tmp_path / "x.pdf").exists()


def test_usage_errors_and_help(tmp_path: Path) -> None:
    r = run("new", tmp_path / "x.nvk", "--kommune", "0000", "--navn", "X")
    assert r.returncode == 1 and "Fant ingen kommune" in r.stderr
    r = run("new", tmp_path / "y.nvk", "--kommune", "4645", "--navn", "   ")
    assert r.returncode == 1 and "må ha et navn" in r.stderr
    assert not (tmp_path / "y.nvk").exists()
    for cmd in ("new", "demo", "check", "backup", "restore", "document", "screenshots"):
        r = run(cmd, "--help")
        assert r.returncode == 0 and "usage:" in r.stdout
    r = run("restore", tmp_path / "x.nvk", tmp_path / "finnes-ikke.nvk")
    assert r.returncode == 1 and "Finner ikke" in r.stderr


def test_restore_a_damaged_file_keeps_the_damaged_copy(tmp_path: Path) -> None:
    good = tmp_path / "p.nvk"
    assert run("new", good, "--kommune", "4645", "--navn", "P").returncode == 0
    backup = Path(run("backup", good).stdout.split("Sikkerhetskopi: ", 1)[1].strip())
    good.write_bytes(b"\x00" * 1000)
    r = run("restore", good, backup)
    assert r.returncode == 0, r.stderr
    kept = Path(r.stdout.split("tatt vare på i ", 1)[1].strip())
    assert kept.read_bytes() == b"\x00" * 1000
    assert run("check", good).returncode == 0


def test_cli_does_not_import_qt() -> None:
    code = (
        "import sys; sys.argv=['main.py','--help']\n"
        "import runpy\n"
        "try:\n    runpy.run_path('main.py', run_name='__main__')\n"
        "except SystemExit: pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6','matplotlib','reportlab'))))"
    )
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert r.stdout.strip().endswith("[]"), r.stdout


def test_a_document_that_cannot_be_written_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    f = tmp_path / "p.nvk"
    assert run("new", f, "--kommune", "4645", "--navn", "Askvoll").returncode == 0
    r = run("document", "prosjektplan", f, "-o", tmp_path / "finnes-ikke" / "plan.pdf")
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "finnes ikke" in r.stderr
