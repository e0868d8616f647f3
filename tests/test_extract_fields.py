"""Each field's resolver on markup written for it: where the title, summary, authors, image,
section, tags and dates come from, in which order, and that JSON-LD and meta text arrives
unescaped. The expected values are read off the HTML in each test (or off the real page in
../shared/corpus), never off the extractor's output."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

import pytest
from lxml import html as lhtml

from crawler.core.extract import BREADCRUMB, apply, extract, parse_html, select_first
from crawler.core.items import Article, discovery_hints
from crawler.core.metadata import read_meta, unescape
from crawler.core.normalize import fold
from crawler.core.rules import SiteRules
from crawler.process import decode, process_page
from tests.conftest import shared_path

VN = timezone(timedelta(hours=7))
URL = "https://baotinh.example.vn/hoi-nghi-ban-chap-hanh-a1234.html"  # no registered site
P1 = (
    "Sáng 2/3, Ban Chấp hành Đảng bộ tỉnh tổ chức hội nghị lần thứ năm để đánh giá tình hình "
    "thực hiện nghị quyết trong năm và bàn nhiệm vụ trọng tâm thời gian tới."
)
P2 = (
    "Phát biểu kết luận hội nghị, đồng chí Bí thư Tỉnh ủy đề nghị các cấp ủy tập trung lãnh đạo "
    "hoàn thành các chỉ tiêu đã đề ra, chăm lo công tác xây dựng Đảng."
)
BODY = f"<div class='noi-dung'><p>{P1}</p><p><img src='/anh/than-bai.jpg'></p><p>{P2}</p></div>"
BODY_RULES = SiteRules(body="div.noi-dung")


def page(head: str = "", body: str = BODY) -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


# -- JSON-LD ------------------------------------------------------------------------------------

#: Yoast-style: the article is one node of the page's @graph, beside nodes that are not it.
GRAPH = {
    "@context": "https://schema.org",
    "@graph": [
        {"@type": "Organization", "@id": "#org", "name": "Báo Tỉnh điện tử"},
        {
            "@type": "WebPage",
            "@id": URL,
            "name": "Trang tin - Báo Tỉnh",
            "datePublished": "2020-01-01T00:00:00+07:00",
        },
        {
            "@type": "NewsArticle",
            "headline": "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ năm",
            "datePublished": "2026-03-02T08:15:00+07:00",
            "dateModified": "2026-03-02T10:40:00+07:00",
            "author": [
                {"@type": "Person", "name": "Thanh B&#236;nh"},
                {"@type": "Person", "name": "Minh Châu"},
            ],
            "image": {"@type": "ImageObject", "url": "https://baotinh.example.vn/anh/dai.jpg"},
            "description": "Hội nghị đánh giá việc thực hiện nghị quyết.",
        },
    ],
}
GRAPH_PAGE = page("<title>Trang tin - Báo Tỉnh</title>" + ld(GRAPH))


def test_article_inside_jsonld_graph_gives_its_fields() -> None:
    m = read_meta(parse_html(GRAPH_PAGE, URL))
    assert m.title == "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ năm"
    # only the NewsArticle's date: the WebPage node's is the page's, not the story's
    assert m.dates == [("jsonld:datePublished", "2026-03-02T08:15:00+07:00")]
    assert m.modified == [("jsonld:dateModified", "2026-03-02T10:40:00+07:00")]
    assert m.authors == ["Thanh Bình", "Minh Châu"]
    assert m.image == "https://baotinh.example.vn/anh/dai.jpg"
    assert m.description == "Hội nghị đánh giá việc thực hiện nghị quyết."


def test_graph_article_reaches_the_stored_article() -> None:
    a = process_page(GRAPH_PAGE, URL)
    assert a.title == "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ năm"
    assert a.field_sources["title"] == "meta"
    assert a.published == datetime(2026, 3, 2, 8, 15, tzinfo=VN)
    assert a.date_source == "jsonld:datePublished"
    assert a.modified == datetime(2026, 3, 2, 10, 40, tzinfo=VN)
    assert a.authors == ["Thanh Bình", "Minh Châu"]
    assert a.field_sources["authors"] == "meta"
    assert a.image == "https://baotinh.example.vn/anh/dai.jpg"


def test_jsonld_forms_seen_on_these_cmss() -> None:
    """A top-level list, a @graph inside a list, a @type list, trailing commas and raw
    newlines, image as a list or a bare URL, author as a bare name."""
    article = {"@type": ["NewsArticle", "Thing"], "headline": "Tiêu đề A", "author": "Văn An"}
    cases = [
        (
            ld([{"@type": "WebSite", "name": "Báo"}, {**article, "image": ["/a.jpg", "/b.jpg"]}]),
            "/a.jpg",
        ),
        (ld([{"@graph": [{**article, "image": "https://x.vn/c.jpg"}]}]), "https://x.vn/c.jpg"),
    ]
    for head, image in cases:
        m = read_meta(parse_html(page(head), URL))
        assert (m.title, m.authors, m.image) == ("Tiêu đề A", ["Văn An"], image), head
    sloppy = (
        '<script type="application/ld+json">{"@type": "Article", "headline": "Tiêu đề\n B",'
        ' "datePublished": "2026-03-02",}</script>'
    )
    m = read_meta(parse_html(page(sloppy), URL))
    assert m.dates == [("jsonld:datePublished", "2026-03-02")]
    assert extract(page(sloppy), URL, BODY_RULES).title == "Tiêu đề B"  # one line, as read
    broken = '<script type="application/ld+json">{"@type": "Article", "headline": </script>'
    assert read_meta(parse_html(page(broken), URL)).title == ""


def test_non_article_jsonld_is_not_the_story() -> None:
    head = ld({"@type": "Organization", "name": "Báo Tỉnh", "image": "/logo.png"}) + ld(
        {"@type": "BreadcrumbList", "name": "Tin tức", "datePublished": "2020-01-01"}
    )
    m = read_meta(parse_html(page(head), URL))
    assert (m.title, m.image, m.authors, m.dates) == ("", "", [], [])


def test_meta_tags_win_over_jsonld_and_jsonld_fills_the_rest() -> None:
    head = (
        '<meta property="og:title" content="Tiêu đề OG">'
        '<meta property="og:image" content="https://x.vn/og.jpg">'
        '<meta property="article:published_time" content="2026-03-02T08:15:00+07:00">'
        + ld(
            {
                "@type": "NewsArticle",
                "headline": "Tiêu đề JSON-LD",
                "image": "https://x.vn/ld.jpg",
                "description": "Mô tả JSON-LD",
                "datePublished": "2026-03-02",
            }
        )
        + '<time datetime="2026-03-02T08:20:00+07:00">8:20</time>'
    )
    # a second og:image further down belongs to an embedded box, not to this story
    head += '<meta property="og:image" content="https://x.vn/hop-nhung.jpg">'
    m = read_meta(parse_html(page(head), URL))
    assert (m.title, m.image, m.description) == (
        "Tiêu đề OG",
        "https://x.vn/og.jpg",
        "Mô tả JSON-LD",
    )
    assert m.dates == [
        ("meta:article:published_time", "2026-03-02T08:15:00+07:00"),
        ("jsonld:datePublished", "2026-03-02"),
        ("time[datetime]", "2026-03-02T08:20:00+07:00"),
    ]


# -- unescaping ---------------------------------------------------------------------------------


def test_jsonld_and_meta_text_is_unescaped() -> None:
    """Issue 10: an author came out as "Thanh B&#236;nh". JSON-LD sits in a <script>, where the
    HTML parser resolves nothing; meta attributes come double-escaped from some CMSs."""
    head = (
        '<meta property="og:title" content="Người hùng của &amp;quot;La Roja&amp;quot;">'
        '<meta property="article:section" content="Th&amp;#7901;i s&amp;#7921;">'
        '<meta property="article:tag" content="Ph&amp;#432;&amp;#7901;ng, Hỏi &amp;amp; đáp">'
        + ld(
            {
                "@type": "NewsArticle",
                "description": "Ch&#432;&#417;ng tr&igrave;nh R&D",
                "author": {"@type": "Person", "name": "Thanh B&#236;nh"},
            }
        )
    )
    m = read_meta(parse_html(page(head), URL))
    assert m.title == 'Người hùng của "La Roja"'
    assert m.section == "Thời sự"
    assert m.tags == ["Phường", "Hỏi & đáp"]
    assert m.description == "Chương trình R&D"
    assert m.authors == ["Thanh Bình"]
    a = process_page(page(head), URL)
    assert a.authors == ["Thanh Bình"] and a.section == "Thời sự"


def test_unescape_reads_only_complete_references() -> None:
    assert unescape("Thanh B&#236;nh &#x110;&agrave; N&#7861;ng") == "Thanh Bình Đà Nẵng"
    # no semicolon, no reference: a literal ampersand in a headline stays as written
    assert unescape("R&D &notice &copy 2026") == "R&D &notice &copy 2026"


def test_escaped_twice_and_three_times_is_still_read() -> None:
    """A CMS that escapes an escaped value: inside JSON-LD "B&amp;#236;nh" is two escapings
    (the parser resolves neither), in an attribute "B&amp;amp;#236;nh" is three (the parser
    resolves one); the visible byline "B&amp;#236;nh" in the markup shows "B&#236;nh"."""
    head = (
        '<meta property="og:title" '
        'content="Thanh B&amp;amp;#236;nh d&amp;amp;#7921; h&#7897;i ngh&#7883;">'
        + ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Thanh B&amp;#236;nh"}})
    )
    m = read_meta(parse_html(page(head), URL))
    assert m.title == "Thanh Bình dự hội nghị"
    assert m.authors == ["Thanh Bình"]
    assert unescape("Hỏi &amp;amp;amp; đáp") == "Hỏi & đáp"
    body = BODY + "<p class='tac-gia'>Thanh B&amp;#236;nh</p>"
    ex = extract(page(body=body), URL, SiteRules(body="div.noi-dung", author="p.tac-gia"))
    assert ex.authors == ["Thanh Bình"]


def test_real_nhandan_jsonld_description_unescaped() -> None:
    """The real page's JSON-LD writes the quotes as `&quot;La Roja&quot;`. Its meta tags say
    the same, so they are taken out of the tree to let the JSON-LD answer."""
    doc = parse_html(
        decode(shared_path("corpus", "nhandan.vn__article.html").read_bytes(), URL), URL
    )
    for el in list(doc.iter("meta")):
        el.getparent().remove(el)
    m = read_meta(doc)
    assert m.title == "Đánh bại Argentina, Tây Ban Nha vô địch World Cup lần thứ hai"
    assert 'Người hùng của "La Roja" là tiền đạo Ferran Torres' in m.description
    assert "&quot;" not in m.description
    assert m.authors == ["TP"]
    assert m.modified == [("jsonld:dateModified", "2026-07-20T06:31:56+07:00")]


# -- section, tags, image, modified -------------------------------------------------------------

META_HEAD = (
    '<meta property="article:section" content="Xây dựng Đảng, Thời sự">'
    '<meta property="article:tag" content="Đại hội Đảng, nhiệm kỳ 2025-2030">'
    '<meta property="article:tag" content="Bắc Ninh">'
    '<meta property="og:image" content="https://baotinh.example.vn/anh/og.jpg">'
    '<meta property="article:published_time" content="2026-03-02T08:15:00+07:00">'
    '<meta property="article:modified_time" content="2026-03-03T09:00:00+07:00">'
)


def test_section_tags_image_modified_from_meta() -> None:
    ex = extract(page(META_HEAD), URL, BODY_RULES)
    assert ex.section == "Xây dựng Đảng"  # the first of the list the CMS writes
    assert ex.tags == ["Đại hội Đảng", "nhiệm kỳ 2025-2030", "Bắc Ninh"]
    assert ex.image == "https://baotinh.example.vn/anh/og.jpg"  # not the body's photo
    assert ex.modified == [("meta:article:modified_time", "2026-03-03T09:00:00+07:00")]
    a = process_page(page(META_HEAD), URL)
    assert (a.section, a.tags, a.image) == (ex.section, ex.tags, ex.image)
    assert a.published == datetime(2026, 3, 2, 8, 15, tzinfo=VN)
    assert a.modified == datetime(2026, 3, 3, 9, 0, tzinfo=VN)


def test_site_rules_section_and_tags_win_over_meta() -> None:
    body = (
        "<div class='chuyen-muc'><a href='/thoi-su/'>Thời sự</a>"
        "<a class='hien-tai' href='/thoi-su/chinh-tri/'>Chính trị</a></div>"
        + BODY
        + "<div class='tu-khoa'><a href='/t/1'>Nghị quyết</a><a href='/t/2'> </a>"
        "<a href='/t/3'>Ban Chấp hành</a></div>"
    )
    rules = SiteRules(
        body="div.noi-dung", section="div.chuyen-muc a.hien-tai", tags="div.tu-khoa a"
    )
    ex = extract(page(META_HEAD, body), URL, rules)
    assert ex.section == "Chính trị"
    assert ex.tags == ["Nghị quyết", "Ban Chấp hành"]  # the empty tag link is no tag
    # rules that match nothing on this page fall back to the meta tags
    missing = SiteRules(body="div.noi-dung", section="nav.none a", tags="ul.none a")
    ex = extract(page(META_HEAD, body), URL, missing)
    assert ex.section == "Xây dựng Đảng"
    assert ex.tags == ["Đại hội Đảng", "nhiệm kỳ 2025-2030", "Bắc Ninh"]


@pytest.mark.parametrize(
    "trail,section",
    [
        # the generic pages' shape: links separated by "/", the section last
        (
            "<div class='breadcrumb'><a href='/'>Trang chủ</a> / "
            "<a href='/chinh-tri'>Chính trị</a></div>",
            "Chính trị",
        ),
        # NukeViet: div.breadcrumbs-wrap "Trang nhất » Xây dựng Đảng"
        (
            "<div class='breadcrumbs-wrap'><a href='/'>Trang nhất</a> » "
            "<a href='/news/xay-dung-dang/'>Xây dựng Đảng</a></div>",
            "Xây dựng Đảng",
        ),
        # a list whose last item is the page itself (no link, the headline)
        (
            "<nav aria-label='breadcrumb'><ol class='breadcrumb'><li><a href='/'>Trang chủ</a>"
            "</li><li><a href='/thoi-su/'>Thời sự</a></li><li><a href='/thoi-su/chinh-tri/'>"
            "Chính trị</a></li><li aria-current='page'>Hội nghị lần thứ năm</li></ol></nav>",
            "Chính trị",
        ),
        # nhandan's shape: the section's link is marked active, and is the last step
        (
            "<div class='breadcrumb breadcrumb-detail'><h2 class='main'><a href='/wc/'>World Cup"
            "</a></h2><h3 class='sub'><a class='active' href='/wc/tin/'>Tin tức</a></h3></div>",
            "Tin tức",
        ),
    ],
)
def test_breadcrumb_trail_gives_the_section(trail: str, section: str) -> None:
    """Any breadcrumb trail, by the class every CMS gives it, names the section as the reader
    sees it; the home step and the headline are no section. It wins over article:section."""
    head = '<meta property="article:section" content="Tin tức">'
    body = trail + "<h1>Hội nghị lần thứ năm</h1>" + BODY
    ex = extract(page(head if section != "Tin tức" else "", body), URL, BODY_RULES)
    assert ex.section == section
    assert process_page(page("", body), URL).section == section


def test_breadcrumb_of_home_only_gives_no_section() -> None:
    body = "<ul class='breadcrumb'><li><a href='/'>Trang chủ</a></li></ul>" + BODY
    assert extract(page("", body), URL, BODY_RULES).section is None


def test_labelled_keyword_box_gives_the_tags() -> None:
    """dangcongsan.vn's box lists the keywords as text ("Từ khóa: Hà Nội, xây dựng Đảng",
    div.detail-tags, no links); NukeViet's as links after the label. A "tag"-classed element
    that does not label itself (a category badge) gives none."""
    text_box = "<div class='detail-tags'>Từ khóa: Hà Nội, xây dựng Đảng</div>"
    ex = extract(page("", BODY + text_box), URL, BODY_RULES)
    assert ex.tags == ["Hà Nội", "xây dựng Đảng"]
    links = (
        "<div class='keywords'><strong>Từ khóa: </strong><a href='/tag/0/'><em>Đồng Nai</em>"
        "</a>, <a href='/tag/1/'><em>xây dựng Đảng</em></a></div>"
    )
    assert extract(page("", BODY + links), URL, BODY_RULES).tags == ["Đồng Nai", "xây dựng Đảng"]
    badge = "<span class='tag-cate'>Thời sự, Chính trị</span>"
    assert extract(page("", badge + BODY), URL, BODY_RULES).tags == []
    # article:tag, where the page has it, comes first
    head = '<meta property="article:tag" content="Bắc Ninh">'
    assert extract(page(head, BODY + text_box), URL, BODY_RULES).tags == ["Bắc Ninh"]


def test_no_section_or_tags_anywhere_is_none_and_empty() -> None:
    ex = extract(page(), URL, BODY_RULES)
    assert ex.section is None and ex.tags == []


def test_image_falls_back_to_jsonld_then_to_the_first_body_photo() -> None:
    head = ld({"@type": "NewsArticle", "image": {"url": "https://baotinh.example.vn/ld.jpg"}})
    assert extract(page(head), URL, BODY_RULES).image == "https://baotinh.example.vn/ld.jpg"
    # no og:image, no JSON-LD image: the body's photo, made absolute against the page
    assert extract(page(), URL, BODY_RULES).image == "https://baotinh.example.vn/anh/than-bai.jpg"
    no_photo = f"<div class='noi-dung'><p>{P1}</p><p>{P2}</p></div>"
    assert extract(page("", no_photo), URL, BODY_RULES).image is None


def test_modified_from_jsonld_and_never_before_published() -> None:
    head = ld(
        {
            "@type": "NewsArticle",
            "datePublished": "2026-03-02T08:15:00+07:00",
            "dateModified": "2026-03-01T07:00:00+07:00",  # earlier than published: a CMS slip
        }
    )
    a = process_page(page(head), URL)
    assert a.published == datetime(2026, 3, 2, 8, 15, tzinfo=VN)
    assert a.modified is None


def test_real_nhandan_section_tags_image_modified() -> None:
    """Read off the real page: breadcrumb `a.active` is "Tin tức", the meta's first
    article:section is "Thể thao", the tag links and article:tag list the same four tags."""
    url = "https://nhandan.vn/danh-bai-argentina-tay-ban-nha-vo-dich-world-cup-lan-thu-hai-post976641.html"
    html = decode(shared_path("corpus", "nhandan.vn__article.html").read_bytes(), url)
    tags = ["World Cup", "World Cup 2026", "Đội tuyển Tây Ban Nha", "Đội tuyển Argentina"]
    image = (
        "https://cdn.nhandan.vn/images/22f099ca8bc7ae81aa2a8d3416a84bf8957c48b897e922d6e97046289c"
        "dfd362c2b718afc74ed60735676975eb3004804a5b430761c69eafb2dba0cbca77bef40926501751a4f29b1a"
        "a7f0d0ad8f4b421cf52932fc49fbcf2fda2a3732cf7dae/spain-v-argentina-final-fifa-world-cup-2026"
        "-5246.jpg.webp"
    )
    a = process_page(html, url)  # the site's rules
    assert (a.section, a.tags, a.image) == ("Tin tức", tags, image)
    assert a.modified == datetime(2026, 7, 20, 6, 31, 56, tzinfo=VN)  # same instant: allowed
    ex = extract(html, url)  # no rules: the page's breadcrumb trail, then the metadata
    assert (ex.section, ex.tags, ex.image) == ("Tin tức", tags, image)
    doc = parse_html(html, url)
    for trail in doc.cssselect(BREADCRUMB):
        if trail.getparent() is not None:
            trail.getparent().remove(trail)
    ex = extract(lhtml.tostring(doc, encoding="unicode"), url)
    assert ex.section == "Thể thao"  # no trail: the first article:section
    assert ex.modified == [
        ("meta:article:modified_time", "2026-07-20T06:31:56+07:00"),
        ("jsonld:dateModified", "2026-07-20T06:31:56+07:00"),
    ]


# -- title, summary, authors, dates: which source, in which order -------------------------------


def test_title_order_rules_meta_lone_h1_page_title() -> None:
    h1 = "<h1 class='tieu-de'>Tiêu đề H1</h1>"
    og = '<meta property="og:title" content="Tiêu đề OG">'
    tw = '<meta name="twitter:title" content="Tiêu đề Twitter">'
    tt = "<title>Tiêu đề trang - Báo Tỉnh - Tin tức</title>"
    rules = SiteRules(title="h1.tieu-de", body="div.noi-dung")
    cases = [
        (og + tt, h1 + BODY, rules, ("Tiêu đề H1", "rules")),
        (og + tt, h1 + BODY, BODY_RULES, ("Tiêu đề OG", "meta")),
        (tw + tt, h1 + BODY, BODY_RULES, ("Tiêu đề Twitter", "meta")),
        (tt, h1 + BODY, BODY_RULES, ("Tiêu đề H1", "h1")),
        (tt, h1 + "<h1>Tin mới</h1>" + BODY, BODY_RULES, ("Tiêu đề trang - Báo Tỉnh", "title")),
        ("", BODY, BODY_RULES, ("", None)),
    ]
    for head, body, r, (title, source) in cases:
        ex = extract(page(head, body), URL, r)
        assert (ex.title, ex.field_sources.get("title")) == (title, source), (head, body)


def test_select_first_prefers_the_earlier_alternative_not_the_earlier_element() -> None:
    doc = lhtml.fromstring("<div><h2 class='a'>trong header</h2><h1 class='t'>bài</h1></div>")
    el = select_first(doc, "h1.t, h2.a")
    assert el is not None and el.text == "bài"
    assert select_first(doc, "h3, h2.a") is not None and select_first(doc, None) is None


def test_sapo_from_rules_is_never_repeated_in_text_or_html() -> None:
    sapo = "Ban Chấp hành Đảng bộ tỉnh họp hội nghị lần thứ năm."
    body = f"<h2 class='sapo'>{sapo}</h2><div class='noi-dung'><p>{sapo}</p><p>{P1}</p></div>"
    ex = extract(page("", body), URL, SiteRules(sapo="h2.sapo", body="div.noi-dung"))
    assert ex.summary == sapo and ex.field_sources["summary"] == "rules"
    assert ex.text == P1
    assert ex.body_html.count(sapo) == 1
    assert ex.body_html.startswith(f"<p><strong>{sapo}</strong></p>")
    assert ex.lead == P1


def test_sapo_inside_the_body_container_is_taken_out_once() -> None:
    sapo = "Ban Chấp hành Đảng bộ tỉnh họp hội nghị lần thứ năm."
    body = f"<div class='noi-dung'><p class='sapo'>{sapo}</p><p>{P1}</p><p>{P2}</p></div>"
    ex = extract(page("", body), URL, SiteRules(sapo="p.sapo", body="div.noi-dung"))
    assert ex.summary == sapo
    assert ex.text.split("\n\n") == [P1, P2]


SAPO_CORE = (
    "Bộ Công Thương vừa ban hành Thông tư quy định chi tiết về hoạt động mua bán điện "
    "từ các dự án điện mặt trời mái nhà tự sản xuất, tự tiêu thụ."
)


def test_sapo_inside_the_article_container_like_hanoimoi() -> None:
    """hanoimoi.vn's shape (families.md): the sapo is a <p> in the header of the article
    element, which is also the body container; the sapo is the summary, once."""
    body = (
        "<article class='sc-longform'><div class='sc-longform-header'>"
        "<h1 class='sc-longform-header-title'>Tiêu đề</h1>"
        f"<p class='sc-longform-header-sapo block-sc-sapo'>{SAPO_CORE}</p></div>"
        f"<div class='b-maincontent'><div class='entry'><p>{P1}</p><p>{P2}</p></div></div>"
        "</article>"
    )
    rules = SiteRules(
        title="h1.sc-longform-header-title", sapo="p.sc-longform-header-sapo", body="article"
    )
    ex = extract(page("", body), URL, rules)
    assert ex.summary == SAPO_CORE
    assert ex.text.split("\n\n") == [P1, P2]
    assert ex.body_html.count("Bộ Công Thương vừa ban hành") == 1


@pytest.mark.parametrize("mark", ["(Chinhphu.vn) -", "(CTO) -", "(ĐCSVN) -", "TTXVN -", "(PLVN) -"])
def test_sapo_keeps_its_outlet_mark_and_its_bare_repeat_leaves_the_text(mark: str) -> None:
    """baochinhphu.vn's shape: h2.detail-sapo "(Chinhphu.vn) - …" above
    div.detail-content.afcbc-body, whose first paragraph repeats the sapo without the mark.
    The summary is the sapo as the page shows it; the bare repeat is not read twice."""
    sapo = f"{mark} {SAPO_CORE}"
    body = (
        f"<div class='detail-mcontent'><h2 class='detail-sapo' data-role='sapo'>{sapo}</h2>"
        f"<div class='detail-content afcbc-body' data-role='content'><p>{SAPO_CORE}</p>"
        f"<p>{P1}</p><p>{P2}</p></div></div>"
    )
    rules = SiteRules(sapo="h2.detail-sapo", body="div.detail-content.afcbc-body")
    ex = extract(page("", body), URL, rules)
    assert ex.summary == sapo
    assert ex.text.split("\n\n") == [P1, P2]
    assert ex.body_html.count(SAPO_CORE) == 1  # the bold sapo at the top, not again


def test_first_paragraph_opening_with_the_sapo_keeps_only_what_follows() -> None:
    """A CMS that glues the sapo and the first sentence of the text into one <p>: the sapo's
    words go (they are the summary), the sentence after them stays."""
    body = (
        f"<h2 class='sapo'>{SAPO_CORE}</h2><div class='noi-dung'><p>{SAPO_CORE} {P1}</p>"
        f"<p>{P2}</p></div>"
    )
    ex = extract(page("", body), URL, SiteRules(sapo="h2.sapo", body="div.noi-dung"))
    assert ex.text.split("\n\n") == [P1, P2]
    # a piece of the sapo standing as the first paragraph goes too
    piece = SAPO_CORE.split(" về ")[0]
    body = f"<h2 class='sapo'>{SAPO_CORE}</h2><div class='noi-dung'><p>{piece}</p><p>{P2}</p></div>"
    ex = extract(page("", body), URL, SiteRules(sapo="h2.sapo", body="div.noi-dung"))
    assert ex.text == P2
    # a first paragraph that only begins like the sapo is text
    body = f"<h2 class='sapo'>{SAPO_CORE}</h2><div class='noi-dung'><p>Bộ Công Thương</p></div>"
    ex = extract(page("", body), URL, SiteRules(sapo="h2.sapo", body="div.noi-dung"))
    assert ex.text == "Bộ Công Thương"


def test_description_without_the_outlet_mark_still_finds_the_lead() -> None:
    """baocantho.com.vn's shape: no sapo element, the sapo is the body's first paragraph
    "(CTO) - …" and the description repeats it without the mark. The summary is the
    paragraph as the page shows it, and the text has it once."""
    lead = f"(CTO) - {P1}"
    body = f"<div class='noi-dung'><p><strong>(CTO)</strong> - {P1}</p><p>{P2}</p></div>"
    ex = extract(page(f'<meta property="og:description" content="{P1}">', body), URL, BODY_RULES)
    assert (ex.summary, ex.field_sources["summary"]) == (lead, "lead")
    assert ex.text.split("\n\n") == [lead, P2]


@pytest.mark.parametrize(
    "name,url,times",
    [
        ("baocantho.com.vn__article.html", "https://baocantho.com.vn/a-a196670.html", 1),
        ("nhandan.vn__article.html", "https://nhandan.vn/a-post976641.html", 0),
    ],
)
def test_real_pages_show_the_sapo_in_the_text_as_the_page_does(
    name: str, url: str, times: int
) -> None:
    """The gold's summary_in_text: baocantho's sapo is the first paragraph of the article
    container (once in the text), nhandan's sits outside div.article__body (not in it)."""
    a = process_page(decode(shared_path("corpus", name).read_bytes(), url), url)
    paras = a.text.split("\n\n")
    assert sum(fold(p) == fold(a.summary) for p in paras) == times
    assert sum(fold(a.summary[:60]) in fold(p) for p in paras) == times


