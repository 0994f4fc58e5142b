"""Oversikt: the municipality, the project, where it stands in the PLP phases, its
beslutningspunkter and milepæler, and a few key figures."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.domain.enums import Phase
from nvk_desktop.domain.models import DecisionPoint, KeyFigures, Milestone, ProjectInfo
from nvk_desktop.domain.notes import LoggedDecision
from nvk_desktop.services import checklists as checklist_service
from nvk_desktop.services import meetings as meetings_service
from nvk_desktop.services import phases as phases_service
from nvk_desktop.services import project as project_service
from ui import dialogs
from ui.context import ProjectContext
from ui.models import Column, FilterProxy, RecordTableModel, decision_model, milestone_model
from ui.pages.checklists import ChecklistProgressBox, DecisionDialogWithChecklist, open_checklist
from ui.widgets import style
from ui.widgets.dates import format_date, format_int
from ui.widgets.keys import ListKeys
from ui.widgets.page import ProjectPage
from ui.widgets.phase_timeline import PhaseTimeline
from ui.widgets.tables import EmptyOverlay, current_key, make_table, select_keys

WIDE = 1500  # from this page width the two tables sit side by side


def vedtak_model(parent: Any = None) -> RecordTableModel[LoggedDecision]:
    """The project's decision log: every vedtak of every meeting, newest first."""
    cols: list[Column[LoggedDecision]] = [
        Column(
            QCoreApplication.translate("OverviewPage", "Dato"),
            lambda d: format_date(d.held_on) if d.held_on else "",
            sort=lambda d: d.held_on.isoformat() if d.held_on else "",
            width=100,
        ),
        Column(
            QCoreApplication.translate("OverviewPage", "Møte"),
            lambda d: d.meeting_title,
            tooltip=lambda d: d.meeting_kind.label,
            width=230,
        ),
        Column(
            QCoreApplication.translate("OverviewPage", "Saksnr."),
            lambda d: d.decision.case_number,
            width=90,
        ),
        Column(
            QCoreApplication.translate("OverviewPage", "Vedtak"),
            lambda d: d.decision.text,
            tooltip=lambda d: d.decision.text,
            stretch=True,
        ),
    ]
    return RecordTableModel(cols, key=lambda d: d.decision.id, parent=parent)


class Tile(QFrame):
    """A key figure: a big value and what it counts."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("–", self)
        self.value.setFont(style.scaled_font(self.value.font(), 1.7, bold=True))
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.caption = style.hint(caption, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        layout.addStretch(1)

    def set(self, value: str, caption: str | None = None, *, alert: bool = False) -> None:
        self.value.setText(value)
        if caption is not None:
            self.caption.setText(caption)
        pal = self.value.palette()
        colour = (
            style.overdue_fg(pal) if alert else self.palette().color(QPalette.ColorRole.WindowText)
        )
        pal.setColor(QPalette.ColorRole.WindowText, colour)
        self.value.setPalette(pal)
        self.setAccessibleName(f"{self.caption.text()}: {value}")


class Section(QWidget):
    """A titled block with buttons on the heading line and a table below."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = style.heading(title, 1.15, self)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(6)
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addLayout(self.buttons)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(6)
        self.body.addLayout(head)


