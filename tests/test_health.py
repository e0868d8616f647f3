"""A site's state from its own runs, and the real cause in the reason: what an operator reads in
`partywire status` and in the alerts feed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

import pytest

from crawler.core.health import (
    Health,
    Run,
    assess,
    failure_reason,
    usual_gap,
)

T0 = datetime(2025, 10, 14, 6, 0, tzinfo=UTC)

#: a healthy run of a provincial portal: two listings with 40 article links between them, five
#: new articles, all extracted by the site's rules and dated by their JSON-LD
HEALTHY: dict[str, float] = {
    "pages/listing": 2,
    "pages/article": 5,
    "discovery/listing_links": 80,
    "discovery/by_pattern": 40,
    "new": 5,
    "text/rules": 5,
    "dated/jsonld": 5,
    "text_median": 2400,
}


def run(
    at: datetime,
    outcome: str = "ok",
    figures: Mapping[str, float] | None = None,
    reason: str = "",
) -> Run:
    """A run that started at `at` and took five minutes."""
    assert outcome in ("ok", "failed", "interrupted", "skipped")
    return Run(
        "baotuyenquang",
        at,
        at + timedelta(minutes=5),
        outcome,  # type: ignore[arg-type]
        reason,
        dict(HEALTHY if figures is None else figures),
    )


def history(n: int, changes: Mapping[str, float] | None = None) -> list[Run]:
    """n healthy runs 15 minutes apart ending at T0, newest first; `changes` alter the newest."""
    runs = [run(T0 - i * timedelta(minutes=15)) for i in range(n)]
    if changes:
        runs[0] = run(T0, figures={**HEALTHY, **changes})
    return runs


NOW = T0 + timedelta(minutes=10)


def failed(figures: Mapping[str, float], reason: str = "no article found") -> Run:
    return run(T0, "failed", figures, reason)


# -- new, ok -----------------------------------------------------------------------------------


def test_no_runs_is_new() -> None:
    assert assess([], NOW) == Health("new", "")


def test_only_interrupted_runs_is_still_new() -> None:
    runs = [run(T0, "interrupted", {}), run(T0 - timedelta(hours=1), "skipped", {})]
    assert assess(runs, NOW).state == "new"


def test_healthy_runs_are_ok_with_no_reason() -> None:
    assert assess(history(5), NOW) == Health("ok", "")


def test_an_interrupted_run_does_not_make_a_site_fail() -> None:
    # SIGTERM in the middle of the newest run: the site did nothing wrong
    runs = [run(T0 + timedelta(minutes=15), "interrupted", {}), *history(3)]
    assert assess(runs, NOW + timedelta(minutes=15)).state == "ok"


# -- failing: the real cause -------------------------------------------------------------------


def test_http_503_on_every_listing() -> None:
    h = assess([failed({"error/http_503": 3, "pages/listing": 0}), *history(3)[1:]], NOW)
    assert h == Health("failing", "HTTP 503 on 3/3 listings")


def test_http_errors_of_an_unknown_kind_of_page_are_counted_as_requests() -> None:
    assert failure_reason(failed({"error/http_503": 5})) == "HTTP 503 on 5 requests"


def test_the_denominator_is_what_was_requested() -> None:
    # no feed and no article page answered, 2 listings did: the 503s were feeds or articles
    r = failed({"error/http_503": 3, "pages/feed": 0, "pages/listing": 2, "pages/article": 0})
    assert failure_reason(r) == "HTTP 503 on 3 requests"
    r = failed({"error/http_503": 3, "pages/feed": 1, "pages/listing": 0})
    assert failure_reason(r) == "HTTP 503 on 3/3 listings"
    r = failed({"error/http_504": 1, "pages/article": 0, "pages/listing": 2})
    assert failure_reason(r) == "HTTP 504 on 1/1 article pages"


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        ("dns", "DNS lookup failed"),
        ("refused", "connection refused"),
        ("timeout", "timed out"),
        ("robots", "robots.txt disallows"),
    ],
)
def test_network_failures_are_named(kind: str, says: str) -> None:
    reason = failure_reason(failed({f"error/{kind}": 2}))
    assert reason.startswith(says)
    assert "2 requests" in reason
    assert "no article found" not in reason


def test_the_most_frequent_error_is_named_first_and_the_rest_counted() -> None:
    r = failed({"error/timeout": 1, "error/http_502": 4})
    assert failure_reason(r) == "HTTP 502 on 4 requests; 1 other failed request"


def test_links_seen_but_none_accepted() -> None:
    r = failed({"pages/listing": 3, "discovery/listing_links": 84, "discovery/non_article": 84})
    assert failure_reason(r) == "0 of 84 listing links look like articles"


def test_every_page_refused_is_the_cause() -> None:
    r = failed({"pages/article": 4, "refused": 4, "anomaly/login_wall": 4})
    assert failure_reason(r) == "4 article pages refused: login wall"


def test_the_runners_reason_when_the_figures_say_nothing() -> None:
    r = failed({}, reason="store error: database is locked")
    assert failure_reason(r) == "store error: database is locked"


def test_the_figures_win_over_the_runners_consequence() -> None:
    r = failed({"error/dns": 6}, reason="no article found")
    assert failure_reason(r).startswith("DNS lookup failed")


def test_several_failures_in_a_row_say_so() -> None:
    runs = [
        run(T0 - i * timedelta(minutes=30), "failed", {"error/dns": 1}, "no article found")
        for i in range(3)
    ]
    h = assess([*runs, *history(2)], NOW)
    assert h.state == "failing"
    assert h.reason == "DNS lookup failed on 1 request (3 runs in a row)"


def test_a_success_ends_failing() -> None:
    runs = [run(T0, "failed", {"error/dns": 1}) for _ in range(3)]
    assert assess([run(T0 + timedelta(minutes=30)), *runs, *history(2)], NOW).state == "ok"


# -- degraded ----------------------------------------------------------------------------------


def test_refused_pages_degrade_at_once_without_a_baseline() -> None:
    first = run(T0, figures={**HEALTHY, "new": 0, "refused": 12, "anomaly/maintenance": 12})
    h = assess([first], NOW)
    assert h == Health("degraded", "12 article pages refused: maintenance page served with 200")


def test_several_refusal_kinds_are_listed_by_count() -> None:
    newest = run(T0, figures={**HEALTHY, "refused": 3, "anomaly/truncated": 1,
                              "anomaly/maintenance": 2})  # fmt: skip
    assert assess([newest, *history(3)[1:]], NOW).reason == (
        "3 article pages refused: maintenance page served with 200 (2), truncated text (1)"
    )


def test_accepted_links_collapse() -> None:
    # a redesign: the listings still have 80 links, only 4 look like articles
    h = assess(history(4, {"discovery/by_pattern": 4, "new": 1}), NOW)
    assert h.state == "degraded"
    assert h.reason == "article links per discovery page fell to 2.0 from a usual 20.0"


def test_links_of_a_304_listing_are_not_a_collapse() -> None:
    # incremental: both listings answered 304, so no links were read at all
    quiet = {
        **HEALTHY,
        "pages/listing": 0,
        "not_modified/listing": 2,
        "discovery/listing_links": 0,
        "discovery/by_pattern": 0,
        "pages/article": 0,
        "new": 0,
        "text/rules": 0,
        "dated/jsonld": 0,
        "text_median": 0,
    }
    assert assess([run(T0, figures=quiet), *history(4)[1:]], NOW).state == "ok"


def test_generic_fallback_share_jumps() -> None:
    # the site's rules stopped matching: the generic extractor took 5 of 5
    h = assess(history(4, {"text/rules": 0, "text/generic": 5}), NOW)
    assert h == Health("degraded", "100% of articles taken by the generic extractor (usually 0%)")


def test_undated_share_jumps() -> None:
    h = assess(history(4, {"dated/jsonld": 1, "undated": 4}), NOW)
    assert h == Health("degraded", "80% of articles undated (usually 0%)")


def test_text_length_collapses() -> None:
    h = assess(history(4, {"text_median": 300}), NOW)
    assert h == Health("degraded", "median text fell to 300 characters from a usual 2,400")


def test_drift_needs_two_earlier_ok_runs() -> None:
    # the same collapse with one earlier run: no baseline yet
    assert assess(history(2, {"text_median": 300}), NOW).state == "ok"
    assert assess(history(3, {"text_median": 300}), NOW).state == "degraded"


def test_a_small_run_says_nothing_about_shares() -> None:
    # one article, undated: too few for a share
    one = {**HEALTHY, "new": 1, "text/rules": 1, "dated/jsonld": 0, "undated": 1}
    assert assess([run(T0, figures=one), *history(4)[1:]], NOW).state == "ok"


def test_the_baseline_is_the_sites_own() -> None:
    # a district page whose texts are always short is not degraded by being short
    short = {**HEALTHY, "text_median": 600}
    runs = [run(T0 - i * timedelta(minutes=15), figures=short) for i in range(4)]
    assert assess(runs, NOW).state == "ok"


# -- flapping ----------------------------------------------------------------------------------


def test_a_flapping_site_is_never_ok() -> None:
    """Up, down, up, down: each failure is failing; each success in between is degraded
    (naming the flapping), until the site has held for a whole window."""
    sequence = ["ok", "ok", "ok", "failed", "ok", "failed", "ok", "failed", "ok"]
    runs: list[Run] = []
    states = []
    for i, outcome in enumerate(sequence):
        figures = HEALTHY if outcome == "ok" else {"error/http_503": 2, "pages/listing": 0}
        at = T0 + i * timedelta(minutes=15)
        runs.insert(0, run(at, outcome, figures))
        states.append(assess(runs, at + timedelta(minutes=6)).state)
    assert states == [
        "ok",
        "ok",
        "ok",
        "failing",
        "ok",  # one failure between successes is not flapping yet
        "failing",
        "degraded",
        "failing",
        "degraded",
    ]
    h = assess(runs, T0 + 9 * timedelta(minutes=15))
    assert h.reason == "flapping: 3 of the last 8 runs failed (last: HTTP 503 on 2/2 listings)"
    # then it holds: once the alternations leave the window it is ok again
    for j in range(9, 16):
        at = T0 + j * timedelta(minutes=15)
        runs.insert(0, run(at))
    assert assess(runs, at + timedelta(minutes=6)).state == "ok"


# -- stale -------------------------------------------------------------------------------------


def quiet_after(gap: timedelta, n: int, quiet_runs: int, every: timedelta) -> list[Run]:
    """n runs that each brought new articles, `gap` apart, then `quiet_runs` runs without,
    `every` apart, the last one at T0; newest first."""
    nothing = {**HEALTHY, "new": 0, "text/rules": 0, "dated/jsonld": 0, "text_median": 0}
    quiet = [run(T0 - i * every, figures=nothing) for i in range(quiet_runs)]
    start = T0 - quiet_runs * every
    busy = [run(start - i * gap) for i in range(n)]
    return quiet + busy


def test_usual_gap_is_the_median_between_runs_with_new_articles() -> None:
    runs = quiet_after(timedelta(hours=6), 5, 3, timedelta(hours=1))
    assert usual_gap(runs) == timedelta(hours=6)


def test_a_site_that_prints_daily_is_stale_after_four_days() -> None:
    day = timedelta(days=1)
    runs = quiet_after(day, 6, 20, timedelta(hours=6))  # last new article 5 days before T0
    h = assess(runs, T0)
    assert h.state == "stale"
    assert h.reason == "no new article for 5 days (usually one every 24 hours)"
    # three quiet days is within its rhythm
    runs = quiet_after(day, 6, 12, timedelta(hours=6))
    assert assess(runs, T0).state == "ok"


def test_a_busy_site_is_stale_only_after_two_days() -> None:
    # one article every 2 hours: 4 x 2 h is 8 h, but a quiet night and day is not a breakdown
    runs = quiet_after(timedelta(hours=2), 10, 6, timedelta(hours=4))  # quiet for 24 h
    assert assess(runs, T0).state == "ok"
    runs = quiet_after(timedelta(hours=2), 10, 13, timedelta(hours=4))  # quiet for 52 h
    assert assess(runs, T0) == Health(
        "stale", "no new article for 2 days (usually one every 2 hours)"
    )


def test_the_stores_last_new_article_is_used() -> None:
    # the runs recorded bring nothing, but the store dates its newest article 10 days back
    runs = quiet_after(timedelta(days=1), 3, 4, timedelta(hours=6))
    assert assess(runs, T0).state == "ok"
    h = assess(runs, T0, last_new_article=T0 - timedelta(days=10))
    assert h.state == "stale"
    assert h.reason.startswith("no new article for 10 days")


def test_degraded_wins_over_stale() -> None:
    runs = quiet_after(timedelta(days=1), 6, 20, timedelta(hours=6))
    runs[0] = run(T0, figures={**HEALTHY, "new": 0, "refused": 2, "anomaly/error_page": 2})
    assert assess(runs, T0).state == "degraded"


# -- disabled, bad input -----------------------------------------------------------------------


def test_disabled_names_the_last_failure() -> None:
    runs = [run(T0 - i * timedelta(days=1), "failed", {"error/dns": 1}) for i in range(3)]
    h = assess(runs, NOW, disabled=True)
    assert h == Health("disabled", "disabled; last failure: DNS lookup failed on 1 request")


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="naive datetime"):
        assess(quiet_after(timedelta(days=1), 3, 1, timedelta(hours=1)), datetime(2025, 10, 14))


def test_failures_counted_by_page_kind_name_the_kind_and_its_share() -> None:
    """Three feeds answered 503 (the spider's `failed/feed/http_503`) and then the home page
    read as a listing did too: the cause is the feeds, out of the feeds asked for."""
    r = run(
        NOW,
        "failed",
        {
            "error/http_503": 4,
            "failed/feed/http_503": 3,
            "failed/listing/http_503": 1,
            "pages/feed": 0,
        },
    )
    assert failure_reason(r) == "HTTP 503 on 3/3 feeds, 1/1 listings"


def test_a_partly_failing_kind_counts_what_it_downloaded() -> None:
    r = run(
        NOW,
        "failed",
        {"error/timeout": 2, "failed/listing/timeout": 2, "pages/listing": 3, "pages/feed": 1},
    )
    assert failure_reason(r) == "timed out on 2/5 listings"
