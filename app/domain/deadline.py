"""Review deadlines: when a week's review is due and how that reads at a given moment."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

DEFAULT_DUE_TIME = time(13, 0)  # "before 1:00PM" on the lecture day

# English names for texts made in the domain (reminders, schedule errors): the C library's
# would follow the machine's locale, and a notification must read the same in tests and at home.
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


class DueStatus(StrEnum):
    UPCOMING = "upcoming"
    DUE_TODAY = "due today"
    PAST = "past"


def due_at(day: date, at: time, timezone: str) -> datetime:
    """The deadline as an aware datetime in the course's time zone (DST handled by zoneinfo)."""
    return datetime.combine(day, at, tzinfo=ZoneInfo(timezone))


def due_status(due: datetime, now: datetime) -> DueStatus:
    """Past once the deadline has gone; due today when it falls on now's calendar day."""
    if now.astimezone(UTC) >= due.astimezone(UTC):  # same-zone aware values compare wall clocks
        return DueStatus.PAST
    if due.astimezone(now.tzinfo).date() == now.date():
        return DueStatus.DUE_TODAY
    return DueStatus.UPCOMING


@dataclass(frozen=True)
class Countdown:
    remaining: timedelta

    def __str__(self) -> str:
        seconds = int(self.remaining.total_seconds())
        if seconds <= 0:
            return "closed"
        days, rest = divmod(seconds, 86400)
        hours, rest = divmod(rest, 3600)
        minutes = rest // 60
        if days:
            return f"in {days} d {hours} h"
        if hours:
            return f"in {hours} h {minutes} min"
        return f"in {max(minutes, 1)} min"


def countdown(due: datetime, now: datetime) -> Countdown:
    # In UTC: two values with the same ZoneInfo subtract as wall clocks and lose a DST hour.
    return Countdown(due.astimezone(UTC) - now.astimezone(UTC))


@dataclass(frozen=True)
class Deadline:
    week: int
    title: str
    due: datetime
    status: DueStatus
    form_url: str


def schedule(reviews: Iterable[tuple[int, str, datetime, str]], now: datetime) -> list[Deadline]:
    """(week, title, due, form URL) as deadlines with their status at ``now``, soonest first."""
    found = [Deadline(w, t, due, due_status(due, now), url) for w, t, due, url in reviews]
    return sorted(found, key=lambda d: (d.due, d.week))
