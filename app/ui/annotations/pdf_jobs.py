"""Runs one PDF job (export an annotated copy, import annotations) on a worker thread.

PyMuPDF work on a long paper takes seconds; the GUI thread hands the job to a pool of its own
and hears back only through signals, as the sync and download runners do. One job at a time:
a second export of the same file while the first writes it would race on the destination.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from app.domain.errors import UserFacingError

log = logging.getLogger(__name__)


class PdfJobRunner(QObject):
    succeeded = Signal(str, object)  # the job's name, what it returned
    failed = Signal(str, str)  # the job's name, the one-line reason
    running_changed = Signal(bool)

    # Emitted from the worker thread; queued to the slots of this GUI-thread object.
    _job_succeeded = Signal(str, object)
    _job_failed = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._running = False
        self._job_succeeded.connect(self._on_succeeded)
        self._job_failed.connect(self._on_failed)

    @property
    def running(self) -> bool:
        return self._running

    def start(self, name: str, job: Callable[[], object]) -> bool:
        """Run ``job`` on the worker; False (and nothing started) while another one runs."""
        if self._running:
            return False
        self._running = True
        self.running_changed.emit(True)
        self._pool.start(lambda: self._run(name, job))
        return True

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker is done (shutdown and tests; never from a GUI action)."""
        return self._pool.waitForDone(msecs)

    def _run(self, name: str, job: Callable[[], object]) -> None:  # on the worker thread
        try:
            result = job()
        except (UserFacingError, OSError) as error:
            self._job_failed.emit(name, str(error))
        except Exception as error:  # a bug must not vanish with the worker thread
            log.exception("%s failed unexpectedly", name)
            self._job_failed.emit(name, f"unexpected error: {error.__class__.__name__}: {error}")
        else:
            self._job_succeeded.emit(name, result)

    @Slot(str, object)
    def _on_succeeded(self, name: str, result: object) -> None:
        self._running = False
        self.running_changed.emit(False)
        self.succeeded.emit(name, result)

    @Slot(str, str)
    def _on_failed(self, name: str, reason: str) -> None:
        self._running = False
        self.running_changed.emit(False)
        self.failed.emit(name, reason)
