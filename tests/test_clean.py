"""Each Vietnamese cleaning rule on its own, on markup shaped like the pages that leak it."""

from __future__ import annotations

import pytest
from lxml import html as lhtml

from crawler.core.blocks import Block, to_blocks
from crawler.core.clean import (
    clean_blocks,
    dateline,
    is_app_promo,
    is_banner,
    is_copyright,
    is_footer,
    is_masthead,
    is_promo,
    is_trailer,
    looks_like_name_line,
    split_byline,
)
from crawler.core.extract import extract
from crawler.core.rules import SiteRules
from crawler.core.sanitize import render
from crawler.process import decode
from tests.conftest import shared_path

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


# -- boilerplate classes (issue 10) --------------------------------------------------------------

P2 = (
    "Phát biểu kết luận, đồng chí Bí thư Tỉnh ủy đề nghị các cấp ủy tập trung lãnh đạo hoàn "
    "thành các chỉ tiêu đã đề ra, chăm lo công tác xây dựng Đảng."
)


def _with_and_without(box: str, outlet: str = "", at_top: bool = False) -> list[str]:
    """The same article with the boilerplate box and without it: the text must not differ,
    and what the rule took out is named in `removed`."""
    story = f"<p>{P}</p><p>{P2}</p>"
    texts, removed = [], []
    for body in (story, box + story if at_top else f"<p>{P}</p>{box}<p>{P2}</p>"):
        page = f"<html><body><h1>Tiêu đề</h1><div class='b'>{body}</div></body></html>"
        ex = extract(page, "https://tinh.vn/a.html", SiteRules(title="h1", body="div.b"), outlet)
        texts.append(ex.text)
        removed = ex.removed
    assert texts[0] == texts[1] == f"{P}\n\n{P2}"
    return removed


def test_copyright_notices_are_boilerplate() -> None:
    """The notice forms the real pages print (hanoimoi's "(*) Không sao chép …", baochinhphu's
    "Bản quyền thuộc …", baocantho's "Bản quyền của …" and "Ghi rõ nguồn …"), in our words."""
    lines = (
        "(*) Không sao chép dưới mọi hình thức khi chưa có sự đồng ý bằng văn bản của Báo X.",
        "Bản quyền thuộc Báo Tỉnh điện tử - Cổng Thông tin điện tử tỉnh.",
        "Bản quyền của Báo Tỉnh",
        "© Bản quyền thuộc BÁO TỈNH.",
        'Ghi rõ nguồn "Báo Tỉnh điện tử" khi phát hành lại thông tin từ website này',
        "Giấy phép số: 12/GP-BTTTT, cấp ngày 01/02/2024.",
        "Copyright 2026 baotinh.vn",
    )
    for line in lines:
        assert is_copyright(line), line
        removed = _with_and_without(f"<div class='c-powered'><p>{line}</p></div>")
        assert removed == [line], line
    # a sentence about copyright is a story's sentence
    assert not is_footer("Hội thảo bàn về bảo hộ quyền tác giả trong môi trường số hiện nay.")


def test_masthead_labels_are_boilerplate() -> None:
    """Label lines of a masthead (nhandan's and baocantho's footers have these shapes)."""
    for line in (
        "Tổng Biên tập: Nguyễn Văn A",
        "Q.Tổng biên tập: NGUYỄN VĂN A",
        "Trụ sở chính: 12 Đường Số 1 - Tỉnh.",
        "Tel: (84) 24 1234567 Fax: (84) 24 7654321.",
        "12 Đường Số 1, P. Trung Tâm - Điện thoại: (0292) 123456 - Fax: (0292) 654321",
        "E-mail: toasoan@baotinh.vn",
        "Phát triển bởi:",
    ):
        assert is_masthead(line), line
        assert _with_and_without(f"<p>{line}</p>") == [line], line


def test_app_download_box_is_cut_with_its_badges() -> None:
    """baochinhphu.vn's box (its real listing footer): "Tải ứng dụng:", the outlet's name in
    bold, store links with badge images, a QR code and "Quét mã QR để tải"; on the article
    it sits near the top, so it is placed before the text here."""
    box = (
        "<div class='right'><div class='top'><div class='content'><p class='text'>Tải ứng dụng:"
        "</p><p class='bold'>BÁO ĐIỆN TỬ TỈNH</p></div></div><div class='bot'>"
        "<a class='app' href='https://apps.apple.com/app/bao-tinh/id1'>"
        "<img src='https://tinh.vn/image/ip.png' alt='app store'></a>"
        "<a class='app' href='https://play.google.com/store/apps/details?id=vn.tinh'>"
        "<img src='https://tinh.vn/image/gg.png' alt='google play'></a></div></div>"
        "<div class='right2'><img src='https://tinh.vn/image/download-app-qrcode.png' "
        "alt='Quét ma QR'><p>Quét mã QR để tải</p></div>"
    )
    removed = _with_and_without(box, at_top=True)
    assert removed[:3] == ["Tải ứng dụng:", "BÁO ĐIỆN TỬ TỈNH", "Quét mã QR để tải"]
    page = f"<html><body><h1>T</h1><div class='b'>{box}<p>{P}</p></div></body></html>"
    ex = extract(page, "https://tinh.vn/a.html", SiteRules(title="h1", body="div.b"))
    assert "<img" not in ex.body_html  # no badge, no QR code
    # the app lines alone, without a box title, go too; a story about an app stays
    for line in ("Tải app Báo Tỉnh", "Tải ứng dụng trên App Store | Google Play"):
        assert is_promo(line), line
        assert _with_and_without(f"<p>{line}</p>") == [line], line
    story = "Người dân có thể tải ứng dụng VNeID trên App Store và Google Play để khai báo."
    assert not is_footer(story)
    assert is_app_promo(
        Block(kind="p", text="App Store", html='<a href="https://apps.apple.com/x">')
    )


