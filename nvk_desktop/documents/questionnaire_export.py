"""A survey's questionnaire for one respondent group: its layout, and the text and
Word exports a consultant pastes into Nettskjema, Questback or Microsoft Forms.

The layout (:func:`questionnaire_sections`) is shared with the paper form
(``documents.questionnaire``), so the question numbers on paper, in the text and in
Word are the same: background questions first, then per area the scale questions,
the importance question(s) and the open questions, then the general questions.

No ReportLab here; python-docx is imported inside :func:`questionnaire_docx_bytes`.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from nvk_desktop.documents.base import EXAMPLE_MARK, format_date_short, write_atomic
from nvk_desktop.domain.models import ProjectInfo
from nvk_desktop.domain.survey import Area, Item, ItemKind, RespondentGroup, Scale

__all__ = [
    "Question",
    "QuestionnaireData",
    "Section",
    "answer_instructions",
    "anonymity_text",
    "closing_text",
    "importance_scale_labels",
    "intro_text",
    "kommune_display",
    "option_lines",
    "questionnaire_docx_bytes",
    "questionnaire_sections",
    "questionnaire_text",
    "scale_option_labels",
    "write_questionnaire_docx",
    "write_questionnaire_text",
]

_IMPORTANCE_ENDS = ("Svært lite viktig", "Svært viktig")

_BACKGROUND_TITLE = {
    RespondentGroup.NAERINGSLIV: "Om deg og bedriften",
    RespondentGroup.ANSATTE: "Om deg og arbeidet ditt",
    RespondentGroup.POLITIKERE: "Om deg og vervet ditt",
    RespondentGroup.UTVIKLINGSSELSKAP: "Om deg",
}
_WHO = {
    RespondentGroup.NAERINGSLIV: "du som driver eller leder en bedrift",
    RespondentGroup.ANSATTE: "du som er ansatt i kommunen",
    RespondentGroup.POLITIKERE: "du som er folkevalgt",
    RespondentGroup.UTVIKLINGSSELSKAP: "du som arbeider i utviklingsselskapet",
}
_FORM_GROUP = {
    RespondentGroup.NAERINGSLIV: "næringslivet",
    RespondentGroup.ANSATTE: "ansatte i kommunen",
    RespondentGroup.POLITIKERE: "politikere",
    RespondentGroup.UTVIKLINGSSELSKAP: "utviklingsselskapet",
}
GENERAL_TITLE = "Til slutt"


@dataclass(frozen=True)
class QuestionnaireData:
    """Everything a questionnaire for one group needs, read from the project.

    ``items`` is the survey's questionnaire in its order (items not asked of
    ``group`` are skipped); ``areas`` names the area ids in their order.
    ``importance_labels`` words the scale of importance items (see
    :func:`importance_scale_labels`).
    """

    info: ProjectInfo
    survey_name: str
    group: RespondentGroup
    scale: Scale
    items: Sequence[Item]
    areas: Sequence[Area]
    generated_on: date
    importance_labels: Mapping[int, str] = field(default_factory=dict)
    closes_on: date | None = None


@dataclass(frozen=True)
class Question:
    number: int
    item: Item
    text: str  # the group's wording

    @property
    def kind(self) -> ItemKind:
        return self.item.kind


@dataclass(frozen=True)
class Section:
    """A part of the form: the background questions, one area, or the general part."""

    title: str
    area: str | None
    background: tuple[Question, ...] = ()
    scale: tuple[Question, ...] = ()  # satisfaction and service-dimension items
    importance: tuple[Question, ...] = ()
    open: tuple[Question, ...] = ()

    @property
    def questions(self) -> tuple[Question, ...]:
        """In the printed order (the order of the numbers)."""
        return self.background + self.scale + self.importance + self.open


def importance_scale_labels(scale: Scale, bank_labels: Mapping[int, str]) -> dict[int, str]:
    """The bank's importance wording when it fits the scale, else only the two ends."""
    if bank_labels and set(bank_labels) == set(scale.values):
        return dict(bank_labels)
    return {scale.min: _IMPORTANCE_ENDS[0], scale.max: _IMPORTANCE_ENDS[1]}


def kommune_display(info: ProjectInfo) -> str:
    return f"{info.kommune.navn} kommune"


