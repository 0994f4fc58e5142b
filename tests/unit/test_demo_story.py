"""The example project tells one story: a full NVK cycle ending ``today`` in the
hovedprosjekt, whatever day it is made (demo_timeline), with every part's dates in
the right phase."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from nvk_desktop.domain.enums import DecidedBy, Decision, Phase, PlanSection
from nvk_desktop.domain.notes import MeetingKind
from nvk_desktop.services import measures as ms
from nvk_desktop.services import meetings, notes, phases
from nvk_desktop.services import project as project_service
from nvk_desktop.services import surveys as sv
from nvk_desktop.services import workshops as ws
from nvk_desktop.services.demo import PLAN_TEXTS, create_demo
from nvk_desktop.services.demo_timeline import Timeline, monday, timeline, workday

# A Sunday, a Monday in a leap year, and a day just after new year.
DAYS = (date(2026, 11, 29), date(2028, 2, 28), date(2027, 1, 3))


@pytest.fixture(scope="module", params=DAYS, ids=str)
def story(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[project_service.Project, date, Timeline]]:
    today: date = request.param
    project = create_demo(tmp_path_factory.mktemp("story") / "demo.nvk", today=today)
    yield project, today, timeline(today)
    project.close()


def test_timeline_is_in_order_on_working_days() -> None:
    for today in (*DAYS, *(date(2026, 1, 1) + timedelta(days=n) for n in range(0, 400, 13))):
        t = timeline(today)
        order = [
            t.bestilling,
            t.ide_decision,
            t.styringsgruppe,
            t.sg_prosjektplan,
            t.oppstartsmote,
            *t.documents,
            t.dokumentstudie,
            t.sg_survey,
            t.t0_open,
            t.t0_close,
            t.analyse,
            t.resultatverksted,
            t.presented,
            t.forstudierapport,
            t.sg_forstudie,
            t.forankring,
            t.tiltaksverksted,
            t.handlingsplan,
            t.sg_plan,
            t.hovedprosjektplan,
            t.effektmaling_plan,
            t.kommunestyre,
            t.hovedprosjekt_start,
            t.t1_open,
            t.t1_close,
            t.orientering_due,
            t.t1_checklist_due,
            today,
            t.next_status,
            t.t1_analysed,
            t.sluttrapport,
        ]
        assert order == sorted(order), today
        assert t.t0_open < t.interviews[0] and t.interviews[-1] < t.analyse
        assert t.status_report == today - timedelta(days=45) < t.sg_status < t.t1_close
        dated = [d for d in order if d != today] + list(t.interviews) + [t.sg_status]
        assert all(d.weekday() < 5 for d in dated), today
        # About 20, 14 and 9 months back; T1 about 15 months after T0, two months ago.
        assert 590 <= (today - t.bestilling).days <= 620
        assert 410 <= (today - t.forstudie_decision).days <= 440
        assert 265 <= (today - t.kommunestyre).days <= 285
        assert 440 <= (t.t1_open - t.t0_open).days <= 475
        assert 45 <= (today - t.t1_open).days <= 60
        assert t.t0_open.weekday() == t.t1_open.weekday() == 0


def test_workday_keeps_its_side_of_today() -> None:
    today = date(2026, 11, 25)  # a Wednesday
    assert workday(date(2026, 11, 22), today) == date(2026, 11, 20)  # Sunday → Friday
    assert workday(date(2026, 11, 28), today) == date(2026, 11, 30)  # Saturday → Monday
    assert workday(date(2026, 11, 24), today) == date(2026, 11, 24)
    assert monday(date(2026, 11, 29)) == date(2026, 11, 23)


def test_now_in_the_hovedprosjekt_after_three_decisions(story) -> None:  # type: ignore[no-untyped-def]
    project, today, t = story
    assert project_service.project_info(project).current_phase is Phase.HOVEDPROSJEKT
    points = sorted(phases.list_decision_points(project), key=lambda d: d.decided_on)
    assert [(d.phase, d.decision, d.decided_by, d.decided_on) for d in points] == [
        (Phase.IDE, Decision.VIDEREFORE, DecidedBy.RADMANN, t.ide_decision),
        (Phase.FORSTUDIE, Decision.VIDEREFORE, DecidedBy.STYRINGSGRUPPE, t.sg_forstudie),
        (Phase.FORPROSJEKT, Decision.VIDEREFORE, DecidedBy.KOMMUNESTYRE, t.kommunestyre),
    ]
    assert all(d.case_number for d in points)
    # The styringsgruppe's decision point carries the case number of its vedtak.
    log = meetings.list_decisions(project)
    ended = [d for d in log if d.held_on == t.sg_forstudie]
    assert ended and ended[0].decision.case_number == f"Sak {points[1].case_number}"
    assert "forprosjekt" in ended[0].decision.text


def test_milestones_done_in_the_past_one_late_three_ahead(story) -> None:  # type: ignore[no-untyped-def]
    project, today, t = story
    stones = phases.list_milestones(project)
    assert {m.phase for m in stones} == set(Phase)
    assert all(m.done_on and m.done_on < today for m in stones if m.is_done)
    (late,) = [m for m in stones if m.is_overdue(today)]
    assert late.phase is Phase.HOVEDPROSJEKT
    ahead = [m for m in stones if not m.is_done and m.due_on and m.due_on >= today]
    assert [m.title for m in sorted(ahead, key=lambda m: m.due_on or today)] == [
        "Statusrapport til styringsgruppen",
        "Effektmåling T1 analysert",
        "Sluttrapport",
    ]
    assert all(m.phase is Phase.HOVEDPROSJEKT for m in ahead)
    figures = project_service.key_figures(project, today)
    assert figures.milestones_overdue == 1
    assert figures.next_milestone is not None
    assert figures.next_milestone.title == "Statusrapport til styringsgruppen"
    # Each earlier phase's milestones fall before its decision point.
    ends = {Phase.IDE: t.ide_decision, Phase.FORSTUDIE: t.sg_forstudie}
    ends[Phase.FORPROSJEKT] = t.kommunestyre
    for m in stones:
        if m.phase in ends:
            assert m.is_done and m.done_on and m.done_on <= ends[m.phase], m.title


def test_the_forstudie_parts_are_in_the_forstudie(story) -> None:  # type: ignore[no-untyped-def]
    project, today, t = story
    rows = notes.list_notes(project)
    assert rows and all(r.held_on and t.ide_decision < r.held_on < t.analyse for r in rows)

    surveys = sv.list_surveys(project)
    assert [s.name for s in surveys] == [t.t0_name, t.t1_name]
    assert t.t0_name == f"Spørreundersøkelse {t.t0_open.year}"
    assert t.t1_name == f"Oppfølging {t.t1_open.year}" and t.t1_open.year <= today.year
    t0, t1 = (sv.get_survey(project, s.id) for s in surveys)
    assert (t0.opens_on, t0.closes_on, t1.opens_on, t1.closes_on) == (
        t.t0_open,
        t.t0_close,
        t.t1_open,
        t.t1_close,
    )

    (w,) = ws.list_workshops(project)
    assert w.held_on == t.resultatverksted
    assert t.t0_close < t.resultatverksted < t.forstudie_decision

    log = " ".join(d.decision.text for d in meetings.list_decisions(project))
    assert f"sendes ut uke {t.t0_open.isocalendar().week}," in log
    assert f"holdes {t.resultatverksted:%d.%m.%Y}." in log
    assert f"holdes {t.oppstartsmote:%d.%m.%Y}." in log
    assert f"holdes {t.tiltaksverksted:%d.%m.%Y}." in log
    assert f"svarfristen {t.t1_close:%d.%m.%Y}." in log


def test_the_handlingsplan_was_adopted_in_the_forprosjekt(story) -> None:  # type: ignore[no-untyped-def]
    project, today, t = story
    (decision,) = ms.list_plan_decisions(project)
    assert decision.decided_on == t.sg_plan
    assert t.forstudie_decision < decision.decided_on < t.kommunestyre
    assert decision.meeting_id is not None
    meeting = meetings.get_meeting(project, decision.meeting_id)
    assert meeting.kind is MeetingKind.STYRINGSGRUPPEMOTE and meeting.held_on == t.sg_plan
    assert any("Handlingsplanen vedtas" in d.text for d in meeting.decisions)
    assert len(decision.measure_ids) == 13

    measures = ms.list_measures(project)
    assert len(measures) == 15
    assert all(m.start_on and m.start_on > t.kommunestyre for m in measures)
    for m in measures:  # budget years follow the story, not a fixed calendar
        years = {int(w) for w in m.funding.split() if w.isdigit()}
        assert m.start_on is not None and years <= {m.start_on.year, today.year + 1}, m.funding
    follow_ups = ms.list_follow_ups(project)
    assert all(t.hovedprosjekt_start < f.entry_on <= today for f in follow_ups)
    report = ms.latest_status_report(project)
    assert report is not None and report.made_on == t.status_report
    # The prosjektplan is the hovedprosjekt's.
    assert "hovedprosjekt" in PLAN_TEXTS[PlanSection.RAMMER].lower()
    assert "forstudien gjennomføres" not in " ".join(PLAN_TEXTS.values()).lower()
