"""Body HTML for `content:encoded`: rebuilt from the kept blocks, then passed through nh3.

Rebuilding from the same blocks as the text means the HTML can never show what the text
dropped; nh3 (ammonia) is the guard against anything unsafe slipping through.
"""

from __future__ import annotations

import re
from html import escape

import nh3

from crawler.core.blocks import Block
from crawler.core.normalize import fold

_TRAILING_BAR = re.compile(r"\s*\|\s*((?:</\w+>)*)\s*$")

ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "a",
    "strong",
    "em",
    "sup",
    "sub",
    "u",
    "img",
    "figure",
    "figcaption",
    "blockquote",
    "table",
    "tbody",
    "tr",
    "td",
    "br",
}
#: A subheading keeps its level in the feed: h2 and h3 as the page has them, deeper ones at h4
#: (the lowest a reader shows apart from text), an h1 inside the body (the headline is a
#: field of its own) one below it; a heading of unknown level is an h3, the usual subhead.
_HEADING_TAG = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
ALLOWED_ATTRS = {"a": {"href"}, "img": {"src", "alt"}}


def sanitize(html: str) -> str:
    """The HTML with only the tags and attributes a feed reader may show. The blocks are
    rebuilt by our own code, but link targets and image sources come from the page: nh3 is
    what keeps a `javascript:` URL or an event handler out, whatever the page did."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRS,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener",
        strip_comments=True,
    )


def _figure(img: Block, captions: list[Block]) -> str:
    """A photo with the captions under it, shown once, without the "|" some CMSs end them with."""
    caps = [_TRAILING_BAR.sub(r"\1", c.html or escape(c.text, quote=False)) for c in captions]
    cap_text = " ".join(c.text.rstrip(" |") for c in captions)
    cap = f"<figcaption>{' '.join(caps)}</figcaption>" if caps else ""
    # alt text that repeats the caption is read twice: the caption is enough
    alt = "" if fold(img.alt) and fold(img.alt) in fold(cap_text) else escape(img.alt)
    return f'<figure><img src="{escape(img.src)}" alt="{alt}">{cap}</figure>'


def _element(b: Block) -> str:
    """One text block as HTML; a caption with no photo before it is not shown, since it
    would read as a stray line of text."""
    if b.kind == "h":
        tag = _HEADING_TAG.get(b.attrs.get("level", ""), "h3")
        return f"<{tag}>{b.html}</{tag}>"
    if b.kind == "li":
        return f"<li>{b.html}</li>"
    if b.kind == "quote":
        return f"<blockquote><p>{b.html}</p></blockquote>"
    if b.kind in ("p", "row"):
        return f"<p>{b.html}</p>"
    return ""


def render(blocks: list[Block], summary: str = "") -> str:
    """The `content:encoded` HTML of the kept blocks, the sapo first in bold when the page
    showed it apart from the text; consecutive list items share one list."""
    parts: list[str] = []
    if summary:
        parts.append(f"<p><strong>{escape(summary, quote=False)}</strong></p>")
    in_list = False
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if (b.kind == "li") != in_list:
            parts.append("<ul>" if not in_list else "</ul>")
            in_list = not in_list
        if b.kind == "img":
            j = i + 1
            while j < len(blocks) and blocks[j].kind == "caption":
                j += 1
            parts.append(_figure(b, blocks[i + 1 : j]))
            i = j
            continue
        element = _element(b)
        if element:
            parts.append(element)
        i += 1
    if in_list:
        parts.append("</ul>")
    return sanitize("\n".join(parts))
