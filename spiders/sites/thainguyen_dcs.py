from spiders.families.nukeviet import NukeVietSpider


class ThainguyenDcsSite(NukeVietSpider):
    name = "thainguyen_dcs"
    outlet = "Cổng TTĐT Đảng bộ tỉnh Thái Nguyên"
    province = "Thái Nguyên"
    kind = "party-portal"
    evidence = "family"  # verified: structure seen on a real page; family: same CMS
    home = "https://thainguyen.dcs.vn/"
    feeds = ()
    listings = ("https://thainguyen.dcs.vn/news/xay-dung-dang/",)
