"""parse_date over the table in date_cases.py, each case asserted exactly (instant and offset),
plus find_date on leads and the order the pipeline takes its date sources in."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta
from typing import cast

import pytest

from bench.date_forms import FORMS, Sample, generate, is_exact
from bench.date_forms import REF as GENERATED_REF
from crawler.core.dates import (
    IMPOSSIBLE,
    NO_DAY,
    _fast,
    _slow,
    choose,
    clean,
    find_date,
    infer_order,
    parse_date,
    parse_date_ex,
    resolve,
)
from crawler.core.items import Article, Hints
from tests.date_cases import CASES, DECLARED, LEAD_CASES, REF

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


@pytest.mark.parametrize(("lead", "day"), LEADS + LEAD_CASES)
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


@pytest.mark.parametrize(("text", "order", "expected"), DECLARED)
def test_a_declared_order_settles_what_the_numbers_leave_open(
    text: str, order: str, expected: str
) -> None:
    got = parse_date(text, REFERENCE, order=order)
    want = datetime.fromisoformat(expected)
    assert got == want and got.utcoffset() == want.utcoffset(), (text, order, got)


def test_an_unknown_order_is_named() -> None:
    with pytest.raises(ValueError, match="'YMD' is not one of DMY, MDY"):
        parse_date("3/5/2026", REFERENCE, order="YMD")


def test_without_a_declaration_an_open_date_stays_day_first() -> None:
    """Backward compatible: the Vietnamese order, unless the form is .NET en-US."""
    assert parse_date("3/5/2026 15:34", REFERENCE) == datetime.fromisoformat(
        "2026-05-03T15:34:00+07:00"
    )
    assert parse_date("3/5/2026 3:34:00 PM", REFERENCE) == datetime.fromisoformat(
        "2026-03-05T15:34:00+07:00"
    )


def test_a_month_is_no_day_and_no_fallback_picks_one() -> None:
    assert _fast(clean("tháng 3/2026"), REFERENCE) is NO_DAY
    # the precondition: dateparser would make a day of it
    assert _slow(clean("tháng 3/2026"), REFERENCE) is not None


@pytest.mark.parametrize(
    ("reference", "text", "expected"),
    [
        ("2026-03-31T10:00:00+07:00", "1 tháng trước", "2026-02-28T10:00:00+07:00"),
        ("2024-03-31T10:00:00+07:00", "1 tháng trước", "2024-02-29T10:00:00+07:00"),
        ("2026-05-31T08:00:00+07:00", "3 tháng trước", "2026-02-28T08:00:00+07:00"),
        ("2026-01-15T08:00:00+07:00", "2 tháng trước", "2025-11-15T08:00:00+07:00"),
        ("2024-02-29T08:00:00+07:00", "1 năm trước", "2023-02-28T08:00:00+07:00"),
    ],
)
def test_months_back_are_calendar_months(reference: str, text: str, expected: str) -> None:
    """30-day months would give 1 March, 1 March, 1 March, 16 November, 1 March."""
    assert parse_date(text, datetime.fromisoformat(reference)) == datetime.fromisoformat(expected)


FEED_REF = datetime.fromisoformat("2026-11-22T12:00:00+07:00")
MARCH = datetime.fromisoformat("2026-03-06T09:00:00+07:00")
NOVEMBER = datetime.fromisoformat("2026-11-12T20:00:00+07:00")


@pytest.mark.parametrize(
    ("texts", "reference", "expected"),
    [
        # the .NET en-US form: month first by construction, 14 agrees
        (["9/14/2026 6:44:00 PM", "9/13/2026 8:01:00 PM"], FEED_REF, "MDY"),
        # the form alone, every number <= 12 (baochinhphu.vn listing titles)
        (["3/5/2026 3:34:00 PM", "2/4/2026 3:20:00 PM", "2/1/2026 6:51:00 AM"], FEED_REF, "MDY"),
        # one number above 12 settles the whole listing
        (["05/03/2026 15:34", "04/02/2026 15:20", "26/02/2026 12:00"], FEED_REF, "DMY"),
        (["03/05/2026", "02/13/2026"], FEED_REF, "MDY"),
        # a feed that contradicts itself settles nothing
        (["13/1/2026 10:00", "1/13/2026 10:00"], FEED_REF, None),
        # day first would put 3 May after a crawl on 6 March: month first is the only reading
        (["03/05/2026 10:00", "02/05/2026 09:00"], MARCH, "MDY"),
        (["05/03/2026 10:00", "05/02/2026 09:00"], MARCH, "DMY"),
        # only month first keeps the list sorted (2 Oct, 2 Sep, 3 Jan vs 10 Feb, 9 Feb, 1 Mar)
        (["10/02/2026", "09/02/2026", "01/03/2026"], FEED_REF, "MDY"),
        # only one reading makes the newest item fresh at a crawl on 12 November 2026:
        # 10 Nov against 11 Oct, then 11 Oct against 10 Nov
        (["10/11/2026 08:00", "09/11/2026 08:00"], NOVEMBER, "DMY"),
        (["11/10/2026 08:00", "11/09/2026 08:00"], NOVEMBER, "MDY"),
        # both readings possible, sorted and stale: no order is known, none is guessed
        (["05/03/2026 15:34"], FEED_REF, None),
        # either reading is the same day
        (["1/1/2026", "5/5/2026"], FEED_REF, None),
        # ISO and RFC 822 say nothing about the order
        (["2026-03-05T15:34:00+07:00", "Mon, 14 Sep 2026 18:48:23 +07:00"], FEED_REF, None),
        ([], FEED_REF, None),
    ],
)
def test_infer_order(texts: list[str], reference: datetime, expected: str | None) -> None:
    assert infer_order(texts, reference) == expected


def _item(**hints: object) -> Article:
    item = Article(url="https://baochinhphu.vn/x-102260305092012481.htm", site="baochinhphu.vn")
    item.fetched_at = FEED_REF
    item.hints = cast(Hints, hints)
    return item


def test_resolve_reads_the_feed_date_in_the_order_discovery_found() -> None:
    item = resolve(_item(feed_date="3/5/2026 15:34", date_order="MDY"))
    assert item.published == datetime.fromisoformat("2026-03-05T15:34:00+07:00")
    assert item.date_source == "feed:date"
    # without the declaration the same string is day first
    assert resolve(_item(feed_date="3/5/2026 15:34")).published == datetime.fromisoformat(
        "2026-05-03T15:34:00+07:00"
    )


def test_the_feed_order_does_not_bend_the_page_date_line() -> None:
    """baochinhphu.vn prints month first in its feed and day first on its pages."""
    item = resolve(
        _item(
            dates=[("site:span.time-ago", "05/03/2026 15:34")],
            listing_date="3/5/2026 3:34:00 PM",
            date_order="MDY",
        )
    )
    assert item.published == datetime.fromisoformat("2026-03-05T15:34:00+07:00")
    assert item.date_source == "site:span.time-ago"


def test_resolve_names_a_bad_order_hint() -> None:
    with pytest.raises(ValueError, match="date_order 'md' is not one of DMY, MDY"):
        resolve(_item(feed_date="3/5/2026", date_order="md"))


def _read(sample: Sample) -> datetime | None:
    if sample.kind == "find":
        return find_date(sample.text, GENERATED_REF)
    return parse_date(sample.text, GENERATED_REF)


def test_new_strings_of_every_form_are_99_percent_exact() -> None:
    """The held-out check: strings made for this run (a seed no one tuned the parser on) from
    random instants, each expected to give back the instant it was written from."""
    samples = generate(seed=20261121, per_form=120)
    assert len(samples) == 120 * len(FORMS) >= 3000
    wrong = [s for s in samples if not is_exact(s, _read(s))]
    by_form = {form: sum(1 for s in wrong if s.form == form) for form, _, _ in FORMS}
    shown = "\n".join(f"{s.form}: {s.text!r} -> want {s.expected}" for s in wrong[:20])
    assert len(wrong) <= 0.01 * len(samples), f"{len(wrong)} wrong:\n{shown}"
    assert max(by_form.values()) <= 0.05 * 120, by_form


def test_the_held_out_check_can_fail() -> None:
    """Read day first, every month-first string whose day is 12 or less (and not its month)
    comes out wrong: the generated instants do tell a wrong reading from a right one."""
    samples = [s for s in generate(seed=1, per_form=40) if s.form.startswith(".NET")]
    assert all(is_exact(s, _read(s)) for s in samples)
    open_ = [
        s
        for s in samples
        if s.expected and s.expected.day <= 12 and s.expected.day != s.expected.month
    ]
    assert len(open_) >= 5
    assert not any(is_exact(s, parse_date(s.text, GENERATED_REF, order="DMY")) for s in open_)


def test_dateparser_is_loaded_only_by_a_date_no_strict_pattern_reads() -> None:
    """Warming dateparser up when a spider opened cost every crawl process ~0.7 s of CPU, and
    bench/crawl.py's 2,350 pages need it for none: it loads with the first date the strict
    patterns cannot read, and reads it. A fresh interpreter: this one has it loaded."""
    code = """
import sys
from scrapy.utils.test import get_crawler
from pipelines.stages import StagesPipeline
from crawler.core.dates import parse_date
StagesPipeline.from_crawler(get_crawler()).open_spider()
print(parse_date("19/11/2026 17:25").isoformat(), "dateparser" in sys.modules)
print(parse_date("November 19, 2026 5:25 PM").isoformat(), "dateparser" in sys.modules)
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout.split()
    assert out == ["2026-11-19T17:25:00+07:00", "False", "2026-11-19T17:25:00+07:00", "True"]
