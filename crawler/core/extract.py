"""Stage 1, extraction: site rules first, trafilatura on what the rules miss, then Vietnamese
cleaning; each field records which path produced it ("rules", "meta", "trafilatura", "lead").

`extract` is a short list of resolvers, one per field or group of fields. Each says in its
docstring why it looks where it looks, in the order it looks there.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from urllib.parse import urljoin

import trafilatura
from lxml import etree
from lxml import html as lhtml
from lxml.cssselect import CSSSelector

from crawler.core.articlecheck import types_of
from crawler.core.blocks import CAPTION_CLASS, Block, tag_of, to_blocks
from crawler.core.clean import Cleaned, clean_blocks, dateline, split_byline, without_dateline
from crawler.core.items import Article, Hints
from crawler.core.metadata import Meta, read_meta, unescape
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
#: Block kinds that are reading text; images, captions and rules are not.
TEXT_KINDS = ("p", "h", "li", "quote", "row")


@lru_cache(maxsize=512)
def _css(selector: str) -> CSSSelector:
    return CSSSelector(selector, translator="html")


def select_first(root: etree._Element, selector: str | None) -> etree._Element | None:
    """The first match of the first alternative that matches anything.

    A site rule such as "h1.title, h1" lists its choices best first; CSS's own comma would
    return them in document order, and a heading in the page header could win over the
    article's."""
    if not selector:
        return None
    for part in selector.split(","):
        found = _css(part.strip())(root)
        if found:
            return found[0]
    return None


