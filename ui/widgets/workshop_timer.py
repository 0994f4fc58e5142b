"""The countdown of a workshop's agenda step, shared by the facilitator's window and
the projector (issue 5, point 7).

One ``WorkshopTimer`` holds the state; any number of ``TimerDisplay`` widgets show it.
The time left is computed from a monotonic clock at every look (never by counting
ticks), so the display cannot drift however late the ticks come; the QTimer only
says when to look again. The clock is injectable so tests can move time by hand.

At the end the display turns a strong colour and says "Tiden er ute", blinking for a
few seconds: the text changes too, so the signal is not colour alone.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QWidget

Clock = Callable[[], float]

TICK_MS = 100
BLINK_MS = 400
BLINK_PHASES = 8  # about three seconds of blinking, then the colour stays

# High contrast, colour-blind safe: black on Okabe–Ito orange at the end.
END_BG = QColor("#E69F00")
END_FG = QColor("#000000")


def _tr(text: str) -> str:
    return QCoreApplication.translate("ui.widgets.workshop_timer", text)


def format_clock(seconds: float) -> str:
    """12:05 for the time left (rounded up, so 0:00 only when it is out); h:mm:ss
    past an hour."""
    s = max(0, math.ceil(seconds - 1e-9))
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


class WorkshopTimer(QObject):
    """Countdown for one agenda step: start, pause, reset, +1 min."""

    changed = Signal()  # running state, duration or the shown second changed
    finished = Signal()  # the time has just run out (once per run)

    def __init__(self, parent: QObject | None = None, *, clock: Clock | None = None) -> None:
        super().__init__(parent)
        self._clock: Clock = clock or time.monotonic
        self._duration = 0.0
        self._left = 0.0  # time left when last paused or reset
        self._started_at: float | None = None
        self._expired = False
        self._label = ""
        self._shown = -1
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self.poll)

    # -- state ------------------------------------------------------------------------
    @property
    def duration(self) -> float:
        return self._duration

    @property
    def label(self) -> str:
        """What the countdown is for (the agenda step's title)."""
        return self._label

    @property
    def has_duration(self) -> bool:
        return self._duration > 0

    @property
    def running(self) -> bool:
        return self._started_at is not None

    @property
    def expired(self) -> bool:
        return self._expired

    def remaining(self) -> float:
        if self._started_at is None:
            return self._left
        return max(0.0, self._left - (self._clock() - self._started_at))

    def text(self) -> str:
        if self._expired:
            return _tr("Tiden er ute")
        if not self.has_duration:
            return _tr("Ingen tid satt")
        return format_clock(self.remaining())

    # -- control ----------------------------------------------------------------------
    def set_step(self, minutes: int | None, label: str = "") -> None:
        """A new agenda step: its minutes (None or 0 = untimed), stopped and full."""
        self._stop()
        self._duration = float(minutes or 0) * 60.0
        self._left = self._duration
        self._expired = False
        self._label = label
        self._emit(force=True)

    def start(self) -> None:
        if self.running or not self.has_duration:
            return
        if self._expired or self._left <= 0:
            self._left = self._duration
            self._expired = False
        self._started_at = self._clock()
        self._ticker.start()
        self._emit(force=True)

    def pause(self) -> None:
        if not self.running:
            return
        self._left = self.remaining()
        self._stop()
        self._emit(force=True)

    def toggle(self) -> None:
        if self.running:
            self.pause()
        else:
            self.start()

    def reset(self) -> None:
        self._stop()
        self._left = self._duration
        self._expired = False
        self._emit(force=True)

    def add_minute(self) -> None:
        """One more minute; after the end it counts on from one minute."""
        if self._expired:
            self._expired = False
            self._left = 60.0
            self._duration = max(self._duration, 60.0)
            self._started_at = self._clock()
            self._ticker.start()
        else:
            self._left += 60.0
        self._duration = max(self._duration, self._left)
        self._emit(force=True)

    def poll(self) -> None:
        """Look at the clock: a new second is shown, the end is signalled."""
        if self.running and self.remaining() <= 0:
            self._left = 0.0
            self._stop()
            self._expired = True
            self._emit(force=True)
            self.finished.emit()
            return
        self._emit()

    def _stop(self) -> None:
        self._started_at = None
        self._ticker.stop()

    def _emit(self, *, force: bool = False) -> None:
        second = math.ceil(self.remaining() - 1e-9)
        if force or second != self._shown:
            self._shown = second
            self.changed.emit()


class TimerDisplay(QWidget):
    """The countdown in big digits, scaled to the space it has.

    ``foreground``/``background`` are the normal colours (the projector passes its
    own); at the end it shows black on orange and "Tiden er ute", blinking briefly.
    """

    def __init__(
        self,
        timer: WorkshopTimer,
        parent: QWidget | None = None,
        *,
        foreground: QColor | None = None,
        background: QColor | None = None,
        max_point_size: float = 400.0,
    ) -> None:
        super().__init__(parent)
        self.timer = timer
        self._fg = foreground
        self._bg = background
        self._max_pt = max_point_size
        self._blink = 0
        self._blinker = QTimer(self)
        self._blinker.setInterval(BLINK_MS)
        self._blinker.timeout.connect(self._blink_step)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 40)
        timer.changed.connect(self._on_changed)
        timer.finished.connect(self._start_blink)
        self.setAccessibleName(_tr("Nedtelling"))
        self._on_changed()

    def sizeHint(self) -> QSize:
        return QSize(260, 90)

    @property
    def blinking(self) -> bool:
        return self._blinker.isActive()

    @property
    def inverted(self) -> bool:
        """True in the blink phases that show normal colours (for tests)."""
        return self._blink % 2 == 1

    def _on_changed(self) -> None:
        if not self.timer.expired and self._blinker.isActive():
            self._blinker.stop()
            self._blink = 0
        self.setToolTip(self.timer.label)
        self.setAccessibleDescription(self.timer.text())
        self.update()

    def _start_blink(self) -> None:
        self._blink = 0
        self._blinker.start()
        self.update()

    def _blink_step(self) -> None:
        if not self._blinker.isActive():
            return
        self._blink += 1
        if self._blink >= BLINK_PHASES:
            self._blinker.stop()
            self._blink = 0
        self.update()

    def colours(self) -> tuple[QColor, QColor | None]:
        """(text, background) as painted now."""
        fg = self._fg or self.palette().color(self.foregroundRole())
        bg = self._bg
        if self.timer.expired and not self.inverted:
            return END_FG, END_BG
        return fg, bg

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        fg, bg = self.colours()
        rect = QRectF(self.rect())
        if bg is not None:
            p.fillRect(rect, bg)
        text = self.timer.text()
        caption = ""
        if self.timer.has_duration and not self.timer.expired and not self.timer.running:
            caption = _tr("pause") if self.timer.remaining() < self.timer.duration else ""
        main_rect = rect.adjusted(4, 2, -4, -2)
        if caption:
            main_rect.setBottom(rect.bottom() - rect.height() * 0.22)
        font = QFont(self.font())
        font.setBold(True)
        font.setStyleHint(QFont.StyleHint.SansSerif)
        if not self.timer.expired and self.timer.has_duration:
            # Digits of equal width: the numbers do not wobble as they count.
            font.setFeature(QFont.Tag("tnum"), 1)
        pt = self._fit(font, text, main_rect)
        font.setPointSizeF(pt)
        p.setFont(font)
        p.setPen(fg)
        p.drawText(main_rect, Qt.AlignmentFlag.AlignCenter, text)
        if caption:
            cap_rect = QRectF(
                rect.left(), main_rect.bottom(), rect.width(), rect.bottom() - main_rect.bottom()
            )
            cf = QFont(self.font())
            cf.setPointSizeF(max(8.0, min(pt * 0.3, cap_rect.height() * 0.55)))
            p.setFont(cf)
            p.drawText(cap_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, caption)
        p.end()

    def _fit(self, font: QFont, text: str, rect: QRectF) -> float:
        """The largest point size (≤ max) at which ``text`` fits ``rect``."""
        f = QFont(font)
        f.setPointSizeF(100.0)
        fm = QFontMetricsF(f)
        w = max(fm.horizontalAdvance(text), 1.0)
        h = max(fm.height(), 1.0)
        scale = min(rect.width() / w, rect.height() / h)
        return max(6.0, min(self._max_pt, 100.0 * scale * 0.95))


