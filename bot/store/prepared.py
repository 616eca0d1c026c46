"""The few statements every turn runs, prepared once and, on SQLite, run straight on the driver's cursor.

SQLAlchemy's ``Connection.execute`` costs tens of microseconds a statement before and after the database's own
work (an execution context, the compiled cache's key, a result object), several times what SQLite itself
spends on a look-up by key. A turn runs three or four such statements, so on SQLite (where a turn runs on the
event loop: see ``engine.py``) :class:`Prepared` compiles its statement once, with SQLAlchemy, and then runs
that SQL on the ``sqlite3`` cursor with the same conversions SQLAlchemy would apply (each type's own bind and
result processors, for this dialect), and the driver's errors wrapped as SQLAlchemy wraps them. Rows keep
their attribute access. On PostgreSQL it is ``Connection.execute``, as ever.
"""

from __future__ import annotations

import sqlite3
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import ClauseElement

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Plan:
    """One statement compiled for SQLite: its SQL, parameters in order with their defaults and conversions,
    and, for a query, how to build a row from what the driver returns."""

    sql: str
    names: tuple[str, ...]
    defaults: Mapping[str, Any]
    binds: tuple[Processor, ...]
    row: Any  # a namedtuple class for a query's rows, or None
    results: tuple[Processor, ...]

    def parameters(self, given: Mapping[str, Any]) -> tuple[Any, ...]:
        out = []
        for name, convert in zip(self.names, self.binds, strict=True):
            value = given[name] if name in given else self.defaults[name]
            out.append(value if convert is None or value is None else convert(value))
        return tuple(out)

    def make_row(self, raw: Sequence[Any]) -> Any:
        return self.row._make(
            value if convert is None or value is None else convert(value)
            for value, convert in zip(raw, self.results, strict=True)
        )


def _row_type(names: list[str]) -> Any:
    """Rows with attribute access, like SQLAlchemy's."""
    return namedtuple("PreparedRow", names)


def _plan(statement: ClauseElement, dialect: Dialect) -> _Plan:
    compiled: Any = statement.compile(dialect=dialect)
    binds = compiled.binds
    if any(getattr(bind, "expanding", False) for bind in binds.values()):
        raise ValueError("a prepared statement cannot have an IN list")
    names = tuple(compiled.positiontup or ())
    row: Any = None
    results: tuple[Processor, ...] = ()
    columns = list(getattr(statement, "selected_columns", ()))
    if columns:
        row = _row_type([column.key for column in columns])
        results = tuple(column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns)
    return _Plan(
        sql=compiled.string,
        names=names,
        defaults={name: bind.value for name, bind in binds.items()},
        binds=tuple(binds[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names),
        row=row,
        results=results,
    )


class Prepared:
    """A statement run many times with different parameters (see the module docstring)."""

    def __init__(self, statement: Any) -> None:
        self.statement = statement
        self._sqlite: _Plan | None = None

    def first(self, conn: Connection, parameters: Mapping[str, Any]) -> Any:
        """The first row, or None."""
        if conn.dialect.name != "sqlite":
            return conn.execute(self.statement, parameters).first()
        plan, cursor = self._run(conn, parameters)
        raw = cursor.fetchone()
        cursor.close()
        return None if raw is None else plan.make_row(raw)

    def all(self, conn: Connection, parameters: Mapping[str, Any]) -> list[Any]:
        """Every row."""
        if conn.dialect.name != "sqlite":
            return list(conn.execute(self.statement, parameters))
        plan, cursor = self._run(conn, parameters)
        raw = cursor.fetchall()
        cursor.close()
        return [plan.make_row(r) for r in raw]

    def rowcount(self, conn: Connection, parameters: Mapping[str, Any]) -> int:
        """A change's count of rows changed."""
        if conn.dialect.name != "sqlite":
            return int(conn.execute(self.statement, parameters).rowcount)
        _, cursor = self._run(conn, parameters)
        count = cursor.rowcount
        cursor.close()
        return int(count)

    def _run(self, conn: Connection, parameters: Mapping[str, Any]) -> tuple[_Plan, sqlite3.Cursor]:
        plan = self._sqlite
        if plan is None:
            plan = self._sqlite = _plan(self.statement, conn.dialect)
        values = plan.parameters(parameters)
        driver: Any = conn.connection.driver_connection
        try:
            return plan, driver.execute(plan.sql, values)
        except sqlite3.Error as exc:  # as SQLAlchemy raises it: callers know one family of database errors
            raise DBAPIError.instance(plan.sql, values, exc, sqlite3.Error) from exc
