from spiders.families.nukeviet import NukeVietSpider


class TinhuybinhphuocSite(NukeVietSpider):
    """No listing URL has evidence: the crawl starts at the home page."""

    name = "tinhuybinhphuoc"
    outlet = "Cổng TTĐT Tỉnh ủy Bình Phước"
    province = "Đồng Nai"
    former_province = "Bình Phước"
    kind = "party-portal"
    evidence = "family"  # same CMS as its family; stored page text in sites.tsv
    home = "https://tinhuybinhphuoc.vn/"
