from spiders.families import notes
from spiders.families.epi import EpiSpider


class SggpSite(EpiSpider):
    name = "sggp"
    outlet = "Báo Sài Gòn Giải Phóng"
    province = "Hồ Chí Minh"
    kind = "newspaper"
    evidence = "family"  # same CMS as its family; public crawler config in sites.tsv
    home = "https://www.sggp.org.vn/"
    feeds = ("https://www.sggp.org.vn/rss/kinh-te-89.rss",)
    listings = ("https://www.sggp.org.vn/kinh-te/",)
    evidence_notes = notes(
        feeds=(
            "sites.tsv sggp.org.vn (public crawler config) feeds '/rss/kinh-te-89.rss, "
            "/rss/xahoi-199.rss (real feed seen: corpus/sggp.org.vn__feed.rss ...)'"
        ),
        listings=(
            "sites.tsv sggp.org.vn (public crawler config) listing_url_pattern "
            "'/{slug}/'; the channel <link> of corpus/sggp.org.vn__feed.rss"
        ),
    )
