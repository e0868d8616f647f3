"""One item model for every feed format: what a reader may trust, decided once.

A store row (or a cluster's representative) becomes an `Item` here, and RSS, Atom and JSON Feed
only render Items, so the three formats can never disagree about an item's id, link, dates,
authors or image. The rules readers rely on:

* In the unified feed an item is a *story*: its id is `story_guid(cluster, base)`, a tag URI of
  the cluster, never a copy's URL. A reader that keys items by guid across feeds (newsboat,
  feed2exec) subscribed to both the unified feed and an outlet's feed can no longer show one
  story's body under the other's title, and the id stays when another copy joins the cluster
  or crawl order changes which copy represents it.
* In a site or province feed an item is the outlet's own copy: its id is its canonical URL,
  a permalink exactly when it is the item's link.
* Every URL written is an absolute, ASCII, RFC 3986-normalised URI (`to_uri`): the W3C
  validator warns on IRIs in links, on non-canonical ids and on relative links in content.
* Bytes depend only on the items: no build time anywhere. An empty feed's date is FEED_EPOCH.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from crawler.core.timez import VN
from crawler.sites import get_site

#: The date of a feed with no item (Atom's `updated` is required, RSS's lastBuildDate and the
#: ETag must not depend on the build time): a fixed instant, the year the tag URIs name.
FEED_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
#: The date part of every story's tag URI (RFC 4151): when partywire minted the ids.
TAG_YEAR = "2026"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
GENERATOR = "partywire"

#: what XML 1.0 cannot carry, and what no reader can read: C1 controls and U+FFFD (a byte
#: mis-decoded somewhere upstream), which the W3C validator reports as BadCharacters
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffd\ufffe\uffff]")
#: An image's type from its file name: our own table, since `mimetypes` reads the host's
#: /etc/mime.types and would make the bytes differ between machines.
IMAGE_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "jpe": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "avif": "image/avif",
    "svg": "image/svg+xml",
}


def xml_safe(s: str | None) -> str:
    """The text without the characters XML 1.0 cannot carry (a page's stray control bytes) or
    that only stand for text lost before it reached us."""
    return _ILLEGAL.sub("", s or "")


@dataclass(frozen=True)
class FeedMeta:
    """What a feed says about itself; the same for its three formats."""

    title: str
    description: str
    self_url: str
    home: str
    next_url: str | None = None  # RFC 5005 paging (older items) / JSON Feed next_url
    prev_archive_url: str | None = None
    unified: bool = False  # items are stories: id = story_guid(...)


@dataclass(frozen=True)
class Item:
    """One feed item as every format renders it (all URLs absolute URIs, all text XML-safe)."""

    guid: str
    permalink: bool  # the guid is this item's own link
    link: str
    title: str
    summary: str  # plain text
    content: str  # HTML: the body, then "Cũng đăng trên" links in the unified feed
    published: datetime  # aware, Asia/Ho_Chi_Minh
    updated: datetime  # the later of published and the page's modified date
    authors: tuple[str, ...]
    categories: tuple[str, ...]
    outlet: str
    source_url: str  # the outlet's own feed (or home page): RSS <source>
    image: str | None = None
    image_type: str | None = None
    extension: Mapping[str, Any] = field(default_factory=dict)  # JSON Feed `_partywire`


# --- URIs --------------------------------------------------------------------------------------

_SUB_DELIMS = "!$&'()*+,;="
_RESERVED = ":/?#[]@" + _SUB_DELIMS
_PCHAR = "-._~" + _SUB_DELIMS + ":@"
_URI = re.compile(
    r"^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$"
)
_DEFAULT_PORT = {"http": "80", "https": "443"}


def _requote(part: str, safe: str) -> str:
    """Percent-encode what must be, decode what need not be: one spelling per URI. An escaped
    reserved character stays escaped (it means something else unescaped)."""
    out: list[str] = []
    buf = bytearray()

    def flush() -> None:
        if buf:
            try:
                out.append(quote(unicodedata.normalize("NFC", buf.decode("utf-8")), safe=safe))
            except UnicodeDecodeError:  # escapes that are not UTF-8: kept, as bytes
                out.append(quote(bytes(buf), safe=safe))
            buf.clear()

    i = 0
    while i < len(part):
        c = part[i]
        hexpair = part[i + 1 : i + 3]
        if c == "%" and len(hexpair) == 2 and all(h in "0123456789abcdefABCDEF" for h in hexpair):
            byte = int(hexpair, 16)
            if chr(byte) in _RESERVED:
                flush()
                out.append("%" + hexpair.upper())
            else:
                buf.append(byte)
            i += 3
            continue
        if c in _RESERVED and c in safe:
            flush()
            out.append(c)
        else:
            buf.extend(c.encode("utf-8", "surrogatepass"))
        i += 1
    flush()
    return "".join(out)


def _dot_segments(path: str) -> str:
    """RFC 3986 5.2.4: `/a/./b/../c` is `/a/c`."""
    out: list[str] = []
    segs = path.split("/")
    for i, seg in enumerate(segs):
        last = i == len(segs) - 1
        if seg == ".":
            if last:
                out.append("")
        elif seg == "..":
            if len(out) > 1:
                out.pop()
            if last:
                out.append("")
        else:
            out.append(seg)
    return "/".join(out)


def _authority(auth: str, scheme: str) -> str:
    user, at, hostport = auth.rpartition("@")
    host, port = hostport, ""
    if hostport.rfind(":") > hostport.rfind("]"):
        host, _, port = hostport.rpartition(":")
    if host.startswith("["):
        host = host.lower()
    elif host:
        try:
            host = host.rstrip(".").encode("idna").decode("ascii").lower()
        except UnicodeError:
            host = quote(host.lower(), safe="-._~" + _SUB_DELIMS)
    if port and port != _DEFAULT_PORT.get(scheme):
        host += ":" + port
    return (user + at if at else "") + host


#: URIs normalised and resolved, remembered: a publish writes each article's links into its
#: site, province and unified feeds in three formats, and normalising was 70% of its time.
URI_CACHE = 1 << 16


@lru_cache(maxsize=URI_CACHE)
def to_uri(url: str) -> str:
    """An http(s) IRI as the one canonical ASCII URI for it (lower-case scheme and host, IDNA
    host, no default port, "/" for an empty path, dot segments resolved, escapes upper-case and
    only where needed); other schemes are returned as they are."""
    m = _URI.match(url.strip())
    scheme = (m.group(1) or "").lower() if m else ""
    if not m or scheme not in _DEFAULT_PORT or m.group(2) is None:
        return url
    path = _dot_segments(m.group(3)) or "/"
    s = f"{scheme}://{_authority(m.group(2), scheme)}"
    s += "/".join(_requote(seg, _PCHAR) for seg in path.split("/"))
    if m.group(4) is not None:
        s += "?" + _requote(m.group(4), _PCHAR + "/?")
    if m.group(5) is not None:
        s += "#" + _requote(m.group(5), _PCHAR + "/?")
    return s


@lru_cache(maxsize=URI_CACHE)
def absolute(url: str | None, base: str) -> str | None:
    """The URL resolved against `base`, as a URI; None when it is not http(s) at all."""
    if not url or not url.strip():
        return None
    full = to_uri(urljoin(base, url.strip()))
    return full if full.startswith(("http://", "https://")) else None


_URL_ATTR = re.compile(r"""(\s(?:href|src)\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)


def absolute_links(body: str, base: str) -> str:
    """Every href and src of the (already sanitised) body as an absolute URI: a reader shows
    the content away from the page, where a relative link leads nowhere."""

    def fix(m: re.Match[str]) -> str:
        raw = html.unescape(m.group(3))
        full = absolute(raw, base)
        value = full if full is not None else raw
        return f'{m.group(1)}"{html.escape(value, quote=True)}"'

    return _URL_ATTR.sub(fix, body)


def story_guid(cluster: str, base_url: str) -> str:
    """The id of a story in the unified feed: a tag URI (RFC 4151) of the publisher's host and a
    hash of the cluster id, so no other feed ever uses it and it never changes as copies join."""
    host = urlsplit(base_url.strip()).hostname or ""
    try:
        host = host.rstrip(".").encode("idna").decode("ascii").lower()
    except UnicodeError:
        host = ""
    if not host or ":" in host:
        raise ValueError(f"base URL {base_url!r} has no host name to mint story ids under")
    digest = hashlib.sha256(cluster.encode("utf-8")).hexdigest()[:20]
    return f"tag:{host},{TAG_YEAR}:story/{digest}"


# --- text --------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+")


def _has_vowel(word: str) -> bool:
    base = unicodedata.normalize("NFD", word.replace("Đ", "D").replace("đ", "d"))
    return any(c in "aeiouy" for c in base.lower())


def byline(name: str) -> str:
    """An author's name as a person's name reads: a byline the page set in ALL CAPS ("NGUYỄN
    VĂN AN") in title case ("Nguyễn Văn An"), syllable by syllable so Vietnamese letters keep
    their marks; a word with no vowel is an acronym (TTXVN, PV, CTV) and stays as it is. A name
    in mixed case is the page's own spelling and is left alone."""
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    if name != name.upper() or name == name.lower():
        return name

    def word(m: re.Match[str]) -> str:
        w = m.group(0)
        return w[0] + w[1:].lower() if _has_vowel(w) else w

    return _WORD.sub(word, name)


def _summary(row: Mapping[str, Any]) -> str:
    summary = xml_safe(row.get("summary")).strip()
    if not summary:
        summary = xml_safe((row.get("text") or "").split("\n\n")[0]).strip()
    return summary


def _categories(row: Mapping[str, Any]) -> tuple[str, ...]:
    """The page's section and tags, then the province: each once, whatever its case."""
    raw = [row.get("section"), *(row.get("tags") or []), row.get("province")]
    raw.append(row.get("former_province"))
    seen: dict[str, str] = {}
    for c in raw:
        text = unicodedata.normalize("NFC", " ".join(xml_safe(c).split())) if c else ""
        if text and text.casefold() not in seen:
            seen[text.casefold()] = text
    return tuple(seen.values())


def _also_html(others: Sequence[Mapping[str, Any]]) -> str:
    links = []
    for o in others:
        url = absolute(o.get("url"), o.get("url") or "")
        if url:
            name = html.escape(xml_safe(o.get("outlet")) or url, quote=False)
            links.append(f'<a href="{html.escape(url, quote=True)}">{name}</a>')
    return f"<p>Cũng đăng trên: {', '.join(links)}</p>" if links else ""


def _source_url(row: Mapping[str, Any], link: str) -> str:
    site = get_site(row.get("site") or "")
    url = (site.feeds[0] if site.feeds else site.home) if site else None
    return absolute(url, link) or link


def _image(row: Mapping[str, Any], link: str) -> tuple[str | None, str | None]:
    image = absolute(row.get("image"), link)
    if not image:
        return None, None
    name = urlsplit(image).path.rsplit("/", 1)[-1]
    ext = name.rpartition(".")[2].lower() if "." in name else ""
    return image, IMAGE_TYPES.get(ext)


def _dates(row: Mapping[str, Any]) -> tuple[datetime, datetime]:
    published, modified = row.get("published"), row.get("modified")
    if not isinstance(published, datetime) or published.tzinfo is None:
        raise ValueError(
            f"article {row.get('url')!r}: published {published!r} is not an aware datetime; "
            "a feed item needs its instant"
        )
    published = published.astimezone(VN)
    if isinstance(modified, datetime) and modified.tzinfo is not None and modified > published:
        return published, modified.astimezone(VN)
    return published, published


def _extension(row: Mapping[str, Any], also: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    ext: dict[str, Any] = {}
    for key in ("date_source", "site", "outlet", "province"):
        if row.get(key):
            ext[key] = xml_safe(str(row[key]))
    copies = [
        {"url": u, "outlet": xml_safe(o.get("outlet"))}
        for o in also
        if (u := absolute(o.get("url"), o.get("url") or ""))
    ]
    if copies:
        ext["also"] = copies
    return ext


def item(row: Mapping[str, Any], meta: FeedMeta, also: Sequence[Mapping[str, Any]] = ()) -> Item:
    """The feed item of one stored article (in the unified feed: of its story)."""
    url = row.get("url") or row.get("canonical_url") or ""
    link = absolute(url, url)
    if link is None:
        raise ValueError(f"article {url!r}: its URL is not an absolute http(s) URL")
    if meta.unified:
        guid, permalink = story_guid(row.get("cluster") or row["canonical_url"], meta.home), False
    else:
        guid = absolute(row.get("canonical_url"), link) or link
        permalink = guid == link
    published, updated = _dates(row)
    summary = _summary(row)
    title = " ".join(xml_safe(row.get("title")).split()) or summary[:120] or link
    content = absolute_links(xml_safe(row.get("body_html")), link) + _also_html(also)
    image, image_type = _image(row, link)
    authors = tuple(byline(xml_safe(a)) for a in row.get("authors") or [] if xml_safe(a).strip())
    return Item(
        guid=guid,
        permalink=permalink,
        link=link,
        title=title,
        summary=summary or title,
        content=content,
        published=published,
        updated=updated,
        authors=authors,
        categories=_categories(row),
        outlet=xml_safe(row.get("outlet")).strip(),
        source_url=_source_url(row, link),
        image=image,
        image_type=image_type,
        extension=_extension(row, also),
    )


def items_of(
    rows: Iterable[Mapping[str, Any]],
    meta: FeedMeta,
    also: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
) -> list[Item]:
    """The rows as items, in the order given; `also` (unified feed) maps a story's shown copy
    (its canonical URL) to the other copies."""
    return [item(r, meta, (also or {}).get(r.get("canonical_url") or "", ())) for r in rows]


def last_published(items: Sequence[Item]) -> datetime:
    """The newest item's publication instant (RSS lastBuildDate), FEED_EPOCH for no item. Not
    the build time: an unchanged store gives unchanged bytes (and the publisher compares it
    with its store's newest article)."""
    return max((i.published for i in items), default=FEED_EPOCH.astimezone(VN))


def distinct_updates(items: Sequence[Item]) -> list[datetime]:
    """Each item's `updated`, with instants that several items share told apart by under a
    second (from the item's id, so the same item always gets the same instant): the W3C
    validator warns on two Atom entries with the same `updated`, and a page's minute-precision
    date is not made less true by a fraction of a second. `published` stays exact."""
    counts = Counter(i.updated for i in items)
    taken = {i.updated for i in items if counts[i.updated] == 1}
    out: list[datetime] = []
    for i in items:
        t = i.updated
        if counts[t] > 1:
            spread = int(hashlib.sha256(i.guid.encode()).hexdigest()[:8], 16) % 999_999
            t += timedelta(microseconds=spread + 1)
            while t in taken:
                t += timedelta(microseconds=1)
        taken.add(t)
        out.append(t)
    return out


# --- JSON Feed 1.1 -----------------------------------------------------------------------------


def _rfc3339(dt: datetime) -> str:
    return dt.astimezone(VN).isoformat(timespec="seconds")


def _json_item(i: Item) -> dict[str, Any]:
    out: dict[str, Any] = {"id": i.guid, "url": i.link, "title": i.title}
    if i.content:
        out["content_html"] = i.content
    else:
        out["content_text"] = i.summary
    out["summary"] = i.summary
    if i.image:
        out["image"] = i.image
    out["date_published"] = _rfc3339(i.published)
    if i.updated != i.published:
        out["date_modified"] = _rfc3339(i.updated)
    if i.authors:
        out["authors"] = [{"name": a} for a in i.authors]
    if i.categories:
        out["tags"] = list(i.categories)
    out["language"] = "vi"
    if i.extension:
        out["_partywire"] = dict(i.extension)
    return out


def build_json(
    items: Iterable[Mapping[str, Any]],
    meta: FeedMeta,
    also: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
) -> bytes:
    """JSON Feed 1.1; operator data (where each date came from) lives in `_partywire`, the
    extension object the spec reserves for a publisher's own keys."""
    feed: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": xml_safe(meta.title),
        "home_page_url": to_uri(meta.home),
        "feed_url": to_uri(meta.self_url),
        "description": xml_safe(meta.description),
        "language": "vi",
        "authors": [{"name": GENERATOR}],
    }
    if meta.next_url:
        feed["next_url"] = to_uri(meta.next_url)
    feed["items"] = [_json_item(i) for i in items_of(items, meta, also)]
    return (json.dumps(feed, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
