from spiders.families.aid import AIdSpider


class BaocamauSite(AIdSpider):
    """sites.tsv: '"-a<id>.html" family (same as baocantho)', article URLs '/{slug}-a{id}.html'
    (public crawler config). No listing or sitemap URL is named: the crawl starts at the home
    page."""

    name = "baocamau"
    outlet = "Báo Cà Mau"
    province = "Cà Mau"
    kind = "newspaper"
    evidence = "family"  # the URL form of the a-id family, from a public crawler config
    home = "https://baocamau.vn/"
