"""Scrapy settings for partywire (`scrapy.cfg` points here)."""

import os

BOT_NAME = "partywire"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

USER_AGENT = "partywire/0.1 (+https://github.com/partywire/partywire; news aggregator)"
ROBOTSTXT_OBEY = True
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False

# Politeness: provincial portals are small servers.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2

ITEM_PIPELINES = {
    # extract -> dates -> normalize -> keys: the core's one stage list (crawler/core/stages.py)
    "pipelines.stages.StagesPipeline": 100,
    # a category, tag, search or video page that discovery took for an article is dropped here
    "pipelines.gate.ArticleGatePipeline": 200,
    "pipelines.dedup.DedupPipeline": 400,
    "pipelines.store.StorePipeline": 500,
}

# Where articles are stored: SQLite by default, PostgreSQL with a postgresql+psycopg:// URL.
PARTYWIRE_DB = os.environ.get("PARTYWIRE_DB", "sqlite:///var/partywire.db")

# Share the syndication index between crawler processes (they share one PostgreSQL store).
PARTYWIRE_REDIS = os.environ.get("PARTYWIRE_REDIS", "")

# Replay: a WARC file or a folder of them (os.pathsep-separated for several). When set, Scrapy's
# HTTP cache answers every request from it and a page not recorded is never fetched; record: a
# WARC file that every live response is appended to. The add-on turns the cache on for either
# (crawler/replay.py), whether the setting comes from here, `-s` or `partywire crawl --replay`.
PARTYWIRE_REPLAY = os.environ.get("PARTYWIRE_REPLAY", "")
PARTYWIRE_RECORD = ""
ADDONS = {"crawler.replay.ReplayAddon": 0}

# Incremental crawling (crawler/incremental.py): a stored article is not downloaded again, except
# one younger than the refresh window (seconds), at most PARTYWIRE_MAX_REFRESHES more times, with
# a conditional request; feeds, sitemaps and listings are asked for with the validators they
# sent last. False (`partywire crawl --full`) fetches every page. The middleware runs before
# Scrapy's HttpCacheMiddleware (900), so a replay answers the conditional requests.
PARTYWIRE_INCREMENTAL = True
PARTYWIRE_REFRESH_WINDOW = 86400
PARTYWIRE_MAX_REFRESHES = 3
DOWNLOADER_MIDDLEWARES = {"crawler.incremental.IncrementalMiddleware": 850}

# Feeds
PARTYWIRE_OUTPUT = os.environ.get("PARTYWIRE_OUTPUT", "output/public")
PARTYWIRE_BASE_URL = os.environ.get("PARTYWIRE_BASE_URL", "http://localhost:8000/")
PARTYWIRE_FEED_SIZE = 200

LOG_LEVEL = os.environ.get("PARTYWIRE_LOG_LEVEL", "INFO")
# a dropped item (a category page, a duplicate, a page refused as worse than the stored article)
# is counted in the run's figures and its site's state; the log keeps it at INFO, without the
# whole item Scrapy would print at WARNING
DEFAULT_DROPITEM_LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
