"""The outbox: review revisions, the reviews sent (one entry per week and revision), receipts.

Every existing draft is revision 1. An outbox entry keeps the answers and the form as they were
sent; a receipt is one attempt (or the student's word that it arrived), kept for good.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reviews") as batch:
        batch.add_column(sa.Column("revision", sa.Integer, nullable=False, server_default="1"))
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("week_id", sa.Integer, sa.ForeignKey("weeks.id"), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(16)),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("changes", sa.Text, nullable=False),
        sa.Column("link", sa.Text, nullable=False),
        sa.Column("form", sa.Text, nullable=False),
        sa.Column("answers", sa.Text, nullable=False),
        sa.Column("created", sa.Text, nullable=False),
        sa.Column("sent_at", sa.Text),
        sa.Column("next_try_at", sa.Text),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("claimed_by", sa.Text),
        sa.Column("claimed_at", sa.Text),
        sa.Column("final_post_at", sa.Text),
        sa.UniqueConstraint("week_id", "revision", name="uq_outbox_revision"),
    )
    op.create_table(
        "outbox_receipts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("entry_id", sa.Integer, sa.ForeignKey("outbox.id"), nullable=False),
        sa.Column("time", sa.Text, nullable=False),
        sa.Column("outcome", sa.String(24), nullable=False),
        sa.Column("status", sa.Integer),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("fields", sa.Text, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
    )
    op.create_index("ix_outbox_receipts_entry_id", "outbox_receipts", ["entry_id"])


def downgrade() -> None:
    op.drop_table("outbox_receipts")
    op.drop_table("outbox")
    with op.batch_alter_table("reviews") as batch:
        batch.drop_column("revision")
