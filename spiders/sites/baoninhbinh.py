from spiders.families import notes
from spiders.families.generic import GenericSpider


class BaoninhbinhSite(GenericSpider):
    """No listing URL has evidence: the crawl starts at the home page."""

    name = "baoninhbinh"
    outlet = "Báo Ninh Bình"
    province = "Ninh Bình"
    kind = "newspaper"
    evidence = "unverified"  # no page seen; public crawler config in sites.tsv
    home = "https://baoninhbinh.org.vn/"
    article_pattern = r"-\d{15}\.html$"
    evidence_notes = notes(
        article_pattern=(
            "sites.tsv baoninhbinh.org.vn (public crawler config) article_url_pattern "
            "'/{slug}-{15 digits}.html'"
        ),
    )
