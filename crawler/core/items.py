"""The Article item: one published story of one outlet, as readers will get it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, TypedDict

from crawler.core.timez import VN

#: Fields that exist only while an item travels through the pipelines; never stored or printed.
TRANSIENT = ("html", "hints")


class Hints(TypedDict, total=False):
    """What the stages tell each other about one item without making it an article field.

    Discovery gives the date a feed, sitemap or listing printed beside the link; extraction
    gives every date candidate of the page, the lead and the canonical links; the dates and
    dedup stages turn them into `published`, `modified` and `canonical_url`. Each key is
    optional because a page reached without a feed (`partywire extract`) has fewer."""

    feed_date: str  # pubDate of an RSS item, published/updated of an Atom entry, sitemap date
    listing_date: str  # the date a listing page printed beside the link
    dates: list[tuple[str, str]]  # (source, raw string), best first
    modified: list[tuple[str, str]]
    lead: str  # the first paragraph, where a visible date often sits
    canonical: str
    og_url: str
    dateline: str | None
    date_order: str  # the site's declared day/month order ("DMY", "MDY"), from the spider
    page_types: list[str]  # og:type and JSON-LD @type of the page (crawler.core.articlecheck)
    stored: str  # the canonical URL of the stored article this page was re-fetched for


#: The hints discovery may attach to a link (see `discovery_hints`).
DISCOVERY_KEYS = ("feed_date", "listing_date")


def discovery_hints(raw: Mapping[str, str | None] | None) -> Hints:
    """The hints a feed, sitemap or listing attached to a link, as the typed structure the
    stages read; empty values are dropped. Discovery gives nothing else, so any other key is a
    programming error and is named rather than carried along unread."""
    out = Hints()
    for key, value in (raw or {}).items():
        if key == "feed_date":
            if value:
                out["feed_date"] = value
        elif key == "listing_date":
            if value:
                out["listing_date"] = value
        else:
            raise ValueError(f"hint {key!r} is not a discovery hint (one of {DISCOVERY_KEYS})")
    return out


@dataclass
class Article:
    """A dataclass, so ItemAdapter, the store and `partywire extract` all see the same fields."""

    url: str
    site: str
    outlet: str = ""
    province: str | None = None
    former_province: str | None = None
    canonical_url: str = ""
    title: str = ""
    summary: str = ""
    text: str = ""
    body_html: str = ""
    authors: list[str] = field(default_factory=list)
    source: str | None = None
    published: datetime | None = None
    modified: datetime | None = None
    date_source: str | None = None
    image: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    fetched_at: datetime | None = None
    fingerprint: str = ""
    field_sources: dict[str, str] = field(default_factory=dict)
    # transient
    html: str = field(default="", repr=False)
    hints: Hints = field(default_factory=Hints, repr=False)

    def record(self) -> dict[str, Any]:
        """The persistent fields, as stored and as `partywire extract` prints them: the lists
        and the dict copied one level, which is all they hold (strings), where `asdict` would
        deep-copy every value and the transient page and hints only to drop them (4 % of a
        crawl's CPU in bench/crawl.py's profile)."""
        d: dict[str, Any] = {}
        for name in _PERSISTENT:
            value = getattr(self, name)
            if isinstance(value, list):
                value = list(value)
            elif isinstance(value, dict):
                value = dict(value)
            d[name] = value
        return d

    @classmethod
    def field_names(cls) -> list[str]:
        """The persistent fields by name, in declaration order: what the store keeps and what
        an expected.json must pin, so neither can forget a field added here."""
        return [f.name for f in fields(cls) if f.name not in TRANSIENT]


#: The persistent fields in declaration order (`Article.record`).
_PERSISTENT = tuple(Article.field_names())


def to_json(record: dict[str, Any]) -> dict[str, Any]:
    """JSON-ready copy: datetimes as ISO 8601 in Vietnam time, which is how readers see them."""
    out: dict[str, Any] = {}
    for k, v in record.items():
        out[k] = v.astimezone(VN).isoformat() if isinstance(v, datetime) else v
    return out
