from crawler.core.provinces import NATIONAL
from spiders.families import notes
from spiders.families.epi import EpiSpider

_ROW = "sites.tsv nhandan.vn (real page seen)"


class NhanDan(EpiSpider):
    name = "nhandan"
    outlet = "Báo Nhân Dân"
    province = NATIONAL
    kind = "national-organ"
    evidence = "verified"
    home = "https://nhandan.vn/"
    feeds = (
        "https://nhandan.vn/rss/tin-moi-nhat-1.rss",
        "https://nhandan.vn/rss/kinhte-1185.rss",
        "https://nhandan.vn/rss/xa-luan-1176.rss",
    )
    listings = ("https://nhandan.vn/tin-tuc-world-cup-2026/",)
    evidence_notes = notes(
        feeds=f"{_ROW} feeds 'real naming /rss/{{slug}}-{{id}}.rss: /rss/tin-moi-nhat-1.rss, "
        "/rss/kinhte-1185.rss, /rss/xa-luan-1176.rss'; corpus/nhandan.vn__feed.rss",
        listings=f"{_ROW} listing_url_pattern '/{{cat-slug}}/ (e.g. /tin-tuc-world-cup-2026/)'"
        "; the breadcrumb of corpus/nhandan.vn__article.html",
    )
