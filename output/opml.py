"""OPML 2.0 subscription list: every feed at once, for a reader's "import".

Grouped as the caller groups them (by province; national outlets under their own group), each
feed an `outline type="rss"` with the `text`, `title` and absolute `xmlUrl` the W3C validator
asks of one. No dates in the head: the file changes only when the list does.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urljoin

from lxml import etree

from output.formats import GENERATOR, to_uri, xml_safe

OPML_TITLE = "partywire — mọi nguồn tin Đảng"


def build_opml(feeds: Iterable[tuple[str, str, str]], base_url: str) -> bytes:
    """(group, title, url) triples as OPML 2.0, groups in their first-seen order; a url may be
    relative to `base_url`. An empty group name puts the feed at the top level."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = OPML_TITLE
    etree.SubElement(head, "ownerName").text = GENERATOR
    body = etree.SubElement(root, "body")
    groups: dict[str, etree._Element] = {}
    for group, title, url in feeds:
        parent = body
        if group:
            if group not in groups:
                groups[group] = etree.SubElement(body, "outline", text=xml_safe(group))
            parent = groups[group]
        name = xml_safe(title) or url
        etree.SubElement(
            parent,
            "outline",
            type="rss",
            text=name,
            title=name,
            xmlUrl=to_uri(urljoin(base_url, url)),
        )
    data: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)
    return data
