from spiders.families.epi import EpiSpider


class BbkBaothainguyenSite(EpiSpider):
    """No listing URL has evidence: the crawl starts at the home page."""

    name = "bbk_baothainguyen"
    outlet = "Báo Bắc Kạn (Báo Thái Nguyên)"
    province = "Thái Nguyên"
    former_province = "Bắc Kạn"
    kind = "newspaper"
    evidence = "family"  # same CMS as its family; public code mention in sites.tsv
    home = "https://bbk.baothainguyen.vn/"
