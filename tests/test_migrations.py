"""The store's migrations: a store made by the release before migrations is upgraded with every
article kept, on SQLite and on the real PostgreSQL; a new store starts at head; a store at any
other schema is refused with what to do.

The fixture `tests/fixtures/store_before_migrations.db` was written by that release's own code
(`tests/fixtures/make_store_before_migrations.py`, commit 71f5221); its three articles are
synthetic. The expected values below are read from that script by hand.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from crawler.search import Query, index_text
from crawler.storage import (
    OLDER,
    SEARCH_INDEX,
    Store,
    StoreSchemaError,
    _alembic,
    articles,
    current_revision,
    make_engine,
    metadata,
    upgrade,
)
from crawler.syndication import window
from tests.conftest import ROOT, run_cli

FIXTURE = ROOT / "tests" / "fixtures" / "store_before_migrations.db"
HEAD = "0007"  # crawler/migrations/versions/v0007_site_first_fetched.py
FEED_INDEXES = "0004"  # crawler/migrations/versions/v0004_feed_indexes.py
SERVICE_REVISION = "0002"  # crawler/migrations/versions/v0002_service.py
BASELINE = "0001"  # crawler/migrations/versions/v0001_baseline.py
#: the tables revision 0002 adds
SERVICE = {"pages", "revisions", "runs", "site_state", "alerts", "leases"}
#: the FTS5 table revision 0003 adds on SQLite, and the tables FTS5 keeps it in
FTS = {"articles_fts", "articles_fts_config", "articles_fts_data", "articles_fts_docsize"}
FTS |= {"articles_fts_idx"}
#: revision 0003's triggers that keep the FTS5 table in step with articles
TRIGGERS = {"articles_fts_insert", "articles_fts_delete", "articles_fts_update"}
#: the syndication index's window table revision 0005 adds
WINDOW = "syndication_window"
#: the articles columns of the baseline; 0002 appends first_fetched
OLD_COLUMNS = 26
FIRST = "https://baophutho.example/hoi-nghi-so-ket-quy-i-a1.html"
SECOND = "https://hoabinh.example/so-ket-quy-i.html"
THIRD = "https://hcm.example/ben-thanh-thi-dua.html"


def _copy(tmp_path: Path) -> tuple[Path, str]:
    db = tmp_path / "old.db"
    shutil.copy(FIXTURE, db)
    return db, f"sqlite:///{db}"


def _raw(db: Path) -> list[tuple[Any, ...]]:
    """Every column of every article, read with sqlite3 alone (none of the store's code)."""
    with sqlite3.connect(db) as conn:
        return list(conn.execute("SELECT * FROM articles ORDER BY id"))


def _raw_column(db: Path, name: str) -> list[Any]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute(f"SELECT {name} FROM articles ORDER BY id")]


def _tables(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _modelled(name: str | None, type_: str, parent_names: Any) -> bool:
    """The search index is the backend's own (an FTS5 table, an expression index), made by
    revision 0003 and not in the model: `_check_search_index` looks for it instead."""
    return name not in SEARCH_INDEX


def schema_diff(url: str) -> list[Any]:
    """What Alembic finds between the store and this release's model; [] when they agree."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"include_name": _modelled})
            return list(compare_metadata(ctx, metadata))
    finally:
        engine.dispose()


def _check_search_index(url: str) -> None:
    """Revision 0003's index, as the backend sees it: on SQLite the FTS5 table (consistent with
    its content) and its triggers, on PostgreSQL the GIN index over the folded text."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                found = conn.exec_driver_sql("SELECT type, name FROM sqlite_master").all()
                assert FTS <= {n for t, n in found if t == "table"}
                assert {n for t, n in found if t == "trigger"} == TRIGGERS
                conn.exec_driver_sql(
                    "INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')"
                )
            else:
                q = (
                    "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_articles_search'"
                    " AND schemaname = current_schema()"
                )
                (index,) = conn.exec_driver_sql(q).scalars().all()
                assert "USING gin (to_tsvector('simple'::regconfig, search_text))" in index
    finally:
        engine.dispose()


