"""Run several site spiders in one process and say, per site, whether it worked.

A broken site never stops the others: each spider is its own crawler; its errors land in its
own stats, and the verdict is read from them when everything has closed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

from crawler.sites import registry
from spiders.base import STAT


@dataclass
class Discovery:
    """How a site's spider found its articles in one run: the figures that show a site's
    health before its articles do (a redesign shows as links seen and none accepted)."""

    links_seen: int = 0  # distinct same-site links on its listing pages
    by_pattern: int = 0
    by_detector: int = 0
    entries: int = 0  # feed and sitemap entries taken
    non_article: int = 0  # links and entries skipped as obvious non-articles
    not_article: int = 0  # pages dropped after download as not articles
    drift: int = 0  # listings where the declared pattern had stopped matching

    @property
    def accepted(self) -> int:
        return self.by_pattern + self.by_detector

    def summary(self) -> str:
        """One line: "links seen / accepted", then what else happened."""
        parts = [f"{self.links_seen} links seen / {self.accepted} accepted"]
        if self.by_detector:
            parts.append(f"{self.by_detector} by the structure")
        if self.drift:
            parts.append(f"pattern drifted on {self.drift} listings")
        for n, what in (
            (self.entries, "feed/sitemap entries"),
            (self.non_article, "non-article links skipped"),
            (self.not_article, "pages not articles"),
        ):
            if n:
                parts.append(f"{n} {what}")
        return ", ".join(parts)


def _discovery(stats: dict[str, Any]) -> Discovery:
    def n(key: str) -> int:
        return int(stats.get(STAT + key, 0))

    return Discovery(
        links_seen=n("listing_links"),
        by_pattern=n("by_pattern"),
        by_detector=n("by_detector"),
        entries=n("feed_entries") + n("sitemap_entries"),
        non_article=n("non_article"),
        not_article=n("not_article"),
        drift=n("pattern_drift"),
    )


@dataclass
class SiteResult:
    site: str
    stored: int
    pages: int
    errors: int
    reason: str
    discovery: Discovery = field(default_factory=Discovery)

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


def _nothing_found(stats: dict[str, Any]) -> str:
    """ "no article found", with what explains it: pages missing from a replay, or listings
    whose links were all refused (the site has changed under its declaration)."""
    misses = int(stats.get("replay/miss", 0))
    found = _discovery(stats)
    why = [f"{misses} pages not recorded"] if misses else []
    if found.links_seen and not found.accepted:
        why.append(f"{found.links_seen} links seen on listings, none accepted")
    return "no article found" + (f" ({'; '.join(why)})" if why else "")


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
        return _nothing_found(stats)
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
    return SiteResult(
        name, stored, pages, errors, _reason(stats, stored, errors), _discovery(stats)
    )


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
