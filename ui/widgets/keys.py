"""Keyboard handling shared by every list and table: Insert/Ctrl+N adds, Enter/F2
edits, Delete removes.

The keys are taken by the focused view itself (it accepts the ShortcutOverride), so a
window-wide Ctrl+N ("new project") cannot make them ambiguous while a list has focus.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView

Action = Callable[[], None]


class ListKeys(QObject):
    def __init__(
        self,
        view: QAbstractItemView,
        *,
        add: Action | None = None,
        edit: Action | None = None,
        remove: Action | None = None,
        enabled: Callable[[], bool] = lambda: True,
    ) -> None:
        super().__init__(view)
        self._view = view
        self._actions = {"add": add, "edit": edit, "remove": remove}
        self._enabled = enabled
        view.installEventFilter(self)

    def _which(self, event: QKeyEvent) -> str | None:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods == Qt.KeyboardModifier.NoModifier:
            if key == Qt.Key.Key_Insert:
                return "add"
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
                return "edit"
            if key == Qt.Key.Key_Delete:
                return "remove"
        elif mods == Qt.KeyboardModifier.ControlModifier and key == Qt.Key.Key_N:
            return "add"
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        assert isinstance(event, QKeyEvent)
        if self._view.state() == QAbstractItemView.State.EditingState:
            return False
        which = self._which(event)
        action = self._actions.get(which) if which else None
        if action is None:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # the key comes to us as a KeyPress instead of a shortcut
            return True
        if self._enabled():
            action()
        return True


class SearchKeys(QObject):
    """In a search box over a list: Up/Down and Page Up/Down move the list's current
    row while the focus stays in the box, so the user can go on typing."""

    MOVES = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)

    def __init__(self, search: QObject, view: QAbstractItemView) -> None:
        super().__init__(search)
        self._view = view
        search.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        if event.key() not in self.MOVES:
            return False
        model = self._view.model()
        if model is None or model.rowCount() == 0:
            return True
        if not self._view.currentIndex().isValid():
            self._view.setCurrentIndex(model.index(0, 0))
            return True
        QCoreApplication.sendEvent(
            self._view, QKeyEvent(event.type(), event.key(), event.modifiers())
        )
        return True
