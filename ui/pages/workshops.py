"""Verksted: the project's workshops (DOMAIN.md §7, issue 5).

The list of workshops on top; below, the selected workshop in four tabs — Oppsett
(participants, working groups, agenda), Innspill (fast capture), Klynger (the
clustering board) and Stemmer og prioritering (dot voting and gevinst/innsats) —
with the projector, the group files and the verkstedreferat as buttons.

When the open project is itself a group file, the page goes straight to capture for
that group, under a banner saying where the file goes afterwards.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.domain.workshop import GroupFileInfo, Workshop, WorkshopSummary
from nvk_desktop.services import workshop_documents
from nvk_desktop.services import workshops as ws
from ui import dialogs
from ui import projector as projector_module
from ui.context import ProjectContext
from ui.models import RIGHT, Column, FilterProxy, RecordTableModel
from ui.pages import workshop_merge
from ui.pages.workshop_board import BoardTab
from ui.pages.workshop_capture import CaptureTab
from ui.pages.workshop_setup import SetupTab, WorkshopDialog, WorkshopTab
from ui.pages.workshop_voting import WorkshopVotingView
from ui.widgets import style
from ui.widgets.dates import format_date, format_int
from ui.widgets.keys import ListKeys
from ui.widgets.page import ProjectPage
from ui.widgets.tables import EmptyOverlay, current_key, make_table, select_keys

CONTEXT = "WorkshopsPage"


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


TAB_SETUP, TAB_CAPTURE, TAB_BOARD, TAB_VOTING = range(4)


class WorkshopsPage(ProjectPage):
    REVEALS = ("card", "point")

    def __init__(self, ctx: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("page")
        self.summaries: list[WorkshopSummary] = []
        self.workshop: Workshop | None = None
        self.group_file: GroupFileInfo | None = None
        self.last_pdf: Path | None = None
        self._shown_id: int | None = None
        self._group_file_opened = False
        self._group_file_checked = False
        self._loading = False

        self.heading = style.heading(_t("Verksted"), 1.5)
        self.banner = QLabel(self)
        self.banner.setObjectName("groupFileBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "QLabel#groupFileBanner { background: #fff3cd; color: #4d3800; border: 1px solid #e0c36a;"
            " border-radius: 4px; padding: 8px 12px; font-weight: bold; }"
        )
        self.banner.hide()

        # -- the list --------------------------------------------------------------------
        self.list_box = QWidget(self)
        cols: list[Column[WorkshopSummary]] = [
            Column(
                _t("Dato"),
                lambda w: format_date(w.held_on),
                sort=lambda w: w.held_on.isoformat() if w.held_on else "0000",
                width=96,
            ),
            Column(_t("Type"), lambda w: w.kind.label, width=170),
            Column(
                _t("Navn"),
                lambda w: w.name,
                tooltip=lambda w: w.name + (f"\n{w.place}" if w.place else ""),
                stretch=True,
            ),
            Column(
                _t("Grupper"),
                lambda w: format_int(w.groups),
                sort=lambda w: w.groups,
                align=RIGHT,
                width=70,
            ),
            Column(
                _t("Innspill"),
                lambda w: format_int(w.cards),
                sort=lambda w: w.cards,
                align=RIGHT,
                width=76,
            ),
            Column(
                _t("Punkter"),
                lambda w: format_int(w.points),
                sort=lambda w: w.points,
                align=RIGHT,
                width=72,
            ),
        ]
        self.model: RecordTableModel[WorkshopSummary] = RecordTableModel(cols, parent=self)
        self.proxy = FilterProxy(self.model, self)
        self.table = make_table(self.proxy, self.list_box, sortable=True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName(_t("Verksteder"))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.table.doubleClicked.connect(lambda _i: self.edit_workshop())
        self.empty = EmptyOverlay(
            self.table,
            _t(
                "Ingen verksteder ennå. Trykk «Nytt verksted…» (Ctrl+N) for å planlegge et "
                "resultatverksted, et styrker/svakheter-verksted eller et tiltaksverksted."
            ),
        )
        ListKeys(
            self.table,
            add=self.new_workshop,
            edit=self.edit_workshop,
            remove=self.delete_workshop,
            enabled=lambda: self.writable,
        )
        self.new_button = self.button(_t("Nytt verksted…"), _t("Nytt verksted (Ctrl+N)"))
        self.edit_button = self.button(
            _t("Endre…"), _t("Endre type, navn, dato, sted, fasilitator (F2)")
        )
        self.delete_button = self.button(_t("Slett…"), _t("Slett verkstedet (Delete)"))
        self.new_button.clicked.connect(self.new_workshop)
        self.edit_button.clicked.connect(self.edit_workshop)
        self.delete_button.clicked.connect(self.delete_workshop)
        buttons = QVBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        lh = QHBoxLayout(self.list_box)
        lh.setContentsMargins(0, 0, 0, 6)
        lh.addWidget(self.table, 1)
        lh.addLayout(buttons)

        # -- the selected workshop ------------------------------------------------------
        self.detail = QWidget(self)
        self.title = QLabel(self.detail)
        self.title.setFont(style.scaled_font(self.title.font(), 1.2, bold=True))
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle = style.hint("", self.detail)
        self.subtitle.setWordWrap(False)
        self.projector_button = self.button(
            _t("Projektor…"),
            _t("Vis steget, tidtakeren, innspillene og resultatet på en projektor"),
            edits=False,
        )
        self.export_button = self.button(
            _t("Eksporter gruppefil…"),
            _t("En liten fil for én gruppes sekretær, som registrerer på en annen PC uten nett"),
            edits=False,
        )
        self.merge_button = self.button(
            _t("Slå sammen gruppefil…"), _t("Hent innspillene fra en gruppefil inn i verkstedet")
        )
        self.referat_button = self.button(
            _t("Lag verkstedreferat (PDF)…"),
            _t(
                "Deltakere, grupper, alle innspill, klynger, stemmer og prioriterte forbedringspunkter"
            ),
            edits=False,
        )
        self.projector_button.clicked.connect(self.open_projector)
        self.export_button.clicked.connect(self.export_group_file)
        self.merge_button.clicked.connect(self.merge_group_file)
        self.referat_button.clicked.connect(self.make_referat)

        self.tabs = QTabWidget(self.detail)
        self.tabs.setDocumentMode(True)
        self.setup_tab = SetupTab(ctx, self.tabs)
        self.capture_tab = CaptureTab(ctx, self.tabs)
        self.board_tab = BoardTab(ctx, self.tabs)
        self.tabs.addTab(self.setup_tab, _t("&Oppsett"))
        self.tabs.addTab(self.capture_tab, _t("&Innspill"))
        self.tabs.addTab(self.board_tab, _t("&Klynger"))
        self.voting_view = WorkshopVotingView(ctx, self.tabs)
        self.tabs.addTab(self.voting_view, _t("&Stemmer og prioritering"))
        self.workshop_tabs: list[WorkshopTab] = [self.setup_tab, self.capture_tab, self.board_tab]
        self.tabs.currentChanged.connect(lambda _i: self.update_actions())

        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(0)
        # Long names and summaries wrap rather than widen the window past a 1366 px
        # laptop screen (the buttons beside them need their width).
        for label in (self.title, self.subtitle):
            label.setWordWrap(True)
            label.setMinimumWidth(120)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        head.addLayout(titles, 1)
        for b in (
            self.projector_button,
            self.export_button,
            self.merge_button,
            self.referat_button,
        ):
            head.addWidget(b)
        dv = QVBoxLayout(self.detail)
        dv.setContentsMargins(0, 4, 0, 0)
        dv.setSpacing(4)
        dv.addLayout(head)
        dv.addWidget(self.tabs, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.list_box)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setCollapsible(1, False)
        row_h = self.table.verticalHeader().defaultSectionSize()
        self.list_box.setMinimumHeight(row_h * 3 + 8)
        self.splitter.setSizes([row_h * 4 + 10, 640])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        QWidget.setTabOrder(self.table, self.new_button)
        QWidget.setTabOrder(self.new_button, self.edit_button)
        QWidget.setTabOrder(self.edit_button, self.delete_button)
        QWidget.setTabOrder(self.delete_button, self.projector_button)
        QWidget.setTabOrder(self.projector_button, self.export_button)
        QWidget.setTabOrder(self.export_button, self.merge_button)
        QWidget.setTabOrder(self.merge_button, self.referat_button)
        QWidget.setTabOrder(self.referat_button, self.tabs)
        self.refresh()

    # -- selection ----------------------------------------------------------------------------
    def current_id(self) -> int | None:
        if self.group_file is not None:
            return self.group_file.workshop_id
        key = current_key(self.table)
        return key if isinstance(key, int) else None

    def _selection_changed(self) -> None:
        if self._loading:
            return
        self._show_workshop()
        self.sync_controls()

    def select_workshop(self, workshop_id: int) -> None:
        select_keys(self.table, [workshop_id])

    def _show_workshop(self, *, light: bool = False) -> None:
        wid = self.current_id()
        if not light:
            try:
                self.workshop = ws.get_workshop(self.ctx.project, wid) if wid is not None else None
            except Exception:  # noqa: BLE001 - deleted meanwhile: show none
                self.workshop = None
                wid = None
        w = self.workshop
        if w is None:
            self.title.setText(_t("Ingen verksted valgt"))
            self.subtitle.setText("")
        else:
            self.title.setText(w.name)
            bits = [w.kind.label]
            if w.held_on:
                bits.append(format_date(w.held_on))
            if w.place:
                bits.append(w.place)
            if w.facilitator_name:
                bits.append(_t("fasilitator {name}").format(name=w.facilitator_name))
            bits.append(_t("{n} prikker per deltaker").format(n=w.dot_budget))
            self.subtitle.setText(" · ".join(bits))
            self.subtitle.setToolTip(" · ".join(bits))
        for tab in self.workshop_tabs:
            tab.set_workshop(wid)
        if wid != self._shown_id:
            self.voting_view.set_workshop(wid)
        self._shown_id = wid

    # -- loading ------------------------------------------------------------------------------
    def reload(self) -> None:
        project = self.ctx.project
        if not self._group_file_checked:  # a file is a group file or not, for good
            self.group_file = ws.group_file_info(project)
            self._group_file_checked = True
        light = (
            self.capture_tab.light_pending
            and self.workshop is not None
            and self.workshop.id == self.current_id()
        )
        if light:  # one card more in the selected workshop: counted here, not queried
            self.summaries = [
                replace(w, cards=w.cards + 1) if w.id == self.current_id() else w
                for w in self.summaries
            ]
        else:
            self.summaries = ws.list_workshops(project)
        self._loading = True  # one _show_workshop below, not one per selection signal
        try:
            if self.summaries != self.model.rows:
                had = current_key(self.table)
                self.model.set_rows(self.summaries)
                if had is not None:
                    select_keys(self.table, [had], fallback_row=0)
            if current_key(self.table) is None and self.summaries:
                select_keys(self.table, [], fallback_row=0)
        finally:
            self._loading = False
        gf = self.group_file
        self.list_box.setVisible(gf is None)
        self.banner.setVisible(gf is not None)
        for b in (self.export_button, self.merge_button):
            b.setVisible(gf is None)
        if gf is not None:
            self.banner.setText(
                _t("Gruppefil for {group} – lever filen til fasilitator etter verkstedet").format(
                    group=gf.group_name or _t("en arbeidsgruppe")
                )
            )
            self.capture_tab.only_group_id = gf.group_id
            for i in (TAB_BOARD, TAB_VOTING):
                if i < self.tabs.count():
                    self.tabs.setTabVisible(i, False)
            if not self._group_file_opened:
                self._group_file_opened = True
                self.tabs.setCurrentIndex(TAB_CAPTURE)
        else:
            self.capture_tab.only_group_id = None
            for i in range(self.tabs.count()):
                self.tabs.setTabVisible(i, True)
        # A card just typed in: its workshop is unchanged, only the capture tab updates.
        self._show_workshop(light=light)

    def update_actions(self) -> None:
        w = self.writable
        has = self.workshop is not None
        self.edit_button.setEnabled(w and has)
        self.delete_button.setEnabled(w and has)
        self.projector_button.setEnabled(has)
        self.export_button.setEnabled(has)
        self.merge_button.setEnabled(w and has)
        self.referat_button.setEnabled(has)

    # -- workshops ----------------------------------------------------------------------------
    def new_workshop(self) -> None:
        if not self.writable or self.group_file is not None:
            return
        dlg = WorkshopDialog(self.ctx, parent=self)
        if dlg.exec() and dlg.new_id is not None:
            self.select_workshop(dlg.new_id)
            self.tabs.setCurrentIndex(TAB_SETUP)

    def edit_workshop(self) -> None:
        if self.workshop is None or not self.writable:
            return
        WorkshopDialog(self.ctx, self.workshop, parent=self).exec()

    def delete_workshop(self) -> None:
        w = self.workshop
        if w is None or w.id is None or not self.writable or self.group_file is not None:
            return
        s = next((x for x in self.summaries if x.id == w.id), None)
        details = []
        if s is not None:
            if s.cards:
                details.append(_t("{n} innspill").format(n=format_int(s.cards)))
            if s.groups:
                details.append(_t("{n} arbeidsgrupper").format(n=s.groups))
            if s.participants:
                details.append(_t("{n} deltakere med stemmene sine").format(n=s.participants))
            details.append(_t("agendaen"))
        text = _t("Slette verkstedet «{name}»?").format(name=w.name)
        if s is not None and s.points:
            text += "\n" + _t(
                "De {n} forbedringspunktene blir stående i prosjektet, uten verksted."
            ).format(n=s.points)
        if not dialogs.ask_confirm(self, _t("Slett verksted"), text, details, _t("Slett")):
            return
        wid = w.id
        project = self.ctx.project
        dialogs.perform_ok(self.ctx, lambda: ws.delete_workshop(project, wid))

    # -- buttons ----------------------------------------------------------------------------
    def open_projector(self) -> None:
        wid = self.current_id()
        if wid is None:
            return
        projector_module.open_projector(self.ctx, wid, self)

    def export_group_file(self) -> None:
        if self.workshop is None or self.workshop.id is None:
            return
        focus_group = None
        col = self.capture_tab.current_column() if self.tabs.currentIndex() == TAB_CAPTURE else None
        if col is not None:
            focus_group = col.group_id
        workshop_merge.export_group_file(self, self.ctx, self.workshop, focus_group)

    def merge_group_file(self) -> None:
        if self.workshop is None or self.workshop.id is None or not self.writable:
            return
        workshop_merge.merge_group_file(self, self.ctx, self.workshop)

    def default_folder(self) -> Path:
        path = getattr(self.ctx.project, "path", None)
        if path:
            return Path(path).parent
        return Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        )

    def make_referat(self) -> None:
        w = self.workshop
        if w is None or w.id is None:
            return
        start = self.last_pdf or self.default_folder() / _t("Verkstedreferat {name}.pdf").format(
            name=w.name.replace("/", "-")
        )
        path, _ = QFileDialog.getSaveFileName(
            self, _t("Lag verkstedreferat"), str(start), _t("PDF-dokument (*.pdf)")
        )
        if not path:
            return
        out = Path(path)
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
        self.last_pdf = out
        project, wid = self.ctx.project, w.id
        self.ctx.runner.run(
            _t("Lager verkstedreferat"),
            lambda _progress: workshop_documents.make_verkstedreferat(project, wid, out),
            self._referat_done,
        )

    def _referat_done(self, path: Any) -> None:
        from ui.pages.survey_editor import offer_open

        offer_open(self, _t("Verkstedreferatet er laget"), Path(path))

    def _status(self, text: str) -> None:
        bar = getattr(self.window(), "statusBar", None)
        if callable(bar):
            bar().showMessage(text, 8000)

    # -- search ---------------------------------------------------------------------------------
    def reveal(self, kind: str, ref_id: int) -> bool:
        if self._stale:
            self.refresh()
        if kind == "card":
            wid: int | None = ref_id
            tab = TAB_CAPTURE
        elif kind == "point":
            from nvk_desktop.services import workshop_points

            try:
                wid = workshop_points.workshop_id_of_point(self.ctx.project, ref_id)
            except Exception:  # noqa: BLE001
                wid = None
            tab = TAB_BOARD
        else:
            return False
        if wid is None or self.model.row_of_key(wid) is None and self.group_file is None:
            return False
        if self.group_file is None:
            self.select_workshop(wid)
        self.tabs.setCurrentIndex(tab)
        if kind == "point":
            self.board_tab.reveal_point(ref_id)
        return self.current_id() == wid


__all__ = ["WorkshopsPage"]
