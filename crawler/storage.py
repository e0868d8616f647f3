"""Article store: SQLAlchemy 2 Core, SQLite by default, PostgreSQL by URL, one code path.

Upsert on the canonical URL: a re-crawl refreshes an article and never duplicates it; a value the
new crawl failed to find never erases one the store already has.

The schema is Alembic's (`crawler/migrations`), configured here in code so users need no
alembic.ini: a new empty store is made at head by `Store`; any other store must already be at head,
or `Store` refuses it with the one thing to do (`partywire db upgrade`), because writing to a table
that lacks a column fails article by article, which a crawl would only report as "no article found".
The schema is looked at and changed under a lock (`schema_lock`), so processes starting together
on an empty store all find it made once.

Beside the articles (revision 0002): the tables of the always-on service (`crawler.history`), and
`revisions`, where a correction (`Store.replace`) keeps the version it replaces.

Search (revision 0003): every article carries `search_text` (`crawler.search.index_text`), which
the store writes with it and the backend indexes (SQLite FTS5 through triggers, PostgreSQL a GIN
tsvector index); `Store.search` is one query over both, only its text match differs.

Syndication clusters: the index that finds a new article's story is `crawler.syndication`'s;
the store gives it the placement lock (`Store.placing`) and the rows it reads.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
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
    bindparam,
    case,
    cast,
    column,
    create_engine,
    event,
    func,
    inspect,
    literal_column,
    make_url,
    null,
    or_,
    select,
    table,
    text,
    union_all,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import ArgumentError
from sqlalchemy.sql.elements import BindParameter, ColumnElement
from sqlalchemy.sql.selectable import CompoundSelect

from crawler.core.timez import to_utc, utcnow

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
from crawler.search import Query, fts5_match, index_text, phrases, province_name

logger = logging.getLogger(__name__)


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
    # when the store first had it (fetched_at is the latest fetch): "last new article" and
    # "young enough to refresh" are about this one
    Column("first_fetched", UTCDateTime),
    # revision 0003: what a search finds the article by (crawler.search.index_text); indexed by
    # the backend's full-text index, never read back with the article
    Column("search_text", Text),
    Index("ix_articles_published", "published"),
    Index("ix_articles_site", "site"),
    Index("ix_articles_province", "province"),
    Index("ix_articles_fingerprint", "fingerprint"),
    # publishing (revision 0004): a story's copies, a site's and a province's newest first
    Index("ix_articles_cluster", "cluster"),
    Index("ix_articles_site_published", "site", "published"),
    Index("ix_articles_province_published", "province", "published"),
    # a crawl's look-ups (revision 0006): an article by the URL it was found under
    # (`Store.find`), the articles first stored since a moment (the syndication window)
    Index("ix_articles_url", "url"),
    Index("ix_articles_first_fetched", "first_fetched"),
    # a site's last new article (revision 0007)
    Index("ix_articles_site_first_fetched", "site", "first_fetched"),
)

#: Columns a re-crawl may refresh; the rest are identity or first-seen facts.
_FIRST_SEEN = ("id", "canonical_url", "cluster", "first_fetched")
_UPDATABLE = [c.name for c in articles.columns if c.name not in _FIRST_SEEN]
#: Everything stored of an article but the search index's text: one article's full record.
_FULL = [c for c in articles.columns if c.name != "search_text"]
#: What a read of many articles gives: not the syndication index's keys (shingles, facts,
#: signature: ~2 KB an article that only the index compares, through `cluster_rows_since`).
_READ = [c for c in _FULL if c.name not in ("shingles", "facts", "minhash")]
#: What a feed item is made of (`output.formats.item`) without the page's text and body: the
#: text only where the summary is empty (a feed's summary falls back to its first paragraph),
#: the body read apart (`Store.bodies`) for the few items that publish it.
_LEAN = [
    *(c for c in _READ if c.name not in ("text", "body_html", "field_sources", "fingerprint")),
    case((articles.c.summary == "", articles.c.text), else_="").label("text"),
]
#: A row of `Store.cluster_rows_since`: (id, key, shingles, facts, signature, cluster).
ClusterRow = tuple[int, str, bytes, bytes | None, bytes | None, str | None]
#: The index objects revision 0003 makes outside the model (reflected, not declared).
SEARCH_INDEX = {
    "articles_fts",
    "articles_fts_config",
    "articles_fts_data",
    "articles_fts_docsize",
    "articles_fts_idx",
    "ix_articles_search",
}

# Revision 0002 (always-on service): what a crawl remembers between runs.

#: Every URL a crawl was answered for: its validators for conditional requests, and for an
#: article page the stored article it gave, so a discovered URL that redirected is known too.
pages = Table(
    "pages",
    metadata,
    Column("url", String(2048), primary_key=True),
    Column("site", String(100), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("etag", String(1024)),
    Column("last_modified", String(100)),
    Column("canonical_url", String(2048)),
    Column("fetches", Integer, nullable=False, default=0),
    Column("first_fetched", UTCDateTime),
    Column("last_fetched", UTCDateTime),
    Column("last_status", Integer),
    Index("ix_pages_site", "site"),
    Index("ix_pages_canonical_url", "canonical_url"),
)

#: What a stored article said before a correction replaced it: nothing stored is ever lost.
revisions = Table(
    "revisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("canonical_url", String(2048), nullable=False),
    Column("saved_at", UTCDateTime, nullable=False),
    Column("title", Text, nullable=False, default=""),
    Column("summary", Text, nullable=False, default=""),
    Column("text", Text, nullable=False, default=""),
    Column("body_html", Text, nullable=False, default=""),
    Column("authors", JSON, nullable=False, default=list),
    Column("published", UTCDateTime),
    Column("modified", UTCDateTime),
    Column("fetched_at", UTCDateTime),
    Column("fingerprint", String(64), nullable=False, default=""),
    Index("ix_revisions_canonical_url", "canonical_url"),
)

#: One row per run of one site: the history a site's health and polling rate are read from.
runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("site", String(100), nullable=False),
    Column("started", UTCDateTime, nullable=False),
    Column("ended", UTCDateTime, nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("figures", JSON, nullable=False, default=dict),
    Column("holder", String(200), nullable=False, default=""),
    Index("ix_runs_site_started", "site", "started"),
)

#: Each site's state as the scheduler last saved it: what `status` shows and when to poll.
site_state = Table(
    "site_state",
    metadata,
    Column("site", String(100), primary_key=True),
    Column("state", String(20), nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("since", UTCDateTime),
    Column("consecutive_failures", Integer, nullable=False, default=0),
    Column("last_success", UTCDateTime),
    Column("last_new_article", UTCDateTime),
    Column("next_poll", UTCDateTime),
    Column("interval_s", Integer, nullable=False, default=0),
    Column("disabled", Boolean, nullable=False, default=False),
)

#: One row per change of a site's state: the operator's alert feed.
alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("site", String(100), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("old_state", String(20)),
    Column("new_state", String(20), nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Index("ix_alerts_at", "at"),
)

#: Who crawls a site now, until when: two schedulers on one store never crawl a site at once.
leases = Table(
    "leases",
    metadata,
    Column("site", String(100), primary_key=True),
    Column("holder", String(200), nullable=False),
    Column("expires", UTCDateTime, nullable=False),
)

#: The previous version's fields a revision keeps.
REVISED = (
    "title",
    "summary",
    "text",
    "body_html",
    "authors",
    "published",
    "modified",
    "fetched_at",
    "fingerprint",
)


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
            cur.execute(f"PRAGMA busy_timeout={BUSY_MS}")
            _wal(cur)
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

    return engine


#: How long a SQLite connection waits for another process's lock before giving up.
BUSY_MS = 10_000


def _wal(cur: Any) -> None:
    """Switch to WAL, waiting for the other processes as long as any lock would. SQLite answers
    "database is locked" at once, without its busy wait, when two connections switch a new file
    to WAL together (two processes starting on one empty store)."""
    deadline = time.monotonic() + BUSY_MS / 1000
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


MIGRATIONS = Path(__file__).with_name("migrations")

OLDER = "store schema is older than this release: run `partywire db upgrade`"


class StoreSchemaError(RuntimeError):
    """The store is not at this release's schema; the message says what to do."""


