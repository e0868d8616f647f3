"""What the always-on service remembers between runs, in the article store.

Pages answered (so a crawl asks only for what changed and never downloads a stored article
again), every run of every site and the state read from them (so an operator can tell which
site broke, since when and why), the alerts a change of state raises, and the leases that keep
two schedulers on one store off the same site. One store, so SQLite and PostgreSQL take the same
code and a crawl killed at any moment leaves the history as consistent as the articles.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

import numpy as np
import numpy.typing as npt
from sqlalchemy import (
    BindParameter,
    ColumnElement,
    CompoundSelect,
    Connection,
    Select,
    and_,
    bindparam,
    exists,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.exc import DatabaseError

from crawler.core.health import Run, RunOutcome
from crawler.core.timez import utcnow
from crawler.storage import (
    Store,
    UTCDateTime,
    alerts,
    articles,
    leases,
    pages,
    revisions,
    runs,
    site_state,
    upsertable,
    writing,
)

#: Answers whose validators describe the page itself: an error page's ETag must never be sent
#: back, or a 304 would stand for the maintenance page.
_VALIDATED = range(200, 300)
NOT_MODIFIED = 304


@dataclass(frozen=True)
class PageRow:
    """One remembered URL: what a conditional request sends back, and what it gave."""

    url: str
    kind: str
    etag: str | None
    last_modified: str | None
    canonical_url: str | None
    fetches: int
    first_fetched: datetime | None


@dataclass(frozen=True)
class StoredRef:
    """A stored article as the spider weighs re-fetching it: its age and its identity."""

    canonical_url: str
    published: datetime | None
    first_fetched: datetime | None


@dataclass(frozen=True)
class PageSeen:
    """One answer a crawl got, as `remember` records it."""

    url: str
    site: str
    kind: str
    status: int
    etag: str | None = None
    last_modified: str | None = None
    canonical_url: str | None = None
    at: datetime = field(default_factory=utcnow)

    @property
    def fetched(self) -> bool:
        """A page was downloaded (not a 304, not an error): what `fetches` counts."""
        return self.status in _VALIDATED


@dataclass(frozen=True)
class SiteState:
    """A site's state as the scheduler last saved it (the `site_state` row)."""

    site: str
    state: str
    reason: str = ""
    since: datetime | None = None  # when it entered this state
    consecutive_failures: int = 0
    last_success: datetime | None = None
    last_new_article: datetime | None = None
    next_poll: datetime | None = None
    interval_s: int = 0
    disabled: bool = False


@dataclass(frozen=True)
class Alert:
    """One change of a site's state (the `alerts` row); `old_state` None for a site's first."""

    id: int
    site: str
    at: datetime
    old_state: str | None
    new_state: str
    reason: str


#: A site's first state that is news to an operator: its first success is not.
_QUIET_FIRST = ("new", "ok")


def _alerting(old: str | None, new: str) -> bool:
    return new not in _QUIET_FIRST if old is None else old != new


#: What `Known.article` answers for a stored article past refreshing (loaded as a hash of its
#: URL only): stored, so not asked for again, and of no age that could make it young.
PAST = StoredRef("", None, None)


class Known:
    """One site's remembered pages and stored articles, loaded once, read without the store
    (the spider asks from the reactor thread, where a query would stall every download).

    Articles too old to be refreshed are kept as the sorted hashes of their URLs (`past`): the
    spider only asks whether they are stored. A site's archive grows by the year, and with a
    million stored articles their full references were ~0.4 GB and 13 s of a crawl's start-up;
    their hashes are 8 bytes a URL. The hash is Python's own, so `past` is only good in the
    process that made it."""

    def __init__(
        self,
        page_rows: Iterable[PageRow],
        refs: dict[str, StoredRef],
        past: npt.NDArray[np.int64] | None = None,
    ) -> None:
        self._pages = {p.url: p for p in page_rows}
        self._articles = refs
        self._past = np.unique(past) if past is not None else np.empty(0, dtype=np.int64)

    def page(self, url: str) -> PageRow | None:
        return self._pages.get(url)

    def article(self, url: str) -> StoredRef | None:
        ref = self._articles.get(url)
        if ref is None and self._past.size:
            h = hash(url)
            i = int(np.searchsorted(self._past, h))
            if i < self._past.size and self._past[i] == h:
                return PAST
        return ref

    def __len__(self) -> int:
        """URLs it knows a stored article by."""
        return len(self._articles) + int(self._past.size)


def _since(since: datetime) -> BindParameter[datetime]:
    return bindparam("young_since", since, type_=UTCDateTime)


