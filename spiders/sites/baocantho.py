from spiders.families.aid import AIdSpider


class BaoCanTho(AIdSpider):
    name = "baocantho"
    outlet = "Báo Cần Thơ"
    province = "Cần Thơ"
    evidence = "verified"
    home = "https://baocantho.com.vn/"
    feeds = ("https://baocantho.com.vn/rss/cate/thoi-su/",)
    listings = ("https://baocantho.com.vn/thoi-su/",)
