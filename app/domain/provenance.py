"""Where the stored syllabus came from and when, as the status bar and ``sync`` report it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Origin(StrEnum):
    EMBEDDED = "embedded"  # the syllabus.json shipped with the app
    NETWORK = "network"
    FILE = "file"  # a local index.md given as the source


@dataclass(frozen=True)
class SyncRecord:
    source: str
    origin: Origin
    synced_at: datetime  # aware, UTC: when the stored syllabus was last confirmed current
    etag: str | None = None
    last_modified: str | None = None
    content_sha256: str | None = None
