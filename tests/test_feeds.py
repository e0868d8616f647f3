"""The feeds' items: one model rendered as RSS 2.0, Atom 1.0 and JSON Feed 1.1, read back the
way feed readers read them (feedparser, lxml, json). Expected values are written from the
input articles and the formats' rules, never from the builders' output."""

from __future__ import annotations

import email.utils
import hashlib
import json
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import feedparser
import pytest
from lxml import etree

from crawler.storage import Store
from output.feeds import (
    CONTENT_ITEMS,
    FORMATS,
    MEDIA_TYPES,
    FeedMeta,
    build_atom,
    build_feed,
    build_json,
    build_opml,
    build_rss,
    story_guid,
)
from output.formats import FEED_EPOCH, byline, to_uri
from output.publish import publish_all
from tests.conftest import expected_articles

VN = timezone(timedelta(hours=7))
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "dc": "http://purl.org/dc/elements/1.1/",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
A = "{http://www.w3.org/2005/Atom}"
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|"
    r"Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0700$"
)
SITE = FeedMeta("t", "d", "https://x.org/sites/nhandan.xml", "https://x.org/")
UNIFIED = FeedMeta("t", "d", "https://x.org/feed.xml", "https://x.org/", unified=True)


def _article(**kw: object) -> dict[str, Any]:
    a: dict[str, Any] = {
        "url": "https://nhandan.vn/a-post1.html",
        "canonical_url": "https://nhandan.vn/a-post1.html",
        "cluster": "https://nhandan.vn/a-post1.html",
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
        "modified": None,
        "image": None,
        "section": None,
        "tags": [],
        "date_source": "meta:article:published_time",
    }
    a.update(kw)
    return a


def _rss_items(xml: bytes) -> list[etree._Element]:
    return etree.fromstring(xml).findall("channel/item")


def _atom_entries(xml: bytes) -> list[etree._Element]:
    return etree.fromstring(xml).findall(f"{A}entry")


# --- the published files of the replayed demo crawl --------------------------------------------


