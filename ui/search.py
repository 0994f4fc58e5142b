"""The project search box (issue 3 §5): a field at the top of the navigation, a list
of hits under it that follows the typing, and a signal when the user picks a hit.

The list is a child of the main window laid over the pages, not a popup window: the
focus stays in the field, so the user goes on typing while Up/Down move in the hits,
Enter opens the current one and Esc closes the list and goes back to where the user
was. The search itself is fast (FTS5, bench/search.py), so it runs on the GUI thread
after a short pause in the typing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.services.search import KINDS, SearchHit, kind_label
from ui.widgets import style

CONTEXT = "ProjectSearch"
DEBOUNCE_MS = 120
MAX_VISIBLE_ROWS = 8
POPUP_WIDTH = 720
Index = QModelIndex | QPersistentModelIndex
HIT_ROLE = Qt.ItemDataRole.UserRole + 1


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class HitModel(QAbstractListModel):
    """The hits of the last search, in the order the service ranked them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> SearchHit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def hits(self) -> list[SearchHit]:
        return list(self._hits)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        hit = self.hit(index.row()) if index.isValid() else None
        if hit is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{hit.kind_label}: {hit.title}\n{hit.location}\n{hit.snippet}".strip()
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{hit.kind_label}: {hit.title}. {hit.snippet}"
        if role == HIT_ROLE:
            return hit
        return None


class HitDelegate(QStyledItemDelegate):
    """Two lines per hit: kind | title (bold) … location, and the snippet with the
    matched words in bold. The kind stands in a column of its own, so the eye can run
    down the titles."""

    PAD_X, PAD_Y, GAP = 10, 6, 2

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        base = QFont(option.font)
        bold = QFont(base)
        bold.setBold(True)
        small = style.scaled_font(base, 0.9)
        return base, bold, small

    def kind_width(self, option: QStyleOptionViewItem) -> int:
        _base, _bold, small = self._fonts(option)
        fm = QFontMetrics(small)
        return max(fm.horizontalAdvance(kind_label(k)) for k in KINDS) + 14

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        base, bold, _small = self._fonts(option)
        h = QFontMetrics(bold).height() + QFontMetrics(base).height()
        return QSize(POPUP_WIDTH - 20, h + self.GAP + 2 * self.PAD_Y)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        hit = index.data(HIT_ROLE)
        if not isinstance(hit, SearchHit):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = option.widget  # type: ignore[attr-defined]
        qstyle = widget.style() if widget is not None else QApplication.style()
        qstyle.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)

        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        pal: QPalette = option.palette  # type: ignore[attr-defined]
        text_color = pal.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = text_color if selected else style.muted_fg(pal)
        base, bold, small = self._fonts(option)
        rect: QRect = option.rect.adjusted(self.PAD_X, self.PAD_Y, -self.PAD_X, -self.PAD_Y)  # type: ignore[attr-defined]
        kind_w = self.kind_width(option)
        line1 = QFontMetrics(bold).height()
        painter.save()
        painter.setClipRect(option.rect)  # type: ignore[attr-defined]

        # line 1: kind · title … location
        painter.setFont(small)
        painter.setPen(muted)
        painter.drawText(
            QRect(rect.left(), rect.top(), kind_w, line1),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            hit.kind_label,
        )
        x = rect.left() + kind_w
        small_fm = QFontMetrics(small)
        where = hit.location
        if small_fm.horizontalAdvance(where) + 2 > rect.width() * 0.4:
            where = where.rsplit(" › ", 1)[-1]  # "Intervjuer og dokumenter" is enough
        where_w = min(small_fm.horizontalAdvance(where) + 2, int(rect.width() * 0.4))
        where = small_fm.elidedText(where, Qt.TextElideMode.ElideLeft, where_w)
        painter.drawText(
            QRect(rect.right() - where_w, rect.top(), where_w, line1),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            where,
        )
        title_w = max(0, rect.right() - where_w - 16 - x)
        painter.setFont(bold)
        painter.setPen(text_color)
        painter.drawText(
            QRect(x, rect.top(), title_w, line1),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            QFontMetrics(bold).elidedText(hit.title, Qt.TextElideMode.ElideRight, title_w),
        )

        # line 2: the snippet, matched words in bold, cut with … at the right edge
        y = rect.top() + line1 + self.GAP
        line2 = QFontMetrics(base).height()
        right = rect.right()
        for piece, is_match in hit.spans:
            font = bold if is_match else base
            fm = QFontMetrics(font)
            room = right - x
            if room <= fm.horizontalAdvance("…"):
                break
            shown = piece
            if fm.horizontalAdvance(piece) > room:
                shown = fm.elidedText(piece, Qt.TextElideMode.ElideRight, room)
            painter.setFont(font)
            painter.setPen(text_color if is_match or selected else muted)
            painter.drawText(
                QRect(x, y, room, line2),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                shown,
            )
            x += fm.horizontalAdvance(shown)
            if shown != piece:
                break
        painter.restore()


