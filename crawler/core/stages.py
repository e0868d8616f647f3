"""The one list of stages every article goes through, in order.

Scrapy runs it through `pipelines.stages.StagesPipeline`; `partywire extract`, the registry walk
and the benchmarks run it through `crawler.process.process_page`. One list, so the crawl and the
tools can never disagree on what an article is.
"""

from __future__ import annotations

from collections.abc import Callable

from crawler.core import boundary, dates, dedup, extract, normalize
from crawler.core.items import Article
from crawler.core.rules import SiteRules

#: A stage mutates the item in place; it is given the site's rules (None on the generic path)
#: so that every stage has one signature and the list below can be run by any driver.
Stage = Callable[[Article, SiteRules | None], object]


def _extract(item: Article, rules: SiteRules | None) -> object:
    return extract.apply(item, rules, item.outlet)


def _dates(item: Article, rules: SiteRules | None) -> object:
    return dates.resolve(item)


def _normalize(item: Article, rules: SiteRules | None) -> object:
    return normalize.normalize_record(item)


def _boundary(item: Article, rules: SiteRules | None) -> object:
    return boundary.guard(item)


def _keys(item: Article, rules: SiteRules | None) -> object:
    return dedup.keys(item)


#: (name, stage): extract the page, date it, normalise its text, clean and cap every string
#: (`crawler.core.boundary`), compute its dedup keys.
STAGES: tuple[tuple[str, Stage], ...] = (
    ("extract", _extract),
    ("dates", _dates),
    ("normalize", _normalize),
    ("boundary", _boundary),
    ("keys", _keys),
)


def run_stages(item: Article, rules: SiteRules | None) -> Article:
    """Every stage in order on one item; each mutates the item in place."""
    for _name, stage in STAGES:
        stage(item, rules)
    return item
