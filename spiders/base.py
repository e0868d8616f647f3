"""The base news spider: discover articles from feeds, sitemaps and listing pages, and hand
each article page to the pipelines. A site is a handful of class attributes on top of this.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse

from crawler.core.items import Article
from crawler.core.provinces import NATIONAL, check_unit
from crawler.core.rules import SiteRules
from crawler.core.timez import utcnow

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
    rules: ClassVar[SiteRules] = SiteRules()

    def __init__(self, *args: Any, limit: str | int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allowed_domains = list(self.allowed_domain_list())
        self.limit = int(limit) if limit else None
        self.scheduled = 0

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
    def info(cls) -> dict[str, Any]:
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
    async def start(self) -> AsyncIterator[Any]:
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

    def article_request(self, url: str, **hints: Any) -> scrapy.Request | None:
        if not self.is_article(url):
            return None
        if self.limit is not None and self.scheduled >= self.limit:
            return None
        self.scheduled += 1
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.failed,
            cb_kwargs={"hints": {k: v for k, v in hints.items() if v}},
        )

    def parse_feed(self, response: Response) -> Any:
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

    def parse_sitemap(self, response: Response) -> Any:
        """Sitemap indexes are followed (up to max_pages); in a urlset, a Google News
        `news:publication_date` (or else `lastmod`) travels with the article as a date hint."""
        from lxml import etree

        parser = etree.XMLParser(
            recover=True, resolve_entities=False, no_network=True, remove_comments=True
        )
        try:
            root = etree.fromstring(response.body, parser=parser)
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            self.logger.error("%s: sitemap %s is not valid XML", self.name, response.url)
            self.crawler.stats.inc_value("partywire/bad_feeds")
            return

        def local(el: Any) -> str:
            return etree.QName(el).localname if isinstance(el.tag, str) else ""

        if local(root) == "sitemapindex":
            locs = [el.text.strip() for el in root.iter() if local(el) == "loc" and el.text]
            for loc in locs[: self.max_pages]:
                yield scrapy.Request(loc, callback=self.parse_sitemap, errback=self.failed)
            return
        for url in (el for el in root if local(el) == "url"):
            fields = {local(el): (el.text or "").strip() for el in url.iter()}
            if not fields.get("loc"):
                continue
            date = fields.get("publication_date") or fields.get("lastmod")
            req = self.article_request(fields["loc"], feed_date=date)
            if req:
                yield req

    def parse_listing(self, response: Response, page: int = 1) -> Any:
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
    def parse_article(self, response: Response, hints: dict[str, Any] | None = None) -> Any:
        if not isinstance(response, TextResponse):
            self.logger.error("%s: %s is not an HTML page", self.name, response.url)
            self.crawler.stats.inc_value("partywire/bad_pages")
            return
        yield self.new_article(response.url, response.text, hints=hints)

    @classmethod
    def new_article(
        cls, url: str, html: str, fetched_at: Any = None, hints: dict[str, Any] | None = None
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
            hints=dict(hints or {}),
        )

    def failed(self, failure: Any) -> None:
        self.crawler.stats.inc_value("partywire/errors")
        self.logger.error(
            "%s: %s failed: %s", self.name, failure.request.url, failure.getErrorMessage()
        )
