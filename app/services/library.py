"""The reading library: bring every reading's PDF onto the laptop, or say why not.

A download resolves the reading's link (landing pages to their PDF), streams it into a
``.part`` file, validates it and moves it into place; state goes to the store as it changes,
so an interrupted run resumes next time. Several readings go at once, at most two per host.
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from app.domain.course import ListedReading, Reading
from app.domain.errors import UserFacingError
from app.domain.file_names import pdf_file_name
from app.domain.library import (
    OFFLINE_MESSAGE,
    FailureKind,
    FetchFailure,
    FetchState,
    LibraryEntry,
    ReadingFetchError,
    Resolution,
    RetryWait,
)
from app.secrets import CredentialStore
from app.services import library_detach
from app.services.clock import Clock
from app.services.library_detach import Detachment
from app.store.course_store import CourseStore
from app.store.library_store import LibraryStore

if TYPE_CHECKING:  # the downloader loads with the first download, not at start-up
    from app.net.downloader import DownloadResult

log = logging.getLogger(__name__)

DEFAULT_WORKERS = 4
PER_HOST = 2
PROGRESS_SAVE_EVERY = 1.0  # seconds between progress writes to the store, per download

Credentials = Callable[[str], tuple[str, str] | None]


class UnknownReadingError(UserFacingError):
    pass


class Fetcher(Protocol):
    """The network side (net/resolvers + net/downloader); raises ReadingFetchError."""

    def resolve(self, url: str, cancel: threading.Event | None = None) -> Resolution: ...

    def download(
        self,
        url: str,
        dest: Path,
        *,
        progress: Callable[[int, int | None], None],
        cancel: threading.Event,
        credentials: Credentials,
        retrying: Callable[[float, int, int, str], None] | None = None,
    ) -> DownloadResult: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class LibraryItem:
    listed: ListedReading
    entry: LibraryEntry

    @property
    def reading(self) -> Reading:
        return self.listed.reading


_WANTS_FETCH = {
    FetchState.NOT_FETCHED,
    FetchState.FAILED,
    FetchState.QUEUED,  # left by a run that was killed: resume it
    FetchState.DOWNLOADING,
}

# States whose file is still in place when a new download of them is stopped.
_KEEPS_FILE = frozenset({FetchState.READY, FetchState.DAMAGED, FetchState.ATTACHED})


class LibraryService:
    def __init__(
        self,
        courses: CourseStore,
        library: LibraryStore,
        files_dir: Path,
        fetcher_factory: Callable[[], Fetcher],
        clock: Clock,
        secrets: CredentialStore,
        on_new_file: Callable[[LibraryEntry], object] | None = None,
    ) -> None:
        self._courses = courses
        # Told of every new file of a reading (downloaded or attached) before anyone else, so
        # the reading's annotations are moved onto it by the time the window hears of it.
        self._on_new_file = on_new_file
        self._library = library
        self._files_dir = files_dir
        self._fetcher_factory = fetcher_factory
        self._clock = clock
        self._secrets = secrets
        self._ask: Credentials | None = None
        self._asked: dict[str, tuple[str, str] | None] = {}  # this run's answers, by host
        self._ask_lock = threading.Lock()
        self._host_slots: dict[str, threading.Semaphore] = {}
        self._slots_lock = threading.Lock()

    def set_credentials_prompt(self, ask: Credentials | None) -> None:
        """How to ask the student for a host's login (a dialog, a terminal prompt, or nobody)."""
        self._ask = ask

    def _credentials(self, host: str) -> tuple[str, str] | None:
        """The keyring's login for the host, else ask once per run (downloads run in parallel).

        Without a working keyring (none installed, locked, its service down) an answer serves
        this run only, from memory: a secret is never written anywhere but the keyring.
        """
        with self._ask_lock:
            stored = self._stored_login(host)
            if stored is not None:
                return stored
            if host in self._asked or self._ask is None:
                return self._asked.get(host)
            answer = self._asked[host] = self._ask(host)
            if answer is not None:
                try:
                    self._secrets.save(host, *answer)
                except Exception as error:  # each keyring backend raises errors of its own
                    log.warning(
                        "the system keyring could not keep the login for %s (%s); "
                        "it is used for this run only",
                        host,
                        error,
                    )
            return answer

    def _refused_login(self, host: str, failure: FetchFailure) -> ReadingFetchError:
        """A login the server refused is forgotten, so that Retry asks for it again."""
        with self._ask_lock:
            self._asked.pop(host, None)
            try:
                self._secrets.forget(host)
            except Exception as error:  # each keyring backend raises errors of its own
                log.warning(
                    "the system keyring could not forget the login for %s (%s)", host, error
                )
        message = f"{host} refused the login; Retry to enter it again. ({failure.message})"
        return ReadingFetchError(FetchFailure(FailureKind.LOGIN_WALL, message))

    def _stored_login(self, host: str) -> tuple[str, str] | None:
        try:
            return self._secrets.get(host)
        except Exception as error:  # each keyring backend raises errors of its own
            log.warning("the system keyring could not be read (%s)", error)
            return None

    @property
    def files_dir(self) -> Path:
        return self._files_dir

    def items(self, week: int | None = None) -> list[LibraryItem]:
        entries = self._library.entries()
        return [
            LibraryItem(
                listed,
                entries.get(listed.reading.id)
                or LibraryEntry(listed.reading.id, FetchState.NOT_FETCHED),
            )
            for listed in self._courses.readings(week)
        ]

    def to_fetch(self, week: int | None = None) -> list[LibraryItem]:
        """Live readings with a link whose file is missing, failed, unfinished or out of date."""
        return [
            item
            for item in self.items(week)
            if not item.listed.archived
            and item.reading.url
            and (item.entry.state in _WANTS_FETCH or _link_changed(item))
        ]

    def download(
        self,
        items: Sequence[LibraryItem],
        *,
        on_update: Callable[[LibraryEntry], None] = lambda _entry: None,
        cancel: threading.Event | None = None,
        cancel_each: Mapping[str, threading.Event] | None = None,
        workers: int = DEFAULT_WORKERS,
    ) -> list[LibraryEntry]:
        """Fetch these readings, several at once; returns their final entries in order.

        ``cancel_each`` maps reading ids to events of their own (a window cancels one reading);
        a reading listed there stops on its own event instead of ``cancel``.
        """
        cancel = cancel or threading.Event()
        cancels = cancel_each or {}
        with self._ask_lock:
            self._asked.clear()  # a new run may ask again (the student may have said no before)
        for item in items:
            queued = replace(item.entry, state=FetchState.QUEUED, error=None, error_kind=None)
            self._library.save(queued)
            on_update(queued)
        if not items:
            return []
        fetcher = self._fetcher_factory()
        queue = _HostQueue(items, PER_HOST)
        finished: dict[int, LibraryEntry] = {}
        reach = _Reachability()

        def work() -> None:
            while (taken := queue.take()) is not None:
                index, item = taken
                try:
                    if reach.offline:  # stop early: the rest would only fail the same way
                        finished[index] = self._offline(item, on_update)
                        continue
                    event = cancels.get(item.reading.id, cancel)
                    finished[index] = entry = self._fetch_one(fetcher, item, event, on_update)
                    reach.saw(entry, _host(item.reading.url))
                finally:
                    queue.done(item)

        count = max(1, min(workers, len(items)))
        try:
            with ThreadPoolExecutor(count, thread_name_prefix="download") as pool:
                runners = [pool.submit(work) for _ in range(count)]
                try:
                    for runner in runners:
                        runner.result()
                except BaseException:  # Ctrl+C: stop the workers, or leaving waits for them all
                    cancel.set()
                    for event in cancels.values():
                        event.set()
                    raise
        finally:
            fetcher.close()
        if reach.offline:  # one message for the run, not one error per reading
            for index, entry in finished.items():
                if entry.error_kind is FailureKind.UNREACHABLE:
                    finished[index] = self._finish(_offline_entry(entry), on_update)
        return [finished[index] for index in range(len(items))]

    def _offline(
        self, item: LibraryItem, on_update: Callable[[LibraryEntry], None]
    ) -> LibraryEntry:
        return self._finish(_offline_entry(replace(item.entry, link=item.reading.url)), on_update)

    def attach(self, reading_id: str, source: Path) -> LibraryEntry:
        """Use a PDF from disk for this reading (validated, then copied into the library)."""
        from app.pdf.validate import InvalidPdfError, inspect_pdf

        listed = {item.reading.id: item for item in self.items()}
        if reading_id not in listed:
            raise UnknownReadingError(f"there is no reading {reading_id}")
        try:
            info = inspect_pdf(source)
        except InvalidPdfError as problem:
            raise ReadingFetchError(
                FetchFailure(FailureKind.NOT_PDF, f"{source} {problem}")
            ) from None
        reading = listed[reading_id].reading
        dest = self._files_dir / pdf_file_name(reading.id, reading.title)
        self._files_dir.mkdir(parents=True, exist_ok=True)
        part = dest.with_name(dest.name + ".attach")
        shutil.copyfile(source, part)
        part.replace(dest)
        entry = LibraryEntry(
            reading_id,
            FetchState.DAMAGED if info.damage else FetchState.ATTACHED,
            path=str(dest),
            bytes=dest.stat().st_size,
            total_bytes=dest.stat().st_size,
            pages=info.pages,
            sha256=info.sha256,
            fetched_at=self._clock.now(),
            source_url=source.resolve().as_uri(),
            link=reading.url,
            error=info.damage,
            error_kind=FailureKind.DAMAGED if info.damage else None,
        )
        self._library.save(entry)
        if entry.state is not FetchState.DAMAGED:  # annotations wait for a good copy
            self._new_file(entry)
        return entry

    def detach(self, reading_id: str) -> Detachment:
        """Unlink the student's attached PDF from the reading; the file waits for Undo."""
        item = next((i for i in self.items() if i.reading.id == reading_id), None)
        if item is None:
            raise UnknownReadingError(f"there is no reading {reading_id}")
        return library_detach.detach(self._library, self._files_dir, reading_id, item.reading.url)

    def undo_detach(self, detachment: Detachment) -> LibraryEntry:
        """The detached file back (the same file: its annotations never left it)."""
        return library_detach.undo_detach(self._library, detachment)

    def _new_file(self, entry: LibraryEntry) -> None:
        if self._on_new_file is None:
            return
        try:
            self._on_new_file(entry)
        except Exception:  # the file is good; what hangs off it must not undo that
            log.exception("after the new file of %s", entry.reading_id)

    # -- one reading ---------------------------------------------------------------------------

    def _fetch_one(
        self,
        fetcher: Fetcher,
        item: LibraryItem,
        cancel: threading.Event,
        on_update: Callable[[LibraryEntry], None],
    ) -> LibraryEntry:
        reading = item.reading
        assert reading.url is not None  # to_fetch() only offers readings with a link
        base = replace(item.entry, link=reading.url, error=None, error_kind=None)
        latest = [base]  # the newest progress of this fetch
        try:
            if cancel.is_set():
                raise ReadingFetchError(FetchFailure(FailureKind.CANCELLED, "cancelled"))
            with self._slot(reading.url):
                resolution = fetcher.resolve(reading.url, cancel)
            if not resolution.is_pdf:
                entry = replace(base, state=FetchState.WEB, source_url=resolution.url)
                return self._finish(entry, on_update)
            return self._download(fetcher, base, reading, resolution, cancel, on_update, latest)
        except ReadingFetchError as problem:
            failure = problem.failure
            if failure.kind is FailureKind.CANCELLED or cancel.is_set():
                # Whatever ended a cancelled download (a login question the cancel answered
                # "no", a read cut short) is not the link's failure: it resumes next time.
                # What came in is kept in the .part: the row says how far it got.
                got = latest[0]
                if item.entry.state in _KEEPS_FILE:  # a new copy was stopped: the old one stays
                    return self._finish(item.entry, on_update)
                entry = replace(
                    base, state=FetchState.NOT_FETCHED, bytes=got.bytes, total_bytes=got.total_bytes
                )
            else:
                entry = replace(
                    base, state=FetchState.FAILED, error=failure.message, error_kind=failure.kind
                )
            return self._finish(entry, on_update)
        except OSError as error:  # the disk, not the link: full, read-only, removed
            message = f"could not write the file: {error.strerror or error}"
            return self._finish(replace(base, state=FetchState.FAILED, error=message), on_update)
        except Exception as error:  # a bug must not take the other downloads with it
            log.exception("downloading %s failed unexpectedly", reading.url)
            entry = replace(base, state=FetchState.FAILED, error=f"unexpected error: {error}")
            return self._finish(entry, on_update)

    def _download(
        self,
        fetcher: Fetcher,
        base: LibraryEntry,
        reading: Reading,
        resolution: Resolution,
        cancel: threading.Event,
        on_update: Callable[[LibraryEntry], None],
        latest: list[LibraryEntry],
    ) -> LibraryEntry:
        dest = self._files_dir / pdf_file_name(reading.id, reading.title)
        self._files_dir.mkdir(parents=True, exist_ok=True)
        downloading = replace(base, state=FetchState.DOWNLOADING, source_url=resolution.url)
        self._library.save(downloading)
        on_update(downloading)
        last_saved = [self._clock.now()]
        latest[0] = downloading

        def progress(received: int, total: int | None) -> None:
            entry = latest[0] = replace(downloading, bytes=received, total_bytes=total)
            on_update(entry)
            now = self._clock.now()
            if (now - last_saved[0]).total_seconds() >= PROGRESS_SAVE_EVERY:
                last_saved[0] = now
                self._library.save(entry)

        def retrying(seconds: float, attempt: int, attempts: int, reason: str) -> None:
            wait = RetryWait(seconds, attempt, attempts, reason)
            on_update(replace(latest[0], retrying=wait))  # the next progress clears it

        offered: list[str] = []

        def credentials(host: str) -> tuple[str, str] | None:
            login = self._credentials(host)
            if login is not None:
                offered.append(host)
            return login

        try:
            with self._slot(resolution.url):
                result = fetcher.download(
                    resolution.url,
                    dest,
                    progress=progress,
                    cancel=cancel,
                    credentials=credentials,
                    retrying=retrying,
                )
        except ReadingFetchError as error:
            if error.failure.kind is FailureKind.LOGIN_WALL and offered:
                raise self._refused_login(offered[-1], error.failure) from None
            raise
        previous = base.path
        # A damaged file is kept (it may be read in part) but never called ready.
        entry = replace(
            downloading,
            state=FetchState.DAMAGED if result.damage else FetchState.READY,
            error=result.damage,
            error_kind=FailureKind.DAMAGED if result.damage else None,
            path=str(result.path),
            bytes=result.bytes,
            total_bytes=result.bytes,
            pages=result.pages,
            sha256=result.sha256,
            fetched_at=self._clock.now(),
            source_url=result.final_url,
        )
        self._library.save(entry)
        if entry.state is not FetchState.DAMAGED:  # annotations wait for a good copy
            self._new_file(entry)
        finished = self._finish(entry, on_update)
        if previous and Path(previous) != result.path:  # the old file, only once the new one is in
            Path(previous).unlink(missing_ok=True)
        return finished

    def _finish(
        self, entry: LibraryEntry, on_update: Callable[[LibraryEntry], None]
    ) -> LibraryEntry:
        self._library.save(entry)
        on_update(entry)
        return entry

    @contextmanager
    def _slot(self, url: str) -> Iterator[None]:
        """At most PER_HOST requests at a time to one host, however many workers run."""
        host = _host(url)
        with self._slots_lock:
            slot = self._host_slots.setdefault(host, threading.Semaphore(PER_HOST))
        with slot:
            yield


