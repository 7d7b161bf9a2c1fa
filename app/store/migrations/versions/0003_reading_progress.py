"""Per reading: where the student is (page, offset, zoom) and how much was read.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reading_progress",
        sa.Column("reading_id", sa.String(32), sa.ForeignKey("readings.id"), primary_key=True),
        sa.Column("page", sa.Integer, nullable=False),
        sa.Column("offset", sa.Float, nullable=False),
        sa.Column("zoom", sa.Float, nullable=False),
        sa.Column("fit", sa.String(8), nullable=False),
        sa.Column("pages_seen", sa.Text, nullable=False),
        sa.Column("seconds_read", sa.Float, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("reading_progress")
