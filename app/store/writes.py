"""Writes through the SQLAlchemy models: a whole sync merge in one transaction.

Weeks and readings that leave the syllabus are archived (``archived_at``), never deleted.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.domain.changes import MergePlan
from app.domain.course import Course, Reading, Syllabus, Week
from app.domain.provenance import SyncRecord
from app.store.models import (
    CourseRow,
    InstructorRow,
    ReadingLinkRow,
    ReadingRow,
    SlideRow,
    SpeakerRow,
    SyncStateRow,
    WeekLinkRow,
    WeekRow,
)
from app.store.schema_version import COURSE_ID


def record_check(sessions: sessionmaker[Session], record: SyncRecord) -> None:
    """An unchanged source: only the sync state moves."""
    with sessions.begin() as session:
        _save_record(session, record)


def apply_sync(
    sessions: sessionmaker[Session], new: Syllabus, plan: MergePlan, record: SyncRecord
) -> None:
    """Write the new syllabus over the stored one as the plan pairs them, in one transaction."""
    now = _utc_now()
    with sessions.begin() as session:
        _save_course(session, new.course)
        old_rows = _active_weeks(session)
        gone_rows = _archived_weeks(session) if plan.revived_weeks else []
        week_rows: dict[int, WeekRow] = {}
        for old_index, new_index in plan.week_pairs:
            if new_index is None:
                if old_index is not None:
                    old_rows[old_index].archived_at = now
                continue
            if old_index is not None:
                week_row = old_rows[old_index]
            elif new_index in plan.revived_weeks:  # a week back: its row, with what hangs off it
                week_row = gone_rows[plan.revived_weeks[new_index]]
                week_row.archived_at = None
            else:
                week_row = WeekRow(course_id=COURSE_ID)
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


def _archived_weeks(session: Session) -> list[WeekRow]:
    query = (
        select(WeekRow)
        .where(WeekRow.course_id == COURSE_ID, WeekRow.archived_at.is_not(None))
        .order_by(WeekRow.archived_at.desc(), WeekRow.id.desc())  # as reads.archived_weeks
    )
    return list(session.scalars(query))


def _save_course(session: Session, course: Course) -> None:
    row = session.get(CourseRow, COURSE_ID) or CourseRow(id=COURSE_ID)
    row.title, row.term, row.timezone = course.title, course.term, course.timezone
    row.site_url, row.source_url, row.meeting = course.site_url, course.source_url, course.meeting
    row.instructors = [
        InstructorRow(position=i, name=person.name, url=person.url, role=person.role)
        for i, person in enumerate(course.instructors)
    ]
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
    row.links = [
        WeekLinkRow(position=i, label=x.label, url=x.url) for i, x in enumerate(week.links)
    ]


def _fill_reading(row: ReadingRow, reading: Reading, week_id: int, position: int) -> None:
    row.week_id, row.position = week_id, position
    row.title, row.venue, row.url = reading.title, reading.venue, reading.url
    row.required, row.note = reading.required, reading.note
    row.extra_links = [
        ReadingLinkRow(position=i, label=x.label, url=x.url)
        for i, x in enumerate(reading.extra_links)
    ]
    row.archived_at = None  # a reading that comes back to the syllabus is live again


def _save_record(session: Session, record: SyncRecord) -> None:
    row = session.get(SyncStateRow, COURSE_ID) or SyncStateRow(course_id=COURSE_ID)
    row.source, row.origin = record.source, str(record.origin)
    row.synced_at = record.synced_at.isoformat(timespec="seconds")
    row.etag, row.last_modified = record.etag, record.last_modified
    row.content_sha256 = record.content_sha256
    session.add(row)
