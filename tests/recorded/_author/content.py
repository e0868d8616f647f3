"""Article content of the recorded pages. Written for this project (not taken from any site);
modelled on the register of Party news: conference reports, leads with a dateline, bylines."""

from __future__ import annotations

from .model import Photo, Story

NHANDAN = [
    Story(
        url="https://nhandan.vn/hoi-nghi-toan-quoc-quan-triet-nghi-quyet-ve-chuyen-doi-so-trong-cac-co-quan-dang-post981204.html",
        title="Hội nghị toàn quốc quán triệt nghị quyết về chuyển đổi số trong các cơ quan Đảng",
        published="2026-11-18T09:15:00+07:00",
        sapo="Sáng 18/11, tại Hà Nội, Ban Bí thư tổ chức hội nghị toàn quốc quán triệt, triển "
        "khai nghị quyết về đẩy mạnh chuyển đổi số trong các cơ quan Đảng, kết nối trực "
        "tuyến tới 34 điểm cầu tỉnh, thành phố.",
        paragraphs=[
            "Phát biểu khai mạc, đồng chí Thường trực Ban Bí thư nhấn mạnh, chuyển đổi số là "
            "yêu cầu khách quan, là nhiệm vụ chính trị quan trọng, góp phần nâng cao năng lực "
            "lãnh đạo, sức chiến đấu của Đảng trong giai đoạn mới.",
            "Theo báo cáo tại hội nghị, đến hết tháng 10/2026, 100% cơ quan Đảng cấp tỉnh đã "
            "sử dụng hệ thống quản lý văn bản điện tử liên thông; 31/34 tỉnh ủy, thành ủy đã "
            "đưa cơ sở dữ liệu đảng viên vào vận hành chính thức.",
            "Nghị quyết đặt mục tiêu đến năm 2030, toàn bộ hồ sơ đảng viên được số hóa, các "
            "cuộc họp cấp ủy được tổ chức trên nền tảng số bảo đảm an toàn, bảo mật; mỗi "
            "đảng viên có tài khoản định danh để học tập, sinh hoạt và thực hiện thủ tục.",
            "Các đại biểu cho rằng cần ưu tiên bồi dưỡng kỹ năng số cho đội ngũ cán bộ làm "
            "công tác đảng, đồng thời bảo đảm hạ tầng và an ninh mạng cho các hệ thống thông "
            "tin của Đảng ở cấp cơ sở, nhất là ở vùng sâu, vùng xa.",
            "Kết luận hội nghị, đồng chí Thường trực Ban Bí thư yêu cầu các cấp ủy xây dựng "
            "chương trình hành động cụ thể, phân công rõ người, rõ việc, rõ thời hạn và báo "
            "cáo kết quả trước ngày 31/12/2026.",
        ],
        byline="THANH HÀ",
        authors=["THANH HÀ"],
        photos={
            1: Photo(
                "https://cdn.nhandan.vn/images/2026/11/18/hoi-nghi-chuyen-doi-so.jpg",
                "Quang cảnh hội nghị tại điểm cầu Trung ương.",
                "Ảnh: ĐĂNG KHOA",
            )
        },
        tags=["chuyển đổi số", "Ban Bí thư"],
        related=[
            (
                "https://nhandan.vn/so-hoa-ho-so-dang-vien-o-cac-tinh-mien-nui-post980777.html",
                "Số hóa hồ sơ đảng viên ở các tỉnh miền núi",
            ),
            (
                "https://nhandan.vn/bao-dam-an-ninh-mang-cho-he-thong-thong-tin-cua-dang-post980512.html",
                "Bảo đảm an ninh mạng cho hệ thống thông tin của Đảng",
            ),
        ],
        inline_related=(
            "https://nhandan.vn/so-hoa-ho-so-dang-vien-o-cac-tinh-mien-nui-post980777.html",
            "Số hóa hồ sơ đảng viên ở các tỉnh miền núi",
        ),
    ),
    Story(
        url="https://nhandan.vn/nang-cao-chat-luong-sinh-hoat-chi-bo-o-khu-dan-cu-post981390.html",
        title="Nâng cao chất lượng sinh hoạt chi bộ ở khu dân cư",
        published="2026-11-19T14:05:00+07:00",
        sapo="Nhiều đảng bộ xã, phường sau sắp xếp đã đổi mới nội dung sinh hoạt chi bộ, "
        "chọn chuyên đề gắn với việc cụ thể của từng khu dân cư.",
        paragraphs=[
            "Tại phường Hồng Hà, mỗi quý các chi bộ khu dân cư chọn một chuyên đề sát thực tế "
            "như vệ sinh môi trường, an ninh trật tự hay vận động người dân tham gia dịch vụ "
            "công trực tuyến.",
            "Bí thư Đảng ủy phường cho biết, khi nội dung sinh hoạt gần với đời sống, tỷ lệ "
            "đảng viên tham dự tăng rõ rệt, nhiều ý kiến đóng góp được cấp ủy tiếp thu và đưa "
            "vào nghị quyết của chi bộ.",
            "Theo Ban Tổ chức Trung ương, trong năm 2026, cả nước có hơn 90% chi bộ khu dân cư "
            "được đánh giá hoàn thành tốt nhiệm vụ trở lên; số chi bộ sinh hoạt chuyên đề "
            "định kỳ tăng gần gấp đôi so với năm trước.",
            "Tuy vậy, ở một số nơi, sinh hoạt chi bộ vẫn còn hình thức, nội dung lặp lại, "
            "chưa phát huy được vai trò của đảng viên trẻ và đảng viên đang công tác tại các "
            "cơ quan, đơn vị trên địa bàn.",
        ],
        byline="MINH ANH",
        authors=["MINH ANH"],
        section="Xây dựng Đảng",
        tags=["sinh hoạt chi bộ"],
        related=[
            (
                "https://nhandan.vn/doi-moi-sinh-hoat-chi-bo-post979900.html",
                "Đổi mới sinh hoạt chi bộ",
            )
        ],
    ),
]

