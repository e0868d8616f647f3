"""Run several site spiders in one process and say, per site, whether it worked.

A broken site never stops the others: each spider is its own crawler; its errors land in its
own stats, and the verdict is read from them when everything has closed. Nor does a slow one
hold them up: each crawler has its budget (CLOSESPIDER_TIMEOUT, CLOSESPIDER_PAGECOUNT), and the
whole crawl its deadline (PARTYWIRE_DEADLINE), both kept by `crawler.politeness.Budget`.
"""

from __future__ import annotations

import os
import signal
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

from crawler.core.health import Run, assess, budget_reason, cause
from crawler.core.schedule import plan
from crawler.core.timez import to_utc, utcnow
from crawler.history import History, SiteState
from crawler.sites import registry
from crawler.storage import Store
from spiders.base import STAT

#: How long a site's lease holds: longer than any bounded crawl of one site, short enough that
#: a process killed while holding it does not keep the site from being crawled for long.
LEASE = timedelta(hours=2)


@dataclass
class Discovery:
    """How a site's spider found its articles in one run: the figures that show a site's
    health before its articles do (a redesign shows as links seen and none accepted)."""

    links_seen: int = 0  # distinct same-site links on its listing pages
    by_pattern: int = 0
    by_detector: int = 0
    entries: int = 0  # feed and sitemap entries taken
    non_article: int = 0  # links and entries skipped as obvious non-articles
    not_article: int = 0  # pages dropped after download as not articles
    drift: int = 0  # listings where the declared pattern had stopped matching

    @property
    def accepted(self) -> int:
        return self.by_pattern + self.by_detector

    def summary(self) -> str:
        """One line: "links seen / accepted", then what else happened."""
        parts = [f"{self.links_seen} links seen / {self.accepted} accepted"]
        if self.by_detector:
            parts.append(f"{self.by_detector} by the structure")
        if self.drift:
            parts.append(f"pattern drifted on {self.drift} listings")
        for n, what in (
            (self.entries, "feed/sitemap entries"),
            (self.non_article, "non-article links skipped"),
            (self.not_article, "pages not articles"),
        ):
            if n:
                parts.append(f"{n} {what}")
        return ", ".join(parts)


def _discovery(stats: dict[str, Any]) -> Discovery:
    def n(key: str) -> int:
        return int(stats.get(STAT + key, 0))

    return Discovery(
        links_seen=n("listing_links"),
        by_pattern=n("by_pattern"),
        by_detector=n("by_detector"),
        entries=n("feed_entries") + n("sitemap_entries"),
        non_article=n("non_article"),
        not_article=n("not_article"),
        drift=n("pattern_drift"),
    )


@dataclass
class SiteResult:
    site: str
    stored: int
    pages: int
    errors: int
    reason: str
    discovery: Discovery = field(default_factory=Discovery)
    #: the site's Scrapy stats, whole: what the run figures are read from
    stats: dict[str, Any] = field(default_factory=dict)
    started: datetime | None = None
    ended: datetime | None = None
    #: "interrupted" when SIGINT/SIGTERM stopped the crawl: not a failure of the site
    outcome: str = "ok"
    #: the signal that interrupted it
    signum: int | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"

    @property
    def figures(self) -> dict[str, float]:
        """The numeric `partywire/` stats without the prefix, with `listing_links` and the
        other discovery figures under `discovery/`: the run's figures as history keeps them."""
        return _figures(self.stats)


def _figures(stats: Mapping[str, Any]) -> dict[str, float]:
    return {
        k.removeprefix("partywire/"): v
        for k, v in stats.items()
        if k.startswith("partywire/") and isinstance(v, (int, float))
    }


def settings_for(
    replay: list[str] | None = None,
    db: str | None = None,
    overrides: dict[str, Any] | None = None,
) -> Settings:
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    s = get_project_settings()
    if replay:
        paths = os.pathsep.join(str(Path(r).resolve()) for r in replay)
        s.set("PARTYWIRE_REPLAY", paths, priority="cmdline")
        # nothing to be polite to: recorded pages answer at once
        s.set("AUTOTHROTTLE_ENABLED", False, priority="cmdline")
        s.set("DOWNLOAD_DELAY", 0, priority="cmdline")
    if db:
        s.set("PARTYWIRE_DB", db, priority="cmdline")
    for k, v in (overrides or {}).items():
        s.set(k, v, priority="cmdline")
    return s


