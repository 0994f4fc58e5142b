"""Spørreundersøkelser (issue 4): the project's surveys on the left, and for the chosen
one its questionnaire, keyboard entry of paper forms, imports, results and comments.

The list shows each survey's round, groups, answers per group and response rate; the
dialogs create a baseline (T0) from the item bank or a follow-up (T1) of one, and edit
or delete a survey. Every change is one service call and one undo step.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.domain.survey import ALLOWED_SCALES, RespondentGroup, Scale
from nvk_desktop.domain.survey_project import (
    DEFAULT_GROUPS,
    ImportRecord,
    Survey,
    SurveyRound,
    SurveySummary,
)
from nvk_desktop.errors import ValidationError
from nvk_desktop.services import surveys as survey_service
from ui import dialogs
from ui.context import ProjectContext
from ui.models import RIGHT, Column, FilterProxy, RecordTableModel
from ui.pages.survey_comments import SurveyCommentsView
from ui.pages.survey_editor import SHORT_GROUP, QuestionnaireEditor
from ui.pages.survey_entry import EntryTab
from ui.pages.survey_import import ImportDialog, ask_open_path
from ui.pages.survey_results import SurveyResultsView
from ui.widgets import style
from ui.widgets.dates import OptionalDateEdit, format_date, format_int
from ui.widgets.keys import ListKeys
from ui.widgets.page import ProjectPage
from ui.widgets.tables import EmptyOverlay, current_key, make_table, select_keys

CONTEXT = "SurveysPage"


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


@dataclass(frozen=True)
class SurveyLine:
    """A line of the survey list: the summary and its groups with counts."""

    summary: SurveySummary
    survey: Survey

    @property
    def id(self) -> int:
        return self.summary.id

    def per_group(self, *, short: bool = False) -> str:
        if short:
            return " · ".join(str(g.responses) for g in self.survey.groups)
        return " · ".join(f"{g.responses} {SHORT_GROUP[g.group]}" for g in self.survey.groups)

    def tooltip(self) -> str:
        lines = []
        for g in self.survey.groups:
            rate = (
                _t("{p} % av {n} inviterte").format(
                    p=round(100 * g.responses / g.invited), n=g.invited
                )
                if g.invited
                else _t("antall inviterte ikke oppgitt")
            )
            lines.append(f"{g.group.label}: {g.responses} svar, {rate}")
        return "\n".join(lines)


def survey_columns() -> list[Column[SurveyLine]]:
    return [
        Column(
            _t("Undersøkelse"),
            lambda s: s.summary.name,
            tooltip=lambda s: (
                s.summary.name
                + (
                    "\n" + _t("Oppfølging av «{b}»").format(b=s.summary.baseline_name)
                    if s.summary.baseline_name
                    else ""
                )
            ),
            bold=lambda s: True,
            stretch=True,
        ),
        Column(_t("Runde"), lambda s: s.summary.round.value, width=54),
        # Answers and response rates per group are in the details under the list; the
        # list keeps its width for the names.
        Column(
            _t("Svar"),
            lambda s: str(s.summary.responses),
            tooltip=lambda s: s.tooltip(),
            sort=lambda s: s.summary.responses,
            width=56,
            align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        ),
    ]


# -- dialogs -----------------------------------------------------------------------------------
class GroupsEditor(QWidget):
    """A checkbox per respondent group with the number invited (0 = not known)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(style.hint(_t("Gruppe")), 0, 0)
        grid.addWidget(style.hint(_t("Invitert")), 0, 1)
        self.checks: dict[RespondentGroup, QCheckBox] = {}
        self.spins: dict[RespondentGroup, QSpinBox] = {}
        for n, g in enumerate(RespondentGroup, 1):
            check = QCheckBox(g.label, self)
            spin = QSpinBox(self)
            spin.setRange(0, 100_000)
            spin.setSpecialValueText(_t("ukjent"))
            spin.setAccessibleName(_t("Antall inviterte, {group}").format(group=g.label))
            spin.setToolTip(_t("Hvor mange som fikk undersøkelsen (for svarprosenten)"))
            check.toggled.connect(spin.setEnabled)
            spin.setEnabled(False)
            grid.addWidget(check, n, 0)
            grid.addWidget(spin, n, 1)
            self.checks[g] = check
            self.spins[g] = spin
        grid.setColumnStretch(2, 1)

    def set_value(self, groups: dict[RespondentGroup, int | None]) -> None:
        for g, check in self.checks.items():
            check.setChecked(g in groups)
            self.spins[g].setValue(groups.get(g) or 0)

    def value(self) -> dict[RespondentGroup, int | None]:
        return {
            g: (self.spins[g].value() or None)
            for g, check in self.checks.items()
            if check.isChecked()
        }


