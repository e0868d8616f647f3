"""Turn an article container into blocks (paragraphs, headings, images, captions) without ever
gluing words: text of adjacent block elements, or separated by whitespace, &nbsp; or <br> in the
markup, stays separated. Each block keeps the facts the cleaning rules need (link share, emphasis,
alignment, caption markers) and a small inline HTML rendering for `content:encoded`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from urllib.parse import urljoin

from lxml import etree

BLOCK_TAGS = frozenset(
    "p div section article header footer aside main h1 h2 h3 h4 h5 h6 li ul ol dl dt dd "
    "blockquote figure figcaption table thead tbody tfoot tr pre center address hr "
    "caption nav details summary".split()
)
SKIP_TAGS = frozenset(
    "script style noscript iframe form input button select textarea svg object embed video "
    "audio canvas template head meta link map area source track picture-source".split()
)
INLINE_HTML = {
    "a": "a",
    "strong": "strong",
    "b": "strong",
    "em": "em",
    "i": "em",
    "sup": "sup",
    "sub": "sub",
    "u": "u",
}
#: Classes CMSs put on a photo's caption, whatever the element (extract.py reads them too,
#: to give trafilatura's photos their captions back).
CAPTION_CLASS = re.compile(
    r"caption|image_desc|img_desc|desc_image|chuthich|chu-thich|photo-desc|fig-desc|"
    r"PhotoCMS_Caption|expNoEdit|image-caption|note-img|imgcaption",
    re.I,
)
_WS = re.compile(r"[ \t\r\n\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_SENT_END = re.compile(r"[.;!?]$")
_PIXEL = re.compile(r"pixel|track|analytics|beacon|counter|1x1|spacer|blank\.gif", re.I)


@dataclass
class Block:
    """One paragraph, heading, list item, table row, quote, photo or caption, with the facts
    the cleaning rules judge it by, so no rule has to look at the markup again."""

    kind: str  # p | h | li | img | caption | row | quote | hr
    text: str = ""
    html: str = ""
    link_chars: int = 0
    emph_chars: int = 0
    center: bool = False
    right: bool = False
    strong_chars: int = 0
    src: str = ""
    alt: str = ""
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def link_ratio(self) -> float:
        """Share of the text that is link text: a block that is mostly links is a related-news
        line or a menu, not a paragraph of the article."""
        return self.link_chars / max(1, len(self.text))


class _Acc:
    """The inline run being collected until the next block boundary."""

    def __init__(self) -> None:
        self.text: list[str] = []
        self.html: list[str] = []
        self.link = 0
        self.emph = 0
        self.strong = 0

    def add(self, s: str, in_link: bool, in_emph: bool, in_strong: bool) -> None:
        if not s:
            return
        s = _WS.sub(" ", s)
        if self.text and _SENT_END.search(self.text[-1]) and s[:1].isalpha():
            # "thiết thực.</b><i>Hội nghị": a sentence ends at a tag boundary; keep them apart
            s = " " + s
        self.text.append(s)
        self.html.append(escape(s, quote=False))
        n = len(s.strip())
        if in_link:
            self.link += n
        if in_emph:
            self.emph += n
        if in_strong:
            self.strong += n


_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
#: Block kinds a nested block takes from its container: a <p> inside a <blockquote> is quoted.
_INHERITED = ("quote", "li", "row")


def tag_of(el: etree._Element) -> str:
    """The element's local name in lower case; "" for comments and processing instructions,
    which carry no text of the article."""
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.lower().rsplit("}", 1)[-1]


def _is_block(tag: str, cls: str) -> bool:
    """Table cells flow into their row, except a caption cell under a photo, which is a
    caption of its own."""
    return tag in BLOCK_TAGS or (tag in ("td", "th") and bool(CAPTION_CLASS.search(cls)))


def _own_kind(tag: str, cls: str) -> str | None:
    """The kind the element's own markup gives; None for a plain container. A caption class
    wins over the tag, since CMSs mark captions on whatever element they have at hand."""
    if tag in ("figcaption", "caption") or CAPTION_CLASS.search(cls):
        return "caption"
    if tag in _HEADINGS:
        return "h"
    if tag in ("li", "dt", "dd"):
        return "li"
    if tag == "blockquote":
        return "quote"
    if tag == "tr":
        return "row"
    return None


def _alignment(el: etree._Element, tag: str, inherited: str) -> str:
    """Centred or right-aligned, as the style, the old align attribute or <center> says;
    else the container's. Captions and signatures are told apart from prose by it."""
    style = (el.get("style") or "").replace(" ", "").lower()
    align = el.get("align", "").lower()
    if "text-align:center" in style or align == "center" or tag == "center":
        return "center"
    if "text-align:right" in style or align == "right":
        return "right"
    return inherited