TTXVN_SYNDICATED = Story(
    url="https://baotintuc.vn/thoi-su/dang-uy-cac-co-quan-dang-trung-uong-trien-khai-nhiem-vu-nam-2027-20261119172500123.htm",
    title="Đảng ủy các cơ quan Đảng Trung ương triển khai nhiệm vụ năm 2027",
    published="2026-11-19T17:25:00+07:00",
    sapo="Chiều 19/11, tại Hà Nội, Đảng ủy các cơ quan Đảng Trung ương tổ chức hội nghị sơ "
    "kết công tác năm 2026 và triển khai phương hướng, nhiệm vụ năm 2027.",
    paragraphs=[
        "Báo cáo tại hội nghị cho thấy, năm 2026, Đảng ủy đã lãnh đạo các tổ chức đảng trực "
        "thuộc hoàn thành 12/12 chỉ tiêu chủ yếu; kết nạp 1.248 đảng viên mới, vượt 4% kế "
        "hoạch đề ra.",
        "Công tác kiểm tra, giám sát được thực hiện chặt chẽ với 186 cuộc kiểm tra và 240 cuộc "
        "giám sát chuyên đề; qua đó kịp thời chấn chỉnh những hạn chế trong thực hiện quy chế "
        "làm việc tại một số chi bộ.",
        "Phát biểu chỉ đạo, Bí thư Đảng ủy yêu cầu năm 2027 tập trung nâng cao chất lượng "
        "sinh hoạt chi bộ, đẩy mạnh chuyển đổi số trong công tác đảng và chăm lo đời sống "
        "cán bộ, đảng viên, người lao động.",
        "Dịp này, Đảng ủy đã khen thưởng 25 tổ chức đảng và 48 đảng viên hoàn thành xuất sắc "
        "nhiệm vụ 5 năm liền.",
    ],
    byline="Thu Hương (TTXVN)",
    authors=["Thu Hương"],
    photos={
        0: Photo(
            "https://cdnmedia.baotintuc.vn/Upload/2026/11/19/dang-uy-hoi-nghi.jpg",
            "Bí thư Đảng ủy các cơ quan Đảng Trung ương phát biểu chỉ đạo hội nghị.",
            "Ảnh: Phương Hoa/TTXVN",
        )
    },
    section="Thời sự",
    related=[
        (
            "https://baotintuc.vn/thoi-su/hoi-nghi-mo-rong-ban-chap-hanh-dang-bo-20261012090000111.htm",
            "Hội nghị mở rộng Ban Chấp hành Đảng bộ lần thứ 8",
        )
    ],
)

