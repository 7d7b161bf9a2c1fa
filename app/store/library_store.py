"""Each reading's file state in the ``library`` table: sqlite3 reads, ORM writes.

A reading with no row is simply not fetched yet. Rows outlive archiving: the file is the
student's even after the reading left the syllabus.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from app.domain.library import FailureKind, FetchState, LibraryEntry
from app.store.database import Database


class LibraryStore:
    def __init__(self, database: Database) -> None:
        self._database = database

    def entries(self) -> dict[str, LibraryEntry]:
        with self._database.reading() as connection:
            rows = connection.execute("SELECT * FROM library").fetchall()
        return {row["reading_id"]: _entry(row) for row in rows}

    def entry(self, reading_id: str) -> LibraryEntry:
        with self._database.reading() as connection:
            row = connection.execute(
                "SELECT * FROM library WHERE reading_id = ?", (reading_id,)
            ).fetchone()
        return _entry(row) if row else LibraryEntry(reading_id, FetchState.NOT_FETCHED)

    def save(self, entry: LibraryEntry) -> None:
        from app.store.models import LibraryRow

        with self._database.sessions.begin() as session:
            row = session.get(LibraryRow, entry.reading_id) or LibraryRow(
                reading_id=entry.reading_id
            )
            row.state = entry.state.value
            row.path, row.bytes, row.total_bytes = entry.path, entry.bytes, entry.total_bytes
            row.pages, row.sha256 = entry.pages, entry.sha256
            row.fetched_at = entry.fetched_at.isoformat() if entry.fetched_at else None
            row.error = entry.error
            row.error_kind = entry.error_kind.value if entry.error_kind else None
            row.source_url, row.link = entry.source_url, entry.link
            session.add(row)


def _entry(row: sqlite3.Row) -> LibraryEntry:
    get = row.__getitem__
    return LibraryEntry(
        reading_id=get("reading_id"),
        state=FetchState(get("state")),
        path=get("path"),
        bytes=get("bytes"),
        total_bytes=get("total_bytes"),
        pages=get("pages"),
        sha256=get("sha256"),
        fetched_at=datetime.fromisoformat(get("fetched_at")) if get("fetched_at") else None,
        error=get("error"),
        error_kind=FailureKind(get("error_kind")) if get("error_kind") else None,
        source_url=get("source_url"),
        link=get("link"),
    )
