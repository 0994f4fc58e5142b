"""Search across the project: every kind of record is found, Norwegian text folds,
hostile input never raises, and the index follows every change, undo and redo."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from nvk_desktop.domain.enums import PersonCategory
from nvk_desktop.domain.models import Person
from nvk_desktop.services import people
from nvk_desktop.services.project import Project, create_project, undo_or_redo
from nvk_desktop.services.search import SearchHit, build_query, search
from nvk_desktop.store.models import (
    ChecklistItemRow,
    FindingRow,
    MeetingDecisionRow,
    MeetingRow,
    NoteRow,
    ServiceAreaRow,
    ServiceRow,
)
from tests.unit.helpers import dump


@dataclass
class Ids:
    person: int
    checklist: int
    area: int
    service: int
    note: int
    finding: int
    meeting: int
    decision: int
    decision_ps: int
    decision_blank: int


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    p = create_project(tmp_path / "p.nvk", "5540", "Næringsvennlig Kåfjord")
    yield p
    p.close()


@pytest.fixture
def ids(project: Project) -> Ids:
    """One record of every searchable kind, with Norwegian and Sámi text."""
    person = people.add_person(
        project,
        Person("Áilu Hætta Sara", "Gáivuotna/Kåfjord kommune", PersonCategory.ADMINISTRASJON),
    )
    with project.unit_of_work("Testdata") as s:
        item = ChecklistItemRow(
            phase="forprosjekt",
            position=99,
            title="Befaring av kaianlegget med arbeidsgruppene",
            status="ikke_startet",
            note="Bestill lokale i Olderdalen",
        )
        area = ServiceAreaRow(position=99, name="Havn og kai")
        s.add_all([item, area])
        s.flush()
        service = ServiceRow(
            area_id=area.id,
            position=1,
            name="Kaileie for fiskebåter",
            unit="Teknisk drift",
            fees="Kaiavgift etter regulativ",
            current_state="Søknader om kaiplass behandles\nfortløpende av havnefogden.",
        )
        note = NoteRow(
            kind="dybdeintervju",
            held_on=date(2026, 10, 14),
            subject="Marit Lyngseidet, daglig leder",
            organisation="Lyngen Sjømat AS",
            body="Hun roser Næringsforum, men sier at\n\nferdigattesten tok elleve uker.",
            personal_data=True,
        )
        meeting = MeetingRow(
            kind="styringsgruppe",
            title="Styringsgruppemøte 2",
            held_on=date(2026, 11, 20),
            place="Rådhuset, Olderdalen",
            agenda="Resultater fra spørreundersøkelsen",
            minutes="Gjennomgang av svarprosent",
        )
        s.add_all([service, note, meeting])
        s.flush()
        finding = FindingRow(
            note_id=note.id, position=1, text="Uklart hvem som eier saken", is_candidate=True
        )
        decision = MeetingDecisionRow(
            meeting_id=meeting.id,
            position=1,
            case_number="3/26",
            text="Styringsgruppen anbefaler forprosjekt om saksbehandlingstid",
        )
        decision_ps = MeetingDecisionRow(
            meeting_id=meeting.id, position=2, case_number="PS 12/26", text="Budsjett godkjent"
        )
        decision_blank = MeetingDecisionRow(
            meeting_id=meeting.id, position=3, case_number="", text="Neste møte i januar"
        )
        s.add_all([finding, decision, decision_ps, decision_blank])
        s.flush()
        result = Ids(
            person,
            item.id,
            area.id,
            service.id,
            note.id,
            finding.id,
            meeting.id,
            decision.id,
            decision_ps.id,
            decision_blank.id,
        )
    project.take_last_change()
    return result


def only(hits: list[SearchHit], kind: str) -> list[SearchHit]:
    return [h for h in hits if h.kind == kind]


def one(project: Project, query: str, kind: str) -> SearchHit:
    hits = only(search(project, query), kind)
    assert len(hits) == 1, (query, kind, hits)
    return hits[0]


# -- every kind, with its display title and place ---------------------------------
def test_person_hit(project: Project, ids: Ids) -> None:
    hit = one(project, "Áilu", "person")
    assert (hit.ref_id, hit.row_id) == (ids.person, ids.person)
    assert hit.title == "Áilu Hætta Sara"
    assert hit.kind_label == "Person"
    assert hit.location == "Organisering"


def test_checklist_hit_names_its_phase(project: Project, ids: Ids) -> None:
    hit = one(project, "befaring", "checklist")
    assert hit.ref_id == ids.checklist
    assert hit.title == "Befaring av kaianlegget med arbeidsgruppene"
    assert hit.kind_label == "Sjekklistepunkt"
    assert hit.location == "Forstudie › Sjekklister › Forprosjekt"
    # the note is searched too
    assert one(project, "olderdalen lokale", "checklist").ref_id == ids.checklist


def test_area_and_service_hits(project: Project, ids: Ids) -> None:
    area = one(project, "havn", "area")
    assert (area.ref_id, area.title, area.kind_label) == (ids.area, "Havn og kai", "Tjenesteområde")
    assert area.location == "Forstudie › Tjenestekart"
    service = one(project, "kaileie", "service")
    assert service.ref_id == ids.service
    assert service.title == "Havn og kai › Kaileie for fiskebåter"
    assert service.kind_label == "Tjeneste"
    assert one(project, "havnefogden", "service").ref_id == ids.service  # nå-situasjon
    assert one(project, "regulativ", "service").ref_id == ids.service  # fees


def test_note_and_finding_hits(project: Project, ids: Ids) -> None:
    note = one(project, "ferdigattesten", "note")
    assert (note.ref_id, note.title, note.kind_label) == (
        ids.note,
        "Marit Lyngseidet, daglig leder",
        "Notat",
    )
    assert note.location == "Forstudie › Intervjuer og dokumenter"
    finding = one(project, "eier saken", "finding")
    assert finding.ref_id == ids.note  # a finding opens its note
    assert finding.row_id == ids.finding
    assert finding.title == "Marit Lyngseidet, daglig leder"
    assert finding.kind_label == "Funn"


def test_personal_data_notes_are_found(project: Project, ids: Ids) -> None:
    """The consultant's own file: notes with personal data are searched too."""
    assert one(project, "Lyngen Sjømat", "note").ref_id == ids.note