def questionnaire_sections(data: QuestionnaireData) -> list[Section]:
    """The group's questions in sections, numbered 1, 2, … in printed order."""
    group = data.group
    asked = [it for it in data.items if it.asked_of(group)]
    area_names = {a.id: a.name for a in data.areas}
    area_order = [a.id for a in data.areas]
    for it in asked:  # an area the bank does not know (should not happen) goes last
        if it.area is not None and it.area not in area_order:
            area_order.append(it.area)

    number = 0

    def numbered(items: Sequence[Item]) -> tuple[Question, ...]:
        nonlocal number
        out = []
        for it in items:
            number += 1
            out.append(Question(number, it, it.text(group) or ""))
        return tuple(out)

    def split(items: list[Item]) -> tuple[list[Item], list[Item], list[Item]]:
        scale = [it for it in items if it.kind in (ItemKind.SATISFACTION, ItemKind.DIMENSION)]
        importance = [it for it in items if it.kind is ItemKind.IMPORTANCE]
        open_ = [it for it in items if it.kind is ItemKind.OPEN]
        return scale, importance, open_

    sections: list[Section] = []
    background = [it for it in asked if it.kind is ItemKind.BACKGROUND]
    if background:
        sections.append(Section(_BACKGROUND_TITLE[group], None, background=numbered(background)))
    for area in area_order:
        in_area = [it for it in asked if it.area == area and it.kind is not ItemKind.BACKGROUND]
        if not in_area:
            continue
        scale, importance, open_ = split(in_area)
        sections.append(
            Section(
                area_names.get(area, area),
                area,
                scale=numbered(scale),
                importance=numbered(importance),
                open=numbered(open_),
            )
        )
    general = [it for it in asked if it.area is None and it.kind is not ItemKind.BACKGROUND]
    if general:
        scale, importance, open_ = split(general)
        sections.append(
            Section(
                GENERAL_TITLE,
                None,
                scale=numbered(scale),
                importance=numbered(importance),
                open=numbered(open_),
            )
        )
    return sections


# ------------------------------------------------------------------ wording


def intro_text(data: QuestionnaireData) -> str:
    return (
        f"{kommune_display(data.info)} vil bli en bedre tilrettelegger for næringslivet. "
        f"Derfor vil vi gjerne vite hvordan {_WHO[data.group]}, opplever kommunens arbeid "
        "og tjenester overfor næringslivet. Det tar omtrent 15 minutter å svare."
    )


def anonymity_text() -> str:
    return (
        "Skjemaet er anonymt. Ikke skriv navnet ditt på det, og ikke skriv navn på "
        "andre personer i kommentarfeltene. Svarene blir lagt sammen, og grupper med "
        "færre enn fem svar blir aldri vist hver for seg."
    )


def answer_instructions(scale: Scale, *, paper: bool) -> str:
    how = (
        "Sett ett kryss per spørsmål i ruten som passer best."
        if paper
        else "Velg ett svar per spørsmål."
    )
    text = (
        f"{how} Skalaen går fra {scale.min} ({scale.label(scale.min)}) til {scale.max} "
        f"({scale.label(scale.max)}). Kjenner du ikke til det spørsmålet gjelder, "
        f"velger du «{scale.dont_know_label}»."
    )
    if paper:
        text += " Vil du endre et svar, fyller du ruten helt ut og setter et nytt kryss."
    return text


def closing_text(data: QuestionnaireData) -> str:
    if data.closes_on is not None:
        return (
            f"Lever det utfylte skjemaet innen {format_date_short(data.closes_on)}. "
            "Takk for at du tar deg tid!"
        )
    return "Takk for at du tar deg tid!"


def scale_option_labels(scale: Scale, labels: Mapping[int, str] | None = None) -> list[str]:
    """The answer options of a scale question, lowest first, "vet ikke" last.

    When every value has a label, the labels alone (as respondents read them); else
    the number, with the label where there is one ("0 – Svært dårlig", "1", …).
    """
    labels = scale.labels if labels is None else labels
    values = list(scale.values)
    if all(v in labels for v in values):
        options = [labels[v] for v in values]
    else:
        options = [f"{v} – {labels[v]}" if v in labels else str(v) for v in values]
    return [*options, scale.dont_know_label]


