"""The syndication index with its store: start-up, memory, placement, candidates, at N stored
articles, against the index before issue 14 (every stored article, datasketch), in one run.

The store is a real one (SQLite under var/bench/dedup/, or PostgreSQL with --db): N articles
composed from the sentence templates the modelled recorded pages are written from
(tests/recorded/_author/formula.json, read as data), first stored evenly over `--span` days
(365: a year of archive) up to now. Every row carries what a 0004 store carried (shingles,
facts, a 512-byte MinHash on the article), and the window table holds the last 14 days, as
revision 0005 leaves a store: so both indexes read what they would really read.

Each index is built in a process of its own (forked), so its memory is the process's resident
set (VmRSS) before and after, not one object's estimate: "ours" is `index_for(store)` (window,
signatures only), "before" reads every stored article and inserts a datasketch MinHash of each
into datasketch's LSH (threshold 0.6, weights not passed) with its shingles kept in memory.
Then 1,000 placements: half republished copies of articles in the window (the edits outlets
make: dateline, source line, cut, merged paragraphs, rewording, sapo repeated), half new
articles; median and p99 ms, how many were placed right, and the candidates per placement
(ours: what the LSH offers, then what the signatures keep; the shingles of only those are read).

Run: .venv/bin/python bench/dedup.py [N ...] [--span DAYS] [--db URL] [--redis URL]
(`make bench-dedup`: 10,000 and 100,000; --span 37 puts a 1M-a-year window, ~38k, in 100k.)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import random
import statistics
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from datasketch import MinHash, MinHashLSH  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from crawler.core.cluster import (  # noqa: E402
    CONTAINMENT,
    NUM_PERM,
    SCHEME,
    Doc,
    arr,
    containment,
    doc,
    facts_agree,
    sig_bytes,
    signature,
)
from crawler.storage import Store, articles  # noqa: E402
from crawler.syndication import DAYS, StoreIndex, _RedisSync, index_for, window  # noqa: E402
from tests.recorded._author.generate import fill_slots  # noqa: E402

FORMULA = json.loads(
    (ROOT / "tests" / "recorded" / "_author" / "formula.json").read_text(encoding="utf-8")
)
VAR = ROOT / "var" / "bench" / "dedup"
VN_OFFSET = timedelta(hours=7)
PLACES = [
    "Lào Cai",
    "Gia Lai",
    "Thái Nguyen",
    "Hà Tĩnh",
    "Sơn La",
    "Cần Thơ",
    "Đồng Tháp",
    "Tây Ninh",
    "Vĩnh Long",
    "Quảng Trị",
    "Tuyên Quang",
    "Khánh Hòa",
    "Đắk Lắk",
    "An Giang",
    "Đồng Nai",
    "Nghệ An",
    "Thanh Hóa",
    "Quảng Ninh",
    "Bắc Ninh",
    "Huế",
]
Article = tuple[str, list[str]]  # (sapo, paragraphs)
QUERIES = 1000


def compose(key: str, place: str, when: datetime) -> Article:
    """One formulaic article, deterministic from its key: the organ, event and numbers drawn
    in the order the recorded pages' generator draws them, so the same key gives the same text."""
    f = FORMULA
    r = random.Random(int(hashlib.sha256(key.encode()).hexdigest()[:16], 16))
    organ = r.choice(f["organs"])
    if place in f["cities"]:
        organ = organ.replace("Tỉnh ủy", "Thành ủy").replace("tỉnh", "thành phố")
        place = "TP Hồ Chí Minh" if place == "Hồ Chí Minh" else place
    commune = r.choice(f["communes"])
    _, event_lead = r.choice(f["events"])
    slots = fill_slots(r, place, organ, commune, when)
    day = r.choice(f["days"])
    lead = f"{day} {when.day}/{when.month}, {organ} {place} tổ chức {event_lead.format(**slots)}."
    sentences = r.sample(f["body"], 7)
    paras, i = [], 0
    for size in (2, 2, 2, 1):
        paras.append(" ".join(x.format(**slots) for x in sentences[i : i + size]))
        i += size
    return lead, paras


