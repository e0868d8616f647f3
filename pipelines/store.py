"""Stage 5, store: every finished article new, unchanged, a correction, or refused; one bad item
never costs the others.

Never replace good with worse: a page whose article is stored already is judged against it
(`crawler.core.revision.judge`). The same again only refreshes its `fetched_at`; a real
correction replaces it, the previous version kept (`Store.replace`); a maintenance or error page
served with 200, a cut or collapsed text, another story under the URL are refused, logged with
the cause and counted as the site's anomalies, and the stored article stays as it was.

Across processes, looking the page up, placing it in a story and writing it are one
transaction under the store's placement lock (`StoreIndex.placing`): two crawler processes
storing the two copies of one syndicated story at once are one after the other, and the second
joins the first's story; two processes re-fetching one page judge it against what the other
just wrote, never both against the older version.

A new article's story is found by the syndication index (`crawler.syndication`), which holds
the articles first stored within the last PARTYWIRE_INDEX_DAYS (14), and first by fingerprint:
the same text stored before, however long ago, is the same story. The article's shingles,
facts and signature go to the index's window table, not to its row.

The database and Redis calls block, so they run off the reactor, in the process's one store
thread (`crawler.incremental.off_reactor`): the cluster index is shared by every crawler of the
process (`index_for`) and is not thread-safe, so placing an article and writing it must not
interleave with another's; SQLite takes one writer at a time anyway. The reactor keeps
downloading and parsing meanwhile. The articles it hands over while the thread is busy (every
crawler's of the process) are written together, in one placement of at most
MOST_PER_PLACEMENT: one commit, one turn of the lock and one catch-up for all. If that
placement fails, they are written again one by one, so an article the store refuses costs only
itself.

Opening the spider checks the store and the index (a few reads: a store or Redis that is down
closes the spider before any page is fetched), and leaves loading the index's window to the
store thread: ~1.2 s with a million stored articles, spent beside the first downloads instead of
before them. The first placement runs in the same thread after it, so it meets the whole
window; a load that failed fails the writes with its cause.
"""

from __future__ import annotations

import logging
import os
import statistics
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, Self
from urllib.parse import urlsplit

from redis.exceptions import RedisError
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DropItem
from scrapy.statscollectors import StatsCollector
from scrapy.utils.asyncio import is_asyncio_available
from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from crawler.core.cluster import doc, signature
from crawler.core.items import Article
from crawler.core.revision import Judgement, judge
from crawler.incremental import WRITER, Coalesced, off_reactor, release_store, shared_store
from crawler.storage import Store, StoreSchemaError, shown
from crawler.syndication import ASK, DAYS, StoreIndex, index_for

logger = logging.getLogger(__name__)

#: The run figures this pipeline keeps (Scrapy stats keys)
FIGURE = "partywire/"


def _no_password(url: str | None) -> str:
    parts = urlsplit(url or "")
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()


def store_cause(exc: BaseException) -> str:
    """The database's or Redis's own first line (SQLAlchemy wraps it in a statement dump)."""
    what = "redis" if isinstance(exc, RedisError) else "store"
    inner = getattr(exc, "orig", None) or exc
    line = (str(inner).strip().splitlines() or [type(inner).__name__])[0]
    return f"{what}: {line[:200]}"


def default_index_days() -> int:
    """The syndication window when the crawl's settings name none: PARTYWIRE_INDEX_DAYS from
    the environment, else 14 days."""
    return int(os.environ.get("PARTYWIRE_INDEX_DAYS") or DAYS)


def stored_hint(item: Article) -> str | None:
    """The canonical URL of the stored article the spider re-fetched this page for."""
    return item.hints.get("stored") or None


def quality_figures(item: Article) -> list[str]:
    """The figures one accepted article adds to: where its text came from (the site's rules or
    the generic extractor) and where its date did (the source's family, before ":")."""
    text = "rules" if item.field_sources.get("text") == "rules" else "generic"
    if item.published is None:
        dated = "undated"
    else:
        dated = "dated/" + ((item.date_source or "").split(":", 1)[0] or "unknown")
    return [f"text/{text}", dated]


