from spiders.families.aid import AIdSpider


class DongkhoiBaovinhlongSite(AIdSpider):
    name = "dongkhoi_baovinhlong"
    outlet = "Báo Đồng Khởi (Báo Vĩnh Long)"
    province = "Vĩnh Long"
    kind = "newspaper"
    former_province = "Bến Tre"
    evidence = "family"  # verified: structure seen on a real page; family: same CMS
    home = "https://dongkhoi.baovinhlong.vn/"
    feeds = ()
    listings = ("https://dongkhoi.baovinhlong.vn/chinh-tri/",)
