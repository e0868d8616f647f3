"""Placing a story in a cluster is atomic across processes: two crawler processes that store the
two copies of one syndicated story at the same moment make one story, with Redis and without,
on PostgreSQL and on SQLite; and the Redis index knows which store it mirrors, so a run
without Redis in between, or a store made anew at the same URL, never leaves it stale.

Each process is a real one (spawned, with its own index) writing through the store pipeline
(`StorePipeline.process_item`, as a crawl does). Both wait at a barrier before every write, so
the two copies of a story reach the store together, round after round."""

from __future__ import annotations

import asyncio
import multiprocessing
import random
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import redis

from crawler.core.cluster import ClusterIndex, doc
from crawler.core.items import Article
from crawler.storage import Store
from pipelines.store import StorePipeline
from tests.conftest import REDIS_URL
from tests.dedup_pairs import _doc, _generated, _republish

ROUNDS = 50
NOW = datetime.now(UTC)
SPAWN = multiprocessing.get_context("spawn")

#: (canonical URL, site, title, summary, text): one outlet's copy of a story.
Copy = tuple[str, str, str, str, str]
Pair = tuple[Copy, Copy]


def _pairs(n: int, seed: int = 13) -> list[Pair]:
    """n distinct stories, each as the agency published it and as a provincial paper
    republished it (new dateline mark, a cut paragraph, a "Theo TTXVN" line ...)."""
    r = random.Random(seed)
    out = []
    for i, s in enumerate(_generated()[:n]):
        a: Copy = (f"https://baotintuc.vn/race-{seed}-{i}.htm", "baotintuc", s.title, *_doc(s))
        b: Copy = (
            f"https://baocantho.com.vn/race-{seed}-{i}.html",
            "baocantho",
            s.title + " (TTXVN)",
            *_republish(s, r),
        )
        out.append((a, b))
    return out


def _article(c: Copy, n: int) -> Article:
    url, site, title, summary, text = c
    return Article(
        url=url,
        site=site,
        canonical_url=url,
        title=title,
        summary=summary,
        text=text,
        published=NOW - timedelta(hours=2) + timedelta(minutes=n),
        fetched_at=NOW - timedelta(hours=1),  # within the index's window
        field_sources={"text": "rules"},
    )


def _crawler(url: str, redis_url: str | None, copies: list[Copy], barrier: Any) -> None:
    """One crawler process: the store pipeline as a crawl opens it, one copy per round, each
    written when the other process is ready to write its own."""
    pipe = StorePipeline(url, redis_url=redis_url)

    async def run() -> None:
        await pipe.open_spider()
        for n, c in enumerate(copies):
            barrier.wait(timeout=60)
            await pipe.process_item(_article(c, n))
        pipe.close_spider()

    try:
        asyncio.run(run())
    except BaseException:
        barrier.abort()  # the other process stops waiting and fails too
        raise


def _run(url: str, redis_url: str | None, *lanes: list[Copy]) -> None:
    """One process per lane, started together; each must end cleanly."""
    barrier = SPAWN.Barrier(len(lanes))
    procs = [SPAWN.Process(target=_crawler, args=(url, redis_url, lane, barrier)) for lane in lanes]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    codes = [p.exitcode for p in procs]
    for p in procs:
        if p.is_alive():
            p.kill()
    assert codes == [0] * len(lanes), f"crawler processes ended with {codes}"


def _clusters(url: str, keys: list[str]) -> dict[str, str | None]:
    store = Store(url)
    try:
        got = {k: (store.get(k) or {}).get("cluster") for k in keys}
    finally:
        store.engine.dispose()
    return got


def _assert_one_story_each(url: str, pairs: list[Pair]) -> None:
    cl = _clusters(url, [c[0] for p in pairs for c in p])
    split = [a[0] for a, b in pairs if cl[a[0]] is None or cl[a[0]] != cl[b[0]]]
    assert split == [], f"{len(split)} of {len(pairs)} stories split in two: {split[:3]}"
    # and each story is its own: no two rounds merged
    assert len({cl[a[0]] for a, _ in pairs}) == len(pairs)
    # named after one of its own copies (the first stored)
    assert all(cl[a[0]] in (a[0], b[0]) for a, b in pairs)


def _basename(url: str) -> str:
    store = Store(url)
    try:
        return "partywire:" + store.engine.url.render_as_string(hide_password=True)
    finally:
        store.engine.dispose()


@pytest.fixture
def redis_keys() -> Iterator[list[str]]:
    """The Redis key spaces a test made (one per store: the store URL is in the basename),
    deleted afterwards, whatever the code under test left there."""
    made: list[str] = []
    yield made
    r = redis.Redis.from_url(REDIS_URL)
    for base in made:
        pattern = re.sub(r"([\[\]*?\\])", r"\\\1", base) + "*"
        for k in r.scan_iter(match=pattern, count=1000):
            r.delete(k)
    r.close()


