"""Indexes a crawl's look-ups need: an article by the URL it was found under (`url`), and the
articles first stored since a moment (`first_fetched`).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

`Store.find` meets a re-fetched page by its canonical URL (unique, indexed) or by its page URL,
which nothing indexed: every article placed read the whole table (bench/scale.py: 489 ms median
per placement at 100k stored articles on SQLite). `first_fetched` bounds the syndication
window's start-up and "articles over 7 days". Indexes only: no row changes, and downgrading
drops them.
"""

from __future__ import annotations

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

_INDEXES = {
    "ix_articles_url": ["url"],
    "ix_articles_first_fetched": ["first_fetched"],
}


def upgrade() -> None:
    for name, columns in _INDEXES.items():
        op.create_index(name, "articles", columns)


def downgrade() -> None:
    for name in _INDEXES:
        op.drop_index(name, table_name="articles")
