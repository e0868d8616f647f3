"""Regenerate the recorded pages: `python -m tests.recorded._author.build`.

Writes tests/recorded/<site>/pages.warc (the pages, as WARC response records with their original
URL, status and headers) and tests/recorded/<site>/expected.json (what the crawl must return for
each article, derived from the content, never from the extractor's output).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from crawler.replay import Recorded, write_warc

from . import templates as t
from .content import BAOCANTHO, BAOTINTUC, NHANDAN
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


def expected(s: Story) -> dict[str, object]:
    paras = ([s.sapo] if s.sapo_in_body else []) + s.paragraphs
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
    }


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
        page(f"{home}rss/chinhtri.rss", t.rss([a], "Nhân Dân - Chính trị", home), RSS),
        page(f"{home}xay-dung-dang/", t.epi_listing([b, a], name, home, "Xây dựng Đảng")),
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

#: URL shapes of generated articles, per family or per site (must match article_pattern).
URLS: dict[str, str] = {
    "epi-mcms": "{home}{slug}-post{id}.html",
    "a-id": "{home}{slug}-a{id}.html",
    "ym": "{home}xay-dung-dang/202611/{slug}-{hex}/",
    "nukeviet": "{home}news/xay-dung-dang/{slug}-{id}.html",
    "dangcongsan": "{home}xay-dung-dang/{slug}-{id6}.html",
    "generic": "{home}chinh-tri/{slug}-{id}.html",
    "baosonla": "{home}chinh-tri/{slug}-{id}.html",
    "qdnd": "{home}chinh-tri/tin-tuc/{slug}-{id}",
    "baochinhphu": "{home}{slug}-102{id}{id}.htm",
    "baothanhhoa": "{home}chinh-tri/{slug}-{id}.htm",
    "huengaynay": "{home}chinh-tri/{slug}-{id}.htm",
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
    "baocamau": "{home}{slug}-a{id}.html",
}
#: Dateline marks some outlets open their leads with.
MARKS = {
    "bbk_baothainguyen": "BBK - ",
    "baoquangtri": "(BQT) - ",
    "dangcongsan": "(ĐCSVN) - ",
    "baogialai": "(GLO) - ",
    "sggp": "(SGGP) - ",
}


def generated(site: str) -> tuple[list[Recorded], list[Story]]:
    from crawler.core.provinces import NATIONAL
    from crawler.sites import get_site

    from . import generate

    cls = get_site(site)
    assert cls is not None, site
    home = cls.home
    shape = URLS.get(site) or URLS[cls.family]
    base = int(hashlib.sha256(site.encode()).hexdigest()[:6], 16) % 900000 + 100000

    def url_for(slug: str, n: int) -> str:
        i = base + n
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
    }.get(fam)
    pages = []
    listing = cls.listings[0] if cls.listings else ""
    newest_first = sorted(stories, key=lambda s: s.published, reverse=True)
    if fam == "epi-mcms":
        pages.append(page(listing, t.epi_listing(newest_first, name, home, "Chính trị")))
    elif fam == "a-id":
        pages.append(page(listing, t.aid_listing(newest_first, home, "chinh-tri")))
    elif fam == "ym":  # two listing pages: pagination is part of what is tested
        nxt = listing + "?paged=2"
        pages.append(page(listing, t.ym_listing(newest_first[:1], home, nxt)))
        pages.append(page(nxt, t.ym_listing(newest_first[1:], home)))
    elif fam == "nukeviet":
        pages.append(page(listing, t.nukeviet_listing(newest_first, home)))
    elif fam == "dangcongsan":
        pages.append(page(listing, t.dcs_listing(newest_first, home)))
    elif listing:
        pages.append(page(listing, t.generic_listing(newest_first, home)))
    for feed in cls.feeds:
        pages.append(page(feed, t.rss(newest_first, name, home), RSS))
    for k, s in enumerate(stories):
        html = art(s, name, home) if art else t.generic_article(s, name, home, variant=k % 2)
        pages.append(page(s.url, html))
    for sm in cls.sitemaps:  # a sitemap index pointing at a Google News urlset
        news = sm.replace("sitemap.xml", "sitemap-news.xml")
        xml = [("Content-Type", "application/xml; charset=utf-8")]
        pages.append(page(sm, t.sitemap_index([news]), xml))
        pages.append(page(news, t.news_sitemap(stories, name), xml))
    return pages, stories


def authored() -> dict[str, tuple[Callable[[], list[Recorded]], list[Story]]]:
    from crawler.sites import registry

    out = dict(HAND_WRITTEN)
    for site in registry():
        if site not in out and site not in SKIP:
            recs, stories = generated(site)
            out[site] = ((lambda r=recs: r), stories)
    return out


#: Sites whose recorded pages come from elsewhere (`partywire record`), never regenerated here.
SKIP: set[str] = set()


def main() -> None:
    for site, (make, stories) in authored().items():
        folder = ROOT / site
        folder.mkdir(parents=True, exist_ok=True)
        n = write_warc(folder / "pages.warc", make(), fixed_date=FIXED_DATE)
        (folder / "expected.json").write_text(
            json.dumps([expected(s) for s in stories], ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
        print(f"{site}: {n} pages, {len(stories)} articles")


if __name__ == "__main__":
    main()
