from crawler.core.provinces import NATIONAL
from spiders.families import notes
from spiders.families.generic import GenericSpider

_ROW = "sites.tsv qdnd.vn (public crawler config)"


class QdndSite(GenericSpider):
    """The tsv's selectors come from other projects' configs ('no page seen'): extraction stays
    on the generic path until a page confirms them."""

    name = "qdnd"
    outlet = "Báo Quân đội nhân dân"
    province = NATIONAL
    kind = "national-organ"
    evidence = "unverified"  # URL forms and feeds from public code; no page seen
    home = "https://www.qdnd.vn/"
    feeds = (
        "https://www.qdnd.vn/rss/home.rss",
        "https://www.qdnd.vn/rss/cate/tin-tuc-moi-nhat.rss",
    )
    listings = ("https://www.qdnd.vn/chinh-tri", "https://www.qdnd.vn/quoc-phong-an-ninh")
    article_pattern = r"/[a-z0-9-]+-\d{6,}$"  # slug ending in a numeric id
    evidence_notes = notes(
        article_pattern=f"{_ROW} article_url_pattern 'slug ending in numeric id, e.g. ...-1020977'",
        feeds=f"{_ROW} feeds '/rss/home.rss, /rss/cate/tin-tuc-moi-nhat.rss (seen in public code)'",
        listings=f"{_ROW} listing_url_pattern '/chinh-tri, /quoc-phong-an-ninh'",
    )
