"""The background-reminder tests' tools: systemctl played through the command runner seam, and
the real programs that read what was written: desktop-file-validate and `gio launch` for the
autostart entry, `systemd-analyze` for the units (it parses them as systemd does, with no
manager running), configparser for their keys.
"""

from __future__ import annotations

import configparser
import itertools
import json
import os
import subprocess
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from app.notify.scheduling import CommandResult
from tests.notification_daemon import require_programs, wait_until

Completed = subprocess.CompletedProcess[str]
TOOL_BOUND_S = 60.0  # each tool answers at once: the bound only catches a hang


class PlayedSystemctl:
    """A `CommandRunner` that plays systemctl on a machine with or without a user manager.

    It records every command, answers `is-system-running` and `is-active` as systemd would,
    and fails the commands named in `failures` with the given message.
    """

    def __init__(self, manager_up: bool, failures: dict[str, str] | None = None) -> None:
        self.manager_up = manager_up
        self.failures = failures or {}
        self.commands: list[list[str]] = []

    def __call__(self, argv: Sequence[str]) -> CommandResult:
        self.commands.append(list(argv))
        verb = argv[2] if argv[:2] == ["systemctl", "--user"] and len(argv) > 2 else ""
        if not self.manager_up:  # what systemctl --user prints with no manager to talk to
            return CommandResult(1, "offline\n" if verb == "is-system-running" else "", "")
        if verb in self.failures:
            return CommandResult(1, "", self.failures[verb])
        answers = {"is-system-running": "running\n", "is-active": "active\n"}
        return CommandResult(0, answers.get(verb, ""), "")

    def systemctl_verbs(self) -> list[list[str]]:
        return [argv[2:] for argv in self.commands]


def read_ini(path: Path) -> configparser.ConfigParser:
    """A unit file or desktop entry by key, as written: case kept, no % interpolation."""
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment, method-assign]
    parser.read_string(path.read_text(encoding="utf-8"), source=str(path))
    return parser


def desktop_entry_problems(entry: Path) -> str:
    """What desktop-file-validate says of the entry ("" when it is valid)."""
    require_programs("desktop-file-validate")
    done = _run(["desktop-file-validate", str(entry)])
    return (done.stdout + done.stderr).strip() if done.returncode else ""


def launch_desktop_entry(entry: Path, record: Path) -> list[str]:
    """Start the entry as a desktop does (GLib reads its Exec line) and return the arguments
    the recording program got."""
    require_programs("gio")
    done = _run(["gio", "launch", str(entry)])
    assert done.returncode == 0, f"gio launch failed: {done.stderr}"
    # The program may still be writing when gio returns: wait for a whole JSON list.
    wait_until(lambda: record.exists() and record.read_text().endswith("]"), "the program")
    arguments: list[str] = json.loads(record.read_text())
    return arguments


def unit_problems(*units: Path) -> str:
    """What `systemd-analyze verify` finds in the units ("" when systemd would load them).

    It checks the syntax and that ExecStart's program exists and can be run.
    """
    require_programs("systemd-analyze")
    done = _run(["systemd-analyze", "verify", *map(str, units)])
    return (done.stdout + done.stderr).strip() if done.returncode else ""


def calendar_steps(expression: str, count: int) -> list[timedelta]:
    """The gaps between the next `count` times an OnCalendar expression fires, by systemd."""
    require_programs("systemd-analyze")
    # UTC: no daylight-saving change can lengthen a gap between two firings.
    done = _run(["systemd-analyze", "calendar", f"--iterations={count}", expression], {"TZ": "UTC"})
    assert done.returncode == 0, f"systemd-analyze calendar {expression}: {done.stderr}"
    times = [
        datetime.strptime(" ".join(line.split()[-3:-1]), "%Y-%m-%d %H:%M:%S")
        for line in done.stdout.splitlines()
        if line.strip().startswith(("Next elapse:", "Iter. #"))
    ]
    assert len(times) == count, done.stdout
    return [later - earlier for earlier, later in itertools.pairwise(times)]


def _run(
    argv: list[str], extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv,
        capture_output=True,
        text=True,
        timeout=TOOL_BOUND_S,
        check=False,
        env={**os.environ, **(extra_env or {})},
    )
