"""Discovery by the base spider (feeds, sitemaps, listings with a page limit) and the generic
fallback when a family's selectors miss a redesigned page."""

from __future__ import annotations

import gc
import gzip
import inspect
import subprocess
import sys
import tracemalloc
import zlib
from pathlib import Path
from typing import ClassVar

from scrapy.http import HtmlResponse, Request, Response, TextResponse, XmlResponse
from scrapy.utils.misc import is_generator_with_return_value
from scrapy.utils.project import get_project_settings
from scrapy.utils.test import get_crawler

from crawler.process import process_page
from crawler.quality import score
from crawler.sites import registry
from pipelines.stages import GEN0_THRESHOLD, StagesPipeline
from spiders.sites.nhandan import NhanDan
from tests.recorded._author import templates as t
from tests.recorded._author.content import NHANDAN


class Site(NhanDan):
    """nhandan with the declarations these tests are about fixed here, so that a change to the
    registered site's evidence-based declarations does not change what is tested."""

    article_pattern = r"-post\d+\.html$"
    listing_links = "article.story h2.story__heading a, article.story h3.story__heading a"
    next_page = "a.btn-viewmore"


def _articles(results: object) -> list[Request]:
    return [r for r in results if isinstance(r, Request)]  # type: ignore[attr-defined]


def test_rss_items_become_article_requests_with_their_date() -> None:
    body = t.rss(NHANDAN, "x", "https://nhandan.vn/").encode()
    resp = XmlResponse(url="https://nhandan.vn/rss/chinhtri.rss", body=body)
    spider = Site()
    reqs = _articles(spider.parse_feed(resp))
    assert [r.url for r in reqs] == [s.url for s in NHANDAN]
    assert reqs[0].cb_kwargs["hints"]["feed_date"] == t.rfc822(NHANDAN[0])


def test_atom_feed() -> None:
    a = NHANDAN[0]
    body = (
        f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>'
        f'<entry><title>{a.title}</title><link rel="alternate" href="{a.url}"/>'
        f"<published>{a.published}</published></entry>"
        '<entry><title>y</title><link href="https://nhandan.vn/video/abc.html"/></entry>'
        "</feed>"
    ).encode()
    reqs = _articles(Site().parse_feed(XmlResponse(url="https://nhandan.vn/atom", body=body)))
    assert [r.url for r in reqs] == [a.url]  # the video page is an obvious non-article
    assert reqs[0].cb_kwargs["hints"]["feed_date"] == a.published


def test_not_a_feed_is_reported() -> None:
    spider = Site()

    class Stats:
        keys: ClassVar[list[str]] = []

        def inc_value(self, key: str, n: int = 1) -> None:
            self.keys.append(key)

    class Crawler:
        stats = Stats()

    spider.crawler = Crawler()  # type: ignore[assignment]
    resp = TextResponse(url="https://nhandan.vn/rss/x.rss", body=b"<html>oops</html>")
    assert _articles(spider.parse_feed(resp)) == []
    assert Crawler.stats.keys.count("partywire/bad_feeds") == 1
    assert "partywire/error/parse" in Crawler.stats.keys


def test_sitemap_index_and_google_news_urlset() -> None:
    spider = Site()
    index = (
        b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
        b'sitemap/0.9"><sitemap><loc>https://nhandan.vn/sitemap-news.xml</loc></sitemap>'
        b"</sitemapindex>"
    )
    reqs = list(spider.parse_sitemap(XmlResponse(url="https://nhandan.vn/sitemap.xml", body=index)))
    assert [r.url for r in reqs] == ["https://nhandan.vn/sitemap-news.xml"]
    a = NHANDAN[1]
    urlset = (
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        f' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>{a.url}'
        f"</loc><news:news><news:publication_date>{a.published}</news:publication_date>"
        f"</news:news></url><url><loc>https://nhandan.vn/tu-khoa/x-tag1.html</loc></url>"
        "<url><loc>https://nhandan.vn/</loc></url></urlset>"
    ).encode()
    reqs = _articles(
        spider.parse_sitemap(XmlResponse(url="https://nhandan.vn/sitemap-news.xml", body=urlset))
    )
    assert [r.url for r in reqs] == [a.url]  # a tag page and the home page are skipped
    assert reqs[0].cb_kwargs["hints"]["feed_date"] == a.published


def test_listing_pagination_stops_at_the_limit() -> None:
    spider = Site()
    page = t.epi_listing(NHANDAN, "x", "https://nhandan.vn/", "x").replace(
        "</body>", '<a class="btn-viewmore" href="?page=9">Xem thêm</a></body>'
    )
    resp = HtmlResponse(url="https://nhandan.vn/xay-dung-dang/", body=page.encode())
    out = list(spider.parse_listing(resp, page=1))
    nxt = [r for r in out if r.callback == spider.parse_listing]
    assert len(nxt) == 1 and nxt[0].cb_kwargs == {"page": 2}
    out = list(spider.parse_listing(resp, page=spider.max_pages))
    assert not [r for r in out if r.callback == spider.parse_listing]


