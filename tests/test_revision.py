"""Never replace good with worse: a re-fetched page is judged against the stored article.

The stored article is a full report of a provincial Party congress; every case below is what a
site really serves under a known URL: the same page again, a correction, or a status page, a cut
page or another story served with status 200."""

from __future__ import annotations

import unicodedata
from typing import Any

from crawler.core.revision import (
    COLLAPSE,
    Judgement,
    find_marker,
    judge,
    maintenance_marker,
)

TITLE = "Khai mạc Đại hội đại biểu Đảng bộ tỉnh Tuyên Quang lần thứ XVIII"
SUMMARY = (
    "Sáng 14-10, tại Trung tâm Hội nghị tỉnh, Đại hội đại biểu Đảng bộ tỉnh Tuyên Quang lần thứ "
    "XVIII, nhiệm kỳ 2025-2030 chính thức khai mạc với sự tham dự của 350 đại biểu."
)
PARAGRAPHS = [
    "Dự phiên khai mạc có đồng chí Ủy viên Bộ Chính trị, đại diện lãnh đạo các ban, bộ, ngành "
    "Trung ương, các đồng chí nguyên lãnh đạo tỉnh qua các thời kỳ cùng 350 đại biểu thay mặt "
    "cho hơn 62.000 đảng viên trong toàn Đảng bộ tỉnh.",
    "Báo cáo chính trị trình Đại hội nêu rõ, trong nhiệm kỳ 2020-2025, tốc độ tăng trưởng kinh "
    "tế bình quân của tỉnh đạt 8,6% mỗi năm, thu nhập bình quân đầu người đạt 68 triệu đồng, tỷ "
    "lệ hộ nghèo giảm còn 4,2%. Toàn tỉnh có 98 xã đạt chuẩn nông thôn mới, vượt chỉ tiêu Nghị "
    "quyết đề ra.",
    "Công tác xây dựng Đảng và hệ thống chính trị được chú trọng, chất lượng sinh hoạt chi bộ "
    "từng bước nâng lên; công tác kiểm tra, giám sát được tăng cường, kỷ luật, kỷ cương trong "
    "Đảng được giữ vững. Trong nhiệm kỳ, toàn Đảng bộ kết nạp được hơn 9.400 đảng viên mới.",
    "Phát biểu chỉ đạo Đại hội, đồng chí Ủy viên Bộ Chính trị đề nghị Đảng bộ tỉnh tập trung "
    "phát triển du lịch sinh thái và văn hóa gắn với các di tích lịch sử cách mạng, thu hút đầu "
    "tư vào chế biến nông, lâm sản, đồng thời chăm lo đời sống đồng bào các dân tộc thiểu số ở "
    "vùng sâu, vùng xa.",
    "Đại hội làm việc trong ba ngày, thảo luận các văn kiện, bầu Ban Chấp hành Đảng bộ tỉnh khóa "
    "XVIII và bầu đoàn đại biểu đi dự Đại hội đại biểu toàn quốc lần thứ XIV của Đảng.",
]
TEXT = "\n\n".join(PARAGRAPHS)


def record(**changes: Any) -> dict[str, Any]:
    """The article as stored (or, with changes, as re-fetched)."""
    base: dict[str, Any] = {
        "url": "https://baotuyenquang.com.vn/chinh-tri/khai-mac-dai-hoi-224466.html",
        "title": TITLE,
        "summary": SUMMARY,
        "text": TEXT,
        "authors": ["Minh Hương"],
        "published": None,
        "fingerprint": "f00",
    }
    base.update(changes)
    return base


STORED = record()


def test_the_same_page_again_is_unchanged() -> None:
    assert judge(STORED, record()) == Judgement("unchanged")


def test_spacing_and_tone_placement_alone_are_unchanged() -> None:
    # the same text printed with NBSPs, NFD and the old tone placement ("hoá" for "hóa")
    text = unicodedata.normalize(
        "NFD", TEXT.replace("văn hóa", "văn hoá").replace(" ", "\u00a0", 3)
    )
    assert judge(STORED, record(text=text)).outcome == "unchanged"


def test_a_few_words_corrected_are_an_update() -> None:
    text = TEXT.replace("8,6%", "8,9%").replace("98 xã", "102 xã")
    j = judge(STORED, record(text=text))
    assert j.outcome == "updated"
    assert j.kind == ""


def test_a_tone_mark_corrected_is_an_update() -> None:
    # one letter with another tone: folding would erase it, the store must not
    j = judge(STORED, record(title=TITLE.replace("Tuyên Quang", "Tuyên Quảng")))
    assert j.outcome == "updated"


def test_a_paragraph_added_is_an_update() -> None:
    added = (
        "Chiều cùng ngày, Đại hội nghe các tham luận về chuyển đổi số, phát triển kinh tế rừng "
        "và xây dựng đội ngũ cán bộ cơ sở."
    )
    j = judge(STORED, record(text=TEXT + "\n\n" + added))
    assert j.outcome == "updated"
    assert "text" in j.reason


def test_a_title_reworded_on_the_same_subject_is_an_update() -> None:
    title = "350 đại biểu dự Đại hội Đảng bộ tỉnh Tuyên Quang nhiệm kỳ 2025-2030"
    j = judge(STORED, record(title=title))
    assert j.outcome == "updated"
    assert "title reworded" in j.reason


