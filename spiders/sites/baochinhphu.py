from crawler.core.provinces import NATIONAL
from spiders.families import notes
from spiders.families.vccorp import VccorpSpider

_LISTING = "corpus/baochinhphu.vn__listing.html"


class BaochinhphuSite(VccorpSpider):
    """More listing pages are built by script ('/timelinelist/{zone}/{n}.htm'); the listing has
    no pager link, so none is declared."""

    name = "baochinhphu"
    outlet = "Báo Điện tử Chính phủ"
    province = NATIONAL
    kind = "national-organ"
    evidence = "verified"  # sites.tsv: real listing, feed and article seen
    home = "https://baochinhphu.vn/"
    feeds = (
        "https://baochinhphu.vn/kinh-te.rss",
        "https://baochinhphu.vn/chinh-sach-va-cuoc-song/chinh-sach-moi.rss",
    )
    listings = ("https://baochinhphu.vn/chinh-sach-va-cuoc-song/chinh-sach-moi.htm",)
    evidence_notes = notes(
        feeds="sites.tsv baochinhphu.vn feeds '/rss, /kinh-te.rss (real feed seen: "
        f"corpus/baochinhphu.vn__feed.rss)'; the listing's <link rel=alternate> in {_LISTING}",
        listings="sites.tsv baochinhphu.vn listing_url_pattern '/{section}/{sub}.htm (e.g. "
        f"/chinh-sach-va-cuoc-song/chinh-sach-moi.htm)'; {_LISTING}",
    )
