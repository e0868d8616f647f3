"""When to poll a site next: often enough that a busy portal's stories reach the feeds within
its declared interval, rarely enough that a quiet district page is not fetched every 15 minutes
for one story a day, and with backoff for a site that is down.

The interval follows the publishing rate seen in the site's own runs: half the expected gap
between two new articles. Polling every I minutes delays a new story by I/2 on average, so half
a gap keeps that delay to a quarter of the time between stories, whatever the site's pace, while
a site is never polled more than about twice per article it publishes. The result is bounded by
[declared (or DEFAULT_INTERVAL), MAX_INTERVAL]. Jitter of +-JITTER spreads sites that would
otherwise all fall due in the same second after a restart.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from crawler.core.health import Run
from crawler.core.timez import to_utc

DEFAULT_INTERVAL = timedelta(minutes=15)
MAX_INTERVAL = timedelta(hours=6)
#: consecutive failures after which a site is disabled and only re-probed ...
DISABLE_AFTER = 30
#: ... once a day; a success re-enables it
REPROBE = timedelta(days=1)
#: a failing site waits declared * 2**n, at most this long
MAX_BACKOFF = timedelta(hours=24)
#: the next poll is the interval times a factor drawn from [1 - JITTER, 1 + JITTER]
JITTER = 0.1
#: poll this many times per expected gap between new articles
POLLS_PER_GAP = 2


@dataclass(frozen=True)
class Plan:
    """The next poll of one site, the interval it came from (before jitter), and whether the
    site is disabled (re-probed once a day)."""

    next_poll: datetime
    interval: timedelta
    disabled: bool


def expected_gap(runs: Sequence[Run]) -> timedelta | None:
    """The expected time between two new articles, from the ok runs (any order).

    The oldest run's articles are left out: a first crawl brings every story the listings show,
    published before the time the runs cover. The others arrived within that time. With no new
    article at all the gap is at least the time covered, and taking it as such lets the
    interval grow step by step while a site stays quiet. None with fewer than two ok runs."""
    ok = sorted((r for r in runs if r.outcome == "ok"), key=lambda r: to_utc(r.started))
    if len(ok) < 2:
        return None
    covered = to_utc(ok[-1].started) - to_utc(ok[0].started)
    arrived = sum(int(r.figures.get("new", 0) or 0) for r in ok[1:])
    return covered / max(arrived, 1)


def adapted(runs: Sequence[Run], base: timedelta) -> timedelta:
    """The polling interval for the site's publishing rate, within [base, MAX_INTERVAL]."""
    gap = expected_gap(runs)
    if gap is None:
        return base
    return min(max(gap / POLLS_PER_GAP, base), max(MAX_INTERVAL, base))


def backoff(base: timedelta, failures: int) -> timedelta:
    """base * 2**failures, capped at MAX_BACKOFF (a base longer than the cap stays as it is)."""
    cap = max(MAX_BACKOFF, base)
    if failures >= 64:  # 2**n past any cap; avoids a timedelta overflow
        return cap
    return min(base * (1 << failures), cap)


def _jittered(interval: timedelta, rng: random.Random | None) -> timedelta:
    draw = (rng or random).uniform(1 - JITTER, 1 + JITTER)
    return interval * draw


def _check(declared: timedelta | None, consecutive_failures: int) -> None:
    if declared is not None and declared <= timedelta(0):
        raise ValueError(f"declared interval {declared}: must be positive")
    if consecutive_failures < 0:
        raise ValueError(f"consecutive_failures {consecutive_failures}: must be 0 or more")


def plan(
    runs: Sequence[Run],
    now: datetime,
    *,
    declared: timedelta | None = None,
    consecutive_failures: int = 0,
    rng: random.Random | None = None,
) -> Plan:
    """The next poll of a site from its runs and its failures in a row: disabled (re-probed
    after REPROBE, no jitter: once a day is rare enough not to collide), backing off, or at the
    interval its publishing rate calls for."""
    now = to_utc(now)
    _check(declared, consecutive_failures)
    base = declared or DEFAULT_INTERVAL
    if consecutive_failures >= DISABLE_AFTER:
        return Plan(now + REPROBE, REPROBE, True)
    if consecutive_failures:
        interval = backoff(base, consecutive_failures)
    else:
        interval = adapted(runs, base)
    return Plan(now + _jittered(interval, rng), interval, False)
