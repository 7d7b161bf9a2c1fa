"""How dates, deadlines and sync times read on screen, in the user's locale and time zone.

The domain keeps aware datetimes in the course's zone (Berkeley); a student elsewhere must
see the moment in their own zone, so every deadline goes through ``astimezone()`` here.
Formatting uses QLocale so month and day names follow the desktop's language.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QLocale, QTime

from app.domain.deadline import DueStatus, countdown, due_status
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


def countdown_text(due: datetime, now: datetime) -> str:
    """``in 4 d 0 h``, ``in 35 min``, or ``closed`` (the domain's wording)."""
    # In UTC: two datetimes sharing one ZoneInfo subtract as wall-clock times, losing the DST
    # hour (the xfail in tests/unit/test_deadline.py).
    return str(countdown(due.astimezone(UTC), now.astimezone(UTC)))


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
