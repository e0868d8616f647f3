from spiders.families.epi import EpiSpider


class BaogialaiSite(EpiSpider):
    name = "baogialai"
    outlet = "Báo Gia Lai"
    province = "Gia Lai"
    kind = "newspaper"
    evidence = "family"  # verified: structure seen on a real page; family: same CMS
    home = "https://baogialai.com.vn/"
    feeds = ()
    listings = ("https://baogialai.com.vn/chinh-tri/",)
