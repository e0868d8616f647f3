"""`partywire worker`: crawl the sites the distributed scheduler queued, on any machine.

Any number of workers, on any number of machines, share three things: the queue of due sites
and each site's request queue and duplicate filter in Redis (scrapy-redis), the store in
PostgreSQL, and the syndication index in Redis. A worker takes a site by its lease in the store
(the lease is what keeps a site to one crawl at a time, as for `partywire crawl`), then crawls it
in a child process with the very spiders, pipelines and runner of `partywire crawl` (Scrapy's
reactor runs once per process, and a child made huge by a hostile page gives its memory back
when it exits), renewing the lease while the child runs; the child records the run. The worker
then takes the next site.

A worker killed outright takes its child with it (Linux: the child asks for SIGKILL when its
parent dies) and leaves the site's request queue in Redis; its lease is taken over at once by
a worker of the same host, or when it expires (WORKER_LEASE) by one elsewhere; the next crawl of
the site resumes the queue. SIGTERM stops a worker cleanly: its crawl is stopped once, the way
Scrapy stops gracefully, its runs are recorded as interrupted and its queue is kept.

scrapy-redis 0.9.1 runs on Scrapy 2.19 with spiders that define `async def start()` (the engine
hands their requests to whatever scheduler is set), but three of its behaviours do not fit:

- its persisted duplicate filter remembers every request of every earlier crawl, so the next
  round's feeds, sitemaps and listings (and every article the incremental rules would refresh)
  are dropped as seen, and the crawl finds nothing;
- it fingerprints requests its own way, not with the crawler's fingerprinter the spider uses to
  know which article links it has scheduled;
- it passes `spider=` to the stats collector, which Scrapy 2.19 warns is deprecated.

`SiteScheduler` and `SiteDupeFilter` (its subclasses) mend them: a crawl starts with a filter
that holds exactly the requests still queued, which a killed crawl left (they are fetched once,
the rest found again from the feeds and listings, which are never filtered across rounds, and
stored articles skipped by the incremental rules); a crawl that ends leaves nothing behind.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from types import FrameType
from typing import Any

from scrapy import Request, Spider
from scrapy.utils.misc import load_object
from scrapy_redis.dupefilter import RFPDupeFilter  # type: ignore[import-untyped]
from scrapy_redis.queue import PriorityQueue  # type: ignore[import-untyped]
from scrapy_redis.scheduler import Scheduler  # type: ignore[import-untyped]

from crawler.core.timez import utcnow
from crawler.history import History
from crawler.runner import SiteResult, crawl, holder_name, lease
from crawler.service import SiteQueue, due_sites
from crawler.sites import registry
from crawler.storage import Store

#: A worker's lease on a site, renewed every RENEW while its crawl runs: a worker that died on
#: another machine keeps its sites from the others for at most this long.
WORKER_LEASE = timedelta(minutes=5)
RENEW = timedelta(minutes=1)
#: How long an idle worker waits before it looks at the queue again.
POLL = timedelta(seconds=1)

EXIT_OK, EXIT_FAILED = 0, 1


# -- the Scrapy side: scrapy-redis, mended -------------------------------------------------------


def request_keys(prefix: str, site: str) -> tuple[str, str]:
    """A site's request queue (a sorted set) and duplicate filter (a set) in Redis."""
    return f"{prefix}:{site}:requests", f"{prefix}:{site}:seen"


def distributed_settings(redis_url: str, prefix: str) -> dict[str, Any]:
    """The Scrapy settings that put a crawl's requests in Redis, per site, under `prefix`, and
    its syndication index there too."""
    queue_key, seen_key = request_keys(prefix, "%(spider)s")
    return {
        "SCHEDULER": "crawler.worker.SiteScheduler",
        "DUPEFILTER_CLASS": "crawler.worker.SiteDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_QUEUE_KEY": queue_key,
        "SCHEDULER_DUPEFILTER_KEY": seen_key,
        "REDIS_URL": redis_url,
        "PARTYWIRE_REDIS": redis_url,
    }


class SiteDupeFilter(RFPDupeFilter):  # type: ignore[misc]
    """scrapy-redis's filter (a set in Redis per site), keyed by the crawler's own request
    fingerprint: the one the spider keeps its scheduled article links by, so the two never
    disagree about what is the same request."""

    fingerprinter: Any = None

    @classmethod
    def from_spider(cls, spider: Spider) -> SiteDupeFilter:
        df: SiteDupeFilter = super().from_spider(spider)
        df.fingerprinter = spider.crawler.request_fingerprinter
        return df

    def request_fingerprint(self, request: Request) -> str:
        if self.fingerprinter is None:
            return str(super().request_fingerprint(request))
        return str(self.fingerprinter.fingerprint(request).hex())


