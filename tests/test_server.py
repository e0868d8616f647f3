"""`partywire serve` as a feed reader, a cache and a hostile client meet it: conditional GETs,
gzip, search and filters, paging, the web page, and bad input that must never be a 500.

The app runs over a copy of the replayed crawl (the session's store is shared and read-only)."""

from __future__ import annotations

import json
import re
import socket
import sqlite3
import threading
import time
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import feedparser
import jsonschema
import pytest
import uvicorn
from lxml import etree

from crawler.core.timez import VN, utcnow
from crawler.history import History
from crawler.sites import registry
from crawler.storage import Store

with warnings.catch_warnings():  # starlette 1.10 would rather have httpx2; httpx is what we pin
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from output.server import create_app
from tests.conftest import RECORDED, run_cli

BASE = "https://feeds.example.org/"
SYNDICATED_COPY = (  # Cần Thơ's copy of a TTXVN story (tests/recorded/baocantho)
    "https://baocantho.com.vn/dang-uy-cac-co-quan-dang-trung-uong-trien-khai-"
    "nhiem-vu-nam-2027-a201522.html"
)


def copy_store(url: str, dest: Path) -> str:
    """A private copy of a SQLite store (SQLite's backup: consistent even with a WAL beside it)."""
    src = sqlite3.connect(url.removeprefix("sqlite:///"))
    dst = sqlite3.connect(dest)
    with dst:
        src.backup(dst)
    src.close()
    dst.close()
    return f"sqlite:///{dest}"


