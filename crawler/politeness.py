"""Politeness faults and budgets: what a crawl does when a site cannot or will not be crawled now.

Built on Scrapy's own components, each in its place:

- `RobotsMiddleware` (Scrapy's RobotsTxtMiddleware): a robots.txt answered 5xx or not answered
  in time means its host's rules are unknown, and RFC 9309 says to assume complete disallow, so
  the host is skipped this run ("robots.txt unavailable"); Scrapy reads the error page as
  rules, or allows everything. A 4xx means there are no rules (allow all, as the RFC says),
  whatever the error page says. A host that cannot be reached at all (DNS, refused, TLS) is
  not asked either; its requests fail with that cause, which names the site's problem better.
- `RetryAfterMiddleware` (Scrapy's RetryMiddleware): a 429 or 503 with Retry-After holds every
  request to its host that long (the site backs off, not only the one request), when the wait
  is at most PARTYWIRE_MAX_RETRY_AFTER; a longer wait gives the host up this run: its requests
  are answered with that response without asking, so the run fails with "HTTP 429" and the
  scheduler backs the site off.
  The hold is kept through public extension points only: a request waits in the
  middleware's coroutine `process_request`, and again in `HoldMiddleware` just before the
  download; the requests the downloader had already queued when the hold began are handed
  back to the scheduler.
- `RedirectMiddleware` (Scrapy's): a redirect back into its own chain is a loop, named at once
  with the link that led into it; every link into one loop meets it and counts it.
- `Budget` (Scrapy's CloseSpider extension, CLOSESPIDER_TIMEOUT and CLOSESPIDER_PAGECOUNT, plus
  the whole crawl's deadline PARTYWIRE_DEADLINE_AT): a spent budget closes the site's crawl
  with what it has. Scrapy's close waits for every request in hand, and a site that stalls has
  hundreds queued behind its two connections, so they are dropped first ("over budget"); and
  `DeadlineMiddleware` gives no request a download timeout that outlasts the budget, so one in
  flight ends with it. The run's figures keep which budget and its limit.
"""

from __future__ import annotations

import email.utils
import logging
import time
from collections import deque
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Self, cast

from scrapy import signals
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware as BaseRedirectMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    IgnoreRequest,
    NotConfigured,
)
from scrapy.extensions.closespider import CloseSpider
from scrapy.robotstxt import RobotParser
from scrapy.utils.asyncio import CallLaterResult, call_later
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

#: How an IgnoreRequest from here begins, which the spider names as a failure kind
ROBOTS_UNAVAILABLE = "robots.txt unavailable"
ROBOTS_UNREACHABLE = "robots.txt unreachable"
OVER_BUDGET = "over budget"
REDIRECT_LOOP = "redirect loop"
#: Statuses whose Retry-After is honoured
WAIT_STATUSES = (429, 503)
#: Exceptions on a robots.txt that mean its host cannot be reached at all
_UNREACHABLE = (CannotResolveHostError, DownloadConnectionRefusedError, DownloadFailedError)


class _Unavailable(RobotParser):
    """The rules of a host whose robots.txt could not be read: nothing is allowed, and each
    refusal says why (and carries the failure, when there was one, as its cause)."""

    def __init__(self, message: str, cause: BaseException | None = None) -> None:
        self.message = message
        self.cause = cause

    @classmethod
    def from_crawler(cls, crawler: Crawler, robotstxt_body: bytes) -> Self:
        raise NotImplementedError("built by RobotsMiddleware, never from a body")

    def allowed(self, url: str | bytes, user_agent: str | bytes) -> bool:
        return False

    def refusal(self) -> IgnoreRequest:
        exc = IgnoreRequest(self.message)
        exc.__cause__ = self.cause
        return exc


class RobotsMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware with RFC 9309's answers to a robots.txt that fails."""

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500:
            self._stats.inc_value("robotstxt/response_count")
            self._stats.inc_value(f"robotstxt/response_status_count/{response.status}")
            self._unavailable(netloc, _Unavailable(_skipped(f"HTTP {response.status}")))
            return
        if 400 <= response.status < 500:
            response = response.replace(body=b"")  # no rules: the error page is not robots.txt
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        """An IgnoreRequest (not recorded in a replay, offsite) leaves Scrapy's answer, allow;
        a host that cannot be reached is not asked either; a timeout or a broken answer means
        unknown rules, so disallow."""
        if isinstance(exc, IgnoreRequest):
            super()._robots_error(exc, netloc)
            return
        self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        if isinstance(exc, _UNREACHABLE):
            rules = _Unavailable(f"{ROBOTS_UNREACHABLE}: {exc}", exc)
        else:
            rules = _Unavailable(_skipped(_why(exc)), exc)
        self._unavailable(netloc, rules)

    def _unavailable(self, netloc: str, rules: _Unavailable) -> None:
        logger.warning(
            "%s: %s", netloc, rules.message.splitlines()[0], extra={"spider": self.crawler.spider}
        )
        waiting = self._parsers.get(netloc)
        self._parsers[netloc] = rules
        if isinstance(waiting, Deferred):
            waiting.callback(rules)

    def process_request_2(self, rp: RobotParser | None, request: Request) -> None:
        if isinstance(rp, _Unavailable):
            self._stats.inc_value("robotstxt/unavailable")
            raise rp.refusal()
        super().process_request_2(rp, request)


def _skipped(why: str) -> str:
    return f"{ROBOTS_UNAVAILABLE} ({why}): its host is skipped this run"


