"""Each site polled at its own pace: busy portals at their declared interval, quiet ones every
few hours, failing ones backing off, and a site down for 30 polls only re-probed daily."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from crawler.core.health import Run
from crawler.core.schedule import (
    DEFAULT_INTERVAL,
    DISABLE_AFTER,
    JITTER,
    MAX_BACKOFF,
    MAX_INTERVAL,
    REPROBE,
    Plan,
    expected_gap,
    plan,
)

NOW = datetime(2025, 10, 14, 12, 0, tzinfo=UTC)


def runs_every(every: timedelta, n: int, new: list[int], outcome: str = "ok") -> list[Run]:
    """n runs `every` apart, the newest ending just before NOW, newest first; `new[i]` articles
    new in run i (oldest first)."""
    assert len(new) == n
    out = []
    for i in range(n):
        started = NOW - (n - i) * every
        out.append(
            Run("site", started, started + timedelta(minutes=2), outcome, "", {"new": new[i]})  # type: ignore[arg-type]
        )
    return out[::-1]


def test_without_history_the_declared_interval() -> None:
    assert plan([], NOW).interval == DEFAULT_INTERVAL
    assert plan([], NOW, declared=timedelta(minutes=5)).interval == timedelta(minutes=5)


def test_two_sites_of_different_rates_get_different_intervals() -> None:
    # busy: a national portal, polled every 15 min for 6 hours, 2 new stories at each poll
    # (one every 7.5 min): faster than the declared interval, which is the floor
    busy = runs_every(timedelta(minutes=15), 24, [20] + [2] * 23)
    assert plan(busy, NOW, declared=timedelta(minutes=15)).interval == timedelta(minutes=15)
    # quiet: a district page polled 4 times over 3 days, one story a day: half a day
    # between polls would do, but MAX_INTERVAL is the ceiling
    quiet = runs_every(timedelta(days=1), 4, [12, 1, 1, 1])
    assert plan(quiet, NOW, declared=timedelta(minutes=15)).interval == MAX_INTERVAL
    # in between: one story every 4 hours over a day -> polled every 2 hours
    middle = runs_every(timedelta(hours=1), 25, [9] + [1 if i % 4 == 3 else 0 for i in range(24)])
    assert expected_gap(middle) == timedelta(hours=4)
    assert plan(middle, NOW).interval == timedelta(hours=2)


def test_the_first_runs_backlog_is_not_a_rate() -> None:
    # the first crawl stored 40 stories the listings showed; nothing since, over 2 hours
    runs = runs_every(timedelta(minutes=15), 9, [40] + [0] * 8)
    assert expected_gap(runs) == timedelta(hours=2)
    assert plan(runs, NOW).interval == timedelta(hours=1)


def test_a_quiet_site_slows_down_step_by_step() -> None:
    # no new article: each plan is half the quiet time so far, so intervals grow
    runs = runs_every(timedelta(minutes=15), 2, [5, 0])
    first = plan(runs, NOW).interval
    runs = runs_every(timedelta(minutes=15), 6, [5, 0, 0, 0, 0, 0])
    later = plan(runs, NOW).interval
    assert first == DEFAULT_INTERVAL  # 15 min covered: half is below the floor
    assert later == timedelta(minutes=37, seconds=30)  # 75 min covered, halved


def test_failed_runs_do_not_count_for_the_rate() -> None:
    ok = runs_every(timedelta(hours=1), 5, [3, 1, 1, 1, 1])
    failed = runs_every(timedelta(minutes=1), 5, [0] * 5, outcome="failed")
    assert expected_gap([*failed, *ok]) == expected_gap(ok) == timedelta(hours=1)


def test_a_site_declared_slower_than_the_ceiling_keeps_its_interval() -> None:
    busy = runs_every(timedelta(minutes=15), 10, [2] * 10)
    assert plan(busy, NOW, declared=timedelta(hours=12)).interval == timedelta(hours=12)


def test_backoff_doubles_and_is_capped() -> None:
    base = timedelta(minutes=15)
    got = [plan([], NOW, consecutive_failures=n).interval for n in range(1, 5)]
    assert got == [2 * base, 4 * base, 8 * base, 16 * base]
    # 15 min * 2**7 is 32 h: capped at a day
    assert plan([], NOW, consecutive_failures=7).interval == MAX_BACKOFF
    assert plan([], NOW, consecutive_failures=DISABLE_AFTER - 1).interval == MAX_BACKOFF
    assert not plan([], NOW, consecutive_failures=DISABLE_AFTER - 1).disabled


def test_backoff_starts_from_the_declared_interval() -> None:
    p = plan([], NOW, declared=timedelta(minutes=5), consecutive_failures=2)
    assert p.interval == timedelta(minutes=20)


def test_thirty_failures_disable_and_reprobe_daily() -> None:
    p = plan([], NOW, consecutive_failures=DISABLE_AFTER)
    assert p == Plan(NOW + REPROBE, REPROBE, True)
    assert plan([], NOW, consecutive_failures=45).disabled
    # a success resets the count: enabled again at the site's own interval
    assert not plan([], NOW, consecutive_failures=0).disabled


def test_jitter_stays_within_ten_percent_and_is_deterministic() -> None:
    interval = timedelta(hours=2)
    runs = runs_every(timedelta(hours=1), 25, [9] + [1 if i % 4 == 3 else 0 for i in range(24)])
    rng = random.Random(11)
    waits = []
    for _ in range(300):
        p = plan(runs, NOW, rng=rng)
        assert p.interval == interval
        waits.append(p.next_poll - NOW)
    assert all((1 - JITTER) * interval <= w <= (1 + JITTER) * interval for w in waits)
    # it does spread: both sides of the interval are used, over most of the range
    assert min(waits) < 0.95 * interval < 1.05 * interval < max(waits)
    assert plan(runs, NOW, rng=random.Random(3)) == plan(runs, NOW, rng=random.Random(3))


def test_plans_are_utc() -> None:
    local = NOW.astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    p = plan([], local, rng=random.Random(1))
    assert p.next_poll.utcoffset() == timedelta(0)
    assert p.interval == DEFAULT_INTERVAL


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"declared": timedelta(0)}, "declared interval 0:00:00: must be positive"),
        ({"consecutive_failures": -1}, "consecutive_failures -1: must be 0 or more"),
    ],
)
def test_bad_input_is_named(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        plan([], NOW, **kwargs)  # type: ignore[arg-type]


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="naive datetime"):
        plan([], datetime(2025, 10, 14, 12, 0))
