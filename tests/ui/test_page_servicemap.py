"""Tjenestekart used through the GUI as a user would: the keyboard in the tree, the
detail form, a bad number, the matrix and its filters, opening a cell, read-only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QFileDialog, QLineEdit

from nvk_desktop.domain.models import Person
from nvk_desktop.domain.servicemap import Channel
from nvk_desktop.services import people as people_service
from nvk_desktop.services import project as project_service
from nvk_desktop.services import servicemap as sm
from nvk_desktop.services.demo import create_demo
from ui import dialogs
from ui.context import ProjectContext
from ui.pages.servicemap import SERVICE, ServiceMapTab, parse_number
from ui.runner import Runner


def make_tab(qtbot, project: project_service.Project) -> tuple[ServiceMapTab, ProjectContext]:  # type: ignore[no-untyped-def]
    ctx = ProjectContext(project, Runner(inline=True))
    tab = ServiceMapTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1366, 768)
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow)
    return tab, ctx


@pytest.fixture
def confirm(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[str]]]:
    asked: list[tuple[str, list[str]]] = []

    def fake(_parent, _title, text, details=(), action=""):  # type: ignore[no-untyped-def]
        asked.append((text, list(details)))
        return True

    monkeypatch.setattr(dialogs, "ask_confirm", fake)
    return asked


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[project_service.Project]:
    p = create_demo(tmp_path / "demo.nvk", today=date(2026, 3, 2))  # with its service map
    yield p
    p.close()


def sid(project: project_service.Project, name: str) -> int:
    return next(s.id for s in sm.list_services(project) if s.name == name)  # type: ignore[misc]


def press(qtbot, widget, key, mods=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(widget, key, mods)


def type_into_editor(qtbot, tab: ServiceMapTab, text: str) -> None:  # type: ignore[no-untyped-def]
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    type_text(qtbot, editor, text)
    press(qtbot, editor, Qt.Key.Key_Return)
    # the delegate commits on the next turn of the event loop
    qtbot.waitUntil(lambda: tab.tree.state() != QAbstractItemView.State.EditingState)
    qtbot.wait(10)


def type_text(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Key presses for ASCII; QTest cannot synthesise keys for æøå/á, so those are
    inserted as an input method would."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        elif hasattr(widget, "insert"):
            widget.insert(ch)
        else:
            widget.insertPlainText(ch)


def test_parse_number_reads_norwegian_forms() -> None:
    assert parse_number("1 200") == 1200
    assert parse_number("24,5") == 24.5
    assert parse_number(" 92 % ") == 92
    assert parse_number("") is None
    for bad in ("tjue", "12,3,4", "1e5", "--2"):
        with pytest.raises(ValueError):
            parse_number(bad)


# -- the tree from the keyboard ---------------------------------------------------------------
def test_keyboard_adds_renames_reorders_and_deletes_with_undo(
    qtbot, project, confirm, errors
) -> None:  # type: ignore[no-untyped-def]
    tab, ctx = make_tab(qtbot, project)
    tab.select("area", next(a.id for a in sm.list_areas(project) if a.name == "Byggesak"))
    tab.tree.setFocus()

    # Ctrl+N: a new service in the current area, its name open for editing
    press(qtbot, tab.tree, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_into_editor(qtbot, tab, "Utslippstillatelse Gáivuotna")
    bygg = sm.list_services(project, tab.tree_model.areas[1].id)
    assert bygg[-1].name == "Utslippstillatelse Gáivuotna"
    assert ctx.undo_stack.count() == 2  # add, rename
    assert tab.current_key() == (SERVICE, bygg[-1].id)

    # Alt+Up moves it one up
    press(qtbot, tab.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    names = [s.name for s in sm.list_services(project, tab.tree_model.areas[1].id)]
    assert names[-2:] == ["Utslippstillatelse Gáivuotna", "Gebyrer"]
    assert tab.current_key() == (SERVICE, bygg[-1].id)

    # F2 renames; an empty name is refused with a message and nothing changes
    press(qtbot, tab.tree, Qt.Key.Key_F2)
    type_into_editor(qtbot, tab, " ")
    assert errors and "må ha et navn" in errors[-1]
    assert sm.get_service(project, bygg[-1].id).name == "Utslippstillatelse Gáivuotna"

    # Ctrl+Shift+N: a new area after the current one
    press(
        qtbot,
        tab.tree,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    type_into_editor(qtbot, tab, "Kultur og frivillighet")
    assert [a.name for a in sm.list_areas(project)][2] == "Kultur og frivillighet"

    # Delete on an empty area removes it without asking; on an area with services it asks
    press(qtbot, tab.tree, Qt.Key.Key_Delete)
    assert "Kultur og frivillighet" not in [a.name for a in sm.list_areas(project)]
    assert confirm == []
    tab.select("area", tab.tree_model.areas[1].id)
    press(qtbot, tab.tree, Qt.Key.Key_Delete)
    assert confirm and "Byggesak" in confirm[-1][0] and "7 tjenester" in confirm[-1][1][0]
    assert "Byggesak" not in [a.name for a in sm.list_areas(project)]

    # undo brings it back, with its services
    ctx.undo_stack.undo()
    assert (
        len(
            sm.list_services(
                project, next(a.id for a in sm.list_areas(project) if a.name == "Byggesak")
            )
        )
        == 7
    )
    assert tab.tree_model.areas[1].name == "Byggesak"


def test_delete_service_asks_when_it_holds_data_and_insert_adds(qtbot, demo, confirm) -> None:  # type: ignore[no-untyped-def]
    tab, ctx = make_tab(qtbot, demo)
    target = sid(demo, "Byggesøknad (12 ukers frist)")
    tab.select(SERVICE, target)
    tab.tree.setFocus()
    press(qtbot, tab.tree, Qt.Key.Key_Delete)
    assert confirm and "vurderinger" in confirm[-1][1][0]
    assert target not in [s.id for s in sm.list_services(demo)]
    assert tab.service is not None and tab.service.id != target  # the next one is shown
    ctx.undo_stack.undo()
    assert target in [s.id for s in sm.list_services(demo)]

    tab.select(SERVICE, target)
    press(qtbot, tab.tree, Qt.Key.Key_Insert)
    type_into_editor(qtbot, tab, "Midlertidig brukstillatelse")
    names = [s.name for s in sm.list_services(demo, sm.get_service(demo, target).area_id)]
    assert names[names.index("Byggesøknad (12 ukers frist)") + 1] == "Midlertidig brukstillatelse"


# -- the detail form --------------------------------------------------------------------------
def test_detail_form_saves_each_field_as_one_undo_step(qtbot, project, errors) -> None:  # type: ignore[no-untyped-def]
    pid = people_service.add_person(project, Person("Solveig Nilsen", "Kåfjord kommune"))
    project.take_last_change()
    tab, ctx = make_tab(qtbot, project)
    target = sid(project, "Oppmåling")
    tab.select(SERVICE, target)

    tab.unit_edit.setFocus()
    type_text(qtbot, tab.unit_edit, "Plan, bygg og oppmåling")
    press(qtbot, tab.unit_edit, Qt.Key.Key_Tab)
    assert sm.get_service(project, target).unit == "Plan, bygg og oppmåling"
    assert ctx.undo_stack.count() == 1

    tab.contact_combo.setFocus()  # the people are loaded when the list is used
    qtbot.waitUntil(lambda: tab.contact_combo.findData(pid) >= 0)
    tab.contact_combo.setCurrentIndex(tab.contact_combo.findData(pid))
    tab.contact_combo.activated.emit(tab.contact_combo.currentIndex())
    tab.channel_checks[Channel.SKJEMA].click()
    tab.channel_checks[Channel.SKRANKE].click()
    s = sm.get_service(project, target)
    assert s.contact_id == pid and s.channels == (Channel.SKRANKE, Channel.SKJEMA)

    tab.cases_field.edit.setFocus()
    qtbot.keyClicks(tab.cases_field.edit, "1 200")
    press(qtbot, tab.cases_field.edit, Qt.Key.Key_Return)
    tab.median_field.edit.setFocus()
    qtbot.keyClicks(tab.median_field.edit, "24,5")
    press(qtbot, tab.median_field.edit, Qt.Key.Key_Return)
    tab.share_field.edit.setFocus()
    qtbot.keyClicks(tab.share_field.edit, "92")
    press(qtbot, tab.share_field.edit, Qt.Key.Key_Return)
    tab.deadline_field.edit.setFocus()
    qtbot.keyClicks(tab.deadline_field.edit, "84")
    press(qtbot, tab.deadline_field.edit, Qt.Key.Key_Return)
    s = sm.get_service(project, target)
    assert (s.yearly_cases, s.median_days, s.within_deadline_share, s.legal_deadline_days) == (
        1200,
        24.5,
        0.92,
        84,
    )
    assert tab.share_field.edit.text() == "92"
    assert tab.deadline_field.note.text() == "= 12 uker"
    steps = ctx.undo_stack.count()

    # the nå-situasjon saves after a pause in typing
    tab.state_edit.setFocus()
    qtbot.waitUntil(tab.state_edit.hasFocus)
    qtbot.keyClicks(tab.state_edit, "Restanser i perioder.")
    assert "Ikke lagret" in tab.state_label.text()
    qtbot.waitUntil(
        lambda: sm.get_service(project, target).current_state == "Restanser i perioder.",
        timeout=4000,
    )
    assert ctx.undo_stack.count() == steps + 1

    # an assessment: score and note
    dim = sm.list_dimensions(project)[3]
    combo = tab.score_combos[dim.id]
    combo.setCurrentIndex(combo.findData(2))
    combo.activated.emit(combo.currentIndex())
    note = tab.note_edits[dim.id]
    note.setFocus()
    qtbot.keyClicks(note, "Lang ventetid")
    press(qtbot, note, Qt.Key.Key_Return)
    a = sm.list_assessments(project, target)[3]
    assert (a.score, a.note) == (2, "Lang ventetid")
    assert tab.tree_model.weak == {target}

    # undo, step by step, takes them back
    ctx.undo_stack.undo()
    assert sm.list_assessments(project, target)[3].note == ""
    ctx.undo_stack.undo()
    assert sm.list_assessments(project, target)[3].score is None
    assert combo.currentData() is None or tab.score_combos[dim.id].currentData() is None
    assert errors == []


def test_bad_number_shows_error_writes_nothing_and_keeps_the_text(qtbot, project, errors) -> None:  # type: ignore[no-untyped-def]
    tab, ctx = make_tab(qtbot, project)
    target = sid(project, "Oppmåling")
    tab.select(SERVICE, target)
    before = sm.get_service(project, target)

    for field, text, message in (
        (tab.cases_field, "mange", "ikke et tall"),
        (tab.cases_field, "-4", "negativ"),
        (tab.median_field, "4000", "urimelig lang"),
        (tab.share_field, "120", "mellom 0 og 100"),
        (tab.complaints_field, "2,5", "helt tall"),
    ):
        field.edit.setFocus()
        field.edit.selectAll()
        qtbot.keyClicks(field.edit, text)
        press(qtbot, field.edit, Qt.Key.Key_Return)
        assert field.error.isVisible() and message in field.error.text()
        assert "border" in field.edit.styleSheet()
        assert field.edit.text() == text
        assert sm.get_service(project, target) == before
        field.edit.clear()
        press(qtbot, field.edit, Qt.Key.Key_Return)
        assert not field.error.isVisible()

    # a bad number keeps the service on screen when the user tries to leave it
    tab.median_field.edit.setFocus()
    qtbot.keyClicks(tab.median_field.edit, "tjue")
    other = sid(project, "Havn")
    tab.select(SERVICE, other)
    assert tab.service is not None and tab.service.id == target
    assert tab.median_field.edit.text() == "tjue" and tab.median_field.error.isVisible()
    assert tab.flush() is False
    assert ctx.undo_stack.count() == 0 and errors == []

    # fixed, the move goes through
    tab.median_field.edit.setText("20")
    tab.select(SERVICE, other)
    assert tab.service is not None and tab.service.id == other
    assert sm.get_service(project, target).median_days == 20


def test_kpi_table_add_edit_delete(qtbot, project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.pages import servicemap as page_module

    tab, ctx = make_tab(qtbot, project)
    target = sid(project, "Telefon")
    tab.select(SERVICE, target)

    def fake_exec(self):  # type: ignore[no-untyped-def]
        self.name_edit.setText("Andel besvart innen ett minutt")
        self.value_edit.setText("71,5")
        self.unit_edit.setText("%")
        self.buttons.accepted.emit()
        return self.result()

    monkeypatch.setattr(page_module.KpiDialog, "exec", fake_exec)
    tab.kpi_table.setFocus()
    press(qtbot, tab.kpi_table, Qt.Key.Key_Insert)
    kpis = sm.list_kpis(project, target)
    assert [(k.name, k.value, k.unit) for k in kpis] == [
        ("Andel besvart innen ett minutt", 71.5, "%")
    ]
    assert tab.kpi_model.rowCount() == 1
    assert tab.kpi_proxy.index(0, 1).data() == "71,5\u00a0%"
    press(qtbot, tab.kpi_table, Qt.Key.Key_Delete)
    assert sm.list_kpis(project, target) == []
    ctx.undo_stack.undo()
    assert len(sm.list_kpis(project, target)) == 1


# -- the matrix ---------------------------------------------------------------------------------
def test_matrix_sorts_weakest_first_with_unknown_last_and_filters(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    tab, _ctx = make_tab(qtbot, demo)
    qtbot.keyClick(tab.tree, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # the mnemonic
    qtbot.waitUntil(lambda: tab.stack.currentWidget() is tab.matrix_view)
    mv = tab.matrix_view
    dims = {d.name: d.id for d in sm.list_dimensions(demo)}
    col = mv.model.column_of_dimension(dims["Saksbehandlingstid"])
    assert col is not None
    assert mv.model.headerData(
        col, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    ).startswith("Saksbehandlingstid")

    def column_values() -> list[str]:
        return [mv.proxy.index(r, col).data() for r in range(mv.proxy.rowCount())]

    mv.table.sortByColumn(col, Qt.SortOrder.AscendingOrder)  # as a click on the header
    values = column_values()
    known = [v for v in values if v != "–"]
    assert known == sorted(known) and known[0] == "2"
    assert values[len(known) :] == ["–"] * (len(values) - len(known))  # unknown last
    first = mv.visible_services()[0]
    assert first in ("Byggesøknad (12 ukers frist)", "Skjenkebevilling")

    mv.table.sortByColumn(col, Qt.SortOrder.DescendingOrder)
    values = column_values()
    known = [v for v in values if v != "–"]
    assert known == sorted(known, reverse=True)
    assert values[-1] == "–"  # unknown still last

    # colour and number together; unknown is a dash without fill
    index = mv.proxy.index(0, col)
    assert index.data(Qt.ItemDataRole.BackgroundRole) is not None and index.data() in "12345"

    # filters: area, text, weak points
    total = mv.proxy.rowCount()
    mv.area_combo.setCurrentIndex(mv.area_combo.findText("Byggesak"))
    assert mv.proxy.rowCount() == 6
    mv.weak_check.setChecked(True)
    assert set(mv.visible_services()) == {"Byggesøknad (12 ukers frist)", "Gebyrer"}
    mv.area_combo.setCurrentIndex(0)
    mv.filter_edit.setText("NÆRINGS")
    assert set(mv.visible_services()) == {"Næringsarealer og tomter"}
    mv.filter_edit.setText("finnes ikke")
    assert mv.proxy.rowCount() == 0 and "passer til filteret" in mv.empty.text()
    mv.filter_edit.clear()
    mv.weak_check.setChecked(False)
    assert mv.proxy.rowCount() == total
    assert "42 tjenester" in mv.count_label.text()


def test_double_click_and_enter_open_the_service_with_that_score_focused(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    tab, _ctx = make_tab(qtbot, demo)
    tab.show_view(1)
    mv = tab.matrix_view
    target = sid(demo, "Skjenkebevilling")
    dim = next(d for d in sm.list_dimensions(demo) if d.name == "Saksbehandlingstid")
    assert mv.select_cell(target, dim.id)
    index = mv.table.currentIndex()
    rect = mv.table.visualRect(index)
    # a real double-click is press, release, double-click (QTest's alone lacks the press)
    qtbot.mouseClick(mv.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(mv.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tab.stack.currentIndex() == 0
    assert tab.service is not None and tab.service.id == target
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.score_combos[dim.id])
    assert tab.score_combos[dim.id].currentData() == 2

    tab.show_view(1)
    other = sid(demo, "Næringsfond")
    mv.select_cell(other, None)
    press(qtbot, mv.table, Qt.Key.Key_Return)
    assert tab.stack.currentIndex() == 0 and tab.service is not None and tab.service.id == other


def test_export_button_writes_the_workbook_through_the_runner(
    qtbot, demo, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    tab, _ctx = make_tab(qtbot, demo)
    out = tmp_path / "Tjenestekart Kåfjord"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    done: list[tuple[Path, int]] = []
    monkeypatch.setattr(tab, "export_done", lambda result: done.append(result))
    tab.show_view(1)
    qtbot.mouseClick(tab.matrix_view.export_button, Qt.MouseButton.LeftButton)
    assert done == [(out.with_name(out.name + ".xlsx"), 42)]
    assert (
        load_workbook(done[0][0])["Tjenestekart"]["A1"].value == "Eksempelprosjekt – fiktive data"
    )


def test_empty_map_says_what_to_do(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    for a in sm.list_areas(project):
        sm.delete_area(project, a.id)
    project.take_last_change()
    tab, _ctx = make_tab(qtbot, project)
    assert "Ctrl+Shift+N" in tab.tree_empty.text()
    assert "Ctrl+Shift+N" in tab.placeholder.text()
    tab.show_view(1)
    assert "Ingen tjenester ennå" in tab.matrix_view.empty.text()
    tab.show_view(0)
    tab.tree.setFocus()
    press(
        qtbot, tab.tree, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier
    )  # no area yet: makes one
    type_into_editor(qtbot, tab, "Byggesak")
    assert [a.name for a in sm.list_areas(project)] == ["Byggesak"]


def test_reveal_selects_area_and_service(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    tab, _ctx = make_tab(qtbot, demo)
    tab.show_view(1)
    target = sid(demo, "Havn")
    assert tab.reveal("service", target)
    assert tab.stack.currentIndex() == 0 and tab.current_key() == (SERVICE, target)
    area = sm.list_areas(demo)[3]
    assert tab.reveal("area", area.id)
    assert tab.current_key() == ("area", area.id)
    assert not tab.reveal("service", 99999)


def test_read_only_disables_editing(qtbot, demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = demo.path
    demo.close()
    ro = project_service.open_project(path, read_only=True)
    try:
        tab, ctx = make_tab(qtbot, ro)
        assert tab.read_only_note.isVisible()
        assert not tab.add_service_button.isEnabled() and not tab.delete_button.isEnabled()
        assert tab.unit_edit.isReadOnly() and tab.state_edit.isReadOnly()
        assert not tab.contact_combo.isEnabled()
        assert all(not c.isEnabled() for c in tab.score_combos.values())
        assert not tab.tree_model.flags(tab.tree_model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
        before = [s.name for s in sm.list_services(ro)]
        tab.tree.setFocus()
        press(qtbot, tab.tree, Qt.Key.Key_Delete)
        press(qtbot, tab.tree, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        assert [s.name for s in sm.list_services(ro)] == before
        assert ctx.undo_stack.count() == 0
        tab.show_view(1)
        assert tab.matrix_view.export_button.isEnabled()  # reading out is fine
    finally:
        ro.close()
