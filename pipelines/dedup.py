"""Scrapy adapter: one copy of a page per crawl (keys come from `crawler.core.dedup`).

Across crawls the store's upsert on canonical URL does the same job; syndication across
outlets is a separate concern (clusters), not a reason to drop anything here.
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from crawler.core.dedup import Richness, richness
from crawler.core.items import Article


class DedupPipeline:
    """A second copy of a page in one crawl goes through only if it is richer than the first
    (the store's upsert then refreshes the row); otherwise it is dropped."""

    def __init__(self, stats: StatsCollector | None = None) -> None:
        self.stats = stats
        self.urls: dict[str, Richness] = {}
        self.prints: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        return cls(crawler.stats)

    def _count(self, key: str) -> None:
        if self.stats:
            self.stats.inc_value(key)

    def _remember(self, item: Article, rich: Richness) -> None:
        self.urls[item.canonical_url] = rich
        if item.text:
            self.prints.add(item.fingerprint)

    def process_item(self, item: Article) -> Article:
        url, rich = item.canonical_url, richness(item)
        seen = self.urls.get(url)
        if seen is not None and rich > seen:
            self._remember(item, rich)
            self._count("partywire/duplicates_richer")
            return item
        if seen is not None or (item.text and item.fingerprint in self.prints):
            self._count("partywire/duplicates")
            raise DropItem(f"duplicate of {url}")
        self._remember(item, rich)
        return item
