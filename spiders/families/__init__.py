"""One base class per CMS family: selectors seen on real pages of that platform.

Every declaration a family or a site makes (URL pattern, feeds, sitemaps, listings, listing
selectors, extraction rules, date order) names where it comes from in `evidence_notes`: the
`../shared/sites.tsv` row and cell, or the real page in `../shared/corpus`. A declaration
without evidence is not made at all: the site falls back to the generic path (and, for
discovery, to its home page and the structural detector). `sources` reads the notes the way
`tests/test_sites_evidence.py` checks them and `partywire sites --json` prints them.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import ClassVar

from crawler.core.rules import SiteRules
from spiders.base import NewsSpider, SiteInfo

#: The declarations that need evidence, in the order `partywire sites --json` lists them.
DECLARATIONS = (
    "article_pattern",
    "feeds",
    "sitemaps",
    "listings",
    "listing_links",
    "listing_date",
    "next_page",
    "rules",
    "date_order",
)


def notes(**where: str) -> Mapping[str, str]:
    """A class's `evidence_notes`, read-only (a family's notes are shared by its sites); a
    name that is not a declaration is a typo that would leave the real one unexplained."""
    unknown = sorted(set(where) - set(DECLARATIONS))
    if unknown:
        raise ValueError(f"evidence_notes: {unknown} are not declarations ({DECLARATIONS})")
    return MappingProxyType(where)


def declared(cls: type[NewsSpider], attr: str) -> bool:
    """Whether the site makes this declaration (an empty tuple or rule set makes none)."""
    value = getattr(cls, attr, None)
    if attr == "rules":
        return value != SiteRules()
    return bool(value)


def sources(cls: type[NewsSpider]) -> dict[str, str | None]:
    """Each declaration the site makes, with the note of the class that made it (None: no
    note). The note is read from the declaring class itself, never inherited: a site that
    overrides its family's pattern has to say where its own pattern comes from."""
    out: dict[str, str | None] = {}
    for attr in DECLARATIONS:
        if not declared(cls, attr):
            continue
        owner = next(k for k in cls.__mro__ if attr in vars(k))
        notes: Mapping[str, str] = vars(owner).get("evidence_notes", {})
        out[attr] = notes.get(attr)
    return out


class FamilySpider(NewsSpider):
    """The base of every family: a news spider whose declarations say where they come from."""

    #: declaration name -> where it comes from ("sites.tsv <domain> <column>: '<cell text>'",
    #: "corpus/<file>", ...); only the declarations this very class makes
    evidence_notes: ClassVar[Mapping[str, str]] = MappingProxyType({})

    @classmethod
    def info(cls) -> SiteInfo:
        info = super().info()
        info["evidence_notes"] = [f"{k}: {v or 'NO EVIDENCE'}" for k, v in sources(cls).items()]
        return info
