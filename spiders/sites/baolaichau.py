from spiders.families import notes
from spiders.families.generic import GenericSpider


class BaolaichauSite(GenericSpider):
    """No listing URL has evidence: the crawl starts at the home page."""

    name = "baolaichau"
    outlet = "Báo Lai Châu"
    province = "Lai Châu"
    kind = "newspaper"
    evidence = "unverified"  # no page seen; public crawler config in sites.tsv
    home = "https://baolaichau.vn/"
    article_pattern = r"/[a-z0-9-]+/[a-z0-9-]+-\d+$"
    evidence_notes = notes(
        article_pattern=(
            "sites.tsv baolaichau.vn (public crawler config) article_url_pattern "
            "'/{cat}/{slug}-{id}'"
        ),
    )
