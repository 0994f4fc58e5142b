"""Group files (issue 5, point 3): exported for one group's secretary, captured on
another laptop, merged back: no duplicates when merged twice, conflicts kept, foreign
and broken files refused, one undo step with a backup first."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from nvk_desktop.domain.workshop import CardKind, Workshop
from nvk_desktop.errors import KnownError, ProjectFileError, ValidationError
from nvk_desktop.services import group_files as gf
from nvk_desktop.services import workshops as ws
from nvk_desktop.services.project import (
    Project,
    create_project,
    list_backups,
    open_project,
    undo_or_redo,
)
from tests.unit.helpers import dump

K = CardKind


@dataclass
class Setup:
    project: Project
    wid: int
    g1: int
    g2: int
    cards: list[int]
    path: Path  # the exported group file of g1


def test_export_refuses_a_missing_folder(tmp_path: Path) -> None:
    project = create_project(tmp_path / "p.nvk", "5540", "P")
    try:
        wid = ws.create_workshop(project, Workshop("V"))
        g = ws.add_group(project, wid, "G")
        with pytest.raises(ProjectFileError, match="finnes ikke"):
            gf.export_group_file(project, wid, g, tmp_path / "mangler" / "g.nvk")
    finally:
        project.close()


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    (tmp_path / "usb").mkdir()
    return tmp_path / "usb"


@pytest.fixture
def s(tmp_path: Path, usb: Path) -> Iterator[Setup]:
    project = create_project(tmp_path / "verksted.nvk", "5540", "Næringsvennlig Kåfjord")
    wid = ws.create_workshop(project, Workshop("Resultatverksted"))
    g1 = ws.add_group(project, wid, "Gruppe 1")
    g2 = ws.add_group(project, wid, "Gruppe 2")
    ws.add_participant(project, wid, "Anders Lund", "Lund Rør AS", g1)
    ws.add_participant(project, wid, "Kari i gruppe 2", "", g2)
    cards = [
        ws.add_card(project, wid, g1, "Byggesøknader tar tid", "byggesaker", K.SVAKHET),
        ws.add_card(project, wid, g1, "Servicetorget er godt", "service_informasjon", K.STYRKE),
        ws.add_card(project, wid, g1, "Servicetorget er bra", "service_informasjon", K.STYRKE),
        ws.add_card(project, wid, g2, "Kaia trenger strøm", "infrastruktur_planverk", K.FORSLAG),
    ]
    ws.merge_duplicates(project, cards[1], [cards[2]])
    before = dump(project.path)
    path = gf.export_group_file(project, wid, g1, usb / "gruppe1")
    assert dump(project.path) == before  # exporting changes nothing in the project
    project.take_last_change()
    yield Setup(project, wid, g1, g2, cards, path)
    project.close()


@contextmanager
def secretary(path: Path) -> Iterator[tuple[Project, int, int]]:
    """Open the group file as the secretary's laptop does."""
    gp = open_project(path)
    info = ws.group_file_info(gp)
    assert info is not None and info.group_id is not None
    try:
        yield gp, info.workshop_id, info.group_id
    finally:
        gp.close()


def edit_on_laptop(path: Path, edit: Callable[[Project, int, int], object]) -> None:
    with secretary(path) as (gp, wid, gid):
        edit(gp, wid, gid)


def card_by_text(project: Project, wid: int, text: str) -> int:
    return next(c.id for c in ws.list_cards(project, wid) if c.text == text)


# -- export ---------------------------------------------------------------------------
def test_group_file_holds_one_group_with_the_same_uids(s: Setup) -> None:
    assert s.path.name == "gruppe1.nvk" and s.path.exists()
    assert sorted(p.name for p in s.path.parent.iterdir()) == ["gruppe1.nvk"]  # no leftovers
    main = ws.get_workshop(s.project, s.wid)
    group = ws.list_groups(s.project, s.wid)[0]
    with secretary(s.path) as (gp, wid, gid):
        info = ws.group_file_info(gp)
        assert info is not None
        assert (info.workshop_uid, info.group_uid, info.group_name) == (
            main.uid,
            group.uid,
            "Gruppe 1",
        )
        assert ws.get_workshop(gp, wid).is_group_file
        assert [g.name for g in ws.list_groups(gp, wid)] == ["Gruppe 1"]
        parts = ws.list_participants(gp, wid)
        assert [(p.name, p.organisation, p.person_id, p.group_id) for p in parts] == [
            ("Anders Lund", "Lund Rør AS", None, gid)
        ]
        assert len(ws.list_agenda(gp, wid)) == len(ws.list_agenda(s.project, s.wid))
        cards = ws.list_cards(gp, wid)
        originals = {c.uid: c for c in ws.list_cards(s.project, s.wid) if c.group_id == s.g1}
        assert {c.uid for c in cards} == set(originals)
        for c in cards:
            assert (c.text, c.area, c.kind) == (
                originals[c.uid].text,
                originals[c.uid].area,
                originals[c.uid].kind,
            )
            assert c.base_revision == c.revision == originals[c.uid].revision
        dup = next(c for c in cards if c.text == "Servicetorget er bra")
        assert dup.duplicate_of_id == next(c.id for c in cards if c.text == "Servicetorget er godt")
        assert gp.take_last_change() is None  # the file starts without undo history
    assert ws.group_file_info(s.project) is None


