"""Each Vietnamese cleaning rule on its own, on markup shaped like the pages that leak it."""

from __future__ import annotations

from lxml import html as lhtml

from crawler.core.blocks import Block, to_blocks
from crawler.core.clean import dateline, is_trailer, looks_like_name_line, split_byline
from crawler.core.extract import extract
from crawler.core.rules import SiteRules
from crawler.core.sanitize import render

P = (
    "Đảng ủy Khối các cơ quan tỉnh tổ chức hội nghị sơ kết công tác xây dựng Đảng "
    "sáu tháng đầu năm."
)


def text_of(body: str, outlet: str = "") -> tuple[str, list[str], str | None]:
    page = f"<html><body><h1>Tiêu đề</h1><div class='b'>{body}</div></body></html>"
    ex = extract(page, "https://tinh.vn/a.html", SiteRules(title="h1", body="div.b"), outlet)
    return ex.text, ex.authors, ex.source


def test_no_words_glued_across_tags() -> None:
    el = lhtml.fromstring(
        "<div><p>phát triển đảng viên<br>luôn được quan tâm; năm 2021<span>&nbsp;</span>của"
        " Ban</p><p>trong</p><p>lãnh đạo</p><div><b>thiết thực.</b><i>Hội nghị</i> <b>A</b>"
        "<b>B</b></div><table><tr><td>ô1</td><td>ô2</td></tr></table></div>"
    )
    texts = [b.text for b in to_blocks(el, "https://x.vn/")]
    joined = " | ".join(texts)
    assert "viênluôn" not in joined and "2021của" not in joined and "tronglãnh" not in joined
    assert texts[:2] == ["phát triển đảng viên", "luôn được quan tâm; năm 2021 của Ban"]
    assert "trong" in texts and "lãnh đạo" in texts
    assert "ô1 ô2" in texts
    assert "thiết thực. Hội nghị AB" in texts  # apart at a sentence end; "AB" stays as shown


def test_trailers_and_everything_hanging_under_them() -> None:
    t, _, _ = text_of(
        f"<p>{P}</p><p>Xuân Hiền</p><p><b>Các tin khác</b></p>"
        "<ul><li><a href='/1.html'>Hội nghị Ban Chấp hành lần thứ 4</a></li>"
        "<li><a href='/2.html'>Tổng kết công tác dân vận</a></li></ul>"
    )
    assert t == P


def test_box_labels() -> None:
    for label in (
        "Xem thêm",
        "Video",
        "Đọc báo in",
        "Ý kiến bạn đọc",
        "Tin liên quan",
        "Tin cùng chuyên mục",
        "TIN LIÊN QUAN",
        "Từ khóa:",
        "Bình luận",
        "Chia sẻ",
        "In bài viết",
        "Đọc nhiều",
        "Tin mới nhất",
        "Ảnh",
        "Đọc thêm",
    ):
        assert is_trailer(label), label
        t, _, _ = text_of(f"<p>{P}</p><p>{label}</p>")
        assert t == P, label
    assert not is_trailer("Video clip cho thấy hội nghị đã diễn ra trang trọng")


def test_inline_related_box_inside_body() -> None:
    t, _, _ = text_of(
        f"<p>{P}</p><p><strong>Xem thêm: </strong><a href='/x.html'>Đảng bộ "
        f"tỉnh kết nạp 500 đảng viên</a></p><p>{P} Hai.</p>"
        "<div class='box'><a href='/y.html'>Một tin khác cùng chuyên mục</a></div>"
        f"<p>{P} Ba.</p>"
    )
    assert t.split("\n\n") == [P, P + " Hai.", P + " Ba."]


def test_captions_out_of_text_once_in_html() -> None:
    body = (
        f"<p>{P}</p><p><img src='/a.jpg' alt='Quang cảnh hội nghị.'></p>"
        "<p style='text-align:center'><em>Quang cảnh hội nghị.</em></p>"
        "<p style='text-align:center'><em>Quang cảnh hội nghị.</em></p>"
        f"<table class='image'><tr><td><img src='/b.jpg'></td></tr><tr><td class='image_desc'>"
        f"Đại biểu thảo luận tại hội nghị. Ảnh: TTXVN</td></tr></table><p>{P} Hai.</p>"
        "<p>Trưởng ban phát biểu kết luận hội nghị |</p>"
    )
    page = f"<html><body><h1>T</h1><div class='b'>{body}</div></body></html>"
    ex = extract(page, "https://tinh.vn/a.html", SiteRules(title="h1", body="div.b"))
    assert ex.text.split("\n\n") == [P, P + " Hai."]
    assert ex.body_html.count("Quang cảnh hội nghị.</em></figcaption>") == 1
    assert "Ảnh: TTXVN</figcaption>" in ex.body_html
    assert 'src="https://tinh.vn/a.jpg"' in ex.body_html


