"""Reminders while the app is closed: without systemd a login entry that a desktop can start
(desktop-file-validate, then `gio launch` runs it), with systemd a timer every 15 minutes whose
units systemd itself accepts; uninstall leaves nothing; one method at a time.

systemd is played through the command runner (tests/notify/system_tools.py); the files are read
back by the programs that use them, and the firing times by `systemd-analyze calendar`.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from app.notify.scheduling import (
    BackgroundMethod,
    BackgroundReminders,
    BackgroundSetupError,
    run_command,
)
from tests.notify.system_tools import (
    PlayedSystemctl,
    calendar_steps,
    desktop_entry_problems,
    launch_desktop_entry,
    read_ini,
    unit_problems,
)


def config_home() -> Path:
    return Path(os.environ["XDG_CONFIG_HOME"])  # the test's own, from tests/conftest.py


def autostart_entry() -> Path:
    return config_home() / "autostart" / "study-companion-remind.desktop"


def timer_file() -> Path:
    return config_home() / "systemd" / "user" / "study-companion-remind.timer"


def service_file() -> Path:
    return config_home() / "systemd" / "user" / "study-companion-remind.service"


def test_without_systemctl_a_login_entry_starts_the_reminder_loop(
    recording_program: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    program, record = recording_program
    no_systemctl = tmp_path / "empty-bin"
    no_systemctl.mkdir()
    reminders = BackgroundReminders(run_command)
    with monkeypatch.context() as machine:
        machine.setenv("PATH", str(no_systemctl))  # the real runner finds no systemctl

        status = reminders.install([str(program)])

        assert reminders.status().method is BackgroundMethod.AUTOSTART
    assert status.method is BackgroundMethod.AUTOSTART
    assert status.files == (autostart_entry(),)
    assert not timer_file().exists()
    assert desktop_entry_problems(autostart_entry()) == ""
    entry = read_ini(autostart_entry())["Desktop Entry"]
    assert (entry["Type"], entry["NoDisplay"]) == ("Application", "true")
    # GLib reads the Exec line as a desktop would: the program in a folder with a space and a
    # "$HOME" in its name runs, with the loop's arguments.
    assert launch_desktop_entry(autostart_entry(), record) == [
        "remind",
        "--loop",
        "--every-minutes",
        "15",
    ]


def test_uninstall_removes_the_login_entry(recording_program: tuple[Path, Path]) -> None:
    reminders = BackgroundReminders(PlayedSystemctl(manager_up=False))
    reminders.install([str(recording_program[0])])

    assert reminders.uninstall() == (autostart_entry(),)

    assert not autostart_entry().exists()
    assert reminders.status().method is None
    assert reminders.status().files == ()


def test_with_systemd_a_timer_runs_remind_every_quarter_hour(
    recording_program: tuple[Path, Path],
) -> None:
    program, _ = recording_program
    systemctl = PlayedSystemctl(manager_up=True)

    command = [str(program), "--data-dir", "/srv/$USER's data"]

    status = BackgroundReminders(systemctl).install(command)

    assert status.method is BackgroundMethod.SYSTEMD_TIMER
    assert set(status.files) == {service_file(), timer_file()}
    assert systemctl.systemctl_verbs() == [
        ["is-system-running"],
        ["daemon-reload"],
        ["enable", "--now", "study-companion-remind.timer"],
    ]
    assert not autostart_entry().exists()
    # systemd's own parser accepts both and finds the program behind the quoted, escaped path.
    assert unit_problems(service_file(), timer_file()) == ""
    service = read_ini(service_file())["Service"]
    assert service["Type"] == "oneshot"
    # Quoted words; in the arguments $$ keeps systemd from putting a variable there. A run
    # listens for clicks 13 minutes at most and is stopped at 14: before the next one is due.
    assert service["ExecStart"] == (
        f'"{program}" --data-dir "/srv/$$USER\'s data" remind --wait-minutes 13'
    )
    assert service["TimeoutStartSec"] == "840s"
    timer = read_ini(timer_file())
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Timer"]["Unit"] == "study-companion-remind.service"
    assert timer["Install"]["WantedBy"] == "timers.target"
    assert calendar_steps(timer["Timer"]["OnCalendar"], 5) == [timedelta(minutes=15)] * 4


@pytest.mark.parametrize(
    ("every", "wait_minutes", "stopped_after"),
    [
        (timedelta(minutes=1), "0.5", "45s"),  # a quarter of the interval to spare, twice
        (timedelta(minutes=5), "3", "240s"),
        (timedelta(hours=2), "60", "3660s"),  # an hour at most, as remind does alone
    ],
)
def test_the_timer_fires_at_the_interval_asked_for_and_each_run_ends_before_the_next(
    recording_program: tuple[Path, Path], every: timedelta, wait_minutes: str, stopped_after: str
) -> None:
    BackgroundReminders(PlayedSystemctl(manager_up=True)).install(
        [str(recording_program[0])], every=every
    )

    on_calendar = read_ini(timer_file())["Timer"]["OnCalendar"]
    assert calendar_steps(on_calendar, 4) == [every] * 3
    service = read_ini(service_file())["Service"]
    assert service["ExecStart"].split()[-2:] == ["--wait-minutes", wait_minutes]
    assert service["TimeoutStartSec"] == stopped_after
    assert unit_problems(service_file(), timer_file()) == ""


def test_an_interval_no_timer_can_keep_is_refused_before_anything_is_written(
    recording_program: tuple[Path, Path],
) -> None:
    systemctl = PlayedSystemctl(manager_up=True)

    with pytest.raises(ValueError, match="divide an hour or a day"):
        BackgroundReminders(systemctl).install([str(recording_program[0])], timedelta(minutes=7))

    assert not service_file().exists()
    assert not timer_file().exists()
    assert ["enable", "--now", "study-companion-remind.timer"] not in systemctl.systemctl_verbs()


def test_uninstall_stops_the_timer_then_removes_its_units(
    recording_program: tuple[Path, Path],
) -> None:
    systemctl = PlayedSystemctl(manager_up=True)
    reminders = BackgroundReminders(systemctl)
    reminders.install([str(recording_program[0])])
    systemctl.commands.clear()

    removed = reminders.uninstall()

    assert set(removed) == {service_file(), timer_file()}
    assert not service_file().exists()
    assert not timer_file().exists()
    assert systemctl.systemctl_verbs() == [
        ["is-system-running"],
        ["disable", "--now", "study-companion-remind.timer"],
        ["daemon-reload"],
    ]


def test_status_asks_systemd_whether_the_timer_runs(recording_program: tuple[Path, Path]) -> None:
    reminders = BackgroundReminders(PlayedSystemctl(manager_up=True))
    assert reminders.status().method is None

    reminders.install([str(recording_program[0])])

    status = reminders.status()
    assert status.method is BackgroundMethod.SYSTEMD_TIMER
    assert status.timer_active is True


@pytest.mark.parametrize("systemd_first", [True, False])
def test_one_method_at_a_time_so_each_reminder_comes_once(
    recording_program: tuple[Path, Path], systemd_first: bool
) -> None:
    command = [str(recording_program[0])]
    with_systemd = BackgroundReminders(PlayedSystemctl(manager_up=True))
    without_systemd = BackgroundReminders(PlayedSystemctl(manager_up=False))
    first, then = (
        (with_systemd, without_systemd) if systemd_first else (without_systemd, with_systemd)
    )

    first.install(command)
    then.install(command)

    units_there = timer_file().exists() or service_file().exists()
    assert (units_there, autostart_entry().exists()) == (not systemd_first, systemd_first)


def test_a_failing_systemctl_is_said_in_one_line_and_leaves_nothing_half_installed(
    recording_program: tuple[Path, Path],
) -> None:
    systemctl = PlayedSystemctl(
        manager_up=True,
        failures={"enable": "Failed to enable unit: Access denied\nSee the journal for details."},
    )
    reminders = BackgroundReminders(systemctl)

    with pytest.raises(BackgroundSetupError) as raised:
        reminders.install([str(recording_program[0])])

    assert str(raised.value) == (
        "systemctl --user enable --now study-companion-remind.timer failed: "
        "Failed to enable unit: Access denied"
    )
    assert reminders.status().method is None
    assert reminders.status().files == ()


def test_a_program_not_on_path_is_refused_in_one_line() -> None:
    reminders = BackgroundReminders(PlayedSystemctl(manager_up=False))

    with pytest.raises(BackgroundSetupError, match="cannot find no-such-study-companion on PATH"):
        reminders.install(["no-such-study-companion"])

    assert not autostart_entry().exists()
