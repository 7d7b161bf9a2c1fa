"""Finish: every choice written through ``ConfigService.set_all`` (the checks of ``config set``,
all or nothing); the wizard runs it off the GUI thread, since turning on reminders when the app
is closed installs a timer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

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
