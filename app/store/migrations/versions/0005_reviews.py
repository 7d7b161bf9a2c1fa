"""Reviews: each week's cached form, the student's draft, and the reminders already given.

Keyed by the week's row (``weeks.id``), which a sync keeps for the same lecture even when an
inserted holiday renumbers the weeks.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_forms",
        sa.Column("week_id", sa.Integer, sa.ForeignKey("weeks.id"), primary_key=True),
        sa.Column("link", sa.Text, nullable=False),
        sa.Column("form", sa.Text),
        sa.Column("fetched_at", sa.Text),
        sa.Column("checked_at", sa.Text, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("error_kind", sa.String(16)),
    )
    op.create_table(
        "reviews",
        sa.Column("week_id", sa.Integer, sa.ForeignKey("weeks.id"), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("answers", sa.Text, nullable=False),
        sa.Column("written_against", sa.Text),
        sa.Column("form_snapshot", sa.Text, nullable=False),
        sa.Column("not_on_form", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
    )
    op.create_table(
        "reminders_given",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("week_id", sa.Integer, sa.ForeignKey("weeks.id"), nullable=False),
        sa.Column("given_at", sa.Text, nullable=False),
        sa.Column("shown", sa.Boolean, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("reminders_given")
    op.drop_table("reviews")
    op.drop_table("review_forms")
