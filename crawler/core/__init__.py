"""The domain core: the article, site rules, provinces, time and every text-processing stage.

It imports nothing of the application (no spider, pipeline, store or feed) and no Scrapy, so the
crawl, `partywire extract`, the registry walk and the benchmarks run the very same code; the
contract is written down in `.importlinter` and checked by `make test`.
"""
