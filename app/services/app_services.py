"""Builds the services over one data directory: the composition of store, network and clock."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.net.http import make_session
from app.secrets import KeyringCredentials
from app.services.clock import Clock, SystemClock
from app.services.course import CourseService
from app.services.library import LibraryService
from app.services.sync import SyncService
from app.store.course_store import CourseStore
from app.store.database import Database
from app.store.library_store import LibraryStore
from app.store.paths import data_dir as resolve_data_dir
from app.store.schema_version import DATABASE_NAME

if TYPE_CHECKING:
    from app.net.reading_fetcher import ReadingFetcher


@dataclass
class AppServices:
    data_dir: Path
    database: Database
    course: CourseService
    sync: SyncService
    library: LibraryService
    clock: Clock

    def close(self) -> None:
        self.database.close()


def open_services(data_dir: str | Path | None = None, clock: Clock | None = None) -> AppServices:
    """Open (creating and migrating if needed) the store and load the embedded syllabus once."""
    directory = resolve_data_dir(data_dir)
    directory.mkdir(parents=True, exist_ok=True)
    database = Database(directory / DATABASE_NAME)
    database.migrate()
    store = CourseStore(database)
    clock = clock or SystemClock()
    course = CourseService(store)
    course.ensure_syllabus(clock.now())
    library = LibraryService(
        store,
        LibraryStore(database),
        directory / "library",
        _reading_fetcher,
        clock,
        KeyringCredentials(),
    )
    sync = SyncService(store, make_session, clock)
    return AppServices(directory, database, course, sync, library, clock)


def _reading_fetcher() -> ReadingFetcher:
    """Built on the first download: requests and PyMuPDF stay off the start-up path."""
    from app.net.downloader import Downloader
    from app.net.reading_fetcher import ReadingFetcher
    from app.pdf.validate import count_pages

    return ReadingFetcher(Downloader(count_pages))
