"""The state of one site, from its own recorded runs: nobody can watch 47 portals by hand, and
the sites cannot be reached from where the product is built, so every run is measured and the
product says which site broke, since when, and the real cause.

States, worst first: `failing` (the newest run failed), `degraded` (the newest run worked but
drifted from the site's own baseline, refused pages, or the site flaps), `stale` (no new article
for several times the site's usual gap), `ok`; plus `disabled` (the scheduler gave up and
re-probes daily) and `new` (nothing recorded yet). Interrupted and skipped runs say nothing about
the site and are left out.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from crawler.core.timez import to_utc, utcnow

State = Literal["new", "ok", "degraded", "failing", "stale", "disabled"]
RunOutcome = Literal["ok", "failed", "interrupted", "skipped"]

#: stale after this many times the site's usual gap between new articles ...
STALE_FACTOR = 4
#: ... and never before this: a portal that prints twice a day is not stale after a quiet night
STALE_MIN = timedelta(days=2)
#: the threshold while the usual gap is unknown (fewer than two runs brought new articles)
STALE_UNKNOWN = timedelta(days=7)
#: the baseline is the median of this many earlier ok runs at most, so it follows slow change
BASELINE_RUNS = 10
#: ... and of at least this many: one earlier run is an anecdote, not a baseline
MIN_BASELINE = 2
#: a figure below this share of its baseline has collapsed (accepted links, text length)
DRIFT = 0.5
#: a share (generic extractor, undated) this much above its baseline has jumped
SHARE_JUMP = 0.3
#: articles a run must have stored before its shares mean anything
MIN_SAMPLE = 3
#: runs looked at for flapping, and the ok/failed alternations among them that make it so
FLAP_WINDOW = 8
FLAP_CHANGES = 3

_KINDS = ("feed", "sitemap", "listing", "article")
_PLURAL = {
    "feed": "feeds",
    "sitemap": "sitemaps",
    "listing": "listings",
    "article": "article pages",
}
_ERRORS = {
    "dns": "DNS lookup failed on",
    "refused": "connection refused on",
    "timeout": "timed out on",
    "robots": "robots.txt disallows",
    "robots_unavailable": "robots.txt unavailable (5xx or no answer), skipped",
    "tls": "TLS failed (certificate refused or handshake) on",
    "redirect_loop": "redirect loop on",
    "parse": "unparseable response on",
    "size": "page too large (over the download or extraction limit) on",
    "truncated": "truncated body (connection closed before its Content-Length) on",
    "other": "request failed on",
}
#: what each budget (`budget/<what>` in a run's figures, `budget/limit` its limit) says
_BUDGETS = {
    "timeout": "over its {} budget",
    "pagecount": "over its {}-page budget",
    "deadline": "stopped at the crawl's {} deadline",
}
#: what a refusal kind (crawler.core.revision, the gate) means to an operator
ANOMALIES = {
    "maintenance": "maintenance page served with 200",
    "error_page": "error page served with 200",
    "login_wall": "login wall",
    "truncated": "truncated text",
    "text_collapse": "text collapsed",
    "unrelated_title": "another story under the URL",
    "not_article": "no longer an article",
}


@dataclass(frozen=True)
class Run:
    """One recorded run of one site, as the store keeps it."""

    site: str
    started: datetime
    ended: datetime
    outcome: RunOutcome
    reason: str
    figures: Mapping[str, float]


@dataclass(frozen=True)
class Health:
    """A site's state and, unless ok or new, the one line that tells an operator why."""

    state: State
    reason: str = ""


def _n(run: Run, key: str) -> int:
    return int(run.figures.get(key, 0) or 0)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


#: failures of a page that arrived (and is counted in `pages/` already)
_ARRIVED = ("parse",)


def _asked(run: Run, page: str) -> int:
    """Requests of one page kind: those that failed in any way and those answered."""
    failed = sum(
        _n(run, k)
        for k in run.figures
        if k.startswith(f"failed/{page}/") and k.rsplit("/", 1)[1] not in _ARRIVED
    )
    return failed + _n(run, f"pages/{page}") + _n(run, f"not_modified/{page}")


def _where(run: Run, count: int, errors: int, kind: str = "") -> str:
    """ "3/3 listings" when the figures say which kind of page failed: counted by page kind
    (`failed/<page>/<error>`, each kind out of all its requests), or else the one kind
    requested that gave nothing; otherwise "3 requests"."""
    by_page = {p: _n(run, f"failed/{p}/{kind}") for p in _KINDS if _n(run, f"failed/{p}/{kind}")}
    if by_page:
        return ", ".join(f"{n}/{_asked(run, page)} {_PLURAL[page]}" for page, n in by_page.items())
    present = {
        k: _n(run, f"pages/{k}") + _n(run, f"not_modified/{k}")
        for k in _KINDS
        if f"pages/{k}" in run.figures or f"not_modified/{k}" in run.figures
    }
    empty = [k for k, got in present.items() if got == 0]
    if len(empty) == 1:
        return f"{count}/{errors + present[empty[0]]} {_PLURAL[empty[0]]}"
    return _plural(count, "request")


