"""Intervjuer og dokumenter, used from the keyboard as a consultant would."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from nvk_desktop.domain.notes import Finding, Note, NoteKind
from nvk_desktop.services import notes
from nvk_desktop.services import project as project_service
from ui import dialogs
from ui.context import ProjectContext
from ui.pages import notes as notes_page
from ui.pages.notes import NotesTab, TagDialog


@pytest.fixture
def confirmations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def confirm(_parent, _title, text, details=(), action=""):  # type: ignore[no-untyped-def]
        asked.append(text)
        return True

    monkeypatch.setattr(dialogs, "ask_confirm", confirm)
    return asked


def make_tab(qtbot, project) -> tuple[NotesTab, ProjectContext]:  # type: ignore[no-untyped-def]
    ctx = ProjectContext(project)
    tab = NotesTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow)
    return tab, ctx


def fill_new_note(
    monkeypatch: pytest.MonkeyPatch, kind: NoteKind, subject: str, org: str = ""
) -> None:
    def fake_exec(self: notes_page.NewNoteDialog) -> int:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind.value))
        self.subject_edit.setText(subject)
        self.organisation_edit.setText(org)
        self.buttons.accepted.emit()
        return self.result()

    monkeypatch.setattr(notes_page.NewNoteDialog, "exec", fake_exec)


def subjects(tab: NotesTab) -> list[str]:
    proxy = tab.note_proxy
    return [proxy.index(r, 2).data() for r in range(proxy.rowCount())]


def findings(tab: NotesTab) -> list[tuple[str, bool]]:
    m = tab.finding_model
    return [(m.record(r).text, m.record(r).is_candidate) for r in range(m.rowCount())]


def test_keyboard_new_note_text_and_findings(qtbot, project, monkeypatch, errors) -> None:  # type: ignore[no-untyped-def]
    tab, ctx = make_tab(qtbot, project)
    assert tab.right.currentIndex() == 0 and "Ctrl+N" in tab.no_note.text()
    assert "Ingen notater ennå" in tab.note_empty.text()
    fill_new_note(
        monkeypatch, NoteKind.DYBDEINTERVJU, "Kristin Lyngmo, daglig leder", "Fjordlaks AS"
    )
    # Ctrl+N works from anywhere in the tab, here from the search box
    tab.search_edit.setFocus()
    qtbot.keyClick(tab.search_edit, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    [row] = notes.list_notes(project)
    assert (row.subject, row.organisation, row.personal_data) == (
        "Kristin Lyngmo, daglig leder",
        "Fjordlaks AS",
        True,
    )
    assert subjects(tab) == ["Kristin Lyngmo, daglig leder"]
    assert tab.right.currentIndex() == 1 and tab.body_edit.hasFocus()
    assert tab.subject_label.text() == "Intervjuobjekt:"

    # the text saves when leaving it, as one undo step
    qtbot.keyClicks(tab.body_edit, "Vann og avløp ved kaia er en flaskehals.")
    assert "Ikke lagret" in tab.body_state.text()
    tab.finding_edit.setFocus()
    assert notes.get_note(project, row.id).body == "Vann og avløp ved kaia er en flaskehals."
    assert "Lagret" in tab.body_state.text()
    assert ctx.undo_stack.command(ctx.undo_stack.count() - 1).text().startswith("Endre tekst i")

    # findings: Enter adds and keeps the focus for the next one
    qtbot.keyClicks(tab.finding_edit, "Uklart hvem som eier saken")
    qtbot.keyClick(tab.finding_edit, Qt.Key.Key_Return)
    assert tab.finding_edit.hasFocus() and tab.finding_edit.text() == ""
    tab.new_candidate_check.setChecked(True)
    qtbot.keyClicks(tab.finding_edit, "Utbedring utsatt to ganger")
    qtbot.keyClick(tab.finding_edit, Qt.Key.Key_Enter)
    qtbot.keyClick(tab.finding_edit, Qt.Key.Key_Return)  # empty: nothing
    assert findings(tab) == [
        ("Uklart hvem som eier saken", False),
        ("Utbedring utsatt to ganger", True),
    ]
    assert errors == []

    # Space toggles the candidate mark, Alt+Up moves, Delete removes; each undoable
    tab.finding_table.setFocus()
    tab.finding_table.setCurrentIndex(tab.finding_proxy.index(0, 0))
    qtbot.keyClick(tab.finding_table, Qt.Key.Key_Space)
    assert findings(tab)[0] == ("Uklart hvem som eier saken", True)
    assert [c.finding.text for c in notes.list_candidates(project)] == [
        "Uklart hvem som eier saken",
        "Utbedring utsatt to ganger",
    ]
    assert tab.left_tabs.tabText(1) == "Kandidater (2)"
    ctx.undo_stack.undo()
    assert findings(tab)[0] == ("Uklart hvem som eier saken", False)
    ctx.undo_stack.redo()
    assert findings(tab)[0][1] is True

    tab.finding_table.setCurrentIndex(tab.finding_proxy.index(1, 1))
    qtbot.keyClick(tab.finding_table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [t for t, _ in findings(tab)] == [
        "Utbedring utsatt to ganger",
        "Uklart hvem som eier saken",
    ]
    assert tab.finding_table.currentIndex().row() == 0  # the moved finding stays selected
    qtbot.keyClick(tab.finding_table, Qt.Key.Key_Delete)
    assert [t for t, _ in findings(tab)] == ["Uklart hvem som eier saken"]
    ctx.undo_stack.undo()
    assert len(findings(tab)) == 2


def test_f2_edits_a_finding_in_place(qtbot, project, errors) -> None:  # type: ignore[no-untyped-def]
    nid = notes.add_note(
        project, Note(NoteKind.DYBDEINTERVJU, date(2026, 1, 5), "A", findings=(Finding("Gammel"),))
    )
    tab, ctx = make_tab(qtbot, project)
    tab.finding_table.setFocus()
    tab.finding_table.setCurrentIndex(tab.finding_proxy.index(0, 0))
    qtbot.keyClick(tab.finding_table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Ny tekst")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next loop turn
    qtbot.waitUntil(lambda: [f.text for f in notes.get_note(project, nid).findings] == ["Ny tekst"])
    assert ctx.undo_stack.command(0).text() == "Endre funn"
    # an empty text is refused with a message and nothing changes
    tab.finding_table.setCurrentIndex(tab.finding_proxy.index(0, 1))
    qtbot.keyClick(tab.finding_table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.clear()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(errors))
    assert "Funnet er tomt" in errors[0]
    assert [f.text for f in notes.get_note(project, nid).findings] == ["Ny tekst"]


def test_document_study_switches_the_label_and_defaults_personal_data_off(
    qtbot, project, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    tab, ctx = make_tab(qtbot, project)
    fill_new_note(monkeypatch, NoteKind.DOKUMENTSTUDIE, "Strategisk næringsplan 2021–2025")
    tab.new_note()
    [row] = notes.list_notes(project)
    assert row.personal_data is False
    assert tab.subject_label.text() == "Dokument:"
    assert not tab.personal_check.isChecked()
    assert (
        tab.note_model.data(
            tab.note_model.index(0, notes_page.PERSONAL_COLUMN), Qt.ItemDataRole.DecorationRole
        )
        is None
    )

    # changing the type in the form is one step, and the label follows
    tab.kind_combo.setCurrentIndex(tab.kind_combo.findData(NoteKind.GRUPPEINTERVJU.value))
    tab.kind_combo.activated.emit(tab.kind_combo.currentIndex())
    assert notes.get_note(project, row.id).kind is NoteKind.GRUPPEINTERVJU
    assert tab.subject_label.text() == "Intervjuobjekter:"
    tab.personal_check.click()
    assert notes.get_note(project, row.id).personal_data is True
    index = tab.note_model.index(0, notes_page.PERSONAL_COLUMN)
    assert tab.note_model.data(index, Qt.ItemDataRole.DecorationRole) is not None
    assert "Personopplysninger" in tab.note_model.data(index, Qt.ItemDataRole.ToolTipRole)
    ctx.undo_stack.undo()
    assert notes.get_note(project, row.id).personal_data is False
    assert not tab.personal_check.isChecked()


def test_empty_subject_is_refused_and_the_stored_one_comes_back(qtbot, project, errors) -> None:  # type: ignore[no-untyped-def]
    nid = notes.add_note(project, Note(NoteKind.DYBDEINTERVJU, date(2026, 1, 5), "Johan Sárá"))
    tab, ctx = make_tab(qtbot, project)
    tab.subject_edit.setFocus()
    tab.subject_edit.clear()
    tab.body_edit.setFocus()  # leaving the field stores it
    assert errors and "hvem som ble intervjuet" in errors[0]
    assert notes.get_note(project, nid).subject == "Johan Sárá"
    assert tab.subject_edit.text() == "Johan Sárá"
    assert ctx.undo_stack.count() == 0


def test_filters_by_type_tag_candidates_and_words(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    choices = notes.tag_choices(project)
    byggesak = next(a for a in choices.areas if a.name == "Byggesak")
    ferdig = next(s for s in choices.services if s.name == "Ferdigattest")
    havn = next(s for s in choices.services if s.name == "Havn")
    notes.add_note(
        project,
        Note(
            NoteKind.DYBDEINTERVJU,
            date(2026, 1, 1),
            "Bygg",
            body="Ferdigattesten tok lang tid",
            service_ids=(ferdig.id,),
        ),
    )
    notes.add_note(
        project,
        Note(NoteKind.DOKUMENTSTUDIE, date(2026, 1, 2), "Næringsplan", area_ids=(byggesak.id,)),
    )
    notes.add_note(
        project,
        Note(
            NoteKind.DYBDEINTERVJU,
            date(2026, 1, 3),
            "Fiskeoppdrett",
            service_ids=(havn.id,),
            findings=(Finding("Kaia forfaller", True),),
        ),
    )
    tab, _ctx = make_tab(qtbot, project)
    assert subjects(tab) == ["Fiskeoppdrett", "Næringsplan", "Bygg"]
    assert tab.count_label.text() == "3 notater"

    tab.kind_filter.setCurrentIndex(tab.kind_filter.findData(NoteKind.DOKUMENTSTUDIE.value))
    assert subjects(tab) == ["Næringsplan"]
    assert "1 av 3" in tab.count_label.text()
    tab.kind_filter.setCurrentIndex(0)

    # an area matches notes tagged with it or with one of its services
    tab.tag_filter.setCurrentIndex(tab.tag_filter.findData(f"area:{byggesak.id}"))
    assert subjects(tab) == ["Næringsplan", "Bygg"]
    tab.tag_filter.setCurrentIndex(tab.tag_filter.findData(f"service:{havn.id}"))
    assert subjects(tab) == ["Fiskeoppdrett"]
    tab.tag_filter.setCurrentIndex(0)

    tab.candidates_only.setChecked(True)
    assert subjects(tab) == ["Fiskeoppdrett"]
    tab.candidates_only.setChecked(False)

    qtbot.keyClicks(tab.search_edit, "FERDIGATTEST")
    qtbot.waitUntil(lambda: subjects(tab) == ["Bygg"], timeout=2000)
    tab.search_edit.clear()
    qtbot.keyClicks(tab.search_edit, "kaia")  # a word in a finding
    qtbot.waitUntil(lambda: subjects(tab) == ["Fiskeoppdrett"], timeout=2000)
    assert tab.note.subject == "Fiskeoppdrett"  # type: ignore[union-attr]
    tab.search_edit.clear()
    qtbot.keyClicks(tab.search_edit, "finnes ikke")
    qtbot.waitUntil(lambda: subjects(tab) == [], timeout=2000)
    assert tab.note_empty.text() == "Ingen notater passer til filteret."
    assert tab.right.currentIndex() == 0


def test_tags_dialog_sets_areas_and_services_in_one_step(qtbot, project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    choices = notes.tag_choices(project)
    plan = next(a for a in choices.areas if a.name == "Plan og areal")
    vann = next(s for s in choices.services if s.name == "Vann og avløp")
    nid = notes.add_note(project, Note(NoteKind.DYBDEINTERVJU, date(2026, 1, 1), "A"))
    tab, ctx = make_tab(qtbot, project)
    assert "Ingen stikkord" in tab.tags_label.text()

    def fake_exec(self: TagDialog) -> int:
        self.set_checked(areas=[plan.id], services=[vann.id])
        return 1

    monkeypatch.setattr(TagDialog, "exec", fake_exec)
    tab.tags_button.click()
    n = notes.get_note(project, nid)
    assert (n.area_ids, n.service_ids) == ((plan.id,), (vann.id,))
    assert "Plan og areal" in tab.tags_label.text() and "Vann og avløp" in tab.tags_label.text()
    assert ctx.undo_stack.count() == 1
    ctx.undo_stack.undo()
    assert notes.get_note(project, nid).area_ids == ()


def test_tag_dialog_filter_and_check(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    choices = notes.tag_choices(project)
    dlg = TagDialog(choices, [], [])
    qtbot.addWidget(dlg)
    qtbot.keyClicks(dlg.search, "ferdigatt")
    assert dlg.proxy.rowCount() == 1  # only Byggesak is left, holding Ferdigattest
    assert dlg.area_ids() == [] and dlg.service_ids() == []


def test_autosave_after_a_pause_and_flush(qtbot, project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(notes_page, "SAVE_AFTER_MS", 50)
    nid = notes.add_note(project, Note(NoteKind.OBSERVASJON, date(2026, 1, 1), "Servicetorget"))
    tab, ctx = make_tab(qtbot, project)
    tab.body_edit.timer.setInterval(50)
    tab.body_edit.setFocus()
    qtbot.keyClicks(tab.body_edit, "Elleve henvendelser")
    qtbot.waitUntil(
        lambda: notes.get_note(project, nid).body == "Elleve henvendelser", timeout=2000
    )
    assert tab.body_edit.hasFocus()  # stored without leaving the editor
    # flush stores what is typed now, and a pending field edit, in their own steps
    tab.body_edit.timer.setInterval(60_000)
    qtbot.keyClicks(tab.body_edit, " før lunsj.")
    tab.organisation_edit.setText("Kåfjord kommune")
    count = ctx.undo_stack.count()
    assert tab.flush()
    n = notes.get_note(project, nid)
    assert (n.body, n.organisation) == ("Elleve henvendelser før lunsj.", "Kåfjord kommune")
    assert ctx.undo_stack.count() == count + 2
    assert tab.flush() and ctx.undo_stack.count() == count + 2  # nothing left


def test_switching_note_stores_the_text_of_the_one_left(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    a = notes.add_note(project, Note(NoteKind.DYBDEINTERVJU, date(2026, 1, 1), "A"))
    b = notes.add_note(project, Note(NoteKind.DYBDEINTERVJU, date(2026, 1, 2), "B"))
    tab, _ctx = make_tab(qtbot, project)
    assert tab.note.id == b  # type: ignore[union-attr]
    tab.body_edit.setPlainText("Tekst til B")
    tab.reveal("note", a)
    assert notes.get_note(project, b).body == "Tekst til B"
    # the list reloads on the next loop turn (not inside its own selection change)
    qtbot.waitUntil(
        lambda: tab.note_model.record(tab.note_model.row_of_key(b)).excerpt == "Tekst til B"
    )
    assert tab.note.id == a and tab.body_edit.toPlainText() == ""  # type: ignore[union-attr]


def test_delete_note_asks_and_undo_restores_it(qtbot, project, confirmations) -> None:  # type: ignore[no-untyped-def]
    notes.add_note(
        project,
        Note(
            NoteKind.DYBDEINTERVJU,
            date(2026, 1, 1),
            "Ellen Manndal",
            findings=(Finding("x"), Finding("y")),
        ),
    )
    tab, ctx = make_tab(qtbot, project)
    tab.note_table.setFocus()
    qtbot.keyClick(tab.note_table, Qt.Key.Key_Delete)
    assert confirmations == ["Slette notatet «Ellen Manndal»?"]
    assert notes.list_notes(project) == [] and tab.right.currentIndex() == 0
    ctx.undo_stack.undo()
    assert subjects(tab) == ["Ellen Manndal"] and len(findings(tab)) == 2


def test_candidates_tab_lists_all_and_jumps_to_the_note(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    notes.add_note(
        project,
        Note(NoteKind.DYBDEINTERVJU, date(2026, 1, 1), "A", findings=(Finding("Fra A", True),)),
    )
    b = notes.add_note(
        project,
        Note(
            NoteKind.DYBDEINTERVJU,
            date(2026, 1, 9),
            "B",
            findings=(Finding("Ikke"), Finding("Fra B", True)),
        ),
    )
    tab, ctx = make_tab(qtbot, project)
    tab.left_tabs.setCurrentIndex(1)
    m = tab.cand_proxy
    assert [m.index(r, 0).data() for r in range(m.rowCount())] == ["Fra B", "Fra A"]
    tab.cand_table.setFocus()
    tab.cand_table.setCurrentIndex(m.index(0, 0))
    qtbot.keyClick(tab.cand_table, Qt.Key.Key_Return)
    assert tab.left_tabs.currentIndex() == 0 and tab.note.id == b  # type: ignore[union-attr]
    assert tab.finding_table.currentIndex().row() == 1 and tab.finding_table.hasFocus()
    # Space in the candidates list removes the mark (the finding stays in its note)
    tab.left_tabs.setCurrentIndex(1)
    tab.cand_table.setFocus()
    tab.cand_table.setCurrentIndex(m.index(0, 0))
    qtbot.keyClick(tab.cand_table, Qt.Key.Key_Space)
    assert [c.finding.text for c in notes.list_candidates(project)] == ["Fra A"]
    assert len(notes.get_note(project, b).findings) == 2
    ctx.undo_stack.undo()
    assert len(notes.list_candidates(project)) == 2


def test_future_date_shows_a_warning_but_is_stored(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    nid = notes.add_note(project, Note(NoteKind.DYBDEINTERVJU, date(2026, 1, 1), "A"))
    tab, _ctx = make_tab(qtbot, project)
    future = date.today() + timedelta(days=10)
    from ui.widgets.dates import to_qdate

    tab.date_edit.setDate(to_qdate(future))
    assert tab.date_warning.text() == "Datoen er fram i tid"
    tab.date_edit.editingFinished.emit()
    assert notes.get_note(project, nid).held_on == future


def test_reveal_clears_filters_that_hide_the_hit(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    a = notes.add_note(project, Note(NoteKind.DOKUMENTSTUDIE, date(2026, 1, 1), "Arealdelen"))
    notes.add_note(project, Note(NoteKind.DYBDEINTERVJU, date(2026, 1, 2), "B"))
    tab, _ctx = make_tab(qtbot, project)
    tab.kind_filter.setCurrentIndex(tab.kind_filter.findData(NoteKind.DYBDEINTERVJU.value))
    assert subjects(tab) == ["B"]
    assert tab.reveal("finding", a)
    assert tab.note.subject == "Arealdelen" and tab.kind_filter.currentIndex() == 0  # type: ignore[union-attr]
    assert not tab.reveal("note", 4242)
    assert not tab.reveal("meeting", a)


def test_read_only_shows_notes_but_changes_nothing(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    p = project_service.create_project(tmp_path / "ro.nvk", "5540", "Kåfjord")
    notes.add_note(
        p,
        Note(NoteKind.DYBDEINTERVJU, date(2026, 1, 1), "A", body="Tekst", findings=(Finding("F"),)),
    )
    p.close()
    project = project_service.open_project(tmp_path / "ro.nvk", read_only=True)
    try:
        tab, ctx = make_tab(qtbot, project)
        assert tab.note is not None and tab.body_edit.toPlainText() == "Tekst"
        assert tab.body_edit.isReadOnly()
        for w in (
            tab.new_button,
            tab.delete_button,
            tab.subject_edit,
            tab.kind_combo,
            tab.finding_edit,
            tab.tags_button,
            tab.personal_check,
        ):
            assert not w.isEnabled()
        tab.finding_table.setFocus()
        tab.finding_table.setCurrentIndex(tab.finding_proxy.index(0, 0))
        qtbot.keyClick(tab.finding_table, Qt.Key.Key_Space)
        qtbot.keyClick(tab.finding_table, Qt.Key.Key_Delete)
        qtbot.keyClick(tab, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        assert [f.is_candidate for f in notes.get_note(project, tab.note.id).findings] == [False]  # type: ignore[arg-type]
        assert ctx.undo_stack.count() == 0 and tab.flush()
    finally:
        project.close()
