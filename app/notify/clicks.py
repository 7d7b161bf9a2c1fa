"""What a click on a reminder does when the window did not show it (the background ``remind``).

The notification service sends the click only to the connection that showed the reminder, so
``remind`` keeps that connection and listens, for a bounded time, until each reminder it showed
is clicked, closed or expired. A click opens that week's draft: handed over to the window
running on the same data directory (``window_channel``), else the app is started on it with
``--review WEEK``. No Qt here: the command line may not load it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from enum import Enum
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from app.notify.notification import ActionInvoked, Notification, NotificationOutcome
from app.notify.window_channel import ask_window, review_request

# What a started app needs from this session to reach the display and the bus; systemd-run
# copies each one that is set (a transient unit starts with the user manager's environment).
SESSION_VARIABLES = (
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "XDG_RUNTIME_DIR",
    "DBUS_SESSION_BUS_ADDRESS",
    "XAUTHORITY",
    "QT_QPA_PLATFORM",
    "STUDY_COMPANION_DATA_DIR",
)
LAUNCH_TIMEOUT_S = 30.0  # systemd-run returns once the unit started; this only catches a hang


class Listener(Protocol):
    """A notifier that hears what comes back from what it sent (FreedesktopNotifier is one)."""

    def wait_any(
        self, notification_ids: Collection[str], timeout: float
    ) -> NotificationOutcome | None: ...


class DraftOpened(Enum):
    HANDED_TO_WINDOW = "in the running window"
    APP_STARTED = "in a window started for it"


def listen_for_clicks(
    notifier: Listener,
    notification_ids: Collection[str],
    limit_s: float,
    on_click: Callable[[int], None],
) -> None:
    """Wait until every one of these reminders is clicked or closed, or ``limit_s`` passed;
    ``on_click(week)`` for each click, once per reminder."""
    pending = set(notification_ids)
    give_up = time.monotonic() + limit_s
    while pending:
        left = give_up - time.monotonic()
        if left <= 0:
            return
        outcome = notifier.wait_any(pending, left)
        if outcome is None:
            return
        pending.discard(outcome.notification_id)  # a closing after the click changes nothing
        if isinstance(outcome, ActionInvoked) and outcome.payload.isdigit():
            on_click(int(outcome.payload))


def open_draft(
    data_dir: Path,
    week: int,
    app_command: Sequence[str],
    environ: Mapping[str, str] | None = None,
) -> DraftOpened:
    """Week ``week``'s draft in the window on ``data_dir``: the running one, else a new one
    (``app_command`` starts the app on that data directory)."""
    if ask_window(data_dir, review_request(week)) is not None:
        return DraftOpened.HANDED_TO_WINDOW
    start_detached([*app_command, "--review", str(week)], environ)
    return DraftOpened.APP_STARTED


def start_detached(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> None:
    """Start a program that outlives this one.

    Under systemd (a timer's run) the unit's processes are stopped when its command ends, so
    the program goes into a transient unit of its own; elsewhere a new session is enough.
    """
    env = os.environ if environ is None else environ
    launcher = launch_command(argv, env)
    if launcher[0] == "systemd-run":
        subprocess.run(
            launcher,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=LAUNCH_TIMEOUT_S,
            check=False,
            env=dict(env),
        )
        return
    subprocess.Popen(
        launcher,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env=dict(env),
    )


def launch_command(argv: Sequence[str], environ: Mapping[str, str]) -> list[str]:
    """``argv`` as run from here: through ``systemd-run --user`` inside a systemd unit."""
    under_systemd = bool(environ.get("INVOCATION_ID"))  # systemd sets it for a unit's commands
    if not under_systemd or shutil.which("systemd-run", path=environ.get("PATH")) is None:
        return list(argv)
    copied = [f"--setenv={name}" for name in SESSION_VARIABLES if name in environ]
    return ["systemd-run", "--user", "--quiet", "--collect", *copied, "--", *argv]


class HeldNotifier(Listener, Protocol):
    def available(self) -> bool: ...

    def notify(self, notification: Notification) -> str: ...

    def close(self) -> None: ...


N = TypeVar("N", bound=HeldNotifier)


class KeptOpen(Generic[N]):
    """A notifier as the reminder service sees it for one check: the service closes what it
    was given after each check, but clicks come only while the connection stays open, so this
    leaves it open (its owner closes the real one) and notes what was sent."""

    def __init__(self, notifier: N) -> None:
        self.notifier = notifier
        self.sent: list[str] = []

    def available(self) -> bool:
        return self.notifier.available()

    def notify(self, notification: Notification) -> str:
        notification_id = self.notifier.notify(notification)
        self.sent.append(notification_id)
        return notification_id

    def close(self) -> None:
        """Left open: the owner of the real notifier closes it."""
