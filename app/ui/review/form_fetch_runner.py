"""Fetches a week's review form on a worker thread; the result comes back only as a signal.

The house pattern of ``sync_runner``: the job emits this object's private signals from the
worker, Qt queues them into the GUI thread's event loop, and the GUI never waits on the network.
A failed fetch is recorded by the review service beside the cached copy, which stays.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

if TYPE_CHECKING:
    from app.services.reviews import FormView, ReviewService

log = logging.getLogger(__name__)


class FormFetchRunner(QObject):
    started = Signal(int)  # the week, whoever asked (the editor or the Due view)
    fetched = Signal(int, object)  # the week, its FormView (``error`` set: the cache answered)
    failed = Signal(int, str)  # the week, the one-line reason (no form to show)

    # Emitted from the worker thread; connected (queued) to slots on this GUI-thread object.
    _job_fetched = Signal(int, object)
    _job_failed = Signal(int, str)

    def __init__(self, reviews: Callable[[], ReviewService], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reviews = reviews
        # A pool of our own: waiting for it at shutdown waits for forms alone.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._running: set[int] = set()
        self._warmed = False
        self._job_fetched.connect(self._on_fetched)
        self._job_failed.connect(self._on_failed)

    def running(self, week: int) -> bool:
        return week in self._running

    def start(self, week: int) -> bool:
        """Fetch ``week``'s form; False (and nothing started) when it is being fetched."""
        if week in self._running:
            return False
        self._running.add(week)
        reviews = self._reviews()  # built here, on the GUI thread, if not yet
        self._pool.start(lambda: self._run(reviews, week))
        self.started.emit(week)
        return True

    def warm_up(self) -> None:
        """Once: ready the store for the first autosave on the worker, not the GUI thread."""
        if not self._warmed:
            self._warmed = True
            self._pool.start(self._reviews().warm_up)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker is done (shutdown and tests; never from a GUI action)."""
        return self._pool.waitForDone(msecs)

    def _run(self, reviews: ReviewService, week: int) -> None:  # on the worker thread
        from app.services.reviews import ReviewError

        try:
            view = reviews.form(week, refresh=True)
        except ReviewError as error:
            self._job_failed.emit(week, str(error))
        except Exception as error:  # a bug must not vanish with the worker thread
            log.exception("fetching the form of week %s failed unexpectedly", week)
            self._job_failed.emit(week, f"unexpected error: {error.__class__.__name__}: {error}")
        else:
            self._job_fetched.emit(week, view)

    @Slot(int, object)
    def _on_fetched(self, week: int, view: FormView) -> None:
        self._running.discard(week)
        self.fetched.emit(week, view)

    @Slot(int, str)
    def _on_failed(self, week: int, reason: str) -> None:
        self._running.discard(week)
        self.failed.emit(week, reason)
