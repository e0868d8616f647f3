"""Every registered site, walked as Fundus walks its publishers: a declaration without evidence,
or a URL pattern that rejects a real article form of its site, fails here.

The evidence is `../shared/sites.tsv` (read at test time, never copied) and the real pages in
`../shared/corpus`. The table below quotes each URL form exactly as the site's tsv row writes
it, with one URL of that form; the tests check that the quote is in the row, that the URL has
the form, and that the site's pattern accepts the article forms and rejects the others. A URL
marked real is checked to be written, verbatim, in the file it names.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest

from crawler.core.linkshape import QUERY_ID_NAMES
from crawler.sites import registry
from spiders.base import NewsSpider
from spiders.families import sources
from tests.conftest import shared_path

SITES = sorted(registry())


@dataclass(frozen=True)
class Form:
    """One URL of a site. `written` is the form as its sites.tsv row writes it (in `column`),
    or None for a real URL, which then names the file (`real`) it is written in."""

    article: bool
    url: str
    written: str | None = None
    column: str = "article_url_pattern"
    real: str | None = None


A, N = True, False
TSV = "sites.tsv"

FORMS: dict[str, list[Form]] = {
    "dangcongsan": [
        Form(
            A,
            "https://dangcongsan.vn/tin-hoat-dong/vi-du.html?categoryId=1",
            "/{cat-slug}/{slug}.html?categoryId={n}",
        ),
        Form(
            A,
            "https://dangcongsan.vn/xay-dung-dang/vi-du-123456.html",
            "/{cat-slug}/{slug}-{6-digit id}.html",
        ),
        Form(
            A,
            "https://dangcongsan.vn/cpv/Modules/News/NewsDetail.aspx?co_id=10005&cn_id=584743",
            real=TSV,
        ),
        Form(
            N,
            "https://dangcongsan.vn/page/search?keyword=dang",
            "search /page/search?keyword=",
            "listing_url_pattern",
        ),
    ],
    "tapchicongsan": [
        Form(
            A,
            "https://www.tapchicongsan.org.vn/web/guest/kinh-te/-/2018/12345/vi-du.aspx",
            "/web/guest/{section}/-/2018/{id}/{slug}.aspx",
        ),
        Form(
            A,
            "https://www.tapchicongsan.org.vn/web/guest/kinh-te/-/2018/12345/view_content",
            "/web/guest/{section}/-/2018/{id}/view_content",
        ),
        Form(
            A,
            "https://www.tapchicongsan.org.vn/media-story/-/asset_publisher/ab12/content/vi-du",
            "/media-story/-/asset_publisher/{portlet}/content/{slug}",
        ),
        Form(
            N,
            "https://www.tapchicongsan.org.vn/web/guest/chinh-tri-xay-dung-dang",
            "/web/guest/chinh-tri-xay-dung-dang",
            "listing_url_pattern",
        ),
    ],
    "xaydungdang": [
        Form(
            A, "https://www.xaydungdang.org.vn/xay-dung-dang/vi-du-16364", "/<section>/<slug>-16364"
        ),
    ],
    "huengaynay": [
        Form(A, "https://huengaynay.vn/chinh-tri/vi-du.html", "/{...}/{slug}.html (current)"),
        Form(A, "https://huengaynay.vn/chinh-tri/vi-du-123.htm", ".htm seen on older pages"),
    ],
    "baothanhhoa": [
        Form(A, "https://baothanhhoa.vn/vi-du-123456.htm", "/{slug}-{id}.htm"),
        Form(A, "https://baothanhhoa.vn/thoi-su/vi-du/123456.htm", "older /{cat}/{slug}/{id}.htm"),
        Form(N, "https://baothanhhoa.vn/thoi-su", "/{slug}", "listing_url_pattern"),
        Form(N, "https://baothanhhoa.vn/rss/thoi-su.xml", "/rss/thoi-su.xml", "feeds"),
    ],
    "baocamau": [
        Form(A, "https://baocamau.vn/vi-du-a12345.html", "/{slug}-a{id}.html"),
    ],
    "nhandan": [
        Form(A, "https://nhandan.vn/vi-du-post123.html", "/{slug}-post{id}.html"),
        Form(N, "https://nhandan.vn/tu-khoa/vi-du-tag17.html", "tags /tu-khoa/{slug}-tag{id}.html"),
        Form(
            N,
            "https://nhandan.vn/tin-tuc-world-cup-2026/",
            "/tin-tuc-world-cup-2026/",
            "listing_url_pattern",
        ),
        Form(
            A,
            "https://nhandan.vn/danh-bai-argentina-tay-ban-nha-vo-dich-world-cup-lan-thu-hai-post976641.html",
            real="corpus/README.md",
        ),
        Form(
            A,
            "https://nhandan.vn/tang-cuong-nang-luc-ho-tro-hoi-nhap-tai-chinh-asean-post988500.html",
            real="corpus/nhandan.vn__feed.rss",
        ),
        Form(
            N,
            "https://nhandan.vn/tu-khoa/WorldCup-tag17202.html",
            real="corpus/nhandan.vn__article.html",
        ),
    ],
    "qdnd": [
        Form(A, "https://www.qdnd.vn/chinh-tri/tin-tuc/vi-du-1020977", "...-1020977"),
        Form(N, "https://www.qdnd.vn/chinh-tri", "/chinh-tri", "listing_url_pattern"),
        Form(N, "https://www.qdnd.vn/rss/home.rss", "/rss/home.rss", "feeds"),
    ],
    "hanoimoi": [
        Form(A, "https://hanoimoi.vn/vi-du-7562.html", "/{slug}-{id}.html"),
        Form(N, "https://hanoimoi.vn/vi-du-event1234.html", "-event{id}.html"),
        Form(N, "https://hanoimoi.vn/chinh-tri", "/chinh-tri", "listing_url_pattern"),
    ],
    "baochinhphu": [
        Form(
            A,
            "https://baochinhphu.vn/chinh-sach-moi-co-hieu-luc-tu-thang-3-2026-102260228093004191.htm",
            real=TSV,
        ),
        Form(A, "https://baochinhphu.vn/vi-du-102260228093004191.htm", "/{slug}-{18-digit id}.htm"),
        Form(
            A,
            "https://baochinhphu.vn/cua-khau-so-hoa-doanh-nghiep-them-lua-chon-thanh-toan-cny-tu-techcombank-102260914184713458.htm",
            real="corpus/baochinhphu.vn__feed.rss",
        ),
        Form(
            A,
            "https://baochinhphu.vn/danh-gia-dien-rong-cap-quoc-gia-chat-luong-giao-duc-pho-thong-10226030416274747.htm",
            real="corpus/baochinhphu.vn__listing.html",
        ),
        Form(
            N,
            "https://baochinhphu.vn/chinh-sach-va-cuoc-song/chinh-sach-moi.htm",
            "/chinh-sach-va-cuoc-song/chinh-sach-moi.htm",
            "listing_url_pattern",
        ),
        Form(N, "https://baochinhphu.vn/chinh-tri.htm", "/{section}.htm", "listing_url_pattern"),
        Form(
            N,
            "https://baochinhphu.vn/timelinelist/1021119/2.htm",
            "/timelinelist/{zone}/{n}.htm",
            "listing_url_pattern",
        ),
        Form(N, "https://baochinhphu.vn/tin-moi.htm", real="corpus/baochinhphu.vn__listing.html"),
    ],
    "baobacninhtv": [
        Form(A, "https://baobacninhtv.vn/vi-du-postid123.bbg", "/{slug}-postid{id}.bbg")
    ],
    "baobinhduong": [
        Form(A, "https://baobinhduong.vn/vi-du-a123.html", "/{slug}-a{id}.html"),
        Form(N, "https://baobinhduong.vn/chinh-tri", "/chinh-tri", "listing_url_pattern"),
    ],
    "baocantho": [
        Form(A, "https://baocantho.com.vn/vi-du-a196670.html", "/{slug}-a{id}.html"),
        Form(
            N,
            "https://baocantho.com.vn/thoi-su/can-tho/",
            "/thoi-su/can-tho/",
            "listing_url_pattern",
        ),
        Form(
            A,
            "https://baocantho.com.vn/tap-trung-trien-khai-cac-dot-thanh-tra-kiem-tra-co-trong-tam-trong-diem-nhat-la-cac-linh-vuc-co-ng-a196670.html",
            real="corpus/README.md",
        ),
        Form(
            N,
            "https://baocantho.com.vn/rao-vat-thong-bao-596.html",
            real="corpus/baocantho.com.vn__listing.html",
        ),
        Form(
            N,
            "https://baocantho.com.vn/tin-longform.html",
            real="corpus/baocantho.com.vn__listing.html",
        ),
    ],
    "baocaobang": [
        Form(A, "https://baocaobang.vn/vi-du-123.html", "/{slug}-{id}.html"),
        Form(N, "https://baocaobang.vn/chinh-tri", "/chinh-tri", "listing_url_pattern"),
    ],
    "baodaklak": [
        Form(
            A,
            "https://baodaklak.vn/tin-noi-bat/202606/vi-du-2887253/",
            "/tin-noi-bat/202606/...-2887253/",
        )
    ],
    "baodanang": [
        Form(A, "https://baodanang.vn/vi-du-123.html", "/{slug}-{id}.html"),
        Form(N, "https://baodanang.vn/xa-hoi", "/xa-hoi", "listing_url_pattern"),
    ],
    "baodienbienphu": [
        Form(A, "https://baodienbienphu.vn/tin-bai/chinh-tri/vi-du", "/tin-bai/{cat}/{slug}")
    ],
    "baodongthap": [Form(A, "https://baodongthap.vn/vi-du-a123.html", "/{slug}-a{id}.html")],
    "baogialai": [Form(A, "https://baogialai.com.vn/vi-du-post123.html", "/{slug}-post{id}.html")],
    "baohaiphong": [
        Form(A, "https://baohaiphong.vn/vi-du-123.html", "/{slug}-{id}.html"),
        Form(N, "https://baohaiphong.vn/kinh-te", "/kinh-te", "listing_url_pattern"),
    ],
    "baohatinh": [Form(A, "https://baohatinh.vn/vi-du-post123.html", "/{slug}-post{id}.html")],
    "baohungyen": [Form(A, "https://baohungyen.vn/vi-du-123.html", "/{slug}-{id}.html")],
    "baokhanhhoa": [
        Form(
            A,
            "https://baokhanhhoa.vn/chinh-tri/202606/vi-du-00de6c4/",
            "/{cat}/YYYYMM/{slug}-{7 hex}/",
        )
    ],
    "baolaichau": [Form(A, "https://baolaichau.vn/chinh-tri/vi-du-123", "/{cat}/{slug}-{id}")],
    "baolamdong": [Form(A, "https://baolamdong.vn/vi-du-123.html", "/{slug}-{id}.html")],
    "baolangson": [
        Form(A, "https://baolangson.vn/vi-du-123.html", "/{slug}-{id}.html"),
        Form(N, "https://baolangson.vn/chinh-tri", "/chinh-tri", "listing_url_pattern"),
    ],
    "baolaocai": [
        Form(A, "https://baolaocai.vn/vi-du-post123.html", "/{slug}-post{id}.html"),
        Form(N, "https://baolaocai.vn/chinh-tri/", "/chinh-tri/", "listing_url_pattern"),
    ],
    "baonghean": [
        Form(A, "https://baonghean.vn/vi-du-123.html", "/{slug}-{id}.html"),
    ],
    "baoninhbinh": [
        Form(A, "https://baoninhbinh.org.vn/vi-du-123456789012345.html", "/{slug}-{15 digits}.html")
    ],
    "baophutho": [Form(A, "https://baophutho.vn/chinh-tri/vi-du-123.htm", ".../{slug}-{id}.htm")],
    "baoquangngai": [
        Form(A, "https://baoquangngai.vn/vi-du-123.htm", "/{slug}-{id}.htm"),
        Form(N, "https://baoquangngai.vn/thoi-su", "/thoi-su", "listing_url_pattern"),
    ],
    "baoquangninh": [Form(A, "https://baoquangninh.vn/vi-du-123.html", "/{slug}-{id}.html")],
    "baoquangtri": [
        Form(
            A,
            "https://baoquangtri.vn/suc-khoe/202603/vi-du-d0f7a12/",
            "/suc-khoe/202603/...-d0f7a12/",
        ),
        Form(A, "https://baoquangtri.vn/vi-du-12345.htm", "older /{slug}-{id}.htm"),
    ],
    "baosonla": [
        Form(A, "https://baosonla.vn/chinh-tri/vi-du-123.html", "/{cat}/{slug}-{id}.html"),
        Form(N, "https://baosonla.vn/chinh-tri.html", "/{slug}.html", "listing_url_pattern"),
    ],
    "baotayninh": [
        Form(A, "https://www.baotayninh.vn/vi-du-a123.html", "/{slug}-a{id}.html"),
        Form(
            N,
            "https://www.baotayninh.vn/index.php/video/xem-video/vi-du-123.html",
            "older /index.php/video/xem-video/{slug}-{id}.html",
        ),
    ],
    "baothainguyen": [
        Form(
            A,
            "https://baothainguyen.vn/xay-dung-dang/202606/vi-du-123456/",
            "/{cat}/{YYYYMM}/{slug}-{id}/",
        )
    ],
    "baotintuc": [
        Form(
            A,
            "https://baotintuc.vn/thoi-su/vi-du-20260716171700123.htm",
            "/{cat-slug}/{slug}-{17 digits yyyymmddHHMMSSmmm}.htm",
        ),
        Form(
            N,
            "https://baotintuc.vn/xay-dung-dang-1623ct472.htm",
            "/xay-dung-dang-1623ct472.htm",
            "listing_url_pattern",
        ),
        Form(
            N,
            "https://baotintuc.vn/dong-su-kien/vi-du-e123.htm",
            "/dong-su-kien/{slug}-e{id}.htm",
            "listing_url_pattern",
        ),
    ],
    "baotuyenquang": [
        Form(
            A,
            "https://baotuyenquang.com.vn/thoi-su-chinh-tri/tin-tuc/202606/vi-du-123456/",
            "/{cat...}/{YYYYMM}/{slug}-{id}/",
        )
    ],
    "bbk_baothainguyen": [
        Form(A, "https://bbk.baothainguyen.vn/vi-du-post123.html", "/{slug}-post{id}.html")
    ],
    "dongkhoi_baovinhlong": [
        Form(A, "https://dongkhoi.baovinhlong.vn/vi-du-a123.html", "/{slug}-a{id}.html")
    ],
    "sggp": [
        Form(A, "https://www.sggp.org.vn/vi-du-post123.html", "/{slug}-post{id}.html"),
        Form(
            A,
            "https://www.sggp.org.vn/mua-lon-nhieu-tuyen-duong-tphcm-ngap-nang-post873017.html",
            real="corpus/sggp.org.vn__feed.rss",
        ),
    ],
    "tinhuybinhphuoc": [
        Form(
            N,
            "https://tinhuybinhphuoc.vn/news/tag/xay-dung-dang/page-8",
            "/news/tag/{tag}/page-8",
            "listing_url_pattern",
        ),
    ],
    "travinh_baovinhlong": [
        Form(A, "https://travinh.baovinhlong.vn/vi-du-a123.html", "/{slug}-a{id}.html")
    ],
}

#: Sites whose tsv row says a real page was seen but keeps no URL of it (and ../shared/corpus
#: holds none): their pattern is held to the tsv's forms only.
NO_REAL_URL = {
    "baotintuc": "sites.tsv 'real page seen'; the row writes forms and listing URLs only",
    "baolaocai": "sites.tsv 'real page seen'; the row writes the URL form only",
    "hanoimoi": "sites.tsv 'real page seen (held out)'; the row writes the URL form only",
}


@cache
def tsv_rows() -> dict[str, dict[str, str]]:
    with shared_path("sites.tsv").open(encoding="utf-8", newline="") as fh:
        return {r["domain"]: r for r in csv.DictReader(fh, delimiter="\t")}


def row(site: str) -> dict[str, str] | None:
    """The site's sites.tsv row: the one whose domain cell names the site's host."""
    host = urlsplit(registry()[site].home).hostname or ""
    for domain, r in tsv_rows().items():
        names = {d.strip() for d in domain.split("/")}
        if host in names or host.removeprefix("www.") in names:
            return r
    return None


def form_regex(written: str) -> str:
    """A URL form as sites.tsv writes it ('{slug}', '<section>', 'YYYYMM', '...') as a
    regex on the URL's path and query; the words around a form ('older', 'tags') are not in
    the URL."""
    written = re.sub(
        r"^(?:older|tags|search)\s+|\s+\(.*\)$|^\.htm seen on older pages$", "", written
    )
    out = []
    for tok in re.split(r"(\{[^}]*\}|<[^>]*>|\.\.\.|YYYYMM)", written):
        if tok.startswith(("{", "<")) or tok == "YYYYMM":
            out.append(r"[^/?]+")
        elif tok == "...":
            out.append(".*")
        else:
            out.append(re.escape(tok))
    if written.endswith("="):  # a query parameter written without its value
        out.append("[^&]*")
    return "".join(out)


def path_query(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def accepts(cls: type[NewsSpider], url: str) -> bool:
    """As the spider judges a link (`is_article`): on the path, and on the query too when
    the pattern names one, so a form whose id is in its query is held to its query."""
    assert cls.article_pattern is not None
    return cls().is_article(url)


@pytest.mark.parametrize("site", SITES)
def test_every_declaration_names_its_evidence(site: str) -> None:
    """A pattern, feed, sitemap, listing, listing selector, pager, rule set or date order
    that does not say where it comes from is refused."""
    missing = [k for k, v in sources(registry()[site]).items() if not v]
    assert not missing, f"site {site}: {missing} declared without evidence_notes"


#: what sites.tsv writes after a URL that was never seen on a real page (its README)
GUESS = re.compile(r"unverified|guess|public site list")


def vouched(path: str, cell: str) -> bool:
    """Whether the cell names the path without calling it a guess: the words after it, up to
    the next path or ';', do not say 'unverified', 'guess' or 'public site list'."""
    for segment in cell.split(";"):
        start = segment.find(path)
        while start >= 0:
            after = re.split(r"[\s,(]/", segment[start + len(path) :], maxsplit=1)[0]
            if not GUESS.search(after):
                return True
            start = segment.find(path, start + 1)
    return False


@pytest.mark.parametrize("site", SITES)
def test_declared_urls_are_written_in_the_evidence(site: str) -> None:
    """A declared feed, sitemap or listing URL is one sites.tsv or a real page names: its
    path is written in the site's tsv row (not as a guess) or in a corpus file of the site."""
    cls = registry()[site]
    r = row(site)
    corpus = shared_path("corpus")
    host = (urlsplit(cls.home).hostname or "").removeprefix("www.")
    pages = [p.read_text(encoding="utf-8") for p in corpus.glob(f"{host}__*")]
    pages.append((corpus / "README.md").read_text(encoding="utf-8"))
    for url in (*cls.feeds, *cls.sitemaps, *cls.listings):
        path = urlsplit(url).path
        in_tsv = r is not None and any(vouched(path, cell) for cell in r.values())
        in_corpus = any(url in t or f'"{path}"' in t for t in pages)
        assert in_tsv or in_corpus, f"site {site}: {url} is in neither sites.tsv nor corpus"


