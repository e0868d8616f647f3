"""The feeds: RSS 2.0 and Atom 1.0 with feedgen, JSON Feed 1.1 (output.formats), the OPML list
(output.opml), and the static files `partywire publish` writes.

Every format renders the same `Item`s (output.formats), so an item's id, link and dates agree
between feed.xml, feed.atom and feed.json. What each format does with the rest, chosen so the
W3C Feed Validation Service has nothing to warn about:

* RSS: the image is an `<enclosure>` with `length="0"` (the RSS Advisory Board's advice for an
  unknown size, which the validator accepts: it flags only a negative length) and the type
  from the file name; an image of unknown type gets no enclosure rather than a guessed type.
  No Media RSS, no namespace of our own: the validator warns on namespaces it does not know,
  so operator data (where a date came from) is only in the JSON Feed's `_partywire`.
* Atom: the image is a `link rel="enclosure"`; an entry without a byline is authored by its
  outlet (Atom requires an author); no `<source>` (the validator wants one complete with id
  and updated, which an outlet's page does not give).
* Both: RFC 5005 `next` / `prev-archive` links from FeedMeta.

feedgen's traps, handled here: `add_entry` prepends unless told to append; naive datetimes raise;
a date *string* is parsed month-first (so only aware datetimes are passed); its RSS keeps the
*last* link set as the channel's <link>; it stamps the build time unless a date is set; and
lxml refuses a CDATA section containing "]]>".
"""

from __future__ import annotations

import html
import logging
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from feedgen.ext.base import BaseExtension
from feedgen.feed import FeedGenerator

from crawler.core.provinces import NATIONAL, slugify
from crawler.storage import Store
from output.ext import EntryLinksExtension, PagingExtension
from output.formats import (
    GENERATOR,
    FeedMeta,
    Item,
    build_json,
    distinct_updates,
    items_of,
    last_published,
    story_guid,
    to_uri,
    xml_safe,
)
from output.opml import build_opml

__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "FeedMeta",
    "Published",
    "build_atom",
    "build_feed",
    "build_json",
    "build_opml",
    "build_rss",
    "publish",
    "story_guid",
    "write_file",
    "xml_safe",
]

#: the polling interval the service starts from (`crawler.core.schedule.DEFAULT_INTERVAL`), as the
#: server's Cache-Control max-age says too
TTL_MINUTES = 15
Rows = Iterable[Mapping[str, Any]]
Also = Mapping[str, Sequence[Mapping[str, Any]]] | None


@dataclass
class Published:
    path: Path
    items: int
    #: False when the file already held exactly this feed and was left untouched
    written: bool = True
    #: items that could not be written and were left out (logged with their URL)
    skipped: int = 0


def _cdata(html_text: str) -> str:
    return html_text.replace("]]>", "]]&gt;")


def _paging(meta: FeedMeta) -> list[tuple[str, str]]:
    links = [("next", meta.next_url), ("prev-archive", meta.prev_archive_url)]
    return [(rel, to_uri(href)) for rel, href in links if href]


# --- RSS 2.0 -----------------------------------------------------------------------------------


def _rss_channel(meta: FeedMeta) -> FeedGenerator:
    fg = FeedGenerator()
    fg.load_extension("dc", atom=False, rss=True)
    fg.register_extension("paging", PagingExtension, atom=False, rss=True)
    fg.title(xml_safe(meta.title))
    fg.description(xml_safe(meta.description) or xml_safe(meta.title))
    # self first: feedgen's RSS <link> is the last link set
    fg.link(href=to_uri(meta.self_url), rel="self", type="application/rss+xml")
    fg.link(href=to_uri(meta.home), rel="alternate")
    for rel, href in _paging(meta):
        fg.paging.paging(rel, href)
    fg.language("vi")
    fg.ttl(TTL_MINUTES)
    fg.generator(GENERATOR)
    return fg