#: The revision this release's schema is at: Alembic's head (tests/test_migrations.py holds
#: the two equal). Opening a store compares its revision with this, so a process that only
#: opens a store at head never imports Alembic or reads its scripts (0.25 s of every start).
HEAD = "0007"


def _alembic(conn: Connection) -> Config:
    """Alembic's configuration, built in code: the package's migrations, on this connection."""
    from alembic.config import Config  # lazy: only a schema change needs Alembic

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


@cache
def _scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory  # lazy: see HEAD

    return ScriptDirectory(str(MIGRATIONS))


def head_revision() -> str:
    head = _scripts().get_current_head()
    if head is None:
        raise RuntimeError(f"{MIGRATIONS}: no migration revisions")
    return head


def _revision(conn: Connection) -> str | None:
    """The store's revision as Alembic records it (its version table), read without Alembic."""
    if not inspect(conn).has_table(_VERSION.name):
        return None
    return conn.execute(select(_VERSION.c.version_num)).scalar()


#: Alembic's version table, as its MigrationContext reads it.
_VERSION = table("alembic_version", column("version_num"))


def _schema_problem(rev: str | None) -> str:
    known = {s.revision for s in _scripts().walk_revisions()}
    if rev is None or rev in known:
        return OLDER
    return f"store schema is at revision {rev}, unknown to this release (a newer one made it?)"


