"""Incremental crawling (crawler/incremental.py, the spider's `known`), the run figures the spider
and the pipelines count, and never replacing a good stored article with worse.

The crawls go through the real Scrapy stack (the project's settings as `partywire crawl` builds
them, replayed from WARC files), each in its own process since Twisted's reactor runs once per
process; the parts are also tested alone against a real SQLite store."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import CannotResolveHostError, DropItem, IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse, Response, XmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.internet.error import DNSLookupError

from crawler.core.items import Article
from crawler.core.timez import utcnow
from crawler.history import History, Known, PageRow, PageSeen, StoredRef
from crawler.incremental import KIND, STORED, IncrementalMiddleware
from crawler.replay import Archive, Recorded, write_warc
from crawler.storage import Store
from pipelines.gate import ArticleGatePipeline
from pipelines.store import StorePipeline
from spiders.base import NewsSpider, error_kind
from tests.conftest import RECORDED, run_script

HOME = "https://nhandan.vn/"


class Site(NewsSpider):
    name = "t_incremental"
    outlet = "Nhân Dân"
    home = HOME
    feeds = (f"{HOME}rss/home.rss",)
    article_pattern = r"-post\d+\.html$"


def _spider(**settings: Any) -> Site:
    spider = Site.from_crawler(get_crawler(Site, settings))
    return spider


def _figures(spider: NewsSpider) -> dict[str, Any]:
    assert spider.crawler.stats is not None
    stats = spider.crawler.stats.get_stats()
    return {k.removeprefix("partywire/"): v for k, v in stats.items() if k.startswith("partywire/")}


# -- errors by kind ----------------------------------------------------------------------------


def test_errors_are_named_by_their_kind() -> None:
    def http(status: int) -> HttpError:
        return HttpError(Response(f"{HOME}x", status=status), "Ignoring non-200 response")

    dns = CannotResolveHostError("nhandan.vn")
    dns.__cause__ = DNSLookupError("nhandan.vn")  # as Scrapy's download handler wraps it
    assert error_kind(http(503)) == "http_503"
    assert error_kind(http(404)) == "http_404"
    assert error_kind(dns) == "dns"
    assert error_kind(DNSLookupError("x")) == "dns"
    assert error_kind(IgnoreRequest("Forbidden by robots.txt")) == "robots"
    assert error_kind(IgnoreRequest("max redirections reached")) == "redirect_loop"
    assert error_kind(IgnoreRequest("Ignored request not in cache: <GET x>")) == "other"
    assert error_kind(ValueError("?")) == "other"
    assert error_kind(None) == "other"


_SITE_CRAWL = """
import json, socket, sys, threading, time
from scrapy.crawler import CrawlerProcess
from crawler.runner import settings_for
from spiders.base import NewsSpider

spec = json.loads(sys.argv[1])

def serve(reply):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    def answer(conn):
        conn.recv(4096)
        if reply is None:
            time.sleep(30)  # never answers
        else:
            conn.sendall(reply.encode())
            conn.close()
    def run():
        while True:
            conn, _ = sock.accept()
            threading.Thread(target=answer, args=(conn,), daemon=True).start()
    threading.Thread(target=run, daemon=True).start()
    return sock.getsockname()[1]

closed = socket.socket()
closed.bind(("127.0.0.1", 0))
ports = {"closed": closed.getsockname()[1], "silent": serve(None),
         "plain": serve("HTTP/1.1 400 Bad Request\\r\\nContent-Length: 0\\r\\n\\r\\n")}
closed.close()
fill = lambda urls: tuple(u.format(**ports) for u in urls)
Site = type("Site", (NewsSpider,), {
    "name": "t_site", "outlet": "T", "home": spec["home"], "article_pattern": r"-post\\d+\\.html$",
    "listings": fill(spec.get("listings", [])), "feeds": fill(spec.get("feeds", []))})
