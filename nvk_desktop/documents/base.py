"""Shared building blocks of the PDF phase documents (ReportLab).

A document is a :class:`Story`: add headings, text, tables and charts in reading
order, then :meth:`Story.build` lays it out (cover, table of contents, header and
footer on every page) and writes the PDF atomically.

Every PDF embeds DejaVu Sans: the built-in Helvetica is not embedded and has no
Sámi letters (Gáivuotna, Unjárga), so it is never used.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import secrets
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any, TypeAlias
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.tableofcontents import TableOfContents

from nvk_desktop import APP_NAME, __version__
from nvk_desktop.domain.enums import Phase
from nvk_desktop.domain.models import ProjectInfo
from nvk_desktop.errors import KnownError
from nvk_desktop.fileio import fsync_dir
from nvk_desktop.resources import resource_path

# Binary streams as they are: ReportLab's default ASCII85-encodes every image in pure
# Python, which was half the time of a survey report with 30 charts (and 25 % larger).
rl_config.useA85 = 0

__all__ = [
    "EXAMPLE_MARK",
    "NOT_WRITTEN",
    "Cell",
    "DocumentError",
    "Markup",
    "Story",
    "Styles",
    "escape_text",
    "find_font_dir",
    "format_date_long",
    "format_date_short",
    "get_styles",
    "muted",
    "register_fonts",
    "warning",
    "write_atomic",
]

EXAMPLE_MARK = "Eksempelprosjekt – fiktive data"
NOT_WRITTEN = "Ikke utfylt ennå."

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
FONT_BOLD_ITALIC = "DejaVuSans-BoldOblique"
_FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
    FONT_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}

_WARNING_HEX = "#B00020"
_MUTED_HEX = "#6B6B6B"
INK = colors.HexColor("#1A1A1A")
ACCENT = colors.HexColor("#1F4E79")
MUTED = colors.HexColor(_MUTED_HEX)
RULE = colors.HexColor("#C3CEDA")
ZEBRA = colors.HexColor("#EEF3F8")
KEY_BG = colors.HexColor("#E4ECF4")
WARNING = colors.HexColor(_WARNING_HEX)

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 22 * mm
MARGIN_TOP = 25 * mm
MARGIN_BOTTOM = 22 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

_MONTHS = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)


class DocumentError(KnownError):
    """A document could not be made for a reason the user can act on.

    ``message`` (also ``str(exc)``) is Norwegian and meant for the UI as is; being a
    KnownError, the GUI's runner and the command line show it as a message, not as a
    bug report.
    """

    def __init__(self, message: str, advice: str = "") -> None:
        super().__init__(message, advice)


# --------------------------------------------------------------------- dates


def format_date_long(d: date) -> str:
    """``29. november 2026``, independent of the OS locale."""
    return f"{d.day}. {_MONTHS[d.month - 1]} {d.year}"


def format_date_short(d: date) -> str:
    """``29.11.2026``."""
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


# --------------------------------------------------------------------- fonts

_font_lock = threading.Lock()
_fonts_registered = False


def _font_dir_candidates() -> list[Path]:
    dirs = [resource_path("fonts")]
    # find_spec locates matplotlib without importing it (it is heavy).
    spec = find_spec("matplotlib")
    if spec is not None and spec.submodule_search_locations:
        dirs += [Path(p) / "mpl-data" / "fonts" / "ttf" for p in spec.submodule_search_locations]
    dirs.append(Path("/usr/share/fonts/truetype/dejavu"))
    return dirs


def find_font_dir() -> Path:
    """The first folder holding all four DejaVu Sans TTFs (resources, matplotlib, system)."""
    candidates = _font_dir_candidates()
    for folder in candidates:
        if all((folder / name).is_file() for name in _FONT_FILES.values()):
            return folder
    tried = ", ".join(str(p) for p in candidates)
    raise DocumentError(
        "Fant ikke skrifttypen DejaVu Sans, som PDF-dokumentene trenger. "
        f"Programmet ser etter den i disse mappene: {tried}. "
        "Installer programmet på nytt, eller legg DejaVuSans*.ttf i mappen resources/fonts."
    )


def register_fonts() -> None:
    """Register DejaVu Sans (regular, bold, oblique, bold-oblique) as one family, once."""
    global _fonts_registered
    with _font_lock:
        if _fonts_registered:
            return
        folder = find_font_dir()
        try:
            for name, filename in _FONT_FILES.items():
                pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
        except Exception as exc:  # TTFError or OSError: a damaged or unreadable file
            raise DocumentError(
                f"Skrifttypen DejaVu Sans i {folder} kunne ikke leses. "
                "Installer programmet på nytt."
            ) from exc
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
        )
        _fonts_registered = True


# -------------------------------------------------------------------- styles


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    bullet: ParagraphStyle
    empty: ParagraphStyle
    caption: ParagraphStyle
    table_header: ParagraphStyle
    table_cell: ParagraphStyle
    toc: tuple[ParagraphStyle, ...]


@lru_cache(maxsize=1)
def get_styles() -> Styles:
    """The paragraph styles of all documents (registers the fonts first)."""
    register_fonts()
    body = ParagraphStyle(
        "nvk-body", fontName=FONT, fontSize=10, leading=14, textColor=INK, spaceAfter=6
    )
    heading = ParagraphStyle(
        "nvk-heading", parent=body, fontName=FONT_BOLD, textColor=ACCENT, keepWithNext=1
    )
    cell = ParagraphStyle("nvk-td", parent=body, fontSize=8, leading=10.5, spaceAfter=0)
    toc0 = ParagraphStyle(
        "nvk-toc0", parent=body, fontName=FONT_BOLD, spaceBefore=5, spaceAfter=0, leading=15
    )
    return Styles(
        title=ParagraphStyle("nvk-title", parent=heading, fontSize=26, leading=32, spaceAfter=10),
        subtitle=ParagraphStyle(
            "nvk-subtitle", parent=body, fontSize=15, leading=20, textColor=INK, spaceAfter=4
        ),
        h1=ParagraphStyle(
            "nvk-h1", parent=heading, fontSize=16, leading=20, spaceBefore=16, spaceAfter=8
        ),
        h2=ParagraphStyle(
            "nvk-h2", parent=heading, fontSize=12.5, leading=16, spaceBefore=12, spaceAfter=5
        ),
        h3=ParagraphStyle(
            "nvk-h3",
            parent=heading,
            fontSize=10.5,
            leading=14,
            textColor=INK,
            spaceBefore=9,
            spaceAfter=4,
        ),
        body=body,
        small=ParagraphStyle("nvk-small", parent=body, fontSize=8.5, leading=11.5),
        bullet=ParagraphStyle(
            "nvk-bullet",
            parent=body,
            leftIndent=6 * mm,
            bulletIndent=1.5 * mm,
            bulletFontName=FONT,
            spaceAfter=2,
        ),
        empty=ParagraphStyle("nvk-empty", parent=body, fontName=FONT_ITALIC, textColor=MUTED),
        caption=ParagraphStyle(
            "nvk-caption",
            parent=body,
            fontName=FONT_ITALIC,
            fontSize=8.5,
            leading=11,
            textColor=MUTED,
            spaceBefore=2,
            spaceAfter=10,
        ),
        table_header=ParagraphStyle(
            "nvk-th", parent=cell, fontName=FONT_BOLD, textColor=colors.white
        ),
        table_cell=cell,
        toc=(
            toc0,
            ParagraphStyle("nvk-toc1", parent=body, leftIndent=7 * mm, spaceAfter=0, fontSize=9.5),
            ParagraphStyle(
                "nvk-toc2",
                parent=body,
                leftIndent=14 * mm,
                spaceAfter=0,
                fontSize=9,
                textColor=MUTED,
            ),
        ),
    )


# -------------------------------------------------------------------- markup

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Markup(str):
    """Text that already is ReportLab paragraph markup: inserted as is.

    Build it from constants and :func:`escape_text`-ed values only, never from raw
    user text.
    """


Cell: TypeAlias = str | Flowable | None
"""A table cell: plain text (escaped, wrapped), :class:`Markup`, a flowable, or empty."""


def escape_text(text: str) -> str:
    """Plain text → safe paragraph markup: escapes &, <, >; newlines become line breaks."""
    if isinstance(text, Markup):
        return str(text)
    text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates
    text = _CONTROL_CHARS.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return escape(text.replace("\t", " ")).replace("\n", "<br/>")


def warning(text: str) -> Markup:
    """Bold red text, e.g. an overdue date."""
    return Markup(f'<font color="{_WARNING_HEX}"><b>{escape_text(text)}</b></font>')


def muted(text: str) -> Markup:
    """Grey italic text, e.g. "Ikke besluttet"."""
    return Markup(f'<font color="{_MUTED_HEX}"><i>{escape_text(text)}</i></font>')


def _user_text_blocks(text: str | None) -> list[tuple[str, str]]:
    """Split what the user wrote into ("p" | "bullet", plain text) blocks.

    Blank lines separate paragraphs; lines starting with "- " or "• " are bullets
    (an indented line right after a bullet continues it); other line breaks stay.
    """
    if not text:
        return []
    blocks: list[tuple[str, str]] = []
    current: list[str] = []
    kind = "p"

    def flush() -> None:
        nonlocal current
        joined = "\n".join(current).strip()
        if joined:
            blocks.append((kind, joined))
        current = []

    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        stripped = line.lstrip()
        if not stripped:
            flush()
            kind = "p"
            continue
        if stripped.startswith(("- ", "• ")) or stripped in ("-", "•"):
            flush()
            kind = "bullet"
            current = [stripped[1:].strip()]
            continue
        if kind == "bullet" and line[:1].isspace():
            current.append(stripped)
            continue
        if kind == "bullet":
            flush()
            kind = "p"
        current.append(stripped)
    flush()
    return blocks


# -------------------------------------------------------------------- layout


_TOC_MAX_CHARS = 120


class _Heading(Paragraph):
    """A heading that is a link target for the table of contents and the outline.

    ``toc_entry`` is (level, markup, plain text, bookmark key). It is an attribute,
    not an __init__ argument: Paragraph.split() re-creates the class with its own.
    """

    toc_entry: tuple[int, str, str, str] | None = None

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(avail_width, avail_height)
        if parts:
            parts[0].toc_entry = self.toc_entry  # a very long heading: the first part
        return parts

    def draw(self) -> None:
        if self.toc_entry is not None:
            self.canv.bookmarkHorizontal(self.toc_entry[3], 0, self.height + 4)
        super().draw()


def _heading(markup: str, style: ParagraphStyle, level: int, plain: str, key: str) -> _Heading:
    heading = _Heading(markup, style)
    heading.toc_entry = (level, markup, plain, key)
    return heading


class _NumberedCanvas(Canvas):
    """Keeps pages until save() so that each footer can say "Side X av Y"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._page_states: list[dict[str, Any]] = []
        self.nvk_page_number: Callable[[Canvas, int, int], None] | None = None

    def showPage(self) -> None:
        self._page_states.append(dict(self.__dict__))
        self.nvk_page_number = None
        self._startPage()

    def save(self) -> None:
        total = len(self._page_states)
        for state in self._page_states:
            self.__dict__.update(state)
            if self.nvk_page_number is not None:
                self.nvk_page_number(self, self._pageNumber, total)
            Canvas.showPage(self)
        Canvas.save(self)


