"""Baseline: the `articles` table as the last release before migrations made it (commit 71f5221).

Revision ID: 0001
Revises:
Create Date: 2026-12-01

A new store gets the table. A store made before migrations (it has `articles` but no
`alembic_version`) already has it, or has it without the three signature columns that the weeks
before migrations added (`shingles`, `minhash` in c9b0299, `facts` in 46c394f; nullable, so its
articles are kept and simply not compared for syndication until re-crawled): those are added and
the store is then at this revision with every article it had.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

#: Columns of `articles` that stores made before migrations may lack; all nullable.
ADDED_BEFORE_MIGRATIONS = ("shingles", "minhash", "facts")


def _columns() -> list[sa.Column[Any]]:
    aware = sa.DateTime(timezone=True)
    return [
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("canonical_url", sa.String(2048), nullable=False, unique=True),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("site", sa.String(100), nullable=False),
        sa.Column("outlet", sa.String(200), nullable=False),
        sa.Column("province", sa.String(100)),
        sa.Column("former_province", sa.String(100)),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("body_html", sa.Text, nullable=False),
        sa.Column("authors", sa.JSON, nullable=False),
        sa.Column("source", sa.String(200)),
        sa.Column("published", aware),
        sa.Column("modified", aware),
        sa.Column("date_source", sa.String(100)),
        sa.Column("image", sa.String(2048)),
        sa.Column("section", sa.String(200)),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("fetched_at", aware),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("field_sources", sa.JSON, nullable=False),
        sa.Column("cluster", sa.String(2048)),
        sa.Column("shingles", sa.LargeBinary),
        sa.Column("facts", sa.LargeBinary),
        sa.Column("minhash", sa.LargeBinary),
    ]


_INDEXES = ("published", "site", "province", "fingerprint")


def _adopt(present: set[str]) -> None:
    """Bring a store made before migrations to the baseline, or refuse one that is not ours."""
    columns = _columns()
    missing = [c for c in columns if c.name not in present]
    foreign = [c.name for c in missing if c.name not in ADDED_BEFORE_MIGRATIONS]
    if foreign:
        raise ValueError(
            f"table articles lacks {', '.join(foreign)}: not a store partywire made, "
            "so it is left as it is"
        )
    for col in missing:
        op.add_column("articles", col)


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    if inspector.has_table("articles"):
        _adopt({c["name"] for c in inspector.get_columns("articles")})
        return
    op.create_table("articles", *_columns())
    for name in _INDEXES:
        op.create_index(f"ix_articles_{name}", "articles", [name])


def downgrade() -> None:
    op.drop_table("articles")
