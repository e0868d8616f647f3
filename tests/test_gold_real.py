"""The gold of the real pages (tests/gold/) is complete and was read off the pages.

Like Fundus's test that refuses an incomplete test case: a gold file with a field missing or
its paragraphs empty, one for a corpus file that does not exist, and a real article of the
corpus README without one all fail here, so the real-page floor in test_quality_gate.py is
never measured against a partial set. The gold is also held to the page it was read from:
every paragraph and every banned line is text the page shows, and no banned line is part of
the article, so the gate can neither pass on invented text nor ban the story itself.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import lxml.html
import pytest

from crawler.core.normalize import fold
from crawler.quality import GOLD_FIELDS, GoldError, RealGold, gold_problems, read_gold, real_golds
from tests.conftest import ROOT, shared_path

GOLD = ROOT / "tests" / "gold"
REAL = real_golds(GOLD)
CANTHO = (
    "https://baocantho.com.vn/tap-trung-trien-khai-cac-dot-thanh-tra-kiem-tra-co-"
    "trong-tam-trong-diem-nhat-la-cac-linh-vuc-co-ng-a196670.html"
)
NHANDAN = "https://nhandan.vn/danh-bai-argentina-tay-ban-nha-vo-dich-world-cup-lan-thu-hai-post976641.html"


def test_gold_set_is_complete() -> None:
    corpus = shared_path("corpus")
    assert gold_problems(GOLD, corpus) == []
    assert len(REAL) == 2  # the two article rows of the corpus README today


def _visible(html: str) -> str:
    """The page's text as a reader's browser would lay it out in one line: no scripts."""
    doc = lxml.html.fromstring(html)
    for node in doc.xpath("//script|//style|//noscript"):
        node.drop_tree()
    return unicodedata.normalize("NFC", " ".join(doc.text_content().replace("\xa0", " ").split()))


@pytest.mark.parametrize("gold", REAL, ids=[g.file for g in REAL])
def test_gold_is_what_the_page_shows(gold: RealGold) -> None:
    page = _visible(shared_path("corpus", gold.file).read_text(encoding="utf-8"))
    for line in [gold.title, gold.summary, *gold.paragraphs, *gold.must_not_appear]:
        assert line in page, f"{gold.file}: {line[:60]!r} is not on the page"
    story = fold(gold.gold)
    assert [m for m in gold.must_not_appear if fold(m) in story] == []


# --- the refusals, on a corpus of our own making (constructed README, empty files) ---------


def _corpus(tmp_path: Path, *rows: tuple[str, str]) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = ["| file | page | published | CMS family |", "| --- | --- | --- | --- |"]
    for name, url in rows:
        (corpus / name).write_text("<html></html>", encoding="utf-8")
        lines.append(f"| `{name}` | {url} | — | — |")
    (corpus / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return corpus


def _gold(**over: object) -> dict[str, object]:
    g: dict[str, object] = {
        "file": "nhandan.vn__article.html",
        "url": NHANDAN,
        "title": "Tiêu đề",
        "published": "2026-07-20T06:31+07:00",
        "authors": ["TP"],
        "summary": "Sapo.",
        "paragraphs": ["Đoạn một."],
        "must_not_appear": ["Tin liên quan"],
    }
    return {**g, **over}


def _write(gold_dir: Path, record: dict[str, object], name: str = "") -> None:
    gold_dir.mkdir(exist_ok=True)
    path = gold_dir / (name or f"{record['file']}.json")
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def test_a_complete_gold_set_passes(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, ("nhandan.vn__article.html", NHANDAN))
    _write(tmp_path / "gold", _gold())
    assert gold_problems(tmp_path / "gold", corpus) == []


@pytest.mark.parametrize("field", list(GOLD_FIELDS))
def test_a_missing_field_is_refused(tmp_path: Path, field: str) -> None:
    corpus = _corpus(tmp_path, ("nhandan.vn__article.html", NHANDAN))
    record = _gold()
    del record[field]
    _write(tmp_path / "gold", record, "nhandan.vn__article.html.json")
    problems = gold_problems(tmp_path / "gold", corpus)
    assert any(f"missing fields ['{field}']" in p for p in problems), problems


@pytest.mark.parametrize(
    ("over", "cause"),
    [
        ({"paragraphs": []}, "paragraphs empty"),
        ({"must_not_appear": []}, "must_not_appear empty"),
        ({"title": ""}, "title empty"),
        ({"authors": "TP"}, "authors must be a list of strings"),
        ({"published": "2026-07-20T06:31:56+07:00"}, "must be zoned and to the minute"),
        ({"published": "2026-07-20T06:31"}, "must be zoned and to the minute"),
        ({"published": "20/07/2026 06:31"}, "is not ISO 8601"),
        ({"paragraphs": ["a\nb"]}, "is not one trimmed NFC line"),
        ({"paragraphs": ["Tie\u0302u đề"]}, "is not one trimmed NFC line"),  # decomposed
        ({"extra": 1}, "unknown fields ['extra']"),
    ],
)
def test_an_incomplete_gold_file_is_refused(
    tmp_path: Path, over: dict[str, object], cause: str
) -> None:
    _write(tmp_path, _gold(**over))
    with pytest.raises(
        GoldError, match=r"^nhandan\.vn__article\.html\.json: .*" + re.escape(cause)
    ):
        read_gold(tmp_path / "nhandan.vn__article.html.json")


def test_gold_for_a_file_the_corpus_lacks_is_refused(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, ("nhandan.vn__article.html", NHANDAN))
    _write(tmp_path / "gold", _gold())
    _write(tmp_path / "gold", _gold(file="baocantho.com.vn__article.html", url=CANTHO))
    assert gold_problems(tmp_path / "gold", corpus) == [
        "baocantho.com.vn__article.html.json: the corpus has no file baocantho.com.vn__article.html"
    ]


def test_a_real_article_without_gold_is_refused(tmp_path: Path) -> None:
    """The listing row is not an article (its URL is no article of its site): no gold needed."""
    corpus = _corpus(
        tmp_path,
        ("nhandan.vn__article.html", NHANDAN),
        ("baocantho.com.vn__article.html", CANTHO),
        ("baocantho.com.vn__listing.html", "https://baocantho.com.vn/thoi-su/ (links its feed)"),
    )
    _write(tmp_path / "gold", _gold())
    assert gold_problems(tmp_path / "gold", corpus) == [
        "baocantho.com.vn__article.html: a real article of the corpus README has no "
        f"{tmp_path / 'gold' / 'baocantho.com.vn__article.html'}.json"
    ]


def test_gold_for_a_non_article_or_another_url_is_refused(tmp_path: Path) -> None:
    listing = "https://baocantho.com.vn/thoi-su/"
    corpus = _corpus(
        tmp_path, ("nhandan.vn__article.html", NHANDAN), ("baocantho.com.vn__listing.html", listing)
    )
    _write(tmp_path / "gold", _gold(url=NHANDAN.replace("976641", "976642")))
    _write(tmp_path / "gold", _gold(file="baocantho.com.vn__listing.html", url=listing))
    assert gold_problems(tmp_path / "gold", corpus) == [
        "baocantho.com.vn__listing.html.json: baocantho.com.vn__listing.html is not an article "
        "row of the corpus README",
        f"nhandan.vn__article.html.json: url {NHANDAN.replace('976641', '976642')} is not the "
        f"README's {NHANDAN}",
    ]


def test_a_gold_file_named_for_another_page_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, _gold(), "baocantho.com.vn__article.html.json")
    with pytest.raises(GoldError, match=re.escape("names corpus file 'nhandan.vn__article.html'")):
        read_gold(tmp_path / "baocantho.com.vn__article.html.json")
