from spiders.families.epi import EpiSpider


class BaosonlaSite(EpiSpider):
    name = "baosonla"
    outlet = "Báo Sơn La"
    province = "Sơn La"
    kind = "newspaper"
    evidence = "family"  # verified: structure seen on a real page; family: same CMS
    home = "https://baosonla.vn/"
    feeds = ()
    article_pattern = r"/[a-z0-9-]+/[a-z0-9-]+-\d+\.html$"
    listings = ("https://baosonla.vn/chinh-tri/",)
