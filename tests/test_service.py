"""The service as an operator meets it, through the real command line and Scrapy stack on the
recorded pages: a second crawl that fetches nothing it has, a maintenance page that never
replaces an article, a site answering 503 that `status` names, kills that lose nothing, and
`partywire run` polling, publishing and stopping on SIGTERM.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from contextlib import ExitStack, closing, suppress
from datetime import timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from crawler.core.health import Run
from crawler.core.timez import utcnow
from crawler.history import History
from crawler.replay import Recorded, read_warc, write_warc
from crawler.runner import refresh_states
from crawler.sites import registry
from crawler.storage import Store
from tests.conftest import RECORDED, ROOT, pg_schema, run_cli

MAINTENANCE = (
    "<html><head><title>Bảo trì hệ thống</title></head><body><h1>Hệ thống đang bảo trì</h1>"
    "<p>Trang web đang được nâng cấp, vui lòng quay lại sau.</p></body></html>"
).encode()

#: headers about how the recorded body travelled, which a replaced body must not keep
FRAMING = ("content-length", "content-encoding", "transfer-encoding")


def _article_urls() -> set[str]:
    urls: set[str] = set()
    for f in RECORDED.glob("*/expected.json"):
        urls.update(rec["url"] for rec in json.loads(f.read_text(encoding="utf-8")))
    return urls


def _recording(tmp: Path, change: Any) -> Path:
    """Every recorded page, each passed through `change(site, page) -> page`, into one WARC."""
    pages: list[Recorded] = []
    for warc in sorted(RECORDED.glob("*/pages.warc")):
        pages.extend(change(warc.parent.name, p) for p in read_warc(warc, decoded=False))
    out = tmp / "changed.warc"
    write_warc(out, pages)
    return out


def _crawl_json(db: str, *args: str) -> tuple[int, list[dict[str, Any]]]:
    r = run_cli("--db", db, "crawl", "--json", *args)
    try:
        rows = json.loads(r.stdout)
    except ValueError:
        pytest.fail(f"crawl --json printed no JSON: {r.stdout[-2000:]} {r.stderr[-2000:]}")
    return r.returncode, rows


def _status(db: str) -> tuple[int, dict[str, dict[str, Any]]]:
    r = run_cli("status", "--json", "--db", db)
    assert r.stdout, r.stderr
    return r.returncode, {row["site"]: row for row in json.loads(r.stdout)}


def _stored(db: str) -> dict[str, tuple[str, str]]:
    store = Store(db)
    try:
        return {a["canonical_url"]: (a["title"], a["text"]) for a in store.iter_all()}
    finally:
        store.engine.dispose()


@pytest.fixture(scope="module")
def crawled_twice(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[dict[str, Any]]]:
    db = f"sqlite:///{tmp_path_factory.mktemp('twice') / 'pw.db'}"
    code, first = _crawl_json(db, "--replay", str(RECORDED))
    assert code == 0, first
    assert sum(r["new"] for r in first) == len(_stored(db)) > 0
    code, second = _crawl_json(db, "--replay", str(RECORDED))
    assert code == 0, second
    return db, second


def test_second_crawl_downloads_no_article_page(
    crawled_twice: tuple[str, list[dict[str, Any]]],
) -> None:
    _db, second = crawled_twice
    assert len(second) == len(registry())
    assert sum(r["article_pages"] for r in second) == 0, [
        (r["site"], r["article_pages"]) for r in second if r["article_pages"]
    ]
    assert sum(r["new"] for r in second) == 0
    assert all(r["outcome"] == "ok" for r in second), [r for r in second if r["outcome"] != "ok"]


def test_after_two_crawls_every_site_is_ok(crawled_twice: tuple[str, list[dict[str, Any]]]) -> None:
    db, _ = crawled_twice
    code, rows = _status(db)
    assert code == 0
    assert set(rows) == set(registry())
    assert {r["state"] for r in rows.values()} == {"ok"}, {
        s: (r["state"], r["reason"]) for s, r in rows.items() if r["state"] != "ok"
    }
    assert all(r["last_success"] for r in rows.values())
    assert all(r["consecutive_failures"] == 0 for r in rows.values())


def test_maintenance_pages_never_replace_articles(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'pw.db'}"
    code, _ = _crawl_json(db, "--replay", str(RECORDED))
    assert code == 0
    before = _stored(db)
    articles = _article_urls()

    def maintenance(_site: str, page: Recorded) -> Recorded:
        if page.url not in articles:
            return page
        headers = [(k, v) for k, v in page.headers if k.lower() not in FRAMING]
        return Recorded(page.url, 200, headers, MAINTENANCE)

    warc = _recording(tmp_path, maintenance)
    _code, rows = _crawl_json(db, "--full", "--replay", str(warc))
    assert _stored(db) == before
    assert sum(r["refused"] for r in rows) == len(before)
    _code, status = _status(db)
    degraded = {s: r for s, r in status.items() if r["state"] != "ok"}
    assert set(degraded) == set(registry())
    for site, row in degraded.items():
        assert row["state"] == "degraded", (site, row)
        assert "maintenance" in row["reason"] or "bảo trì" in row["reason"], (site, row)


def test_a_site_answering_503_is_failing_and_named(tmp_path: Path) -> None:
    broken = "nhandan"
    spider = registry()[broken]
    sources = set(spider.feeds) | set(spider.sitemaps) | set(spider.listings) | {spider.home}

    def unavailable(site: str, page: Recorded) -> Recorded:
        if site == broken and page.url in sources:
            return Recorded(page.url, 503, [("Content-Type", "text/html")], b"<h1>503</h1>")
        return page

    warc = _recording(tmp_path, unavailable)
    db = f"sqlite:///{tmp_path / 'pw.db'}"
    code, rows = _crawl_json(db, "--replay", str(warc))
    assert code == 1
    assert [r["site"] for r in rows if r["outcome"] == "failed"] == [broken]
    code, status = _status(db)
    assert code == 1
    assert status[broken]["state"] == "failing"
    assert status[broken]["reason"] == "HTTP 503 on 3/3 feeds, 1/1 listings", status[broken]
    assert {r["state"] for s, r in status.items() if s != broken} == {"ok"}
    first = run_cli("status", "--db", db)
    assert first.stdout.splitlines()[1].startswith(broken), "worst first"

    # the operator's page and alert feed say the same, and the recovery is an alert too
    out = tmp_path / "public"
    assert run_cli("publish", "--db", db, "--output", str(out)).returncode == 0
    page = (out / "status.html").read_text(encoding="utf-8")
    assert f'<tr class="failing"><td>{broken}</td><td>failing</td>' in page
    code, _ = _crawl_json(db, "--replay", str(RECORDED), broken)
    assert code == 0
    assert run_cli("status", "--db", db).returncode == 0
    assert run_cli("publish", "--db", db, "--output", str(out)).returncode == 0
    alerts = ElementTree.parse(out / "alerts.xml").getroot().findall("./channel/item")
    titles = [a.findtext("title") for a in alerts]
    assert titles == [f"{broken}: failing → ok", f"{broken}: new → failing"], titles
    assert "503" in (alerts[1].findtext("description") or "")
    assert len({a.findtext("guid") for a in alerts}) == 2


def _kill_after(db: str, seconds: float) -> None:
    """A crawl of every recorded site, SIGKILLed `seconds` after it started."""
    env = {**os.environ, "PARTYWIRE_LOG_LEVEL": "WARNING"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "--db", db, "crawl", "--replay", str(RECORDED)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(seconds)
    proc.kill()
    proc.wait()


Snapshot = tuple[list[tuple[str, str]], set[frozenset[str]]]


def _snapshot(db: str) -> Snapshot:
    """The stored articles (URL, title) and the stories they form, as sets of URLs: a story's
    id is its first-placed copy, which depends on crawl order, its membership does not."""
    store = Store(db)
    try:
        rows = list(store.iter_all())
    finally:
        store.engine.dispose()
    stories: dict[str, set[str]] = {}
    for a in rows:
        stories.setdefault(a["cluster"], set()).add(a["canonical_url"])
    return sorted((a["canonical_url"], a["title"]) for a in rows), {
        frozenset(v) for v in stories.values()
    }


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    db = f"sqlite:///{tmp_path_factory.mktemp('whole') / 'pw.db'}"
    assert run_cli("--db", db, "crawl", "--replay", str(RECORDED)).returncode == 0
    return _snapshot(db)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_sigkill_then_crawl_again_loses_and_duplicates_nothing(
    backend: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    uninterrupted: Snapshot,
) -> None:
    """Killed early (imports, schema), in the middle and late in the crawl."""
    for i, moment in enumerate((2.0, 3.5, 5.0)):
        db = f"sqlite:///{tmp_path / f'pw{i}.db'}" if backend == "sqlite" else _fresh_pg(request)
        _kill_after(db, moment)
        r = run_cli("--db", db, "crawl", "--replay", str(RECORDED))
        assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
        articles, stories = _snapshot(db)
        assert articles == uninterrupted[0], f"killed at {moment}s: articles differ"
        assert stories == uninterrupted[1], f"killed at {moment}s: stories differ"
        check = run_cli("db", "check", "--db", db)
        assert check.returncode == 0, check.stderr


def _fresh_pg(request: pytest.FixtureRequest) -> str:
    """A PostgreSQL schema of its own for each kill (pytest gives one value per fixture per
    test), dropped when the test ends."""
    stack = ExitStack()
    request.addfinalizer(stack.close)
    return stack.enter_context(pg_schema())


def _wait_for_a_stored_article(path: Path, proc: subprocess.Popen[str]) -> None:
    """Until the crawl has stored its first article: a fixed sleep sent the signal while the
    process was still importing on a loaded machine (killed by it before Scrapy's handler)."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:
        if path.exists():
            with suppress(sqlite3.Error), closing(sqlite3.connect(path, timeout=1)) as conn:
                if conn.execute("SELECT count(*) FROM articles").fetchone()[0]:
                    return
        time.sleep(0.05)
    raise AssertionError(f"the crawl stored nothing within 90 s (exit {proc.poll()})")


def test_sigterm_stops_cleanly_and_marks_no_site_failing(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'pw.db'}"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "crawler.cli",
            "--db",
            db,
            "crawl",
            "--json",
            "--replay",
            str(RECORDED),
        ],
        cwd=ROOT,
        env={**os.environ, "PARTYWIRE_LOG_LEVEL": "WARNING"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_for_a_stored_article(tmp_path / "pw.db", proc)  # mid-crawl, however loaded the machine
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=120)
    # never "ok": the exit status a shell gives a command SIGTERM stopped, and the reason
    assert proc.returncode == 128 + signal.SIGTERM, err[-3000:]
    assert "partywire: error: interrupted (SIGTERM): " in err
    rows = json.loads(out)
    assert not [r for r in rows if r["outcome"] == "failed"], rows
    assert "interrupted" in {r["outcome"] for r in rows}, rows
    _code, status = _status(db)
    assert "failing" not in {r["state"] for r in status.values()}


