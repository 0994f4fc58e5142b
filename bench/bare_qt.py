"""Baseline for the start-up benchmark: the least a PySide6 program can do.

Starts a QApplication offscreen, shows an empty QMainWindow and quits on its first
paint, the same way ``main.py --smoke`` quits (an event filter on QEvent.Paint, then
exit from the event loop). bench/startup.py times this against ``main.py --smoke``:
the ratio between the two is what DESIGN.md rule 13 ("start-up time is a feature")
is about, independent of how fast the machine is.

With BENCH_PAINT_STAMP=1 in the environment it prints ``BENCH_PAINT <time.time()>``
when the window is painted, so the caller can tell time-to-paint from teardown.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402


class FirstPaint(QObject):
    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self.app = app
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            if os.environ.get("BENCH_PAINT_STAMP"):
                print(f"BENCH_PAINT {time.time():.6f}", flush=True)
            QTimer.singleShot(0, lambda: self.app.exit(0))
        return False


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.resize(1280, 820)  # the size the main window opens at on a free screen
    watcher = FirstPaint(app)
    window.installEventFilter(watcher)
    QTimer.singleShot(30_000, lambda: app.exit(2))
    window.show()
    code = app.exec()
    window.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