def _why(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def retry_after(value: str | bytes | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date, RFC 9110);
    None when absent or unreadable. A date in the past is no wait."""
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


class _Hold:
    """A host's hold: when it ends, and the requests waiting for it (each woken when it ends,
    or failed when the site's budget is spent first)."""

    def __init__(self) -> None:
        self.until = 0.0
        self.waiting: set[Deferred[None]] = set()

    async def wait(self, seconds: float) -> None:
        waiting: Deferred[None] = Deferred()
        self.waiting.add(waiting)
        timer = call_later(seconds, _fire, waiting)
        try:
            await maybe_deferred_to_future(waiting)
        finally:
            timer.cancel()
            self.waiting.discard(waiting)

    def drop(self, reason: str) -> int:
        dropped = list(self.waiting)
        self.waiting.clear()
        for waiting in dropped:
            if not waiting.called:
                waiting.errback(IgnoreRequest(reason))
        return len(dropped)


def _fire(waiting: Deferred[None]) -> None:
    if not waiting.called:
        waiting.callback(None)


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's retry middleware, honouring Retry-After on 429 and 503 for the whole host,
    through Scrapy's public extension points only: a request to a held host waits in this
    middleware's (coroutine) process_request until the hold is over; the requests the
    downloader already had queued for the host when the hold began are handed back to the
    scheduler (their download slot would send them regardless), and wait here in turn."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.max_wait = settings.getfloat("PARTYWIRE_MAX_RETRY_AFTER", 120.0)
        #: download slot -> its hold
        self.holds: dict[str, _Hold] = {}
        #: host -> the answer that gave it up this run
        self.gave_up: dict[str, Response] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        mw = super().from_crawler(crawler)
        crawler.signals.connect(mw.downloaded, signal=signals.response_downloaded)
        return mw

    def downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        """The host is held as soon as the answer is in, before the downloader sends the next
        request of its slot (which it does before this middleware sees the answer): the
        signal AutoThrottle adjusts its delays on, for the same reason."""
        wait = self._wait(request, response)
        if wait is not None and wait <= self.max_wait:
            self._hold(request, wait)

    def _wait(self, request: Request, response: Response) -> float | None:
        """The wait a 429 or 503 asks for, when it is one this middleware honours."""
        if response.status not in WAIT_STATUSES or request.meta.get("dont_retry"):
            return None
        if _host(request) in self.gave_up:
            return None
        return retry_after(response.headers.get("Retry-After"), datetime.now(UTC))

    async def process_request(
        self, request: Request, spider: Spider | None = None
    ) -> Response | None:
        """A request to a held host waits until the hold is over (a hold may be lengthened
        meanwhile); one to a host given up this run gets the answer that gave it up, unasked."""
        while True:
            answer = self.gave_up.get(_host(request))
            if answer is not None:
                return answer.replace(url=request.url, request=request)
            hold = self.holds.get(self._key(request))
            left = hold.until - time.monotonic() if hold is not None else 0.0
            if hold is None or left <= 0:
                return None
            await hold.wait(left)

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        if _host(request) in self.gave_up:
            return response
        wait = self._wait(request, response)
        if wait is None:
            return super().process_response(request, response)
        stats = self.crawler.stats
        assert stats is not None
        if wait > self.max_wait:
            self._give_up(request, response, wait)
            return response
        stats.inc_value("partywire/backoff/waits")
        stats.max_value("partywire/backoff/longest_s", round(wait))
        return self._retry(request, f"HTTP {response.status}, Retry-After {wait:.0f} s") or response

    def _key(self, request: Request) -> str:
        engine = self.crawler.engine
        return engine.downloader.get_slot_key(request) if engine is not None else _host(request)

    def _queued(self, request: Request) -> deque[tuple[Request, Deferred[Response]]]:
        """The requests the downloader holds for the request's slot, not yet sent."""
        engine = self.crawler.engine
        slot = engine.downloader.slots.get(self._key(request)) if engine is not None else None
        return slot.queue if slot is not None else deque()

    def _hold(self, request: Request, wait: float) -> None:
        """Nothing is sent to the request's download slot (its host) for `wait` seconds: the
        requests not yet sent go back to the scheduler (not filtered again, and no retry
        spent on them), and each waits in process_request with those that come after."""
        key = self._key(request)
        hold = self.holds.setdefault(key, _Hold())
        hold.until = max(hold.until, time.monotonic() + wait)
        queued = self._queued(request)
        while queued:
            waiting_request, waiting = queued.popleft()
            # a downloader middleware may answer with a Request: the engine schedules it
            back = waiting_request.replace(dont_filter=True)
            cast("Deferred[Response | Request]", waiting).callback(back)
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("partywire/backoff/holds")

    def drop_waiting(self, reason: str) -> int:
        """Every request waiting for a hold fails with `reason` (the site's budget is spent)."""
        return sum(hold.drop(reason) for hold in self.holds.values())

    def _give_up(self, request: Request, response: Response, wait: float) -> None:
        """The host is given up this run: the requests queued for it get its answer now."""
        host = _host(request)
        logger.warning(
            "%s: HTTP %d with Retry-After %d s (over %d s): %s given up this run",
            request.url,
            response.status,
            wait,
            self.max_wait,
            host,
            extra={"spider": self.crawler.spider},
        )
        self.gave_up[host] = response
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("partywire/backoff/given_up")
        queued = self._queued(request)
        while queued:
            waiting_request, waiting = queued.popleft()
            waiting.callback(response.replace(url=waiting_request.url, request=waiting_request))
        hold = self.holds.get(self._key(request))
        if hold is not None:  # those waiting on an earlier hold: the answer too, at once
            for waiting_hold in list(hold.waiting):
                _fire(waiting_hold)


class HoldMiddleware:
    """The last downloader middleware before the download (after HttpCacheMiddleware, 900):
    RetryAfterMiddleware's hold and give-up once more, for the requests that were already past
    it (in the middlewares between, such as the incremental check's store lookup) when the
    hold began, which would otherwise reach the download slot and be sent during the hold. A
    replayed or cached answer never waits: it is given before this point."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_request(
        self, request: Request, spider: Spider | None = None
    ) -> Response | None:
        holds = self.crawler.get_downloader_middleware(RetryAfterMiddleware)
        return await holds.process_request(request) if holds is not None else None


class RedirectMiddleware(BaseRedirectMiddleware):
    """Scrapy's redirect middleware, naming a loop (a redirect back to an address of its own
    chain) at once, with the link that led into it, instead of following it to
    REDIRECT_MAX_TIMES; a hop is never left to the dupefilter, which would drop the chains of
    the other links into the same loop without a word."""

    def _redirect(self, redirected: Request, request: Request, reason: Any) -> Request:
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if redirected.url in chain:
            raise IgnoreRequest(
                f"{REDIRECT_LOOP}: {chain[0]} ({len(chain)} hops) leads back to {redirected.url}"
            )
        hop = super()._redirect(redirected, request, reason)
        # each hop is followed even when another link's chain asked for its address already,
        # so that every link into one loop meets it (and counts it), not only the first; the
        # chain stays bounded by REDIRECT_MAX_TIMES and by the loop check above
        hop.dont_filter = True
        return hop


class DeadlineMiddleware:
    """Downloader middleware after Scrapy's DownloadTimeoutMiddleware: a request's download
    timeout never runs past the end of its site's budget (CLOSESPIDER_TIMEOUT from the spider's
    opening) or the crawl's deadline, by more than GRACE seconds. Scrapy's close would otherwise
    wait a whole DOWNLOAD_TIMEOUT for each download in flight."""

    GRACE = 1.0

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.budget = crawler.settings.getfloat("CLOSESPIDER_TIMEOUT", 0.0)
        self.deadline_at = crawler.settings.getfloat("PARTYWIRE_DEADLINE_AT", 0.0)
        if not self.budget and not self.deadline_at:
            raise NotConfigured

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def ends_at(self) -> float | None:
        """The moment (epoch seconds) the site's crawl is closed, once its spider is open."""
        ends = [self.deadline_at] if self.deadline_at else []
        start = self.crawler.stats.get_value("start_time") if self.crawler.stats else None
        if self.budget and isinstance(start, datetime):
            ends.append(start.timestamp() + self.budget)
        return min(ends) if ends else None

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        ends = self.ends_at()
        if ends is None:
            return
        left = max(ends - time.time(), 0.0) + self.GRACE
        timeout = float(request.meta.get("download_timeout") or left)
        request.meta["download_timeout"] = min(timeout, left)