def test_a_new_headline_over_the_same_story_is_an_update() -> None:
    # few words of the title survive, but the text is the stored story with one figure fixed
    title = "Tuyên Quang: tăng trưởng bình quân 8,9% mỗi năm trong nhiệm kỳ qua"
    j = judge(STORED, record(title=title, text=TEXT.replace("8,6%", "8,9%")))
    assert j.outcome == "updated"


def test_a_maintenance_page_served_with_200_is_refused() -> None:
    j = judge(
        STORED,
        record(
            title="Thông báo",
            summary="",
            text="Hệ thống đang bảo trì, vui lòng quay lại sau. Xin cảm ơn quý độc giả!",
        ),
    )
    assert j.outcome == "refused"
    assert j.kind == "maintenance"
    assert "bảo trì" in j.reason


def test_an_english_maintenance_page_is_refused() -> None:
    j = judge(
        STORED,
        record(title="503 Service Unavailable", summary="", text="Site under maintenance."),
    )
    assert (j.outcome, j.kind) == ("refused", "maintenance")


def test_a_404_page_served_with_200_is_refused() -> None:
    j = judge(
        STORED,
        record(
            title="Báo Tuyên Quang điện tử",
            summary="",
            text="Không tìm thấy trang. Trang bạn yêu cầu không tồn tại hoặc đã bị gỡ bỏ. "
            "Quay về trang chủ.",
        ),
    )
    assert (j.outcome, j.kind) == ("refused", "error_page")
    assert "không tìm thấy" in j.reason


def test_a_login_wall_is_refused() -> None:
    j = judge(
        STORED,
        record(
            summary="",
            text="Nội dung này chỉ dành cho thành viên. "
            "Vui lòng đăng nhập để đọc toàn bộ bài viết.",
        ),
    )
    assert (j.outcome, j.kind) == ("refused", "login_wall")


def test_a_login_wall_after_the_first_paragraphs_is_refused_as_one() -> None:
    # long enough not to read as a status page, but the stored beginning and then the wall
    text = "\n\n".join([*PARAGRAPHS[:2], "Bạn cần đăng nhập để đọc tiếp bài viết."])
    j = judge(STORED, record(text=text))
    assert (j.outcome, j.kind) == ("refused", "login_wall")


def test_a_truncated_text_is_refused() -> None:
    # the page stopped mid-sentence in the third paragraph
    cut = TEXT[: TEXT.index("kỷ luật, kỷ cương")]
    j = judge(STORED, record(text=cut))
    assert (j.outcome, j.kind) == ("refused", "truncated")
    assert "first" in j.reason


def test_a_collapsed_text_is_refused_with_the_share() -> None:
    # not the stored beginning: only the last paragraph, a fifth of the text
    last = PARAGRAPHS[-1]
    j = judge(STORED, record(text=last))
    assert (j.outcome, j.kind) == ("refused", "text_collapse")
    share = round(100 * len(last) / len(TEXT))
    assert share < 100 * COLLAPSE
    assert f"{share}%" in j.reason
    assert f"{len(TEXT):,} characters" in j.reason


def test_another_story_under_the_url_is_refused() -> None:
    other = (
        "Giá lúa tại các tỉnh Đồng bằng sông Cửu Long tăng nhẹ trong tuần qua nhờ nhu cầu xuất "
        "khẩu gạo sang thị trường Philippines và Indonesia tăng mạnh. "
    ) * 8
    j = judge(
        STORED,
        record(title="Tuyên Quang: giá lúa gạo tăng nhẹ nhờ xuất khẩu", summary="", text=other),
    )
    # the titles share the province's name, the texts nothing: another story
    assert (j.outcome, j.kind) == ("refused", "unrelated_title")
    assert "giá lúa gạo" in j.reason


def test_an_unrelated_title_over_the_stored_text_is_refused() -> None:
    # a CMS fault: another story's headline on this text; nothing of the subject survives
    j = judge(STORED, record(title="Giá vàng hôm nay tăng mạnh"))
    assert (j.outcome, j.kind) == ("refused", "unrelated_title")


def test_a_page_without_title_is_refused() -> None:
    assert judge(STORED, record(title="")).kind == "unrelated_title"


def test_an_article_about_maintenance_is_not_a_status_page() -> None:
    brief = (
        "Từ ngày 20-10, Sở Giao thông vận tải tỉnh tiến hành bảo trì cầu Nông Tiến trong 15 "
        "ngày. Các phương tiện đi theo hướng dẫn của lực lượng chức năng."
    )
    stored = record(title="Bảo trì cầu Nông Tiến trong 15 ngày", summary="", text=brief)
    corrected = record(
        title="Bảo trì cầu Nông Tiến trong 15 ngày",
        summary="",
        text=brief.replace("20-10", "21-10"),
    )
    assert judge(stored, corrected).outcome == "updated"


def test_markers_need_a_page_with_less_text_than_an_article() -> None:
    # a full article that mentions maintenance once is an article
    long_text = TEXT + "\n\nTrụ sở Tỉnh ủy đang được bảo trì, các phiên họp chuyển sang hội trường."
    assert maintenance_marker(TITLE, long_text) is None
    assert maintenance_marker("Thông báo", "Hệ thống đang bảo trì, vui lòng quay lại sau") == (
        "bảo trì"
    )
    assert find_marker("404 Not Found", "") == ("error_page", "404")


def test_markers_are_whole_words() -> None:
    # 14045 is not 404; "bảo trợ" is not "bảo trì"
    assert find_marker("Quỹ bảo trợ trẻ em", "Tiếp nhận 14045 hồ sơ trong năm.") is None
