"""A review that goes out by itself is told on the desktop, and a click opens the Outbox on it.

Real parts throughout: the window as ``launch`` builds it with the notifier factory it hands
the reminders (a ``FreedesktopNotifier`` on the test's private bus), dunst on that bus
(tests/notification_daemon.py) read back with ``dunstctl history`` and clicked with
``dunstctl action 0``, the fake Google Forms behind its proxy, the store on disk. The review
was queued while offline; the network comes back as Qt's network information says it.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtNetwork import QNetworkInformation
from pytestqt.qtbot import QtBot

from app.domain.outbox import OutboxState
from app.domain.review_answers import answers_from_json
from app.notify import FreedesktopNotifier, Notification
from app.services.app_services import AppServices
from app.ui.launch import build_main_window
from app.ui.main_window import MainWindow
from app.ui.reminder_runner import ClickNotifier
from tests.forms.google_forms_server import GoogleFormsServer
from tests.gui.review_scene import WAIT_MS, Network, fetched_week_8, outbox_of
from tests.integration.submit_term import ANSWERS, FORM_ID, RECORDED
from tests.notification_daemon import NotificationDaemon, SessionBus
from tests.notification_daemon import notification_daemon as notification_daemon
from tests.notification_daemon import session_bus as session_bus

WindowOn = Callable[[str], MainWindow]


def _listening_threads() -> list[threading.Thread]:
    """jeepney's receiver threads: one per open notifier connection."""
    return [t for t in threading.enumerate() if "_receiver" in t.name and t.is_alive()]


@pytest.fixture
def window_on(qtbot: QtBot, services: AppServices) -> Iterator[WindowOn]:
    """A shown window notifying through the bus at the given address; its sender stopped and
    every worker and connection gone after."""
    made: list[MainWindow] = []

    def build(bus_address: str) -> MainWindow:
        def notifiers() -> ClickNotifier:
            return FreedesktopNotifier(bus_address)

        window = build_main_window(services, notifiers=notifiers)
        made.append(window)
        with qtbot.waitExposed(window):
            window.show()
        return window

    yield build
    for window in made:
        runner = outbox_of(window).runner
        runner.stop()
        window.close()
        assert runner.wait(WAIT_MS), "a send or a wait for a click outlived the window"
        assert window.reminders is not None and window.reminders.wait(WAIT_MS)
        assert window.sync_runner.wait(WAIT_MS) and window.review.editor.fetcher.wait(WAIT_MS)
        window.deleteLater()
    qtbot.waitUntil(lambda: not _listening_threads(), timeout=WAIT_MS)
    qtbot.wait(1)


def _queued_offline(services: AppServices, google: GoogleFormsServer, network: Network) -> int:
    """Week 8's review, ready and queued while the network was off; its outbox entry."""
    services.config.set("reminders", "none")  # only the outbox speaks to the desktop here
    fetched_week_8(services, google)
    services.reviews.set_answers(8, answers_from_json(ANSWERS))
    services.reviews.mark_ready(8)
    network.off()
    report = services.outbox.submit(8)
    assert report.outcome == "queued"
    return report.outbox_id


def _started(qtbot: QtBot, window: MainWindow) -> None:
    """The sender started as ``launch`` starts it, its first jobs done."""
    runner = outbox_of(window).runner
    runner.start()
    qtbot.waitUntil(lambda: not runner.busy and bool(runner.entries), timeout=WAIT_MS)


def _network_back(qtbot: QtBot, window: MainWindow) -> None:
    runner = outbox_of(window).runner
    with qtbot.waitSignal(
        runner.finished, check_params_cb=lambda kind, _result: kind == "flush", timeout=WAIT_MS
    ):
        runner.reachability_changed(QNetworkInformation.Reachability.Online)


