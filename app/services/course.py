"""Course queries: the term, its readings and the review deadlines."""

from __future__ import annotations

import logging
from datetime import datetime

from app.domain.course import ListedReading, Syllabus
from app.domain.deadline import Deadline, schedule
from app.domain.provenance import Origin, SyncRecord
from app.resources import embedded_syllabus_path
from app.store.course_store import CourseStore

log = logging.getLogger(__name__)


class CourseService:
    def __init__(self, store: CourseStore) -> None:
        self._store = store

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

    def syllabus(self) -> Syllabus:
        syllabus = self._store.syllabus()
        if syllabus is None:
            raise LookupError("no syllabus stored yet")
        return syllabus

    def readings(self, week: int | None = None) -> list[ListedReading]:
        return self._store.readings(week)

    def sync_record(self) -> SyncRecord | None:
        return self._store.sync_record()

    def deadlines(self, now: datetime) -> list[Deadline]:
        """Every review deadline, soonest first."""
        return schedule(
            (
                (w.number, w.title, w.review.due, w.review.form_url)
                for w in self.syllabus().weeks
                if w.review is not None and w.review.due is not None
            ),
            now,
        )
