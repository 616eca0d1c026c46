"""``python -m bot backup --out FILE``: a consistent copy of a SQLite database, taken while Kinship runs.

SQLite's online backup API copies every page inside one read transaction, so the copy is the database as it
stood at one moment: every transaction committed before the copy began is in it, nothing half-written is.
In WAL mode a reader never blocks the writer, so ``serve`` and ``worker`` carry on meanwhile. The copy is
written beside ``FILE`` first, checked with ``PRAGMA integrity_check``, and only then renamed into place, so
a failed backup never replaces a good one.

PostgreSQL has its own tools for this (``pg_dump``), which the command names instead of copying anything.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

BUSY_TIMEOUT_S = 30.0
PG_DUMP_HINT = (
    "backup copies SQLite databases only; for PostgreSQL run "
    'pg_dump --format=custom --file=kinship.dump "$DATABASE_URL" (see "Backups" in the README)'
)


class BackupRefused(Exception):
    """The backup cannot be taken; the message is one line a person can act on."""


@dataclass(frozen=True)
class BackupDone:
    path: Path
    size_bytes: int
    revision: str | None
    seconds: float

    def summary(self) -> str:
        schema = f"schema {self.revision}" if self.revision else "no Kinship schema"
        megabytes = self.size_bytes / 1_000_000
        return f"wrote {self.path} ({megabytes:.1f} MB, {schema}, integrity ok) in {self.seconds:.2f} s"


def sqlite_file(database_url: str) -> Path:
    """The SQLite file behind ``database_url``; refuses PostgreSQL, in-memory databases and missing files."""
    try:
        url = make_url(database_url)
    except ArgumentError:
        raise BackupRefused(f"DATABASE_URL is not a database URL: {database_url.split('@')[-1]}") from None
    backend = url.get_backend_name()
    if backend in {"postgresql", "postgres"}:
        raise BackupRefused(PG_DUMP_HINT)
    if backend != "sqlite":
        raise BackupRefused(f"DATABASE_URL must be sqlite:///… or postgresql://…, not {backend}://…")
    database = url.database or ""
    if database in ("", ":memory:") or "mode=memory" in database or url.query.get("mode") == "memory":
        raise BackupRefused("an in-memory SQLite database has nothing on disk to back up")
    path = Path(database)
    if not path.is_file():
        raise BackupRefused(f"{path}: no such database file (check DATABASE_URL)")
    return path


def backup_sqlite(source: Path, out: Path) -> BackupDone:
    """Copy ``source`` to ``out`` with the online backup API, check the copy, then move it into place."""
    if out.resolve() == source.resolve():
        raise BackupRefused(f"{out} is the database itself: give another file to --out")
    partial = out.with_name(out.name + ".partial")
    started = time.perf_counter()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        revision = _copy(source, partial)
        os.replace(partial, out)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise BackupRefused(f"cannot back up {source} to {out}: {_reason(exc)}") from None
    except BackupRefused:
        partial.unlink(missing_ok=True)
        raise
    return BackupDone(out, out.stat().st_size, revision, time.perf_counter() - started)


def _copy(source: Path, target: Path) -> str | None:
    src = sqlite3.connect(source, timeout=BUSY_TIMEOUT_S)  # only read: a read-only open fails without -shm
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)  # all pages in one step: one read transaction, one moment of the database
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file; Kinship turns WAL back on
            problems = [row[0] for row in dst.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise BackupRefused(f"the copy failed its integrity check: {'; '.join(problems[:3])}")
            return _revision(dst)
        finally:
            dst.close()
    finally:
        src.close()


def _revision(conn: sqlite3.Connection) -> str | None:
    found = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
    if found.fetchone() is None:
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or " ".join(str(exc).split()) or type(exc).__name__


def backup(database_url: str, out: Path) -> BackupDone:
    return backup_sqlite(sqlite_file(database_url), out)
