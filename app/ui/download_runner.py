"""Runs the library's downloads and attaches on worker threads; the GUI hears back by signals.

The service calls ``on_update`` from its download threads many times a second per reading.
Those calls only drop the entry into a dict under a lock (the newest per reading wins); a
timer on the GUI thread collects them ten times a second and emits one ``entries_changed``.
So a fast download costs the GUI a few repaints a second, whatever its chunk rate.

Requests made while a run goes on join a queue and start as the next run, so one reading is
never fetched twice at once. Everything asked since the runner was last idle is a *session*:
the downloads panel shows it, with how far each reading got.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThreadPool, QTimer, Signal, Slot

from app.domain.errors import UserFacingError
from app.domain.library import FailureKind, FetchState, LibraryEntry, ReadingFetchError
from app.services.library import LibraryItem, LibraryService
from app.services.library_detach import Detachment
from app.ui.login_dialog import CredentialsPrompt

log = logging.getLogger(__name__)

FLUSH_MS = 100  # progress reaches the GUI at most ten times a second
_MOVING = frozenset({FetchState.QUEUED, FetchState.DOWNLOADING})


@dataclass(frozen=True)
class SessionRow:
    item: LibraryItem
    entry: LibraryEntry  # the newest known


class DownloadRunner(QObject):
    entries_changed = Signal(list)  # list[LibraryEntry]: new states, coalesced per reading
    session_changed = Signal()  # readings were added to the session, or moved on
    running_changed = Signal(bool)
    attached = Signal(object)  # LibraryEntry of a reading that now has the student's PDF
    attach_failed = Signal(str, str)  # reading id, the reason in words
    detached = Signal(object)  # Detachment: the student's PDF left the reading (Undo-able)
    restored = Signal(object)  # LibraryEntry: a detached PDF is back
    file_failed = Signal(str, str)  # reading id, why a detach or its Undo did not happen

    # Emitted on worker threads; queued to this GUI-thread object.
    _run_finished = Signal(list)
    _attach_done = Signal(object)
    _attach_error = Signal(str, str)
    _file_done = Signal(str, object)  # reading id, a Detachment or a restored LibraryEntry
    _file_error = Signal(str, str)

    def __init__(self, service: LibraryService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._prompt: CredentialsPrompt | None = None
        # A pool of our own: shutdown waits for these workers alone. One thread runs the
        # downloads (the service fans out from there), the others take attaches meanwhile.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(3)
        self._lock = threading.Lock()
        self._incoming: dict[str, LibraryEntry] = {}  # from the workers, under _lock
        self._flush = QTimer(self)
        self._flush.setInterval(FLUSH_MS)
        self._flush.timeout.connect(self._deliver)
        self._waiting: list[LibraryItem] = []  # asked for while a run goes on: the next run
        self._current: dict[str, threading.Event] = {}  # the run's readings, their cancels
        self._settled: set[str] = set()  # readings of the run that have their final state
        self._session: dict[str, SessionRow] = {}
        self._attaching: set[str] = set()
        self._closed = False
        self._run_finished.connect(self._on_run_finished)
        self._attach_done.connect(self._on_attached)
        self._attach_error.connect(self._on_attach_error)
        self._file_done.connect(self._on_file_done)
        self._file_error.connect(self._on_file_error)

    def set_prompt(self, prompt: CredentialsPrompt) -> None:
        """Who asks the student for a site's login (the window's dialog)."""
        self._prompt = prompt

    @property
    def service(self) -> LibraryService:
        return self._service

    # -- what is going on ------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return bool(self._current or self._waiting)

    def active_ids(self) -> frozenset[str]:
        """Readings queued or downloading now (their stored state may say so from an old run).

        A reading that failed or was cancelled while the rest of its run goes on is not: its
        Retry queues it for the next run.
        """
        running = {i for i in self._current if i not in self._settled}
        return frozenset(running) | {item.reading.id for item in self._waiting}

    def session(self) -> list[SessionRow]:
        return list(self._session.values())

    # -- requests --------------------------------------------------------------------------

    def download(self, items: list[LibraryItem]) -> int:
        """Queue these readings (those not already on their way); returns how many were new."""
        if self._closed:
            return 0
        busy = self.active_ids() | self._attaching
        fresh = [item for item in items if item.reading.id not in busy]
        if not fresh:
            return 0
        if not self.running:
            self._session.clear()  # a new session: the panel starts over
        queued = []
        for item in fresh:
            entry = replace(item.entry, state=FetchState.QUEUED, error=None, error_kind=None)
            self._session[item.reading.id] = SessionRow(item, entry)
            queued.append(entry)
        was_running = self.running
        self._waiting.extend(fresh)
        self.entries_changed.emit(queued)
        self.session_changed.emit()
        if not self._current:
            self._start_next()
        if not was_running:
            self.running_changed.emit(True)
        return len(fresh)

    def cancel(self, reading_id: str) -> None:
        if reading_id in self._current and reading_id not in self._settled:
            self._current[reading_id].set()  # the service returns it as not fetched
            return
        for item in self._waiting:
            if item.reading.id == reading_id:
                self._waiting.remove(item)
                self._revert([item])
                return

    def cancel_all(self) -> None:
        waiting, self._waiting = self._waiting, []
        self._revert(waiting)
        for event in self._current.values():
            event.set()
        if self._prompt is not None:
            self._prompt.abort()  # a worker waiting on a login dialog gets "no" and moves on

    def attach(self, reading_id: str, path: str) -> bool:
        """Copy a local PDF in for this reading, off the GUI thread; False while it downloads."""
        if self._closed or reading_id in self.active_ids() | self._attaching:
            return False
        self._attaching.add(reading_id)
        self._pool.start(lambda: self._run_attach(reading_id, Path(path)))
        return True

    def detach(self, reading_id: str) -> bool:
        """Unlink the student's PDF from the reading, off the GUI thread (a move, a write)."""
        return self._file_job(reading_id, lambda: self._service.detach(reading_id))

    def undo_detach(self, detachment: Detachment) -> bool:
        reading_id = detachment.previous.reading_id
        return self._file_job(reading_id, lambda: self._service.undo_detach(detachment))

    def _file_job(self, reading_id: str, job: Callable[[], object]) -> bool:
        if self._closed or reading_id in self.active_ids() | self._attaching:
            return False
        self._attaching.add(reading_id)

        def run() -> None:  # on a worker thread
            try:
                self._file_done.emit(reading_id, job())
            except UserFacingError as error:
                self._file_error.emit(reading_id, str(error))
            except OSError as error:
                self._file_error.emit(reading_id, f"the file could not be moved: {error.strerror}")
            except Exception as error:
                log.exception("moving the file of %s failed unexpectedly", reading_id)
                self._file_error.emit(reading_id, f"unexpected error: {error}")

        self._pool.start(run)
        return True

    def shutdown(self) -> None:
        """The window closes: stop everything; ``wait`` then returns once the workers are out."""
        self._closed = True
        # Cancel first, then answer the login dialog "no": a worker that wakes to that answer
        # must find its reading cancelled, or it would record the login as a failure.
        self.cancel_all()
        if self._prompt is not None:
            self._prompt.close()

    def wait(self, msecs: int = -1) -> bool:
        """Block until the workers are done (shutdown and tests; never from a GUI action)."""
        done = self._pool.waitForDone(msecs)
        if done:  # take in the results the workers posted, so the runner ends idle
            QCoreApplication.sendPostedEvents(self, int(QEvent.Type.MetaCall))
        return done

    # -- the run ---------------------------------------------------------------------------

    def _start_next(self) -> None:
        batch, self._waiting = self._waiting, []
        self._current = {item.reading.id: threading.Event() for item in batch}
        self._settled = set()
        cancels = dict(self._current)
        if self._prompt is not None:
            self._service.set_credentials_prompt(self._prompt.ask)
        self._flush.start()
        self._pool.start(lambda: self._run(batch, cancels))

    def _run(self, batch: list[LibraryItem], cancels: dict[str, threading.Event]) -> None:
        try:  # on the worker thread
            results = self._service.download(batch, on_update=self._on_update, cancel_each=cancels)
        except Exception as error:  # the store failed: say so on every reading of the run
            log.exception("the download run failed")
            reason = f"the download stopped unexpectedly: {error}"
            results = [replace(item.entry, state=FetchState.FAILED, error=reason) for item in batch]
        self._run_finished.emit(results)

    def _on_update(self, entry: LibraryEntry) -> None:  # on the service's download threads
        with self._lock:
            self._incoming[entry.reading_id] = entry

    @Slot()
    def _deliver(self) -> None:
        with self._lock:
            incoming, self._incoming = self._incoming, {}
        if incoming:
            self._take(list(incoming.values()))

    def _take(self, entries: list[LibraryEntry]) -> None:
        for entry in entries:
            row = self._session.get(entry.reading_id)
            if row is not None:
                self._session[entry.reading_id] = SessionRow(row.item, entry)
            if entry.reading_id in self._current and entry.state not in _MOVING:
                self._settled.add(entry.reading_id)
        self.entries_changed.emit(entries)
        self.session_changed.emit()

    @Slot(list)
    def _on_run_finished(self, results: list[LibraryEntry]) -> None:
        with self._lock:
            self._incoming.clear()  # older than the results
        self._current, self._settled = {}, set()
        again = {item.reading.id for item in self._waiting}  # retried while the run went on
        self._take([entry for entry in results if entry.reading_id not in again])
        if self._waiting and not self._closed:
            self._start_next()
            return
        self._flush.stop()
        self.running_changed.emit(False)

    def _revert(self, items: list[LibraryItem]) -> None:
        """Readings taken off the queue before they started: back to their stored state."""
        if not items:
            return
        self._take([item.entry for item in items])
        if not self.running:
            self._flush.stop()
            self.running_changed.emit(False)

    # -- attaching -------------------------------------------------------------------------

    def _run_attach(self, reading_id: str, path: Path) -> None:  # on a worker thread
        try:
            entry = self._service.attach(reading_id, path)
        except ReadingFetchError as error:
            reason = str(error)
            if error.failure.kind is FailureKind.NOT_PDF:  # the service names MuPDF's complaint
                reason = f"{path.name} is not a PDF that opens (it may be damaged)"
            self._attach_error.emit(reading_id, reason)
        except UserFacingError as error:
            self._attach_error.emit(reading_id, str(error))
        except OSError as error:
            self._attach_error.emit(reading_id, f"could not copy {path}: {error.strerror}")
        except Exception as error:
            log.exception("attaching %s failed unexpectedly", path)
            self._attach_error.emit(reading_id, f"unexpected error: {error}")
        else:
            self._attach_done.emit(entry)

    @Slot(object)
    def _on_attached(self, entry: LibraryEntry) -> None:
        self._attaching.discard(entry.reading_id)
        self.entries_changed.emit([entry])
        self.attached.emit(entry)

    @Slot(str, object)
    def _on_file_done(self, reading_id: str, outcome: object) -> None:
        self._attaching.discard(reading_id)
        if isinstance(outcome, Detachment):
            self.entries_changed.emit([outcome.entry])
            self.detached.emit(outcome)
        elif isinstance(outcome, LibraryEntry):
            self.entries_changed.emit([outcome])
            self.restored.emit(outcome)

    @Slot(str, str)
    def _on_file_error(self, reading_id: str, reason: str) -> None:
        self._attaching.discard(reading_id)
        self.file_failed.emit(reading_id, reason)

    @Slot(str, str)
    def _on_attach_error(self, reading_id: str, reason: str) -> None:
        self._attaching.discard(reading_id)
        self.attach_failed.emit(reading_id, reason)
