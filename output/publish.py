"""What goes into which feed: the unified feed takes one item per story (cluster); site and
province feeds keep every outlet's own copy.

A story's item is its earliest publisher's copy (ties: the national agency, then the outlet the
others name as their source), with "Cũng đăng trên" links to the other copies; its guid is the
cluster id, which never changes when the cluster grows.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from lxml import etree

from crawler.core.normalize import fold
from crawler.core.timez import utcnow
from crawler.history import History
from crawler.sites import get_site, registry
from crawler.storage import Store, shown
from output.feeds import Published, publish
from output.status import write_status

#: feeds this module writes below provinces/ and sites/ (RSS, Atom, JSON Feed)
FEED_SUFFIXES = (".xml", ".atom", ".json")
_SAFE = etree.XMLParser(resolve_entities=False, no_network=True)

_KIND_RANK = {"news-agency": 0, "national-organ": 1, "party-portal": 2, "newspaper": 3}


def representative(members: list[dict[str, Any]]) -> dict[str, Any]:
    named = {fold(m["source"]) for m in members if m.get("source")}

    def rank(m: dict[str, Any]) -> tuple[Any, ...]:
        site = get_site(m["site"])
        outlet = fold(m["outlet"])
        is_named = any(n and (n in outlet or outlet in n) for n in named) or (
            site is not None and site.kind == "news-agency" and "ttxvn" in named
        )
        return (
            m["published"],
            _KIND_RANK.get(site.kind if site else "", 9),
            0 if is_named else 1,
            m["canonical_url"],
        )

    return min(members, key=rank)


def unified(
    store: Store, size: int
) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """The latest `size` stories, one item each, and the other copies of each."""
    recent = store.latest(size * 3, lean=True)
    ids = list(dict.fromkeys(r.get("cluster") or r["canonical_url"] for r in recent))
    groups = store.clusters(ids, lean=True)
    items: list[dict[str, Any]] = []
    also: dict[str, list[dict[str, Any]]] = {}
    for cid in ids:
        members = [m for m in groups.get(cid, []) if m.get("published")] or [
            r for r in recent if r["canonical_url"] == cid
        ]
        if not members:
            continue
        rep = dict(representative(members), guid=cid)
        items.append(rep)
        others = sorted(
            (m for m in members if m["canonical_url"] != rep["canonical_url"]),
            key=lambda m: m["published"],
        )
        if others:
            also[rep["canonical_url"]] = others
    items.sort(key=lambda a: (a["published"], a["canonical_url"]), reverse=True)
    return items[:size], also


#: A store whose newest article is this much older than the feed already published is not the
#: store that published it (a wrong --db, a restored backup): publishing from it would throw
#: the readers' newer items away.
OLDER_THAN_PUBLISHED = timedelta(days=7)


class PublishRefused(RuntimeError):
    """Publishing would destroy what readers have; the message names the store and why."""


def _published_newest(outdir: Path) -> datetime | None:
    """The newest item of the unified feed already published, from its lastBuildDate (which is
    the newest item's date, never the build time), or None when there is none to protect."""
    try:
        root = etree.parse(str(outdir / "feed.xml"), _SAFE).getroot()
    except (OSError, etree.XMLSyntaxError):
        return None
    stamp = root.findtext("channel/lastBuildDate")
    try:
        return parsedate_to_datetime(stamp) if stamp else None
    except (TypeError, ValueError):
        return None


def check_publishable(store: Store, outdir: str | Path) -> None:
    """Refuse, before anything is written, a store with no dated article or one much older
    than the published feeds."""
    newest = store.latest(1, lean=True)
    where = shown(str(store.engine.url))
    if not newest:
        raise PublishRefused(
            f"{where}: no dated article in the store; the feeds are left as they are"
        )
    before = _published_newest(Path(outdir))
    mine = newest[0]["published"]
    if before is not None and mine < before - OLDER_THAN_PUBLISHED:
        raise PublishRefused(
            f"{where}: its newest article ({mine:%Y-%m-%d}) is older than the published feeds' "
            f"({before:%Y-%m-%d}); is this the right store? The feeds are left as they are"
        )


def _remove_stale(outdir: Path, written: list[Published]) -> list[Path]:
    """Province and site feeds that this publish did not write belong to sites or provinces no
    longer registered (or with no article left): removed, not left stale for readers."""
    keep = {w.path.resolve() for w in written}
    removed = []
    for sub in ("provinces", "sites"):
        for f in sorted((outdir / sub).glob("*")):
            if f.suffix in FEED_SUFFIXES and f.resolve() not in keep:
                f.unlink()
                removed.append(f)
    return removed


#: A temporary file older than this was left by a publish that was killed (a running one
#: renames its own within a second).
STALE_TEMP_SECONDS = 300


def _remove_temp_files(outdir: Path) -> None:
    """Temporary files a killed publish left (`feeds.write_file` names them `.<x>.tmp`), so
    the public folder holds only what readers should see."""
    now = time.time()
    for f in outdir.rglob(".*.tmp"):
        try:
            if now - f.stat().st_mtime > STALE_TEMP_SECONDS:
                f.unlink()
        except OSError:
            continue  # gone meanwhile, or not ours to remove


def publish_all(
    store: Store, outdir: str | Path, base_url: str, size: int = 200
) -> list[Published]:
    """The feeds, then the operator's status.html and alerts.xml beside them; nothing is written
    when the store would destroy what is published (`PublishRefused`)."""
    check_publishable(store, outdir)
    _remove_temp_files(Path(outdir))
    items, also = unified(store, size)
    written = publish(store, outdir, base_url, size, unified=items, also=also)
    _remove_stale(Path(outdir), written)
    write_status(History(store), registry(), outdir, base_url, utcnow())
    return written
