"""What a crawl costs per article: partywire's crawl against a naive Scrapy spider, one run.

Both run on the same replay corpus (bench/crawl_corpus.py: every recorded site, a few thousand
article pages), each in its own child process, answered by the same replay cache storage
(crawler.replay.WarcCacheStorage through Scrapy's HttpCacheMiddleware), so the input costs are
equal:
(a) partywire: `crawler.runner.crawl` over every registered site, as `partywire crawl --replay
    CORPUS --db sqlite:///var/bench/crawl.db` runs it (every spider, pipeline, the store and the
    syndication index, the run history), on a store made anew;
(b) naive: one Scrapy spider that reads every site's feeds, sitemaps and listings, follows the
    links its article pattern accepts, and per article page calls `trafilatura.extract` (its
    defaults, with metadata) and `dateparser.parse` on the date the page prints, writing JSON
    lines.
Each child's CPU (user + sys) and peak RSS come from os.wait4, so nothing of this process is
counted; each callback on a child's reactor is timed, the longest saying how long one piece of
work kept every download waiting (and the 99th percentile). No setting is raised: the corpus
stays within a site's link cap and page budget.
With --profile, a third child runs partywire's crawl under cProfile and its top functions, by
cumulative and by own time, are printed as tables.
Run: .venv/bin/python bench/crawl.py [--rounds 3] [--profile] [--per-site N]   (make bench-crawl)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VAR = ROOT / "var" / "bench"
CORPUS = VAR / "crawl-corpus"
LOG_LEVEL = "INFO"  # Scrapy's and partywire's default: both log what they log in production


@dataclass
class Result:
    name: str
    articles: int
    wall: float
    cpu: float
    peak_mb: float
    lag_max_ms: float = 0.0
    lag_p99_ms: float = 0.0

    @property
    def ms_per_article(self) -> float:
        return 1000 * self.cpu / max(self.articles, 1)

    @property
    def per_core(self) -> float:
        """Articles per second of one core's time."""
        return self.articles / self.cpu if self.cpu else 0.0


# -- the children -------------------------------------------------------------------------------
class Stalls:
    """How long each callback held the reactor thread (asyncio runs Twisted's reactor here):
    the longest is the longest any download of any site waited behind one piece of work,
    a page's stages or a listing's links. On replay the reactor is never idle, so a timer's
    lateness would only say how much work was queued; one callback's length says what one
    page costs the others."""

    times: ClassVar[list[float]] = []

    @classmethod
    def watch(cls) -> None:
        import asyncio.events  # lazy: only the children run a reactor

        run = asyncio.events.Handle._run

        def timed(handle: asyncio.events.Handle) -> None:
            start = time.perf_counter()
            try:
                run(handle)
            finally:
                cls.times.append(time.perf_counter() - start)

        asyncio.events.Handle._run = timed  # type: ignore[method-assign]

    @classmethod
    def figures(cls) -> dict[str, float]:
        times = sorted(cls.times) or [0.0]
        return {
            "lag_max_ms": 1000 * times[-1],
            "lag_p99_ms": 1000 * times[int(0.99 * (len(times) - 1))],
        }


def run_partywire(corpus: Path, db_path: Path, profile: Path | None) -> None:
    os.environ["PARTYWIRE_LOG_LEVEL"] = LOG_LEVEL
    for p in db_path.parent.glob(db_path.name + "*"):
        p.unlink()
    from crawler.runner import crawl  # lazy: the settings module reads the environment above

    def go() -> int:
        results = crawl(replay=[str(corpus)], db=f"sqlite:///{db_path}")
        return sum(r.stored for r in results)

    Stalls.watch()

    if profile is None:
        stored = go()
    else:
        stored = profiled(go, profile)
    print(json.dumps({"stored": stored, **Stalls.figures()}))


def profiled(go: Callable[[], int], out: Path) -> int:
    """`go()` under cProfile in every thread (the store writes in Twisted's thread pool), each
    timed by its own thread's CPU clock: a wall clock would charge one thread's wait for the
    GIL to whatever it was doing."""
    import cProfile  # lazy: only the profiling child needs these
    import pstats
    import threading

    threads: list[cProfile.Profile] = []
    run = threading.Thread.run

    def run_profiled(self: threading.Thread) -> None:
        prof = cProfile.Profile(time.thread_time)
        threads.append(prof)
        prof.runcall(run, self)

    threading.Thread.run = run_profiled  # type: ignore[method-assign]
    main = cProfile.Profile(time.thread_time)
    stored = main.runcall(go)
    threading.Thread.run = run  # type: ignore[method-assign]
    stats = pstats.Stats(main)
    for prof in threads:  # pool threads outlive the crawl: read, not stopped
        prof.snapshot_stats()
        stats.add(_Snapshot(prof.stats))  # type: ignore[attr-defined]
    stats.dump_stats(out)
    return int(stored)


