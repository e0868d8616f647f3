"""Replay and record on Scrapy's HTTP cache (crawler/replay.py): the WARC cache storage behind
HttpCacheMiddleware, with the project's own settings, and a whole crawl through Scrapy's real
downloader stack where redirects, gzip, robots.txt, 404s, the dupefilter and the article limit
all act on recorded responses as they would on live ones."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.httpcache import HttpCacheMiddleware
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from crawler import replay
from crawler import settings as project
from crawler.replay import Recorded, read_warc, write_warc
from spiders.sites.nhandan import NhanDan
from tests.conftest import run_script

HTML = "text/html; charset=utf-8"
PAGE_A = "<html><head><title>Bài A</title></head><body><h1>Bài A</h1></body></html>"


def _crawler(**settings: str) -> Crawler:
    """A crawler with the project's settings module plus `settings`, as `scrapy crawl` makes
    it: the add-on in crawler/settings.py has run."""
    base = {k: getattr(project, k) for k in dir(project) if k.isupper()}
    return get_crawler(NhanDan, {**base, **settings})


def _cache(crawler: Crawler) -> HttpCacheMiddleware:
    spider = NhanDan.from_crawler(crawler)
    crawler.spider = spider
    mw = HttpCacheMiddleware.from_crawler(crawler)
    mw.spider_opened(spider)
    return mw


def _stat(crawler: Crawler, key: str) -> Any:
    assert crawler.stats is not None
    return crawler.stats.get_value(key)


def test_replay_settings_come_from_one_setting(tmp_path: Path) -> None:
    warc = tmp_path / "p.warc"
    write_warc(warc, [Recorded("https://nhandan.vn/", 200, [("Content-Type", HTML)], b"x")])
    s = _crawler(PARTYWIRE_REPLAY=str(warc)).settings
    assert s.getbool("HTTPCACHE_ENABLED")
    assert s["HTTPCACHE_STORAGE"] == "crawler.replay.WarcCacheStorage"
    assert s["HTTPCACHE_POLICY"] == "scrapy.extensions.httpcache.DummyPolicy"
    assert s.getbool("HTTPCACHE_IGNORE_MISSING")
    # Scrapy's own download handlers stay in place: the cache sits in front of them
    assert not [v for v in s.getdict("DOWNLOAD_HANDLERS").values() if "crawler" in str(v)]
    live = _crawler().settings
    assert not live.getbool("HTTPCACHE_ENABLED")
    rec = _crawler(PARTYWIRE_RECORD=str(tmp_path / "r.warc")).settings
    assert rec.getbool("HTTPCACHE_ENABLED") and not rec.getbool("HTTPCACHE_IGNORE_MISSING")


def test_a_page_not_recorded_never_reaches_the_network_and_is_counted(tmp_path: Path) -> None:
    warc = tmp_path / "p.warc"
    write_warc(
        warc, [Recorded("https://nhandan.vn/a-post1.html", 200, [("Content-Type", HTML)], b"")]
    )
    crawler = _crawler(PARTYWIRE_REPLAY=str(warc))
    mw = _cache(crawler)
    # raised before any download handler is asked: the request goes no further
    with pytest.raises(IgnoreRequest):
        mw.process_request(Request("https://nhandan.vn/b-post2.html"))
    with pytest.raises(IgnoreRequest):
        mw.process_request(Request("https://nhandan.vn/robots.txt"))
    hit = mw.process_request(Request("https://nhandan.vn/a-post1.html#binh-luan"))
    assert isinstance(hit, Response) and "cached" in hit.flags
    assert _stat(crawler, "replay/miss") == 2
    assert _stat(crawler, "replay/hit") == 1


def test_recorded_response_keeps_status_headers_and_encoded_body(tmp_path: Path) -> None:
    """The storage hands back what the server sent (gzip body, Content-Encoding, repeated
    headers); HttpCompressionMiddleware, not the storage, decodes it."""
    warc = tmp_path / "p.warc"
    body = gzip.compress(PAGE_A.encode(), mtime=0)
    headers = [
        ("Content-Type", HTML),
        ("Content-Encoding", "gzip"),
        ("Set-Cookie", "a=1"),
        ("Set-Cookie", "b=2"),
    ]
    write_warc(
        warc,
        [
            Recorded("https://nhandan.vn/a-post1.html", 200, headers, body),
            Recorded("https://nhandan.vn/cu/", 301, [("Location", "https://nhandan.vn/moi/")], b""),
        ],
    )
    crawler = _crawler(PARTYWIRE_REPLAY=str(warc))
    mw = _cache(crawler)
    resp = mw.process_request(Request("https://nhandan.vn/a-post1.html"))
    assert isinstance(resp, HtmlResponse)
    assert resp.status == 200 and resp.body == body
    assert resp.headers.getlist("Set-Cookie") == [b"a=1", b"b=2"]
    assert resp.headers.get("Content-Encoding") == b"gzip"
    assert resp.request is not None
    decoded = HttpCompressionMiddleware.from_crawler(crawler).process_response(resp.request, resp)
    assert isinstance(decoded, HtmlResponse) and decoded.css("h1::text").get() == "Bài A"
    moved = mw.process_request(Request("https://nhandan.vn/cu/"))
    assert isinstance(moved, Response) and moved.status == 301
    assert moved.headers.get("Location") == b"https://nhandan.vn/moi/"


def test_record_writes_request_and_response_records_that_replay(tmp_path: Path) -> None:
    out = tmp_path / "rec" / "pages.warc"
    crawler = _crawler(PARTYWIRE_RECORD=str(out))
    mw = _cache(crawler)
    req = Request("https://nhandan.vn/a-post1.html?x=1", headers={"Accept-Encoding": "gzip"})
    assert mw.process_request(req) is None  # recording: fetched live
    body = gzip.compress(PAGE_A.encode(), mtime=0)
    live = HtmlResponse(
        url=req.url,
        status=200,
        body=body,
        request=req,
        headers={
            "Content-Type": HTML,
            "Content-Encoding": "gzip",
            "Transfer-Encoding": "chunked",  # undone by the downloader already
        },
    )
    assert mw.process_response(req, live) is live
    assert crawler.spider is not None
    mw.spider_closed(crawler.spider)

    with open(out, "rb") as fh:
        recs = [
            (r.rec_type, r.rec_headers, r.http_headers, r.raw_stream.read())
            for r in ArchiveIterator(fh)
        ]
    assert sorted(r[0] for r in recs) == ["request", "response"]  # one pair, nothing else
    by_type = {r[0]: r[1:] for r in recs}
    req_warc, req_http, _ = by_type["request"]
    resp_warc, resp_http, payload = by_type["response"]
    assert req_http.protocol == "GET" and req_http.statusline.startswith("/a-post1.html?x=1")
    assert req_http.get_header("Host") == "nhandan.vn"
    assert req_warc.get_header("WARC-Concurrent-To") == resp_warc.get_header("WARC-Record-ID")
    assert resp_warc.get_header("WARC-Target-URI") == req.url
    assert resp_http.get_statuscode() == "200"
    assert resp_http.get_header("Transfer-Encoding") is None
    assert resp_http.get_header("Content-Encoding") == "gzip"
    assert payload == body  # as sent, not decoded

    (page,) = read_warc(out)  # the readers' view: decoded, framing headers gone
    assert page.body == PAGE_A.encode() and ("Content-Encoding", "gzip") not in page.headers
    again = _cache(_crawler(PARTYWIRE_REPLAY=str(out)))
    hit = again.process_request(Request(req.url))
    assert isinstance(hit, Response) and hit.body == body and hit.status == 200


def test_the_archive_is_read_once_per_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warc = tmp_path / "p.warc"
    write_warc(warc, [Recorded("https://nhandan.vn/a-post1.html", 200, [], b"a")])
    reads: list[str] = []
    real = replay.read_warc

    def counting(path: str | Path, *, decoded: bool = True) -> list[Recorded]:
        reads.append(str(path))
        return real(path, decoded=decoded)

    monkeypatch.setattr(replay, "read_warc", counting)
    for _ in range(3):  # three sites' crawlers in one process
        _cache(_crawler(PARTYWIRE_REPLAY=str(warc)))
    assert reads == [str(warc)]
    write_warc(warc, [Recorded("https://nhandan.vn/a-post1.html", 200, [], b"changed")])
    os.utime(warc, ns=(1, 1))  # a rewritten file is noticed even within one clock tick
    mw = _cache(_crawler(PARTYWIRE_REPLAY=str(warc)))
    assert len(reads) == 2
    hit = mw.process_request(Request("https://nhandan.vn/a-post1.html"))
    assert isinstance(hit, Response) and hit.body == b"changed"


# -- conditional requests: answered as the server would ------------------------------------

LM = "Tue, 03 Mar 2026 08:00:00 GMT"
VALIDATED = "https://nhandan.vn/rss/home.rss"
ONLY_LM = "https://nhandan.vn/tin-tuc/"


@pytest.fixture
def validated(tmp_path: Path) -> HttpCacheMiddleware:
    """A feed recorded with an ETag and a Last-Modified, a listing with a Last-Modified only,
    and a 404 page with an ETag."""
    warc = tmp_path / "p.warc"
    feed = [
        ("Content-Type", "application/rss+xml"),
        ("ETag", '"feed-v7"'),
        ("Last-Modified", LM),
        ("Cache-Control", "max-age=60"),
        ("Server", "nginx"),
    ]
    write_warc(
        warc,
        [
            Recorded(VALIDATED, 200, feed, b"<rss><channel></channel></rss>"),
            Recorded(ONLY_LM, 200, [("Content-Type", HTML), ("Last-Modified", LM)], b"<p>x</p>"),
            Recorded(
                "https://nhandan.vn/gone.html", 404, [("Content-Type", HTML), ("ETag", '"g"')], b""
            ),
        ],
    )
    return _cache(_crawler(PARTYWIRE_REPLAY=str(warc)))


def _status(mw: HttpCacheMiddleware, url: str, **headers: str) -> Response:
    resp = mw.process_request(Request(url, headers=headers))
    assert isinstance(resp, Response)
    return resp


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 200),  # not conditional
        ({"If-None-Match": '"feed-v7"'}, 304),
        ({"If-None-Match": 'W/"feed-v7"'}, 304),  # If-None-Match compares weakly
        ({"If-None-Match": '"feed-v6", "feed-v7"'}, 304),  # one of the list
        ({"If-None-Match": "*"}, 304),
        ({"If-None-Match": '"feed-v6"'}, 200),  # the feed changed since
        ({"If-Modified-Since": LM}, 304),  # the same instant is not modified
        ({"If-Modified-Since": "Wed, 04 Mar 2026 00:00:00 GMT"}, 304),
        ({"If-Modified-Since": "Tue, 03 Mar 2026 07:59:59 GMT"}, 200),  # a second older
        ({"If-Modified-Since": "yesterday"}, 200),  # not an HTTP-date: ignored
        # If-None-Match decides alone when it is sent (RFC 9110 13.2.2)
        ({"If-None-Match": '"feed-v6"', "If-Modified-Since": LM}, 200),
    ],
)
def test_a_conditional_request_is_answered_as_the_server_would(
    validated: HttpCacheMiddleware, headers: dict[str, str], status: int
) -> None:
    resp = _status(validated, VALIDATED, **headers)
    assert resp.status == status
    assert resp.headers.get("ETag") == b'"feed-v7"'
    if status == 304:
        assert resp.body == b""
        assert resp.headers.get("Last-Modified") == LM.encode()
        assert resp.headers.get("Cache-Control") == b"max-age=60"
        assert resp.headers.get("Server") is None and resp.headers.get("Content-Type") is None
    else:
        assert resp.body == b"<rss><channel></channel></rss>"


def test_not_modified_is_counted_and_needs_a_validator_and_a_2xx(
    validated: HttpCacheMiddleware,
) -> None:
    assert _status(validated, ONLY_LM, **{"If-Modified-Since": LM}).status == 304
    # no ETag recorded: no tag can match
    assert _status(validated, ONLY_LM, **{"If-None-Match": '"x"'}).status == 200
    # an error page is never "not modified"
    gone = _status(validated, "https://nhandan.vn/gone.html", **{"If-None-Match": "*"})
    assert gone.status == 404
    post = validated.process_request(
        Request(VALIDATED, method="POST", headers={"If-None-Match": '"feed-v7"'})
    )
    assert isinstance(post, Response) and post.status == 200
    assert _stat(validated.crawler, "replay/not_modified") == 1


# -- a whole crawl, in its own process (Twisted's reactor runs once per process) ---------------

_CRAWL = """
import json, sys
from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings
from crawler.sites import get_site

