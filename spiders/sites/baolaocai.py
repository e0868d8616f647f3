from spiders.families.epi import EpiSpider


class BaolaocaiSite(EpiSpider):
    name = "baolaocai"
    outlet = "Báo Lào Cai"
    province = "Lào Cai"
    kind = "newspaper"
    evidence = "verified"  # verified: structure seen on a real page; family: same CMS
    home = "https://baolaocai.vn/"
    feeds = ()
    sitemaps = ("https://baolaocai.vn/sitemap.xml",)
    listings = ("https://baolaocai.vn/chinh-tri/",)
