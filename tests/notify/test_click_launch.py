"""How a click starts the app when no window runs: directly, or, inside a systemd unit (the
timer's run, whose processes systemd stops when its command ends), in a transient unit of its
own that gets the session's display and bus. The real systemd-run on PATH is what is looked up;
no user manager runs here to start anything, so the command line is what is checked.
"""

from __future__ import annotations

import os
from pathlib import Path

from app.notify.clicks import launch_command
from tests.notification_daemon import require_programs

APP = ["/usr/bin/study-companion", "--data-dir", "/home/ada/data", "--review", "8"]


def test_outside_systemd_the_app_starts_as_it_is() -> None:
    assert launch_command(APP, {"PATH": os.environ["PATH"], "DISPLAY": ":0"}) == APP
    assert launch_command(APP, {"PATH": os.environ["PATH"], "INVOCATION_ID": ""}) == APP


def test_inside_a_systemd_unit_it_starts_in_a_unit_of_its_own_with_the_sessions_display() -> None:
    require_programs("systemd-run")
    session = {
        "PATH": os.environ["PATH"],
        "INVOCATION_ID": "0123456789abcdef0123456789abcdef",
        "WAYLAND_DISPLAY": "wayland-0",
        "DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/1000/bus",
        "HOME": "/home/ada",  # the user manager has its own: not copied
    }

    assert launch_command(APP, session) == [
        *("systemd-run", "--user", "--quiet", "--collect"),
        "--setenv=WAYLAND_DISPLAY",
        "--setenv=DBUS_SESSION_BUS_ADDRESS",
        "--",
        *APP,
    ]


def test_inside_a_unit_without_systemd_run_the_app_starts_as_it_is(tmp_path: Path) -> None:
    assert launch_command(APP, {"PATH": str(tmp_path), "INVOCATION_ID": "1"}) == APP