def test_title_date_and_author_lines_inside_the_body_are_fields_not_text() -> None:
    title = "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ năm"
    body = (
        f"<div class='noi-dung'><h1 class='t'>{title}</h1><span class='ngay'>02/03/2026 08:15"
        f"</span><p>{P1}</p><p>{P2}</p><p class='tg'>Thanh Giang</p></div>"
    )
    rules = SiteRules(title="h1.t", body="div.noi-dung", date="span.ngay", author="p.tg")
    ex = extract(page("", body), URL, rules)
    assert ex.title == title and ex.authors == ["Thanh Giang"]
    assert ex.dates == [("site:span.ngay", "02/03/2026 08:15")]
    assert ex.text.split("\n\n") == [P1, P2]


def test_summary_from_description_lead_or_meta() -> None:
    cut = P1[:90] + "..."
    ex = extract(page(f'<meta property="og:description" content="{cut}">'), URL, BODY_RULES)
    # the description is the first paragraph cut short: the paragraph is the summary, and
    # it stays in the text, where the page has it
    assert (ex.summary, ex.field_sources["summary"]) == (P1, "lead")
    assert ex.text.split("\n\n") == [P1, P2]
    other = "Hội nghị Tỉnh ủy lần thứ năm."
    ex = extract(page(f'<meta name="description" content="{other}">'), URL, BODY_RULES)
    assert (ex.summary, ex.field_sources["summary"]) == (other, "meta")
    ex = extract(page(), URL, BODY_RULES)
    assert ex.summary == "" and "summary" not in ex.field_sources


