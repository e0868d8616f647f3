from crawler.core.provinces import NATIONAL
from spiders.families.dcs import DcsSpider


class DangcongsanSite(DcsSpider):
    """No listing or feed has evidence (sites.tsv: a search page, and a feed 'claimed in a PHP
    test script, unverified'): the crawl starts at the home page."""

    name = "dangcongsan"
    outlet = "Báo điện tử Đảng Cộng sản Việt Nam"
    province = NATIONAL
    kind = "national-organ"
    evidence = "unverified"  # stored page text and public code, no page seen
    home = "https://dangcongsan.vn/"