def test_placeholder_and_lone_credit_dropped() -> None:
    t, _, _ = text_of(f"<p>Chú thích ảnh</p><p>{P}</p><p>Ảnh: TTXVN</p><p>{P} Hai.</p>")
    assert t.split("\n\n") == [P, P + " Hai."]


def test_footer_and_ad_lines() -> None:
    t, _, _ = text_of(
        f"<p>{P}</p><p>doanh nghiệp - Sản phẩm - Dịch vụ Thông cáo báo chí Rao vặt"
        "</p><p>Các đơn vị thông tin của TTXVN</p><p>© Bản quyền thuộc về Báo X</p>"
    )
    assert t == P


def test_bylines_become_authors() -> None:
    cases = {
        "Hằng Nga": (["Hằng Nga"], None),
        "Thanh Giang – Văn Hương": (["Thanh Giang", "Văn Hương"], None),
        "Tâm Hằng (TTXVN)": (["Tâm Hằng"], "TTXVN"),
        "TTXVN/Báo Tin tức": (["TTXVN/Báo Tin tức"], None),
        "Theo Báo Lào Cai": ([], "Báo Lào Cai"),
        "Tin, ảnh: P.Y": (["P.Y"], None),
        "Bài và ảnh: NGUYỄN VĂN AN": (["NGUYỄN VĂN AN"], None),
        "Xuân Hiền./.": (["Xuân Hiền"], None),
    }
    for line, (authors, source) in cases.items():
        assert looks_like_name_line(line), line
        assert split_byline(line) == (authors, source), line
        t, got_authors, got_source = text_of(f"<p>{P}</p><p>{line}</p>")
        assert t == P, line
        assert (got_authors, got_source) == (authors, source), line


def test_last_prose_sentence_is_not_a_byline() -> None:
    for line in (
        "Hội nghị kết thúc tốt đẹp.",
        "Tại Hội nghị, Đảng ủy Khối đã khen thưởng 30 tập thể.",
    ):
        assert not looks_like_name_line(line)
        t, authors, _ = text_of(f"<p>{P}</p><p>{line}</p>")
        assert t.endswith(line) and authors == []


def test_dateline_recognised_and_kept() -> None:
    for lead, mark in (
        ("(CTO) - Ngày 8-1, Phó Thủ tướng chủ trì", "(CTO)"),
        ("BBK - Chiều 10/5, Đảng ủy tổ chức", "BBK"),
        ("(Web Quảng Trị) Chiều 15/10/2021, Ban Chấp hành", "(Web Quảng Trị)"),
        ("(ĐCSVN) - Sáng 20/11, tại Hà Nội", "(ĐCSVN)"),
    ):
        assert dateline(lead) == mark
        t, _, _ = text_of(f"<p>{lead} hội nghị sơ kết công tác năm nay.</p>")
        assert t.startswith(lead)
    assert dateline("Chiều 10/5, Đảng ủy tổ chức") is None


def test_sanitised_html_has_no_active_content() -> None:
    body = (
        f"<p onclick='x()'>{P}<script>alert(1)</script></p><iframe src='//x'></iframe>"
        "<form><input></form><p><img src='https://t.vn/pixel.gif' width='1' height='1'>"
        f"<a href='javascript:alert(1)'>x</a> <a href='/b.html' style='color:red'>liên kết</a>"
        f" {P}</p>"
    )
    page = f"<html><body><h1>T</h1><div class='b'>{body}</div></body></html>"
    ex = extract(page, "https://tinh.vn/a.html", SiteRules(title="h1", body="div.b"))
    h = ex.body_html
    for bad in (
        "<script",
        "onclick",
        "<iframe",
        "<form",
        "<input",
        "javascript:",
        "style=",
        "pixel.gif",
    ):
        assert bad not in h, bad
    assert '<a href="https://tinh.vn/b.html" rel="noopener">liên kết</a>' in h


