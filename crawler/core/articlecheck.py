"""Whether a downloaded page is an article at all: discovery without a URL pattern takes more
candidates (every feed and sitemap entry, whatever a listing's structure offers), so the page
itself has to confirm it before it is stored.

A page confirms it by saying so in machine-readable form (JSON-LD NewsArticle/Article/
ReportageNewsArticle, `og:type` article), or, failing that, by what a reader sees: a headline,
a date and a body of running text. Category, tag, search and video pages say otherwise, or
show no such body, and are dropped with the reason.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from lxml import html as lhtml

from crawler.core.items import Article
from crawler.core.linkshape import non_article_reason
from crawler.core.metadata import ARTICLE_TYPES

#: Running text an article has at least, in words (Vietnamese: syllables between spaces). The
#: shortest real story in the corpus and the recordings is a brief of about 150 (see
#: tests/test_discovery.py), three or four sentences of news are about 80, while what a
#: listing leaves after extraction is a handful of teaser lines or nothing: below 80 it is
#: not a story a reader would call one, and a one-paragraph notice is not lost for a feed
#: that never promised it.
MIN_WORDS = 80

#: og:type / JSON-LD types that say the page is something else than a story (`website` and
#: JSON-LD WebSite are not among them: they describe the outlet, on stories too)
_OTHER_OG = {"video", "profile", "music", "book"}
_OTHER_JSONLD = {"VideoObject", "CollectionPage", "SearchResultsPage", "ProfilePage"}


def _jsonld_types(data: object) -> Iterator[str]:
    if isinstance(data, list):
        for x in data:
            yield from _jsonld_types(x)
    elif isinstance(data, dict):
        t = data.get("@type")
        for name in t if isinstance(t, list) else [t]:
            if isinstance(name, str):
                yield name
        yield from _jsonld_types(data.get("@graph"))


def types_of(doc: lhtml.HtmlElement) -> list[str]:
    """What the page says it is: `og:<type>` and `jsonld:<@type>` entries, in page order.

    Read by extraction from the tree it parsed anyway (the HTML leaves the item there), so
    the check after the stages can use it."""
    out = [f"og:{t.strip().lower()}" for t in doc.xpath('//meta[@property="og:type"]/@content')]
    for script in doc.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(str(script))
        except ValueError:
            continue  # a broken block says nothing; the visible checks still apply
        out.extend(f"jsonld:{t}" for t in _jsonld_types(data))
    return out


def words(text: str) -> int:
    """Words as a reader counts them; in Vietnamese each syllable is written apart."""
    return len(re.findall(r"\w+", text))


def _declared(types: list[str]) -> str | None:
    """ "article" when the page declares a story, the type when it declares something else,
    None when it declares nothing either way."""
    if any(t == "og:article" or t.removeprefix("jsonld:") in ARTICLE_TYPES for t in types):
        return "article"
    for t in types:
        kind, _, name = t.partition(":")
        if (kind == "og" and name.split(".")[0] in _OTHER_OG) or (
            kind == "jsonld" and name in _OTHER_JSONLD
        ):
            return t
    return None


def looks_like_article(item: Article) -> str | None:
    """None when the page is an article, else why not (one short phrase, for the log).

    A declared story wins (a short photo story with NewsArticle is an article); then the URL
    (a redirect to a tag page or the home page); then a declared other type (`og:type` video,
    JSON-LD CollectionPage); then what a reader sees: a headline, a date the page gives as its
    own (markup, or the feed or listing that linked it) and MIN_WORDS of text. `og:type`
    website alone decides nothing: many of these CMSs put it on every page, stories included."""
    types = list(item.hints.get("page_types") or [])
    declared = _declared(types)
    if declared == "article":
        return None
    why = non_article_reason(item.url)
    if why:
        return why
    if declared:
        return f"the page says it is {declared}"
    if not item.title:
        return "no headline"
    if item.published is None:
        return "no date"
    if (item.date_source or "").startswith("text:"):
        # a date found only in the running text is any date the text mentions: a listing's
        # first teaser gives one ("Ngày 8-1, ..." on baocantho's /thoi-su/)
        return "no date of its own (only one read from the text)"
    n = words(item.text)
    if n < MIN_WORDS:
        return f"{n} words of text (an article has at least {MIN_WORDS})"
    return None
