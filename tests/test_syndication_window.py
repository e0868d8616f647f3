"""The syndication index holds a window of recent articles (issue 14): start-up reads only the
window (with Redis, only what was stored since Redis last looked), entries older than the window
are pruned from the index and from the window table, and an article outside the window is still
found by its fingerprint (the same text) and by its URL.

Time is the index's clock (`StoreIndex(clock=...)`), and each article's first_fetched is the
fetched_at it is stored with, so "20 days ago" is written, not waited for."""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
import redis
import sqlalchemy as sa
from scrapy.utils.test import get_crawler

from crawler import syndication
from crawler.core.cluster import doc
from crawler.core.dedup import fingerprint
from crawler.core.items import Article
from crawler.incremental import off_reactor
from crawler.storage import Store, articles
from crawler.syndication import StoreIndex, window
from pipelines.store import StorePipeline
from tests.conftest import REDIS_URL
from tests.dedup_pairs import pairs

NOW = datetime.now(UTC)
OLD = NOW - timedelta(days=20)  # outside the 14-day window
RECENT = NOW - timedelta(days=2)
#: two distinct syndicated stories of the labelled set: (summary, text) of the original and of
#: another outlet's edited copy
_SYNDICATED = [p for p in pairs() if p[5] == "syndicated"]
(S1A, T1A, S1B, T1B, _, _), (S2A, T2A, S2B, T2B, _, _) = _SYNDICATED[:2]


def _clock(at: datetime) -> Callable[[], datetime]:
    return lambda: at


def _store(index: StoreIndex, key: str, summary: str, text: str, at: datetime) -> str:
    """One article stored as the pipeline stores it (placed, written, its window row kept);
    the cluster it joined."""
    title = "Tin " + key.rsplit("/", 1)[-1]
    row = {
        "url": key,
        "canonical_url": key,
        "site": "x",
        "title": title,
        "summary": summary,
        "text": text,
        "fetched_at": at,
        "fingerprint": fingerprint(title, text),
    }
    with index.placing() as conn:
        placed = index.place(key, doc(summary, text), fingerprint=row["fingerprint"])
        index.store.upsert([{**row, "cluster": placed.cluster}], conn=conn)
    return placed.cluster


def _article(url: str, title: str, summary: str, text: str) -> Article:
    """A page of another site as the store pipeline receives it, fetched now."""
    return Article(
        url=url,
        site=url.split("/")[2].split(".")[0],
        canonical_url=url,
        title=title,
        summary=summary,
        text=text,
        fetched_at=NOW,
        fingerprint=fingerprint(title, text),
    )


def _pruned_to_14_days(pruned: float) -> bool:
    """Pruned up to 14 days before some instant between the module's NOW and now."""
    span = timedelta(days=14)
    return (NOW - span).timestamp() - 1 <= pruned <= (datetime.now(UTC) - span).timestamp()


def _window_ids(store: Store) -> set[int]:
    with store.engine.connect() as conn:
        return set(conn.execute(sa.select(window.c.article_id)).scalars())


def _id(store: Store, key: str) -> int:
    with store.engine.connect() as conn:
        q = sa.select(articles.c.id).where(articles.c.canonical_url == key)
        return int(conn.execute(q).scalar_one())


def test_start_up_reads_only_the_window_and_prunes_the_rest(store: Store) -> None:
    then = StoreIndex(store, clock=_clock(OLD)).open()  # a process 20 days ago
    _store(then, "https://a.vn/old", S1A, T1A, OLD)
    _store(then, "https://a.vn/recent", S2A, T2A, RECENT)
    assert _window_ids(store) == {1, 2}

    wide = StoreIndex(store, days=30).open()  # a longer window reaches the old one
    assert "https://a.vn/old" in wide.bands and "https://a.vn/recent" in wide.bands
    fresh = StoreIndex(store).open()  # 14 days: the old one is out, of the index and the table
    assert "https://a.vn/old" not in fresh.bands and "https://a.vn/recent" in fresh.bands
    assert len(fresh.bands) == 1
    assert _window_ids(store) == {2}
    assert _pruned_to_14_days(fresh.sync.pruned)
    # a copy of the recent story joins it; an edited copy of the old one starts its own
    assert _store(fresh, "https://b.vn/recent-copy", S2B, T2B, NOW) == "https://a.vn/recent"
    assert _store(fresh, "https://b.vn/old-copy", S1B, T1B, NOW) == "https://b.vn/old-copy"


