"""Placing a new article in its story cluster, with N stored articles (default 100,000).

The stored articles come from the same formula generator as the recorded pages (sentence
templates with slots), so the index faces what Party news really is: many articles sharing
whole sentences. Queries are half republished copies of stored articles (with the edits of
tests/dedup_pairs.py), half new articles. Prints median and p99 milliseconds per placement and
the index's memory, next to a brute-force containment scan over the same data, one run.
Run: .venv/bin/python bench/dedup.py [N]
"""

from __future__ import annotations

import gc
import random
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from crawler.core.cluster import ClusterIndex, containment, doc, signature
from tests.dedup_pairs import _republish
from tests.recorded._author import generate

VN = timezone(timedelta(hours=7))
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


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def make(i: int):  # type: ignore[no-untyped-def]
    when = datetime(2025, 1, 1, tzinfo=VN) + timedelta(minutes=17 * i)
    return generate.story(
        f"bench{i}",
        i,
        lambda slug, n: f"https://b.vn/{slug}-{n}.html",
        PLACES[i % len(PLACES)],
        when,
    )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    t0 = time.perf_counter()
    docs = []
    for i in range(n):
        s = make(i)
        docs.append(doc(s.sapo, "\n\n".join(s.paragraphs)))
    t_gen = time.perf_counter() - t0
    gc.collect()
    before = rss_mb()
    t0 = time.perf_counter()
    idx = ClusterIndex()
    for i, d in enumerate(docs):
        idx.add(f"k{i}", d, f"k{i}", signature(d[0]))
    t_build = time.perf_counter() - t0
    gc.collect()
    index_mb = rss_mb() - before
    r = random.Random(7)
    queries = []
    for q in range(1000):
        if q % 2 == 0:  # a republished copy of a stored article
            i = r.randrange(n)
            s = make(i)
            summary, text = _republish(s, r)
            queries.append((doc(summary, text), f"k{i}"))
        else:  # a new article
            s = make(n + q)
            queries.append((doc(s.sapo, "\n\n".join(s.paragraphs)), None))
    times, right = [], 0
    for k, (sh, want) in enumerate(queries):
        t = time.perf_counter()
        placed = idx.place(f"q{k}", sh)
        times.append((time.perf_counter() - t) * 1000)
        right += (placed.cluster == want) if want else (placed.cluster == f"q{k}")
    brute = []
    for d, _ in queries[:20]:
        t = time.perf_counter()
        best = max(containment(d[0], x[0]) for x in docs)
        brute.append((time.perf_counter() - t) * 1000)
        assert best >= 0
    shingle_mb = sum(d[0].nbytes + d[1].nbytes for d in docs) / 2**20
    print(f"{n} stored articles (generated in {t_gen:.0f} s, index built in {t_build:.0f} s)")
    print(f"{'method':<28} {'median ms':>10} {'p99 ms':>9} {'ratio':>8}")
    med = statistics.median(times)
    p99 = statistics.quantiles(times, n=100)[98]
    bmed = statistics.median(brute)
    print(f"{'LSH + containment (ours)':<28} {med:>10.2f} {p99:>9.2f} {1.0:>8.1f}")
    print(f"{'brute-force containment':<28} {bmed:>10.2f} {max(brute):>9.2f} {bmed / med:>7.0f}x")
    print(f"placed right: {right}/{len(queries)} (copies found, new articles kept apart)")
    print(
        f"memory: index {index_mb:.0f} MB RSS (LSH tables + signatures); shingle arrays "
        f"{shingle_mb:.0f} MB ({np.mean([d[0].size for d in docs]):.0f} shingles/article)"
    )


if __name__ == "__main__":
    main()
