from spiders.families.ym import YmSpider


class BaothainguyenSite(YmSpider):
    name = "baothainguyen"
    outlet = "Báo Thái Nguyên"
    province = "Thái Nguyên"
    kind = "newspaper"
    evidence = "family"  # verified: structure seen on a real page; family: same CMS
    home = "https://baothainguyen.vn/"
    feeds = ()
    listings = ("https://baothainguyen.vn/xay-dung-dang/",)
