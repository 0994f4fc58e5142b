"""PDF documents: the shared document module and the prosjektplan."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from nvk_desktop.documents import base
from nvk_desktop.documents.base import DocumentError, format_date_long, format_date_short
from nvk_desktop.documents.prosjektplan import ProsjektplanData, build_prosjektplan
from nvk_desktop.domain.enums import (
    DecidedBy,
    Decision,
    GroupKind,
    GroupRole,
    PersonCategory,
    Phase,
    PlanSection,
    Role,
)
from nvk_desktop.domain.models import (
    DecisionPoint,
    Group,
    Kommune,
    Membership,
    Milestone,
    Person,
    ProjectInfo,
    RoleAssignment,
)

KAAFJORD = Kommune("5540", "Gáivuotna - Kåfjord - Kaivuono", "55", "Troms")
TODAY = date(2026, 11, 29)


def sample_data(*, is_example: bool = False) -> ProsjektplanData:
    """A realistic forstudie project with every part of the plan filled in."""
    people = [
        Person(
            "Åse Ødegård-Márjá",
            "Gáivuotna - Kåfjord - Kaivuono kommune",
            PersonCategory.ADMINISTRASJON,
            "ase.odegard@kafjord.kommune.no",
            "777 19 000",
            id=1,
        ),
        Person("Ole Nilsen Ánde", "Nordlys Rådgivning AS", PersonCategory.KONSULENT, id=2),
        Person(
            "Ragnhild Bjørnstad-Sørensen Haugland",
            "Fagforbundet Gáivuotna - Kåfjord - Kaivuono",
            PersonCategory.TILLITSVALGT,
            "ragnhild.bjornstad-sorensen.haugland@fagforbundet.example.no",
            id=3,
        ),
        Person(
            "Jørn Bær 🐟", "Lyngen Sjømat AS", PersonCategory.NAERINGSLIV, phone="913 45 678", id=4
        ),
        Person("Márjá Østby", "Kåfjord Næringsforening", PersonCategory.NAERINGSLIV, id=5),
        Person("Per Æsøy", "Teknisk etat", PersonCategory.ADMINISTRASJON, id=6),
        Person("Ikke Medlem", "Privat", PersonCategory.ANNET, "hemmelig@example.no", id=7),
    ]
    roles = [
        RoleAssignment(Role.PROSJEKTANSVARLIG, 1),
        RoleAssignment(Role.PROSJEKTLEDER, 2, Phase.FORSTUDIE),
        RoleAssignment(Role.PROSJEKTLEDER, 6, Phase.FORPROSJEKT),
        RoleAssignment(Role.PROSESSVEILEDER, 2, Phase.FORPROSJEKT),
        RoleAssignment(Role.PROSJEKTMEDARBEIDER, 6),
    ]
    groups = [
        Group(
            GroupKind.STYRINGSGRUPPE,
            "Styringsgruppe NVK",
            "Følger hele arbeidet fra forstudie til hovedprosjekt.",
            (
                Membership(1, GroupRole.LEDER),
                Membership(3),
                Membership(4),
                Membership(2, GroupRole.SEKRETAER),
            ),
            id=1,
        ),
        Group(
            GroupKind.ARBEIDSGRUPPE,
            "Arbeidsgruppe byggesak og plan",
            members=(Membership(6, GroupRole.LEDER), Membership(5)),
            id=2,
        ),
    ]
    decisions = [
        DecisionPoint(
            Phase.IDE,
            Decision.VIDEREFORE,
            DecidedBy.RADMANN,
            date(2026, 8, 20),
            "2026/1234",
            "Mandat for forstudien gitt.",
        )
    ]
    milestones = [
        Milestone(Phase.FORSTUDIE, "Oppstartsmøte holdt", date(2026, 9, 10), date(2026, 9, 9)),
        Milestone(
            Phase.FORSTUDIE,
            "Spørreundersøkelser sendt ut",
            date(2026, 10, 15),
            note="Nettskjema; purring etter én uke.",
        ),
        Milestone(Phase.FORSTUDIE, "Forstudierapport levert", date(2027, 1, 31)),
        Milestone(Phase.FORPROSJEKT, "Tiltaksverksted", None),
    ]
    texts = {
        PlanSection.BAKGRUNN: (
            "Kommunen vil bli en bedre samarbeidspartner for næringslivet.\n\n"
            "Forstudien skal kartlegge dagens tjenester:\n"
            "- byggesak og plan\n"
            "• næringsutvikling & service\n\n"
            "Vi skriver <b>ikke</b> markup & slikt her."
        ),
        PlanSection.EFFEKTMAL: "Flere arbeidsplasser og mer lønnsomme bedrifter.",
        PlanSection.RESULTATMAL: "   \n  ",
        PlanSection.RISIKO: "Lav svarprosent fra næringslivet.",
    }
    info = ProjectInfo(
        "NVK Kåfjord 2026",
        KAAFJORD,
        Phase.FORSTUDIE,
        is_example,
        datetime(2026, 8, 1, 9, 0),
    )
    return ProsjektplanData(info, people, roles, groups, decisions, milestones, texts, TODAY)


def pdf_text(path: Path) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; cannot read the PDF's text")
    result = subprocess.run(
        [exe, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, timeout=60
    )
    # Undo pdftotext's line breaks so that phrases can be searched as a whole.
    return re.sub(r"\s+", " ", result.stdout.decode("utf-8"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The prosjektplan of a real project and of an example project."""
    folder = tmp_path_factory.mktemp("docs")
    real, example = folder / "plan.pdf", folder / "eksempel.pdf"
    build_prosjektplan(sample_data(), real)
    build_prosjektplan(sample_data(is_example=True), example)
    return real, example


