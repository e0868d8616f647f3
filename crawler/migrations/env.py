"""Alembic's entry point, on the connection `crawler.storage` opened and will commit.

No engine is made here and no URL read: the caller's connection carries its pragmas and its
PostgreSQL search_path, so the version table lands beside `articles` wherever that is.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection


def run() -> None:
    connection = context.config.attributes.get("connection")
    if context.is_offline_mode() or not isinstance(connection, Connection):
        raise RuntimeError(
            "the store's migrations run through `partywire db upgrade` (crawler.storage.upgrade)"
        )
    context.configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


run()
