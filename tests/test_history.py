"""The service's memory in the store, on SQLite and on the real PostgreSQL: pages remembered for
incremental crawls, stored articles found under any of their names, corrections that keep the
previous version, runs, states and alerts, leases, a schema two processes can start on at once,
and an integrity check that names what is wrong."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from crawler.core.health import Run, RunOutcome
from crawler.history import History, PageSeen, SiteState
from crawler.storage import Store, revisions

T0 = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


def rec(key: str, **kw: Any) -> dict[str, Any]:
    """An article record as the pipeline writes it; `key` is its canonical URL (and URL)."""
    base: dict[str, Any] = {
        "url": key,
        "canonical_url": key,
        "site": "nhandan",
        "outlet": "Báo Nhân Dân",
        "title": "Hội nghị Ban Chấp hành Đảng bộ tỉnh",
        "summary": "Sáng 1/12, hội nghị lần thứ 20.",
        "text": "Sáng 1/12, Tỉnh ủy tổ chức hội nghị lần thứ 20.\n\nHội nghị đã thảo luận.",
        "body_html": "<p>Sáng 1/12, Tỉnh ủy tổ chức hội nghị lần thứ 20.</p>",
        "authors": ["Thanh Hà"],
        "published": T0 - timedelta(hours=3),
        "fetched_at": T0,
        "fingerprint": "f1",
    }
    base.update(kw)
    return base


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if request.param == "sqlite":
        return Store(f"sqlite:///{tmp_path / 'pw.db'}")
    return Store(request.getfixturevalue("pg_url"))


@pytest.fixture
def hist(store: Store) -> History:
    return History(store)


# Store.find: the stored article under whichever name a re-fetch meets it


def test_find_by_canonical_url_by_url_and_by_a_redirected_page(store: Store) -> None:
    store.upsert([rec("https://a.vn/bai-1.html", url="https://a.vn/bai-1.html?utm=rss")])
    History(store).remember(
        [
            PageSeen(
                "https://a.vn/r/1",
                "nhandan",
                "article",
                200,
                canonical_url="https://a.vn/bai-1.html",
            )
        ]
    )
    for name in ("https://a.vn/bai-1.html", "https://a.vn/bai-1.html?utm=rss", "https://a.vn/r/1"):
        got = store.find([name])
        assert got is not None and got["canonical_url"] == "https://a.vn/bai-1.html", name
    assert store.find(["https://a.vn/bai-2.html", ""]) is None
    assert store.find([]) is None


def test_find_prefers_the_first_url_named(store: Store) -> None:
    store.upsert([rec("https://a.vn/1"), rec("https://a.vn/2")])
    first = store.find(["https://a.vn/nowhere", "https://a.vn/2", "https://a.vn/1"])
    assert first is not None and first["canonical_url"] == "https://a.vn/2"


def test_a_page_that_gave_no_stored_article_finds_nothing(store: Store) -> None:
    History(store).remember(
        [PageSeen("https://a.vn/r/9", "nhandan", "article", 200, canonical_url="https://a.vn/9")]
    )
    assert store.find(["https://a.vn/r/9"]) is None


# Store.replace: a correction keeps the previous version


def test_replace_keeps_the_previous_version_and_sets_modified(store: Store) -> None:
    key = "https://a.vn/bai-1.html"
    store.upsert([rec(key, cluster="https://b.vn/x")])
    before = store.get(key)
    assert before is not None
    fixed = rec(
        key,
        title="Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 20",
        text=before["text"] + "\n\nĐính chính: số đại biểu là 52.",
        fingerprint="f2",
        fetched_at=T0 + timedelta(hours=5),
        modified=T0 + timedelta(hours=4),
        cluster="https://elsewhere.vn/moved",
    )
    store.replace(fixed, before)
    after = store.get(key)
    assert after is not None
    assert after["title"] == "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 20"
    assert after["text"].endswith("số đại biểu là 52.") and after["fingerprint"] == "f2"
    assert after["modified"] == T0 + timedelta(hours=4)
    assert after["cluster"] == "https://b.vn/x"  # the story never moves
    assert after["first_fetched"] == T0  # when the store first had it, not the re-fetch
    assert after["fetched_at"] == T0 + timedelta(hours=5)
    assert store.count() == 1
    [old] = store.revisions(key)
    assert old["title"] == "Hội nghị Ban Chấp hành Đảng bộ tỉnh" and old["fingerprint"] == "f1"
    assert old["text"] == before["text"] and old["body_html"] == before["body_html"]
    assert old["authors"] == ["Thanh Hà"] and old["published"] == T0 - timedelta(hours=3)
    assert old["fetched_at"] == T0 and old["modified"] is None
    assert old["saved_at"] >= after["fetched_at"] - timedelta(hours=5)


def test_replace_without_a_modified_date_sets_now(store: Store) -> None:
    key = "https://a.vn/bai-2.html"
    store.upsert([rec(key)])
    before = store.get(key)
    assert before is not None
    ahead = datetime.now(UTC)
    store.replace(rec(key, title="Tiêu đề đã sửa", fingerprint="f2"), before)
    after = store.get(key)
    assert after is not None and after["modified"] is not None
    assert ahead <= after["modified"] <= datetime.now(UTC)


def test_replace_keeps_the_stored_identity_when_the_page_names_another(store: Store) -> None:
    """Found by its URL, the page now declares another canonical URL: the article is updated,
    not duplicated."""
    store.upsert([rec("https://a.vn/bai-3.html")])
    before = store.get("https://a.vn/bai-3.html")
    assert before is not None
    store.replace(rec("https://a.vn/bai-3-moi.html", title="Đã sửa", fingerprint="f2"), before)
    assert store.count() == 1
    got = store.get("https://a.vn/bai-3.html")
    assert got is not None and got["title"] == "Đã sửa"
    assert len(store.revisions("https://a.vn/bai-3.html")) == 1


def test_a_replace_that_fails_keeps_no_revision(store: Store) -> None:
    """One transaction: the new version refused by the database leaves no orphan revision."""
    key = "https://a.vn/bai-4.html"
    store.upsert([rec(key)])
    before = store.get(key)
    assert before is not None
    with pytest.raises(sa.exc.IntegrityError):
        store.replace(rec(key, url=None, title="Đã sửa"), before)  # url is NOT NULL
    assert store.revisions(key) == []
    got = store.get(key)
    assert got is not None and got["title"] == "Hội nghị Ban Chấp hành Đảng bộ tỉnh"


def test_revisions_come_oldest_first(store: Store) -> None:
    key = "https://a.vn/bai-5.html"
    store.upsert([rec(key, title="Bản 1")])
    for n in (2, 3):
        before = store.get(key)
        assert before is not None
        store.replace(rec(key, title=f"Bản {n}", fingerprint=f"f{n}"), before)
    assert [r["title"] for r in store.revisions(key)] == ["Bản 1", "Bản 2"]
    got = store.get(key)
    assert got is not None and got["title"] == "Bản 3"
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(revisions)).scalar_one() == 2


# pages: what an incremental crawl remembers


def test_remember_counts_downloads_and_keeps_validators(hist: History) -> None:
    url = "https://a.vn/rss/home.rss"
    hist.remember(
        [PageSeen(url, "nhandan", "feed", 200, '"v1"', "Mon, 30 Nov 2026 10:00:00 GMT", at=T0)]
    )
    hist.remember([PageSeen(url, "nhandan", "feed", 304, at=T0 + timedelta(minutes=15))])
    p = hist.known("nhandan").page(url)
    assert p is not None
    assert (p.kind, p.etag, p.last_modified) == ("feed", '"v1"', "Mon, 30 Nov 2026 10:00:00 GMT")
    assert (p.fetches, p.first_fetched) == (1, T0)  # the 304 downloaded nothing
    hist.remember([PageSeen(url, "nhandan", "feed", 200, '"v2"', at=T0 + timedelta(minutes=30))])
    p = hist.known("nhandan").page(url)
    assert p is not None and (p.etag, p.fetches, p.first_fetched) == ('"v2"', 2, T0)


def test_an_error_page_never_lends_its_validators(hist: History) -> None:
    """A maintenance page's ETag sent back would make the next 304 stand for it."""
    url = "https://a.vn/chinh-tri"
    hist.remember([PageSeen(url, "nhandan", "listing", 200, '"good"', at=T0)])
    hist.remember(
        [
            PageSeen(
                url,
                "nhandan",
                "listing",
                503,
                '"maint"',
                "Tue, 01 Dec 2026",
                at=T0 + timedelta(minutes=1),
            )
        ]
    )
    p = hist.known("nhandan").page(url)
    assert p is not None and (p.etag, p.last_modified, p.fetches) == ('"good"', None, 1)
    with hist.engine.connect() as conn:
        status = conn.execute(sa.text("SELECT last_status FROM pages")).scalar_one()
    assert status == 503


