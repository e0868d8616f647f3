from spiders.families.nukeviet import NukeVietSpider


class KiengiangDcsSite(NukeVietSpider):
    name = "kiengiang_dcs"
    outlet = "Cổng TTĐT Đảng bộ tỉnh Kiên Giang"
    province = "An Giang"
    kind = "party-portal"
    former_province = "Kiên Giang"
    evidence = "family"  # verified: structure seen on a real page; family: same CMS
    home = "https://tonghop.kiengiang.dcs.vn/"
    feeds = ()
    listings = ("https://tonghop.kiengiang.dcs.vn/news/xay-dung-dang/",)
