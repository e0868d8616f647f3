"""The province-merger rule: the 63 former provinces became 34 units on 1 July 2025 (Nghị quyết
202/2025/QH15), so an article of a merged province keeps its former province only when it was
published before that day began in Vietnam (00:00 +07:00, which is 17:00 UTC on 30 June)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from crawler.core.dates import resolve
from crawler.core.items import Article
from crawler.core.provinces import FORMER_TO_UNIT, NATIONAL, UNITS, check_unit, former_for

VN = timezone(timedelta(hours=7))
LAST_MINUTE_BEFORE = datetime(2025, 6, 30, 23, 59, tzinfo=VN)
FIRST_MINUTE_AFTER = datetime(2025, 7, 1, 0, 0, tzinfo=VN)


def test_the_merger_counts() -> None:
    assert len(UNITS) == 34
    assert len(FORMER_TO_UNIT) == 63
    assert FORMER_TO_UNIT["Hậu Giang"] == "Cần Thơ"
    assert FORMER_TO_UNIT["Bắc Giang"] == "Bắc Ninh"


@pytest.mark.parametrize(
    ("published", "want"),
    [
        (LAST_MINUTE_BEFORE, "Hậu Giang"),
        (FIRST_MINUTE_AFTER, None),
        (datetime(2025, 6, 30, 23, 59, 59, tzinfo=VN), "Hậu Giang"),
        (datetime(2025, 6, 30, 16, 59, tzinfo=UTC), "Hậu Giang"),  # 23:59 in Vietnam
        (datetime(2025, 6, 30, 17, 0, tzinfo=UTC), None),  # 00:00 on 1 July in Vietnam
        (datetime(2024, 3, 2, 8, 0, tzinfo=VN), "Hậu Giang"),
        (datetime(2026, 11, 20, 8, 0, tzinfo=VN), None),
    ],
)
def test_former_province_only_before_the_merger(published: datetime, want: str | None) -> None:
    assert former_for("Cần Thơ", "Hậu Giang", published) == want


def test_undated_article_keeps_its_former_province() -> None:
    # without a date nothing says the article is new, and dropping the name would lose it
    assert former_for("Cần Thơ", "Hậu Giang", None) == "Hậu Giang"


@pytest.mark.parametrize(
    ("unit", "former"), [(None, "Hậu Giang"), (NATIONAL, "Hậu Giang"), ("Cần Thơ", None)]
)
def test_no_former_province_without_a_merged_unit(unit: str | None, former: str | None) -> None:
    assert former_for(unit, former, LAST_MINUTE_BEFORE) is None


def _article(date_line: str) -> Article:
    return Article(
        url="https://baohaugiang.com.vn/a.html",
        site="baohaugiang",
        province="Cần Thơ",
        former_province="Hậu Giang",
        fetched_at=datetime(2026, 11, 21, 3, 0, tzinfo=UTC),
        hints={"dates": [("site:span.date", date_line)]},
    )


@pytest.mark.parametrize(
    ("date_line", "want"),
    [
        ("30/06/2025 23:59", "Hậu Giang"),
        ("01/07/2025 00:00", None),
        ("Thứ Hai, 30-6-2025 8:43", "Hậu Giang"),
        ("2025-06-30T16:59:00Z", "Hậu Giang"),
        ("2025-06-30T17:00:00Z", None),
    ],
)
def test_resolve_applies_the_rule_to_the_date_it_found(date_line: str, want: str | None) -> None:
    item = resolve(_article(date_line))
    assert item.published is not None
    assert item.former_province == want
    assert item.province == "Cần Thơ"  # the unit of today stays, for the per-province feed


def test_resolve_keeps_the_former_province_of_an_undated_article() -> None:
    item = resolve(_article("Xem thêm"))
    assert item.published is None and item.former_province == "Hậu Giang"


def test_check_unit_refuses_a_former_province() -> None:
    assert check_unit("Cần Thơ") == "Cần Thơ" and check_unit(NATIONAL) == NATIONAL
    with pytest.raises(ValueError, match="Hậu Giang"):
        check_unit("Hậu Giang")
