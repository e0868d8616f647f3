"""Extraction quality and speed on the gold set: our pipeline vs trafilatura, one run.

For every recorded article page: token precision/recall/F1 against the gold text, leaked lines,
and median milliseconds per page, per CMS family and overall, for
(a) our extraction stage (site rules, trafilatura fallback, Vietnamese cleaning),
(b) trafilatura.extract with its defaults, (c) trafilatura.extract(favor_precision=True).
With ../shared/corpus present, its real pages are scored too, apart, against the gold read off
them (tests/gold/*.json), each against trafilatura on the same page in the same run.
Run: .venv/bin/python bench/extraction.py
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from crawler.core.extract import extract  # noqa: E402
from crawler.core.normalize import fold  # noqa: E402
from crawler.process import decode  # noqa: E402
from crawler.quality import (  # noqa: E402
    GoldPage,
    RealGold,
    Score,
    banned_lines,
    gold_pages,
    reader_text,
    real_golds,
    score,
)
from crawler.sites import get_site, site_for_url  # noqa: E402

REPEAT = 15
#: normalize.fold keeps a per-line cache, cleared between timed runs.
_clear_fold_cache: Callable[[], None] = fold.cache_clear  # type: ignore[attr-defined]


def ours(p: GoldPage) -> str:
    _clear_fold_cache()  # every timed run starts cold: no credit for having seen the page
    cls = get_site(p.site)
    ex = extract(p.html, p.url, cls.rules if cls else None, cls.outlet if cls else "")
    return reader_text(ex.summary, ex.text)


def traf(p: GoldPage) -> str:
    return trafilatura.extract(p.html, url=p.url) or ""


def traf_precise(p: GoldPage) -> str:
    return trafilatura.extract(p.html, url=p.url, favor_precision=True) or ""


def run(fn: Callable[[GoldPage], str], pages: list[GoldPage]) -> list[tuple[str, float, Score]]:
    rows = []
    for p in pages:
        times = []
        out = ""
        for _ in range(REPEAT):
            t0 = time.perf_counter()
            out = fn(p)
            times.append((time.perf_counter() - t0) * 1000)
        rows.append((p.family, statistics.median(times), score(out, p.gold)))
    return rows


def main() -> None:
    pages = list(gold_pages(ROOT / "tests" / "recorded"))
    for p in pages[:1]:  # warm lxml/cssselect caches for everyone alike
        ours(p), traf(p)
    systems = {"partywire": ours, "trafilatura": traf, "trafilatura precision": traf_precise}
    results = {name: run(fn, pages) for name, fn in systems.items()}
    base_ms = statistics.median(r[1] for r in results["trafilatura"])
    print(f"gold set: {len(pages)} pages, {REPEAT} runs each")
    print(
        f"{'system':<22} {'family':<10} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6} "
        f"{'leaks':>5} {'med ms':>7} {'ms ratio':>8}"
    )
    for name, rows in results.items():
        groups: dict[str, list[tuple[float, Score]]] = defaultdict(list)
        for fam, ms, s in rows:
            groups[fam].append((ms, s))
            groups["ALL"].append((ms, s))
        for fam in sorted(groups, key=lambda f: (f == "ALL", f)):
            g = groups[fam]
            med = statistics.median(ms for ms, _ in g)
            print(
                f"{name:<22} {fam:<10} {len(g):>5} "
                f"{statistics.mean(s.precision for _, s in g):>6.3f} "
                f"{statistics.mean(s.recall for _, s in g):>6.3f} "
                f"{statistics.mean(s.f1 for _, s in g):>6.3f} "
                f"{sum(s.leaks for _, s in g):>5} {med:>7.2f} {med / base_ms:>8.2f}"
            )
    corpus = ROOT.parent / "shared" / "corpus"
    if corpus.is_dir():
        real_pages(corpus)


def _timed(fn: Callable[[], str]) -> tuple[str, float]:
    """The output and the median milliseconds of REPEAT runs."""
    out, times = "", []
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return out, statistics.median(times)


def _real_systems(g: RealGold, html: str) -> dict[str, Callable[[], str]]:
    cls = site_for_url(g.url)
    assert cls is not None, f"{g.url}: no registered site"

    def ours_real() -> str:
        _clear_fold_cache()
        ex = extract(html, g.url, cls.rules, cls.outlet)
        return reader_text(ex.summary, ex.text)

    def traf_real() -> str:
        return trafilatura.extract(html, url=g.url) or ""

    return {"partywire": ours_real, "trafilatura": traf_real}


def real_pages(corpus: Path) -> None:
    """The real pages against the gold read off them (tests/gold/*.json, read as data files),
    one row per page and system: reported apart from the modelled pages, which were written
    with the extractor in mind. `banned` counts the page's boilerplate lines that reached the
    text; the ms ratio is against trafilatura on the same page, in this process."""
    golds = real_golds(ROOT / "tests" / "gold")
    print(
        f"\nreal pages (../shared/corpus, gold in tests/gold): {len(golds)} pages, "
        f"{REPEAT} runs each"
    )
    print(
        f"{'page':<32} {'system':<12} {'P':>6} {'R':>6} {'F1':>6} {'leaks':>5} "
        f"{'banned':>6} {'med ms':>7} {'ms ratio':>8}"
    )
    for g in golds:
        html = decode((corpus / g.file).read_bytes(), g.url)
        runs = {name: _timed(fn) for name, fn in _real_systems(g, html).items()}
        base_ms = runs["trafilatura"][1]
        for name, (out, ms) in runs.items():
            s = score(out, g.gold)
            banned = len(banned_lines(out, g.must_not_appear))
            print(
                f"{g.file:<32} {name:<12} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f} "
                f"{s.leaks:>5} {banned:>6} {ms:>7.2f} {ms / base_ms:>8.2f}"
            )


if __name__ == "__main__":
    main()
