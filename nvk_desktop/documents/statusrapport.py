"""The statusrapport for the styringsgruppe (PDF; issue 6 point 5).

Sections: summary (counts per status, overdue, at risk), progress per measure, what is
late, KPI status per indicator (with a chart each), decisions needed, and what changed
since the last report (compared with its snapshot). Overdue and at-risk measures are
marked in words, never by colour alone. The rules are those of domain/measures.py;
"decisions needed" is ``services.measures.decisions_needed``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.platypus import Flowable

from nvk_desktop.documents.base import (
    ACCENT,
    FONT,
    RULE,
    Cell,
    Markup,
    Story,
    escape_text,
    format_date_long,
    format_date_short,
    muted,
    warning,
)
from nvk_desktop.domain.enums import Phase
from nvk_desktop.domain.measures import (
    Indicator,
    IndicatorStatus,
    MeasureStatus,
    PlanItem,
    StatusReport,
    format_number,
)
from nvk_desktop.domain.models import ProjectInfo

TITLE = "Statusrapport"
MAX_CHARTS = 12
_DASH = "–"


@dataclass(frozen=True)
class StatusrapportData:
    info: ProjectInfo
    items: Sequence[PlanItem]  # every measure, in plan order
    indicators: Sequence[Indicator]
    decisions: Sequence[tuple[PlanItem, str]]  # decisions needed, with the reason
    previous: StatusReport | None
    last_entries: Mapping[int, tuple[date, str]]  # measure id → latest follow-up entry
    generated_on: date
    charts: Mapping[int, bytes] = field(default_factory=dict)  # indicator id → PNG


class ProgressBar(Flowable):
    """A thin bar with the percentage written next to it (readable in black and white)."""

    def __init__(self, percent: int, width: float = 62, height: float = 7) -> None:
        super().__init__()
        self.percent = max(0, min(100, percent))
        self.bar_width = width - 26
        self.width = width
        self.height = height + 2

    def draw(self) -> None:
        c = self.canv
        h = self.height - 2
        c.setStrokeColor(RULE)
        c.setFillColor(colors.white)
        c.rect(0, 1, self.bar_width, h, stroke=1, fill=1)
        if self.percent:
            c.setFillColor(ACCENT)
            c.rect(0, 1, self.bar_width * self.percent / 100, h, stroke=0, fill=1)
        c.setFillColor(colors.black)
        c.setFont(FONT, 7.5)
        c.drawRightString(self.width, 1.5, f"{self.percent} %")


def statusrapport_story(data: StatusrapportData) -> Story:
    info = data.info
    story = Story(
        TITLE,
        info,
        data.generated_on,
        phase=Phase.HOVEDPROSJEKT if info.current_phase is Phase.HOVEDPROSJEKT else None,
        subject=f"Statusrapport for handlingsplanen i {info.name}, {info.kommune.navn} kommune, "
        f"til styringsgruppen",
    )
    _summary(story, data)
    _progress(story, data)
    _late(story, data)
    _kpis(story, data)
    _decisions(story, data)
    _changes(story, data)
    return story


def build_statusrapport(data: StatusrapportData, out: Path) -> None:
    statusrapport_story(data).build(out)


def _note(it: PlanItem) -> Cell:
    if it.overdue:
        return warning("Fristen er passert")
    if it.risk:
        return Markup(f"<b>Risiko:</b> {escape_text(it.risk)}")
    if it.blocked_by and not it.measure.status.closed:
        return muted("Venter på " + ", ".join(it.blocked_by))
    return ""


def _summary(story: Story, data: StatusrapportData) -> None:
    story.heading("Sammendrag")
    items = data.items
    if not items:
        story.empty("Ingen tiltak er registrert ennå. Legg dem inn under Handlingsplan.")
        return
    counts = {s: sum(1 for it in items if it.measure.status is s) for s in MeasureStatus}
    overdue = sum(1 for it in items if it.overdue)
    at_risk = sum(1 for it in items if it.at_risk)
    in_plan = sum(1 for it in items if it.measure.in_plan)
    open_items = [it for it in items if not it.measure.status.closed]
    mean = (
        round(sum(it.measure.progress for it in open_items) / len(open_items))
        if open_items
        else None
    )
    prev = data.previous
    story.paragraph(
        f"Rapporten viser status {format_date_long(data.generated_on)} for {len(items)} "
        f"tiltak, hvorav {in_plan} er vedtatt inn i handlingsplanen. "
        + (
            f"Forrige statusrapport ble laget {format_date_long(prev.made_on)}."
            if prev
            else "Dette er den første statusrapporten."
        )
    )
    pairs: list[tuple[str, Cell]] = [(s.label, str(counts[s])) for s in MeasureStatus]
    pairs += [
        (
            "Fristen passert",
            warning(f"{overdue} tiltak") if overdue else "Ingen",
        ),
        ("I risiko", Markup(f"<b>{at_risk} tiltak</b>") if at_risk else "Ingen"),
        ("Gjennomsnittlig fremdrift (åpne tiltak)", f"{mean} %" if mean is not None else _DASH),
    ]
    story.key_values(pairs, key_width=0.42)
    story.paragraph(
        Markup(
            "<i>Fristen passert</i>: fristen er gått ut og tiltaket er verken fullført eller "
            "avbrutt. <i>I risiko</i>: fremdriften ligger mer enn 25 prosentpoeng bak tiden "
            "som er gått fra start til frist, eller fristen er innen 14 dager og fremdriften "
            "er under 80 %."
        ),
        story.styles.small,
    )


def _progress(story: Story, data: StatusrapportData) -> None:
    story.heading("Fremdrift per tiltak")
    rows: list[list[Cell]] = []
    for it in data.items:
        m = it.measure
        deadline: Cell = format_date_short(m.deadline_on) if m.deadline_on else _DASH
        if it.overdue and m.deadline_on:
            deadline = warning(format_date_short(m.deadline_on))
        rows.append(
            [
                m.code,
                m.title,
                it.responsible_name or muted("Ikke satt"),
                deadline,
                m.status.label,
                ProgressBar(m.progress),
                _note(it),
            ]
        )
    story.table(
        ["ID", "Tiltak", "Ansvarlig", "Frist", "Status", "Fremdrift", "Merknad"],
        rows,
        widths=[14, 38, 24, 23, 19, 22, 29],
        empty="Ingen tiltak er registrert ennå.",
    )


def _late(story: Story, data: StatusrapportData) -> None:
    story.heading("Det som er forsinket")
    late = [
        it
        for it in data.items
        if it.overdue or (it.measure.status is MeasureStatus.FORSINKET and not it.overdue)
    ]
    if not late:
        story.empty("Ingen tiltak har passert fristen eller er meldt forsinket.")
        return
    story.paragraph(
        "Tiltak der fristen er passert, og tiltak som er meldt forsinket, med siste "
        "oppføring i oppfølgingsloggen."
    )
    rows: list[list[Cell]] = []
    for it in late:
        m = it.measure
        if it.overdue and m.deadline_on:
            days = (data.generated_on - m.deadline_on).days
            why: Cell = warning(f"{days} dager over fristen")
        else:
            why = "Meldt forsinket"
        entry = data.last_entries.get(m.id or 0)
        last: Cell = (
            Markup(f"<b>{format_date_short(entry[0])}</b>: {escape_text(_excerpt(entry[1]))}")
            if entry
            else muted("Ingen oppføringer")
        )
        rows.append(
            [
                m.code,
                m.title,
                it.responsible_name or muted("Ikke satt"),
                format_date_short(m.deadline_on) if m.deadline_on else _DASH,
                why,
                last,
            ]
        )
    story.table(
        ["ID", "Tiltak", "Ansvarlig", "Frist", "Hvorfor", "Siste oppfølging"],
        rows,
        widths=[14, 36, 24, 23, 22, 48],
    )


def _excerpt(text: str, n: int = 140) -> str:
    t = " ".join(text.split())
    return t if len(t) <= n else t[: n - 1].rstrip() + "…"


def _value(v: float | None, unit: str) -> str:
    if v is None:
        return _DASH
    return f"{format_number(v)} {unit}".strip()


def _kpis(story: Story, data: StatusrapportData) -> None:
    story.heading("Effektindikatorer")
    if not data.indicators:
        story.empty("Ingen effektindikatorer er registrert for tiltakene ennå.")
        return
    codes = {it.measure.id: (it.measure.code, it.measure.title) for it in data.items}
    rows: list[list[Cell]] = []
    for ind in data.indicators:
        code, _title = codes.get(ind.measure_id, ("", ""))
        latest = ind.latest
        status = ind.status()
        status_cell: Cell = status.label
        if status is IndicatorStatus.BEHIND:
            status_cell = warning(status.label)
        elif status is IndicatorStatus.REACHED:
            status_cell = Markup(f"<b>{escape_text(status.label)}</b>")
        base = _value(ind.baseline, ind.unit)
        if ind.baseline is not None and ind.baseline_on:
            base += f" ({format_date_short(ind.baseline_on)})"
        target = _value(ind.target, ind.unit)
        if ind.target is not None and ind.target_on:
            target += f" ({format_date_short(ind.target_on)})"
        last = (
            f"{_value(latest.value, ind.unit)} ({format_date_short(latest.measured_on)})"
            if latest
            else _DASH
        )
        direction = "lavere er bedre" if ind.lower_is_better else "høyere er bedre"
        rows.append(
            [
                code,
                Markup(f"{escape_text(ind.name)}<br/>{muted(direction)}"),
                base,
                target,
                last,
                status_cell,
            ]
        )
    story.table(
        ["Tiltak", "Indikator", "Utgangsverdi", "Mål", "Siste måling", "Status"],
        rows,
        widths=[14, 50, 28, 28, 28, 20],
    )
    story.paragraph(
        Markup(
            "<i>I rute</i>: siste måling er minst like god som den rette linjen fra "
            "utgangsverdien til målet tilsier på måledagen (uten datoer: bedre enn "
            "utgangsverdien). <i>Mål nådd</i>: siste måling er på eller forbi målet."
        ),
        story.styles.small,
    )
    shown = [ind for ind in data.indicators if ind.id in data.charts][:MAX_CHARTS]
    for ind in shown:
        code, title = codes.get(ind.measure_id, ("", ""))
        story.chart(
            data.charts[ind.id or 0],
            width=story.width * 0.92,
            caption=f"{code} {title}. Stiplet grå linje: utgangsverdi; prikket grønn: mål.",
        )


def _decisions(story: Story, data: StatusrapportData) -> None:
    story.heading("Beslutninger som trengs")
    story.paragraph(
        "Tiltak som venter på et annet tiltak som ikke er fullført, tiltak der fristen er "
        "passert uten oppfølging de siste 30 dagene, og tiltak som ikke er vedtatt inn i "
        "handlingsplanen ennå."
    )
    rows: list[list[Cell]] = [
        [it.measure.code, it.measure.title, it.responsible_name or muted("Ikke satt"), reason]
        for it, reason in data.decisions
    ]
    story.table(
        ["ID", "Tiltak", "Ansvarlig", "Hva må avgjøres"],
        rows,
        widths=[14, 46, 26, 60],
        empty="Ingen tiltak trenger en beslutning nå.",
    )


def _changes(story: Story, data: StatusrapportData) -> None:
    story.heading("Endringer siden forrige rapport")
    prev = data.previous
    if prev is None:
        story.empty(
            "Dette er den første statusrapporten. Neste rapport viser hva som er endret "
            "siden denne."
        )
        return
    story.paragraph(f"Sammenlignet med statusrapporten {format_date_long(prev.made_on)}.")
    rows: list[list[Cell]] = []
    current_codes = set()
    for it in data.items:
        m = it.measure
        current_codes.add(m.code)
        before = prev.entries.get(m.code)
        if before is None:
            rows.append([m.code, m.title, Markup("<b>Nytt tiltak</b>")])
            continue
        parts = []
        if before.status is not m.status:
            if m.status is MeasureStatus.FULLFORT:
                parts.append(f"<b>Fullført</b> (var {escape_text(before.status.label.lower())})")
            else:
                parts.append(
                    f"Status {escape_text(before.status.label)} → "
                    f"<b>{escape_text(m.status.label)}</b>"
                )
        if before.progress != m.progress:
            parts.append(f"Fremdrift {before.progress} % → {m.progress} %")
        if before.deadline_on != m.deadline_on:
            old = format_date_short(before.deadline_on) if before.deadline_on else "ingen"
            new = format_date_short(m.deadline_on) if m.deadline_on else "ingen"
            parts.append(f"Frist {old} → {new}")
        if parts:
            rows.append([m.code, m.title, Markup("; ".join(parts))])
    for code, entry in sorted(prev.entries.items()):
        if code not in current_codes:
            rows.append([code, entry.title, muted("Slettet fra prosjektet")])
    story.table(
        ["ID", "Tiltak", "Endring"],
        rows,
        widths=[14, 58, 74],
        empty="Ingen endringer i status, fremdrift eller frister siden forrige rapport.",
    )


__all__ = [
    "TITLE",
    "ProgressBar",
    "StatusrapportData",
    "build_statusrapport",
    "statusrapport_story",
]
