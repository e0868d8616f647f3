"""The web page at `/`: where a person finds the stories and the feeds to subscribe to.

Server-rendered HTML with no JavaScript (filters are GET forms, so every view has a URL a
person can share and a feed a reader can subscribe to), in Vietnamese, readable on a phone.
Everything that comes from the store or the request is escaped here, in one place, so a
title or a search term can never become markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from typing import Any
from urllib.parse import urlencode

from crawler.core.timez import VN

#: What each kind of outlet is called on the page (the registry's kinds).
KIND_LABELS = {
    "party-portal": "Cổng thông tin Đảng bộ",
    "newspaper": "Báo",
    "news-agency": "Thông tấn",
    "national-organ": "Cơ quan Trung ương",
}

#: The three formats of every feed, as the page offers them.
FORMAT_LABELS = (("xml", "RSS"), ("atom", "Atom"), ("json", "JSON Feed"))
_ALT_TYPES = {
    "xml": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}


@dataclass(frozen=True)
class Outlet:
    """One registered site, as a person picks it and subscribes to it."""

    name: str  # the registry's site name: /sites/<name>.xml
    title: str  # the outlet's own name
    province: str
    kind: str


@dataclass(frozen=True)
class Province:
    name: str
    slug: str  # /provinces/<slug>.xml


@dataclass(frozen=True)
class IndexView:
    """What one request of `/` shows: the stories of the chosen filters and every feed."""

    stories: Sequence[Mapping[str, Any]]
    also: Mapping[str, Sequence[Mapping[str, Any]]]
    provinces: Sequence[Province]
    outlets: Sequence[Outlet]
    #: the filters as the request gave them (q, province, site, kind), empty ones left out
    filters: Mapping[str, str] = field(default_factory=dict)
    #: the query string of the next (older) page, or None on the last one
    older: str | None = None
    last_crawl: datetime | None = None


def when(dt: datetime | None) -> str:
    """Vietnam time, day first, as a reader there writes it."""
    return dt.astimezone(VN).strftime("%H:%M %d/%m/%Y") if dt else "—"


def _feed_links(base: str, path: str, query: str = "") -> str:
    q = f"?{escape(query)}" if query else ""
    return " · ".join(
        f'<a class="feed" href="{escape(base)}{escape(path)}.{fmt}{q}">{label}</a>'
        for fmt, label in FORMAT_LABELS
    )


def _alternates(view: IndexView, base: str, query: str) -> str:
    """Autodiscovery: a feed reader given this page's URL finds the unified feed (in each
    format), the feed of this very view, and every province's and outlet's RSS feed."""
    links = [(fmt, "partywire — tất cả", f"feed.{fmt}") for fmt, _ in FORMAT_LABELS]
    if query:
        links += [(fmt, "partywire — trang này", f"feed.{fmt}?{query}") for fmt, _ in FORMAT_LABELS]
    links += [("xml", f"partywire — {p.name}", f"provinces/{p.slug}.xml") for p in view.provinces]
    links += [("xml", f"partywire — {o.title}", f"sites/{o.name}.xml") for o in view.outlets]
    return "\n".join(
        f'<link rel="alternate" type="{_ALT_TYPES[fmt]}" title="{escape(title)}" '
        f'href="{escape(base + href)}">'
        for fmt, title, href in links
    )


def _options(values: Sequence[tuple[str, str]], chosen: str | None, everything: str) -> str:
    opts = [f'<option value="">{everything}</option>']
    for value, label in values:
        sel = " selected" if value == chosen else ""
        opts.append(f'<option value="{escape(value)}"{sel}>{escape(label)}</option>')
    return "".join(opts)


def _form(view: IndexView, base: str) -> str:
    f = view.filters
    provinces = [(p.slug, p.name) for p in view.provinces]
    outlets = [(o.name, o.title) for o in sorted(view.outlets, key=lambda o: o.title)]
    return f"""<form class="filters" method="get" action="{escape(base)}" role="search">
<label>Tìm kiếm <input type="search" name="q" value="{escape(f.get("q", ""))}"
 placeholder="ví dụ: xây dựng Đảng"></label>
<label>Tỉnh, thành <select name="province">{
        _options(provinces, f.get("province"), "Tất cả")
    }</select></label>
<label>Nguồn tin <select name="site">{_options(outlets, f.get("site"), "Tất cả")}</select></label>
<label>Loại <select name="kind">{
        _options(list(KIND_LABELS.items()), f.get("kind"), "Tất cả")
    }</select></label>
<button type="submit">Lọc</button>
</form>"""


def _also(copies: Sequence[Mapping[str, Any]]) -> str:
    if not copies:
        return ""
    links = ", ".join(
        f'<a href="{escape(c["url"])}">{escape(c.get("outlet") or c["url"])}</a>' for c in copies
    )
    return f'<p class="also">Cũng đăng trên: {links}</p>'


def _story(a: Mapping[str, Any], also: Sequence[Mapping[str, Any]]) -> str:
    summary = a.get("summary") or (a.get("text") or "").split("\n\n")[0]
    if len(summary) > 300:
        summary = summary[:300].rsplit(" ", 1)[0] + " …"
    meta = " · ".join(
        escape(x) for x in (a.get("outlet"), a.get("province"), when(a.get("published"))) if x
    )
    return f"""<article class="story">
