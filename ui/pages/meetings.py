"""Møter og vedtak: styringsgruppemøter and other meetings, with participants from
Organisering, agenda, minutes and the vedtak made (issue 3, point 4).

The vedtak of all meetings make the project's decision log (services.meetings.
list_decisions), which Oversikt lists. Fields are stored when they are left, agenda
and minutes on focus-out or after two seconds without typing; one undo step each.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QHideEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.domain.enums import GroupKind
from nvk_desktop.domain.models import Person
from nvk_desktop.domain.notes import Meeting, MeetingDecision, MeetingKind, MeetingSummary
from nvk_desktop.services import meetings as meetings_service
from nvk_desktop.services import people as people_service
from ui import dialogs
from ui.context import ProjectContext
from ui.models import RIGHT, Column, FilterProxy, RecordTableModel
from ui.pages.notes import AutosaveText, OrderedListKeys, TabKeys, save_state_text, set_muted
from ui.widgets import style
from ui.widgets.dates import format_date, format_int, from_qdate, make_date_edit, to_qdate
from ui.widgets.keys import ListKeys, SearchKeys
from ui.widgets.page import ProjectPage
from ui.widgets.tables import EmptyOverlay, current_key, make_table, select_keys, selected_keys

CONTEXT = "MeetingsTab"


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _date_sort(d: date | None) -> str:
    return d.isoformat() if d is not None else "0000"


def meeting_model(parent: Any = None) -> RecordTableModel[MeetingSummary]:
    cols: list[Column[MeetingSummary]] = [
        Column(
            _t("Dato"),
            lambda m: format_date(m.held_on),
            sort=lambda m: (_date_sort(m.held_on), m.id),
            width=84,
        ),
        Column(_t("Type"), lambda m: m.kind.label, width=136),
        Column(
            _t("Tittel"),
            lambda m: m.title,
            tooltip=lambda m: m.title + (f"\n{m.place}" if m.place else ""),
            width=240,
            stretch=True,
        ),
        Column(
            _t("Vedtak"),
            lambda m: str(m.decision_count) if m.decision_count else "",
            sort=lambda m: m.decision_count,
            tooltip=lambda m: _t("{n} vedtak, {p} deltakere").format(
                n=m.decision_count, p=m.participant_count
            ),
            align=RIGHT,
            width=58,
        ),
    ]
    return RecordTableModel(cols, parent=parent)


def participant_model(parent: Any = None) -> RecordTableModel[Person]:
    cols: list[Column[Person]] = [
        Column(_t("Navn"), lambda p: p.name, width=190),
        Column(
            _t("Organisasjon"),
            lambda p: p.organisation,
            tooltip=lambda p: p.organisation or None,
            stretch=True,
        ),
    ]
    return RecordTableModel(cols, parent=parent)


def decision_model(
    set_case: Callable[[MeetingDecision, str], bool],
    set_text: Callable[[MeetingDecision, str], bool],
    parent: Any = None,
) -> RecordTableModel[MeetingDecision]:
    cols: list[Column[MeetingDecision]] = [
        Column(
            _t("Saksnr."),
            lambda d: d.case_number,
            edit_value=lambda d: d.case_number,
            set_value=lambda d, v: set_case(d, str(v)),
            width=92,
        ),
        Column(
            _t("Vedtak"),
            lambda d: d.text,
            tooltip=lambda d: d.text,
            edit_value=lambda d: d.text,
            set_value=lambda d, v: set_text(d, str(v)),
            stretch=True,
        ),
    ]
    return RecordTableModel(cols, parent=parent)


# ========================================================================= dialog
class NewMeetingDialog(dialogs.EditDialog):
    """Ctrl+N: kind, date, title (suggested from the kind and date) and place."""

    def __init__(self, ctx: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _t("Nytt møte"), parent)
        self.new_id: int | None = None
        self._suggested = ""
        self.kind_combo = dialogs.enum_combo(
            list(MeetingKind), MeetingKind.STYRINGSGRUPPEMOTE, self
        )
        self.date_edit = make_date_edit(date.today(), self)
        self.title_edit = QLineEdit(self)
        self.place_edit = QLineEdit(self)
        self.place_edit.setPlaceholderText(
            _t("For eksempel «Rådhuset, formannskapssalen» eller «Teams»")
        )
        self.form.addRow(_t("&Type:"), self.kind_combo)
        self.form.addRow(_t("&Dato:"), self.date_edit)
        self.form.addRow(_t("T&ittel:"), self.title_edit)
        self.form.addRow(_t("&Sted:"), self.place_edit)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._suggest())
        self.date_edit.dateChanged.connect(lambda _d: self._suggest())
        self._suggest()
        self.title_edit.selectAll()
        self.title_edit.setFocus()

    def _suggest(self) -> None:
        """Follow kind and date with the title until the user writes their own."""
        suggestion = meetings_service.suggest_title(
            self.ctx.project,
            MeetingKind(self.kind_combo.currentData()),
            from_qdate(self.date_edit.date()),
        )
        if self.title_edit.text() in ("", self._suggested):
            self.title_edit.setText(suggestion)
        self._suggested = suggestion

    def value(self) -> Meeting:
        return Meeting(
            kind=MeetingKind(self.kind_combo.currentData()),
            title=self.title_edit.text(),
            held_on=from_qdate(self.date_edit.date()),
            place=self.place_edit.text(),
        )

    def apply(self) -> bool:
        m = self.value()
        self.new_id = self.ctx.perform(lambda: meetings_service.add_meeting(self.ctx.project, m))
        return self.new_id is not None


@dataclass(frozen=True)
class _Form:
    """What the meeting's fields hold in the form (agenda and minutes save apart)."""

    kind: MeetingKind
    title: str
    held_on: date
    place: str


