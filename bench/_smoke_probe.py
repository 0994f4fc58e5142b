"""``main.py --smoke FILE`` that also says when the main window was painted.

Used by bench/startup.py to split the smoke run's wall-clock into time-to-paint and
teardown (closing the project, interpreter shutdown). It runs the real entry point
(main.run) and only wraps ui.app.setup_application to add an application-wide event
filter, so it depends on that one name; if it is missing, no stamp is printed.
Kept tiny: its own imports are part of what is measured.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _install() -> None:
    try:
        import ui.app as app_module
    except ImportError:
        return
    original = getattr(app_module, "setup_application", None)
    if original is None:
        return
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QMainWindow, QWidget

    class Stamp(QObject):
        done = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if (
                not self.done
                and event.type() == QEvent.Type.Paint
                and isinstance(watched, QWidget)
                and isinstance(watched.window(), QMainWindow)
            ):
                self.done = True
                print(f"BENCH_PAINT {time.time():.6f}", flush=True)
            return False

    stamp = Stamp()

    def setup_application(*args: object, **kwargs: object) -> object:
        app = original(*args, **kwargs)
        app.installEventFilter(stamp)
        return app

    app_module.setup_application = setup_application


if __name__ == "__main__":
    _install()
    import main

    sys.exit(main.run(sys.argv[1:]))
