"""The example project: a real municipality, fictional people and answers.

Every page and document made from it says "Eksempelprosjekt – fiktive data" (the
project's is_example flag), so nobody mistakes it for a real survey of the place.
Later capabilities add their own parts here, so that a newcomer sees everything.
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

PLAN_TEXTS = {
    PlanSection.BAKGRUNN: (
        "Kåfjord kommune ønsker å bli en bedre samarbeidspartner for det lokale næringslivet. "
        "Næringsforeningen har over tid meldt at byggesaker tar lang tid og at det er uklart hvem "
        "i kommunen bedriftene skal kontakte.\n\n"
        "Kommunedirektøren har derfor bestilt en forstudie etter metoden Næringsvennlig kommune. "
        "Forstudien skal kartlegge dagens tjenester, hvor fornøyd næringslivet er, og peke ut "
        "forbedringsområder."
    ),
    PlanSection.EFFEKTMAL: (
        "- Næringslivet opplever kommunen som en tydelig, rask og forutsigbar samarbeidspartner.\n"
        "- Flere bedrifter etablerer seg og vokser i kommunen."
    ),
    PlanSection.RESULTATMAL: (
        "- Et forprosjekt med konkrete tiltak, organisering og ressurser er vedtatt.\n"
        "- Indeksen for service og informasjon i næringslivsundersøkelsen øker ved neste måling (T1)."
    ),
    PlanSection.RAMMER: (
        "Forstudien gjennomføres fra september til desember med 18 konsulentdager. "
        "Den omfatter kommunens tjenester mot næringslivet, ikke tjenester til innbyggere generelt. "
        "Tjenester som ytes av interkommunale selskaper tas med der næringslivet møter dem."
    ),
    PlanSection.INTERESSENTER: (
        "Ansatte informeres på personalmøter og i intranettet. Politikerne orienteres i formannskapet "
        "ved oppstart og når resultatene foreligger. Næringslivet nås gjennom næringsforeningen, "
        "oppstartsmøtet og spørreundersøkelsen."
    ),
    PlanSection.GJENNOMFORING: (
        "Forstudien følger sjekklisten for Næringsvennlig kommune: forankring, oppstartsmøte, "
        "kartlegging av tjenester, spørreundersøkelser, dybdeintervjuer, resultatverksted og "
        "forstudierapport."
    ),
    PlanSection.RISIKO: (
        "- Lav svarprosent i næringslivsundersøkelsen. Tiltak: påminnelser via næringsforeningen.\n"
        "- Ansatte opplever kartleggingen som kritikk. Tiltak: tidlig involvering og tydelig formål.\n"
        "- Kapasitet i byggesak i perioden. Tiltak: avtal intervjutidspunkt tidlig."
    ),
    PlanSection.OKONOMI: (
        "Konsulentbistand: 18 dager à 11 500 kr = 207 000 kr. Møter og verksted: 15 000 kr. "
        "Finansieres av kommunalt næringsfond (vedtak i formannskapet)."
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

    start = today - timedelta(days=70)
    s.add(
        DecisionPointRow(
            phase=Phase.IDE.value,
            decision=Decision.VIDEREFORE.value,
            decided_by=DecidedBy.RADMANN.value,
            decided_on=start - timedelta(days=14),
            case_number=f"{start.year}/412",
            note="Kommunedirektøren bestilte forstudie etter innspill fra næringsforeningen.",
        )
    )
    milestones = [
        (
            Phase.IDE,
            "Bestilling fra kommunedirektøren",
            start - timedelta(days=20),
            start - timedelta(days=20),
        ),
        (Phase.FORSTUDIE, "Styringsgruppe oppnevnt", start, start),
        (
            Phase.FORSTUDIE,
            "Prosjektplan for forstudien vedtatt",
            start + timedelta(days=10),
            start + timedelta(days=12),
        ),
        (
            Phase.FORSTUDIE,
            "Oppstartsmøte med ansatte, politikere og næringsliv",
            start + timedelta(days=21),
            start + timedelta(days=21),
        ),
        (
            Phase.FORSTUDIE,
            "Spørreundersøkelser sendt ut",
            start + timedelta(days=35),
            start + timedelta(days=36),
        ),
        (
            Phase.FORSTUDIE,
            "Dybdeintervjuer med utvalgte bedrifter",
            today - timedelta(days=6),
            None,
        ),
        (Phase.FORSTUDIE, "Resultatverksted med arbeidsgruppene", today + timedelta(days=18), None),
        (
            Phase.FORSTUDIE,
            "Forstudierapport levert styringsgruppen",
            today + timedelta(days=40),
            None,
        ),
        (Phase.FORPROSJEKT, "Tiltaksverksted", today + timedelta(days=110), None),
    ]
    for phase, title, due, done in milestones:
        s.add(MilestoneRow(phase=phase.value, title=title, due_on=due, done_on=done, note=""))
    for section, body in PLAN_TEXTS.items():
        s.add(PlanTextRow(key=section.value, body=body))
    s.get_one(ProjectRow, 1).current_phase = Phase.FORSTUDIE.value
    if size == "large":
        _fill_large(s, today)
    s.flush()
    # The forstudie, in the order the parts refer to each other: notes tag services,
    # checklist items link to notes, meetings and services, comment themes link to
    # candidate findings, measures to improvement points and the plan meeting.
    for part in (demo_servicemap, demo_notes, demo_checklists, demo_surveys, demo_measures):
        part.fill(s, size, today, by_name)
        s.flush()


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
