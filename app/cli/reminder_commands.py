"""``study-companion remind``: the review reminders due now, each shown once, then exit; with
``--loop``, a check every N minutes until the session ends (what the login entry runs where
there is no systemd timer).

Each check opens the services, delivers and closes them again, so a loop that runs all day
sees the settings, the schedule and the syllabus as they are at each check, and holds no
database connection in between. The arguments are declared in ``reminder_parsers``.
"""

from __future__ import annotations

import argparse
import json
import signal
import time
from dataclasses import dataclass, field
from types import FrameType
from typing import TYPE_CHECKING, TextIO

from app.cli.common import EXIT_FAILED, EXIT_OK, CommandError, opened_services, print_json
from app.domain.errors import UserFacingError

if TYPE_CHECKING:
    from app.domain.reminder import Reminder

# A login entry passes its own interval; this is for a loop started by hand.
DEFAULT_EVERY_MINUTES = 15.0


@dataclass
class _Check:
    """What one check did: the reminders it showed and those the service refused (why)."""

    delivered: list[Reminder] = field(default_factory=list)
    failed: list[tuple[Reminder, str]] = field(default_factory=list)


class _Stopped(BaseException):
    """SIGTERM: the session is ending (logout, `systemctl stop`); the loop ends quietly.

    A BaseException, as KeyboardInterrupt is: a check interrupted mid-way rolls its
    transaction back on the way out, so nothing half-recorded stays.
    """


def remind(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.every_minutes is not None and not args.loop:
        raise CommandError("--every-minutes goes with --loop")
    if args.loop:
        return _loop(args, out, err)
    done = _check(args, err)  # no notification service: one line, exit 1, nothing recorded
    if args.json:
        print_json(_check_json(done), out)
    else:
        _print_text(done, out, quiet=False)
    return EXIT_FAILED if done.failed else EXIT_OK


def reminder_json(reminder: Reminder) -> dict[str, object]:
    return {
        "week": reminder.week,
        "key": reminder.key,
        "summary": reminder.summary,
        "body": reminder.body,
        "urgency": reminder.urgency.value,
        "due": reminder.due.isoformat(),
    }


def _check(args: argparse.Namespace, err: TextIO) -> _Check:
    done = _Check()

    def refused(reminder: Reminder, reason: str) -> None:
        done.failed.append((reminder, reason))
        err.write(f"study-companion: the week {reminder.week} reminder was not shown: {reason}\n")

    with opened_services(args) as services:
        done.delivered = services.reminders.deliver(args.now, on_failure=refused)
    return done


def _loop(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    pause = (args.every_minutes or DEFAULT_EVERY_MINUTES) * 60
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        while True:
            try:
                done = _check(args, err)
            except (UserFacingError, OSError) as error:
                # At login the notification service may not be up yet, the disk may be busy:
                # said once for this check, and the next one tries again.
                err.write(f"study-companion: {error}\n")
            else:
                if args.json:
                    out.write(json.dumps(_check_json(done), ensure_ascii=False) + "\n")
                else:
                    _print_text(done, out, quiet=True)
            out.flush()  # a journal or a pipe sees each check as it happens
            err.flush()
            time.sleep(pause)
    except (_Stopped, KeyboardInterrupt):
        return EXIT_OK
    finally:
        signal.signal(signal.SIGTERM, previous)


def _stop(_signal: int, _frame: FrameType | None) -> None:
    raise _Stopped


def _check_json(done: _Check) -> dict[str, object]:
    return {
        "delivered": [reminder_json(reminder) for reminder in done.delivered],
        "failed": [reminder_json(reminder) | {"error": why} for reminder, why in done.failed],
    }


def _print_text(done: _Check, out: TextIO, *, quiet: bool) -> None:
    for reminder in done.delivered:
        out.write(f"{reminder.summary}\n  {reminder.body}\n")
    if not done.delivered and not done.failed and not quiet:
        out.write("No review reminder is due now.\n")
