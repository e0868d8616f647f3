"""Canonical URLs: one story, one address, whatever tracking or host variant led to it."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|zarsrc|zalo_\w*|gidzl|_ga|mc_\w+|ref|source|cmpid|itm_\w+)$", re.I
)
_HOST_PREFIX = re.compile(r"^(www|m|mobile|amp)\.")
_PRINT = re.compile(r"/(print|amp)/")


def registered(host: str) -> str:
    return _HOST_PREFIX.sub("", host.lower().split(":")[0])


def normalize_url(url: str) -> str:
    """https, no m./www./amp. prefix, no tracking parameters, fragment, default port,
    print/AMP path segment or trailing slash (except the root)."""
    parts = urlsplit(url.strip())
    host = registered(parts.netloc)
    path = _PRINT.sub("/", parts.path or "/")
    path = re.sub(r"/amp$|\.amp$", "", path)
    if path != "/" and path.endswith("/"):
        path = path.rstrip("/")
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not TRACKING.match(k)
        )
    )
    return urlunsplit(("https", host, path, query, ""))


def canonical(url: str, declared: list[str]) -> tuple[str, str]:
    """The declared canonical (link rel=canonical, then og:url) when it belongs to the same
    site, else the normalised URL. Returns (canonical URL, where it came from)."""
    host = registered(urlsplit(url).netloc)
    for source, cand in zip(("link:canonical", "og:url"), declared, strict=False):
        if cand and cand.startswith("http") and registered(urlsplit(cand).netloc) == host:
            return normalize_url(cand), source
    return normalize_url(url), "url"
