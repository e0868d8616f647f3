"""Sites whose CMS has not been seen on a real page: discovery by feed, sitemap or listing
links matching the article URL pattern; extraction entirely on the generic path (JSON-LD,
OpenGraph/meta, trafilatura, then Vietnamese cleaning)."""

from crawler.core.rules import SiteRules
from spiders.base import NewsSpider


class GenericSpider(NewsSpider):
    family = "generic"
    rules = SiteRules()
