"""Publishing never destroys what readers have: an empty store, or one much older than the
published feeds (a wrong --db, a restored backup), leaves every published file as it was; a
site no longer registered loses its feed instead of keeping a stale one."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from tests.conftest import run_cli


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_an_empty_store_leaves_the_published_feeds_untouched(
    replayed_db: str, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    assert run_cli("publish", "--db", replayed_db, "--output", str(out)).returncode == 0
    before = _files(out)
    assert "feed.xml" in before
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    r = run_cli("publish", "--db", empty, "--output", str(out))
    assert r.returncode == 1
    assert r.stderr.strip().splitlines() == [
        f"partywire: error: {empty}: no dated article in the store; the feeds are left as they are"
    ]
    assert _files(out) == before


def test_a_store_much_older_than_the_feeds_is_refused(replayed_db: str, tmp_path: Path) -> None:
    """The same articles, every one dated 60 days earlier: the store of two months ago."""
    out = tmp_path / "public"
    assert run_cli("publish", "--db", replayed_db, "--output", str(out)).returncode == 0
    before = _files(out)
    old_db = tmp_path / "old.db"
    shutil.copy(replayed_db.removeprefix("sqlite:///"), old_db)
    with sqlite3.connect(old_db) as conn:
        conn.execute("UPDATE articles SET published = datetime(published, '-60 days')")
    r = run_cli("publish", "--db", f"sqlite:///{old_db}", "--output", str(out))
    assert r.returncode == 1, r.stdout
    assert "older than the published feeds'" in r.stderr
    assert "is this the right store? The feeds are left as they are" in r.stderr
    assert _files(out) == before
    # a store only a little behind (a day) is the same store a day later: published
    with sqlite3.connect(old_db) as conn:
        conn.execute("UPDATE articles SET published = datetime(published, '+59 days')")
    assert run_cli("publish", "--db", f"sqlite:///{old_db}", "--output", str(out)).returncode == 0


def test_feeds_of_sites_no_longer_published_are_removed(replayed_db: str, tmp_path: Path) -> None:
    out = tmp_path / "public"
    stale = out / "sites" / "gone_site.xml"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"<rss/>")
    keep = out / "sites" / "notes.txt"  # not a feed: not ours to remove
    keep.write_bytes(b"x")
    assert run_cli("publish", "--db", replayed_db, "--output", str(out)).returncode == 0
    assert not stale.exists()
    assert keep.exists()
    assert (out / "sites" / "nhandan.xml").exists()


def test_temp_files_a_killed_publish_left_are_removed(replayed_db: str, tmp_path: Path) -> None:
    import os  # lazy: only this test ages files

    out = tmp_path / "public"
    (out / "sites").mkdir(parents=True)
    left = out / "sites" / ".nhandan.xmlab12cd.xml.tmp"
    left.write_bytes(b"<rss")
    os.utime(left, (1, 1))  # written long ago, by a publish that was killed
    fresh = out / ".feed.xml9z.xml.tmp"  # a publish running right now: not touched
    fresh.write_bytes(b"<rss")
    assert run_cli("publish", "--db", replayed_db, "--output", str(out)).returncode == 0
    assert not left.exists()
    assert fresh.exists()
