"""Extraction quality and cost, partywire against trafilatura called the way our fallback
calls it, in one run.

Why each choice: our body comes from the site's rules, and from trafilatura only when they
miss; that fallback calls trafilatura in its fast mode with HTML output and tables, images and
links (`crawler.core.extract._trafilatura_body`), so that call, with the same options, is the
baseline: trafilatura's default mode also runs readability and jusText and would flatter us.
Two costs are timed, for us and for the baseline:

- `extract`: our extraction stage alone (`crawler.core.extract.extract`) against the one
  trafilatura call;
- `path`: what a crawl does with a fetched page, decoding included: `crawler.process.decode`
  then every stage of `crawler.core.stages.STAGES` (extract, dates, normalize, boundary,
  keys), against decode + the same trafilatura call with its metadata (title, date, author).

Every ratio is against the baseline on the same pages in this process: per CMS family, the
family's own baseline, never the overall median. The modelled pages (tests/recorded, written
with the extractor in mind) and the real pages of ../shared/corpus (scored against the gold
read off them, tests/gold/*.json) are reported apart; without the corpus, that section says so.

Run: .venv/bin/python bench/extraction.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402
from lxml import html as lhtml  # noqa: E402

from crawler.core.extract import extract  # noqa: E402
from crawler.core.normalize import fold  # noqa: E402
from crawler.process import decode, process_page  # noqa: E402
from crawler.quality import (  # noqa: E402
    Score,
    banned_lines,
    gold_pages,
    reader_text,
    real_golds,
    score,
)
from crawler.replay import read_warc  # noqa: E402
from crawler.sites import get_site, site_for_url  # noqa: E402

#: the options of our fallback's call (crawler/core/extract.py, _trafilatura_body)
FALLBACK: dict[str, Any] = {
    "output_format": "html",
    "include_comments": False,
    "fast": True,
    "include_tables": True,
    "include_images": True,
    "include_links": True,
}
#: normalize.fold keeps a per-line cache, cleared before each timed run: no credit for
#: having seen the page
_clear_fold_cache: Callable[[], None] = fold.cache_clear  # type: ignore[attr-defined]
#: (system, its baseline): the rows of each table, each ratio against its pair's baseline
PAIRS = (("partywire extract", "trafilatura fast"), ("partywire path", "trafilatura path"))


@dataclass(frozen=True)
class Page:
    """One article page: its bytes as served, what decoding needs, and the text a reader
    should get (the gold)."""

    name: str  # the family, or the corpus file
    url: str
    body: bytes
    headers: dict[str, str]
    site: str
    gold: str


def _text_of_html(fragment: str | None) -> str:
    """The paragraphs of trafilatura's HTML output, one a line, for scoring; its h1 is the
    headline, which the gold (like our fallback) leaves to the title."""
    if not fragment:
        return ""
    root = lhtml.fromstring(fragment)
    lines = (" ".join(el.text_content().split()) for el in root.iter("p", "h2", "h3", "h4", "li"))
    return "\n".join(line for line in lines if line)


def systems(page: Page) -> dict[str, Callable[[], str]]:
    """Each system on the page, as a call returning the reader's text."""
    cls = get_site(page.site) or site_for_url(page.url)
    rules, outlet = (cls.rules, cls.outlet) if cls else (None, "")
    html = decode(page.body, page.url, page.headers)

    def ours_extract() -> str:
        _clear_fold_cache()
        ex = extract(html, page.url, rules, outlet)
        return reader_text(ex.summary, ex.text)

    def ours_path() -> str:
        _clear_fold_cache()
        text = decode(page.body, page.url, page.headers)
        item = process_page(text, page.url, site=cls.name if cls else None)
        return reader_text(item.summary, item.text)

    def traf_fast() -> str:
        return trafilatura.extract(html, url=page.url, with_metadata=False, **FALLBACK) or ""

    def traf_path() -> str:
        text = decode(page.body, page.url, page.headers)
        return trafilatura.extract(text, url=page.url, with_metadata=True, **FALLBACK) or ""

    return {
        "partywire extract": ours_extract,
        "trafilatura fast": traf_fast,
        "partywire path": ours_path,
        "trafilatura path": traf_path,
    }


def timed(fn: Callable[[], str], repeat: int) -> tuple[str, float]:
    """The output and the median milliseconds of `repeat` runs."""
    out, times = "", []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return out, statistics.median(times)