def test_caption_shown_once_without_separator_bar() -> None:
    body = (
        f"<p>{P}</p><p><img src='/a.jpg' alt='Trưởng ban chủ trì hội nghị'></p>"
        "<p style='text-align:center'><em>Trưởng ban chủ trì hội nghị |</em></p>"
        f"<p>{P} Hai.</p>"
    )
    page = f"<html><body><h1>T</h1><div class='b'>{body}</div></body></html>"
    ex = extract(page, "https://tinh.vn/a.html", SiteRules(title="h1", body="div.b"))
    assert ex.body_html.count("Trưởng ban chủ trì hội nghị") == 1
    assert "<figcaption><em>Trưởng ban chủ trì hội nghị</em></figcaption>" in ex.body_html
    assert "|" not in ex.body_html


def test_block_kinds_alignment_and_emphasis_from_the_markup() -> None:
    el = lhtml.fromstring(
        "<div><h2>Tiêu đề phụ</h2><ul><li>Mục một</li><li><p>Mục hai</p></li></ul>"
        "<blockquote><p>Lời trích</p></blockquote><table><tr><td>ô1</td></tr></table>"
        "<p style='text-align: center'>Giữa</p><p align='right'>Phải</p><center>Giữa cũ</center>"
        "<hr><figcaption><p>Chú <b>thích</b></p></figcaption>"
        "<p><em>nghiêng</em> và <strong>đậm</strong> <a href='/x.html'>liên kết</a></p></div>"
    )
    blocks = to_blocks(el, "https://tinh.vn/a.html")
    assert [(b.kind, b.text) for b in blocks] == [
        ("h", "Tiêu đề phụ"),
        ("li", "Mục một"),
        ("li", "Mục hai"),  # a paragraph inside a list item is still the item
        ("quote", "Lời trích"),
        ("row", "ô1"),
        ("p", "Giữa"),
        ("p", "Phải"),
        ("p", "Giữa cũ"),
        ("hr", ""),
        ("caption", "Chú thích"),  # everything inside a caption is caption
        ("p", "nghiêng và đậm liên kết"),
    ]
    assert [(b.center, b.right) for b in blocks[5:8]] == [
        (True, False),
        (False, True),
        (True, False),
    ]
    last = blocks[-1]
    assert (last.emph_chars, last.strong_chars, last.link_chars) == (7, 3, 8)
    assert last.html == (
        '<em>nghiêng</em> và <strong>đậm</strong> <a href="https://tinh.vn/x.html">liên kết</a>'
    )


def test_lazy_loaded_photos_and_placeholder_alt() -> None:
    el = lhtml.fromstring(
        "<div><img data-src='/that.jpg' src='data:image/gif;base64,R0lG' alt='Ảnh minh họa'>"
        "<img src='/cho.gif' data-original='goc.jpg' alt='Toàn cảnh hội nghị'>"
        "<img src='/dem.gif' width='1' height='1'></div>"
    )
    imgs = [(b.kind, b.src, b.alt) for b in to_blocks(el, "https://tinh.vn/a/b.html")]
    assert imgs == [
        ("img", "https://tinh.vn/that.jpg", ""),  # "Ảnh minh họa" describes nothing
        ("img", "https://tinh.vn/a/goc.jpg", "Toàn cảnh hội nghị"),
    ]


def test_rendered_html_keeps_the_structure_readers_need() -> None:
    blocks = [
        Block(kind="caption", text="Chú thích lạc", html="Chú thích lạc"),
        Block(kind="h", text="Mục A", html="Mục A"),
        Block(kind="li", text="Một", html="Một"),
        Block(kind="li", text="Hai", html="Hai"),
        Block(kind="quote", text="Trích", html="Trích"),
        Block(kind="img", src="https://tinh.vn/a.jpg", alt="Toàn cảnh"),
        Block(kind="caption", text="Đại biểu dự hội nghị.", html="Đại biểu dự hội nghị."),
        Block(kind="caption", text="Ảnh: TTXVN |", html="Ảnh: TTXVN |"),
        Block(kind="hr"),
        Block(kind="row", text="ô1 ô2", html="ô1 ô2"),
        Block(kind="li", text="Ba", html="Ba"),
    ]
    assert render(blocks, "Sapo") == "\n".join(
        [
            "<p><strong>Sapo</strong></p>",
            "<h3>Mục A</h3>",
            "<ul>",
            "<li>Một</li>",
            "<li>Hai</li>",
            "</ul>",
            "<blockquote><p>Trích</p></blockquote>",
            '<figure><img src="https://tinh.vn/a.jpg" alt="Toàn cảnh"><figcaption>'
            "Đại biểu dự hội nghị. Ảnh: TTXVN</figcaption></figure>",
            "<p>ô1 ô2</p>",
            "<ul>",
            "<li>Ba</li>",
            "</ul>",
        ]
    )
