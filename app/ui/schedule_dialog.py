"""Follow at my own pace: the self-paced term chosen in the window (``schedule shift`` / ``reset``
on the command line).

The student picks the Monday their week 1 falls in; a day picked in the middle of a week moves
to that week's Monday, and the dialog says so. The preview shows what moves, each date beside
the course's own, before anything is stored. Apply (``CourseService.follow_from``) and "Back to
the real term" emit ``moved``; the window then reads the term again.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from html import escape

from PySide6.QtCore import QDate, QLocale, Qt, Signal, Slot
from PySide6.QtGui import QPalette, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.domain.course import Syllabus
from app.domain.errors import UserFacingError
from app.domain.schedule import follow, monday_of, week_dates
from app.services.course import CourseService
from app.ui import time_text

ARROW = "→"


def day_text(day: date) -> str:
    """``Mon 4 Jan 2027``: a date with its year, since the term may move by years."""
    return QLocale().toString(QDate(day.year, day.month, day.day), "ddd d MMM yyyy")


def following_text(start: date) -> str:
    """What the window says while the term is moved."""
    return f"Self-paced: following from {day_text(start)}"


def next_monday(today: date) -> date:
    return monday_of(today) + timedelta(days=7 if today.weekday() else 0)


class ScheduleDialog(QDialog):
    moved = Signal()  # the term follows another start now (or the course's own dates again)

    def __init__(self, course: CourseService, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._course = course
        self._original = course.course_syllabus()
        self.setWindowTitle("Follow at my own pace")
        self.setMinimumWidth(480)  # the preview's lines fit without wrapping mid-date
        self.intro = QLabel(
            "Take the seminar on your own schedule: every date of the term (lectures, review "
            "deadlines, reminders) moves by whole weeks, so week 1 falls in the week you pick. "
            "The course's own dates stay shown beside yours."
        )
        self.intro.setWordWrap(True)
        self.now_label = QLabel()
        self.now_label.setWordWrap(True)
        self.calendar = QCalendarWidget()
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setAccessibleName("Your week 1 starts on")
        self._grey_other_days()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setProperty("role", "hint")
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox()
        self.apply_button = self.buttons.addButton("Apply", QDialogButtonBox.ButtonRole.AcceptRole)
        self.reset_button = self.buttons.addButton(
            "Back to the real term", QDialogButtonBox.ButtonRole.ResetRole
        )
        self.reset_button.setToolTip("Follow the course's own dates again")
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        close.setText("Close")
        self.apply_button.clicked.connect(self.apply)
        self.reset_button.clicked.connect(self.reset)
        close.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.now_label)
        layout.addWidget(QLabel("<b>Your week 1 starts on Monday:</b>"))
        layout.addWidget(self.calendar)
        layout.addWidget(self.note)
        layout.addWidget(self.preview)
        layout.addWidget(self.buttons)

        start = course.schedule_start()
        self.start = start or next_monday(today)
        self._show_state(start)
        self.calendar.setSelectedDate(_qdate(self.start))
        self.calendar.selectionChanged.connect(self._picked)
        self._show_preview()

    # -- choosing --------------------------------------------------------------------------------

    def _grey_other_days(self) -> None:
        """Only Mondays read as choices; another day still works and moves to its Monday."""
        grey = QTextCharFormat()
        grey.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
        for day in (Qt.DayOfWeek.Tuesday, Qt.DayOfWeek.Wednesday, Qt.DayOfWeek.Thursday):
            self.calendar.setWeekdayTextFormat(day, grey)
        for day in (Qt.DayOfWeek.Friday, Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.calendar.setWeekdayTextFormat(day, grey)

    def choose(self, day: date) -> None:
        """Pick ``day`` as a student clicks it (moved to its Monday)."""
        self.calendar.setSelectedDate(_qdate(day))

    @Slot()
    def _picked(self) -> None:
        picked = self.calendar.selectedDate().toPython()
        assert isinstance(picked, date)
        self.start = monday_of(picked)
        if picked != self.start:
            self.note.setText(
                f"{day_text(picked)} is in the week of {day_text(self.start)}: "
                "the term starts on a Monday, so week 1 starts then."
            )
            self.calendar.blockSignals(True)  # the Monday shown chosen, without a second pick
            self.calendar.setSelectedDate(_qdate(self.start))
            self.calendar.blockSignals(False)
        else:
            self.note.clear()
        self._show_preview()

    # -- what it would do ------------------------------------------------------------------------

    def _show_state(self, start: date | None) -> None:
        if start is None:
            self.now_label.setText("Now: the course's own dates.")
        else:
            self.now_label.setText(f"Now: {following_text(start)}.")
        self.reset_button.setEnabled(start is not None)

    def _show_preview(self) -> None:
        moved = follow(self._original, self.start)
        self.preview.setText(preview_html(self._original, moved))

    # -- acting ----------------------------------------------------------------------------------

    @Slot()
    def apply(self) -> None:
        self._follow(self.start)

    @Slot()
    def reset(self) -> None:
        self._follow(None)

    def _follow(self, start: date | None) -> None:
        try:
            self._course.follow_from(start)
        except UserFacingError as error:  # not expected after the snap to Monday; said if so
            self.note.setText(f"Not changed: {escape(str(error))}")
            return
        self._show_state(start)
        self.moved.emit()
        self.accept()


def preview_html(original: Syllabus, moved: Syllabus) -> str:
    """Week 1, the first review deadline and the last lecture, the course's date -> the moved."""
    before, after = week_dates(original), week_dates(moved)
    if not before:
        return "<i>The course page gives no dates: nothing moves.</i>"
    first, last = min(before), max(before)
    lines = [f"Week {first}: {_moved(day_text(before[first]), day_text(after[first]))}"]
    deadlines = [(w.number, w.review.due) for w in original.weeks if w.review and w.review.due]
    if deadlines:
        week, due = deadlines[0]
        moved_week = moved.week(week)
        new_due = moved_week.review.due if moved_week and moved_week.review else None
        if new_due is not None:
            text = _moved(_deadline_text(due), _deadline_text(new_due))
            lines.append(f"First review (week {week}) due: {text}")
    lines.append(
        f"Last lecture, week {last}: {_moved(day_text(before[last]), day_text(after[last]))}"
    )
    weeks = (after[first] - before[first]).days // 7
    if weeks == 0:
        lines.append("<i>These are the course's own dates.</i>")
    else:
        amount = f"{abs(weeks)} week{'s' if abs(weeks) != 1 else ''}"
        direction = "later" if weeks > 0 else "earlier"
        lines.append(
            f"<i>Every date moves {amount} {direction}; "
            "the weeks off stay where the course had them.</i>"
        )
    return "<br>".join(lines)


def _moved(was: str, now: str) -> str:
    return f"{escape(was)} {ARROW} <b>{escape(now)}</b>"


def _deadline_text(due: datetime) -> str:
    shown = time_text.local(due)
    return f"{day_text(shown.date())}, {time_text.clock_time(shown)}"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
