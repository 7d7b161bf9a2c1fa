"""Review reminders: the right one at the right moment, once, and none that make no sense.

Deadlines are written as UTC instants: week 8 is due 1:00 PM PDT on 2022-03-14, 20:00 UTC (the
day after the March switch); week 6 is due 1:00 PM PST on 2022-02-28, 21:00 UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.deadline import Deadline, DueStatus
from app.domain.reminder import (
    OffsetError,
    ReminderPlan,
    Urgency,
    format_offsets,
    parse_offsets,
    reminders_due,
)
from app.domain.review import ReviewStatus

BERKELEY = "America/Los_Angeles"
WEEK_8_DUE = datetime(2022, 3, 14, 20, 0, tzinfo=UTC)
WEEK_6_DUE = datetime(2022, 2, 28, 21, 0, tzinfo=UTC)
WEEK_8 = Deadline(8, "Machine learning Applied to Systems", WEEK_8_DUE, DueStatus.UPCOMING, "")
WEEK_6 = Deadline(6, "Distributed deep learning, Part II", WEEK_6_DUE, DueStatus.UPCOMING, "")
KEY_48H = "review:week-8:48h:20220314T2000Z"
KEY_24H = "review:week-8:24h:20220314T2000Z"
KEY_2H = "review:week-8:2h:20220314T2000Z"
HOUR = timedelta(hours=1)


def week_8_at(now: datetime, delivered: frozenset[str] = frozenset()) -> ReminderPlan:
    return reminders_due([WEEK_8], {}, delivered, now, BERKELEY)


def test_nothing_before_the_first_moment() -> None:
    assert week_8_at(datetime(2022, 3, 12, 19, 59, tzinfo=UTC)) == ReminderPlan()


def test_forty_eight_real_hours_before_across_the_dst_switch() -> None:
    # 48 h before 20:00 UTC Monday is 20:00 UTC Saturday: noon PST, not 1:00 PM.
    plan = week_8_at(datetime(2022, 3, 12, 20, 0, tzinfo=UTC))
    assert [r.key for r in plan.deliver] == [KEY_48H]
    assert plan.deliver[0].urgency is Urgency.NORMAL
    assert plan.passed_over == ()


def test_each_reminder_arrives_once_and_the_last_is_critical() -> None:
    first = week_8_at(WEEK_8_DUE - 48 * HOUR)
    assert [r.key for r in first.deliver] == [KEY_48H]
    assert week_8_at(WEEK_8_DUE - 47 * HOUR, frozenset({KEY_48H})) == ReminderPlan()
    second = week_8_at(WEEK_8_DUE - 24 * HOUR, frozenset({KEY_48H}))
    assert [(r.key, r.urgency) for r in second.deliver] == [(KEY_24H, Urgency.NORMAL)]
    last = week_8_at(WEEK_8_DUE - 2 * HOUR, frozenset({KEY_48H, KEY_24H}))
    assert [(r.key, r.urgency) for r in last.deliver] == [(KEY_2H, Urgency.CRITICAL)]
    assert week_8_at(WEEK_8_DUE - HOUR, frozenset({KEY_48H, KEY_24H, KEY_2H})) == ReminderPlan()


def test_catching_up_after_the_app_was_closed_gives_only_the_latest() -> None:
    plan = week_8_at(WEEK_8_DUE - 3 * HOUR)
    assert [r.key for r in plan.deliver] == [KEY_24H]
    assert plan.passed_over == (KEY_48H,)
    # Even if the caller recorded only what it showed, the 48 h one never comes after it.
    assert week_8_at(WEEK_8_DUE - 3 * HOUR + timedelta(minutes=1), frozenset({KEY_24H})) == (
        ReminderPlan()
    )


def test_catching_up_in_the_last_hours_gives_the_critical_one_alone() -> None:
    plan = week_8_at(WEEK_8_DUE - timedelta(minutes=30))
    assert [(r.key, r.urgency) for r in plan.deliver] == [(KEY_2H, Urgency.CRITICAL)]
    assert plan.passed_over == (KEY_48H, KEY_24H)


@pytest.mark.parametrize("after", [timedelta(0), timedelta(minutes=1), timedelta(days=3)])
def test_none_once_the_deadline_has_passed(after: timedelta) -> None:
    assert week_8_at(WEEK_8_DUE + after) == ReminderPlan()


def test_none_for_a_submitted_review() -> None:
    statuses = {8: ReviewStatus.SUBMITTED}
    assert reminders_due([WEEK_8], statuses, set(), WEEK_8_DUE - HOUR, BERKELEY) == ReminderPlan()


def test_a_queued_review_is_reminded_only_at_the_last_moment_that_it_is_unsent() -> None:
    statuses = {8: ReviewStatus.QUEUED}
    early = reminders_due([WEEK_8], statuses, set(), WEEK_8_DUE - 30 * HOUR, BERKELEY)
    assert early == ReminderPlan()
    late = reminders_due([WEEK_8], statuses, set(), WEEK_8_DUE - 2 * HOUR, BERKELEY)
    assert [(r.key, r.urgency) for r in late.deliver] == [(KEY_2H, Urgency.CRITICAL)]
    assert late.deliver[0].body.endswith(
        "Your review is queued but not sent yet: it goes once the app is online."
    )


@pytest.mark.parametrize(
    "status", [ReviewStatus.DRAFTING, ReviewStatus.READY, ReviewStatus.NEEDS_ATTENTION]
)
def test_unsent_reviews_are_reminded(status: ReviewStatus) -> None:
    plan = reminders_due([WEEK_8], {8: status}, set(), WEEK_8_DUE - 24 * HOUR, BERKELEY)
    assert [r.key for r in plan.deliver] == [KEY_24H]


def test_a_moved_deadline_reminds_anew() -> None:
    moved_due = WEEK_8_DUE + timedelta(days=7)
    moved = Deadline(8, WEEK_8.title, moved_due, DueStatus.UPCOMING, "")
    delivered = {KEY_48H, KEY_24H, KEY_2H}
    plan = reminders_due([moved], {}, delivered, moved_due - 48 * HOUR, BERKELEY)
    assert [r.key for r in plan.deliver] == ["review:week-8:48h:20220321T2000Z"]


def test_the_text_in_berkeley() -> None:
    (reminder,) = week_8_at(WEEK_8_DUE - 24 * HOUR).deliver
    assert reminder.summary == (
        "Review due tomorrow at 1:00 PM: week 8, Machine learning Applied to Systems"
    )
    assert reminder.body == "Due Monday 14 March at 1:00 PM PDT, in 1 d 0 h."


def test_the_text_where_the_student_is() -> None:
    plan = reminders_due([WEEK_8], {}, set(), WEEK_8_DUE - 24 * HOUR, "Asia/Kolkata")
    (reminder,) = plan.deliver
    assert reminder.summary.startswith("Review due tomorrow at 1:30 AM: week 8")
    assert reminder.body == "Due Tuesday 15 March at 1:30 AM IST, in 1 d 0 h."


def test_the_text_before_the_switch_says_standard_time() -> None:
    plan = reminders_due([WEEK_6], {}, set(), WEEK_6_DUE - 48 * HOUR, BERKELEY)
    (reminder,) = plan.deliver
    assert (
        reminder.summary
        == "Review due Monday at 1:00 PM: week 6, Distributed deep learning, Part II"
    )
    assert reminder.body == "Due Monday 28 February at 1:00 PM PST, in 2 d 0 h."


def test_reviews_come_soonest_deadline_first() -> None:
    now = WEEK_6_DUE - 2 * HOUR
    plan = reminders_due([WEEK_8, WEEK_6], {}, set(), now, BERKELEY)
    assert [r.week for r in plan.deliver] == [6]  # week 8 is two weeks away
    later = WEEK_8_DUE - 49 * HOUR
    both = reminders_due([WEEK_8, WEEK_6], {}, set(), later, BERKELEY, [timedelta(days=20)])
    assert [r.week for r in both.deliver] == [8]  # week 6 is over


def test_configured_offsets() -> None:
    offsets = parse_offsets("90m")
    plan = reminders_due(
        [WEEK_8], {}, set(), WEEK_8_DUE - 90 * timedelta(minutes=1), BERKELEY, offsets
    )
    assert [(r.key, r.urgency) for r in plan.deliver] == [
        ("review:week-8:90m:20220314T2000Z", Urgency.CRITICAL)
    ]


@pytest.mark.parametrize(
    ("written", "offsets"),
    [
        ("48h,24h,2h", (48 * HOUR, 24 * HOUR, 2 * HOUR)),
        (" 2h, 48h ,24H ", (48 * HOUR, 24 * HOUR, 2 * HOUR)),
        ("90m", (timedelta(minutes=90),)),
        ("1d", (24 * HOUR,)),
        ("1h30m", (timedelta(minutes=90),)),
        ("none", ()),
        ("", ()),
    ],
)
def test_offsets_as_the_user_writes_them(written: str, offsets: tuple[timedelta, ...]) -> None:
    assert parse_offsets(written) == offsets


def test_offsets_print_as_they_are_read_back() -> None:
    assert format_offsets(parse_offsets("1d, 90m, 48h")) == "48h,24h,90m"
    assert format_offsets(()) == "none"
    assert parse_offsets("none") == ()


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("48", '"48" is not a time before the deadline: write a number and d, h or m'),
        ("2x", '"2x" is not a time before the deadline'),
        ("-2h", '"-2h" is not a time before the deadline'),
        ("0m", '"0m" is no time before the deadline: give at least 1m'),
        ("1d,24h", '"1d" and "24h" are the same time'),
        ("48h,,2h", '"48h,,2h" has an empty item between its commas'),
    ],
)
def test_offsets_that_cannot_be_read_say_why(written: str, said: str) -> None:
    with pytest.raises(OffsetError) as refused:
        parse_offsets(written)
    assert str(refused.value).startswith(said)


_offsets = st.sets(st.integers(min_value=1, max_value=72 * 60), min_size=1, max_size=4)
_checks = st.lists(st.integers(min_value=-80 * 60, max_value=60), max_size=12)


@given(_offsets, _checks, st.data())
def test_any_run_of_checks_reminds_once_in_order_and_never_late(
    minutes: set[int], checks: list[int], data: st.DataObject
) -> None:
    offsets = [timedelta(minutes=m) for m in minutes]
    # One check is sure to fall in the last window: between the smallest offset and the due.
    last_window = data.draw(st.integers(min_value=-min(minutes), max_value=-1))
    delivered: set[str] = set()
    shown: list[timedelta] = []
    for minute in sorted([*checks, last_window]):
        now = WEEK_8_DUE + timedelta(minutes=minute)
        plan = reminders_due([WEEK_8], {}, delivered, now, BERKELEY, offsets)
        assert len(plan.deliver) <= 1
        assert not {r.key for r in plan.deliver} & delivered
        assert all(now < r.due and r.due - r.offset <= now for r in plan.deliver)
        shown += [r.offset for r in plan.deliver]
        delivered |= {r.key for r in plan.deliver} | set(plan.passed_over)
    assert shown == sorted(set(shown), reverse=True)  # never an earlier one after a later one
    assert shown[-1] == min(offsets)  # and the last one always arrives
