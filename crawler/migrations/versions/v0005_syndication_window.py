"""The syndication index's window: `syndication_window`, one row per article first stored within
the window (article id, first_fetched, shingles, facts, signature), pruned past it by the index
(`crawler.syndication`).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

Before, every article carried its shingles, facts and a 512-byte MinHash forever, and every
crawl process rebuilt its index from all of them (issue 14: 199-227 s and 9.6 GiB at 1M
articles). The upgrade carries the current window over (the articles whose first_fetched is
within PARTYWIRE_INDEX_DAYS, 14 by default, of now) with their stored signatures (computed
from the shingles where an old store has none). The articles' own shingles, facts and minhash
are left as they were (every stored value is kept by an upgrade; rewriting a million rows to
clear them would not shrink a SQLite file anyway): nothing reads or writes them any more, and a
later revision may drop the columns. So downgrading needs nothing recomputed: it copies the
window's back into the rows that lack them (articles stored since) and drops the table.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import numpy as np
import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

TABLE = "syndication_window"
INDEX = "ix_syndication_window_first_fetched"

_COPY = """
INSERT INTO syndication_window (article_id, first_fetched, shingles, facts, signature)
SELECT id, first_fetched, shingles, COALESCE(facts, :empty), minhash FROM articles
WHERE first_fetched >= :cutoff AND shingles IS NOT NULL AND minhash IS NOT NULL
"""
_UNSIGNED = """
SELECT id, first_fetched, shingles, facts FROM articles
WHERE first_fetched >= :cutoff AND shingles IS NOT NULL AND minhash IS NULL
"""


def _cutoff(dialect: str) -> datetime:
    days = int(os.environ.get("PARTYWIRE_INDEX_DAYS") or 14)
    cutoff = datetime.now(UTC) - timedelta(days=days)
    return cutoff.replace(tzinfo=None) if dialect == "sqlite" else cutoff


def _carry_window(conn: sa.Connection) -> None:
    """The window's rows, with the signatures the articles carry, or computed from their
    shingles when a store made before signatures were stored has none. A store with no
    article (every new store is made by this upgrade) has nothing to carry: one query."""
    if conn.execute(sa.text("SELECT 1 FROM articles LIMIT 1")).first() is None:
        return
    cutoff = sa.bindparam("cutoff", _cutoff(conn.dialect.name), type_=sa.DateTime(timezone=True))
    empty = sa.bindparam("empty", b"", type_=sa.LargeBinary())
    conn.execute(sa.text(_COPY).bindparams(cutoff, empty))
    unsigned = conn.execute(sa.text(_UNSIGNED).bindparams(cutoff)).all()
    if not unsigned:
        return
    from crawler.core.cluster import signature  # lazy: only a store without signatures needs it

    rows = [
        {
            "article_id": r[0],
            "first_fetched": r[1],
            "shingles": r[2],
            "facts": r[3] or b"",
            "signature": signature(np.frombuffer(r[2], dtype=np.uint32)).tobytes(),
        }
        for r in unsigned
    ]
    target = sa.table(
        TABLE,
        *(sa.column(c) for c in ("article_id", "first_fetched", "shingles", "facts")),
        sa.column("signature"),
    )
    conn.execute(sa.insert(target), rows)


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("article_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("first_fetched", sa.DateTime(timezone=True), nullable=False),
        sa.Column("shingles", sa.LargeBinary, nullable=False),
        sa.Column("facts", sa.LargeBinary, nullable=False),
        sa.Column("signature", sa.LargeBinary, nullable=False),
    )
    op.create_index(INDEX, TABLE, ["first_fetched"])
    _carry_window(op.get_bind())


def downgrade() -> None:
    for column, source in (("shingles", "shingles"), ("facts", "facts"), ("minhash", "signature")):
        op.execute(
            f"UPDATE articles SET {column} = (SELECT w.{source} FROM {TABLE} w "
            f"WHERE w.article_id = articles.id) "
            f"WHERE {column} IS NULL AND id IN (SELECT article_id FROM {TABLE})"
        )
    op.drop_index(INDEX, table_name=TABLE)
    op.drop_table(TABLE)
