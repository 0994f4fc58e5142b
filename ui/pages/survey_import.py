"""Importer fil: the import wizard for CSV/XLSX exports (issue 4, point 4b).

Choose a file and a group; the file is read through the runner and the dialog shows
how it was read (encoding, delimiter, header row, layout), which question each column
is matched to (with a combo to correct it or ignore the column), the first rows as
they will be stored, and every problem by row and column. «Importer» stays off while
there are errors; the import runs through the runner with progress and Avbryt, and is
one undo step. The service remembers the confirmed mapping for the next file.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.domain.survey import ItemKind, RespondentGroup
from nvk_desktop.domain.survey_project import Answer, ImportPreview, ImportSummary, Survey
from nvk_desktop.errors import KnownError
from nvk_desktop.importers.survey_import import ColumnMapping, ColumnMatch, MatchKind, parse_answers
from nvk_desktop.importers.tabular import Problem, read_table
from nvk_desktop.services import surveys as survey_service
from ui.context import ProjectContext
from ui.models import RIGHT, Column, FilterProxy, RecordTableModel
from ui.pages.survey_editor import SHORT_GROUP, group_combo
from ui.runner import Cancelled, Progress
from ui.widgets import style
from ui.widgets.keys import ListKeys
from ui.widgets.tables import make_table

CONTEXT = "SurveyImport"
SAMPLE_ROWS = 15
Index = QModelIndex | QPersistentModelIndex


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def ask_open_path(parent: QWidget, start: str) -> str:
    """The open dialog (a function of its own so tests can answer it)."""
    path, _ = QFileDialog.getOpenFileName(
        parent,
        _t("Velg fil med svar"),
        start,
        _t("Svarfiler (*.csv *.xlsx *.txt);;Alle filer (*)"),
    )
    return path


def warning_fg() -> QColor:
    return QColor("#ffcc80") if style.is_dark() else QColor("#8a5300")


def warning_bg() -> QColor:
    return QColor("#4a3a1f") if style.is_dark() else QColor("#fff4e0")


@dataclass(frozen=True)
class PreviewData:
    """What the worker read: the service's preview and a sample of rows."""

    preview: ImportPreview
    headers: list[str]
    sample: list[tuple[int, list[str]]]  # file row number, raw cells
    parsed: dict[int, dict[str, Answer]]  # file row number → answers (when readable)


@dataclass(frozen=True)
class _ProblemLine:
    n: int
    problem: Problem

    @property
    def id(self) -> int:
        return self.n


def read_preview(
    project: Any,
    survey: Survey,
    group: RespondentGroup,
    path: Path,
    mapping: ColumnMapping | None,
) -> PreviewData:
    """On the worker: the service's preview, then the first rows parsed with its mapping."""
    preview = survey_service.preview_import(project, survey.id, group, path, mapping)
    table = read_table(path)
    n = min(SAMPLE_ROWS, len(table.rows))
    small = replace(table, rows=table.rows[:n], row_numbers=table.row_numbers[:n], problems=())
    items = [it.to_item() for it in survey.items if it.asked_of(group)]
    parsed: dict[int, dict[str, Answer]] = {}
    if n:
        result = parse_answers(small, preview.mapping, items, survey.scale)
        parsed = dict(zip(result.row_numbers, result.respondents, strict=True))
    return PreviewData(
        preview,
        list(table.headers),
        list(zip(table.row_numbers[:n], table.rows[:n], strict=True)),
        parsed,
    )


