"""The Qt binding must not lose references to None: PySide6-Essentials 6.12.0 on
Python 3.11 does, one per call of a Qt method that returns nothing, and the app then
aborts with "Fatal Python error: none_dealloc" after some minutes of use. pyproject.toml
pins a release without the bug; this test fails if an upgrade brings it back."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_qt_calls_keep_none_alive(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(500):
        label.setText("æøå")
        label.setEnabled(True)
    lost = before - sys.getrefcount(None)
    assert lost < 200, f"PySide6 lost {lost} references to None in 1000 calls"
