from spiders.families import notes
from spiders.families.generic import GenericSpider


class BaoquangninhSite(GenericSpider):
    """No listing URL has evidence: the crawl starts at the home page."""

    name = "baoquangninh"
    outlet = "Báo Quảng Ninh"
    province = "Quảng Ninh"
    kind = "newspaper"
    evidence = "unverified"  # no page seen; public crawler config in sites.tsv
    home = "https://baoquangninh.vn/"
    article_pattern = r"/[a-z0-9-]+-\d+\.html$"
    evidence_notes = notes(
        article_pattern=(
            "sites.tsv baoquangninh.vn (public crawler config) article_url_pattern "
            "'/{slug}-{id}.html'"
        ),
    )
