"""Reading positions and progress in the ``reading_progress`` table: sqlite3 reads, ORM writes."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from app.domain.reading_position import FitMode, ReadingPosition
from app.domain.reading_progress import ReadingProgress
from app.store.database import Database


class ProgressStore:
    def __init__(self, database: Database) -> None:
        self._database = database

    def load(self, reading_id: str) -> tuple[ReadingPosition, ReadingProgress] | None:
        with self._database.reading() as connection:
            row = connection.execute(
                "SELECT * FROM reading_progress WHERE reading_id = ?", (reading_id,)
            ).fetchone()
        if row is None:
            return None
        position = ReadingPosition(row["page"], row["offset"], row["zoom"], FitMode(row["fit"]))
        seen = frozenset(int(page) for page in json.loads(row["pages_seen"]))
        return position, ReadingProgress(seen, float(row["seconds_read"]))

    def recent(self, limit: int) -> list[tuple[str, int, ReadingProgress, datetime]]:
        """The readings last read, newest first: id, 0-based page, progress, when saved."""
        with self._database.reading() as connection:
            rows = connection.execute(
                "SELECT reading_id, page, pages_seen, seconds_read, updated_at "
                "FROM reading_progress ORDER BY updated_at DESC, rowid DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [
            (
                row["reading_id"],
                int(row["page"]),
                ReadingProgress(
                    frozenset(int(p) for p in json.loads(row["pages_seen"])),
                    float(row["seconds_read"]),
                ),
                datetime.fromisoformat(row["updated_at"]),
            )
            for row in rows
        ]

    def save(self, reading_id: str, position: ReadingPosition, progress: ReadingProgress) -> None:
        from app.store.models import ReadingProgressRow

        with self._database.sessions.begin() as session:
            row = session.get(ReadingProgressRow, reading_id) or ReadingProgressRow(
                reading_id=reading_id
            )
            row.page, row.offset, row.zoom = position.page, position.offset, position.zoom
            row.fit = position.fit.value
            row.pages_seen = json.dumps(sorted(progress.pages_seen))
            row.seconds_read = progress.seconds_read
            row.updated_at = datetime.now(UTC).isoformat(timespec="seconds")
            session.add(row)
