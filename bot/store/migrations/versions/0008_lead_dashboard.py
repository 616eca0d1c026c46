"""The lead dashboard: single-use sign-in links made in chat, the browser sessions they start, and an index
for a lead's list of flags by status.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.tables import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_flags_unit_status_release_at", "flags", ["unit", "status", "release_at"])
    op.create_table(
        "lead_links",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("tenant", sa.String(128), nullable=False, server_default=""),
        sa.Column("user_id", sa.String(128), nullable=False),
        sa.Column("expires_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name="pk_lead_links"),
    )
    op.create_index("ix_lead_links_expires_at", "lead_links", ["expires_at"])
    op.create_table(
        "lead_sessions",
        sa.Column("session_hash", sa.String(64), nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("tenant", sa.String(128), nullable=False, server_default=""),
        sa.Column("user_id", sa.String(128), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("idle_until", UTCDateTime, nullable=False),
        sa.Column("expires_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("session_hash", name="pk_lead_sessions"),
    )
    op.create_index("ix_lead_sessions_expires_at", "lead_sessions", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_lead_sessions_expires_at", "lead_sessions")
    op.drop_table("lead_sessions")
    op.drop_index("ix_lead_links_expires_at", "lead_links")
    op.drop_table("lead_links")
    op.drop_index("ix_flags_unit_status_release_at", "flags")