def test_a_page_a_first_error_answered_has_no_first_download(hist: History) -> None:
    hist.remember([PageSeen("https://a.vn/x", "nhandan", "listing", 404, at=T0)])
    p = hist.known("nhandan").page("https://a.vn/x")
    assert p is not None and (p.fetches, p.first_fetched, p.etag) == (0, None, None)


def test_one_url_twice_in_a_batch_counts_twice(hist: History) -> None:
    """PostgreSQL refuses to update one row twice in a statement: the batch is folded first."""
    url = "https://a.vn/bai-1.html"
    hist.remember(
        [
            PageSeen(url, "nhandan", "article", 200, '"b"', at=T0 + timedelta(minutes=5)),
            PageSeen(url, "nhandan", "article", 200, '"a"', canonical_url=url, at=T0),
            PageSeen(url, "nhandan", "article", 304, at=T0 + timedelta(minutes=9)),
        ]
    )
    p = hist.known("nhandan").page(url)
    assert p is not None
    assert (p.fetches, p.first_fetched, p.etag, p.canonical_url) == (2, T0, '"b"', url)
    hist.remember([])  # nothing to write is no statement at all


def test_known_articles_by_url_canonical_and_redirect(hist: History) -> None:
    s = hist.store
    s.upsert(
        [
            rec("https://a.vn/bai-1.html", url="https://a.vn/bai-1.html?from=home"),
            rec("https://b.vn/bai-9.html", site="other"),
        ]
    )
    hist.remember(
        [
            PageSeen(
                "https://a.vn/go/1",
                "nhandan",
                "article",
                200,
                canonical_url="https://a.vn/bai-1.html",
            ),
            PageSeen(
                "https://a.vn/go/2",
                "nhandan",
                "article",
                200,
                canonical_url="https://a.vn/refused.html",
            ),
            PageSeen("https://a.vn/chinh-tri", "nhandan", "listing", 200),
        ]
    )
    known = hist.known("nhandan")
    for name in (
        "https://a.vn/bai-1.html",
        "https://a.vn/bai-1.html?from=home",
        "https://a.vn/go/1",
    ):
        ref = known.article(name)
        assert ref is not None, name
        assert ref.canonical_url == "https://a.vn/bai-1.html"
        assert (ref.published, ref.first_fetched) == (T0 - timedelta(hours=3), T0)
    assert known.article("https://a.vn/go/2") is None  # its page gave no stored article
    assert known.article("https://a.vn/chinh-tri") is None
    assert known.article("https://b.vn/bai-9.html") is None  # another site's
    assert known.page("https://a.vn/chinh-tri") is not None
    assert hist.known("other").article("https://b.vn/bai-9.html") is not None


