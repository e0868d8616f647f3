"""Scrapy adapter for the article check (`crawler.core.articlecheck`): a page that is not an
article is dropped after the stages, counted, and logged with the reason.

It runs after the stages because it needs what they found (headline, date, text), and before
dedup and the store, so a category page never takes an article's place in either.
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from crawler.core.articlecheck import looks_like_article
from crawler.core.items import Article


class ArticleGatePipeline:
    """Drops what discovery took for an article and the page shows is not one."""

    def __init__(self, stats: StatsCollector | None = None) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArticleGatePipeline:
        return cls(crawler.stats)

    def process_item(self, item: Article) -> Article:
        why = looks_like_article(item)
        if why is None:
            return item
        if self.stats:
            self.stats.inc_value("partywire/discovery/not_article")
        raise DropItem(f"{item.url} is not an article: {why}")
