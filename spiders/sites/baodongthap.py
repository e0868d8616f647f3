from spiders.families.aid import AIdSpider


class BaodongthapSite(AIdSpider):
    name = "baodongthap"
    outlet = "Báo Đồng Tháp"
    province = "Đồng Tháp"
    kind = "newspaper"
    evidence = "family"  # verified: structure seen on a real page; family: same CMS
    home = "https://baodongthap.vn/"
    feeds = ()
    listings = ("https://baodongthap.vn/chinh-tri/",)
