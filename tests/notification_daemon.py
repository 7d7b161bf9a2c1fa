"""A real notification daemon for tests: Xvfb, a private D-Bus session bus, dunst.

Fixtures (import them into a conftest.py): `session_bus`, a private bus with nothing on it,
and `notification_daemon`, the same with dunst on it, on a display of its own. Both export
their bus as DBUS_SESSION_BUS_ADDRESS for the test and stop every process they started, by pid.

What dunst received is read back with its own tool, `dunstctl history` (JSON), after
`dunstctl close-all` (dunst lists closed notifications only). dunst 1.9 leaves the urgency out
of that JSON, so the config gives each urgency a display format that starts with its name and
the history's rendered `message` carries it. The context menu (where dunst lists the actions'
labels) runs a script of ours as its "dmenu": it records the menu and picks the first entry.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import struct
import subprocess
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

# The program each part needs and the Debian package that has it (.ci/run installs them).
PACKAGE_OF = {
    "dbus-daemon": "dbus",
    "dbus-send": "dbus",  # dunstctl's every command but history
    "busctl": "systemd",  # dunstctl history
    "Xvfb": "xvfb",
    "dunst": "dunst",
    "dunstctl": "dunst",
    # Readers of what the background-reminder setup writes (tests/notify/system_tools.py)
    "desktop-file-validate": "desktop-file-utils",
    "gio": "libglib2.0-bin",
    "systemd-analyze": "systemd",
}
DUNST_HISTORY_LENGTH = 100  # far above what any test sends, so none is pushed out
# Bounds that only catch a hang: each part starts, and each notification lands, in well under
# a second; a wait polls for the state it needs and returns as soon as it is there.
STARTUP_BOUND_S = 30.0
POLL_INTERVAL_S = 0.02
# For a notifier's wait on a click the test already made: long enough for any machine.
WAIT_BOUND_S = STARTUP_BOUND_S
URGENCY_NAMES = ("low", "normal", "critical")


def require_programs(*programs: str) -> None:
    """Fail, naming the Debian package, when a program a test needs is not installed."""
    for program in programs:
        if shutil.which(program) is None:
            package = PACKAGE_OF.get(program, program)
            pytest.fail(
                f"{program} is not installed: apt-get install {package} (.ci/run installs it)",
                pytrace=False,
            )


@dataclass(frozen=True)
class SessionBus:
    address: str
    pid: int


@dataclass(frozen=True)
class ArrivedNotification:
    """One notification as dunst recorded it."""

    server_id: int
    app_name: str
    summary: str
    body: str
    urgency: str  # "low", "normal" or "critical"
    icon_path: str  # the file dunst found for the icon name, "" when none


def start_session_bus(folder: Path, service_dir: Path | None = None) -> SessionBus:
    """A dbus-daemon of our own; it can start only what `service_dir` describes.

    Not the system's session.conf: that lists /usr/share/dbus-1/services, where dunst's
    activation file would start a dunst on first use and hide "no service on the bus".
    """
    require_programs("dbus-daemon")
    socket_dir = Path(tempfile.mkdtemp(prefix="bus-", dir=folder))
    services = f"<servicedir>{service_dir}</servicedir>" if service_dir else ""
    config = folder / "session-bus.conf"
    config.write_text(
        '<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"\n'
        ' "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">\n'
        "<busconfig>\n"
        "  <type>session</type>\n"
        f"  <listen>unix:dir={socket_dir}</listen>\n"
        "  <auth>EXTERNAL</auth>\n"
        f"  {services}\n"
        '  <policy context="default">\n'
        '    <allow send_destination="*" eavesdrop="true"/>\n'
        '    <allow eavesdrop="true"/>\n'
        '    <allow own="*"/>\n'
        "  </policy>\n"
        "</busconfig>\n",
        encoding="utf-8",
    )
    started = subprocess.run(
        ["dbus-daemon", f"--config-file={config}", "--fork", "--print-address=1", "--print-pid=1"],
        capture_output=True,
        text=True,
        timeout=STARTUP_BOUND_S,
        check=False,
    )
    lines = started.stdout.split()
    if started.returncode != 0 or len(lines) != 2:
        pytest.fail(f"dbus-daemon did not start: {started.stderr.strip()}", pytrace=False)
    return SessionBus(address=lines[0], pid=int(lines[1]))


class NotificationDaemon:
    """dunst on a private bus and an Xvfb display, and what it was sent, read with dunstctl."""

    def __init__(self, folder: Path, bus: SessionBus) -> None:
        require_programs("Xvfb", "dunst", "dunstctl", "dbus-send", "busctl")
        self.bus_address = bus.address
        self.folder = folder
        self.icon_dir = folder / "icons"
        self.menu_record = folder / "context-menu.txt"
        self._cleared: set[int] = set()
        self._dunst: subprocess.Popen[bytes] | None = None
        self._xvfb, self.display = _start_xvfb(folder)
        self._env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": bus.address, "DISPLAY": self.display}
        self._dunst_log = folder / "dunst.log"
        try:
            with self._dunst_log.open("wb") as log:
                self._dunst = subprocess.Popen(
                    ["dunst", "-config", str(self._write_config())],
                    env=self._env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            wait_until(self._answers, "dunst to take the notification service's name")
        except BaseException:
            self.stop()
            raise

    def history(self) -> list[ArrivedNotification]:
        """Everything that arrived since the last `clear()`, oldest first (closes them all)."""
        self.dunstctl("close-all")
        reply = json.loads(self.dunstctl("history"))
        arrived = [_arrived(entry) for entry in reply["data"][0]]
        return sorted(
            (n for n in arrived if n.server_id not in self._cleared), key=lambda n: n.server_id
        )

    def wait_for_history(self, count: int) -> list[ArrivedNotification]:
        """`history()` once `count` notifications have arrived (a bound catches only a hang)."""
        wait_until(lambda: len(self.history()) >= count, f"{count} notifications at dunst")
        return self.history()

    def clear(self) -> None:
        self._cleared.update(n.server_id for n in self.history())

    def displayed_count(self) -> int:
        return int(self.dunstctl("count", "displayed"))

    def wait_until_displayed(self, count: int) -> None:
        wait_until(lambda: self.displayed_count() >= count, f"{count} notifications on screen")

    def click_top(self) -> None:
        """What a click on the top notification does: its default action (dunstctl action 0)."""
        self.dunstctl("action", "0")

    def open_context_menu(self) -> None:
        """dunst's action menu; our "dmenu" records it and chooses its first entry."""
        self.dunstctl("context")

    def menu_entries(self) -> list[str]:
        wait_until(self.menu_record.exists, "dunst to open its context menu")
        return self.menu_record.read_text(encoding="utf-8").splitlines()

    def dunstctl(self, *arguments: str) -> str:
        done = subprocess.run(
            ["dunstctl", *arguments],
            env=self._env,
            capture_output=True,
            text=True,
            timeout=STARTUP_BOUND_S,
            check=False,
        )
        if done.returncode != 0:
            raise AssertionError(f"dunstctl {' '.join(arguments)} failed: {done.stderr.strip()}")
        return done.stdout

    def stop(self) -> None:
        if self._dunst is not None:
            stop_child(self._dunst)
        stop_child(self._xvfb)

    def _answers(self) -> bool:
        assert self._dunst is not None
        if self._dunst.poll() is not None:
            log = self._dunst_log.read_text(errors="replace")
            pytest.fail(f"dunst exited ({self._dunst.returncode}): {log}", pytrace=False)
        done = subprocess.run(
            ["dunstctl", "debug"], env=self._env, capture_output=True, timeout=STARTUP_BOUND_S
        )
        return done.returncode == 0

    def _write_config(self) -> Path:
        write_png(self.icon_dir / "study-companion.png")
        menu = self.folder / "context-menu.sh"
        # All of the menu first (a reader that stops early would cut the record), then a pick.
        # Written aside and renamed, so the record appears whole or not at all.
        menu.write_text(
            f'#!/bin/sh\ncat > "{self.menu_record}.part"\n'
            f'mv "{self.menu_record}.part" "{self.menu_record}"\n'
            f'head -n 1 "{self.menu_record}"\n'
        )
        menu.chmod(0o755)
        rules = "".join(
            # Timeout 0: nothing expires on its own, so every closing in a test is the test's.
            f'[urgency_{name}]\n    timeout = 0\n    format = "{name}|%s|%b"\n\n'
            for name in URGENCY_NAMES
        )
        config = self.folder / "dunstrc"
        config.write_text(
            "[global]\n"
            "    stack_duplicates = false\n"  # dunst would merge identical notifications
            f"    history_length = {DUNST_HISTORY_LENGTH}\n"
            "    idle_threshold = 0\n"  # an idle Xvfb must not hold notifications back
            f"    icon_path = {self.icon_dir}\n"
            f"    dmenu = {menu}\n\n" + rules,
            encoding="utf-8",
        )
        return config


