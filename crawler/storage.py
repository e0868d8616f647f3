"""Article store: SQLAlchemy 2 Core, SQLite by default, PostgreSQL by URL, one code path.

Upsert on the canonical URL: a re-crawl refreshes an article and never duplicates it; a value the
new crawl failed to find never erases one the store already has.

The schema is Alembic's (`crawler/migrations`), configured here in code so users need no
alembic.ini: a new empty store is made at head by `Store`; any other store must already be at head,
or `Store` refuses it with the one thing to do (`partywire db upgrade`), because writing to a table
that lacks a column fails article by article, which a crawl would only report as "no article found".
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from redis.connection import parse_url as _redis_parse_url
from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Engine,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    create_engine,
    event,
    func,
    inspect,
    make_url,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import ArgumentError

from crawler.core.cluster import ClusterIndex, Doc, arr, sig_from
from crawler.core.timez import to_utc


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC, returns aware UTC on every backend (SQLite keeps no zone of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        value = to_utc(value)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("canonical_url", String(2048), nullable=False, unique=True),
    Column("url", String(2048), nullable=False),
    Column("site", String(100), nullable=False),
    Column("outlet", String(200), nullable=False, default=""),
    Column("province", String(100)),
    Column("former_province", String(100)),
    Column("title", Text, nullable=False, default=""),
    Column("summary", Text, nullable=False, default=""),
    Column("text", Text, nullable=False, default=""),
    Column("body_html", Text, nullable=False, default=""),
    Column("authors", JSON, nullable=False, default=list),
    Column("source", String(200)),
    Column("published", UTCDateTime),
    Column("modified", UTCDateTime),
    Column("date_source", String(100)),
    Column("image", String(2048)),
    Column("section", String(200)),
    Column("tags", JSON, nullable=False, default=list),
    Column("fetched_at", UTCDateTime),
    Column("fingerprint", String(64), nullable=False, default=""),
    Column("field_sources", JSON, nullable=False, default=dict),
    Column("cluster", String(2048)),
    Column("shingles", LargeBinary),
    Column("facts", LargeBinary),
    Column("minhash", LargeBinary),
    Index("ix_articles_published", "published"),
    Index("ix_articles_site", "site"),
    Index("ix_articles_province", "province"),
    Index("ix_articles_fingerprint", "fingerprint"),
)

#: Columns a re-crawl may refresh; the rest are identity or first-seen facts.
_UPDATABLE = [c.name for c in articles.columns if c.name not in ("id", "canonical_url", "cluster")]


def default_url() -> str:
    return os.environ.get("PARTYWIRE_DB", "sqlite:///var/partywire.db")


def make_engine(url: str | None = None) -> Engine:
    """Engine with the pragmas a crawler needs: WAL so publishing can read while a crawl writes."""
    url = url or default_url()
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _rec: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=10000")
            cur.close()

    return engine


MIGRATIONS = Path(__file__).with_name("migrations")

OLDER = "store schema is older than this release: run `partywire db upgrade`"


class StoreSchemaError(RuntimeError):
    """The store is not at this release's schema; the message says what to do."""


def _alembic(conn: Connection) -> Config:
    """Alembic's configuration, built in code: the package's migrations, on this connection."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory(str(MIGRATIONS))


def head_revision() -> str:
    head = _scripts().get_current_head()
    if head is None:
        raise RuntimeError(f"{MIGRATIONS}: no migration revisions")
    return head


def _revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def _schema_problem(rev: str | None) -> str:
    known = {s.revision for s in _scripts().walk_revisions()}
    if rev is None or rev in known:
        return OLDER
    return f"store schema is at revision {rev}, unknown to this release (a newer one made it?)"


def ensure_schema(engine: Engine) -> None:
    """Make a new empty store at head; refuse any store that is not at head."""
    with engine.begin() as conn:
        rev = _revision(conn)
        if rev == head_revision():
            return
        if rev is None and not inspect(conn).has_table("articles"):
            command.upgrade(_alembic(conn), "head")
            return
    raise StoreSchemaError(_schema_problem(rev))


def shown(url: str | None) -> str:
    """The store's URL as a message names it: as the user gave it, password hidden."""
    url = url or default_url()
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:  # not a URL at all: the message is about exactly that
        return url


