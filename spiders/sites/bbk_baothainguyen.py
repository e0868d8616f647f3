from spiders.families.epi import EpiSpider


class BbkBaothainguyenSite(EpiSpider):
    name = "bbk_baothainguyen"
    outlet = "Báo Bắc Kạn (Báo Thái Nguyên)"
    province = "Thái Nguyên"
    kind = "newspaper"
    former_province = "Bắc Kạn"
    evidence = "family"  # verified: structure seen on a real page; family: same CMS
    home = "https://bbk.baothainguyen.vn/"
    feeds = ()
    listings = ("https://bbk.baothainguyen.vn/chinh-tri/",)
