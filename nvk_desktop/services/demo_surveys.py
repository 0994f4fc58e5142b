"""The example project's surveys: a baseline (T0) and a follow-up (T1), fictional answers.

The answers show what NVK surveys usually find (DOMAIN.md §6): business rates the
municipality lower than employees and politicians do, and byggesaker and service og
informasjon are the weakest areas for business. The baseline was the forstudie's
survey; the follow-up in the hovedprosjekt, about 15 months later, shows byggesaker
improving. Each is named by the year it went out, and the dates come from
demo_timeline. Deterministic: the same file every time.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from nvk_desktop.domain.survey import Item, ItemKind, RespondentGroup
from nvk_desktop.domain.survey_project import SurveyRound
from nvk_desktop.importers.itembank import load_item_bank
from nvk_desktop.services.demo_timeline import timeline
from nvk_desktop.services.surveys import answers_json, insert_survey
from nvk_desktop.store.models import (
    CommentCodeRow,
    CommentThemeRow,
    FindingRow,
    OpenAnswerRow,
    ResponseRow,
    SurveyItemRow,
)

G = RespondentGroup
GROUPS = (G.NAERINGSLIV, G.ANSATTE, G.POLITIKERE)
INVITED = {G.NAERINGSLIV: 210, G.ANSATTE: 70, G.POLITIKERE: 25}
T0_ANSWERS = {G.NAERINGSLIV: 82, G.ANSATTE: 46, G.POLITIKERE: 21}
T1_ANSWERS = {G.NAERINGSLIV: 48, G.ANSATTE: 31, G.POLITIKERE: 14}

# Mean attitude per group and area on the 1–5 scale (before noise).
LEVEL = {
    G.NAERINGSLIV: {
        "infrastruktur_planverk": 3.2,
        "naeringsareal": 3.0,
        "byggesaker": 2.4,
        "naeringsutvikling": 3.3,
        "service_informasjon": 2.6,
        "dialog_samarbeid": 3.0,
    },
    G.ANSATTE: {
        "infrastruktur_planverk": 3.7,
        "naeringsareal": 3.5,
        "byggesaker": 3.5,
        "naeringsutvikling": 3.8,
        "service_informasjon": 3.9,
        "dialog_samarbeid": 3.7,
    },
    G.POLITIKERE: {
        "infrastruktur_planverk": 3.5,
        "naeringsareal": 3.3,
        "byggesaker": 3.3,
        "naeringsutvikling": 3.9,
        "service_informasjon": 3.7,
        "dialog_samarbeid": 3.9,
    },
}
IMPORTANCE = {
    "infrastruktur_planverk": 3.9,
    "naeringsareal": 3.4,
    "byggesaker": 4.4,
    "naeringsutvikling": 3.6,
    "service_informasjon": 4.3,
    "dialog_samarbeid": 3.8,
}
# What changed between the rounds (T1 − T0), per group and area.
T1_SHIFT = {
    G.NAERINGSLIV: {"byggesaker": 0.8, "service_informasjon": 0.3},
    G.ANSATTE: {"byggesaker": 0.3, "service_informasjon": 0.1},
    G.POLITIKERE: {"byggesaker": 0.4},
}

SIZE_WEIGHTS = {"1_3": 5, "4_10": 3, "over_10": 2}
BRANSJE_WEIGHTS = {
    "landbruk_fiske": 4,
    "naeringsmiddel": 1,
    "annen_industri": 1,
    "bygg_anlegg": 3,
    "handel": 3,
    "reiseliv": 3,
    "tjenesteyting": 4,
    "offentlig": 1,
    "annet": 1,
}

COMMENTS: dict[str, dict[str, tuple[str, ...]]] = {
    "byggesaker": {
        "bedre": (
            "Det tok over fire måneder å få svar på en enkel søknad om tilbygg.",
            "Saksbehandlingstiden er altfor lang, og vi hører ingenting underveis.",
            "Vanskelig å få svar på hva som egentlig kreves før vi søker.",
            "Vi fikk ulike svar fra to saksbehandlere på samme spørsmål.",
            "Gebyrene er høye sammenlignet med nabokommunene.",
            "Ønsker en fast kontaktperson gjennom hele byggesaken.",
            "Søknaden ble returnert tre ganger for småting som kunne vært tatt på telefon.",
            "Vi mistet en sesong fordi tillatelsen kom for sent.",
            "Uklart hvor langt saken er kommet; det burde gå an å se status på nett.",
            "Ferdigattesten tok lengre tid enn selve byggingen.",
            "Reglene tolkes strengere her enn i nabokommunen.",
            "Saksbehandlerne er for få, og det merkes når noen er borte.",
        ),
        "godt": (
            "Forhåndskonferansen var nyttig og ga klare svar.",
            "Saksbehandleren var hyggelig og tok seg tid.",
            "Enkle saker går raskt.",
            "Godt samarbeid om dispensasjonen for naustet.",
        ),
    },
    "service_informasjon": {
        "bedre": (
            "Vanskelig å komme fram på telefon, og ingen ringer tilbake.",
            "Nettsidene er rotete, og skjemaene er vanskelige å finne.",
            "Det er uklart hvem i kommunen vi skal kontakte.",
            "E-post blir liggende ubesvart i flere uker.",
            "Sentralbordet kan ikke svare på spørsmål om næring.",
            "Skulle ønske en egen side for bedrifter på nettstedet.",
            "Vi får ikke kvittering på det vi sender inn digitalt.",
        ),
        "godt": (
            "Servicetorget er vennlig og hjelpsomt.",
            "Raskt svar når vi først får tak i rett person.",
            "Lett å stikke innom rådhuset i Olderdalen.",
        ),
    },
    "naeringsareal": {
        "bedre": (
            "Det mangler ferdig regulerte tomter for industri.",
            "Vi har ventet lenge på at næringsområdet ved kaia skal bli klart.",
        ),
        "godt": ("Kommunen hjalp oss med å finne et egnet lokale.",),
    },
    "naeringsutvikling": {
        "bedre": ("Næringsfondet er lite kjent blant bedriftene.",),
        "godt": (
            "Næringskonsulenten er engasjert og følger opp.",
            "God hjelp til etablererne i etablererkurset.",
        ),
    },
    "dialog_samarbeid": {
        "bedre": (
            "Det er lenge mellom næringsfrokostene.",
            "Politikerne burde besøke bedriftene oftere.",
        ),
        "godt": ("Næringsfrokosten er en fin møteplass.",),
    },
    "infrastruktur_planverk": {
        "bedre": ("Veien fram til industriområdet trenger vedlikehold.",),
        "godt": ("Bra at kommuneplanen er oppdatert.",),
    },
}

THEMES = (
    (
        "byggesaker",
        "Lang saksbehandlingstid",
        ("måneder", "saksbehandlingstiden", "ingenting", "for sent", "lengre tid", "for få"),
    ),
    (
        "byggesaker",
        "Uklare krav og ulike svar",
        ("kreves", "ulike svar", "kontaktperson", "returnert", "tolkes", "status"),
    ),
    (
        "service_informasjon",
        "Vanskelig å nå rett person",
        ("telefon", "hvem", "ubesvart", "sentralbordet", "kvittering"),
    ),
)


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _likert(rng: random.Random, mean: float) -> int:
    return max(1, min(5, round(rng.gauss(mean, 0.9))))


def _respondent(
    rng: random.Random,
    items: list[Item],
    group: RespondentGroup,
    shift: dict[str, float],
    said: set[str],
) -> tuple[dict[str, int | str | None], dict[str, str]]:
    """(closed answers by key, open answers by key) for one fictional respondent.

    ``said`` holds the comments already given in this survey: each is used once, as
    real comments are seldom word for word the same.
    """
    closed: dict[str, int | str | None] = {}
    opened: dict[str, str] = {}
    mood = rng.gauss(0.0, 0.45)  # some are generally more positive than others
    size = _pick(rng, SIZE_WEIGHTS)
    for it in items:
        if not it.asked_of(group):
            continue
        if it.kind is ItemKind.BACKGROUND:
            if it.id == "bak.storrelse":
                closed[it.id] = size
            elif it.id == "bak.bransje":
                closed[it.id] = _pick(rng, BRANSJE_WEIGHTS)
            elif rng.random() < 0.95:
                closed[it.id] = rng.choice(it.options).code
            continue
        if it.kind is ItemKind.OPEN:
            pool = COMMENTS.get(it.area or "", {}).get(it.id.rsplit(".", 1)[-1], ())
            unsaid = [c for c in pool if c not in said]
            chance = 0.22 if group is G.NAERINGSLIV else 0.1
            if unsaid and rng.random() < chance:
                opened[it.id] = rng.choice(unsaid)
                said.add(opened[it.id])
            continue
        area = it.area or ""
        if rng.random() < (0.12 if it.kind is ItemKind.DIMENSION else 0.05):
            closed[it.id] = None  # vet ikke / ikke aktuelt
            continue
        if it.kind is ItemKind.IMPORTANCE:
            closed[it.id] = _likert(
                rng, IMPORTANCE[area] - (0.3 if group is not G.NAERINGSLIV else 0)
            )
            continue
        mean = LEVEL[group][area] + shift.get(area, 0.0) + mood
        if size == "over_10" and group is G.NAERINGSLIV:
            mean += 0.2  # larger firms have their own staff for the paperwork
        closed[it.id] = _likert(rng, mean)
    return closed, opened


def _answers(
    s: Session,
    rng: random.Random,
    survey_id: int,
    items: list[Item],
    counts: dict[RespondentGroup, int],
    shift: dict[RespondentGroup, dict[str, float]],
    first_day: date,
    last_day: date,
) -> None:
    item_ids = dict(
        s.execute(
            select(SurveyItemRow.key, SurveyItemRow.id).where(SurveyItemRow.survey_id == survey_id)
        ).all()
    )
    said: set[str] = set()
    for group in GROUPS:
        for n in range(counts[group]):
            closed, opened = _respondent(rng, items, group, shift.get(group, {}), said)
            when = min(first_day + timedelta(days=rng.randrange(0, 20)), last_day)
            resp = ResponseRow(
                survey_id=survey_id,
                grp=group.value,
                import_id=None,
                source_row=None,
                entered_at=f"{when.isoformat()}T{9 + n % 8:02d}:{(n * 7) % 60:02d}:00",
                answers=answers_json(closed),
            )
            s.add(resp)
            s.flush()
            for key, text in opened.items():
                s.add(OpenAnswerRow(response_id=resp.id, item_id=item_ids[key], text=text))


def fill(s: Session, size: str, today: date, people: dict[str, int]) -> None:
    """Add the baseline survey (about 150 answers) and its follow-up to the example."""
    del people  # the surveys are anonymous
    rng = random.Random(5540)
    bank = load_item_bank(1)
    items = [it for it in bank.items if any(it.asked_of(g) for g in GROUPS)]
    factor = 4 if size == "large" else 1

    when = timeline(today)
    t0 = insert_survey(
        s,
        when.t0_name,
        groups=INVITED,
        items=items,
        scale=bank.scale,
        bank_version=bank.version,
        opens_on=when.t0_open,
        closes_on=when.t0_close,
        note="Sendt ut med Nettskjema til bedriftene i næringsregisteret, alle ansatte som "
        "møter næringslivet og kommunestyret.",
    )
    t0_answers = {g: n * factor for g, n in T0_ANSWERS.items()}
    _answers(s, rng, t0, items, t0_answers, {}, when.t0_open, when.t0_close)

    t1 = insert_survey(
        s,
        when.t1_name,
        groups=INVITED,
        items=items,
        scale=bank.scale,
        bank_version=bank.version,
        round=SurveyRound.T1,
        baseline_id=t0,
        opens_on=when.t1_open,
        closes_on=when.t1_close,
        note="Effektmåling i hovedprosjektet, etter tiltakene i byggesak og førstelinjen: "
        "samme spørsmål, samme grupper som i forstudien.",
    )
    t1_answers = {g: n * factor for g, n in T1_ANSWERS.items()}
    _answers(s, rng, t1, items, t1_answers, T1_SHIFT, when.t1_open, when.t1_close)
    s.flush()
    _themes(s, t0)


def _themes(s: Session, survey_id: int) -> None:
    """Code the baseline's comments into a few themes, linked to a candidate finding
    about byggesak if the example's notes have one."""
    candidate = s.scalar(
        select(FindingRow.id)
        .where(FindingRow.is_candidate.is_(True), FindingRow.text.ilike("%byggesak%"))
        .order_by(FindingRow.id)
    )
    comments = s.execute(
        select(OpenAnswerRow.id, OpenAnswerRow.text, SurveyItemRow.area)
        .join(SurveyItemRow, SurveyItemRow.id == OpenAnswerRow.item_id)
        .where(SurveyItemRow.survey_id == survey_id)
    ).all()
    for n, (area, name, words) in enumerate(THEMES):
        theme = CommentThemeRow(
            survey_id=survey_id,
            area=area,
            name=name,
            candidate_finding_id=candidate if n == 0 else None,
        )
        s.add(theme)
        s.flush()
        for answer_id, text, item_area in comments:
            if item_area == area and any(w in text.lower() for w in words):
                s.add(CommentCodeRow(answer_id=answer_id, theme_id=theme.id))
