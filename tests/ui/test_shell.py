"""The GUI shell: settings, runner, opening files, the windows and dialogs."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget

from nvk_desktop.domain.models import Person
from nvk_desktop.errors import KnownError, ProjectFileError, ReadOnlyFileError
from nvk_desktop.services import demo, people
from nvk_desktop.services import project as project_service
from ui import app as app_module
from ui import settings
from ui.context import ProjectContext
from ui.main_window import MainWindow
from ui.new_project_dialog import NewProjectDialog
from ui.pages.placeholder import UNDER_WORK, PlaceholderPage
from ui.runner import Cancelled, Progress, Runner
from ui.welcome import WelcomeWindow

ROOT = Path(__file__).resolve().parents[2]
PAGE_NAMES = [
    "Oversikt",
    "Organisering",
    "Forstudie",
    "Spørreundersøkelser",
    "Verksted",
    "Tiltak og handlingsplan",
    "Effektmåling",
    "Dokumenter",
]


# -- fixtures -------------------------------------------------------------------------


class Shown:
    """What would have been shown in a message box."""

    def __init__(self) -> None:
        self.known: list[KnownError] = []
        self.bugs: list[BaseException] = []


@pytest.fixture(autouse=True)
def shown(monkeypatch: pytest.MonkeyPatch) -> Iterator[Shown]:
    """No test blocks on an error box; a bug box fails the test."""
    record = Shown()
    monkeypatch.setattr("ui.errors.show_known_error", lambda _p, e, *a, **k: record.known.append(e))
    monkeypatch.setattr("ui.errors.show_bug", lambda _p, e, *a, **k: record.bugs.append(e))
    yield record
    assert not record.bugs, f"a bug dialog would have been shown: {record.bugs!r}"


@pytest.fixture(autouse=True)
def close_windows(qapp: QApplication) -> Iterator[None]:
    """Windows the app module opened are closed (and their projects with them)."""
    yield
    for window in list(app_module._windows):
        window.close()
    app_module._windows.clear()
    QApplication.processEvents()


def make_window(qtbot, project: project_service.Project) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(ProjectContext(project), remember_geometry=False)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def click_in_modal(button_text: str) -> Callable[[], None]:
    """A callback that clicks a button in the modal dialog that is open by then."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        assert box is not None, "no modal dialog is open"
        for button in box.findChildren(QPushButton):
            if button.text().replace("&", "") == button_text:
                button.click()
                return
        box.close()
        raise AssertionError(f"no button {button_text!r} in {box.windowTitle()!r}")

    return click


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` as one key event, the way an input method delivers it."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, text))


def names_in_file(path: Path) -> list[str]:
    """Read the people from the file itself, through a separate read-only open."""
    other = project_service.open_project(path, read_only=True)
    try:
        return [p.name for p in people.list_people(other)]
    finally:
        other.close()


# -- settings -------------------------------------------------------------------------


def test_settings_round_trip_and_defaults(tmp_path: Path) -> None:
    assert os.environ["NVK_DESKTOP_CONFIG_DIR"]
    assert settings.get(settings.RECENT_PROJECTS) == []
    assert settings.get(settings.LAST_FOLDER) == str(Path.home())
    settings.put(settings.RECENT_PROJECTS, ["/a/één æøå.nvk"])  # one element stays a list
    assert settings.get(settings.RECENT_PROJECTS) == ["/a/één æøå.nvk"]
    settings.put(settings.MAIN_WINDOW_GEOMETRY, b"\x00\x01geo")
    assert settings.get(settings.MAIN_WINDOW_GEOMETRY) == b"\x00\x01geo"
    with pytest.raises(TypeError):
        settings.put(settings.LAST_FOLDER, 3)  # type: ignore[arg-type]
    assert (Path(os.environ["NVK_DESKTOP_CONFIG_DIR"]) / "nvk-desktop.ini").exists()


def test_recent_projects_newest_first_capped_and_only_existing(tmp_path: Path) -> None:
    files = []
    for i in range(12):
        f = tmp_path / f"p{i}.nvk"
        f.write_bytes(b"x")
        files.append(f)
        settings.add_recent(f)
    assert settings.recent_projects() == list(reversed(files))[: settings.MAX_RECENT]
    assert settings.get(settings.LAST_FOLDER) == str(tmp_path)
    settings.add_recent(files[5])  # again: moves to the top, no duplicate
    assert settings.recent_projects()[0] == files[5]
    assert len(settings.recent_projects()) == settings.MAX_RECENT
    files[11].unlink()
    assert files[11] not in settings.recent_projects()  # missing files are not shown
    assert str(files[11]) in settings.get(settings.RECENT_PROJECTS)  # but kept a while
    settings.add_recent(files[0])
    stored = settings.get(settings.RECENT_PROJECTS)
    assert len(stored) == settings.MAX_RECENT
    assert str(files[11]) not in stored  # the missing one was the first to fall off


# -- runner ---------------------------------------------------------------------------


def test_inline_runner_delivers_results_and_routes_errors(shown: Shown) -> None:
    runner = Runner(inline=True)
    results: list[object] = []
    runner.run("Regner", lambda progress: 40 + 2, results.append)
    assert results == [42]

    runner.run("Feil", _raise(KnownError("Disken er full.", "Frigjør plass.")), results.append)
    assert [e.message for e in shown.known] == ["Disken er full."]

    runner.run("Avbrutt", _raise(Cancelled()), results.append)
    assert results == [42] and len(shown.known) == 1 and not shown.bugs

    runner.run("Bug", _raise(RuntimeError("oops")), results.append)
    assert [str(e) for e in shown.bugs] == ["oops"]
    shown.bugs.clear()


def _raise(exc: BaseException) -> Callable[[Progress], object]:
    def work(progress: Progress) -> object:
        raise exc

    return work


def test_threaded_runner_works_off_the_gui_thread_and_delivers_on_it(qtbot, shown: Shown) -> None:  # type: ignore[no-untyped-def]
    runner = Runner()
    main = threading.get_ident()
    seen: dict[str, int] = {}

    def work(progress: Progress) -> int:
        seen["work"] = threading.get_ident()
        return 7

    def done(result: int) -> None:
        seen["done"] = threading.get_ident()
        seen["result"] = result

    runner.run("Arbeider", work, done)
    assert runner.busy
    assert runner.wait_idle(10)
    assert seen["result"] == 7
    assert seen["work"] != main
    assert seen["done"] == main

    runner.run("Feil", _raise(ProjectFileError("x.nvk", "Filen er skadet.")), done)
    assert runner.wait_idle(10)
    assert [e.message for e in shown.known] == ["Filen er skadet."]


def test_threaded_runner_shows_progress_and_can_be_cancelled(qtbot, shown: Shown) -> None:  # type: ignore[no-untyped-def]
    runner = Runner()
    done: list[object] = []
    started = threading.Event()

    def slow(progress: Progress) -> str:
        started.set()
        for i in range(200):
            progress.update(i, 200, f"Steg {i}")
            progress.check()
            time.sleep(0.02)
        return "ferdig"

    runner.run("Lager noe stort", slow, done.append, cancellable=True)
    qtbot.waitUntil(lambda: _progress_dialog() is not None, timeout=3000)
    dialog = _progress_dialog()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.labelText().startswith("Steg"), timeout=3000)
    cancel = [b for b in dialog.findChildren(QPushButton) if b.text() == "Avbryt"]
    assert len(cancel) == 1
    cancel[0].click()
    assert runner.wait_idle(10)
    assert done == [] and not shown.known  # cancelled: nothing delivered, nothing shown
    QApplication.processEvents()
    assert _progress_dialog() is None


def _progress_dialog() -> QProgressDialog | None:
    found = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QProgressDialog) and w.isVisible()
    ]
    return found[0] if found else None


# -- new project dialog ---------------------------------------------------------------


def test_kommune_search_filters_as_you_type(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = NewProjectDialog()
    qtbot.addWidget(dialog)
    assert len(dialog.visible_kommuner()) == 357
    qtbot.keyClicks(dialog.search, "kåfj")
    assert [k.navn for k in dialog.visible_kommuner()] == ["Gáivuotna - Kåfjord - Kaivuono"]
    assert dialog.kommune is not None and dialog.kommune.navn == "Gáivuotna - Kåfjord - Kaivuono"

    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "gaivuotna")
    assert [k.navn for k in dialog.visible_kommuner()] == ["Gáivuotna - Kåfjord - Kaivuono"]

    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "4645")
    assert [k.display for k in dialog.visible_kommuner()] == ["4645 Askvoll"]
    assert dialog.list.model().index(0, 0).data() == "4645 Askvoll (Vestland)"
    assert dialog.name_edit.text() == "Næringsvennlig Askvoll"

    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "zzzz")
    assert dialog.visible_kommuner() == []
    assert dialog.kommune is None
    assert not dialog.create_button.isEnabled()


def test_up_and_down_in_the_search_box_move_in_the_list(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = NewProjectDialog()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.search, "sand")
    matches = dialog.visible_kommuner()
    assert len(matches) >= 3
    assert dialog.kommune == matches[0]
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    assert dialog.kommune == matches[2]
    qtbot.keyClick(dialog.search, Qt.Key.Key_Up)
    assert dialog.kommune == matches[1]
    assert dialog.name_edit.text() == f"Næringsvennlig {matches[1].navn}"
    assert dialog.search.hasFocus() or not dialog.isVisible()


def test_new_project_dialog_creates_the_file_with_the_chosen_kommune(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.put(settings.LAST_FOLDER, str(tmp_path))
    dialog = NewProjectDialog()
    qtbot.addWidget(dialog)
    assert dialog.folder_edit.text() == str(tmp_path)
    qtbot.keyClicks(dialog.search, "kåfjord")
    assert dialog.file_edit.text() == "Næringsvennlig Gáivuotna - Kåfjord - Kaivuono.nvk"

    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "Prøve på Ørland: æøå ")
    type_text(dialog.name_edit, "🌊")  # QTest.keyClicks cannot type outside the BMP
    assert (
        dialog.file_edit.text() == "Prøve på Ørland æøå 🌊.nvk"
    )  # ":" is not allowed in file names
    # The name is the user's now: choosing another kommune does not overwrite it.
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "4645")
    assert dialog.name_edit.text() == "Prøve på Ørland: æøå 🌊"
    assert dialog.create_button.isEnabled()

    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.project is not None
    path = dialog.project.path
    dialog.project.close()
    assert path == tmp_path / "Prøve på Ørland æøå 🌊.nvk"

    reopened = project_service.open_project(path)
    try:
        info = project_service.project_info(reopened)
    finally:
        reopened.close()
    assert info.kommune.nummer == "4645" and info.kommune.navn == "Askvoll"
    assert info.name == "Prøve på Ørland: æøå 🌊"


def test_new_project_dialog_says_what_is_missing_or_wrong(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.put(settings.LAST_FOLDER, str(tmp_path))
    dialog = NewProjectDialog()
    qtbot.addWidget(dialog)
    assert "Velg en kommune" in dialog.message.text()
    assert not dialog.create_button.isEnabled()

    dialog.select_kommune("4645")
    assert dialog.create_button.isEnabled()
    assert str(tmp_path / "Næringsvennlig Askvoll.nvk") in dialog.message.text()

    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "   ")
    assert dialog.message.text() == "Prosjektet må ha et navn."
    assert dialog.message.property("state") == "error"
    assert not dialog.create_button.isEnabled()

    (tmp_path / "Finnes.nvk").write_bytes(b"")
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "Finnes")
    assert "finnes allerede" in dialog.message.text()
    assert not dialog.create_button.isEnabled()

    dialog.folder_edit.setText(str(tmp_path / "finnes-ikke"))
    assert "finnes ikke" in dialog.message.text()


# -- main window ---------------------------------------------------------------------


def test_main_window_has_the_pages_in_order_and_ctrl_digits_switch(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, project)
    assert window.page_names() == PAGE_NAMES
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == PAGE_NAMES
    assert window.current_page_index() == 0

    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_index() == 6
    page = window.page(6)
    assert isinstance(page, PlaceholderPage) and page.title == "Effektmåling"
    assert page.isVisible()
    texts = [label.text() for label in page.findChildren(type(window.path_label))]
    assert UNDER_WORK in texts
    assert not page.findChildren(QPushButton)  # no fake controls
    assert window.nav.currentRow() == 6

    qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_index() == 7
    window.nav.setCurrentRow(1)
    assert window.current_page_index() == 1


def test_title_status_and_no_banner_for_an_ordinary_project(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, project)
    assert window.windowTitle() == "Test – NVK Desktop"
    assert window.saved_label.text() == "Alle endringer er lagret"
    assert window.path_label.text() == str(project.path)
    assert not window.example_banner.isVisible() and not window.read_only_banner.isVisible()
    menu_texts = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menu_texts == ["Fil", "Rediger", "Vis", "Hjelp"]
    all_texts = " ".join(a.text() for m in window.menuBar().actions() for a in m.menu().actions())
    assert "Lagre" not in all_texts  # every change is already in the file


def test_read_only_and_example_projects_say_so(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "eksempel.nvk"
    project_service.create_project(path, "4645", "Eksempel", example=True).close()
    window = make_window(qtbot, project_service.open_project(path, read_only=True))
    assert window.windowTitle() == "Eksempel – NVK Desktop [skrivebeskyttet]"
    assert window.example_banner.isVisible()
    assert window.example_banner.text() == "Eksempelprosjekt – fiktive data"
    assert window.read_only_banner.isVisible()
    assert window.read_only_banner.text() == "Skrivebeskyttet: endringer er slått av"
    assert window.ctx.read_only
    assert not window.restore_action.isEnabled()


def test_undo_and_redo_follow_real_changes_in_the_file(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, project)
    ctx = window.ctx
    assert not window.undo_action.isEnabled() and not window.redo_action.isEnabled()

    ctx.perform(lambda: people.add_person(project, Person("Kari Nordmann")))
    assert window.undo_action.isEnabled() and not window.redo_action.isEnabled()
    assert window.undo_action.text() == "Angre Legg til Kari Nordmann"
    assert names_in_file(project.path) == ["Kari Nordmann"]

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert names_in_file(project.path) == []
    assert not window.undo_action.isEnabled() and window.redo_action.isEnabled()
    assert window.redo_action.text() == "Gjør om Legg til Kari Nordmann"

    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert names_in_file(project.path) == ["Kari Nordmann"]
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_Z, ctrl_shift)
    assert names_in_file(project.path) == ["Kari Nordmann"]


def test_closing_the_project_releases_it_and_shows_the_welcome(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.nvk"
    project_service.create_project(path, "4645", "Test").close()
    window = app_module.open_in_window(path)
    assert window is not None and window.isVisible()
    assert settings.recent_projects() == [path]
    assert app_module.main_windows() == [window]
    assert app_module.open_in_window(path) is window  # the same file: the same window

    window.close_project()
    assert window.ctx.project.closed
    assert app_module.main_windows() == []
    welcomes = [w for w in app_module._windows if isinstance(w, WelcomeWindow) and w.isVisible()]
    assert len(welcomes) == 1
    assert welcomes[0].recent_paths() == [path]
    project_service.open_project(path).close()  # not locked any more


# -- opening files -------------------------------------------------------------------


def test_a_garbage_file_shows_an_error_and_no_window(qtbot, tmp_path: Path, shown: Shown) -> None:  # type: ignore[no-untyped-def]
    garbage = tmp_path / "søppel.nvk"
    garbage.write_bytes(b"this is not a project" * 20)
    assert app_module.open_in_window(garbage) is None
    assert len(shown.known) == 1
    assert "ikke en NVK-prosjektfil" in shown.known[0].message
    assert app_module.main_windows() == []
    assert settings.recent_projects() == []


def test_a_locked_file_can_be_opened_read_only(qtbot, project, shown: Shown) -> None:  # type: ignore[no-untyped-def]
    # `project` holds the lock; opening again is what a second person would see.
    QTimer.singleShot(0, click_in_modal("Åpne skrivebeskyttet"))
    window = app_module.open_in_window(project.path)
    assert window is not None
    assert window.ctx.read_only
    assert window.windowTitle().endswith("[skrivebeskyttet]")
    assert not shown.known


def test_a_locked_file_cancel_and_take_over(
    qtbot, project, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def choose(answer: str) -> Callable[..., str]:
        def ask(parent, error) -> str:  # type: ignore[no-untyped-def]
            asked.append(error.owner.describe())
            return answer

        return ask

    monkeypatch.setattr(app_module, "ask_locked", choose(app_module.CANCEL))
    assert app_module.open_project_file(project.path) is None
    monkeypatch.setattr(app_module, "ask_locked", choose(app_module.TAKE_OVER))
    taken = app_module.open_project_file(project.path)
    assert taken is not None
    try:
        assert not taken.read_only
    finally:
        taken.close()
    assert len(asked) == 2 and " på " in asked[0]


def test_a_write_protected_file_offers_read_only(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.nvk"
    project_service.create_project(path, "4645", "Test").close()
    real_open = project_service.open_project

    def open_project(p, *, read_only=False, take_over_lock=False):  # type: ignore[no-untyped-def]
        if not read_only:  # as on a write-protected share (chmod means nothing to root)
            raise ReadOnlyFileError(p, "«p.nvk» er skrivebeskyttet.", "Åpne den skrivebeskyttet.")
        return real_open(p, read_only=True)

    monkeypatch.setattr(project_service, "open_project", open_project)
    QTimer.singleShot(0, click_in_modal("Avbryt"))
    assert app_module.open_project_file(path) is None
    QTimer.singleShot(0, click_in_modal("Åpne skrivebeskyttet"))
    opened = app_module.open_project_file(path)
    assert opened is not None
    try:
        assert opened.read_only
    finally:
        opened.close()


# -- backups -------------------------------------------------------------------------


def test_restore_from_backup_and_undo_it(qtbot, project, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from ui.backup_dialog import BackupDialog

    window = make_window(qtbot, project)
    ctx = window.ctx
    ctx.perform(lambda: people.add_person(project, Person("Før Kopien")))
    project_service.make_backup(project)
    ctx.perform(lambda: people.add_person(project, Person("Etter Kopien")))
    assert names_in_file(project.path) == ["Etter Kopien", "Før Kopien"]

    dialog = BackupDialog.for_project(ctx, window)
    qtbot.addWidget(dialog)
    model = dialog.model
    rows = [model.backup(r) for r in range(model.rowCount())]
    manual = next(r for r, b in enumerate(rows) if b.reason == "manual")
    assert model.index(manual, 1).data() == "Manuell"
    assert " kl. " in model.index(manual, 0).data()
    dialog.table.selectRow(manual)
    confirmed: list[str] = []
    monkeypatch.setattr(dialog, "confirm", lambda b: confirmed.append(b.reason) or True)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert confirmed == ["manual"]
    assert dialog.result() == dialog.DialogCode.Accepted

    assert names_in_file(project.path) == ["Før Kopien"]
    assert window.undo_action.text().startswith("Angre Gjenopprett sikkerhetskopi fra ")
    window.undo_action.trigger()
    assert names_in_file(project.path) == ["Etter Kopien", "Før Kopien"]
    window.redo_action.trigger()
    assert names_in_file(project.path) == ["Før Kopien"]
    # The older history still fits the file: undo the restore, then the last addition.
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert names_in_file(project.path) == ["Før Kopien"]
    assert project_service.list_backups(project.path)[0].reason == "restore"


def test_backup_dialog_empty_state(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.backup_dialog import BackupDialog

    path = tmp_path / "p.nvk"
    project_service.create_project(path, "4645", "Test").close()
    for backup in project_service.list_backups(path):
        backup.path.unlink()
    ro = project_service.open_project(path, read_only=True)  # read-only opens take no backup
    try:
        dialog = BackupDialog.for_project(ProjectContext(ro))
        qtbot.addWidget(dialog)
        assert dialog.model.rowCount() == 0
        assert "ingen sikkerhetskopier" in dialog.empty.text()
        assert not dialog.restore_button.isEnabled()
    finally:
        ro.close()


def test_backup_now_reports_in_the_status_bar(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, project)
    before = len(project_service.list_backups(project.path))
    window.backup_action.trigger()
    assert window.runner.wait_idle(10)
    assert len(project_service.list_backups(project.path)) == before + 1
    assert window.statusBar().currentMessage().startswith("Sikkerhetskopi tatt")


# -- welcome -------------------------------------------------------------------------


def test_welcome_empty_state_and_opening_a_recent_project_with_enter(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    welcome = app_module.show_welcome()
    qtbot.waitExposed(welcome)
    assert welcome.recent_stack.currentWidget() is welcome.empty_label
    assert welcome.empty_label.text() == "Ingen nylige prosjekter ennå."

    path = tmp_path / "Næringsvennlig Askvoll.nvk"
    project_service.create_project(path, "4645", "Næringsvennlig Askvoll").close()
    settings.add_recent(path)
    settings.add_recent(tmp_path / "borte.nvk")  # missing: not listed
    welcome.refresh()
    assert welcome.recent_stack.currentWidget() is welcome.recent_list
    assert welcome.recent_paths() == [path]
    assert welcome.recent_list.item(0).text() == "Næringsvennlig Askvoll"

    welcome.recent_list.setFocus()
    qtbot.keyClick(welcome.recent_list, Qt.Key.Key_Return)
    windows = app_module.main_windows()
    assert len(windows) == 1 and windows[0].ctx.project.path == path
    assert not welcome.isVisible()


def test_welcome_opens_the_example_project_creating_it_first(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    made: list[Path] = []

    def create_demo(path, *, size="normal"):  # type: ignore[no-untyped-def]
        made.append(Path(path))
        return project_service.create_project(path, "4645", "Eksempel", example=True)

    monkeypatch.setattr(demo, "create_demo", create_demo)
    welcome = app_module.show_welcome()
    qtbot.mouseClick(welcome.example_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(app_module.main_windows()) == 1, timeout=10000)
    window = app_module.main_windows()[0]
    assert made == [demo.example_project_path()]
    assert window.example_banner.isVisible()

    window.close_project()
    welcome = app_module.show_welcome()
    qtbot.mouseClick(welcome.example_button, Qt.MouseButton.LeftButton)  # exists now: opened
    assert len(made) == 1 and len(app_module.main_windows()) == 1


def test_welcome_keyboard_shortcuts(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    called: list[str] = []
    monkeypatch.setattr(app_module, "new_project", lambda parent: called.append("ny"))
    monkeypatch.setattr(app_module, "choose_and_open", lambda parent: called.append("åpne"))
    welcome = app_module.show_welcome()
    qtbot.waitExposed(welcome)
    welcome.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is welcome)
    qtbot.keyClick(welcome, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(welcome, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert called == ["ny", "åpne"]


# -- headless entry points -------------------------------------------------------------


def _python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


SMOKE = (
    "import sys; from pathlib import Path; from ui.app import run_smoke\n"
    "code = run_smoke(Path(sys.argv[1]))\n"
    "heavy = ('matplotlib', 'reportlab', 'openpyxl', 'docx')\n"
    "print('HEAVY', sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    "sys.exit(code)\n"
)


def test_smoke_run_paints_and_exits_0_without_heavy_imports(tmp_path: Path) -> None:
    path = tmp_path / "p.nvk"
    project_service.create_project(path, "4645", "Test").close()
    result = _python(SMOKE, str(path))
    assert result.returncode == 0, result.stderr
    assert "HEAVY []" in result.stdout  # DESIGN.md rule 13: start-up stays light
    project_service.open_project(path).close()  # the smoke run let go of the file


def test_smoke_run_on_a_bad_file_exits_1_with_the_message(tmp_path: Path) -> None:
    path = tmp_path / "søppel.nvk"
    path.write_text("ikke et prosjekt " * 20, encoding="utf-8")
    result = _python(SMOKE, str(path))
    assert result.returncode == 1
    assert "ikke en NVK-prosjektfil" in result.stderr


def test_screenshots_of_every_page(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage

    from ui.screenshots import take_screenshots

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    style, sheet, palette, font = app.style().name(), app.styleSheet(), app.palette(), app.font()
    path = tmp_path / "Næringsvennlig Ås og Åfjord – en lang prosjekttittel.nvk"
    project_service.create_project(path, "4645", path.stem).close()
    try:
        shots = take_screenshots(path, tmp_path / "bilder", (1366, 768))
    finally:
        app.setStyle(style)
        app.setStyleSheet(sheet)
        app.setPalette(palette)
        app.setFont(font)
        app.setQuitOnLastWindowClosed(True)
    names = [p.name for p in shots]
    assert names[0] == "00-velkommen.png"
    assert names[1:9] == [
        "01-oversikt.png",
        "02-organisering.png",
        "03-forstudie.png",
        "04-sporreundersokelser.png",
        "05-verksted.png",
        "06-tiltak.png",
        "07-effektmaling.png",
        "08-dokumenter.png",
    ]
    assert any("nytt-prosjekt" in n for n in names[9:])
    for shot in shots[1:9]:
        image = QImage(str(shot))
        assert (image.width(), image.height()) == (1366, 768), shot.name
    project_service.open_project(path).close()  # released


def test_a_damaged_file_with_backups_is_offered_a_restore(
    qtbot, tmp_path: Path, shown: Shown
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "skadet.nvk"
    project = project_service.create_project(path, "4645", "Skadet")
    people.add_person(project, Person("Kari Nordmann"))
    project_service.make_backup(project)
    project.close()
    damaged = path.read_bytes()[:5000]
    path.write_bytes(damaged)

    def click_then(text: str, then: Callable[[], None] | None = None) -> Callable[[], None]:
        def step() -> None:
            if then is not None:
                QTimer.singleShot(0, then)
            click_in_modal(text)()

        return step

    QTimer.singleShot(
        0,
        click_then(
            "Gjenopprett fra sikkerhetskopi…",
            click_then("Gjenopprett…", click_then("Gjenopprett")),
        ),
    )
    window = app_module.open_in_window(path)
    assert window is not None, shown.known
    assert [p.name for p in people.list_people(window.ctx.project)] == ["Kari Nordmann"]
    kept = [b for b in project_service.list_backups(path) if b.reason == "damaged"]
    assert len(kept) == 1 and kept[0].path.read_bytes() == damaged


def test_a_too_new_file_is_not_offered_a_restore(qtbot, tmp_path: Path, shown: Shown) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    path = tmp_path / "ny.nvk"
    project_service.create_project(path, "4645", "Ny").close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version=999")
    conn.commit()
    conn.close()
    assert project_service.list_backups(path)
    assert app_module.open_in_window(path) is None
    assert "nyere versjon" in shown.known[0].message


def test_every_page_and_tab_fits_a_1366_pixel_laptop(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """No page may force the window wider than a 1366×768 laptop screen (with the
    example project's long names and full lists)."""
    from nvk_desktop.services.demo import create_demo

    create_demo(tmp_path / "eksempel.nvk").close()
    window = make_window(qtbot, project_service.open_project(tmp_path / "eksempel.nvk"))
    window.resize(1366, 768)
    too_wide = []
    for index, name in enumerate(window.page_names()):
        window.show_page(index)
        page = window.page(index)
        tab_widgets = [page.tabs] if hasattr(page, "tabs") else []
        for tabs in tab_widgets:
            for t in range(tabs.count()):
                tabs.setCurrentIndex(t)
                if window.minimumSizeHint().width() > 1366:
                    too_wide.append(f"{name} › {tabs.tabText(t)}")
        if window.minimumSizeHint().width() > 1366:
            too_wide.append(name)
    assert too_wide == []
    assert window.width() == 1366
