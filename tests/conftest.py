"""Shared fixtures: the real pages in ../shared, the real PostgreSQL, a replayed crawl."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
RECORDED = ROOT / "tests" / "recorded"
SHARED = Path(os.environ.get("PARTYWIRE_SHARED", ROOT.parent / "shared"))
PG_URL = os.environ.get("PARTYWIRE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("PARTYWIRE_TEST_REDIS", "redis://127.0.0.1:6379/0")


def shared_path(*parts: str) -> Path:
    """A file in ../shared, or a skip that says why (CI has it beside the checkout)."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        reason = f"{p} is absent: the real pages in ../shared are not beside this checkout"
        print(f"SKIP: {reason}")
        pytest.skip(reason)
    return p


def run_cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PARTYWIRE_LOG_LEVEL": "WARNING", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def run_script(script: str, *args: str, timeout: int = 300) -> Any:
    """A Python snippet run in its own process (Twisted's reactor runs once per process) with
    the project's Scrapy settings; what it printed last, read as JSON."""
    r = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env={**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings"},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def replayed_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One replayed crawl of every recorded site, through the real CLI and Scrapy stack."""
    db = tmp_path_factory.mktemp("crawl") / "pw.db"
    url = f"sqlite:///{db}"
    r = run_cli("--db", url, "crawl", "--replay", str(RECORDED))
    assert r.returncode == 0, r.stdout + r.stderr
    return url


@contextmanager
def pg_schema() -> Iterator[str]:
    """A store URL on the real PostgreSQL, in a schema of its own, dropped afterwards."""
    import sqlalchemy as sa  # lazy: only PostgreSQL tests need it

    schema = f"pw_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_URL)
    with admin.begin() as c:
        c.execute(sa.text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as c:
            c.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Any]:
    """A new SQLite store of the test's own (modules that run on both backends define theirs)."""
    from crawler.storage import Store  # lazy: as above

    s = Store(f"sqlite:///{tmp_path / 'pw.db'}")
    yield s
    s.engine.dispose()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """The real PostgreSQL, in a schema of its own that is dropped afterwards."""
    with pg_schema() as url:
        yield url


def expected_articles() -> list[tuple[str, dict[str, object]]]:
    out = []
    for f in sorted(RECORDED.glob("*/expected.json")):
        for rec in json.loads(f.read_text(encoding="utf-8")):
            out.append((f.parent.name, rec))
    return out
