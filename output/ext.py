"""A feedgen extension for what RSS has no element for: where an item's date came from.

`<pw:dateSource>` lets a reader (or a researcher auditing the feed) see whether the instant came
from the page's metadata, its visible date line, the feed, or only the lead paragraph.
"""

from __future__ import annotations

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from lxml import etree

NS = "https://partywire.github.io/ns/1.0"


class PartywireExtension(BaseExtension):  # type: ignore[misc]  # feedgen ships no types
    def extend_ns(self) -> dict[str, str]:
        return {"pw": NS}


class PartywireEntryExtension(BaseEntryExtension):  # type: ignore[misc]  # feedgen: no types
    def __init__(self) -> None:
        self._date_source: str | None = None

    def date_source(self, value: str | None = None) -> str | None:
        if value is not None:
            self._date_source = value
        return self._date_source

    def extend_rss(self, entry: etree._Element) -> etree._Element:
        if self._date_source:
            el = etree.SubElement(entry, f"{{{NS}}}dateSource")
            el.text = self._date_source
        return entry
