"""The fault matrix: hostile sites beside healthy ones on a local server (tests/fault_server.py,
127.0.0.1 only), crawled by the real runner (`crawler.runner.run_sites`, the project's settings)
in a child process, as `partywire crawl` does.

The faults are grouped into two crawls, each of many sites at once, so that the suite stays
short and each fault is met beside the others: one crawl of every network, size, politeness
and discovery fault under a site budget, one of the crawl's deadline and the page budget. Per
case: the crawl ended within its budget (wall time measured here), the healthy sites stored
their articles, the reason and the figures name the cause, and the crawl process's peak memory
stayed under 1 GB.
"""

from __future__ import annotations

import itertools
import json
import os
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import trustme

from crawler.core.health import Run, assess
from crawler.politeness import retry_after
from crawler.storage import Store
from spiders.base import NewsSpider
from tests import fault_server as fs
from tests.conftest import ROOT

PATTERN = r"-post\d+\.html$"
ROBOTS_OK = fs.page("User-agent: *\nAllow: /\n", content_type="text/plain")
#: the site budget of the fault crawl, and the download timeout inside it
BUDGET_S = 12
TIMEOUT_S = 2
#: article links taken from one listing in the fault crawl
MAX_LINKS = 20
#: the peak memory any crawl may reach
MAX_RSS = 1 << 30

_CRAWL = """
import json, resource, sys
from crawler.runner import run_sites, settings_for
from spiders.base import NewsSpider

spec = json.loads(sys.argv[1])
classes = {
    s["name"]: type(s["name"], (NewsSpider,), {"outlet": s["name"], **s}) for s in spec["sites"]
}
results = run_sites(classes, settings_for(None, spec["db"], spec["settings"]))
print(json.dumps({
    "results": {
        r.site: {
            "outcome": r.outcome,
            "reason": r.reason,
            "stored": r.stored,
            "figures": r.figures,
            "elapsed": (r.ended - r.started).total_seconds() if r.started and r.ended else None,
        }
        for r in results
    },
    "maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
}))
"""


@dataclass
class Crawl:
    """What one crawl of the matrix left: each site's verdict, the servers' request logs, the
    stored articles per site, the wall time and the crawl process's peak memory (bytes)."""

    results: dict[str, dict[str, Any]]
    servers: dict[str, fs.Site]
    stored: dict[str, list[dict[str, Any]]]
    wall: float
    maxrss: int
    budget: float = 0.0

    def figures(self, site: str) -> dict[str, float]:
        return dict(self.results[site]["figures"])


@dataclass
class Declared:
    """A site of the matrix: its server (None: nothing serves it) and its declaration."""

    server: fs.Site | None
    listings: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    home: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def spec(self, name: str) -> dict[str, Any]:
        home = self.home or (self.server.home if self.server else "")
        url = self.server.url if self.server else (lambda p: home + p.lstrip("/"))
        return {
            "name": name,
            "home": home,
            "listings": [url(p) for p in self.listings],
            "feeds": [url(p) for p in self.feeds],
            "sitemaps": [url(p) for p in self.sitemaps],
            "article_pattern": PATTERN,
            **self.extra,
        }


