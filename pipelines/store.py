"""Stage 5, store: upsert every finished article; one bad item never costs the others.

The database and Redis calls block, so they run off the reactor, in one writer thread per
process: the cluster index is shared by every crawler of the process (`index_for`) and is not
thread-safe, so placing an article and writing it must not interleave with another's; SQLite takes
one writer at a time anyway. The reactor keeps downloading and parsing meanwhile.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Self, TypeVar
from urllib.parse import urlsplit

from redis.exceptions import RedisError
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DropItem
from scrapy.statscollectors import StatsCollector
from scrapy.utils.asyncio import is_asyncio_available
from sqlalchemy.exc import SQLAlchemyError

from crawler.core.cluster import ClusterIndex, doc, sig_bytes, signature
from crawler.core.items import Article
from crawler.storage import Store, StoreSchemaError, index_for, shown

T = TypeVar("T")

#: The one thread that touches the store and the index, shared by every crawler of the process.
_WRITER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="partywire-store")


def _no_password(url: str | None) -> str:
    parts = urlsplit(url or "")
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()


async def _off_reactor(work: Callable[[], T]) -> T:
    return await asyncio.get_running_loop().run_in_executor(_WRITER, work)


class StorePipeline:
    """Writes each article with its syndication cluster, in one statement."""

    def __init__(
        self, url: str | None, stats: StatsCollector | None = None, redis_url: str | None = None
    ) -> None:
        self.url = url or None
        self.stats = stats
        self.redis_url = redis_url or None
        self.store: Store | None = None
        self.index: ClusterIndex | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        s = crawler.settings
        return cls(s.get("PARTYWIRE_DB") or None, crawler.stats, s.get("PARTYWIRE_REDIS") or None)

    def _count(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(key)

    def _open(self) -> tuple[Store, ClusterIndex]:
        store = Store(self.url)
        return store, index_for(store, self.redis_url)

    async def open_spider(self) -> None:
        """A store this release cannot write to closes the spider with the reason, before any
        page is fetched: otherwise every article fails and the site reads "no article found"."""
        if not is_asyncio_available():
            raise CloseSpider(
                "the store pipeline needs Scrapy's asyncio reactor (TWISTED_REACTOR = "
                "'twisted.internet.asyncioreactor.AsyncioSelectorReactor')"
            )
        try:
            self.store, self.index = await _off_reactor(self._open)
        except StoreSchemaError as exc:
            raise CloseSpider(str(exc)) from exc
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise CloseSpider(f"database {shown(self.url)}: {reason}") from exc
        except RedisError as exc:
            raise CloseSpider(f"redis {_no_password(self.redis_url)}: {exc}") from exc

    def close_spider(self) -> None:
        if self.store is not None:
            self.store.engine.dispose()

    def _write(self, item: Article) -> str:
        """Place the article among the stored stories, then store it with its cluster."""
        assert self.store is not None and self.index is not None
        d = doc(item.summary or "", item.text or "")
        sig = signature(d[0])
        # placed first, so one statement stores the article with its cluster
        placed = self.index.place(item.canonical_url, d, sig)
        row = {
            **item.record(),
            "cluster": placed.cluster,
            "shingles": d[0].tobytes(),
            "facts": d[1].tobytes(),
            "minhash": sig_bytes(sig),
        }
        self.store.upsert([row])
        return placed.cluster

    async def process_item(self, item: Article) -> Article:
        if not item.title or not item.text:
            self._count("partywire/rejected")
            raise DropItem(f"{item.url}: no article title or text found")
        try:
            cluster = await _off_reactor(lambda: self._write(item))
        except Exception:
            # Scrapy logs it and sends item_error (counted by the runner); the next item goes on
            self._count("partywire/store_failed")
            raise
        self._count("partywire/stored")
        if cluster != item.canonical_url:
            self._count("partywire/syndicated")
        return item
