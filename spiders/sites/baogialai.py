from spiders.families.epi import EpiSpider


class BaogialaiSite(EpiSpider):
    """No listing URL has evidence: the crawl starts at the home page."""

    name = "baogialai"
    outlet = "Báo Gia Lai"
    province = "Gia Lai"
    kind = "newspaper"
    evidence = "family"  # same CMS as its family; public crawler config in sites.tsv
    home = "https://baogialai.com.vn/"
