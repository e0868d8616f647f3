"""dangcongsan.vn and the portals of its platform (tphcm.dangcongsan.vn). No raw HTML of the
site was seen: sites.tsv keeps only stored page text and public code. So the family declares
what those show — three article URL forms and the byline class — and leaves every other field
to the generic path (JSON-LD, meta, trafilatura)."""

from crawler.core.rules import SiteRules
from spiders.families import FamilySpider, notes

_ROW = "sites.tsv dangcongsan.vn (stored page text; public code)"


class DcsSpider(FamilySpider):
    family = "dangcongsan"
    # current /{cat-slug}/{slug}.html?categoryId={n} (no id in the path), older
    # /{cat-slug}/{slug}-{6-digit id}.html, legacy /cpv/Modules/News/NewsDetail.aspx?co_id=…
    # &cn_id=…, where one script serves every article, so the path alone names none: only the
    # `cn_id` does, after other parameters in the tsv's URL. Naming the query (`\?`) makes the
    # pattern see it on every link (`pattern_subject`), so the `.html` forms end at `$` or at
    # their `?categoryId=`
    article_pattern = (
        r"^/[a-z0-9-]+/[a-z0-9-]+\.html(?:\?|$)"
        r"|^/cpv/Modules/News/NewsDetail\.aspx\?(?:.*&)?cn_id=\d+(?:&|$)"
    )
    rules = SiteRules(author=".author")
    evidence_notes = notes(
        article_pattern=f"{_ROW} article_url_pattern: current '/{{cat-slug}}/{{slug}}.html"
        "?categoryId={n}', older '/{cat-slug}/{slug}-{6-digit id}.html', legacy "
        "'/cpv/Modules/News/NewsDetail.aspx?co_id=10005&cn_id=584743'",
        rules=f"{_ROW} selectors_seen 'byline in .author and meta DC.Creator (public "
        "translator code)'",
    )
