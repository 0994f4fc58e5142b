"""Pages that are not built yet say plainly what they will do (no fake controls)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from ui.context import ProjectContext

CONTEXT = "PlaceholderPage"


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


# (title, what the page will let the user do), from DOMAIN.md §4–9.
PLANNED_PAGES: dict[str, tuple[str, str]] = {
    "effektmaling": (
        QT_TRANSLATE_NOOP(CONTEXT, "Effektmåling"),
        QT_TRANSLATE_NOOP(
            CONTEXT,
            "Her skal du kunne sammenligne spørreundersøkelsen fra forstudien (utgangspunktet) "
            "med en ny måling etter at tiltakene er gjennomført, per spørsmål og område og for "
            "hver respondentgruppe. Indikatorene for hvert tiltak vises mot utgangsverdi og mål, "
            "og effektmålingsrapporten lages herfra.",
        ),
    ),
}

UNDER_WORK = QT_TRANSLATE_NOOP(
    CONTEXT, "Denne delen er under arbeid og kommer i en senere versjon."
)


class PlaceholderPage(QWidget):
    """A page that is planned: its heading, what it will do, and that it is coming."""

    def __init__(
        self, key: str, ctx: ProjectContext | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.key = key
        title, description = PLANNED_PAGES[key]
        self.title = _t(title)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 32, 40, 32)
        layout.setSpacing(14)

        heading = QLabel(self.title)
        heading.setObjectName("pageTitle")
        heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(heading)

        body = QLabel(_t(description))
        body.setObjectName("pageBody")
        body.setWordWrap(True)
        body.setMaximumWidth(760)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(body)

        note = QFrame()
        note.setObjectName("underWork")
        note_layout = QVBoxLayout(note)
        note_layout.setContentsMargins(14, 10, 14, 10)
        note_label = QLabel(_t(UNDER_WORK))
        note_label.setWordWrap(True)
        note_layout.addWidget(note_label)
        note.setMaximumWidth(760)
        layout.addWidget(note)
        layout.addStretch(1)
