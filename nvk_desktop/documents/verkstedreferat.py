"""The verkstedreferat (PDF), made right after a workshop (issue 5, point 8).

Contents: about the workshop, participants and working groups (names and
organisation only, never contact details), the agenda, all cards by area and group
(a merged duplicate is shown once, as "(×2)"), the improvement points with their
cards and evidence, the dot totals and the gevinst/innsats matrix, and the resulting
prioritised list. Votes are only ever totals per point: no participant's own votes
are printed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak

from nvk_desktop.documents.base import Cell, Story, format_date_long, muted
from nvk_desktop.domain.models import ProjectInfo
from nvk_desktop.domain.workshop import (
    HIGH_SCORE,
    AgendaStep,
    Card,
    ImprovementPoint,
    Participant,
    Quadrant,
    Tally,
    Workshop,
    WorkshopGroup,
)

__all__ = ["VerkstedreferatData", "build_verkstedreferat", "verkstedreferat_bytes"]

GENERAL = "Generelt"
NO_GROUP = "Uten gruppe"
_DASH = "–"
_CHART_WIDTH_IN = 9.5
_MATRIX_BLOCK = 150 * mm  # heading, explanation and the matrix chart


@dataclass(frozen=True)
class VerkstedreferatData:
    info: ProjectInfo
    workshop: Workshop
    groups: Sequence[WorkshopGroup]
    participants: Sequence[Participant]
    agenda: Sequence[AgendaStep]
    cards: Sequence[Card]
    points: Sequence[ImprovementPoint]  # prioritised, with tallies
    tally: Tally  # totals only
    areas: Sequence[tuple[str, str]]  # (id, name) in item bank order
    generated_on: date
    board_order: Sequence[int] = field(default_factory=tuple)  # point ids as on the board

    @property
    def area_names(self) -> Mapping[str, str]:
        return dict(self.areas)

    def area_name(self, area: str | None) -> str:
        return GENERAL if area is None else self.area_names.get(area, area)


def _times(card: Card) -> str:
    return f"{card.text} (×{card.weight})" if card.duplicates else card.text


def _score(value: int | None) -> str:
    return _DASH if value is None else str(value)


def _quadrant_text(q: Quadrant | None) -> str:
    return q.label if q is not None else _DASH


def _story(data: VerkstedreferatData) -> Story:
    w = data.workshop
    story = Story(
        "Verkstedreferat",
        data.info,
        data.generated_on,
        subject=f"Verkstedreferat: {w.name}, {data.info.kommune.navn} kommune",
    )
    group_name = {g.id: g.name for g in data.groups}
    shown = [c for c in data.cards if not c.is_duplicate]
    numbers = {p.id: i for i, p in enumerate(data.points, start=1)}

    # 1 About --------------------------------------------------------------------------
    story.heading(w.name)
    pairs: list[tuple[str, Cell]] = [
        ("Type verksted", w.kind.label),
        ("Dato", format_date_long(w.held_on) if w.held_on else muted("Ikke satt")),
        ("Sted", w.place or muted("Ikke satt")),
        ("Prosessveileder", w.facilitator_name or muted("Ikke satt")),
        ("Deltakere", str(len(data.participants))),
        ("Arbeidsgrupper", str(len(data.groups))),
        (
            "Innspill",
            f"{len(data.cards)}"
            + (
                f" ({len(shown)} etter at like innspill er slått sammen)"
                if len(shown) != len(data.cards)
                else ""
            ),
        ),
        ("Forbedringspunkter", str(len(data.points))),
        ("Prikker per deltaker", str(w.dot_budget)),
    ]
    story.key_values(pairs)
    if w.note:
        story.text(w.note)

    # 2 Participants and groups -------------------------------------------------------------
    story.heading("Deltakere og arbeidsgrupper")
    if not data.participants:
        story.empty("Ingen deltakere er registrert.")
    else:
        members: dict[int | None, list[Participant]] = {}
        for p in data.participants:
            members.setdefault(p.group_id if p.group_id in group_name else None, []).append(p)
        rows: list[list[Cell]] = []
        for gid in [g.id for g in data.groups] + [None]:
            people = members.get(gid, [])
            if gid is not None or people:
                names = ", ".join(
                    f"{p.name} ({p.organisation})" if p.organisation else p.name for p in people
                )
                rows.append(
                    [
                        group_name.get(gid, NO_GROUP) if gid is not None else NO_GROUP,
                        names or muted("Ingen"),
                    ]
                )
        story.table(["Gruppe", "Deltakere"], rows, widths=[1, 4])

    # 3 Agenda ------------------------------------------------------------------------------
    story.heading("Agenda")
    story.table(
        ["", "Punkt", "Spørsmål til gruppene", "Område", "Min."],
        [
            [
                str(i),
                s.title,
                s.prompt or _DASH,
                data.area_name(s.area) if s.area else _DASH,
                str(s.minutes) if s.minutes else _DASH,
            ]
            for i, s in enumerate(data.agenda, start=1)
        ],
        widths=[0.35, 2.6, 2.6, 1.6, 0.55],
        empty="Verkstedet har ingen agenda.",
    )

    # 4 Cards by area and group ------------------------------------------------------------
    story.heading("Innspill etter område og gruppe")
    if not shown:
        story.empty("Ingen innspill er registrert.")
    else:
        story.paragraph(
            "Alle innspillene fra arbeidsgruppene, slik de ble skrevet ned. Like innspill "
            "er slått sammen og vist én gang, med antall i parentes, for eksempel (×2)."
        )
        order = {g.id: i for i, g in enumerate(data.groups)}
        area_ids = [a for a, _ in data.areas] + [None]
        for area in area_ids:
            in_area = [c for c in shown if c.area == area]
            if not in_area:
                continue
            story.heading(f"{data.area_name(area)} ({sum(c.weight for c in in_area)})", 2)
            in_area.sort(
                key=lambda c: (order.get(c.group_id, 999) if c.group_id else 999, c.position)
            )
            story.table(
                ["Gruppe", "Type", "Innspill"],
                [
                    [
                        group_name.get(c.group_id, NO_GROUP) if c.group_id else NO_GROUP,
                        c.kind.label,
                        _times(c),
                    ]
                    for c in in_area
                ],
                widths=[1.1, 0.9, 5.0],
            )
        unknown = [c for c in shown if c.area is not None and c.area not in data.area_names]
        if unknown:
            story.heading(f"Andre områder ({len(unknown)})", 2)
            story.table(
                ["Gruppe", "Type", "Innspill"],
                [
                    [group_name.get(c.group_id or -1, NO_GROUP), c.kind.label, _times(c)]
                    for c in unknown
                ],
                widths=[1.1, 0.9, 5.0],
            )

    # 5 Clusters -----------------------------------------------------------------------------
    story.heading("Forbedringspunkter")
    by_id = {c.id: c for c in data.cards}
    by_point = {pt.id: pt for pt in data.points}
    board = [by_point[i] for i in data.board_order if i in by_point] or list(data.points)
    if not board:
        story.empty("Innspillene er ikke gruppert i forbedringspunkter ennå.")
    else:
        clustered = sum(1 for c in shown if c.point_id is not None)
        story.paragraph(
            f"Innspillene ble gruppert i {len(board)} forbedringspunkter, slik at de som ga "
            f"innspill, kan kjenne dem igjen. {clustered} av {len(shown)} innspill ligger i et "
            "punkt; resten står i oversikten over."
        )
        for pt in board:
            story.heading(pt.title, 2)
            facts = [f"Område: {data.area_name(pt.area)}"]
            if pt.gain is not None or pt.effort is not None:
                facts.append(f"gevinst {_score(pt.gain)}, innsats {_score(pt.effort)}")
            if pt.quadrant is not None:
                facts.append(pt.quadrant.label.lower())
            facts.append(f"nr. {numbers[pt.id]} i prioriteringen")
            story.paragraph(muted(" · ".join(facts)))
            if pt.description:
                story.text(pt.description)
            cards = [by_id[i] for i in pt.card_ids if i in by_id and not by_id[i].is_duplicate]
            if cards:
                story.bullets(
                    [
                        f"{_times(c)} ({c.kind.label.lower()}, "
                        f"{group_name.get(c.group_id, NO_GROUP) if c.group_id else NO_GROUP})"
                        for c in cards
                    ]
                )
            else:
                story.empty("Ingen innspill i dette punktet.")
            if pt.links:
                evidence = "; ".join(f"{ln.kind.label.lower()}: «{ln.label}»" for ln in pt.links)
                story.paragraph(muted(f"Grunnlag: {evidence}."))

    # 6 Votes and scores ---------------------------------------------------------------------------
    story.heading("Prioritering")
    story.heading("Prikkstemming", 2)
    t = data.tally
    if t.dots_cast == 0:
        story.empty("Ingen stemmer er registrert.")
    else:
        story.paragraph(
            f"Hver deltaker hadde {t.dot_budget} prikker å fordele, og kunne sette flere på "
            f"samme punkt. {t.voted} av {t.participants} deltakere stemte, med til sammen "
            f"{t.dots_cast} prikker. Referatet viser bare summen per punkt, ikke hvem som "
            "stemte på hva."
        )
        from nvk_desktop.charts.workshop_charts import votes_chart

        voted = [v for v in t.points if v.dots > 0]
        story.chart(
            votes_chart(
                voted,
                example_mark=data.info.is_example,
                size=(_CHART_WIDTH_IN, 1.4 + 0.62 * len(voted)),
            ),
            caption="Prikker per forbedringspunkt (sum for alle deltakere).",
        )
    # The explanation and the matrix belong on one page.
    story.add(CondPageBreak(_MATRIX_BLOCK))
    story.heading("Gevinst og innsats", 2)
    scored = [p for p in data.points if p.gain is not None and p.effort is not None]
    if not scored:
        story.empty("Forbedringspunktene har ikke fått gevinst og innsats ennå.")
    else:
        story.paragraph(
            "Gruppen vurderte hvert punkt etter gevinst for næringslivet og innsats (kostnad "
            f"og arbeid) fra 1 til 5. {HIGH_SCORE} eller mer regnes som høy. Det gir fire "
            "felt: raske gevinster (høy gevinst, lav innsats), strategiske tiltak (høy "
            "gevinst, høy innsats), småtiltak (lav gevinst, lav innsats) og unngå (lav "
            "gevinst, høy innsats)."
        )
        from nvk_desktop.charts.workshop_charts import MatrixPoint, gain_effort_matrix

        matrix = [
            MatrixPoint(numbers[p.id], p.title, p.gain or 0, p.effort or 0, p.dots) for p in scored
        ]
        story.chart(
            gain_effort_matrix(matrix, example_mark=data.info.is_example),
            caption="Gevinst og innsats. Tallene er plassen i prioriteringen nedenfor.",
        )
        unscored = len(data.points) - len(scored)
        if unscored:
            story.paragraph(
                muted(f"{unscored} punkt mangler gevinst eller innsats og er ikke med i figuren.")
            )

    # 7 Result ------------------------------------------------------------------------------------
    story.heading("Prioriterte forbedringspunkter")
    if not data.points:
        story.empty("Ingen forbedringspunkter å prioritere.")
    else:
        story.paragraph(
            "Forbedringspunktene etter antall prikker, og ved likt antall etter gevinst minus "
            "innsats. Listen er grunnlaget for tiltakene i handlingsplanen."
        )
        story.table(
            ["Nr.", "Forbedringspunkt", "Område", "Prikker", "Gevinst", "Innsats", "Felt"],
            [
                [
                    str(numbers[p.id]),
                    p.title,
                    data.area_name(p.area),
                    str(p.dots),
                    _score(p.gain),
                    _score(p.effort),
                    _quadrant_text(p.quadrant),
                ]
                for p in data.points
            ],
            widths=[0.45, 2.75, 1.45, 0.8, 0.85, 0.8, 1.4],
        )
    return story


def verkstedreferat_bytes(data: VerkstedreferatData) -> bytes:
    return _story(data).to_bytes()


def build_verkstedreferat(data: VerkstedreferatData, out: Path) -> None:
    """Write the referat to ``out`` atomically; DocumentError (Norwegian) on failure."""
    _story(data).build(Path(out))
