"""Vietnamese cleaning rules: what a naive scraper leaks into Party news text, taken out.

Each rule is a small function over blocks, tested on its own. Order matters: captions are set
apart before duplicates are judged (a caption repeated as alt text is one caption), trailer
boxes are cut before the byline is looked for (the byline is the last prose line left).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from crawler.core.blocks import Block
from crawler.core.normalize import fold

#: Box titles and trailers, folded ("Các tin khác" -> "cac tin khac").
TRAILERS = frozenset(
    fold(s)
    for s in (
        "Các tin khác",
        "Tin khác",
        "Tin liên quan",
        "Bài liên quan",
        "Tin cùng chuyên mục",
        "Bài cùng chuyên mục",
        "Tin cùng loại",
        "Xem thêm",
        "Đọc thêm",
        "Đọc nhiều",
        "Tin đọc nhiều",
        "Đọc nhiều nhất",
        "Tin mới nhất",
        "Tin mới",
        "Mới nhất",
        "Video",
        "Ảnh",
        "Đọc báo in",
        "Ý kiến bạn đọc",
        "Ý kiến của bạn",
        "Gửi ý kiến",
        "Bình luận",
        "Gửi bình luận",
        "Chia sẻ",
        "Chia sẻ bài viết",
        "Từ khóa",
        "Từ khoá",
        "Tags",
        "In bài viết",
        "In bài",
        "Gửi email",
        "Lưu tin",
        "Tin đã đưa",
        "Các tin đã đưa",
        "Tin nổi bật",
        "Tin tiêu điểm",
        "Xem nhiều",
        "Tin ảnh",
        "Multimedia",
        "Podcast",
        "Infographic",
        "Emagazine",
        "Quay lại",
        "Về đầu trang",
        "Trở về",
        "Tin bài khác",
        "Bài viết khác",
        "Theo dòng sự kiện",
        "Sự kiện",
        "Có thể bạn quan tâm",
        "Tham khảo thêm",
        "Bài viết liên quan",
        "Tin bài liên quan",
    )
)
_TRAILER_PREFIX = re.compile(
    r"^(xem them|doc them|tin lien quan|bai lien quan|xem tiep|xem chi tiet|>>|»)\s*[:>»-]"
)
_PLACEHOLDER = frozenset(fold(s) for s in ("Chú thích ảnh", "Ảnh minh họa", "Ảnh minh hoạ"))
_CREDIT = re.compile(r"^\(?\s*(anh|nguon anh|nguon|photo|video|do hoa)\s*:\s*[^.]{1,60}\)?\.?$")
_SENTENCE_END = re.compile(r"[.!?…:;\"”)]\s*$")
_BYLINE_PREFIX = re.compile(
    r"^(?:(?:bài|tin|ảnh|video|clip|thực hiện|nhóm pv|nhóm phóng viên)"
    r"(?:\s*(?:,|và|-|\+|&)\s*(?:bài|tin|ảnh|video|clip))*\s*:\s*)",
    re.I,
)
_SOURCE_PREFIX = re.compile(r"^(?:theo|nguồn)\s*:?\s+(.+)$", re.I)
_PAREN_SOURCE = re.compile(r"^(.*?)\s*\(([^()]{2,40})\)\s*\.?$")
_NAME_SPLIT = re.compile(r"\s*(?:–|—|-|,|;|\s+và\s+|&)\s*")
#: Outlet marks that open a lead paragraph: "(CTO) -", "BBK -", "(Web Quảng Trị)", "(TTXVN)".
DATELINE = re.compile(
    r"^\s*(\((?:[^()]{2,30})\)|[A-ZĐ]{2,6}(?:\.VN)?)\s*(?:[-–—:]\s+|(?=[A-ZĐÀ-Ỹ]))"
)


def is_trailer(text: str) -> bool:
    """A box title ("Tin liên quan", "Xem thêm: ...") opens a list of other articles, so what
    follows it is not this article's text either."""
    f = fold(text).strip(" :.-–>»|")
    return f in TRAILERS or bool(_TRAILER_PREFIX.match(fold(text)))


