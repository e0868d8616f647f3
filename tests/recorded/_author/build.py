"""Regenerate the modelled recorded pages: `python -m tests.recorded._author.build`.

Writes tests/recorded/<site>/pages.warc (the pages, as WARC response records with their original
URL, status and headers) and tests/recorded/<site>/expected.json. What a page shows a reader
(title, date, text, section, tags, image, ...) is derived from the story and its family's
template (`shown`), never from the extractor's output; what only the code can compute (the
sanitised body, the fingerprint, which path found each field) is kept from the expected JSON
that `partywire check SITE --update` pinned and a person reviewed.

A site whose pages were recorded from real material (`partywire record` or `pack`) is never
overwritten: every record this builder writes carries `FIXED_DATE`, and a pages.warc with any
other record date was not written here (see `modelled`).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from crawler.check import load_expected, pinned_fields
from crawler.core.provinces import NATIONAL
from crawler.replay import Recorded, write_warc
from crawler.sites import get_site, registry
from spiders.base import NewsSpider

from . import generate
from . import templates as t
from .content import BAOCANTHO, BAOTINTUC, NHANDAN, SYNDICATED
from .model import Story

ROOT = Path(__file__).resolve().parent.parent
FIXED_DATE = "2026-11-21T00:00:00Z"
HTML = [("Content-Type", "text/html; charset=utf-8"), ("Server", "nginx")]
RSS = [("Content-Type", "application/rss+xml; charset=utf-8")]


def page(
    url: str, body: str, headers: list[tuple[str, str]] = HTML, status: int = 200, gz: bool = False
) -> Recorded:
    data = body.encode("utf-8")
    hdrs = list(headers)
    if gz:
        data = gzip.compress(data, mtime=0)
        hdrs.append(("Content-Encoding", "gzip"))
    hdrs.append(("Content-Length", str(len(data))))
    return Recorded(url=url, status=status, headers=hdrs, body=data)


#: The 2025 merger of provinces took effect at 00:00 on 1 July 2025, Vietnam time: an article
#: published before it names the former province its outlet served.
MERGED = datetime.fromisoformat("2025-07-01T00:00:00+07:00")
#: What each family's template prints as the section: the story's own, or a fixed breadcrumb.
SECTION: dict[str, Callable[[Story], str | None]] = {
    "epi-mcms": lambda s: s.section,  # breadcrumb and article:section
    "a-id": lambda s: s.section,  # the title bar's "THỜI SỰ > section"
    "ttxvn": lambda s: s.section,  # the active breadcrumb link
    "ym": lambda s: "Xây dựng Đảng",  # breadcrumbs "Trang chủ Xây dựng Đảng"
    "nukeviet": lambda s: "Xây dựng Đảng",  # breadcrumbs "Trang nhất » Xây dựng Đảng"
    "dangcongsan": lambda s: None,  # navigation only, no breadcrumb
    "sc-longform": lambda s: None,  # sites.tsv names no section element
    "vccorp": lambda s: None,  # sites.tsv names no section element
    "generic": lambda s: "Chính trị",  # breadcrumb "Trang chủ / Chính trị"
}
#: What each family's template prints as the article's keywords.
TAGS: dict[str, Callable[[Story], list[str]]] = {
    "ttxvn": lambda s: ["Đảng ủy"],  # the template's keyword box is fixed
    "generic": lambda s: [],  # no keyword box
    # sc-longform (.c-widget-tags) and vccorp (.detail-tag-list) print the story's own tags; no
    # rule with evidence reads them yet: tests/test_registry_walk.py KNOWN_GAPS says so
}
#: Families whose page declares a modification time (article:modified_time, JSON-LD
#: dateModified); every one of them declares the publication instant.
MODIFIED = {"epi-mcms", "generic"}
#: Fields only the code can compute; kept from the reviewed expected JSON when regenerating.
COMPUTED = ("body_html", "fingerprint", "field_sources", "date_source")


def canonical(url: str) -> str:
    """The page's declared canonical URL (link rel=canonical or og:url: the story's URL, with a
    tracking parameter on some families) keyed as the store keys a story: https, no www., no
    trailing slash, no tracking parameter. The model's URLs are https without a query."""
    return url.replace("://www.", "://", 1).removesuffix("/")


