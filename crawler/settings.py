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
# An article page yields one item, and a feed or listing yields requests, not items: Scrapy's
# default of 100 items in flight per response only costs tasks (issue 14 measured -14 % CPU and
# -195 MB with 1 on 3,000 replayed articles).
CONCURRENT_ITEMS = 1
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2

# Politeness faults (crawler/politeness.py): a robots.txt answered 5xx or not at all (timeout)
# keeps the crawl off its host this run, "robots.txt unavailable" (RFC 9309: assume disallow;
# 4xx means no rules); a 429 or 503 with Retry-After holds every request to its host for that
# long, when at most PARTYWIRE_MAX_RETRY_AFTER seconds; a longer wait gives the host up this
# run (its requests answered with that response, without asking), and its site backs off.
PARTYWIRE_MAX_RETRY_AFTER = 120

# TLS: certificates and host names are checked against the system's CA store (SSL_CERT_FILE
# and SSL_CERT_DIR are honoured). A portal with a broken chain declares `tls_verify = False`
# with its `tls_reason` in its site file, which turns this off for its crawler only.
DOWNLOAD_VERIFY_CERTIFICATES = True

# Size: an article page of several MB is already an anomaly. No download (feeds, sitemaps,
# listings, pages) may exceed DOWNLOAD_MAXSIZE, on the wire or once decompressed (Scrapy's
# HttpCompressionMiddleware and the spider's sitemap gunzip stop at it), so a gzip bomb or an
# endless page costs a few MB, never the process; an article page over
# PARTYWIRE_MAX_ARTICLE_BYTES is not extracted. Each refusal counts as `error/size`.
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
PARTYWIRE_MAX_ARTICLE_BYTES = 4 * 1024 * 1024

# Budgets, per site and run (each site is its own crawler): a deadline (seconds) and a number
# of pages, after which the site's crawl is closed with what it has (its requests still
# queued are dropped; one in flight ends within DOWNLOAD_TIMEOUT) and its run says so ("over
# its 10-minute budget: 812 of 10,000 article links fetched"); the article links taken from
# one listing, feed or sitemap, and the sitemaps read in all (besides `max_sitemap_depth`
# and `max_pages` per index), beyond which links are counted, not followed. The whole crawl
# of every site has its own deadline (PARTYWIRE_DEADLINE seconds from its start, the runner
# sets PARTYWIRE_DEADLINE_AT): a site still running then is closed the same way.
CLOSESPIDER_TIMEOUT = 600
CLOSESPIDER_PAGECOUNT = 2000
PARTYWIRE_MAX_LINKS = 200
PARTYWIRE_MAX_SITEMAPS = 50
PARTYWIRE_DEADLINE = 900
EXTENSIONS = {
    "scrapy.extensions.closespider.CloseSpider": None,
    "crawler.politeness.Budget": 0,
    "crawler.logfloor.LogLevelFloor": 0,
}

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
DOWNLOADER_MIDDLEWARES = {
    "crawler.incremental.IncrementalMiddleware": 850,
    # Scrapy's robots.txt and retry middlewares, in their places, with the politeness faults
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.politeness.RobotsMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.politeness.RetryAfterMiddleware": 550,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.politeness.RedirectMiddleware": 600,
    # after DownloadTimeoutMiddleware (350): no download timeout outlasts the site's budget
    "crawler.politeness.DeadlineMiddleware": 360,
    # after HttpCacheMiddleware (900): a request already past the retry middleware when a
    # Retry-After hold began waits here too, and a replayed answer never waits
    "crawler.politeness.HoldMiddleware": 950,
}

# The syndication index holds the articles first stored within this many days (a story's
# copies come within days of each other); older ones are still met by URL and fingerprint
PARTYWIRE_INDEX_DAYS = int(os.environ.get("PARTYWIRE_INDEX_DAYS", "14"))

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
# Scrapy reads the source of every spider callback of every crawler to warn of a generator
# returning a value (inspect + ast: 1.3 % of a 47-site crawl's profiled CPU); our spiders are
# checked once, by tests/test_spiders.py, with Scrapy's own test
WARN_ON_GENERATOR_RETURN_VALUE = False
