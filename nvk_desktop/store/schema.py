"""Schema versions: the identity of our files and the ordered migration ladder.

``PRAGMA application_id`` marks a file as an NVK project; ``PRAGMA user_version`` is
its schema version. A new file gets the current schema in one go. An older file
climbs the ladder one step at a time; each step and its version bump commit together,
and the caller backs the file up before the first step (DESIGN.md rule 7).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, text

from nvk_desktop.store import search_index, seed, undo
from nvk_desktop.store.models import Base

APPLICATION_ID = 0x4E564B31  # "NVK1"
SCHEMA_VERSION = 4


def create_schema(conn: Connection) -> None:
    """The current schema in a new, empty file (inside the caller's transaction)."""
    Base.metadata.create_all(conn)
    search_index.create(conn)
    seed.seed_defaults(conn)
    seed.seed_criteria(conn)
    undo.create_log_table(conn)
    undo.install_triggers(conn)
    set_identity(conn, SCHEMA_VERSION)


# Each step's DDL is written out as it was when that version was released, so that a
# step never changes when the models move on.
_V2_FORSTUDIE_TABLES = """
CREATE TABLE checklist_item (
    id INTEGER NOT NULL,
    phase VARCHAR(20) NOT NULL,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    status VARCHAR(20) NOT NULL,
    responsible_id INTEGER,
    due_on DATE,
    note TEXT NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(responsible_id) REFERENCES person (id) ON DELETE SET NULL
);
CREATE INDEX ix_checklist_item_phase ON checklist_item (phase);
CREATE INDEX ix_checklist_item_responsible_id ON checklist_item (responsible_id);
CREATE TABLE checklist_link (
    id INTEGER NOT NULL,
    item_id INTEGER NOT NULL,
    kind VARCHAR(20) NOT NULL,
    target_id INTEGER,
    label TEXT NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(item_id) REFERENCES checklist_item (id) ON DELETE CASCADE
);
CREATE INDEX ix_checklist_link_item_id ON checklist_link (item_id);
CREATE TABLE service_area (
    id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (id)
);
CREATE TABLE service (
    id INTEGER NOT NULL,
    area_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    unit TEXT NOT NULL,
    contact_id INTEGER,
    channels TEXT NOT NULL,
    yearly_cases INTEGER,
    median_days DOUBLE,
    legal_deadline_days INTEGER,
    within_deadline_share DOUBLE,
    complaints INTEGER,
    fees TEXT NOT NULL,
    current_state TEXT NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(area_id) REFERENCES service_area (id) ON DELETE CASCADE,
    FOREIGN KEY(contact_id) REFERENCES person (id) ON DELETE SET NULL
);
CREATE INDEX ix_service_area_id ON service (area_id);
CREATE INDEX ix_service_contact_id ON service (contact_id);
CREATE TABLE service_dimension (
    id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (id)
);
CREATE TABLE service_assessment (
    id INTEGER NOT NULL,
    service_id INTEGER NOT NULL,
    dimension_id INTEGER NOT NULL,
    score INTEGER,
    note TEXT NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (service_id, dimension_id),
    FOREIGN KEY(service_id) REFERENCES service (id) ON DELETE CASCADE,
    FOREIGN KEY(dimension_id) REFERENCES service_dimension (id) ON DELETE CASCADE
);
CREATE INDEX ix_service_assessment_dimension_id ON service_assessment (dimension_id);
CREATE INDEX ix_service_assessment_service_id ON service_assessment (service_id);
CREATE TABLE service_kpi (
    id INTEGER NOT NULL,
    service_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    value DOUBLE,
    unit TEXT NOT NULL,
    measured_on DATE,
    note TEXT NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(service_id) REFERENCES service (id) ON DELETE CASCADE
);
CREATE INDEX ix_service_kpi_service_id ON service_kpi (service_id);
CREATE TABLE note (
    id INTEGER NOT NULL,
    kind VARCHAR(20) NOT NULL,
    held_on DATE,
    subject TEXT NOT NULL,
    organisation TEXT NOT NULL,
    body TEXT NOT NULL,
    personal_data BOOLEAN NOT NULL,
    PRIMARY KEY (id)
);
CREATE TABLE note_area (
    id INTEGER NOT NULL,
    note_id INTEGER NOT NULL,
    area_id INTEGER NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (note_id, area_id),
    FOREIGN KEY(note_id) REFERENCES note (id) ON DELETE CASCADE,
    FOREIGN KEY(area_id) REFERENCES service_area (id) ON DELETE CASCADE
);
CREATE INDEX ix_note_area_area_id ON note_area (area_id);
CREATE INDEX ix_note_area_note_id ON note_area (note_id);
CREATE TABLE note_service (
    id INTEGER NOT NULL,
    note_id INTEGER NOT NULL,
    service_id INTEGER NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (note_id, service_id),
    FOREIGN KEY(note_id) REFERENCES note (id) ON DELETE CASCADE,
    FOREIGN KEY(service_id) REFERENCES service (id) ON DELETE CASCADE
);
CREATE INDEX ix_note_service_note_id ON note_service (note_id);
CREATE INDEX ix_note_service_service_id ON note_service (service_id);
CREATE TABLE finding (
    id INTEGER NOT NULL,
    note_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    is_candidate BOOLEAN NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(note_id) REFERENCES note (id) ON DELETE CASCADE
);
CREATE INDEX ix_finding_note_id ON finding (note_id);
CREATE TABLE meeting (
    id INTEGER NOT NULL,
    kind VARCHAR(30) NOT NULL,
    title TEXT NOT NULL,
    held_on DATE,
    place TEXT NOT NULL,
    agenda TEXT NOT NULL,
    minutes TEXT NOT NULL,
    PRIMARY KEY (id)
);
CREATE TABLE meeting_participant (
    id INTEGER NOT NULL,
    meeting_id INTEGER NOT NULL,
    person_id INTEGER NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (meeting_id, person_id),
    FOREIGN KEY(meeting_id) REFERENCES meeting (id) ON DELETE CASCADE,
    FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE CASCADE
);
CREATE INDEX ix_meeting_participant_meeting_id ON meeting_participant (meeting_id);
CREATE INDEX ix_meeting_participant_person_id ON meeting_participant (person_id);
CREATE TABLE meeting_decision (
    id INTEGER NOT NULL,
    meeting_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    case_number TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(meeting_id) REFERENCES meeting (id) ON DELETE CASCADE
);
CREATE INDEX ix_meeting_decision_meeting_id ON meeting_decision (meeting_id);
"""


def _v1_to_v2(conn: Connection) -> None:
    """Schema 2: the forstudie workspace (checklists, service map, notes, meetings) and
    the search index; the default checklists and catalogue are copied in."""
    for statement in _V2_FORSTUDIE_TABLES.split(";"):
        if statement.strip():
            conn.execute(text(statement))
    search_index.create(conn, search_index.SOURCES_V2)
    seed.seed_defaults(conn)


_V3_SURVEY_TABLES = """
CREATE TABLE survey (
    id INTEGER NOT NULL,
    name TEXT NOT NULL,
    round VARCHAR(4) NOT NULL,
    baseline_id INTEGER,
    scale_min INTEGER NOT NULL,
    scale_max INTEGER NOT NULL,
    scale_labels TEXT NOT NULL,
    dont_know_code INTEGER,
    opens_on DATE,
    closes_on DATE,
    bank_version INTEGER NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (name),
    FOREIGN KEY(baseline_id) REFERENCES survey (id) ON DELETE SET NULL
);
CREATE INDEX ix_survey_baseline_id ON survey (baseline_id);
CREATE TABLE survey_group (
    id INTEGER NOT NULL,
    survey_id INTEGER NOT NULL,
    grp VARCHAR(20) NOT NULL,
    invited INTEGER,
    PRIMARY KEY (id),
    UNIQUE (survey_id, grp),
    FOREIGN KEY(survey_id) REFERENCES survey (id) ON DELETE CASCADE
);
CREATE TABLE survey_item (
    id INTEGER NOT NULL,
    survey_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    "key" VARCHAR(60) NOT NULL,
    area VARCHAR(40),
    kind VARCHAR(20) NOT NULL,
    dimension VARCHAR(40),
    texts TEXT NOT NULL,
    options TEXT NOT NULL,
    own BOOLEAN NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (survey_id, "key"),
    FOREIGN KEY(survey_id) REFERENCES survey (id) ON DELETE CASCADE
);
CREATE TABLE survey_import (
    id INTEGER NOT NULL,
    survey_id INTEGER NOT NULL,
    grp VARCHAR(20) NOT NULL,
    file_name TEXT NOT NULL,
    content_hash VARCHAR(64) NOT NULL,
    imported_at VARCHAR(32) NOT NULL,
    respondents INTEGER NOT NULL,
    mapping TEXT NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (survey_id, content_hash),
    FOREIGN KEY(survey_id) REFERENCES survey (id) ON DELETE CASCADE
);
CREATE TABLE response (
    id INTEGER NOT NULL,
    survey_id INTEGER NOT NULL,
    grp VARCHAR(20) NOT NULL,
    import_id INTEGER,
    source_row INTEGER,
    entered_at VARCHAR(32),
    answers TEXT NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(survey_id) REFERENCES survey (id) ON DELETE CASCADE,
    FOREIGN KEY(import_id) REFERENCES survey_import (id) ON DELETE CASCADE
);
CREATE INDEX ix_response_import_id ON response (import_id);
CREATE INDEX ix_response_survey_id ON response (survey_id);
CREATE TABLE open_answer (
    id INTEGER NOT NULL,
    response_id INTEGER NOT NULL,
    item_id INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (response_id, item_id),
    FOREIGN KEY(response_id) REFERENCES response (id) ON DELETE CASCADE,
    FOREIGN KEY(item_id) REFERENCES survey_item (id) ON DELETE CASCADE
);
CREATE INDEX ix_open_answer_item_id ON open_answer (item_id);
CREATE TABLE comment_theme (
    id INTEGER NOT NULL,
    survey_id INTEGER NOT NULL,
    area VARCHAR(40),
    name TEXT NOT NULL,
    candidate_finding_id INTEGER,
    PRIMARY KEY (id),
    FOREIGN KEY(survey_id) REFERENCES survey (id) ON DELETE CASCADE,
    FOREIGN KEY(candidate_finding_id) REFERENCES finding (id) ON DELETE SET NULL
);
CREATE INDEX ix_comment_theme_candidate_finding_id ON comment_theme (candidate_finding_id);
CREATE INDEX ix_comment_theme_survey_id ON comment_theme (survey_id);
CREATE TABLE comment_code (
    id INTEGER NOT NULL,
    answer_id INTEGER NOT NULL,
    theme_id INTEGER NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (answer_id, theme_id),
    FOREIGN KEY(answer_id) REFERENCES open_answer (id) ON DELETE CASCADE,
    FOREIGN KEY(theme_id) REFERENCES comment_theme (id) ON DELETE CASCADE
);
CREATE INDEX ix_comment_code_theme_id ON comment_code (theme_id);
CREATE TABLE import_mapping (
    id INTEGER NOT NULL,
    signature VARCHAR(64) NOT NULL,
    mapping TEXT NOT NULL,
    updated_at VARCHAR(32) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (signature)
);
"""


def _v2_to_v3(conn: Connection) -> None:
    """Schema 3: surveys (questionnaires, imports, responses, open answers, comment
    themes) and the remembered column mappings of survey imports."""
    for statement in _V3_SURVEY_TABLES.split(";"):
        if statement.strip():
            conn.execute(text(statement))


_V4_WORKSHOP_AND_MEASURE_TABLES = """
CREATE TABLE workshop (
    id INTEGER NOT NULL,
    uid VARCHAR(36) NOT NULL,
    kind VARCHAR(30) NOT NULL,
    name TEXT NOT NULL,
    held_on DATE,
    place TEXT NOT NULL,
    facilitator_id INTEGER,
    dot_budget INTEGER NOT NULL,
    votes_revealed BOOLEAN NOT NULL,
    group_file_group_uid VARCHAR(36),
    note TEXT NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (uid),
    FOREIGN KEY(facilitator_id) REFERENCES person (id) ON DELETE SET NULL
);
CREATE INDEX ix_workshop_facilitator_id ON workshop (facilitator_id);
CREATE TABLE workshop_group (
    id INTEGER NOT NULL,
    uid VARCHAR(36) NOT NULL,
    workshop_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (uid),
    FOREIGN KEY(workshop_id) REFERENCES workshop (id) ON DELETE CASCADE
);
CREATE INDEX ix_workshop_group_workshop_id ON workshop_group (workshop_id);
CREATE TABLE workshop_participant (
    id INTEGER NOT NULL,
    workshop_id INTEGER NOT NULL,
    person_id INTEGER,
    name TEXT NOT NULL,
    organisation TEXT NOT NULL,
    group_id INTEGER,
    PRIMARY KEY (id),
    FOREIGN KEY(workshop_id) REFERENCES workshop (id) ON DELETE CASCADE,
    FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE SET NULL,
    FOREIGN KEY(group_id) REFERENCES workshop_group (id) ON DELETE SET NULL
);
CREATE INDEX ix_workshop_participant_group_id ON workshop_participant (group_id);
CREATE INDEX ix_workshop_participant_person_id ON workshop_participant (person_id);
CREATE INDEX ix_workshop_participant_workshop_id ON workshop_participant (workshop_id);
CREATE TABLE agenda_step (
    id INTEGER NOT NULL,
    workshop_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    prompt TEXT NOT NULL,
    area VARCHAR(40),
    minutes INTEGER,
    PRIMARY KEY (id),
    FOREIGN KEY(workshop_id) REFERENCES workshop (id) ON DELETE CASCADE
);
CREATE INDEX ix_agenda_step_workshop_id ON agenda_step (workshop_id);
CREATE TABLE improvement_point (
    id INTEGER NOT NULL,
    uid VARCHAR(36) NOT NULL,
    workshop_id INTEGER,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    area VARCHAR(40),
    gain INTEGER,
    effort INTEGER,
    PRIMARY KEY (id),
    UNIQUE (uid),
    FOREIGN KEY(workshop_id) REFERENCES workshop (id) ON DELETE SET NULL
);
CREATE INDEX ix_improvement_point_workshop_id ON improvement_point (workshop_id);
CREATE TABLE improvement_point_link (
    id INTEGER NOT NULL,
    point_id INTEGER NOT NULL,
    kind VARCHAR(20) NOT NULL,
    target_id INTEGER,
    "key" TEXT NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(point_id) REFERENCES improvement_point (id) ON DELETE CASCADE
);
CREATE INDEX ix_improvement_point_link_point_id ON improvement_point_link (point_id);
CREATE TABLE card (
    id INTEGER NOT NULL,
    uid VARCHAR(36) NOT NULL,
    workshop_id INTEGER NOT NULL,
    group_id INTEGER,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    area VARCHAR(40),
    kind VARCHAR(20) NOT NULL,
    point_id INTEGER,
    duplicate_of_id INTEGER,
    revision INTEGER NOT NULL,
    base_revision INTEGER NOT NULL,
    created_at VARCHAR(32) NOT NULL,
    updated_at VARCHAR(32) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (uid),
    FOREIGN KEY(workshop_id) REFERENCES workshop (id) ON DELETE CASCADE,
    FOREIGN KEY(group_id) REFERENCES workshop_group (id) ON DELETE SET NULL,
    FOREIGN KEY(point_id) REFERENCES improvement_point (id) ON DELETE SET NULL,
    FOREIGN KEY(duplicate_of_id) REFERENCES card (id) ON DELETE SET NULL
);
CREATE INDEX ix_card_duplicate_of_id ON card (duplicate_of_id);
CREATE INDEX ix_card_group_id ON card (group_id);
CREATE INDEX ix_card_point_id ON card (point_id);
CREATE INDEX ix_card_workshop_id ON card (workshop_id);
CREATE TABLE workshop_merge (
    id INTEGER NOT NULL,
    workshop_id INTEGER NOT NULL,
    group_uid VARCHAR(36) NOT NULL,
    file_name TEXT NOT NULL,
    content_hash VARCHAR(64) NOT NULL,
    merged_at VARCHAR(32) NOT NULL,
    added INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    conflicts INTEGER NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (workshop_id, content_hash),
    FOREIGN KEY(workshop_id) REFERENCES workshop (id) ON DELETE CASCADE
);
CREATE INDEX ix_workshop_merge_workshop_id ON workshop_merge (workshop_id);
CREATE TABLE card_conflict (
    id INTEGER NOT NULL,
    card_id INTEGER NOT NULL,
    merge_id INTEGER NOT NULL,
    text TEXT NOT NULL,
    area VARCHAR(40),
    kind VARCHAR(20) NOT NULL,
    revision INTEGER NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(card_id) REFERENCES card (id) ON DELETE CASCADE,
    FOREIGN KEY(merge_id) REFERENCES workshop_merge (id) ON DELETE CASCADE
);
CREATE INDEX ix_card_conflict_card_id ON card_conflict (card_id);
CREATE INDEX ix_card_conflict_merge_id ON card_conflict (merge_id);
CREATE TABLE vote (
    id INTEGER NOT NULL,
    point_id INTEGER NOT NULL,
    participant_id INTEGER NOT NULL,
    dots INTEGER NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (point_id, participant_id),
    FOREIGN KEY(point_id) REFERENCES improvement_point (id) ON DELETE CASCADE,
    FOREIGN KEY(participant_id) REFERENCES workshop_participant (id) ON DELETE CASCADE
);
CREATE INDEX ix_vote_participant_id ON vote (participant_id);
CREATE INDEX ix_vote_point_id ON vote (point_id);
CREATE TABLE plan_decision (
    id INTEGER NOT NULL,
    decided_on DATE NOT NULL,
    decided_by TEXT NOT NULL,
    meeting_id INTEGER,
    note TEXT NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(meeting_id) REFERENCES meeting (id) ON DELETE SET NULL
);
CREATE INDEX ix_plan_decision_meeting_id ON plan_decision (meeting_id);
CREATE TABLE measure (
    id INTEGER NOT NULL,
    code VARCHAR(20) NOT NULL,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    responsible_id INTEGER,
    unit TEXT NOT NULL,
    start_on DATE,
    deadline_on DATE,
    status VARCHAR(20) NOT NULL,
    progress INTEGER NOT NULL,
    hours DOUBLE,
    cost_nok DOUBLE,
    funding TEXT NOT NULL,
    gain INTEGER,
    effort INTEGER,
    moscow VARCHAR(10),
    plan_decision_id INTEGER,
    PRIMARY KEY (id),
    UNIQUE (code),
    FOREIGN KEY(responsible_id) REFERENCES person (id) ON DELETE SET NULL,
    FOREIGN KEY(plan_decision_id) REFERENCES plan_decision (id) ON DELETE SET NULL
);
CREATE INDEX ix_measure_plan_decision_id ON measure (plan_decision_id);
CREATE INDEX ix_measure_responsible_id ON measure (responsible_id);
CREATE TABLE measure_point (
    id INTEGER NOT NULL,
    measure_id INTEGER NOT NULL,
    point_id INTEGER NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (measure_id, point_id),
    FOREIGN KEY(measure_id) REFERENCES measure (id) ON DELETE CASCADE,
    FOREIGN KEY(point_id) REFERENCES improvement_point (id) ON DELETE CASCADE
);
CREATE INDEX ix_measure_point_measure_id ON measure_point (measure_id);
CREATE INDEX ix_measure_point_point_id ON measure_point (point_id);
CREATE TABLE measure_area (
    id INTEGER NOT NULL,
    measure_id INTEGER NOT NULL,
    area VARCHAR(40) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (measure_id, area),
    FOREIGN KEY(measure_id) REFERENCES measure (id) ON DELETE CASCADE
);
CREATE INDEX ix_measure_area_measure_id ON measure_area (measure_id);
CREATE TABLE measure_dependency (
    id INTEGER NOT NULL,
    measure_id INTEGER NOT NULL,
    depends_on_id INTEGER NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (measure_id, depends_on_id),
    FOREIGN KEY(measure_id) REFERENCES measure (id) ON DELETE CASCADE,
    FOREIGN KEY(depends_on_id) REFERENCES measure (id) ON DELETE CASCADE
);
CREATE INDEX ix_measure_dependency_depends_on_id ON measure_dependency (depends_on_id);
CREATE INDEX ix_measure_dependency_measure_id ON measure_dependency (measure_id);
CREATE TABLE criterion (
    id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    weight DOUBLE NOT NULL,
    higher_is_better BOOLEAN NOT NULL,
    PRIMARY KEY (id)
);
CREATE TABLE measure_score (
    id INTEGER NOT NULL,
    measure_id INTEGER NOT NULL,
    criterion_id INTEGER NOT NULL,
    score INTEGER NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (measure_id, criterion_id),
    FOREIGN KEY(measure_id) REFERENCES measure (id) ON DELETE CASCADE,
    FOREIGN KEY(criterion_id) REFERENCES criterion (id) ON DELETE CASCADE
);
CREATE INDEX ix_measure_score_criterion_id ON measure_score (criterion_id);
CREATE INDEX ix_measure_score_measure_id ON measure_score (measure_id);
CREATE TABLE follow_up (
    id INTEGER NOT NULL,
    measure_id INTEGER NOT NULL,
    entry_on DATE NOT NULL,
    text TEXT NOT NULL,
    author_id INTEGER,
    PRIMARY KEY (id),
    FOREIGN KEY(measure_id) REFERENCES measure (id) ON DELETE CASCADE,
    FOREIGN KEY(author_id) REFERENCES person (id) ON DELETE SET NULL
);
CREATE INDEX ix_follow_up_author_id ON follow_up (author_id);
CREATE INDEX ix_follow_up_measure_id ON follow_up (measure_id);
CREATE TABLE indicator (
    id INTEGER NOT NULL,
    measure_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    unit TEXT NOT NULL,
    baseline DOUBLE,
    baseline_on DATE,
    target DOUBLE,
    target_on DATE,
    lower_is_better BOOLEAN NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(measure_id) REFERENCES measure (id) ON DELETE CASCADE
);
CREATE INDEX ix_indicator_measure_id ON indicator (measure_id);
CREATE TABLE indicator_value (
    id INTEGER NOT NULL,
    indicator_id INTEGER NOT NULL,
    measured_on DATE NOT NULL,
    value DOUBLE NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(indicator_id) REFERENCES indicator (id) ON DELETE CASCADE
);
CREATE INDEX ix_indicator_value_indicator_id ON indicator_value (indicator_id);
CREATE TABLE measure_effect_target (
    id INTEGER NOT NULL,
    measure_id INTEGER NOT NULL,
    kind VARCHAR(10) NOT NULL,
    "key" VARCHAR(60) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (measure_id, kind, "key"),
    FOREIGN KEY(measure_id) REFERENCES measure (id) ON DELETE CASCADE
);
CREATE INDEX ix_measure_effect_target_measure_id ON measure_effect_target (measure_id);
CREATE TABLE status_report (
    id INTEGER NOT NULL,
    made_on DATE NOT NULL,
    snapshot TEXT NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (id)
);

"""


def _v3_to_v4(conn: Connection) -> None:
    """Schema 4: workshops (groups, agenda, cards, group-file merges, votes),
    improvement points, and measures with the handlingsplan (criteria and scores,
    follow-up log, indicators, status reports); the default criteria are copied in and
    the new records join the search index."""
    for statement in _V4_WORKSHOP_AND_MEASURE_TABLES.split(";"):
        if statement.strip():
            conn.execute(text(statement))
    conn.execute(
        text("ALTER TABLE project ADD COLUMN last_measure_number INTEGER NOT NULL DEFAULT 0")
    )
    search_index.add_sources(conn, search_index.SOURCES_V4)
    seed.seed_criteria(conn)


# MIGRATIONS[n] brings a file from version n to n + 1. Add a step for every schema
# change, and a fixture file tests/data/schema-v<n>.nvk for every released version.
Migration = Callable[[Connection], None]
MIGRATIONS: dict[int, Migration] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4}


def set_identity(conn: Connection, version: int) -> None:
    conn.execute(text(f"PRAGMA application_id={APPLICATION_ID}"))
    conn.execute(text(f"PRAGMA user_version={int(version)}"))


def read_version(conn: Connection) -> int:
    return int(conn.execute(text("PRAGMA user_version")).scalar_one())


def migrate(conn_factory: Callable[[], Connection], start: int, target: int | None = None) -> int:
    """Climb from ``start`` to ``target``, one committed transaction per step.

    ``conn_factory`` gives a connection whose ``begin()`` starts a write transaction.
    Returns the version reached. A failing step rolls back only itself.
    """
    target = SCHEMA_VERSION if target is None else target
    version = start
    while version < target:
        step = MIGRATIONS[version]
        with conn_factory() as conn, conn.begin():
            step(conn)
            undo.install_triggers(conn)
            undo.clear_log(conn)
            set_identity(conn, version + 1)
        version += 1
    return version
