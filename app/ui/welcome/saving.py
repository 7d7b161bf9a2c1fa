"""Finish: every choice written through ``ConfigService.set`` (the checks of ``config set``),
on a worker thread, since turning on reminders when the app is closed installs a timer.

All or nothing: the settings that can be refused go first and the background reminders last;
a refusal puts back the ones already written, so the student's settings are never half changed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from app.domain.errors import UserFacingError
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

log = logging.getLogger(__name__)

# Refusable first; the name is never refused; the install is slow and undone by nothing after it.
ORDER = (EMAIL, STUDENT_ID, SYNC_SOURCE, REMINDERS, SCHEDULE_START, NAME, WHEN_CLOSED)


@dataclass(frozen=True)
class Refusal:
    key: str
    message: str  # one line, without the setting's command-line name in front


def write_all(config: ConfigService, changes: Mapping[str, str]) -> Refusal | None:
    """Store ``changes`` (key -> text); on a refusal, put back what was written and say why."""
    written: list[tuple[str, str]] = []
    for key in sorted(changes, key=lambda k: ORDER.index(k) if k in ORDER else len(ORDER)):
        before = _restorable(config, key)
        try:
            config.set(key, changes[key])
        except Exception as error:  # refused, or a setup that failed: nothing stays half done
            if not isinstance(error, UserFacingError):
                log.exception("the welcome could not store %s", key)
            for earlier, text in reversed(written):
                config.set(earlier, text)
            return Refusal(key, str(error).removeprefix(f"{key}: "))
        written.append((key, before))
    return None


def _restorable(config: ConfigService, key: str) -> str:
    """The text that puts ``key`` back as it is now (a default name is no name set)."""
    current = config.get(key)
    return "" if key == NAME and current.is_default else current.value


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