def test_an_article_outside_the_window_is_found_by_fingerprint_through_the_pipeline(
    store: Store,
) -> None:
    then = StoreIndex(store, clock=_clock(OLD)).open()
    _store(then, "https://a.vn/old", S1A, T1A, OLD)
    pipe = StorePipeline(str(store.engine.url))
    pipe.store, pipe.index = pipe._open()
    assert "https://a.vn/old" not in pipe.index.bands  # outside the window
    # the same title and text under a URL the canonical rules cannot fold: the same story
    same = _article("https://c.vn/in-lai.html", "Tin old", S1A, T1A)
    written = pipe._write(same)
    assert (written.outcome, written.cluster) == ("new", "https://a.vn/old")
    # and a copy of that copy, now in the window, joins it by its text
    again = _store(pipe.index, "https://d.vn/copy", S1B, T1B, NOW)
    assert again == "https://a.vn/old"
    pipe.close_spider()


def test_a_failed_write_leaves_no_window_row(store: Store) -> None:
    index = StoreIndex(store).open()
    with pytest.raises(RuntimeError), index.placing():
        index.place("https://a.vn/1", doc(S1A, T1A))
        raise RuntimeError("disk full")
    assert _window_ids(store) == set() and "https://a.vn/1" not in index


@pytest.fixture
def redis_base(store: Store) -> Iterator[str]:
    base = "partywire:" + store.engine.url.render_as_string(hide_password=True)
    yield base
    r = redis.Redis.from_url(REDIS_URL)
    for k in r.scan_iter(match=re.sub(r"([\[\]*?\\])", r"\\\1", base) + "*", count=1000):
        r.delete(k)
    r.close()


def test_redis_start_up_reads_only_the_catch_up_and_prunes_redis(
    store: Store, redis_base: str
) -> None:
    then = StoreIndex(store, REDIS_URL, clock=_clock(OLD)).open()
    _store(then, "https://a.vn/old", S1A, T1A, OLD)
    now = StoreIndex(store, REDIS_URL).open()  # a later process: the old entry is pruned
    assert "https://a.vn/old" not in now.bands and len(now.bands) == 0
    assert _pruned_to_14_days(now.sync.pruned)
    _store(now, "https://a.vn/recent", S2A, T2A, RECENT)
    assert now.sync.state()[0] == _id(store, "https://a.vn/recent")
    # what Redis holds is not read again from the store: with the window table emptied behind
    # its back, a new process still has the entry, and reads nothing at start-up
    with store.engine.begin() as conn:
        conn.execute(window.delete())
    later = StoreIndex(store, REDIS_URL).open()
    assert "https://a.vn/recent" in later.bands and later.catch_up() == 0
    r = redis.Redis.from_url(REDIS_URL)
    assert int(r.get(redis_base + ":synced_id") or 0) == _id(store, "https://a.vn/recent")
    assert float(r.get(redis_base + ":pruned") or 0) > OLD.timestamp()
    r.close()


def test_a_failed_write_takes_its_entry_back_out_of_redis(store: Store, redis_base: str) -> None:
    index = StoreIndex(store, REDIS_URL).open()
    with pytest.raises(RuntimeError), index.placing():
        index.place("https://a.vn/1", doc(S1A, T1A))
        assert "https://a.vn/1" in index.bands  # filed in Redis before the write
        raise RuntimeError("disk full")
    assert "https://a.vn/1" not in index.bands and len(index.bands) == 0
    assert _store(index, "https://b.vn/1", S1B, T1B, NOW) == "https://b.vn/1"