def test_meeting_and_decision_hits(project: Project, ids: Ids) -> None:
    meeting = one(project, "svarprosent", "meeting")
    assert (meeting.ref_id, meeting.title, meeting.kind_label) == (
        ids.meeting,
        "Styringsgruppemøte 2",
        "Møte",
    )
    assert meeting.location == "Forstudie › Møter og vedtak"
    decision = one(project, "saksbehandlingstid", "decision")
    assert decision.ref_id == ids.meeting  # a decision opens its meeting
    assert decision.row_id == ids.decision
    assert decision.title == "Sak 3/26 – Styringsgruppemøte 2"
    assert decision.kind_label == "Vedtak"
    assert one(project, "budsjett", "decision").title == "PS 12/26 – Styringsgruppemøte 2"
    assert one(project, "januar", "decision").title == "Vedtak – Styringsgruppemøte 2"
    # the case number is searchable as it is written
    assert one(project, "3/26", "decision").row_id == ids.decision


def test_one_query_finds_several_kinds(project: Project, ids: Ids) -> None:
    kinds = {h.kind for h in search(project, "olderdalen")}
    assert kinds == {"checklist", "meeting"}


# -- folding, prefixes, several words --------------------------------------------------
@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("kafjord", "person"),  # å typed as a
        ("KÅFJORD", "person"),
        ("GAIVUOTNA", "person"),  # Sámi á, upper case
        ("gaivuotna", "person"),
        ("næring", "note"),  # prefix of Næringsforum
        ("NÆRINGSFORUM", "note"),
        ("naering", "note"),  # æ typed as ae
        ("sjømat", "note"),
        ("sjoemat", "note"),  # ø typed as oe
        ("hætta", "person"),
    ],
)
def test_case_and_diacritics_fold(project: Project, ids: Ids, query: str, kind: str) -> None:
    assert only(search(project, query), kind), query


