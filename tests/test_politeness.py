"""CONCURRENT_REQUESTS_PER_DOMAIN under the project's downloader, measured where it matters:
a local server (127.0.0.1) counting the requests it is answering at the same moment.

What Scrapy 2.19 does (scrapy/core/downloader/__init__.py, `Downloader._process_queue`): a
slot sends queued requests `while slot.queue and slot.free_transfer_slots() > 0`, but the
request joins `slot.transferring` only once the download coroutine runs, and on the asyncio
reactor `_schedule_coro` makes that a task, started on a later turn of the loop. With a
download delay the loop sends one request and breaks (the next waits for the delay, by which
time the task has run), so the limit holds; with DOWNLOAD_DELAY 0 it sends everything queued
at once. The project relies on the first case: its live crawls always have a delay
(AutoThrottle, starting at AUTOTHROTTLE_START_DELAY and never below the latency it measures),
and replays answer from the HTTP cache before any download slot.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from scrapy.utils.project import get_project_settings

from tests.conftest import run_script

#: how long the server takes over each page, so that requests sent together overlap
ANSWER_S = 0.2
PAGES = 12

_CRAWL = """
import json, sys
import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

class Pages(scrapy.Spider):
    name = "pages"

    async def start(self):
        for i in range(int(sys.argv[2])):
            yield scrapy.Request(f"{self.home}p{i}", self.parse)

    def parse(self, response):
        return None

process = CrawlerProcess(get_project_settings())
for name, (home, delay) in json.loads(sys.argv[1]).items():
    custom = {"ITEM_PIPELINES": {}, "AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": delay}
    process.crawl(type(name, (Pages,), {"name": name, "home": home, "custom_settings": custom}))
process.start()
print(json.dumps({"done": True}))
"""


class Counting:
    """A server that answers every page after ANSWER_S and keeps the most requests it was
    answering at once."""

    def __init__(self) -> None:
        self.now = self.peak = self.answered = 0
        lock = threading.Lock()
        counting = self

        class _Http(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                if self.path == "/robots.txt":
                    self._send(404, b"")
                    return
                with lock:
                    counting.now += 1
                    counting.peak = max(counting.peak, counting.now)
                time.sleep(ANSWER_S)
                with lock:
                    counting.now -= 1
                    counting.answered += 1
                self._send(200, b"<html><body>ok</body></html>")

            def _send(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Http)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.home = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def peaks() -> Iterator[dict[str, Counting]]:
    """Two crawls at once with the project's settings, AutoThrottle off, each of PAGES pages
    of its own server: one with a 10 ms download delay, one with none."""
    servers = {"delayed": Counting(), "undelayed": Counting()}
    delays = {"delayed": 0.01, "undelayed": 0.0}
    try:
        spec = {name: (s.home, delays[name]) for name, s in servers.items()}
        run_script(_CRAWL, json.dumps(spec), str(PAGES), timeout=120)
        yield servers
    finally:
        for s in servers.values():
            s.stop()


def test_the_per_domain_limit_holds_with_a_download_delay(peaks: dict[str, Counting]) -> None:
    """Requests queued together 10 ms apart: two at a time reach the host, never more."""
    s = peaks["delayed"]
    assert s.answered == PAGES
    assert s.peak == get_project_settings().getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 2


def test_scrapy_sends_everything_queued_without_a_download_delay(
    peaks: dict[str, Counting],
) -> None:
    """Scrapy's behaviour on the asyncio reactor, kept here so that the day it changes (this
    fails) the reliance on a delay below can go: with DOWNLOAD_DELAY 0 the host gets more than
    CONCURRENT_REQUESTS_PER_DOMAIN requests at once."""
    s = peaks["undelayed"]
    assert s.answered == PAGES
    assert s.peak > 2


def test_live_crawls_always_have_a_download_delay() -> None:
    """What the limit relies on in the project's settings: AutoThrottle on, starting from a
    delay (it then follows the measured latency, which is never 0)."""
    settings = get_project_settings()
    assert settings.getbool("AUTOTHROTTLE_ENABLED")
    assert settings.getfloat("AUTOTHROTTLE_START_DELAY") > 0
    assert settings.get("TWISTED_REACTOR", "").endswith("AsyncioSelectorReactor")
