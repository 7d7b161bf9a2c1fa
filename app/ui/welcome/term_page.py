"""Welcome, page 3: the course's real dates, or a self-paced term from a Monday
(``schedule.start``), with the Follow at my own pace dialog's rules and preview."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QWidget,
)

from app.domain.course import Syllabus
from app.domain.schedule import follow, monday_of, week_dates
from app.services.config import SCHEDULE_START
from app.ui.schedule_dialog import day_text, next_monday, preview_html
from app.ui.welcome.page_base import WelcomePage, note


class TermPage(WelcomePage):
    def __init__(
        self,
        original: Syllabus,
        start: date | None,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "Your term",
            "Deadlines, reminders and “this week” follow these dates; taking the seminar "
            "later, you can move the whole term to your own start.",
            parent,
        )
        self._original = original
        self._initial = start.isoformat() if start else ""
        first = week_dates(original).get(1)
        since = f" (week 1 on {day_text(first)})" if first else ""
        self.real = QRadioButton(f"Follow the course's &real dates{since}")
        self.own = QRadioButton("At my &own pace: week 1 starts on Monday")
        group = QButtonGroup(self)
        group.addButton(self.real)
        group.addButton(self.own)
        self.monday = QDateEdit()
        self.monday.setCalendarPopup(True)
        self.monday.setDisplayFormat("ddd d MMM yyyy")
        self.monday.setAccessibleName("Your week 1 starts on")
        self.monday.calendarWidget().setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.monday.setDate(_qdate(start or next_monday(today)))
        self.snapped = note("")
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        (self.own if start else self.real).setChecked(True)

        own_row = QHBoxLayout()
        own_row.addWidget(self.own)
        own_row.addWidget(self.monday)
        own_row.addStretch(1)
        self.body.addWidget(self.real)
        self.body.addLayout(own_row)
        self.body.addWidget(self.snapped)
        self.body.addWidget(self.preview)
        self.body.addWidget(note("View › Follow at my own pace… changes this later."))
        self.finish_layout()
        self.monday.dateChanged.connect(self._picked)
        self.own.toggled.connect(self._show)
        self._show()

    def owns(self) -> tuple[str, ...]:
        return (SCHEDULE_START,)

    def start(self) -> date | None:
        """The Monday chosen, or None for the real term."""
        if not self.own.isChecked():
            return None
        return monday_of(_pydate(self.monday.date()))

    def choose(self, day: date) -> None:
        """Pick a self-paced start as a student would (another day moves to its Monday)."""
        self.own.setChecked(True)
        self.monday.setDate(_qdate(day))

    def changes(self) -> dict[str, str]:
        start = self.start()
        chosen = start.isoformat() if start else ""
        return {SCHEDULE_START: chosen} if chosen != self._initial else {}

    def _picked(self) -> None:
        picked = _pydate(self.monday.date())
        monday = monday_of(picked)
        if picked != monday:
            self.snapped.setText(
                f"{day_text(picked)} is in the week of {day_text(monday)}: "
                "the term starts on a Monday, so week 1 starts then."
            )
            self.monday.blockSignals(True)  # the Monday shown, without a second pick
            self.monday.setDate(_qdate(monday))
            self.monday.blockSignals(False)
        else:
            self.snapped.clear()
        self.own.setChecked(True)
        self._show()

    def _show(self) -> None:
        start = self.start()
        self.monday.setEnabled(True)  # picking a date is itself a choice of the own pace
        self.snapped.setVisible(bool(self.snapped.text()) and start is not None)
        if start is None:
            self.preview.setText("<i>Every date is the course's own.</i>")
        else:
            self.preview.setText(preview_html(self._original, follow(self._original, start)))


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    picked = day.toPython()
    assert isinstance(picked, date)
    return picked