#: pg_advisory_xact_lock key of schema changes ("partywir"): one per database, whatever schema.
SCHEMA_LOCK = 0x7061727479776972

#: The name the placement lock's key is hashed from, with the store's schema after it.
PLACEMENT_LOCK = "partywire:placement:"
_PLACEMENT_LOCK = text(
    "SELECT pg_advisory_xact_lock(hashtextextended(CAST(:name AS text) || current_schema(), 0))"
)


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A transaction that reads what it is about to write. SQLite takes its write lock before
    the first read (BEGIN IMMEDIATE): two processes never both decide on what they read, and a
    reader turning writer never fails at once with "database is locked" (it waits its turn)."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        yield conn


@contextmanager
def schema_lock(engine: Engine) -> Iterator[Connection]:
    """A transaction holding the store's schema lock until it ends: a process that looks at the
    schema inside it sees what the others finished, never a schema another is half-way through
    making (two processes starting on an empty store would both create `articles`)."""
    with writing(engine) as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": SCHEMA_LOCK})
        yield conn


def ensure_schema(engine: Engine) -> None:
    """Make a new empty store at head; refuse any store that is not at head.

    A store already at head is seen without the lock, so opening one never waits for a writer."""
    with engine.connect() as conn:
        if _revision(conn) == HEAD:
            return
    with schema_lock(engine) as conn:
        rev = _revision(conn)
        if rev == HEAD:
            return
        if rev is None and not inspect(conn).has_table("articles"):
            from alembic import command  # lazy: see HEAD

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


def upgrade(url: str | None = None, to: str = "head") -> str:
    """Migrate a store to head, adopting one made before migrations; one line saying where it is.

    One transaction on PostgreSQL, so a failed upgrade leaves the store as it was. `to`: an
    earlier revision instead, for a store made as an older release made it (bench/scale.py
    fills its stores as a user's older store was filled, then upgrades them)."""
    from alembic import command  # lazy: see HEAD

    engine = make_engine(url)
    try:
        with schema_lock(engine) as conn:
            try:
                command.upgrade(_alembic(conn), to)
            except ValueError as exc:  # the baseline's refusal of a table it does not know
                raise ValueError(f"{shown(url)}: {exc}") from exc
            rev = _revision(conn)
    finally:
        engine.dispose()
    return f"{shown(url)}: at revision {rev}" + (" (head)" if rev == head_revision() else "")


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


def upsertable(engine: Engine, table: Table) -> Any:
    """The dialect's INSERT, the one that has ON CONFLICT: both backends take the same upsert."""
    if engine.dialect.name == "postgresql":
        return postgresql.insert(table)
    if engine.dialect.name == "sqlite":
        return sqlite.insert(table)
    raise RuntimeError(f"unsupported database {engine.dialect.name!r}")


