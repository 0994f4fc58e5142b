"""Oversikt: phase, beslutningspunkter and milepæler, used through the GUI."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt

from nvk_desktop.domain.enums import DecidedBy, Decision, Phase
from nvk_desktop.domain.models import DecisionPoint, Milestone, Person
from nvk_desktop.services import people, phases
from nvk_desktop.services import project as project_service
from ui import dialogs
from ui.context import ProjectContext
from ui.pages.overview import OverviewPage


def make_page(qtbot, project: project_service.Project) -> tuple[OverviewPage, ProjectContext]:  # type: ignore[no-untyped-def]
    ctx = ProjectContext(project)
    page = OverviewPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    return page, ctx


def column_texts(model, column: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_header_shows_municipality_project_and_phase(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    page, _ctx = make_page(qtbot, project)
    assert page.kommune_label.text() == "Askvoll"
    assert "4645" in page.kommune_details.text() and "Vestland" in page.kommune_details.text()
    assert page.project_label.text() == "Test"
    assert "Forstudie" in page.phase_label.text()
    summary = page.timeline.summary()
    assert "Idé: ✓ Fullført" in summary and "Forstudie: Pågår" in summary
    assert "Ikke besluttet" in summary
    assert "Ingen beslutningspunkter ennå" in page.decision_empty.text()
    assert "Ingen milepæler ennå" in page.milestone_empty.text()


def test_videreføre_with_checkbox_moves_to_next_phase_and_undo_moves_back(
    qtbot, project, monkeypatch, errors
) -> None:  # type: ignore[no-untyped-def]
    page, ctx = make_page(qtbot, project)
    defaults: dict[str, object] = {}

    def fake_exec(self: dialogs.DecisionDialog) -> int:
        defaults["phase"] = self.phase_combo.currentData()
        defaults["decision"] = self.decision_combo.currentData()
        defaults["advance"] = self.advance_check.isChecked()
        defaults["decided_by"] = [
            self.decided_by_combo.itemData(i) for i in range(self.decided_by_combo.count())
        ]
        defaults["decisions"] = [
            self.decision_combo.itemData(i) for i in range(self.decision_combo.count())
        ]
        self.decided_by_combo.setCurrentIndex(
            self.decided_by_combo.findData(DecidedBy.FORMANNSKAP.value)
        )
        self.case_edit.setText("2025/17")
        self.accept()
        return self.result()

    monkeypatch.setattr(dialogs.DecisionDialog, "exec", fake_exec)
    # The new project's forstudie checklist is all open: the warning lists the items
    # and the user chooses «Gå videre likevel».
    warnings: list[str] = []

    def go_on_anyway(_parent, text, informative, *_a, **_k):  # type: ignore[no-untyped-def]
        warnings.append(f"{text}\n{informative}")
        return 0

    monkeypatch.setattr("ui.pages.checklists.choose", go_on_anyway)
    page.decision_table.setFocus()
    qtbot.keyClick(page.decision_table, Qt.Key.Key_Insert)
    assert len(warnings) == 1 and "12 åpne punkter" in warnings[0]

    assert defaults["phase"] == Phase.FORSTUDIE.value
    assert defaults["decision"] == Decision.VIDEREFORE.value
    assert defaults["advance"] is True
    assert defaults["decisions"] == [d.value for d in Decision]
    assert defaults["decided_by"] == [d.value for d in DecidedBy]
    assert errors == []
    assert project_service.project_info(project).current_phase is Phase.FORPROSJEKT
    (d,) = phases.list_decision_points(project)
    assert (d.phase, d.decision, d.decided_by, d.case_number) == (
        Phase.FORSTUDIE,
        Decision.VIDEREFORE,
        DecidedBy.FORMANNSKAP,
        "2025/17",
    )
    assert "Forprosjekt" in page.phase_label.text()
    assert "Forstudie: ✓ Fullført" in page.timeline.summary()
    assert column_texts(page.decision_proxy, 1) == ["Videreføre"]

    ctx.undo_stack.undo()
    assert project_service.project_info(project).current_phase is Phase.FORSTUDIE
    assert phases.list_decision_points(project) == []
    assert "Forstudie" in page.phase_label.text()


def test_checkbox_is_off_for_other_decisions(qtbot, project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page, _ctx = make_page(qtbot, project)
    state: list[tuple[bool, bool]] = []

    def fake_exec(self: dialogs.DecisionDialog) -> int:
        self.decision_combo.setCurrentIndex(self.decision_combo.findData(Decision.JUSTERE.value))
        state.append((self.advance_check.isEnabled(), self.advance_check.isChecked()))
        self.accept()
        return self.result()

    monkeypatch.setattr(dialogs.DecisionDialog, "exec", fake_exec)
    qtbot.mouseClick(page.add_decision_button, Qt.MouseButton.LeftButton)
    assert state == [(False, False)]
    assert project_service.project_info(project).current_phase is Phase.FORSTUDIE
    assert "Justere" in page.timeline.summary()


def test_overdue_milestone_says_forsinket_and_done_says_fullført(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    today = date.today()
    phases.add_milestone(
        project, Milestone(Phase.FORSTUDIE, "Intervjuer", today - timedelta(days=3))
    )
    phases.add_milestone(
        project,
        Milestone(
            Phase.FORSTUDIE, "Oppstartsmøte", today - timedelta(days=30), today - timedelta(days=31)
        ),
    )
    phases.add_milestone(
        project, Milestone(Phase.FORSTUDIE, "Verksted", today + timedelta(days=10))
    )
    page, ctx = make_page(qtbot, project)

    model = page.milestones
    status = dict(zip(column_texts(model, 1), column_texts(model, 4), strict=True))
    assert status["Intervjuer"].startswith("Forsinket")
    assert status["Oppstartsmøte"] == "Fullført"
    assert status["Verksted"] == "Planlagt"
    late_row = column_texts(model, 1).index("Intervjuer")
    assert model.index(late_row, 4).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(late_row, 1).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert page.tile_overdue.value.text() == "1"
    assert page.tile_next.caption.text().endswith("Verksted")

    # "Marker som fullført" on the late one
    proxy_row = column_texts(page.milestone_proxy, 1).index("Intervjuer")
    page.milestone_table.selectRow(proxy_row)
    assert page.done_button.isEnabled()
    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    done = {m.title: m.done_on for m in phases.list_milestones(project)}
    assert done["Intervjuer"] == today
    assert page.tile_overdue.value.text() == "0"
    assert ctx.undo_stack.count() == 1


def test_add_milestone_with_ctrl_n_and_delete_it(qtbot, project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page, ctx = make_page(qtbot, project)

    def fake_exec(self: dialogs.MilestoneDialog) -> int:
        self.title_edit.setText("Spørreundersøkelse sendt ut")
        self.accept()
        return self.result()

    monkeypatch.setattr(dialogs.MilestoneDialog, "exec", fake_exec)
    monkeypatch.setattr(dialogs, "ask_confirm", lambda *a, **k: True)
    page.milestone_table.setFocus()
    qtbot.keyClick(page.milestone_table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    (m,) = phases.list_milestones(project)
    assert (m.title, m.phase, m.due_on) == (
        "Spørreundersøkelse sendt ut",
        Phase.FORSTUDIE,
        date.today(),
    )
    assert page.milestone_table.currentIndex().isValid()  # the new one is selected
    qtbot.keyClick(page.milestone_table, Qt.Key.Key_Delete)
    assert phases.list_milestones(project) == []
    ctx.undo_stack.undo()
    assert len(phases.list_milestones(project)) == 1


def test_rename_project(qtbot, project, monkeypatch, errors) -> None:  # type: ignore[no-untyped-def]
    page, ctx = make_page(qtbot, project)
    names = iter(["", "Næringsvennlige Askvoll"])

    def fake_exec(self: dialogs.ProjectNameDialog) -> int:
        for name in names:  # first an empty name (refused), then a good one
            self.name_edit.setText(name)
            self.accept()
            if self.result():
                break
        return self.result()

    monkeypatch.setattr(dialogs.ProjectNameDialog, "exec", fake_exec)
    qtbot.mouseClick(page.rename_button, Qt.MouseButton.LeftButton)
    assert len(errors) == 1 and "navn" in errors[0]
    assert project_service.project_info(project).name == "Næringsvennlige Askvoll"
    assert page.project_label.text() == "Næringsvennlige Askvoll"
    assert ctx.undo_stack.count() == 1


def test_key_figures(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    people.add_person(project, Person("Åse"))
    people.add_person(project, Person("Bjørn"))
    phases.add_decision_point(
        project,
        DecisionPoint(
            Phase.IDE, Decision.VIDEREFORE, DecidedBy.RADMANN, date(2025, 1, 15), "2025/1"
        ),
    )
    page, _ctx = make_page(qtbot, project)
    assert page.tile_people.value.text() == "2"
    assert page.tile_groups.value.text() == "1"
    assert page.tile_decisions.value.text() == "1"
    assert page.tile_done.value.text() == "0 av 0"
    assert "15.01.2025" in page.timeline.summary()


def test_read_only_disables_add_buttons(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    p = project_service.create_project(tmp_path / "ro.nvk", "4645", "Test")
    phases.add_milestone(p, Milestone(Phase.FORSTUDIE, "Verksted", date.today()))
    p.close()
    project = project_service.open_project(tmp_path / "ro.nvk", read_only=True)
    try:
        page, _ctx = make_page(qtbot, project)
        page.milestone_table.selectRow(0)
        for b in (
            page.add_decision_button,
            page.add_milestone_button,
            page.rename_button,
            page.phase_button,
            page.done_button,
            page.edit_milestone_button,
            page.delete_milestone_button,
        ):
            assert not b.isEnabled(), b.text()
    finally:
        project.close()


def test_vedtak_from_meetings_are_listed_newest_first_and_enter_opens_the_meeting(
    qtbot, project, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from nvk_desktop.domain.notes import Meeting, MeetingKind
    from nvk_desktop.services import meetings

    page, ctx = make_page(qtbot, project)
    assert "Ingen vedtak ennå" in page.vedtak_empty.text()
    assert not page.open_vedtak_button.isEnabled()
    first = meetings.add_meeting(
        project,
        Meeting(MeetingKind.STYRINGSGRUPPEMOTE, "Styringsgruppemøte 1/2026", date(2026, 9, 2)),
    )
    meetings.add_decision(project, first, "Forstudien startes opp.", "Sak 1/26")
    second = meetings.add_meeting(
        project,
        Meeting(MeetingKind.STYRINGSGRUPPEMOTE, "Styringsgruppemøte 2/2026", date(2026, 10, 20)),
    )
    meetings.add_decision(project, second, "Spørreundersøkelsen sendes ut uke 43.", "Sak 4/26")
    ctx.changed.emit()
    assert column_texts(page.vedtak, 3) == [
        "Spørreundersøkelsen sendes ut uke 43.",
        "Forstudien startes opp.",
    ]
    assert column_texts(page.vedtak, 0) == ["20.10.2026", "02.09.2026"]

    revealed: list[tuple[str, int]] = []

    class FakeWindow:
        def reveal(self, kind: str, ref_id: int) -> bool:
            revealed.append((kind, ref_id))
            return True

    monkeypatch.setattr(page, "window", lambda: FakeWindow())
    page.vedtak_table.setFocus()
    page.vedtak_table.setCurrentIndex(page.vedtak_proxy.index(1, 0))
    assert page.open_vedtak_button.isEnabled()
    qtbot.keyClick(page.vedtak_table, Qt.Key.Key_Return)
    assert revealed == [("decision", first)]
