from spiders.families.ym import YmSpider


class BaoquangtriSite(YmSpider):
    name = "baoquangtri"
    outlet = "Báo Quảng Trị"
    province = "Quảng Trị"
    kind = "newspaper"
    evidence = "family"  # verified: structure seen on a real page; family: same CMS
    home = "https://baoquangtri.vn/"
    feeds = ()
    listings = ("https://baoquangtri.vn/xay-dung-dang/",)
