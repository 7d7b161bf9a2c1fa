"""Course queries: the term, its readings and the review deadlines, as the student follows them.

A self-paced student moves the schedule (``schedule.start``, a Monday): every read of the term
that shows dates (the window's week list, ``weeks``, ``due``, the reminders, the calendar) goes
through ``syllabus()`` here, which applies the move. ``course_syllabus()`` is the course page's
own, for showing what a date was before the move.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

from app.domain.course import ListedReading, Reading, Syllabus, Week
from app.domain.deadline import Deadline, schedule
from app.domain.errors import UserFacingError
from app.domain.provenance import Origin, SyncRecord
from app.domain.schedule import ScheduleError, follow, shift_days, week_dates
from app.resources import embedded_syllabus_path
from app.store.course_store import CourseStore
from app.store.settings_store import SettingsStore

log = logging.getLogger(__name__)

SCHEDULE_START_KEY = "schedule.start"  # ISO date of the Monday week 1 moves to; None: as given


class ScheduleStartError(UserFacingError):
    """A start the schedule cannot follow from; str() says why in one line."""


class CourseService:
    def __init__(self, store: CourseStore, settings: SettingsStore) -> None:
        self._store = store
        self._settings = settings

    def ensure_syllabus(self, now: datetime) -> None:
        """First start: import the embedded syllabus.json, so the app works with no network."""
        if not self._store.is_empty():
            return
        from app.syllabus import json_format

        path = embedded_syllabus_path()
        log.info("first start: importing the embedded syllabus from %s", path)
        syllabus = json_format.load(path)
        from app.domain.changes import plan_merge

        empty = Syllabus(syllabus.course, ())
        record = SyncRecord(source=str(path), origin=Origin.EMBEDDED, synced_at=now)
        self._store.apply_sync(syllabus, plan_merge(empty, syllabus), record)

    def course_syllabus(self) -> Syllabus:
        """The term as the course page gives it, whatever the student follows."""
        syllabus = self._store.syllabus()
        if syllabus is None:
            raise LookupError("no syllabus stored yet")
        return syllabus

    def syllabus(self) -> Syllabus:
        """The term as the student follows it: moved to their start when they chose one."""
        return follow(self.course_syllabus(), self.schedule_start())

    def schedule_start(self) -> date | None:
        """The Monday the student's week 1 falls in; None when they follow the course's dates."""
        stored = self._settings.get(SCHEDULE_START_KEY)
        return date.fromisoformat(stored) if stored else None

    def follow_from(self, start: date | None) -> Syllabus:
        """Follow the term from the week of ``start`` (a Monday), or the course's dates (None).

        Refused in one line, and nothing stored, when ``start`` is no Monday.
        """
        if start is not None:
            try:
                shift_days(week_dates(self.course_syllabus()), start)
            except ScheduleError as error:
                raise ScheduleStartError(str(error)) from None
        self._settings.set(SCHEDULE_START_KEY, start.isoformat() if start else None)
        return self.syllabus()

    def readings(self, week: int | None = None) -> list[ListedReading]:
        return self._store.readings(week)

    def archived_readings(self) -> dict[int, list[Reading]]:
        """Readings that left the syllabus while their week stayed on it, by week number.

        An archived week keeps its old number, which a live week may now use: its readings
        are left out, so they never show under a week they did not belong to."""
        gone_with_week = {r.id for w in self._store.archived_weeks() for r in w.readings}
        by_week: dict[int, list[Reading]] = {}
        for listed in self._store.readings():
            if listed.archived and listed.reading.id not in gone_with_week:
                by_week.setdefault(listed.week, []).append(listed.reading)
        return by_week

    def sync_record(self) -> SyncRecord | None:
        return self._store.sync_record()

    def deadlines(self, now: datetime, syllabus: Syllabus | None = None) -> list[Deadline]:
        """Every review deadline of the term as followed (``syllabus``: read already), soonest
        first."""
        return schedule(
            (
                (w.number, w.title, w.review.due, w.review.form_url)
                for w in (syllabus if syllabus is not None else self.syllabus()).weeks
                if w.review is not None and w.review.due is not None
            ),
            now,
        )


# The front doors print the term in syllabus.json's shape; the format is the syllabus adapter's.


def syllabus_json_text(syllabus: Syllabus) -> str:
    """The whole syllabus as the text of a ``syllabus.json``."""
    from app.syllabus import json_format

    return json_format.dumps(syllabus)


def week_json(week: Week) -> dict[str, Any]:
    from app.syllabus import json_format

    return json_format.week_to_json(week)


def reading_json(reading: Reading) -> dict[str, Any]:
    from app.syllabus import json_format

    return json_format.reading_to_json(reading)