def test_a_review_sent_in_the_background_is_notified_and_a_click_opens_the_outbox_on_it(
    qtbot: QtBot,
    services: AppServices,
    google: GoogleFormsServer,
    notification_daemon: NotificationDaemon,
    monkeypatch: pytest.MonkeyPatch,
    window_on: WindowOn,
) -> None:
    network = Network(monkeypatch)
    entry_id = _queued_offline(services, google, network)
    window = window_on(notification_daemon.bus_address)
    _started(qtbot, window)
    assert google.responses(FORM_ID) == []
    assert notification_daemon.displayed_count() == 0  # still queued: nothing to say yet

    network.on()
    _network_back(qtbot, window)

    [response] = google.responses(FORM_ID)
    assert Counter(response) == Counter(RECORDED)
    notification_daemon.wait_until_displayed(1)
    outbox = outbox_of(window)
    assert not outbox.dock.isVisible()

    notification_daemon.click_top()  # the student clicks the notification

    qtbot.waitUntil(outbox.dock.isVisible, timeout=WAIT_MS)
    selected = outbox.view.selected()
    assert selected is not None and selected.id == entry_id
    assert selected.state is OutboxState.SENT
    [told] = notification_daemon.history()
    assert told.app_name == "Study Companion"
    assert told.summary == "Week 8 review sent"
    assert "recorded" in told.body and told.urgency == "normal"


def test_a_review_the_form_refuses_in_the_background_is_notified_as_needing_you(
    qtbot: QtBot,
    services: AppServices,
    google: GoogleFormsServer,
    notification_daemon: NotificationDaemon,
    monkeypatch: pytest.MonkeyPatch,
    window_on: WindowOn,
) -> None:
    from tests.forms.google_forms_server import Wall
    from tests.integration.review_term import week_8_review

    network = Network(monkeypatch)
    _queued_offline(services, google, network)
    google.publish(week_8_review(), None, Wall.SIGNIN)  # the staff turned on sign-in meanwhile
    window = window_on(notification_daemon.bus_address)
    _started(qtbot, window)
    network.on()

    _network_back(qtbot, window)

    [told] = notification_daemon.wait_for_history(1)
    assert told.summary == "Week 8 review needs you"
    assert "sign-in" in told.body and "browser" in told.body
    assert told.urgency == "critical"
    assert google.responses(FORM_ID) == []


def test_send_now_in_the_outbox_is_seen_there_and_not_notified(
    qtbot: QtBot,
    services: AppServices,
    google: GoogleFormsServer,
    notification_daemon: NotificationDaemon,
    monkeypatch: pytest.MonkeyPatch,
    window_on: WindowOn,
) -> None:
    network = Network(monkeypatch)
    _queued_offline(services, google, network)
    window = window_on(notification_daemon.bus_address)
    _started(qtbot, window)
    network.on()
    outbox = outbox_of(window)
    outbox.show()

    with qtbot.waitSignal(
        outbox.runner.finished, check_params_cb=lambda kind, _r: kind == "flush", timeout=WAIT_MS
    ):
        outbox.view.send_now.emit()  # the Outbox's Send now

    assert len(google.responses(FORM_ID)) == 1
    qtbot.waitUntil(lambda: "Online" in outbox.network_label.text(), timeout=WAIT_MS)
    assert notification_daemon.history() == []


class _Balloons:
    """The tray's part as the fallback presenter (no tray exists offscreen): what it was
    asked to show, and a click on the latest."""

    def __init__(self) -> None:
        self.shown: list[Notification] = []
        self._clicked: Callable[[], None] | None = None

    def available(self) -> bool:
        return True

    def present(self, notification: Notification, clicked: Callable[[], None]) -> None:
        self.shown.append(notification)
        self._clicked = clicked

    def click(self) -> None:
        assert self._clicked is not None
        self._clicked()


def test_with_no_notification_service_the_tray_says_it_and_a_click_opens_the_outbox(
    qtbot: QtBot,
    services: AppServices,
    google: GoogleFormsServer,
    session_bus: SessionBus,
    monkeypatch: pytest.MonkeyPatch,
    window_on: WindowOn,
) -> None:
    network = Network(monkeypatch)
    entry_id = _queued_offline(services, google, network)
    window = window_on(session_bus.address)  # a bus with no notification service on it
    balloons = _Balloons()
    outbox = outbox_of(window)
    outbox.runner.fallback = balloons
    _started(qtbot, window)
    network.on()

    _network_back(qtbot, window)

    qtbot.waitUntil(lambda: bool(balloons.shown), timeout=WAIT_MS)
    [told] = balloons.shown
    assert told.summary == "Week 8 review sent"
    balloons.click()
    assert outbox.dock.isVisible()
    selected = outbox.view.selected()
    assert selected is not None and selected.id == entry_id
