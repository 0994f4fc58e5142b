"""Registrer svar: typing in paper forms with digits and Enter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from nvk_desktop.domain.survey import RespondentGroup as G
from nvk_desktop.domain.survey import Scale
from nvk_desktop.services import project as project_service
from nvk_desktop.services import surveys as sv
from ui import dialogs
from ui.context import ProjectContext
from ui.pages.survey_entry import AnswerEdit, EntryTab

ITEMS = ["bak.storrelse", "byg.sat.1", "byg.sat.2", "byg.open.bedre"]


@pytest.fixture
def survey_id(project: project_service.Project) -> int:
    sid = sv.create_survey(
        project, "Papir", groups={G.NAERINGSLIV: 40, G.ANSATTE: 20}, item_ids=ITEMS
    )
    project.take_last_change()
    return sid


def make_tab(qtbot, project, sid: int) -> tuple[EntryTab, ProjectContext]:  # type: ignore[no-untyped-def]
    ctx = ProjectContext(project)
    tab = EntryTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1100, 700)
    tab.show()
    qtbot.waitExposed(tab)
    tab.set_survey(sid)
    return tab, ctx


def type_in(qtbot, tab: EntryTab, keys: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Each entry: the keys for one question (digits, "v", or text), then Enter."""
    for n, k in enumerate(keys):
        edit = tab.rows[n].edit
        if k:
            qtbot.keyClicks(edit, k)
        qtbot.keyClick(edit, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)