@pytest.fixture(scope="module")
def published(replayed_db: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("public")
    publish_all(Store(replayed_db), out, "https://feeds.example.org/")
    return out


def test_unified_feed_has_every_recorded_story_once_exactly(published: Path) -> None:
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


def test_the_same_stories_in_all_three_formats(published: Path) -> None:
    rss = feedparser.parse(str(published / "feed.xml"))
    atom = feedparser.parse(str(published / "feed.atom"))
    js = json.loads((published / "feed.json").read_text(encoding="utf-8"))
    assert atom.bozo == 0, atom.get("bozo_exception")
    ids = [e.id for e in rss.entries]
    assert [e.id for e in atom.entries] == ids
    assert [i["id"] for i in js["items"]] == ids
    assert [e.link for e in atom.entries] == [e.link for e in rss.entries]
    assert [i["url"] for i in js["items"]] == [e.link for e in rss.entries]


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
    for k, i in enumerate(items):
        assert RFC822.match(i.findtext("pubDate")), i.findtext("pubDate")
        guid = i.find("guid")
        # the unified feed's items are stories: a tag URI, never a copy's URL
        assert guid.text.startswith("tag:feeds.example.org,2026:story/")
        assert guid.get("isPermaLink") == "false"
        assert i.findtext("description")
        if k < CONTENT_ITEMS:  # the newest in full; the others by summary (test_feed_size)
            assert i.find("content:encoded", NS) is not None
        src = i.find("source")
        assert src is not None and src.get("url", "").startswith("https://") and src.text
        assert i.findall("category")
    assert b"dateSource" not in (published / "feed.xml").read_bytes()
    assert b"partywire.github.io/ns" not in (published / "feed.xml").read_bytes()


def test_province_and_site_feeds(published: Path) -> None:
    can_tho = feedparser.parse(str(published / "provinces" / "can-tho.xml"))
    assert can_tho.bozo == 0
    assert {e.link for e in can_tho.entries} == {
        r["url"] for s, r in expected_articles() if s == "baocantho"
    }
    for site in ("nhandan", "baocantho", "baotintuc"):
        recorded = {r["url"] for s, r in expected_articles() if s == site}
        for fmt in ("xml", "atom"):
            f = feedparser.parse(str(published / "sites" / f"{site}.{fmt}"))
            assert f.bozo == 0 and {e.link for e in f.entries} == recorded
        js = json.loads((published / "sites" / f"{site}.json").read_text(encoding="utf-8"))
        assert {i["url"] for i in js["items"]} == recorded


def test_opml_lists_every_rss_feed_grouped_by_province(published: Path) -> None:
    root = etree.parse(str(published / "feeds.opml")).getroot()
    assert root.get("version") == "2.0"
    urls = [o.get("xmlUrl") for o in root.iter("outline") if o.get("type") == "rss"]
    on_disk = ["feed.xml"] + [
        f"{d}/{p.name}" for d in ("provinces", "sites") for p in (published / d).glob("*.xml")
    ]
    assert sorted(urls) == sorted(f"https://feeds.example.org/{f}" for f in on_disk)
    groups = {g.get("text"): g for g in root.find("body")}
    # the national outlets have a group of their own; Cần Thơ's has its province feed and
    # its outlet's feed
    national = {o.get("xmlUrl").rsplit("/", 1)[-1] for o in groups["Toàn quốc"]}
    assert {"toan-quoc.xml", "nhandan.xml", "baotintuc.xml"} <= national
    can_tho = [o.get("xmlUrl").rsplit("/", 1)[-1] for o in groups["Cần Thơ"]]
    assert can_tho[0] == "can-tho.xml" and "baocantho.xml" in can_tho
    for o in root.iter("outline"):
        if o.get("type") == "rss":
            assert o.get("text") and o.get("title") == o.get("text")


def test_publish_cli_prints_path_and_count(replayed_db: str, tmp_path: Path) -> None:
    from tests.conftest import run_cli

    r = run_cli("--db", replayed_db, "publish", "--output", str(tmp_path))
    assert r.returncode == 0, r.stderr
    n = len({a["cluster"] for a in Store(replayed_db).latest()})  # one item per story
    assert n == len(expected_articles()) - 1  # the recorded pages hold one syndicated copy
    assert f"feed.xml  {n} items" in r.stdout
    for name in ("feed.xml", "feed.atom", "feed.json", "feeds.opml"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o644


# --- ids readers can trust ---------------------------------------------------------------------


def test_story_guid_is_a_tag_uri_of_the_cluster_on_the_publishers_host() -> None:
    cluster = "https://baotintuc.vn/a-20261120.htm"
    digest = hashlib.sha256(cluster.encode()).hexdigest()[:20]
    assert story_guid(cluster, "https://Feeds.Example.org:8443/x/") == (
        f"tag:feeds.example.org,2026:story/{digest}"
    )
    assert story_guid(cluster, "http://127.0.0.1:8000/") == f"tag:127.0.0.1,2026:story/{digest}"
    assert story_guid("https://other/", "https://feeds.example.org/") != story_guid(
        cluster, "https://feeds.example.org/"
    )
    with pytest.raises(ValueError, match="no host name"):
        story_guid(cluster, "/relative/")


def test_a_storys_guid_stays_when_an_earlier_copy_joins_and_represents_it() -> None:
    """Crawl order: the provincial copy was stored first (its URL is the cluster id); the
    agency's earlier copy arrives later and becomes the item shown. Same guid, new link."""
    first = _article(
        url="https://baocantho.com.vn/a201522.html",
        canonical_url="https://baocantho.com.vn/a201522.html",
        cluster="https://baocantho.com.vn/a201522.html",
        site="baocantho",
        outlet="Báo Cần Thơ",
    )
    agency = _article(
        url="https://baotintuc.vn/b-20261120.htm",
        canonical_url="https://baotintuc.vn/b-20261120.htm",
        cluster="https://baocantho.com.vn/a201522.html",
        site="baotintuc",
        outlet="Báo Tin tức",
        published=datetime(2025, 12, 31, 23, tzinfo=VN),
    )
    before = feedparser.parse(build_rss([first], UNIFIED)).entries[0]
    after = feedparser.parse(
        build_rss([agency], UNIFIED, {agency["canonical_url"]: [first]})
    ).entries[0]
    assert before.id == after.id == story_guid(first["cluster"], "https://x.org/")
    assert before.link != after.link
    assert before.id not in (first["url"], agency["url"])
    assert "Báo Cần Thơ" in after.content[0].value  # "Cũng đăng trên" the other copy
    assert 'href="https://baocantho.com.vn/a201522.html"' in after.content[0].value


def test_a_site_feeds_guid_is_its_copys_canonical_url() -> None:
    same = _article()
    tracked = _article(
        url="https://nhandan.vn/b-post2.html?utm_source=rss",
        canonical_url="https://nhandan.vn/b-post2.html",
    )
    items = _rss_items(build_rss([same, tracked], SITE))
    assert [i.findtext("guid") for i in items] == [
        "https://nhandan.vn/a-post1.html",
        "https://nhandan.vn/b-post2.html",
    ]
    # a permalink exactly where the guid is the item's own link
    assert [i.find("guid").get("isPermaLink") for i in items] == ["true", "false"]
    atom = [e.findtext(f"{A}id") for e in _atom_entries(build_atom([same, tracked], SITE))]
    assert atom == ["https://nhandan.vn/a-post1.html", "https://nhandan.vn/b-post2.html"]


def test_unified_and_site_guids_never_meet_for_the_same_stories(published: Path) -> None:
    """newsboat keys items by guid across feeds: a story's unified guid must not be any copy's
    guid in an outlet's or province's feed, or one body shows under the other's title."""
    unified = {e.id for e in feedparser.parse(str(published / "feed.xml")).entries}
    others: set[str] = set()
    for path in [*published.glob("provinces/*.xml"), *published.glob("sites/*.xml")]:
        others |= {e.id for e in feedparser.parse(str(path)).entries}
    assert len(unified) == 93 and len(others) == 94
    assert not unified & others
    unified_json = {i["id"] for i in json.loads((published / "feed.json").read_bytes())["items"]}
    assert unified_json == unified


# --- the item's fields -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("NGUYỄN VĂN AN", "Nguyễn Văn An"),
        ("ĐỨC DŨNG", "Đức Dũng"),
        ("HOA\u0300NG  YÊ\u0301N", "Hoàng Yến"),  # decomposed marks, doubled space
        ("THU HƯƠNG/TTXVN", "Thu Hương/TTXVN"),  # TTXVN has no vowel: an acronym
        ("PV-CTV", "PV-CTV"),
        ("TTXVN", "TTXVN"),
        ("Thị Lan", "Thị Lan"),  # the page's own case
        ("Nguyễn VĂN An", "Nguyễn VĂN An"),
    ],
)
def test_bylines_in_all_caps_read_in_title_case(given: str, shown: str) -> None:
    assert byline(given) == shown


