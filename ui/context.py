"""What every page of an open project shares: the project, its undo stack, and
one way to perform a change (DESIGN.md rule 2: one service call = one transaction =
one undoable command)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from nvk_desktop.errors import KnownError
from nvk_desktop.services import project as project_service
from nvk_desktop.services.project import Change, Project
from ui import errors
from ui.runner import Runner

T = TypeVar("T")


class ChangeCommand(QUndoCommand):
    """A change that has already been made; undo and redo apply its inverse."""

    def __init__(self, ctx: ProjectContext, change: Change) -> None:
        super().__init__(change.label)
        self._ctx = ctx
        self._change = change
        self._done_once = False

    def redo(self) -> None:
        if not self._done_once:  # the change was made before the push
            self._done_once = True
            return
        self._apply()

    def undo(self) -> None:
        self._apply()

    def _apply(self) -> None:
        try:
            self._change = project_service.undo_or_redo(self._ctx.project, self._change)
        except KnownError as e:
            self._ctx.undo_failed(e)
            return
        self._ctx.changed.emit()


class ProjectContext(QObject):
    """An open project as the GUI sees it."""

    changed = Signal()  # anything in the project may have changed: pages reload

    def __init__(
        self, project: Project, runner: Runner | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.undo_stack = QUndoStack(self)
        self.dialog_parent: QWidget | None = None
        # Slow work (imports, documents) goes through this; inline unless the window
        # that owns the project gives a threaded one.
        self.runner = runner if runner is not None else Runner(inline=True)

    @property
    def read_only(self) -> bool:
        return self.project.read_only

    def perform(self, action: Callable[[], T]) -> T | None:
        """Run one service call that changes the project and make it undoable.

        A KnownError (bad input, full disk, read-only file) is shown to the user and
        nothing is changed; the return value is then None.
        """
        try:
            result = action()
        except KnownError as e:
            errors.show_known_error(self.dialog_parent, e)
            return None
        change = self.project.take_last_change()
        if change is not None:
            self.undo_stack.push(ChangeCommand(self, change))
        self.changed.emit()
        return result

    def undo_failed(self, error: KnownError) -> None:
        """An undo or redo could not be written: nothing changed in the file, but
        the history no longer matches it, so it is cleared."""
        errors.show_known_error(
            self.dialog_parent,
            KnownError(error.message, (error.advice + " Angre-historikken er tømt.").strip()),
        )
        self.undo_stack.clear()
        self.changed.emit()