settings = settings_for(spec.get("replay"), spec["db"], spec["settings"])
process = CrawlerProcess(settings)
crawler = process.create_crawler(Site)
process.crawl(crawler)
process.start()
print(json.dumps(crawler.stats.get_stats(), default=str))
"""


def _site_crawl(spec: dict[str, Any]) -> dict[str, Any]:
    stats: dict[str, Any] = run_script(_SITE_CRAWL, json.dumps(spec))
    return {k.removeprefix("partywire/"): v for k, v in stats.items() if k.startswith("partywire/")}


def test_network_failures_are_counted_by_kind_through_the_downloader(tmp_path: Path) -> None:
    """Three listings on local ports: nothing listening (refused), a server that never answers
    (timeout), and a plain-HTTP server asked over https (the TLS handshake fails)."""
    figures = _site_crawl(
        {
            "home": "http://127.0.0.1/",
            "listings": [
                "http://127.0.0.1:{closed}/a/",
                "http://127.0.0.1:{silent}/b/",
                "https://127.0.0.1:{plain}/c/",
            ],
            "db": f"sqlite:///{tmp_path / 'pw.db'}",
            "settings": {
                "RETRY_ENABLED": False,
                "DOWNLOAD_TIMEOUT": 2,
                "ROBOTSTXT_OBEY": False,
                "LOG_LEVEL": "ERROR",
            },
        }
    )
    assert figures["error/refused"] == 1
    assert figures["error/timeout"] == 1
    assert figures["error/tls"] == 1
    assert figures["errors"] == 3  # the total stays


def _html(body: str, title: str = "Trang") -> bytes:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>".encode()


HTML = [("Content-Type", "text/html; charset=utf-8")]


def test_replayed_failures_are_counted_by_kind(tmp_path: Path) -> None:
    """A listing whose links meet robots.txt, a 404, a 503 and a redirect chain longer than
    allowed; a feed that is no feed (parse); the listing itself counted as a page."""
    links = ["/cam/a-post1.html", "/b-post2.html", "/c-post3.html", "/d-post4.html"]
    listing = "".join(f'<article><h2><a href="{h}">Bài {h}</a></h2></article>' for h in links)
    pages = [
        Recorded(
            f"{HOME}robots.txt",
            200,
            [("Content-Type", "text/plain")],
            b"User-agent: *\nDisallow: /cam/\n",
        ),
        Recorded(f"{HOME}thoi-su/", 200, HTML, _html(listing)),
        Recorded(f"{HOME}rss/a.rss", 200, HTML, _html("<p>not a feed</p>")),
        Recorded(f"{HOME}b-post2.html", 404, HTML, _html("Not found")),
        Recorded(f"{HOME}c-post3.html", 503, HTML, _html("Busy")),
        Recorded(f"{HOME}d-post4.html", 301, [("Location", f"{HOME}d2-post5.html")], b""),
        Recorded(f"{HOME}d2-post5.html", 301, [("Location", f"{HOME}d3-post6.html")], b""),
        Recorded(f"{HOME}d3-post6.html", 200, HTML, _html("<p>x</p>")),
    ]
    write_warc(tmp_path / "p.warc", pages)
    figures = _site_crawl(
        {
            "home": HOME,
            "listings": [f"{HOME}thoi-su/"],
            "feeds": [f"{HOME}rss/a.rss"],
            "replay": [str(tmp_path / "p.warc")],
            "db": f"sqlite:///{tmp_path / 'pw.db'}",
            "settings": {"RETRY_ENABLED": False, "REDIRECT_MAX_TIMES": 1, "LOG_LEVEL": "ERROR"},
        }
    )
    assert figures["error/robots"] == 1
    assert figures["error/http_404"] == 1
    assert figures["error/http_503"] == 1
    assert figures["error/redirect_loop"] == 1
    assert figures["error/parse"] == 1 and figures["bad_feeds"] == 1
    assert figures["pages/listing"] == 1 and figures["pages/feed"] == 1
    assert "pages/article" not in figures  # none of the four answered 200
    assert figures["errors"] == 4  # the errback's total: the parse error is the callback's


# -- the spider: what it asks for ---------------------------------------------------------------

OLD = datetime(2026, 11, 1, tzinfo=UTC)


def _known(*stored: tuple[str, datetime, int]) -> Known:
    """Known articles (url, published and first fetched at, downloads so far)."""
    rows = [PageRow(u, "article", None, None, u, n, at) for u, at, n in stored]
    refs = {u: StoredRef(u, at, at) for u, at, _ in stored}
    return Known(rows, refs)


def test_a_stored_article_is_not_asked_for_again_and_does_not_use_up_the_limit() -> None:
    old, young, tired, new = (f"{HOME}{x}-post{n}.html" for n, x in enumerate("abcd", 1))
    now = utcnow()
    spider = _spider()
    spider.limit = 2
    spider.known = _known((old, OLD, 1), (young, now - timedelta(hours=2), 1), (tired, now, 4))
    # old: beyond the window; tired: three refreshes already (4 downloads)
    assert spider.article_request(old, "pattern") is None
    assert spider.article_request(old, "feed") is None  # the same link again: counted once
    assert spider.article_request(tired, "pattern") is None
    again = spider.article_request(young, "pattern")
    assert again is not None
    assert again.meta[STORED] == young and again.cb_kwargs["stored"] == young
    assert again.meta[KIND] == "article"
    fresh = spider.article_request(new, "pattern")
    assert fresh is not None and STORED not in fresh.meta
    assert spider.article_request(f"{HOME}e-post5.html", "pattern") is None  # limit 2 reached
    assert _figures(spider) == {"known_skipped": 2, "refreshed": 1}


def test_the_refresh_window_and_count_come_from_the_settings() -> None:
    url = f"{HOME}a-post1.html"
    spider = _spider(PARTYWIRE_REFRESH_WINDOW=60 * 86400, PARTYWIRE_MAX_REFRESHES=5)
    spider.known = _known((url, utcnow() - timedelta(days=30), 5))  # 4 refreshes of 5
    assert spider.article_request(url, "pattern") is not None
    spider = _spider()
    spider.known = _known((url, utcnow() - timedelta(days=2), 1))  # older than one day
    assert spider.article_request(url, "pattern") is None


def test_a_future_date_does_not_keep_an_article_young() -> None:
    """A page that misdates itself next year was still first fetched long ago."""
    url = f"{HOME}a-post1.html"
    spider = _spider()
    ref = StoredRef(url, utcnow() + timedelta(days=300), OLD)
    spider.known = Known([], {url: ref})
    assert spider.article_request(url, "pattern") is None


def _rss(links: list[str]) -> bytes:
    items = "".join(f"<item><title>x</title><link>{u}</link></item>" for u in links)
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()


def _feed_response(body: bytes, status: int = 200) -> XmlResponse:
    url = Site.feeds[0]
    req = Request(url, meta={"partywire_source": True, KIND: "feed"})
    return XmlResponse(url=url, body=body, status=status, request=req)


def test_a_feed_of_stored_articles_still_gave_them() -> None:
    """Every entry stored: the feed is no reason to read the home page instead."""
    spider = _spider()
    spider.known = _known((f"{HOME}a-post1.html", OLD, 1))
    assert list(spider.parse_feed(_feed_response(_rss([f"{HOME}a-post1.html"])))) == []
    figures = _figures(spider)
    assert "discovery/home_fallback" not in figures
    assert figures["pages/feed"] == 1 and figures["known_skipped"] == 1


def test_a_304_yields_nothing_and_is_counted_by_kind() -> None:
    spider = _spider()
    assert list(spider.parse_feed(_feed_response(b"", status=304))) == []  # gave, earlier
    listing = HtmlResponse(f"{HOME}thoi-su/", status=304, request=Request(f"{HOME}thoi-su/"))
    assert list(spider.parse_listing(listing)) == []
    page = HtmlResponse(f"{HOME}a-post1.html", status=304, request=Request(f"{HOME}a-post1.html"))
    assert list(spider.parse_article(page, stored=f"{HOME}a-post1.html")) == []
    assert _figures(spider) == {
        "not_modified/feed": 1,
        "not_modified/listing": 1,
        "not_modified/article": 1,
    }


def test_every_request_says_what_it_fetches() -> None:
    class Mixed(Site):
        name = "t_mixed"
        sitemaps = (f"{HOME}sitemap.xml",)
        listings = (f"{HOME}thoi-su/",)

    spider = Mixed.from_crawler(get_crawler(Mixed))

    async def starts() -> list[Request]:
        return [r async for r in spider.start()]

    kinds = {r.url: r.meta[KIND] for r in asyncio.run(starts())}
    assert kinds == {
        Site.feeds[0]: "feed",
        f"{HOME}sitemap.xml": "sitemap",
        f"{HOME}thoi-su/": "listing",
    }
    index = b"<sitemapindex><sitemap><loc>https://nhandan.vn/s1.xml</loc></sitemap></sitemapindex>"
    req = Request(f"{HOME}sitemap.xml", meta={KIND: "sitemap"})
    (child,) = spider.parse_sitemap(XmlResponse(f"{HOME}sitemap.xml", body=index, request=req))
    assert child.meta[KIND] == "sitemap"


# -- the middleware: conditional requests and the pages remembered -------------------------------


@pytest.fixture
def remembered(tmp_path: Path) -> Iterator[tuple[str, Store]]:
    """A store where the feed sent an ETag, the listing a Last-Modified, and one article is
    stored (first fetched two hours ago)."""
    url = f"sqlite:///{tmp_path / 'pw.db'}"
    store = Store(url)
    at = utcnow() - timedelta(hours=2)
    History(store).remember(
        [
            PageSeen(Site.feeds[0], Site.name, "feed", 200, etag='"f1"', at=at),
            PageSeen(f"{HOME}thoi-su/", Site.name, "listing", 200, last_modified="Mon, x", at=at),
            PageSeen(f"{HOME}a-post1.html", Site.name, "article", 200, etag='"a1"', at=at),
        ]
    )
    article = Article(
        url=f"{HOME}a-post1.html",
        canonical_url=f"{HOME}a-post1.html",
        site=Site.name,
        title="Bài A",
        text="Nội dung bài A.",
        fetched_at=at,
    )
    store.upsert([article.record()])
    yield url, store
    store.engine.dispose()


def _opened(url: str) -> tuple[IncrementalMiddleware, Site, Crawler]:
    crawler = get_crawler(Site, {"PARTYWIRE_DB": url})
    spider = Site.from_crawler(crawler)
    crawler.spider = spider
    mw = IncrementalMiddleware.from_crawler(crawler)
    asyncio.run(mw.spider_opened(spider))
    return mw, spider, crawler


def test_requests_carry_the_validators_their_page_sent(remembered: tuple[str, Store]) -> None:
    mw, spider, _ = _opened(remembered[0])
    assert spider.known is not None and spider.known.article(f"{HOME}a-post1.html") is not None
    feed = Request(Site.feeds[0], meta={KIND: "feed"})
    mw.process_request(feed)
    assert feed.headers.get("If-None-Match") == b'"f1"'
    assert feed.meta["handle_httpstatus_list"] == [304]
    listing = Request(f"{HOME}thoi-su/", meta={KIND: "listing"})
    mw.process_request(listing)
    assert listing.headers.get("If-Modified-Since") == b"Mon, x"
    assert listing.headers.get("If-None-Match") is None
    # an article only when the spider re-fetches it for the stored one
    plain = Request(f"{HOME}a-post1.html", meta={KIND: "article"})
    mw.process_request(plain)
    assert plain.headers.get("If-None-Match") is None and "handle_httpstatus_list" not in plain.meta
    refresh = Request(f"{HOME}a-post1.html", meta={KIND: "article", STORED: f"{HOME}a-post1.html"})
    mw.process_request(refresh)
    assert refresh.headers.get("If-None-Match") == b'"a1"'
    # the feed redirected: its validators do not go to the new address
    moved = feed.replace(url=f"{HOME}rss/moi.rss")
    mw.process_request(moved)
    assert moved.headers.get("If-None-Match") is None
    # robots.txt and anything the spider did not ask for are left alone
    robots = Request(f"{HOME}robots.txt")
    mw.process_request(robots)
    assert robots.headers.get("If-None-Match") is None


def test_answers_are_remembered_with_the_canonical_url_of_their_item(
    remembered: tuple[str, Store],
) -> None:
    """The feed's new ETag replaces the old; a 304 is no download; an article reached through a
    redirect is remembered under both addresses with its item's canonical URL, so the old
    address leads to the stored article next time."""
    url, store = remembered
    mw, spider, _ = _opened(url)
    feed = Request(Site.feeds[0], meta={KIND: "feed"})
    mw.process_response(feed, Response(feed.url, status=200, headers={"ETag": '"f2"'}))
    listing = Request(f"{HOME}thoi-su/", meta={KIND: "listing"})
    mw.process_response(listing, Response(listing.url, status=304))
    old, new = f"{HOME}cu-post9.html", f"{HOME}moi-post9.html"
    hop = Request(new, meta={KIND: "article", "redirect_urls": [old]})
    mw.process_response(Request(old, meta={KIND: "article"}), Response(old, status=301))
    page = HtmlResponse(new, status=200, body=b"<html></html>", request=hop)
    mw.process_response(hop, page)
    item = Article(url=new, canonical_url=f"{HOME}the-post9.html", site=Site.name)
    mw.item_done(item, response=page)
    asyncio.run(mw.spider_closed(spider))
    known = History(store).known(Site.name)
    feed_row, listing_row = known.page(Site.feeds[0]), known.page(f"{HOME}thoi-su/")
    assert feed_row is not None and (feed_row.etag, feed_row.fetches) == ('"f2"', 2)
    assert listing_row is not None and listing_row.fetches == 1  # the 304 downloaded nothing
    for address in (old, new):
        row = known.page(address)
        assert row is not None and row.canonical_url == f"{HOME}the-post9.html"
        assert row.fetches == 1


def test_a_full_crawl_has_no_incremental_middleware(tmp_path: Path) -> None:
    crawler = get_crawler(Site, {"PARTYWIRE_INCREMENTAL": False})
    with pytest.raises(NotConfigured):
        IncrementalMiddleware.from_crawler(crawler)


# -- the pipelines: outcomes and figures --------------------------------------------------------

TEXT = "\n\n".join(
    f"Đoạn {n}: hội nghị cán bộ chủ chốt tỉnh lần thứ {n} bàn về chuyển đổi số trong cơ quan Đảng, "
    "xây dựng chính quyền số và kinh tế số, với nhiều ý kiến đóng góp của đại biểu."
    for n in range(1, 9)
)


def _item(**kw: Any) -> Article:
    url = f"{HOME}a-post1.html"
    base: dict[str, Any] = {
        "url": url,
        "canonical_url": url,
        "site": Site.name,
        "title": "Hội nghị chuyển đổi số của các cơ quan Đảng",
        "text": TEXT,
        "published": datetime(2026, 11, 18, 2, 0, tzinfo=UTC),
        "date_source": "meta:article:published_time",
        "fetched_at": utcnow(),
        "field_sources": {"text": "rules"},
    }
    base.update(kw)
    return Article(**base)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh store on each database the service runs on."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'pw.db'}"
    url: str = request.getfixturevalue("pg_url")
    return url


def _store_pipeline(url: str) -> StorePipeline:
    return StorePipeline.from_crawler(get_crawler(settings_dict={"PARTYWIRE_DB": url}))


def test_the_store_judges_a_page_against_the_stored_article(db_url: str) -> None:
    url = db_url
    pipe = _store_pipeline(url)
    corrected = TEXT.replace("lần thứ 3", "lần thứ 4")
    maintenance = "Hệ thống đang bảo trì, quý độc giả vui lòng quay lại sau."

    async def scenario() -> list[Any]:
        await pipe.open_spider()
        out: list[Article | DropItem] = []
        for item in (
            _item(),
            _item(fetched_at=utcnow() + timedelta(hours=1)),
            _item(text=corrected, url=f"{HOME}a-post1.html?utm=x"),  # same story, found by url
            _item(title="Bảo trì hệ thống", text=maintenance),
        ):
            try:
                out.append(await pipe.process_item(item))
            except DropItem as exc:
                out.append(exc)
        pipe.close_spider()
        return out

    done = asyncio.run(scenario())
    assert [type(d) for d in done] == [Article, Article, Article, DropItem]
    assert "refused" in str(done[3]) and "maintenance" in str(done[3])
    store = Store(url)
    (row,) = list(store.iter_all())
    assert row["text"] == corrected and row["modified"] is not None  # the correction is kept
    (previous,) = store.revisions(row["canonical_url"])
    assert previous["text"] == TEXT  # and the version it replaced
    store.engine.dispose()
    assert pipe.stats is not None
    figures = {
        k.removeprefix("partywire/"): v
        for k, v in pipe.stats.get_stats().items()
        if k.startswith("partywire/")
    }
    assert figures == {
        "new": 1,
        "unchanged": 1,
        "updated": 1,
        "refused": 1,
        "anomaly/maintenance": 1,
        "stored": 3,
        "text/rules": 3,
        "dated/meta": 3,
        "text_median": len(TEXT),  # the new and the corrected one have one length
    }


def test_text_and_date_figures_name_the_source(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pw.db'}"
    pipe = _store_pipeline(url)
    items = [
        _item(),
        _item(
            url=f"{HOME}b-post2.html",
            canonical_url=f"{HOME}b-post2.html",
            field_sources={"text": "trafilatura"},
            text=TEXT[:400],
            title="Bài thứ hai",
            published=None,
            date_source=None,
        ),
        _item(
            url=f"{HOME}c-post3.html",
            canonical_url=f"{HOME}c-post3.html",
            title="Bài thứ ba",
            text=TEXT[:100],
            date_source="jsonld:datePublished",
        ),
    ]

    async def scenario() -> None:
        await pipe.open_spider()
        for item in items:
            await pipe.process_item(item)
        pipe.close_spider()

    asyncio.run(scenario())
    assert pipe.stats is not None
    stats = pipe.stats.get_stats()
    assert stats["partywire/text/rules"] == 2 and stats["partywire/text/generic"] == 1
    assert stats["partywire/dated/meta"] == 1 and stats["partywire/dated/jsonld"] == 1
    assert stats["partywire/undated"] == 1
    assert stats["partywire/text_median"] == 400  # of 100, 400 and len(TEXT)


def test_an_empty_run_has_a_text_median_of_zero(tmp_path: Path) -> None:
    pipe = _store_pipeline(f"sqlite:///{tmp_path / 'pw.db'}")
    asyncio.run(pipe.open_spider())
    pipe.close_spider()
    assert pipe.stats is not None and pipe.stats.get_value("partywire/text_median") == 0


def _gate(url: str, incremental: bool) -> ArticleGatePipeline:
    crawler = get_crawler(settings_dict={"PARTYWIRE_DB": url, "PARTYWIRE_INCREMENTAL": incremental})
    return ArticleGatePipeline.from_crawler(crawler)


async def _through(gate: ArticleGatePipeline, item: Article) -> Article | str:
    try:
        got = gate.process_item(item)
        return got if isinstance(got, Article) else await got
    except DropItem as exc:
        return str(exc)


def test_the_gate_refuses_a_non_article_under_a_stored_url(db_url: str) -> None:
    """A maintenance page where a stored article was is an anomaly (refused), not a page that
    discovery mistook for an article; a full crawl asks the store, an incremental one has the
    spider's mark; an unknown URL stays a discovery mistake."""
    url = db_url
    store = Store(url)
    store.upsert([_item().record()])
    store.engine.dispose()
    page = _item(title="Bảo trì", text="Hệ thống đang bảo trì.", published=None)
    other = _item(url=f"{HOME}z-post9.html", canonical_url=f"{HOME}z-post9.html", text="x")
    full, incremental = _gate(url, False), _gate(url, True)
    assert "refused" in str(asyncio.run(_through(full, page)))
    assert "not an article" in str(asyncio.run(_through(full, other)))
    marked = _item(title="Bảo trì", text="Hệ thống đang bảo trì.", published=None)
    marked.hints["stored"] = marked.canonical_url
    assert "refused" in str(asyncio.run(_through(incremental, marked)))
    assert "not an article" in str(asyncio.run(_through(incremental, page)))  # no mark: unknown
    good = _item()
    assert asyncio.run(_through(full, good)) is good
    assert full.stats is not None and incremental.stats is not None
    assert full.stats.get_value("partywire/refused") == 1
    assert full.stats.get_value("partywire/anomaly/maintenance") == 1
    assert full.stats.get_value("partywire/discovery/not_article") == 1
    assert incremental.stats.get_value("partywire/anomaly/maintenance") == 1
    full.close_spider()
    incremental.close_spider()