class Store:
    """The one way code reads and writes articles."""

    def __init__(self, url: str | None = None, engine: Engine | None = None) -> None:
        self.engine = engine or make_engine(url)
        ensure_schema(self.engine)
        # built once: constructing the 25-column ON CONFLICT clause cost more than running it
        self._upsert_stmt = self._upsert()

    def _insert(self) -> Any:
        return upsertable(self.engine, articles)

    @contextmanager
    def _within(self, conn: Connection | None) -> Iterator[Connection]:
        """The caller's transaction when it gives one (a placement: `placing`), else a new one
        that commits when the block ends."""
        if conn is not None:
            yield conn
            return
        with self.engine.begin() as own:
            yield own

    @contextmanager
    def placing(self) -> Iterator[Connection]:
        """One transaction holding the store's placement lock until it commits: what is read,
        placed and written inside it cannot interleave with another process's placement, so
        two processes storing the two copies of one story never both find no match.

        SQLite: the write lock (BEGIN IMMEDIATE), the store's one writer at a time anyway.
        PostgreSQL: an advisory lock named after the store's schema (two stores in one database
        do not wait for each other), released by the commit, after which what was written is
        visible to the next holder."""
        with writing(self.engine) as conn:
            if self.engine.dialect.name == "postgresql":
                conn.execute(_PLACEMENT_LOCK, {"name": PLACEMENT_LOCK})
            yield conn

    def upsert(self, records: Iterable[dict[str, Any]], conn: Connection | None = None) -> int:
        """Insert or refresh by canonical URL, in one transaction: all of a batch or none
        (inside the caller's, when it gives its connection)."""
        rows = [self._row(r) for r in records]
        if not rows:
            return 0
        with self._within(conn) as c:
            c.execute(self._upsert_stmt, rows)
            _refold(c, rows)
        return len(rows)

    def _upsert(self) -> Any:
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
        update["first_fetched"] = func.coalesce(articles.c.first_fetched, ex["first_fetched"])
        return stmt.on_conflict_do_update(index_elements=["canonical_url"], set_=update)

    def find(self, urls: Sequence[str], conn: Connection | None = None) -> dict[str, Any] | None:
        """The stored article the first of these URLs names: as its canonical URL, as its URL, or
        as a page the crawl was redirected from to it (a re-fetch must meet the stored copy
        under whichever name the site gives it now)."""
        return self.lookup(urls, conn=conn)[0]

    def lookup(
        self,
        urls: Sequence[str],
        key: str = "",
        fingerprint: str = "",
        conn: Connection | None = None,
    ) -> tuple[dict[str, Any] | None, tuple[str, str] | None]:
        """`find`, and with a fingerprint the (canonical URL, cluster) of the first article
        stored with that exact text under another canonical URL than `key` (a copy of it is
        its story, inside the syndication window or not), in one statement."""
        wanted = [u for u in dict.fromkeys(urls) if u]
        if not wanted and not fingerprint:
            return None, None
        params = {"urls": wanted, "fp": fingerprint, "key": key}
        with self._within(conn) as cx:
            rows = cx.execute(_LOOKUP if fingerprint else _FIND, params).mappings().all()
        twin = next(((r["canonical_url"], r["cluster"]) for r in rows if r["_via"] == _TWIN), None)
        rows = [r for r in rows if r["_via"] != _TWIN]
        via = {r["_via"]: r["canonical_url"] for r in rows if r["_via"]}
        found = {r["canonical_url"]: {k: v for k, v in r.items() if k != "_via"} for r in rows}
        stored = _first_named(list(found.values()), wanted, via)
        return stored, (twin[0], twin[1] or twin[0]) if twin else None

    def replace(
        self, row: dict[str, Any], previous: dict[str, Any], conn: Connection | None = None
    ) -> None:
        """A correction: the stored version into `revisions` and the new one over it, in one
        transaction, so the new text is never stored without the old one kept.

        The article keeps its identity (the stored canonical URL) and its cluster; `modified`
        is the page's own, or now when it gives none."""
        key = previous.get("canonical_url")
        if not key:
            raise ValueError(f"replace {row.get('url')!r}: the stored version has no canonical_url")
        new = self._row({**row, "canonical_url": key, "modified": row.get("modified") or utcnow()})
        kept = {k: previous.get(k) for k in REVISED}
        kept["authors"] = list(kept["authors"] or [])
        for k in ("title", "summary", "text", "body_html", "fingerprint"):
            kept[k] = kept[k] or ""
        with self._within(conn) as c:
            c.execute(revisions.insert().values(canonical_url=key, saved_at=utcnow(), **kept))
            c.execute(self._upsert_stmt, [new])
            _refold(c, [new])

    def revisions(self, canonical_url: str) -> list[dict[str, Any]]:
        """Every earlier version of one article, oldest first."""
        q = (
            select(revisions)
            .where(revisions.c.canonical_url == canonical_url)
            .order_by(revisions.c.saved_at, revisions.c.id)
        )
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]

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
        row["first_fetched"] = row.get("first_fetched") or row.get("fetched_at")
        row["search_text"] = index_text(row["title"], row["summary"], row["text"])
        for k in ("published", "modified", "fetched_at", "first_fetched"):
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
        self, canonical_url: str, conn: Connection | None = None
    ) -> tuple[bytes | None, bytes | None, str | None] | None:
        """(shingles, facts, cluster) of one stored article: what the cluster index compares."""
        q = select(articles.c.shingles, articles.c.facts, articles.c.cluster).where(
            articles.c.canonical_url == canonical_url
        )
        with self._within(conn) as c:
            row = c.execute(q).first()
        return (row[0], row[1], row[2]) if row else None

    def cluster_rows_since(
        self, after: int, conn: Connection | None = None, limit: int | None = None
    ) -> Iterator[ClusterRow]:
        """(id, key, shingles, facts, signature, cluster) of the articles stored after id
        `after`, in id order: what an index that has seen up to `after` still lacks. Ids are
        given in the order placements commit (each is taken under the placement lock), so
        "after the highest id seen" is exactly "not seen yet"."""
        c = articles.c
        q = (
            select(c.id, c.canonical_url, c.shingles, c.facts, c.minhash, c.cluster)
            .where(c.id > after, c.shingles.is_not(None))
            .order_by(c.id)
        )
        if limit is not None:
            q = q.limit(limit)
        with self._within(conn) as cx:
            for r in cx.execute(q.execution_options(yield_per=1000)):
                yield r[0], r[1], r[2], r[3], r[4], r[5]

    def identity(self, conn: Connection | None = None) -> tuple[str, int]:
        """(the first article as "id canonical_url", the highest id): what tells this store from
        another made anew at the same URL ("" and 0 while it is empty)."""
        c = articles.c
        with self._within(conn) as cx:
            first = cx.execute(select(c.id, c.canonical_url).order_by(c.id).limit(1)).first()
            top = cx.execute(select(func.max(c.id))).scalar_one()
        return (f"{first[0]} {first[1]}" if first else ""), int(top or 0)

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

    def clusters(
        self, canonical_urls: list[str], *, lean: bool = False
    ) -> dict[str, list[dict[str, Any]]]:
        """Every stored copy of the given stories, by cluster id (`lean`: as `latest` says)."""
        if not canonical_urls:
            return {}
        q = select(*(_LEAN if lean else _READ)).where(articles.c.cluster.in_(canonical_urls))
        with self.engine.connect() as conn:
            rows = conn.execute(q).mappings().all()
        out: dict[str, list[dict[str, Any]]] = {}
        for r in rows:
            out.setdefault(r["cluster"], []).append(dict(r))
        return out

    def get(self, canonical_url: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = (
                conn.execute(select(*_FULL).where(articles.c.canonical_url == canonical_url))
                .mappings()
                .first()
            )
        return dict(row) if row else None

    def latest(
        self,
        limit: int | None = None,
        *,
        site: str | None = None,
        province: str | None = None,
        lean: bool = False,
    ) -> list[dict[str, Any]]:
        """Newest first by publication instant; undated articles never reach a feed.

        `lean`: what a feed item needs and no more (no body, the text only where the summary
        is empty): a publish reads 200 rows of each of ~80 feeds, and the pages' bodies are
        most of what a row weighs."""
        q = select(*(_LEAN if lean else _READ)).where(articles.c.published.is_not(None))
        if site:
            q = q.where(articles.c.site == site)
        if province:
            q = q.where(articles.c.province == province)
        q = q.order_by(articles.c.published.desc(), articles.c.canonical_url)
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]

    def bodies(self, canonical_urls: Collection[str]) -> dict[str, str]:
        """The body HTML of these articles, by canonical URL: read for the items a feed shows
        in full, apart from the lean rows."""
        if not canonical_urls:
            return {}
        c = articles.c
        q = select(c.canonical_url, c.body_html).where(c.canonical_url.in_(list(canonical_urls)))
        with self.engine.connect() as conn:
            return {r[0]: r[1] for r in conn.execute(q)}

    def search(
        self, query: Query, kind_sites: Collection[str] | None = None
    ) -> list[dict[str, Any]]:
        """One page of the archive: the dated articles the query matches, newest first (then by
        canonical URL, the order `before` continues), at most `query.limit`.

        The store knows sites, not their kinds (the registry does): a query with a kind needs
        `kind_sites`, the names of the registry's sites of that kind."""
        where = _where(self.engine.dialect.name, query, kind_sites)
        if where is None:
            return []
        c = articles.c
        q = (
            select(*_READ)
            .where(*where)
            .order_by(c.published.desc(), c.canonical_url)
            .limit(query.limit)
        )
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]

    def newest(self, query: Query, kind_sites: Collection[str] | None = None) -> datetime | None:
        """The newest `published` of what `search` would give (Last-Modified of its page)."""
        where = _where(self.engine.dialect.name, query, kind_sites)
        if where is None:
            return None
        q = select(func.max(articles.c.published)).where(*where)
        with self.engine.connect() as conn:
            value = conn.execute(q).scalar_one()
        return value if isinstance(value, datetime) else None

    def iter_all(self) -> Iterator[dict[str, Any]]:
        with self.engine.connect() as conn:
            for r in conn.execute(select(*_FULL).order_by(articles.c.id)).mappings():
                yield dict(r)

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(articles)).scalar_one())

    def groups(self, column: str) -> list[str]:
        """The distinct values of an indexed column (site, province), in order.

        One index lookup per value ("the least value above the last one", a recursive query),
        not a DISTINCT over every row: the cost follows the number of sites or provinces, not
        the size of the archive."""
        col = articles.c[column]
        first = select(func.min(col).label("v")).cte(name="found", recursive=True)
        after = select(func.min(col)).where(col > first.c.v).scalar_subquery()
        found = first.union_all(select(after.label("v")).where(first.c.v.is_not(None)))
        q = select(found.c.v).where(found.c.v.is_not(None))
        with self.engine.connect() as conn:
            return sorted(r[0] for r in conn.execute(q))