BAOTINTUC = [
    TTXVN_SYNDICATED,
    Story(
        url="https://baotintuc.vn/xay-dung-dang/tong-ket-cong-tac-tuyen-giao-khu-vuc-tay-nguyen-20261120100200456.htm",
        title="Tổng kết công tác tuyên giáo khu vực Tây Nguyên",
        published="2026-11-20T10:02:00+07:00",
        sapo="Ngày 20/11, tại Buôn Ma Thuột, Ban Tuyên giáo và Dân vận Trung ương phối hợp với "
        "Tỉnh ủy Đắk Lắk tổ chức hội nghị tổng kết công tác tuyên giáo khu vực Tây Nguyên.",
        paragraphs=[
            "Hội nghị đánh giá, công tác tuyên truyền nghị quyết của Đảng đến đồng bào dân tộc "
            "thiểu số có nhiều đổi mới, với các tài liệu song ngữ và đội ngũ báo cáo viên là "
            "người có uy tín trong cộng đồng.",
            "Các địa phương đã chủ động nắm bắt tư tưởng, dư luận xã hội, kịp thời định hướng "
            "thông tin, đấu tranh với các luận điệu sai trái trên không gian mạng.",
            "Hội nghị đề ra 5 nhóm giải pháp cho giai đoạn tới, trong đó chú trọng ứng dụng "
            "nền tảng số trong tuyên truyền và nâng cao chất lượng đội ngũ cán bộ tuyên giáo "
            "cơ sở.",
        ],
        byline="TTXVN/Báo Tin tức",
        authors=["TTXVN/Báo Tin tức"],
        section="Xây dựng Đảng",
    ),
]

BAOCANTHO = [
    Story(
        url="https://baocantho.com.vn/thanh-uy-can-tho-so-ket-cong-tac-xay-dung-dang-10-thang-a201455.html",
        title="Thành ủy Cần Thơ sơ kết công tác xây dựng Đảng 10 tháng",
        published="2026-11-17T16:40:00+07:00",
        sapo="(CTO) - Chiều 17-11, Ban Thường vụ Thành ủy Cần Thơ tổ chức hội nghị sơ kết công "
        "tác xây dựng Đảng 10 tháng và triển khai nhiệm vụ những tháng cuối năm 2026.",
        paragraphs=[
            "Theo báo cáo, 10 tháng qua, các cấp ủy trong Đảng bộ thành phố đã kết nạp 2.315 "
            "đảng viên, đạt 92% kế hoạch năm; hoàn thành kiện toàn tổ chức cơ sở đảng ở 103 "
            "xã, phường sau sắp xếp đơn vị hành chính.",
            "Công tác kiểm tra, giám sát được tăng cường, tập trung vào những lĩnh vực dễ phát "
            "sinh sai phạm như quản lý đất đai, đầu tư công và mua sắm tài sản công.",
            "Phát biểu kết luận, đồng chí Phó Bí thư Thường trực Thành ủy đề nghị các cấp ủy "
            "hoàn thành chỉ tiêu phát triển đảng viên, chuẩn bị tốt cho kiểm điểm, đánh giá "
            "xếp loại chất lượng cuối năm.",
        ],
        byline="Tin, ảnh: MINH HUYỀN",
        authors=["MINH HUYỀN"],
        photos={
            1: Photo(
                "https://baocantho.com.vn/image/fckeditor/upload/2026/20261117/images/hoi-nghi-thanh-uy.webp",
                "Quang cảnh hội nghị.",
            )
        },
        section="Cần Thơ",
        tags=["Thành ủy Cần Thơ", "xây dựng Đảng"],
        related=[
            (
                "https://baocantho.com.vn/ket-nap-dang-vien-trong-doan-vien-thanh-nien-a201301.html",
                "Kết nạp đảng viên trong đoàn viên thanh niên",
            )
        ],
        sapo_in_body=True,
    ),
    Story(
        url="https://baocantho.com.vn/dang-uy-cac-co-quan-dang-trung-uong-trien-khai-nhiem-vu-nam-2027-a201522.html",
        title="Triển khai nhiệm vụ năm 2027 của Đảng ủy các cơ quan Đảng Trung ương",
        published="2026-11-19T20:10:00+07:00",
        sapo="Chiều 19/11, tại Hà Nội, Đảng ủy các cơ quan Đảng Trung ương tổ chức hội nghị sơ "
        "kết công tác năm 2026 và triển khai phương hướng, nhiệm vụ năm 2027.",
        paragraphs=TTXVN_SYNDICATED.paragraphs[:3],
        byline="Theo TTXVN",
        authors=[],
        source="TTXVN",
        section="Thời sự",
        sapo_in_body=True,
    ),
]

#: Stories published by more than one outlet: the URLs of each story's copies.
SYNDICATED = [[TTXVN_SYNDICATED.url, BAOCANTHO[1].url]]

SITES = {"nhandan": NHANDAN, "baotintuc": BAOTINTUC, "baocantho": BAOCANTHO}