def test_authors_are_title_cased_in_every_format() -> None:
    a = _article(authors=["LONG KHÁNH", "Thị Lan"])
    rss = _rss_items(build_rss([a], SITE))[0]
    assert [c.text for c in rss.findall("dc:creator", NS)] == ["Long Khánh", "Thị Lan"]
    atom = _atom_entries(build_atom([a], SITE))[0]
    assert [n.text for n in atom.findall(f"{A}author/{A}name")] == ["Long Khánh", "Thị Lan"]
    js = json.loads(build_json([a], SITE))["items"][0]
    assert js["authors"] == [{"name": "Long Khánh"}, {"name": "Thị Lan"}]
    # Atom wants an author: an article without a byline is by its outlet
    anon = _atom_entries(build_atom([_article(authors=[])], SITE))[0]
    assert [n.text for n in anon.findall(f"{A}author/{A}name")] == ["Báo Nhân Dân"]


def test_image_is_an_enclosure_in_every_format() -> None:
    a = _article(image="/uploads/2026/anh chinh.JPG")  # relative, with a space
    url = "https://nhandan.vn/uploads/2026/anh%20chinh.JPG"
    enc = _rss_items(build_rss([a], SITE))[0].find("enclosure")
    assert enc is not None and dict(enc.attrib) == {
        "url": url,
        "length": "0",
        "type": "image/jpeg",
    }
    links = _atom_entries(build_atom([a], SITE))[0].findall(f"{A}link[@rel='enclosure']")
    assert [dict(link.attrib) for link in links] == [
        {"href": url, "rel": "enclosure", "type": "image/jpeg"}
    ]
    assert json.loads(build_json([a], SITE))["items"][0]["image"] == url


def test_an_image_of_unknown_type_gets_no_guessed_enclosure() -> None:
    a = _article(image="https://cdn.nhandan.vn/resize?id=42")
    assert _rss_items(build_rss([a], SITE))[0].find("enclosure") is None
    links = _atom_entries(build_atom([a], SITE))[0].findall(f"{A}link[@rel='enclosure']")
    assert [dict(link.attrib) for link in links] == [
        {"href": "https://cdn.nhandan.vn/resize?id=42", "rel": "enclosure"}
    ]
    assert json.loads(build_json([a], SITE))["items"][0]["image"].endswith("?id=42")


