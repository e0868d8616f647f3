"""bench/ imports nothing of tests/ and still measures what the tests assert: the date table
the date tests use, and stored articles written from the recorded pages' own templates."""

from __future__ import annotations

import ast
import importlib.util
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT
from tests.date_cases import CASES, REF
from tests.recorded._author import generate

BENCH = ROOT / "bench"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    argv, sys.argv = sys.argv, [str(BENCH / f"{name}.py")]
    try:
        spec.loader.exec_module(mod)
    finally:
        sys.argv = argv
    return mod


@pytest.mark.parametrize("path", sorted(BENCH.glob("*.py")), ids=lambda p: p.name)
def test_bench_imports_nothing_of_tests(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = [
        name
        for node in ast.walk(tree)
        for name in (
            [a.name for a in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else []
        )
    ]
    # the recorded pages' author writes pages as data (bench/crawl_corpus.py uses it)
    author = "tests.recorded._author"
    assert not [
        m
        for m in imported
        if (m == "tests" or m.startswith("tests."))
        and not (m == author or m.startswith(author + "."))
    ], imported


def test_date_bench_times_the_tested_table() -> None:
    bench = _load("dates")
    assert bench.CASES == CASES and bench.REF == REF
    assert len(CASES) >= 150


def test_dedup_bench_articles_are_the_recorded_pages_formula() -> None:
    """The same key, place and time give the generator's very sapo and paragraphs, cities
    (Thành ủy, TP Hồ Chí Minh) included."""
    bench = _load("dedup")
    when = datetime(2025, 1, 1, tzinfo=generate.VN)
    places = [*bench.PLACES, "Hồ Chí Minh", "Hà Nội"]
    for i in range(60):
        at, place = when + timedelta(hours=7 * i), places[i % len(places)]
        s = generate.story(
            f"bench{i}", i, lambda slug, n: f"https://b.vn/{slug}-{n}.html", place, at
        )
        assert bench.compose(f"bench{i}/{i}", place, at) == (s.sapo, s.paragraphs), i


def test_dedup_bench_copies_keep_the_story() -> None:
    """A republished copy differs from the stored article (three edits each) but keeps its
    story: the third paragraph, which no edit touches, and the sapo under any new dateline
    and rewording."""
    bench = _load("dedup")
    r = random.Random(7)
    for i in range(40):
        sapo, paras = bench.make(i, datetime(2026, 11, 1, tzinfo=UTC))
        summary, text = bench.republish((sapo, paras), r)
        assert (summary, text) != (sapo, "\n\n".join(paras)), i
        assert paras[2] in text.split("\n\n"), i
        undone = summary.split(" - ", 1)[-1].replace(" đã tổ chức ", " tổ chức ")
        assert undone.replace("Sáng nay ", "Sáng ") == sapo, i
