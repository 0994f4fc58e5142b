"""Prioritising in a workshop (issue 5, point 5): dot voting and gevinst/innsats.

Three tabs in one view, hosted by the Verksted page:

* Registrer stemmer – participants × improvement points, the dots per cell (type a
  digit, + / − or Delete), what each participant has left of the budget; more than
  the budget is refused at once, with a message beside the grid.
* Resultat – hidden until «Vis resultat»; then the totals as a table and bars.
* Gevinst og innsats – each point scored 1–5 on both (digits or the list), with the
  2×2 matrix of DOMAIN.md §7 beside it.

«Hemmelig stemmegivning» opens a clean full-window screen the laptop is passed round
with: a participant picks their name (or number), spreads their dots, and «Lever»
stores them in one step; the screen then clears for the next person and shows
nothing of the one before. Only Esc with a confirmation leaves it.

Every change is one service call through ctx.perform, so one undo step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QFont, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.domain.workshop import (
    SCORE_MAX,
    SCORE_MIN,
    ImprovementPoint,
    Participant,
    ParticipantVotes,
    Tally,
    quadrant,
)
from nvk_desktop.errors import KnownError
from nvk_desktop.services import workshop_points as point_service
from nvk_desktop.services import workshops as workshop_service
from ui.context import ProjectContext
from ui.dialogs import perform_ok
from ui.projector import MatrixView, VotesView
from ui.questions import DESTRUCTIVE, choose
from ui.widgets import style
from ui.widgets.page import ProjectPage
from ui.widgets.tables import EmptyOverlay

Key = Qt.Key
PointKey = int  # improvement point id
ALIGN_CENTER = int(Qt.AlignmentFlag.AlignCenter)
ALIGN_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ui.pages.workshop_voting", text)


def _dots(n: int) -> str:
    return f"{n} {_tr('prikk') if n == 1 else _tr('prikker')}"


def _short(text: str, limit: int = 28) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _header_lines(text: str, width: int = 16) -> str:
    """A column title in at most two short lines (the tooltip has it all)."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for w in words:
        if current and len(current) + 1 + len(w) > width:
            lines.append(current)
            current = w
        else:
            current = f"{current} {w}" if current else w
    lines.append(current)
    if len(lines) > 2:
        lines = [lines[0], _short(" ".join(lines[1:]), width)]
    return "\n".join(lines)


def _digit(event: QKeyEvent) -> int | None:
    """0–9 from the main keys or the keypad."""
    key = event.key()
    if Key.Key_0 <= key <= Key.Key_9:
        return int(key) - int(Key.Key_0)
    return None


def _plus(event: QKeyEvent) -> bool:
    return event.key() in (Key.Key_Plus, Key.Key_Equal) or event.text() == "+"


def _minus(event: QKeyEvent) -> bool:
    return event.key() in (Key.Key_Minus, Key.Key_Underscore) or event.text() in ("-", "−")


