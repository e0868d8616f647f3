from spiders.families import notes
from spiders.families.aid import AIdSpider


class BaoCanTho(AIdSpider):
    name = "baocantho"
    outlet = "Báo Cần Thơ"
    province = "Cần Thơ"
    evidence = "verified"  # structure seen on a real page; real page seen in sites.tsv
    home = "https://baocantho.com.vn/"
    feeds = ("https://baocantho.com.vn/rss/cate/thoi-su/",)
    listings = ("https://baocantho.com.vn/thoi-su/",)
    evidence_notes = notes(
        feeds=(
            "sites.tsv baocantho.com.vn (real page seen) feeds '/rss/cate/{cat}/ (linked "
            "from listing page)'; the feed link in corpus/baocantho.com.vn__listing.html"
        ),
        listings=(
            "sites.tsv baocantho.com.vn (real page seen) listing_url_pattern '/{cat}/ and"
            " /{cat}/{sub}/'; corpus/baocantho.com.vn__listing.html is /thoi-su/"
        ),
    )
