"""The student's settings in the ``settings`` table: sqlite3 reads, ORM writes.

Apart from the annotations' store: every command reads a setting or two (``schedule.start``),
and the annotation domain need not load for that.
"""

from __future__ import annotations

import json
from typing import Any

from app.store.database import Database


class SettingsStore:
    """The student's settings as JSON values under dotted keys (``annotations.palette``)."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def get(self, key: str, default: Any = None) -> Any:
        with self._database.reading() as connection:
            row = connection.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set(self, key: str, value: Any) -> None:
        from app.store.models import SettingRow

        with self._database.sessions.begin() as session:
            session.merge(SettingRow(key=key, value=json.dumps(value, ensure_ascii=False)))
