from spiders.families.ym import YmSpider


class BaodaklakSite(YmSpider):
    name = "baodaklak"
    outlet = "Báo Đắk Lắk"
    province = "Đắk Lắk"
    kind = "newspaper"
    evidence = "family"  # verified: structure seen on a real page; family: same CMS
    home = "https://baodaklak.vn/"
    feeds = ()
    listings = ("https://baodaklak.vn/xay-dung-dang/",)
