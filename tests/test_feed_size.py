"""Publishing at scale: a feed carries the full body of its newest items only and stays under its
size bound whatever the pages weigh; every query a publish makes is answered from an index
(EXPLAIN on SQLite and on the real PostgreSQL), so its cost follows the feeds, not the archive."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from sqlalchemy import event

from crawler.storage import Store
from output.feeds import CONTENT_ITEMS, MAX_FEED_BYTES, FeedMeta, build_bounded
from output.publish import publish_all
from output.server import publish_everything

NS = {"content": "http://purl.org/rss/1.0/modules/content/"}
A = "{http://www.w3.org/2005/Atom}"
META = FeedMeta("t", "d", "https://x.org/sites/nhandan.xml", "https://x.org/")
T0 = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
#: a long page's body: 60 paragraphs of ~1 KB, each naming its article and paragraph number
PARAS = 60


def body(i: int) -> str:
    return "".join(f"<p>Bài {i}, đoạn {p}: " + "xây dựng Đảng " * 70 + "</p>" for p in range(PARAS))


def article(i: int, **kw: object) -> dict[str, Any]:
    """Article i of a site; a higher i is newer (one hour apart)."""
    url = f"https://nhandan.vn/bai-{i}.html"
    a: dict[str, Any] = {
        "url": url,
        "canonical_url": url,
        "cluster": url,
        "site": "nhandan",
        "outlet": "Báo Nhân Dân",
        "province": "Toàn quốc",
        "title": f"Bài {i}",
        "summary": f"Tóm tắt bài {i}.",
        "text": f"Đoạn đầu bài {i}.",
        "body_html": body(i),
        "authors": ["Thanh Hà"],
        "published": T0 + timedelta(hours=i),
        "fetched_at": T0 + timedelta(hours=i, minutes=5),
    }
    a.update(kw)
    return a


def newest_first(n: int) -> list[dict[str, Any]]:
    return [article(i) for i in reversed(range(n))]


def _rss(data: bytes) -> list[etree._Element]:
    return etree.fromstring(data).findall("channel/item")


def _contents(fmt: str, data: bytes) -> list[str]:
    """Each item's full content ("" for none), in feed order."""
    if fmt == "xml":
        return [i.findtext("content:encoded", "", NS) for i in _rss(data)]
    if fmt == "atom":
        return [e.findtext(f"{A}content") or "" for e in etree.fromstring(data).iter(f"{A}entry")]
    return [i.get("content_html", "") for i in json.loads(data)["items"]]


def _titles(fmt: str, data: bytes) -> list[str]:
    if fmt == "xml":
        return [i.findtext("title") for i in _rss(data)]
    if fmt == "atom":
        return [e.findtext(f"{A}title") for e in etree.fromstring(data).iter(f"{A}entry")]
    return [i["title"] for i in json.loads(data)["items"]]


@pytest.mark.parametrize("fmt", ["xml", "atom", "json"])
def test_a_feed_of_long_articles_stays_under_the_bound_newest_whole(fmt: str) -> None:
    rows = newest_first(60)  # ~70 KB each: 4 MB of bodies, twice the bound
    data, kept = build_bounded(fmt, rows, META)
    assert len(data) <= MAX_FEED_BYTES
    assert kept == 60 and _titles(fmt, data) == [f"Bài {i}" for i in reversed(range(60))]
    contents = _contents(fmt, data)
    whole = [c for c in contents if c]
    assert 20 <= len(whole) < 30  # as many as fit in 2 MB at ~70 KB
    # the bodies kept are the newest ones, each complete to its last paragraph
    assert contents[: len(whole)] == whole
    for i, c in zip(reversed(range(60)), whole, strict=False):
        assert f"Bài {i}, đoạn 0:" in c and f"Bài {i}, đoạn {PARAS - 1}:" in c


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_past_the_bound_without_bodies_the_oldest_items_go(fmt: str) -> None:
    rows = newest_first(200)
    bare, _ = build_bounded(fmt, [{**r, "body_html": ""} for r in rows], META)
    limit = len(bare) // 2  # not even every summary fits
    data, kept = build_bounded(fmt, rows, META, limit=limit)
    assert len(data) <= limit
    assert 80 < kept < 120
    assert _titles(fmt, data) == [f"Bài {i}" for i in reversed(range(200))][:kept]
    assert not any(_contents(fmt, data))


def test_a_feed_under_its_bound_is_built_as_given() -> None:
    rows = newest_first(3)
    data, kept = build_bounded("xml", rows, META)
    assert kept == 3 and all(
        f"Bài {i}, đoạn {PARAS - 1}:" in c
        for i, c in zip((2, 1, 0), _contents("xml", data), strict=True)
    )


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path / 'pw.db'}")
    yield store
    store.engine.dispose()


