"""`partywire discover SITE FILE --url URL`: the article URLs a site's spider takes from one
saved feed, sitemap or listing page, and how it found each.

It builds the Scrapy response the crawl would have received and calls the spider's own parse
method, so what it prints is what the crawl would request: a site's discovery can be checked
on a saved page, with no network, before and after a redesign.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import scrapy
from scrapy.http import HtmlResponse, Response, XmlResponse

from crawler.sites import get_site
from spiders.base import NewsSpider

#: the first element of an XML file names its kind
_ROOT = re.compile(rb"<(?:[\w-]+:)?(rss|feed|rdf|urlset|sitemapindex)[\s>/]", re.IGNORECASE)
_HTML = re.compile(rb"<(?:!doctype\s+html|html|head|body|a)[\s>]", re.IGNORECASE)
_KINDS = {b"rss": "feed", b"feed": "feed", b"rdf": "feed", b"urlset": "sitemap"}


@dataclass(frozen=True)
class Found:
    """One article request: its URL, the date printed beside the link ("" when none) and how
    the spider found it (feed, sitemap, pattern, detector)."""

    url: str
    date: str
    how: str

    def line(self) -> str:
        return f"{self.url}\t{self.date}\t{self.how}"


def kind_of(body: bytes) -> str:
    """ "feed", "sitemap" or "listing", from the file's first element; a ValueError names what
    the file is instead."""
    if not body.strip():
        raise ValueError("the file is empty")
    if body[:2] == b"\x1f\x8b":
        return "sitemap"  # a gzip file: sitemaps are the ones served that way
    head = body[:4096]
    xml = _ROOT.search(head)
    if xml and not _HTML.search(head[: xml.start()]):
        return _KINDS.get(xml.group(1).lower(), "sitemap")
    if _HTML.search(body):
        return "listing"
    raise ValueError("not a feed (RSS, Atom), a sitemap or an HTML listing page")


def _response(kind: str, body: bytes, url: str) -> Response:
    request = scrapy.Request(url)  # as the crawl's response has its request
    if kind == "listing":
        return HtmlResponse(url=url, body=body, request=request)
    if body[:2] == b"\x1f\x8b":
        return Response(url=url, body=body, request=request)
    return XmlResponse(url=url, body=body, request=request)


def discover(
    site: str | type[NewsSpider], body: bytes, url: str
) -> tuple[list[Found], dict[str, int]]:
    """The article requests the site's spider makes from this file, in its order, and the
    spider's discovery tally (links seen, accepted by pattern or detector, skipped). The site
    is a registered name, or a spider class (a test's own declaration)."""
    cls = get_site(site) if isinstance(site, str) else site
    if cls is None:
        raise ValueError(f"site {site!r} is not registered (see `partywire sites`)")
    kind = kind_of(body)
    spider = cls()
    response = _response(kind, body, url)
    if kind == "feed":
        requests = list(spider.parse_feed(response))
    elif kind == "sitemap":
        requests = list(spider.parse_sitemap(response))
    else:
        requests = list(spider.parse_listing(response))
    found = []
    for req in requests:
        if req.callback != spider.parse_article:
            continue  # a next page or a nested sitemap: not an article
        hints = req.cb_kwargs.get("hints") or {}
        date = hints.get("feed_date") or hints.get("listing_date") or ""
        found.append(Found(req.url, " ".join(str(date).split()), str(req.meta["partywire_how"])))
    return found, dict(spider.discovery)
