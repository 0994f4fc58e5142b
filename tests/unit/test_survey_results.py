"""Survey results against values worked out by hand on a tiny survey."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from nvk_desktop.analysis.stats import NOT_GIVEN, area_stats, change, item_stats
from nvk_desktop.domain.survey import RespondentGroup
from nvk_desktop.errors import ValidationError
from nvk_desktop.services import surveys as sv
from nvk_desktop.services.project import Project, create_project
from nvk_desktop.services.survey_results import results_json, survey_breakdown, survey_results
from nvk_desktop.store.models import ResponseRow

G = RespondentGroup
ITEMS = ["bak.storrelse", "byg.sat.1", "byg.sat.2", "byg.imp", "byg.open.bedre", "ser.sat.1"]


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    p = create_project(tmp_path / "r.nvk", "4645", "Resultater")
    yield p
    p.close()


@pytest.fixture
def tiny(project: Project) -> int:
    sid = sv.create_survey(
        project, "Liten", groups={G.NAERINGSLIV: 10, G.ANSATTE: 4}, item_ids=ITEMS
    )
    n = G.NAERINGSLIV
    for answers in (
        {"byg.sat.1": 1, "byg.sat.2": 2, "byg.imp": 5, "bak.storrelse": "1_3"},
        {"byg.sat.1": 2, "byg.sat.2": None, "byg.imp": 4, "bak.storrelse": "1_3"},
        {"byg.sat.1": 5, "byg.imp": 5, "bak.storrelse": "over_10", "byg.open.bedre": "Raskere"},
        {"byg.sat.1": None, "byg.sat.2": 4},
    ):
        sv.add_response(project, sid, n, answers)  # type: ignore[arg-type]
    for more in (
        {"byg.sat.1": 4, "byg.sat.2": 5, "byg.imp": 3},
        {"byg.sat.1": 5, "byg.sat.2": 4, "byg.imp": 4},
    ):
        sv.add_response(project, sid, G.ANSATTE, more)
    return sid


def test_item_figures_per_group(project: Project, tiny: int) -> None:
    r = survey_results(project, tiny)
    assert [it.key for it in r.items] == ["byg.sat.1", "byg.sat.2", "byg.imp", "ser.sat.1"]
    item = r.item("byg.sat.1")
    n = item.stats[G.NAERINGSLIV]
    assert (n.n, n.dont_know, n.answers) == (3, 1, 3)
    assert n.mean == pytest.approx(8 / 3)
    assert n.sd == pytest.approx(math.sqrt(13 / 3))  # stdev of 1, 2, 5
    assert n.top2 == pytest.approx(1 / 3) and n.bottom2 == pytest.approx(2 / 3)
    assert n.index == pytest.approx((8 / 3 - 1) / 4 * 100)
    assert dict(n.distribution) == {1: 1, 2: 1, 3: 0, 4: 0, 5: 1}
    a = item.stats[G.ANSATTE]
    assert (a.n, a.mean, a.top2, a.index) == (2, 4.5, 1.0, 87.5)
    [gap] = item.gaps
    assert (gap.a, gap.b) == (G.ANSATTE, G.NAERINGSLIV)
    assert gap.gap.mean == pytest.approx(4.5 - 8 / 3)
    assert item.text.startswith("Hvordan vurderer du byggesaksbehandlingen")
    assert set(item.texts) == {G.NAERINGSLIV, G.ANSATTE}  # only the survey's groups
    assert r.item("ser.sat.1").stats[G.NAERINGSLIV].n == 0


def test_area_pools_satisfaction_items_and_keeps_importance_apart(
    project: Project, tiny: int
) -> None:
    r = survey_results(project, tiny)
    [area] = [a for a in r.areas if a.area == "byggesaker"]
    assert area.name == "Byggesaker"
    n = area.stats[G.NAERINGSLIV]  # 1, 2 | 2, vet ikke | 5 | vet ikke, 4
    assert (n.n, n.answers, n.dont_know) == (4, 5, 2)
    assert n.mean == pytest.approx(14 / 5) and n.top2 == pytest.approx(2 / 5)
    assert area.stats[G.ANSATTE].mean == pytest.approx(4.5)
    assert area.importance[G.NAERINGSLIV].mean == pytest.approx(14 / 3)
    assert area.satisfaction[G.NAERINGSLIV].mean == pytest.approx(14 / 5)
    assert [a.area for a in r.areas] == ["byggesaker", "service_informasjon"]
    quad = r.importance[G.NAERINGSLIV]
    assert [p.area for p in quad.points] == ["Byggesaker"]


def test_rates_comments_and_suppression_when_asked(project: Project, tiny: int) -> None:
    r = survey_results(project, tiny)
    assert [(x.group, x.responses, x.invited, x.rate) for x in r.rates] == [
        (G.NAERINGSLIV, 4, 10, 0.4),
        (G.ANSATTE, 2, 4, 0.5),
    ]
    [comment] = r.comments["byggesaker"]
    assert (comment.text, comment.group) == ("Raskere", G.NAERINGSLIV)
    hidden = survey_results(project, tiny, min_n=5)
    assert hidden.item("byg.sat.1").stats[G.NAERINGSLIV].suppressed
    assert hidden.item("byg.sat.1").gaps == ()


def test_breakdown_by_background_hides_small_groups(project: Project, tiny: int) -> None:
    b = survey_breakdown(project, tiny, "byg.sat.1", "bak.storrelse", G.NAERINGSLIV, min_n=1)
    by = {c.category: c for c in b.breakdown.categories}
    assert list(by) == ["1–3 ansatte", "4–10 ansatte", "Over 10 ansatte", NOT_GIVEN]
    assert by["1–3 ansatte"].stats.mean == pytest.approx(1.5)
    # The one who did not say (only «vet ikke») is hidden, so the smallest shown group
    # is hidden too: otherwise it could be worked out from the total.
    assert by[NOT_GIVEN].suppressed and by["Over 10 ansatte"].suppressed
    assert "regnes ut" in (by["Over 10 ansatte"].reason or "")
    assert b.breakdown.total.mean == pytest.approx(8 / 3)
    strict = survey_breakdown(project, tiny, "byg.sat.1", "bak.storrelse", G.NAERINGSLIV)
    assert all(c.suppressed for c in strict.breakdown.categories)
    pooled = survey_breakdown(project, tiny, "byggesaker", "bak.storrelse", G.NAERINGSLIV, min_n=1)
    assert pooled.breakdown.get("1–3 ansatte").stats.mean == pytest.approx(5 / 3)
    with pytest.raises(ValidationError, match="ikke et bakgrunnsspørsmål"):
        survey_breakdown(project, tiny, "byg.sat.1", "byg.imp", G.NAERINGSLIV)
    with pytest.raises(ValidationError, match="Fant ikke"):
        survey_breakdown(project, tiny, "månen", "bak.storrelse", G.NAERINGSLIV)


def test_follow_up_change_per_item_and_area(project: Project) -> None:
    t0 = sv.create_survey(project, "T0", groups=[G.NAERINGSLIV], item_ids=ITEMS)
    before, after = [1, 2, 2, 3, 2], [3, 4, 4, 5, 4]
    for v in before:
        sv.add_response(project, t0, G.NAERINGSLIV, {"byg.sat.1": v})
    t1 = sv.create_followup(project, t0, "T1")
    for v in after:
        sv.add_response(project, t1, G.NAERINGSLIV, {"byg.sat.1": v})
    r = survey_results(project, t1)
    assert r.baseline is not None and r.baseline.name == "T0"
    c = r.item("byg.sat.1").change[G.NAERINGSLIV]
    expected = change(before, after, 1, 5)
    assert c.mean_diff == pytest.approx(2.0)
    assert (c.ci_low, c.ci_high) == pytest.approx((expected.ci_low, expected.ci_high))
    assert c.caution is not None and "Få svar" in c.caution
    area = r.area("byggesaker").change[G.NAERINGSLIV]
    assert area.mean_diff == pytest.approx(2.0)
    assert survey_results(project, t0).item("byg.sat.1").change == {}


def test_results_json_shape(project: Project, tiny: int) -> None:
    out = results_json(survey_results(project, tiny))
    assert out["survey"] == "Liten" and out["scale"] == {"min": 1, "max": 5}
    items = out["items"]
    assert isinstance(items, list)
    first = items[0]
    assert set(first) == {"id", "text", "texts", "area", "groups"}
    assert first["area"] == "Byggesaker"
    assert first["groups"]["naeringsliv"] == {
        "n": 3,
        "mean": pytest.approx(8 / 3),
        "top2": pytest.approx(1 / 3),
        "index": pytest.approx(125 / 3),
    }
    assert items[-1]["id"] == "ser.sat.1" and items[-1]["groups"] == {}


def _random_answers(rng: random.Random, keys: list[str]) -> dict[str, int | None]:
    """Skipped items, «vet ikke», and now and then a whole area left without a figure."""
    out: dict[str, int | None] = {}
    blank_area = rng.random() < 0.15
    for k in keys:
        r = rng.random()
        if blank_area and k.startswith("byg.sat"):
            if r < 0.5:
                out[k] = None
        elif r < 0.15:
            out[k] = None
        elif r > 0.9:
            continue
        else:
            out[k] = rng.randint(1, 5)
    return out


def test_counted_figures_equal_the_figures_of_every_answer(project: Project) -> None:
    # survey_results counts values per item instead of collecting every answer; the
    # figures must be exactly what item_stats/area_stats give on the answers themselves.
    keys = ["byg.sat.1", "byg.sat.2", "byg.imp", "ser.sat.1"]
    sid = sv.create_survey(project, "Mange", groups=[G.NAERINGSLIV, G.ANSATTE], item_ids=ITEMS)
    rng = random.Random(4)
    given: dict[G, list[dict[str, int | None]]] = {G.NAERINGSLIV: [], G.ANSATTE: []}
    for n in range(70):
        group = G.NAERINGSLIV if n % 3 else G.ANSATTE
        answers = _random_answers(rng, keys)
        if not answers:
            continue
        sv.add_response(project, sid, group, answers)  # type: ignore[arg-type]
        given[group].append(answers)
    r = survey_results(project, sid)
    for g, rows in given.items():
        for k in keys:
            values = [a[k] for a in rows if k in a]
            assert r.item(k).stats[g] == item_stats(values, 1, 5)
        area = r.area("byggesaker")
        for got, area_keys in (
            (area.stats[g], ["byg.sat.1", "byg.sat.2"]),
            (area.satisfaction[g], ["byg.sat.1", "byg.sat.2"]),
            (area.importance[g], ["byg.imp"]),
        ):
            pooled = [[a[k] for k in area_keys if k in a] for a in rows]
            assert got == area_stats([p for p in pooled if p], 1, 5)
        # Some respondents have no valid answer in the area: n counts people, not rows.
        assert area.stats[g].n < sum(1 for a in rows if "byg.sat.1" in a or "byg.sat.2" in a)
    hidden = survey_results(project, sid, min_n=5)
    for g, rows in given.items():
        values = [a["byg.sat.2"] for a in rows if "byg.sat.2" in a]
        assert hidden.item("byg.sat.2").stats[g] == item_stats(values, 1, 5, min_n=5)


def test_a_stored_value_of_another_type_is_still_refused(project: Project, tiny: int) -> None:
    # A Counter would count true as 1; the stored answers are then read one by one and
    # the bad value named, as before.
    with project.unit_of_work("Ødelegg et svar") as s:
        rid = s.scalar(select(ResponseRow.id).where(ResponseRow.survey_id == tiny))
        s.execute(
            update(ResponseRow).where(ResponseRow.id == rid).values(answers='{"byg.sat.1":true}')
        )
    with pytest.raises(ValueError, match="True"):
        survey_results(project, tiny)
