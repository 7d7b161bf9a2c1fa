"""Builds the services over one data directory: the composition of store, network and clock.

Sync and the library are built on first use: a command that only reads the term (``due``,
``weeks``) or a window that has just opened does not pay for their imports.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from app.services.clock import Clock, SystemClock
from app.services.course import CourseService
from app.store.course_store import CourseStore
from app.store.damaged_database import DamagedDatabaseError
from app.store.database import Database
from app.store.paths import data_dir as resolve_data_dir
from app.store.schema_version import DATABASE_NAME
from app.store.settings_store import SettingsStore

if TYPE_CHECKING:
    import requests

    from app.domain.review import ReviewStatus
    from app.net.reading_fetcher import ReadingFetcher
    from app.services.annotations import AnnotationService
    from app.services.backup import BackupService
    from app.services.config import ConfigService
    from app.services.library import LibraryService
    from app.services.outbox import OutboxService
    from app.services.reader import ReaderService
    from app.services.reading_progress import ReadingProgressService
    from app.services.reminders import ReminderNotifier, ReminderService
    from app.services.reviews import ReviewService
    from app.services.settings import SettingsService
    from app.services.sync import SyncService


class AppServices:
    def __init__(self, data_dir: Path, database: Database, clock: Clock) -> None:
        self.data_dir = data_dir
        self.database = database
        self.clock = clock
        self._store = CourseStore(database)
        self._settings_store = SettingsStore(database)
        self.course = CourseService(self._store, self._settings_store)

    @cached_property
    def sync(self) -> SyncService:
        from app.net.http import make_session
        from app.services.sync import SyncService

        return SyncService(self._store, make_session, self.clock, lambda: self.config.sync_source())

    @cached_property
    def library(self) -> LibraryService:
        from app.secrets import KeyringCredentials
        from app.services.library import LibraryService
        from app.store.library_store import LibraryStore

        return LibraryService(
            self._store,
            LibraryStore(self.database),
            self.data_dir / "library",
            _reading_fetcher,
            self.clock,
            KeyringCredentials(),
            on_new_file=lambda entry: self.annotations.file_arrived(entry),
        )

    @cached_property
    def backups(self) -> BackupService:
        from app.services.backup import BackupService

        return BackupService(self.data_dir, self.clock)

    @cached_property
    def reader(self) -> ReaderService:
        from app.services.reader import ReaderService

        return ReaderService()

    @cached_property
    def progress(self) -> ReadingProgressService:
        from app.services.reading_progress import ReadingProgressService
        from app.store.progress_store import ProgressStore

        return ReadingProgressService(ProgressStore(self.database))

    @cached_property
    def settings(self) -> SettingsService:
        from app.services.settings import SettingsService

        return SettingsService(self._settings_store)

    @cached_property
    def annotations(self) -> AnnotationService:
        from app.services.annotations import AnnotationService
        from app.store.annotation_store import AnnotationStore
        from app.store.library_store import LibraryStore

        return AnnotationService(
            AnnotationStore(self.database),
            self.settings,
            self._store,
            LibraryStore(self.database),
            self.clock,
        )

    @cached_property
    def reviews(self) -> ReviewService:
        from app.net.http import make_session
        from app.services.reviews import ReviewService
        from app.store.outbox_store import OutboxStore
        from app.store.review_store import ReviewStore

        return ReviewService(
            ReviewStore(self.database),
            self._store,
            make_session,
            self.clock,
            identity=lambda: self.config.identity(),
            outbox=OutboxStore(self.database),
        )

    @cached_property
    def outbox(self) -> OutboxService:
        from app.services.outbox import OutboxService
        from app.store.outbox_store import OutboxStore

        return OutboxService(OutboxStore(self.database), self.reviews, _form_session, self.clock)

    @cached_property
    def config(self) -> ConfigService:
        from app.notify.scheduling import BackgroundReminders
        from app.services.config import ConfigService, running_command

        def app_command() -> list[str]:  # the background check reads this data directory
            return [*running_command(), "--data-dir", str(self.data_dir.resolve())]

        return ConfigService(
            self._settings_store, self.settings, self.course, BackgroundReminders(), app_command
        )

    @cached_property
    def reminders(self) -> ReminderService:
        from app.notify import FreedesktopNotifier

        return self.reminders_through(FreedesktopNotifier)

    def review_statuses(self) -> dict[int, ReviewStatus]:
        """Each drafted week's review status, as ``reviews.statuses()`` gives it. Before the
        first draft that is one query, without building the review service: ``due`` is a
        command run often, and the service's imports would be most of its time."""
        from app.store.drafted_weeks import drafted_weeks

        if not drafted_weeks(self.database):
            return {}
        return self.reviews.statuses()

    def reminders_through(self, notifiers: Callable[[], ReminderNotifier]) -> ReminderService:
        """Reminders shown by the notifiers ``notifiers`` opens (the desktop's, by default)."""
        from app.services.reminders import ReminderService
        from app.store.review_store import ReviewStore

        return ReminderService(
            ReviewStore(self.database), self.course, self.config, notifiers, self.clock
        )

    def close(self) -> None:
        self.database.close()


def open_services(data_dir: str | Path | None = None, clock: Clock | None = None) -> AppServices:
    """Open (creating and migrating if needed) the store and load the embedded syllabus once."""
    directory = resolve_data_dir(data_dir)
    directory.mkdir(parents=True, exist_ok=True)
    database = Database(directory / DATABASE_NAME)
    try:
        database.migrate()  # checks the file first; copies it before a migration
    except DamagedDatabaseError as error:
        from app.services.backup import BackupService

        database.close()  # an open connection would count as another program using it
        raise BackupService(directory, clock or SystemClock()).explained(error) from None
    services = AppServices(directory, database, clock or SystemClock())
    services.course.ensure_syllabus(services.clock.now())
    return services


def _reading_fetcher() -> ReadingFetcher:
    """Built on the first download: requests and PyMuPDF stay off the start-up path."""
    from app.net.downloader import Downloader
    from app.net.reading_fetcher import ReadingFetcher
    from app.pdf.validate import count_pages

    return ReadingFetcher(Downloader(count_pages))


def _form_session(url: str) -> requests.Session:
    """A session for sending to the form at ``url``: the student's cookie for its host (from
    the keyring), scoped to that host and https, so no other host ever gets it."""
    from app.net.http import host_of, make_session
    from app.secrets import FormCookies, cookie_pairs

    session = make_session()
    host = host_of(url)
    cookie = FormCookies().get(host)
    for name, value in cookie_pairs(cookie or ""):
        session.cookies.set(name, value, domain=host, path="/", secure=True)
    return session
