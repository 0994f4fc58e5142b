"""Forstudie: the mapping work of DOMAIN.md §2–5 in four tabs: the phase checklists
(which serve forprosjekt and hovedprosjekt too), the service map, interviews and
document study, and meetings with their decisions.

Each tab is a ProjectPage of its own (it reloads when the project changes and it is
visible); this page only holds them and routes search hits to the right one.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ui.context import ProjectContext
from ui.pages.checklists import ChecklistTab
from ui.pages.meetings import MeetingsTab
from ui.pages.notes import NotesTab
from ui.pages.servicemap import ServiceMapTab
from ui.widgets.page import ProjectPage


def _t(text: str) -> str:
    return QCoreApplication.translate("ForstudiePage", text)


class ForstudiePage(QWidget):
    def __init__(self, ctx: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.checklists = ChecklistTab(ctx)
        self.servicemap = ServiceMapTab(ctx)
        self.notes = NotesTab(ctx)
        self.meetings = MeetingsTab(ctx)
        self.tabs.addTab(self.checklists, _t("Sjekklister"))
        self.tabs.addTab(self.servicemap, _t("Tjenestekart"))
        self.tabs.addTab(self.notes, _t("Intervjuer og dokumenter"))
        self.tabs.addTab(self.meetings, _t("Møter og vedtak"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def tab_pages(self) -> list[ProjectPage]:
        return [self.checklists, self.servicemap, self.notes, self.meetings]

    def reveal(self, kind: str, ref_id: int) -> bool:
        """Show the tab that holds a search hit and select it there."""
        for tab in self.tab_pages():
            if kind in tab.REVEALS:
                self.tabs.setCurrentWidget(tab)
                return tab.reveal(kind, ref_id)
        return False

    def flush(self) -> bool:
        return all(tab.flush() for tab in self.tab_pages())
