"""SQLAlchemy 2 models of the project file (the current schema version).

Enum columns store the enum's value (see domain/enums.py); dates are ISO text.
Every table keeps its rowid so that the undo log (store/undo.py) can address rows.
"""

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint, text
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
    # Schema 4: the highest measure code number ever given ("T-007" → 7), so that codes
    # are never reused after a measure is deleted.
    last_measure_number: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))


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


# -- schema version 2: the forstudie workspace ---------------------------------------
class ChecklistItemRow(Base):
    """One item of a phase checklist (DOMAIN.md §4); ``position`` orders a phase's items."""

    __tablename__ = "checklist_item"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phase: Mapped[str] = mapped_column(String(20), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    responsible_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), nullable=True, index=True
    )
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class ChecklistLinkRow(Base):
    """What a checklist item produced: a note, a meeting, a service, a survey, a
    workshop (``target_id`` points into that table) or a document (``label`` only)."""

    __tablename__ = "checklist_link"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("checklist_item.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    label: Mapped[str] = mapped_column(Text, default="")


class ServiceAreaRow(Base):
    """An area of the service map (tjenesteområde, DOMAIN.md §5)."""

    __tablename__ = "service_area"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)


class ServiceRow(Base):
    """A service or contact point that business meets, with its facts and KPIs.

    ``channels`` is a comma-separated list of Channel values; shares are 0–1.
    """

    __tablename__ = "service"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_id: Mapped[int] = mapped_column(
        ForeignKey("service_area.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(Text, default="")
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), nullable=True, index=True
    )
    channels: Mapped[str] = mapped_column(Text, default="")
    yearly_cases: Mapped[int | None] = mapped_column(Integer, nullable=True)
    median_days: Mapped[float | None] = mapped_column(nullable=True)
    legal_deadline_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    within_deadline_share: Mapped[float | None] = mapped_column(nullable=True)
    complaints: Mapped[int | None] = mapped_column(Integer, nullable=True)
    fees: Mapped[str] = mapped_column(Text, default="")
    current_state: Mapped[str] = mapped_column(Text, default="")


class ServiceDimensionRow(Base):
    """A service dimension the consultant assesses every service on (editable set)."""

    __tablename__ = "service_dimension"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)


