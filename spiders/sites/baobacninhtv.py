from spiders.families import notes
from spiders.families.generic import GenericSpider


class BaobacninhtvSite(GenericSpider):
    """No listing URL has evidence: the crawl starts at the home page."""

    name = "baobacninhtv"
    outlet = "Báo Bắc Ninh"
    province = "Bắc Ninh"
    kind = "newspaper"
    evidence = "unverified"  # no page seen; public crawler config in sites.tsv
    home = "https://baobacninhtv.vn/"
    article_pattern = r"-postid\d+\.bbg$"
    evidence_notes = notes(
        article_pattern=(
            "sites.tsv baobacninhtv.vn (public crawler config) article_url_pattern "
            "'/{slug}-postid{id}.bbg'"
        ),
    )
