from spiders.families.generic import GenericSpider


class BaoquangninhSite(GenericSpider):
    name = "baoquangninh"
    outlet = "Báo Quảng Ninh"
    province = "Quảng Ninh"
    kind = "newspaper"
    evidence = "unverified"  # verified: structure seen on a real page; family: same CMS
    home = "https://baoquangninh.vn/"
    feeds = ()
    article_pattern = r"/[a-z0-9-]+-\d{5,}\.html$"
    listings = ("https://baoquangninh.vn/chinh-tri/",)
