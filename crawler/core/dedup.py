"""Stage 4, dedup: canonical URL and content fingerprint; one copy of a page per crawl.

Across crawls the store's upsert on canonical URL does the same job; syndication across
outlets is a separate concern (clusters), not a reason to drop anything here.
"""

from __future__ import annotations

import hashlib
from typing import Any

from crawler.core.canonical import canonical
from crawler.core.normalize import fold


def fingerprint(title: str, text: str) -> str:
    return hashlib.sha1(fold(title + "\n" + text).encode()).hexdigest()


def keys(item: Any) -> Any:
    a = vars(item)
    hints = a.get("hints") or {}
    url, src = canonical(a["url"], [hints.get("canonical", ""), hints.get("og_url", "")])
    a["canonical_url"] = url
    a["field_sources"] = {**(a.get("field_sources") or {}), "canonical_url": src}
    a["fingerprint"] = fingerprint(a.get("title") or "", a.get("text") or "")
    return item


Richness = tuple[int, int, int, int, int]


def richness(item: Any) -> Richness:
    """Which of two copies of one page to keep: dated, longer, signed, illustrated."""
    a = vars(item)
    return (
        int(a.get("published") is not None),
        len(a.get("text") or ""),
        len(a.get("authors") or []),
        int(bool(a.get("summary"))),
        int(bool(a.get("image"))),
    )
