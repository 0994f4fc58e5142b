"""What the project pages share: reload on ctx.changed (at once when visible, else
when next shown) and the read-only switch."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QPushButton, QWidget

from ui.context import ProjectContext


class ProjectPage(QWidget):
    # The search-hit kinds (services/search.py) this page can show; see reveal().
    REVEALS: tuple[str, ...] = ()

    def __init__(self, ctx: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = False
        self._edit_controls: list[QWidget] = []
        self._hold_reload = False
        self._reload_later = False
        ctx.changed.connect(self._on_changed)

    # Subclasses fill these in.
    def reload(self) -> None:
        raise NotImplementedError

    def update_actions(self) -> None:
        """Disable the buttons that do not fit the selection (called after
        sync_controls has enabled every editing control, unless read-only)."""

    def flush(self) -> bool:
        """Store what the user has typed but not yet committed (a page with text
        editors saves on a timer). Called before the project is closed. False if it
        could not be stored (the user has been told)."""
        return True

    def reveal(self, kind: str, ref_id: int) -> bool:
        """Select the record a search hit points to (kind is one of REVEALS).
        False if it is no longer there."""
        return False

    # -- shared ----------------------------------------------------------------------
    def editing(self, widget: QWidget) -> QWidget:
        """Register a control that changes the project: disabled when read-only."""
        self._edit_controls.append(widget)
        return widget

    def button(self, text: str, tooltip: str = "", *, edits: bool = True) -> QPushButton:
        b = QPushButton(text, self)
        b.setAutoDefault(False)
        if tooltip:
            b.setToolTip(tooltip)
        if edits:
            self.editing(b)
        return b

    @property
    def writable(self) -> bool:
        return not self.ctx.read_only

    def sync_controls(self) -> None:
        """Every editing control off when read-only; then the selection decides."""
        for w in self._edit_controls:
            w.setEnabled(self.writable)
        self.update_actions()

    def flush_holding_reload(self) -> None:
        """Flush while a list's selection is changing: the list must not be reset
        inside its own selection signal (Qt crashes), so a reload waits a loop turn."""
        self._hold_reload = True
        try:
            self.flush()
        finally:
            self._hold_reload = False
        if self._reload_later:
            self._reload_later = False
            QTimer.singleShot(0, self._on_changed)

    def _on_changed(self) -> None:
        if self._hold_reload:
            self._reload_later = True
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def refresh(self) -> None:
        self._stale = False
        self.reload()
        self.sync_controls()

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)
