"""`partywire run`: the always-on service. Each round crawls the sites that are due, then
publishes; between rounds it sleeps until the next site is due.

Each round's crawl runs in a child process (`partywire crawl SITE...`): Scrapy's reactor cannot
be started twice in one process, and a child that a hostile page made huge gives its memory
back when it exits. The child records each site's run and next poll in the store (`runner`), so
the schedule survives a restart of the service, and a site another scheduler is crawling is
skipped by its lease. SIGTERM and SIGINT are passed to the child once (Scrapy's first signal is
its graceful stop: items in flight are finished and the runs are recorded as interrupted), then
the service publishes and exits 0.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import FrameType

from crawler.core.timez import utcnow
from crawler.history import History
from crawler.sites import registry
from crawler.storage import Store
from output.publish import PublishRefused
from output.server import publish_everything

#: The service never sleeps longer than this between looks at the schedule, so a site whose
#: next poll an operator moved (or another scheduler's round) is noticed within a minute.
TICK = timedelta(seconds=60)


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
