"""The VCCorp-style CMS (baochinhphu.vn): `h1.detail-title`, `h2.detail-sapo`, text in
`div.detail-content.afcbc-body`, `data-role` attributes, an inline `RelatedNewsBox`. The article
selectors are the cells of the baochinhphu.vn row of sites.tsv (a real article seen, held out);
the listing selector and the URL form are read in the real listing and feed in
../shared/corpus. Other outlets of the platform share these classes, but no other registered site
is known to be one of them (sites.tsv names them for baochinhphu only)."""

from crawler.core.rules import SiteRules
from spiders.families import FamilySpider, notes

_ROW = "sites.tsv baochinhphu.vn (real page seen)"


class VccorpSpider(FamilySpider):
    family = "vccorp"
    # the tsv writes '{18-digit id}', but 4 of the 34 ids on the real listing have 17 digits
    article_pattern = r"-\d{17,18}\.htm$"
    # exactly the 34 title links of the real listing (the image links go to the same URLs)
    listing_links = 'a[data-linktype="newsdetail"]'
    # feed pubDate '9/14/2026 6:44:00 PM' is 14 September: month first, 12-hour clock
    date_order = "MDY"
    rules = SiteRules(
        title="h1.detail-title",
        sapo="h2.detail-sapo",
        body="div.detail-content.afcbc-body",
        date="[data-role=publishdate]",
        drop=("div[type=RelatedNewsBox]",),
    )
    evidence_notes = notes(
        article_pattern=f"{_ROW} article_url_pattern '/{{slug}}-{{18-digit id}}.htm'; "
        "corpus/baochinhphu.vn__listing.html (17- and 18-digit ids) and "
        "corpus/baochinhphu.vn__feed.rss",
        listing_links="corpus/baochinhphu.vn__listing.html: a[data-linktype=newsdetail] are "
        "its 34 article title links and nothing else",
        date_order=f"{_ROW} date_format_seen: feed pubDate '9/14/2026 6:44:00 PM' = 14 "
        "September (MONTH FIRST); corpus/baochinhphu.vn__feed.rss",
        rules=f"{_ROW} selectors_seen: h1.detail-title, h2.detail-sapo, "
        "div.detail-content.afcbc-body, div[type=RelatedNewsBox]; date_format_seen: "
        "div[data-role=publishdate]",
    )
