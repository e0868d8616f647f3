"""RSS 2.0 feeds with feedgen: the unified feed, one per province, one per site.

feedgen's traps, handled here: `add_entry` prepends unless told to append; naive datetimes raise;
a date *string* is parsed month-first (so only aware datetimes are passed); `content:encoded`
is written only when the entry has both a description and content.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from feedgen.feed import FeedGenerator

from crawler.core.provinces import slugify
from crawler.core.timez import VN
from crawler.sites import get_site
from crawler.storage import Store
from output.ext import PartywireEntryExtension, PartywireExtension

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
TTL_MINUTES = 30


def xml_safe(s: str | None) -> str:
    return _ILLEGAL.sub("", s or "")


@dataclass
class Published:
    path: Path
    items: int
    #: False when the file already held exactly this feed and was left untouched
    written: bool = True


def _entry(fg: FeedGenerator, a: dict[str, Any], also: list[dict[str, Any]] | None = None) -> None:
    fe = fg.add_entry(order="append")
    fe.title(xml_safe(a["title"]))
    fe.link(href=a["url"])
    guid = a.get("guid") or a["canonical_url"]
    # the guid is the story's cluster id (a canonical URL); it claims to be a permalink only
    # when it is exactly this item's link
    fe.guid(guid, permalink=guid == a["url"])
    fe.pubDate(a["published"].astimezone(VN))
    summary = a.get("summary") or (a.get("text") or "").split("\n\n")[0]
    content = a.get("body_html") or ""
    if also:
        links = ", ".join(f'<a href="{o["url"]}">{xml_safe(o["outlet"])}</a>' for o in also)
        content += f"<p>Cũng đăng trên: {links}</p>"
    fe.description(xml_safe(summary) or xml_safe(a["title"]))
    if content:
        fe.content(xml_safe(content), type="CDATA")
    for name in a.get("authors") or []:
        fe.dc.dc_creator(xml_safe(name), replace=False)
    cats = [c for c in (a.get("province"), a.get("former_province"), a.get("outlet")) if c]
    fe.category([{"term": xml_safe(c)} for c in dict.fromkeys(cats)])
    site = get_site(a["site"])
    src_url = site.feeds[0] if site and site.feeds else site.home if site else a["url"]
    fe.source(url=src_url, title=xml_safe(a["outlet"]))
    if a.get("date_source"):
        fe.pw.date_source(a["date_source"])


def build_feed(
    articles: list[dict[str, Any]],
    *,
    title: str,
    description: str,
    self_url: str,
    home: str,
    also: dict[str, list[dict[str, Any]]] | None = None,
) -> bytes:
    fg = FeedGenerator()
    fg.load_extension("dc", atom=False, rss=True)
    fg.register_extension("pw", PartywireExtension, PartywireEntryExtension, atom=False, rss=True)
    fg.title(xml_safe(title))
    fg.description(xml_safe(description))
    fg.link(href=self_url, rel="self")  # first: feedgen's RSS <link> keeps the last one set
    fg.link(href=home, rel="alternate")
    fg.language("vi")
    fg.ttl(TTL_MINUTES)
    fg.generator("partywire")
    newest: datetime | None = None
    for a in articles:
        _entry(fg, a, (also or {}).get(a["canonical_url"]))
        newest = max(newest, a["published"]) if newest else a["published"]
    if newest is not None:
        fg.lastBuildDate(newest.astimezone(VN))
    data: bytes = fg.rss_str(pretty=True)
    return data


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


def publish(
    store: Store,
    outdir: str | Path,
    base_url: str,
    size: int = 200,
    unified: Iterable[dict[str, Any]] | None = None,
    also: dict[str, list[dict[str, Any]]] | None = None,
) -> list[Published]:
    """Write feed.xml, provinces/<slug>.xml and sites/<name>.xml; returns what was written."""
    out = Path(outdir)
    base = base_url.rstrip("/") + "/"
    written: list[Published] = []
    items = list(unified) if unified is not None else store.latest(size)
    items = items[:size]
    changed = write_file(
        out / "feed.xml",
        build_feed(
            items,
            title="partywire — tin Đảng toàn quốc",
            description="Tin tức Đảng Cộng sản Việt Nam từ các báo và cổng thông tin, "
            "mỗi bài một lần",
            self_url=base + "feed.xml",
            home=base,
            also=also,
        ),
    )
    written.append(Published(out / "feed.xml", len(items), changed))
    groups: list[tuple[str, str | None, dict[str, str]]] = [
        (f"provinces/{slugify(p)}.xml", p, {"province": p}) for p in store.groups("province")
    ]
    groups += [(f"sites/{site}.xml", None, {"site": site}) for site in store.groups("site")]
    for rel, label, where in groups:
        arts = store.latest(size, **where)
        if not arts:
            continue
        name = label or arts[0]["outlet"]
        data = build_feed(
            arts,
            title=f"partywire — {name}",
            description=f"Tin Đảng: {name}",
            self_url=base + rel,
            home=base,
        )
        written.append(Published(out / rel, len(arts), write_file(out / rel, data)))
    return written
