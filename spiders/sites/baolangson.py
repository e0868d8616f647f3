from spiders.families import notes
from spiders.families.generic import GenericSpider


class BaolangsonSite(GenericSpider):
    name = "baolangson"
    outlet = "Báo Lạng Sơn"
    province = "Lạng Sơn"
    kind = "newspaper"
    evidence = "unverified"  # no page seen; public crawler config in sites.tsv
    home = "https://baolangson.vn/"
    listings = ("https://baolangson.vn/chinh-tri",)
    article_pattern = r"/[a-z0-9-]+-\d+\.html$"
    evidence_notes = notes(
        listings=(
            "sites.tsv baolangson.vn (public crawler config) listing_url_pattern '/chinh-"
            "tri, /kinh-te'"
        ),
        article_pattern=(
            "sites.tsv baolangson.vn (public crawler config) article_url_pattern "
            "'/{slug}-{id}.html'"
        ),
    )
