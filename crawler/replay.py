"""Recorded pages, played back (and recorded) through Scrapy's own HTTP cache.

Recorded pages are WARC files (ISO 28500, read and written with warcio): each `response` record
keeps the original URL, status line, headers and body as the server sent them. `WarcCacheStorage`
is an `HTTPCACHE_STORAGE` for Scrapy's HttpCacheMiddleware: while replaying, every request is
answered from the recording before it reaches a download handler, and the answer then travels
back through every downloader middleware (compression, redirects, retries, robots.txt, stats) and
every spider exactly as a live response would; while recording, each live response is appended
to a WARC file as it arrives. `ReplayAddon` turns the cache on when `PARTYWIRE_REPLAY` or
`PARTYWIRE_RECORD` is set, so `scrapy crawl NAME -s PARTYWIRE_REPLAY=tests/recorded` works like
`partywire crawl --replay tests/recorded`. A page that was not recorded never reaches the network:
it is counted (`replay/miss`), logged and ignored. A conditional request is answered as the server
would (RFC 9110 section 13): 304 with no body when the recorded ETag or Last-Modified says the
client's copy is current (`replay/not_modified`), so incremental crawling is tested offline.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from pathlib import Path
from typing import IO, TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from w3lib.url import canonicalize_url
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.settings import BaseSettings
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recorded:
    """One recorded response; `headers` keep their order and repeats, as a server sends them."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes


# headers that describe how the bytes travelled, not what they are
_FRAMING = ("transfer-encoding", "content-encoding", "content-length")


def _key(url: str) -> str:
    return canonicalize_url(url, keep_fragments=False)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Status"


def warc_files(path: str | Path) -> list[Path]:
    p = Path(path)
    if p.is_dir():
        return sorted(x for x in p.rglob("*") if x.name.endswith((".warc", ".warc.gz")))
    if p.is_file():
        return [p]
    raise FileNotFoundError(f"{path}: no such WARC file or folder")


def _recorded(rec: ArcWarcRecord, decoded: bool) -> Recorded:
    """One warcio response record. Decoded: the body as a reader sees it (chunking and
    Content-Encoding undone, so the framing headers go with them). Raw: the body as the server
    sent it, Content-Encoding kept, so HttpCompressionMiddleware decodes it as it would live;
    only chunking, which Scrapy's downloader undoes before any middleware, is removed."""
    http = rec.http_headers
    if decoded:
        headers = [(k, v) for k, v in http.headers if k.lower() not in _FRAMING]
        body = rec.content_stream().read()
    else:
        headers = [(k, v) for k, v in http.headers if k.lower() != "transfer-encoding"]
        chunked = (http.get_header("transfer-encoding") or "").lower() == "chunked"
        body = (ChunkedDataReader(rec.raw_stream) if chunked else rec.raw_stream).read()
    return Recorded(
        url=rec.rec_headers.get_header("WARC-Target-URI"),
        status=int(http.get_statuscode()),
        headers=headers,
        body=body,
    )


def read_warc(path: str | Path, *, decoded: bool = True) -> list[Recorded]:
    """Every response record of one WARC file; a damaged file raises with its name."""
    out = []
    try:
        with open(path, "rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type == "response" and rec.http_headers is not None:
                    out.append(_recorded(rec, decoded))
    except Exception as exc:  # warcio raises several types for a damaged archive
        raise ValueError(f"{path}: not a readable WARC file ({exc})") from exc
    return out


def _write_response(
    writer: WARCWriter,
    page: Recorded,
    extra: dict[str, str] | None = None,
    request_record: ArcWarcRecord | None = None,
) -> None:
    http = StatusAndHeaders(
        f"{page.status} {_reason(page.status)}", page.headers, protocol="HTTP/1.1"
    )
    rec = writer.create_warc_record(
        page.url,
        "response",
        payload=io.BytesIO(page.body),
        http_headers=http,
        warc_headers_dict=extra,
    )
    if request_record is None:
        writer.write_record(rec)
    else:  # the pair links the two records (WARC-Concurrent-To)
        writer.write_request_response_pair(request_record, rec)


def write_warc(path: str | Path, pages: Iterable[Recorded], fixed_date: str | None = None) -> int:
    """Write pages as uncompressed WARC, so a recorded folder stays readable in a diff.

    `fixed_date` (ISO 8601) makes the file reproducible: record dates and ids no longer depend
    on when it was written, so regenerating unchanged pages changes no byte."""
    n = 0
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=str(path).endswith(".gz"))
        for page in pages:
            extra = None
            if fixed_date:
                rid = uuid.UUID(hashlib.md5(page.url.encode()).hexdigest())
                extra = {"WARC-Date": fixed_date, "WARC-Record-ID": f"<urn:uuid:{rid}>"}
            _write_response(writer, page, extra)
            n += 1
    return n


