"""The example project: a real municipality, fictional people and answers.

Every page and document made from it says "Eksempelprosjekt – fiktive data" (the
project's is_example flag), so nobody mistakes it for a real survey of the place.
Later capabilities add their own parts here, so that a newcomer sees everything.

It tells one story (demo_timeline has the dates, all relative to ``today``): a full NVK
cycle from the kommunedirektør's bestilling about 20 months ago through the forstudie
and the forprosjekt to the hovedprosjekt, which is where the project is now.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from nvk_desktop.domain.enums import (
    DecidedBy,
    Decision,
    GroupKind,
    GroupRole,
    PersonCategory,
    Phase,
    PlanSection,
    Role,
)
from nvk_desktop.services import (
    demo_checklists,
    demo_measures,
    demo_notes,
    demo_servicemap,
    demo_surveys,
    demo_timeline,
    demo_workshops,
)
from nvk_desktop.services.project import Project, create_project
from nvk_desktop.store.backup import data_dir
from nvk_desktop.store.models import (
    DecisionPointRow,
    GroupMemberRow,
    GroupRow,
    MilestoneRow,
    PersonRow,
    PlanTextRow,
    RoleAssignmentRow,
)

EXAMPLE_LABEL = "Eksempelprosjekt – fiktive data"
DEMO_KOMMUNE = "5540"  # Gáivuotna - Kåfjord - Kaivuono: real place, Sámi letters in the name
SIZES = ("normal", "large")

FIRST_NAMES = (
    "Anne",
    "Bjørn",
    "Kari",
    "Ole",
    "Ingrid",
    "Per",
    "Sigrid",
    "Lars",
    "Marit",
    "Knut",
    "Åse",
    "Øystein",
    "Liv",
    "Tor",
    "Ragnhild",
    "Eirik",
    "Solveig",
    "Håkon",
    "Berit",
    "Jørgen",
    "Elle",
    "Áilu",
    "Nils",
    "Inga",
    "Mathis",
    "Hanne",
    "Geir",
    "Tone",
    "Arne",
    "Synnøve",
)
LAST_NAMES = (
    "Olsen",
    "Hansen",
    "Johansen",
    "Nilsen",
    "Pedersen",
    "Eriksen",
    "Isaksen",
    "Mikkelsen",
    "Pettersen",
    "Bakkeby",
    "Lyngseidet",
    "Sørensen",
    "Jørgensen",
    "Sandvik",
    "Haugen",
    "Strømmen",
    "Birtavarre",
    "Olderdalen",
    "Hætta",
    "Sara",
    "Rasmussen",
    "Karlsen",
)

# (name, organisation, category, role in styringsgruppe or None)
CORE_PEOPLE = (
    ("Randi Strømmen", "Kåfjord kommune, kommunedirektør", PersonCategory.ADMINISTRASJON),
    ("Geir Isaksen", "Nordlys Samfunnsutvikling AS", PersonCategory.KONSULENT),
    ("Áilu Hætta Sara", "Kåfjord kommune, plan og utvikling", PersonCategory.ADMINISTRASJON),
    ("Tone Birtavarre", "Kåfjord kommune, servicetorget", PersonCategory.ADMINISTRASJON),
    ("Eirik Olderdalen", "Fagforbundet Kåfjord", PersonCategory.TILLITSVALGT),
    ("Marit Lyngseidet", "Lyngen Sjømat AS", PersonCategory.NAERINGSLIV),
    ("Håkon Mikkelsen", "Kåfjord Næringsforening", PersonCategory.NAERINGSLIV),
    ("Solveig Nilsen", "Kåfjord kommune, byggesak", PersonCategory.ADMINISTRASJON),
    ("Jørgen Pettersen", "Kåfjord kommune, teknisk drift", PersonCategory.ADMINISTRASJON),
    ("Inga Rasmussen", "Ordfører, Kåfjord kommunestyre", PersonCategory.POLITIKER),
    ("Nils Karlsen", "Karlsen Bygg og Anlegg AS", PersonCategory.NAERINGSLIV),
    ("Berit Sandvik", "Reisemål Lyngenfjord, Sandvik Gjestegård", PersonCategory.NAERINGSLIV),
    ("Øystein Haugen", "Kåfjord kommune, landbruk og miljø", PersonCategory.ADMINISTRASJON),
    ("Liv Johansen", "Delta", PersonCategory.TILLITSVALGT),
    ("Mathis Eriksen", "Formannskapet, Kåfjord", PersonCategory.POLITIKER),
    ("Ragnhild Olsen", "Kåfjord kommune, næringskonsulent", PersonCategory.ADMINISTRASJON),
    ("Per Sørensen", "Olderdalen Mekaniske AS", PersonCategory.NAERINGSLIV),
    ("Synnøve Jørgensen", "Nord-Troms Regionråd", PersonCategory.ANNET),
)

# The prosjektplan of the phase the example is in now: the hovedprosjekt (no dates, so
# that it reads right whatever day the example is made).
PLAN_TEXTS = {
    PlanSection.BAKGRUNN: (
        "Kåfjord kommune ønsker å bli en bedre samarbeidspartner for det lokale næringslivet. "
        "Næringsforeningen hadde over tid meldt at byggesaker tar lang tid og at det er uklart "
        "hvem i kommunen bedriftene skal kontakte.\n\n"
        "Forstudien etter metoden Næringsvennlig kommune kartla tjenestene, målte hvor fornøyd "
        "næringslivet er (spørreundersøkelse, intervjuer og resultatverksted) og pekte ut "
        "byggesak og service og informasjon som de viktigste forbedringsområdene. Forprosjektet "
        "valgte tiltakene i handlingsplanen. Kommunestyret har vedtatt hovedprosjektet, som "
        "gjennomfører handlingsplanen og måler effekten."
    ),
    PlanSection.EFFEKTMAL: (
        "- Næringslivet opplever kommunen som en tydelig, rask og forutsigbar samarbeidspartner.\n"
        "- Flere bedrifter etablerer seg og vokser i kommunen."
    ),
    PlanSection.RESULTATMAL: (
        "- Tiltakene i handlingsplanen er gjennomført eller avklart innen prosjektslutt.\n"
        "- Indeksen for byggesaker og for service og informasjon i næringslivsundersøkelsen "
        "øker fra forstudien (T0) til oppfølgingen (T1).\n"
        "- Median saksbehandlingstid i byggesak er redusert fra 24 til 15 dager."
    ),
    PlanSection.RAMMER: (
        "Hovedprosjektet varer i om lag 18 måneder fra vedtaket i kommunestyret og avsluttes "
        "med sluttrapport. Det omfatter tiltakene i den vedtatte handlingsplanen; nye tiltak "
        "tas inn etter vedtak i styringsgruppen. Tiltak som går på tvers av kommunene følges "
        "opp sammen med Nord-Troms Regionråd."
    ),
    PlanSection.INTERESSENTER: (
        "Ansatte informeres på personalmøter og i intranettet. Kommunestyret orienteres om "
        "fremdriften to ganger i året. Næringslivet nås gjennom næringsforeningen, "
        "frokostmøtene og oppfølgingsundersøkelsen, og får vite hva som er gjort med "
        "innspillene fra verkstedene."
    ),
    PlanSection.GJENNOMFORING: (
        "Hvert tiltak har en ansvarlig, en frist og en indikator. Prosjektlederen følger opp "
        "tiltakene og legger fram statusrapport for styringsgruppen annenhver måned. "
        "Effekten måles med en oppfølgingsundersøkelse (T1) med de samme spørsmålene som i "
        "forstudien, og med indikatorene i handlingsplanen."
    ),
    PlanSection.RISIKO: (
        "- Kapasitet i byggesak ved sykefravær. Tiltak: avtal prioriteringer i "
        "styringsgruppen.\n"
        "- Eksterne midler uteblir. Tiltak: ha en enklere løsning klar innenfor rammen.\n"
        "- Lav svarprosent i oppfølgingsundersøkelsen. Tiltak: påminnelser via "
        "næringsforeningen."
    ),
    PlanSection.OKONOMI: (
        "Tiltakene finansieres over kommunens budsjett, regionale utviklingsmidler og "
        "kommunalt næringsfond etter vedtaket i kommunestyret. Prosessveiledning: 10 "
        "konsulentdager à 11 500 kr = 115 000 kr."
    ),
}


def example_project_path() -> Path:
    """Where the welcome window keeps the example project the user can play in."""
    return data_dir() / "eksempel" / "Eksempelprosjekt.nvk"


def create_demo(path: Path | str, *, size: str = "normal", today: date | None = None) -> Project:
    """Create the example project at ``path`` and return it open (no undo history)."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {SIZES}")
    today = today or date.today()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    project = create_project(path, DEMO_KOMMUNE, "Næringsvennlig Kåfjord", example=True)
    try:
        with project.unit_of_work("Lag eksempelprosjekt") as s:
            _fill(s, size, today)
        project.take_last_change()
    except BaseException:
        project.close()
        raise
    return project


