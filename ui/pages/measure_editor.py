"""The editor of one tiltak (DOMAIN.md §8), and what the measure tabs share.

Every field of a measure is here: title and description, the improvement points and
areas it answers, responsible person and unit, start and deadline, resources, the
measures it waits for, status and progress, the follow-up log, effect indicators with
their measured values, and the survey areas/items it is meant to move (§9).

Saving: short fields are stored when they are left (Enter, Tab) or chosen; long texts
when the editor loses focus and after two seconds without typing; progress a moment
after the slider stops. Each store is one service call, so one undo step. Refusals
that belong to a field (a deadline before the start, a dependency circle) are shown
beside the field instead of in a message box.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.domain.measures import (
    EffectTarget,
    EffectTargetKind,
    FollowUp,
    Indicator,
    IndicatorStatus,
    IndicatorValue,
    Measure,
    MeasureStatus,
    format_number,
)
from nvk_desktop.domain.models import Person
from nvk_desktop.domain.text import sort_key
from nvk_desktop.errors import ValidationError
from nvk_desktop.services import indicators as indicators_service
from nvk_desktop.services import measures as measures_service
from ui import dialogs
from ui.context import ProjectContext
from ui.models import CENTER, RIGHT, Column, FilterProxy, RecordTableModel
from ui.widgets import style
from ui.widgets.dates import OptionalDateEdit, format_date, from_qdate, make_date_edit
from ui.widgets.keys import ListKeys, SearchKeys
from ui.widgets.page import ProjectPage
from ui.widgets.tables import EmptyOverlay, current_key, make_table, select_keys, selected_keys

CONTEXT = "MeasureEditor"
SAVE_AFTER_MS = 2000
PROGRESS_AFTER_MS = 700


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


# =========================================================================== helpers
def parse_number(text: str) -> float | None:
    """A number as Norwegians write it: "1 250 000", "12,5", "1.250.000 kr". Empty →
    None; anything else → ValueError."""
    t = text.strip().lower()
    for unit in ("timer", "time", "kr", "nok", "t", "%"):
        if t.endswith(unit):
            t = t[: -len(unit)]
            break
    for junk in ("\u00a0", "\u202f", " "):
        t = t.replace(junk, "")
    if not t:
        return None
    if "," in t:
        t = t.replace(".", "").replace(",", ".")
    elif t.count(".") > 1 or (t.count(".") == 1 and len(t.split(".")[1]) == 3):
        t = t.replace(".", "")  # 1.250.000 or 12.500 as thousands
    value = float(t)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(text)
    return value


def format_nok(value: float | None) -> str:
    return "" if value is None else f"{format_number(round(value), 0)} kr"


def format_hours(value: float | None) -> str:
    return "" if value is None else f"{format_number(value, 1)} t"


def perform_inline(
    ctx: ProjectContext, action: Callable[[], Any], show: Callable[[str], None]
) -> bool:
    """ctx.perform, but a ValidationError is given to ``show`` (a label beside the
    field) instead of a message box. True when the change was made."""
    caught: list[ValidationError] = []

    def run() -> bool:
        try:
            action()
        except ValidationError as e:
            caught.append(e)
            return False
        return True

    ok = ctx.perform(run)
    if caught:
        show(str(caught[0]))
        return False
    show("")
    return bool(ok)


def error_label(parent: QWidget | None = None) -> QLabel:
    """A red line under a field that says why it was refused (text, not colour alone)."""
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setObjectName("fieldError")
    pal = label.palette()
    pal.setColor(QPalette.ColorRole.WindowText, style.overdue_fg(pal))
    label.setPalette(pal)
    label.setVisible(False)
    return label


def set_error(label: QLabel, text: str) -> None:
    label.setText(("⚠ " + text) if text else "")
    label.setVisible(bool(text))


def status_colour(status: MeasureStatus, overdue: bool, at_risk: bool) -> QColor | None:
    if overdue or status is MeasureStatus.FORSINKET:
        return style.overdue_fg()
    if at_risk:
        return QColor("#8a5a00") if not style.is_dark() else QColor("#ffcc80")
    if status is MeasureStatus.FULLFORT:
        return style.done_fg()
    if status is MeasureStatus.AVBRUTT:
        return style.muted_fg()
    return None


def status_text(status: MeasureStatus, overdue: bool, risk: str | None) -> str:
    """The status in words, with "Forsinket"/"I faresonen" when the dates say so."""
    if overdue and status is not MeasureStatus.FORSINKET:
        return _t("{status} · Forsinket").format(status=status.label)
    if risk is not None and status is not MeasureStatus.FORSINKET:
        return _t("{status} · I faresonen").format(status=status.label)
    return status.label


def indicator_status_colour(status: IndicatorStatus) -> QColor | None:
    if status is IndicatorStatus.REACHED:
        return style.done_fg()
    if status is IndicatorStatus.BEHIND:
        return style.overdue_fg()
    if status in (IndicatorStatus.NO_TARGET, IndicatorStatus.NO_VALUES):
        return style.muted_fg()
    return None


def ask_save_path(parent: QWidget, title: str, start: Path, filters: str) -> str:
    """The save dialog (a function of its own so tests can answer it)."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(start), filters)
    return path


def ask_open_path(parent: QWidget, title: str, start: Path, filters: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, str(start), filters)
    return path


def offer_open(parent: QWidget, title: str, text: str, path: Path) -> None:
    """«Lagret som …» with Åpne / Vis i mappe / Lukk (a name of its own here so that
    tests can answer it)."""
    dialogs.offer_open(parent, title, text, path)


@dataclass(frozen=True)
class PointChoice:
    """An improvement point a measure can answer, with where it came from."""

    id: int
    title: str
    workshop: str
    area: str | None


def load_point_choices(ctx: ProjectContext) -> list[PointChoice]:
    """Every workshop's improvement points (services/workshop_points by workshop)."""
    from nvk_desktop.services import workshop_points, workshops

    out: list[PointChoice] = []
    for w in workshops.list_workshops(ctx.project):
        for p in workshop_points.list_points(ctx.project, w.id):
            out.append(PointChoice(p.id, p.title, w.name, p.area))
    return out


# =========================================================================== widgets
class NumberEdit(QLineEdit):
    """A number in Norwegian form; formatted when left, refused text kept with a
    message. ``committed`` fires when a valid, changed value is left."""

    committed = Signal()

    def __init__(
        self,
        formatter: Callable[[float | None], str],
        placeholder: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._format = formatter
        self._value: float | None = None
        self.error = ""
        self.setPlaceholderText(placeholder)
        self.editingFinished.connect(self._finished)

    def set_value(self, value: float | None) -> None:
        self._value = value
        self.error = ""
        if not (self.hasFocus() and self.isModified()):
            self.setText(self._format(value))
            self.setModified(False)

    def value(self) -> float | None:
        """The typed value (raises ValueError for text that is not a number)."""
        return parse_number(self.text())

    def stored(self) -> float | None:
        return self._value

    def _finished(self) -> None:
        try:
            v = self.value()
        except ValueError:
            self.error = _t("«{text}» er ikke et tall.").format(text=self.text().strip())
            self.committed.emit()
            return
        self.error = ""
        self.setText(self._format(v))
        self.setModified(False)
        self.committed.emit()


class CtrlEnter(QObject):
    """Ctrl+Enter in a text box runs an action (adds the log entry)."""

    def __init__(self, edit: QWidget, action: Callable[[], None]) -> None:
        super().__init__(edit)
        self._action = action
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
                event.modifiers() & Qt.KeyboardModifier.ControlModifier
            ):
                if event.type() == QEvent.Type.KeyPress:
                    self._action()
                event.accept()
                return True
        return False


