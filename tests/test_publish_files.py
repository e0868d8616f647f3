"""Published files as a web server and a feed reader's conditional request need them:
world-readable, rewritten only when their content changed, never left half-written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from crawler.storage import Store
from output.feeds import write_file
from output.publish import publish_all


def test_unchanged_feeds_keep_their_file_and_time(replayed_db: str, tmp_path: Path) -> None:
    store = Store(replayed_db)
    first = publish_all(store, tmp_path, "http://example.org/", 200)
    assert all(p.written for p in first)
    times = {p.path: p.path.stat().st_mtime_ns for p in first}
    for p in first:
        os.utime(p.path, ns=(1, 1))  # so a rewrite, however fast, shows
    again = publish_all(store, tmp_path, "http://example.org/", 200)
    store.engine.dispose()
    assert [p.path for p in again] == [p.path for p in first]
    assert not any(p.written for p in again)
    assert all(p.path.stat().st_mtime_ns == 1 for p in again), times


def test_files_are_world_readable_and_leave_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "feed.xml"
    assert write_file(target, b"<rss/>")
    assert target.stat().st_mode & 0o777 == 0o644
    assert write_file(target, b"<rss>2</rss>") and target.read_bytes() == b"<rss>2</rss>"
    assert not write_file(target, b"<rss>2</rss>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.xml"]


def test_a_failed_write_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "feed.xml"
    write_file(target, b"<rss>old</rss>")

    def boom(*_a: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)  # the disk fills at the last step
    with pytest.raises(OSError, match="No space"):
        write_file(target, b"<rss>new</rss>")
    monkeypatch.undo()
    assert target.read_bytes() == b"<rss>old</rss>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.xml"]


def test_publish_writes_the_whole_layout_and_then_nothing(replayed_db: str, tmp_path: Path) -> None:
    """The static layout is the server's: every feed in three formats, the OPML, the web page;
    a second publish from the same store changes no file."""
    from tests.conftest import run_cli  # lazy: the CLI test helper

    out = tmp_path / "public"
    first = run_cli("publish", "--db", replayed_db, "--output", str(out))
    assert first.returncode == 0, first.stderr
    for name in ("feed.xml", "feed.atom", "feed.json", "feeds.opml", "index.html"):
        assert (out / name).stat().st_mode & 0o777 == 0o644, name
    assert (out / "provinces" / "can-tho.atom").exists()
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/rss+xml"' in page
    assert 'href="http://localhost:8000/feeds.opml"' in page
    again = run_cli("publish", "--db", replayed_db, "--output", str(out))
    assert again.returncode == 0
    assert " 0 of " in again.stdout.splitlines()[1], again.stdout


def test_one_item_that_cannot_be_written_costs_only_itself(
    replayed_db: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A row whose date is not a datetime (what a bug or a hand-edited store could leave)
    breaks every format's builder; the feed is written without it, and the log names it."""
    from output.feeds import FeedMeta, build_safely  # lazy: beside the writer it guards

    store = Store(replayed_db)
    rows = store.latest(5)
    store.engine.dispose()
    broken = {**rows[2], "published": "not a date"}
    meta = FeedMeta("t", "d", "https://x.org/feed.xml", "https://x.org/")
    for fmt in ("xml", "atom", "json"):
        with caplog.at_level("ERROR", logger="output.feeds"):
            data, kept = build_safely(fmt, [*rows[:2], broken, *rows[3:]], meta)
        assert kept == 4, fmt
        assert rows[0]["url"].encode() in data and broken["url"].encode() not in data
        assert f"item {broken['url']} skipped" in caplog.text
