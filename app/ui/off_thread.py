"""One piece of work on a thread of its own, its result handed back to the GUI thread.

For what the window must not wait on: settings whose writing installs a timer, reading every
installed library's metadata, importing PyMuPDF to ask its MuPDF version.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

log = logging.getLogger(__name__)


class OffThread(QObject):
    """Runs one job at a time; ``done`` (queued to the GUI thread) carries its result, or
    ``failed`` the exception's one line (the traceback goes to the log)."""

    done = Signal(object)
    failed = Signal(str)
    # From the worker, queued to this GUI-thread object; re-emitted there as done / failed, so
    # ``running`` turns false in the same event as the listeners hear of it.
    _succeeded = Signal(object)
    _raised = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # A pool of our own: waiting for it waits for this work alone.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self.running = False
        self._succeeded.connect(self._hand_over)
        self._raised.connect(self._hand_over_failure)

    def start(self, work: Callable[[], Any]) -> None:
        self.running = True
        self._pool.start(lambda: self._run(work))

    def wait(self, msecs: int = -1) -> bool:
        """Block until the work is done (closing a dialog, tests)."""
        return self._pool.waitForDone(msecs)

    def _run(self, work: Callable[[], Any]) -> None:
        try:
            result = work()
        except Exception as error:
            log.exception("background work failed")
            self._raised.emit(str(error) or type(error).__name__)
        else:
            self._succeeded.emit(result)

    def _hand_over(self, result: object) -> None:
        self.running = False
        self.done.emit(result)

    def _hand_over_failure(self, reason: str) -> None:
        self.running = False
        self.failed.emit(reason)
