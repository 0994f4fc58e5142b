"""Organisering: the people of the project, their project roles (DOMAIN.md §3) and
the groups they sit in (styringsgruppe, arbeidsgrupper, referansegrupper).

Each list is loaded with one service call and shown through a table model, so the
page stays quick with hundreds of people.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.domain.enums import GroupKind, GroupRole, Phase, Role
from nvk_desktop.domain.models import Group, Person, RoleAssignment
from nvk_desktop.services import people as people_service
from ui import dialogs
from ui.context import ProjectContext
from ui.models import (
    EnumComboDelegate,
    FilterProxy,
    MemberRow,
    RecordTableModel,
    RoleHolder,
    group_model,
    member_model,
    people_model,
    role_holder_model,
)
from ui.widgets import style
from ui.widgets.dates import format_int
from ui.widgets.keys import ListKeys
from ui.widgets.page import ProjectPage
from ui.widgets.tables import EmptyOverlay, current_key, make_table, select_keys, selected_keys

LEADER_PHASES = (Phase.FORSTUDIE, Phase.FORPROSJEKT, Phase.HOVEDPROSJEKT)


def _reload(view: QTableView, model: RecordTableModel, rows: Sequence[object]) -> None:  # type: ignore[type-arg]
    """Replace the rows, keeping the selection (or the row position) where possible."""
    keys = selected_keys(view)
    row = view.currentIndex().row() if view.currentIndex().isValid() else None
    model.set_rows(rows)
    if keys or row is not None:
        select_keys(view, keys, fallback_row=row)


class _FilterKeys(QObject):
    """Down/Up in the filter box move into the table."""

    def __init__(self, edit: QLineEdit, view: QTableView) -> None:
        super().__init__(edit)
        self._view = view
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
                self._view.setFocus()
                if not self._view.currentIndex().isValid():
                    select_keys(self._view, [], fallback_row=0)
                return True
        return False


class RoleSlot(QWidget):
    """One role held by one person: who holds it, Velg/Endre and Fjern."""

    def __init__(self, page: OrganisationPage, role: Role, phase: Phase | None) -> None:
        super().__init__(page)
        self.role, self.phase = role, phase
        self.assignment: RoleAssignment | None = None
        self.name_label = QLabel(self)
        self.name_label.setTextFormat(Qt.TextFormat.RichText)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.change_button = page.button(self.tr("Velg…"))
        self.remove_button = page.button(self.tr("Fjern"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name_label, 1)
        layout.addWidget(self.change_button)
        layout.addWidget(self.remove_button)

    def set_holder(self, assignment: RoleAssignment | None, person: Person | None) -> None:
        self.assignment = assignment
        if person is None:
            muted = style.muted_fg(self.palette()).name()
            self.name_label.setText(
                f"<span style='color:{muted}'><i>{self.tr('Ikke valgt')}</i></span>"
            )
            self.change_button.setText(self.tr("Velg…"))
        else:
            org = f" <span style='color:{style.muted_fg(self.palette()).name()}'>· {_esc(person.organisation)}</span>"
            self.name_label.setText(
                f"<b>{_esc(person.name)}</b>{org if person.organisation else ''}"
            )
            self.change_button.setText(self.tr("Endre…"))


def _esc(text: str) -> str:
    import html

    return html.escape(text)


class OrganisationPage(ProjectPage):
    REVEALS = ("person",)

    def __init__(self, ctx: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.people: list[Person] = []
        self.person_by_id: dict[int, Person] = {}
        self.roles: list[RoleAssignment] = []
        self.groups: list[Group] = []

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._build_people_tab(), self.tr("&Personer"))
        self.tabs.addTab(self._build_roles_tab(), self.tr("&Roller"))
        self.tabs.addTab(self._build_groups_tab(), self.tr("&Grupper"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(style.heading(self.tr("Organisering"), 1.5))
        layout.addWidget(self.tabs, 1)
        self.refresh()

    # ================================================================== Personer
    def _build_people_tab(self) -> QWidget:
        tab = QWidget()
        self.person_model = people_model(self)
        self.person_proxy = FilterProxy(self.person_model, self)
        self.filter_edit = QLineEdit(tab)
        self.filter_edit.setPlaceholderText(
            self.tr("Filtrer på navn, organisasjon, kategori, e-post … (Ctrl+F)")
        )
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(self.tr("Filtrer personer"))
        self.filter_edit.textChanged.connect(self._filter_people)
        self.people_count = style.hint("", tab)
        self.people_count.setWordWrap(False)
        self.add_person_button = self.button(
            self.tr("Legg til person…"), self.tr("Ny person (Ctrl+N eller Insert)")
        )
        self.edit_person_button = self.button(
            self.tr("Endre…"), self.tr("Endre personen (Enter eller F2)")
        )
        self.delete_person_button = self.button(
            self.tr("Fjern"), self.tr("Fjern personen fra prosjektet (Delete)")
        )
        self.add_person_button.clicked.connect(self.add_person)
        self.edit_person_button.clicked.connect(self.edit_person)
        self.delete_person_button.clicked.connect(self.delete_person)

        self.people_table = make_table(self.person_proxy, tab)
        self.people_table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.people_table.setAccessibleName(self.tr("Personer"))
        self.people_table.doubleClicked.connect(lambda _i: self.edit_person())
        self.people_table.selectionModel().selectionChanged.connect(
            lambda *_: self.update_actions()
        )
        self.people_empty = EmptyOverlay(self.people_table, "")
        ListKeys(
            self.people_table,
            add=self.add_person,
            edit=self.edit_person,
            remove=self.delete_person,
            enabled=lambda: self.writable,
        )
        _FilterKeys(self.filter_edit, self.people_table)
        find = QShortcut(QKeySequence.StandardKey.Find, tab)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(lambda: (self.filter_edit.setFocus(), self.filter_edit.selectAll()))

        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 2)
        top.addWidget(self.people_count, 1)
        top.addStretch(0)
        top.addWidget(self.add_person_button)
        top.addWidget(self.edit_person_button)
        top.addWidget(self.delete_person_button)
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.people_table, 1)
        QWidget.setTabOrder(self.filter_edit, self.people_table)
        QWidget.setTabOrder(self.people_table, self.add_person_button)
        QWidget.setTabOrder(self.add_person_button, self.edit_person_button)
        QWidget.setTabOrder(self.edit_person_button, self.delete_person_button)
        return tab

    def _filter_people(self, text: str = "") -> None:
        text = self.filter_edit.text().strip()
        self.person_proxy.setFilterFixedString(text)
        total, shown = self.person_model.rowCount(), self.person_proxy.rowCount()
        if total == 0:
            self.people_count.setText("")
            self.people_empty.set_text(
                self.tr("Ingen personer ennå. Trykk «Legg til person» (Ctrl+N) for å begynne.")
            )
        elif text:
            self.people_count.setText(
                self.tr("Viser {shown} av {total}").format(
                    shown=format_int(shown), total=format_int(total)
                )
            )
            self.people_empty.set_text(self.tr("Ingen personer passer til «{t}».").format(t=text))
        else:
            self.people_count.setText(
                self.tr("1 person")
                if total == 1
                else self.tr("{n} personer").format(n=format_int(total))
            )
            self.people_empty.set_text("")
        self.update_actions()

    def _current_person(self) -> Person | None:
        key = current_key(self.people_table)
        return self.person_by_id.get(key) if isinstance(key, int) else None

    def add_person(self) -> None:
        if not self.writable:
            return
        dlg = dialogs.PersonDialog(self.ctx, parent=self)
        if dlg.exec() and dlg.new_id is not None:
            if self.person_model.row_of_key(dlg.new_id) is not None and not self._visible_in_filter(
                dlg.new_id
            ):
                self.filter_edit.clear()
            select_keys(self.people_table, [dlg.new_id])

    def _visible_in_filter(self, person_id: int) -> bool:
        row = self.person_model.row_of_key(person_id)
        return (
            row is not None
            and self.person_proxy.mapFromSource(self.person_model.index(row, 0)).isValid()
        )

    def edit_person(self) -> None:
        p = self._current_person()
        if p is None or not self.writable:
            return
        dialogs.PersonDialog(self.ctx, p, parent=self).exec()

    def delete_person(self) -> None:
        p = self._current_person()
        if p is None or p.id is None or not self.writable:
            return
        pid = p.id
        usage = people_service.person_usage(self.ctx.project, pid)
        if not dialogs.ask_confirm(
            self,
            self.tr("Fjern person"),
            self.tr("Fjerne {name} fra prosjektet?").format(name=p.name),
            usage,
            self.tr("Fjern"),
        ):
            return
        dialogs.perform_ok(self.ctx, lambda: people_service.delete_person(self.ctx.project, pid))

    # ==================================================================== Roller
    def _build_roles_tab(self) -> QWidget:
        inner = QWidget()
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(10)
        grid.setColumnStretch(1, 1)
        self.role_slots: list[RoleSlot] = []

        def slot_row(row: int, label: str, role: Role, phase: Phase | None) -> RoleSlot:
            slot = RoleSlot(self, role, phase)
            caption = QLabel(label, inner)
            caption.setBuddy(slot.change_button)
            grid.addWidget(caption, row, 0)
            grid.addWidget(slot, row, 1)
            slot.change_button.clicked.connect(lambda: self.choose_role_holder(slot))
            slot.remove_button.clicked.connect(lambda: self.remove_role_holder(slot))
            self.role_slots.append(slot)
            return slot

        slot_row(0, self.tr("Prosjekt&ansvarlig"), Role.PROSJEKTANSVARLIG, None)
        ansvarlig_hint = style.hint(
            self.tr(
                "Rådmannen/kommunedirektøren eier arbeidet, leder vanligvis styringsgruppen og tar beslutningene."
            ),
            inner,
        )
        grid.addWidget(ansvarlig_hint, 1, 1)
        for i, phase in enumerate(LEADER_PHASES):
            slot_row(
                2 + i,
                self.tr("Prosjektleder, {phase}").format(phase=phase.label.lower()),
                Role.PROSJEKTLEDER,
                phase,
            )
        leader_hint = style.hint(
            self.tr(
                "I forstudien er prosjektlederen vanligvis en ekstern rådgiver (konsulent). I forprosjekt og "
                "hovedprosjekt leder en av kommunens egne, med rådgiveren som prosessveileder."
            ),
            inner,
        )
        grid.addWidget(leader_hint, 5, 1)

        self.role_lists: dict[
            Role, tuple[RecordTableModel[RoleHolder], QTableView, QPushButton, QPushButton]
        ] = {}
        lists = QHBoxLayout()
        lists.setSpacing(24)
        for role, title, empty in (
            (
                Role.PROSESSVEILEDER,
                self.tr("Prosessveiledere"),
                self.tr("Ingen prosessveileder ennå. Trykk «Legg til…» (Ctrl+N)."),
            ),
            (
                Role.PROSJEKTMEDARBEIDER,
                self.tr("Prosjektmedarbeidere"),
                self.tr(
                    "Ingen prosjektmedarbeidere ennå. Trykk «Legg til…» (Ctrl+N) for å velge blant personene."
                ),
            ),
        ):
            model = role_holder_model(self)
            proxy = FilterProxy(model, self)
            view = make_table(proxy, inner, multi=True, sortable=False)
            view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
            view.setAccessibleName(title)
            view.setMinimumHeight(view.verticalHeader().defaultSectionSize() * 4 + 30)
            EmptyOverlay(view, empty)
            add = self.button(self.tr("Legg til…"), self.tr("Legg til (Ctrl+N)"))
            remove = self.button(self.tr("Fjern"), self.tr("Fjern rollen (Delete)"))
            add.clicked.connect(lambda _c=False, r=role: self.add_role_holders(r))
            remove.clicked.connect(lambda _c=False, r=role: self.remove_role_holders(r))
            view.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
            ListKeys(
                view,
                add=lambda r=role: self.add_role_holders(r),
                remove=lambda r=role: self.remove_role_holders(r),
                enabled=lambda: self.writable,
            )
            self.role_lists[role] = (model, view, add, remove)
            head = QHBoxLayout()
            head.addWidget(style.heading(title, 1.1))
            head.addStretch(1)
            head.addWidget(add)
            head.addWidget(remove)
            box = QVBoxLayout()
            box.setSpacing(6)
            box.addLayout(head)
            box.addWidget(view, 1)
            lists.addLayout(box, 1)

        self.roles_no_people = style.empty_state(
            self.tr(
                "Ingen personer i prosjektet ennå. Legg dem til under «Personer»; så kan du gi dem roller her."
            ),
            inner,
        )
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(4, 12, 4, 4)
        layout.setSpacing(14)
        layout.addWidget(self.roles_no_people)
        layout.addLayout(grid)
        layout.addWidget(_line())
        layout.addLayout(lists, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        return scroll

    def _slot_phase_text(self, slot: RoleSlot) -> str:
        if slot.phase is None:
            return slot.role.label.lower()
        return self.tr("{role} ({phase})").format(
            role=slot.role.label.lower(), phase=slot.phase.label.lower()
        )

    def choose_role_holder(self, slot: RoleSlot) -> None:
        if not self.writable:
            return
        current = {slot.assignment.person_id} if slot.assignment else set()
        picker = dialogs.PersonPickerDialog(
            self.people,
            title=self.tr("Velg {role}").format(role=self._slot_phase_text(slot)),
            exclude=current,
            parent=self,
        )
        if not picker.exec() or not picker.selected_ids():
            return
        pid = picker.selected_ids()[0]
        role, phase = slot.role, slot.phase
        self.ctx.perform(lambda: people_service.assign_role(self.ctx.project, role, pid, phase))

    def remove_role_holder(self, slot: RoleSlot) -> None:
        if slot.assignment is None or slot.assignment.id is None or not self.writable:
            return
        aid = slot.assignment.id
        dialogs.perform_ok(self.ctx, lambda: people_service.remove_role(self.ctx.project, aid))

    def add_role_holders(self, role: Role) -> None:
        if not self.writable:
            return
        model = self.role_lists[role][0]
        have = {h.person.id for h in model.rows if h.person.id is not None}
        picker = dialogs.PersonPickerDialog(
            self.people,
            title=self.tr("Legg til {role}").format(role=role.label.lower()),
            exclude=have,
            multi=True,
            parent=self,
        )
        if not picker.exec():
            return
        ids = [i for i in picker.selected_ids() if i not in have]
        if ids:
            dialogs.perform_ok(
                self.ctx, lambda: people_service.assign_roles(self.ctx.project, role, ids)
            )

    def remove_role_holders(self, role: Role) -> None:
        if not self.writable:
            return
        _, view, _, _ = self.role_lists[role]
        ids = [k for k in selected_keys(view) if isinstance(k, int)]
        if ids:
            dialogs.perform_ok(self.ctx, lambda: people_service.remove_roles(self.ctx.project, ids))

    # =================================================================== Grupper
    def _build_groups_tab(self) -> QWidget:
        tab = QWidget()
        # left: the groups
        self.group_model = group_model(self)
        self.group_proxy = FilterProxy(self.group_model, self)
        self.group_table = make_table(self.group_proxy, tab)
        self.group_table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.group_table.setAccessibleName(self.tr("Grupper"))
        self.group_table.selectionModel().selectionChanged.connect(lambda *_: self._show_group())
        self.group_table.doubleClicked.connect(lambda _i: self.edit_group())
        ListKeys(
            self.group_table,
            add=lambda: self.add_group(GroupKind.ARBEIDSGRUPPE),
            edit=self.edit_group,
            remove=self.delete_group,
            enabled=lambda: self.writable,
        )
        self.new_work_group_button = self.button(
            self.tr("Ny arbeidsgruppe…"), self.tr("Ny arbeidsgruppe (Ctrl+N)")
        )
        self.new_ref_group_button = self.button(self.tr("Ny referansegruppe…"))
        self.edit_group_button = self.button(
            self.tr("Endre…"), self.tr("Endre navn og beskrivelse (Enter)")
        )
        self.delete_group_button = self.button(
            self.tr("Slett gruppe"), self.tr("Slett gruppen (Delete)")
        )
        self.new_work_group_button.clicked.connect(lambda: self.add_group(GroupKind.ARBEIDSGRUPPE))
        self.new_ref_group_button.clicked.connect(lambda: self.add_group(GroupKind.REFERANSEGRUPPE))
        self.edit_group_button.clicked.connect(self.edit_group)
        self.delete_group_button.clicked.connect(self.delete_group)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 8, 0)
        lv.addWidget(self.group_table, 1)
        row1 = QHBoxLayout()
        row1.addWidget(self.new_work_group_button)
        row1.addWidget(self.new_ref_group_button)
        row2 = QHBoxLayout()
        row2.addWidget(self.edit_group_button)
        row2.addWidget(self.delete_group_button)
        row2.addStretch(1)
        lv.addLayout(row1)
        lv.addLayout(row2)
        lv.addWidget(
            style.hint(
                self.tr(
                    "Styringsgruppen følger prosjektet gjennom alle faser. Arbeidsgrupper gjør arbeid, for "
                    "eksempel i verksteder; referansegrupper gir råd uten beslutningsmyndighet."
                ),
                left,
            )
        )

        # right: the selected group
        self.group_title = style.heading("", 1.3)
        self.group_title.setWordWrap(True)
        self.group_kind_label = style.hint("")
        self.group_description = QLabel()
        self.group_description.setWordWrap(True)
        self.group_description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.member_model = member_model(self._set_member_role, self)
        self.member_proxy = FilterProxy(self.member_model, self)
        self.member_table = make_table(self.member_proxy, tab, multi=True)
        self.member_table.setAccessibleName(self.tr("Medlemmer"))
        self.member_table.setItemDelegateForColumn(
            3, EnumComboDelegate(list(GroupRole), self.member_table)
        )
        self.member_table.selectionModel().selectionChanged.connect(
            lambda *_: self.update_actions()
        )
        self.member_empty = EmptyOverlay(
            self.member_table,
            self.tr(
                "Ingen medlemmer ennå. Trykk «Legg til medlemmer» (Ctrl+N) for å velge blant personene."
            ),
        )
        ListKeys(
            self.member_table,
            add=self.add_members,
            edit=self._edit_member_role,
            remove=self.remove_members,
            enabled=lambda: self.writable,
        )
        self.add_member_button = self.button(
            self.tr("Legg til medlemmer…"), self.tr("Velg personer (Ctrl+N)")
        )
        self.remove_member_button = self.button(
            self.tr("Fjern medlem"), self.tr("Fjern fra gruppen (Delete)")
        )
        self.add_member_button.clicked.connect(self.add_members)
        self.remove_member_button.clicked.connect(self.remove_members)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(8, 0, 0, 0)
        rv.setSpacing(6)
        rv.addWidget(self.group_title)
        rv.addWidget(self.group_kind_label)
        rv.addWidget(self.group_description)
        head = QHBoxLayout()
        head.addWidget(style.heading(self.tr("Medlemmer"), 1.1))
        head.addWidget(style.hint(self.tr("Rollen i gruppen endres med dobbeltklikk eller F2.")), 1)
        head.addWidget(self.add_member_button)
        head.addWidget(self.remove_member_button)
        rv.addSpacing(6)
        rv.addLayout(head)
        rv.addWidget(self.member_table, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, tab)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([420, 900])
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.addWidget(splitter)
        QWidget.setTabOrder(self.group_table, self.new_work_group_button)
        QWidget.setTabOrder(self.new_work_group_button, self.new_ref_group_button)
        QWidget.setTabOrder(self.new_ref_group_button, self.edit_group_button)
        QWidget.setTabOrder(self.edit_group_button, self.delete_group_button)
        QWidget.setTabOrder(self.delete_group_button, self.add_member_button)
        QWidget.setTabOrder(self.add_member_button, self.remove_member_button)
        QWidget.setTabOrder(self.remove_member_button, self.member_table)
        return tab

    def current_group(self) -> Group | None:
        key = current_key(self.group_table)
        row = self.group_model.row_of_key(key) if key is not None else None
        return self.group_model.record(row) if row is not None else None

    def _show_group(self) -> None:
        g = self.current_group()
        if g is None:
            self.group_title.setText(self.tr("Ingen gruppe valgt"))
            self.group_kind_label.setText("")
            self.group_description.setText("")
            _reload(self.member_table, self.member_model, [])
            self.member_empty.set_text(self.tr("Velg en gruppe til venstre."))
        else:
            self.group_title.setText(g.name)
            n = len(g.members)
            count = self.tr("1 medlem") if n == 1 else self.tr("{n} medlemmer").format(n=n)
            self.group_kind_label.setText(f"{g.kind.label} · {count}")
            self.group_description.setText(g.description)
            self.group_description.setVisible(bool(g.description))
            rows = [
                MemberRow(self.person_by_id[m.person_id], m.role)
                for m in g.members
                if m.person_id in self.person_by_id
            ]
            _reload(self.member_table, self.member_model, rows)
            self.member_empty.set_text(
                self.tr(
                    "Ingen medlemmer ennå. Trykk «Legg til medlemmer» (Ctrl+N) for å velge blant personene."
                )
                if self.people
                else self.tr(
                    "Ingen personer i prosjektet ennå. Legg dem til under «Personer» først."
                )
            )
        self.update_actions()

    def add_group(self, kind: GroupKind) -> None:
        if not self.writable:
            return
        dlg = dialogs.GroupDialog(self.ctx, kind, parent=self)
        if dlg.exec() and dlg.new_id is not None:
            select_keys(self.group_table, [dlg.new_id])

    def edit_group(self) -> None:
        g = self.current_group()
        if g is None or not self.writable:
            return
        dialogs.GroupDialog(self.ctx, g.kind, g, parent=self).exec()

    def delete_group(self) -> None:
        g = self.current_group()
        if g is None or g.id is None or not self.writable or g.kind is GroupKind.STYRINGSGRUPPE:
            return
        details = [self.tr("{n} medlemskap").format(n=len(g.members))] if g.members else []
        if not dialogs.ask_confirm(
            self,
            self.tr("Slett gruppe"),
            self.tr("Slette {name}?").format(name=g.name),
            details,
            self.tr("Slett"),
        ):
            return
        gid = g.id
        dialogs.perform_ok(self.ctx, lambda: people_service.delete_group(self.ctx.project, gid))

    def add_members(self) -> None:
        g = self.current_group()
        if g is None or g.id is None or not self.writable:
            return
        have = {m.person_id for m in g.members}
        picker = dialogs.PersonPickerDialog(
            self.people,
            title=self.tr("Legg til medlemmer i {name}").format(name=g.name),
            exclude=have,
            multi=True,
            parent=self,
        )
        if not picker.exec():
            return
        gid = g.id
        ids = [i for i in picker.selected_ids() if i not in have]
        if ids:
            dialogs.perform_ok(
                self.ctx, lambda: people_service.add_members(self.ctx.project, gid, ids)
            )
        select_keys(self.member_table, ids)

    def remove_members(self) -> None:
        g = self.current_group()
        if g is None or g.id is None or not self.writable:
            return
        ids = [k for k in selected_keys(self.member_table) if isinstance(k, int)]
        if not ids:
            return
        gid = g.id
        dialogs.perform_ok(
            self.ctx, lambda: people_service.remove_members(self.ctx.project, gid, ids)
        )

    def _edit_member_role(self) -> None:
        index = self.member_table.currentIndex()
        if index.isValid() and self.writable:
            self.member_table.edit(index.siblingAtColumn(3))

    def _set_member_role(self, member: MemberRow, role: GroupRole) -> bool:
        g = self.current_group()
        if g is None or g.id is None or member.person.id is None or role is member.role:
            return False
        gid, pid = g.id, member.person.id
        return dialogs.perform_ok(
            self.ctx, lambda: people_service.set_member_role(self.ctx.project, gid, pid, role)
        )

    def reveal(self, kind: str, ref_id: int) -> bool:
        """A search hit: show the person selected in the people table."""
        if kind != "person":
            return False
        if self._stale:
            self.refresh()
        if ref_id not in self.person_by_id:
            return False
        self.tabs.setCurrentIndex(0)
        if not self._visible_in_filter(ref_id):
            self.filter_edit.clear()
        select_keys(self.people_table, [ref_id])
        self.people_table.setFocus(Qt.FocusReason.OtherFocusReason)
        return current_key(self.people_table) == ref_id

    # ==================================================================== loading
    def reload(self) -> None:
        project = self.ctx.project
        self.people = people_service.list_people(project)
        self.person_by_id = {p.id: p for p in self.people if p.id is not None}
        self.roles = people_service.list_roles(project)
        self.groups = people_service.list_groups(project)

        _reload(self.people_table, self.person_model, self.people)
        self._filter_people()

        for slot in self.role_slots:
            holder = next(
                (
                    a
                    for a in self.roles
                    if a.role is slot.role
                    and a.phase == slot.phase
                    and a.person_id in self.person_by_id
                ),
                None,
            )
            slot.set_holder(holder, self.person_by_id.get(holder.person_id) if holder else None)
        self.roles_no_people.setVisible(not self.people)
        for role, (model, view, _, _) in self.role_lists.items():
            rows = [
                RoleHolder(a, self.person_by_id[a.person_id])
                for a in self.roles
                if a.role is role and a.person_id in self.person_by_id
            ]
            _reload(view, model, rows)

        had_selection = current_key(self.group_table) is not None
        _reload(self.group_table, self.group_model, self.groups)
        if not had_selection or current_key(self.group_table) is None:
            select_keys(self.group_table, [], fallback_row=0)
        self._show_group()

    def update_actions(self) -> None:
        w = self.writable
        has_person = self._current_person() is not None
        self.edit_person_button.setEnabled(w and has_person)
        self.delete_person_button.setEnabled(w and has_person)
        for slot in self.role_slots:
            slot.change_button.setEnabled(w and bool(self.people))
            slot.remove_button.setEnabled(w and slot.assignment is not None)
        for _model, view, add, remove in self.role_lists.values():
            add.setEnabled(w and bool(self.people))
            remove.setEnabled(w and bool(selected_keys(view)))
        g = self.current_group()
        self.edit_group_button.setEnabled(w and g is not None)
        can_delete = g is not None and g.kind is not GroupKind.STYRINGSGRUPPE
        self.delete_group_button.setEnabled(w and can_delete)
        self.delete_group_button.setToolTip(
            self.tr("Slett gruppen (Delete)")
            if can_delete or g is None
            else self.tr("Styringsgruppen kan ikke slettes.")
        )
        self.add_member_button.setEnabled(w and g is not None and bool(self.people))
        self.remove_member_button.setEnabled(w and bool(selected_keys(self.member_table)))
        self.member_model.editable = w


def _line() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line
