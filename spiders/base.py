"""The base news spider: discover articles from feeds, sitemaps and listing pages, and hand
each article page to the pipelines. A site is a handful of class attributes on top of this.
"""

from __future__ import annotations

import re
import ssl
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Self
from urllib.parse import urlsplit

import scrapy
from lxml import etree
from OpenSSL import SSL
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response, TextResponse
from scrapy.selector import SelectorList
from scrapy.settings import default_settings
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.request import fingerprint
from service_identity import VerificationError
from twisted.internet.error import CertificateError, DNSLookupError, TCPTimedOutError, VerifyError
from twisted.internet.error import ConnectionRefusedError as TxConnectionRefusedError
from twisted.internet.error import SSLError as TxSSLError
from twisted.internet.error import TimeoutError as TxTimeoutError

from crawler.core.items import Article, discovery_hints
from crawler.core.linkshape import article_shape, non_article_reason, pattern_subject
from crawler.core.provinces import NATIONAL, check_unit
from crawler.core.rules import SiteRules
from crawler.core.timez import utcnow
from crawler.incremental import KIND, STORED
from crawler.politeness import OVER_BUDGET, REDIRECT_LOOP, ROBOTS_UNAVAILABLE
from spiders import listing

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from twisted.python.failure import Failure

    from crawler.history import Known, StoredRef

#: what `partywire sites --json` prints for a site
SiteInfo = dict[str, str | int | list[str] | None]

KINDS = ("party-portal", "newspaper", "news-agency", "national-organ")
EVIDENCE = ("verified", "family", "unverified")
DATE_ORDERS = ("DMY", "MDY")

#: Below this share of a listing's content links, a declared pattern has stopped describing
#: the site (a redesign moved the articles): a listing whose articles it still matches gives
#: a third or more (baochinhphu 34 of 40, see tests/test_discovery.py), one it has lost gives
#: none or the odd leftover.
DRIFT_SHARE = 0.2
#: ... and a listing needs this many content links before a low share means anything
DRIFT_MIN_LINKS = 5

