"""Look-backs for every lesson a person is given (on request too), and what `sources` explains.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("last_shown", sa.String(80), nullable=True))
        batch.add_column(sa.Column("last_recap_on", sa.Date, nullable=True))
    with op.batch_alter_table("deliveries") as batch:
        batch.alter_column("recap_id", type_=sa.String(255), existing_type=sa.String(64), existing_nullable=True)
    op.create_table(
        "lesson_recaps",
        sa.Column("person_id", sa.Integer, nullable=False),
        sa.Column("lesson_id", sa.String(64), nullable=False),
        sa.Column("first_on", sa.Date, nullable=False),
        sa.Column("recalled", sa.Integer, nullable=False, server_default="0"),
        sa.Column("due_on", sa.Date, nullable=True),
        sa.PrimaryKeyConstraint("person_id", "lesson_id", name="pk_lesson_recaps"),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], ondelete="CASCADE", name="fk_lesson_recaps_person_id_people"
        ),
    )
    op.create_index("ix_lesson_recaps_person_id_due_on", "lesson_recaps", ["person_id", "due_on"])
    _record_lessons_already_sent()


def _record_lessons_already_sent() -> None:
    """Lessons already sent by a nudge count as given on the day they were first sent, so their look-backs
    carry on from there; those given more than three weeks ago are past their look-backs and count as done."""
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT person_id, lesson_id, MIN(local_date) AS first_on FROM deliveries "
            "WHERE status = 'sent' AND kind = 'lesson' AND lesson_id IS NOT NULL GROUP BY person_id, lesson_id"
        )
    ).all()
    today = datetime.now(UTC).date()
    table = sa.table(
        "lesson_recaps",
        sa.column("person_id", sa.Integer),
        sa.column("lesson_id", sa.String),
        sa.column("first_on", sa.Date),
        sa.column("recalled", sa.Integer),
        sa.column("due_on", sa.Date),
    )
    values = []
    for r in rows:
        first_on = _as_date(r.first_on)
        recent = (today - first_on).days < 21
        due_on = first_on + timedelta(days=1) if recent else None
        values.append(
            {
                "person_id": r.person_id,
                "lesson_id": r.lesson_id,
                "first_on": first_on,
                "recalled": 0 if recent else 3,
                "due_on": due_on,
            }
        )
    if values:
        op.bulk_insert(table, values)


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def downgrade() -> None:
    op.drop_index("ix_lesson_recaps_person_id_due_on", "lesson_recaps")
    op.drop_table("lesson_recaps")
    with op.batch_alter_table("deliveries") as batch:
        batch.alter_column("recap_id", type_=sa.String(64), existing_type=sa.String(255), existing_nullable=True)
    with op.batch_alter_table("people") as batch:
        batch.drop_column("last_recap_on")
        batch.drop_column("last_shown")
