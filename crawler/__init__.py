"""partywire: crawl Vietnamese Party news sites and publish clean RSS feeds."""

__version__ = "0.1.0"
