"""Log records below the crawl's LOG_LEVEL are not made at all.

Scrapy filters by LOG_LEVEL in its root handler and leaves the root logger at NOTSET (and its
own `scrapy` logger at DEBUG), so every debug call of Scrapy and trafilatura still builds a
record, finds its caller and walks the handlers, for nothing: 12,000 of them in
bench/crawl.py's crawl of 2,350 articles. Each crawler puts the root logger back to NOTSET when
it applies its settings, so the floor is set when its engine has started.
"""

from __future__ import annotations

import logging
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured


class LogLevelFloor:
    """The root and `scrapy` loggers at the crawl's LOG_LEVEL once the engine has started."""

    def __init__(self, level: int) -> None:
        self.level = level

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        s = crawler.settings
        level = logging.getLevelName(str(s.get("LOG_LEVEL", "DEBUG")).upper())
        if not s.getbool("LOG_ENABLED") or not isinstance(level, int) or level <= logging.DEBUG:
            raise NotConfigured
        floor = cls(level)
        crawler.signals.connect(floor.engine_started, signal=signals.engine_started)
        return floor

    def engine_started(self) -> None:
        for name in ("", "scrapy"):
            logging.getLogger(name).setLevel(self.level)