@dataclass(frozen=True)
class Row:
    name: str
    system: str
    ms: float
    score: Score
    banned: int = 0


def measure(pages: Iterable[Page], repeat: int, banned: dict[str, list[str]]) -> list[Row]:
    rows = []
    for page in pages:
        for system, fn in systems(page).items():
            out, ms = timed(fn, repeat)
            if system.startswith("trafilatura"):
                out = _text_of_html(out)
            hits = len(banned_lines(out, banned.get(page.name, [])))
            rows.append(Row(page.name, system, ms, score(out, page.gold), hits))
    return rows


HEAD = (
    f"{'family / page':<34} {'system':<18} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6} "
    f"{'leaks':>5} {'banned':>6} {'med ms':>7} {'ratio':>6}"
)


def report(rows: list[Row], overall: bool) -> None:
    """One line per group and system; each system's ratio is against its baseline's median
    in the same group (pages of one family, or one page)."""
    groups: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        groups[r.name].append(r)
        if overall:
            groups["ALL"].append(r)
    print(HEAD)
    for name in sorted(groups, key=lambda g: (g == "ALL", g)):
        by_system: dict[str, list[Row]] = defaultdict(list)
        for r in groups[name]:
            by_system[r.system].append(r)
        medians = {s: statistics.median(r.ms for r in rs) for s, rs in by_system.items()}
        for system, base in PAIRS:
            for who in (system, base):
                print(_line(name, who, by_system[who], medians[who] / medians[base]))


def _line(name: str, system: str, rows: list[Row], ratio: float) -> str:
    mean = statistics.mean
    return (
        f"{name[:34]:<34} {system:<18} {len(rows):>5} "
        f"{mean(r.score.precision for r in rows):>6.3f} "
        f"{mean(r.score.recall for r in rows):>6.3f} "
        f"{mean(r.score.f1 for r in rows):>6.3f} "
        f"{sum(r.score.leaks for r in rows):>5} {sum(r.banned for r in rows):>6} "
        f"{statistics.median(r.ms for r in rows):>7.2f} {ratio:>6.2f}"
    )


def modelled_pages() -> list[Page]:
    """The recorded article pages with their gold (crawler.quality.gold_pages), as served:
    the bytes and headers of their WARC record, decoded by the path under test."""
    recorded = ROOT / "tests" / "recorded"
    served = {rec.url: rec for warc in recorded.glob("*/pages.warc") for rec in read_warc(warc)}
    return [
        Page(g.family, g.url, served[g.url].body, dict(served[g.url].headers), g.site, g.gold)
        for g in gold_pages(recorded)
    ]


def real_pages(corpus: Path) -> tuple[list[Page], dict[str, list[str]]]:
    """The corpus's article pages as served (their own bytes, decoded by the path under
    test), with the gold read off them and the boilerplate lines that must not appear."""
    pages, banned = [], {}
    for g in real_golds(ROOT / "tests" / "gold"):
        cls = site_for_url(g.url)
        assert cls is not None, f"{g.url}: no registered site"
        body = (corpus / g.file).read_bytes()
        pages.append(Page(g.file, g.url, body, {}, cls.name, g.gold))
        banned[g.file] = g.must_not_appear
    return pages, banned


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per page (median)")
    args = parser.parse_args()
    modelled = modelled_pages()
    for fn in systems(modelled[0]).values():  # lxml, cssselect, trafilatura: warm for all
        fn()
    print(
        f"modelled pages (tests/recorded): {len(modelled)} pages, {args.repeat} runs each; "
        "ratio = ms / the same family's baseline (trafilatura fast, HTML, our fallback's "
        "options; path = decode + stages vs decode + trafilatura with metadata)"
    )
    report(measure(modelled, args.repeat, {}), overall=True)
    corpus = ROOT.parent / "shared" / "corpus"
    if not corpus.is_dir():
        print(f"\nreal pages: skipped, {corpus} is absent")
        return
    real, banned = real_pages(corpus)
    print(
        f"\nreal pages ({corpus.name}, gold in tests/gold): {len(real)} pages, "
        f"{args.repeat} runs each; ratio = ms / the baseline on the same page"
    )
    report(measure(real, args.repeat, banned), overall=False)


if __name__ == "__main__":
    main()
