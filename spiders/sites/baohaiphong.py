from spiders.families import notes
from spiders.families.generic import GenericSpider


class BaohaiphongSite(GenericSpider):
    name = "baohaiphong"
    outlet = "Báo Hải Phòng"
    province = "Hải Phòng"
    kind = "newspaper"
    evidence = "unverified"  # no page seen; public crawler config in sites.tsv
    home = "https://baohaiphong.vn/"
    listings = ("https://baohaiphong.vn/chinh-tri",)
    article_pattern = r"/[a-z0-9-]+-\d+\.html$"
    evidence_notes = notes(
        listings=(
            "sites.tsv baohaiphong.vn (public crawler config) listing_url_pattern "
            "'/chinh-tri, /kinh-te'"
        ),
        article_pattern=(
            "sites.tsv baohaiphong.vn (public crawler config) article_url_pattern "
            "'/{slug}-{id}.html'"
        ),
    )
