from spiders.families import notes
from spiders.families.generic import GenericSpider


class BaongheanSite(GenericSpider):
    """No listing URL has evidence: the crawl starts at the home page."""

    name = "baonghean"
    outlet = "Báo Nghệ An"
    province = "Nghệ An"
    kind = "newspaper"
    evidence = "unverified"  # no page seen; public crawler config in sites.tsv
    home = "https://baonghean.vn/"
    article_pattern = r"/[a-z0-9-]+-\d+\.html$"
    evidence_notes = notes(
        article_pattern=(
            "sites.tsv baonghean.vn (public crawler config) article_url_pattern "
            "'/{slug}-{id}.html or -event{id}.html' (the -event pages are left out: the "
            "hanoimoi.vn row, same class vocabulary, says to exclude them)"
        ),
    )
