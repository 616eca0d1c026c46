"""Anonymity that holds: summaries count flags (no per-cell reporter hashes), the reporter-hash key moves
forward one way each day, and replies are released in batches like flags.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.tables import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("flag_cell_reporters")  # hashes that counted people behind a cell: nothing a lead sees uses them
    op.execute("DELETE FROM flag_quota")  # made under the old fixed key: today's allowances start again
    op.create_table(
        "reporter_keys",
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("wrapped", sa.String(96), nullable=False),
        sa.PrimaryKeyConstraint("day", name="pk_reporter_keys"),
    )
    with op.batch_alter_table("flag_messages") as batch:
        batch.add_column(sa.Column("release_at", UTCDateTime, nullable=True))
    op.create_index("ix_flag_messages_release_at", "flag_messages", ["release_at"])


def downgrade() -> None:
    op.drop_index("ix_flag_messages_release_at", "flag_messages")
    with op.batch_alter_table("flag_messages") as batch:
        batch.drop_column("release_at")
    op.drop_table("reporter_keys")
    op.create_table(
        "flag_cell_reporters",
        sa.Column("month", sa.Date, nullable=False),
        sa.Column("unit", sa.String(64), nullable=False),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("token", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("month", "unit", "category", "token", name="pk_flag_cell_reporters"),
    )