def _remove(el: etree._Element) -> None:
    """Take an element out of its tree but keep its tail text, which belongs to the parent's
    flow, not to the removed element."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _drop(root: etree._Element, selectors: str) -> None:
    for el in _css(selectors)(root):
        _remove(el)


def text_of(el: etree._Element | None) -> str:
    """An element's text on one line; a missing element is no text, so a rule that matches
    nothing reads as "not found" rather than as an error. Character references left in the
    text (a CMS that escaped "Thanh B&#236;nh" once more before the page's own escaping) are
    resolved: a reader sees the name, not its escape."""
    if el is None:
        return ""
    # a script inside a headline is code, not words a reader sees
    words = el.xpath(".//text()[not(ancestor::script or ancestor::style or ancestor::template)]")
    return normalize_line(unescape(" ".join(str(t) for t in words)))


@dataclass
class Extracted:
    """Everything one page gives, with the hints the later stages need (date candidates, the
    lead, canonical links) kept apart from the article's own fields."""

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
    page_types: list[str] = field(default_factory=list)


def parse_html(html: str, url: str) -> lhtml.HtmlElement:
    """The page's tree, or one line naming the URL and why it is not a page."""
    if not html or not html.strip():
        raise ValueError(f"{url}: empty page")
    try:
        doc = lhtml.document_fromstring(html, base_url=url)
    except (etree.ParserError, ValueError) as exc:
        raise ValueError(f"{url}: not an HTML page ({exc})") from exc
    return doc


@dataclass
class _Page:
    """One page as every resolver sees it: its tree, its metadata, the site's rules and the
    elements those rules picked (found once, since several resolvers need the same ones)."""

    html: str
    url: str
    doc: lhtml.HtmlElement
    meta: Meta
    rules: SiteRules
    outlet: str
    title_el: etree._Element | None
    sapo_el: etree._Element | None
    author_el: etree._Element | None
    date_el: etree._Element | None

    @classmethod
    def read(cls, html: str, url: str, rules: SiteRules, outlet: str) -> _Page:
        """Parse once and look each rule up once: the resolvers share these elements."""
        doc = parse_html(html, url)
        return cls(
            html=html,
            url=url,
            doc=doc,
            meta=read_meta(doc),
            rules=rules,
            outlet=outlet,
            title_el=select_first(doc, rules.title),
            sapo_el=select_first(doc, rules.sapo),
            author_el=select_first(doc, rules.author),
            date_el=select_first(doc, rules.date),
        )


@dataclass
class _Body:
    """The cleaned article body: its blocks (rendered to HTML) and its reading paragraphs."""

    cleaned: Cleaned
    paragraphs: list[str]
    path: str  # "rules" or "trafilatura"


def resolve_title(page: _Page) -> tuple[str, str | None]:
    """Title and where it came from.

    The site's selector first: it was written for this site's article header. Then og:title,
    which editors set for sharing and which carries no site name. Then a lone <h1> (two or
    more means the page also heads its boxes with h1, so none can be trusted). The <title>
    last: it is often "headline | site", and is cut at the last separator."""
    h1s = page.doc.xpath("//h1")
    for title, source in (
        (text_of(page.title_el), "rules"),
        (normalize_line(page.meta.title), "meta"),
        (text_of(h1s[0]) if len(h1s) == 1 else "", "h1"),
        (normalize_line(page.meta.page_title), "title"),
    ):
        if title:
            return title, source
    return "", None


def resolve_dates(page: _Page) -> list[tuple[str, str]]:
    """Publication date candidates, best first, for the dates stage to choose from.

    Machine-readable instants (meta tags, JSON-LD, <time datetime>) come before the visible
    date line the site's rule points at: they carry a time zone and do not depend on how the
    site words a date. The visible line still comes along, because many of these CMSs publish
    a day without a time in their metadata, and the dates stage lets a minute-precise line of
    the same day win over it."""
    dates = list(page.meta.dates)
    if page.date_el is not None:
        raw = page.date_el.get("datetime") or text_of(page.date_el)
        dates.append((f"site:{page.rules.date}", raw))
    return dates


def _path_within(el: etree._Element, container: etree._Element) -> list[int] | None:
    """The child indexes that lead from the container down to the element; None when the
    element is not inside the container (or is the container itself)."""
    path: list[int] = []
    node = el
    while node is not container:
        parent = node.getparent()
        if parent is None:
            return None
        path.append(parent.index(node))
        node = parent
    return path[::-1] or None


def _follow(root: etree._Element, path: list[int]) -> etree._Element | None:
    node: etree._Element | None = root
    for i in path:
        node = node[i] if node is not None and i < len(node) else None
    return node


def _twin(body: etree._Element, el: etree._Element) -> etree._Element | None:
    """An element of the body that looks like the field's element: same tag, class and text
    (the sapo printed in the header and again at the top of the body)."""
    if not isinstance(el.tag, str):  # a CSS match is an element, never a comment
        return None
    for twin in body.iter(el.tag):
        if twin.get("class") == el.get("class") and text_of(twin) == text_of(el):
            return twin
    return None


def _field_elements_in(body: etree._Element, copied: etree._Element, page: _Page) -> None:
    """Take the sapo, title, author and date elements out of the copied body: they are
    fields of their own, and text once. The element itself when the body container holds it
    (hanoimoi's sapo sits inside the article container), else a look-alike of it."""
    found = []
    for el in (page.sapo_el, page.title_el, page.author_el, page.date_el):
        if el is None:
            continue
        path = _path_within(el, body)
        found.append(_follow(copied, path) if path else _twin(copied, el))
    for twin in found:  # all found before any is removed: removal shifts the indexes
        if twin is not None:
            _remove(twin)


def _rules_body(page: _Page) -> list[Block] | None:
    body = select_first(page.doc, page.rules.body)
    if body is None:
        return None
    copied = copy.deepcopy(body)
    _field_elements_in(body, copied, page)
    _drop(copied, ALWAYS_DROP)
    for sel in page.rules.drop:
        _drop(copied, sel)
    return to_blocks(copied, page.doc.base_url or "")


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


#: How far up from a photo its figure or photo table may be (img > a > div > figure).
_FIGURE_DEPTH = 4


def _page_caption(img: etree._Element) -> str:
    """The caption the page gives a photo: the figcaption of its <figure>, or the caption-
    classed cell or element of its photo table or figure."""
    box = img.getparent()
    for _ in range(_FIGURE_DEPTH):
        if box is None or tag_of(box) in ("figure", "table"):
            break
        box = box.getparent()
    if box is None or tag_of(box) not in ("figure", "table"):
        return ""
    for el in box.iter():
        if tag_of(el) in ("figcaption", "caption") or CAPTION_CLASS.search(el.get("class") or ""):
            return text_of(el)
    return ""


def _photo_captions(doc: lhtml.HtmlElement, base: str) -> dict[str, str]:
    """Each photo's caption on the page, by its absolute source (lazy-loaded ones too)."""
    out: dict[str, str] = {}
    for img in doc.iter("img"):
        caption = _page_caption(img)
        for attr in ("data-src", "data-original", "data-lazy-src", "src"):
            if img.get(attr) and caption:
                out.setdefault(urljoin(base, img.get(attr, "").strip()), caption)
    return out


def _restore_captions(blocks: list[Block], doc: lhtml.HtmlElement, base: str) -> list[Block]:
    """Trafilatura keeps a photo but drops its <figcaption>: the page's caption goes back
    under the photo (the block after it becomes the caption when it already is its text)."""
    captions = _photo_captions(doc, base)
    out: list[Block] = []
    for i, b in enumerate(blocks):
        out.append(b)
        caption = captions.get(b.src) if b.kind == "img" else None
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if not caption or (nxt is not None and nxt.kind == "caption"):
            continue
        if nxt is not None and fold(nxt.text) == fold(caption):
            nxt.kind = "caption"
        else:
            out.append(Block(kind="caption", text=caption, html=escape(caption, quote=False)))
    return out


def resolve_body(page: _Page, title: str) -> _Body:
    """The body blocks, cleaned, and which path found them.

    The site's body selector first: written from the site's markup, it knows the container
    and what to drop inside it. When it matches nothing, or only a shell shorter than
    MIN_BODY_CHARS (a redesign, a gallery or video page), trafilatura reads the whole page;
    its first block is often the headline again, which is dropped since the title is a field
    of its own."""
    blocks = _rules_body(page)
    path = "rules"
    if blocks is None or sum(len(b.text) for b in blocks) < MIN_BODY_CHARS:
        blocks = _restore_captions(
            _trafilatura_body(page.html, page.url), page.doc, page.doc.base_url or page.url
        )
        path = "trafilatura"
        if blocks and title and fold(blocks[0].text) == fold(title):
            blocks = blocks[1:]
    cleaned = clean_blocks(blocks, page.outlet)
    paragraphs = [b.text for b in cleaned.blocks if b.kind in TEXT_KINDS]
    return _Body(cleaned, paragraphs, path)


#: Below this many characters a paragraph inside the sapo is a phrase, not the sapo repeated.
MIN_REPEAT_CHARS = 40


def _sapo_words(words: list[str], summary: str) -> int:
    """How many of the paragraph's opening words are the sapo (with or without its outlet
    mark, on either side); 0 when the paragraph does not open with it."""
    whole, core = fold(summary), fold(without_dateline(summary))
    for k in range(1, min(len(words), len(summary.split()) + 3) + 1):
        head = " ".join(words[:k])
        if fold(head) == whole or fold(without_dateline(head)) == core:
            return k
    return 0


def _unrepeat_sapo(body: _Body, summary: str) -> None:
    """The body's first paragraph loses what repeats the sapo. Equal to it (after fold, with
    or without the outlet mark), or a piece of it: the paragraph goes. Opening with it and
    going on: only the sapo's words go, the rest is text the page shows once."""
    first = next((b for b in body.cleaned.blocks if b.kind in TEXT_KINDS), None)
    if first is None:
        return
    para = fold(without_dateline(first.text))
    if len(para) >= MIN_REPEAT_CHARS and para in fold(without_dateline(summary)):
        k = len(first.text.split())
    else:
        k = _sapo_words(first.text.split(), summary)
    if k:
        rest = " ".join(first.text.split()[k:]).lstrip(" -–—:")
        first.text, first.html = rest, escape(rest, quote=False)
        body.cleaned.blocks = [b for b in body.cleaned.blocks if b.text or b.kind == "img"]
        body.paragraphs = [b.text for b in body.cleaned.blocks if b.kind in TEXT_KINDS]


def resolve_summary(page: _Page, body: _Body) -> tuple[str, str | None]:
    """The summary (sapo) and where it came from; the body loses its copy of the sapo.

    The site's sapo selector first: the sapo is the lead the newsroom wrote, shown in bold
    above the text, as the page shows it ("(Chinhphu.vn) - …" keeps its outlet mark). Many
    CMSs repeat it as the body's first paragraph, and a reader must not read it twice, so
    that repetition leaves the text and the HTML. With no sapo rule the meta description
    stands in, but descriptions are often the first paragraph cut short (and without its
    outlet mark): when the text starts with it, the whole first paragraph is the summary
    ("lead") and stays in the text, which is where the page has it."""
    summary = text_of(page.sapo_el)
    if summary:
        _unrepeat_sapo(body, summary)
        return summary, "rules"
    if not page.meta.description:
        return "", None
    desc = normalize_line(page.meta.description)
    paragraphs = body.paragraphs
    if paragraphs:
        lead = fold(without_dateline(paragraphs[0]))
        if lead.startswith(fold(without_dateline(desc))[:80]):
            return paragraphs[0], "lead"
    return desc, "meta"


def _site_byline(page: _Page) -> tuple[list[str], str | None]:
    authors: list[str] = []
    source = None
    for raw in page.author_el.itertext() if page.author_el is not None else []:
        line = normalize_line(unescape(raw))
        if line:
            names, src = split_byline(line, page.outlet)
            authors += names
            source = source or src
    return authors, source


def resolve_authors(page: _Page, body: _Body) -> tuple[list[str], str | None, str | None]:
    """Authors, where they came from, and the source outlet ("Theo Báo X", "(TTXVN)").

    The site's author element first: a byline the site marks as one is the surest. Then the
    byline line the cleaning took off the end of the text, where most provincial papers sign.
    JSON-LD authors last: CMSs often fill them with initials, an editor's account or the
    outlet's name rather than the writer's byline."""
    site_authors, site_source = _site_byline(page)
    cleaned = body.cleaned
    if site_authors or site_source:
        cleaned.source = cleaned.source or site_source
        return site_authors, "rules", cleaned.source
    if cleaned.authors:
        return cleaned.authors, f"byline:{body.path}", cleaned.source
    if page.meta.authors:
        return [normalize_line(a) for a in page.meta.authors], "meta", cleaned.source
    return [], None, cleaned.source


def resolve_image(page: _Page, body: _Body) -> str | None:
    """The lead image: og:image first, since editors choose it to stand for the story when it
    is shared; else the body's first photo, which is only a guess at that choice."""
    imgs = [b.src for b in body.cleaned.blocks if b.kind == "img"]
    return page.meta.image or (imgs[0] if imgs else None)


#: Breadcrumb trails, by the names every CMS gives them (nav/ol/ul/div with a "breadcrumb"
#: class or id, schema.org's BreadcrumbList): a structure, not a site's selector.
BREADCRUMB = (
    "[class*=breadcrumb], [class*=Breadcrumb], [id*=breadcrumb], "
    "[itemtype*=BreadcrumbList], nav[aria-label=breadcrumb]"
)
#: The trail's first step, the home page, is no section.
_HOME = frozenset(fold(s) for s in ("Trang chủ", "Trang nhất", "Home", "Trang chính"))


def _crumbs(trail: etree._Element) -> list[str]:
    """The trail's steps in order: its list items when it is a list (the last dropped when it
    is the page itself, an item without a link after items with one), else its links."""
    items = [li for li in trail.iter("li") if not li.findall(".//li")]
    if items:
        linked = [bool(li.findall(".//a")) for li in items]
        if len(items) > 1 and not linked[-1] and any(linked[:-1]):
            items = items[:-1]
        return [text_of(li) for li in items]
    return [text_of(a) for a in trail.iter("a")]


def breadcrumb_section(doc: etree._Element, title: str) -> str:
    """The section a breadcrumb trail names: its last step that is neither the home page nor
    the headline ("Trang chủ / Chính trị" -> "Chính trị")."""
    for trail in _css(BREADCRUMB)(doc):
        steps = [
            s
            for s in _crumbs(trail)
            if s.strip(" /»>›|") and fold(s) not in _HOME and fold(s) != fold(title)
        ]
        if steps:
            return steps[-1].strip(" /»>›|")
    return ""


def resolve_section(page: _Page, title: str = "") -> str | None:
    """The section: the site's breadcrumb or category selector first, since it names the
    section as the reader sees it; then any breadcrumb trail of the page, for the same
    reason; else the first article:section of the meta tags (CMSs list several there,
    comma-separated, the top section first, which is broader than the trail's last step)."""
    section = text_of(select_first(page.doc, page.rules.section)) if page.rules.section else ""
    return section or breadcrumb_section(page.doc, title) or page.meta.section or None


#: Keyword boxes by the names CMSs give them; only one that labels itself ("Từ khóa: …") is
#: read, since "tag" in a class name also marks category badges and share bars.
KEYWORD_BOX = "[class*=tag], [class*=keyword], [class*=tu-khoa], [class*=tukhoa]"
_KEYWORD_LABEL = re.compile(r"^\s*(từ khóa|từ khoá|tags?|thẻ|keywords?)\s*:\s*", re.I)


def keyword_box_tags(doc: etree._Element) -> list[str]:
    """The tags of a labelled keyword box ("Từ khóa: Hà Nội, xây dựng Đảng"): its links when
    it has them, else the comma-separated words after the label (dangcongsan.vn prints them
    as plain text)."""
    for box in _css(KEYWORD_BOX)(doc):
        text = text_of(box)
        label = _KEYWORD_LABEL.match(text)
        if not label:
            continue
        links = [text_of(a) for a in box.iter("a")]
        words = links or re.split(r"\s*[,;]\s*", text[label.end() :])
        return [w.strip(" .") for w in words if w.strip(" .")]
    return []


def resolve_tags(page: _Page) -> list[str]:
    """Tags: every match of the site's tag selector (the tag links readers see), else the
    article:tag meta tags, else a keyword box that says it is one; empty tags are dropped,
    never stored."""
    tags: list[str] = []
    if page.rules.tags:
        tags = [normalize_line(t.text_content()) for t in _css(page.rules.tags)(page.doc)]
    return [t for t in (tags or page.meta.tags or keyword_box_tags(page.doc)) if t]


def extract(html: str, url: str, rules: SiteRules | None = None, outlet: str = "") -> Extracted:
    """One page to an article's fields, each with the path that produced it."""
    page = _Page.read(html, url, rules or SiteRules(), outlet)
    ex = Extracted(
        canonical=page.meta.canonical,
        og_url=page.meta.og_url,
        dates=resolve_dates(page),
        modified=list(page.meta.modified),
        page_types=types_of(page.doc),
    )
    fs = ex.field_sources
    ex.title, source = resolve_title(page)
    if source:
        fs["title"] = source
    body = resolve_body(page, ex.title)
    ex.removed = body.cleaned.removed
    ex.summary, source = resolve_summary(page, body)
    if source:
        fs["summary"] = source
    ex.text = "\n\n".join(body.paragraphs)
    fs["text"] = body.path
    # the sapo from the rules heads the HTML in bold, as the page shows it
    ex.body_html = render(body.cleaned.blocks, ex.summary if source == "rules" else "")
    ex.lead = body.paragraphs[0] if body.paragraphs else ex.summary
    ex.dateline = dateline(ex.lead) if ex.lead else None
    ex.authors, source, ex.source = resolve_authors(page, body)
    if source:
        fs["authors"] = source
    ex.image = resolve_image(page, body)
    ex.section = resolve_section(page, ex.title)
    ex.tags = resolve_tags(page)
    return ex


def apply(item: Article, rules: SiteRules | None, outlet: str) -> Article:
    """Fill an item from its page; the raw HTML leaves the item here, so it is never stored
    and never carried through the later stages (what the page declares itself to be goes on
    in the hints, for the article check)."""
    ex = extract(item.html, item.url, rules, outlet)
    item.title = ex.title
    item.summary = ex.summary
    item.text = ex.text
    item.body_html = ex.body_html
    item.authors = ex.authors
    item.source = ex.source
    item.image = ex.image
    item.section = ex.section
    item.tags = ex.tags
    item.field_sources = {**item.field_sources, **ex.field_sources}
    item.hints.update(
        Hints(
            dates=ex.dates,
            modified=ex.modified,
            lead=ex.lead,
            canonical=ex.canonical,
            og_url=ex.og_url,
            dateline=ex.dateline,
            page_types=ex.page_types,
        )
    )
    item.html = ""
    return item