def republish(art: Article, r: random.Random) -> tuple[str, str]:
    """A copy of an article as another outlet republishes it: three of the usual edits."""
    sapo, paras = art[0], list(art[1])
    sapo = sapo.split(" - ", 1)[-1] if " - " in sapo[:12] else sapo
    edits = r.sample(["dateline", "source", "cut", "merge", "reword", "sapo_in_text"], 3)
    if "dateline" in edits:
        sapo = r.choice(["(Báo Nhân Dân) - ", "(ĐCSVN) - ", "(TTXVN) - ", "BBK - "]) + sapo
    if "reword" in edits:
        sapo = sapo.replace(" tổ chức ", " đã tổ chức ", 1).replace("Sáng ", "Sáng nay ", 1)
    if "cut" in edits and len(paras) > 2:
        paras = paras[:-1]
    if "merge" in edits and len(paras) > 2:
        paras = [paras[0] + " " + paras[1], *paras[2:]]
    if "source" in edits:
        credit = r.choice(["Theo TTXVN", "Theo Báo Nhân Dân", "Nguồn: dangcongsan.vn"])
        paras += ["Ảnh: TTXVN", credit]
    if "sapo_in_text" in edits:
        paras = [sapo, *paras]
    return sapo, "\n\n".join(paras)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Timeline:
    """When article i was first stored: evenly over `span` days, the last one now."""

    def __init__(self, n: int, span: float, now: datetime) -> None:
        self.n, self.span, self.now = n, span, now

    def at(self, i: int) -> datetime:
        return self.now - timedelta(days=self.span * (self.n - 1 - i) / max(1, self.n - 1))

    def first_in_window(self) -> int:
        """The first article within the window (DAYS), by index."""
        return max(0, int(self.n - 1 - (self.n - 1) * DAYS / self.span))

    def well_inside(self) -> int:
        """The first article an hour inside the window: the oldest leave it while the bench
        runs, and a copy of one of those is rightly a new story."""
        per_hour = (self.n - 1) / self.span / 24
        return min(self.n - 1, self.first_in_window() + int(per_hour) + 1)


def key_of(i: int) -> str:
    return f"https://bench{i % 97}.vn/tin/{i}.html"


def make(i: int, when: datetime) -> Article:
    return compose(f"bench{i}/{i}", PLACES[i % len(PLACES)], when + VN_OFFSET)


def _rows(start: int, stop: int, line: Timeline) -> Iterator[tuple[dict[str, Any], bool]]:
    for i in range(start, stop):
        when = line.at(i)
        sapo, paras = make(i, when)
        text = "\n\n".join(paras)
        d = doc(sapo, text)
        key = key_of(i)
        row = {
            "id": i + 1,
            "canonical_url": key,
            "url": key,
            "site": f"bench{i % 97}",
            "title": sapo[:80],
            "summary": sapo,
            "text": text,
            "fetched_at": when,
            "first_fetched": when,
            "fingerprint": hashlib.sha1(text.encode()).hexdigest(),
            "cluster": key,
            "shingles": d[0].tobytes(),
            "facts": d[1].tobytes(),
            "minhash": sig_bytes(signature(d[0])),
        }
        yield row, i >= line.first_in_window()


def fill(url: str, n: int, line: Timeline) -> Store:
    """The store of N articles; reused when it already holds them (filling is the slow part)."""
    store = Store(url)
    if store.count() == n:
        return store
    with store.engine.begin() as conn:
        conn.execute(window.delete())
        conn.execute(articles.delete())
    t0 = time.perf_counter()
    for start in range(0, n, 5000):
        got = list(_rows(start, min(n, start + 5000), line))
        with store.engine.begin() as conn:
            conn.execute(articles.insert(), [r for r, _ in got])
            win = [
                {
                    "article_id": r["id"],
                    "first_fetched": r["first_fetched"],
                    "shingles": r["shingles"],
                    "facts": r["facts"],
                    "signature": r["minhash"],
                }
                for r, inside in got
                if inside
            ]
            if win:
                conn.execute(window.insert(), win)
        print(f"  filled {start + len(got)}/{n} ({time.perf_counter() - t0:.0f} s)", flush=True)
    return store


def _identity(x: int) -> int:
    return x


