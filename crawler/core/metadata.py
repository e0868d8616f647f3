"""Page metadata: JSON-LD, OpenGraph/meta tags, canonical link, and date candidates.

These are what the generic path relies on when a site's selectors miss, and the first place
the date comes from (a machine-readable instant beats a visible line).

Text values come out unescaped: CMSs escape twice ("Thanh B&amp;#236;nh" in an attribute) or
put HTML character references inside a JSON-LD string ("&quot;", "B&#236;nh"), where the HTML
parser never looks, and a reader must see "Thanh Bình".
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import html as lhtml

#: JSON-LD types that describe the story itself; others (Organization, WebSite, BreadcrumbList)
#: describe the outlet or the page around it, and their "name" is not a headline.
ARTICLE_TYPES = {
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "BlogPosting",
    "AnalysisNewsArticle",
}
#: Meta tags that carry a publication date, in the order the candidates are offered.
DATE_KEYS = (
    "article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "dc.date.issued",
    "date",
)
#: JSON values as `json.loads` gives them.
JSON = dict[str, "JSON"] | list["JSON"] | str | int | float | bool | None
JSONObject = dict[str, JSON]


@dataclass
class Meta:
    """What a page says about itself in machine-readable form; each field is empty when the
    page does not say, so the extractor can fall through to the next source."""

    title: str = ""
    description: str = ""
    image: str = ""
    canonical: str = ""
    og_url: str = ""
    section: str = ""
    tags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    site_name: str = ""
    page_title: str = ""
    dates: list[tuple[str, str]] = field(default_factory=list)  # (source, raw string)
    modified: list[tuple[str, str]] = field(default_factory=list)


#: A complete character reference: numeric, hex or named, always with its semicolon.
_CHAR_REF = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


#: Passes of `unescape`: a CMS that escapes an already escaped value ("B&amp;amp;#236;nh" in
#: an attribute, "B&amp;#236;nh" inside JSON-LD) needs one pass per escaping; three covers
#: every form seen, and the bound keeps a pathological value from looping.
UNESCAPE_PASSES = 3


def unescape(text: str) -> str:
    """Text with HTML character references resolved: what the page meant, not how it was
    escaped. Applied after the HTML parser, because these CMSs escape twice, and repeated
    until nothing changes, because some escape three times.

    Only references with their semicolon: `html.unescape` alone also reads the legacy forms
    without one, and would turn a literal "&notice" or "&copy" in a title into "¬ice", "©"."""
    for _ in range(UNESCAPE_PASSES):
        if "&" not in text:
            break
        done = _CHAR_REF.sub(lambda ref: html.unescape(ref.group(0)), text)
        if done == text:
            break
        text = done
    return text


def _loads(script: str) -> JSON:
    try:
        data: JSON = json.loads(script)
        return data
    except ValueError:
        pass
    try:  # trailing commas and raw newlines are common on these CMSs
        data = json.loads(re.sub(r",\s*([}\]])", r"\1", script.replace("\n", " ")))
        return data
    except ValueError:
        return None


def _jsonld_objects(doc: lhtml.HtmlElement) -> list[JSONObject]:
    """Every JSON-LD object of the page, those nested in an `@graph` included: Yoast and
    other SEO plugins put the whole page, article and all, in one `@graph` list."""
    out: list[JSONObject] = []
    for s in doc.xpath('//script[@type="application/ld+json"]/text()'):
        data = _loads(str(s))
        stack: list[JSON] = data if isinstance(data, list) else [data]
        while stack:
            o = stack.pop(0)
            if isinstance(o, dict):
                graph = o.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
                out.append(o)
    return out


def _jsonld_articles(doc: lhtml.HtmlElement) -> Iterator[JSONObject]:
    for o in _jsonld_objects(doc):
        types = o.get("@type")
        names = types if isinstance(types, list) else [types]
        if ARTICLE_TYPES.intersection(t for t in names if isinstance(t, str)):
            yield o


def _names(v: JSON) -> list[str]:
    if isinstance(v, str):
        return [v]
    if isinstance(v, dict):
        return _names(v.get("name"))
    if isinstance(v, list):
        return [n for x in v for n in _names(x)]
    return []


def _text(v: JSON) -> str:
    return unescape(str(v)) if v else ""


def _image_url(img: JSON) -> str:
    """An ImageObject's url, the first of a list of URLs, or the URL itself."""
    if isinstance(img, dict):
        return _text(img.get("url"))
    if isinstance(img, list):
        return _text(img[0]) if img and isinstance(img[0], str) else ""
    return _text(img) if isinstance(img, str) else ""