def shown(site: str, s: Story) -> dict[str, object]:
    """What the page of `s` shows a reader, field by field, from the story and its family's
    template alone: the registry walk holds the crawl to these values."""
    cls = get_site(site)
    assert cls is not None, site
    fam = cls.family
    paras = ([s.sapo] if s.sapo_in_body else []) + s.paragraphs
    published = datetime.fromisoformat(s.published)
    first_photo = s.photos[min(s.photos)] if s.photos else None
    return {
        "url": s.url,
        "title": s.title,
        "published": s.published,
        "authors": s.authors,
        "source": s.source,
        "summary": s.sapo,
        "first_paragraph": paras[0],
        "last_paragraph": paras[-1],
        "text": "\n\n".join(paras),
        "text_length": len("\n\n".join(paras)),
        "site": site,
        "outlet": cls.outlet,
        "province": cls.province,
        "former_province": cls.former_province if published < MERGED else None,
        "canonical_url": canonical(s.url),
        "section": SECTION[fam](s),
        "tags": TAGS[fam](s) if fam in TAGS else list(s.tags),
        "image": first_photo.src if first_photo else None,
        "modified": s.published if fam in MODIFIED else None,
        "cluster": next((sorted(g) for g in SYNDICATED if s.url in g), [s.url]),
    }


def expected(site: str, stories: list[Story], pinned: dict[str, dict[str, object]]) -> str:
    """The expected JSON of a modelled site: what its pages show, and what the code computed
    for them as last pinned (absent until `partywire check SITE --update` pins it)."""
    out = []
    for s in sorted(stories, key=lambda s: s.url):
        rec = shown(site, s)
        old = pinned.get(s.url, {})
        rec.update({k: old[k] for k in COMPUTED if k in old})
        out.append({k: rec[k] for k in pinned_fields() if k in rec})
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


def nhandan() -> list[Recorded]:
    home = "https://nhandan.vn/"
    name = "Báo Nhân Dân điện tử"
    a, b = NHANDAN
    return [
        page(
            "https://nhandan.vn/robots.txt",
            "User-agent: *\nDisallow: /print.html\n",
            [("Content-Type", "text/plain")],
        ),
        # the three feeds sites.tsv names; kinhte-1185 is the real one in ../shared/corpus
        page(f"{home}rss/tin-moi-nhat-1.rss", t.rss([b, a], "Nhân Dân - Tin mới nhất", home), RSS),
        page(f"{home}rss/kinhte-1185.rss", t.rss([a], "Nhân Dân - Kinh tế", home), RSS),
        page(f"{home}rss/xa-luan-1176.rss", t.rss([a], "Nhân Dân - Xã luận", home), RSS),
        page(f"{home}tin-tuc-world-cup-2026/", t.epi_listing([b, a], name, home, "Tin tức")),
        page(a.url, t.epi_article(a, name, home)),
        page(b.url, t.epi_article(b, name, home), gz=True),
    ]


def baocantho() -> list[Recorded]:
    home = "https://baocantho.com.vn/"
    a, b = BAOCANTHO
    return [
        page(
            f"{home}robots.txt",
            "User-agent: *\nDisallow: /print/\n",
            [("Content-Type", "text/plain")],
        ),
        page(f"{home}rss/cate/thoi-su/", t.rss([b, a], "Báo Cần Thơ - Thời sự", home), RSS),
        page(f"{home}thoi-su/", t.aid_listing([b, a], home, "thoi-su")),
        page(a.url, t.aid_article(a, "Báo Cần Thơ", home)),
        page(b.url, t.aid_article(b, "Báo Cần Thơ", home)),
    ]


def baotintuc() -> list[Recorded]:
    home = "https://baotintuc.vn/"
    a, b = BAOTINTUC
    p1 = f"{home}xay-dung-dang-1623ct472.htm"
    p2 = f"{home}xay-dung-dang-1623ct472/trang-2.htm"
    return [
        page(p1, t.ttxvn_listing([a], home, "/xay-dung-dang-1623ct472/trang-2.htm")),
        page(p2, t.ttxvn_listing([b], home, None)),
        page(a.url, t.ttxvn_article(a, "Báo Tin tức", home)),
        page(b.url, t.ttxvn_article(b, "Báo Tin tức", home)),
    ]


HAND_WRITTEN: dict[str, tuple[Callable[[], list[Recorded]], list[Story]]] = {
    "nhandan": (nhandan, NHANDAN),
    "baocantho": (baocantho, BAOCANTHO),
    "baotintuc": (baotintuc, BAOTINTUC),
}

