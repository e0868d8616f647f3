"""What goes into which feed: the unified feed takes one item per story (cluster); site and
province feeds keep every outlet's own copy.

A story's item is its earliest publisher's copy (ties: the national agency, then the outlet the
others name as their source), with "Cũng đăng trên" links to the other copies; its guid is the
cluster id, which never changes when the cluster grows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crawler.core.normalize import fold
from crawler.core.timez import utcnow
from crawler.history import History
from crawler.sites import get_site, registry
from crawler.storage import Store
from output.feeds import Published, publish
from output.status import write_status

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
    recent = store.latest(size * 3)
    ids = list(dict.fromkeys(r.get("cluster") or r["canonical_url"] for r in recent))
    groups = store.clusters(ids)
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


def publish_all(
    store: Store, outdir: str | Path, base_url: str, size: int = 200
) -> list[Published]:
    """The feeds, then the operator's status.html and alerts.xml beside them."""
    items, also = unified(store, size)
    written = publish(store, outdir, base_url, size, unified=items, also=also)
    write_status(History(store), registry(), outdir, base_url, utcnow())
    return written
