from spiders.families import notes
from spiders.families.epi import EpiSpider


class BaolaocaiSite(EpiSpider):
    name = "baolaocai"
    outlet = "Báo Lào Cai"
    province = "Lào Cai"
    kind = "newspaper"
    evidence = "verified"  # structure seen on a real page; real page seen in sites.tsv
    home = "https://baolaocai.vn/"
    sitemaps = ("https://baolaocai.vn/sitemap.xml",)
    listings = ("https://baolaocai.vn/chinh-tri/",)
    evidence_notes = notes(
        sitemaps=("sites.tsv baolaocai.vn (real page seen) feeds 'sitemap /sitemap.xml'"),
        listings=(
            "sites.tsv baolaocai.vn (real page seen) listing_url_pattern '/{cat}/ (e.g. "
            "/chinh-tri/, /kinh-te/)'"
        ),
    )
