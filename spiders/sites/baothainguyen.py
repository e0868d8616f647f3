from spiders.families.ym import YmSpider


class BaothainguyenSite(YmSpider):
    """No listing URL has evidence: the crawl starts at the home page."""

    name = "baothainguyen"
    outlet = "Báo Thái Nguyên"
    province = "Thái Nguyên"
    kind = "newspaper"
    evidence = "family"  # same CMS as its family; public crawler config in sites.tsv
    home = "https://baothainguyen.vn/"
