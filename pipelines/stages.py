"""Scrapy adapter for the core stages: extract, dates, normalize, keys (`crawler.core.stages`)."""

from __future__ import annotations

from scrapy.crawler import Crawler

from crawler.core import dates
from crawler.core.items import Article
from crawler.core.stages import run_stages


class StagesPipeline:
    """Runs the core's one stage list on each article with the crawling site's rules, so the
    spider stays declarative and the crawl runs exactly what `partywire extract` runs."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StagesPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        # dateparser's start-up cost is paid when the spider opens, not on the first page
        dates.warm_up()

    def process_item(self, item: Article) -> Article:
        rules = getattr(self.crawler.spider, "rules", None)
        return run_stages(item, rules)
