"""Being built: replaced by the real tab."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout

from ui.context import ProjectContext
from ui.widgets.page import ProjectPage


class ChecklistTab(ProjectPage):
    REVEALS = ("checklist",)

    def __init__(self, ctx: ProjectContext) -> None:
        super().__init__(ctx)
        QVBoxLayout(self).addWidget(QLabel("Under arbeid", self))

    def reload(self) -> None:
        pass
