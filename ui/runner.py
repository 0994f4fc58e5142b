"""The one way to run slow work off the GUI thread (DESIGN.md rule 4).

Work runs on a single background thread, one job after the other, so two jobs never
touch the project file at the same time (Anki's operations, Picard's run_task). The
result or the error comes back to the GUI thread through a queued signal; errors go to
the one place that shows them (ui.errors). A progress dialog appears only when the work
takes longer than a moment. Tests use ``inline=True``: the same paths, no thread
(Picard's FakeThreadPool).
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QProgressDialog, QWidget

from nvk_desktop.errors import KnownError
from ui import errors

T = TypeVar("T")

SHOW_PROGRESS_AFTER_MS = 400


class Cancelled(Exception):
    """Raised by work that stops because the user pressed Avbryt."""


class Progress:
    """Handed to the work: report how far it has come, and see whether to stop.

    ``update`` may be called from the worker thread as often as it likes; the dialog
    is updated through a queued signal.
    """

    def __init__(self, report: Callable[[int, int, str], None] | None = None) -> None:
        self._report = report
        self._cancelled = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        self._cancelled.set()

    def check(self) -> None:
        """Raise Cancelled if the user has asked to stop."""
        if self.cancelled:
            raise Cancelled

    def update(self, done: int, total: int, text: str = "") -> None:
        if self._report is not None:
            self._report(done, total, text)


class _Bridge(QObject):
    """Lives in the GUI thread as long as the runner; the worker emits, the GUI
    thread receives (queued). Jobs are told apart by their number."""

    progressed = Signal(int, int, int, str)
    finished = Signal(int, object)
    failed = Signal(int, object)


@dataclass
class _Job:
    label: str
    on_done: Callable[[Any], None] | None
    progress: Progress
    cancellable: bool
    dialog: QProgressDialog | None = None


class Runner(QObject):
    """Runs slow work on one background thread, with progress, cancel and errors."""

    def __init__(self, parent_widget: QWidget | None = None, *, inline: bool = False) -> None:
        super().__init__(parent_widget)
        self.parent_widget = parent_widget
        self.inline = inline
        self._pool: QThreadPool | None = None
        self._jobs: dict[int, _Job] = {}
        self._ids = itertools.count(1)
        self._bridge = _Bridge(self)
        queued = Qt.ConnectionType.QueuedConnection
        self._bridge.progressed.connect(self._on_progress, queued)
        self._bridge.finished.connect(self._on_finished, queued)
        self._bridge.failed.connect(self._on_failed, queued)

    # -- public ----------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def run(
        self,
        label: str,
        work: Callable[[Progress], T],
        on_done: Callable[[T], None] | None = None,
        *,
        cancellable: bool = False,
    ) -> None:
        """Run ``work(progress)``; then ``on_done(result)`` on the GUI thread.

        A KnownError is shown as a message, Cancelled is silent, anything else is a
        bug. Work that returns normally after a cancel still gets ``on_done``: the
        work decides what stopping early means.
        """
        if self.inline:
            self._run_inline(work, on_done)
            return
        job_id = next(self._ids)
        bridge = self._bridge
        progress = Progress(
            lambda done, total, text: bridge.progressed.emit(job_id, done, total, text)
        )
        self._jobs[job_id] = _Job(label, on_done, progress, cancellable)

        def execute() -> None:  # on the worker thread
            try:
                result = work(progress)
            except BaseException as e:  # noqa: BLE001 - every error goes to the GUI thread
                bridge.failed.emit(job_id, e)
            else:
                bridge.finished.emit(job_id, result)

        QTimer.singleShot(SHOW_PROGRESS_AFTER_MS, self, lambda: self._show_dialog(job_id))
        self._thread_pool().start(execute)

    def wait_idle(self, timeout_s: float = 30.0) -> bool:
        """Wait until every job has run and its result has been delivered (for tests
        and for closing a window). Returns False on timeout."""
        deadline = time.monotonic() + timeout_s
        while self._jobs:
            if time.monotonic() > deadline:
                return False
            if self._pool is not None:
                self._pool.waitForDone(20)
            QCoreApplication.processEvents()
        return True

    # -- internals -------------------------------------------------------------
    def _show_dialog(self, job_id: int) -> None:
        job = self._jobs.get(job_id)
        if job is None or job.dialog is not None:
            return
        box = QProgressDialog(job.label, "", 0, 0, self.parent_widget)
        box.setWindowTitle(self.tr("NVK Desktop"))
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setMinimumDuration(0)
        box.setAutoClose(False)
        box.setAutoReset(False)
        box.setMinimumWidth(380)
        if job.cancellable:
            box.setCancelButtonText(self.tr("Avbryt"))
            box.canceled.connect(job.progress.cancel)
        else:
            box.setCancelButton(None)
        job.dialog = box
        box.show()

    @Slot(int, int, int, str)
    def _on_progress(self, job_id: int, done: int, total: int, text: str) -> None:
        job = self._jobs.get(job_id)
        if job is None or job.dialog is None:
            return
        job.dialog.setMaximum(max(total, 0))
        job.dialog.setValue(min(done, total) if total > 0 else 0)
        if text:
            job.dialog.setLabelText(text)

    def _end(self, job_id: int) -> _Job | None:
        job = self._jobs.pop(job_id, None)
        if job is not None and job.dialog is not None:
            if job.cancellable:
                job.dialog.canceled.disconnect(job.progress.cancel)
            job.dialog.close()
            job.dialog.deleteLater()
            job.dialog = None
        return job

    @Slot(int, object)
    def _on_finished(self, job_id: int, result: object) -> None:
        job = self._end(job_id)
        if job is None or job.on_done is None:
            return
        try:
            job.on_done(result)
        except Exception as e:  # noqa: BLE001
            self._show_error(e)

    @Slot(int, object)
    def _on_failed(self, job_id: int, exc: object) -> None:
        self._end(job_id)
        assert isinstance(exc, BaseException)
        self._show_error(exc)

    def _thread_pool(self) -> QThreadPool:
        if self._pool is None:
            self._pool = QThreadPool(self)
            self._pool.setMaxThreadCount(1)  # one worker: jobs never overlap
        return self._pool

    def _run_inline(
        self, work: Callable[[Progress], T], on_done: Callable[[T], None] | None
    ) -> None:
        try:
            result = work(Progress())
        except BaseException as e:  # noqa: BLE001
            self._show_error(e)
            return
        if on_done is not None:
            try:
                on_done(result)
            except Exception as e:  # noqa: BLE001
                self._show_error(e)

    @Slot(object)
    def _show_error(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            return
        if isinstance(exc, KnownError):
            errors.show_known_error(self.parent_widget, exc)
        elif isinstance(exc, Exception):
            errors.show_bug(self.parent_widget, exc)
        else:  # KeyboardInterrupt, SystemExit: not ours to swallow
            raise exc