def _rss_item(fg: FeedGenerator, it: Item) -> None:
    fe = fg.add_entry(order="append")
    fe.title(it.title)
    fe.link(href=it.link)
    fe.guid(it.guid, permalink=it.permalink)
    fe.pubDate(it.published)
    fe.description(html.escape(it.summary, quote=False))  # RSS descriptions are HTML
    if it.content:
        fe.content(_cdata(it.content), type="CDATA")
    for name in it.authors:
        fe.dc.dc_creator(name, replace=False)
    if it.categories:
        fe.category([{"term": c} for c in it.categories])
    if it.image and it.image_type:
        fe.enclosure(it.image, "0", it.image_type)
    fe.source(url=it.source_url, title=it.outlet or it.source_url)


def build_rss(items: Rows, meta: FeedMeta, also: Also = None) -> bytes:
    """RSS 2.0 with content:encoded, dc:creator and the atom:link self / paging links."""
    its = items_of(items, meta, also)
    fg = _rss_channel(meta)
    for it in its:
        _rss_item(fg, it)
    fg.lastBuildDate(last_published(its))
    data: bytes = fg.rss_str(pretty=True)
    return data


# --- Atom 1.0 ----------------------------------------------------------------------------------


def feed_id(self_url: str) -> str:
    """The Atom id of a feed: its URL without the `before` cursor, so every page of a paged
    feed (RFC 5005) names the one feed it is a page of."""
    base, sep, query = to_uri(self_url).partition("?")
    kept = [p for p in query.split("&") if p and not p.startswith("before=")] if sep else []
    return base + ("?" + "&".join(kept) if kept else "")


def _atom_feed(meta: FeedMeta) -> FeedGenerator:
    fg = FeedGenerator()
    fg.id(feed_id(meta.self_url))
    fg.title(xml_safe(meta.title))
    if meta.description:
        fg.subtitle(xml_safe(meta.description))
    fg.link(href=to_uri(meta.self_url), rel="self", type="application/atom+xml")
    fg.link(href=to_uri(meta.home), rel="alternate", type="text/html")
    for rel, href in _paging(meta):
        fg.link(href=href, rel=rel, type="application/atom+xml")
    fg.language("vi")
    fg.author({"name": GENERATOR})
    fg.generator(GENERATOR)
    fg.register_extension("links", BaseExtension, EntryLinksExtension, rss=False)
    return fg


def _atom_entry(fg: FeedGenerator, it: Item, updated: Any) -> None:
    fe = fg.add_entry(order="append")
    fe.id(it.guid)
    fe.title(it.title)
    fe.updated(updated)
    fe.published(it.published)
    fe.link(href=it.link, rel="alternate")  # written as a bare href: alternate by default
    if it.image:
        typed = {"type": it.image_type} if it.image_type else {}
        fe.links.add(href=it.image, rel="enclosure", **typed)
    fe.author([{"name": a} for a in it.authors or (it.outlet or GENERATOR,)])
    fe.summary(it.summary, type="text")
    if it.content:
        fe.content(it.content, type="html")
    if it.categories:
        fe.category([{"term": c} for c in it.categories])


def build_atom(items: Rows, meta: FeedMeta, also: Also = None) -> bytes:
    """Atom 1.0 (RFC 4287); the feed's `updated` is its newest entry's, FEED_EPOCH when empty."""
    its = items_of(items, meta, also)
    fg = _atom_feed(meta)
    updates = distinct_updates(its)
    for it, updated in zip(its, updates, strict=True):
        _atom_entry(fg, it, updated)
    fg.updated(max(updates, default=last_published(its)))
    data: bytes = fg.atom_str(pretty=True)
    return data


FORMATS: dict[str, Callable[[Rows, FeedMeta, Also], bytes]] = {
    "xml": build_rss,
    "atom": build_atom,
    "json": build_json,
}
MEDIA_TYPES = {
    "xml": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}


def build_feed(
    articles: list[dict[str, Any]],
    *,
    title: str,
    description: str,
    self_url: str,
    home: str,
    also: dict[str, list[dict[str, Any]]] | None = None,
    unified: bool = False,
) -> bytes:
    """The RSS feed, as before FeedMeta (kept for callers of that time)."""
    meta = FeedMeta(title, description, self_url, home, unified=unified)
    return build_rss(articles, meta, also)


# --- the static files --------------------------------------------------------------------------


