"""The command line as a user meets it in a shell: a closed stdout (`partywire sites | head`)
ends quietly, and the `db` commands say in one line where the store is."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from crawler.storage import head_revision
from tests.conftest import ROOT, run_cli

ENV = {**os.environ, "PARTYWIRE_LOG_LEVEL": "WARNING"}


def _into_closed_pipe(*args: str) -> tuple[int, str]:
    """Run the CLI with its stdout a pipe whose reader has already gone, like `| head` that has
    read enough, but certain: the reading end is closed before the command writes anything."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", *args],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read().decode()
    return proc.wait(timeout=120), err


def test_every_printing_command_ends_quietly_on_a_closed_stdout(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'pw.db'}"
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Hội nghị</title></head><body><article><h1>Hội nghị</h1>"
        + "<p>Sáng nay, chi bộ họp bàn công tác quý I và bầu ban chấp hành mới.</p>" * 5
        + "</article></body></html>",
        encoding="utf-8",
    )
    for args in (
        ("sites",),
        ("sites", "--json"),
        ("--db", db, "db", "upgrade"),
        ("--db", db, "db", "current"),
        ("extract", str(page), "--url", "https://nhandan.vn/hoi-nghi-post1.html"),
    ):
        code, err = _into_closed_pipe(*args)
        assert (code, err) == (141, ""), (args, err)


def test_the_unbroken_pipe_still_gets_everything() -> None:
    """The same command into a reader that reads to the end: all of it, and exit 0."""
    r = run_cli("sites")
    assert r.returncode == 0 and r.stderr == ""
    header = r.stdout.splitlines()[0].split()
    assert header == ["name", "outlet", "province", "kind", "family", "evidence"]
    assert any(line.startswith("nhandan ") for line in r.stdout.splitlines())


def test_db_upgrade_and_current_on_a_new_store(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'pw.db'}"
    current = run_cli("--db", db, "db", "current")
    assert current.stdout.strip() == "none (an empty store, or one made before migrations)"
    assert not (tmp_path / "pw.db").exists() or (tmp_path / "pw.db").stat().st_size == 0
    up = run_cli("--db", db, "db", "upgrade")
    assert up.returncode == 0, up.stderr
    assert up.stdout.splitlines() == [f"{db}: at revision {head_revision()} (head)"]