#: A line that reads as a sentence: several lower-case words (Vietnamese capitalises names, not
#: running words) and a final stop, or, without one, a long run of mostly running words (a
#: menu such as "Sản phẩm - Dịch vụ - Rao vặt" is short and mostly capitalised). Footer and
#: banner words ("quảng cáo", "Tổng Biên tập") also occur in real sentences; only lines
#: without this shape are judged by them.
_SENTENCE_STOP = re.compile(r"[.!?…]\W*$")


def is_sentence(text: str) -> bool:
    """Whether a line has a sentence's shape rather than a label's, a name's or a menu's."""
    # the words' first letters, counted by str's own tests in C (a generator over the words
    # was 2 % of a crawl's CPU: every line of every page is asked, some twice)
    initials = list(filter(str.isalpha, [w[0] for w in text.split()]))
    lower = sum(map(str.islower, initials))
    if _SENTENCE_STOP.search(text):
        return lower >= 4
    return len(initials) >= 20 and lower >= 0.6 * len(initials)


#: Copyright and republishing notices, folded: the newsroom's claim on the page. Worded so
#: that only a notice says them ("Bản quyền thuộc …", "Không sao chép dưới mọi hình thức",
#: "Ghi rõ nguồn … khi phát hành lại", a licence number "…/GP-BTTTT"), so they count even in
#: a line shaped like a sentence.
_COPYRIGHT = re.compile(
    r"©|\(c\)\s*\d{4}|copyright|ban quyen (thuoc|cua|©|\d)|"
    r"khong (duoc )?sao chep (duoi )?moi hinh thuc|"
    r"ghi ro nguon.{0,120}(phat hanh lai|website nay|trang nay)|\d+\s*/\s*gp\b"
)
#: Masthead labels, folded: "Tổng Biên tập: …", "Trụ sở chính: …", "Tel: …", "Phát triển bởi:".
#: A label and its colon open the line, which no sentence of a story does.
_MASTHEAD_LABEL = re.compile(
    r"^((q\.|quyen|pho)\s*)?tong bien tap\s*:|^(co quan )?chu quan\s*:|"
    r"chiu trach nhiem (noi dung|xuat ban)|^(tru so|toa soan|dia chi|van phong dai dien)"
    r"( chinh)?\s*:|^(dien thoai|tel|fax|hotline|e-?mail)\s*[:.]|^(phat trien|thiet ke) boi\b|"
    r"\b(dien thoai|tel|fax|hotline)\s*:\s*\(?\+?\d"
)
#: Ad, newsletter and app-download lines, folded. These words also occur in stories ("không
#: nhận quảng cáo trái quy định", "tải ứng dụng VNeID"), so only a line that is not a
#: sentence is dropped by them.
_PROMO = re.compile(
    r"quang cao|tong bien tap|thong cao bao chi|rao vat|san pham - dich vu|"
    r"cac don vi thong tin cua|dang ky nhan tin|theo doi .* tren (google|zalo)|"
    r"\btai (ung dung|app)\b|download app|app ?store|google play|\bch ?play\b|quet ma qr"
)
#: The title of an app-download box ("Tải ứng dụng:", "Tải app Báo X"): what follows it is
#: the box (the outlet's name, store badges, "Quét mã QR để tải"), cut like a trailer box.
_APP_TITLE = re.compile(r"^(tai (ung dung|app)|download( the)? app)\b")
_APP_LINK = re.compile(r"apps\.apple\.com|itunes\.apple\.com|play\.google\.com", re.I)
_APP_BADGE = re.compile(
    r"app[-_ ]?store|google[-_ ]?play|ch[-_ ]?play|download[-_ ]?app|quet ma qr"
)
#: Newsroom name banners, folded: "BÁO ĐIỆN TỬ CHÍNH PHỦ", "Báo Cần Thơ điện tử",
#: "Cơ quan của Đảng bộ …", "Cổng thông tin điện tử …": the outlet naming itself.
_BANNER = re.compile(
    r"^(bao|tap chi)\b.{0,60}\b(dien tu|online)$|^(bao|tap chi) dien tu\b|"
    r"^co quan (ngon luan |chu quan )?(cua|thuoc) (dang bo|tinh uy|thanh uy|ban chap hanh|"
    r"dang cong san|chinh phu)|^tieng noi cua dang bo|^cong thong tin dien tu\b"
)


