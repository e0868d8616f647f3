"""Indexes publishing needs: a story's copies by `cluster`, and a site's or a province's feed
newest first (`site, published` / `province, published`).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

Without them SQLite reads the whole table for every story of the unified feed and sorts every
row for each province and site feed, so publishing grows with the archive (issue 14: 5 s at
10k articles, 62 s at 1M). Indexes only: no row changes, and downgrading drops them.
"""

from __future__ import annotations

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

_INDEXES = {
    "ix_articles_cluster": ["cluster"],
    "ix_articles_site_published": ["site", "published"],
    "ix_articles_province_published": ["province", "published"],
}


def upgrade() -> None:
    for name, columns in _INDEXES.items():
        op.create_index(name, "articles", columns)


def downgrade() -> None:
    for name in _INDEXES:
        op.drop_index(name, table_name="articles")
