from spiders.families.generic import GenericSpider


class BaohungyenSite(GenericSpider):
    name = "baohungyen"
    outlet = "Báo Hưng Yên"
    province = "Hưng Yên"
    kind = "newspaper"
    evidence = "unverified"  # verified: structure seen on a real page; family: same CMS
    home = "https://baohungyen.vn/"
    feeds = ()
    article_pattern = r"/[a-z0-9-]+-\d{5,}\.html$"
    listings = ("https://baohungyen.vn/chinh-tri/",)
