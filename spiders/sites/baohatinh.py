from spiders.families.epi import EpiSpider


class BaohatinhSite(EpiSpider):
    """No listing URL has evidence: the crawl starts at the home page."""

    name = "baohatinh"
    outlet = "Báo Hà Tĩnh"
    province = "Hà Tĩnh"
    kind = "newspaper"
    evidence = "family"  # same CMS as its family; public crawler config in sites.tsv
    home = "https://baohatinh.vn/"
