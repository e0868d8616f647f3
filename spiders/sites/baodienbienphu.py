from spiders.families import notes
from spiders.families.generic import GenericSpider


class BaodienbienphuSite(GenericSpider):
    """No listing URL has evidence: the crawl starts at the home page."""

    name = "baodienbienphu"
    outlet = "Báo Điện Biên Phủ"
    province = "Điện Biên"
    kind = "newspaper"
    evidence = "unverified"  # no page seen; public crawler config in sites.tsv
    home = "https://baodienbienphu.vn/"
    article_pattern = r"/tin-bai/[a-z0-9-]+/[a-z0-9-]+$"
    evidence_notes = notes(
        article_pattern=(
            "sites.tsv baodienbienphu.vn (public crawler config) article_url_pattern "
            "'/tin-bai/{cat}/{slug}'"
        ),
    )