def _young(
    published: ColumnElement[Any], first: ColumnElement[Any], since: datetime
) -> ColumnElement[bool]:
    """`BaseSpider._refresh`'s age test in SQL, never NULL: dated, and neither date before
    `since`."""
    at = _since(since)
    return and_(
        func.coalesce(published, first).is_not(None),
        func.coalesce(published, at) >= at,
        func.coalesce(first, at) >= at,
    )


def _pages_of(site: str, since: datetime | None) -> Select[Any]:
    p = pages.c
    cols = (p.url, p.kind, p.etag, p.last_modified, p.canonical_url, p.fetches, p.first_fetched)
    q = select(*cols).where(p.site == site)
    if since is None:
        return q
    at = _since(since)
    # an article page fetched last before `since` gave an article too old to be refreshed, or
    # none (then the page is asked for again, conditionally)
    return q.where(
        or_(
            p.kind != "article",
            p.canonical_url.is_(None),
            func.coalesce(p.last_fetched, p.first_fetched, at) >= at,
        )
    )


def _refs_of(site: str, since: datetime | None, young: bool) -> CompoundSelect[Any]:
    """(the article's own URL?, URL, canonical URL, published, first stored) of the site's
    articles and of the pages that redirected to one; with `since`, the young ones or (URLs
    only) the others."""
    p, a = pages.c, articles.c
    first = func.coalesce(a.first_fetched, a.fetched_at)
    own = select(literal(True), a.url, a.canonical_url, a.published, first).where(a.site == site)
    moved = (
        select(literal(False), p.url, a.canonical_url, a.published, first)
        .join(articles, a.canonical_url == p.canonical_url)
        .where(p.site == site, p.kind == "article")
    )
    if since is not None:
        cut = _young(a.published, first, since)
        own, moved = (q.where(cut if young else ~cut) for q in (own, moved))
    if not young:
        own = own.with_only_columns(a.url, a.canonical_url)
        moved = moved.with_only_columns(p.url, a.canonical_url)
    return union_all(own, moved)


def _fits(value: str | None, column: str) -> str | None:
    """The value, or None when longer than its column (PostgreSQL would refuse the whole
    batch): a cut ETag or URL would name something else."""
    limit = getattr(pages.c[column].type, "length", None)
    return value if value is None or limit is None or len(value) <= limit else None


def _page_row(seen: PageSeen) -> dict[str, Any]:
    kept = seen.fetched or seen.status == NOT_MODIFIED
    return {
        "url": seen.url,
        "site": seen.site,
        "kind": seen.kind,
        "etag": _fits(seen.etag, "etag") if kept else None,
        "last_modified": _fits(seen.last_modified, "last_modified") if kept else None,
        "canonical_url": _fits(seen.canonical_url, "canonical_url"),
        "fetches": int(seen.fetched),
        "first_fetched": seen.at if seen.fetched else None,
        "last_fetched": seen.at,
        "last_status": seen.status,
    }