def test_first_fetched_survives_recrawls(store: Store) -> None:
    store.upsert([rec("https://a.vn/1")])
    store.upsert([rec("https://a.vn/1", fetched_at=T0 + timedelta(days=2))])
    got = store.get("https://a.vn/1")
    assert got is not None
    assert (got["first_fetched"], got["fetched_at"]) == (T0, T0 + timedelta(days=2))


# runs, states and alerts


def _run(site: str, hours: int, figures: dict[str, float], outcome: RunOutcome = "ok") -> Run:
    start = T0 + timedelta(hours=hours)
    reason = "" if outcome == "ok" else "HTTP 503 on 3/3 listings"
    return Run(site, start, start + timedelta(minutes=2), outcome, reason, figures)


def test_runs_come_back_newest_first_with_their_figures(hist: History) -> None:
    hist.record_run(_run("nhandan", 0, {"new": 12, "pages/article": 12}), "host-a:11")
    hist.record_run(_run("nhandan", 2, {"error/http_503": 3}, "failed"), "host-a:12")
    hist.record_run(_run("nhandan", 1, {"unchanged": 12, "text_median": 2104.5}))
    hist.record_run(_run("baophutho", 3, {"new": 1}))
    got = hist.runs("nhandan")
    assert [r.started for r in got] == [T0 + timedelta(hours=h) for h in (2, 1, 0)]
    assert got[0] == Run(
        "nhandan",
        T0 + timedelta(hours=2),
        T0 + timedelta(hours=2, minutes=2),
        "failed",
        "HTTP 503 on 3/3 listings",
        {"error/http_503": 3},
    )
    assert got[1].figures == {"unchanged": 12, "text_median": 2104.5}
    assert got[2].figures == {"new": 12, "pages/article": 12}
    assert [r.started for r in hist.runs("nhandan", limit=1)] == [T0 + timedelta(hours=2)]
    with hist.engine.connect() as conn:
        holders = [r[0] for r in conn.execute(sa.text("SELECT holder FROM runs ORDER BY id"))]
    assert holders == ["host-a:11", "host-a:12", "", ""]