def is_copyright(text: str) -> bool:
    """A copyright or republishing notice: the page's, never the story's."""
    return len(text) < 300 and bool(_COPYRIGHT.search(fold(text)))


def is_masthead(text: str) -> bool:
    """A masthead line (editor, address, phone, licence holder) that templates print inside
    the article container."""
    return len(text) < 200 and bool(_MASTHEAD_LABEL.search(fold(text)))


def is_promo(text: str) -> bool:
    """An ad, newsletter or app-download line: its vocabulary, in a line that is not a
    sentence (a story may well report on advertising or on an app)."""
    return len(text) < 200 and not is_sentence(text) and bool(_PROMO.search(fold(text)))


def is_banner(text: str, outlet: str = "") -> bool:
    """The outlet's name standing alone, or its masthead wording ("BÁO ĐIỆN TỬ CHÍNH PHỦ",
    "Cơ quan của Đảng bộ …"), in a line that does not end a sentence."""
    if len(text) > 200 or (is_sentence(text) and _SENTENCE_STOP.search(text)):
        return False
    f = fold(text).strip(" .:-–|")
    return (bool(outlet) and f == fold(outlet).strip()) or bool(_BANNER.search(f))


def is_footer(text: str, outlet: str = "") -> bool:
    """Any line of the boilerplate classes: copyright notice, masthead label, ad or app line,
    name banner. Each class has its own shape (see each rule), so a sentence that merely
    mentions advertising or the editor-in-chief is not taken for one."""
    return is_copyright(text) or is_masthead(text) or is_promo(text) or is_banner(text, outlet)


def is_app_promo(b: Block) -> bool:
    """A store link or badge: the app-download box's, whatever its wording."""
    if b.kind == "img":
        return bool(_APP_BADGE.search(fold(f"{b.src} {b.alt}")))
    return bool(_APP_LINK.search(b.html)) and not is_sentence(b.text)


def is_prose(b: Block) -> bool:
    """A sentence a reader came for: enough words, mostly not links."""
    return len(b.text.split()) >= 12 and b.link_ratio < 0.5


_AGENCY = re.compile(r"^[A-ZĐ]{2,}(?:\s*/\s*[^/]{2,40})?$")


def looks_like_name_line(text: str) -> bool:
    """A byline or source line ("Tin, ảnh: P.Y", "TTXVN/Báo Tin tức", "Theo Báo Lào Cai"):
    Vietnamese names are capitalised word by word, so a short line without a lower-case word
    (other than the linking words) is a signature, not a sentence."""
    raw = re.sub(r"\s*\./\.\s*$", "", text.strip())
    if _AGENCY.match(raw) and not re.search(r"[.!?]$", raw):
        return True  # "TTXVN", "TTXVN/Báo Tin tức"
    m = _SOURCE_PREFIX.match(raw)
    if m and len(raw) <= 70 and not re.search(r"[.!?]$", raw):
        return True  # "Theo Báo Lào Cai"
    t = _BYLINE_PREFIX.sub("", text.strip()).strip()
    t = re.sub(r"\s*\./\.\s*$", "", t)
    if not t or len(t) > 70 or len(t.split()) > 9:
        return False
    if re.search(r"[.!?]\s*$", t) and not re.search(r"\b[A-ZĐ]\.\s*[A-ZĐ]?\.?$", t):
        return False
    words = [w for w in re.split(r"[\s/–—\-,()&]+", t) if w]
    if not words:
        return False
    lower = [w for w in words if w[0].islower() and w not in ("và", "theo", "nguồn", "báo", "tin")]
    return not lower