def _check_searchable(url: str) -> None:
    """The fixture's articles found by a search: FIRST and SECOND have "xây dựng Đảng" in their
    text and the same publication time (so by URL); THIRD has no date, so no feed shows it."""
    store = Store(url)
    try:
        found = store.search(Query(q="xay dung dang"))
        assert [r["canonical_url"] for r in found] == [FIRST, SECOND]
        assert [r["canonical_url"] for r in store.search(Query(q="Tỉnh uỷ sơ kết"))] == [SECOND]
        assert store.search(Query(q="ben thanh")) == []
        with store.engine.connect() as conn:
            q = sa.select(
                articles.c.title, articles.c.summary, articles.c.text, articles.c.search_text
            )
            for title, summary, text, searched in conn.execute(q):
                assert searched == index_text(title, summary, text)
    finally:
        store.engine.dispose()


def _check_articles(by_url: dict[str, dict[str, Any]]) -> None:
    """The fixture's three articles, field by field as the script wrote them."""
    assert set(by_url) == {FIRST, SECOND, THIRD}
    a, b, c = by_url[FIRST], by_url[SECOND], by_url[THIRD]
    assert (a["site"], a["title"], a["summary"]) == (
        "baophutho",
        "Hội nghị sơ kết quý I",
        "Sơ kết công tác Đảng.",
    )
    assert a["published"] == datetime(2026, 3, 3, 2, 30, tzinfo=UTC)  # 09:30 in Vietnam
    assert a["fetched_at"] == datetime(2026, 3, 4, 1, 0, tzinfo=UTC)
    assert a["authors"] == ["Minh An", "Thu Hà"] and a["tags"] == ["hội nghị", "chi bộ"]
    assert a["field_sources"] == {"title": "rules", "published": "meta"}
    assert a["body_html"].startswith("<p>Sáng 3/3, Tỉnh ủy Hòa Bình tổ chức hội nghị")
    assert a["text"].endswith("tiếp tục đổi mới phương thức lãnh đạo.")
    assert a["cluster"] == FIRST and a["image"] == f"{FIRST}.jpg" and a["former_province"] is None
    assert (b["former_province"], b["authors"], b["cluster"]) == ("Hòa Bình", [], FIRST)
    assert b["modified"] == datetime(2026, 3, 3, 8, 0, tzinfo=UTC)  # 15:00 in Vietnam
    assert b["text"] == a["text"] and b["shingles"] == a["shingles"] and b["minhash"]
    assert (c["province"], c["summary"], c["published"], c["tags"]) == (
        "TP. Hồ Chí Minh",
        "",
        None,
        [],
    )
    assert c["text"] == (
        "Chiều 5/3, Đảng ủy phường Bến Thành tổng kết phong trào thi đua năm 2025. "
        "Có 7 tập thể và 15 cá nhân được khen thưởng."
    )
    assert all(r["shingles"] and r["facts"] and len(r["minhash"]) == 512 for r in (a, b, c))


def test_the_fixture_is_a_store_made_before_migrations(tmp_path: Path) -> None:
    db, url = _copy(tmp_path)
    assert _tables(db) == {"articles"}  # no alembic_version: the previous release kept none
    assert len(_raw(db)) == 3
    assert current_revision(url) is None


def test_db_upgrade_keeps_every_article_and_reaches_head(tmp_path: Path) -> None:
    db, url = _copy(tmp_path)
    before = _raw(db)
    r = run_cli("--db", url, "db", "upgrade")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [f"{url}: at revision {HEAD} (head)"]
    after = _raw(db)
    assert [row[:OLD_COLUMNS] for row in after] == before  # every old value, byte for byte
    # first fetched: the only fetch time the old store knew
    assert _raw_column(db, "first_fetched") == _raw_column(db, "fetched_at")
    assert _tables(db) == {"articles", "alembic_version", *SERVICE, *FTS, WINDOW}
    assert run_cli("--db", url, "db", "current").stdout.strip() == HEAD
    assert schema_diff(url) == []
    store = Store(url)  # at head now: accepted
    assert store.count() == 3
    _check_articles({r["canonical_url"]: r for r in store.iter_all()})
    _check_search_index(url)
    _check_searchable(url)
    # and a second upgrade is a no-op that says the same
    again = run_cli("--db", url, "db", "upgrade")
    assert again.stdout.splitlines() == [f"{url}: at revision {HEAD} (head)"]
    assert _raw(db) == after


