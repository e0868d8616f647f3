"""The last word on what an article may carry into the store and the feeds: every string is
cleaned once here, whatever page, feed or bug produced it.

A hostile or broken page must not be able to stop publishing (a character XML forbids in a guid
made every later `publish` fail), spoof a reader's display (bidi overrides turn a title around),
or blow up a feed (a 1 MB title, a 6 MB text). So: characters XML 1.0 forbids, noncharacters,
surrogates, bidi controls and the other invisible format characters go; each field is capped at
a length no real article reaches, and the cut is recorded on the item (`field_sources["cut/…"]`,
the original length) so an operator can see which page was cut; URLs must be http(s) URLs of
sane length, or the field is dropped (the canonical URL falls back to the page's own URL).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from crawler.core.items import Article

#: XML 1.0 forbids C0 controls but tab, LF, CR; surrogates; U+FFFE and U+FFFF. Also removed:
#: C1 controls, the other noncharacters (U+FDD0..FDEF, the last two code points of every plane),
#: and the format characters (Unicode category Cf) that only change how text is displayed:
#: bidi embeddings, overrides and isolates (U+202A..202E, U+2066..2069), LRM/RLM/ALM, invisible
#: operators, soft hyphen, zero-width characters, BOM, tag characters.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\ufdd0-\ufdef\ufeff\ufff9-\ufffb\ud800-\udfff\ufffe\uffff"
    "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U000e0000-\U000e007f"
    "\U000efffe\U000effff\U000ffffe\U000fffff\U0010fffe\U0010ffff]"
)

#: Lengths no real article of these outlets reaches (their longest texts, the Party documents
#: Tạp chí Cộng sản publishes whole, run to ~120,000 characters).
LIMITS = {
    "title": 500,
    "summary": 3_000,
    "text": 300_000,
    "body_html": 600_000,
    "source": 200,
    "section": 200,
    "outlet": 200,
}
AUTHOR_LIMIT, MAX_AUTHORS = 120, 12
TAG_LIMIT, MAX_TAGS = 100, 40
URL_LIMIT = 2048


def clean(value: str) -> str:
    """The string without the characters no article needs and some readers choke on."""
    return _FORBIDDEN.sub("", value)


def cap(value: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary when one is near."""
    if len(value) <= limit:
        return value
    cut = value[:limit]
    space = cut.rfind(" ", limit - 80)
    return (cut[:space] if space > 0 else cut).rstrip()


#: Any whitespace: what str.isspace says of a character (re's \s in a str pattern is that test),
#: sought in C where a generator over the characters was 1.7 % of a crawl's profiled CPU.
_SPACE = re.compile(r"\s")


def clean_url(value: str | None) -> str | None:
    """An absolute http(s) URL of sane length with a host, cleaned; anything else is None."""
    if not value:
        return None
    url = clean(value).strip()
    if len(url) > URL_LIMIT or _SPACE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return url


def _field(item: Article, name: str, limit: int) -> None:
    value = getattr(item, name)
    if not value:
        return
    cleaned = clean(value)
    capped = cap(cleaned, limit)
    if len(capped) < len(cleaned):
        item.field_sources[f"cut/{name}"] = str(len(cleaned))
    setattr(item, name, capped)


def _lines(values: list[str], limit: int, most: int) -> list[str]:
    out = [cap(clean(v), limit) for v in values[:most]]
    return [v for v in out if v]


def _urls(item: Article) -> None:
    """The page's URL, the canonical and og:url it declares (the keys stage picks the canonical
    URL from them next) and its image: each a sane http(s) URL, or dropped and recorded."""
    item.url = clean_url(item.url) or item.url
    declared = item.hints.get("canonical")
    if declared and clean_url(declared) != declared:
        item.field_sources["cut/canonical"] = "invalid"
        item.hints["canonical"] = clean_url(declared) or ""
    og = item.hints.get("og_url")
    if og and clean_url(og) != og:
        item.field_sources["cut/og_url"] = "invalid"
        item.hints["og_url"] = clean_url(og) or ""
    image = clean_url(item.image)
    if image is None and item.image:
        item.field_sources["cut/image"] = "invalid"
    item.image = image


def guard(item: Article) -> Article:
    """The boundary stage: after normalising, before the keys stage (it hashes the capped text,
    which is what is stored, and chooses the canonical URL among the cleaned ones)."""
    for name, limit in LIMITS.items():
        _field(item, name, limit)
    if len(item.authors) > MAX_AUTHORS:
        item.field_sources["cut/authors"] = str(len(item.authors))
    item.authors = _lines(item.authors, AUTHOR_LIMIT, MAX_AUTHORS)
    item.tags = _lines(item.tags, TAG_LIMIT, MAX_TAGS)
    _urls(item)
    return item