# -- whole crawls of the recorded sites ---------------------------------------------------------

_CRAWL_ALL = """
import json, sys
from scrapy.crawler import CrawlerProcess
from crawler.runner import settings_for
from crawler.sites import registry

args = json.loads(sys.argv[1])
settings = settings_for(args["replay"], args["db"], args["settings"])
process = CrawlerProcess(settings)
reg = registry()
crawlers = []
for name in args["sites"] or list(reg):
    crawler = process.create_crawler(reg[name])
    process.crawl(crawler)
    crawlers.append((name, crawler))
process.start()
print(json.dumps({n: c.stats.get_stats() for n, c in crawlers}, default=str))
"""


def _crawl_all(
    replay: Path, db: str, sites: list[str] | None = None, **settings: Any
) -> dict[str, dict[str, Any]]:
    """Per site, its figures (stats without the `partywire/` prefix, and Scrapy's own)."""
    args = {
        "replay": [str(replay)],
        "db": db,
        "sites": sites or [],
        "settings": {"LOG_LEVEL": "ERROR", **settings},
    }
    out: dict[str, dict[str, Any]] = run_script(_CRAWL_ALL, json.dumps(args), timeout=600)
    return {
        site: {k.removeprefix("partywire/"): v for k, v in stats.items()}
        for site, stats in out.items()
    }