def _state(site: str, state: str, at: datetime, **kw: Any) -> SiteState:
    return SiteState(site=site, state=state, since=at, **kw)


def test_states_round_trip(hist: History) -> None:
    st = _state(
        "nhandan",
        "failing",
        T0,
        reason="DNS lookup failed",
        consecutive_failures=3,
        last_success=T0 - timedelta(days=1),
        last_new_article=T0 - timedelta(days=1, hours=1),
        next_poll=T0 + timedelta(hours=2),
        interval_s=7200,
        disabled=False,
    )
    hist.save_state(st)
    hist.save_state(_state("baophutho", "disabled", T0, disabled=True, interval_s=86400))
    got = hist.states()
    assert got["nhandan"] == st
    assert got["baophutho"].disabled is True and got["baophutho"].interval_s == 86400
    assert set(got) == {"nhandan", "baophutho"}


def test_a_change_of_state_is_an_alert_and_keeps_its_since(hist: History) -> None:
    hist.save_state(_state("nhandan", "ok", T0))  # a site's first success is no news
    assert hist.alerts() == []
    hist.save_state(_state("nhandan", "failing", T0 + timedelta(hours=1), reason="HTTP 503"))
    # still failing an hour later: no alert, and it has been failing since the first time
    hist.save_state(_state("nhandan", "failing", T0 + timedelta(hours=2), reason="DNS"))
    assert hist.states()["nhandan"].since == T0 + timedelta(hours=1)
    assert hist.states()["nhandan"].reason == "DNS"
    hist.save_state(_state("nhandan", "ok", T0 + timedelta(hours=3)))
    hist.save_state(_state("baophutho", "failing", T0 + timedelta(hours=4), reason="refused"))
    got = hist.alerts()
    assert [(a.site, a.old_state, a.new_state, a.reason, a.at) for a in got] == [
        ("baophutho", None, "failing", "refused", T0 + timedelta(hours=4)),
        ("nhandan", "failing", "ok", "", T0 + timedelta(hours=3)),
        ("nhandan", "ok", "failing", "HTTP 503", T0 + timedelta(hours=1)),
    ]
    assert len({a.id for a in got}) == 3
    assert [a.site for a in hist.alerts(limit=1)] == ["baophutho"]


