"""One story for the example project: a full NVK cycle that ends ``today`` in the
hovedprosjekt (DOMAIN.md §2).

Every part of the demo (demo.py and the demo_*.py modules) takes its dates from here,
so the decision points, milestones, meetings and their vedtak, notes, checklists,
surveys, the resultatverksted and the measures tell the same story, and the example
always looks current. Offsets are in days before (negative) or after ``today``; a date
that falls on a weekend moves to the nearest working day on the same side of ``today``
(earlier in the past, later in the future), so nothing crosses ``today``.

    Idé            bestilling −610, beslutningspunkt (rådmann) −580
    Forstudie      −580 … −425: T0 survey −515 (three weeks), resultatverksted −460,
                   beslutningspunkt (styringsgruppe) −427
    Forprosjekt    −425 … −275: tiltaksverksted −380, handlingsplan vedtatt −320,
                   beslutningspunkt (kommunestyre) −275
    Hovedprosjekt  −275 … now: T1 survey from about −53 (three weeks), statusrapport −45
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


def workday(day: date, today: date) -> date:
    """``day`` moved off a weekend: back to Friday in the past, on to Monday otherwise."""
    weekday = day.weekday()
    if weekday < 5:
        return day
    if day < today:
        return day - timedelta(days=weekday - 4)
    return day + timedelta(days=7 - weekday)


def _next_weekday(day: date) -> date:
    """The first working day after ``day``."""
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def monday(day: date) -> date:
    """The Monday of ``day``'s week (surveys go out on a Monday)."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Timeline:
    """The dates of the example's story, all derived from ``today``."""

    today: date
    # Idé
    bestilling: date
    ide_decision: date
    # Forstudie
    styringsgruppe: date
    sg_prosjektplan: date  # styringsgruppemøte: prosjektplan for forstudien
    oppstartsmote: date
    documents: tuple[date, ...]  # the two document-study notes
    dokumentstudie: date  # the document study done by this day
    sg_survey: date  # styringsgruppemøte: survey week, interviews, resultatverksted
    t0_open: date
    t0_close: date
    kartlegging: date  # service map done
    interviews: tuple[date, ...]  # four dybdeintervjuer, the gruppeintervju, an observation
    analyse: date
    resultatverksted: date
    presented: date
    forstudierapport: date
    sg_forstudie: date  # styringsgruppemøte: forstudierapport → forprosjekt
    # Forprosjekt
    forankring: date
    tiltaksverksted: date
    handlingsplan: date
    sg_plan: date  # styringsgruppemøte: handlingsplan vedtatt (the plan decision)
    hovedprosjektplan: date
    effektmaling_plan: date
    kommunestyre: date  # beslutningspunkt forprosjekt → hovedprosjekt
    # Hovedprosjekt
    hovedprosjekt_start: date
    t1_open: date
    t1_close: date
    status_report: date  # the earlier statusrapport snapshot (exactly 45 days ago)
    sg_status: date  # styringsgruppemøte where that report was presented
    orientering_due: date  # the one overdue milestone
    t1_checklist_due: date  # "Effektmåling T1 gjennomført": a few days overdue
    next_status: date
    t1_analysed: date
    sluttrapport: date

    @property
    def forstudie_decision(self) -> date:
        return self.sg_forstudie

    @property
    def t0_name(self) -> str:
        return f"Spørreundersøkelse {self.t0_open.year}"

    @property
    def t1_name(self) -> str:
        return f"Oppfølging {self.t1_open.year}"


def timeline(today: date) -> Timeline:
    """The example's dates for ``today`` (deterministic)."""

    def day(offset: int) -> date:
        return workday(today + timedelta(days=offset), today)

    t0_open = monday(today - timedelta(days=515))
    t1_open = monday(today - timedelta(days=50))
    status_report = today - timedelta(days=45)
    return Timeline(
        today=today,
        bestilling=day(-610),
        ide_decision=day(-580),
        styringsgruppe=day(-570),
        sg_prosjektplan=day(-560),
        oppstartsmote=day(-550),
        documents=(day(-547), day(-543)),
        dokumentstudie=day(-535),
        sg_survey=day(-528),
        t0_open=t0_open,
        t0_close=t0_open + timedelta(days=18),  # Friday three weeks later
        kartlegging=day(-500),
        interviews=(
            day(-507),
            day(-504),
            day(-500),
            day(-497),
            day(-493),
            day(-490),
        ),
        analyse=day(-470),
        resultatverksted=day(-460),
        presented=day(-450),
        forstudierapport=day(-437),
        sg_forstudie=day(-427),
        forankring=day(-410),
        tiltaksverksted=day(-380),
        handlingsplan=day(-340),
        sg_plan=day(-320),
        hovedprosjektplan=day(-310),
        effektmaling_plan=day(-300),
        kommunestyre=day(-275),
        hovedprosjekt_start=day(-260),
        t1_open=t1_open,
        t1_close=t1_open + timedelta(days=18),
        status_report=status_report,
        sg_status=_next_weekday(status_report),
        orientering_due=day(-12),
        t1_checklist_due=day(-4),
        next_status=day(12),
        t1_analysed=day(21),
        sluttrapport=day(260),
    )
