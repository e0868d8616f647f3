from spiders.families.ym import YmSpider


class BaokhanhhoaSite(YmSpider):
    name = "baokhanhhoa"
    outlet = "Báo Khánh Hòa"
    province = "Khánh Hòa"
    kind = "newspaper"
    evidence = "family"  # verified: structure seen on a real page; family: same CMS
    home = "https://baokhanhhoa.vn/"
    feeds = ()
    listings = ("https://baokhanhhoa.vn/xay-dung-dang/",)