class SearchPopup(QFrame):
    """The results under the field: the hit list, or a line that says why it is empty."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("searchPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            "QFrame#searchPopup { background: palette(base); border: 1px solid #b8c2cc;"
            " border-radius: 4px; }"
        )
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.model = HitModel(self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.delegate = HitDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps the focus
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setUniformItemSizes(True)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setMouseTracking(True)
        self.view.setAccessibleName(_t("Søketreff"))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setContentsMargins(12, 10, 12, 10)
        self.footer = style.hint("", self)
        self.footer.setWordWrap(False)
        self.footer.setContentsMargins(12, 4, 12, 6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setSpacing(0)
        layout.addWidget(self.view)
        layout.addWidget(self.message)
        layout.addWidget(self.footer)
        self.hide()

    def show_hits(self, hits: Sequence[SearchHit], empty_text: str) -> None:
        self.model.set_hits(hits)
        has_hits = bool(hits)
        self.view.setVisible(has_hits)
        self.message.setText(empty_text)
        self.message.setVisible(not has_hits)
        self.footer.setText(
            _t("↑ ↓ velger · Enter åpner · Esc lukker")
            if has_hits
            else _t("Alle ordene må finnes. Prøv færre ord, eller bare begynnelsen av et ord.")
        )
        if has_hits:
            self.view.setCurrentIndex(self.model.index(0, 0))
            self.view.scrollToTop()

    def current_hit(self) -> SearchHit | None:
        index = self.view.currentIndex()
        return self.model.hit(index.row()) if index.isValid() else self.model.hit(0)

    def preferred_height(self, width: int) -> int:
        footer = self.footer.sizeHint().height()
        if self.model.rowCount() == 0:
            return self.message.heightForWidth(width) + footer + 4
        row_h = self.view.sizeHintForRow(0)
        rows = min(self.model.rowCount(), MAX_VISIBLE_ROWS)
        return rows * row_h + footer + 6


class ProjectSearch(QObject):
    """The field and its list; ``activated`` is emitted with the hit the user picks.

    ``run`` is the search (the service with the project bound), so tests may give
    their own. The list is laid over ``host`` (the main window) just under the field.
    """

    activated = Signal(object)  # SearchHit

    def __init__(
        self,
        run: Callable[[str], list[SearchHit]],
        host: QWidget,
        field_parent: QWidget | None = None,
    ) -> None:
        super().__init__(host)
        self._run = run
        self._host = host
        self._return_to: QWidget | None = None
        self.field = QLineEdit(field_parent)
        self.field.setObjectName("projectSearch")
        self.field.setPlaceholderText(_t("Søk i prosjektet (Ctrl+F)"))
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName(_t("Søk i prosjektet"))
        self.field.setToolTip(
            _t(
                "Søk i personer, sjekklister, tjenester, notater, møter og vedtak (Ctrl+F).\n"
                "Alle ordene må finnes; begynnelsen av et ord er nok."
            )
        )
        self.popup = SearchPopup(host)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.update_results)
        self.field.textChanged.connect(self._on_text)
        self.field.installEventFilter(self)
        host.installEventFilter(self)
        self.popup.view.clicked.connect(self._on_click)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

    # -- public ------------------------------------------------------------------------
    def focus(self) -> None:
        """Ctrl+F: into the field with its text selected; show the hits again if any."""
        current = QApplication.focusWidget()
        if current is not None and current is not self.field:
            self._return_to = current
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        if self.field.text().strip():
            self.update_results()

    def is_open(self) -> bool:
        return self.popup.isVisible()

    def hits(self) -> list[SearchHit]:
        return self.popup.model.hits()

    def message(self) -> str:
        return self.popup.message.text() if self.popup.message.isVisibleTo(self.popup) else ""

    def close_popup(self, *, return_focus: bool = False) -> None:
        self.timer.stop()
        self.popup.hide()
        if return_focus:
            target = self._return_to
            self._return_to = None
            if target is not None and _alive(target) and target.isVisible():
                target.setFocus(Qt.FocusReason.OtherFocusReason)
            else:
                self._host.setFocus(Qt.FocusReason.OtherFocusReason)

    def update_results(self) -> None:
        """Run the search for the text in the field now and show what it found."""
        self.timer.stop()
        query = self.field.text().strip()
        if not query:
            self.popup.hide()
            return
        hits = self._run(query)
        shown = query if len(query) <= 60 else query[:59] + "…"
        self.popup.show_hits(hits, _t("Ingen treff for «{query}».").format(query=shown))
        self._place()
        self.popup.show()
        self.popup.raise_()

    def refresh_if_open(self) -> None:
        """The project changed: the hits shown may be gone or new ones may match."""
        if self.is_open():
            row = self.popup.view.currentIndex().row()
            self.update_results()
            if 0 < row < self.popup.model.rowCount():
                self.popup.view.setCurrentIndex(self.popup.model.index(row, 0))

    def activate_current(self) -> None:
        hit = self.popup.current_hit()
        if hit is None:
            return
        self.close_popup()
        self._return_to = None
        self.activated.emit(hit)

    # -- events ------------------------------------------------------------------------
    def _on_text(self, _text: str) -> None:
        if self.field.text().strip():
            self.timer.start()
        else:
            self.close_popup()

    def _on_click(self, index: QModelIndex) -> None:
        self.popup.view.setCurrentIndex(index)
        self.activate_current()

    def _on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if new is self.field and old is not None and old is not self.field:
            if _alive(old) and self._host.isAncestorOf(old):
                self._return_to = old
        elif old is self.field and new is not None and new is not self.field:
            self.close_popup()  # Tab or a click elsewhere: the list goes away

    def _move(self, key: int) -> None:
        view, model = self.popup.view, self.popup.model
        rows = model.rowCount()
        if rows == 0:
            return
        row = view.currentIndex().row() if view.currentIndex().isValid() else -1
        step = {
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_PageDown: MAX_VISIBLE_ROWS - 1,
            Qt.Key.Key_PageUp: -(MAX_VISIBLE_ROWS - 1),
        }[Qt.Key(key)]
        row = min(max(row + step, 0), rows - 1)
        view.setCurrentIndex(model.index(row, 0))
        view.scrollTo(model.index(row, 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self._host:
            resized = event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest)
            if resized and self.popup.isVisible():
                self._place()
            return False
        if watched is not self.field:
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape and (self.is_open() or self._return_to):
                event.accept()  # Esc is ours while the field is in use
                return True
            return False
        if event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            if not self.is_open():
                if self.field.text().strip():
                    self.update_results()
                return True
            if self.timer.isActive():  # the list would change under the cursor
                self.update_results()
            self._move(key)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.timer.isActive() or (not self.is_open() and self.field.text().strip()):
                self.update_results()  # typed fast and pressed Enter: search first
            if self.is_open():
                self.activate_current()
            return True
        if key == Qt.Key.Key_Escape:
            self.close_popup(return_focus=True)
            return True
        return False

    def _place(self) -> None:
        """Under the field, as wide as fits in the window, as high as the hits need."""
        host = self._host
        origin = self.field.mapTo(host, QPoint(0, self.field.height() + 2))
        width = max(self.field.width(), min(POPUP_WIDTH, host.width() - origin.x() - 12))
        room = max(80, host.height() - origin.y() - 12)
        height = min(self.popup.preferred_height(width), room)
        self.popup.setGeometry(origin.x(), origin.y(), width, height)


def _alive(widget: QWidget) -> bool:
    try:
        widget.objectName()
    except RuntimeError:  # the C++ object is gone (a page was rebuilt)
        return False
    return True
