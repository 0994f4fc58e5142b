"""Workshop documents made from the project: the verkstedreferat (PDF).

Reading only: nothing here changes the project. ReportLab and matplotlib are imported
when a document is asked for, never at start-up.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from nvk_desktop.services import phases, workshop_points, workshops
from nvk_desktop.services.project import Project, project_info

if TYPE_CHECKING:
    from nvk_desktop.documents.verkstedreferat import VerkstedreferatData

__all__ = ["make_verkstedreferat", "verkstedreferat_data"]


def verkstedreferat_data(
    project: Project, workshop_id: int, *, today: date | None = None
) -> VerkstedreferatData:
    """Everything the referat shows, read from the project (totals only for votes)."""
    from nvk_desktop.documents.verkstedreferat import VerkstedreferatData

    workshop = workshops.get_workshop(project, workshop_id)
    info = project_info(project)
    if workshop.held_on is not None:
        # The cover names the phase the workshop was held in, not today's.
        info = replace(info, current_phase=phases.phase_on(project, workshop.held_on))
    return VerkstedreferatData(
        info=info,
        workshop=workshop,
        groups=workshops.list_groups(project, workshop_id),
        participants=workshops.list_participants(project, workshop_id),
        agenda=workshops.list_agenda(project, workshop_id),
        cards=workshops.list_cards(project, workshop_id),
        points=workshop_points.prioritised(project, workshop_id),
        tally=workshop_points.tally(project, workshop_id, include_hidden=True),
        areas=workshops.areas(),
        generated_on=today or date.today(),
        board_order=[p.id for p in workshop_points.list_points(project, workshop_id)],
    )


def make_verkstedreferat(
    project: Project, workshop_id: int, out: Path | str, *, today: date | None = None
) -> Path:
    """Write the verkstedreferat of a workshop to ``out`` (atomically). Raises
    DocumentError (a KnownError, Norwegian message) when it cannot be written."""
    from nvk_desktop.documents.verkstedreferat import build_verkstedreferat

    data = verkstedreferat_data(project, workshop_id, today=today)
    out = Path(out)
    build_verkstedreferat(data, out)
    return out