def _expected() -> dict[str, list[dict[str, Any]]]:
    return {
        f.parent.name: json.loads(f.read_text(encoding="utf-8"))
        for f in sorted(RECORDED.glob("*/expected.json"))
    }


def _stored(url: str) -> dict[str, tuple[str, str]]:
    store = Store(url)
    try:
        return {r["canonical_url"]: (r["title"], r["text"]) for r in store.iter_all()}
    finally:
        store.engine.dispose()


def test_a_second_crawl_downloads_no_stored_article(tmp_path: Path) -> None:
    """Every recorded site twice on one fresh store: the second crawl downloads no article
    page and stores nothing new; each site skipped the articles it stored the first time."""
    db = f"sqlite:///{tmp_path / 'pw.db'}"
    first = _crawl_all(RECORDED, db)
    expected = _expected()
    for site, articles in expected.items():
        assert first[site].get("pages/article") == len(articles), site
        assert first[site].get("new") == len(articles), site
    stored = _stored(db)
    second = _crawl_all(RECORDED, db)
    for site, articles in expected.items():
        figures = second[site]
        assert figures.get("pages/article", 0) == 0, (site, figures)
        assert figures.get("new", 0) == 0 and figures.get("updated", 0) == 0, site
        assert figures.get("known_skipped", 0) == len(articles), site
        assert "discovery/home_fallback" not in figures, site  # a skipped entry still counts
        # its feeds and listings were read again (the recording sends no validators)
        assert sum(figures.get(f"pages/{k}", 0) for k in ("feed", "sitemap", "listing")) > 0
    assert _stored(db) == stored


