"""The projector window of a workshop (issue 5, point 6): a second top-level window
that shows the room the current step, in large type and high contrast.

Views (chosen by the facilitator):
  a  Oppgave     the agenda step's prompt ("Hva kan bli bedre? – Byggesaker") and a
                 big countdown
  b  Innspill    the cards arriving live, one column per group, newest on top
  c  Punkter     the improvement points with their card counts
  d  Stemmer     the vote totals as horizontal bars, only after "Vis resultat"
  e  Matrise     the gevinst/innsats 2×2 matrix

Dark text on white throughout: a projector cannot show black, so light text on a
"black" background turns grey in a lit meeting room, while dark on white stays
sharp. The colours are Okabe–Ito (safe with every common colour-vision deficiency),
and nothing is told by colour alone: the quadrants, the end of the timer and a hidden
result are all written out.

The projector shows nothing private: it reads only cards (text, area, group), the
improvement points' titles and scores and the anonymous vote totals
(``Tally.points``); never participants, individual votes, notes or evidence links.

Every view is painted by hand (no widgets per card), and only the part that fits is
laid out, so a new card among 2,000 is on the screen within a frame or two; the cards
view keeps the cards it has and repaints only the columns that changed.

The facilitator steers it from ``ProjectorControl`` (embedded in the Verksted page, or
in the floating panel ``open_projector`` shows) or, when the projector has focus, with
keys: Left/Right step, 1–5 view, B blank, Space start/pause, F11 full screen, Esc back
to the facilitator's window.
"""

from __future__ import annotations

import math
import time
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QPointF,
    QRect,
    QRectF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QRegion,
    QResizeEvent,
    QScreen,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedLayout,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.domain.workshop import (
    AgendaStep,
    Card,
    ImprovementPoint,
    Quadrant,
    Tally,
    WorkshopGroup,
    quadrant,
)
from nvk_desktop.errors import KnownError
from nvk_desktop.services import workshop_points as point_service
from nvk_desktop.services import workshops as workshop_service
from ui.context import ProjectContext
from ui.widgets.workshop_timer import TimerControls, TimerDisplay, WorkshopTimer


def _tr(text: str) -> str:
    return QCoreApplication.translate("ui.projector", text)


# -- look ------------------------------------------------------------------------------
BG = QColor("#FFFFFF")
INK = QColor("#111111")
MUTED = QColor("#454545")  # 9.7:1 on white
CARD_BG = QColor("#F1F1F1")
CARD_EDGE = QColor("#8C8C8C")
ACCENT = QColor("#0072B2")  # Okabe–Ito blue
NEW_MARK = QColor("#E69F00")  # Okabe–Ito orange: the newest cards' edge
TAG_BG = QColor("#DCEAF4")
BLANK_BG = QColor("#000000")
QUADRANT_BG = {
    Quadrant.RASKE_GEVINSTER: QColor("#D6EBF7"),  # blue tint
    Quadrant.STRATEGISKE_TILTAK: QColor("#FBE9C6"),  # orange tint
    Quadrant.SMATILTAK: QColor("#ECECEC"),  # grey
    Quadrant.UNNGA: QColor("#F6D9C9"),  # vermilion tint
}
QUADRANT_NAMES = {
    Quadrant.RASKE_GEVINSTER: "Raske gevinster",
    Quadrant.STRATEGISKE_TILTAK: "Strategiske tiltak",
    Quadrant.SMATILTAK: "Småtiltak",
    Quadrant.UNNGA: "Unngå",
}
NEW_CARD_SECONDS = 8.0  # a card is marked as new this long
FONT_FAMILY = "DejaVu Sans"


class ProjectorView(Enum):
    PROMPT = ("prompt", "a", "Oppgave")
    CARDS = ("cards", "b", "Innspill")
    CLUSTERS = ("clusters", "c", "Punkter")
    VOTES = ("votes", "d", "Stemmer")
    MATRIX = ("matrix", "e", "Matrise")

    def __init__(self, key: str, letter: str, label: str) -> None:
        self.key = key
        self.letter = letter
        self.label = label


def area_label(area: str | None) -> str:
    """The area's Norwegian name ("Generelt" for none)."""
    return workshop_service.area_name(area or None)


def step_prompt(step: AgendaStep | None) -> str:
    """ "Hva kan bli bedre? – Byggesaker": the prompt with the step's area."""
    if step is None:
        return ""
    prompt = (step.prompt or step.title).strip()
    if step.area:
        name = area_label(step.area)
        if name.lower() not in prompt.lower():
            prompt = f"{prompt} – {name}"
    return prompt


# -- painting helpers -----------------------------------------------------------------
def _font(px: float, *, bold: bool = False) -> QFont:
    f = QFont(FONT_FAMILY)
    f.setPixelSize(max(9, round(px)))
    f.setBold(bold)
    return f


_WRAP = Qt.TextFlag.TextWordWrap


