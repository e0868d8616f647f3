from spiders.families.epi import EpiSpider


class SggpSite(EpiSpider):
    name = "sggp"
    outlet = "Báo Sài Gòn Giải Phóng"
    province = "Hồ Chí Minh"
    kind = "newspaper"
    evidence = "family"  # verified: structure seen on a real page; family: same CMS
    home = "https://www.sggp.org.vn/"
    feeds = ()
    listings = ("https://www.sggp.org.vn/chinhtri/",)
