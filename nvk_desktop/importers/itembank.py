"""Load the bundled, versioned NVK item bank (resources/itembank/itembank-vN.json).

The file is ours, but it is edited by hand: every rule the rest of the program relies
on (unique ids, known areas/dimensions/groups, unique wording per group so that
columns can be matched by question text) is checked here, with a clear message.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from nvk_desktop.domain.survey import (
    Area,
    Dimension,
    Item,
    ItemBank,
    ItemKind,
    Option,
    RespondentGroup,
    Scale,
)
from nvk_desktop.errors import KnownError
from nvk_desktop.importers.survey_import import normalise_question
from nvk_desktop.resources import resource_path


class ItemBankError(KnownError):
    """The bundled item bank is missing or invalid: a packaging or editing mistake."""


def load_item_bank(version: int = 1) -> ItemBank:
    """The item bank of the given version, parsed and validated once per process."""
    return _load_cached(version)


@lru_cache(maxsize=4)
def _load_cached(version: int) -> ItemBank:
    path = resource_path("itembank", f"itembank-v{version}.json")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ItemBankError(
            f"Fant ikke spørsmålsbanken versjon {version} ({path}).",
            "Installasjonen er ufullstendig. Installer programmet på nytt.",
        ) from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ItemBankError(
            f"Spørsmålsbanken versjon {version} kan ikke leses: {exc}.",
            "Installer programmet på nytt.",
        ) from exc
    bank = parse_item_bank(raw, source=str(path))
    if bank.version != version:
        raise ItemBankError(
            f"Filen {path.name} oppgir versjon {bank.version}, ikke {version}.",
            "Installer programmet på nytt.",
        )
    return bank


def parse_item_bank(raw: Any, source: str = "spørsmålsbanken") -> ItemBank:
    """Build and validate an ItemBank from its JSON form (also used by tests)."""
    problems: list[str] = []

    def fail(msg: str) -> None:
        problems.append(msg)

    if not isinstance(raw, dict):
        raise ItemBankError(f"{source}: forventet et JSON-objekt øverst.")
    version = raw.get("version")
    if not isinstance(version, int) or version < 1:
        fail("«version» må være et heltall fra 1 og oppover")
        version = 0

    groups: list[RespondentGroup] = []
    for g in _list(raw, "groups", fail):
        try:
            groups.append(RespondentGroup(str(g.get("id"))))
        except (ValueError, AttributeError):
            fail(f"ukjent respondentgruppe {g!r}")

    scale = Scale()
    importance_labels: dict[int, str] = {}
    try:
        s = raw.get("scale") or {}
        scale = Scale(
            min=int(s.get("min", 1)),
            max=int(s.get("max", 5)),
            labels={int(k): str(v) for k, v in (s.get("labels") or {}).items()},
            dont_know_code=s.get("dont_know_code"),
            dont_know_label=str(s.get("dont_know_label") or Scale().dont_know_label),
        )
        importance_labels = {int(k): str(v) for k, v in raw.get("importance_labels", {}).items()}
        for k in importance_labels:
            if not scale.contains(k):
                fail(f"viktighetsetiketten {k} ligger utenfor skalaen")
    except (ValueError, TypeError, AttributeError) as exc:
        fail(f"ugyldig skala: {exc}")

    areas = tuple(Area(str(a.get("id")), str(a.get("name"))) for a in _list(raw, "areas", fail))
    dims = tuple(
        Dimension(str(d.get("id")), str(d.get("label"))) for d in _list(raw, "dimensions", fail)
    )
    area_ids = {a.id for a in areas}
    dim_ids = {d.id for d in dims}
    if len(area_ids) != len(areas):
        fail("to områder har samme id")
    if len(dim_ids) != len(dims):
        fail("to tjenestedimensjoner har samme id")

    items: list[Item] = []
    seen_ids: set[str] = set()
    for n, it in enumerate(_list(raw, "items", fail), 1):
        item = _parse_item(it, n, area_ids, dim_ids, set(groups), fail)
        if item is None:
            continue
        if item.id in seen_ids:
            fail(f"spørsmåls-id {item.id!r} finnes to ganger")
        seen_ids.add(item.id)
        items.append(item)

    # Columns are matched by wording: within one group no two items may read alike.
    for group in groups:
        wording: dict[str, str] = {}
        for item in items:
            text = item.texts.get(group)
            if text is None:
                continue
            key = normalise_question(text)
            if key in wording:
                fail(f"{item.id} og {wording[key]} har samme ordlyd for {group.label}: «{text}»")
            wording[key] = item.id

    if problems:
        listed = "; ".join(problems[:10])
        more = f" (og {len(problems) - 10} til)" if len(problems) > 10 else ""
        raise ItemBankError(
            f"{source} er ugyldig: {listed}{more}.",
            "Rett filen, eller installer programmet på nytt.",
        )
    return ItemBank(
        version=version,
        areas=areas,
        dimensions=dims,
        items=tuple(items),
        scale=scale,
        importance_labels=importance_labels,
        groups=tuple(groups),
    )


def _list(raw: dict[str, Any], key: str, fail: Callable[[str], None]) -> list[dict[str, Any]]:
    value = raw.get(key)
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        fail(f"«{key}» må være en liste med objekter")
        return []
    return value


def _parse_item(
    it: dict[str, Any],
    n: int,
    area_ids: set[str],
    dim_ids: set[str],
    groups: set[RespondentGroup],
    fail: Callable[[str], None],
) -> Item | None:
    item_id = it.get("id")
    if not isinstance(item_id, str) or not item_id.strip():
        fail(f"spørsmål nr. {n} mangler id")
        return None
    where = f"spørsmål {item_id}"
    try:
        kind = ItemKind(str(it.get("kind")))
    except ValueError:
        fail(f"{where}: ukjent type {it.get('kind')!r}")
        return None
    area = it.get("area")
    if area is not None and area not in area_ids:
        fail(f"{where}: ukjent område {area!r}")
    if area is None and kind in (ItemKind.SATISFACTION, ItemKind.IMPORTANCE, ItemKind.DIMENSION):
        fail(f"{where}: skalaspørsmål må høre til et område")
    dimension = it.get("dimension")
    if kind is ItemKind.DIMENSION and dimension not in dim_ids:
        fail(f"{where}: ukjent eller manglende tjenestedimensjon {dimension!r}")
    if kind is not ItemKind.DIMENSION and dimension is not None:
        fail(f"{where}: bare dimensjonsspørsmål kan ha en dimensjon")
    texts: dict[RespondentGroup, str] = {}
    raw_texts = it.get("texts")
    if not isinstance(raw_texts, dict) or not raw_texts:
        fail(f"{where}: mangler tekster")
        raw_texts = {}
    for g, text in raw_texts.items():
        try:
            group = RespondentGroup(g)
        except ValueError:
            fail(f"{where}: ukjent gruppe {g!r}")
            continue
        if group not in groups:
            fail(f"{where}: gruppen {g!r} står ikke i «groups»")
        if not isinstance(text, str) or not text.strip():
            fail(f"{where}: tom tekst for {g}")
            continue
        texts[group] = text.strip()
    options: list[Option] = []
    for o in it.get("options") or []:
        if not isinstance(o, dict) or not o.get("code") or not o.get("label"):
            fail(f"{where}: et svaralternativ mangler kode eller tekst")
            continue
        options.append(Option(str(o["code"]), str(o["label"])))
    if kind is ItemKind.BACKGROUND and not options:
        fail(f"{where}: bakgrunnsspørsmål må ha svaralternativer")
    if kind is not ItemKind.BACKGROUND and options:
        fail(f"{where}: bare bakgrunnsspørsmål kan ha svaralternativer")
    if len({o.code for o in options}) != len(options):
        fail(f"{where}: to svaralternativer har samme kode")
    return Item(
        id=item_id,
        area=area,
        kind=kind,
        texts=texts,
        dimension=dimension if kind is ItemKind.DIMENSION else None,
        options=tuple(options),
    )
