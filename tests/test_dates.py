"""parse_date over the table in date_cases.py, each case asserted exactly (instant and offset),
plus find_date on leads and the order the pipeline takes its date sources in."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from crawler.core.dates import (
    IMPOSSIBLE,
    _fast,
    _slow,
    choose,
    clean,
    find_date,
    parse_date,
    parse_date_ex,
)
from tests.date_cases import CASES, REF

REFERENCE = datetime.fromisoformat(REF)


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 150


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[repr(c[0])[:60] for c in CASES])
def test_parse_date(text: str, expected: str | None) -> None:
    got = parse_date(text, REFERENCE)
    if expected is None:
        assert got is None
        return
    want = datetime.fromisoformat(expected)
    assert got is not None, f"{text!r} gave nothing"
    assert got.tzinfo is not None
    assert got == want
    assert got.utcoffset() == want.utcoffset()


def test_never_the_reference_for_a_named_date() -> None:
    for text, expected in CASES:
        got = parse_date(text, REFERENCE)
        if got == REFERENCE:
            assert expected == REF, text


LEADS = [
    ("Chiều 10-8, Đảng ủy Khối các cơ quan tỉnh đã tổ chức Hội nghị", "2026-08-10"),
    ("(Web Quảng Trị) Chiều 15/10/2021, Ban Chấp hành Đảng bộ Khối", "2021-10-15"),
    ("BBK - Chiều 10/5, Đảng ủy Các cơ quan tỉnh Bắc Kạn tổ chức", "2026-05-10"),
    ("Sáng ngày 29/9, Ban Tổ chức Tỉnh ủy đã tổ chức Hội nghị sơ kết", "2026-09-29"),
    ("Ngày 28/5, Đảng ủy Khối các cơ quan Trung ương tổ chức", "2026-05-28"),
    ("Ngày 17 – 9, Ban Thường vụ Tỉnh ủy làm việc với", "2026-09-17"),
    ("Hội nghị khai mạc (01.8) tại hội trường Tỉnh ủy.", "2026-08-01"),
    ("(CTO) - Chiều 17-11, Ban Thường vụ Thành ủy Cần Thơ tổ chức", "2026-11-17"),
    ("Tối 20/11, tại Hà Nội, Ban Bí thư gặp mặt", "2026-11-20"),
    ("Toàn Đảng bộ kết nạp được 276 đảng viên, đạt 69% chỉ tiêu", None),
    ("Tỷ lệ đạt 12/15 chỉ tiêu đề ra trong năm", None),
]


@pytest.mark.parametrize(("lead", "day"), LEADS)
def test_find_date(lead: str, day: str | None) -> None:
    got = find_date(lead, REFERENCE)
    if day is None:
        assert got is None
    else:
        assert got is not None and got.date().isoformat() == day
        assert got.utcoffset() == REFERENCE.utcoffset()


def test_choose_prefers_minute_precision_of_the_same_day() -> None:
    got = choose(
        [("jsonld:datePublished", "2026-01-08"), ("site:span.pubdate", "08/01/2026 - 18:21")],
        REFERENCE,
    )
    assert got == (datetime.fromisoformat("2026-01-08T18:21:00+07:00"), "site:span.pubdate")


def test_choose_keeps_metadata_order() -> None:
    got = choose(
        [
            ("meta:article:published_time", "2026-07-20T06:31:56+07:00"),
            ("site:time", "Thứ Hai, ngày 20/07/2026 - 06:31"),
        ],
        REFERENCE,
    )
    assert got is not None and got[1] == "meta:article:published_time"
    assert got[0] == datetime.fromisoformat("2026-07-20T06:31:56+07:00")


def test_choose_distrusts_a_minute_value_of_another_day() -> None:
    got = choose(
        [("jsonld:datePublished", "2026-01-08"), ("feed:date", "Sat, 10 Jan 2026 09:00:00 +0700")],
        REFERENCE,
    )
    assert got == (datetime.fromisoformat("2026-01-08T00:00:00+07:00"), "jsonld:datePublished")


# Forms no strict pattern knows, which dateparser (the fallback) reads. Reference: 2026-11-21
# 10:00 Vietnam time; a string without a zone is Vietnam time; day-month-year order.
FALLBACK = [
    ("November 19, 2026 5:25 PM", "2026-11-19T17:25:00+07:00"),
    ("19 November 2026", "2026-11-19T00:00:00+07:00"),
    ("20 tháng mười một 2026", "2026-11-20T00:00:00+07:00"),
    ("5 11 2026", "2026-11-05T00:00:00+07:00"),  # day first, even without separators
    ("2 days ago", "2026-11-19T10:00:00+07:00"),  # counted back from the reference
]


@pytest.mark.parametrize(("text", "expected"), FALLBACK)
def test_dateparser_fallback_dates_what_the_fast_path_does_not_know(
    text: str, expected: str
) -> None:
    assert _fast(clean(text), REFERENCE) is None, "no longer a fallback case"
    got = parse_date(text, REFERENCE)
    assert got is not None, f"{text!r} gave nothing"
    assert got == datetime.fromisoformat(expected)
    assert got.utcoffset() == timedelta(hours=7)


def test_fallback_precision_is_the_minute_only_when_a_time_was_given() -> None:
    with_time = parse_date_ex("November 19, 2026 5:25 PM", REFERENCE)
    without = parse_date_ex("19 November 2026", REFERENCE)
    assert with_time is not None and with_time.precision == "minute"
    assert without is not None and without.precision == "day"


@pytest.mark.parametrize("text", ["2026-13-01", "00/11/2026", "10/00/2026", "31/11/2026 10:00"])
def test_an_impossible_date_is_refused_not_guessed(text: str) -> None:
    """Month 13, day 0, month 0, 31 November: the strict pattern knows the form and the date
    does not exist. dateparser would guess another day for some of them (13 January, 11 and 10
    November), so the refusal must stop it from being asked."""
    assert _fast(clean(text), REFERENCE) is IMPOSSIBLE
    assert parse_date(text, REFERENCE) is None


def test_the_refusal_matters_dateparser_would_guess() -> None:
    # the precondition of the test above: without the refusal these would get a wrong date
    assert _slow(clean("2026-13-01"), REFERENCE) is not None
    assert _slow(clean("10/00/2026"), REFERENCE) is not None
