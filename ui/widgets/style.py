"""A few colours and fonts used across the pages, derived from the palette so that
they stay readable in a dark theme too. Status is never told by colour alone: the
text says it as well."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget


def _palette(widget: QWidget | None = None) -> QPalette:
    return widget.palette() if widget is not None else QApplication.palette()


def is_dark(palette: QPalette | None = None) -> bool:
    p = palette or QApplication.palette()
    return p.color(QPalette.ColorRole.Base).lightness() < 128


def overdue_fg(palette: QPalette | None = None) -> QColor:
    return QColor("#ff8a80") if is_dark(palette) else QColor("#a4161a")


def overdue_bg(palette: QPalette | None = None) -> QColor:
    return QColor("#4a1f1f") if is_dark(palette) else QColor("#fdecea")


def done_fg(palette: QPalette | None = None) -> QColor:
    return QColor("#81c784") if is_dark(palette) else QColor("#1e6b34")


def muted_fg(palette: QPalette | None = None) -> QColor:
    """Grey text, opaque (the palette's placeholder colour is often text with alpha,
    which rich text would show as plain black)."""
    p = palette or QApplication.palette()
    c = p.color(QPalette.ColorRole.PlaceholderText)
    if c.alpha() == 255:
        return c
    bg = p.color(QPalette.ColorRole.Window)
    a = c.alphaF()
    return QColor(
        round(c.red() * a + bg.red() * (1 - a)),
        round(c.green() * a + bg.green() * (1 - a)),
        round(c.blue() * a + bg.blue() * (1 - a)),
    )


def accent(palette: QPalette | None = None) -> QColor:
    return QColor("#5ea3d6") if is_dark(palette) else QColor("#1f5f8b")


def scaled_font(base: QFont, factor: float, *, bold: bool = False) -> QFont:
    f = QFont(base)
    size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
    f.setPointSizeF(size * factor)
    f.setBold(bold)
    return f


def heading(text: str, factor: float = 1.35, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setFont(scaled_font(label.font(), factor, bold=True))
    return label


def hint(text: str, parent: QWidget | None = None) -> QLabel:
    """A short grey explanatory line that wraps."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    pal = label.palette()
    pal.setColor(QPalette.ColorRole.WindowText, muted_fg(pal))
    label.setPalette(pal)
    return label


def empty_state(text: str, parent: QWidget | None = None) -> QLabel:
    """What to do when a list is empty, shown where the list would be."""
    label = hint(text, parent)
    label.setObjectName("emptyState")
    label.setContentsMargins(12, 16, 12, 16)
    label.setFont(scaled_font(label.font(), 1.05))
    return label
