"""Extraction quality against a gold text: token precision/recall/F1 and leaked lines.

Tokens are whitespace-split words of the NFC text (multiset overlap), as in trafilatura's own
evaluation; a leaked line is an output paragraph that the gold text does not contain.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from crawler.core.normalize import fold
from crawler.process import decode, process_page
from crawler.replay import read_warc
from crawler.sites import get_site


def reader_text(summary: str, text: str) -> str:
    """What a reader is shown: the sapo, unless the text already opens with it, then the text."""
    lead = summary if summary and not text.startswith(summary) else ""
    return "\n".join(x for x in (lead, text) if x)


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    leaks: int


def tokens(text: str) -> Counter[str]:
    """Words as a multiset: order-free, so a moved paragraph costs nothing and a lost or
    leaked one costs its words."""
    return Counter(unicodedata.normalize("NFC", text).split())


def score(output: str, gold: str) -> Score:
    """Token precision, recall and F1 of `output` against `gold`, and its leaked lines (which
    F1 alone would forgive when they are short)."""
    out, ref = tokens(output), tokens(gold)
    common = sum((out & ref).values())
    p = common / max(1, sum(out.values()))
    r = common / max(1, sum(ref.values()))
    f = 2 * p * r / (p + r) if p + r else 0.0
    gold_f = fold(gold)
    leaks = sum(1 for line in output.split("\n") if line.strip() and fold(line) not in gold_f)
    return Score(p, r, f, leaks)


@dataclass(frozen=True)
class GoldPage:
    site: str
    family: str
    url: str
    html: str
    gold: str  # summary + text, as a reader should get them
    authors: list[str]


def gold_pages(recorded: Path) -> Iterator[GoldPage]:
    """Every recorded article page of every registered site, with its expected text."""
    for exp_file in sorted(recorded.glob("*/expected.json")):
        site = exp_file.parent.name
        cls = get_site(site)
        pages = {p.url: p for p in read_warc(exp_file.parent / "pages.warc")}
        for e in json.loads(exp_file.read_text(encoding="utf-8")):
            page = pages[e["url"]]
            headers = {k: v for k, v in page.headers}
            yield GoldPage(
                site=site,
                family=cls.family if cls else "generic",
                url=e["url"],
                html=decode(page.body, e["url"], headers),
                gold=reader_text(e["summary"], e["text"]),
                authors=e["authors"],
            )


def ours(page: GoldPage) -> tuple[str, list[str]]:
    """What the crawl gives a reader of the page: the same stages, without Scrapy."""
    a = process_page(page.html, page.url, site=page.site)
    return reader_text(a.summary, a.text), a.authors