def test_a_store_lacking_the_signature_columns_is_upgraded_too(tmp_path: Path) -> None:
    """Stores made before c9b0299 have no shingles/minhash, before 46c394f no facts."""
    db, url = _copy(tmp_path)
    with sqlite3.connect(db) as conn:
        for col in ("shingles", "minhash", "facts"):
            conn.execute(f"ALTER TABLE articles DROP COLUMN {col}")
    before = _raw(db)
    assert len(before[0]) == 23
    with pytest.raises(StoreSchemaError, match="older than this release"):
        Store(url)
    assert upgrade(url) == f"{url}: at revision {HEAD} (head)"
    after = _raw(db)
    assert [row[:23] for row in after] == before  # every old value kept
    assert [row[23:OLD_COLUMNS] for row in after] == [(None, None, None)] * 3  # added, empty
    assert schema_diff(url) == []
    assert Store(url).count() == 3


def test_a_table_that_is_not_a_partywire_store_is_left_alone(tmp_path: Path) -> None:
    db, url = _copy(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("ALTER TABLE articles DROP COLUMN title")
    before = _raw(db)
    r = run_cli("--db", url, "db", "upgrade")
    assert r.returncode == 2
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert lines == [
        f"partywire: error: {url}: table articles lacks title: not a store partywire made, "
        "so it is left as it is"
    ]
    assert _raw(db) == before
    assert current_revision(url) is None


def test_a_new_store_starts_at_head(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    assert Store(url).count() == 0
    assert current_revision(url) == HEAD
    assert schema_diff(url) == []
    _check_search_index(url)


def test_the_release_names_alembics_head_and_opening_a_store_needs_no_alembic(
    tmp_path: Path,
) -> None:
    """`crawler.storage.HEAD` is what an opened store is compared with: it must be the head of
    the migration scripts, and a process opening a store at head must not import Alembic."""
    from crawler import storage

    assert storage.HEAD == storage.head_revision() == HEAD
    url = f"sqlite:///{tmp_path / 'new.db'}"
    Store(url)  # made at head (this imports Alembic here, not in the child)
    probe = (
        "import sys; from crawler.storage import Store; "
        f"Store({url!r}).count(); print(sorted(m for m in sys.modules if m.startswith('alembic')))"
    )
    r = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def test_the_schema_comparison_can_fail(tmp_path: Path) -> None:
    """schema_diff is what proves a migrated store equals the model: it must see a difference."""
    url = f"sqlite:///{tmp_path / 'new.db'}"
    Store(url)
    with sqlite3.connect(tmp_path / "new.db") as conn:
        conn.execute("DROP INDEX ix_articles_site")
    assert [d[0] for d in schema_diff(url)] == ["add_index"]


def test_a_revision_this_release_does_not_know_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    Store(url)
    with sqlite3.connect(tmp_path / "new.db") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreSchemaError, match="at revision 9999, unknown to this release"):
        Store(url)


def test_publish_on_an_older_store_says_what_to_do(tmp_path: Path) -> None:
    _, url = _copy(tmp_path)
    r = run_cli("--db", url, "publish", "--output", str(tmp_path / "public"))
    assert r.returncode == 1
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert lines == [f"partywire: error: database {url}: {OLDER}"]
    assert OLDER == "store schema is older than this release: run `partywire db upgrade`"


#: the articles columns the baseline has (the fixture's)
_BASELINE_COLUMNS = [c for c in articles.columns if c.name not in ("first_fetched", "search_text")]


def _fixture_rows(tmp_path: Path) -> list[dict[str, Any]]:
    """The fixture's articles as Python values (aware datetimes, lists, bytes)."""
    _, url = _copy(tmp_path)
    engine = make_engine(url)
    with engine.connect() as conn:
        q = sa.select(*_BASELINE_COLUMNS).order_by(articles.c.id)
        rows = [dict(r) for r in conn.execute(q).mappings()]
    engine.dispose()
    return rows


def _made_before_migrations(url: str, rows: list[dict[str, Any]]) -> None:
    """A store as the release before migrations made it: the baseline's articles table (its
    indexes too), no version table."""
    engine = make_engine(url)
    with engine.begin() as conn:
        command.upgrade(_alembic(conn), BASELINE)
        conn.execute(sa.text("DROP TABLE alembic_version"))
        old = sa.table("articles", *(sa.column(c.name, c.type) for c in _BASELINE_COLUMNS))
        conn.execute(sa.insert(old), rows)
    engine.dispose()


def test_db_upgrade_on_postgresql_keeps_every_article(tmp_path: Path, pg_url: str) -> None:
    rows = _fixture_rows(tmp_path)
    _made_before_migrations(pg_url, rows)
    assert current_revision(pg_url) is None
    with pytest.raises(StoreSchemaError, match="older than this release"):
        Store(pg_url)
    r = run_cli("--db", pg_url, "db", "upgrade")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().endswith(f": at revision {HEAD} (head)")
    assert r.stdout.startswith("postgresql+psycopg://postgres@127.0.0.1:5432/test")
    assert current_revision(pg_url) == HEAD
    assert schema_diff(pg_url) == []
    stored = list(Store(pg_url).iter_all())
    # every field of every article, ids included; first fetched when last fetched
    assert [{k: v for k, v in r.items() if k != "first_fetched"} for r in stored] == rows
    assert [r["first_fetched"] for r in stored] == [r["fetched_at"] for r in rows]
    _check_articles({r["canonical_url"]: r for r in stored})
    _check_search_index(pg_url)
    _check_searchable(pg_url)


def test_a_new_postgresql_store_starts_at_head(pg_url: str) -> None:
    assert Store(pg_url).count() == 0
    assert current_revision(pg_url) == HEAD
    assert schema_diff(pg_url) == []
    _check_search_index(pg_url)


def test_a_refused_postgresql_upgrade_changes_nothing(pg_url: str) -> None:
    """One transaction: the refusal rolls back the version table Alembic had begun."""
    engine = make_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE articles (id integer primary key, url text)"))
    try:
        with pytest.raises(ValueError, match="table articles lacks canonical_url, site"):
            upgrade(pg_url)
        with engine.connect() as conn:
            assert not sa.inspect(conn).has_table("alembic_version")
            assert [c["name"] for c in sa.inspect(conn).get_columns("articles")] == ["id", "url"]
    finally:
        engine.dispose()


def _at_baseline(url: str, revision: str = BASELINE) -> None:
    """The store the release of a revision left (the baseline unless told): adopted or made."""
    engine = make_engine(url)
    with engine.begin() as conn:
        command.upgrade(_alembic(conn), revision)
    engine.dispose()


def test_a_store_at_the_baseline_is_refused_then_upgraded_with_every_article(
    tmp_path: Path,
) -> None:
    db, url = _copy(tmp_path)
    _at_baseline(url)
    assert current_revision(url) == BASELINE
    before = _raw(db)
    with pytest.raises(StoreSchemaError) as refused:
        Store(url)
    assert str(refused.value) == OLDER
    assert _raw(db) == before and _tables(db) == {"articles", "alembic_version"}
    r = run_cli("--db", url, "db", "upgrade")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [f"{url}: at revision {HEAD} (head)"]
    assert [row[:OLD_COLUMNS] for row in _raw(db)] == before
    assert _raw_column(db, "first_fetched") == _raw_column(db, "fetched_at")
    assert _tables(db) == {"articles", "alembic_version", *SERVICE, *FTS, WINDOW}
    assert schema_diff(url) == []
    _check_search_index(url)
    _check_searchable(url)
    _check_articles({r["canonical_url"]: r for r in Store(url).iter_all()})


def test_a_postgresql_store_at_the_baseline_is_refused_then_upgraded(
    tmp_path: Path, pg_url: str
) -> None:
    rows = _fixture_rows(tmp_path)
    _made_before_migrations(pg_url, rows)
    _at_baseline(pg_url)
    assert current_revision(pg_url) == BASELINE
    with pytest.raises(StoreSchemaError, match="older than this release"):
        Store(pg_url)
    assert upgrade(pg_url).endswith(f": at revision {HEAD} (head)")
    assert schema_diff(pg_url) == []
    stored = list(Store(pg_url).iter_all())
    assert [{k: v for k, v in r.items() if k != "first_fetched"} for r in stored] == rows
    assert [r["first_fetched"] for r in stored] == [r["fetched_at"] for r in rows]
    engine = make_engine(pg_url)
    with engine.connect() as conn:
        assert SERVICE <= set(sa.inspect(conn).get_table_names())
    engine.dispose()


# Two processes starting together on an empty store: both get a store at head (before the
# schema lock, one died on "table articles already exists" or a duplicate pg_type entry).

_START = """
import sys, time
from crawler.storage import Store
time.sleep(max(0.0, float(sys.argv[1]) - time.time()))
Store(sys.argv[2]).engine.dispose()
"""


def _start_together(url: str, processes: int = 2) -> list[tuple[int, str]]:
    """Start `processes` at once on the store (each waits, imported, for the same instant)."""
    at = time.time() + 4  # the imports take about a second each, on two busy cores
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _START, str(at), url],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    out = []
    for p in procs:
        _, err = p.communicate(timeout=120)
        out.append((p.returncode, err))
    return out


