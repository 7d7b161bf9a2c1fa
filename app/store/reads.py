"""Queries through sqlite3 that rebuild domain objects from rows (no SQLAlchemy on this path).

The column names here are the ones of models.py; tests round-trip every field through both.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from app.domain.course import (
    Course,
    Instructor,
    Link,
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
from app.store.schema_version import COURSE_ID

_WEEK_LINKS = "SELECT week_id AS owner, label, url FROM week_links ORDER BY position"
_READING_LINKS = "SELECT reading_id AS owner, label, url FROM reading_links ORDER BY position"
_LIVE_WEEKS = "SELECT * FROM weeks WHERE course_id = ? AND archived_at IS NULL ORDER BY number"
# Newest first; writes.apply_sync lists them in the same order (a merge plan names them by index).
_ARCHIVED_WEEKS = (
    "SELECT * FROM weeks WHERE course_id = ? AND archived_at IS NOT NULL"
    " ORDER BY archived_at DESC, id DESC"
)


def has_course(connection: sqlite3.Connection) -> bool:
    row = connection.execute("SELECT 1 FROM courses WHERE id = ?", (COURSE_ID,)).fetchone()
    return row is not None


def syllabus(connection: sqlite3.Connection) -> Syllabus | None:
    """The live syllabus: weeks and readings not archived, in term order."""
    course = connection.execute("SELECT * FROM courses WHERE id = ?", (COURSE_ID,)).fetchone()
    if course is None:
        return None
    weeks = connection.execute(_LIVE_WEEKS, (COURSE_ID,)).fetchall()
    speakers = _grouped(connection, "SELECT * FROM speakers ORDER BY position")
    slides = _grouped(connection, "SELECT * FROM slides ORDER BY position")
    readings = _grouped(
        connection, "SELECT * FROM readings WHERE archived_at IS NULL ORDER BY position"
    )
    week_links = _links(connection, _WEEK_LINKS)
    reading_links = _links(connection, _READING_LINKS)
    instructors = connection.execute(
        "SELECT * FROM instructors WHERE course_id = ? ORDER BY position", (COURSE_ID,)
    ).fetchall()
    return Syllabus(
        Course(
            course["title"],
            course["term"],
            course["timezone"],
            course["site_url"],
            course["source_url"],
            course["meeting"],
            tuple(Instructor(i["name"], i["url"], i["role"]) for i in instructors),
        ),
        tuple(
            _week(
                row,
                speakers.get(row["id"], []),
                slides.get(row["id"], []),
                readings.get(row["id"], []),
                week_links.get(row["id"], ()),
                reading_links,
            )
            for row in weeks
        ),
    )


def archived_weeks(connection: sqlite3.Connection) -> tuple[Week, ...]:
    """The weeks that left the syllabus, with the readings they had, newest first."""
    weeks = connection.execute(_ARCHIVED_WEEKS, (COURSE_ID,)).fetchall()
    if not weeks:
        return ()
    speakers = _grouped(connection, "SELECT * FROM speakers ORDER BY position")
    slides = _grouped(connection, "SELECT * FROM slides ORDER BY position")
    readings = _grouped(connection, "SELECT * FROM readings ORDER BY position")
    return tuple(
        _week(
            row, speakers.get(row["id"], []), slides.get(row["id"], []), readings.get(row["id"], [])
        )
        for row in weeks
    )


def listed_readings(connection: sqlite3.Connection, week: int | None) -> list[ListedReading]:
    """Every reading, archived ones too, in term order (archived last within a week)."""
    query = (
        "SELECT readings.*, weeks.number AS week_number FROM readings "
        "JOIN weeks ON readings.week_id = weeks.id"
    )
    parameters: tuple[int, ...] = ()
    if week is not None:  # an archived week keeps its old number; week N means the live one
        query += " WHERE weeks.number = ? AND weeks.archived_at IS NULL"
        parameters = (week,)
    query += (
        " ORDER BY weeks.number, readings.archived_at IS NOT NULL,"
        " readings.required DESC, readings.position"
    )
    links = _links(connection, _READING_LINKS)
    return [
        ListedReading(
            row["week_number"],
            _reading(row, links.get(row["id"], ())),
            archived=row["archived_at"] is not None,
        )
        for row in connection.execute(query, parameters)
    ]


def sync_record(connection: sqlite3.Connection) -> SyncRecord | None:
    row = connection.execute(
        "SELECT * FROM sync_state WHERE course_id = ?", (COURSE_ID,)
    ).fetchone()
    if row is None:
        return None
    return SyncRecord(
        source=row["source"],
        origin=Origin(row["origin"]),
        synced_at=datetime.fromisoformat(row["synced_at"]),
        etag=row["etag"],
        last_modified=row["last_modified"],
        content_sha256=row["content_sha256"],
    )


def _grouped(connection: sqlite3.Connection, query: str) -> dict[int, list[sqlite3.Row]]:
    grouped: dict[int, list[sqlite3.Row]] = {}
    for row in connection.execute(query):
        grouped.setdefault(row["week_id"], []).append(row)
    return grouped


def _links(connection: sqlite3.Connection, query: str) -> dict[object, tuple[Link, ...]]:
    """Links by their week's or reading's id (``owner`` in ``query``), in page order."""
    grouped: dict[object, list[Link]] = {}
    for row in connection.execute(query):
        grouped.setdefault(row["owner"], []).append(Link(row["label"], row["url"]))
    return {key: tuple(links) for key, links in grouped.items()}


def _week(
    row: sqlite3.Row,
    speakers: list[sqlite3.Row],
    slides: list[sqlite3.Row],
    readings: list[sqlite3.Row],
    links: tuple[Link, ...] = (),
    reading_links: dict[object, tuple[Link, ...]] | None = None,
) -> Week:
    review = None
    if row["review_form_url"]:
        due = datetime.fromisoformat(row["review_due"]) if row["review_due"] else None
        review = ReviewForm(row["review_form_url"], due, row["review_label"] or "Review form")
    return Week(
        number=row["number"],
        date=date.fromisoformat(row["date"]) if row["date"] else None,
        title=row["title"],
        kind=WeekKind(row["kind"]),
        speakers=tuple(Speaker(s["name"], s["affiliation"], s["url"]) for s in speakers),
        review=review,
        slides=tuple(Slide(s["label"], s["url"]) for s in slides),
        readings=tuple(_reading(r, (reading_links or {}).get(r["id"], ())) for r in readings),
        description=row["description"],
        links=links,
    )


def _reading(row: sqlite3.Row, extra_links: tuple[Link, ...] = ()) -> Reading:
    return Reading(
        row["id"],
        row["title"],
        row["url"],
        bool(row["required"]),
        row["venue"],
        row["note"],
        extra_links,
    )
