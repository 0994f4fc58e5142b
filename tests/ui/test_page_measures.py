# mypy: allow-untyped-defs, allow-untyped-calls
"""Tiltak: the list and the editor, used through the keyboard as a user would."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from nvk_desktop.domain.measures import Indicator, IndicatorValue, Measure, MeasureStatus
from nvk_desktop.domain.models import Person
from nvk_desktop.services import indicators, measures, people
from nvk_desktop.services import project as project_service
from ui import dialogs
from ui.context import ProjectContext
from ui.pages import measure_editor
from ui.pages.measure_editor import NewMeasureDialog, parse_number
from ui.pages.measures import EMPTY_TEXT, MeasuresPage, MeasuresTab


def make_page(qtbot, project) -> tuple[MeasuresPage, ProjectContext]:
    project.take_last_change()  # setup made through the services is not on the Angre menu
    ctx = ProjectContext(project)
    page = MeasuresPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    return page, ctx


def titles(tab: MeasuresTab) -> list[str]:
    proxy = tab.proxy
    return [proxy.index(r, 1).data() for r in range(proxy.rowCount())]


@pytest.fixture
def confirm_yes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def yes(_parent, _title, text, details=(), action=""):
        asked.append(text)
        return True

    monkeypatch.setattr(dialogs, "ask_confirm", yes)
    return asked


def test_parse_number_reads_norwegian_forms() -> None:
    assert parse_number("1 250 000") == 1_250_000
    assert parse_number("1\u00a0250\u00a0000 kr") == 1_250_000
    assert parse_number("12,5") == 12.5
    assert parse_number("1.250.000") == 1_250_000
    assert parse_number("") is None
    assert parse_number("120 t") == 120
    with pytest.raises(ValueError):
        parse_number("mange")


def test_empty_state_says_what_to_do(qtbot, project) -> None:
    page, _ctx = make_page(qtbot, project)
    assert page.measures.empty.text() == EMPTY_TEXT
    assert not page.measures.editor.body.isEnabled()


def test_create_by_keyboard_edit_fields_and_undo(qtbot, project, monkeypatch, errors) -> None:
    pid = people.add_person(project, Person("Áilu Hætta Sara", "Kåfjord kommune"))
    page, ctx = make_page(qtbot, project)
    tab = page.measures

    def fake_exec(self: NewMeasureDialog) -> int:
        qtbot.keyClicks(self.title_edit, "Digital byggesøknad")
        qtbot.keyClick(self.title_edit, Qt.Key.Key_Return)  # Enter is OK
        return self.result()

    monkeypatch.setattr(NewMeasureDialog, "exec", fake_exec)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert titles(tab) == ["Digital byggesøknad"]
    m = measures.list_measures(project)[0]
    assert m.code == "T-001" and m.id is not None
    assert tab.editor.measure is not None and tab.editor.measure.id == m.id
    assert ctx.undo_stack.count() == 1

    ed = tab.editor
    # title: typed and confirmed with Enter → one step
    ed.title_edit.setFocus()
    ed.title_edit.selectAll()
    qtbot.keyClicks(ed.title_edit, "Digital byggesøknad med veiledning")
    qtbot.keyClick(ed.title_edit, Qt.Key.Key_Return)
    assert measures.get_measure(project, m.id).title == "Digital byggesøknad med veiledning"
    # responsible, cost with Norwegian thousands, funding
    ed.responsible_combo.setCurrentIndex(ed.responsible_combo.findData(pid))
    ed.responsible_combo.activated.emit(ed.responsible_combo.currentIndex())
    ed.cost_edit.setFocus()
    qtbot.keyClicks(ed.cost_edit, "1 250 000")
    qtbot.keyClick(ed.cost_edit, Qt.Key.Key_Return)
    assert ed.cost_edit.text() == "1\u00a0250\u00a0000 kr"
    stored = measures.get_measure(project, m.id)
    assert stored.responsible_id == pid and stored.cost_nok == 1_250_000
    # a wrong number is refused beside the field and nothing is stored
    ed.hours_edit.setFocus()
    qtbot.keyClicks(ed.hours_edit, "mange")
    qtbot.keyClick(ed.hours_edit, Qt.Key.Key_Return)
    assert "ikke et tall" in ed.fields_error.text()
    assert measures.get_measure(project, m.id).hours is None
    ed.hours_edit.setFocus()
    ed.hours_edit.selectAll()
    qtbot.keyClicks(ed.hours_edit, "120")
    qtbot.keyClick(ed.hours_edit, Qt.Key.Key_Return)
    assert measures.get_measure(project, m.id).hours == 120
    assert not ed.fields_error.isVisibleTo(ed)
    # a deadline before the start is refused inline, nothing changes
    before = ctx.undo_stack.count()
    ed.start_edit.set_value(date(2026, 5, 1))
    ed.deadline_edit.set_value(date(2026, 4, 1))
    ed.commit_fields()
    assert "før startdatoen" in ed.fields_error.text()
    assert ctx.undo_stack.count() == before
    assert errors == []
    # description is saved by flush (focus-out / 2 s idle)
    ed.start_edit.set_value(None)
    ed.deadline_edit.set_value(None)
    ed.description_edit.setPlainText("Skjema på nett med sjekkliste.")
    assert page.flush()
    assert measures.get_measure(project, m.id).description == "Skjema på nett med sjekkliste."
    # progress and status
    ed.progress_spin.setValue(40)
    ed.commit_progress()
    assert measures.get_measure(project, m.id).progress == 40
    ed.status_combo.setCurrentIndex(ed.status_combo.findData(MeasureStatus.PAGAR.value))
    ed.status_combo.activated.emit(ed.status_combo.currentIndex())
    assert measures.get_measure(project, m.id).status is MeasureStatus.PAGAR

    # every change was one step: undo them all, back to nothing
    while ctx.undo_stack.canUndo():
        ctx.undo_stack.undo()
    assert measures.list_measures(project) == []
    assert titles(tab) == []
    ctx.undo_stack.redo()
    assert titles(tab) == ["Digital byggesøknad"]


def test_measure_from_point_uses_create_from_point(qtbot, project, monkeypatch) -> None:
    from nvk_desktop.store.models import ImprovementPointRow

    with project.unit_of_work("punkt") as s:
        s.add(
            ImprovementPointRow(uid="u1", position=1, title="Raskere byggesaker", area="byggesaker")
        )
    project.take_last_change()
    page, ctx = make_page(qtbot, project)
    tab = page.measures
    point = measure_editor.PointChoice(1, "Raskere byggesaker", "Verksted", "byggesaker")
    tab.points = [point]

    def fake_exec(self: NewMeasureDialog) -> int:
        self.point_combo.setCurrentIndex(self.point_combo.findData(1))
        self.title_edit.setPlainText("Digital forhåndskonferanse\nSjekkliste for søkere")
        self.buttons.accepted.emit()
        return self.result()

    monkeypatch.setattr(NewMeasureDialog, "exec", fake_exec)
    tab.new_measure(from_point=True)
    ms = measures.list_measures(project)
    assert [m.title for m in ms] == ["Digital forhåndskonferanse", "Sjekkliste for søkere"]
    assert all(m.point_ids == (1,) and m.areas == ("byggesaker",) for m in ms)
    assert ctx.undo_stack.count() == 1  # both in one step


def test_dependency_cycle_refused_with_message_inline(qtbot, project, errors) -> None:
    a = measures.create_measure(project, Measure("Første"))
    b = measures.create_measure(project, Measure("Andre", depends_on=(a,)))
    page, ctx = make_page(qtbot, project)
    tab = page.measures
    assert tab.select_measure(a)
    before = ctx.undo_stack.count()
    assert not tab.editor.set_dependencies([b])  # a → b → a
    assert "T-001" in tab.editor.dep_error.text() and "T-002" in tab.editor.dep_error.text()
    assert tab.editor.dep_error.isVisibleTo(tab.editor)
    assert errors == []  # no message box
    assert measures.get_measure(project, a).depends_on == ()
    assert ctx.undo_stack.count() == before
    # a fine dependency is stored and listed, and Delete in the list removes it
    c = measures.create_measure(project, Measure("Tredje"))
    ctx.changed.emit()
    assert tab.editor.set_dependencies([c])
    assert measures.get_measure(project, a).depends_on == (c,)
    assert tab.editor.dep_error.text() == ""
    assert "T-003" in tab.editor.dep_list.item(0).text()
    tab.editor.dep_list.setCurrentRow(0)
    tab.editor.dep_list.setFocus()
    qtbot.keyClick(tab.editor.dep_list, Qt.Key.Key_Delete)
    assert measures.get_measure(project, a).depends_on == ()
    ctx.undo_stack.undo()
    assert measures.get_measure(project, a).depends_on == (c,)


def test_follow_up_with_ctrl_enter_edit_and_delete(
    qtbot, project, monkeypatch, confirm_yes
) -> None:
    mid = measures.create_measure(project, Measure("Servicetorget svarer innen to dager"))
    page, ctx = make_page(qtbot, project)
    ed = page.measures.editor
    ed.log_text.setFocus()
    qtbot.keyClicks(ed.log_text, "Rutine vedtatt i ledermøtet.")
    qtbot.keyClick(ed.log_text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    log = measures.list_follow_ups(project, mid)
    assert [f.text for f in log] == ["Rutine vedtatt i ledermøtet."]
    assert ed.log_text.toPlainText() == ""
    assert ed.log_model.rowCount() == 1
    # empty entry refused inline
    qtbot.keyClick(ed.log_text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "Skriv hva som har skjedd" in ed.log_error.text()

    def fake_exec(self: measure_editor.FollowUpDialog) -> int:
        self.text_edit.setPlainText("Rutine vedtatt og sendt ut.")
        self.buttons.accepted.emit()
        return self.result()

    monkeypatch.setattr(measure_editor.FollowUpDialog, "exec", fake_exec)
    ed.log_table.setFocus()
    ed.log_table.selectRow(0)
    qtbot.keyClick(ed.log_table, Qt.Key.Key_F2)
    assert measures.list_follow_ups(project, mid)[0].text == "Rutine vedtatt og sendt ut."
    qtbot.keyClick(ed.log_table, Qt.Key.Key_Delete)
    assert confirm_yes and measures.list_follow_ups(project, mid) == []
    ctx.undo_stack.undo()
    assert len(measures.list_follow_ups(project, mid)) == 1


def test_indicator_with_values_and_status_in_words(qtbot, project, monkeypatch) -> None:
    mid = measures.create_measure(project, Measure("Raskere byggesaker"))
    page, ctx = make_page(qtbot, project)
    ed = page.measures.editor

    def fake_exec(self: measure_editor.IndicatorDialog) -> int:
        self.name_edit.setText("Median saksbehandlingstid")
        self.unit_edit.setText("dager")
        self.baseline_edit.setText("24")
        self.baseline_date.set_value(date(2025, 1, 1))
        self.target_edit.setText("15")
        self.target_date.set_value(date(2026, 1, 1))
        self.lower_check.setChecked(True)
        self.buttons.accepted.emit()
        return self.result()

    monkeypatch.setattr(measure_editor.IndicatorDialog, "exec", fake_exec)
    ed.ind_table.setFocus()
    qtbot.keyClick(ed.ind_table, Qt.Key.Key_Insert)
    inds = indicators.list_indicators(project, mid)
    assert [(i.name, i.baseline, i.target, i.lower_is_better) for i in inds] == [
        ("Median saksbehandlingstid", 24, 15, True)
    ]
    assert ed.current_indicator() is not None
    # values by keyboard: date, value, Enter
    ed.val_date.setDate(ed.val_date.date().fromString("01.07.2025", "dd.MM.yyyy"))
    ed.val_value.setFocus()
    qtbot.keyClicks(ed.val_value, "18,5")
    qtbot.keyClick(ed.val_value, Qt.Key.Key_Return)
    ed.val_date.setDate(ed.val_date.date().fromString("01.12.2025", "dd.MM.yyyy"))
    ed.val_value.setFocus()
    qtbot.keyClicks(ed.val_value, "14")
    qtbot.keyClick(ed.val_value, Qt.Key.Key_Return)
    ind = indicators.list_indicators(project, mid)[0]
    assert [v.value for v in ind.values] == [18.5, 14]
    assert ed.val_model.rowCount() == 2
    assert "Mål nådd" in ed.ind_status.text()  # 14 ≤ 15, lower is better
    assert len(ed.sparkline.points()) == 2
    # a value that is not a number is refused beside the field
    ed.val_value.setFocus()
    qtbot.keyClicks(ed.val_value, "fjorten")
    qtbot.keyClick(ed.val_value, Qt.Key.Key_Return)
    assert "ikke et tall" in ed.val_error.text()
    assert len(indicators.list_indicators(project, mid)[0].values) == 2
    ctx.undo_stack.undo()  # the last value
    assert [v.value for v in indicators.list_indicators(project, mid)[0].values] == [18.5]


def test_effect_targets_areas_and_points_by_check_boxes(qtbot, project) -> None:
    mid = measures.create_measure(project, Measure("Raskere byggesaker"))
    page, ctx = make_page(qtbot, project)
    ed = page.measures.editor
    areas = ed.areas_list
    row = next(
        i
        for i in range(areas.count())
        if areas.item(i).data(Qt.ItemDataRole.UserRole) == "byggesaker"
    )
    areas.item(row).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: measures.get_measure(project, mid).areas == ("byggesaker",))
    tree = ed.target_tree
    first_area = tree.topLevelItem(0)
    assert first_area is not None
    first_area.setCheckState(0, Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: len(measures.get_measure(project, mid).effect_targets) == 1)
    targets = measures.get_measure(project, mid).effect_targets
    assert len(targets) == 1 and targets[0].kind.value == "area"
    ctx.undo_stack.undo()
    assert measures.get_measure(project, mid).effect_targets == ()


def test_delete_asks_and_undo_brings_back(qtbot, project, confirm_yes) -> None:
    mid = measures.create_measure(project, Measure("Kvartalsvise frokostmøter"))
    measures.add_follow_up(
        project,
        measures.FollowUp(mid, date.today() - timedelta(days=2), "Første møte holdt."),
    )
    page, ctx = make_page(qtbot, project)
    tab = page.measures
    tab.table.setFocus()
    tab.table.selectRow(0)
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert confirm_yes and "T-001" in confirm_yes[0]
    assert measures.list_measures(project) == []
    ctx.undo_stack.undo()
    assert [m.title for m in measures.list_measures(project)] == ["Kvartalsvise frokostmøter"]
    assert len(measures.list_follow_ups(project, mid)) == 1


def test_search_hit_reveals_measure_and_follow_up(qtbot, project) -> None:
    measures.create_measure(project, Measure("Første"))
    b = measures.create_measure(project, Measure("Andre"))
    fid = measures.add_follow_up(project, measures.FollowUp(b, date.today(), "Notat"))
    page, _ctx = make_page(qtbot, project)
    page.tabs.setCurrentIndex(2)
    assert page.reveal("follow_up", fid)
    assert page.tabs.currentWidget() is page.measures
    assert page.measures.current_id() == b
    assert page.reveal("measure", b)


def test_read_only_disables_editing(qtbot, tmp_path) -> None:
    p = project_service.create_project(tmp_path / "ro.nvk", "4645", "Test")
    measures.create_measure(p, Measure("Digital byggesøknad"))
    p.close()
    project = project_service.open_project(tmp_path / "ro.nvk", read_only=True)
    try:
        page, ctx = make_page(qtbot, project)
        tab = page.measures
        assert ctx.read_only
        for w in (
            tab.new_button,
            tab.delete_button,
            tab.editor.log_add,
            tab.editor.ind_add,
            tab.editor.dep_add,
        ):
            assert not w.isEnabled()
        assert not tab.editor.title_edit.isEnabled() or tab.editor.title_edit.isReadOnly()
        tab.table.setFocus()
        tab.table.selectRow(0)
        qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
        qtbot.keyClick(tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        QApplication.processEvents()
        assert [m.title for m in measures.list_measures(project)] == ["Digital byggesøknad"]
        assert page.prioritising.decision_button.isEnabled() is False
        assert not page.plan.import_button.isEnabled()
        assert page.plan.export_button.isEnabled()  # reading is fine
    finally:
        project.close()


def test_indicator_value_model() -> None:
    ind = Indicator("x", values=(IndicatorValue(date(2025, 1, 1), 3.0),))
    assert ind.latest is not None