_REFOLD_READ = select(
    articles.c.id, articles.c.title, articles.c.summary, articles.c.text, articles.c.search_text
).where(articles.c.canonical_url.in_(bindparam("keys", expanding=True)))
_REFOLD_WRITE = (
    articles.update()
    .where(articles.c.id == bindparam("_id"))
    .values(search_text=bindparam("_search_text"))
)


def _refold(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """search_text again for the articles a write merged: when the new crawl lacked a title,
    summary or text, the stored one was kept, and the text searched must be the one stored.
    The statements are built once: most writes merge nothing, and building them for each was
    3 % of the store thread's CPU."""
    merged = [r["canonical_url"] for r in rows if not (r["title"] and r["summary"] and r["text"])]
    for start in range(0, len(merged), 500):
        stale = [
            {"_id": r[0], "_search_text": new}
            for r in conn.execute(_REFOLD_READ, {"keys": merged[start : start + 500]})
            if (new := index_text(r[1], r[2], r[3])) != r[4]
        ]
        if stale:
            conn.execute(_REFOLD_WRITE, stale)


def _where(
    dialect: str, query: Query, kind_sites: Collection[str] | None
) -> list[ColumnElement[bool]] | None:
    """The conditions of a query, AND-ed; None when nothing can match (a q with no word in it,
    a kind no registered site has)."""
    c = articles.c
    where: list[ColumnElement[bool]] = [c.published.is_not(None)]
    if query.site is not None:
        where.append(c.site == query.site)
    if query.province is not None:
        where.append(c.province == province_name(query.province))
    if query.kind is not None:
        if kind_sites is None:
            raise ValueError(f"kind {query.kind!r}: Store.search needs the sites of that kind")
        if not kind_sites:
            return None
        where.append(c.site.in_(sorted(kind_sites)))
    if query.before is not None:
        # "before (published, url)", written with the range on its own: the index on
        # `published` is then read in order from the cursor and the LIMIT stops it; as one OR
        # (published < p, or = p and url > u) SQLite fetched every older row and sorted them
        published, url = query.before
        where.append(c.published <= published)
        where.append(or_(c.published < published, c.canonical_url > url))
    if query.q is not None:
        found = phrases(query.q)
        if not found:
            return None
        where.extend(_matching(dialect, found))
    return where


#: The FTS5 table of revision 0003 (crawler/migrations/versions/v0003_search.py).
_FTS = table("articles_fts", column("rowid"))


def _matching(dialect: str, found: list[str]) -> list[ColumnElement[bool]]:
    """The articles whose search_text holds every phrase: the one clause that differs by backend.
    Phrases travel as bound values, never as SQL."""
    if dialect == "sqlite":
        match = text("articles_fts MATCH :fts_match").bindparams(fts_match=fts5_match(found))
        return [articles.c.id.in_(select(_FTS.c.rowid).where(match))]
    if dialect == "postgresql":
        # the expression of the GIN index ix_articles_search, written the same so it is used
        simple: ColumnElement[str] = literal_column("'simple'")
        tsv = func.to_tsvector(simple, articles.c.search_text)
        return [
            tsv.bool_op("@@")(func.phraseto_tsquery(simple, bindparam(f"phrase_{i}", p)))
            for i, p in enumerate(found)
        ]
    raise RuntimeError(f"unsupported database {dialect!r}")


#: `Store.find`'s statement, built once (every placed article asks it: building it per call was
#: most of SQLAlchemy's statement coercion in bench/crawl.py's profile). One statement where it
#: was two (the pages a wanted URL redirected to, then the articles): each was a round trip
#: per article. Two index searches joined by UNION ALL, not one OR: PostgreSQL reads the whole
#: table for an OR with a subquery in it (tests/test_lookup_indexes.py), and UNION would need
#: an equality on the JSON columns.
_URLS: BindParameter[str] = bindparam("urls", expanding=True)
_FIND = union_all(
    select(*_READ, cast(null(), String).label("_via")).where(
        or_(articles.c.canonical_url.in_(_URLS), articles.c.url.in_(_URLS))
    ),
    select(*_READ, pages.c.url.label("_via"))
    .select_from(articles.join(pages, pages.c.canonical_url == articles.c.canonical_url))
    .where(pages.c.url.in_(_URLS), pages.c.kind == "article"),
)
#: `_via` of `_LOOKUP`'s third branch (no URL is this): the first article stored with the
#: placed article's exact text under another canonical URL, however old (its story is the
#: placed one's). Asked with the URLs, not after: one round trip fewer for every new article.
_TWIN = "#twin"
_FIRST_TWIN = (
    select(articles.c.id)
    .where(
        articles.c.fingerprint == bindparam("fp"),
        articles.c.canonical_url != bindparam("key"),
    )
    .order_by(articles.c.id)
    .limit(1)
    .scalar_subquery()
)
_LOOKUP: CompoundSelect[Any] = union_all(
    *_FIND.selects,
    select(*_READ, literal_column(f"'{_TWIN}'", String).label("_via")).where(
        articles.c.id == _FIRST_TWIN
    ),
)


def _first_named(
    found: list[dict[str, Any]], wanted: list[str], via: dict[str, str]
) -> dict[str, Any] | None:
    """Of the articles found, the one the earliest wanted URL names (canonical URL first)."""
    by_key = {r["canonical_url"]: r for r in found}
    by_url = {r["url"]: r for r in found}
    for u in wanted:
        hit = by_key.get(u) or by_url.get(u) or by_key.get(via.get(u, ""))
        if hit is not None:
            return hit
    return None
