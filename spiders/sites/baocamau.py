from spiders.families.generic import GenericSpider


class BaocamauSite(GenericSpider):
    name = "baocamau"
    outlet = "Báo Cà Mau"
    province = "Cà Mau"
    kind = "newspaper"
    evidence = "unverified"  # verified: structure seen on a real page; family: same CMS
    home = "https://baocamau.vn/"
    feeds = ()
    article_pattern = r"/[a-z0-9-]+-a?\d{5,}\.html$"
    listings = ("https://baocamau.vn/chinh-tri/",)
