from spiders.families import notes
from spiders.families.generic import GenericSpider


class BaocaobangSite(GenericSpider):
    name = "baocaobang"
    outlet = "Báo Cao Bằng"
    province = "Cao Bằng"
    kind = "newspaper"
    evidence = "unverified"  # no page seen; public crawler config in sites.tsv
    home = "https://baocaobang.vn/"
    listings = ("https://baocaobang.vn/chinh-tri",)
    article_pattern = r"/[a-z0-9-]+-\d+\.html$"
    evidence_notes = notes(
        listings=(
            "sites.tsv baocaobang.vn (public crawler config) listing_url_pattern '/Thoi-"
            "su, /chinh-tri'"
        ),
        article_pattern=(
            "sites.tsv baocaobang.vn (public crawler config) article_url_pattern "
            "'/{slug}-{id}.html'"
        ),
    )
