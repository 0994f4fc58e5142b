"""Spørreundersøkelser: the survey list, its dialog and the questionnaire editor,
used through the GUI as a user would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from nvk_desktop.domain.survey import RespondentGroup as G
from nvk_desktop.domain.survey_project import SurveyRound
from nvk_desktop.services import project as project_service
from nvk_desktop.services import surveys as sv
from ui import dialogs
from ui.context import ProjectContext
from ui.pages import survey_editor
from ui.pages.surveys import SurveyDialog, SurveysPage


@pytest.fixture
def confirmations(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[str]]]:
    asked: list[tuple[str, list[str]]] = []

    def confirm(_p: object, _title: str, text: str, details=(), action: str = "") -> bool:  # type: ignore[no-untyped-def]
        asked.append((text, list(details)))
        return True

    monkeypatch.setattr(dialogs, "ask_confirm", confirm)
    return asked


def make_page(qtbot, project: project_service.Project) -> tuple[SurveysPage, ProjectContext]:  # type: ignore[no-untyped-def]
    ctx = ProjectContext(project)
    page = SurveysPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    return page, ctx


def names(page: SurveysPage) -> list[str]:
    return [page.model.record(r).summary.name for r in range(page.model.rowCount())]


def test_empty_page_says_what_to_do_and_ctrl_n_creates_a_survey_from_the_bank(
    qtbot, project, monkeypatch, errors
) -> None:  # type: ignore[no-untyped-def]
    page, ctx = make_page(qtbot, project)
    assert "Ingen undersøkelser ennå" in page.empty.text()
    assert "Ctrl+N" in page.empty.text()
    assert not page.edit_button.isEnabled() and not page.followup_button.isEnabled()

    def fake_exec(self: SurveyDialog) -> int:
        self.name_edit.setText("Næringslivsundersøkelse Gáivuotna 2025")
        self.groups.checks[G.POLITIKERE].setChecked(False)
        self.groups.spins[G.NAERINGSLIV].setValue(120)
        self.scale.select(1, 6)
        self.scale.dk_edit.setText("9")
        self.buttons.accepted.emit()
        return self.result()

    monkeypatch.setattr(SurveyDialog, "exec", fake_exec)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert errors == []
    assert names(page) == ["Næringslivsundersøkelse Gáivuotna 2025"]
    sid = page.current_id()
    assert sid is not None
    s = sv.get_survey(project, sid)
    assert s.group_values == (G.NAERINGSLIV, G.ANSATTE)
    assert s.group(G.NAERINGSLIV).invited == 120  # type: ignore[union-attr]
    assert (s.scale.min, s.scale.max, s.scale.dont_know_code) == (1, 6, 9)
    assert len(s.items) > 40  # every bank item asked of the chosen groups
    assert page.editor.survey_id == sid and page.editor.model.rowCount() == len(s.items)
    assert "0 næringsliv" in page.model.record(0).per_group()

    ctx.undo_stack.undo()
    assert names(page) == []
    ctx.undo_stack.redo()
    assert names(page) == ["Næringslivsundersøkelse Gáivuotna 2025"]


def test_dialog_refuses_a_dont_know_code_on_the_scale_and_keeps_the_input(
    qtbot, project, monkeypatch, errors
) -> None:  # type: ignore[no-untyped-def]
    page, _ctx = make_page(qtbot, project)

    def fake_exec(self: SurveyDialog) -> int:
        self.name_edit.setText("Feil kode")
        self.scale.dk_edit.setText("3")
        self.buttons.accepted.emit()
        return self.result()

    monkeypatch.setattr(SurveyDialog, "exec", fake_exec)
    page.new_survey()
    assert len(errors) == 1 and "vet ikke" in errors[0]
    assert names(page) == []


def test_followup_edit_and_delete_with_the_answer_count(
    qtbot, project, monkeypatch, errors, confirmations
) -> None:  # type: ignore[no-untyped-def]
    sid = sv.create_survey(project, "Førmåling", groups={G.NAERINGSLIV: 10, G.ANSATTE: None})
    item = sv.get_survey(project, sid).items_for(G.NAERINGSLIV)[5]
    sv.add_response(project, sid, G.NAERINGSLIV, {item.key: 4})
    sv.add_response(project, sid, G.NAERINGSLIV, {item.key: 2})
    project.take_last_change()
    page, ctx = make_page(qtbot, project)
    assert page.current_id() == sid
    assert "20 % av 10 inviterte" in page.model.record(0).tooltip()
    assert "Næringsliv" in page.details.text() and "20 % av 10" in page.details.text()

    def fake_exec(self: SurveyDialog) -> int:
        assert self.is_followup() and not self.groups.isEnabled()
        self.buttons.accepted.emit()  # the name is suggested from the baseline
        return self.result()

    monkeypatch.setattr(SurveyDialog, "exec", fake_exec)
    page.followup_button.click()
    assert errors == []
    assert names(page) == ["Førmåling", "Førmåling – oppfølging"]
    t1 = page.model.record(1).summary
    assert t1.round is SurveyRound.T1 and t1.baseline_id == sid
    assert not page.followup_button.isEnabled()  # no follow-up of a follow-up

    page.select(sid)

    def edit_exec(self: SurveyDialog) -> int:
        assert not self.scale.isEnabled()  # answers: the scale stays
        self.name_edit.setText("Førmåling 2025")
        self.buttons.accepted.emit()
        return self.result()

    monkeypatch.setattr(SurveyDialog, "exec", edit_exec)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    assert names(page)[0] == "Førmåling 2025"

    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    text, details = confirmations[-1]
    assert "Førmåling 2025" in text
    assert any("2 svar" in d for d in details)
    assert any("oppfølging" in d for d in details)
    assert names(page) == ["Førmåling – oppfølging"]
    ctx.undo_stack.undo()
    assert names(page) == ["Førmåling 2025", "Førmåling – oppfølging"]
    assert sv.get_survey(project, sid).responses == 2


# -- the questionnaire editor ------------------------------------------------------------------
def editor_keys(page: SurveysPage) -> list[str]:
    m = page.editor.model
    return [m.record(r).key for r in range(m.rowCount())]


def test_editor_adds_from_the_bank_reorders_and_removes_with_undo(
    qtbot, project, monkeypatch, errors, confirmations
) -> None:  # type: ignore[no-untyped-def]
    sid = sv.create_survey(
        project, "Kort", groups=[G.NAERINGSLIV, G.ANSATTE], item_ids=["bak.rolle", "byg.sat.1"]
    )
    project.take_last_change()
    page, ctx = make_page(qtbot, project)
    editor = page.editor
    assert editor_keys(page) == ["bak.rolle", "byg.sat.1"]

    # Insert opens the bank dialog; filter and pick two items.
    def bank_exec(self: survey_editor.BankItemsDialog) -> int:
        assert "bak.rolle" not in [self.model.record(r).id for r in range(self.model.rowCount())]
        self.filter_edit.setText("saksbehandlingstiden")
        assert 0 < self.proxy.rowCount() < self.model.rowCount()
        self.select_ids(["byg.dim.saksbehandlingstid", "inf.dim.saksbehandlingstid"])
        assert "2 valgt" in self.count.text()
        self.buttons.accepted.emit()
        return self.result()

    monkeypatch.setattr(survey_editor.BankItemsDialog, "exec", bank_exec)
    editor.table.setFocus()
    qtbot.keyClick(editor.table, Qt.Key.Key_Insert)
    assert errors == []
    assert editor_keys(page) == [
        "bak.rolle",
        "byg.sat.1",
        "inf.dim.saksbehandlingstid",
        "byg.dim.saksbehandlingstid",
    ]

    # Alt+Up moves the current question; undo puts it back.
    editor.select("byg.dim.saksbehandlingstid")
    qtbot.keyClick(editor.table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(editor.table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert editor_keys(page)[1] == "byg.dim.saksbehandlingstid"
    assert editor.current_key() == "byg.dim.saksbehandlingstid"
    ctx.undo_stack.undo()
    assert editor_keys(page)[2] == "byg.dim.saksbehandlingstid"

    # Delete without answers removes at once; with answers it asks, telling how many.
    editor.select("inf.dim.saksbehandlingstid")
    qtbot.keyClick(editor.table, Qt.Key.Key_Delete)
    assert "inf.dim.saksbehandlingstid" not in editor_keys(page)
    assert confirmations == []
    sv.add_response(project, sid, G.ANSATTE, {"byg.sat.1": 3})
    project.take_last_change()
    page.refresh()
    editor.refresh()
    editor.select("byg.sat.1")
    qtbot.keyClick(editor.table, Qt.Key.Key_Delete)
    assert "1 svar" in confirmations[-1][0]
    assert "byg.sat.1" not in editor_keys(page)
    ctx.undo_stack.undo()
    assert "byg.sat.1" in editor_keys(page)
    assert sv.list_responses(project, sid)[0].answers == {"byg.sat.1": 3}


def test_editor_f2_edits_a_groups_wording_and_own_items(
    qtbot, project, monkeypatch, errors
) -> None:  # type: ignore[no-untyped-def]
    sid = sv.create_survey(
        project, "Kort", groups=[G.NAERINGSLIV, G.ANSATTE], item_ids=["byg.sat.1"]
    )
    project.take_last_change()
    page, ctx = make_page(qtbot, project)
    editor = page.editor
    editor.group_combo.setCurrentIndex(editor.group_combo.findData(G.ANSATTE.value))
    editor.select("byg.sat.1")
    editor.table.setFocus()
    qtbot.keyClick(editor.table, Qt.Key.Key_F2)
    assert editor.table.state() == QAbstractItemView.State.EditingState
    line = editor.table.viewport().findChild(QLineEdit)
    assert line is not None
    line.selectAll()
    qtbot.keyClicks(line, "Hvordan opplever du byggesakene våre?")
    qtbot.keyClick(line, Qt.Key.Key_Return)  # the delegate commits on the next loop turn
    qtbot.waitUntil(lambda: editor.table.state() != QAbstractItemView.State.EditingState)
    s = sv.get_survey(project, sid)
    assert s.item("byg.sat.1").text(G.ANSATTE) == "Hvordan opplever du byggesakene våre?"
    assert s.item("byg.sat.1").text(G.NAERINGSLIV) != "Hvordan opplever du byggesakene våre?"
    ctx.undo_stack.undo()
    assert sv.get_survey(project, sid).item("byg.sat.1").text(G.ANSATTE) != (
        "Hvordan opplever du byggesakene våre?"
    )

    def own_exec(self: survey_editor.OwnItemDialog) -> int:
        self.buttons.accepted.emit()  # no wording: refused, dialog stays
        assert self.result() == 0
        self.text_edits[G.NAERINGSLIV].setText("Hvordan vurderer du brøytingen av kommunale veier?")
        self.buttons.accepted.emit()
        return self.result()

    monkeypatch.setattr(survey_editor.OwnItemDialog, "exec", own_exec)
    editor.add_own_button.click()
    assert len(errors) == 1 and "spørsmålsteksten" in errors[0].lower()
    assert editor_keys(page)[-1] == "egen.1"
    own = editor.model.record(editor.model.rowCount() - 1)
    assert own.own and not own.asked_of(G.ANSATTE)
    assert editor.model.index(editor.model.rowCount() - 1, 4).data() == "Eget"


def test_print_and_export_go_through_the_runner_and_offer_to_open(
    qtbot, project, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    sv.create_survey(project, "Kort", groups=[G.NAERINGSLIV], item_ids=["bak.rolle", "byg.sat.1"])
    project.take_last_change()
    page, _ctx = make_page(qtbot, project)
    opened: list[str] = []
    monkeypatch.setattr(survey_editor, "offer_open", lambda _w, _t, p: opened.append(p.name))
    monkeypatch.setattr(
        survey_editor, "ask_save_path", lambda *_a: (str(tmp_path / "skjema"), "PDF")
    )
    page.editor.print_button.click()
    assert opened == ["skjema.pdf"]
    assert (tmp_path / "skjema.pdf").read_bytes().startswith(b"%PDF")
    monkeypatch.setattr(
        survey_editor, "ask_save_path", lambda *_a: (str(tmp_path / "skjema.txt"), "")
    )
    page.editor.export_button.click()
    assert opened[-1] == "skjema.txt"
    assert "byggesak" in (tmp_path / "skjema.txt").read_text(encoding="utf-8").lower()


def test_read_only_disables_editing(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "ro.nvk"
    p = project_service.create_project(path, "4645", "Test")
    sv.create_survey(p, "Kort", groups=[G.NAERINGSLIV], item_ids=["byg.sat.1"])
    p.close()
    ro = project_service.open_project(path, read_only=True)
    try:
        page, _ctx = make_page(qtbot, ro)
        assert page.current_id() is not None
        for b in (page.new_button, page.edit_button, page.delete_button, page.followup_button):
            assert not b.isEnabled()
        assert not page.editor.add_bank_button.isEnabled()
        assert not page.editor.remove_button.isEnabled()
        assert not page.editor.model.editable
        assert page.editor.print_button.isEnabled()  # reading is fine
        assert not page.entry.save_button.isEnabled()
        assert not page.imports.import_button.isEnabled()
    finally:
        ro.close()
