from spiders.families.ym import YmSpider


class BaokhanhhoaSite(YmSpider):
    """No listing URL has evidence: the crawl starts at the home page."""

    name = "baokhanhhoa"
    outlet = "Báo Khánh Hòa"
    province = "Khánh Hòa"
    kind = "newspaper"
    evidence = "family"  # same CMS as its family; public crawler config in sites.tsv
    home = "https://baokhanhhoa.vn/"
