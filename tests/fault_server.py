"""A local web server for the fault-matrix tests (tests/test_faults.py): hostile and healthy
sites on 127.0.0.1, each on its own port (robots.txt is per host and port), plain or TLS.

A site is a table of routes, path -> handler; a route ending in "*" takes every path it
begins. The handlers are the faults: a status, a stall that never answers, a slow drip, a body
shorter than its Content-Length, pages of any size streamed without being held, a gzip bomb, a
redirect loop, 429/503 with Retry-After, endless pagination and nested sitemap indexes. Every
request is logged (path, time), so a test can see what the crawler asked and when.
"""

from __future__ import annotations

import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

#: How long a stalled handler holds its connection at most (the server's stop ends it sooner)
STALL_S = 300.0
HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"

Handler = Callable[["Exchange"], None]


@dataclass
class Exchange:
    """One request: its path and the means to answer it."""

    http: BaseHTTPRequestHandler
    site: Site

    @property
    def path(self) -> str:
        return self.http.path.split("?", 1)[0]

    def head(self, status: int, headers: Iterable[tuple[str, str]] = ()) -> None:
        self.http.send_response(status)
        for k, v in headers:
            self.http.send_header(k, v)
        self.http.end_headers()

    def send(
        self,
        status: int,
        body: bytes,
        content_type: str = HTML,
        headers: Iterable[tuple[str, str]] = (),
    ) -> None:
        hs = [("Content-Type", content_type), ("Content-Length", str(len(body))), *headers]
        self.head(status, hs)
        self.http.wfile.write(body)

    def hold(self, seconds: float = STALL_S) -> None:
        """Keep the connection open, saying nothing, until the server stops."""
        self.site.stopping.wait(seconds)


