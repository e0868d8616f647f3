"""The site registry: every spider under `spiders/` that declares an outlet is a site."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader

from spiders.base import NewsSpider


@lru_cache(maxsize=1)
def registry() -> dict[str, type[NewsSpider]]:
    loader = SpiderLoader.from_settings(Settings({"SPIDER_MODULES": ["spiders"]}))
    out: dict[str, type[NewsSpider]] = {}
    for name in loader.list():
        cls = loader.load(name)
        if issubclass(cls, NewsSpider) and cls.outlet:
            cls.validate()
            out[name] = cls
    return dict(sorted(out.items()))


def get_site(name: str) -> type[NewsSpider] | None:
    return registry().get(name)


def site_for_url(url: str) -> type[NewsSpider] | None:
    """The site whose domain is the longest suffix of the URL's host."""
    host = (urlsplit(url).hostname or "").lower()
    best: tuple[int, type[NewsSpider]] | None = None
    for cls in registry().values():
        for d in cls.allowed_domain_list():
            d = d.lower()
            if host == d or host.endswith("." + d) or host == "www." + d or d == "www." + host:
                if best is None or len(d) > best[0]:
                    best = (len(d), cls)
    return best[1] if best else None
