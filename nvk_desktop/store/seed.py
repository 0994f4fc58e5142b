"""The default phase checklists and service catalogue that every project starts with.

Both come from resources/defaults/ and are copied into the file once (a new file, or
an older file climbing to schema version 2); after that they are the project's own
and the user edits them freely. Plain SQL, so that the migration step does not depend
on the ORM models of later versions.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from sqlalchemy import Connection, text

from nvk_desktop.resources import resource_path

NOT_STARTED = "ikke_startet"


@cache
def _load(name: str) -> dict[str, Any]:
    with open(resource_path("defaults", name), encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def default_checklists() -> dict[str, list[str]]:
    """Phase value → item titles, in order."""
    phases: dict[str, list[str]] = _load("checklists.json")["phases"]
    return phases


def default_service_catalogue() -> list[dict[str, Any]]:
    """Areas with their services; a service is a name or a dict with name and facts."""
    areas: list[dict[str, Any]] = _load("servicemap.json")["areas"]
    return areas


def default_dimensions() -> list[str]:
    dims: list[str] = _load("servicemap.json")["dimensions"]
    return dims


def alternative_dimension_sets() -> dict[str, dict[str, Any]]:
    sets: dict[str, dict[str, Any]] = _load("servicemap.json")["alternative_dimensions"]
    return sets


def default_criteria() -> list[dict[str, Any]]:
    """Prioritising criteria: name, weight (shares summing to 1), higher_is_better."""
    criteria: list[dict[str, Any]] = _load("criteria.json")["criteria"]
    return criteria


def seed_criteria(conn: Connection) -> None:
    """Copy the default prioritising criteria into the file (schema version 4)."""
    for pos, c in enumerate(default_criteria()):
        conn.execute(
            text(
                "INSERT INTO criterion(position, name, weight, higher_is_better)"
                " VALUES(:pos, :name, :weight, :better)"
            ),
            {"pos": pos, "name": c["name"], "weight": c["weight"], "better": c["higher_is_better"]},
        )


def seed_defaults(conn: Connection) -> None:
    """Copy the default checklists, service catalogue and dimensions into the file."""
    for phase, titles in default_checklists().items():
        for position, title in enumerate(titles):
            conn.execute(
                text(
                    "INSERT INTO checklist_item(phase, position, title, status, note)"
                    " VALUES(:phase, :pos, :title, :status, '')"
                ),
                {"phase": phase, "pos": position, "title": title, "status": NOT_STARTED},
            )
    for area_pos, area in enumerate(default_service_catalogue()):
        area_id = conn.execute(
            text("INSERT INTO service_area(position, name) VALUES(:pos, :name) RETURNING id"),
            {"pos": area_pos, "name": area["name"]},
        ).scalar_one()
        for pos, service in enumerate(area["services"]):
            facts = service if isinstance(service, dict) else {"name": service}
            conn.execute(
                text(
                    "INSERT INTO service(area_id, position, name, unit, channels,"
                    " legal_deadline_days, fees, current_state)"
                    " VALUES(:area, :pos, :name, '', '', :deadline, '', '')"
                ),
                {
                    "area": area_id,
                    "pos": pos,
                    "name": facts["name"],
                    "deadline": facts.get("legal_deadline_days"),
                },
            )
    for pos, name in enumerate(default_dimensions()):
        conn.execute(
            text("INSERT INTO service_dimension(position, name) VALUES(:pos, :name)"),
            {"pos": pos, "name": name},
        )
