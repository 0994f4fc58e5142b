"""Registrer svar: typing in paper forms, one respondent per screen (issue 4, point 4a).

Made for one hand on the numpad: a digit sets the answer (two digits or «10» on a
0–10 scale), «v», «,» or «.» is «vet ikke», Enter goes to the next question and, on
the last one, saves the respondent (one service call, one undo step) and clears the
form for the next. A digit outside the scale is refused at the row, nothing stored.
Ctrl+Z undoes the last saved respondent.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.domain.survey import ItemBank, ItemKind, RespondentGroup, Scale
from nvk_desktop.domain.survey_project import Answer, Response, Survey, SurveyItem
from nvk_desktop.errors import ValidationError
from nvk_desktop.importers.itembank import load_item_bank
from nvk_desktop.services import surveys as survey_service
from ui import dialogs
from ui.context import ProjectContext
from ui.models import RIGHT, Column, FilterProxy, RecordTableModel
from ui.pages.survey_editor import SHORT_GROUP, set_combo_groups
from ui.widgets import style
from ui.widgets.keys import ListKeys
from ui.widgets.page import ProjectPage
from ui.widgets.tables import EmptyOverlay, current_key, make_table, select_keys

CONTEXT = "SurveyEntry"

UNSET = object()
"""A row without an answer (None is a real answer: «vet ikke»)."""

DONT_KNOW_KEYS = {"v", "V", ",", "."}


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def counts_text(counts: dict[RespondentGroup, int]) -> str:
    """«Registrert: 37 næringsliv · 12 ansatte»."""
    if not counts:
        return ""
    parts = [f"{n} {SHORT_GROUP[g]}" for g, n in counts.items()]
    return _t("Registrert: ") + " · ".join(parts)


@dataclass(frozen=True)
class _Codes:
    """What can be typed in a row: code → answer, and how to say it."""

    values: dict[str, Answer]
    labels: dict[str, str]
    allowed: str  # «1–5», «1–9» …
    dont_know: bool

    def ok_prefix(self, text: str) -> bool:
        return any(k.startswith(text) for k in self.values)


def _scale_codes(scale: Scale, labels: dict[int, str]) -> _Codes:
    values: dict[str, Answer] = {str(v): v for v in scale.values}
    names = {str(v): labels.get(v, scale.label(v)) for v in scale.values}
    if scale.dont_know_code is not None:
        values[str(scale.dont_know_code)] = None
        names[str(scale.dont_know_code)] = scale.dont_know_label
    return _Codes(values, names, f"{scale.min}–{scale.max}", True)


def _option_codes(item: SurveyItem) -> _Codes:
    values: dict[str, Answer] = {str(n): o.code for n, o in enumerate(item.options, 1)}
    names = {str(n): o.label for n, o in enumerate(item.options, 1)}
    return _Codes(values, names, f"1–{len(item.options)}", False)


class AnswerEdit(QLineEdit):
    """The input of one closed question: digits set the answer, Enter moves on."""

    def __init__(self, row: AnswerRow, codes: _Codes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self.codes = codes
        self.answer: object = UNSET
        self.setFixedWidth(54)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFont(style.scaled_font(self.font(), 1.25, bold=True))
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)

    def set_answer(self, text: str) -> None:
        """Show a code (or "" for none) and what it means."""
        if text == "":
            self.answer = UNSET
        elif text == "v":
            self.answer = None
        elif text in self.codes.values:
            self.answer = self.codes.values[text]
        else:
            self.answer = UNSET  # a prefix of a longer code (e.g. «9» of «99»)
        self.setText(text)
        self.row.show_value()

    @property
    def pending(self) -> bool:
        """Typed, but not (yet) a code: refused when the form is saved."""
        return bool(self.text()) and self.answer is UNSET

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(e, QKeyEvent)
            if e.matches(QKeySequence.StandardKey.Undo):
                e.accept()  # ours: undo the last saved respondent, not the field
                return True
        return super().event(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if self.row.form.handle_common_key(self.row, e):
            return
        key, text = e.key(), e.text()
        if key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.set_answer("")
            self.row.say("")
            return
        if text and text in DONT_KNOW_KEYS:
            if not self.codes.dont_know:
                self.row.say(
                    _t("Dette spørsmålet har ikke «vet ikke». Bruk {a}.").format(
                        a=self.codes.allowed
                    ),
                    error=True,
                )
                return
            self.set_answer("v")
            self.row.say("")
            return
        if text and text.isdigit():
            current = self.text() if self.text().isdigit() else ""
            for candidate in (current + text, text):
                if candidate and self.codes.ok_prefix(candidate):
                    self.set_answer(candidate)
                    self.row.say("")
                    return
            self.row.refuse(text)
            return
        if text and text.isprintable() and not e.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.row.refuse(text)
            return
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End):
            return
        super().keyPressEvent(e)


class OpenEdit(QLineEdit):
    """The text field of an open question: Enter moves on."""

    def __init__(self, row: AnswerRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self.setPlaceholderText(_t("Skriv svaret, eller la feltet stå tomt"))
        self.textChanged.connect(lambda _t: row.show_value())

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(e, QKeyEvent)
            if e.matches(QKeySequence.StandardKey.Undo) and not self.isUndoAvailable():
                e.accept()
                return True
        return super().event(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.matches(QKeySequence.StandardKey.Undo) and self.isUndoAvailable():
            super().keyPressEvent(e)
            return
        if self.row.form.handle_common_key(self.row, e):
            return
        super().keyPressEvent(e)


class AnswerRow:
    """One question of the form: number, text, what can be typed, the input, a message."""

    def __init__(
        self,
        form: EntryTab,
        n: int,
        item: SurveyItem,
        group: RespondentGroup,
        scale: Scale,
        bank: ItemBank,
        parent: QWidget,
    ) -> None:
        self.form = form
        self.item = item
        text = item.text(group) or ""
        self.number = QLabel(f"{n}.", parent)
        self.number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.question = QLabel(text, parent)
        self.question.setWordWrap(True)
        self.codes: _Codes | None = None
        if item.kind.is_scale:
            labels = dict(scale.labels)
            if item.kind is ItemKind.IMPORTANCE and (scale.min, scale.max) == (1, 5):
                labels.update(bank.importance_labels)
            self.codes = _scale_codes(scale, labels)
        elif item.kind is ItemKind.BACKGROUND:
            self.codes = _option_codes(item)
        self.dont_know_text = ""
        if self.codes is not None:
            self.shown = [k for k in self.codes.labels if self.codes.values[k] is not None]
            if self.codes.dont_know:
                dk = _t("v = vet ikke")
                if scale.dont_know_code is not None:
                    dk = _t("v eller {c} = vet ikke").format(c=scale.dont_know_code)
                self.dont_know_text = dk
            self.hint = style.hint("", parent)
            self.hint.setTextFormat(Qt.TextFormat.RichText)
            self.edit: QLineEdit = AnswerEdit(self, self.codes, parent)
        else:
            self.shown = []
            self.hint = style.hint("", parent)
            self.hint.setVisible(False)
            self.edit = OpenEdit(self, parent)
        self.edit.setAccessibleName(_t("Svar på spørsmål {n}").format(n=n))
        self.hint.setFont(style.scaled_font(self.hint.font(), 0.9))
        self.message = QLabel(parent)
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        pal = self.message.palette()
        pal.setColor(QPalette.ColorRole.WindowText, style.overdue_fg(pal))
        self.message.setPalette(pal)
        self.show_value()

    # -- the answer -------------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return isinstance(self.edit, OpenEdit)

    def answer(self) -> object:
        """The answer, or UNSET."""
        if isinstance(self.edit, AnswerEdit):
            return self.edit.answer
        text = self.edit.text().strip()
        return text if text else UNSET

    def set_answer(self, value: Answer) -> None:
        if isinstance(self.edit, AnswerEdit):
            assert self.codes is not None
            if value is None:
                self.edit.set_answer("v")
            else:
                code = next((k for k, v in self.codes.values.items() if v == value), "")
                self.edit.set_answer(code)
        else:
            self.edit.setText(str(value or ""))
        self.say("")

    def clear(self) -> None:
        if isinstance(self.edit, AnswerEdit):
            self.edit.set_answer("")
        else:
            self.edit.clear()
        self.say("")

    def show_value(self) -> None:
        """The scale or the options under the question, the chosen one marked."""
        if not isinstance(self.edit, AnswerEdit) or self.codes is None:
            return
        a = self.edit.answer
        code = self.edit.text()
        mark = style.accent(self.hint.palette()).name()
        parts = []
        for k in self.shown:
            label = html.escape(self.codes.labels[k])
            text = f"{k}&nbsp;{label}" if label != k else k
            if a is not UNSET and a is not None and k == code:
                text = f"<b style='color:{mark}'>[{text}]</b>"
            parts.append(text)
        if self.dont_know_text:
            dk = html.escape(self.dont_know_text)
            parts.append(f"<b style='color:{mark}'>[{dk}]</b>" if a is None else dk)
        self.hint.setText(" · ".join(parts))

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def refuse(self, typed: str) -> None:
        assert self.codes is not None
        dk = _t(", eller v for vet ikke") if self.codes.dont_know else ""
        if typed.isdigit():
            what = (
                _t("«{x}» er ikke på skalaen.")
                if self.item.kind.is_scale
                else _t("«{x}» er ikke et svaralternativ.")
            ).format(x=typed)
        else:
            what = _t("Skriv et tall.")
        self.say(
            f"{what} "
            + _t("Bruk {a}{dk}. Ingenting er lagret.").format(a=self.codes.allowed, dk=dk)
        )
        QApplication.beep()


@dataclass(frozen=True)
class _Entered:
    """A line of the list of typed-in respondents."""

    number: int
    response: Response

    @property
    def id(self) -> int:
        return self.response.id


class EntryTab(ProjectPage):
    """Keyboard entry of paper forms for the survey chosen on the page."""

    def __init__(self, ctx: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.survey_id: int | None = None
        self.survey: Survey | None = None
        self.rows: list[AnswerRow] = []
        self.editing_id: int | None = None
        self._form_signature: object = None
        self.last_saved_id: int | None = None

        self.group_combo = QComboBox(self)
        self.group_combo.setAccessibleName(_t("Respondentgruppe"))
        self.group_combo.currentIndexChanged.connect(lambda _i: self._group_changed())
        group_label = QLabel(_t("&Gruppe:"), self)
        group_label.setBuddy(self.group_combo)
        self.count_label = QLabel(self)
        self.count_label.setFont(style.scaled_font(self.count_label.font(), 1.1, bold=True))
        self.count_label.setWordWrap(True)
        self.state_label = style.hint("", self)
        self.save_button = self.button(
            _t("Lagre skjema"), _t("Lagre respondenten (Enter på siste spørsmål, eller Ctrl+Enter)")
        )
        self.clear_button = self.button(_t("Tøm skjemaet"), _t("Begynn på nytt (Esc)"), edits=False)
        self.save_button.clicked.connect(self.save)
        self.clear_button.clicked.connect(self.cancel_form)

        self.form_widget = QWidget()
        self.grid = QGridLayout(self.form_widget)
        self.grid.setContentsMargins(8, 8, 8, 8)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(2, 1)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.StyledPanel)
        self.scroll.setWidget(self.form_widget)
        self.empty_label = style.empty_state("", self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        # The respondents typed in for this group.
        cols: list[Column[_Entered]] = [
            Column(
                _t("Nr."), lambda e: str(e.number), sort=lambda e: e.number, align=RIGHT, width=40
            ),
            Column(
                _t("Registrert"),
                lambda e: (
                    e.response.entered_at.strftime("%d.%m.%Y %H.%M")
                    if e.response.entered_at
                    else ""
                ),
                width=128,
            ),
            Column(
                _t("Svar"),
                lambda e: str(sum(1 for v in e.response.answers.values() if v is not None)),
                sort=lambda e: len(e.response.answers),
                align=RIGHT,
                width=50,
            ),
        ]
        self.list_model: RecordTableModel[_Entered] = RecordTableModel(cols, parent=self)
        self.list_proxy = FilterProxy(self.list_model, self)
        self.list_view = make_table(self.list_proxy, self, sortable=False)
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list_view.setAccessibleName(_t("Registrerte skjemaer"))
        self.list_view.doubleClicked.connect(lambda _i: self.reopen())
        self.list_empty = EmptyOverlay(self.list_view, _t("Ingen skjemaer tastet inn ennå."))
        ListKeys(self.list_view, edit=self.reopen, remove=self.delete_selected)
        self.reopen_button = self.button(
            _t("Rett…"), _t("Åpne skjemaet igjen for å rette det (Enter)")
        )
        self.delete_button = self.button(_t("Slett"), _t("Slett respondenten (Delete)"))
        self.reopen_button.clicked.connect(self.reopen)
        self.delete_button.clicked.connect(self.delete_selected)
        self.list_view.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())

        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(group_label)
        top.addWidget(self.group_combo)
        top.addSpacing(16)
        top.addWidget(self.count_label, 1)
        lv.addLayout(top)
        lv.addWidget(self.state_label)
        lv.addWidget(self.scroll, 1)
        lv.addWidget(self.empty_label, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(
            style.hint(
                _t(
                    "Tall = svar · v eller komma = vet ikke · Enter = neste · Pil opp/ned · "
                    "Enter på siste lagrer · Ctrl+Z angrer siste lagrede"
                ),
                self,
            ),
            1,
        )
        bottom.addWidget(self.clear_button)
        bottom.addWidget(self.save_button)
        lv.addLayout(bottom)

        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        self.list_title = style.heading(_t("Tastet inn"), 1.05, right)
        rv.addWidget(self.list_title)
        rv.addWidget(self.list_view, 1)
        rb = QHBoxLayout()
        rb.addStretch(1)
        rb.addWidget(self.reopen_button)
        rb.addWidget(self.delete_button)
        rv.addLayout(rb)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        right.setMinimumWidth(250)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.addWidget(split)
        self.refresh()

    # -- data ----------------------------------------------------------------------------
    def set_survey(self, survey_id: int | None) -> None:
        if survey_id != self.survey_id:
            self.survey_id = survey_id
            self.editing_id = None
            self.refresh()

    def group(self) -> RespondentGroup | None:
        value = self.group_combo.currentData()
        return RespondentGroup(value) if value else None

    def reload(self) -> None:
        keep = self.group()
        self.survey = None
        if self.survey_id is not None:
            try:
                self.survey = survey_service.get_survey(self.ctx.project, self.survey_id)
            except ValidationError:
                self.survey_id = None
        s = self.survey
        set_combo_groups(self.group_combo, s.group_values if s else (), keep)
        self._build_form()
        self._reload_list()
        self._show_counts()

    def _show_counts(self) -> None:
        s = self.survey
        self.count_label.setText(counts_text({g.group: g.responses for g in s.groups}) if s else "")

    def _signature(self) -> object:
        s, g = self.survey, self.group()
        if s is None or g is None:
            return None
        items = tuple((it.key, it.kind, it.text(g), it.options) for it in s.items_for(g))
        return (s.id, g, s.scale, items)

    def _build_form(self) -> None:
        """Build the rows again only when the questions changed: typed answers stay."""
        sig = self._signature()
        if sig == self._form_signature:
            return
        self._form_signature = sig
        kept = self.answers() if self.rows else {}
        for r in self.rows:
            for w in (r.number, r.question, r.hint, r.edit, r.message):
                w.deleteLater()
        self.rows = []
        s, g = self.survey, self.group()
        items = s.items_for(g) if s is not None and g is not None else []
        if s is None:
            self.empty_label.setText(_t("Velg en undersøkelse i listen til venstre."))
        elif not items:
            self.empty_label.setText(
                _t(
                    "Skjemaet har ingen spørsmål til denne gruppen. Legg dem til under Spørreskjema."
                )
            )
        self.empty_label.setVisible(not items)
        self.scroll.setVisible(bool(items))
        if s is None or g is None:
            return
        bank = load_item_bank(s.bank_version)
        for n, item in enumerate(items, 1):
            row = AnswerRow(self, n, item, g, s.scale, bank, self.form_widget)
            base = (n - 1) * 3
            self.grid.addWidget(
                row.number, base, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            )
            self.grid.addWidget(row.question, base, 2)
            if row.is_open:
                self.grid.addWidget(row.edit, base + 1, 2)
            else:
                self.grid.addWidget(row.edit, base, 1, Qt.AlignmentFlag.AlignTop)
                self.grid.addWidget(row.hint, base + 1, 2)
            self.grid.addWidget(row.message, base + 2, 2)
            self.rows.append(row)
            if item.key in kept:
                row.set_answer(kept[item.key])
        self.grid.setRowStretch(len(items) * 3, 1)
        self._update_state()

    def _reload_list(self) -> None:
        s, g = self.survey, self.group()
        rows: list[_Entered] = []
        if s is not None and g is not None:
            typed = [
                r
                for r in survey_service.list_responses(self.ctx.project, s.id, g)
                if r.import_id is None
            ]
            rows = [_Entered(n, r) for n, r in enumerate(typed, 1)]
        key = current_key(self.list_view)
        self.list_model.set_rows(rows)
        if key is not None:
            select_keys(self.list_view, [key])
        self.list_title.setText(
            _t("Tastet inn for {group} ({n})").format(group=SHORT_GROUP[g], n=len(rows))
            if g is not None
            else _t("Tastet inn")
        )

    def update_actions(self) -> None:
        has_form = bool(self.rows)
        w = self.writable and has_form
        for r in self.rows:
            r.edit.setReadOnly(not self.writable)
        self.save_button.setEnabled(w)
        chosen = current_key(self.list_view) is not None
        self.reopen_button.setEnabled(w and chosen)
        self.delete_button.setEnabled(self.writable and chosen)

    def _group_changed(self) -> None:
        if self.dirty() and not dialogs.ask_confirm(
            self,
            _t("Bytt gruppe"),
            _t("Svarene du har tastet på dette skjemaet er ikke lagret. Forkaste dem?"),
            action=_t("Forkast"),
        ):
            return
        self.editing_id = None
        for r in self.rows:
            r.clear()
        self._form_signature = None
        self._build_form()
        self._reload_list()
        self.sync_controls()
        self.focus_first()

    # -- the form ------------------------------------------------------------------------------
    def answers(self) -> dict[str, Answer]:
        out: dict[str, Answer] = {}
        for r in self.rows:
            a = r.answer()
            if a is not UNSET:
                out[r.item.key] = a  # type: ignore[assignment]
        return out

    def dirty(self) -> bool:
        return any(r.answer() is not UNSET or r.edit.text() for r in self.rows)

    def focus_first(self) -> None:
        if self.rows:
            self.focus_row(0)

    def focus_row(self, i: int) -> None:
        i = max(0, min(i, len(self.rows) - 1))
        edit = self.rows[i].edit
        edit.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(edit, AnswerEdit):
            edit.selectAll()
        QTimer.singleShot(
            0,
            lambda: (
                self.scroll.ensureWidgetVisible(self.rows[i].question, 50, 80)
                if i < len(self.rows)
                else None
            ),
        )

    def handle_common_key(self, row: AnswerRow, e: QKeyEvent) -> bool:
        """Keys every input shares: Enter, arrows, Esc, Ctrl+Enter, Ctrl+Z."""
        i = self.rows.index(row)
        key = e.key()
        ctrl = bool(e.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if e.matches(QKeySequence.StandardKey.Undo):
            self.undo_last()
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if ctrl or i == len(self.rows) - 1:
                self.save()
            elif isinstance(row.edit, AnswerEdit) and row.edit.pending:
                row.refuse(row.edit.text())
            else:
                self.focus_row(i + 1)
            return True
        if key == Qt.Key.Key_Down:
            self.focus_row(i + 1)
            return True
        if key == Qt.Key.Key_Up:
            self.focus_row(i - 1)
            return True
        if key == Qt.Key.Key_Escape:
            self.cancel_form()
            return True
        return False

    def save(self) -> None:
        if self.survey is None or not self.rows or not self.writable:
            return
        g = self.group()
        assert g is not None
        for i, r in enumerate(self.rows):
            if isinstance(r.edit, AnswerEdit) and r.edit.pending:
                r.refuse(r.edit.text())
                self.focus_row(i)
                return
        answers = self.answers()
        project, sid = self.ctx.project, self.survey.id
        if self.editing_id is not None:
            rid = self.editing_id
            if not dialogs.perform_ok(
                self.ctx, lambda: survey_service.update_response(project, rid, answers)
            ):
                return
            self.editing_id = None
        else:
            new_id = self.ctx.perform(lambda: survey_service.add_response(project, sid, g, answers))
            if new_id is None:
                return
            self.last_saved_id = new_id
        for r in self.rows:
            r.clear()
        self._update_state()
        self.focus_first()

    def cancel_form(self) -> None:
        was_editing = self.editing_id is not None
        self.editing_id = None
        for r in self.rows:
            r.clear()
        self._update_state()
        if was_editing or self.rows:
            self.focus_first()

    def undo_last(self) -> None:
        """Ctrl+Z in the form: undo the last change (the last saved respondent)."""
        if self.ctx.undo_stack.canUndo():
            self.ctx.undo_stack.undo()

    def _update_state(self) -> None:
        if self.editing_id is not None:
            n = next((e.number for e in self.list_model.rows if e.id == self.editing_id), None)
            self.state_label.setText(
                _t(
                    "Retter skjema nr. {n}. Enter på siste spørsmål lagrer endringen; Esc avbryter."
                ).format(n=n or "?")
            )
            self.save_button.setText(_t("Lagre endringen"))
        else:
            g = self.group()
            self.state_label.setText(
                _t("Nytt skjema for {group}. Skriv svarene og trykk Enter.").format(
                    group=SHORT_GROUP[g]
                )
                if g is not None and self.rows
                else ""
            )
            self.save_button.setText(_t("Lagre skjema"))

    # -- the list ------------------------------------------------------------------------------
    def _chosen(self) -> _Entered | None:
        key = current_key(self.list_view)
        row = self.list_model.row_of_key(key) if key is not None else None
        return self.list_model.record(row) if row is not None else None

    def reopen(self) -> None:
        e = self._chosen()
        if e is None or not self.writable:
            return
        if (
            self.dirty()
            and self.editing_id != e.id
            and not dialogs.ask_confirm(
                self,
                _t("Rett skjema"),
                _t("Svarene du har tastet på dette skjemaet er ikke lagret. Forkaste dem?"),
                action=_t("Forkast"),
            )
        ):
            return
        self.editing_id = e.id
        for r in self.rows:
            if r.item.key in e.response.answers:
                r.set_answer(e.response.answers[r.item.key])
            else:
                r.clear()
        self._update_state()
        self.focus_first()

    def delete_selected(self) -> None:
        e = self._chosen()
        if e is None or not self.writable:
            return
        if not dialogs.ask_confirm(
            self,
            _t("Slett skjema"),
            _t("Slette skjema nr. {n}? Du kan angre med Ctrl+Z.").format(n=e.number),
            action=_t("Slett"),
        ):
            return
        if self.editing_id == e.id:
            self.cancel_form()
        row = self.list_model.row_of_key(e.id)
        project, rid = self.ctx.project, e.id
        dialogs.perform_ok(self.ctx, lambda: survey_service.delete_response(project, rid))
        select_keys(self.list_view, [], fallback_row=row)
