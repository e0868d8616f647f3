from spiders.families.generic import GenericSpider


class HanoimoiSite(GenericSpider):
    name = "hanoimoi"
    outlet = "Báo Hànộimới"
    province = "Hà Nội"
    kind = "newspaper"
    evidence = "unverified"  # verified: structure seen on a real page; family: same CMS
    home = "https://hanoimoi.vn/"
    feeds = ()
    article_pattern = r"/[a-z0-9-]+-\d{5,}\.html$"
    listings = ("https://hanoimoi.vn/chinh-tri/",)