def _run(
    sites: dict[str, Declared], tmp: Path, settings: dict[str, Any], env: dict[str, str]
) -> Crawl:
    db = f"sqlite:///{tmp / 'pw.db'}"
    spec = {
        "db": db,
        "sites": [d.spec(name) for name, d in sites.items()],
        "settings": {
            "LOG_LEVEL": "ERROR",
            "AUTOTHROTTLE_ENABLED": False,
            "DOWNLOAD_DELAY": 0.05,
            **settings,
        },
    }
    started = time.monotonic()
    r = subprocess.run(
        [sys.executable, "-c", _CRAWL, json.dumps(spec)],
        cwd=ROOT,
        env={**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings", **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    wall = time.monotonic() - started
    (tmp / "crawl.log").write_text(r.stderr)  # for a failing case: what the crawl said
    assert r.returncode == 0, r.stderr[-4000:]
    out = json.loads(r.stdout.strip().splitlines()[-1])
    store = Store(db)
    try:
        rows = list(store.iter_all())
    finally:
        store.engine.dispose()
    stored: dict[str, list[dict[str, Any]]] = {name: [] for name in sites}
    for row in rows:
        stored.setdefault(row["site"], []).append(dict(row))
    servers = {n: d.server for n, d in sites.items() if d.server is not None}
    return Crawl(out["results"], servers, stored, wall, int(out["maxrss"]))


def _listing_site(
    count: int, article: fs.Handler | None = None, routes: dict[str, fs.Handler] | None = None
) -> fs.Site:
    """A site whose listing /tin/ links `count` articles, each served by `article`, with
    `routes` over these."""
    links = fs.article_links("/tin/", count)
    table: dict[str, fs.Handler] = {
        "/robots.txt": ROBOTS_OK,
        "/tin/": fs.page(fs.listing_html(links)),
        "/tin/*": article or fs.article(),
    }
    table.update(routes or {})
    return fs.Site(table)


def _mixed_site(bad: dict[str, fs.Handler], good: int = 1) -> fs.Site:
    """A listing of `good` healthy articles and one bad article per entry of `bad`."""
    links = fs.article_links("/tin/", good) + [f"/bad/{k}-post9{i}.html" for i, k in enumerate(bad)]
    table: dict[str, fs.Handler] = {
        "/robots.txt": ROBOTS_OK,
        "/tin/": fs.page(fs.listing_html(links)),
        "/tin/*": fs.article(),
    }
    for i, (k, handler) in enumerate(bad.items()):
        table[f"/bad/{k}-post9{i}.html"] = handler
    return fs.Site(table)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tls(ca: trustme.CA, *names: str) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert(*names).configure_cert(ctx)
    return ctx


def _invalid_utf8() -> bytes:
    page = fs.article_html(7)
    return page.replace(b"<p>", b"<p>\xff\xfe\xc3\x28 \xed\xa0\x80 ", 1)


def _rss(links: list[str]) -> bytes:
    items = "".join(f"<item><title>Tin {u}</title><link>{u}</link></item>" for u in links)
    return f"<?xml version='1.0'?><rss version='2.0'><channel>{items}</channel></rss>".encode()


def _robots_site(robots: fs.Handler, home: bytes, body: str | None = None) -> fs.Site:
    """A site whose listing /tin/ is healthy and whose robots.txt is `robots` (with `body`:
    a 404 whose page reads like rules)."""
    if body is not None:
        robots = fs.page(body, 404, content_type="text/plain")
    return fs.Site({"/robots.txt": robots, "/tin/": fs.page(home), "/tin/*": fs.article()})


def _tls_site(tls: ssl.SSLContext, home: bytes) -> fs.Site:
    return fs.Site(
        {"/robots.txt": ROBOTS_OK, "/tin/": fs.page(home), "/tin/*": fs.article()}, tls=tls
    )


def _fault_sites(trusted: trustme.CA) -> dict[str, Declared]:
    stranger = trustme.CA()  # a CA the crawl does not trust: a self-signed chain to it
    home = fs.listing_html(fs.article_links("/tin/", 2))
    return {
        # healthy sites, beside every fault
        "t_ok_listing": Declared(_listing_site(3), listings=("/tin/",)),
        "t_ok_feed": Declared(
            fs.Site(
                {
                    "/robots.txt": ROBOTS_OK,
                    "/rss.xml": fs.page(_rss(fs.article_links("/tin/", 3)), content_type=fs.XML),
                    "/tin/*": fs.article(),
                }
            ),
            feeds=("/rss.xml",),
        ),
        # HTTP answers
        "t_503": Declared(_listing_site(2, routes={"/tin/": fs.status(503)}), listings=("/tin/",)),
        "t_503_retry_after": Declared(
            _listing_site(2, routes={"/tin/": fs.busy_then(503, "1", 2, fs.page(home))}),
            listings=("/tin/",),
        ),
        # articles answered in 0.4 s: those queued in the downloader when the 429 comes would
        # be sent during its Retry-After, unless the hold takes them back too
        "t_429": Declared(
            _listing_site(4, fs.busy_then(429, "2", 1, fs.slow(fs.article(), 0.4))),
            listings=("/tin/",),
        ),
        "t_429_long": Declared(
            _listing_site(5, fs.busy_then(429, "3600", 99, fs.article())), listings=("/tin/",)
        ),
        "t_404": Declared(_listing_site(3, fs.status(404)), listings=("/tin/",)),
        "t_redirect_loop": Declared(
            _listing_site(
                3,
                fs.redirect("/loop/a"),
                {"/loop/a": fs.redirect("/loop/b"), "/loop/b": fs.redirect("/loop/a")},
            ),
            listings=("/tin/",),
        ),
        # the network
        "t_refused": Declared(
            None, home=f"http://127.0.0.1:{_closed_port()}/", listings=("/tin/",)
        ),
        "t_dns": Declared(None, home="http://partywire-fault.invalid/", listings=("/tin/",)),
        "t_stall": Declared(_listing_site(40, fs.stall()), listings=("/tin/",)),
        "t_drip": Declared(_mixed_site({"drip": fs.drip()}, good=2), listings=("/tin/",)),
        "t_truncated": Declared(
            _mixed_site({"cut": fs.truncated(fs.article_html(5)[:1000], 5000)}, good=2),
            listings=("/tin/",),
        ),
        # size
        "t_big": Declared(
            _mixed_site(
                {
                    "ten": fs.huge(10 << 20),
                    "hundred": fs.huge(100 << 20, declare=False),
                    "bomb": fs.gzip_bomb(1 << 30),
                    "five": fs.huge(5 << 20),
                }
            ),
            listings=("/tin/",),
        ),
        "t_utf8": Declared(_mixed_site({"bytes": fs.page(_invalid_utf8())}), listings=("/tin/",)),
        # robots.txt
        "t_robots_disallow": Declared(
            _robots_site(fs.page("User-agent: *\nDisallow: /\n", content_type="text/plain"), home),
            listings=("/tin/",),
        ),
        "t_robots_5xx": Declared(_robots_site(fs.status(500), home), listings=("/tin/",)),
        "t_robots_stall": Declared(_robots_site(fs.stall(), home), listings=("/tin/",)),
        "t_robots_404": Declared(
            _robots_site(fs.status(404), home, body="User-agent: *\nDisallow: /\n"),
            listings=("/tin/",),
        ),
        # discovery traps
        "t_10k_links": Declared(_listing_site(10_000), listings=("/tin/",)),
        "t_pagination": Declared(
            fs.Site(
                {
                    "/robots.txt": ROBOTS_OK,
                    "/list/*": fs.endless_listing("/list/"),
                    "/a/*": fs.article(),
                }
            ),
            listings=("/list/1",),
            extra={"next_page": "a.next", "max_pages": 3},
        ),
        "t_sitemap_trap": Declared(
            fs.Site({"/robots.txt": ROBOTS_OK, "/sm*": fs.nested_sitemaps()}),
            sitemaps=("/sm.xml",),
            extra={"max_sitemap_depth": 5},
        ),
        "t_html_feed": Declared(
            fs.Site(
                {
                    "/robots.txt": ROBOTS_OK,
                    "/": fs.page(home),
                    "/rss.xml": fs.page(home),
                    "/tin/*": fs.article(),
                }
            ),
            feeds=("/rss.xml",),
        ),
        # TLS
        "t_tls_self_signed": Declared(
            _tls_site(_tls(stranger, "127.0.0.1"), home), listings=("/tin/",)
        ),
        "t_tls_wrong_host": Declared(
            _tls_site(_tls(trusted, "other.example"), home), listings=("/tin/",)
        ),
        "t_tls_trusted": Declared(_tls_site(_tls(trusted, "127.0.0.1"), home), listings=("/tin/",)),
        "t_tls_opt_out": Declared(
            _tls_site(_tls(stranger, "127.0.0.1"), home),
            listings=("/tin/",),
            extra={"tls_verify": False, "tls_reason": "a test server with a self-signed chain"},
        ),
    }


@pytest.fixture(scope="module")
def faults(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    """Every fault of the matrix and two healthy sites in one crawl, under a 12-second site
    budget with 2-second download timeouts; the crawl trusts one local CA (SSL_CERT_FILE)."""
    tmp = tmp_path_factory.mktemp("faults")
    trusted = trustme.CA()
    trusted.cert_pem.write_to_path(str(tmp / "ca.pem"))
    sites = _fault_sites(trusted)
    try:
        crawl = _run(
            sites,
            tmp,
            {
                "CLOSESPIDER_TIMEOUT": BUDGET_S,
                "DOWNLOAD_TIMEOUT": TIMEOUT_S,
                "PARTYWIRE_MAX_LINKS": MAX_LINKS,
                "PARTYWIRE_MAX_SITEMAPS": 10,
            },
            {"SSL_CERT_FILE": str(tmp / "ca.pem")},
        )
    finally:
        for d in sites.values():
            if d.server is not None:
                d.server.stop()
    crawl.budget = BUDGET_S
    yield crawl


@pytest.fixture(scope="module")
def deadline(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    """The crawl's deadline (6 s; no site budget, downloads may take 30 s) over a site that
    stalls, and an 8-page budget over a site of 30 articles, beside a healthy site."""
    tmp = tmp_path_factory.mktemp("deadline")
    sites = {
        "t_ok_listing": Declared(_listing_site(3), listings=("/tin/",)),
        "t_deadline_stall": Declared(_listing_site(30, fs.stall()), listings=("/tin/",)),
        "t_page_budget": Declared(_listing_site(30), listings=("/tin/",)),
    }
    try:
        crawl = _run(
            sites,
            tmp,
            {
                "CLOSESPIDER_TIMEOUT": 0,
                "PARTYWIRE_DEADLINE": 6,
                "CLOSESPIDER_PAGECOUNT": 8,
                "DOWNLOAD_TIMEOUT": 30,
                "PARTYWIRE_MAX_LINKS": 30,
            },
            {},
        )
    finally:
        for d in sites.values():
            if d.server is not None:
                d.server.stop()
    crawl.budget = 6
    yield crawl


# -- every crawl: on time, in bounded memory, the healthy sites stored -------------------------


@pytest.mark.parametrize("which", ["faults", "deadline"])
def test_the_crawl_ends_within_its_budget_in_bounded_memory(
    which: str, request: pytest.FixtureRequest
) -> None:
    """No site runs past its budget by more than the grace of a download in flight (1 s) and
    the idle check (Scrapy looks every 5 s); the whole crawl, child start-up included, ends
    soon after; the gzip bomb and the 100 MB page never cost the crawl its memory."""
    crawl: Crawl = request.getfixturevalue(which)
    for site, r in crawl.results.items():
        assert r["elapsed"] is not None and r["elapsed"] <= crawl.budget + 3, (site, r)
    assert crawl.wall < crawl.budget + 25, crawl.wall
    assert crawl.maxrss < MAX_RSS, crawl.maxrss


@pytest.mark.parametrize("which", ["faults", "deadline"])
def test_healthy_sites_store_their_articles_beside_the_faults(
    which: str, request: pytest.FixtureRequest
) -> None:
    crawl: Crawl = request.getfixturevalue(which)
    r = crawl.results["t_ok_listing"]
    assert (r["outcome"], r["reason"], r["stored"]) == ("ok", "", 3)
    titles = sorted(row["title"] for row in crawl.stored["t_ok_listing"])
    assert titles == sorted(
        f"Hội nghị lần thứ {n} bàn về {fs._TOPICS[n % len(fs._TOPICS)]}" for n in (1, 2, 3)
    )
    if which == "faults":
        r = crawl.results["t_ok_feed"]
        assert (r["outcome"], r["reason"], r["stored"]) == ("ok", "", 3)


# -- the fault crawl: each cause named ---------------------------------------------------------

ROBOTS_UNAVAILABLE = "robots.txt unavailable (5xx or no answer), skipped 1/1 listings"
TLS = "TLS failed (certificate refused or handshake) on 1/1 listings"
FAILED = [
    ("t_503", "HTTP 503 on 1/1 listings", {"error/http_503": 1}),
    ("t_429_long", "HTTP 429 on 5/5 article pages", {"error/http_429": 5, "backoff/given_up": 1}),
    ("t_404", "HTTP 404 on 3/3 article pages", {"error/http_404": 3}),
    ("t_refused", "connection refused on 1/1 listings", {"error/refused": 1}),
    ("t_dns", "DNS lookup failed on 1/1 listings", {"error/dns": 1}),
    ("t_robots_disallow", "robots.txt disallows 1/1 listings", {"error/robots": 1}),
    ("t_robots_5xx", ROBOTS_UNAVAILABLE, {"error/robots_unavailable": 1}),
    ("t_robots_stall", ROBOTS_UNAVAILABLE, {"error/robots_unavailable": 1}),
    ("t_tls_self_signed", TLS, {"error/tls": 1}),
    ("t_tls_wrong_host", TLS, {"error/tls": 1}),
]


@pytest.mark.parametrize(("site", "reason", "figures"), FAILED, ids=[c[0] for c in FAILED])
def test_a_failed_site_names_its_cause(
    faults: Crawl, site: str, reason: str, figures: dict[str, int]
) -> None:
    r = faults.results[site]
    assert (r["outcome"], r["reason"], r["stored"]) == ("failed", reason, 0)
    assert {k: r["figures"].get(k) for k in figures} == figures
    assert faults.stored[site] == []


def test_a_redirect_loop_is_named_at_once_for_every_link_into_it(faults: Crawl) -> None:
    """Three article links into one two-address loop: each chain is caught as it comes back
    to an address of its own (not after 20 hops), and each counts, though the second and third
    ask for addresses the first asked already (Scrapy's dupefilter would drop them unsaid)."""
    r = faults.results["t_redirect_loop"]
    assert (r["outcome"], r["reason"]) == ("failed", "redirect loop on 3/3 article pages")
    assert r["figures"]["error/redirect_loop"] == 3
    server = faults.servers["t_redirect_loop"]
    assert sorted(p for p, _ in server.asked("/tin/tin-")) == [
        f"/tin/tin-{i}-post{i}.html" for i in (1, 2, 3)
    ]
    assert sorted(p for p, _ in server.asked("/loop/")) == ["/loop/a"] * 3 + ["/loop/b"] * 3


def test_robots_txt_unavailable_keeps_the_crawl_off_the_site(faults: Crawl) -> None:
    """5xx (retried, as Scrapy retries 500) or no answer: only robots.txt was asked; a 404
    whose page reads like rules means no rules (RFC 9309), and the site is crawled."""
    for site in ("t_robots_5xx", "t_robots_stall"):
        paths = {p for p, _ in faults.servers[site].hits}
        assert paths == {"/robots.txt"}, (site, paths)
    assert [p for p, _ in faults.servers["t_robots_disallow"].hits] == ["/robots.txt"]
    ok = faults.results["t_robots_404"]
    assert (ok["outcome"], ok["stored"]) == ("ok", 2)


def test_retry_after_holds_the_whole_host(faults: Crawl) -> None:
    """A 429 asking for 2 s on one article of four, each of the others answered in 0.4 s:
    the request in flight beside it is answered, the ones queued behind it in the downloader
    are not sent during the 2 s (two at a time, one would go at about 0.45 s), nor is its
    retry; then all four are stored."""
    r = faults.results["t_429"]
    assert (r["outcome"], r["stored"]) == ("ok", 4)
    assert r["figures"]["backoff/waits"] == 1
    assert r["figures"]["backoff/holds"] == 1
    hits = faults.servers["t_429"].asked("/tin/tin-")
    since = [round(t - hits[0][1], 2) for _, t in hits]
    # the one beside it may be asked during the wait (sent before the 429 came back); without
    # the hold, the two queued behind would be too, at once and at about 0.45 s
    assert len(since) == 5 and len([t for t in since[1:] if t < 1.9]) <= 1, since


def test_503_retry_after_is_waited_for_then_the_listing_read(faults: Crawl) -> None:
    r = faults.results["t_503_retry_after"]
    assert (r["outcome"], r["stored"]) == ("ok", 2)
    assert r["figures"]["backoff/waits"] == 2
    times = [t for p, t in faults.servers["t_503_retry_after"].hits if p == "/tin/"]
    assert len(times) == 3
    assert all(b - a >= 0.95 for a, b in itertools.pairwise(times)), times


def test_a_retry_after_beyond_the_bound_gives_the_host_up_this_run(faults: Crawl) -> None:
    """Retry-After 3600 (over 120 s) on five articles: one asked (and the one beside it, when
    it was sent before the 429 came back), the others answered with its 429 unasked; the run
    fails with the status, and its site backs off (the scheduler's part)."""
    assert 1 <= len(faults.servers["t_429_long"].asked("/tin/tin-")) <= 2


def test_a_stalled_site_ends_at_its_budget(faults: Crawl) -> None:
    """40 links to pages that never answer: 20 taken (the cap), two at a time, each given up
    after its timeout; at 12 s the rest are dropped and the site ends with its reason."""
    r = faults.results["t_stall"]
    assert r["outcome"] == "failed" and r["stored"] == 0
    assert r["reason"].startswith(
        f"over its {BUDGET_S}-second budget: 0 of {MAX_LINKS} article links fetched"
    ), r["reason"]
    f = r["figures"]
    assert f["budget/timeout"] == 1 and f["budget/limit"] == BUDGET_S
    assert f["discovery/capped"] == 40 - MAX_LINKS
    assert r["elapsed"] <= BUDGET_S + 3


@pytest.mark.parametrize(
    ("site", "reason", "kind"),
    [
        ("t_drip", "1 error logged: timed out on 1/3 article pages", "timeout"),
        (
            "t_truncated",
            "1 error logged: truncated body (connection closed before its Content-Length) "
            "on 1/3 article pages",
            "truncated",
        ),
    ],
)
def test_a_bad_article_beside_good_ones_is_named(
    faults: Crawl, site: str, reason: str, kind: str
) -> None:
    r = faults.results[site]
    assert (r["reason"], r["stored"]) == (reason, 2)
    assert r["figures"][f"error/{kind}"] == 1
    assert len(faults.stored[site]) == 2


def test_oversized_pages_are_refused_as_size(faults: Crawl) -> None:
    """10 MB declared (cancelled on its headers), 100 MB undeclared (cancelled at 8 MB), a
    1 MB gzip that expands to 1 GB (stopped at 8 MB), 5 MB (downloaded, not extracted): four
    refusals as `size`; the healthy article beside them stored."""
    r = faults.results["t_big"]
    assert r["stored"] == 1 and len(faults.stored["t_big"]) == 1
    f = r["figures"]
    assert f["error/size"] == 4 and f["failed/article/size"] == 4 and f["too_large"] == 1
    assert r["reason"].endswith(
        "page too large (over the download or extraction limit) on 4/5 article pages"
    )
    assert max(len(row["text"]) for row in faults.stored["t_big"]) < 100_000


def test_invalid_utf8_is_stored_as_text(faults: Crawl) -> None:
    r = faults.results["t_utf8"]
    assert (r["outcome"], r["stored"]) == ("ok", 2)
    for row in faults.stored["t_utf8"]:
        row["text"].encode("utf-8")  # no lone surrogate made it to the store


def test_a_listing_of_10000_links_takes_the_cap(faults: Crawl) -> None:
    r = faults.results["t_10k_links"]
    assert (r["outcome"], r["stored"]) == ("ok", MAX_LINKS)
    assert r["figures"]["discovery/capped"] == 10_000 - MAX_LINKS
    assert len(faults.servers["t_10k_links"].asked("/tin/tin-")) == MAX_LINKS


def test_a_pagination_trap_stops_at_max_pages(faults: Crawl) -> None:
    r = faults.results["t_pagination"]
    assert (r["outcome"], r["stored"]) == ("ok", 6)
    assert [p for p, _ in faults.servers["t_pagination"].asked("/list/")] == [
        "/list/1",
        "/list/2",
        "/list/3",
    ]


def test_a_sitemap_trap_stops_at_the_sitemap_limit(faults: Crawl) -> None:
    """Indexes that nest new indexes for ever, declared 5 deep: 10 sitemaps read in all."""
    r = faults.results["t_sitemap_trap"]
    assert len(faults.servers["t_sitemap_trap"].asked("/sm")) == 10
    assert r["figures"]["discovery/sitemaps_capped"] > 0
    assert r["reason"].startswith("no article found (")
    assert "sitemaps beyond the run's limit not read" in r["reason"]


def test_html_served_as_a_feed_falls_back_to_the_home_page(faults: Crawl) -> None:
    r = faults.results["t_html_feed"]
    assert r["stored"] == 2
    assert r["reason"] == "1 error logged: unparseable response on 1/1 feeds"
    assert r["figures"]["discovery/home_fallback"] == 1


def test_tls_is_verified_against_the_trusted_store_or_declared_off(faults: Crawl) -> None:
    """A certificate of the CA the crawl trusts is accepted; a stranger's (self-signed chain)
    is refused, and so is a trusted one for another host name; a site that declares
    `tls_verify = False` with its reason takes the stranger's."""
    for site in ("t_tls_trusted", "t_tls_opt_out"):
        r = faults.results[site]
        assert (r["outcome"], r["stored"]) == ("ok", 2), site
    assert faults.servers["t_tls_self_signed"].hits == []  # not one request got through


# -- the deadline crawl ------------------------------------------------------------------------


def test_the_crawl_deadline_closes_a_stalled_site(deadline: Crawl) -> None:
    r = deadline.results["t_deadline_stall"]
    assert r["outcome"] == "failed" and r["stored"] == 0
    assert r["reason"].startswith(
        "stopped at the crawl's 6-second deadline: 0 of 30 article links fetched"
    ), r["reason"]
    assert r["figures"]["budget/deadline"] == 1


def test_a_page_budget_keeps_what_it_stored_and_degrades_the_site(deadline: Crawl) -> None:
    """8 pages: robots.txt, the listing and six articles at most; the articles stored stay,
    the run is ok with its reason, and the site's state is degraded, not failing."""
    r = deadline.results["t_page_budget"]
    assert r["outcome"] == "ok"
    assert 1 <= r["stored"] <= 6 and len(deadline.stored["t_page_budget"]) == r["stored"]
    assert r["reason"].startswith("over its 8-page budget: ") and r["reason"].endswith(
        "of 30 article links fetched"
    ), r["reason"]
    now = datetime.now(UTC)
    run = Run("t_page_budget", now, now, "ok", r["reason"], r["figures"])
    health = assess([run], now)
    assert health.state == "degraded" and health.reason.startswith("over its 8-page budget")


# -- the parts alone ---------------------------------------------------------------------------


def test_a_site_that_turns_tls_off_must_say_why() -> None:
    class Lax(NewsSpider):
        name = "t_lax"
        outlet = "Lax"
        home = "https://lax.example/"
        tls_verify = False

    with pytest.raises(ValueError, match="tls_verify = False needs a tls_reason"):
        Lax.validate()
    Lax.tls_reason = "its portal serves an expired intermediate (2026-11)"
    Lax.validate()


def test_retry_after_reads_seconds_and_dates() -> None:
    now = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    assert retry_after("120", now) == 120.0
    assert retry_after(b" 7 ", now) == 7.0
    assert retry_after("Tue, 01 Dec 2026 08:01:30 GMT", now) == 90.0
    assert retry_after("Tue, 01 Dec 2026 07:00:00 GMT", now) == 0.0  # past: no wait
    assert retry_after("soon", now) is None
    assert retry_after(None, now) is None