class TimerControls(QWidget):
    """Start/Pause, Nullstill and +1 min for a timer, with a small display."""

    def __init__(
        self, timer: WorkshopTimer, parent: QWidget | None = None, *, show_display: bool = True
    ) -> None:
        super().__init__(parent)
        self.timer = timer
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.display: TimerDisplay | None = None
        if show_display:
            self.display = TimerDisplay(timer, self, max_point_size=28.0)
            self.display.setMinimumSize(110, 34)
            self.display.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            self.display.setFixedHeight(40)
            row.addWidget(self.display)
        self.start_button = QPushButton(self)
        self.start_button.setAutoDefault(False)
        self.start_button.clicked.connect(timer.toggle)
        self.reset_button = QPushButton(_tr("Nullstill"), self)
        self.reset_button.setAutoDefault(False)
        self.reset_button.setToolTip(_tr("Tilbake til full tid for steget"))
        self.reset_button.clicked.connect(timer.reset)
        self.plus_button = QPushButton(_tr("+1 min"), self)
        self.plus_button.setAutoDefault(False)
        self.plus_button.setToolTip(_tr("Ett minutt til"))
        self.plus_button.clicked.connect(timer.add_minute)
        for b in (self.start_button, self.reset_button, self.plus_button):
            row.addWidget(b)
        timer.changed.connect(self._sync)
        self._sync()

    def _sync(self) -> None:
        t = self.timer
        self.start_button.setText(_tr("Pause") if t.running else _tr("Start"))
        self.start_button.setToolTip(
            _tr("Stopp nedtellingen midlertidig") if t.running else _tr("Start nedtellingen")
        )
        self.start_button.setEnabled(t.has_duration)
        self.reset_button.setEnabled(t.has_duration)
