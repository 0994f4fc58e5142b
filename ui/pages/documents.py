"""Dokumenter: the phase documents of DOMAIN.md §10.

The prosjektplan is available: its text sections are written here (saved when the
editor loses focus and after two seconds without typing, one undo step each) and the
PDF is made in the background. The other documents are listed as coming later.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSize, QStandardPaths, Qt, QTimer
from PySide6.QtGui import (
    QFocusEvent,
    QHideEvent,
    QPalette,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.domain.enums import PlanSection
from nvk_desktop.services import documents as documents_service
from nvk_desktop.services import plan as plan_service
from nvk_desktop.services import project as project_service
from ui import dialogs
from ui.context import ProjectContext
from ui.widgets import style
from ui.widgets.page import ProjectPage

SAVE_AFTER_MS = 2000

# What to write in each section, in the spirit of PLP (one line each).
SECTION_HINTS: dict[PlanSection, str] = {
    PlanSection.BAKGRUNN: "Hvorfor arbeidet startes: bestillingen fra rådmannen, utfordringene og det som er gjort før.",
    PlanSection.EFFEKTMAL: "Den varige gevinsten for kommunen og næringslivet som arbeidet skal bidra til, og hvordan den måles i etterkant.",
    PlanSection.RESULTATMAL: "Det fasen skal levere og neste fase bygger på – konkret og etterprøvbart (for eksempel en rapport med prioriterte forbedringsområder).",
    PlanSection.RAMMER: "Tid, ressurser og fullmakter, og hva som bevisst holdes utenfor arbeidet.",
    PlanSection.INTERESSENTER: "Hvem som berøres eller har interesse av arbeidet, og hvordan og når de informeres og involveres.",
    PlanSection.GJENNOMFORING: "Hovedaktiviteter i rekkefølge, med tidsplan og hvem som gjør hva.",
    PlanSection.RISIKO: "Hva som kan hindre at målene nås, hvor sannsynlig og alvorlig det er, og hvordan det møtes.",
    PlanSection.OKONOMI: "Kostnader (konsulentdager, interne timer, møter, reiser) og hvordan de dekkes.",
}

# (title, what it is) of the documents still to come, in DOMAIN.md §10 order.
LATER_DOCUMENTS: tuple[tuple[str, str], ...] = (
    ("Forstudierapport", "Sammendrag, resultater per område og anbefaling om forprosjekt."),
    ("Verkstedreferat", "Deltakere, kort per område, grupperinger, stemmer og resultat."),
    ("Forprosjektrapport", "Valgte tiltak, handlingsplan og plan for effektmåling."),
    ("Statusrapport", "Framdrift per tiltak, forsinkelser og beslutninger til styringsgruppen."),
    ("Effektmålingsrapport", "Før og etter (T0 mot T1) og nøkkeltall per tiltak."),
)


class SectionEditor(QPlainTextEdit):
    """One plan section. Saves itself on focus-out and after a pause in typing."""

    def __init__(self, page: DocumentsPage, section: PlanSection) -> None:
        super().__init__(page)
        self.page = page
        self.section = section
        self.baseline = ""  # the text as stored in the project
        self._loading = False
        self._saving = False
        self.setTabChangesFocus(True)
        self.setAccessibleName(section.label)
        self.setPlaceholderText(self.tr("Skriv her …"))
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_AFTER_MS)
        self.timer.timeout.connect(self.save)
        self.textChanged.connect(self._typed)
        self.document().documentLayout().documentSizeChanged.connect(lambda _s: self._fit_height())
        self._fit_height()

    @property
    def dirty(self) -> bool:
        return self.toPlainText() != self.baseline

    def set_stored(self, text: str) -> None:
        """The project's text for this section (after any change or undo)."""
        if not self.dirty and self.toPlainText() != text:
            cursor = self.textCursor().position()
            self._loading = True
            try:
                self.setPlainText(text)
            finally:
                self._loading = False
            c = self.textCursor()
            c.setPosition(min(cursor, len(text)))
            self.setTextCursor(c)
        self.baseline = text
        self.page.section_state(self)

    def _typed(self) -> None:
        if self._loading:
            return
        self.page.section_state(self)
        if self.dirty:
            self.timer.start()
        else:
            self.timer.stop()

    def save(self) -> bool:
        """Store the text if it changed; True when nothing is left unsaved."""
        self.timer.stop()
        if not self.dirty:
            return True
        if self._saving or self.isReadOnly() or self.page.ctx.read_only:
            return False
        text = self.toPlainText()
        section = self.section
        ctx = self.page.ctx
        self._saving = True  # a message box shown while saving takes focus: no second save
        try:
            ok = dialogs.perform_ok(
                ctx, lambda: plan_service.set_plan_text(ctx.project, section, text)
            )
        finally:
            self._saving = False
        if ok:
            self.baseline = text
            self.page.section_saved(self)
        return ok

    def focusOutEvent(self, e: QFocusEvent) -> None:
        super().focusOutEvent(e)
        # A context menu or a message box taking focus is not leaving the editor.
        if e.reason() not in (
            Qt.FocusReason.PopupFocusReason,
            Qt.FocusReason.ActiveWindowFocusReason,
        ):
            self.save()

    def _fit_height(self) -> None:
        lines = int(self.document().documentLayout().documentSize().height())
        lines = max(4, min(lines + 1, 16))
        fm = self.fontMetrics()
        margins = self.contentsMargins()
        h = (
            lines * fm.lineSpacing()
            + int(2 * self.document().documentMargin())
            + margins.top()
            + margins.bottom()
            + 4
        )
        if self.height() != h:
            self.setFixedHeight(h)

    def sizeHint(self) -> QSize:
        return QSize(400, self.height())


