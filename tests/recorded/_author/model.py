from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Photo:
    src: str
    caption: str
    credit: str = ""


@dataclass
class Story:
    """One article as its outlet published it; `expected` facts are derived from this."""

    url: str
    title: str
    published: str  # ISO 8601 with +07:00: the instant the page shows
    sapo: str
    paragraphs: list[str]
    byline: str  # as printed on the page
    authors: list[str]
    source: str | None = None
    photos: dict[int, Photo] = field(default_factory=dict)  # after paragraph i
    section: str = "Xây dựng Đảng"
    tags: list[str] = field(default_factory=list)
    related: list[tuple[str, str]] = field(default_factory=list)  # (url, title)
    inline_related: tuple[str, str] | None = None  # a "Xem thêm" box inside the body
    sapo_in_body: bool = False  # the family prints the sapo as the first body paragraph
    raw: dict[int, str] = field(default_factory=dict)  # paragraph i as markup, when it matters
    trailer_html: str = ""  # boxes the page prints after the article (seed leftovers)
