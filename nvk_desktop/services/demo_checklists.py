"""The example project's checklists: the forstudie part-way through (DOMAIN.md §4).

The first six items are ferdig, three are under way (one of them overdue), one item
the municipality added is ikke aktuelt with the reason in its note, and the rest wait.
The kartlegging item is linked to services, the dybdeintervju item to the interview
notes (if the notes are in the file when this runs) and the oppstart item to a
document. All people and notes are fictional.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from nvk_desktop.domain.checklist import ChecklistStatus, LinkKind
from nvk_desktop.domain.enums import Phase
from nvk_desktop.store.models import (
    ChecklistItemRow,
    ChecklistLinkRow,
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


def fill(s: Session, size: str, today: date, people: dict[str, int]) -> None:
    """Put the forstudie checklist of the example project part-way (any size)."""
    start = today - timedelta(days=70)  # as in demo.py: the forstudie began ten weeks ago
    rows = list(
        s.scalars(
            select(ChecklistItemRow)
            .where(ChecklistItemRow.phase == Phase.FORSTUDIE.value)
            .order_by(ChecklistItemRow.position, ChecklistItemRow.id)
        )
    )

    def find(prefix: str) -> ChecklistItemRow | None:
        return next((r for r in rows if r.title.casefold().startswith(prefix.casefold())), None)

    def who(name: str) -> int | None:
        return people.get(name)

    plan: Sequence[tuple[str, ChecklistStatus, str, date | None, str]] = (
        (
            "Mandat avklart",
            FERDIG,
            "Randi Strømmen",
            start - timedelta(days=14),
            "Bestilling fra kommunedirektøren etter innspill fra næringsforeningen.",
        ),
        ("Styringsgruppe oppnevnt", FERDIG, "Randi Strømmen", start, ""),
        ("Prosjektplan for forstudien", FERDIG, "Geir Isaksen", start + timedelta(days=12), ""),
        (
            "Oppstartsmøte",
            FERDIG,
            "Geir Isaksen",
            start + timedelta(days=21),
            "Om lag 40 deltakere på rådhuset i Olderdalen; presentasjonen ligger på intranettet.",
        ),
        (
            "Kartlegging av tjenester",
            FERDIG,
            "Áilu Hætta Sara",
            start + timedelta(days=45),
            "Saksmengder og saksbehandlingstider hentet fra sakssystemet for de tre siste årene.",
        ),
        ("Dokumentstudie", FERDIG, "Geir Isaksen", start + timedelta(days=40), ""),
        (
            "Spørreundersøkelser",
            PAGAR,
            "Geir Isaksen",
            today + timedelta(days=5),
            "Påminnelse sendt via næringsforeningen. Svarfrist for ansatte forlenget én uke.",
        ),
        (
            "Dybdeintervjuer",
            PAGAR,
            "Geir Isaksen",
            today - timedelta(days=6),
            "To intervjuer gjenstår; bedriftene har bedt om nye tidspunkter.",
        ),
        ("Analyse", PAGAR, "Áilu Hætta Sara", today + timedelta(days=14), ""),
        ("Resultatverksted", IKKE_STARTET, "Solveig Nilsen", today + timedelta(days=18), ""),
        ("Resultater presentert", IKKE_STARTET, "Ragnhild Olsen", today + timedelta(days=32), ""),
        ("Forstudierapport", IKKE_STARTET, "Geir Isaksen", today + timedelta(days=40), ""),
    )
    for prefix, status, name, due, note in plan:
        row = find(prefix)
        if row is None:
            continue
        row.status = status.value
        row.responsible_id = who(name)
        row.due_on = due
        row.note = note

    # The municipality's own item, right after the surveys, ikke aktuelt.
    surveys = find("Spørreundersøkelser")
    index = rows.index(surveys) + 1 if surveys is not None else len(rows)
    extra = ChecklistItemRow(
        phase=Phase.FORSTUDIE.value,
        position=index,
        title=EXTRA_TITLE,
        status=ChecklistStatus.IKKE_AKTUELT.value,
        responsible_id=who("Geir Isaksen"),
        due_on=None,
        note=EXTRA_NOTE,
    )
    s.add(extra)
    s.flush()
    rows.insert(index, extra)
    for i, r in enumerate(rows):
        r.position = i

    oppstart = find("Oppstartsmøte")
    if oppstart is not None:
        for label in ("Presentasjon oppstartsmøte.pdf", "Referat oppstartsmøte.docx"):
            _link(s, oppstart, LinkKind.DOCUMENT, None, label)

    kartlegging = find("Kartlegging av tjenester")
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

    intervjuer = find("Dybdeintervjuer")
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

    rapport = find("Forstudierapport")
    if rapport is not None:
        _link(s, rapport, LinkKind.DOCUMENT, None, "Forstudierapport Kåfjord – utkast.docx")

    # Forprosjekt: the internal project leader has the anchoring on her list already.
    forankring = s.scalars(
        select(ChecklistItemRow)
        .where(ChecklistItemRow.phase == Phase.FORPROSJEKT.value)
        .order_by(ChecklistItemRow.position)
    ).first()
    if forankring is not None:
        forankring.responsible_id = who("Ragnhild Olsen")
        forankring.due_on = today + timedelta(days=75)


def _link(
    s: Session, item: ChecklistItemRow, kind: LinkKind, target_id: int | None, label: str
) -> None:
    s.add(ChecklistLinkRow(item_id=item.id, kind=kind.value, target_id=target_id, label=label))
