from spiders.families.nukeviet import NukeVietSpider


class TayninhDcsSite(NukeVietSpider):
    name = "tayninh_dcs"
    outlet = "Cổng TTĐT Đảng bộ tỉnh Tây Ninh"
    province = "Tây Ninh"
    kind = "party-portal"
    evidence = "family"  # verified: structure seen on a real page; family: same CMS
    home = "https://tayninh.dcs.vn/"
    feeds = ()
    listings = ("https://tayninh.dcs.vn/news/xay-dung-dang/",)
