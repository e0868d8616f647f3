"""Vietnamese text normalisation: NFC, spaces, legacy encodings, windows-1258, fold()."""

from __future__ import annotations

import unicodedata

import pytest

from crawler.core.legacy import detect, from_tcvn3, from_vni, repair
from crawler.core.normalize import fold, normalize_line, normalize_text
from crawler.process import decode, process_page


def test_nfd_becomes_nfc() -> None:
    s = unicodedata.normalize("NFD", "Thành ủy Cần Thơ")
    assert normalize_line(s) == "Thành ủy Cần Thơ"
    assert unicodedata.is_normalized("NFC", normalize_line(s))


def test_spaces_zero_width_and_controls() -> None:
    s = "Đảng\u00a0bộ\u200b tỉnh\u00ad\x07 họp\u2009sáng nay\r\n\r\n\r\nĐoạn hai"
    assert normalize_text(s) == "Đảng bộ tỉnh họp sáng nay\n\nĐoạn hai"


def test_paragraph_structure_survives() -> None:
    assert normalize_text("Một.\n\nHai.\n\n\n\nBa.") == "Một.\n\nHai.\n\nBa."


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("hoà bình", "hòa bình"),
        ("Uỷ ban", "Ủy ban"),
        ("thuỷ lợi", "thủy lợi"),
        ("Đảng uỷ", "dang uy"),
        ("KHOÁ XIII", "khóa xiii"),
        ("  Hội   nghị ", "hoi nghi"),
        (unicodedata.normalize("NFD", "Quảng Trị"), "quang tri"),
    ],
)
def test_fold_equal(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_fold_keeps_different_words_apart() -> None:
    assert fold("Đảng") == "dang" and fold("đang") == "dang"  # tones go, as intended
    assert fold("Hà Nội") != fold("Hà Nam")


TCVN3_SAMPLES = [
    (
        "§¶ng bé tØnh tæ chøc héi nghÞ cña c¸c ®ång chÝ",
        "Đảng bộ tỉnh tổ chức hội nghị của các đồng chí",
    ),
    ("B¸o c¸o chÝnh trÞ cña Ban ChÊp hµnh", "Báo cáo chính trị của Ban Chấp hành"),
    ("ViÖt Nam, ng\xadêi d©n vµ c¸c ®¶ng viªn", "Việt Nam, người dân và các đảng viên"),
]
VNI_SAMPLES = [
    ("Xin chaøo caùc baïn", "Xin chào các bạn"),
    (
        "Ñaûng boä tænh toå chöùc hoäi nghò cuûa caùc ñoàng chí",
        "Đảng bộ tỉnh tổ chức hội nghị của các đồng chí",
    ),
    (
        "Ngöôøi daân vaø caùc ñaûng vieân ñöôïc ñaùnh giaù cao",
        "Người dân và các đảng viên được đánh giá cao",
    ),
    ("naêm hoïc môùi, aên taäp, thaéng lôïi", "năm học mới, ăn tập, thắng lợi"),
]


@pytest.mark.parametrize(("raw", "want"), TCVN3_SAMPLES)
def test_tcvn3(raw: str, want: str) -> None:
    assert from_tcvn3(raw) == want


@pytest.mark.parametrize(("raw", "want"), VNI_SAMPLES)
def test_vni(raw: str, want: str) -> None:
    assert unicodedata.normalize("NFC", from_vni(raw)) == want


def test_detection_only_converts_what_reads_as_vietnamese() -> None:
    assert detect(TCVN3_SAMPLES[0][0]) == "tcvn3"
    assert detect(VNI_SAMPLES[1][0]) == "vni"
    for text in (
        "Été à Paris, le café est très cher",
        "Đảng bộ tỉnh",
        "Hello world",
        "Müller & Söhne — Straße",
    ):
        assert detect(text) is None
        assert repair(text) == text
    assert normalize_text(TCVN3_SAMPLES[0][0]) == TCVN3_SAMPLES[0][1]


def _cp1258(text: str) -> bytes:
    """Encode as windows-1258 does: base letters with their hats precomposed, tone marks
    as separate combining characters (the form such pages really carry)."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in text:
        d = unicodedata.normalize("NFD", ch)
        base = "".join(c for c in d if c not in tones)
        out.append(unicodedata.normalize("NFC", base) + "".join(c for c in d if c in tones))
    return "".join(out).encode("cp1258")


def test_windows_1258_page_decodes_to_nfc() -> None:
    html = (
        "<html><head><meta charset='windows-1258'><title>x</title></head><body>"
        "<h1>Hội nghị Ban Chấp hành Đảng bộ tỉnh</h1><div><p>"
        + "Chiều 20/11, Ban Chấp hành Đảng bộ tỉnh tổ chức hội nghị lần thứ năm. " * 4
        + "</p></div></body></html>"
    )
    body = _cp1258(html)
    text = decode(body, "https://example.vn/a.html")
    art = process_page(text, "https://example.vn/a.html")
    assert art.title == "Hội nghị Ban Chấp hành Đảng bộ tỉnh"
    assert unicodedata.is_normalized("NFC", art.text)
    assert "Chiều 20/11, Ban Chấp hành Đảng bộ tỉnh" in art.text
