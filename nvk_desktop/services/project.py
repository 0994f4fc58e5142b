"""Creating, opening and describing projects; undo and redo of changes."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from nvk_desktop.domain.enums import GroupKind, Phase
from nvk_desktop.domain.kommuner import find_kommune
from nvk_desktop.domain.models import KeyFigures, Kommune, Milestone, ProjectInfo
from nvk_desktop.errors import ValidationError
from nvk_desktop.store import backup as backup_store
from nvk_desktop.store import projectfile
from nvk_desktop.store.models import (
    DecisionPointRow,
    GroupRow,
    MilestoneRow,
    PersonRow,
    ProjectRow,
)
from nvk_desktop.store.projectfile import CheckReport, ProjectStore
from nvk_desktop.store.undo import Change

# The GUI holds a Project and passes Changes back for undo/redo; it never sees storage.
Project = ProjectStore
__all__ = ["Change", "CheckReport", "Project", "create_project", "open_project", "check_project"]

PROJECT_SUFFIX = ".nvk"


def normalise_path(path: Path | str) -> Path:
    p = Path(path).expanduser().absolute()
    if p.suffix.lower() != PROJECT_SUFFIX:
        p = p.with_name(p.name + PROJECT_SUFFIX)
    return p


def validate_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ValidationError(
            "Prosjektet må ha et navn.", "Skriv inn et navn, for eksempel «Næringsvennlig Askvoll»."
        )
    if len(name) > 200:
        raise ValidationError("Prosjektnavnet er for langt (over 200 tegn).")
    return name


def create_project(
    path: Path | str, kommune: Kommune | str, name: str, *, example: bool = False
) -> Project:
    """Create a new .nvk file with a styringsgruppe, and open it."""
    path = normalise_path(path)
    if isinstance(kommune, str):
        found = find_kommune(kommune)
        if found is None:
            raise ValidationError(
                f"Fant ingen kommune med nummer «{kommune}».",
                "Bruk et firesifret kommunenummer fra SSB, for eksempel 4645 for Askvoll.",
            )
        kommune = found
    name = validate_name(name)

    def fill(session: object) -> None:
        from sqlalchemy.orm import Session

        assert isinstance(session, Session)
        session.add(
            ProjectRow(
                id=1,
                name=name,
                kommune_nr=kommune.nummer,
                kommune_navn=kommune.navn,
                fylke_nr=kommune.fylkesnummer,
                fylke_navn=kommune.fylkesnavn,
                current_phase=Phase.FORSTUDIE.value,
                is_example=example,
                created_at=datetime.now().isoformat(timespec="seconds"),
            )
        )
        session.add(
            GroupRow(kind=GroupKind.STYRINGSGRUPPE.value, name="Styringsgruppe", description="")
        )

    projectfile.create_file(path, fill)
    return projectfile.open_file(path)


def open_project(
    path: Path | str, *, read_only: bool = False, take_over_lock: bool = False
) -> Project:
    """Open and check a project file. Raises ProjectFileError with a Norwegian message."""
    return projectfile.open_file(
        Path(path).expanduser().absolute(), read_only=read_only, take_over_lock=take_over_lock
    )


def check_project(path: Path | str) -> CheckReport:
    return projectfile.check_file(Path(path).expanduser())


def undo_or_redo(project: Project, change: Change) -> Change:
    """Apply ``change``; returns the change that reverses it again."""
    return project.apply_change(change)


def project_info(project: Project) -> ProjectInfo:
    with project.read() as s:
        row = s.get_one(ProjectRow, 1)
        return ProjectInfo(
            name=row.name,
            kommune=Kommune(row.kommune_nr, row.kommune_navn, row.fylke_nr, row.fylke_navn),
            current_phase=Phase(row.current_phase),
            is_example=row.is_example,
            created_at=datetime.fromisoformat(row.created_at),
        )


def rename_project(project: Project, name: str) -> None:
    name = validate_name(name)
    with project.unit_of_work("Endre prosjektnavn") as s:
        s.get_one(ProjectRow, 1).name = name


def set_current_phase(project: Project, phase: Phase) -> None:
    with project.unit_of_work(f"Sett fase til {phase.label}") as s:
        s.get_one(ProjectRow, 1).current_phase = phase.value


def key_figures(project: Project, today: date | None = None) -> KeyFigures:
    from nvk_desktop.services.phases import milestone_from_row

    today = today or date.today()
    with project.read() as s:
        people = len(s.scalars(select(PersonRow.id)).all())
        groups = len(s.scalars(select(GroupRow.id)).all())
        decisions = len(s.scalars(select(DecisionPointRow.id)).all())
        milestones: list[Milestone] = [
            milestone_from_row(r) for r in s.scalars(select(MilestoneRow))
        ]
    open_ = sorted(
        (m for m in milestones if not m.is_done and m.due_on is not None),
        key=lambda m: m.due_on or today,
    )
    return KeyFigures(
        people=people,
        groups=groups,
        decision_points=decisions,
        milestones_total=len(milestones),
        milestones_done=sum(1 for m in milestones if m.is_done),
        milestones_overdue=sum(1 for m in milestones if m.is_overdue(today)),
        next_milestone=next((m for m in open_ if m.due_on and m.due_on >= today), None),
    )


def make_backup(project: Project) -> Path:
    return project.backup("manual")


def list_backups(project_path: Path | str) -> list[backup_store.BackupInfo]:
    return backup_store.list_backups(Path(project_path))


BackupInfo = backup_store.BackupInfo


def backup_folder(project_path: Path | str) -> Path:
    """Where the automatic backups of this project file go (it may not exist yet)."""
    return backup_store.backup_folder(Path(project_path))


def restore_file(project_path: Path | str, backup_path: Path | str) -> Path | None:
    """Restore a project that is not open here (command line, or a damaged file)."""
    return projectfile.restore_path(Path(project_path).expanduser(), Path(backup_path).expanduser())


def restore_backup(project: Project, backup_path: Path | str) -> Path:
    """Replace the project with a backup. Returns the backup of the state before,
    which restores back (that is how a restore is undone)."""
    return project.restore_from(Path(backup_path))
