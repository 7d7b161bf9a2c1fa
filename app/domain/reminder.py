"""Review reminders: which to deliver at a given moment, and how they read.

Pure policy: the deadlines, each review's status, the offsets before a deadline, the keys of
reminders already delivered and the moment go in; the reminders to deliver now come out. The
caller (the window's timer, or the ``remind`` command run by a systemd timer or at login)
delivers them and records their keys, so each arrives once.

Rules:

- A reminder's moment is the deadline minus one of the offsets (48 h, 24 h and 2 h by default).
- Nothing after the deadline, nothing for a submitted review.
- A queued review (sent by the student, waiting for the network) gets only the last reminder:
  the student has written it, so "review due" two days ahead would nag about done work, but two
  hours ahead an unsent review is at risk, and the reminder says it is not sent yet.
- Catch-up: when several moments came while the app was closed, only the latest one is
  delivered; the earlier ones are returned as passed over, to be recorded as if delivered, so
  an old "48 h left" never arrives after a "2 h left".
- A key names the week, the offset and the deadline instant: when the schedule moves (a
  self-paced term) the moved deadline reminds anew.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

from app.domain.deadline import MONTH_NAMES, WEEKDAY_NAMES, countdown
from app.domain.review import ReviewStatus

DEFAULT_OFFSETS = (timedelta(hours=48), timedelta(hours=24), timedelta(hours=2))


class Urgency(StrEnum):
    NORMAL = "normal"
    CRITICAL = "critical"  # the last reminder before the deadline (the smallest offset)


class DueReview(Protocol):
    """A review deadline: ``app.domain.deadline.Deadline`` is one."""

    @property
    def week(self) -> int: ...

    @property
    def title(self) -> str: ...

    @property
    def due(self) -> datetime: ...


@dataclass(frozen=True)
class Reminder:
    key: str  # review:week-8:24h:20220314T2000Z
    week: int
    offset: timedelta
    due: datetime
    summary: str
    body: str
    urgency: Urgency


@dataclass(frozen=True)
class ReminderPlan:
    deliver: tuple[Reminder, ...] = ()
    passed_over: tuple[str, ...] = ()  # keys to record as delivered without showing them


class OffsetError(ValueError):
    """Reminder times the user wrote that cannot be read; the message says how to write them."""


def reminders_due(
    deadlines: Iterable[DueReview],
    statuses: Mapping[int, ReviewStatus],
    delivered: Collection[str],
    now: datetime,
    zone: str | tzinfo,
    offsets: Sequence[timedelta] = DEFAULT_OFFSETS,
) -> ReminderPlan:
    """The reminders to deliver at ``now``, soonest deadline first, due times shown in ``zone``.

    ``statuses`` maps a week to its review's status (a week not in it has not been started);
    ``delivered`` holds the keys delivered or passed over before.
    """
    local = ZoneInfo(zone) if isinstance(zone, str) else zone
    ordered = sorted(set(offsets), reverse=True)
    last = ordered[-1] if ordered else None
    deliver: list[Reminder] = []
    passed_over: list[str] = []
    for deadline in sorted(deadlines, key=lambda d: (d.due.astimezone(UTC), d.week)):
        status = statuses.get(deadline.week, ReviewStatus.NOT_STARTED)
        if status is ReviewStatus.SUBMITTED or _utc(now) >= _utc(deadline.due):
            continue
        candidates = [last] if status is ReviewStatus.QUEUED and last is not None else ordered
        come = [o for o in candidates if _utc(deadline.due) - o <= _utc(now)]
        if not come:
            continue
        latest = min(come)
        if reminder_key(deadline.week, latest, deadline.due) in delivered:
            continue
        urgency = Urgency.CRITICAL if latest == last else Urgency.NORMAL
        queued = status is ReviewStatus.QUEUED
        deliver.append(_reminder(deadline, latest, urgency, queued, now, local))
        earlier = (reminder_key(deadline.week, o, deadline.due) for o in come if o != latest)
        passed_over.extend(key for key in earlier if key not in delivered)
    return ReminderPlan(tuple(deliver), tuple(passed_over))


def reminder_key(week: int, offset: timedelta, due: datetime) -> str:
    """``review:week-8:24h:20220314T2000Z``: stable for one deadline, new when it moves."""
    return f"review:week-{week}:{format_offset(offset)}:{_utc(due):%Y%m%dT%H%MZ}"


def parse_offsets(text: str) -> tuple[timedelta, ...]:
    """``"48h,24h,2h"`` -> the offsets, largest first; ``""``, ``none`` or ``off`` -> none."""
    if text.strip().casefold() in ("", "none", "off"):
        return ()
    seen: dict[timedelta, str] = {}
    for part in text.split(","):
        if not part.strip():
            raise OffsetError(f'"{text.strip()}" has an empty item between its commas')
        offset = parse_offset(part)
        if offset in seen:
            raise OffsetError(f'"{seen[offset]}" and "{part.strip()}" are the same time')
        seen[offset] = part.strip()
    return tuple(sorted(seen, reverse=True))


def parse_offset(text: str) -> timedelta:
    """``"90m"``, ``"2h"``, ``"1d"``, ``"1h30m"`` -> how long before the deadline."""
    written = text.strip()
    shape = r"(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?"
    found = re.fullmatch(shape, written.casefold())
    if not written or found is None or not any(found.groups()):
        raise OffsetError(
            f'"{written}" is not a time before the deadline: write a number and d, h or m, '
            "as in 48h, 90m or 1d"
        )
    days, hours, minutes = (int(group or 0) for group in found.groups())
    offset = timedelta(days=days, hours=hours, minutes=minutes)
    if offset <= timedelta(0):
        raise OffsetError(f'"{written}" is no time before the deadline: give at least 1m')
    return offset


def format_offset(offset: timedelta) -> str:
    """Whole hours as ``48h``, anything else in minutes (``90m``); what parse_offset reads."""
    minutes = int(offset.total_seconds() // 60)
    return f"{minutes // 60}h" if minutes % 60 == 0 else f"{minutes}m"


def format_offsets(offsets: Iterable[timedelta]) -> str:
    """``48h,24h,2h``, or ``none`` for no reminders (parse_offsets reads both back)."""
    return ",".join(format_offset(o) for o in sorted(offsets, reverse=True)) or "none"


def _reminder(
    deadline: DueReview,
    offset: timedelta,
    urgency: Urgency,
    queued: bool,
    now: datetime,
    zone: tzinfo,
) -> Reminder:
    due_here = deadline.due.astimezone(zone)
    left = countdown(deadline.due, now)
    summary = f"Review due {_when(due_here, now.astimezone(zone))}: week {deadline.week}, "
    summary += deadline.title
    body = f"Due {_long_date(due_here)} at {_clock(due_here)} {due_here.tzname()}, {left}."
    if queued:
        body += " Your review is queued but not sent yet: it goes once the app is online."
    key = reminder_key(deadline.week, offset, deadline.due)
    return Reminder(key, deadline.week, offset, deadline.due, summary, body, urgency)


def _when(due: datetime, now: datetime) -> str:
    # Days counted in the user's zone: "tomorrow" is the user's tomorrow, not Berkeley's.
    days = (due.date() - now.date()).days
    if days == 0:
        return f"today at {_clock(due)}"
    if days == 1:
        return f"tomorrow at {_clock(due)}"
    if days < 7:
        return f"{WEEKDAY_NAMES[due.weekday()]} at {_clock(due)}"
    return f"{_long_date(due)} at {_clock(due)}"


def _long_date(moment: datetime) -> str:
    return f"{WEEKDAY_NAMES[moment.weekday()]} {moment.day} {MONTH_NAMES[moment.month - 1]}"


def _clock(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def _utc(moment: datetime) -> datetime:
    # Compared and subtracted in UTC: two values of one ZoneInfo act as wall clocks (DST hour).
    return moment.astimezone(UTC)
