from spiders.families import notes
from spiders.families.ym import YmSpider


class BaotuyenquangSite(YmSpider):
    name = "baotuyenquang"
    outlet = "Báo Tuyên Quang"
    province = "Tuyên Quang"
    kind = "newspaper"
    evidence = "family"  # same CMS as its family; public crawler config in sites.tsv
    home = "https://baotuyenquang.com.vn/"
    listings = ("https://baotuyenquang.com.vn/thoi-su-chinh-tri/tin-tuc/",)
    evidence_notes = notes(
        listings=(
            "sites.tsv baotuyenquang.com.vn (public crawler config) listing_url_pattern "
            "'multi-level /thoi-su-chinh-tri/tin-tuc/'"
        ),
    )
