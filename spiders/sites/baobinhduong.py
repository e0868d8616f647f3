from spiders.families.aid import AIdSpider


class BaobinhduongSite(AIdSpider):
    name = "baobinhduong"
    outlet = "Báo Bình Dương"
    province = "Hồ Chí Minh"
    kind = "newspaper"
    former_province = "Bình Dương"
    evidence = "family"  # verified: structure seen on a real page; family: same CMS
    home = "https://baobinhduong.vn/"
    feeds = ()
    listings = ("https://baobinhduong.vn/chinh-tri/",)
