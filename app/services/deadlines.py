"""Review deadlines straight from the database, for ``study-companion due`` to answer fast."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from app.domain.deadline import Deadline, schedule
from app.store.quick_read import review_deadlines
from app.store.schema_version import DATABASE_NAME


def stored_deadlines(data_dir: Path, now: datetime) -> list[Deadline] | None:
    """None when the database is missing or behind: open the services (which set it up) first."""
    rows = review_deadlines(data_dir / DATABASE_NAME)
    if rows is None:
        return None
    return schedule(((n, t, datetime.fromisoformat(d), u) for n, t, d, u in rows), now)
