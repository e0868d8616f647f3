from spiders.families import notes
from spiders.families.generic import GenericSpider


class BaophuthoSite(GenericSpider):
    """No listing URL has evidence: the crawl starts at the home page."""

    name = "baophutho"
    outlet = "Báo Phú Thọ"
    province = "Phú Thọ"
    kind = "newspaper"
    evidence = "unverified"  # no page seen; public crawler config in sites.tsv
    home = "https://baophutho.vn/"
    article_pattern = r"/[a-z0-9-]+-\d+\.htm$"
    evidence_notes = notes(
        article_pattern=(
            "sites.tsv baophutho.vn (public crawler config) article_url_pattern "
            "'.../{slug}-{id}.htm'"
        ),
    )
