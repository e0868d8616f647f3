"""The facts check of syndication clusters: two reports written from one template share whole
sentences, so the text check alone would merge them; their numbers (counts, dates, percentages)
tell the events apart, while a syndicated copy carries the same numbers."""

from __future__ import annotations

from crawler.core.cluster import (
    CONTAINMENT,
    FACTS,
    ClusterIndex,
    Hashes,
    cluster_records,
    containment,
    doc,
    facts,
    facts_agree,
    same_story,
    shingles,
)

# Phrases every report of this kind repeats word for word: what makes template look-alikes.
_TEMPLATE = [
    "Hội nghị đã thảo luận, đánh giá kết quả thực hiện nghị quyết của Ban Chấp hành Đảng bộ, "
    "chỉ ra những hạn chế, khuyết điểm và nguyên nhân, đồng thời rút ra các bài học kinh nghiệm "
    "trong lãnh đạo, chỉ đạo thực hiện nhiệm vụ chính trị của địa phương.",
    "Phát biểu chỉ đạo hội nghị, đồng chí Bí thư Đảng ủy đề nghị các chi bộ tiếp tục đổi mới nội "
    "dung, phương thức lãnh đạo, nâng cao chất lượng sinh hoạt chi bộ, siết chặt kỷ luật, kỷ "
    "cương trong Đảng và phát huy vai trò tiền phong, gương mẫu của cán bộ, đảng viên.",
    "Các đại biểu cũng tập trung thảo luận những giải pháp nâng cao chất lượng công tác kiểm "
    "tra, giám sát, công tác dân vận, củng cố khối đại đoàn kết toàn dân tộc và xây dựng hệ "
    "thống chính trị ở cơ sở ngày càng trong sạch, vững mạnh toàn diện.",
    "Hội nghị thống nhất phương hướng, nhiệm vụ trọng tâm của năm tới, trong đó ưu tiên chăm lo "
    "đời sống nhân dân, phát triển kinh tế, bảo đảm quốc phòng, an ninh và giữ vững ổn định "
    "chính trị, trật tự an toàn xã hội trên địa bàn.",
]


def _report(day: str, admitted: int, rate: int, groups: int, people: int) -> tuple[str, str]:
    """(summary, text) of a ward's year-end conference; the arguments are all that differs."""
    summary = (
        f"(CTO) - Sáng {day}, Đảng ủy phường Ninh Kiều tổ chức hội nghị tổng kết công tác xây "
        "dựng Đảng năm 2026."
    )
    paras = [
        f"Năm 2026, Đảng bộ phường đã kết nạp {admitted} đảng viên mới, đạt {rate}% chỉ tiêu "
        "được giao; 100% chi bộ được xếp loại hoàn thành tốt nhiệm vụ trở lên.",
        *_TEMPLATE,
        f"Dịp này, Đảng ủy phường đã khen thưởng {groups} tập thể và {people} cá nhân có thành "
        "tích xuất sắc trong thực hiện nhiệm vụ năm 2026.",
    ]
    return summary, "\n\n".join(paras)


# numbers: 20/11, 2026, 46, 115, 100, 12, 27
FIRST = _report("20/11", 46, 115, 12, 27)
# the same template a week later, another event: 27/11, 2026, 38, 95, 100, 9, 31
SECOND = _report("27/11", 38, 95, 9, 31)


def _syndicated_copy() -> tuple[str, str]:
    """FIRST as another outlet republished it: its own dateline mark, the date written "20-11",
    the last paragraph cut and a source line added. Numbers: 20, 11, 2026, 46, 115, 100."""
    summary, text = FIRST
    summary = summary.replace("(CTO) - ", "(Báo Cần Thơ) - ").replace("20/11", "20-11")
    paras = [*text.split("\n\n")[:-1], "Theo Báo Cần Thơ"]
    return summary, "\n\n".join(paras)


def _numbers(text: str) -> Hashes:
    return facts("", text)


def test_the_template_pair_would_pass_the_text_check() -> None:
    """The precondition: without the facts check these two events would be one story."""
    assert containment(shingles(*FIRST), shingles(*SECOND)) >= CONTAINMENT