def test_authors_order_rules_then_byline_then_jsonld() -> None:
    head = ld({"@type": "NewsArticle", "author": {"name": "Ban Biên tập"}})
    signed = f"<div class='noi-dung'><p>{P1}</p><p>{P2}</p><p>Hằng Nga</p></div>"
    author = "<p class='tac-gia'>Thanh Giang – Văn Hương (TTXVN)</p>"
    rules = SiteRules(body="div.noi-dung", author="p.tac-gia")
    ex = extract(page(head, author + signed), URL, rules)
    assert (ex.authors, ex.source, ex.field_sources["authors"]) == (
        ["Thanh Giang", "Văn Hương"],
        "TTXVN",
        "rules",
    )
    ex = extract(page(head, signed), URL, BODY_RULES)
    assert (ex.authors, ex.field_sources["authors"]) == (["Hằng Nga"], "byline:rules")
    ex = extract(page(head), URL, BODY_RULES)
    assert (ex.authors, ex.field_sources["authors"]) == (["Ban Biên tập"], "meta")
    ex = extract(page(), URL, BODY_RULES)
    assert ex.authors == [] and "authors" not in ex.field_sources


def test_site_date_line_is_a_candidate_after_the_metadata() -> None:
    head = '<meta property="article:published_time" content="2026-03-02">'
    body = "<span class='ngay'>02/03/2026 - 08:15</span>" + BODY
    ex = extract(page(head, body), URL, SiteRules(body="div.noi-dung", date="span.ngay"))
    assert ex.dates == [
        ("meta:article:published_time", "2026-03-02"),
        ("site:span.ngay", "02/03/2026 - 08:15"),
    ]


