"""The example project's measures and handlingsplan (issue 6 point 7): 15 measures in
every state (ikke startet, pågår, forsinket, fullført, avbrutt), made from the demo's
improvement points where there are any, with responsible people, units, resources,
dependencies, criteria scores, gain/effort, MoSCoW, the plan decision in the
forprosjekt's styringsgruppemøte that adopted the handlingsplan, follow-up entries
through the hovedprosjekt, indicators with dated values, effect targets and one earlier
statusrapport snapshot for the styringsgruppemøte 45 days ago (so "what changed" has
content). Size "large" makes 500 measures in all (for the benchmarks). Every date is
relative to ``today`` and agrees with demo_timeline; budget years are the years the
measures start ("{start_year}") or next year ("{next_year}").

Among the 15: T-003 and T-014 are overdue (T-014 with no follow-up for 45 days: a
decision is needed), T-004 and T-010 are at risk, T-012 waits for the cancelled T-009
(blocked), T-011 and T-015 are not in the plan yet.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from nvk_desktop.domain.measures import Measure, MeasureStatus, MoSCoW
from nvk_desktop.domain.notes import MeetingKind
from nvk_desktop.services.demo_timeline import timeline
from nvk_desktop.services.measures import allocate_codes, snapshot_json
from nvk_desktop.store.models import (
    CriterionRow,
    FollowUpRow,
    ImprovementPointRow,
    IndicatorRow,
    IndicatorValueRow,
    MeasureAreaRow,
    MeasureDependencyRow,
    MeasureEffectTargetRow,
    MeasurePointRow,
    MeasureRow,
    MeasureScoreRow,
    MeetingRow,
    PlanDecisionRow,
    StatusReportRow,
)

S = MeasureStatus
LARGE_TOTAL = 500

# (title, area, responsible, unit, start, deadline (days from today), status, progress,
#  hours, NOK, funding, gain, effort, MoSCoW, depends on (1-based), in plan,
#  scores on the four default criteria, description)
MEASURES: tuple[tuple, ...] = (
    (
        "Digital byggesøknad med veiledning steg for steg",
        "byggesaker",
        "Solveig Nilsen",
        "Byggesak",
        -150,
        60,
        S.PAGAR,
        70,
        300,
        250_000,
        "Kommunalt budsjett {start_year}",
        5,
        4,
        MoSCoW.MUST,
        (),
        True,
        (10, 8, 6, 8),
        "Søknadsskjema på nett med veiledning og sjekkliste, så færre søknader er mangelfulle.",
    ),
    (
        "Fast kontaktperson (los) for nye og voksende bedrifter",
        "service_informasjon",
        "Ragnhild Olsen",
        "Næring",
        -120,
        -10,
        S.FULLFORT,
        100,
        120,
        40_000,
        "Kommunalt budsjett {start_year}",
        5,
        2,
        MoSCoW.MUST,
        (),
        True,
        (10, 4, 2, 10),
        "Én dør inn: næringskonsulenten følger bedriften gjennom kommunens saker.",
    ),
    (
        "Forhåndskonferanse for byggesaker innen 10 dager",
        "byggesaker",
        "Solveig Nilsen",
        "Byggesak",
        -90,
        -5,
        S.PAGAR,
        60,
        80,
        0,
        "Innenfor ramme",
        4,
        2,
        MoSCoW.MUST,
        (),
        True,
        (8, 4, 4, 8),
        "Fast tid hver uke for forhåndskonferanser, med referat samme dag.",
    ),
    (
        "Oppdatert oversikt over ledige næringsarealer på nett",
        "naeringsareal",
        "Áilu Hætta Sara",
        "Plan og utvikling",
        -60,
        10,
        S.PAGAR,
        40,
        60,
        30_000,
        "Regionale utviklingsmidler",
        4,
        2,
        MoSCoW.SHOULD,
        (),
        True,
        (8, 4, 2, 8),
        "Kart og faktaark for hver tomt: størrelse, regulering, infrastruktur og pris.",
    ),
    (
        "Servicetorget svarer næringslivet innen to virkedager",
        "service_informasjon",
        "Tone Birtavarre",
        "Servicetorget",
        -100,
        30,
        S.FORSINKET,
        20,
        150,
        20_000,
        "Innenfor ramme",
        4,
        3,
        MoSCoW.MUST,
        (),
        True,
        (8, 6, 4, 6),
        "Svarfrist, saksoppfølging i fagsystemet og ukentlig gjennomgang av åpne henvendelser.",
    ),
    (
        "Kvartalsvise frokostmøter mellom næringsliv og kommune",
        "dialog_samarbeid",
        "Ragnhild Olsen",
        "Næring",
        -180,
        -20,
        S.FULLFORT,
        100,
        40,
        15_000,
        "Kåfjord Næringsforening",
        3,
        1,
        MoSCoW.SHOULD,
        (),
        True,
        (6, 2, 2, 10),
        "Fire møter i året med tema fra næringslivet; ordfører og kommunedirektør deltar.",
    ),
    (
        "Rullering av strategisk næringsplan",
        "naeringsutvikling",
        "Áilu Hætta Sara",
        "Plan og utvikling",
        30,
        240,
        S.IKKE_STARTET,
        0,
        400,
        150_000,
        "Kommunalt budsjett {next_year}",
        4,
        5,
        MoSCoW.SHOULD,
        (10,),
        True,
        (8, 10, 8, 6),
        "Ny næringsplan bygget på resultatene fra undersøkelsen og kartleggingen av arealbehov.",
    ),
    (
        "Sjekkliste for etablerere på kommunens nettsider",
        "service_informasjon",
        "Tone Birtavarre",
        "Servicetorget",
        -40,
        80,
        S.PAGAR,
        30,
        50,
        10_000,
        "Innenfor ramme",
        3,
        1,
        MoSCoW.COULD,
        (),
        True,
        (6, 2, 2, 8),
        "Hva må en ny bedrift søke om, og hos hvem? Én side med lenker og kontaktpersoner.",
    ),
    (
        "Felles saksbehandlingssystem for plan og byggesak",
        "byggesaker",
        "Jørgen Pettersen",
        "Teknisk drift",
        -200,
        100,
        S.AVBRUTT,
        15,
        200,
        900_000,
        "Søkt skjønnsmidler (avslått)",
        3,
        5,
        MoSCoW.WONT,
        (),
        True,
        (6, 10, 10, 4),
        "Avbrutt: skjønnsmidlene ble avslått, og regionens felles anskaffelse kommer i {next_year}.",
    ),
    (
        "Kartlegging av arealbehov i næringslivet",
        "naeringsareal",
        "Øystein Haugen",
        "Landbruk og miljø",
        -100,
        40,
        S.PAGAR,
        10,
        100,
        60_000,
        "Regionale utviklingsmidler",
        4,
        3,
        MoSCoW.MUST,
        (),
        True,
        (8, 6, 4, 8),
        "Intervjuer med de 20 største bedriftene om arealbehov de neste ti årene.",
    ),
    (
        "Klarspråk i vedtak og brev til næringslivet",
        "service_informasjon",
        "Tone Birtavarre",
        "Servicetorget",
        14,
        120,
        S.IKKE_STARTET,
        0,
        60,
        35_000,
        "Innenfor ramme",
        3,
        2,
        MoSCoW.COULD,
        (),
        False,
        (6, 4, 4, 6),
        "Kurs for saksbehandlerne og nye brevmaler for de vanligste vedtakene.",
    ),
    (
        "Digital vei- og VA-informasjon for utbyggere",
        "infrastruktur_planverk",
        "Jørgen Pettersen",
        "Teknisk drift",
        -10,
        150,
        S.IKKE_STARTET,
        0,
        160,
        120_000,
        "Kommunalt budsjett {start_year}",
        3,
        4,
        MoSCoW.SHOULD,
        (9,),
        True,
        (6, 8, 6, 6),
        "Ledningskart og tilknytningsvilkår på nett, så utbyggere kan planlegge selv.",
    ),
    (
        "Årlig dialogmøte mellom formannskapet og næringslivet",
        "dialog_samarbeid",
        "Mathis Eriksen",
        "Formannskapet",
        -150,
        -60,
        S.FULLFORT,
        100,
        20,
        8_000,
        "Kommunalt budsjett {start_year}",
        3,
        1,
        MoSCoW.SHOULD,
        (),
        True,
        (6, 2, 2, 10),
        "Formannskapet møter næringsforeningen hver høst før budsjettet.",
    ),
    (
        "Interkommunalt samarbeid om næringsareal i Nord-Troms",
        "naeringsareal",
        "Synnøve Jørgensen",
        "Nord-Troms Regionråd",
        -200,
        -30,
        S.FORSINKET,
        50,
        250,
        200_000,
        "Regionrådet",
        4,
        5,
        MoSCoW.SHOULD,
        (),
        True,
        (8, 10, 8, 4),
        "Felles oversikt og markedsføring av næringsareal i de seks kommunene.",
    ),
    (
        "Tilbakemelding fra søkerne etter hver byggesak",
        "byggesaker",
        "Solveig Nilsen",
        "Byggesak",
        -30,
        90,
        S.PAGAR,
        50,
        30,
        5_000,
        "Innenfor ramme",
        3,
        1,
        MoSCoW.COULD,
        (1,),
        False,
        (6, 2, 2, 8),
        "Kort spørreskjema med vedtaket; resultatene gås gjennom hvert kvartal.",
    ),
)

# measure number → [(days from today, or a demo_timeline date, author, text)]
FOLLOW_UPS: dict[int, tuple[tuple[int | str, str, str], ...]] = {
    1: (
        (-140, "Solveig Nilsen", "Oppstart: arbeidsgruppe med byggesak, IKT og to søkere."),
        (-90, "Solveig Nilsen", "Skjemaet er testet av fem søkere; veiledningen skrives om."),
        (-30, "Ragnhild Olsen", "Nettløsningen er bestilt; levering i løpet av en måned."),
        (-6, "Solveig Nilsen", "Pilot i drift for tiltaksklasse 1. Færre mangelbrev så langt."),
    ),
    2: (
        (-110, "Ragnhild Olsen", "Losfunksjonen er beskrevet og lagt ut på nettsiden."),
        (-12, "Ragnhild Olsen", "Fullført: 14 bedrifter har brukt losen de første månedene."),
    ),
    3: (
        (-60, "Solveig Nilsen", "Fast tidspunkt tirsdager kl. 10 er innført."),
        (-8, "Solveig Nilsen", "Sykefravær i byggesak: referatene tar lenger tid enn planlagt."),
    ),
    4: ((-20, "Áilu Hætta Sara", "Faktaark for seks av tolv tomter er ferdige."),),
    5: (
        (-70, "Tone Birtavarre", "Rutinen er vedtatt; opplæring av servicetorget gjennomført."),
        (-15, "Tone Birtavarre", "Forsinket: fagsystemet mangler varsling, venter på leverandør."),
    ),
    6: ((-25, "Ragnhild Olsen", "Fjerde frokostmøte holdt, 32 deltakere. Videreføres i drift."),),
    8: ((-10, "Tone Birtavarre", "Første utkast til sjekklisten er sendt næringsforeningen."),),
    9: (
        (
            "sg_status",
            "Jørgen Pettersen",
            "Avbrutt etter vedtak i styringsgruppen: skjønnsmidlene ble avslått; se regional "
            "anskaffelse.",
        ),
    ),
    10: ((-80, "Øystein Haugen", "Intervjuguide laget; fire intervjuer gjennomført."),),
    13: ((-60, "Mathis Eriksen", "Dialogmøtet holdt; innspillene tas med i budsjettarbeidet."),),
    14: (
        (-150, "Synnøve Jørgensen", "Alle seks kommuner har sagt ja til å delta."),
        (-45, "Synnøve Jørgensen", "Venter på avklaring om felles finansiering i regionrådet."),
    ),
    15: ((-5, "Solveig Nilsen", "Skjemaet sendes med vedtakene fra denne måneden."),),
}

# measure number → indicators: (name, unit, baseline, baseline day, target, target day,
#  lower is better, [(day, value)])
INDICATORS: dict[int, tuple[tuple, ...]] = {
    1: (
        (
            "Median saksbehandlingstid byggesak",
            "dager",
            24.0,
            -300,
            15.0,
            365,
            True,
            ((-240, 23.0), (-180, 22.5), (-120, 21.0), (-60, 19.0), (-10, 18.0)),
        ),
    ),
    2: (
        (
            "Andel bedrifter som vet hvem de skal kontakte i kommunen",
            "%",
            35.0,
            -300,
            70.0,
            0,
            False,
            ((-200, 41.0), (-100, 58.0), (-15, 72.0)),
        ),
    ),
    4: (
        (
            "Næringstomter med oppdatert informasjon på nett",
            "tomter",
            3.0,
            -90,
            12.0,
            10,
            False,
            ((-60, 4.0), (-30, 5.0), (-5, 6.0)),
        ),
    ),
    5: (
        (
            "Henvendelser besvart innen to virkedager",
            "%",
            62.0,
            -200,
            90.0,
            180,
            False,
            ((-150, 60.0), (-90, 63.0), (-30, 65.0)),
        ),
    ),
}
EFFECT_TARGETS: dict[int, tuple[tuple[str, str], ...]] = {
    1: (("area", "byggesaker"), ("item", "byg.dim.saksbehandlingstid")),
    2: (("area", "service_informasjon"),),
    3: (("area", "byggesaker"),),
    4: (("area", "naeringsareal"),),
    5: (("area", "service_informasjon"), ("item", "ser.dim.saksbehandlingstid")),
    6: (("area", "dialog_samarbeid"),),
}
# How the measures stood at the earlier statusrapport (45 days ago): number → (status,
# progress). Measure 15 did not exist then.
EARLIER = {
    1: (S.PAGAR, 50),
    2: (S.PAGAR, 80),
    3: (S.PAGAR, 30),
    5: (S.PAGAR, 15),
    6: (S.PAGAR, 75),
    9: (S.PAGAR, 15),
    14: (S.PAGAR, 50),
}
EARLIER_DAYS = 45


def fill(s: Session, size: str, today: date, people: dict[str, int]) -> None:
    def day(n: int) -> date:
        return today + timedelta(days=n)

    points = s.scalars(select(ImprovementPointRow).order_by(ImprovementPointRow.position)).all()
    points_by_area: dict[str | None, list[int]] = {}
    for p in points:
        points_by_area.setdefault(p.area, []).append(p.id)
    criteria = s.scalars(select(CriterionRow).order_by(CriterionRow.position)).all()
    when = timeline(today)
    years = {"next_year": today.year + 1}
    # The styringsgruppemøte that adopted the handlingsplan (demo_notes), if it is there.
    meeting = s.scalars(
        select(MeetingRow)
        .where(
            MeetingRow.kind == MeetingKind.STYRINGSGRUPPEMOTE.value,
            MeetingRow.held_on == when.sg_plan,
        )
        .order_by(MeetingRow.id)
    ).first()
    decision = PlanDecisionRow(
        decided_on=when.sg_plan,
        decided_by="Styringsgruppen",
        meeting_id=meeting.id if meeting else None,
        note="Handlingsplanen vedtatt etter tiltaksverkstedet; tiltakene med «Må ha» "
        "prioriteres i budsjettet.",
    )
    s.add(decision)
    s.flush()

    total = LARGE_TOTAL if size == "large" else len(MEASURES)
    codes = allocate_codes(s, total)
    ids: list[int] = []
    used_points: dict[str | None, int] = {}
    snapshot: list[Measure] = []
    for i, spec in enumerate(MEASURES):
        (
            title,
            area,
            who,
            unit,
            start,
            deadline,
            status,
            progress,
            hours,
            nok,
            funding,
            gain,
            effort,
            moscow,
            deps,
            in_plan,
            scores,
            description,
        ) = spec
        fill_in = {**years, "start_year": day(start).year}
        row = MeasureRow(
            code=codes[i],
            position=i + 1,
            title=title,
            description=description.format(**fill_in),
            responsible_id=people.get(who),
            unit=unit,
            start_on=day(start),
            deadline_on=day(deadline),
            status=status.value,
            progress=progress,
            hours=float(hours),
            cost_nok=float(nok),
            funding=funding.format(**fill_in),
            gain=gain,
            effort=effort,
            moscow=moscow.value,
            plan_decision_id=decision.id if in_plan else None,
        )
        s.add(row)
        s.flush()
        ids.append(row.id)
        s.add(MeasureAreaRow(measure_id=row.id, area=area))
        # The improvement point(s) of the same area, in turn, where the workshops made any.
        pool = points_by_area.get(area) or []
        if pool:
            k = used_points.get(area, 0)
            s.add(MeasurePointRow(measure_id=row.id, point_id=pool[k % len(pool)]))
            used_points[area] = k + 1
        for c, score in zip(criteria, scores, strict=False):
            s.add(MeasureScoreRow(measure_id=row.id, criterion_id=c.id, score=score))
        n = i + 1
        if n != 15:  # measure 15 is newer than the earlier report
            st, pr = EARLIER.get(n, (status, progress))
            snapshot.append(
                Measure(
                    title=title, status=st, progress=pr, deadline_on=day(deadline), code=codes[i]
                )
            )
    for i, spec in enumerate(MEASURES):
        for dep in spec[14]:
            s.add(MeasureDependencyRow(measure_id=ids[i], depends_on_id=ids[dep - 1]))
    for n, entries in FOLLOW_UPS.items():
        for d, who, text in entries:
            entry_on = getattr(when, d) if isinstance(d, str) else day(d)
            s.add(
                FollowUpRow(
                    measure_id=ids[n - 1], entry_on=entry_on, text=text, author_id=people.get(who)
                )
            )
    for n, inds in INDICATORS.items():
        for name, unit, base, base_d, target, target_d, lower, values in inds:
            ind = IndicatorRow(
                measure_id=ids[n - 1],
                name=name,
                unit=unit,
                baseline=base,
                baseline_on=day(base_d),
                target=target,
                target_on=day(target_d),
                lower_is_better=lower,
            )
            s.add(ind)
            s.flush()
            for d, v in values:
                s.add(IndicatorValueRow(indicator_id=ind.id, measured_on=day(d), value=v, note=""))
    for n, targets in EFFECT_TARGETS.items():
        for kind, key in targets:
            s.add(MeasureEffectTargetRow(measure_id=ids[n - 1], kind=kind, key=key))
    s.add(
        StatusReportRow(
            made_on=day(-EARLIER_DAYS),
            snapshot=snapshot_json(snapshot),
            note=f"Statusrapport til styringsgruppemøtet {when.sg_status:%d.%m.%Y}",
        )
    )
    if size == "large":
        _fill_large(s, today, codes[len(MEASURES) :], people, criteria, decision.id)


LARGE_WORDS = (
    ("Digital", "Forenklet", "Felles", "Ny", "Bedre", "Raskere", "Samordnet", "Tydelig"),
    (
        "søknadsbehandling",
        "veiledning",
        "informasjon",
        "dialog",
        "arealplanlegging",
        "saksoppfølging",
        "kontaktpunkt",
        "rapportering",
    ),
    (
        "for næringslivet",
        "i Olderdalen",
        "i Manndalen",
        "for reiselivet",
        "for landbruket",
        "for sjømatnæringen",
        "for etablerere",
        "i hele kommunen",
    ),
)


def _fill_large(
    s: Session,
    today: date,
    codes: list[str],
    people: dict[str, int],
    criteria: Sequence[CriterionRow],
    decision_id: int,
) -> None:
    rnd = random.Random(6)
    areas = (
        "infrastruktur_planverk",
        "naeringsareal",
        "byggesaker",
        "naeringsutvikling",
        "service_informasjon",
        "dialog_samarbeid",
    )
    who = list(people.values())
    statuses = list(MeasureStatus)
    start_pos = len(MEASURES) + 1
    for i, code in enumerate(codes):
        status = rnd.choices(statuses, weights=(3, 5, 1, 2, 1))[0]
        progress = {
            S.IKKE_STARTET: 0,
            S.FULLFORT: 100,
        }.get(status, rnd.randrange(0, 100, 5))
        start = today + timedelta(days=rnd.randint(-400, 120))
        deadline = start + timedelta(days=rnd.randint(30, 400))
        title = " ".join(rnd.choice(w) for w in LARGE_WORDS)
        row = MeasureRow(
            code=code,
            position=start_pos + i,
            title=f"{title[0].upper()}{title[1:]} ({code})",
            description="",
            responsible_id=rnd.choice(who) if who else None,
            unit=rnd.choice(("Byggesak", "Næring", "Servicetorget", "Plan og utvikling")),
            start_on=start,
            deadline_on=deadline,
            status=status.value,
            progress=progress,
            hours=float(rnd.randrange(10, 400, 10)),
            cost_nok=float(rnd.randrange(0, 500_000, 5_000)),
            funding=rnd.choice(("Innenfor ramme", "Kommunalt budsjett", "Regionale midler")),
            gain=rnd.randint(1, 5),
            effort=rnd.randint(1, 5),
            moscow=rnd.choice(list(MoSCoW)).value,
            plan_decision_id=decision_id if rnd.random() < 0.8 else None,
        )
        s.add(row)
        if i % 50 == 49:
            s.flush()
    s.flush()
    rows = s.scalars(select(MeasureRow).where(MeasureRow.code.in_(codes))).all()
    by_code = {r.code: r for r in rows}
    ordered = [by_code[c] for c in codes]
    for i, r in enumerate(ordered):
        s.add(MeasureAreaRow(measure_id=r.id, area=rnd.choice(areas)))
        for c in criteria:
            s.add(MeasureScoreRow(measure_id=r.id, criterion_id=c.id, score=rnd.randint(2, 10)))
        if i > 5 and rnd.random() < 0.2:  # only on earlier measures: never a cycle
            s.add(MeasureDependencyRow(measure_id=r.id, depends_on_id=ordered[rnd.randrange(i)].id))
        for k in range(rnd.randint(0, 3)):
            s.add(
                FollowUpRow(
                    measure_id=r.id,
                    entry_on=today - timedelta(days=rnd.randint(0, 200)),
                    text=f"Statusmøte {k + 1}: arbeidet går etter planen.",
                    author_id=rnd.choice(who) if who else None,
                )
            )


__all__ = ["fill"]