def test_prefix_matches_the_start_of_a_word(project: Project, ids: Ids) -> None:
    assert one(project, "gaiv", "person").ref_id == ids.person
    assert one(project, "ferdigatt", "note").ref_id == ids.note
    assert not only(search(project, "attest"), "note")  # not the middle of a word


def test_all_words_must_match(project: Project, ids: Ids) -> None:
    assert one(project, "marit ferdigattesten", "note").ref_id == ids.note
    assert one(project, "ferdigattesten   MARIT", "note").ref_id == ids.note
    assert search(project, "marit budsjett") == []
    assert search(project, "ferdigattesten xyzzy") == []


def test_title_ranks_above_body(project: Project, ids: Ids) -> None:
    with project.unit_of_work("Mer") as s:
        s.add(NoteRow(kind="dokumentstudie", subject="Referat", body="Om kaileie og mer"))
    hits = search(project, "kaileie")
    assert hits[0].kind == "service"  # "Kaileie" in the title
    assert [h.kind for h in hits] == ["service", "note"]


def test_snippet_marks_the_match_on_one_line(project: Project, ids: Ids) -> None:
    hit = one(project, "ferdigattest", "note")
    assert "«ferdigattesten»" in hit.snippet
    assert "\n" not in hit.snippet and "  " not in hit.snippet
    assert ("ferdigattesten", True) in hit.spans
    assert "".join(text for text, _ in hit.spans) == hit.snippet.replace("«", "").replace("»", "")
    service = one(project, "havnefogden", "service")
    assert "\n" not in service.snippet and "«havnefogden»" in service.snippet


def test_text_with_its_own_quote_marks(project: Project, ids: Ids) -> None:
    with project.unit_of_work("Sitat") as s:
        s.add(
            NoteRow(
                kind="observasjon", subject="Skranke", body='Skiltet sier «Velkommen» og "Åpent"'
            )
        )
    hit = one(project, "velkommen", "note")
    assert ("Velkommen", True) in hit.spans
    assert one(project, '"Åpent"', "note").title == "Skranke"


def test_limit(project: Project, ids: Ids) -> None:
    with project.unit_of_work("Mange") as s:
        s.add_all(
            NoteRow(kind="dokumentstudie", subject=f"Plandokument {i}", body="Planverket")
            for i in range(60)
        )
    assert len(search(project, "plandokument")) == 50  # the default limit
    assert len(search(project, "plandokument", limit=5)) == 5
    assert len(search(project, "plandokument", limit=100)) == 60
    assert search(project, "plandokument", limit=0) == []
    assert search(project, "plandokument", limit=-1) == []
    # the best come first whatever the limit
    top = search(project, "plandokument 7", limit=3)
    assert top[0].title == "Plandokument 7"


# -- input a user can type or paste -------------------------------------------------------
@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "\n\t",
        '"',
        '""',
        '"Marit',
        "*",
        "marit*",
        "-marit",
        "marit -lyngseidet",
        "subject:marit",
        "title:marit",
        "(marit",
        "marit)",
        "()",
        "NEAR(marit lyngseidet)",
        "NEAR",
        "marit AND",
        "OR",
        "AND OR NOT",
        "marit OR budsjett",
        "NOT marit",
        "^marit",
        "+",
        "{title}: marit",
        "🙂",
        "marit 🙂",
        "'; DROP TABLE person; --",
        "\x00marit",
        "ab\ud800cd",
        "x" * 5000,
        "marit " * 1000,
        " ".join(f"ord{i}" for i in range(900)),
        "a" * 200 + " b",
        "%_",
        "\\",
    ],
)
def test_hostile_input_never_raises(project: Project, ids: Ids, query: str) -> None:
    hits = search(project, query)
    assert isinstance(hits, list)
    assert all(isinstance(h, SearchHit) for h in hits)


