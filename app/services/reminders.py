"""Review reminders, the use case: what is due now, shown as desktop notifications, each once.

The policy is the domain's (``reminders_due``): the deadlines of the term as the student follows
it, each review's status, the offsets set under ``reminders`` and the keys already given go in.
Each reminder is then claimed and shown in one transaction of the review store: two processes
checking at once (the window's timer, a systemd timer, a login loop) show it once, and one the
notification service did not take leaves no record, so the next check tries it again.

A check with no notification service at all shows and records nothing: the reminders wait for
the next check rather than being marked given (or passed over) unseen.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.domain.deadline import Deadline
from app.domain.reminder import Reminder, ReminderPlan, reminder_key, reminders_due
from app.domain.reminder import Urgency as ReminderUrgency
from app.notify import DefaultAction, Notification, NotificationUnavailable, Notifier, Urgency
from app.services.clock import Clock
from app.services.config import ConfigService
from app.services.course import CourseService
from app.store.review_store import ReviewStore

log = logging.getLogger(__name__)

OPEN_DRAFT = "Open the draft"  # the click's label: the payload names the week to open
NO_SERVICE = (
    "no desktop notification service is running, so no reminder was shown; "
    "they come at the next check once one runs"
)


class ReminderNotifier(Notifier, Protocol):
    """A notifier the service opens for one check and closes after (FreedesktopNotifier is one)."""

    def available(self) -> bool:
        """Is a notification service there to show anything?"""
        ...

    def close(self) -> None: ...


FailureReport = Callable[[Reminder, str], None]


class ReminderService:
    def __init__(
        self,
        store: ReviewStore,
        course: CourseService,
        config: ConfigService,
        notifiers: Callable[[], ReminderNotifier],
        clock: Clock,
        zone: Callable[[], tzinfo] | None = None,
    ) -> None:
        """``notifiers`` opens a notifier for a check; ``zone`` is the student's time zone
        (the local one unless given), in which the reminders say when a review is due."""
        self._store = store
        self._course = course
        self._config = config
        self._notifiers = notifiers
        self._clock = clock
        self._zone = zone or local_zone

    def due_now(self, now: datetime | None = None) -> ReminderPlan:
        """What a check at ``now`` (the clock's moment when None) would show and pass over."""
        moment = now or self._clock.now()
        return self._plan(self._course.deadlines(moment), moment, self._config.reminder_offsets())

    def deliver(
        self, now: datetime | None = None, on_failure: FailureReport | None = None
    ) -> list[Reminder]:
        """Show what is due at ``now`` and record it; returns the reminders this call showed.

        A reminder the notification service refused is not recorded (the next check tries it
        again) and is reported once through ``on_failure`` (logged when None), while the others
        still go. ``NotificationUnavailable`` when no service is there: nothing is recorded.
        """
        moment = now or self._clock.now()
        deadlines, offsets = self._course.deadlines(moment), self._config.reminder_offsets()
        plan = self._plan(deadlines, moment, offsets)
        if not plan.deliver:
            return []
        report = on_failure or _log_failure
        shown: list[Reminder] = []
        settled: set[int] = set()  # weeks whose latest reminder is recorded, here or elsewhere
        notifier = self._notifiers()
        try:
            if not notifier.available():
                raise NotificationUnavailable(NO_SERVICE)
            for reminder in plan.deliver:
                try:
                    if self._store.claim(
                        reminder.key, reminder.week, moment, _show(notifier, reminder)
                    ):
                        shown.append(reminder)
                except NotificationUnavailable as error:
                    report(reminder, str(error))
                    continue
                settled.add(reminder.week)  # shown now, or by another process just before
        finally:
            notifier.close()
        self._pass_over(plan.passed_over, deadlines, offsets, settled, moment)
        return shown

    def _plan(
        self, deadlines: Iterable[Deadline], now: datetime, offsets: tuple[timedelta, ...]
    ) -> ReminderPlan:
        statuses, given = self._store.statuses(), self._store.reminders_given()
        return reminders_due(deadlines, statuses, given, now, self._zone(), offsets)

    def _pass_over(
        self,
        keys: Iterable[str],
        deadlines: Iterable[Deadline],
        offsets: Iterable[timedelta],
        settled: set[int],
        now: datetime,
    ) -> None:
        # Earlier reminders of a review are recorded only once its latest one is: while that
        # one waits for a notification service, the plan must keep finding the earlier ones.
        weeks = {reminder_key(d.week, o, d.due): d.week for d in deadlines for o in offsets}
        passed = [(key, weeks[key]) for key in keys if weeks[key] in settled]
        if not passed:
            return
        self._store.pass_over(passed, now)


def notification_of(reminder: Reminder) -> Notification:
    """The notification a reminder is shown as; a click opens that week's draft."""
    last = reminder.urgency is ReminderUrgency.CRITICAL
    return Notification(
        summary=reminder.summary,
        body=reminder.body,
        urgency=Urgency.CRITICAL if last else Urgency.NORMAL,
        action=DefaultAction(OPEN_DRAFT, payload=str(reminder.week)),
    )


def local_zone() -> tzinfo:
    """The student's time zone, by its IANA name where the system gives one, so each date
    keeps its own daylight saving offset; else the offset in force now."""
    for name in _zone_names():
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):  # a POSIX rule, a path, an unknown name
            continue
    current = datetime.now().astimezone().tzinfo
    assert current is not None  # astimezone() always gives an aware moment
    return current


def _zone_names() -> list[str]:
    configured = os.environ.get("TZ")
    if configured is not None:  # the C library follows TZ when set, whatever /etc says
        written = configured.removeprefix(":")
        return [written, _after_zoneinfo(written)] if written else ["UTC"]
    names = []
    with contextlib.suppress(OSError):  # no link: a copied file, or no /etc/localtime at all
        names.append(_after_zoneinfo(str(Path("/etc/localtime").readlink())))
    with contextlib.suppress(OSError, UnicodeDecodeError):  # Debian's older way
        names.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    return [name for name in names if name]


def _after_zoneinfo(path: str) -> str:
    # /usr/share/zoneinfo/Europe/Berlin -> Europe/Berlin
    return path.split("zoneinfo/", 1)[1] if "zoneinfo/" in path else path


def _show(notifier: Notifier, reminder: Reminder) -> Callable[[], object]:
    return lambda: notifier.notify(notification_of(reminder))


def _log_failure(reminder: Reminder, reason: str) -> None:
    log.warning("the week %s reminder was not shown: %s", reminder.week, reason)
