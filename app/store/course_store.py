"""The course in the database: domain objects in, domain objects out, never live ORM objects.

Reads use plain sqlite3 (reads.py) so that start-up does not load SQLAlchemy; writes go through
the ORM (writes.py), loaded on the first write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.domain.course import ListedReading, Syllabus, Week
from app.domain.provenance import SyncRecord
from app.store import reads
from app.store.database import Database

if TYPE_CHECKING:
    from app.domain.changes import MergePlan


class CourseStore:
    def __init__(self, database: Database) -> None:
        self._database = database

    def is_empty(self) -> bool:
        with self._database.reading() as connection:
            return not reads.has_course(connection)

    def syllabus(self) -> Syllabus | None:
        with self._database.reading() as connection:
            return reads.syllabus(connection)

    def archived_weeks(self) -> tuple[Week, ...]:
        """The weeks that left the syllabus, newest first (the order a merge plan names them in)."""
        with self._database.reading() as connection:
            return reads.archived_weeks(connection)

    def readings(self, week: int | None = None) -> list[ListedReading]:
        with self._database.reading() as connection:
            return reads.listed_readings(connection, week)

    def sync_record(self) -> SyncRecord | None:
        with self._database.reading() as connection:
            return reads.sync_record(connection)

    def record_check(self, record: SyncRecord) -> None:
        """An unchanged source: only the sync state moves."""
        from app.store import writes

        writes.record_check(self._database.sessions, record)

    def apply_sync(self, new: Syllabus, plan: MergePlan, record: SyncRecord) -> None:
        """Write the new syllabus over the stored one as the plan pairs them, in one transaction."""
        from app.store import writes

        writes.apply_sync(self._database.sessions, new, plan, record)
