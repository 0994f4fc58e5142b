"""Verksted page: workshops, Oppsett (participants, groups, agenda), group files and
read-only, used through the GUI as a facilitator would."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QApplication

from nvk_desktop.domain.models import Person
from nvk_desktop.domain.workshop import CardKind, MergeReport, Workshop, WorkshopKind
from nvk_desktop.services import group_files, people
from nvk_desktop.services import project as project_service
from nvk_desktop.services import workshops as ws
from ui import dialogs
from ui.context import ProjectContext
from ui.pages import workshop_merge, workshop_setup
from ui.pages.workshop_setup import PARTICIPANT_MIME, WorkshopDialog
from ui.pages.workshops import TAB_CAPTURE, TAB_SETUP, WorkshopsPage


@pytest.fixture
def confirmations(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[str]]]:
    asked: list[tuple[str, list[str]]] = []

    def confirm(
        _p: object, _title: str, text: str, details: list[str] = (), action: str = ""
    ) -> bool:  # type: ignore[assignment]
        asked.append((text, list(details)))
        return True

    monkeypatch.setattr(dialogs, "ask_confirm", confirm)
    return asked


def make_page(qtbot, project: project_service.Project) -> tuple[WorkshopsPage, ProjectContext]:  # type: ignore[no-untyped-def]
    ctx = ProjectContext(project)
    page = WorkshopsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitActive(page)
    return page, ctx


def workshop_with_groups(project: project_service.Project, *groups: str) -> int:
    wid = ws.create_workshop(
        project, Workshop(name="Resultatverksted", held_on=date(2025, 3, 4)), with_agenda=False
    )
    for g in groups:
        ws.add_group(project, wid, g)
    project.take_last_change()
    return wid


def test_empty_page_says_what_to_do(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    page, _ctx = make_page(qtbot, project)
    assert "Ingen verksteder ennå" in page.empty.text()
    assert page.title.text() == "Ingen verksted valgt"
    assert not page.edit_button.isEnabled() and not page.delete_button.isEnabled()
    assert not page.export_button.isEnabled() and not page.referat_button.isEnabled()
    assert page.setup_tab.none_label.isVisible()


def test_new_workshop_with_ctrl_n_and_standard_agenda_then_undo(
    qtbot, project, monkeypatch, errors
) -> None:  # type: ignore[no-untyped-def]
    person = people.add_person(project, Person(name="Geir Isaksen", organisation="Rådgiver AS"))
    page, ctx = make_page(qtbot, project)

    def fake_exec(self: WorkshopDialog) -> int:
        self.kind_combo.setCurrentIndex(
            self.kind_combo.findData(WorkshopKind.TILTAKSVERKSTED.value)
        )
        self.name_edit.setText("Tiltaksverksted i Birtavarre")
        self.place_edit.setText("Gáivuotna samfunnshus")
        self.facilitator_combo.setCurrentIndex(self.facilitator_combo.findData(person))
        self.budget_spin.setValue(7)
        assert self.agenda_check.isChecked()
        self.accept()
        return self.result()

    monkeypatch.setattr(WorkshopDialog, "exec", fake_exec)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert errors == []
    [summary] = ws.list_workshops(project)
    assert summary.name == "Tiltaksverksted i Birtavarre"
    assert summary.kind is WorkshopKind.TILTAKSVERKSTED
    w = ws.get_workshop(project, summary.id)
    assert (w.place, w.dot_budget, w.facilitator_name) == (
        "Gáivuotna samfunnshus",
        7,
        "Geir Isaksen",
    )
    assert page.title.text() == "Tiltaksverksted i Birtavarre"
    assert "fasilitator Geir Isaksen" in page.subtitle.text()
    assert page.tabs.currentIndex() == TAB_SETUP
    steps = ws.list_agenda(project, summary.id)
    assert steps and page.setup_tab.step_model.rowCount() == len(steps)

    ctx.undo_stack.undo()
    assert ws.list_workshops(project) == []
    assert page.model.rowCount() == 0


def test_dialog_refuses_an_empty_name_and_stays_open(qtbot, project, errors) -> None:  # type: ignore[no-untyped-def]
    ctx = ProjectContext(project)
    dlg = WorkshopDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.name_edit.setText("   ")
    dlg.accept()
    assert errors and "navn" in errors[0]
    assert dlg.result() == 0
    assert ws.list_workshops(project) == []


def test_edit_and_delete_workshop_tells_how_many_cards_go(
    qtbot, project, monkeypatch, confirmations
) -> None:  # type: ignore[no-untyped-def]
    wid = workshop_with_groups(project, "Gruppe 1")
    gid = ws.list_groups(project, wid)[0].id
    for i in range(3):
        ws.add_card(project, wid, gid, f"Innspill {i}", None, CardKind.STYRKE)
    project.take_last_change()
    page, ctx = make_page(qtbot, project)

    def rename(self: WorkshopDialog) -> int:
        self.name_edit.setText("Resultatverksted i Olderdalen")
        self.accept()
        return self.result()

    monkeypatch.setattr(WorkshopDialog, "exec", rename)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    assert ws.get_workshop(project, wid).name == "Resultatverksted i Olderdalen"
    assert page.title.text() == "Resultatverksted i Olderdalen"

    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    text, details = confirmations[-1]
    assert "Resultatverksted i Olderdalen" in text
    assert "3 innspill" in details
    assert ws.list_workshops(project) == []
    ctx.undo_stack.undo()
    assert len(ws.list_cards(project, wid)) == 3
    assert page.model.rowCount() == 1


def test_participants_from_organisering_and_on_the_spot(
    qtbot, project, monkeypatch, errors
) -> None:  # type: ignore[no-untyped-def]
    a = people.add_person(project, Person(name="Áilu Hætta Sara", organisation="Kåfjord kommune"))
    b = people.add_person(project, Person(name="Berit Sandvik", organisation="Reisemål Lyngen"))
    people.add_person(project, Person(name="Ikke valgt"))
    wid = workshop_with_groups(project)
    page, ctx = make_page(qtbot, project)
    tab = page.setup_tab
    assert "Ingen deltakere ennå" in tab.participant_empty.text()

    def pick(self: dialogs.PersonPickerDialog) -> int:
        self.select_ids([a, b])
        return 1

    monkeypatch.setattr(dialogs.PersonPickerDialog, "exec", pick)
    tab.participant_table.setFocus()
    qtbot.keyClick(tab.participant_table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    names = {p.name for p in ws.list_participants(project, wid)}
    assert names == {"Áilu Hætta Sara", "Berit Sandvik"}
    shown = [
        tab.participant_proxy.index(r, 0).data() for r in range(tab.participant_proxy.rowCount())
    ]
    assert shown == ["Áilu Hætta Sara", "Berit Sandvik"]  # sorted as Norwegian
    assert ctx.undo_stack.count() == 1  # several people, one step

    tab.name_edit.setFocus()
    qtbot.keyClicks(tab.name_edit, "Ola Nordmann, Lyngen Sjømat")
    qtbot.keyClick(tab.name_edit, Qt.Key.Key_Return)
    spot = [p for p in ws.list_participants(project, wid) if p.person_id is None]
    assert [(p.name, p.organisation) for p in spot] == [("Ola Nordmann", "Lyngen Sjømat")]
    assert tab.name_edit.text() == ""
    assert "3 deltakere" in tab.participant_count.text()

    # an empty name is not sent anywhere
    qtbot.keyClick(tab.name_edit, Qt.Key.Key_Return)
    assert errors == [] and len(ws.list_participants(project, wid)) == 3

    ctx.undo_stack.undo()
    assert len(ws.list_participants(project, wid)) == 2


def test_groups_add_rename_reorder_assign_by_drop_and_combo_delete(
    qtbot, project, monkeypatch, confirmations
) -> None:  # type: ignore[no-untyped-def]
    wid = workshop_with_groups(project)
    ws.add_participant(project, wid, "Anders Lund")
    ws.add_participant(project, wid, "Liv Johansen")
    project.take_last_change()
    page, ctx = make_page(qtbot, project)
    tab = page.setup_tab
    assert "Ingen arbeidsgrupper ennå" in tab.group_empty.text()
    answers = iter(["Gruppe nord", "Gruppe sør"])
    monkeypatch.setattr(
        workshop_setup.QInputDialog, "getText", lambda *a, **k: (next(answers), True)
    )
    tab.group_table.setFocus()
    qtbot.keyClick(tab.group_table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(tab.group_table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert [g.name for g in ws.list_groups(project, wid)] == ["Gruppe nord", "Gruppe sør"]

    # Alt+Up moves the selected (new, last) group first
    qtbot.keyClick(tab.group_table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [g.name for g in ws.list_groups(project, wid)] == ["Gruppe sør", "Gruppe nord"]
    ctx.undo_stack.undo()
    assert [g.name for g in ws.list_groups(project, wid)] == ["Gruppe nord", "Gruppe sør"]

    monkeypatch.setattr(
        workshop_setup.QInputDialog, "getText", lambda *a, **k: ("Gruppe Gáivuotna", True)
    )
    tab.group_table.selectRow(0)
    qtbot.keyClick(tab.group_table, Qt.Key.Key_F2)
    groups = ws.list_groups(project, wid)
    assert groups[0].name == "Gruppe Gáivuotna"

    # drag Anders onto the second group (the drop the view would make)
    anders = next(p for p in ws.list_participants(project, wid) if p.name == "Anders Lund")
    mime = QMimeData()
    mime.setData(PARTICIPANT_MIME, json.dumps([anders.id]).encode())
    target = tab.group_model.index(1, 0)
    assert tab.group_model.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target)
    tab.group_model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target)
    qtbot.waitUntil(lambda: ws.list_participants(project, wid)[0].group_id == groups[1].id)

    # the group column's combo: Liv to the first group
    liv_row = tab.participant_model.row_of_key(
        next(p.id for p in ws.list_participants(project, wid) if p.name == "Liv Johansen")
    )
    assert liv_row is not None
    tab.participant_model.setData(tab.participant_model.index(liv_row, 2), groups[0].id)
    assert {p.name: p.group_id for p in ws.list_participants(project, wid)}[
        "Liv Johansen"
    ] == groups[0].id
    assert tab.participant_model.index(liv_row, 2).data() == "Gruppe Gáivuotna"

    # delete the second group: asked, names what goes
    select = tab.group_model.row_of_key(groups[1].id)
    tab.group_table.selectRow(select or 0)
    qtbot.keyClick(tab.group_table, Qt.Key.Key_Delete)
    assert confirmations and "Gruppe sør" in confirmations[-1][0]
    assert any("1 deltakere" in d for d in confirmations[-1][1])
    assert [g.name for g in ws.list_groups(project, wid)] == ["Gruppe Gáivuotna"]


def test_agenda_steps_add_edit_move_delete(qtbot, project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    wid = workshop_with_groups(project)
    page, ctx = make_page(qtbot, project)
    tab = page.setup_tab

    def fill(self: workshop_setup.StepDialog) -> int:
        self.title_edit.setText("Byggesaker")
        self.prompt_edit.setPlainText("Hva kan bli bedre?")
        self.area.setCurrentIndex(self.area.findData("byggesaker"))
        self.minutes_spin.setValue(15)
        self.accept()
        return self.result()

    monkeypatch.setattr(workshop_setup.StepDialog, "exec", fill)
    tab.step_table.setFocus()
    qtbot.keyClick(tab.step_table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(tab.step_table, Qt.Key.Key_Insert)
    steps = ws.list_agenda(project, wid)
    assert [(s.title, s.area, s.minutes) for s in steps] == [("Byggesaker", "byggesaker", 15)] * 2
    assert "30 min" in tab.agenda_total.text()

    def rename(self: workshop_setup.StepDialog) -> int:
        self.title_edit.setText("Velkommen")
        self.minutes_spin.setValue(0)
        self.accept()
        return self.result()

    monkeypatch.setattr(workshop_setup.StepDialog, "exec", rename)
    qtbot.keyClick(tab.step_table, Qt.Key.Key_F2)  # the second (new, selected) step
    qtbot.keyClick(tab.step_table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    steps = ws.list_agenda(project, wid)
    assert [(s.title, s.minutes) for s in steps] == [("Velkommen", None), ("Byggesaker", 15)]
    qtbot.keyClick(tab.step_table, Qt.Key.Key_Delete)
    assert [s.title for s in ws.list_agenda(project, wid)] == ["Byggesaker"]
    ctx.undo_stack.undo()
    assert len(ws.list_agenda(project, wid)) == 2


def test_group_file_export_and_merge_twice_then_conflict(
    qtbot, project, tmp_path, monkeypatch, errors
) -> None:  # type: ignore[no-untyped-def]
    wid = workshop_with_groups(project, "Gruppe 1", "Gruppe 2")
    g1, g2 = ws.list_groups(project, wid)
    shared = ws.add_card(project, wid, g2.id, "Kommunen svarer raskt", None, CardKind.STYRKE)
    project.take_last_change()
    page, ctx = make_page(qtbot, project)

    asked: list[tuple[list[str], int]] = []
    saved: list[tuple[Path, str]] = []
    monkeypatch.setattr(
        workshop_merge, "ask_group", lambda _p, names, cur: asked.append((names, cur)) or 1
    )
    monkeypatch.setattr(
        workshop_merge,
        "ask_save_path",
        lambda _p, _t, start: str(tmp_path / start.name.replace(".nvk", "")),
    )
    monkeypatch.setattr(workshop_merge, "show_saved", lambda _p, path, g: saved.append((path, g)))
    page.export_button.click()
    assert asked == [(["Gruppe 1", "Gruppe 2"], 0)]
    [(path, group)] = saved
    assert group == "Gruppe 2"
    assert path.name == "Resultatverksted – Gruppe 2.nvk" and path.exists()
    assert ctx.undo_stack.count() == 0  # exporting changes nothing here

    # the secretary captures two cards and corrects the shared one
    gp = project_service.open_project(path)
    info = ws.group_file_info(gp)
    assert info is not None and info.group_name == "Gruppe 2"
    ws.add_card(
        gp,
        info.workshop_id,
        info.group_id,
        "Vanskelig å finne fram på nettsidene",
        "service_informasjon",
        CardKind.SVAKHET,
    )
    ws.add_card(
        gp, info.workshop_id, info.group_id, "Saksbehandler ringer tilbake", None, CardKind.STYRKE
    )
    file_card = next(
        c for c in ws.list_cards(gp, info.workshop_id) if c.text.startswith("Kommunen")
    )
    ws.update_card(gp, file_card.id, "Kommunen svarer raskt på e-post", None, CardKind.STYRKE)
    gp.close()

    reports: list[tuple[MergeReport, list[str], str]] = []

    def capture(self: workshop_merge.MergeReportDialog) -> int:
        reports.append((self.report, [str(c.id) for c in self.conflicts], self.windowTitle()))
        self.accept()
        return 1

    monkeypatch.setattr(workshop_merge, "ask_open_path", lambda *_a: str(path))
    monkeypatch.setattr(workshop_merge.MergeReportDialog, "exec", capture)
    page.merge_button.click()
    report, conflicts, title = reports[-1]
    assert (report.added, report.updated, report.conflicts, report.already_merged) == (
        2,
        1,
        (),
        False,
    )
    assert conflicts == [] and "slått sammen" in title.lower()
    cards = ws.list_cards(project, wid)
    assert len(cards) == 3
    assert any(c.text == "Kommunen svarer raskt på e-post" for c in cards)
    assert page.model.record(0).cards == 3
    assert ctx.undo_stack.count() == 1

    page.merge_button.click()
    report, _c, title = reports[-1]
    assert report.already_merged and title == "Allerede slått sammen"
    assert len(ws.list_cards(project, wid)) == 3
    assert errors == []

    # both sides edit the same card: the merge shows a conflict with both texts
    ws.update_card(project, shared, "Kommunen svarer raskt, også i ferien", None, CardKind.STYRKE)
    project.take_last_change()
    gp = project_service.open_project(path)
    card = next(
        c for c in ws.list_cards(gp, info.workshop_id) if c.uid == ws.get_card(project, shared).uid
    )
    ws.update_card(gp, card.id, "Kommunen svarer raskt – bare ikke i juli", None, CardKind.SVAKHET)
    gp.close()

    def choose_incoming(self: workshop_merge.MergeReportDialog) -> int:
        assert len(self.conflicts) == 1
        c = self.conflicts[0]
        assert c.current_text == "Kommunen svarer raskt, også i ferien"
        assert c.incoming_text == "Kommunen svarer raskt – bare ikke i juli"
        self.choose(c.id, take_incoming=True)
        self.accept()
        return 1

    monkeypatch.setattr(workshop_merge.MergeReportDialog, "exec", choose_incoming)
    page.merge_button.click()
    assert ws.get_card(project, shared).text == "Kommunen svarer raskt – bare ikke i juli"
    assert ws.get_card(project, shared).kind is CardKind.SVAKHET
    assert group_files.list_conflicts(project, wid) == []


def test_a_group_file_opens_in_capture_with_the_banner(qtbot, project, tmp_path) -> None:  # type: ignore[no-untyped-def]
    wid = workshop_with_groups(project, "Gruppe 1", "Gruppe Gáivuotna")
    g = ws.list_groups(project, wid)[1]
    path = group_files.export_group_file(project, wid, g.id, tmp_path / "gruppe.nvk")
    gp = project_service.open_project(path)
    try:
        page, _ctx = make_page(qtbot, gp)
        assert page.banner.isVisible()
        assert page.banner.text() == (
            "Gruppefil for Gruppe Gáivuotna – lever filen til fasilitator etter verkstedet"
        )
        assert not page.list_box.isVisible()
        assert page.tabs.currentIndex() == TAB_CAPTURE
        assert not page.export_button.isVisible() and not page.merge_button.isVisible()
        cols = page.capture_tab.columns
        assert [c.title.text() for c in cols] == ["Gruppe Gáivuotna"]
        cols[0].field.setFocus()
        qtbot.keyClicks(cols[0].field, "Trenger bedre mobildekning")
        qtbot.keyClick(cols[0].field, Qt.Key.Key_Return)
        [card] = ws.list_cards(gp, page.current_id() or 0)
        assert card.group_id == cols[0].group_id
    finally:
        gp.close()


def test_read_only_disables_editing(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    p = project_service.create_project(tmp_path / "ro.nvk", "5540", "Kåfjord")
    wid = workshop_with_groups(p, "Gruppe 1")
    ws.add_participant(p, wid, "Anders Lund")
    p.close()
    project = project_service.open_project(tmp_path / "ro.nvk", read_only=True)
    try:
        page, ctx = make_page(qtbot, project)
        assert ctx.read_only
        assert not page.new_button.isEnabled()
        assert not page.edit_button.isEnabled() and not page.delete_button.isEnabled()
        assert not page.merge_button.isEnabled()
        assert page.referat_button.isEnabled() and page.export_button.isEnabled()
        tab = page.setup_tab
        assert not tab.add_people_button.isEnabled() and not tab.name_edit.isEnabled()
        assert not tab.add_group_button.isEnabled() and not tab.add_step_button.isEnabled()
        page.tabs.setCurrentIndex(TAB_CAPTURE)
        QApplication.processEvents()
        assert not page.capture_tab.columns[0].field.isEnabled()
        page.table.setFocus()
        qtbot.keyClick(page.table, Qt.Key.Key_Delete)
        assert len(ws.list_workshops(project)) == 1
    finally:
        project.close()


def test_verkstedreferat_through_the_runner_offers_to_open(
    qtbot, project, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    workshop_with_groups(project, "Gruppe 1")
    page, _ctx = make_page(qtbot, project)
    out = tmp_path / "referat"
    monkeypatch.setattr(
        "ui.pages.workshops.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), "")
    )
    opened: list[Path] = []
    monkeypatch.setattr("ui.pages.survey_editor.offer_open", lambda _w, _t, p: opened.append(p))
    page.referat_button.click()
    assert opened == [tmp_path / "referat.pdf"]
    assert (tmp_path / "referat.pdf").read_bytes()[:4] == b"%PDF"
