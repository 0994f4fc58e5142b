"""The prosjektplan of the current phase, in the PLP outline (DOMAIN.md §10)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from nvk_desktop.documents.base import (
    Cell,
    Markup,
    Story,
    escape_text,
    format_date_short,
    muted,
    warning,
)
from nvk_desktop.domain.enums import GroupKind, GroupRole, Phase, PlanSection, Role
from nvk_desktop.domain.models import (
    DecisionPoint,
    Group,
    Milestone,
    Person,
    ProjectInfo,
    RoleAssignment,
)

# "i forstudien", "for forprosjektet": the definite form used inside sentences.
_PHASE_DEFINITE = {
    Phase.IDE: "idéfasen",
    Phase.FORSTUDIE: "forstudien",
    Phase.FORPROSJEKT: "forprosjektet",
    Phase.HOVEDPROSJEKT: "hovedprosjektet",
}
_NOT_APPOINTED = "Ikke oppnevnt ennå"
_UNKNOWN_PERSON = Person(name="Ukjent person")
_DASH = "–"


@dataclass(frozen=True)
class ProsjektplanData:
    info: ProjectInfo
    people: Sequence[Person]
    roles: Sequence[RoleAssignment]
    groups: Sequence[Group]
    decision_points: Sequence[DecisionPoint]
    milestones: Sequence[Milestone]
    texts: Mapping[PlanSection, str]  # what the user wrote; missing/blank = not written yet
    generated_on: date


def prosjektplan_title(phase: Phase) -> str:
    return f"Prosjektplan – {phase.label}"


def build_prosjektplan(data: ProsjektplanData, out: Path) -> None:
    """Write the prosjektplan PDF for the project's current phase to ``out``.

    Raises DocumentError (Norwegian message) when it cannot be written.
    """
    _story(data).build(out)


def _story(data: ProsjektplanData) -> Story:
    phase = data.info.current_phase
    story = Story(
        prosjektplan_title(phase),
        data.info,
        data.generated_on,
        subject=f"Prosjektplan for {_PHASE_DEFINITE[phase]} i {data.info.name}, "
        f"{data.info.kommune.navn} kommune",
    )
    people = {p.id: p for p in data.people if p.id is not None}

    def text(section: PlanSection) -> None:
        story.text(data.texts.get(section))

    story.heading("Mål og rammer")
    for section in (
        PlanSection.BAKGRUNN,
        PlanSection.EFFEKTMAL,
        PlanSection.RESULTATMAL,
        PlanSection.RAMMER,
    ):
        story.heading(section.label, 2)
        text(section)

    story.heading("Organisering")
    _organisation(story, data, people)

    story.heading("Oppfølging")
    _follow_up(story, data, people)

    story.heading(PlanSection.INTERESSENTER.label)
    text(PlanSection.INTERESSENTER)

    story.heading(PlanSection.RISIKO.label)
    text(PlanSection.RISIKO)

    story.heading(PlanSection.GJENNOMFORING.label)
    text(PlanSection.GJENNOMFORING)
    story.heading(f"Aktiviteter og milepæler i {_PHASE_DEFINITE[phase]}", 2)
    current = [m for m in _sorted_milestones(data.milestones) if m.phase == phase]
    story.table(
        ["Aktivitet / milepæl", "Frist", "Status"],
        [[_milestone_title(m), _due(m), _status(m, data.generated_on)] for m in current],
        widths=[104, 22, 40],
        empty=f"Ingen milepæler er registrert for {_PHASE_DEFINITE[phase]} ennå.",
    )

    story.heading(PlanSection.OKONOMI.label)
    text(PlanSection.OKONOMI)
    return story


# ---------------------------------------------------------------- organisation


def _contact(person: Person) -> Cell:
    parts = [escape_text(v) for v in (person.email.strip(), person.phone.strip()) if v]
    return Markup("<br/>".join(parts))


def _organisation_cell(person: Person) -> Cell:
    """The organisation, with the person's category (what they represent) below it."""
    category = f'<font size="7" color="#6B6B6B">{escape_text(person.category.label)}</font>'
    if not person.organisation.strip():
        return Markup(category)
    return Markup(f"{escape_text(person.organisation)}<br/>{category}")