def test_article_limit() -> None:
    spider = Site(limit="1")
    page = t.epi_listing(NHANDAN, "x", "https://nhandan.vn/", "x")
    resp = HtmlResponse(url="https://nhandan.vn/xay-dung-dang/", body=page.encode())
    assert len(_articles(spider.parse_listing(resp))) == 1


def test_family_site_falls_back_to_the_generic_path_when_selectors_miss() -> None:
    """A redesign renames the article classes: the generic path still gets the article."""
    s = NHANDAN[0]
    html = t.epi_article(s, "Báo Nhân Dân", "https://nhandan.vn/")
    for old, new in (
        ("article__title", "headline-x"),
        ("article__sapo", "lead-x"),
        ("article__body", "content-x"),
        ("article__author", "writer-x"),
    ):
        html = html.replace(old, new)
    art = process_page(html, s.url, site="nhandan")
    assert art.field_sources["text"] == "trafilatura"
    assert art.field_sources["title"] == "meta"
    assert art.title == s.title
    assert art.published is not None and art.published.isoformat() == s.published
    gold = "\n".join([s.sapo, *s.paragraphs])
    got = "\n".join(x for x in (art.summary, art.text) if x)
    sc = score(got, gold)
    assert sc.f1 >= 0.9, sc
    for junk in ("Tin liên quan", "Tin đọc nhiều", "Ý kiến bạn đọc", "Xem thêm"):
        assert junk not in art.text


def _crawled(spider_cls: type[NhanDan] = Site, **settings: object) -> NhanDan:
    """A spider as Scrapy builds it (from a crawler, with its settings and stats)."""
    return spider_cls.from_crawler(get_crawler(spider_cls, dict(settings)))


def test_article_limit_counts_distinct_urls_not_links() -> None:
    """A listing links A three times (once with a fragment, once relative) before B and C:
    limit 2 asks for A and B, the two articles the dupefilter will let through."""
    a, b, c = (f"https://nhandan.vn/bai-{x}-post{n}.html" for n, x in enumerate("abc", 1))
    links = [a, f"{a}#binh-luan", "/bai-a-post1.html", b, c]
    page = "".join(
        f'<article class="story"><h2 class="story__heading"><a href="{u}">x</a></h2></article>'
        for u in links
    )
    resp = HtmlResponse(url="https://nhandan.vn/xay-dung-dang/", body=page.encode())
    for spider in (Site(limit="2"), _crawled(), _crawled()):
        spider.limit = 2
        assert [r.url for r in _articles(spider.parse_listing(resp))] == [a, b]
    unlimited = Site()
    assert [r.url for r in _articles(unlimited.parse_listing(resp))] == [a, b, c]


def _urlset(urls: list[str]) -> bytes:
    locs = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    return (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{locs}</urlset>"
    ).encode()


def _index(urls: list[str]) -> bytes:
    locs = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in urls)
    return (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{locs}</sitemapindex>"
    ).encode()


def test_gzip_sitemap_is_read() -> None:
    """A `.xml.gz` served as a file (no Content-Encoding): Scrapy's gunzip opens it."""
    urls = [s.url for s in NHANDAN]
    url = "https://nhandan.vn/sitemap-1.xml.gz"
    resp = Response(
        url=url,
        body=gzip.compress(_urlset(urls)),
        headers={"Content-Type": "application/x-gzip"},
        request=Request(url),
    )
    assert [r.url for r in _articles(_crawled().parse_sitemap(resp))] == urls


def test_gzip_bomb_sitemap_beyond_download_maxsize_is_refused_unexpanded() -> None:
    """256 MB of XML in a quarter-megabyte gzip file, with DOWNLOAD_MAXSIZE at 1 MB: refused,
    counted, and never held in memory whole (the peak stays far below the expanded size)."""
    z = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip framing
    head = _urlset([NHANDAN[0].url]).replace(b"</urlset>", b"")
    parts = [z.compress(head)]
    chunk = b"<!-- padding -->" * 65536  # 1 MiB
    parts += [z.compress(chunk) for _ in range(256)]
    parts += [z.compress(b"</urlset>"), z.flush()]
    bomb = b"".join(parts)
    assert len(bomb) < 2**20
    spider = _crawled(DOWNLOAD_MAXSIZE=2**20)
    url = "https://nhandan.vn/sitemap.xml.gz"
    resp = Response(url=url, body=bomb, request=Request(url))
    tracemalloc.start()
    try:
        reqs = list(spider.parse_sitemap(resp))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert reqs == []
    assert peak < 32 * 2**20, peak
    assert spider.crawler.stats is not None
    assert spider.crawler.stats.get_value("partywire/sitemap_too_large") == 1
    # the same file within the limit is read: the refusal is the size, not the gzip
    roomy = _crawled(DOWNLOAD_MAXSIZE=2**30)
    small = Response(url=url, body=gzip.compress(_urlset([NHANDAN[0].url])), request=Request(url))
    assert [r.url for r in _articles(roomy.parse_sitemap(small))] == [NHANDAN[0].url]