def test_canonical_and_og_url_are_kept_for_the_dedup_stage() -> None:
    head = (
        '<link rel="canonical" href="https://baotinh.example.vn/a1234.html">'
        '<meta property="og:url" content="https://m.baotinh.example.vn/a1234.html">'
    )
    ex = extract(page(head), URL, BODY_RULES)
    assert (ex.canonical, ex.og_url) == (
        "https://baotinh.example.vn/a1234.html",
        "https://m.baotinh.example.vn/a1234.html",
    )


def test_rules_body_shell_falls_back_to_the_generic_path() -> None:
    title = "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ năm"
    body = (
        f"<div class='noi-dung'><p>Ảnh</p></div>"
        f"<article><h1>{title}</h1><p>{P1}</p><p>{P2}</p></article>"
    )
    ex = extract(page("", body), URL, BODY_RULES)
    assert (ex.title, ex.field_sources["text"]) == (title, "trafilatura")
    assert P1 in ex.text and P2 in ex.text
    assert title not in ex.text  # the headline trafilatura repeats is the title, not text


def test_empty_or_unreadable_page_names_the_url() -> None:
    for bad in ("", "   \n"):
        with pytest.raises(ValueError, match=f"^{re.escape(URL)}: empty page$"):
            extract(bad, URL)


