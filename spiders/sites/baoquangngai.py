from spiders.families import notes
from spiders.families.generic import GenericSpider


class BaoquangngaiSite(GenericSpider):
    name = "baoquangngai"
    outlet = "Báo Quảng Ngãi"
    province = "Quảng Ngãi"
    kind = "newspaper"
    evidence = "unverified"  # no page seen; public crawler config in sites.tsv
    home = "https://baoquangngai.vn/"
    listings = ("https://baoquangngai.vn/chinh-tri",)
    article_pattern = r"/[a-z0-9-]+-\d+\.htm$"
    evidence_notes = notes(
        listings=(
            "sites.tsv baoquangngai.vn (public crawler config) listing_url_pattern "
            "'/chinh-tri, /thoi-su'"
        ),
        article_pattern=(
            "sites.tsv baoquangngai.vn (public crawler config) article_url_pattern "
            "'/{slug}-{id}.htm'"
        ),
    )