def _merge(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Two answers for one URL in one batch, as the statement would have made them one by one
    (PostgreSQL refuses to update a row twice in one statement)."""
    out = dict(new)
    out["fetches"] = old["fetches"] + new["fetches"]
    out["first_fetched"] = old["first_fetched"] or new["first_fetched"]
    for k in ("etag", "last_modified", "canonical_url"):
        out[k] = new[k] or old[k]
    return out


def _fold(seen: Sequence[PageSeen]) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for s in sorted(seen, key=lambda s: s.at):
        if _fits(s.url, "url") is None:
            continue  # a URL too long to be a key is never asked for again either
        row = _page_row(s)
        rows[s.url] = _merge(rows[s.url], row) if s.url in rows else row
    return list(rows.values())


class History:
    """The service's memory, beside the articles in one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine = store.engine

    # pages: incremental crawling

    def known(self, site: str, young_since: datetime | None = None) -> Known:
        """Everything the site's crawl needs to skip what is stored and ask only for changes.
        With `young_since` (the spider's refresh window back from now), what cannot be
        refreshed any more is read by URL only: the articles older (by the older of
        published and first stored, as the spider weighs them) and their article pages."""
        with self.engine.connect() as conn:
            rows = [PageRow(*r) for r in conn.execute(_pages_of(site, young_since))]
            young = [tuple(r) for r in conn.execute(_refs_of(site, young_since, True))]
            past: Iterable[Sequence[Any]] = (
                conn.execute(_refs_of(site, young_since, False)) if young_since else ()
            )
            past_hashes = np.fromiter((hash(u) for r in past for u in r[:2]), dtype=np.int64)
        refs: dict[str, StoredRef] = {}
        for mine, url, key, published, first_fetched in sorted(young, key=lambda r: r[0]):
            ref = StoredRef(key, published, first_fetched)
            refs[url] = ref
            if mine:
                refs[key] = ref
        return Known(rows, refs, past_hashes)

    def remember(self, seen: Sequence[PageSeen]) -> None:
        """Record answers in one transaction: validators replaced when the page sent new ones,
        `fetches` counting downloads, the first download's time kept."""
        rows = _fold(seen)
        if not rows:
            return
        stmt = upsertable(self.engine, pages)
        ex, c = stmt.excluded, pages.c
        stmt = stmt.on_conflict_do_update(
            index_elements=["url"],
            set_={
                "site": ex.site,
                "kind": ex.kind,
                "etag": func.coalesce(ex.etag, c.etag),
                "last_modified": func.coalesce(ex.last_modified, c.last_modified),
                "canonical_url": func.coalesce(ex.canonical_url, c.canonical_url),
                "fetches": c.fetches + ex.fetches,
                "first_fetched": func.coalesce(c.first_fetched, ex.first_fetched),
                "last_fetched": ex.last_fetched,
                "last_status": ex.last_status,
            },
        )
        with self.engine.begin() as conn:
            conn.execute(stmt, rows)

    # runs, states and alerts

    def record_run(self, run: Run, holder: str = "") -> None:
        """Keep one run of one site: its outcome, its figures and who ran it."""
        with self.engine.begin() as conn:
            conn.execute(
                runs.insert().values(
                    site=run.site,
                    started=run.started,
                    ended=run.ended,
                    outcome=run.outcome,
                    reason=run.reason,
                    figures=dict(run.figures),
                    holder=holder,
                )
            )

    def runs(self, site: str, limit: int = 30) -> list[Run]:
        """The site's latest runs, newest first: what its health and polling rate are read from."""
        c = runs.c
        q = (
            select(c.site, c.started, c.ended, c.outcome, c.reason, c.figures)
            .where(c.site == site)
            .order_by(c.started.desc(), c.id.desc())
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [
                Run(r.site, r.started, r.ended, cast(RunOutcome, r.outcome), r.reason, r.figures)
                for r in conn.execute(q)
            ]

    def states(self) -> dict[str, SiteState]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(site_state)).mappings().all()
        return {r["site"]: SiteState(**r) for r in rows}

    def save_state(self, state: SiteState) -> None:
        """Save a site's state; a change of state is also an alert, in the same transaction.

        `since` stays when the state did not change: it is when the site entered the state."""
        now = utcnow()
        with writing(self.engine) as conn:
            old = conn.execute(
                select(site_state.c.state, site_state.c.since)
                .where(site_state.c.site == state.site)
                .with_for_update()
            ).first()
            before = None if old is None else str(old.state)
            if old is not None and before == state.state:
                since = old.since or state.since or now
            else:
                since = state.since or now
            row = {**asdict(state), "since": since}
            stmt = upsertable(self.engine, site_state).values(row)
            update = {k: stmt.excluded[k] for k in row if k != "site"}
            conn.execute(stmt.on_conflict_do_update(index_elements=["site"], set_=update))
            if _alerting(before, state.state):
                alert = {"old_state": before, "new_state": state.state, "reason": state.reason}
                conn.execute(alerts.insert().values(site=state.site, at=since, **alert))

    def alerts(self, limit: int = 50) -> list[Alert]:
        """The latest changes of state of every site, newest first."""
        q = select(alerts).order_by(alerts.c.at.desc(), alerts.c.id.desc()).limit(limit)
        with self.engine.connect() as conn:
            return [Alert(**r) for r in conn.execute(q).mappings()]

    def articles_since(self, site: str, since: datetime) -> int:
        """The site's articles published since then (articles over 7 days, in `status`)."""
        a = articles.c
        q = select(func.count()).where(a.site == site, a.published >= since)
        with self.engine.connect() as conn:
            return int(conn.execute(q).scalar_one())

    def last_new_article(self, site: str) -> datetime | None:
        """When the store last had an article of the site it did not have before: one look-up
        of `ix_articles_site_first_fetched` (revision 0007 fills in `first_fetched` wherever a
        store from before 0002 left it empty, so no coalesce is needed)."""
        a = articles.c
        q = select(func.max(a.first_fetched)).where(a.site == site)
        with self.engine.connect() as conn:
            value = conn.execute(q).scalar_one()
        return cast(datetime | None, value)

    # leases: one crawler per site, whatever the number of schedulers

    def acquire(self, site: str, holder: str, ttl: timedelta) -> bool:
        """Take the site's lease for `ttl`, or renew it, unless another holder has one that has
        not expired. One statement decides (insert, or take over an expired lease), so of two
        schedulers racing for a site exactly one wins; the holder read back says which."""
        now = utcnow()
        stmt = upsertable(self.engine, leases).values(site=site, holder=holder, expires=now + ttl)
        ex, c = stmt.excluded, leases.c
        stmt = stmt.on_conflict_do_update(
            index_elements=["site"],
            set_={"holder": ex.holder, "expires": ex.expires},
            where=or_(c.expires < now, c.holder == ex.holder),
        )
        with writing(self.engine) as conn:
            conn.execute(stmt)
            got = conn.execute(select(c.holder).where(c.site == site)).scalar_one()
        return bool(got == holder)

    def lease_holder(self, site: str) -> str | None:
        """Who holds the site's lease now (expired or not), or None."""
        with self.engine.connect() as conn:
            got = conn.execute(select(leases.c.holder).where(leases.c.site == site)).scalar()
        return str(got) if got is not None else None

    def release(self, site: str, holder: str) -> None:
        """Give the lease back; a lease another holder took over (ours expired) stays theirs."""
        with self.engine.begin() as conn:
            conn.execute(leases.delete().where(leases.c.site == site, leases.c.holder == holder))

    # integrity: what a crash must never leave behind

    def integrity(self) -> list[str]:
        """Every problem found, one line each; [] when the store is sound."""
        problems = self._sqlite_check() if self.engine.dialect.name == "sqlite" else []
        if problems:
            return problems  # the rows cannot be trusted enough to count them
        with self.engine.connect() as conn:
            return [p for check in _CHECKS if (p := check(conn))]

    def _search_index_check(self) -> list[str]:
        with self.engine.connect() as conn:
            found = _search_index_problem(conn)
        return [found] if found else []

    def _sqlite_check(self) -> list[str]:
        """SQLite's own check of its file, pages and indexes; its first findings, one a line."""
        try:
            with self.engine.connect() as conn:
                found = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check")]
        except DatabaseError as exc:
            return [f"SQLite integrity_check: {_first_line(exc)}"]
        lines = [
            ln.strip() for r in found for ln in r.splitlines() if ln.strip() and "***" not in ln
        ]
        if lines == ["ok"]:
            return self._search_index_check()
        out = [f"SQLite integrity_check: {ln}" for ln in lines[:_SQLITE_LINES]]
        if len(lines) > _SQLITE_LINES:
            out.append(f"SQLite integrity_check: and {len(lines) - _SQLITE_LINES} more")
        return out


def _search_index_problem(conn: Connection) -> str | None:
    """FTS5's own check of the search index against the articles it indexes (rank 1: compare
    with the content table), which the file-level check does not look into."""
    try:
        conn.exec_driver_sql(
            "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)"
        )
    except DatabaseError as exc:
        return f"search index: {_first_line(exc)}"
    return None


def _first_line(exc: DatabaseError) -> str:
    return str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]


