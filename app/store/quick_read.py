"""Read-only queries through the standard library's sqlite3, for commands that must start fast.

Importing SQLAlchemy costs about 0.2 s, twenty times a bare Python start; ``study-companion due``
must answer in a few hundredths. These queries read a database that is already at the newest
schema revision and return None otherwise, so the caller takes the full path (which migrates).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.store.schema_version import HEAD_REVISION

ReviewRow = tuple[int, str, str, str]  # week number, title, due (ISO 8601), form URL


def review_deadlines(database: Path) -> list[ReviewRow] | None:
    if not database.exists():
        return None
    try:
        connection = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        if revision is None or revision[0] != HEAD_REVISION:
            return None
        rows = connection.execute(
            "SELECT number, title, review_due, review_form_url FROM weeks "
            "WHERE archived_at IS NULL AND review_due IS NOT NULL AND review_form_url IS NOT NULL"
        ).fetchall()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return [(int(n), str(t), str(d), str(u)) for n, t, d, u in rows]
