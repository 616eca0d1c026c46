"""Replies owed for a claimed event: kept until the platform confirms them, so a crash cannot lose them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.tables import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("processed_events") as batch:
        batch.add_column(sa.Column("address", sa.Text, nullable=True))
        batch.add_column(sa.Column("replies", sa.Text, nullable=True))
        batch.add_column(sa.Column("retry_at", UTCDateTime, nullable=True))
        batch.add_column(sa.Column("attempts", sa.Integer, nullable=False, server_default="0"))
    op.create_index("ix_processed_events_retry_at", "processed_events", ["retry_at"])


def downgrade() -> None:
    op.drop_index("ix_processed_events_retry_at", "processed_events")
    with op.batch_alter_table("processed_events") as batch:
        for column in ("attempts", "retry_at", "replies", "address"):
            batch.drop_column(column)
