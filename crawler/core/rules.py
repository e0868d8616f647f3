"""Per-site extraction rules: the few CSS selectors that make a site's pages exact."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TypedDict, Unpack


class SelectorChanges(TypedDict, total=False):
    """The selectors one site may set differently from its family (see `SiteRules.but`)."""

    title: str | None
    sapo: str | None
    body: str | None
    date: str | None
    author: str | None
    section: str | None
    tags: str | None


@dataclass(frozen=True)
class SiteRules:
    """Selectors are CSS; a comma-separated list means "the first that matches".

    Frozen, because a family's rules are shared by every site of the family: a site that
    changed them in place would change its siblings."""

    title: str | None = None
    sapo: str | None = None
    body: str | None = None
    date: str | None = None
    author: str | None = None
    section: str | None = None
    tags: str | None = None
    drop: tuple[str, ...] = field(default_factory=tuple)

    def but(self, *, drop: Sequence[str] = (), **changes: Unpack[SelectorChanges]) -> SiteRules:
        """A family's rules with one site's differences: `FAMILY_RULES.but(sapo="h2.lead")`.

        `drop` adds to the family's list instead of replacing it: what the family's CMS
        prints around every article is still there on the site's pages."""
        return replace(self, drop=self.drop + tuple(drop), **changes)
