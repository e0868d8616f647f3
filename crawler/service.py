"""`partywire run`: the always-on service. Each round crawls the sites that are due, then
publishes; between rounds it sleeps until the next site is due.

Each round's crawl runs in a child process (`partywire crawl SITE...`): Scrapy's reactor cannot
be started twice in one process, and a child that a hostile page made huge gives its memory
back when it exits. The child records each site's run and next poll in the store (`runner`), so
the schedule survives a restart of the service, and a site another scheduler is crawling is
skipped by its lease. SIGTERM and SIGINT are passed to the child once (Scrapy's first signal is
its graceful stop: items in flight are finished and the runs are recorded as interrupted), then
the service publishes and exits 0.

`partywire run --distributed` crawls nothing itself: each round it puts the due sites in a
queue in Redis (`SiteQueue`), which `partywire worker` processes on any number of machines take
from (crawler/worker.py), and it publishes once their runs are recorded. A site already queued,
or leased by a live crawl, is not queued again.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import FrameType

import redis
from sqlalchemy import func, select

from crawler.core.timez import utcnow
from crawler.history import History
from crawler.runner import holder_gone
from crawler.sites import registry
from crawler.storage import Store, leases, runs
from output.publish import PublishRefused
from output.server import publish_everything

#: The service never sleeps longer than this between looks at the schedule, so a site whose
#: next poll an operator moved (or another scheduler's round) is noticed within a minute.
TICK = timedelta(seconds=60)
#: How often `run --distributed --once` looks whether the workers are done.
WAIT = timedelta(seconds=0.5)


@dataclass
class ServiceConfig:
    db: str | None
    output: str
    base_url: str
    feed_size: int
    sites: list[str] = field(default_factory=list)
    replay: list[str] = field(default_factory=list)
    once: bool = False
    #: extra `partywire crawl` arguments passed through (-v, --log-file, --full)
    crawl_args: list[str] = field(default_factory=list)
    #: queue the due sites in Redis for `partywire worker` processes instead of crawling them
    distributed: bool = False
    redis: str = ""
    #: the prefix of every Redis key of the queue (PARTYWIRE_QUEUE): one per deployment
    queue: str = "partywire"


class SiteQueue:
    """The sites due for a crawl, in Redis: a sorted set (`<prefix>:due`), scored by when each
    was queued, so the longest waiting is taken first and a site is in it at most once.

    A worker takes a site by its lease first and only then removes it from the queue, so at
    every moment a site being taken is queued or leased, and the scheduler, which never queues
    a site that is either, cannot queue it twice."""

    def __init__(self, client: redis.Redis, prefix: str) -> None:
        self.client = client
        self.key = f"{prefix}:due"

    @classmethod
    def at(cls, url: str, prefix: str) -> SiteQueue:
        return cls(redis.Redis.from_url(url, decode_responses=True), prefix)

    def push(self, sites: Iterable[str], now: datetime) -> list[str]:
        """Queue the sites not queued already; the ones queued now."""
        names = list(sites)
        pipe = self.client.pipeline()
        for s in names:
            pipe.zadd(self.key, {s: now.timestamp()}, nx=True)
        return [s for s, added in zip(names, pipe.execute(), strict=True) if added]

    def peek(self, n: int = -1) -> list[str]:
        """The first `n` sites (all by default), longest waiting first; none removed."""
        got = self.client.zrange(self.key, 0, n - 1 if n > 0 else -1)
        return [str(g) for g in got]

    def remove(self, site: str) -> bool:
        return bool(self.client.zrem(self.key, site))

    def __len__(self) -> int:
        return int(self.client.zcard(self.key))


def held(store: Store, now: datetime) -> set[str]:
    """The sites whose lease binds someone now: not expired, and not left by a dead process
    of this host (a worker taking the site will take such a lease over at once)."""
    c = leases.c
    with store.engine.connect() as conn:
        rows = conn.execute(select(c.site, c.holder).where(c.expires > now)).all()
    return {site for site, holder in rows if not holder_gone(holder)}


def last_run_id(store: Store) -> int:
    """The newest recorded run: what tells the distributed scheduler a worker finished one."""
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.max(runs.c.id))).scalar() or 0)


def due_sites(hist: History, sites: Sequence[str], now: datetime) -> list[str]:
    """The sites whose next poll has come; a site never crawled is due at once."""
    states = hist.states()
    out = []
    for s in sites:
        st = states.get(s)
        if st is None or st.next_poll is None or st.next_poll <= now:
            out.append(s)
    return out


def next_wake(hist: History, sites: Sequence[str], now: datetime) -> datetime:
    """When the next site is due, but never later than a TICK away."""
    states = hist.states()
    polls = [st.next_poll for s in sites if (st := states.get(s)) and st.next_poll]
    soonest = min(polls, default=now + TICK)
    return min(max(soonest, now + timedelta(seconds=1)), now + TICK)


class Service:
    """The loop, its child and its signals; `stop()` is what SIGTERM calls."""

    def __init__(self, cfg: ServiceConfig) -> None:
        self.cfg = cfg
        self.sites = cfg.sites or list(registry())
        self.stopping = threading.Event()
        self.child: subprocess.Popen[bytes] | None = None
        self.rounds = 0
        self.queue = SiteQueue.at(cfg.redis, cfg.queue) if cfg.distributed else None
        #: the newest run the feeds were published after (distributed mode)
        self.published_run = -1

    def stop(self, signum: int = signal.SIGTERM, _frame: FrameType | None = None) -> None:
        """Once: a second signal to Scrapy would force an unclean stop."""
        if self.stopping.is_set():
            return
        self.stopping.set()
        name = signal.Signals(signum).name
        print(f"partywire run: {name}: stopping after this round", flush=True)
        child = self.child
        if child is not None and child.poll() is None:
            child.send_signal(signal.SIGTERM)

    def _crawl_command(self, sites: list[str]) -> list[str]:
        cmd = [sys.executable, "-m", "crawler.cli", "crawl", *sites]
        if self.cfg.db:
            cmd += ["--db", self.cfg.db]
        for r in self.cfg.replay:
            cmd += ["--replay", r]
        return cmd + self.cfg.crawl_args

    def crawl(self, sites: list[str]) -> int:
        """One child crawl of these sites; its summary goes to our stdout, the operator's log.
        The child gets a session of its own: a Ctrl-C in the terminal reaches it once, through
        `stop`, not twice."""
        self.child = subprocess.Popen(self._crawl_command(sites), start_new_session=True)
        try:
            return self.child.wait()
        finally:
            self.child = None

    def publish(self) -> None:
        store = Store(self.cfg.db)
        try:
            written = publish_everything(
                store, self.cfg.output, self.cfg.base_url, self.cfg.feed_size
            )
        except PublishRefused as exc:
            # the feeds readers have stay; the next round tries again
            print(f"partywire run: not published: {exc}", flush=True)
            return
        finally:
            store.engine.dispose()
        changed = sum(1 for w in written if w.written)
        print(f"partywire run: published {changed} changed of {len(written)} feeds", flush=True)

    def round(self) -> int:
        """Crawl what is due and publish; nothing due, nothing rewritten. The crawl's exit
        status (1 when a site failed) is what `run --once` exits with, for cron."""
        if self.queue is not None:
            return self.queue_round(self.queue)
        hist = History(Store(self.cfg.db))
        try:
            due = due_sites(hist, self.sites, utcnow())
        finally:
            hist.store.engine.dispose()
        if not due and self.rounds:
            return 0
        self.rounds += 1
        rc = 0
        if due:
            print(f"partywire run: round {self.rounds}: {len(due)} sites due", flush=True)
            rc = self.crawl(due)
        self.publish()
        return rc

    def enqueue(self, queue: SiteQueue) -> tuple[list[str], int]:
        """Queue the due sites that are neither queued nor leased; the sites due (whoever
        crawls them) and the newest recorded run."""
        store = Store(self.cfg.db)
        try:
            now = utcnow()
            due = due_sites(History(store), self.sites, now)
            busy = held(store, now) | set(queue.peek())
            queued = queue.push([s for s in due if s not in busy], now)
            newest = last_run_id(store)
        finally:
            store.engine.dispose()
        if queued:
            print(
                f"partywire run: {len(queued)} sites queued for the workers ({len(queue)} waiting)",
                flush=True,
            )
        return due, newest

    def queue_round(self, queue: SiteQueue) -> int:
        """Queue what is due, and publish when a worker has recorded a run since the last
        publish (and on the first round): the feeds follow the crawls within a TICK."""
        due, newest = self.enqueue(queue)
        if self.cfg.once:
            return self.wait_for(queue, due)
        if newest != self.published_run:
            self.rounds += 1
            self.published_run = newest
            self.publish()
        return 0

    def wait_for(self, queue: SiteQueue, sites: list[str]) -> int:
        """`run --distributed --once`: until the workers have crawled every site that was due
        (none queued, none leased), then publish; 1 when one of them failed, for cron."""
        pending = set(sites)
        while pending and not self.stopping.is_set():
            store = Store(self.cfg.db)
            try:
                pending &= held(store, utcnow()) | set(queue.peek())
            finally:
                store.engine.dispose()
            if pending:
                self.stopping.wait(WAIT.total_seconds())
        self.rounds += 1
        self.publish()
        return 1 if self.failed(sites) else 0

    def failed(self, sites: list[str]) -> list[str]:
        """The sites whose latest run failed."""
        hist = History(Store(self.cfg.db))
        try:
            return [s for s in sites if (r := hist.runs(s, 1)) and r[0].outcome == "failed"]
        finally:
            hist.store.engine.dispose()

    def sleep(self) -> None:
        hist = History(Store(self.cfg.db))
        try:
            now = utcnow()
            wake = next_wake(hist, self.sites, now)
        finally:
            hist.store.engine.dispose()
        self.stopping.wait((wake - now).total_seconds())

    def serve_forever(self) -> int:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self.stop)
        rc = 0
        while not self.stopping.is_set():
            rc = self.round()
            if self.cfg.once:
                return rc
            self.sleep()
        plural = "" if self.rounds == 1 else "s"
        print(f"partywire run: stopped after {self.rounds} round{plural}", flush=True)
        return 0


def run(cfg: ServiceConfig) -> int:
    return Service(cfg).serve_forever()