#: URL shapes of generated articles, per family or per site (must match article_pattern); a
#: site whose sites.tsv row gives several real forms has one shape per form, and its articles
#: take them in turn, so every form is discovered through the crawl.
URLS: dict[str, str | tuple[str, ...]] = {
    "epi-mcms": "{home}{slug}-post{id}.html",
    "a-id": "{home}{slug}-a{id}.html",
    "ym": "{home}xay-dung-dang/202611/{slug}-{hex}/",
    "nukeviet": "{home}news/xay-dung-dang/{slug}-{id}.html",
    # current (no id in the path) and older (6-digit id) forms
    "dangcongsan": ("{home}tin-hoat-dong/{slug}.html", "{home}xay-dung-dang/{slug}-{id6}.html"),
    "sc-longform": "{home}{slug}-{id}.html",
    # 17- and 18-digit ids, both on the real listing
    "vccorp": ("{home}{slug}-10226{id}{id}.htm", "{home}{slug}-102{id}{id}{id_3}.htm"),
    "generic": "{home}chinh-tri/{slug}-{id}.html",
    "tapchicongsan": (
        "{home}web/guest/chinh-tri-xay-dung-dang/-/2018/{id}/{slug}.aspx",
        "{home}web/guest/chinh-tri-xay-dung-dang/-/2018/{id}/view_content",
    ),
    "xaydungdang": "{home}xay-dung-dang/{slug}-{id}",
    "huengaynay": ("{home}chinh-tri/{slug}-{id}.html", "{home}chinh-tri/{slug}-{id}.htm"),
    "baothanhhoa": ("{home}{slug}-{id}.htm", "{home}thoi-su/{slug}/{id}.htm"),
    "baosonla": "{home}chinh-tri/{slug}-{id}.html",
    "qdnd": "{home}chinh-tri/tin-tuc/{slug}-{id}",
    "baobacninhtv": "{home}{slug}-postid{id}.bbg",
    "baolaichau": "{home}chinh-tri/{slug}-{id}",
    "baodienbienphu": "{home}tin-bai/chinh-tri/{slug}",
    "baolangson": "{home}{slug}-{id}.html",
    "baocaobang": "{home}{slug}-{id}.html",
    "baophutho": "{home}chinh-tri/{slug}-{id}.htm",
    "baohungyen": "{home}{slug}-{id}.html",
    "baoninhbinh": "{home}{slug}-{id}{id}{id_3}.html",
    "baoquangngai": "{home}chinh-tri/{slug}-{id}.htm",
    "baolamdong": "{home}{slug}-{id}.html",
    "baohaiphong": "{home}{slug}-{id}.html",
}
#: Dateline marks some outlets open their leads with.
MARKS = {
    "bbk_baothainguyen": "BBK - ",
    "baoquangtri": "(BQT) - ",
    "dangcongsan": "(ĐCSVN) - ",
    "baogialai": "(GLO) - ",
    "sggp": "(SGGP) - ",
    "baochinhphu": "(Chinhphu.vn) - ",  # sites.tsv: the sapo shows this prefix
}


def generated(site: str) -> tuple[list[Recorded], list[Story]]:
    cls = get_site(site)
    assert cls is not None, site
    home = cls.home
    found = URLS.get(site) or URLS[cls.family]
    shapes = (found,) if isinstance(found, str) else found
    base = int(hashlib.sha256(site.encode()).hexdigest()[:6], 16) % 900000 + 100000

    def url_for(slug: str, n: int) -> str:
        i = base + n
        shape = shapes[n % len(shapes)]
        return shape.format(home=home, slug=slug, id=i, id6=i, id_3=str(i)[:3], hex=f"{i:07x}"[-7:])

    place = cls.province if cls.province != NATIONAL else "Hà Nội"
    stories = [
        generate.story(site, n, url_for, place, when, MARKS.get(site, ""))
        for n, when in enumerate(generate.publish_times(site))
    ]
    name = cls.outlet
    fam = cls.family
    if fam in ("generic", "a-id"):
        for st in stories:  # no sapo element the rules can tell apart: the lead opens the text
            st.sapo_in_body = True
    art = {
        "epi-mcms": t.epi_article,
        "a-id": t.aid_article,
        "ym": t.ym_article,
        "nukeviet": t.nukeviet_article,
        "dangcongsan": t.dcs_article,
        "sc-longform": t.sclongform_article,
        "vccorp": t.vccorp_article,
    }.get(fam)
    newest_first = sorted(stories, key=lambda s: s.published, reverse=True)
    pages = [page(url, listing_page(fam, newest_first, name, home)) for url in start_pages(cls)]
    feed = t.rss_dotnet if fam == "vccorp" else t.rss  # the real feed's date form
    for url in cls.feeds:
        pages.append(page(url, feed(newest_first, name, home), RSS))
    for k, s in enumerate(stories):
        html = art(s, name, home) if art else t.generic_article(s, name, home, variant=k % 2)
        pages.append(page(s.url, html))
    for sm in cls.sitemaps:  # a sitemap index pointing at a Google News urlset
        news = sm.replace("sitemap.xml", "sitemap-news.xml")
        xml = [("Content-Type", "application/xml; charset=utf-8")]
        pages.append(page(sm, t.sitemap_index([news]), xml))
        pages.append(page(news, t.news_sitemap(stories, name), xml))
    return pages, stories


