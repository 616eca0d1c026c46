"""Thanks between colleagues: one row per thank-you, its people kept only while a reply may follow.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.tables import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_INDEXES = {
    "ix_thanks_unit_given_at": ["unit", "given_at"],
    "ix_thanks_note": ["note", "note_until"],
    "ix_thanks_reply_state": ["reply_state", "reply_until"],
    "ix_thanks_sender_user": ["sender_user", "given_at"],
    "ix_thanks_recipient_user": ["recipient_user"],
    "ix_thanks_keep_until": ["keep_until"],
}


def upgrade() -> None:
    op.create_table(
        "thanks",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("unit", sa.String(64), nullable=False, server_default=""),
        sa.Column("given_at", UTCDateTime, nullable=False),
        sa.Column("keep_until", UTCDateTime, nullable=True),
        sa.Column("sender_platform", sa.String(16), nullable=True),
        sa.Column("sender_tenant", sa.String(128), nullable=True),
        sa.Column("sender_user", sa.String(128), nullable=True),
        sa.Column("sender_conversation", sa.String(256), nullable=True),
        sa.Column("sender_ref", sa.Text, nullable=True),
        sa.Column("recipient_platform", sa.String(16), nullable=True),
        sa.Column("recipient_tenant", sa.String(128), nullable=True),
        sa.Column("recipient_user", sa.String(128), nullable=True),
        sa.Column("recipient_conversation", sa.String(256), nullable=True),
        sa.Column("recipient_ref", sa.Text, nullable=True),
        sa.Column("recipient_label", sa.String(80), nullable=True),
        sa.Column("signed_as", sa.String(80), nullable=True),
        sa.Column("words", sa.Text, nullable=True),
        sa.Column("note", sa.String(16), nullable=False, server_default="pending"),
        sa.Column("note_until", UTCDateTime, nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("reached", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("reply", sa.String(16), nullable=False, server_default=""),
        sa.Column("reply_state", sa.String(16), nullable=False, server_default=""),
        sa.Column("reply_until", UTCDateTime, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_thanks"),
    )
    for name, columns in _INDEXES.items():
        op.create_index(name, "thanks", columns)


def downgrade() -> None:
    for name in _INDEXES:
        op.drop_index(name, "thanks")
    op.drop_table("thanks")