def upgrade(url: str | None = None) -> str:
    """Migrate a store to head, adopting one made before migrations; one line saying where it is.

    One transaction on PostgreSQL, so a failed upgrade leaves the store as it was."""
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            try:
                command.upgrade(_alembic(conn), "head")
            except ValueError as exc:  # the baseline's refusal of a table it does not know
                raise ValueError(f"{shown(url)}: {exc}") from exc
            rev = _revision(conn)
    finally:
        engine.dispose()
    return f"{shown(url)}: at revision {rev} (head)"


def current_revision(url: str | None = None) -> str | None:
    """The store's schema revision; None for an empty store or one made before migrations.

    Only reads: a SQLite file that is not there is not created (a mistyped path stays a mistake)."""
    u = make_url(url or default_url())
    if u.get_backend_name() == "sqlite" and u.database not in (None, "", ":memory:"):
        if not Path(u.database).exists():
            return None
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return _revision(conn)
    finally:
        engine.dispose()


def reachable(url: str | None = None) -> None:
    """Open and close one connection: a wrong database URL fails here, once."""
    engine = make_engine(url)
    try:
        with engine.connect():
            pass
    finally:
        engine.dispose()


class Store:
    """The one way code reads and writes articles."""

    def __init__(self, url: str | None = None, engine: Engine | None = None) -> None:
        self.engine = engine or make_engine(url)
        ensure_schema(self.engine)

    def _insert(self) -> Any:
        if self.engine.dialect.name == "postgresql":
            return postgresql.insert(articles)
        if self.engine.dialect.name == "sqlite":
            return sqlite.insert(articles)
        raise RuntimeError(f"unsupported database {self.engine.dialect.name!r}")

    def upsert(self, records: Iterable[dict[str, Any]]) -> int:
        """Insert or refresh by canonical URL, in one transaction: all of a batch or none."""
        rows = [self._row(r) for r in records]
        if not rows:
            return 0
        stmt = self._insert()
        ex = stmt.excluded
        update = {}
        for name in _UPDATABLE:
            col = articles.c[name]
            if name in ("authors", "tags", "field_sources"):
                update[name] = ex[name]
            elif isinstance(col.type, (String, Text)) and not col.nullable:
                # keep the stored text when the new crawl found none
                update[name] = func.coalesce(func.nullif(ex[name], ""), col)
            else:
                update[name] = func.coalesce(ex[name], col)
        # a story's cluster is its feed guid: set once, never moved by a re-crawl
        update["cluster"] = func.coalesce(articles.c.cluster, ex["cluster"])
        stmt = stmt.on_conflict_do_update(index_elements=["canonical_url"], set_=update)
        with self.engine.begin() as conn:
            conn.execute(stmt, rows)
        return len(rows)

    @staticmethod
    def _row(r: dict[str, Any]) -> dict[str, Any]:
        if not r.get("canonical_url"):
            raise ValueError(f"article {r.get('url')!r} has no canonical_url")
        row = {c.name: r.get(c.name) for c in articles.columns if c.name != "id"}
        for k in ("authors", "tags"):
            row[k] = list(row.get(k) or [])
        row["field_sources"] = dict(row.get("field_sources") or {})
        for k in ("outlet", "title", "summary", "text", "body_html", "fingerprint"):
            row[k] = row.get(k) or ""
        for k in ("published", "modified", "fetched_at"):
            v = row.get(k)
            if v is not None and (not isinstance(v, datetime) or v.tzinfo is None):
                raise ValueError(
                    f"article {r.get('url')!r}: {k} {v!r} is not a timezone-aware datetime"
                )
        return row

    def set_cluster(self, canonical_url: str, cluster: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                articles.update()
                .where(articles.c.canonical_url == canonical_url)
                .values(cluster=cluster)
            )

    def cluster_row(
        self, canonical_url: str
    ) -> tuple[bytes | None, bytes | None, str | None] | None:
        """(shingles, facts, cluster) of one stored article: what the cluster index compares."""
        q = select(articles.c.shingles, articles.c.facts, articles.c.cluster).where(
            articles.c.canonical_url == canonical_url
        )
        with self.engine.connect() as conn:
            row = conn.execute(q).first()
        return (row[0], row[1], row[2]) if row else None

    def iter_cluster_rows(
        self,
    ) -> Iterator[tuple[str, bytes, bytes | None, bytes | None, str | None]]:
        """(key, shingles, facts, signature, cluster) of every article, streamed."""
        c = articles.c
        q = select(c.canonical_url, c.shingles, c.facts, c.minhash, c.cluster).where(
            c.shingles.is_not(None)
        )
        with self.engine.connect() as conn:
            for r in conn.execute(q.execution_options(yield_per=1000)):
                yield r[0], r[1], r[2], r[3], r[4]

    def clusters(self, canonical_urls: list[str]) -> dict[str, list[dict[str, Any]]]:
        """Every stored copy of the given stories, by cluster id."""
        if not canonical_urls:
            return {}
        with self.engine.connect() as conn:
            rows = (
                conn.execute(select(articles).where(articles.c.cluster.in_(canonical_urls)))
                .mappings()
                .all()
            )
        out: dict[str, list[dict[str, Any]]] = {}
        for r in rows:
            out.setdefault(r["cluster"], []).append(dict(r))
        return out

    def get(self, canonical_url: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = (
                conn.execute(select(articles).where(articles.c.canonical_url == canonical_url))
                .mappings()
                .first()
            )
        return dict(row) if row else None

    def latest(
        self, limit: int | None = None, *, site: str | None = None, province: str | None = None
    ) -> list[dict[str, Any]]:
        """Newest first by publication instant; undated articles never reach a feed."""
        q = select(articles).where(articles.c.published.is_not(None))
        if site:
            q = q.where(articles.c.site == site)
        if province:
            q = q.where(articles.c.province == province)
        q = q.order_by(articles.c.published.desc(), articles.c.canonical_url)
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]

    def iter_all(self) -> Iterator[dict[str, Any]]:
        with self.engine.connect() as conn:
            for r in conn.execute(select(articles).order_by(articles.c.id)).mappings():
                yield dict(r)

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(articles)).scalar_one())

    def groups(self, column: str) -> list[str]:
        col = articles.c[column]
        with self.engine.connect() as conn:
            q = select(col).where(col.is_not(None)).distinct().order_by(col)
            return [r[0] for r in conn.execute(q)]


