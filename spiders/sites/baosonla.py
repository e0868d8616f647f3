from spiders.families import notes
from spiders.families.epi import EpiSpider


class BaosonlaSite(EpiSpider):
    """No listing URL has evidence: the crawl starts at the home page."""

    name = "baosonla"
    outlet = "Báo Sơn La"
    province = "Sơn La"
    kind = "newspaper"
    evidence = "family"  # same CMS as its family; public crawler config in sites.tsv
    home = "https://baosonla.vn/"
    article_pattern = r"/[a-z0-9-]+/[a-z0-9-]+-\d+\.html$"
    evidence_notes = notes(
        article_pattern=(
            "sites.tsv baosonla.vn (public crawler config) article_url_pattern "
            "'/{cat}/{slug}-{id}.html'"
        ),
    )