class Walker:
    """Walks an element tree once, in document order, cutting a new block at every block
    boundary: the one place where the text's separation is decided, so no later step glues
    two blocks' words together."""

    def __init__(self, base_url: str) -> None:
        self.base = base_url
        self.blocks: list[Block] = []
        self.acc = _Acc()
        self.ctx_kind = ["p"]
        self.align: list[str] = [""]
        self.heading: list[str] = [""]  # the enclosing heading's tag: its level is kept

    # -- flushing ---------------------------------------------------------------------------
    def flush(self) -> None:
        """End the inline run collected so far as a block of the current kind; an empty run
        (only whitespace) leaves no block."""
        text = re.sub(r" {2,}", " ", "".join(self.acc.text)).strip()
        if text:
            html = re.sub(r"\s{2,}", " ", "".join(self.acc.html)).strip()
            align = self.align[-1]
            kind = self.ctx_kind[-1]
            self.blocks.append(
                Block(
                    kind=kind,
                    text=text,
                    html=html,
                    link_chars=self.acc.link,
                    emph_chars=self.acc.emph,
                    strong_chars=self.acc.strong,
                    center=align == "center",
                    right=align == "right",
                    attrs={"level": self.heading[-1]} if kind == "h" and self.heading[-1] else {},
                )
            )
        self.acc = _Acc()

    # -- walking ----------------------------------------------------------------------------
    def walk(
        self,
        el: etree._Element,
        in_link: bool = False,
        in_emph: bool = False,
        in_strong: bool = False,
    ) -> None:
        """One element and its subtree; `in_*` say whether an enclosing element is a link,
        emphasis or bold, which the cleaning rules weigh (a paragraph that is all link is a
        related-news line, not text)."""
        tag = tag_of(el)
        if not tag or tag in SKIP_TAGS:
            return
        if tag == "br":
            self.flush()
            return
        if tag == "img":
            self.image(el)
            return
        is_block = _is_block(tag, el.get("class", "") or "")
        if is_block and not self._open_block(el, tag):
            return
        flags = (
            in_link or tag == "a",
            in_emph or tag in ("em", "i"),
            in_strong or tag in ("strong", "b"),
        )
        self._contents(el, tag, is_block, flags)
        if is_block:
            self.flush()
            self.ctx_kind.pop()
            self.align.pop()
            self.heading.pop()

    def _contents(
        self, el: etree._Element, tag: str, is_block: bool, flags: tuple[bool, bool, bool]
    ) -> None:
        """The element's own text, its children and their tails, into the current run."""
        open_tag, close_tag = ("", "") if is_block else self._inline_markup(el, tag)
        if tag in ("td", "th") and self.acc.text:
            self.acc.add(" ", False, False, False)  # cells of one row stay apart
        if open_tag:
            self.acc.html.append(open_tag)
        self.acc.add(el.text or "", *flags)
        for child in el:
            self.walk(child, *flags)
            self.acc.add(child.tail or "", *flags)
        if close_tag:
            self.acc.html.append(close_tag)

    def _open_block(self, el: etree._Element, tag: str) -> bool:
        """Start a block element: end the run before it and push its kind and alignment.
        False for <hr>, which is a block of its own with nothing inside (unless a caption
        class makes it a caption, as the markup says)."""
        self.flush()
        kind = _own_kind(tag, el.get("class", "") or "")
        if kind is None and tag == "hr":
            self.blocks.append(Block(kind="hr"))
            return False
        inherited = self.ctx_kind[-1]
        if inherited == "caption":  # everything inside a caption is caption
            kind = "caption"
        self.ctx_kind.append(kind or (inherited if inherited in _INHERITED else "p"))
        self.align.append(_alignment(el, tag, self.align[-1]))
        self.heading.append(tag if tag in _HEADINGS else self.heading[-1])
        return True

    def _inline_markup(self, el: etree._Element, tag: str) -> tuple[str, str]:
        """Opening and closing tags kept in the block's HTML: emphasis as it is, links made
        absolute; script and in-page links lose their <a> but keep their text."""
        t = INLINE_HTML.get(tag)
        if t is None:
            return "", ""
        if t != "a":
            return f"<{t}>", f"</{t}>"
        href = el.get("href", "")
        if href and not href.startswith(("javascript:", "#")):
            return f'<a href="{escape(urljoin(self.base, href))}">', "</a>"
        return "", ""

    def image(self, el: etree._Element) -> None:
        """A photo as a block of its own. Lazy-loading CMSs keep the real source in a data-
        attribute and a placeholder in src, so those are read first; tracking pixels and
        spacers are no photo. Alt text that only says "photo" is no description."""
        src = ""
        for attr in ("data-src", "data-original", "data-lazy-src", "src"):
            v = (el.get(attr) or "").strip()
            if v and not v.startswith("data:"):
                src = v
                break
        w, h = el.get("width", ""), el.get("height", "")
        if not src or _PIXEL.search(src) or (w in ("0", "1") and h in ("0", "1")):
            return
        self.flush()
        alt = _WS.sub(" ", el.get("alt") or el.get("title") or "").strip()
        if alt.lower() in ("chú thích ảnh", "ảnh minh họa", "ảnh minh hoạ", "image", "photo"):
            alt = ""
        self.blocks.append(Block(kind="img", src=urljoin(self.base, src), alt=alt))


def to_blocks(el: etree._Element, base_url: str) -> list[Block]:
    """The blocks of one container, links and photos made absolute against the page URL."""
    w = Walker(base_url)
    w.walk(el)
    w.flush()
    return w.blocks
