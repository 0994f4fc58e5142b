"""Tiltak og handlingsplan (issue 6; DOMAIN.md §7–9): three tabs.

* Tiltak: the list of measures and the editor of the chosen one (measure_editor.py).
* Prioritering: criteria with weights, scores, the weighted rank, MoSCoW, the
  gevinst/innsats matrix and the decision of what goes into the plan (prioritising.py).
* Handlingsplan: the plan as a table and as a timeline, Excel out and in, and the
  statusrapport (handlingsplan.py, plan_import.py).

Each tab is a ProjectPage of its own (it reloads when the project changes and it is
visible); this page holds them, opens a measure from the other tabs in the editor and
routes search hits ("measure", "follow_up").
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.domain.measures import MeasureStatus, PlanItem
from nvk_desktop.services import indicators as indicators_service
from nvk_desktop.services import measures as measures_service
from nvk_desktop.services import people as people_service
from ui import dialogs
from ui.context import ProjectContext
from ui.models import RIGHT, Column, FilterProxy, RecordTableModel
from ui.pages.handlingsplan import HandlingsplanTab
from ui.pages.measure_editor import (
    EditorData,
    MeasureEditor,
    NewMeasureDialog,
    PointChoice,
    load_point_choices,
    status_colour,
    status_text,
)
from ui.pages.prioritising import PrioritisingTab
from ui.widgets import style
from ui.widgets.dates import format_date, format_int
from ui.widgets.keys import ListKeys, SearchKeys
from ui.widgets.page import ProjectPage
from ui.widgets.tables import EmptyOverlay, current_key, make_table, select_keys

CONTEXT = "MeasuresPage"
EMPTY_TEXT = (
    "Ingen tiltak ennå. Lag et nytt med Ctrl+N, eller ut fra et forbedringspunkt fra verkstedet."
)


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def measure_columns() -> list[Column[PlanItem]]:
    status_order = {s: i for i, s in enumerate(MeasureStatus)}
    return [
        Column(
            _t("ID"),
            lambda it: it.measure.code,
            sort=lambda it: it.measure.code.zfill(12),
            width=58,
        ),
        Column(
            _t("Tiltak"),
            lambda it: it.measure.title,
            tooltip=lambda it: it.measure.title,
            stretch=True,
        ),
        Column(
            _t("Status"),
            lambda it: status_text(it.measure.status, it.overdue, it.risk),
            sort=lambda it: (not it.overdue, it.risk is None, status_order[it.measure.status]),
            foreground=lambda it: status_colour(it.measure.status, it.overdue, it.at_risk),
            bold=lambda it: it.overdue,
            tooltip=lambda it: (
                it.risk or (_t("Fristen er passert.") if it.overdue else it.measure.status.label)
            ),
            width=135,
        ),
        Column(_t("Ansvarlig"), lambda it: it.responsible_name, width=125),
        Column(
            _t("Frist"),
            lambda it: format_date(it.measure.deadline_on),
            sort=lambda it: (
                it.measure.deadline_on.isoformat() if it.measure.deadline_on else "9999"
            ),
            width=84,
        ),
        Column(
            _t("Fremdrift"),
            lambda it: f"{it.measure.progress} %",
            sort=lambda it: it.measure.progress,
            align=RIGHT,
            width=72,
        ),
    ]


class MeasuresTab(ProjectPage):
    """The list of measures (left) and the editor of the chosen one (right)."""

    REVEALS = ("measure", "follow_up")

    def __init__(self, ctx: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.items: list[PlanItem] = []
        self.points: list[PointChoice] = []
        self.model: RecordTableModel[PlanItem] = RecordTableModel(
            measure_columns(), key=lambda it: it.measure.id, parent=self
        )
        self.proxy = FilterProxy(self.model, self)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(_t("Filtrer på kode, tittel, ansvarlig … (Ctrl+F)"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(_t("Filtrer tiltak"))
        self.filter_edit.textChanged.connect(self._filter)
        self.count_label = style.hint("", self)
        self.count_label.setWordWrap(False)
        self.table = make_table(self.proxy, self)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName(_t("Tiltak"))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.empty = EmptyOverlay(self.table, _t(EMPTY_TEXT))
        ListKeys(
            self.table,
            add=self.new_measure,
            edit=self._focus_editor,
            remove=self.delete_measure,
            enabled=lambda: self.writable,
        )
        SearchKeys(self.filter_edit, self.table)
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self._focus_filter)
        for seq, delta in (("Alt+Up", -1), ("Alt+Down", 1)):
            sc = QShortcut(QKeySequence(seq), self.table)
            sc.setContext(Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(lambda d=delta: self.move_measure(d))
        self.new_button = self.button(_t("Nytt tiltak…"), _t("Nytt tiltak (Ctrl+N)"))
        self.from_point_button = self.button(
            _t("Fra forbedringspunkt…"), _t("Lag tiltak fra et forbedringspunkt fra verkstedet")
        )
        self.delete_button = self.button(_t("Slett"), _t("Slett tiltaket (Delete)"))
        self.new_button.clicked.connect(self.new_measure)
        self.from_point_button.clicked.connect(lambda: self.new_measure(from_point=True))
        self.delete_button.clicked.connect(self.delete_measure)

        self.editor = MeasureEditor(self)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 8, 0)
        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.count_label)
        lv.addLayout(top)
        lv.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.from_point_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        lv.addLayout(buttons)
        lv.addWidget(style.hint(_t("Alt+Pil opp/ned flytter tiltaket i rekkefølgen.")))

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.editor)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([600, 540])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.addWidget(self.splitter)
        QWidget.setTabOrder(self.filter_edit, self.table)
        QWidget.setTabOrder(self.table, self.new_button)
        QWidget.setTabOrder(self.new_button, self.from_point_button)
        QWidget.setTabOrder(self.from_point_button, self.delete_button)
        QWidget.setTabOrder(self.delete_button, self.editor.title_edit)
        self.refresh()

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        project = self.ctx.project
        self.items = measures_service.handlingsplan(project)
        self.points = load_point_choices(self.ctx)
        data = EditorData(
            people=people_service.list_people(project),
            measures=[it.measure for it in self.items],
            points=self.points,
            targets=indicators_service.effect_target_choices(project),
            areas=measures_service.known_areas(),
        )
        self.editor.set_data(data)
        key = current_key(self.table)
        row = self.table.currentIndex().row() if self.table.currentIndex().isValid() else None
        self.model.set_rows(self.items)
        if key is not None or row is not None:
            select_keys(self.table, [key] if key is not None else [], fallback_row=row)
        elif self.items:
            select_keys(self.table, [], fallback_row=0)
        self._filter()
        self._selection_changed()

    def _filter(self, _text: str = "") -> None:
        text = self.filter_edit.text().strip()
        self.proxy.setFilterFixedString(text)
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        if total == 0:
            self.count_label.setText("")
            self.empty.set_text(
                _t(EMPTY_TEXT) if self.writable else _t("Ingen tiltak i prosjektet.")
            )
        elif text:
            self.count_label.setText(
                _t("Viser {shown} av {total}").format(
                    shown=format_int(shown), total=format_int(total)
                )
            )
            self.empty.set_text(_t("Ingen tiltak passer til «{t}».").format(t=text))
        else:
            self.count_label.setText(
                _t("1 tiltak") if total == 1 else _t("{n} tiltak").format(n=format_int(total))
            )
            self.empty.set_text("")

    def _focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def current_id(self) -> int | None:
        key = current_key(self.table)
        return key if isinstance(key, int) else None

    def _selection_changed(self) -> None:
        self.editor.show_measure(self.current_id())
        self.update_actions()

    def select_measure(self, measure_id: int) -> bool:
        if self._stale:
            self.refresh()
        if self.model.row_of_key(measure_id) is None:
            return False
        row = self.model.row_of_key(measure_id)
        assert row is not None
        if not self.proxy.mapFromSource(self.model.index(row, 0)).isValid():
            self.filter_edit.clear()
        select_keys(self.table, [measure_id])
        return self.current_id() == measure_id

    # ------------------------------------------------------------------ actions
    def new_measure(self, from_point: bool = False) -> None:
        if not self.writable:
            return
        if not self.editor.flush():
            return
        dlg = NewMeasureDialog(self.ctx, self.points, from_point=from_point, parent=self)
        if dlg.exec() and dlg.new_ids:
            self.filter_edit.clear()
            select_keys(self.table, list(dlg.new_ids[:1]))
            self.editor.title_edit.setFocus()

    def delete_measure(self) -> None:
        mid = self.current_id()
        if mid is None or not self.writable:
            return
        row = self.model.row_of_key(mid)
        assert row is not None
        m = self.model.record(row).measure
        usage = measures_service.measure_usage(self.ctx.project, mid)
        if not dialogs.ask_confirm(
            self,
            _t("Slett tiltak"),
            _t("Slette {code} «{title}»?").format(code=m.code, title=m.title),
            usage,
            _t("Slett"),
        ):
            return
        view_row = self.table.currentIndex().row()
        if dialogs.perform_ok(
            self.ctx, lambda: measures_service.delete_measure(self.ctx.project, mid)
        ):
            select_keys(self.table, [], fallback_row=view_row)

    def move_measure(self, delta: int) -> None:
        mid = self.current_id()
        if mid is None or not self.writable:
            return
        dialogs.perform_ok(
            self.ctx, lambda: measures_service.move_measure(self.ctx.project, mid, delta)
        )
        select_keys(self.table, [mid])

    def _focus_editor(self) -> None:
        if self.current_id() is not None:
            self.editor.title_edit.setFocus()
            self.editor.title_edit.selectAll()

    # ------------------------------------------------------------------ page hooks
    def update_actions(self) -> None:
        w = self.writable
        has = self.current_id() is not None
        self.delete_button.setEnabled(w and has)
        self.from_point_button.setEnabled(w and bool(self.points))
        self.from_point_button.setToolTip(
            _t("Lag tiltak fra et forbedringspunkt fra verkstedet")
            if self.points
            else _t("Ingen forbedringspunkter fra verksted ennå.")
        )
        self.editor.update_actions()

    def flush(self) -> bool:
        return self.editor.flush()

    def reveal(self, kind: str, ref_id: int) -> bool:
        if kind == "measure":
            found = self.select_measure(ref_id)
        elif kind == "follow_up":
            entry = next(
                (f for f in measures_service.list_follow_ups(self.ctx.project) if f.id == ref_id),
                None,
            )
            if entry is None:
                return False
            found = self.select_measure(entry.measure_id)
            if found:
                select_keys(self.editor.log_table, [ref_id])
                self.editor.ensureWidgetVisible(self.editor.log_table)
        else:
            return False
        if found:
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        return found


class MeasuresPage(QWidget):
    """The Tiltak og handlingsplan page: three tabs over the same measures."""

    def __init__(self, ctx: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.measures = MeasuresTab(ctx)
        self.prioritising = PrioritisingTab(ctx)
        self.plan = HandlingsplanTab(ctx)
        self.prioritising.open_measure = self.open_measure
        self.plan.open_measure = self.open_measure
        self.tabs.addTab(self.measures, _t("&Tiltak"))
        self.tabs.addTab(self.prioritising, _t("&Prioritering"))
        self.tabs.addTab(self.plan, _t("&Handlingsplan"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(style.heading(_t("Tiltak og handlingsplan"), 1.5))
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(self._tab_changed)
        self._last_tab = 0

    def tab_pages(self) -> Sequence[ProjectPage]:
        return [self.measures, self.prioritising, self.plan]

    def _tab_changed(self, index: int) -> None:
        previous = self.tab_pages()[self._last_tab] if self._last_tab < 3 else None
        if previous is not None:
            previous.flush()
        self._last_tab = index

    def open_measure(self, measure_id: int) -> None:
        """Show a measure in the editor (Enter in the plan, the matrix or the rank)."""
        self.tabs.setCurrentWidget(self.measures)
        if self.measures.select_measure(measure_id):
            self.measures.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def reveal(self, kind: str, ref_id: int) -> bool:
        if kind in MeasuresTab.REVEALS:
            self.tabs.setCurrentWidget(self.measures)
            return self.measures.reveal(kind, ref_id)
        return False

    def flush(self) -> bool:
        return all([tab.flush() for tab in self.tab_pages()])
