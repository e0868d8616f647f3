from crawler.core.provinces import NATIONAL
from spiders.families import notes
from spiders.families.generic import GenericSpider


class XaydungdangSite(GenericSpider):
    """No listing, feed or selector has evidence: the crawl starts at the home page."""

    name = "xaydungdang"
    outlet = "Tạp chí Xây dựng Đảng"
    province = NATIONAL
    kind = "national-organ"
    evidence = "unverified"  # an URL form from public code; no page seen
    home = "https://www.xaydungdang.org.vn/"
    # whether a trailing slash occurs is not known
    article_pattern = r"^/[a-z0-9-]+/[a-z0-9-]+-\d+/?$"
    evidence_notes = notes(
        article_pattern="sites.tsv xaydungdang.org.vn (public code mention) "
        "article_url_pattern 'slug ending in -{numeric id}, no .html extension (e.g. "
        "/<section>/<slug>-16364)'",
    )
