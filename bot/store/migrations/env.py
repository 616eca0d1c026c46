"""Alembic environment: runs on the connection Kinship hands it (see ``bot.store.migrate``).

Kinship always calls Alembic programmatically, passing an open connection in ``config.attributes``, so this
file never reads the environment or builds an engine of its own.
"""

from __future__ import annotations

from alembic import context

from bot.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations with `python -m bot migrate`, which supplies the database connection.")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
