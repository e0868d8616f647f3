from spiders.families.generic import GenericSpider


class BaolaichauSite(GenericSpider):
    name = "baolaichau"
    outlet = "Báo Lai Châu"
    province = "Lai Châu"
    kind = "newspaper"
    evidence = "unverified"  # verified: structure seen on a real page; family: same CMS
    home = "https://baolaichau.vn/"
    feeds = ("https://baolaichau.vn/rss/home.rss",)
    article_pattern = r"/[a-z0-9-]+/[a-z0-9-]+-\d{4,}$"
    listings = ()