def _pages(archive: Archive) -> list[Recorded]:
    return list(archive.pages.values())


def _article_urls() -> set[str]:
    return {a["url"] for articles in _expected().values() for a in articles}


def _with(page: Recorded, **kw: Any) -> Recorded:
    """The page with another body and headers; its Content-Length follows the body."""
    body: bytes = kw.get("body", page.body)
    headers = [(k, v) for k, v in kw.get("headers", page.headers) if k.lower() != "content-length"]
    return Recorded(page.url, kw.get("status", page.status), [*headers], body)


def test_feeds_and_listings_answered_304_are_read_no_more(tmp_path: Path) -> None:
    """The recorded sites with validators on every feed, sitemap and listing (an ETag on feeds,
    a Last-Modified on the others): the second crawl sends them back, every such page is
    answered 304 and nothing is read or asked for from it; a site whose only source is a feed
    does not fall back to its home page."""
    articles = _article_urls()
    pages = []
    for page in _pages(Archive(RECORDED, decoded=False)):
        if page.url in articles or page.status != 200 or page.url.endswith("robots.txt"):
            pages.append(page)
        elif b"<rss" in page.body[:500] or b"<feed" in page.body[:500]:
            etag = f'"{hashlib.md5(page.body).hexdigest()}"'
            pages.append(_with(page, headers=[*page.headers, ("ETag", etag)]))
        else:
            lm = ("Last-Modified", "Tue, 17 Nov 2026 08:00:00 GMT")
            pages.append(_with(page, headers=[*page.headers, lm]))
    write_warc(tmp_path / "validated.warc", pages)
    db = f"sqlite:///{tmp_path / 'pw.db'}"
    first = _crawl_all(tmp_path / "validated.warc", db)
    second = _crawl_all(tmp_path / "validated.warc", db)
    for site, figures in second.items():
        read = {k: first[site].get(f"pages/{k}", 0) for k in ("feed", "sitemap", "listing")}
        for kind, n in read.items():
            assert figures.get(f"pages/{kind}", 0) == 0, (site, kind, figures)
            answered = figures.get(f"not_modified/{kind}", 0)
            if kind == "feed":
                assert answered == n, (site, figures)
            else:  # a listing's next pages, an index's sitemaps are not asked for after a 304
                assert (0 < answered <= n) if n else not answered, (site, kind, figures)
        assert figures.get("pages/article", 0) == 0 and figures.get("new", 0) == 0
        assert "discovery/home_fallback" not in figures, site
        assert figures.get("replay/not_modified", 0) >= 1, site
    assert second["baothanhhoa"].get("not_modified/feed") == 1  # its only source