class _DocTemplate(BaseDocTemplate):
    def __init__(self, target: io.BytesIO, story: Story) -> None:
        super().__init__(
            target,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=story.title,
            author=APP_NAME,
            subject=story.subject,
            creator=f"{APP_NAME} {__version__}",
            lang="nb-NO",
            initialFontName=FONT,  # else the canvas preamble pulls in Helvetica
            initialFontSize=10,
        )
        frame = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            FRAME_WIDTH,
            FRAME_HEIGHT,
            leftPadding=0,  # content lines up with the header and footer rules
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="main",
        )
        self.addPageTemplates(
            [
                PageTemplate("cover", [frame], onPage=story._draw_cover_page),
                PageTemplate("body", [frame], onPage=story._draw_body_page),
            ]
        )

    def afterFlowable(self, flowable: Flowable) -> None:
        entry = getattr(flowable, "toc_entry", None)
        if entry is None:
            return
        level, markup, plain, key = entry
        self.canv.addOutlineEntry(plain, key, level=level, closed=level > 0)
        if level >= 0 and key != "innhold":
            self.notify("TOCEntry", (level, markup, self.page, key))


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Cut ``text`` with an ellipsis so that it fits ``width``."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


class Story:
    """One PDF document: content added in reading order, then :meth:`build`.

    The cover (title, project, municipality, phase, date, example marking) and the
    table of contents are made by :meth:`build`; numbered headings fill the latter.
    A story is built once.
    """

    def __init__(
        self,
        title: str,
        info: ProjectInfo,
        generated_on: date,
        *,
        phase: Phase | None = None,
        subject: str = "",
        toc: bool = True,
    ) -> None:
        self.title = title
        self.info = info
        self.generated_on = generated_on
        self.phase = phase if phase is not None else info.current_phase
        self.subject = subject or f"{title} for {info.name}, {info.kommune.navn} kommune"
        self.styles = get_styles()
        self.width = FRAME_WIDTH
        self._toc = toc
        self._body: list[Flowable] = []
        self._numbers = [0, 0, 0]
        self._level = -1

    # ------------------------------------------------------------ content

    def add(self, *flowables: Flowable) -> None:
        """Append ReportLab flowables as they are (for what the helpers don't cover)."""
        self._body.extend(flowables)

    def heading(self, text: str, level: int = 1, *, numbered: bool = True) -> str:
        """A heading of level 1–3, numbered ("2.1 Styringsgruppe") and in the contents.

        Returns the number ("2.1"), or "" when not numbered.
        """
        level = max(1, min(level, 3, self._level + 2))  # the outline can't skip a level
        self._level = level - 1
        number = ""
        if numbered:
            self._numbers[level - 1] += 1
            for i in range(level, 3):
                self._numbers[i] = 0
            number = ".".join(str(n) for n in self._numbers[:level])
        plain = f"{number} {text}" if number else text
        key = f"h{len(self._body)}"
        style = (self.styles.h1, self.styles.h2, self.styles.h3)[level - 1]
        heading = _heading(escape_text(plain), style, level - 1, plain, key)
        if len(plain) > _TOC_MAX_CHARS:  # a TOC row can't split across pages
            short = plain[: _TOC_MAX_CHARS - 1].rstrip() + "…"
            heading.toc_entry = (level - 1, escape_text(short), short, key)
        self._body.append(heading)
        return number

    def paragraph(self, text: str, style: ParagraphStyle | None = None) -> None:
        """One paragraph of plain text (escaped) or :class:`Markup`."""
        self._body.append(Paragraph(escape_text(text), style or self.styles.body))

    def text(self, text: str | None, *, empty: str = NOT_WRITTEN) -> None:
        """What the user wrote: paragraphs and "- " bullets; ``empty`` if blank."""
        blocks = _user_text_blocks(text)
        if not blocks:
            self.empty(empty)
            return
        pending: list[str] = []
        for kind, content in blocks:
            if kind == "bullet":
                pending.append(content)
                continue
            if pending:
                self.bullets(pending)
                pending = []
            self.paragraph(content)
        if pending:
            self.bullets(pending)

    def bullets(self, items: Sequence[str]) -> None:
        """A bullet list; each item plain text or :class:`Markup`."""
        for item in items:
            self._body.append(Paragraph(escape_text(item), self.styles.bullet, bulletText="•"))
        self._body.append(Spacer(1, 4))

    def empty(self, text: str = NOT_WRITTEN) -> None:
        """A grey italic placeholder for something not written or registered yet."""
        self._body.append(Paragraph(escape_text(text), self.styles.empty))

    def spacer(self, height: float = 4 * mm) -> None:
        self._body.append(Spacer(1, height))

    def page_break(self) -> None:
        self._body.append(PageBreak())

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[Cell]],
        *,
        widths: Sequence[float] | None = None,
        empty: str = "",
    ) -> None:
        """A table with a header row repeated on each page, zebra rows, wrapped cells.

        ``widths`` are relative column weights (default equal). With no rows, shows
        ``empty`` as a placeholder if given, otherwise just the header.
        """
        if not rows and empty:
            self.empty(empty)
            return
        n = len(header)
        weights = list(widths) if widths else [1.0] * n
        total = sum(weights)
        col_widths = [self.width * w / total for w in weights]
        head = [Paragraph(escape_text(h), self.styles.table_header) for h in header]
        data = [head] + [[self._cell(c) for c in row] for row in rows]
        # splitInRow: a row taller than a page (a long note) splits instead of failing.
        table = Table(data, colWidths=col_widths, repeatRows=1, splitInRow=36, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), FONT, 8),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA]),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                    ("TOPPADDING", (0, 0), (-1, -1), 3.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        self._body.extend([table, Spacer(1, 4 * mm)])

    def key_values(self, pairs: Sequence[tuple[str, Cell]], *, key_width: float = 0.3) -> None:
        """A two-column table of labels and values (no header)."""
        self._body.extend([self._key_value_table(pairs, key_width), Spacer(1, 4 * mm)])

    def chart(self, png: bytes, *, width: float | None = None, caption: str = "") -> None:
        """A raster chart (e.g. matplotlib PNG bytes) at ``width`` points, aspect kept."""
        iw, ih = ImageReader(io.BytesIO(png)).getSize()
        w = min(width or self.width, self.width)
        h = w * ih / iw
        max_h = FRAME_HEIGHT * 0.8
        if h > max_h:
            w, h = w * max_h / h, max_h
        parts: list[Flowable] = [Image(io.BytesIO(png), width=w, height=h, hAlign="LEFT")]
        if caption:
            parts.append(Paragraph(escape_text(caption), self.styles.caption))
        else:
            parts.append(Spacer(1, 4 * mm))
        self._body.append(KeepTogether(parts))

    # ------------------------------------------------------------- output

    def to_bytes(self) -> bytes:
        """Lay the document out in memory and return the PDF."""
        buf = io.BytesIO()
        doc = _DocTemplate(buf, self)
        try:
            doc.multiBuild(self._flowables(), canvasmaker=_NumberedCanvas)
        except LayoutError as exc:
            raise DocumentError(
                f"«{self.title}» kunne ikke settes opp: et element (for eksempel en "
                "tabellrad med svært mye tekst) får ikke plass på én side. Forkort "
                "teksten og prøv igjen."
            ) from exc
        return buf.getvalue()

    def build(self, out: Path) -> None:
        """Lay out and write the PDF to ``out`` atomically (see :func:`write_atomic`)."""
        write_atomic(self.to_bytes(), Path(out))

    # ----------------------------------------------------------- internals

    def _cell(self, value: Cell) -> Flowable:
        if value is None:
            return Paragraph("", self.styles.table_cell)
        if isinstance(value, str):
            return Paragraph(escape_text(value), self.styles.table_cell)
        return value

    def _key_value_table(self, pairs: Sequence[tuple[str, Cell]], key_width: float) -> Table:
        key_style = ParagraphStyle(
            "nvk-kv-key", parent=self.styles.table_cell, fontName=FONT_BOLD, fontSize=9, leading=12
        )
        value_style = ParagraphStyle(
            "nvk-kv-val", parent=self.styles.table_cell, fontSize=9, leading=12
        )
        data = [
            [
                Paragraph(escape_text(k), key_style),
                v if isinstance(v, Flowable) else Paragraph(escape_text(v or ""), value_style),
            ]
            for k, v in pairs
        ]
        table = Table(
            data, colWidths=[self.width * key_width, self.width * (1 - key_width)], hAlign="LEFT"
        )
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), FONT, 9),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (0, -1), KEY_BG),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                    ("LINEABOVE", (0, 0), (-1, 0), 0.4, RULE),
                    ("TOPPADDING", (0, 0), (-1, -1), 4),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
                    ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ]
            )
        )
        return table

    def _flowables(self) -> list[Flowable]:
        s = self.styles
        kommune = self.info.kommune
        cover: list[Flowable] = [
            Spacer(1, 38 * mm),
            Paragraph(escape_text(self.title), s.title),
            Paragraph(escape_text(self.info.name), s.subtitle),
            Spacer(1, 10 * mm),
            self._key_value_table(
                [
                    ("Kommune", f"{kommune.navn} (kommunenummer {kommune.nummer})"),
                    ("Fylke", kommune.fylkesnavn),
                    ("Fase", self.phase.label),
                    ("Dato", format_date_long(self.generated_on)),
                ],
                0.25,
            ),
        ]
        if self.info.is_example:
            cover += [Spacer(1, 12 * mm), self._example_box()]
        flowables = [*cover, NextPageTemplate("body"), PageBreak()]
        if self._toc:
            toc = TableOfContents(
                levelStyles=list(s.toc),
                dotsMinLevel=0,
                tableStyle=TableStyle(
                    [
                        ("FONT", (0, 0), (-1, -1), FONT, 10),  # not the Helvetica default
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ]
                ),
            )
            flowables += [
                _heading("Innhold", s.h1, 0, "Innhold", "innhold"),
                toc,
                PageBreak(),
            ]
        return flowables + self._body

    def _example_box(self) -> Table:
        title = ParagraphStyle(
            "nvk-example",
            parent=self.styles.body,
            fontName=FONT_BOLD,
            fontSize=13,
            leading=17,
            textColor=WARNING,
            spaceAfter=3,
        )
        text = ParagraphStyle("nvk-example-text", parent=self.styles.small, spaceAfter=0)
        box = Table(
            [
                [
                    [
                        Paragraph(escape_text(EXAMPLE_MARK), title),
                        Paragraph(
                            "Dokumentet er laget fra et eksempelprosjekt. Kommunen er ekte, "
                            "men personer, svar, tall og tekster er oppdiktet og sier ingenting "
                            "om kommunen.",
                            text,
                        ),
                    ]
                ]
            ],
            colWidths=[self.width],
        )
        box.setStyle(
            TableStyle(
                [
                    ("BOX", (0, 0), (-1, -1), 1.5, WARNING),
                    ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#FDF1F2")),
                    ("LEFTPADDING", (0, 0), (-1, -1), 8),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                    ("TOPPADDING", (0, 0), (-1, -1), 7),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ]
            )
        )
        return box

    def _draw_cover_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        band = 32 * mm
        canv.setFillColor(ACCENT)
        canv.rect(0, PAGE_HEIGHT - band, PAGE_WIDTH, band, stroke=0, fill=1)
        canv.setFillColor(colors.white)
        canv.setFont(FONT_BOLD, 13)
        canv.drawString(MARGIN_X, PAGE_HEIGHT - 17 * mm, "Næringsvennlig kommune")
        canv.setFont(FONT, 9.5)
        canv.drawString(
            MARGIN_X,
            PAGE_HEIGHT - 23 * mm,
            _fit(f"{self.info.kommune.navn} · {self.phase.label}", FONT, 9.5, FRAME_WIDTH),
        )
        canv.setFillColor(MUTED)
        canv.setFont(FONT, 8)
        canv.drawString(MARGIN_X, 12 * mm, f"Laget med {APP_NAME} {__version__}")
        if self.info.is_example:
            canv.setFillColor(WARNING)
            canv.setFont(FONT_BOLD, 8)
            canv.drawRightString(PAGE_WIDTH - MARGIN_X, 12 * mm, EXAMPLE_MARK)
        canv.restoreState()

    def _draw_body_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        top = PAGE_HEIGHT - 14 * mm
        canv.setFont(FONT, 8)
        canv.setFillColor(MUTED)
        canv.drawString(
            MARGIN_X, top, _fit(f"{self.title} · {self.info.name}", FONT, 8, FRAME_WIDTH)
        )
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, top - 2.5 * mm, PAGE_WIDTH - MARGIN_X, top - 2.5 * mm)
        bottom = 12 * mm
        canv.line(MARGIN_X, bottom + 4 * mm, PAGE_WIDTH - MARGIN_X, bottom + 4 * mm)
        canv.drawString(MARGIN_X, bottom, f"Generert {format_date_long(self.generated_on)}")
        if self.info.is_example:
            canv.setFillColor(WARNING)
            canv.setFont(FONT_BOLD, 8)
            canv.drawCentredString(PAGE_WIDTH / 2, bottom, EXAMPLE_MARK)
        canv.restoreState()
        if isinstance(canv, _NumberedCanvas):
            canv.nvk_page_number = _draw_page_number