def test_pdf_is_complete_and_embeds_dejavu(built: tuple[Path, Path]) -> None:
    raw = built[0].read_bytes()
    assert raw.startswith(b"%PDF-")
    assert raw.rstrip().endswith(b"%%EOF")
    assert b"/FontFile2" in raw
    assert b"DejaVuSans" in raw
    assert b"Helvetica" not in raw
    assert list(built[0].parent.glob("*.tmp")) == []


def test_pdf_metadata(built: tuple[Path, Path]) -> None:
    raw = built[0].read_bytes()
    assert b"NVK Desktop" in raw  # author and creator
    assert b"/Title" in raw and b"/Subject" in raw


def test_prosjektplan_text(built: tuple[Path, Path]) -> None:
    text = pdf_text(built[0])
    assert "Prosjektplan – Forstudie" in text
    assert "Gáivuotna - Kåfjord - Kaivuono" in text
    assert "kommunenummer 5540" in text
    assert "29. november 2026" in text
    for heading in (
        "Innhold",
        "1 Mål og rammer",
        "1.1 Bakgrunn",
        "1.4 Rammer og avgrensning",
        "2 Organisering",
        "2.2 Styringsgruppe",
        "3 Oppfølging",
        "3.1 Beslutningspunkter",
        "3.3 Milepæler",
        "4 Interessenter og kommunikasjon",
        "5 Risiko",
        "6 Gjennomføring",
        "7 Økonomi",
    ):
        assert heading in text, heading
    assert "Åse Ødegård-Márjá" in text
    assert "Márjá Østby" in text
    assert re.search(r"Side 2 av \d+", text)
    assert "Generert 29. november 2026" in text
    assert "Eksempelprosjekt – fiktive data" not in text


def test_prosjektplan_content(built: tuple[Path, Path]) -> None:
    text = pdf_text(built[0])
    # user text is shown literally, never interpreted as markup
    assert "Vi skriver <b>ikke</b> markup & slikt her." in text
    assert "næringsutvikling & service" in text
    # blank and missing sections
    assert "Ikke utfylt ennå." in text
    # decision points: the taken one and the open ones
    assert "2026/1234" in text
    assert "Ikke besluttet" in text
    # milestones: done, overdue, open
    assert "Fullført 09.09.2026" in text
    assert "Forsinket" in text
    # contact details only for people with a role or membership
    assert "ase.odegard@kafjord.kommune.no" in text
    assert "hemmelig@example.no" not in text
    assert "Ikke Medlem" not in text
    # no referansegruppe yet
    assert "Ingen referansegrupper er opprettet ennå." in text


def test_example_project_is_marked(built: tuple[Path, Path]) -> None:
    text = pdf_text(built[1])
    # on the cover and in the footer of every page after it
    pages = text.count("Side ")
    assert pages >= 2
    assert text.count("Eksempelprosjekt – fiktive data") >= pages + 1


