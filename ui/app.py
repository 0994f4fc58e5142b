"""Starting the GUI, and the one way a project file gets opened in a window.

Start-up time is a feature (DESIGN.md rule 13): this module imports only Qt at the top.
The storage stack (SQLAlchemy) is imported on a helper thread while Qt starts, and the
windows are imported when they are needed.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QWidget

from ui.questions import ACCEPT, DESTRUCTIVE, choose

if TYPE_CHECKING:
    from nvk_desktop.errors import DamagedFileError
    from nvk_desktop.services.project import Project
    from ui.main_window import MainWindow
    from ui.welcome import WelcomeWindow

APP_NAME = "NVK Desktop"
FILE_FILTER = "NVK-prosjekter (*.nvk);;Alle filer (*)"

# Top-level windows are kept here so Python does not collect them while they are open.
_windows: list[QWidget] = []


def _t(text: str) -> str:
    return QCoreApplication.translate("App", text)


# -- the application ---------------------------------------------------------------

STYLE_SHEET = """
QLabel#pageTitle { font-size: 20pt; font-weight: 600; color: #1d2b36; }
QLabel#pageBody { font-size: 11pt; color: #2c3a45; }
QFrame#underWork { background: #eef2f6; border: 1px solid #d5dde5; border-radius: 6px; }
QFrame#underWork QLabel { color: #4a5a68; }
QLabel#banner { padding: 6px 14px; font-weight: 600; }
QLabel#banner[kind="example"] { background: #fbf1d6; color: #6b4e00; border-bottom: 1px solid #e9d8a6; }
QLabel#banner[kind="readonly"] { background: #e4ebf2; color: #27435c; border-bottom: 1px solid #c9d5e1; }
QListWidget#nav { background: #eef1f4; border: none; border-right: 1px solid #d9dee3;
    font-size: 10.5pt; outline: 0; padding-top: 8px; }
QListWidget#nav::item { padding: 8px 14px; border: none; color: #22313d; }
QListWidget#nav::item:selected { background: #dbe6f0; color: #0f3a5f; border-left: 3px solid #2f6690; }
QListWidget#nav::item:hover:!selected { background: #e5eaef; }
QLabel#validation[state="error"] { color: #a11d1d; }
QLabel#validation[state="hint"] { color: #5b6873; }
QLabel#muted { color: #5b6873; }
"""


def _palette() -> QPalette:
    """A calm light palette, the same on every platform (Fusion would follow a dark
    system theme, and the pages are not designed for that yet)."""
    p = QPalette()
    window = QColor("#f6f7f9")
    text = QColor("#1d2b36")
    p.setColor(QPalette.ColorRole.Window, window)
    p.setColor(QPalette.ColorRole.WindowText, text)
    p.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.AlternateBase, QColor("#f1f4f7"))
    p.setColor(QPalette.ColorRole.Text, text)
    p.setColor(QPalette.ColorRole.Button, QColor("#eef1f4"))
    p.setColor(QPalette.ColorRole.ButtonText, text)
    p.setColor(QPalette.ColorRole.Highlight, QColor("#2f6690"))
    p.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.ToolTipBase, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.ToolTipText, text)
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor("#7b8791"))
    p.setColor(QPalette.ColorRole.Link, QColor("#2f6690"))
    for role, color in (
        (QPalette.ColorRole.WindowText, "#9aa4ad"),
        (QPalette.ColorRole.Text, "#9aa4ad"),
        (QPalette.ColorRole.ButtonText, "#9aa4ad"),
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(color))
    return p


def setup_application(argv: list[str] | None = None, *, interactive: bool = True) -> QApplication:
    """The QApplication with our names, Norwegian locale, style and error hook.

    ``interactive=False`` (screenshots) leaves errors on stderr: no dialog waits for a
    click that never comes."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        QCoreApplication.setOrganizationName(APP_NAME)
        QCoreApplication.setApplicationName(APP_NAME)
        QGuiApplication.setApplicationDisplayName(APP_NAME)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    QLocale.setDefault(QLocale(QLocale.Language.NorwegianBokmal, QLocale.Country.Norway))
    app.setStyle("Fusion")
    app.setPalette(_palette())
    font = QFont(app.font())
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
        app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)
    if interactive:
        from ui import errors

        errors.install_excepthook()
    return app


