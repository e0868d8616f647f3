from spiders.families.generic import GenericSpider


class BaocaobangSite(GenericSpider):
    name = "baocaobang"
    outlet = "Báo Cao Bằng"
    province = "Cao Bằng"
    kind = "newspaper"
    evidence = "unverified"  # verified: structure seen on a real page; family: same CMS
    home = "https://baocaobang.vn/"
    feeds = ("https://baocaobang.vn/rss/home.rss",)
    article_pattern = r"/[a-z0-9-]+-\d{5,}\.html$"
    listings = ()