def test_run_polls_publishes_and_stops_on_sigterm(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'pw.db'}"
    out = tmp_path / "public"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "crawler.cli",
            "run",
            "--db",
            db,
            "--replay",
            str(RECORDED),
            "--output",
            str(out),
            "nhandan",
            "qdnd",
        ],
        cwd=ROOT,
        env={**os.environ, "PARTYWIRE_LOG_LEVEL": "WARNING"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not (out / "status.html").exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert (out / "feed.xml").exists(), "the first round published"
    feed_mtime = (out / "feed.xml").stat().st_mtime_ns
    time.sleep(1.5)  # a second look at the schedule: nothing is due, nothing is rewritten
    proc.send_signal(signal.SIGTERM)
    log, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, log
    assert "stopped after 1 round" in log, log
    assert (out / "feed.xml").stat().st_mtime_ns == feed_mtime
    assert oct((out / "feed.xml").stat().st_mode & 0o777) == "0o644"
    store = Store(db)
    try:
        states = History(store).states()
    finally:
        store.engine.dispose()
    assert set(states) == {"nhandan", "qdnd"}
    assert all(st.next_poll and st.next_poll > utcnow() for st in states.values())


def test_intervals_follow_each_sites_publishing_rate(tmp_path: Path) -> None:
    """Two sites' histories: one with new articles every poll, one with one a day. The busy one
    keeps the default 15 minutes, the quiet one is polled hours apart."""
    store = Store(f"sqlite:///{tmp_path / 'pw.db'}")
    hist = History(store)
    now = utcnow()
    for site, new_every in (("nhandan", 1), ("qdnd", 96)):
        for i in range(96 * 2, 0, -1):
            start = now - timedelta(minutes=15 * i)
            new = 3 if i % new_every == 0 else 0
            hist.record_run(
                Run(site, start, start + timedelta(minutes=1), "ok", "", {"new": new}), "test"
            )
    states = refresh_states(hist, ["nhandan", "qdnd"], now)
    busy = timedelta(seconds=states["nhandan"].interval_s)
    quiet = timedelta(seconds=states["qdnd"].interval_s)
    assert busy == timedelta(minutes=15)
    assert quiet >= timedelta(hours=2), quiet
    assert states["qdnd"].next_poll is not None and states["nhandan"].next_poll is not None
    assert states["qdnd"].next_poll - now > states["nhandan"].next_poll - now
    store.engine.dispose()


def test_db_is_taken_after_the_subcommand_and_version_is_printed(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'after.db'}"
    r = run_cli("crawl", "nhandan", "--replay", str(RECORDED), "--db", db)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "after.db").exists()
    v = run_cli("--version")
    assert v.returncode == 0 and v.stdout.startswith("partywire ")


