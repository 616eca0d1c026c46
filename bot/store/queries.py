"""What each group of queries mixed into :class:`bot.store.store.Tx` is given: one open connection."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite


class Queries:
    """A transaction's connection, its dialect's name, and an INSERT that knows ON CONFLICT on both dialects."""

    conn: Connection
    dialect: str

    def _insert(self, table: Any) -> Any:
        return (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)