def _host(request: Request) -> str:
    return urlparse_cached(request).hostname or ""


class Budget(CloseSpider):
    """Scrapy's CloseSpider with the crawl's deadline, dropping the work in hand on closing."""

    def __init__(self, crawler: Crawler) -> None:
        self.deadline_at = crawler.settings.getfloat("PARTYWIRE_DEADLINE_AT", 0.0)
        self.deadline: CallLaterResult | None = None
        self.spent = False
        try:
            super().__init__(crawler)
        except NotConfigured:
            if not self.deadline_at:
                raise
            crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        if self.deadline_at:
            crawler.signals.connect(self.deadline_opened, signal=signals.spider_opened)

    def deadline_opened(self, spider: Spider) -> None:
        left = max(0.0, self.deadline_at - time.time())
        self.deadline = call_later(left, self._close_spider, "closespider_deadline")

    def spider_closed(self, spider: Spider) -> None:
        super().spider_closed(spider)
        if self.deadline is not None:
            self.deadline.cancel()
            self.deadline = None

    def _limit(self, reason: str) -> float:
        """The limit the reason stands for: seconds, or pages; for the deadline, the crawl's
        (PARTYWIRE_DEADLINE), else the seconds its spider had from its opening."""
        what = reason.removeprefix("closespider_")
        if what != "deadline":
            return float(self.close_on.get(what) or 0)
        declared = self.crawler.settings.getfloat("PARTYWIRE_DEADLINE", 0.0)
        if declared:
            return declared
        start = self.crawler.stats.get_value("start_time") if self.crawler.stats else None
        opened = start.timestamp() if isinstance(start, datetime) else time.time()
        return round(self.deadline_at - opened)

    def _close_spider(self, reason: str) -> None:
        if self.spent:
            return
        self.spent = True
        stats = self.crawler.stats
        assert stats is not None
        what = reason.removeprefix("closespider_")
        stats.set_value(f"partywire/budget/{what}", 1)
        stats.set_value("partywire/budget/limit", self._limit(reason))
        logger.warning(
            "budget spent (%s): closing with the work done",
            what,
            extra={"spider": self.crawler.spider},
        )
        self._drop_queued()
        super()._close_spider(reason)

    def _drop_queued(self) -> None:
        """Every request waiting in a download slot, or for its host's Retry-After, fails as
        over budget: the engine closes only once each request it handed over has an answer."""
        engine = self.crawler.engine
        if engine is None:
            return
        dropped = 0
        for slot in engine.downloader.slots.values():
            while slot.queue:
                request, waiting = slot.queue.popleft()
                waiting.errback(IgnoreRequest(f"{OVER_BUDGET}: {request.url}"))
                dropped += 1
        held = self.crawler.get_downloader_middleware(RetryAfterMiddleware)
        if held is not None:
            dropped += held.drop_waiting(f"{OVER_BUDGET}: waiting out a Retry-After")
        if dropped and self.crawler.stats is not None:
            self.crawler.stats.inc_value("partywire/budget/queued_dropped", dropped)
