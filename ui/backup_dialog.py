"""Fil → Gjenopprett fra sikkerhetskopi: pick a backup; the restore is undoable."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.errors import KnownError
from nvk_desktop.services import project as project_service
from nvk_desktop.services.project import BackupInfo
from ui import errors
from ui.context import ProjectContext
from ui.questions import ACCEPT, choose

CONTEXT = "BackupDialog"


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def format_when(info: BackupInfo) -> str:
    return f"{info.created:%d.%m.%Y} kl. {info.created:%H:%M}"


def format_size(size: int) -> str:
    locale = QLocale()
    if size < 1024 * 1024:
        return f"{locale.toString(max(1, round(size / 1024)))} kB"
    return f"{locale.toString(size / (1024 * 1024), 'f', 1)} MB"


class RestoreCommand(QUndoCommand):
    """A restore that has been done; undo and redo swap the project with the backup
    taken just before (restore_backup returns a backup of the state it replaced)."""

    def __init__(self, ctx: ProjectContext, other: Path, label: str) -> None:
        super().__init__(label)
        self._ctx = ctx
        self._other = other
        self._done_once = False

    def redo(self) -> None:
        if not self._done_once:  # restored before the push
            self._done_once = True
            return
        self._swap()

    def undo(self) -> None:
        self._swap()

    def _swap(self) -> None:
        try:
            self._other = project_service.restore_backup(self._ctx.project, self._other)
        except KnownError as e:
            self._ctx.undo_failed(e)
            return
        self._ctx.changed.emit()


def restore(ctx: ProjectContext, backup: BackupInfo, parent: QWidget | None = None) -> bool:
    """Restore ``backup`` as one undoable step. Returns False (after telling the user)
    if it could not be done; the project is then unchanged."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        before = project_service.restore_backup(ctx.project, backup.path)
    except KnownError as e:
        QApplication.restoreOverrideCursor()
        errors.show_known_error(parent, e)
        return False
    QApplication.restoreOverrideCursor()
    label = _t("Gjenopprett sikkerhetskopi fra {when}").format(when=format_when(backup))
    ctx.undo_stack.push(RestoreCommand(ctx, before, label))
    ctx.changed.emit()
    return True


class BackupModel(QAbstractTableModel):
    HEADERS = (
        QT_TRANSLATE_NOOP(CONTEXT, "Tidspunkt"),
        QT_TRANSLATE_NOOP(CONTEXT, "Årsak"),
        QT_TRANSLATE_NOOP(CONTEXT, "Størrelse"),
    )

    def __init__(self, backups: list[BackupInfo], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._backups = backups

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._backups)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _t(self.HEADERS[section])
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid():
            return None
        b = self._backups[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (format_when(b), b.reason_label, format_size(b.size))[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(b.path)
        return None

    def backup(self, row: int) -> BackupInfo:
        return self._backups[row]


class BackupDialog(QDialog):
    """The backups of one project file, and a way to go back to one of them.

    ``restore_action`` does the restoring and says whether it happened; it differs
    for an open project (one undoable step) and a file that no longer opens.
    """

    def __init__(
        self,
        path: Path,
        restore_action: Callable[[BackupInfo], bool],
        *,
        read_only: bool = False,
        note: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.restore_action = restore_action
        self.read_only = read_only
        self.setWindowTitle(_t("Gjenopprett fra sikkerhetskopi"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(10)

        intro = QLabel(
            _t(
                "NVK Desktop tar sikkerhetskopier av prosjektet automatisk: når det åpnes og "
                "lukkes, og jevnlig mens du arbeider. Velg tilstanden du vil gå tilbake til."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        backups = project_service.list_backups(path)
        self.model = BackupModel(backups, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

        self.empty = QLabel(
            _t(
                "Det finnes ingen sikkerhetskopier av dette prosjektet ennå. Den første tas "
                "neste gang prosjektet åpnes eller lukkes, eller med Fil → Ta sikkerhetskopi nå."
            )
        )
        self.empty.setWordWrap(True)
        self.empty.setObjectName("muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        stack = QStackedWidget()
        stack.addWidget(self.table)
        stack.addWidget(self.empty)
        stack.setCurrentWidget(self.table if backups else self.empty)
        layout.addWidget(stack, 1)

        note = QLabel(note)
        self.note_text = note.text()
        note.setObjectName("muted")
        note.setWordWrap(True)
        layout.addWidget(note)

        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton(
            _t("Gjenopprett…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(_t("Lukk"), QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.setEnabled(False)
        layout.addWidget(self.buttons)

        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.doubleClicked.connect(lambda _index: self._restore())
        self.buttons.accepted.connect(self._restore)
        self.buttons.rejected.connect(self.reject)
        if backups:
            self.table.selectRow(0)
        self.resize(600, 440)

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.backup(rows[0].row()) if rows else None

    def _on_selection(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None and not self.read_only)

    def confirm(self, backup: BackupInfo) -> bool:
        answer = choose(
            self,
            _t("Vil du sette prosjektet tilbake til slik det var {when}?").format(
                when=format_when(backup)
            ),
            self.note_text,
            [(_t("Gjenopprett"), ACCEPT)],
            icon=QMessageBox.Icon.Question,
            title=_t("Gjenopprett fra sikkerhetskopi"),
        )
        return answer == 0

    def _restore(self) -> None:
        backup = self.selected()
        if backup is None or self.read_only:
            return
        if not self.confirm(backup):
            return
        if self.restore_action(backup):
            self.accept()

    @classmethod
    def for_project(cls, ctx: ProjectContext, parent: QWidget | None = None) -> BackupDialog:
        """For the open project: the restore is one step that Angre takes back."""
        return cls(
            ctx.project.path,
            lambda backup: restore(ctx, backup, parent),
            read_only=ctx.read_only,
            note=_t(
                "Før gjenopprettingen tas en sikkerhetskopi av prosjektet slik det er nå. "
                "Angrer du deg, velger du Rediger → Angre (Ctrl+Z), så kommer dagens tilstand tilbake."
            ),
            parent=parent,
        )

    @classmethod
    def for_unopenable(cls, path: Path, parent: QWidget | None = None) -> BackupDialog:
        """For a file that does not open: it is kept in the backup folder, then replaced."""

        def restore_file(backup: BackupInfo) -> bool:
            try:
                project_service.restore_file(path, backup.path)
            except KnownError as e:
                errors.show_known_error(parent, e)
                return False
            return True

        return cls(
            path,
            restore_file,
            note=_t(
                "Filen som ikke kan åpnes, blir ikke slettet: en kopi av den legges sammen med "
                "sikkerhetskopiene før den erstattes."
            ),
            parent=parent,
        )
