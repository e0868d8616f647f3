from spiders.families.generic import GenericSpider


class BaolamdongSite(GenericSpider):
    name = "baolamdong"
    outlet = "Báo Lâm Đồng"
    province = "Lâm Đồng"
    kind = "newspaper"
    evidence = "unverified"  # verified: structure seen on a real page; family: same CMS
    home = "https://baolamdong.vn/"
    feeds = ()
    article_pattern = r"/[a-z0-9-]+-\d{5,}\.html$"
    listings = ("https://baolamdong.vn/chinh-tri/",)
