"""Articles handed to the store thread while it is busy are written together, in one placement
(issue 14: a commit, the placement lock and the index's catch-up per article), and still as
one by one: a copy placed after its original in the same placement joins its story, and an
article the store refuses costs only itself."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import sqlalchemy as sa
from scrapy.utils.test import get_crawler

from crawler.core.items import Article
from crawler.incremental import WRITER, Coalesced
from crawler.storage import Store, articles
from pipelines.store import MOST_PER_PLACEMENT, StorePipeline
from tests.test_syndication_window import S1A, S1B, S2A, T1A, T1B, T2A, _article


def _clusters(store: Store) -> dict[str, str | None]:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(articles.c.canonical_url, articles.c.cluster))
        return {r[0]: r[1] for r in rows}


def _busy() -> tuple[threading.Event, threading.Event]:
    """The store thread held by other work until the second event is set."""
    started, release = threading.Event(), threading.Event()

    def hold() -> None:
        started.set()
        release.wait(20)

    WRITER.submit(hold)
    assert started.wait(10)
    return started, release


async def _all_while_busy(pipe: StorePipeline, items: list[Article]) -> list[Any]:
    """Every item handed to the pipeline while the store thread is busy, then let go."""
    assert pipe._loading is not None
    await asyncio.wrap_future(pipe._loading)  # the window loaded: no other store work queued
    _, release = _busy()
    try:
        writes = [asyncio.ensure_future(pipe.process_item(item)) for item in items]
        await asyncio.sleep(0.2)
        assert not any(w.done() for w in writes)
    finally:
        release.set()
    return await asyncio.wait_for(asyncio.gather(*writes, return_exceptions=True), 20)


def test_articles_waiting_for_the_store_thread_are_written_in_one_placement(store: Store) -> None:
    commits: list[int] = []
    pipe = StorePipeline(str(store.engine.url))
    original = _article("https://a.vn/goc", "Tin goc", S1A, T1A)
    # placed after it, in the same placement
    copy = _article("https://b.vn/ban-sao", "Tin ban-sao", S1B, T1B)
    other = _article("https://c.vn/khac", "Tin khac", S2A, T2A)

    async def crawl() -> list[Any]:
        await pipe.open_spider()
        assert pipe.store is not None and pipe._loading is not None
        await asyncio.wrap_future(pipe._loading)  # its first step's prune commits
        # the process's Store of the URL, not the fixture's
        sa.event.listen(pipe.store.engine, "commit", lambda conn: commits.append(1))
        return await _all_while_busy(pipe, [original, copy, other])

    done = asyncio.run(crawl())
    assert done == [original, copy, other]
    assert len(commits) == 1
    assert _clusters(store) == {
        "https://a.vn/goc": "https://a.vn/goc",
        "https://b.vn/ban-sao": "https://a.vn/goc",
        "https://c.vn/khac": "https://c.vn/khac",
    }
    pipe.close_spider()


def test_an_article_the_store_refuses_in_a_shared_placement_costs_only_itself(
    pg_url: str,
) -> None:
    """PostgreSQL refuses a text holding NUL: that placement fails as a whole, and its articles
    are written again one by one."""
    crawler = get_crawler(settings_dict={"PARTYWIRE_DB": pg_url})
    pipe = StorePipeline.from_crawler(crawler)
    first = _article("https://a.vn/goc", "Tin goc", S1A, T1A)
    bad = _article(
        "https://b.vn/hong",
        "Tin hong",
        S2A,
        T2A.replace(" ", "\x00", 1),
    )
    last = _article("https://c.vn/ban-sao", "Tin ban-sao", S1B, T1B)

    async def crawl() -> list[Any]:
        await pipe.open_spider()
        return await _all_while_busy(pipe, [first, bad, last])

    done = asyncio.run(crawl())
    assert done[0] is first and done[2] is last
    assert isinstance(done[1], sa.exc.DataError) and "NUL" in str(done[1])
    assert pipe.stats is not None
    assert pipe.stats.get_value("partywire/store_failed") == 1
    assert pipe.stats.get_value("partywire/new") == 2
    assert pipe.store is not None
    assert _clusters(pipe.store) == {
        "https://a.vn/goc": "https://a.vn/goc",
        "https://c.vn/ban-sao": "https://a.vn/goc",
    }
    pipe.close_spider()


def test_calls_are_handed_over_in_order_at_most_so_many_at_once_and_a_failure_reaches_each() -> (
    None
):
    runs: list[list[int]] = []

    def run(args: list[int]) -> list[int | BaseException]:
        runs.append(args)
        if 13 in args:
            raise RuntimeError("store gone")
        return [a * 10 for a in args]

    calls: Coalesced[int, int] = Coalesced(run, most=2)

    async def main(args: list[int]) -> list[Any]:
        _, release = _busy()
        try:
            waiting = [asyncio.ensure_future(calls(a)) for a in args]
            await asyncio.sleep(0.1)
        finally:
            release.set()
        return await asyncio.wait_for(asyncio.gather(*waiting, return_exceptions=True), 10)

    assert asyncio.run(main([1])) == [10]
    assert asyncio.run(main([1, 2, 3, 4, 5])) == [10, 20, 30, 40, 50]
    assert runs[1:] == [[1, 2], [3, 4], [5]]
    failed = asyncio.run(main([12, 13]))
    assert [str(e) for e in failed] == ["store gone", "store gone"]
    assert MOST_PER_PLACEMENT >= 2
