"""The Article item: one published story of one outlet, as readers will get it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any

#: Fields that exist only while an item travels through the pipelines; never stored or printed.
TRANSIENT = ("html", "hints")


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
    hints: dict[str, Any] = field(default_factory=dict, repr=False)

    def record(self) -> dict[str, Any]:
        """The persistent fields, as stored and as `partywire extract` prints them."""
        d = asdict(self)
        for k in TRANSIENT:
            d.pop(k, None)
        return d

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls) if f.name not in TRANSIENT]


def to_json(record: dict[str, Any]) -> dict[str, Any]:
    """JSON-ready copy: datetimes as ISO 8601 in Vietnam time, which is how readers see them."""
    from crawler.core.timez import VN

    out: dict[str, Any] = {}
    for k, v in record.items():
        out[k] = v.astimezone(VN).isoformat() if isinstance(v, datetime) else v
    return out