def _count_item_error(crawler: Crawler) -> Callable[..., None]:
    def handler(*_a: Any, **_kw: Any) -> None:
        crawler.stats.inc_value("partywire/item_errors")

    return handler


def _nothing_found(stats: dict[str, Any]) -> str:
    """ "no article found", with what explains it: pages missing from a replay, or listings
    whose links were all refused (the site has changed under its declaration)."""
    misses = int(stats.get("replay/miss", 0))
    found = _discovery(stats)
    why = [f"{misses} pages not recorded"] if misses else []
    if found.links_seen and not found.accepted:
        why.append(f"{found.links_seen} links seen on listings, none accepted")
    unread = int(stats.get(STAT + "sitemaps_capped", 0))
    if unread:
        why.append(f"{unread} sitemaps beyond the run's limit not read")
    return "no article found" + (f" ({'; '.join(why)})" if why else "")


def _nothing_new_is_fine(stats: dict[str, Any]) -> bool:
    """An incremental run that stores nothing has still worked when its articles were already
    stored (skipped, unchanged, 304) or were refused as worse than the stored ones: a refusal
    is the site's anomaly (its state says so), not a failed run."""
    keys = ("unchanged", "refused", "known_skipped", "updated")
    seen = sum(int(stats.get("partywire/" + k, 0)) for k in keys)
    seen += sum(int(v) for k, v in stats.items() if k.startswith("partywire/not_modified/"))
    return seen > 0


def _broken(stats: dict[str, Any]) -> str:
    """What stopped the crawl itself: a spider closed before it began (a store it cannot
    write to), a spider error, articles not stored; "" when it ran."""
    finish = str(stats.get("finish_reason") or "finished")
    if finish != "finished" and not finish.startswith("closespider_"):
        return finish
    exc = [
        k for k in stats if k.startswith("spider_exceptions/") and k != "spider_exceptions/count"
    ]
    if exc:
        return "spider error: " + ", ".join(k.split("/", 1)[1] for k in exc)
    if stats.get("partywire/item_errors"):
        n = stats["partywire/item_errors"]
        cause = stats.get("partywire/store_error")
        return f"{cause} ({n} articles not stored)" if cause else f"{n} articles failed"
    return ""


def _reason(stats: dict[str, Any], stored: int, errors: int) -> str:
    """Why a site failed, the first cause first: what broke the crawl, rather than the "no
    article found" that follows from it; then a spent budget; then the cause the failed
    requests name ("HTTP 503 on 3/3 listings", "DNS lookup failed on 2/2 feeds")."""
    broken = _broken(stats)
    if broken:
        return broken
    figures = _figures(stats)
    why = cause(figures)
    over = budget_reason(figures)
    if over:
        return f"{over}; {why}" if why else over
    if stored == 0 and _nothing_new_is_fine(stats):
        return ""
    if stored == 0 and why:
        return why
    if stored == 0 and int(stats.get("item_dropped_count", 0)):
        return f"{stats['item_dropped_count']} article pages had no extractable article"
    if stored == 0:
        return _nothing_found(stats)
    if errors:
        logged = f"{errors} error{'s' if errors > 1 else ''} logged"
        return f"{logged}: {why}" if why else logged
    return ""


def _outcome(stats: dict[str, Any], reason: str, interrupted: bool = False) -> str:
    """A crawl stopped by a signal (Scrapy's finish reason "shutdown", or no finish at all in
    a process that was signalled) is interrupted whatever it had stored: its site did nothing
    wrong, and the next run finishes the work. A crawl that stored (or had already stored) its
    articles worked, short of what failed: ok, with its reason; one that got nothing failed."""
    finish = str(stats.get("finish_reason") or "")
    if finish == "shutdown" or (interrupted and finish != "finished"):
        return "interrupted"
    if not reason:
        return "ok"
    worked = int(stats.get("partywire/stored", 0)) > 0 or _nothing_new_is_fine(stats)
    # a site that stored its articles worked, whatever else failed on the way (a budget spent,
    # a stray 404): ok with its reason on the summary row; one that got nothing failed
    return "ok" if worked and not _broken(stats) else "failed"


