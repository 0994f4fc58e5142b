"""Spørreskjema: the questionnaire of one survey (issue 4, point 2 and 3).

The survey holds its own copy of the items it asks, in order; here the consultant
adds items from the bank or own ones, words them per respondent group, orders and
removes them, and gets the questionnaire out as a paper form (PDF) or as text/Word
to paste into a web survey tool. Every change is one service call, one undo step.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QStandardPaths, Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.domain.survey import Item, ItemBank, ItemKind, Option, RespondentGroup
from nvk_desktop.domain.survey_project import Survey, SurveyItem
from nvk_desktop.errors import ValidationError
from nvk_desktop.importers.itembank import load_item_bank
from nvk_desktop.services import survey_documents
from nvk_desktop.services import surveys as survey_service
from ui import dialogs
from ui.context import ProjectContext
from ui.models import CENTER, RIGHT, Column, FilterProxy, RecordTableModel
from ui.widgets import style
from ui.widgets.keys import ListKeys, SearchKeys
from ui.widgets.page import ProjectPage
from ui.widgets.tables import (
    EmptyOverlay,
    current_key,
    make_table,
    select_keys,
    selected_keys,
)

CONTEXT = "SurveyEditor"


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


# Short names for counts and file names ("Registrert: 37 næringsliv · 12 ansatte").
SHORT_GROUP = {
    RespondentGroup.NAERINGSLIV: "næringsliv",
    RespondentGroup.ANSATTE: "ansatte",
    RespondentGroup.POLITIKERE: "politikere",
    RespondentGroup.UTVIKLINGSSELSKAP: "utviklingsselskap",
}

KIND_SHORT = {
    ItemKind.BACKGROUND: "Bakgrunn",
    ItemKind.SATISFACTION: "Tilfredshet",
    ItemKind.IMPORTANCE: "Viktighet",
    ItemKind.DIMENSION: "Dimensjon",
    ItemKind.OPEN: "Åpent",
}


def area_name(bank: ItemBank, area: str | None, kind: ItemKind | None = None) -> str:
    if area is None:
        return _t("Bakgrunn") if kind is ItemKind.BACKGROUND else _t("Generelt")
    try:
        return bank.area(area).name
    except KeyError:
        return area


def group_combo(groups: tuple[RespondentGroup, ...], parent: QWidget | None = None) -> QComboBox:
    combo = QComboBox(parent)
    for g in groups:
        combo.addItem(g.label, g.value)
    return combo


def set_combo_groups(
    combo: QComboBox, groups: tuple[RespondentGroup, ...], keep: RespondentGroup | None
) -> None:
    """Refill a group combo, keeping the chosen group when it is still there."""
    combo.blockSignals(True)
    combo.clear()
    for g in groups:
        combo.addItem(g.label, g.value)
    i = combo.findData(keep.value) if keep is not None else -1
    combo.setCurrentIndex(i if i >= 0 else 0 if groups else -1)
    combo.blockSignals(False)


def default_folder(ctx: ProjectContext) -> Path:
    path = getattr(ctx.project, "path", None)
    if path:
        return Path(path).parent
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))


def safe_file_name(text: str) -> str:
    bad = '<>:"/\\|?*'
    return "".join("-" if c in bad else c for c in text).strip() or "Spørreskjema"


def ask_save_path(parent: QWidget, title: str, start: Path, filters: str) -> tuple[str, str]:
    """The save dialog (a function of its own so tests can answer it)."""
    return QFileDialog.getSaveFileName(parent, title, str(start), filters)


def offer_open(parent: QWidget, title: str, path: Path) -> None:
    """«Lagret som …» with Åpne / Vis i mappe / Lukk (a name of its own here so that
    tests can answer it)."""
    dialogs.offer_open(parent, title, _t("Lagret som {name}.").format(name=Path(path).name), path)


class _MoveKeys(QObject):
    """Alt+Up/Down move the current question."""

    def __init__(self, view: QTableView, move: object) -> None:
        super().__init__(view)
        self._move = move
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        assert isinstance(event, QKeyEvent)
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods != Qt.KeyboardModifier.AltModifier:
            return False
        if event.key() not in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()
            return True
        self._move(-1 if event.key() == Qt.Key.Key_Up else 1)  # type: ignore[operator]
        return True


# -- dialogs ---------------------------------------------------------------------------------
class BankItemsDialog(QDialog):
    """Bank items that are not in the survey yet, by area and kind, multi-select."""

    def __init__(
        self, ctx: ProjectContext, survey: Survey, bank: ItemBank, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent or ctx.dialog_parent)
        self.ctx = ctx
        self.survey = survey
        self.setWindowTitle(_t("Legg til fra spørsmålsbanken"))
        self.setModal(True)
        have = {it.key for it in survey.items}
        groups = survey.group_values
        rows = [
            it for it in bank.items if it.id not in have and any(it.asked_of(g) for g in groups)
        ]
        order = {a.id: n for n, a in enumerate(bank.areas)}

        def text(it: Item) -> str:
            return next((it.texts[g] for g in groups if g in it.texts), "")

        cols: list[Column[Item]] = [
            Column(
                _t("Område"),
                lambda it: area_name(bank, it.area, it.kind),
                sort=lambda it: (order.get(it.area or "", -1), it.id),
                width=190,
            ),
            Column(_t("Type"), lambda it: KIND_SHORT[it.kind], width=95),
            Column(_t("Spørsmål"), text, tooltip=text, stretch=True),
            Column(
                _t("Grupper"),
                lambda it: ", ".join(SHORT_GROUP[g] for g in groups if it.asked_of(g)),
                width=200,
            ),
        ]
        self.model: RecordTableModel[Item] = RecordTableModel(
            cols, key=lambda it: it.id, parent=self
        )
        self.model.set_rows(rows)
        self.proxy = FilterProxy(self.model, self)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(_t("Filtrer på område, type eller tekst …"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = make_table(self.proxy, self, multi=True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName(_t("Spørsmål i banken"))
        self.empty = EmptyOverlay(
            self.table,
            _t("Alle spørsmålene i banken er allerede med i undersøkelsen.") if not rows else "",
        )
        SearchKeys(self.filter_edit, self.table)
        self.count = style.hint("", self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_t("Legg til"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_t("Avbryt"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self.table.doubleClicked.connect(lambda _i: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(
            style.hint(
                _t(
                    "Velg ett eller flere spørsmål (Ctrl eller Shift + klikk, Ctrl+A for alle "
                    "som vises). De legges til sist i skjemaet."
                )
            )
        )
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        self.resize(980, 560)
        self._update()

    def _update(self) -> None:
        n = len(self.selected_ids())
        self.ok_button.setEnabled(n > 0)
        self.count.setText(_t("{n} valgt").format(n=n) if n else "")

    def selected_ids(self) -> list[str]:
        return [str(k) for k in selected_keys(self.table)]

    def select_ids(self, ids: list[str]) -> None:
        select_keys(self.table, ids)

    def accept(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        sid = self.survey.id
        project = self.ctx.project
        if dialogs.perform_ok(self.ctx, lambda: survey_service.add_bank_items(project, sid, ids)):
            super().accept()


class OwnItemDialog(dialogs.EditDialog):
    """An own question: kind, area, the wording per group (at least one)."""

    KINDS = (ItemKind.SATISFACTION, ItemKind.IMPORTANCE, ItemKind.BACKGROUND, ItemKind.OPEN)

    def __init__(
        self, ctx: ProjectContext, survey: Survey, bank: ItemBank, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, _t("Eget spørsmål"), parent)
        self.survey = survey
        self.added_key: str | None = None
        self.kind_combo = dialogs.enum_combo(self.KINDS, ItemKind.SATISFACTION, self)
        self.area_combo = QComboBox(self)
        self.area_combo.addItem(_t("(intet område)"), None)
        for a in bank.areas:
            self.area_combo.addItem(a.name, a.id)
        self.area_combo.setCurrentIndex(1 if bank.areas else 0)
        self.form.addRow(_t("&Type:"), self.kind_combo)
        self.form.addRow(_t("&Område:"), self.area_combo)
        self.text_edits: dict[RespondentGroup, QLineEdit] = {}
        for g in survey.group_values:
            edit = QLineEdit(self)
            edit.setPlaceholderText(_t("Ordlyden til {group}").format(group=SHORT_GROUP[g]))
            self.text_edits[g] = edit
            self.form.addRow(g.label + ":", edit)
        self.options_edit = QPlainTextEdit(self)
        self.options_edit.setTabChangesFocus(True)
        self.options_edit.setPlaceholderText(_t("Ett svaralternativ per linje"))
        self.options_edit.setFixedHeight(90)
        self.options_label = QLabel(_t("&Svaralternativer:"), self)
        self.options_label.setBuddy(self.options_edit)
        self.form.addRow(self.options_label, self.options_edit)
        self.form.addRow(
            "",
            style.hint(
                _t("Skriv ordlyden for minst én gruppe. En gruppe uten tekst får ikke spørsmålet.")
            ),
        )
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self._kind_changed()
        self.setMinimumWidth(620)

    def kind(self) -> ItemKind:
        return ItemKind(self.kind_combo.currentData())

    def _kind_changed(self) -> None:
        background = self.kind() is ItemKind.BACKGROUND
        self.options_edit.setVisible(background)
        self.options_label.setVisible(background)
        self.area_combo.setEnabled(not background)

    def apply(self) -> bool:
        kind = self.kind()
        texts = {g: e.text() for g, e in self.text_edits.items() if e.text().strip()}
        area = None if kind is ItemKind.BACKGROUND else self.area_combo.currentData()
        options: list[Option] = []
        if kind is ItemKind.BACKGROUND:
            lines = [ln.strip() for ln in self.options_edit.toPlainText().splitlines()]
            options = [Option(str(n), ln) for n, ln in enumerate([x for x in lines if x], 1)]
        project, sid = self.ctx.project, self.survey.id
        key = self.ctx.perform(
            lambda: survey_service.add_own_item(
                project, sid, kind, texts, area=area, options=options
            )
        )
        self.added_key = key
        return key is not None


# -- the editor ------------------------------------------------------------------------------
class QuestionnaireEditor(ProjectPage):
    """The questionnaire of the survey chosen on the page (``set_survey``)."""

    def __init__(self, ctx: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.survey_id: int | None = None
        self.survey: Survey | None = None
        self.bank: ItemBank = load_item_bank(1)
        self._first_of_area: set[str] = set()

        self.group_combo = QComboBox(self)
        self.group_combo.setAccessibleName(_t("Respondentgruppe"))
        self.group_combo.currentIndexChanged.connect(lambda _i: self._group_changed())
        group_label = QLabel(_t("&Ordlyd for:"), self)
        group_label.setBuddy(self.group_combo)
        self.count_label = style.hint("", self)

        self.add_bank_button = self.button(
            _t("Legg til fra spørsmålsbanken…"), _t("Velg spørsmål fra banken (Insert)")
        )
        self.add_own_button = self.button(_t("Eget spørsmål…"), _t("Skriv et eget spørsmål"))
        self.up_button = self.button(_t("Flytt opp"), _t("Flytt spørsmålet opp (Alt+Pil opp)"))
        self.down_button = self.button(_t("Flytt ned"), _t("Flytt spørsmålet ned (Alt+Pil ned)"))
        self.remove_button = self.button(_t("Fjern"), _t("Fjern spørsmålet (Delete)"))
        self.print_button = self.button(
            _t("Skriv ut papirskjema…"),
            _t("Lag et papirskjema (PDF) for gruppen som er valgt"),
            edits=False,
        )
        self.export_button = self.button(
            _t("Eksporter til tekst/Word…"),
            _t("Lagre spørreskjemaet som tekst eller Word, for å lime inn i et nettskjema"),
            edits=False,
        )
        self.add_bank_button.clicked.connect(self.add_from_bank)
        self.add_own_button.clicked.connect(self.add_own)
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(1))
        self.remove_button.clicked.connect(self.remove)
        self.print_button.clicked.connect(self.print_form)
        self.export_button.clicked.connect(self.export)

        cols: list[Column[SurveyItem]] = [
            Column(_t("Nr."), lambda it: str(it.position + 1), align=RIGHT, width=46),
            Column(
                _t("Område"),
                lambda it: area_name(self.bank, it.area, it.kind),
                bold=lambda it: it.key in self._first_of_area,
                width=200,
            ),
            Column(_t("Type"), lambda it: KIND_SHORT[it.kind], width=92),
            Column(
                _t("Spørsmål"),
                self._text,
                tooltip=self._tooltip,
                foreground=self._text_colour,
                edit_value=lambda it: it.text(self.group()) or "",
                set_value=self._set_text,
                stretch=True,
            ),
            Column(
                _t("Eget"),
                lambda it: _t("Eget") if it.own else "",
                align=CENTER,
                width=56,
                tooltip=lambda it: (
                    _t("Eget spørsmål, ikke fra spørsmålsbanken") if it.own else None
                ),
            ),
        ]
        self.model: RecordTableModel[SurveyItem] = RecordTableModel(
            cols, key=lambda it: it.key, parent=self
        )
        self.proxy = FilterProxy(self.model, self)
        self.table = make_table(self.proxy, self, sortable=False)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setAccessibleName(_t("Spørsmål i skjemaet"))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        self.empty = EmptyOverlay(self.table, "")
        ListKeys(
            self.table,
            add=self.add_from_bank,
            edit=self.edit_text,
            remove=self.remove,
            enabled=lambda: self.writable and self.survey is not None,
        )
        _MoveKeys(self.table, self.move)

        top = QHBoxLayout()
        top.addWidget(group_label)
        top.addWidget(self.group_combo)
        top.addWidget(self.count_label, 1)
        top.addWidget(self.print_button)
        top.addWidget(self.export_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_bank_button)
        buttons.addWidget(self.add_own_button)
        buttons.addStretch(1)
        buttons.addWidget(style.hint(_t("F2: endre teksten"), self))
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.refresh()

    # -- data ----------------------------------------------------------------------------
    def set_survey(self, survey_id: int | None) -> None:
        if survey_id != self.survey_id:
            self.survey_id = survey_id
            self.refresh()

    def group(self) -> RespondentGroup:
        value = self.group_combo.currentData()
        return RespondentGroup(value) if value else RespondentGroup.NAERINGSLIV

    def reload(self) -> None:
        keep = self.group() if self.group_combo.count() else None
        self.survey = None
        if self.survey_id is not None:
            try:
                self.survey = survey_service.get_survey(self.ctx.project, self.survey_id)
            except ValidationError:
                self.survey_id = None
        s = self.survey
        if s is not None:
            self.bank = load_item_bank(s.bank_version)
        set_combo_groups(self.group_combo, s.group_values if s else (), keep)
        items = list(s.items) if s else []
        self._first_of_area = set()
        last: tuple[str | None, bool] | None = None
        for it in items:
            here = (it.area, it.kind is ItemKind.BACKGROUND)
            if here != last:
                self._first_of_area.add(it.key)
                last = here
        keys = selected_keys(self.table)
        row = self.table.currentIndex().row() if self.table.currentIndex().isValid() else None
        self.model.editable = self.writable
        self.model.set_rows(items)
        if keys or row is not None:
            select_keys(self.table, keys, fallback_row=row)
        if s is None:
            self.empty.set_text(_t("Velg en undersøkelse i listen til venstre."))
            self.count_label.setText("")
        else:
            self.empty.set_text(
                _t("Skjemaet har ingen spørsmål. Legg til fra spørsmålsbanken med Insert.")
            )
            self._count()

    def _count(self) -> None:
        s = self.survey
        if s is None:
            return
        n = len(s.items_for(self.group()))
        self.count_label.setText(
            _t("{n} av {total} spørsmål stilles til {group}").format(
                n=n, total=len(s.items), group=SHORT_GROUP[self.group()]
            )
        )

    def _group_changed(self) -> None:
        self._count()
        self.model.layoutChanged.emit()

    def _text(self, it: SurveyItem) -> str:
        return it.text(self.group()) or _t("(stilles ikke til denne gruppen)")

    def _tooltip(self, it: SurveyItem) -> str:
        lines = [f"{g.label}: {t}" for g, t in it.texts.items()]
        if it.options:
            lines.append(_t("Svaralternativer: ") + ", ".join(o.label for o in it.options))
        return "\n".join(lines)

    def _text_colour(self, it: SurveyItem) -> QColor | None:
        return None if it.asked_of(self.group()) else style.muted_fg(self.palette())

    def update_actions(self) -> None:
        has = self.survey is not None
        key = self.current_key()
        w = self.writable and has
        self.add_bank_button.setEnabled(w)
        self.add_own_button.setEnabled(w)
        self.remove_button.setEnabled(w and key is not None)
        rows = self.model.rowCount()
        row = self.model.row_of_key(key) if key is not None else None
        self.up_button.setEnabled(w and row is not None and row > 0)
        self.down_button.setEnabled(w and row is not None and row < rows - 1)
        asked = has and bool(self.survey and self.survey.items_for(self.group()))
        self.print_button.setEnabled(asked)
        self.export_button.setEnabled(asked)

    def current_key(self) -> str | None:
        key = current_key(self.table)
        return str(key) if key is not None else None

    def select(self, key: str) -> None:
        select_keys(self.table, [key])

    # -- changes ---------------------------------------------------------------------------
    def _set_text(self, it: SurveyItem, value: object) -> bool:
        text = str(value or "")
        if text.strip() == (it.text(self.group()) or "").strip():
            return False
        sid, project, group = self.survey_id, self.ctx.project, self.group()
        assert sid is not None
        return dialogs.perform_ok(
            self.ctx, lambda: survey_service.set_item_text(project, sid, it.key, group, text)
        )

    def edit_text(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.writable:
            return
        self.table.edit(index.siblingAtColumn(3))

    def add_from_bank(self) -> None:
        if self.survey is None or not self.writable:
            return
        dialog = BankItemsDialog(self.ctx, self.survey, self.bank, self)
        dialog.exec()

    def add_own(self) -> None:
        if self.survey is None or not self.writable:
            return
        dialog = OwnItemDialog(self.ctx, self.survey, self.bank, self)
        if dialog.exec() and dialog.added_key:
            self.select(dialog.added_key)
            self.table.setFocus()

    def move(self, offset: int) -> None:
        key = self.current_key()
        if key is None or self.survey_id is None or not self.writable:
            return
        sid, project = self.survey_id, self.ctx.project
        dialogs.perform_ok(self.ctx, lambda: survey_service.move_item(project, sid, key, offset))
        self.select(key)

    def remove(self) -> None:
        key = self.current_key()
        if key is None or self.survey_id is None or not self.writable:
            return
        sid, project = self.survey_id, self.ctx.project
        row = self.model.row_of_key(key)
        answers = survey_service.item_answer_count(project, sid, key)
        if answers:
            it = self.model.record(row) if row is not None else None
            text = (it.text(self.group()) or next(iter(it.texts.values()), "")) if it else key
            if not dialogs.ask_confirm(
                self,
                _t("Fjern spørsmål"),
                _t("Spørsmålet «{text}» har {n} svar. Vil du fjerne det likevel?").format(
                    text=text if len(text) <= 80 else text[:79] + "…", n=answers
                ),
                [_t("{n} svar på spørsmålet").format(n=answers)],
                _t("Fjern spørsmål og svar"),
            ):
                return
        dialogs.perform_ok(
            self.ctx,
            lambda: survey_service.remove_item(project, sid, key, force=answers > 0),
        )
        if row is not None:
            select_keys(self.table, [], fallback_row=row)

    # -- getting it out ---------------------------------------------------------------------
    def _file_stem(self) -> str:
        assert self.survey is not None
        return safe_file_name(f"{self.survey.name} – {self.group().label}")

    def print_form(self) -> None:
        if self.survey is None:
            return
        start = default_folder(self.ctx) / (self._file_stem() + ".pdf")
        path, _ = ask_save_path(self, _t("Skriv ut papirskjema"), start, _t("PDF-dokument (*.pdf)"))
        if not path:
            return
        out = Path(path)
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
        project, sid, group = self.ctx.project, self.survey.id, self.group()
        self.ctx.runner.run(
            _t("Lager papirskjema"),
            lambda _p: survey_documents.make_questionnaire_pdf(project, sid, group, out),
            lambda p: self.document_done(_t("Papirskjemaet er laget"), p),
        )

    def export(self) -> None:
        if self.survey is None:
            return
        start = default_folder(self.ctx) / (self._file_stem() + ".docx")
        word, text = _t("Word-dokument (*.docx)"), _t("Tekstfil (*.txt)")
        path, chosen = ask_save_path(self, _t("Eksporter spørreskjema"), start, f"{word};;{text}")
        if not path:
            return
        out = Path(path)
        fmt = out.suffix.lower().lstrip(".")
        if fmt not in ("txt", "docx"):
            fmt = "txt" if chosen == text else "docx"
            out = out.with_name(f"{out.name}.{fmt}")
        project, sid, group = self.ctx.project, self.survey.id, self.group()
        self.ctx.runner.run(
            _t("Eksporterer spørreskjema"),
            lambda _p: survey_documents.export_questionnaire(project, sid, group, out, fmt),
            lambda p: self.document_done(_t("Spørreskjemaet er eksportert"), p),
        )

    def document_done(self, title: str, path: Path) -> None:
        self.last_document = Path(path)
        offer_open(self, title, Path(path))


__all__ = [
    "BankItemsDialog",
    "OwnItemDialog",
    "QuestionnaireEditor",
    "SHORT_GROUP",
    "offer_open",
]
