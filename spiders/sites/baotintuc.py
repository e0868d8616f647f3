from crawler.core.provinces import NATIONAL
from spiders.families import notes
from spiders.families.ttxvn import TtxvnSpider


class BaoTinTuc(TtxvnSpider):
    name = "baotintuc"
    outlet = "Báo Tin tức (TTXVN)"
    province = NATIONAL
    kind = "news-agency"
    evidence = "verified"  # structure seen on a real page; real page seen in sites.tsv
    home = "https://baotintuc.vn/"
    listings = ("https://baotintuc.vn/xay-dung-dang-1623ct472.htm",)
    evidence_notes = notes(
        listings=(
            "sites.tsv baotintuc.vn (real page seen) listing_url_pattern "
            "'/{slug}-{catid}ct{parentid}.htm (e.g. /thoi-su-472ct0.htm, /xay-dung-"
            "dang-1623ct472.htm)'"
        ),
    )