def _fill(s: Session, size: str, today: date) -> None:
    from nvk_desktop.store.models import ProjectRow

    people = [
        PersonRow(name=n, organisation=o, category=c.value, email=_email(n, o), phone=_phone(i))
        for i, (n, o, c) in enumerate(CORE_PEOPLE)
    ]
    s.add_all(people)
    s.flush()
    by_name = {p.name: p.id for p in people}

    def role(r: Role, name: str, phase: Phase | None = None) -> None:
        s.add(
            RoleAssignmentRow(
                role=r.value, person_id=by_name[name], phase=phase.value if phase else None
            )
        )

    role(Role.PROSJEKTANSVARLIG, "Randi Strømmen")
    role(Role.PROSJEKTLEDER, "Geir Isaksen", Phase.FORSTUDIE)
    role(Role.PROSJEKTLEDER, "Ragnhild Olsen", Phase.FORPROSJEKT)
    role(Role.PROSJEKTLEDER, "Ragnhild Olsen", Phase.HOVEDPROSJEKT)
    role(Role.PROSESSVEILEDER, "Geir Isaksen")
    role(Role.PROSJEKTMEDARBEIDER, "Áilu Hætta Sara")
    role(Role.PROSJEKTMEDARBEIDER, "Tone Birtavarre")

    styring = s.query(GroupRow).filter_by(kind=GroupKind.STYRINGSGRUPPE.value).one()
    styring.description = "Leder arbeidet og tar beslutningene ved hvert beslutningspunkt."

    def members(group: GroupRow, names: list[tuple[str, GroupRole]]) -> None:
        for name, grole in names:
            s.add(GroupMemberRow(group_id=group.id, person_id=by_name[name], role=grole.value))

    members(
        styring,
        [
            ("Randi Strømmen", GroupRole.LEDER),
            ("Ragnhild Olsen", GroupRole.SEKRETAER),
            ("Solveig Nilsen", GroupRole.MEDLEM),
            ("Eirik Olderdalen", GroupRole.MEDLEM),
            ("Marit Lyngseidet", GroupRole.MEDLEM),
            ("Håkon Mikkelsen", GroupRole.MEDLEM),
            ("Geir Isaksen", GroupRole.OBSERVATOR),
        ],
    )
    arb1 = GroupRow(
        kind=GroupKind.ARBEIDSGRUPPE.value,
        name="Arbeidsgruppe byggesak og plan",
        description="Kartlegger byggesak, plan og oppmåling og deltar i resultatverkstedet.",
    )
    arb2 = GroupRow(
        kind=GroupKind.ARBEIDSGRUPPE.value,
        name="Arbeidsgruppe service og informasjon",
        description="Servicetorget, nettsider, telefon og førstelinje for etablerere.",
    )
    ref = GroupRow(
        kind=GroupKind.REFERANSEGRUPPE.value,
        name="Referansegruppe næringsliv",
        description="Gir råd fra bedriftenes ståsted; ingen beslutningsmyndighet.",
    )
    s.add_all([arb1, arb2, ref])
    s.flush()
    members(
        arb1,
        [
            ("Solveig Nilsen", GroupRole.LEDER),
            ("Áilu Hætta Sara", GroupRole.MEDLEM),
            ("Jørgen Pettersen", GroupRole.MEDLEM),
            ("Nils Karlsen", GroupRole.MEDLEM),
        ],
    )
    members(
        arb2,
        [
            ("Tone Birtavarre", GroupRole.LEDER),
            ("Ragnhild Olsen", GroupRole.MEDLEM),
            ("Liv Johansen", GroupRole.MEDLEM),
            ("Berit Sandvik", GroupRole.MEDLEM),
        ],
    )
    members(
        ref,
        [
            ("Håkon Mikkelsen", GroupRole.LEDER),
            ("Per Sørensen", GroupRole.MEDLEM),
            ("Berit Sandvik", GroupRole.MEDLEM),
            ("Synnøve Jørgensen", GroupRole.MEDLEM),
        ],
    )

    when = demo_timeline.timeline(today)
    s.add_all(
        [
            DecisionPointRow(
                phase=Phase.IDE.value,
                decision=Decision.VIDEREFORE.value,
                decided_by=DecidedBy.RADMANN.value,
                decided_on=when.ide_decision,
                case_number=f"{when.ide_decision.year}/412",
                note="Kommunedirektøren bestilte forstudie etter innspill fra næringsforeningen.",
            ),
            DecisionPointRow(
                phase=Phase.FORSTUDIE.value,
                decision=Decision.VIDEREFORE.value,
                decided_by=DecidedBy.STYRINGSGRUPPE.value,
                decided_on=when.forstudie_decision,
                case_number=demo_notes.forstudie_case_number(when),
                note="Styringsgruppen godkjente forstudierapporten og vedtok et forprosjekt "
                "med intern prosjektleder.",
            ),
            DecisionPointRow(
                phase=Phase.FORPROSJEKT.value,
                decision=Decision.VIDEREFORE.value,
                decided_by=DecidedBy.KOMMUNESTYRE.value,
                decided_on=when.kommunestyre,
                case_number=f"PS 23/{when.kommunestyre.year % 100:02d}",
                note="Kommunestyret vedtok hovedprosjektet og handlingsplanen, med finansiering "
                "i budsjettet og over næringsfondet.",
            ),
        ]
    )
    status_done = when.status_report
    milestones = [
        (Phase.IDE, "Bestilling fra kommunedirektøren", when.bestilling, when.bestilling),
        (Phase.FORSTUDIE, "Styringsgruppe oppnevnt", when.styringsgruppe, when.styringsgruppe),
        (
            Phase.FORSTUDIE,
            "Prosjektplan for forstudien vedtatt",
            when.sg_prosjektplan - timedelta(days=2),
            when.sg_prosjektplan,
        ),
        (
            Phase.FORSTUDIE,
            "Oppstartsmøte med ansatte, politikere og næringsliv",
            when.oppstartsmote,
            when.oppstartsmote,
        ),
        (Phase.FORSTUDIE, "Spørreundersøkelser sendt ut", when.t0_open, when.t0_open),
        (
            Phase.FORSTUDIE,
            "Dybdeintervjuer med utvalgte bedrifter",
            when.interviews[3],
            when.interviews[4],
        ),
        (
            Phase.FORSTUDIE,
            "Resultatverksted med arbeidsgruppene",
            when.resultatverksted,
            when.resultatverksted,
        ),
        (
            Phase.FORSTUDIE,
            "Forstudierapport levert styringsgruppen",
            when.forstudierapport,
            when.forstudierapport,
        ),
        (Phase.FORPROSJEKT, "Tiltaksverksted", when.tiltaksverksted, when.tiltaksverksted),
        (
            Phase.FORPROSJEKT,
            "Handlingsplan vedtatt i styringsgruppen",
            when.handlingsplan + timedelta(days=14),
            when.sg_plan,
        ),
        (
            Phase.FORPROSJEKT,
            "Forprosjektrapport med forslag til hovedprosjekt",
            when.hovedprosjektplan,
            when.hovedprosjektplan,
        ),
        (
            Phase.FORPROSJEKT,
            "Vedtak om hovedprosjekt i kommunestyret",
            when.kommunestyre,
            when.kommunestyre,
        ),
        (
            Phase.HOVEDPROSJEKT,
            "Oppstart av hovedprosjektet",
            when.hovedprosjekt_start,
            when.hovedprosjekt_start,
        ),
        (
            Phase.HOVEDPROSJEKT,
            "Oppfølgingsundersøkelse (T1) sendt ut",
            when.t1_open,
            when.t1_open,
        ),
        (Phase.HOVEDPROSJEKT, "Statusrapport til styringsgruppen", status_done, status_done),
        # The one that is late: the kommunestyre meeting had too full an agenda.
        (
            Phase.HOVEDPROSJEKT,
            "Orientering til kommunestyret om fremdriften",
            when.orientering_due,
            None,
        ),
        (Phase.HOVEDPROSJEKT, "Statusrapport til styringsgruppen", when.next_status, None),
        (Phase.HOVEDPROSJEKT, "Effektmåling T1 analysert", when.t1_analysed, None),
        (Phase.HOVEDPROSJEKT, "Sluttrapport", when.sluttrapport, None),
    ]
    for phase, title, due, done in milestones:
        s.add(MilestoneRow(phase=phase.value, title=title, due_on=due, done_on=done, note=""))
    for section, body in PLAN_TEXTS.items():
        s.add(PlanTextRow(key=section.value, body=body))
    s.get_one(ProjectRow, 1).current_phase = Phase.HOVEDPROSJEKT.value
    if size == "large":
        _fill_large(s, today)
    s.flush()
    # The rest of the story (demo_timeline has its dates), in the order the parts refer
    # to each other: notes tag services, checklist items link to notes, meetings and
    # services, comment themes link to candidate findings, improvement points to
    # findings, measures to improvement points and the plan meeting.
    for part in (
        demo_servicemap,
        demo_notes,
        demo_checklists,
        demo_surveys,
        demo_workshops,
        demo_measures,
    ):
        part.fill(s, size, today, by_name)
        s.flush()
    _link_checklist_to_survey_and_workshop(s)