# -- (1) the facilitator's vote grid ---------------------------------------------------------
class VoteGridModel(QAbstractTableModel):
    """Participants (rows) × points (columns from 2); column 0 the name, 1 what is left.

    ``setData`` asks ``commit(participant_id, votes)`` to store a whole row."""

    FIXED = 2

    def __init__(self, commit: Callable[[int, dict[int, int]], bool], parent: Any = None) -> None:
        super().__init__(parent)
        self.commit = commit
        self.rows: list[ParticipantVotes] = []
        self.points: list[ImprovementPoint] = []
        self.budget = 0

    def set_data(
        self,
        rows: Sequence[ParticipantVotes],
        points: Sequence[ImprovementPoint],
        budget: int,
    ) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.points = list(points)
        self.budget = budget
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.FIXED + len(self.points)

    def point_at(self, column: int) -> ImprovementPoint | None:
        i = column - self.FIXED
        return self.points[i] if 0 <= i < len(self.points) else None

    def left(self, row: int) -> int:
        return self.budget - self.rows[row].used

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        point = self.point_at(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return _tr("Deltaker")
            if section == 1:
                return _tr("Igjen")
            assert point is not None
            return _header_lines(f"{section - self.FIXED + 1}. {point.title}")
        if role == Qt.ItemDataRole.ToolTipRole:
            if section == 1:
                return _tr("Prikker deltakeren har igjen av %1").replace("%1", str(self.budget))
            if point is not None:
                return f"{section - self.FIXED + 1}. {point.title}"
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        pv = self.rows[row]
        point = self.point_at(col)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return f"{row + 1}. {pv.name}"
            if col == 1:
                return str(self.left(row))
            assert point is not None
            n = pv.votes.get(point.id, 0)
            return str(n) if n else ""
        if role == Qt.ItemDataRole.EditRole and point is not None:
            return pv.votes.get(point.id, 0)
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return ALIGN_CENTER
        if role == Qt.ItemDataRole.FontRole and col != 0:
            f = QFont()
            f.setBold(col == 1 or bool(point and pv.votes.get(point.id)))
            return f
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 1:
                return (
                    _tr("%1 har brukt %2 av %3 prikker")
                    .replace("%1", pv.name)
                    .replace("%2", str(pv.used))
                    .replace("%3", str(self.budget))
                )
            if point is not None:
                return f"{pv.name} – {point.title}"
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and index.column() >= self.FIXED:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def votes_with(self, row: int, point_id: int, dots: int) -> dict[int, int]:
        votes = dict(self.rows[row].votes)
        if dots > 0:
            votes[point_id] = dots
        else:
            votes.pop(point_id, None)
        return votes

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = 0
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        point = self.point_at(index.column())
        if point is None:
            return False
        try:
            dots = int(value)
        except (TypeError, ValueError):
            return False
        pv = self.rows[index.row()]
        if dots == pv.votes.get(point.id, 0):
            return True
        return self.commit(pv.participant_id, self.votes_with(index.row(), point.id, dots))


class _DotsDelegate(QStyledItemDelegate):
    """F2 / double-click: a spin box from 0 to the budget."""

    def __init__(self, model: VoteGridModel, parent: Any = None) -> None:
        super().__init__(parent)
        self._model = model

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        from PySide6.QtWidgets import QSpinBox

        box = QSpinBox(parent)
        box.setRange(0, max(self._model.budget, 0))
        box.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return box


class VoteGrid(QTableView):
    """Digits set a cell, + / − add or take a dot, Delete or 0 empties it."""

    def __init__(self, model: VoteGridModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid_model = model
        self.setModel(model)
        self.setItemDelegate(_DotsDelegate(model, self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        hh = self.horizontalHeader()
        hh.setHighlightSections(True)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setDefaultSectionSize(120)
        hh.setMinimumSectionSize(60)

    def set_current_cell(self, dots: int) -> None:
        index = self.currentIndex()
        if index.isValid() and index.column() >= VoteGridModel.FIXED:
            self.grid_model.setData(index, dots, Qt.ItemDataRole.EditRole)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        editable = index.isValid() and index.column() >= VoteGridModel.FIXED
        if editable and self.state() != QAbstractItemView.State.EditingState:
            current = int(self.grid_model.data(index, Qt.ItemDataRole.EditRole) or 0)
            digit = _digit(event)
            if digit is not None:
                self.set_current_cell(digit)
                return
            if _plus(event):
                self.set_current_cell(current + 1)
                return
            if _minus(event):
                if current > 0:
                    self.set_current_cell(current - 1)
                return
            if event.key() in (Key.Key_Delete, Key.Key_Backspace):
                self.set_current_cell(0)
                return
        super().keyPressEvent(event)


# -- (2) private voting --------------------------------------------------------------------------
class _PointRow(QFrame):
    """One point on the private screen: its number and title, − dots +."""

    add = Signal(int)
    remove = Signal(int)
    chosen = Signal(int)

    def __init__(self, number: int, point: ImprovementPoint, parent: QWidget) -> None:
        super().__init__(parent)
        self.point_id = point.id
        self.setObjectName("pointRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 8, 14, 8)
        self.title = QLabel(f"{number}. {point.title}", self)
        self.title.setWordWrap(True)
        self.title.setObjectName("pointTitle")
        self.title.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.minus = QPushButton("−", self)
        self.minus.setToolTip(_tr("Ta bort en prikk (−)"))
        self.count = QLabel("", self)
        self.count.setObjectName("pointDots")
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count.setMinimumWidth(170)
        self.plus = QPushButton("+", self)
        self.plus.setToolTip(_tr("Gi en prikk (+)"))
        for b in (self.minus, self.plus):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setFixedSize(56, 56)
            b.setAutoDefault(False)
        row.addWidget(self.title, 1)
        row.addWidget(self.minus)
        row.addWidget(self.count)
        row.addWidget(self.plus)
        self.minus.clicked.connect(lambda: self.remove.emit(self.point_id))
        self.plus.clicked.connect(lambda: self.add.emit(self.point_id))
        self.set_dots(0, current=False)

    def set_dots(self, n: int, *, current: bool) -> None:
        self.count.setText(f"{n}  " + "●" * n if 0 < n <= 5 else (str(n) if n else "–"))
        self.count.setAccessibleName(_dots(n))
        self.count.setToolTip(_dots(n))
        self.setProperty("current", current)
        self.setProperty("voted", n > 0)
        self.style().unpolish(self)
        self.style().polish(self)

    def mousePressEvent(self, event: Any) -> None:
        self.chosen.emit(self.point_id)
        self.add.emit(self.point_id)
        super().mousePressEvent(event)


PRIVATE_STYLE = """
QWidget#privateVoting { background: #ffffff; color: #111111; }
QWidget#privateVoting QLabel { color: #111111; }
QWidget#privateVoting QLabel#muted { color: #454545; }
QWidget#privateVoting QLabel#message { color: #111111; background: #fbe9c6;
    border: 2px solid #e69f00; padding: 8px 14px; }
QWidget#privateVoting QLabel#thanks { color: #111111; background: #d6ebf7;
    border: 2px solid #0072b2; padding: 8px 14px; }
QFrame#pointRow { background: #f1f1f1; border: 2px solid #8c8c8c; border-radius: 8px; }
QFrame#pointRow[voted="true"] { background: #d6ebf7; }
QFrame#pointRow[current="true"] { border: 4px solid #0072b2; }
QWidget#privateVoting QPushButton { font-size: 22pt; padding: 6px 18px; }
QWidget#privateVoting QPushButton#nameButton { font-size: 18pt; text-align: left;
    padding: 10px 16px; }
QFrame#pointRow QLabel#pointTitle { font-size: 17pt; }
QFrame#pointRow QLabel#pointDots { font-size: 20pt; font-weight: bold; }
"""


class PrivateVotingScreen(QWidget):
    """The clean screen passed round the room. Shows one participant's own dots only
    while they vote; «Lever» stores them in one step and clears everything."""

    closed = Signal()

    def __init__(
        self, ctx: ProjectContext, workshop_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self.workshop_id = workshop_id
        self.setObjectName("privateVoting")
        self.setWindowTitle(_tr("Hemmelig stemmegivning"))
        self.setStyleSheet(PRIVATE_STYLE)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.budget = 0
        self.participants: list[Participant] = []
        self.voted: set[int] = set()
        self.points: list[ImprovementPoint] = []
        self.voter: Participant | None = None
        self.dots: dict[int, int] = {}
        self.current = 0
        self._allow_close = False
        self._name_cols = 0

        base = self.font()
        big = style.scaled_font(base, 2.2, bold=True)
        medium = style.scaled_font(base, 1.6)
        self.stack = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 32, 48, 32)
        outer.addWidget(self.stack)

        # Stage 1: who is voting.
        self.pick_page = QWidget(self)
        pick = QVBoxLayout(self.pick_page)
        self.pick_title = QLabel(_tr("Hemmelig stemmegivning"), self.pick_page)
        self.pick_title.setFont(big)
        self.pick_help = QLabel(self.pick_page)
        self.pick_help.setObjectName("muted")
        self.pick_help.setFont(medium)
        self.pick_help.setWordWrap(True)
        self.thanks = QLabel(_tr("Takk! Stemmene dine er lagret. Gi maskinen videre."), self)
        self.thanks.setObjectName("thanks")
        self.thanks.setFont(medium)
        self.thanks.setVisible(False)
        self.filter = QLineEdit(self.pick_page)
        self.filter.setFont(medium)
        self.filter.setPlaceholderText(_tr("Skriv navnet ditt eller nummeret ditt"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter_names)
        self.filter.returnPressed.connect(self._pick_first)
        self.names = QWidget(self.pick_page)
        self.names_layout = QGridLayout(self.names)
        self.names_layout.setSpacing(10)
        names_scroll = QScrollArea(self.pick_page)
        names_scroll.setWidget(self.names)
        names_scroll.setWidgetResizable(True)
        names_scroll.setFrameShape(QFrame.Shape.NoFrame)
        names_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.exit_hint = QLabel(_tr("Fasilitator: Esc avslutter."), self.pick_page)
        self.exit_hint.setObjectName("muted")
        pick.addWidget(self.pick_title)
        pick.addWidget(self.pick_help)
        pick.addWidget(self.thanks)
        pick.addWidget(self.filter)
        pick.addWidget(names_scroll, 1)
        pick.addWidget(self.exit_hint)
        self.name_buttons: dict[int, QPushButton] = {}

        # Stage 2: one person's dots.
        self.vote_page = QWidget(self)
        vote = QVBoxLayout(self.vote_page)
        self.vote_title = QLabel(self.vote_page)
        self.vote_title.setFont(big)
        self.vote_title.setWordWrap(True)
        self.left_label = QLabel(self.vote_page)
        self.left_label.setFont(style.scaled_font(base, 1.9, bold=True))
        self.vote_help = QLabel(
            _tr(
                "Klikk på et punkt eller bruk + og − for å gi eller ta bort prikker. "
                "Piltastene velger punkt. Du kan gi flere prikker til samme punkt."
            ),
            self.vote_page,
        )
        self.vote_help.setObjectName("muted")
        self.vote_help.setWordWrap(True)
        self.vote_help.setFont(style.scaled_font(base, 1.2))
        self.message = QLabel(self.vote_page)
        self.message.setObjectName("message")
        self.message.setFont(medium)
        self.message.setVisible(False)
        self.rows_box = QWidget(self.vote_page)
        self.rows_layout = QVBoxLayout(self.rows_box)
        self.rows_layout.setSpacing(8)
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        rows_scroll = QScrollArea(self.vote_page)
        rows_scroll.setWidget(self.rows_box)
        rows_scroll.setWidgetResizable(True)
        rows_scroll.setFrameShape(QFrame.Shape.NoFrame)
        rows_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rows_scroll = rows_scroll
        buttons = QHBoxLayout()
        self.cancel_button = QPushButton(_tr("Avbryt"), self.vote_page)
        self.cancel_button.setToolTip(_tr("Tilbake uten å lagre (ingenting lagres)"))
        self.deliver_button = QPushButton(_tr("Lever"), self.vote_page)
        self.deliver_button.setToolTip(_tr("Lagre stemmene dine (Ctrl+Enter)"))
        self.deliver_button.setDefault(True)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.deliver_button)
        head = QHBoxLayout()
        head.addWidget(self.vote_title, 1)
        head.addWidget(self.left_label)
        vote.addLayout(head)
        vote.addWidget(self.vote_help)
        vote.addWidget(self.message)
        vote.addWidget(rows_scroll, 1)
        vote.addLayout(buttons)
        self.point_rows: list[_PointRow] = []
        self.cancel_button.clicked.connect(self.back_to_names)
        self.deliver_button.clicked.connect(self.deliver)

        self.stack.addWidget(self.pick_page)
        self.stack.addWidget(self.vote_page)
        self._thanks_timer = QTimer(self)
        self._thanks_timer.setSingleShot(True)
        self._thanks_timer.setInterval(6000)
        self._thanks_timer.timeout.connect(lambda: self.thanks.setVisible(False))
        self.load()
        self.back_to_names()

    # -- data ---------------------------------------------------------------------------
    def load(self) -> None:
        project = self.ctx.project
        try:
            ws = workshop_service.get_workshop(project, self.workshop_id)
            self.participants = workshop_service.list_participants(project, self.workshop_id)
            self.points = point_service.list_points(project, self.workshop_id)
            # Only who has voted (to mark the name), never what they voted.
            self.voted = {
                pv.participant_id
                for pv in point_service.participant_votes(project, self.workshop_id)
                if pv.used > 0
            }
        except KnownError:
            self.participants, self.points, self.voted = [], [], set()
            return
        self.budget = ws.dot_budget
        self.participants.sort(key=lambda p: (p.name.lower(), p.id))

    # -- stage 1 --------------------------------------------------------------------------
    def back_to_names(self) -> None:
        """Clear everything of the person before and show the list of names."""
        self.voter = None
        self.dots = {}
        self.current = 0
        self._clear_rows()
        self.message.setVisible(False)
        self.filter.clear()
        self._fill_names()
        n_voted = len(self.voted & {p.id for p in self.participants})
        self.pick_help.setText(
            _tr("Velg navnet ditt. Du får %1 prikker å fordele. %2 av %3 har stemt (✓).")
            .replace("%1", str(self.budget))
            .replace("%2", str(n_voted))
            .replace("%3", str(len(self.participants)))
            if self.participants
            else _tr("Verkstedet har ingen deltakere. Legg dem inn under Oppsett først.")
        )
        if not self.points:
            self.pick_help.setText(_tr("Det er ingen forbedringspunkter å stemme på ennå."))
        self.stack.setCurrentWidget(self.pick_page)
        self.filter.setFocus()

    def _fill_names(self) -> None:
        while self.names_layout.count():
            item = self.names_layout.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.hide()
                w.setParent(None)
                w.deleteLater()
        self.name_buttons = {}
        cols = 3 if self.width() >= 1200 else 2
        self._name_cols = cols
        for i, part in enumerate(self.participants):
            text = f"{i + 1}. {part.name}"
            if part.id in self.voted:
                text += "  ✓"
            b = QPushButton(text, self.names)
            b.setObjectName("nameButton")
            b.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            b.setToolTip(part.name + (" – " + _tr("har stemt") if part.id in self.voted else ""))
            b.setAutoDefault(False)
            b.setEnabled(bool(self.points))
            b.clicked.connect(lambda _=False, pid=part.id: self.choose(pid))
            r, c = divmod(i, cols)
            self.names_layout.addWidget(b, r, c)
            self.name_buttons[part.id] = b
        self.names_layout.setRowStretch(len(self.participants) // cols + 1, 1)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        cols = 3 if self.width() >= 1200 else 2
        if self.name_buttons and cols != self._name_cols and self.voter is None:
            self._fill_names()
            self._filter_names()

    def _matches(self) -> list[Participant]:
        text = self.filter.text().strip().lower()
        if not text:
            return list(self.participants)
        if text.isdigit():
            i = int(text) - 1
            return [self.participants[i]] if 0 <= i < len(self.participants) else []
        return [p for p in self.participants if text in p.name.lower()]

    def _filter_names(self) -> None:
        keep = {p.id for p in self._matches()}
        for pid, b in self.name_buttons.items():
            b.setVisible(pid in keep)

    def _pick_first(self) -> None:
        matches = self._matches()
        if len(matches) == 1:
            self.choose(matches[0].id)

    def choose(self, participant_id: int) -> None:
        """Start one person's vote, with no dots (never what they gave before)."""
        voter = next((p for p in self.participants if p.id == participant_id), None)
        if voter is None or not self.points:
            return
        self.thanks.setVisible(False)
        self.voter = voter
        self.dots = {}
        self.current = 0
        self.vote_title.setText(voter.name)
        again = voter.id in self.voted
        self.vote_help.setText(
            (_tr("Du har stemt før: det du leverer nå, erstatter det. ") if again else "")
            + _tr(
                "Klikk på et punkt eller bruk + og − for å gi eller ta bort prikker. "
                "Piltastene velger punkt. Du kan gi flere prikker til samme punkt."
            )
        )
        self._build_rows()
        self.message.setVisible(False)
        self.stack.setCurrentWidget(self.vote_page)
        self.setFocus()
        self._sync()

    # -- stage 2 --------------------------------------------------------------------------
    def _clear_rows(self) -> None:
        for row in self.point_rows:
            row.setParent(None)
            row.deleteLater()
        self.point_rows = []

    def _build_rows(self) -> None:
        self._clear_rows()
        for i, point in enumerate(self.points):
            row = _PointRow(i + 1, point, self.rows_box)
            row.add.connect(self.add_dot)
            row.remove.connect(self.remove_dot)
            row.chosen.connect(self._set_current_id)
            self.rows_layout.addWidget(row)
            self.point_rows.append(row)
        self.rows_layout.addStretch(1)

    @property
    def used(self) -> int:
        return sum(self.dots.values())

    def add_dot(self, point_id: int) -> bool:
        if self.voter is None:
            return False
        if self.used >= self.budget:
            self._say(
                _tr("Du har brukt alle %1 prikkene. Ta bort en prikk før du gir en ny.").replace(
                    "%1", str(self.budget)
                )
            )
            QApplication.beep()
            return False
        self.dots[point_id] = self.dots.get(point_id, 0) + 1
        self.message.setVisible(False)
        self._sync()
        return True

    def remove_dot(self, point_id: int) -> None:
        if self.dots.get(point_id, 0) > 0:
            self.dots[point_id] -= 1
            if not self.dots[point_id]:
                del self.dots[point_id]
            self.message.setVisible(False)
            self._sync()

    def _set_current_id(self, point_id: int) -> None:
        ids = [p.id for p in self.points]
        if point_id in ids:
            self.current = ids.index(point_id)
            self._sync()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(True)

    def _sync(self) -> None:
        left = self.budget - self.used
        self.left_label.setText(
            _tr("%1 igjen").replace("%1", _dots(left)) if left else _tr("Alle prikkene er brukt")
        )
        for i, row in enumerate(self.point_rows):
            row.set_dots(self.dots.get(row.point_id, 0), current=i == self.current)
        if self.point_rows:
            self.rows_scroll.ensureWidgetVisible(self.point_rows[self.current])
        self.deliver_button.setText(_tr("Lever") if self.used else _tr("Lever uten prikker"))

    def deliver(self) -> bool:
        """Store this person's dots (one undo step) and clear the screen."""
        if self.voter is None:
            return False
        voter = self.voter
        votes = dict(self.dots)
        wid = self.workshop_id
        ok = perform_ok(
            self.ctx, lambda: point_service.set_votes(self.ctx.project, wid, voter.id, votes)
        )
        if not ok:
            return False
        self.voted.add(voter.id)
        self.back_to_names()
        self.thanks.setVisible(True)
        self._thanks_timer.start()
        return True

    # -- keys and leaving ---------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Key.Key_Escape:
            self.request_exit()
            return
        if self.stack.currentWidget() is self.vote_page and self.point_rows:
            ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            if key in (Key.Key_Return, Key.Key_Enter) and ctrl:
                self.deliver()
                return
            if key == Key.Key_Down:
                self.current = min(self.current + 1, len(self.point_rows) - 1)
                self._sync()
                return
            if key == Key.Key_Up:
                self.current = max(self.current - 1, 0)
                self._sync()
                return
            point_id = self.point_rows[self.current].point_id
            if _plus(event) or key in (Key.Key_Right, Key.Key_Space):
                self.add_dot(point_id)
                return
            if _minus(event) or key in (Key.Key_Left, Key.Key_Backspace):
                self.remove_dot(point_id)
                return
            digit = _digit(event)
            if digit is not None and 1 <= digit <= len(self.point_rows):
                self.current = digit - 1
                self._sync()
                return
        super().keyPressEvent(event)

    def confirm_exit(self) -> bool:
        answer = choose(
            self,
            _tr("Avslutte hemmelig stemmegivning?"),
            _tr("Bare fasilitator skal avslutte. Stemmer som ikke er levert, lagres ikke."),
            [(_tr("Avslutt"), DESTRUCTIVE)],
            default=None,
            icon=QMessageBox.Icon.Question,
            title=_tr("Hemmelig stemmegivning"),
        )
        return answer == 0

    def request_exit(self) -> bool:
        if not self.confirm_exit():
            return False
        self._allow_close = True
        self.close()
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._allow_close and not self.confirm_exit():
            event.ignore()
            return
        self.voter = None
        self.dots = {}
        self._clear_rows()
        event.accept()
        self.closed.emit()


# -- (3) results and (4) gevinst/innsats models ------------------------------------------------
class ResultModel(QAbstractTableModel):
    HEADERS = ("Forbedringspunkt", "Prikker", "Antall som ga prikker")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.tally: Tally | None = None

    def set_tally(self, tally: Tally | None) -> None:
        self.beginResetModel()
        self.tally = tally
        self.endResetModel()

    def _rows(self) -> tuple[Any, ...]:
        return self.tally.points if self.tally is not None and self.tally.revealed else ()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows())

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _tr(self.HEADERS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        t = self._rows()[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (t.title, str(t.dots), str(t.voters))[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return ALIGN_RIGHT
        return None


SCORE_COLUMNS = ("Forbedringspunkt", "Gevinst", "Innsats", "Kvadrant")


class ScoreModel(QAbstractTableModel):
    """Points with gevinst and innsats (editable 1–5, empty = not scored)."""

    def __init__(
        self, commit: Callable[[int, int | None, int | None], bool], parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.commit = commit
        self.points: list[ImprovementPoint] = []

    def set_points(self, points: Sequence[ImprovementPoint]) -> None:
        self.beginResetModel()
        self.points = list(points)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.points)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(SCORE_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return _tr(SCORE_COLUMNS[section])
            if role == Qt.ItemDataRole.ToolTipRole and section in (1, 2):
                return (
                    _tr("Effekt for næringslivet, 1 (liten) til 5 (stor)")
                    if section == 1
                    else _tr("Kostnad og arbeid, 1 (lite) til 5 (mye)")
                )
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        pt = self.points[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return f"{index.row() + 1}. {pt.title}"
            if col == 1:
                return "" if pt.gain is None else str(pt.gain)
            if col == 2:
                return "" if pt.effort is None else str(pt.effort)
            q = quadrant(pt.gain, pt.effort)
            return q.label if q is not None else _tr("Ikke vurdert")
        if role == Qt.ItemDataRole.EditRole and col in (1, 2):
            return pt.gain if col == 1 else pt.effort
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (1, 2):
            return ALIGN_CENTER
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 3:
                q = quadrant(pt.gain, pt.effort)
                return q.explanation if q is not None else _tr("Gi både gevinst og innsats")
            return pt.title
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and index.column() in (1, 2):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = 0
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() not in (1, 2):
            return False
        pt = self.points[index.row()]
        score = None if value in (None, "", 0) else int(value)
        gain, effort = (score, pt.effort) if index.column() == 1 else (pt.gain, score)
        if (gain, effort) == (pt.gain, pt.effort):
            return True
        return self.commit(pt.id, gain, effort)


class _ScoreDelegate(QStyledItemDelegate):
    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.addItem(_tr("Ikke satt"), None)
        for v in range(SCORE_MIN, SCORE_MAX + 1):
            combo.addItem(str(v), v)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.setCurrentIndex(max(0, editor.findData(value)) if value is not None else 0)

    def setModelData(
        self,
        editor: QWidget,
        model: Any,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class ScoreTable(QTableView):
    """Digits 1–5 set gevinst or innsats, Delete clears it."""

    def __init__(self, model: ScoreModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.score_model = model
        self.setModel(model)
        self.setItemDelegate(_ScoreDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        hh = self.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2):
            hh.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        if (
            index.isValid()
            and index.column() in (1, 2)
            and self.state() != QAbstractItemView.State.EditingState
        ):
            digit = _digit(event)
            if digit is not None and SCORE_MIN <= digit <= SCORE_MAX:
                self.score_model.setData(index, digit, Qt.ItemDataRole.EditRole)
                return
            if event.key() in (Key.Key_Delete, Key.Key_Backspace):
                self.score_model.setData(index, None, Qt.ItemDataRole.EditRole)
                return
        super().keyPressEvent(event)


# -- the view ---------------------------------------------------------------------------------------
class WorkshopVotingView(ProjectPage):
    """Prioritering: the vote grid, the private voting screen, the result and the
    gevinst/innsats matrix of one workshop (``set_workshop``)."""

    def __init__(self, ctx: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.workshop_id: int | None = None
        self.budget = 0
        self.tally: Tally | None = None
        self.points: list[ImprovementPoint] = []
        self.private_screen: PrivateVotingScreen | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.setContentsMargins(6, 4, 6, 0)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.private_button = self.button(
            _tr("Hemmelig stemmegivning…"),
            _tr("En ren skjerm som sendes rundt: hver deltaker stemmer for seg (Ctrl+Shift+H)"),
        )
        self.private_button.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.reveal_button = self.button(
            _tr("Vis resultat"), _tr("Vis summen av prikkene her og på projektoren")
        )
        top.addWidget(self.status, 1)
        top.addWidget(self.private_button)
        top.addWidget(self.reveal_button)
        outer.addLayout(top)

        self.tabs = QTabWidget(self)
        outer.addWidget(self.tabs, 1)

        # (1) the grid
        grid_tab = QWidget(self)
        gl = QVBoxLayout(grid_tab)
        gl.addWidget(
            style.hint(
                _tr(
                    "Skriv antall prikker i cellen (0–9), eller + og − for én mer eller "
                    "mindre; Delete tømmer. Igjen viser hva deltakeren har igjen av budsjettet."
                ),
                grid_tab,
            )
        )
        self.grid_message = QLabel(grid_tab)
        self.grid_message.setWordWrap(True)
        pal = self.grid_message.palette()
        pal.setColor(QPalette.ColorRole.WindowText, style.overdue_fg(pal))
        self.grid_message.setPalette(pal)
        self.grid_message.setVisible(False)
        self.grid_model = VoteGridModel(self._commit_votes, self)
        self.grid = VoteGrid(self.grid_model, grid_tab)
        self.grid.setAccessibleName(_tr("Stemmer per deltaker"))
        self.grid_empty = EmptyOverlay(self.grid, "")
        gl.addWidget(self.grid_message)
        gl.addWidget(self.grid, 1)
        self.tabs.addTab(grid_tab, _tr("Registrer stemmer"))

        # (3) the result
        result_tab = QWidget(self)
        rl = QVBoxLayout(result_tab)
        self.result_hidden = style.empty_state("", result_tab)
        self.result_hidden.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result_model = ResultModel(self)
        self.result_table = QTableView(result_tab)
        self.result_table.setModel(self.result_model)
        self.result_table.verticalHeader().setVisible(False)
        self.result_table.setAlternatingRowColors(True)
        self.result_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        rh = self.result_table.horizontalHeader()
        rh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        rh.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        rh.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.result_chart = VotesView(result_tab, projector=False)
        self.result_chart.setMinimumHeight(220)
        self.result_split = QSplitter(Qt.Orientation.Horizontal, result_tab)
        self.result_split.addWidget(self.result_table)
        self.result_split.addWidget(self.result_chart)
        self.result_split.setStretchFactor(0, 2)
        self.result_split.setStretchFactor(1, 3)
        rl.addWidget(self.result_hidden)
        rl.addWidget(self.result_split, 1)
        self.tabs.addTab(result_tab, _tr("Resultat"))

        # (4) gevinst / innsats
        score_tab = QWidget(self)
        sl = QVBoxLayout(score_tab)
        sl.addWidget(
            style.hint(
                _tr(
                    "Gevinst: effekt for næringslivet. Innsats: kostnad og arbeid. "
                    "Skriv 1–5 i cellen (Delete tømmer) eller velg i listen (F2)."
                ),
                score_tab,
            )
        )
        self.score_model = ScoreModel(self._commit_score, self)
        self.score_table = ScoreTable(self.score_model, score_tab)
        self.score_table.setAccessibleName(_tr("Gevinst og innsats per punkt"))
        self.score_empty = EmptyOverlay(self.score_table, "")
        self.matrix = MatrixView(score_tab, projector=False)
        self.matrix.setMinimumSize(320, 260)
        split = QSplitter(Qt.Orientation.Horizontal, score_tab)
        split.addWidget(self.score_table)
        split.addWidget(self.matrix)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        self.score_split = split
        sl.addWidget(split, 1)
        self.tabs.addTab(score_tab, _tr("Gevinst og innsats"))

        self.private_button.clicked.connect(self.open_private_voting)
        self.reveal_button.clicked.connect(self.toggle_reveal)
        self.refresh()

    # -- data ---------------------------------------------------------------------------------
    def set_workshop(self, workshop_id: int | None) -> None:
        if workshop_id == self.workshop_id:
            return
        self.workshop_id = workshop_id
        self.grid_message.setVisible(False)
        self.refresh()

    def reload(self) -> None:
        wid = self.workshop_id
        project = self.ctx.project
        rows: list[ParticipantVotes] = []
        points: list[ImprovementPoint] = []
        tally: Tally | None = None
        if wid is not None:
            try:
                ws = workshop_service.get_workshop(project, wid)
                points = point_service.list_points(project, wid)
                rows = point_service.participant_votes(project, wid)
                tally = point_service.tally(project, wid)
                self.budget = ws.dot_budget
            except KnownError:
                self.workshop_id = wid = None
                rows, points, tally = [], [], None
        self.points = points
        self.tally = tally
        self.grid_model.set_data(rows, points, self.budget)
        self.grid.resizeColumnToContents(0)
        self.grid.setColumnWidth(0, max(self.grid.columnWidth(0), 180))
        self.grid.setColumnWidth(1, 70)
        if wid is None:
            self.grid_empty.set_text(_tr("Velg et verksted."))
        elif not points:
            self.grid_empty.set_text(
                _tr("Ingen forbedringspunkter ennå. Samle innspillene i punkter på tavla først.")
            )
        else:
            self.grid_empty.set_text(
                _tr("Verkstedet har ingen deltakere. Legg dem inn under Oppsett.")
            )
        if not points:
            self.grid_model.set_data([], [], self.budget)
        self.score_model.set_points(points)
        self.score_empty.set_text(
            _tr("Ingen forbedringspunkter å vurdere ennå.") if wid is not None else ""
        )
        self.matrix.set_points(points)
        self._show_result(tally)
        self._show_status(tally)

    def _show_status(self, tally: Tally | None) -> None:
        if tally is None:
            self.status.setText(_tr("Velg et verksted for å registrere stemmer."))
            return
        state = _tr("Resultatet vises") if tally.revealed else _tr("Resultatet er skjult")
        self.status.setText(
            _tr("%1 per deltaker · %2 av %3 har stemt · %4 · %5")
            .replace("%1", _dots(tally.dot_budget))
            .replace("%2", str(tally.voted))
            .replace("%3", str(tally.participants))
            .replace("%4", _dots(tally.dots_cast) + " " + _tr("gitt"))
            .replace("%5", state)
        )

    def _show_result(self, tally: Tally | None) -> None:
        self.result_model.set_tally(tally)
        self.result_chart.set_tally(tally)
        revealed = tally is not None and tally.revealed
        self.result_split.setVisible(revealed)
        self.result_hidden.setVisible(not revealed)
        if tally is None:
            self.result_hidden.setText(_tr("Velg et verksted."))
        elif not revealed:
            self.result_hidden.setText(
                _tr(
                    "Stemmene er skjult til du viser resultatet. %1 av %2 har stemt.\n"
                    "Trykk «Vis resultat» når alle har stemt."
                )
                .replace("%1", str(tally.voted))
                .replace("%2", str(tally.participants))
            )
        self.reveal_button.setText(_tr("Skjul resultat") if revealed else _tr("Vis resultat"))

    def update_actions(self) -> None:
        has = self.workshop_id is not None
        writable = self.writable
        self.private_button.setEnabled(writable and has and bool(self.points))
        self.reveal_button.setEnabled(writable and has)
        edit = (
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            if writable
            else QAbstractItemView.EditTrigger.NoEditTriggers
        )
        self.grid.setEditTriggers(edit)
        self.score_table.setEditTriggers(edit)

    # -- changes ------------------------------------------------------------------------------
    def _commit_votes(self, participant_id: int, votes: dict[int, int]) -> bool:
        wid = self.workshop_id
        if wid is None or not self.writable:
            return False
        used = sum(votes.values())
        if used > self.budget:
            name = next(
                (r.name for r in self.grid_model.rows if r.participant_id == participant_id), ""
            )
            self.grid_message.setText(
                _tr("%1 har bare %2. Ta bort en prikk et annet sted først.")
                .replace("%1", name)
                .replace("%2", _dots(self.budget))
            )
            self.grid_message.setVisible(True)
            QApplication.beep()
            return False
        self.grid_message.setVisible(False)
        current = self.grid.currentIndex()
        row, col = current.row(), current.column()
        ok = perform_ok(
            self.ctx,
            lambda: point_service.set_votes(self.ctx.project, wid, participant_id, votes),
        )
        if ok and 0 <= row < self.grid_model.rowCount():
            self.grid.setCurrentIndex(self.grid_model.index(row, col))
        return bool(ok)

    def _commit_score(self, point_id: int, gain: int | None, effort: int | None) -> bool:
        if not self.writable:
            return False
        current = self.score_table.currentIndex()
        ok = perform_ok(
            self.ctx, lambda: point_service.set_score(self.ctx.project, point_id, gain, effort)
        )
        if ok and current.isValid():
            self.score_table.setCurrentIndex(
                self.score_model.index(current.row(), current.column())
            )
        return bool(ok)

    def toggle_reveal(self) -> None:
        wid = self.workshop_id
        if wid is None or self.tally is None:
            return
        revealed = not self.tally.revealed
        self.ctx.perform(lambda: point_service.set_votes_revealed(self.ctx.project, wid, revealed))
        if revealed:
            self.tabs.setCurrentIndex(1)

    def open_private_voting(self) -> PrivateVotingScreen | None:
        wid = self.workshop_id
        if wid is None or not self.writable:
            return None
        if self.private_screen is not None:
            self.private_screen.close()
        screen = PrivateVotingScreen(self.ctx, wid, self.window())
        screen.closed.connect(self._private_closed)
        self.private_screen = screen
        own = self.window().screen()
        if own is not None:
            screen.setGeometry(own.geometry())
        screen.showFullScreen()
        screen.activateWindow()
        return screen

    def _private_closed(self) -> None:
        screen = self.private_screen
        self.private_screen = None
        if screen is not None:
            screen.deleteLater()
        self.window().activateWindow()


__all__ = ["PrivateVotingScreen", "WorkshopVotingView"]
