"""Finish: every choice written through ``ConfigService.set_all`` (the checks of ``config set``,
all or nothing), on a worker thread, since turning on reminders when the app is closed installs
a timer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from app.services.config import (
    EMAIL,
    NAME,
    REMINDERS,
    SCHEDULE_START,
    STUDENT_ID,
    SYNC_SOURCE,
    WHEN_CLOSED,
    ConfigService,
)

# The pages' order: a refusal is shown on the first page that has one.
ORDER = (SYNC_SOURCE, NAME, EMAIL, STUDENT_ID, SCHEDULE_START, REMINDERS, WHEN_CLOSED)


@dataclass(frozen=True)
class Refusal:
    key: str
    message: str  # one line, without the setting's command-line name in front


def write_all(config: ConfigService, changes: Mapping[str, str]) -> Refusal | None:
    """Store ``changes`` (key -> text) all or nothing; the first refusal, page by page."""
    refused = config.set_all(changes)
    if not refused:
        return None
    key = min(refused, key=lambda k: ORDER.index(k) if k in ORDER else len(ORDER))
    return Refusal(key, refused[key].removeprefix(f"{key}: "))


class ChoicesWriter(QObject):
    saved = Signal()
    refused = Signal(object)  # Refusal

    _job_done = Signal(object)  # from the worker: Refusal | None

    def __init__(self, config: Callable[[], ConfigService], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._config = config
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self.running = False
        self._job_done.connect(self._done)

    def start(self, changes: Mapping[str, str]) -> None:
        self.running = True
        chosen = dict(changes)
        self._pool.start(lambda: self._job_done.emit(write_all(self._config(), chosen)))

    def wait(self, msecs: int = -1) -> bool:
        """Block until the writes are done (closing the app, tests)."""
        return self._pool.waitForDone(msecs)

    @Slot(object)
    def _done(self, refusal: Refusal | None) -> None:
        self.running = False
        if refusal is None:
            self.saved.emit()
        else:
            self.refused.emit(refusal)
