"""Dokumenter: the prosjektplan's text sections and the PDF, used through the GUI."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from nvk_desktop.domain.enums import PlanSection
from nvk_desktop.services import plan
from nvk_desktop.services import project as project_service
from ui.context import ProjectContext
from ui.pages.documents import DocumentsPage


def make_page(qtbot, project: project_service.Project) -> tuple[DocumentsPage, ProjectContext]:  # type: ignore[no-untyped-def]
    ctx = ProjectContext(project)
    page = DocumentsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page, ctx


def test_typing_then_leaving_the_section_stores_text_in_one_undo_step(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    page, ctx = make_page(qtbot, project)
    bakgrunn = page.editors[PlanSection.BAKGRUNN]
    effektmal = page.editors[PlanSection.EFFEKTMAL]
    bakgrunn.setFocus()
    qtbot.waitUntil(bakgrunn.hasFocus)
    qtbot.keyClicks(bakgrunn, "Rådmannen bestilte en forstudie.")
    assert "Ikke lagret" in page.state_labels[PlanSection.BAKGRUNN].text()
    assert plan.plan_texts(project) == {}

    qtbot.keyClick(bakgrunn, Qt.Key.Key_Tab)  # Tab moves on to the next section
    qtbot.waitUntil(effektmal.hasFocus)

    assert plan.plan_texts(project) == {PlanSection.BAKGRUNN: "Rådmannen bestilte en forstudie."}
    assert ctx.undo_stack.count() == 1
    assert "Lagret" in page.state_labels[PlanSection.BAKGRUNN].text()

    # leaving again without changes makes no new step
    bakgrunn.setFocus()
    qtbot.waitUntil(bakgrunn.hasFocus)
    effektmal.setFocus()
    qtbot.waitUntil(effektmal.hasFocus)
    assert ctx.undo_stack.count() == 1

    ctx.undo_stack.undo()
    assert plan.plan_texts(project).get(PlanSection.BAKGRUNN, "") == ""
    assert bakgrunn.toPlainText() == ""


def test_pause_in_typing_saves(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    page, ctx = make_page(qtbot, project)
    risiko = page.editors[PlanSection.RISIKO]
    risiko.timer.setInterval(50)  # the real pause is two seconds
    risiko.setFocus()
    qtbot.waitUntil(risiko.hasFocus)
    qtbot.keyClicks(risiko, "Lav svarprosent")
    qtbot.waitUntil(lambda: plan.plan_texts(project).get(PlanSection.RISIKO) == "Lav svarprosent")
    assert risiko.hasFocus()
    assert ctx.undo_stack.count() == 1


def test_pdf_flushes_text_and_is_made_in_the_runner(qtbot, project, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page, _ctx = make_page(qtbot, project)
    okonomi = page.editors[PlanSection.OKONOMI]
    okonomi.setFocus()
    qtbot.waitUntil(okonomi.hasFocus)
    qtbot.keyClicks(okonomi, "20 konsulentdager")
    asked: list[str] = []

    def save_dialog(_parent, _title, start, _filter):  # type: ignore[no-untyped-def]
        asked.append(start)
        return str(tmp_path / "plan"), ""

    done: list[Path] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    monkeypatch.setattr(DocumentsPage, "pdf_done", lambda self, path: done.append(Path(path)))
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)

    assert asked and Path(asked[0]).name == "Prosjektplan Askvoll.pdf"
    assert plan.plan_texts(project)[PlanSection.OKONOMI] == "20 konsulentdager"
    assert done == [tmp_path / "plan.pdf"]
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF")


def test_later_documents_are_listed_but_not_available(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    page, _ctx = make_page(qtbot, project)
    model = page.doc_model
    assert model.item(0).text() == "Prosjektplan" and model.item(0).isEnabled()
    later = [model.item(r) for r in range(1, model.rowCount())]
    assert [i.text().split("\n")[0] for i in later] == [
        "Forstudierapport",
        "Verkstedreferat",
        "Forprosjektrapport",
        "Statusrapport",
        "Effektmålingsrapport",
    ]
    assert all(not i.isEnabled() and "Kommer i en senere versjon" in i.text() for i in later)


def test_read_only_text_is_readable_not_editable_and_pdf_still_works(
    qtbot, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    p = project_service.create_project(tmp_path / "ro.nvk", "4645", "Test")
    plan.set_plan_text(p, PlanSection.BAKGRUNN, "Bestilling fra rådmannen.")
    p.close()
    project = project_service.open_project(tmp_path / "ro.nvk", read_only=True)
    try:
        page, ctx = make_page(qtbot, project)
        editor = page.editors[PlanSection.BAKGRUNN]
        assert editor.toPlainText() == "Bestilling fra rådmannen."
        assert editor.isReadOnly()
        editor.setFocus()
        qtbot.keyClicks(editor, "x")
        assert editor.toPlainText() == "Bestilling fra rådmannen."
        assert page.pdf_button.isEnabled()
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", lambda *a: (str(tmp_path / "ro.pdf"), "")
        )
        monkeypatch.setattr(DocumentsPage, "pdf_done", lambda self, path: None)
        qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
        assert (tmp_path / "ro.pdf").exists()
        assert ctx.undo_stack.count() == 0
    finally:
        project.close()


def test_text_typed_just_before_closing_the_window_is_kept(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from nvk_desktop.domain.enums import PlanSection
    from nvk_desktop.services import plan
    from nvk_desktop.services import project as project_service
    from ui.main_window import MainWindow

    path = tmp_path / "lukk.nvk"
    project = project_service.create_project(path, "4645", "Lukk")
    window = MainWindow(ProjectContext(project), remember_geometry=False)
    qtbot.addWidget(window)
    window.show()
    window.show_page(window.page_names().index("Dokumenter"))
    page = window.page(window.page_names().index("Dokumenter"))
    editor = page.editors[PlanSection.RISIKO]
    editor.setFocus()
    qtbot.keyClicks(editor, "Lav svarprosent")
    window.close()  # no focus change, no pause: the 2 s save timer never fired
    reopened = project_service.open_project(path)
    try:
        assert plan.plan_texts(reopened).get(PlanSection.RISIKO) == "Lav svarprosent"
    finally:
        reopened.close()
