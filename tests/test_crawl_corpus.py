"""The crawl bench's corpus (bench/crawl_corpus.py): every site's own spider finds every article
of it through the site's declared feeds, sitemaps and listings, each article page is one the
site's stages read as an article of that site, syndicated copies carry the original's text, and
the same arguments write the same bytes."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.utils.test import get_crawler

from crawler.process import decode, process_page
from crawler.replay import Archive, to_response
from crawler.sites import registry

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import crawl_corpus  # noqa: E402

PER_SITE = 8


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    out = tmp_path_factory.mktemp("crawl-corpus")
    return out, crawl_corpus.write(out, PER_SITE)


async def _first(spider: object) -> list[Request]:
    return [r async for r in spider.start()]  # type: ignore[attr-defined]


def _discovered(site: str, archive: Archive) -> set[str]:
    """The article links the site's spider asks for, its sources answered from the corpus."""
    cls = registry()[site]
    spider = cls.from_crawler(get_crawler(cls))
    todo, found = asyncio.run(_first(spider)), set()
    while todo:
        req = todo.pop()
        rec = archive.get(req.url)
        if rec is None:
            continue
        for out in req.callback(to_response(rec, req), **req.cb_kwargs) or ():
            if out.callback == spider.parse_article:
                found.add(out.url)
            else:
                todo.append(out)
    return found


def test_every_site_finds_all_its_articles_through_its_own_sources(
    corpus: tuple[Path, dict[str, object]],
) -> None:
    out, manifest = corpus
    sites: dict[str, dict[str, list[str]]] = manifest["sites"]  # type: ignore[assignment]
    assert set(sites) == set(registry())
    archive = Archive(out, decoded=False)
    for site, d in sites.items():
        # its own articles, and every seventh of the site before it republished here
        assert PER_SITE <= len(d["articles"]) <= PER_SITE + 2, site
        assert len(set(d["articles"])) == len(d["articles"]), site
        assert _discovered(site, archive) == set(d["articles"]), site
    total = sum(len(d["articles"]) for d in sites.values())
    assert manifest["articles"] == total


def test_article_pages_are_dated_articles_of_their_site(
    corpus: tuple[Path, dict[str, object]],
) -> None:
    out, manifest = corpus
    archive = Archive(out)
    sites: dict[str, dict[str, list[str]]] = manifest["sites"]  # type: ignore[assignment]
    start = crawl_corpus.START
    for site, d in sites.items():
        url = d["articles"][0]
        rec = archive.get(url)
        assert rec is not None
        item = process_page(decode(rec.body, url, dict(rec.headers)), url, site=site)
        assert item.title and len(item.text) > 300, url
        assert item.published is not None
        assert 0 <= (item.published - start).days <= crawl_corpus.SPAN_DAYS, url


def test_syndicated_copies_carry_the_original_story(
    corpus: tuple[Path, dict[str, object]],
) -> None:
    out, manifest = corpus
    archive = Archive(out)
    pairs: list[list[str]] = manifest["syndicated"]  # type: ignore[assignment]
    assert len(pairs) == 47  # the fourth of each site's eight articles (k % 7 == 3)
    for original, copy in pairs[:6]:
        titles = []
        for url in (original, copy):
            rec = archive.get(url)
            assert rec is not None
            titles.append(process_page(decode(rec.body, url, dict(rec.headers)), url).title)
        assert titles[0] == titles[1]
        assert registry()[_site(original, manifest)] is not registry()[_site(copy, manifest)]


def _site(url: str, manifest: dict[str, object]) -> str:
    sites: dict[str, dict[str, list[str]]] = manifest["sites"]  # type: ignore[assignment]
    return next(s for s, d in sites.items() if url in d["articles"])


def test_the_corpus_is_deterministic(
    corpus: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    out, _ = corpus
    crawl_corpus.write(tmp_path, PER_SITE)
    for site in ("nhandan", "baotintuc", "baodienbienphu"):
        assert (tmp_path / site / "pages.warc").read_bytes() == (
            out / site / "pages.warc"
        ).read_bytes()
    assert json.loads((tmp_path / "manifest.json").read_text()) == json.loads(
        (out / "manifest.json").read_text()
    )