class DocumentsPage(ProjectPage):
    def __init__(self, ctx: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.last_pdf: Path | None = None

        # -- left: the documents -----------------------------------------------------------
        self.doc_model = QStandardItemModel(self)
        plan_item = QStandardItem(self.tr("Prosjektplan"))
        plan_item.setToolTip(
            self.tr("Mål og rammer, organisering, oppfølging, risiko og økonomi (PLP)")
        )
        plan_item.setEditable(False)
        bold = plan_item.font()
        bold.setBold(True)
        plan_item.setFont(bold)
        self.doc_model.appendRow(plan_item)
        for title, what in LATER_DOCUMENTS:
            item = QStandardItem(self.tr(title) + "\n" + self.tr("Kommer i en senere versjon"))
            item.setToolTip(self.tr(what))
            item.setEditable(False)
            item.setEnabled(False)
            item.setSelectable(False)
            self.doc_model.appendRow(item)
        self.doc_list = QListView(self)
        self.doc_list.setModel(self.doc_model)
        self.doc_list.setAccessibleName(self.tr("Dokumenter"))
        self.doc_list.setSpacing(5)
        self.doc_list.setWordWrap(True)
        self.doc_list.setUniformItemSizes(False)
        self.doc_list.setCurrentIndex(self.doc_model.index(0, 0))
        self.doc_list.setMinimumWidth(220)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 8, 0)
        lv.addWidget(style.heading(self.tr("Fasedokumenter"), 1.1))
        lv.addWidget(self.doc_list, 1)

        # -- right: the prosjektplan ------------------------------------------------------------
        title = style.heading(self.tr("Prosjektplan"), 1.4)
        intro = style.hint(
            self.tr(
                "Organisering, beslutningspunkter og milepæler hentes fra prosjektet. Tekstene under skriver "
                "du selv; de lagres fortløpende."
            )
        )
        self.pdf_button = self.button(
            self.tr("Lag prosjektplan (PDF)…"), self.tr("Lagre prosjektplanen som PDF"), edits=False
        )
        self.pdf_button.setDefault(False)
        self.pdf_button.clicked.connect(self.make_pdf)
        self.read_only_note = style.hint(
            self.tr("Prosjektet er skrivebeskyttet: tekstene kan leses, men ikke endres.")
        )
        head = QHBoxLayout()
        head_text = QVBoxLayout()
        head_text.setSpacing(4)
        head_text.addWidget(title)
        head_text.addWidget(intro)
        head_text.addWidget(self.read_only_note)
        head.addLayout(head_text, 1)
        head.addSpacing(16)
        head.addWidget(self.pdf_button, 0, Qt.AlignmentFlag.AlignTop)

        sections = QWidget()
        sections.setObjectName("planSections")
        sv = QVBoxLayout(sections)
        sv.setContentsMargins(0, 4, 12, 12)
        sv.setSpacing(4)
        self.editors: dict[PlanSection, SectionEditor] = {}
        self.state_labels: dict[PlanSection, QLabel] = {}
        for section in PlanSection:
            editor = SectionEditor(self, section)
            name = QLabel(f"<b>{self.tr(section.label)}</b>")
            name.setBuddy(editor)
            state = style.hint("")
            state.setWordWrap(False)
            state.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            row = QHBoxLayout()
            row.addWidget(name)
            row.addStretch(1)
            row.addWidget(state)
            sv.addSpacing(10)
            sv.addLayout(row)
            sv.addWidget(style.hint(self.tr(SECTION_HINTS[section])))
            sv.addWidget(editor)
            self.editors[section] = editor
            self.state_labels[section] = state
        sv.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(sections)

        right = QWidget()
        right.setMaximumWidth(1100)  # lines of text stay readable on a wide screen
        rv = QVBoxLayout(right)
        rv.setContentsMargins(12, 0, 0, 0)
        rv.setSpacing(8)
        rv.addLayout(head)
        rv.addWidget(self.scroll, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        holder = QWidget()
        hl = QHBoxLayout(holder)
        hl.setContentsMargins(0, 0, 0, 0)
        hl.addWidget(right, 1)
        hl.addStretch(0)
        splitter.addWidget(left)
        splitter.addWidget(holder)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 1000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(style.heading(self.tr("Dokumenter"), 1.5))
        layout.addWidget(splitter, 1)
        previous: QWidget = self.pdf_button
        for editor in self.editors.values():
            QWidget.setTabOrder(previous, editor)
            previous = editor
        self.refresh()

    # -- loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        texts = plan_service.plan_texts(self.ctx.project)
        for section, editor in self.editors.items():
            editor.set_stored(texts.get(section, ""))

    def sync_controls(self) -> None:
        super().sync_controls()
        ro = self.ctx.read_only
        for editor in self.editors.values():
            editor.setReadOnly(ro)
            editor.setPlaceholderText("" if ro else self.tr("Skriv her …"))
        self.read_only_note.setVisible(ro)

    # -- saving --------------------------------------------------------------------------------
    def flush(self) -> bool:
        """Store every section with unsaved text; False if one could not be stored."""
        return all([editor.save() for editor in self.editors.values()])

    def section_state(self, editor: SectionEditor) -> None:
        label = self.state_labels.get(editor.section)
        if label is None:
            return
        label.setText(self.tr("Ikke lagret ennå …") if editor.dirty else "")
        self._colour(label, None)

    def section_saved(self, editor: SectionEditor) -> None:
        label = self.state_labels[editor.section]
        time = datetime.now().strftime("%H:%M")
        label.setText(self.tr("✓ Lagret {time}").format(time=time))
        self._colour(label, style.done_fg(label.palette()))

    @staticmethod
    def _colour(label: QLabel, colour: object) -> None:
        pal = label.palette()
        pal.setColor(
            QPalette.ColorRole.WindowText,
            colour if colour is not None else style.muted_fg(pal),  # type: ignore[arg-type]
        )
        label.setPalette(pal)

    # -- the PDF ---------------------------------------------------------------------------------
    def default_pdf_path(self) -> Path:
        info = project_service.project_info(self.ctx.project)
        folder = getattr(self.ctx.project, "path", None)
        base = (
            Path(folder).parent
            if folder
            else Path(
                QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            )
        )
        return base / self.tr("Prosjektplan {kommune}.pdf").format(kommune=info.kommune.navn)

    def make_pdf(self) -> None:
        if not self.flush():
            return
        start = self.last_pdf if self.last_pdf is not None else self.default_pdf_path()
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Lag prosjektplan"), str(start), self.tr("PDF-dokument (*.pdf)")
        )
        if not path:
            return
        out = Path(path)
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
        self.last_pdf = out
        project = self.ctx.project
        self.ctx.runner.run(
            self.tr("Lager prosjektplan"),
            lambda _progress: documents_service.make_prosjektplan(project, out),
            self.pdf_done,
        )

    def pdf_done(self, path: Path) -> None:
        dialogs.offer_open(
            self,
            self.tr("Prosjektplanen er laget"),
            self.tr("Prosjektplanen er lagret som {name}.").format(name=Path(path).name),
            path,
            open_label=self.tr("Åpne PDF"),
        )

    def hideEvent(self, event: QHideEvent) -> None:
        # Leaving the page (or closing the window) keeps what was typed.
        if not getattr(self.ctx.project, "closed", False):
            self.flush()
        super().hideEvent(event)