#: Lines of SQLite's findings shown: the first say what is wrong, the count says how much.
_SQLITE_LINES = 10
#: Rows a check names at most: a count past this says enough.
_SHOWN = 1000


def _counted(conn: Connection, q: Any, what: str) -> str:
    """'<what>: 3 (e.g. <first>)' when the query finds rows, else ''."""
    found = [r[0] for r in conn.execute(q.limit(_SHOWN))]
    if not found:
        return ""
    more = "" if len(found) < _SHOWN else " or more"
    return f"{what}: {len(found)}{more} (e.g. {found[0]})"


def _clusters_nowhere(conn: Connection) -> str:
    other = articles.alias("other")
    a = articles.c
    q = select(a.canonical_url).where(
        a.cluster.is_not(None), ~exists().where(other.c.canonical_url == a.cluster)
    )
    return _counted(conn, q.order_by(a.id), "articles whose cluster points at no stored article")


def _revisions_of_nothing(conn: Connection) -> str:
    r = revisions.c
    q = select(r.canonical_url).where(~exists().where(articles.c.canonical_url == r.canonical_url))
    return _counted(conn, q.order_by(r.id), "revisions of no stored article")


def _empty_articles(conn: Connection) -> str:
    a = articles.c
    q = select(a.canonical_url).where(or_(a.title == "", a.text == ""))
    return _counted(conn, q.order_by(a.id), "articles with an empty title or text")


_CHECKS = (_clusters_nowhere, _revisions_of_nothing, _empty_articles)
