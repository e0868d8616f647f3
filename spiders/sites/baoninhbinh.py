from spiders.families.generic import GenericSpider


class BaoninhbinhSite(GenericSpider):
    name = "baoninhbinh"
    outlet = "Báo Ninh Bình"
    province = "Ninh Bình"
    kind = "newspaper"
    evidence = "unverified"  # verified: structure seen on a real page; family: same CMS
    home = "https://baoninhbinh.org.vn/"
    feeds = ()
    article_pattern = r"-\d{15}\.html$"
    listings = ("https://baoninhbinh.org.vn/chinh-tri/",)