def _link_checklist_to_survey_and_workshop(s: Session) -> None:
    """The forstudie's survey and workshop items point at what they produced (the
    checklists are filled before the surveys and workshops exist)."""
    from sqlalchemy import select

    from nvk_desktop.store.models import ChecklistItemRow, ChecklistLinkRow, SurveyRow, WorkshopRow

    def item(prefix: str) -> ChecklistItemRow | None:
        return s.scalars(
            select(ChecklistItemRow).where(
                ChecklistItemRow.phase == Phase.FORSTUDIE.value,
                ChecklistItemRow.title.startswith(prefix),
            )
        ).first()

    survey = s.scalars(select(SurveyRow).order_by(SurveyRow.id)).first()
    workshop = s.scalars(select(WorkshopRow).order_by(WorkshopRow.held_on)).first()
    for prefix, kind, target in (
        ("Spørreundersøkelser", "survey", survey),
        ("Resultatverksted", "workshop", workshop),
    ):
        row = item(prefix)
        if row is not None and target is not None:
            s.add(
                ChecklistLinkRow(item_id=row.id, kind=kind, target_id=target.id, label=target.name)
            )


def _fill_large(s: Session, today: date) -> None:
    """Hundreds of people, groups and milestones, for benchmarks."""
    rng = random.Random(5540)
    categories = list(PersonCategory)
    people = []
    for i in range(600):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        org = f"{rng.choice(LAST_NAMES)} {rng.choice(['AS', 'Bygg AS', 'Sjømat', 'Gård', 'Regnskap AS'])}"
        people.append(
            PersonRow(
                name=name,
                organisation=org,
                category=rng.choice(categories).value,
                email=_email(name, org),
                phone=_phone(i + 100),
            )
        )
    s.add_all(people)
    s.flush()
    for g in range(40):
        kind = GroupKind.ARBEIDSGRUPPE if g % 3 else GroupKind.REFERANSEGRUPPE
        group = GroupRow(kind=kind.value, name=f"{kind.label} {g + 1:02d}", description="")
        s.add(group)
        s.flush()
        for p in rng.sample(people, 15):
            s.add(GroupMemberRow(group_id=group.id, person_id=p.id, role=GroupRole.MEDLEM.value))
    phases = list(Phase)
    for m in range(300):
        due = today + timedelta(days=rng.randint(-200, 400))
        done = due if due < today and rng.random() < 0.8 else None
        s.add(
            MilestoneRow(
                phase=rng.choice(phases).value,
                title=f"Aktivitet {m + 1}",
                due_on=due,
                done_on=done,
                note="",
            )
        )


def _email(name: str, org: str) -> str:
    table = str.maketrans(
        {"æ": "ae", "ø": "o", "å": "a", "á": "a", "Æ": "ae", "Ø": "o", "Å": "a", "Á": "a"}
    )
    local = ".".join(name.lower().translate(table).split()[:2])
    return f"{local}@eksempel.no"


def _phone(i: int) -> str:
    return f"9{(i * 7919) % 10:01d}{(i * 104729) % 1000000:06d}"[:8]
