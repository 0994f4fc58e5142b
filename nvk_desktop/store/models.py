"""SQLAlchemy 2 models of the project file (the current schema version).

Enum columns store the enum's value (see domain/enums.py); dates are ISO text.
Every table keeps its rowid so that the undo log (store/undo.py) can address rows.
"""

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ProjectRow(Base):
    """The single row describing the project (id is always 1)."""

    __tablename__ = "project"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    kommune_nr: Mapped[str] = mapped_column(String(4))
    kommune_navn: Mapped[str] = mapped_column(Text)
    fylke_nr: Mapped[str] = mapped_column(String(2))
    fylke_navn: Mapped[str] = mapped_column(Text)
    current_phase: Mapped[str] = mapped_column(String(20))
    is_example: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[str] = mapped_column(String(32))  # ISO timestamp


class PersonRow(Base):
    __tablename__ = "person"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    organisation: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(20))
    email: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(Text, default="")


class RoleAssignmentRow(Base):
    __tablename__ = "role_assignment"
    __table_args__ = (UniqueConstraint("role", "person_id", "phase"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    role: Mapped[str] = mapped_column(String(30))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    phase: Mapped[str | None] = mapped_column(String(20), nullable=True)


class GroupRow(Base):
    __tablename__ = "project_group"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")


class GroupMemberRow(Base):
    __tablename__ = "group_member"
    __table_args__ = (UniqueConstraint("group_id", "person_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("project_group.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))


class DecisionPointRow(Base):
    __tablename__ = "decision_point"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phase: Mapped[str] = mapped_column(String(20))
    decision: Mapped[str] = mapped_column(String(20))
    decided_by: Mapped[str] = mapped_column(String(20))
    decided_on: Mapped[date] = mapped_column(Date)
    case_number: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")


class MilestoneRow(Base):
    __tablename__ = "milestone"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phase: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    done_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class PlanTextRow(Base):
    """A text section of the prosjektplan (key = PlanSection value)."""

    __tablename__ = "plan_text"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(30), unique=True)
    body: Mapped[str] = mapped_column(Text, default="")