def start_pages(cls: type[NewsSpider]) -> list[str]:
    """The listing pages a crawl of the site fetches: its listings, or its home page when it
    declares no listing, feed or sitemap (NewsSpider.start)."""
    if cls.listings:
        return list(cls.listings)
    return [] if cls.feeds or cls.sitemaps else [cls.home]


def listing_page(fam: str, stories: list[Story], name: str, home: str) -> str:
    """A listing of the family's CMS, newest first."""
    if fam == "epi-mcms":
        return t.epi_listing(stories, name, home, "Chính trị")
    if fam == "a-id":
        return t.aid_listing(stories, home, "chinh-tri")
    if fam == "ym":
        return t.ym_listing(stories, home)
    if fam == "nukeviet":
        return t.nukeviet_listing(stories, home)
    if fam == "dangcongsan":
        return t.dcs_listing(stories, home)
    if fam == "sc-longform":
        return t.sclongform_listing(stories, home, "Chính trị")
    if fam == "vccorp":
        return t.vccorp_listing(stories, home)
    return t.generic_listing(stories, home)


def authored() -> dict[str, tuple[Callable[[], list[Recorded]], list[Story]]]:
    out = dict(HAND_WRITTEN)
    for site in registry():
        if site not in out:
            recs, stories = generated(site)
            out[site] = (functools.partial(list, recs), stories)
    return out


def real_material(folder: Path) -> str | None:
    """Why the folder's pages must not be regenerated (None when this builder wrote them).

    The provenance is in the file itself: every record written here is dated `FIXED_DATE`,
    while `partywire record` and `pack` date theirs when they write them, and `pack` keeps the
    pages already there. So no list has to be kept up to date by hand, and a modelled folder
    that was later packed with one real page is protected too."""
    warc = folder / "pages.warc"
    if not warc.exists():
        return None
    try:
        with warc.open("rb") as fh:
            dates = {r.rec_headers.get_header("WARC-Date") for r in ArchiveIterator(fh)}
    except Exception as exc:  # warcio raises several types for a damaged archive
        return f"{warc} is not a WARC file this builder can read ({exc})"
    if None in dates:  # warcio reads any bytes as records; ours always carry a date
        return f"{warc} is not a WARC file this builder wrote (a record without WARC-Date)"
    other = sorted(d for d in dates if d != FIXED_DATE)
    if other:
        return f"{warc} holds pages recorded from real material (dated {other[0]})"
    return None


def main(root: Path = ROOT, only: list[str] | None = None) -> list[str]:
    """Regenerate every modelled site (or the named ones); returns the sites left alone."""
    kept = []
    for site, (make, stories) in authored().items():
        if only and site not in only:
            continue
        folder = root / site
        why = real_material(folder)
        if why:
            print(f"{site}: not regenerated: {why}")
            kept.append(site)
            continue
        folder.mkdir(parents=True, exist_ok=True)
        pinned = load_expected(folder / "expected.json")
        n = write_warc(folder / "pages.warc", make(), fixed_date=FIXED_DATE)
        (folder / "expected.json").write_text(expected(site, stories, pinned), encoding="utf-8")
        unpinned = [s.url for s in stories if s.url not in pinned]
        note = f"; run `partywire check {site} --update` to pin the body" if unpinned else ""
        print(f"{site}: {n} pages, {len(stories)} articles{note}")
    return kept


if __name__ == "__main__":
    main(only=sys.argv[1:])
