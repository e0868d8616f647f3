"""Provincial Party committee portals on NukeViet (thainguyen.dcs.vn, tayninh.dcs.vn,
kiengiang.dcs.vn, tinhuybinhphuoc.vn), modelled on the news module's published templates:
`#news_detail h1`, `span.time` (publtime), `#hometext`, `div.bodytext`, author and source lines
right-aligned under the text, `ul.related` lists ("Tin liên quan", "Các tin khác")."""

from crawler.core.rules import SiteRules
from spiders.families import FamilySpider, notes


class NukeVietSpider(FamilySpider):
    family = "nukeviet"
    kind = "party-portal"
    article_pattern = r"/news/[^/]+/[^/]+-\d+\.html$"
    listing_links = "div.news_column h3 a, div.news_column h2 a, ul.list-news li a.title"
    next_page = "ul.pagination li a[rel=next], .generate_page a[title='Trang sau']"
    rules = SiteRules(
        title="#news_detail h1, h1.title",
        sapo="#hometext, div.hometext",
        body="div.bodytext, #news-bodyhtml",
        date="#news_detail span.time, span.h5",
        author="p.author, #news_detail p.text-right strong",
        tags="div.keywords a",
        drop=("div.keywords", "ul.related", "#idcomment", "form", "div.control", "#imghome"),
    )
    evidence_notes = notes(
        article_pattern="NukeViet news-module templates (public code); sites.tsv "
        "tinhuybinhphuoc.vn listing_url_pattern '/news/tag/{tag}/page-8' puts the module at "
        "/news/; no article URL of these portals was seen",
        listing_links="NukeViet news-module templates (public code); not seen on these portals",
        next_page="NukeViet news-module templates (public code); not seen on these portals",
        rules="NukeViet news-module templates (public code); sites.tsv cms_family 'NukeViet "
        "(/uploads/...)' for thainguyen.dcs.vn, tayninh.dcs.vn, kiengiang.dcs.vn, "
        "tinhuybinhphuoc.vn (public code mention, stored page text); not seen on a page",
    )
