"""The example project's resultatverksted (issue 5, point 9): fictional but realistic.

In the forstudie, after the baseline survey closed (the date comes from
demo_timeline), in Olderdalen: the working groups and the reference
group from Organisering plus three people who came on the day, four working groups,
81 cards over the six areas and four kinds, a few duplicates merged, ten improvement
points with their cards, links to the forstudie's candidate findings where they
exist (and to the survey areas when there is a survey), every participant's five
dots recorded and revealed, and gevinst/innsats scores.

Size "large" adds a second workshop with 2,000 cards in 12 groups for the
benchmarks. Deterministic: the same file every time.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from nvk_desktop.domain.workshop import CardKind, WorkshopKind
from nvk_desktop.services.demo_timeline import timeline
from nvk_desktop.store.models import (
    AgendaStepRow,
    CardRow,
    FindingRow,
    ImprovementPointLinkRow,
    ImprovementPointRow,
    SurveyRow,
    VoteRow,
    WorkshopGroupRow,
    WorkshopParticipantRow,
    WorkshopRow,
)

WORKSHOP_NAME = "Resultatverksted i Olderdalen"
LARGE_NAME = "Regionalt innspillsmøte (stort testverksted)"
DOT_BUDGET = 5

S, V, F, Q = CardKind.STYRKE, CardKind.SVAKHET, CardKind.FORSLAG, CardKind.SPORSMAL
BYGG, SERVICE, AREAL = "byggesaker", "service_informasjon", "naeringsareal"
UTVIKLING, DIALOG, INFRA = "naeringsutvikling", "dialog_samarbeid", "infrastruktur_planverk"

# (name, group index); names not in Organisering are added on the spot with their firm.
PARTICIPANTS = (
    ("Solveig Nilsen", 0),
    ("Nils Karlsen", 0),
    ("Per Sørensen", 0),
    ("Tone Birtavarre", 1),
    ("Berit Sandvik", 1),
    ("Liv Johansen", 1),
    ("Ragnhild Olsen", 2),
    ("Håkon Mikkelsen", 2),
    ("Marit Lyngseidet", 2),
    ("Áilu Hætta Sara", 2),
    ("Jørgen Pettersen", 3),
    ("Synnøve Jørgensen", 3),
    ("Eirik Olderdalen", 3),
)
ON_THE_SPOT = (
    ("Anders Lund", "Lund Rør AS", 0),
    ("Hanne Solberg", "Olderdalen Camping", 1),
    ("Kristin Bakke", "Kåfjord Regnskap AS", 3),
)
GROUPS = ("Gruppe 1", "Gruppe 2", "Gruppe 3", "Gruppe 4")

# Improvement points: (title, description, area, gain, effort, vote weight,
# candidate finding texts to link, cards as (group, kind, text, duplicate of index)).
Card = tuple[int, CardKind, str, int | None]
POINTS: tuple[tuple[str, str, str, int, int, int, tuple[str, ...], tuple[Card, ...]], ...] = (
    (
        "Raskere og mer forutsigbar byggesaksbehandling",
        "Komplette søknader skal ikke bruke hele fristen, og søkeren skal vite når svaret kommer.",
        BYGG,
        5,
        3,
        6,
        ("Komplette byggesøknader bruker hele tolvukersfristen",),
        (
            (0, V, "Byggesøknader tar for lang tid, også når søknaden er komplett", None),
            (1, V, "Vi vet aldri når vi får svar på en byggesøknad", None),
            (2, V, "Saksbehandlingstiden i byggesak er for lang", 0),
            (3, F, "Gi beskjed om forventet behandlingstid når søknaden kommer inn", None),
            (0, F, "Kvittering med navn på saksbehandler og frist", None),
            (2, Q, "Hvorfor brukes hele tolvukersfristen på enkle saker?", None),
            (3, V, "Lang behandlingstid gjør at vi mister byggesesongen", None),
            (1, V, "Byggesøknadene blir liggende for lenge", 0),
        ),
    ),
    (
        "Veiledning før søknad og tydelige krav",
        "Forhåndskonferanse, sjekkliste for komplett søknad og fast kontakt ved større saker.",
        BYGG,
        4,
        2,
        3,
        ("Forslag: kvartalsmøte mellom byggesak og lokale entreprenører",),
        (
            (0, S, "Byggesak er hjelpsomme når man først får tak i dem", None),
            (1, F, "Tilby forhåndskonferanse før større byggesaker", None),
            (2, F, "Sjekkliste for hva en komplett byggesøknad må inneholde", None),
            (3, V, "Mangler i søknaden oppdages først etter flere uker", None),
            (0, F, "Kvartalsmøte mellom byggesak og de lokale entreprenørene", None),
            (3, Q, "Kan vi få en fast kontaktperson i byggesak for større prosjekter?", None),
            (1, V, "Vanskelig å forstå hva kommunen egentlig krever av dokumentasjon", None),
        ),
    ),
    (
        "Én dør inn for næringslivet",
        "En fast kontaktperson som tar imot næringssaker og følger dem på tvers av avdelingene.",
        SERVICE,
        5,
        2,
        6,
        (
            "Etablerere sendes mellom landbruk, helse og servicetorget",
            "Servicetorget mangler oversikt over hvem som har ansvaret for næringssaker",
            "Uklart hvem i kommunen som eier en sak som går på tvers av plan og byggesak",
        ),
        (
            (0, V, "Vi blir sendt fram og tilbake mellom avdelingene", None),
            (1, V, "Uklart hvem i kommunen man skal ringe med et næringsspørsmål", None),
            (2, F, "Én fast kontaktperson for næringslivet i kommunen", None),
            (3, F, "Næringsvakt på servicetorget som følger saken hele veien", None),
            (1, V, "Etablerere blir sendt rundt i systemet", 0),
            (2, S, "Servicetorget er vennlige og svarer raskt på telefon", None),
            (0, Q, "Hvem har egentlig ansvaret for næringssaker i kommunen?", None),
            (3, V, "Saker som går på tvers av plan og byggesak faller mellom to stoler", None),
        ),
    ),
    (
        "Bedre nettsider og digitale søknader for næringslivet",
        "Egen næringsside med kontaktpersoner, frister og regler, og søknader som kan følges på nett.",
        SERVICE,
        3,
        2,
        2,
        (
            "Nettsidene forklarer ikke reglene for sesongbedrifter",
            "Søknad om gravetillatelse bare på papir, uten mulighet til å følge saken",
        ),
        (
            (0, V, "Nettsidene er vanskelige å finne fram på", None),
            (1, V, "Skjemaene på nett er utdaterte", None),
            (2, F, "Egen side for næringslivet med kontaktpersoner og frister", None),
            (3, V, "Reglene for sesongbedrifter står ingen steder", None),
            (1, F, "Søknad om gravetillatelse bør kunne sendes og følges på nett", None),
            (2, S, "Postlista på nett er oppdatert og nyttig", None),
        ),
    ),
    (
        "Oversikt over ledige næringsarealer og lokaler",
        "Et kart over ledige tomter og lokaler med pris og kontakt, holdt oppdatert.",
        AREAL,
        4,
        2,
        4,
        ("Ingen oversikt over ledige næringstomter",),
        (
            (0, V, "Ingen vet hvilke næringstomter som er ledige", None),
            (1, F, "Kart på nettsiden over ledige tomter og lokaler", None),
            (2, V, "Vi måtte spørre rundt i bygda for å finne lokaler", None),
            (3, F, "Kommunen bør ha en oversikt over ledige bygg som kan leies ut", None),
            (2, Q, "Hvor mye areal er egentlig regulert til næring i dag?", None),
            (0, V, "Tomteprisene er uklare før man har søkt", None),
        ),
    ),
    (
        "Ferdig regulerte næringstomter",
        "Nytt næringsområde regulert og opparbeidet før bedriftene trenger det.",
        AREAL,
        5,
        5,
        4,
        (),
        (
            (1, V, "Det finnes nesten ikke ferdig regulerte tomter i Olderdalen", None),
            (3, V, "Bedrifter som vil vokse, må se til nabokommunene", None),
            (0, F, "Regulere et nytt næringsområde ved Manndalen", None),
            (2, F, "Samarbeid med grunneiere om næringsareal", None),
            (1, S, "Kommunen var rask med dispensasjon da vi utvidet kaia", None),
            (3, Q, "Kan kommunen kjøpe opp areal og legge til rette på forhånd?", None),
        ),
    ),
    (
        "Fast dialogmøte mellom kommunen og næringslivet",
        "To møter i året med politisk og administrativ ledelse, med referat og oppfølging.",
        DIALOG,
        4,
        1,
        5,
        ("Ønske om fast dialogmøte to ganger i året, med referat",),
        (
            (0, F, "Dialogmøte mellom næringslivet og kommunen to ganger i året", None),
            (1, V, "Vi hører bare fra kommunen når noe har gått galt", None),
            (2, S, "Næringsforeningen har god kontakt med ordføreren", None),
            (3, F, "Frokostmøter for næringslivet med tema fra kommunen", None),
            (2, F, "Faste møter mellom næringsliv og kommune, med referat", 0),
            (1, V, "Politikerne kjenner for lite til hverdagen i bedriftene", None),
            (0, S, "Næringsforum er et godt møtested", None),
        ),
    ),
    (
        "Næringslivet med tidlig i planarbeidet",
        "Informasjonsmøte tidlig i hver planprosess og varsel direkte til næringsforeningen.",
        INFRA,
        2,
        2,
        2,
        (
            "Næringslivet involveres for sent i planarbeid, høringer med kort frist",
            "Handlingsdelen i næringsplanen er ikke rullert på tre år",
        ),
        (
            (0, V, "Høringsfristene er for korte for små bedrifter", None),
            (1, V, "Vi får vite om planene når de allerede er vedtatt", None),
            (2, F, "Informasjonsmøte for næringslivet tidlig i hver planprosess", None),
            (3, F, "Varsle næringsforeningen direkte om nye høringer", None),
            (2, Q, "Når skal kommuneplanens arealdel rulleres neste gang?", None),
            (3, V, "Handlingsdelen i næringsplanen blir ikke fulgt opp", None),
        ),
    ),
    (
        "Vann, avløp og strøm ved kaia",
        "Utbedring av vann og avløp og landstrøm ved kaia i Olderdalen, med en forpliktende plan.",
        INFRA,
        2,
        5,
        3,
        ("Utbedring av vann og avløp ved kaia er utsatt to ganger",),
        (
            (0, V, "Vannforsyningen ved kaia er for dårlig for fiskemottaket", None),
            (1, V, "Utbedring av avløpet ved kaia er utsatt flere ganger", None),
            (3, F, "Landstrøm på kaia for fiskebåtene", None),
            (2, V, "Bredbåndet i Manndalen er for ustabilt for nettbutikk", None),
            (1, Q, "Hva er planen for vann og avløp ved kaia de neste årene?", None),
            (0, S, "Brøytingen av industriområdet fungerer godt", None),
        ),
    ),
    (
        "Raskere og enklere næringsfond",
        "Løpende behandling, klare kriterier og en enkel søknad for små beløp.",
        UTVIKLING,
        2,
        1,
        3,
        ("Svar på søknad om næringsfond tok ti uker, midt i sesongen",),
        (
            (0, V, "Svar på søknad om næringsfond tok ti uker", None),
            (1, F, "Behandle søknader til næringsfondet fortløpende, ikke to ganger i året", None),
            (2, S, "Næringskonsulenten gir god hjelp med søknader", None),
            (3, V, "Kriteriene for næringsfondet er uklare", None),
            (2, F, "Enkel søknad for små beløp fra næringsfondet", None),
            (3, Q, "Kan næringsfondet støtte felles markedsføring av reiselivet?", None),
        ),
    ),
)

# Cards that stay unclustered: (group, area, kind, text).
LOOSE: tuple[tuple[int, str | None, CardKind, str], ...] = (
    (0, UTVIKLING, S, "Kommunen heier på gründere og stiller opp på åpninger"),
    (1, UTVIKLING, F, "Mentorordning for nye bedrifter sammen med Nord-Troms Regionråd"),
    (2, UTVIKLING, V, "Vanskelig å få tak i kvalifisert arbeidskraft og bolig til dem"),
    (3, UTVIKLING, F, "Felles rekrutteringsside for bedriftene i Kåfjord"),
    (0, SERVICE, S, "Rask hjelp fra servicetorget med skjenkebevillingen"),
    (1, DIALOG, S, "Kort vei til ordføreren når det trengs"),
    (2, DIALOG, V, "Vanskelig å vite hva som skjer med innspill vi har gitt før"),
    (3, BYGG, S, "Ferdigattesten kom raskt etter at alt var på plass"),
    (1, BYGG, Q, "Kan byggesak ha åpen kontordag i Manndalen?"),
    (2, INFRA, F, "Bedre skilting til industriområdet"),
    (3, None, Q, "Hvordan får vi vite hva som blir gjort med innspillene fra i dag?"),
    (0, None, F, "Samme verksted om to år for å se hva som har skjedd"),
    (1, SERVICE, V, "Sentralbordet er stengt i lunsjen"),
    (2, AREAL, S, "Kommunen hjalp oss raskt med midlertidig lagerplass"),
    (3, INFRA, S, "Vedlikeholdet av de kommunale veiene er godt"),
)


def _uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _stamp(day: date, minutes: float) -> str:
    moment = datetime(day.year, day.month, day.day, 9, 30) + timedelta(minutes=minutes)
    return moment.isoformat(timespec="milliseconds")


def fill(s: Session, size: str, today: date, people: dict[str, int]) -> None:
    rng = random.Random(5540)
    held_on = timeline(today).resultatverksted
    _resultatverksted(s, rng, held_on, people)
    if size == "large":
        _large(s, rng, held_on)


def _resultatverksted(
    s: Session, rng: random.Random, held_on: date, people: dict[str, int]
) -> None:
    from nvk_desktop.services.workshops import default_agenda

    ws = WorkshopRow(
        uid=_uid(rng),
        kind=WorkshopKind.RESULTATVERKSTED.value,
        name=WORKSHOP_NAME,
        held_on=held_on,
        place="Olderdalen samfunnshus",
        facilitator_id=people.get("Geir Isaksen"),
        dot_budget=DOT_BUDGET,
        votes_revealed=True,
        note="Åpent for alle bedrifter; invitert via næringsforeningen og kommunens nettside.",
    )
    s.add(ws)
    s.flush()
    groups = [
        WorkshopGroupRow(uid=_uid(rng), workshop_id=ws.id, position=i, name=name)
        for i, name in enumerate(GROUPS)
    ]
    s.add_all(groups)
    s.flush()
    for step in default_agenda(WorkshopKind.RESULTATVERKSTED):
        s.add(
            AgendaStepRow(
                workshop_id=ws.id,
                position=step.position,
                title=step.title,
                prompt=step.prompt,
                area=step.area,
                minutes=step.minutes,
            )
        )
    from nvk_desktop.store.models import PersonRow

    orgs = {pid: org for pid, org in s.execute(select(PersonRow.id, PersonRow.organisation))}
    participants: list[WorkshopParticipantRow] = []
    for name, g in PARTICIPANTS:
        pid = people.get(name)
        if pid is None:
            continue
        participants.append(
            WorkshopParticipantRow(
                workshop_id=ws.id,
                person_id=pid,
                name=name,
                organisation=orgs.get(pid, ""),
                group_id=groups[g].id,
            )
        )
    for name, org, g in ON_THE_SPOT:
        participants.append(
            WorkshopParticipantRow(
                workshop_id=ws.id,
                person_id=None,
                name=name,
                organisation=org,
                group_id=groups[g].id,
            )
        )
    s.add_all(participants)
    s.flush()

    # Cards in the order they were said: area by area, as the agenda goes.
    said: list[tuple[str | None, int, CardKind, str, int | None, int | None]] = []
    for p_index, (_t, _d, area, *_rest, cards) in enumerate(POINTS):
        for c_index, (g, kind, text, _dup) in enumerate(cards):
            said.append((area, g, kind, text, p_index, c_index))
    for g, loose_area, kind, text in LOOSE:
        said.append((loose_area, g, kind, text, None, None))
    area_order = {a: i for i, a in enumerate((INFRA, AREAL, BYGG, UTVIKLING, SERVICE, DIALOG))}
    said.sort(key=lambda c: (area_order.get(c[0] or "", 99), c[1]))
    rows: dict[tuple[int, int], CardRow] = {}
    all_rows: list[CardRow] = []
    for n, (card_area, g, kind, text, pi, ci) in enumerate(said):
        stamp = _stamp(held_on, 35 + n * 1.3 + rng.random())
        row = CardRow(
            uid=_uid(rng),
            workshop_id=ws.id,
            group_id=groups[g].id,
            position=n,
            text=text,
            area=card_area,
            kind=kind.value,
            revision=1,
            base_revision=0,
            created_at=stamp,
            updated_at=stamp,
        )
        all_rows.append(row)
        if pi is not None and ci is not None:
            rows[(pi, ci)] = row
    s.add_all(all_rows)
    s.flush()

    has_survey = s.scalar(select(SurveyRow.id).limit(1)) is not None
    points: list[ImprovementPointRow] = []
    weights: list[int] = []
    for p_index, (title, desc, area, gain, effort, weight, findings, cards) in enumerate(POINTS):
        point = ImprovementPointRow(
            uid=_uid(rng),
            workshop_id=ws.id,
            position=p_index,
            title=title,
            description=desc,
            area=area,
            gain=gain,
            effort=effort,
        )
        s.add(point)
        s.flush()
        points.append(point)
        weights.append(weight)
        for c_index, (_g, _k, _text, dup) in enumerate(cards):
            card = rows[(p_index, c_index)]
            card.point_id = point.id
            if dup is not None:
                card.duplicate_of_id = rows[(p_index, dup)].id
        for text in findings:
            finding = s.scalar(
                select(FindingRow).where(FindingRow.text == text, FindingRow.is_candidate.is_(True))
            )
            if finding is not None:
                s.add(
                    ImprovementPointLinkRow(
                        point_id=point.id,
                        kind="finding",
                        target_id=finding.id,
                        key="",
                        label=finding.text,
                    )
                )
        if has_survey:
            from nvk_desktop.services.workshops import area_name

            s.add(
                ImprovementPointLinkRow(
                    point_id=point.id, kind="survey_area", key=area, label=area_name(area)
                )
            )
    s.flush()

    # Five dots each; some put two on the same point, a few keep one back.
    for who in participants:
        budget = DOT_BUDGET - (1 if rng.random() < 0.15 else 0)
        dots: dict[int, int] = {}
        for _ in range(budget):
            point = rng.choices(points, weights=weights)[0]
            dots[point.id] = dots.get(point.id, 0) + 1
        for point_id, n in dots.items():
            s.add(VoteRow(point_id=point_id, participant_id=who.id, dots=n))


# -- size "large": 2,000 cards in 12 groups for the benchmarks -----------------------------
_SUBJECTS = (
    "Byggesøknaden",
    "Svaret fra kommunen",
    "Informasjonen på nettsiden",
    "Saksbehandlingen",
    "Kontakten med servicetorget",
    "Planarbeidet",
    "Tilgangen på tomter",
    "Dialogen med politikerne",
    "Vedlikeholdet av kaia",
    "Søknaden til næringsfondet",
    "Skiltingen",
    "Brøytingen",
)
_PREDICATES = (
    "tar for lang tid",
    "er uklar for små bedrifter",
    "fungerer godt når man får tak i rett person",
    "bør kunne følges på nett",
    "må samordnes bedre mellom avdelingene",
    "er bedre enn for to år siden",
    "trenger en fast kontaktperson",
    "bør tas opp på dialogmøtet",
)
_PLACES = ("i Olderdalen", "i Manndalen", "i Birtavarre", "på Trollvik", "i Djupvik", "i sentrum")


def _large(s: Session, rng: random.Random, held_on: date) -> None:
    ws = WorkshopRow(
        uid=_uid(rng),
        kind=WorkshopKind.ANNET.value,
        name=LARGE_NAME,
        held_on=held_on - timedelta(days=7),
        place="Kåfjord rådhus, kommunestyresalen",
        dot_budget=DOT_BUDGET,
        votes_revealed=False,
        note="Stort verksted for ytelsesmålinger.",
    )
    s.add(ws)
    s.flush()
    groups = [
        WorkshopGroupRow(uid=_uid(rng), workshop_id=ws.id, position=i, name=f"Gruppe {i + 1}")
        for i in range(12)
    ]
    s.add_all(groups)
    s.flush()
    area_ids = (INFRA, AREAL, BYGG, UTVIKLING, SERVICE, DIALOG, None)
    points = [
        ImprovementPointRow(
            uid=_uid(rng),
            workshop_id=ws.id,
            position=i,
            title=f"{_SUBJECTS[i % len(_SUBJECTS)]} {_PLACES[i % len(_PLACES)]}",
            description="",
            area=area_ids[i % 6],
        )
        for i in range(60)
    ]
    s.add_all(points)
    s.flush()
    kinds = [k.value for k in CardKind]
    values = []
    for n in range(2000):
        stamp = _stamp(ws.held_on or held_on, n * 0.1)
        text = (
            f"{rng.choice(_SUBJECTS)} {rng.choice(_PLACES)} {rng.choice(_PREDICATES)} "
            f"(innspill {n + 1})"
        )
        values.append(
            {
                "uid": _uid(rng),
                "workshop_id": ws.id,
                "group_id": groups[n % 12].id,
                "position": n,
                "text": text,
                "area": rng.choice(area_ids),
                "kind": rng.choice(kinds),
                "point_id": points[n % 60].id if n % 2 == 0 else None,
                "revision": 1,
                "base_revision": 0,
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
    s.execute(insert(CardRow), values)