class Archive:
    """All recorded pages below one or more paths (os.pathsep-separated), by canonical URL;
    a page recorded in a later path replaces the same URL from an earlier one."""

    def __init__(self, path: str | Path, *, decoded: bool = True) -> None:
        self.pages: dict[str, Recorded] = {}
        self.errors: list[str] = []
        files = [f for p in str(path).split(os.pathsep) if p for f in warc_files(p)]
        for f in files:
            try:
                recs = read_warc(f, decoded=decoded)
            except ValueError as exc:  # one damaged file costs its own site, not the others
                self.errors.append(str(exc))
                continue
            for rec in recs:
                self.pages[_key(rec.url)] = rec

    def get(self, url: str) -> Recorded | None:
        return self.pages.get(_key(url))

    def __len__(self) -> int:
        return len(self.pages)


#: (file, modification time in ns, size) of every WARC file below a replay path
_Signature = tuple[tuple[str, int, int], ...]


def _signature(path: str) -> _Signature:
    files = [f for p in path.split(os.pathsep) if p for f in warc_files(p)]
    return tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)


_LOADED: dict[str, tuple[_Signature, Archive]] = {}


def replay_archive(path: str) -> Archive:
    """The raw recording below `path`, read once per process: a replayed crawl runs one crawler
    per site, and each would otherwise parse every WARC file of every site again. A file that
    changed on disk since (same path, new size or time) is read again."""
    sig = _signature(path)
    cached = _LOADED.get(path)
    if cached is None or cached[0] != sig:
        archive = Archive(path, decoded=False)
        for err in archive.errors:
            logger.error("replay: %s", err)
        _LOADED[path] = cached = (sig, archive)
    return cached[1]


def to_response(rec: Recorded, request: Request) -> Response:
    """The recorded response as the download handler would have returned it."""
    headers = Headers(rec.headers)
    cls = responsetypes.from_args(headers=headers, url=rec.url, body=rec.body)
    return cls(
        url=rec.url,
        status=rec.status,
        headers=headers,
        body=rec.body,
        request=request,
        protocol="HTTP/1.1",
    )


#: the headers a 304 carries: those the 200 would have sent that describe the stored copy
_NOT_MODIFIED_KEEP = (
    "cache-control",
    "content-location",
    "date",
    "etag",
    "expires",
    "last-modified",
    "vary",
)


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    return next((v for k, v in headers if k.lower() == name), None)


def _http_date(value: str | None) -> datetime | None:
    """An HTTP-date, or None when it is absent or not one (a bad date is ignored, as servers
    ignore it: RFC 9110 section 13.1.3)."""
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return when if when.tzinfo is not None else None


def _weak(tag: str) -> str:
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def _etag_matches(if_none_match: str, etag: str | None) -> bool:
    """Weak comparison, as If-None-Match uses (RFC 9110 section 13.1.2): "*" matches any
    current representation, otherwise one of the listed tags equals the recorded one."""
    tags = [t for t in (x.strip() for x in if_none_match.split(",")) if t]
    if "*" in tags:
        return True
    return etag is not None and _weak(etag) in {_weak(t) for t in tags}


def _request_header(request: Request, name: str) -> str | None:
    raw = request.headers.get(name)
    return raw.decode("latin-1") if raw is not None else None


def not_modified(rec: Recorded, request: Request) -> bool:
    """Whether a server holding `rec` answers `request` with 304. Only a GET or HEAD of a 2xx
    page is conditional; If-None-Match, when sent, decides alone; otherwise If-Modified-Since
    not older than the recorded Last-Modified."""
    if request.method not in ("GET", "HEAD") or not 200 <= rec.status < 300:
        return False
    inm = _request_header(request, "If-None-Match")
    if inm is not None:
        return _etag_matches(inm, _header(rec.headers, "etag"))
    since = _http_date(_request_header(request, "If-Modified-Since"))
    modified = _http_date(_header(rec.headers, "last-modified"))
    return since is not None and modified is not None and modified <= since


def not_modified_record(rec: Recorded) -> Recorded:
    """The 304 a server sends for `rec`: no body, and the validators and caching headers of the
    stored copy (the client updates its copy's metadata from them)."""
    headers = [(k, v) for k, v in rec.headers if k.lower() in _NOT_MODIFIED_KEEP]
    return Recorded(rec.url, 304, headers, b"")


