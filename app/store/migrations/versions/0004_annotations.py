"""Annotations on readings, and the student's settings (colour meanings, author name).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "annotations",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("reading_id", sa.String(32), sa.ForeignKey("readings.id"), nullable=False),
        sa.Column("pdf_sha256", sa.String(64), nullable=False),
        sa.Column("page", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("pdf_subtype", sa.Text),
        sa.Column("geometry", sa.Text, nullable=False),
        sa.Column("colour", sa.String(7), nullable=False),
        sa.Column("meaning", sa.Text, nullable=False),
        sa.Column("quote", sa.Text, nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("created", sa.Text, nullable=False),
        sa.Column("modified", sa.Text, nullable=False),
        sa.Column("anchored", sa.Boolean, nullable=False),
        sa.Column("import_key", sa.Text),
        sa.UniqueConstraint("reading_id", "import_key", name="uq_annotations_import"),
    )
    op.create_index("ix_annotations_reading_id", "annotations", ["reading_id"])
    op.create_table(
        "settings",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("settings")
    op.drop_index("ix_annotations_reading_id", table_name="annotations")
    op.drop_table("annotations")
