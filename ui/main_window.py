"""The main window of an open project: navigation, pages, menus, status.

There is no Save command anywhere: every change is written to the file at once
(DESIGN.md rule 2), and the status bar says so.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QCoreApplication, QEvent, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop import __version__
from nvk_desktop.errors import KnownError
from nvk_desktop.services import project as project_service
from nvk_desktop.services import search as search_service
from ui import app as app_module
from ui import settings
from ui.context import ProjectContext
from ui.questions import DESTRUCTIVE, choose
from ui.search import ProjectSearch

CONTEXT = "MainWindow"

# (slug, title) in the order of the navigation; the slug names screenshot files.
PAGES: tuple[tuple[str, str], ...] = (
    ("oversikt", QT_TRANSLATE_NOOP(CONTEXT, "Oversikt")),
    ("organisering", QT_TRANSLATE_NOOP(CONTEXT, "Organisering")),
    ("forstudie", QT_TRANSLATE_NOOP(CONTEXT, "Forstudie")),
    ("sporreundersokelser", QT_TRANSLATE_NOOP(CONTEXT, "Spørreundersøkelser")),
    ("verksted", QT_TRANSLATE_NOOP(CONTEXT, "Verksted")),
    ("tiltak", QT_TRANSLATE_NOOP(CONTEXT, "Tiltak og handlingsplan")),
    ("effektmaling", QT_TRANSLATE_NOOP(CONTEXT, "Effektmåling")),
    ("dokumenter", QT_TRANSLATE_NOOP(CONTEXT, "Dokumenter")),
)

# The page that shows each kind of search hit; the page's reveal() selects it.
SEARCH_PAGES: dict[str, str] = {
    "person": "organisering",
    "checklist": "forstudie",
    "area": "forstudie",
    "service": "forstudie",
    "note": "forstudie",
    "finding": "forstudie",
    "meeting": "forstudie",
    "decision": "forstudie",
    "card": "verksted",
    "point": "verksted",
    "measure": "tiltak",
    "follow_up": "tiltak",
}


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _is_find(event: QKeyEvent) -> bool:
    return event.matches(QKeySequence.StandardKey.Find)


def _make_page(slug: str, ctx: ProjectContext) -> QWidget:
    """Pages are built the first time they are shown: start-up paints sooner."""
    if slug == "oversikt":
        from ui.pages.overview import OverviewPage

        return OverviewPage(ctx)
    if slug == "organisering":
        from ui.pages.organisation import OrganisationPage

        return OrganisationPage(ctx)
    if slug == "forstudie":
        from ui.pages.forstudie import ForstudiePage

        return ForstudiePage(ctx)
    if slug == "sporreundersokelser":
        from ui.pages.surveys import SurveysPage

        return SurveysPage(ctx)
    if slug == "verksted":
        from ui.pages.workshops import WorkshopsPage

        return WorkshopsPage(ctx)
    if slug == "tiltak":
        from ui.pages.measures import MeasuresPage

        return MeasuresPage(ctx)
    if slug == "dokumenter":
        from ui.pages.documents import DocumentsPage

        return DocumentsPage(ctx)
    from ui.pages.placeholder import PlaceholderPage

    return PlaceholderPage(slug, ctx)


class MainWindow(QMainWindow):
    def __init__(
        self, ctx: ProjectContext, parent: QWidget | None = None, *, remember_geometry: bool = True
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.is_closed = False
        self._remember_geometry = remember_geometry
        self._show_welcome_after = False
        ctx.setParent(self)
        ctx.dialog_parent = self
        if ctx.runner.parent_widget is None:
            ctx.runner.parent_widget = self
        self.runner = ctx.runner
        self._pages: dict[int, QWidget] = {}

        # -- central widget: banners over navigation + pages --------------------
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.example_banner = self._banner("example", _t("Eksempelprosjekt – fiktive data"))
        self.read_only_banner = self._banner(
            "readonly", _t("Skrivebeskyttet: endringer er slått av")
        )
        outer.addWidget(self.example_banner)
        outer.addWidget(self.read_only_banner)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(230)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setAccessibleName(_t("Sider"))
        self.stack = QStackedWidget()
        for i, (slug, title) in enumerate(PAGES):
            item = QListWidgetItem(_t(title))
            item.setData(Qt.ItemDataRole.UserRole, slug)
            item.setToolTip(f"{_t(title)} (Ctrl+{i + 1})")
            self.nav.addItem(item)
            holder = QWidget()
            holder.setObjectName(f"holder-{slug}")
            holder_layout = QVBoxLayout(holder)
            holder_layout.setContentsMargins(0, 0, 0, 0)
            self.stack.addWidget(holder)
        # The project search sits on top of the navigation, in the same colours.
        nav_column = QWidget()
        nav_column.setObjectName("navColumn")
        nav_column.setFixedWidth(230)
        nav_column.setStyleSheet(
            "QWidget#navColumn { background: #eef1f4; border-right: 1px solid #d9dee3; }"
            " QListWidget#nav { border-right: none; }"
            " QLineEdit#projectSearch { background: #ffffff; border: 1px solid #c5cdd5;"
            " border-radius: 4px; padding: 4px 6px; }"
            " QLineEdit#projectSearch:focus { border: 1px solid #2f6690; }"
        )
        nav_layout = QVBoxLayout(nav_column)
        nav_layout.setContentsMargins(0, 0, 0, 0)
        nav_layout.setSpacing(0)
        self.search = ProjectSearch(
            lambda query: search_service.search(self.ctx.project, query), self, nav_column
        )
        self.search.activated.connect(self.reveal_hit)
        search_row = QVBoxLayout()
        search_row.setContentsMargins(10, 10, 10, 2)
        search_row.addWidget(self.search.field)
        nav_layout.addLayout(search_row)
        nav_layout.addWidget(self.nav, 1)
        body.addWidget(nav_column)
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)

        # -- status bar ---------------------------------------------------------
        self.path_label = QLabel()
        self.path_label.setObjectName("muted")
        self.path_label.setContentsMargins(8, 0, 0, 0)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.saved_label = QLabel()
        self.statusBar().addWidget(self.path_label, 1)
        self.statusBar().addPermanentWidget(self.saved_label)

        self._build_menus()
        self.nav.currentRowChanged.connect(self._on_nav_row)
        ctx.changed.connect(self._refresh)
        ctx.changed.connect(self.search.refresh_if_open)
        self._refresh()
        self._restore_geometry()
        self.show_page(0)

    # -- public API ----------------------------------------------------------------
    def page_names(self) -> list[str]:
        return [_t(title) for _, title in PAGES]

    def page_slugs(self) -> list[str]:
        return [slug for slug, _ in PAGES]

    def current_page_index(self) -> int:
        return self.stack.currentIndex()

    def page(self, index: int) -> QWidget:
        """The page widget at ``index``, built now if it has not been shown yet."""
        if index not in self._pages:
            slug = PAGES[index][0]
            page = _make_page(slug, self.ctx)
            holder = self.stack.widget(index)
            layout = holder.layout()
            assert layout is not None
            layout.addWidget(page)
            self._pages[index] = page
        return self._pages[index]

    def show_page(self, index: int) -> None:
        if not 0 <= index < len(PAGES):
            return
        self.page(index)
        self.stack.setCurrentIndex(index)
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)
        action = self._page_actions[index]
        if not action.isChecked():
            action.setChecked(True)

    def open_search(self) -> None:
        """Ctrl+F / Rediger → Søk i prosjektet: into the search field."""
        self.search.focus()

    def reveal_hit(self, hit: search_service.SearchHit) -> bool:
        """Show the page that holds a search hit and select the record there."""
        found = self.reveal(hit.kind, hit.ref_id)
        if found:
            self.statusBar().clearMessage()
        else:
            self.statusBar().showMessage(
                _t("Fant ikke lenger {what} «{title}». Den kan være slettet.").format(
                    what=hit.kind_label.lower(), title=hit.title
                ),
                10000,
            )
        return found

    def reveal(self, kind: str, ref_id: int) -> bool:
        """Show the page that holds a record of a search-hit kind and select it there
        (search hits, and links between pages such as Oversikt's decision log)."""
        slug = SEARCH_PAGES.get(kind)
        if slug is None:
            return False
        index = self.page_slugs().index(slug)
        self.show_page(index)
        reveal = getattr(self.page(index), "reveal", None)
        return bool(reveal(kind, ref_id)) if callable(reveal) else False

    def close_project(self) -> None:
        """Fil → Lukk prosjekt: close this window and go back to the welcome window."""
        self._show_welcome_after = True
        if not self.close():
            self._show_welcome_after = False

    # -- building ------------------------------------------------------------------
    def _banner(self, kind: str, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("banner")
        label.setProperty("kind", kind)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setVisible(False)
        return label

    def _action(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()

        file_menu = bar.addMenu(_t("&Fil"))
        self.new_action = self._action(
            file_menu, _t("Nytt prosjekt…"), lambda: app_module.new_project(self), "Ctrl+N"
        )
        self.open_action = self._action(
            file_menu, _t("Åpne…"), lambda: app_module.choose_and_open(self), "Ctrl+O"
        )
        self.recent_menu = file_menu.addMenu(_t("Nylige prosjekter"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        self.backup_action = self._action(file_menu, _t("Ta sikkerhetskopi nå"), self._backup_now)
        self.restore_action = self._action(
            file_menu, _t("Gjenopprett fra sikkerhetskopi…"), self._restore
        )
        file_menu.addSeparator()
        self.close_action = self._action(
            file_menu, _t("Lukk prosjekt"), self.close_project, "Ctrl+W"
        )
        self.quit_action = self._action(file_menu, _t("Avslutt"), self._quit, "Ctrl+Q")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        edit_menu = bar.addMenu(_t("&Rediger"))
        self.undo_action = self.ctx.undo_stack.createUndoAction(self, _t("Angre"))
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action = self.ctx.undo_stack.createRedoAction(self, _t("Gjør om"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        # Ctrl+F is handled in event() (a page's own filter box may take it first), so
        # the action only shows the key: as a shortcut of its own it would clash.
        find_key = QKeySequence(QKeySequence.StandardKey.Find).toString(
            QKeySequence.SequenceFormat.NativeText
        )
        self.search_action = self._action(
            edit_menu,
            _t("Søk i prosjektet…") + (f"\t{find_key}" if find_key else ""),
            self.open_search,
        )
        self.search_action.setStatusTip(
            _t("Søk i personer, sjekklister, tjenester, notater, møter og vedtak")
        )

        view_menu = bar.addMenu(_t("&Vis"))
        group = QActionGroup(self)
        group.setExclusive(True)
        self._page_actions: list[QAction] = []
        for i, (_slug, title) in enumerate(PAGES):
            action = QAction(_t(title), self)
            action.setCheckable(True)
            action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _checked=False, index=i: self.show_page(index))
            group.addAction(action)
            view_menu.addAction(action)
            self._page_actions.append(action)

        help_menu = bar.addMenu(_t("&Hjelp"))
        about = self._action(help_menu, _t("Om NVK Desktop"), self._about)
        about.setMenuRole(QAction.MenuRole.AboutRole)

    def _restore_geometry(self) -> None:
        geometry = settings.get(settings.MAIN_WINDOW_GEOMETRY) if self._remember_geometry else b""
        if geometry and self.restoreGeometry(QByteArray(geometry)):
            return
        screen = QApplication.primaryScreen()
        if screen is not None:
            free = screen.availableGeometry()
            self.resize(min(1280, free.width() - 40), min(820, free.height() - 40))
        else:
            self.resize(1280, 820)

    # -- state -----------------------------------------------------------------------
    def _refresh(self) -> None:
        """After any change: title, banners and status (the pages reload themselves)."""
        project = self.ctx.project
        if project.closed:
            return
        try:
            info = project_service.project_info(project)
        except KnownError:
            return
        read_only = self.ctx.read_only
        title = _t("{name} – NVK Desktop").format(name=info.name)
        if read_only:
            title += " " + _t("[skrivebeskyttet]")
        self.setWindowTitle(title)
        self.example_banner.setVisible(info.is_example)
        self.read_only_banner.setVisible(read_only)
        self.path_label.setText(str(project.path))
        self.path_label.setToolTip(str(project.path))
        self.saved_label.setText(
            _t("Skrivebeskyttet – ingenting endres")
            if read_only
            else _t("Alle endringer er lagret")
        )
        self.restore_action.setEnabled(not read_only)

    def _on_nav_row(self, row: int) -> None:
        if row >= 0 and row != self.stack.currentIndex():
            self.show_page(row)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = settings.recent_projects()
        if not recent:
            empty = self.recent_menu.addAction(_t("Ingen nylige prosjekter ennå."))
            empty.setEnabled(False)
            return
        for path in recent:
            action = self.recent_menu.addAction(path.stem)
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(
                lambda _checked=False, p=path: app_module.open_in_window(p, self)
            )

    # -- commands --------------------------------------------------------------------
    def _backup_now(self) -> None:
        project = self.ctx.project

        def done(path: Path) -> None:
            self.statusBar().showMessage(
                _t("Sikkerhetskopi tatt: {name}").format(name=path.name), 8000
            )

        self.runner.run(
            _t("Tar sikkerhetskopi…"), lambda _progress: project_service.make_backup(project), done
        )

    def _restore(self) -> None:
        from ui.backup_dialog import BackupDialog

        self.flush_pages()  # typed text becomes a change of its own before the restore
        BackupDialog.for_project(self.ctx, self).exec()

    def flush_pages(self) -> bool:
        """Store text typed in any page; False if some could not be stored."""
        return all([p.flush() for p in self._pages.values() if hasattr(p, "flush")])

    def _about(self) -> None:
        from PySide6 import __version__ as pyside_version

        where = _t("Automatiske sikkerhetskopier av dette prosjektet ligger i:\n{folder}").format(
            folder=project_service.backup_folder(self.ctx.project.path)
        )
        box = QMessageBox(self)
        box.setWindowTitle(_t("Om NVK Desktop"))
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(f"<b>NVK Desktop</b> {__version__}")
        box.setInformativeText(
            _t(
                "Et verktøy for arbeidet med Næringsvennlig kommune: organisering, "
                "faser og beslutningspunkter og prosjektplanen i denne versjonen; "
                "kartlegging, spørreundersøkelser, verksteder, tiltak og effektmåling "
                "kommer.\n\n"
                "Prosjektet lagres i én fil, og hver endring lagres med en gang.\n\n"
                "{where}\n\nQt for Python {qt}"
            ).format(where=where, qt=pyside_version)
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addButton(_t("Lukk"), QMessageBox.ButtonRole.AcceptRole)
        box.exec()

    def _quit(self) -> None:
        for window in app_module.main_windows():
            if not window.close():
                return
        app_module.close_welcome()

    # -- Ctrl+F ------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        """Ctrl+F anywhere in the window opens the project search, except where a page
        has a filter box of its own for Ctrl+F (Organisering's people list): there the
        first Ctrl+F goes to that box, and Ctrl+F in a text field goes on to the project
        search. Handled here rather than as a shortcut, so the two never clash."""
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            assert isinstance(event, QKeyEvent)
            if _is_find(event) and not self._local_find_applies():
                event.accept()
                if kind == QEvent.Type.KeyPress:
                    self.open_search()
                return True
        return super().event(event)

    def _local_find_applies(self) -> bool:
        """A page's own Ctrl+F shortcut covers the focused widget (and that widget is
        not itself a text field, where Ctrl+F means "search wider")."""
        focus = QApplication.focusWidget()
        if focus is None or focus is self.search.field or isinstance(focus, QLineEdit):
            return False
        if not self.isAncestorOf(focus):
            return False
        binding = QKeySequence(QKeySequence.StandardKey.Find)
        for shortcut in self.findChildren(QShortcut):
            if not shortcut.isEnabled() or binding not in [*shortcut.keys()]:
                continue
            owner = shortcut.parent()
            if not isinstance(owner, QWidget) or not owner.isVisible():
                continue
            context = shortcut.context()
            if context == Qt.ShortcutContext.WidgetShortcut and owner is focus:
                return True
            if context == Qt.ShortcutContext.WidgetWithChildrenShortcut and (
                owner is focus or owner.isAncestorOf(focus)
            ):
                return True
        return False

    # -- closing -------------------------------------------------------------------------
    def _close_without_saving(self) -> bool:
        """Text that could not be stored (the reason has been shown): close anyway?"""
        answer = choose(
            self,
            self.tr("Noe av teksten du skrev, kunne ikke lagres."),
            self.tr("Lukker du nå, går den teksten tapt. Alt annet er lagret."),
            [(self.tr("Lukk likevel"), DESTRUCTIVE)],
            default=None,
        )
        return answer == 0

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.is_closed:
            event.accept()
            return
        self.runner.wait_idle()
        if not self.flush_pages() and not self._close_without_saving():
            event.ignore()
            return
        if self._remember_geometry:
            settings.put(settings.MAIN_WINDOW_GEOMETRY, bytes(self.saveGeometry().data()))
        self.is_closed = True
        self.ctx.undo_stack.clear()
        try:
            self.ctx.project.close()  # releases the lock, takes a closing backup
        except KnownError as e:
            from ui import errors

            errors.show_known_error(self, e)
        if self._show_welcome_after and not app_module.main_windows():
            # Shown before this window goes, so the app never has zero windows.
            app_module.show_welcome()
        event.accept()
