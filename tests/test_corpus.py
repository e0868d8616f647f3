"""The real pages in ../shared/corpus, through the same stages as a crawl."""

from __future__ import annotations

import json
import unicodedata
from datetime import datetime

import pytest
from scrapy.http import HtmlResponse

from crawler.core.normalize import fold
from crawler.process import decode, process_page
from spiders.sites.baocantho import BaoCanTho
from tests.conftest import run_cli, shared_path

CANTHO_URL = (
    "https://baocantho.com.vn/tap-trung-trien-khai-cac-dot-thanh-tra-kiem-tra-co-"
    "trong-tam-trong-diem-nhat-la-cac-linh-vuc-co-ng-a196670.html"
)
NHANDAN_URL = (
    "https://nhandan.vn/danh-bai-argentina-tay-ban-nha-vo-dich-world-cup-lan-thu-"
    "hai-post976641.html"
)
LEAKS = [
    "Chia sẻ",
    "Từ khóa",
    "BÌNH LUẬN",
    "Tin liên quan",
    "Tin đọc nhiều",
    "Thời tiết",
    "Tỷ giá",
    "THỜI SỰ",
    "Trang chủ",
    "Prefer Nhan Dan",
    "Cổng thông tin điện tử",
]


def _page(name: str, url: str):  # type: ignore[no-untyped-def]
    return process_page(decode(shared_path("corpus", name).read_bytes(), url), url)


def test_baocantho_article() -> None:
    a = _page("baocantho.com.vn__article.html", CANTHO_URL)
    assert a.title == (
        "Tập trung triển khai các đợt thanh tra, kiểm tra có trọng tâm, trọng "
        "điểm nhất là các lĩnh vực có nguy cơ"
    )
    assert a.published == datetime.fromisoformat("2026-01-08T18:21:00+07:00")
    assert a.date_source == "site:span.pubdate"
    assert a.text.startswith("(CTO) - Ngày 8-1, Phó Thủ tướng Thường trực Nguyễn Hòa Bình")
    assert a.text.endswith("đáp ứng yêu cầu nhiệm vụ của ngành.")
    assert a.authors == ["P.Y"]
    assert "Tin, ảnh" not in a.text
    assert "Chủ tịch UBND TP Cần Thơ Trương Cảnh Tuyên, cùng lãnh đạo" not in a.text  # caption
    assert "<figcaption>" in a.body_html
    for leak in LEAKS:
        assert fold(leak) not in fold(a.text), leak


def test_nhandan_article() -> None:
    a = _page("nhandan.vn__article.html", NHANDAN_URL)
    assert a.title == "Đánh bại Argentina, Tây Ban Nha vô địch World Cup lần thứ hai"
    assert a.published == datetime.fromisoformat("2026-07-20T06:31:56+07:00")
    assert a.summary.startswith("Đội tuyển Tây Ban Nha đã trở thành tân vương")
    assert a.authors == ["TP"]
    paras = a.text.split("\n\n")
    assert any(p.startswith("Đây là chức vô địch World Cup thứ hai") for p in paras)
    assert paras[-1].startswith("Với bàn thắng quyết định mang về chức vô địch")
    assert a.summary not in a.text
    for leak in [*LEAKS, "Cổ động viên Argentina biến New York", "[Infographic]"]:
        assert fold(leak) not in fold(a.text), leak
    assert "<script" not in a.body_html and "<iframe" not in a.body_html


def test_baocantho_listing_links_and_feed() -> None:
    """The listing page of the real site: the family's listing selector finds article links."""
    body = shared_path("corpus", "baocantho.com.vn__listing.html").read_bytes()
    resp = HtmlResponse(url="https://baocantho.com.vn/thoi-su/", body=body)
    spider = BaoCanTho()
    reqs = [r for r in spider.parse_listing(resp) if r.callback == spider.parse_article]
    assert len(reqs) >= 10
    assert all(
        r.url.startswith("https://baocantho.com.vn/") and r.url.endswith(".html") and "-a" in r.url
        for r in reqs
    )
    # the category feed is linked from the listing's title bar, as the family declares it
    assert resp.css("div.titlecate a[href*='/rss/cate/']::attr(href)").get() == (
        "https://baocantho.com.vn/rss/cate/thoi-su/"
    )


def test_extract_cli_on_real_page() -> None:
    f = shared_path("corpus", "baocantho.com.vn__article.html")
    r = run_cli("extract", str(f), "--url", CANTHO_URL)
    assert r.returncode == 0, r.stderr
    rec = json.loads(r.stdout)
    assert rec["published"] == "2026-01-08T18:21:00+07:00"
    assert rec["title"].startswith("Tập trung triển khai các đợt thanh tra")
    assert "Chia sẻ" not in rec["text"] and "Từ khóa" not in rec["text"]
    assert set(rec) >= {
        "url",
        "canonical_url",
        "site",
        "outlet",
        "province",
        "title",
        "summary",
        "text",
        "body_html",
        "authors",
        "published",
        "modified",
        "image",
        "section",
        "tags",
        "fetched_at",
        "fingerprint",
    }


@pytest.mark.parametrize(
    "name,url",
    [("baocantho.com.vn__article.html", CANTHO_URL), ("nhandan.vn__article.html", NHANDAN_URL)],
)
def test_text_is_nfc_without_odd_spaces(name: str, url: str) -> None:
    a = _page(name, url)
    for field in (a.title, a.summary, a.text):
        assert unicodedata.is_normalized("NFC", field)
        assert "\u00a0" not in field and "\u200b" not in field
