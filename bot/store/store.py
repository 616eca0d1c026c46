"""The store: a transaction (:class:`Tx`, every query the bot runs) and the database it runs on (:class:`Store`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Connection
from sqlalchemy.exc import ArgumentError

from bot.store.deliveries import DeliveryQueries
from bot.store.engine import DATABASE_ERRORS, DatabaseUnavailable, Runner, open_runner, safe_url
from bot.store.engine import run_migrations as bring_schema_up_to_date
from bot.store.events import EventQueries
from bot.store.flag_store import FlagQueries
from bot.store.lead_access import LeadAccessQueries
from bot.store.people import PeopleQueries, needs_address_update
from bot.store.recaps import RecapQueries
from bot.store.reporter_keys import ReporterKeyQueries
from bot.store.team_channels import TeamChannelQueries
from bot.store.thanks import ThanksQueries

__all__ = ["Store", "Tx", "describe_failure", "needs_address_update"]

T = TypeVar("T")


class Tx(
    EventQueries,
    PeopleQueries,
    DeliveryQueries,
    FlagQueries,
    RecapQueries,
    ReporterKeyQueries,
    LeadAccessQueries,
    ThanksQueries,
    TeamChannelQueries,
):
    """One open transaction. Its methods are the only SQL the rest of Kinship runs.

    Methods are synchronous on purpose: a whole turn runs as one transaction body (see ``engine.py``).
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.dialect = conn.dialect.name


class Store:
    """The database behind Kinship. Open with :meth:`open`; :meth:`run` one transaction per turn."""

    def __init__(self, runner: Runner, database_url: str) -> None:
        self.runner = runner
        self.database_url = database_url

    @property
    def dialect(self) -> str:
        return self.runner.dialect

    @classmethod
    async def open(cls, database_url: str, *, run_migrations: bool = True) -> Store:
        """Connect (and migrate); raises :class:`DatabaseUnavailable` with one readable line on failure."""
        runner: Runner | None = None
        try:
            runner = open_runner(database_url)
            if run_migrations:
                await bring_schema_up_to_date(runner)
        except (*DATABASE_ERRORS, ArgumentError) as exc:
            if runner is not None:
                await runner.close()
            raise DatabaseUnavailable(describe_failure(database_url, exc)) from None
        return cls(runner, database_url)

    async def close(self) -> None:
        await self.runner.close()

    async def run(self, body: Callable[[Tx], T], *, quick: bool = False) -> T:
        """Run ``body`` in one transaction, committed if it returns and rolled back if it raises. ``quick``:
        a turn's worth of work, no more (see ``engine.py``: on SQLite it may run on the event loop)."""
        return await self.runner.run(lambda conn: body(Tx(conn)), quick=quick)

    async def run_on_connection(self, body: Callable[[Connection], T]) -> T:
        """Like :meth:`run`, for schema work and tests that need the plain connection."""
        return await self.runner.run(body)


def describe_failure(database_url: str, exc: BaseException) -> str:
    """One line for a person: which database, and the driver's reason without a traceback."""
    reason = getattr(exc, "orig", None) or exc
    text = " ".join(str(reason).split()) or type(reason).__name__
    if len(text) > 200:
        text = text[:197] + "..."
    return f"Kinship cannot use its database at {safe_url(database_url)}: {text}. Check DATABASE_URL."
