"""EPI/mcms (nhandan.vn, baolaocai.vn, baogialai.com.vn, sggp.org.vn, …): article URLs end in
`-post<id>.html`; `div.article__body.zce-content-body` holds the text."""

from crawler.core.rules import SiteRules
from spiders.base import NewsSpider


class EpiSpider(NewsSpider):
    family = "epi-mcms"
    article_pattern = r"-post\d+\.html$"
    listing_links = "article.story h2.story__heading a, article.story h3.story__heading a"
    next_page = "a.btn-viewmore, .pagination a.next"
    rules = SiteRules(
        title="h1.article__title",
        sapo="div.article__sapo",
        body="div.article__body",
        date="div.article__meta time.time, time.time",
        author="div.article__author p.name",
        section="div.breadcrumb a.active, div.breadcrumb h2.main a",
        tags="div.article__tag a",
        drop=(
            ".notebox.cms-note .hidden",
            "div.article__author",
            "table.related, .box-related",
            "div.related-news",
            ".article__footer",
        ),
    )
