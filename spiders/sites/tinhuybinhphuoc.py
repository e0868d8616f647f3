from spiders.families.nukeviet import NukeVietSpider


class TinhuybinhphuocSite(NukeVietSpider):
    name = "tinhuybinhphuoc"
    outlet = "Cổng TTĐT Tỉnh ủy Bình Phước"
    province = "Đồng Nai"
    kind = "party-portal"
    former_province = "Bình Phước"
    evidence = "family"  # verified: structure seen on a real page; family: same CMS
    home = "https://tinhuybinhphuoc.vn/"
    feeds = ()
    listings = ("https://tinhuybinhphuoc.vn/news/xay-dung-dang/",)
