"""Báo Tin tức / TTXVN (ASP.NET): articles `/{cat}/{slug}-{17 digits}.htm`, visible date
`div.date span.txt` ("Thứ Năm, 16/07/2026 17:17"), text in `div.boxdetail div.contents`."""

from crawler.core.rules import SiteRules
from spiders.families import FamilySpider, notes


class TtxvnSpider(FamilySpider):
    family = "ttxvn"
    article_pattern = r"-\d{17}\.htm$"
    listing_links = "div.listspecial ul li h3 a"
    next_page = "a.next, .pager a[title='Tiếp']"
    rules = SiteRules(
        title="h1.detail-title",
        sapo="h2.sapo",
        body="div.boxdetail div.contents",
        date="div.date span.txt, div.date",
        author="div.author",
        section="div.breadcrumb a.active, ul.breadcrumb li:last-child a",
        tags="div.keyword a",
        drop=(
            "div.relatednews",
            "div.listrelated",
            "div.tinlienquan",
            "ul.listnews",
            ".boxrelate",
            "div.keyword",
            "div.sharebox",
        ),
    )
    evidence_notes = notes(
        article_pattern="sites.tsv baotintuc.vn article_url_pattern '/{cat-slug}/{slug}-{17 "
        "digits yyyymmddHHMMSSmmm}.htm' (real page seen)",
        listing_links="sites.tsv baotintuc.vn selectors_seen 'listing div.listspecial ul li "
        "h3 a (nvvu99 spider)'",
        next_page="sites.tsv baotintuc.vn listing_url_pattern \"pager link text 'Tiếp'\" "
        "(the title attribute and a.next are modelled, not seen)",
        rules="sites.tsv baotintuc.vn selectors_seen 'h1.detail-title; h2.sapo; div.boxdetail "
        "div.contents; div.author', date_format_seen 'div.action-link div.date span.txt' (real "
        "page seen); breadcrumb, keyword and related-box selectors are modelled, not seen",
    )
