from spiders.families.aid import AIdSpider


class TravinhBaovinhlongSite(AIdSpider):
    name = "travinh_baovinhlong"
    outlet = "Báo Trà Vinh (Báo Vĩnh Long)"
    province = "Vĩnh Long"
    kind = "newspaper"
    former_province = "Trà Vinh"
    evidence = "family"  # verified: structure seen on a real page; family: same CMS
    home = "https://travinh.baovinhlong.vn/"
    feeds = ()
    listings = ("https://travinh.baovinhlong.vn/chinh-tri/",)