def test_export_refuses_the_project_itself_and_a_group_file(s: Setup) -> None:
    with pytest.raises(ValidationError, match="over prosjektet selv"):
        gf.export_group_file(s.project, s.wid, s.g1, s.project.path)
    with (
        secretary(s.path) as (gp, wid, gid),
        pytest.raises(ValidationError, match="selv en gruppefil"),
    ):
        gf.export_group_file(gp, wid, gid, s.path.with_name("igjen.nvk"))


def test_suggested_file_name() -> None:
    assert gf.suggested_file_name("Resultatverksted 12/1", "Gruppe: 2") == (
        "Resultatverksted 12_1 – Gruppe_ 2.nvk"
    )


# -- merge ---------------------------------------------------------------------------
def test_merge_adds_new_and_updates_changed_cards_in_one_step(s: Setup) -> None:
    def work(gp: Project, wid: int, gid: int) -> None:
        ws.add_card(gp, wid, gid, "Nettsidene er vanskelige", "service_informasjon", K.SVAKHET)
        ws.add_card(gp, wid, gid, "Uklart hvem man skal ringe", None, K.SPORSMAL)
        first = card_by_text(gp, wid, "Byggesøknader tar tid")
        ws.update_card(gp, first, "Byggesøknader tar for lang tid", "byggesaker", K.SVAKHET)

    edit_on_laptop(s.path, work)
    before = dump(s.project.path)
    report = gf.merge_group_file(s.project, s.wid, s.path)
    assert (report.added, report.updated, report.unchanged, report.conflicts) == (2, 1, 2, ())
    assert not report.already_merged and not report.group_created
    assert report.group_name == "Gruppe 1"
    assert report.describe() == "Gruppe «Gruppe 1»: 2 nye, 1 oppdaterte, 2 uendrede innspill."
    assert report.backup is not None and report.backup.exists()
    assert [b.reason for b in list_backups(s.project.path)].count("merge") == 1
    texts = {c.text: c for c in ws.list_cards(s.project, s.wid)}
    assert "Byggesøknader tar for lang tid" in texts and "Byggesøknader tar tid" not in texts
    assert texts["Nettsidene er vanskelige"].group_id == s.g1
    assert texts["Uklart hvem man skal ringe"].kind is K.SPORSMAL
    assert texts["Kaia trenger strøm"].group_id == s.g2  # the other group untouched
    records = gf.list_merges(s.project, s.wid)
    assert [(r.file_name, r.group_name, r.added, r.updated) for r in records] == [
        ("gruppe1.nvk", "Gruppe 1", 2, 1)
    ]
    change = s.project.take_last_change()
    assert change is not None and "gruppe1.nvk" in change.label
    after = dump(s.project.path)
    redo = undo_or_redo(s.project, change)
    assert dump(s.project.path) == before
    undo_or_redo(s.project, redo)
    assert dump(s.project.path) == after


def test_merging_twice_changes_nothing(s: Setup) -> None:
    edit_on_laptop(
        s.path, lambda gp, wid, gid: ws.add_card(gp, wid, gid, "Nytt innspill", None, K.FORSLAG)
    )
    gf.merge_group_file(s.project, s.wid, s.path)
    s.project.take_last_change()
    once = dump(s.project.path)
    backups = len(list_backups(s.project.path))
    again = gf.merge_group_file(s.project, s.wid, s.path)
    assert again.already_merged
    assert again.describe() == "«gruppe1.nvk» er flettet inn før. Ingenting er endret."
    assert dump(s.project.path) == once
    assert s.project.take_last_change() is None
    assert len(list_backups(s.project.path)) == backups  # not even a backup
    # A copy of the file under another name is the same cards: already merged too.
    copy = s.path.with_name("kopi.nvk")
    copy.write_bytes(s.path.read_bytes())
    assert gf.merge_group_file(s.project, s.wid, copy).already_merged
    assert dump(s.project.path) == once


