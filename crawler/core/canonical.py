"""Canonical URLs: one story, one address, whatever tracking or host variant led to it.

w3lib (Scrapy's own URL library) does the standard part: UTF-8 percent-encoding of Unicode paths
and queries with upper-case hex, so "/chính-sách.htm", "/ch%C3%ADnh-s%C3%A1ch.htm" and
"/ch%c3%adnh-s%c3%a1ch.htm" are one key; IDNA hosts; sorted query; dot segments; no fragment.
The folding on top is what Vietnamese news sites need: one scheme, no mobile/AMP/print variant,
no tracking parameter, no trailing slash.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_plus, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, safe_url_string

TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|zarsrc|zalo_\w*|gidzl|_ga|mc_\w+|ref|source|cmpid|itm_\w+)$", re.I
)
_HOST_PREFIX = re.compile(r"^(www|m|mobile|amp)\.")
_PRINT = re.compile(r"/(print|amp)/")
_AMP_END = re.compile(r"/amp$|\.amp$")
_DEFAULT_PORTS = (":80", ":443")


def registered(host: str) -> str:
    """The host as a site is known by, whichever variant served the page: lower case, no port,
    no www./m./mobile./amp. prefix (the same outlet, so the same site for `canonical`)."""
    return _HOST_PREFIX.sub("", host.lower().split(":")[0])


def _netloc(netloc: str) -> str:
    """Host without the variant prefix; a default port goes (https is forced), another stays,
    since it names another server."""
    host, sep, port = netloc.lower().rpartition(":")
    if not sep or not port.isdigit():
        host, port = netloc.lower(), ""
    keep = f":{port}" if port and f":{port}" not in _DEFAULT_PORTS else ""
    return _HOST_PREFIX.sub("", host) + keep


def _path(path: str) -> str:
    """No print/AMP segment and no trailing slash: the reader's page, not a rendering of it."""
    path = _AMP_END.sub("", _PRINT.sub("/", path or "/"))
    if path != "/" and path.endswith("/"):
        path = path.rstrip("/")
    return path or "/"


def _query(query: str) -> str:
    """Tracking parameters go; the rest stays as w3lib sorted and encoded it."""
    pairs = [p for p in query.split("&") if p]
    return "&".join(p for p in pairs if not TRACKING.match(unquote_plus(p.split("=", 1)[0])))


def normalize_url(url: str) -> str:
    """https, no m./www./amp. prefix, no tracking parameters, fragment, default port,
    print/AMP path segment or trailing slash (except the root); one percent-encoding.

    Two addresses of one story must give one key, or the store keeps it twice and the
    "one copy per crawl" check misses the second."""
    try:
        parts = urlsplit(canonicalize_url(url.strip()))
    except ValueError as e:  # a port that is no number, a broken IPv6 host, ...
        raise ValueError(f"URL {url!r}: {e}") from e
    return urlunsplit(("https", _netloc(parts.netloc), _path(parts.path), _query(parts.query), ""))


def _site(url: str) -> str:
    """The registered host of a URL, IDNA-encoded so "báo.vn" and "xn--bo-mia.vn" match."""
    return registered(urlsplit(safe_url_string(url.strip())).netloc)


def canonical(url: str, declared: list[str]) -> tuple[str, str]:
    """The declared canonical (link rel=canonical, then og:url) when it belongs to the same
    site, else the normalised URL. Returns (canonical URL, where it came from).

    A declaration pointing at another site is a syndication credit or a template mistake, and
    trusting it would file this outlet's copy under another outlet's address."""
    host = _site(url)
    for source, cand in zip(("link:canonical", "og:url"), declared, strict=False):
        if not cand or not cand.startswith("http"):
            continue
        try:
            if _site(cand) == host:
                return normalize_url(cand), source
        except ValueError:
            continue  # a malformed declaration is the page's mistake: the URL itself still works
    return normalize_url(url), "url"
