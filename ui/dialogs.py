"""Edit dialogs of the project pages.

Each dialog makes its change itself when the user presses OK, through
``ctx.perform`` (one service call, one undo step). If the service refuses
(ValidationError), ctx.perform has shown the message and the dialog stays open with
what the user typed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.domain.enums import (
    DecidedBy,
    Decision,
    GroupKind,
    LabelledEnum,
    PersonCategory,
    Phase,
)
from nvk_desktop.domain.models import DecisionPoint, Group, Milestone, Person
from nvk_desktop.services import people as people_service
from nvk_desktop.services import phases as phases_service
from nvk_desktop.services import project as project_service
from ui.context import ProjectContext
from ui.models import FilterProxy, RecordTableModel, people_columns
from ui.questions import DESTRUCTIVE, choose
from ui.widgets import style
from ui.widgets.dates import OptionalDateEdit, from_qdate, make_date_edit
from ui.widgets.keys import SearchKeys
from ui.widgets.tables import make_table, select_keys, selected_keys


# -- small helpers ---------------------------------------------------------------------
def _tr(text: str) -> str:
    return QCoreApplication.translate("ui.dialogs", text)


def perform_ok(ctx: ProjectContext, action: Callable[[], Any]) -> bool:
    """ctx.perform for services that return None: True when the change was made."""

    def run() -> bool:
        action()
        return True

    return ctx.perform(run) is not None


def ask_confirm(
    parent: QWidget | None, title: str, text: str, details: Sequence[str] = (), action: str = ""
) -> bool:
    """Ask before removing something; ``details`` lists what goes with it."""
    informative = (
        _tr("Dette fjernes også:") + "\n" + "\n".join(f"• {d}" for d in details) if details else ""
    )
    answer = choose(
        parent,
        text,
        informative,
        [(action or _tr("Fjern"), DESTRUCTIVE)],
        default=None,
        icon=QMessageBox.Icon.Question,
        title=title,
    )
    return answer == 0


def enum_combo(
    values: Sequence[LabelledEnum],
    current: LabelledEnum | None = None,
    parent: QWidget | None = None,
) -> QComboBox:
    combo = QComboBox(parent)
    for v in values:
        combo.addItem(v.label, v.value)
    if current is not None:
        combo.setCurrentIndex(max(combo.findData(current.value), 0))
    return combo


class EditDialog(QDialog):
    """A form with OK/Avbryt whose OK runs ``apply`` and closes only if it worked."""

    def __init__(self, ctx: ProjectContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent or ctx.dialog_parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setModal(True)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setVerticalSpacing(10)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Avbryt"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addSpacing(6)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def apply(self) -> bool:  # pragma: no cover - every dialog overrides it
        raise NotImplementedError

    def accept(self) -> None:
        previous = self.ctx.dialog_parent
        self.ctx.dialog_parent = self  # messages from the service appear over the dialog
        try:
            ok = self.apply()
        finally:
            self.ctx.dialog_parent = previous
        if ok:
            super().accept()


# -- people ----------------------------------------------------------------------------
class PersonDialog(EditDialog):
    def __init__(
        self, ctx: ProjectContext, person: Person | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            ctx, self.tr("Ny person") if person is None else self.tr("Endre person"), parent
        )
        self.person = person
        self.new_id: int | None = None
        p = person or Person(name="")
        self.name_edit = QLineEdit(p.name, self)
        self.name_edit.setPlaceholderText(self.tr("Fornavn Etternavn"))
        self.organisation_edit = QLineEdit(p.organisation, self)
        self.organisation_edit.setPlaceholderText(
            self.tr("For eksempel Askvoll kommune, Sunnfjord Næringsråd")
        )
        self.category_combo = enum_combo(list(PersonCategory), p.category, self)
        self.email_edit = QLineEdit(p.email, self)
        self.email_edit.setPlaceholderText(self.tr("navn@eksempel.no"))
        self.phone_edit = QLineEdit(p.phone, self)
        self.phone_edit.setPlaceholderText(self.tr("900 12 345"))
        self.form.addRow(self.tr("&Navn:"), self.name_edit)
        self.form.addRow(self.tr("&Organisasjon:"), self.organisation_edit)
        self.form.addRow(self.tr("&Kategori:"), self.category_combo)
        self.form.addRow(self.tr("&E-post:"), self.email_edit)
        self.form.addRow(self.tr("&Telefon:"), self.phone_edit)
        self.name_edit.setFocus()

    def value(self) -> Person:
        return Person(
            name=self.name_edit.text(),
            organisation=self.organisation_edit.text(),
            category=PersonCategory(self.category_combo.currentData()),
            email=self.email_edit.text(),
            phone=self.phone_edit.text(),
            id=self.person.id if self.person is not None else None,
        )

    def apply(self) -> bool:
        p = self.value()
        if self.person is None:
            self.new_id = self.ctx.perform(lambda: people_service.add_person(self.ctx.project, p))
            return self.new_id is not None
        if p == self.person:
            return True  # nothing changed: no undo step
        return perform_ok(self.ctx, lambda: people_service.update_person(self.ctx.project, p))


class PersonPickerDialog(QDialog):
    """Choose one or several people, with a search box. People in ``exclude`` (already
    in the group, already holding the role) are left out."""

    def __init__(
        self,
        people: Sequence[Person],
        *,
        title: str,
        exclude: set[int] | frozenset[int] = frozenset(),
        multi: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        shown = [p for p in people if p.id not in exclude]
        self.model: RecordTableModel[Person] = RecordTableModel(people_columns()[:3], parent=self)
        self.model.set_rows(shown)
        self.proxy = FilterProxy(self.model, self)
        self.proxy.sort(0, Qt.SortOrder.AscendingOrder)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Søk etter navn, organisasjon eller kategori"))
        self.search.setClearButtonEnabled(True)
        self.table = make_table(self.proxy, self, multi=multi)
        self.table.setColumnWidth(0, 200)
        self.table.setColumnWidth(1, 240)
        self.table.doubleClicked.connect(lambda _i: self.accept())
        self.search.textChanged.connect(self._filter)
        SearchKeys(self.search, self.table)
        self.status = style.hint("", self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Velg"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Avbryt"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if multi:
            layout.addWidget(
                style.hint(self.tr("Hold Ctrl eller Shift nede for å velge flere."), self)
            )
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(640, 480)
        skipped = len(people) - len(shown)
        self._base_status = (
            self.tr("{n} som allerede er med, vises ikke.").format(n=skipped) if skipped else ""
        )
        if not shown:
            self._base_status = self.tr(
                "Alle personene er allerede med. Legg til nye personer under «Personer»."
            )
        self.table.selectionModel().selectionChanged.connect(self._update_ok)
        self._filter("")
        self.search.setFocus()

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        if self.proxy.rowCount() > 0 and not self.table.selectionModel().hasSelection():
            select_keys(self.table, [], fallback_row=0)
        extra = ""
        if text.strip() and self.proxy.rowCount() == 0:
            extra = self.tr("Ingen treff for «{t}».").format(t=text.strip())
        self.status.setText(" ".join(s for s in (extra, self._base_status) if s))
        self._update_ok()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.selected_ids()))

    def selected_ids(self) -> list[int]:
        return [int(k) for k in selected_keys(self.table) if isinstance(k, int)]

    def select_ids(self, ids: list[int]) -> None:
        select_keys(self.table, ids)

    def accept(self) -> None:
        if self.selected_ids():
            super().accept()


# -- groups ----------------------------------------------------------------------------
class GroupDialog(EditDialog):
    def __init__(
        self,
        ctx: ProjectContext,
        kind: GroupKind,
        group: Group | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = (
            self.tr("Ny {kind}").format(kind=kind.label.lower())
            if group is None
            else self.tr("Endre gruppe")
        )
        super().__init__(ctx, title, parent)
        self.kind = kind
        self.group = group
        self.new_id: int | None = None
        self.name_edit = QLineEdit(group.name if group else "", self)
        self.name_edit.setPlaceholderText(
            self.tr("For eksempel «Arbeidsgruppe plan og bygg»")
            if kind is GroupKind.ARBEIDSGRUPPE
            else self.tr("For eksempel «Referansegruppe næringsliv»")
            if kind is GroupKind.REFERANSEGRUPPE
            else ""
        )
        self.description_edit = QPlainTextEdit(group.description if group else "", self)
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setPlaceholderText(self.tr("Mandat og oppgaver (valgfritt)"))
        self.description_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        self.form.addRow(self.tr("Type:"), QLabel(kind.label, self))
        self.form.addRow(self.tr("&Navn:"), self.name_edit)
        self.form.addRow(self.tr("&Beskrivelse:"), self.description_edit)
        self.name_edit.setFocus()

    def apply(self) -> bool:
        name, desc = self.name_edit.text(), self.description_edit.toPlainText()
        if self.group is None:
            self.new_id = self.ctx.perform(
                lambda: people_service.add_group(self.ctx.project, self.kind, name, desc)
            )
            return self.new_id is not None
        assert self.group.id is not None
        gid = self.group.id
        if name.strip() == self.group.name and desc.strip() == self.group.description:
            return True
        return perform_ok(
            self.ctx, lambda: people_service.update_group(self.ctx.project, gid, name, desc)
        )


# -- project ---------------------------------------------------------------------------
class ProjectNameDialog(EditDialog):
    def __init__(self, ctx: ProjectContext, current: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Endre prosjektnavn"), parent)
        self.current = current
        self.name_edit = QLineEdit(current, self)
        self.name_edit.selectAll()
        self.form.addRow(self.tr("&Prosjektnavn:"), self.name_edit)
        self.name_edit.setFocus()

    def apply(self) -> bool:
        name = self.name_edit.text()
        if name.strip() == self.current:
            return True
        return perform_ok(self.ctx, lambda: project_service.rename_project(self.ctx.project, name))


class PhaseDialog(EditDialog):
    def __init__(self, ctx: ProjectContext, current: Phase, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Endre fase"), parent)
        self.current = current
        self.phase_combo = enum_combo(list(Phase), current, self)
        self.form.addRow(self.tr("&Nåværende fase:"), self.phase_combo)
        self.form.addRow(
            style.hint(
                self.tr(
                    "Vanligvis går prosjektet videre til neste fase når et beslutningspunkt "
                    "registreres. Her kan du rette fasen direkte."
                ),
                self,
            )
        )
        self.phase_combo.setFocus()

    def apply(self) -> bool:
        phase = Phase(self.phase_combo.currentData())
        if phase is self.current:
            return True
        return perform_ok(
            self.ctx, lambda: project_service.set_current_phase(self.ctx.project, phase)
        )


# -- phases ----------------------------------------------------------------------------
class DecisionDialog(EditDialog):
    """Record (or correct) the beslutningspunkt that ends a phase."""

    def __init__(
        self,
        ctx: ProjectContext,
        current_phase: Phase,
        decision: DecisionPoint | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx,
            self.tr("Nytt beslutningspunkt")
            if decision is None
            else self.tr("Endre beslutningspunkt"),
            parent,
        )
        self.decision = decision
        self.current_phase = current_phase
        self.new_id: int | None = None
        d = decision
        self.phase_combo = enum_combo(list(Phase), d.phase if d else current_phase, self)
        self.decision_combo = enum_combo(
            list(Decision), d.decision if d else Decision.VIDEREFORE, self
        )
        self.decided_by_combo = enum_combo(
            list(DecidedBy), d.decided_by if d else DecidedBy.STYRINGSGRUPPE, self
        )
        self.date_edit = make_date_edit(d.decided_on if d else date.today(), self)
        self.case_edit = QLineEdit(d.case_number if d else "", self)
        self.case_edit.setPlaceholderText(self.tr("For eksempel 2025/123 (valgfritt)"))
        self.note_edit = QPlainTextEdit(d.note if d else "", self)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlaceholderText(
            self.tr("Vilkår, justeringer eller begrunnelse (valgfritt)")
        )
        self.note_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.advance_check = QCheckBox(self)
        self._advance_touched = False
        self.form.addRow(self.tr("Beslutningspunkt etter &fase:"), self.phase_combo)
        self.form.addRow(self.tr("&Beslutning:"), self.decision_combo)
        self.form.addRow(self.tr("Besluttet &av:"), self.decided_by_combo)
        self.form.addRow(self.tr("&Dato:"), self.date_edit)
        self.form.addRow(self.tr("&Saksnummer:"), self.case_edit)
        self.form.addRow(self.tr("N&otat:"), self.note_edit)
        if decision is None:
            self.form.addRow("", self.advance_check)
            self.phase_combo.currentIndexChanged.connect(self._update_advance)
            self.decision_combo.currentIndexChanged.connect(self._update_advance)
            self.advance_check.clicked.connect(self._touched)
            self._update_advance()
        else:
            self.advance_check.setChecked(False)
            self.advance_check.hide()
        self.phase_combo.setFocus()

    def _touched(self) -> None:
        self._advance_touched = True

    def _update_advance(self) -> None:
        phase = Phase(self.phase_combo.currentData())
        decision = Decision(self.decision_combo.currentData())
        nxt = phase.next
        possible = (
            phase is self.current_phase and decision is Decision.VIDEREFORE and nxt is not None
        )
        if nxt is not None:
            self.advance_check.setText(
                self.tr("&Gå videre til neste fase ({phase})").format(phase=nxt.label)
            )
        else:
            self.advance_check.setText(self.tr("&Gå videre til neste fase"))
        self.advance_check.setEnabled(possible)
        if not possible:
            self.advance_check.setChecked(False)
            self.advance_check.setToolTip(
                self.tr(
                    "Bare en beslutning om å videreføre den nåværende fasen kan flytte prosjektet videre."
                )
            )
        else:
            self.advance_check.setToolTip("")
            if not self._advance_touched:
                self.advance_check.setChecked(True)

    def value(self) -> DecisionPoint:
        return DecisionPoint(
            phase=Phase(self.phase_combo.currentData()),
            decision=Decision(self.decision_combo.currentData()),
            decided_by=DecidedBy(self.decided_by_combo.currentData()),
            decided_on=from_qdate(self.date_edit.date()),
            case_number=self.case_edit.text(),
            note=self.note_edit.toPlainText(),
            id=self.decision.id if self.decision else None,
        )

    def apply(self) -> bool:
        d = self.value()
        project = self.ctx.project
        if self.decision is None:
            advance = self.advance_check.isEnabled() and self.advance_check.isChecked()
            self.new_id = self.ctx.perform(
                lambda: phases_service.add_decision_point(project, d, advance_phase=advance)
            )
            return self.new_id is not None
        if d == self.decision:
            return True
        return perform_ok(self.ctx, lambda: phases_service.update_decision_point(project, d))


class MilestoneDialog(EditDialog):
    def __init__(
        self,
        ctx: ProjectContext,
        default_phase: Phase,
        milestone: Milestone | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx, self.tr("Ny milepæl") if milestone is None else self.tr("Endre milepæl"), parent
        )
        self.milestone = milestone
        self.new_id: int | None = None
        m = milestone
        self.phase_combo = enum_combo(list(Phase), m.phase if m else default_phase, self)
        self.title_edit = QLineEdit(m.title if m else "", self)
        self.title_edit.setPlaceholderText(self.tr("For eksempel «Spørreundersøkelse sendt ut»"))
        self.due_edit = OptionalDateEdit(self.tr("Har frist"), m.due_on if m else None, self)
        if m is None:
            self.due_edit.set_value(date.today())
        self.done_edit = OptionalDateEdit(self.tr("Fullført"), m.done_on if m else None, self)
        self.note_edit = QPlainTextEdit(m.note if m else "", self)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlaceholderText(self.tr("Valgfritt"))
        self.note_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.form.addRow(self.tr("&Fase:"), self.phase_combo)
        self.form.addRow(self.tr("&Milepæl:"), self.title_edit)
        self.form.addRow(self.tr("F&rist:"), self.due_edit)
        self.form.addRow(self.tr("Fullf&ørt:"), self.done_edit)
        self.form.addRow(self.tr("N&otat:"), self.note_edit)
        self.title_edit.setFocus()

    def value(self) -> Milestone:
        return Milestone(
            phase=Phase(self.phase_combo.currentData()),
            title=self.title_edit.text(),
            due_on=self.due_edit.value(),
            done_on=self.done_edit.value(),
            note=self.note_edit.toPlainText(),
            id=self.milestone.id if self.milestone else None,
        )

    def apply(self) -> bool:
        m = self.value()
        project = self.ctx.project
        if self.milestone is None:
            self.new_id = self.ctx.perform(lambda: phases_service.add_milestone(project, m))
            return self.new_id is not None
        if m == self.milestone:
            return True
        return perform_ok(self.ctx, lambda: phases_service.update_milestone(project, m))


def offer_open(
    parent: QWidget | None, title: str, text: str, path: Path, *, open_label: str = ""
) -> None:
    """A file was written: say where, and offer Åpne / Vis i mappe / Lukk (every page
    that writes a document or a spreadsheet ends with this)."""
    box = QMessageBox(
        QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    box.setInformativeText(str(Path(path).parent))
    open_button = box.addButton(open_label or _tr("Åpne"), QMessageBox.ButtonRole.AcceptRole)
    folder_button = box.addButton(_tr("Vis i mappe"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(_tr("Lukk"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(open_button)
    box.exec()
    clicked = box.clickedButton()
    if clicked is open_button:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    elif clicked is folder_button:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))