def test_two_processes_start_together_on_an_empty_sqlite_store(tmp_path: Path) -> None:
    for round_ in range(3):
        url = f"sqlite:///{tmp_path / f'new-{round_}.db'}"
        got = _start_together(url)
        assert [rc for rc, _ in got] == [0, 0], f"round {round_}: {got}"
        assert current_revision(url) == HEAD
        assert schema_diff(url) == []
        assert Store(url).count() == 0


def _empty(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        for name in sa.inspect(conn).get_table_names():
            conn.execute(sa.text(f'DROP TABLE "{name}" CASCADE'))
    engine.dispose()


def test_two_processes_start_together_on_an_empty_postgresql_store(pg_url: str) -> None:
    for round_ in range(3):
        got = _start_together(pg_url)
        assert [rc for rc, _ in got] == [0, 0], f"round {round_}: {got}"
        assert current_revision(pg_url) == HEAD
        assert schema_diff(pg_url) == []
        _empty(pg_url)


# Revision 0003 (search): a store the always-on release (0002) made is refused, then upgraded
# with every article kept, each one found by a search.


def test_a_store_at_0002_is_refused_then_upgraded_and_searchable(tmp_path: Path) -> None:
    db, url = _copy(tmp_path)
    _at_baseline(url, SERVICE_REVISION)
    assert current_revision(url) == SERVICE_REVISION
    assert _tables(db) == {"articles", "alembic_version", *SERVICE}
    before = _raw(db)
    assert len(before[0]) == OLD_COLUMNS + 1  # first_fetched
    with pytest.raises(StoreSchemaError) as refused:
        Store(url)
    assert str(refused.value) == OLDER
    assert _raw(db) == before
    r = run_cli("--db", url, "db", "upgrade")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [f"{url}: at revision {HEAD} (head)"]
    after = _raw(db)
    assert [row[: OLD_COLUMNS + 1] for row in after] == before  # every old value, byte for byte
    assert _tables(db) == {"articles", "alembic_version", *SERVICE, *FTS, WINDOW}
    assert schema_diff(url) == []
    _check_search_index(url)
    _check_searchable(url)
    _check_articles({r["canonical_url"]: r for r in Store(url).iter_all()})


def test_a_postgresql_store_at_0002_is_upgraded_and_searchable(tmp_path: Path, pg_url: str) -> None:
    rows = _fixture_rows(tmp_path)
    _made_before_migrations(pg_url, rows)
    _at_baseline(pg_url, SERVICE_REVISION)
    with pytest.raises(StoreSchemaError, match="older than this release"):
        Store(pg_url)
    assert upgrade(pg_url).endswith(f": at revision {HEAD} (head)")
    assert schema_diff(pg_url) == []
    stored = list(Store(pg_url).iter_all())
    assert [{k: v for k, v in r.items() if k != "first_fetched"} for r in stored] == rows
    _check_search_index(pg_url)
    _check_searchable(pg_url)


def test_revision_0003_goes_down_to_0002_and_up_again(tmp_path: Path) -> None:
    db, url = _copy(tmp_path)
    upgrade(url)
    engine = make_engine(url)
    with engine.begin() as conn:
        command.downgrade(_alembic(conn), SERVICE_REVISION)
    engine.dispose()
    assert _tables(db) == {"articles", "alembic_version", *SERVICE}
    assert len(_raw(db)[0]) == OLD_COLUMNS + 1
    upgrade(url)
    _check_search_index(url)
    _check_searchable(url)


# Revision 0005 (the syndication index's window): a store at 0004 keeps every article, and the
# articles first stored within the window (14 days) carry their signatures over to the window
# table, where the index now reads them; older ones do not.


def _datasketch_signature(raw: bytes) -> bytes:
    """The signature datasketch itself computes from stored shingles (not the code under test)."""
    import numpy as np
    from datasketch import MinHash

    m = MinHash(num_perm=128, hashfunc=lambda x: x, scheme="affine32")
    m.update_batch(np.frombuffer(raw, dtype=np.uint32).tolist())
    return bytes(m.hashvalues.astype(np.uint32).tobytes())


def _age_the_fixture(url: str) -> dict[str, dict[str, Any]]:
    """At 0004: FIRST stored 2 days ago, SECOND 20 days ago (outside the window), THIRD 1 day
    ago without a stored signature (as a store made before c9b0299); the rows as they are then."""
    now = datetime.now(UTC)
    ages = {FIRST: now - timedelta(days=2), SECOND: now - timedelta(days=20)}
    ages[THIRD] = now - timedelta(days=1)
    engine = make_engine(url)
    with engine.begin() as conn:
        for key, first in ages.items():
            q = articles.update().where(articles.c.canonical_url == key)
            conn.execute(q.values(first_fetched=first))
        conn.execute(
            articles.update().where(articles.c.canonical_url == THIRD).values(minhash=None)
        )
        q = sa.select(articles.c.id, articles.c.canonical_url, articles.c.shingles)
        q = q.add_columns(articles.c.facts, articles.c.minhash)
        rows = {r.canonical_url: dict(r._mapping) for r in conn.execute(q)}
    engine.dispose()
    return rows


def _check_window_carried(url: str, rows: dict[str, dict[str, Any]]) -> None:
    engine = make_engine(url)
    with engine.connect() as conn:
        got = {r.article_id: r for r in conn.execute(sa.select(window))}
    engine.dispose()
    first, third = rows[FIRST], rows[THIRD]
    assert set(got) == {first["id"], third["id"]}  # SECOND is older than the window
    assert got[first["id"]].signature == first["minhash"]  # the stored signature, as it was
    assert got[third["id"]].signature == _datasketch_signature(third["shingles"])
    for r in (first, third):
        assert (got[r["id"]].shingles, got[r["id"]].facts) == (r["shingles"], r["facts"])


def test_a_store_at_0004_carries_its_window_over(tmp_path: Path) -> None:
    db, url = _copy(tmp_path)
    _at_baseline(url, FEED_INDEXES)
    rows = _age_the_fixture(url)
    before = _raw(db)
    with pytest.raises(StoreSchemaError, match="older than this release"):
        Store(url)
    assert upgrade(url) == f"{url}: at revision {HEAD} (head)"
    assert _raw(db) == before  # every article value kept, signatures included
    assert schema_diff(url) == []
    _check_window_carried(url, rows)


def test_a_postgresql_store_at_0004_carries_its_window_over(tmp_path: Path, pg_url: str) -> None:
    _made_before_migrations(pg_url, _fixture_rows(tmp_path))
    _at_baseline(pg_url, FEED_INDEXES)
    rows = _age_the_fixture(pg_url)
    assert upgrade(pg_url).endswith(f": at revision {HEAD} (head)")
    assert schema_diff(pg_url) == []
    _check_window_carried(pg_url, rows)


def test_revision_0005_goes_down_to_0004_giving_articles_their_signatures_back(
    tmp_path: Path,
) -> None:
    """An article stored at 0005 has its signatures only in the window table: going down to
    0004, whose index reads them from the articles, copies them back."""
    db, url = _copy(tmp_path)
    _at_baseline(url, FEED_INDEXES)
    rows = _age_the_fixture(url)
    upgrade(url)
    engine = make_engine(url)
    with engine.begin() as conn:  # as 0005 stores an article: nothing of it on the row
        clear = {"shingles": None, "facts": None, "minhash": None}
        conn.execute(articles.update().where(articles.c.id == rows[FIRST]["id"]).values(clear))
        command.downgrade(_alembic(conn), FEED_INDEXES)
    engine.dispose()
    assert WINDOW not in _tables(db)
    by_url = {r["canonical_url"]: r for r in _fixture_rows_of(url)}
    assert by_url[FIRST]["shingles"] == rows[FIRST]["shingles"]
    assert by_url[FIRST]["facts"] == rows[FIRST]["facts"]
    assert by_url[FIRST]["minhash"] == rows[FIRST]["minhash"]
    # THIRD had no signature of its own: it gets the one the window computed
    assert by_url[THIRD]["minhash"] == _datasketch_signature(rows[THIRD]["shingles"])
    upgrade(url)
    assert schema_diff(url) == []


def _fixture_rows_of(url: str) -> list[dict[str, Any]]:
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(sa.select(*_BASELINE_COLUMNS)).mappings()]
    engine.dispose()
    return rows
