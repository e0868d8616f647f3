from crawler.core.provinces import NATIONAL
from spiders.families.generic import GenericSpider


class BaochinhphuSite(GenericSpider):
    name = "baochinhphu"
    outlet = "Báo Điện tử Chính phủ"
    province = NATIONAL
    kind = "national-organ"
    evidence = "unverified"  # verified: structure seen on a real page; family: same CMS
    home = "https://baochinhphu.vn/"
    feeds = ()
    article_pattern = r"-\d{12,}\.htm$"
    listings = ("https://baochinhphu.vn/chinh-tri/",)
