"""The self-paced term through the command line: ``schedule shift --start MONDAY`` moves the week
list, the deadlines (``due``), the reminders and the calendar export; ``schedule reset`` gives the
course's dates back; a start that is no Monday is refused in one line and changes nothing.

The shift used is to Monday 26 September 2022, 35 weeks after the course's week 1 (24 January).
It crosses the end of daylight time (6 November 2022): week 6, moved to 31 October, is due at
1:00 PM PDT = 20:00 UTC, while week 8, moved to 14 November, is due at 1:00 PM PST = 21:00 UTC
(the course's own week 8 was due 20:00 UTC). The lectures run 1:00 to 4:00 PM. Every instant
below is written out in UTC by hand; the .ics is read back with icalendar.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar

from tests.integration.cli_process import json_of, run
from tests.integration.reminder_runs import delivered, ok, remind, weeks
from tests.notification_daemon import NotificationDaemon

START = "2022-09-26"
COURSE = "machine-learning-systems-spring-2022@study-companion"
COURSE_DUE = {  # week -> the course's own deadline
    2: datetime(2022, 1, 31, 21, tzinfo=UTC),
    3: datetime(2022, 2, 7, 21, tzinfo=UTC),
    4: datetime(2022, 2, 14, 21, tzinfo=UTC),
    6: datetime(2022, 2, 28, 21, tzinfo=UTC),
    8: datetime(2022, 3, 14, 20, tzinfo=UTC),
    10: datetime(2022, 3, 28, 20, tzinfo=UTC),
    11: datetime(2022, 4, 4, 20, tzinfo=UTC),
    12: datetime(2022, 4, 11, 20, tzinfo=UTC),
}
FOLLOWED_DUE = {  # week -> the deadline followed from 26 September 2022
    2: datetime(2022, 10, 3, 20, tzinfo=UTC),
    3: datetime(2022, 10, 10, 20, tzinfo=UTC),
    4: datetime(2022, 10, 17, 20, tzinfo=UTC),
    6: datetime(2022, 10, 31, 20, tzinfo=UTC),
    8: datetime(2022, 11, 14, 21, tzinfo=UTC),
    10: datetime(2022, 11, 28, 21, tzinfo=UTC),
    11: datetime(2022, 12, 5, 21, tzinfo=UTC),
    12: datetime(2022, 12, 12, 21, tzinfo=UTC),
}


def deadlines(data_dir: Path) -> dict[int, datetime]:
    due = json_of(run(data_dir, "due", "--json", "--now", "2022-01-01T00:00:00Z"))
    return {d["week"]: datetime.fromisoformat(d["due"]) for d in due}


def ics_events(path: Path) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_a_shift_moves_every_week_and_keeps_the_course_date_beside_it(fresh_data: Path) -> None:
    said = ok(fresh_data, "schedule", "shift", "--start", START)

    assert said == (
        "Following the term from 2022-09-26: week 1 on Mon Sep 26 2022 "
        "(the course had it on Mon Jan 24 2022), every date 35 weeks later.\n"
    )
    listed = {w["number"]: (w["date"], w["original_date"]) for w in weeks(fresh_data)}
    assert listed[1] == ("2022-09-26", "2022-01-24")
    assert listed[5] == ("2022-10-24", "2022-02-21")  # the holiday week keeps its place
    assert listed[8] == ("2022-11-14", "2022-03-14")
    assert listed[16] == ("2023-01-09", "2022-05-09")
    for moved, course in listed.values():
        assert date.fromisoformat(moved) - date.fromisoformat(course) == timedelta(weeks=35)
    assert " 8  Mon Nov 14  Machine learning Applied to Systems" in ok(fresh_data, "weeks")


def test_deadlines_follow_the_shift_at_1_pm_in_berkeley_across_the_switch(
    fresh_data: Path,
) -> None:
    assert deadlines(fresh_data) == COURSE_DUE

    ok(fresh_data, "schedule", "shift", "--start", START)

    assert deadlines(fresh_data) == FOLLOWED_DUE
    assert "Mon Nov 14 2022 13:00 PST" in ok(fresh_data, "due", "--now", "2022-11-01T00:00Z")


def test_reset_gives_the_course_dates_back(fresh_data: Path) -> None:
    ok(fresh_data, "schedule", "shift", "--start", START)

    assert ok(fresh_data, "schedule", "reset") == (
        "Following the course's own dates: week 1 on Mon Jan 24 2022.\n"
    )
    assert all(w["date"] == w["original_date"] for w in weeks(fresh_data))
    assert weeks(fresh_data)[0]["date"] == "2022-01-24"
    assert deadlines(fresh_data) == COURSE_DUE


def test_a_start_that_is_no_monday_is_refused_in_one_line(fresh_data: Path) -> None:
    ok(fresh_data, "schedule", "shift", "--start", START)
    before = weeks(fresh_data)

    tuesday = run(fresh_data, "schedule", "shift", "--start", "2022-10-04")
    not_a_date = run(fresh_data, "schedule", "shift", "--start", "04/10/2022")

    assert (tuesday.returncode, tuesday.stdout) == (1, "")
    assert tuesday.stderr == (
        "study-companion: 2022-10-04 is a Tuesday: the term starts on a Monday\n"
    )
    assert (not_a_date.returncode, not_a_date.stdout) == (1, "")
    assert not_a_date.stderr == (
        "study-companion: '04/10/2022' is not a date: write the Monday as YYYY-MM-DD, "
        "or nothing to follow the course's dates\n"
    )
    assert weeks(fresh_data) == before


def test_reminders_follow_the_shift(
    fresh_data: Path, notification_daemon: NotificationDaemon
) -> None:
    ok(fresh_data, "schedule", "shift", "--start", START)

    at_the_course_moment = remind(fresh_data, "2022-03-13T21:00:00Z")  # 23 h before, unshifted
    a_day_before = remind(fresh_data, "2022-11-13T21:00:00Z")  # 1:00 PM PST, Sunday

    assert delivered(at_the_course_moment) == []
    [shown] = delivered(a_day_before)
    assert shown["key"] == "review:week-8:24h:20221114T2100Z"
    assert datetime.fromisoformat(shown["due"]) == FOLLOWED_DUE[8]
    [arrived] = notification_daemon.wait_for_history(1)
    assert arrived.summary == (
        "Review due tomorrow at 1:00 PM: week 8, Machine learning Applied to Systems"
    )
    assert arrived.body == "Due Monday 14 November at 1:00 PM PST, in 1 d 0 h."


def test_the_calendar_export_follows_the_shift_and_the_reset(
    fresh_data: Path, tmp_path: Path
) -> None:
    out = tmp_path / "calendar" / "cs294.ics"
    ok(fresh_data, "schedule", "shift", "--start", START)

    assert ok(fresh_data, "export-ics", str(out)).startswith(f"Wrote {out}")
    shifted = ics_events(out)
    ok(fresh_data, "schedule", "reset")
    ok(fresh_data, "export-ics", str(out))  # again, over the same file
    course = ics_events(out)

    review_8, lecture_8 = f"week-8-review.{COURSE}", f"week-8-lecture.{COURSE}"
    lecture_6 = f"week-6-lecture.{COURSE}"
    assert shifted[review_8].decoded("dtstart") == datetime(2022, 11, 14, 21, tzinfo=UTC)
    assert (shifted[lecture_8].decoded("dtstart"), shifted[lecture_8].decoded("dtend")) == (
        datetime(2022, 11, 14, 21, tzinfo=UTC),
        datetime(2022, 11, 15, 0, tzinfo=UTC),
    )
    assert shifted[lecture_6].decoded("dtstart") == datetime(2022, 10, 31, 20, tzinfo=UTC)
    reviews = {uid: e.decoded("dtstart") for uid, e in shifted.items() if "-review." in uid}
    assert reviews == {f"week-{w}-review.{COURSE}": due for w, due in FOLLOWED_DUE.items()}
    # The same events (by UID) back at the course's dates: a calendar app updates them.
    assert sorted(course) == sorted(shifted)
    assert course[review_8].decoded("dtstart") == datetime(2022, 3, 14, 20, tzinfo=UTC)
    assert course[lecture_6].decoded("dtstart") == datetime(2022, 2, 28, 21, tzinfo=UTC)
