"""Where each reading was left, and how much of it was read (pages seen, time spent)."""

from __future__ import annotations

from datetime import datetime

from app.domain.reading_position import ReadingPosition
from app.domain.reading_progress import ReadingProgress
from app.store.progress_store import ProgressStore


class ReadingProgressService:
    def __init__(self, store: ProgressStore) -> None:
        self._store = store

    def load(self, reading_id: str) -> tuple[ReadingPosition | None, ReadingProgress]:
        """The saved position (None: never opened) and the progress so far."""
        saved = self._store.load(reading_id)
        if saved is None:
            return None, ReadingProgress()
        return saved

    def recent(self, limit: int = 5) -> list[tuple[str, int, ReadingProgress, datetime]]:
        """The readings last read, newest first: id, 0-based page, progress, when."""
        return self._store.recent(limit)

    def save(self, reading_id: str, position: ReadingPosition, progress: ReadingProgress) -> None:
        self._store.save(reading_id, position, progress)
