"""Reading positions and progress survive closing and reopening the data directory."""

from __future__ import annotations

from pathlib import Path

from app.domain.reading_position import FitMode, ReadingPosition
from app.domain.reading_progress import ReadingProgress
from app.services.app_services import open_services
from app.store.progress_store import ProgressStore


def test_a_position_and_progress_come_back_after_a_restart(data_dir: Path) -> None:
    services = open_services(data_dir)
    reading = services.course.readings(3)[0].reading
    store = ProgressStore(services.database)
    assert store.load(reading.id) is None  # never opened

    where = ReadingPosition(page=7, offset=0.25, zoom=1.5, fit=FitMode.NONE)
    store.save(reading.id, where, ReadingProgress(frozenset({0, 1, 2, 7}), 312.5))
    services.close()

    reopened = open_services(data_dir)
    try:
        loaded = ProgressStore(reopened.database).load(reading.id)
    finally:
        reopened.close()
    assert loaded is not None
    position, progress = loaded
    assert position == where
    assert progress.pages_seen == {0, 1, 2, 7} and progress.seconds_read == 312.5
    assert progress.share_seen(8) == 0.5
