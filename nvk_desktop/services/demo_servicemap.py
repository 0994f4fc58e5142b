"""The example project's service map: the default catalogue filled in as a
consultant left it at the end of the forstudie's kartlegging in Kåfjord (fictional
figures; the KPIs are dated in the kartlegging, see demo_timeline).

``fill`` runs inside demo.create_demo's unit of work, after the default catalogue and
dimensions have been seeded. Size "large" adds generated services up to 300 in all,
with varied scores, for the benchmark.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from nvk_desktop.domain.servicemap import Channel, format_channels_value
from nvk_desktop.services.demo_timeline import timeline
from nvk_desktop.store.models import (
    ServiceAreaRow,
    ServiceAssessmentRow,
    ServiceDimensionRow,
    ServiceKpiRow,
    ServiceRow,
)

LARGE_SERVICE_COUNT = 300
FEES = "Etter gebyrregulativ 2026"

S, T, E, N, F = (Channel.SKRANKE, Channel.TELEFON, Channel.EPOST, Channel.NETTSIDE, Channel.SKJEMA)

PLAN = "Plan, bygg og oppmåling"
TEKNISK = "Teknisk drift"
NAERING = "Næring og utvikling"
SERVICETORG = "Servicetorget"
LANDBRUK = "Landbruk og miljø"

# Scores per standard dimension, in order: informasjon om regler, faglig kompetanse,
# forståelse for bedriftens behov, saksbehandlingstid, vennlig behandling,
# likebehandling, skjemaer og søknadsprosess. None = ukjent.
Scores = tuple[int | None, int | None, int | None, int | None, int | None, int | None, int | None]

# service name → facts; "scores" and "notes" (dimension index → note) are assessments.
FACTS: dict[str, dict[str, object]] = {
    # -- Plan og areal
    "Kommuneplanens arealdel": {
        "unit": PLAN,
        "contact": "Áilu Hætta Sara",
        "channels": (E, N),
        "current_state": "Arealdelen er fra 2014 og under revisjon; planprogrammet var på høring "
        "i vår. Næringslivet etterlyser avklarte næringsarealer i Olderdalen og Manndalen.",
        "scores": (3, 4, 3, None, 4, 3, None),
        "notes": {2: "Næringsinteressene kom sent inn i planarbeidet."},
    },
    "Reguleringsplaner": {
        "unit": PLAN,
        "contact": "Áilu Hætta Sara",
        "channels": (S, E, N),
        "yearly_cases": 4,
        "median_days": 168,
        "legal_deadline_days": 84,
        "share": 0.75,
        "complaints": 0,
        "fees": FEES,
        "scores": (3, 4, 3, 3, 4, 3, 3),
    },
    "Dispensasjoner": {
        "unit": PLAN,
        "contact": "Solveig Nilsen",
        "channels": (S, E, F),
        "yearly_cases": 18,
        "median_days": 35,
        "legal_deadline_days": 84,
        "share": 0.83,
        "complaints": 2,
        "fees": FEES,
        "scores": (3, 3, 3, 3, 4, 3, 3),
    },
    "Næringsarealer og tomter": {
        "unit": NAERING,
        "contact": "Ragnhild Olsen",
        "channels": (T, E),
        "yearly_cases": 6,
        "current_state": "Ledige tomter på Olderdalen næringsområde, men ingen oversikt på "
        "nettsidene; interessenter må ringe for å få vite pris og vilkår.",
        "scores": (2, 3, 4, None, 4, 3, None),
        "notes": {0: "Ingen samlet oversikt over ledige tomter og vilkår."},
    },
    "Oppmåling": {
        "unit": PLAN,
        "contact": "Solveig Nilsen",
        "channels": (S, T, F),
        "yearly_cases": 25,
        "median_days": 70,
        "legal_deadline_days": 112,
        "share": 0.88,
        "complaints": 1,
        "fees": FEES,
        "scores": (3, 4, 3, 3, 4, 4, 3),
    },
    # -- Byggesak
    "Forhåndskonferanse": {
        "unit": PLAN,
        "contact": "Solveig Nilsen",
        "channels": (S, T),
        "yearly_cases": 14,
        "median_days": 12,
        "fees": "Gratis",
        "current_state": "Tilbys ved behov, men brukes lite: mange søkere vet ikke at den finnes.",
        "scores": (3, 4, 4, 4, 5, 4, None),
    },
    "Byggesøknad (12 ukers frist)": {
        "unit": PLAN,
        "contact": "Solveig Nilsen",
        "channels": (S, E, F),
        "yearly_cases": 60,
        "median_days": 24,
        "legal_deadline_days": 84,
        "share": 0.92,
        "complaints": 3,
        "fees": FEES + " (fra 9 800 kr)",
        "current_state": "Én saksbehandler i 80 % stilling har hatt ansvaret alene siden våren, med "
        "restanser i perioder. Mange søknader kommer ufullstendige inn og må returneres, og "
        "søkerne opplever at det tar lang tid før de får svar.",
        "scores": (2, 4, 3, 2, 4, 3, 3),
        "notes": {
            0: "Veiledningen på nett er utdatert; søkerne vet ikke hva som kreves.",
            3: "Innenfor fristen, men bedriftene opplever ventetiden som lang.",
        },
    },
    "Byggesøknad (3 ukers frist)": {
        "unit": PLAN,
        "contact": "Solveig Nilsen",
        "channels": (S, E, F),
        "yearly_cases": 25,
        "median_days": 16,
        "legal_deadline_days": 21,
        "share": 0.84,
        "complaints": 1,
        "fees": FEES,
        "scores": (3, 4, 3, 3, 4, 3, 3),
    },
    "Ferdigattest": {
        "unit": PLAN,
        "contact": "Solveig Nilsen",
        "channels": (E, F),
        "yearly_cases": 40,
        "median_days": 9,
        "legal_deadline_days": 21,
        "share": 0.95,
        "complaints": 0,
        "fees": FEES,
        "scores": (4, 4, 3, 4, 4, 4, 3),
    },
    "Tilsyn": {
        "unit": PLAN,
        "contact": "Solveig Nilsen",
        "channels": (S, T),
        "yearly_cases": 6,
        "current_state": "Kommunen har ingen vedtatt tilsynsstrategi; tilsyn gjøres i hovedsak "
        "etter klager.",
        "scores": (None, 3, None, None, 4, 3, None),
    },
    "Gebyrer": {
        "unit": PLAN,
        "contact": "Solveig Nilsen",
        "channels": (N,),
        "complaints": 4,
        "fees": "Gebyrregulativ 2026, vedtatt i kommunestyret i desember",
        "scores": (3, None, 2, None, None, 3, None),
        "notes": {2: "Bedriftene forstår ikke hvordan gebyret er regnet ut."},
    },
    # -- Teknisk og infrastruktur
    "Vei": {
        "unit": TEKNISK,
        "contact": "Jørgen Pettersen",
        "channels": (T, E),
        "scores": (3, 4, 3, None, 4, 4, None),
    },
    "Vann og avløp": {
        "unit": TEKNISK,
        "contact": "Jørgen Pettersen",
        "channels": (T, E, F),
        "yearly_cases": 22,
        "median_days": 14,
        "complaints": 1,
        "fees": "Tilknytningsgebyr etter gebyrregulativ 2026",
        "scores": (3, 4, 4, 3, 4, 4, 3),
    },
    "Renovasjon": {
        "unit": "Interkommunalt renovasjonsselskap",
        "channels": (T, N),
        "fees": "Næringsrenovasjon etter avtale med selskapet",
        "scores": (3, None, None, None, 4, None, None),
    },
    "Gravetillatelse": {
        "unit": TEKNISK,
        "contact": "Jørgen Pettersen",
        "channels": (E, F),
        "yearly_cases": 20,
        "median_days": 7,
        "fees": FEES,
        "scores": (3, 4, 4, 4, 4, 4, 3),
    },
    "Havn": {
        "unit": TEKNISK,
        "contact": "Jørgen Pettersen",
        "channels": (T,),
        "fees": "Havneregulativ 2026",
        "current_state": "Kaia i Olderdalen brukes av to sjømatbedrifter; behov for utvidet "
        "liggeplass er meldt flere ganger uten avklaring.",
        "scores": (3, 3, 3, None, 4, 3, None),
    },
    "Bredbånd": {
        "unit": NAERING,
        "contact": "Ragnhild Olsen",
        "channels": (E, N),
        "scores": (3, None, 3, None, None, None, None),
    },
    # -- Miljø, landbruk og helse
    "Forurensning": {"unit": LANDBRUK, "contact": "Øystein Haugen", "channels": (T, E)},
    "Miljørettet helsevern": {
        "unit": "Interkommunalt miljørettet helsevern",
        "channels": (T, E),
        "yearly_cases": 5,
        "median_days": 30,
        "legal_deadline_days": 90,
        "share": 1.0,
        "scores": (3, 4, 3, 3, 4, 4, None),
    },
    "Landbrukstilskudd": {
        "unit": LANDBRUK,
        "contact": "Øystein Haugen",
        "channels": (T, E, F),
        "yearly_cases": 45,
        "complaints": 0,
        "scores": (4, 5, 4, 4, 5, 4, 3),
    },
    "Konsesjon": {
        "unit": LANDBRUK,
        "contact": "Øystein Haugen",
        "channels": (E, F),
        "yearly_cases": 8,
        "median_days": 40,
        "legal_deadline_days": 84,
        "share": 0.88,
        "complaints": 0,
        "fees": "5 000 kr (forskriftsfastsatt)",
        "scores": (3, 4, 3, 3, 4, 4, 3),
    },
    # -- Bevillinger
    "Serveringsbevilling": {
        "unit": SERVICETORG,
        "contact": "Tone Birtavarre",
        "channels": (E, F),
        "yearly_cases": 3,
        "median_days": 45,
        "legal_deadline_days": 90,
        "share": 1.0,
        "complaints": 0,
        "scores": (3, 3, 3, 3, 4, 4, 3),
    },
    "Skjenkebevilling": {
        "unit": SERVICETORG,
        "contact": "Tone Birtavarre",
        "channels": (E, F),
        "yearly_cases": 8,
        "median_days": 52,
        "complaints": 1,
        "fees": "Etter alkoholforskriften",
        "current_state": "Søknader om enkeltanledninger kommer ofte sent; politisk behandling i "
        "formannskapet gir lang ventetid rundt sommeren.",
        "scores": (3, 3, 3, 2, 4, 4, 3),
        "notes": {3: "Behandles bare i formannskapets møter."},
    },
    "Salgsbevilling": {
        "unit": SERVICETORG,
        "contact": "Tone Birtavarre",
        "channels": (E, F),
        "yearly_cases": 2,
    },
    # -- Brann og beredskap
    "Brannforebygging og tilsyn": {
        "unit": "Brann og redning",
        "channels": (T, E),
        "yearly_cases": 35,
        "scores": (4, 4, 3, None, 4, 4, None),
    },
    "Beredskap": {"unit": "Brann og redning", "channels": (T,)},
    # -- Næringsutvikling
    "Førstelinje og etablererveiledning": {
        "unit": NAERING,
        "contact": "Ragnhild Olsen",
        "channels": (S, T, E),
        "yearly_cases": 25,
        "current_state": "Næringskonsulenten i 50 % stilling er eneste faste kontakt. Etablerere "
        "henvises ofte videre uten at noen følger opp; ingen oversikt over hvem som har fått hjelp.",
        "scores": (3, 4, 4, 3, 5, 4, None),
        "notes": {2: "Godt skussmål fra etablererne som har vært i kontakt."},
    },
    "Næringsfond": {
        "unit": NAERING,
        "contact": "Ragnhild Olsen",
        "channels": (E, F),
        "yearly_cases": 14,
        "median_days": 30,
        "complaints": 0,
        "fees": "Ingen gebyr",
        "current_state": "Retningslinjene for næringsfondet ble revidert i fjor. Søknadene "
        "behandles i formannskapet fire ganger i året.",
        "scores": (3, 4, 4, 3, 4, 3, 3),
    },
    "Næringshage": {
        "unit": "Regional næringshage",
        "channels": (E, N),
        "scores": (3, None, 4, None, None, None, None),
    },
    "Bedriftsbesøk": {
        "unit": NAERING,
        "contact": "Ragnhild Olsen",
        "channels": (S,),
        "yearly_cases": 12,
        "scores": (None, 4, 4, None, 5, None, None),
    },
    "Vertskap for nye virksomheter": {
        "unit": NAERING,
        "contact": "Ragnhild Olsen",
        "channels": (T, E),
    },
    # -- Innkjøp
    "Offentlige anskaffelser": {
        "unit": "Økonomi og innkjøp",
        "contact": "Randi Strømmen",
        "channels": (E, N),
        "yearly_cases": 30,
        "complaints": 1,
        "current_state": "Kommunen bruker et regionalt innkjøpssamarbeid for de store "
        "anskaffelsene; lokale leverandører opplever konkurransegrunnlagene som tunge.",
        "scores": (2, 3, 2, None, 4, 3, 2),
        "notes": {6: "Konkurransegrunnlagene er lange og lite tilpasset små bedrifter."},
    },
    "Leverandørdialog": {
        "unit": "Økonomi og innkjøp",
        "channels": (E,),
        "scores": (3, None, 3, None, 4, 3, None),
    },
    # -- Service og informasjon
    "Servicetorg": {
        "unit": SERVICETORG,
        "contact": "Tone Birtavarre",
        "channels": (S, T, E),
        "yearly_cases": 4200,
        "current_state": "Servicetorget i Olderdalen er åpent 09–15. To ansatte tar imot besøk, "
        "telefon og e-post og setter over til fagavdelingene.",
        "scores": (3, 3, 3, 4, 5, 4, None),
    },
    "Telefon": {
        "unit": SERVICETORG,
        "contact": "Tone Birtavarre",
        "channels": (T,),
        "yearly_cases": 3100,
        "scores": (3, 3, 3, 3, 5, 4, None),
    },
    "E-post": {
        "unit": SERVICETORG,
        "contact": "Tone Birtavarre",
        "channels": (E,),
        "yearly_cases": 1500,
        "scores": (3, 3, 3, 3, 4, 4, None),
    },
    "Nettsider": {
        "unit": SERVICETORG,
        "contact": "Tone Birtavarre",
        "channels": (N,),
        "current_state": "Næringssidene er lite oppdatert; flere lenker til skjemaer virker ikke.",
        "scores": (2, None, 3, None, None, None, 3),
        "notes": {0: "Mye av informasjonen om regler og søknader er utdatert."},
    },
    "Digitale søknader": {
        "unit": SERVICETORG,
        "contact": "Tone Birtavarre",
        "channels": (F, N),
        "scores": (3, None, 3, None, None, None, 2),
        "notes": {6: "Bare byggesak og næringsfond har digitale skjemaer."},
    },
    "Svartid": {"unit": SERVICETORG, "contact": "Tone Birtavarre", "channels": (T, E)},
    # -- Dialog og samarbeid
    "Næringsforum": {
        "unit": NAERING,
        "contact": "Ragnhild Olsen",
        "channels": (S,),
        "yearly_cases": 4,
        "current_state": "Næringsforumet møtes fire ganger i året med ordfører og kommunedirektør.",
        "scores": (None, None, 4, None, 5, 4, None),
    },
    "Dialogmøter": {
        "unit": "Kommunedirektøren",
        "contact": "Randi Strømmen",
        "channels": (S,),
        "scores": (None, None, 3, None, 4, 3, None),
    },
    "Involvering i planer": {
        "unit": PLAN,
        "contact": "Áilu Hætta Sara",
        "channels": (S, N),
        "scores": (3, None, 2, None, 4, 3, None),
        "notes": {2: "Næringslivet opplever å bli spurt for sent i planprosessene."},
    },
}

# service name → further KPIs: (name, value, unit, days before the kartlegging was done
#  in the forstudie (demo_timeline), note)
KPIS: dict[str, list[tuple[str, float, str, int, str]]] = {
    "Byggesøknad (12 ukers frist)": [
        (
            "Andel ufullstendige søknader",
            38,
            "%",
            30,
            "Returnert for mangler ved første gjennomgang.",
        ),
        ("Restanse ved årsskiftet", 11, "saker", 60, ""),
    ],
    "Telefon": [
        ("Andel besvart innen ett minutt", 71, "%", 21, "Målt i telefonsystemet over fire uker.")
    ],
    "E-post": [("Median svartid e-post", 2.5, "dager", 21, "")],
    "Næringsfond": [("Tildelt beløp", 850_000, "kr", 90, "Tildelt i fjor.")],
    "Nettsider": [("Besøk på næringssidene per måned", 640, "besøk", 14, "")],
    "Servicetorg": [("Andel løst i første kontakt", 64, "%", 21, "Anslag fra de ansatte.")],
}

# Words for the generated services of the large demo.
_VERBS = ("Søknad om", "Veiledning om", "Tilsyn med", "Rapportering av", "Dialog om", "Melding om")
_TOPICS = (
    "fiskemottak",
    "akvakultur",
    "reiselivsanlegg",
    "hyttefelt",
    "småkraftverk",
    "naust",
    "kai og flytebrygge",
    "driftsbygning",
    "snøskuterløype",
    "skilting",
    "uteservering",
    "arrangementer",
    "vannuttak",
    "avkjørsel",
    "masseuttak",
    "beiterett",
)
_PLACES = ("Olderdalen", "Manndalen", "Birtavarre", "Skardalen", "Nordnes", "Djupvik", "Gáivuotna")


def fill(s: Session, size: str, today: date, people: dict[str, int]) -> None:
    """Fill the seeded catalogue with facts, assessments and KPIs (fictional)."""
    areas = list(s.scalars(select(ServiceAreaRow).order_by(ServiceAreaRow.position)))
    services = list(s.scalars(select(ServiceRow).order_by(ServiceRow.area_id, ServiceRow.position)))
    dims = list(s.scalars(select(ServiceDimensionRow).order_by(ServiceDimensionRow.position)))
    by_name = {sv.name: sv for sv in services}
    for name, facts in FACTS.items():
        row = by_name.get(name)
        if row is None:
            continue  # the catalogue has been edited: fill what is there
        _apply(row, facts, people)
        scores = facts.get("scores")
        notes = facts.get("notes", {})
        assert isinstance(notes, dict)
        if isinstance(scores, tuple):
            for i, score in enumerate(scores):
                note = str(notes.get(i, ""))
                if i < len(dims) and (score is not None or note):
                    s.add(
                        ServiceAssessmentRow(
                            service_id=row.id, dimension_id=dims[i].id, score=score, note=note
                        )
                    )
    mapped = timeline(today).kartlegging
    for name, kpis in KPIS.items():
        row = by_name.get(name)
        if row is None:
            continue
        for kname, value, unit, days_ago, note in kpis:
            s.add(
                ServiceKpiRow(
                    service_id=row.id,
                    name=kname,
                    value=float(value),
                    unit=unit,
                    measured_on=mapped - timedelta(days=days_ago),
                    note=note,
                )
            )
    if size == "large" and areas:
        _fill_large(s, areas, dims, len(services), people)
    s.flush()


def _apply(row: ServiceRow, facts: dict[str, object], people: dict[str, int]) -> None:
    row.unit = str(facts.get("unit", ""))
    contact = facts.get("contact")
    row.contact_id = people.get(contact) if isinstance(contact, str) else None
    channels = facts.get("channels", ())
    assert isinstance(channels, tuple)
    row.channels = format_channels_value(channels)
    for key, attr in (
        ("yearly_cases", "yearly_cases"),
        ("median_days", "median_days"),
        ("legal_deadline_days", "legal_deadline_days"),
        ("share", "within_deadline_share"),
        ("complaints", "complaints"),
    ):
        if key in facts:
            value = facts[key]
            assert isinstance(value, int | float)
            setattr(
                row,
                attr,
                float(value) if attr in ("median_days", "within_deadline_share") else int(value),
            )
    row.fees = str(facts.get("fees", ""))
    row.current_state = str(facts.get("current_state", ""))


def _fill_large(
    s: Session,
    areas: list[ServiceAreaRow],
    dims: list[ServiceDimensionRow],
    have: int,
    people: dict[str, int],
) -> None:
    """Generated services up to LARGE_SERVICE_COUNT, spread over the areas."""
    rng = random.Random(5540)
    contacts = list(people.values())
    counts = {a.id: 0 for a in areas}
    for sv in s.scalars(select(ServiceRow)):
        counts[sv.area_id] = max(counts.get(sv.area_id, 0), sv.position + 1)
    channels = list(Channel)
    new_rows = []
    for i in range(max(0, LARGE_SERVICE_COUNT - have)):
        area = areas[i % len(areas)]
        name = f"{rng.choice(_VERBS)} {rng.choice(_TOPICS)} – {rng.choice(_PLACES)} {i + 1}"
        deadline = rng.choice((None, None, 21, 84, 90))
        row = ServiceRow(
            area_id=area.id,
            position=counts[area.id],
            name=name,
            unit=rng.choice((PLAN, TEKNISK, NAERING, SERVICETORG, LANDBRUK)),
            contact_id=rng.choice(contacts) if contacts and rng.random() < 0.7 else None,
            channels=format_channels_value(rng.sample(channels, rng.randint(1, 3))),
            yearly_cases=rng.randint(1, 400) if rng.random() < 0.7 else None,
            median_days=float(rng.randint(2, 120)) if rng.random() < 0.6 else None,
            legal_deadline_days=deadline,
            within_deadline_share=round(rng.uniform(0.6, 1.0), 2) if deadline else None,
            complaints=rng.randint(0, 6) if rng.random() < 0.5 else None,
            fees=FEES if rng.random() < 0.4 else "",
            current_state="",
        )
        counts[area.id] += 1
        new_rows.append(row)
    s.add_all(new_rows)
    s.flush()
    for row in new_rows:
        for d in dims:
            if rng.random() < 0.2:
                continue  # ukjent
            score = min(5, max(1, round(rng.gauss(3.3, 1.0))))
            s.add(ServiceAssessmentRow(service_id=row.id, dimension_id=d.id, score=score, note=""))
        if rng.random() < 0.15:
            s.add(
                ServiceKpiRow(
                    service_id=row.id,
                    name="Henvendelser per måned",
                    value=float(rng.randint(1, 60)),
                    unit="stk",
                    measured_on=None,
                    note="",
                )
            )
