"""The example project's interviews, document study and meetings (issue 3, point 6).

Kåfjord (Gáivuotna) is real, as are the villages named (Olderdalen, Birtavarre,
Manndalen, Kåfjorddalen); every firm, person and statement here is fictional. Dates
come from demo_timeline, so the example always looks current and tells one story: the
document study and interviews in the forstudie, and the styringsgruppe's meetings
through the forstudie, the forprosjekt (the handlingsplan) and the hovedprosjekt (the
latest statusrapport), each vedtak agreeing with the dates of the other parts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from nvk_desktop.domain.enums import GroupKind
from nvk_desktop.domain.notes import MeetingKind, NoteKind, case_number, default_meeting_title
from nvk_desktop.services.demo_timeline import Timeline, timeline
from nvk_desktop.store.models import (
    FindingRow,
    GroupMemberRow,
    GroupRow,
    MeetingDecisionRow,
    MeetingParticipantRow,
    MeetingRow,
    NoteAreaRow,
    NoteRow,
    NoteServiceRow,
    PersonRow,
    ServiceAreaRow,
    ServiceRow,
)

# (kind, when (a Timeline field and an index into it), subject, organisation, body,
#  areas, services, findings as (text, is_candidate)). "{plan}" in a subject is the
#  næringsplan's period, which ends the year of the document study.
NOTES: tuple[
    tuple[
        NoteKind,
        tuple[str, int],
        str,
        str,
        str,
        tuple[str, ...],
        tuple[str, ...],
        tuple[tuple[str, bool], ...],
    ],
    ...,
] = (
    (
        NoteKind.DYBDEINTERVJU,
        ("interviews", 0),
        "Kristin Lyngmo, daglig leder",
        "Fjordlaks Kåfjord AS (fiskeoppdrett)",
        "Fjordlaks Kåfjord har tre lokaliteter i Kåfjorden og Lyngen og 14 ansatte, de fleste "
        "bosatt i Olderdalen og Manndalen. Selskapet ønsker å bygge et nytt servicebygg ved "
        "kaia og har i to år ventet på en avklaring av arealformålet i sjø og på land.\n\n"
        "Lyngmo opplever at saksbehandlerne i plan og byggesak er hjelpsomme når hun først får "
        "tak i dem, men at det er uklart hvem som eier saken. Hun har sendt samme spørsmål til "
        "tre personer og fått tre ulike svar. Hun savner en fast kontaktperson og en enkel "
        "oversikt over hva som må til, i hvilken rekkefølge.\n\n"
        "Vann og avløp ved kaia er en flaskehals. Kommunen har lovet en utbedring i "
        "økonomiplanen, men tidspunktet er flyttet to ganger. Bedriften er villig til å "
        "bidra med en andel av kostnaden dersom det blir en forpliktende avtale.\n\n"
        "Om dialog: Lyngmo setter pris på at ordføreren tar telefonen, men mener at møtene "
        "burde følges opp skriftlig, slik at det er klart hva som er avtalt.",
        ("Plan og areal", "Teknisk og infrastruktur"),
        ("Kommuneplanens arealdel", "Vann og avløp", "Havn"),
        (
            ("Uklart hvem i kommunen som eier en sak som går på tvers av plan og byggesak", True),
            ("Utbedring av vann og avløp ved kaia er utsatt to ganger", True),
            ("Hjelpsomme saksbehandlere når man først får kontakt", False),
            ("Møter med politisk ledelse følges ikke opp skriftlig", False),
        ),
    ),
    (
        NoteKind.DYBDEINTERVJU,
        ("interviews", 1),
        "Johan Sárá, daglig leder",
        "Gáivuona Opplevelser AS (reiseliv)",
        "Gáivuona Opplevelser driver guidede turer i Kåfjorddalen, til Gorsabrua og til "
        "fjellgårdene, og har en liten kafé i sommersesongen. Bedriften har fire faste og "
        "opptil tolv sesongansatte.\n\n"
        "Sárá forteller at søknaden om serveringsbevilling gikk raskt og greit, men at det "
        "var vanskelig å finne ut hvilke regler som gjelder for mattilsyn og renovasjon når "
        "kaféen bare er åpen tre måneder i året. Han fant svarene på nettsidene til en "
        "nabokommune.\n\n"
        "Næringsfondet har vært avgjørende for å komme i gang, men søknadsskjemaet oppleves "
        "som laget for større bedrifter, og svaret kom først etter ti uker, midt i sesongen. "
        "Han ønsker faste søknadsfrister og beskjed om når svaret kommer.\n\n"
        "Han trekker fram at kommunen var rask til å hjelpe da veien til Gorsabrua ble "
        "stengt av et ras, og at det gjorde at turene kunne gå som planlagt.",
        ("Bevillinger", "Næringsutvikling", "Service og informasjon"),
        ("Serveringsbevilling", "Næringsfond", "Nettsider"),
        (
            ("Nettsidene forklarer ikke reglene for sesongbedrifter", True),
            ("Svar på søknad om næringsfond tok ti uker, midt i sesongen", True),
            ("Serveringsbevillingen ble behandlet raskt", False),
            ("Rask hjelp da veien ble stengt av ras", False),
        ),
    ),
    (
        NoteKind.DYBDEINTERVJU,
        ("interviews", 2),
        "Rune Birkelund, daglig leder, og Hege Nilsen, prosjektleder",
        "Birtavarre Bygg og Maskin AS (bygg og anlegg)",
        "Birtavarre Bygg og Maskin har 22 ansatte og gjør både boligbygging og grunnarbeid "
        "i Nord-Troms. Omtrent halvparten av oppdragene er i Kåfjord.\n\n"
        "Firmaet har gode erfaringer med forhåndskonferanser: der får de raske og tydelige "
        "svar. Problemet er tiden etterpå. Byggesøknader med tolv ukers frist tar ofte hele "
        "fristen, også når søknaden er komplett, og ferdigattest kan ta over en måned. For "
        "en liten entreprenør betyr det at mannskap og maskiner står.\n\n"
        "Gravetillatelser er et eget irritasjonsmoment. Skjemaet er på papir og må leveres "
        "på servicetorget, og det er ikke mulig å se hvor saken står.\n\n"
        "Birkelund mener kommunen behandler alle likt, men at saksbehandlerne har for lite "
        "kapasitet. Han foreslår et fast kvartalsmøte mellom byggesak og de lokale "
        "entreprenørene.",
        ("Byggesak", "Teknisk og infrastruktur"),
        (
            "Forhåndskonferanse",
            "Byggesøknad (12 ukers frist)",
            "Ferdigattest",
            "Gravetillatelse",
        ),
        (
            ("Komplette byggesøknader bruker hele tolvukersfristen", True),
            ("Søknad om gravetillatelse bare på papir, uten mulighet til å følge saken", True),
            ("Forhåndskonferansene gir raske og tydelige svar", False),
            ("Forslag: kvartalsmøte mellom byggesak og lokale entreprenører", True),
        ),
    ),
    (
        NoteKind.DYBDEINTERVJU,
        ("interviews", 3),
        "Ellen Manndal, innehaver",
        "Manndalen Gårdsutsalg (landbruk og handel)",
        "Manndalen Gårdsutsalg selger lam, egg, bær og bakst fra egen gård, og tar inn varer "
        "fra fem andre gårder i kommunen. Utsalget er åpent fire dager i uka.\n\n"
        "Manndal er godt fornøyd med landbrukskontoret, som kjenner gårdene og svarer raskt "
        "på spørsmål om tilskudd. Hun savner at næringsutvikling og landbruk snakker sammen: "
        "da hun ville starte salg av bakst, ble hun sendt fram og tilbake mellom "
        "landbruk, miljørettet helsevern og servicetorget.\n\n"
        "Skiltingen fra E6 er et gjentatt ønske. Søknaden om skilt var sendt til vegvesenet, "
        "men kommunen kunne ikke si hvem som hadde ansvaret lokalt.\n\n"
        "Hun opplever at kommunen er vennlig og interessert, men at småbedrifter på "
        "bygdene får lite informasjon om hva kommunen kan hjelpe med.",
        ("Miljø, landbruk og helse", "Næringsutvikling"),
        ("Landbrukstilskudd", "Miljørettet helsevern", "Førstelinje og etablererveiledning"),
        (
            ("Etablerere sendes mellom landbruk, helse og servicetorget", True),
            ("Landbrukskontoret kjenner gårdene og svarer raskt", False),
            ("Småbedrifter på bygdene vet lite om hva kommunen kan hjelpe med", True),
        ),
    ),
    (
        NoteKind.GRUPPEINTERVJU,
        ("interviews", 4),
        "Styret i Kåfjord Næringsforening (fem personer)",
        "Kåfjord Næringsforening",
        "Gruppeintervjuet ble holdt på rådhuset i Olderdalen med fem styremedlemmer, blant "
        "dem innehaveren av Olderdalen Handel AS og representanter for transport, regnskap "
        "og reiseliv.\n\n"
        "Styret er enige om at kommunen har blitt mer tilgjengelig de siste årene, men at "
        "næringslivet ikke blir tatt med tidlig nok når planer lages. Høringer kommer ofte "
        "midt i sommerferien eller med kort frist.\n\n"
        "Handelsnæringen i Olderdalen og Birtavarre er sårbar. Innehaveren av Olderdalen "
        "Handel forteller at nettsidene og postlista er vanskelige å bruke for å følge med "
        "på saker som angår sentrum, for eksempel parkering og vareleveranser.\n\n"
        "Styret ønsker et fast dialogmøte to ganger i året med kommunedirektøren og "
        "ordføreren, med referat, og en kontaktperson for næringslivet i kommunen.",
        ("Dialog og samarbeid", "Service og informasjon"),
        ("Næringsforum", "Involvering i planer", "Nettsider"),
        (
            ("Næringslivet involveres for sent i planarbeid, høringer med kort frist", True),
            ("Ønske om fast dialogmøte to ganger i året, med referat", True),
            ("Kommunen oppleves som mer tilgjengelig enn før", False),
        ),
    ),
    (
        NoteKind.DOKUMENTSTUDIE,
        ("documents", 0),
        "Strategisk næringsplan for Kåfjord {plan}",
        "Kåfjord kommune",
        "Næringsplanen har fire satsingsområder: havbruk og fiske, reiseliv og kultur, "
        "landbruk og lokalmat, og gründere og småbedrifter. Planen har en handlingsdel, men "
        "den er ikke rullert på tre år.\n\n"
        "Planen sier at kommunen skal være «en tydelig og raus vertskommune», men har ingen "
        "mål for service eller saksbehandlingstid. Det er heller ikke sagt hvem som følger "
        "opp tiltakene.\n\n"
        "Retningslinjene for næringsfondet står i et vedlegg og er ikke samordnet med "
        "søknadsskjemaet på nettsidene.",
        ("Næringsutvikling",),
        ("Næringsfond", "Førstelinje og etablererveiledning"),
        (
            ("Handlingsdelen i næringsplanen er ikke rullert på tre år", True),
            ("Ingen mål for service eller saksbehandlingstid i næringsplanen", True),
        ),
    ),
    (
        NoteKind.DOKUMENTSTUDIE,
        ("documents", 1),
        "Kommuneplanens arealdel 2018–2030",
        "Kåfjord kommune",
        "Arealdelen avsetter næringsareal i Olderdalen og Birtavarre, men flere av områdene "
        "er ikke regulert, og det står lite om infrastruktur. Sjøarealene er planlagt i et "
        "interkommunalt samarbeid som ikke er ferdig.\n\n"
        "Bestemmelsene om dispensasjon er generelle. Det finnes ingen oversikt over ledige "
        "tomter som bedrifter kan bruke.",
        ("Plan og areal",),
        ("Kommuneplanens arealdel", "Næringsarealer og tomter", "Dispensasjoner"),
        (
            ("Ingen oversikt over ledige næringstomter", True),
            ("Sjøarealplanen er ikke ferdig", False),
        ),
    ),
    (
        NoteKind.OBSERVASJON,
        ("interviews", 5),
        "Servicetorget, en formiddag",
        "Kåfjord kommune, servicetorget",
        "Konsulenten satt på servicetorget fra kl. 9 til 12. Det kom elleve henvendelser, "
        "tre av dem fra bedrifter. To av bedriftshenvendelsene gjaldt byggesak og ble satt "
        "over til en saksbehandler som ikke svarte; de ble bedt om å sende e-post.\n\n"
        "Ansatte på servicetorget var vennlige, men hadde ingen oversikt over hvem som "
        "har ansvaret for hvilke næringssaker.",
        ("Service og informasjon", "Byggesak"),
        ("Servicetorg", "Telefon"),
        (("Servicetorget mangler oversikt over hvem som har ansvaret for næringssaker", True),),
    ),
)


def fill(s: Session, size: str, today: date, people: dict[str, int]) -> None:
    """Add the example notes and meetings to the session (demo.py calls this)."""
    areas = {name: aid for aid, name in s.execute(select(ServiceAreaRow.id, ServiceAreaRow.name))}
    services = {name: sid for sid, name in s.execute(select(ServiceRow.id, ServiceRow.name))}
    when = timeline(today)
    for kind, (field, index), subject, org, body, area_names, service_names, findings in NOTES:
        held_on = getattr(when, field)[index]
        note = NoteRow(
            kind=kind.value,
            held_on=held_on,
            subject=subject.format(plan=f"{held_on.year - 4}–{held_on.year}"),
            organisation=org,
            body=body,
            personal_data=not kind.is_document,
        )
        s.add(note)
        s.flush()
        s.add_all(NoteAreaRow(note_id=note.id, area_id=areas[a]) for a in area_names if a in areas)
        s.add_all(
            NoteServiceRow(note_id=note.id, service_id=services[n])
            for n in service_names
            if n in services
        )
        s.add_all(
            FindingRow(note_id=note.id, position=i, text=t, is_candidate=c)
            for i, (t, c) in enumerate(findings)
        )
    _meetings(s, when, people)
    if size == "large":
        _large(s, today, people, list(areas.values()), list(services.values()))
    s.flush()


def _styringsgruppe(s: Session) -> list[int]:
    return list(
        s.scalars(
            select(GroupMemberRow.person_id)
            .join(GroupRow, GroupRow.id == GroupMemberRow.group_id)
            .where(GroupRow.kind == GroupKind.STYRINGSGRUPPE.value)
            .order_by(GroupMemberRow.id)
        )
    )


@dataclass(frozen=True)
class _Meeting:
    kind: MeetingKind
    held_on: date
    place: str
    agenda: str
    minutes: str
    everybody: bool  # all the core people (oppstartsmøte) or the styringsgruppe
    decisions: tuple[str, ...]


def _plan(when: Timeline) -> tuple[_Meeting, ...]:
    """The example's meetings in date order, with vedtak that match the story's dates."""
    sg, day = MeetingKind.STYRINGSGRUPPEMOTE, "%d.%m.%Y"
    return (
        _Meeting(
            sg,
            when.sg_prosjektplan,
            "Rådhuset i Olderdalen, formannskapssalen",
            "1. Konstituering av styringsgruppen\n"
            "2. Prosjektplan for forstudien\n"
            "3. Oppstartsmøte og kommunikasjon\n"
            "4. Eventuelt",
            "Kommunedirektøren ønsket velkommen og presenterte bestillingen. Konsulenten gikk "
            "gjennom metoden Næringsvennlig kommune og utkastet til prosjektplan.\n\n"
            "Næringslivets representanter ba om at spørreundersøkelsen ikke sendes ut i "
            "fiskerisesongen. Tillitsvalgte ønsket at ansatte blir informert før oppstartsmøtet.",
            False,
            (
                "Prosjektplanen for forstudien godkjennes med de endringene som kom fram i møtet.",
                "Forstudien startes opp etter vedtatt prosjektplan, med Geir Isaksen som "
                "prosjektleder.",
                "Oppstartsmøte for ansatte, politikere og næringsliv holdes "
                f"{when.oppstartsmote.strftime(day)}.",
            ),
        ),
        _Meeting(
            MeetingKind.OPPSTARTSMOTE,
            when.oppstartsmote,
            "Kåfjord kulturhus, Olderdalen",
            "1. Hvorfor Næringsvennlig kommune?\n"
            "2. Slik gjennomføres forstudien\n"
            "3. Spørreundersøkelser og intervjuer\n"
            "4. Spørsmål og innspill",
            "Om lag 40 deltakere fra kommunen, politikken og næringslivet. Ordføreren åpnet "
            "møtet. Konsulenten presenterte metoden og tidsplanen.\n\n"
            "Innspill fra salen: bedre skilting til bedriftene langs E6, raskere svar på "
            "byggesøknader, og et ønske om at kommunen besøker bedriftene oftere.",
            True,
            (),
        ),
        _Meeting(
            sg,
            when.sg_survey,
            "Teams",
            "1. Status i forstudien\n"
            "2. Spørreundersøkelsene\n"
            "3. Utvalg av bedrifter til dybdeintervju\n"
            "4. Resultatverksted",
            "Prosjektleder orienterte om kartleggingen av tjenester, som er godt i gang. "
            "Utkastet til spørreskjema ble gjennomgått; styringsgruppen ba om færre spørsmål "
            "om innkjøp og et eget spørsmål om skilting.\n\n"
            "Næringsforeningen foreslo seks bedrifter til dybdeintervju, fra ulike bransjer "
            "og bygder.",
            False,
            (
                f"Spørreundersøkelsen sendes ut uke {when.t0_open.isocalendar().week}, med "
                "påminnelse etter én uke.",
                "Dybdeintervjuer gjennomføres med seks bedrifter etter forslag fra "
                "næringsforeningen.",
                "Resultatverksted med arbeidsgruppene holdes "
                f"{when.resultatverksted.strftime(day)}.",
            ),
        ),
        _Meeting(
            sg,
            when.sg_forstudie,
            "Rådhuset i Olderdalen, formannskapssalen",
            "1. Forstudierapporten\n"
            "2. Anbefaling om forprosjekt\n"
            "3. Organisering av forprosjektet\n"
            "4. Eventuelt",
            "Konsulenten presenterte forstudierapporten. Næringslivet er minst fornøyd med "
            "byggesaker og med service og informasjon, og resultatverkstedet valgte ti "
            "forbedringspunkter. Rapporten anbefaler et forprosjekt.\n\n"
            "Tillitsvalgte var opptatt av at kapasiteten i byggesak må styrkes før nye "
            "rutiner innføres. Næringslivets representanter ba om at næringsforeningen får "
            "delta i tiltaksverkstedet.",
            False,
            (
                "Forstudierapporten godkjennes, og arbeidet videreføres i et forprosjekt.",
                "Ragnhild Olsen er prosjektleder for forprosjektet, med Geir Isaksen som "
                "prosessveileder.",
                "Tiltaksverksted med arbeidsgruppene og næringsforeningen holdes "
                f"{when.tiltaksverksted.strftime(day)}.",
            ),
        ),
        _Meeting(
            sg,
            when.sg_plan,
            "Rådhuset i Olderdalen, formannskapssalen",
            "1. Handlingsplanen\n"
            "2. Forprosjektrapport og forslag til hovedprosjekt\n"
            "3. Plan for effektmåling\n"
            "4. Eventuelt",
            "Prosjektleder la fram handlingsplanen med 13 tiltak fra tiltaksverkstedet, "
            "prioritert etter gevinst for næringslivet og innsats. Tiltakene i byggesak og "
            "førstelinjen for næringslivet kom høyest.\n\n"
            "Effekten skal måles med de samme spørsmålene som i forstudien, og hvert tiltak "
            "får en indikator med utgangsverdi og mål.",
            False,
            (
                "Handlingsplanen vedtas. Tiltakene med «Må ha» prioriteres i budsjettet.",
                "Styringsgruppen anbefaler kommunestyret å vedta hovedprosjektet, med Ragnhild "
                "Olsen som prosjektleder.",
                "Effekten måles med en oppfølgingsundersøkelse (T1) med de samme spørsmålene "
                f"som i {when.t0_name}.",
            ),
        ),
        _Meeting(
            sg,
            when.sg_status,
            "Teams",
            "1. Statusrapport for tiltakene\n"
            "2. Felles saksbehandlingssystem for plan og byggesak\n"
            "3. Oppfølgingsundersøkelsen (T1)\n"
            "4. Eventuelt",
            "Prosjektleder gikk gjennom statusrapporten. De fleste tiltakene går etter planen; "
            "kapasiteten i byggesak er presset, og tiltakene der følges tett.\n\n"
            "Søknaden om skjønnsmidler til felles saksbehandlingssystem er avslått. Regionen "
            "planlegger en felles anskaffelse. Oppfølgingsundersøkelsen er sendt ut, og "
            "svarprosenten blant bedriftene er foreløpig lav.",
            False,
            (
                "Statusrapporten tas til orientering.",
                "Tiltaket «Felles saksbehandlingssystem for plan og byggesak» avbrytes etter "
                "avslaget på skjønnsmidler; kommunen deltar i regionens felles anskaffelse.",
                "Næringsforeningen minner bedriftene på oppfølgingsundersøkelsen før svarfristen "
                f"{when.t1_close.strftime(day)}.",
            ),
        ),
    )


def _numbered(plan: tuple[_Meeting, ...]) -> list[tuple[_Meeting, str, list[str]]]:
    """Each meeting with its title ("Styringsgruppemøte 2/2025") and the case numbers
    of its vedtak ("Sak 4/25"), both counted per year in date order."""
    titles: dict[tuple[MeetingKind, int], int] = {}
    cases: dict[int, int] = {}
    out = []
    for m in plan:
        year = m.held_on.year
        titles[(m.kind, year)] = titles.get((m.kind, year), 0) + 1
        numbers = []
        for _ in m.decisions:
            cases[year] = cases.get(year, 0) + 1
            numbers.append(case_number(cases[year], year))
        out.append((m, default_meeting_title(m.kind, titles[(m.kind, year)], year), numbers))
    return out


def forstudie_case_number(when: Timeline) -> str:
    """The case number ("7/25") of the styringsgruppe's vedtak that ended the forstudie:
    demo.py puts it on the beslutningspunkt, which Oversikt shows as "sak 7/25"."""
    for m, _title, numbers in _numbered(_plan(when)):
        if m.held_on == when.sg_forstudie and numbers:
            return numbers[0].removeprefix("Sak ")
    return ""


def _meetings(s: Session, when: Timeline, people: dict[str, int]) -> None:
    members = _styringsgruppe(s) or [people[n] for n in list(people)[:6]]
    everybody = [people[n] for n in people]
    for m, title, numbers in _numbered(_plan(when)):
        row = MeetingRow(
            kind=m.kind.value,
            title=title,
            held_on=m.held_on,
            place=m.place,
            agenda=m.agenda,
            minutes=m.minutes,
        )
        s.add(row)
        s.flush()
        s.add_all(
            MeetingParticipantRow(meeting_id=row.id, person_id=p)
            for p in dict.fromkeys(everybody if m.everybody else members)
        )
        s.add_all(
            MeetingDecisionRow(meeting_id=row.id, position=i, case_number=number, text=text)
            for i, (text, number) in enumerate(zip(m.decisions, numbers, strict=True))
        )


# -- size "large": volume for benchmarks and for searching ---------------------------
_WHO = (
    "daglig leder",
    "innehaver",
    "styreleder",
    "økonomiansvarlig",
    "prosjektleder",
    "driftsleder",
)
_FIRM = (
    "Fjordlaks",
    "Lyngstind",
    "Gorsa",
    "Nordlys",
    "Skardalen",
    "Ankerlia",
    "Djupvik",
    "Løkvoll",
    "Storslett",
    "Sorbmo",
    "Čávkkus",
    "Olderbakken",
)
_TRADE = (
    ("Sjømat AS", "fiske og havbruk"),
    ("Bygg AS", "bygg og anlegg"),
    ("Opplevelser AS", "reiseliv"),
    ("Gård", "landbruk"),
    ("Handel AS", "handel"),
    ("Regnskap AS", "tjenesteyting"),
    ("Transport AS", "transport"),
    ("Mekaniske AS", "industri"),
)
_OPEN = (
    "Bedriften har {n} ansatte og holder til i {place}.",
    "Intervjuet ble holdt hos bedriften i {place}.",
    "Samtalen tok om lag en time og handlet mest om {topic}.",
    "{who} har drevet bedriften i {years} år.",
)
_GOOD = (
    "Saksbehandlerne er hjelpsomme og kjenner området godt.",
    "Forhåndskonferansen ga tydelige svar.",
    "Landbrukskontoret svarer raskt.",
    "Ordføreren og kommunedirektøren er lette å få tak i.",
    "Servicetorget er vennlig og imøtekommende.",
    "Næringsfondet var avgjørende for å komme i gang.",
)
_BAD = (
    "Det er uklart hvem i kommunen som har ansvaret for {topic}.",
    "Svaret på søknaden om {topic} kom etter {weeks} uker.",
    "Nettsidene sier lite om {topic}.",
    "Skjemaet for {topic} finnes bare på papir.",
    "Bedriften ble sendt fram og tilbake mellom avdelingene i saken om {topic}.",
    "Møtene med kommunen følges ikke opp skriftlig.",
    "Næringslivet blir involvert for sent i arbeidet med {topic}.",
)
_WISH = (
    "Ønsker en fast kontaktperson for næringslivet.",
    "Foreslår faste dialogmøter med referat.",
    "Ønsker å kunne følge saken sin digitalt.",
    "Ber om en oversikt over ledige næringstomter.",
    "Ønsker faste søknadsfrister for næringsfondet.",
)
_TOPICS = (
    "byggesøknader",
    "gravetillatelser",
    "næringsfondet",
    "skilting",
    "vann og avløp",
    "havna",
    "serveringsbevilling",
    "reguleringsplanen",
    "renovasjon",
    "bredbånd",
    "tomter",
    "ferdigattest",
)
_PLACES = ("Olderdalen", "Birtavarre", "Manndalen", "Kåfjorddalen", "Trollvik", "Djupvik")


def _large(
    s: Session,
    today: date,
    people: dict[str, int],
    area_ids: list[int],
    service_ids: list[int],
) -> None:
    """2,000 generated notes and 50 more meetings, inserted in bulk."""
    rng = random.Random(5541)
    kinds = list(NoteKind)
    weights = (6, 2, 1, 1)
    next_note = (s.scalar(select(NoteRow.id).order_by(NoteRow.id.desc())) or 0) + 1
    notes, findings, note_areas, note_services = [], [], [], []
    for i in range(2000):
        nid = next_note + i
        kind = rng.choices(kinds, weights)[0]
        firm, (suffix, trade) = rng.choice(_FIRM), rng.choice(_TRADE)
        place, topic = rng.choice(_PLACES), rng.choice(_TOPICS)
        who = rng.choice(_WHO)
        fill_in = {
            "n": rng.randint(1, 40),
            "place": place,
            "topic": topic,
            "who": who.capitalize(),
            "years": rng.randint(2, 35),
            "weeks": rng.randint(3, 16),
        }
        paragraphs = [
            " ".join(t.format(**fill_in) for t in rng.sample(_OPEN, 2)),
            " ".join(rng.sample(_GOOD, 2)),
            " ".join(t.format(**fill_in) for t in rng.sample(_BAD, 3)),
            rng.choice(_WISH),
        ]
        if kind is NoteKind.DOKUMENTSTUDIE:
            subject = f"Dokument {i + 1}: retningslinjer for {topic}"
            org = "Kåfjord kommune"
        else:
            subject = f"{who.capitalize()}, {firm} {suffix}"
            org = f"{firm} {suffix} ({trade})"
        notes.append(
            {
                "id": nid,
                "kind": kind.value,
                "held_on": today - timedelta(days=rng.randint(0, 700)),
                "subject": subject,
                "organisation": org,
                "body": "\n\n".join(paragraphs),
                "personal_data": not kind.is_document,
            }
        )
        for pos in range(rng.randint(0, 4)):
            text = rng.choice(_BAD + _WISH).format(**fill_in)
            findings.append(
                {"note_id": nid, "position": pos, "text": text, "is_candidate": rng.random() < 0.3}
            )
        for aid in rng.sample(area_ids, rng.randint(0, 2)):
            note_areas.append({"note_id": nid, "area_id": aid})
        for sid in rng.sample(service_ids, rng.randint(0, 3)):
            note_services.append({"note_id": nid, "service_id": sid})
    s.execute(insert(NoteRow), notes)
    s.execute(insert(FindingRow), findings)
    s.execute(insert(NoteAreaRow), note_areas)
    s.execute(insert(NoteServiceRow), note_services)

    person_ids = list(s.scalars(select(PersonRow.id)))
    kinds_m = list(MeetingKind)
    next_meeting = (s.scalar(select(MeetingRow.id).order_by(MeetingRow.id.desc())) or 0) + 1
    meetings, participants, decisions = [], [], []
    per_year: dict[int, int] = {}
    for i in range(50):
        mid = next_meeting + i
        mkind = rng.choice(kinds_m)
        held = today - timedelta(days=rng.randint(-60, 700))
        meetings.append(
            {
                "id": mid,
                "kind": mkind.value,
                "title": f"{mkind.label} {i + 1} (generert)",
                "held_on": held,
                "place": rng.choice(_PLACES),
                "agenda": "1. Status\n2. Økonomi\n3. Eventuelt",
                "minutes": f"Møtet drøftet {rng.choice(_TOPICS)} og {rng.choice(_TOPICS)}.",
            }
        )
        for pid in rng.sample(person_ids, min(len(person_ids), rng.randint(3, 12))):
            participants.append({"meeting_id": mid, "person_id": pid})
        for pos in range(rng.randint(0, 4)):
            per_year[held.year] = per_year.get(held.year, 0) + 1
            decisions.append(
                {
                    "meeting_id": mid,
                    "position": pos,
                    "case_number": case_number(per_year[held.year], held.year),
                    "text": f"Arbeidet med {rng.choice(_TOPICS)} videreføres.",
                }
            )
    s.execute(insert(MeetingRow), meetings)
    s.execute(insert(MeetingParticipantRow), participants)
    s.execute(insert(MeetingDecisionRow), decisions)
