"""Opening the handlingsplan of a large project: the table and the Gantt view.

The large demo (``create_demo(size="large")``) has 500 measures when demo.py fills the
measures part (it does once demo_measures is wired in; otherwise this script fills it
the same way). Then, in-process and offscreen at 1366×768, each repetition times

  table   a fresh HandlingsplanTab (services/measures.handlingsplan for 500 measures,
          the table model, the filters) constructed, shown in a window, and events
          processed until the table's viewport has received its first QEvent.Paint
  gantt   switching that tab to «Tidslinje»: the 500 bars, milestones and dependency
          arrows handed to the GanttView and painted for the first time
  scroll  Page Down in the Gantt view until the next paint (a repaint of the rows in
          view, which is what scrolling costs)

The first repetition pays for imports and is reported apart (cold); the median, min
and max are over the --runs repetitions after it. Target (the issue): the table and
the Gantt view open within 300 ms each.

Run: .venv/bin/python bench/handlingsplan_gui.py [--runs 9] [--json out.json]
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, machine, ms, new_workdir, private_env, stats, write_json  # noqa: E402

TARGET_S = 0.300
MEASURES = 500
# See bench/open_large.py: spare references to None for PySide6 6.12.0 on Python < 3.12.
_SPARE_REFS = (None, True, False) * 1_000_000 if sys.getrefcount(None) < 1 << 30 else ()


def make_large(path: Path) -> int:
    """The large demo with its 500 measures; returns the number of measures."""
    from nvk_desktop.services import demo_measures
    from nvk_desktop.services import measures as ms_service
    from nvk_desktop.services.demo import CORE_PEOPLE, create_demo
    from nvk_desktop.store.models import PersonRow

    project = create_demo(path, size="large")
    try:
        n = len(ms_service.list_measures(project))
        if n < MEASURES and n == 0:  # demo.py does not fill the measures (yet)
            names = {name for name, *_rest in CORE_PEOPLE}
            with project.unit_of_work("Tiltak (stort)") as s:
                people = {
                    p.name: p.id for p in s.query(PersonRow).filter(PersonRow.name.in_(names))
                }
                demo_measures.fill(s, "large", date.today(), people)
            project.take_last_change()
        return len(ms_service.list_measures(project))
    finally:
        project.close()


def measure(path: Path, runs: int) -> dict[str, object]:
    from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication, QMainWindow

    from nvk_desktop.services.project import open_project
    from ui.context import ProjectContext
    from ui.pages.handlingsplan import HandlingsplanTab

    app = QApplication.instance()
    assert app is not None
    project = open_project(path)

    class FirstPaint(QObject):
        def __init__(self, loop: QEventLoop) -> None:
            super().__init__()
            self.loop = loop
            self.painted = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and not self.painted:
                self.painted = True
                self.loop.quit()
            return False

    def until_painted(widget: QObject, start: object) -> None:
        loop = QEventLoop()
        watcher = FirstPaint(loop)
        widget.installEventFilter(watcher)
        if callable(start):
            start()
        timeout = QTimer()
        timeout.setSingleShot(True)
        timeout.timeout.connect(loop.quit)
        timeout.start(10_000)
        if not watcher.painted:
            loop.exec()
        timeout.stop()
        widget.removeEventFilter(watcher)
        if not watcher.painted:
            raise SystemExit("not painted within 10 s")

    def once() -> dict[str, float]:
        gc.collect()
        win = QMainWindow()
        win.resize(1366, 768)
        ctx = ProjectContext(project)
        t0 = time.perf_counter()
        tab = HandlingsplanTab(ctx)
        tab.set_filters(in_plan=False)  # all 500, not only those decided (counted in)
        win.setCentralWidget(tab)
        until_painted(tab.table.viewport(), win.show)
        t1 = time.perf_counter()
        until_painted(tab.gantt.viewport(), tab.show_gantt)
        t2 = time.perf_counter()
        rows = len(tab.gantt.rows)
        tab.gantt.setFocus()
        until_painted(
            tab.gantt.viewport(),
            lambda: QApplication.sendEvent(
                tab.gantt,
                QKeyEvent(
                    QEvent.Type.KeyPress, Qt.Key.Key_PageDown, Qt.KeyboardModifier.NoModifier
                ),
            ),
        )
        t3 = time.perf_counter()
        assert rows >= MEASURES, rows
        win.close()
        win.deleteLater()
        ctx.deleteLater()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
        return {"table": t1 - t0, "gantt": t2 - t1, "scroll": t3 - t2}

    try:
        cold = once()
        samples = [once() for _ in range(runs)]
    finally:
        project.close()
    result: dict[str, object] = {"cold": cold}
    for key in ("table", "gantt", "scroll"):
        result[key] = stats([s[key] for s in samples])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="repetitions after the cold one (≥ 7)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    if args.runs < 7:
        parser.error("--runs must be at least 7")

    import os

    with new_workdir("nvk-bench-handlingsplan-") as tmp:
        workdir = Path(tmp)
        env = private_env(workdir)
        os.environ.update(env)  # before Qt and the app are imported
        sys.path.insert(0, str(ROOT))
        large = workdir / "large.nvk"
        count = make_large(large)

        from PySide6.QtCore import qInstallMessageHandler
        from PySide6.QtWidgets import QApplication

        def quiet(mode: object, context: object, message: str) -> None:
            if "propagateSizeHints" not in message:
                print(message, file=sys.stderr)

        qInstallMessageHandler(quiet)
        _app = QApplication([sys.argv[0]])
        r = measure(large, args.runs)
        table, gantt = r["table"], r["gantt"]
        assert isinstance(table, dict) and isinstance(gantt, dict)
        result = {
            "machine": machine(),
            "runs": args.runs,
            "measures": count,
            **r,
            "target_ms": TARGET_S * 1000,
            "meets_target": table["median"] < TARGET_S and gantt["median"] < TARGET_S,
        }
        print(f"Handlingsplan, large demo ({count} measures, offscreen, 1366×768):")
        cold = r["cold"]
        assert isinstance(cold, dict)
        for key, label in (
            ("table", "tab built, shown, table first paint"),
            ("gantt", "switch to Tidslinje, Gantt first paint"),
            ("scroll", "Page Down in the Gantt, repaint"),
        ):
            s = r[key]
            assert isinstance(s, dict)
            print(
                f"    {label:40s} median {ms(s['median']):>7s}  (min {ms(s['min'])},"
                f" max {ms(s['max'])}, n={s['n']}; cold {ms(cold[key])})"
            )
        verdict = "MET" if result["meets_target"] else "MISSED"
        print(f"    target: table and Gantt each open < {ms(TARGET_S)}: {verdict}")
        write_json(args.json, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