def test_a_declared_poll_interval_out_of_bounds_is_refused() -> None:
    from spiders.sites.nhandan import NhanDan  # lazy: a declaration built for this test only

    class EveryInstant(NhanDan):
        name = "every_instant"
        poll_minutes = 0

    with pytest.raises(ValueError, match=r"site 'every_instant': poll_minutes 0 is not 1\.\.1440"):
        EveryInstant.validate()


def test_a_store_that_refuses_writes_is_named_as_the_cause(tmp_path: Path) -> None:
    """Each write fails as SQLite does when the disk is full (a trigger raises the very message
    SQLite gives): the site's reason is the store's own line, not "failed in the pipelines"."""
    import sqlite3  # lazy: this test alone edits the store by hand

    db_file = tmp_path / "pw.db"
    Store(f"sqlite:///{db_file}").engine.dispose()
    with sqlite3.connect(db_file) as conn:
        conn.execute(
            "CREATE TRIGGER full BEFORE INSERT ON articles "
            "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
        )
    code, rows = _crawl_json(f"sqlite:///{db_file}", "nhandan", "--replay", str(RECORDED))
    assert code == 1
    assert rows[0]["outcome"] == "failed"
    assert rows[0]["reason"] == "store: database or disk is full (2 articles not stored)"


def test_the_distributed_scheduler_queues_each_due_site_once(pg_url: str, tmp_path: Path) -> None:
    """`run --distributed` puts in Redis the due sites that are neither queued nor leased: a
    lease held by a live process binds, one left by a dead process of this host or expired does
    not; a site queued already keeps its place, one not due is left out."""
    import redis  # lazy: this test alone talks to Redis

    from crawler.history import SiteState  # lazy: idem
    from crawler.runner import holder_name  # lazy: idem
    from crawler.service import Service, ServiceConfig, SiteQueue  # lazy: idem
    from tests.conftest import REDIS_URL  # lazy: idem

    prefix = f"pwtest-{os.getpid()}-{time.monotonic_ns()}"
    queue = SiteQueue(redis.Redis.from_url(REDIS_URL, decode_responses=True), prefix)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # a pid of this host that no longer runs
    store = Store(pg_url)
    hist = History(store)
    now = utcnow()
    hist.acquire("nhandan", holder_name(), timedelta(minutes=5))  # a live crawl: binds
    hist.acquire("qdnd", f"{socket.gethostname()}:{dead.pid}", timedelta(minutes=5))
    hist.acquire("sggp", "elsewhere:1", timedelta(seconds=-1))  # expired
    hist.save_state(SiteState("hanoimoi", "ok", next_poll=now + timedelta(hours=1)))
    queue.push(["baocantho"], now - timedelta(minutes=1))
    store.engine.dispose()
    sites = ["baocantho", "hanoimoi", "nhandan", "qdnd", "sggp"]
    cfg = ServiceConfig(
        db=pg_url,
        output=str(tmp_path),
        base_url="http://localhost/",
        feed_size=10,
        sites=sites,
        distributed=True,
        redis=REDIS_URL,
        queue=prefix,
    )
    svc = Service(cfg)
    try:
        due, _newest = svc.enqueue(queue)
        assert sorted(due) == ["baocantho", "nhandan", "qdnd", "sggp"]
        assert queue.peek() == ["baocantho", "qdnd", "sggp"], "the longest waiting first"
        svc.enqueue(queue)
        assert queue.peek() == ["baocantho", "qdnd", "sggp"], "none queued twice"
    finally:
        queue.client.delete(queue.key)