class ScaleEditor(QWidget):
    """Scale (1–5, 1–6, 1–7, 0–10), a label per value and the «vet ikke» code."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox(self)
        for a, b in ALLOWED_SCALES:
            self.combo.addItem(f"{a}–{b}", f"{a}-{b}")
        self.combo.setAccessibleName(_t("Skala"))
        self.dk_edit = QLineEdit(self)
        self.dk_edit.setPlaceholderText(_t("ingen"))
        self.dk_edit.setMaximumWidth(80)
        self.dk_edit.setAccessibleName(_t("Kode for vet ikke"))
        self.dk_edit.setToolTip(
            _t("Tallet som betyr «vet ikke / ikke aktuelt» i filer og på papir, f.eks. 9")
        )
        self.labels_box = QWidget(self)
        self.labels_grid = QGridLayout(self.labels_box)
        self.labels_grid.setContentsMargins(0, 0, 0, 0)
        self.label_edits: dict[int, QLineEdit] = {}
        top = QHBoxLayout()
        top.addWidget(self.combo)
        top.addSpacing(12)
        dk_label = QLabel(_t("«Vet ikke»-&kode:"), self)
        dk_label.setBuddy(self.dk_edit)
        top.addWidget(dk_label)
        top.addWidget(self.dk_edit)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.labels_box)
        self.combo.currentIndexChanged.connect(lambda _i: self._scale_changed())
        self._scale_changed()

    def bounds(self) -> tuple[int, int]:
        return ALLOWED_SCALES[max(0, self.combo.currentIndex())]

    def select(self, a: int, b: int) -> None:
        self.combo.setCurrentIndex(max(0, self.combo.findData(f"{a}-{b}")))

    def _scale_changed(self, labels: dict[int, str] | None = None) -> None:
        a, b = self.bounds()
        if labels is None:
            labels = dict(survey_service.default_scale(a, b).labels)
        for e in self.label_edits.values():
            e.deleteLater()
        while self.labels_grid.count():
            item = self.labels_grid.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()  # type: ignore[union-attr]
        self.label_edits = {}
        per_column = 6
        for n, v in enumerate(range(a, b + 1)):
            edit = QLineEdit(labels.get(v, ""), self.labels_box)
            edit.setPlaceholderText(_t("(uten tekst)"))
            edit.setAccessibleName(_t("Tekst for {v}").format(v=v))
            self.labels_grid.addWidget(QLabel(f"{v}:"), n % per_column, (n // per_column) * 2)
            self.labels_grid.addWidget(edit, n % per_column, (n // per_column) * 2 + 1)
            self.label_edits[v] = edit

    def set_value(self, scale: Scale) -> None:
        self.combo.blockSignals(True)
        self.select(scale.min, scale.max)
        self.combo.blockSignals(False)
        self._scale_changed(dict(scale.labels))
        self.dk_edit.setText("" if scale.dont_know_code is None else str(scale.dont_know_code))

    def value(self) -> Scale:
        a, b = self.bounds()
        labels = {v: " ".join(e.text().split()) for v, e in self.label_edits.items()}
        labels = {v: t for v, t in labels.items() if t}
        dk_text = self.dk_edit.text().strip()
        dk: int | None = None
        if dk_text:
            try:
                dk = int(dk_text)
            except ValueError:
                raise ValidationError(
                    _t("«Vet ikke»-koden må være et helt tall, f.eks. 9."), ""
                ) from None
        try:
            return Scale(a, b, labels, dk)
        except ValueError as e:
            raise ValidationError(
                str(e), _t("Velg en kode utenfor skalaen, f.eks. 9 eller 99.")
            ) from None


class SurveyDialog(dialogs.EditDialog):
    """Ny undersøkelse (T0 from the bank, or T1 of a baseline) and Endre."""

    def __init__(
        self,
        ctx: ProjectContext,
        baselines: list[SurveySummary],
        survey: Survey | None = None,
        *,
        followup_of: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = _t("Endre undersøkelse") if survey else _t("Ny undersøkelse")
        super().__init__(ctx, title, parent)
        self.survey = survey
        self.created_id: int | None = None
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText(_t("f.eks. Næringslivsundersøkelse 2025"))
        self.round_combo = QComboBox(self)
        self.round_combo.addItem(SurveyRound.T0.label, SurveyRound.T0.value)
        self.round_combo.addItem(SurveyRound.T1.label, SurveyRound.T1.value)
        self.baseline_combo = QComboBox(self)
        for b in baselines:
            if b.round is SurveyRound.T0:
                self.baseline_combo.addItem(b.name, b.id)
        if self.baseline_combo.count() == 0:
            self.round_combo.model().item(1).setEnabled(False)  # type: ignore[attr-defined]
        self.groups = GroupsEditor(self)
        self.scale = ScaleEditor(self)
        self.opens = OptionalDateEdit(_t("Åpner"), None, self)
        self.closes = OptionalDateEdit(_t("Stenger"), None, self)
        self.t1_note = style.hint(
            _t(
                "En oppfølging får de samme gruppene, spørsmålene og skalaen som førmålingen, "
                "så rundene kan sammenlignes."
            ),
            self,
        )
        self.form.addRow(_t("&Navn:"), self.name_edit)
        self.form.addRow(_t("&Runde:"), self.round_combo)
        self.form.addRow(_t("&Førmåling:"), self.baseline_combo)
        self.form.addRow("", self.t1_note)
        self.form.addRow(_t("&Grupper:"), self.groups)
        self.form.addRow(_t("&Skala:"), self.scale)
        dates = QHBoxLayout()
        dates.addWidget(self.opens)
        dates.addWidget(self.closes)
        dates.addStretch(1)
        self.form.addRow(_t("Datoer:"), dates)
        if survey is None:
            self.form.addRow(
                "",
                style.hint(
                    _t(
                        "Undersøkelsen får alle spørsmålene i spørsmålsbanken for gruppene du "
                        "velger. Du kan fjerne og legge til spørsmål etterpå."
                    ),
                    self,
                ),
            )
            self.groups.set_value({g: None for g in DEFAULT_GROUPS})
            if followup_of is not None:
                self.round_combo.setCurrentIndex(1)
                self.baseline_combo.setCurrentIndex(
                    max(0, self.baseline_combo.findData(followup_of))
                )
        else:
            self.name_edit.setText(survey.name)
            self.round_combo.setCurrentIndex(0 if survey.round is SurveyRound.T0 else 1)
            self.round_combo.setEnabled(False)
            if survey.baseline_id is not None:
                self.baseline_combo.setCurrentIndex(
                    max(0, self.baseline_combo.findData(survey.baseline_id))
                )
            self.baseline_combo.setEnabled(False)
            self.groups.set_value({g.group: g.invited for g in survey.groups})
            self.scale.set_value(survey.scale)
            self.scale.setEnabled(survey.responses == 0)
            if survey.responses:
                self.scale.setToolTip(_t("Skalaen kan ikke endres når undersøkelsen har svar."))
            self.opens.set_value(survey.opens_on)
            self.closes.set_value(survey.closes_on)
        self.round_combo.currentIndexChanged.connect(lambda _i: self._round_changed())
        self.baseline_combo.currentIndexChanged.connect(lambda _i: self._round_changed())
        self._round_changed()
        self.setMinimumWidth(640)

    def is_followup(self) -> bool:
        return self.round_combo.currentData() == SurveyRound.T1.value

    def _round_changed(self) -> None:
        t1 = self.is_followup()
        new = self.survey is None
        self.baseline_combo.setVisible(t1)
        label = self.form.labelForField(self.baseline_combo)
        if label is not None:
            label.setVisible(t1)
        self.t1_note.setVisible(t1 and new)
        self.groups.setEnabled(not (t1 and new))
        if new:
            self.scale.setEnabled(not t1)
        if t1 and new and not self.name_edit.text().strip() and self.baseline_combo.count():
            self.name_edit.setPlaceholderText(
                _t("f.eks. {b} – oppfølging").format(b=self.baseline_combo.currentText())
            )

    def apply(self) -> bool:
        project = self.ctx.project
        name = self.name_edit.text()
        opens, closes = self.opens.value(), self.closes.value()
        if self.survey is not None:
            sid, old_scale = self.survey.id, self.survey.scale
            groups = self.groups.value()

            def change() -> None:
                scale = self.scale.value()
                survey_service.update_survey(
                    project,
                    sid,
                    name=name,
                    opens_on=opens,
                    closes_on=closes,
                    groups=groups,
                    scale=scale if scale != old_scale else None,
                )

            return dialogs.perform_ok(self.ctx, change)
        if self.is_followup():
            base = self.baseline_combo.currentData()
            if not name.strip() and base is not None:
                name = self.name_edit.placeholderText().removeprefix("f.eks. ")
            new_id = self.ctx.perform(
                lambda: survey_service.create_followup(
                    project, base, name, opens_on=opens, closes_on=closes
                )
            )
        else:
            groups = self.groups.value()

            def create() -> int:
                scale = self.scale.value()
                return survey_service.create_survey(
                    project, name, groups=groups, scale=scale, opens_on=opens, closes_on=closes
                )

            new_id = self.ctx.perform(create)
        self.created_id = new_id
        return new_id is not None


# -- the import tab ------------------------------------------------------------------------------
class ImportTab(ProjectPage):
    """The files imported into the survey, and «Importer fil…»."""

    def __init__(self, ctx: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.survey_id: int | None = None
        self.survey: Survey | None = None
        self.last_summary_text = ""
        cols: list[Column[ImportRecord]] = [
            Column(_t("Fil"), lambda r: r.file_name, tooltip=lambda r: r.file_name, stretch=True),
            Column(_t("Gruppe"), lambda r: r.group.label, width=170),
            Column(
                _t("Importert"),
                lambda r: r.imported_at.strftime("%d.%m.%Y %H.%M"),
                sort=lambda r: r.imported_at,
                width=130,
            ),
            Column(
                _t("Svar"),
                lambda r: format_int(r.respondents),
                sort=lambda r: r.respondents,
                align=RIGHT,
                width=70,
            ),
        ]
        self.model: RecordTableModel[ImportRecord] = RecordTableModel(cols, parent=self)
        self.table = make_table(FilterProxy(self.model, self), self, sortable=False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName(_t("Importerte filer"))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        self.empty = EmptyOverlay(self.table, "")
        self.import_button = self.button(
            _t("Importer fil…"), _t("Hent svar fra en CSV- eller Excel-fil (Ctrl+I eller Insert)")
        )
        self.delete_button = self.button(
            _t("Slett import"), _t("Fjern filen og alle svarene fra den (Delete)")
        )
        self.import_button.clicked.connect(self.import_file)
        self.delete_button.clicked.connect(self.delete_import)
        ListKeys(
            self.table,
            add=self.import_file,
            remove=self.delete_import,
            enabled=lambda: self.writable,
        )
        shortcut = QShortcut(QKeySequence("Ctrl+I"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.import_file)
        self.result_label = style.hint("", self)
        top = QHBoxLayout()
        top.addWidget(
            style.hint(
                _t(
                    "Svar fra Nettskjema, Microsoft Forms, Questback o.l. (CSV eller Excel). "
                    "Samme fil kan ikke importeres to ganger."
                ),
                self,
            ),
            1,
        )
        top.addWidget(self.import_button)
        top.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.result_label)
        self.refresh()

    def set_survey(self, survey_id: int | None) -> None:
        if survey_id != self.survey_id:
            self.survey_id = survey_id
            self.result_label.setText("")
            self.refresh()

    def reload(self) -> None:
        self.survey = None
        rows: list[ImportRecord] = []
        if self.survey_id is not None:
            try:
                self.survey = survey_service.get_survey(self.ctx.project, self.survey_id)
                rows = survey_service.list_imports(self.ctx.project, self.survey_id)
            except ValidationError:
                self.survey_id = None
        key = current_key(self.table)
        self.model.set_rows(rows)
        if key is not None:
            select_keys(self.table, [key])
        self.empty.set_text(
            _t("Ingen filer importert ennå. Trykk «Importer fil…» (Ctrl+I).")
            if self.survey is not None
            else _t("Velg en undersøkelse i listen til venstre.")
        )

    def update_actions(self) -> None:
        w = self.writable and self.survey is not None
        self.import_button.setEnabled(w)
        self.delete_button.setEnabled(w and current_key(self.table) is not None)

    def import_file(self) -> None:
        if self.survey is None or not self.writable:
            return
        path = ask_open_path(self, "")
        if not path:
            return
        self.open_dialog(path)

    def open_dialog(self, path: str | None = None) -> ImportDialog | None:
        if self.survey is None:
            return None
        from pathlib import Path

        dialog = ImportDialog(self.ctx, self.survey, None, Path(path) if path else None, self)
        dialog.exec()
        if dialog.summary is not None:
            s = dialog.summary
            self.result_label.setText(
                _t("Importerte {n} svar fra «{file}» ({group}). Angre med Ctrl+Z.").format(
                    n=format_int(s.respondents), file=s.file_name, group=SHORT_GROUP[s.group]
                )
            )
            select_keys(self.table, [s.import_id])
        return dialog

    def delete_import(self) -> None:
        key = current_key(self.table)
        if key is None or not self.writable:
            return
        row = self.model.row_of_key(key)
        rec = self.model.record(row) if row is not None else None
        if rec is None:
            return
        if not dialogs.ask_confirm(
            self,
            _t("Slett import"),
            _t("Slette importen av «{file}»?").format(file=rec.file_name),
            [_t("{n} svar fra {group}").format(n=rec.respondents, group=SHORT_GROUP[rec.group])],
            _t("Slett import"),
        ):
            return
        project, iid = self.ctx.project, rec.id
        dialogs.perform_ok(self.ctx, lambda: survey_service.delete_import(project, iid))


# -- the page ------------------------------------------------------------------------------------
class SurveysPage(ProjectPage):
    def __init__(self, ctx: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.lines: list[SurveyLine] = []
        self.model: RecordTableModel[SurveyLine] = RecordTableModel(survey_columns(), parent=self)
        self.table = make_table(FilterProxy(self.model, self), self, sortable=False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName(_t("Undersøkelser"))
        self.table.doubleClicked.connect(lambda _i: self.edit_survey())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.empty = EmptyOverlay(
            self.table,
            _t(
                "Ingen undersøkelser ennå. Lag en ny med Ctrl+N – den får spørsmålene fra "
                "spørsmålsbanken for næringsliv, ansatte og politikere."
            ),
        )
        ListKeys(
            self.table,
            add=self.new_survey,
            edit=self.edit_survey,
            remove=self.delete_survey,
            enabled=lambda: self.writable,
        )
        self.new_button = self.button(_t("Ny undersøkelse…"), _t("Ny undersøkelse (Ctrl+N)"))
        self.followup_button = self.button(
            _t("Oppfølging (T1)…"), _t("Ny måling med de samme spørsmålene, for å se endringen")
        )
        self.edit_button = self.button(
            _t("Endre…"), _t("Endre navn, grupper, skala og datoer (F2)")
        )
        self.delete_button = self.button(
            _t("Slett"), _t("Slett undersøkelsen med alle svar (Delete)")
        )
        self.new_button.clicked.connect(self.new_survey)
        self.followup_button.clicked.connect(self.new_followup)
        self.edit_button.clicked.connect(self.edit_survey)
        self.delete_button.clicked.connect(self.delete_survey)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.table, 1)
        lv.addWidget(self.details)
        b1 = QHBoxLayout()
        b1.addWidget(self.new_button)
        b1.addWidget(self.followup_button)
        b1.addStretch(1)
        b2 = QHBoxLayout()
        b2.addWidget(self.edit_button)
        b2.addWidget(self.delete_button)
        b2.addStretch(1)
        lv.addLayout(b1)
        lv.addLayout(b2)

        self.editor = QuestionnaireEditor(ctx)
        self.entry = EntryTab(ctx)
        self.imports = ImportTab(ctx)
        self.results = SurveyResultsView(ctx)
        self.comments = SurveyCommentsView(ctx)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.editor, _t("Spørreskjema"))
        self.tabs.addTab(self.entry, _t("Registrer svar"))
        self.tabs.addTab(self.imports, _t("Import"))
        self.tabs.addTab(self.results, _t("Resultater"))
        self.tabs.addTab(self.comments, _t("Kommentarer"))

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        left.setMinimumWidth(280)
        split.setSizes([370, 1000])
        self.split = split
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(style.heading(_t("Spørreundersøkelser"), 1.5))
        layout.addWidget(split, 1)
        self.refresh()
        if self.model.rowCount():
            select_keys(self.table, [], fallback_row=0)

    def tab_views(self) -> list[QWidget]:
        return [self.editor, self.entry, self.imports, self.results, self.comments]

    # -- data ------------------------------------------------------------------------------
    def reload(self) -> None:
        project = self.ctx.project
        lines = []
        for summary in survey_service.list_surveys(project):
            lines.append(SurveyLine(summary, survey_service.get_survey(project, summary.id)))
        self.lines = lines
        key = current_key(self.table)
        row = self.table.currentIndex().row() if self.table.currentIndex().isValid() else None
        self.model.set_rows(lines)
        if key is not None or row is not None:
            select_keys(self.table, [key] if key is not None else [], fallback_row=row)
        self._show_details()

    def current_id(self) -> int | None:
        key = current_key(self.table)
        return int(str(key)) if key is not None else None

    def current_line(self) -> SurveyLine | None:
        key = self.current_id()
        row = self.model.row_of_key(key) if key is not None else None
        return self.model.record(row) if row is not None else None

    def _selection_changed(self) -> None:
        sid = self.current_id()
        for view in self.tab_views():
            setter = getattr(view, "set_survey", None)
            if setter is not None:
                setter(sid)
        self._show_details()
        self.update_actions()

    def _show_details(self) -> None:
        line = self.current_line()
        if line is None:
            self.details.setText("")
            return
        s = line.survey
        muted = style.muted_fg(self.palette()).name()
        rows = []
        for g in s.groups:
            rate = (
                _t("{p} % av {n}").format(p=round(100 * g.responses / g.invited), n=g.invited)
                if g.invited
                else _t("antall inviterte ikke oppgitt")
            )
            rows.append(
                f"<tr><td>{g.group.label}</td><td align='right'>&nbsp;&nbsp;<b>{g.responses}</b></td>"
                f"<td style='color:{muted}'>&nbsp;&nbsp;{rate}</td></tr>"
            )
        dates = ""
        if s.opens_on or s.closes_on:
            dates = f"{format_date(s.opens_on)} – {format_date(s.closes_on)}"
        base = (
            _t("Oppfølging av «{b}»").format(b=s.baseline_name) + "<br>" if s.baseline_name else ""
        )
        scale = _t("Skala {a}–{b}").format(a=s.scale.min, b=s.scale.max)
        dk = (
            _t(", {c} = vet ikke").format(c=s.scale.dont_know_code)
            if s.scale.dont_know_code is not None
            else ""
        )
        self.details.setText(
            f"<b>{_esc(s.name)}</b> ({s.round.label})<br>{base}"
            f"<span style='color:{muted}'>{scale}{dk} · {len(s.items)} spørsmål"
            f"{' · ' + dates if dates else ''}</span>"
            f"<table style='margin-top:4px'>{''.join(rows)}</table>"
        )

    def update_actions(self) -> None:
        line = self.current_line()
        w = self.writable
        self.new_button.setEnabled(w)
        self.followup_button.setEnabled(
            w and line is not None and line.summary.round is SurveyRound.T0
        )
        self.edit_button.setEnabled(w and line is not None)
        self.delete_button.setEnabled(w and line is not None)

    def select(self, survey_id: int) -> None:
        select_keys(self.table, [survey_id])

    # -- actions -----------------------------------------------------------------------------
    def new_survey(self, followup_of: int | None = None) -> None:
        if not self.writable:
            return
        summaries = [line.summary for line in self.lines]
        dialog = SurveyDialog(self.ctx, summaries, followup_of=followup_of, parent=self)
        if dialog.exec() and dialog.created_id is not None:
            self.select(dialog.created_id)
            self.table.setFocus()

    def new_followup(self) -> None:
        line = self.current_line()
        if line is None or line.summary.round is not SurveyRound.T0:
            return
        self.new_survey(followup_of=line.id)

    def edit_survey(self) -> None:
        line = self.current_line()
        if line is None or not self.writable:
            return
        summaries = [ln.summary for ln in self.lines]
        survey = survey_service.get_survey(self.ctx.project, line.id)
        SurveyDialog(self.ctx, summaries, survey, parent=self).exec()

    def delete_survey(self) -> None:
        line = self.current_line()
        if line is None or not self.writable:
            return
        s = line.survey
        details = [_t("{n} spørsmål i skjemaet").format(n=len(s.items))]
        if s.responses:
            details.insert(
                0,
                _t("{n} svar ({groups})").format(
                    n=format_int(s.responses), groups=line.per_group()
                ),
            )
        followups = [ln.summary.name for ln in self.lines if ln.summary.baseline_id == s.id]
        if followups:
            details.append(
                _t("koblingen fra oppfølgingen {names}").format(
                    names=", ".join(f"«{n}»" for n in followups)
                )
            )
        if not dialogs.ask_confirm(
            self,
            _t("Slett undersøkelse"),
            _t("Slette «{name}»? Du kan angre med Ctrl+Z.").format(name=s.name),
            details,
            _t("Slett undersøkelsen"),
        ):
            return
        row = self.model.row_of_key(s.id)
        project, sid = self.ctx.project, s.id
        dialogs.perform_ok(self.ctx, lambda: survey_service.delete_survey(project, sid))
        select_keys(self.table, [], fallback_row=row)


def _esc(text: str) -> str:
    import html

    return html.escape(text)


__all__ = ["ImportTab", "SurveyDialog", "SurveysPage"]
