"""Shared by the benchmarks: a private environment, demo projects, machine facts."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAIN = ROOT / "main.py"
BENCH = ROOT / "bench"


def private_env(workdir: Path) -> dict[str, str]:
    """Environment for the app under test: offscreen, and backups and settings in
    ``workdir`` so nothing lands in the user's data or config folders."""
    data = workdir / "data"
    config = workdir / "config"
    data.mkdir(parents=True, exist_ok=True)
    config.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["NVK_DESKTOP_DATA_DIR"] = str(data)
    env["NVK_DESKTOP_CONFIG_DIR"] = str(config)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    env.pop("BENCH_PAINT_STAMP", None)
    return env


def compile_sources() -> None:
    """Write bytecode for the app's own modules first, as a real installation has it
    (pip and PyInstaller compile; a source run writes .pyc on its first start). Where
    PYTHONDONTWRITEBYTECODE is set, every run would otherwise compile them again."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "nvk_desktop", "ui", "main.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def use_private_env(workdir: Path) -> None:
    """The same, for this process (call before Qt or the app is imported)."""
    os.environ.update(private_env(workdir))


def make_demo(path: Path, size: str = "normal", env: dict[str, str] | None = None) -> Path:
    """Create the demo project with the app's own command line."""
    compile_sources()
    cmd = [sys.executable, str(MAIN), "demo", str(path)]
    if size != "normal":
        cmd += ["--size", size]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(
            f"could not make the {size} demo project ({proc.returncode}):\n{proc.stderr}"
        )
    return path


def new_workdir(prefix: str) -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix=prefix)


def stats(values: list[float]) -> dict[str, float]:
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "n": len(values),
    }


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> dict[str, str]:
    """Where the figures were measured (run in a subprocess so Qt stays unloaded)."""
    versions = subprocess.run(
        [
            sys.executable,
            "-c",
            "import PySide6, PySide6.QtCore as c; print(PySide6.__version__, c.qVersion())",
        ],
        capture_output=True,
        text=True,
    ).stdout.split()
    pyside, qt = (versions + ["?", "?"])[:2]
    return {
        "date": datetime.now().strftime("%Y-%m-%d %H:%M"),
        "nproc": str(
            len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        ),
        "cpu": cpu_model(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "pyside6": pyside,
        "qt": qt,
    }


def write_json(path: str | None, data: object) -> None:
    if path:
        Path(path).write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
