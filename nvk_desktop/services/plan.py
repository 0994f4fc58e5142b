"""The prosjektplan's text sections, written by the user (DOMAIN.md §10)."""

from __future__ import annotations

from sqlalchemy import select

from nvk_desktop.domain.enums import PlanSection
from nvk_desktop.services.project import Project
from nvk_desktop.store.models import PlanTextRow

MAX_TEXT = 200_000


def plan_texts(project: Project) -> dict[PlanSection, str]:
    with project.read() as s:
        rows = s.scalars(select(PlanTextRow)).all()
    known = {p.value for p in PlanSection}
    return {PlanSection(r.key): r.body for r in rows if r.key in known}


def set_plan_text(project: Project, section: PlanSection, body: str) -> None:
    """Store one section; unchanged text makes no undo step."""
    from nvk_desktop.errors import ValidationError

    section = PlanSection(section)
    if len(body) > MAX_TEXT:
        raise ValidationError(f"Teksten i «{section.label}» er for lang (over {MAX_TEXT} tegn).")
    with project.unit_of_work(f"Endre {section.label.lower()}") as s:
        row = s.scalars(select(PlanTextRow).where(PlanTextRow.key == section.value)).first()
        if row is None:
            if body:
                s.add(PlanTextRow(key=section.value, body=body))
        elif row.body != body:
            row.body = body
