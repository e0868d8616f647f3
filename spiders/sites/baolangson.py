from spiders.families.generic import GenericSpider


class BaolangsonSite(GenericSpider):
    name = "baolangson"
    outlet = "Báo Lạng Sơn"
    province = "Lạng Sơn"
    kind = "newspaper"
    evidence = "unverified"  # verified: structure seen on a real page; family: same CMS
    home = "https://baolangson.vn/"
    feeds = ("https://baolangson.vn/rss/home.rss",)
    article_pattern = r"/[a-z0-9-]+-\d{5,}\.html$"
    listings = ()
