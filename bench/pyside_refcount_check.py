"""Does the installed PySide6 lose a reference to None (or True/False) per call?

Found while benchmarking: with PySide6/shiboken6 6.12.0 (the cp310-abi3 wheel) on
Python 3.10/3.11 every Qt method that returns nothing (QLabel.setText, setEnabled,
resize, …) gives back None without taking a reference to it, so sys.getrefcount(None)
drops by one per call. When it reaches zero Python aborts with "Fatal Python error:
none_dealloc: deallocating None" – in the middle of a session, not only at exit.
On Python 3.12+ None, True and False are immortal, so the same wheel is harmless there.

This prints the change per 1000 calls for a few common methods and how many calls the
current process could still make. Exit status 1 if a leak is found.

    .venv/bin/python bench/pyside_refcount_check.py
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6 import __version__ as pyside_version  # noqa: E402
from PySide6.QtCore import QObject  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel, QPushButton  # noqa: E402

IMMORTAL = sys.getrefcount(None) > 1 << 30


def main() -> int:
    app = QApplication(sys.argv[:1])
    label, button, obj = QLabel(), QPushButton(), QObject()
    calls = {
        "QLabel.setText(str)": lambda: label.setText("x"),
        "QWidget.setEnabled(bool)": lambda: button.setEnabled(True),
        "QWidget.resize(int, int)": lambda: label.resize(10, 10),
        "QObject.setObjectName(str)": lambda: obj.setObjectName("x"),
        "QWidget.isVisible() -> bool": lambda: label.isVisible(),
    }
    print(
        f"PySide6 {pyside_version}, Python {sys.version.split()[0]}"
        f"{' (None/True/False are immortal)' if IMMORTAL else ''}"
    )
    leaking = False
    n = 1000
    for name, call in calls.items():
        before = [sys.getrefcount(x) for x in (None, True, False)]
        for _ in range(n):
            call()
        after = [sys.getrefcount(x) for x in (None, True, False)]
        # A few references may come and go (the loop itself); one per call is a leak.
        delta = [a - b for a, b in zip(after, before, strict=True)]
        bad = any(d <= -n // 2 for d in delta)
        leaking |= bad
        print(
            f"  {name:30s} per {n} calls: None {delta[0]:+6d}  True {delta[1]:+6d}"
            f"  False {delta[2]:+6d}  {'LEAK' if bad else 'ok'}"
        )
    if leaking and not IMMORTAL:
        print(
            f"  refcount(None) is now {sys.getrefcount(None)}: about that many more"
            " void Qt calls and this process aborts (none_dealloc)."
        )
    del app
    sys.stdout.flush()
    os._exit(1 if leaking and not IMMORTAL else 0)  # exiting normally could abort here


if __name__ == "__main__":
    main()
