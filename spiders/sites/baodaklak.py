from spiders.families.ym import YmSpider


class BaodaklakSite(YmSpider):
    """No listing URL has evidence: the crawl starts at the home page."""

    name = "baodaklak"
    outlet = "Báo Đắk Lắk"
    province = "Đắk Lắk"
    kind = "newspaper"
    evidence = "family"  # same CMS as its family; public crawler config in sites.tsv
    home = "https://baodaklak.vn/"
