from spiders.families import notes
from spiders.families.generic import GenericSpider

_ROW = "sites.tsv baothanhhoa.vn (public crawler config)"


class BaothanhhoaSite(GenericSpider):
    """The tsv gives the listing form '/{slug}' but no listing: when the feed gives nothing,
    the crawl reads the home page (NewsSpider's fallback)."""

    name = "baothanhhoa"
    outlet = "Báo Thanh Hóa"
    province = "Thanh Hóa"
    kind = "newspaper"
    evidence = "unverified"  # URL forms and a feed from public code; no page seen
    home = "https://baothanhhoa.vn/"
    feeds = ("https://baothanhhoa.vn/rss/thoi-su.xml",)
    article_pattern = r"^(?:/[a-z0-9-]+-\d+|/[a-z0-9-]+/[a-z0-9-]+/\d+)\.htm$"
    evidence_notes = notes(
        article_pattern=f"{_ROW} article_url_pattern '/{{slug}}-{{id}}.htm; older "
        "/{cat}/{slug}/{id}.htm'",
        feeds=f"{_ROW} feeds '/rss/thoi-su.xml (feeds end in .xml; seen in public code)'",
    )
