from crawler.core.provinces import NATIONAL
from spiders.families.generic import GenericSpider


class TapchicongsanSite(GenericSpider):
    name = "tapchicongsan"
    outlet = "Tạp chí Cộng sản"
    province = NATIONAL
    kind = "national-organ"
    evidence = "unverified"  # verified: structure seen on a real page; family: same CMS
    home = "https://www.tapchicongsan.org.vn/"
    feeds = ()
    article_pattern = r"/[a-z0-9-]+-\d{5,}\.html$"
    listings = ("https://www.tapchicongsan.org.vn/chinh-tri/",)
