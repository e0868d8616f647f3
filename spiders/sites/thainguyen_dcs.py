from spiders.families.nukeviet import NukeVietSpider


class ThainguyenDcsSite(NukeVietSpider):
    """No listing URL has evidence: the crawl starts at the home page."""

    name = "thainguyen_dcs"
    outlet = "Cổng TTĐT Đảng bộ tỉnh Thái Nguyên"
    province = "Thái Nguyên"
    kind = "party-portal"
    evidence = "family"  # same CMS as its family; public code mention in sites.tsv
    home = "https://thainguyen.dcs.vn/"
