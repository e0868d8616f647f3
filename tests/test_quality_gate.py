"""The quality gate (trafilatura's eval model): CI fails when extraction falls below the floor.

Gold set: every recorded article page of every registered site with its expected text.
"""

from __future__ import annotations

import statistics

import pytest
import trafilatura

from crawler.quality import GoldPage, gold_pages, ours, score
from tests.conftest import RECORDED

MEAN_F1_FLOOR = 0.98
PAGE_F1_FLOOR = 0.95
PAGES = list(gold_pages(RECORDED))


def test_gold_set_covers_every_recorded_article() -> None:
    from tests.conftest import expected_articles

    assert len(PAGES) == len(expected_articles()) >= 6


def test_mean_f1_above_floor() -> None:
    f1s = [score(ours(p)[0], p.gold).f1 for p in PAGES]
    mean = statistics.mean(f1s)
    print(f"gold set: {len(PAGES)} pages, mean F1 {mean:.4f} (floor {MEAN_F1_FLOOR})")
    assert mean >= MEAN_F1_FLOOR


@pytest.mark.parametrize("page", PAGES, ids=[p.url.rsplit("/", 1)[-1][:50] for p in PAGES])
def test_page(page: GoldPage) -> None:
    text, authors = ours(page)
    s = score(text, page.gold)
    assert s.f1 >= PAGE_F1_FLOOR, s
    assert s.leaks == 0, [ln for ln in text.split("\n") if ln and ln not in page.gold]
    assert authors == page.authors
    base = trafilatura.extract(page.html, url=page.url) or ""
    assert s.f1 >= score(base, page.gold).f1, "never worse than trafilatura alone"