@pytest.mark.parametrize("site", sorted(FORMS))
def test_forms_are_the_ones_sites_tsv_writes(site: str) -> None:
    r = row(site)
    assert r is not None, f"site {site} has no sites.tsv row"
    for f in FORMS[site]:
        if f.written is None:
            assert f.real is not None, f.url
            source = shared_path(TSV) if f.real == TSV else shared_path(*f.real.split("/"))
            text = source.read_text(encoding="utf-8")
            assert f.url in text or path_query(f.url) in text, f"{f.url} is not in {f.real}"
            continue
        assert f.written in r[f.column], f"{site}: {f.written!r} is not in its {f.column} cell"
        rx = form_regex(f.written)
        assert re.fullmatch(rx, path_query(f.url)) or re.search(rx + "$", path_query(f.url)), (
            f"{site}: {f.url} is not of the form {f.written!r}"
        )


@pytest.mark.parametrize("site", SITES)
def test_every_article_form_of_the_row_is_listed(site: str) -> None:
    """Each URL form in the row's article cell (';'-separated) has its line in FORMS, so a
    form added to sites.tsv is tested against the pattern as soon as it is written."""
    r = row(site)
    if r is None or not r["article_url_pattern"]:
        return
    forms = [f for f in FORMS.get(site, []) if f.column == "article_url_pattern"]
    written = [f.written or path_query(f.url) for f in forms]
    for segment in r["article_url_pattern"].split(";"):
        if "/" not in segment and "..." not in segment:
            continue
        assert any(w in segment for w in written), f"{site}: no FORMS line for {segment.strip()!r}"


