"""Page metadata: JSON-LD, OpenGraph/meta tags, canonical link, and date candidates.

These are what the generic path relies on when a site's selectors miss, and the first place
the date comes from (a machine-readable instant beats a visible line).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import html as lhtml

ARTICLE_TYPES = {
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "BlogPosting",
    "AnalysisNewsArticle",
}


@dataclass
class Meta:
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


def _jsonld_objects(doc: lhtml.HtmlElement) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for s in doc.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(s)
        except ValueError:
            try:  # trailing commas and raw newlines are common on these CMSs
                data = json.loads(re.sub(r",\s*([}\]])", r"\1", s.replace("\n", " ")))
            except ValueError:
                continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            o = stack.pop(0)
            if isinstance(o, dict):
                if "@graph" in o and isinstance(o["@graph"], list):
                    stack.extend(o["@graph"])
                out.append(o)
    return out


def _names(v: Any) -> list[str]:
    if isinstance(v, str):
        return [v]
    if isinstance(v, dict):
        return _names(v.get("name"))
    if isinstance(v, list):
        return [n for x in v for n in _names(x)]
    return []


def read_meta(doc: lhtml.HtmlElement) -> Meta:
    m = Meta()
    metas: dict[str, str] = {}
    for el in doc.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop")
        val = el.get("content")
        if key and val is not None:
            k = key.strip().lower()
            if k == "article:tag":
                m.tags.extend(t.strip() for t in val.split(",") if t.strip())
            metas.setdefault(k, val.strip())
    for el in doc.iter("link"):
        if (el.get("rel") or "").lower() == "canonical" and el.get("href"):
            m.canonical = el.get("href", "").strip()
    m.title = metas.get("og:title") or metas.get("twitter:title") or ""
    m.description = metas.get("og:description") or metas.get("description") or ""
    m.image = metas.get("og:image") or ""
    m.og_url = metas.get("og:url") or ""
    m.site_name = metas.get("og:site_name") or ""
    m.section = (metas.get("article:section") or "").split(",")[0].strip()
    for key in (
        "article:published_time",
        "datepublished",
        "pubdate",
        "publishdate",
        "dc.date.issued",
        "date",
    ):
        if metas.get(key):
            m.dates.append((f"meta:{key}", metas[key]))
    if metas.get("article:modified_time"):
        m.modified.append(("meta:article:modified_time", metas["article:modified_time"]))
    for o in _jsonld_objects(doc):
        types = o.get("@type")
        types = types if isinstance(types, list) else [types]
        if not ARTICLE_TYPES.intersection(t for t in types if isinstance(t, str)):
            continue
        if o.get("datePublished"):
            m.dates.append(("jsonld:datePublished", str(o["datePublished"])))
        if o.get("dateModified"):
            m.modified.append(("jsonld:dateModified", str(o["dateModified"])))
        m.title = m.title or str(o.get("headline") or o.get("name") or "")
        m.description = m.description or str(o.get("description") or "")
        m.authors = m.authors or [a for a in _names(o.get("author")) if a]
        if not m.image:
            img = o.get("image")
            m.image = (
                img.get("url")
                if isinstance(img, dict)
                else img[0]
                if isinstance(img, list) and img and isinstance(img[0], str)
                else img
                if isinstance(img, str)
                else ""
            ) or ""
    for el in doc.xpath("//time[@datetime]")[:1]:
        m.dates.append(("time[datetime]", el.get("datetime")))
    t = doc.find(".//title")
    if t is not None and t.text:
        # "<headline> | <site>" or "<headline> - <site>": the site name is not the headline
        m.page_title = re.split(r"\s+[|–—-]\s+(?=[^|–—-]+$)", t.text.strip())[0]
    return m
