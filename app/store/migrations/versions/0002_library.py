"""The library: each reading's file state, size, pages, checksum and last failure.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "library",
        sa.Column("reading_id", sa.String(32), sa.ForeignKey("readings.id"), primary_key=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("path", sa.Text),
        sa.Column("bytes", sa.Integer),
        sa.Column("total_bytes", sa.Integer),
        sa.Column("pages", sa.Integer),
        sa.Column("sha256", sa.String(64)),
        sa.Column("fetched_at", sa.Text),
        sa.Column("error", sa.Text),
        sa.Column("error_kind", sa.String(16)),
        sa.Column("source_url", sa.Text),
        sa.Column("link", sa.Text),
    )


def downgrade() -> None:
    op.drop_table("library")