def test_empty_project_builds(tmp_path: Path) -> None:
    data = sample_data()
    data = replace(
        data, people=[], roles=[], groups=[], decision_points=[], milestones=[], texts={}
    )
    out = tmp_path / "tom.pdf"
    build_prosjektplan(data, out)
    text = pdf_text(out)
    assert text.count("Ikke utfylt ennå.") == 8
    assert "Ikke oppnevnt ennå" in text
    assert "Styringsgruppen er ikke oppnevnt ennå." in text


def test_missing_folder_raises_document_error(tmp_path: Path) -> None:
    out = tmp_path / "finnes-ikke" / "plan.pdf"
    with pytest.raises(DocumentError) as info:
        build_prosjektplan(sample_data(), out)
    assert "finnes ikke" in info.value.message
    assert not out.parent.exists()
    assert list(tmp_path.iterdir()) == []


def test_failure_during_build_leaves_target_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "plan.pdf"
    out.write_bytes(b"old version")

    def boom(self: object, flowable: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(base._DocTemplate, "afterFlowable", boom)
    with pytest.raises(RuntimeError, match="boom"):
        build_prosjektplan(sample_data(), out)
    assert out.read_bytes() == b"old version"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.pdf"]


def test_failure_while_writing_leaves_target_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "plan.pdf"
    out.write_bytes(b"old version")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(base.os, "fsync", disk_full)
    with pytest.raises(DocumentError, match="ikke nok ledig plass"):
        build_prosjektplan(sample_data(), out)
    assert out.read_bytes() == b"old version"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.pdf"]


def test_write_atomic_replaces_existing_file(tmp_path: Path) -> None:
    out = tmp_path / "plan.pdf"
    out.write_bytes(b"old")
    base.write_atomic(b"new", out)
    assert out.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.pdf"]


def test_target_that_is_a_folder(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="er en mappe"):
        base.write_atomic(b"x", tmp_path)


def test_norwegian_dates() -> None:
    assert format_date_long(date(2026, 11, 29)) == "29. november 2026"
    assert format_date_long(date(2027, 2, 1)) == "1. februar 2027"
    assert format_date_short(date(2026, 3, 5)) == "05.03.2026"


def test_user_text_blocks() -> None:
    blocks = base._user_text_blocks(
        "Første avsnitt\nlinje to\n\n- punkt én\n  fortsetter\n• punkt to\nEtter liste"
    )
    assert blocks == [
        ("p", "Første avsnitt\nlinje to"),
        ("bullet", "punkt én\nfortsetter"),
        ("bullet", "punkt to"),
        ("p", "Etter liste"),
    ]
    assert base._user_text_blocks("  \n\n ") == []
    assert base._user_text_blocks(None) == []


def test_escape_text() -> None:
    assert base.escape_text("a < b & c > d\x00\ne") == "a &lt; b &amp; c &gt; d<br/>e"
    assert base.escape_text(base.Markup("<b>x</b>")) == "<b>x</b>"


def test_font_dir_has_dejavu() -> None:
    folder = base.find_font_dir()
    assert (folder / "DejaVuSans.ttf").is_file()


def test_story_with_chart_and_key_values(tmp_path: Path) -> None:
    png = _tiny_png(40, 20)
    info = sample_data().info
    story = base.Story("Testdokument", info, TODAY, toc=False)
    story.heading("Figur")
    story.chart(png, width=200, caption="Figur 1 – test")
    story.key_values([("Nøkkel", "Verdi med æøå"), ("Tom", None)])
    story.bullets(["én", base.warning("to")])
    out = tmp_path / "t.pdf"
    story.build(out)
    assert out.read_bytes().startswith(b"%PDF-")
    text = pdf_text(out)
    assert "Figur 1 – test" in text
    assert "Verdi med æøå" in text


def _tiny_png(w: int, h: int) -> bytes:
    import struct
    import zlib

    raw = b"".join(b"\x00" + b"\x80\x40\x20" * w for _ in range(h))

    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def test_documents_package_imports_light() -> None:
    """reportlab stays off the start-up path; fonts are found without importing matplotlib."""
    code = (
        "import sys, nvk_desktop.documents\n"
        "assert 'reportlab' not in sys.modules, 'package imports reportlab'\n"
        "from nvk_desktop.documents import base\n"
        "base.register_fonts()\n"
        "assert 'matplotlib' not in sys.modules, 'font lookup imports matplotlib'\n"
        "assert 'PySide6' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
