"""Notification fixtures: the real daemon (tests/notification_daemon.py), a notifier closed
after each test, a bus that can start a notification service it does not run yet, and a
recorder of the commands the background-reminder setup runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.notify import FreedesktopNotifier
from tests.notification_daemon import (
    SessionBus,
    start_session_bus,
    stop_pid,
)
from tests.notification_daemon import notification_daemon as notification_daemon
from tests.notification_daemon import session_bus as session_bus


@pytest.fixture
def notifier() -> Iterator[FreedesktopNotifier]:
    """A notifier on the session bus the test's fixtures exported; its connection closed after."""
    with FreedesktopNotifier() as opened:
        yield opened


@pytest.fixture
def bus_that_can_start_a_notification_service(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[SessionBus]:
    """A private bus with an activation file for org.freedesktop.Notifications and no owner.

    Desktops that start their notification daemon on first use look like this until then.
    """
    folder = tmp_path_factory.mktemp("activating-bus")
    services: Path = folder / "services"
    services.mkdir()
    (services / "org.freedesktop.Notifications.service").write_text(
        "[D-BUS Service]\nName=org.freedesktop.Notifications\nExec=/bin/false\n",
        encoding="utf-8",
    )
    bus = start_session_bus(folder, service_dir=services)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus.address)
    yield bus
    stop_pid(bus.pid)
