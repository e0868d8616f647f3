"""Discovery on the real sites, not on our models of them (issue 10).

The real feeds and listings in ../shared/corpus go through `partywire discover` (the spider's
own parse methods); the expected links were read off the pages by hand (the gold files in
tests/gold_discovery.json name them, with where each sits on the page). Listings written here
carry each registered site's article URL forms (from sites.tsv, the corpus and public code, as
gathered for issue 10) beside the links a real listing has around them: navigation, sections,
tags, topics, videos, search. The spiders are small classes declared in each test, so what is
tested does not move when a registered site's declarations do; one test at the end holds the
registry itself to the real URL forms.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse, Request, TextResponse, XmlResponse
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from crawler.core.articlecheck import MIN_WORDS, looks_like_article
from crawler.core.items import Article
from crawler.core.linkshape import article_shape, non_article_reason
from crawler.discover import discover, kind_of
from crawler.process import decode, process_page
from crawler.sites import registry
from pipelines.gate import ArticleGatePipeline
from spiders.base import NewsSpider
from tests.conftest import ROOT, run_cli, shared_path

GOLD = json.loads((ROOT / "tests" / "gold_discovery.json").read_text(encoding="utf-8"))
BCP_LISTING = "https://baochinhphu.vn/chinh-sach-va-cuoc-song/chinh-sach-moi.htm"
BCT_LISTING = "https://baocantho.com.vn/thoi-su/"


def _spider(home: str, pattern: str | None = None, **attrs: Any) -> type[NewsSpider]:
    """A site declared here: its home, and a URL pattern only when the test says so."""
    name = "t-" + home.split("//")[1].strip("/").replace(".", "-")
    return type(
        "TestSite",
        (NewsSpider,),
        {"name": name, "outlet": "Test", "home": home, "article_pattern": pattern, **attrs},
    )


def _corpus(name: str) -> bytes:
    return shared_path("corpus", name).read_bytes()


# -- the real feeds: every item, whatever the site's pattern --------------------------------


FEEDS = [
    ("nhandan.vn__feed.rss", "https://nhandan.vn/rss/kinhte-1185.rss", "https://nhandan.vn/"),
    (
        "sggp.org.vn__feed.rss",
        "https://www.sggp.org.vn/rss/kinh-te-89.rss",
        "https://www.sggp.org.vn/",
    ),
    ("baochinhphu.vn__feed.rss", "https://baochinhphu.vn/kinh-te.rss", "https://baochinhphu.vn/"),
]


@pytest.mark.parametrize(("file", "url", "home"), FEEDS, ids=[f[0] for f in FEEDS])
@pytest.mark.parametrize("pattern", [None, r"/a-pattern-that-matches-nothing-\d+\.html$"])
def test_every_item_of_a_real_feed_is_taken_with_its_date(
    file: str, url: str, home: str, pattern: str | None
) -> None:
    """A feed lists the site's own articles: no URL pattern, right or wrong, may veto one."""
    found, tally = discover(_spider(home, pattern), _corpus(file), url)
    gold = GOLD["feeds"][file]
    assert [(f.url, f.date, f.how) for f in found] == [
        (g["link"], g["pubDate"], "feed") for g in gold
    ]
    assert tally == {"feed_entries": len(gold)}


# -- the real listings ----------------------------------------------------------------------


@pytest.mark.parametrize("pattern", [None, r"-\d{17,18}\.htm$"], ids=["detector", "evidence"])
def test_baochinhphu_listing_gives_its_34_articles_and_nothing_else(pattern: str | None) -> None:
    """With no pattern the structure finds them; with the evidence pattern (17- and 18-digit
    ids, both on this page) the pattern does. Either way the dates printed beside the stream
    and timeline items travel with them (19 of the 34 have one), and the topic pages, the
    sections and the item category links are not taken."""
    spider = _spider("https://baochinhphu.vn/", pattern)
    found, tally = discover(spider, _corpus("baochinhphu.vn__listing.html"), BCP_LISTING)
    gold = GOLD["baochinhphu.vn__listing.html"]
    assert len(gold["articles"]) == 34
    assert {f.url: f.date for f in found} == {g["url"]: g.get("date", "") for g in gold["articles"]}
    assert len(found) == 34  # each once, though the page links most of them twice
    assert {f.how for f in found} == {"detector" if pattern is None else "pattern"}
    assert not {f.url for f in found} & set(gold["not_articles"])
    # the five /chu-de/ topic pages, and the home pages of the site, en. and cn.
    assert tally["non_article"] == 8


def test_baocantho_listing_by_its_pattern_and_by_its_structure() -> None:
    """The verified pattern `-a<id>.html` takes all 78 article links of the page, the header's
    mega-menu of every section included; the structure takes the listing's own content (its
    16 stories and the side boxes) and leaves the menu: both leave the videos, events, ads."""
    body = _corpus("baocantho.com.vn__listing.html")
    gold = GOLD["baocantho.com.vn__listing.html"]
    by_pattern, _ = discover(
        _spider("https://baocantho.com.vn/", r"-a\d+\.html$"), body, BCT_LISTING
    )
    assert {f.url for f in by_pattern} == set(gold["all_articles"])
    by_structure, tally = discover(_spider("https://baocantho.com.vn/"), body, BCT_LISTING)
    got = {f.url for f in by_structure}
    assert got == set(gold["outside_the_menu"])
    assert set(gold["main_content"]) <= got
    assert not (got | {f.url for f in by_pattern}) & set(gold["not_articles"])
    assert tally["detector_used"] == 1


