from spiders.families.aid import AIdSpider


class BaotayninhSite(AIdSpider):
    """No listing URL has evidence: the crawl starts at the home page."""

    name = "baotayninh"
    outlet = "Báo Tây Ninh"
    province = "Tây Ninh"
    kind = "newspaper"
    evidence = "family"  # same CMS as its family; public crawler config in sites.tsv
    home = "https://www.baotayninh.vn/"
