from spiders.families.aid import AIdSpider


class BaodongthapSite(AIdSpider):
    """No listing URL has evidence: the crawl starts at the home page."""

    name = "baodongthap"
    outlet = "Báo Đồng Tháp"
    province = "Đồng Tháp"
    kind = "newspaper"
    evidence = "family"  # same CMS as its family; public crawler config in sites.tsv
    home = "https://baodongthap.vn/"
