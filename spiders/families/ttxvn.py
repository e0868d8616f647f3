"""Báo Tin tức / TTXVN (ASP.NET): articles `/{cat}/{slug}-{17 digits}.htm`, visible date
`div.date span.txt` ("Thứ Năm, 16/07/2026 17:17"), text in `div.boxdetail div.contents`."""

from crawler.core.rules import SiteRules
from spiders.base import NewsSpider


class TtxvnSpider(NewsSpider):
    family = "ttxvn"
    article_pattern = r"-\d{17}\.htm$"
    listing_links = "div.listspecial ul li h3 a, div.list-news h3 a, h2.title a, h3.title a"
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