class SiteScheduler(Scheduler):  # type: ignore[misc]
    """scrapy-redis's scheduler, per site, whose duplicate filter holds no earlier round."""

    df: Any
    queue: Any

    def open(self, spider: Spider) -> None:
        """scrapy-redis's own, without its deprecated `spider.log`, then the filter made."""
        self.spider = spider
        self.queue = load_object(self.queue_cls)(
            server=self.server,
            spider=spider,
            key=self.queue_key % {"spider": spider.name},
            serializer=self.serializer,
        )
        if not self.df:
            self.df = load_object(self.dupefilter_cls).from_spider(spider)
        self._seen_is_the_queue(spider)

    def _seen_is_the_queue(self, spider: Spider) -> None:
        """The filter is made the requests still queued (a killed crawl's): those are fetched
        once; everything else may be asked for again, the feeds and listings first of all. A
        queued request that no longer decodes (a release renamed its callback) is dropped."""
        queue = self.queue
        assert isinstance(queue, PriorityQueue)
        seen: list[str] = []
        for raw in self.server.zrange(queue.key, 0, -1):
            try:
                seen.append(self.df.request_fingerprint(queue._decode_request(raw)))
            except Exception:  # any entry that does not decode is dropped alike
                self.server.zrem(queue.key, raw)
        pipe = self.server.pipeline()
        pipe.delete(self.df.key)
        if seen:
            pipe.sadd(self.df.key, *seen)
        pipe.execute()
        if seen:
            spider.logger.info("resuming a crawl killed before: %d requests queued", len(seen))
            if self.stats is not None:
                self.stats.set_value("partywire/resumed", len(seen))

    def close(self, reason: str) -> None:
        """A crawl that ended (finished, or its budget spent) leaves nothing: the next round
        starts from the feeds and listings. One stopped by a signal ("shutdown") leaves its
        queue for the next crawl of the site, as does one killed, which never gets here."""
        if reason != "shutdown":
            self.flush()

    def enqueue_request(self, request: Request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        if self.stats is not None:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Request | None:
        request: Request | None = self.queue.pop(self.idle_before_close)
        if request is not None and self.stats is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request


# -- the worker: a loop over the queue, one child crawl at a time ---------------------------------


@dataclass
class WorkerConfig:
    redis: str
    queue: str = "partywire"
    db: str | None = None
    replay: list[str] = field(default_factory=list)
    #: exit once there is nothing to take (tests, benches, cron)
    once: bool = False
    #: sites crawled together in one child process: a child's start-up (~2.4 s of CPU: imports,
    #: Scrapy, the store, the index) paid once for several (docs/scaling.md)
    batch: int = 4
    #: Scrapy settings for the crawls (log level, log file, `-s NAME=VALUE`)
    settings: dict[str, Any] = field(default_factory=dict)


class Worker:
    """The loop, its child and its signals; `stop()` is what SIGTERM calls."""

    def __init__(self, cfg: WorkerConfig) -> None:
        self.cfg = cfg
        self.queue = SiteQueue.at(cfg.redis, cfg.queue)
        self.holder = holder_name()
        self.stopping = threading.Event()
        self.child: subprocess.Popen[bytes] | None = None
        self.crawls = 0

    def say(self, msg: str) -> None:
        print(f"partywire worker {self.holder}: {msg}", flush=True)

    def stop(self, signum: int = signal.SIGTERM, _frame: FrameType | None = None) -> None:
        """Once: a second signal to Scrapy would force an unclean stop."""
        if self.stopping.is_set():
            return
        self.stopping.set()
        self.say(f"{signal.Signals(signum).name}: stopping after this crawl")
        child = self.child
        if child is not None and child.poll() is None:
            child.send_signal(signal.SIGTERM)

    def take(self) -> list[str]:
        """Up to `batch` due sites, each leased to this worker before it leaves the queue. A
        site another process holds stays queued; one no longer due (another worker crawled it
        since it was queued) or unknown to this release is dropped from the queue."""
        hist = History(Store(self.cfg.db))
        mine: list[str] = []
        known = registry()
        try:
            for site in self.queue.peek():
                if len(mine) >= self.cfg.batch:
                    break
                if site not in known:
                    self.queue.remove(site)
                    self.say(f"{site}: not a site of this release; dropped from the queue")
                elif lease(hist, site, self.holder, WORKER_LEASE):
                    self.queue.remove(site)
                    if due_sites(hist, [site], utcnow()):
                        mine.append(site)
                    else:
                        hist.release(site, self.holder)
        finally:
            hist.store.engine.dispose()
        return mine

    def command(self, sites: list[str]) -> list[str]:
        settings = {**distributed_settings(self.cfg.redis, self.cfg.queue), **self.cfg.settings}
        cmd = [sys.executable, "-m", "crawler.worker", "--holder", self.holder]
        cmd += ["--parent", str(os.getpid()), "--settings", json.dumps(settings)]
        if self.cfg.db:
            cmd += ["--db", self.cfg.db]
        for r in self.cfg.replay:
            cmd += ["--replay", r]
        return cmd + sites

    def crawl(self, sites: list[str]) -> int:
        """One child crawl of these sites, the leases renewed while it runs and given back
        after. The child gets a session of its own: a Ctrl-C in the terminal reaches it once,
        through `stop`, not twice."""
        self.crawls += 1
        self.say(f"crawling {', '.join(sites)}")
        self.child = subprocess.Popen(self.command(sites), start_new_session=True)
        try:
            while True:
                try:
                    return self.child.wait(timeout=RENEW.total_seconds())
                except subprocess.TimeoutExpired:
                    self.renew(sites)
        finally:
            self.child = None
            self.release(sites)

    def renew(self, sites: list[str]) -> None:
        """Every lease renewed; a lease lost (the store unreachable for longer than it holds,
        and another worker took the site) stops the crawl: never two crawls of a site."""
        hist = History(Store(self.cfg.db))
        try:
            lost = [s for s in sites if not hist.acquire(s, self.holder, WORKER_LEASE)]
        finally:
            hist.store.engine.dispose()
        if lost and self.child is not None:
            self.say(f"lease lost on {', '.join(lost)}: stopping the crawl")
            self.child.send_signal(signal.SIGTERM)

    def release(self, sites: list[str]) -> None:
        hist = History(Store(self.cfg.db))
        try:
            for s in sites:
                hist.release(s, self.holder)
        finally:
            hist.store.engine.dispose()

    def serve(self) -> int:
        """Until SIGTERM (or, with `once`, until nothing is left to take): 1 when a crawl of
        `once` had a failed site or died, else 0."""
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self.stop)
        failed = False
        while not self.stopping.is_set():
            sites = self.take()
            if sites:
                rc = self.crawl(sites)
                failed = failed or rc not in (EXIT_OK, 128 + signal.SIGTERM, 128 + signal.SIGINT)
            elif self.cfg.once:
                break
            else:
                self.stopping.wait(POLL.total_seconds())
        self.say(f"stopped after {self.crawls} crawl{'' if self.crawls == 1 else 's'}")
        return EXIT_FAILED if failed and self.cfg.once else EXIT_OK


