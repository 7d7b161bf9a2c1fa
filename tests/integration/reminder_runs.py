"""The tools of the reminder, schedule and settings tests: a command that must succeed, the
week list, ``remind`` run as the timer runs it, a loop's output read line by line while it
runs, and notifiers for the service's seam that wrap the real one.

Everything here talks to the real program and the real dunst: the wrappers only decide, for
the test, which notification the service is refused (as a service that went away would) or
keep the connection open so a click can still be heard.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from app.notify import FreedesktopNotifier, Notification, NotificationUnavailable
from tests.integration.cli_process import environment, json_of, run, start
from tests.notification_daemon import STARTUP_BOUND_S


def run_installed(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The ``study-companion`` script installed beside this interpreter, as a user runs it
    (``run`` starts ``python -m app``): same environment, no terminal."""
    script = Path(sys.executable).with_name("study-companion")
    assert script.exists(), f"the console script is not installed: {script}"
    return subprocess.run(
        [str(script), "--data-dir", str(data_dir), *args],
        cwd=data_dir.parent,
        env=environment(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def ok(data_dir: Path, *args: str) -> str:
    """What a command that must succeed printed."""
    result = run(data_dir, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def weeks(data_dir: Path) -> list[dict[str, Any]]:
    """``weeks --json``: each week as followed, with the course's date beside it."""
    listed: list[dict[str, Any]] = json_of(run(data_dir, "weeks", "--json"))
    return listed


def remind(data_dir: Path, now: str, *more: str) -> subprocess.CompletedProcess[str]:
    """``remind --now NOW --json --no-wait`` once, as the systemd timer runs it but without
    listening for clicks (dunst here never expires what it shows); waits for it to end."""
    return run(data_dir, "remind", "--now", now, "--json", "--no-wait", *more)


def delivered(result: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    """The reminders a successful ``remind --json`` showed."""
    assert result.returncode == 0, result.stderr
    shown: list[dict[str, Any]] = json_of(result)["delivered"]
    return shown


def due_instant(reminder: dict[str, Any]) -> datetime:
    """The deadline a reminder's JSON names, as an instant (compare it with a UTC literal)."""
    return datetime.fromisoformat(reminder["due"])


def started_together(
    data_dir: Path, count: int, *args: str
) -> list[subprocess.CompletedProcess[str]]:
    """``count`` runs of the program on one data directory, each started before any is waited
    for (as a timer and an open window may check at once); their results once all ended."""
    running = [start(data_dir, *args) for _ in range(count)]
    results = []
    for process in running:
        stdout, stderr = process.communicate(timeout=60)
        results.append(
            subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
        )
    return results


class Lines:
    """A running process's stream, read on a thread: wait for the next line, with a bound
    that only catches a hang (a loop prints one line per check)."""

    def __init__(self, stream: IO[str]) -> None:
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._reader.start()

    def next(self) -> str:
        try:
            line = self._lines.get(timeout=STARTUP_BOUND_S)
        except queue.Empty:
            raise AssertionError(f"no line within {STARTUP_BOUND_S:g} s") from None
        if line is None:
            raise AssertionError("the process closed the stream")
        return line

    def until(self, wanted: str) -> str:
        """The first line, from here on, that holds ``wanted``."""
        while wanted not in (line := self.next()):
            pass
        return line

    def json_lines(self) -> Iterator[dict[str, Any]]:
        while True:
            yield json.loads(self.next())

    def join(self) -> None:
        """Wait for the stream's end (the process has exited and closed it)."""
        self._reader.join(timeout=STARTUP_BOUND_S)
        assert not self._reader.is_alive(), "the stream stayed open"

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)


class RefusingWeek:
    """The desktop's notifier, except that the notification for ``week`` is refused, as a
    notification service that fails or goes away refuses one."""

    def __init__(self, week: int) -> None:
        self._week = str(week)
        self._real = FreedesktopNotifier()
        self.refused = 0

    def available(self) -> bool:
        return self._real.available()

    def notify(self, notification: Notification) -> str:
        if notification.action is not None and notification.action.payload == self._week:
            self.refused += 1
            raise NotificationUnavailable("the notification service refused it")
        return self._real.notify(notification)

    def close(self) -> None:
        self._real.close()


class KeptOpen:
    """The desktop's notifier, which the service may "close" after its check while the test
    keeps the connection, to hear a click on what the service sent."""

    def __init__(self, real: FreedesktopNotifier) -> None:
        self.real = real
        self.sent: list[str] = []

    def available(self) -> bool:
        return self.real.available()

    def notify(self, notification: Notification) -> str:
        server_id = self.real.notify(notification)
        self.sent.append(server_id)
        return server_id

    def close(self) -> None:
        pass  # the test closes the real one
