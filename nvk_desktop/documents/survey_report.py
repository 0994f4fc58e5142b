"""The survey results document (PDF): usable on its own, and later the results chapter
of the forstudierapport (:func:`add_results_chapter` adds the same content to any
:class:`~nvk_desktop.documents.base.Story`).

Privacy (DOMAIN.md §6) is enforced here as well as in the service: a group or item
with fewer than ``MIN_N`` answers is never shown with a figure (not as n, mean, share,
index or response count) but as "For få svar (n < 5)", even if the caller passed
unsuppressed results. Open comments are never printed; with ``include_comments`` only
the coded themes and how many comments each has are listed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from nvk_desktop.analysis.formatting import MISSING, format_n, format_number, format_percent
from nvk_desktop.analysis.stats import MIN_N, Change, ImportanceSatisfaction, ItemStats
from nvk_desktop.documents.base import Cell, Story, format_date_short, muted
from nvk_desktop.domain.models import ProjectInfo
from nvk_desktop.domain.survey import ItemKind, RespondentGroup, Scale
from nvk_desktop.domain.survey_project import (
    AreaResult,
    CommentTheme,
    GroupRate,
    ItemResult,
    SurveyResults,
    SurveyRound,
)

__all__ = [
    "SUPPRESSED",
    "SurveyReportData",
    "add_results_chapter",
    "build_survey_report",
    "report_title",
    "survey_report_bytes",
]

SUPPRESSED = "For få svar (n < 5)"
_CHART_WIDTH = 9.0  # inches: printed at 166 mm, the chart text comes out near 9 pt
_GENERAL_THEMES = "Generelt"


@dataclass(frozen=True)
class SurveyReportData:
    """What the results document shows. ``results`` should be computed with
    ``min_n=MIN_N``; the document suppresses small groups again regardless.
    ``themes`` is used only when ``include_comments`` is true."""

    info: ProjectInfo
    results: SurveyResults
    generated_on: date
    include_comments: bool = False
    themes: Sequence[CommentTheme] = field(default_factory=tuple)
    dimension_names: Mapping[str, str] = field(default_factory=dict)

    @property
    def example(self) -> bool:
        return self.info.is_example


# ----------------------------------------------------------------- privacy helpers


def _shown(stats: ItemStats | None) -> ItemStats | None:
    """The stats if they may be printed, None when hidden (suppressed or n < 5)."""
    if stats is None or stats.suppressed or stats.n < MIN_N:
        return None
    return stats


def _hidden_copy(stats: ItemStats) -> ItemStats:
    return stats if _shown(stats) else ItemStats.hidden(stats.scale_min, stats.scale_max)


def _shown_change(c: Change | None) -> Change | None:
    if c is None or c.suppressed or c.mean_diff is None:
        return None
    if min(c.t0.n, c.t1.n) < MIN_N:
        return None
    return c


def _n_cell(stats: ItemStats | None) -> str:
    return format_n(stats.n if stats else None, MIN_N)


# ----------------------------------------------------------------- formatting


def _scale_text(scale: Scale) -> str:
    ends = f"{scale.min} = {scale.label(scale.min)}, {scale.max} = {scale.label(scale.max)}"
    return f"{scale.min}–{scale.max} ({ends})"


def _groups(results: SurveyResults) -> tuple[RespondentGroup, ...]:
    return results.survey.group_values


def _rate_row(rate: GroupRate) -> list[Cell]:
    invited = format_number(rate.invited, 0) if rate.invited else "Ikke oppgitt"
    if rate.responses < MIN_N:
        # A handful of answers is not a figure to print (DOMAIN.md §6).
        return [rate.group.label, invited, muted(SUPPRESSED), muted(MISSING)]
    return [
        rate.group.label,
        invited,
        format_number(rate.responses, 0),
        format_percent(rate.rate) if rate.rate is not None else MISSING,
    ]


# ----------------------------------------------------------------- charts


def _grouped_chart(
    labels: Sequence[str],
    stats_rows: Sequence[Mapping[RespondentGroup, ItemStats]],
    groups: Sequence[RespondentGroup],
    scale: Scale,
    title: str,
    example: bool,
    *,
    per_item: bool = False,
) -> bytes:
    from nvk_desktop.charts.survey_charts import grouped_bars

    values: list[list[float | None]] = []
    ns: list[list[int | None]] = []
    for row in stats_rows:
        shown = [_shown(row.get(g)) for g in groups]
        values.append([s.index if s else None for s in shown])
        ns.append([s.n if s else None for s in shown])
    width = _CHART_WIDTH
    per_row = 0.28 * len(groups) + 0.22 if per_item else 0.36 * len(groups) + 0.3
    height = 2.0 + len(labels) * per_row
    return grouped_bars(
        labels,
        [g.label for g in groups],
        values,
        ns,
        "index",
        scale_min=scale.min,
        scale_max=scale.max,
        title=title,
        example_mark=example,
        size=(width, height),
        min_n=MIN_N,
    )


def _likert_chart(
    items: Sequence[ItemResult],
    group: RespondentGroup,
    scale: Scale,
    title: str,
    example: bool,
    labels: Sequence[str],
) -> bytes:
    from nvk_desktop.charts.survey_charts import LikertRow, likert_diverging

    rows = [
        LikertRow.from_stats(label, _hidden_copy(it.stats[group]))
        for it, label in zip(items, labels, strict=True)
    ]
    return likert_diverging(
        rows,
        scale.min,
        scale.max,
        [scale.label(v) for v in scale.values],
        title=title,
        example_mark=example,
        size=None,
        min_n=MIN_N,
    )


# ----------------------------------------------------------------- sections


def _about(story: Story, data: SurveyReportData, level: int) -> None:
    results = data.results
    survey = results.survey
    story.heading("Om undersøkelsen", level)
    pairs: list[tuple[str, Cell]] = [
        ("Undersøkelse", survey.name),
        ("Runde", survey.round.label),
    ]
    if survey.round is SurveyRound.T1:
        base = results.baseline.name if results.baseline else survey.baseline_name
        pairs.append(("Sammenlignes med", base or "Førmålingen finnes ikke lenger"))
    if survey.opens_on or survey.closes_on:
        start = format_date_short(survey.opens_on) if survey.opens_on else "?"
        end = format_date_short(survey.closes_on) if survey.closes_on else "?"
        pairs.append(("Periode", f"{start}–{end}"))
    pairs += [
        ("Respondentgrupper", ", ".join(g.label for g in _groups(results))),
        ("Svarskala", _scale_text(survey.scale)),
    ]
    story.key_values(pairs)
    story.heading("Svar og svarprosent", level + 1)
    story.table(
        ["Gruppe", "Inviterte", "Svar", "Svarprosent"],
        [_rate_row(r) for r in results.rates],
        widths=[3, 1.4, 1.8, 1.4],
        empty="Undersøkelsen har ingen respondentgrupper.",
    )
    story.heading("Slik leser du tallene", level + 1)
    story.bullets(
        [
            f"Snitt er gjennomsnittet på skalaen {survey.scale.min}–{survey.scale.max}. "
            f"Topp-2 er andelen som svarte {survey.scale.max - 1} eller {survey.scale.max}.",
            "Indeksen går fra 0 til 100, der 100 er best mulig: (snitt − laveste verdi) / "
            "(høyeste − laveste verdi) · 100. Den gjør områder og skalaer sammenlignbare.",
            f"n er antall som har svart på spørsmålet. «{survey.scale.dont_know_label}» er "
            "ikke med i snitt, andeler eller n.",
            f"En gruppe med færre enn {MIN_N} svar vises ikke med tall, men som «{SUPPRESSED}», "
            "slik at ingen enkeltpersoner kan kjennes igjen.",
        ]
    )
    if not data.include_comments:
        story.paragraph(
            "Svarene på de åpne spørsmålene er ikke med i dokumentet, fordi kommentarer kan "
            "avsløre hvem som har svart."
        )


def _summary(story: Story, data: SurveyReportData, level: int) -> None:
    results = data.results
    groups = _groups(results)
    areas = list(results.areas)
    story.page_break()  # each part starts on a page: its chart would orphan the heading
    story.heading("Hovedresultater per område", level)
    if not areas:
        story.empty("Undersøkelsen har ingen vurderingsspørsmål med område.")
        return
    example = data.example
    story.chart(
        _grouped_chart(
            [a.name for a in areas],
            [a.stats for a in areas],
            groups,
            results.survey.scale,
            "Indeks per område og gruppe",
            example,
        ),
        caption="Indeks 0–100 per område (tilfredshetsspørsmål og tjenestedimensjoner "
        "samlet). Forskjellen mellom gruppene viser hvor kommunen ser seg selv annerledes "
        "enn næringslivet gjør.",
    )
    header = ["Område"] + [g.label for g in groups]
    rows: list[list[Cell]] = []
    for a in areas:
        row: list[Cell] = [a.name]
        for g in groups:
            s = _shown(a.stats.get(g))
            if g not in a.stats:
                row.append(muted("Ikke spurt"))
            elif s is None:
                row.append(muted(SUPPRESSED))
            else:
                row.append(
                    f"Indeks {format_number(s.index, 0)} · snitt {format_number(s.mean, 1)}\n"
                    f"{_n_cell(s)}"
                )
        rows.append(row)
    story.table(header, rows, widths=[2.2] + [1.6] * len(groups))
    gaps = _gap_lines(areas, groups)
    if gaps:
        story.heading("Forskjeller mellom gruppene", level + 1)
        story.bullets(gaps)


def _gap_lines(areas: Sequence[AreaResult], groups: Sequence[RespondentGroup]) -> list[str]:
    """Plain sentences: how much higher staff and politicians rate than business."""
    business = RespondentGroup.NAERINGSLIV
    if business not in groups:
        return []
    out: list[str] = []
    for a in areas:
        base = _shown(a.stats.get(business))
        if base is None or base.index is None:
            continue
        parts = []
        for g in groups:
            other = _shown(a.stats.get(g))
            if g is business or other is None or other.index is None:
                continue
            diff = other.index - base.index
            word = "høyere" if diff >= 0 else "lavere"
            parts.append(f"{g.label.lower()} {format_number(abs(diff), 0)} indekspoeng {word}")
        if parts:
            out.append(
                f"{a.name}: sammenlignet med næringslivet vurderer " + " og ".join(parts) + "."
            )
    return out


def _area_sections(story: Story, data: SurveyReportData, level: int) -> None:
    results = data.results
    survey = results.survey
    groups = _groups(results)
    business = RespondentGroup.NAERINGSLIV
    story.page_break()  # each part starts on a page: its chart would orphan the heading
    story.heading("Resultater per område", level)
    if not results.areas:
        story.empty("Ingen områder å vise.")
    for n, area in enumerate(results.areas):
        if n:
            story.page_break()
        items = [
            it
            for it in results.items
            if it.area == area.area and it.kind in (ItemKind.SATISFACTION, ItemKind.DIMENSION)
        ]
        importance = [
            it for it in results.items if it.area == area.area and it.kind is ItemKind.IMPORTANCE
        ]
        story.heading(area.name, level + 1)
        _area_intro(story, area, groups)
        if items:
            story.chart(
                _grouped_chart(
                    [_short_label(it, data) for it in items],
                    [it.stats for it in items],
                    groups,
                    survey.scale,
                    f"{area.name}: gruppene sammenlignet",
                    data.example,
                    per_item=True,
                ),
                caption="Indeks 0–100 per spørsmål og gruppe. Hele spørsmålsteksten står i "
                "tabellen under.",
            )
        asked_business = [it for it in items if business in it.stats]
        if asked_business:
            story.chart(
                _likert_chart(
                    asked_business,
                    business,
                    survey.scale,
                    f"{area.name}: svarene fra næringslivet",
                    data.example,
                    [_short_label(it, data) for it in asked_business],
                ),
                caption="Fordelingen av svarene fra næringslivet: de dårlige svarene til "
                "venstre for midten, de gode til høyre.",
            )
        _area_table(story, area, items + importance, groups)


_QUESTION_STARTS = ("Hvordan vurderer du ", "Hvordan vurderer dere ")


def _short_label(item: ItemResult, data: SurveyReportData) -> str:
    """A chart label: the dimension's name, or the question without "Hvordan vurderer du"."""
    if item.dimension and item.dimension in data.dimension_names:
        return data.dimension_names[item.dimension]
    text = item.text.strip().rstrip("?").strip()
    for start in _QUESTION_STARTS:
        if text.startswith(start) and len(text) > len(start):
            rest = text[len(start) :]
            return rest[0].upper() + rest[1:]
    return text