@pytest.mark.parametrize("site", sorted(FORMS))
def test_pattern_accepts_the_articles_and_rejects_the_rest(site: str) -> None:
    cls = registry()[site]
    if cls.article_pattern is None:
        return  # no pattern: the structural detector decides (tests/test_discovery.py)
    for f in FORMS[site]:
        assert accepts(cls, f.url) == f.article, (
            f"{site}: pattern {cls.article_pattern!r} "
            f"{'rejects the article' if f.article else 'accepts the non-article'} {f.url}"
        )


def without_query_id(url: str) -> str | None:
    """The URL with the parameters that name its article by number (`cn_id=584743`) dropped,
    or None when its query names none: the same script page with the rest of the query, which
    is how the site links a section or nothing at all."""
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not (k.lower() in QUERY_ID_NAMES and v.isdigit())]
    if len(kept) == len(pairs):
        return None
    return urlunsplit(parts._replace(query=urlencode(kept)))


@pytest.mark.parametrize("site", sorted(FORMS))
def test_an_article_named_by_its_query_needs_its_id(site: str) -> None:
    """An article form whose query carries its id (dangcongsan's legacy `NewsDetail.aspx?co_id=
    10005&cn_id=584743`): the same page without that id names no article, and the pattern
    must say so rather than take every `NewsDetail.aspx` link of the site."""
    cls = registry()[site]
    for f in FORMS[site]:
        bare = without_query_id(f.url) if f.article else None
        if bare is None or cls.article_pattern is None:
            continue
        assert accepts(cls, f.url), f"{site}: pattern rejects the article {f.url}"
        assert not accepts(cls, bare), f"{site}: pattern takes {bare}, which names no article"


@pytest.mark.parametrize("site", [s for s in SITES if registry()[s].evidence == "verified"])
def test_a_verified_site_accepts_a_real_url(site: str) -> None:
    cls = registry()[site]
    if site in NO_REAL_URL:
        assert [f for f in FORMS.get(site, []) if f.real] == [], NO_REAL_URL[site]
        print(f"{site}: no real URL in sites.tsv or corpus ({NO_REAL_URL[site]})")
        return
    real = [f for f in FORMS.get(site, []) if f.real and f.article]
    assert real, f"site {site} is 'verified' but no real article URL of it is listed"
    assert cls.article_pattern is not None, site
    assert all(accepts(cls, f.url) for f in real), site