class _Snapshot:
    """A thread's profile as pstats reads one (a live thread's profiler is not stopped)."""

    def __init__(self, stats: dict[Any, Any]) -> None:
        self.stats = stats

    def create_stats(self) -> None:
        pass


def _date_text(response: Any) -> str | None:
    """The date as the page prints it, as a naive scraper would look for it."""
    for query in (
        "meta[property='article:published_time']::attr(content)",
        "meta[itemprop='datePublished']::attr(content)",
        "time::attr(datetime)",
        "time::text",
        "[class*=date]::text",
        "[class*=time]::text",
    ):
        got = response.css(query).get()
        if got and got.strip():
            return str(got).strip()
    return None


def run_naive(corpus: Path, out: Path) -> None:
    import dateparser  # lazy: only this child loads the naive pipeline's libraries
    import scrapy
    import trafilatura
    from scrapy.crawler import CrawlerProcess

    manifest = json.loads((corpus / "manifest.json").read_text())
    from crawler.sites import registry  # lazy: only the site patterns, as a spider would copy

    patterns = {n: re.compile(c.article_pattern or ".") for n, c in registry().items()}

    class Naive(scrapy.Spider):
        name = "naive"

        async def start(self) -> AsyncIterator[scrapy.Request]:
            for site, d in manifest["sites"].items():
                for url in d["sources"]:
                    yield scrapy.Request(url, self.parse_source, cb_kwargs={"site": site})

        def parse_source(self, response: Any, site: str) -> Iterator[scrapy.Request]:
            if response.url.endswith(".xml") or b"<rss" in response.body[:500]:
                sel = scrapy.Selector(text=response.text, type="xml")
                sel.remove_namespaces()
                links = sel.xpath("//item/link/text() | //loc/text()").getall()
            else:
                links = response.css("a::attr(href)").getall()
            host = urlsplit(response.url).hostname
            for href in links:
                url = response.urljoin(href.strip())
                parts = urlsplit(url)
                if url.endswith(".xml"):
                    yield scrapy.Request(url, self.parse_source, cb_kwargs={"site": site})
                elif parts.hostname == host:
                    path = parts.path + (f"?{parts.query}" if parts.query else "")
                    if patterns[site].search(path):
                        yield scrapy.Request(url, self.parse_article)

        def parse_article(self, response: Any) -> Iterator[dict[str, Any]]:
            got = trafilatura.extract(
                response.text, url=response.url, output_format="json", with_metadata=True
            )
            if not got:
                return
            data = json.loads(got)
            raw = _date_text(response) or data.get("date")
            when = dateparser.parse(raw, languages=["vi"]) if raw else None
            yield {
                "url": response.url,
                "title": data.get("title"),
                "text": data.get("text"),
                "published": when.isoformat() if when else None,
            }

    out.unlink(missing_ok=True)
    Stalls.watch()
    process = CrawlerProcess(
        {
            "PARTYWIRE_REPLAY": str(corpus),
            "ADDONS": {"crawler.replay.ReplayAddon": 0},
            "ROBOTSTXT_OBEY": True,
            "LOG_LEVEL": LOG_LEVEL,
            "FEEDS": {str(out): {"format": "jsonlines", "encoding": "utf-8"}},
        }
    )
    process.crawl(Naive)
    process.start()
    with out.open() as fh:
        stored = sum(1 for line in fh if json.loads(line).get("text"))
    print(json.dumps({"stored": stored, **Stalls.figures()}))


# -- the parent ---------------------------------------------------------------------------------
def child(name: str, args: list[str]) -> Result:
    """One child's run, measured by the kernel: its own CPU and its own peak RSS."""
    log = VAR / f"crawl-{name}.log"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", name, *args]
    start = time.perf_counter()
    with log.open("wb") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, cwd=ROOT)
        assert proc.stdout is not None
        output = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{name} failed ({proc.returncode}); see {log}")
    got = json.loads(output.decode().strip().splitlines()[-1])
    return Result(
        name,
        got["stored"],
        wall,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
        got.get("lag_max_ms", 0.0),
        got.get("lag_p99_ms", 0.0),
    )


def median_of(runs: list[Result]) -> Result:
    """Each figure's median over the rounds: one child's CPU varies by a quarter from run to
    run on this machine (30.6 and 41.7 s for the naive spider in two runs), more than the
    difference measured."""
    import statistics  # lazy: the children do not need it

    def med(attr: str) -> Any:
        return statistics.median(getattr(r, attr) for r in runs)

    fields = ("articles", "wall", "cpu", "peak_mb", "lag_max_ms", "lag_p99_ms")
    return Result(runs[0].name, *(med(f) for f in fields))


