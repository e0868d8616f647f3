from spiders.families.aid import AIdSpider


class BaotayninhSite(AIdSpider):
    name = "baotayninh"
    outlet = "Báo Tây Ninh"
    province = "Tây Ninh"
    kind = "newspaper"
    evidence = "family"  # verified: structure seen on a real page; family: same CMS
    home = "https://www.baotayninh.vn/"
    feeds = ()
    listings = ("https://www.baotayninh.vn/chinh-tri/",)