def test_articles_since_and_last_new_article(hist: History) -> None:
    s = hist.store
    assert hist.last_new_article("nhandan") is None
    s.upsert(
        [
            rec(
                "https://a.vn/1",
                published=T0 - timedelta(days=8),
                fetched_at=T0 - timedelta(days=8),
            ),
            rec(
                "https://a.vn/2",
                published=T0 - timedelta(days=2),
                fetched_at=T0 - timedelta(days=2),
            ),
            rec("https://a.vn/3", published=None, fetched_at=T0 - timedelta(days=1)),
            rec("https://b.vn/4", site="other", published=T0, fetched_at=T0),
        ]
    )
    # re-fetched today: still not a new article
    s.upsert([rec("https://a.vn/1", published=T0 - timedelta(days=8), fetched_at=T0)])
    assert hist.articles_since("nhandan", T0 - timedelta(days=7)) == 1
    assert hist.articles_since("nhandan", T0 - timedelta(days=9)) == 2  # undated never counts
    assert hist.last_new_article("nhandan") == T0 - timedelta(days=1)
    assert hist.last_new_article("other") == T0


# leases: two schedulers never crawl one site at once

HOUR = timedelta(hours=1)


def test_a_lease_is_one_holders_until_released(hist: History) -> None:
    assert hist.acquire("nhandan", "host-a:1", HOUR)
    assert not hist.acquire("nhandan", "host-b:2", HOUR)
    assert hist.acquire("nhandan", "host-a:1", HOUR)  # renewed by its holder
    assert hist.acquire("baophutho", "host-b:2", HOUR)  # another site is free
    hist.release("nhandan", "host-b:2")  # not b's to give back
    assert not hist.acquire("nhandan", "host-b:2", HOUR)
    hist.release("nhandan", "host-a:1")
    assert hist.acquire("nhandan", "host-b:2", HOUR)


def test_an_expired_lease_is_taken_over(hist: History) -> None:
    """A scheduler killed mid-crawl never releases: its lease runs out and the site is crawled."""
    assert hist.acquire("nhandan", "host-a:1", timedelta(seconds=-1))  # expired at once
    assert hist.acquire("nhandan", "host-b:2", HOUR)
    assert not hist.acquire("nhandan", "host-a:1", HOUR)
    hist.release("nhandan", "host-a:1")  # the late release of the dead holder changes nothing
    assert not hist.acquire("nhandan", "host-c:3", HOUR)
    with hist.engine.connect() as conn:
        holder = conn.execute(sa.text("SELECT holder FROM leases")).scalar_one()
    assert holder == "host-b:2"


def _race(url: str, site: str, holders: int) -> list[bool]:
    """`holders` stores, each on its own connection, asking for one site at the same instant."""
    stores = [History(Store(url)) for _ in range(holders)]
    start = threading.Barrier(holders)
    won: list[bool] = [False] * holders

    def ask(n: int) -> None:
        start.wait()
        won[n] = stores[n].acquire(site, f"host:{n}", HOUR)

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(holders)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for h in stores:
        h.engine.dispose()
    return won


def test_of_holders_racing_for_a_site_exactly_one_wins(store: Store) -> None:
    url = store.engine.url.render_as_string(hide_password=False)
    for round_ in range(5):
        won = _race(url, f"site-{round_}", 4)
        assert won.count(True) == 1, won
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM leases")).scalar_one() == 5


# integrity: a store damaged on purpose, and the damage named


