"""Reminders while the app is closed: what runs `study-companion remind` in the background.

Where a systemd user instance answers (most Linux desktops), a user timer runs `<command> remind`
every 15 minutes; `Persistent=true` makes up once for runs missed while the computer was off or
asleep. Each run stays to hear clicks on what it showed, but for less than the interval
(`--wait-minutes`, with `TimeoutStartSec` as the backstop): a timer does not start a unit that
is still running, so a run that outlived the interval would swallow the next check.
Elsewhere an XDG autostart entry starts `<command> remind --loop --every-minutes 15` at
login: a login entry runs once, and a reminder due at 4 PM must still come when the student
logged in at 9, so that command keeps running and checks every 15 minutes itself.

One method at a time: installing one removes the other, or each reminder would come twice.
Every command goes through a `CommandRunner`, the seam tests use to play a machine with or
without systemd. Files live under $XDG_CONFIG_HOME (default ~/.config), read at each call.
"""

from __future__ import annotations

import enum
import os
import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from app.domain.errors import UserFacingError

UNIT = "study-companion-remind"
TIMER = f"{UNIT}.timer"
SERVICE = f"{UNIT}.service"
AUTOSTART_ENTRY = f"{UNIT}.desktop"
DEFAULT_EVERY = timedelta(minutes=15)
# systemctl answers at once; the bound only stops a hung user manager from hanging us.
COMMAND_TIMEOUT_S = 60.0
# What `systemctl --user is-system-running` prints while a user manager can take units
# ("offline" and "unknown" mean there is none to talk to).
_MANAGER_UP = {"initializing", "starting", "running", "degraded", "maintenance"}


@dataclass(frozen=True)
class CommandResult:
    returncode: int
    stdout: str
    stderr: str


CommandRunner = Callable[[Sequence[str]], CommandResult]


def run_command(argv: Sequence[str]) -> CommandResult:
    """Run a program and collect what it said; a missing program is exit 127, as in a shell."""
    try:
        done = subprocess.run(
            list(argv), capture_output=True, text=True, timeout=COMMAND_TIMEOUT_S, check=False
        )
    except FileNotFoundError:
        return CommandResult(127, "", f"{argv[0]}: command not found")
    except subprocess.TimeoutExpired:
        return CommandResult(124, "", f"{argv[0]} did not finish in {COMMAND_TIMEOUT_S:g} s")
    return CommandResult(done.returncode, done.stdout, done.stderr)


class BackgroundMethod(enum.Enum):
    SYSTEMD_TIMER = "a systemd user timer"
    AUTOSTART = "a login (XDG autostart) entry"


@dataclass(frozen=True)
class BackgroundStatus:
    method: BackgroundMethod | None  # None: reminders do not run while the app is closed
    files: tuple[Path, ...]
    timer_active: bool | None = None  # what systemd says of the timer; None when not asked


class BackgroundSetupError(UserFacingError):
    """The background reminders could not be set up; str() says why in one line."""


