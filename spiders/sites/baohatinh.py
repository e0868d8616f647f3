from spiders.families.epi import EpiSpider


class BaohatinhSite(EpiSpider):
    name = "baohatinh"
    outlet = "Báo Hà Tĩnh"
    province = "Hà Tĩnh"
    kind = "newspaper"
    evidence = "family"  # verified: structure seen on a real page; family: same CMS
    home = "https://baohatinh.vn/"
    feeds = ()
    listings = ("https://baohatinh.vn/chinh-tri/",)