def stored_in(db_path: Path) -> int:
    with sqlite3.connect(db_path) as conn:
        return int(conn.execute("select count(*) from articles").fetchone()[0])


def table(ours: Result, naive: Result) -> str:
    rows = [
        ("articles stored", "{:.0f}", ours.articles, naive.articles),
        ("wall seconds", "{:.1f}", ours.wall, naive.wall),
        ("CPU seconds (user+sys)", "{:.1f}", ours.cpu, naive.cpu),
        ("CPU ms per article", "{:.2f}", ours.ms_per_article, naive.ms_per_article),
        ("articles/s per core", "{:.1f}", ours.per_core, naive.per_core),
        ("peak RSS MB", "{:.0f}", ours.peak_mb, naive.peak_mb),
        ("reactor callback p99 ms", "{:.1f}", ours.lag_p99_ms, naive.lag_p99_ms),
        ("reactor callback max ms", "{:.0f}", ours.lag_max_ms, naive.lag_max_ms),
    ]
    lines = [f"{'':26}{'partywire':>12}{'naive':>12}{'ratio':>8}"]
    for label, fmt, a, b in rows:
        ratio = a / b if b else float("nan")
        lines.append(f"{label:26}{fmt.format(a):>12}{fmt.format(b):>12}{ratio:>8.2f}")
    return "\n".join(lines)


def profile_tables(path: Path, top: int = 25) -> str:
    import pstats  # lazy: only with --profile

    st = pstats.Stats(str(path))
    raw: dict[Any, Any] = st.stats  # type: ignore[attr-defined]
    total = sum(tt for _cc, _nc, tt, _ct, _callers in raw.values())
    out = []
    for title, col in (("cumulative", 3), ("own time", 2)):
        out.append(f"\ntop {top} by {title} (of {total:.1f} CPU s profiled, every thread)")
        out.append(f"{'cum s':>8}{'own s':>8}{'own %':>7}{'calls':>10}  function")
        ranked = sorted(raw.items(), key=lambda kv: kv[1][col], reverse=True)[:top]
        for (file, line, fn), (_cc, nc, tt, ct, _callers) in ranked:
            where = _short(file)
            out.append(f"{ct:8.2f}{tt:8.2f}{100 * tt / total:7.1f}{nc:10d}  {where}:{line}({fn})")
    return "\n".join(out)


def _short(file: str) -> str:
    for marker in ("site-packages/", str(ROOT) + "/"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--child", choices=["partywire", "naive"], help=argparse.SUPPRESS)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--per-site", type=int, help="regenerate the corpus with N articles a site")
    ap.add_argument("--rounds", type=int, default=3, help="runs of each, alternated (medians)")
    ap.add_argument("--profile", action="store_true", help="also profile partywire's crawl")
    ap.add_argument("--prof-out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    VAR.mkdir(parents=True, exist_ok=True)
    db = VAR / "crawl.db"
    if args.child == "partywire":
        run_partywire(args.corpus, db, args.prof_out)
        return
    if args.child == "naive":
        run_naive(args.corpus, VAR / "crawl-naive.jsonl")
        return
    if args.per_site or not (args.corpus / "manifest.json").exists():
        from crawl_corpus import PER_SITE, write  # lazy: only when the corpus is (re)made

        write(args.corpus, args.per_site or PER_SITE)
    manifest = json.loads((args.corpus / "manifest.json").read_text())
    pages, sites = manifest["articles"], len(manifest["sites"])
    corpus = ["--corpus", str(args.corpus)]
    naives, ourses = [], []
    for _ in range(max(1, args.rounds)):
        naives.append(child("naive", corpus))
        ourses.append(child("partywire", corpus))
        if stored_in(db) != ourses[-1].articles:
            said = ourses[-1].articles
            raise SystemExit(f"partywire said {said} stored, the store holds {stored_in(db)}")
    print(
        f"corpus {args.corpus}: {pages} article pages, {sites} sites; {len(ourses)} rounds "
        "(naive then partywire), each figure the median of its rounds, children measured"
    )
    print(table(median_of(ourses), median_of(naives)))
    rounds = ", ".join(f"{a.cpu / b.cpu:.2f}" for a, b in zip(ourses, naives, strict=True))
    print(f"CPU ratio of each round: {rounds}")
    if args.profile:
        prof = VAR / "crawl.prof"
        child("partywire", [*corpus, "--prof-out", str(prof)])
        print(profile_tables(prof))


if __name__ == "__main__":
    main()