#: redis-py ships this untyped; it returns the keyword arguments of `redis.Redis`.
_parse_redis_url: Callable[[str], dict[str, Any]] = _redis_parse_url


def _redis_config(store: Store, redis_url: str | None) -> dict[str, Any] | None:
    """datasketch's Redis storage, one key space per store so two stores never mix."""
    if not redis_url:
        return None
    basename = "partywire:" + store.engine.url.render_as_string(hide_password=True)
    return {"type": "redis", "basename": basename.encode(), "redis": _parse_redis_url(redis_url)}


_INDEXES: dict[tuple[str, str | None], ClusterIndex] = {}


def index_for(store: Store, redis_url: str | None = None) -> ClusterIndex:
    """One index per store and process, rebuilt from the stored signatures (no recomputation);
    with Redis, shared by every process and rebuilt only when Redis has lost it."""
    key = (str(store.engine.url), redis_url)
    if key in _INDEXES:
        return _INDEXES[key]

    def loader(k: str) -> tuple[Doc, str] | None:
        row = store.cluster_row(k)
        if row is None or row[0] is None:
            return None
        return (arr(row[0]), arr(row[1])), row[2] or k

    idx = ClusterIndex(_redis_config(store, redis_url), loader=loader)
    if not redis_url or idx.lsh.is_empty():
        for k, sh_raw, facts_raw, sig_raw, cluster in store.iter_cluster_rows():
            idx.add(
                k,
                (arr(sh_raw), arr(facts_raw)),
                cluster or k,
                sig_from(sig_raw) if sig_raw else None,
            )
    _INDEXES[key] = idx
    return idx
