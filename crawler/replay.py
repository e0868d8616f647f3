"""Recorded pages, played back through Scrapy's real downloader stack.

Recorded pages are WARC files (ISO 28500, read and written with warcio): each `response` record
keeps the original URL, status line, headers and body. The replay download handler answers http
and https requests from them, so every downloader middleware (robots.txt, redirects, compression,
retries, stats) and every spider runs exactly as on the live site, and relative links resolve
against the original URLs. A URL that was not recorded answers 404, like a page that is gone.
"""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes
from w3lib.url import canonicalize_url
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response


@dataclass(frozen=True)
class Recorded:
    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes


_FRAMING = ("transfer-encoding", "content-encoding", "content-length")


def _key(url: str) -> str:
    return canonicalize_url(url, keep_fragments=False)


def warc_files(path: str | Path) -> list[Path]:
    p = Path(path)
    if p.is_dir():
        return sorted(x for x in p.rglob("*") if x.name.endswith((".warc", ".warc.gz")))
    if p.is_file():
        return [p]
    raise FileNotFoundError(f"{path}: no such WARC file or folder")


def read_warc(path: str | Path) -> list[Recorded]:
    """Every response record of one WARC file; a damaged file raises with its name."""
    out = []
    try:
        with open(path, "rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type != "response" or rec.http_headers is None:
                    continue
                status = int(rec.http_headers.get_statuscode())
                # content_stream() undoes chunking and Content-Encoding, so the framing
                # headers that described the raw bytes go with them
                headers = [(k, v) for k, v in rec.http_headers.headers if k.lower() not in _FRAMING]
                out.append(
                    Recorded(
                        url=rec.rec_headers.get_header("WARC-Target-URI"),
                        status=status,
                        headers=headers,
                        body=rec.content_stream().read(),
                    )
                )
    except Exception as exc:  # warcio raises several types for a damaged archive
        raise ValueError(f"{path}: not a readable WARC file ({exc})") from exc
    return out


def write_warc(path: str | Path, pages: Iterable[Recorded], fixed_date: str | None = None) -> int:
    """Write pages as uncompressed WARC, so a recorded folder stays readable in a diff.

    `fixed_date` (ISO 8601) makes the file reproducible: record dates and ids no longer depend
    on when it was written, so regenerating unchanged pages changes no byte."""
    import hashlib
    import uuid

    n = 0
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=str(path).endswith(".gz"))
        for page in pages:
            reason = {200: "OK", 301: "Moved Permanently", 302: "Found", 404: "Not Found"}.get(
                page.status, "Status"
            )
            http = StatusAndHeaders(f"{page.status} {reason}", page.headers, protocol="HTTP/1.1")
            extra = None
            if fixed_date:
                rid = uuid.UUID(hashlib.md5(page.url.encode()).hexdigest())
                extra = {"WARC-Date": fixed_date, "WARC-Record-ID": f"<urn:uuid:{rid}>"}
            rec = writer.create_warc_record(
                page.url,
                "response",
                payload=io.BytesIO(page.body),
                http_headers=http,
                warc_headers_dict=extra,
            )
            writer.write_record(rec)
            n += 1
    return n


class Archive:
    """All recorded pages below one or more paths (os.pathsep-separated), by canonical URL;
    a page recorded in a later path replaces the same URL from an earlier one."""

    def __init__(self, path: str | Path) -> None:
        self.pages: dict[str, Recorded] = {}
        self.errors: list[str] = []
        files = [f for p in str(path).split(os.pathsep) if p for f in warc_files(p)]
        for f in files:
            try:
                recs = read_warc(f)
            except ValueError as exc:  # one damaged file costs its own site, not the others
                self.errors.append(str(exc))
                continue
            for rec in recs:
                self.pages[_key(rec.url)] = rec

    def get(self, url: str) -> Recorded | None:
        return self.pages.get(_key(url))

    def __len__(self) -> int:
        return len(self.pages)


class ReplayDownloadHandler(BaseDownloadHandler):
    """The http/https download handler: recorded pages while PARTYWIRE_REPLAY names some,
    Scrapy's own HTTP/1.1 handler otherwise. One setting switches a crawl between the two,
    so `scrapy crawl NAME -s PARTYWIRE_REPLAY=tests/recorded` works like `partywire crawl`."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        path = crawler.settings.get("PARTYWIRE_REPLAY")
        self.archive = Archive(path) if path else None
        for err in self.archive.errors if self.archive else []:
            logger.error("replay: %s", err)
        self.live: BaseDownloadHandler | None = None
        self.stats = crawler.stats

    async def download_request(self, request: Request) -> Response:
        if self.archive is None:
            if self.live is None:
                from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
                from scrapy.utils.misc import build_from_crawler

                self.live = build_from_crawler(HTTP11DownloadHandler, self.crawler)
            return await self.live.download_request(request)
        rec = self.archive.get(request.url)
        if self.stats is not None:
            self.stats.inc_value("replay/hit" if rec else "replay/miss")
        if rec is None:
            return responsetypes.from_args(url=request.url, body=b"")(
                url=request.url, status=404, body=b"", request=request
            )
        headers = Headers(rec.headers)
        cls = responsetypes.from_args(headers=headers, url=request.url, body=rec.body)
        return cls(
            url=request.url,
            status=rec.status,
            headers=headers,
            body=rec.body,
            request=request,
            protocol="HTTP/1.1",
        )

    async def close(self) -> None:
        if self.live is not None:
            await self.live.close()
