from spiders.families.generic import GenericSpider


class HuengaynaySite(GenericSpider):
    name = "huengaynay"
    outlet = "Báo Huế ngày nay"
    province = "Huế"
    kind = "newspaper"
    evidence = "unverified"  # verified: structure seen on a real page; family: same CMS
    home = "https://huengaynay.vn/"
    feeds = ()
    article_pattern = r"/[a-z0-9-]+-\d{5,}\.htm$"
    listings = ("https://huengaynay.vn/chinh-tri/",)
