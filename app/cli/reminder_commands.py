"""``study-companion remind``: the review reminders due now, each shown once; then it listens
to them (at most ``--wait-minutes``, until each is clicked, closed or expired) so that a click
opens that week's draft, and exits (``--no-wait``: at once). With ``--loop``, a check every N
minutes until the session ends (what the login entry runs where there is no systemd timer),
each check's reminders listened to beside the loop.

Each check opens the services, delivers and closes them again, so a loop that runs all day
sees the settings, the schedule and the syllabus as they are at each check, and holds no
database connection in between. The arguments are declared in ``reminder_parsers``.
"""

from __future__ import annotations

import argparse
import json
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, TextIO

from app.cli.common import EXIT_FAILED, EXIT_OK, CommandError, opened_services, print_json
from app.domain.errors import UserFacingError

if TYPE_CHECKING:
    from app.domain.reminder import Reminder
    from app.notify.clicks import HeldNotifier
    from app.services.app_services import AppServices

# A login entry passes its own interval; this is for a loop started by hand.
DEFAULT_EVERY_MINUTES = 15.0


@dataclass
class _Check:
    """What one check did: the reminders it showed and those the service refused (why)."""

    delivered: list[Reminder] = field(default_factory=list)
    failed: list[tuple[Reminder, str]] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)  # the notifications' ids, to listen to
    data_dir: Path = Path()


class _Stopped(BaseException):
    """SIGTERM: the session is ending (logout, `systemctl stop`); the loop ends quietly.

    A BaseException, as KeyboardInterrupt is: a check interrupted mid-way rolls its
    transaction back on the way out, so nothing half-recorded stays.
    """


def remind(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.every_minutes is not None and not args.loop:
        raise CommandError("--every-minutes goes with --loop")
    if args.loop and args.no_wait:
        raise CommandError("--no-wait does not go with --loop: the loop stays to hear clicks")
    notifier = _desktop_notifier()
    try:
        if args.loop:
            return _loop(args, out, err, notifier)
        # No notification service: one line, exit 1, nothing recorded.
        done = _check(args, err, notifier)
        if args.json:
            print_json(_check_json(done), out)
        else:
            _print_text(done, out, quiet=False)
        out.flush()  # what a script reads comes before the wait
        err.flush()
        code = EXIT_FAILED if done.failed else EXIT_OK
        if done.sent and not args.no_wait:
            previous = signal.signal(signal.SIGTERM, _stop)  # the session ends: so do we
            try:
                _listen(notifier, done, args.wait_minutes * 60, out, err, quiet=args.json)
            except (_Stopped, KeyboardInterrupt):
                pass
            finally:
                signal.signal(signal.SIGTERM, previous)
        return code
    finally:
        notifier.close()


def reminder_json(reminder: Reminder) -> dict[str, object]:
    return {
        "week": reminder.week,
        "key": reminder.key,
        "summary": reminder.summary,
        "body": reminder.body,
        "urgency": reminder.urgency.value,
        "due": reminder.due.isoformat(),
    }


def _desktop_notifier() -> HeldNotifier:
    from app.notify import FreedesktopNotifier

    return FreedesktopNotifier()


def _check(args: argparse.Namespace, err: TextIO, notifier: HeldNotifier) -> _Check:
    from app.notify.clicks import KeptOpen

    done = _Check()
    kept = KeptOpen(notifier)  # the service closes its notifier; the clicks need it open

    def refused(reminder: Reminder, reason: str) -> None:
        done.failed.append((reminder, reason))
        err.write(f"study-companion: the week {reminder.week} reminder was not shown: {reason}\n")

    with opened_services(args) as services:
        done.data_dir = services.data_dir
        reminders = services.reminders_through(lambda: kept)
        done.delivered = reminders.deliver(args.now, on_failure=refused)
        _back_up_daily(services, err)
    done.sent = kept.sent
    return done


def _back_up_daily(services: AppServices, err: TextIO) -> None:
    """The day's copy of the database, after the reminders: the background check is the
    one start of the app on a day the window is not opened."""
    try:
        services.backups.daily_if_due()
    except (OSError, UserFacingError) as error:  # said, but the reminders were the job
        err.write(f"study-companion: the daily backup failed: {error}\n")


def _listen(
    notifier: HeldNotifier, done: _Check, limit_s: float, out: TextIO, err: TextIO, *, quiet: bool
) -> None:
    """Until each reminder of this check is clicked or closed, or ``limit_s`` passed; a click
    opens that week's draft (said on ``out`` unless ``quiet``: JSON output stays JSON)."""
    from app.notify.clicks import listen_for_clicks, open_draft
    from app.services.config import running_command

    app_command = [*running_command(), "--data-dir", str(done.data_dir)]

    def clicked(week: int) -> None:
        try:
            opened = open_draft(done.data_dir, week, app_command)
        except OSError as error:
            err.write(f"study-companion: the week {week} draft could not be opened: {error}\n")
            err.flush()
            return
        if not quiet:
            out.write(f"Week {week}: the draft opens {opened.value}.\n")
            out.flush()

    listen_for_clicks(notifier, done.sent, limit_s, clicked)


def _loop(args: argparse.Namespace, out: TextIO, err: TextIO, notifier: HeldNotifier) -> int:
    pause = (args.every_minutes or DEFAULT_EVERY_MINUTES) * 60
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        while True:
            try:
                done = _check(args, err, notifier)
            except (UserFacingError, OSError) as error:
                # At login the notification service may not be up yet, the disk may be busy:
                # said once for this check, and the next one tries again.
                err.write(f"study-companion: {error}\n")
            else:
                if args.json:
                    out.write(json.dumps(_check_json(done), ensure_ascii=False) + "\n")
                else:
                    _print_text(done, out, quiet=True)
                if done.sent:  # heard beside the loop, on the connection the loop keeps
                    listening = (notifier, done, args.wait_minutes * 60, out, err)
                    threading.Thread(
                        target=_listen, args=listening, kwargs={"quiet": args.json}, daemon=True
                    ).start()
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
