"""Review deadlines: 1:00 PM Berkeley time on the lecture day, across DST, seen from anywhere."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.domain.course import Syllabus
from app.domain.deadline import DEFAULT_DUE_TIME, DueStatus, countdown, due_at, due_status
from app.syllabus.jekyll_index import parse_index_md

PACIFIC = "America/Los_Angeles"
TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.fixture(scope="module")
def real(course_index_text: str) -> Syllabus:
    return parse_index_md(course_index_text).syllabus


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (date(2022, 2, 28), 21),  # PST, UTC-8: the last lecture before the switch
        (date(2022, 3, 13), 20),  # the switch day itself: 2:00 AM became 3:00 AM
        (date(2022, 3, 14), 20),  # PDT, UTC-7
        (date(2022, 11, 7), 21),  # back to PST after 2022-11-06
    ],
)
def test_one_pm_pacific_in_utc_across_daylight_saving(day: date, utc_hour: int) -> None:
    due = due_at(day, DEFAULT_DUE_TIME, PACIFIC)
    assert due.astimezone(UTC) == datetime.combine(day, time(utc_hour), tzinfo=UTC)


def test_the_parsed_syllabus_carries_the_dst_facts(real: Syllabus) -> None:
    dues = {w.number: w.review.due for w in real.weeks if w.review and w.review.due}
    assert dues[6].astimezone(UTC) == datetime(2022, 2, 28, 21, 0, tzinfo=UTC)
    assert dues[8].astimezone(UTC) == datetime(2022, 3, 14, 20, 0, tzinfo=UTC)
    assert all(due.astimezone(ZoneInfo(PACIFIC)).time() == time(13) for due in dues.values())
    assert sorted(dues) == [2, 3, 4, 6, 8, 10, 11, 12]


def test_status_at_the_deadline_and_around_it() -> None:
    due = due_at(date(2022, 2, 7), DEFAULT_DUE_TIME, PACIFIC)
    pacific_morning = datetime.fromisoformat("2022-02-07T10:00:00-08:00")
    assert due_status(due, pacific_morning) == DueStatus.DUE_TODAY
    assert due_status(due, due - timedelta(seconds=1)) == DueStatus.DUE_TODAY
    assert due_status(due, due) == DueStatus.PAST  # "before 1:00PM": at 1:00 it is too late
    assert due_status(due, pacific_morning - timedelta(days=1)) == DueStatus.UPCOMING


def test_today_is_the_users_day_not_berkeleys() -> None:
    due = due_at(date(2022, 2, 7), DEFAULT_DUE_TIME, PACIFIC)  # 2022-02-08 06:00 in Tokyo
    late_evening_in_tokyo = datetime(2022, 2, 7, 23, 0, tzinfo=TOKYO)
    early_morning_in_tokyo = datetime(2022, 2, 8, 5, 0, tzinfo=TOKYO)
    assert due_status(due, late_evening_in_tokyo) == DueStatus.UPCOMING
    assert due_status(due, early_morning_in_tokyo) == DueStatus.DUE_TODAY


@pytest.mark.parametrize(
    ("remaining", "shown"),
    [
        (timedelta(days=2, hours=3, minutes=59), "in 2 d 3 h"),
        (timedelta(hours=3), "in 3 h 0 min"),
        (timedelta(minutes=5, seconds=30), "in 5 min"),
        (timedelta(seconds=10), "in 1 min"),
        (timedelta(0), "closed"),
        (timedelta(minutes=-5), "closed"),
    ],
)
def test_countdown_reads_as_a_person_would_say_it(remaining: timedelta, shown: str) -> None:
    due = datetime(2022, 3, 14, 20, 0, tzinfo=UTC)
    assert str(countdown(due, due - remaining)) == shown


def test_countdown_across_the_dst_switch_counts_real_hours() -> None:
    # Sunday 2022-03-13 was 23 hours long in Berkeley.
    due = due_at(date(2022, 3, 14), DEFAULT_DUE_TIME, PACIFIC)
    saturday_utc = datetime(2022, 3, 12, 21, 0, tzinfo=UTC)
    assert str(countdown(due, saturday_utc)) == "in 1 d 23 h"


def test_countdown_is_right_when_now_is_in_the_course_zone_too() -> None:
    due = due_at(date(2022, 3, 14), DEFAULT_DUE_TIME, PACIFIC)
    saturday = datetime(2022, 3, 12, 13, 0, tzinfo=ZoneInfo(PACIFIC))  # same instant as above
    assert str(countdown(due, saturday)) == "in 1 d 23 h"
