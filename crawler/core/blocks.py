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
_CAPTION_CLASS = re.compile(
    r"caption|image_desc|img_desc|desc_image|chuthich|chu-thich|photo-desc|fig-desc|"
    r"PhotoCMS_Caption|expNoEdit|image-caption|note-img|imgcaption",
    re.I,
)
_WS = re.compile(r"[ \t\r\n\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_SENT_END = re.compile(r"[.;!?]$")
_PIXEL = re.compile(r"pixel|track|analytics|beacon|counter|1x1|spacer|blank\.gif", re.I)


@dataclass
class Block:
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


class Walker:
    def __init__(self, base_url: str) -> None:
        self.base = base_url
        self.blocks: list[Block] = []
        self.acc = _Acc()
        self.ctx_kind = ["p"]
        self.align: list[str] = [""]

    # -- flushing ---------------------------------------------------------------------------
    def flush(self) -> None:
        text = re.sub(r" {2,}", " ", "".join(self.acc.text)).strip()
        if text:
            html = re.sub(r"\s{2,}", " ", "".join(self.acc.html)).strip()
            align = self.align[-1]
            self.blocks.append(
                Block(
                    kind=self.ctx_kind[-1],
                    text=text,
                    html=html,
                    link_chars=self.acc.link,
                    emph_chars=self.acc.emph,
                    strong_chars=self.acc.strong,
                    center=align == "center",
                    right=align == "right",
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
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower().rsplit("}", 1)[-1]
        if not tag or tag in SKIP_TAGS:
            return
        if tag == "br":
            self.flush()
            return
        if tag == "img":
            self.image(el)
            return
        cls = el.get("class", "") or ""
        # table cells flow into their row, except a caption cell under a photo
        is_block = tag in BLOCK_TAGS or (tag in ("td", "th") and bool(_CAPTION_CLASS.search(cls)))
        kind = None
        if is_block:
            self.flush()
            if tag == "figcaption" or tag == "caption" or _CAPTION_CLASS.search(cls):
                kind = "caption"
            elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                kind = "h"
            elif tag in ("li", "dt", "dd"):
                kind = "li"
            elif tag == "blockquote":
                kind = "quote"
            elif tag == "tr":
                kind = "row"
            elif tag == "hr":
                self.blocks.append(Block(kind="hr"))
                return
            inherited = self.ctx_kind[-1]
            if inherited in ("caption",):
                kind = "caption"
            self.ctx_kind.append(
                kind or (inherited if inherited in ("quote", "li", "row") else "p")
            )
            style = (el.get("style") or "").replace(" ", "").lower()
            align = el.get("align", "").lower()
            if "text-align:center" in style or align == "center" or tag == "center":
                self.align.append("center")
            elif "text-align:right" in style or align == "right":
                self.align.append("right")
            else:
                self.align.append(self.align[-1])
        open_tag = close_tag = ""
        if not is_block and tag in INLINE_HTML:
            t = INLINE_HTML[tag]
            if t == "a":
                href = el.get("href", "")
                if href and not href.startswith(("javascript:", "#")):
                    open_tag = f'<a href="{escape(urljoin(self.base, href))}">'
                    close_tag = "</a>"
            else:
                open_tag, close_tag = f"<{t}>", f"</{t}>"
        sub_link = in_link or tag == "a"
        sub_emph = in_emph or tag in ("em", "i")
        sub_strong = in_strong or tag in ("strong", "b")
        if tag in ("td", "th") and self.acc.text:
            self.acc.add(" ", False, False, False)
        if open_tag:
            self.acc.html.append(open_tag)
        self.acc.add(el.text or "", sub_link, sub_emph, sub_strong)
        for child in el:
            self.walk(child, sub_link, sub_emph, sub_strong)
            self.acc.add(child.tail or "", sub_link, sub_emph, sub_strong)
        if close_tag:
            self.acc.html.append(close_tag)
        if is_block:
            self.flush()
            self.ctx_kind.pop()
            self.align.pop()

    def image(self, el: etree._Element) -> None:
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
    w = Walker(base_url)
    w.walk(el)
    w.flush()
    return w.blocks