def _draw_page_number(canv: Canvas, page: int, total: int) -> None:
    canv.saveState()
    canv.setFont(FONT, 8)
    canv.setFillColor(MUTED)
    canv.drawRightString(PAGE_WIDTH - MARGIN_X, 12 * mm, f"Side {page} av {total}")
    canv.restoreState()


# ------------------------------------------------------------------- writing


def _write_error(exc: OSError, out: Path) -> DocumentError:
    folder = out.parent
    if isinstance(exc, FileNotFoundError):
        return DocumentError(f"Mappen «{folder}» finnes ikke. Velg en annen mappe.")
    if isinstance(exc, IsADirectoryError):
        return DocumentError(f"«{out}» er en mappe. Velg et filnavn for dokumentet.")
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
        return DocumentError(
            f"Har ikke tilgang til å lagre «{out.name}» i mappen «{folder}». Filen kan være "
            "åpen i et annet program (for eksempel en PDF-leser), eller mappen kan være "
            "skrivebeskyttet. Lukk filen eller velg en annen mappe, og prøv igjen."
        )
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return DocumentError(
            f"Det er ikke nok ledig plass på disken til å lagre «{out.name}». "
            "Frigjør plass eller velg en annen mappe."
        )
    if exc.errno == errno.EROFS:
        return DocumentError(
            f"Mappen «{folder}» er skrivebeskyttet. Velg en annen mappe for dokumentet."
        )
    reason = exc.strerror or str(exc)
    return DocumentError(f"Kunne ikke lagre «{out.name}» i mappen «{folder}»: {reason}.")


def write_atomic(data: bytes, out: Path) -> None:
    """Write ``data`` to ``out`` so that ``out`` is either the old file or the whole new one.

    Writes a temporary file in the same folder, fsyncs it and renames it over
    ``out``; on any failure the temporary file is removed. OS errors become a
    :class:`DocumentError` with a Norwegian message.
    """
    out = Path(out)
    folder = out.parent
    if not folder.is_dir():
        raise DocumentError(f"Mappen «{folder}» finnes ikke. Velg en annen mappe.")
    if out.is_dir():
        raise DocumentError(f"«{out}» er en mappe. Velg et filnavn for dokumentet.")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _attempt in range(5):
        tmp = folder / f".{out.name}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(tmp, flags, 0o666)  # 0o666 & ~umask, like any new file
            break
        except FileExistsError:
            continue
        except OSError as exc:
            raise _write_error(exc, out) from exc
    else:
        raise DocumentError(f"Kunne ikke lage en midlertidig fil i mappen «{folder}».")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, out)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise _write_error(exc, out) from exc
        raise
    fsync_dir(folder)
