"""Organisering: people, roles and groups, used through the GUI as a user would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from nvk_desktop.domain.enums import GroupKind, GroupRole, PersonCategory, Phase, Role
from nvk_desktop.domain.models import Person
from nvk_desktop.errors import KnownError
from nvk_desktop.services import people
from nvk_desktop.services import project as project_service
from ui import dialogs
from ui.context import ProjectContext
from ui.models import KEY_ROLE
from ui.pages.organisation import OrganisationPage


@pytest.fixture
def confirmations(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[str]]]:
    asked: list[tuple[str, list[str]]] = []

    def confirm(
        _parent: object, _title: str, text: str, details: list[str] = (), action: str = ""
    ) -> bool:  # type: ignore[assignment]
        asked.append((text, list(details)))
        return True

    monkeypatch.setattr(dialogs, "ask_confirm", confirm)
    return asked


def make_page(qtbot, project: project_service.Project) -> tuple[OrganisationPage, ProjectContext]:  # type: ignore[no-untyped-def]
    ctx = ProjectContext(project)
    page = OrganisationPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    return page, ctx


def fill_person(monkeypatch: pytest.MonkeyPatch, **fields: str) -> list[int]:
    """Make PersonDialog.exec fill the fields and press OK instead of blocking."""
    results: list[int] = []

    def fake_exec(self: dialogs.PersonDialog) -> int:
        self.name_edit.setText(fields.get("name", ""))
        self.organisation_edit.setText(fields.get("organisation", ""))
        if "category" in fields:
            self.category_combo.setCurrentIndex(self.category_combo.findData(fields["category"]))
        self.email_edit.setText(fields.get("email", ""))
        self.phone_edit.setText(fields.get("phone", ""))
        self.buttons.accepted.emit()  # as if OK was pressed
        results.append(self.result())
        return self.result()

    monkeypatch.setattr(dialogs.PersonDialog, "exec", fake_exec)
    return results


def table_names(page: OrganisationPage) -> list[str]:
    proxy = page.person_proxy
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


def test_add_person_with_ctrl_n_stores_it_and_undo_removes_it(
    qtbot, project, monkeypatch, errors
) -> None:  # type: ignore[no-untyped-def]
    page, ctx = make_page(qtbot, project)
    assert "Ingen personer ennå" in page.people_empty.text()
    fill_person(
        monkeypatch,
        name="Åse Kjærstad",
        organisation="Askvoll kommune",
        category=PersonCategory.ADMINISTRASJON.value,
        email="ase@askvoll.kommune.no",
        phone="57 73 00 01",
    )
    page.people_table.setFocus()
    qtbot.keyClick(page.people_table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    stored = people.list_people(project)
    assert [(p.name, p.organisation, p.category, p.email) for p in stored] == [
        ("Åse Kjærstad", "Askvoll kommune", PersonCategory.ADMINISTRASJON, "ase@askvoll.kommune.no")
    ]
    assert table_names(page) == ["Åse Kjærstad"]
    assert page.people_empty.text() == ""
    assert errors == []

    ctx.undo_stack.undo()
    assert people.list_people(project) == []
    assert table_names(page) == []


def test_invalid_email_shows_message_keeps_dialog_and_stores_nothing(
    qtbot, project, monkeypatch, errors
) -> None:  # type: ignore[no-untyped-def]
    page, ctx = make_page(qtbot, project)
    results = fill_person(monkeypatch, name="Per Ærø", email="per-at-example")
    qtbot.mouseClick(page.add_person_button, Qt.MouseButton.LeftButton)

    assert len(errors) == 1 and "e-postadresse" in errors[0]
    assert results == [QDialog.DialogCode.Rejected.value]  # not accepted: the dialog stays open
    assert people.list_people(project) == []
    assert ctx.undo_stack.count() == 0


def test_filter_box_narrows_table_case_insensitively(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    for name, org in (
        ("Bjørn Ødegård", "Askvoll kommune"),
        ("Kari Nøstdal", "Nøstdal Fisk AS"),
        ("Tor Åsheim", "Åsheim Bygg AS"),
    ):
        people.add_person(project, Person(name, org))
    page, _ctx = make_page(qtbot, project)
    assert table_names(page) == ["Bjørn Ødegård", "Kari Nøstdal", "Tor Åsheim"]

    qtbot.keyClicks(page.filter_edit, "ÅSHEIM")
    assert table_names(page) == ["Tor Åsheim"]
    assert "1 av 3" in page.people_count.text()

    page.filter_edit.clear()
    qtbot.keyClicks(page.filter_edit, "nøstdal fisk")
    assert table_names(page) == ["Kari Nøstdal"]

    page.filter_edit.clear()
    qtbot.keyClicks(page.filter_edit, "finnes ikke")
    assert table_names(page) == []
    assert "finnes ikke" in page.people_empty.text()


def test_people_sort_in_norwegian_order(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    for name in ("Åse", "Øystein", "Ærlig", "Zakarias", "anders"):
        people.add_person(project, Person(name))
    page, _ctx = make_page(qtbot, project)
    assert table_names(page) == ["anders", "Zakarias", "Ærlig", "Øystein", "Åse"]


def test_deleting_person_in_styringsgruppe_asks_and_undo_restores_membership(  # type: ignore[no-untyped-def]
    qtbot, project, confirmations
) -> None:
    pid = people.add_person(project, Person("Sølvi Grønnevik", "Fagforbundet"))
    styringsgruppe = people.list_groups(project)[0]
    assert styringsgruppe.kind is GroupKind.STYRINGSGRUPPE and styringsgruppe.id is not None
    people.add_member(project, styringsgruppe.id, pid, GroupRole.LEDER)
    page, ctx = make_page(qtbot, project)

    page.people_table.setFocus()
    page.people_table.selectRow(0)
    qtbot.keyClick(page.people_table, Qt.Key.Key_Delete)

    assert len(confirmations) == 1
    text, details = confirmations[0]
    assert "Sølvi Grønnevik" in text
    assert any("Styringsgruppe" in d for d in details)
    assert people.list_people(project) == []
    assert people.list_groups(project)[0].members == ()

    ctx.undo_stack.undo()
    assert [p.name for p in people.list_people(project)] == ["Sølvi Grønnevik"]
    members = people.list_groups(project)[0].members
    assert [(m.person_id, m.role) for m in members] == [(pid, GroupRole.LEDER)]
    assert table_names(page) == ["Sølvi Grønnevik"]


def test_edit_person_with_enter(qtbot, project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    people.add_person(project, Person("Ola Fjærestad", "Askvoll kommune"))
    page, ctx = make_page(qtbot, project)
    seen: list[str] = []

    def fake_exec(self: dialogs.PersonDialog) -> int:
        seen.append(self.name_edit.text())
        self.organisation_edit.setText("Askvoll kommune, næring og kultur")
        self.accept()
        return self.result()

    monkeypatch.setattr(dialogs.PersonDialog, "exec", fake_exec)
    page.people_table.setFocus()
    page.people_table.selectRow(0)
    qtbot.keyClick(page.people_table, Qt.Key.Key_Return)
    assert seen == ["Ola Fjærestad"]
    assert people.list_people(project)[0].organisation == "Askvoll kommune, næring og kultur"
    assert ctx.undo_stack.count() == 1
    # the selection stays on the edited person after the reload
    assert page.people_table.currentIndex().data(KEY_ROLE) == people.list_people(project)[0].id


def test_role_holders_are_chosen_with_the_person_picker(qtbot, project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    a = people.add_person(
        project, Person("Ingrid Bøe", "Rådgivning Vest AS", PersonCategory.KONSULENT)
    )
    b = people.add_person(project, Person("Åse Østby", "Askvoll kommune"))
    page, ctx = make_page(qtbot, project)
    page.tabs.setCurrentIndex(1)
    chosen = iter([[b], [a]])

    def fake_exec(self: dialogs.PersonPickerDialog) -> int:
        qtbot.keyClicks(self.search, "")
        self.select_ids(next(chosen))
        self.accept()
        return self.result()

    monkeypatch.setattr(dialogs.PersonPickerDialog, "exec", fake_exec)
    ansvarlig = next(s for s in page.role_slots if s.role is Role.PROSJEKTANSVARLIG)
    leder_fs = next(
        s for s in page.role_slots if s.role is Role.PROSJEKTLEDER and s.phase is Phase.FORSTUDIE
    )
    assert "Ikke valgt" in ansvarlig.name_label.text()
    qtbot.mouseClick(ansvarlig.change_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(leder_fs.change_button, Qt.MouseButton.LeftButton)

    roles = {(r.role, r.phase): r.person_id for r in people.list_roles(project)}
    assert roles == {(Role.PROSJEKTANSVARLIG, None): b, (Role.PROSJEKTLEDER, Phase.FORSTUDIE): a}
    assert "Åse Østby" in ansvarlig.name_label.text()
    assert "Ingrid Bøe" in leder_fs.name_label.text()
    assert ansvarlig.remove_button.isEnabled()
    qtbot.mouseClick(ansvarlig.remove_button, Qt.MouseButton.LeftButton)
    assert {r.role for r in people.list_roles(project)} == {Role.PROSJEKTLEDER}
    ctx.undo_stack.undo()
    assert {r.role for r in people.list_roles(project)} == {
        Role.PROSJEKTLEDER,
        Role.PROSJEKTANSVARLIG,
    }


def test_group_members_added_in_one_step_skip_existing_and_role_edits(
    qtbot, project, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    ids = [people.add_person(project, Person(n)) for n in ("Anne", "Bjørn", "Cecilie")]
    sg = people.list_groups(project)[0]
    assert sg.id is not None
    people.add_member(project, sg.id, ids[0])
    page, ctx = make_page(qtbot, project)
    page.tabs.setCurrentIndex(2)
    assert (
        page.current_group() is not None and page.current_group().kind is GroupKind.STYRINGSGRUPPE
    )
    assert (
        not page.delete_group_button.isEnabled()
    )  # the styringsgruppe is not offered for deletion
    offered: list[set[int]] = []

    def fake_exec(self: dialogs.PersonPickerDialog) -> int:
        offered.append({self.model.record(r).id for r in range(self.model.rowCount())})
        self.select_ids([ids[1], ids[2]])
        self.accept()
        return self.result()

    monkeypatch.setattr(dialogs.PersonPickerDialog, "exec", fake_exec)
    page.member_table.setFocus()
    qtbot.keyClick(page.member_table, Qt.Key.Key_Insert)
    assert offered == [{ids[1], ids[2]}]  # Anne is already in
    assert {m.person_id for m in people.list_groups(project)[0].members} == set(ids)
    assert page.member_model.rowCount() == 3

    ctx.undo_stack.undo()  # both additions were one step
    assert {m.person_id for m in people.list_groups(project)[0].members} == {ids[0]}
    ctx.undo_stack.redo()

    # the role column is edited in place (combo delegate → model.setData → service)
    row = page.member_model.row_of_key(ids[1])
    assert row is not None
    assert page.member_model.setData(page.member_model.index(row, 3), GroupRole.SEKRETAER.value)
    roles = {m.person_id: m.role for m in people.list_groups(project)[0].members}
    assert roles[ids[1]] is GroupRole.SEKRETAER


def test_new_work_group_and_delete_it(qtbot, project, monkeypatch, confirmations) -> None:  # type: ignore[no-untyped-def]
    page, ctx = make_page(qtbot, project)
    page.tabs.setCurrentIndex(2)

    def fake_exec(self: dialogs.GroupDialog) -> int:
        assert self.kind is GroupKind.ARBEIDSGRUPPE
        self.name_edit.setText("Arbeidsgruppe plan og bygg")
        self.accept()
        return self.result()

    monkeypatch.setattr(dialogs.GroupDialog, "exec", fake_exec)
    qtbot.mouseClick(page.new_work_group_button, Qt.MouseButton.LeftButton)
    groups = people.list_groups(project)
    assert [g.name for g in groups] == ["Styringsgruppe", "Arbeidsgruppe plan og bygg"]
    g = page.current_group()
    assert g is not None and g.name == "Arbeidsgruppe plan og bygg"
    assert page.delete_group_button.isEnabled()
    qtbot.mouseClick(page.delete_group_button, Qt.MouseButton.LeftButton)
    assert [g.name for g in people.list_groups(project)] == ["Styringsgruppe"]
    assert confirmations and "Arbeidsgruppe plan og bygg" in confirmations[0][0]


def test_read_only_disables_editing(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    p = project_service.create_project(tmp_path / "ro.nvk", "4645", "Test")
    people.add_person(p, Person("Liv Brækken"))
    p.close()
    project = project_service.open_project(tmp_path / "ro.nvk", read_only=True)
    try:
        page, ctx = make_page(qtbot, project)
        assert ctx.read_only
        for b in (
            page.add_person_button,
            page.edit_person_button,
            page.delete_person_button,
            page.new_work_group_button,
            page.add_member_button,
        ):
            assert not b.isEnabled(), b.text()
        assert all(not s.change_button.isEnabled() for s in page.role_slots)
        page.people_table.setFocus()
        page.people_table.selectRow(0)
        qtbot.keyClick(page.people_table, Qt.Key.Key_Delete)  # nothing happens, no dialog
        assert [x.name for x in people.list_people(project)] == ["Liv Brækken"]
    finally:
        project.close()


def test_600_people_build_the_model(qtbot, project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    many = [
        Person(
            f"Person {i:03d} Ødegård",
            f"Bedrift {i % 40} AS",
            list(PersonCategory)[i % 6],
            f"p{i}@example.no",
            id=i + 1,
        )
        for i in range(600)
    ]
    monkeypatch.setattr(people, "list_people", lambda _project: list(many))
    page, _ctx = make_page(qtbot, project)
    assert page.person_model.rowCount() == 600
    assert page.person_proxy.rowCount() == 600
    assert "600 personer" in page.people_count.text()
    qtbot.keyClicks(page.filter_edit, "bedrift 7 ")
    assert page.person_proxy.rowCount() == 15


def test_known_error_from_service_is_shown(qtbot, project, monkeypatch, errors) -> None:  # type: ignore[no-untyped-def]
    """The page never lets a KnownError escape: ctx.perform shows it."""
    people.add_person(project, Person("Eirik"))
    page, ctx = make_page(qtbot, project)

    def boom(_project: object, _pid: int) -> None:
        raise KnownError("Disken er full.")

    monkeypatch.setattr(people, "delete_person", boom)
    monkeypatch.setattr(dialogs, "ask_confirm", lambda *a, **k: True)
    page.people_table.selectRow(0)
    qtbot.mouseClick(page.delete_person_button, Qt.MouseButton.LeftButton)
    assert errors == ["Disken er full."]


def test_person_picker_arrow_keys_move_in_the_list_from_the_search_box(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from nvk_desktop.domain.enums import PersonCategory
    from nvk_desktop.domain.models import Person

    names = ["Anne Bø", "Anders Ås", "Berit Lund"]
    people = [Person(n, category=PersonCategory.POLITIKER, id=i) for i, n in enumerate(names, 1)]
    picker = dialogs.PersonPickerDialog(people, title="Velg")
    qtbot.addWidget(picker)
    picker.show()
    qtbot.keyClicks(picker.search, "an")
    assert picker.proxy.rowCount() == 2
    assert picker.table.currentIndex().row() == 0  # the best match is chosen as you type
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    assert picker.table.currentIndex().row() == 1
    qtbot.keyClick(picker.search, Qt.Key.Key_Up)
    assert picker.table.currentIndex().row() == 0
    qtbot.keyClick(picker.search, Qt.Key.Key_Up)  # stays at the top
    assert picker.table.currentIndex().row() == 0
    qtbot.keyClicks(picker.search, "d")
    assert picker.proxy.rowCount() == 1
