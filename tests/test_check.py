"""`partywire check`, through the command line, in a copy of the repository: `--update` pins
nothing a reader could not use unless told to, and a broken expected JSON is named."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.recorded._author import templates as t
from tests.recorded._author.model import Story

HOME = "https://baovidu.vn/"
CLEAN = [
    "Hội nghị thảo luận 3 nội dung quan trọng về công tác xây dựng Đảng và hệ thống chính trị "
    "trong năm.",
    "Các đại biểu thống nhất cao với dự thảo báo cáo và đề xuất nhiều giải pháp.",
]
#: A related-articles box written as one long line inside the body: too long for the cleaner's
#: trailer rule (under 60 characters), still a "Tin liên quan" line a reader must not get.
LEAK = (
    "Tin liên quan: hội nghị lần trước đã thống nhất nhiều nội dung về công tác cán bộ của tỉnh "
    "trong năm."
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """What `check` reads and writes: the code and the recorded pages."""
    dst = tmp_path / "repo"
    for part in ("crawler", "spiders", "pipelines", "output", "tests/recorded"):
        shutil.copytree(ROOT / part, dst / part, ignore=shutil.ignore_patterns("__pycache__"))
    return dst


def _story(n: int, paragraphs: list[str]) -> Story:
    return Story(
        url=f"{HOME}bai-so-{n}-post{1000 + n}.html",
        title=f"Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ {n + 4}",
        published=f"2026-11-1{n}T0{n + 7}:30:00+07:00",
        sapo=f"Sáng 1{n}/11, Ban Chấp hành Đảng bộ tỉnh tổ chức hội nghị lần thứ {n + 4}.",
        paragraphs=paragraphs,
        byline="LÊ HÀ",
        authors=["LÊ HÀ"],
    )


def _undated(html: str) -> str:
    """The same page with every machine-readable and printed date taken out."""
    return re.sub(
        r'<meta property="article:(published|modified)_time"[^>]*>|<meta class="cms-date"[^>]*>'
        r'|<time[^>]*>.*?</time>|"date(Published|Modified)": "[^"]*",',
        "",
        html,
    )


def _cli(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=repo)


def _site(repo: Path, pages: list[tuple[Story, str]]) -> Path:
    r = _cli(repo, "new-site", "baovidu", HOME, "--family", "epi-mcms", "--province", "Lào Cai")
    assert r.returncode == 0, r.stderr
    pairs = []
    for i, (s, html) in enumerate(pages):
        f = repo / f"a{i}.html"
        f.write_text(html, encoding="utf-8")
        pairs.append(f"{s.url}={f}")
    r = _cli(repo, "pack", "baovidu", *pairs)
    assert r.returncode == 0, r.stderr
    return repo / "tests/recorded/baovidu/expected.json"


def _one_error_line(r: subprocess.CompletedProcess[str]) -> str:
    assert r.returncode == 2, r.stdout + r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("partywire: error: "), r.stderr
    return lines[0]


def test_update_refuses_a_leaking_article_unless_accepted(repo: Path) -> None:
    good, leaky = _story(1, CLEAN), _story(2, [CLEAN[0], LEAK, CLEAN[1]])
    exp = _site(repo, [(s, t.epi_article(s, "Báo Ví Dụ", HOME)) for s in (good, leaky)])
    line = _one_error_line(_cli(repo, "check", "baovidu", "--update"))
    assert "site baovidu" in line and leaky.url in line and good.url not in line
    assert "1 boilerplate line(s) leaked, first 'Tin liên quan: hội nghị" in line
    assert exp.read_text(encoding="utf-8") == "[]\n", "a refused update wrote the file"

    r = _cli(repo, "check", "baovidu", "--update", "--accept")
    assert r.returncode == 0, r.stderr
    assert "LEAK: Tin liên quan: hội nghị" in r.stdout
    pinned = {e["url"]: e for e in json.loads(exp.read_text(encoding="utf-8"))}
    assert sorted(pinned) == sorted([good.url, leaky.url])
    assert LEAK in pinned[leaky.url]["text"].split("\n\n")


def test_update_refuses_an_article_without_a_date(repo: Path) -> None:
    dated, undated = _story(1, CLEAN), _story(2, CLEAN)
    exp = _site(
        repo,
        [
            (dated, t.epi_article(dated, "Báo Ví Dụ", HOME)),
            (undated, _undated(t.epi_article(undated, "Báo Ví Dụ", HOME))),
        ],
    )
    line = _one_error_line(_cli(repo, "check", "baovidu", "--update"))
    assert f"site baovidu: {undated.url}: not pinned: no publication date;" in line
    assert "--accept" in line
    assert exp.read_text(encoding="utf-8") == "[]\n"


def test_update_pins_clean_articles_with_every_field(repo: Path) -> None:
    a1, a2 = _story(1, CLEAN), _story(2, CLEAN[::-1])
    exp = _site(repo, [(s, t.epi_article(s, "Báo Ví Dụ", HOME)) for s in (a1, a2)])
    r = _cli(repo, "check", "baovidu", "--update")
    assert r.returncode == 0, r.stderr
    pinned = json.loads(exp.read_text(encoding="utf-8"))
    assert [e["url"] for e in pinned] == [a1.url, a2.url]
    for e, s in zip(pinned, (a1, a2), strict=True):
        # read off the page: the epi template prints these for the story
        assert (e["title"], e["published"], e["summary"]) == (s.title, s.published, s.sapo)
        assert (e["section"], e["tags"], e["modified"]) == ("Xây dựng Đảng", [], s.published)
        assert (e["province"], e["former_province"], e["image"]) == ("Lào Cai", None, None)
        assert e["canonical_url"] == s.url and e["cluster"] == [s.url]
        assert "fetched_at" not in e
    assert _cli(repo, "check", "baovidu").returncode == 0


@pytest.mark.parametrize(
    "content,cause",
    [
        ('[{"url": "https://baolaocai.vn/x-post1.html",', "not valid JSON (Expecting"),
        ('{"url": "https://baolaocai.vn/x-post1.html"}', "not a JSON list of article records"),
        ('[{"title": "no url here"}]', "record 0 is not an article record (no url)"),
        (b"[\xff]", "not UTF-8 text"),
    ],
)
def test_check_names_a_malformed_expected_file(
    repo: Path, content: str | bytes, cause: str
) -> None:
    path = repo / "tests/recorded/baolaocai/expected.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    line = _one_error_line(_cli(repo, "check", "baolaocai"))
    assert f"{path}: {cause}" in line
