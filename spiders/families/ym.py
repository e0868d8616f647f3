"""The "/{cat}/{YYYYMM}/{slug}-{id}/" family (baoquangtri.vn, baotuyenquang.com.vn,
baothainguyen.vn, baokhanhhoa.vn, baodaklak.vn): a WordPress-like theme; listing links
`a.title2`/`a.title5`, sapo `div.desc`, text in `.td-post-content`, pagination `?paged=N`."""

from crawler.core.rules import SiteRules
from spiders.base import NewsSpider


class YmSpider(NewsSpider):
    family = "ym"
    article_pattern = r"/\d{6}/[^/]+-[0-9a-f]{5,}/?$"
    listing_links = "a.title2, a.title5, h3.title a"
    next_page = "a.next.page-numbers, .pagination a.next"
    rules = SiteRules(
        title="h1.entry-title, h1.title",
        sapo="div.desc, div.sapo",
        body="div.td-post-content, div#content div.entry-content",
        date="span.post-date, time.entry-date",
        author="div.post-author, p.author",
        section="div.breadcrumbs a:last-child",
        tags="div.post-tags a",
        drop=("div.related-posts", "div.post-tags", "div.share-box", "div.other-news"),
    )
