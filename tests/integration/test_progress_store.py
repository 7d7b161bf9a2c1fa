"""Reading positions and progress survive closing and reopening the data directory.

Saved and loaded through ``AppServices.progress``, the service the window's reading tabs use;
each run is its own ``open_services`` over the same directory, closed before the next opens,
so only what reached the database file can come back.
"""

from __future__ import annotations

from pathlib import Path

from app.domain.reading_position import FitMode, ReadingPosition
from app.domain.reading_progress import ReadingProgress
from app.services.app_services import open_services


def test_a_position_and_progress_come_back_after_a_restart(data_dir: Path) -> None:
    first_run = open_services(data_dir)
    try:
        reading = first_run.course.readings(3)[0].reading
        other = first_run.course.readings(3)[1].reading
        assert first_run.progress.load(reading.id) == (None, ReadingProgress())  # never opened
        early = ReadingPosition(page=2, offset=0.5, zoom=1.0, fit=FitMode.WIDTH)
        first_run.progress.save(reading.id, early, ReadingProgress(frozenset({0, 1, 2}), 60.0))
        where = ReadingPosition(page=7, offset=0.25, zoom=1.5, fit=FitMode.NONE)
        first_run.progress.save(reading.id, where, ReadingProgress(frozenset({0, 1, 2, 7}), 312.5))
    finally:
        first_run.close()

    second_run = open_services(data_dir)
    try:
        position, progress = second_run.progress.load(reading.id)
        untouched = second_run.progress.load(other.id)
    finally:
        second_run.close()
    assert position == where  # the last save, not the first
    assert progress == ReadingProgress(frozenset({0, 1, 2, 7}), 312.5)
    assert progress.share_seen(8) == 4 / 8
    assert untouched == (None, ReadingProgress())  # saved per reading
