from spiders.families.aid import AIdSpider


class DongkhoiBaovinhlongSite(AIdSpider):
    """No listing URL has evidence: the crawl starts at the home page."""

    name = "dongkhoi_baovinhlong"
    outlet = "Báo Đồng Khởi (Báo Vĩnh Long)"
    province = "Vĩnh Long"
    former_province = "Bến Tre"
    kind = "newspaper"
    evidence = "family"  # same CMS as its family; public crawler config in sites.tsv
    home = "https://dongkhoi.baovinhlong.vn/"