def test_maintenance_pages_served_with_200_replace_no_stored_article(tmp_path: Path) -> None:
    """A store filled from the real recording, then a full crawl where every article page
    answers 200 with a maintenance page: every stored title and text is as it was, and each
    page is refused and counted as a maintenance anomaly of its site."""
    db = f"sqlite:///{tmp_path / 'pw.db'}"
    _crawl_all(RECORDED, db)
    before = _stored(db)
    assert len(before) == len(_article_urls())
    down = _html(
        "<h1>Hệ thống đang bảo trì</h1><p>Trang đang nâng cấp, xin quay lại sau.</p>",
        title="Bảo trì hệ thống",
    )
    articles = _article_urls()
    pages = [
        _with(p, body=down, headers=HTML) if p.url in articles else p
        for p in _pages(Archive(RECORDED, decoded=False))
    ]
    write_warc(tmp_path / "maintenance.warc", pages)
    after = _crawl_all(tmp_path / "maintenance.warc", db, PARTYWIRE_INCREMENTAL=False)
    assert _stored(db) == before
    for site, expected in _expected().items():
        figures = after[site]
        assert figures.get("pages/article") == len(expected), site  # all fetched again: --full
        assert figures.get("refused") == len(expected), (site, figures)
        assert figures.get("anomaly/maintenance") == len(expected), site
        assert figures.get("new", 0) == 0 and figures.get("updated", 0) == 0


