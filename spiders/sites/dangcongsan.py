from crawler.core.provinces import NATIONAL
from spiders.families.dcs import DcsSpider


class DangcongsanSite(DcsSpider):
    name = "dangcongsan"
    outlet = "Báo điện tử Đảng Cộng sản Việt Nam"
    province = NATIONAL
    kind = "national-organ"
    evidence = "unverified"  # verified: structure seen on a real page; family: same CMS
    home = "https://dangcongsan.vn/"
    feeds = ()
    listings = ("https://dangcongsan.vn/xay-dung-dang/",)
