from spiders.families import notes
from spiders.families.generic import GenericSpider


class BaohungyenSite(GenericSpider):
    """No listing URL has evidence: the crawl starts at the home page."""

    name = "baohungyen"
    outlet = "Báo Hưng Yên"
    province = "Hưng Yên"
    kind = "newspaper"
    evidence = "unverified"  # no page seen; public crawler config in sites.tsv
    home = "https://baohungyen.vn/"
    article_pattern = r"/[a-z0-9-]+-\d+\.html$"
    evidence_notes = notes(
        article_pattern=(
            "sites.tsv baohungyen.vn (public crawler config) article_url_pattern "
            "'/{slug}-{id}.html'"
        ),
    )
