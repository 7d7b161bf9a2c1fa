"""Reviews in the database: each week's cached form, the draft, and the reminders given.

Weeks are named by number at this boundary (as people and the CLI name them) and stored by
their row id, which a sync keeps for the same lecture when the weeks are renumbered.

A reminder is claimed and shown in one transaction (``claim``): the key is inserted under an
immediate write lock, the notification is shown while the lock is held, and only then is the
row committed. Two processes reminding at once therefore show it once, and a notification that
could not be shown leaves no row behind, so it is tried again.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from app.domain.form import Form
from app.domain.review import ReviewDraft, ReviewStatus
from app.domain.review_answers import answers_from_json, answers_to_json
from app.store.database import Database
from app.store.form_codec import form_from_json, form_to_json

BUSY_TIMEOUT_S = 10.0  # another process holding the reminder lock shows one notification


@dataclass(frozen=True)
class CachedForm:
    link: str  # the course page's link it came from
    form: Form | None  # None when no fetch has succeeded yet
    checked_at: datetime
    error: str | None = None  # why the last fetch failed (the cached copy is kept)
    error_kind: str | None = None


@dataclass(frozen=True)
class StoredDraft:
    draft: ReviewDraft
    written_against: Form | None  # the form whose keys the answers use; None: the template


class ReviewStore:
    def __init__(self, database: Database) -> None:
        self._database = database

    # -- forms -----------------------------------------------------------------------------------

    def cached_form(self, week: int) -> CachedForm | None:
        with self._database.reading() as connection:
            row = connection.execute(
                "SELECT f.* FROM review_forms f JOIN weeks w ON w.id = f.week_id "
                "WHERE w.number = ? AND w.archived_at IS NULL",
                (week,),
            ).fetchone()
        if row is None:
            return None
        return CachedForm(
            link=row["link"],
            form=form_from_json(row["form"]) if row["form"] else None,
            checked_at=datetime.fromisoformat(row["checked_at"]),
            error=row["error"],
            error_kind=row["error_kind"],
        )

    def save_form(self, week: int, link: str, form: Form, now: datetime) -> None:
        from app.store.models import ReviewFormRow

        with self._database.sessions.begin() as session:
            week_id = self._week_id(week)
            row = session.get(ReviewFormRow, week_id) or ReviewFormRow(week_id=week_id)
            row.link, row.form = link, form_to_json(form)
            row.fetched_at = row.checked_at = now.isoformat()
            row.error = row.error_kind = None
            session.add(row)

    def save_form_failure(self, week: int, link: str, error: str, kind: str, now: datetime) -> None:
        """Record a failed fetch; a form cached from the same link stays."""
        from app.store.models import ReviewFormRow

        with self._database.sessions.begin() as session:
            week_id = self._week_id(week)
            row = session.get(ReviewFormRow, week_id) or ReviewFormRow(week_id=week_id)
            if row.link != link:  # the course page links another form now: the old one is moot
                row.form, row.fetched_at = None, None
            row.link, row.checked_at = link, now.isoformat()
            row.error, row.error_kind = error, kind
            session.add(row)

    # -- drafts ----------------------------------------------------------------------------------

    def draft(self, week: int) -> StoredDraft | None:
        with self._database.reading() as connection:
            row = connection.execute(
                "SELECT r.* FROM reviews r JOIN weeks w ON w.id = r.week_id "
                "WHERE w.number = ? AND w.archived_at IS NULL",
                (week,),
            ).fetchone()
        if row is None:
            return None
        draft = ReviewDraft(
            week=week,
            answers=answers_from_json(json.loads(row["answers"])),
            status=ReviewStatus(row["status"]),
            form_snapshot=row["form_snapshot"],
            not_on_form=answers_from_json(json.loads(row["not_on_form"])),
            updated_at=datetime.fromisoformat(row["updated_at"]),
            revision=row["revision"],
        )
        against = form_from_json(row["written_against"]) if row["written_against"] else None
        return StoredDraft(draft, against)

    def warm_up(self) -> None:
        """Load and prepare what the first write needs (SQLAlchemy, the mapper, a lookup), so
        the editor can do it on a worker before the first autosave."""
        from app.store.models import ReviewRow

        with self._database.sessions.begin() as session:
            session.get(ReviewRow, -1)

    def save_draft(self, draft: ReviewDraft, written_against: Form | None) -> None:
        from app.store.models import ReviewRow

        if draft.updated_at is None:
            raise ValueError("a stored draft needs its updated_at")
        with self._database.sessions.begin() as session:
            week_id = self._week_id(draft.week)
            row = session.get(ReviewRow, week_id) or ReviewRow(week_id=week_id)
            row.status = draft.status.value
            row.answers = json.dumps(answers_to_json(draft.answers), ensure_ascii=False)
            row.not_on_form = json.dumps(answers_to_json(draft.not_on_form), ensure_ascii=False)
            row.written_against = form_to_json(written_against) if written_against else None
            row.form_snapshot = draft.form_snapshot
            row.updated_at = draft.updated_at.isoformat()
            row.revision = draft.revision
            session.add(row)

    def statuses(self) -> dict[int, ReviewStatus]:
        """Each live week's review status, by week number (weeks without a draft are absent)."""
        with self._database.reading() as connection:
            rows = connection.execute(
                "SELECT w.number, r.status FROM reviews r JOIN weeks w ON w.id = r.week_id "
                "WHERE w.archived_at IS NULL"
            ).fetchall()
        return {row[0]: ReviewStatus(row[1]) for row in rows}

    # -- reminders -------------------------------------------------------------------------------

    def reminders_given(self) -> set[str]:
        with self._database.reading() as connection:
            return {row[0] for row in connection.execute("SELECT key FROM reminders_given")}

    def claim(self, key: str, week: int, now: datetime, show: Callable[[], object]) -> bool:
        """Show the reminder ``key`` unless it was given; True when this call showed it.

        ``show`` runs inside the transaction that records the key: if it raises, nothing is
        recorded (and the exception goes on to the caller).
        """
        connection = sqlite3.connect(self._database.path, timeout=BUSY_TIMEOUT_S)
        connection.isolation_level = None  # transactions by hand: BEGIN IMMEDIATE below
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                inserted = connection.execute(
                    "INSERT OR IGNORE INTO reminders_given (key, week_id, given_at, shown) "
                    "SELECT ?, id, ?, 1 FROM weeks WHERE number = ? AND archived_at IS NULL",
                    (key, now.isoformat(), week),
                ).rowcount
                if inserted != 1:
                    connection.execute("ROLLBACK")
                    return False
                show()
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
            return True
        finally:
            connection.close()

    def pass_over(self, keys: Iterable[tuple[str, int]], now: datetime) -> None:
        """Record reminders (key, week) as given without showing them: caught up on later.

        A key another process recorded meanwhile is skipped (INSERT OR IGNORE), not an error.
        """
        with sqlite3.connect(self._database.path, timeout=BUSY_TIMEOUT_S) as connection:
            connection.executemany(
                "INSERT OR IGNORE INTO reminders_given (key, week_id, given_at, shown) "
                "SELECT ?, id, ?, 0 FROM weeks WHERE number = ? AND archived_at IS NULL",
                [(key, now.isoformat(), week) for key, week in keys],
            )
        connection.close()

    def _week_id(self, week: int) -> int:
        with self._database.reading() as connection:
            row = connection.execute(
                "SELECT id FROM weeks WHERE number = ? AND archived_at IS NULL", (week,)
            ).fetchone()
        if row is None:
            raise LookupError(f"there is no week {week}")
        return int(row[0])
