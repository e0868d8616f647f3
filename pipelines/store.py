"""Stage 5, store: upsert every finished article; one bad item never costs the others."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from crawler.storage import Store


class StorePipeline:
    def __init__(self, url: str, stats: Any = None) -> None:
        self.url = url
        self.stats = stats
        self.store: Store | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> StorePipeline:
        return cls(crawler.settings.get("PARTYWIRE_DB"), crawler.stats)

    def open_spider(self) -> None:
        self.store = Store(self.url)

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
        self.store.upsert([item.record()])
        if self.stats:
            self.stats.inc_value("partywire/stored")
        return item
