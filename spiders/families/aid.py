"""The "-a<id>.html" family (baocantho.com.vn, baobinhduong.vn, baodongthap.vn, …): visible date
`span.pubdate` ("08/01/2026 - 18:21"), text in `div#newscontents div.content-fck`, category
feeds at `/rss/cate/<cat>/`."""

from crawler.core.rules import SiteRules
from spiders.base import NewsSpider


class AIdSpider(NewsSpider):
    family = "a-id"
    article_pattern = r"-a\d+\.html$"
    listing_links = "li.news-img-left a.b-title, .listnews a.b-title, h3 a.b-title"
    next_page = "div.paging a.next, a.next-page"
    rules = SiteRules(
        title="h1.fw700, h1.title-detail",
        body="div#newscontents div.content-fck, div#newscontents",
        date="span.pubdate",
        section="div.titlecate h1 span a, div.titlecate h1 a",
        tags="div.block_tag a.tag_item",
        drop=("div.block_tag", "div#linkshare", "div.tinlienquan", "div.AMN_res", "[class^=AMN]"),
    )