def test_newsroom_name_banners_are_boilerplate() -> None:
    """The outlet naming itself: "BÁO ĐIỆN TỬ CHÍNH PHỦ" (baochinhphu's app box), "Báo Nhân
    Dân điện tử" (nhandan's footer), a line that is the outlet's name, the "Cơ quan của Đảng
    bộ …" masthead."""
    for line, outlet in (
        ("BÁO ĐIỆN TỬ TỈNH", ""),
        ("Báo Tỉnh điện tử", ""),
        ("Báo Tỉnh", "Báo Tỉnh"),
        ("Cơ quan của Đảng bộ Đảng Cộng sản Việt Nam tỉnh X, tiếng nói của Đảng bộ", ""),
        ("Cổng thông tin điện tử Tỉnh ủy", ""),
    ):
        assert is_banner(line, outlet), line
        assert _with_and_without(f"<p><strong>{line}</strong></p>", outlet) == [line], line
    # a heading that starts like one ("BÁO CÁO …") and a sentence naming the outlet stay
    assert not is_banner("BÁO CÁO CHÍNH TRỊ TẠI ĐẠI HỘI")
    assert not is_banner("Cổng thông tin điện tử tỉnh đã đăng tải hơn 500 tin bài về đại hội.")
    assert not is_banner("Báo Tỉnh", "Báo Cần Thơ")


def test_footer_words_in_a_sentence_do_not_make_it_a_footer() -> None:
    """The previous rule dropped any line under 200 characters that said "quảng cáo" or
    "Tổng Biên tập". A footer has a footer's shape; a sentence saying those words is text."""
    sentences = (
        "Hội nghị yêu cầu các cơ quan báo chí của tỉnh không nhận quảng cáo trái quy định…",
        "Tổng Biên tập Báo Nhân Dân Lê Quốc Minh phát biểu tại hội nghị.",
        "Sở đã ra thông cáo báo chí về kết quả kỳ thi vào chiều nay.",
    )
    for s in sentences:
        assert not is_footer(s), s
        t, _, _ = text_of(f"<p>{P}</p><p>{s}</p><p>{P2}</p>")
        assert t.split("\n\n") == [P, s, P2], s
    for line in ("Liên hệ quảng cáo: 0912 345 678", "Tổng Biên tập Lê Quốc Minh", "Quảng cáo"):
        assert is_footer(line), line
        assert _with_and_without(f"<p>{line}</p>") == [line], line


@pytest.mark.parametrize(
    "name,selector,outlet",
    [
        ("baochinhphu.vn__listing.html", "div.footer", "Báo Điện tử Chính phủ"),
        ("baocantho.com.vn__article.html", "div.footer", "Báo Cần Thơ"),
        ("nhandan.vn__article.html", "footer", "Báo Nhân Dân"),
    ],
)
def test_real_site_footers_leave_no_line_when_inside_the_article(
    name: str, selector: str, outlet: str
) -> None:
    """The footers of the real pages, as if a template had put them in the article container:
    every copyright, masthead, app and banner line the gold lists is taken out."""
    url = "https://" + name.split("__")[0] + "/"
    doc = lhtml.document_fromstring(decode(shared_path("corpus", name).read_bytes(), url))
    footer = doc.cssselect(selector)[-1]
    cleaned = clean_blocks(to_blocks(footer, url), outlet)
    assert [b.text for b in cleaned.blocks if b.kind == "p"] == []
    wanted = {
        "baochinhphu.vn__listing.html": ("Tải ứng dụng:", "Quét mã QR để tải", "Tổng Biên tập:"),
        "baocantho.com.vn__article.html": ("Bản quyền của Báo Cần Thơ", "Ghi rõ nguồn", "Fax:"),
        "nhandan.vn__article.html": ("Tổng Biên tập:", "Trụ sở chính:", "Báo Nhân Dân điện tử"),
    }[name]
    classified = [r for r in cleaned.removed if is_footer(r, outlet)]
    for w in wanted:
        assert any(w in r for r in classified), w


# -- subheadings (issue 10) ----------------------------------------------------------------------


