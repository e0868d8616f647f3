"""The "-a<id>.html" family (baocantho.com.vn, baobinhduong.vn, baodongthap.vn, …): visible date
`span.pubdate` ("08/01/2026 - 18:21"), text in `div#newscontents div.content-fck`, category
feeds at `/rss/cate/<cat>/`. The selectors are read in baocantho's real article and listing
(../shared/corpus); its pager (`div#page`, `?p=N`) names no "next" link, so none is declared."""

from crawler.core.rules import SiteRules
from spiders.families import FamilySpider, notes

_CORPUS = "corpus/baocantho.com.vn__article.html"


class AIdSpider(FamilySpider):
    family = "a-id"
    article_pattern = r"-a\d+\.html$"
    # the listing's "TIN MỚI NHẤT" list, its lead and its three featured stories
    listing_links = (
        "li.news-img-left a.b-title, #topcate h2.h2cate a, #topcate div.top3 a.b-content"
    )
    rules = SiteRules(
        title="h1.fw700",
        body="div#newscontents div.content-fck, div#newscontents",
        date="span.pubdate",
        section="div.titlecate h1 span a, div.titlecate h1 a",
        tags="div.block_tag a.tag_item",
        drop=("div.block_tag", "div#linkshare", "div.tinlienquan", "div.AMN_res", "[class^=AMN]"),
    )
    evidence_notes = notes(
        article_pattern="sites.tsv baocantho.com.vn article_url_pattern '/{slug}-a{id}.html' "
        f"(real page seen); {_CORPUS}",
        listing_links="sites.tsv baocantho.com.vn selectors_seen 'listing li.news-img-left "
        "a.b-title'; corpus/baocantho.com.vn__listing.html (#topcate lead and top3)",
        rules="sites.tsv baocantho.com.vn selectors_seen 'h1.margintopbot10.fw700; "
        f"div#newscontents div.content-fck', date_format_seen 'span.pubdate'; {_CORPUS} "
        "(div.titlecate, div.block_tag, div#linkshare, div.tinlienquan, AMN boxes)",
    )
