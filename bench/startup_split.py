"""Where the start-up time goes: ``run_smoke`` replayed step by step with a clock.

Diagnostic, not the benchmark (that is bench/startup.py). A child process does what
ui.app.run_smoke does, in the same order, and stamps each step; the parent passes
its spawn time so "interpreter start" is included. Steps:

  python     spawn → first line of this script (interpreter, site, venv)
  qt import  PySide6.QtWidgets + ui.app (what main.py imports before the app exists)
  app        setup_application() (Fusion, palette, style sheet), collector paused
  storage    import of the storage stack (SQLAlchemy + nvk_desktop.store)
  open       services.project.open_project(demo)
  window     ui.app.make_main_window(project, remember=False) (builds Oversikt)
  paint      window.show() → first QEvent.Paint of the window
  close      window.close() (closes the project: lock, closing backup if changed)
  exit       interpreter shutdown (parent's wall-clock minus the last stamp)

Replays ui.app's internals: if run_smoke changes, update this too. (An earlier
version imported the storage stack on a helper thread while Qt started; under the
GIL that bought nothing, so run_smoke no longer does it.)

    .venv/bin/python bench/startup_split.py [--runs 7]
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

STEPS = ("python", "qt import", "app", "storage", "open", "window", "paint", "close", "exit")


def child(demo: str) -> None:
    stamps = [("start", time.time())]
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer

    import ui.app as app_module

    stamps.append(("qt import", time.time()))
    app = app_module.setup_application()
    app_module._pause_gc_during_start_up()
    stamps.append(("app", time.time()))
    import nvk_desktop.services.project  # noqa: F401

    stamps.append(("storage", time.time()))
    from nvk_desktop.services import project as project_service

    project = project_service.open_project(Path(demo))
    stamps.append(("open", time.time()))
    window = app_module.make_main_window(project, remember=False)
    stamps.append(("window", time.time()))

    loop = QEventLoop()

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                QTimer.singleShot(0, loop.quit)
            return False

    watcher = FirstPaint()
    window.installEventFilter(watcher)
    window.show()
    loop.exec()
    stamps.append(("paint", time.time()))
    window.close()
    stamps.append(("close", time.time()))
    print("BENCH_STAMPS " + json.dumps(stamps), flush=True)
    del app


def parent(runs: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _common import make_demo, new_workdir, private_env

    with new_workdir("nvk-bench-split-") as tmp:
        env = private_env(Path(tmp))
        demo = make_demo(Path(tmp) / "demo.nvk", env=env)
        cmd = [sys.executable, __file__, "--child", str(demo)]
        per_step: dict[str, list[float]] = {s: [] for s in STEPS}
        totals = []
        for i in range(runs + 1):
            spawn = time.time()
            try:
                proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
            except subprocess.TimeoutExpired as e:
                raise SystemExit(
                    f"the child hung (no exit in 120 s); stderr:\n{e.stderr!r}"
                ) from None
            end = time.time()
            line = next((x for x in proc.stdout.splitlines() if x.startswith("BENCH_STAMPS")), None)
            if proc.returncode != 0 or line is None:
                raise SystemExit(f"child failed ({proc.returncode}):\n{proc.stderr}")
            if i == 0:
                continue  # warm-up
            stamps = json.loads(line.split(" ", 1)[1])
            prev = spawn
            for name, t in stamps:
                step = "python" if name == "start" else name
                per_step[step].append(t - prev)
                prev = t
            per_step["exit"].append(end - prev)
            totals.append(end - spawn)
    print(f"main.py --smoke, step by step; median of {runs} (ms):")
    for step in STEPS:
        values = per_step[step]
        print(
            f"  {step:10s} {statistics.median(values) * 1000:7.0f}"
            f"   (min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})"
        )
    print(f"  {'total':10s} {statistics.median(totals) * 1000:7.0f}")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] == "--child":
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        child(args[1])
    else:
        runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 7
        parent(runs)
