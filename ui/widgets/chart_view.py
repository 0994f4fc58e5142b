"""A chart (PNG bytes from nvk_desktop.charts) shown scaled to fit, aspect ratio kept.

The chart is drawn for the space it has: the page hands over a render function
``render(size_in_inches, dpi) -> PNG`` and the view asks for a picture of its own
shape at one chart inch = ``LOGICAL_DPI`` screen pixels, times the screen's device
pixel ratio, so the text is at its real size and crisp on HiDPI screens instead of a
big picture shrunk until it cannot be read. Rendering runs through the project's
runner (matplotlib takes from a fraction of a second to a few seconds per chart), so
the window never freezes; until the picture comes, the old one is shown scaled.

The context menu (and Ctrl+C when the chart has focus) copies the picture; "Lagre som
PNG…" renders the chart once more at its natural size and print resolution.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QRect, QSize, QStandardPaths, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QImage,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QSizePolicy, QWidget

from nvk_desktop.errors import KnownError
from ui import errors
from ui.runner import Progress, Runner
from ui.widgets import style

T = TypeVar("T")
Size = tuple[float, float]
RenderFn = Callable[[Size | None, float], bytes]
"""(size in inches or None for the chart's own size, dpi) -> PNG bytes."""

LOGICAL_DPI = 80.0  # screen pixels per chart inch at device pixel ratio 1
SAVE_DPI = 200.0
MIN_INCHES = (6.0, 3.2)  # smaller than this the chart is drawn at this size and shrunk
STEP = 0.25  # sizes are rounded to this many inches, so a small resize reuses the picture
CACHE = 24


def _tr(text: str) -> str:
    return QCoreApplication.translate("ui.widgets.chart_view", text)


class ChartView(QWidget):
    def __init__(
        self,
        runner: Runner | None = None,
        parent: QWidget | None = None,
        *,
        max_height_ratio: float | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._max_ratio = max_height_ratio  # height/width the chart may take at most
        self._render: RenderFn | None = None
        self._key: Hashable | None = None
        self._file_name = "diagram"
        self._png: bytes | None = None
        self._pixmap: QPixmap | None = None
        self._scaled: QPixmap | None = None
        self._message = ""
        self._gen = 0
        self._pending: Hashable | None = None
        self._key_of_shown: Hashable | None = None
        self._cache: OrderedDict[Hashable, bytes] = OrderedDict()
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(350)
        self._resize_timer.timeout.connect(self._request)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, 160)
        self.copy_action = QAction(_tr("Kopier bilde"), self)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.triggered.connect(self.copy_image)
        self.save_action = QAction(_tr("Lagre som PNG…"), self)
        self.save_action.triggered.connect(self.ask_save)
        self.addAction(self.copy_action)
        self.addAction(self.save_action)
        self._update_actions()

    # -- public ----------------------------------------------------------------------
    def set_chart(self, key: Hashable, render: RenderFn, file_name: str = "diagram") -> None:
        """Show the chart ``render`` draws; ``key`` names it (same key = same picture)."""
        if key == self._key and self._render is not None:
            return
        self._key = key
        self._render = render
        self._file_name = file_name
        self._message = ""
        self._pending = None
        self._request()

    def clear(self, message: str = "") -> None:
        """No chart; ``message`` says why (shown in grey in the middle)."""
        self._key = None
        self._render = None
        self._pending = None
        self._gen += 1
        self._message = message
        self._set_png(None)

    def set_png(self, data: bytes | None, file_name: str = "diagram") -> None:
        """A fixed picture (no re-rendering), scaled to fit."""
        self._key = None
        self._render = None
        self._file_name = file_name
        self._message = ""
        self._set_png(data)

    def has_image(self) -> bool:
        return self._pixmap is not None and not self._pixmap.isNull()

    def png_bytes(self) -> bytes | None:
        return self._png

    def message(self) -> str:
        return self._message

    def image(self) -> QImage | None:
        return self._pixmap.toImage() if self.has_image() and self._pixmap else None

    def copy_image(self) -> None:
        image = self.image()
        if image is not None:
            QApplication.clipboard().setImage(image)

    def ask_save(self) -> None:
        if not self.has_image():
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        path, _ = QFileDialog.getSaveFileName(
            self,
            _tr("Lagre diagram"),
            str(Path(folder) / f"{self._file_name}.png"),
            _tr("PNG-bilde (*.png)"),
        )
        if path:
            self.save_png(Path(path))

    def save_png(self, path: Path) -> None:
        """Write the chart at print resolution (or the shown picture if it is fixed)."""
        if path.suffix.lower() != ".png":
            path = path.with_name(path.name + ".png")
        render, shown = self._render, self._png

        def work(_progress: Progress) -> Path:
            data = render(None, SAVE_DPI) if render is not None else shown
            if data is None:
                raise KnownError(_tr("Det er ikke noe diagram å lagre."))
            try:
                path.write_bytes(data)
            except OSError as e:
                raise KnownError(
                    _tr("Kunne ikke lagre bildet {name}.").format(name=path.name),
                    _tr("Velg en annen mappe eller et annet navn. ({error})").format(
                        error=e.strerror or e
                    ),
                ) from e
            return path

        self._run(_tr("Lagrer diagram"), work, None)

    # -- rendering -------------------------------------------------------------------
    def target_size(self) -> Size:
        """The chart size in inches that fills the view (rounded to STEP)."""
        w = max(self.width(), 1) / LOGICAL_DPI
        h = max(self.height(), 1) / LOGICAL_DPI
        if self._max_ratio is not None:
            h = min(h, w * self._max_ratio)
        w, h = max(w, MIN_INCHES[0]), max(h, MIN_INCHES[1])
        return (math.floor(w / STEP) * STEP, math.floor(h / STEP) * STEP)

    def _request(self) -> None:
        render = self._render
        if render is None or not self.isVisible():
            return
        size = self.target_size()
        dpr = max(self.devicePixelRatioF(), 1.0)
        cache_key = (self._key, size, dpr)
        if cache_key in self._cache:
            self._cache.move_to_end(cache_key)
            self._pending = None
            self._message = ""
            self._set_png(self._cache[cache_key])
            self._key_of_shown = self._key
            return
        if self._pending == cache_key:
            return
        self._pending = cache_key
        self._gen += 1
        gen = self._gen
        if self._key_of_shown != self._key:
            self._message = _tr("Lager diagram …")
            self._set_png(None)

        def work(_progress: Progress) -> bytes | None:
            if gen != self._gen:  # the view has moved on while this waited its turn
                return None
            return render(size, LOGICAL_DPI * dpr)

        def done(data: bytes | None) -> None:
            if data is None:
                return
            self._cache[cache_key] = data
            while len(self._cache) > CACHE:
                self._cache.popitem(last=False)
            if gen == self._gen:
                self._pending = None
                self._message = ""
                self._key_of_shown = cache_key[0]
                self._set_png(data)

        self._run(_tr("Lager diagram"), work, done)

    def _run(
        self,
        label: str,
        work: Callable[[Progress], T],
        done: Callable[[T], None] | None,
    ) -> None:
        if self._runner is not None:
            self._runner.run(label, work, done)
            return
        try:
            result = work(Progress())
        except KnownError as e:
            errors.show_known_error(self, e)
            return
        if done is not None:
            done(result)

    def _set_png(self, data: bytes | None) -> None:
        self._png = data
        self._scaled = None
        if data is None:
            self._pixmap = None
            self._key_of_shown = None
        else:
            pm = QPixmap()
            pm.loadFromData(data, "PNG")
            self._pixmap = pm if not pm.isNull() else None
        self._update_actions()
        self.update()

    def _update_actions(self) -> None:
        self.copy_action.setEnabled(self.has_image())
        self.save_action.setEnabled(self.has_image())

    # -- Qt --------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(640, 420)

    def _target_rect(self) -> QRect:
        assert self._pixmap is not None
        dpr = max(self.devicePixelRatioF(), 1.0)
        img = self._pixmap.size() / dpr  # logical size the picture was drawn for
        avail = self.contentsRect().size()
        scaled = img.scaled(avail, Qt.AspectRatioMode.KeepAspectRatio)
        if img.width() <= avail.width() and img.height() <= avail.height():
            scaled = img  # never enlarge: a blown-up picture is blurred
        x = self.contentsRect().x() + (avail.width() - scaled.width()) // 2
        y = self.contentsRect().y()
        return QRect(x, y, scaled.width(), scaled.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        if self._pixmap is not None:
            target = self._target_rect()
            dpr = max(self.devicePixelRatioF(), 1.0)
            physical = target.size() * dpr
            if self._scaled is None or self._scaled.size() != physical:
                if self._pixmap.size() == physical:
                    self._scaled = self._pixmap
                else:
                    self._scaled = self._pixmap.scaled(
                        physical,
                        Qt.AspectRatioMode.IgnoreAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                self._scaled.setDevicePixelRatio(dpr)
            painter.drawPixmap(target.topLeft(), self._scaled)
        elif self._message:
            painter.setPen(style.muted_fg(self.palette()))
            painter.drawText(
                self.rect().adjusted(16, 16, -16, -16),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self._message,
            )
        if self.hasFocus():
            pen = painter.pen()
            pen.setColor(style.accent(self.palette()))
            painter.setPen(pen)
            painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._scaled = None
        if self._render is not None:
            self._resize_timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._render is not None:
            QTimer.singleShot(0, self, self._request)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        menu.addAction(self.copy_action)
        menu.addAction(self.save_action)
        menu.exec(event.globalPos())
