from spiders.families.nukeviet import NukeVietSpider


class KiengiangDcsSite(NukeVietSpider):
    """No listing URL has evidence: the crawl starts at the home page."""

    name = "kiengiang_dcs"
    outlet = "Cổng TTĐT Đảng bộ tỉnh Kiên Giang"
    province = "An Giang"
    former_province = "Kiên Giang"
    kind = "party-portal"
    evidence = "family"  # same CMS as its family; public code mention in sites.tsv
    home = "https://tonghop.kiengiang.dcs.vn/"
