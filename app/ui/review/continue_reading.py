""" "Continue reading": the papers the student read last, at the top of the Due view.

Built from what the reader already stores (``reading_progress``: the page, pages seen, time
spent, when it was saved) and the library (the file, its page count); only readings whose PDF
is still there are offered, since a row opens the reader at the page it was left on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from app.services.reading_progress import ReadingProgressService

LIMIT = 5


@dataclass(frozen=True)
class RecentReading:
    reading_id: str
    title: str
    page: int  # 1-based, as the student reads page numbers
    pages: int | None  # the PDF's page count, when the library knows it
    seconds_read: float
    last_read: datetime


def minutes_text(seconds: float) -> str:
    """``25 min``, ``1 h 5 min``, ``under a minute``."""
    minutes = int(seconds // 60)
    if minutes < 1:
        return "under a minute"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


def progress_text(reading: RecentReading) -> str:
    """``page 12 of 30 · 25 min``."""
    of = f" of {reading.pages}" if reading.pages else ""
    return f"page {reading.page}{of} · {minutes_text(reading.seconds_read)}"


def recent_readings(
    progress: ReadingProgressService,
    openable: Callable[[str], tuple[str, str] | None],
    page_count: Callable[[str], int | None],
    limit: int = LIMIT,
) -> list[RecentReading]:
    """Up to ``limit`` readings, newest first, whose file can be opened; ``openable`` gives a
    reading's title and path (the library controller's), ``page_count`` its PDF's pages."""
    found: list[RecentReading] = []
    # Read a few more than shown: a reading whose file went away is skipped, not a gap.
    for reading_id, page, done, when in progress.recent(limit * 2):
        opened = openable(reading_id)
        if opened is None:
            continue
        found.append(
            RecentReading(
                reading_id, opened[0], page + 1, page_count(reading_id), done.seconds_read, when
            )
        )
        if len(found) == limit:
            break
    return found
