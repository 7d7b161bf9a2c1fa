"""The self-paced term: the schedule followed from a chosen Monday, deadlines still 1:00 PM.

Expected deadlines are written as UTC instants: 1:00 PM in Berkeley is 21:00 UTC under standard
time (before 2022-03-13, from 2022-11-06; before 2023-03-12) and 20:00 UTC under daylight time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.course import Syllabus
from app.domain.schedule import ScheduleError, follow, meeting_hours, shift

COURSE_DATES = {n: date(2022, 1, 24) + timedelta(weeks=n - 1) for n in range(1, 17)}


def utc(year: int, month: int, day: int, hour: int) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def dues(syllabus: Syllabus) -> dict[int, datetime]:
    return {w.number: w.review.due for w in syllabus.weeks if w.review and w.review.due}


def test_the_whole_term_moves_to_the_chosen_monday(spring_2022: Syllabus) -> None:
    assert {w.number: w.date for w in spring_2022.weeks} == COURSE_DATES
    followed = shift(COURSE_DATES, date(2022, 9, 26))
    assert followed == {
        **{1: date(2022, 9, 26), 2: date(2022, 10, 3), 3: date(2022, 10, 10)},
        **{4: date(2022, 10, 17), 5: date(2022, 10, 24), 6: date(2022, 10, 31)},
        **{7: date(2022, 11, 7), 8: date(2022, 11, 14), 9: date(2022, 11, 21)},
        **{10: date(2022, 11, 28), 11: date(2022, 12, 5), 12: date(2022, 12, 12)},
        **{13: date(2022, 12, 19), 14: date(2022, 12, 26), 15: date(2023, 1, 2)},
        16: date(2023, 1, 9),
    }


def test_weekdays_and_gaps_are_kept() -> None:
    # Tuesday, Thursday of the next week, then a week off, then Tuesday.
    dates = {1: date(2022, 1, 25), 2: date(2022, 2, 3), 4: date(2022, 2, 15)}
    followed = shift(dates, date(2023, 1, 2))
    assert followed == {1: date(2023, 1, 3), 2: date(2023, 1, 12), 4: date(2023, 1, 24)}


def test_without_a_date_for_week_1_the_first_dated_week_starts_the_term() -> None:
    followed = shift({2: date(2022, 1, 31), 3: date(2022, 2, 7)}, date(2022, 9, 26))
    assert followed == {2: date(2022, 9, 26), 3: date(2022, 10, 3)}


@pytest.mark.parametrize(
    ("day", "said"),
    [
        (date(2022, 9, 28), "2022-09-28 is a Wednesday: the term starts on a Monday"),
        (date(2022, 10, 2), "2022-10-02 is a Sunday: the term starts on a Monday"),
    ],
)
def test_a_start_that_is_no_monday_is_refused(day: date, said: str) -> None:
    with pytest.raises(ScheduleError) as refused:
        shift(COURSE_DATES, day)
    assert str(refused.value) == said


def test_deadlines_follow_across_the_spring_switch(spring_2022: Syllabus) -> None:
    followed = follow(spring_2022, date(2022, 2, 21))  # four weeks later
    assert dues(followed) == {
        2: utc(2022, 2, 28, 21),
        3: utc(2022, 3, 7, 21),
        4: utc(2022, 3, 14, 20),  # was 21:00 UTC on 2022-02-14: 1:00 PM PDT now
        6: utc(2022, 3, 28, 20),
        8: utc(2022, 4, 11, 20),
        10: utc(2022, 4, 25, 20),
        11: utc(2022, 5, 2, 20),
        12: utc(2022, 5, 9, 20),
    }


def test_deadlines_follow_across_the_fall_switch(spring_2022: Syllabus) -> None:
    followed = follow(spring_2022, date(2022, 9, 19))  # week 8 lands on the day after it
    assert dues(followed) == {
        2: utc(2022, 9, 26, 20),
        3: utc(2022, 10, 3, 20),
        4: utc(2022, 10, 10, 20),
        6: utc(2022, 10, 24, 20),
        8: utc(2022, 11, 7, 21),  # was 20:00 UTC on 2022-03-14: 1:00 PM PST now
        10: utc(2022, 11, 21, 21),
        11: utc(2022, 11, 28, 21),
        12: utc(2022, 12, 5, 21),
    }


def test_deadlines_follow_into_another_year(spring_2022: Syllabus) -> None:
    followed = follow(spring_2022, date(2023, 1, 23))  # 2023's switch came on 2023-03-12
    assert dues(followed)[6] == utc(2023, 2, 27, 21)
    assert dues(followed)[8] == utc(2023, 3, 13, 20)
    assert followed.week(5) is not None and followed.week(5).date == date(2023, 2, 20)  # holiday


def test_the_original_dates_stay_and_a_reset_is_no_shift(spring_2022: Syllabus) -> None:
    followed = follow(spring_2022, date(2022, 9, 26))
    assert followed.week(8) is not None and followed.week(8).date == date(2022, 11, 14)
    assert spring_2022.week(8) is not None and spring_2022.week(8).date == date(2022, 3, 14)
    assert dues(spring_2022)[8] == utc(2022, 3, 14, 20)
    assert follow(spring_2022, None) == spring_2022
    assert follow(spring_2022, date(2022, 1, 24)) == spring_2022  # the course's own start


@given(
    st.dictionaries(
        st.integers(min_value=1, max_value=20),
        st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
        min_size=1,
    ),
    st.integers(min_value=-1000, max_value=1000).map(
        lambda weeks: date(2024, 1, 1) + timedelta(weeks=weeks)  # 2024-01-01 was a Monday
    ),
)
def test_any_schedule_keeps_its_weekdays_and_gaps(dates: dict[int, date], monday: date) -> None:
    followed = shift(dates, monday)
    first = min(dates)
    assert monday <= followed[first] <= monday + timedelta(days=6)
    assert {w: d.weekday() for w, d in followed.items()} == {
        w: d.weekday() for w, d in dates.items()
    }
    assert {w: d - dates[first] for w, d in dates.items()} == {
        w: d - followed[first] for w, d in followed.items()
    }


@pytest.mark.parametrize(
    ("words", "hours"),
    [
        ("Mondays from 1:00 to 4:00", (time(13), time(16))),
        ("Tuesdays 1-4pm", (time(13), time(16))),
        ("10:30 AM – 12:00 PM", (time(10, 30), time(12))),
        ("11-1pm", (time(11), time(13))),
        ("9am to 5pm", (time(9), time(17))),
        ("Thursdays 9:30–11", (time(9, 30), time(11))),
        ("Mondays", None),
        (None, None),
    ],
)
def test_meeting_hours_from_the_course_words(
    words: str | None, hours: tuple[time, time] | None
) -> None:
    assert meeting_hours(words) == hours
