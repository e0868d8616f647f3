"""Run several site spiders in one process and say, per site, whether it worked.

A broken site never stops the others: each spider is its own crawler; its errors land in its
own stats, and the verdict is read from them when everything has closed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

from crawler.sites import registry


@dataclass
class SiteResult:
    site: str
    stored: int
    pages: int
    errors: int
    reason: str

    @property
    def ok(self) -> bool:
        return not self.reason


def settings_for(
    replay: list[str] | None = None,
    db: str | None = None,
    overrides: dict[str, Any] | None = None,
) -> Settings:
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    s = get_project_settings()
    if replay:
        paths = os.pathsep.join(str(Path(r).resolve()) for r in replay)
        s.set("PARTYWIRE_REPLAY", paths, priority="cmdline")
        # nothing to be polite to: recorded pages answer at once
        s.set("AUTOTHROTTLE_ENABLED", False, priority="cmdline")
        s.set("DOWNLOAD_DELAY", 0, priority="cmdline")
    if db:
        s.set("PARTYWIRE_DB", db, priority="cmdline")
    for k, v in (overrides or {}).items():
        s.set(k, v, priority="cmdline")
    return s


def _count_item_error(crawler: Crawler) -> Callable[..., None]:
    def handler(*_a: Any, **_kw: Any) -> None:
        crawler.stats.inc_value("partywire/item_errors")

    return handler


def _reason(stats: dict[str, Any], stored: int, errors: int) -> str:
    """Why a site failed, the first cause first: a spider closed before it began (a store it
    cannot write to) says so, rather than the "no article found" that follows from it."""
    finish = str(stats.get("finish_reason") or "finished")
    if finish != "finished" and not finish.startswith("closespider_"):
        return finish
    exc = [
        k for k in stats if k.startswith("spider_exceptions/") and k != "spider_exceptions/count"
    ]
    if exc:
        return "spider error: " + ", ".join(k.split("/", 1)[1] for k in exc)
    if stats.get("partywire/item_errors"):
        return f"{stats['partywire/item_errors']} articles failed in the pipelines"
    if stored == 0 and int(stats.get("item_dropped_count", 0)):
        return f"{stats['item_dropped_count']} article pages had no extractable article"
    if stored == 0:
        misses = int(stats.get("replay/miss", 0))
        return "no article found" + (f" ({misses} pages not recorded)" if misses else "")
    return f"{errors} errors logged" if errors else ""


def _verdict(name: str, stats: dict[str, Any]) -> SiteResult:
    stored = int(stats.get("partywire/stored", 0))
    pages = int(stats.get("response_received_count", 0))
    errors = sum(
        int(stats.get(k, 0))
        for k in (
            "partywire/errors",
            "partywire/item_errors",
            "spider_exceptions/count",
            "partywire/bad_feeds",
            "partywire/bad_pages",
        )
    )
    return SiteResult(name, stored, pages, errors, _reason(stats, stored, errors))


def crawl(
    sites: list[str] | None = None,
    replay: list[str] | None = None,
    db: str | None = None,
    limit: int | None = None,
    overrides: dict[str, Any] | None = None,
) -> list[SiteResult]:
    reg = registry()
    names = sites or list(reg)
    unknown = [n for n in names if n not in reg]
    if unknown:
        raise ValueError(f"unknown site(s): {', '.join(unknown)} (see `partywire sites`)")
    for r in replay or []:
        if not Path(r).exists():
            raise ValueError(f"--replay {r}: no such file or folder")
    settings = settings_for(replay, db, overrides)
    process = CrawlerProcess(settings)
    crawlers = []
    for n in names:
        c = process.create_crawler(reg[n])
        c.signals.connect(_count_item_error(c), signal=signals.item_error, weak=False)
        crawlers.append((n, c))
        process.crawl(c, limit=limit) if limit else process.crawl(c)
    process.start()
    return [_verdict(n, c.stats.get_stats() if c.stats else {}) for n, c in crawlers]