def test_subheadings_inside_the_body_are_lines_and_keep_their_level() -> None:
    """baochinhphu.vn's body (families.md): div.detail-content.afcbc-body with h2 subheadings
    between the paragraphs, an inline related box (div[type=RelatedNewsBox], "Tham khảo
    thêm") just before one of them, and an h3 under it. Each subheading is a line of the
    text and keeps its level in the HTML; the box goes, the subheading after it stays."""
    body = (
        f"<p>{P}</p><h2>Chuyển đổi số trong sinh hoạt chi bộ</h2><p>{P2}</p>"
        "<div class='VCSortableInPreviewMode' type='RelatedNewsBox'>"
        "<div class='kbwscwl-relatedbox'><strong>Tham khảo thêm</strong><ul>"
        "<li><a href='/bai-khac-102260101.htm'>Đảng ủy xã tổng kết công tác năm</a></li>"
        "<li><a href='/bai-khac-102260102.htm'>Kết nạp đảng viên mới ở vùng cao</a></li>"
        "</ul></div></div>"
        f"<h2><strong>Kết nạp đảng viên trong doanh nghiệp</strong></h2><p>{P} Hai.</p>"
        f"<h3>Những việc cần làm ngay</h3><p>{P2} Ba.</p>"
    )
    page = (
        f"<html><body><h1>T</h1><div class='detail-content afcbc-body'>{body}</div></body></html>"
    )
    rules = SiteRules(title="h1", body="div.detail-content.afcbc-body")
    ex = extract(page, "https://tinh.vn/a-102260100.htm", rules)
    assert ex.text.split("\n\n") == [
        P,
        "Chuyển đổi số trong sinh hoạt chi bộ",
        P2,
        "Kết nạp đảng viên trong doanh nghiệp",
        P + " Hai.",
        "Những việc cần làm ngay",
        P2 + " Ba.",
    ]
    assert "<h2>Chuyển đổi số trong sinh hoạt chi bộ</h2>" in ex.body_html
    assert "<h2><strong>Kết nạp đảng viên trong doanh nghiệp</strong></h2>" in ex.body_html
    assert "<h3>Những việc cần làm ngay</h3>" in ex.body_html
    assert "Tham khảo thêm" not in ex.text and "vùng cao" not in ex.text


def test_subheadings_survive_the_generic_path() -> None:
    """No body rule: trafilatura reads the page, and the h2/h3 it keeps stay lines."""
    body = f"<p>{P}</p><h2>Mục một của bài</h2><p>{P2}</p><h3>Mục hai của bài</h3><p>{P} Hai.</p>"
    page = (
        "<html><head><meta property='og:title' content='Tiêu đề bài viết'></head><body>"
        f"<article><h1>Tiêu đề bài viết</h1><div class='content'>{body}</div></article>"
        "</body></html>"
    )
    ex = extract(page, "https://tinh.vn/a-1.html")
    assert ex.field_sources["text"] == "trafilatura"
    assert ex.text.split("\n\n") == [P, "Mục một của bài", P2, "Mục hai của bài", P + " Hai."]
    assert "<h2>Mục một của bài</h2>" in ex.body_html
    assert "<h3>Mục hai của bài</h3>" in ex.body_html


def test_a_box_title_still_cuts_the_related_headings_under_it() -> None:
    """A heading ends a cut box only when it is the story's: a related box headed with
    linked titles (h3 > a) is still cut to the end."""
    body = (
        f"<p>{P}</p><p>Tin liên quan</p><h3><a href='/1.html'>Hội nghị Ban Chấp hành lần thứ 4"
        f"</a></h3><p>Tóm tắt ngắn</p><h3><a href='/2.html'>Tổng kết công tác dân vận</a></h3>"
    )
    t, _, _ = text_of(body)
    assert t == P


def test_generic_path_keeps_a_photos_figcaption() -> None:
    """No body rule: trafilatura keeps the <img> of a <figure> but drops its <figcaption>.
    The page's caption goes back under the photo in body_html, and stays out of the text."""
    caption = "Quang cảnh lớp bồi dưỡng tại hội trường."
    body = (
        f"<p>{P}</p><figure class='image'><img src='/anh/lop.jpg' alt='{caption}'>"
        f"<figcaption>{caption}</figcaption></figure><p>{P2}</p>"
        "<table class='picBox'><tr><td><img src='/anh/hai.jpg'></td></tr>"
        "<tr><td class='image_desc'>Đại biểu thảo luận.</td></tr></table>"
        f"<p>{P} Hai.</p>"
    )
    page = (
        "<html><head><meta property='og:title' content='Tiêu đề bài viết'></head><body>"
        f"<article><h1>Tiêu đề bài viết</h1><div class='content'>{body}</div></article>"
        "</body></html>"
    )
    ex = extract(page, "https://tinh.vn/a-1.html")
    assert ex.field_sources["text"] == "trafilatura"
    assert caption not in ex.text and "Đại biểu thảo luận." not in ex.text
    assert (
        f'<figure><img src="https://tinh.vn/anh/lop.jpg" alt=""><figcaption>{caption}'
        "</figcaption></figure>"
    ) in ex.body_html
    assert 'hai.jpg" alt=""><figcaption>Đại biểu thảo luận.</figcaption>' in ex.body_html
