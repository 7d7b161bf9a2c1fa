"""The open window delivers due reminders itself, and a click on one opens that week's draft.

Real parts throughout: the window as ``launch`` builds it, the reminder service over the real
store, a ``FreedesktopNotifier`` made by the factory ``build_main_window`` takes (pointed at
the test's private bus), and dunst on that bus (tests/notification_daemon.py), clicked as a
student clicks it. Only the clock is the test's: it stands a day before week 8 is due.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime

import pytest
from pytestqt.qtbot import QtBot

from app.notify import FreedesktopNotifier
from app.services.app_services import AppServices
from app.ui.launch import build_main_window
from app.ui.main_window import MainWindow
from app.ui.reminder_runner import ClickNotifier
from tests.gui.term import BERKELEY, SettableClock
from tests.notification_daemon import NotificationDaemon
from tests.notification_daemon import notification_daemon as notification_daemon

# Bounds that only catch a hang: each step takes well under a second.
WAIT_MS = 30_000
# Week 8's review is due Monday 14 March at 1:00 PM; half an hour after the 24 h reminder.
DAY_BEFORE = datetime(2022, 3, 13, 13, 30, tzinfo=BERKELEY)
WEEK_8 = "week 8, Machine learning Applied to Systems"


def _listening_threads() -> list[threading.Thread]:
    """jeepney's receiver threads: one per open notifier connection."""
    return [t for t in threading.enumerate() if "_receiver" in t.name and t.is_alive()]


def _shown(qtbot: QtBot, window: MainWindow) -> list[int]:
    """Show the window; the weeks its first check reminded of."""
    assert window.reminders is not None
    with (
        qtbot.waitSignal(window.reminders.checked, timeout=WAIT_MS) as check,
        qtbot.waitExposed(window),
    ):
        window.show()
    weeks: list[int] = check.args[0]
    return weeks


@pytest.fixture
def reminding_window(
    qtbot: QtBot,
    services: AppServices,
    clock: SettableClock,
    notification_daemon: NotificationDaemon,
) -> Iterator[MainWindow]:
    """The window, reminding through dunst on the test's bus; closed and checked after."""
    clock.moment = DAY_BEFORE

    def notifiers() -> ClickNotifier:
        return FreedesktopNotifier(notification_daemon.bus_address)

    window = build_main_window(services, notifiers=notifiers)
    try:
        yield window
    finally:
        window.close()
        runner = window.reminders
        assert runner is not None
        assert runner.wait(WAIT_MS), "a reminder's worker outlived the window"
        assert window.sync_runner.wait(WAIT_MS)
        assert window.download_runner.wait(WAIT_MS)
        qtbot.waitUntil(lambda: not _listening_threads(), timeout=WAIT_MS)
        window.deleteLater()
        qtbot.wait(1)


def test_the_open_window_reminds_once_and_a_click_opens_the_draft(
    qtbot: QtBot, reminding_window: MainWindow, notification_daemon: NotificationDaemon
) -> None:
    window = reminding_window
    runner = window.reminders
    assert runner is not None

    assert _shown(qtbot, window) == [8]  # the check on showing
    notification_daemon.wait_until_displayed(1)
    assert not window.review.dock.isVisible()

    notification_daemon.click_top()  # the student clicks the reminder

    qtbot.waitUntil(window.review.dock.isVisible, timeout=WAIT_MS)
    assert window.review.editor.week == 8

    with qtbot.waitSignal(runner.checked, timeout=WAIT_MS) as second_check:
        window.refresh_time()  # the next minute's tick
    assert second_check.args == [[]]
    [reminder] = notification_daemon.history()
    assert reminder.app_name == "Study Companion"
    assert reminder.summary == f"Review due tomorrow at 1:00 PM: {WEEK_8}"


def test_closing_the_window_ends_the_wait_for_a_click(
    qtbot: QtBot, reminding_window: MainWindow, notification_daemon: NotificationDaemon
) -> None:
    window = reminding_window
    runner = window.reminders
    assert runner is not None
    assert _shown(qtbot, window) == [8]  # the check on showing
    notification_daemon.wait_until_displayed(1)

    window.close()  # the reminder is still on screen, unclicked

    assert runner.wait(WAIT_MS)
    qtbot.waitUntil(lambda: not _listening_threads(), timeout=WAIT_MS)
    assert not window.review.dock.isVisible()
