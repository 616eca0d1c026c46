"""Daily nudges: quiet hours and unanswered counts on people; the delivery queue.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.tables import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("quiet_start", sa.String(5), nullable=True))
        batch.add_column(sa.Column("quiet_end", sa.String(5), nullable=True))
        batch.add_column(sa.Column("unanswered", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("checkin_sent", sa.Boolean, nullable=False, server_default=sa.false()))
    # the worker's "who is due" query: per platform, in due order (better than the identity index SQLite
    # would otherwise pick for the platform filter)
    op.create_index("ix_people_platform_next_due_at", "people", ["platform", "next_due_at"])
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("person_id", sa.Integer, nullable=False),
        sa.Column("local_date", sa.Date, nullable=False),
        sa.Column("due_at", UTCDateTime, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="pending"),
        sa.Column("kind", sa.String(16), nullable=True),
        sa.Column("lesson_id", sa.String(64), nullable=True),
        sa.Column("recap_id", sa.String(64), nullable=True),
        sa.Column("lease_owner", sa.String(64), nullable=True),
        sa.Column("lease_until", UTCDateTime, nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("sent_at", UTCDateTime, nullable=True),
        sa.Column("error", sa.String(200), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_deliveries"),
        sa.UniqueConstraint("person_id", "local_date", name="uq_deliveries_person_day"),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], ondelete="CASCADE", name="fk_deliveries_person_id_people"
        ),
    )
    op.create_index("ix_deliveries_status_due_at", "deliveries", ["status", "due_at"])


def downgrade() -> None:
    op.drop_table("deliveries")
    op.drop_index("ix_people_platform_next_due_at", "people")
    with op.batch_alter_table("people") as batch:
        for column in ("checkin_sent", "unanswered", "quiet_end", "quiet_start"):
            batch.drop_column(column)