def test_same_template_different_numbers_are_two_stories() -> None:
    # shared numbers: 2026 and 100, 2 of 7 each side
    assert not facts_agree(doc(*FIRST)[1], doc(*SECOND)[1])
    assert not same_story(doc(*FIRST), doc(*SECOND))


def test_a_syndicated_copy_is_one_story() -> None:
    # of the copy's 6 numbers, 2026, 46, 115 and 100 are in the original: 4/6 >= 0.6
    copy = _syndicated_copy()
    assert facts_agree(doc(*FIRST)[1], doc(*copy)[1])
    assert same_story(doc(*FIRST), doc(*copy))


def test_the_index_keeps_template_events_apart_and_copies_together() -> None:
    idx = ClusterIndex()
    first = idx.place("https://baocantho.com.vn/a-1.html", doc(*FIRST))
    second = idx.place("https://baocantho.com.vn/a-2.html", doc(*SECOND))
    copy = idx.place("https://tinh.vn/copy.html", doc(*_syndicated_copy()))
    assert first.cluster == "https://baocantho.com.vn/a-1.html"
    assert second.cluster == "https://baocantho.com.vn/a-2.html" and second.matched is None
    assert copy.cluster == first.cluster and copy.matched == "https://baocantho.com.vn/a-1.html"


def test_cluster_records_groups_by_facts() -> None:
    recs = [
        {"url": "https://a.vn/1", "summary": FIRST[0], "text": FIRST[1], "published": "1"},
        {"url": "https://a.vn/2", "summary": SECOND[0], "text": SECOND[1], "published": "2"},
        {"url": "https://b.vn/1", "summary": _syndicated_copy()[0], "text": _syndicated_copy()[1]},
    ]
    # sorted by published ("" first): the copy, then the first report, then the second
    assert sorted(cluster_records(recs)) == [
        ["https://a.vn/2"],
        ["https://b.vn/1", "https://a.vn/1"],
    ]


def test_threshold_two_of_three_numbers_agree() -> None:
    # 20/11 written 20-11: the shorter side (46, 115, 20/11) has 2 of 3 in the other
    a = _numbers("kết nạp 46 đảng viên, đạt 115% chỉ tiêu, ngày 20/11")
    b = _numbers("kết nạp 46 đảng viên, đạt 115% chỉ tiêu, ngày 20-11")
    assert len(a) == 3 and len(b) == 4
    assert facts_agree(a, b) and facts_agree(b, a)


def test_threshold_three_of_five_is_exactly_enough() -> None:
    # 3/5 = 0.6 = FACTS: agreement is "at least", so this pair agrees
    a = _numbers("Phường có 1 trường học, 2 trạm y tế, 3 chợ, 4 nhà văn hóa và 5 sân bóng.")
    b = _numbers("Phường có 1 trường học, 2 trạm y tế, 3 chợ, 7 nhà văn hóa, 8 sân và 9 bến.")
    assert len(a) == 5 and len(b) == 6
    assert FACTS == 0.6
    assert facts_agree(a, b)


def test_threshold_half_the_numbers_is_not_enough() -> None:
    a = _numbers("kết nạp 46 đảng viên, đạt 115% chỉ tiêu")
    b = _numbers("kết nạp 46 đảng viên, đạt 95% chỉ tiêu")
    assert len(a) == 2 and len(b) == 2
    assert not facts_agree(a, b)


def test_too_few_numbers_leave_the_decision_to_the_text() -> None:
    # one number (or none) on a side proves nothing either way: the text check decides alone
    one_a, one_b = _numbers("hội nghị họp ngày 20/11"), _numbers("hội nghị họp ngày 21/11")
    two, none = _numbers("kết nạp 46 và khen 115 người"), _numbers("hội nghị không nêu con số")
    assert (len(one_a), len(one_b), len(two), len(none)) == (1, 1, 2, 0)
    assert facts_agree(one_a, one_b)
    assert facts_agree(two, one_a) and facts_agree(one_b, two)
    assert facts_agree(none, two)
