"""Scrapy adapter for the core stages: extract, dates, normalize, keys (`crawler.core.stages`)."""

from __future__ import annotations

import gc

from scrapy.crawler import Crawler

from crawler.core.items import Article
from crawler.core.stages import run_stages

#: The cyclic collector's first threshold while crawlers run (Python's default is 700). Every
#: page makes tens of thousands of short-lived containers (selectors, requests, Deferreds,
#: trafilatura's lists) that reference counting frees anyway; at 700 the collector ran over
#: 1,300 times in a crawl of 2,350 articles, 3.6 s of CPU with the objects below (1.2 s both).
GEN0_THRESHOLD = 10_000


class _LongLived:
    """While any crawler of the process runs, what exists when each spider opens (settings,
    crawlers, middlewares, the replay archive, the store's indexes) is frozen out of the cyclic
    collector, which otherwise walks all of it again at every full collection; the last
    spider to close gives it back, so a long-running process collects it between crawls."""

    running = 0
    threshold: tuple[int, int, int] = gc.get_threshold()

    @classmethod
    def opened(cls) -> None:
        if cls.running == 0:
            gc.collect()  # what start-up left in cycles is freed, not frozen for the crawl
            cls.threshold = gc.get_threshold()
            gc.set_threshold(GEN0_THRESHOLD, *cls.threshold[1:])
        cls.running += 1
        gc.freeze()

    @classmethod
    def closed(cls) -> None:
        cls.running = max(cls.running - 1, 0)
        if cls.running == 0:
            gc.unfreeze()
            gc.set_threshold(*cls.threshold)


class StagesPipeline:
    """Runs the core's one stage list on each article with the crawling site's rules, so the
    spider stays declarative and the crawl runs exactly what `partywire extract` runs."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StagesPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        _LongLived.opened()

    def close_spider(self) -> None:
        _LongLived.closed()

    def process_item(self, item: Article) -> Article:
        rules = getattr(self.crawler.spider, "rules", None)
        return run_stages(item, rules)