def test_sitemap_index_follows_the_first_max_pages_sitemaps() -> None:
    locs = [f"https://nhandan.vn/sitemap-{n}.xml" for n in range(1, 6)]
    resp = XmlResponse(url="https://nhandan.vn/sitemap.xml", body=_index(locs))
    reqs = list(Site().parse_sitemap(resp))
    assert [r.url for r in reqs] == locs[:3]  # nhandan keeps the default: 3 per index

    class OnePage(Site):
        max_pages = 1

    assert [r.url for r in OnePage().parse_sitemap(resp)] == locs[:1]


def test_nested_sitemap_indexes_stop_two_levels_down() -> None:
    """sitemap.xml (declared, depth 0) -> index-1 (1) -> index-2 (2) -> not followed."""
    spider = Site()
    top = XmlResponse(url="https://nhandan.vn/sitemap.xml", body=_index(["/index-1.xml"]))
    (r1,) = spider.parse_sitemap(top)
    assert r1.url == "https://nhandan.vn/index-1.xml"
    one = XmlResponse(url=r1.url, body=_index(["/index-2.xml"]))
    (r2,) = spider.parse_sitemap(one, **r1.cb_kwargs)
    assert r2.url == "https://nhandan.vn/index-2.xml"
    two = XmlResponse(url=r2.url, body=_index(["/index-3.xml"]))
    assert list(spider.parse_sitemap(two, **r2.cb_kwargs)) == []
    # a urlset at that depth is still read: the cap is on following indexes
    urls = XmlResponse(url=r2.url, body=_urlset([NHANDAN[0].url]))
    assert [r.url for r in spider.parse_sitemap(urls, **r2.cb_kwargs)] == [NHANDAN[0].url]


def test_long_lived_objects_leave_the_cyclic_collector_while_crawlers_run() -> None:
    """Two crawlers open: what existed is frozen and the first threshold is raised; the second
    to close gives both back, so a long-running process collects between crawls."""
    before = gc.get_threshold()
    a, b = (StagesPipeline(get_crawler(NhanDan)) for _ in range(2))
    a.open_spider()
    b.open_spider()
    try:
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[0] == GEN0_THRESHOLD
        a.close_spider()
        assert gc.get_freeze_count() > 0  # one crawler still runs
    finally:
        b.close_spider()
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before


def test_no_spider_callback_is_a_generator_returning_a_value() -> None:
    """Scrapy's own check (WARN_ON_GENERATOR_RETURN_VALUE), which the settings turn off for the
    crawl (it reads every callback's source in every crawler), run once here over every
    generator method of every registered spider: a value returned from a generator callback
    is lost without a word."""
    checked: dict[str, bool] = {}
    for cls in registry().values():
        for klass in cls.__mro__:
            if not klass.__module__.startswith("spiders"):
                continue
            for name, fn in vars(klass).items():
                if inspect.isgeneratorfunction(fn):
                    checked[f"{klass.__module__}.{klass.__name__}.{name}"] = (
                        is_generator_with_return_value(fn)
                    )
    assert checked, "no generator callback found: the walk misses the spiders"
    assert not [k for k, bad in checked.items() if bad]
    assert not get_project_settings().getbool("WARN_ON_GENERATOR_RETURN_VALUE")


def test_a_crawl_makes_no_log_record_below_its_level(tmp_path: Path) -> None:
    """Scrapy filters by LOG_LEVEL in its handler, leaving the root logger at NOTSET and its
    own at DEBUG: every debug call of Scrapy and trafilatura built a record for nothing
    (12,000 in bench/crawl.py's crawl). After a crawl at INFO (one recorded site, through the
    runner), a handler that takes every record meets the info line and neither debug line.
    A fresh interpreter: the floor is set for its process."""
    code = """
import logging, sys
from crawler.runner import run_sites, settings_for
from crawler.sites import registry
settings = settings_for([sys.argv[2]], sys.argv[1], {"LOG_LEVEL": "INFO"})
[result] = run_sites({"nhandan": registry()["nhandan"]}, settings)
made = []
class Every(logging.Handler):
    def emit(self, record):
        made.append(record.getMessage())
logging.root.addHandler(Every(level=0))
logging.getLogger("trafilatura.main_extractor").debug("a debug line")
logging.getLogger("scrapy.core.engine").debug("Crawled (200)")
logging.getLogger("crawler.syndication").info("an info line")
print(result.stored, made)
"""
    db = f"sqlite:///{tmp_path / 'pw.db'}"
    recorded = str(Path(__file__).parent / "recorded")
    out = subprocess.run(
        [sys.executable, "-c", code, db, recorded],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    assert out.strip().splitlines()[-1] == "2 ['an info line']"
