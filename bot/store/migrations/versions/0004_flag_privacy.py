"""Anonymous flags, part two: relayed replies, distinct-reporter counts, daily rate limits, retention.

* ``flag_messages``: replies relayed between a lead and a reporter (no identity on either side).
* ``flag_cell_reporters``: one keyed hash per reporter per (month, unit, category), so a summary can count
  distinct reporters without any flag row naming or linking them.
* ``flag_quota``: how many flags a keyed hash of a reporter sent today; the key mixes in the day, so the
  hashes rotate daily and yesterday's rows are useless and purged.
* ``flags.submitted_month`` for monthly summaries; ``people.left_at`` so the data of someone who removed
  the app or left the organisation can be purged after a grace period.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.tables import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("flags") as batch:
        batch.add_column(sa.Column("submitted_month", sa.Date, nullable=True))
    flags = sa.table(
        "flags",
        sa.column("id", sa.Integer),
        sa.column("submitted_week", sa.Date),
        sa.column("submitted_month", sa.Date),
    )
    conn = op.get_bind()
    for row in conn.execute(sa.select(flags.c.id, flags.c.submitted_week)).all():
        conn.execute(
            flags.update().where(flags.c.id == row.id).values(submitted_month=row.submitted_week.replace(day=1))
        )
    with op.batch_alter_table("flags") as batch:
        batch.alter_column("submitted_month", existing_type=sa.Date, nullable=False)
    # covers the monthly summary's count, so it never reads the flags' rows
    op.create_index(
        "ix_flags_unit_submitted_month", "flags", ["unit", "submitted_month", "category", "status", "release_at"]
    )
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("left_at", UTCDateTime, nullable=True))
    op.create_table(
        "flag_messages",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("flag_id", sa.Integer, nullable=False),
        sa.Column("sender", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("relay", sa.String(16), nullable=False, server_default="pending"),
        sa.Column("relay_until", UTCDateTime, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_flag_messages"),
        sa.ForeignKeyConstraint(["flag_id"], ["flags.id"], ondelete="CASCADE", name="fk_flag_messages_flag_id_flags"),
    )
    op.create_index("ix_flag_messages_flag_id", "flag_messages", ["flag_id"])
    op.create_index("ix_flag_messages_relay", "flag_messages", ["relay"])
    op.create_table(
        "flag_cell_reporters",
        sa.Column("month", sa.Date, nullable=False),
        sa.Column("unit", sa.String(64), nullable=False),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("token", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("month", "unit", "category", "token", name="pk_flag_cell_reporters"),
    )
    op.create_table(
        "flag_quota",
        sa.Column("token", sa.String(64), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("count", sa.Integer, nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("token", name="pk_flag_quota"),
    )
    op.create_index("ix_flag_quota_day", "flag_quota", ["day"])


def downgrade() -> None:
    op.drop_table("flag_quota")
    op.drop_table("flag_cell_reporters")
    op.drop_table("flag_messages")
    with op.batch_alter_table("people") as batch:
        batch.drop_column("left_at")
    op.drop_index("ix_flags_unit_submitted_month", "flags")
    with op.batch_alter_table("flags") as batch:
        batch.drop_column("submitted_month")
