from crawler.core.provinces import NATIONAL
from spiders.families.epi import EpiSpider


class NhanDan(EpiSpider):
    name = "nhandan"
    outlet = "Báo Nhân Dân"
    province = NATIONAL
    kind = "national-organ"
    evidence = "verified"
    home = "https://nhandan.vn/"
    feeds = ("https://nhandan.vn/rss/chinhtri.rss",)
    listings = ("https://nhandan.vn/xay-dung-dang/",)
