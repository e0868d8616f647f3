"""What goes into which feed: the unified feed takes one item per story; site and province
feeds keep every outlet's own copy."""

from __future__ import annotations

from pathlib import Path

from crawler.storage import Store
from output.feeds import Published, publish


def publish_all(
    store: Store, outdir: str | Path, base_url: str, size: int = 200
) -> list[Published]:
    return publish(store, outdir, base_url, size)
