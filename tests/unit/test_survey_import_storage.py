"""The stored form of imported answers: the import writes ResponseRow.answers with a
faster writer than answers_json, and the text must be the very same (the results, the
schema-v3/v4 fixtures and add/update_response read and write it too)."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from nvk_desktop.domain.survey import RespondentGroup
from nvk_desktop.services import surveys as sv
from nvk_desktop.services.project import Project, create_project
from nvk_desktop.store.models import OpenAnswerRow, ResponseRow

G = RespondentGroup
ITEMS = ["bak.storrelse", "byg.sat.1", "byg.sat.2", "byg.imp", "byg.open.bedre"]


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    p = create_project(tmp_path / "s.nvk", "4645", "Lagring")
    yield p
    p.close()


def test_writer_gives_the_text_of_answers_json() -> None:
    write = sv._answers_json_writer()
    rng = random.Random(3)
    texts = ["4_10", 'sitat "her"', "æøå – Gáivuotna", "linje\nskift", "\x01", "\\", "", "1"]
    cases: list[dict[str, int | str | None]] = [{}, {"a": 1}, {'k"ey': None, "ø": "ø"}]
    for _ in range(300):
        keys = rng.sample(["byg.sat.1", "byg.imp", "bak.rolle", "x", 'q"', "å"], rng.randint(0, 6))
        cases.append({k: rng.choice([None, rng.randint(-2, 12), rng.choice(texts)]) for k in keys})
    for answers in cases:
        assert write(answers) == sv.answers_json(answers)
    # Values a table by value would mix up (True is 1, 1.0 is 1) take answers_json.
    for odd in ({"a": True}, {"a": 1.0}, {"a": [1]}):
        assert write(odd) == sv.answers_json(odd)  # type: ignore[arg-type]


def test_imported_answers_are_stored_as_answers_json(project: Project, tmp_path: Path) -> None:
    sid = sv.create_survey(project, "Import", groups=[G.NAERINGSLIV], item_ids=ITEMS)
    survey = sv.get_survey(project, sid)
    headers = [survey.item(k).text(G.NAERINGSLIV) for k in ITEMS]
    rows = [
        ["1–3 ansatte", "Svært dårlig", "4", "Svært viktig", "Raskere svar"],
        ["over 10 ansatte", "4", "", "Vet ikke", ""],
        ["", "3", "5", "4", "Bedre «informasjon»"],
        ["4–10 ansatte", "", "", "", ""],
    ]
    buf = io.StringIO()
    csv.writer(buf).writerows([headers, *rows])
    path = tmp_path / "svar.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    sv.import_answers(project, sid, G.NAERINGSLIV, path)
    with project.read() as s:
        stored = s.execute(select(ResponseRow.answers).order_by(ResponseRow.id)).scalars().all()
        opened = s.execute(select(OpenAnswerRow.text).order_by(OpenAnswerRow.id)).scalars().all()
    expected = [
        {"bak.storrelse": "1_3", "byg.sat.1": 1, "byg.sat.2": 4, "byg.imp": 5},
        {"bak.storrelse": "over_10", "byg.sat.1": 4, "byg.imp": None},
        {"byg.sat.1": 3, "byg.sat.2": 5, "byg.imp": 4},
        {"bak.storrelse": "4_10"},
    ]
    assert list(stored) == [sv.answers_json(a) for a in expected]
    assert list(opened) == ["Raskere svar", "Bedre «informasjon»"]
