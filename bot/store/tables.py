"""The database schema as SQLAlchemy Core tables (one definition for SQLite and PostgreSQL).

Privacy is part of the schema: ``flags`` has no column that could identify who sent a flag; the only link
back to a reporter is ``flag_handles``, a separate table holding just what is needed to relay a reply, and
deleted with the flag or when it expires.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.types import TypeDecorator

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, stored as naive UTC (SQLite has no time zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None


people = Table(
    "people",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("platform", String(16), nullable=False),
    Column("tenant", String(128), nullable=False),
    Column("user_id", String(128), nullable=False),
    Column("conversation", String(256), nullable=False, server_default=""),
    Column("ref", Text, nullable=False, server_default=""),
    Column("created_at", UTCDateTime, nullable=False),
    Column("timezone", String(64), nullable=False, server_default="Europe/London"),
    Column("nudge_time", String(5), nullable=False, server_default="10:00"),
    Column("nudge_days", Integer, nullable=False, server_default="31"),  # bit n = weekday n (Mon = 0)
    Column("subscribed", Boolean, nullable=False, server_default=false()),
    Column("paused_until", Date, nullable=True),
    Column("next_due_at", UTCDateTime, nullable=True),
    Column("reachable", Boolean, nullable=False, server_default=true()),
    Column("lesson_position", Integer, nullable=False, server_default="0"),
    Column("last_lesson_id", String(64), nullable=True),
    Column("last_lesson_on", Date, nullable=True),
    Column("state", Text, nullable=False, server_default="{}"),
    Column("quiet_start", String(5), nullable=True),
    Column("quiet_end", String(5), nullable=True),
    Column("unanswered", Integer, nullable=False, server_default="0"),  # nudges sent since they last wrote
    Column("checkin_sent", Boolean, nullable=False, server_default=false()),
    Column("timezone_chosen", Boolean, nullable=False, server_default=false()),  # set by them, not the platform
    Column("left_at", UTCDateTime, nullable=True),  # removed the app or left: their data is purged after a grace
    Column("last_shown", String(80), nullable=True),  # "lesson:<id>" or "script:<id>": what `sources` explains
    Column("last_recap_on", Date, nullable=True),  # their own date of the last look-back: at most one a day
    UniqueConstraint("platform", "tenant", "user_id", name="uq_people_identity"),
    Index("ix_people_next_due_at", "next_due_at"),
    Index("ix_people_platform_next_due_at", "platform", "next_due_at"),
)

reflections = Table(
    "reflections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("prompt_id", String(64), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

flags = Table(
    "flags",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_code", String(16), nullable=False),
    Column("unit", String(64), nullable=False),
    Column("category", String(64), nullable=False),
    Column("occurred", String(16), nullable=False),  # today | this-week | earlier, as the reporter chose
    Column("submitted_week", Date, nullable=False),  # the Monday of the week it was sent: never the day
    Column("submitted_month", Date, nullable=False),  # the first of the month it was sent, for summaries
    Column("danger", Boolean, nullable=False, server_default=false()),
    Column("description", Text, nullable=False, server_default=""),  # already redacted
    Column("status", String(16), nullable=False, server_default="new"),
    Column("release_at", UTCDateTime, nullable=False),
    Column("lead_note", Text, nullable=True),
    UniqueConstraint("case_code", name="uq_flags_case_code"),
    Index("ix_flags_unit_release_at", "unit", "release_at"),
    Index("ix_flags_unit_submitted_month", "unit", "submitted_month", "category", "status", "release_at"),
    Index("ix_flags_unit_status_release_at", "unit", "status", "release_at"),  # a lead's list by status
)

flag_messages = Table(
    "flag_messages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("flag_id", Integer, ForeignKey("flags.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("sender", String(16), nullable=False),  # lead | reporter: never which lead, never which reporter
    Column("text", Text, nullable=False),  # already redacted
    Column("created_at", UTCDateTime, nullable=False),  # its release batch, never the moment it was written
    Column("release_at", UTCDateTime, nullable=True, index=True),  # passed on no sooner, like the flags themselves
    Column("relay", String(16), nullable=False, server_default="pending", index=True),  # pending|sending|done
    Column("relay_until", UTCDateTime, nullable=True),  # a relay's lease: after it, another worker may retry
)

# The one live key of the reporter-hash ratchet, wrapped with the deployment's secret; older days' keys are
# deleted as soon as the next exists (bot/domain/reporters.py).
reporter_keys = Table(
    "reporter_keys",
    metadata,
    Column("day", Date, primary_key=True),
    Column("wrapped", String(96), nullable=False),
)

# Flags sent today per keyed hash of a reporter; the day is part of the key, so the hashes rotate daily.
flag_quota = Table(
    "flag_quota",
    metadata,
    Column("token", String(64), primary_key=True),
    Column("day", Date, nullable=False, index=True),
    Column("count", Integer, nullable=False, server_default="0"),
)

flag_handles = Table(
    "flag_handles",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("flag_id", Integer, ForeignKey("flags.id", ondelete="CASCADE"), nullable=False),
    Column("platform", String(16), nullable=False),
    Column("tenant", String(128), nullable=False),
    Column("user_id", String(128), nullable=False),
    Column("conversation", String(256), nullable=False),
    Column("ref", Text, nullable=False, server_default=""),
    Column("expires_at", UTCDateTime, nullable=False),
    UniqueConstraint("flag_id", name="uq_flag_handles_flag_id"),
)

lead_audit = Table(
    "lead_audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime, nullable=False),
    Column("lead_platform", String(16), nullable=False),
    Column("lead_user", String(128), nullable=False),
    Column("action", String(32), nullable=False),
    Column("unit", String(64), nullable=True),
    Column("flag_id", Integer, nullable=True),  # no foreign key: the audit outlives deleted flags
    Column("detail", Text, nullable=False, server_default=""),
)

# The lead dashboard (bot/web): a link made in chat, single-use and short-lived, and the browser session it
# starts. Only hashes of the secrets are kept, so a copy of the database opens no one's dashboard.
lead_links = Table(
    "lead_links",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("platform", String(16), nullable=False),
    Column("tenant", String(128), nullable=False, server_default=""),
    Column("user_id", String(128), nullable=False),
    Column("expires_at", UTCDateTime, nullable=False, index=True),
)

lead_sessions = Table(
    "lead_sessions",
    metadata,
    Column("session_hash", String(64), primary_key=True),
    Column("platform", String(16), nullable=False),
    Column("tenant", String(128), nullable=False, server_default=""),
    Column("user_id", String(128), nullable=False),
    Column("csrf", String(64), nullable=False),  # the forms' token, bound to this session
    Column("idle_until", UTCDateTime, nullable=False),  # moves on with each request
    Column("expires_at", UTCDateTime, nullable=False, index=True),  # the session's whole life, however busy
)

processed_events = Table(
    "processed_events",
    metadata,
    Column("event_key", String(255), primary_key=True),
    Column("seen_at", UTCDateTime, nullable=False, index=True),
    # Replies this event's turn still owes (JSON, NULL once delivered): they can quote the person's own words,
    # so they are cleared on delivery and the whole row is purged after a day. See bot/outbound/redelivery.py.
    Column("address", Text, nullable=True),
    Column("replies", Text, nullable=True),
    Column("retry_at", UTCDateTime, nullable=True, index=True),  # the poster's hold; then anyone may send them
    Column("attempts", Integer, nullable=False, server_default="0"),
)

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("local_date", Date, nullable=False),  # the person's own date: at most one nudge on it, ever
    Column("due_at", UTCDateTime, nullable=False),
    Column("status", String(16), nullable=False, server_default="pending"),  # pending|sending|sent|skipped|failed
    Column("kind", String(16), nullable=True),  # lesson | check-in, decided when first claimed
    Column("lesson_id", String(64), nullable=True),
    Column("recap_id", String(255), nullable=True),  # the lessons looked back at, comma-separated (at most 3)
    Column("lease_owner", String(64), nullable=True),
    Column("lease_until", UTCDateTime, nullable=True),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("sent_at", UTCDateTime, nullable=True),
    Column("error", String(200), nullable=True),
    UniqueConstraint("person_id", "local_date", name="uq_deliveries_person_day"),
    Index("ix_deliveries_status_due_at", "status", "due_at"),
)

# One row per lesson a person has been given (by a nudge or on request): when they first had it, and how many
# of its look-backs (after about 1, 7 and 21 days) they have had. See bot/domain/recaps.py.
lesson_recaps = Table(
    "lesson_recaps",
    metadata,
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("lesson_id", String(64), primary_key=True),
    Column("first_on", Date, nullable=False),  # the person's own date
    Column("recalled", Integer, nullable=False, server_default="0"),  # look-backs had so far (0 to 3)
    Column("due_on", Date, nullable=True),  # when the next look-back is due; NULL once all are done
    Index("ix_lesson_recaps_person_id_due_on", "person_id", "due_on"),
)

# A thank-you from one colleague to another (bot/dialogue/flows/thanks.py, bot/outbound/thanks_delivery.py).
# Who sent it and who it is for are kept only while needed to pass on a "thank you back" (KEEP_PEOPLE_FOR in
# bot/store/thanks.py), then set to NULL, with given_at moved back to the start of its week; the words and the
# signed name go once delivered. What stays for good is the unit and the week: the team's weekly count.
thanks = Table(
    "thanks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("unit", String(64), nullable=False, server_default=""),  # the team it counts for ("" for none)
    Column("given_at", UTCDateTime, nullable=False),  # exact while people are kept, then its week's start
    Column("keep_until", UTCDateTime, nullable=True),  # when the people and any words go
    Column("sender_platform", String(16), nullable=True),
    Column("sender_tenant", String(128), nullable=True),
    Column("sender_user", String(128), nullable=True),
    Column("sender_conversation", String(256), nullable=True),
    Column("sender_ref", Text, nullable=True),
    Column("recipient_platform", String(16), nullable=True),
    Column("recipient_tenant", String(128), nullable=True),
    Column("recipient_user", String(128), nullable=True),
    Column("recipient_conversation", String(256), nullable=True),  # empty: the adapter opens a chat by user id
    Column("recipient_ref", Text, nullable=True),
    Column("recipient_label", String(80), nullable=True),  # a name typed for them (the console), else NULL
    Column("signed_as", String(80), nullable=True),  # the sender's name as shown; NULL when sent without it
    Column("words", Text, nullable=True),  # what they were thanked for (identifiers redacted); NULL once delivered
    Column("note", String(16), nullable=False, server_default="pending"),  # pending|sending|done|failed
    Column("note_until", UTCDateTime, nullable=True),  # a send's lease, or when to retry
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("reached", Boolean, nullable=False, server_default=false()),  # the person has it; copies may still go
    Column("reply", String(16), nullable=False, server_default=""),  # to the sender: "" | back | undelivered
    Column("reply_state", String(16), nullable=False, server_default=""),  # "" | pending | sending | done
    Column("reply_until", UTCDateTime, nullable=True),
    Index("ix_thanks_unit_given_at", "unit", "given_at"),
    Index("ix_thanks_note", "note", "note_until"),
    Index("ix_thanks_reply_state", "reply_state", "reply_until"),
    Index("ix_thanks_sender_user", "sender_user", "given_at"),
    Index("ix_thanks_recipient_user", "recipient_user"),
    Index("ix_thanks_keep_until", "keep_until"),
)

# Team reflection (bot/domain/team_practice.py): one row per channel Kinship posts a weekly question in. No
# column names who set it up; removing Kinship deletes the row and, with it, any answers still held.
team_channels = Table(
    "team_channels",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("platform", String(16), nullable=False),
    Column("tenant", String(128), nullable=False),
    Column("channel", String(256), nullable=False),
    Column("ref", Text, nullable=False, server_default=""),  # what the adapter needs to post there later
    Column("unit", String(64), nullable=True),
    Column("weekday", Integer, nullable=False),  # Monday = 0
    Column("post_time", String(5), nullable=False),  # HH:MM, local
    Column("timezone", String(64), nullable=False),
    Column("paused", Boolean, nullable=False, server_default=false()),
    Column("next_post_at", UTCDateTime, nullable=True),
    Column("thread", String(256), nullable=False, server_default=""),  # the open question's message id
    Column("prompt_id", String(64), nullable=False, server_default=""),
    Column("week", Date, nullable=True),  # the Monday of the week the open question covers
    Column("summary_due_at", UTCDateTime, nullable=True),
    Column("questions", Integer, nullable=False, server_default="0"),  # posted so far: which question is next
    Column("lease_owner", String(64), nullable=True),
    Column("lease_until", UTCDateTime, nullable=True),  # a worker's claim; with no owner, "not before" (a retry)
    UniqueConstraint("platform", "tenant", "channel", name="uq_team_channels_place"),
    Index("ix_team_channels_next_post_at", "next_post_at"),
    Index("ix_team_channels_summary_due_at", "summary_due_at"),
)

# Answers in a week's question thread, redacted, kept only until that week's summary (and never past
# team_practice.ANSWER_KEEP). The answerer's platform id is kept so "delete my data" can remove them.
team_answers = Table(
    "team_answers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("channel_id", Integer, ForeignKey("team_channels.id", ondelete="CASCADE"), nullable=False),
    Column("week", Date, nullable=False),
    Column("user_id", String(128), nullable=False),
    Column("words", Text, nullable=False),  # already redacted
    Column("created_at", UTCDateTime, nullable=False, index=True),
    Index("ix_team_answers_channel_id_week", "channel_id", "week"),
    Index("ix_team_answers_user_id", "user_id"),
)