def test_a_real_correction_is_stored_with_the_version_it_replaces(tmp_path: Path) -> None:
    """One article's paragraph corrected (a figure changed) after the first crawl; the second
    crawl, with a refresh window that keeps every article young, asks for each stored article
    again: the corrected one is updated with one revision, every other is unchanged."""
    db = f"sqlite:///{tmp_path / 'pw.db'}"
    _crawl_all(RECORDED, db, sites=["nhandan", "baocantho"])
    target = _expected()["nhandan"][0]
    old = "100% cơ quan Đảng cấp tỉnh"
    assert old in target["text"]
    pages = []
    for page in _pages(Archive(RECORDED, decoded=False)):
        if page.url == target["url"]:
            body = page.body.decode("utf-8").replace(old, "98% cơ quan Đảng cấp tỉnh")
            page = _with(page, body=body.encode("utf-8"))
        pages.append(page)
    write_warc(tmp_path / "corrected.warc", pages)
    figures = _crawl_all(
        tmp_path / "corrected.warc",
        db,
        sites=["nhandan", "baocantho"],
        PARTYWIRE_REFRESH_WINDOW=400 * 86400,
    )
    assert figures["nhandan"]["refreshed"] == 2 and figures["baocantho"]["refreshed"] == 2
    assert figures["nhandan"]["updated"] == 1 and figures["nhandan"]["unchanged"] == 1
    assert figures["baocantho"]["unchanged"] == 2 and "updated" not in figures["baocantho"]
    store = Store(db)
    row = store.get(target["canonical_url"])
    assert row is not None
    assert "98% cơ quan Đảng cấp tỉnh" in row["text"] and old not in row["text"]
    assert row["modified"] is not None
    (previous,) = store.revisions(target["canonical_url"])
    assert previous["text"] == target["text"]
    store.engine.dispose()
