"""feedgen extensions for the links feedgen 1.0 leaves out or mangles.

feedgen writes only the `self` atom:link into an RSS channel. A reader going back past the
newest items needs RFC 5005's `<atom:link rel="next">` / `rel="prev-archive">` as well, placed
(like every channel element) before the first item, where the extension hook runs. And its Atom
entries lose their links' `rel` and `type` (see EntryLinksExtension).
"""

from __future__ import annotations

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from lxml import etree

ATOM = "http://www.w3.org/2005/Atom"


class PagingExtension(BaseExtension):  # type: ignore[misc]  # feedgen ships no types
    """Holds the channel's paging links (rel, href) until feedgen builds the channel."""

    def __init__(self) -> None:
        self._links: list[tuple[str, str]] = []

    def paging(self, rel: str, href: str) -> None:
        self._links.append((rel, href))

    def extend_ns(self) -> dict[str, str]:
        return {"atom": ATOM}

    def extend_rss(self, rss: etree._Element) -> etree._Element:
        channel = rss.find("channel")
        if channel is not None:
            for rel, href in self._links:
                etree.SubElement(
                    channel, f"{{{ATOM}}}link", href=href, rel=rel, type="application/rss+xml"
                )
        return rss


class EntryLinksExtension(BaseEntryExtension):  # type: ignore[misc]  # feedgen ships no types
    """An Atom entry's links with their attributes: feedgen 1.0 writes an entry's links with
    `href` only (its loop rebinds the name it reads `rel` and `type` from), which would make an
    image enclosure a second `alternate` link."""

    def __init__(self) -> None:
        self._links: list[dict[str, str]] = []

    def add(self, **attrs: str) -> None:
        self._links.append(attrs)

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        for attrs in self._links:
            # unqualified, as feedgen builds its Atom elements (in the default namespace its
            # root declares): a namespaced element would be written with a made-up prefix
            etree.SubElement(entry, "link", attrs)
        return entry
