from spiders.families.generic import GenericSpider


class BaohaiphongSite(GenericSpider):
    name = "baohaiphong"
    outlet = "Báo Hải Phòng"
    province = "Hải Phòng"
    kind = "newspaper"
    evidence = "unverified"  # verified: structure seen on a real page; family: same CMS
    home = "https://baohaiphong.vn/"
    feeds = ()
    article_pattern = r"/[a-z0-9-]+-\d{5,}\.html$"
    listings = ("https://baohaiphong.vn/chinh-tri/",)