def run(cfg: WorkerConfig) -> int:
    return Worker(cfg).serve()


# -- the child: one crawl of the sites the worker holds -------------------------------------------

PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """The crawl is SIGKILLed when its worker dies (Linux), so a worker killed outright never
    leaves behind a crawl whose lease no one renews; a parent gone already ends it now."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(EXIT_FAILED)


def _line(r: SiteResult) -> str:
    f = r.figures
    figures = ", ".join(
        f"{int(f.get(k, 0))} {k}" for k in ("new", "updated", "unchanged", "resumed") if f.get(k)
    )
    return (
        f"partywire worker: {r.site}: {r.outcome}"
        + (f", {figures}" if figures else "")
        + (f" ({r.reason})" if r.reason else "")
    )


def child(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m crawler.worker")
    p.add_argument("sites", nargs="+")
    p.add_argument("--holder", required=True, help="the worker that holds the sites' leases")
    p.add_argument("--parent", type=int, required=True, help="the worker's pid")
    p.add_argument("--settings", default="{}", help="Scrapy settings, as JSON")
    p.add_argument("--db")
    p.add_argument("--replay", action="append")
    a = p.parse_args(argv)
    _die_with(a.parent)
    results = crawl(
        a.sites, replay=a.replay, db=a.db, overrides=json.loads(a.settings), held_by=a.holder
    )
    for r in results:
        print(_line(r), flush=True)
    stopped = [r for r in results if r.outcome == "interrupted"]
    if stopped:
        return 128 + (stopped[0].signum or signal.SIGTERM)
    return EXIT_FAILED if any(r.outcome == "failed" for r in results) else EXIT_OK


if __name__ == "__main__":
    sys.exit(child())
