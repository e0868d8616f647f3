"""Per-site extraction rules: the few CSS selectors that make a site's pages exact."""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class SiteRules:
    """Selectors are CSS; a comma-separated list means "the first that matches"."""

    title: str | None = None
    sapo: str | None = None
    body: str | None = None
    date: str | None = None
    author: str | None = None
    section: str | None = None
    tags: str | None = None
    drop: tuple[str, ...] = field(default_factory=tuple)

    def but(self, **changes: object) -> SiteRules:
        """A family's rules with one site's differences: `FAMILY_RULES.but(sapo="h2.lead")`."""
        if "drop" in changes and isinstance(changes["drop"], (list, tuple)):
            changes["drop"] = tuple(self.drop) + tuple(changes["drop"])  # type: ignore[arg-type]
        return replace(self, **changes)  # type: ignore[arg-type]