def write_file(path: Path, data: bytes) -> bool:
    """Atomic, world-readable, and only when the content changed: a feed reader never sees a
    half-written file, a web server running as another user can read it, and an unchanged
    feed keeps its modification time, so Last-Modified and 304 answers keep working.
    True when the file was (re)written."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass  # not there yet (or unreadable): write it
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=path.suffix + ".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)  # a full disk leaves no temp file in the public folder
        raise
    return True


logger = logging.getLogger(__name__)

UNIFIED_TITLE = "partywire — tin Đảng toàn quốc"
UNIFIED_DESCRIPTION = "Tin tức Đảng Cộng sản Việt Nam từ các báo và cổng thông tin, mỗi tin một lần"


#: Items of a published feed that carry the page's full body (the newest); the others give
#: their summary and link: a reader polling every 15 minutes reads the new items in full, and a
#: publish no longer writes the whole text of 200 articles into each of ~240 files (121 MB).
CONTENT_ITEMS = 20
#: What one published feed file may weigh. Over it, the oldest items lose their body, then
#: the oldest items are left out, until it fits: a page of hostile length costs its own
#: content, never the feed.
MAX_FEED_BYTES = 2_000_000


def with_bodies(store: Store, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The feed's rows (newest first) with the body of the first CONTENT_ITEMS, read now for
    the lean rows that lack it, and no body for the others."""
    first = rows[:CONTENT_ITEMS]
    read = store.bodies([r["canonical_url"] for r in first if "body_html" not in r])
    out = []
    for i, r in enumerate(rows):
        body = r.get("body_html", read.get(r["canonical_url"])) if i < CONTENT_ITEMS else ""
        out.append({**r, "body_html": body or ""})
    return out


def _write_formats(
    out: Path,
    stem: str,
    rows: list[dict[str, Any]],
    meta_for: Callable[[str], FeedMeta],
    formats: Sequence[str],
    also: Also = None,
) -> list[Published]:
    done = []
    for fmt in formats:
        path = out / f"{stem}.{fmt}"
        data, kept = build_bounded(fmt, rows, meta_for(f"{stem}.{fmt}"), also)
        done.append(Published(path, kept, write_file(path, data), skipped=len(rows) - kept))
    return done


def build_safely(
    fmt: str, rows: list[dict[str, Any]], meta: FeedMeta, also: Also = None
) -> tuple[bytes, int]:
    """The feed, and how many items it holds. One item that cannot be written (whatever a
    hostile page or a bug left in it) costs only itself: it is found by building each item
    alone, skipped, and logged with its URL and the cause; publishing goes on."""
    data, good = _buildable(fmt, rows, meta, also)
    return data, len(good)


def _buildable(
    fmt: str, rows: list[dict[str, Any]], meta: FeedMeta, also: Also
) -> tuple[bytes, list[dict[str, Any]]]:
    build = FORMATS[fmt]
    try:
        return build(rows, meta, also), rows
    except Exception:  # any one item's failure: found and named below
        pass
    good = []
    for row in rows:
        try:
            build([row], meta, also)
        except Exception as exc:  # the item's own failure, reported
            logger.error("feed %s: item %s skipped: %s", meta.self_url, row.get("url"), exc)
            continue
        good.append(row)
    return build(good, meta, also), good


def build_bounded(
    fmt: str,
    rows: list[dict[str, Any]],
    meta: FeedMeta,
    also: Also = None,
    limit: int = MAX_FEED_BYTES,
) -> tuple[bytes, int]:
    """`build_safely`'s feed within `limit` bytes. Over it, bodies are kept newest first while
    they fit (one page too large for any feed loses its own body, not its neighbours'); when
    even no body at all is too large, the oldest items are left out."""
    data, good = _buildable(fmt, rows, meta, also)
    if len(data) <= limit:
        return data, len(good)
    build = FORMATS[fmt]
    bare = [{**r, "body_html": ""} for r in good]
    data = build(bare, meta, also)
    if len(data) <= limit:
        kept = _bodies_that_fit(fmt, good, bare, meta, also, limit - len(data))
        while kept:
            full = build(_with(bare, good, kept), meta, also)
            if len(full) <= limit:
                return full, len(good)
            kept.pop()  # the estimate was short: the oldest body kept goes too
        return data, len(good)
    n = _most(len(bare), lambda n: build(bare[:n], meta, also), limit)
    logger.warning("feed %s: %d of %d items within %d bytes", meta.self_url, n, len(bare), limit)
    return build(bare[:n], meta, also), n


