"""The example project's checklists, as they stand in the hovedprosjekt (DOMAIN.md §4).

The forstudie and the forprosjekt are done: every item ferdig on its date in the story
(demo_timeline), except the item the municipality added to the forstudie, which is
ikke aktuelt with the reason in its note. The hovedprosjekt is part-way: oppstart
ferdig, statusrapportering under way, effektmåling T1 under way and a few days overdue,
sluttrapport not started. The kartlegging item is linked to services, the dybdeintervju
item to the interview notes (if the notes are in the file when this runs), the
oppstart item to documents and the decisions to the styringsgruppe's meetings. All
people and notes are fictional.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from nvk_desktop.domain.checklist import ChecklistStatus, LinkKind
from nvk_desktop.domain.enums import Phase
from nvk_desktop.domain.notes import MeetingKind
from nvk_desktop.services.demo_timeline import timeline
from nvk_desktop.store.models import (
    ChecklistItemRow,
    ChecklistLinkRow,
    MeetingRow,
    NoteRow,
    ServiceAreaRow,
    ServiceRow,
)

FERDIG = ChecklistStatus.FERDIG
PAGAR = ChecklistStatus.PAGAR
IKKE_STARTET = ChecklistStatus.IKKE_STARTET

# The item the municipality added: there is no development company to survey.
EXTRA_TITLE = "Eget spørreskjema til det lokale utviklingsselskapet"
EXTRA_NOTE = (
    "Ikke aktuelt: Kåfjord har ikke eget utviklingsselskap. Nord-Troms Regionråd svarer i "
    "stedet i næringslivsundersøkelsen (avklart i styringsgruppen)."
)

# The services the kartlegging item is linked to (area, service), as far as they exist.
MAPPED_SERVICES = (
    ("Byggesak", "Forhåndskonferanse"),
    ("Byggesak", "Byggesøknad (12"),
    ("Byggesak", "Byggesøknad (3"),
    ("Plan og areal", "Dispensasjon"),
    ("Næringsutvikling", "Førstelinje"),
    ("Service og informasjon", "Servicetorg"),
)


Plan = Sequence[tuple[str, ChecklistStatus, str, date | None, str]]


def fill(s: Session, size: str, today: date, people: dict[str, int]) -> None:
    """Put the example's checklists where the story is today (any size)."""
    when = timeline(today)

    def items(phase: Phase) -> list[ChecklistItemRow]:
        return list(
            s.scalars(
                select(ChecklistItemRow)
                .where(ChecklistItemRow.phase == phase.value)
                .order_by(ChecklistItemRow.position, ChecklistItemRow.id)
            )
        )

    def find(rows: list[ChecklistItemRow], prefix: str) -> ChecklistItemRow | None:
        return next((r for r in rows if r.title.casefold().startswith(prefix.casefold())), None)

    def apply(rows: list[ChecklistItemRow], plan: Plan) -> None:
        for prefix, status, name, due, note in plan:
            row = find(rows, prefix)
            if row is None:
                continue
            row.status = status.value
            row.responsible_id = people.get(name)
            row.due_on = due
            row.note = note

    rows = items(Phase.FORSTUDIE)
    apply(
        rows,
        (
            (
                "Mandat avklart",
                FERDIG,
                "Randi Strømmen",
                when.ide_decision,
                "Bestilling fra kommunedirektøren etter innspill fra næringsforeningen.",
            ),
            ("Styringsgruppe oppnevnt", FERDIG, "Randi Strømmen", when.styringsgruppe, ""),
            ("Prosjektplan for forstudien", FERDIG, "Geir Isaksen", when.sg_prosjektplan, ""),
            (
                "Oppstartsmøte",
                FERDIG,
                "Geir Isaksen",
                when.oppstartsmote,
                "Om lag 40 deltakere i kulturhuset i Olderdalen; presentasjonen ligger på "
                "intranettet.",
            ),
            (
                "Kartlegging av tjenester",
                FERDIG,
                "Áilu Hætta Sara",
                when.kartlegging,
                "Saksmengder og saksbehandlingstider hentet fra sakssystemet for de tre siste "
                "årene.",
            ),
            ("Dokumentstudie", FERDIG, "Geir Isaksen", when.dokumentstudie, ""),
            (
                "Spørreundersøkelser",
                FERDIG,
                "Geir Isaksen",
                when.t0_close,
                "Påminnelse sendt via næringsforeningen. Svarfrist for ansatte forlenget én uke.",
            ),
            (
                "Dybdeintervjuer",
                FERDIG,
                "Geir Isaksen",
                when.interviews[-1],
                "Fire bedrifter og styret i næringsforeningen; to av de seks foreslåtte "
                "bedriftene fikk ikke tid i perioden.",
            ),
            ("Analyse", FERDIG, "Áilu Hætta Sara", when.analyse, ""),
            ("Resultatverksted", FERDIG, "Solveig Nilsen", when.resultatverksted, ""),
            (
                "Resultater presentert",
                FERDIG,
                "Ragnhild Olsen",
                when.presented,
                "Presentert på personalmøtet og i formannskapet.",
            ),
            ("Forstudierapport", FERDIG, "Geir Isaksen", when.forstudierapport, ""),
        ),
    )

    # The municipality's own item, right after the surveys, ikke aktuelt.
    surveys = find(rows, "Spørreundersøkelser")
    index = rows.index(surveys) + 1 if surveys is not None else len(rows)
    extra = ChecklistItemRow(
        phase=Phase.FORSTUDIE.value,
        position=index,
        title=EXTRA_TITLE,
        status=ChecklistStatus.IKKE_AKTUELT.value,
        responsible_id=people.get("Geir Isaksen"),
        due_on=None,
        note=EXTRA_NOTE,
    )
    s.add(extra)
    s.flush()
    rows.insert(index, extra)
    for i, r in enumerate(rows):
        r.position = i

    oppstart = find(rows, "Oppstartsmøte")
    if oppstart is not None:
        for label in ("Presentasjon oppstartsmøte.pdf", "Referat oppstartsmøte.docx"):
            _link(s, oppstart, LinkKind.DOCUMENT, None, label)

    kartlegging = find(rows, "Kartlegging av tjenester")
    if kartlegging is not None:
        services = s.execute(
            select(ServiceRow.id, ServiceRow.name, ServiceAreaRow.name.label("area")).join(
                ServiceAreaRow, ServiceRow.area_id == ServiceAreaRow.id
            )
        ).all()
        linked = 0
        for area, service in MAPPED_SERVICES:
            hit = next(
                (
                    r
                    for r in services
                    if r.area.casefold().startswith(area.casefold())
                    and r.name.casefold().startswith(service.casefold())
                ),
                None,
            )
            if hit is not None:
                _link(s, kartlegging, LinkKind.SERVICE, hit.id, f"{hit.area} › {hit.name}")
                linked += 1
        if linked == 0:  # a changed catalogue: link the first few services instead
            for svc in services[:4]:
                _link(s, kartlegging, LinkKind.SERVICE, svc.id, f"{svc.area} › {svc.name}")
        _link(s, kartlegging, LinkKind.DOCUMENT, None, "Tjenestekart Kåfjord.xlsx")

    intervjuer = find(rows, "Dybdeintervjuer")
    if intervjuer is not None:
        notes = s.execute(
            select(NoteRow.id, NoteRow.kind, NoteRow.subject, NoteRow.held_on).order_by(
                NoteRow.held_on, NoteRow.id
            )
        ).all()
        interviews = [n for n in notes if "intervju" in n.kind.casefold()] or list(notes)
        for n in interviews[:6]:
            label = f"{n.subject} ({n.held_on:%d.%m.%Y})" if n.held_on else n.subject
            _link(s, intervjuer, LinkKind.NOTE, n.id, label)

    meetings = {
        held_on: (mid, title)
        for mid, title, held_on in s.execute(
            select(MeetingRow.id, MeetingRow.title, MeetingRow.held_on).where(
                MeetingRow.kind == MeetingKind.STYRINGSGRUPPEMOTE.value
            )
        )
    }

    def meeting_link(item: ChecklistItemRow | None, held_on: date) -> None:
        if item is not None and held_on in meetings:
            mid, title = meetings[held_on]
            _link(s, item, LinkKind.MEETING, mid, f"{title} ({held_on:%d.%m.%Y})")

    meeting_link(find(rows, "Prosjektplan for forstudien"), when.sg_prosjektplan)
    rapport = find(rows, "Forstudierapport")
    if rapport is not None:
        _link(s, rapport, LinkKind.DOCUMENT, None, "Forstudierapport Kåfjord.pdf")
    meeting_link(rapport, when.sg_forstudie)

    # Forprosjekt: done, with the internal project leader.
    rows = items(Phase.FORPROSJEKT)
    apply(
        rows,
        (
            (
                "Forankring",
                FERDIG,
                "Ragnhild Olsen",
                when.forankring,
                "Orientering i kommunedirektørens ledermøte og i formannskapet.",
            ),
            ("Tiltaksverksted", FERDIG, "Geir Isaksen", when.tiltaksverksted, ""),
            ("Handlingsplan", FERDIG, "Ragnhild Olsen", when.handlingsplan, ""),
            (
                "Prosjektplan for hovedprosjektet",
                FERDIG,
                "Ragnhild Olsen",
                when.hovedprosjektplan,
                "",
            ),
            (
                "Plan for effektmåling",
                FERDIG,
                "Geir Isaksen",
                when.effektmaling_plan,
                "Samme spørsmål som i forstudien (T0) om lag ett år etter oppstart, og en "
                "indikator per tiltak.",
            ),
            ("Beslutning om hovedprosjekt", FERDIG, "Randi Strømmen", when.kommunestyre, ""),
        ),
    )
    meeting_link(find(rows, "Handlingsplan"), when.sg_plan)
    beslutning = find(rows, "Beslutning om hovedprosjekt")
    if beslutning is not None:
        _link(s, beslutning, LinkKind.DOCUMENT, None, "Saksframlegg til kommunestyret.pdf")

    # Hovedprosjekt: part-way, with the effektmåling a few days late.
    rows = items(Phase.HOVEDPROSJEKT)
    apply(
        rows,
        (
            (
                "Oppstart",
                FERDIG,
                "Ragnhild Olsen",
                when.hovedprosjekt_start,
                "Oppstartsmøte med de tiltaksansvarlige; hvert tiltak har fått ansvarlig, frist "
                "og indikator.",
            ),
            (
                "Statusrapportering",
                PAGAR,
                "Ragnhild Olsen",
                when.next_status,
                f"Statusrapport annenhver måned; forrige lagt fram {when.sg_status:%d.%m.%Y}.",
            ),
            (
                "Effektmåling T1",
                PAGAR,
                "Geir Isaksen",
                when.t1_checklist_due,
                "Svarene er samlet inn. Sammenligningen med forstudien (T0) er ikke ferdig.",
            ),
            ("Sluttrapport", IKKE_STARTET, "Ragnhild Olsen", when.sluttrapport, ""),
        ),
    )
    meeting_link(find(rows, "Statusrapportering"), when.sg_status)


def _link(
    s: Session, item: ChecklistItemRow, kind: LinkKind, target_id: int | None, label: str
) -> None:
    s.add(ChecklistLinkRow(item_id=item.id, kind=kind.value, target_id=target_id, label=label))
