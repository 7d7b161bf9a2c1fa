"""The one failure both database halves report: a file that cannot be read as ours.

Its own module because both ``database`` (sqlite3 reads) and ``engine`` (SQLAlchemy, loaded
on the first write) raise it, and ``database`` is the one that loads ``engine``.
"""

from __future__ import annotations

from pathlib import Path

from app.domain.errors import UserFacingError


class DamagedDatabaseError(UserFacingError):
    """The database file cannot be read as ours; it is left untouched for the user to rescue."""

    @classmethod
    def of(cls, path: Path | str | None, reason: str) -> DamagedDatabaseError:
        first_line = reason.splitlines()[0] if reason else "unreadable"
        return cls(
            f"the database {path} cannot be opened ({first_line}); "
            "move it aside to start afresh (nothing was changed)"
        )
