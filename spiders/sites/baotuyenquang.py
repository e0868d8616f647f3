from spiders.families.ym import YmSpider


class BaotuyenquangSite(YmSpider):
    name = "baotuyenquang"
    outlet = "Báo Tuyên Quang"
    province = "Tuyên Quang"
    kind = "newspaper"
    evidence = "family"  # verified: structure seen on a real page; family: same CMS
    home = "https://baotuyenquang.com.vn/"
    feeds = ()
    listings = ("https://baotuyenquang.com.vn/xay-dung-dang/",)
