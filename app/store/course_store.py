"""Reading and writing the course: the syllabus as domain objects in, domain objects out.

One short session per call; nothing returned is a live ORM object. ``apply_sync`` writes a
whole merge in one transaction, so a failed sync leaves the store as it was.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.domain.changes import MergePlan
from app.domain.course import (
    Course,
    ListedReading,
    Reading,
    ReviewForm,
    Slide,
    Speaker,
    Syllabus,
    Week,
    WeekKind,
)
from app.domain.provenance import Origin, SyncRecord
from app.store.models import CourseRow, ReadingRow, SlideRow, SpeakerRow, SyncStateRow, WeekRow

COURSE_ID = 1  # one course per data directory for now; the schema is ready for more


class CourseStore:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # -- reading -----------------------------------------------------------------------------

    def is_empty(self) -> bool:
        with self._sessions() as session:
            return session.get(CourseRow, COURSE_ID) is None

    def syllabus(self) -> Syllabus | None:
        """The current syllabus: weeks and readings not archived, in term order."""
        with self._sessions() as session:
            course = session.get(CourseRow, COURSE_ID)
            if course is None:
                return None
            rows = _active_weeks(session)
            readings = _active_readings_by_week(session)
            weeks = tuple(_week(row, readings.get(row.id, [])) for row in rows)
            return Syllabus(_course(course), weeks)

    def readings(self, week: int | None = None) -> list[ListedReading]:
        """Every reading, archived ones too, in term order (archived last within a week)."""
        with self._sessions() as session:
            query = (
                select(ReadingRow, WeekRow.number)
                .join(WeekRow, ReadingRow.week_id == WeekRow.id)
                .order_by(
                    WeekRow.number,
                    ReadingRow.archived_at.is_not(None),
                    ReadingRow.required.desc(),
                    ReadingRow.position,
                )
            )
            if week is not None:
                # an archived week keeps its old number; week N means the live week N
                query = query.where(WeekRow.number == week, WeekRow.archived_at.is_(None))
            return [
                ListedReading(number, _reading(row), archived=row.archived_at is not None)
                for row, number in session.execute(query)
            ]

    def sync_record(self) -> SyncRecord | None:
        with self._sessions() as session:
            row = session.get(SyncStateRow, COURSE_ID)
            if row is None:
                return None
            return SyncRecord(
                source=row.source,
                origin=Origin(row.origin),
                synced_at=datetime.fromisoformat(row.synced_at),
                etag=row.etag,
                last_modified=row.last_modified,
                content_sha256=row.content_sha256,
            )

    # -- writing -----------------------------------------------------------------------------

    def record_check(self, record: SyncRecord) -> None:
        """An unchanged source: only the sync state moves."""
        with self._sessions.begin() as session:
            _save_record(session, record)

    def apply_sync(self, new: Syllabus, plan: MergePlan, record: SyncRecord) -> None:
        """Write the new syllabus over the stored one as the plan pairs them, in one transaction."""
        now = _utc_now()
        with self._sessions.begin() as session:
            _save_course(session, new.course)
            old_rows = _active_weeks(session)
            week_rows: dict[int, WeekRow] = {}
            for old_index, new_index in plan.week_pairs:
                if new_index is None:
                    if old_index is not None:
                        old_rows[old_index].archived_at = now
                    continue
                week_row = (
                    old_rows[old_index] if old_index is not None else WeekRow(course_id=COURSE_ID)
                )
                _fill_week(week_row, new.weeks[new_index])
                session.add(week_row)
                week_rows[new_index] = week_row
            session.flush()

            present: set[str] = set()
            for index, week in enumerate(new.weeks):
                for position, reading in enumerate(week.readings):
                    stored_id = plan.kept_ids.get(reading.id, reading.id)
                    present.add(stored_id)
                    row = session.get(ReadingRow, stored_id) or ReadingRow(id=stored_id)
                    _fill_reading(row, reading, week_rows[index].id, position)
                    session.add(row)
            for row in session.scalars(select(ReadingRow).where(ReadingRow.archived_at.is_(None))):
                if row.id not in present:
                    row.archived_at = now
            _save_record(session, record)


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _active_weeks(session: Session) -> list[WeekRow]:
    query = (
        select(WeekRow)
        .where(WeekRow.course_id == COURSE_ID, WeekRow.archived_at.is_(None))
        .order_by(WeekRow.number)
    )
    return list(session.scalars(query))


def _active_readings_by_week(session: Session) -> dict[int, list[ReadingRow]]:
    query = select(ReadingRow).where(ReadingRow.archived_at.is_(None)).order_by(ReadingRow.position)
    grouped: dict[int, list[ReadingRow]] = {}
    for row in session.scalars(query):
        grouped.setdefault(row.week_id, []).append(row)
    return grouped


def _course(row: CourseRow) -> Course:
    return Course(row.title, row.term, row.timezone, row.site_url, row.source_url, row.meeting)


def _week(row: WeekRow, readings: list[ReadingRow]) -> Week:
    review = None
    if row.review_form_url:
        due = datetime.fromisoformat(row.review_due) if row.review_due else None
        review = ReviewForm(row.review_form_url, due, row.review_label or "Review form")
    return Week(
        number=row.number,
        date=row.date,
        title=row.title,
        kind=WeekKind(row.kind),
        speakers=tuple(Speaker(s.name, s.affiliation, s.url) for s in row.speakers),
        review=review,
        slides=tuple(Slide(s.label, s.url) for s in row.slides),
        readings=tuple(_reading(r) for r in readings),
        description=row.description,
    )


def _reading(row: ReadingRow) -> Reading:
    return Reading(row.id, row.title, row.url, row.required, row.venue, row.note)


def _save_course(session: Session, course: Course) -> None:
    row = session.get(CourseRow, COURSE_ID) or CourseRow(id=COURSE_ID)
    row.title, row.term, row.timezone = course.title, course.term, course.timezone
    row.site_url, row.source_url, row.meeting = course.site_url, course.source_url, course.meeting
    session.add(row)


def _fill_week(row: WeekRow, week: Week) -> None:
    row.number, row.date, row.title, row.kind = week.number, week.date, week.title, str(week.kind)
    row.description = week.description
    review = week.review
    row.review_form_url = review.form_url if review else None
    row.review_label = review.label if review else None
    row.review_due = review.due.isoformat() if review and review.due else None
    row.speakers = [
        SpeakerRow(position=i, name=s.name, affiliation=s.affiliation, url=s.url)
        for i, s in enumerate(week.speakers)
    ]
    row.slides = [SlideRow(position=i, label=s.label, url=s.url) for i, s in enumerate(week.slides)]


def _fill_reading(row: ReadingRow, reading: Reading, week_id: int, position: int) -> None:
    row.week_id, row.position = week_id, position
    row.title, row.venue, row.url = reading.title, reading.venue, reading.url
    row.required, row.note = reading.required, reading.note
    row.archived_at = None  # a reading that comes back to the syllabus is live again


def _save_record(session: Session, record: SyncRecord) -> None:
    row = session.get(SyncStateRow, COURSE_ID) or SyncStateRow(course_id=COURSE_ID)
    row.source, row.origin = record.source, str(record.origin)
    row.synced_at = record.synced_at.isoformat(timespec="seconds")
    row.etag, row.last_modified = record.etag, record.last_modified
    row.content_sha256 = record.content_sha256
    session.add(row)
