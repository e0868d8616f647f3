"""The look-up every placed article makes (`Store.lookup`: by canonical URL, by page URL, by a
remembered redirect, and the first article stored with its text) is an index search on both
backends (revision 0006), so a crawl's cost per
article does not grow with the archive: without `ix_articles_url` SQLite read the whole table
for every article (bench/scale.py: 489 ms per placement at 100,000 stored)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event

from crawler.history import History
from crawler.storage import Store


def _rows(n: int) -> list[dict[str, Any]]:
    at = datetime(2026, 11, 20, 1, 30, tzinfo=UTC)
    return [
        {
            "canonical_url": f"https://baocantho.vn/bai-{i}-a{i}.html",
            "url": f"https://baocantho.vn/bai-{i}-a{i}.html?utm=x",
            "site": "baocantho",
            "outlet": "Báo Cần Thơ",
            "title": f"Bài {i}",
            "text": f"Nội dung bài {i}.",
            "published": at,
            "fetched_at": at,
            "fingerprint": f"fp-{i}",
        }
        for i in range(n)
    ]


def _find_queries(store: Store) -> list[tuple[str, Any]]:
    seen: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if re.match(r"\s*SELECT\b", statement, re.I) and re.search(r"\barticles\b", statement):
            seen.append((statement, params))

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        found, twin = store.lookup(
            ["https://baocantho.vn/bai-7-a7.html?utm=x", "https://x.vn/none"],
            key="https://x.vn/none",
            fingerprint="fp-9",  # bài 9's text, stored under another URL
        )
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    assert found is not None and found["canonical_url"] == "https://baocantho.vn/bai-7-a7.html"
    assert twin == ("https://baocantho.vn/bai-9-a9.html",) * 2
    return seen


def test_find_is_an_index_search_on_sqlite(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'a.db'}")
    store.upsert(_rows(50))
    queries = _find_queries(store)
    assert queries
    with store.engine.connect() as c:
        for statement, params in queries:
            plan = [r[-1] for r in c.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params)]
            assert not [p for p in plan if p.startswith("SCAN articles")], plan
            assert any("ix_articles_url" in p for p in plan), plan
            assert any("ix_articles_fingerprint" in p for p in plan), plan


def test_find_uses_an_index_on_postgresql(pg_url: str) -> None:
    store = Store(pg_url)
    try:
        store.upsert(_rows(50))
        queries = _find_queries(store)
        with store.engine.connect() as c:
            c.exec_driver_sql("SET enable_seqscan = off")  # a small table is read whole by choice
            for statement, params in queries:
                plan = "\n".join(r[0] for r in c.exec_driver_sql("EXPLAIN " + statement, params))
                assert "Seq Scan on articles" not in plan, plan
                assert "ix_articles_url" in plan, plan
                assert "ix_articles_fingerprint" in plan, plan
    finally:
        store.engine.dispose()


def test_a_sites_last_new_article_is_one_index_look_up_on_sqlite(tmp_path: Path) -> None:
    """`status` and every publish ask it per site; without revision 0007 it read each site's
    every row (16 of 32 s of a publish at 1,000,000 stored)."""
    store = Store(f"sqlite:///{tmp_path / 'a.db'}")
    rows = _rows(50)
    rows[7]["fetched_at"] = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # the newest arrival
    store.upsert(rows)
    seen: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        seen.append((statement, params))

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        last = History(store).last_new_article("baocantho")
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    assert last == datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
    statement, params = next(s for s in seen if "max" in s[0].lower())
    with store.engine.connect() as c:
        plan = [r[-1] for r in c.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params)]
    assert any("ix_articles_site_first_fetched" in p for p in plan), plan
    assert not [p for p in plan if p.startswith("SCAN")], plan
