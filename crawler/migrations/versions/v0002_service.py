"""Always on: what a crawl remembers between runs, and the history a site's health is read from.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-15

New tables: `pages` (validators and the article each URL gave, for incremental crawling),
`revisions` (the versions a correction replaced), `runs`, `site_state`, `alerts` and `leases`.
`articles` gains `first_fetched` (when the store first had the article; `fetched_at` is the
latest fetch), filled for the articles already stored from the only fetch time they have, so
every article is kept and none looks newer than it is.

The columns are written out here, not taken from `crawler.storage`: a revision is the schema as
it was when it was made, whatever the model says later.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def _aware() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _pages() -> list[Any]:
    return [
        sa.Column("url", sa.String(2048), primary_key=True),
        sa.Column("site", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("etag", sa.String(1024)),
        sa.Column("last_modified", sa.String(100)),
        sa.Column("canonical_url", sa.String(2048)),
        sa.Column("fetches", sa.Integer, nullable=False),
        sa.Column("first_fetched", _aware()),
        sa.Column("last_fetched", _aware()),
        sa.Column("last_status", sa.Integer),
    ]


def _revisions() -> list[Any]:
    return [
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("canonical_url", sa.String(2048), nullable=False),
        sa.Column("saved_at", _aware(), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("body_html", sa.Text, nullable=False),
        sa.Column("authors", sa.JSON, nullable=False),
        sa.Column("published", _aware()),
        sa.Column("modified", _aware()),
        sa.Column("fetched_at", _aware()),
        sa.Column("fingerprint", sa.String(64), nullable=False),
    ]


def _runs() -> list[Any]:
    return [
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("site", sa.String(100), nullable=False),
        sa.Column("started", _aware(), nullable=False),
        sa.Column("ended", _aware(), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("figures", sa.JSON, nullable=False),
        sa.Column("holder", sa.String(200), nullable=False),
    ]


def _site_state() -> list[Any]:
    return [
        sa.Column("site", sa.String(100), primary_key=True),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("since", _aware()),
        sa.Column("consecutive_failures", sa.Integer, nullable=False),
        sa.Column("last_success", _aware()),
        sa.Column("last_new_article", _aware()),
        sa.Column("next_poll", _aware()),
        sa.Column("interval_s", sa.Integer, nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False),
    ]


def _alerts() -> list[Any]:
    return [
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("site", sa.String(100), nullable=False),
        sa.Column("at", _aware(), nullable=False),
        sa.Column("old_state", sa.String(20)),
        sa.Column("new_state", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
    ]


def _leases() -> list[Any]:
    return [
        sa.Column("site", sa.String(100), primary_key=True),
        sa.Column("holder", sa.String(200), nullable=False),
        sa.Column("expires", _aware(), nullable=False),
    ]


#: table -> (columns, indexes as name -> columns)
TABLES: dict[str, tuple[Callable[[], list[Any]], dict[str, list[str]]]] = {
    "pages": (_pages, {"ix_pages_site": ["site"], "ix_pages_canonical_url": ["canonical_url"]}),
    "revisions": (_revisions, {"ix_revisions_canonical_url": ["canonical_url"]}),
    "runs": (_runs, {"ix_runs_site_started": ["site", "started"]}),
    "site_state": (_site_state, {}),
    "alerts": (_alerts, {"ix_alerts_at": ["at"]}),
    "leases": (_leases, {}),
}


def upgrade() -> None:
    op.add_column("articles", sa.Column("first_fetched", _aware()))
    op.execute("UPDATE articles SET first_fetched = fetched_at")
    for name, (columns, indexes) in TABLES.items():
        op.create_table(name, *columns())
        for index, cols in indexes.items():
            op.create_index(index, name, cols)


def downgrade() -> None:
    for name in reversed(TABLES):
        op.drop_table(name)
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("first_fetched")
