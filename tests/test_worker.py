"""Distributed crawling as an operator runs it, through the real command line: `partywire run
--distributed` queues the due sites in Redis, `partywire worker` processes take them, each site
leased in the real PostgreSQL store while one worker crawls it with the request queue and
duplicate filter in Redis (scrapy-redis), the recorded pages replayed. Two workers store what
one plain `partywire crawl` stores; a worker SIGKILLed mid-crawl costs nothing after the next
round, which takes its leases over and resumes its request queue.
"""

from __future__ import annotations

import json
import os
import pickle
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import redis
from sqlalchemy import make_url, select

from crawler import settings as crawler_settings
from crawler.storage import Store, leases, runs
from tests.conftest import RECORDED, REDIS_URL, ROOT, pg_schema, run_cli

#: a syndicated pair (baotintuc carries baocantho's story) and two sites of their own, in the
#: queue's order (equal scores sort by name): two workers taking two each take one of the pair
SITES = ("baocamau", "baocantho", "baodanang", "baotintuc")

Stories = frozenset[frozenset[str]]


@dataclass
class Deployment:
    db: str
    prefix: str
    client: redis.Redis


@pytest.fixture
def deployment() -> Iterator[Deployment]:
    """A PostgreSQL schema and a Redis key prefix of its own; both gone afterwards."""
    prefix = f"pwtest-{uuid.uuid4().hex[:10]}"
    client = redis.Redis.from_url(REDIS_URL)
    with pg_schema() as db:
        try:
            yield Deployment(db, prefix, client)
        finally:
            index = "partywire:" + make_url(db).render_as_string(hide_password=True)
            for pattern in (f"{prefix}:*", f"{index}*"):
                for key in client.scan_iter(match=pattern, count=1000):
                    client.delete(key)
            client.close()


def _expected_urls() -> set[str]:
    """The article URLs the recorded pages of SITES hold (their checked expectations)."""
    urls: set[str] = set()
    for site in SITES:
        recs = json.loads((RECORDED / site / "expected.json").read_text(encoding="utf-8"))
        urls.update(r["url"] for r in recs)
    return urls


def _snapshot(db: str) -> tuple[list[str], Stories]:
    """Every stored article's URL (a list: a duplicate shows), and the stories as sets of URLs."""
    store = Store(db)
    try:
        rows = list(store.iter_all())
    finally:
        store.engine.dispose()
    by_story: dict[str, set[str]] = {}
    for a in rows:
        by_story.setdefault(a["cluster"] or a["canonical_url"], set()).add(a["url"])
    return sorted(a["url"] for a in rows), frozenset(frozenset(s) for s in by_story.values())


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], Stories]:
    """What one plain `partywire crawl` of SITES stores."""
    db = f"sqlite:///{tmp_path_factory.mktemp('plain') / 'pw.db'}"
    r = run_cli("--db", db, "crawl", *SITES, "--replay", str(RECORDED))
    assert r.returncode == 0, r.stdout + r.stderr
    return _snapshot(db)


