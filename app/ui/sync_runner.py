"""Runs a sync on a worker thread; the outcome comes back to the GUI thread only as a signal.

The job emits this object's private signals from the worker. The runner lives in the GUI
thread, so Qt queues those emissions into the GUI's event loop: no shared state, no locks,
and the GUI thread never waits on the network.

A sync that links a new review form fetches that form on the same worker before it reports
success, so the form is cached (for drafting offline) by the time the window hears of the
sync. A form out of reach is recorded by the review service; it never fails the sync.

A sync held back (it would archive more than a quarter of the term) asks the student here, in
the runner, so the window needs no wiring of its own: the held-back dialog opens over the
runner's parent window while the sync counts as still running. "Apply anyway" syncs again on the
worker with removals allowed and ends as any sync does; "Keep what I have" ends it as ``failed``
with a reason that says the page was held back (nothing was written).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from app.services.reviews import ReviewService
    from app.services.sync import SyncOutcome, SyncService
    from app.ui.held_back_dialog import HeldBackDialog

log = logging.getLogger(__name__)


class SyncRunner(QObject):
    started = Signal(str)  # the source being fetched
    succeeded = Signal(object)  # SyncOutcome
    failed = Signal(str)  # the one-line reason
    kept = Signal(object)  # SyncOutcome: held back, and the student kept the term as it is
    finished = Signal()  # after succeeded, failed or kept
    held_back = Signal(object)  # SyncOutcome: the dialog is open, the sync still running

    # Emitted from the worker thread; connected (queued) to slots on this GUI-thread object.
    _job_succeeded = Signal(object)
    _job_failed = Signal(str)
    _job_held_back = Signal(object)

    def __init__(
        self,
        service: Callable[[], SyncService],
        parent: QObject | None = None,
        *,
        reviews: Callable[[], ReviewService] | None = None,
    ) -> None:
        """``service`` and ``reviews`` give the sync and review services when a sync needs
        them (built on first use: the window opens without them)."""
        super().__init__(parent)
        self._service = service
        self._reviews = reviews
        # A pool of our own: waiting for it at shutdown waits for sync alone, and it dies with us.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._running = False
        self.held_back_dialog: HeldBackDialog | None = None
        self._job_succeeded.connect(self._on_succeeded)
        self._job_failed.connect(self._on_failed)
        self._job_held_back.connect(self._on_held_back)

    @property
    def running(self) -> bool:
        return self._running

    def default_source(self) -> str:
        return self._service().default_source()

    def start(self, source: str) -> bool:
        """Start a sync from ``source``; False (and nothing started) when one is running."""
        if self._running:
            return False
        self._running = True
        self.started.emit(source)
        self._pool.start(lambda: self._run(source, allow_removals=False))
        return True

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker is done (shutdown and tests; never from a GUI action)."""
        return self._pool.waitForDone(msecs)

    def _run(self, source: str, *, allow_removals: bool) -> None:  # on the worker thread
        from app.services.sync import SyncError

        try:
            outcome = self._service().sync(source, allow_removals=allow_removals)
        except SyncError as error:
            self._job_failed.emit(str(error))
        except Exception as error:  # a bug must not vanish with the worker thread
            log.exception("sync from %s failed unexpectedly", source)
            self._job_failed.emit(f"unexpected error: {error.__class__.__name__}: {error}")
        else:
            if outcome.held_back:  # nothing written: no form is linked yet
                self._job_held_back.emit(outcome)
                return
            self._fetch_new_forms(outcome)
            self._job_succeeded.emit(outcome)

    def _fetch_new_forms(self, outcome: SyncOutcome) -> None:  # on the worker thread
        if self._reviews is None:
            return
        from app.services.reviews import linked_by

        try:
            self._reviews().fetch_missing_forms(linked_by(outcome.changes))
        except Exception:  # the sync itself is done and written: a form never undoes it
            log.exception("fetching the review forms after a sync failed unexpectedly")

    @Slot(object)
    def _on_succeeded(self, outcome: SyncOutcome) -> None:
        self._running = False
        self.succeeded.emit(outcome)
        self.finished.emit()

    @Slot(object)
    def _on_held_back(self, outcome: SyncOutcome) -> None:
        parent = self.parent()
        from app.ui.held_back_dialog import HeldBackDialog

        dialog = HeldBackDialog(outcome, parent if isinstance(parent, QWidget) else None)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._apply_anyway(outcome.source))
        dialog.rejected.connect(lambda: self._keep(outcome))
        self.held_back_dialog = dialog
        self.held_back.emit(outcome)
        dialog.open()

    def _apply_anyway(self, source: str) -> None:
        self.held_back_dialog = None
        self._pool.start(lambda: self._run(source, allow_removals=True))

    def _keep(self, outcome: SyncOutcome) -> None:
        self.held_back_dialog = None
        self._running = False
        self.kept.emit(outcome)
        self.finished.emit()

    @Slot(str)
    def _on_failed(self, reason: str) -> None:
        self._running = False
        self.failed.emit(reason)
        self.finished.emit()
