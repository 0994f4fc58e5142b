"""The municipality register shipped in resources/kommuner.csv (SSB KLASS 131)."""

from __future__ import annotations

import csv
from functools import lru_cache

from nvk_desktop.domain.models import Kommune
from nvk_desktop.domain.text import fold
from nvk_desktop.resources import resource_path


@lru_cache(maxsize=1)
def all_kommuner() -> tuple[Kommune, ...]:
    with resource_path("kommuner.csv").open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader(f)
        return tuple(
            Kommune(r["kommunenummer"], r["kommunenavn"], r["fylkesnummer"], r["fylkesnavn"])
            for r in rows
        )


def find_kommune(nummer: str) -> Kommune | None:
    nummer = nummer.strip().zfill(4)
    return next((k for k in all_kommuner() if k.nummer == nummer), None)


def search_kommuner(query: str) -> list[Kommune]:
    """Municipalities whose number starts with, or whose name contains, ``query``."""
    q = fold(query.strip())
    if not q:
        return list(all_kommuner())
    if q.isdigit():
        return [k for k in all_kommuner() if k.nummer.startswith(q)]
    starts = [k for k in all_kommuner() if fold(k.navn).startswith(q)]
    contains = [k for k in all_kommuner() if q in fold(k.navn) and k not in starts]
    return starts + contains
