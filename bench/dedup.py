"""Placing a new article in its story cluster, with N stored articles (default 100,000).

The stored articles are composed here from the sentence templates the modelled recorded pages
are written from (tests/recorded/_author/formula.json, read as data), so the index faces what
Party news really is: many articles sharing whole sentences. Queries are half republished
copies of stored articles (the edits outlets make when they republish: dateline, source line,
cut, merged paragraphs, rewording, sapo repeated in the text), half new articles. Prints median
and p99 milliseconds per placement and the index's memory, next to a brute-force containment
scan over the same data, one run.
Run: .venv/bin/python bench/dedup.py [N]
"""

from __future__ import annotations

import gc
import hashlib
import json
import random
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from crawler.core.cluster import ClusterIndex, Doc, containment, doc, signature  # noqa: E402

FORMULA = json.loads(
    (ROOT / "tests" / "recorded" / "_author" / "formula.json").read_text(encoding="utf-8")
)
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
Article = tuple[str, list[str]]  # (sapo, paragraphs)


def _person(r: random.Random) -> str:
    f = FORMULA
    return f"{r.choice(f['family'])} {r.choice(f['middle'])} {r.choice(f['given'])}"


def _slots(
    r: random.Random, place: str, organ: str, commune: str, when: datetime
) -> dict[str, object]:
    f = FORMULA
    return dict(
        period=r.choice(f["periods"]),
        year=when.year - (1 if when.month < 3 else 0),
        day_name=f"{when.day}/{when.month}",
        commune=commune,
        place=place,
        organ=organ,
        person=_person(r),
        person2=_person(r),
        title=r.choice(f["titles"]),
        n1=r.randint(120, 2900),
        n2=r.randint(40, 600),
        n3=r.randint(12, 240),
        n4=r.randint(8, 180),
        n5=r.randint(300, 9000),
        n6=r.randint(5, 40),
        n7=r.randint(10, 90),
        n8=r.randint(6, 60),
        pct=r.randint(70, 99),
        pct2=r.randint(90, 99),
        deadline=f"{r.randint(1, 28)}/12/{when.year}",
        period_word=r.choice(f["period_words"]),
    )


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
    slots = _slots(r, place, organ, commune, when)
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


def make(i: int) -> Article:
    when = datetime(2025, 1, 1, tzinfo=VN) + timedelta(minutes=17 * i)
    return compose(f"bench{i}/{i}", PLACES[i % len(PLACES)], when)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    t0 = time.perf_counter()
    docs = []
    for i in range(n):
        sapo, paras = make(i)
        docs.append(doc(sapo, "\n\n".join(paras)))
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
    queries: list[tuple[Doc, str | None]] = []
    for q in range(1000):
        if q % 2 == 0:  # a republished copy of a stored article
            i = r.randrange(n)
            summary, text = republish(make(i), r)
            queries.append((doc(summary, text), f"k{i}"))
        else:  # a new article
            sapo, paras = make(n + q)
            queries.append((doc(sapo, "\n\n".join(paras)), None))
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