class ServiceAssessmentRow(Base):
    """The consultant's 1–5 score of one service on one dimension (NULL = unknown)."""

    __tablename__ = "service_assessment"
    __table_args__ = (UniqueConstraint("service_id", "dimension_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    dimension_id: Mapped[int] = mapped_column(
        ForeignKey("service_dimension.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class ServiceKpiRow(Base):
    """A further objective KPI of a service (beyond days, deadline share, complaints)."""

    __tablename__ = "service_kpi"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(Text)
    value: Mapped[float | None] = mapped_column(nullable=True)
    unit: Mapped[str] = mapped_column(Text, default="")
    measured_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class NoteRow(Base):
    """An interview, document study or observation (may hold personal data)."""

    __tablename__ = "note"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    held_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    subject: Mapped[str] = mapped_column(Text)  # interviewee(s) or document title
    organisation: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    personal_data: Mapped[bool] = mapped_column(default=True)


class NoteAreaRow(Base):
    __tablename__ = "note_area"
    __table_args__ = (UniqueConstraint("note_id", "area_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("note.id", ondelete="CASCADE"), index=True)
    area_id: Mapped[int] = mapped_column(
        ForeignKey("service_area.id", ondelete="CASCADE"), index=True
    )


class NoteServiceRow(Base):
    __tablename__ = "note_service"
    __table_args__ = (UniqueConstraint("note_id", "service_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("note.id", ondelete="CASCADE"), index=True)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )


class FindingRow(Base):
    """A finding in a note; ``is_candidate`` marks it as a candidate improvement point."""

    __tablename__ = "finding"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("note.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    is_candidate: Mapped[bool] = mapped_column(default=False)


class MeetingRow(Base):
    __tablename__ = "meeting"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(Text)
    held_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    place: Mapped[str] = mapped_column(Text, default="")
    agenda: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[str] = mapped_column(Text, default="")


class MeetingParticipantRow(Base):
    __tablename__ = "meeting_participant"
    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)


class MeetingDecisionRow(Base):
    """A vedtak made in a meeting (the decision log that Oversikt lists)."""

    __tablename__ = "meeting_decision"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    case_number: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text)


# -- schema version 3: surveys (issue 4) -----------------------------------------------
class SurveyRow(Base):
    """A survey round (T0 baseline, or T1 follow-up linked to its baseline).

    ``scale_labels`` is JSON {"1": "Svært dårlig", ...}; ``dont_know_code`` is the
    number that stands for "vet ikke" in files and keyboard entry (NULL: none).
    """

    __tablename__ = "survey"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    round: Mapped[str] = mapped_column(String(4))
    baseline_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey.id", ondelete="SET NULL"), nullable=True, index=True
    )
    scale_min: Mapped[int] = mapped_column(Integer)
    scale_max: Mapped[int] = mapped_column(Integer)
    scale_labels: Mapped[str] = mapped_column(Text, default="{}")
    dont_know_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    opens_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    closes_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    bank_version: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")


class SurveyGroupRow(Base):
    """A respondent group of a survey and how many were invited (NULL: unknown)."""

    __tablename__ = "survey_group"
    __table_args__ = (UniqueConstraint("survey_id", "grp"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    grp: Mapped[str] = mapped_column(String(20))
    invited: Mapped[int | None] = mapped_column(Integer, nullable=True)


class SurveyItemRow(Base):
    """The survey's own copy of a bank item (``key`` = bank id) or an own item ("egen.N").

    ``texts`` is JSON {group value: wording}; ``options`` JSON [{"code", "label"}].
    """

    __tablename__ = "survey_item"
    __table_args__ = (UniqueConstraint("survey_id", "key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(60))
    area: Mapped[str | None] = mapped_column(String(40), nullable=True)
    kind: Mapped[str] = mapped_column(String(20))
    dimension: Mapped[str | None] = mapped_column(String(40), nullable=True)
    texts: Mapped[str] = mapped_column(Text, default="{}")
    options: Mapped[str] = mapped_column(Text, default="[]")
    own: Mapped[bool] = mapped_column(default=False)


class SurveyImportRow(Base):
    """One imported file; its responses go with it (undo removes an import whole)."""

    __tablename__ = "survey_import"
    __table_args__ = (UniqueConstraint("survey_id", "content_hash"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    grp: Mapped[str] = mapped_column(String(20))
    file_name: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[str] = mapped_column(String(32))  # ISO timestamp, local time
    respondents: Mapped[int] = mapped_column(Integer)
    mapping: Mapped[str] = mapped_column(Text, default="{}")


class ResponseRow(Base):
    """One respondent: from an import, or typed in from a paper form.

    ``answers`` holds the closed answers as compact JSON keyed by survey_item.key:
    an integer on the scale, null for "vet ikke", or a background option code, e.g.
    {"bak.storrelse": "1_3", "byg.sat.1": 2, "byg.sat.2": null}. One row per
    respondent rather than per answer, so that a 10,000-respondent import and its
    undo are thousands of row changes, not hundreds of thousands. Open answers, which
    are coded into themes, are rows of their own (``open_answer``).
    """

    __tablename__ = "response"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    grp: Mapped[str] = mapped_column(String(20))
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_import.id", ondelete="CASCADE"), nullable=True, index=True
    )
    source_row: Mapped[int | None] = mapped_column(Integer, nullable=True)
    entered_at: Mapped[str | None] = mapped_column(String(32), nullable=True)
    answers: Mapped[str] = mapped_column(Text, default="{}")


class OpenAnswerRow(Base):
    """A respondent's text answer to an open question (codable into themes)."""

    __tablename__ = "open_answer"
    __table_args__ = (UniqueConstraint("response_id", "item_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(
        ForeignKey("survey_item.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)


class CommentThemeRow(Base):
    """A theme open comments are coded into, linkable to a candidate improvement point."""

    __tablename__ = "comment_theme"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    area: Mapped[str | None] = mapped_column(String(40), nullable=True)
    name: Mapped[str] = mapped_column(Text)
    candidate_finding_id: Mapped[int | None] = mapped_column(
        ForeignKey("finding.id", ondelete="SET NULL"), nullable=True, index=True
    )


class CommentCodeRow(Base):
    __tablename__ = "comment_code"
    __table_args__ = (UniqueConstraint("answer_id", "theme_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("open_answer.id", ondelete="CASCADE"))
    theme_id: Mapped[int] = mapped_column(
        ForeignKey("comment_theme.id", ondelete="CASCADE"), index=True
    )


class ImportMappingRow(Base):
    """A confirmed column mapping, remembered by the file's header signature."""

    __tablename__ = "import_mapping"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    signature: Mapped[str] = mapped_column(String(64), unique=True)
    mapping: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[str] = mapped_column(String(32))


# -- schema version 4: workshops, improvement points, measures and the handlingsplan ------
class WorkshopRow(Base):
    """A verksted (DOMAIN.md §7). ``uid`` ties group files exported from it back to it."""

    __tablename__ = "workshop"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(Text)
    held_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    place: Mapped[str] = mapped_column(Text, default="")
    facilitator_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), nullable=True, index=True
    )
    dot_budget: Mapped[int] = mapped_column(Integer, default=5)
    votes_revealed: Mapped[bool] = mapped_column(default=False)
    # A group file (a small project exported for one group's secretary) names its group.
    group_file_group_uid: Mapped[str | None] = mapped_column(String(36), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class WorkshopParticipantRow(Base):
    """Someone in the room: a person from Organisering, or a name added on the spot."""

    __tablename__ = "workshop_participant"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), nullable=True, index=True
    )
    name: Mapped[str] = mapped_column(Text)
    organisation: Mapped[str] = mapped_column(Text, default="")
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop_group.id", ondelete="SET NULL"), nullable=True, index=True
    )


class WorkshopGroupRow(Base):
    __tablename__ = "workshop_group"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)


class AgendaStepRow(Base):
    """A timed step of the workshop's agenda, with the prompt shown on the projector."""

    __tablename__ = "agenda_step"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    prompt: Mapped[str] = mapped_column(Text, default="")
    area: Mapped[str | None] = mapped_column(String(40), nullable=True)
    minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)


class ImprovementPointRow(Base):
    """A forbedringspunkt: a cluster of cards, or a point made elsewhere (workshop NULL).

    ``gain`` and ``effort`` are the room's 1–5 scores for the 2×2 matrix.
    """

    __tablename__ = "improvement_point"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    workshop_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop.id", ondelete="SET NULL"), nullable=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    area: Mapped[str | None] = mapped_column(String(40), nullable=True)
    gain: Mapped[int | None] = mapped_column(Integer, nullable=True)
    effort: Mapped[int | None] = mapped_column(Integer, nullable=True)


class ImprovementPointLinkRow(Base):
    """Evidence behind a point: a finding or note (forstudie), a survey item or area
    (``key``), or a comment theme."""

    __tablename__ = "improvement_point_link"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    point_id: Mapped[int] = mapped_column(
        ForeignKey("improvement_point.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    key: Mapped[str] = mapped_column(Text, default="")
    label: Mapped[str] = mapped_column(Text, default="")


class CardRow(Base):
    """An innspill from a working group. ``uid`` and ``revision`` make merging group
    files idempotent; ``base_revision`` is the revision a group file started from, so a
    merge can tell an edit on both sides (a conflict) from an edit on one."""

    __tablename__ = "card"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop_group.id", ondelete="SET NULL"), nullable=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    area: Mapped[str | None] = mapped_column(String(40), nullable=True)
    kind: Mapped[str] = mapped_column(String(20))
    point_id: Mapped[int | None] = mapped_column(
        ForeignKey("improvement_point.id", ondelete="SET NULL"), nullable=True, index=True
    )
    duplicate_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("card.id", ondelete="SET NULL"), nullable=True, index=True
    )
    revision: Mapped[int] = mapped_column(Integer, default=1)
    base_revision: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[str] = mapped_column(String(32))


class CardConflictRow(Base):
    """A card edited both in the project and in a group file: the incoming version is
    kept here until the facilitator chooses, so nothing is lost."""

    __tablename__ = "card_conflict"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("card.id", ondelete="CASCADE"), index=True)
    merge_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_merge.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    area: Mapped[str | None] = mapped_column(String(40), nullable=True)
    kind: Mapped[str] = mapped_column(String(20))
    revision: Mapped[int] = mapped_column(Integer)


class WorkshopMergeRow(Base):
    """One group file merged into a workshop (the content hash catches a second merge)."""

    __tablename__ = "workshop_merge"
    __table_args__ = (UniqueConstraint("workshop_id", "content_hash"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    group_uid: Mapped[str] = mapped_column(String(36))
    file_name: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    merged_at: Mapped[str] = mapped_column(String(32))
    added: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    conflicts: Mapped[int] = mapped_column(Integer, default=0)


class VoteRow(Base):
    """Dots one participant gave one improvement point (several dots allowed)."""

    __tablename__ = "vote"
    __table_args__ = (UniqueConstraint("point_id", "participant_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    point_id: Mapped[int] = mapped_column(
        ForeignKey("improvement_point.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_participant.id", ondelete="CASCADE"), index=True
    )
    dots: Mapped[int] = mapped_column(Integer)


class PlanDecisionRow(Base):
    """The decision of what goes into the handlingsplan: who, when, in which meeting."""

    __tablename__ = "plan_decision"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decided_on: Mapped[date] = mapped_column(Date)
    decided_by: Mapped[str] = mapped_column(Text)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL"), nullable=True, index=True
    )
    note: Mapped[str] = mapped_column(Text, default="")


class MeasureRow(Base):
    """A tiltak (DOMAIN.md §8). ``code`` ("T-007") is the stable id used in Excel."""

    __tablename__ = "measure"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    responsible_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), nullable=True, index=True
    )
    unit: Mapped[str] = mapped_column(Text, default="")
    start_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    deadline_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20))
    progress: Mapped[int] = mapped_column(Integer, default=0)  # percent 0–100
    hours: Mapped[float | None] = mapped_column(nullable=True)
    cost_nok: Mapped[float | None] = mapped_column(nullable=True)
    funding: Mapped[str] = mapped_column(Text, default="")
    gain: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 1–5, the 2×2 matrix
    effort: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 1–5
    moscow: Mapped[str | None] = mapped_column(String(10), nullable=True)
    plan_decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_decision.id", ondelete="SET NULL"), nullable=True, index=True
    )


class MeasurePointRow(Base):
    __tablename__ = "measure_point"
    __table_args__ = (UniqueConstraint("measure_id", "point_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measure.id", ondelete="CASCADE"), index=True
    )
    point_id: Mapped[int] = mapped_column(
        ForeignKey("improvement_point.id", ondelete="CASCADE"), index=True
    )


class MeasureAreaRow(Base):
    """An area (item bank area id) a measure addresses."""

    __tablename__ = "measure_area"
    __table_args__ = (UniqueConstraint("measure_id", "area"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measure.id", ondelete="CASCADE"), index=True
    )
    area: Mapped[str] = mapped_column(String(40))


class MeasureDependencyRow(Base):
    __tablename__ = "measure_dependency"
    __table_args__ = (UniqueConstraint("measure_id", "depends_on_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measure.id", ondelete="CASCADE"), index=True
    )
    depends_on_id: Mapped[int] = mapped_column(
        ForeignKey("measure.id", ondelete="CASCADE"), index=True
    )


class CriterionRow(Base):
    """A prioritising criterion with its weight; ``higher_is_better`` is false for
    criteria such as innsats/kostnad where a high score counts against a measure."""

    __tablename__ = "criterion"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    weight: Mapped[float] = mapped_column()
    higher_is_better: Mapped[bool] = mapped_column(default=True)


class MeasureScoreRow(Base):
    __tablename__ = "measure_score"
    __table_args__ = (UniqueConstraint("measure_id", "criterion_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measure.id", ondelete="CASCADE"), index=True
    )
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("criterion.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[int] = mapped_column(Integer)


class FollowUpRow(Base):
    """A dated entry in a measure's follow-up log."""

    __tablename__ = "follow_up"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measure.id", ondelete="CASCADE"), index=True
    )
    entry_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), nullable=True, index=True
    )


class IndicatorRow(Base):
    """A measure's effect indicator (KPI) with baseline and target."""

    __tablename__ = "indicator"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measure.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(Text, default="")
    baseline: Mapped[float | None] = mapped_column(nullable=True)
    baseline_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    target: Mapped[float | None] = mapped_column(nullable=True)
    target_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    lower_is_better: Mapped[bool] = mapped_column(default=False)


class IndicatorValueRow(Base):
    __tablename__ = "indicator_value"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicator.id", ondelete="CASCADE"), index=True
    )
    measured_on: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column()
    note: Mapped[str] = mapped_column(Text, default="")


class MeasureEffectTargetRow(Base):
    """A survey area or item (``kind`` "area"|"item", ``key`` its id in the item bank)
    the measure is meant to move, for the effect measurement (DOMAIN.md §9)."""

    __tablename__ = "measure_effect_target"
    __table_args__ = (UniqueConstraint("measure_id", "kind", "key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measure.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))
    key: Mapped[str] = mapped_column(String(60))


class StatusReportRow(Base):
    """A statusrapport made for the styringsgruppe, with a snapshot of every measure
    (JSON) so the next report can say what changed since."""

    __tablename__ = "status_report"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    made_on: Mapped[date] = mapped_column(Date)
    snapshot: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
