"""The survey commands run as a user would: exit codes, output and the JSON contracts."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nvk_desktop.domain.survey import RespondentGroup
from nvk_desktop.services import surveys as sv
from nvk_desktop.services.project import create_project
from tests.unit.helpers import dump

ROOT = Path(__file__).resolve().parents[2]
G = RespondentGroup
ITEMS = ["bak.storrelse", "byg.sat.1", "byg.sat.2", "byg.imp", "byg.open.bedre", "ser.sat.1"]
HEADERS = [
    "ID",
    "Starttidspunkt",
    "Fullføringstidspunkt",
    "E-post",
    "Navn",
    "Hvor mange ansatte har bedriften?",
    "Hvordan vurderer du byggesaksbehandlingen i kommunen alt i alt?",
    "Hvor viktig er en god byggesaksbehandling for din bedrift?",
]


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ},
        timeout=120,
    )


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / "Kåfjord æøå.nvk"
    p = create_project(path, "5540", "Næringsvennlig Kåfjord")
    try:
        t0 = sv.create_survey(
            p, "Undersøkelse 2026", groups={G.NAERINGSLIV: 10, G.ANSATTE: 5}, item_ids=ITEMS
        )
        for a in ({"byg.sat.1": 2, "byg.sat.2": 4}, {"byg.sat.1": 5, "byg.sat.2": None}):
            sv.add_response(p, t0, G.NAERINGSLIV, a)
        sv.add_response(p, t0, G.ANSATTE, {"byg.sat.1": 4})
        sv.create_followup(p, t0, "Oppfølging 2027")
    finally:
        p.close()
    return path


def _forms_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(HEADERS)
        for n, row in enumerate(rows, 1):
            w.writerow([str(n), "3/1/26 10:00:00", "3/1/26 10:05:00", "anonym", "", *row])
    return path


def test_surveys_json_exact_shape(project_file: Path) -> None:
    r = run("surveys", project_file, "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == [
        {
            "name": "Undersøkelse 2026",
            "round": "T0",
            "groups": ["naeringsliv", "ansatte"],
            "answers": 3,
        },
        {
            "name": "Oppfølging 2027",
            "round": "T1",
            "groups": ["naeringsliv", "ansatte"],
            "answers": 0,
        },
    ]
    r = run("surveys", project_file)
    assert r.returncode == 0 and "Undersøkelse 2026" in r.stdout and "oppfølging av" in r.stdout


def test_results_json_exact_shape(project_file: Path) -> None:
    r = run("results", project_file, "--survey", "undersøkelse 2026", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert set(out) == {"survey", "scale", "items", "areas"}
    assert out["survey"] == "Undersøkelse 2026" and out["scale"] == {"min": 1, "max": 5}
    assert [it["id"] for it in out["items"]] == ["byg.sat.1", "byg.sat.2", "byg.imp", "ser.sat.1"]
    first = out["items"][0]
    assert set(first) == {"id", "text", "texts", "area", "groups"}
    assert first["text"] == first["texts"]["naeringsliv"]
    assert set(first["texts"]) == {"naeringsliv", "ansatte"}
    assert first["area"] == "Byggesaker"
    assert first["groups"] == {
        "naeringsliv": {"n": 2, "mean": 3.5, "top2": 0.5, "index": 62.5},
        "ansatte": {"n": 1, "mean": 4.0, "top2": 1.0, "index": 75.0},
    }
    for figures in first["groups"].values():
        assert all(type(figures[k]) is float for k in ("mean", "top2", "index"))
        assert type(figures["n"]) is int
    # n = 0: the group is left out (vet ikke does not count).
    assert out["items"][1]["groups"] == {
        "naeringsliv": {"n": 1, "mean": 4.0, "top2": 1.0, "index": 75.0}
    }
    assert out["items"][3]["groups"] == {}
    assert [a["name"] for a in out["areas"]] == ["Byggesaker", "Service og informasjon"]
    assert set(out["areas"][0]) == {"name", "groups"}
    assert out["areas"][0]["groups"]["naeringsliv"] == {
        "n": 2,
        "mean": pytest.approx(11 / 3),
        "top2": pytest.approx(2 / 3),
        "index": pytest.approx((11 / 3 - 1) / 4 * 100),
    }
    r = run("results", project_file, "--survey", "Undersøkelse 2026")
    assert r.returncode == 0 and "Byggesaker" in r.stdout and "svarprosent 20\xa0%" in r.stdout


def test_unknown_survey_is_one_line_and_nonzero(project_file: Path) -> None:
    r = run("results", project_file, "--survey", "Finnes ikke", "--json")
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "Fant ingen undersøkelse" in r.stderr
    assert "«Undersøkelse 2026»" in r.stderr


def test_import_survey_dry_run_then_import(project_file: Path, tmp_path: Path) -> None:
    data = _forms_csv(
        tmp_path / "forms.csv",
        [["1–3 ansatte", "Svært godt", "Viktig"], ["Over 10 ansatte", "2", "Vet ikke"]],
    )
    before = dump(project_file)
    mapping = tmp_path / "kobling.json"
    r = run(
        "import-survey", project_file, data, "--survey", "Undersøkelse 2026",
        "--group", "naeringsliv", "--dry-run", "--save-mapping", mapping,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "Format: Microsoft Forms" in r.stdout
    assert "→ byg.sat.1" in r.stdout and "personopplysning" in r.stdout
    assert "Respondenter: 2 (prøvekjøring" in r.stdout
    assert dump(project_file) == before
    assert json.loads(mapping.read_text(encoding="utf-8"))["format"] == "nvk-column-mapping"

    r = run(
        "import-survey", project_file, data, "--survey", "Undersøkelse 2026",
        "--group", "naeringsliv", "--mapping", mapping,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "Respondenter: 2 importert" in r.stdout
    answers = json.loads(run("surveys", project_file, "--json").stdout)[0]["answers"]
    assert answers == 5

    after = dump(project_file)
    r = run(
        "import-survey", project_file, data, "--survey", "Undersøkelse 2026",
        "--group", "naeringsliv",
    )  # fmt: skip
    assert r.returncode == 1 and "Denne filen ble importert" in r.stderr
    assert dump(project_file) == after


def test_import_survey_broken_file_writes_nothing(project_file: Path, tmp_path: Path) -> None:
    data = _forms_csv(
        tmp_path / "feil.csv",
        [["1–3 ansatte", "Svært godt", "Viktig"], ["Over 10 ansatte", "12", "Vet ikke"]],
    )
    before = dump(project_file)
    for extra in ((), ("--dry-run",)):
        r = run(
            "import-survey", project_file, data, "--survey", "Undersøkelse 2026",
            "--group", "naeringsliv", *extra,
        )  # fmt: skip
        assert r.returncode == 1
        assert "Rad 3, kolonne G" in r.stderr and "utenfor skalaen" in r.stderr
        assert "feil:" in r.stderr
        assert dump(project_file) == before
    r = run(
        "import-survey", project_file, tmp_path / "mangler.csv", "--survey", "Undersøkelse 2026",
        "--group", "naeringsliv",
    )  # fmt: skip
    assert r.returncode == 1 and "Finner ikke filen" in r.stderr
    bad_map = tmp_path / "bad.json"
    bad_map.write_text("{", encoding="utf-8")
    r = run(
        "import-survey", project_file, data, "--survey", "Undersøkelse 2026",
        "--group", "naeringsliv", "--mapping", bad_map,
    )  # fmt: skip
    assert r.returncode == 1 and "ikke gyldig JSON" in r.stderr
    r = run("import-survey", project_file, data, "--survey", "X", "--group", "kunder")
    assert r.returncode == 2  # argparse: the group must be one of the four
    assert dump(project_file) == before
