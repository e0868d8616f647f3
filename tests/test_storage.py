"""Storage on both backends, SQLite and the real PostgreSQL: one code path."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from crawler.storage import Store

VN = timezone(timedelta(hours=7))


def rec(url: str, **kw: object) -> dict[str, object]:
    base: dict[str, object] = {
        "url": url,
        "canonical_url": url,
        "site": "nhandan",
        "outlet": "Báo Nhân Dân",
        "province": "Toàn quốc",
        "title": "Tiêu đề",
        "summary": "Sapo",
        "text": "Đoạn một.",
        "body_html": "<p>Đoạn một.</p>",
        "authors": ["Thanh Hà"],
        "tags": ["Đảng"],
        "published": datetime(2026, 11, 18, 9, 15, tzinfo=VN),
        "fetched_at": datetime(2026, 11, 21, 1, 0, tzinfo=UTC),
        "fingerprint": "f1",
        "field_sources": {"title": "rules"},
    }
    base.update(kw)
    return base


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path) -> Store:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        return Store(f"sqlite:///{tmp_path / 'pw.db'}")
    return Store(request.getfixturevalue("pg_url"))


def test_datetimes_come_back_aware_utc_same_instant(store: Store) -> None:
    store.upsert([rec("https://a.vn/1")])
    got = store.get("https://a.vn/1")
    assert got is not None
    assert got["published"].tzinfo is not None
    assert got["published"].utcoffset() == timedelta(0)
    assert got["published"] == datetime(2026, 11, 18, 2, 15, tzinfo=UTC)


def test_recrawl_updates_never_duplicates_never_loses(store: Store) -> None:
    store.upsert([rec("https://a.vn/1")])
    store.upsert([rec("https://a.vn/1", title="Tiêu đề mới", summary="", published=None)])
    assert store.count() == 1
    got = store.get("https://a.vn/1")
    assert got is not None
    assert got["title"] == "Tiêu đề mới"
    assert got["summary"] == "Sapo"  # the new crawl found none: the stored one stays
    assert got["published"] == datetime(2026, 11, 18, 2, 15, tzinfo=UTC)
    assert got["authors"] == ["Thanh Hà"]


def test_naive_datetime_is_refused_and_nothing_is_lost(store: Store) -> None:
    store.upsert([rec("https://a.vn/1")])
    with pytest.raises(ValueError, match="not a timezone-aware datetime"):
        store.upsert([rec("https://a.vn/2"), rec("https://a.vn/3", published=datetime(2026, 1, 1))])
    assert store.count() == 1


def test_latest_newest_first_and_filters(store: Store) -> None:
    store.upsert(
        [
            rec("https://a.vn/old", published=datetime(2026, 1, 1, tzinfo=VN)),
            rec(
                "https://a.vn/new",
                published=datetime(2026, 5, 1, tzinfo=VN),
                site="baocantho",
                province="Cần Thơ",
            ),
            rec("https://a.vn/undated", published=None),
        ]
    )
    assert [r["url"] for r in store.latest()] == ["https://a.vn/new", "https://a.vn/old"]
    assert [r["url"] for r in store.latest(province="Cần Thơ")] == ["https://a.vn/new"]
    assert [r["url"] for r in store.latest(site="nhandan")] == ["https://a.vn/old"]
    assert store.groups("province") == sorted(["Cần Thơ", "Toàn quốc"])


def test_vietnamese_text_round_trips_nfc(store: Store) -> None:
    store.upsert([rec("https://a.vn/1", title="Thành ủy Cần Thơ: hòa hợp")])
    got = store.get("https://a.vn/1")
    assert got is not None and got["title"] == "Thành ủy Cần Thơ: hòa hợp"


def test_cluster_is_set_once_and_kept_by_a_recrawl(store: Store) -> None:
    store.upsert([rec("https://a.vn/2", cluster=None)])
    store.upsert([rec("https://a.vn/2", cluster="https://a.vn/1")])  # filled when missing
    store.upsert([rec("https://a.vn/2", cluster="https://other.vn/9")])  # never moved
    got = store.get("https://a.vn/2")
    assert got is not None and got["cluster"] == "https://a.vn/1"
