"""Every link of the course page: the instructors, a reading's extra links, a week's links.

Three new tables, empty after an upgrade: the next sync fills them from the course page (what
was stored before never had them).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-09
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "instructors",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "course_id",
            sa.Integer,
            sa.ForeignKey("courses.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("role", sa.Text, nullable=False),
    )
    for table, owner, key in (
        ("week_links", "week_id", sa.Integer),
        ("reading_links", "reading_id", sa.String(32)),
    ):
        parent = "weeks.id" if owner == "week_id" else "readings.id"
        op.create_table(
            table,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column(
                owner, key, sa.ForeignKey(parent, ondelete="CASCADE"), nullable=False, index=True
            ),
            sa.Column("position", sa.Integer, nullable=False),
            sa.Column("label", sa.Text, nullable=False),
            sa.Column("url", sa.Text, nullable=False),
        )


def downgrade() -> None:
    for table in ("reading_links", "week_links", "instructors"):
        op.drop_table(table)
