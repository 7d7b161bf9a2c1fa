"""How dates, deadlines and sync times read on screen, in the user's locale and time zone.

The domain keeps aware datetimes in the course's zone (Berkeley); a student elsewhere must
see the moment in their own zone, so every deadline goes through ``astimezone()`` here.
Formatting uses QLocale so month and day names follow the desktop's language.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QLocale, QTime

from app.domain.deadline import DueStatus, due_status
from app.domain.provenance import Origin, SyncRecord


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def short_date(day: date) -> str:
    """``Mon Mar 14``: the list's date column."""
    return QLocale().toString(_qdate(day), "ddd MMM d")


def month_abbreviation(day: date) -> str:
    """``Mar``: the list's calendar block."""
    return QLocale().toString(_qdate(day), "MMM")


def long_date(day: date) -> str:
    """``Monday, March 14, 2022``: the detail pane's heading."""
    return QLocale().toString(_qdate(day), QLocale.FormatType.LongFormat)


def clock_time(moment: datetime) -> str:
    """``1:00 PM`` or ``13:00`` as the locale writes times."""
    return QLocale().toString(QTime(moment.hour, moment.minute), QLocale.FormatType.ShortFormat)


def local(moment: datetime) -> datetime:
    """The moment in the user's time zone (the process's local zone)."""
    return moment.astimezone()


def _day_and_time(moment: datetime) -> str:
    return f"{short_date(moment.date())}, {clock_time(moment)}"


def due_text(due: datetime) -> str:
    """``Mon Mar 14, 1:00 PM`` in the user's zone."""
    return _day_and_time(local(due))


def course_zone_note(due: datetime, course_zone: str) -> str | None:
    """``1:00 PM course time (America/Los_Angeles)`` when the user's zone shows another hour."""
    theirs = due.astimezone(ZoneInfo(course_zone))
    mine = local(due)
    if theirs.utcoffset() == mine.utcoffset():
        return None
    return f"{_day_and_time(theirs)} course time ({course_zone})"


class Urgency(StrEnum):
    """How much a deadline should stand out; the list, the pane and the Due view all weigh
    (and colour) a countdown by it, so the one due soon is the one that catches the eye."""

    OVERDUE = "overdue"  # passed, and the review is still owed
    SOON = "soon"  # within 48 hours: bold
    THIS_WEEK = "this week"  # within 7 days: plain text
    LATER = "later"  # further off: muted
    CLOSED = "closed"  # passed, nothing (known to be) owed: muted


SOON = timedelta(hours=48)
WEEK = timedelta(days=7)
_HOURS_SAID = 4  # below this many hours, "in 3 hours" tells more than "today 1:00 PM"


def _remaining(due: datetime, now: datetime) -> timedelta:
    # In UTC: two datetimes sharing one ZoneInfo subtract as wall-clock times, losing the DST
    # hour (the xfail in tests/unit/test_deadline.py).
    return due.astimezone(UTC) - now.astimezone(UTC)


def urgency(due: datetime, now: datetime, *, owed: bool = False) -> Urgency:
    """``owed``: the review is not handed in (the Due view knows; the week list does not)."""
    left = _remaining(due, now)
    if left <= timedelta(0):
        return Urgency.OVERDUE if owed else Urgency.CLOSED
    if left <= SOON:
        return Urgency.SOON
    return Urgency.THIS_WEEK if left <= WEEK else Urgency.LATER


def is_emphasised(level: Urgency) -> bool:
    """Bold: what needs the student now."""
    return level in (Urgency.OVERDUE, Urgency.SOON)


def _count(number: int, unit: str) -> str:
    return f"in {number} {unit}{'' if number == 1 else 's'}"


def _days_ahead(due: datetime, now: datetime) -> int:
    """Calendar days from now's date to the deadline's, in the user's zone."""
    return (local(due).date() - local(now).date()).days


def _near_day(due: datetime, now: datetime) -> str:
    """``today 1:00 PM`` or ``tomorrow 9:00 AM``."""
    word = "today" if _days_ahead(due, now) == 0 else "tomorrow"
    return f"{word} {clock_time(local(due))}"


def countdown_text(due: datetime, now: datetime, *, with_time: bool = True) -> str:
    """``in 35 min``, ``in 1 h 59 min``, ``in 3 hours``, ``today 11:59 PM``, ``tomorrow 1:00
    PM``, ``in 7 days`` or ``closed``; days are calendar days in the user's zone.
    ``with_time=False`` drops the time of today/tomorrow where it stands beside it already."""
    seconds = int(_remaining(due, now).total_seconds())
    if seconds <= 0:
        return "closed"
    if seconds < 3600:
        return f"in {max(seconds // 60, 1)} min"
    if seconds < 7200:  # every minute counts now: "in 1 h 59 min", not "in 1 hour"
        return f"in 1 h {seconds % 3600 // 60} min"
    if seconds < _HOURS_SAID * 3600:
        return _count(seconds // 3600, "hour")
    days = _days_ahead(due, now)
    if days > 1:
        return _count(days, "day")
    return _near_day(due, now) if with_time else _near_day(due, now).split(" ")[0]


def unbroken(text: str) -> str:
    """Each `` · ``-separated phrase kept on one line (no-break spaces inside), so a narrow
    pane wraps between "today 1:00 PM" and "in 1 h 32 min", never inside either."""
    return " · ".join(part.replace(" ", "\u00a0") for part in text.split(" · "))


def deadline_text(due: datetime, now: datetime) -> str:
    """A deadline and how far off it is, without saying the time twice: ``Mon Mar 14, 1:00 PM
    · in 4 days``, ``tomorrow 1:00 PM``, ``today 1:00 PM · in 3 hours``; once passed, the
    date alone."""
    left = countdown_text(due, now)
    if left == "closed":
        return due_text(due)
    if _days_ahead(due, now) > 1:
        return f"{due_text(due)} · {left}"
    if left.startswith("in "):  # minutes or hours: the day and time too
        return f"{_near_day(due, now)} · {left}"
    return left


def status_of(due: datetime, now: datetime) -> DueStatus:
    return due_status(due, now)


def _relative_day(day: date, today: date) -> str:
    if day == today:
        return "today"
    if (today - day).days == 1:
        return "yesterday"
    return f"on {short_date(day)}"


def sync_record_text(record: SyncRecord | None, now: datetime) -> tuple[str, str]:
    """The status bar's provenance line and its tooltip, e.g. ``Synced from the network today
    at 12:03``, or ``Embedded default syllabus · never synced``."""
    if record is None:
        return "No syllabus stored", "Use Sync to fetch the course page."
    when = local(record.synced_at)
    exact = f"{long_date(when.date())} at {clock_time(when)}"
    if record.origin == Origin.EMBEDDED:
        return (
            "Embedded default syllabus · never synced",
            "Showing the syllabus shipped with the app (loaded "
            f"{exact}).\nUse Sync (Ctrl+R) to fetch the course page.",
        )
    origin = "the network" if record.origin == Origin.NETWORK else "a local file"
    day = _relative_day(when.date(), local(now).date())
    return (
        f"Synced from {origin} {day} at {clock_time(when)}",
        f"Last synced {exact}\nSource: {record.source}",
    )
