"""What the always-on service remembers between runs, in the article store.

Pages answered (so a crawl asks only for what changed and never downloads a stored article
again), every run of every site and the state read from them (so an operator can tell which
site broke, since when and why), the alerts a change of state raises, and the leases that keep
two schedulers on one store off the same site. One store, so SQLite and PostgreSQL take the same
code and a crawl killed at any moment leaves the history as consistent as the articles.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from crawler.core.timez import utcnow
from crawler.storage import Store, articles, pages, upsertable

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


class Known:
    """One site's remembered pages and stored articles, loaded once, read without the store
    (the spider asks from the reactor thread, where a query would stall every download)."""

    def __init__(self, page_rows: Iterable[PageRow], refs: dict[str, StoredRef]) -> None:
        self._pages = {p.url: p for p in page_rows}
        self._articles = refs

    def page(self, url: str) -> PageRow | None:
        return self._pages.get(url)

    def article(self, url: str) -> StoredRef | None:
        return self._articles.get(url)

    def __len__(self) -> int:
        return len(self._articles)


def _page_row(seen: PageSeen) -> dict[str, Any]:
    kept = seen.fetched or seen.status == NOT_MODIFIED
    return {
        "url": seen.url,
        "site": seen.site,
        "kind": seen.kind,
        "etag": seen.etag if kept else None,
        "last_modified": seen.last_modified if kept else None,
        "canonical_url": seen.canonical_url,
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
        row = _page_row(s)
        rows[s.url] = _merge(rows[s.url], row) if s.url in rows else row
    return list(rows.values())


class History:
    """The service's memory, beside the articles in one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine = store.engine

    # pages: incremental crawling

    def known(self, site: str) -> Known:
        """Everything the site's crawl needs to skip what is stored and ask only for changes."""
        p, a = pages.c, articles.c
        with self.engine.connect() as conn:
            cols = (p.url, p.kind, p.etag, p.last_modified, p.canonical_url, p.fetches)
            rows = [
                PageRow(*r)
                for r in conn.execute(select(*cols, p.first_fetched).where(p.site == site))
            ]
            first = func.coalesce(a.first_fetched, a.fetched_at)
            mine = conn.execute(
                select(a.url, a.canonical_url, a.published, first).where(a.site == site)
            ).all()
            redirected = conn.execute(
                select(p.url, a.canonical_url, a.published, first)
                .join(articles, a.canonical_url == p.canonical_url)
                .where(p.site == site, p.kind == "article")
            ).all()
        refs: dict[str, StoredRef] = {}
        for url, key, published, first_fetched in redirected:
            refs[url] = StoredRef(key, published, first_fetched)
        for url, key, published, first_fetched in mine:
            ref = StoredRef(key, published, first_fetched)
            refs[url] = refs[key] = ref
        return Known(rows, refs)

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
