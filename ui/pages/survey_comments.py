"""Kommentarer: the open answers of a survey, coded into themes (issue 4, point 5).

An inner tab of Spørreundersøkelser: the host calls ``set_survey(id)``. Left: the
comments (filter by area, by words, "Ikke kodet"), with the selected comment in full
and its themes as check boxes. Right: the survey's themes with their counts, and the
candidate improvement point a theme is linked to.

Coding from the keyboard: select comments and press the theme's number (1–9); the
same key again takes them out of it. Or drag the comments onto a theme. Ctrl+N makes
a theme, F2 renames it, Delete deletes it; every change is one undo step (coding many
comments at once too).

Comments can hold personal data; they stay inside the app and only go into a
document when the user asks for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QEvent,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import (
    QAction,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QKeySequence,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.domain.notes import CandidateFinding
from nvk_desktop.domain.survey import RespondentGroup
from nvk_desktop.domain.survey_project import Comment, CommentTheme, Survey
from nvk_desktop.services import notes as notes_service
from nvk_desktop.services import surveys as surveys_service
from ui import dialogs
from ui.context import ProjectContext
from ui.models import RIGHT, Column, FilterProxy, RecordTableModel
from ui.widgets import style
from ui.widgets.keys import ListKeys, SearchKeys
from ui.widgets.page import ProjectPage
from ui.widgets.tables import EmptyOverlay, make_table, select_keys, selected_keys

CONTEXT = "ui.pages.survey_comments"
MIME = "application/x-nvk-survey-comments"
GENERAL = "__general__"  # the area filter's value for comments outside any area

NO_SURVEY = "Velg en undersøkelse i listen for å se kommentarene."
NO_COMMENTS = (
    "Ingen kommentarer ennå. Svar på de åpne spørsmålene («Hva fungerer godt?», "
    "«Hva kan bli bedre?») kommer hit når svar registreres eller importeres."
)
REMINDER = (
    "Kommentarene kan inneholde personopplysninger. De kommer aldri med i dokumenter "
    "med mindre du velger det selv."
)


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


# -- records -----------------------------------------------------------------------------
@dataclass(frozen=True)
class CommentRow:
    comment: Comment
    area_name: str
    question: str
    themes: str
    position: int

    @property
    def id(self) -> int:
        return self.comment.answer_id

    @property
    def coded(self) -> bool:
        return bool(self.comment.theme_ids)


@dataclass(frozen=True)
class ThemeRow:
    theme: CommentTheme
    number: int  # 1-based; keys 1–9 code into the first nine
    candidate: str

    @property
    def id(self) -> int:
        return self.theme.id


def _short_group(g: RespondentGroup) -> str:
    return {
        RespondentGroup.NAERINGSLIV: tr("Næringsliv"),
        RespondentGroup.ANSATTE: tr("Ansatte"),
        RespondentGroup.POLITIKERE: tr("Politikere"),
        RespondentGroup.UTVIKLINGSSELSKAP: tr("Utv.selskap"),
    }.get(g, g.label)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def candidate_label(c: CandidateFinding, limit: int = 70) -> str:
    text = _one_line(c.finding.text)
    if len(text) > limit:
        text = text[: limit - 2].rstrip() + " …"
    return f"{text} ({c.subject})" if c.subject else text


class CommentModel(RecordTableModel[CommentRow]):
    """The comment table; rows can be dragged onto a theme."""

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self.editable:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = sorted({self.record(i.row()).id for i in indexes if i.isValid()})
        data = QMimeData()
        data.setData(MIME, QByteArray(",".join(map(str, ids)).encode()))
        return data

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction


class CommentFilter(FilterProxy):
    """Words (any column), area, and "Ikke kodet"."""

    def __init__(self, source: CommentModel, parent: Any = None) -> None:
        super().__init__(source, parent)
        self.area: str | None = None  # None = every area, GENERAL = outside the areas
        self.uncoded_only = False

    def set_area(self, area: str | None) -> None:
        self._set(area=area)

    def set_uncoded_only(self, on: bool) -> None:
        self._set(uncoded_only=on)

    def _set(self, **values: Any) -> None:
        begin = getattr(self, "beginFilterChange", None)  # Qt 6.10; invalidateFilter before
        if begin is not None:
            begin()
        for k, v in values.items():
            setattr(self, k, v)
        if begin is not None:
            self.endFilterChange()
        else:
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        source = self.sourceModel()
        assert isinstance(source, CommentModel)
        rec = source.record(row)
        if self.uncoded_only and rec.coded:
            return False
        if self.area is not None:
            area = rec.comment.area or GENERAL
            if area != self.area:
                return False
        return super().filterAcceptsRow(row, parent)


class ThemeTable(QTableView):
    """The theme list; comments dropped on a theme are coded into it."""

    def __init__(self, page: SurveyCommentsView) -> None:
        super().__init__(page)
        self._page = page
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setDropIndicatorShown(True)

    def _theme_at(self, event: QDropEvent | QDragMoveEvent) -> int | None:
        index = self.indexAt(event.position().toPoint())
        if not index.isValid():
            return None
        proxy = self.model()
        assert isinstance(proxy, FilterProxy)
        source = proxy.sourceModel()
        assert isinstance(source, RecordTableModel)
        return int(source.key_of(proxy.mapToSource(index).row()))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(MIME) and self._page.writable:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(MIME) and self._theme_at(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        theme = self._theme_at(event)
        raw = bytes(event.mimeData().data(MIME).data()).decode()
        ids = [int(x) for x in raw.split(",") if x.strip().isdigit()]
        if theme is None or not ids or not self._page.writable:
            event.ignore()
            return
        event.acceptProposedAction()
        self._page.code(ids, theme, toggle=False)


class _NumberKeys(QObject):
    """1–9 in the comment table code the selected comments into theme 1–9."""

    def __init__(self, page: SurveyCommentsView, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._page = page
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        assert isinstance(event, QKeyEvent)
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = event.key()
        if mods != Qt.KeyboardModifier.NoModifier or not (Qt.Key.Key_1 <= key <= Qt.Key.Key_9):
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()
            return True
        self._page.code_by_number(key - Qt.Key.Key_0)
        return True


# -- the page ----------------------------------------------------------------------------
class SurveyCommentsView(ProjectPage):
    def __init__(self, ctx: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.survey_id: int | None = None
        self.survey: Survey | None = None
        self.themes: list[CommentTheme] = []
        self.candidates: list[CandidateFinding] = []
        self._area_names: dict[str, str] = {}

        self.reminder = style.hint(tr(REMINDER), self)
        self.reminder.setObjectName("privacyReminder")

        # comments
        self.area_combo = QComboBox(self)
        self.area_combo.setToolTip(tr("Vis bare kommentarene i ett område"))
        self.area_combo.currentIndexChanged.connect(self._area_changed)
        area_label = QLabel(tr("&Område:"), self)
        area_label.setBuddy(self.area_combo)
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(tr("Søk i kommentarene"))
        self.search_edit.setClearButtonEnabled(True)
        self.uncoded_check = QCheckBox(tr("Bare &ikke kodet"), self)
        self.uncoded_check.setToolTip(tr("Vis bare kommentarene som ikke er kodet i noe tema"))
        self.comment_model = CommentModel(self._comment_columns(), parent=self)
        self.comment_proxy = CommentFilter(self.comment_model, self)
        self.comment_table = make_table(self.comment_proxy, self, multi=True)
        self.comment_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.comment_table.setDragEnabled(True)
        self.comment_table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.comment_table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.comment_empty = EmptyOverlay(self.comment_table, "")
        self.search_edit.textChanged.connect(self.comment_proxy.setFilterFixedString)
        self.uncoded_check.toggled.connect(self.comment_proxy.set_uncoded_only)
        self.uncoded_check.toggled.connect(lambda _on: self._update_counts())
        SearchKeys(self.search_edit, self.comment_table)
        _NumberKeys(self, self.comment_table)
        filters = QHBoxLayout()
        filters.addWidget(area_label)
        filters.addWidget(self.area_combo, 2)
        filters.addWidget(self.search_edit, 2)
        filters.addWidget(self.uncoded_check)
        self.count_label = style.hint("", self)

        self.detail = QPlainTextEdit(self)
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText(tr("Velg en kommentar for å lese hele teksten."))
        self.detail.setMaximumHeight(90)
        self.detail.setTabChangesFocus(True)
        self.check_model = QStandardItemModel(self)
        self.check_list = QListView(self)
        self.check_list.setModel(self.check_model)
        self.check_list.setFlow(QListView.Flow.LeftToRight)
        self.check_list.setWrapping(True)
        self.check_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.check_list.setSpacing(2)
        self.check_list.setMaximumHeight(78)
        self.check_list.setToolTip(tr("Kryss av temaene kommentaren hører til (mellomrom)"))
        self.editing(self.check_list)
        self.check_model.itemChanged.connect(self._check_changed)
        self._filling_checks = False
        themes_for = QLabel(tr("&Temaer for valgte kommentarer:"), self)
        themes_for.setBuddy(self.check_list)

        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addLayout(filters)
        ll.addWidget(self.comment_table, 1)
        ll.addWidget(self.count_label)
        ll.addWidget(self.detail)
        ll.addWidget(themes_for)
        ll.addWidget(self.check_list)

        # themes
        self.theme_model: RecordTableModel[ThemeRow] = RecordTableModel(
            self._theme_columns(), parent=self
        )
        self.theme_proxy = FilterProxy(self.theme_model, self)
        self.theme_table = ThemeTable(self)
        self.theme_table.setModel(self.theme_proxy)
        _setup_theme_table(self.theme_table, self.theme_model)
        self.theme_empty = EmptyOverlay(
            self.theme_table,
            tr(
                "Ingen temaer ennå. Trykk Ctrl+N for å lage et, for eksempel "
                "«Lang saksbehandlingstid»."
            ),
        )
        ListKeys(
            self.theme_table,
            add=self.new_theme,
            edit=self.rename_theme,
            remove=self.delete_theme,
            enabled=lambda: self.writable,
        )
        self.new_button = self.button(tr("Nytt tema"), tr("Lag et nytt tema (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_theme)
        self.rename_button = self.button(tr("Gi nytt navn"), tr("Gi temaet et nytt navn (F2)"))
        self.rename_button.clicked.connect(self.rename_theme)
        self.delete_button = self.button(
            tr("Slett"), tr("Slett temaet; kommentarene blir værende (Delete)")
        )
        self.delete_button.clicked.connect(self.delete_theme)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.rename_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        self.candidate_combo = QComboBox(self)
        self.candidate_combo.setToolTip(
            tr("Koble temaet til et forbedringspunkt fra intervjuene og dokumentene")
        )
        self.candidate_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.candidate_combo.setMinimumContentsLength(20)
        self.editing(self.candidate_combo)
        self.candidate_combo.activated.connect(self._candidate_chosen)
        cand_label = QLabel(tr("&Forbedringspunkt:"), self)
        cand_label.setBuddy(self.candidate_combo)
        self.theme_hint = style.hint(
            tr(
                "Velg kommentarer og trykk temaets nummer (1–9) for å kode dem, samme tall "
                "igjen for å ta dem ut. Eller dra kommentarene til temaet."
            ),
            self,
        )
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(style.heading(tr("Temaer"), 1.1, self))
        rl.addWidget(self.theme_table, 1)
        rl.addLayout(buttons)
        rl.addWidget(cand_label)
        rl.addWidget(self.candidate_combo)
        rl.addWidget(self.theme_hint)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        split.setSizes([640, 420])

        self.empty = style.empty_state(tr(NO_SURVEY), self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.content = QWidget(self)
        cl = QVBoxLayout(self.content)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(self.reminder)
        cl.addWidget(split, 1)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        # Ctrl+N anywhere in the tab (the theme table's own keys also take it).
        self.new_action = QAction(tr("Nytt tema"), self)
        self.new_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.new_action.triggered.connect(self.new_theme)
        self.addAction(self.new_action)

        for view in (self.comment_table, self.theme_table):
            sel = view.selectionModel()
            assert sel is not None
            sel.selectionChanged.connect(lambda *_: self._selection_changed())
        self.set_survey(None)

    # -- columns -----------------------------------------------------------------------
    def _comment_columns(self) -> list[Column[CommentRow]]:
        return [
            Column(
                tr("Område"),
                lambda r: r.area_name,
                sort=lambda r: r.position,
                width=150,
                tooltip=lambda r: r.area_name,
            ),
            Column(
                tr("Spørsmål"),
                lambda r: r.question,
                sort=lambda r: r.position,
                width=140,
                tooltip=lambda r: r.question,
            ),
            Column(
                tr("Gruppe"),
                lambda r: _short_group(r.comment.group),
                width=86,
                tooltip=lambda r: r.comment.group.label,
            ),
            Column(
                tr("Kommentar"),
                lambda r: _one_line(r.comment.text),
                tooltip=lambda r: r.comment.text,
                width=320,
                stretch=True,
            ),
            Column(
                tr("Temaer"),
                lambda r: r.themes or tr("Ikke kodet"),
                foreground=lambda r: None if r.coded else style.muted_fg(),
                tooltip=lambda r: r.themes or None,
                width=150,
            ),
        ]

    def _theme_columns(self) -> list[Column[ThemeRow]]:
        return [
            Column(
                tr("Nr."),
                lambda r: str(r.number) if r.number <= 9 else "",
                sort=lambda r: r.number,
                align=RIGHT,
                width=40,
                tooltip=lambda r: (
                    tr("Trykk {n} i kommentarlisten for å kode i dette temaet").format(n=r.number)
                    if r.number <= 9
                    else None
                ),
            ),
            Column(
                tr("Tema"),
                lambda r: r.theme.name,
                sort=lambda r: r.number,
                tooltip=lambda r: (
                    r.theme.name
                    + (("\n" + tr("Forbedringspunkt: ") + r.candidate) if r.candidate else "")
                ),
                stretch=True,
            ),
            Column(
                tr("Antall"),
                lambda r: str(r.theme.comments),
                sort=lambda r: r.theme.comments,
                align=RIGHT,
                width=60,
            ),
            Column(
                tr("Forbedringspunkt"),
                lambda r: r.candidate,
                sort=lambda r: r.candidate,
                tooltip=lambda r: r.candidate or None,
                width=150,
            ),
        ]

    # -- loading -----------------------------------------------------------------------
    def set_survey(self, survey_id: int | None) -> None:
        if survey_id != self.survey_id:
            self.comment_table.clearSelection()
        self.survey_id = survey_id
        self.refresh()

    def reload(self) -> None:
        if self.survey_id is None:
            self.survey = None
            self.empty.setText(tr(NO_SURVEY))
            self.stack.setCurrentWidget(self.empty)
            self.comment_model.set_rows([])
            self.theme_model.set_rows([])
            return
        try:
            self.survey = surveys_service.get_survey(self.ctx.project, self.survey_id)
        except Exception:  # noqa: BLE001 - the survey was deleted (or undone away)
            self.survey = None
            self.empty.setText(tr(NO_SURVEY))
            self.stack.setCurrentWidget(self.empty)
            return
        comments = surveys_service.list_comments(self.ctx.project, self.survey_id)
        self.themes = surveys_service.list_themes(self.ctx.project, self.survey_id)
        self.candidates = notes_service.list_candidates(self.ctx.project)
        self.stack.setCurrentWidget(self.content)
        self._area_names = _area_names(self.survey)
        self._fill_areas(comments)
        self._fill_themes()
        self._fill_comments(comments)
        self._selection_changed()

    def _fill_areas(self, comments: Sequence[Comment]) -> None:
        current = self.area_combo.currentData()
        self.area_combo.blockSignals(True)
        self.area_combo.clear()
        self.area_combo.addItem(tr("Alle områder"), None)
        counts: dict[str, int] = {}
        for c in comments:
            counts[c.area or GENERAL] = counts.get(c.area or GENERAL, 0) + 1
        for area_id, name in self._area_names.items():
            self.area_combo.addItem(f"{name} ({counts.get(area_id, 0)})", area_id)
        if GENERAL in counts:
            self.area_combo.addItem(tr("Generelt ({n})").format(n=counts[GENERAL]), GENERAL)
        i = self.area_combo.findData(current) if current is not None else 0
        self.area_combo.setCurrentIndex(max(i, 0))
        self.area_combo.blockSignals(False)
        self.comment_proxy.set_area(self.area_combo.currentData())

    def _fill_themes(self) -> None:
        keep = selected_keys(self.theme_table)
        cands = {c.finding.id: candidate_label(c, 60) for c in self.candidates}
        rows = [
            ThemeRow(
                t,
                n,
                cands.get(t.candidate_finding_id, "") if t.candidate_finding_id else "",
            )
            for n, t in enumerate(self.themes, start=1)
        ]
        self.theme_model.set_rows(rows)
        select_keys(self.theme_table, keep, fallback_row=0 if keep else None)

    def _fill_comments(self, comments: Sequence[Comment]) -> None:
        assert self.survey is not None
        keep = selected_keys(self.comment_table)
        current = self.comment_table.currentIndex()
        current_row = current.row() if current.isValid() else None
        names = {t.id: t.name for t in self.themes}
        order = {it.key: n for n, it in enumerate(self.survey.items)}
        rows = []
        for c in comments:
            question = _question(self.survey, c)
            rows.append(
                CommentRow(
                    c,
                    self._area_names.get(c.area or "", tr("Generelt")),
                    question,
                    ", ".join(names[t] for t in c.theme_ids if t in names),
                    order.get(c.item_key, 0) * 100_000 + c.answer_id % 100_000,
                )
            )
        self.comment_model.set_rows(rows)
        select_keys(self.comment_table, keep, fallback_row=current_row)
        self.comment_empty.set_text(
            tr(NO_COMMENTS) if not rows else tr("Ingen kommentarer passer.")
        )
        self._update_counts()

    def _update_counts(self) -> None:
        total = self.comment_model.rowCount()
        uncoded = sum(1 for r in self.comment_model.rows if not r.coded)
        shown = self.comment_proxy.rowCount()
        self.count_label.setText(
            tr("{shown} av {total} kommentarer vises · {uncoded} ikke kodet").format(
                shown=shown, total=total, uncoded=uncoded
            )
        )

    def _area_changed(self) -> None:
        self.comment_proxy.set_area(self.area_combo.currentData())
        self._update_counts()

    # -- selection ---------------------------------------------------------------------
    def selected_comment_ids(self) -> list[int]:
        return [int(k) for k in selected_keys(self.comment_table)]

    def current_theme(self) -> CommentTheme | None:
        keys = selected_keys(self.theme_table)
        if not keys:
            return None
        row = self.theme_model.row_of_key(keys[0])
        return self.theme_model.record(row).theme if row is not None else None

    def _selection_changed(self) -> None:
        rows = [
            self.comment_model.record(r)
            for k in self.selected_comment_ids()
            if (r := self.comment_model.row_of_key(k)) is not None
        ]
        if len(rows) == 1:
            c = rows[0]
            self.detail.setPlainText(f"{c.question}\n{c.comment.group.label}:\n\n{c.comment.text}")
        elif rows:
            self.detail.setPlainText(tr("{n} kommentarer valgt.").format(n=len(rows)))
        else:
            self.detail.clear()
        self._fill_checks(rows)
        self._fill_candidates()
        self.update_actions()

    def _fill_checks(self, rows: Sequence[CommentRow]) -> None:
        self._filling_checks = True
        self.check_model.clear()
        for n, t in enumerate(self.themes, start=1):
            item = QStandardItem(f"{n}  {t.name}" if n <= 9 else t.name)
            item.setData(t.id, Qt.ItemDataRole.UserRole)
            item.setCheckable(bool(rows))
            item.setEditable(False)
            if rows:
                have = [t.id in r.comment.theme_ids for r in rows]
                state = (
                    Qt.CheckState.Checked
                    if all(have)
                    else Qt.CheckState.PartiallyChecked
                    if any(have)
                    else Qt.CheckState.Unchecked
                )
                item.setCheckState(state)
            self.check_model.appendRow(item)
        self._filling_checks = False

    def _check_changed(self, item: QStandardItem) -> None:
        if self._filling_checks or not self.writable:
            return
        theme_id = int(item.data(Qt.ItemDataRole.UserRole))
        ids = self.selected_comment_ids()
        if not ids:
            return
        if item.checkState() == Qt.CheckState.Checked:
            self._apply(ids, theme_id, add=True)
        else:
            self._apply(ids, theme_id, add=False)

    def _fill_candidates(self) -> None:
        theme = self.current_theme()
        self.candidate_combo.blockSignals(True)
        self.candidate_combo.clear()
        self.candidate_combo.addItem(tr("(ingen)"), None)
        for c in self.candidates:
            self.candidate_combo.addItem(candidate_label(c), c.finding.id)
            self.candidate_combo.setItemData(
                self.candidate_combo.count() - 1,
                f"{c.finding.text}\n{c.subject}"
                + (f", {c.organisation}" if c.organisation else ""),
                Qt.ItemDataRole.ToolTipRole,
            )
        if theme is not None and theme.candidate_finding_id is not None:
            i = self.candidate_combo.findData(theme.candidate_finding_id)
            self.candidate_combo.setCurrentIndex(max(i, 0))
        self.candidate_combo.blockSignals(False)
        if not self.candidates:
            self.candidate_combo.setToolTip(
                tr(
                    "Ingen kandidater ennå: merk funn som kandidat til forbedringspunkt "
                    "under Intervjuer og dokumenter."
                )
            )

    def update_actions(self) -> None:
        has_theme = self.current_theme() is not None
        w = self.writable
        self.new_button.setEnabled(w and self.survey is not None)
        self.new_action.setEnabled(w and self.survey is not None)
        self.rename_button.setEnabled(w and has_theme)
        self.delete_button.setEnabled(w and has_theme)
        self.candidate_combo.setEnabled(w and has_theme)
        self.check_list.setEnabled(w and bool(self.selected_comment_ids()))
        self.comment_model.editable = w

    # -- themes ------------------------------------------------------------------------
    def _ask_name(self, title: str, current: str = "") -> str | None:
        text, ok = QInputDialog.getText(self, title, tr("Navn på temaet:"), text=current)
        return text if ok else None

    def new_theme(self) -> None:
        if not self.writable or self.survey_id is None:
            return
        name = self._ask_name(tr("Nytt tema"))
        if name is None:
            return
        survey_id = self.survey_id
        theme_id = self.ctx.perform(
            lambda: surveys_service.create_theme(self.ctx.project, survey_id, name)
        )
        if theme_id is not None:
            select_keys(self.theme_table, [theme_id])

    def rename_theme(self) -> None:
        theme = self.current_theme()
        if theme is None or not self.writable:
            return
        name = self._ask_name(tr("Gi temaet nytt navn"), theme.name)
        if name is None or name.strip() == theme.name:
            return
        dialogs.perform_ok(
            self.ctx, lambda: surveys_service.rename_theme(self.ctx.project, theme.id, name)
        )

    def delete_theme(self) -> None:
        theme = self.current_theme()
        if theme is None or not self.writable:
            return
        if theme.comments and not dialogs.ask_confirm(
            self,
            tr("Slett tema"),
            tr("Slette temaet «{name}»?").format(name=theme.name),
            [
                tr("kodingen av {n} kommentarer (kommentarene blir værende)").format(
                    n=theme.comments
                )
            ],
            tr("Slett"),
        ):
            return
        row = self.theme_proxy.mapFromSource(
            self.theme_model.index(self.theme_model.row_of_key(theme.id) or 0, 0)
        ).row()
        if dialogs.perform_ok(
            self.ctx, lambda: surveys_service.delete_theme(self.ctx.project, theme.id)
        ):
            select_keys(self.theme_table, [], fallback_row=row)

    def _candidate_chosen(self) -> None:
        theme = self.current_theme()
        if theme is None or not self.writable:
            return
        finding_id = self.candidate_combo.currentData()
        if finding_id == theme.candidate_finding_id:
            return
        dialogs.perform_ok(
            self.ctx,
            lambda: surveys_service.link_theme(self.ctx.project, theme.id, finding_id),
        )

    # -- coding ------------------------------------------------------------------------
    def code_by_number(self, number: int) -> None:
        if not self.writable or not 1 <= number <= len(self.themes):
            return
        ids = self.selected_comment_ids()
        if ids:
            self.code(ids, self.themes[number - 1].id, toggle=True)

    def code(self, comment_ids: Sequence[int], theme_id: int, *, toggle: bool) -> None:
        """Code the comments into the theme; with ``toggle``, take them out instead
        when every one of them is in it already."""
        coded = {
            r.id: theme_id in r.comment.theme_ids
            for r in self.comment_model.rows
            if r.id in set(comment_ids)
        }
        add = not (toggle and coded and all(coded.values()))
        self._apply(list(coded), theme_id, add=add)

    def _apply(self, comment_ids: Sequence[int], theme_id: int, *, add: bool) -> None:
        """One undo step however many comments."""
        have = {r.id: theme_id in r.comment.theme_ids for r in self.comment_model.rows}
        todo = [i for i in comment_ids if have.get(i, False) != add]
        if not todo:
            return
        keep = list(comment_ids)
        project = self.ctx.project
        name = next((t.name for t in self.themes if t.id == theme_id), "")
        if len(todo) == 1:
            fn = surveys_service.code_comment if add else surveys_service.uncode_comment
            dialogs.perform_ok(self.ctx, lambda: fn(project, todo[0], theme_id))
        else:
            label = (
                tr("Kod {n} kommentarer i «{name}»")
                if add
                else tr("Ta {n} kommentarer ut av «{name}»")
            ).format(n=len(todo), name=name)
            stack = self.ctx.undo_stack
            stack.beginMacro(label)
            try:
                for answer_id in todo:
                    fn = surveys_service.code_comment if add else surveys_service.uncode_comment
                    if not dialogs.perform_ok(
                        self.ctx, lambda a=answer_id, f=fn: f(project, a, theme_id)
                    ):
                        break
            finally:
                stack.endMacro()
        select_keys(self.comment_table, keep)


def _question(survey: Survey, c: Comment) -> str:
    """The open question, short for the paired bank questions ("Hva fungerer godt …")."""
    if c.item_key.endswith(".open.godt"):
        return tr("Hva fungerer godt?")
    if c.item_key.endswith(".open.bedre"):
        return tr("Hva kan bli bedre?")
    try:
        item = survey.item(c.item_key)
    except KeyError:
        return c.item_key
    return item.text(c.group) or next(iter(item.texts.values()), c.item_key)


def _setup_theme_table(view: QTableView, model: RecordTableModel[ThemeRow]) -> None:
    """make_table's settings for a view made by hand (ThemeTable takes drops)."""
    from PySide6.QtWidgets import QHeaderView

    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setShowGrid(False)
    view.setTabKeyNavigation(False)
    view.setSortingEnabled(False)
    vh = view.verticalHeader()
    vh.setVisible(False)
    vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vh.setDefaultSectionSize(view.fontMetrics().height() + 12)
    hh = view.horizontalHeader()
    hh.setHighlightSections(False)
    hh.setStretchLastSection(False)
    for i, col in enumerate(model.columns):
        if col.stretch:
            hh.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
        elif col.width is not None:
            view.setColumnWidth(i, col.width)


def _area_names(survey: Survey) -> dict[str, str]:
    """Area id -> name, in questionnaire order, for the areas with open questions."""
    from nvk_desktop.domain.survey import ItemKind
    from nvk_desktop.importers.itembank import load_item_bank

    try:
        bank = load_item_bank(survey.bank_version)
        names = {a.id: a.name for a in bank.areas}
    except Exception:  # noqa: BLE001 - an old bank version: ids as names
        names = {}
    out: dict[str, str] = {}
    for it in survey.items:
        if it.kind is ItemKind.OPEN and it.area and it.area not in out:
            out[it.area] = names.get(it.area, it.area)
    return out
