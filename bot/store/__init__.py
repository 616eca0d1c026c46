"""Storage: SQLAlchemy Core tables, Alembic migrations and the queries the bot runs (:class:`Tx`).

Imports only ``bot.domain`` (the records it reads and writes); every layer above may use it.
"""

from bot.domain.records import FlagRecord, PersonRecord, ReflectionRecord
from bot.store.engine import DATABASE_ERRORS, HEAD_REVISION, DatabaseUnavailable, migrate
from bot.store.store import Store, Tx, describe_failure, needs_address_update

__all__ = [
    "DATABASE_ERRORS",
    "HEAD_REVISION",
    "DatabaseUnavailable",
    "FlagRecord",
    "PersonRecord",
    "ReflectionRecord",
    "Store",
    "Tx",
    "describe_failure",
    "migrate",
    "needs_address_update",
]
