from spiders.families.aid import AIdSpider


class TravinhBaovinhlongSite(AIdSpider):
    """No listing URL has evidence: the crawl starts at the home page."""

    name = "travinh_baovinhlong"
    outlet = "Báo Trà Vinh (Báo Vĩnh Long)"
    province = "Vĩnh Long"
    former_province = "Trà Vinh"
    kind = "newspaper"
    evidence = "family"  # same CMS as its family; public crawler config in sites.tsv
    home = "https://travinh.baovinhlong.vn/"