def quiet_offscreen_plugin() -> None:
    """The offscreen platform warns about window features it lacks ("This plugin does
    not support propagateSizeHints()"); in --smoke and screenshots that is noise."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if kind == QtMsgType.QtWarningMsg and "This plugin does not support" in message:
            return
        print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def _pause_gc_during_start_up() -> None:
    """Start-up makes tens of thousands of long-lived objects; collecting while they
    are being made is wasted work (~130 ms here). Collection resumes once the event
    loop runs, with everything made so far frozen so later collections skip it."""
    gc.disable()
    QTimer.singleShot(0, _resume_gc)


def _resume_gc() -> None:
    gc.freeze()
    gc.enable()


def _exit_quickly() -> None:
    """Every change is already committed: freeze the heap so the interpreter's
    clean-up at exit does not walk it (~250 ms here)."""
    gc.freeze()


def run_gui(path: Path | None) -> int:
    """Start the GUI: the welcome window, or ``path`` opened in a main window."""
    app = setup_application()
    _pause_gc_during_start_up()
    if path is None or open_in_window(Path(path)) is None:
        show_welcome()
    code = app.exec()
    _exit_quickly()
    return code


class _FirstPaint(QObject):
    """Quits the event loop once a watched widget has been painted."""

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__()
        self._app = app
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            QTimer.singleShot(0, lambda: self._app.exit(0))
        return False


def run_smoke(path: Path) -> int:
    """Open ``path`` in a main window offscreen; 0 once it has painted, 1 if the file
    cannot be opened (the Norwegian message goes to stderr), 2 after 30 s."""
    if QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = setup_application()
    quiet_offscreen_plugin()
    _pause_gc_during_start_up()
    from nvk_desktop.errors import KnownError
    from nvk_desktop.services import project as project_service

    try:
        project = project_service.open_project(Path(path))
    except KnownError as e:
        print(str(e), file=sys.stderr)
        return 1
    window = make_main_window(project, remember=False)
    watcher = _FirstPaint(app)
    window.installEventFilter(watcher)
    central = window.centralWidget()
    if central is not None:
        central.installEventFilter(watcher)
    QTimer.singleShot(30_000, lambda: app.exit(2))
    window.show()
    code = app.exec()
    window.close()
    _exit_quickly()
    return code


# -- windows ---------------------------------------------------------------------


def _keep(window: QWidget) -> None:
    _windows.append(window)
    window.destroyed.connect(lambda *_: _forget(window))


def _forget(window: QWidget) -> None:
    if window in _windows:
        _windows.remove(window)


def main_windows() -> list[MainWindow]:
    from ui.main_window import MainWindow

    return [w for w in _windows if isinstance(w, MainWindow) and not w.is_closed]


def show_welcome() -> WelcomeWindow:
    from ui.welcome import WelcomeWindow

    for w in _windows:
        if isinstance(w, WelcomeWindow) and w.isVisible():
            w.refresh()
            w.raise_()
            w.activateWindow()
            return w
    welcome = WelcomeWindow()
    welcome.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _keep(welcome)
    welcome.show()
    return welcome


def close_welcome() -> None:
    from ui.welcome import WelcomeWindow

    for w in list(_windows):
        if isinstance(w, WelcomeWindow):
            w.close()


def make_main_window(project: Project, *, remember: bool = True) -> MainWindow:
    """A main window over an open project; it owns the project and closes it."""
    from ui.context import ProjectContext
    from ui.main_window import MainWindow
    from ui.runner import Runner

    ctx = ProjectContext(project, runner=Runner())
    window = MainWindow(ctx, remember_geometry=remember)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _keep(window)
    return window


def show_main_window(project: Project) -> MainWindow:
    from ui import settings

    window = make_main_window(project)
    settings.add_recent(project.path)
    window.show()
    close_welcome()
    return window


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def open_in_window(path: Path, parent: QWidget | None = None) -> MainWindow | None:
    """Open ``path`` in a main window (or bring forward the window that has it)."""
    for window in main_windows():
        if _same_file(window.ctx.project.path, path):
            window.raise_()
            window.activateWindow()
            close_welcome()
            return window
    project = open_project_file(path, parent)
    if project is None:
        return None
    return show_main_window(project)


def choose_and_open(parent: QWidget | None) -> MainWindow | None:
    from ui import settings

    chosen, _ = QFileDialog.getOpenFileName(
        parent, _t("Åpne prosjekt"), str(settings.last_folder()), _t(FILE_FILTER)
    )
    if not chosen:
        return None
    return open_in_window(Path(chosen), parent)


def new_project(parent: QWidget | None) -> MainWindow | None:
    from ui.new_project_dialog import NewProjectDialog

    project = NewProjectDialog.create(parent)
    if project is None:
        return None
    return show_main_window(project)


def open_example(parent: QWidget | None, runner_parent: QWidget | None = None) -> None:
    """Open the example project, creating it first (in the background) if needed."""
    from nvk_desktop.services import demo
    from ui.runner import Runner

    path = demo.example_project_path()
    if path.exists():
        open_in_window(path, parent)
        return

    def create(progress: object) -> Project:
        path.parent.mkdir(parents=True, exist_ok=True)
        return demo.create_demo(path)

    runner = getattr(parent, "runner", None)
    if not isinstance(runner, Runner):
        runner = Runner(runner_parent or parent)
    runner.run(_t("Lager eksempelprosjektet…"), create, show_main_window)


# -- opening a file ----------------------------------------------------------------

# What the user chose when a file cannot be opened for editing.
READ_ONLY = "read_only"
TAKE_OVER = "take_over"
CANCEL = "cancel"


def ask_locked(parent: QWidget | None, error: Exception) -> str:
    """The file is open elsewhere: open read-only, take over the lock, or cancel."""
    from nvk_desktop.errors import ProjectLockedError

    assert isinstance(error, ProjectLockedError)
    answer = choose(
        parent,
        error.message,
        error.advice,
        [(_t("Åpne skrivebeskyttet"), ACCEPT), (_t("Overta låsen"), DESTRUCTIVE)],
    )
    if answer == 0:
        return READ_ONLY
    if answer == 1 and confirm_take_over(parent, error):
        return TAKE_OVER
    return CANCEL


def confirm_take_over(parent: QWidget | None, error: Exception) -> bool:
    answer = choose(
        parent,
        _t("Vil du overta låsen?"),
        _t(
            "Gjør dette bare hvis du er sikker på at ingen andre har prosjektet åpent. "
            "Hvis to personer endrer det samtidig, kan endringer bli borte."
        ),
        [(_t("Overta låsen"), DESTRUCTIVE)],
        default=None,
    )
    return answer == 0


def ask_read_only(parent: QWidget | None, error: Exception) -> bool:
    """The file (or its folder) is write-protected: open it read-only?"""
    from nvk_desktop.errors import KnownError

    assert isinstance(error, KnownError)
    answer = choose(parent, error.message, error.advice, [(_t("Åpne skrivebeskyttet"), ACCEPT)])
    return answer == 0


def open_project_file(path: Path, parent: QWidget | None = None) -> Project | None:
    """Open a project file for the GUI, asking the user what to do when it is locked
    or write-protected. Returns None (after telling the user why) when it cannot be
    opened; never raises for a bad file."""
    from nvk_desktop.errors import (
        DamagedFileError,
        KnownError,
        ProjectLockedError,
        ReadOnlyFileError,
    )
    from nvk_desktop.services import project as project_service
    from ui import errors

    def attempt(opener: Callable[[], Project]) -> Project | None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return opener()
        finally:
            QApplication.restoreOverrideCursor()

    try:
        try:
            return attempt(lambda: project_service.open_project(path))
        except ProjectLockedError as e:
            choice = ask_locked(parent, e)
            if choice == READ_ONLY:
                return attempt(lambda: project_service.open_project(path, read_only=True))
            if choice == TAKE_OVER:
                return attempt(lambda: project_service.open_project(path, take_over_lock=True))
            return None
        except ReadOnlyFileError as e:
            if ask_read_only(parent, e):
                return attempt(lambda: project_service.open_project(path, read_only=True))
            return None
    except DamagedFileError as e:
        if offer_restore(path, e, parent):
            return open_project_file(path, parent)
        return None
    except KnownError as e:
        errors.show_known_error(parent, e)
        return None


def offer_restore(path: Path, error: DamagedFileError, parent: QWidget | None) -> bool:
    """A file that does not open: show why and, where backups of it exist, offer to go
    back to one. True when it was restored (the caller then opens it again)."""
    from nvk_desktop.services import project as project_service
    from ui import errors
    from ui.backup_dialog import BackupDialog

    if not project_service.list_backups(path):
        errors.show_known_error(parent, error)
        return False
    answer = choose(
        parent,
        error.message,
        _t("Det finnes sikkerhetskopier av dette prosjektet. Vil du gå tilbake til en av dem?"),
        [(_t("Gjenopprett fra sikkerhetskopi…"), ACCEPT)],
    )
    if answer != 0:
        return False
    return BackupDialog.for_unopenable(path, parent).exec() == QDialog.DialogCode.Accepted
