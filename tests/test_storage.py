"""Storage on both backends, SQLite and the real PostgreSQL: one code path; and the Scrapy
stage that writes to it."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import CloseSpider, DropItem
from scrapy.utils.test import get_crawler

from crawler.core.items import Article
from crawler.storage import Store
from pipelines.store import StorePipeline

VN = timezone(timedelta(hours=7))


def rec(url: str, **kw: object) -> dict[str, object]:
    base: dict[str, object] = {
        "url": url,
        "canonical_url": url,
        "site": "nhandan",
        "outlet": "Báo Nhân Dân",
        "province": "Toàn quốc",
        "title": "Tiêu đề",
        "summary": "Sapo",
        "text": "Đoạn một.",
        "body_html": "<p>Đoạn một.</p>",
        "authors": ["Thanh Hà"],
        "tags": ["Đảng"],
        "published": datetime(2026, 11, 18, 9, 15, tzinfo=VN),
        "fetched_at": datetime(2026, 11, 21, 1, 0, tzinfo=UTC),
        "fingerprint": "f1",
        "field_sources": {"title": "rules"},
    }
    base.update(kw)
    return base


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path) -> Store:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        return Store(f"sqlite:///{tmp_path / 'pw.db'}")
    return Store(request.getfixturevalue("pg_url"))


def test_datetimes_come_back_aware_utc_same_instant(store: Store) -> None:
    store.upsert([rec("https://a.vn/1")])
    got = store.get("https://a.vn/1")
    assert got is not None
    assert got["published"].tzinfo is not None
    assert got["published"].utcoffset() == timedelta(0)
    assert got["published"] == datetime(2026, 11, 18, 2, 15, tzinfo=UTC)


def test_recrawl_updates_never_duplicates_never_loses(store: Store) -> None:
    store.upsert([rec("https://a.vn/1")])
    store.upsert([rec("https://a.vn/1", title="Tiêu đề mới", summary="", published=None)])
    assert store.count() == 1
    got = store.get("https://a.vn/1")
    assert got is not None
    assert got["title"] == "Tiêu đề mới"
    assert got["summary"] == "Sapo"  # the new crawl found none: the stored one stays
    assert got["published"] == datetime(2026, 11, 18, 2, 15, tzinfo=UTC)
    assert got["authors"] == ["Thanh Hà"]


def test_naive_datetime_is_refused_and_nothing_is_lost(store: Store) -> None:
    store.upsert([rec("https://a.vn/1")])
    with pytest.raises(ValueError, match="not a timezone-aware datetime"):
        store.upsert([rec("https://a.vn/2"), rec("https://a.vn/3", published=datetime(2026, 1, 1))])
    assert store.count() == 1


def test_latest_newest_first_and_filters(store: Store) -> None:
    store.upsert(
        [
            rec("https://a.vn/old", published=datetime(2026, 1, 1, tzinfo=VN)),
            rec(
                "https://a.vn/new",
                published=datetime(2026, 5, 1, tzinfo=VN),
                site="baocantho",
                province="Cần Thơ",
            ),
            rec("https://a.vn/undated", published=None),
        ]
    )
    assert [r["url"] for r in store.latest()] == ["https://a.vn/new", "https://a.vn/old"]
    assert [r["url"] for r in store.latest(province="Cần Thơ")] == ["https://a.vn/new"]
    assert [r["url"] for r in store.latest(site="nhandan")] == ["https://a.vn/old"]
    assert store.groups("province") == sorted(["Cần Thơ", "Toàn quốc"])


def test_vietnamese_text_round_trips_nfc(store: Store) -> None:
    store.upsert([rec("https://a.vn/1", title="Thành ủy Cần Thơ: hòa hợp")])
    got = store.get("https://a.vn/1")
    assert got is not None and got["title"] == "Thành ủy Cần Thơ: hòa hợp"


def test_cluster_is_set_once_and_kept_by_a_recrawl(store: Store) -> None:
    store.upsert([rec("https://a.vn/2", cluster=None)])
    store.upsert([rec("https://a.vn/2", cluster="https://a.vn/1")])  # filled when missing
    store.upsert([rec("https://a.vn/2", cluster="https://other.vn/9")])  # never moved
    got = store.get("https://a.vn/2")
    assert got is not None and got["cluster"] == "https://a.vn/1"


# The store pipeline: blocking database work off the event loop, one bad item costing only itself,
# and a store it cannot use closing the spider with the reason.


def _pipeline(url: str) -> StorePipeline:
    crawler = get_crawler(settings_dict={"PARTYWIRE_DB": url, "PARTYWIRE_REDIS": ""})
    return StorePipeline.from_crawler(crawler)


def _article(n: int, **kw: Any) -> Article:
    url = f"https://a.vn/bai-{n}.html"
    base: dict[str, Any] = {
        "url": url,
        "canonical_url": url,
        "site": "nhandan",
        "title": f"Bài số {n}",
        "text": f"Nội dung riêng của bài số {n}: hội nghị lần thứ {n * 7} của chi bộ {n}.",
        "published": datetime(2026, 11, 18, 9, n, tzinfo=VN),
        "fetched_at": datetime(2026, 11, 21, 1, 0, tzinfo=UTC),
    }
    base.update(kw)
    return Article(**base)


def test_pipeline_stores_while_the_loop_keeps_running(tmp_path: Path) -> None:
    """The write waits on a lock another process holds; the event loop must go on meanwhile."""
    db = tmp_path / "pw.db"
    url = f"sqlite:///{db}"

    async def scenario() -> tuple[int, bool]:
        pipe = _pipeline(url)
        await pipe.open_spider()
        locker = sqlite3.connect(db, isolation_level=None)
        locker.execute("BEGIN EXCLUSIVE")  # every writer now waits (busy_timeout 10 s)
        write = asyncio.ensure_future(pipe.process_item(_article(1)))
        ticks = 0
        for _ in range(20):
            await asyncio.sleep(0.02)
            ticks += 1
        blocked = not write.done()
        locker.execute("ROLLBACK")
        locker.close()
        await write
        pipe.close_spider()
        return ticks, blocked

    ticks, blocked = asyncio.run(scenario())
    assert ticks == 20 and blocked  # the loop ran 20 times while the write was still waiting
    got = Store(url).get("https://a.vn/bai-1.html")
    assert got is not None and got["title"] == "Bài số 1"


def test_one_bad_item_costs_only_itself(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pw.db'}"
    pipe = _pipeline(url)
    naive = _article(2, published=datetime(2026, 11, 18, 9, 2))  # no zone: the store refuses it
    empty = _article(4, text="")

    async def scenario() -> list[Any]:
        await pipe.open_spider()
        items = [_article(1), naive, _article(3), empty]
        done = await asyncio.gather(*(pipe.process_item(i) for i in items), return_exceptions=True)
        pipe.close_spider()
        return done

    done = asyncio.run(scenario())
    assert isinstance(done[1], ValueError) and "not a timezone-aware datetime" in str(done[1])
    assert isinstance(done[3], DropItem)
    assert [type(d) for d in (done[0], done[2])] == [Article, Article]
    assert {r["url"] for r in Store(url).iter_all()} == {
        "https://a.vn/bai-1.html",
        "https://a.vn/bai-3.html",
    }
    assert pipe.stats is not None
    stats = pipe.stats.get_stats()
    assert (stats["partywire/stored"], stats["partywire/store_failed"]) == (2, 1)
    assert stats["partywire/rejected"] == 1


def test_pipeline_on_an_older_store_closes_the_spider_with_the_reason(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "store_before_migrations.db", db)
    pipe = _pipeline(f"sqlite:///{db}")
    with pytest.raises(CloseSpider) as caught:
        asyncio.run(pipe.open_spider())
    assert caught.value.reason == (
        "store schema is older than this release: run `partywire db upgrade`"
    )


def test_pipeline_on_an_unreachable_database_closes_the_spider_with_the_reason() -> None:
    pipe = _pipeline("postgresql://nobody@127.0.0.1:1/x")
    with pytest.raises(CloseSpider) as caught:
        asyncio.run(pipe.open_spider())
    assert caught.value.reason.startswith("database postgresql://nobody@127.0.0.1:1/x: ")
    assert "refused" in caught.value.reason or "failed" in caught.value.reason


def test_an_articles_record_is_its_persistent_fields_detached_from_the_item() -> None:
    """What the store writes: every persistent field with the item's value, none of the
    transient page or hints, and lists and dicts of its own (the store and the judge change
    them without reaching back into the item)."""
    from dataclasses import asdict  # the independent oracle: the dataclass's own conversion

    item = Article(
        url="https://nhandan.vn/a-post1.html",
        site="nhandan",
        title="Tiêu đề",
        authors=["Thanh Hà"],
        tags=["Đảng"],
        field_sources={"title": "rules"},
        published=datetime(2026, 11, 18, 9, 15, tzinfo=VN),
        html="<html><body>trang</body></html>",
    )
    item.hints["feed_date"] = "18/11/2026 09:15"
    expected = asdict(item)
    del expected["html"], expected["hints"]
    record = item.record()
    assert record == expected
    assert list(record) == Article.field_names()
    record["authors"].append("Minh Anh")
    record["tags"].clear()
    record["field_sources"]["text"] = "generic"
    assert item.authors == ["Thanh Hà"] and item.tags == ["Đảng"]
    assert item.field_sources == {"title": "rules"}