@pytest.fixture(params=["postgresql+redis", "postgresql", "sqlite"])
def setup(
    request: pytest.FixtureRequest, tmp_path: Path, redis_keys: list[str]
) -> tuple[str, str | None]:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'pw.db'}", None
    url: str = request.getfixturevalue("pg_url")
    if request.param == "postgresql":
        return url, None
    redis_keys.append(_basename(url))
    return url, REDIS_URL


def test_the_stories_of_the_race_are_distinct_and_their_copies_match() -> None:
    """The precondition: placed one after the other, each copy joins its own story only."""
    idx = ClusterIndex()
    for a, b in _pairs(ROUNDS):
        first = idx.place(a[0], doc(a[3], a[4]))
        second = idx.place(b[0], doc(b[3], b[4]))
        assert first.cluster == a[0] and first.matched is None
        assert second.cluster == a[0] and second.matched == a[0]


def test_two_processes_placing_the_copies_at_once_make_one_story(
    setup: tuple[str, str | None],
) -> None:
    url, redis_url = setup
    pairs = _pairs(ROUNDS)
    # each process writes the agency's copy in one round and the paper's in the next
    lanes = ([p[n % 2] for n, p in enumerate(pairs)], [p[1 - n % 2] for n, p in enumerate(pairs)])
    _run(url, redis_url, *lanes)
    _assert_one_story_each(url, pairs)


def test_a_run_without_redis_between_runs_with_it_leaves_no_stale_index(
    pg_url: str, redis_keys: list[str]
) -> None:
    redis_keys.append(_basename(pg_url))
    (other, _), (a, b) = _pairs(2, seed=14)
    _run(pg_url, REDIS_URL, [other])  # Redis now holds an index of this store
    _run(pg_url, None, [a])  # a run without Redis stores one copy
    _run(pg_url, REDIS_URL, [b])  # the next run with Redis must know it
    assert _clusters(pg_url, [a[0], b[0], other[0]]) == {a[0]: a[0], b[0]: a[0], other[0]: other[0]}


def test_a_store_made_anew_at_the_same_url_is_not_mistaken_for_the_old(
    tmp_path: Path, redis_keys: list[str]
) -> None:
    """Same URL, another store: the old store's index would hide the new store's articles
    (their ids are below what it had absorbed), so the index is rebuilt for the new one."""
    db = tmp_path / "pw.db"
    url = f"sqlite:///{db}"
    redis_keys.append(_basename(url))
    old = [p[0] for p in _pairs(4, seed=15)]
    _run(url, REDIS_URL, old)  # ids 1-4, absorbed by the Redis index
    for f in tmp_path.glob("pw.db*"):
        f.unlink()
    (a, b), *rest = _pairs(6, seed=16)
    # the new store, written without Redis: the copy is id 1, and the store holds more
    # articles (6) than the old one, so only its first ids hide below what Redis absorbed
    _run(url, None, [a, *(p[0] for p in rest)])
    _run(url, REDIS_URL, [b])
    assert _clusters(url, [a[0], b[0]]) == {a[0]: a[0], b[0]: a[0]}


def test_a_failed_write_takes_back_what_it_placed(tmp_path: Path) -> None:
    """A write that fails leaves no candidate behind: the next copy of the story starts it."""
    from crawler.syndication import StoreIndex

    store = Store(f"sqlite:///{tmp_path / 'pw.db'}")
    index = StoreIndex(store).open()
    ((a, b),) = _pairs(1, seed=17)
    with pytest.raises(RuntimeError), index.placing():
        index.place(a[0], doc(a[3], a[4]))
        raise RuntimeError("disk full")
    assert a[0] not in index and store.get(a[0]) is None
    with index.placing():
        assert index.place(b[0], doc(b[3], b[4])).cluster == b[0]
    store.engine.dispose()


def test_a_redis_index_that_records_no_store_is_rebuilt(
    tmp_path: Path, redis_keys: list[str]
) -> None:
    """An index an older release left (no record of what it mirrors) is not trusted: what it
    holds is dropped, and it is rebuilt from the store."""
    from crawler.syndication import StoreIndex, redis_bands

    url = f"sqlite:///{tmp_path / 'pw.db'}"
    redis_keys.append(_basename(url))
    store = Store(url)
    ((a, _), (gone, _)) = _pairs(2, seed=18)
    old = ClusterIndex(redis_bands(store, REDIS_URL))
    old.add(gone[0], doc(gone[3], gone[4]), gone[0])  # an article this store never had
    row = {**_article(a, 0).record(), "canonical_url": a[0], "cluster": a[0]}
    without_redis = StoreIndex(store).open()  # the store's one article, stored without Redis
    with without_redis.placing() as conn:
        without_redis.place(a[0], doc(a[3], a[4]))
        store.upsert([row], conn=conn)
    index = StoreIndex(store, REDIS_URL).open()
    assert gone[0] not in index and a[0] in index
    # absorbed up to the store's one article (id 1), and it names the store by that article
    assert index.sync.state() == (1, f"1 {a[0]}")
    store.engine.dispose()
