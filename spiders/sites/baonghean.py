from spiders.families.generic import GenericSpider


class BaongheanSite(GenericSpider):
    name = "baonghean"
    outlet = "Báo Nghệ An"
    province = "Nghệ An"
    kind = "newspaper"
    evidence = "unverified"  # verified: structure seen on a real page; family: same CMS
    home = "https://baonghean.vn/"
    feeds = ()
    article_pattern = r"/[a-z0-9-]+-\d{5,}\.html$"
    listings = ("https://baonghean.vn/chinh-tri/",)
