"""What a link's URL alone says about the page behind it: an obvious non-article (a tag, topic,
section, video or search page), or the slug-and-id shape most news CMSs give their articles.

Discovery needs this twice: feed and sitemap entries are taken without the site's article
pattern, so the only veto left is the obvious non-article; and on a listing whose declared
pattern no longer matches (or a site that declares none), the structural detector needs the
article shape. Both are URL facts, with no framework, so they live in the core.
"""

from __future__ import annotations

import re
from typing import Literal
from urllib.parse import parse_qsl, unquote, urlsplit

#: Path segments that name a page of many articles or of no article, with why. A segment
#: matches whole (`/video/...`), never as part of a slug: `/media-story/-/...` is an article
#: form of tapchicongsan, and a title may well contain the word "video".
NON_ARTICLE_SEGMENTS: dict[str, str] = {
    "tag": "tag page (NukeViet /news/tag/{tag}/page-N, sites.tsv)",
    "tags": "tag page",
    "tu-khoa": "tag page ('từ khoá', nhandan /tu-khoa/{slug}-tag{id}.html, corpus article)",
    "chu-de": "topic page ('chủ đề', baochinhphu /chu-de/{slug}-{id}.htm, corpus listing)",
    "chuyen-muc": "section page ('chuyên mục')",
    "category": "section page",
    "su-kien": "event page ('sự kiện', baocantho /su-kien/{slug}.{n}.html, corpus listing)",
    "dong-su-kien": "event page (baotintuc /dong-su-kien/{slug}-e{id}.htm, sites.tsv)",
    "video": "video page (baocantho /video/xem-video/..., corpus listing)",
    "videos": "video page",
    "xem-video": "video page",
    "media": "media page",
    "photo": "photo page",
    "photos": "photo page",
    "podcast": "podcast page",
    "podcasts": "podcast page",
    "search": "search page (dangcongsan /page/search?keyword=, sites.tsv)",
    "tim-kiem": "search page ('tìm kiếm', baocantho /tim-kiem/{words}.html, corpus article)",
    "author": "author page",
    "tac-gia": "author page ('tác giả')",
    "rss": "feed, not a page",
    "rao-vat": "classified ads ('rao vặt', baocantho /rao-vat/, corpus listing)",
}

#: Slug endings that name a non-article whatever the folder: a tag or event id.
_NON_ARTICLE_SLUG = (
    (re.compile(r"-tag\d+$"), "tag page (nhandan {slug}-tag{id}, corpus article)"),
    (re.compile(r"-event\d+$"), "event page (hanoimoi {slug}-event{id}, sites.tsv)"),
    (
        re.compile(r"^rao-vat-"),
        "classified ad (baocantho /rao-vat-{slug}-{n}.html, corpus listing)",
    ),
)

#: the page extensions article URLs end in; `.bbg` is baobacninhtv's own (sites.tsv)
_EXTENSIONS = (".html", ".htm", ".aspx", ".shtml", ".php", ".bbg")
#: an id at the end of a slug: digits, optionally after a short letter prefix
#: (-123456, -a196670, -post976641, -postid123456), at least 5 of them; or 4 digits that are no
#: year (hanoimoi's older `...-7562.html`): a topic page's 3-digit id (/chu-de/...-274.htm)
#: and the year closing a title or a section name (`/tin-tuc-world-cup-2026/`) are no id
_TRAILING_ID = re.compile(r"[-_][a-z]{0,6}\d{5,}$|-(?!(?:19|20)\d\d$)\d{4}$")
#: a 7-character hex id with a digit in it (baokhanhhoa, baoquangtri: -00de6c4, -d0f7a12)
_HEX_ID = re.compile(r"-(?=[a-f]*\d)[0-9a-f]{7}$")
_NUMERIC_SEGMENT = re.compile(r"^\d{5,}$")
#: Liferay's asset-publisher route to one asset, `/-/asset_publisher/{portlet}/content/{title}`:
#: tapchicongsan's `/media-story/-/asset_publisher/{portlet}/content/{slug}` (sites.tsv, an
#: article form beside its `/-/2018/{id}/` ones). The route, not the slug, names the one asset
#: (its URL title is unique on the site), so it counts as an id: a listing that mixes it with
#: id links keeps both, and a short title (`/content/dien-bien-phu`) is no section name here
_ASSET_ROUTE = ("-", "asset_publisher", None, "content")
#: the script pages that take their article from the query, and the query names that carry it
#: (compared lower-cased): dangcongsan's legacy `/cpv/Modules/News/NewsDetail.aspx?co_id=10005
#: &cn_id=584743` (sites.tsv, 2013-15) and the usual names of ASP.NET and PHP news scripts. A
#: section's `?categoryId=` or a site's `co_id` names no article, so neither is one of them
_SCRIPT_EXTENSIONS = (".aspx", ".php")
QUERY_ID_NAMES = frozenset({"cn_id", "id", "newsid", "nid"})
_DIGITS = re.compile(r"[0-9]+")

