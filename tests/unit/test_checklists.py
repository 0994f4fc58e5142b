"""Phase checklists: every service, its validation, and undo/redo of each change."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from nvk_desktop.domain.checklist import (
    ChecklistItem,
    ChecklistLink,
    ChecklistStatus,
    LinkKind,
    PhaseProgress,
)
from nvk_desktop.domain.enums import Phase
from nvk_desktop.domain.models import Person
from nvk_desktop.errors import ValidationError
from nvk_desktop.services import checklists as cl
from nvk_desktop.services import demo_checklists, people
from nvk_desktop.services.demo import CORE_PEOPLE, create_demo
from nvk_desktop.services.demo_timeline import timeline
from nvk_desktop.services.project import Project, create_project, undo_or_redo
from nvk_desktop.store.models import MeetingRow, NoteRow, PersonRow, ServiceRow
from nvk_desktop.store.seed import default_checklists
from tests.unit.helpers import dump

TODAY = date(2026, 10, 15)


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    p = create_project(tmp_path / "p.nvk", "4645", "Næringsvennlig Askvoll")
    yield p
    p.close()


def titles(project: Project, phase: Phase = Phase.FORSTUDIE) -> list[str]:
    return [i.title for i in cl.list_items(project, phase)]


def undo_redo_exact(project: Project, action: Callable[[], Any]) -> Any:
    """Run a change; undo must give the state before, redo the state after."""
    project.take_last_change()
    before = dump(project.path)
    result = action()
    change = project.take_last_change()
    assert change is not None, "the change made no undo step"
    after = dump(project.path)
    redo = undo_or_redo(project, change)
    assert dump(project.path) == before
    undo_or_redo(project, redo)
    assert dump(project.path) == after
    return result


def add_note(
    project: Project, subject: str, held_on: date | None, kind: str = "dybdeintervju"
) -> int:
    with project.unit_of_work("test") as s:
        row = NoteRow(kind=kind, held_on=held_on, subject=subject, organisation="", body="")
        s.add(row)
        s.flush()
        nid = row.id
    project.take_last_change()
    return nid


def add_meeting(project: Project, title: str, held_on: date | None) -> int:
    with project.unit_of_work("test") as s:
        row = MeetingRow(kind="styringsgruppemøte", title=title, held_on=held_on)
        s.add(row)
        s.flush()
        mid = row.id
    project.take_last_change()
    return mid


# -- the seeded lists ----------------------------------------------------------------------
def test_every_new_project_has_the_default_checklists_not_started(project: Project) -> None:
    for phase in (Phase.FORSTUDIE, Phase.FORPROSJEKT, Phase.HOVEDPROSJEKT):
        items = cl.list_items(project, phase)
        assert [i.title for i in items] == default_checklists()[phase.value]
        assert {i.status for i in items} == {ChecklistStatus.IKKE_STARTET}
        assert [i.position for i in items] == list(range(len(items)))
        assert all(i.links == () and i.responsible_id is None for i in items)
    with pytest.raises(ValidationError, match="ingen sjekkliste"):
        cl.list_items(project, Phase.IDE)


def test_status_values_are_stable() -> None:
    assert [s.value for s in ChecklistStatus] == ["ikke_startet", "pagar", "ferdig", "ikke_aktuelt"]
    assert [s.label for s in ChecklistStatus] == ["Ikke startet", "Pågår", "Ferdig", "Ikke aktuelt"]
    assert ChecklistStatus.IKKE_STARTET.cycled() is ChecklistStatus.PAGAR
    assert ChecklistStatus.PAGAR.cycled() is ChecklistStatus.FERDIG
    assert ChecklistStatus.FERDIG.cycled() is ChecklistStatus.IKKE_STARTET
    assert ChecklistStatus.IKKE_AKTUELT.cycled() is ChecklistStatus.IKKE_STARTET
    assert [k.label for k in LinkKind] == [
        "Notat",
        "Møte",
        "Tjeneste",
        "Spørreundersøkelse",
        "Verksted",
        "Dokument",
    ]


# -- add -------------------------------------------------------------------------------------
def test_add_item_last_and_after_another_renumbers(project: Project) -> None:
    first = cl.list_items(project, Phase.HOVEDPROSJEKT)
    new_last = undo_redo_exact(
        project, lambda: cl.add_item(project, Phase.HOVEDPROSJEKT, "  Evaluering   med  KS ")
    )
    items = cl.list_items(project, Phase.HOVEDPROSJEKT)
    assert items[-1].id == new_last and items[-1].title == "Evaluering med KS"
    assert items[-1].status is ChecklistStatus.IKKE_STARTET
    new_second = undo_redo_exact(
        project,
        lambda: cl.add_item(project, Phase.HOVEDPROSJEKT, "Statusmøte nr. 2", after_id=first[0].id),
    )
    items = cl.list_items(project, Phase.HOVEDPROSJEKT)
    assert [i.id for i in items][:2] == [first[0].id, new_second]
    assert [i.position for i in items] == list(range(len(items)))
    # the other phases are untouched
    assert titles(project) == default_checklists()["forstudie"]
    change = project.take_last_change()
    assert change is None  # undo_redo_exact took it


def test_add_item_to_an_empty_phase(project: Project) -> None:
    for item in cl.list_items(project, Phase.FORPROSJEKT):
        assert item.id is not None
        cl.delete_item(project, item.id)
    assert cl.list_items(project, Phase.FORPROSJEKT) == []
    iid = cl.add_item(project, Phase.FORPROSJEKT, "Første punkt")
    assert [(i.id, i.position) for i in cl.list_items(project, Phase.FORPROSJEKT)] == [(iid, 0)]


def test_add_item_validation_writes_nothing(project: Project) -> None:
    before = dump(project.path)
    other_phase = cl.list_items(project, Phase.FORPROSJEKT)[0].id
    for phase, title, after, match in (
        (Phase.FORSTUDIE, "   ", None, "må ha en tittel"),
        (Phase.FORSTUDIE, "x" * 301, None, "for lang"),
        (Phase.IDE, "Mandat", None, "ingen sjekkliste"),
        ("ukjent", "Mandat", None, "Ukjent fase"),
        (Phase.FORSTUDIE, "Ok", other_phase, "finnes ikke i denne fasen"),
        (Phase.FORSTUDIE, "Ok", 99999, "finnes ikke i denne fasen"),
    ):
        with pytest.raises(ValidationError, match=match):
            cl.add_item(project, phase, title, after_id=after)  # type: ignore[arg-type]
    assert cl.add_item(project, Phase.FORSTUDIE, "y" * 300)  # exactly the limit is fine
    project.take_last_change()
    assert len(dump(project.path)) > len(before)


# -- update ----------------------------------------------------------------------------------
def test_update_item_every_field_and_undo(project: Project) -> None:
    pid = people.add_person(project, Person("Áilu Hætta Sara", "Kåfjord kommune"))
    item = cl.list_items(project, Phase.FORSTUDIE)[4]
    changed = replace(
        item,
        title="Kartlegging av tjenester (byggesak først)",
        status=ChecklistStatus.PAGAR,
        responsible_id=pid,
        due_on=date(2026, 11, 1),
        note="  Hent tall fra sakssystemet.\nSpør servicetorget.  ",
    )
    undo_redo_exact(project, lambda: cl.update_item(project, changed))
    got = cl.get_item(project, item.id or 0)
    assert (got.title, got.status, got.responsible_id, got.due_on, got.note) == (
        "Kartlegging av tjenester (byggesak først)",
        ChecklistStatus.PAGAR,
        pid,
        date(2026, 11, 1),
        "Hent tall fra sakssystemet.\nSpør servicetorget.",
    )
    # clearing the date and the person is a change too
    undo_redo_exact(
        project, lambda: cl.update_item(project, replace(got, due_on=None, responsible_id=None))
    )
    cleared = cl.get_item(project, item.id or 0)
    assert cleared.due_on is None and cleared.responsible_id is None
    # nothing changed: no undo step
    cl.update_item(project, cleared)
    assert project.take_last_change() is None


def test_update_labels_say_what_changed(project: Project) -> None:
    item = cl.list_items(project, Phase.FORSTUDIE)[0]
    cl.update_item(project, replace(item, status=ChecklistStatus.FERDIG))
    change = project.take_last_change()
    assert change is not None and change.label.startswith("Status «Ferdig»")
    cl.update_item(project, replace(item, status=ChecklistStatus.FERDIG, title="Mandat klart"))
    change = project.take_last_change()
    assert change is not None and change.label.startswith("Gi nytt navn til «Mandat avklart")


def test_update_validation_writes_nothing(project: Project) -> None:
    item = cl.list_items(project, Phase.FORSTUDIE)[0]
    before = dump(project.path)
    for bad, match in (
        (replace(item, title=" \n "), "må ha en tittel"),
        (replace(item, title="x" * 301), "for lang"),
        (replace(item, responsible_id=4242), "ansvarlige personen"),
        (replace(item, status="halvferdig"), "Ukjent status"),  # type: ignore[arg-type]
        (replace(item, due_on="2026-01-01"), "dato"),  # type: ignore[arg-type]
        (replace(item, note="n" * 20_001), "Notatet er for langt"),
        (replace(item, phase=Phase.FORPROSJEKT), "annen fase"),
        (replace(item, id=99999), "finnes ikke lenger"),
    ):
        with pytest.raises(ValidationError, match=match):
            cl.update_item(project, bad)
    assert dump(project.path) == before
    assert project.take_last_change() is None


def test_responsible_person_deleted_leaves_the_item_without_one(project: Project) -> None:
    pid = people.add_person(project, Person("Tone Birtavarre"))
    item = cl.list_items(project, Phase.FORSTUDIE)[1]
    cl.update_item(project, replace(item, responsible_id=pid))
    people.delete_person(project, pid)
    assert cl.get_item(project, item.id or 0).responsible_id is None


# -- move ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "target"),
    [(0, 11), (11, 0), (3, 4), (4, 3), (5, 5), (0, 1), (11, 10)],
)
def test_move_item_to_any_place(project: Project, source: int, target: int) -> None:
    items = cl.list_items(project, Phase.FORSTUDIE)
    ids = [i.id for i in items]
    moving = ids[source]
    assert moving is not None
    expected = ids.copy()
    expected.remove(moving)
    expected.insert(target, moving)
    if source == target:
        cl.move_item(project, moving, target)
        assert project.take_last_change() is None  # the same place: no step
    else:
        undo_redo_exact(project, lambda: cl.move_item(project, moving, target))
    after = cl.list_items(project, Phase.FORSTUDIE)
    assert [i.id for i in after] == expected
    assert [i.position for i in after] == list(range(len(after)))
    assert [i.title for i in cl.list_items(project, Phase.FORPROSJEKT)] == default_checklists()[
        "forprosjekt"
    ]


def test_move_item_out_of_range_is_refused(project: Project) -> None:
    items = cl.list_items(project, Phase.HOVEDPROSJEKT)
    before = dump(project.path)
    for bad in (-1, len(items), 100):
        with pytest.raises(ValidationError, match="Kan ikke flytte"):
            cl.move_item(project, items[0].id or 0, bad)
    with pytest.raises(ValidationError, match="finnes ikke lenger"):
        cl.move_item(project, 99999, 0)
    assert dump(project.path) == before


def test_move_after_undone_add_keeps_a_clean_order(project: Project) -> None:
    iid = cl.add_item(project, Phase.FORPROSJEKT, "Ekstra")
    undo_or_redo(project, project.take_last_change())  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        cl.move_item(project, iid, 0)
    first = cl.list_items(project, Phase.FORPROSJEKT)[-1]
    cl.move_item(project, first.id or 0, 0)
    assert titles(project, Phase.FORPROSJEKT)[0] == "Beslutning om hovedprosjekt"


# -- delete ----------------------------------------------------------------------------------
def test_delete_item_with_links_and_undo(project: Project) -> None:
    items = cl.list_items(project, Phase.FORSTUDIE)
    target = items[3]
    assert target.id is not None
    cl.add_link(project, target.id, ChecklistLink(LinkKind.DOCUMENT, None, "Referat.docx"))
    project.take_last_change()
    undo_redo_exact(project, lambda: cl.delete_item(project, target.id or 0))
    after = cl.list_items(project, Phase.FORSTUDIE)
    assert target.id not in [i.id for i in after]
    assert [i.position for i in after] == list(range(len(after)))
    with pytest.raises(ValidationError, match="finnes ikke lenger"):
        cl.delete_item(project, target.id)


# -- links -----------------------------------------------------------------------------------
def test_link_targets_per_kind(project: Project) -> None:
    assert cl.link_targets(project, LinkKind.NOTE) == []
    assert cl.link_targets(project, LinkKind.MEETING) == []
    assert cl.link_targets(project, LinkKind.DOCUMENT) == []
    n2 = add_note(project, "Intervju med Lyngen Sjømat AS", date(2026, 9, 12))
    n1 = add_note(project, "Kommuneplanens arealdel", date(2026, 9, 1), kind="dokumentstudie")
    n3 = add_note(project, "Áilu, observasjon", None, kind="observasjon")
    m = add_meeting(project, "Styringsgruppemøte 1", date(2026, 8, 30))
    assert cl.link_targets(project, LinkKind.NOTE) == [
        (n1, "Kommuneplanens arealdel (01.09.2026)"),
        (n2, "Intervju med Lyngen Sjømat AS (12.09.2026)"),
        (n3, "Áilu, observasjon"),
    ]
    assert cl.link_targets(project, LinkKind.MEETING) == [(m, "Styringsgruppemøte 1 (30.08.2026)")]
    services = cl.link_targets(project, LinkKind.SERVICE)
    assert services[0][1] == "Plan og areal › Kommuneplanens arealdel"
    assert "Byggesak › Forhåndskonferanse" in [label for _, label in services]


def test_add_and_remove_links_of_each_kind(project: Project) -> None:
    item = cl.list_items(project, Phase.FORSTUDIE)[7]
    iid = item.id or 0
    note = add_note(project, "Dybdeintervju Olderdalen Mekaniske", date(2026, 9, 20))
    meeting = add_meeting(project, "Arbeidsgruppemøte", date(2026, 9, 22))
    service = cl.link_targets(project, LinkKind.SERVICE)[6][0]
    for link in (
        ChecklistLink(LinkKind.NOTE, note, ""),
        ChecklistLink(LinkKind.MEETING, meeting, ""),
        ChecklistLink(LinkKind.SERVICE, service, ""),
        ChecklistLink(LinkKind.DOCUMENT, None, "  Forstudierapport.pdf "),
    ):
        undo_redo_exact(project, lambda link=link: cl.add_link(project, iid, link))
    links = cl.get_item(project, iid).links
    assert [(lk.kind, lk.target_id, lk.label) for lk in links] == [
        (LinkKind.NOTE, note, "Dybdeintervju Olderdalen Mekaniske (20.09.2026)"),
        (LinkKind.MEETING, meeting, "Arbeidsgruppemøte (22.09.2026)"),
        (LinkKind.SERVICE, service, cl.link_targets(project, LinkKind.SERVICE)[6][1]),
        (LinkKind.DOCUMENT, None, "Forstudierapport.pdf"),
    ]
    assert not any(lk.missing for lk in links)
    undo_redo_exact(project, lambda: cl.remove_link(project, links[1].id or 0))
    assert [lk.kind for lk in cl.get_item(project, iid).links] == [
        LinkKind.NOTE,
        LinkKind.SERVICE,
        LinkKind.DOCUMENT,
    ]
    with pytest.raises(ValidationError, match="finnes ikke lenger"):
        cl.remove_link(project, links[1].id or 0)


def test_several_links_in_one_step(project: Project) -> None:
    item = cl.list_items(project, Phase.FORSTUDIE)[4]
    services = [tid for tid, _ in cl.link_targets(project, LinkKind.SERVICE)[:3]]
    ids = undo_redo_exact(
        project,
        lambda: cl.add_links(
            project, item.id or 0, [ChecklistLink(LinkKind.SERVICE, t, "") for t in services]
        ),
    )
    assert len(ids) == 3
    assert [lk.target_id for lk in cl.get_item(project, item.id or 0).links] == services


def test_link_validation_writes_nothing(project: Project) -> None:
    item = cl.list_items(project, Phase.FORSTUDIE)[0]
    iid = item.id or 0
    service = cl.link_targets(project, LinkKind.SERVICE)[0][0]
    cl.add_link(project, iid, ChecklistLink(LinkKind.SERVICE, service, ""))
    cl.add_link(project, iid, ChecklistLink(LinkKind.DOCUMENT, None, "Mandat.pdf"))
    project.take_last_change()
    before = dump(project.path)
    for link, match in (
        (ChecklistLink(LinkKind.SERVICE, service, ""), "allerede koblet"),
        (ChecklistLink(LinkKind.DOCUMENT, None, "mandat.PDF"), "allerede koblet"),
        (ChecklistLink(LinkKind.SERVICE, 99999, ""), "Fant ikke tjenesten"),
        (ChecklistLink(LinkKind.NOTE, 1, ""), "Fant ikke notatet"),
        (ChecklistLink(LinkKind.MEETING, None, ""), "Velg hvilken møte"),
        (ChecklistLink(LinkKind.DOCUMENT, None, "   "), "må ha et navn"),
        (ChecklistLink(LinkKind.DOCUMENT, None, "d" * 301), "for langt"),
        (ChecklistLink(LinkKind.DOCUMENT, 5, "Med id"), "bare et navn"),
    ):
        with pytest.raises(ValidationError, match=match):
            cl.add_link(project, iid, link)
    with pytest.raises(ValidationError, match="finnes ikke lenger"):
        cl.add_link(project, 99999, ChecklistLink(LinkKind.DOCUMENT, None, "x.pdf"))
    with pytest.raises(ValidationError, match="Velg hva"):
        cl.add_links(project, iid, [])
    # a batch with one bad link stores none of them
    with pytest.raises(ValidationError):
        cl.add_links(
            project,
            iid,
            [
                ChecklistLink(LinkKind.DOCUMENT, None, "Ny.pdf"),
                ChecklistLink(LinkKind.DOCUMENT, None, "ny.pdf"),
            ],
        )
    assert dump(project.path) == before


def test_link_to_a_deleted_target_is_shown_as_missing(project: Project) -> None:
    item = cl.list_items(project, Phase.FORSTUDIE)[7]
    note = add_note(project, "Intervju Sandvik Gjestegård", date(2026, 9, 2))
    cl.add_link(project, item.id or 0, ChecklistLink(LinkKind.NOTE, note, ""))
    with project.unit_of_work("slett notat") as s:
        s.delete(s.get_one(NoteRow, note))
    (link,) = cl.get_item(project, item.id or 0).links
    assert link.missing and link.label == "Intervju Sandvik Gjestegård (02.09.2026)"


def test_renamed_target_shows_its_current_name(project: Project) -> None:
    item = cl.list_items(project, Phase.FORSTUDIE)[4]
    sid = cl.link_targets(project, LinkKind.SERVICE)[0][0]
    cl.add_link(project, item.id or 0, ChecklistLink(LinkKind.SERVICE, sid, ""))
    with project.unit_of_work("omdøp") as s:
        s.get_one(ServiceRow, sid).name = "Arealplan"
    (link,) = cl.get_item(project, item.id or 0).links
    assert link.label == "Plan og areal › Arealplan" and not link.missing


# -- progress and open items ------------------------------------------------------------------
def test_phase_progress_and_open_items(project: Project) -> None:
    items = cl.list_items(project, Phase.FORSTUDIE)
    plan = [
        (ChecklistStatus.FERDIG, TODAY - timedelta(days=30)),  # done late: not overdue
        (ChecklistStatus.FERDIG, None),
        (ChecklistStatus.IKKE_AKTUELT, TODAY - timedelta(days=3)),  # not applicable: not overdue
        (ChecklistStatus.PAGAR, TODAY - timedelta(days=1)),  # overdue
        (ChecklistStatus.IKKE_STARTET, TODAY - timedelta(days=10)),  # overdue
        (ChecklistStatus.PAGAR, TODAY),  # due today: not overdue yet
    ]
    for item, (status, due) in zip(items, plan, strict=False):
        cl.update_item(project, replace(item, status=status, due_on=due))
    progress = cl.phase_progress(project, TODAY)
    assert [p.phase for p in progress] == [Phase.FORSTUDIE, Phase.FORPROSJEKT, Phase.HOVEDPROSJEKT]
    fs = progress[0]
    assert (fs.total, fs.done, fs.not_applicable, fs.overdue, fs.in_progress) == (12, 2, 1, 2, 2)
    assert fs.applicable == 11 and fs.open == 9
    assert fs.share_done == pytest.approx(2 / 11)
    assert progress[1] == PhaseProgress(Phase.FORPROSJEKT, 6, 0, 0, 0, 0)
    open_ = cl.open_items(project, Phase.FORSTUDIE)
    assert [i.id for i in open_] == [i.id for i in items[3:]]
    assert open_[0].is_overdue(TODAY) and not open_[2].is_overdue(TODAY)
    assert open_[0].days_overdue(TODAY) == 1


def test_progress_share_edge_cases() -> None:
    assert PhaseProgress(Phase.FORSTUDIE, 0, 0, 0, 0).share_done == 0.0
    assert PhaseProgress(Phase.FORSTUDIE, 2, 0, 2, 0).share_done == 1.0
    assert PhaseProgress(Phase.FORSTUDIE, 4, 4, 0, 0).share_done == 1.0


def test_item_overdue_rule() -> None:
    item = ChecklistItem(Phase.FORSTUDIE, "x", due_on=TODAY - timedelta(days=2))
    assert item.is_overdue(TODAY) and item.days_overdue(TODAY) == 2
    assert not replace(item, status=ChecklistStatus.FERDIG).is_overdue(TODAY)
    assert not replace(item, status=ChecklistStatus.IKKE_AKTUELT).is_overdue(TODAY)
    assert not replace(item, due_on=None).is_overdue(TODAY)


# -- the example project ---------------------------------------------------------------------
def _demo(tmp_path: Path, with_notes: bool) -> Project:
    """The example project (whose notes the checklist links to), or a project with
    only the demo's people, to see the fill cope without notes."""
    if with_notes:
        return create_demo(tmp_path / "demo.nvk", today=TODAY)
    project = create_project(tmp_path / "bare.nvk", "5540", "Uten notater")
    with project.unit_of_work("fill") as s:
        rows = [PersonRow(name=n, organisation=o, category=c.value) for n, o, c in CORE_PEOPLE]
        s.add_all(rows)
        s.flush()
        demo_checklists.fill(s, "normal", TODAY, {r.name: r.id for r in rows})
    project.take_last_change()
    return project


