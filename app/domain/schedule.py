"""The self-paced term: the course's schedule followed from a Monday the student chooses.

A student who takes the seminar on their own (a later term, another year) moves the whole
schedule so week 1 falls in the week of the chosen Monday. Every date moves by the same whole
number of weeks, so each lecture keeps its weekday and the gaps between weeks stay as the
course had them (a holiday week is still a week without a lecture). Deadlines follow at the
same wall-clock time in the course's zone on the followed day (1:00 PM in Berkeley), which may
be another UTC hour than the original when the move crosses a daylight saving switch.

The original syllabus is never changed: ``follow`` returns a new one, and following from no
Monday (a reset) returns the original as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.domain.course import Syllabus, Week
from app.domain.deadline import WEEKDAY_NAMES, due_at


class ScheduleError(ValueError):
    """A start the schedule cannot follow from; the message says why in one line."""


def week_dates(syllabus: Syllabus) -> dict[int, date]:
    """Week number -> lecture date, for the weeks that have a date."""
    return {w.number: w.date for w in syllabus.weeks if w.date is not None}


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def shift_days(dates: Mapping[int, date], start_monday: date) -> int:
    """How many days the schedule moves so its first dated week falls in ``start_monday``'s.

    Always a whole number of weeks. ``ScheduleError`` when ``start_monday`` is no Monday.
    """
    if start_monday.weekday() != 0:
        weekday = WEEKDAY_NAMES[start_monday.weekday()]
        raise ScheduleError(
            f"{start_monday.isoformat()} is a {weekday}: the term starts on a Monday"
        )
    if not dates:
        return 0
    first = dates[min(dates)]  # week 1, or the first week the course gave a date
    return (start_monday - monday_of(first)).days


def shift(dates: Mapping[int, date], start_monday: date) -> dict[int, date]:
    """Week number -> the date followed, with week 1 in the week of ``start_monday``."""
    days = timedelta(days=shift_days(dates, start_monday))
    return {week: day + days for week, day in dates.items()}


def shift_due(due: datetime, days: int, timezone: str) -> datetime:
    """The deadline ``days`` later, at the same wall-clock time in the course's ``timezone``.

    Computed on the wall clock, not by adding hours: 1:00 PM PST moved past the March switch
    is 1:00 PM PDT, an hour earlier in UTC.
    """
    zone = ZoneInfo(timezone)
    local = due.astimezone(zone)
    return due_at(local.date() + timedelta(days=days), local.time(), timezone)


def follow(syllabus: Syllabus, start_monday: date | None) -> Syllabus:
    """The syllabus as followed from ``start_monday``; the course's own when that is None."""
    if start_monday is None:
        return syllabus
    days = shift_days(week_dates(syllabus), start_monday)
    if days == 0:
        return syllabus
    timezone = syllabus.course.timezone
    return replace(syllabus, weeks=tuple(_moved(w, days, timezone) for w in syllabus.weeks))


def _moved(week: Week, days: int, timezone: str) -> Week:
    moved_date = week.date + timedelta(days=days) if week.date is not None else None
    review = week.review
    if review is not None and review.due is not None:
        review = replace(review, due=shift_due(review.due, days, timezone))
    return replace(week, date=moved_date, review=review)


# "1:00 to 4:00", "1-4pm", "10:30 AM – 12:00 PM": a start, a separator, an end.
_HOURS = re.compile(
    r"(\d{1,2})(?::(\d{2}))?\s*([ap])?\.?m?\.?\s*(?:to|until|-|–|—)\s*"
    r"(\d{1,2})(?::(\d{2}))?\s*([ap])?\.?m?\.?",
    re.IGNORECASE,
)


def meeting_hours(meeting: str | None) -> tuple[time, time] | None:
    """The lecture's start and end from the course's words ("Mondays from 1:00 to 4:00").

    Without AM or PM, 8 to 12 are morning hours and 1 to 7 afternoon ones: a seminar does not
    meet at 1 at night. None when the words hold no time range.
    """
    found = _HOURS.search(meeting or "")
    if found is None:
        return None
    start_hour, start_minute, start_half, end_hour, end_minute, end_half = found.groups()
    if int(start_minute or 0) > 59 or int(end_minute or 0) > 59:
        return None
    # An AM or PM written once ("1-4pm") holds for both ends.
    start = _minutes(int(start_hour), int(start_minute or 0), start_half or end_half)
    end = _minutes(int(end_hour), int(end_minute or 0), end_half)
    if start >= end and start_half is None and end_half is not None:
        start -= 12 * 60  # "11-1pm": a morning start before an afternoon end
    elif start >= end and end_half is None:
        end += 12 * 60  # "11 to 1": the end is past noon
    if not 0 <= start < end < 24 * 60:
        return None
    return time(start // 60, start % 60), time(end // 60, end % 60)


def _minutes(hour: int, minute: int, half: str | None) -> int:
    if half is not None:
        return (hour % 12 + (12 if half.casefold() == "p" else 0)) * 60 + minute
    if 1 <= hour <= 7:
        return (hour + 12) * 60 + minute
    return hour * 60 + minute
