"""Whether a data directory already holds a student's own work, read in one query.

The first-run welcome asks this of a directory that has no welcome flag yet: one that an older
version filled (annotations, drafts, reading progress, downloads, settings) belongs to a student
who knows the app, and is not greeted as new.
"""

from __future__ import annotations

from app.store.database import Database

_WELCOME_KEY_PATTERN = "welcome.%"

_ANY_WORK = (
    "SELECT EXISTS (SELECT 1 FROM annotations)"
    " OR EXISTS (SELECT 1 FROM reviews)"
    " OR EXISTS (SELECT 1 FROM reading_progress)"
    " OR EXISTS (SELECT 1 FROM library)"
    " OR EXISTS (SELECT 1 FROM outbox)"
    " OR EXISTS (SELECT 1 FROM settings WHERE key NOT LIKE ?)"
)


def holds_student_work(database: Database) -> bool:
    """True when anything the student made or chose is stored (not the embedded syllabus)."""
    with database.reading() as connection:
        row = connection.execute(_ANY_WORK, (_WELCOME_KEY_PATTERN,)).fetchone()
    return bool(row[0])