# ========================================================================== the tab
class MeetingsTab(ProjectPage):
    REVEALS = ("meeting", "decision")

    def __init__(self, ctx: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.meeting: Meeting | None = None
        self.people: list[Person] = []
        self.person_by_id: dict[int, Person] = {}
        self._loading = False
        self._date_timer = QTimer(self)
        self._date_timer.setSingleShot(True)
        self._date_timer.setInterval(1500)
        self._date_timer.timeout.connect(self._commit_fields)

        left = self._build_list()
        self.right = QStackedWidget(self)
        self.no_meeting = style.empty_state("")
        self.no_meeting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.right.addWidget(self.no_meeting)
        self.right.addWidget(self._build_form())
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.right)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([540, 800])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(splitter, 1)
        TabKeys(self, self.new_meeting, lambda: self.writable)
        self.refresh()

    # ------------------------------------------------------------------ the list
    def _build_list(self) -> QWidget:
        box = QWidget()
        self.meeting_model = meeting_model(self)
        self.meeting_proxy = FilterProxy(self.meeting_model, self)
        self.filter_edit = QLineEdit(box)
        self.filter_edit.setPlaceholderText(_t("Filtrer møter …"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(_t("Filtrer møter"))
        self.filter_edit.textChanged.connect(self._filter)
        self.new_button = self.button(_t("Nytt møte…"), _t("Nytt møte (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_meeting)
        self.meeting_table = make_table(self.meeting_proxy, box)
        self.meeting_table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.meeting_table.setAccessibleName(_t("Møter"))
        self.meeting_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.meeting_table.selectionModel().currentRowChanged.connect(
            lambda *_: self._current_changed()
        )
        self.meeting_empty = EmptyOverlay(self.meeting_table, "")
        SearchKeys(self.filter_edit, self.meeting_table)
        # Insert/Ctrl+N new, Enter/F2 to the title, Delete asks and deletes.
        ListKeys(
            self.meeting_table,
            add=self.new_meeting,
            edit=lambda: self.title_edit.setFocus(),  # the form is built further down
            remove=self.delete_meeting,
        )
        self.count_label = style.hint("", box)
        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 8, 8, 0)
        layout.addWidget(style.heading(_t("Møter"), 1.15))
        layout.addLayout(top)
        layout.addWidget(self.meeting_table, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(
            style.hint(
                _t(
                    "Vedtakene fra alle møtene utgjør prosjektets vedtakslogg, som vises på "
                    "Oversikt."
                ),
                box,
            )
        )
        QWidget.setTabOrder(self.filter_edit, self.new_button)
        QWidget.setTabOrder(self.new_button, self.meeting_table)
        return box

    # ------------------------------------------------------------------ the form
    def _build_form(self) -> QWidget:
        form = QWidget()
        self.title_label = style.heading("", 1.25)
        self.title_label.setWordWrap(True)
        self.delete_button = self.button(_t("Slett møte"), _t("Slett møtet (Delete i listen)"))
        self.delete_button.clicked.connect(self.delete_meeting)
        self.kind_combo = dialogs.enum_combo(list(MeetingKind), None, form)
        self.kind_combo.setMaximumWidth(260)
        self.kind_combo.activated.connect(lambda _i: self._commit_fields())
        self.date_edit: QDateEdit = make_date_edit(date.today(), form)
        self.date_edit.dateChanged.connect(lambda _d: self._date_typed())
        self.date_edit.editingFinished.connect(self._commit_fields)
        self.title_edit = QLineEdit(form)
        self.title_edit.editingFinished.connect(self._commit_fields)
        self.place_edit = QLineEdit(form)
        self.place_edit.setPlaceholderText(_t("Rådhuset, kulturhuset, Teams …"))
        self.place_edit.editingFinished.connect(self._commit_fields)
        for w in (self.kind_combo, self.date_edit, self.title_edit, self.place_edit):
            self.editing(w)

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        for row, col, text, w in (
            (0, 0, _t("&Type:"), self.kind_combo),
            (0, 2, _t("&Dato:"), self.date_edit),
            (1, 0, _t("T&ittel:"), self.title_edit),
            (2, 0, _t("&Sted:"), self.place_edit),
        ):
            label = QLabel(text, form)
            label.setBuddy(w)
            grid.addWidget(label, row, col)
        grid.addWidget(self.kind_combo, 0, 1)
        grid.addWidget(self.date_edit, 0, 3, Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(self.title_edit, 1, 1, 1, 3)
        grid.addWidget(self.place_edit, 2, 1, 1, 3)

        # participants
        self.participant_model = participant_model(self)
        self.participant_proxy = FilterProxy(self.participant_model, self)
        self.participant_table = make_table(self.participant_proxy, form, multi=True)
        self.participant_table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.participant_table.setAccessibleName(_t("Deltakere"))
        self.participant_table.selectionModel().selectionChanged.connect(
            lambda *_: self.update_actions()
        )
        self.participant_empty = EmptyOverlay(self.participant_table, "")
        OrderedListKeys(
            self.participant_table,
            add=self.choose_participants,
            edit=lambda: None,
            remove=self.remove_participants,
            move=lambda _d: None,
            enabled=lambda: self.writable,
        )
        self.choose_button = self.button(
            _t("Velg deltakere…"), _t("Legg til personer fra Organisering (Insert)")
        )
        self.choose_button.clicked.connect(self.choose_participants)
        self.steering_button = self.button(
            _t("Legg til styringsgruppen"), _t("Alle medlemmene av styringsgruppen")
        )
        self.steering_button.clicked.connect(self.add_steering_group)
        self.remove_participant_button = self.button(
            _t("Fjern"), _t("Fjern valgte deltakere (Delete)")
        )
        self.remove_participant_button.clicked.connect(self.remove_participants)
        self.participants_caption = QLabel(form)
        p_head = QHBoxLayout()
        p_head.addWidget(self.participants_caption, 1)
        p_head.addWidget(self.choose_button)
        p_head.addWidget(self.steering_button)
        p_head.addWidget(self.remove_participant_button)
        p_box = QWidget()
        pl = QVBoxLayout(p_box)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.setSpacing(4)
        pl.addLayout(p_head)
        pl.addWidget(self.participant_table, 1)

        # agenda and minutes
        self.agenda_edit = AutosaveText(
            lambda k, t: self._store_text(k, agenda=t), self._text_state, form
        )
        self.agenda_edit.setAccessibleName(_t("Saksliste"))
        self.agenda_edit.setPlaceholderText(_t("1. Godkjenning av innkalling\n2. …"))
        self.minutes_edit = AutosaveText(
            lambda k, t: self._store_text(k, minutes=t), self._text_state, form
        )
        self.minutes_edit.setAccessibleName(_t("Referat"))
        self.minutes_edit.setPlaceholderText(_t("Hva ble drøftet? Ctrl+Enter går til vedtakene."))
        self.text_state = style.hint("", form)
        self.text_state.setWordWrap(False)
        _CtrlEnter(self.minutes_edit, self._to_new_decision)
        _CtrlEnter(self.agenda_edit, self._to_new_decision)
        texts = QWidget()
        tg = QGridLayout(texts)
        tg.setContentsMargins(0, 0, 0, 0)
        tg.setHorizontalSpacing(10)
        tg.setVerticalSpacing(4)
        agenda_caption = QLabel(_t("<b>S&aksliste</b>"), form)
        agenda_caption.setBuddy(self.agenda_edit)
        minutes_caption = QLabel(_t("<b>&Referat</b>"), form)
        minutes_caption.setBuddy(self.minutes_edit)
        tg.addWidget(agenda_caption, 0, 0)
        head = QHBoxLayout()
        head.addWidget(minutes_caption)
        head.addStretch(1)
        head.addWidget(self.text_state)
        tg.addLayout(head, 0, 1)
        tg.addWidget(self.agenda_edit, 1, 0)
        tg.addWidget(self.minutes_edit, 1, 1)
        tg.setColumnStretch(0, 2)
        tg.setColumnStretch(1, 3)

        # vedtak
        self.decision_model = decision_model(self._set_case, self._set_decision_text, self)
        self.decision_proxy = FilterProxy(self.decision_model, self)
        self.decision_table = make_table(self.decision_proxy, form, sortable=False)
        self.decision_table.setAccessibleName(_t("Vedtak"))
        self.decision_table.setEditTriggers(
            QTableView.EditTrigger.DoubleClicked | QTableView.EditTrigger.EditKeyPressed
        )
        self.decision_table.selectionModel().selectionChanged.connect(
            lambda *_: self.update_actions()
        )
        EmptyOverlay(
            self.decision_table,
            _t("Ingen vedtak ennå. Skriv vedtaket i feltet over og trykk Enter."),
        )
        OrderedListKeys(
            self.decision_table,
            add=self._to_new_decision,
            edit=self._edit_decision,
            remove=self.delete_decision,
            move=self.move_decision,
            enabled=lambda: self.writable,
        )
        self.case_edit = QLineEdit(form)
        self.case_edit.setAccessibleName(_t("Saksnummer for nytt vedtak"))
        self.case_edit.setPlaceholderText(_t("Sak 1/26"))
        self.case_edit.setMaximumWidth(110)
        self.decision_edit = QLineEdit(form)
        self.decision_edit.setAccessibleName(_t("Nytt vedtak"))
        self.decision_edit.setPlaceholderText(_t("Nytt vedtak – skriv og trykk Enter"))
        self.decision_edit.returnPressed.connect(self.add_decision)
        self.case_edit.returnPressed.connect(self.decision_edit.setFocus)
        self.editing(self.case_edit)
        self.editing(self.decision_edit)
        self.up_button = self.button("↑", _t("Flytt opp (Alt+Pil opp)"))
        self.down_button = self.button("↓", _t("Flytt ned (Alt+Pil ned)"))
        for b in (self.up_button, self.down_button):
            b.setFixedWidth(b.fontMetrics().horizontalAdvance("↑") + 28)
        self.delete_decision_button = self.button(_t("Slett vedtak"), _t("Slett vedtaket (Delete)"))
        self.up_button.clicked.connect(lambda: self.move_decision(-1))
        self.down_button.clicked.connect(lambda: self.move_decision(1))
        self.delete_decision_button.clicked.connect(self.delete_decision)
        d_caption = QLabel(_t("<b>&Vedtak</b>"), form)
        d_caption.setBuddy(self.decision_edit)
        d_head = QHBoxLayout()
        d_head.addWidget(d_caption)
        d_head.addWidget(
            style.hint(
                _t("Insert/Ctrl+Enter: nytt · F2: endre · Alt+↑/↓: flytt · Delete: slett"), form
            ),
            1,
        )
        d_head.addWidget(self.up_button)
        d_head.addWidget(self.down_button)
        d_head.addWidget(self.delete_decision_button)
        capture = QHBoxLayout()
        capture.addWidget(self.case_edit)
        capture.addWidget(self.decision_edit, 1)
        d_box = QWidget()
        dl = QVBoxLayout(d_box)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.setSpacing(4)
        dl.addLayout(d_head)
        dl.addLayout(capture)
        dl.addWidget(self.decision_table, 1)

        split = QSplitter(Qt.Orientation.Vertical, form)
        split.addWidget(p_box)
        split.addWidget(texts)
        split.addWidget(d_box)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setStretchFactor(2, 2)

        top = QHBoxLayout()
        top.addWidget(self.title_label, 1)
        top.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(form)
        layout.setContentsMargins(8, 8, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addWidget(split, 1)
        order: list[QWidget] = [
            self.kind_combo,
            self.date_edit,
            self.title_edit,
            self.place_edit,
            self.choose_button,
            self.steering_button,
            self.remove_participant_button,
            self.participant_table,
            self.agenda_edit,
            self.minutes_edit,
            self.case_edit,
            self.decision_edit,
            self.decision_table,
            self.up_button,
            self.down_button,
            self.delete_decision_button,
            self.delete_button,
        ]
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a, b)
        return form

    # ------------------------------------------------------------------- loading
    def reload(self) -> None:
        project = self.ctx.project
        self.people = people_service.list_people(project)
        self.person_by_id = {p.id: p for p in self.people if p.id is not None}
        self._loading = True
        try:
            keys = selected_keys(self.meeting_table)
            row = self.meeting_table.currentIndex().row()
            self.meeting_model.set_rows(meetings_service.list_meetings(project))
            select_keys(self.meeting_table, keys, fallback_row=max(row, 0))
        finally:
            self._loading = False
        self._filter()
        self._show_current()

    def _filter(self, _text: str = "") -> None:
        text = self.filter_edit.text().strip()
        self.meeting_proxy.setFilterFixedString(text)
        total, shown = self.meeting_model.rowCount(), self.meeting_proxy.rowCount()
        if total == 0:
            self.count_label.setText("")
            self.meeting_empty.set_text(
                _t("Ingen møter ennå. Trykk «Nytt møte» (Ctrl+N) for å føre det første.")
            )
        elif text:
            self.count_label.setText(
                _t("Viser {shown} av {total} møter").format(
                    shown=format_int(shown), total=format_int(total)
                )
            )
            self.meeting_empty.set_text(_t("Ingen møter passer til «{t}».").format(t=text))
        else:
            self.count_label.setText(
                _t("1 møte") if total == 1 else _t("{n} møter").format(n=format_int(total))
            )
            self.meeting_empty.set_text("")
        if not self._loading and text and not self.meeting_table.currentIndex().isValid():
            select_keys(self.meeting_table, [], fallback_row=0)

    def current_meeting_id(self) -> int | None:
        key = current_key(self.meeting_table)
        return key if isinstance(key, int) else None

    def _current_changed(self) -> None:
        if self._loading:
            return
        if self.meeting is not None and self.current_meeting_id() != self.meeting.id:
            self.flush_holding_reload()
        self._show_current()

    def _show_current(self) -> None:
        mid = self.current_meeting_id()
        meeting = None
        if mid is not None:
            try:
                meeting = meetings_service.get_meeting(self.ctx.project, mid)
            except Exception:  # gone meanwhile
                meeting = None
        self._show(meeting)

    def _show(self, m: Meeting | None) -> None:
        self.meeting = m
        self._loading = True
        try:
            if m is None:
                self.right.setCurrentIndex(0)
                self.agenda_edit.load(None, "")
                self.minutes_edit.load(None, "")
                self.no_meeting.setText(
                    _t(
                        "Ingen møter ennå. Trykk Ctrl+N for å føre et styringsgruppemøte, "
                        "et oppstartsmøte eller et annet møte med deltakere, referat og vedtak."
                    )
                    if self.meeting_model.rowCount() == 0
                    else _t("Velg et møte i listen, eller trykk Ctrl+N for et nytt.")
                )
                return
            self.right.setCurrentIndex(1)
            self.title_label.setText(m.title)
            self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(m.kind.value), 0))
            self._date_timer.stop()
            self.date_edit.blockSignals(True)
            self.date_edit.setDate(to_qdate(m.held_on or date.today()))
            self.date_edit.blockSignals(False)
            if not self.title_edit.hasFocus() or not self.title_edit.text():
                self.title_edit.setText(m.title)
            if not self.place_edit.hasFocus():
                self.place_edit.setText(m.place)
            people = [self.person_by_id[p] for p in m.participant_ids if p in self.person_by_id]
            keys = selected_keys(self.participant_table)
            self.participant_model.set_rows(people)
            select_keys(self.participant_table, keys)
            n = len(people)
            self.participants_caption.setText(
                "<b>" + _t("Deltakere") + "</b>" + (f" ({n})" if n else "")
            )
            self.participant_empty.set_text(
                _t(
                    "Ingen deltakere ennå. Trykk «Velg deltakere…» eller «Legg til styringsgruppen»."
                )
                if self.people
                else _t("Ingen personer i prosjektet ennå. Legg dem til under Organisering.")
            )
            self.agenda_edit.load(m.id, m.agenda)
            self.minutes_edit.load(m.id, m.minutes)
            keys = selected_keys(self.decision_table)
            row = self.decision_table.currentIndex().row()
            self.decision_model.set_rows(list(m.decisions))
            if keys or row >= 0:
                select_keys(self.decision_table, keys, fallback_row=row if row >= 0 else None)
            if not self.case_edit.hasFocus() and not self.decision_edit.text():
                self.case_edit.setText(
                    meetings_service.suggest_case_number(self.ctx.project, m.held_on)
                )
        finally:
            self._loading = False
        self.update_actions()

    def update_actions(self) -> None:
        w = self.writable
        has = self.meeting is not None
        self.delete_button.setEnabled(w and has)
        self.choose_button.setEnabled(w and has and bool(self.people))
        self.steering_button.setEnabled(w and has and bool(self._steering_ids()))
        self.remove_participant_button.setEnabled(w and bool(selected_keys(self.participant_table)))
        has_d = bool(selected_keys(self.decision_table))
        row = self.decision_table.currentIndex().row()
        self.delete_decision_button.setEnabled(w and has_d)
        self.up_button.setEnabled(w and has_d and row > 0)
        self.down_button.setEnabled(w and has_d and 0 <= row < self.decision_model.rowCount() - 1)
        self.decision_model.editable = w

    def sync_controls(self) -> None:
        super().sync_controls()
        for editor in (self.agenda_edit, self.minutes_edit):
            editor.setReadOnly(not self.writable)

    # -------------------------------------------------------------- meeting edits
    def new_meeting(self) -> None:
        if not self.writable:
            return
        self.flush()
        dlg = NewMeetingDialog(self.ctx, parent=self)
        if dlg.exec() and dlg.new_id is not None:
            self.reveal("meeting", dlg.new_id)
            self.agenda_edit.setFocus()

    def delete_meeting(self) -> None:
        m = self.meeting
        if m is None or m.id is None or not self.writable:
            return
        details = []
        if m.decisions:
            details.append(_t("{n} vedtak").format(n=len(m.decisions)))
        if m.participant_ids:
            details.append(_t("deltakerlisten ({n})").format(n=len(m.participant_ids)))
        if not dialogs.ask_confirm(
            self,
            _t("Slett møte"),
            _t("Slette «{title}»?").format(title=m.title),
            details,
            _t("Slett"),
        ):
            return
        mid = m.id
        self.agenda_edit.load(None, "")
        self.minutes_edit.load(None, "")
        dialogs.perform_ok(self.ctx, lambda: meetings_service.delete_meeting(self.ctx.project, mid))

    def _date_typed(self) -> None:
        if not self._loading:
            self._date_timer.start()

    def _form(self) -> _Form:
        return _Form(
            MeetingKind(self.kind_combo.currentData()),
            self.title_edit.text().strip(),
            from_qdate(self.date_edit.date()),
            self.place_edit.text().strip(),
        )

    def _commit_fields(self) -> bool:
        self._date_timer.stop()
        m = self.meeting
        if self._loading or m is None or not self.writable:
            return True
        f = self._form()
        if f == _Form(m.kind, m.title, m.held_on or date.today(), m.place):
            return True
        project = self.ctx.project

        def store() -> None:
            assert m.id is not None
            stored = meetings_service.get_meeting(project, m.id)
            meetings_service.update_meeting(
                project,
                replace(stored, kind=f.kind, title=f.title, held_on=f.held_on, place=f.place),
            )

        ok = dialogs.perform_ok(self.ctx, store)
        if not ok and self.meeting is not None:
            self.title_edit.setText(self.meeting.title)
        return ok

    def _store_text(self, key: Hashable, **text: str) -> bool:
        if not isinstance(key, int) or not self.writable:
            return False
        project = self.ctx.project

        def store() -> None:
            stored = meetings_service.get_meeting(project, key)
            meetings_service.update_meeting(project, replace(stored, **text))

        return dialogs.perform_ok(self.ctx, store)

    def _text_state(self, editor: AutosaveText, saved: bool) -> None:
        self.text_state.setText(save_state_text(editor, saved))
        set_muted(self.text_state, style.done_fg() if saved else None)

    # -------------------------------------------------------------- participants
    def _steering_ids(self) -> list[int]:
        groups = people_service.list_groups(self.ctx.project)
        group = next((g for g in groups if g.kind is GroupKind.STYRINGSGRUPPE), None)
        return [mb.person_id for mb in group.members] if group else []

    def _set_participants(self, ids: list[int]) -> None:
        m = self.meeting
        if m is None or m.id is None or not self.writable:
            return
        mid = m.id
        dialogs.perform_ok(
            self.ctx, lambda: meetings_service.set_participants(self.ctx.project, mid, ids)
        )

    def choose_participants(self) -> None:
        m = self.meeting
        if m is None or not self.writable:
            return
        have = set(m.participant_ids)
        picker = dialogs.PersonPickerDialog(
            self.people,
            title=_t("Velg deltakere til {title}").format(title=m.title),
            exclude=have,
            multi=True,
            parent=self,
        )
        if not picker.exec():
            return
        new = [i for i in picker.selected_ids() if i not in have]
        if new:
            self._set_participants([*m.participant_ids, *new])
            select_keys(self.participant_table, new)

    def add_steering_group(self) -> None:
        m = self.meeting
        if m is None:
            return
        new = [p for p in self._steering_ids() if p not in m.participant_ids]
        if new:
            self._set_participants([*m.participant_ids, *new])

    def remove_participants(self) -> None:
        m = self.meeting
        if m is None:
            return
        gone = set(selected_keys(self.participant_table))
        if gone:
            self._set_participants([p for p in m.participant_ids if p not in gone])

    # ---------------------------------------------------------------- decisions
    def _current_decision(self) -> MeetingDecision | None:
        key = current_key(self.decision_table)
        row = self.decision_model.row_of_key(key) if key is not None else None
        return self.decision_model.record(row) if row is not None else None

    def _to_new_decision(self) -> None:
        if self.meeting is None or not self.writable:
            return
        if self.decision_edit.hasFocus() and self.decision_edit.text().strip():
            self.add_decision()
            return
        self.decision_edit.setFocus()

    def add_decision(self) -> None:
        m = self.meeting
        text = self.decision_edit.text()
        if m is None or m.id is None or not self.writable or not text.strip():
            return
        mid, case = m.id, self.case_edit.text()
        new_id = self.ctx.perform(
            lambda: meetings_service.add_decision(self.ctx.project, mid, text, case)
        )
        if new_id is not None:
            self.decision_edit.clear()
            self.case_edit.setText(
                meetings_service.suggest_case_number(self.ctx.project, m.held_on)
            )
            select_keys(self.decision_table, [new_id])
            self.decision_edit.setFocus()

    def _edit_decision(self) -> None:
        index = self.decision_table.currentIndex()
        if index.isValid() and self.writable:
            self.decision_table.setCurrentIndex(index.siblingAtColumn(1))
            self.decision_table.edit(index.siblingAtColumn(1))

    def _set_case(self, d: MeetingDecision, value: str) -> bool:
        if d.id is None or value.strip() == d.case_number:
            return False
        did, text = d.id, d.text
        return dialogs.perform_ok(
            self.ctx, lambda: meetings_service.update_decision(self.ctx.project, did, value, text)
        )

    def _set_decision_text(self, d: MeetingDecision, value: str) -> bool:
        if d.id is None or value.strip() == d.text:
            return False
        did, case = d.id, d.case_number
        return dialogs.perform_ok(
            self.ctx, lambda: meetings_service.update_decision(self.ctx.project, did, case, value)
        )

    def delete_decision(self) -> None:
        d = self._current_decision()
        if d is None or d.id is None or not self.writable:
            return
        did = d.id
        dialogs.perform_ok(
            self.ctx, lambda: meetings_service.delete_decision(self.ctx.project, did)
        )
        self.decision_table.setFocus()

    def move_decision(self, delta: int) -> None:
        d = self._current_decision()
        if d is None or d.id is None or not self.writable:
            return
        did = d.id
        self.ctx.perform(lambda: meetings_service.move_decision(self.ctx.project, did, delta))
        select_keys(self.decision_table, [did])

    # ------------------------------------------------------------------- outside
    def reveal(self, kind: str, ref_id: int) -> bool:
        """A meeting (or a vedtak's meeting: the search reports the meeting's id)."""
        if kind not in self.REVEALS:
            return False
        if self._stale:
            self.refresh()
        row = self.meeting_model.row_of_key(ref_id)
        if row is None:
            return False
        if not self.meeting_proxy.mapFromSource(self.meeting_model.index(row, 0)).isValid():
            self.filter_edit.clear()
        select_keys(self.meeting_table, [ref_id])
        return self.current_meeting_id() == ref_id

    def flush(self) -> bool:
        if self.ctx.read_only:
            return True
        fields = self._commit_fields()
        agenda = self.agenda_edit.save()
        minutes = self.minutes_edit.save()
        return fields and agenda and minutes

    def hideEvent(self, event: QHideEvent) -> None:
        if not getattr(self.ctx.project, "closed", False):
            self.flush()
        super().hideEvent(event)


class _CtrlEnter(QObject):
    """Ctrl+Enter in a text editor runs ``action`` (go to the vedtak)."""

    def __init__(self, editor: QWidget, action: Callable[[], None]) -> None:
        super().__init__(editor)
        self._action = action
        editor.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if mods == Qt.KeyboardModifier.ControlModifier and event.key() in (
                Qt.Key.Key_Return,
                Qt.Key.Key_Enter,
            ):
                self._action()
                return True
        return False