#: The crawl's discovery figures, per site (each site is its own crawler with its own stats).
STAT = "partywire/discovery/"
#: ... and its other figures (pages and 304s by kind, errors by kind, known links skipped)
FIGURE = "partywire/"
#: How long after it appeared a stored article is still re-fetched to catch corrections, and
#: how many times (PARTYWIRE_REFRESH_WINDOW in seconds, PARTYWIRE_MAX_REFRESHES)
REFRESH_WINDOW = timedelta(days=1)
MAX_REFRESHES = 3
#: Budgets of one run (PARTYWIRE_MAX_LINKS, PARTYWIRE_MAX_SITEMAPS, PARTYWIRE_MAX_ARTICLE_BYTES in
#: crawler/settings.py): article links taken from one listing, feed or sitemap; sitemaps read in
#: all; the largest article page extracted
MAX_LINKS = 200
MAX_SITEMAPS = 50
MAX_ARTICLE_BYTES = 4 * 1024 * 1024


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
    #: a hint, not a veto: the listing's structure decides when it matches (almost) nothing,
    #: and feed and sitemap entries never need it; None: no evidence, the structure decides
    article_pattern: ClassVar[str | None] = None
    listing_links: ClassVar[str | None] = None
    listing_date: ClassVar[str | None] = None
    next_page: ClassVar[str | None] = None
    max_pages: ClassVar[int] = 3
    #: how deep sitemap indexes nest before the crawl stops following them (the sitemaps a site
    #: declares are depth 0); with `max_pages` per index, this bounds the sitemaps fetched
    max_sitemap_depth: ClassVar[int] = 2
    rules: ClassVar[SiteRules] = SiteRules()
    #: the order of day and month in the site's numeric dates, when it is known ("MDY" for
    #: baochinhphu's feeds): travels with each item to the dates stage
    date_order: ClassVar[str | None] = None
    #: how often the service polls the site, in minutes, before it adapts the interval to the
    #: site's publishing rate (None: 15 minutes, `crawler.core.schedule.DEFAULT_INTERVAL`)
    poll_minutes: ClassVar[int | None] = None
    #: certificates and host names are checked (DOWNLOAD_VERIFY_CERTIFICATES); a portal known to
    #: serve a broken chain sets False, with `tls_reason` saying what is broken and since when:
    #: its crawler alone then accepts any certificate
    tls_verify: ClassVar[bool] = True
    tls_reason: ClassVar[str] = ""

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
        # every discovery decision, for `partywire discover` (the crawl's stats get them too)
        self.discovery: dict[str, int] = {}
        # declared feeds and sitemaps not yet answered, and whether any gave an article: when
        # all have answered with none, the home page is read as a listing
        self._sources_pending = 0 if self.listings else len(self.feeds) + len(self.sitemaps)
        self._sources_gave = False
        # the site's pages and stored articles from earlier crawls, set by the incremental
        # middleware when the spider opens; None: nothing is known, every article is fetched
        self.known: Known | None = None
        self.refresh_window = REFRESH_WINDOW
        self.max_refreshes = MAX_REFRESHES
        # fingerprints of the stored article links not asked for (each counted once)
        self.skipped: set[bytes] = set()
        self.max_links = MAX_LINKS
        self.max_sitemaps = MAX_SITEMAPS
        self.max_article_bytes = MAX_ARTICLE_BYTES
        # sitemaps asked for this run, the declared ones included
        self.sitemaps_asked = len(self.sitemaps)

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
        s = crawler.settings
        window = s.getfloat("PARTYWIRE_REFRESH_WINDOW", REFRESH_WINDOW.total_seconds())
        spider.refresh_window = timedelta(seconds=window)
        spider.max_refreshes = s.getint("PARTYWIRE_MAX_REFRESHES", MAX_REFRESHES)
        spider.max_links = s.getint("PARTYWIRE_MAX_LINKS", MAX_LINKS)
        spider.max_sitemaps = s.getint("PARTYWIRE_MAX_SITEMAPS", MAX_SITEMAPS)
        spider.max_article_bytes = s.getint("PARTYWIRE_MAX_ARTICLE_BYTES", MAX_ARTICLE_BYTES)
        return spider

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        """A site declared with `tls_verify = False` is crawled without checking certificates;
        each site is its own crawler, so the setting reaches its download handler alone."""
        super().update_settings(settings)
        if not cls.tls_verify:
            settings.set("DOWNLOAD_VERIFY_CERTIFICATES", False, priority="spider")

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
        if cls.article_pattern is not None:
            re.compile(cls.article_pattern)
        if cls.poll_minutes is not None and not 1 <= cls.poll_minutes <= 24 * 60:
            raise ValueError(f"{where}: poll_minutes {cls.poll_minutes!r} is not 1..1440")
        if cls.date_order is not None and cls.date_order not in DATE_ORDERS:
            raise ValueError(f"{where}: date_order {cls.date_order!r} is not one of {DATE_ORDERS}")
        if not cls.tls_verify and not cls.tls_reason.strip():
            raise ValueError(
                f"{where}: tls_verify = False needs a tls_reason (what is wrong with its "
                "certificate)"
            )

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
            "date_order": cls.date_order,
            "poll_minutes": cls.poll_minutes,
            "max_pages": cls.max_pages,
        }

    # -- discovery ----------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.feeds:
            yield self._source(url, self.parse_feed)
        for url in self.sitemaps:
            yield self._source(url, self.parse_sitemap)
        for url in self.listings or (() if self.feeds or self.sitemaps else (self.home,)):
            yield self._listing_request(url)

    def _source(self, url: str, callback: Any) -> scrapy.Request:
        kind = "feed" if callback == self.parse_feed else "sitemap"
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.failed,
            meta={"partywire_source": True, KIND: kind},
        )

    def _listing_request(self, url: str, page: int = 1) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_listing,
            errback=self.failed,
            cb_kwargs={"page": page},
            meta={KIND: "listing"},
        )

    def _fallback(self, request: scrapy.Request | None, gave: bool) -> Iterator[scrapy.Request]:
        """The home page as a listing once every declared feed and sitemap has answered with
        no article (failed, empty, or not a feed): a guessed feed that is wrong must not leave
        the site with nothing. A site that declares listings reads them anyway."""
        if request is None or not request.meta.get("partywire_source"):
            return
        if self._sources_pending <= 0:
            return
        self._sources_pending -= 1
        self._sources_gave = self._sources_gave or gave
        if self._sources_pending == 0 and not self._sources_gave:
            self.logger.warning(
                "%s: no declared feed or sitemap gave an article; reading the home page %s",
                self.name,
                self.home,
            )
            self._count("home_fallback")
            yield self._listing_request(self.home)

    def _count(self, what: str, n: int = 1) -> None:
        """One discovery figure up by n, in the spider's own tally and the crawl's stats."""
        if n <= 0:
            return
        self.discovery[what] = self.discovery.get(what, 0) + n
        stats = getattr(getattr(self, "crawler", None), "stats", None)
        if stats is not None:
            stats.inc_value(STAT + what, n)

    def _stat(self, key: str) -> None:
        """A crawl figure outside discovery; a spider built without a crawler (`partywire
        discover`, a test) has no stats to keep it in, and its log says the same."""
        stats = getattr(getattr(self, "crawler", None), "stats", None)
        if stats is not None:
            stats.inc_value(key)

    def _arrived(self, response: Response, kind: str) -> bool:
        """Counts the page by kind; False for a 304 (the copy we read last time is current:
        nothing on it is new), which the caller answers with nothing."""
        if response.status == 304:
            self._stat(f"{FIGURE}not_modified/{kind}")
            return False
        self._stat(f"{FIGURE}pages/{kind}")
        return True

    def _bad(self, what: str, page: str = "", kind: str = "parse") -> None:
        """A page that arrived but cannot be read: its own figure, `error/<kind>` and, for the
        reason's "1/1 feeds", `failed/<page>/<kind>` (it is counted in `pages/` too)."""
        self._stat(f"partywire/{what}")
        self._stat(f"{FIGURE}error/{kind}")
        if page:
            self._stat(f"{FIGURE}failed/{page}/{kind}")

    def is_same_site(self, url: str) -> bool:
        """As Scrapy's offsite middleware will judge the request: the host (not the port) is
        an allowed domain or below one."""
        host = (urlsplit(url).hostname or "").lower()
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    def is_article(self, url: str) -> bool:
        """Whether the URL alone says article: the declared pattern (on the path, and on the
        query too when the pattern names one), or with none, the article shape and no
        non-article marker (`crawler.core.linkshape`)."""
        if self.article_pattern is not None:
            return bool(re.search(self.article_pattern, pattern_subject(self.article_pattern, url)))
        return article_shape(url) is not None and non_article_reason(url) is None

    def _fingerprint(self, request: scrapy.Request) -> bytes:
        """The key Scrapy's dupefilter uses, from the crawler's own fingerprinter when the
        spider runs in one (a spider built by hand in a test has none)."""
        if hasattr(self, "crawler"):
            return self.crawler.request_fingerprinter.fingerprint(request)
        return fingerprint(request)

    def article_request(self, url: str, how: str, **hints: str | None) -> scrapy.Request | None:
        """A request for an article page found by `how` (feed, sitemap, pattern, detector), or
        None when it was asked for already (the dupefilter would drop it; it must not use up
        the limit), it is stored and not worth asking for again (`known_skipped`, which does
        not use up the limit either), the limit is reached, or it is on another site. Whether
        the URL is an article candidate at all is the caller's decision. A stored article
        still young is asked for again (`refreshed`), conditionally, to catch corrections."""
        if not self.is_same_site(url):
            return None
        req = scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.failed,
            cb_kwargs={"hints": {k: v for k, v in hints.items() if v}},
            meta={"partywire_how": how, KIND: "article"},
        )
        key = self._fingerprint(req)
        if key in self.scheduled:
            return None
        stored = self.stored(url)
        if stored is not None and not self._refresh(url, stored):
            if key not in self.skipped:
                self.skipped.add(key)
                self._stat(FIGURE + "known_skipped")
            return None
        if self.limit is not None and len(self.scheduled) >= self.limit:
            return None
        self.scheduled.add(key)
        if stored is not None:
            req.meta[STORED] = req.cb_kwargs["stored"] = stored.canonical_url
            self._stat(FIGURE + "refreshed")
        return req

    def closed(self, reason: str) -> None:
        """A crawl a budget closed keeps how many article links it had asked for
        (`asked/article`), which its reason sets against those answered."""
        stats = getattr(getattr(self, "crawler", None), "stats", None)
        if reason.startswith("closespider_") and stats is not None:
            stats.set_value(f"{FIGURE}asked/article", len(self.scheduled))

    def stored(self, url: str) -> StoredRef | None:
        """The stored article this link leads to (by its URL, its canonical URL, or an
        address that redirected to it), when the crawl is incremental."""
        return self.known.article(url) if self.known is not None else None

    def _refresh(self, url: str, stored: StoredRef) -> bool:
        """Young (published and first fetched within the refresh window: the older of the two
        counts, so a wrong future date does not keep an article young) and refreshed fewer
        than max_refreshes times (downloads after the first)."""
        born = [d for d in (stored.published, stored.first_fetched) if d is not None]
        if not born or utcnow() - min(born) > self.refresh_window:
            return False
        assert self.known is not None  # a stored article came from it
        page = self.known.page(url) or self.known.page(stored.canonical_url)
        refreshes = page.fetches - 1 if page is not None else 0
        return refreshes < self.max_refreshes

    def _gave_before(self, url: str) -> bool:
        """An entry not asked for because its article is stored: the source gave it, earlier
        (the home page is no better a source for it)."""
        return bool(url) and self.stored(url) is not None

    def _entry(self, url: str, how: str, date: str | None) -> scrapy.Request | None:
        """A feed or sitemap entry: the site itself lists it, so no URL pattern can veto it;
        only an obvious non-article (tag, topic, video, search page) is skipped."""
        if not url or non_article_reason(url):
            self._count("non_article")
            return None
        self._count(f"{how}_entries")
        return self.article_request(url, how, feed_date=date)

    def _feed_entries(self, response: TextResponse) -> list[tuple[str, str | None]] | None:
        """(link, date) of each RSS item or Atom entry; None when the text is neither."""
        sel = scrapy.Selector(text=response.text, type="xml")
        sel.remove_namespaces()
        items = sel.xpath("//item")
        if items:
            return [
                (
                    response.urljoin(
                        (
                            it.xpath("link/text()").get() or it.xpath("guid/text()").get() or ""
                        ).strip()
                    ),
                    it.xpath("pubDate/text()").get(),
                )
                for it in items
            ]
        entries = sel.xpath("//entry")
        if not entries:
            return None
        return [
            (
                response.urljoin(
                    (e.xpath("link[@rel='alternate' or not(@rel)]/@href").get() or "").strip()
                ),
                e.xpath("published/text()").get() or e.xpath("updated/text()").get(),
            )
            for e in entries
        ]

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        """A 304 feed gave its articles last time: it counts as giving for the home page
        fallback, since they are stored, not missing."""
        if not self._arrived(response, "feed"):
            yield from self._fallback(response.request, gave=True)
            return
        entries = self._feed_entries(response) if isinstance(response, TextResponse) else None
        if entries is None:
            self.logger.error("%s: %s is neither RSS nor Atom", self.name, response.url)
            self._bad("bad_feeds", "feed")
            yield from self._fallback(response.request, gave=False)
            return
        requests, gave = self._from_entries(response.url, entries, "feed")
        yield from requests
        yield from self._fallback(response.request, gave=gave)

    def _from_entries(
        self, source: str, entries: Iterable[tuple[str, str | None]], how: str
    ) -> tuple[list[scrapy.Request], bool]:
        """The article requests of a feed's or sitemap's entries, at most `max_links` of them
        (the rest counted as `capped`, not followed), and whether the source gave an article
        (a request, or an entry already stored)."""
        requests: list[scrapy.Request] = []
        gave = False
        todo = list(entries)
        for i, (url, date) in enumerate(todo):
            if len(requests) >= self.max_links:
                self._capped(source, len(todo) - i)
                break
            req = self._entry(url, how, date)
            gave = gave or req is not None or self._gave_before(url)
            if req:
                requests.append(req)
        return requests, gave

    def _capped(self, source: str, rest: int) -> None:
        """Links of one source beyond the run's budget for it: counted and said once."""
        self.logger.warning(
            "%s: %s lists more than %d article links; %d not taken this run (PARTYWIRE_MAX_LINKS)",
            self.name,
            source,
            self.max_links,
            rest,
        )
        self._count("capped", rest)

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
            self._bad("sitemap_too_large", kind="size")
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
        `lastmod`) travels with the article as a date hint. (An index that lists sitemaps
        counts as giving something: whether they hold articles is not waited for; so does a
        304, as for a feed.)"""
        if not self._arrived(response, "sitemap"):
            yield from self._fallback(response.request, gave=True)
            return
        body = self._sitemap_body(response)
        root = _xml_root(body) if body is not None else None
        if root is None:
            if body is not None:
                self.logger.error("%s: sitemap %s is not valid XML", self.name, response.url)
                self._bad("bad_feeds", "sitemap")
            yield from self._fallback(response.request, gave=False)
            return
        if _local(root) == "sitemapindex":
            children = list(self._follow_index(response, root, depth))
            yield from children
            yield from self._fallback(response.request, gave=bool(children))
            return
        requests, gave = self._from_entries(response.url, _urlset(response, root), "sitemap")
        yield from requests
        yield from self._fallback(response.request, gave=gave)

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
        for i, loc in enumerate(locs[: self.max_pages]):
            if self.sitemaps_asked >= self.max_sitemaps:
                self.logger.warning(
                    "%s: %d sitemaps read this run; %d more in %s not followed (max %d)",
                    self.name,
                    self.sitemaps_asked,
                    min(len(locs), self.max_pages) - i,
                    response.url,
                    self.max_sitemaps,
                )
                self._count("sitemaps_capped", min(len(locs), self.max_pages) - i)
                return
            self.sitemaps_asked += 1
            yield scrapy.Request(
                response.urljoin(loc),
                callback=self.parse_sitemap,
                errback=self.failed,
                cb_kwargs={"depth": depth + 1},
                meta={KIND: "sitemap"},
            )

    def parse_listing(self, response: Response, page: int = 1) -> Iterator[scrapy.Request]:
        """The listing's articles: by the declared pattern while it describes the page, else
        by the page's structure (`spiders.listing`); each with the date printed beside it. A
        304 listing lists what it listed last time, all of it asked for then; its next pages
        are not read either."""
        if not self._arrived(response, "listing"):
            return
        if not isinstance(response, TextResponse):
            self.logger.error("%s: listing %s is not an HTML page", self.name, response.url)
            self._bad("bad_pages", "listing")
            return
        found = [
            link
            for link in listing.links(response, self._anchors(response))
            if self.is_same_site(link.url) and link.url != response.url
        ]
        self._count("listing_links", len(found))
        candidates = [link for link in found if not non_article_reason(link.url)]
        self._count("non_article", len(found) - len(candidates))
        chosen, how = self._choose(response.url, candidates)
        self._count(f"by_{how}", len(chosen))
        yield from self._listing_articles(response, chosen, how)
        if self.next_page and page < self.max_pages:
            nxt = response.css(self.next_page).attrib.get("href")
            if nxt:
                yield self._listing_request(response.urljoin(nxt), page + 1)

    def _listing_articles(
        self, response: TextResponse, chosen: list[listing.Link], how: str
    ) -> Iterator[scrapy.Request]:
        """The chosen links' requests, each with the date beside it, at most `max_links` (a
        listing of 10,000 links costs no more than one of 200; the rest counted as `capped`).
        A listing over the cap gets no listing dates: finding one looks at every link of the
        item around it, and there the item is the whole page (seconds of the one thread every
        site shares); the article pages date themselves."""
        beside = listing.Beside(response, {link.url for link in chosen})
        dated = len(chosen) <= self.max_links
        taken = 0
        for i, link in enumerate(chosen):
            if taken >= self.max_links:
                self._capped(response.url, len(chosen) - i)
                return
            date = self._listing_date(link, beside) if dated else None
            req = self.article_request(link.url, how, listing_date=date)
            if req:
                taken += 1
                yield req

    def _anchors(self, response: TextResponse) -> SelectorList:
        """The declared listing selector's anchors; the whole page's when it finds none (the
        page was redesigned: its structure is read instead of nothing)."""
        if self.listing_links:
            picked = response.css(self.listing_links)
            if picked:
                return picked
            self.logger.warning(
                "%s: listing_links %r finds no link on %s; reading the whole page",
                self.name,
                self.listing_links,
                response.url,
            )
        return response.css("a")

    def _choose(self, url: str, candidates: list[listing.Link]) -> tuple[list[listing.Link], str]:
        """The pattern's links, unless the pattern is absent or has drifted: it accepts under
        DRIFT_SHARE of the listing's content links while there are DRIFT_MIN_LINKS of them."""
        if self.article_pattern is None:
            self._count("detector_used")
            return listing.detect(candidates), "detector"
        by_pattern = [link for link in candidates if self.is_article(link.url)]
        content = [link for link in candidates if not link.chrome]
        hits = sum(1 for link in content if self.is_article(link.url))
        if len(content) < DRIFT_MIN_LINKS or hits >= DRIFT_SHARE * len(content):
            return by_pattern, "pattern"
        self.logger.warning(
            "%s: article_pattern %r accepts %d of the %d content links of listing %s; "
            "the structural detector decides",
            self.name,
            self.article_pattern,
            hits,
            len(content),
            url,
        )
        self._count("detector_used")
        self._count("pattern_drift")
        return listing.detect(candidates), "detector"

    def _listing_date(self, link: listing.Link, beside: listing.Beside) -> str | None:
        """The declared listing date selector near the link, else a date the structure puts
        in the link's own item."""
        if self.listing_date:
            for a in link.anchors:
                date = a.xpath("ancestor::*[position()<=3]").css(self.listing_date + "::text").get()
                if date:
                    return date.strip()
        return beside.date(link)

    # -- articles -----------------------------------------------------------------------------
    def parse_article(
        self,
        response: Response,
        hints: Mapping[str, str] | None = None,
        stored: str | None = None,
    ) -> Iterator[Article]:
        """The page as an item; one re-fetched carries the stored article's canonical URL
        (hint `stored`), which the store compares it with, wherever the page now points. A
        page over `max_article_bytes` is not extracted (`error/size`): no news article is that
        large, and parsing it would hold up every other site's downloads."""
        if response.status != 304 and len(response.body) > self.max_article_bytes:
            self._too_large(response)
            return
        if not self._arrived(response, "article"):
            return
        if not isinstance(response, TextResponse):
            self.logger.error("%s: %s is not an HTML page", self.name, response.url)
            self._bad("bad_pages", "article")
            return
        item = self.new_article(response.url, response.text, hints=hints)
        if stored:
            item.hints["stored"] = stored
        yield item

    def _too_large(self, response: Response) -> None:
        self.logger.error(
            "%s: %s is %d bytes, over PARTYWIRE_MAX_ARTICLE_BYTES (%d); not extracted",
            self.name,
            response.url,
            len(response.body),
            self.max_article_bytes,
        )
        self._stat(f"{FIGURE}too_large")
        self._stat(f"{FIGURE}error/size")
        self._stat(f"{FIGURE}failed/article/size")

    @classmethod
    def new_article(
        cls,
        url: str,
        html: str,
        fetched_at: datetime | None = None,
        hints: Mapping[str, str | None] | None = None,
    ) -> Article:
        """The item a page of this site starts as; the crawl and `partywire extract` both
        build it here, so the two can never disagree on outlet or province. The site's date
        order goes along for the dates stage (the page's declared types are read by
        extraction, from the tree it parses anyway)."""
        item = Article(
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
        if cls.date_order:
            item.hints["date_order"] = cls.date_order
        return item

    def failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        """Counted (in all, and by kind: `error/<kind>`) and logged; a declared feed or sitemap
        that failed counts towards the home page fallback (Scrapy takes the requests an errback
        returns). A request dropped because the site's budget is spent is no error of the
        site's: it is counted apart, the run's reason says the budget."""
        kind = error_kind(failure.value)
        request = getattr(failure, "request", None)  # Scrapy sets it on a request's failure
        if kind == "budget":
            self._stat(f"{FIGURE}budget/dropped")
            return
        self._stat("partywire/errors")
        self._stat(f"{FIGURE}error/{kind}")
        url = request.url if isinstance(request, scrapy.Request) else "?"
        if isinstance(request, scrapy.Request) and request.meta.get(KIND):
            # by the kind of page too, so a reason can say "HTTP 503 on 3/3 listings"
            self._stat(f"{FIGURE}failed/{request.meta[KIND]}/{kind}")
        self.logger.error("%s: %s failed (%s): %s", self.name, url, kind, failure.getErrorMessage())
        if isinstance(request, scrapy.Request):
            yield from self._fallback(request, gave=False)


#: (exception types, kind) in the order they are looked for along a failure's causes; the
#: download handler wraps Twisted's errors in Scrapy's (`from`), so both families are here
#: (a download over DOWNLOAD_MAXSIZE is cancelled by the handler, the only cancel it makes but
#: for the timeout, which it raises as a timeout; one that expands beyond it is refused by
#: HttpCompressionMiddleware from _DecompressionMaxSizeExceeded)
_ERROR_KINDS: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    ((CannotResolveHostError, DNSLookupError), "dns"),
    ((DownloadConnectionRefusedError, TxConnectionRefusedError, ConnectionRefusedError), "refused"),
    ((DownloadTimeoutError, TxTimeoutError, TCPTimedOutError, TimeoutError), "timeout"),
    (
        (SSL.Error, TxSSLError, ssl.SSLError, CertificateError, VerifyError, VerificationError),
        "tls",
    ),
    ((DownloadCancelledError, _DecompressionMaxSizeExceeded), "size"),
    ((ResponseDataLossError,), "truncated"),
)
#: how the messages of the IgnoreRequest that Scrapy's and our middlewares raise begin
_IGNORED = {
    "Forbidden by robots.txt": "robots",
    "max redirections reached": "redirect_loop",
    REDIRECT_LOOP: "redirect_loop",
    ROBOTS_UNAVAILABLE: "robots_unavailable",
    OVER_BUDGET: "budget",
}


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception and what it wraps: its cause or context, and the reasons a Twisted
    ResponseFailed lists (a TLS handshake error arrives as one of those)."""
    todo, seen = [exc], set()
    while todo:
        e = todo.pop(0)
        if id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo += [c for c in (e.__cause__, e.__context__) if c is not None]
        todo += [r.value for r in getattr(e, "reasons", ()) if hasattr(r, "value")]


def error_kind(exc: BaseException | None) -> str:
    """What kind of failure a request met, as the run figures name it (`error/<kind>`): an
    HTTP status, DNS, refused, timeout, robots.txt (disallowed or unavailable), TLS, size,
    truncated, a redirect loop, budget, or other. An IgnoreRequest is named by its message,
    else by its cause (a robots.txt unreachable by DNS: dns)."""
    if isinstance(exc, HttpError) and exc.response is not None:
        return f"http_{exc.response.status}"
    if exc is None:
        return "other"
    if isinstance(exc, IgnoreRequest):
        message = str(exc)
        named = [kind for start, kind in _IGNORED.items() if message.startswith(start)]
        if named:
            return named[0]
    causes = list(_causes(exc))
    for types, kind in _ERROR_KINDS:
        if any(isinstance(e, types) for e in causes):
            return kind
    return "other"


_XML = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, remove_comments=True)


def _urlset(response: Response, root: etree._Element) -> Iterator[tuple[str, str | None]]:
    """(link, date) of each sitemap `url`: a Google News `news:publication_date`, else its
    `lastmod`, travels with the article as a date hint."""
    for url in (el for el in root if _local(el) == "url"):
        fields = {_local(el): (el.text or "").strip() for el in url.iter()}
        if fields.get("loc"):
            date = fields.get("publication_date") or fields.get("lastmod")
            yield response.urljoin(fields["loc"]), date


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