def _organisation(story: Story, data: ProsjektplanData, people: Mapping[int, Person]) -> None:
    phase = data.info.current_phase

    story.heading("Prosjektledelse", 2)
    role_order = list(Role)
    assignments = sorted(
        data.roles,
        key=lambda r: (
            role_order.index(r.role),
            -1 if r.phase is None else r.phase.order,
            people.get(r.person_id, _UNKNOWN_PERSON).name.casefold(),
        ),
    )
    rows: list[list[Cell]] = []
    for a in assignments:
        person = people.get(a.person_id, _UNKNOWN_PERSON)
        label = a.role.label if a.phase is None else f"{a.role.label} ({a.phase.label.lower()})"
        rows.append([label, person.name, person.organisation, _contact(person)])
    # Name the gaps that matter for this phase instead of leaving them out.
    if not any(a.role is Role.PROSJEKTANSVARLIG for a in data.roles):
        rows.insert(0, [Role.PROSJEKTANSVARLIG.label, muted(_NOT_APPOINTED), "", ""])
    if not any(a.role is Role.PROSJEKTLEDER and a.phase in (phase, None) for a in data.roles):
        at = sum(1 for a in assignments if a.role is Role.PROSJEKTANSVARLIG) or 1
        label = f"{Role.PROSJEKTLEDER.label} ({phase.label.lower()})"
        rows.insert(at, [label, muted(_NOT_APPOINTED), "", ""])
    story.table(["Rolle", "Navn", "Organisasjon", "Kontakt"], rows, widths=[38, 36, 38, 54])

    def groups_of(kind: GroupKind) -> list[Group]:
        return sorted((g for g in data.groups if g.kind is kind), key=lambda g: g.name.casefold())

    story.heading("Styringsgruppe", 2)
    styring = groups_of(GroupKind.STYRINGSGRUPPE)
    if not styring:
        story.empty("Styringsgruppen er ikke oppnevnt ennå.")
    for group in styring:
        if len(styring) > 1:
            story.heading(group.name, 3)
        _group(story, group, people)

    for kind, title, none_text in (
        (GroupKind.ARBEIDSGRUPPE, "Arbeidsgrupper", "Ingen arbeidsgrupper er opprettet ennå."),
        (
            GroupKind.REFERANSEGRUPPE,
            "Referansegrupper",
            "Ingen referansegrupper er opprettet ennå.",
        ),
    ):
        story.heading(title, 2)
        groups = groups_of(kind)
        if not groups:
            story.empty(none_text)
        for group in groups:
            story.heading(group.name, 3)
            _group(story, group, people)


def _group(story: Story, group: Group, people: Mapping[int, Person]) -> None:
    if group.description.strip():
        story.text(group.description)
    role_order = list(GroupRole)
    members = sorted(
        group.members,
        key=lambda m: (
            role_order.index(m.role),
            people.get(m.person_id, _UNKNOWN_PERSON).name.casefold(),
        ),
    )
    rows: list[list[Cell]] = []
    for m in members:
        person = people.get(m.person_id, _UNKNOWN_PERSON)
        rows.append([person.name, _organisation_cell(person), m.role.label, _contact(person)])
    story.table(
        ["Navn", "Organisasjon", "Rolle i gruppen", "Kontakt"],
        rows,
        widths=[36, 46, 30, 54],
        empty="Ingen medlemmer er registrert ennå.",
    )


# ------------------------------------------------------------------ follow-up


def _follow_up(story: Story, data: ProsjektplanData, people: Mapping[int, Person]) -> None:
    story.heading("Beslutningspunkter", 2)
    story.paragraph(
        "Hver fase avsluttes med et beslutningspunkt der det besluttes om arbeidet skal "
        "videreføres, justeres eller stoppes."
    )
    rows: list[list[Cell]] = []
    for phase in Phase:
        points = sorted(
            (d for d in data.decision_points if d.phase == phase), key=lambda d: d.decided_on
        )
        if not points:
            rows.append([phase.label, muted("Ikke besluttet"), "", "", "", ""])
        for d in points:
            rows.append(
                [
                    phase.label,
                    d.decision.label,
                    d.decided_by.label,
                    format_date_short(d.decided_on),
                    d.case_number,
                    d.note,
                ]
            )
    story.table(
        ["Fase", "Beslutning", "Besluttet av", "Dato", "Saksnr.", "Merknad"],
        rows,
        widths=[24, 23, 43, 20, 24, 32],
    )

    story.heading("Statusrapportering", 2)
    phase = data.info.current_phase
    leaders = [
        people[a.person_id].name
        for a in data.roles
        if a.role is Role.PROSJEKTLEDER and a.phase in (phase, None) and a.person_id in people
    ]
    who = f"Prosjektleder {leaders[0]}" if leaders else "Prosjektlederen"
    story.paragraph(
        f"{who} rapporterer status til styringsgruppen i hvert møte i styringsgruppen: "
        "framdrift mot milepælene, avvik fra planen, risiko og saker som krever beslutning."
    )

    story.heading("Milepæler", 2)
    story.table(
        ["Fase", "Milepæl", "Frist", "Status"],
        [
            [m.phase.label, _milestone_title(m), _due(m), _status(m, data.generated_on)]
            for m in _sorted_milestones(data.milestones)
        ],
        widths=[25, 79, 22, 40],
        empty="Ingen milepæler er registrert ennå.",
    )


def _sorted_milestones(milestones: Sequence[Milestone]) -> list[Milestone]:
    return sorted(
        milestones,
        key=lambda m: (m.phase.order, m.due_on or date.max, m.title.casefold()),
    )


def _milestone_title(m: Milestone) -> Cell:
    if not m.note.strip():
        return m.title
    return Markup(
        f'{escape_text(m.title)}<br/><font size="7.5" color="#6B6B6B">'
        f"{escape_text(m.note.strip())}</font>"
    )


def _due(m: Milestone) -> Cell:
    return format_date_short(m.due_on) if m.due_on else _DASH


def _status(m: Milestone, today: date) -> Cell:
    if m.done_on is not None:
        return f"Fullført {format_date_short(m.done_on)}"
    if m.is_overdue(today):
        return warning("Forsinket")
    return "Ikke fullført"
