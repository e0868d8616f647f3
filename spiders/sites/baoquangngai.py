from spiders.families.generic import GenericSpider


class BaoquangngaiSite(GenericSpider):
    name = "baoquangngai"
    outlet = "Báo Quảng Ngãi"
    province = "Quảng Ngãi"
    kind = "newspaper"
    evidence = "unverified"  # verified: structure seen on a real page; family: same CMS
    home = "https://baoquangngai.vn/"
    feeds = ()
    article_pattern = r"/[a-z0-9-]+-\d{5,}\.htm$"
    listings = ("https://baoquangngai.vn/chinh-tri/",)