@pytest.mark.parametrize("with_notes", [False, True])
def test_demo_fill_tells_the_story_up_to_the_hovedprosjekt(
    tmp_path: Path, with_notes: bool
) -> None:
    when = timeline(TODAY)
    project = _demo(tmp_path, with_notes)
    try:
        # Forstudie: done in its window, except the municipality's own ikke aktuelt item.
        items = cl.list_items(project, Phase.FORSTUDIE)
        statuses = [i.status for i in items]
        assert statuses.count(ChecklistStatus.FERDIG) == len(items) - 1 == 12
        (na,) = [i for i in items if i.status is ChecklistStatus.IKKE_AKTUELT]
        assert "utviklingsselskap" in na.note and na.due_on is None
        done = [i for i in items if i.status is ChecklistStatus.FERDIG]
        assert all(i.responsible_id for i in done)
        assert all(
            i.due_on is not None and when.ide_decision <= i.due_on <= when.forstudie_decision
            for i in done
        )
        assert [i.position for i in items] == list(range(len(items)))
        by_title = {i.title.split(" ")[0]: i for i in items}
        assert by_title["Resultatverksted"].due_on == when.resultatverksted
        assert by_title["Spørreundersøkelser"].due_on == when.t0_close
        kart = by_title["Kartlegging"]
        assert sum(lk.kind is LinkKind.SERVICE for lk in kart.links) >= 3
        assert not any(lk.missing for lk in kart.links)
        assert "Byggesak › Forhåndskonferanse" in [lk.label for lk in kart.links]
        oppstart = by_title["Oppstartsmøte"]
        assert any(lk.kind is LinkKind.DOCUMENT for lk in oppstart.links)
        intervju = by_title["Dybdeintervjuer"]
        note_links = [lk for lk in intervju.links if lk.kind is LinkKind.NOTE]
        assert len(note_links) == (5 if with_notes else 0)  # the demo's five interviews
        rapport = by_title["Forstudierapport"]
        meeting_links = [lk for lk in rapport.links if lk.kind is LinkKind.MEETING]
        assert len(meeting_links) == (1 if with_notes else 0)  # the meeting that decided
        assert not any(lk.missing for lk in rapport.links)

        # Forprosjekt: all done between the two decision points.
        fp = cl.list_items(project, Phase.FORPROSJEKT)
        assert {i.status for i in fp} == {ChecklistStatus.FERDIG}
        assert all(i.due_on and when.forstudie_decision < i.due_on <= when.kommunestyre for i in fp)

        # Hovedprosjekt (now): part-way, the effektmåling T1 a few days overdue.
        hp = cl.list_items(project, Phase.HOVEDPROSJEKT)
        assert [i.status for i in hp] == [
            ChecklistStatus.FERDIG,
            ChecklistStatus.PAGAR,
            ChecklistStatus.PAGAR,
            ChecklistStatus.IKKE_STARTET,
        ]
        assert all(i.responsible_id and i.due_on for i in hp)
        (late,) = [i for i in hp if i.is_overdue(TODAY)]
        assert late.title.startswith("Effektmåling T1")
        assert late.due_on is not None and 1 <= (TODAY - late.due_on).days <= 7
        assert hp[3].due_on is not None and hp[3].due_on > TODAY  # sluttrapport ahead

        progress = {p.phase: p for p in cl.phase_progress(project, TODAY)}
        f, p, h = (progress[ph] for ph in (Phase.FORSTUDIE, Phase.FORPROSJEKT, Phase.HOVEDPROSJEKT))
        assert (f.done, f.not_applicable, f.overdue) == (12, 1, 0)
        assert (p.done, p.total, p.overdue) == (6, 6, 0)
        assert (h.done, h.in_progress, h.overdue, h.total) == (1, 2, 1, 4)
    finally:
        project.close()


def test_items_link_to_surveys_and_workshops(tmp_path: Path) -> None:
    project = create_demo(tmp_path / "demo.nvk", today=TODAY)
    try:
        surveys = cl.link_targets(project, LinkKind.SURVEY)
        workshops = cl.link_targets(project, LinkKind.WORKSHOP)
        assert [label for _i, label in surveys][0].endswith("(T0)")
        assert workshops and "Resultatverksted" in workshops[0][1]
        item = cl.list_items(project, Phase.FORSTUDIE)[0]
        cl.add_links(
            project,
            item.id,
            [
                ChecklistLink(LinkKind.SURVEY, surveys[0][0], ""),
                ChecklistLink(LinkKind.WORKSHOP, workshops[0][0], ""),
            ],
        )
        kinds = [lk.kind for lk in cl.get_item(project, item.id).links]
        assert LinkKind.SURVEY in kinds and LinkKind.WORKSHOP in kinds
        with pytest.raises(ValidationError, match="Fant ikke verkstedet"):
            cl.add_link(project, item.id, ChecklistLink(LinkKind.WORKSHOP, 99999, ""))
    finally:
        project.close()