def option_lines(question: Question, data: QuestionnaireData) -> tuple[str, list[str]]:
    """(how to answer, options) of one question, as the text and Word exports list it."""
    kind = question.kind
    if kind is ItemKind.BACKGROUND:
        if question.item.options:
            return "Ett valg", [o.label for o in question.item.options]
        return "Kort tekst", []
    if kind is ItemKind.OPEN:
        return "Fritekst, valgfritt", []
    labels = data.importance_labels if kind is ItemKind.IMPORTANCE else None
    if kind is ItemKind.IMPORTANCE and not labels:
        labels = importance_scale_labels(data.scale, {})
    return (
        f"Ett valg, skala {data.scale.min}–{data.scale.max}",
        scale_option_labels(data.scale, labels),
    )


def _title(data: QuestionnaireData) -> str:
    return f"{data.survey_name} – spørreskjema for {_FORM_GROUP[data.group]}"


# ------------------------------------------------------------------ text


def questionnaire_text(data: QuestionnaireData) -> str:
    """Plain text: one block per question (number, text, answer type, one option per
    line), blank lines between blocks, so each part pastes into a web form tool."""
    lines: list[str] = [_title(data), kommune_display(data.info)]
    if data.info.is_example:
        lines.append(EXAMPLE_MARK)
    lines += [
        "",
        "Slik er teksten bygd opp: én blokk per spørsmål. Første linje er spørsmålet, "
        "linjen i hakeparentes sier hvordan det besvares, og hvert svaralternativ står "
        "på sin egen linje, klare til å limes inn i Nettskjema, Questback eller "
        "Microsoft Forms.",
        "",
        "Innledning til respondentene:",
        intro_text(data),
        anonymity_text(),
        answer_instructions(data.scale, paper=False),
        "",
    ]
    for section in questionnaire_sections(data):
        lines += [f"=== {section.title} ===", ""]
        for q in section.questions:
            how, options = option_lines(q, data)
            lines.append(f"{q.number}. {q.text}")
            lines.append(f"[{how}]")
            lines += options
            lines.append("")
    lines.append(closing_text(data))
    return "\n".join(lines) + "\n"


def write_questionnaire_text(data: QuestionnaireData, out: Path) -> None:
    """UTF-8 with a BOM (so Notepad and Word on Windows read æøå right), CRLF-free."""
    write_atomic(questionnaire_text(data).encode("utf-8-sig"), Path(out))


# ------------------------------------------------------------------ Word


def questionnaire_docx_bytes(data: QuestionnaireData) -> bytes:
    """A Word file: title, introduction, a heading per section, numbered questions in
    bold, the answer type in italics and the options as a bullet list."""
    from docx import Document
    from docx.shared import Pt, RGBColor

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    props = doc.core_properties
    props.title = _title(data)
    props.author = "NVK Desktop"
    props.language = "nb-NO"

    doc.add_heading(_title(data), level=0)
    doc.add_paragraph(kommune_display(data.info))
    if data.info.is_example:
        run = doc.add_paragraph().add_run(EXAMPLE_MARK)
        run.bold = True
        run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
    doc.add_paragraph(intro_text(data))
    doc.add_paragraph(anonymity_text())
    doc.add_paragraph(answer_instructions(data.scale, paper=False))

    for section in questionnaire_sections(data):
        doc.add_heading(section.title, level=1)
        for q in section.questions:
            how, options = option_lines(q, data)
            p = doc.add_paragraph()
            p.paragraph_format.keep_with_next = True
            p.paragraph_format.space_before = Pt(8)
            p.add_run(f"{q.number}. {q.text}").bold = True
            note = doc.add_paragraph()
            note.paragraph_format.keep_with_next = bool(options)
            note.paragraph_format.space_after = Pt(2)
            note_run = note.add_run(how)
            note_run.italic = True
            note_run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
            for i, option in enumerate(options):
                item = doc.add_paragraph(option, style="List Bullet")
                item.paragraph_format.space_after = Pt(0)
                item.paragraph_format.keep_with_next = i < len(options) - 1
    doc.add_paragraph(closing_text(data)).paragraph_format.space_before = Pt(12)

    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def write_questionnaire_docx(data: QuestionnaireData, out: Path) -> None:
    write_atomic(questionnaire_docx_bytes(data), Path(out))