def _verdict(name: str, stats: dict[str, Any], signum: int | None = None) -> SiteResult:
    stored = int(stats.get("partywire/stored", 0))
    pages = int(stats.get("response_received_count", 0))
    errors = sum(
        int(stats.get(k, 0))
        for k in (
            "partywire/errors",
            "partywire/item_errors",
            "spider_exceptions/count",
            "partywire/bad_feeds",
            "partywire/bad_pages",
            "partywire/too_large",
        )
    )
    reason = _reason(stats, stored, errors)
    outcome = _outcome(stats, reason, signum is not None)
    if outcome == "interrupted":
        reason = f"interrupted ({signal.Signals(signum).name if signum else 'signal'})"
    return SiteResult(
        name,
        stored,
        pages,
        errors,
        reason,
        _discovery(stats),
        stats=dict(stats),
        started=_aware(stats.get("start_time")),
        ended=_aware(stats.get("finish_time")),
        outcome=outcome,
        signum=signum if outcome == "interrupted" else None,
    )


def _aware(v: Any) -> datetime | None:
    return to_utc(v) if isinstance(v, datetime) else None


def holder_name() -> str:
    """Who holds a lease or ran a run: enough for an operator to find the process."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _leased(hist: History, names: list[str], holder: str) -> tuple[list[str], list[SiteResult]]:
    """The sites this process may crawl now, and a skipped result for each one another
    process is crawling (two schedulers on one store never crawl a site at once)."""
    mine: list[str] = []
    skipped: list[SiteResult] = []
    for n in names:
        if lease(hist, n, holder):
            mine.append(n)
        else:
            skipped.append(
                SiteResult(n, 0, 0, 0, "skipped: another process is crawling it", outcome="skipped")
            )
    return mine, skipped


def lease(hist: History, site: str, holder: str, ttl: timedelta = LEASE) -> bool:
    """Take (or renew) the site's lease for `ttl`, taking it from a dead holder of this host."""
    return hist.acquire(site, holder, ttl) or _take_from_the_dead(hist, site, holder, ttl)


def holder_gone(holder: str | None) -> bool:
    """Whether a holder is a process of this host that no longer runs: its lease binds no one.
    A holder on another host is never known to be gone; its lease ends when it expires."""
    host, _, pid = (holder or "").rpartition(":")
    return host == socket.gethostname() and pid.isdigit() and not _alive(int(pid))


def _take_from_the_dead(hist: History, site: str, holder: str, ttl: timedelta = LEASE) -> bool:
    """A lease left by a process of this host that is gone (SIGKILL, power cut) is released at
    once: waiting for it to expire would keep the site from being crawled for hours."""
    other = hist.lease_holder(site)
    if other is None or not holder_gone(other):
        return False
    hist.release(site, other)
    return hist.acquire(site, holder, ttl)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def crawl(
    sites: list[str] | None = None,
    replay: list[str] | None = None,
    db: str | None = None,
    limit: int | None = None,
    overrides: dict[str, Any] | None = None,
    *,
    keep_history: bool = True,
    held_by: str | None = None,
) -> list[SiteResult]:
    """Crawl the sites in one process; with `keep_history`, each site is leased for the crawl,
    and its run is recorded and its state brought up to date afterwards. `held_by` names the
    process that holds the sites' leases for this crawl already (a `partywire worker`, which
    renews them while its child crawls): the runs are recorded under its name, and the leases
    are neither taken nor given back here."""
    reg = registry()
    names = sites or list(reg)
    unknown = [n for n in names if n not in reg]
    if unknown:
        raise ValueError(f"unknown site(s): {', '.join(unknown)} (see `partywire sites`)")
    for r in replay or []:
        if not Path(r).exists():
            raise ValueError(f"--replay {r}: no such file or folder")
    hist = History(Store(db)) if keep_history else None
    holder = held_by or holder_name()
    skipped: list[SiteResult] = []
    if hist is not None and held_by is None:
        names, skipped = _leased(hist, names, holder)
    try:
        results = _run_crawlers(names, settings_for(replay, db, overrides), limit) if names else []
        if hist is not None:
            record(hist, results, holder)
    finally:
        if hist is not None:
            for n in names if held_by is None else ():
                hist.release(n, holder)
            hist.store.engine.dispose()
    return results + skipped