def _sql(store: Store, statement: str) -> None:
    with store.engine.begin() as conn:
        conn.execute(sa.text(statement))


def _sound(store: Store) -> None:
    """Two articles in one story, one corrected: everything a sound store holds."""
    store.upsert([rec("https://a.vn/1"), rec("https://b.vn/2", cluster="https://a.vn/1")])
    before = store.get("https://a.vn/1")
    assert before is not None
    store.replace(rec("https://a.vn/1", title="Đã sửa", fingerprint="f2"), before)


def test_a_sound_store_has_no_problem(hist: History) -> None:
    assert hist.integrity() == []
    _sound(hist.store)
    assert hist.integrity() == []


def test_a_cluster_pointing_nowhere_is_named(hist: History) -> None:
    _sound(hist.store)
    _sql(hist.store, "DELETE FROM articles WHERE canonical_url = 'https://a.vn/1'")
    _sql(hist.store, "DELETE FROM revisions")
    assert hist.integrity() == [
        "articles whose cluster points at no stored article: 1 (e.g. https://b.vn/2)"
    ]


def test_a_revision_of_no_article_is_named(hist: History) -> None:
    _sound(hist.store)
    _sql(hist.store, "UPDATE articles SET cluster = NULL")
    moved = (
        "UPDATE articles SET canonical_url = 'https://a.vn/1-moved' WHERE url = 'https://a.vn/1'"
    )
    _sql(hist.store, moved)
    assert hist.integrity() == ["revisions of no stored article: 1 (e.g. https://a.vn/1)"]


def test_articles_without_title_or_text_are_counted(hist: History) -> None:
    _sound(hist.store)
    _sql(hist.store, "UPDATE articles SET title = '' WHERE canonical_url = 'https://b.vn/2'")
    _sql(hist.store, "UPDATE articles SET text = '' WHERE canonical_url = 'https://a.vn/1'")
    assert hist.integrity() == ["articles with an empty title or text: 2 (e.g. https://a.vn/1)"]


def _sqlite_store(tmp_path: Path) -> tuple[Path, History]:
    db = tmp_path / "pw.db"
    hist = History(Store(f"sqlite:///{db}"))
    _sound(hist.store)
    hist.store.upsert([rec(f"https://a.vn/bai-{n}.html") for n in range(300)])
    hist.engine.dispose()
    return db, hist