@dataclass
class Cleaned:
    """The cleaned blocks and what was taken out of them: authors and source become fields, and
    `removed` is kept so a leak can be traced to the rule that missed it."""

    blocks: list[Block]
    captions: dict[int, list[str]] = field(default_factory=dict)  # img index -> captions
    authors: list[str] = field(default_factory=list)
    source: str | None = None
    removed: list[str] = field(default_factory=list)


def mark_captions(blocks: list[Block]) -> list[Block]:
    """Captions become kind 'caption': marked in the markup, or styled as one under a photo."""
    out: list[Block] = []
    prev_kind = ""
    for b in blocks:
        if b.kind in ("p", "row") and b.text:
            f = fold(b.text)
            emph_all = b.emph_chars >= 0.8 * len(b.text.replace(" ", ""))
            short = len(b.text) <= 350 and len(b.text.split()) <= 60
            if prev_kind in ("img", "caption") and short and (emph_all or b.center):
                b.kind = "caption"
            elif _CREDIT.match(f) and prev_kind in ("img", "caption"):
                b.kind = "caption"
            elif b.text.rstrip().endswith("|") and short:
                b.kind = "caption"
        out.append(b)
        if b.kind != "hr":
            prev_kind = b.kind
    return out


def _opens_box(b: Block) -> bool:
    """A box title ("Tin liên quan", "Tải ứng dụng:"): what follows it belongs to the box."""
    t = b.text
    return len(t) < 60 and (is_trailer(t) or bool(_APP_TITLE.match(fold(t))))


def _ends_box(blocks: list[Block], i: int) -> bool:
    """Whether the article's text resumes at block i after a box: at a paragraph of prose,
    or at a subheading (not a link) that a paragraph of prose follows, since a related box
    often sits just before the next section's heading and that heading is the story's."""
    b = blocks[i]
    if b.kind in ("p", "quote"):
        return is_prose(b)
    if b.kind != "h" or b.link_ratio >= 0.5 or is_trailer(b.text):
        return False
    nxt = next((n for n in blocks[i + 1 :] if n.kind not in ("img", "caption", "hr")), None)
    return nxt is not None and nxt.kind in ("p", "quote") and is_prose(nxt)


def _is_boilerplate_line(b: Block, outlet: str) -> bool:
    """A line of one of the boilerplate classes, or a related-article title standing alone
    (mostly link, no sentence end)."""
    t = b.text
    if fold(t) in _PLACEHOLDER or is_footer(t, outlet) or is_app_promo(b):
        return True
    return b.kind in ("p", "li", "h") and b.link_ratio >= 0.7 and not re.search(r"[.!?…]\s*$", t)


def drop_boilerplate(blocks: list[Block], removed: list[str], outlet: str = "") -> list[Block]:
    """Trailer and app-download boxes and what hangs under them, the boilerplate classes
    (copyright, masthead, ad and app lines, name banners), link-only blocks."""
    out: list[Block] = []
    cutting = False
    for i, b in enumerate(blocks):
        if b.kind == "img":
            if not cutting and not is_app_promo(b):
                out.append(b)
            continue
        if _opens_box(b):
            cutting = True
            removed.append(b.text)
            continue
        if cutting and not _ends_box(blocks, i):
            removed.append(b.text)
            continue
        cutting = False
        if _is_boilerplate_line(b, outlet):
            removed.append(b.text)
            continue
        out.append(b)
    return out


def dedupe(blocks: list[Block], removed: list[str]) -> list[Block]:
    """A line already seen (caption twice, related title twice) is shown once."""
    seen: set[str] = set()
    out = []
    for b in blocks:
        if b.kind == "img":
            out.append(b)
            continue
        k = fold(b.text.rstrip(" |"))
        if k in seen and len(k) > 3:
            removed.append(b.text)
            continue
        seen.add(k)
        out.append(b)
    return out