def test_two_respondents_by_digits_and_enter_and_ctrl_z(qtbot, project, survey_id, errors) -> None:  # type: ignore[no-untyped-def]
    tab, ctx = make_tab(qtbot, project, survey_id)
    assert [r.item.key for r in tab.rows] == ITEMS
    assert tab.count_label.text() == "Registrert: 0 næringsliv · 0 ansatte"

    type_in(qtbot, tab, ["2", "4", "v", "Raskere svar på e-post"])
    assert errors == []
    got = sv.list_responses(project, survey_id)
    assert len(got) == 1
    assert got[0].group is G.NAERINGSLIV
    assert got[0].answers == {
        "bak.storrelse": "4_10",
        "byg.sat.1": 4,
        "byg.sat.2": None,
        "byg.open.bedre": "Raskere svar på e-post",
    }
    assert all(r.answer() is sv_unset() for r in tab.rows)  # cleared for the next
    assert tab.count_label.text() == "Registrert: 1 næringsliv · 0 ansatte"

    # The second: a digit outside the scale is refused at the row, nothing stored.
    row = tab.rows[1]
    qtbot.keyClicks(tab.rows[0].edit, "1")
    qtbot.keyClick(tab.rows[0].edit, Qt.Key.Key_Return)
    qtbot.keyClicks(row.edit, "7")
    assert row.edit.text() == "" and row.answer() is sv_unset()
    assert row.message.isVisibleTo(tab) and "ikke på skalaen" in row.message.text()
    assert "1–5" in row.message.text()
    qtbot.keyClicks(row.edit, "5")
    assert row.message.text() == ""
    assert "Svært godt" in row.hint.text()
    qtbot.keyClick(row.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # save now
    got = sv.list_responses(project, survey_id)
    assert [r.answers for r in got][1] == {"bak.storrelse": "1_3", "byg.sat.1": 5}
    assert tab.list_model.rowCount() == 2

    # Ctrl+Z in the form undoes the last saved respondent.
    qtbot.keyClick(tab.rows[0].edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(sv.list_responses(project, survey_id)) == 1
    assert tab.count_label.text() == "Registrert: 1 næringsliv · 0 ansatte"
    ctx.undo_stack.redo()
    assert len(sv.list_responses(project, survey_id)) == 2


def sv_unset() -> object:
    from ui.pages.survey_entry import UNSET

    return UNSET


def test_options_letters_and_an_empty_form(qtbot, project, survey_id, errors) -> None:  # type: ignore[no-untyped-def]
    tab, _ctx = make_tab(qtbot, project, survey_id)
    bak = tab.rows[0]
    qtbot.keyClicks(bak.edit, "4")  # only three size options
    assert "ikke et svaralternativ" in bak.message.text()
    qtbot.keyClicks(bak.edit, "v")  # background questions have no «vet ikke»
    assert "ikke «vet ikke»" in bak.message.text()
    qtbot.keyClicks(bak.edit, "x")
    assert "Skriv et tall" in bak.message.text()
    assert bak.answer() is sv_unset()
    # Enter through an empty form: the service says it is empty, nothing stored.
    type_in(qtbot, tab, ["", "", "", ""])
    assert errors and "tomt" in errors[-1]
    assert sv.list_responses(project, survey_id) == []


def test_zero_to_ten_scale_takes_two_digits_and_a_dont_know_code(qtbot, project, errors) -> None:  # type: ignore[no-untyped-def]
    sid = sv.create_survey(
        project,
        "Ti",
        groups=[G.POLITIKERE],
        item_ids=["byg.sat.1", "byg.sat.2", "byg.sat.3"],
        scale=Scale(0, 10, {0: "Svært dårlig", 10: "Svært godt"}, dont_know_code=99),
    )
    project.take_last_change()
    tab, _ctx = make_tab(qtbot, project, sid)
    edit = tab.rows[0].edit
    assert isinstance(edit, AnswerEdit)
    qtbot.keyClicks(edit, "10")
    assert edit.text() == "10" and edit.answer == 10
    qtbot.keyClicks(edit, "3")  # a new digit starts again
    assert edit.answer == 3
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.keyClicks(tab.rows[1].edit, "9")
    assert tab.rows[1].answer() == 9
    qtbot.keyClicks(tab.rows[1].edit, "9")
    assert tab.rows[1].answer() is None  # 99 = vet ikke
    qtbot.keyClicks(tab.rows[1].edit, "5")
    assert tab.rows[1].answer() == 5
    qtbot.keyClicks(tab.rows[1].edit, "v")
    assert tab.rows[1].answer() is None
    qtbot.keyClick(tab.rows[1].edit, Qt.Key.Key_Return)
    qtbot.keyClicks(tab.rows[2].edit, "0")
    qtbot.keyClick(tab.rows[2].edit, Qt.Key.Key_Return)
    assert errors == []
    assert sv.list_responses(project, sid)[0].answers == {
        "byg.sat.1": 3,
        "byg.sat.2": None,
        "byg.sat.3": 0,
    }


def test_reopen_correct_and_delete_a_respondent(
    qtbot, project, survey_id, monkeypatch, errors
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(dialogs, "ask_confirm", lambda *a, **k: True)
    sv.add_response(
        project, survey_id, G.ANSATTE, {"byg.sat.1": 2, "byg.open.bedre": "Mer åpenhet"}
    )
    project.take_last_change()
    tab, ctx = make_tab(qtbot, project, survey_id)
    tab.group_combo.setCurrentIndex(tab.group_combo.findData(G.ANSATTE.value))
    assert tab.list_model.rowCount() == 1
    tab.list_view.setFocus()
    tab.list_view.setCurrentIndex(tab.list_proxy.index(0, 0))
    qtbot.keyClick(tab.list_view, Qt.Key.Key_Return)
    assert tab.editing_id is not None
    assert "Retter skjema nr. 1" in tab.state_label.text()
    keys = [r.item.key for r in tab.rows]
    assert "bak.storrelse" not in keys  # not asked of employees
    sat, open_row = tab.rows[keys.index("byg.sat.1")], tab.rows[keys.index("byg.open.bedre")]
    assert sat.answer() == 2 and open_row.answer() == "Mer åpenhet"
    qtbot.keyClicks(sat.edit, "3")
    qtbot.keyClick(sat.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert errors == []
    got = sv.list_responses(project, survey_id, G.ANSATTE)
    assert len(got) == 1 and got[0].answers["byg.sat.1"] == 3
    assert tab.editing_id is None
    ctx.undo_stack.undo()
    assert sv.list_responses(project, survey_id, G.ANSATTE)[0].answers["byg.sat.1"] == 2

    tab.list_view.setFocus()
    tab.list_view.setCurrentIndex(tab.list_proxy.index(0, 0))
    qtbot.keyClick(tab.list_view, Qt.Key.Key_Delete)
    assert sv.list_responses(project, survey_id, G.ANSATTE) == []
    assert "Ingen skjemaer" in tab.list_empty.text()
    ctx.undo_stack.undo()
    assert tab.list_model.rowCount() == 1


def test_typed_answers_survive_a_reload(qtbot, project, survey_id) -> None:  # type: ignore[no-untyped-def]
    tab, ctx = make_tab(qtbot, project, survey_id)
    qtbot.keyClicks(tab.rows[1].edit, "4")
    ctx.changed.emit()  # another page changed something
    assert tab.rows[1].answer() == 4