def test_section_tags_and_province_are_categories_each_once() -> None:
    a = _article(
        section="Xây dựng Đảng", tags=["xây dựng Đảng", "Chuyển đổi số"], province="Cần Thơ"
    )
    expected = ["Xây dựng Đảng", "Chuyển đổi số", "Cần Thơ"]
    assert [c.text for c in _rss_items(build_rss([a], SITE))[0].findall("category")] == expected
    atom = _atom_entries(build_atom([a], SITE))[0]
    assert [c.get("term") for c in atom.findall(f"{A}category")] == expected
    assert json.loads(build_json([a], SITE))["items"][0]["tags"] == expected


def test_date_source_is_only_in_the_json_feeds_extension() -> None:
    a = _article(date_source="jsonld:datePublished")
    for build in (build_rss, build_atom):
        assert b"jsonld:datePublished" not in build([a], SITE)
        assert b"dateSource" not in build([a], SITE)
    item = json.loads(build_json([a], SITE))["items"][0]
    assert item["_partywire"]["date_source"] == "jsonld:datePublished"


def test_relative_links_in_the_body_become_absolute() -> None:
    a = _article(
        url="https://baocantho.com.vn/tin/a1.html",
        canonical_url="https://baocantho.com.vn/tin/a1.html",
        body_html='<p><a href="/chinh-tri/">x</a> <a href="b2.html?x=1&amp;y=2">y</a></p>'
        '<figure><img src="//cdn.baocantho.com.vn/i.jpg" alt=""></figure>',
    )
    content = _rss_items(build_rss([a], SITE))[0].findtext("content:encoded", namespaces=NS)
    assert 'href="https://baocantho.com.vn/chinh-tri/"' in content
    assert 'href="https://baocantho.com.vn/tin/b2.html?x=1&amp;y=2"' in content
    assert 'src="https://cdn.baocantho.com.vn/i.jpg"' in content


def test_a_body_containing_the_cdata_end_marker_stays_well_formed() -> None:
    a = _article(body_html="<p>a ]]> b</p>")
    f = feedparser.parse(build_rss([a], SITE))
    assert f.bozo == 0 and "a ]]&gt; b" in f.entries[0].content[0].value


def test_plain_text_summary_is_escaped_as_html_in_rss() -> None:
    a = _article(summary="Tỷ lệ <5% & tăng")
    desc = _rss_items(build_rss([a], SITE))[0].findtext("description")
    assert desc == "Tỷ lệ &lt;5% &amp; tăng"  # the HTML a reader renders as the text
    atom = _atom_entries(build_atom([a], SITE))[0].find(f"{A}summary")
    assert atom.get("type") == "text" and atom.text == "Tỷ lệ <5% & tăng"


def test_xml_illegal_characters_are_stripped() -> None:
    # C0 controls XML cannot carry; a C1 control and U+FFFD, what a mis-decoded byte became
    a = _article(title="Tiêu\x0bđề\x00 mới\x85\ufffd", summary="Sapo\x1f")
    for build in (build_rss, build_atom):
        f = feedparser.parse(build([a], SITE))
        assert f.bozo == 0
        assert f.entries[0].title == "Tiêuđề mới"
    assert json.loads(build_json([a], SITE))["items"][0]["title"] == "Tiêuđề mới"


def test_iris_are_written_as_canonical_uris() -> None:
    assert to_uri("HTTP://Example.COM:80") == "http://example.com/"
    assert to_uri("https://example.com:443/a/./b/../c?q=x y#f") == (
        "https://example.com/a/c?q=x%20y#f"
    )
    assert to_uri("https://example.com/%7euser/%2fpath?a=%26&b=%e1%bb%a9") == (
        "https://example.com/~user/%2Fpath?a=%26&b=%E1%BB%A9"
    )
    host = "báo.vn".encode("idna").decode()
    assert to_uri("https://báo.vn/tin-tức") == f"https://{host}/tin-t%E1%BB%A9c"
    assert to_uri("https://example.com:8080/") == "https://example.com:8080/"
    assert to_uri("mailto:a@b.vn") == "mailto:a@b.vn"


# --- deterministic bytes, dates ----------------------------------------------------------------


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


def test_an_empty_feed_has_a_fixed_date_and_the_same_bytes_every_time() -> None:
    for fmt, build in FORMATS.items():
        assert build([], SITE, None) == build([], SITE, None), fmt
    assert b"<lastBuildDate>Thu, 01 Jan 2026 07:00:00 +0700</lastBuildDate>" in build_rss([], SITE)
    updated = etree.fromstring(build_atom([], SITE)).findtext(f"{A}updated")
    assert datetime.fromisoformat(updated) == FEED_EPOCH == datetime(2026, 1, 1, tzinfo=UTC)
    assert json.loads(build_json([], SITE))["items"] == []


