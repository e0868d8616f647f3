"""Stage 5, store: upsert every finished article; one bad item never costs the others."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from crawler.core.cluster import doc, sig_bytes, signature
from crawler.storage import Store, index_for


class StorePipeline:
    def __init__(self, url: str, stats: Any = None, redis_url: str | None = None) -> None:
        self.url = url
        self.stats = stats
        self.redis_url = redis_url or None
        self.store: Store | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> StorePipeline:
        s = crawler.settings
        return cls(s.get("PARTYWIRE_DB"), crawler.stats, s.get("PARTYWIRE_REDIS"))

    def open_spider(self) -> None:
        self.store = Store(self.url)
        self.index = index_for(self.store, self.redis_url)

    def close_spider(self) -> None:
        if self.store is not None:
            self.store.engine.dispose()

    def process_item(self, item: Any) -> Any:
        a = ItemAdapter(item)
        if not a.get("title") or not a.get("text"):
            if self.stats:
                self.stats.inc_value("partywire/rejected")
            raise DropItem(f"{a['url']}: no article title or text found")
        assert self.store is not None
        d = doc(a.get("summary") or "", a.get("text") or "")
        sig = signature(d[0])
        # placed first, so one statement stores the article with its cluster
        placed = self.index.place(a["canonical_url"], d, sig)
        row = {
            **item.record(),
            "cluster": placed.cluster,
            "shingles": d[0].tobytes(),
            "facts": d[1].tobytes(),
            "minhash": sig_bytes(sig),
        }
        self.store.upsert([row])
        if self.stats:
            self.stats.inc_value("partywire/stored")
            if placed.cluster != a["canonical_url"]:
                self.stats.inc_value("partywire/syndicated")
        return item
