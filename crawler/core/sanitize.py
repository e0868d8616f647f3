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
ALLOWED_ATTRS = {"a": {"href"}, "img": {"src", "alt"}}


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRS,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener",
        strip_comments=True,
    )


def render(blocks: list[Block], summary: str = "") -> str:
    parts: list[str] = []
    if summary:
        parts.append(f"<p><strong>{escape(summary, quote=False)}</strong></p>")
    in_list = False
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind == "li" and not in_list:
            parts.append("<ul>")
            in_list = True
        elif b.kind != "li" and in_list:
            parts.append("</ul>")
            in_list = False
        if b.kind == "img":
            caps, cap_text = [], []
            j = i + 1
            while j < len(blocks) and blocks[j].kind == "caption":
                html = blocks[j].html or escape(blocks[j].text, quote=False)
                caps.append(_TRAILING_BAR.sub(r"\1", html))
                cap_text.append(blocks[j].text.rstrip(" |"))
                j += 1
            cap = f"<figcaption>{' '.join(caps)}</figcaption>" if caps else ""
            # alt text that repeats the caption is read twice: the caption is enough
            alt = "" if fold(b.alt) and fold(b.alt) in fold(" ".join(cap_text)) else escape(b.alt)
            parts.append(f'<figure><img src="{escape(b.src)}" alt="{alt}">{cap}</figure>')
            i = j
            continue
        if b.kind == "caption":
            pass  # a caption with no photo before it: not shown
        elif b.kind == "h":
            parts.append(f"<h3>{b.html}</h3>")
        elif b.kind == "li":
            parts.append(f"<li>{b.html}</li>")
        elif b.kind == "quote":
            parts.append(f"<blockquote><p>{b.html}</p></blockquote>")
        elif b.kind in ("p", "row"):
            parts.append(f"<p>{b.html}</p>")
        i += 1
    if in_list:
        parts.append("</ul>")
    return sanitize("\n".join(parts))
