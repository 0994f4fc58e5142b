"""Dates the Norwegian way (DESIGN.md rule 12): one locale, one display format,
and date edits with a calendar popup."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QWidget

NB = QLocale(QLocale.Language.NorwegianBokmal, QLocale.Country.Norway)
SHORT_FORMAT = "dd.MM.yyyy"
LONG_FORMAT = "d. MMMM yyyy"


def to_qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def from_qdate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def format_date(d: date | None, *, long: bool = False, empty: str = "") -> str:
    """12.03.2025 (tables) or 12. mars 2025 (text)."""
    if d is None:
        return empty
    return NB.toString(to_qdate(d), LONG_FORMAT if long else SHORT_FORMAT)


def format_int(n: int) -> str:
    return NB.toString(n)


def make_date_edit(value: date | None = None, parent: QWidget | None = None) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setLocale(NB)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(SHORT_FORMAT)
    edit.setDate(to_qdate(value or date.today()))
    edit.calendarWidget().setLocale(NB)
    edit.calendarWidget().setFirstDayOfWeek(Qt.DayOfWeek.Monday)
    return edit


class OptionalDateEdit(QWidget):
    """A checkbox that says whether there is a date, and the date edit beside it."""

    changed = Signal()

    def __init__(
        self, check_text: str, value: date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.check = QCheckBox(check_text, self)
        self.edit = make_date_edit(value, self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit)
        layout.addStretch(1)
        self.check.toggled.connect(self.edit.setEnabled)
        self.check.toggled.connect(self.changed)
        self.edit.dateChanged.connect(self.changed)
        self.set_value(value)
        self.setFocusProxy(self.check)

    def set_value(self, value: date | None) -> None:
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        if value is not None:
            self.edit.setDate(to_qdate(value))

    def value(self) -> date | None:
        return from_qdate(self.edit.date()) if self.check.isChecked() else None