def test_operators_are_plain_words(project: Project, ids: Ids) -> None:
    assert search(project, "") == [] and search(project, "   ") == []
    # FTS5 syntax means nothing: "-marit" and "marit*" search for the word marit
    assert one(project, "-marit", "note").ref_id == ids.note
    assert one(project, "marit*", "note").ref_id == ids.note
    assert one(project, '"Marit', "note").ref_id == ids.note
    assert search(project, "marit OR budsjett") == []  # OR is a word that must match
    assert search(project, "NEAR(marit lyngseidet)") == []
    assert build_query('say "hi"') == '"say"* AND """hi"""*'
    assert build_query("naering") == '("naering"* OR "næring"*)'
    assert build_query("🙂 - *") == ""


def test_database_still_there_after_hostile_input(project: Project, ids: Ids) -> None:
    search(project, "'; DROP TABLE person; --")
    assert one(project, "ailu", "person").ref_id == ids.person


# -- the index follows every change --------------------------------------------------------
def test_index_follows_add_update_delete_with_undo_and_redo(project: Project) -> None:
    assert search(project, "Ødegård") == []
    pid = people.add_person(
        project, Person("Åse Ødegård", "Kåfjord Fjellstue", PersonCategory.NAERINGSLIV)
    )
    project.take_last_change()
    assert [h.ref_id for h in search(project, "odegard")] == []  # ø is its own letter
    assert [h.ref_id for h in search(project, "ødegård")] == [pid]
    assert [h.ref_id for h in search(project, "fjellstue")] == [pid]

    people.update_person(
        project, Person("Åse Ødegård", "Birtavarre Camping", PersonCategory.NAERINGSLIV, id=pid)
    )
    rename = project.take_last_change()
    assert rename is not None
    assert search(project, "fjellstue") == []
    assert [h.ref_id for h in search(project, "camping")] == [pid]
    redo_rename = undo_or_redo(project, rename)
    assert [h.ref_id for h in search(project, "fjellstue")] == [pid]
    assert search(project, "camping") == []
    undo_or_redo(project, redo_rename)
    assert [h.ref_id for h in search(project, "camping")] == [pid]

    before = dump(project.path)
    people.delete_person(project, pid)
    delete = project.take_last_change()
    assert delete is not None
    assert search(project, "ødegård") == []  # gone after delete
    redo_delete = undo_or_redo(project, delete)
    assert [h.ref_id for h in search(project, "ødegård")] == [pid]  # back after undo
    assert dump(project.path) == before  # index entries included
    undo_or_redo(project, redo_delete)
    assert search(project, "ødegård") == []  # gone again after redo


def test_cascaded_delete_and_undo_keep_findings_in_step(project: Project, ids: Ids) -> None:
    """Deleting a note deletes its findings by cascade: their entries go too."""
    before = dump(project.path)
    with project.unit_of_work("Slett notat") as s:
        s.delete(s.get_one(NoteRow, ids.note))
    change = project.take_last_change()
    assert change is not None
    assert search(project, "eier saken") == []
    assert search(project, "ferdigattesten") == []
    undo_or_redo(project, change)
    assert dump(project.path) == before
    assert one(project, "eier saken", "finding").ref_id == ids.note


def test_renamed_meeting_renames_its_decision_hits(project: Project, ids: Ids) -> None:
    with project.unit_of_work("Endre møte") as s:
        s.get_one(MeetingRow, ids.meeting).title = "Styringsgruppemøte desember"
    assert one(project, "3/26", "decision").title == "Sak 3/26 – Styringsgruppemøte desember"


def test_search_on_a_read_only_project(project: Project, ids: Ids, tmp_path: Path) -> None:
    from nvk_desktop.services.project import open_project

    path = project.path
    project.close()
    ro = open_project(path, read_only=True)
    try:
        assert one(ro, "ailu", "person").ref_id == ids.person
    finally:
        ro.close()