class AutoSaveText(QPlainTextEdit):
    """A long text saved on focus-out and after two seconds without typing."""

    def __init__(self, save: Callable[[], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._save = save
        self.baseline = ""
        self._loading = False
        self._saving = False
        self.setTabChangesFocus(True)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_AFTER_MS)
        self.timer.timeout.connect(self.save)
        self.textChanged.connect(self._typed)

    @property
    def dirty(self) -> bool:
        return self.toPlainText() != self.baseline

    def set_stored(self, text: str, *, force: bool = False) -> None:
        if (force or not self.dirty) and self.toPlainText() != text:
            self._loading = True
            try:
                self.setPlainText(text)
            finally:
                self._loading = False
        self.baseline = text
        if force:
            self.timer.stop()

    def _typed(self) -> None:
        if self._loading:
            return
        if self.dirty:
            self.timer.start()
        else:
            self.timer.stop()

    def save(self) -> bool:
        self.timer.stop()
        if not self.dirty:
            return True
        if self._saving or self.isReadOnly():
            return False
        self._saving = True
        try:
            return self._save()
        finally:
            self._saving = False

    def focusOutEvent(self, e: QFocusEvent) -> None:
        super().focusOutEvent(e)
        if e.reason() not in (
            Qt.FocusReason.PopupFocusReason,
            Qt.FocusReason.ActiveWindowFocusReason,
        ):
            self.save()


class Sparkline(QWidget):
    """An indicator's measured values as a small line, with the baseline and the
    target as dashed lines (labelled), so the trend is seen at a glance."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ind: Indicator | None = None
        self.setMinimumHeight(70)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(86)

    def set_indicator(self, ind: Indicator | None) -> None:
        self._ind = ind
        if ind is None:
            self.setAccessibleDescription("")
        else:
            vals = ", ".join(
                f"{format_date(v.measured_on)}: {format_number(v.value)}" for v in ind.values
            )
            self.setAccessibleDescription(vals or _t("Ingen målinger"))
            self.setToolTip(vals)
        self.update()

    def points(self) -> list[QPointF]:
        """Where the values are drawn (for tests and the painter)."""
        ind = self._ind
        if ind is None or not ind.values:
            return []
        r = self._plot_rect()
        ys = [v.value for v in ind.values]
        for extra in (ind.baseline, ind.target):
            if extra is not None:
                ys.append(extra)
        lo, hi = min(ys), max(ys)
        if hi - lo < 1e-9:
            lo, hi = lo - 1, hi + 1
        d0 = min(v.measured_on for v in ind.values)
        d1 = max(v.measured_on for v in ind.values)
        span = max((d1 - d0).days, 1)
        out = []
        for v in ind.values:
            x = r.left() + (
                r.width() * ((v.measured_on - d0).days / span) if d1 > d0 else r.width() / 2
            )
            y = r.bottom() - (v.value - lo) / (hi - lo) * r.height()
            out.append(QPointF(x, y))
        return out

    def _plot_rect(self) -> QRectF:
        return QRectF(8, 10, max(self.width() - 110, 40), self.height() - 20)

    def _y(self, value: float) -> float:
        ind = self._ind
        assert ind is not None
        ys = [v.value for v in ind.values] + [
            x for x in (ind.baseline, ind.target) if x is not None
        ]
        lo, hi = min(ys), max(ys)
        if hi - lo < 1e-9:
            lo, hi = lo - 1, hi + 1
        r = self._plot_rect()
        return r.bottom() - (value - lo) / (hi - lo) * r.height()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        muted = style.muted_fg(pal)
        p.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
        p.setBrush(pal.color(QPalette.ColorRole.Base))
        p.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        ind = self._ind
        if ind is None or not ind.values:
            p.setPen(muted)
            p.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter,
                _t("Ingen målinger ennå") if ind is not None else _t("Velg en indikator"),
            )
            return
        r = self._plot_rect()
        fm = p.fontMetrics()
        for value, label, colour in (
            (ind.baseline, _t("Utgangspunkt"), muted),
            (ind.target, _t("Mål"), QColor("#009E73")),
        ):
            if value is None:
                continue
            y = self._y(value)
            pen = QPen(colour, 1, Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawLine(QPointF(r.left(), y), QPointF(r.right(), y))
            p.drawText(
                QRectF(r.right() + 6, y - fm.height() / 2, 100, fm.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{label} {format_number(value)}",
            )
        pts = self.points()
        line = QColor("#0072B2")
        p.setPen(QPen(line, 2))
        path = QPainterPath(pts[0])
        for pt in pts[1:]:
            path.lineTo(pt)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
        p.setBrush(line)
        for pt in pts:
            p.drawEllipse(pt, 3, 3)


# =========================================================================== dialogs
class NewMeasureDialog(dialogs.EditDialog):
    """Ctrl+N: a new measure, standing alone or answering an improvement point. With a
    point, several titles (one per line) give several measures in one step."""

    def __init__(
        self,
        ctx: ProjectContext,
        points: Sequence[PointChoice],
        *,
        point_id: int | None = None,
        from_point: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx,
            _t("Lag tiltak fra forbedringspunkt") if from_point else _t("Nytt tiltak"),
            parent,
        )
        self.new_ids: list[int] = []
        self.points = list(points)
        self.code_label = QLabel(measures_service.next_code(ctx.project), self)
        self.point_combo = QComboBox(self)
        self.point_combo.addItem(_t("Ingen – tiltaket står alene"), None)
        for p in self.points:
            self.point_combo.addItem(f"{p.title}  ({p.workshop})", p.id)
        if point_id is not None:
            self.point_combo.setCurrentIndex(max(self.point_combo.findData(point_id), 0))
        self.title_edit = QPlainTextEdit(self)
        self.title_edit.setTabChangesFocus(True)
        self.title_edit.setPlaceholderText(
            _t("For eksempel «Digital forhåndskonferanse for byggesaker»")
        )
        self.title_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 14)
        self.hint = style.hint("", self)
        self.form.addRow(_t("Kode:"), self.code_label)
        self.form.addRow(_t("&Forbedringspunkt:"), self.point_combo)
        self.form.addRow(_t("&Tittel:"), self.title_edit)
        self.form.addRow("", self.hint)
        if not self.points:
            self.point_combo.setEnabled(False)
            self.point_combo.setToolTip(_t("Ingen forbedringspunkter fra verksted ennå."))
        self.point_combo.currentIndexChanged.connect(self._point_changed)
        self._point_changed()
        # Enter in the title is OK (a new line only with Shift+Enter).
        self.title_edit.installEventFilter(self)
        (
            self.point_combo if from_point and point_id is None and self.points else self.title_edit
        ).setFocus()
        self.setMinimumWidth(560)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if (
            watched is self.title_edit
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not (event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        ):
            self.accept()
            return True
        return False

    def _point_changed(self) -> None:
        pid = self.point_combo.currentData()
        if pid is None:
            self.hint.setText(_t("Enter lager tiltaket. Du fyller ut resten i skjemaet til høyre."))
        else:
            self.hint.setText(
                _t(
                    "Ett tiltak per linje (Shift+Enter gir ny linje). Tiltakene svarer på punktet og får "
                    "området dets."
                )
            )
            if not self.title_edit.toPlainText().strip():
                p = next((p for p in self.points if p.id == pid), None)
                if p is not None:
                    self.title_edit.setPlainText(p.title)
                    self.title_edit.selectAll()

    def apply(self) -> bool:
        pid = self.point_combo.currentData()
        text = self.title_edit.toPlainText()
        project = self.ctx.project
        if pid is None:
            title = " ".join(text.split())
            new_id = self.ctx.perform(
                lambda: measures_service.create_measure(project, Measure(title=title))
            )
            if new_id is None:
                return False
            self.new_ids = [new_id]
            return True
        titles = [line for line in text.splitlines() if line.strip()]
        ids = self.ctx.perform(
            lambda: measures_service.create_measures_from_point(project, pid, titles)
        )
        if ids is None:
            return False
        self.new_ids = list(ids)
        return True


class MeasurePickerDialog(QDialog):
    """Choose measures (the ones this measure waits for), with a search box."""

    def __init__(
        self, measures: Sequence[Measure], *, title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        cols: list[Column[Measure]] = [
            Column(_t("ID"), lambda m: m.code, width=70),
            Column(_t("Tiltak"), lambda m: m.title, stretch=True, tooltip=lambda m: m.title),
            Column(_t("Status"), lambda m: m.status.label, width=110),
        ]
        self.model: RecordTableModel[Measure] = RecordTableModel(cols, parent=self)
        self.model.set_rows(measures)
        self.proxy = FilterProxy(self.model, self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_t("Søk etter kode eller tittel"))
        self.search.setClearButtonEnabled(True)
        self.table = make_table(self.proxy, self, multi=True, sortable=False)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.doubleClicked.connect(lambda _i: self.accept())
        self.search.textChanged.connect(lambda t: self.proxy.setFilterFixedString(t.strip()))
        SearchKeys(self.search, self.table)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_t("Velg"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_t("Avbryt"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(style.hint(_t("Hold Ctrl eller Shift nede for å velge flere."), self))
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        EmptyOverlay(self.table, _t("Ingen andre tiltak å velge."))
        self.resize(620, 460)
        select_keys(self.table, [], fallback_row=0)
        self.search.setFocus()

    def selected_ids(self) -> list[int]:
        return [int(k) for k in selected_keys(self.table) if isinstance(k, int)]

    def select_ids(self, ids: Sequence[int]) -> None:
        select_keys(self.table, list(ids))


class FollowUpDialog(dialogs.EditDialog):
    def __init__(
        self,
        ctx: ProjectContext,
        entry: FollowUp,
        people: Sequence[Person],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, _t("Endre oppføring i oppfølgingsloggen"), parent)
        self.entry = entry
        self.date_edit = make_date_edit(entry.entry_on, self)
        self.text_edit = QPlainTextEdit(entry.text, self)
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 14)
        self.author_combo = person_combo(people, entry.author_id, self)
        self.form.addRow(_t("&Dato:"), self.date_edit)
        self.form.addRow(_t("&Hva skjedde:"), self.text_edit)
        self.form.addRow(_t("&Skrevet av:"), self.author_combo)
        self.text_edit.setFocus()

    def apply(self) -> bool:
        e = replace(
            self.entry,
            entry_on=from_qdate(self.date_edit.date()),
            text=self.text_edit.toPlainText(),
            author_id=self.author_combo.currentData(),
        )
        if e == self.entry:
            return True
        return dialogs.perform_ok(
            self.ctx, lambda: measures_service.update_follow_up(self.ctx.project, e)
        )


class IndicatorDialog(dialogs.EditDialog):
    """A KPI: name, unit, baseline and target with dates, and its direction."""

    def __init__(
        self,
        ctx: ProjectContext,
        measure_id: int,
        indicator: Indicator | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx, _t("Ny indikator") if indicator is None else _t("Endre indikator"), parent
        )
        self.measure_id = measure_id
        self.indicator = indicator
        self.new_id: int | None = None
        ind = indicator or Indicator(name="")
        self.name_edit = QLineEdit(ind.name, self)
        self.name_edit.setPlaceholderText(_t("For eksempel «Median saksbehandlingstid byggesak»"))
        self.unit_edit = QLineEdit(ind.unit, self)
        self.unit_edit.setPlaceholderText(_t("For eksempel «dager», «%», «antall»"))
        self.baseline_edit = NumberEdit(lambda v: format_number(v), _t("Tall"), self)
        self.baseline_edit.set_value(ind.baseline)
        self.baseline_date = OptionalDateEdit(_t("Målt"), ind.baseline_on, self)
        self.target_edit = NumberEdit(lambda v: format_number(v), _t("Tall"), self)
        self.target_edit.set_value(ind.target)
        self.target_date = OptionalDateEdit(_t("Innen"), ind.target_on, self)
        self.lower_check = QCheckBox(_t("&Lavere er bedre (for eksempel dager eller klager)"), self)
        self.lower_check.setChecked(ind.lower_is_better)
        self.error = error_label(self)
        base_row = QHBoxLayout()
        base_row.addWidget(self.baseline_edit, 1)
        base_row.addWidget(self.baseline_date, 2)
        target_row = QHBoxLayout()
        target_row.addWidget(self.target_edit, 1)
        target_row.addWidget(self.target_date, 2)
        self.form.addRow(_t("&Navn:"), self.name_edit)
        self.form.addRow(_t("&Enhet:"), self.unit_edit)
        self.form.addRow(_t("&Utgangsverdi:"), base_row)
        self.form.addRow(_t("&Mål:"), target_row)
        self.form.addRow("", self.lower_check)
        self.form.addRow("", self.error)
        self.name_edit.setFocus()
        self.setMinimumWidth(560)

    def value(self) -> Indicator | None:
        try:
            baseline = self.baseline_edit.value()
            target = self.target_edit.value()
        except ValueError:
            set_error(
                self.error, _t("Utgangsverdi og mål må være tall (for eksempel 24 eller 12,5).")
            )
            return None
        base = self.indicator or Indicator(name="", measure_id=self.measure_id)
        return replace(
            base,
            name=self.name_edit.text(),
            unit=self.unit_edit.text(),
            baseline=baseline,
            baseline_on=self.baseline_date.value(),
            target=target,
            target_on=self.target_date.value(),
            lower_is_better=self.lower_check.isChecked(),
            measure_id=self.measure_id,
        )

    def apply(self) -> bool:
        ind = self.value()
        if ind is None:
            return False
        project = self.ctx.project
        if self.indicator is None:
            self.new_id = self.ctx.perform(lambda: indicators_service.add_indicator(project, ind))
            return self.new_id is not None
        if ind == self.indicator:
            return True
        return dialogs.perform_ok(
            self.ctx, lambda: indicators_service.update_indicator(project, ind)
        )


def person_combo(
    people: Sequence[Person], current: int | None, parent: QWidget | None = None
) -> QComboBox:
    combo = QComboBox(parent)
    fill_person_combo(combo, people, current)
    return combo


def fill_person_combo(combo: QComboBox, people: Sequence[Person], current: int | None) -> None:
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(_t("(ingen)"), None)
    for p in sorted(people, key=lambda p: sort_key(p.name)):
        combo.addItem(f"{p.name} – {p.organisation}" if p.organisation else p.name, p.id)
    combo.setCurrentIndex(max(combo.findData(current), 0) if current is not None else 0)
    combo.blockSignals(False)


# =========================================================================== editor
@dataclass
class EditorData:
    """What the editor needs besides the measure (loaded once per page reload)."""

    people: list[Person]
    measures: list[Measure]
    points: list[PointChoice]
    targets: list[EffectTarget]
    areas: dict[str, str]


class MeasureEditor(QScrollArea):
    """The form of one measure. Every control is registered with the page, so it is
    off when the project is read-only."""

    def __init__(self, page: ProjectPage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = page
        self.ctx = page.ctx
        self.measure: Measure | None = None
        self.data = EditorData([], [], [], [], {})
        self.follow_ups: list[FollowUp] = []
        self._loading = False
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        body.setObjectName("measureEditor")
        self.setWidget(body)
        self.body = body
        outer = QVBoxLayout(body)
        outer.setContentsMargins(4, 0, 12, 12)
        outer.setSpacing(10)
        ed = page.editing

        # -- title -------------------------------------------------------------------
        self.code_label = style.heading("", 1.25)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.plan_label = style.hint("")
        self.plan_label.setWordWrap(False)
        head = QHBoxLayout()
        head.addWidget(self.code_label)
        head.addStretch(1)
        head.addWidget(self.plan_label)
        outer.addLayout(head)
        self.title_edit = ed(QLineEdit())
        assert isinstance(self.title_edit, QLineEdit)
        self.title_edit.setAccessibleName(_t("Tittel"))
        self.title_edit.setPlaceholderText(_t("Tittel på tiltaket"))
        self.title_edit.editingFinished.connect(self.commit_fields)
        self.description_edit = AutoSaveText(self.commit_fields)
        ed(self.description_edit)
        self.description_edit.setAccessibleName(_t("Beskrivelse"))
        self.description_edit.setPlaceholderText(
            _t("Hva skal gjøres, for hvem, og hvordan vet vi at det virker? (lagres fortløpende)")
        )
        self.description_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 14)
        self.fields_error = error_label()
        basics = QFormLayout()
        basics.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        title_label = QLabel(_t("&Tittel:"))
        title_label.setBuddy(self.title_edit)
        desc_label = QLabel(_t("&Beskrivelse:"))
        desc_label.setBuddy(self.description_edit)
        basics.addRow(title_label, self.title_edit)
        basics.addRow(desc_label, self.description_edit)
        outer.addLayout(basics)

        # -- responsibility, time, status ---------------------------------------------------
        plan_box = QGroupBox(_t("Ansvar, tid og status"))
        grid = QGridLayout(plan_box)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        self.responsible_combo = ed(QComboBox())
        assert isinstance(self.responsible_combo, QComboBox)
        self.responsible_combo.setAccessibleName(_t("Ansvarlig"))
        self.responsible_combo.setMinimumContentsLength(16)
        self.responsible_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.responsible_combo.activated.connect(lambda _i: self.commit_fields())
        self.unit_edit = ed(QLineEdit())
        assert isinstance(self.unit_edit, QLineEdit)
        self.unit_edit.setPlaceholderText(_t("For eksempel «Plan og byggesak»"))
        self.unit_edit.editingFinished.connect(self.commit_fields)
        self._date_timer = QTimer(self)
        self.start_edit = OptionalDateEdit(_t("Start"))
        self.deadline_edit = OptionalDateEdit(_t("Frist"))
        for w in (self.start_edit, self.deadline_edit):
            ed(w)
            w.check.toggled.connect(lambda _c: self._date_timer.start())
            w.edit.dateChanged.connect(lambda _d: self._date_timer.start())
            w.edit.editingFinished.connect(self.commit_fields)
        self._date_timer.setSingleShot(True)
        self._date_timer.setInterval(900)
        self._date_timer.timeout.connect(self.commit_fields)
        self.status_combo = ed(dialogs.enum_combo(list(MeasureStatus)))
        assert isinstance(self.status_combo, QComboBox)
        self.status_combo.setAccessibleName(_t("Status"))
        self.status_combo.activated.connect(lambda _i: self.commit_status())
        self.progress_slider = ed(QSlider(Qt.Orientation.Horizontal))
        assert isinstance(self.progress_slider, QSlider)
        self.progress_slider.setRange(0, 100)
        self.progress_slider.setSingleStep(5)
        self.progress_slider.setPageStep(10)
        self.progress_slider.setTickInterval(25)
        self.progress_slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.progress_slider.setAccessibleName(_t("Fremdrift"))
        self.progress_spin = ed(QSpinBox())
        assert isinstance(self.progress_spin, QSpinBox)
        self.progress_spin.setRange(0, 100)
        self.progress_spin.setSuffix(" %")
        self.progress_spin.setAccessibleName(_t("Fremdrift i prosent"))
        self.progress_slider.valueChanged.connect(self._slider_moved)
        self.progress_spin.valueChanged.connect(self._spin_moved)
        self.progress_spin.editingFinished.connect(self.commit_progress)
        self.progress_slider.sliderReleased.connect(self.commit_progress)
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(PROGRESS_AFTER_MS)
        self._progress_timer.timeout.connect(self.commit_progress)
        self.status_note = style.hint("")
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_slider, 1)
        progress_row.addWidget(self.progress_spin)

        def lab(text: str, buddy: QWidget) -> QLabel:
            label = QLabel(text)
            label.setBuddy(buddy)
            return label

        rows_plan: list[tuple[str, QWidget, QWidget | QHBoxLayout]] = [
            (_t("&Ansvarlig:"), self.responsible_combo, self.responsible_combo),
            (_t("&Enhet:"), self.unit_edit, self.unit_edit),
            (_t("Start:"), self.start_edit, self.start_edit),
            (_t("Fr&ist:"), self.deadline_edit, self.deadline_edit),
            (_t("&Status:"), self.status_combo, self.status_combo),
            (_t("&Fremdrift:"), self.progress_spin, progress_row),
        ]
        for i, (text, buddy, field) in enumerate(rows_plan):
            grid.addWidget(lab(text, buddy), i, 0)
            if isinstance(field, QHBoxLayout):
                grid.addLayout(field, i, 1)
            else:
                grid.addWidget(field, i, 1)
        grid.addWidget(self.status_note, 6, 0, 1, 2)
        grid.addWidget(self.fields_error, 7, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        outer.addWidget(plan_box)

        # -- resources -------------------------------------------------------------------
        res_box = QGroupBox(_t("Ressurser"))
        res = QGridLayout(res_box)
        res.setHorizontalSpacing(12)
        self.hours_edit = NumberEdit(format_hours, _t("Timer"))
        self.cost_edit = NumberEdit(format_nok, _t("Kroner"))
        self.hours_edit.setAccessibleName(_t("Timer"))
        self.cost_edit.setAccessibleName(_t("Kostnad i kroner"))
        self.funding_edit = QLineEdit()
        self.funding_edit.setPlaceholderText(_t("For eksempel «Kommunalt næringsfond», «Drift»"))
        for w in (self.hours_edit, self.cost_edit, self.funding_edit):
            ed(w)
        self.hours_edit.committed.connect(self.commit_fields)
        self.cost_edit.committed.connect(self.commit_fields)
        self.funding_edit.editingFinished.connect(self.commit_fields)
        res.addWidget(lab(_t("T&imer:"), self.hours_edit), 0, 0)
        res.addWidget(self.hours_edit, 0, 1)
        res.addWidget(lab(_t("&Kostnad:"), self.cost_edit), 1, 0)
        res.addWidget(self.cost_edit, 1, 1)
        res.addWidget(lab(_t("Fi&nansiering:"), self.funding_edit), 2, 0)
        res.addWidget(self.funding_edit, 2, 1)
        res.setColumnStretch(1, 1)
        outer.addWidget(res_box)

        # -- points and areas ----------------------------------------------------------------
        links = QVBoxLayout()
        points_box = QGroupBox(_t("Svarer på forbedringspunkter"))
        pv = QVBoxLayout(points_box)
        self.points_list = QListWidget()
        ed(self.points_list)
        self.points_list.setAccessibleName(_t("Forbedringspunkter"))
        self.points_list.itemChanged.connect(lambda _i: self._later(self.commit_points))
        self.points_list.setMinimumHeight(90)
        self.points_empty = style.hint(
            _t("Ingen forbedringspunkter fra verksted ennå. Tiltaket kan stå alene.")
        )
        pv.addWidget(self.points_list, 1)
        pv.addWidget(self.points_empty)
        areas_box = QGroupBox(_t("Områder"))
        av = QVBoxLayout(areas_box)
        self.areas_list = QListWidget()
        ed(self.areas_list)
        self.areas_list.setAccessibleName(_t("Områder"))
        self.areas_list.itemChanged.connect(lambda _i: self._later(self.commit_areas))
        av.addWidget(self.areas_list)
        links.addWidget(points_box)
        links.addWidget(areas_box)
        outer.addLayout(links)

        # -- dependencies ----------------------------------------------------------------------
        dep_box = QGroupBox(_t("Avhenger av (må gjøres først)"))
        dv = QVBoxLayout(dep_box)
        self.dep_list = QListWidget()
        self.dep_list.setAccessibleName(_t("Avhengigheter"))
        self.dep_list.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 16)
        self.dep_add = page.button(_t("Legg til…"), _t("Velg tiltak dette venter på (Insert)"))
        self.dep_remove = page.button(_t("Fjern"), _t("Fjern avhengigheten (Delete)"))
        self.dep_add.clicked.connect(self.add_dependencies)
        self.dep_remove.clicked.connect(self.remove_dependency)
        self.dep_list.currentRowChanged.connect(lambda _r: page.update_actions())
        ListKeys(
            self.dep_list,
            add=self.add_dependencies,
            remove=self.remove_dependency,
            enabled=lambda: page.writable,
        )
        self.dep_error = error_label()
        drow = QHBoxLayout()
        drow.addWidget(self.dep_list, 1)
        dbtn = QVBoxLayout()
        dbtn.addWidget(self.dep_add)
        dbtn.addWidget(self.dep_remove)
        dbtn.addStretch(1)
        drow.addLayout(dbtn)
        dv.addLayout(drow)
        dv.addWidget(self.dep_error)
        outer.addWidget(dep_box)

        # -- follow-up log ---------------------------------------------------------------------
        log_box = QGroupBox(_t("Oppfølgingslogg"))
        lv = QVBoxLayout(log_box)
        self.log_date = ed(make_date_edit(date.today()))
        self.log_date.setAccessibleName(_t("Dato for oppføringen"))
        self.log_text = QPlainTextEdit()
        ed(self.log_text)
        self.log_text.setTabChangesFocus(True)
        self.log_text.setAccessibleName(_t("Ny oppføring"))
        self.log_text.setPlaceholderText(_t("Hva har skjedd? Ctrl+Enter legger til."))
        self.log_text.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.log_add = page.button(_t("Legg til"), _t("Legg til oppføringen (Ctrl+Enter)"))
        self.log_add.clicked.connect(self.add_follow_up)
        self._ctrl_enter = CtrlEnter(self.log_text, self.add_follow_up)
        self.log_error = error_label()
        new_row = QHBoxLayout()
        dcol = QVBoxLayout()
        dcol.addWidget(self.log_date)
        dcol.addWidget(self.log_add)
        dcol.addStretch(1)
        new_row.addLayout(dcol)
        new_row.addWidget(self.log_text, 1)
        log_cols: list[Column[FollowUp]] = [
            Column(
                _t("Dato"),
                lambda f: format_date(f.entry_on),
                sort=lambda f: (f.entry_on.isoformat(), f.id or 0),
                width=95,
            ),
            Column(
                _t("Hva skjedde"),
                lambda f: " ".join(f.text.split()),
                tooltip=lambda f: f.text,
                stretch=True,
            ),
            Column(_t("Skrevet av"), lambda f: f.author_name, width=150),
        ]
        self.log_model: RecordTableModel[FollowUp] = RecordTableModel(log_cols, parent=self)
        self.log_proxy = FilterProxy(self.log_model, self)
        self.log_table = make_table(self.log_proxy, sortable=False)
        self.log_table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.log_table.setAccessibleName(_t("Oppfølgingslogg"))
        self.log_table.setMinimumHeight(
            self.log_table.verticalHeader().defaultSectionSize() * 4 + 30
        )
        self.log_table.doubleClicked.connect(lambda _i: self.edit_follow_up())
        self.log_table.selectionModel().selectionChanged.connect(lambda *_: page.update_actions())
        self.log_empty = EmptyOverlay(self.log_table, _t("Ingen oppføringer ennå."))
        ListKeys(
            self.log_table,
            edit=self.edit_follow_up,
            remove=self.delete_follow_up,
            enabled=lambda: page.writable,
        )
        self.log_edit = page.button(_t("Endre…"), _t("Endre oppføringen (F2)"))
        self.log_delete = page.button(_t("Slett"), _t("Slett oppføringen (Delete)"))
        self.log_edit.clicked.connect(self.edit_follow_up)
        self.log_delete.clicked.connect(self.delete_follow_up)
        lbtn = QHBoxLayout()
        lbtn.addWidget(style.hint(_t("Nyeste øverst. F2 endrer, Delete sletter.")), 1)
        lbtn.addWidget(self.log_edit)
        lbtn.addWidget(self.log_delete)
        lv.addLayout(new_row)
        lv.addWidget(self.log_error)
        lv.addWidget(self.log_table, 1)
        lv.addLayout(lbtn)
        outer.addWidget(log_box)

        # -- indicators ------------------------------------------------------------------------
        ind_box = QGroupBox(_t("Effektindikatorer"))
        iv = QVBoxLayout(ind_box)
        ind_cols: list[Column[Indicator]] = [
            Column(_t("Indikator"), lambda i: i.name, tooltip=lambda i: i.name, stretch=True),
            Column(_t("Enhet"), lambda i: i.unit, width=70),
            Column(
                _t("Utgangspunkt"),
                lambda i: _value_at(i.baseline, i.baseline_on),
                width=150,
                align=RIGHT,
            ),
            Column(_t("Mål"), lambda i: _value_at(i.target, i.target_on), width=150, align=RIGHT),
            Column(
                _t("Siste måling"),
                lambda i: _value_at(i.latest.value, i.latest.measured_on) if i.latest else "",
                width=150,
                align=RIGHT,
            ),
            Column(
                _t("Status"),
                lambda i: i.status().label,
                foreground=lambda i: indicator_status_colour(i.status()),
                bold=lambda i: i.status() is IndicatorStatus.BEHIND,
                width=110,
            ),
        ]
        self.ind_model: RecordTableModel[Indicator] = RecordTableModel(ind_cols, parent=self)
        self.ind_proxy = FilterProxy(self.ind_model, self)
        self.ind_table = make_table(self.ind_proxy, sortable=False)
        self.ind_table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.ind_table.setAccessibleName(_t("Effektindikatorer"))
        self.ind_table.setMinimumHeight(
            self.ind_table.verticalHeader().defaultSectionSize() * 3 + 30
        )
        self.ind_table.doubleClicked.connect(lambda _i: self.edit_indicator())
        self.ind_table.selectionModel().selectionChanged.connect(lambda *_: self._show_indicator())
        self.ind_empty = EmptyOverlay(
            self.ind_table,
            _t(
                "Ingen indikator ennå. «Ny indikator…» (Insert) gir tiltaket et måltall, for eksempel "
                "median saksbehandlingstid i dager."
            ),
        )
        ListKeys(
            self.ind_table,
            add=self.add_indicator,
            edit=self.edit_indicator,
            remove=self.delete_indicator,
            enabled=lambda: page.writable,
        )
        self.ind_add = page.button(_t("Ny indikator…"), _t("Ny indikator (Insert)"))
        self.ind_edit = page.button(_t("Endre…"), _t("Endre indikatoren (F2)"))
        self.ind_delete = page.button(_t("Slett"), _t("Slett indikatoren med målingene (Delete)"))
        self.ind_add.clicked.connect(self.add_indicator)
        self.ind_edit.clicked.connect(self.edit_indicator)
        self.ind_delete.clicked.connect(self.delete_indicator)
        ibtn = QHBoxLayout()
        ibtn.addStretch(1)
        ibtn.addWidget(self.ind_add)
        ibtn.addWidget(self.ind_edit)
        ibtn.addWidget(self.ind_delete)
        # the chosen indicator's values
        self.ind_status = QLabel()
        self.ind_status.setWordWrap(True)
        self.sparkline = Sparkline()
        val_cols: list[Column[IndicatorValue]] = [
            Column(_t("Dato"), lambda v: format_date(v.measured_on), width=95),
            Column(_t("Verdi"), lambda v: format_number(v.value), width=90, align=RIGHT),
            Column(_t("Merknad"), lambda v: v.note, tooltip=lambda v: v.note or None, stretch=True),
        ]
        self.val_model: RecordTableModel[IndicatorValue] = RecordTableModel(val_cols, parent=self)
        self.val_proxy = FilterProxy(self.val_model, self)
        self.val_table = make_table(self.val_proxy, sortable=False)
        self.val_table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.val_table.setAccessibleName(_t("Målinger"))
        self.val_table.setMinimumHeight(
            self.val_table.verticalHeader().defaultSectionSize() * 3 + 30
        )
        self.val_table.selectionModel().selectionChanged.connect(lambda *_: page.update_actions())
        EmptyOverlay(self.val_table, _t("Ingen målinger ennå."))
        ListKeys(self.val_table, remove=self.delete_value, enabled=lambda: page.writable)
        self.val_date = ed(make_date_edit(date.today()))
        self.val_date.setAccessibleName(_t("Dato for målingen"))
        self.val_value = NumberEdit(lambda v: format_number(v), _t("Verdi"))
        self.val_value.setMinimumWidth(70)
        ed(self.val_value)
        self.val_value.setAccessibleName(_t("Målt verdi"))
        self.val_note = ed(QLineEdit())
        assert isinstance(self.val_note, QLineEdit)
        self.val_note.setPlaceholderText(_t("Merknad (valgfritt)"))
        self.val_add = page.button(_t("Legg til måling"), _t("Legg til målingen (Enter i feltet)"))
        self.val_delete = page.button(_t("Slett måling"), _t("Slett den valgte målingen (Delete)"))
        self.val_add.clicked.connect(self.add_value)
        self.val_delete.clicked.connect(self.delete_value)
        self.val_value.returnPressed.connect(self.add_value)
        self.val_note.returnPressed.connect(self.add_value)
        self.val_error = error_label()
        vrow = QHBoxLayout()
        vrow.addWidget(self.val_date)
        vrow.addWidget(self.val_value)
        vrow.addWidget(self.val_note, 1)
        vbtn = QHBoxLayout()
        vbtn.addStretch(1)
        vbtn.addWidget(self.val_add)
        vbtn.addWidget(self.val_delete)
        values_side = QVBoxLayout()
        values_side.addWidget(self.ind_status)
        values_side.addWidget(self.sparkline)
        values_side.addWidget(self.val_table, 1)
        values_side.addLayout(vrow)
        values_side.addLayout(vbtn)
        values_side.addWidget(self.val_error)
        iv.addWidget(self.ind_table, 1)
        iv.addLayout(ibtn)
        iv.addLayout(values_side)
        outer.addWidget(ind_box)

        # -- effect targets ----------------------------------------------------------------------
        eff_box = QGroupBox(_t("Skal påvirke i effektmålingen (områder og spørsmål)"))
        ev = QVBoxLayout(eff_box)
        self.target_tree = QTreeWidget()
        ed(self.target_tree)
        self.target_tree.setHeaderHidden(True)
        self.target_tree.setAccessibleName(_t("Områder og spørsmål tiltaket skal påvirke"))
        self.target_tree.setMinimumHeight(150)
        self.target_tree.itemChanged.connect(lambda _i, _c: self._later(self.commit_targets))
        self.target_summary = style.hint("")
        ev.addWidget(
            style.hint(
                _t(
                    "Kryss av det tiltaket skal flytte; det sammenlignes mellom første og "
                    "andre måling (T0 og T1)."
                )
            )
        )
        ev.addWidget(self.target_tree, 1)
        ev.addWidget(self.target_summary)
        outer.addWidget(eff_box)
        outer.addStretch(1)

        # Tab order follows the form top to bottom.
        order: list[QWidget] = [
            self.title_edit,
            self.description_edit,
            self.responsible_combo,
            self.unit_edit,
            self.start_edit.check,
            self.start_edit.edit,
            self.deadline_edit.check,
            self.deadline_edit.edit,
            self.status_combo,
            self.progress_slider,
            self.progress_spin,
            self.hours_edit,
            self.cost_edit,
            self.funding_edit,
            self.points_list,
            self.areas_list,
            self.dep_list,
            self.dep_add,
            self.dep_remove,
            self.log_date,
            self.log_text,
            self.log_add,
            self.log_table,
            self.log_edit,
            self.log_delete,
            self.ind_table,
            self.ind_add,
            self.ind_edit,
            self.ind_delete,
            self.val_table,
            self.val_date,
            self.val_value,
            self.val_note,
            self.val_add,
            self.val_delete,
            self.target_tree,
        ]
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a, b)
        self.body.setEnabled(False)

    # ---------------------------------------------------------------- loading
    def _later(self, commit: Callable[[], None]) -> None:
        """Commit a check box change once its signal has returned: the reload that
        follows rebuilds the list, which must not delete the item mid-signal."""
        if not self._loading:
            QTimer.singleShot(0, self, commit)

    def set_data(self, data: EditorData) -> None:
        self.data = data

    def show_measure(self, measure_id: int | None) -> None:
        """Load one measure (with its indicators and log) into the form; None clears it."""
        project = self.ctx.project
        m: Measure | None = None
        if measure_id is not None:
            try:
                m = measures_service.get_measure(project, measure_id)
            except ValidationError:
                m = None
        changed_measure = (self.measure.id if self.measure else None) != (m.id if m else None)
        if changed_measure:
            self.flush()
            for label in (self.fields_error, self.dep_error, self.log_error, self.val_error):
                set_error(label, "")
        self.measure = m
        self.follow_ups = measures_service.list_follow_ups(project, m.id) if m and m.id else []
        self._loading = True
        try:
            self._fill(m, force=changed_measure)
        finally:
            self._loading = False
        self.body.setEnabled(m is not None)

    def _fill(self, m: Measure | None, *, force: bool) -> None:
        d = self.data
        self.code_label.setText(m.code if m else _t("Ingen tiltak valgt"))
        self.plan_label.setText(
            (_t("I handlingsplanen") if m.in_plan else _t("Ikke vedtatt i handlingsplanen"))
            if m
            else ""
        )
        if force or not (self.title_edit.hasFocus() and self.title_edit.isModified()):
            self.title_edit.setText(m.title if m else "")
            self.title_edit.setModified(False)
        self.description_edit.set_stored(m.description if m else "", force=force)
        fill_person_combo(self.responsible_combo, d.people, m.responsible_id if m else None)
        if force or not (self.unit_edit.hasFocus() and self.unit_edit.isModified()):
            self.unit_edit.setText(m.unit if m else "")
        for w, v in (
            (self.start_edit, m.start_on if m else None),
            (self.deadline_edit, m.deadline_on if m else None),
        ):
            w.blockSignals(True)
            w.check.blockSignals(True)
            w.edit.blockSignals(True)
            w.set_value(v)
            w.check.blockSignals(False)
            w.edit.blockSignals(False)
            w.blockSignals(False)
        self._date_timer.stop()
        self.status_combo.setCurrentIndex(
            max(self.status_combo.findData(m.status.value), 0) if m else 0
        )
        self._set_progress_widgets(m.progress if m else 0)
        self._progress_timer.stop()
        self.hours_edit.set_value(m.hours if m else None)
        self.cost_edit.set_value(m.cost_nok if m else None)
        if force or not (self.funding_edit.hasFocus() and self.funding_edit.isModified()):
            self.funding_edit.setText(m.funding if m else "")
        self._fill_status_note(m)
        # points
        self.points_list.blockSignals(True)
        self.points_list.clear()
        chosen = set(m.point_ids) if m else set()
        for p in d.points:
            area = d.areas.get(p.area or "", _t("Generelt"))
            item = QListWidgetItem(f"{p.title}  · {area} · {p.workshop}")
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            item.setToolTip(f"{p.title}\n{p.workshop}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if p.id in chosen else Qt.CheckState.Unchecked)
            self.points_list.addItem(item)
        self.points_list.blockSignals(False)
        self.points_list.setVisible(bool(d.points))
        if d.points:
            self.points_list.setFixedHeight(
                self.points_list.sizeHintForRow(0) * min(max(len(d.points), 3), 8) + 8
            )
        self.points_empty.setVisible(not d.points)
        # areas
        self.areas_list.blockSignals(True)
        self.areas_list.clear()
        have = set(m.areas) if m else set()
        for aid, name in d.areas.items():
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, aid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if aid in have else Qt.CheckState.Unchecked)
            self.areas_list.addItem(item)
        self.areas_list.blockSignals(False)
        rows = max(len(d.areas), 4)
        self.areas_list.setFixedHeight(
            self.areas_list.sizeHintForRow(0) * rows + 8 if d.areas else 90
        )
        # dependencies
        by_id = {x.id: x for x in d.measures}
        row = self.dep_list.currentRow()
        self.dep_list.clear()
        for dep in m.depends_on if m else ():
            other = by_id.get(dep)
            if other is None:
                continue
            done = other.status is MeasureStatus.FULLFORT
            text = f"{other.code}  {other.title}  ({other.status.label})"
            item = QListWidgetItem(("✓ " if done else "") + text)
            item.setData(Qt.ItemDataRole.UserRole, dep)
            item.setToolTip(other.title)
            self.dep_list.addItem(item)
        if self.dep_list.count() == 0:
            placeholder = QListWidgetItem(_t("Ingen – tiltaket kan starte uavhengig av andre."))
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.dep_list.addItem(placeholder)
        elif row >= 0:
            self.dep_list.setCurrentRow(min(row, self.dep_list.count() - 1))
        # log
        self._reload_table(self.log_table, self.log_model, self.follow_ups)
        # indicators
        self._reload_table(self.ind_table, self.ind_model, list(m.indicators) if m else [])
        if m and m.indicators and current_key(self.ind_table) is None:
            select_keys(self.ind_table, [], fallback_row=0)
        self._show_indicator()
        # effect targets
        self._fill_targets(m)

    @staticmethod
    def _reload_table(view: QTableView, model: RecordTableModel[Any], rows: Sequence[Any]) -> None:
        keys = selected_keys(view)
        model.set_rows(rows)
        if keys:
            select_keys(view, keys)

    def _fill_status_note(self, m: Measure | None) -> None:
        if m is None:
            self.status_note.setText("")
            return
        from nvk_desktop.domain.measures import is_overdue, risk_reason

        today = date.today()
        parts = []
        if is_overdue(m, today):
            parts.append(
                _t("Forsinket: fristen {d} er passert.").format(d=format_date(m.deadline_on))
            )
        else:
            risk = risk_reason(m, today)
            if risk:
                parts.append(_t("I faresonen: {why}.").format(why=risk))
        self.status_note.setText(" ".join(parts))
        pal = self.status_note.palette()
        pal.setColor(
            QPalette.ColorRole.WindowText,
            style.overdue_fg(pal) if parts else style.muted_fg(pal),
        )
        self.status_note.setPalette(pal)

    def _fill_targets(self, m: Measure | None) -> None:
        tree = self.target_tree
        tops = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
        expanded = {
            t.data(0, Qt.ItemDataRole.UserRole) for t in tops if t is not None and t.isExpanded()
        }
        tree.blockSignals(True)
        tree.clear()
        chosen = {(t.kind, t.key) for t in m.effect_targets} if m else set()
        area_items: dict[str, QTreeWidgetItem] = {}
        for t in self.data.targets:
            if t.kind is EffectTargetKind.AREA:
                item = QTreeWidgetItem([t.label])
                item.setData(0, Qt.ItemDataRole.UserRole, ("area", t.key))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(
                    0,
                    Qt.CheckState.Checked if (t.kind, t.key) in chosen else Qt.CheckState.Unchecked,
                )
                tree.addTopLevelItem(item)
                area_items[t.label] = item
        for t in self.data.targets:
            if t.kind is not EffectTargetKind.ITEM:
                continue
            area, _sep, text = t.label.partition(": ")
            parent = area_items.get(area)
            item = QTreeWidgetItem([text or t.label])
            item.setToolTip(0, t.label)
            item.setData(0, Qt.ItemDataRole.UserRole, ("item", t.key))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                0, Qt.CheckState.Checked if (t.kind, t.key) in chosen else Qt.CheckState.Unchecked
            )
            if parent is not None:
                parent.addChild(item)
                if (t.kind, t.key) in chosen:
                    parent.setExpanded(True)
            else:
                tree.addTopLevelItem(item)
        for i in range(tree.topLevelItemCount()):
            top = tree.topLevelItem(i)
            if top is not None and top.data(0, Qt.ItemDataRole.UserRole) in expanded:
                top.setExpanded(True)
        tree.blockSignals(False)
        n = len(chosen)
        self.target_summary.setText(
            _t("Ingen valgt ennå.") if n == 0 else _t("{n} valgt.").format(n=n)
        )

    # ---------------------------------------------------------------- fields
    def _candidate(self) -> Measure | None:
        """The measure as the form says (None with a message when a number is wrong)."""
        m = self.measure
        if m is None:
            return None
        for edit, what in ((self.hours_edit, _t("Timer")), (self.cost_edit, _t("Kostnad"))):
            try:
                edit.value()
            except ValueError:
                set_error(
                    self.fields_error,
                    _t("{what}: «{text}» er ikke et tall. Skriv for eksempel 1 250 000.").format(
                        what=what, text=edit.text().strip()
                    ),
                )
                return None
        return replace(
            m,
            title=self.title_edit.text(),
            description=self.description_edit.toPlainText(),
            responsible_id=self.responsible_combo.currentData(),
            unit=self.unit_edit.text(),
            start_on=self.start_edit.value(),
            deadline_on=self.deadline_edit.value(),
            hours=self.hours_edit.value(),
            cost_nok=self.cost_edit.value(),
            funding=self.funding_edit.text(),
        )

    @staticmethod
    def _same(a: Measure, b: Measure) -> bool:
        return (
            " ".join(a.title.split()) == b.title
            and a.description.strip() == b.description
            and a.responsible_id == b.responsible_id
            and a.unit.strip() == b.unit
            and a.start_on == b.start_on
            and a.deadline_on == b.deadline_on
            and a.hours == b.hours
            and a.cost_nok == b.cost_nok
            and a.funding.strip() == b.funding
        )

    def commit_fields(self) -> bool:
        """Store the short fields and the description if they changed (one step)."""
        if self._loading or self.measure is None or not self.page.writable:
            return True
        self._date_timer.stop()
        cand = self._candidate()
        if cand is None:
            return False
        if self._same(cand, self.measure):
            set_error(self.fields_error, "")
            self.description_edit.baseline = self.measure.description
            return True
        try:
            measures_service.validate_measure(cand)
        except ValidationError as e:
            set_error(self.fields_error, str(e))
            return False
        ok = perform_inline(
            self.ctx,
            lambda: measures_service.update_measure(self.ctx.project, cand),
            lambda text: set_error(self.fields_error, text),
        )
        if ok:
            self.description_edit.baseline = cand.description.strip()
        return ok

    def commit_status(self) -> None:
        m = self.measure
        if self._loading or m is None or m.id is None or not self.page.writable:
            return
        status = MeasureStatus(self.status_combo.currentData())
        if status is m.status:
            return
        mid = m.id
        self.flush()
        dialogs.perform_ok(
            self.ctx, lambda: measures_service.set_status(self.ctx.project, mid, status)
        )

    def _set_progress_widgets(self, value: int) -> None:
        for w in (self.progress_slider, self.progress_spin):
            w.blockSignals(True)
            w.setValue(value)
            w.blockSignals(False)

    def _slider_moved(self, value: int) -> None:
        self.progress_spin.blockSignals(True)
        self.progress_spin.setValue(value)
        self.progress_spin.blockSignals(False)
        if not self.progress_slider.isSliderDown():
            self._progress_timer.start()

    def _spin_moved(self, value: int) -> None:
        self.progress_slider.blockSignals(True)
        self.progress_slider.setValue(value)
        self.progress_slider.blockSignals(False)
        self._progress_timer.start()

    def commit_progress(self) -> None:
        self._progress_timer.stop()
        m = self.measure
        if self._loading or m is None or m.id is None or not self.page.writable:
            return
        value = self.progress_spin.value()
        if value == m.progress:
            return
        mid = m.id
        dialogs.perform_ok(
            self.ctx, lambda: measures_service.set_progress(self.ctx.project, mid, value)
        )

    def commit_points(self) -> None:
        m = self.measure
        if self._loading or m is None or m.id is None:
            return
        ids = [
            int(self.points_list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.points_list.count())
            if self.points_list.item(i).checkState() == Qt.CheckState.Checked
        ]
        if set(ids) == set(m.point_ids):
            return
        mid = m.id
        dialogs.perform_ok(
            self.ctx, lambda: measures_service.set_points(self.ctx.project, mid, ids)
        )

    def commit_areas(self) -> None:
        m = self.measure
        if self._loading or m is None or m.id is None:
            return
        areas = [
            str(self.areas_list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.areas_list.count())
            if self.areas_list.item(i).checkState() == Qt.CheckState.Checked
        ]
        if set(areas) == set(m.areas):
            return
        mid = m.id
        dialogs.perform_ok(
            self.ctx, lambda: measures_service.set_areas(self.ctx.project, mid, areas)
        )

    def commit_targets(self) -> None:
        m = self.measure
        if self._loading or m is None or m.id is None:
            return
        chosen: list[EffectTarget] = []

        def walk(item: QTreeWidgetItem | None) -> None:
            if item is None:
                return
            kind, key = item.data(0, Qt.ItemDataRole.UserRole)
            if item.checkState(0) == Qt.CheckState.Checked:
                chosen.append(EffectTarget(EffectTargetKind(kind), key))
            for i in range(item.childCount()):
                walk(item.child(i))

        for i in range(self.target_tree.topLevelItemCount()):
            walk(self.target_tree.topLevelItem(i))
        if {(t.kind, t.key) for t in chosen} == {(t.kind, t.key) for t in m.effect_targets}:
            return
        mid = m.id
        dialogs.perform_ok(
            self.ctx, lambda: indicators_service.set_effect_targets(self.ctx.project, mid, chosen)
        )

    # ---------------------------------------------------------------- dependencies
    def add_dependencies(self) -> None:
        m = self.measure
        if m is None or m.id is None or not self.page.writable:
            return
        choices = [x for x in self.data.measures if x.id != m.id and x.id not in m.depends_on]
        picker = MeasurePickerDialog(
            choices, title=_t("{code} venter på …").format(code=m.code), parent=self
        )
        if not picker.exec():
            return
        ids = [*m.depends_on, *picker.selected_ids()]
        self.set_dependencies(ids)

    def set_dependencies(self, ids: Sequence[int]) -> bool:
        m = self.measure
        if m is None or m.id is None:
            return False
        mid = m.id
        deps = list(ids)
        ok = perform_inline(
            self.ctx,
            lambda: measures_service.set_dependencies(self.ctx.project, mid, deps),
            lambda text: set_error(self.dep_error, text),
        )
        if ok:
            set_error(self.dep_error, "")
        return ok

    def remove_dependency(self) -> None:
        m = self.measure
        item = self.dep_list.currentItem()
        if m is None or item is None or not self.page.writable:
            return
        dep = item.data(Qt.ItemDataRole.UserRole)
        if dep is None:
            return
        self.set_dependencies([d for d in m.depends_on if d != dep])

    # ---------------------------------------------------------------- follow-up log
    def add_follow_up(self) -> None:
        m = self.measure
        if m is None or m.id is None or not self.page.writable:
            return
        text = self.log_text.toPlainText()
        if not text.strip():
            set_error(self.log_error, _t("Skriv hva som har skjedd før du legger til."))
            return
        entry = FollowUp(
            measure_id=m.id,
            entry_on=from_qdate(self.log_date.date()),
            text=text,
            author_id=None,
        )
        ok = perform_inline(
            self.ctx,
            lambda: measures_service.add_follow_up(self.ctx.project, entry),
            lambda t: set_error(self.log_error, t),
        )
        if ok:
            self.log_text.clear()
            self.log_text.setFocus()

    def _current_follow_up(self) -> FollowUp | None:
        key = current_key(self.log_table)
        return next((f for f in self.follow_ups if f.id == key), None)

    def edit_follow_up(self) -> None:
        f = self._current_follow_up()
        if f is None or not self.page.writable:
            return
        FollowUpDialog(self.ctx, f, self.data.people, parent=self).exec()

    def delete_follow_up(self) -> None:
        f = self._current_follow_up()
        if f is None or f.id is None or not self.page.writable:
            return
        if not dialogs.ask_confirm(
            self,
            _t("Slett oppføring"),
            _t("Slette oppføringen fra {d}?").format(d=format_date(f.entry_on)),
            [],
            _t("Slett"),
        ):
            return
        fid = f.id
        dialogs.perform_ok(
            self.ctx, lambda: measures_service.delete_follow_up(self.ctx.project, fid)
        )

    # ---------------------------------------------------------------- indicators
    def current_indicator(self) -> Indicator | None:
        key = current_key(self.ind_table)
        m = self.measure
        if m is None or key is None:
            return None
        return next((i for i in m.indicators if i.id == key), None)

    def _show_indicator(self) -> None:
        ind = self.current_indicator()
        self.sparkline.set_indicator(ind)
        self._reload_table(
            self.val_table, self.val_model, list(reversed(ind.values)) if ind else []
        )
        if ind is None:
            self.ind_status.setText(
                _t("Velg en indikator for å se og legge inn målinger.")
                if self.measure and self.measure.indicators
                else ""
            )
        else:
            st = ind.status()
            colour = indicator_status_colour(st)
            direction = _t("lavere er bedre") if ind.lower_is_better else _t("høyere er bedre")
            self.ind_status.setText(
                f"<b>{html.escape(ind.name)}</b> ({html.escape(direction)}): "
                + (
                    f"<span style='color:{colour.name()}'><b>{html.escape(st.label)}</b></span>"
                    if colour
                    else f"<b>{html.escape(st.label)}</b>"
                )
            )
        self.page.update_actions()

    def add_indicator(self) -> None:
        m = self.measure
        if m is None or m.id is None or not self.page.writable:
            return
        dlg = IndicatorDialog(self.ctx, m.id, parent=self)
        if dlg.exec() and dlg.new_id is not None:
            select_keys(self.ind_table, [dlg.new_id])

    def edit_indicator(self) -> None:
        ind = self.current_indicator()
        m = self.measure
        if ind is None or m is None or m.id is None or not self.page.writable:
            return
        IndicatorDialog(self.ctx, m.id, ind, parent=self).exec()

    def delete_indicator(self) -> None:
        ind = self.current_indicator()
        if ind is None or ind.id is None or not self.page.writable:
            return
        details = [_t("{n} målinger").format(n=len(ind.values))] if ind.values else []
        if not dialogs.ask_confirm(
            self,
            _t("Slett indikator"),
            _t("Slette indikatoren «{name}»?").format(name=ind.name),
            details,
            _t("Slett"),
        ):
            return
        iid = ind.id
        dialogs.perform_ok(
            self.ctx, lambda: indicators_service.delete_indicator(self.ctx.project, iid)
        )

    def add_value(self) -> None:
        ind = self.current_indicator()
        if ind is None or ind.id is None or not self.page.writable:
            return
        try:
            value = self.val_value.value()
        except ValueError:
            set_error(
                self.val_error, _t("«{t}» er ikke et tall.").format(t=self.val_value.text().strip())
            )
            return
        if value is None:
            set_error(self.val_error, _t("Skriv den målte verdien først."))
            return
        v = IndicatorValue(from_qdate(self.val_date.date()), value, self.val_note.text().strip())
        iid = ind.id
        ok = perform_inline(
            self.ctx,
            lambda: indicators_service.add_indicator_value(self.ctx.project, iid, v),
            lambda t: set_error(self.val_error, t),
        )
        if ok:
            self.val_value.set_value(None)
            self.val_value.clear()
            self.val_note.clear()
            self.val_value.setFocus()

    def delete_value(self) -> None:
        key = current_key(self.val_table)
        if not isinstance(key, int) or not self.page.writable:
            return
        dialogs.perform_ok(
            self.ctx, lambda: indicators_service.delete_indicator_value(self.ctx.project, key)
        )

    # ---------------------------------------------------------------- page hooks
    def update_actions(self) -> None:
        w = self.page.writable and self.measure is not None
        item = self.dep_list.currentItem()
        self.dep_add.setEnabled(w)
        self.dep_remove.setEnabled(
            w and item is not None and item.data(Qt.ItemDataRole.UserRole) is not None
        )
        self.log_add.setEnabled(w)
        has_log = self._current_follow_up() is not None
        self.log_edit.setEnabled(w and has_log)
        self.log_delete.setEnabled(w and has_log)
        has_ind = self.current_indicator() is not None
        self.ind_add.setEnabled(w)
        self.ind_edit.setEnabled(w and has_ind)
        self.ind_delete.setEnabled(w and has_ind)
        for widget in (self.val_date, self.val_value, self.val_note, self.val_add):
            widget.setEnabled(w and has_ind)
        self.val_delete.setEnabled(w and has_ind and current_key(self.val_table) is not None)
        ro = not self.page.writable
        for edit in (self.title_edit, self.unit_edit, self.funding_edit):
            edit.setReadOnly(ro)
        self.description_edit.setReadOnly(ro)

    def flush(self) -> bool:
        """Store typed text and a moved progress before the measure changes or the
        project closes."""
        if self.measure is None or not self.page.writable:
            return True
        ok = True
        if self._progress_timer.isActive():
            self.commit_progress()
        if (
            self.description_edit.dirty
            or self.title_edit.isModified()
            or self.unit_edit.isModified()
            or self.funding_edit.isModified()
            or self._date_timer.isActive()
            or self.hours_edit.isModified()
            or self.cost_edit.isModified()
        ):
            ok = self.commit_fields()
        self.description_edit.timer.stop()
        return ok

    def sizeHint(self) -> QSize:
        return QSize(720, 600)


def _value_at(value: float | None, when: date | None) -> str:
    if value is None:
        return ""
    return format_number(value) + (f" ({format_date(when)})" if when else "")


__all__ = [
    "CENTER",
    "EditorData",
    "MeasureEditor",
    "NewMeasureDialog",
    "PointChoice",
    "format_nok",
    "load_point_choices",
    "parse_number",
    "perform_inline",
    "status_text",
]
