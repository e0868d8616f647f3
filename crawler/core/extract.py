"""Stage 1, extraction: site rules first, trafilatura on what the rules miss, then Vietnamese
cleaning; each field records which path produced it ("rules", "meta", "trafilatura", "lead").
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import trafilatura
from lxml import etree
from lxml import html as lhtml
from lxml.cssselect import CSSSelector

from crawler.core.blocks import Block, to_blocks
from crawler.core.clean import clean_blocks, dateline, split_byline
from crawler.core.metadata import read_meta
from crawler.core.normalize import fold, normalize_line
from crawler.core.rules import SiteRules
from crawler.core.sanitize import render

#: Never article text, on any site: ad slots, share bars, related boxes, comments, tags.
ALWAYS_DROP = (
    "script, style, noscript, iframe, form, button, svg, video, audio, object, "
    ".rennab, [id^=sdaWeb], .sda_middle, .adsbygoogle, .advertisement, .banner, "
    ".social, .share, .sharing, .article__social, .related, .related-news, .box-related, "
    ".article__tag, .tags, .tag, .comment, .comments, #comment, .print, .sharelike, "
    "#linkshare, [class*=quang-cao]"
)
MIN_BODY_CHARS = 40  # below this the rules found a shell, not an article


@lru_cache(maxsize=512)
def _css(selector: str) -> CSSSelector:
    return CSSSelector(selector, translator="html")


def select_first(root: etree._Element, selector: str | None) -> etree._Element | None:
    if not selector:
        return None
    for part in selector.split(","):
        found = _css(part.strip())(root)
        if found:
            return found[0]
    return None


def _drop(root: etree._Element, selectors: str) -> None:
    for el in _css(selectors)(root):
        parent = el.getparent()
        if parent is None:
            continue
        # keep the tail text: it belongs to the parent's flow, not to the removed element
        if el.tail:
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + el.tail
            else:
                parent.text = (parent.text or "") + el.tail
        parent.remove(el)


def text_of(el: etree._Element | None) -> str:
    if el is None:
        return ""
    return normalize_line(" ".join(t for t in el.itertext()))


@dataclass
class Extracted:
    title: str = ""
    summary: str = ""
    text: str = ""
    body_html: str = ""
    authors: list[str] = field(default_factory=list)
    source: str | None = None
    image: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    canonical: str = ""
    og_url: str = ""
    dateline: str | None = None
    dates: list[tuple[str, str]] = field(default_factory=list)
    modified: list[tuple[str, str]] = field(default_factory=list)
    lead: str = ""
    field_sources: dict[str, str] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)


def parse_html(html: str, url: str) -> lhtml.HtmlElement:
    if not html or not html.strip():
        raise ValueError(f"{url}: empty page")
    try:
        doc = lhtml.document_fromstring(html, base_url=url)
    except (etree.ParserError, ValueError) as exc:
        raise ValueError(f"{url}: not an HTML page ({exc})") from exc
    return doc


def _rules_body(
    doc: lhtml.HtmlElement, rules: SiteRules, skip: list[etree._Element]
) -> list[Block] | None:
    body = select_first(doc, rules.body)
    if body is None:
        return None
    body = copy.deepcopy(body)
    for el in skip:  # sapo, title, author lines that sit inside the body container
        for twin in body.iter(el.tag):
            parent = twin.getparent()
            if (
                parent is not None
                and twin.get("class") == el.get("class")
                and text_of(twin) == text_of(el)
            ):
                parent.remove(twin)
                break
    _drop(body, ALWAYS_DROP)
    for sel in rules.drop:
        _drop(body, sel)
    return to_blocks(body, doc.base_url or "")


def _trafilatura_body(html: str, url: str) -> list[Block]:
    out = trafilatura.extract(
        html,
        url=url,
        output_format="html",
        include_comments=False,
        fast=True,  # site pages are not a hard case: skip the readability/jusText comparison
        include_tables=True,
        include_images=True,
        include_links=True,
        with_metadata=False,
    )
    if not out:
        return []
    frag = lhtml.fromstring(out)
    return to_blocks(frag, url)


def extract(html: str, url: str, rules: SiteRules | None = None, outlet: str = "") -> Extracted:
    doc = parse_html(html, url)
    meta = read_meta(doc)
    rules = rules or SiteRules()
    ex = Extracted(
        canonical=meta.canonical,
        og_url=meta.og_url,
        dates=list(meta.dates),
        modified=list(meta.modified),
    )
    fs = ex.field_sources

    title_el = select_first(doc, rules.title)
    h1s = doc.xpath("//h1")
    for title, source in (
        (text_of(title_el), "rules"),
        (normalize_line(meta.title), "meta"),
        (text_of(h1s[0]) if len(h1s) == 1 else "", "h1"),
        (normalize_line(meta.page_title), "title"),
    ):
        if title:
            ex.title, fs["title"] = title, source
            break

    sapo_el = select_first(doc, rules.sapo)
    author_el = select_first(doc, rules.author)
    date_el = select_first(doc, rules.date)
    if date_el is not None:
        raw = date_el.get("datetime") or text_of(date_el)
        ex.dates.insert(len(meta.dates), (f"site:{rules.date}", raw))

    blocks = _rules_body(
        doc, rules, [e for e in (sapo_el, title_el, author_el, date_el) if e is not None]
    )
    body_path = "rules"
    if blocks is None or sum(len(b.text) for b in blocks) < MIN_BODY_CHARS:
        blocks = _trafilatura_body(html, url)
        body_path = "trafilatura"
        if blocks and ex.title and fold(blocks[0].text) == fold(ex.title):
            blocks = blocks[1:]

    cleaned = clean_blocks(blocks, outlet)
    ex.removed = cleaned.removed
    text_blocks = [b for b in cleaned.blocks if b.kind in ("p", "h", "li", "quote", "row")]
    paragraphs = [b.text for b in text_blocks]

    summary = text_of(sapo_el)
    if summary:
        fs["summary"] = "rules"
        if paragraphs and fold(paragraphs[0]) == fold(summary):
            paragraphs = paragraphs[1:]
            cleaned.blocks = [b for b in cleaned.blocks if b is not text_blocks[0]]
    elif meta.description:
        desc = normalize_line(meta.description)
        if paragraphs and fold(paragraphs[0]).startswith(fold(desc)[:80]):
            summary, fs["summary"] = paragraphs[0], "lead"
        else:
            summary, fs["summary"] = desc, "meta"
    ex.summary = summary
    ex.text = "\n\n".join(paragraphs)
    fs["text"] = body_path
    ex.body_html = render(cleaned.blocks, summary if fs.get("summary") == "rules" else "")
    ex.lead = paragraphs[0] if paragraphs else summary
    ex.dateline = dateline(ex.lead) if ex.lead else None

    site_authors: list[str] = []
    site_source = None
    for line in author_el.itertext() if author_el is not None else []:
        if normalize_line(line):
            names, src = split_byline(normalize_line(line), outlet)
            site_authors += names
            site_source = site_source or src
    if site_authors or site_source:
        ex.authors, fs["authors"] = site_authors, "rules"
        cleaned.source = cleaned.source or site_source
    elif cleaned.authors:
        ex.authors, fs["authors"] = cleaned.authors, f"byline:{body_path}"
    elif meta.authors:
        ex.authors, fs["authors"] = [normalize_line(a) for a in meta.authors], "meta"
    ex.source = cleaned.source

    imgs = [b.src for b in cleaned.blocks if b.kind == "img"]
    ex.image = meta.image or (imgs[0] if imgs else None)
    section = text_of(select_first(doc, rules.section)) if rules.section else ""
    ex.section = section or meta.section or None
    if rules.tags:
        ex.tags = [normalize_line(t.text_content()) for t in _css(rules.tags)(doc)]
    ex.tags = [t for t in (ex.tags or meta.tags) if t]
    return ex


def apply(item: Any, rules: SiteRules | None, outlet: str) -> Any:
    """Fill an item from its page; the raw HTML leaves the item here."""
    a = vars(item)
    ex = extract(a["html"], a["url"], rules, outlet)
    for k in (
        "title",
        "summary",
        "text",
        "body_html",
        "authors",
        "source",
        "image",
        "section",
        "tags",
    ):
        a[k] = getattr(ex, k)
    a["field_sources"] = {**(a.get("field_sources") or {}), **ex.field_sources}
    hints = a.get("hints") or {}
    hints.update(
        dates=ex.dates,
        modified=ex.modified,
        lead=ex.lead,
        canonical=ex.canonical,
        og_url=ex.og_url,
        dateline=ex.dateline,
    )
    a["hints"] = hints
    a["html"] = ""
    return item