class BackgroundReminders:
    def __init__(
        self, run: CommandRunner = run_command, environ: Mapping[str, str] | None = None
    ) -> None:
        self._run = run
        self._environ = environ

    def install(self, command: Sequence[str], every: timedelta = DEFAULT_EVERY) -> BackgroundStatus:
        """Make `<command> remind` run every `every` while the student is logged in.

        `command` starts the app (e.g. ["/usr/bin/study-companion"]); its program is looked up
        on PATH now, because neither systemd nor a login session has the student's PATH.
        """
        argv = [self._absolute_program(command), *command[1:]]
        if self.systemd_reachable():
            return self._install_timer(argv, every)
        minutes = str(_whole_minutes(every))
        text = _autostart_entry([*argv, "remind", "--loop", "--every-minutes", minutes])
        self._remove(self._systemd_files())
        entry = self._autostart_file()
        _write(entry, text)
        return BackgroundStatus(BackgroundMethod.AUTOSTART, (entry,))

    def uninstall(self) -> tuple[Path, ...]:
        """Remove whatever `install` made (stopping the timer first); returns what was removed."""
        timer_files = [path for path in self._systemd_files() if path.exists()]
        reachable = bool(timer_files) and self.systemd_reachable()
        if reachable:  # stop it now, not at the next login; a unit already gone is no error
            self._run(["systemctl", "--user", "disable", "--now", TIMER])
        # `enable` linked the timer here; without a manager to `disable` it, we unlink it.
        wanted = self._config_home() / "systemd" / "user" / "timers.target.wants" / TIMER
        removed = self._remove([*timer_files, wanted, self._autostart_file()])
        if reachable:
            self._systemctl("daemon-reload")
        return removed

    def status(self) -> BackgroundStatus:
        timer, service = self._systemd_files()
        entry = self._autostart_file()
        files = tuple(path for path in (service, timer, entry) if path.exists())
        if timer.exists():
            active = None
            if self.systemd_reachable():
                answer = self._run(["systemctl", "--user", "is-active", TIMER])
                active = answer.stdout.strip() == "active"
            return BackgroundStatus(BackgroundMethod.SYSTEMD_TIMER, files, active)
        if entry.exists():
            return BackgroundStatus(BackgroundMethod.AUTOSTART, files)
        return BackgroundStatus(None, files)

    def systemd_reachable(self) -> bool:
        """Does a systemd user manager answer? (No systemctl, or none running: no.)"""
        answer = self._run(["systemctl", "--user", "is-system-running"])
        return answer.stdout.strip() in _MANAGER_UP

    def _install_timer(self, argv: list[str], every: timedelta) -> BackgroundStatus:
        timer, service = self._systemd_files()
        wait, timeout = listening_bounds(every)
        minutes = f"{wait.total_seconds() / 60:g}"
        service_text = _service_unit([*argv, "remind", "--wait-minutes", minutes], timeout)
        timer_text = _timer_unit(every)
        _write(service, service_text)
        _write(timer, timer_text)
        self._remove([self._autostart_file()])
        try:
            self._systemctl("daemon-reload")
            self._systemctl("enable", "--now", TIMER)
        except BackgroundSetupError:
            self._remove([timer, service])  # nothing half-installed that status() would show
            raise
        return BackgroundStatus(BackgroundMethod.SYSTEMD_TIMER, (service, timer), True)

    def _systemctl(self, *arguments: str) -> None:
        answer = self._run(["systemctl", "--user", *arguments])
        if answer.returncode != 0:
            said = (answer.stderr.strip() or answer.stdout.strip()).splitlines()
            reason = said[0] if said else f"exit status {answer.returncode}"
            raise BackgroundSetupError(f"systemctl --user {' '.join(arguments)} failed: {reason}")

    def _absolute_program(self, command: Sequence[str]) -> str:
        if not command:
            raise ValueError("the command that starts the app is empty")
        program = command[0]
        if Path(program).is_absolute():
            return program
        found = shutil.which(program, path=self._env().get("PATH"))
        if found is None:
            raise BackgroundSetupError(f"cannot find {program} on PATH")
        return str(Path(found).resolve())

    def _config_home(self) -> Path:
        configured = self._env().get("XDG_CONFIG_HOME", "")
        if configured and Path(configured).is_absolute():  # the spec ignores relative ones
            return Path(configured)
        return Path(self._env().get("HOME", str(Path.home()))) / ".config"

    def _systemd_files(self) -> tuple[Path, Path]:
        folder = self._config_home() / "systemd" / "user"
        return folder / TIMER, folder / SERVICE

    def _autostart_file(self) -> Path:
        return self._config_home() / "autostart" / AUTOSTART_ENTRY

    def _env(self) -> Mapping[str, str]:
        return os.environ if self._environ is None else self._environ

    @staticmethod
    def _remove(paths: Sequence[Path]) -> tuple[Path, ...]:
        removed = []
        for path in paths:
            if path.is_symlink() or path.exists():  # a link whose unit is gone is still ours
                path.unlink()
                removed.append(path)
        return tuple(removed)


