"""docs/adding-a-site.md, followed literally in a copy of the repository; `record` against a
local HTTP server standing in for a live site; a site without recorded pages fails the walk."""

from __future__ import annotations

import functools
import http.server
import json
import re
import shlex
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.recorded._author import templates as t
from tests.recorded._author.model import Story


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    dst = tmp_path / "repo"
    for f in files:
        if (ROOT / f).is_file():
            (dst / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / f, dst / f)
    return dst


def _story(n: int, home: str) -> Story:
    return Story(
        url=f"{home}bai-so-{n}-post{1000 + n}.html",
        title=f"Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ {n + 4}",
        published=f"2026-11-1{n}T0{n + 7}:30:00+07:00",
        sapo=f"Sáng 1{n}/11, Ban Chấp hành Đảng bộ tỉnh tổ chức hội nghị lần thứ {n + 4}.",
        paragraphs=[
            f"Hội nghị thảo luận {n + 2} nội dung quan trọng về công tác xây dựng Đảng "
            "và hệ thống chính trị trong năm.",
            "Các đại biểu thống nhất cao với dự thảo báo cáo và đề xuất nhiều giải pháp.",
        ],
        byline="LÊ HÀ",
        authors=["LÊ HÀ"],
    )


def _walk(
    repo: Path, site: str, tests: str = "tests/test_registry_walk.py"
) -> subprocess.CompletedProcess[str]:
    """The registry walk (or another walk of every site), for one site, in the copy of the
    repository."""
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        tests,
        "-k",
        site,
    ]
    return subprocess.run(cmd, cwd=repo, capture_output=True, text=True, timeout=300)


def _cli(repo: Path, cmd: str) -> subprocess.CompletedProcess[str]:
    args = shlex.split(cmd.replace("\\\n", " "))
    assert args[0] == ".venv/bin/partywire", cmd
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", *args[1:]],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_following_the_guide_adds_a_working_site(repo: Path) -> None:
    doc = (repo / "docs" / "adding-a-site.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", doc, re.S)
    home = "https://baovidu.vn/"
    a1, a2 = _story(1, home), _story(2, home)
    (repo / "listing.html").write_text(t.epi_listing([a2, a1], "Báo Ví Dụ", home, "Chính trị"))
    (repo / "a1.html").write_text(t.epi_article(a1, "Báo Ví Dụ", home))
    (repo / "a2.html").write_text(t.epi_article(a2, "Báo Ví Dụ", home))
    # the pages saved from a browser carry the guide's URLs
    doc_cmds = [b.strip() for b in blocks if b.strip().startswith(".venv/bin/partywire")]
    ran = []
    for cmd in doc_cmds:
        if " record " in cmd:
            continue  # needs the web; test_record_from_a_live_site covers it
        cmd = cmd.replace("bai-mot-post1001.html", a1.url.rsplit("/", 1)[1]).replace(
            "bai-hai-post1002.html", a2.url.rsplit("/", 1)[1]
        )
        r = _cli(repo, cmd)
        ran.append((cmd.split()[1], r.returncode))
        if cmd.split()[1] == "check" and "--update" not in cmd:
            assert r.returncode == 1, r.stdout  # nothing pinned yet: every row differs
        else:
            assert r.returncode == 0, (cmd, r.stdout, r.stderr)
    assert [c for c, _ in ran] == ["new-site", "pack", "check", "check"]
    r = _cli(repo, ".venv/bin/partywire check baovidu")
    assert r.returncode == 0 and r.stdout.count("\nok ") == 2, r.stdout
    exp = json.loads((repo / "tests/recorded/baovidu/expected.json").read_text())
    assert sorted(e["title"] for e in exp) == sorted([a1.title, a2.title])
    assert sorted(e["published"] for e in exp) == sorted([a1.published, a2.published])
    assert {e["authors"][0] for e in exp} == {"LÊ HÀ"}
    walk = _walk(repo, "baovidu")
    assert walk.returncode == 0, walk.stdout[-2000:]
    assert "2 passed" in walk.stdout
    # the listing given on the command line says so in its note, which the evidence walk reads
    site = (repo / "spiders/sites/baovidu.py").read_text(encoding="utf-8")
    assert 'listings = ("https://baovidu.vn/chinh-tri/",)' in site
    assert 'listings="given to new-site by the developer; add the sites.tsv row' in site
    assert "feeds = " not in site  # none was given
    evidence = "tests/test_sites_evidence.py::test_every_declaration_names_its_evidence"
    notes = _walk(repo, "baovidu", evidence)
    assert notes.returncode == 0 and "1 passed" in notes.stdout, notes.stdout[-2000:]


def test_a_site_without_recorded_pages_fails_the_walk(repo: Path) -> None:
    (repo / "tests/recorded/baolaocai/pages.warc").unlink()
    walk = _walk(repo, "baolaocai")
    assert walk.returncode != 0
    assert "site baolaocai has no recorded pages" in walk.stdout


@pytest.fixture
def live_site(tmp_path: Path) -> Iterator[str]:
    root = tmp_path / "www"
    (root / "chinh-tri").mkdir(parents=True)
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0),
        functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root)),
    )
    home = f"http://127.0.0.1:{httpd.server_address[1]}/"
    a1, a2 = _story(1, home), _story(2, home)
    (root / "chinh-tri" / "index.html").write_text(t.epi_listing([a2, a1], "Báo Ví Dụ", home, "x"))
    for s in (a1, a2):
        (root / s.url.rsplit("/", 1)[1]).write_text(t.epi_article(s, "Báo Ví Dụ", home))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield home
    httpd.shutdown()


def test_record_from_a_live_site(repo: Path, live_site: str) -> None:
    r = _cli(
        repo,
        f".venv/bin/partywire new-site vidulocal {live_site} --family epi-mcms "
        f'--province "Lào Cai" --listing {live_site}chinh-tri/',
    )
    assert r.returncode == 0, r.stderr
    r = _cli(repo, ".venv/bin/partywire record vidulocal --articles 2")
    assert r.returncode == 0, r.stderr
    from crawler.replay import read_warc

    urls = {p.url for p in read_warc(repo / "tests/recorded/vidulocal/pages.warc")}
    assert f"{live_site}chinh-tri/" in urls
    assert sum(1 for u in urls if u.endswith(".html")) == 2
    r = _cli(repo, ".venv/bin/partywire check vidulocal --update")
    assert r.returncode == 0 and r.stdout.count("\nnew ") == 2, r.stdout
