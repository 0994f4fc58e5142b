"""The project search box: Ctrl+F, typing, Up/Down/Enter/Esc, and the jump to the hit."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from nvk_desktop.domain.enums import PersonCategory
from nvk_desktop.domain.models import Person
from nvk_desktop.services import people
from nvk_desktop.services import project as project_service
from nvk_desktop.services.search import SearchHit
from ui import app as app_module
from ui.context import ProjectContext
from ui.main_window import MainWindow
from ui.pages.organisation import OrganisationPage
from ui.search import DEBOUNCE_MS
from ui.widgets.tables import current_key

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def close_windows(qapp: QApplication) -> Iterator[None]:
    yield
    for window in list(app_module._windows):
        window.close()
    app_module._windows.clear()
    QApplication.processEvents()


@pytest.fixture
def ids(project: project_service.Project) -> dict[str, int]:
    out = {}
    for name, org in (
        ("Áilu Hætta Sara", "Gáivuotna/Kåfjord kommune, plan"),
        ("Marit Lyngseidet", "Lyngen Sjømat AS"),
        ("Håkon Mikkelsen", "Kåfjord Næringsforening"),
    ):
        out[name] = people.add_person(project, Person(name, org, PersonCategory.ADMINISTRASJON))
        project.take_last_change()
    return out


def make_window(qtbot, project: project_service.Project) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(ProjectContext(project), remember_geometry=False)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def search_for(qtbot, window: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+F from wherever the focus is, type, and wait for the list."""
    start = QApplication.focusWidget() or window
    qtbot.keyClick(start, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is window.search.field
    qtbot.keyClicks(window.search.field, text)
    qtbot.waitUntil(lambda: window.search.is_open() and not window.search.timer.isActive())


def org_index(window: MainWindow) -> int:
    return window.page_slugs().index("organisering")


def test_ctrl_f_focuses_the_search_field_and_the_menu_has_it(qtbot, project, ids) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, project)
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is window.search.field
    assert not window.search.is_open()  # nothing typed yet: no list
    assert window.search.field.placeholderText() == "Søk i prosjektet (Ctrl+F)"
    # Rediger → Søk i prosjektet… does the same, and shows the key
    window.nav.setFocus()
    assert window.search_action.text().startswith("Søk i prosjektet…")
    assert "Ctrl+F" in window.search_action.text()
    window.search_action.trigger()
    assert QApplication.focusWidget() is window.search.field


def test_typing_shows_hits_after_a_short_pause(qtbot, project, ids) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, project)
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.search.field, "kafj")
    assert window.search.timer.isActive()  # debounced, not one search per key
    assert window.search.timer.interval() == DEBOUNCE_MS
    qtbot.waitUntil(window.search.is_open)
    hits = window.search.hits()
    assert {h.title for h in hits} == {"Áilu Hætta Sara", "Håkon Mikkelsen"}
    assert all(h.kind_label == "Person" for h in hits)
    model = window.search.popup.model
    assert model.rowCount() == 2
    tooltip = model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Person" in tooltip and "Kåfjord" in tooltip
    # the list lies under the field, inside the window, over the page
    popup = window.search.popup
    assert (
        popup.isVisible()
        and popup.geometry().top()
        >= window.search.field.mapTo(window, window.search.field.rect().bottomLeft()).y()
    )
    assert popup.geometry().right() <= window.width()
    assert QApplication.focusWidget() is window.search.field  # typing goes on
    qtbot.keyClicks(window.search.field, "ord næ")
    qtbot.waitUntil(lambda: len(window.search.hits()) == 1)
    assert window.search.hits()[0].title == "Håkon Mikkelsen"


def test_down_enter_jumps_to_the_person_in_organisering(qtbot, project, ids) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, project)
    window.nav.setFocus()
    search_for(qtbot, window, "kåfjord")
    titles = [h.title for h in window.search.hits()]
    assert len(titles) == 2
    assert window.search.popup.view.currentIndex().row() == 0  # the best hit is ready
    qtbot.keyClick(window.search.field, Qt.Key.Key_Down)
    assert window.search.popup.view.currentIndex().row() == 1
    qtbot.keyClick(window.search.field, Qt.Key.Key_Down)  # stays on the last
    assert window.search.popup.view.currentIndex().row() == 1
    qtbot.keyClick(window.search.field, Qt.Key.Key_Up)
    qtbot.keyClick(window.search.field, Qt.Key.Key_Down)
    target = window.search.hits()[1]
    qtbot.keyClick(window.search.field, Qt.Key.Key_Return)

    assert not window.search.is_open()
    assert window.current_page_index() == org_index(window)
    page = window.page(org_index(window))
    assert isinstance(page, OrganisationPage)
    assert page.tabs.currentIndex() == 0
    assert current_key(page.people_table) == target.ref_id == ids[titles[1]]
    assert page.people_table.selectionModel().isRowSelected(
        page.people_table.currentIndex().row(), page.people_table.currentIndex().parent()
    )
    assert QApplication.focusWidget() is page.people_table
    assert window.statusBar().currentMessage() == ""


