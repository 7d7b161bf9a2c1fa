"""The course, its weeks with speakers and slides, readings, and the sync state.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "courses",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("term", sa.Text),
        sa.Column("timezone", sa.Text, nullable=False),
        sa.Column("site_url", sa.Text),
        sa.Column("source_url", sa.Text),
        sa.Column("meeting", sa.Text),
    )
    op.create_table(
        "weeks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("course_id", sa.Integer, sa.ForeignKey("courses.id"), nullable=False, index=True),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("date", sa.Date),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("description", sa.Text),
        sa.Column("review_form_url", sa.Text),
        sa.Column("review_label", sa.Text),
        sa.Column("review_due", sa.Text),
        sa.Column("archived_at", sa.Text),
    )
    for name in ("speakers", "slides"):
        columns = (
            [sa.Column("name", sa.Text, nullable=False), sa.Column("affiliation", sa.Text)]
            if name == "speakers"
            else [sa.Column("label", sa.Text, nullable=False)]
        )
        op.create_table(
            name,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column(
                "week_id",
                sa.Integer,
                sa.ForeignKey("weeks.id", ondelete="CASCADE"),
                nullable=False,
                index=True,
            ),
            sa.Column("position", sa.Integer, nullable=False),
            *columns,
            sa.Column("url", sa.Text),
        )
    op.create_table(
        "readings",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("week_id", sa.Integer, sa.ForeignKey("weeks.id"), nullable=False, index=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("venue", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("required", sa.Boolean, nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("archived_at", sa.Text),
    )
    op.create_table(
        "sync_state",
        sa.Column("course_id", sa.Integer, sa.ForeignKey("courses.id"), primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("synced_at", sa.Text, nullable=False),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("content_sha256", sa.Text),
    )


def downgrade() -> None:
    for name in ("sync_state", "readings", "slides", "speakers", "weeks", "courses"):
        op.drop_table(name)
