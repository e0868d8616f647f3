from spiders.families import notes
from spiders.families.aid import AIdSpider


class BaobinhduongSite(AIdSpider):
    name = "baobinhduong"
    outlet = "Báo Bình Dương"
    province = "Hồ Chí Minh"
    former_province = "Bình Dương"
    kind = "newspaper"
    evidence = "family"  # same CMS as its family; public crawler config in sites.tsv
    home = "https://baobinhduong.vn/"
    listings = ("https://baobinhduong.vn/chinh-tri",)
    evidence_notes = notes(
        listings=(
            "sites.tsv baobinhduong.vn (public crawler config) listing_url_pattern "
            "'/chinh-tri, /kinh-te'"
        ),
    )
