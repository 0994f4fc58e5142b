"""The four PLP phases as chevrons, with the beslutningspunkt that ends each one.

The current phase is shown by more than colour: bold text, a "Nå" marker above it
and "Pågår" inside; completed phases say "✓ Fullført". Text scales with the width so
the strip reads well from a 900 px window to a 1900 px projector.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from nvk_desktop.domain.enums import Decision, Phase
from nvk_desktop.domain.models import DecisionPoint
from ui.widgets import style
from ui.widgets.dates import format_date

MARGIN = 6
GAP = 6


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(
        round(a.red() * (1 - t) + b.red() * t),
        round(a.green() * (1 - t) + b.green() * t),
        round(a.blue() * (1 - t) + b.blue() * t),
    )


class PhaseTimeline(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._current = Phase.FORSTUDIE
        self._decisions: dict[Phase, list[DecisionPoint]] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(560)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)
        self.setFixedHeight(self._height_for(900))

    # -- data ------------------------------------------------------------------------
    def set_state(self, current: Phase, decisions: Sequence[DecisionPoint]) -> None:
        self._current = current
        by_phase: dict[Phase, list[DecisionPoint]] = {}
        for d in sorted(decisions, key=lambda d: (d.decided_on, d.id or 0)):
            by_phase.setdefault(d.phase, []).append(d)
        self._decisions = by_phase
        self.setAccessibleName(self.tr("Faser og beslutningspunkter"))
        self.setAccessibleDescription(self.summary())
        self.update()

    def summary(self) -> str:
        """The strip in words (accessibility, tooltips, tests)."""
        parts = []
        for p in Phase:
            lines = [line for line in self._decision_lines(p) if line]
            parts.append(f"{p.label}: {self._status_text(p)}; {', '.join(lines)}.")
        return " ".join(parts)

    def _status_text(self, phase: Phase) -> str:
        if phase.order < self._current.order:
            return self.tr("✓ Fullført")
        if phase is self._current:
            return self.tr("Pågår")
        return self.tr("Ikke startet")

    def _decision_lines(self, phase: Phase) -> tuple[str, str, str]:
        ds = self._decisions.get(phase)
        if not ds:
            return self.tr("Ikke besluttet"), "", ""
        d = ds[-1]
        line2 = format_date(d.decided_on)
        if d.case_number:
            line2 += " · " + self.tr("sak {n}").format(n=d.case_number)
        extra = self.tr(" (+{n} tidligere)").format(n=len(ds) - 1) if len(ds) > 1 else ""
        return d.decision.label + extra, line2, d.decided_by.label

    # -- geometry --------------------------------------------------------------------
    def _scale(self, width: int) -> float:
        return max(0.9, min(1.3, width / 1250))

    def _fonts(self, width: int) -> tuple[QFont, QFont, QFont]:
        s = self._scale(width)
        base = self.font()
        return (
            style.scaled_font(base, 1.12 * s, bold=True),  # phase name
            style.scaled_font(base, 0.95 * s),  # small text
            style.scaled_font(base, 0.95 * s, bold=True),  # decision
        )

    def _metrics(self, width: int) -> tuple[int, int, int]:
        title, small, _ = self._fonts(width)
        badge_h = QFontMetrics(small).height() + 6
        chev_h = QFontMetrics(title).height() + QFontMetrics(small).height() + 18
        text_h = QFontMetrics(small).lineSpacing() * 4 + 2
        return badge_h, chev_h, text_h

    def _height_for(self, width: int) -> int:
        badge_h, chev_h, text_h = self._metrics(width)
        return MARGIN + badge_h + 4 + chev_h + 8 + text_h

    def resizeEvent(self, event: QResizeEvent) -> None:
        h = self._height_for(event.size().width())
        if h != self.height():
            self.setFixedHeight(h)
        super().resizeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(1000, self._height_for(1000))

    def _chevron_rects(self) -> list[QRectF]:
        width = self.width()
        badge_h, chev_h, _ = self._metrics(width)
        top = MARGIN + badge_h + 4
        w = (width - 2 * MARGIN - GAP * 3) / 4
        return [QRectF(MARGIN + i * (w + GAP), top, w, chev_h) for i in range(4)]

    # -- painting --------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        muted = style.muted_fg(pal)
        acc = style.accent(pal)
        title_font, small_font, bold_small = self._fonts(self.width())
        fm_small = QFontMetrics(small_font)
        rects = self._chevron_rects()
        depth = min(rects[0].height() * 0.32, rects[0].width() * 0.12)

        for phase, r in zip(Phase, rects, strict=True):
            done = phase.order < self._current.order
            now = phase is self._current
            poly = self._chevron(r, depth, first=phase.order == 0)
            if now:
                fill, fg, border = acc, QColor("white"), acc.darker(130)
            elif done:
                fill, fg, border = _mix(base, acc, 0.16), text, _mix(base, acc, 0.45)
            else:
                fill, fg, border = base, muted, pal.color(QPalette.ColorRole.Mid)
            path = QPainterPath()
            path.addPolygon(poly)
            p.fillPath(path, fill)
            p.setPen(QPen(border, 2.0 if now else 1.0))
            p.drawPolygon(poly)

            inner = r.adjusted(depth + 8 if phase.order else 12, 6, -depth - 6, -6)
            p.setPen(fg)
            f = QFont(title_font)
            f.setBold(now or done)
            if not now and not done:
                f.setBold(False)
            p.setFont(f)
            fm = QFontMetrics(f)
            name_rect = QRectF(inner.left(), inner.top(), inner.width(), fm.height())
            p.drawText(
                name_rect,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                fm.elidedText(phase.label, Qt.TextElideMode.ElideRight, int(inner.width())),
            )
            p.setFont(small_font)
            status_rect = QRectF(
                inner.left(), name_rect.bottom() + 2, inner.width(), fm_small.height()
            )
            p.drawText(
                status_rect,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                fm_small.elidedText(
                    self._status_text(phase), Qt.TextElideMode.ElideRight, int(inner.width())
                ),
            )

            if now:
                self._paint_badge(p, r, depth, acc, small_font)
            self._paint_decision(p, phase, r, depth, text, muted, small_font, bold_small)
        p.end()

    def _chevron(self, r: QRectF, depth: float, *, first: bool) -> QPolygonF:
        mid = r.center().y()
        pts = [
            QPointF(r.left(), r.top()),
            QPointF(r.right() - depth, r.top()),
            QPointF(r.right(), mid),
            QPointF(r.right() - depth, r.bottom()),
            QPointF(r.left(), r.bottom()),
        ]
        if not first:
            pts.append(QPointF(r.left() + depth, mid))
        return QPolygonF(pts)

    def _paint_badge(self, p: QPainter, r: QRectF, depth: float, acc: QColor, font: QFont) -> None:
        f = QFont(font)
        f.setBold(True)
        fm = QFontMetrics(f)
        label = self.tr("Nå")
        w = fm.horizontalAdvance(label) + 18
        h = fm.height() + 4
        x = r.left() + (depth + 8 if r.left() > MARGIN + 1 else 12)
        badge = QRectF(x, r.top() - h - 4, w, h)
        path = QPainterPath()
        path.addRoundedRect(badge, h / 2, h / 2)
        p.fillPath(path, acc)
        p.setPen(QColor("white"))
        p.setFont(f)
        p.drawText(badge, Qt.AlignmentFlag.AlignCenter, label)

    def _paint_decision(
        self,
        p: QPainter,
        phase: Phase,
        r: QRectF,
        depth: float,
        text: QColor,
        muted: QColor,
        small: QFont,
        bold: QFont,
    ) -> None:
        ds = self._decisions.get(phase)
        fm = QFontMetrics(small)
        # The decision point sits at the end of the phase: a diamond under the tip.
        size = fm.height() * 0.45
        cx = r.right() - depth
        cy = r.bottom() + 10 + size
        diamond = QPolygonF(
            [
                QPointF(cx, cy - size),
                QPointF(cx + size, cy),
                QPointF(cx, cy + size),
                QPointF(cx - size, cy),
            ]
        )
        decided = bool(ds)
        colour = self._decision_colour(ds[-1].decision) if ds else muted
        p.setPen(QPen(colour, 1.5))
        p.setBrush(colour if decided else Qt.BrushStyle.NoBrush)
        p.drawPolygon(diamond)
        p.setBrush(Qt.BrushStyle.NoBrush)

        left = r.left() + (depth + 8 if phase.order else 12)
        width = cx - size - 8 - left
        y = r.bottom() + 8
        line = fm.lineSpacing()
        p.setFont(small)
        p.setPen(muted)
        self._text(p, left, y, width, fm, self.tr("Beslutningspunkt"))
        first, second, third = self._decision_lines(phase)
        if not decided:
            f = QFont(small)
            f.setItalic(True)
            p.setFont(f)
            self._text(p, left, y + line, width, QFontMetrics(f), first)
            return
        p.setFont(bold)
        p.setPen(colour)
        self._text(p, left, y + line, width, QFontMetrics(bold), first)
        p.setFont(small)
        p.setPen(text)
        self._text(p, left, y + 2 * line, width, fm, third)
        p.setPen(muted)
        self._text(p, left, y + 3 * line, width, fm, second)

    def _text(
        self, p: QPainter, x: float, y: float, width: float, fm: QFontMetrics, s: str
    ) -> None:
        p.drawText(
            QRectF(x, y, max(width, 10), fm.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(s, Qt.TextElideMode.ElideRight, int(max(width, 10))),
        )

    def _decision_colour(self, decision: Decision) -> QColor:
        if decision is Decision.VIDEREFORE:
            return style.done_fg(self.palette())
        if decision is Decision.STOPPE:
            return style.overdue_fg(self.palette())
        return QColor("#ffb74d") if style.is_dark(self.palette()) else QColor("#9a5b00")

    # -- tooltips ----------------------------------------------------------------------
    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip:
            assert isinstance(e, QHelpEvent)
            for phase, r in zip(Phase, self._chevron_rects(), strict=True):
                column = QRectF(r.left(), 0, r.width(), self.height())
                if column.contains(QPointF(e.pos())):
                    QToolTip.showText(e.globalPos(), self._tooltip(phase), self)
                    return True
            QToolTip.hideText()
            e.ignore()
            return True
        return super().event(e)

    def _tooltip(self, phase: Phase) -> str:
        lines = [f"<b>{phase.label}</b> – {self._status_text(phase)}"]
        for d in self._decisions.get(phase, []):
            s = f"{d.decision.label}, {format_date(d.decided_on)}, {d.decided_by.label}"
            if d.case_number:
                s += self.tr(", sak {n}").format(n=d.case_number)
            lines.append(html.escape(s))
        if len(lines) == 1:
            lines.append(self.tr("Ikke besluttet"))
        return "<br>".join(lines)