def _request_record(writer: WARCWriter, request: Request) -> ArcWarcRecord:
    parts = urlsplit(request.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = [
        (k.decode("latin-1"), v.decode("latin-1")) for k, vs in request.headers.items() for v in vs
    ]
    if parts.netloc and not any(k.lower() == "host" for k, _ in headers):
        headers.insert(0, ("Host", parts.netloc))
    http = StatusAndHeaders(
        f"{request.method} {target} HTTP/1.1", headers, protocol="HTTP/1.1", is_http_request=True
    )
    return writer.create_warc_record(
        request.url, "request", payload=io.BytesIO(request.body), http_headers=http
    )


class WarcCacheStorage:
    """Scrapy's HTTPCACHE_STORAGE interface over WARC files.

    `PARTYWIRE_REPLAY` (a WARC file or folder, os.pathsep-separated): answer from it.
    `PARTYWIRE_RECORD` (a WARC file): append every live response to it, with its request.
    With HTTPCACHE_IGNORE_MISSING (set by ReplayAddon while replaying) a page that was not
    recorded is refused by the middleware; this storage counts and logs it first, so a site
    whose crawl finds nothing can say how many of its pages were missing."""

    def __init__(self, settings: BaseSettings) -> None:
        self.replay: str = settings.get("PARTYWIRE_REPLAY") or ""
        self.record: str = settings.get("PARTYWIRE_RECORD") or ""
        self.archive: Archive | None = None
        self.stats: StatsCollector | None = None
        self._out: IO[bytes] | None = None
        self._writer: WARCWriter | None = None

    def open_spider(self, spider: Spider) -> None:
        self.stats = spider.crawler.stats
        if self.replay:
            self.archive = replay_archive(self.replay)
            if self.stats is not None and self.archive.errors:
                self.stats.set_value("replay/damaged_files", len(self.archive.errors))
        if self.record:
            Path(self.record).parent.mkdir(parents=True, exist_ok=True)
            self._out = open(self.record, "ab")  # closed in close_spider
            self._writer = WARCWriter(self._out, gzip=self.record.endswith(".gz"))

    def close_spider(self, spider: Spider) -> None:
        if self._out is not None:
            self._out.close()
            self._out = self._writer = None

    def retrieve_response(self, spider: Spider, request: Request) -> Response | None:
        if self.archive is None:  # recording only: every page is fetched live
            return None
        rec = self.archive.get(request.url)
        if self.stats is not None:
            self.stats.inc_value("replay/hit" if rec else "replay/miss")
        if rec is None:
            # INFO: a recording often lacks robots.txt; a page the spider wanted is reported by
            # its errback, which Scrapy calls with the IgnoreRequest that follows
            logger.info(
                "replay: %s was not recorded; not fetched", request.url, extra={"spider": spider}
            )
            return None
        if not_modified(rec, request):
            if self.stats is not None:
                self.stats.inc_value("replay/not_modified")
            return to_response(not_modified_record(rec), request)
        return to_response(rec, request)

    def store_response(self, spider: Spider, request: Request, response: Response) -> None:
        if self._writer is None:
            return
        # Scrapy's downloader has already undone chunking; the body is otherwise as sent
        headers = [
            (k.decode("latin-1"), v.decode("latin-1"))
            for k, vs in response.headers.items()
            for v in vs
            if k.lower() != b"transfer-encoding"
        ]
        page = Recorded(response.url, response.status, headers, response.body)
        _write_response(self._writer, page, request_record=_request_record(self._writer, request))
        if self._out is not None:
            self._out.flush()


class ReplayAddon:
    """A Scrapy add-on (ADDONS): Scrapy applies it after every setting, command-line ones
    included, is known, so one setting, however it was given, switches the HTTP cache on."""

    def update_settings(self, settings: BaseSettings) -> None:
        replay = bool(settings.get("PARTYWIRE_REPLAY"))
        if not replay and not settings.get("PARTYWIRE_RECORD"):
            return
        settings.set("HTTPCACHE_ENABLED", True, priority="addon")
        settings.set("HTTPCACHE_STORAGE", "crawler.replay.WarcCacheStorage", priority="addon")
        # every recorded response is fresh; while recording, every response is kept
        settings.set("HTTPCACHE_POLICY", "scrapy.extensions.httpcache.DummyPolicy", "addon")
        # while replaying, a page that was not recorded never reaches the network
        settings.set("HTTPCACHE_IGNORE_MISSING", replay, priority="addon")
