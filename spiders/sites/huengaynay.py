from spiders.families import notes
from spiders.families.generic import GenericSpider


class HuengaynaySite(GenericSpider):
    """No listing has evidence (the tsv gives no listing form): the crawl starts at the home
    page."""

    name = "huengaynay"
    outlet = "Báo Huế ngày nay"
    province = "Huế"
    kind = "newspaper"
    evidence = "unverified"  # an URL form from a public crawler config; no page seen
    home = "https://huengaynay.vn/"
    article_pattern = r"^/(?:[a-z0-9-]+/)+[a-z0-9-]+\.html?$"
    evidence_notes = notes(
        article_pattern="sites.tsv huengaynay.vn (public crawler config) article_url_pattern "
        "'/{...}/{slug}.html (current); .htm seen on older pages'",
    )