def _bodies_that_fit(
    fmt: str,
    good: list[dict[str, Any]],
    bare: list[dict[str, Any]],
    meta: FeedMeta,
    also: Also,
    room: int,
) -> list[int]:
    """Which items keep their body (indexes, newest first): each costs what it adds to a feed
    of that item alone, as the format writes it (Atom escapes HTML, JSON its quotes)."""
    build = FORMATS[fmt]
    kept = []
    for i, r in enumerate(good):
        if not r.get("body_html"):
            continue
        cost = len(build([r], meta, also)) - len(build([bare[i]], meta, also))
        if cost <= room:
            kept.append(i)
            room -= cost
    return kept


def _with(
    bare: list[dict[str, Any]], good: list[dict[str, Any]], kept: list[int]
) -> list[dict[str, Any]]:
    out = list(bare)
    for i in kept:
        out[i] = good[i]
    return out


def _most(top: int, build: Callable[[int], bytes], limit: int) -> int:
    """The largest n in [0, top) whose build fits in `limit` (the size grows with n; `top`
    itself is known not to fit); 0 when none does."""
    lo, hi = 0, top - 1
    while lo < hi:  # the answer is in [lo, hi]
        mid = (lo + hi + 1) // 2
        if len(build(mid)) <= limit:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _groups(store: Store) -> list[tuple[str, str, dict[str, str]]]:
    """(file stem, province, store filter) of every province and site feed, national first."""
    provinces = sorted(store.groups("province"), key=lambda p: (p != NATIONAL, p))
    out = [(f"provinces/{slugify(p)}", p, {"province": p}) for p in provinces]
    return out + [(f"sites/{site}", "", {"site": site}) for site in store.groups("site")]


def publish(
    store: Store,
    outdir: str | Path,
    base_url: str,
    size: int = 200,
    unified: Iterable[dict[str, Any]] | None = None,
    also: dict[str, list[dict[str, Any]]] | None = None,
    formats: Sequence[str] = tuple(FORMATS),
) -> list[Published]:
    """Write feed.<fmt>, provinces/<slug>.<fmt>, sites/<name>.<fmt> for each format (RSS
    `xml`, `atom`, JSON Feed `json`) and feeds.opml (every RSS feed, grouped by province);
    returns what was written, feed.xml first."""
    out = Path(outdir)
    base = base_url.rstrip("/") + "/"
    items = (list(unified) if unified is not None else store.latest(size, lean=True))[:size]
    items = with_bodies(store, items)

    def unified_meta(rel: str) -> FeedMeta:
        return FeedMeta(UNIFIED_TITLE, UNIFIED_DESCRIPTION, base + rel, base, unified=True)

    written = _write_formats(out, "feed", items, unified_meta, formats, also)
    opml: list[tuple[str, str, str]] = [(GENERATOR, UNIFIED_TITLE, base + "feed.xml")]
    by_province: dict[str, list[tuple[str, str, str]]] = {}
    for stem, province, where in _groups(store):
        arts = with_bodies(store, store.latest(size, lean=True, **where))
        if not arts:
            continue
        name = province or arts[0]["outlet"]

        def meta(rel: str, name: str = name) -> FeedMeta:
            return FeedMeta(f"partywire — {name}", f"Tin Đảng: {name}", base + rel, base)

        written += _write_formats(out, stem, arts, meta, formats)
        group = province or arts[0].get("province") or NATIONAL
        by_province.setdefault(group, []).append((group, f"partywire — {name}", f"{stem}.xml"))
    for rows in by_province.values():
        opml += [(g, t, base + rel) for g, t, rel in rows]
    opml_path = out / "feeds.opml"
    written.append(Published(opml_path, len(opml), write_file(opml_path, build_opml(opml, base))))
    return written
