"""Search: the folded text every article is found by, and its full-text index on each backend.

Revision ID: 0003
Revises: 0002
Create Date: 2027-01-05

`articles` gains `search_text`: title, summary and text folded (no tone marks or diacritics,
đ -> d, lower case) and cut into words joined by one space, which the store writes with every
article (`crawler.search.index_text`). The articles already stored get theirs here, so every one
of them is found by a search as soon as the store is upgraded.

The index over it is the backend's own:
- SQLite: an FTS5 table with `articles` as its external content (no second copy of the text),
  kept in step by triggers on insert, delete and any update of `search_text`, so no write path
  of the store, nor a delete by hand, can leave it behind. A later revision that rebuilds
  `articles` (Alembic's batch mode on SQLite copies the table) drops these triggers and must
  make them again.
- PostgreSQL: a GIN index on `to_tsvector('simple', search_text)`; 'simple' only lower-cases,
  the folding is already done, and nothing needs an extension (pg_trgm would need a superuser
  and would match inside words, where FTS5 matches words).

The folding is imported from `crawler.search`, unlike the columns, which are written out as they
were: the text stored here has to be the text this release's queries are folded to.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from crawler.search import index_text

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

#: Articles folded and written per statement while filling the column.
BATCH = 500

SQLITE_UP = (
    "CREATE VIRTUAL TABLE articles_fts USING fts5(search_text, content='articles', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
    "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER articles_fts_update AFTER UPDATE OF search_text ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO articles_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
)
SQLITE_DOWN = (
    "DROP TRIGGER articles_fts_update",
    "DROP TRIGGER articles_fts_delete",
    "DROP TRIGGER articles_fts_insert",
    "DROP TABLE articles_fts",
)
POSTGRESQL_UP = (
    "CREATE INDEX ix_articles_search ON articles USING gin (to_tsvector('simple', search_text))",
)
POSTGRESQL_DOWN = ("DROP INDEX ix_articles_search",)


def _fill(conn: sa.Connection) -> None:
    """Every stored article's search_text, in batches so a large store is never all in memory."""
    a = sa.table(
        "articles",
        sa.column("id", sa.Integer),
        sa.column("title", sa.Text),
        sa.column("summary", sa.Text),
        sa.column("text", sa.Text),
        sa.column("search_text", sa.Text),
    )
    ids = [r[0] for r in conn.execute(sa.select(a.c.id).order_by(a.c.id))]
    write = a.update().where(a.c.id == sa.bindparam("_id")).values(search_text=sa.bindparam("_st"))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        rows = conn.execute(
            sa.select(a.c.id, a.c.title, a.c.summary, a.c.text).where(a.c.id.in_(chunk))
        )
        values: list[dict[str, Any]] = [
            {"_id": r[0], "_st": index_text(r[1], r[2], r[3])} for r in rows
        ]
        if values:
            conn.execute(write, values)


def _run(statements: dict[str, tuple[str, ...]]) -> None:
    for stmt in statements.get(op.get_bind().dialect.name, ()):
        op.execute(stmt)


def upgrade() -> None:
    op.add_column("articles", sa.Column("search_text", sa.Text))
    _fill(op.get_bind())
    _run({"sqlite": SQLITE_UP, "postgresql": POSTGRESQL_UP})


def downgrade() -> None:
    _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRESQL_DOWN})
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("search_text")
