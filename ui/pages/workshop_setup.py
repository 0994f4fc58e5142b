"""Verksted → Oppsett: the workshop itself (dialog), its participants, working groups
and agenda (issue 5, point 1).

Also what the workshop tabs share: ``WorkshopTab`` (a ProjectPage showing one
workshop, refreshed by the Verksted page) and ``KeyMap`` (keys taken from the
window's shortcuts while a widget has focus).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QEvent,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.domain.models import Person
from nvk_desktop.domain.workshop import (
    DEFAULT_DOT_BUDGET,
    MAX_DOT_BUDGET,
    AgendaStep,
    Participant,
    Workshop,
    WorkshopGroup,
    WorkshopKind,
)
from nvk_desktop.services import people as people_service
from nvk_desktop.services import workshops as ws
from ui import dialogs
from ui.context import ProjectContext
from ui.models import RIGHT, Column, FilterProxy, RecordTableModel
from ui.widgets import style
from ui.widgets.dates import OptionalDateEdit
from ui.widgets.keys import ListKeys
from ui.widgets.page import ProjectPage
from ui.widgets.tables import EmptyOverlay, current_key, make_table, select_keys, selected_keys

CONTEXT = "WorkshopSetup"
PARTICIPANT_MIME = "application/x-nvk-workshop-participants"

Index = QModelIndex | QPersistentModelIndex


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


# -- shared by the workshop tabs -------------------------------------------------------------
Keys = tuple[int, Qt.KeyboardModifier]


def key_of(event: QKeyEvent) -> Keys:
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return (event.key(), Qt.KeyboardModifier(mods))


class KeyMap(QObject):
    """Keys for one widget (and, installed on a container, its children): taken as a
    ShortcutOverride, so the window's own Ctrl+digits, Ctrl+N or Ctrl+P do not fire
    while this widget has focus. An action returning False lets the key go on."""

    def __init__(
        self,
        widget: QWidget,
        keys: dict[Keys, Callable[[], object]],
        *,
        enabled: Callable[[], bool] = lambda: True,
        skip_while_editing: bool = True,
    ) -> None:
        super().__init__(widget)
        self._keys = keys
        self._enabled = enabled
        self._skip_editing = skip_while_editing
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        assert isinstance(event, QKeyEvent)
        if (
            self._skip_editing
            and isinstance(watched, QAbstractItemView)
            and watched.state() == QAbstractItemView.State.EditingState
        ):
            return False
        action = self._keys.get(key_of(event))
        if action is None or not self._enabled():
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()
            return True
        return action() is not False


CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier


class WorkshopTab(ProjectPage):
    """One tab of the selected workshop. The Verksted page tells it which workshop
    to show and when the project has changed (so a tab is not reloaded twice)."""

    def __init__(self, ctx: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.workshop_id: int | None = None
        self._stale = True

    def _on_changed(self) -> None:
        """The Verksted page calls set_workshop after each change."""

    def set_workshop(self, workshop_id: int | None) -> None:
        self.workshop_id = workshop_id
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True


def area_choices() -> list[tuple[str | None, str]]:
    """The six survey areas in item bank order, then Generelt (None)."""
    return [(a, n) for a, n in ws.areas()] + [(None, ws.area_name(None))]


def area_combo(current: str | None = None, parent: QWidget | None = None) -> QComboBox:
    combo = QComboBox(parent)
    for area, name in area_choices():
        combo.addItem(name, area)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


# -- the workshop dialog ----------------------------------------------------------------------
class WorkshopDialog(dialogs.EditDialog):
    """Ny/Endre verksted: type, name, date, place, facilitator, dots, standard agenda."""

    def __init__(
        self,
        ctx: ProjectContext,
        workshop: Workshop | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx, _t("Nytt verksted") if workshop is None else _t("Endre verksted"), parent
        )
        self.workshop = workshop
        self.new_id: int | None = None
        w = workshop or Workshop(name="", held_on=date.today())
        self.kind_combo = dialogs.enum_combo(list(WorkshopKind), w.kind, self)
        self.name_edit = QLineEdit(w.name, self)
        self.name_edit.setPlaceholderText(_t("For eksempel «Resultatverksted næringsliv»"))
        self.date_edit = OptionalDateEdit(_t("Dato satt"), w.held_on, self)
        self.place_edit = QLineEdit(w.place, self)
        self.place_edit.setPlaceholderText(_t("For eksempel «Kommunestyresalen, Olderdalen»"))
        self.people: list[Person] = people_service.list_people(ctx.project)
        self.facilitator_combo = QComboBox(self)
        self.facilitator_combo.addItem(_t("(ingen valgt)"), None)
        for p in self.people:
            label = p.name + (f" – {p.organisation}" if p.organisation else "")
            self.facilitator_combo.addItem(label, p.id)
        self.facilitator_combo.setCurrentIndex(
            max(self.facilitator_combo.findData(w.facilitator_id), 0)
        )
        self.budget_spin = QSpinBox(self)
        self.budget_spin.setRange(1, MAX_DOT_BUDGET)
        self.budget_spin.setValue(w.dot_budget or DEFAULT_DOT_BUDGET)
        self.budget_spin.setSuffix(_t(" prikker per deltaker"))
        self.agenda_check = QCheckBox(_t("Lag standard agenda for denne typen verksted"), self)
        self.agenda_check.setChecked(True)
        self.form.addRow(_t("&Type:"), self.kind_combo)
        self.form.addRow(_t("&Navn:"), self.name_edit)
        self.form.addRow(_t("&Dato:"), self.date_edit)
        self.form.addRow(_t("&Sted:"), self.place_edit)
        self.form.addRow(_t("&Fasilitator:"), self.facilitator_combo)
        self.form.addRow(_t("&Prikkstemming:"), self.budget_spin)
        if workshop is None:
            self.form.addRow("", self.agenda_check)
        else:
            self.agenda_check.hide()
        self.setMinimumWidth(540)
        self.name_edit.setFocus()

    def value(self) -> Workshop:
        w = self.workshop
        return Workshop(
            name=self.name_edit.text(),
            kind=WorkshopKind(self.kind_combo.currentData()),
            held_on=self.date_edit.value(),
            place=self.place_edit.text().strip(),
            facilitator_id=self.facilitator_combo.currentData(),
            dot_budget=self.budget_spin.value(),
            note=w.note if w else "",
            votes_revealed=w.votes_revealed if w else False,
            id=w.id if w else None,
            uid=w.uid if w else "",
        )

    def apply(self) -> bool:
        w = self.value()
        project = self.ctx.project
        if self.workshop is None:
            with_agenda = self.agenda_check.isChecked()
            self.new_id = self.ctx.perform(
                lambda: ws.create_workshop(project, w, with_agenda=with_agenda)
            )
            return self.new_id is not None
        old = self.workshop
        same = (
            w.name.strip() == old.name
            and w.kind is old.kind
            and w.held_on == old.held_on
            and w.place == old.place
            and w.facilitator_id == old.facilitator_id
            and w.dot_budget == old.dot_budget
        )
        if same:
            return True
        return dialogs.perform_ok(self.ctx, lambda: ws.update_workshop(project, w))


# -- agenda step dialog ------------------------------------------------------------------------
class StepDialog(dialogs.EditDialog):
    def __init__(
        self,
        ctx: ProjectContext,
        workshop_id: int,
        step: AgendaStep | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, _t("Nytt steg") if step is None else _t("Endre steg"), parent)
        self.workshop_id = workshop_id
        self.step = step
        self.new_id: int | None = None
        s = step or AgendaStep(title="")
        self.title_edit = QLineEdit(s.title, self)
        self.title_edit.setPlaceholderText(_t("For eksempel «Gruppearbeid: byggesaker»"))
        self.prompt_edit = QPlainTextEdit(s.prompt, self)
        self.prompt_edit.setTabChangesFocus(True)
        self.prompt_edit.setPlaceholderText(
            _t("Spørsmålet som vises på projektoren, for eksempel «Hva fungerer godt?»")
        )
        self.prompt_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.area = area_combo(s.area, self)
        self.minutes_spin = QSpinBox(self)
        self.minutes_spin.setRange(0, ws.STEP_MAX_MINUTES)
        self.minutes_spin.setSpecialValueText(_t("uten tid"))
        self.minutes_spin.setSuffix(_t(" min"))
        self.minutes_spin.setValue(s.minutes or 0)
        self.form.addRow(_t("&Tittel:"), self.title_edit)
        self.form.addRow(_t("&Spørsmål:"), self.prompt_edit)
        self.form.addRow(_t("&Område:"), self.area)
        self.form.addRow(_t("&Tid:"), self.minutes_spin)
        self.title_edit.setFocus()

    def value(self) -> AgendaStep:
        s = self.step
        return AgendaStep(
            title=self.title_edit.text(),
            prompt=self.prompt_edit.toPlainText(),
            area=self.area.currentData(),
            minutes=self.minutes_spin.value() or None,
            position=s.position if s else 0,
            id=s.id if s else None,
            workshop_id=self.workshop_id,
        )

    def apply(self) -> bool:
        step = self.value()
        project = self.ctx.project
        if self.step is None:
            wid = self.workshop_id
            self.new_id = self.ctx.perform(lambda: ws.add_step(project, wid, step))
            return self.new_id is not None
        if step == self.step:
            return True
        return dialogs.perform_ok(self.ctx, lambda: ws.update_step(project, step))


# -- models -------------------------------------------------------------------------------------
class ParticipantModel(RecordTableModel[Participant]):
    """Participants, draggable onto a group; the group column edits with a combo."""

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self.editable:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def mimeTypes(self) -> list[str]:
        return [PARTICIPANT_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = sorted({self.record(i.row()).id for i in indexes if i.isValid()})
        data = QMimeData()
        data.setData(PARTICIPANT_MIME, json.dumps(ids).encode())
        return data

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction


class GroupModel(RecordTableModel[WorkshopGroup]):
    """Working groups; dropping participants on one puts them in it."""

    def __init__(
        self,
        columns: Sequence[Column[WorkshopGroup]],
        on_drop: Callable[[list[int], int], None],
        parent: Any = None,
    ) -> None:
        super().__init__(columns, parent=parent)
        self._on_drop = on_drop

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self.editable:
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        return flags

    def mimeTypes(self) -> list[str]:
        return [PARTICIPANT_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return self.editable and data.hasFormat(PARTICIPANT_MIME) and parent.isValid()

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        ids = [int(i) for i in json.loads(bytes(data.data(PARTICIPANT_MIME).data()).decode())]
        group = self.record(parent.row())
        from PySide6.QtCore import QTimer

        # After the drag has finished: the reload must not pull the rows from under it.
        QTimer.singleShot(0, lambda: self._on_drop(ids, group.id))
        return False


class GroupChoiceDelegate(QStyledItemDelegate):
    """The participant's group, chosen in a combo (committed at once)."""

    def __init__(self, groups: Callable[[], list[WorkshopGroup]], parent: Any = None) -> None:
        super().__init__(parent)
        self._groups = groups

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.addItem(_t("(ingen gruppe)"), None)
        for g in self._groups():
            combo.addItem(g.name, g.id)
        combo.activated.connect(lambda _i, c=combo: self._commit(c))
        return combo

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        if editor.currentData() != index.data(Qt.ItemDataRole.EditRole):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class _MoveKeys(QObject):
    """Alt+Up/Down move the current row (taken before any window shortcut)."""

    def __init__(
        self, view: QTableView, move: Callable[[int], None], enabled: Callable[[], bool]
    ) -> None:
        super().__init__(view)
        KeyMap(
            view,
            {(Qt.Key.Key_Up, ALT): lambda: move(-1), (Qt.Key.Key_Down, ALT): lambda: move(1)},
            enabled=enabled,
        )