<h3><a class="story-link" href="{escape(a["url"])}">{escape(a.get("title") or a["url"])}</a></h3>
<p class="meta">{meta}</p>
<p class="summary">{escape(summary)}</p>
{_also(also)}
</article>"""


def _stories(view: IndexView, base: str) -> str:
    if not view.stories:
        return '<p class="empty">Không có bài nào khớp với bộ lọc này.</p>'
    body = "\n".join(_story(a, view.also.get(a["canonical_url"], ())) for a in view.stories)
    if view.older:
        body += f'\n<p class="older"><a rel="next" href="{escape(base)}?{escape(view.older)}">' \
                "Bài cũ hơn →</a></p>"  # fmt: skip
    return body


def _directory(view: IndexView, base: str) -> str:
    """Every province with its feeds, and under it each of its outlets with theirs."""
    by_province: dict[str, list[Outlet]] = {}
    for o in view.outlets:
        by_province.setdefault(o.province, []).append(o)
    parts = []
    for p in view.provinces:
        outlets = "".join(
            f'<li class="outlet" id="site-{escape(o.name)}">{escape(o.title)} '
            f'<span class="feeds">{_feed_links(base, "sites/" + o.name)}</span></li>'
            for o in sorted(by_province.get(p.name, []), key=lambda o: o.title)
        )
        parts.append(
            f'<li class="province" id="province-{escape(p.slug)}">'
            f'<a href="{escape(base)}?{escape(urlencode({"province": p.slug}))}">'
            f"{escape(p.name)}</a> "
            f'<span class="feeds">{_feed_links(base, "provinces/" + p.slug)}</span>'
            f"<ul>{outlets}</ul></li>"
        )
    return "\n".join(parts)


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;
max-width:46rem;padding:0 1rem 2rem;line-height:1.5;color:#222;background:#fff}
header{border-bottom:2px solid #b71c1c;margin-bottom:1rem}
h1{font-size:1.5rem;margin:.75rem 0 .25rem}
h1 a{color:#b71c1c;text-decoration:none}h2{font-size:1.2rem;margin-top:2rem}
h3{font-size:1.05rem;margin:0 0 .2rem}a{color:#0b57a4}
.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin:1rem 0}
.filters label{display:flex;flex-direction:column;font-size:.85rem;flex:1 1 10rem}
.filters input,.filters select,.filters button{font-size:1rem;padding:.35rem;max-width:100%}
.filters button{flex:0 0 auto}
.story{border-bottom:1px solid #ddd;padding:.75rem 0}.meta,.also,.crawl{color:#555;font-size:.85rem}
.meta,.summary,.also{margin:.2rem 0}.feeds{font-size:.85rem;white-space:nowrap}
ul.directory,ul.directory ul{list-style:none;padding-left:0}ul.directory ul{padding-left:1rem}
li.province{margin:.6rem 0}li.outlet{margin:.2rem 0}
"""


def render_index(view: IndexView, base: str) -> str:
    """The whole page; `base` is the site's root URL (ending in /) every link starts from."""
    query = urlencode(dict(view.filters))
    here = f"{escape(base)}feed.xml{'?' + escape(query) if query else ''}"
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>partywire — tin Đảng từ các báo và cổng thông tin</title>
{_alternates(view, base, query)}
<link rel="outline" type="text/x-opml" title="partywire — mọi nguồn tin"
 href="{escape(base)}feeds.opml">
<style>{_CSS}</style></head><body>
<header><h1><a href="{escape(base)}">partywire</a></h1>
<p>Tin tức Đảng từ các báo và cổng thông tin, mỗi tin một lần.</p>
<p class="crawl">Lần thu thập gần nhất: <time>{when(view.last_crawl)}</time> (giờ Việt Nam)</p>
</header>
<main>
{_form(view, base)}
<p class="subscribe">Theo dõi trang này: {_feed_links(base, "feed", query)}
· <a class="opml" href="{escape(base)}feeds.opml">Tất cả nguồn tin (OPML)</a></p>
<h2>Tin mới nhất</h2>
{_stories(view, base)}
<h2 id="nguon-tin">Các nguồn tin</h2>
<p>Mỗi tỉnh, thành và mỗi nguồn tin có kênh riêng (RSS, Atom, JSON Feed).
<a class="opml" href="{escape(base)}feeds.opml">Tải tất cả (OPML)</a> để thêm vào trình đọc tin.</p>
<ul class="directory">
{_directory(view, base)}
</ul>
</main>
<footer><p class="crawl"><a href="{escape(base)}status.html">Tình trạng các trang</a>
· <a href="{here}">Kênh RSS của trang này</a></p></footer>
</body></html>
"""