def test_jump_clears_a_people_filter_that_hides_the_person(qtbot, project, ids) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, project)
    window.show_page(org_index(window))
    page = window.page(org_index(window))
    assert isinstance(page, OrganisationPage)
    page.filter_edit.setText("Marit")
    search_for(qtbot, window, "gaivuotna")
    qtbot.keyClick(window.search.field, Qt.Key.Key_Enter)
    assert page.filter_edit.text() == ""
    assert current_key(page.people_table) == ids["Áilu Hætta Sara"]


def test_enter_right_after_typing_searches_first(qtbot, project, ids) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, project)
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.search.field, "lyngen")
    qtbot.keyClick(window.search.field, Qt.Key.Key_Return)  # before the pause is over
    page = window.page(org_index(window))
    assert isinstance(page, OrganisationPage)
    assert window.current_page_index() == org_index(window)
    assert current_key(page.people_table) == ids["Marit Lyngseidet"]


def test_click_on_a_hit_jumps(qtbot, project, ids) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, project)
    search_for(qtbot, window, "marit")
    view = window.search.popup.view
    rect = view.visualRect(window.search.popup.model.index(0, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page = window.page(org_index(window))
    assert isinstance(page, OrganisationPage)
    assert current_key(page.people_table) == ids["Marit Lyngseidet"]


def test_esc_closes_and_gives_the_focus_back(qtbot, project, ids) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, project)
    window.nav.setFocus()
    search_for(qtbot, window, "marit")
    qtbot.keyClick(window.search.field, Qt.Key.Key_Escape)
    assert not window.search.is_open()
    assert QApplication.focusWidget() is window.nav
    assert window.current_page_index() == 0  # no jump
    # Ctrl+F again: the text is kept and selected, the hits come back
    qtbot.keyClick(window.nav, Qt.Key.Key_F, CTRL)
    assert window.search.field.selectedText() == "marit"
    assert window.search.is_open() and len(window.search.hits()) == 1


def test_tab_away_closes_the_list(qtbot, project, ids) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, project)
    search_for(qtbot, window, "marit")
    window.nav.setFocus()
    assert not window.search.is_open()


def test_no_hits_says_so(qtbot, project, ids) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, project)
    search_for(qtbot, window, "xyzzy")
    assert window.search.hits() == []
    assert window.search.message() == "Ingen treff for «xyzzy»."
    assert not window.search.popup.view.isVisible()
    qtbot.keyClick(window.search.field, Qt.Key.Key_Return)  # nothing to open
    assert window.current_page_index() == 0
    assert window.search.is_open()


@pytest.mark.parametrize("text", ['"', "NEAR(", "*", "-", "🙂", "a" * 3000])
def test_hostile_text_in_the_box(qtbot, project, ids, text: str) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, project)
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    window.search.field.setText(text)
    window.search.update_results()
    assert window.search.is_open()
    assert window.search.hits() == []
    assert window.search.message().startswith("Ingen treff for «")
    assert len(window.search.message()) < 80  # a long paste is cut in the message


def test_hits_follow_changes_while_the_list_is_open(qtbot, project, ids) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, project)
    search_for(qtbot, window, "kåfjord")
    assert len(window.search.hits()) == 2
    pid = ids["Håkon Mikkelsen"]
    window.ctx.perform(lambda: people.delete_person(project, pid))
    assert [h.title for h in window.search.hits()] == ["Áilu Hætta Sara"]
    window.ctx.undo_stack.undo()
    assert len(window.search.hits()) == 2