def _area_intro(story: Story, area: AreaResult, groups: Sequence[RespondentGroup]) -> None:
    parts = []
    for g in groups:
        s = _shown(area.stats.get(g))
        if g not in area.stats:
            continue
        if s is None:
            parts.append(f"{g.label}: {SUPPRESSED.lower()}")
        else:
            parts.append(f"{g.label}: indeks {format_number(s.index, 0)} ({_n_cell(s)})")
    if parts:
        story.paragraph("Området samlet – " + "; ".join(parts) + ".")


def _area_table(
    story: Story, area: AreaResult, items: Sequence[ItemResult], groups: Sequence[RespondentGroup]
) -> None:
    """Item, group, n, mean, top-2, index: the question text spans its groups' rows,
    and the shading changes per question, not per row."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    from nvk_desktop.documents.base import ACCENT, FONT, RULE, ZEBRA, escape_text

    st = story.styles
    header = ["Spørsmål", "Gruppe", "n", "Snitt", "Topp-2", "Indeks"]
    data: list[list[object]] = [[Paragraph(escape_text(h), st.table_header) for h in header]]
    blocks: list[tuple[int, int]] = []
    hidden_rows: list[int] = []  # "For få svar" spans the four number columns

    def cell(value: Cell) -> object:
        if value is None or isinstance(value, str):
            return Paragraph(escape_text(value or ""), st.table_cell)
        return value

    def add_block(label: str, stats: Mapping[RespondentGroup, ItemStats]) -> None:
        shown = [g for g in groups if g in stats]
        if not shown:
            return
        first = len(data)
        for i, g in enumerate(shown):
            if _shown(stats[g]) is None:
                hidden_rows.append(len(data))
            data.append(
                [cell(label if i == 0 else None), cell(g.label), *map(cell, _stat_cells(stats[g]))]
            )
        blocks.append((first, len(data) - 1))

    for it in items:
        label = it.text if it.kind is not ItemKind.IMPORTANCE else f"{it.text} (viktighet)"
        add_block(label, it.stats)
    add_block(f"{area.name}: området samlet", area.stats)
    if len(data) == 1:
        story.empty("Ingen vurderingsspørsmål i området.")
        return
    weights = [4.4, 1.9, 0.8, 0.7, 0.9, 0.8]
    widths = [story.width * w / sum(weights) for w in weights]
    commands: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, 8),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    commands += [("SPAN", (2, r), (5, r)) for r in hidden_rows]
    for n, (first, last) in enumerate(blocks):
        commands.append(("SPAN", (0, first), (0, last)))
        commands.append(("LINEBELOW", (0, last), (-1, last), 0.4, RULE))
        if n % 2:
            commands.append(("BACKGROUND", (0, first), (-1, last), ZEBRA))
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    story.add(table, Spacer(1, 4 * mm))


def _stat_cells(stats: ItemStats) -> list[Cell]:
    s = _shown(stats)
    if s is None:
        return [muted(SUPPRESSED), "", "", ""]
    return [
        format_number(s.n, 0),
        format_number(s.mean, 1),
        format_percent(s.top2),
        format_number(s.index, 0),
    ]


def _importance(story: Story, data: SurveyReportData, level: int) -> None:
    """The quadrant chart for næringsliv (whose needs the method is about), and for
    every group a table of which cell each area falls in, so that the groups' views
    can be compared without a chart each."""
    results = data.results
    if not results.importance:
        return
    from nvk_desktop.charts.survey_charts import importance_satisfaction_quadrant

    story.page_break()  # each part starts on a page: its chart would orphan the heading
    story.heading("Viktighet og tilfredshet", level)
    story.paragraph(
        "Hvert område er plassert etter hvor viktig det er (loddrett) og hvor fornøyd "
        "gruppen er (vannrett), begge som indeks 0–100. Linjene går gjennom gjennomsnittet "
        "av områdene. Områdene som er viktige, men svake, er der det er mest å hente først."
    )
    groups = list(results.importance)
    main = RespondentGroup.NAERINGSLIV if RespondentGroup.NAERINGSLIV in groups else groups[0]
    safe = {g: _quadrant_safe(r) for g, r in results.importance.items()}
    if safe[main].points:
        story.chart(
            importance_satisfaction_quadrant(
                safe[main],
                title=f"Viktighet og tilfredshet – {main.label}",
                example_mark=data.example,
                size=(_CHART_WIDTH, 7.0),
            ),
            caption=_left_out_caption(safe[main]),
        )
    else:
        story.empty(f"For få svar til å vise diagrammet for {main.label.lower()} (n < {MIN_N}).")
    areas = [a.name for a in results.areas]
    rows: list[list[Cell]] = []
    for name in areas:
        row: list[Cell] = [name]
        for g in groups:
            point = next((p for p in safe[g].points if p.area == name), None)
            row.append(point.quadrant.label if point else muted(SUPPRESSED))
        rows.append(row)
    story.table(["Område", *(g.label for g in groups)], rows, widths=[1.6] + [2] * len(groups))


def _quadrant_safe(result: ImportanceSatisfaction) -> ImportanceSatisfaction:
    """Drop any point resting on fewer than MIN_N answers (if the caller did not)."""
    points = tuple(p for p in result.points if p.n >= MIN_N)
    if len(points) == len(result.points):
        return result
    dropped = tuple(p.area for p in result.points if p.n < MIN_N)
    return ImportanceSatisfaction(
        points=points,
        importance_cut=result.importance_cut,
        satisfaction_cut=result.satisfaction_cut,
        cutoff=result.cutoff,
        left_out=result.left_out + dropped,
    )


def _left_out_caption(result: ImportanceSatisfaction) -> str:
    left_out = _quadrant_safe(result).left_out
    if not left_out:
        return "Indeks 0–100 for viktighet og for tilfredshet per område."
    return (
        "Indeks 0–100 for viktighet og for tilfredshet per område. Ikke med (for få svar "
        "eller ingen viktighetsspørsmål): " + ", ".join(left_out) + "."
    )


def _change(story: Story, data: SurveyReportData, level: int) -> None:
    results = data.results
    if results.survey.round is not SurveyRound.T1:
        return
    from nvk_desktop.charts.survey_charts import change_chart

    base = results.baseline.name if results.baseline else results.survey.baseline_name
    story.page_break()  # each part starts on a page: its chart would orphan the heading
    story.heading("Endring siden førmålingen", level)
    if base is None:
        story.empty("Førmålingen denne undersøkelsen følger opp, finnes ikke lenger.")
        return
    story.paragraph(
        f"Endringen i snitt per område fra «{base}» (T0) til «{results.survey.name}» (T1), "
        "med 95 % konfidensintervall. En blek, skravert stolpe er en endring som kan "
        "skyldes tilfeldigheter. Med få svar er usikkerheten stor."
    )
    any_change = False
    too_few: list[str] = []
    for g in _groups(results):
        areas = [a for a in results.areas if g in a.change]
        if not areas:
            continue
        if not any(_shown_change(a.change[g]) for a in areas):
            too_few.append(g.label.lower())
            continue
        if any_change:
            story.page_break()
        any_change = True
        story.heading(g.label, level + 1)
        changes = [a.change[g] for a in areas]
        safe = [c if _shown_change(c) else _hidden_change(c) for c in changes]
        story.chart(
            change_chart(
                [a.name for a in areas],
                safe,
                "mean",
                title=f"Endring T0 → T1 – {g.label}",
                example_mark=data.example,
                size=(_CHART_WIDTH, 2.2 + 0.8 * len(areas)),
            ),
            caption="Endring i snitt (T1 − T0) med 95 % konfidensintervall.",
        )
        cautions = sorted({c.caution for c in safe if c.caution and not c.suppressed})
        if cautions:
            story.bullets(cautions)
    if too_few:
        story.paragraph(
            "For få svar til å vise endringen for "
            + " og ".join(too_few)
            + f" (n < {MIN_N} i en av rundene)."
        )
    elif not any_change:
        story.empty("Ingen områder kan sammenlignes med førmålingen ennå.")


def _hidden_change(c: Change) -> Change:
    return Change(
        t0=ItemStats.hidden(c.t0.scale_min, c.t0.scale_max),
        t1=ItemStats.hidden(c.t1.scale_min, c.t1.scale_max),
        mean_diff=None,
        ci_low=None,
        ci_high=None,
        df=None,
        index_diff=None,
        top2_diff=None,
        caution=None,
        suppressed=True,
        confidence=c.confidence,
    )


def _comments(story: Story, data: SurveyReportData, level: int) -> None:
    """Only the coded themes and their counts: comment text can identify people."""
    story.heading("Temaer i de åpne svarene", level)
    story.paragraph(
        "De åpne svarene er gruppert i temaer. Selve kommentarene er ikke gjengitt, fordi "
        "de kan avsløre hvem som har svart."
    )
    names = {a.area: a.name for a in data.results.areas}
    themes = sorted(
        (t for t in data.themes if t.comments > 0),
        key=lambda t: (t.area is None, names.get(t.area or "", ""), -t.comments, t.name),
    )
    story.table(
        ["Område", "Tema", "Antall kommentarer"],
        [
            [
                names.get(t.area, t.area) if t.area else _GENERAL_THEMES,
                t.name,
                format_number(t.comments, 0),
            ]
            for t in themes
        ],
        widths=[2, 3.2, 1.2],
        empty="Ingen kommentarer er kodet i temaer ennå.",
    )


# ----------------------------------------------------------------- document


def add_results_chapter(story: Story, data: SurveyReportData, *, level: int = 1) -> None:
    """The whole results content, headings from ``level`` (1 alone, 2 inside a report)."""
    _about(story, data, level)
    if data.results.survey.responses == 0:
        story.empty("Undersøkelsen har ingen svar ennå.")
        return
    _summary(story, data, level)
    _area_sections(story, data, level)
    _importance(story, data, level)
    _change(story, data, level)
    if data.include_comments:
        _comments(story, data, level)


def report_title(data: SurveyReportData) -> str:
    return f"Resultater – {data.results.survey.name}"


def _story(data: SurveyReportData) -> Story:
    survey = data.results.survey
    story = Story(
        report_title(data),
        data.info,
        data.generated_on,
        subject=f"Resultatene av spørreundersøkelsen «{survey.name}», "
        f"{data.info.kommune.navn} kommune",
    )
    add_results_chapter(story, data)
    return story


def survey_report_bytes(data: SurveyReportData) -> bytes:
    return _story(data).to_bytes()


def build_survey_report(data: SurveyReportData, out: Path) -> None:
    """Write the results PDF to ``out`` atomically; DocumentError (Norwegian) on failure."""
    _story(data).build(Path(out))
