"""`partywire extract FILE --url URL` gives the same record as the crawl for that page."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from crawler.core.items import Article
from crawler.core.timez import VN
from crawler.replay import read_warc
from crawler.storage import Store
from tests.conftest import RECORDED, expected_articles, run_cli

# every persistent field but the fetch time, which differs between any two runs
SAME = [f for f in Article.field_names() if f != "fetched_at"]


def test_extract_equals_crawl(replayed_db: str, tmp_path: Path) -> None:
    stored = {r["url"]: r for r in Store(replayed_db).latest()}
    checked = []
    sites = ("nhandan", "baocantho", "baotintuc", "thainguyen_dcs", "baoquangtri", "qdnd")
    for site in sites:
        pages = {p.url: p for p in read_warc(RECORDED / site / "pages.warc")}
        for e in (x for s, x in expected_articles() if s == site):
            page = pages[e["url"]]
            f = tmp_path / "page.html"
            f.write_bytes(page.body)
            r = run_cli("extract", str(f), "--url", e["url"])
            assert r.returncode == 0, r.stderr
            got = json.loads(r.stdout)
            crawl = stored[e["url"]]
            for k in SAME:
                want = crawl[k]
                if isinstance(want, datetime):
                    want = want.astimezone(VN).isoformat()
                assert got[k] == want, (e["url"], k)
            checked.append(e["url"])
    # six families, two recorded articles each: none silently left out of the comparison
    assert len(set(checked)) == 12, checked
