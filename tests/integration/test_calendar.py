"""The term exported as .ics and read back with icalendar, as a calendar app would import it.

Expected times are UTC instants written by hand: the lecture runs 1:00 to 4:00 PM in Berkeley
(21:00-00:00 UTC in standard time, 20:00-23:00 UTC in daylight time) and the review is due at
1:00 PM.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from app.domain.course import Syllabus
from app.domain.schedule import shift, week_dates
from app.resources import embedded_syllabus_path
from app.services.calendar import calendar_ics, write_calendar
from app.syllabus import json_format

STAMP = datetime(2022, 1, 20, 9, 30, tzinfo=UTC)
COURSE = "machine-learning-systems-spring-2022@study-companion"
LECTURE_WEEKS = [1, 2, 3, 4, 6, 7, 8, 10, 11, 12, 13, 14, 16]  # 5, 9 and 15: no class
REVIEW_WEEKS = [2, 3, 4, 6, 8, 10, 11, 12]


@pytest.fixture(scope="module")
def term() -> Syllabus:
    """The syllabus the app imports on its first start."""
    return json_format.load(embedded_syllabus_path())


def events(ics: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(ics)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def utc(year: int, month: int, day: int, hour: int) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def test_one_event_per_lecture_and_per_review_deadline(term: Syllabus, tmp_path: Path) -> None:
    path = tmp_path / "exports" / "cs294.ics"
    write_calendar(path, calendar_ics(term, STAMP))
    found = events(path.read_bytes())
    lectures = [f"week-{n}-lecture.{COURSE}" for n in LECTURE_WEEKS]
    reviews = [f"week-{n}-review.{COURSE}" for n in REVIEW_WEEKS]
    assert sorted(found) == sorted(lectures + reviews)
    assert [p.name for p in path.parent.iterdir()] == ["cs294.ics"]  # no temporary file left


def test_lectures_at_the_meeting_hours_across_the_switch(term: Syllabus) -> None:
    found = events(calendar_ics(term, STAMP))
    week_6, week_8 = found[f"week-6-lecture.{COURSE}"], found[f"week-8-lecture.{COURSE}"]
    assert (week_6.decoded("dtstart"), week_6.decoded("dtend")) == (
        utc(2022, 2, 28, 21),
        utc(2022, 3, 1, 0),
    )
    assert (week_8.decoded("dtstart"), week_8.decoded("dtend")) == (
        utc(2022, 3, 14, 20),
        utc(2022, 3, 14, 23),
    )
    assert str(week_8["summary"]) == "Week 8: Machine learning Applied to Systems"


def test_a_review_deadline_is_an_instant_with_alarms_before_it(term: Syllabus) -> None:
    review = events(calendar_ics(term, STAMP))[f"week-8-review.{COURSE}"]
    assert review.decoded("dtstart") == utc(2022, 3, 14, 20)
    assert "dtend" not in review and "duration" not in review
    assert str(review["summary"]) == "Review due: week 8, Machine learning Applied to Systems"
    week_8 = term.week(8)
    assert week_8 is not None and week_8.review is not None
    assert str(review["url"]) == week_8.review.form_url
    triggers = [alarm.decoded("trigger") for alarm in review.walk("VALARM")]
    assert triggers == [timedelta(hours=-24), timedelta(hours=-2)]


def test_every_event_is_stamped_with_the_clocks_moment(term: Syllabus) -> None:
    found = events(calendar_ics(term, STAMP))
    assert len(found) == len(LECTURE_WEEKS) + len(REVIEW_WEEKS)
    assert {event.decoded("dtstamp") for event in found.values()} == {STAMP}


def test_a_second_export_updates_the_same_events(term: Syllabus) -> None:
    first = events(calendar_ics(term, STAMP))
    second = events(calendar_ics(term, STAMP + timedelta(days=30)))
    assert sorted(second) == sorted(first)
    uid = f"week-8-review.{COURSE}"
    assert second[uid].decoded("dtstart") == first[uid].decoded("dtstart")
    assert second[uid].decoded("dtstamp") == STAMP + timedelta(days=30)


def test_a_shifted_schedule_moves_the_events_under_the_same_uids(term: Syllabus) -> None:
    followed = shift(week_dates(term), date(2022, 9, 19))  # week 8 on 2022-11-07, after the switch
    moved = events(calendar_ics(term, STAMP, followed))
    assert sorted(moved) == sorted(events(calendar_ics(term, STAMP)))
    lecture, review = moved[f"week-8-lecture.{COURSE}"], moved[f"week-8-review.{COURSE}"]
    assert lecture.decoded("dtstart") == utc(2022, 11, 7, 21)  # 1:00 PM PST
    assert review.decoded("dtstart") == utc(2022, 11, 7, 21)
    assert moved[f"week-2-review.{COURSE}"].decoded("dtstart") == utc(2022, 9, 26, 20)  # PDT


def test_without_meeting_hours_a_lecture_is_an_all_day_event(term: Syllabus) -> None:
    no_hours = replace(term, course=replace(term.course, meeting=None))
    lecture = events(calendar_ics(no_hours, STAMP))[f"week-8-lecture.{COURSE}"]
    assert lecture.decoded("dtstart") == date(2022, 3, 14)
    assert lecture.decoded("dtend") == date(2022, 3, 15)


def test_no_alarms_when_none_are_wanted(term: Syllabus) -> None:
    review = events(calendar_ics(term, STAMP, alarms=()))[f"week-8-review.{COURSE}"]
    assert review.walk("VALARM") == []


def test_an_export_over_an_older_one_replaces_it(term: Syllabus, tmp_path: Path) -> None:
    path = tmp_path / "cs294.ics"
    write_calendar(path, calendar_ics(term, STAMP))
    followed = shift(week_dates(term), date(2022, 9, 19))
    write_calendar(path, calendar_ics(term, STAMP, followed))
    review = events(path.read_bytes())[f"week-8-review.{COURSE}"]
    assert review.decoded("dtstart") == utc(2022, 11, 7, 21)
    assert [p.name for p in tmp_path.iterdir()] == ["cs294.ics"]
