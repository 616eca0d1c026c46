"""The receipts ledger for owed replies: recording that a turn's replies reached the platform, many turns to
a transaction.

Every answered platform event keeps its replies as owed until the adapter says they were posted (see
:mod:`bot.outbound.redelivery`). Under load that "posted" note is one more transaction per turn; here the notes of
turns finishing at about the same time share one: the first note starts a write, notes arriving while it
runs wait for the next, which takes them all. Each caller still returns only once its own note is saved,
so nothing changes for it but the cost.
"""

from __future__ import annotations

import asyncio
import logging
from functools import partial

from bot.store import DATABASE_ERRORS, Store, Tx

log = logging.getLogger(__name__)


class DeliveryLedger:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._waiting: list[str] = []
        self._saved: asyncio.Future[None] | None = None  # resolves when the waiting keys are written
        self._writing: asyncio.Task[None] | None = None

    async def all_delivered(self, key: str) -> None:
        """Record that every reply owed for ``key`` was posted; returns when that is saved (or has failed)."""
        loop = asyncio.get_running_loop()
        if self._saved is None:
            self._saved = loop.create_future()
        saved = self._saved
        self._waiting.append(key)
        if self._writing is None or self._writing.done():
            self._writing = asyncio.ensure_future(self._write_all())
        await asyncio.shield(saved)

    async def _write_all(self) -> None:
        while self._waiting:
            keys, saved = self._waiting, self._saved
            self._waiting, self._saved = [], None
            try:
                await self.store.run(partial(_all_delivered, keys=keys), quick=True)
            except Exception as exc:  # never the keys: they name people's conversations
                kind = "database unavailable" if isinstance(exc, DATABASE_ERRORS) else "unexpected error"
                log.error(
                    "could not record delivered replies (%s: %s); they may be sent again", kind, type(exc).__name__
                )
            finally:
                if saved is not None and not saved.done():
                    saved.set_result(None)


def _all_delivered(tx: Tx, *, keys: list[str]) -> None:
    tx.all_replies_delivered(keys)
