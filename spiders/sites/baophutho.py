from spiders.families.generic import GenericSpider


class BaophuthoSite(GenericSpider):
    name = "baophutho"
    outlet = "Báo Phú Thọ"
    province = "Phú Thọ"
    kind = "newspaper"
    evidence = "unverified"  # verified: structure seen on a real page; family: same CMS
    home = "https://baophutho.vn/"
    feeds = ("https://baophutho.vn/rss/home.rss",)
    article_pattern = r"/[a-z0-9-]+-\d{5,}\.htm$"
    listings = ()
