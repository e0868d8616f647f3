"""The 'sc-longform' CMS (hanoimoi.vn): header classes `sc-longform-header-*`, text in
`div.b-maincontent div.entry`, boxes `c-box`, `c-widget-tags`, `c-share-detail`, a copyright
footer `div.c-powered`. Every selector here is a cell of the hanoimoi.vn row of sites.tsv (a real
article page seen, held out); what that row does not name (section, tag links) is left to the
generic path. The row's "probably shared with other outlets that use b-grid/c-box classes" is
not evidence for those outlets' article pages, so no other site is moved here on it."""

from crawler.core.rules import SiteRules
from spiders.families import FamilySpider, notes

_ROW = "sites.tsv hanoimoi.vn (real page seen, held out)"


class ScLongformSpider(FamilySpider):
    family = "sc-longform"
    # '/{slug}-{id}.html (exclude -event{id}.html)': '-event<id>' has no hyphen before the
    # digits, so the id form leaves it out by construction
    article_pattern = r"/[a-z0-9-]+-\d+\.html$"
    # the visible date is day first; the page's meta article:published_time is written
    # '1/28/2026 6:52:01 AM', month first on a 12-hour clock
    date_order = "MDY"
    rules = SiteRules(
        title="h1.sc-longform-header-title",
        sapo="p.sc-longform-header-sapo",
        body="div.b-maincontent div.entry",
        date="span.sc-longform-header-date",
        author="span.sc-longform-header-author",
        drop=(
            "div.c-box",
            ".c-widget-tags",
            ".c-share-detail",
            "div.c-powered",
            "p.sc-longform-header-sapo",
        ),
    )
    evidence_notes = notes(
        article_pattern=f"{_ROW} article_url_pattern '/{{slug}}-{{id}}.html (exclude "
        "-event{id}.html)'",
        date_order=f"{_ROW} date_format_seen: meta article:published_time written "
        "'1/28/2026 6:52:01 AM' (month first, 12-hour clock)",
        rules=f"{_ROW} selectors_seen: h1.sc-longform-header-title, "
        "span.sc-longform-header-author, p.sc-longform-header-sapo, div.b-maincontent "
        "div.entry, div.c-box, .c-widget-tags, .c-share-detail, div.c-powered; date_format_seen: "
        "span.sc-longform-header-date",
    )
