"""Notification fixtures: the real daemon (tests/notification_daemon.py), a notifier closed
after each test, a bus that can start a notification service it does not run yet; for the
background reminders, a program that records how it was started.
"""

from __future__ import annotations

import sys
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


@pytest.fixture
def recording_program(tmp_path: Path) -> tuple[Path, Path]:
    """A program that writes the arguments it got to a JSON file: (program, record).

    Its folder name has a space and a variable, so that the unit file and the desktop entry
    must quote and escape it for the program to run at all. (Not a % sign: GLib looks a
    desktop entry's program up before it turns the spec's %% into %, and finds none.)
    """
    folder = tmp_path / "my apps $HOME"
    folder.mkdir()
    record = tmp_path / "arguments.json"
    program = folder / "study companion"
    program.write_text(
        f"#!{sys.executable}\n"
        "import json, sys\n"
        f"open({str(record)!r}, 'w').write(json.dumps(sys.argv[1:]))\n",
        encoding="utf-8",
    )
    program.chmod(0o755)
    return program, record