def split_byline(text: str, outlet: str = "") -> tuple[list[str], str | None]:
    """ "Tin, ảnh: P.Y" -> (["P.Y"], None); "Tâm Hằng (TTXVN)" -> (["Tâm Hằng"], "TTXVN");
    "Theo Báo Lào Cai" -> ([], "Báo Lào Cai")."""
    t = re.sub(r"\s*\./\.\s*$", "", text.strip()).strip()
    m = _SOURCE_PREFIX.match(t)
    if m:
        return [], m.group(1).strip(" .")
    t = _BYLINE_PREFIX.sub("", t).strip()
    source = None
    m = _PAREN_SOURCE.match(t)
    if m and m.group(1):
        t, source = m.group(1), m.group(2).strip()
    if "/" in t and not re.search(r"[a-zà-ỹ]", t.split("/")[0]):
        return [t], None  # "TTXVN/Báo Tin tức": the agency desk signs as one
    names = [
        n.strip(" .") if not re.search(r"[A-ZĐ]\.$", n.strip()) else n.strip()
        for n in _NAME_SPLIT.split(t)
    ]
    names = [n for n in names if n]
    if source and outlet and fold(source) in fold(outlet):
        source = None
    return names, source


def take_byline(blocks: list[Block], outlet: str) -> tuple[list[Block], list[str], str | None]:
    """The closing name line(s) become authors (and source) and leave the text."""
    authors: list[str] = []
    source: str | None = None
    idx = [i for i, b in enumerate(blocks) if b.kind in ("p", "caption") and b.kind != "img"]
    # the byline is the last non-caption text block; at most two lines (name, then "Theo X")
    taken: list[int] = []
    for i in reversed(idx):
        b = blocks[i]
        if b.kind == "caption":
            continue
        if looks_like_name_line(b.text) and (b.right or b.strong_chars or len(taken) < 2):
            taken.append(i)
            if len(taken) == 2:
                break
            continue
        break
    for i in reversed(taken):
        names, src = split_byline(blocks[i].text, outlet)
        authors.extend(n for n in names if n not in authors)
        source = source or src
    keep = [b for i, b in enumerate(blocks) if i not in taken]
    return keep, authors, source


def strip_trailing_credit(blocks: list[Block], removed: list[str]) -> list[Block]:
    """A lone photo credit with no caption to stay with ("Ảnh: TTXVN") is dropped."""
    out = []
    for b in blocks:
        if b.kind == "p" and _CREDIT.match(fold(b.text)):
            removed.append(b.text)
            continue
        out.append(b)
    return out


def clean_blocks(blocks: list[Block], outlet: str = "") -> Cleaned:
    """Every rule in the one order that works (see the module docstring); the outlet's own name
    is not a source ("(Báo Cần Thơ)" on baocantho.com.vn credits no one else)."""
    removed: list[str] = []
    bl = mark_captions(blocks)
    bl = drop_boilerplate(bl, removed, outlet)
    bl = dedupe(bl, removed)
    bl = strip_trailing_credit(bl, removed)
    bl, authors, source = take_byline(bl, outlet)
    while bl and bl[-1].kind in ("hr",):
        bl.pop()
    return Cleaned(blocks=bl, authors=authors, source=source, removed=removed)


def without_dateline(text: str) -> str:
    """The lead without its outlet mark: "(Chinhphu.vn) - Bộ Công Thương …" and "Bộ Công
    Thương …" are the same sapo, one as the page shows it and one as a description or a
    body paragraph repeats it."""
    return DATELINE.sub("", text, count=1).strip()


def dateline(first_paragraph: str) -> str | None:
    """The outlet mark that opens a lead ("(CTO) -", "BBK -"), kept in the text."""
    m = DATELINE.match(first_paragraph)
    return m.group(1) if m else None