def test_more_work_after_a_merge_merges_cleanly(s: Setup) -> None:
    edit_on_laptop(
        s.path,
        lambda gp, wid, gid: ws.update_card(
            gp, card_by_text(gp, wid, "Byggesøknader tar tid"), "Versjon 2", "byggesaker", K.SVAKHET
        ),
    )
    assert gf.merge_group_file(s.project, s.wid, s.path).updated == 1
    edit_on_laptop(
        s.path,
        lambda gp, wid, gid: ws.update_card(
            gp, card_by_text(gp, wid, "Versjon 2"), "Versjon 3", "byggesaker", K.SVAKHET
        ),
    )
    report = gf.merge_group_file(s.project, s.wid, s.path)
    assert (report.updated, len(report.conflicts)) == (1, 0)  # no false conflict
    assert "Versjon 3" in {c.text for c in ws.list_cards(s.project, s.wid)}


def test_an_edit_on_both_sides_is_a_conflict_with_both_texts_kept(s: Setup) -> None:
    edit_on_laptop(
        s.path,
        lambda gp, wid, gid: ws.update_card(
            gp, card_by_text(gp, wid, "Byggesøknader tar tid"), "Gruppens tekst", None, K.FORSLAG
        ),
    )
    ws.update_card(s.project, s.cards[0], "Fasilitatorens tekst", "byggesaker", K.SVAKHET)
    report = gf.merge_group_file(s.project, s.wid, s.path)
    assert (report.added, report.updated) == (0, 0)
    (conflict,) = report.conflicts
    assert (conflict.current_text, conflict.incoming_text) == (
        "Fasilitatorens tekst",
        "Gruppens tekst",
    )
    assert (conflict.incoming_area, conflict.incoming_kind) == (None, K.FORSLAG)
    assert (conflict.group_name, conflict.file_name) == ("Gruppe 1", "gruppe1.nvk")
    assert "1 konflikt å avgjøre" in report.describe()
    assert ws.get_card(s.project, s.cards[0]).text == "Fasilitatorens tekst"  # untouched
    assert gf.list_conflicts(s.project, s.wid) == [conflict]

    s.project.take_last_change()
    before = dump(s.project.path)
    gf.resolve_conflict(s.project, conflict.id, take="incoming")
    card = ws.get_card(s.project, s.cards[0])
    assert (card.text, card.area, card.kind) == ("Gruppens tekst", None, K.FORSLAG)
    assert gf.list_conflicts(s.project, s.wid) == []
    change = s.project.take_last_change()
    assert change is not None
    undo_or_redo(s.project, change)
    assert dump(s.project.path) == before
    gf.resolve_conflict(s.project, conflict.id, take="current")
    assert ws.get_card(s.project, s.cards[0]).text == "Fasilitatorens tekst"
    assert gf.list_conflicts(s.project, s.wid) == []
    with pytest.raises(ValidationError, match="allerede avgjort"):
        gf.resolve_conflict(s.project, conflict.id, take="current")
    with pytest.raises(ValueError):
        gf.resolve_conflict(s.project, conflict.id, take="begge")


def test_the_same_edit_on_both_sides_is_no_conflict(s: Setup) -> None:
    edit_on_laptop(
        s.path,
        lambda gp, wid, gid: ws.update_card(
            gp, card_by_text(gp, wid, "Byggesøknader tar tid"), "Samme", "byggesaker", K.SVAKHET
        ),
    )
    ws.update_card(s.project, s.cards[0], "Samme", "byggesaker", K.SVAKHET)
    report = gf.merge_group_file(s.project, s.wid, s.path)
    assert (report.updated, report.unchanged, report.conflicts) == (0, 3, ())


def test_an_edit_only_in_the_project_is_kept(s: Setup) -> None:
    ws.update_card(s.project, s.cards[0], "Endret av fasilitator", "byggesaker", K.SVAKHET)
    edit_on_laptop(s.path, lambda gp, wid, gid: ws.add_card(gp, wid, gid, "Nytt", None, K.FORSLAG))
    report = gf.merge_group_file(s.project, s.wid, s.path)
    assert (report.added, report.updated, report.conflicts) == (1, 0, ())
    assert ws.get_card(s.project, s.cards[0]).text == "Endret av fasilitator"


