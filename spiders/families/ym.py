"""The "/{cat}/{YYYYMM}/{slug}-{id}/" family (baoquangtri.vn, baotuyenquang.com.vn,
baothainguyen.vn, baokhanhhoa.vn, baodaklak.vn): a WordPress-like theme; listing links
`a.title2`/`a.title5`, sapo `div.desc`, text in `.td-post-content`, pagination `?paged=N` (no
pager link was seen, so none is declared)."""

from crawler.core.rules import SiteRules
from spiders.families import FamilySpider, notes


class YmSpider(FamilySpider):
    family = "ym"
    article_pattern = r"/\d{6}/[^/]+-[0-9a-f]{5,}/?$"
    listing_links = "a.title2, a.title5"
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
    evidence_notes = notes(
        article_pattern="sites.tsv baodaklak.vn article_url_pattern '/{cat}/{YYYYMM}/{slug}-"
        "{id}/ (e.g. /tin-noi-bat/202606/...-2887253/)', baokhanhhoa.vn '/{cat}/YYYYMM/{slug}-"
        "{7 hex}/' (public crawler configs)",
        listing_links="sites.tsv baothainguyen.vn selectors_seen 'a.title2', baodaklak.vn "
        "'a.title5' (public crawler configs)",
        rules="sites.tsv baothainguyen.vn selectors_seen 'sapo div.desc', baoquangtri.vn "
        "'body .td-post-content or #content' (public crawler configs); title, date, author, "
        "section, tags and drop selectors are modelled on the theme, not seen",
    )
