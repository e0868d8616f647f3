"""The Fundus pattern: every registered site plays its recorded pages and must return exactly
its expected articles. Adding a site adds its test; a site with no recorded pages fails."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from crawler.sites import registry
from crawler.storage import Store
from tests.conftest import RECORDED

SITES = sorted(registry())


@pytest.mark.parametrize("site", SITES)
def test_site_has_recorded_pages(site: str) -> None:
    folder = RECORDED / site
    assert (folder / "pages.warc").is_file(), f"site {site} has no recorded pages in {folder}"
    exp = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    assert len(exp) >= 2, f"site {site} needs at least two recorded articles"


@pytest.mark.parametrize("site", SITES)
def test_site_articles_match_expected(site: str, replayed_db: str) -> None:
    exp = json.loads((RECORDED / site / "expected.json").read_text(encoding="utf-8"))
    stored = {r["url"]: r for r in Store(replayed_db).latest(site=site)}
    assert set(stored) == {e["url"] for e in exp}, "crawl found other articles than expected"
    for e in exp:
        got = stored[e["url"]]
        assert got["title"] == e["title"]
        assert got["published"] == datetime.fromisoformat(e["published"])
        assert got["authors"] == e["authors"]
        assert got["source"] == e["source"]
        assert got["summary"] == e["summary"]
        paras = got["text"].split("\n\n")
        assert paras[0] == e["first_paragraph"]
        assert paras[-1] == e["last_paragraph"]
        assert got["text"] == e["text"]
        assert len(got["text"]) == e["text_length"]
        assert got["province"] == registry()[site].province
