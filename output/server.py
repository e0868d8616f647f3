"""`partywire serve`: the feeds, the search and the web page over HTTP, read from the store.

A Starlette app under uvicorn, made to sit behind a reverse proxy or a CDN: every answer has a
strong ETag (a hash of its bytes, so it changes exactly when the content does, never with the
time it was built), a Last-Modified, a 304 with an empty body for a reader that already has it,
gzip, and a Cache-Control tied to how often the sites are polled. Bad input from a request (a
query the store cannot take, a province or site that does not exist) is a 400 or a 404 with one
line saying which parameter and why, never a 500.

The unified feed (`/feed.*`) and the web page show one item per story (syndication cluster); the
province and site feeds show each outlet's own copies.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes, urlencode

from sqlalchemy.exc import SQLAlchemyError
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from crawler.core.provinces import NATIONAL, slugify
from crawler.core.timez import utcnow
from crawler.history import History
from crawler.search import MAX_LIMIT, BadQuery, Query, format_cursor, parse_query
from crawler.sites import registry
from crawler.storage import Store
from output.feeds import FORMATS, MEDIA_TYPES, FeedMeta, Published, build_opml, write_file
from output.page import IndexView, Outlet, Province, render_index
from output.publish import publish_all, representative
from output.status import alerts_feed, render_html, status_rows

#: How often the sites are polled: a cache (or a reader) asking sooner would get the same bytes.
POLL_SECONDS = 900
CACHE_CONTROL = f"public, max-age={POLL_SECONDS}"
#: Smaller answers are not worth compressing (GZipMiddleware's own threshold, passed to it).
GZIP_MIN = 500
#: The parameters every feed and the page take; others (utm_source, ...) are ignored.
PARAMS = ("q", "province", "site", "kind", "limit", "before")
#: Stories on one page of `/`: enough to scroll, few enough to read on a phone.
PAGE_SIZE = 50
#: Rounds of fetching rows for one page of stories: a page of copies of few stories is rare.
_ROUNDS = 8

UNIFIED_TITLE = "partywire — tin Đảng toàn quốc"


# --- the request's parameters ---------------------------------------------------------------


def query_params(raw: bytes) -> dict[str, str]:
    """The known parameters of a raw query string, decoded strictly: invalid UTF-8 after
    percent-decoding (`%C3%28`) is a BadQuery naming the parameter, where Starlette's own
    decoding would silently turn it into U+FFFD. Empty values (a form's "Tất cả") are absent."""
    out: dict[str, str] = {}
    for part in raw.split(b"&"):
        if not part:
            continue
        k, _, v = part.partition(b"=")
        key = _decoded(k, "query string")
        if key not in PARAMS:
            continue
        value = _decoded(v, key)
        if not value.strip():
            continue
        if key in out:
            raise BadQuery(f"{key}: given more than once")
        out[key] = value
    return out


def _decoded(b: bytes, name: str) -> str:
    try:
        return unquote_to_bytes(b.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadQuery(f"{name}: not valid UTF-8 once percent-decoded ({exc.reason})") from exc


def cursor_of(row: Mapping[str, Any]) -> str:
    """The `before` parameter of the page that continues after this row."""
    return format_cursor(row["published"], row["canonical_url"])


# --- what exists: provinces and outlets -----------------------------------------------------


@dataclass(frozen=True)
class Catalog:
    """The registry's outlets and the provinces they and the store name, for 404s and links."""

    provinces: list[Province]
    outlets: list[Outlet]

    def province(self, value: str) -> Province | None:
        """A province by its slug or its name however spelt ("Cần Thơ", "Can Tho", NFD)."""
        slug = slugify(value)
        return next((p for p in self.provinces if p.slug == slug), None)

    def outlet(self, name: str) -> Outlet | None:
        return next((o for o in self.outlets if o.name == name), None)


def catalog(store: Store, outlets: Sequence[Outlet]) -> Catalog:
    """The nation first, then the provinces by slug (their names without the marks)."""
    names = {o.province for o in outlets} | set(store.groups("province"))
    provinces = sorted(
        (Province(n, slugify(n)) for n in names), key=lambda p: (p.name != NATIONAL, p.slug)
    )
    return Catalog(provinces, list(outlets))


def registered_outlets() -> list[Outlet]:
    return [Outlet(name, cls.outlet, cls.province, cls.kind) for name, cls in registry().items()]


# --- stories: one item per syndication cluster ----------------------------------------------


def _cid(row: Mapping[str, Any]) -> str:
    return str(row.get("cluster") or row["canonical_url"])


@dataclass
class Page:
    """One page of items, the other copies of each story, and the cursor of the next page."""

    items: list[dict[str, Any]]
    also: dict[str, list[dict[str, Any]]]
    after: str | None  # `before` of the next page; None on the last one


def copies(store: Store, query: Query, kind_sites: Collection[str] = ()) -> Page:
    """Every matching copy, newest first (province and site feeds). `kind_sites`: the
    registry's sites of the query's kind (the store knows no kinds)."""
    rows = store.search(query, kind_sites)
    after = cursor_of(rows[-1]) if rows and len(rows) == query.limit else None
    return Page(rows, {}, after)


def _story_rows(
    store: Store, query: Query, kind_sites: Collection[str]
) -> tuple[list[dict[str, Any]], bool]:
    """Matching rows, newest first, until `query.limit` stories; and whether more may follow."""
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    q = query
    for _ in range(_ROUNDS):
        batch = store.search(q, kind_sites)
        for r in batch:
            if _cid(r) not in seen and len(seen) == query.limit:
                return rows, True
            seen.add(_cid(r))
            rows.append(r)
        if len(batch) < q.limit:
            return rows, False
        q = replace(q, before=(batch[-1]["published"], batch[-1]["canonical_url"]))
    return rows, True


def _filtered(query: Query) -> bool:
    return bool(query.province or query.site or query.kind)


def stories(store: Store, query: Query, kind_sites: Collection[str] = ()) -> Page:
    """One item per story. Its copy is the earliest publisher's (`publish.representative`) —
    among the copies that match when the query filters by province, outlet or kind, so a
    province's view shows that province's copy; the others are its "Cũng đăng trên"."""
    rows, more = _story_rows(store, query, kind_sites)
    matched: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        matched.setdefault(_cid(r), []).append(r)
    groups = store.clusters(list(matched))
    items: list[dict[str, Any]] = []
    also: dict[str, list[dict[str, Any]]] = {}
    for cid, hits in matched.items():
        members = [m for m in groups.get(cid, []) if m.get("published")] or hits
        rep = dict(representative(hits if _filtered(query) else members), cluster=cid)
        items.append(rep)
        others = [m for m in members if m["canonical_url"] != rep["canonical_url"]]
        if others:
            also[rep["canonical_url"]] = sorted(others, key=lambda m: m["published"])
    items.sort(key=lambda a: (a["published"], a["canonical_url"]), reverse=True)
    return Page(items, also, cursor_of(rows[-1]) if more and rows else None)


def changed_at(page: Page) -> datetime | None:
    """When this content last changed: the newest of its items' publication, correction and
    arrival in the store (a story arriving late, dated before the newest item, changes the
    feed too, so a reader asking If-Modified-Since must not be told 304)."""
    rows = [*page.items, *(c for cs in page.also.values() for c in cs)]
    times = [
        t for r in rows for t in (r.get("published"), r.get("modified"), r.get("first_fetched"))
    ]
    return max((t for t in times if t is not None), default=None)


# --- conditional answers --------------------------------------------------------------------


def _tags(header: str) -> set[str]:
    """The entity tags of an If-None-Match, compared weakly (as RFC 9110 says for it) and
    whatever the content coding, since the bytes under them are the same."""
    tags = set()
    for t in header.split(","):
        t = t.strip().removeprefix("W/").strip('"')
        tags.add(t.removesuffix("-gzip"))
    return tags


def _not_modified(request: Request, digest: str, changed: datetime | None) -> bool:
    inm = request.headers.get("if-none-match")
    if inm is not None:  # when given, If-Modified-Since is not looked at (RFC 9110 13.2.2)
        tags = _tags(inm)
        return "*" in tags or digest in tags
    ims = request.headers.get("if-modified-since")
    if ims is None or changed is None:
        return False
    try:
        since = parsedate_to_datetime(ims)
    except (TypeError, ValueError):
        return False  # an unreadable date is as good as none
    if since.tzinfo is None:
        return False
    return changed.replace(microsecond=0) <= since


def conditional(
    request: Request, body: bytes, media_type: str, changed: datetime | None
) -> Response:
    """The answer with its validators, or a 304 with none of the body.

    The ETag of a body GZipMiddleware will compress ends in `-gzip`: a strong validator names
    exactly one sequence of bytes, and the compressed one is another."""
    digest = hashlib.sha256(body).hexdigest()[:32]
    gzipped = "gzip" in request.headers.get("accept-encoding", "") and len(body) >= GZIP_MIN
    headers = {"ETag": f'"{digest}-gzip"' if gzipped else f'"{digest}"',
               "Cache-Control": CACHE_CONTROL}  # fmt: skip
    if changed is not None:
        headers["Last-Modified"] = format_datetime(min(changed, utcnow()), usegmt=True)
    if _not_modified(request, digest, changed):
        headers["Vary"] = "Accept-Encoding"
        return Response(status_code=304, headers=headers)
    if len(body) < GZIP_MIN:  # GZipMiddleware adds it to the larger ones
        headers["Vary"] = "Accept-Encoding"
    return Response(body, media_type=media_type, headers=headers)


# --- the app --------------------------------------------------------------------------------


def _one_line(_: Request, exc: Exception) -> Response:
    """A 400 a person can act on: the parameter and the cause, one line of plain text."""
    line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return PlainTextResponse(line + "\n", status_code=400)


def _not_found(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return PlainTextResponse(f"{exc.detail}\n", status_code=exc.status_code)


class Site:
    """The handlers over one store; the catalog of outlets is read from the registry once."""

    def __init__(self, store: Store, base_url: str, feed_size: int) -> None:
        self.store = store
        self.base = base_url.rstrip("/") + "/"
        self.feed_size = min(feed_size, MAX_LIMIT)
        self.outlets = registered_outlets()

    # queries

    def query(
        self,
        params: Mapping[str, str],
        default_limit: int,
        *,
        province: str | None = None,
        site: str | None = None,
    ) -> Query:
        """The request's query, its province and site checked against what exists (404)."""
        query = parse_query(params)
        if "limit" not in params:
            query = replace(query, limit=default_limit)
        if province is not None:  # the path's, over any in the query string
            query = replace(query, province=province)
        if site is not None:
            query = replace(query, site=site)
        cat = catalog(self.store, self.outlets)
        if query.province is not None:
            prov = cat.province(query.province)
            if prov is None:
                raise HTTPException(404, f"province {query.province!r}: no such province")
            query = replace(query, province=prov.name)
        if query.site is not None and cat.outlet(query.site) is None:
            raise HTTPException(404, f"site {query.site!r}: no such site")
        return query

    def kind_sites(self, query: Query) -> list[str]:
        return [o.name for o in self.outlets if o.kind == query.kind]

    def url(self, path: str, params: Mapping[str, str]) -> str:
        qs = urlencode({k: params[k] for k in PARAMS if k in params})
        return self.base + path + (f"?{qs}" if qs else "")

    # feeds

    def feed(self, request: Request, path: str, meta: FeedMeta, page: Page, fmt: str) -> Response:
        params = query_params(request.scope.get("query_string", b""))
        if page.after:
            older = self.url(path, {**params, "before": page.after})
            meta = replace(meta, next_url=older, prev_archive_url=older)
        body = FORMATS[fmt](page.items, meta, page.also)
        return conditional(request, body, MEDIA_TYPES[fmt], changed_at(page))

    def unified_feed(self, request: Request) -> Response:
        fmt = _format(request)
        params = query_params(request.scope.get("query_string", b""))
        query = self.query(params, self.feed_size)
        meta = self.meta(f"feed.{fmt}", params, UNIFIED_TITLE, unified=True)
        return self.feed(
            request, f"feed.{fmt}", meta, stories(self.store, query, self.kind_sites(query)), fmt
        )

    def province_feed(self, request: Request) -> Response:
        fmt = _format(request)
        prov = catalog(self.store, self.outlets).province(request.path_params["slug"])
        if prov is None or prov.slug != request.path_params["slug"]:
            raise HTTPException(404, f"province {request.path_params['slug']!r}: no such province")
        params = query_params(request.scope.get("query_string", b""))
        query = self.query(params, self.feed_size, province=prov.name)
        path = f"provinces/{prov.slug}.{fmt}"
        meta = self.meta(path, params, f"partywire — {prov.name}", home={"province": prov.slug})
        return self.feed(
            request, path, meta, copies(self.store, query, self.kind_sites(query)), fmt
        )

    def site_feed(self, request: Request) -> Response:
        fmt = _format(request)
        name = request.path_params["name"]
        outlet = catalog(self.store, self.outlets).outlet(name)
        if outlet is None:
            raise HTTPException(404, f"site {name!r}: no such site")
        params = query_params(request.scope.get("query_string", b""))
        query = self.query(params, self.feed_size, site=name)
        path = f"sites/{name}.{fmt}"
        meta = self.meta(path, params, f"partywire — {outlet.title}", home={"site": name})
        return self.feed(
            request, path, meta, copies(self.store, query, self.kind_sites(query)), fmt
        )

    def meta(
        self,
        path: str,
        params: Mapping[str, str],
        title: str,
        *,
        unified: bool = False,
        home: Mapping[str, str] | None = None,
    ) -> FeedMeta:
        """The feed's own URL carries its query (a search is subscribable); its home is the
        web page of the same view."""
        view = {**(home or {}), **{k: v for k, v in params.items() if k != "before"}}
        if params.get("q"):
            title += f" — tìm “{params['q']}”"
        return FeedMeta(
            title=title,
            description="Tin tức Đảng Cộng sản Việt Nam từ các báo và cổng thông tin"
            + (", mỗi tin một lần" if unified else ""),
            self_url=self.url(path, params),
            home=self.url("", view),
            unified=unified,
        )

    def opml(self, request: Request) -> Response:
        """Every feed, grouped by province: the whole country in one file for a reader."""
        cat = catalog(self.store, self.outlets)
        feeds = [("partywire", UNIFIED_TITLE, self.base + "feed.xml")]
        for p in cat.provinces:
            feeds.append((p.name, f"partywire — {p.name}", f"{self.base}provinces/{p.slug}.xml"))
            feeds += [
                (p.name, o.title, f"{self.base}sites/{o.name}.xml")
                for o in sorted(cat.outlets, key=lambda o: o.title)
                if o.province == p.name
            ]
        body = build_opml(feeds, self.base)
        return conditional(request, body, "text/x-opml; charset=utf-8", None)

    # pages

    def index(self, request: Request) -> Response:
        params = query_params(request.scope.get("query_string", b""))
        query = self.query(params, PAGE_SIZE)
        page = stories(self.store, query, self.kind_sites(query))
        cat = catalog(self.store, self.outlets)
        filters: dict[str, str] = {
            k: params[k] for k in ("q", "province", "site", "kind") if k in params
        }
        if query.province:
            filters["province"] = slugify(query.province)
        last = self.last_crawl()
        view = IndexView(
            stories=page.items,
            also=page.also,
            provinces=cat.provinces,
            outlets=cat.outlets,
            filters=filters,
            older=urlencode({**params, "before": page.after}) if page.after else None,
            last_crawl=last,
        )
        body = render_index(view, self.base).encode("utf-8")
        changed = max((t for t in (changed_at(page), last) if t), default=None)
        return conditional(request, body, "text/html; charset=utf-8", changed)

    def last_crawl(self) -> datetime | None:
        hist = History(self.store)
        ends = [r.ended for o in self.outlets for r in hist.runs(o.name, limit=1)]
        return max(ends, default=None)

    def status(self, request: Request) -> Response:
        now = utcnow()
        rows = status_rows(History(self.store), [o.name for o in self.outlets], now)
        body = render_html(rows, now, alerts_href=self.base + "alerts.xml").encode("utf-8")
        return conditional(request, body, "text/html; charset=utf-8", self.last_crawl())

    def alerts(self, request: Request) -> Response:
        found = History(self.store).alerts()
        body = alerts_feed(found, self.base)
        changed = found[0].at if found else None
        return conditional(request, body, MEDIA_TYPES["xml"], changed)

    def healthz(self, _: Request) -> Response:
        """For a load balancer: 200 while the store answers, 503 (never cached) when not."""
        headers = {"Cache-Control": "no-store"}
        try:
            n = self.store.count()
        except SQLAlchemyError as exc:
            line = str(exc).splitlines()[0]
            return PlainTextResponse(f"store unreachable: {line}\n", 503, headers=headers)
        return PlainTextResponse(f"ok: {n} articles\n", headers=headers)


def _format(request: Request) -> str:
    fmt = str(request.path_params["fmt"])
    if fmt not in FORMATS:
        raise HTTPException(404, f"{request.url.path}: no such feed format (xml, atom, json)")
    return fmt


def create_app(db: str | None, base_url: str, *, feed_size: int = 200) -> Starlette:
    """The app over the store at `db` (PARTYWIRE_DB when None); `base_url` is the public root
    every link in the feeds and the page starts from."""
    site = Site(Store(db), base_url, feed_size)
    handlers: list[tuple[str, Callable[[Request], Response]]] = [
        ("/", site.index),
        ("/feed.{fmt}", site.unified_feed),
        ("/provinces/{slug}.{fmt}", site.province_feed),
        ("/sites/{name}.{fmt}", site.site_feed),
        ("/feeds.opml", site.opml),
        ("/status.html", site.status),
        ("/alerts.xml", site.alerts),
        ("/healthz", site.healthz),
    ]
    return Starlette(
        routes=[Route(path, fn, methods=["GET", "HEAD"]) for path, fn in handlers],
        middleware=[Middleware(GZipMiddleware, minimum_size=GZIP_MIN)],
        exception_handlers={BadQuery: _one_line, HTTPException: _not_found},
    )


def static_index(store: Store, base_url: str) -> bytes:
    """The web page as `partywire publish` writes it beside the static feeds (index.html):
    the latest stories and every feed. Its search box and filters need `partywire serve`; a
    reader of static files uses the feed links."""
    base = base_url.rstrip("/") + "/"
    outlets = registered_outlets()
    page = stories(store, Query(limit=PAGE_SIZE))
    hist = History(store)
    ends = [r.ended for o in outlets for r in hist.runs(o.name, limit=1)]
    view = IndexView(
        stories=page.items,
        also=page.also,
        provinces=catalog(store, outlets).provinces,
        outlets=outlets,
        last_crawl=max(ends, default=None),
    )
    return render_index(view, base).encode("utf-8")


def publish_everything(
    store: Store, outdir: str | Path, base_url: str, size: int = 200
) -> list[Published]:
    """What `partywire publish` and each round of `partywire run` write: every feed
    (`publish.publish_all`, which refuses to destroy), then index.html beside them."""
    written = publish_all(store, outdir, base_url, size)
    path = Path(outdir) / "index.html"
    written.append(Published(path, len(written), write_file(path, static_index(store, base_url))))
    return written
