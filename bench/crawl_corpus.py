"""A replay corpus of a few thousand article pages for bench/crawl.py, from the recorded pages.

The recorded sites (tests/recorded) carry two articles each: too few to say what a crawl costs
per article. This re-issues each site's pages the way tests/recorded/_author built them (the
family's own article, listing, feed and sitemap templates, the site's own URL forms, the same
formulaic sentences of formula.json), with many more articles, so every site's real spider
path runs on them: its feeds, sitemaps and listings (or its home page as a listing) list the
new articles, and each article page is a page of that site, dated anew. Every seventh article
of a site is also republished by the next site (its text, the other site's page and URL): the
syndicated copies the store must put in one story. Deterministic: the same arguments write the
same bytes.

Sizes stay within a normal run's budgets (at most PARTYWIRE_MAX_LINKS = 200 article links per
listing, feed or sitemap, and far fewer pages per site than CLOSESPIDER_PAGECOUNT = 2000), so
the bench needs no setting raised.

Writes var/bench/crawl-corpus/<site>/pages.warc and manifest.json (per site: its start pages
and article URLs, and the syndicated pairs), which the naive baseline of bench/crawl.py reads.
Run: .venv/bin/python bench/crawl_corpus.py [--per-site N] [--out DIR]
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import hashlib
import json
import random
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.core.provinces import NATIONAL  # noqa: E402
from crawler.replay import Recorded, read_warc, write_warc  # noqa: E402
from crawler.sites import registry  # noqa: E402
from spiders.base import NewsSpider  # noqa: E402
from tests.recorded._author import build, generate  # noqa: E402
from tests.recorded._author import templates as t  # noqa: E402
from tests.recorded._author.model import Story  # noqa: E402

OUT = ROOT / "var" / "bench" / "crawl-corpus"
RECORDED = ROOT / "tests" / "recorded"
PER_SITE = 44
#: a site's own articles start at this index, clear of the recorded ones (0, 1) and of the
#: related links the model prints (900 + index)
FIRST = 100
#: every SYNDICATE-th article of a site is republished by the next site in the registry
SYNDICATE = 7
#: how many of a site's newest articles each of its feeds lists (listings and sitemaps list all)
FEED_ITEMS = 30
#: the month the articles are published in (Vietnam time), before the recorded pages' date
START = datetime(2026, 10, 20, tzinfo=generate.VN)
SPAN_DAYS = 40

ARTICLE: dict[str, Callable[[Story, str, str], str]] = {
    "epi-mcms": t.epi_article,
    "a-id": t.aid_article,
    "ym": t.ym_article,
    "nukeviet": t.nukeviet_article,
    "dangcongsan": t.dcs_article,
    "sc-longform": t.sclongform_article,
    "vccorp": t.vccorp_article,
    "ttxvn": t.ttxvn_article,
}


def _rng(key: str) -> random.Random:
    return random.Random(int(hashlib.sha256(key.encode()).hexdigest()[:16], 16))


#: URL forms for the sites whose recorded pages were written by hand (build.HAND_WRITTEN)
URLS = {"baotintuc": "{home}xay-dung-dang/{slug}-20261120{id}{id_3}.htm"}


@functools.cache
def url_maker(cls: type[NewsSpider]) -> Callable[[str, int], str]:
    """The site's URL forms as the recorded pages' builder writes them (build.URLS), with ids
    kept to six digits so every form still matches the site's article pattern; a form without
    an id (two titles may share a slug) takes a numbered slug instead of another page's URL."""
    found = (
        URLS.get(cls.name)
        or build.URLS.get(cls.name)
        or build.URLS.get(cls.family)
        or build.URLS["generic"]
    )
    shapes = (found,) if isinstance(found, str) else found
    base = int(hashlib.sha256(cls.name.encode()).hexdigest()[:6], 16) % 900000 + 100000

    def url_for(slug: str, n: int) -> str:
        i = base + n
        if i > 999999:
            i -= 900000
        shape = shapes[n % len(shapes)]
        url = shape.format(
            home=cls.home, slug=slug, id=i, id6=i, id_3=str(i)[:3], hex=f"{i:07x}"[-7:]
        )
        if seen.setdefault(url, (slug, n)) != (slug, n) and "{slug}" in shape:
            return url_for(f"{slug}-{n}", n)
        return url

    seen: dict[str, tuple[str, int]] = {}
    return url_for


def publish_times(site: str, n: int) -> list[datetime]:
    r = _rng(site + "/bench-times")
    return [
        START
        + timedelta(
            days=r.randint(0, SPAN_DAYS - 1), hours=r.randint(6, 21), minutes=r.randint(0, 59)
        )
        for _ in range(n)
    ]


def _place(cls: type[NewsSpider]) -> str:
    return cls.province if cls.province != NATIONAL else "Hà Nội"


