"""The published feeds, read the way a feed reader and the W3C validator read them."""

from __future__ import annotations

import email.utils
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from crawler.storage import Store
from output.feeds import build_feed
from output.publish import publish_all
from tests.conftest import expected_articles

VN = timezone(timedelta(hours=7))
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "dc": "http://purl.org/dc/elements/1.1/",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|"
    r"Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0700$"
)


@pytest.fixture(scope="module")
def published(replayed_db: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("public")
    publish_all(Store(replayed_db), out, "https://feeds.example.org/")
    return out


def test_unified_feed_has_every_recorded_article_once_exactly(published: Path) -> None:
    f = feedparser.parse(str(published / "feed.xml"))
    assert f.bozo == 0, f.get("bozo_exception")
    exp = {rec["url"]: rec for _, rec in expected_articles()}
    links = [e.link for e in f.entries]
    syndicated = {
        "https://baocantho.com.vn/dang-uy-cac-co-quan-dang-trung-uong-trien-khai-"
        "nhiem-vu-nam-2027-a201522.html"
    }  # shown once, under the agency's copy
    assert sorted(links) == sorted(set(exp) - syndicated), "every recorded story, once"
    for e in f.entries:
        x = exp[e.link]
        assert e.title == x["title"]
        assert email.utils.parsedate_to_datetime(e.published) == datetime.fromisoformat(
            str(x["published"])
        )
        assert e.published.endswith("+0700")


def test_feed_follows_the_validators_rules(published: Path) -> None:
    doc = etree.parse(str(published / "feed.xml"))
    ch = doc.find("channel")
    assert ch.findtext("language") == "vi"
    assert ch.findtext("ttl")
    self_link = ch.find("atom:link[@rel='self']", NS)
    assert self_link is not None and self_link.get("href") == "https://feeds.example.org/feed.xml"
    assert ch.findtext("link") == "https://feeds.example.org/"
    items = ch.findall("item")
    dates = [email.utils.parsedate_to_datetime(i.findtext("pubDate")) for i in items]
    assert dates == sorted(dates, reverse=True), "newest first"
    assert email.utils.parsedate_to_datetime(ch.findtext("lastBuildDate")) == dates[0]
    for i in items:
        assert RFC822.match(i.findtext("pubDate")), i.findtext("pubDate")
        guid = i.find("guid")
        assert guid.text.startswith("https://")
        # isPermaLink only where the guid is this copy's own URL (clusters keep their first id)
        assert (guid.get("isPermaLink") == "true") == (guid.text == i.findtext("link"))
        assert i.findtext("description")
        assert i.find("content:encoded", NS) is not None
        src = i.find("source")
        assert src is not None and src.get("url", "").startswith("https://") and src.text
        cats = [c.text for c in i.findall("category")]
        assert len(cats) >= 2
        src = i.findtext("pw:dateSource", namespaces={"pw": "https://partywire.github.io/ns/1.0"})
        assert src and src.split(":")[0] in ("meta", "jsonld", "site", "time[datetime]", "feed")


def test_province_and_site_feeds(published: Path) -> None:
    can_tho = feedparser.parse(str(published / "provinces" / "can-tho.xml"))
    assert can_tho.bozo == 0
    assert {e.link for e in can_tho.entries} == {
        r["url"] for s, r in expected_articles() if s == "baocantho"
    }
    for site in ("nhandan", "baocantho", "baotintuc"):
        f = feedparser.parse(str(published / "sites" / f"{site}.xml"))
        assert f.bozo == 0 and len(f.entries) == 2


def _article(**kw: object) -> dict[str, object]:
    a: dict[str, object] = {
        "url": "https://nhandan.vn/a-post1.html",
        "canonical_url": "https://nhandan.vn/a-post1.html",
        "site": "nhandan",
        "outlet": "Báo Nhân Dân",
        "province": "Toàn quốc",
        "former_province": None,
        "title": "Tiêu đề",
        "summary": "Sapo",
        "text": "Đoạn.",
        "body_html": "<p>Đoạn.</p>",
        "authors": ["A"],
        "published": datetime(2026, 1, 1, tzinfo=VN),
    }
    a.update(kw)
    return a


def test_xml_illegal_characters_are_stripped() -> None:
    xml = build_feed(
        [_article(title="Tiêu\x0bđề\x00 mới", summary="Sapo\x1f")],
        title="t",
        description="d",
        self_url="https://x.org/feed.xml",
        home="https://x.org/",
    )
    f = feedparser.parse(xml)
    assert f.bozo == 0
    assert f.entries[0].title == "Tiêuđề mới"


def test_last_build_date_is_newest_item_not_build_time() -> None:
    xml = build_feed(
        [
            _article(published=datetime(2026, 3, 4, 5, 6, tzinfo=VN)),
            _article(
                url="https://nhandan.vn/b-post2.html",
                canonical_url="https://nhandan.vn/b-post2.html",
                published=datetime(2025, 1, 1, tzinfo=VN),
            ),
        ],
        title="t",
        description="d",
        self_url="https://x.org/f.xml",
        home="https://x.org/",
    )
    assert b"<lastBuildDate>Wed, 04 Mar 2026 05:06:00 +0700</lastBuildDate>" in xml
    # order kept as given (feedgen would prepend without order="append")
    assert xml.index(b"a-post1") < xml.index(b"b-post2")


def test_publish_cli_prints_path_and_count(replayed_db: str, tmp_path: Path) -> None:
    from tests.conftest import run_cli

    r = run_cli("--db", replayed_db, "publish", "--output", str(tmp_path))
    assert r.returncode == 0, r.stderr
    n = len({a["cluster"] for a in Store(replayed_db).latest()})  # one item per story
    assert n == len(expected_articles()) - 1  # the recorded pages hold one syndicated copy
    assert f"feed.xml  {n} items" in r.stdout