# -- workshops and the handlingsplan (schema version 4) ---------------------------
def test_card_and_point_hits_name_their_workshop(project: Project) -> None:
    from nvk_desktop.domain.workshop import CardKind, Workshop
    from nvk_desktop.services import workshop_points as wp
    from nvk_desktop.services import workshops as ws

    wid = ws.create_workshop(project, Workshop("Resultatverksted i Olderdalen"))
    gid = ws.add_group(project, wid, "Gruppe 1")
    long_text = (
        "Byggesøknader\nblir liggende  lenge uten at noen sier fra om hva som mangler i søknaden"
    )
    cid = ws.add_card(project, wid, gid, long_text, "byggesaker", CardKind.SVAKHET)
    short = ws.add_card(project, wid, gid, "Godt servicetorg", None, CardKind.STYRKE)
    pid = wp.create_point(
        project, wid, "Tydelig tilbakemelding på mangler", [cid], description="Kvitteringsbrev"
    )

    card = one(project, "mangler søknaden", "card")
    assert (card.ref_id, card.row_id) == (wid, cid)  # a card opens its workshop
    assert card.kind_label == "Innspill"
    assert card.title == "Byggesøknader blir liggende lenge uten at noen sier…"
    assert card.location == "Verksted › Resultatverksted i Olderdalen"
    assert one(project, "servicetorg", "card").title == "Godt servicetorg"
    assert one(project, "servicetorg", "card").row_id == short

    point = one(project, "kvitteringsbrev", "point")
    assert (point.ref_id, point.row_id) == (pid, pid)
    assert (point.title, point.kind_label) == (
        "Tydelig tilbakemelding på mangler",
        "Forbedringspunkt",
    )
    assert point.location == "Verksted › Resultatverksted i Olderdalen"


def test_point_without_workshop_is_placed_in_verksted(project: Project) -> None:
    from nvk_desktop.store.models import ImprovementPointRow

    with project.unit_of_work("Testdata") as s:
        s.add(
            ImprovementPointRow(uid="u1", workshop_id=None, position=0, title="Felles kontaktpunkt")
        )
    hit = one(project, "kontaktpunkt", "point")
    assert hit.location == "Verksted"


def test_measure_and_follow_up_hits(project: Project) -> None:
    from nvk_desktop.store.models import FollowUpRow, MeasureRow

    with project.unit_of_work("Testdata") as s:
        m = MeasureRow(
            code="T-007",
            position=0,
            title="Byggesaksveileder på nett",
            description="Sjekkliste for komplette søknader",
            status="pågår",
        )
        s.add(m)
        s.flush()
        s.add(
            FollowUpRow(measure_id=m.id, entry_on=date(2027, 2, 1), text="Utkast sendt på høring")
        )
        s.flush()
        mid = m.id
    measure = one(project, "sjekkliste komplette", "measure")
    assert (measure.ref_id, measure.kind_label) == (mid, "Tiltak")
    assert measure.title == "T-007 Byggesaksveileder på nett"
    assert measure.location == "Tiltak og handlingsplan"
    assert one(project, "T-007", "measure").ref_id == mid
    entry = one(project, "høring", "follow_up")
    assert entry.ref_id == mid  # an entry opens its measure
    assert (entry.title, entry.kind_label) == ("Byggesaksveileder på nett", "Oppfølging")
    assert entry.location == "Tiltak og handlingsplan"


def test_card_edit_and_undo_keep_the_index_in_step(project: Project) -> None:
    from nvk_desktop.domain.workshop import CardKind, Workshop
    from nvk_desktop.services import workshops as ws

    wid = ws.create_workshop(project, Workshop("Verksted"))
    cid = ws.add_card(project, wid, None, "Kaia trenger strøm", None, CardKind.FORSLAG)
    before = dump(project.path)
    ws.update_card(project, cid, "Kaia trenger landstrøm", None, CardKind.FORSLAG)
    change = project.take_last_change()
    assert change is not None
    assert search(project, "landstrøm")[0].row_id == cid
    undo_or_redo(project, change)
    assert search(project, "landstrøm") == []
    assert dump(project.path) == before
