"""FreedesktopNotifier against a real dunst on a private bus: what the student sees arrives
(app name, title, text, urgency, icon, the action's label), each reminder arrives once per call,
a click comes back with the week it was about, and a missing service is said in one line.

Expected values are the literals the test sent or dunst's own record of them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.notify import (
    ActionInvoked,
    CloseReason,
    DefaultAction,
    FreedesktopNotifier,
    Notification,
    NotificationClosed,
    NotificationUnavailable,
    Urgency,
)
from tests.notification_daemon import WAIT_BOUND_S, NotificationDaemon, SessionBus

WEEK_3_REVIEW = Notification(
    summary="Week 3 review due today",
    body="Due before 4:00 PM: Attention Is All You Need",
    urgency=Urgency.CRITICAL,
    action=DefaultAction(label="Open the draft", payload="3"),
)


def test_a_reminder_arrives_with_what_the_student_sees(
    notification_daemon: NotificationDaemon, notifier: FreedesktopNotifier
) -> None:
    server_id = notifier.notify(WEEK_3_REVIEW)

    [arrived] = notification_daemon.wait_for_history(1)
    assert str(arrived.server_id) == server_id
    assert arrived.app_name == "Study Companion"
    assert arrived.summary == "Week 3 review due today"
    assert arrived.body == "Due before 4:00 PM: Attention Is All You Need"
    assert arrived.urgency == "critical"
    # dunst looked the icon name up and found the app's icon in its icon folder.
    assert Path(arrived.icon_path) == notification_daemon.icon_dir / "study-companion.png"


@pytest.mark.parametrize(
    ("urgency", "dunst_calls_it"),
    [(Urgency.LOW, "low"), (Urgency.NORMAL, "normal"), (Urgency.CRITICAL, "critical")],
)
def test_each_urgency_arrives_as_sent(
    notification_daemon: NotificationDaemon,
    notifier: FreedesktopNotifier,
    urgency: Urgency,
    dunst_calls_it: str,
) -> None:
    notifier.notify(Notification(summary="Week 5 review", urgency=urgency))

    [arrived] = notification_daemon.wait_for_history(1)
    assert arrived.urgency == dunst_calls_it


def test_two_identical_reminders_arrive_as_two(
    notification_daemon: NotificationDaemon, notifier: FreedesktopNotifier
) -> None:
    first = notifier.notify(WEEK_3_REVIEW)
    second = notifier.notify(WEEK_3_REVIEW)

    arrived = notification_daemon.wait_for_history(2)
    assert [str(n.server_id) for n in arrived] == [first, second]
    assert first != second  # a new notification each time, not the first one replaced
    assert {(n.summary, n.body) for n in arrived} == {(WEEK_3_REVIEW.summary, WEEK_3_REVIEW.body)}


def test_the_action_label_is_offered_and_choosing_it_opens_that_week(
    notification_daemon: NotificationDaemon, notifier: FreedesktopNotifier
) -> None:
    server_id = notifier.notify(WEEK_3_REVIEW)
    notification_daemon.wait_until_displayed(1)

    notification_daemon.open_context_menu()  # our "dmenu" picks the first (the only) entry

    [entry] = notification_daemon.menu_entries()
    assert "Open the draft" in entry
    assert "Week 3 review due today" in entry
    outcome = notifier.wait(server_id, WAIT_BOUND_S)
    assert outcome == ActionInvoked(server_id, "default", WEEK_3_REVIEW)
    assert outcome.payload == "3"


def test_a_click_comes_back_paired_with_the_reminder_it_was_on(
    notification_daemon: NotificationDaemon, notifier: FreedesktopNotifier
) -> None:
    week_3 = Notification(summary="Week 3 review", action=DefaultAction("Open the draft", "3"))
    week_4 = Notification(
        summary="Week 4 review",
        urgency=Urgency.CRITICAL,
        action=DefaultAction("Open the draft", "4"),
    )
    week_3_id = notifier.notify(week_3)
    week_4_id = notifier.notify(week_4)
    notification_daemon.wait_until_displayed(2)

    notification_daemon.click_top()  # dunst shows the most urgent on top: week 4

    outcome = notifier.wait(week_4_id, WAIT_BOUND_S)
    assert isinstance(outcome, ActionInvoked)
    assert (outcome.action_key, outcome.payload) == ("default", "4")
    assert notifier.wait(week_3_id, timeout=0.1) is None  # nobody clicked week 3


def test_a_dismissed_reminder_comes_back_as_closed_by_the_student(
    notification_daemon: NotificationDaemon, notifier: FreedesktopNotifier
) -> None:
    server_id = notifier.notify(WEEK_3_REVIEW)
    notification_daemon.wait_until_displayed(1)

    notification_daemon.dunstctl("close-all")

    assert notifier.wait(server_id, WAIT_BOUND_S) == NotificationClosed(
        server_id, CloseReason.DISMISSED
    )


def test_the_service_is_available_while_dunst_runs(
    notification_daemon: NotificationDaemon, notifier: FreedesktopNotifier
) -> None:
    assert notifier.available()


def test_without_a_notification_service_the_student_is_told_in_one_line(
    session_bus: SessionBus, notifier: FreedesktopNotifier
) -> None:
    assert not notifier.available()
    with pytest.raises(NotificationUnavailable) as raised:
        notifier.notify(WEEK_3_REVIEW)

    message = str(raised.value)
    assert "\n" not in message
    assert "org.freedesktop.Notifications" in message


def test_a_service_the_bus_can_start_counts_as_available(
    bus_that_can_start_a_notification_service: SessionBus, notifier: FreedesktopNotifier
) -> None:
    assert notifier.available()
    # Its program (/bin/false here) fails to start: that is said in one line as well.
    with pytest.raises(NotificationUnavailable) as raised:
        notifier.notify(WEEK_3_REVIEW)
    assert "\n" not in str(raised.value)


def test_without_a_session_bus_the_student_is_told_why(
    monkeypatch: pytest.MonkeyPatch, notifier: FreedesktopNotifier
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)

    assert not notifier.available()
    with pytest.raises(NotificationUnavailable, match="DBUS_SESSION_BUS_ADDRESS is not set"):
        notifier.notify(WEEK_3_REVIEW)
