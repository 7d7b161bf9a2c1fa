"""The tray: its menu, the reminders' way to the student when no notification service runs,
and closing the window to it.

Real parts: the window as ``launch`` builds it, a real ``QSystemTrayIcon`` with its real menu,
the reminder service over the real store, a ``FreedesktopNotifier`` on a private session bus.
What cannot exist here is a tray to show the icon in (no StatusNotifierWatcher on this
machine): ``TrayOnThisDesktop`` answers "yes, there is one" and keeps what it was asked to
show; everything else (the menu's actions, the balloon's click signal) is Qt's own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.notify import FreedesktopNotifier, Notification
from app.services.app_services import AppServices
from app.store.review_store import ReviewStore
from app.ui.launch import build_main_window
from app.ui.main_window import MainWindow
from app.ui.reminder_runner import ClickNotifier
from app.ui.tray import Tray
from app.ui.window_presence import CANNOT_REMIND, presence_of
from tests.gui.term import BERKELEY, SettableClock, plain, selected_number
from tests.notification_daemon import SessionBus
from tests.notification_daemon import session_bus as session_bus

WAIT_MS = 30_000  # a bound that only catches a hang
# A day and a half hour before week 8's review is due (Monday 14 March, 1:00 PM PDT).
DAY_BEFORE = datetime(2022, 3, 13, 13, 30, tzinfo=BERKELEY)
WEEK_8_24H = "review:week-8:24h:20220314T2000Z"
WEEK_8 = "week 8, Machine learning Applied to Systems"


class TrayOnThisDesktop(Tray):
    """The real tray icon and menu, on a desktop said to have a tray (or said not to)."""

    def __init__(self, has_tray: bool = True) -> None:
        super().__init__()
        self.has_tray = has_tray
        self.presented: list[Notification] = []

    def available(self) -> bool:
        return self.has_tray

    def present(self, notification: Notification, clicked: Callable[[], None]) -> None:
        self.presented.append(notification)
        super().present(notification, clicked)


WindowWithTray = Callable[..., tuple[MainWindow, TrayOnThisDesktop]]


@pytest.fixture
def window_with_tray(
    qtbot: QtBot,
    qapp: QApplication,
    services: AppServices,
    clock: SettableClock,
    session_bus: SessionBus,
) -> Iterator[WindowWithTray]:
    """A window with a tray, reminding through a bus where no notification service runs."""
    clock.moment = DAY_BEFORE
    made: list[MainWindow] = []

    def notifiers() -> ClickNotifier:
        return FreedesktopNotifier(session_bus.address)

    def make(has_tray: bool = True) -> tuple[MainWindow, TrayOnThisDesktop]:
        tray = TrayOnThisDesktop(has_tray)
        window = build_main_window(services, notifiers=notifiers, tray=tray)
        made.append(window)
        return window, tray

    yield make
    for window in made:
        presence_of(window).quit()  # really closes, hidden in the tray or not
        # Quit posts nothing to a loop that does not run; leave none for the next test.
        QCoreApplication.removePostedEvents(qapp, QEvent.Type.Quit)
        assert window.reminders is not None and window.reminders.wait(WAIT_MS)
        assert window.review.editor.fetcher.wait(WAIT_MS)
        window.deleteLater()
    qtbot.wait(1)


def shown_and_checked(qtbot: QtBot, window: MainWindow) -> list[int]:
    assert window.reminders is not None
    with qtbot.waitSignal(window.reminders.checked, timeout=WAIT_MS) as check:
        window.show()
    weeks: list[int] = check.args[0]
    return weeks


def test_the_menu_shows_the_window_says_the_next_deadline_and_quits(
    qtbot: QtBot, window_with_tray: WindowWithTray
) -> None:
    window, tray = window_with_tray()
    actions = [action.text() for action in tray.menu.actions() if not action.isSeparator()]
    assert actions[0] == "Show Study Companion"
    assert actions[2] == "Quit"
    assert not tray.deadline_action.isEnabled()  # a line to read, not a command
    tray.menu.aboutToShow.emit()  # the student opens the menu
    assert plain(tray.deadline_action.text()) == "Next: week 8 review, due Mon Mar 14, 1:00 PM"

    assert not window.isVisible()
    tray.show_action.trigger()
    qtbot.waitExposed(window)
    assert window.isVisible()

    tray.quit_action.trigger()
    assert not window.isVisible()
    assert not window.countdown_timer.isActive()  # closed for real, not hidden


def test_without_a_notification_service_the_tray_shows_the_reminder_and_a_click_opens_it(
    qtbot: QtBot, window_with_tray: WindowWithTray, services: AppServices
) -> None:
    window, tray = window_with_tray()

    assert shown_and_checked(qtbot, window) == [8]

    [balloon] = tray.presented
    assert balloon.summary == f"Review due tomorrow at 1:00 PM: {WEEK_8}"
    assert WEEK_8_24H in ReviewStore(services.database).reminders_given()  # it was shown
    assert not window.review.dock.isVisible()
    tray.icon.messageClicked.emit()  # the student clicks the balloon
    assert window.review.dock.isVisible()
    assert window.review.editor.week == 8
    tray.icon.messageClicked.emit()  # a second click on the same balloon opens nothing more

    assert window.reminders is not None
    with qtbot.waitSignal(window.reminders.checked, timeout=WAIT_MS) as next_check:
        window.refresh_time()
    assert next_check.args == [[]]
    assert len(tray.presented) == 1


def test_with_neither_service_nor_tray_nothing_is_recorded_and_the_status_bar_says_so(
    qtbot: QtBot, window_with_tray: WindowWithTray, services: AppServices
) -> None:
    window, tray = window_with_tray(has_tray=False)

    assert shown_and_checked(qtbot, window) == []

    assert tray.presented == []
    assert ReviewStore(services.database).reminders_given() == set()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == CANNOT_REMIND)


def test_closing_keeps_the_app_in_the_tray_when_set_and_quit_really_quits(
    qtbot: QtBot, window_with_tray: WindowWithTray, services: AppServices
) -> None:
    services.config.set("window.close_to_tray", "true")
    window, tray = window_with_tray()
    shown_and_checked(qtbot, window)
    assert window.select_week(10)

    window.close()  # the window's close button

    assert not window.isVisible()
    assert window.countdown_timer.isActive()  # the app goes on: reminders keep coming
    assert presence_of(window).hidden_checks.isActive()
    assert not QApplication.quitOnLastWindowClosed()
    assert services.config.closes_to_tray()
    assert window.reminders is not None
    with qtbot.waitSignal(window.reminders.checked, timeout=WAIT_MS):
        presence_of(window).hidden_checks.timeout.emit()  # the minute's check, while hidden
    # The layout was saved as on a close: a window built now opens on week 10.
    again, _ = window_with_tray()
    assert selected_number(again) == 10

    tray.show_action.trigger()
    qtbot.waitExposed(window)
    assert not presence_of(window).hidden_checks.isActive()

    window.quit_action.trigger()  # Ctrl+Q
    assert not window.isVisible()
    assert not window.countdown_timer.isActive()


def test_closing_quits_when_the_setting_is_off_or_there_is_no_tray(
    qtbot: QtBot, window_with_tray: WindowWithTray, services: AppServices
) -> None:
    window, _ = window_with_tray()
    shown_and_checked(qtbot, window)
    window.close()
    assert not window.countdown_timer.isActive()
    assert QApplication.quitOnLastWindowClosed()

    services.config.set("window.close_to_tray", "true")
    trayless, _ = window_with_tray(has_tray=False)
    shown_and_checked(qtbot, trayless)
    trayless.close()  # hidden with no tray, the student could not get it back
    assert not trayless.countdown_timer.isActive()