class _Reachability:
    """Whether a run can reach anything: offline once two hosts could not be reached at all
    and no server has answered. One unreachable host is that host's trouble, not the network.
    """

    _ANSWERED = frozenset({FetchState.READY, FetchState.DAMAGED})

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._unreachable: set[str] = set()
        self._answered = False
        self.offline = False

    def saw(self, entry: LibraryEntry, host: str) -> None:
        with self._lock:
            if entry.error_kind is FailureKind.UNREACHABLE:
                self._unreachable.add(host)
            elif entry.state in self._ANSWERED or entry.error_kind in _SERVER_ANSWERED:
                self._answered = True
            self.offline = not self._answered and len(self._unreachable) >= 2


# Failures that needed a server's answer: the network worked.
_SERVER_ANSWERED = frozenset(
    {FailureKind.HTTP_STATUS, FailureKind.LOGIN_WALL, FailureKind.LANDING_PAGE}
    | {FailureKind.NOT_PDF, FailureKind.TOO_LARGE}
)


def _offline_entry(entry: LibraryEntry) -> LibraryEntry:
    return replace(
        entry,
        state=FetchState.FAILED,
        error=OFFLINE_MESSAGE,
        error_kind=FailureKind.OFFLINE,
        retrying=None,
    )


class _HostQueue:
    """Hands each free worker the next reading whose host has a free slot.

    Readings come grouped by week, and a week's often share a host: taken in order, workers
    would queue behind that host's two slots while other hosts sat idle.
    """

    def __init__(self, items: Sequence[LibraryItem], per_host: int) -> None:
        self._pending = list(enumerate(items))
        self._per_host = per_host
        self._running: dict[str, int] = {}
        self._changed = threading.Condition()

    def take(self) -> tuple[int, LibraryItem] | None:
        """The next reading to fetch (waiting while every pending one's host is busy), or None."""
        with self._changed:
            while self._pending:
                for position, (index, item) in enumerate(self._pending):
                    host = _host(item.reading.url)
                    if self._running.get(host, 0) < self._per_host:
                        del self._pending[position]
                        self._running[host] = self._running.get(host, 0) + 1
                        return index, item
                self._changed.wait()
            return None

    def done(self, item: LibraryItem) -> None:
        with self._changed:
            self._running[_host(item.reading.url)] -= 1
            self._changed.notify_all()


def _host(url: str | None) -> str:
    return (urlsplit(url or "").hostname or "").lower()


def _link_changed(item: LibraryItem) -> bool:
    ready = item.entry.state in (FetchState.READY, FetchState.WEB)
    return ready and item.entry.link is not None and item.entry.link != item.reading.url
