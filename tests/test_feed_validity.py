"""Every published feed of the replayed demo crawl, checked as readers and validators check it.

* feedparser reads each RSS and Atom feed with `bozo == 0`, with the store's counts, ids, dates
  (aware; RSS pubDate in +0700, Asia/Ho_Chi_Minh) and enclosures;
* each JSON Feed validates against tests/schemas/jsonfeed-1.1.schema.json (written from the JSON
  Feed 1.1 spec) and each Atom feed against tests/schemas/atom.rng (RFC 4287 Appendix B);
* the W3C Feed Validation Service's warnings that could apply to these feeds are re-checked
  here (`rss_warnings`, `atom_warnings`), each named as the validator names it. The
  validator's own code is not installable here (not on PyPI, no network), so these are our
  checks of its documented rules, each shown to bite on a feed made to break it.
"""

from __future__ import annotations

import email.utils
import json
import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from html.entities import name2codepoint
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
import jsonschema
import pytest
from lxml import etree

from crawler.core.provinces import slugify
from crawler.storage import Store
from output.feeds import FeedMeta, build_atom, build_rss, story_guid
from output.publish import publish_all
from tests.test_feeds import _article as feed_article

BASE = "https://feeds.example.org/"
SCHEMAS = Path(__file__).parent / "schemas"
ATOM_NS = "http://www.w3.org/2005/Atom"
A = f"{{{ATOM_NS}}}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC = "{http://purl.org/dc/elements/1.1/}"
XML_NS = "http://www.w3.org/XML/1998/namespace"

#: the namespaces an RSS feed may declare, with the prefixes the validator expects for them
RSS_NAMESPACES = {
    "atom": ATOM_NS,
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
#: link relations registered for Atom (RFC 4287, RFC 5005, IANA) that these feeds may use
REGISTERED_RELS = {
    "alternate", "related", "self", "enclosure", "via",  # RFC 4287
    "current", "next", "previous", "first", "last", "prev-archive", "next-archive",  # RFC 5005
}  # fmt: skip
FEED_HISTORY_RELS = REGISTERED_RELS - {"alternate", "related", "self", "enclosure", "via"}
#: HTML a feed's content may carry without the validator's SecurityRisk / SecurityRiskAttr /
#: DangerousStyleAttr: a subset of what it accepts, enough for what the cleaner writes
SAFE_TAGS = {
    "p", "br", "a", "img", "figure", "figcaption", "strong", "em", "b", "i", "u", "sub",
    "sup", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "table", "tbody", "tr", "td",
}  # fmt: skip
SAFE_ATTRS = {"href", "src", "alt", "rel", "title"}
RFC822 = re.compile(
    r"^(?P<dow>Mon|Tue|Wed|Thu|Fri|Sat|Sun), (?P<day>\d\d?) "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (?P<year>\d{4}) "
    r"\d\d:\d\d:\d\d [+-]\d\d[03]0$"
)
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
URI_CHARS = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(//)?[0-9A-Za-z;/?:@&=+$.\-_!~*'()%,#]+$")
TAG_URI = re.compile(r"^tag:[a-z0-9.-]+,\d{4}(-\d\d(-\d\d)?)?:[0-9A-Za-z;/?:@&=+$.\-_!~*'()%,]*$")
HTML_IN_TEXT = re.compile(r"</\w+>|<[A-Za-z/]|&#[x0-9]")
BARE_ENTITY = re.compile(r"&(#?\w+)")
ENTITY = re.compile(r"&(#?\w+);")
URL_ATTR = re.compile(r"""\s(href|src)\s*=\s*(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
UNRESERVED = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


# --- the checks --------------------------------------------------------------------------------


def uri_warnings(where: str, uri: str | None) -> list[str]:
    """InvalidFullLink / InvalidTAG / NonCanonicalURI: an absolute ASCII URI, in the one
    spelling the validator's canonical form gives (lower-case scheme and host, no default port,
    a path, upper-case escapes and none for characters that need none)."""
    if not uri:
        return [f"MissingHref: {where}"]
    if uri.startswith("tag:"):
        return [] if TAG_URI.match(uri) else [f"InvalidTAG: {where}: {uri}"]
    if not URI_CHARS.match(uri):
        return [f"InvalidFullLink: {where}: {uri}"]
    parts = urlsplit(uri)
    out = []
    if parts.scheme in ("http", "https"):
        canonical = (
            parts.scheme == uri.split(":", 1)[0]
            and parts.netloc == parts.netloc.lower()
            and not parts.netloc.endswith((":80", ":443"))
            and parts.path != ""
        )
        escapes = re.findall(r"%([0-9A-Fa-f]{2})", uri)
        canonical = canonical and all(
            e == e.upper() and chr(int(e, 16)) not in UNRESERVED for e in escapes
        )
        if not canonical:
            out.append(f"NonCanonicalURI: {where}: {uri}")
    return out


def date_warnings(where: str, value: str | None, now: datetime, *, rfc822: bool) -> list[str]:
    """InvalidRFC2822Date / ProblematicalRFC822Date / IncorrectDOW / InvalidRFC3339Date /
    ImplausibleDate (before 1990 or more than ten minutes ahead)."""
    if not value:
        return [f"MissingElement: {where}"]
    if rfc822:
        m = RFC822.match(value)
        if not m:
            return [f"InvalidRFC2822Date: {where}: {value}"]
        dt = email.utils.parsedate_to_datetime(value)
        if dt.strftime("%a") != m.group("dow"):
            return [f"IncorrectDOW: {where}: {value}"]
    else:
        if not RFC3339.match(value):
            return [f"InvalidRFC3339Date: {where}: {value}"]
        dt = datetime.fromisoformat(value)
    if dt.year < 1990 or dt > now + timedelta(minutes=10):
        return [f"ImplausibleDate: {where}: {value}"]
    return []


def text_warnings(where: str, value: str | None) -> list[str]:
    """ContainsHTML / CharacterData / BadCharacters / NotBlank for a plain-text field."""
    if not value or not value.strip():
        return [f"NotBlank: {where}"]
    out = []
    entities = [
        e
        for e in BARE_ENTITY.findall(value)
        if e in name2codepoint or e == "apos" or not e.isalpha()
    ]
    if HTML_IN_TEXT.search(value) or entities:
        out.append(f"ContainsHTML: {where}: {value[:60]}")
    if any(0x80 <= ord(c) <= 0x9F or c == "\ufffd" for c in value):
        out.append(f"BadCharacters: {where}")
    return out


def html_warnings(where: str, html: str | None) -> list[str]:
    """ContainsRelRef, SecurityRisk, SecurityRiskAttr, DangerousStyleAttr, InvalidFullLink for
    the links in an HTML field (description, content:encoded, Atom content)."""
    if not html:
        return []
    out = []
    for _, _, ref in URL_ATTR.findall(html):
        ref = ENTITY.sub(lambda m: {"amp": "&"}.get(m.group(1), m.group(0)), ref).strip()
        if not re.match(r"\w+:", ref):
            out.append(f"ContainsRelRef: {where}: {ref}")
        else:
            out += uri_warnings(where, ref)
    for frag in etree.HTML(f"<div>{html}</div>").iter():
        if not isinstance(frag.tag, str) or frag.tag in ("html", "body", "div"):
            continue
        if frag.tag not in SAFE_TAGS:
            out.append(f"SecurityRisk: {where}: <{frag.tag}>")
        for attr in frag.attrib:
            if attr == "style":
                out.append(f"DangerousStyleAttr: {where}")
            elif attr not in SAFE_ATTRS:
                out.append(f"SecurityRiskAttr: {where}: {attr}")
    if any(0x80 <= ord(c) <= 0x9F or c == "\ufffd" for c in html):
        out.append(f"BadCharacters: {where}")
    return out


def namespace_warnings(root: etree._Element, allowed: dict[str | None, str]) -> list[str]:
    """UnknownNamespace / ReservedPrefix / NonstdPrefix / AvoidNamespacePrefix: only the
    namespaces these feeds need, each under its usual prefix (Atom's unprefixed in Atom)."""
    out = []
    for el in root.iter():
        for prefix, uri in el.nsmap.items():
            if allowed.get(prefix) != uri:
                out.append(f"UnknownNamespace: xmlns:{prefix}={uri}")
    return sorted(set(out))


def _self_warnings(links: list[etree._Element], location: str, types: set[str]) -> list[str]:
    selfs = [lk for lk in links if lk.get("rel") == "self"]
    if not selfs:
        return ["MissingAtomSelfLink"]
    out = []
    if selfs[0].get("href") != location:
        out.append(f"SelfDoesntMatchLocation: {selfs[0].get('href')} at {location}")
    if selfs[0].get("type") not in types:
        out.append(f"SelfNotAtom: {selfs[0].get('type')}")
    return out


def _link_warnings(where: str, links: list[etree._Element], *, in_entry: bool) -> list[str]:
    out = []
    for lk in links:
        rel = lk.get("rel", "alternate")
        if rel not in REGISTERED_RELS:
            out.append(f"UnregisteredAtomLinkRel: {where}: {rel}")
        if in_entry and rel in FEED_HISTORY_RELS:
            out.append(f"FeedHistoryRelInEntry: {where}: {rel}")
        out += uri_warnings(f"{where} link[{rel}]", lk.get("href"))
    alternates = Counter(
        (lk.get("type"), lk.get("hreflang"))
        for lk in links
        if lk.get("rel", "alternate") == "alternate"
    )
    out += [f"DuplicateAtomLink: {where}" for n in alternates.values() if n > 1]
    return out


def _rss_item_warnings(i: etree._Element, n: int, now: datetime) -> list[str]:
    where = f"item {n}"
    out = text_warnings(f"{where} title", i.findtext("title"))
    out += uri_warnings(f"{where} link", i.findtext("link"))
    out += date_warnings(f"{where} pubDate", i.findtext("pubDate"), now, rfc822=True)
    guid = i.find("guid")
    if guid is None:
        return [*out, f"MissingGuid: {where}"]
    permalink = guid.get("isPermaLink", "true")
    if permalink not in ("true", "false"):
        out.append(f"InvalidBooleanAttribute: {where} guid")
    if permalink == "true" and (guid.text or "").startswith(("tag:", "urn:uuid:")):
        out.append(f"InvalidPermalink: {where}: {guid.text}")
    if (permalink == "true") != (guid.text == i.findtext("link")):
        out.append(f"isPermaLink true exactly when the guid is the link: {where}")
    if (guid.text or "").isdigit() and len(guid.text or "") < 9:
        out.append(f"NotSufficientlyUnique: {where}")
    out += uri_warnings(f"{where} guid", guid.text)
    tags = [c.tag for c in i]
    if CONTENT in tags and (
        "description" not in tags or tags.index("description") > tags.index(CONTENT)
    ):
        out.append(f"NeedDescriptionBeforeContent: {where}")
    out += html_warnings(f"{where} description", i.findtext("description"))
    out += html_warnings(f"{where} content:encoded", i.findtext(CONTENT))
    return out + _rss_item_extras(i, where)


def _rss_item_extras(i: etree._Element, where: str) -> list[str]:
    out = []
    for c in i.findall("category"):
        out += text_warnings(f"{where} category", c.text)
    for c in i.findall(f"{DC}creator"):
        out += text_warnings(f"{where} dc:creator", c.text)
    pairs = [("author", f"{DC}creator"), ("category", f"{DC}subject"), ("pubDate", f"{DC}date")]
    for core, ext in pairs:
        if i.find(core) is not None and i.find(ext) is not None:
            out.append(f"DuplicateItemSemantics: {where}: {core}")
    enclosures = i.findall("enclosure")
    if len(enclosures) > 1:
        out.append(f"DuplicateEnclosure: {where}")
    for e in enclosures:
        if not (e.get("length") or "").isdigit():
            out.append(f"InvalidIntegerAttribute: {where} enclosure length")
        if not re.match(r"^[^\s/]+/[^\s/]+$", e.get("type") or ""):
            out.append(f"InvalidMIMEAttribute: {where} enclosure type")
        out += uri_warnings(f"{where} enclosure", e.get("url"))
    src = i.find("source")
    if src is not None:
        out += uri_warnings(f"{where} source", src.get("url")) + text_warnings(
            f"{where} source", src.text
        )
    return out


def rss_warnings(data: bytes, location: str, now: datetime) -> list[str]:
    """What the W3C validator would warn about (or reject) in an RSS 2.0 feed served at
    `location`, for the rules that can apply to ours."""
    root = etree.fromstring(data)
    out = namespace_warnings(root, {**RSS_NAMESPACES})
    ch = root.find("channel")
    for name in ("title", "link", "description"):
        if not (ch.findtext(name) or "").strip():
            out.append(f"MissingElement: channel {name}")
    if ch.findtext("language") != "vi":
        out.append("MissingDCLanguage")
    out += text_warnings("channel title", ch.findtext("title"))
    out += text_warnings("channel description", ch.findtext("description"))
    out += uri_warnings("channel link", ch.findtext("link"))
    links = ch.findall(f"{A}link")
    out += _self_warnings(links, location, {"application/rss+xml"})
    out += _link_warnings("channel", links, in_entry=False)
    out += date_warnings("lastBuildDate", ch.findtext("lastBuildDate"), now, rfc822=True)
    if not (ch.findtext("ttl") or "1").isdigit() or int(ch.findtext("ttl") or "1") <= 0:
        out.append("InvalidPositiveInteger: ttl")
    tags = [c.tag for c in ch]
    if "item" in tags and any(t != "item" for t in tags[tags.index("item") :]):
        out.append("MisplacedItem")
    items = ch.findall("item")
    for n, i in enumerate(items):
        out += _rss_item_warnings(i, n, now)
    guids = Counter(i.findtext("guid") for i in items)
    out += [f"DuplicateValue: guid {g}" for g, k in guids.items() if k > 1]
    return out


def _atom_entry_warnings(e: etree._Element, n: int, now: datetime, feed_author: bool) -> list[str]:
    where = f"entry {n}"
    out = uri_warnings(f"{where} id", e.findtext(f"{A}id"))
    out += text_warnings(f"{where} title", e.findtext(f"{A}title"))
    out += date_warnings(f"{where} updated", e.findtext(f"{A}updated"), now, rfc822=False)
    if e.find(f"{A}published") is not None:
        out += date_warnings(f"{where} published", e.findtext(f"{A}published"), now, rfc822=False)
    if not feed_author and e.find(f"{A}author") is None:
        out.append(f"MissingElement: {where} author")
    for name in e.findall(f"{A}author/{A}name"):
        out += text_warnings(f"{where} author", name.text)
    links = e.findall(f"{A}link")
    out += _link_warnings(where, links, in_entry=True)
    content, summary = e.find(f"{A}content"), e.find(f"{A}summary")
    if content is None and summary is None:
        out.append(f"MissingTextualContent: {where}")
    if content is None and not any(lk.get("rel", "alternate") == "alternate" for lk in links):
        out.append(f"MissingContentOrAlternate: {where}")
    if summary is not None:
        if summary.get("type", "text") != "text":
            out.append(f"summary is meant as plain text: {where}")
        out += text_warnings(f"{where} summary", summary.text)
    if content is not None:
        if content.get("type") != "html":
            out.append(f"content is meant as HTML: {where}")
        out += html_warnings(f"{where} content", content.text)
    for c in e.findall(f"{A}category"):
        out += text_warnings(f"{where} category", c.get("term"))
    if e.find(f"{A}source") is not None:
        out.append(f"MissingSourceElement: {where}")  # ours carry none (see output.feeds)
    return out


def atom_warnings(data: bytes, location: str, now: datetime) -> list[str]:
    """What the W3C validator would warn about (or reject) in an Atom 1.0 feed served at
    `location`, for the rules that can apply to ours."""
    root = etree.fromstring(data)
    out = namespace_warnings(root, {None: ATOM_NS})
    if root.get(f"{{{XML_NS}}}lang") != "vi":
        out.append("MissingDCLanguage: xml:lang")
    out += uri_warnings("feed id", root.findtext(f"{A}id"))
    out += text_warnings("feed title", root.findtext(f"{A}title"))
    out += date_warnings("feed updated", root.findtext(f"{A}updated"), now, rfc822=False)
    links = root.findall(f"{A}link")
    out += _self_warnings(links, location, {"application/atom+xml"})
    out += _link_warnings("feed", links, in_entry=False)
    tags = [c.tag for c in root]
    if f"{A}entry" in tags and any(t != f"{A}entry" for t in tags[tags.index(f"{A}entry") :]):
        out.append("MisplacedMetadata")
    feed_author = root.find(f"{A}author/{A}name") is not None
    entries = root.findall(f"{A}entry")
    for n, e in enumerate(entries):
        out += _atom_entry_warnings(e, n, now, feed_author)
    ids = Counter(e.findtext(f"{A}id") for e in entries)
    out += [f"DuplicateEntries: {i}" for i, k in ids.items() if k > 1]
    updated = Counter(e.findtext(f"{A}updated") for e in entries)
    out += [f"DuplicateUpdated: {u}" for u, k in updated.items() if k > 1]
    return out


# --- the demo crawl's feeds --------------------------------------------------------------------


@pytest.fixture(scope="module")
def public(replayed_db: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("public")
    publish_all(Store(replayed_db), out, BASE)
    return out


@pytest.fixture(scope="module")
def rows(replayed_db: str) -> dict[str, dict[str, Any]]:
    """Every stored article by its URL."""
    return {r["url"]: r for r in Store(replayed_db).latest()}


def feeds(public: Path, ext: str) -> Iterator[tuple[str, Path]]:
    for path in sorted(
        [public / f"feed.{ext}", *public.glob(f"provinces/*.{ext}"), *public.glob(f"sites/*.{ext}")]
    ):
        yield str(path.relative_to(public)), path


def _expected_count(rel: str, rows: dict[str, dict[str, Any]]) -> int:
    """How many items a feed should hold, from the store: the unified feed one per story."""
    stem = rel.rsplit(".", 1)[0]
    kind, _, name = stem.partition("/")
    if kind == "sites":
        return sum(r["site"] == name for r in rows.values())
    if kind == "provinces":
        return sum(slugify(r["province"]) == name for r in rows.values())
    return len({r["cluster"] for r in rows.values()})


def _expected_id(rel: str, row: dict[str, Any]) -> str:
    return story_guid(row["cluster"], BASE) if rel.startswith("feed.") else row["canonical_url"]


def test_rss_feeds_read_back_with_the_stores_items(
    public: Path, rows: dict[str, dict[str, Any]]
) -> None:
    checked = 0
    for rel, path in feeds(public, "xml"):
        f = feedparser.parse(str(path))
        assert f.bozo == 0, (rel, f.get("bozo_exception"))
        assert f.version == "rss20"
        assert len(f.entries) == _expected_count(rel, rows), rel
        for e in f.entries:
            row = rows[e.link]
            assert e.id == _expected_id(rel, row), rel
            assert e.published.endswith(" +0700"), e.published  # Asia/Ho_Chi_Minh
            when = email.utils.parsedate_to_datetime(e.published)
            assert when.utcoffset() == timedelta(hours=7) and when == row["published"]
            image = row["image"]
            kind = (
                {"jpg": "image/jpeg", "webp": "image/webp"}[image.rsplit(".", 1)[1]]
                if image
                else ""
            )
            wanted = [{"href": image, "length": "0", "type": kind}] if image else []
            assert [dict(x) for x in e.enclosures] == wanted, e.link
        checked += 1
    provinces = {r["province"] for r in rows.values()}
    sites = {r["site"] for r in rows.values()}
    assert checked == 1 + len(provinces) + len(sites)  # the unified feed, each province's, site's


def test_atom_feeds_read_back_with_the_stores_items(
    public: Path, rows: dict[str, dict[str, Any]]
) -> None:
    for rel, path in feeds(public, "atom"):
        f = feedparser.parse(str(path))
        assert f.bozo == 0, (rel, f.get("bozo_exception"))
        assert f.version == "atom10"
        assert len(f.entries) == _expected_count(rel, rows), rel
        for e in f.entries:
            row = rows[e.link]
            assert e.id == _expected_id(rel, row)
            published = datetime.fromisoformat(e.published)
            assert published.utcoffset() == timedelta(hours=7) and published == row["published"]
            enclosures = [lk.href for lk in e.links if lk.rel == "enclosure"]
            assert enclosures == ([row["image"]] if row["image"] else [])


def test_the_unified_feeds_ids_are_the_stories_not_the_copies(
    public: Path, rows: dict[str, dict[str, Any]]
) -> None:
    unified = feedparser.parse(str(public / "feed.xml"))
    ids = {e.id for e in unified.entries}
    assert ids == {story_guid(r["cluster"], BASE) for r in rows.values()}
    copies = set()
    for _, path in [*feeds(public, "xml")][1:]:
        copies |= {e.id for e in feedparser.parse(str(path)).entries}
    assert copies == {r["canonical_url"] for r in rows.values()}
    assert not ids & copies  # newsboat keys by guid: no story ever borrows a copy's


def test_json_feeds_validate_against_the_json_feed_schema(
    public: Path, rows: dict[str, dict[str, Any]]
) -> None:
    schema = json.loads((SCHEMAS / "jsonfeed-1.1.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for rel, path in feeds(public, "json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        errors = [
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(doc)
        ]
        assert errors == [], rel
        assert doc["feed_url"] == BASE + rel
        assert len(doc["items"]) == _expected_count(rel, rows), rel
        for item in doc["items"]:
            row = rows[item["url"]]
            assert item["id"] == _expected_id(rel, row)
            assert datetime.fromisoformat(item["date_published"]) == row["published"]
            assert item["_partywire"]["date_source"] == row["date_source"]


def test_the_schema_rejects_what_json_feed_forbids() -> None:
    schema = json.loads((SCHEMAS / "jsonfeed-1.1.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    good = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "t",
        "items": [{"id": "1", "content_text": "x"}],
    }
    assert validator.is_valid(good)
    bad_items = [
        {"content_text": "x"},  # no id
        {"id": "1"},  # neither content_html nor content_text
        {"id": "1", "content_text": "x", "date_published": "20/11/2026"},
        {"id": "1", "content_text": "x", "url": "/relative"},
        {"id": "1", "content_text": "x", "dateSource": "meta"},  # extension without "_"
    ]
    for item in bad_items:
        assert not validator.is_valid({**good, "items": [item]}), item
    assert not validator.is_valid({**good, "version": "https://jsonfeed.org/version/1"})


def test_atom_feeds_validate_against_rfc_4287s_schema(public: Path) -> None:
    rng = etree.RelaxNG(etree.parse(str(SCHEMAS / "atom.rng")))
    for rel, path in feeds(public, "atom"):
        assert rng.validate(etree.parse(str(path))), (rel, rng.error_log.last_error)
    doc = etree.parse(str(public / "feed.atom"))
    doc.getroot().find(f"{A}entry/{A}updated").text = "20/11/2026"
    assert not rng.validate(doc), "the schema checks dates"


def test_every_feed_has_none_of_the_w3c_validators_warnings(public: Path) -> None:
    now = datetime.now(UTC)
    for ext, check in (("xml", rss_warnings), ("atom", atom_warnings)):
        for rel, path in feeds(public, ext):
            assert check(path.read_bytes(), BASE + rel, now) == [], rel


# --- the checks bite ---------------------------------------------------------------------------


def _article(**kw: object) -> dict[str, Any]:
    """test_feeds' article, with what these checks look at: a link in the body, an image, a
    section, a date of the demo's month."""
    return feed_article(
        **{
            "body_html": '<p>Đoạn <a href="https://nhandan.vn/b.html">b</a>.</p>',
            "published": datetime(2026, 11, 20, 6, 52, tzinfo=UTC),
            "image": "https://nhandan.vn/i.jpg",
            "section": "Chính trị",
            **kw,
        }
    )


META = FeedMeta("t", "d", "https://x.org/feed.xml", "https://x.org/")
ATOM_META = FeedMeta("t", "d", "https://x.org/feed.atom", "https://x.org/")
NOW = datetime(2026, 12, 1, tzinfo=UTC)


def _rss(edit: Any = None, **kw: object) -> list[str]:
    root = etree.fromstring(build_rss([_article(**kw)], META))
    if edit:
        edit(root)
    return rss_warnings(etree.tostring(root), "https://x.org/feed.xml", NOW)


def _atom(edit: Any = None, rows: list[dict[str, Any]] | None = None) -> list[str]:
    root = etree.fromstring(build_atom(rows or [_article()], ATOM_META))
    if edit:
        edit(root)
    return atom_warnings(etree.tostring(root), "https://x.org/feed.atom", NOW)


def _drop(path: str) -> Any:
    def edit(root: etree._Element) -> None:
        el = root.find(path, {"atom": ATOM_NS})
        el.getparent().remove(el)

    return edit


def _set(path: str, text: str | None = None, **attrs: str) -> Any:
    def edit(root: etree._Element) -> None:
        el = root.find(path, {"atom": ATOM_NS, "content": RSS_NAMESPACES["content"]})
        if text is not None:
            el.text = text
        for k, v in attrs.items():
            el.set(k, v)

    return edit


def test_the_rss_checks_pass_a_good_feed_and_name_each_fault() -> None:
    assert _rss() == []
    assert _rss(_drop("channel/atom:link")) == ["MissingAtomSelfLink"]
    assert _rss(_set("channel/atom:link", href="https://x.org/other.xml"))[0].startswith(
        "SelfDoesntMatchLocation"
    )
    assert any(
        w.startswith("InvalidPermalink")
        for w in _rss(_set("channel/item/guid", "tag:x.org,2026:s/1", isPermaLink="true"))
    )
    assert _rss(_set("channel/item/pubDate", "Fri, 20 Nov 26 13:52:00 +0700"))[0].startswith(
        "InvalidRFC2822Date"
    )
    assert _rss(_set("channel/item/pubDate", "Sat, 20 Nov 2026 13:52:00 +0700"))[0].startswith(
        "IncorrectDOW"
    )
    assert _rss(_set("channel/item/pubDate", "Fri, 20 Nov 2037 13:52:00 +0700"))[0].startswith(
        "ImplausibleDate"
    )
    relative = '<p><a href="/b.html">b</a></p>'
    assert _rss(body_html=relative) == [], "the builder makes links absolute"
    assert _rss(_set("channel/item/content:encoded", relative)) == [
        "ContainsRelRef: item 0 content:encoded: /b.html"
    ]
    assert _rss(body_html='<p style="color: red">x</p>')[0].startswith("DangerousStyleAttr")
    assert _rss(body_html="<iframe src='https://youtube.com/x'></iframe>") == [
        "SecurityRisk: item 0 content:encoded: <iframe>"
    ]
    assert _rss(title="Tiêu đề <b>đậm</b>")[0].startswith("ContainsHTML")
    assert _rss(image="https://nhandan.vn/ảnh.jpg") == []  # written as a URI, not an IRI
    assert any(
        w.startswith("InvalidFullLink")
        for w in _rss(_set("channel/item/link", "https://nhandan.vn/ảnh"))
    )
    assert any(
        w.startswith("NonCanonicalURI")
        for w in _rss(_set("channel/item/link", "HTTPS://NhanDan.vn:443/a"))
    )
    assert _rss(_drop("channel/item/guid")) == ["MissingGuid: item 0"]

    def unknown_namespace(root: etree._Element) -> None:
        etree.SubElement(
            root.find("channel/item"), "{https://partywire.github.io/ns/1.0}dateSource"
        ).text = "meta"

    assert _rss(unknown_namespace) == [
        "UnknownNamespace: xmlns:ns0=https://partywire.github.io/ns/1.0"
    ]

    def content_first(root: etree._Element) -> None:
        item = root.find("channel/item")
        item.insert(0, item.find(CONTENT))

    assert _rss(content_first) == ["NeedDescriptionBeforeContent: item 0"]

    def metadata_last(root: etree._Element) -> None:
        root.find("channel").append(etree.Element("ttl"))

    assert "MisplacedItem" in _rss(metadata_last)


def test_the_atom_checks_pass_a_good_feed_and_name_each_fault() -> None:
    assert _atom() == []
    same = [
        _article(url=f"https://nhandan.vn/{n}.html", canonical_url=f"https://nhandan.vn/{n}.html")
        for n in "ab"
    ]
    assert _atom(rows=same) == []  # the builder tells equal instants apart

    def same_updated(root: etree._Element) -> None:
        for u in root.iterfind(f"{A}entry/{A}updated"):
            u.text = "2026-11-20T13:52:00+07:00"

    assert _atom(same_updated, rows=same) == ["DuplicateUpdated: 2026-11-20T13:52:00+07:00"]
    assert _atom(_drop("atom:link[@rel='self']")) == ["MissingAtomSelfLink"]
    assert _atom(_set("atom:entry/atom:updated", "2026-11-20 13:52")) == [
        "InvalidRFC3339Date: entry 0 updated: 2026-11-20 13:52"
    ]
    assert _atom(_set("atom:entry/atom:summary", "Sapo <b>x</b>"))[0].startswith("ContainsHTML")

    def history_rel_in_entry(root: etree._Element) -> None:
        etree.SubElement(root.find(f"{A}entry"), f"{A}link", href="https://x.org/p2", rel="next")

    assert _atom(history_rel_in_entry) == ["FeedHistoryRelInEntry: entry 0: next"]

    def second_alternate(root: etree._Element) -> None:
        etree.SubElement(root.find(f"{A}entry"), f"{A}link", href="https://x.org/other")

    assert _atom(second_alternate) == ["DuplicateAtomLink: entry 0"]

    def duplicate_entry(root: etree._Element) -> None:
        root.append(etree.fromstring(etree.tostring(root.find(f"{A}entry"))))

    warnings = _atom(duplicate_entry)
    assert any(w.startswith("DuplicateEntries") for w in warnings)
    assert any(w.startswith("DuplicateUpdated") for w in warnings)
