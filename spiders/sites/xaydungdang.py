from crawler.core.provinces import NATIONAL
from spiders.families.generic import GenericSpider


class XaydungdangSite(GenericSpider):
    name = "xaydungdang"
    outlet = "Tạp chí Xây dựng Đảng"
    province = NATIONAL
    kind = "national-organ"
    evidence = "unverified"  # verified: structure seen on a real page; family: same CMS
    home = "https://www.xaydungdang.org.vn/"
    feeds = ()
    article_pattern = r"/[a-z0-9-]+-\d{5,}\.html$"
    listings = ("https://www.xaydungdang.org.vn/chinh-tri/",)
