"""Resultater (issue 4, points 5–6): the figures as survey_results computes them, with
the decimal comma; the breakdown never shows a number for a small group; the
follow-up's caution; charts shown as images; empty states."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from nvk_desktop.analysis.formatting import format_number, format_percent
from nvk_desktop.domain.survey import RespondentGroup as G
from nvk_desktop.services import survey_results as results_service
from nvk_desktop.services import surveys
from ui.context import ProjectContext
from ui.pages.survey_results import (
    NO_ANSWERS,
    NO_SURVEY,
    VIEW_AREAS,
    VIEW_CHANGE,
    VIEW_ITEMS,
    VIEW_QUADRANT,
    SurveyResultsView,
)
from ui.widgets.chart_view import ChartView

ITEMS = [
    "bak.storrelse",
    "byg.sat.1",
    "byg.sat.2",
    "byg.imp",
    "ser.sat.1",
    "ser.imp",
    "byg.open.bedre",
]
# næringsliv by size: 12 small, 8 middle, 3 large (the large ones must never show)
SIZES = ["1-3"] * 12 + ["4-10"] * 8 + ["over10"] * 3
LARGE_N = 3


def _size_codes(project, survey_id):  # type: ignore[no-untyped-def]
    item = surveys.get_survey(project, survey_id).item("bak.storrelse")
    return [o.code for o in item.options]


def make_survey(project, *, answers: bool = True) -> int:  # type: ignore[no-untyped-def]
    sid = surveys.create_survey(
        project,
        "Næringslivsundersøkelse Gáivuotna",
        groups={G.NAERINGSLIV: 40, G.ANSATTE: 20},
        item_ids=ITEMS,
    )
    if not answers:
        return sid
    codes = _size_codes(project, sid)
    size_code = {"1-3": codes[0], "4-10": codes[1], "over10": codes[2]}
    for i, size in enumerate(SIZES):
        a = {
            "bak.storrelse": size_code[size],
            "byg.sat.1": 1 + i % 3,
            "byg.sat.2": None if i % 7 == 0 else 2 + i % 2,
            "byg.imp": 5 - i % 2,
            "ser.sat.1": 2 + i % 4,
            "ser.imp": 3 + i % 3,
        }
        if i < 4:
            a["byg.open.bedre"] = f"Saksbehandlingen tar for lang tid ({i})."
        surveys.add_response(project, sid, G.NAERINGSLIV, a)
    for i in range(10):
        surveys.add_response(
            project,
            sid,
            G.ANSATTE,
            {"byg.sat.1": 3 + i % 3, "byg.sat.2": 4, "byg.imp": 4, "ser.sat.1": 4, "ser.imp": 4},
        )
    return sid


def make_followup(project, baseline: int) -> int:  # type: ignore[no-untyped-def]
    sid = surveys.create_followup(project, baseline, "Oppfølging Gáivuotna")
    for i in range(8):
        surveys.add_response(
            project, sid, G.NAERINGSLIV, {"byg.sat.1": 2 + i % 3, "ser.sat.1": 3 + i % 2}
        )
    for i in range(6):
        surveys.add_response(project, sid, G.ANSATTE, {"byg.sat.1": 4, "ser.sat.1": 3 + i % 3})
    return sid


def make_view(qtbot, project) -> tuple[SurveyResultsView, ProjectContext]:  # type: ignore[no-untyped-def]
    ctx = ProjectContext(project)
    view = SurveyResultsView(ctx)
    qtbot.addWidget(view)
    view.resize(1366, 720)
    view.show()
    qtbot.waitExposed(view)
    return view, ctx


def cells(view, table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    model = table.model()
    return [
        [str(model.index(r, c).data() or "") for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def column(model, header: str) -> int:  # type: ignore[no-untyped-def]
    for c in range(model.columnCount()):
        if model.headerData(c, Qt.Orientation.Horizontal) == header:
            return c
    raise KeyError(header)


def test_empty_states(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    view, _ctx = make_view(qtbot, project)
    assert view.stack.currentWidget() is view.empty
    assert NO_SURVEY in view.empty.text()
    sid = make_survey(project, answers=False)
    view.set_survey(sid)
    assert view.stack.currentWidget() is view.empty
    assert NO_ANSWERS in view.empty.text()
    view.set_survey(None)
    assert NO_SURVEY in view.empty.text()


def test_area_table_equals_survey_results_with_decimal_comma(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    sid = make_survey(project)
    view, _ctx = make_view(qtbot, project)
    view.set_survey(sid)
    assert view.stack.currentWidget() is view.content
    results = results_service.survey_results(project, sid)
    model = view.area_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:9] == [
        "Område",
        "Gruppe",
        "n",
        "Snitt",
        "Topp 2",
        "Bunn 2",
        "Indeks",
        "Svar %",
        "Gap",
    ]
    seen = 0
    for r in range(model.rowCount()):
        row = model.record(r)
        st = results.area(row.area).stats[row.group]
        text = [model.index(r, c).data() for c in range(model.columnCount())]
        assert text[2] == str(st.n)
        assert text[3] == format_number(st.mean, 2) and "," in text[3]
        assert text[4] == format_percent(st.top2)
        assert text[5] == format_percent(st.bottom2)
        assert text[6] == format_number(st.index, 0)
        rate = {gr.group: gr.rate for gr in results.rates}[row.group]
        assert text[7] == format_percent(rate)
        if row.group is G.ANSATTE:
            base = results.area(row.area).stats[G.NAERINGSLIV]
            gap = format_number(st.index - base.index, 0)
            assert text[8].lstrip("+") == gap
        else:
            assert text[8] == ""
        # numbers are right-aligned
        assert model.index(r, 3).data(Qt.ItemDataRole.TextAlignmentRole) & int(
            Qt.AlignmentFlag.AlignRight
        )
        seen += 1
    assert seen == 4  # two areas × two groups
    # næringsliv response rate: 23 of 40
    assert f"23 av 40 ({format_percent(23 / 40)})" in view.summary.text()
    # one group only, mean as the measure
    view.set_group(G.NAERINGSLIV)
    view.set_measure("mean")
    assert {model.record(r).group for r in range(model.rowCount())} == {G.NAERINGSLIV}


def test_breakdown_never_shows_a_small_group(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    sid = make_survey(project)
    view, _ctx = make_view(qtbot, project)
    view.set_survey(sid)
    view.set_view(VIEW_ITEMS)
    assert view.views.currentIndex() == VIEW_ITEMS
    assert view.select_item("byg.sat.1")
    assert view.set_breakdown("bak.storrelse", G.NAERINGSLIV)
    table = cells(view, view.breakdown_table)
    assert len(table) == 4  # three sizes and the total
    by_cat = {row[0]: row for row in table}
    large = next(v for k, v in by_cat.items() if k.startswith("Over 10"))
    assert "For få svar" in large[-1]
    # never a figure: n < 5 and dashes only
    assert large[1] == "n\u00a0<\u00a05"
    assert large[2:5] == ["–", "–", "–"]
    # the middle group is hidden too (else the large one follows from the total)
    middle = next(v for k, v in by_cat.items() if k.startswith("4"))
    assert middle[2:5] == ["–", "–", "–"] and middle[-1]
    # the suppressed n appears in no cell
    for row in table:
        for cell in row[1:5]:
            assert cell != str(LARGE_N)
            assert not re.fullmatch(rf"\D*{LARGE_N}\D*", cell) or cell.startswith("n")
    small = next(v for k, v in by_cat.items() if k.startswith("1"))
    assert small[1] == "12" and "," in small[2]
    total = table[-1]
    assert total[0].startswith("Alle") and total[1] == "23"


def test_item_table_filter_and_chart(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    sid = make_survey(project)
    view, _ctx = make_view(qtbot, project)
    view.set_survey(sid)
    view.set_view(VIEW_ITEMS)
    assert view.item_proxy.rowCount() == 5
    view.area_filter.setCurrentIndex(view.area_filter.findData("service_informasjon"))
    keys = {
        view.item_model.record(view.item_proxy.mapToSource(view.item_proxy.index(r, 0)).row()).id
        for r in range(view.item_proxy.rowCount())
    }
    assert keys == {"ser.sat.1", "ser.imp"}
    view.item_table.setCurrentIndex(view.item_proxy.index(0, 0))
    qtbot.waitUntil(view.item_chart.has_image, timeout=20_000)
    img = view.item_chart.image()
    assert img is not None and img.width() > 200


def test_charts_show_images(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    sid = make_survey(project)
    view, _ctx = make_view(qtbot, project)
    view.set_survey(sid)
    qtbot.waitUntil(view.area_chart.has_image, timeout=20_000)
    view.set_view(VIEW_QUADRANT)
    qtbot.waitUntil(view.quadrant_chart.has_image, timeout=30_000)
    assert view.quadrant_model.rowCount() == 2
    assert any("Viktig" in r.point.quadrant.label for r in view.quadrant_model.rows)


def test_followup_shows_change_with_caution(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    base = make_survey(project)
    t1 = make_followup(project, base)
    view, _ctx = make_view(qtbot, project)
    view.set_survey(base)
    assert view.view_combo.findData(VIEW_CHANGE) < 0  # a T0 has nothing to compare with
    view.set_survey(t1)
    assert view.view_combo.findData(VIEW_CHANGE) >= 0
    view.set_view(VIEW_CHANGE)
    table = cells(view, view.change_table)
    assert table
    merknad = column(view.change_model, "Merknad")
    notes = [row[merknad] for row in table]
    assert any("Få svar" in n and "tilfeldigheter" in n or "forsiktighet" in n for n in notes)
    # every compared row has a CI or says why not
    ki = next(
        c
        for c in range(view.change_model.columnCount())
        if "KI" in view.change_model.headerData(c, Qt.Orientation.Horizontal)
    )
    for row in table:
        assert " til " in row[ki] or "For få svar" in row[merknad]
    qtbot.waitUntil(view.change_chart.has_image, timeout=20_000)
    # back to a T0: the change view goes away
    view.set_survey(base)
    assert view.view_combo.findData(VIEW_CHANGE) < 0
    assert view.current_view == VIEW_AREAS


def test_chart_view_shows_copies_and_saves(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    img = QImage(400, 200, QImage.Format.Format_RGB32)
    img.fill(0x336699)
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    png = bytes(data.data())
    view = ChartView()
    qtbot.addWidget(view)
    view.resize(300, 300)
    view.show()
    qtbot.waitExposed(view)
    assert not view.has_image() and not view.copy_action.isEnabled()
    view.set_png(png)
    assert view.has_image() and view.copy_action.isEnabled()
    # scaled to fit, aspect kept, never enlarged
    rect = view._target_rect()
    assert rect.width() <= 300 and abs(rect.width() / rect.height() - 2.0) < 0.05
    view.copy_image()
    assert QApplication.clipboard().image().width() == 400
    out = tmp_path / "diagram"
    view.save_png(out)
    assert (tmp_path / "diagram.png").read_bytes() == png
    # a chart drawn for the view's own size
    calls: list[tuple[object, float]] = []

    def render(size, dpi):  # type: ignore[no-untyped-def]
        calls.append((size, dpi))
        return png

    view.set_chart("k", render)
    assert calls and calls[0][0] is not None and view.has_image()
    view.clear("Ingen data")
    assert not view.has_image() and view.message() == "Ingen data"


@pytest.mark.parametrize("measure", ["index", "mean", "top2"])
def test_measures_fill_every_view(qtbot, project, measure) -> None:  # type: ignore[no-untyped-def]
    base = make_survey(project)
    t1 = make_followup(project, base)
    view, _ctx = make_view(qtbot, project)
    view.set_survey(t1)
    view.set_measure(measure)
    for model in (view.area_model, view.item_model, view.change_model):
        for r in range(model.rowCount()):
            for c in range(model.columnCount()):
                text = str(model.index(r, c).data() or "")
                assert not re.search(r"\d\.\d", text), text