@contextmanager
def serving(db: str) -> Iterator[str]:
    """The app under a real uvicorn on a free local port, for a browser or a feed reader; yields
    its base URL, which every link in the feeds and the page starts from."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    base = f"http://127.0.0.1:{sock.getsockname()[1]}/"
    server = uvicorn.Server(uvicorn.Config(create_app(db, base), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def client_for(db: str) -> TestClient:
    return TestClient(create_app(db, BASE))


@pytest.fixture(scope="module")
def ro_db(replayed_db: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    return copy_store(replayed_db, tmp_path_factory.mktemp("serve") / "pw.db")


@pytest.fixture(scope="module")
def client(ro_db: str) -> Iterator[TestClient]:
    """For the tests that only read."""
    with client_for(ro_db) as c:
        yield c


@pytest.fixture
def rw_db(replayed_db: str, tmp_path: Path) -> str:
    """For the tests that write to the store."""
    return copy_store(replayed_db, tmp_path / "pw.db")


def parsed(body: bytes) -> Any:
    f = feedparser.parse(body)
    assert f.bozo == 0, f.get("bozo_exception")
    return f


def new_article(title: str, **over: Any) -> dict[str, Any]:
    """An article no replayed site has, published a minute ago (newer than any recorded one)."""
    now = utcnow()
    rec = {
        "canonical_url": "https://baocantho.com.vn/bai-moi-kiem-thu-a999999.html",
        "url": "https://baocantho.com.vn/bai-moi-kiem-thu-a999999.html",
        "site": "baocantho",
        "outlet": "Báo Cần Thơ",
        "province": "Cần Thơ",
        "title": title,
        "summary": "Bài mới để kiểm thử máy chủ.",
        "text": "Bài mới để kiểm thử máy chủ.\n\nĐoạn thứ hai của bài.",
        "body_html": "<p>Bài mới để kiểm thử máy chủ.</p>",
        "published": now - timedelta(minutes=1),
        "fetched_at": now,
    }
    return {**rec, **over}


def folded_words(s: str) -> str:
    """Lower case, no tone marks or diacritics, đ -> d, words split on anything else: the
    matching a reader expects ("xay dung dang" is in "Xây dựng Đảng,")."""
    s = unicodedata.normalize("NFD", s.replace("Đ", "D").replace("đ", "d"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return " " + " ".join(re.findall(r"[^\W_]+", s)) + " "


# --- conditional requests --------------------------------------------------------------------


def test_second_get_with_the_etag_is_304_with_an_empty_body(client: TestClient) -> None:
    for path in ("/feed.xml", "/provinces/can-tho.xml", "/sites/baotintuc.xml", "/",
                 "/feeds.opml", "/alerts.xml"):  # fmt: skip
        first = client.get(path)
        assert first.status_code == 200, path
        etag = first.headers["etag"]
        assert re.fullmatch(r'"[0-9a-f]{32}(-gzip)?"', etag), etag  # strong: no W/
        again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304, path
        assert again.content == b""
        assert again.headers["etag"] == etag
        assert again.headers["cache-control"] == "public, max-age=900"
        # the same bytes again give the same validator: it is of the content, not of the time
        assert client.get(path).headers["etag"] == etag


def test_if_modified_since_is_answered_from_the_newest_item(client: TestClient) -> None:
    first = client.get("/provinces/can-tho.xml")
    lm = first.headers["last-modified"]
    assert parsedate_to_datetime(lm) <= utcnow()
    assert (
        client.get("/provinces/can-tho.xml", headers={"If-Modified-Since": lm}).status_code == 304
    )
    earlier = parsedate_to_datetime(lm) - timedelta(seconds=1)
    older = earlier.strftime("%a, %d %b %Y %H:%M:%S GMT")
    r = client.get("/provinces/can-tho.xml", headers={"If-Modified-Since": older})
    assert r.status_code == 200 and r.content
    # an If-None-Match that does not match wins over a matching If-Modified-Since
    r = client.get("/provinces/can-tho.xml",
                   headers={"If-Modified-Since": lm, "If-None-Match": '"0000"'})  # fmt: skip
    assert r.status_code == 200
    r = client.get("/provinces/can-tho.xml", headers={"If-Modified-Since": "not a date"})
    assert r.status_code == 200


def test_a_crawl_that_adds_nothing_keeps_the_304_and_a_new_article_comes_first(
    rw_db: str,
) -> None:
    store = Store(rw_db)
    with client_for(rw_db) as c:
        first = c.get("/feed.xml")
        etag, lm = first.headers["etag"], first.headers["last-modified"]
        prov = c.get("/provinces/can-tho.xml")

        # a re-crawl of an article the store has: refreshed, nothing new
        again = store.get(SYNDICATED_COPY)
        assert again is not None
        store.upsert([{**again, "fetched_at": utcnow()}])
        assert c.get("/feed.xml", headers={"If-None-Match": etag}).status_code == 304
        assert c.get("/feed.xml", headers={"If-Modified-Since": lm}).status_code == 304

        store.upsert([new_article("Hội nghị mới nhất của Thành ủy Cần Thơ")])
        for path, before in (("/feed.xml", first), ("/provinces/can-tho.xml", prov)):
            r = c.get(path, headers={"If-None-Match": before.headers["etag"]})
            assert r.status_code == 200, path
            assert r.headers["etag"] != before.headers["etag"]
            f = parsed(r.content)
            assert f.entries[0].title == "Hội nghị mới nhất của Thành ủy Cần Thơ"
            assert f.entries[0].link == "https://baocantho.com.vn/bai-moi-kiem-thu-a999999.html"
            assert len(f.entries) == len(parsed(before.content).entries) + 1
        r = c.get("/feed.xml", headers={"If-Modified-Since": lm})
        assert r.status_code == 200, "the new article changed Last-Modified"


def test_a_real_recrawl_that_finds_nothing_new_keeps_every_feed_at_304(rw_db: str) -> None:
    paths = ("/feed.xml", "/feed.atom", "/feed.json", "/provinces/can-tho.xml",
             "/sites/baotintuc.json", "/feeds.opml")  # fmt: skip
    with client_for(rw_db) as c:
        before = {p: c.get(p).headers for p in paths}
        r = run_cli("--db", rw_db, "crawl", "--replay", str(RECORDED))
        assert r.returncode == 0, r.stdout + r.stderr
        for p in paths:
            again = c.get(p, headers={"If-None-Match": before[p]["etag"]})
            assert again.status_code == 304, p
            lm = before[p].get("last-modified")
            if lm:
                assert c.get(p, headers={"If-Modified-Since": lm}).status_code == 304, p


def test_a_late_article_dated_before_the_newest_still_changes_last_modified(rw_db: str) -> None:
    """A story that reaches the store late (its date older than the feed's newest item) is news
    to a reader all the same: If-Modified-Since must not hide it."""
    store = Store(rw_db)
    with client_for(rw_db) as c:
        first = c.get("/feed.xml")
        lm = first.headers["last-modified"]
        newest = parsed(first.content).entries[0]
        late = new_article(
            "Bài đến muộn", published=parsedate_to_datetime(newest.published) - timedelta(days=1)
        )
        store.upsert([late])
        r = c.get("/feed.xml", headers={"If-Modified-Since": lm})
        assert r.status_code == 200
        assert "Bài đến muộn" in [e.title for e in parsed(r.content).entries]


def test_gzip_when_asked_with_its_own_validator(client: TestClient) -> None:
    plain = client.get("/feed.xml", headers={"Accept-Encoding": "identity"})
    zipped = client.get("/feed.xml", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.content == plain.content  # httpx undid the gzip: the same feed
    assert int(zipped.headers["content-length"]) < len(plain.content) / 2
    assert zipped.headers["vary"] == plain.headers["vary"] == "Accept-Encoding"
    # one validator per sequence of bytes; either one still says "you have it"
    assert zipped.headers["etag"] == plain.headers["etag"][:-1] + '-gzip"'
    for tag in (plain.headers["etag"], zipped.headers["etag"]):
        r = client.get("/feed.xml", headers={"Accept-Encoding": "gzip", "If-None-Match": tag})
        assert r.status_code == 304 and r.headers["etag"] == zipped.headers["etag"]


def test_head_gives_the_headers_of_get(client: TestClient) -> None:
    get = client.get("/feed.xml")
    head = client.head("/feed.xml")
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["etag"] == get.headers["etag"]
    assert head.headers["last-modified"] == get.headers["last-modified"]


# --- what the feeds hold ---------------------------------------------------------------------


def _dated(store: Store) -> list[dict[str, Any]]:
    return [a for a in store.iter_all() if a["published"] is not None]


def test_province_and_site_feeds_hold_exactly_their_own_copies(
    client: TestClient, ro_db: str
) -> None:
    arts = _dated(Store(ro_db))
    can_tho = {a["url"] for a in arts if a["province"] == "Cần Thơ"}
    assert SYNDICATED_COPY in can_tho
    f = parsed(client.get("/provinces/can-tho.xml").content)
    assert {e.link for e in f.entries} == can_tho
    national = {a["url"] for a in arts if a["province"] == "Toàn quốc"}
    f = parsed(client.get("/provinces/toan-quoc.xml").content)
    assert {e.link for e in f.entries} == national
    tintuc = {a["url"] for a in arts if a["site"] == "baotintuc"}
    f = parsed(client.get("/sites/baotintuc.xml").content)
    assert {e.link for e in f.entries} == tintuc and len(tintuc) == 2
    # the province also works as a filter on the unified feed, by slug or by name
    for value in ("can-tho", "Cần Thơ"):
        f = parsed(client.get("/feed.xml", params={"province": value}).content)
        assert {e.link for e in f.entries} == can_tho


def test_kind_filter_keeps_only_outlets_of_that_kind(client: TestClient, ro_db: str) -> None:
    agencies = {n for n, cls in registry().items() if cls.kind == "news-agency"}
    expected = {a["url"] for a in _dated(Store(ro_db)) if a["site"] in agencies}
    f = parsed(client.get("/feed.xml", params={"kind": "news-agency"}).content)
    assert expected and {e.link for e in f.entries} == expected


def test_unified_feed_shows_a_syndicated_story_once_with_its_other_copy(
    client: TestClient,
) -> None:
    f = parsed(client.get("/feed.xml").content)
    links = [e.link for e in f.entries]
    assert len(links) == len(set(links))
    assert SYNDICATED_COPY not in links, "shown under the agency's earlier copy"
    agency = [e for e in f.entries if "Đảng ủy các cơ quan Đảng Trung ương triển khai" in e.title]
    assert len(agency) == 1 and agency[0].link.startswith("https://baotintuc.vn/")
    body = agency[0].content[0].value
    assert "Cũng đăng trên" in body and SYNDICATED_COPY in body
    # filtered to Cần Thơ, the story is Cần Thơ's own copy
    f = parsed(client.get("/feed.xml", params={"province": "can-tho"}).content)
    assert SYNDICATED_COPY in [e.link for e in f.entries]


def test_unified_guids_never_collide_with_another_feeds_guid_for_other_content(
    client: TestClient,
) -> None:
    """The bug of issue 12: a reader subscribed to the unified feed and Cần Thơ's showed one
    story's body under the other's title, because both used Cần Thơ's URL as the guid."""
    unified = parsed(client.get("/feed.xml").content)
    province = parsed(client.get("/provinces/can-tho.xml").content)
    by_guid = {e.id: e.link for e in province.entries}
    for e in unified.entries:
        if e.id in by_guid:
            assert by_guid[e.id] == e.link, f"guid {e.id} names two different copies"


def test_search_is_accent_insensitive_and_finds_exactly_the_matching_articles(
    client: TestClient, ro_db: str
) -> None:
    arts = _dated(Store(ro_db))

    def matching(phrase: str) -> set[str]:
        return {
            a["url"]
            for a in arts
            if f" {phrase} " in folded_words(" ".join((a["title"], a["summary"], a["text"])))
        }

    want = matching("xay dung dang")
    assert len(want) >= 3, "the recorded pages talk of xây dựng Đảng"
    for q in ("xay dung dang", "xây dựng Đảng", "XÂY DỰNG ĐẢNG"):
        # the site feeds list copies: the whole set is checkable
        got: set[str] = set()
        for site in {a["site"] for a in arts}:
            r = client.get(f"/sites/{site}.xml", params={"q": q})
            got |= {e.link for e in parsed(r.content).entries}
        assert got == want, q
    unified = parsed(client.get("/feed.xml", params={"q": "xay dung dang"}).content)
    assert unified.entries and len(unified.entries) <= len(want)
    assert {e.link for e in unified.entries} <= want | {a["url"] for a in arts}
    # search and filter together: AND
    prov = parsed(
        client.get("/feed.xml", params={"q": "xay dung dang", "province": "toan-quoc"}).content
    )
    national = {a["url"] for a in arts if a["province"] == "Toàn quốc"}
    assert {e.link for e in prov.entries} == want & national


def test_paging_reaches_every_story_through_next_links(client: TestClient) -> None:
    everything = parsed(client.get("/feed.xml").content)
    seen: list[str] = []
    url: str | None = "/feed.xml?limit=10"
    pages = 0
    while url:
        f = parsed(client.get(url.removeprefix(BASE.rstrip("/"))).content)
        pages += 1
        assert len(f.entries) <= 10
        seen += [e.id for e in f.entries]
        url = next((lk.href for lk in f.feed.get("links", []) if lk.rel == "next"), None)
        assert pages < 30
    assert pages >= len(everything.entries) // 10
    assert set(seen) == {e.id for e in everything.entries}


def test_limit_is_bounded(client: TestClient) -> None:
    assert len(parsed(client.get("/feed.xml?limit=3").content).entries) == 3
    r = client.get("/feed.xml?limit=201")
    assert r.status_code == 400 and r.text.startswith("limit:")


# --- bad input --------------------------------------------------------------------------------

HOSTILE_Q = [
    '"',
    '""',
    "'",
    "' OR '1'='1",
    "'; DROP TABLE articles; --",
    'a" OR "1"="1',
    "NEAR(xay dung)",
    "xay*",
    "^dang",
    "title:dang",
    "-dang",
    "\\",
    "%",
    "😀",
    "x" * 10_000,
]


@pytest.mark.parametrize("q", HOSTILE_Q, ids=lambda q: repr(q[:20]))
def test_hostile_q_is_a_400_or_a_feed_never_a_500(client: TestClient, ro_db: str, q: str) -> None:
    before = Store(ro_db).count()
    for path in ("/feed.xml", "/provinces/can-tho.xml", "/"):
        r = client.get(path, params={"q": q})
        assert r.status_code in (200, 400), (path, r.status_code, r.text[:200])
        if r.status_code == 400:
            assert r.headers["content-type"].startswith("text/plain")
            assert r.text.count("\n") == 1 and r.text.startswith("q:")
        elif path != "/":
            parsed(r.content)
    assert Store(ro_db).count() == before, "the store is as it was"
    if len(q) > 500:
        r = client.get("/feed.xml", params={"q": q})
        assert r.status_code == 400 and "10000 characters" in r.text


RAW_QUERIES = [
    ("q=%C3%28", "q"),  # invalid UTF-8 once percent-decoded
    ("q=%FF%FE", "q"),
    ("q=%ED%A0%80", "q"),  # a surrogate encoded as UTF-8
    ("q=a%00b", "q"),  # NUL
    ("q=a%1Bb", "q"),
    ("%C3%28=x", "query string"),
    ("limit=abc", "limit"),
    ("limit=0", "limit"),
    ("limit=-5", "limit"),
    ("limit=99999999999999999999", "limit"),
    ("before=garbage", "before"),
    ("before=" + "A" * 5000, "before"),
    ("kind=bogus", "kind"),
    ("q=a&q=b", "q"),
]


@pytest.mark.parametrize(("raw", "name"), RAW_QUERIES)
def test_bad_parameters_are_a_400_naming_them(client: TestClient, raw: str, name: str) -> None:
    for path in ("/feed.xml", "/feed.xml", "/sites/baotintuc.xml", "/"):
        r = client.get(f"{path}?{raw}")
        assert r.status_code == 400, (path, raw, r.status_code)
        assert r.headers["content-type"].startswith("text/plain")
        line = r.text
        assert line.endswith("\n") and line.count("\n") == 1, line
        assert line.startswith(f"{name}:"), line


def test_odd_but_harmless_query_strings_are_just_text(client: TestClient) -> None:
    for raw in ("q=%zz", "q=100%25", "q=+++", "utm_source=x&q=dang", "q=", "province=&site="
                "&kind=&q=", "&&&", "q=a+b%20c"):  # fmt: skip
        r = client.get(f"/feed.xml?{raw}")
        assert r.status_code == 200, raw
        parsed(r.content)


def test_unknown_province_site_or_format_is_a_404_in_one_line(client: TestClient) -> None:
    for path in (
        "/provinces/khong-co.xml",
        "/provinces/Cần Thơ.xml",  # a name is not a slug in a path
        "/sites/khong-co.xml",
        "/sites/baotintuc.rss",
        "/feed.html",
        "/feed.xml?province=khong-co",
        "/feed.xml?site=" + quote("<script>"),
        "/khong-co",
    ):
        r = client.get(path)
        assert r.status_code == 404, path
        assert r.headers["content-type"].startswith("text/plain")
        assert r.text.count("\n") <= 1, r.text


# --- the web page -----------------------------------------------------------------------------


def test_the_page_lists_stories_feeds_and_the_last_crawl(client: TestClient, ro_db: str) -> None:
    r = client.get("/")
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    doc = etree.HTML(r.content)
    assert doc.xpath("//html/@lang") == ["vi"]
    assert doc.xpath("//meta[@name='viewport']/@content")
    assert not doc.xpath("//script"), "no JavaScript needed"
    alt = doc.xpath("//link[@rel='alternate']/@href")
    assert {BASE + "feed.xml", BASE + "feed.atom", BASE + "feed.json"} <= set(alt)
    assert BASE + "provinces/can-tho.xml" in alt and BASE + "sites/baotintuc.xml" in alt
    hrefs = set(doc.xpath("//a/@href"))
    assert BASE + "feeds.opml" in hrefs
    for name in registry():
        for fmt in ("xml", "atom", "json"):
            assert f"{BASE}sites/{name}.{fmt}" in hrefs, name
    # one story per cluster: the syndicated copy only as "Cũng đăng trên"
    stories = doc.xpath("//article[@class='story']")
    story_links = doc.xpath("//a[@class='story-link']/@href")
    assert SYNDICATED_COPY not in story_links and len(story_links) == len(set(story_links))
    also = [s for s in stories if s.xpath(".//p[@class='also']")]
    assert len(also) == 1 and SYNDICATED_COPY in also[0].xpath(".//p[@class='also']/a/@href")
    # the last crawl, in Vietnam time
    hist = History(Store(ro_db))
    ended = max(r.ended for n in registry() for r in hist.runs(n, limit=1))
    shown = ended.astimezone(VN).strftime("%H:%M %d/%m/%Y")
    assert doc.xpath("//p[@class='crawl']/time/text()") == [shown]


def test_the_page_filters_by_province_outlet_kind_and_search(
    client: TestClient, ro_db: str
) -> None:
    arts = _dated(Store(ro_db))
    doc = etree.HTML(client.get("/", params={"province": "can-tho"}).content)
    links = set(doc.xpath("//a[@class='story-link']/@href"))
    assert links == {a["url"] for a in arts if a["province"] == "Cần Thơ"}
    assert doc.xpath("//select[@name='province']/option[@selected]/@value") == ["can-tho"]
    # the feed of this view is offered
    assert BASE + "feed.xml?province=can-tho" in doc.xpath("//link[@rel='alternate']/@href")
    doc = etree.HTML(client.get("/", params={"site": "nhandan"}).content)
    assert set(doc.xpath("//a[@class='story-link']/@href")) == {
        a["url"] for a in arts if a["site"] == "nhandan"
    }
    doc = etree.HTML(client.get("/", params={"q": "qqqzzz không có"}).content)
    assert not doc.xpath("//article") and doc.xpath("//p[@class='empty']")
    assert doc.xpath("//input[@name='q']/@value") == ["qqqzzz không có"]


def test_the_page_escapes_what_the_store_and_the_request_hold(rw_db: str) -> None:
    Store(rw_db).upsert([new_article('<script>alert("t")</script> & <b>đậm</b>')])
    with client_for(rw_db) as c:
        r = c.get("/", params={"q": '"><script>alert(1)</script>'})
        assert r.status_code == 200
        assert "<script>" not in r.text
        r = c.get("/")
        assert "<script>" not in r.text and "<b>" not in r.text
        assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; &lt;b&gt;đậm" in r.text
        doc = etree.HTML(r.content)
        assert doc.xpath("//a[@class='story-link']/text()")[0].startswith("<script>alert")


def test_the_page_pages_back(client: TestClient) -> None:
    doc = etree.HTML(client.get("/").content)
    older = doc.xpath("//a[@rel='next']/@href")
    assert len(older) == 1 and older[0].startswith(BASE + "?before=")
    first = doc.xpath("//a[@class='story-link']/@href")
    doc2 = etree.HTML(client.get(older[0].removeprefix(BASE.rstrip("/"))).content)
    second = doc2.xpath("//a[@class='story-link']/@href")
    assert second and not set(second) & set(first)


# --- the rest of the layout -----------------------------------------------------------------


def test_opml_lists_every_feed_grouped_by_province(client: TestClient) -> None:
    r = client.get("/feeds.opml")
    assert r.status_code == 200
    doc = etree.fromstring(r.content)
    urls = doc.xpath("//outline/@xmlUrl")
    assert BASE + "feed.xml" in urls
    for name, cls in registry().items():
        url = f"{BASE}sites/{name}.xml"
        assert urls.count(url) == 1, name
        group = doc.xpath(f"//outline[@xmlUrl='{url}']/..")[0]
        assert group.get("text") == cls.province, name
    assert BASE + "provinces/can-tho.xml" in urls and BASE + "provinces/toan-quoc.xml" in urls


def test_status_alerts_and_health(client: TestClient) -> None:
    r = client.get("/status.html")
    assert r.status_code == 200 and "baotintuc" in r.text
    r = client.get("/alerts.xml")
    assert r.status_code == 200
    parsed(r.content)
    r = client.get("/healthz")
    assert r.status_code == 200 and r.text.startswith("ok")
    assert r.headers["cache-control"] == "no-store"


SCHEMAS = Path(__file__).with_name("schemas")


@pytest.mark.parametrize("path", ["feed", "provinces/can-tho", "sites/baotintuc"])
def test_every_feed_in_three_formats_with_the_same_items(client: TestClient, path: str) -> None:
    """RSS, Atom (RELAX NG of RFC 4287) and JSON Feed 1.1 (its schema) of one feed hold the same
    items under the same ids, each served with its own media type."""
    rss = client.get(f"/{path}.xml", params={"limit": 20})
    atom = client.get(f"/{path}.atom", params={"limit": 20})
    js = client.get(f"/{path}.json", params={"limit": 20})
    assert rss.headers["content-type"] == "application/rss+xml; charset=utf-8"
    assert atom.headers["content-type"] == "application/atom+xml; charset=utf-8"
    assert js.headers["content-type"] == "application/feed+json; charset=utf-8"
    rng = etree.RelaxNG(etree.parse(str(SCHEMAS / "atom.rng")))
    assert rng.validate(etree.fromstring(atom.content)), rng.error_log
    doc = json.loads(js.content)
    jsonschema.validate(doc, json.loads((SCHEMAS / "jsonfeed-1.1.schema.json").read_text()))
    ids = [e.id for e in parsed(rss.content).entries]
    assert ids and ids == [e.id for e in parsed(atom.content).entries]
    assert ids == [i["id"] for i in doc["items"]]
    assert doc["feed_url"] == f"{BASE}{path}.json?limit=20"
    unified = path == "feed"
    assert all(i.startswith("tag:feeds.example.org,2026:story/") == unified for i in ids)
