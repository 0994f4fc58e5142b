"""One place that shows errors: known ones as a plain message, bugs with the
traceback and a way to copy it (qutebrowser's KnownError/BugError split)."""

from __future__ import annotations

import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from nvk_desktop.errors import KnownError


def show_known_error(parent: QWidget | None, error: KnownError, title: str = "NVK Desktop") -> None:
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, error.message, QMessageBox.StandardButton.Ok, parent
    )
    if error.advice:
        box.setInformativeText(error.advice)
    box.exec()


def show_bug(parent: QWidget | None, exc: BaseException) -> None:
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        "Uventet feil",
        "Det oppstod en uventet feil i NVK Desktop. Prosjektfilen er lagret etter hver endring, "
        "så ingenting som var lagret, er tapt.",
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setInformativeText(
        "Kopier detaljene under og send dem til de som vedlikeholder programmet."
    )
    box.setDetailedText(details)
    box.exec()


def install_excepthook() -> None:
    """Unhandled exceptions in slots reach the user instead of vanishing on stderr."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        sys.__excepthook__(exc_type, exc, tb)
        if QApplication.instance() is None:
            return
        if isinstance(exc, KnownError):
            show_known_error(QApplication.activeWindow(), exc)
        else:
            show_bug(QApplication.activeWindow(), exc)

    sys.excepthook = hook