def listening_bounds(every: timedelta) -> tuple[timedelta, timedelta]:
    """How long a timer's run listens for clicks, and when systemd stops it regardless: both
    end before the next run is due (an hour at most, as `remind` does by itself)."""
    margin = min(timedelta(minutes=1), every / 4)
    wait = min(timedelta(hours=1), every - 2 * margin)
    return wait, wait + margin


def _service_unit(argv: Sequence[str], timeout: timedelta) -> str:
    program, *arguments = argv
    exec_start = " ".join([_systemd_word(program, program=True), *map(_systemd_word, arguments)])
    return (
        "[Unit]\n"
        "Description=Study Companion: remind of reviews due soon\n\n"
        "[Service]\n"
        "Type=oneshot\n"  # one check per run; the timer starts the next
        f"ExecStart={exec_start}\n"
        # oneshot units have no start timeout by default: a hung run would block every later one
        f"TimeoutStartSec={int(timeout.total_seconds())}s\n"
    )


def _timer_unit(every: timedelta) -> str:
    return (
        "[Unit]\n"
        "Description=Study Companion: check for reviews due soon\n\n"
        "[Timer]\n"
        f"OnCalendar={_on_calendar(every)}\n"
        "Persistent=true\n"  # a run missed while off or asleep happens once at the next start
        f"Unit={SERVICE}\n\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )


def _autostart_entry(argv: Sequence[str]) -> str:
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=Study Companion reminders\n"
        "Comment=Reminds you of reviews due soon while Study Companion is closed\n"
        f"Exec={' '.join(_desktop_exec_word(word) for word in argv)}\n"
        "Icon=study-companion\n"
        "Terminal=false\n"
        "NoDisplay=true\n"  # a background task, not an app for menus
        "X-GNOME-Autostart-enabled=true\n"
    )


def _whole_minutes(every: timedelta) -> int:
    minutes, seconds = divmod(every.total_seconds(), 60)
    if seconds or minutes < 1:
        raise ValueError(f"reminders run every whole number of minutes, not every {every}")
    return int(minutes)


def _on_calendar(every: timedelta) -> str:
    """A calendar event that fires every `every` (so that Persistent=true applies)."""
    minutes = _whole_minutes(every)
    if minutes < 60 and 60 % minutes == 0:
        return f"*-*-* *:00/{minutes}:00"
    hours, rest = divmod(minutes, 60)
    if not rest and 24 % hours == 0:
        return f"*-*-* 00/{hours}:00:00"
    raise ValueError(f"a timer runs at steps that divide an hour or a day, not every {every}")


def _systemd_word(word: str, program: bool = False) -> str:
    """One ExecStart word: quoted when needed, % doubled (specifiers), and $ doubled in the
    arguments (variables); systemd takes the program's path as written, $ and all."""
    _refuse_control_characters(word)
    escaped = word.replace("%", "%%") if program else word.replace("%", "%%").replace("$", "$$")
    if word and all(character.isalnum() or character in "-_./:=+,@" for character in word):
        return escaped
    return '"' + escaped.replace("\\", "\\\\").replace('"', '\\"') + '"'


# The Desktop Entry spec's reserved characters: an argument with any of them is quoted.
_DESKTOP_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")


def _desktop_exec_word(word: str) -> str:
    """One Exec argument, by the Desktop Entry spec: %% for %, quoting, then the string escape
    (which doubles every backslash the quoting made)."""
    _refuse_control_characters(word)
    literal = word.replace("%", "%%")
    if word and not _DESKTOP_RESERVED.intersection(word):
        return literal
    quoted = "".join("\\" + c if c in '"`$\\' else c for c in literal)
    return '"' + quoted.replace("\\", "\\\\") + '"'


def _refuse_control_characters(word: str) -> None:
    # Both files are one line per key: a newline in an argument would end the command there.
    if any(ord(character) < 0x20 for character in word):
        raise ValueError(f"control characters cannot go into the command: {word!r}")


def _write(path: Path, text: str) -> None:
    """Write whole or not at all: a half-written unit would be worse than none."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
