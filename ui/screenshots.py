"""Render every window offscreen to PNG, so pages can be looked at without a screen
(DESIGN.md "Look at what you build"); `python main.py screenshots` calls this."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget


def _settle(ms: int = 60) -> None:
    """Let layouts, deferred loads and paints run."""
    for _ in range(3):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    QCoreApplication.processEvents()


def _save(widget: QWidget, path: Path) -> Path:
    _settle()
    if not widget.grab().save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    return path


def take_screenshots(path: Path, outdir: Path, size: tuple[int, int]) -> list[Path]:
    """Open ``path`` and save the welcome window, every page of the main window and
    the new-project dialog as outdir/NN-<slug>.png at ``size`` (width, height).

    Raises KnownError (with a Norwegian message) if the project cannot be opened.
    """
    if QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from ui.app import make_main_window, quiet_offscreen_plugin, setup_application

    app = setup_application(interactive=False)
    quiet_offscreen_plugin()
    app.setQuitOnLastWindowClosed(False)
    from nvk_desktop.services import project as project_service
    from ui.new_project_dialog import NewProjectDialog
    from ui.welcome import WelcomeWindow

    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    width, height = size
    saved: list[Path] = []

    welcome = WelcomeWindow()
    welcome.resize(min(width, 960), min(height, 600))
    welcome.show()
    saved.append(_save(welcome, outdir / "00-velkommen.png"))
    welcome.runner.wait_idle()
    welcome.hide()
    welcome.deleteLater()

    project = project_service.open_project(Path(path))
    window = make_main_window(project, remember=False)
    try:
        window.resize(width, height)
        window.show()
        _settle(150)
        for index, slug in enumerate(window.page_slugs()):
            window.show_page(index)
            saved.append(_save(window, outdir / f"{index + 1:02d}-{slug}.png"))

        dialog = NewProjectDialog(window)
        dialog.show()
        saved.append(_save(dialog, outdir / f"{len(saved):02d}-nytt-prosjekt.png"))
        dialog.search.setText("kåfjord")
        saved.append(_save(dialog, outdir / f"{len(saved):02d}-nytt-prosjekt-sok.png"))
        dialog.reject()
        dialog.deleteLater()
    finally:
        window.close()
        QCoreApplication.processEvents()
    return saved
