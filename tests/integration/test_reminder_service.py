"""ReminderService through its notifier seam, on the real store and the real dunst: a reminder
the notification service refuses is not recorded and comes at the next check while the others
still go, the refusal is reported once, a check that only looks shows and records nothing, and
a click on a reminder names its week (the draft to open).

The clock is fixed (FixedClock); the notifiers wrap the desktop's real one
(tests/integration/reminder_runs.py).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from app.domain.reminder import Reminder
from app.notify import ActionInvoked, FreedesktopNotifier
from app.services.app_services import open_services
from app.services.clock import FixedClock
from tests.integration.reminder_runs import KeptOpen, RefusingWeek
from tests.notification_daemon import WAIT_BOUND_S, NotificationDaemon

WEEK_8 = "week 8, Machine learning Applied to Systems"
WEEK_10 = "week 10, Machine Learning Frameworks and Automatic Differentiation"


def test_a_refused_reminder_comes_at_the_next_check_while_the_others_go(
    fresh_data: Path, notification_daemon: NotificationDaemon
) -> None:
    # Midnight UTC on 14 March, 5:00 PM on the 13th in Berkeley. With reminders 15 days ahead,
    # week 8 (due 20:00 UTC on the 14th) and week 10 (due 28 March) are both due a reminder;
    # week 11 (4 April) is not yet.
    services = open_services(fresh_data, clock=FixedClock(datetime(2022, 3, 14, tzinfo=UTC)))
    try:
        services.config.set("reminders", "15d")
        looked = [r.week for r in services.reminders.due_now().deliver]
        refusing = RefusingWeek(8)
        reported: list[tuple[int, str]] = []

        def report(reminder: Reminder, reason: str) -> None:
            reported.append((reminder.week, reason))

        first = services.reminders_through(lambda: refusing).deliver(on_failure=report)
        second = services.reminders.deliver()
        third = services.reminders.deliver()
    finally:
        services.close()

    assert looked == [8, 10]  # only looking: both were still to come
    assert [r.week for r in first] == [10]
    assert reported == [(8, "the notification service refused it")]
    assert refusing.refused == 1
    assert [r.week for r in second] == [8]
    assert third == []
    week_10, week_8 = notification_daemon.wait_for_history(2)
    assert week_10.summary == f"Review due Monday 28 March at 1:00 PM: {WEEK_10}"
    assert week_8.summary == f"Review due tomorrow at 1:00 PM: {WEEK_8}"
    assert len(notification_daemon.history()) == 2


def test_a_click_on_a_reminder_names_the_week_whose_draft_to_open(
    fresh_data: Path, notification_daemon: NotificationDaemon
) -> None:
    moment = datetime(2022, 3, 13, 21, 0, tzinfo=UTC)  # a day before week 8 is due
    services = open_services(fresh_data, clock=FixedClock(moment))
    with FreedesktopNotifier() as desktop:
        kept = KeptOpen(desktop)
        try:
            [reminder] = services.reminders_through(lambda: kept).deliver()
        finally:
            services.close()
        notification_daemon.wait_until_displayed(1)

        notification_daemon.click_top()  # the student clicks the reminder

        outcome = desktop.wait(kept.sent[0], WAIT_BOUND_S)
    assert reminder.week == 8
    assert isinstance(outcome, ActionInvoked)
    assert outcome.action_key == "default"
    assert outcome.payload == "8"
