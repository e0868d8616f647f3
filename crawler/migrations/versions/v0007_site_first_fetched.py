"""A site's last new article without reading the site's every row: `first_fetched` filled in
where a store from before revision 0002 left it empty, and indexed with the site.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

`partywire status` and every publish's status page ask, per site, when the store last had an
article it did not have before: `max(coalesce(first_fetched, fetched_at))`, which no index can
answer, read each site's every row (bench/scale.py at 1,000,000 stored: 16 s of a 32 s
publish). With `first_fetched` always set (the store writes it with every new article; rows
from before 0002 get their `fetched_at`, as the coalesce read them) the question is
`max(first_fetched)` over `(site, first_fetched)`: one index look-up. Downgrading drops the
index and keeps the filled-in values (what the coalesce read anyway).
"""

from __future__ import annotations

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.execute(
        "UPDATE articles SET first_fetched = fetched_at "
        "WHERE first_fetched IS NULL AND fetched_at IS NOT NULL"
    )
    op.create_index("ix_articles_site_first_fetched", "articles", ["site", "first_fetched"])


def downgrade() -> None:
    op.drop_index("ix_articles_site_first_fetched", table_name="articles")