def test_atom_entries_sharing_an_instant_get_distinct_updated_and_exact_published() -> None:
    at = datetime(2026, 11, 15, 19, 44, tzinfo=VN)
    rows = [
        _article(url=f"https://nhandan.vn/{n}.html", canonical_url=f"https://nhandan.vn/{n}.html")
        for n in ("a", "b", "c")
    ]
    rows = [dict(r, published=at) for r in rows]
    entries = _atom_entries(build_atom(rows, SITE))
    updated = [datetime.fromisoformat(e.findtext(f"{A}updated")) for e in entries]
    assert len(set(updated)) == 3
    assert all(at <= u < at + timedelta(seconds=1) for u in updated)
    assert {datetime.fromisoformat(e.findtext(f"{A}published")) for e in entries} == {at}
    again = _atom_entries(build_atom(rows[:2], SITE))  # each entry's own instant, stable
    assert [e.findtext(f"{A}updated") for e in again] == [
        e.findtext(f"{A}updated") for e in entries[:2]
    ]


def test_modified_dates_are_atoms_updated_and_json_date_modified() -> None:
    a = _article(modified=datetime(2026, 1, 2, 8, tzinfo=VN))
    entry = _atom_entries(build_atom([a], SITE))[0]
    assert datetime.fromisoformat(entry.findtext(f"{A}updated")) == datetime(
        2026, 1, 2, 8, tzinfo=VN
    )
    item = json.loads(build_json([a], SITE))["items"][0]
    assert item["date_published"] == "2026-01-01T00:00:00+07:00"
    assert item["date_modified"] == "2026-01-02T08:00:00+07:00"


# --- paging (RFC 5005), formats, OPML ----------------------------------------------------------


def test_paging_links_in_every_format() -> None:
    older = "https://x.org/feed.xml?before=2026-01-01T00:00:00Z~https://nhandan.vn/a"
    meta = FeedMeta("t", "d", "https://x.org/feed.xml", "https://x.org/", older, older)
    ch = etree.fromstring(build_rss([_article()], meta)).find("channel")
    rels = {lk.get("rel"): lk.get("href") for lk in ch.findall("atom:link", NS)}
    assert rels == {"self": "https://x.org/feed.xml", "next": older, "prev-archive": older}
    assert ch.index(ch.find("atom:link[@rel='next']", NS)) < ch.index(ch.find("item"))
    feed = etree.fromstring(build_atom([_article()], meta))
    rels = {lk.get("rel"): lk.get("href") for lk in feed.findall(f"{A}link")}
    assert rels["next"] == rels["prev-archive"] == older
    assert json.loads(build_json([_article()], meta))["next_url"] == older
    # every page is a page of the same feed
    page2 = FeedMeta("t", "d", older.replace("feed.xml", "feed.atom") + "&q=a", "https://x.org/")
    assert etree.fromstring(build_atom([_article()], page2)).findtext(f"{A}id") == (
        "https://x.org/feed.atom?q=a"
    )
    plain = json.loads(build_json([_article()], SITE))
    assert "next_url" not in plain


def test_formats_and_media_types_name_the_same_three() -> None:
    assert set(FORMATS) == set(MEDIA_TYPES) == {"xml", "atom", "json"}
    assert MEDIA_TYPES["json"] == "application/feed+json; charset=utf-8"
    for fmt, build in FORMATS.items():
        body = build([_article()], SITE, None)
        if fmt == "json":
            assert json.loads(body)["version"] == "https://jsonfeed.org/version/1.1"
        else:
            assert feedparser.parse(body).version == ("rss20" if fmt == "xml" else "atom10")


def test_opml_groups_in_the_order_given_with_absolute_urls() -> None:
    opml = build_opml(
        [
            ("partywire", "Tất cả", "feed.xml"),
            ("Toàn quốc", "Nhân Dân", "sites/nhandan.xml"),
            ("Cần Thơ", "Cần Thơ", "https://x.org/provinces/can-tho.xml"),
            ("Toàn quốc", "Tin tức & TTXVN", "sites/baotintuc.xml"),
        ],
        "https://x.org/",
    )
    body = etree.fromstring(opml).find("body")
    assert [g.get("text") for g in body] == ["partywire", "Toàn quốc", "Cần Thơ"]
    assert [(o.get("title"), o.get("xmlUrl")) for o in body[1]] == [
        ("Nhân Dân", "https://x.org/sites/nhandan.xml"),
        ("Tin tức & TTXVN", "https://x.org/sites/baotintuc.xml"),
    ]
    assert body[0][0].get("type") == "rss" and body[0][0].get("text") == "Tất cả"
