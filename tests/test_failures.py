"""Bad input: a clear one-line error naming the input, a non-zero exit, nothing stored lost;
and a broken site never stops the other sites."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import feedparser

from crawler.replay import Recorded, read_warc, write_warc
from crawler.sites import registry
from crawler.storage import Store
from tests.conftest import RECORDED, ROOT, expected_articles, run_cli


def _copy_recorded(dst: Path, skip: str | None = None) -> None:
    for site in RECORDED.iterdir():
        if (site / "pages.warc").is_file() and site.name != skip:
            (dst / site.name).mkdir()
            shutil.copy(site / "pages.warc", dst / site.name / "pages.warc")


def test_damaged_recording_fails_only_its_site(tmp_path: Path) -> None:
    rec = tmp_path / "rec"
    rec.mkdir()
    _copy_recorded(rec, skip="nhandan")
    (rec / "nhandan").mkdir()
    (rec / "nhandan" / "pages.warc").write_bytes(b"this is not a WARC file\x00\xff")
    db = f"sqlite:///{tmp_path / 'pw.db'}"
    r = run_cli("--db", db, "crawl", "--replay", str(rec))
    assert r.returncode == 1
    assert "site nhandan failed" in r.stderr
    assert "site baocantho failed" not in r.stderr
    others = [u for s, e in expected_articles() if s != "nhandan" for u in [e["url"]]]
    assert {a["url"] for a in Store(db).latest()} == set(others)
    out = tmp_path / "public"
    assert run_cli("--db", db, "publish", "--output", str(out)).returncode == 0
    stories = {a["cluster"] for a in Store(db).latest()}
    assert len(feedparser.parse(str(out / "feed.xml")).entries) == len(stories)


def test_broken_article_pages_fail_only_their_site(tmp_path: Path) -> None:
    rec = tmp_path / "rec"
    rec.mkdir()
    _copy_recorded(rec, skip="baocantho")
    (rec / "baocantho").mkdir()
    pages = read_warc(RECORDED / "baocantho" / "pages.warc")
    broken: list[Recorded] = []
    for p in pages:
        if p.url.endswith(".html"):  # the article pages: one server error, one empty page
            status = 500 if not broken else 200
            broken.append(Recorded(p.url, status, p.headers, b"" if status == 200 else b"oops"))
        else:
            broken.append(p)
    write_warc(rec / "baocantho" / "pages.warc", broken)
    db = f"sqlite:///{tmp_path / 'pw.db'}"
    r = run_cli("--db", db, "crawl", "--replay", str(rec))
    assert r.returncode == 1
    assert "site baocantho failed" in r.stderr
    assert {a["site"] for a in Store(db).latest()} == set(registry()) - {"baocantho"}


def test_recrawl_with_broken_pages_keeps_what_was_stored(tmp_path: Path, replayed_db: str) -> None:
    db_file = tmp_path / "pw.db"
    shutil.copy(replayed_db.removeprefix("sqlite:///"), db_file)
    db = f"sqlite:///{db_file}"
    before = {a["url"]: a["text"] for a in Store(db).latest()}
    rec = tmp_path / "rec"
    rec.mkdir()
    (rec / "x.warc").write_bytes(b"garbage")
    r = run_cli("--db", db, "crawl", "--replay", str(rec))
    assert r.returncode == 1
    assert {a["url"]: a["text"] for a in Store(db).latest()} == before


def test_cli_errors_are_one_line_and_nonzero(tmp_path: Path) -> None:
    cases = [
        (
            ("extract", str(tmp_path / "missing.html"), "--url", "https://nhandan.vn/x-post1.html"),
            "missing.html",
        ),
        (
            ("extract", str(RECORDED / "nhandan" / "expected.json"), "--url", "ftp://x"),
            "not an http(s) URL",
        ),
        (("crawl", "no-such-site", "--replay", str(RECORDED)), "unknown site(s): no-such-site"),
        (("crawl", "--replay", str(tmp_path / "nowhere")), "nowhere: no such file or folder"),
    ]
    for args, needle in cases:
        r = run_cli("--db", f"sqlite:///{tmp_path / 'x.db'}", *args)
        assert r.returncode == 2, (args, r.stderr)
        lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1 and needle in lines[0], r.stderr


def test_bad_database_is_one_line(tmp_path: Path) -> None:
    for db, needle in (
        ("nonsense", "database nonsense: Could not parse"),
        ("postgresql://nobody@127.0.0.1:1/x", "database postgresql://nobody@"),
    ):
        for cmd in (("publish", "--output", str(tmp_path)), ("crawl", "--replay", str(RECORDED))):
            r = run_cli("--db", db, *cmd)
            assert r.returncode != 0, (db, cmd)
            lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
            assert len(lines) == 1 and needle in lines[0], r.stderr


def test_extract_of_a_page_with_no_article(tmp_path: Path) -> None:
    f = tmp_path / "empty.html"
    f.write_text("<html><body><nav><a href='/'>Trang chủ</a></nav></body></html>")
    r = run_cli("extract", str(f), "--url", "https://nhandan.vn/x-post1.html")
    assert r.returncode == 1
    assert r.stderr.strip().endswith("no article found in this page")


def test_a_store_at_an_older_schema_is_refused_with_the_reason(tmp_path: Path) -> None:
    """Not "no article found": the crawl refuses the store before any site starts, in one line
    saying what to do; nothing is fetched or written, and after `db upgrade` the same crawl
    stores its articles."""
    db_file = tmp_path / "old.db"
    shutil.copy(ROOT / "tests" / "fixtures" / "store_before_migrations.db", db_file)
    db = f"sqlite:///{db_file}"
    with sqlite3.connect(db_file) as conn:
        before = list(conn.execute("SELECT * FROM articles ORDER BY id"))
    r = run_cli("--db", db, "crawl", "nhandan", "baocantho", "--replay", str(RECORDED))
    assert r.returncode == 1
    reason = "store schema is older than this release: run `partywire db upgrade`"
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith("partywire:")]
    assert lines == [f"partywire: error: database {db}: {reason}"]
    assert r.stdout == ""
    with sqlite3.connect(db_file) as conn:
        assert list(conn.execute("SELECT * FROM articles ORDER BY id")) == before
    assert run_cli("--db", db, "db", "upgrade").returncode == 0
    again = run_cli("--db", db, "crawl", "nhandan", "baocantho", "--replay", str(RECORDED))
    assert again.returncode == 0, again.stderr
    crawled = {e["url"] for s, e in expected_articles() if s in ("nhandan", "baocantho")}
    assert len(crawled) == 4  # two recorded articles per site
    assert Store(db).count() == len(before) + len(crawled)
