"""Review reminders as the student gets them: ``remind`` run by the program itself (as the timer
runs it) at a fixed moment, shown by a real dunst on a private bus, read back from dunst.

The term is the course's own (Berkeley, America/Los_Angeles, which tests/conftest.py makes the
student's zone too). Week 8, "Machine learning Applied to Systems", is due Monday 14 March 2022
at 1:00 PM PDT, 20:00 UTC: the day after the switch to daylight time, so "48 hours before" is
47 hours of wall clock. Week 10 is due 28 March at 20:00 UTC. Every expected text and instant
below is written out by hand.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.notify.window_channel import SHOW, ask_window
from tests.integration.cli_process import run, start
from tests.integration.reminder_runs import (
    Lines,
    delivered,
    due_instant,
    remind,
    started_together,
)
from tests.notification_daemon import NotificationDaemon, stop_child, stop_pid, wait_until

WEEK_8 = "week 8, Machine learning Applied to Systems"
WEEK_8_DUE = datetime(2022, 3, 14, 20, 0, tzinfo=UTC)
WEEK_10 = "week 10, Machine Learning Frameworks and Automatic Differentiation"


def test_a_reminder_says_which_week_and_when_in_the_students_zone(
    fresh_data: Path, notification_daemon: NotificationDaemon
) -> None:
    result = remind(fresh_data, "2022-03-13T21:00:00+00:00")  # Sunday 2:00 PM PDT

    [shown] = delivered(result)
    assert (shown["week"], shown["urgency"]) == (8, "normal")
    assert shown["key"] == "review:week-8:24h:20220314T2000Z"
    assert due_instant(shown) == WEEK_8_DUE
    [arrived] = notification_daemon.wait_for_history(1)
    assert arrived.app_name == "Study Companion"
    assert arrived.summary == f"Review due tomorrow at 1:00 PM: {WEEK_8}"
    assert arrived.body == "Due Monday 14 March at 1:00 PM PDT, in 23 h 0 min."
    assert arrived.urgency == "normal"
    assert (shown["summary"], shown["body"]) == (arrived.summary, arrived.body)


def test_each_reminder_arrives_once_across_restarts(
    fresh_data: Path, notification_daemon: NotificationDaemon
) -> None:
    first = remind(fresh_data, "2022-03-13T21:00:00+00:00")
    again = remind(fresh_data, "2022-03-13T21:00:00+00:00")  # the timer fires again
    later = remind(fresh_data, "2022-03-14T02:00:00+00:00")  # same window, hours on

    assert [r["week"] for r in delivered(first)] == [8]
    assert delivered(again) == delivered(later) == []
    assert len(notification_daemon.history()) == 1  # each run ended: all it sent is there


def test_two_checks_at_once_show_it_once(
    fresh_data: Path, notification_daemon: NotificationDaemon
) -> None:
    # A catch-up moment: each process also passes over the 48 h and 24 h reminders.
    both = started_together(
        fresh_data, 2, "remind", "--now", "2022-03-14T18:30:00Z", "--json", "--no-wait"
    )

    shown = [reminder for result in both for reminder in delivered(result)]  # each exit 0
    assert [r["key"] for r in shown] == ["review:week-8:2h:20220314T2000Z"]
    [arrived] = notification_daemon.history()
    assert arrived.summary == f"Review due today at 1:00 PM: {WEEK_8}"
    # Neither process shows anything more: both catch-up records were kept.
    assert delivered(remind(fresh_data, "2022-03-14T18:45:00Z")) == []


def test_after_the_app_was_closed_only_the_latest_reminder_comes_and_the_last_is_critical(
    fresh_data: Path, notification_daemon: NotificationDaemon
) -> None:
    remind(fresh_data, "2022-03-12T21:00:00Z")  # Saturday 1:00 PM PST: 47 h before
    # Closed over the 24 h moment; opened at 11:30 AM PDT on the day.
    caught_up = remind(fresh_data, "2022-03-14T18:30:00Z")
    after = remind(fresh_data, "2022-03-14T19:00:00Z")

    assert [r["key"] for r in delivered(caught_up)] == ["review:week-8:2h:20220314T2000Z"]
    assert delivered(after) == []
    two_days, two_hours = notification_daemon.wait_for_history(2)
    assert (two_days.summary, two_days.urgency) == (
        f"Review due Monday at 1:00 PM: {WEEK_8}",
        "normal",
    )
    assert two_days.body == "Due Monday 14 March at 1:00 PM PDT, in 1 d 23 h."
    assert (two_hours.summary, two_hours.urgency) == (
        f"Review due today at 1:00 PM: {WEEK_8}",
        "critical",
    )
    assert two_hours.body == "Due Monday 14 March at 1:00 PM PDT, in 1 h 30 min."
    assert len(notification_daemon.history()) == 2  # no "24 h left" after the "2 h left"


@pytest.mark.parametrize("now", ["2022-03-14T20:00:00Z", "2022-03-15T09:00:00Z"])
def test_no_reminder_once_the_deadline_has_passed(
    fresh_data: Path, notification_daemon: NotificationDaemon, now: str
) -> None:
    # Closed over all three of week 8's moments; opened at the deadline, or the next day.
    assert delivered(remind(fresh_data, now)) == []
    assert notification_daemon.history() == []


def test_no_reminder_for_a_review_recorded_as_submitted(
    fresh_data: Path, notification_daemon: NotificationDaemon
) -> None:
    submitted = run(fresh_data, "review", "submitted", "8")
    assert submitted.returncode == 0, submitted.stderr

    assert delivered(remind(fresh_data, "2022-03-13T21:00:00Z")) == []
    # The other reviews still remind: week 10's, a day before it is due.
    assert [r["week"] for r in delivered(remind(fresh_data, "2022-03-27T21:00:00Z"))] == [10]
    [arrived] = notification_daemon.history()
    assert arrived.summary == f"Review due tomorrow at 1:00 PM: {WEEK_10}"


def test_without_a_notification_service_nothing_is_lost(
    fresh_data: Path, dunst_later: Callable[[], NotificationDaemon]
) -> None:
    unseen = remind(fresh_data, "2022-03-14T18:30:00Z")

    assert unseen.returncode == 1
    assert unseen.stdout == ""
    [line] = unseen.stderr.splitlines()
    assert line.startswith("study-companion: no desktop notification service is running")

    dunst = dunst_later()  # the desktop's service is up at the next check
    [shown] = delivered(remind(fresh_data, "2022-03-14T18:35:00Z"))
    assert shown["key"] == "review:week-8:2h:20220314T2000Z"
    [arrived] = dunst.history()
    assert (arrived.body, arrived.urgency) == (
        "Due Monday 14 March at 1:00 PM PDT, in 1 h 25 min.",
        "critical",
    )


def test_the_reminder_times_are_the_students(
    fresh_data: Path, notification_daemon: NotificationDaemon
) -> None:
    changed = run(fresh_data, "config", "set", "reminders", "72h,30m")
    assert changed.returncode == 0, changed.stderr

    early = remind(fresh_data, "2022-03-11T21:00:00Z")  # 71 hours before
    default_moment = remind(fresh_data, "2022-03-13T21:00:00Z")  # the 24 h one is not asked for
    last = remind(fresh_data, "2022-03-14T19:40:00Z")

    assert [r["key"] for r in delivered(early)] == ["review:week-8:72h:20220314T2000Z"]
    assert delivered(default_moment) == []
    assert [r["key"] for r in delivered(last)] == ["review:week-8:30m:20220314T2000Z"]
    seventy_two, thirty = notification_daemon.wait_for_history(2)
    assert (seventy_two.urgency, thirty.urgency) == ("normal", "critical")
    assert thirty.body == "Due Monday 14 March at 1:00 PM PDT, in 20 min."


def test_a_student_in_another_zone_reads_their_own_time(
    fresh_data: Path, notification_daemon: NotificationDaemon, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Berlin has not switched yet on 14 March (it does on the 27th): 20:00 UTC is 9:00 PM CET.
    monkeypatch.setenv("TZ", "Europe/Berlin")

    remind(fresh_data, "2022-03-13T21:00:00Z")  # Sunday 10:00 PM in Berlin

    [arrived] = notification_daemon.wait_for_history(1)
    assert arrived.summary == f"Review due tomorrow at 9:00 PM: {WEEK_8}"
    assert arrived.body == "Due Monday 14 March at 9:00 PM CET, in 23 h 0 min."


def test_the_login_loop_reminds_once_the_notification_service_comes_up(
    fresh_data: Path, dunst_later: Callable[[], NotificationDaemon]
) -> None:
    # What the login entry runs, checking every 0.6 s here; at login the desktop's
    # notification service may come up after it.
    loop = start(
        fresh_data,
        *("remind", "--loop", "--every-minutes", "0.01", "--json"),
        *("--now", "2022-03-14T18:30:00Z"),
    )
    try:
        assert loop.stdout is not None and loop.stderr is not None
        said, checks = Lines(loop.stderr), Lines(loop.stdout).json_lines()
        said.until("no desktop notification service is running")

        dunst = dunst_later()
        shown = next(checks)  # checks print only once they could reach a service
        later = [next(checks), next(checks)]

        loop.terminate()  # the session ends
        assert loop.wait(timeout=60) == 0
    finally:
        loop.kill()
        loop.wait(timeout=60)
    assert [r["key"] for r in shown["delivered"]] == ["review:week-8:2h:20220314T2000Z"]
    assert later == [{"delivered": [], "failed": []}] * 2
    [arrived] = dunst.history()
    assert arrived.summary == f"Review due today at 1:00 PM: {WEEK_8}"


# Not inside a systemd unit, whatever runs the tests: a click starts the app directly.
OUTSIDE_SYSTEMD = {"INVOCATION_ID": ""}
DAY_BEFORE_WEEK_8 = "2022-03-13T21:00:00Z"


def window_answer(data_dir: Path) -> dict[str, Any]:
    """What the window running on ``data_dir`` shows, once one answers (it may be starting)."""
    answers: list[dict[str, Any]] = []

    def answered() -> bool:
        answer = ask_window(data_dir, SHOW)
        answers.extend([answer] if answer else [])
        return bool(answers)

    wait_until(answered, "a window on the data directory to answer")
    return answers[0]


def printed_json(stdout: Lines) -> dict[str, Any]:
    """The JSON ``remind --json`` printed, read while it still runs (it ends with "}")."""
    lines = [stdout.next()]
    while lines[-1] != "}":
        lines.append(stdout.next())
    printed: dict[str, Any] = json.loads("\n".join(lines))
    return printed


def test_a_click_on_a_background_reminder_opens_the_draft_in_the_running_window(
    fresh_data: Path, notification_daemon: NotificationDaemon
) -> None:
    window = start(fresh_data)  # the student's open window (its own clock: nothing due)
    try:
        assert window_answer(fresh_data)["review"] is None
        # What the timer runs: it shows the reminder, prints, then listens for the click.
        check = start(fresh_data, "remind", "--now", DAY_BEFORE_WEEK_8, "--json")
        assert check.stdout is not None
        [shown] = printed_json(Lines(check.stdout))["delivered"]
        assert shown["week"] == 8
        notification_daemon.wait_until_displayed(1)
        assert check.poll() is None  # still listening

        notification_daemon.click_top()  # the student clicks the reminder

        assert check.wait(timeout=60) == 0  # its one reminder settled: the run ends
        answer = window_answer(fresh_data)
        assert (answer["pid"], answer["review"]) == (window.pid, 8)
    finally:
        stop_child(window)  # type: ignore[arg-type]


def test_with_no_window_a_click_on_a_background_reminder_starts_the_app_on_the_draft(
    fresh_data: Path, notification_daemon: NotificationDaemon
) -> None:
    check = start(fresh_data, "remind", "--now", DAY_BEFORE_WEEK_8, env=OUTSIDE_SYSTEMD)
    assert check.stdout is not None
    printed = Lines(check.stdout)
    assert printed.next() == f"Review due tomorrow at 1:00 PM: {WEEK_8}"
    notification_daemon.wait_until_displayed(1)

    notification_daemon.click_top()

    assert printed.until("Week 8") == "Week 8: the draft opens in a window started for it."
    assert check.wait(timeout=60) == 0
    answer = window_answer(fresh_data)  # the window it started, on week 8's draft
    try:
        assert answer["review"] == 8
    finally:
        stop_pid(answer["pid"])
    # The click was handled once: the reminder is given, nothing is shown again.
    assert delivered(remind(fresh_data, DAY_BEFORE_WEEK_8)) == []


def test_a_dismissed_reminder_ends_the_wait_and_opens_nothing(
    fresh_data: Path, notification_daemon: NotificationDaemon
) -> None:
    check = start(fresh_data, "remind", "--now", DAY_BEFORE_WEEK_8, env=OUTSIDE_SYSTEMD)
    notification_daemon.wait_until_displayed(1)

    notification_daemon.dunstctl("close")  # the student dismisses it

    stdout, _ = check.communicate(timeout=60)
    assert check.returncode == 0
    assert "Week 8" not in stdout
    assert ask_window(fresh_data, SHOW) is None  # no window was started


def test_the_wait_for_a_click_is_bounded(
    fresh_data: Path, notification_daemon: NotificationDaemon
) -> None:
    # dunst here never expires a reminder: only the bound (0.6 s) ends the wait.
    check = start(fresh_data, "remind", "--now", DAY_BEFORE_WEEK_8, "--wait-minutes", "0.01")

    stdout, stderr = check.communicate(timeout=60)

    assert check.returncode == 0, stderr
    assert stdout.splitlines()[0] == f"Review due tomorrow at 1:00 PM: {WEEK_8}"
    assert notification_daemon.displayed_count() == 1  # still on screen, unclicked
