"""EPI/mcms (nhandan.vn, baolaocai.vn, baogialai.com.vn, sggp.org.vn, …): article URLs end in
`-post<id>.html`; `div.article__body.zce-content-body` holds the text. Selectors from the
nhandan.vn and baolaocai.vn rows of sites.tsv (real pages seen) and nhandan's real article in
../shared/corpus. No pager was seen on a real page: none is declared."""

from crawler.core.rules import SiteRules
from spiders.families import FamilySpider, notes

_CORPUS = "corpus/nhandan.vn__article.html"


class EpiSpider(FamilySpider):
    family = "epi-mcms"
    article_pattern = r"-post\d+\.html$"
    listing_links = "article.story h2.story__heading a"
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
            "div.related-news",
        ),
    )
    evidence_notes = notes(
        article_pattern="sites.tsv nhandan.vn, baolaocai.vn article_url_pattern "
        f"'/{{slug}}-post{{id}}.html' (real pages seen); {_CORPUS}",
        listing_links="sites.tsv nhandan.vn selectors_seen 'listing article.story "
        "h2.story__heading a.cms-link' (real page seen)",
        rules="sites.tsv nhandan.vn, baolaocai.vn selectors_seen 'h1.article__title; "
        "div.article__sapo; div.article__meta time.time; div.article__body; div.article__author "
        f"p.name'; {_CORPUS} (breadcrumb h2.main a.active, div.article__tag, notebox, "
        "div.related-news)",
    )
