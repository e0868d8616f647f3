from spiders.families.generic import GenericSpider


class BaobacninhtvSite(GenericSpider):
    name = "baobacninhtv"
    outlet = "Báo Bắc Ninh"
    province = "Bắc Ninh"
    kind = "newspaper"
    evidence = "unverified"  # verified: structure seen on a real page; family: same CMS
    home = "https://baobacninhtv.vn/"
    feeds = ()
    article_pattern = r"-postid\d+\.bbg$"
    listings = ("https://baobacninhtv.vn/chinh-tri/",)