def test_a_hit_deleted_meanwhile_says_so_in_the_status_bar(qtbot, project, ids) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, project)
    search_for(qtbot, window, "marit")
    hit = window.search.hits()[0]
    pid = ids["Marit Lyngseidet"]
    window.ctx.perform(lambda: people.delete_person(project, pid))
    assert window.reveal_hit(hit) is False
    assert window.current_page_index() == org_index(window)
    message = window.statusBar().currentMessage()
    assert message.startswith("Fant ikke lenger person «Marit Lyngseidet»")
    # after undo the same hit is found again
    window.ctx.undo_stack.undo()
    assert window.reveal_hit(hit) is True
    page = window.page(org_index(window))
    assert isinstance(page, OrganisationPage)
    assert current_key(page.people_table) == pid
    assert window.statusBar().currentMessage() == ""


def test_a_deleted_hit_on_a_page_not_yet_shown(qtbot, project, ids) -> None:  # type: ignore[no-untyped-def]
    """The Organisering page is built or stale when the hit is opened: it reloads first."""
    window = make_window(qtbot, project)
    window.show_page(org_index(window))
    window.show_page(0)  # Organisering hidden: it goes stale on the next change
    search_for(qtbot, window, "marit")
    hit = window.search.hits()[0]
    window.ctx.perform(lambda: people.delete_person(project, ids["Marit Lyngseidet"]))
    qtbot.keyClick(window.search.field, Qt.Key.Key_Return)  # the list was refreshed: no hit
    assert window.current_page_index() == 0
    assert window.reveal_hit(hit) is False
    assert "Fant ikke lenger" in window.statusBar().currentMessage()


def test_forstudie_hits_go_to_the_tab_that_reveals_them(qtbot, project, ids) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, project)
    index = window.page_slugs().index("forstudie")
    page = window.page(index)
    calls: list[tuple[str, str, int]] = []
    tabs = {}
    for tab in page.tab_pages():  # type: ignore[attr-defined]
        for kind in tab.REVEALS:
            tabs[kind] = tab

        def fake(kind: str, ref_id: int, _tab=tab) -> bool:  # type: ignore[no-untyped-def]
            calls.append((type(_tab).__name__, kind, ref_id))
            return ref_id != 404

        tab.reveal = fake  # the tabs' own reveal() is written elsewhere
    for kind in ("checklist", "area", "service", "note", "finding", "meeting", "decision"):
        assert kind in tabs, kind
        hit = SearchHit(kind, 7, "Tittel", "", kind, "", 7)
        window.show_page(0)
        assert window.reveal_hit(hit) is True
        assert window.current_page_index() == index
        assert page.tabs.currentWidget() is tabs[kind]  # type: ignore[attr-defined]
        assert calls[-1] == (type(tabs[kind]).__name__, kind, 7)
    missing = SearchHit("note", 404, "Intervju med Per", "", "Notat", "", 404)
    assert window.reveal_hit(missing) is False
    assert (
        window.statusBar().currentMessage().startswith("Fant ikke lenger notat «Intervju med Per»")
    )


def test_ctrl_f_in_the_people_list_filters_first_then_searches(qtbot, project, ids) -> None:  # type: ignore[no-untyped-def]
    """Organisering has a filter box of its own on Ctrl+F: from the people table Ctrl+F
    goes there, and Ctrl+F in that box goes on to the project search (no clash)."""
    window = make_window(qtbot, project)
    window.show_page(org_index(window))
    page = window.page(org_index(window))
    assert isinstance(page, OrganisationPage)
    page.people_table.setFocus()
    qtbot.keyClick(page.people_table, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is page.filter_edit
    qtbot.keyClick(page.filter_edit, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is window.search.field
    # on the Roller tab there is no filter of its own: straight to the project search
    page.tabs.setCurrentIndex(1)
    page.tabs.setFocus()
    qtbot.keyClick(page.tabs, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is window.search.field


def test_search_works_in_a_read_only_project(qtbot, project, ids) -> None:  # type: ignore[no-untyped-def]
    path = project.path
    project.close()
    ro = project_service.open_project(path, read_only=True)
    try:
        window = make_window(qtbot, ro)
        search_for(qtbot, window, "lyngen")
        assert [h.title for h in window.search.hits()] == ["Marit Lyngseidet"]
        qtbot.keyClick(window.search.field, Qt.Key.Key_Return)
        page = window.page(org_index(window))
        assert isinstance(page, OrganisationPage)
        assert current_key(page.people_table) == ids["Marit Lyngseidet"]
    finally:
        ro.close()
