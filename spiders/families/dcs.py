"""dangcongsan.vn and its provincial sub-portals (tphcm.dangcongsan.vn): articles
`/{cat-slug}/{slug}-{6 digit id}.html`, date line '09:59 | 31/05/2013'. No raw HTML of the
current site was available; the selectors are the platform's as modelled, and every field falls
back to the generic path (JSON-LD, meta, trafilatura) when they miss."""

from crawler.core.rules import SiteRules
from spiders.base import NewsSpider


class DcsSpider(NewsSpider):
    family = "dangcongsan"
    article_pattern = r"/[a-z0-9-]+/[a-z0-9-]+-\d{6}\.html$"
    listing_links = "div.list-news h3 a, div.news-item h2 a"
    next_page = "div.paging a.next"
    rules = SiteRules(
        title="h1.detail-title, h1.title-news",
        sapo="div.detail-sapo, h2.sapo",
        body="div.detail-content, div.post-content",
        date="div.detail-time, span.date-time",
        author="div.detail-author",
        drop=("div.related-news", "div.detail-tags", "div.box-share"),
    )
