"""The verkstedreferat (issue 5, point 8): what it says, what it never says (a
participant's own votes, contact details), its charts, empty states and the command."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from nvk_desktop.charts.workshop_charts import (
    MatrixPoint,
    _matrix_figure,
    _votes_figure,
    gain_effort_matrix,
    votes_chart,
)
from nvk_desktop.domain.workshop import CardKind, Quadrant, VoteTally, Workshop
from nvk_desktop.services import demo_workshops
from nvk_desktop.services import workshop_points as wp
from nvk_desktop.services import workshops as ws
from nvk_desktop.services.demo import create_demo
from nvk_desktop.services.project import Project, create_project
from nvk_desktop.services.workshop_documents import make_verkstedreferat
from nvk_desktop.store.models import PersonRow

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2027, 3, 1)


def pdf_text(path: Path) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; cannot read the PDF's text")
    result = subprocess.run(
        [exe, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, timeout=60
    )
    return re.sub(r"\s+", " ", result.stdout.decode("utf-8"))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    folder = tmp_path_factory.mktemp("referat")
    project = create_demo(folder / "demo.nvk", today=TODAY)
    if not ws.list_workshops(project):  # until the integrator wires it into demo.py
        with project.unit_of_work("Verksted") as s:
            ids = {n: i for n, i in s.execute(select(PersonRow.name, PersonRow.id))}
            demo_workshops.fill(s, "normal", TODAY, ids)
        project.take_last_change()
    yield project
    project.close()


@pytest.fixture(scope="module")
def referat(demo: Project, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    w = ws.find_workshop(demo, demo_workshops.WORKSHOP_NAME)
    assert w.id is not None
    out = make_verkstedreferat(
        demo, w.id, tmp_path_factory.mktemp("pdf") / "referat.pdf", today=TODAY
    )
    return out, pdf_text(out)


def test_referat_says_what_happened(demo: Project, referat: tuple[Path, str]) -> None:
    out, text = referat
    assert out.read_bytes().startswith(b"%PDF")
    assert "Verkstedreferat" in text and "Resultatverksted i Olderdalen" in text
    assert "Olderdalen samfunnshus" in text and "26. november 2025" in text  # in the forstudie
    assert "Geir Isaksen" in text  # prosessveileder
    assert "Eksempelprosjekt – fiktive data" in text
    for heading in (
        "Deltakere og arbeidsgrupper",
        "Agenda",
        "Innspill etter område og gruppe",
        "Forbedringspunkter",
        "Prikkstemming",
        "Gevinst og innsats",
        "Prioriterte forbedringspunkter",
    ):
        assert heading in text
    w = ws.find_workshop(demo, demo_workshops.WORKSHOP_NAME)
    assert w.id is not None
    for p in ws.list_participants(demo, w.id):
        assert p.name in text
    for g in ws.list_groups(demo, w.id):
        assert g.name in text
    assert "Hva fungerer godt?" in text and "Hva kan bli bedre?" in text
    for c in ws.list_cards(demo, w.id):
        if not c.is_duplicate:
            assert c.text[:40] in text
    # A duplicate is shown once on its card, with the count.
    assert "Byggesøknader tar for lang tid, også når søknaden er komplett (×3)" in text
    assert "Byggesøknadene blir liggende for lenge" not in text
    for point in wp.list_points(demo, w.id):
        assert point.title in text
    assert "Raske gevinster" in text and "Strategiske tiltak" in text
    assert "Småtiltak" in text and "Unngå" in text
    # Evidence from the forstudie.
    assert "Komplette byggesøknader bruker hele tolvukersfristen" in text


def test_prioritised_table_follows_dots(demo: Project, referat: tuple[Path, str]) -> None:
    _out, text = referat
    w = ws.find_workshop(demo, demo_workshops.WORKSHOP_NAME)
    assert w.id is not None
    top = wp.prioritised(demo, w.id)[0]
    table = text.split("Prioriterte forbedringspunkter")[-1]
    assert re.search(rf"1 {re.escape(top.title)} .*? {top.dots} {top.gain} {top.effort}", table)


def test_referat_has_no_individual_votes_or_contact_details(
    demo: Project, referat: tuple[Path, str]
) -> None:
    _out, text = referat
    w = ws.find_workshop(demo, demo_workshops.WORKSHOP_NAME)
    assert w.id is not None
    votes_part = text.split("Prikkstemming")[-1]
    for p in ws.list_participants(demo, w.id):
        assert p.name not in votes_part, f"{p.name} appears where the votes are"
    assert "@" not in text  # no e-mail addresses
    with demo.read() as s:
        phones = [ph for ph in s.scalars(select(PersonRow.phone)) if ph]
    assert phones and not any(ph in text for ph in phones)


def test_referat_of_an_empty_workshop(tmp_path: Path) -> None:
    project = create_project(tmp_path / "tom.nvk", "5540", "Tomt")
    try:
        wid = ws.create_workshop(project, Workshop("Tomt verksted"), with_agenda=False)
        out = make_verkstedreferat(project, wid, tmp_path / "tom.pdf", today=TODAY)
    finally:
        project.close()
    text = pdf_text(out)
    for empty in (
        "Ingen deltakere er registrert.",
        "Verkstedet har ingen agenda.",
        "Ingen innspill er registrert.",
        "Innspillene er ikke gruppert i forbedringspunkter ennå.",
        "Ingen stemmer er registrert.",
        "Forbedringspunktene har ikke fått gevinst og innsats ennå.",
        "Ingen forbedringspunkter å prioritere.",
    ):
        assert empty in text
    assert "Eksempelprosjekt" not in text


def test_votes_hidden_in_the_room_are_still_counted_in_the_referat(tmp_path: Path) -> None:
    project = create_project(tmp_path / "p.nvk", "5540", "P")
    try:
        wid = ws.create_workshop(project, Workshop("Verksted"))
        g = ws.add_group(project, wid, "Gruppe Nord")
        c = ws.add_card(project, wid, g, "Kaia trenger landstrøm", None, CardKind.FORSLAG)
        p = wp.create_point(project, wid, "Landstrøm på kaia", [c])
        kari = ws.add_participant(project, wid, "Kari Unik-Navnesen", "", g)
        wp.set_votes(project, wid, kari, {p: 3})
        wp.set_score(project, p, 4, 4)
        out = make_verkstedreferat(project, wid, tmp_path / "r.pdf", today=TODAY)
    finally:
        project.close()
    text = pdf_text(out)
    assert "1 av 1 deltakere stemte, med til sammen 3 prikker" in text
    assert text.count("Kari Unik-Navnesen") == 1  # in the participant list only


# -- charts -----------------------------------------------------------------------------
def _texts(fig: object) -> str:
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    assert isinstance(fig, Figure)
    return " ".join(t.get_text() for t in fig.findobj(Text))


def test_matrix_names_its_cells_and_lists_the_points() -> None:
    points = [
        MatrixPoint(1, "Én dør inn for næringslivet", 5, 2, 12),
        MatrixPoint(2, "Ferdig regulerte næringstomter", 5, 5, 4),
        MatrixPoint(3, "Samme plass", 5, 2, 1),
    ]
    text = _texts(_matrix_figure(points, example_mark=True))
    for q in Quadrant:
        assert q.label in text
    assert "Én dør inn for næringslivet" in text and "Eksempelprosjekt – fiktive data" in text
    assert "Innsats" in text and "Gevinst" in text
    png = gain_effort_matrix(points)
    assert png.startswith(b"\x89PNG")
    assert "ennå" in _texts(_matrix_figure([]))


def test_votes_chart_shows_totals_only() -> None:
    tallies = [VoteTally(1, "Én dør inn", 12, 9), VoteTally(2, "Næringsfond", 1, 1)]
    text = _texts(_votes_figure(tallies))
    assert "12  (9 deltakere)" in text and "1  (1 deltaker)" in text
    assert votes_chart(tallies).startswith(b"\x89PNG")
    assert "Ingen stemmer" in _texts(_votes_figure([]))


# -- command line ----------------------------------------------------------------------
def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
    )


def test_document_verkstedreferat_command(demo: Project, tmp_path: Path) -> None:
    path = demo.path
    later = ws.create_workshop(demo, Workshop("Tiltaksverksted i mai", held_on=TODAY))
    try:
        r = run("document", "verkstedreferat", path, "-o", tmp_path / "siste.pdf")
        assert r.returncode == 0, r.stderr
        assert "«Tiltaksverksted i mai»" in r.stdout  # the most recent workshop
        assert "Tiltaksverksted i mai" in pdf_text(tmp_path / "siste.pdf")

        r = run(
            "document",
            "verkstedreferat",
            path,
            "--workshop",
            "resultatverksted i olderdalen",
            "-o",
            tmp_path / "navngitt.pdf",
        )
        assert r.returncode == 0, r.stderr
        assert "Resultatverksted i Olderdalen" in pdf_text(tmp_path / "navngitt.pdf")

        r = run(
            "document", "verkstedreferat", path, "--workshop", "Ukjent", "-o", tmp_path / "x.pdf"
        )
        assert r.returncode == 1
        assert r.stderr.startswith("feil: Fant ikke verkstedet «Ukjent».")
        assert (
            "«Resultatverksted i Olderdalen»" in r.stderr and "«Tiltaksverksted i mai»" in r.stderr
        )
        assert not (tmp_path / "x.pdf").exists()
    finally:
        ws.delete_workshop(demo, later)


def test_document_verkstedreferat_without_workshops(tmp_path: Path) -> None:
    create_project(tmp_path / "tom.nvk", "5540", "Tom").close()
    r = run("document", "verkstedreferat", tmp_path / "tom.nvk", "-o", tmp_path / "x.pdf")
    assert r.returncode == 1
    assert "Prosjektet har ingen verksteder." in r.stderr