class Before:
    """The index before issue 14, as it was: every stored article's MinHash rebuilt as a
    datasketch object (its permutations regenerated each time) into datasketch's LSH, with the
    default bands (the weights defined but not passed), and every article's shingles in memory."""

    def __init__(self, store: Store) -> None:
        self.lsh = MinHashLSH(threshold=0.6, num_perm=NUM_PERM)
        self.local: dict[str, tuple[Doc, str]] = {}
        c = articles.c
        q = select(c.canonical_url, c.shingles, c.facts, c.minhash, c.cluster)
        with store.engine.connect() as conn:
            for key, sh, fa, sig, cluster in conn.execute(q.execution_options(yield_per=1000)):
                values = np.frombuffer(sig, dtype=np.uint32).copy()
                m = MinHash(num_perm=NUM_PERM, hashfunc=_identity, scheme=SCHEME, hashvalues=values)
                self.lsh.insert(key, m)
                self.local[key] = ((arr(sh), arr(fa)), cluster or key)

    def place(self, key: str, d: Doc) -> tuple[str, int, int]:
        """(cluster, candidates, candidates compared) of a new article."""
        m = MinHash(num_perm=NUM_PERM, hashfunc=_identity, scheme=SCHEME)
        m.update_batch(d[0].tolist())
        cands = self.lsh.query(m)
        best, score = key, 0.0
        for cand in cands:
            (sh, fa), cluster = self.local[cand]
            s = containment(d[0], sh)
            if s > score and s >= CONTAINMENT and facts_agree(d[1], fa):
                best, score = cluster, s
        self.lsh.insert(key, m)
        self.local[key] = (d, best)
        return best, len(cands), len(cands)


def queries(line: Timeline) -> list[tuple[str, Doc, str | None]]:
    """Half copies of articles in the window (their original's key), half new articles."""
    r = random.Random(7)
    out: list[tuple[str, Doc, str | None]] = []
    first = line.well_inside()
    for q in range(QUERIES):
        if q % 2 == 0:
            i = r.randrange(first, line.n)
            summary, text = republish(make(i, line.at(i)), r)
            out.append((f"https://copy.vn/{q}.html", doc(summary, text), key_of(i)))
        else:
            sapo, paras = make(line.n + q, line.now)
            out.append((f"https://new.vn/{q}.html", doc(sapo, "\n\n".join(paras)), None))
    return out


def _ours(
    url: str, qs: list[tuple[str, Doc, str | None]], redis_url: str | None = None
) -> dict[str, Any]:
    store = Store(url)
    before = rss_mb()
    t0 = time.perf_counter()
    index = index_for(store, redis_url)
    startup = time.perf_counter() - t0
    memory, held = rss_mb() - before, len(index.bands)
    times, right, cands, near = [], 0, [], []
    for key, d, want in qs:
        sig = signature(d[0])
        cands.append(len(index.bands.candidates(sig)))
        near.append(len(index.bands.near(sig, 0.6)))
        t = time.perf_counter()
        try:
            with index.placing():
                placed = index.place(key, d, sig)
                times.append((time.perf_counter() - t) * 1000)
                raise _Undo  # the store stays as generated: nothing placed is kept
        except _Undo:
            pass
        right += placed.cluster == (want or key)
    return _figures(held, startup, memory, times, right, cands, near)


class _Undo(Exception):
    pass


def _before(url: str, qs: list[tuple[str, Doc, str | None]]) -> dict[str, Any]:
    store = Store(url)
    before = rss_mb()
    t0 = time.perf_counter()
    index = Before(store)
    startup = time.perf_counter() - t0
    memory, held = rss_mb() - before, len(index.local)
    times, right, cands = [], 0, []
    for key, d, want in qs:
        t = time.perf_counter()
        cluster, n, _ = index.place(key, d)
        times.append((time.perf_counter() - t) * 1000)
        cands.append(n)
        right += cluster == (want or key)
    return _figures(held, startup, memory, times, right, cands, cands)


