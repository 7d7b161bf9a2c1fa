"""The one failure both database halves report: a file that cannot be read as ours.

Its own module because both ``database`` (sqlite3 reads) and ``engine`` (SQLAlchemy, loaded
on the first write) raise it, and ``database`` is the one that loads ``engine``. The way out
(the newest good backup, or moving the file aside) is added by ``services/backup.py``.
"""

from __future__ import annotations

from pathlib import Path

from app.domain.errors import UserFacingError


class DamagedDatabaseError(UserFacingError):
    """The database file cannot be read as ours; it is left untouched for the user to rescue."""

    def __init__(self, message: str, path: Path | None = None, problem: str = "") -> None:
        super().__init__(message)
        self.path = path
        self.problem = problem

    @classmethod
    def of(cls, path: Path | str | None, reason: str) -> DamagedDatabaseError:
        first_line = reason.splitlines()[0] if reason else "unreadable"
        return cls(
            f"the database {path} is damaged: {first_line}; nothing was changed",
            Path(path) if path is not None else None,
            first_line,
        )
