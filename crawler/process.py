"""One page through the same stages a crawl uses, without Scrapy: `partywire extract`, the
registry walk and the benchmarks call this, so they can never disagree with the crawl."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from scrapy.http import HtmlResponse

from crawler.core.items import Article, discovery_hints
from crawler.core.stages import run_stages
from crawler.core.timez import utcnow
from crawler.sites import get_site, site_for_url


def decode(body: bytes, url: str, headers: dict[str, str] | None = None) -> str:
    """Bytes to text exactly as Scrapy decodes a response (headers, meta charset, BOM)."""
    return HtmlResponse(url=url, body=body, headers=headers or {}).text


def process_page(
    html: str,
    url: str,
    *,
    site: str | None = None,
    fetched_at: datetime | None = None,
    hints: Mapping[str, str | None] | None = None,
) -> Article:
    cls = get_site(site) if site else site_for_url(url)
    if site and cls is None:
        raise ValueError(f"site {site!r} is not registered (see `partywire sites`)")
    if cls is not None:
        item = cls.new_article(url, html, fetched_at, hints)
    else:  # a page of no registered site: generic path, no outlet or province
        item = Article(
            url=url,
            site="generic",
            fetched_at=fetched_at or utcnow(),
            html=html,
            hints=discovery_hints(hints),
        )
    return run_stages(item, cls.rules if cls else None)
