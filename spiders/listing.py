"""What a listing page's structure says about its links, for when the site's URL pattern says
nothing (none declared) or no longer matches (a redesign moved the articles to a new URL form).

A listing shows its articles in its main content; the site's chrome (navigation, header,
footer, aside, menus) links sections, and on many of these CMSs the latest stories of every
section too, which are articles but not this listing's. Articles share one URL route, so
their URLs share a shape (`crawler.core.linkshape`), and a date is often printed beside them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urldefrag

from lxml import etree
from parsel import Selector
from scrapy.http import TextResponse

from crawler.core.linkshape import article_shape

#: elements that are page chrome by their HTML meaning
CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "menu"})
CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "menu", "menubar"})
#: class/id words that name chrome; a class is split at spaces, "-" and "_", so BEM names
#: (baochinhphu `header__menu`, `nav-sub`) and Bootstrap ones (baocantho `box-footer-mid`)
#: are read by their words
CHROME_WORDS = frozenset({"nav", "navbar", "menu", "header", "footer", "breadcrumb", "breadcrumbs"})
_WORD_SPLIT = re.compile(r"[\s_-]+")

#: a date as these listings print it: 05/03/2026, 5-3-2026, 2026-03-05 (a time may follow)
DATE_TEXT = re.compile(r"\b(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2})\b")
#: how far up from a link a date beside it is looked for: the link's item and its parts
DATE_LEVELS = 4
_DATE_NODES = (
    ".//time | .//*[contains(@class, 'time') or contains(@class, 'date')"
    " or contains(@class, 'Time') or contains(@class, 'Date')]"
)


@dataclass
class Link:
    """One distinct URL of a listing, with every anchor that points to it (an item often
    links its picture and its title) and whether all of them sit in the page's chrome."""

    url: str
    anchors: list[Selector] = field(default_factory=list)
    chrome: bool = True


def in_chrome(el: etree._Element) -> bool:
    for p in el.iterancestors():
        if p.tag in ("body", "html"):
            return False
        if p.tag in CHROME_TAGS or p.get("role") in CHROME_ROLES:
            return True
        words = _WORD_SPLIT.split(f"{p.get('class', '')} {p.get('id', '')}".lower())
        if CHROME_WORDS.intersection(words):
            return True
    return False


def links(response: TextResponse, anchors: Sequence[Selector]) -> list[Link]:
    """The distinct http(s) URLs the anchors point to, in page order, fragments removed (they
    name a place on one page, and Scrapy's fingerprint ignores them too)."""
    out: dict[str, Link] = {}
    for a in anchors:
        href = (a.attrib.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
            continue
        url = urldefrag(response.urljoin(href))[0]
        if not url.startswith(("http://", "https://")):
            continue
        link = out.setdefault(url, Link(url))
        link.anchors.append(a)
        link.chrome = link.chrome and in_chrome(a.root)
    return list(out.values())


def detect(candidates: list[Link]) -> list[Link]:
    """The links the page's structure marks as its articles: in the main content, of article
    shape; when most of them carry an id, those without one are dropped, since one route
    makes a listing's articles and a bare long slug beside ids is a section (baochinhphu's
    `/chi-dao-quyet-dinh-cua-chinh-phu-thu-tuong-chinh-phu.htm` among `-<18 digits>.htm`)."""
    shaped = [(link, article_shape(link.url)) for link in candidates if not link.chrome]
    found = [(link, shape) for link, shape in shaped if shape]
    with_id = [link for link, shape in found if shape == "id"]
    if with_id and 2 * len(with_id) >= len(found):
        return with_id
    return [link for link, _ in found]


def _date_of(node: etree._Element) -> str | None:
    """A `<time datetime>` says it exactly; otherwise the visible text, when it holds a date
    (baochinhphu's `span.time-ago` shows "05/03/2026 15:34"; its title attribute has the
    month first and is not used)."""
    stamp = (node.get("datetime") or "").strip()
    if stamp:
        return stamp
    text = " ".join(" ".join(str(t) for t in node.xpath(".//text()")).split())
    return text if DATE_TEXT.search(text) else None


class Beside:
    """The dates printed beside a listing's chosen links, the page read once for all of them:
    which chosen links an element holds is worked out once per element, not once per link
    and level (a listing of n links would otherwise read its item lists n times over)."""

    def __init__(self, response: TextResponse, urls: set[str]) -> None:
        self.response = response
        self.urls = urls
        self._absolute: dict[str, str] = {}
        self._chosen: dict[etree._Element, frozenset[str]] = {}

    def _url(self, href: str) -> str:
        url = self._absolute.get(href)
        if url is None:
            url = self._absolute[href] = urldefrag(self.response.urljoin(href))[0]
        return url

    def chosen_in(self, el: etree._Element) -> frozenset[str]:
        """The chosen links among the element's own links (the element kept as the key holds
        its lxml proxy, so the same element is found again)."""
        got = self._chosen.get(el)
        if got is None:
            hrefs = (self._url(str(h)) for h in el.xpath(".//a/@href"))
            got = self._chosen[el] = frozenset(u for u in hrefs if u in self.urls)
        return got

    def date(self, link: Link) -> str | None:
        """The date printed in the link's own item: looked for upwards from each anchor, no
        higher than the first element that also holds another chosen link (there the item
        has ended and a date would be a neighbour's)."""
        for a in link.anchors:
            node: etree._Element | None = a.root
            for _ in range(DATE_LEVELS):
                node = node.getparent() if node is not None else None
                if node is None:
                    break
                if self.chosen_in(node) - {link.url}:
                    break
                for d in node.xpath(_DATE_NODES):
                    got = _date_of(d)
                    if got:
                        return got
        return None
