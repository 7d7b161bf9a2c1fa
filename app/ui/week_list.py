"""The term as a list: one row per week, as a Qt item model plus the delegate that draws it.

The model carries everything a row shows as data roles (title, date, speaker, reading count,
deadline and countdown, day off or not), so tests and accessibility tools read the same facts
the delegate paints. Countdowns depend on "now", which the window pushes in once a minute.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QPalette

from app.domain.course import Syllabus, Week, WeekKind
from app.domain.deadline import DueStatus
from app.ui import time_text
from app.ui.library_text import readings_count
from app.ui.theme.colours import colours

_USER = int(Qt.ItemDataRole.UserRole)
WEEK_ROLE = _USER + 1  # the domain Week
NUMBER_ROLE = _USER + 2
DATE_ROLE = _USER + 3  # "Mon Mar 14", or "" for an undated row
DETAILS_ROLE = _USER + 4  # "Week 8 · Prof. Tim Kraska · 3 readings"
READING_COUNT_ROLE = _USER + 5
DUE_ROLE = _USER + 6  # "Mon Mar 14, 1:00 PM" in the user's zone, "" without a review form
COUNTDOWN_ROLE = _USER + 7  # "in 4 days", "tomorrow", "closed", "not posted yet", ""
DUE_STATUS_ROLE = _USER + 8  # DueStatus, or None
DAY_OFF_ROLE = _USER + 9  # holiday, break: no class that week
CURRENT_ROLE = _USER + 10  # the week "Jump to Today" selects
DUE_LINE_ROLE = _USER + 11  # the list's short form: "Review due 1:00 PM", "Review form"
URGENCY_ROLE = _USER + 12  # time_text.Urgency of the review deadline, or None

DAY_OFF_KINDS = frozenset({WeekKind.HOLIDAY, WeekKind.BREAK})

AnyIndex = QModelIndex | QPersistentModelIndex


def blend(first: QColor, second: QColor, amount: float) -> QColor:
    """``first`` moved ``amount`` of the way to ``second``; keeps tints right in dark themes."""
    return QColor.fromRgbF(
        first.redF() + (second.redF() - first.redF()) * amount,
        first.greenF() + (second.greenF() - first.greenF()) * amount,
        first.blueF() + (second.blueF() - first.blueF()) * amount,
    )


def day_off_background(palette: QPalette) -> QColor:
    return QColor(colours(palette).day_off_back)


def muted_text(palette: QPalette) -> QColor:
    return QColor(colours(palette).muted)


def link_color(palette: QPalette) -> QColor:
    """The one link blue (``theme.colours``), for the light or dark ``palette``."""
    return QColor(colours(palette).link)


@dataclass(frozen=True)
class _Row:
    week: Week
    date: str
    details: str
    due: str
    due_line: str
    countdown: str
    status: DueStatus | None
    urgency: time_text.Urgency | None
    day_off: bool
    tooltip: str


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _row(week: Week, now: datetime, today: date, ready: frozenset[str]) -> _Row:
    day_off = week.kind in DAY_OFF_KINDS
    details = [f"Week {week.number}"]
    if week.speakers:
        details.append(", ".join(s.name for s in week.speakers))
    if day_off:
        details.append("No class")
    elif week.readings:
        have = sum(1 for reading in week.readings if reading.id in ready)
        details.append(readings_count(len(week.readings), have))
    elif week.kind == WeekKind.LECTURE:
        details.append("No readings listed yet")

    due = due_line = countdown = spoken = ""
    status: DueStatus | None = None
    urgency: time_text.Urgency | None = None
    review = week.review
    if review is not None and review.due is not None:
        due = time_text.due_text(review.due)
        # The date block already shows the lecture day; repeat the date only if it differs.
        mine = time_text.local(review.due)
        same_day = mine.date() == week.date
        due_line = f"Review due {time_text.clock_time(mine) if same_day else due}"
        # The time stands on the line above: "tomorrow", not "tomorrow 1:00 PM" again.
        countdown = time_text.countdown_text(review.due, now, with_time=False)
        spoken = time_text.countdown_text(review.due, now)
        status = time_text.status_of(review.due, now)
        urgency = time_text.urgency(review.due, now)
    elif week.kind == WeekKind.LECTURE and week.date is not None and week.date >= today:
        # Forms are posted days before the lecture; say so rather than show nothing.
        due_line, countdown = "Review form", "not posted yet"

    date_text = time_text.short_date(week.date) if week.date else ""
    tip = [f"Week {week.number}" + (f" · {date_text}" if date_text else ""), week.title]
    for speaker in week.speakers:
        tip.append(
            f"Speaker: {speaker.name}"
            + (f" ({speaker.affiliation})" if speaker.affiliation else "")
        )
    if week.readings:
        required = len(week.required_readings)
        tip.append(f"{_plural(len(week.readings), 'reading')} ({required} required)")
    if due:
        tip.append(f"Review due {due} ({spoken})")
    elif countdown:
        tip.append("Review form not posted yet")
    return _Row(
        week,
        date_text,
        " · ".join(details),
        due,
        due_line,
        countdown,
        status,
        urgency,
        day_off,
        "\n".join(tip),
    )


class WeekListModel(QAbstractListModel):
    """Rows of one syllabus at one moment; ``set_now`` refreshes the time-dependent roles."""

    def __init__(self) -> None:
        super().__init__()
        self._syllabus: Syllabus | None = None
        self._rows: list[_Row] = []
        self._now: datetime | None = None
        self._current: int | None = None
        self._ready: frozenset[str] = frozenset()  # readings whose PDF is in the library

    # -- feeding -----------------------------------------------------------------------------

    def set_syllabus(self, syllabus: Syllabus, now: datetime) -> None:
        self.beginResetModel()
        self._syllabus = syllabus
        self._compute(now)
        self.endResetModel()

    def set_now(self, now: datetime) -> None:
        if self._syllabus is None:
            return
        self._compute(now)
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def set_ready(self, ready: frozenset[str]) -> None:
        """Which readings have their PDF: the rows' "3 readings · 2 ready"."""
        if ready == self._ready:
            return
        self._ready = ready
        if self._now is not None:
            self.set_now(self._now)

    def _compute(self, now: datetime) -> None:
        assert self._syllabus is not None
        self._now = now
        today = time_text.local(now).date()
        self._rows = [_row(w, now, today, self._ready) for w in self._syllabus.weeks]
        current = self._syllabus.current_week(today)
        self._current = current.number if current else None

    # -- queries -----------------------------------------------------------------------------

    def current_week_number(self) -> int | None:
        """The week the course page's "Jump to Today" would show."""
        return self._current

    def row_of_week(self, number: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.week.number == number), None)

    def week_at(self, row: int) -> Week | None:
        return self._rows[row].week if 0 <= row < len(self._rows) else None

    # -- Qt model interface ------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        match role:
            case Qt.ItemDataRole.DisplayRole:
                return row.week.title
            case Qt.ItemDataRole.ToolTipRole:
                return row.tooltip
            case Qt.ItemDataRole.AccessibleTextRole:
                return row.tooltip.replace("\n", ". ")
            case Qt.ItemDataRole.BackgroundRole:
                palette = QGuiApplication.palette()
                return QBrush(day_off_background(palette)) if row.day_off else None
            case Qt.ItemDataRole.ForegroundRole:
                palette = QGuiApplication.palette()
                return QBrush(QColor(colours(palette).day_off_text)) if row.day_off else None
            case Qt.ItemDataRole.FontRole:
                if not row.day_off:
                    return None
                font = QFont()
                font.setItalic(True)
                return font
        return self._custom(row, role)

    def _custom(self, row: _Row, role: int) -> Any:
        values: dict[int, Any] = {
            WEEK_ROLE: row.week,
            NUMBER_ROLE: row.week.number,
            DATE_ROLE: row.date,
            DETAILS_ROLE: row.details,
            READING_COUNT_ROLE: len(row.week.readings),
            DUE_ROLE: row.due,
            DUE_LINE_ROLE: row.due_line,
            COUNTDOWN_ROLE: row.countdown,
            DUE_STATUS_ROLE: row.status,
            URGENCY_ROLE: row.urgency,
            DAY_OFF_ROLE: row.day_off,
            CURRENT_ROLE: row.week.number == self._current,
        }
        return values.get(role)
