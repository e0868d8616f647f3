from spiders.families.nukeviet import NukeVietSpider


class TayninhDcsSite(NukeVietSpider):
    """No listing URL has evidence: the crawl starts at the home page."""

    name = "tayninh_dcs"
    outlet = "Cổng TTĐT Đảng bộ tỉnh Tây Ninh"
    province = "Tây Ninh"
    kind = "party-portal"
    evidence = "family"  # same CMS as its family; public code mention in sites.tsv
    home = "https://tayninh.dcs.vn/"