def test_a_card_deleted_on_the_laptop_stays_in_the_project(s: Setup) -> None:
    edit_on_laptop(
        s.path,
        lambda gp, wid, gid: ws.delete_card(gp, card_by_text(gp, wid, "Byggesøknader tar tid")),
    )
    gf.merge_group_file(s.project, s.wid, s.path)
    assert ws.get_card(s.project, s.cards[0]).text == "Byggesøknader tar tid"


def test_a_deleted_group_is_made_again(s: Setup) -> None:
    old_uid = ws.list_groups(s.project, s.wid)[0].uid
    ws.delete_group(s.project, s.g1)
    edit_on_laptop(
        s.path, lambda gp, wid, gid: ws.add_card(gp, wid, gid, "Etter sletting", None, K.FORSLAG)
    )
    report = gf.merge_group_file(s.project, s.wid, s.path)
    assert report.group_created and report.added == 1
    group = next(g for g in ws.list_groups(s.project, s.wid) if g.uid == old_uid)
    assert group.name == "Gruppe 1"
    new = next(c for c in ws.list_cards(s.project, s.wid) if c.text == "Etter sletting")
    assert new.group_id == group.id


def test_duplicates_merged_on_the_laptop_stay_merged(s: Setup) -> None:
    def work(gp: Project, wid: int, gid: int) -> None:
        a = ws.add_card(gp, wid, gid, "Lang ventetid", "byggesaker", K.SVAKHET)
        b = ws.add_card(gp, wid, gid, "Venter lenge på svar", "byggesaker", K.SVAKHET)
        ws.merge_duplicates(gp, a, [b])

    edit_on_laptop(s.path, work)
    gf.merge_group_file(s.project, s.wid, s.path)
    cards = {c.text: c for c in ws.list_cards(s.project, s.wid)}
    assert cards["Venter lenge på svar"].duplicate_of_id == cards["Lang ventetid"].id


# -- refusals ----------------------------------------------------------------------------
def test_a_file_from_another_workshop_is_refused(s: Setup) -> None:
    other = ws.create_workshop(s.project, Workshop("Tiltaksverksted"))
    s.project.take_last_change()
    before = dump(s.project.path)
    with pytest.raises(ValidationError) as e:
        gf.merge_group_file(s.project, other, s.path)
    assert (
        e.value.message
        == "«gruppe1.nvk» hører til verkstedet «Resultatverksted», ikke til «Tiltaksverksted»."
    )
    assert dump(s.project.path) == before


def test_an_ordinary_project_is_refused(s: Setup, tmp_path: Path) -> None:
    plain = create_project(tmp_path / "vanlig.nvk", "5540", "Vanlig")
    plain.close()
    with pytest.raises(ValidationError, match="vanlig prosjekt, ikke en gruppefil"):
        gf.merge_group_file(s.project, s.wid, tmp_path / "vanlig.nvk")
    with pytest.raises(ValidationError, match="prosjektet selv"):
        gf.merge_group_file(s.project, s.wid, s.project.path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "tom"),
        (b"Dette er ikke en prosjektfil\n" * 20, "ikke en NVK-prosjektfil"),
        (b"SQLite format 3\x00" + b"\x00" * 40, "avkuttet"),
    ],
)
def test_a_damaged_or_foreign_file_is_refused(s: Setup, content: bytes, message: str) -> None:
    bad = s.path.with_name("skadet.nvk")
    bad.write_bytes(content)
    before = dump(s.project.path)
    with pytest.raises(KnownError, match=message):
        gf.merge_group_file(s.project, s.wid, bad)
    assert dump(s.project.path) == before


def test_a_truncated_group_file_is_refused(s: Setup) -> None:
    data = s.path.read_bytes()
    bad = s.path.with_name("halv.nvk")
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(KnownError):
        gf.merge_group_file(s.project, s.wid, bad)


def test_another_apps_sqlite_file_is_refused(s: Setup) -> None:
    bad = s.path.with_name("annet.nvk")
    conn = sqlite3.connect(bad)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectFileError, match="annet program"):
        gf.merge_group_file(s.project, s.wid, bad)


def test_a_missing_file_is_refused(s: Setup) -> None:
    with pytest.raises(ProjectFileError, match="Finner ikke"):
        gf.merge_group_file(s.project, s.wid, s.path.with_name("borte.nvk"))