def cause(figures: Mapping[str, float]) -> str | None:
    """The cause of a run's failures in one line, from its figures alone ("HTTP 503 on 3/3
    listings"), or None when nothing failed: what the crawl prints before any run is kept."""
    now = utcnow()
    return _error_reason(Run("", now, now, "failed", "", figures))


def _minutes(seconds: float) -> str:
    if seconds >= 60:
        return f"{round(seconds / 60)}-minute"
    return f"{round(seconds)}-second"


def budget_reason(figures: Mapping[str, float]) -> str | None:
    """ "over its 10-minute budget: 812 of 10,000 article links fetched" when the run was
    closed by a budget (`budget/<what>` set by the crawl), else None. Links fetched are the
    pages that arrived (a 304 too); the others failed, were dropped or never reached."""
    spent = [what for what in _BUDGETS if figures.get(f"budget/{what}")]
    if not spent:
        return None
    limit = float(figures.get("budget/limit", 0) or 0)
    size = f"{round(limit):,}" if spent[0] == "pagecount" else _minutes(limit)
    text = _BUDGETS[spent[0]].format(size)
    asked = int(figures.get("asked/article", 0) or 0)
    if not asked:
        return text
    fetched = sum(int(figures.get(k, 0) or 0) for k in ("pages/article", "not_modified/article"))
    return f"{text}: {min(fetched, asked):,} of {asked:,} article links fetched"


def _error_reason(run: Run) -> str | None:
    errors = {
        k.removeprefix("error/"): _n(run, k)
        for k in run.figures
        if k.startswith("error/") and _n(run, k) > 0
    }
    if not errors:
        return None
    kind, count = min(errors.items(), key=lambda kv: (-kv[1], kv[0]))
    total = sum(errors.values())
    where = _where(run, count, total, kind)
    if kind.startswith("http_"):
        text = f"HTTP {kind.removeprefix('http_')} on {where}"
    else:
        text = f"{_ERRORS.get(kind, _ERRORS['other'])} {where}"
    others = total - count
    return f"{text}; {_plural(others, 'other failed request')}" if others else text


def accepted(run: Run) -> int:
    """Links the run took as articles, from listings, feeds and sitemaps."""
    return sum(
        _n(run, f"discovery/{k}")
        for k in ("by_pattern", "by_detector", "feed_entries", "sitemap_entries")
    )


def _links_reason(run: Run) -> str | None:
    seen = _n(run, "discovery/listing_links")
    if seen and not accepted(run):
        return f"0 of {seen} listing links look like articles"
    return None


def refusals(run: Run) -> str | None:
    """ "12 article pages refused: maintenance page served with 200", when any were."""
    kinds = {
        k.removeprefix("anomaly/"): _n(run, k)
        for k in run.figures
        if k.startswith("anomaly/") and _n(run, k) > 0
    }
    total = _n(run, "refused") or sum(kinds.values())
    if not total:
        return None
    head = f"{total} article {'page' if total == 1 else 'pages'} refused"
    ranked = sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(ranked) == 1:
        return f"{head}: {ANOMALIES.get(ranked[0][0], ranked[0][0])}"
    if not ranked:
        return head
    return head + ": " + ", ".join(f"{ANOMALIES.get(k, k)} ({n})" for k, n in ranked)


def failure_reason(run: Run) -> str:
    """The real cause of a failed run, read from its figures first: the runner's own reason
    ("no article found") is what follows from the cause, not the cause, unless the figures say
    nothing (a store it could not write to, a spider error)."""
    stored = sum(_n(run, k) for k in ("new", "updated", "unchanged"))
    over = budget_reason(run.figures)
    for reason in (
        _error_reason(run),
        _links_reason(run),
        refusals(run) if not stored else None,
    ):
        if reason:
            return f"{over}; {reason}" if over else reason
    return over or run.reason or "no article found"


def _median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if len(values) >= MIN_BASELINE else None


def _share(run: Run, part: str, prefix: str) -> float | None:
    """Share of the run's stored articles counted under `part` among those counted under
    `part` and the `prefix` keys; None when too few to mean anything."""
    whole = _n(run, part) + sum(_n(run, k) for k in run.figures if k.startswith(prefix))
    return _n(run, part) / whole if whole >= MIN_SAMPLE else None


def _generic(run: Run) -> float | None:
    return _share(run, "text/generic", "text/rules")


def _undated(run: Run) -> float | None:
    return _share(run, "undated", "dated/")


def _link_rate(run: Run) -> float | None:
    """Links accepted per discovery page downloaded: a source answered 304 gave no links and
    is not counted, so an incremental run is compared fairly with a full one."""
    pages = sum(_n(run, f"pages/{k}") for k in ("feed", "sitemap", "listing"))
    return accepted(run) / pages if pages else None


def _text_median(run: Run) -> float | None:
    return float(run.figures.get("text_median", 0) or 0) or None


def _values(runs: Sequence[Run], measure: Callable[[Run], float | None]) -> list[float]:
    return [v for v in (measure(r) for r in runs) if v is not None]


def _pct(x: float) -> str:
    return f"{round(100 * x)}%"