@dataclass
class Site:
    """One site: a server on its own port of 127.0.0.1 with its routes."""

    routes: dict[str, Handler]
    tls: ssl.SSLContext | None = None
    hits: list[tuple[str, float]] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        site = self

        class _Http(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                site.answer(self)

            def log_message(self, *_: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Http)
        self.server.daemon_threads = True
        # a crawler that hangs up mid-request is no news: nothing printed
        self.server.handle_error = lambda *_: None  # type: ignore[method-assign]
        self.server.block_on_close = False
        if self.tls is not None:
            # the handshake in each request's own thread, not in the one that accepts: a
            # client that refuses the certificate must not hold up the next one
            self.server.socket = self.tls.wrap_socket(
                self.server.socket, server_side=True, do_handshake_on_connect=False
            )
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def home(self) -> str:
        scheme = "https" if self.tls is not None else "http"
        return f"{scheme}://127.0.0.1:{self.port}/"

    def url(self, path: str) -> str:
        return self.home + path.lstrip("/")

    def asked(self, prefix: str = "") -> list[tuple[str, float]]:
        """The requests whose path begins with prefix, in order."""
        return [(p, t) for p, t in self.hits if p.startswith(prefix)]

    def route(self, path: str) -> Handler | None:
        if path in self.routes:
            return self.routes[path]
        starts = [k for k in self.routes if k.endswith("*") and path.startswith(k[:-1])]
        return self.routes[max(starts, key=len)] if starts else None

    def answer(self, http: BaseHTTPRequestHandler) -> None:
        ex = Exchange(http, self)
        self.hits.append((ex.path, time.monotonic()))
        handler = self.route(ex.path)
        try:
            if handler is None:
                ex.send(404, b"<html><body>not here</body></html>")
            else:
                handler(ex)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
            pass  # the crawler hung up: that is its right

    def stop(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()


# -- pages ------------------------------------------------------------------------------------


_TOPICS = (
    "xây dựng nông thôn mới",
    "chuyển đổi số trong cơ quan nhà nước",
    "phát triển hạ tầng giao thông",
    "chăm lo đời sống người có công",
    "cải cách thủ tục hành chính",
    "bảo vệ môi trường và ứng phó biến đổi khí hậu",
    "phát triển du lịch cộng đồng",
    "nâng cao chất lượng giáo dục",
)


def article_html(n: int, title: str = "") -> bytes:
    """An article the extractor and the gate take, and one of its own (no two numbers share
    their text, so none is taken for another's syndicated copy): a headline, a date, several
    paragraphs."""
    title = title or f"Hội nghị lần thứ {n} bàn về {_TOPICS[n % len(_TOPICS)]}"
    paras = "".join(
        f"<p>Theo báo cáo số {n}-{i}, về {_TOPICS[(n + i) % len(_TOPICS)]}, trong {n + i} tháng "
        f"qua địa phương đã triển khai {i + 2} nhóm giải pháp với kinh phí {n * 7 + i} tỷ đồng, "
        f"đạt {50 + (n * 3 + i) % 50}% kế hoạch đề ra cho giai đoạn {2020 + i}.</p>"
        for i in range(6)
    )
    return (
        "<!doctype html><html lang='vi'><head><meta charset='utf-8'>"
        f"<title>{title}</title>"
        f"<meta property='og:title' content='{title}'>"
        "<meta property='og:type' content='article'>"
        "<meta property='article:published_time' content='2026-11-30T08:00:00+07:00'>"
        "</head><body><article>"
        f"<h1>{title}</h1><time datetime='2026-11-30T08:00:00+07:00'>30/11/2026 08:00</time>"
        f"{paras}</article></body></html>"
    ).encode()


def listing_html(links: Iterable[str], next_page: str | None = None) -> bytes:
    items = "".join(f"<article><h3><a href='{u}'>Tin {u}</a></h3></article>" for u in links)
    nxt = f"<a class='next' href='{next_page}'>Trang sau</a>" if next_page else ""
    return f"<html><body><main>{items}</main>{nxt}</body></html>".encode()


def article_links(prefix: str, count: int) -> list[str]:
    return [f"{prefix}tin-{i}-post{i}.html" for i in range(1, count + 1)]


# -- handlers ---------------------------------------------------------------------------------


def page(
    body: bytes | str,
    status: int = 200,
    content_type: str = HTML,
    headers: Iterable[tuple[str, str]] = (),
) -> Handler:
    data = body.encode() if isinstance(body, str) else body
    return lambda ex: ex.send(status, data, content_type, headers)


def article() -> Handler:
    """Any path: an article numbered by the digits of its path."""

    def handler(ex: Exchange) -> None:
        digits = "".join(c for c in ex.path.rsplit("post", 1)[-1] if c.isdigit()) or "0"
        ex.send(200, article_html(int(digits)))

    return handler


def status(code: int, headers: Iterable[tuple[str, str]] = ()) -> Handler:
    return page(f"<html><body>HTTP {code}</body></html>", code, headers=headers)


def stall() -> Handler:
    return lambda ex: ex.hold()


def drip(size: int = 20_000, every: float = 0.5, chunk: int = 10) -> Handler:
    """Headers at once, then the body a few bytes at a time: never done within a timeout."""

    def handler(ex: Exchange) -> None:
        ex.head(200, [("Content-Type", HTML), ("Content-Length", str(size))])
        for _ in range(size // chunk):
            if ex.site.stopping.wait(every):
                return
            ex.http.wfile.write(b"x" * chunk)
            ex.http.wfile.flush()

    return handler


def truncated(body: bytes, declared: int) -> Handler:
    """A body shorter than its Content-Length, then the connection closed."""

    def handler(ex: Exchange) -> None:
        ex.head(200, [("Content-Type", HTML), ("Content-Length", str(declared))])
        ex.http.wfile.write(body)
        ex.http.wfile.flush()
        ex.http.close_connection = True

    return handler


def _filler(size: int) -> Iterator[bytes]:
    block = b"<p>" + b"Tin tuc " * 8000 + b"</p>\n"
    head = b"<html><head><title>Trang lon</title></head><body><article><h1>Trang lon</h1>"
    yield head
    sent = len(head)
    while sent < size:
        part = block[: size - sent]
        sent += len(part)
        yield part


def huge(size: int, declare: bool = True) -> Handler:
    """A page of `size` bytes, streamed (never held whole); with `declare`, its
    Content-Length says so up front, else the body simply runs until the connection closes."""

    def handler(ex: Exchange) -> None:
        headers = [("Content-Type", HTML)]
        headers += [("Content-Length", str(size))] if declare else [("Connection", "close")]
        ex.head(200, headers)
        if not declare:
            ex.http.close_connection = True
        for part in _filler(size):
            ex.http.wfile.write(part)

    return handler


@cache
def bomb_bytes(size: int) -> bytes:
    """`size` bytes of HTML-ish filler, gzipped to about a thousandth of it."""
    out = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [out.compress(b"<html><body><p>")]
    block = b" " * (1 << 20)
    for _ in range(size >> 20):
        parts.append(out.compress(block))
    parts.append(out.flush())
    return b"".join(parts)


def gzip_bomb(size: int) -> Handler:
    """A small gzip body (Content-Encoding: gzip) that expands to `size` bytes (made now, not
    while the crawl waits for it)."""
    return page(bomb_bytes(size), headers=[("Content-Encoding", "gzip")])


def redirect(to: str, code: int = 302) -> Handler:
    return lambda ex: ex.send(code, b"", headers=[("Location", to)])


def busy_then(code: int, retry_after: str, times: int, then: Handler) -> Handler:
    """`code` with Retry-After for the first `times` requests, then `then`."""
    count = [0]
    lock = threading.Lock()

    def handler(ex: Exchange) -> None:
        with lock:
            count[0] += 1
            busy = count[0] <= times
        if busy:
            ex.send(code, b"<html><body>busy</body></html>", headers=[("Retry-After", retry_after)])
        else:
            then(ex)

    return handler


def slow(then: Handler, seconds: float) -> Handler:
    """`then`, after `seconds` (a server that takes its time, so requests queue behind)."""

    def handler(ex: Exchange) -> None:
        if not ex.site.stopping.wait(seconds):
            then(ex)

    return handler


def endless_listing(prefix: str, per_page: int = 2) -> Handler:
    """/prefix/N lists two articles and a link to page N+1, for ever (a pagination trap)."""

    def handler(ex: Exchange) -> None:
        tail = ex.path.rsplit("/", 1)[-1]
        n = int(tail) if tail.isdigit() else 1
        links = [f"/a/p{n}-{i}-post{n * 100 + i}.html" for i in range(per_page)]
        ex.send(200, listing_html(links, f"{prefix}{n + 1}"))

    return handler


def nested_sitemaps(fan_out: int = 3) -> Handler:
    """Each sitemap index lists `fan_out` new indexes below it, for ever."""

    def handler(ex: Exchange) -> None:
        base = ex.path.removesuffix(".xml")
        locs = "".join(
            f"<sitemap><loc>http://{ex.http.headers['Host']}{base}-{i}.xml</loc></sitemap>"
            for i in range(fan_out)
        )
        body = (
            "<?xml version='1.0' encoding='UTF-8'?>"
            f"<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{locs}"
            "</sitemapindex>"
        ).encode()
        ex.send(200, body, XML)

    return handler