@dataclass(frozen=True)
class Written:
    """What the store did with one article: new, or the judgement of it against the stored
    version (unchanged, updated, refused, with the anomaly kind and the reason), and the
    cluster a new one joined."""

    outcome: str
    kind: str = ""
    reason: str = ""
    cluster: str = ""

    @classmethod
    def judged(cls, verdict: Judgement) -> Written:
        return cls(verdict.outcome, verdict.kind, verdict.reason)


class StorePipeline:
    """Writes each article with its syndication cluster, in one statement."""

    def __init__(
        self,
        url: str | None,
        stats: StatsCollector | None = None,
        redis_url: str | None = None,
        index_days: int | None = None,
    ) -> None:
        self.url = url or None
        self.stats = stats
        self.redis_url = redis_url or None
        self.index_days = index_days or default_index_days()
        self.store: Store | None = None
        self.index: StoreIndex | None = None
        self._loading: Future[StoreIndex] | None = None
        # text lengths of the articles new or updated in this run (`text_median`)
        self.lengths: list[int] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        s = crawler.settings
        days = s.getint("PARTYWIRE_INDEX_DAYS", default_index_days())
        return cls(s.get("PARTYWIRE_DB") or None, crawler.stats, s.get("PARTYWIRE_REDIS"), days)

    def _count(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(key)

    def _open(self) -> tuple[Store, StoreIndex]:
        """The process's Store of the URL (shared with the incremental middleware and every
        other crawler) and its index."""
        store = shared_store(self.url)
        try:
            return store, index_for(store, self.redis_url, self.index_days, load=False)
        except BaseException:
            release_store(store)
            raise

    async def open_spider(self) -> None:
        """A store this release cannot write to closes the spider with the reason, before any
        page is fetched: otherwise every article fails and the site reads "no article found"."""
        if not is_asyncio_available():
            raise CloseSpider(
                "the store pipeline needs Scrapy's asyncio reactor (TWISTED_REACTOR = "
                "'twisted.internet.asyncioreactor.AsyncioSelectorReactor')"
            )
        try:
            self.store, index = await off_reactor(self._open)
        except StoreSchemaError as exc:
            raise CloseSpider(str(exc)) from exc
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise CloseSpider(f"database {shown(self.url)}: {reason}") from exc
        except RedisError as exc:
            raise CloseSpider(f"redis {_no_password(self.redis_url)}: {exc}") from exc
        self.index, self._loading = index, Future()
        WRITER.submit(self._load_step)

    def _load_step(self) -> None:
        """One batch of the window (`StoreIndex.load_step`), in the store thread; the next
        batch queued behind what the other components asked of the thread meanwhile."""
        loading, index = self._loading, self.index
        if loading is None or index is None or loading.done():
            return
        try:
            loaded = index.load_step()
        except BaseException as exc:
            if not loading.done():  # not cancelled by close_spider meanwhile
                loading.set_exception(exc)
            return
        if not loaded:
            WRITER.submit(self._load_step)
        elif not loading.done():
            loading.set_result(index)

    def _loaded(self) -> None:
        """The window loaded before the first placement (in the store thread: the rest of it
        loaded here, not after the batches queued behind); a load that failed fails it."""
        if self._loading is not None:
            while not self._loading.done():
                self._load_step()
            self._loading.result()

    def close_spider(self) -> None:
        if self.stats is not None:
            median = statistics.median(self.lengths) if self.lengths else 0
            self.stats.set_value(FIGURE + "text_median", median)
        store, self.store = self.store, None
        if store is None:
            return
        if self._loading is not None and self._loading.cancel():
            # ended before the window loaded: no more batches, and the store is let go in the
            # store thread, after the batch in hand
            WRITER.submit(release_store, store)
        else:
            release_store(store)

    def _row(self, item: Article, key: str, twin: tuple[str, str] | None = ASK) -> dict[str, Any]:
        """The article's row under `key`, placed among the stored stories first, so one
        statement stores it with its cluster (an article placed before keeps its cluster).
        Its shingles, facts and signature go to the index's window table, not to the row.
        `twin`: the first stored article with its text, when it was looked up with the URLs."""
        assert self.index is not None
        d = doc(item.summary or "", item.text or "")
        sig = signature(d[0])
        placed = self.index.place(key, d, sig, fingerprint=item.fingerprint, twin=twin)
        return {**item.record(), "canonical_url": key, "cluster": placed.cluster}

    def _write(self, item: Article) -> Written:
        """New: stored with its cluster. Stored already: judged against the stored version,
        and only a real correction replaces it (the stored version kept as a revision).
        In one placement of its own (see the module's docstring), committed when it returns."""
        return _placed([(self, item)])[0]

    def _place(self, item: Article, conn: Connection) -> Written:
        """`_write`'s work on the placement's connection, the article's window row written
        right after it: the next article of the same placement may be its copy."""
        assert self.store is not None and self.index is not None
        urls = [item.url, item.canonical_url, stored_hint(item) or ""]
        key, fp = item.canonical_url, item.fingerprint
        stored, twin = self.store.lookup(urls, key, fp, conn=conn)
        if stored is None:
            row = self._row(item, key, twin)
            self.store.upsert([row], conn=conn)
            written = Written("new", cluster=row["cluster"])
        else:
            verdict = judge(stored, item.record())
            if verdict.outcome == "unchanged":
                self.store.upsert([{**stored, "fetched_at": item.fetched_at}], conn=conn)
            elif verdict.outcome == "updated":
                row = self._row(item, stored["canonical_url"])
                self.store.replace(row, stored, conn=conn)
            written = Written.judged(verdict)
        self.index.keep(conn)
        return written

    def _counted(self, item: Article, written: Written) -> str:
        """The article's outcome, counted with its figures; a refusal is counted as the site's
        anomaly of its kind."""
        outcome = written.outcome
        self._count(FIGURE + outcome)
        if outcome == "refused":
            self._count(f"{FIGURE}anomaly/{written.kind or 'other'}")
            return outcome
        self._count("partywire/stored")
        for figure in quality_figures(item):
            self._count(FIGURE + figure)
        if outcome in ("new", "updated"):
            self.lengths.append(len(item.text))
        if outcome == "new" and written.cluster != item.canonical_url:
            self._count("partywire/syndicated")
        return outcome

    async def process_item(self, item: Article) -> Article:
        if not item.title or not item.text:
            self._count("partywire/rejected")
            raise DropItem(f"{item.url}: no article title or text found")
        try:
            written = await _WRITES((self, item))
        except Exception as exc:
            # Scrapy logs it and sends item_error (counted by the runner); the next item goes on.
            # The cause is kept for the site's reason: "disk full", not "failed in the pipelines"
            self._count("partywire/store_failed")
            if self.stats is not None:
                self.stats.set_value("partywire/store_error", store_cause(exc))
            raise
        outcome = self._counted(item, written)
        if outcome == "refused":
            raise DropItem(f"{item.url}: refused, the stored article is kept: {written.reason}")
        if outcome == "updated":
            logger.info("%s: updated: %s", item.url, written.reason)
        return item


#: Most articles one placement writes: the placement lock is held until they are all
#: committed, so another process waits for at most this many.
MOST_PER_PLACEMENT = 32

_Call = tuple[StorePipeline, Article]


def _placed(calls: list[_Call]) -> list[Written]:
    """Articles of one store written in one placement, in order (the window loaded first)."""
    index = calls[0][0].index
    assert index is not None
    for pipe, _ in calls:
        pipe._loaded()
    with index.placing() as conn:
        return [pipe._place(item, conn) for pipe, item in calls]


def _alone(call: _Call) -> Written | Exception:
    pipe, item = call
    try:
        return pipe._write(item)
    except Exception as exc:
        return exc


def _write_all(calls: list[_Call]) -> list[Written | BaseException]:
    """The articles the crawlers of this process handed the store thread while it was busy:
    each store's in one placement. When that fails, they are written one by one again, so an
    article the store refuses costs only itself (a store that is down fails each with its
    cause)."""
    groups: dict[int, list[int]] = {}
    for i, (pipe, _) in enumerate(calls):
        groups.setdefault(id(pipe.index), []).append(i)
    answers: dict[int, Written | BaseException] = {}
    for members in groups.values():
        group = [calls[i] for i in members]
        try:
            written: list[Written | BaseException] = list(_placed(group))
        except Exception as exc:
            written = [exc] if len(group) == 1 else [_alone(call) for call in group]
        answers.update(zip(members, written, strict=True))
    return [answers[i] for i in range(len(calls))]


#: The process's writes: every crawler's articles, coalesced while the store thread is busy.
_WRITES: Coalesced[_Call, Written] = Coalesced(_write_all, MOST_PER_PLACEMENT)
