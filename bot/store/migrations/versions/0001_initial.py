"""The first schema: people, reflections, flags, follow-up handles, lead audit, processed events.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.tables import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("tenant", sa.String(128), nullable=False),
        sa.Column("user_id", sa.String(128), nullable=False),
        sa.Column("conversation", sa.String(256), nullable=False, server_default=""),
        sa.Column("ref", sa.Text, nullable=False, server_default=""),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False, server_default="Europe/London"),
        sa.Column("nudge_time", sa.String(5), nullable=False, server_default="10:00"),
        sa.Column("nudge_days", sa.Integer, nullable=False, server_default="31"),
        sa.Column("subscribed", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("paused_until", sa.Date, nullable=True),
        sa.Column("next_due_at", UTCDateTime, nullable=True),
        sa.Column("reachable", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("lesson_position", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_lesson_id", sa.String(64), nullable=True),
        sa.Column("last_lesson_on", sa.Date, nullable=True),
        sa.Column("state", sa.Text, nullable=False, server_default="{}"),
        sa.PrimaryKeyConstraint("id", name="pk_people"),
        sa.UniqueConstraint("platform", "tenant", "user_id", name="uq_people_identity"),
    )
    op.create_index("ix_people_next_due_at", "people", ["next_due_at"])
    op.create_table(
        "reflections",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("person_id", sa.Integer, nullable=False),
        sa.Column("prompt_id", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reflections"),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], ondelete="CASCADE", name="fk_reflections_person_id_people"
        ),
    )
    op.create_index("ix_reflections_person_id", "reflections", ["person_id"])
    op.create_table(
        "flags",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_code", sa.String(16), nullable=False),
        sa.Column("unit", sa.String(64), nullable=False),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("occurred", sa.String(16), nullable=False),
        sa.Column("submitted_week", sa.Date, nullable=False),
        sa.Column("danger", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("status", sa.String(16), nullable=False, server_default="new"),
        sa.Column("release_at", UTCDateTime, nullable=False),
        sa.Column("lead_note", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_flags"),
        sa.UniqueConstraint("case_code", name="uq_flags_case_code"),
    )
    op.create_index("ix_flags_unit_release_at", "flags", ["unit", "release_at"])
    op.create_table(
        "flag_handles",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("flag_id", sa.Integer, nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("tenant", sa.String(128), nullable=False),
        sa.Column("user_id", sa.String(128), nullable=False),
        sa.Column("conversation", sa.String(256), nullable=False),
        sa.Column("ref", sa.Text, nullable=False, server_default=""),
        sa.Column("expires_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_flag_handles"),
        sa.UniqueConstraint("flag_id", name="uq_flag_handles_flag_id"),
        sa.ForeignKeyConstraint(["flag_id"], ["flags.id"], ondelete="CASCADE", name="fk_flag_handles_flag_id_flags"),
    )
    op.create_table(
        "lead_audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("lead_platform", sa.String(16), nullable=False),
        sa.Column("lead_user", sa.String(128), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("unit", sa.String(64), nullable=True),
        sa.Column("flag_id", sa.Integer, nullable=True),
        sa.Column("detail", sa.Text, nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name="pk_lead_audit"),
    )
    op.create_table(
        "processed_events",
        sa.Column("event_key", sa.String(255), nullable=False),
        sa.Column("seen_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("event_key", name="pk_processed_events"),
    )
    op.create_index("ix_processed_events_seen_at", "processed_events", ["seen_at"])


def downgrade() -> None:
    for table in ("processed_events", "lead_audit", "flag_handles", "flags", "reflections", "people"):
        op.drop_table(table)
