"""Formulaic Party-news articles for the recorded pages of sites with no hand-written content.

Party news is formulaic: conference reports, admissions of new members, inspections, study of
resolutions. These are composed from sentence templates with slots (organ, place, numbers,
names), deterministically from the site name, so every site gets its own articles and
regenerating gives the same pages. Two articles share templates but never their facts: the
"same template, different event" case that deduplication must keep apart.
"""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta, timezone

from crawler.core.provinces import slugify

from .model import Photo, Story

VN = timezone(timedelta(hours=7))

ORGANS = [
    "Ban Thường vụ Tỉnh ủy",
    "Đảng ủy các cơ quan Đảng tỉnh",
    "Ban Tổ chức Tỉnh ủy",
    "Ủy ban Kiểm tra Tỉnh ủy",
    "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "Đảng ủy Ủy ban nhân dân tỉnh",
    "Ban Chấp hành Đảng bộ tỉnh",
    "Đảng ủy Công an tỉnh",
    "Đảng ủy Quân sự tỉnh",
]
EVENTS = [
    ("sơ kết công tác xây dựng Đảng {period}", "hội nghị sơ kết công tác xây dựng Đảng {period}"),
    (
        "quán triệt, triển khai nghị quyết của Trung ương",
        "hội nghị học tập, quán triệt nghị quyết của Trung ương cho cán bộ chủ chốt",
    ),
    (
        "tổng kết công tác kiểm tra, giám sát năm {year}",
        "hội nghị tổng kết công tác kiểm tra, giám sát và thi hành kỷ luật đảng năm {year}",
    ),
    (
        "trao Huy hiệu Đảng đợt {day_name}",
        "lễ trao Huy hiệu 30, 40, 45 và 50 năm tuổi Đảng cho các đảng viên lão thành",
    ),
    (
        "giám sát chuyên đề về phát triển đảng viên",
        "đoàn giám sát chuyên đề về công tác phát triển đảng viên tại các xã, phường",
    ),
    (
        "bồi dưỡng lý luận chính trị cho đảng viên mới",
        "lớp bồi dưỡng lý luận chính trị cho đảng viên mới kết nạp",
    ),
    (
        "đối thoại với đoàn viên, thanh niên",
        "buổi đối thoại giữa lãnh đạo tỉnh với đoàn viên, thanh niên về chuyển đổi số",
    ),
    (
        "làm việc với Đảng ủy xã {commune}",
        "buổi làm việc với Ban Thường vụ Đảng ủy xã {commune} "
        "về tình hình thực hiện nghị quyết đại hội",
    ),
]
COMMUNES = [
    "Tân Lập",
    "Hòa Bình",
    "Thanh Sơn",
    "Phú Mỹ",
    "An Thạnh",
    "Long Hưng",
    "Đông Hà",
    "Quang Trung",
    "Nam Cường",
    "Vĩnh Phúc",
    "Hưng Đạo",
    "Kim Sơn",
    "Bình Minh",
]
GIVEN = [
    "Minh",
    "Hương",
    "Thanh",
    "Lan",
    "Hùng",
    "Dũng",
    "Hà",
    "Nga",
    "Tuấn",
    "Phương",
    "Quang",
    "Hải",
    "Yến",
    "Trang",
    "Khánh",
    "Sơn",
    "Thủy",
    "Long",
    "Hiền",
    "Bình",
]
MIDDLE = ["Văn", "Thị", "Minh", "Hữu", "Ngọc", "Thanh", "Đức", "Quốc", "Thu", "Xuân"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
PERIODS = ["quý III", "9 tháng đầu năm", "10 tháng", "6 tháng đầu năm", "năm"]
DAYS = ["Sáng", "Chiều"]

BODY = [
    "Theo báo cáo, {period_word} qua, các cấp ủy trong Đảng bộ đã kết nạp {n1} đảng viên mới, "
    "đạt {pct}% kế hoạch năm; {n2} tổ chức cơ sở đảng được đánh giá hoàn thành tốt nhiệm vụ.",
    "Công tác kiểm tra, giám sát được triển khai đồng bộ với {n3} cuộc kiểm tra và {n4} cuộc "
    "giám sát chuyên đề, tập trung vào các lĩnh vực quản lý đất đai, đầu tư công.",
    "Việc học tập, quán triệt các nghị quyết của Đảng được thực hiện nghiêm túc, tỷ lệ cán bộ, "
    "đảng viên tham gia đạt trên {pct2}%.",
    "Các đại biểu tập trung thảo luận những khó khăn trong sinh hoạt chi bộ ở các xã, phường "
    "sau sắp xếp và đề xuất nhiều giải pháp sát thực tế.",
    "Đồng chí {person}, {title} nhấn mạnh yêu cầu nâng cao chất lượng sinh hoạt chi bộ, phát "
    "huy vai trò tiền phong, gương mẫu của cán bộ, đảng viên.",
    "Tại xã {commune}, chi bộ các thôn đã đưa nội dung chuyển đổi số vào sinh hoạt định kỳ, giúp "
    "{n5} hộ dân sử dụng dịch vụ công trực tuyến.",
    "Bên cạnh kết quả đạt được, hội nghị chỉ ra một số hạn chế như công tác phát triển đảng "
    "viên ở khu vực doanh nghiệp ngoài nhà nước còn chậm.",
    "Dịp này, {organ} đã khen thưởng {n6} tập thể và {n7} cá nhân có thành tích xuất sắc.",
    "Thời gian tới, các cấp ủy cần tập trung rà soát, bổ sung quy hoạch cán bộ, chuẩn bị tốt "
    "nhân sự cho nhiệm kỳ mới.",
    "Phát biểu kết luận, đồng chí {person2} đề nghị các địa phương khắc phục ngay những hạn chế "
    "đã được chỉ ra, hoàn thành các chỉ tiêu trước ngày {deadline}.",
    "Đoàn công tác đã kiểm tra hồ sơ đảng viên, sổ sách sinh hoạt của {n8} chi bộ trực thuộc "
    "và ghi nhận nhiều cách làm hay.",
    "Nhiều đảng viên lão thành chia sẻ niềm tự hào và mong muốn thế hệ trẻ tiếp tục giữ gìn "
    "truyền thống cách mạng của quê hương {place}.",
]
TITLES = [
    "Phó Bí thư Thường trực Tỉnh ủy",
    "Trưởng ban Tổ chức Tỉnh ủy",
    "Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy",
    "Bí thư Đảng ủy các cơ quan Đảng tỉnh",
    "Ủy viên Ban Thường vụ Tỉnh ủy",
]


def _rng(key: str) -> random.Random:
    return random.Random(int(hashlib.sha256(key.encode()).hexdigest()[:16], 16))


def person(r: random.Random) -> str:
    return f"{r.choice(FAMILY)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"


CITIES = {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}


def story(
    site: str,
    index: int,
    url_for,
    place: str,
    published: datetime,  # type: ignore[no-untyped-def]
    mark: str = "",
) -> Story:
    """One article of `site`; `url_for(slug, n)` builds its URL in the site's pattern."""
    r = _rng(f"{site}/{index}")
    organ = r.choice(ORGANS)
    if place in CITIES:
        organ = organ.replace("Tỉnh ủy", "Thành ủy").replace("tỉnh", "thành phố")
        place = "TP Hồ Chí Minh" if place == "Hồ Chí Minh" else place
    commune = r.choice(COMMUNES)
    event_title, event_lead = r.choice(EVENTS)
    slots = dict(
        period=r.choice(PERIODS),
        year=published.year - (1 if published.month < 3 else 0),
        day_name=f"{published.day}/{published.month}",
        commune=commune,
        place=place,
        organ=organ,
        person=person(r),
        person2=person(r),
        title=r.choice(TITLES),
        n1=r.randint(120, 2900),
        n2=r.randint(40, 600),
        n3=r.randint(12, 240),
        n4=r.randint(8, 180),
        n5=r.randint(300, 9000),
        n6=r.randint(5, 40),
        n7=r.randint(10, 90),
        n8=r.randint(6, 60),
        pct=r.randint(70, 99),
        pct2=r.randint(90, 99),
        deadline=f"{r.randint(1, 28)}/12/{published.year}",
        period_word=r.choice(["Thời gian", "Năm", "Quý"]),
    )
    title = f"{organ} {place} {event_title.format(**slots)}"
    title = title[0].upper() + title[1:]
    day = r.choice(DAYS)
    lead = (
        f"{mark}{day} {published.day}/{published.month}, {organ} {place} tổ chức "
        f"{event_lead.format(**slots)}."
    )
    sentences = r.sample(BODY, 7)
    paras = []
    i = 0
    for size in (2, 2, 2, 1):
        paras.append(" ".join(s.format(**slots) for s in sentences[i : i + size]))
        i += size
    author = (
        f"{r.choice(GIVEN).upper()} {r.choice(GIVEN).upper()}"
        if r.random() < 0.5
        else f"{r.choice(MIDDLE)} {r.choice(GIVEN)}"
    )
    slug = slugify(title)[:70].rstrip("-")
    photos = (
        {
            1: Photo(
                url_for("photo", index) + ".jpg",
                f"Quang cảnh {event_lead.split(' ')[0]} tại {place}.",
            )
        }
        if r.random() < 0.7
        else {}
    )
    return Story(
        url=url_for(slug, index),
        title=title,
        published=published.isoformat(),
        sapo=lead,
        paragraphs=paras,
        byline=author,
        authors=[author],
        photos=photos,
        section="Xây dựng Đảng",
        tags=[place, "xây dựng Đảng"],
        related=[
            (
                url_for("lien-quan", 900 + index),
                f"{organ} {place} họp định kỳ tháng {(published.month % 12) + 1}",
            )
        ],
    )


def publish_times(site: str, n: int = 2) -> list[datetime]:
    r = _rng(site + "/times")
    base = datetime(2026, 11, 10, tzinfo=VN)
    return sorted(
        base + timedelta(days=r.randint(0, 10), hours=r.randint(6, 21), minutes=r.randint(0, 59))
        for _ in range(n)
    )
