from spiders.families.generic import GenericSpider


class BaodanangSite(GenericSpider):
    name = "baodanang"
    outlet = "Báo Đà Nẵng"
    province = "Đà Nẵng"
    kind = "newspaper"
    evidence = "unverified"  # verified: structure seen on a real page; family: same CMS
    home = "https://baodanang.vn/"
    feeds = ()
    article_pattern = r"/[a-z0-9-]+-\d{5,}\.html$"
    listings = ("https://baodanang.vn/chinh-tri/",)