def test_an_index_that_lies_about_its_table_is_found(tmp_path: Path) -> None:
    """The index on `site` rewritten to claim it indexes `province`: its entries no longer match
    the rows, which only SQLite's own check can see."""
    db, hist = _sqlite_store(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA writable_schema=ON")
        conn.execute(
            "UPDATE sqlite_master SET sql = replace(sql, '(site)', '(province)') "
            "WHERE name = 'ix_articles_site'"
        )
    problems = hist.integrity()
    # 302 rows, none where the index says: SQLite stops at 100 findings, 10 are shown
    assert problems[:2] == [
        "SQLite integrity_check: row 1 missing from index ix_articles_site",
        "SQLite integrity_check: row 2 missing from index ix_articles_site",
    ]
    assert len(problems) == 11 and problems[-1] == "SQLite integrity_check: and 90 more"


def test_a_store_file_overwritten_in_the_middle_is_found(tmp_path: Path) -> None:
    db, hist = _sqlite_store(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the main file
        # the schema's own pages stay whole (it spans several since the search index), so
        # SQLite can still read the file and name the damaged pages
        schema = {
            p - 1 for (p,) in conn.execute("SELECT pageno FROM dbstat WHERE name = 'sqlite_schema'")
        }
    size = db.stat().st_size
    assert size > 16 * 4096
    with db.open("r+b") as f:
        for page in range(2, size // 4096, 3):  # every third page after the schema's
            if page in schema:
                continue
            f.seek(page * 4096 + 8)
            f.write(b"\xff" * 512)
    problems = hist.integrity()
    assert problems and all(p.startswith("SQLite integrity_check: ") for p in problems)
    assert all("\n" not in p for p in problems)  # one finding a line
    assert any("page" in p for p in problems), problems  # it names the damaged pages


def test_values_too_long_for_their_column_cost_only_themselves(hist: History) -> None:
    """PostgreSQL refuses a value longer than its column, and with it the whole batch."""
    long_url = "https://a.vn/" + "x" * 2100
    hist.remember(
        [
            PageSeen("https://a.vn/rss", "nhandan", "feed", 200, '"' + "e" * 1100 + '"', at=T0),
            PageSeen(long_url, "nhandan", "article", 200, '"ok"', at=T0),
            PageSeen("https://a.vn/ok", "nhandan", "listing", 200, '"ok"', at=T0),
        ]
    )
    known = hist.known("nhandan")
    feed, listing = known.page("https://a.vn/rss"), known.page("https://a.vn/ok")
    assert feed is not None and feed.etag is None and feed.fetches == 1
    assert listing is not None and listing.etag == '"ok"'
    assert known.page(long_url) is None


def test_a_search_index_out_of_step_with_its_articles_is_found(tmp_path: Path) -> None:
    """One article's entry removed from the FTS5 index by hand (as a crash between the article
    and its index entry would leave it, were they not one transaction): the file is sound, the
    search index is not, and the check says which."""
    db, hist = _sqlite_store(tmp_path)
    assert hist.integrity() == []
    with sqlite3.connect(db) as conn:
        rowid, text = conn.execute("SELECT id, search_text FROM articles LIMIT 1").fetchone()
        conn.execute(
            "INSERT INTO articles_fts(articles_fts, rowid, search_text) VALUES ('delete', ?, ?)",
            (rowid, text),
        )
    problems = hist.integrity()
    assert len(problems) == 1 and problems[0].startswith("search index: "), problems


def test_articles_too_old_to_refresh_are_known_by_their_urls_only(hist: History) -> None:
    """A site's archive grows by the year: what the spider can no longer refresh is held as
    hashes of its URLs (issue 14: a crawl of every site against 1,000,000 stored articles held
    0.4 GB of references). Still stored, by each of its names; the young keep their ages."""
    month = T0 - timedelta(days=30)
    hist.store.upsert(
        [
            rec("https://a.vn/cu.html", url="https://a.vn/cu.html?from=home", fetched_at=month),
            # found only now, but published a month ago: as old to the spider
            rec("https://a.vn/tim-lai.html", published=month, fetched_at=T0),
            rec("https://a.vn/moi.html"),
            rec("https://b.vn/cu.html", site="other", fetched_at=month),
        ]
    )
    hist.remember(
        [
            PageSeen(
                "https://a.vn/go/cu",
                "nhandan",
                "article",
                200,
                canonical_url="https://a.vn/cu.html",
            )
        ]
    )
    known = hist.known("nhandan", young_since=T0 - timedelta(days=1))
    old = (
        "https://a.vn/cu.html",
        "https://a.vn/cu.html?from=home",
        "https://a.vn/go/cu",
        "https://a.vn/tim-lai.html",
    )
    for name in old:
        ref = known.article(name)
        assert ref is not None and ref.published is None and ref.first_fetched is None, name
        assert name not in known._articles  # a hash, not a reference
    young = known.article("https://a.vn/moi.html")
    assert young is not None
    assert (young.canonical_url, young.published, young.first_fetched) == (
        "https://a.vn/moi.html",
        T0 - timedelta(hours=3),
        T0,
    )
    assert known.article("https://a.vn/chua-co.html") is None
    assert known.article("https://b.vn/cu.html") is None  # another site's
    assert len(known) == 5
    # without a refresh window every reference is whole, as before
    whole = hist.known("nhandan").article("https://a.vn/go/cu")
    assert whole is not None and whole.first_fetched == month