def _start_xvfb(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Xvfb on the first free display: it writes the number to -displayfd once it is ready."""
    read_end, write_end = os.pipe()
    with (folder / "xvfb.log").open("wb") as log:
        xvfb = subprocess.Popen(
            [
                "Xvfb",
                "-displayfd",
                str(write_end),
                "-nolisten",
                "tcp",
                "-screen",
                "0",
                "640x480x24",
            ],
            pass_fds=(write_end,),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    os.close(write_end)
    try:
        number = _read_line(read_end)
    finally:
        os.close(read_end)
    if not number:
        stop_child(xvfb)
        log_text = (folder / "xvfb.log").read_text(errors="replace")
        pytest.fail(f"Xvfb did not start: {log_text}", pytrace=False)
    return xvfb, f":{number}"


def _read_line(fd: int) -> str:
    """The first line written to `fd`, all of it: Xvfb writes the number and the newline apart,
    and dies of a broken pipe if the reader has gone in between."""
    received = b""
    give_up = time.monotonic() + STARTUP_BOUND_S
    while b"\n" not in received:
        ready, _, _ = select.select([fd], [], [], max(0.0, give_up - time.monotonic()))
        chunk = os.read(fd, 64) if ready else b""
        if not chunk:  # the writer exited, or the bound passed
            break
        received += chunk
    return received.decode().strip()


def wait_until(condition: Callable[[], bool], what: str) -> None:
    """Poll for a state with a bound that only catches a hang, never a slow machine."""
    give_up = time.monotonic() + STARTUP_BOUND_S
    while not condition():
        if time.monotonic() > give_up:
            pytest.fail(f"gave up waiting for {what} after {STARTUP_BOUND_S:g} s", pytrace=False)
        time.sleep(POLL_INTERVAL_S)


def stop_child(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=STARTUP_BOUND_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def stop_pid(pid: int) -> None:
    """Stop a daemon that forked away from us (dbus-daemon --fork): by its pid, then make sure."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    wait_until(lambda: not _running(pid), f"process {pid} to exit")


def _running(pid: int) -> bool:
    try:  # a zombie waiting for its new parent to reap it has exited all the same
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False


def write_png(path: Path, size: int = 16) -> None:
    """A plain blue square, the icon dunst is to find under our icon name."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x20\x40\xc0" * size for _ in range(size))  # filter 0, RGB
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _arrived(entry: dict[str, dict[str, object]]) -> ArrivedNotification:
    def field(name: str) -> str:
        return str(entry[name]["data"])

    return ArrivedNotification(
        server_id=int(field("id")),
        app_name=field("appname"),
        summary=field("summary"),
        body=field("body"),
        urgency=field("message").split("|", 1)[0],  # the format of the urgency's rule
        icon_path=field("icon_path"),
    )


@pytest.fixture
def session_bus(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[SessionBus]:
    """A private session bus with no notification service on it, exported to the test."""
    bus = start_session_bus(tmp_path_factory.mktemp("session-bus"))
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus.address)
    yield bus
    stop_pid(bus.pid)


@pytest.fixture
def notification_daemon(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[NotificationDaemon]:
    """dunst on a private session bus and display, exported to the test; all stopped after."""
    folder = tmp_path_factory.mktemp("notification-daemon")
    bus = start_session_bus(folder)
    try:
        daemon = NotificationDaemon(folder, bus)
    except BaseException:
        stop_pid(bus.pid)
        raise
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus.address)
    try:
        yield daemon
    finally:
        daemon.stop()
        stop_pid(bus.pid)
