"""The five seed outlets: each seed's article, inside a realistic page of its outlet's family,
crawled back exactly — title, date, authors, paragraphs — with none of its leftovers."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import feedparser
import pytest

from crawler.storage import Store
from output.feeds import publish
from tests.conftest import RECORDED, run_cli, shared_path
from tests.recorded._author.seeds import build


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[dict], Path]:
    shared = shared_path("seeds").parent
    out = tmp_path_factory.mktemp("seeds")
    expected = build(shared, out)
    db = f"sqlite:///{out / 'pw.db'}"
    r = run_cli("--db", db, "crawl", "--replay", str(RECORDED), "--replay", str(out))
    assert r.returncode == 0, r.stdout + r.stderr
    public = out / "public"
    publish(Store(db), public, "https://feeds.example.org/")
    return db, expected, public


def test_every_seed_crawled_exactly(seeded: tuple[str, list[dict], Path]) -> None:
    db, expected, _ = seeded
    by_url = {r["url"]: r for r in Store(db).latest()}
    assert len(expected) == 5
    for e in expected:
        got = by_url.get(e["url"])
        assert got is not None, e["seed"]
        assert got["site"] == e["site"]
        assert got["title"] == e["title"], e["seed"]
        assert got["published"] == datetime.fromisoformat(e["published"]), e["seed"]
        assert got["authors"] == e["authors"], e["seed"]
        assert got["summary"] == e["summary"], e["seed"]
        assert got["text"] == e["text"], e["seed"]


def test_no_leftover_reaches_a_record(seeded: tuple[str, list[dict], Path]) -> None:
    db, expected, _ = seeded
    by_url = {r["url"]: r for r in Store(db).latest()}
    for e in expected:
        got = by_url[e["url"]]
        shown = "\n".join([got["title"], got["summary"], got["text"]])
        for leftover in e["leftovers"]:
            if leftover in ("Video",):  # a word that may stand in prose; as a line it must not
                assert leftover not in shown.split("\n"), (e["seed"], leftover)
                continue
            assert leftover not in shown, (e["seed"], leftover)


def test_seed_articles_in_the_feed(seeded: tuple[str, list[dict], Path]) -> None:
    _, expected, public = seeded
    f = feedparser.parse(str(public / "feed.xml"))
    assert f.bozo == 0
    links = {en.link: en for en in f.entries}
    for e in expected:
        assert e["url"] in links, e["seed"]
        assert links[e["url"]].title == e["title"]
