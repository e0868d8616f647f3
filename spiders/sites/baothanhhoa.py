from spiders.families.generic import GenericSpider


class BaothanhhoaSite(GenericSpider):
    name = "baothanhhoa"
    outlet = "Báo Thanh Hóa"
    province = "Thanh Hóa"
    kind = "newspaper"
    evidence = "unverified"  # verified: structure seen on a real page; family: same CMS
    home = "https://baothanhhoa.vn/"
    feeds = ()
    article_pattern = r"/[a-z0-9-]+-\d{5,}\.htm$"
    listings = ("https://baothanhhoa.vn/chinh-tri/",)
