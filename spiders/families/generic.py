"""Sites whose CMS has not been seen on a real page: discovery by feed, sitemap or listing
links (the structural detector where no URL pattern has evidence); extraction entirely on the
generic path (JSON-LD, OpenGraph/meta, trafilatura, then Vietnamese cleaning)."""

from crawler.core.rules import SiteRules
from spiders.families import FamilySpider


class GenericSpider(FamilySpider):
    family = "generic"
    rules = SiteRules()