def test_a_pattern_that_no_longer_matches_hands_over_to_the_structure(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """baochinhphu as the model recordings had it (/chinh-tri/{slug}-{id}.htm): it accepts none
    of the real listing's links; the structure finds the 34, and the run says so."""
    cls = _spider("https://baochinhphu.vn/", r"^/chinh-tri/[a-z0-9-]+-\d+\.htm$")
    spider = cls.from_crawler(get_crawler(cls))
    resp = HtmlResponse(url=BCP_LISTING, body=_corpus("baochinhphu.vn__listing.html"))
    with caplog.at_level(logging.WARNING):
        reqs = [r for r in spider.parse_listing(resp) if r.callback == spider.parse_article]
    assert {r.url for r in reqs} == {
        g["url"] for g in GOLD["baochinhphu.vn__listing.html"]["articles"]
    }
    assert {r.meta["partywire_how"] for r in reqs} == {"detector"}
    stats = spider.crawler.stats
    assert stats is not None
    assert stats.get_value("partywire/discovery/detector_used") == 1
    assert stats.get_value("partywire/discovery/pattern_drift") == 1
    assert stats.get_value("partywire/discovery/by_detector") == 34
    assert stats.get_value("partywire/discovery/by_pattern") is None
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(cls.name in m and BCP_LISTING in m and "accepts 0" in m for m in warned), warned


# -- listings written around each site's real URL forms -------------------------------------

#: site -> (home, article URLs, non-article URLs) from /tmp/issue10/sites.md (sites.tsv, the
#: corpus, public code). Constructed slugs without an id were "vi-du-bai-viet" there; here they
#: are title-length (a real title is; four words is a section name's length too).
#: tapchicongsan's `/media-story/-/asset_publisher/{portlet}/content/{slug}` (sites.tsv lists it
#: among the article forms; portlet ids and slugs invented) sits beside its id forms, taken by
#: its Liferay route to one asset; dangcongsan's legacy `NewsDetail.aspx?cn_id=` by the id in
#: its query, while the same script with a `?categoryId=` (a section) is not.
SITES: dict[str, tuple[str, list[str], list[str]]] = {
    "dangcongsan": (
        "https://dangcongsan.vn/",
        [
            "https://dangcongsan.vn/tin-hoat-dong/dua-khuon-kho-quan-he-doi-tac-chien-luoc-toan-dien-viet-nam-australia-di-vao-chieu-sau-thuc-chat-hieu-qua.html?categoryId=1902448,1902446",
            "https://dangcongsan.vn/tin-hoat-dong/thuc-day-trien-khai-cac-giai-phap-cong-nghe-phuc-vu-nguoi-dan-doanh-nghiep-gan-voi-du-lieu-dan-cu-dinh-danh-xac-thuc-die.html",
            "https://dangcongsan.vn/tin-hoat-dong/vi-du-bai-viet-ve-hoat-dong-cua-dang.html?categoryId=1",
            "https://dangcongsan.vn/cpv/Modules/News/NewsDetail.aspx?co_id=10005&cn_id=584743",
        ],
        [
            "https://dangcongsan.vn/page/search?keyword=dang",
            "https://dangcongsan.vn/cpv/Modules/News/NewsList.aspx?co_id=10005&categoryId=28340",
            "https://dangcongsan.vn/cpv/Modules/News/NewsDetail.aspx?co_id=10005&categoryId=28340",
        ],
    ),
    "tapchicongsan": (
        "https://www.tapchicongsan.org.vn/",
        [
            "https://www.tapchicongsan.org.vn/web/guest/chinh-tri-xay-dung-dang/-/2018/816747/lanh-tu-ho-chi-minh---nha-sang-tao-ly-luan-cach-mang.aspx",
            "https://www.tapchicongsan.org.vn/web/guest/kinh-te/-/2018/910402/chinh-sach-cong-nghiep-xanh-huong-toi-su-phat-trien-ben-vung-o-viet-nam.aspx",
            "https://www.tapchicongsan.org.vn/web/guest/hoat-ong-cua-lanh-ao-ang-nha-nuoc/-/2018/827344/tong-bi-thu-nguyen-phu-trong%E2%80%93khong-co-vung-cam%2C-ngoai-le-trong-phong-chong-tham-nhung.aspx",
            "https://www.tapchicongsan.org.vn/web/guest/ky-nguyen-moi/-/2018/821701/view_content",
            "https://www.tapchicongsan.org.vn/web/guest/chinh-tri-xay-dung-dang/-/2018/12345/view_content",
            "https://www.tapchicongsan.org.vn/media-story/-/asset_publisher/V8hhp4dK31Gf/content/hanh-trinh-80-nam-xay-dung-va-phat-trien-dat-nuoc",
            "https://www.tapchicongsan.org.vn/media-story/-/asset_publisher/V8hhp4dK31Gf/content/dien-bien-phu",
        ],
        [
            "https://www.tapchicongsan.org.vn/web/guest/chinh-tri-xay-dung-dang",
            "https://www.tapchicongsan.org.vn/media-story",
        ],
    ),
    "xaydungdang": (
        "https://www.xaydungdang.org.vn/",
        ["https://www.xaydungdang.org.vn/xay-dung-dang/vi-du-bai-viet-16364"],
        [],
    ),
    "huengaynay": (
        "https://huengaynay.vn/",
        [
            "https://huengaynay.vn/du-lich/so-hoa-ban-do-co-163431.html",
            "https://huengaynay.vn/chinh-tri/vi-du-bai-viet-123456.html",
            "https://huengaynay.vn/chinh-tri/vi-du-bai-viet-123456.htm",
        ],
        [],
    ),
    "baothanhhoa": (
        "https://baothanhhoa.vn/",
        [
            "https://baothanhhoa.vn/mua-san-moi-bien-111852.htm",
            "https://baothanhhoa.vn/chu-trong-hoat-dong-nbsp-y-te-hoc-duong-244736.htm",
            "https://baothanhhoa.vn/du-an-bat-dong-san-gap-kho-vi-cach-tinh-tien-su-dung-dat-230761.htm",
            "https://baothanhhoa.vn/chinh-tri/vi-du-bai-viet/123456.htm",
        ],
        ["https://baothanhhoa.vn/rss/thoi-su.xml"],
    ),
    "baocamau": (
        "https://baocamau.vn/",
        [
            "https://baocamau.vn/nhieu-kien-nghi-dan-sinh-duoc-cu-tri-gui-den-dai-bieu-hdnd-tinh-a130464.html",
            "https://baocamau.vn/bi-quyet-on-thi-tot-nghiep-thpt-2026-tu-hoc-sinh-gioi-a129291.html",
        ],
        [],
    ),
    "nhandan": (
        "https://nhandan.vn/",
        [
            "https://nhandan.vn/danh-bai-argentina-tay-ban-nha-vo-dich-world-cup-lan-thu-hai-post976641.html",
            "https://nhandan.vn/tang-cuong-nang-luc-ho-tro-hoi-nhap-tai-chinh-asean-post988500.html",
            "https://nhandan.vn/triet-ly-kiem-soat-bong-lam-nen-thanh-cong-cho-bong-da-tay-ban-nha-post976412.html",
        ],
        [
            "https://nhandan.vn/tu-khoa/WorldCup-tag17202.html",
            "https://nhandan.vn/tin-tuc-world-cup-2026/",
            "https://nhandan.vn/world-cup-2026/",
        ],
    ),
    "qdnd": (
        "https://www.qdnd.vn/",
        [
            "https://www.qdnd.vn/chinh-tri/tin-tuc/cong-ty-cp-vng-don-huan-chuong-lao-dong-hang-ba-323302",
            "https://www.qdnd.vn/50namgiaiphongmiennam/chien-dich-tay-nguyen-mo-man-dai-thang-mua-xuan-1975-819811",
            "https://www.qdnd.vn/chinh-tri/tin-tuc/vi-du-bai-viet-1020977",
        ],
        ["https://www.qdnd.vn/rss/home.rss"],
    ),
    "hanoimoi": (
        "https://hanoimoi.vn/",
        [
            "https://hanoimoi.vn/khai-mac-hoi-nghi-lan-thu-muoi-ba-ban-chap-hanh-dang-bo-thanh-pho-ha-noi-khoa-xvii-538828.html",
            "https://hanoimoi.vn/phuong-yen-nghia-trien-khai-nhieu-nhiem-vu-trong-tam-huong-ve-co-so-cham-lo-nhan-dan-1212418.html",
            "https://hanoimoi.vn/phat-trien-he-thong-thu-vien-cong-cong-o-ha-noi-nhan-rong-nhung-mo-hinh-hieu-qua-7562.html",
        ],
        ["https://hanoimoi.vn/vi-du-su-kien-event1234.html", "https://hanoimoi.vn/chinh-tri"],
    ),
    "baochinhphu": (
        "https://baochinhphu.vn/",
        [
            "https://baochinhphu.vn/chinh-sach-moi-co-hieu-luc-tu-thang-3-2026-102260228093004191.htm",
            "https://baochinhphu.vn/danh-gia-dien-rong-cap-quoc-gia-chat-luong-giao-duc-pho-thong-10226030416274747.htm",
            "https://baochinhphu.vn/cua-khau-so-hoa-doanh-nghiep-them-lua-chon-thanh-toan-cny-tu-techcombank-102260914184713458.htm",
        ],
        [
            "https://baochinhphu.vn/chu-de/51-luat-duoc-quoc-hoi-thong-qua-tai-ky-hop-thu-10-274.htm",
            "https://baochinhphu.vn/chinh-sach-va-cuoc-song/chinh-sach-moi.htm",
            "https://baochinhphu.vn/chi-dao-quyet-dinh-cua-chinh-phu-thu-tuong-chinh-phu.htm",
            "https://baochinhphu.vn/tin-moi.htm",
            "https://baochinhphu.vn/timelinelist/1021119/2.htm",
        ],
    ),
    "baocantho": (
        "https://baocantho.com.vn/",
        [
            "https://baocantho.com.vn/tap-trung-trien-khai-cac-dot-thanh-tra-kiem-tra-co-trong-tam-trong-diem-nhat-la-cac-linh-vuc-co-ng-a196670.html",
            "https://baocantho.com.vn/lanh-dao-tp-can-tho-kiem-tra-du-an-nang-cap-mo-rong-quoc-lo-91-doan-tu-km0-km7--a196668.html",
        ],
        [
            "https://baocantho.com.vn/video/xem-video/tap-5-khat-vong-moi-tam-nhin-moi-3870.html",
            "https://baocantho.com.vn/su-kien/can-tho-nang-dong-va-phat-trien.9.html",
            "https://baocantho.com.vn/rao-vat-thong-bao-596.html",
            "https://baocantho.com.vn/rao-vat-son-gia-go-giai-phap-kien-tao-khong-gian-sang-trong-ben-dep-566.html",
            "https://baocantho.com.vn/tin-longform.html",
            "https://baocantho.com.vn/tim-kiem/Nguyễn Hoà Bình.html",
        ],
    ),
    "baobacninhtv": (
        "https://baobacninhtv.vn/",
        ["https://baobacninhtv.vn/vi-du-bai-viet-postid123456.bbg"],
        [],
    ),
    "baobinhduong": (
        "https://baobinhduong.vn/",
        ["https://baobinhduong.vn/vi-du-bai-viet-a123456.html"],
        [],
    ),
    "baocaobang": (
        "https://baocaobang.vn/",
        ["https://baocaobang.vn/vi-du-bai-viet-123456.html"],
        [],
    ),
    "baodaklak": (
        "https://baodaklak.vn/",
        ["https://baodaklak.vn/tin-noi-bat/202606/vi-du-bai-viet-2887253/"],
        [],
    ),
    "baodanang": ("https://baodanang.vn/", ["https://baodanang.vn/vi-du-bai-viet-123456.html"], []),
    "baodienbienphu": (
        "https://baodienbienphu.vn/",
        [
            "https://baodienbienphu.vn/tin-bai/chinh-tri/vi-du-bai-viet-ve-cong-tac-xay-dung-dang",
            "https://baodienbienphu.vn/tin-bai/xa-hoi/vi-du-bai-viet-thu-hai-ve-doi-song-xa-hoi",
        ],
        [],
    ),
    "baodongthap": (
        "https://baodongthap.vn/",
        ["https://baodongthap.vn/vi-du-bai-viet-a123456.html"],
        [],
    ),
    "baogialai": (
        "https://baogialai.com.vn/",
        ["https://baogialai.com.vn/vi-du-bai-viet-post123456.html"],
        [],
    ),
    "baohaiphong": (
        "https://baohaiphong.vn/",
        ["https://baohaiphong.vn/vi-du-bai-viet-123456.html"],
        [],
    ),
    "baohatinh": (
        "https://baohatinh.vn/",
        ["https://baohatinh.vn/vi-du-bai-viet-post123456.html"],
        [],
    ),
    "baohungyen": (
        "https://baohungyen.vn/",
        ["https://baohungyen.vn/vi-du-bai-viet-123456.html"],
        [],
    ),
    "baokhanhhoa": (
        "https://baokhanhhoa.vn/",
        ["https://baokhanhhoa.vn/chinh-tri/202606/vi-du-bai-viet-00de6c4/"],
        [],
    ),
    "baolaichau": (
        "https://baolaichau.vn/",
        ["https://baolaichau.vn/chinh-tri/vi-du-bai-viet-123456"],
        [],
    ),
    "baolamdong": (
        "https://baolamdong.vn/",
        ["https://baolamdong.vn/vi-du-bai-viet-123456.html"],
        [],
    ),
    "baolangson": (
        "https://baolangson.vn/",
        ["https://baolangson.vn/vi-du-bai-viet-123456.html"],
        [],
    ),
    "baolaocai": (
        "https://baolaocai.vn/",
        ["https://baolaocai.vn/vi-du-bai-viet-post123456.html"],
        [],
    ),
    "baonghean": ("https://baonghean.vn/", ["https://baonghean.vn/vi-du-bai-viet-123456.html"], []),
    "baoninhbinh": (
        "https://baoninhbinh.org.vn/",
        ["https://baoninhbinh.org.vn/vi-du-bai-viet-123456789012345.html"],
        [],
    ),
    "baophutho": (
        "https://baophutho.vn/",
        ["https://baophutho.vn/chinh-tri/vi-du-bai-viet-123456.htm"],
        [],
    ),
    "baoquangngai": (
        "https://baoquangngai.vn/",
        ["https://baoquangngai.vn/vi-du-bai-viet-123456.htm"],
        [],
    ),
    "baoquangninh": (
        "https://baoquangninh.vn/",
        ["https://baoquangninh.vn/vi-du-bai-viet-123456.html"],
        [],
    ),
    "baoquangtri": (
        "https://baoquangtri.vn/",
        [
            "https://baoquangtri.vn/suc-khoe/202603/vi-du-bai-viet-d0f7a12/",
            "https://baoquangtri.vn/vi-du-bai-viet-12345.htm",
        ],
        [],
    ),
    "baosonla": (
        "https://baosonla.vn/",
        ["https://baosonla.vn/chinh-tri/vi-du-bai-viet-123456.html"],
        ["https://baosonla.vn/chinh-tri.html"],
    ),
    "baotayninh": (
        "https://www.baotayninh.vn/",
        ["https://www.baotayninh.vn/vi-du-bai-viet-a123456.html"],
        ["https://www.baotayninh.vn/index.php/video/xem-video/vi-du-12345.html"],
    ),
    "baothainguyen": (
        "https://baothainguyen.vn/",
        ["https://baothainguyen.vn/xay-dung-dang/202606/vi-du-bai-viet-123456/"],
        [],
    ),
    "baotintuc": (
        "https://baotintuc.vn/",
        ["https://baotintuc.vn/thoi-su/vi-du-bai-viet-20260716171700123.htm"],
        [
            "https://baotintuc.vn/xay-dung-dang-1623ct472.htm",
            "https://baotintuc.vn/dong-su-kien/vi-du-e123.htm",
        ],
    ),
    "baotuyenquang": (
        "https://baotuyenquang.com.vn/",
        ["https://baotuyenquang.com.vn/thoi-su-chinh-tri/tin-tuc/202606/vi-du-bai-viet-123456/"],
        [],
    ),
    "bbk_baothainguyen": (
        "https://bbk.baothainguyen.vn/",
        ["https://bbk.baothainguyen.vn/vi-du-bai-viet-post123456.html"],
        [],
    ),
    "dongkhoi_baovinhlong": (
        "https://dongkhoi.baovinhlong.vn/",
        ["https://dongkhoi.baovinhlong.vn/vi-du-bai-viet-a123456.html"],
        [],
    ),
    "sggp": (
        "https://www.sggp.org.vn/",
        [
            "https://www.sggp.org.vn/mua-lon-nhieu-tuyen-duong-tphcm-ngap-nang-post873017.html",
            "https://www.sggp.org.vn/tphcm-mua-lon-co-noi-ngap-sau-nhieu-nguoi-dat-bo-vi-xe-chet-may-post872906.html",
        ],
        ["https://www.sggp.org.vn/kinh-te/"],
    ),
    "tinhuybinhphuoc": (
        "https://tinhuybinhphuoc.vn/",
        [],
        ["https://tinhuybinhphuoc.vn/news/tag/xay-dung-dang/page-8"],
    ),
    "travinh_baovinhlong": (
        "https://travinh.baovinhlong.vn/",
        ["https://travinh.baovinhlong.vn/vi-du-bai-viet-a123456.html"],
        [],
    ),
}

DATE = "05/03/2026 15:34"


def _listing_page(home: str, articles: list[str], others: list[str]) -> str:
    """A listing as these CMSs build one: a header menu of sections with the latest stories
    of the site (articles, not this listing's), a breadcrumb, the main list (each item a
    picture link, a title link, a date and its section link), a row of tags, a footer."""
    menu_story = f"{home}tin-moi-nhat-trong-menu-dau-trang-cua-toan-trang-988877.html"
    chrome = (
        f'<header class="site-header"><nav class="main-menu"><a href="{home}">Trang chủ</a>'
        f'<a href="{home}chinh-tri/">Chính trị</a><a href="{home}xa-hoi/">Xã hội</a>'
        f'<div class="mega-menu"><a href="{menu_story}">Tin mới trong menu</a></div></nav>'
        f'</header><div class="breadcrumb"><a href="{home}chinh-tri/">Chính trị</a></div>'
    )
    items = "".join(
        f'<div class="item"><a class="thumb" href="{u}"><img src="/x.jpg"></a>'
        f'<h3 class="title"><a href="{u}">Bài {n}</a></h3><span class="time">{DATE}</span>'
        f'<a class="cate" href="{home}chinh-tri/">Chính trị</a></div>'
        for n, u in enumerate(articles)
    )
    beside = "".join(f'<div class="item"><a href="{u}">Không phải bài</a></div>' for u in others)
    tags = (
        f'<div class="tags"><a href="{home}tag/xay-dung-dang">Xây dựng Đảng</a>'
        f'<a href="{home}chu-de/dai-hoi-dang-cac-cap-nhiem-ky-2025-2030-31.html">Đại hội</a>'
        f'<a href="{home}video/toan-canh-le-khai-mac-dai-hoi-dang-bo-tinh-lan-thu-nhat-12345.html">'
        f'Video</a><a href="{home}tac-gia/nguyen-van-an-12345.html">Tác giả</a></div>'
    )
    about = f"{home}gioi-thieu-ve-toa-soan-va-lien-he-quang-cao.html"
    footer = f'<footer><a href="{about}">Giới thiệu</a></footer>'
    return (
        f'<html><body>{chrome}<div id="content"><div class="list-news">{items}{beside}'
        f"</div>{tags}</div>{footer}</body></html>"
    )


@pytest.mark.parametrize("site", sorted(SITES))
def test_a_listing_of_the_real_url_forms_gives_the_articles_only(site: str) -> None:
    """With no pattern, the structure takes every article form of the site from the main
    list, each with its date, and none of the menu, section, tag, topic, video or search
    links beside them."""
    home, articles, others = SITES[site]
    page = _listing_page(home, articles, others).encode()
    found, _ = discover(_spider(home), page, f"{home}chinh-tri/")
    assert {f.url: f.date for f in found} == {u.replace(" ", "%20"): DATE for u in articles}
    assert {f.how for f in found} <= {"detector"}


#: dangcongsan's legacy article form keeps its id in the query: the tsv's URL verbatim, and two
#: constructed of its form (ids invented); beside them the section links such a listing has,
#: `?categoryId=` on the legacy script and on the current `.html` (constructed, ids invented)
DCS = "https://dangcongsan.vn/"
TCCS = "https://www.tapchicongsan.org.vn/"
DCS_LEGACY = [
    f"{DCS}cpv/Modules/News/NewsDetail.aspx?co_id=10005&cn_id=584743",
    f"{DCS}cpv/Modules/News/NewsDetail.aspx?co_id=10005&cn_id=584744",
    f"{DCS}cpv/Modules/News/NewsDetail.aspx?cn_id=590112&co_id=28340",
]
DCS_SECTIONS = [
    f"{DCS}cpv/Modules/News/NewsList.aspx?co_id=10005&categoryId=28340",
    f"{DCS}cpv/Modules/News/NewsDetail.aspx?co_id=10005&categoryId=28340",
    f"{DCS}tin-hoat-dong.html?categoryId=1902448",
]


@pytest.mark.parametrize(
    "pattern",
    [None, r"^/cpv/Modules/News/NewsDetail\.aspx\?(?:[^#]*&)?cn_id=\d+(?:&|$)"],
    ids=["detector", "query-pattern"],
)
def test_legacy_links_with_the_id_in_the_query_are_taken_and_sections_are_not(
    pattern: str | None,
) -> None:
    """The structure takes a script page whose query names an article by a numeric id; a
    pattern that names the query (`\\?`) is matched against it. A `?categoryId=` names a
    section: neither takes one, though the script and the path may be an article's."""
    page = _listing_page(DCS, DCS_LEGACY, DCS_SECTIONS).encode()
    found, _ = discover(_spider(DCS, pattern), page, f"{DCS}cpv/Modules/News/NewsList.aspx")
    assert {f.url: f.date for f in found} == {u: DATE for u in DCS_LEGACY}
    assert {f.how for f in found} == {"detector" if pattern is None else "pattern"}


@pytest.mark.parametrize(
    ("url", "shape"),
    [
        (f"{DCS}cpv/Modules/News/NewsDetail.aspx?co_id=10005&cn_id=584743", "id"),
        ("https://example.vn/news/detail.aspx?ID=123", "id"),
        ("https://example.vn/tin-tuc/chi-tiet.php?newsid=4567", "id"),
        ("https://example.vn/index.php?nid=89&lang=vi", "id"),
        ("https://example.vn/view.php?id=12", "id"),
        (f"{DCS}cpv/Modules/News/NewsList.aspx?co_id=10005&categoryId=28340", None),
        ("https://example.vn/view.php?id=abc", None),  # an id is a number
        ("https://example.vn/view.html?id=12", None),  # a static page's query names nothing
        ("https://www.facebook.com/sharer.php?u=https://example.vn/a-b-c-a12345.html", None),
    ],
)
def test_a_script_page_has_article_shape_only_with_a_numeric_id_in_its_query(
    url: str, shape: str | None
) -> None:
    assert article_shape(url) == shape


@pytest.mark.parametrize(
    ("url", "shape"),
    [
        (f"{TCCS}media-story/-/asset_publisher/V8hhp4dK31Gf/content/dien-bien-phu", "id"),
        (
            f"{TCCS}media-story/-/asset_publisher/V8hhp4dK31Gf/content/dien-bien-phu?redirect=x",
            "id",
        ),
        (f"{TCCS}media-story/-/asset_publisher/V8hhp4dK31Gf/content/", None),
        (f"{TCCS}media-story/-/asset_publisher/V8hhp4dK31Gf/content/12345", None),
        (f"{TCCS}media-story/asset_publisher/V8hhp4dK31Gf/content/dien-bien-phu", None),
        (f"{TCCS}media-story/-/asset_publisher/V8hhp4dK31Gf", None),
        (f"{TCCS}media-story", None),
    ],
)
def test_liferay_route_to_one_asset_has_article_shape_whatever_its_title(
    url: str, shape: str | None
) -> None:
    """tapchicongsan's media-story form (sites.tsv): `/-/asset_publisher/{portlet}/content/`
    names one asset, so even a three-word title is an article, while the page hosting the
    publisher, the route cut short or without its `-` and a title with no word are not."""
    assert article_shape(url) == shape


def test_a_pattern_that_names_no_query_sees_the_path_only() -> None:
    """dangcongsan's current form carries `?categoryId=` after its `.html`: a pattern ending
    in `\\.html$` still takes it, as it did before queries were read."""
    spider = _spider(DCS, r"^/[a-z0-9-]+/[a-z0-9-]+\.html$")()
    assert spider.is_article(f"{DCS}tin-hoat-dong/vi-du-bai-viet-dai.html?categoryId=1902448")
    assert not _spider(DCS, r"NewsDetail\.aspx\?cn_id=\d+")().is_article(
        f"{DCS}cpv/Modules/News/NewsDetail.aspx"
    )


def test_obvious_non_articles_are_named_by_their_marker() -> None:
    """The shared markers, on real links: each says which kind of page it is."""
    cases = [
        ("tag page", "https://nhandan.vn/tu-khoa/WorldCup-tag17202.html"),
        (
            "topic page",
            "https://baochinhphu.vn/chu-de/"
            "51-luat-duoc-quoc-hoi-thong-qua-tai-ky-hop-thu-10-274.htm",
        ),
        (
            "video page",
            "https://baocantho.com.vn/video/xem-video/tap-5-khat-vong-moi-tam-nhin-moi-3870.html",
        ),
        ("search page", "https://baocantho.com.vn/tim-kiem/Nguyễn Hoà Bình.html"),
        ("search page", "https://dangcongsan.vn/page/search?keyword=dang"),
        ("event page", "https://baocantho.com.vn/su-kien/can-tho-nang-dong-va-phat-trien.9.html"),
        ("event page", "https://hanoimoi.vn/vi-du-su-kien-event1234.html"),
        ("classified ad", "https://baocantho.com.vn/rao-vat-thong-bao-596.html"),
        ("home page", "https://nhandan.vn/"),
    ]
    for kind, url in cases:
        why = non_article_reason(url)
        assert why is not None and why.startswith(kind), (url, why)
    # a word inside a slug is no marker: tapchicongsan's articles live under /media-story/
    assert (
        non_article_reason(
            "https://www.tapchicongsan.org.vn/media-story/-/asset_publisher/a/content/b"
        )
        is None
    )
    assert article_shape("https://nhandan.vn/tin-tuc-world-cup-2026/") is None  # a year is no id
    assert (
        article_shape("https://hanoimoi.vn/a-b-c-7562.html") == "id"
    )  # four digits that are no year


# -- what discovery takes from feeds and sitemaps, and the home page fallback ----------------


def _rss(links: list[str]) -> bytes:
    items = "".join(f"<item><title>x</title><link>{u}</link></item>" for u in links)
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()


FEED_SITE = _spider(
    "https://baolangson.vn/",
    r"-\d{6}\.html$",
    feeds=("https://baolangson.vn/rss/a.rss", "https://baolangson.vn/rss/b.rss"),
)


def _source_response(url: str, body: bytes) -> TextResponse:
    return XmlResponse(url=url, body=body, request=Request(url, meta={"partywire_source": True}))


def _home_requests(results: Iterator[Request] | None) -> list[Request]:
    return [r for r in results or () if r.url == "https://baolangson.vn/"]


def test_when_every_declared_feed_gives_nothing_the_home_page_is_read() -> None:
    """baolangson's only source is a guessed feed: one fails, the other is no feed at all;
    once both have answered, the home page is read as a listing, once."""
    spider = FEED_SITE.from_crawler(get_crawler(FEED_SITE))
    first = Request("https://baolangson.vn/rss/a.rss", meta={"partywire_source": True})
    failure = Failure(OSError("connection refused"))  # type: ignore[no-untyped-call]
    failure.request = first  # type: ignore[attr-defined]  # as Scrapy sets it
    assert _home_requests(spider.failed(failure)) == []  # the other feed has not answered yet
    not_a_feed = _source_response("https://baolangson.vn/rss/b.rss", b"<html>404</html>")
    home = _home_requests(spider.parse_feed(not_a_feed))
    assert len(home) == 1 and home[0].callback == spider.parse_listing
    assert spider.crawler.stats is not None
    assert spider.crawler.stats.get_value("partywire/discovery/home_fallback") == 1


def test_a_feed_that_gives_an_article_keeps_the_home_page_out() -> None:
    spider = FEED_SITE()
    empty = _source_response("https://baolangson.vn/rss/a.rss", _rss([]))
    assert _home_requests(spider.parse_feed(empty)) == []
    one = _source_response(
        "https://baolangson.vn/rss/b.rss", _rss(["https://baolangson.vn/a-b-c-d-e"])
    )
    out = list(spider.parse_feed(one))
    # no pattern veto (the URL has no 6-digit id), and no fallback: the feed gave an article
    assert [r.url for r in out] == ["https://baolangson.vn/a-b-c-d-e"]


def test_feed_entries_skip_only_obvious_non_articles_and_other_sites() -> None:
    spider = _spider("https://nhandan.vn/", r"-post\d+\.html$")()
    body = _rss(
        [
            "https://nhandan.vn/mot-bai-khong-theo-mau-cu.html",
            "https://nhandan.vn/video/xem-lai-le-khai-mac-post1.html",
            "https://nhandan.vn/tu-khoa/WorldCup-tag17202.html",
            "https://example.com/bai-viet-post2.html",
        ]
    )
    out = list(spider.parse_feed(XmlResponse(url="https://nhandan.vn/rss/x.rss", body=body)))
    assert [r.url for r in out] == ["https://nhandan.vn/mot-bai-khong-theo-mau-cu.html"]
    assert spider.discovery == {"feed_entries": 2, "non_article": 2}


def test_the_site_date_order_travels_with_the_item() -> None:
    cls = _spider("https://baochinhphu.vn/", None, date_order="MDY")
    item = cls.new_article(
        "https://baochinhphu.vn/a-1.htm",
        "<html></html>",
        hints={"feed_date": "9/14/2026 6:44:00 PM"},
    )
    assert item.hints["date_order"] == "MDY"
    assert item.hints["feed_date"] == "9/14/2026 6:44:00 PM"
    assert (
        "date_order"
        not in _spider("https://nhandan.vn/")().new_article("https://nhandan.vn/a", "").hints
    )
    with pytest.raises(ValueError, match="date_order 'YMD'"):
        _spider("https://x.vn/", None, date_order="YMD").validate()


# -- after download: is it an article? -------------------------------------------------------


def test_real_articles_pass_and_real_listings_do_not() -> None:
    article = process_page(
        decode(_corpus("nhandan.vn__article.html"), GOLD["nhandan_article"]),
        GOLD["nhandan_article"],
    )
    assert looks_like_article(article) is None
    for name, url in (
        ("baochinhphu.vn__listing.html", BCP_LISTING),
        ("baocantho.com.vn__listing.html", BCT_LISTING),
    ):
        page = process_page(decode(_corpus(name), url), url)
        assert looks_like_article(page) is not None, name


def _page(tens: int, *, nine: bool = False, og: str = "", date: bool = True) -> str:
    """A story of `tens` paragraphs of exactly ten words (and one of nine), no declared type
    unless `og` gives one; each paragraph is numbered, so none repeats another."""
    meta = f'<meta property="og:type" content="{og}">' if og else ""
    if date:
        meta += '<meta property="article:published_time" content="2026-03-05T15:34:00+07:00">'
    body = "".join(f"<p>Đoạn {i} chi bộ họp bàn công tác quý một</p>" for i in range(tens))
    body += "<p>Đoạn cuối chi bộ họp bàn công tác quý</p>" if nine else ""
    return (
        f"<html><head><title>Hội nghị chi bộ</title>{meta}</head><body><article>"
        f"<h1>Hội nghị chi bộ quý một</h1>{body}</article></body></html>"
    )


STORY = "https://baolangson.vn/bai-viet-123456.html"


def test_without_a_declared_type_a_headline_a_date_and_80_words_make_an_article() -> None:
    assert looks_like_article(process_page(_page(8), STORY)) is None  # 80 words
    short = process_page(_page(7, nine=True), STORY)  # 79 words
    assert looks_like_article(short) == f"79 words of text (an article has at least {MIN_WORDS})"
    assert looks_like_article(process_page(_page(12, date=False), STORY)) == "no date"
    # a page that says it is one needs no more: a photo story of a few words
    assert looks_like_article(process_page(_page(2, og="article"), STORY)) is None
    video = process_page(_page(12, og="video.other"), STORY)
    assert looks_like_article(video) == "the page says it is og:video.other"


def test_the_gate_drops_and_counts_what_is_not_an_article() -> None:
    crawler = get_crawler(NewsSpider)
    assert crawler.stats is not None
    gate = ArticleGatePipeline.from_crawler(crawler)
    good = process_page(_page(12), STORY)
    assert gate.process_item(good) is good
    tag = Article(url="https://nhandan.vn/tu-khoa/WorldCup-tag17202.html", site="nhandan")
    with pytest.raises(DropItem, match="not an article: tag page"):
        gate.process_item(tag)
    assert crawler.stats.get_value("partywire/discovery/not_article") == 1


# -- the command --------------------------------------------------------------------------


def test_discover_prints_url_date_and_how_per_line() -> None:
    path = shared_path("corpus", "baochinhphu.vn__feed.rss")
    r = run_cli("discover", "baochinhphu", str(path), "--url", "https://baochinhphu.vn/kinh-te.rss")
    assert r.returncode == 0, r.stderr
    gold = GOLD["feeds"]["baochinhphu.vn__feed.rss"]
    assert r.stdout.splitlines() == [f"{g['link']}\t{g['pubDate']}\tfeed" for g in gold]


def test_discover_on_bad_input_says_one_line_and_exits_2(tmp_path: Path) -> None:
    junk = tmp_path / "x.json"
    junk.write_text('{"not": "a feed"}', encoding="utf-8")
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    feed = tmp_path / "f.rss"
    feed.write_bytes(_rss([]))
    cases = [
        (
            ("nhandan", str(tmp_path / "absent.rss"), "--url", "https://nhandan.vn/rss"),
            "cannot read",
        ),
        (("nhandan", str(junk), "--url", "https://nhandan.vn/rss"), "not a feed"),
        (("nhandan", str(empty), "--url", "https://nhandan.vn/rss"), "the file is empty"),
        (("nosuchsite", str(feed), "--url", "https://nhandan.vn/rss"), "not registered"),
        (("nhandan", str(feed), "--url", "nhandan.vn/rss"), "not an http(s) URL"),
    ]
    for args, what in cases:
        r = run_cli("discover", *args)
        assert r.returncode == 2, (args, r.stderr)
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("partywire: error: ") and what in lines[0], (
            args,
            lines,
        )


def test_kind_of_reads_the_first_element() -> None:
    assert kind_of(b'<?xml version="1.0"?><rss><channel/></rss>') == "feed"
    assert kind_of(b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>') == "feed"
    assert kind_of(b"<urlset></urlset>") == "sitemap"
    assert kind_of(b"<!DOCTYPE html><html><body><a href='/x'>x</a></body></html>") == "listing"


# -- the registry ---------------------------------------------------------------------------


def test_every_registered_site_takes_its_real_article_forms_from_a_listing() -> None:
    """The registered declarations (patterns, listing selectors) against the listing above:
    every article form the site's evidence shows is taken, no non-article is."""
    reg = registry()
    for site, (home, articles, others) in sorted(SITES.items()):
        if site not in reg:
            continue
        page = _listing_page(home, articles, others).encode()
        found, _ = discover(reg[site], page, f"{home}chinh-tri/")
        got = {f.url for f in found}
        wanted = {u.replace(" ", "%20") for u in articles}
        assert wanted <= got, (site, sorted(wanted - got))
        assert not got & set(others), (site, sorted(got & set(others)))
