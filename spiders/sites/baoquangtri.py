from spiders.families import notes
from spiders.families.ym import YmSpider


class BaoquangtriSite(YmSpider):
    """No listing URL has evidence: the crawl starts at the home page."""

    name = "baoquangtri"
    outlet = "Báo Quảng Trị"
    province = "Quảng Trị"
    kind = "newspaper"
    evidence = "family"  # same CMS as its family; public crawler config in sites.tsv
    home = "https://baoquangtri.vn/"
    article_pattern = r"/\d{6}/[^/]+-[0-9a-f]{5,}/?$|^/[a-z0-9-]+-\d+\.htm$"
    evidence_notes = notes(
        article_pattern=(
            "sites.tsv baoquangtri.vn (public crawler config) article_url_pattern "
            "'/{cat}/{YYYYMM}/{slug}-{hex7}/ (e.g. /suc-khoe/202603/...-d0f7a12/); older "
            "/{slug}-{id}.htm'"
        ),
    )
