from crawler.core.provinces import NATIONAL
from spiders.families.generic import GenericSpider


class QdndSite(GenericSpider):
    name = "qdnd"
    outlet = "Báo Quân đội nhân dân"
    province = NATIONAL
    kind = "national-organ"
    evidence = "unverified"  # verified: structure seen on a real page; family: same CMS
    home = "https://www.qdnd.vn/"
    feeds = ()
    article_pattern = r"/[a-z0-9-]+-\d{6,}$"  # slug ending in a numeric id
    listings = ("https://www.qdnd.vn/chinh-tri/",)
