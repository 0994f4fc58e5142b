"""The printable paper form of a survey for one respondent group (A4, black and white).

For meetings without internet: the form is printed, filled in by hand and typed in
later with the keyboard entry, so every page carries the survey, the group, "Side X
av Y" and a box for the respondent number, and the questions carry the same numbers
as in the text and Word exports (layout from ``questionnaire_export``). The scale
columns show the value's number above its label: the number is what is typed in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from nvk_desktop import APP_NAME, __version__
from nvk_desktop.documents.base import (
    EXAMPLE_MARK,
    FONT,
    FONT_BOLD,
    DocumentError,
    _fit,
    _NumberedCanvas,
    escape_text,
    get_styles,
    write_atomic,
)
from nvk_desktop.documents.questionnaire_export import (
    Question,
    QuestionnaireData,
    Section,
    anonymity_text,
    answer_instructions,
    closing_text,
    importance_scale_labels,
    intro_text,
    kommune_display,
    questionnaire_sections,
)
from nvk_desktop.domain.survey import Scale

__all__ = ["build_questionnaire_pdf", "questionnaire_pdf_bytes"]

BLACK = colors.black
GREY_TEXT = colors.HexColor("#404040")
SHADE = colors.HexColor("#EDEDED")
LINE = colors.HexColor("#808080")

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 16 * mm
MARGIN_TOP = 27 * mm
MARGIN_BOTTOM = 18 * mm
WIDTH = PAGE_WIDTH - 2 * MARGIN_X
BOX = 4.4 * mm
_HEAD_SIZE = 6.8
RESPONDENT_LABEL = "Respondentnr."


class TickBox(Flowable):
    """An empty square to put a cross in."""

    def __init__(self, size: float = BOX) -> None:
        super().__init__()
        self.size = size
        self.width = self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        self.canv.setStrokeColor(BLACK)
        self.canv.setLineWidth(0.8)
        self.canv.rect(0, 0, self.size, self.size, stroke=1, fill=0)


class WritingLines(Flowable):
    """Ruled lines to write an open answer on."""

    def __init__(self, lines: int, spacing: float = 8 * mm) -> None:
        super().__init__()
        self.lines = lines
        self.spacing = spacing

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = self.lines * self.spacing
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setStrokeColor(LINE)
        self.canv.setLineWidth(0.5)
        for i in range(self.lines):
            y = self.height - (i + 1) * self.spacing
            self.canv.line(0, y, self.width, y)


class _Styles:
    def __init__(self) -> None:
        base = get_styles()
        body = base.body
        self.title = ParagraphStyle(
            "q-title", parent=body, fontName=FONT_BOLD, fontSize=18, leading=23, spaceAfter=3
        )
        self.subtitle = ParagraphStyle(
            "q-subtitle", parent=body, fontSize=12, leading=16, spaceAfter=8
        )
        self.body = ParagraphStyle("q-body", parent=body, fontSize=9.5, leading=13, spaceAfter=4)
        self.section = ParagraphStyle(
            "q-section",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=13,
            leading=17,
            spaceBefore=10,
            spaceAfter=5,
            keepWithNext=0,  # a CondPageBreak keeps it off the foot of a page instead
        )
        self.question = ParagraphStyle(
            "q-question",
            parent=body,
            fontSize=9.5,
            leading=12.5,
            spaceAfter=3,
            leftIndent=6 * mm,
            firstLineIndent=-6 * mm,
        )
        self.cell = ParagraphStyle(
            "q-cell", parent=body, fontSize=8.8, leading=11.2, spaceAfter=0,
            leftIndent=6 * mm, firstLineIndent=-6 * mm,
        )  # fmt: skip
        self.head = ParagraphStyle(
            "q-head", parent=body, fontSize=_HEAD_SIZE, leading=8.2, spaceAfter=0, alignment=1
        )
        self.key = ParagraphStyle("q-key", parent=self.head, fontSize=7.5, leading=9, alignment=0)
        self.option = ParagraphStyle("q-option", parent=body, fontSize=9, leading=11, spaceAfter=0)


def _number(q: Question) -> str:
    return f"<b>{q.number}.</b>&nbsp;"


def _question_paragraph(q: Question, style: ParagraphStyle) -> Paragraph:
    return Paragraph(_number(q) + escape_text(q.text), style)


def _header_cell(value: int | None, label: str, st: _Styles) -> Paragraph:
    number = f"<b>{value}</b><br/>" if value is not None else ""
    return Paragraph(number + escape_text(label), st.head)


def _fits(label: str, width: float) -> bool:
    """Whether every word of a column head fits its column (no word broken apart)."""
    return all(stringWidth(w, FONT, _HEAD_SIZE) <= width for w in label.split())


def _scale_grid(
    questions: Sequence[Question],
    scale: Scale,
    labels: Mapping[int, str],
    st: _Styles,
) -> Table:
    """The questions as rows, a box per scale value and one for "vet ikke".

    The column heads carry the number (what is typed in later) and the label; when a
    label cannot fit a narrow column (0–10), the heads hold only the numbers and the
    labels stand in the head of the question column as a key ("0 = Svært dårlig").
    """
    values = list(scale.values)
    dk_w = 15.5 * mm
    value_w = min(15.5 * mm, (WIDTH - 78 * mm - dk_w) / len(values))
    cols = len(values) + 1
    widths = [value_w] * len(values) + [dk_w]
    text_w = WIDTH - sum(widths)
    inner = value_w - 4
    as_key = not all(_fits(labels.get(v, ""), inner) for v in values)
    key = ", ".join(f"{v} = {labels[v]}" for v in values if v in labels) if as_key else ""
    head: list[Any] = [Paragraph(escape_text(key), st.key)]
    head += [_header_cell(v, "" if as_key else labels.get(v, ""), st) for v in values]
    head.append(_header_cell(scale.dont_know_code, scale.dont_know_label, st))
    rows: list[list[Any]] = [head]
    for q in questions:
        rows.append([_question_paragraph(q, st.cell)] + [TickBox() for _ in range(cols)])
    table = Table(
        rows,
        colWidths=[text_w, *widths],
        repeatRows=1,
        hAlign="LEFT",
    )
    last = len(rows) - 1
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 8),
                ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 0), (-1, -1), "CENTER"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, SHADE]),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, BLACK),
                ("LINEBELOW", (0, last), (-1, last), 0.8, BLACK),
                ("LINEBEFORE", (-1, 0), (-1, -1), 0.6, LINE),  # "vet ikke" stands apart
                ("TOPPADDING", (0, 0), (-1, -1), 3.2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.6),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (0, -1), 3),
            ]
        )
    )
    return table


def _options(q: Question, st: _Styles) -> Flowable:
    """A background question: its options with a box each, in up to three columns."""
    options = [o.label for o in q.item.options]
    if not options:
        return KeepTogether([_question_paragraph(q, st.question), WritingLines(1)])
    longest = max(len(o) for o in options)
    per_row = 1 if longest > 42 else 2 if longest > 24 else 3
    per_row = min(per_row, len(options))
    col_w = (WIDTH - 6 * mm) / per_row
    cells: list[list[Any]] = []
    row: list[Any] = []
    for label in options:
        row += [TickBox(), Paragraph(escape_text(label), st.option)]
        if len(row) == 2 * per_row:
            cells.append(row)
            row = []
    if row:
        row += ["", ""] * (per_row - len(row) // 2)
        cells.append(row)
    box_w = BOX + 3 * mm
    table = Table(
        cells,
        colWidths=[box_w, col_w - box_w] * per_row,
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    indent = Table([["", table]], colWidths=[6 * mm, WIDTH - 6 * mm], hAlign="LEFT")
    indent.setStyle(
        TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
    )
    return KeepTogether([_question_paragraph(q, st.question), indent, Spacer(1, 3 * mm)])


def _section_flowables(section: Section, data: QuestionnaireData, st: _Styles) -> list[Flowable]:
    out: list[Flowable] = [
        CondPageBreak(55 * mm),
        Paragraph(escape_text(section.title), st.section),
    ]
    for q in section.background:
        out.append(_options(q, st))
    if section.scale:
        out += [_scale_grid(section.scale, data.scale, data.scale.labels, st), Spacer(1, 4 * mm)]
    if section.importance:
        labels = data.importance_labels or importance_scale_labels(data.scale, {})
        out += [_scale_grid(section.importance, data.scale, labels, st), Spacer(1, 4 * mm)]
    for q in section.open:
        out.append(
            KeepTogether([_question_paragraph(q, st.question), WritingLines(4), Spacer(1, 4 * mm)])
        )
    return out


class _FormTemplate(BaseDocTemplate):
    def __init__(self, target: Any, data: QuestionnaireData) -> None:
        title = f"{data.survey_name} – {data.group.label}"
        super().__init__(
            target,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=title,
            author=APP_NAME,
            subject=f"Spørreskjema for {data.group.label.lower()}, {kommune_display(data.info)}",
            creator=f"{APP_NAME} {__version__}",
            lang="nb-NO",
            initialFontName=FONT,
            initialFontSize=10,
        )
        self.data = data
        frame = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            WIDTH,
            PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="form",
        )
        self.addPageTemplates([PageTemplate("form", [frame], onPage=self._draw_page)])

    def _draw_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        data = self.data
        canv.saveState()
        # The respondent number box, top right: written in when the form is typed in.
        box_w, box_h = 30 * mm, 8.5 * mm
        box_x = PAGE_WIDTH - MARGIN_X - box_w
        box_y = PAGE_HEIGHT - 12 * mm - box_h
        canv.setStrokeColor(BLACK)
        canv.setLineWidth(1)
        canv.rect(box_x, box_y, box_w, box_h, stroke=1, fill=0)
        canv.setFillColor(GREY_TEXT)
        canv.setFont(FONT, 7)
        canv.drawRightString(box_x - 2 * mm, box_y + box_h - 3.2 * mm, RESPONDENT_LABEL)
        canv.setFont(FONT, 6)
        canv.drawRightString(box_x - 2 * mm, box_y + 1.2 * mm, "(fylles ut av kommunen)")
        # Who the form is for, so pages of different groups are never mixed up.
        text_w = box_x - MARGIN_X - 32 * mm
        canv.setFillColor(BLACK)
        canv.setFont(FONT_BOLD, 9)
        canv.drawString(
            MARGIN_X,
            PAGE_HEIGHT - 15 * mm,
            _fit(f"Spørreskjema – {data.group.label}", FONT_BOLD, 9, text_w),
        )
        canv.setFont(FONT, 8)
        canv.drawString(
            MARGIN_X,
            PAGE_HEIGHT - 19.5 * mm,
            _fit(f"{data.survey_name} · {kommune_display(data.info)}", FONT, 8, text_w),
        )
        canv.setStrokeColor(LINE)
        canv.setLineWidth(0.5)
        rule_y = PAGE_HEIGHT - 22.5 * mm
        canv.line(MARGIN_X, rule_y, PAGE_WIDTH - MARGIN_X, rule_y)
        bottom = 10 * mm
        canv.line(MARGIN_X, bottom + 4 * mm, PAGE_WIDTH - MARGIN_X, bottom + 4 * mm)
        canv.setFont(FONT, 7.5)
        canv.setFillColor(GREY_TEXT)
        canv.drawString(MARGIN_X, bottom, "Næringsvennlig kommune")
        if data.info.is_example:
            canv.setFillColor(BLACK)
            canv.setFont(FONT_BOLD, 8)
            canv.drawCentredString(PAGE_WIDTH / 2, bottom, EXAMPLE_MARK)
        canv.restoreState()
        if isinstance(canv, _NumberedCanvas):
            canv.nvk_page_number = _draw_page_number


def _draw_page_number(canv: Canvas, page: int, total: int) -> None:
    canv.saveState()
    canv.setFont(FONT_BOLD, 8.5)
    canv.setFillColor(BLACK)
    canv.drawRightString(PAGE_WIDTH - MARGIN_X, 10 * mm, f"Side {page} av {total}")
    canv.restoreState()


def _intro_box(data: QuestionnaireData, st: _Styles) -> Table:
    parts = [
        Paragraph(escape_text(intro_text(data)), st.body),
        Paragraph("<b>Anonymt.</b> " + escape_text(anonymity_text()), st.body),
        Paragraph(
            "<b>Slik svarer du.</b> " + escape_text(answer_instructions(data.scale, paper=True)),
            st.body,
        ),
    ]
    if data.info.is_example:
        parts.append(
            Paragraph(
                f"<b>{escape_text(EXAMPLE_MARK)}.</b> Skjemaet er laget fra et "
                "eksempelprosjekt og brukes bare til opplæring og testing.",
                st.body,
            )
        )
    box = Table([[parts]], colWidths=[WIDTH])
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, BLACK),
                ("LEFTPADDING", (0, 0), (-1, -1), 7),
                ("RIGHTPADDING", (0, 0), (-1, -1), 7),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return box


def _flowables(data: QuestionnaireData) -> list[Flowable]:
    st = _Styles()
    story: list[Flowable] = [
        Paragraph(escape_text(data.survey_name), st.title),
        Paragraph(
            escape_text(
                f"Spørreskjema for {data.group.label.lower()} · {kommune_display(data.info)}"
            ),
            st.subtitle,
        ),
        _intro_box(data, st),
        Spacer(1, 2 * mm),
    ]
    sections = questionnaire_sections(data)
    if not sections:
        story.append(
            Paragraph("Spørreundersøkelsen har ingen spørsmål til denne gruppen ennå.", st.body)
        )
    for section in sections:
        story += _section_flowables(section, data, st)
    story += [Spacer(1, 4 * mm), Paragraph(f"<b>{escape_text(closing_text(data))}</b>", st.body)]
    return story


def questionnaire_pdf_bytes(data: QuestionnaireData) -> bytes:
    import io

    buf = io.BytesIO()
    doc = _FormTemplate(buf, data)
    try:
        doc.build(_flowables(data), canvasmaker=_NumberedCanvas)
    except LayoutError as exc:
        raise DocumentError(
            "Spørreskjemaet kunne ikke settes opp: et spørsmål er for langt til å få "
            "plass på én side. Forkort teksten og prøv igjen."
        ) from exc
    return buf.getvalue()


def build_questionnaire_pdf(data: QuestionnaireData, out: Path) -> None:
    """Write the paper form to ``out`` atomically; DocumentError (Norwegian) on failure."""
    write_atomic(questionnaire_pdf_bytes(data), Path(out))
