"""Which live weeks have a review draft, read without the review domain.

``due`` runs often and most of the term has no draft yet; asking this first lets it skip the
review service (forms, templates, the outbox) when there is nothing to look at.
``ReviewStore.statuses`` answers the same question with the statuses.
"""

from __future__ import annotations

from app.store.database import Database


def drafted_weeks(database: Database) -> set[int]:
    """The numbers of the live weeks with a stored draft."""
    with database.reading() as connection:
        rows = connection.execute(
            "SELECT w.number FROM reviews r JOIN weeks w ON w.id = r.week_id "
            "WHERE w.archived_at IS NULL"
        ).fetchall()
    return {row[0] for row in rows}