def test_the_window_is_the_crawls_setting_or_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:

    assert StorePipeline.from_crawler(get_crawler(settings_dict={})).index_days == 14
    monkeypatch.setenv("PARTYWIRE_INDEX_DAYS", "30")
    assert StorePipeline.from_crawler(get_crawler(settings_dict={})).index_days == 30
    crawler = get_crawler(settings_dict={"PARTYWIRE_INDEX_DAYS": 3})
    assert StorePipeline.from_crawler(crawler).index_days == 3


def _copy_of_recent() -> Article:
    """Another outlet's edited copy of the story stored as https://a.vn/recent."""
    return _article("https://b.vn/recent-copy", "Tin recent-copy", S2B, T2B)


def _cluster_of(store: Store, key: str) -> str | None:
    with store.engine.connect() as conn:
        q = sa.select(articles.c.cluster).where(articles.c.canonical_url == key)
        return conn.execute(q).scalar_one_or_none()


def test_the_window_loads_beside_the_first_downloads_and_the_first_placement_waits_for_it(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading the window took ~2 s at 1M stored articles before the first request went out:
    opening the spider now only checks the index, and the store thread loads the window a
    batch per turn, so what the first requests wait for (the pages of earlier crawls, read in
    that thread) takes its turn between two batches. The first batch is held here until
    such a read is queued: it runs before the rest of the window; then a copy stored waits for
    the whole window and joins the story in it."""
    _store(StoreIndex(store, clock=_clock(RECENT)).open(), "https://a.vn/recent", S2A, T2A, RECENT)
    monkeypatch.setattr(syndication, "CATCH_UP_BATCH", 1)  # one window row, one batch
    started, release = threading.Event(), threading.Event()
    step, calls = StoreIndex.load_step, []

    def held(index: StoreIndex) -> bool:
        calls.append(1)
        if len(calls) == 2:  # the first batch (the first step prunes)
            started.set()
            assert release.wait(20)
        return step(index)

    monkeypatch.setattr(StoreIndex, "load_step", held)
    pipe = StorePipeline(str(store.engine.url))

    def meanwhile() -> tuple[bool, int]:
        assert pipe._loading is not None and pipe.index is not None
        return pipe._loading.done(), len(pipe.index.bands)

    async def crawl() -> tuple[bool, int]:
        await asyncio.wait_for(pipe.open_spider(), 10)  # before: held by the load, timed out
        assert pipe.index is not None and started.wait(10)
        assert "https://a.vn/recent" not in pipe.index.bands  # checked, not loaded yet
        read = asyncio.ensure_future(off_reactor(meanwhile))
        writing = asyncio.ensure_future(pipe.process_item(_copy_of_recent()))
        await asyncio.sleep(0.3)
        assert not read.done() and not writing.done()  # behind the batch in hand
        release.set()
        took_turn = await asyncio.wait_for(read, 20)
        await asyncio.wait_for(writing, 20)
        return took_turn

    try:
        took_turn = asyncio.run(crawl())
    finally:
        release.set()
    assert took_turn == (False, 1)  # between the first batch and the end of the load
    assert _cluster_of(store, "https://b.vn/recent-copy") == "https://a.vn/recent"
    pipe.close_spider()


def test_a_window_that_failed_to_load_fails_each_write_with_its_cause(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def lost(index: StoreIndex) -> bool:
        raise redis.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(StoreIndex, "load_step", lost)
    crawler = get_crawler(settings_dict={"PARTYWIRE_DB": str(store.engine.url)})
    pipe = StorePipeline.from_crawler(crawler)
    asyncio.run(pipe.open_spider())
    with pytest.raises(redis.ConnectionError):
        asyncio.run(pipe.process_item(_copy_of_recent()))
    assert pipe.stats is not None
    assert pipe.stats.get_value("partywire/store_error") == (
        "redis: Error 111 connecting to 127.0.0.1:6379. Connection refused."
    )
    assert _cluster_of(store, "https://b.vn/recent-copy") is None
    pipe.close_spider()
