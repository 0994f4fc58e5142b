"""Importer fil: the wizard on small CSV files written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from nvk_desktop.domain.survey import RespondentGroup as G
from nvk_desktop.importers.survey_import import MatchKind
from nvk_desktop.services import project as project_service
from nvk_desktop.services import surveys as sv
from ui.context import ProjectContext
from ui.pages import survey_import
from ui.pages.survey_import import ImportDialog
from ui.pages.surveys import SurveysPage

ITEMS = ["bak.storrelse", "byg.sat.1", "byg.sat.2", "byg.open.bedre"]


@pytest.fixture
def survey_id(project: project_service.Project) -> int:
    sid = sv.create_survey(project, "Nett", groups=[G.NAERINGSLIV, G.ANSATTE], item_ids=ITEMS)
    project.take_last_change()
    return sid


def text(project: project_service.Project, sid: int, key: str) -> str:
    return sv.get_survey(project, sid).item(key).text(G.NAERINGSLIV) or ""


def write_csv(path: Path, headers: list[str], rows: list[list[str]]) -> Path:
    lines = [";".join(headers)] + [";".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def good_csv(project: project_service.Project, sid: int, tmp_path: Path) -> Path:
    headers = [
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "1. " + text(project, sid, "bak.storrelse"),
        text(project, sid, "byg.sat.1").upper(),
        "Kommentar til byggesak",  # no match: the user connects it
        text(project, sid, "byg.open.bedre"),
    ]
    rows = [
        ["1", "2025-03-01 10:00:00", "2025-03-01 10:05:00", "anonymous", "", "1–3 ansatte", "Svært godt", "4", "Raskere svar"],
        ["2", "2025-03-01 11:00:00", "2025-03-01 11:05:00", "anonymous", "", "Over 10 ansatte", "2", "Vet ikke", ""],
        ["3", "2025-03-02 09:00:00", "2025-03-02 09:04:00", "anonymous", "", "4–10 ansatte", "3 - Verken godt eller dårlig", "5", "Mer åpenhet"],
    ]  # fmt: skip
    return write_csv(tmp_path / "forms.csv", headers, rows)


def make_page(qtbot, project) -> tuple[SurveysPage, ProjectContext]:  # type: ignore[no-untyped-def]
    ctx = ProjectContext(project)
    page = SurveysPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    return page, ctx


def open_wizard(qtbot, page: SurveysPage, monkeypatch, path: Path, steps) -> ImportDialog:  # type: ignore[no-untyped-def]
    """«Importer fil…» with the open dialog answered by ``path``; ``steps(dialog)``
    runs while the wizard is open, instead of the user."""
    monkeypatch.setattr(survey_import, "ask_open_path", lambda *_a: str(path))
    monkeypatch.setattr("ui.pages.surveys.ask_open_path", lambda *_a: str(path))
    seen: list[ImportDialog] = []

    def fake_exec(self: ImportDialog) -> int:
        seen.append(self)
        steps(self)
        return self.result()

    monkeypatch.setattr(ImportDialog, "exec", fake_exec)
    page.tabs.setCurrentWidget(page.imports)
    page.imports.import_button.click()
    return seen[0]


def test_import_with_a_correction_undo_and_the_duplicate_refused(
    qtbot, project, survey_id, tmp_path, monkeypatch, errors
) -> None:  # type: ignore[no-untyped-def]
    path = good_csv(project, survey_id, tmp_path)
    page, ctx = make_page(qtbot, project)
    assert "Ingen filer importert" in page.imports.empty.text()

    def steps(d: ImportDialog) -> None:
        assert d.data is not None
        assert "CSV-fil" in d.source_label.text() and "semikolon" in d.source_label.text()
        assert "Microsoft Forms" in d.source_label.text()
        cols = d.mapping_model.rows
        assert [c.letter for c in cols][:3] == ["A", "B", "C"]
        assert cols[3].kind is MatchKind.PERSONAL and cols[3].item_id is None
        assert cols[5].item_id == "bak.storrelse"
        assert cols[6].item_id == "byg.sat.1"
        assert cols[7].item_id is None  # «Kommentar til byggesak» matched nothing
        assert d.mapping_model.index(7, 2).data().startswith("Ignorer")
        assert d.import_button.isEnabled()
        assert "3 svar" in d.status_label.text()
        # The user connects column H to «byg.sat.2» through the combo's model path.
        assert d.mapping_model.setData(d.mapping_model.index(7, 2), "byg.sat.2")
        assert d.mapping is not None and d.mapping.item_for(7) == "byg.sat.2"
        assert d.mapping_model.rows[7].kind is MatchKind.MANUAL
        # The preview shows the first rows as they will be stored.
        sample = d.sample_model
        assert sample.rowCount() == 3
        headers = [
            sample.headerData(c, survey_import.Qt.Orientation.Horizontal, 0)
            for c in range(sample.columnCount())
        ]
        col = headers.index("H: byg.sat.2")
        assert sample.index(1, col).data() == "vet ikke"
        assert sample.index(2, col).data() == "5"
        d.import_button.click()

    dialog = open_wizard(qtbot, page, monkeypatch, path, steps)
    assert errors == []
    assert dialog.summary is not None and dialog.summary.respondents == 3
    got = sv.list_responses(project, survey_id, G.NAERINGSLIV)
    assert [r.answers.get("byg.sat.2", "-") for r in got] == [4, None, 5]
    assert got[0].answers["byg.sat.1"] == 5 and got[0].answers["byg.open.bedre"] == "Raskere svar"
    assert page.imports.model.rowCount() == 1
    assert "Importerte 3 svar" in page.imports.result_label.text()
    assert page.model.record(0).survey.responses == 3

    # The same file again: the wizard says so and does not offer to import.
    def again(d: ImportDialog) -> None:
        assert d.data is not None and d.data.preview.remembered  # the mapping was kept
        assert d.mapping is not None and d.mapping.item_for(7) == "byg.sat.2"
        assert not d.import_button.isEnabled()
        assert "ble importert" in d.status_label.text()
        d.run_import()  # refused quietly: the button is off
        d.reject()

    open_wizard(qtbot, page, monkeypatch, path, again)
    assert len(sv.list_responses(project, survey_id)) == 3
    # Even if the check were bypassed, the service refuses the duplicate with its message.
    d = ImportDialog(ctx, sv.get_survey(project, survey_id), G.NAERINGSLIV, path)
    qtbot.addWidget(d)
    d.import_button.setEnabled(True)
    d.run_import()
    assert errors and "ble importert" in errors[-1]
    assert len(sv.list_responses(project, survey_id)) == 3

    # One undo step removes the whole import.
    ctx.undo_stack.undo()
    assert sv.list_responses(project, survey_id) == []
    assert page.imports.model.rowCount() == 0
    ctx.undo_stack.redo()
    assert len(sv.list_responses(project, survey_id)) == 3


def test_a_broken_csv_shows_its_problems_and_imports_nothing(
    qtbot, project, survey_id, tmp_path, monkeypatch, errors
) -> None:  # type: ignore[no-untyped-def]
    headers = [text(project, survey_id, "byg.sat.1"), text(project, survey_id, "byg.sat.2")]
    path = write_csv(tmp_path / "feil.csv", headers, [["4", "5"], ["sju", "2"], ["3", "8"]])
    page, _ctx = make_page(qtbot, project)

    def steps(d: ImportDialog) -> None:
        lines = d.problem_model.rows
        errs = [p.problem for p in lines if not p.problem.warning]
        assert len(errs) == 2
        assert {(p.row, p.column[0]) for p in errs if p.column} == {(3, "A"), (4, "B")}
        assert "2 feil" in d.status_label.text() and "ingenting er lagret" in d.status_label.text()
        assert not d.import_button.isEnabled()
        assert d.tabs.currentIndex() == 1 and "2 feil" in d.tabs.tabText(1)
        # The unreadable cell is marked in the preview too.
        bg = d.sample_model.index(1, 1).data(survey_import.Qt.ItemDataRole.BackgroundRole)
        assert bg is not None
        d.run_import()
        d.reject()

    open_wizard(qtbot, page, monkeypatch, path, steps)
    assert sv.list_responses(project, survey_id) == []
    assert sv.list_imports(project, survey_id) == []
    assert errors == []


def test_a_file_that_is_no_table_is_explained_in_the_wizard(
    qtbot, project, survey_id, tmp_path, monkeypatch, errors
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bilde.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    page, _ctx = make_page(qtbot, project)

    def steps(d: ImportDialog) -> None:
        assert d.data is None
        assert d.status_label.text().startswith("Filen kan ikke leses")
        assert not d.import_button.isEnabled()
        assert d.problem_model.rowCount() == 1
        d.reject()

    open_wizard(qtbot, page, monkeypatch, path, steps)
    assert errors == []  # shown in the wizard, not as a box
    assert sv.list_imports(project, survey_id) == []


def test_group_choice_and_read_only(qtbot, project, survey_id, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = good_csv(project, survey_id, tmp_path)
    page, ctx = make_page(qtbot, project)

    def steps(d: ImportDialog) -> None:
        d.group_combo.setCurrentIndex(d.group_combo.findData(G.ANSATTE.value))
        # bak.storrelse is not asked of employees: the column is no longer matched to it
        assert d.mapping is not None
        assert "bak.storrelse" not in d.mapping.matched.values()
        d.reject()

    open_wizard(qtbot, page, monkeypatch, path, steps)
    monkeypatch.setattr(type(project), "read_only", property(lambda self: True), raising=False)
    d = ImportDialog(ctx, sv.get_survey(project, survey_id), G.NAERINGSLIV, path)
    qtbot.addWidget(d)
    assert d.data is not None and not d.import_button.isEnabled()