settings = get_project_settings()
settings.setdict(json.loads(sys.argv[1]), priority="cmdline")
process = CrawlerProcess(settings, install_root_handler=False)
crawler = process.create_crawler(get_site("nhandan"))
items = []
crawler.signals.connect(
    lambda item, **kw: items.append({"url": item.url, "html": item.html}),
    signal=signals.item_scraped,
    weak=False,
)
process.crawl(crawler, **json.loads(sys.argv[2]))
process.start()
print(json.dumps({"items": items, "stats": crawler.stats.get_stats()}, default=str))
"""

HOME = "https://nhandan.vn/"


def _listing(hrefs: list[str]) -> str:
    items = "".join(
        f'<article class="story"><h2 class="story__heading"><a href="{h}">{h}</a></h2></article>'
        for h in hrefs
    )
    return f"<html><body>{items}</body></html>"


def _article(title: str) -> str:
    return f"<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>"


@pytest.fixture
def recording(tmp_path: Path) -> Path:
    """nhandan's listing moved (301) to a page that lists article A three times (once with a
    fragment), then B, C and D; B is served gzip-encoded, C is forbidden by robots.txt, D is
    gone (404); its three RSS feeds were not recorded."""
    a, b, c, d = (f"{HOME}{x}-post{n}.html" for n, x in enumerate("abcd", 1))
    html = [("Content-Type", HTML)]
    robots = b"User-agent: *\nDisallow: /c-post3.html\n"
    listing = _listing([a, "/a-post1.html#binh-luan", a, b, c, d]).encode()
    pages = [
        Recorded(f"{HOME}robots.txt", 200, [("Content-Type", "text/plain")], robots),
        Recorded(
            f"{HOME}tin-tuc-world-cup-2026/",
            301,
            [("Location", f"{HOME}tin-tuc-world-cup-2026/p1")],
            b"",
        ),
        Recorded(f"{HOME}tin-tuc-world-cup-2026/p1", 200, html, listing),
        Recorded(a, 200, html, _article("Bài A").encode()),
        Recorded(
            b, 200, [*html, ("Content-Encoding", "gzip")], gzip.compress(_article("Bài B").encode())
        ),
        Recorded(c, 200, html, _article("Bài C").encode()),
        Recorded(d, 404, html, b"<html><body>Not found</body></html>"),
    ]
    warc = tmp_path / "pages.warc"
    write_warc(warc, pages)
    return warc


def _crawl(warc: Path, **spider_args: str) -> tuple[list[dict[str, str]], dict[str, Any]]:
    settings = {
        "PARTYWIRE_REPLAY": str(warc),
        "ITEM_PIPELINES": {},  # the items as the spider yields them
        "AUTOTHROTTLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
    }
    out = run_script(_CRAWL, json.dumps(settings), json.dumps(spider_args))
    return out["items"], out["stats"]


def test_a_replayed_crawl_runs_every_middleware(recording: Path) -> None:
    items, stats = _crawl(recording)
    # the listing was reached through its redirect; A once despite three links; C refused by
    # robots.txt; D answered 404
    assert sorted(i["url"] for i in items) == [f"{HOME}a-post1.html", f"{HOME}b-post2.html"]
    by_url = {i["url"]: i["html"] for i in items}
    assert "<h1>Bài B</h1>" in by_url[f"{HOME}b-post2.html"]  # gunzipped by Scrapy
    assert stats["downloader/response_status_count/301"] == 1
    assert stats["downloader/response_status_count/404"] == 1
    assert stats["robotstxt/forbidden"] == 1
    assert stats["httpcompression/response_count"] == 1
    assert stats["replay/miss"] == 3  # the three RSS feeds, which were not recorded
    # the spider's errback saw the feeds not recorded, C refused by robots.txt and D's 404
    assert stats["partywire/errors"] == 5


def test_the_article_limit_counts_distinct_articles(recording: Path) -> None:
    """Limit 2 on a listing that repeats A: two articles, A and B, not A alone."""
    items, _ = _crawl(recording, limit="2")
    assert sorted(i["url"] for i in items) == [f"{HOME}a-post1.html", f"{HOME}b-post2.html"]