def _meta_tags(doc: lhtml.HtmlElement, m: Meta) -> dict[str, str]:
    """Meta tags by lower-cased name, the first of each kept (a later duplicate is usually a
    widget's); every article:tag is kept, since a page lists its tags one tag per element."""
    metas: dict[str, str] = {}
    for el in doc.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop")
        val = el.get("content")
        if key and val is not None:
            k = key.strip().lower()
            if k == "article:tag":
                m.tags.extend(unescape(t.strip()) for t in val.split(",") if t.strip())
            metas.setdefault(k, val.strip())
    return metas


def _read_tags(doc: lhtml.HtmlElement, m: Meta) -> None:
    """OpenGraph first: it is what the page offers for sharing, so editors keep it right.

    URLs are left as the parser gave them (it already resolved their `&amp;`); only text is
    unescaped once more."""
    metas = _meta_tags(doc, m)
    m.title = unescape(metas.get("og:title") or metas.get("twitter:title") or "")
    m.description = unescape(metas.get("og:description") or metas.get("description") or "")
    m.image = metas.get("og:image") or ""
    m.og_url = metas.get("og:url") or ""
    m.site_name = unescape(metas.get("og:site_name") or "")
    m.section = unescape((metas.get("article:section") or "").split(",")[0].strip())
    m.dates.extend((f"meta:{key}", metas[key]) for key in DATE_KEYS if metas.get(key))
    if metas.get("article:modified_time"):
        m.modified.append(("meta:article:modified_time", metas["article:modified_time"]))


def _read_jsonld(o: JSONObject, m: Meta) -> None:
    """An article's JSON-LD fills what the meta tags left empty; its dates are added as
    candidates after theirs (the dates stage picks among all of them)."""
    if o.get("datePublished"):
        m.dates.append(("jsonld:datePublished", str(o["datePublished"])))
    if o.get("dateModified"):
        m.modified.append(("jsonld:dateModified", str(o["dateModified"])))
    m.title = m.title or _text(o.get("headline") or o.get("name"))
    m.description = m.description or _text(o.get("description"))
    m.authors = m.authors or [unescape(a) for a in _names(o.get("author")) if a]
    m.image = m.image or _image_url(o.get("image"))


def _canonical(doc: lhtml.HtmlElement) -> str:
    canonical = ""
    for el in doc.iter("link"):
        if (el.get("rel") or "").lower() == "canonical" and el.get("href"):
            canonical = el.get("href", "").strip()
    return canonical


def _page_title(doc: lhtml.HtmlElement) -> str:
    t = doc.find(".//title")
    if t is None or not t.text:
        return ""
    # "<headline> | <site>" or "<headline> - <site>": the site name is not the headline
    return re.split(r"\s+[|–—-]\s+(?=[^|–—-]+$)", t.text.strip())[0]


def read_meta(doc: lhtml.HtmlElement) -> Meta:
    """Meta tags first, then the page's article JSON-LD, then the first <time datetime>.

    Meta tags win a field both give because every CMS here fills them for sharing, while
    JSON-LD is often a template's leftover (a site-wide description, the outlet as author);
    date candidates keep every source, in that order, for the dates stage to weigh."""
    m = Meta()
    _read_tags(doc, m)
    m.canonical = _canonical(doc)
    for o in _jsonld_articles(doc):
        _read_jsonld(o, m)
    for el in doc.xpath("//time[@datetime]")[:1]:
        m.dates.append(("time[datetime]", el.get("datetime")))
    m.page_title = _page_title(doc)
    return m
