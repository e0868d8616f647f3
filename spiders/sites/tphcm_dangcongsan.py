from spiders.families.dcs import DcsSpider


class TphcmDangcongsanSite(DcsSpider):
    name = "tphcm_dangcongsan"
    outlet = "Cổng TTĐT Đảng bộ TP Hồ Chí Minh"
    province = "Hồ Chí Minh"
    kind = "party-portal"
    evidence = "unverified"  # verified: structure seen on a real page; family: same CMS
    home = "https://tphcm.dangcongsan.vn/"
    feeds = ()
    listings = ("https://tphcm.dangcongsan.vn/xay-dung-dang/",)
