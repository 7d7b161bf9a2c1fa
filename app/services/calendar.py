"""Calendar export: the term's lectures and review deadlines as an ``.ics`` file.

One VEVENT per lecture (at the course's meeting hours when its words give them, else all day)
and one per review deadline (an event at the due instant, with display alarms before it).
Weeks without class (holidays, breaks) get none. A self-paced student passes the dates they
follow: lectures and deadlines move with them, deadlines at the same wall-clock time in the
course's zone.

UIDs are stable (``week-8-review.<course>@study-companion``): importing the file again, or a
new export after a shift, updates the events instead of adding copies. Timed values are
written in UTC, which every calendar reads without a VTIMEZONE; DTSTAMP is the clock's moment.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar

from app.domain.course import Course, Speaker, Syllabus, Week, WeekKind
from app.domain.deadline import due_at
from app.domain.schedule import meeting_hours, shift_due

PRODUCT_ID = "-//Study Companion//study-companion//EN"
UID_DOMAIN = "study-companion"
DEFAULT_ALARMS = (timedelta(hours=24), timedelta(hours=2))
NO_CLASS = (WeekKind.HOLIDAY, WeekKind.BREAK)


def calendar_ics(
    syllabus: Syllabus,
    stamp: datetime,
    followed: Mapping[int, date] | None = None,
    alarms: Sequence[timedelta] = DEFAULT_ALARMS,
) -> bytes:
    """The ``.ics`` text of the term: lectures and review deadlines.

    ``followed`` maps week numbers to the dates the student follows (``schedule.shift``); a
    week missing from it keeps the course's date. ``stamp`` (aware) becomes every DTSTAMP.
    """
    course = syllabus.course
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")  # a published copy: clients update events by UID
    calendar.add("x-wr-calname", " ".join(filter(None, (course.title, course.term))))
    for week in syllabus.weeks:
        moved = _days_moved(week, followed)
        if week.date is not None and week.kind not in NO_CLASS:
            calendar.add_component(_lecture(course, week, week.date + moved, stamp))
        if week.review is not None and week.review.due is not None:
            due = shift_due(week.review.due, moved.days, course.timezone)
            calendar.add_component(_review(course, week, due, stamp, alarms))
    return bytes(calendar.to_ical())


def write_calendar(path: Path, ics: bytes) -> None:
    """Writes the file whole or not at all: a calendar app never reads half an export."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(ics)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def event_uid(course: Course, week: int, what: str) -> str:
    """``week-8-review.machine-learning-systems-spring-2022@study-companion``.

    The course is in it so two offerings imported into one calendar do not replace each other.
    """
    name = re.sub(r"[^a-z0-9]+", "-", f"{course.title} {course.term or ''}".casefold()).strip("-")
    return f"week-{week}-{what}.{name}@{UID_DOMAIN}"


def _days_moved(week: Week, followed: Mapping[int, date] | None) -> timedelta:
    if followed is None or week.date is None or week.number not in followed:
        return timedelta(0)
    return followed[week.number] - week.date


def _lecture(course: Course, week: Week, day: date, stamp: datetime) -> icalendar.Event:
    event = _event(event_uid(course, week.number, "lecture"), stamp)
    event.add("summary", f"Week {week.number}: {week.title}")
    hours = meeting_hours(course.meeting)
    if hours is None:
        event.add("dtstart", day)  # a DATE value: an all-day event
        event.add("dtend", day + timedelta(days=1))
    else:
        start, end = hours
        event.add("dtstart", due_at(day, start, course.timezone).astimezone(UTC))
        event.add("dtend", due_at(day, end, course.timezone).astimezone(UTC))
    details = [_speaker(speaker) for speaker in week.speakers]
    details += [f"Reading: {reading.title}" for reading in week.required_readings]
    if details:
        event.add("description", "\n".join(details))
    if course.site_url:
        event.add("url", course.site_url)
    return event


def _review(
    course: Course, week: Week, due: datetime, stamp: datetime, alarms: Sequence[timedelta]
) -> icalendar.Event:
    assert week.review is not None  # the caller checked: only weeks with a review form
    summary = f"Review due: week {week.number}, {week.title}"
    event = _event(event_uid(course, week.number, "review"), stamp)
    event.add("summary", summary)
    # No DTEND: RFC 5545 reads a start alone as an event that takes no time, the deadline.
    event.add("dtstart", due.astimezone(UTC))
    event.add("url", week.review.form_url)
    event.add("description", f"{week.review.label}: {week.review.form_url}")
    for before in sorted(set(alarms), reverse=True):
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", -before)
        event.add_component(alarm)
    return event


def _event(uid: str, stamp: datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp.astimezone(UTC))
    return event


def _speaker(speaker: Speaker) -> str:
    return f"Speaker: {speaker.name}" + (f" ({speaker.affiliation})" if speaker.affiliation else "")
