"""Settings through the command line: ``config get / set / list`` round-trip every setting in a
new process each time, refuse a bad value in one line that names it while changing nothing,
sign annotations with the ``identity.name`` set here, and install or remove the background
reminders with ``reminders.when_closed``.

Expected values are the literals the test wrote, or what the command was told to run.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.services.app_services import open_services
from tests.integration.cli_process import json_of, run
from tests.integration.reminder_runs import ok, run_installed, weeks
from tests.notify.system_tools import desktop_entry_problems, read_ini

KEYS = [
    "appearance.theme",
    *("identity.email", "identity.name", "identity.student_id"),
    *("reader.dark_figures", "reminders", "reminders.when_closed", "review.spellcheck"),
    "schedule.start",
    "sync.source",
    "window.close_to_tray",
]


def listed(data_dir: Path) -> dict[str, dict[str, Any]]:
    return {item["key"]: item for item in json_of(run(data_dir, "config", "list", "--json"))}


def test_every_setting_is_listed_with_its_default(fresh_data: Path) -> None:
    settings = listed(fresh_data)

    assert sorted(settings) == KEYS
    assert all(item["default"] for item in settings.values())
    assert settings["reminders"]["value"] == "48h,24h,2h"
    assert settings["reminders.when_closed"]["value"] == "false"
    assert (settings["schedule.start"]["value"], settings["identity.email"]["value"]) == ("", "")
    assert ok(fresh_data, "config", "get", "reminders") == "48h,24h,2h\n"
    assert settings["appearance.theme"]["value"] == "system"
    assert settings["reader.dark_figures"]["value"] == "follow"


@pytest.mark.parametrize(
    ("key", "written", "read_back"),
    [
        ("reminders", "36h,1h", "36h,1h"),
        ("reminders", "90m, 1d", "24h,90m"),  # largest first, in the units it was read in
        ("reminders", "none", "none"),
        ("identity.name", "Ada   Lovelace", "Ada Lovelace"),
        ("identity.email", "ada@example.org", "ada@example.org"),
        ("identity.student_id", " 3034567890 ", "3034567890"),
        ("schedule.start", "2022-09-26", "2022-09-26"),
        ("window.close_to_tray", "yes", "true"),
        ("review.spellcheck", "off", "false"),
        ("appearance.theme", "Dark", "dark"),
        ("reader.dark_figures", "natural", "natural"),
    ],
)
def test_a_setting_reads_back_as_set(
    fresh_data: Path, key: str, written: str, read_back: str
) -> None:
    assert ok(fresh_data, "config", "set", key, written) == f"{key} = {read_back}\n"

    assert ok(fresh_data, "config", "get", key) == f"{read_back}\n"
    assert listed(fresh_data)[key] | {"about": ""} == {
        "key": key,
        "value": read_back,
        "default": False,
        "about": "",
    }


def test_the_start_set_here_is_the_schedule_the_term_follows(fresh_data: Path) -> None:
    ok(fresh_data, "config", "set", "schedule.start", "2022-09-26")
    assert weeks(fresh_data)[0]["date"] == "2022-09-26"

    ok(fresh_data, "config", "set", "schedule.start", "")

    assert weeks(fresh_data)[0]["date"] == "2022-01-24"
    assert listed(fresh_data)["schedule.start"]["default"]


def test_the_name_set_here_signs_the_annotations(fresh_data: Path) -> None:
    ok(fresh_data, "config", "set", "identity.name", "Ada Lovelace")

    services = open_services(fresh_data)
    try:
        assert services.settings.author() == "Ada Lovelace"
        services.settings.set_author("Grace Hopper")  # as the window's Annotations menu does
    finally:
        services.close()
    assert ok(fresh_data, "config", "get", "identity.name") == "Grace Hopper\n"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("reminders", "48h,,2h", 'reminders: "48h,,2h" has an empty item between its commas'),
        (
            "reminders",
            "soon",
            'reminders: "soon" is not a time before the deadline: write a number and d, h or m, '
            "as in 48h, 90m or 1d",
        ),
        ("reminders", "2h,120m", 'reminders: "2h" and "120m" are the same time'),
        (
            "schedule.start",
            "2022-09-27",
            "schedule.start: 2022-09-27 is a Tuesday: the term starts on a Monday",
        ),
        (
            "schedule.start",
            "next week",
            "schedule.start: 'next week' is not a date: write the Monday as YYYY-MM-DD, or "
            "nothing to follow the course's dates",
        ),
        (
            "identity.email",
            "ada at example.org",
            "identity.email: 'ada at example.org' is not an email address (name@example.org)",
        ),
        (
            "reminders.when_closed",
            "maybe",
            "reminders.when_closed: 'maybe' is neither true nor false",
        ),
        (
            "appearance.theme",
            "purple",
            "appearance.theme: 'purple' is not one of light, dark, system",
        ),
        (
            "colour",
            "blue",
            "there is no setting 'colour': the settings are appearance.theme, identity.email, "
            "identity.name, identity.student_id, reader.dark_figures, reminders, "
            "reminders.when_closed, review.spellcheck, "
            "schedule.start, sync.source, "
            "window.close_to_tray",
        ),
    ],
)
def test_a_bad_value_is_refused_in_one_line_and_changes_nothing(
    fresh_data: Path, key: str, value: str, message: str
) -> None:
    ok(fresh_data, "config", "set", "reminders", "36h,1h")
    ok(fresh_data, "config", "set", "schedule.start", "2022-09-26")
    before = listed(fresh_data)

    refused = run(fresh_data, "config", "set", key, value)

    assert (refused.returncode, refused.stdout) == (1, "")
    assert refused.stderr == f"study-companion: {message}\n"
    assert listed(fresh_data) == before


@pytest.mark.parametrize("installed", [False, True], ids=["python -m app", "study-companion"])
def test_reminders_when_closed_installs_and_removes_the_login_entry(
    fresh_data: Path, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, installed: bool
) -> None:
    no_systemctl = tmp_path / "empty-bin"
    no_systemctl.mkdir()
    entry = home / ".config" / "autostart" / "study-companion-remind.desktop"
    program = (
        [str(Path(sys.executable).with_name("study-companion"))]
        if installed
        else [sys.executable, "-m", "app"]
    )

    def when_closed(value: str) -> subprocess.CompletedProcess[str]:
        with monkeypatch.context() as machine:
            machine.setenv("PATH", str(no_systemctl))  # a desktop without systemd
            command = ("config", "set", "reminders.when_closed", value)
            return run_installed(fresh_data, *command) if installed else run(fresh_data, *command)

    switched_on = when_closed("true")

    assert switched_on.returncode == 0, switched_on.stderr
    assert switched_on.stdout.splitlines() == [
        "reminders.when_closed = true",
        f"Reminders run while the app is closed, through a login (XDG autostart) entry ({entry}).",
    ]
    assert desktop_entry_problems(entry) == ""
    # The login entry runs the program that was running, on this data directory, every 15 min.
    assert shlex.split(read_ini(entry)["Desktop Entry"]["Exec"]) == [
        *program,
        *("--data-dir", str(fresh_data.resolve())),
        *("remind", "--loop", "--every-minutes", "15"),
    ]
    assert ok(fresh_data, "config", "get", "reminders.when_closed") == "true\n"

    assert when_closed("false").returncode == 0

    assert not entry.exists()
    assert ok(fresh_data, "config", "get", "reminders.when_closed") == "false\n"
