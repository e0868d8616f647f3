"""Scrapy adapter for the article check (`crawler.core.articlecheck`): a page that is not an
article is dropped after the stages, counted, and logged with the reason.

It runs after the stages because it needs what they found (headline, date, text), and before
dedup and the store, so a category page never takes an article's place in either.

A page that is not an article under the URL of a stored one is something else: the article was
there, and what the site serves now (a maintenance or error page with status 200, a login wall)
is an anomaly of the site, counted as a refusal, not a discovery mistake. An incremental crawl
marks every stored article it fetches again (hint `stored`); a full one (`--full`) does not know
them, so there, and only for a page that is not an article, the store is asked.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import NoReturn, Self

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector
from sqlalchemy.exc import SQLAlchemyError

from crawler.core.articlecheck import looks_like_article
from crawler.core.items import Article
from crawler.core.revision import find_marker
from crawler.incremental import off_reactor
from crawler.storage import Store, StoreSchemaError

logger = logging.getLogger(__name__)


class ArticleGatePipeline:
    """Drops what discovery took for an article and the page shows is not one."""

    def __init__(
        self, stats: StatsCollector | None = None, url: str | None = None, incremental: bool = True
    ) -> None:
        self.stats = stats
        self.url = url
        self.incremental = incremental
        self.store: Store | None = None
        #: the store could not be opened: no page is taken for a stored one (the store
        #: pipeline closes the spider with the reason)
        self.no_store = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        s = crawler.settings
        return cls(
            crawler.stats, s.get("PARTYWIRE_DB") or None, s.getbool("PARTYWIRE_INCREMENTAL", True)
        )

    def _count(self, key: str) -> None:
        if self.stats:
            self.stats.inc_value(key)

    def close_spider(self) -> None:
        if self.store is not None:
            self.store.engine.dispose()

    def _is_stored(self, item: Article) -> bool:
        """Whether the page's URL (or its canonical URL) names a stored article; the store is
        opened the first time a page is not an article, which most crawls never meet."""
        if self.no_store:
            return False
        try:
            if self.store is None:
                self.store = Store(self.url)
            return self.store.find([item.url, item.canonical_url]) is not None
        except (SQLAlchemyError, StoreSchemaError) as exc:
            logger.warning("article gate: the store is not readable (%s)", exc)
            self.no_store = True
            return False

    def _refuse(self, item: Article, why: str) -> NoReturn:
        found = find_marker(item.title, item.text)
        kind = found[0] if found else "not_article"
        self._count("partywire/refused")
        self._count(f"partywire/anomaly/{kind}")
        marker = f" ({found[1]!r})" if found else ""
        raise DropItem(
            f"{item.url}: refused, the stored article is kept: the page is not an article now: "
            f"{why}{marker}"
        )

    def _not_article(self, item: Article, why: str) -> NoReturn:
        self._count("partywire/discovery/not_article")
        raise DropItem(f"{item.url} is not an article: {why}")

    async def _looked_up(self, item: Article, why: str) -> Article:
        if await off_reactor(lambda: self._is_stored(item)):
            self._refuse(item, why)
        self._not_article(item, why)

    def process_item(self, item: Article) -> Article | Awaitable[Article]:
        """The item, or DropItem; only a full crawl's page that is not an article waits for
        the store (Scrapy awaits what is returned)."""
        why = looks_like_article(item)
        if why is None:
            return item
        if item.hints.get("stored"):
            self._refuse(item, why)
        if self.incremental:
            self._not_article(item, why)
        return self._looked_up(item, why)