def test_publish_gives_the_body_of_the_newest_items_only(
    sqlite_store: Store, tmp_path: Path
) -> None:
    n = CONTENT_ITEMS + 10
    sqlite_store.upsert([article(i) for i in range(n)])
    out = tmp_path / "public"
    publish_all(sqlite_store, out, "https://feeds.example.org/")
    for feed in ("feed.xml", "sites/nhandan.xml"):
        items = _rss((out / feed).read_bytes())
        assert [i.findtext("title") for i in items] == [f"Bài {i}" for i in reversed(range(n))]
        contents = [i.findtext("content:encoded", "", NS) for i in items]
        for i, c in zip(reversed(range(n)), contents[:CONTENT_ITEMS], strict=False):
            assert f"Bài {i}, đoạn {PARAS - 1}:" in c, feed
        assert not any(contents[CONTENT_ITEMS:]), feed
        assert all(i.findtext("description") for i in items)  # every item keeps its summary
    js = json.loads((out / "feed.json").read_text(encoding="utf-8"))["items"]
    assert [("content_html" in i) for i in js] == [True] * CONTENT_ITEMS + [False] * 10
    assert js[-1]["content_text"] == "Tóm tắt bài 0."


def test_a_page_too_large_for_any_feed_loses_its_body_not_its_item(
    sqlite_store: Store, tmp_path: Path
) -> None:
    huge = "<p>" + "rất dài " * 300_000 + "</p>"  # 2.4 MB: alone over the bound
    sqlite_store.upsert([article(0), article(1, body_html=huge)])
    out = tmp_path / "public"
    publish_all(sqlite_store, out, "https://feeds.example.org/")
    for name in ("feed.xml", "feed.atom", "feed.json", "sites/nhandan.xml"):
        assert (out / name).stat().st_size <= MAX_FEED_BYTES, name
    items = _rss((out / "feed.xml").read_bytes())
    assert [i.findtext("title") for i in items] == ["Bài 1", "Bài 0"]
    assert "rất dài" not in (out / "feed.xml").read_text(encoding="utf-8")
    assert f"Bài 0, đoạn {PARAS - 1}:" in items[1].findtext("content:encoded", "", NS)


# --- every publish query from an index ---------------------------------------------------------


def _filled(store: Store) -> None:
    """Three sites in two provinces, a story syndicated by two of them, and more stories than
    the web page shows at once (index.html reads on past its first page)."""
    rows = []
    for i in range(120):
        site, province = SITES[i % 3]
        url = f"https://{site}.vn/bai-{i}.html"
        rows.append(
            article(i, url=url, canonical_url=url, cluster=url, site=site, province=province)
        )
    rows[119]["cluster"] = rows[118]["canonical_url"]
    store.upsert(rows)


SITES = [("nhandan", "Toàn quốc"), ("baohanoimoi", "Hà Nội"), ("baocantho", "Cần Thơ")]


def _publish_queries(store: Store, out: Path) -> list[tuple[str, Any]]:
    """Every SELECT a `partywire publish` (feeds, status page, index.html) sends, with its
    parameters, as the driver received them."""
    seen: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if re.match(r"\s*(SELECT|WITH)\b", statement, re.I):
            seen.append((statement, params))

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        publish_everything(store, out, "https://feeds.example.org/")
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    return [(s, p) for s, p in seen if re.search(r"\barticles\b", s)]


def test_every_publish_query_is_an_index_search_on_sqlite(
    sqlite_store: Store, tmp_path: Path
) -> None:
    _filled(sqlite_store)
    queries = _publish_queries(sqlite_store, tmp_path / "public")
    assert len(queries) > 10  # the unified feed, its stories, each site and province
    with sqlite_store.engine.connect() as c:
        for statement, params in queries:
            plan = [r[-1] for r in c.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params)]
            # a SCAN reads the whole table (or index); a TEMP B-TREE FOR ORDER BY sorts every
            # row the search found (RIGHT PART OF ORDER BY only breaks ties of one date)
            wasted = [
                p for p in plan if re.match(r"SCAN (articles|ix_)|USE TEMP B-TREE FOR ORDER", p)
            ]
            assert not wasted, f"{' '.join(statement.split())[-300:]}\n{plan}"
            assert any(p.startswith("SEARCH articles") for p in plan), plan


def test_every_publish_query_uses_an_index_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    store = Store(pg_url)
    try:
        _filled(store)
        queries = _publish_queries(store, tmp_path / "public")
        assert len(queries) > 10
        with store.engine.connect() as c:
            # a table this small is read whole by preference; what matters is that an index
            # can answer each query, which a query the indexes do not fit would not let happen
            c.exec_driver_sql("SET enable_seqscan = off")
            for statement, params in queries:
                plan = [r[0] for r in c.exec_driver_sql("EXPLAIN " + statement, params)]
                text = "\n".join(plan)
                assert "Seq Scan on articles" not in text, f"{statement}\n{text}"
                assert "Index" in text, text
    finally:
        store.engine.dispose()
