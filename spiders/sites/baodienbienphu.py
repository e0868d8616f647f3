from spiders.families.generic import GenericSpider


class BaodienbienphuSite(GenericSpider):
    name = "baodienbienphu"
    outlet = "Báo Điện Biên Phủ"
    province = "Điện Biên"
    kind = "newspaper"
    evidence = "unverified"  # verified: structure seen on a real page; family: same CMS
    home = "https://baodienbienphu.vn/"
    feeds = ()
    article_pattern = r"/tin-bai/[a-z0-9-]+/[a-z0-9-]+$"
    listings = ("https://baodienbienphu.vn/chinh-tri/",)