def _figures(
    held: int,
    startup: float,
    memory: float,
    times: list[float],
    right: int,
    cands: list[int],
    near: list[int],
) -> dict[str, Any]:
    return {
        "held": held,
        "startup": startup,
        "memory": memory,
        "median": statistics.median(times),
        "p99": statistics.quantiles(times, n=100)[98],
        "right": right,
        "cands": statistics.mean(cands),
        "near": statistics.mean(near),
    }


def _child(target: Any, args: tuple[Any, ...], out: Any) -> None:
    out.send(target(*args))


def measured(target: Any, *args: Any) -> dict[str, Any]:
    """One index built and used in a process of its own (forked: the queries are not recomputed),
    so its resident memory is its own."""
    ctx = multiprocessing.get_context("fork")
    here, there = ctx.Pipe()
    p = ctx.Process(target=_child, args=(target, args, there))
    p.start()
    got: dict[str, Any] = here.recv()
    p.join()
    return got


def _forget_redis(url: str, redis_url: str) -> None:
    """The bench's Redis keys (its store's key space), deleted."""
    store = Store(url)
    index = StoreIndex(store, redis_url)
    if isinstance(index.sync, _RedisSync):
        index.sync.reset(index)
        index.sync.redis.delete(*index.sync.keys)
    store.engine.dispose()


def with_redis(url: str, qs: list[tuple[str, Doc, str | None]], redis_url: str) -> dict[str, Any]:
    """Ours with Redis: a first process fills Redis from the window (its start-up is reported
    apart), the measured one after it starts with what Redis holds."""
    _forget_redis(url, redis_url)
    try:
        first = measured(_ours, url, qs[:2], redis_url)
        got = measured(_ours, url, qs, redis_url)
    finally:
        _forget_redis(url, redis_url)
    got["first"] = first["startup"]
    return got


def bench(n: int, span: float, url: str | None, redis_url: str | None) -> None:
    line = Timeline(n, span, datetime.now(UTC))
    VAR.mkdir(parents=True, exist_ok=True)
    url = url or f"sqlite:///{VAR / f'dedup-{n}-{span:g}d.db'}"
    fill(url, n, line).engine.dispose()
    with Store(url).engine.connect() as conn:
        in_window = conn.execute(select(func.count()).select_from(window)).scalar_one()
    qs = queries(line)
    old = measured(_before, url, qs)
    new = measured(_ours, url, qs)
    shared = with_redis(url, qs, redis_url) if redis_url else None
    print(f"\n{n:,} stored over {span:g} days, {in_window:,} in the {DAYS}-day window; {url}")
    head = f"{'':34} {'before':>10} {'ours':>10} {'ratio':>8}"
    print(head + (f" {'ours+Redis':>11} {'ratio':>8}" if shared else ""))
    rows = [
        ("articles held by the index", "held", "{:,.0f}"),
        ("start-up (index_for), s", "startup", "{:.2f}"),
        ("memory of the index, MB RSS", "memory", "{:.0f}"),
        ("placement median, ms", "median", "{:.2f}"),
        ("placement p99, ms", "p99", "{:.2f}"),
        ("LSH candidates per placement", "cands", "{:.1f}"),
        ("compared (shingles read) per pl.", "near", "{:.1f}"),
        (f"placed right (of {QUERIES})", "right", "{:.0f}"),
    ]
    for label, k, fmt in rows:
        line_ = f"{label:34} {fmt.format(old[k]):>10} {fmt.format(new[k]):>10}"
        line_ += f" {_ratio(old, new, k)}"
        if shared:
            line_ += f" {fmt.format(shared[k]):>11} {_ratio(old, shared, k)}"
        print(line_)
    if shared:
        print(f"(ours+Redis: the first process's start-up, filling Redis: {shared['first']:.2f} s)")


def _ratio(old: dict[str, Any], new: dict[str, Any], k: str) -> str:
    return f"{old[k] / new[k]:>7.1f}x" if new[k] else f"{'-':>8}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    ap.add_argument("--span", type=float, default=365.0, help="days the articles span")
    ap.add_argument("--db", help="a store URL (PostgreSQL) instead of SQLite under var/bench")
    ap.add_argument("--redis", help="also ours with the index in Redis (redis://...)")
    args = ap.parse_args()
    for n in args.sizes:
        bench(n, args.span, args.db, args.redis)


if __name__ == "__main__":
    main()