class _Process(CrawlerProcess):
    """Scrapy's process, remembering whether SIGINT/SIGTERM stopped it: a crawler stopped
    before its spider opened has no finish reason of its own to say so."""

    signum: int | None = None

    def _signal_shutdown(self, signum: int, frame: Any) -> None:
        self.signum = signum
        super()._signal_shutdown(signum, frame)


def _run_crawlers(names: list[str], settings: Settings, limit: int | None) -> list[SiteResult]:
    reg = registry()
    return run_sites({n: reg[n] for n in names}, settings, limit)


def with_deadline(settings: Settings) -> Settings:
    """The crawl's deadline, PARTYWIRE_DEADLINE seconds from now, as the moment every crawler
    reads (PARTYWIRE_DEADLINE_AT), unless one is set already; 0 means none."""
    seconds = settings.getfloat("PARTYWIRE_DEADLINE", 0)
    if seconds > 0 and not settings.getfloat("PARTYWIRE_DEADLINE_AT", 0):
        settings.set("PARTYWIRE_DEADLINE_AT", time.time() + seconds, priority="cmdline")
    return settings


def run_sites(
    spiders: Mapping[str, type[Spider]], settings: Settings, limit: int | None = None
) -> list[SiteResult]:
    """Each spider in its own crawler of one process, under the crawl's deadline, and each
    site's verdict once all have closed (the registry's sites, or sites a test declares)."""
    process = _Process(with_deadline(settings))
    crawlers = []
    for n, cls in spiders.items():
        c = process.create_crawler(cls)
        c.signals.connect(_count_item_error(c), signal=signals.item_error, weak=False)
        crawlers.append((n, c))
        process.crawl(c, limit=limit) if limit else process.crawl(c)
    process.start()
    return [
        _verdict(n, c.stats.get_stats() if c.stats else {}, process.signum) for n, c in crawlers
    ]


def record(hist: History, results: list[SiteResult], holder: str = "") -> None:
    """Each site's run into the history, then its state and next poll from that history."""
    now = utcnow()
    for r in results:
        run = Run(
            site=r.site,
            started=r.started or now,
            ended=r.ended or now,
            outcome=r.outcome,  # type: ignore[arg-type]  # one of Run's outcomes, by _outcome
            reason=r.reason,
            figures=r.figures,
        )
        hist.record_run(run, holder)
    refresh_states(hist, [r.site for r in results], now)


def consecutive_failures(runs: list[Run]) -> int:
    """Failed runs since the last success, newest first; interrupted and skipped runs say
    nothing about the site and are passed over."""
    n = 0
    for run in runs:
        if run.outcome in ("interrupted", "skipped"):
            continue
        if run.outcome != "failed":
            break
        n += 1
    return n


def declared_interval(site: str) -> timedelta | None:
    cls = registry().get(site)
    minutes = cls.poll_minutes if cls is not None else None
    return timedelta(minutes=minutes) if minutes else None


def refresh_states(hist: History, sites: list[str], now: datetime) -> dict[str, SiteState]:
    """Each site's state from its history, now: what `status` shows and the scheduler obeys.
    A change of state is what the history turns into an alert."""
    states = hist.states()
    out: dict[str, SiteState] = {}
    for site in sites:
        runs = hist.runs(site)
        prev = states.get(site)
        failures = consecutive_failures(runs)
        last_new = hist.last_new_article(site)
        health = assess(runs, now, last_new_article=last_new)
        p = plan(runs, now, declared=declared_interval(site), consecutive_failures=failures)
        state = "disabled" if p.disabled else health.state
        reason = health.reason or (
            f"disabled after {failures} consecutive failures; re-probed daily" if p.disabled else ""
        )
        last_ok = next((r.ended for r in runs if r.outcome == "ok"), None)
        st = SiteState(
            site=site,
            state=state,
            reason=reason,
            since=prev.since if prev is not None and prev.state == state else now,
            consecutive_failures=failures,
            last_success=last_ok,
            last_new_article=last_new,
            next_poll=p.next_poll,
            interval_s=int(p.interval.total_seconds()),
            disabled=p.disabled,
        )
        hist.save_state(st)
        out[site] = st
    return out
