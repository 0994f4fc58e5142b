"""Kommentarer (issue 4, point 5): themes from the keyboard, coding by number keys,
drag and check boxes as one undo step each, the "Ikke kodet" filter, the link to a
candidate improvement point, empty states and read-only."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QInputDialog

from nvk_desktop.domain.notes import Finding, Note, NoteKind
from nvk_desktop.domain.survey import RespondentGroup as G
from nvk_desktop.services import notes, surveys
from nvk_desktop.services import project as project_service
from ui import dialogs
from ui.context import ProjectContext
from ui.pages.survey_comments import NO_COMMENTS, NO_SURVEY, REMINDER, SurveyCommentsView

TEXTS = [
    "Byggesaker tar altfor lang tid.",
    "Vanskelig å nå saksbehandler på telefon.",
    "Flinke folk på servicetorget i Olderdalen.",
    "Uklart hvem som har ansvaret for næringsareal.",
]


def make_survey(project, *, comments: bool = True) -> int:  # type: ignore[no-untyped-def]
    sid = surveys.create_survey(
        project,
        "Undersøkelse Gáivuotna",
        groups=[G.NAERINGSLIV, G.ANSATTE],
        item_ids=["byg.sat.1", "byg.open.bedre", "ser.open.godt"],
    )
    for i in range(6):
        a: dict[str, object] = {"byg.sat.1": 1 + i % 5}
        if comments and i < len(TEXTS):
            key = "ser.open.godt" if i == 2 else "byg.open.bedre"
            a[key] = TEXTS[i]
        surveys.add_response(project, sid, G.NAERINGSLIV if i % 2 == 0 else G.ANSATTE, a)  # type: ignore[arg-type]
    return sid


@pytest.fixture
def names(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the name dialog answers, in turn (an empty list = Avbryt)."""
    answers: list[str] = []

    def get_text(*_a, **_k):  # type: ignore[no-untyped-def]
        return (answers.pop(0), True) if answers else ("", False)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    return answers


def make_view(qtbot, project) -> tuple[SurveyCommentsView, ProjectContext]:  # type: ignore[no-untyped-def]
    ctx = ProjectContext(project)
    view = SurveyCommentsView(ctx)
    qtbot.addWidget(view)
    view.resize(1366, 720)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    return view, ctx


def theme_names(project, sid) -> list[str]:  # type: ignore[no-untyped-def]
    return [t.name for t in surveys.list_themes(project, sid)]


def codes(project, sid) -> dict[str, tuple[int, ...]]:  # type: ignore[no-untyped-def]
    return {c.text: c.theme_ids for c in surveys.list_comments(project, sid)}


def select_comments(view: SurveyCommentsView, texts: list[str]) -> None:
    view.comment_table.clearSelection()
    sel = view.comment_table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for r in range(view.comment_proxy.rowCount()):
        src = view.comment_proxy.mapToSource(view.comment_proxy.index(r, 0))
        if view.comment_model.record(src.row()).comment.text in texts:
            sel.select(view.comment_proxy.index(r, 0), flags)
    view.comment_table.setFocus()


