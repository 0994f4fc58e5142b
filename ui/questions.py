"""One way to ask the user a question with a few answers and Avbryt."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

Role = QMessageBox.ButtonRole
ACCEPT = Role.AcceptRole
DESTRUCTIVE = Role.DestructiveRole


def choose(
    parent: QWidget | None,
    text: str,
    informative: str,
    choices: Sequence[tuple[str, Role]],
    *,
    default: int | None = 0,
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
    title: str = "NVK Desktop",
) -> int | None:
    """Index of the answer the user picked in ``choices``; None for Avbryt or Esc.

    ``default`` is the answer Enter picks; None makes Avbryt the default (for answers
    that throw something away).
    """
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    if informative:
        box.setInformativeText(informative)
    buttons = [box.addButton(label, role) for label, role in choices]
    cancel = box.addButton(
        QCoreApplication.translate("questions", "Avbryt"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(buttons[default] if default is not None else cancel)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return next((i for i, b in enumerate(buttons) if b is clicked), None)
