"""Team reflection in channels: each channel's weekly schedule, and the answers in its question's thread.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.tables import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "team_channels",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("tenant", sa.String(128), nullable=False),
        sa.Column("channel", sa.String(256), nullable=False),
        sa.Column("ref", sa.Text, nullable=False, server_default=""),
        sa.Column("unit", sa.String(64), nullable=True),
        sa.Column("weekday", sa.Integer, nullable=False),
        sa.Column("post_time", sa.String(5), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("paused", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("next_post_at", UTCDateTime, nullable=True),
        sa.Column("thread", sa.String(256), nullable=False, server_default=""),
        sa.Column("prompt_id", sa.String(64), nullable=False, server_default=""),
        sa.Column("week", sa.Date, nullable=True),
        sa.Column("summary_due_at", UTCDateTime, nullable=True),
        sa.Column("questions", sa.Integer, nullable=False, server_default="0"),
        sa.Column("lease_owner", sa.String(64), nullable=True),
        sa.Column("lease_until", UTCDateTime, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_team_channels"),
        sa.UniqueConstraint("platform", "tenant", "channel", name="uq_team_channels_place"),
    )
    op.create_index("ix_team_channels_next_post_at", "team_channels", ["next_post_at"])
    op.create_index("ix_team_channels_summary_due_at", "team_channels", ["summary_due_at"])
    op.create_table(
        "team_answers",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("channel_id", sa.Integer, nullable=False),
        sa.Column("week", sa.Date, nullable=False),
        sa.Column("user_id", sa.String(128), nullable=False),
        sa.Column("words", sa.Text, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_team_answers"),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["team_channels.id"],
            name="fk_team_answers_channel_id_team_channels",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_team_answers_created_at", "team_answers", ["created_at"])
    op.create_index("ix_team_answers_channel_id_week", "team_answers", ["channel_id", "week"])
    op.create_index("ix_team_answers_user_id", "team_answers", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_team_answers_user_id", "team_answers")
    op.drop_index("ix_team_answers_channel_id_week", "team_answers")
    op.drop_index("ix_team_answers_created_at", "team_answers")
    op.drop_table("team_answers")
    op.drop_index("ix_team_channels_summary_due_at", "team_channels")
    op.drop_index("ix_team_channels_next_post_at", "team_channels")
    op.drop_table("team_channels")
