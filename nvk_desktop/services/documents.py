"""Phase documents made from the project. Heavy imports (reportlab) happen here,
when a document is asked for, never at start-up."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from nvk_desktop.services import people, phases, plan
from nvk_desktop.services.project import Project, project_info


def make_prosjektplan(project: Project, out: Path | str, *, today: date | None = None) -> Path:
    """Write the prosjektplan PDF for the current phase to ``out`` (atomically)."""
    from nvk_desktop.documents.prosjektplan import ProsjektplanData, build_prosjektplan

    data = ProsjektplanData(
        info=project_info(project),
        people=people.list_people(project),
        roles=people.list_roles(project),
        groups=people.list_groups(project),
        decision_points=phases.list_decision_points(project),
        milestones=phases.list_milestones(project),
        texts=plan.plan_texts(project),
        generated_on=today or date.today(),
    )
    out = Path(out)
    build_prosjektplan(data, out)
    return out