def _collapse(newest: Run, base: Sequence[Run]) -> list[str]:
    out = []
    rate, usual = _link_rate(newest), _median(_values(base, _link_rate))
    if rate is not None and usual and rate < DRIFT * usual:
        out.append(f"article links per discovery page fell to {rate:.1f} from a usual {usual:.1f}")
    text, usual_text = _text_median(newest), _median(_values(base, _text_median))
    if text is not None and usual_text and text < DRIFT * usual_text:
        out.append(
            f"median text fell to {round(text):,} characters from a usual {round(usual_text):,}"
        )
    return out


def _jumps(newest: Run, base: Sequence[Run]) -> list[str]:
    out = []
    for measure, what in ((_generic, "taken by the generic extractor"), (_undated, "undated")):
        share, usual = measure(newest), _median(_values(base, measure))
        if share is not None and usual is not None and share - usual >= SHARE_JUMP:
            out.append(f"{_pct(share)} of articles {what} (usually {_pct(usual)})")
    return out


def drift(newest: Run, earlier_ok: Sequence[Run]) -> list[str]:
    """What in the newest ok run moved away from the site's own baseline (the median of its
    earlier ok runs): each site has its own normal, a national portal's and a district page's
    figures are not comparable."""
    base = list(earlier_ok[:BASELINE_RUNS])
    if len(base) < MIN_BASELINE:
        return []
    return _collapse(newest, base) + _jumps(newest, base)


def _flapping(relevant: Sequence[Run]) -> str | None:
    window = relevant[:FLAP_WINDOW]
    changes = sum(1 for a, b in itertools.pairwise(window) if a.outcome != b.outcome)
    if changes < FLAP_CHANGES:
        return None
    failed = [r for r in window if r.outcome == "failed"]
    return (
        f"flapping: {len(failed)} of the last {len(window)} runs failed "
        f"(last: {failure_reason(failed[0])})"
    )


def _span(td: timedelta) -> str:
    s = td.total_seconds()
    if s >= 2 * 86400:
        return f"{round(s / 86400)} days"
    if s >= 2 * 3600:
        return f"{round(s / 3600)} hours"
    return _plural(max(1, round(s / 60)), "minute")


def usual_gap(runs: Sequence[Run]) -> timedelta | None:
    """The median time between runs that brought new articles: the site's own rhythm."""
    times = sorted(to_utc(r.started) for r in runs if r.outcome == "ok" and _n(r, "new") > 0)
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(times)]
    return timedelta(seconds=statistics.median(gaps)) if gaps else None


def _stale(relevant: Sequence[Run], now: datetime, last_new: datetime | None) -> str | None:
    gap = usual_gap(relevant)
    limit = max(STALE_FACTOR * gap, STALE_MIN) if gap else STALE_UNKNOWN
    with_new = [r for r in relevant if r.outcome == "ok" and _n(r, "new") > 0]
    if last_new is None and with_new:
        last_new = to_utc(with_new[0].ended)
    since = to_utc(last_new) if last_new else to_utc(relevant[-1].started)
    quiet = to_utc(now) - since
    if quiet < limit:
        return None
    usually = f" (usually one every {_span(gap)})" if gap else ""
    what = "no new article for" if last_new else "no new article in the"
    tail = "" if last_new else " of recorded runs"
    return f"{what} {_span(quiet)}{tail}{usually}"


def _consecutive_failures(relevant: Sequence[Run]) -> int:
    n = 0
    for r in relevant:
        if r.outcome != "failed":
            break
        n += 1
    return n


def _failing(relevant: Sequence[Run]) -> Health:
    n = _consecutive_failures(relevant)
    reason = failure_reason(relevant[0])
    return Health("failing", f"{reason} ({n} runs in a row)" if n > 1 else reason)


def _disabled(relevant: Sequence[Run]) -> Health:
    failed = [r for r in relevant if r.outcome == "failed"]
    if not failed:
        return Health("disabled", "disabled")
    return Health("disabled", f"disabled; last failure: {failure_reason(failed[0])}")


def _ok_state(relevant: Sequence[Run], now: datetime, last_new: datetime | None) -> Health:
    newest = relevant[0]
    earlier_ok = [r for r in relevant[1:] if r.outcome == "ok"]
    problems = [
        p for p in (budget_reason(newest.figures), refusals(newest), _flapping(relevant)) if p
    ]
    problems += drift(newest, earlier_ok)
    if problems:
        return Health("degraded", "; ".join(problems))
    stale = _stale(relevant, now, last_new)
    return Health("stale", stale) if stale else Health("ok")


def assess(
    runs: Sequence[Run],
    now: datetime,
    *,
    disabled: bool = False,
    last_new_article: datetime | None = None,
) -> Health:
    """The state of one site from its runs, newest first; `last_new_article` (from the store)
    dates the site's newest article when the runs recorded do not reach back to it."""
    now = to_utc(now)
    relevant = [r for r in runs if r.outcome in ("ok", "failed")]
    if disabled:
        return _disabled(relevant)
    if not relevant:
        return Health("new")
    if relevant[0].outcome == "failed":
        return _failing(relevant)
    return _ok_state(relevant, now, last_new_article)