#: words a slug needs: with an id, a title cut short still has three (`mua-san-moi-bien-111852`);
#: without one, a section name can be long too (`chi-dao-quyet-dinh-cua-chinh-phu-...`), so
#: only a title-length slug passes, and even then a listing prefers ids when it has them
MIN_WORDS_WITH_ID = 3
MIN_WORDS_WITHOUT_ID = 5

Shape = Literal["id", "slug"]


def _segments(url: str) -> list[str]:
    return [s for s in unquote(urlsplit(url).path).lower().split("/") if s]


def _stem(segment: str) -> str:
    for ext in _EXTENSIONS:
        if segment.endswith(ext):
            return segment[: -len(ext)]
    return segment


def non_article_reason(url: str) -> str | None:
    """Why the URL is an obvious non-article, or None. The home page is one too: it is a
    listing, and a feed or sitemap that names it does not make it an article."""
    segments = _segments(url)
    if not segments:
        return "home page"
    for seg in segments:
        why = NON_ARTICLE_SEGMENTS.get(_stem(seg))
        if why:
            return why
    last = _stem(segments[-1])
    for rx, why in _NON_ARTICLE_SLUG:
        if rx.search(last):
            return why
    return None


def _words(stem: str) -> int:
    """Words of a slug: the parts with a letter, so a year or a number (`rao-vat-...-596`) does
    not make a section name look like a title."""
    return len([w for w in stem.split("-") if re.search(r"[a-z]", w)])


def _segment_id(segments: list[str]) -> bool:
    """An id of its own in the path before a worded last segment: Liferay's
    `/-/2018/816747/{slug}.aspx` or `/816747/view_content`, baothanhhoa's older
    `/{slug}/123456.htm` (there the id is last and the slug before it)."""
    if len(segments) < 2:
        return False
    if _NUMERIC_SEGMENT.match(_stem(segments[-1])):
        return _words(segments[-2]) >= MIN_WORDS_WITH_ID
    return any(_NUMERIC_SEGMENT.match(s) for s in segments[:-1]) and bool(
        re.search(r"[a-z]", _stem(segments[-1]))
    )


def _asset_route(segments: list[str]) -> bool:
    """Whether the path ends in Liferay's route to one asset, with a worded title last."""
    tail = segments[-len(_ASSET_ROUTE) - 1 : -1]
    if len(tail) < len(_ASSET_ROUTE):
        return False
    fixed = all(want is None or seg == want for seg, want in zip(tail, _ASSET_ROUTE, strict=True))
    return fixed and bool(re.search(r"[a-z]", segments[-1]))


def pattern_subject(pattern: str, url: str) -> str:
    """What a site's article pattern is matched against: the path, and the query after a `?`
    only when the pattern names one (`NewsDetail\\.aspx\\?(?:.*&)?cn_id=\\d+`). Always adding
    the query would break every pattern that ends its path with `$` on links whose query is
    no part of the article's form: dangcongsan's current `/{cat}/{slug}.html?categoryId={n}`
    (sites.tsv) against its `\\.html$`, or a share link's `?utm_source=`."""
    parts = urlsplit(url)
    if "\\?" in pattern and parts.query:
        return f"{parts.path}?{parts.query}"
    return parts.path


def _query_id(url: str) -> bool:
    """A script page whose query names its article by a numeric id: the path alone is the
    same for every article of such a site, so the query is where its shape is."""
    parts = urlsplit(url)
    if not parts.path.lower().endswith(_SCRIPT_EXTENSIONS):
        return False
    return any(
        name.lower() in QUERY_ID_NAMES and _DIGITS.fullmatch(value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
    )


def article_shape(url: str) -> Shape | None:
    """ "id" for a slug with an id (or on a route that names one asset), "slug" for a
    title-length slug without one, None for any other URL (a section, a page number, a file,
    a script without an article id in its query).

    A folder URL (`/world-cup-2026/`) passes only with an id: the ym family's articles end in a
    slash after their id, while a slash after a bare name is how every CMS here names a section.
    """
    path = urlsplit(url).path
    segments = _segments(url)
    if not segments:
        return None
    if _query_id(url):
        return "id"
    last = segments[-1]
    stem = _stem(last)
    if "." in stem:  # a file of another kind (.jpg, .pdf) or a dotted event id (.9.html)
        return None
    if _segment_id(segments) or _asset_route(segments):
        return "id"
    if _TRAILING_ID.search(stem) or _HEX_ID.search(stem):
        words = _words(_TRAILING_ID.sub("", _HEX_ID.sub("", stem)))
        return "id" if words >= MIN_WORDS_WITH_ID else None
    if path.endswith("/") or _words(stem) < MIN_WORDS_WITHOUT_ID:
        return None
    return "slug"
