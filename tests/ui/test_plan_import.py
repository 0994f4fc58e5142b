# mypy: allow-untyped-defs, allow-untyped-calls
"""The Excel round trip in the GUI: export, edit the file, review the proposals (accept
some, reject others), and only the accepted ones are applied, in one undo step."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from nvk_desktop.domain.measures import Measure, MeasureStatus, PlanField
from nvk_desktop.services import measures, plan_excel
from nvk_desktop.services import project as project_service
from ui.context import ProjectContext
from ui.pages import handlingsplan
from ui.pages.handlingsplan import HandlingsplanTab
from ui.pages.plan_import import PlanImportDialog


def setup_plan(project) -> list[int]:
    today = date.today()
    ids = [
        measures.create_measure(
            project,
            Measure(
                title,
                start_on=today - timedelta(days=30),
                deadline_on=today + timedelta(days=60),
                status=MeasureStatus.PAGAR,
                progress=20,
            ),
        )
        for title in ("Digital byggesøknad", "Fast kontaktperson", "Frokostmøter")
    ]
    project.take_last_change()
    return ids


def edit_file(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    header_row = next(
        r for r in range(1, 15) if any(ws.cell(r, c).value == "ID" for c in range(1, 10))
    )
    cols = {ws.cell(header_row, c).value: c for c in range(1, ws.max_column + 1)}
    rows = {
        ws.cell(r, cols["ID"]).value: r
        for r in range(header_row + 1, ws.max_row + 1)
        if ws.cell(r, cols["ID"]).value
    }
    ws.cell(rows["T-001"], cols["Fremdrift"]).value = 0.6  # percent cell
    ws.cell(rows["T-001"], cols["Status"]).value = "Fullført"
    ws.cell(rows["T-002"], cols["Fremdrift"]).value = 0.45
    ws.cell(rows["T-003"], cols["Frist"]).value = "snart"  # text in a date cell
    extra = max(rows.values()) + 1
    ws.cell(extra, cols["ID"]).value = "T-099"  # unknown id
    ws.cell(extra, cols["Tiltak"]).value = "Finnes ikke"
    wb.save(path)


@pytest.fixture
def file_dialogs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, object]:
    shown: dict[str, object] = {}
    out = tmp_path / "Handlingsplan.xlsx"
    monkeypatch.setattr(handlingsplan, "ask_save_path", lambda *a: str(out))
    monkeypatch.setattr(handlingsplan, "ask_open_path", lambda *a: str(out))
    monkeypatch.setattr(
        handlingsplan,
        "offer_open",
        lambda _p, title, text, path: shown.update(title=title, text=text, path=path),
    )
    shown["out"] = out
    return shown


def test_round_trip_accept_some_reject_others(
    qtbot, project, monkeypatch, file_dialogs, errors
) -> None:
    ids = setup_plan(project)
    ctx = ProjectContext(project)
    tab = HandlingsplanTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.export_excel()  # through the (inline) runner
    out = file_dialogs["out"]
    assert isinstance(out, Path) and out.exists()
    assert "3 tiltak" in str(file_dialogs["text"])
    edit_file(out)

    seen: dict[str, Any] = {}

    def review(self: PlanImportDialog) -> int:
        m = self.model
        seen["proposals"] = [(p.code, p.field) for p in m.proposals]
        seen["problems"] = [(p.row, p.column, p.message) for p in self.found.problems]
        seen["problem_rows"] = self.problem_model.rowCount()
        assert not self.apply_button.isEnabled()  # nothing chosen beforehand
        # accept T-001's progress and status with Space, leave T-002's progress rejected
        for r, p in enumerate(m.proposals):
            if p.code == "T-001":
                self.table.selectRow(r)
                QTest.keyClick(self.table, Qt.Key.Key_Space)
        seen["count"] = self.count_label.text()
        self.buttons.accepted.emit()
        return self.result()

    monkeypatch.setattr(PlanImportDialog, "exec", review)
    tab.import_excel()
    assert sorted(seen["proposals"]) == sorted(
        [("T-001", PlanField.PROGRESS), ("T-001", PlanField.STATUS), ("T-002", PlanField.PROGRESS)]
    )
    problems = " | ".join(str(x) for x in seen["problems"])
    assert "T-099" in problems or "finnes ikke" in problems.lower()
    assert "snart" in problems or "dato" in problems.lower()
    assert seen["problem_rows"] >= 2
    assert seen["count"] == "2 av 3 endringer godtatt"
    m1, m2, m3 = (measures.get_measure(project, i) for i in ids)
    assert (m1.status, m1.progress) == (MeasureStatus.FULLFORT, 60)
    assert m2.progress == 20  # rejected: unchanged
    assert m3.deadline_on == date.today() + timedelta(days=60)
    assert ctx.undo_stack.count() == 1  # one step
    ctx.undo_stack.undo()
    m1 = measures.get_measure(project, ids[0])
    assert (m1.status, m1.progress) == (MeasureStatus.PAGAR, 20)
    assert errors == []


def test_accept_all_reject_all_and_cancel(qtbot, project, file_dialogs) -> None:
    ids = setup_plan(project)
    out = file_dialogs["out"]
    assert isinstance(out, Path)
    plan_excel.export_plan(project, out)
    edit_file(out)
    found = plan_excel.read_plan_changes(project, out)
    ctx = ProjectContext(project)
    dlg = PlanImportDialog(ctx, found)
    qtbot.addWidget(dlg)
    dlg.accept_all.click()
    assert len(dlg.model.chosen()) == 3
    dlg.reject_all.click()
    assert dlg.model.chosen() == []
    assert not dlg.apply_button.isEnabled()
    dlg.accept()  # nothing chosen: nothing happens
    dlg.reject()
    assert measures.get_measure(project, ids[0]).progress == 20
    assert ctx.undo_stack.count() == 0
    # the problems are listed in words with row and column
    texts = [dlg.problem_model.index(r, 0).data() for r in range(dlg.problem_model.rowCount())]
    assert any("rad" in t for t in texts)


def test_import_button_off_when_read_only(qtbot, tmp_path) -> None:
    p = project_service.create_project(tmp_path / "ro.nvk", "4645", "Test")
    setup_plan(p)
    p.close()
    project = project_service.open_project(tmp_path / "ro.nvk", read_only=True)
    try:
        tab = HandlingsplanTab(ProjectContext(project))
        qtbot.addWidget(tab)
        assert not tab.import_button.isEnabled()
        assert tab.export_button.isEnabled()
    finally:
        project.close()