def test_apply_fills_the_item_and_drops_the_html() -> None:
    item = Article(
        url=URL,
        site="generic",
        html=page(META_HEAD + '<link rel="canonical" href="https://baotinh.example.vn/c.html">'),
        hints=discovery_hints({"feed_date": "Mon, 02 Mar 2026 08:00:00 +0700"}),
        field_sources={"province": "site"},
    )
    out = apply(item, BODY_RULES, "Báo Tỉnh")
    assert out is item and item.html == ""
    assert item.text.split("\n\n") == [P1, P2]
    assert item.section == "Xây dựng Đảng" and item.image == "https://baotinh.example.vn/anh/og.jpg"
    assert item.field_sources["province"] == "site" and item.field_sources["text"] == "rules"
    assert item.hints["feed_date"] == "Mon, 02 Mar 2026 08:00:00 +0700"  # kept beside the new
    assert item.hints["canonical"] == "https://baotinh.example.vn/c.html"
    assert item.hints["lead"] == P1
    assert item.hints["dates"] == [("meta:article:published_time", "2026-03-02T08:15:00+07:00")]


def test_discovery_hints_refuse_an_unknown_key() -> None:
    assert discovery_hints({"feed_date": "", "listing_date": "02/03/2026"}) == {
        "listing_date": "02/03/2026"
    }
    with pytest.raises(ValueError, match="'lead' is not a discovery hint"):
        discovery_hints({"lead": "x"})


def test_rules_but_adds_to_the_family_drop_list() -> None:
    family = SiteRules(title="h1", drop=("div.share",))
    site = family.but(sapo="h2.sapo", drop=("div.related",))
    assert site == SiteRules(title="h1", sapo="h2.sapo", drop=("div.share", "div.related"))
    assert family.but(title=None).title is None and family.but().drop == ("div.share",)