# -- the tab ---------------------------------------------------------------------------------------
class SetupTab(WorkshopTab):
    """Participants (from Organisering or by name), working groups, agenda steps."""

    def __init__(self, ctx: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.participants: list[Participant] = []
        self.groups: list[WorkshopGroup] = []
        self.steps: list[AgendaStep] = []
        self.group_name_by_id: dict[int, str] = {}

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._build_participants())
        right = QSplitter(Qt.Orientation.Vertical, splitter)
        right.addWidget(self._build_groups())
        right.addWidget(self._build_agenda())
        right.setStretchFactor(0, 2)
        right.setStretchFactor(1, 3)
        right.setChildrenCollapsible(False)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)
        splitter.setChildrenCollapsible(False)
        self.none_label = style.empty_state(
            _t("Velg et verksted i listen over, eller lag et nytt med «Nytt verksted…» (Ctrl+N)."),
            self,
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.none_label)
        layout.addWidget(splitter, 1)
        self.splitter = splitter
        QWidget.setTabOrder(self.participant_table, self.add_people_button)
        QWidget.setTabOrder(self.add_people_button, self.name_edit)
        QWidget.setTabOrder(self.name_edit, self.add_name_button)
        QWidget.setTabOrder(self.add_name_button, self.remove_participant_button)
        QWidget.setTabOrder(self.remove_participant_button, self.group_table)

    # -- participants -------------------------------------------------------------
    def _build_participants(self) -> QWidget:
        box = QWidget(self)
        cols: list[Column[Participant]] = [
            Column(_t("Navn"), lambda p: p.name, width=190),
            Column(
                _t("Organisasjon"),
                lambda p: p.organisation,
                tooltip=lambda p: p.organisation or None,
                width=170,
                stretch=True,
            ),
            Column(
                _t("Gruppe"),
                lambda p: self.group_name_by_id.get(p.group_id, "") if p.group_id else "",
                tooltip=lambda p: _t(
                    "Dobbeltklikk eller F2 for å velge gruppe, eller dra deltakeren til en gruppe"
                ),
                edit_value=lambda p: p.group_id,
                set_value=lambda p, v: self._assign([p.id], v),
                width=150,
            ),
        ]
        self.participant_model = ParticipantModel(cols, parent=self)
        self.participant_proxy = FilterProxy(self.participant_model, self)
        self.participant_table = make_table(self.participant_proxy, box, multi=True)
        self.participant_table.setAccessibleName(_t("Deltakere"))
        self.participant_table.setItemDelegateForColumn(
            2, GroupChoiceDelegate(lambda: self.groups, self.participant_table)
        )
        self.participant_table.setDragEnabled(True)
        self.participant_table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.participant_table.selectionModel().selectionChanged.connect(
            lambda *_: self.update_actions()
        )
        self.participant_empty = EmptyOverlay(self.participant_table, "")
        ListKeys(
            self.participant_table,
            add=self.add_people,
            edit=self._edit_participant_group,
            remove=self.remove_participants,
            enabled=lambda: self.writable,
        )
        self.add_people_button = self.button(
            _t("Legg til fra Organisering…"), _t("Velg en eller flere personer (Ctrl+N)")
        )
        self.add_people_button.clicked.connect(self.add_people)
        self.name_edit = self.editing(QLineEdit(box))
        assert isinstance(self.name_edit, QLineEdit)
        self.name_edit.setPlaceholderText(
            _t("Navn, organisasjon – for den som kom uten å stå i Organisering")
        )
        self.name_edit.setAccessibleName(_t("Ny deltaker på stedet"))
        self.name_edit.returnPressed.connect(self.add_by_name)
        self.add_name_button = self.button(_t("Legg til"), _t("Legg til deltakeren (Enter)"))
        self.add_name_button.clicked.connect(self.add_by_name)
        self.remove_participant_button = self.button(_t("Fjern"), _t("Fjern deltakeren (Delete)"))
        self.remove_participant_button.clicked.connect(self.remove_participants)
        self.participant_count = style.hint("", box)
        self.participant_count.setWordWrap(False)

        head = QHBoxLayout()
        head.addWidget(style.heading(_t("Deltakere"), 1.1))
        head.addWidget(self.participant_count, 1)
        head.addWidget(self.add_people_button)
        spot = QHBoxLayout()
        spot.addWidget(self.name_edit, 1)
        spot.addWidget(self.add_name_button)
        spot.addWidget(self.remove_participant_button)
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 8, 0)
        v.addLayout(head)
        v.addWidget(self.participant_table, 1)
        v.addLayout(spot)
        v.addWidget(
            style.hint(
                _t("Gruppen velges med F2 eller ved å dra deltakere over på en arbeidsgruppe."), box
            )
        )
        return box

    def _edit_participant_group(self) -> None:
        index = self.participant_table.currentIndex()
        if index.isValid() and self.writable:
            self.participant_table.edit(index.siblingAtColumn(2))

    def _assign(self, participant_ids: list[int], group_id: int | None) -> bool:
        project = self.ctx.project
        return dialogs.perform_ok(
            self.ctx, lambda: ws.assign_participants(project, participant_ids, group_id)
        )

    def add_people(self) -> None:
        wid = self.workshop_id
        if wid is None or not self.writable:
            return
        people = people_service.list_people(self.ctx.project)
        have = {p.person_id for p in self.participants if p.person_id is not None}
        picker = dialogs.PersonPickerDialog(
            people, title=_t("Legg til deltakere"), exclude=have, multi=True, parent=self
        )
        if not picker.exec():
            return
        ids = [i for i in picker.selected_ids() if i not in have]
        if not ids:
            return
        project = self.ctx.project
        new = self.ctx.perform(lambda: ws.add_participants(project, wid, ids))
        if new:
            select_keys(self.participant_table, new)

    def add_by_name(self) -> None:
        wid = self.workshop_id
        if wid is None or not self.writable:
            return
        raw = self.name_edit.text().strip()
        if not raw:
            self.name_edit.setFocus()
            return
        name, _, org = raw.partition(",")
        project = self.ctx.project
        new = self.ctx.perform(lambda: ws.add_participant(project, wid, name, org.strip()))
        if new is not None:
            self.name_edit.clear()
            select_keys(self.participant_table, [new])
            self.name_edit.setFocus()

    def remove_participants(self) -> None:
        ids = [int(k) for k in selected_keys(self.participant_table) if isinstance(k, int)]
        if not ids or not self.writable:
            return
        project = self.ctx.project
        dialogs.perform_ok(self.ctx, lambda: ws.remove_participants(project, ids))

    # -- groups ----------------------------------------------------------------------
    def _build_groups(self) -> QWidget:
        box = QWidget(self)
        cols: list[Column[WorkshopGroup]] = [
            Column(_t("Arbeidsgruppe"), lambda g: g.name, tooltip=lambda g: g.name, stretch=True),
            Column(
                _t("Deltakere"),
                lambda g: str(g.members),
                sort=lambda g: g.members,
                align=RIGHT,
                width=80,
            ),
            Column(
                _t("Innspill"),
                lambda g: str(g.cards),
                sort=lambda g: g.cards,
                align=RIGHT,
                width=70,
            ),
        ]
        self.group_model = GroupModel(cols, self._dropped_on_group, parent=self)
        self.group_proxy = FilterProxy(self.group_model, self)
        self.group_table = make_table(self.group_proxy, box, sortable=False)
        self.group_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.group_table.setAccessibleName(_t("Arbeidsgrupper"))
        self.group_table.setAcceptDrops(True)
        self.group_table.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.group_table.setDropIndicatorShown(True)
        self.group_table.viewport().setAcceptDrops(True)
        self.group_table.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        self.group_table.doubleClicked.connect(lambda _i: self.rename_group())
        self.group_empty = EmptyOverlay(
            self.group_table,
            _t(
                "Ingen arbeidsgrupper ennå. Trykk «Ny gruppe» (Ctrl+N); innspillene registreres per gruppe."
            ),
        )
        ListKeys(
            self.group_table,
            add=self.add_group,
            edit=self.rename_group,
            remove=self.delete_group,
            enabled=lambda: self.writable,
        )
        _MoveKeys(self.group_table, self.move_group, lambda: self.writable)
        self.add_group_button = self.button(_t("Ny gruppe…"), _t("Ny arbeidsgruppe (Ctrl+N)"))
        self.rename_group_button = self.button(_t("Gi nytt navn…"), _t("Gi gruppen nytt navn (F2)"))
        self.up_group_button = self.button("↑", _t("Flytt opp (Alt+Pil opp)"))
        self.down_group_button = self.button("↓", _t("Flytt ned (Alt+Pil ned)"))
        self.delete_group_button = self.button(_t("Slett"), _t("Slett gruppen (Delete)"))
        for b in (self.up_group_button, self.down_group_button):
            b.setFixedWidth(b.fontMetrics().horizontalAdvance("↓") + 28)
        self.add_group_button.clicked.connect(self.add_group)
        self.rename_group_button.clicked.connect(self.rename_group)
        self.up_group_button.clicked.connect(lambda: self.move_group(-1))
        self.down_group_button.clicked.connect(lambda: self.move_group(1))
        self.delete_group_button.clicked.connect(self.delete_group)
        head = QHBoxLayout()
        head.addWidget(style.heading(_t("Arbeidsgrupper"), 1.1))
        head.addStretch(1)
        for b in (
            self.add_group_button,
            self.rename_group_button,
            self.up_group_button,
            self.down_group_button,
            self.delete_group_button,
        ):
            head.addWidget(b)
        v = QVBoxLayout(box)
        v.setContentsMargins(8, 0, 0, 6)
        v.addLayout(head)
        v.addWidget(self.group_table, 1)
        return box

    def _current_group(self) -> WorkshopGroup | None:
        key = current_key(self.group_table)
        row = self.group_model.row_of_key(key) if key is not None else None
        return self.group_model.record(row) if row is not None else None

    def _dropped_on_group(self, participant_ids: list[int], group_id: int) -> None:
        if self.writable:
            self._assign(participant_ids, group_id)

    def add_group(self) -> None:
        wid = self.workshop_id
        if wid is None or not self.writable:
            return
        name, ok = QInputDialog.getText(
            self,
            _t("Ny arbeidsgruppe"),
            _t("Navn på gruppen:"),
            text=_t("Gruppe {n}").format(n=len(self.groups) + 1),
        )
        if not ok:
            return
        project = self.ctx.project
        new = self.ctx.perform(lambda: ws.add_group(project, wid, name))
        if new is not None:
            select_keys(self.group_table, [new])

    def rename_group(self) -> None:
        g = self._current_group()
        if g is None or not self.writable:
            return
        name, ok = QInputDialog.getText(
            self, _t("Gi nytt navn"), _t("Navn på gruppen:"), text=g.name
        )
        if not ok or name.strip() == g.name:
            return
        project = self.ctx.project
        dialogs.perform_ok(self.ctx, lambda: ws.rename_group(project, g.id, name))

    def move_group(self, offset: int) -> None:
        g = self._current_group()
        if g is None or not self.writable:
            return
        project = self.ctx.project
        self.ctx.perform(lambda: ws.move_group(project, g.id, offset))
        select_keys(self.group_table, [g.id])

    def delete_group(self) -> None:
        g = self._current_group()
        if g is None or not self.writable:
            return
        details = []
        if g.cards:
            details.append(
                _t(
                    "gruppetilhørigheten til {n} innspill (innspillene blir stående, uten gruppe)"
                ).format(n=g.cards)
            )
        if g.members:
            details.append(_t("gruppeplassen til {n} deltakere").format(n=g.members))
        if not dialogs.ask_confirm(
            self, _t("Slett gruppe"), _t("Slette {name}?").format(name=g.name), details, _t("Slett")
        ):
            return
        project = self.ctx.project
        dialogs.perform_ok(self.ctx, lambda: ws.delete_group(project, g.id))

    # -- agenda ------------------------------------------------------------------------
    def _build_agenda(self) -> QWidget:
        box = QWidget(self)
        cols: list[Column[AgendaStep]] = [
            Column(
                "#", lambda s: str(s.position + 1), sort=lambda s: s.position, align=RIGHT, width=36
            ),
            Column(_t("Steg"), lambda s: s.title, tooltip=lambda s: s.title, width=200),
            Column(
                _t("Spørsmål"),
                lambda s: " ".join(s.prompt.split()),
                tooltip=lambda s: s.prompt or None,
                stretch=True,
            ),
            Column(_t("Område"), lambda s: ws.area_name(s.area) if s.area else "", width=150),
            Column(
                _t("Tid"),
                lambda s: _t("{n} min").format(n=s.minutes) if s.minutes else "",
                sort=lambda s: s.minutes or 0,
                align=RIGHT,
                width=64,
            ),
        ]
        self.step_model: RecordTableModel[AgendaStep] = RecordTableModel(cols, parent=self)
        self.step_proxy = FilterProxy(self.step_model, self)
        self.step_table = make_table(self.step_proxy, box, sortable=False)
        self.step_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.step_table.setAccessibleName(_t("Agenda"))
        self.step_table.doubleClicked.connect(lambda _i: self.edit_step())
        self.step_table.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        self.step_empty = EmptyOverlay(
            self.step_table,
            _t(
                "Ingen steg i agendaen. Trykk «Nytt steg» (Ctrl+N) – for eksempel «Hva fungerer godt?» per område."
            ),
        )
        ListKeys(
            self.step_table,
            add=self.add_step,
            edit=self.edit_step,
            remove=self.delete_step,
            enabled=lambda: self.writable,
        )
        _MoveKeys(self.step_table, self.move_step, lambda: self.writable)
        self.add_step_button = self.button(_t("Nytt steg…"), _t("Nytt steg i agendaen (Ctrl+N)"))
        self.edit_step_button = self.button(_t("Endre…"), _t("Endre steget (Enter eller F2)"))
        self.up_step_button = self.button("↑", _t("Flytt opp (Alt+Pil opp)"))
        self.down_step_button = self.button("↓", _t("Flytt ned (Alt+Pil ned)"))
        self.delete_step_button = self.button(_t("Slett"), _t("Slett steget (Delete)"))
        for b in (self.up_step_button, self.down_step_button):
            b.setFixedWidth(b.fontMetrics().horizontalAdvance("↓") + 28)
        self.add_step_button.clicked.connect(self.add_step)
        self.edit_step_button.clicked.connect(self.edit_step)
        self.up_step_button.clicked.connect(lambda: self.move_step(-1))
        self.down_step_button.clicked.connect(lambda: self.move_step(1))
        self.delete_step_button.clicked.connect(self.delete_step)
        self.agenda_total = style.hint("", box)
        self.agenda_total.setWordWrap(False)
        head = QHBoxLayout()
        head.addWidget(style.heading(_t("Agenda"), 1.1))
        head.addWidget(self.agenda_total, 1)
        for b in (
            self.add_step_button,
            self.edit_step_button,
            self.up_step_button,
            self.down_step_button,
            self.delete_step_button,
        ):
            head.addWidget(b)
        v = QVBoxLayout(box)
        v.setContentsMargins(8, 6, 0, 0)
        v.addLayout(head)
        v.addWidget(self.step_table, 1)
        return box

    def _current_step(self) -> AgendaStep | None:
        key = current_key(self.step_table)
        row = self.step_model.row_of_key(key) if key is not None else None
        return self.step_model.record(row) if row is not None else None

    def add_step(self) -> None:
        wid = self.workshop_id
        if wid is None or not self.writable:
            return
        dlg = StepDialog(self.ctx, wid, parent=self)
        if dlg.exec() and dlg.new_id is not None:
            select_keys(self.step_table, [dlg.new_id])

    def edit_step(self) -> None:
        s = self._current_step()
        if s is None or self.workshop_id is None or not self.writable:
            return
        StepDialog(self.ctx, self.workshop_id, s, parent=self).exec()

    def move_step(self, offset: int) -> None:
        s = self._current_step()
        if s is None or s.id is None or not self.writable:
            return
        sid = s.id
        project = self.ctx.project
        self.ctx.perform(lambda: ws.move_step(project, sid, offset))
        select_keys(self.step_table, [sid])

    def delete_step(self) -> None:
        s = self._current_step()
        if s is None or s.id is None or not self.writable:
            return
        sid = s.id
        project = self.ctx.project
        dialogs.perform_ok(self.ctx, lambda: ws.delete_step(project, sid))

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        wid = self.workshop_id
        self.none_label.setVisible(wid is None)
        self.splitter.setVisible(wid is not None)
        if wid is None:
            self.participants, self.groups, self.steps = [], [], []
        else:
            project = self.ctx.project
            self.participants = ws.list_participants(project, wid)
            self.groups = ws.list_groups(project, wid)
            self.steps = ws.list_agenda(project, wid)
        self.group_name_by_id = {g.id: g.name for g in self.groups}
        _keep(self.participant_table, self.participant_model, self.participants)
        _keep(self.group_table, self.group_model, self.groups)
        _keep(self.step_table, self.step_model, self.steps)
        n = len(self.participants)
        placed = sum(1 for p in self.participants if p.group_id is not None)
        self.participant_count.setText(
            "" if n == 0 else _t("{n} deltakere, {m} i en gruppe").format(n=n, m=placed)
        )
        self.participant_empty.set_text(
            _t(
                "Ingen deltakere ennå. Legg dem til fra Organisering (Ctrl+N), eller skriv navnet "
                "under for den som kom uten å stå der."
            )
        )
        minutes = sum(s.minutes or 0 for s in self.steps)
        self.agenda_total.setText(
            _t("{h} t {m} min i alt").format(h=minutes // 60, m=minutes % 60) if minutes else ""
        )

    def update_actions(self) -> None:
        w = self.writable and self.workshop_id is not None
        self.add_people_button.setEnabled(w)
        self.name_edit.setEnabled(w)
        self.add_name_button.setEnabled(w)
        self.remove_participant_button.setEnabled(w and bool(selected_keys(self.participant_table)))
        g = self._current_group()
        self.add_group_button.setEnabled(w)
        for b in (self.rename_group_button, self.delete_group_button):
            b.setEnabled(w and g is not None)
        groups = self.group_model.rows
        self.up_group_button.setEnabled(w and g is not None and g.id != groups[0].id)
        self.down_group_button.setEnabled(w and g is not None and g.id != groups[-1].id)
        s = self._current_step()
        steps = self.step_model.rows
        self.add_step_button.setEnabled(w)
        for b in (self.edit_step_button, self.delete_step_button):
            b.setEnabled(w and s is not None)
        self.up_step_button.setEnabled(w and s is not None and s.id != steps[0].id)
        self.down_step_button.setEnabled(w and s is not None and s.id != steps[-1].id)
        self.participant_model.editable = self.writable
        self.group_model.editable = self.writable


def _keep(view: QTableView, model: RecordTableModel[Any], rows: Sequence[Any]) -> None:
    keys: list[Hashable] = selected_keys(view)
    row = view.currentIndex().row() if view.currentIndex().isValid() else None
    model.set_rows(rows)
    if keys or row is not None:
        select_keys(view, keys, fallback_row=row)
    elif rows:
        select_keys(view, [], fallback_row=0)


__all__ = [
    "ALT",
    "CTRL",
    "NONE",
    "SHIFT",
    "KeyMap",
    "QKeySequence",
    "SetupTab",
    "WorkshopDialog",
    "WorkshopTab",
    "area_choices",
    "area_combo",
    "key_of",
]
