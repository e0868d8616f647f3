"""Stage 4, dedup: canonical URL and content fingerprint; one copy of a page per crawl.

Across crawls the store's upsert on canonical URL does the same job; syndication across
outlets is a separate concern (clusters), not a reason to drop anything here.
"""

from __future__ import annotations

import hashlib

from crawler.core.canonical import canonical
from crawler.core.items import Article
from crawler.core.normalize import fold


def fingerprint(title: str, text: str) -> str:
    """The same page under two URLs the canonical rules cannot fold (a print view on another
    path, a session id in the path) still has one text: folded, so spacing and tone-mark
    spelling do not make two prints of one page."""
    return hashlib.sha1(fold(title + "\n" + text).encode()).hexdigest()


def keys(item: Article) -> Article:
    """Stage 4: the two keys a second copy of a page is recognised by, within one crawl
    (pipelines.dedup) and across crawls (the store's upsert on canonical URL)."""
    declared = [item.hints.get("canonical") or "", item.hints.get("og_url") or ""]
    url, src = canonical(item.url, declared)
    item.canonical_url = url
    item.field_sources = {**item.field_sources, "canonical_url": src}
    item.fingerprint = fingerprint(item.title, item.text)
    return item


Richness = tuple[int, int, int, int, int]


def richness(item: Article) -> Richness:
    """Which of two copies of one page to keep: dated, longer, signed, illustrated."""
    return (
        int(item.published is not None),
        len(item.text),
        len(item.authors),
        int(bool(item.summary)),
        int(bool(item.image)),
    )
