"""The bundled item bank (DOMAIN.md §5–6) and the survey domain types."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from nvk_desktop.domain.survey import ItemKind, RespondentGroup, Scale
from nvk_desktop.importers.itembank import ItemBankError, load_item_bank, parse_item_bank
from nvk_desktop.importers.survey_import import normalise_question
from nvk_desktop.resources import resource_path

AREAS = [
    "infrastruktur_planverk",
    "naeringsareal",
    "byggesaker",
    "naeringsutvikling",
    "service_informasjon",
    "dialog_samarbeid",
]
DIMENSIONS = [
    "informasjon",
    "kompetanse",
    "forstaelse",
    "saksbehandlingstid",
    "behandling",
    "likebehandling",
    "skjemaer",
]


def raw_bank() -> dict[str, Any]:
    text = resource_path("itembank", "itembank-v1.json").read_text(encoding="utf-8")
    return json.loads(text)


def test_version_areas_groups_dimensions_and_scale() -> None:
    bank = load_item_bank()
    assert bank.version == 1
    assert [a.id for a in bank.areas] == AREAS
    assert bank.area("byggesaker").name == "Byggesaker"
    assert bank.area("service_informasjon").name == "Service og informasjon"
    assert bank.groups == tuple(RespondentGroup)
    assert [g.label for g in bank.groups] == [
        "Næringsliv",
        "Ansatte i kommunen",
        "Politikere",
        "Utviklingsselskap",
    ]
    assert [d.id for d in bank.dimensions] == DIMENSIONS
    assert bank.dimension("saksbehandlingstid").label == "Saksbehandlingstid"
    assert (bank.scale.min, bank.scale.max) == (1, 5)
    assert bank.scale.labels[1] == "Svært dårlig" and bank.scale.labels[5] == "Svært godt"
    assert bank.scale.dont_know_label == "Vet ikke / ikke aktuelt"
    assert bank.importance_labels[5] == "Svært viktig"
    assert load_item_bank(1) is bank  # parsed once per process


def test_every_area_has_satisfaction_importance_and_open_items() -> None:
    bank = load_item_bank()
    for area in AREAS:
        kinds = [it.kind for it in bank.items_in_area(area)]
        assert 2 <= kinds.count(ItemKind.SATISFACTION) <= 4, area
        assert kinds.count(ItemKind.IMPORTANCE) == 1, area
        assert kinds.count(ItemKind.OPEN) == 2, area  # hva fungerer godt / kan bli bedre
    godt = bank.item("byg.open.godt")
    assert godt.text(RespondentGroup.NAERINGSLIV) == "Hva fungerer godt når det gjelder byggesaker?"
    imp = bank.item("byg.imp")
    assert imp.text(RespondentGroup.NAERINGSLIV) == (
        "Hvor viktig er en god byggesaksbehandling for din bedrift?"
    )


def test_scale_items_are_parallel_across_all_groups() -> None:
    bank = load_item_bank()
    for it in bank.items:
        if it.kind.is_scale or it.kind is ItemKind.OPEN:
            assert set(it.texts) == set(RespondentGroup), it.id
            assert it.area is not None or it.kind is ItemKind.OPEN
    sat = bank.item("ser.sat.4")
    assert sat.text(RespondentGroup.NAERINGSLIV) == (
        "Hvordan vurderer du kommunens serviceinnstilling overfor bedriften din?"
    )
    assert sat.text(RespondentGroup.ANSATTE) == (
        "Hvordan vurderer du kommunens serviceinnstilling overfor næringslivet?"
    )


def test_dimension_items_cover_the_seven_dimensions_per_service() -> None:
    bank = load_item_bank()
    dims = [it for it in bank.items if it.kind is ItemKind.DIMENSION]
    by_area: dict[str, list[str]] = {}
    for it in dims:
        assert it.dimension in DIMENSIONS
        assert it.id == f"{it.id.split('.')[0]}.dim.{it.dimension}"
        by_area.setdefault(it.area or "", []).append(it.dimension or "")
    assert set(by_area) == {
        "byggesaker",
        "infrastruktur_planverk",
        "naeringsutvikling",
        "service_informasjon",
    }
    for area, found in by_area.items():
        assert found == DIMENSIONS, area


def test_background_questions_follow_the_method() -> None:
    bank = load_item_bank()
    business = bank.items_for(RespondentGroup.NAERINGSLIV, [ItemKind.BACKGROUND])
    assert [it.id for it in business] == ["bak.rolle", "bak.storrelse", "bak.bransje"]
    assert [o.label for o in bank.item("bak.rolle").options] == ["Eier", "Daglig leder", "Annet"]
    assert [o.code for o in bank.item("bak.storrelse").options] == ["1_3", "4_10", "over_10"]
    assert len(bank.item("bak.bransje").options) == 9
    assert bank.item("bak.bransje").option("reiseliv") is not None
    employees = bank.items_for(RespondentGroup.ANSATTE, [ItemKind.BACKGROUND])
    assert [it.id for it in employees] == ["bak.enhet", "bak.kontakt"]
    politicians = bank.items_for(RespondentGroup.POLITIKERE, [ItemKind.BACKGROUND])
    assert [it.id for it in politicians] == ["bak.verv"]
    assert bank.items_for(RespondentGroup.UTVIKLINGSSELSKAP, [ItemKind.BACKGROUND]) == []
    assert not bank.item("bak.rolle").asked_of(RespondentGroup.ANSATTE)


def test_wording_is_unique_within_each_group() -> None:
    """Columns are matched by text: two items may never read alike for one group."""
    bank = load_item_bank()
    for group in RespondentGroup:
        texts = [normalise_question(it.texts[group]) for it in bank.items if group in it.texts]
        assert len(texts) == len(set(texts)), group


def test_missing_version_is_a_clear_error() -> None:
    with pytest.raises(ItemBankError, match="Fant ikke spørsmålsbanken versjon 99"):
        load_item_bank(99)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda b: b["items"].append(copy.deepcopy(b["items"][0])), "finnes to ganger"),
        (lambda b: b["items"][10].update(area="ukjent"), "ukjent område 'ukjent'"),
        (lambda b: b["items"][10].update(kind="rating"), "ukjent type 'rating'"),
        (
            lambda b: b["items"][7]["texts"].update(
                naeringsliv=b["items"][6]["texts"]["naeringsliv"]
            ),
            "samme ordlyd for Næringsliv",
        ),
        (
            lambda b: next(i for i in b["items"] if i["kind"] == "dimension").pop("dimension"),
            "manglende tjenestedimensjon",
        ),
        (lambda b: b["items"][0].pop("options"), "må ha svaralternativer"),
        (lambda b: b["items"][6]["texts"].update(kunder="Hei?"), "ukjent gruppe 'kunder'"),
        (lambda b: b["scale"].update(max=4), "ugyldig skala"),
        (lambda b: b.update(version="1"), "«version» må være et heltall"),
    ],
)
def test_invalid_bank_is_refused_with_the_reason(change: Any, message: str) -> None:
    raw = raw_bank()
    change(raw)
    with pytest.raises(ItemBankError) as info:
        parse_item_bank(raw, source="testbank")
    assert message in info.value.message
    assert info.value.message.startswith("testbank er ugyldig")


def test_scale_rules() -> None:
    assert Scale().labels[3] == "Verken godt eller dårlig"
    assert Scale().dont_know_code is None
    for lo, hi in [(1, 5), (1, 6), (1, 7), (0, 10)]:
        assert Scale(lo, hi, labels={}).values == range(lo, hi + 1)
    with pytest.raises(ValueError, match="ikke tillatt"):
        Scale(1, 4, labels={})
    with pytest.raises(ValueError, match="utenfor skalaen"):
        Scale(1, 6, labels={7: "x"})
    with pytest.raises(ValueError, match="vet ikke"):
        Scale(0, 10, labels={}, dont_know_code=9)
    s = Scale(dont_know_code=9)
    assert s.index(1) == 0 and s.index(5) == 100 and s.index(4) == 75
    assert Scale(0, 10, labels={}).index(7) == 70
    assert s.top2() == (4, 5) and s.bottom2() == (1, 2)
    assert s.label(5) == "Svært godt" and Scale(1, 7, labels={}).label(6) == "6"
    assert str(RespondentGroup.ANSATTE) == "Ansatte i kommunen"
    assert RespondentGroup("utviklingsselskap") is RespondentGroup.UTVIKLINGSSELSKAP
