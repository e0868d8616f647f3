"""Stage 4, dedup: canonical URL and content fingerprint; one copy of a page per crawl.

Across crawls the store's upsert on canonical URL does the same job; syndication across
outlets is a separate concern (clusters), not a reason to drop anything here.
"""

from __future__ import annotations

import hashlib
from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from pipelines.canonical import canonical
from pipelines.normalize import fold


def fingerprint(title: str, text: str) -> str:
    return hashlib.sha1(fold(title + "\n" + text).encode()).hexdigest()


def keys(item: Any) -> Any:
    a = ItemAdapter(item)
    hints = a.get("hints") or {}
    url, src = canonical(a["url"], [hints.get("canonical", ""), hints.get("og_url", "")])
    a["canonical_url"] = url
    a["field_sources"] = {**(a.get("field_sources") or {}), "canonical_url": src}
    a["fingerprint"] = fingerprint(a.get("title") or "", a.get("text") or "")
    return item


def richness(a: Any) -> tuple[int, int, int, int, int]:
    """Which of two copies of one page to keep: dated, longer, signed, illustrated."""
    return (
        int(a.get("published") is not None),
        len(a.get("text") or ""),
        len(a.get("authors") or []),
        int(bool(a.get("summary"))),
        int(bool(a.get("image"))),
    )


class DedupPipeline:
    """A second copy of a page in one crawl goes through only if it is richer than the first
    (the store's upsert then refreshes the row); otherwise it is dropped."""

    def __init__(self, stats: Any = None) -> None:
        self.stats = stats
        self.urls: dict[str, tuple[int, int, int, int, int]] = {}
        self.prints: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Any) -> DedupPipeline:
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        a = ItemAdapter(keys(item))
        url, rich = a["canonical_url"], richness(a)
        seen = self.urls.get(url)
        if seen is not None and rich > seen:
            self.urls[url] = rich
            if a["text"]:
                self.prints.add(a["fingerprint"])
            if self.stats:
                self.stats.inc_value("partywire/duplicates_richer")
            return item
        if seen is not None or (a["text"] and a["fingerprint"] in self.prints):
            if self.stats:
                self.stats.inc_value("partywire/duplicates")
            raise DropItem(f"duplicate of {url}")
        self.urls[url] = rich
        if a["text"]:
            self.prints.add(a["fingerprint"])
        return item