def _cli(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", *args],
        cwd=ROOT,
        env={**os.environ, "PARTYWIRE_LOG_LEVEL": "WARNING"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _scheduler(d: Deployment, out: Path) -> subprocess.Popen[str]:
    """`run --distributed --once`: queues the due sites, waits for the workers, publishes."""
    args = ("--redis", REDIS_URL, "--queue", d.prefix, "--output", str(out))
    return _cli("run", "--distributed", "--once", "--db", d.db, *args, *SITES)


def _worker(d: Deployment, *extra: str) -> subprocess.Popen[str]:
    args = ("--redis", REDIS_URL, "--queue", d.prefix, "--replay", str(RECORDED))
    return _cli("worker", "--once", "--db", d.db, *args, *extra)


def _until(what: str, ok: Any, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not ok():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def _queued(d: Deployment) -> int:
    return int(d.client.zcard(f"{d.prefix}:due"))


def _finish(p: subprocess.Popen[str], code: int = 0) -> str:
    out, _ = p.communicate(timeout=120)
    assert p.returncode == code, out[-3000:]
    return out


def _runs(db: str) -> list[dict[str, Any]]:
    store = Store(db)
    try:
        with store.engine.connect() as conn:
            return [dict(r) for r in conn.execute(select(runs).order_by(runs.c.id)).mappings()]
    finally:
        store.engine.dispose()


def _leases(db: str) -> dict[str, str]:
    store = Store(db)
    try:
        with store.engine.connect() as conn:
            return {r.site: r.holder for r in conn.execute(select(leases))}
    finally:
        store.engine.dispose()


def _site_keys(d: Deployment) -> list[bytes]:
    return [k for k in d.client.scan_iter(match=f"{d.prefix}:*") if k != f"{d.prefix}:due"]


def test_two_workers_store_each_article_once(
    deployment: Deployment, plain: tuple[list[str], Stories], tmp_path: Path
) -> None:
    d = deployment
    sched = _scheduler(d, tmp_path / "public")
    _until("the due sites queued", lambda: _queued(d) == len(SITES))
    workers = [_worker(d, "--batch", "2"), _worker(d, "--batch", "2")]
    for w in workers:
        _finish(w)
    _finish(sched)

    urls, stories = _snapshot(d.db)
    assert urls == sorted(_expected_urls()), "every recorded article, each stored once"
    assert urls == plain[0]
    assert stories == plain[1], "the syndicated copies, crawled apart, are one story"
    assert any(len(s) > 1 for s in stories), "the pair of SITES that is one story"
    done = _runs(d.db)
    # each site crawled once, by one worker, though both looked at every queued site
    assert sorted(r["site"] for r in done) == sorted(SITES)
    assert {r["outcome"] for r in done} == {"ok"}
    holders = {r["holder"] for r in done}
    assert holders == {f"{socket.gethostname()}:{w.pid}" for w in workers}
    assert _leases(d.db) == {}
    # a crawl that ended leaves no request queue or filter: the next round's feeds and listings
    # are not dropped as seen (what scrapy-redis's persisted filter would do)
    assert _queued(d) == 0 and _site_keys(d) == []
    assert (tmp_path / "public" / "feed.xml").exists(), "the scheduler published"


class Slow:
    """A downloader middleware that makes each download take 0.2 s, as a network would (a
    replay answers at once): with one request at a time, a crawl's requests wait in its Redis
    queue long enough to kill the crawl in the middle."""

    def process_request(self, request: Any) -> Any:
        from twisted.internet import reactor, task  # lazy: only in the crawl's own process

        return task.deferLater(reactor, 0.2, lambda: None)


def _slowly() -> tuple[str, ...]:
    """A worker's `-s` settings that crawl one request at a time through `Slow`."""
    middlewares = {**crawler_settings.DOWNLOADER_MIDDLEWARES, f"{__name__}.Slow": 50}
    return (
        *("-s", f"DOWNLOADER_MIDDLEWARES={json.dumps(middlewares)}"),
        *("-s", "CONCURRENT_REQUESTS=1"),
    )


def _article_queued(d: Deployment, articles: set[str]) -> bool:
    """Whether some site's request queue in Redis holds an article request."""
    for site in SITES:
        for raw in d.client.zrange(f"{d.prefix}:{site}:requests", 0, -1):
            if pickle.loads(raw)["url"] in articles:
                return True
    return False


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def test_a_worker_killed_mid_crawl_costs_nothing_after_the_next_round(
    deployment: Deployment, plain: tuple[list[str], Stories], tmp_path: Path
) -> None:
    d = deployment
    articles = _expected_urls()
    sched = _scheduler(d, tmp_path / "public")
    _until("the due sites queued", lambda: _queued(d) == len(SITES))
    # one request at a time, slowly: the article requests wait in Redis, not in memory
    dead = _worker(d, *_slowly(), "--batch", str(len(SITES)))
    _until("an article request queued in Redis", lambda: _article_queued(d, articles))
    crawl = _children(dead.pid)
    dead.kill()
    dead.communicate(timeout=30)
    assert crawl, "the worker's crawl ran in a child process"
    _until("its crawl gone with it", lambda: not any(Path(f"/proc/{c}").exists() for c in crawl))
    dead_holder = f"{socket.gethostname()}:{dead.pid}"
    assert set(_leases(d.db).values()) == {dead_holder}, "the dead worker's leases remain"
    assert _runs(d.db) == []
    left, _ = _snapshot(d.db)
    assert set(left) < articles

    # the sites are due still, queued nowhere, leased by no one alive: this round is over
    _finish(sched)
    sched = _scheduler(d, tmp_path / "public")
    _until("the sites queued again", lambda: _queued(d) == len(SITES))
    heir = _worker(d)
    _finish(heir)
    _finish(sched)
    urls, stories = _snapshot(d.db)
    assert urls == plain[0], "the same articles as an uninterrupted crawl, each once"
    assert stories == plain[1]
    done = _runs(d.db)
    assert sorted(r["site"] for r in done) == sorted(SITES)
    assert {r["holder"] for r in done} == {f"{socket.gethostname()}:{heir.pid}"}
    assert {r["outcome"] for r in done} == {"ok"}
    assert sum(r["figures"].get("resumed", 0) for r in done) > 0, "a queue was resumed"
    fetched = sum(r["figures"].get("pages/article", 0) for r in done)
    assert fetched == len(articles) - len(left), "what was queued was fetched once"
    assert _leases(d.db) == {}
    assert _site_keys(d) == []
