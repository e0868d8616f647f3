"""The base news spider: discover articles from feeds, sitemaps and listing pages, and hand
each article page to the pipelines. A site is a handful of class attributes on top of this.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Self
from urllib.parse import urlsplit

import scrapy
from lxml import etree
from scrapy.http import Response, TextResponse
from scrapy.settings import default_settings
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.request import fingerprint

from crawler.core.items import Article, discovery_hints
from crawler.core.provinces import NATIONAL, check_unit
from crawler.core.rules import SiteRules
from crawler.core.timez import utcnow

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from twisted.python.failure import Failure

#: what `partywire sites --json` prints for a site
SiteInfo = dict[str, str | int | list[str] | None]

KINDS = ("party-portal", "newspaper", "news-agency", "national-organ")
EVIDENCE = ("verified", "family", "unverified")


class NewsSpider(scrapy.Spider):
    """Subclasses declare; this class crawls. `scrapy crawl NAME -a limit=N` caps articles."""

    # -- declaration --------------------------------------------------------------------------
    outlet: ClassVar[str] = ""
    province: ClassVar[str] = NATIONAL
    former_province: ClassVar[str | None] = None
    kind: ClassVar[str] = "newspaper"
    family: ClassVar[str] = "generic"
    evidence: ClassVar[str] = "unverified"
    home: ClassVar[str] = ""
    domains: ClassVar[tuple[str, ...]] = ()
    feeds: ClassVar[tuple[str, ...]] = ()
    sitemaps: ClassVar[tuple[str, ...]] = ()
    listings: ClassVar[tuple[str, ...]] = ()
    article_pattern: ClassVar[str] = r"\.html?$"
    listing_links: ClassVar[str | None] = None
    listing_date: ClassVar[str | None] = None
    next_page: ClassVar[str | None] = None
    max_pages: ClassVar[int] = 3
    #: how deep sitemap indexes nest before the crawl stops following them (the sitemaps a site
    #: declares are depth 0); with `max_pages` per index, this bounds the sitemaps fetched
    max_sitemap_depth: ClassVar[int] = 2
    rules: ClassVar[SiteRules] = SiteRules()

    def __init__(self, *args: Any, limit: str | int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allowed_domains = list(self.allowed_domain_list())
        self.limit = int(limit) if limit else None
        # fingerprints of the article requests made so far: the limit counts distinct
        # articles, as Scrapy's dupefilter will let them through, not links seen
        self.scheduled: set[bytes] = set()
        # a gzip sitemap expands no further than a download may be large (set from settings)
        self.max_size: int = default_settings.DOWNLOAD_MAXSIZE
        self.warn_size: int = default_settings.DOWNLOAD_WARNSIZE

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # the spider attributes Scrapy's own downloader honours take precedence, as in
        # Scrapy's SitemapSpider
        spider.max_size = int(
            getattr(spider, "download_maxsize", crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        )
        spider.warn_size = int(
            getattr(spider, "download_warnsize", crawler.settings.getint("DOWNLOAD_WARNSIZE"))
        )
        return spider

    @classmethod
    def allowed_domain_list(cls) -> tuple[str, ...]:
        return cls.domains or (urlsplit(cls.home).hostname or "",)

    @classmethod
    def validate(cls) -> None:
        """A declaration error is reported when the registry loads, not mid-crawl."""
        where = f"site {cls.name!r}"
        if not cls.outlet or not cls.home:
            raise ValueError(f"{where}: outlet and home are required")
        check_unit(cls.province)
        if cls.kind not in KINDS:
            raise ValueError(f"{where}: kind {cls.kind!r} is not one of {KINDS}")
        if cls.evidence not in EVIDENCE:
            raise ValueError(f"{where}: evidence {cls.evidence!r} is not one of {EVIDENCE}")
        re.compile(cls.article_pattern)

    @classmethod
    def info(cls) -> SiteInfo:
        return {
            "name": cls.name,
            "outlet": cls.outlet,
            "province": cls.province,
            "former_province": cls.former_province,
            "kind": cls.kind,
            "family": cls.family,
            "evidence": cls.evidence,
            "home": cls.home,
            "domains": list(cls.allowed_domain_list()),
            "feeds": list(cls.feeds),
            "sitemaps": list(cls.sitemaps),
            "listings": list(cls.listings),
            "article_pattern": cls.article_pattern,
            "max_pages": cls.max_pages,
        }

    # -- discovery ----------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.feeds:
            yield scrapy.Request(url, callback=self.parse_feed, errback=self.failed)
        for url in self.sitemaps:
            yield scrapy.Request(url, callback=self.parse_sitemap, errback=self.failed)
        for url in self.listings or (() if self.feeds or self.sitemaps else (self.home,)):
            yield scrapy.Request(
                url, callback=self.parse_listing, errback=self.failed, cb_kwargs={"page": 1}
            )

    def is_article(self, url: str) -> bool:
        return bool(re.search(self.article_pattern, urlsplit(url).path))

    def _fingerprint(self, request: scrapy.Request) -> bytes:
        """The key Scrapy's dupefilter uses, from the crawler's own fingerprinter when the
        spider runs in one (a spider built by hand in a test has none)."""
        if hasattr(self, "crawler"):
            return self.crawler.request_fingerprinter.fingerprint(request)
        return fingerprint(request)

    def article_request(self, url: str, **hints: str | None) -> scrapy.Request | None:
        """A request for an article page, or None when the URL is not an article, was asked
        for already (the dupefilter would drop it; it must not use up the limit) or the limit
        is reached."""
        if not self.is_article(url):
            return None
        req = scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.failed,
            cb_kwargs={"hints": {k: v for k, v in hints.items() if v}},
        )
        key = self._fingerprint(req)
        if key in self.scheduled:
            return None
        if self.limit is not None and len(self.scheduled) >= self.limit:
            return None
        self.scheduled.add(key)
        return req

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):
            self.logger.error("%s: feed %s is not text", self.name, response.url)
            return
        sel = scrapy.Selector(text=response.text, type="xml")
        sel.remove_namespaces()
        items = sel.xpath("//item")
        if items:
            for it in items:
                link = it.xpath("link/text()").get() or it.xpath("guid/text()").get() or ""
                req = self.article_request(
                    response.urljoin(link.strip()), feed_date=it.xpath("pubDate/text()").get()
                )
                if req:
                    yield req
            return
        entries = sel.xpath("//entry")
        if not entries:
            self.logger.error("%s: %s is neither RSS nor Atom", self.name, response.url)
            self.crawler.stats.inc_value("partywire/bad_feeds")
            return
        for e in entries:
            link = e.xpath("link[@rel='alternate' or not(@rel)]/@href").get() or ""
            date = e.xpath("published/text()").get() or e.xpath("updated/text()").get()
            req = self.article_request(response.urljoin(link.strip()), feed_date=date)
            if req:
                yield req

    def _sitemap_body(self, response: Response) -> bytes | None:
        """The sitemap's XML. A `.xml.gz` file served as is (no Content-Encoding, which
        HttpCompressionMiddleware would already have undone) is gunzipped by Scrapy's own
        gunzip, bounded like Scrapy's SitemapSpider: a body that would expand beyond
        DOWNLOAD_MAXSIZE is refused, counted and never expanded in full."""
        if not gzip_magic_number(response):
            return response.body
        max_size = int(response.meta.get("download_maxsize", self.max_size))
        warn_size = int(response.meta.get("download_warnsize", self.warn_size))
        try:
            body = gunzip(response.body, max_size=max_size)
        except _DecompressionMaxSizeExceeded:
            self.logger.error(
                "%s: sitemap %s expands beyond %d bytes (DOWNLOAD_MAXSIZE); refused",
                self.name,
                response.url,
                max_size,
            )
            self.crawler.stats.inc_value("partywire/sitemap_too_large")
            return None
        except (OSError, EOFError):
            return b""  # a damaged gzip file: reported below as a sitemap that is not XML
        if len(response.body) < warn_size <= len(body):
            self.logger.warning(
                "%s: sitemap %s is %d bytes once gunzipped (DOWNLOAD_WARNSIZE %d)",
                self.name,
                response.url,
                len(body),
                warn_size,
            )
        return body

    def parse_sitemap(self, response: Response, depth: int = 0) -> Iterator[scrapy.Request]:
        """Sitemap indexes are followed, the first max_pages sitemaps of each, down to
        max_sitemap_depth; in a urlset, a Google News `news:publication_date` (or else
        `lastmod`) travels with the article as a date hint."""
        body = self._sitemap_body(response)
        if body is None:
            return
        root = _xml_root(body)
        if root is None:
            self.logger.error("%s: sitemap %s is not valid XML", self.name, response.url)
            self.crawler.stats.inc_value("partywire/bad_feeds")
            return
        if _local(root) == "sitemapindex":
            yield from self._follow_index(response, root, depth)
            return
        for url in (el for el in root if _local(el) == "url"):
            fields = {_local(el): (el.text or "").strip() for el in url.iter()}
            if not fields.get("loc"):
                continue
            date = fields.get("publication_date") or fields.get("lastmod")
            req = self.article_request(fields["loc"], feed_date=date)
            if req:
                yield req

    def _follow_index(
        self, response: Response, root: etree._Element, depth: int
    ) -> Iterator[scrapy.Request]:
        """A sitemap index can list thousands of sitemaps, and indexes can nest: both are
        capped, so a crawl fetches at most max_pages sitemaps per index and never follows an
        index deeper than max_sitemap_depth."""
        if depth >= self.max_sitemap_depth:
            self.logger.warning(
                "%s: sitemap index %s is nested %d deep; not followed (max_sitemap_depth %d)",
                self.name,
                response.url,
                depth,
                self.max_sitemap_depth,
            )
            return
        locs = [el.text.strip() for el in root.iter() if _local(el) == "loc" and el.text]
        for loc in locs[: self.max_pages]:
            yield scrapy.Request(
                response.urljoin(loc),
                callback=self.parse_sitemap,
                errback=self.failed,
                cb_kwargs={"depth": depth + 1},
            )

    def parse_listing(self, response: Response, page: int = 1) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):
            return
        anchors = response.css(self.listing_links) if self.listing_links else response.css("a")
        for a in anchors:
            href = a.attrib.get("href")
            if not href:
                continue
            date = None
            if self.listing_date:
                date = a.xpath("ancestor::*[position()<=3]").css(self.listing_date + "::text").get()
            req = self.article_request(response.urljoin(href), listing_date=date)
            if req:
                yield req
        if self.next_page and page < self.max_pages:
            nxt = response.css(self.next_page).attrib.get("href")
            if nxt:
                yield scrapy.Request(
                    response.urljoin(nxt),
                    callback=self.parse_listing,
                    errback=self.failed,
                    cb_kwargs={"page": page + 1},
                )

    # -- articles -----------------------------------------------------------------------------
    def parse_article(
        self, response: Response, hints: Mapping[str, str] | None = None
    ) -> Iterator[Article]:
        if not isinstance(response, TextResponse):
            self.logger.error("%s: %s is not an HTML page", self.name, response.url)
            self.crawler.stats.inc_value("partywire/bad_pages")
            return
        yield self.new_article(response.url, response.text, hints=hints)

    @classmethod
    def new_article(
        cls,
        url: str,
        html: str,
        fetched_at: datetime | None = None,
        hints: Mapping[str, str | None] | None = None,
    ) -> Article:
        """The item a page of this site starts as; the crawl and `partywire extract` both
        build it here, so the two can never disagree on outlet or province."""
        return Article(
            url=url,
            site=cls.name,
            outlet=cls.outlet,
            province=cls.province,
            # until a date says otherwise, the former province is the site's own
            former_province=cls.former_province
            or (cls.province if cls.province != NATIONAL else None),
            fetched_at=fetched_at or utcnow(),
            html=html,
            hints=discovery_hints(hints),
        )

    def failed(self, failure: Failure) -> None:
        self.crawler.stats.inc_value("partywire/errors")
        request = getattr(failure, "request", None)  # Scrapy sets it on a request's failure
        url = request.url if isinstance(request, scrapy.Request) else "?"
        self.logger.error("%s: %s failed: %s", self.name, url, failure.getErrorMessage())


_XML = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, remove_comments=True)


def _xml_root(body: bytes) -> etree._Element | None:
    """A sitemap's root element, or None; entities are never resolved and nothing is fetched,
    so a hostile sitemap can neither read files nor call out."""
    try:
        return etree.fromstring(body, parser=_XML)
    except etree.XMLSyntaxError:
        return None


def _local(el: etree._Element) -> str:
    """The tag without its namespace (sitemaps come with and without it); "" for comments."""
    return etree.QName(el).localname if isinstance(el.tag, str) else ""
