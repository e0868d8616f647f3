from spiders.families import notes
from spiders.families.generic import GenericSpider


class BaodanangSite(GenericSpider):
    name = "baodanang"
    outlet = "Báo Đà Nẵng"
    province = "Đà Nẵng"
    kind = "newspaper"
    evidence = "unverified"  # no page seen; public crawler config in sites.tsv
    home = "https://baodanang.vn/"
    listings = ("https://baodanang.vn/chinh-tri",)
    article_pattern = r"/[a-z0-9-]+-\d+\.html$"
    evidence_notes = notes(
        listings=(
            "sites.tsv baodanang.vn (public crawler config) listing_url_pattern '/chinh-"
            "tri, /xa-hoi'"
        ),
        article_pattern=(
            "sites.tsv baodanang.vn (public crawler config) article_url_pattern '/{slug}-{id}.html'"
        ),
    )