class _Painted(QWidget):
    """A painted projector view. Every text it paints is recorded in ``painted`` (what
    is on the screen, for the privacy tests) and ``paints`` counts the paints."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.painted: list[str] = []
        self.paints = 0
        self.last_paint_ms = 0.0
        self.clip = QRegion()  # the part being painted now
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def scale(self) -> float:
        """1.0 at 1920×1080; everything is sized from this."""
        w = self.window()
        return max(0.35, min(w.width() / 1920.0, w.height() / 1080.0))

    def px(self, at_1080: float) -> float:
        return at_1080 * self.scale()

    def text(self, p: QPainter, rect: QRectF, flags: int | Qt.AlignmentFlag, s: str) -> QRectF:
        self.painted.append(s)
        return p.drawText(rect, int(flags), s)

    def elided(self, p: QPainter, rect: QRectF, s: str, lines: int, flags: int = 0) -> float:
        """Draw ``s`` wrapped in at most ``lines`` lines, the last elided; returns the
        height used."""
        fm = QFontMetricsF(p.font())
        parts = _wrap_lines(fm, s, rect.width(), lines)
        y = rect.top()
        for line in parts:
            self.text(
                p,
                QRectF(rect.left(), y, rect.width(), fm.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | flags,
                line,
            )
            y += fm.lineSpacing()
        return y - rect.top()

    def paintEvent(self, event: QPaintEvent) -> None:
        t0 = time.perf_counter()
        self.painted = []
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        p.fillRect(event.rect(), BG)
        self.clip = event.region()
        self.draw(p, QRectF(self.rect()))
        p.end()
        self.paints += 1
        self.last_paint_ms = (time.perf_counter() - t0) * 1000.0

    def draw(self, p: QPainter, rect: QRectF) -> None:
        raise NotImplementedError


def _wrap_lines(fm: QFontMetricsF, s: str, width: float, max_lines: int) -> list[str]:
    """Greedy word wrap into at most ``max_lines`` lines; the last one elided."""
    words = s.split()
    lines: list[str] = []
    current = ""
    i = 0
    while i < len(words):
        word = words[i]
        trial = f"{current} {word}" if current else word
        if fm.horizontalAdvance(trial) <= width:
            current = trial
            i += 1
            continue
        if not current:  # one word wider than the line
            current = word
            i += 1
        lines.append(current)
        current = ""
        if len(lines) == max_lines:
            break
    if current and len(lines) < max_lines:
        lines.append(current)
        current = ""
    if i < len(words) or current:
        rest = " ".join([lines[-1], *words[i:]]) if lines else " ".join(words[i:])
        lines[-1] = fm.elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return [fm.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines]


def _count_lines(fm: QFontMetricsF, s: str, width: float, max_lines: int) -> int:
    return max(1, len(_wrap_lines(fm, s, width, max_lines)))


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


# -- (a) the prompt and the timer ------------------------------------------------------
class PromptView(_Painted):
    def __init__(self, timer: WorkshopTimer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step: AgendaStep | None = None
        self.step_label = ""
        self.timer_display = TimerDisplay(timer, self, foreground=INK, background=BG)
        self.timer_display.setAccessibleName(_tr("Nedtelling"))
        timer.changed.connect(self._place)

    def set_step(self, step: AgendaStep | None, label: str) -> None:
        self.step = step
        self.step_label = label
        self._place()
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._place()
        super().resizeEvent(event)

    def _timer_rect(self) -> QRect:
        h = self.height()
        top = round(h * 0.56)
        margin = round(self.width() * 0.08)
        return QRect(margin, top, self.width() - 2 * margin, h - top - round(h * 0.05))

    def _place(self) -> None:
        shown = self.timer_display.timer.has_duration or self.timer_display.timer.expired
        self.timer_display.setVisible(shown)
        self.timer_display.setGeometry(self._timer_rect())

    def draw(self, p: QPainter, rect: QRectF) -> None:
        margin = rect.width() * 0.06
        inner = rect.adjusted(margin, self.px(40), -margin, 0)
        if self.step is None:
            p.setFont(_font(self.px(64), bold=True))
            p.setPen(INK)
            self.text(
                p,
                rect,
                Qt.AlignmentFlag.AlignCenter | _WRAP,
                _tr("Verkstedet har ingen agenda ennå"),
            )
            return
        p.setFont(_font(self.px(40)))
        p.setPen(MUTED)
        fm = QFontMetricsF(p.font())
        self.text(
            p,
            QRectF(inner.left(), inner.top(), inner.width(), fm.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            fm.elidedText(self.step_label, Qt.TextElideMode.ElideRight, inner.width()),
        )
        prompt_top = inner.top() + fm.lineSpacing() * 1.6
        has_timer = self.timer_display.isVisible()
        bottom = self._timer_rect().top() if has_timer else rect.bottom() - self.px(60)
        box = QRectF(inner.left(), prompt_top, inner.width(), bottom - prompt_top)
        prompt = step_prompt(self.step)
        # The largest size (≤ 96 px at 1080) at which the prompt fits its box.
        px = self.px(96)
        while px > self.px(40):
            p.setFont(_font(px, bold=True))
            fm = QFontMetricsF(p.font())
            if _count_lines(fm, prompt, box.width(), 99) * fm.lineSpacing() <= box.height():
                break
            px *= 0.92
        p.setFont(_font(px, bold=True))
        p.setPen(INK)
        fm = QFontMetricsF(p.font())
        max_lines = max(1, int(box.height() // fm.lineSpacing()))
        lines = _wrap_lines(fm, prompt, box.width(), max_lines)
        y = box.top() + (box.height() - len(lines) * fm.lineSpacing()) / 2
        for line in lines:
            self.text(
                p,
                QRectF(box.left(), y, box.width(), fm.height()),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                line,
            )
            y += fm.lineSpacing()
        if has_timer:
            self.painted.append(self.timer_display.timer.text())


# -- (b) the cards, live -----------------------------------------------------------------
@dataclass
class _Column:
    key: int | None  # group id; None = cards without a group
    name: str
    cards: list[Card]  # newest first


class CardsView(_Painted):
    """One column per group, newest card on top, the area as a small tag. Only the
    cards that fit are laid out; heights are cached per card and width."""

    MAX_PER_ROW = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns: list[_Column] = []
        self._ids: set[int] = set()
        self._revisions: dict[int, int] = {}
        self._arrived: dict[int, float] = {}
        self._heights: dict[tuple[int, int, int, int], float] = {}
        self._painted_by_column: dict[int | None, set[int]] = {}
        self._cards: list[Card] = []
        self._groups: list[WorkshopGroup] = []
        self._fade = QTimer(self)
        self._fade.setSingleShot(True)
        self._fade.timeout.connect(self._expire_new)

    @property
    def painted_ids(self) -> set[int]:
        """The cards on the screen after the last paint of each column."""
        return set().union(*self._painted_by_column.values()) if self._painted_by_column else set()

    def set_groups(self, groups: Sequence[WorkshopGroup]) -> None:
        """New or renamed groups: the same cards in the new columns."""
        if [(g.id, g.name) for g in groups] != [(g.id, g.name) for g in self._groups]:
            self.set_data(groups, self._cards)

    def total(self) -> int:
        return sum(len(c.cards) for c in self.columns)

    def set_data(self, groups: Sequence[WorkshopGroup], cards: Sequence[Card]) -> None:
        """Take the workshop's cards; only the columns that changed are repainted,
        and cards not seen before are marked new for a few seconds."""
        first = not self._ids and not self.columns
        self._cards = list(cards)
        self._groups = list(groups)
        now = time.monotonic()
        shown = [c for c in cards if not c.is_duplicate]
        by_group: dict[int | None, list[Card]] = {g.id: [] for g in groups}
        for c in shown:
            by_group.setdefault(c.group_id if c.group_id in by_group else None, []).append(c)
        columns = [_Column(g.id, g.name, by_group[g.id]) for g in groups]
        if by_group.get(None):
            columns.append(_Column(None, _tr("Uten gruppe"), by_group[None]))
        for col in columns:
            col.cards.sort(key=lambda c: c.id, reverse=True)  # arrival order
        ids = {c.id for c in shown}
        new_ids = ids - self._ids
        changed = {c.id for c in shown if self._revisions.get(c.id, c.revision) != c.revision}
        if not first:
            for i in new_ids:
                self._arrived[i] = now
        self._arrived = {i: t for i, t in self._arrived.items() if i in ids}
        layout_changed = [(c.key, c.name) for c in columns] != [
            (c.key, c.name) for c in self.columns
        ]
        old = {c.key: c for c in self.columns}
        self.columns = columns
        self._ids = ids
        self._revisions = {c.id: c.revision for c in shown}
        if layout_changed or first:
            self.update()
        else:
            dirty = new_ids | changed | (set(old_ids(old)) - ids)
            for index, col in enumerate(columns):
                prev = old.get(col.key)
                if (
                    prev is None
                    or any(c.id in dirty for c in col.cards)
                    or any(c.id in dirty for c in prev.cards)
                ):
                    self.update(self._column_rect(index).toAlignedRect())
            self.update(self._count_rect().toAlignedRect())
        if self._arrived:
            self._fade.start(int(NEW_CARD_SECONDS * 1000))

    def _expire_new(self) -> None:
        now = time.monotonic()
        self._arrived = {i: t for i, t in self._arrived.items() if now - t < NEW_CARD_SECONDS}
        self.update()
        if self._arrived:
            self._fade.start(500)

    # -- geometry ---------------------------------------------------------------------
    def _header_rect(self) -> QRectF:
        return QRectF(0, 0, self.width(), self.px(78))

    def _count_rect(self) -> QRectF:
        """Where the total is written (top right)."""
        h = self._header_rect()
        return QRectF(h.right() - self.px(420), h.top(), self.px(420), h.height())

    def _grid(self) -> tuple[int, int]:
        n = max(1, len(self.columns))
        per_row = min(n, self.MAX_PER_ROW)
        return per_row, math.ceil(n / per_row)

    def _column_rect(self, index: int) -> QRectF:
        per_row, rows = self._grid()
        margin = self.px(28)
        gap = self.px(18)
        top = self._header_rect().bottom()
        w = (self.width() - 2 * margin - gap * (per_row - 1)) / per_row
        h = (self.height() - top - margin - gap * (rows - 1)) / rows
        r, c = divmod(index, per_row)
        return QRectF(margin + c * (w + gap), top + r * (h + gap), w, h)

    def draw(self, p: QPainter, rect: QRectF) -> None:
        header = self._header_rect()
        keys = {c.key for c in self.columns}
        self._painted_by_column = {k: v for k, v in self._painted_by_column.items() if k in keys}
        margin = self.px(28)
        p.setFont(_font(self.px(44), bold=True))
        p.setPen(INK)
        self.text(
            p,
            header.adjusted(margin, 0, -margin, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            _tr("Innspill"),
        )
        p.setFont(_font(self.px(34)))
        p.setPen(MUTED)
        self.text(
            p,
            header.adjusted(margin, 0, -margin, 0),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            _plural(self.total(), _tr("innspill"), _tr("innspill")),
        )
        if not self.columns:
            p.setFont(_font(self.px(52), bold=True))
            p.setPen(INK)
            self.text(
                p,
                rect.adjusted(margin, header.height(), -margin, 0),
                Qt.AlignmentFlag.AlignCenter | _WRAP,
                _tr("Ingen grupper ennå"),
            )
            return
        per_row, rows = self._grid()
        dense = rows > 1 or per_row > 4
        for index, col in enumerate(self.columns):
            r = self._column_rect(index)
            if not self.clip.intersects(r.toAlignedRect()):
                continue  # only the columns that changed are painted again
            self._painted_by_column[col.key] = set()
            self._draw_column(p, r, col, dense)

    def _draw_column(self, p: QPainter, r: QRectF, col: _Column, dense: bool) -> None:
        p.fillRect(r, BG)
        head_px = self.px(32 if dense else 36)
        pad = self.px(12)
        count = f"{len(col.cards)}"
        # The group's name shrinks (to 70 %) before it is cut short.
        fm = QFontMetricsF(_font(head_px, bold=True))
        head_h = fm.height() + self.px(14)
        name_px = head_px
        while name_px > head_px * 0.7:
            nfm = QFontMetricsF(_font(name_px, bold=True))
            room = r.width() - 3 * pad - nfm.horizontalAdvance(count)
            if nfm.horizontalAdvance(col.name) <= room:
                break
            name_px *= 0.94
        p.setFont(_font(name_px, bold=True))
        fm = QFontMetricsF(p.font())
        p.fillRect(QRectF(r.left(), r.top(), r.width(), head_h), ACCENT)
        p.setPen(QColor("#FFFFFF"))
        cw = QFontMetricsF(p.font()).horizontalAdvance(count)
        self.text(
            p,
            QRectF(r.left() + pad, r.top(), r.width() - 3 * pad - cw, head_h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(col.name, Qt.TextElideMode.ElideRight, r.width() - 3 * pad - cw),
        )
        self.text(
            p,
            QRectF(r.right() - pad - cw, r.top(), cw, head_h),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            count,
        )
        y = r.top() + head_h + self.px(12)
        text_px = self.px(26 if dense else 30)
        tag_px = self.px(20 if dense else 22)
        text_font = _font(text_px)
        tag_font = _font(tag_px, bold=True)
        tfm = QFontMetricsF(text_font)
        gfm = QFontMetricsF(tag_font)
        inner_w = r.width() - 2 * pad - self.px(8)
        max_lines = 3 if dense else 4
        gap = self.px(10)
        more_h = gfm.height() + gap
        for i, card in enumerate(col.cards):
            key = (card.id, card.revision, round(inner_w), round(text_px))
            lines = self._heights.get(key)
            if lines is None:
                lines = float(_count_lines(tfm, card.text, inner_w, max_lines))
                self._heights[key] = lines
            h = pad + gfm.height() + self.px(6) + lines * tfm.lineSpacing() + pad
            remaining = len(col.cards) - i
            bottom_needed = h + (more_h if remaining > 1 else 0)
            if y + bottom_needed > r.bottom():
                p.setFont(tag_font)
                p.setPen(MUTED)
                self.text(
                    p,
                    QRectF(r.left(), y, r.width(), gfm.height()),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                    _tr("+ %1 til").replace("%1", str(remaining)),
                )
                break
            card_rect = QRectF(r.left(), y, r.width(), h)
            self._draw_card(p, card_rect, card, text_font, tag_font, max_lines, pad)
            self._painted_by_column[col.key].add(card.id)
            y += h + gap

    def _draw_card(
        self,
        p: QPainter,
        rect: QRectF,
        card: Card,
        text_font: QFont,
        tag_font: QFont,
        max_lines: int,
        pad: float,
    ) -> None:
        new = card.id in self._arrived
        p.setPen(QPen(CARD_EDGE, max(1.0, self.px(2))))
        p.setBrush(CARD_BG)
        radius = self.px(8)
        p.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
        if new:
            bar = QPainterPath()
            bar.addRoundedRect(
                QRectF(rect.left(), rect.top(), self.px(12), rect.height()), radius, radius
            )
            p.fillPath(bar, NEW_MARK)
        left = rect.left() + pad + self.px(8)
        width = rect.width() - 2 * pad - self.px(8)
        # The area tag (and the card's kind, said in words, not colour).
        p.setFont(tag_font)
        gfm = QFontMetricsF(tag_font)
        tag = area_label(card.area)
        if card.weight > 1:
            tag += f"  ×{card.weight}"
        tw = min(gfm.horizontalAdvance(tag) + self.px(16), width)
        tag_rect = QRectF(left, rect.top() + pad, tw, gfm.height())
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(TAG_BG)
        p.drawRoundedRect(tag_rect, self.px(5), self.px(5))
        p.setPen(INK)
        self.text(
            p,
            tag_rect.adjusted(self.px(8), 0, -self.px(8), 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            gfm.elidedText(tag, Qt.TextElideMode.ElideRight, tw - self.px(16)),
        )
        kind = card.kind.label
        kw = gfm.horizontalAdvance(kind)
        if tw + kw + self.px(20) <= width:
            p.setPen(MUTED)
            self.text(
                p,
                QRectF(left + width - kw, rect.top() + pad, kw, gfm.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                kind,
            )
        p.setFont(text_font)
        p.setPen(INK)
        self.elided(
            p,
            QRectF(left, tag_rect.bottom() + self.px(6), width, rect.height()),
            card.text,
            max_lines,
        )


def old_ids(columns: dict[int | None, _Column]) -> list[int]:
    return [c.id for col in columns.values() for c in col.cards]


# -- (c) the clusters ---------------------------------------------------------------------
class ClustersView(_Painted):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[ImprovementPoint] = []

    def set_points(self, points: Sequence[ImprovementPoint]) -> None:
        self.points = list(points)
        self.update()

    def draw(self, p: QPainter, rect: QRectF) -> None:
        margin = self.px(36)
        p.setFont(_font(self.px(44), bold=True))
        p.setPen(INK)
        head = QRectF(margin, 0, rect.width() - 2 * margin, self.px(78))
        self.text(
            p,
            head,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            _tr("Forbedringspunkter"),
        )
        p.setFont(_font(self.px(34)))
        p.setPen(MUTED)
        self.text(
            p,
            head,
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            _plural(len(self.points), _tr("punkt"), _tr("punkter")),
        )
        if not self.points:
            p.setFont(_font(self.px(52), bold=True))
            p.setPen(INK)
            self.text(
                p,
                rect.adjusted(margin, head.height(), -margin, -margin),
                Qt.AlignmentFlag.AlignCenter | _WRAP,
                _tr("Innspillene er ikke samlet i forbedringspunkter ennå"),
            )
            return
        n = len(self.points)
        area = rect.adjusted(margin, head.bottom() + self.px(8), -margin, -margin)
        # As many columns as keep the tiles at least ~420 px (at 1080) wide.
        cols = max(1, min(4, int(area.width() // self.px(420)), n))
        max_rows = max(1, int(area.height() // self.px(150)))
        rows = min(math.ceil(n / cols), max_rows)
        shown = min(n, cols * rows)
        overflow = n - shown
        if overflow:
            shown -= 1  # the last tile says how many more
        gap = self.px(18)
        tw = (area.width() - gap * (cols - 1)) / cols
        th = (area.height() - gap * (rows - 1)) / rows
        title_px = self.px(34 if rows <= 3 else 30)
        for i in range(shown + (1 if overflow else 0)):
            r, c = divmod(i, cols)
            tile = QRectF(area.left() + c * (tw + gap), area.top() + r * (th + gap), tw, th)
            if i == shown and overflow:
                p.setFont(_font(self.px(34), bold=True))
                p.setPen(MUTED)
                self.text(
                    p,
                    tile,
                    Qt.AlignmentFlag.AlignCenter,
                    _tr("+ %1 punkter til").replace("%1", str(overflow + 1)),
                )
                break
            self._tile(p, tile, self.points[i], i + 1, title_px)

    def _tile(
        self, p: QPainter, r: QRectF, point: ImprovementPoint, number: int, title_px: float
    ) -> None:
        p.setPen(QPen(CARD_EDGE, max(1.0, self.px(2))))
        p.setBrush(CARD_BG)
        p.drawRoundedRect(r.adjusted(0.5, 0.5, -0.5, -0.5), self.px(10), self.px(10))
        pad = self.px(16)
        count = len(point.card_ids)
        p.setFont(_font(self.px(56), bold=True))
        cfm = QFontMetricsF(p.font())
        num = str(count)
        nw = max(cfm.horizontalAdvance(num), self.px(60))
        p.setPen(ACCENT)
        num_rect = QRectF(r.right() - pad - nw, r.top() + pad * 0.5, nw, cfm.height())
        self.text(p, num_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, num)
        p.setFont(_font(self.px(20)))
        p.setPen(MUTED)
        sub = QRectF(
            r.right() - pad - self.px(140),
            num_rect.bottom() - self.px(6),
            self.px(140),
            self.px(26),
        )
        self.text(p, sub, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, _tr("innspill"))
        title_w = r.width() - 3 * pad - nw
        # A long word (byggesaksbehandling) shrinks the title rather than being cut.
        longest = max(point.title.split(), key=len, default="")
        px = title_px
        while px > title_px * 0.72:
            if QFontMetricsF(_font(px, bold=True)).horizontalAdvance(longest) <= title_w:
                break
            px *= 0.94
        p.setFont(_font(px, bold=True))
        p.setPen(INK)
        tfm = QFontMetricsF(p.font())
        tag_h = QFontMetricsF(_font(self.px(22), bold=True)).height()
        lines = max(1, int((r.height() - 2 * pad - tag_h - self.px(8)) // tfm.lineSpacing()))
        self.elided(
            p,
            QRectF(r.left() + pad, r.top() + pad, title_w, r.height()),
            f"{number}. {point.title}",
            min(lines, 5),
        )
        tag_font = _font(self.px(22), bold=True)
        p.setFont(tag_font)
        gfm = QFontMetricsF(tag_font)
        tag = area_label(point.area)
        tw = min(gfm.horizontalAdvance(tag) + self.px(16), r.width() - 2 * pad)
        tag_rect = QRectF(r.left() + pad, r.bottom() - pad - gfm.height(), tw, gfm.height())
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(TAG_BG)
        p.drawRoundedRect(tag_rect, self.px(5), self.px(5))
        p.setPen(INK)
        self.text(
            p,
            tag_rect.adjusted(self.px(8), 0, -self.px(8), 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            gfm.elidedText(tag, Qt.TextElideMode.ElideRight, tw - self.px(16)),
        )


# -- (d) the revealed votes ----------------------------------------------------------------
class VotesView(_Painted):
    """Totals only, as horizontal bars; a message while the result is hidden."""

    MAX_BARS = 12

    def __init__(self, parent: QWidget | None = None, *, projector: bool = True) -> None:
        super().__init__(parent)
        self.tally: Tally | None = None
        self.projector = projector

    def set_tally(self, tally: Tally | None) -> None:
        self.tally = tally
        self.update()

    def scale(self) -> float:
        if self.projector:
            return super().scale()
        return max(0.45, min(self.width() / 1400.0, self.height() / 800.0, 0.8))

    def draw(self, p: QPainter, rect: QRectF) -> None:
        margin = self.px(36)
        head = QRectF(margin, 0, rect.width() - 2 * margin, self.px(78))
        p.setFont(_font(self.px(44), bold=True))
        p.setPen(INK)
        self.text(
            p,
            head,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            _tr("Prioritering med prikker"),
        )
        t = self.tally
        if t is None:
            return
        p.setFont(_font(self.px(30)))
        p.setPen(MUTED)
        self.text(
            p,
            head,
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            _tr("%1 av %2 har stemt")
            .replace("%1", str(t.voted))
            .replace("%2", str(t.participants)),
        )
        body = rect.adjusted(margin, head.bottom() + self.px(10), -margin, -margin)
        if not t.revealed or not t.points:
            p.setFont(_font(self.px(60), bold=True))
            p.setPen(INK)
            message = (
                _tr("Stemmene vises når fasilitator viser resultatet")
                if not t.revealed
                else _tr("Ingen forbedringspunkter å stemme på")
            )
            self.text(
                p,
                body.adjusted(body.width() * 0.08, 0, -body.width() * 0.08, 0),
                Qt.AlignmentFlag.AlignCenter | _WRAP,
                message,
            )
            return
        bars = sorted(t.points, key=lambda v: (-v.dots, v.title))
        overflow = max(0, len(bars) - self.MAX_BARS)
        bars = bars[: self.MAX_BARS]
        n = len(bars) + (1 if overflow else 0)
        row_h = min(body.height() / max(n, 1), self.px(110))
        label_px = min(self.px(32), row_h * 0.42)
        label_font = _font(label_px)
        value_font = _font(label_px * 1.1, bold=True)
        lfm = QFontMetricsF(label_font)
        vfm = QFontMetricsF(value_font)
        label_w = body.width() * 0.42
        value_w = vfm.horizontalAdvance("000 prikker") + self.px(12)
        bar_left = body.left() + label_w + self.px(16)
        bar_max = body.right() - value_w - bar_left
        top_dots = max((b.dots for b in bars), default=0) or 1
        y = body.top()
        two_lines = row_h >= 2.3 * lfm.lineSpacing()
        for b in bars:
            p.setFont(label_font)
            p.setPen(INK)
            lines = 2 if two_lines else 1
            text_h = lines * lfm.lineSpacing()
            ly = y + (row_h - text_h) / 2
            parts = _wrap_lines(lfm, b.title, label_w, lines)
            ly += (lines - len(parts)) * lfm.lineSpacing() / 2
            for line in parts:
                self.text(
                    p,
                    QRectF(body.left(), ly, label_w, lfm.height()),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                    line,
                )
                ly += lfm.lineSpacing()
            bw = bar_max * b.dots / top_dots
            bh = row_h * 0.62
            bar = QRectF(bar_left, y + (row_h - bh) / 2, max(bw, self.px(3)), bh)
            p.fillRect(bar, ACCENT)
            p.setFont(value_font)
            p.setPen(INK)
            value = _plural(b.dots, _tr("prikk"), _tr("prikker"))
            self.text(
                p,
                QRectF(bar.right() + self.px(12), y, value_w, row_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                value,
            )
            y += row_h
        if overflow:
            p.setFont(label_font)
            p.setPen(MUTED)
            self.text(
                p,
                QRectF(body.left(), y, body.width(), row_h),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
                _tr("+ %1 punkter med færre prikker").replace("%1", str(overflow)),
            )


# -- (e) the gevinst/innsats matrix -----------------------------------------------------
class MatrixView(_Painted):
    """Innsats (effort) left → right, gevinst (gain) bottom → top; the points as
    numbered discs with a numbered list beside the matrix. Used on the projector and,
    at the app's own scale, in the voting view."""

    def __init__(self, parent: QWidget | None = None, *, projector: bool = True) -> None:
        super().__init__(parent)
        self.points: list[ImprovementPoint] = []
        self.projector = projector

    def set_points(self, points: Sequence[ImprovementPoint]) -> None:
        self.points = list(points)
        self.update()

    def scale(self) -> float:
        if self.projector:
            return super().scale()
        return max(0.45, min(self.width() / 1400.0, self.height() / 800.0, 0.8))

    def placed(self) -> list[tuple[int, ImprovementPoint]]:
        return [
            (i + 1, pt)
            for i, pt in enumerate(self.points)
            if quadrant(pt.gain, pt.effort) is not None
        ]

    def draw(self, p: QPainter, rect: QRectF) -> None:
        margin = self.px(36)
        head = QRectF(margin, 0, rect.width() - 2 * margin, self.px(78))
        p.setFont(_font(self.px(44), bold=True))
        p.setPen(INK)
        self.text(
            p,
            head,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            _tr("Gevinst og innsats"),
        )
        placed = self.placed()
        unscored = len(self.points) - len(placed)
        if unscored:
            p.setFont(_font(self.px(28)))
            p.setPen(MUTED)
            self.text(
                p,
                head,
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                _tr("Ikke vurdert ennå: %1").replace("%1", str(unscored)),
            )
        body = rect.adjusted(margin, head.bottom() + self.px(6), -margin, -margin)
        legend_w = body.width() * (0.36 if self.projector else 0.42) if placed else 0.0
        axis = self.px(54)
        side = min(body.width() - legend_w - axis - self.px(24), body.height() - axis)
        grid = QRectF(body.left() + axis, body.top(), side, side)
        self._draw_grid(p, grid, axis)
        if not placed:
            p.setFont(_font(self.px(36), bold=True))
            p.setPen(INK)
            msg = (
                _tr("Ingen forbedringspunkter ennå")
                if not self.points
                else _tr("Gi punktene gevinst og innsats (1–5) for å plassere dem")
            )
            box = QRectF(
                grid.left() + grid.width() * 0.1,
                grid.center().y() - self.px(90),
                grid.width() * 0.8,
                self.px(180),
            )
            p.fillRect(box, BG)
            self.text(p, box, Qt.AlignmentFlag.AlignCenter | _WRAP, msg)
            return
        self._draw_points(p, grid, placed)
        legend = QRectF(
            grid.right() + self.px(28),
            body.top(),
            body.right() - grid.right() - self.px(28),
            body.height(),
        )
        self._draw_legend(p, legend, placed)

    def _draw_grid(self, p: QPainter, grid: QRectF, axis: float) -> None:
        half = grid.width() / 2
        # Scores 1–2 are low, 3–5 high: the split sits between 2 and 3 (2 of 5 cells).
        split = grid.width() * 2 / 5
        cells = {
            Quadrant.RASKE_GEVINSTER: QRectF(grid.left(), grid.top(), split, grid.height() - split),
            Quadrant.STRATEGISKE_TILTAK: QRectF(
                grid.left() + split, grid.top(), grid.width() - split, grid.height() - split
            ),
            Quadrant.SMATILTAK: QRectF(grid.left(), grid.bottom() - split, split, split),
            Quadrant.UNNGA: QRectF(
                grid.left() + split, grid.bottom() - split, grid.width() - split, split
            ),
        }
        del half
        # The quadrant names shrink to fit the narrow (low-score) cells.
        name_px = self.px(32)
        widest = max(
            QFontMetricsF(_font(name_px, bold=True)).horizontalAdvance(_tr(n))
            for n in QUADRANT_NAMES.values()
        )
        name_px = min(name_px, name_px * (split - self.px(16)) / max(widest, 1.0))
        name_font = _font(name_px, bold=True)
        p.setFont(name_font)
        nfm = QFontMetricsF(name_font)
        for q, cell in cells.items():
            p.fillRect(cell, QUADRANT_BG[q])
            p.setPen(INK)
            top = q in (Quadrant.RASKE_GEVINSTER, Quadrant.STRATEGISKE_TILTAK)
            label_rect = QRectF(
                cell.left() + self.px(10),
                cell.top() + self.px(6) if top else cell.bottom() - nfm.height() - self.px(6),
                cell.width() - self.px(20),
                nfm.height(),
            )
            self.text(
                p,
                label_rect,
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
                nfm.elidedText(
                    _tr(QUADRANT_NAMES[q]), Qt.TextElideMode.ElideRight, label_rect.width()
                ),
            )
        p.setPen(QPen(INK, max(1.5, self.px(3))))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(grid)
        p.drawLine(
            QPointF(grid.left() + split, grid.top()), QPointF(grid.left() + split, grid.bottom())
        )
        p.drawLine(
            QPointF(grid.left(), grid.bottom() - split),
            QPointF(grid.right(), grid.bottom() - split),
        )
        # Axes: the 1–5 ticks and the names.
        tick_font = _font(self.px(24))
        p.setFont(tick_font)
        p.setPen(MUTED)
        step = grid.width() / 5
        for v in range(1, 6):
            x = grid.left() + (v - 0.5) * step
            self.text(
                p,
                QRectF(x - step / 2, grid.bottom() + self.px(2), step, self.px(30)),
                Qt.AlignmentFlag.AlignCenter,
                str(v),
            )
            y = grid.bottom() - (v - 0.5) * step
            self.text(
                p,
                QRectF(grid.left() - self.px(30), y - self.px(15), self.px(26), self.px(30)),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                str(v),
            )
        p.setFont(_font(self.px(26), bold=True))
        p.setPen(INK)
        self.text(
            p,
            QRectF(grid.left(), grid.bottom() + self.px(28), grid.width(), self.px(32)),
            Qt.AlignmentFlag.AlignCenter,
            _tr("Innsats →"),
        )
        p.save()
        p.translate(grid.left() - axis + self.px(4), grid.bottom())
        p.rotate(-90)
        self.text(
            p,
            QRectF(0, 0, grid.height(), self.px(32)),
            Qt.AlignmentFlag.AlignCenter,
            _tr("Gevinst →"),
        )
        p.restore()

    def _draw_points(
        self, p: QPainter, grid: QRectF, placed: list[tuple[int, ImprovementPoint]]
    ) -> None:
        step = grid.width() / 5
        radius = min(self.px(26), step * 0.2)
        by_cell: dict[tuple[int, int], list[int]] = {}
        for number, pt in placed:
            assert pt.gain is not None and pt.effort is not None
            by_cell.setdefault((pt.effort, pt.gain), []).append(number)
        font = _font(radius * 1.05, bold=True)
        p.setFont(font)
        for (effort, gain), numbers in by_cell.items():
            cx = grid.left() + (effort - 0.5) * step
            cy = grid.bottom() - (gain - 0.5) * step
            k = len(numbers)
            per_row = min(k, max(1, int(step * 0.9 // (2.1 * radius))))
            rows = math.ceil(k / per_row)
            for j, number in enumerate(numbers):
                r, c = divmod(j, per_row)
                in_row = min(per_row, k - r * per_row)
                x = cx + (c - (in_row - 1) / 2) * 2.1 * radius
                y = cy + (r - (rows - 1) / 2) * 2.1 * radius
                p.setPen(QPen(QColor("#FFFFFF"), max(1.0, self.px(2))))
                p.setBrush(ACCENT)
                p.drawEllipse(QPointF(x, y), radius, radius)
                p.setPen(QColor("#FFFFFF"))
                self.text(
                    p,
                    QRectF(x - radius, y - radius, 2 * radius, 2 * radius),
                    Qt.AlignmentFlag.AlignCenter,
                    str(number),
                )

    def _draw_legend(
        self, p: QPainter, r: QRectF, placed: list[tuple[int, ImprovementPoint]]
    ) -> None:
        """The points by quadrant, each quadrant under its name (on its tint)."""
        groups: dict[Quadrant, list[tuple[int, ImprovementPoint]]] = {q: [] for q in Quadrant}
        for number, pt in placed:
            q = quadrant(pt.gain, pt.effort)
            if q is not None:
                groups[q].append((number, pt))
        used = [q for q in Quadrant if groups[q]]
        lines = len(placed) + len(used)
        row_px = min(self.px(32), r.height() / max(lines, 1) / 1.45)
        font = _font(row_px)
        bold = _font(row_px, bold=True)
        fm = QFontMetricsF(font)
        step = fm.lineSpacing() * 1.3
        nw = QFontMetricsF(bold).horizontalAdvance("00") + self.px(8)
        y = r.top()
        for q in used:
            if y + fm.height() > r.bottom():
                break
            head = QRectF(r.left(), y, r.width(), fm.height() + self.px(6))
            p.fillRect(head, QUADRANT_BG[q])
            p.setFont(bold)
            p.setPen(INK)
            self.text(
                p,
                head.adjusted(self.px(8), 0, -self.px(8), 0),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                _tr(QUADRANT_NAMES[q]),
            )
            y += step + self.px(4)
            for number, pt in groups[q]:
                if y + fm.height() > r.bottom():
                    break
                p.setFont(bold)
                p.setPen(ACCENT)
                self.text(
                    p,
                    QRectF(r.left(), y, nw, fm.height()),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                    f"{number}",
                )
                p.setFont(font)
                p.setPen(INK)
                w = r.width() - nw - self.px(12)
                self.text(
                    p,
                    QRectF(r.left() + nw + self.px(12), y, w, fm.height()),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                    fm.elidedText(pt.title, Qt.TextElideMode.ElideRight, w),
                )
                y += step
            y += self.px(8)


# -- the blank screen -----------------------------------------------------------------------
class _Blank(QWidget):
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(event.rect(), BLANK_BG)
        p.end()


# -- the window ---------------------------------------------------------------------------------
class ProjectorWindow(QWidget):
    """The room's screen. State: the workshop, the agenda step, the view, blank."""

    state_changed = Signal()

    def __init__(
        self,
        ctx: ProjectContext,
        workshop_id: int | None,
        *,
        facilitator: QWidget | None = None,
        timer: WorkshopTimer | None = None,
    ) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.ctx = ctx
        self.workshop_id = workshop_id
        self.facilitator = facilitator
        self.timer = timer or WorkshopTimer(self)
        self.view = ProjectorView.PROMPT
        self.blank = False
        self.steps: list[AgendaStep] = []
        self.step_index = 0
        self.workshop_name = ""
        self.is_example = False
        self._stale: set[ProjectorView] = set(ProjectorView)
        self.panel: ProjectorPanel | None = None  # the floating controls, if shown
        self.groups: list[WorkshopGroup] | None = None  # cached; re-read after changes
        self._meta_timer = QTimer(self)
        self._meta_timer.setSingleShot(True)
        self._meta_timer.setInterval(40)  # after the new card has been painted
        self._meta_timer.timeout.connect(self._refresh_meta)
        self.setWindowTitle(_tr("Projektor – NVK Desktop"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoFillBackground(True)
        pal = self.palette()
        pal.setColor(self.backgroundRole(), BG)
        pal.setColor(self.foregroundRole(), INK)
        self.setPalette(pal)

        self.header = _Header(self)
        self.prompt_view = PromptView(self.timer, self)
        self.cards_view = CardsView(self)
        self.clusters_view = ClustersView(self)
        self.votes_view = VotesView(self)
        self.matrix_view = MatrixView(self)
        self.blank_view = _Blank(self)
        self._views: dict[ProjectorView, QWidget] = {
            ProjectorView.PROMPT: self.prompt_view,
            ProjectorView.CARDS: self.cards_view,
            ProjectorView.CLUSTERS: self.clusters_view,
            ProjectorView.VOTES: self.votes_view,
            ProjectorView.MATRIX: self.matrix_view,
        }
        self.stack = QStackedLayout()
        for w in self._views.values():
            self.stack.addWidget(w)
        self.stack.addWidget(self.blank_view)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.header)
        outer.addLayout(self.stack, 1)
        for w in (*self._views.values(), self.blank_view, self.header):
            w.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.timer.changed.connect(self.header.update)
        ctx.changed.connect(self._on_changed)
        self.load_workshop()

    # -- data -------------------------------------------------------------------------
    def set_workshop(self, workshop_id: int | None) -> None:
        if workshop_id == self.workshop_id:
            return
        self.workshop_id = workshop_id
        self.step_index = 0
        self.cards_view.set_data([], [])
        self.cards_view._ids = set()
        self.load_workshop()

    def load_workshop(self) -> None:
        """Read the workshop and its agenda, then the current view."""
        self._stale = set(ProjectorView)
        self.steps = []
        self.groups = None
        self.workshop_name = ""
        if self.workshop_id is not None:
            try:
                ws = workshop_service.get_workshop(self.ctx.project, self.workshop_id)
                self.steps = list(workshop_service.list_agenda(self.ctx.project, self.workshop_id))
            except KnownError:
                ws = None
            if ws is None:
                self.workshop_id = None
            else:
                self.workshop_name = ws.name
        try:
            from nvk_desktop.services.project import project_info

            self.is_example = project_info(self.ctx.project).is_example
        except KnownError:
            self.is_example = False
        self.step_index = min(self.step_index, max(0, len(self.steps) - 1))
        self._apply_step(reset_timer=not self.timer.running)
        self._load_view()

    def _on_changed(self) -> None:
        self._stale = set(ProjectorView)
        if (
            self.workshop_id is None
            or not self.isVisible()
            or getattr(self.ctx.project, "closed", False)
        ):
            return
        # What the room looks at first (a new card is on the screen within a frame),
        # then the workshop's name, agenda and groups once the event loop is free.
        self._load_view()
        self._meta_timer.start()

    def _refresh_meta(self) -> None:
        """Re-read the workshop's name, agenda and groups after a change."""
        if self.workshop_id is None or getattr(self.ctx.project, "closed", False):
            return
        project = self.ctx.project
        try:
            steps = list(workshop_service.list_agenda(project, self.workshop_id))
            ws = workshop_service.get_workshop(project, self.workshop_id)
            groups = workshop_service.list_groups(project, self.workshop_id)
        except KnownError:
            self.set_workshop(None)
            return
        self.workshop_name = ws.name
        self.groups = groups
        if self.view is ProjectorView.CARDS:
            self.cards_view.set_groups(groups)
        if [(s.id, s.title, s.prompt, s.area, s.minutes) for s in steps] != [
            (s.id, s.title, s.prompt, s.area, s.minutes) for s in self.steps
        ]:
            current = self.current_step()
            self.steps = steps
            ids = [s.id for s in steps]
            if current is not None and current.id in ids:
                self.step_index = ids.index(current.id)
            self.step_index = min(self.step_index, max(0, len(steps) - 1))
            new = self.current_step()
            gone = current is None or new is None or current.id != new.id
            # A running countdown is left alone when only the minutes were edited.
            retimed = current is not None and new is not None and current.minutes != new.minutes
            self._apply_step(reset_timer=gone or (retimed and not self.timer.running))
            self.state_changed.emit()
        self.header.update()

    def _load_view(self) -> None:
        """Read what the current view shows (only that; the others when shown)."""
        view = self.view
        if view not in self._stale:
            return
        self._stale.discard(view)
        self.header.update()
        wid = self.workshop_id
        project = self.ctx.project
        try:
            if view is ProjectorView.PROMPT:
                self.prompt_view.set_step(self.current_step(), self.step_label())
            elif view is ProjectorView.CARDS:
                if wid is None:
                    self.cards_view.set_data([], [])
                else:
                    if self.groups is None:
                        self.groups = workshop_service.list_groups(project, wid)
                    self.cards_view.set_data(self.groups, workshop_service.list_cards(project, wid))
            elif view is ProjectorView.CLUSTERS:
                self.clusters_view.set_points(
                    [] if wid is None else point_service.list_points(project, wid)
                )
            elif view is ProjectorView.VOTES:
                self.votes_view.set_tally(
                    None if wid is None else point_service.tally(project, wid)
                )
            elif view is ProjectorView.MATRIX:
                self.matrix_view.set_points(
                    [] if wid is None else point_service.list_points(project, wid)
                )
        except KnownError:
            self._stale.add(view)

    # -- steps, views, blank -------------------------------------------------------------
    def current_step(self) -> AgendaStep | None:
        if 0 <= self.step_index < len(self.steps):
            return self.steps[self.step_index]
        return None

    def step_label(self) -> str:
        """ "Steg 8 av 18" (the header says the step's title)."""
        if self.current_step() is None:
            return ""
        return (
            _tr("Steg %1 av %2")
            .replace("%1", str(self.step_index + 1))
            .replace("%2", str(len(self.steps)))
        )

    def set_step(self, index: int) -> None:
        """Go to agenda step ``index``: its prompt is shown and the timer set to its
        minutes (stopped)."""
        if not self.steps:
            return
        index = max(0, min(index, len(self.steps) - 1))
        if index == self.step_index and self.view is ProjectorView.PROMPT:
            return
        self.step_index = index
        self._apply_step(reset_timer=True)
        self.set_view(ProjectorView.PROMPT)
        self.state_changed.emit()

    def next_step(self) -> None:
        self.set_step(self.step_index + 1)

    def previous_step(self) -> None:
        self.set_step(self.step_index - 1)

    def _apply_step(self, *, reset_timer: bool) -> None:
        step = self.current_step()
        if reset_timer:
            self.timer.set_step(step.minutes if step else None, step.title if step else "")
        self.prompt_view.set_step(step, self.step_label())
        self.header.update()

    def set_view(self, view: ProjectorView) -> None:
        self.view = view
        self.blank = False
        self.stack.setCurrentWidget(self._views[view])
        self.header.setVisible(True)
        self._load_view()
        self.state_changed.emit()

    def set_blank(self, blank: bool) -> None:
        self.blank = blank
        self.header.setVisible(not blank)
        self.stack.setCurrentWidget(self.blank_view if blank else self._views[self.view])
        if not blank:
            self._load_view()
        self.state_changed.emit()

    def toggle_blank(self) -> None:
        self.set_blank(not self.blank)

    def current_widget(self) -> QWidget | None:
        return self.stack.currentWidget()

    # -- window ---------------------------------------------------------------------------
    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
        self.state_changed.emit()

    def show_on(self, screen: QScreen | None, *, full_screen: bool) -> None:
        if screen is not None:
            self.setScreen(screen)
            geo = screen.availableGeometry()
            if full_screen:
                self.setGeometry(screen.geometry())
            else:
                w, h = round(geo.width() * 0.8), round(geo.height() * 0.8)
                self.setGeometry(
                    geo.x() + (geo.width() - w) // 2, geo.y() + (geo.height() - h) // 2, w, h
                )
        if full_screen:
            self.showFullScreen()
        else:
            self.showNormal()
        self._load_view()

    def back_to_facilitator(self) -> None:
        """Esc: the facilitator's window gets the focus back; nothing is closed. With
        one screen the projector also leaves full screen so that window is seen."""
        if self.isFullScreen() and len(QGuiApplication.screens()) < 2:
            self.showNormal()
        target = self.facilitator.window() if self.facilitator is not None else None
        if target is not None:
            target.raise_()
            target.activateWindow()
        self.state_changed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        views = list(ProjectorView)
        if key == Qt.Key.Key_Escape:
            self.back_to_facilitator()
        elif key == Qt.Key.Key_F11:
            self.toggle_full_screen()
        elif key == Qt.Key.Key_B:
            self.toggle_blank()
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_PageDown):
            self.next_step()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_PageUp):
            self.previous_step()
        elif key == Qt.Key.Key_Space:
            self.timer.toggle()
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_5:
            self.set_view(views[key - Qt.Key.Key_1])
        elif Qt.Key.Key_A <= key <= Qt.Key.Key_E:
            self.set_view(views[key - Qt.Key.Key_A])
        else:
            super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._on_changed()
        self._load_view()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Only the window goes: the data is in the project, the timer keeps its state.
        self.hide()
        event.ignore()
        self.state_changed.emit()


class _Header(QWidget):
    """The top line: workshop · step on the left, the small timer on the right (not on
    the prompt view, which has the big one), the example mark."""

    def __init__(self, window: ProjectorWindow) -> None:
        super().__init__(window)
        self.win = window
        self.painted: list[str] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)

    def scale(self) -> float:
        w = self.window()
        return max(0.35, min(w.width() / 1920.0, w.height() / 1080.0))

    def sizeHint(self):  # type: ignore[no-untyped-def]
        from PySide6.QtCore import QSize

        return QSize(800, round(70 * self.scale()))

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.Polish:
            self.setFixedHeight(round(70 * self.scale()))
        return super().event(e)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.setFixedHeight(round(70 * self.scale()))
        s = self.scale()
        self.painted = []
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        p.fillRect(self.rect(), BG)
        margin = 36 * s
        r = QRectF(self.rect()).adjusted(margin, 0, -margin, 0)
        p.setPen(QPen(CARD_EDGE, max(1.0, 2 * s)))
        p.drawLine(
            QPointF(margin, self.height() - 1), QPointF(self.width() - margin, self.height() - 1)
        )
        timer = self.win.timer
        right = ""
        if self.win.view is not ProjectorView.PROMPT and (timer.has_duration or timer.expired):
            right = timer.text()
        timer_w = 0.0
        if right:
            f = _font(40 * s, bold=True)
            f.setFeature(QFont.Tag("tnum"), 1)
            p.setFont(f)
            fm = QFontMetricsF(f)
            timer_w = fm.horizontalAdvance(right) + 24 * s
            box = QRectF(r.right() - timer_w, 8 * s, timer_w, self.height() - 16 * s)
            if timer.expired:
                from ui.widgets.workshop_timer import END_BG, END_FG

                p.fillRect(box, END_BG)
                p.setPen(END_FG)
            else:
                p.setPen(INK)
            self.painted.append(right)
            p.drawText(box, int(Qt.AlignmentFlag.AlignCenter), right)
        left = self.win.workshop_name
        step = self.win.current_step()
        if step is not None:
            left = f"{left}  ·  {step.title}" if left else step.title
        p.setFont(_font(30 * s))
        p.setPen(MUTED)
        fm = QFontMetricsF(p.font())
        mark = _tr("Eksempelprosjekt – fiktive data") if self.win.is_example else ""
        mark_w = fm.horizontalAdvance(mark) + 30 * s if mark else 0.0
        avail = r.width() - timer_w - mark_w - 20 * s
        text = fm.elidedText(left, Qt.TextElideMode.ElideRight, avail)
        self.painted.append(text)
        p.drawText(
            QRectF(r.left(), 0, avail, self.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            text,
        )
        if mark:
            p.setFont(_font(22 * s))
            self.painted.append(mark)
            p.drawText(
                QRectF(r.right() - timer_w - mark_w, 0, mark_w - 20 * s, self.height()),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                mark,
            )
        p.end()


# -- the facilitator's controls ------------------------------------------------------------
class ProjectorControl(QWidget):
    """The facilitator's control bar for a projector window: agenda step (Forrige /
    list / Neste), view a–e, Blank, the timer (start/pause, nullstill, +1 min),
    full screen, and close. Place it anywhere in the facilitator's window."""

    def __init__(self, projector: ProjectorWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.projector = projector
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        row1 = QHBoxLayout()
        self.previous_button = QPushButton(_tr("◀ Forrige"), self)
        self.previous_button.setToolTip(_tr("Forrige steg i agendaen (venstre pil på projektoren)"))
        self.step_combo = QComboBox(self)
        self.step_combo.setMinimumContentsLength(18)
        self.step_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.step_combo.setToolTip(_tr("Steget i agendaen som vises"))
        self.next_button = QPushButton(_tr("Neste ▶"), self)
        self.next_button.setToolTip(_tr("Neste steg i agendaen (høyre pil på projektoren)"))
        row1.addWidget(QLabel(_tr("Steg:"), self))
        row1.addWidget(self.previous_button)
        row1.addWidget(self.step_combo, 1)
        row1.addWidget(self.next_button)
        row2 = QHBoxLayout()
        row2.addWidget(QLabel(_tr("Vis:"), self))
        self.view_buttons = QButtonGroup(self)
        self.view_buttons.setExclusive(True)
        for i, view in enumerate(ProjectorView):
            b = QToolButton(self)
            b.setText(f"{view.letter}  {_tr(view.label)}")
            b.setCheckable(True)
            b.setToolTip(
                _tr("Vis «%1» på projektoren (tast %2 på projektoren)")
                .replace("%1", _tr(view.label))
                .replace("%2", str(i + 1))
            )
            self.view_buttons.addButton(b, i)
            row2.addWidget(b)
        self.blank_button = QToolButton(self)
        self.blank_button.setText(_tr("Blank (B)"))
        self.blank_button.setCheckable(True)
        self.blank_button.setToolTip(_tr("Svart skjerm på projektoren; trykk igjen for å vise"))
        row2.addWidget(self.blank_button)
        row2.addStretch(1)
        row3 = QHBoxLayout()
        self.timer_controls = TimerControls(projector.timer, self)
        row3.addWidget(self.timer_controls)
        row3.addStretch(1)
        self.full_button = QPushButton(_tr("Fullskjerm"), self)
        self.full_button.setToolTip(_tr("Projektoren i fullskjerm eller vindu (F11)"))
        self.show_button = QPushButton(_tr("Vis projektor"), self)
        self.close_button = QPushButton(_tr("Lukk projektor"), self)
        self.close_button.setToolTip(_tr("Lukker projektorvinduet; ingenting slettes"))
        for push in (
            self.previous_button,
            self.next_button,
            self.full_button,
            self.show_button,
            self.close_button,
        ):
            push.setAutoDefault(False)
        row3.addWidget(self.full_button)
        row3.addWidget(self.show_button)
        row3.addWidget(self.close_button)
        outer.addLayout(row1)
        outer.addLayout(row2)
        outer.addLayout(row3)

        self.previous_button.clicked.connect(projector.previous_step)
        self.next_button.clicked.connect(projector.next_step)
        self.step_combo.activated.connect(projector.set_step)
        self.view_buttons.idClicked.connect(lambda i: projector.set_view(list(ProjectorView)[i]))
        self.blank_button.clicked.connect(projector.set_blank)
        self.full_button.clicked.connect(projector.toggle_full_screen)
        self.show_button.clicked.connect(self._show_projector)
        self.close_button.clicked.connect(projector.close)
        projector.state_changed.connect(self.sync)
        self.sync()

    def _show_projector(self) -> None:
        self.projector.show()
        self.projector.raise_()

    def sync(self) -> None:
        pj = self.projector
        titles = [f"{i + 1}. {s.title}" for i, s in enumerate(pj.steps)]
        if [self.step_combo.itemText(i) for i in range(self.step_combo.count())] != titles:
            self.step_combo.blockSignals(True)
            self.step_combo.clear()
            self.step_combo.addItems(titles)
            self.step_combo.blockSignals(False)
        self.step_combo.setCurrentIndex(pj.step_index if pj.steps else -1)
        self.step_combo.setEnabled(bool(pj.steps))
        if not pj.steps:
            self.step_combo.setPlaceholderText(_tr("Ingen agenda"))
        self.previous_button.setEnabled(pj.step_index > 0)
        self.next_button.setEnabled(pj.step_index < len(pj.steps) - 1)
        button = self.view_buttons.button(list(ProjectorView).index(pj.view))
        if button is not None:
            button.setChecked(True)
        self.blank_button.setChecked(pj.blank)
        self.full_button.setText(_tr("Vindu") if pj.isFullScreen() else _tr("Fullskjerm"))
        self.show_button.setVisible(not pj.isVisible())
        self.close_button.setVisible(pj.isVisible())


class ProjectorPanel(QWidget):
    """A small floating window with the ProjectorControl, over the facilitator's
    window (for when the page has no room for it)."""

    def __init__(self, projector: ProjectorWindow, parent: QWidget | None) -> None:
        super().__init__(parent, Qt.WindowType.Tool)
        self.setWindowTitle(_tr("Projektorstyring"))
        layout = QVBoxLayout(self)
        self.control = ProjectorControl(projector, self)
        layout.addWidget(self.control)


# -- opening -----------------------------------------------------------------------------------
_open: weakref.WeakKeyDictionary[ProjectContext, ProjectorWindow] = weakref.WeakKeyDictionary()

ScreenChooser = Callable[[QWidget | None, list[QScreen], QScreen | None], QScreen | None]


def screen_label(screen: QScreen, index: int) -> str:
    g = screen.geometry()
    name = screen.name() or screen.model() or _tr("Skjerm")
    return f"{index + 1}: {name} ({g.width()}×{g.height()})"


def choose_screen(
    parent: QWidget | None, screens: list[QScreen], preferred: QScreen | None
) -> QScreen | None:
    """Ask which screen is the projector (None: cancelled)."""
    labels = [screen_label(s, i) for i, s in enumerate(screens)]
    current = screens.index(preferred) if preferred in screens else 0
    label, ok = QInputDialog.getItem(
        parent,
        _tr("Projektor"),
        _tr("Hvilken skjerm er projektoren?"),
        labels,
        current,
        False,
    )
    if not ok:
        return None
    return screens[labels.index(label)]


def existing_projector(ctx: ProjectContext) -> ProjectorWindow | None:
    return _open.get(ctx)


def open_projector(
    ctx: ProjectContext,
    workshop_id: int | None,
    parent: QWidget | None,
    *,
    controls: bool = True,
    chooser: ScreenChooser = choose_screen,
) -> ProjectorWindow:
    """Show the projector for ``workshop_id`` (the same window again if one is open).

    With several screens the user picks one (the one the facilitator's window is not
    on is proposed) and the projector fills it; with one screen it opens as a large
    normal window that F11 makes full screen. ``controls`` shows the floating control
    panel next to the facilitator's window. If the user cancels the choice of screen,
    the window is returned hidden (``isVisible()`` is False).
    """
    window = _open.get(ctx)
    if window is None:
        window = ProjectorWindow(ctx, workshop_id, facilitator=parent)
        _open[ctx] = window
        if parent is not None:
            parent.destroyed.connect(window.deleteLater)
        ctx.destroyed.connect(window.deleteLater)
    else:
        window.facilitator = parent
        window.set_workshop(workshop_id)
    screens = QGuiApplication.screens()
    own = parent.window().screen() if parent is not None else None
    if len(screens) > 1:
        preferred = next((s for s in screens if s is not own), screens[0])
        screen = chooser(parent, screens, preferred)
        if screen is None:
            return window  # cancelled: the window is made but not shown
        window.show_on(screen, full_screen=True)
    else:
        window.show_on(screens[0] if screens else None, full_screen=False)
    window.raise_()
    if controls:
        panel = window.panel
        if panel is None:
            panel = ProjectorPanel(window, parent.window() if parent is not None else None)
            window.panel = panel
        panel.show()
        if parent is not None:
            g = parent.window().frameGeometry()
            panel.adjustSize()
            panel.move(g.right() - panel.width() - 24, g.bottom() - panel.height() - 48)
        panel.raise_()
    if parent is not None and len(screens) > 1:
        parent.window().activateWindow()
    return window


__all__ = [
    "CardsView",
    "ClustersView",
    "MatrixView",
    "ProjectorControl",
    "ProjectorView",
    "ProjectorWindow",
    "VotesView",
    "open_projector",
]