def own_stories(cls: type[NewsSpider], n: int) -> list[Story]:
    url_for = url_maker(cls)
    mark = build.MARKS.get(cls.name, "")
    return [
        generate.story(cls.name, FIRST + k, url_for, _place(cls), when, mark)
        for k, when in enumerate(publish_times(cls.name, n))
    ]


def republished(s: Story, by: type[NewsSpider], k: int) -> Story:
    """The story as another site republishes it: its text and date, the other site's URL."""
    url_for = url_maker(by)
    slug = s.url.rstrip("/").rsplit("/", 1)[-1].split(".")[0][:60]
    return dataclasses.replace(s, url=url_for(slug + "-lai", 500 + k), related=[], photos={})


def _for_family(fam: str, s: Story) -> Story:
    # as build.generated: no sapo element the rules can tell apart, the lead opens the text
    return dataclasses.replace(s, sapo_in_body=fam in ("generic", "a-id"))


def listing_html(cls: type[NewsSpider], stories: list[Story]) -> str:
    if cls.family == "ttxvn":
        return t.ttxvn_listing(stories, cls.home, None)
    return build.listing_page(cls.family, stories, cls.outlet, cls.home)


def article_html(cls: type[NewsSpider], s: Story, k: int) -> str:
    make = ARTICLE.get(cls.family)
    if make is None:
        return t.generic_article(s, cls.outlet, cls.home, variant=k % 2)
    return make(s, cls.outlet, cls.home)


def _split(items: list[Story], parts: int) -> list[list[Story]]:
    return [items[i::parts] for i in range(parts)] if parts else []


def source_pages(cls: type[NewsSpider], stories: list[Story]) -> list[Recorded]:
    """The site's feeds, sitemaps and listings (or home page) listing its articles, newest
    first: the listings share them out, each feed lists the newest, a sitemap lists all."""
    newest = sorted(stories, key=lambda s: s.published, reverse=True)
    pages: list[Recorded] = []
    starts = build.start_pages(cls)
    for url, part in zip(starts, _split(newest, len(starts)), strict=True):
        pages.append(build.page(url, listing_html(cls, part)))
    feed = t.rss_dotnet if cls.family == "vccorp" else t.rss
    in_feed = newest if not starts and not cls.sitemaps else newest[:FEED_ITEMS]
    for url in cls.feeds:
        pages.append(build.page(url, feed(in_feed, cls.outlet, cls.home), build.RSS))
    xml = [("Content-Type", "application/xml; charset=utf-8")]
    for sm in cls.sitemaps:
        news = sm.replace("sitemap.xml", "sitemap-news.xml")
        pages.append(build.page(sm, t.sitemap_index([news]), xml))
        pages.append(build.page(news, t.news_sitemap(newest, cls.outlet), xml))
    return pages


def recorded_extras(site: str) -> list[Recorded]:
    """What the site's recording holds besides its pages of news: its robots.txt."""
    warc = RECORDED / site / "pages.warc"
    if not warc.exists():
        return []
    return [r for r in read_warc(warc, decoded=False) if r.url.endswith("/robots.txt")]


def site_stories(per_site: int) -> tuple[dict[str, list[Story]], list[tuple[str, str]]]:
    """Each site's articles, its own and those it republishes, and the syndicated pairs."""
    sites = list(registry().values())
    own = {cls.name: own_stories(cls, per_site) for cls in sites}
    out = {name: list(stories) for name, stories in own.items()}
    pairs: list[tuple[str, str]] = []
    for i, cls in enumerate(sites):
        by = sites[(i + 1) % len(sites)]
        for k, s in enumerate(own[cls.name]):
            if k % SYNDICATE == 3:
                copy = republished(s, by, k)
                out[by.name].append(copy)
                pairs.append((s.url, copy.url))
    return out, pairs


def write(out: Path = OUT, per_site: int = PER_SITE) -> dict[str, object]:
    reg = registry()
    stories, pairs = site_stories(per_site)
    manifest: dict[str, object] = {"per_site": per_site, "syndicated": pairs, "sites": {}}
    sites: dict[str, object] = {}
    total = 0
    for name, cls in reg.items():
        mine = [_for_family(cls.family, s) for s in stories[name]]
        pages = recorded_extras(name) + source_pages(cls, mine)
        starts = [p.url for p in pages if not p.url.endswith("/robots.txt")]
        pages += [build.page(s.url, article_html(cls, s, k)) for k, s in enumerate(mine)]
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        write_warc(folder / "pages.warc", pages, fixed_date=build.FIXED_DATE)
        sites[name] = {"sources": starts, "articles": [s.url for s in mine]}
        total += len(mine)
    manifest["sites"] = sites
    manifest["articles"] = total
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    return manifest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--per-site", type=int, default=PER_SITE, help="own articles per site")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    m = write(args.out, args.per_site)
    print(
        f"{args.out}: {len(m['sites'])} sites, {m['articles']} article pages "  # type: ignore[arg-type]
        f"({len(m['syndicated'])} syndicated copies)"  # type: ignore[arg-type]
    )


if __name__ == "__main__":
    main()
