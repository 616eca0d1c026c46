"""Queries for team reflection in channels (mixed into :class:`Tx`): schedules, their answers, and the claims
the worker takes on due channels.

A due channel is claimed with a lease (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite serialises writers),
and every change after a post is made only by the lease's owner, so two workers never post the same week's
question twice. With no owner, ``lease_until`` means "not before": a post the platform asked us to delay.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update

from bot.domain.team_practice import TeamAnswerHeld, TeamSchedule
from bot.store.queries import Queries
from bot.store.tables import team_answers, team_channels


def _schedule(row: Any) -> TeamSchedule:
    hour, minute = (int(part) for part in row.post_time.split(":"))
    return TeamSchedule(
        id=row.id,
        platform=row.platform,
        tenant=row.tenant,
        channel=row.channel,
        ref=row.ref,
        unit=row.unit,
        weekday=row.weekday,
        at=time(hour, minute),
        timezone=row.timezone,
        paused=bool(row.paused),
        next_post_at=row.next_post_at,
        thread=row.thread,
        prompt_id=row.prompt_id,
        week=row.week,
        summary_due_at=row.summary_due_at,
        questions=row.questions,
    )


class TeamChannelQueries(Queries):
    """Team reflection schedules and answers (mixed into ``Tx``)."""

    # --- a channel's schedule, from its turns ----------------------------------------------------------
    def team_channel(self, platform: str, tenant: str, channel: str) -> TeamSchedule | None:
        row = self.conn.execute(
            select(team_channels).where(
                team_channels.c.platform == platform,
                team_channels.c.tenant == tenant,
                team_channels.c.channel == channel,
            )
        ).first()
        return None if row is None else _schedule(row)

    def add_team_channel(
        self, platform: str, tenant: str, channel: str, ref: str, unit: str | None, when: tuple[int, time], tz: str
    ) -> int:
        """A new schedule, with no question posted yet (``set_team_time`` then says when the first comes)."""
        weekday, at = when
        result = self.conn.execute(
            team_channels.insert()
            .values(
                platform=platform,
                tenant=tenant,
                channel=channel,
                ref=ref,
                unit=unit,
                weekday=weekday,
                post_time=at.strftime("%H:%M"),
                timezone=tz,
            )
            .returning(team_channels.c.id)
        )
        return int(result.scalar_one())

    def set_team_time(self, channel_id: int, weekday: int, at: time, next_post_at: datetime | None) -> None:
        self.conn.execute(
            update(team_channels)
            .where(team_channels.c.id == channel_id)
            .values(weekday=weekday, post_time=at.strftime("%H:%M"), next_post_at=next_post_at)
        )

    def set_team_paused(self, channel_id: int, paused: bool, next_post_at: datetime | None) -> None:
        self.conn.execute(
            update(team_channels)
            .where(team_channels.c.id == channel_id)
            .values(paused=paused, next_post_at=next_post_at)
        )

    def set_team_unit(self, channel_id: int, unit: str | None, ref: str) -> None:
        self.conn.execute(update(team_channels).where(team_channels.c.id == channel_id).values(unit=unit, ref=ref))

    def remove_team_channel(self, channel_id: int) -> None:
        """The schedule and every answer still held for it."""
        self.conn.execute(delete(team_answers).where(team_answers.c.channel_id == channel_id))
        self.conn.execute(delete(team_channels).where(team_channels.c.id == channel_id))

    def add_team_answer(self, channel_id: int, week: date, user: str, words: str, now: datetime) -> None:
        self.conn.execute(
            team_answers.insert().values(channel_id=channel_id, week=week, user_id=user, words=words, created_at=now)
        )

    def team_answerers(self, channel_id: int, week: date) -> int:
        query = select(func.count(func.distinct(team_answers.c.user_id))).where(
            team_answers.c.channel_id == channel_id, team_answers.c.week == week
        )
        return int(self.conn.execute(query).scalar_one())

    # --- the worker -------------------------------------------------------------------------------------
    @staticmethod
    def _team_due(now: datetime) -> Any:
        """A question or a summary due, and no other worker's lease (nor a platform's "wait") on it."""
        due = or_(
            and_(team_channels.c.next_post_at <= now, team_channels.c.paused == False),  # noqa: E712 - SQL
            team_channels.c.summary_due_at <= now,
        )
        free = or_(team_channels.c.lease_until.is_(None), team_channels.c.lease_until <= now)
        return and_(due, free)

    def due_team_tenants(self, now: datetime, platforms: Iterable[str]) -> list[tuple[str, str]]:
        """The workspaces and tenants with a channel due, so each can be claimed for in its own measure."""
        query = (
            select(team_channels.c.platform, team_channels.c.tenant)
            .where(self._team_due(now), team_channels.c.platform.in_(list(platforms)))
            .distinct()
        )
        return [(row.platform, row.tenant) for row in self.conn.execute(query)]

    def claim_team_posts(
        self, now: datetime, place: tuple[str, str], owner: str, lease_until: datetime, limit: int
    ) -> list[TeamSchedule]:
        """Up to ``limit`` due channels of one workspace or tenant (``place``: platform and tenant)."""
        query = (
            select(team_channels.c.id)
            .where(self._team_due(now), team_channels.c.platform == place[0], team_channels.c.tenant == place[1])
            .order_by(func.coalesce(team_channels.c.summary_due_at, team_channels.c.next_post_at))
            .limit(limit)
        )
        if self.dialect == "postgresql":
            query = query.with_for_update(skip_locked=True)
        ids = [row.id for row in self.conn.execute(query)]
        if not ids:
            return []
        self.conn.execute(
            update(team_channels).where(team_channels.c.id.in_(ids)).values(lease_owner=owner, lease_until=lease_until)
        )
        return [_schedule(r) for r in self.conn.execute(select(team_channels).where(team_channels.c.id.in_(ids)))]

    def renew_team_leases(self, ids: Iterable[int], owner: str, lease_until: datetime) -> set[int]:
        """Those of ``ids`` still ours, with their lease moved on (a long queue in a slow workspace)."""
        wanted = list(ids)
        mine = team_channels.c.id.in_(wanted) & (team_channels.c.lease_owner == owner)
        held = {row.id for row in self.conn.execute(select(team_channels.c.id).where(mine))}
        if held:
            self.conn.execute(update(team_channels).where(team_channels.c.id.in_(held)).values(lease_until=lease_until))
        return held

    def team_question_posted(
        self, channel_id: int, owner: str, posted: tuple[str, str, date], summary_at: datetime, next_at: datetime
    ) -> bool:
        """The week's question is up (thread id, prompt id, week): the summary and next question are scheduled,
        and the lease is handed back. False if the lease was no longer ours."""
        thread, prompt_id, week = posted
        done = self.conn.execute(
            update(team_channels)
            .where(team_channels.c.id == channel_id, team_channels.c.lease_owner == owner)
            .values(
                thread=thread,
                prompt_id=prompt_id,
                week=week,
                summary_due_at=summary_at,
                next_post_at=next_at,
                questions=team_channels.c.questions + 1,
                lease_owner=None,
                lease_until=None,
            )
        )
        return done.rowcount == 1

    def team_week_answers(self, channel_id: int, week: date) -> dict[str, list[str]]:
        """Each answerer's answers in that week's thread (redacted words), keyed by their platform id."""
        query = (
            select(team_answers.c.user_id, team_answers.c.words)
            .where(team_answers.c.channel_id == channel_id, team_answers.c.week == week)
            .order_by(team_answers.c.id)
        )
        found: dict[str, list[str]] = {}
        for row in self.conn.execute(query):
            found.setdefault(row.user_id, []).append(row.words)
        return found

    def team_week_closed(self, channel_id: int, owner: str, week: date | None) -> bool:
        """The week is over (summary posted, or too few took part): its answers go and its thread closes."""
        done = self.conn.execute(
            update(team_channels)
            .where(team_channels.c.id == channel_id, team_channels.c.lease_owner == owner)
            .values(summary_due_at=None, thread="", lease_owner=None, lease_until=None)
        )
        if done.rowcount != 1:
            return False
        if week is not None:
            self.conn.execute(
                delete(team_answers).where(team_answers.c.channel_id == channel_id, team_answers.c.week == week)
            )
        return True

    def team_post_later(self, channel_id: int, owner: str, not_before: datetime) -> None:
        """Hand the claim back, to be tried again no sooner than ``not_before`` (the platform said wait)."""
        self.conn.execute(
            update(team_channels)
            .where(team_channels.c.id == channel_id, team_channels.c.lease_owner == owner)
            .values(lease_owner=None, lease_until=not_before)
        )

    def release_team_leases(self, owner: str) -> int:
        """Every claim ``owner`` holds, handed back (a worker stopping); how many there were."""
        free = update(team_channels).where(team_channels.c.lease_owner == owner)
        return int(self.conn.execute(free.values(lease_owner=None, lease_until=None)).rowcount)

    def purge_team_answers(self, before: datetime) -> int:
        return int(self.conn.execute(delete(team_answers).where(team_answers.c.created_at < before)).rowcount)

    # --- a person's own answers (my data, delete my data) ----------------------------------------------------
    def _answers_of(self, platform: str, tenant: str, user: str) -> Any:
        channels = select(team_channels.c.id).where(
            team_channels.c.platform == platform, team_channels.c.tenant == tenant
        )
        return and_(team_answers.c.user_id == user, team_answers.c.channel_id.in_(channels))

    def team_answers_of(self, platform: str, tenant: str, user: str) -> tuple[TeamAnswerHeld, ...]:
        query = (
            select(team_channels.c.channel, team_answers.c.week, team_answers.c.words, team_answers.c.created_at)
            .join(team_channels, team_channels.c.id == team_answers.c.channel_id)
            .where(self._answers_of(platform, tenant, user))
            .order_by(team_answers.c.created_at, team_answers.c.id)
        )
        return tuple(TeamAnswerHeld(r.channel, r.week, r.words, r.created_at) for r in self.conn.execute(query))

    def delete_team_answers_of(self, platform: str, tenant: str, user: str) -> int:
        return int(self.conn.execute(delete(team_answers).where(self._answers_of(platform, tenant, user))).rowcount)