class OverviewPage(ProjectPage):
    def __init__(self, ctx: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.today: Callable[[], date] = date.today
        self.info: ProjectInfo | None = None
        self.figures: KeyFigures | None = None

        # -- header ----------------------------------------------------------------------
        self.kommune_label = style.heading("", 1.9)
        self.kommune_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kommune_details = style.hint("")
        self.project_label = QLabel()
        self.project_label.setFont(style.scaled_font(self.project_label.font(), 1.2, bold=True))
        self.project_label.setWordWrap(True)
        self.project_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.phase_label = QLabel()
        self.rename_button = self.button(self.tr("Endre navn…"), self.tr("Endre prosjektets navn"))
        self.rename_button.clicked.connect(self.rename_project)
        self.phase_button = self.button(
            self.tr("Endre fase…"),
            self.tr("Rett fasen direkte (vanligvis flyttes den ved et beslutningspunkt)"),
        )
        self.phase_button.clicked.connect(self.change_phase)

        left = QVBoxLayout()
        left.setSpacing(2)
        left.addWidget(self.kommune_label)
        left.addWidget(self.kommune_details)

        right = QGridLayout()
        right.setHorizontalSpacing(10)
        right.setVerticalSpacing(4)
        right.addWidget(style.hint(self.tr("Prosjekt")), 0, 0)
        right.addWidget(self.project_label, 0, 1)
        right.addWidget(self.rename_button, 0, 2)
        right.addWidget(style.hint(self.tr("Fase")), 1, 0)
        right.addWidget(self.phase_label, 1, 1)
        right.addWidget(self.phase_button, 1, 2)
        right.setColumnStretch(1, 1)

        header = QHBoxLayout()
        header.addLayout(left, 2)
        header.addSpacing(24)
        header.addLayout(right, 3)

        # -- key figures -------------------------------------------------------------------
        self.tile_people = Tile(self.tr("personer"))
        self.tile_groups = Tile(self.tr("grupper"))
        self.tile_decisions = Tile(self.tr("beslutningspunkter"))
        self.tile_done = Tile(self.tr("milepæler fullført"))
        self.tile_overdue = Tile(self.tr("forsinkede milepæler"))
        self.tile_next = Tile(self.tr("neste milepæl"))
        self.tile_next.value.setWordWrap(False)
        tiles = QHBoxLayout()
        tiles.setSpacing(10)
        for t, stretch in (
            (self.tile_people, 1),
            (self.tile_groups, 1),
            (self.tile_decisions, 1),
            (self.tile_done, 1),
            (self.tile_overdue, 1),
            (self.tile_next, 2),
        ):
            tiles.addWidget(t, stretch)

        # -- timeline ----------------------------------------------------------------------
        self.timeline = PhaseTimeline()

        # -- checklist progress per phase (a phase name opens its checklist) ---------------
        self.checklist_box = ChecklistProgressBox()
        self.checklist_box.open_phase.connect(lambda phase: open_checklist(self, phase))

        # -- beslutningspunkter ------------------------------------------------------------
        self.decisions = decision_model(self)
        self.decision_proxy = FilterProxy(self.decisions, self)
        self.decision_table = make_table(self.decision_proxy)
        self.decision_table.setAccessibleName(self.tr("Beslutningspunkter"))
        self.decision_empty = EmptyOverlay(
            self.decision_table,
            self.tr(
                "Ingen beslutningspunkter ennå. Når en fase er avsluttet, trykk «Legg til…» (Ctrl+N) "
                "og registrer om arbeidet skal videreføres, justeres eller stoppes."
            ),
        )
        self.add_decision_button = self.button(
            self.tr("Legg til…"), self.tr("Nytt beslutningspunkt (Ctrl+N)")
        )
        self.edit_decision_button = self.button(
            self.tr("Endre…"), self.tr("Endre beslutningspunktet (Enter)")
        )
        self.delete_decision_button = self.button(
            self.tr("Slett"), self.tr("Slett beslutningspunktet (Delete)")
        )
        self.add_decision_button.clicked.connect(self.add_decision)
        self.edit_decision_button.clicked.connect(self.edit_decision)
        self.delete_decision_button.clicked.connect(self.delete_decision)
        ListKeys(
            self.decision_table,
            add=self.add_decision,
            edit=self.edit_decision,
            remove=self.delete_decision,
            enabled=lambda: self.writable,
        )
        self.decision_table.doubleClicked.connect(lambda _i: self.edit_decision())
        self.decision_table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        dec_section = Section(self.tr("Beslutningspunkter"))
        for b in (self.add_decision_button, self.edit_decision_button, self.delete_decision_button):
            dec_section.buttons.addWidget(b)
        dec_section.body.addWidget(self.decision_table, 1)

        # -- vedtak (the decision log of the meetings) -------------------------------------
        self.vedtak = vedtak_model(self)
        self.vedtak_proxy = FilterProxy(self.vedtak, self)
        self.vedtak_table = make_table(self.vedtak_proxy)
        self.vedtak_table.setAccessibleName(self.tr("Vedtak"))
        self.vedtak_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest first
        self.vedtak_table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.vedtak_empty = EmptyOverlay(
            self.vedtak_table,
            self.tr(
                "Ingen vedtak ennå. Vedtakene fra styringsgruppemøter og andre møter føres "
                "under Forstudie › Møter og vedtak, og samles her."
            ),
        )
        self.open_vedtak_button = self.button(
            self.tr("Vis møtet"),
            self.tr("Gå til møtet under Forstudie › Møter og vedtak (Enter)"),
            edits=False,
        )
        self.open_vedtak_button.clicked.connect(self.open_vedtak)
        ListKeys(self.vedtak_table, edit=self.open_vedtak, enabled=lambda: True)
        self.vedtak_table.doubleClicked.connect(lambda _i: self.open_vedtak())
        self.vedtak_table.selectionModel().selectionChanged.connect(
            lambda *_: self.update_actions()
        )
        vedtak_section = Section(self.tr("Vedtak"))
        vedtak_section.buttons.addWidget(self.open_vedtak_button)
        vedtak_section.body.addWidget(self.vedtak_table, 1)

        # -- milepæler -----------------------------------------------------------------------
        self.milestones = milestone_model(lambda: self.today(), self)
        self.milestone_proxy = FilterProxy(self.milestones, self)
        self.milestone_table = make_table(self.milestone_proxy)
        self.milestone_table.setAccessibleName(self.tr("Milepæler"))
        self.milestone_empty = EmptyOverlay(
            self.milestone_table,
            self.tr(
                "Ingen milepæler ennå. Trykk «Legg til…» (Ctrl+N) for å legge inn for eksempel "
                "oppstartsmøte, spørreundersøkelse og verksted med frister."
            ),
        )
        self.add_milestone_button = self.button(
            self.tr("Legg til…"), self.tr("Ny milepæl (Ctrl+N)")
        )
        self.edit_milestone_button = self.button(
            self.tr("Endre…"), self.tr("Endre milepælen (Enter)")
        )
        self.done_button = self.button(
            self.tr("Marker som fullført"), self.tr("Sett milepælen som fullført i dag")
        )
        self.delete_milestone_button = self.button(
            self.tr("Slett"), self.tr("Slett milepælen (Delete)")
        )
        self.add_milestone_button.clicked.connect(self.add_milestone)
        self.edit_milestone_button.clicked.connect(self.edit_milestone)
        self.done_button.clicked.connect(self.mark_done)
        self.delete_milestone_button.clicked.connect(self.delete_milestone)
        ListKeys(
            self.milestone_table,
            add=self.add_milestone,
            edit=self.edit_milestone,
            remove=self.delete_milestone,
            enabled=lambda: self.writable,
        )
        self.milestone_table.doubleClicked.connect(lambda _i: self.edit_milestone())
        self.milestone_table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        ms_section = Section(self.tr("Milepæler"))
        for b in (
            self.add_milestone_button,
            self.edit_milestone_button,
            self.done_button,
            self.delete_milestone_button,
        ):
            ms_section.buttons.addWidget(b)
        ms_section.body.addWidget(self.milestone_table, 1)

        for view in (self.decision_table, self.milestone_table):
            view.setMinimumHeight(
                view.verticalHeader().defaultSectionSize() * 5
                + view.horizontalHeader().sizeHint().height()
                + 4
            )
            view.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())

        self.tables_box = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.tables_box.setSpacing(18)
        self.tables_box.addWidget(dec_section, 0)
        self.tables_box.addWidget(ms_section, 1)
        self.vedtak_section = vedtak_section
        self.vedtak_table.setMinimumHeight(
            self.vedtak_table.verticalHeader().defaultSectionSize() * 5
            + self.vedtak_table.horizontalHeader().sizeHint().height()
            + 4
        )

        # -- assemble --------------------------------------------------------------------
        content = QWidget()
        content.setObjectName("overviewContent")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addLayout(header)
        layout.addLayout(tiles)
        layout.addSpacing(4)
        layout.addWidget(style.heading(self.tr("Faser og beslutningspunkter"), 1.15))
        layout.addWidget(self.timeline)
        layout.addWidget(self.checklist_box)
        layout.addSpacing(4)
        layout.addLayout(self.tables_box, 1)
        layout.addSpacing(6)
        layout.addWidget(self.vedtak_section)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.setTabOrder(self.rename_button, self.phase_button)
        previous = self.phase_button
        for checklist_button, _bar, _label in self.checklist_box.rows.values():
            self.setTabOrder(previous, checklist_button)
            previous = checklist_button
        self.setTabOrder(previous, self.add_decision_button)
        self.setTabOrder(self.add_decision_button, self.edit_decision_button)
        self.setTabOrder(self.edit_decision_button, self.delete_decision_button)
        self.setTabOrder(self.delete_decision_button, self.decision_table)
        self.setTabOrder(self.decision_table, self.add_milestone_button)
        self.setTabOrder(self.add_milestone_button, self.edit_milestone_button)
        self.setTabOrder(self.edit_milestone_button, self.done_button)
        self.setTabOrder(self.done_button, self.delete_milestone_button)
        self.setTabOrder(self.delete_milestone_button, self.milestone_table)
        self.setTabOrder(self.milestone_table, self.open_vedtak_button)
        self.setTabOrder(self.open_vedtak_button, self.vedtak_table)

        self.refresh()

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        project = self.ctx.project
        info = project_service.project_info(project)
        decisions = phases_service.list_decision_points(project)
        milestones = phases_service.list_milestones(project)
        figures = project_service.key_figures(project, self.today())
        self.info, self.figures = info, figures

        k = info.kommune
        self.kommune_label.setText(k.navn)
        self.kommune_details.setText(
            self.tr("Kommunenummer {nr} · {fylke}").format(nr=k.nummer, fylke=k.fylkesnavn)
        )
        self.project_label.setText(info.name)
        self.phase_label.setText(
            self.tr("<b>{phase}</b> (nåværende fase)").format(phase=info.current_phase.label)
        )
        self.timeline.set_state(info.current_phase, decisions)
        self.checklist_box.set_progress(
            checklist_service.phase_progress(project, self.today()), info.current_phase
        )

        self._reload_table(self.decision_table, self.decisions, decisions)
        self._fit_decisions()
        self._reload_table(self.milestone_table, self.milestones, milestones)
        self._reload_table(self.vedtak_table, self.vedtak, meetings_service.list_decisions(project))

        self.tile_people.set(format_int(figures.people))
        self.tile_groups.set(format_int(figures.groups))
        self.tile_decisions.set(format_int(figures.decision_points))
        self.tile_done.set(
            self.tr("{done} av {total}").format(
                done=format_int(figures.milestones_done), total=format_int(figures.milestones_total)
            )
        )
        self.tile_overdue.set(
            format_int(figures.milestones_overdue),
            self.tr("forsinket milepæl")
            if figures.milestones_overdue == 1
            else self.tr("forsinkede milepæler"),
            alert=figures.milestones_overdue > 0,
        )
        nxt = figures.next_milestone
        if nxt is None:
            self.tile_next.set(self.tr("Ingen"), self.tr("neste milepæl: ingen åpne med frist"))
        else:
            self.tile_next.set(
                format_date(nxt.due_on, long=True),
                self.tr("neste milepæl: {t}").format(t=nxt.title),
            )
            self.tile_next.setToolTip(f"{nxt.title} – {format_date(nxt.due_on, long=True)}")
        self.tile_next.caption.setWordWrap(True)

    def _reload_table(
        self, view: QTableView, model: RecordTableModel[Any], rows: Sequence[Any]
    ) -> None:
        key = current_key(view)
        row = view.currentIndex().row() if view.currentIndex().isValid() else None
        model.set_rows(rows)
        if key is not None or row is not None:
            select_keys(view, [key] if key is not None else [], fallback_row=row)

    @staticmethod
    def _table_height(view: QTableView, rows: int) -> int:
        header = view.horizontalHeader().sizeHint().height()
        return (
            header + rows * view.verticalHeader().defaultSectionSize() + 2 * view.frameWidth() + 2
        )

    def _fit_decisions(self) -> None:
        """Beslutningspunkter are few: the table is as tall as its rows (3 to 8), and
        side by side with the milepæler it takes the full height."""
        rows = min(max(self.decisions.rowCount(), 3), 8)
        if self.tables_box.direction() == QBoxLayout.Direction.LeftToRight:
            self.decision_table.setMinimumHeight(self._table_height(self.decision_table, 3))
            self.decision_table.setMaximumHeight(16777215)
        else:
            self.decision_table.setFixedHeight(self._table_height(self.decision_table, rows))

    def update_actions(self) -> None:
        w = self.writable
        has_decision = self._current_decision() is not None
        self.edit_decision_button.setEnabled(w and has_decision)
        self.delete_decision_button.setEnabled(w and has_decision)
        m = self._current_milestone()
        self.edit_milestone_button.setEnabled(w and m is not None)
        self.delete_milestone_button.setEnabled(w and m is not None)
        self.done_button.setEnabled(w and m is not None and not m.is_done)
        # Going to the meeting reads only: allowed in a read-only project too.
        self.open_vedtak_button.setEnabled(self._current_vedtak() is not None)

    def resizeEvent(self, event: QResizeEvent) -> None:
        wide = event.size().width() >= WIDE
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.tables_box.direction() != direction:
            self.tables_box.setDirection(direction)
            self._fit_decisions()
        super().resizeEvent(event)

    # -- helpers -----------------------------------------------------------------------------
    def _current_vedtak(self) -> LoggedDecision | None:
        index = self.vedtak_proxy.mapToSource(self.vedtak_table.currentIndex())
        return self.vedtak.record(index.row()) if index.isValid() else None

    def open_vedtak(self) -> None:
        """Go to the meeting the chosen vedtak was made in (Forstudie › Møter og vedtak)."""
        vedtak = self._current_vedtak()
        reveal = getattr(self.window(), "reveal", None)
        if vedtak is not None and callable(reveal):
            reveal("decision", vedtak.meeting_id)

    def _current_decision(self) -> DecisionPoint | None:
        key = current_key(self.decision_table)
        row = self.decisions.row_of_key(key) if key is not None else None
        return self.decisions.record(row) if row is not None else None

    def _current_milestone(self) -> Milestone | None:
        key = current_key(self.milestone_table)
        row = self.milestones.row_of_key(key) if key is not None else None
        return self.milestones.record(row) if row is not None else None

    def _current_phase(self) -> Phase:
        return self.info.current_phase if self.info else Phase.FORSTUDIE

    # -- actions -------------------------------------------------------------------------------
    def rename_project(self) -> None:
        if not self.writable or self.info is None:
            return
        dialogs.ProjectNameDialog(self.ctx, self.info.name, self).exec()

    def change_phase(self) -> None:
        if not self.writable:
            return
        dialogs.PhaseDialog(self.ctx, self._current_phase(), self).exec()

    def add_decision(self) -> None:
        if not self.writable:
            return
        # Moving on to the next phase warns about the open checklist items first.
        dlg = DecisionDialogWithChecklist(
            self.ctx, self._current_phase(), parent=self, today=lambda: self.today()
        )
        if dlg.exec() and dlg.new_id is not None:
            select_keys(self.decision_table, [dlg.new_id])

    def edit_decision(self) -> None:
        d = self._current_decision()
        if d is None or not self.writable:
            return
        dialogs.DecisionDialog(self.ctx, self._current_phase(), d, parent=self).exec()

    def delete_decision(self) -> None:
        d = self._current_decision()
        if d is None or d.id is None or not self.writable:
            return
        text = self.tr("Slette beslutningspunktet etter {phase} ({decision}, {date})?").format(
            phase=d.phase.label.lower(),
            decision=d.decision.label.lower(),
            date=format_date(d.decided_on),
        )
        if not dialogs.ask_confirm(
            self, self.tr("Slett beslutningspunkt"), text, action=self.tr("Slett")
        ):
            return
        did = d.id
        dialogs.perform_ok(
            self.ctx, lambda: phases_service.delete_decision_point(self.ctx.project, did)
        )

    def add_milestone(self) -> None:
        if not self.writable:
            return
        dlg = dialogs.MilestoneDialog(self.ctx, self._current_phase(), parent=self)
        if dlg.exec() and dlg.new_id is not None:
            select_keys(self.milestone_table, [dlg.new_id])

    def edit_milestone(self) -> None:
        m = self._current_milestone()
        if m is None or not self.writable:
            return
        dialogs.MilestoneDialog(self.ctx, self._current_phase(), m, parent=self).exec()

    def mark_done(self) -> None:
        m = self._current_milestone()
        if m is None or m.is_done or not self.writable:
            return
        done = replace(m, done_on=self.today())
        dialogs.perform_ok(
            self.ctx, lambda: phases_service.update_milestone(self.ctx.project, done)
        )

    def delete_milestone(self) -> None:
        m = self._current_milestone()
        if m is None or m.id is None or not self.writable:
            return
        text = self.tr("Slette milepælen «{title}»?").format(title=m.title)
        if not dialogs.ask_confirm(self, self.tr("Slett milepæl"), text, action=self.tr("Slett")):
            return
        mid = m.id
        dialogs.perform_ok(self.ctx, lambda: phases_service.delete_milestone(self.ctx.project, mid))