class ItemComboDelegate(QStyledItemDelegate):
    """The «Spørsmål» cell: a combo of the group's questions and «Ignorer»."""

    def __init__(self, choices: list[tuple[str, str | None]], parent: Any = None) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setMaxVisibleItems(20)
        for label, value in self.choices:
            combo.addItem(label, value)
        combo.activated.connect(lambda _i, c=combo: self._commit(c))
        return combo

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        i = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(i, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        value = editor.currentData()
        if value != index.data(Qt.ItemDataRole.EditRole):
            model.setData(index, value, Qt.ItemDataRole.EditRole)


class SampleModel(QAbstractTableModel):
    """The first rows of the file as they will be stored; unreadable cells in red."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns: list[tuple[int, str, str]] = []  # (file column, item key, header)
        self.rows: list[tuple[int, list[str]]] = []
        self.parsed: dict[int, dict[str, Answer]] = {}
        self.problems: dict[tuple[int, str], Problem] = {}
        self.labels: dict[str, dict[str, str]] = {}
        self.column_names: dict[int, str] = {}

    def set_data(self, data: PreviewData | None, survey: Survey | None) -> None:
        self.beginResetModel()
        self.columns, self.rows, self.parsed, self.problems = [], [], {}, {}
        if data is not None and survey is not None:
            mapping = data.preview.mapping
            for c in mapping.columns:
                if c.item_id is not None:
                    self.columns.append((c.index, c.item_id, f"{c.letter}: {c.item_id}"))
            self.rows = data.sample
            self.parsed = data.parsed
            for p in data.preview.problems:
                if p.row is not None and p.column:
                    self.problems[(p.row, p.column)] = p
            self.labels = {
                it.key: {o.code: o.label for o in it.options} for it in survey.items if it.options
            }
            self.column_names = {
                i: _column_label(i, data.headers[i] if i < len(data.headers) else "")
                for i in range(len(data.headers))
            }
            self.scale = survey.scale
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns) + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if section == 0:
            return _t("Rad")
        return self.columns[section - 1][2]

    def _problem(self, row: int, col: int) -> Problem | None:
        rownum = self.rows[row][0]
        return self.problems.get((rownum, self.column_names.get(col, "")))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        rownum, cells = self.rows[index.row()]
        if index.column() == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return str(rownum)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(RIGHT)
            return None
        col, key, _h = self.columns[index.column() - 1]
        raw = cells[col] if col < len(cells) else ""
        problem = self._problem(index.row(), col)
        if role == Qt.ItemDataRole.DisplayRole:
            answers = self.parsed.get(rownum)
            if answers is None or problem is not None or key not in answers:
                return raw
            value = answers[key]
            if value is None:
                return _t("vet ikke")
            if isinstance(value, int):
                return f"{value}"
            return self.labels.get(key, {}).get(value, value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(problem) if problem is not None else raw or None
        if problem is not None:
            if role == Qt.ItemDataRole.BackgroundRole:
                return warning_bg() if problem.warning else style.overdue_bg()
            if role == Qt.ItemDataRole.ForegroundRole:
                return warning_fg() if problem.warning else style.overdue_fg()
        return None


def _column_label(index: int, header: str) -> str:
    from nvk_desktop.importers.tabular import column_label

    return column_label(index, header)


class ImportDialog(QDialog):
    """Choose file and group, check the mapping and the problems, import."""

    def __init__(
        self,
        ctx: ProjectContext,
        survey: Survey,
        group: RespondentGroup | None = None,
        path: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent or ctx.dialog_parent)
        self.ctx = ctx
        self.survey = survey
        self.path: Path | None = None
        self.data: PreviewData | None = None
        self.mapping: ColumnMapping | None = None
        self.failure: str = ""
        self.summary: ImportSummary | None = None
        self.setWindowTitle(_t("Importer svar til «{name}»").format(name=survey.name))
        self.setModal(True)

        self.file_edit = QLineEdit(self)
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText(_t("Ingen fil valgt"))
        self.file_edit.setAccessibleName(_t("Fil"))
        self.choose_button = style_button(_t("&Velg fil…"), self)
        self.choose_button.clicked.connect(self.choose_file)
        self.group_combo = group_combo(survey.group_values, self)
        if group is not None and group in survey.group_values:
            self.group_combo.setCurrentIndex(self.group_combo.findData(group.value))
        self.group_combo.currentIndexChanged.connect(lambda _i: self._group_changed())
        file_label = QLabel(_t("&Fil:"), self)
        file_label.setBuddy(self.choose_button)
        group_label = QLabel(_t("&Gruppe:"), self)
        group_label.setBuddy(self.group_combo)

        self.source_label = QLabel(self)
        self.source_label.setWordWrap(True)
        self.source_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # The mapping: column letter, header, question (combo), how it was matched.
        self._item_text = {
            it.key: it.text(self.group()) or next(iter(it.texts.values()), "")
            for it in survey.items
        }
        cols: list[Column[ColumnMatch]] = [
            Column(_t("Kol."), lambda c: c.letter, width=46),
            Column(
                _t("Overskrift i filen"), lambda c: c.header, tooltip=lambda c: c.header, width=300
            ),
            Column(
                _t("Spørsmål i skjemaet"),
                self._item_label,
                tooltip=self._item_label,
                edit_value=lambda c: c.item_id,
                set_value=lambda c, v: self.assign(c.index, v),
                foreground=lambda c: None if c.item_id else style.muted_fg(),
                stretch=True,
            ),
            Column(
                _t("Treff"),
                lambda c: c.reason,
                tooltip=lambda c: c.note or c.reason,
                foreground=self._match_colour,
                width=210,
            ),
        ]
        self.mapping_model: RecordTableModel[ColumnMatch] = RecordTableModel(
            cols, key=lambda c: c.index, parent=self
        )
        self.mapping_view = make_table(FilterProxy(self.mapping_model, self), self, sortable=False)
        self.mapping_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.mapping_view.setAccessibleName(_t("Kobling mellom kolonner og spørsmål"))
        self.delegate = ItemComboDelegate(self._choices(), self)
        self.mapping_view.setItemDelegateForColumn(2, self.delegate)
        ListKeys(
            self.mapping_view,
            edit=lambda: self.mapping_view.edit(
                self.mapping_view.currentIndex().siblingAtColumn(2)
            ),
            remove=self._ignore_current,
        )

        self.sample_model = SampleModel(self)
        self.sample_view = QTableView(self)
        self.sample_view.setModel(self.sample_model)
        self.sample_view.verticalHeader().setVisible(False)
        self.sample_view.setAlternatingRowColors(True)
        self.sample_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sample_view.setTabKeyNavigation(False)
        self.sample_view.setAccessibleName(_t("De første radene"))

        pcols: list[Column[_ProblemLine]] = [
            Column(
                _t("Type"),
                lambda p: _t("Advarsel") if p.problem.warning else _t("Feil"),
                foreground=lambda p: warning_fg() if p.problem.warning else style.overdue_fg(),
                bold=lambda p: not p.problem.warning,
                width=80,
            ),
            Column(
                _t("Rad"),
                lambda p: str(p.problem.row) if p.problem.row is not None else "",
                align=RIGHT,
                width=50,
            ),
            Column(_t("Kolonne"), lambda p: p.problem.column or "", width=220),
            Column(
                _t("Hva"),
                lambda p: p.problem.message,
                tooltip=lambda p: str(p.problem),
                stretch=True,
            ),
        ]
        self.problem_model: RecordTableModel[_ProblemLine] = RecordTableModel(
            pcols,
            row_background=lambda p: warning_bg() if p.problem.warning else style.overdue_bg(),
            parent=self,
        )
        self.problem_view = make_table(FilterProxy(self.problem_model, self), self, sortable=False)
        self.problem_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problem_view.setAccessibleName(_t("Problemer i filen"))

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.sample_view, _t("De første radene"))
        self.tabs.addTab(self.problem_view, _t("Problemer"))

        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(
            _t("&Importer"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(
            _t("Avbryt"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.import_button.clicked.connect(self.run_import)
        self.cancel_button.clicked.connect(self.reject)
        self.import_button.setAutoDefault(False)

        top = QHBoxLayout()
        top.addWidget(file_label)
        top.addWidget(self.file_edit, 1)
        top.addWidget(self.choose_button)
        top.addSpacing(12)
        top.addWidget(group_label)
        top.addWidget(self.group_combo)
        split = QSplitter(Qt.Orientation.Vertical, self)
        mapping_box = QWidget(self)
        mb = QVBoxLayout(mapping_box)
        mb.setContentsMargins(0, 0, 0, 0)
        mb.addWidget(
            style.hint(
                _t(
                    "Sjekk at hver kolonne er koblet til riktig spørsmål. Endre med F2 eller "
                    "dobbeltklikk; Delete setter kolonnen til «Ignorer». Koblingen huskes til "
                    "neste fil med de samme overskriftene."
                ),
                self,
            )
        )
        mb.addWidget(self.mapping_view, 1)
        split.addWidget(mapping_box)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.source_label)
        layout.addWidget(split, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        self.resize(1100, 720)
        self._show()
        if path is not None:
            self.load(Path(path))

    # -- helpers --------------------------------------------------------------------------------
    def group(self) -> RespondentGroup:
        return RespondentGroup(self.group_combo.currentData())

    def _choices(self) -> list[tuple[str, str | None]]:
        g = self.group()
        out: list[tuple[str, str | None]] = [(_t("Ignorer (importeres ikke)"), None)]
        for n, it in enumerate(self.survey.items_for(g), 1):
            text = it.text(g) or ""
            short = text if len(text) <= 90 else text[:89] + "…"
            out.append((f"{n}. {short}", it.key))
        return out

    def _item_label(self, c: ColumnMatch) -> str:
        if c.item_id is None:
            if c.kind in (MatchKind.META, MatchKind.PERSONAL):
                return _t("Ignorer ({why})").format(why=c.kind.label)
            return _t("Ignorer")
        number = next(
            (
                n
                for n, it in enumerate(self.survey.items_for(self.group()), 1)
                if it.key == c.item_id
            ),
            None,
        )
        text = self._item_text.get(c.item_id, c.item_id)
        return f"{number}. {text}" if number else text

    def _match_colour(self, c: ColumnMatch) -> QColor | None:
        if c.kind is MatchKind.FUZZY and c.confidence < 0.95:
            return warning_fg()
        if c.item_id is None:
            return style.muted_fg()
        return None

    def _ignore_current(self) -> None:
        index = self.mapping_view.currentIndex()
        if index.isValid():
            self.assign(int(index.siblingAtColumn(0).row()), None)

    # -- reading ----------------------------------------------------------------------------
    def choose_file(self) -> None:
        start = str(self.path.parent) if self.path else ""
        path = ask_open_path(self, start)
        if path:
            self.mapping = None
            self.load(Path(path))

    def _group_changed(self) -> None:
        self.delegate.choices = self._choices()
        self._item_text = {
            it.key: it.text(self.group()) or next(iter(it.texts.values()), "")
            for it in self.survey.items
        }
        if self.path is not None:
            self.mapping = None
            self.load(self.path)

    def load(self, path: Path, mapping: ColumnMapping | None = None) -> None:
        """Read the file (and check it with ``mapping``, else the proposed one)."""
        self.path = path
        self.file_edit.setText(str(path))
        project, survey, group = self.ctx.project, self.survey, self.group()

        def work(_p: Progress) -> PreviewData | KnownError:
            try:
                return read_preview(project, survey, group, path, mapping)
            except KnownError as e:  # a broken file is shown in the dialog, not a box
                return e

        self.ctx.runner.run(_t("Leser «{name}»").format(name=path.name), work, self._loaded)

    def _loaded(self, result: PreviewData | KnownError) -> None:
        if isinstance(result, KnownError):
            self.data = None
            self.mapping = None
            self.failure = result.message + (f" {result.advice}" if result.advice else "")
        else:
            self.data = result
            self.mapping = result.preview.mapping
            self.failure = ""
        self._show()

    def assign(self, index: int, item_id: str | None) -> bool:
        """The user's correction of one column: check the file again with it."""
        if self.mapping is None or self.path is None:
            return False
        if self.mapping.item_for(index) == item_id:
            return False
        self.load(self.path, self.mapping.assign(index, item_id))
        return True

    def _show(self) -> None:
        data = self.data
        preview = data.preview if data else None
        self.mapping_model.set_rows(list(preview.mapping.columns) if preview else [])
        self.sample_model.set_data(data, self.survey)
        self.sample_view.resizeColumnsToContents()
        for c in range(1, self.sample_model.columnCount()):
            self.sample_view.setColumnWidth(c, min(self.sample_view.columnWidth(c), 220))
        problems = list(preview.problems) if preview else []
        if self.failure:
            problems = [Problem(self.failure)]
        problems.sort(key=lambda p: p.warning)  # errors first: they stop the import
        self.problem_model.set_rows([_ProblemLine(n, p) for n, p in enumerate(problems)])
        errors = [p for p in problems if not p.warning]
        warnings = [p for p in problems if p.warning]
        self.tabs.setTabText(
            1,
            _t("Problemer ({e} feil, {w} advarsler)").format(e=len(errors), w=len(warnings))
            if problems
            else _t("Problemer (ingen)"),
        )
        if errors:
            self.tabs.setCurrentIndex(1)
        if preview is not None:
            layout = preview.mapping.layout.label
            extra = _t(" Koblingen er husket fra en tidligere fil.") if preview.remembered else ""
            self.source_label.setText(
                _t("{source}. Format: {layout}. {rows} rader.{extra}").format(
                    source=preview.source, layout=layout, rows=preview.rows, extra=extra
                )
            )
        else:
            self.source_label.setText(
                _t("Velg en CSV- eller Excel-fil fra Nettskjema, Microsoft Forms, Questback o.l.")
                if self.path is None
                else ""
            )
        ok, text, bad = self._verdict(preview, errors)
        self.import_button.setEnabled(ok and not self.ctx.read_only)
        self._say(text, bad)

    def _verdict(
        self, preview: ImportPreview | None, errors: list[Problem]
    ) -> tuple[bool, str, bool]:
        if self.failure:
            return False, _t("Filen kan ikke leses: ") + self.failure, True
        if preview is None:
            return False, "", False
        if preview.duplicate_of is not None:
            e = survey_service.DuplicateImportError(preview.duplicate_of)
            return False, f"{e.message} {e.advice}", True
        if errors:
            n = len(errors)
            return (
                False,
                _t(
                    "{n} feil må rettes før filen kan importeres (ingenting er lagret). Rett "
                    "filen, eller koble kolonnen til et annet spørsmål eller «Ignorer»."
                ).format(n=n),
                True,
            )
        if preview.respondents == 0:
            return False, _t("Filen har ingen svar å importere."), True
        group = SHORT_GROUP[self.group()]
        return (
            True,
            _t("Klar: {n} svar fra {group} importeres.").format(n=preview.respondents, group=group)
            + (_t(" {w} advarsler.").format(w=len(preview.warnings)) if preview.warnings else ""),
            False,
        )

    def _say(self, text: str, bad: bool) -> None:
        self.status_label.setText(text)
        pal = self.status_label.palette()
        pal.setColor(
            self.status_label.foregroundRole(),
            style.overdue_fg() if bad else style.done_fg() if text else pal.windowText().color(),
        )
        self.status_label.setPalette(pal)

    # -- importing --------------------------------------------------------------------------
    def run_import(self) -> None:
        if self.path is None or self.mapping is None or not self.import_button.isEnabled():
            return
        project, sid, group, path, mapping = (
            self.ctx.project,
            self.survey.id,
            self.group(),
            self.path,
            self.mapping,
        )

        def work(p: Progress) -> ImportSummary:
            def progress(done: int, total: int) -> None:
                if p.cancelled:
                    raise Cancelled
                p.update(
                    done,
                    total,
                    _t("Importerer {done} av {total} svar …").format(done=done, total=total),
                )

            return survey_service.import_answers(
                project, sid, group, path, mapping, progress=progress
            )

        self.ctx.runner.run(
            _t("Importerer «{name}»").format(name=path.name), work, self._imported, cancellable=True
        )

    def _imported(self, summary: ImportSummary) -> None:
        # The worker made the change; perform() turns it into one undo step.
        self.ctx.perform(lambda: summary)
        self.summary = summary
        self.accept()


def style_button(text: str, parent: QWidget) -> Any:
    from PySide6.QtWidgets import QPushButton

    b = QPushButton(text, parent)
    b.setAutoDefault(False)
    return b


__all__ = ["ImportDialog", "ItemKind", "PreviewData", "ask_open_path", "read_preview"]
