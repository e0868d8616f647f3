"""Discovery by the base spider (feeds, sitemaps, listings with a page limit) and the generic
fallback when a family's selectors miss a redesigned page."""

from __future__ import annotations

from scrapy.http import HtmlResponse, Request, TextResponse, XmlResponse

from crawler.process import process_page
from crawler.quality import score
from spiders.sites.nhandan import NhanDan
from tests.recorded._author import templates as t
from tests.recorded._author.content import NHANDAN


def _articles(results: object) -> list[Request]:
    return [r for r in results if isinstance(r, Request)]  # type: ignore[attr-defined]


def test_rss_items_become_article_requests_with_their_date() -> None:
    body = t.rss(NHANDAN, "x", "https://nhandan.vn/").encode()
    resp = XmlResponse(url="https://nhandan.vn/rss/chinhtri.rss", body=body)
    spider = NhanDan()
    reqs = _articles(spider.parse_feed(resp))
    assert [r.url for r in reqs] == [s.url for s in NHANDAN]
    assert reqs[0].cb_kwargs["hints"]["feed_date"] == t.rfc822(NHANDAN[0])


def test_atom_feed() -> None:
    a = NHANDAN[0]
    body = (
        f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>'
        f'<entry><title>{a.title}</title><link rel="alternate" href="{a.url}"/>'
        f"<published>{a.published}</published></entry>"
        '<entry><title>y</title><link href="https://nhandan.vn/video-abc.html"/></entry>'
        "</feed>"
    ).encode()
    reqs = _articles(NhanDan().parse_feed(XmlResponse(url="https://nhandan.vn/atom", body=body)))
    assert [r.url for r in reqs] == [a.url]  # the video page is not an article URL
    assert reqs[0].cb_kwargs["hints"]["feed_date"] == a.published


def test_not_a_feed_is_reported() -> None:
    spider = NhanDan()

    class Stats:
        n = 0

        def inc_value(self, key: str) -> None:
            self.n += 1

    class Crawler:
        stats = Stats()

    spider.crawler = Crawler()  # type: ignore[assignment]
    resp = TextResponse(url="https://nhandan.vn/rss/x.rss", body=b"<html>oops</html>")
    assert _articles(spider.parse_feed(resp)) == []
    assert Crawler.stats.n == 1


def test_sitemap_index_and_google_news_urlset() -> None:
    spider = NhanDan()
    index = (
        b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
        b'sitemap/0.9"><sitemap><loc>https://nhandan.vn/sitemap-news.xml</loc></sitemap>'
        b"</sitemapindex>"
    )
    reqs = list(spider.parse_sitemap(XmlResponse(url="https://nhandan.vn/sitemap.xml", body=index)))
    assert [r.url for r in reqs] == ["https://nhandan.vn/sitemap-news.xml"]
    a = NHANDAN[1]
    urlset = (
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        f' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>{a.url}'
        f"</loc><news:news><news:publication_date>{a.published}</news:publication_date>"
        f"</news:news></url><url><loc>https://nhandan.vn/chinhtri/</loc></url></urlset>"
    ).encode()
    reqs = _articles(
        spider.parse_sitemap(XmlResponse(url="https://nhandan.vn/sitemap-news.xml", body=urlset))
    )
    assert [r.url for r in reqs] == [a.url]
    assert reqs[0].cb_kwargs["hints"]["feed_date"] == a.published


def test_listing_pagination_stops_at_the_limit() -> None:
    spider = NhanDan()
    page = t.epi_listing(NHANDAN, "x", "https://nhandan.vn/", "x").replace(
        "</body>", '<a class="btn-viewmore" href="?page=9">Xem thêm</a></body>'
    )
    resp = HtmlResponse(url="https://nhandan.vn/xay-dung-dang/", body=page.encode())
    out = list(spider.parse_listing(resp, page=1))
    nxt = [r for r in out if r.callback == spider.parse_listing]
    assert len(nxt) == 1 and nxt[0].cb_kwargs == {"page": 2}
    out = list(spider.parse_listing(resp, page=spider.max_pages))
    assert not [r for r in out if r.callback == spider.parse_listing]


def test_article_limit() -> None:
    spider = NhanDan(limit="1")
    page = t.epi_listing(NHANDAN, "x", "https://nhandan.vn/", "x")
    resp = HtmlResponse(url="https://nhandan.vn/xay-dung-dang/", body=page.encode())
    assert len(_articles(spider.parse_listing(resp))) == 1


def test_family_site_falls_back_to_the_generic_path_when_selectors_miss() -> None:
    """A redesign renames the article classes: the generic path still gets the article."""
    s = NHANDAN[0]
    html = t.epi_article(s, "Báo Nhân Dân", "https://nhandan.vn/")
    for old, new in (
        ("article__title", "headline-x"),
        ("article__sapo", "lead-x"),
        ("article__body", "content-x"),
        ("article__author", "writer-x"),
    ):
        html = html.replace(old, new)
    art = process_page(html, s.url, site="nhandan")
    assert art.field_sources["text"] == "trafilatura"
    assert art.field_sources["title"] == "meta"
    assert art.title == s.title
    assert art.published is not None and art.published.isoformat() == s.published
    gold = "\n".join([s.sapo, *s.paragraphs])
    got = "\n".join(x for x in (art.summary, art.text) if x)
    sc = score(got, gold)
    assert sc.f1 >= 0.9, sc
    for junk in ("Tin liên quan", "Tin đọc nhiều", "Ý kiến bạn đọc", "Xem thêm"):
        assert junk not in art.text
