from crawler.core.provinces import NATIONAL
from spiders.families.ttxvn import TtxvnSpider


class BaoTinTuc(TtxvnSpider):
    name = "baotintuc"
    outlet = "Báo Tin tức (TTXVN)"
    province = NATIONAL
    kind = "news-agency"
    evidence = "verified"
    home = "https://baotintuc.vn/"
    listings = ("https://baotintuc.vn/xay-dung-dang-1623ct472.htm",)