def test_empty_states_and_reminder(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    view, _ctx = make_view(qtbot, project)
    assert view.stack.currentWidget() is view.empty and NO_SURVEY in view.empty.text()
    sid = make_survey(project, comments=False)
    view.set_survey(sid)
    assert view.stack.currentWidget() is view.content
    assert view.reminder.text() == REMINDER
    assert "aldri med i dokumenter" in view.reminder.text()
    assert view.comment_empty.text() == NO_COMMENTS
    assert "Ctrl+N" in view.theme_empty.text()


def test_theme_create_rename_delete_with_undo(qtbot, project, names, errors) -> None:  # type: ignore[no-untyped-def]
    sid = make_survey(project)
    view, ctx = make_view(qtbot, project)
    view.set_survey(sid)
    # Ctrl+N from the comment table
    names.append("Lang saksbehandlingstid")
    view.comment_table.setFocus()
    qtbot.keyClick(view.comment_table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert theme_names(project, sid) == ["Lang saksbehandlingstid"]
    assert view.current_theme() is not None
    # an empty name is refused with a Norwegian message, nothing stored
    names.append("   ")
    view.theme_table.setFocus()
    qtbot.keyClick(view.theme_table, Qt.Key.Key_Insert)
    assert errors and "navn" in errors[-1]
    assert theme_names(project, sid) == ["Lang saksbehandlingstid"]
    # a duplicate too
    names.append("lang  saksbehandlingstid")
    qtbot.keyClick(view.theme_table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert "finnes allerede" in errors[-1]
    # F2 renames
    names.append("Lang saksbehandlingstid i byggesaker")
    view.theme_table.setFocus()
    qtbot.keyClick(view.theme_table, Qt.Key.Key_F2)
    assert theme_names(project, sid) == ["Lang saksbehandlingstid i byggesaker"]
    # Avbryt leaves it
    qtbot.keyClick(view.theme_table, Qt.Key.Key_F2)
    assert theme_names(project, sid) == ["Lang saksbehandlingstid i byggesaker"]
    # Delete (no comments coded: no question asked)
    qtbot.keyClick(view.theme_table, Qt.Key.Key_Delete)
    assert theme_names(project, sid) == []
    ctx.undo_stack.undo()
    assert theme_names(project, sid) == ["Lang saksbehandlingstid i byggesaker"]
    ctx.undo_stack.undo()
    assert theme_names(project, sid) == ["Lang saksbehandlingstid"]
    ctx.undo_stack.undo()
    assert theme_names(project, sid) == []
    assert view.theme_model.rowCount() == 0
    ctx.undo_stack.redo()
    assert [r.theme.name for r in view.theme_model.rows] == ["Lang saksbehandlingstid"]


def test_number_keys_code_many_as_one_undo_step(qtbot, project, names, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    sid = make_survey(project)
    t1 = surveys.create_theme(project, sid, "Lang saksbehandlingstid")
    t2 = surveys.create_theme(project, sid, "Tilgjengelighet")
    view, ctx = make_view(qtbot, project)
    view.set_survey(sid)
    assert [r.number for r in view.theme_model.rows] == [1, 2]
    select_comments(view, TEXTS[:2])
    qtbot.keyClick(view.comment_table, Qt.Key.Key_1)
    assert codes(project, sid)[TEXTS[0]] == (t1,) and codes(project, sid)[TEXTS[1]] == (t1,)
    assert ctx.undo_stack.count() == 1  # both comments, one step
    assert {r.theme.id: r.theme.comments for r in view.theme_model.rows} == {t1: 2, t2: 0}
    # the selection survives the reload; the same key takes them out again
    assert sorted(view.selected_comment_ids()) == sorted(
        c.answer_id for c in surveys.list_comments(project, sid) if c.text in TEXTS[:2]
    )
    qtbot.keyClick(view.comment_table, Qt.Key.Key_1)
    assert codes(project, sid)[TEXTS[0]] == ()
    ctx.undo_stack.undo()
    assert codes(project, sid)[TEXTS[0]] == (t1,) and codes(project, sid)[TEXTS[1]] == (t1,)
    ctx.undo_stack.undo()
    assert all(v == () for v in codes(project, sid).values())
    # a number with no theme does nothing
    qtbot.keyClick(view.comment_table, Qt.Key.Key_7)
    assert all(v == () for v in codes(project, sid).values())
    # a drop on theme 2 codes the dragged comments
    ids = view.selected_comment_ids()
    view.code(ids, t2, toggle=False)
    assert codes(project, sid)[TEXTS[1]] == (t2,)
    # the check boxes: one comment, tick theme 1
    select_comments(view, [TEXTS[1]])
    item = view.check_model.item(0)
    assert item.isCheckable() and item.checkState() == Qt.CheckState.Unchecked
    assert view.check_model.item(1).checkState() == Qt.CheckState.Checked
    item.setCheckState(Qt.CheckState.Checked)
    assert set(codes(project, sid)[TEXTS[1]]) == {t1, t2}
    # the table says which themes
    row = view.comment_model.row_of_key(view.selected_comment_ids()[0])
    assert view.comment_model.record(row).themes == "Tilgjengelighet, Lang saksbehandlingstid"


def test_uncoded_filter_and_area(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    sid = make_survey(project)
    t1 = surveys.create_theme(project, sid, "Lang saksbehandlingstid")
    first = next(c for c in surveys.list_comments(project, sid) if c.text == TEXTS[0])
    surveys.code_comment(project, first.answer_id, t1)
    view, _ctx = make_view(qtbot, project)
    view.set_survey(sid)
    assert view.comment_proxy.rowCount() == 4
    assert (
        "1 ikke kodet" not in view.count_label.text() and "3 ikke kodet" in view.count_label.text()
    )
    view.uncoded_check.setChecked(True)
    shown = {
        view.comment_model.record(
            view.comment_proxy.mapToSource(view.comment_proxy.index(r, 0)).row()
        ).comment.text
        for r in range(view.comment_proxy.rowCount())
    }
    assert shown == set(TEXTS[1:])
    view.uncoded_check.setChecked(False)
    view.area_combo.setCurrentIndex(view.area_combo.findData("service_informasjon"))
    assert view.comment_proxy.rowCount() == 1
    view.area_combo.setCurrentIndex(0)
    view.search_edit.setText("olderdalen")
    assert view.comment_proxy.rowCount() == 1


def test_link_theme_to_candidate(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    sid = make_survey(project)
    t1 = surveys.create_theme(project, sid, "Lang saksbehandlingstid")
    notes.add_note(
        project,
        Note(
            NoteKind.DOKUMENTSTUDIE,
            date(2025, 2, 3),
            "Byggesaksstatistikk 2024",
            findings=(Finding("Byggesaker tar i snitt 9 uker", is_candidate=True),),
        ),
    )
    view, ctx = make_view(qtbot, project)
    view.set_survey(sid)
    view.theme_table.selectRow(0)
    assert view.candidate_combo.isEnabled()
    assert view.candidate_combo.itemText(0) == "(ingen)"
    i = view.candidate_combo.findText("Byggesaker tar i snitt 9 uker", Qt.MatchFlag.MatchStartsWith)
    assert i > 0
    view.candidate_combo.setCurrentIndex(i)
    view.candidate_combo.activated.emit(i)
    [theme] = surveys.list_themes(project, sid)
    assert theme.id == t1 and theme.candidate_finding_id is not None
    assert "Byggesaker tar i snitt" in view.theme_model.rows[0].candidate
    ctx.undo_stack.undo()
    assert surveys.list_themes(project, sid)[0].candidate_finding_id is None


def test_delete_theme_with_comments_asks(qtbot, project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    sid = make_survey(project)
    t1 = surveys.create_theme(project, sid, "Lang saksbehandlingstid")
    first = surveys.list_comments(project, sid)[0]
    surveys.code_comment(project, first.answer_id, t1)
    asked: list[str] = []
    answer = [False]

    def confirm(_parent, _title, text, details=(), action=""):  # type: ignore[no-untyped-def]
        asked.append(text + " " + " ".join(details))
        return answer[0]

    monkeypatch.setattr(dialogs, "ask_confirm", confirm)
    view, ctx = make_view(qtbot, project)
    view.set_survey(sid)
    view.theme_table.selectRow(0)
    view.theme_table.setFocus()
    qtbot.keyClick(view.theme_table, Qt.Key.Key_Delete)
    assert asked and "1 kommentarer" in asked[0]
    assert theme_names(project, sid) == ["Lang saksbehandlingstid"]
    answer[0] = True
    qtbot.keyClick(view.theme_table, Qt.Key.Key_Delete)
    assert theme_names(project, sid) == []
    assert len(surveys.list_comments(project, sid)) == 4  # the comments stay
    ctx.undo_stack.undo()
    assert codes(project, sid)[first.text] == (t1,)


def test_read_only_disables_coding(qtbot, tmp_path: Path, names) -> None:  # type: ignore[no-untyped-def]
    p = project_service.create_project(tmp_path / "ro.nvk", "5540", "Test")
    sid = make_survey(p)
    surveys.create_theme(p, sid, "Lang saksbehandlingstid")
    p.close()
    project = project_service.open_project(tmp_path / "ro.nvk", read_only=True)
    try:
        view, ctx = make_view(qtbot, project)
        assert ctx.read_only
        view.set_survey(sid)
        view.theme_table.selectRow(0)
        for w in (view.new_button, view.rename_button, view.delete_button, view.candidate_combo):
            assert not w.isEnabled()
        select_comments(view, TEXTS[:1])
        assert not view.check_list.isEnabled()
        qtbot.keyClick(view.comment_table, Qt.Key.Key_1)
        names.append("Nytt")
        qtbot.keyClick(view.comment_table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        view.theme_table.setFocus()
        qtbot.keyClick(view.theme_table, Qt.Key.Key_Delete)
        assert all(v == () for v in codes(project, sid).values())
        assert theme_names(project, sid) == ["Lang saksbehandlingstid"]
        assert ctx.undo_stack.count() == 0
        assert (
            not view.comment_model.flags(view.comment_model.index(0, 0))
            & Qt.ItemFlag.ItemIsDragEnabled
        )
    finally:
        project.close()
