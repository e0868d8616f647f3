"""The architecture as tests: what import-linter cannot say about where imports sit.

`.importlinter` holds the layering contracts (run by `make test` as `lint-imports`); these tests
hold the two rules it has no words for: an import inside a function exists only to keep start-up
fast and says so, and the benchmarks never lean on the test suite.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("crawler", "spiders", "pipelines", "output")


def _sources(*folders: str) -> list[Path]:
    return sorted(p for f in folders for p in (ROOT / f).rglob("*.py"))


def _nested_imports(path: Path) -> list[tuple[int, str]]:
    """(line, source line) of every import statement inside a function body."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    out = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for sub in ast.walk(node):
                if isinstance(sub, ast.Import | ast.ImportFrom):
                    out.append((sub.lineno, lines[sub.lineno - 1]))
    return out


def test_imports_inside_functions_say_they_are_lazy() -> None:
    bad = [
        f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
        for p in _sources(*PACKAGES)
        for n, line in _nested_imports(p)
        if "# lazy" not in line
    ]
    assert not bad, "imports inside functions without a '# lazy: why' comment:\n" + "\n".join(bad)


def test_the_rule_sees_an_unmarked_nested_import(tmp_path: Path) -> None:
    """The check above must be able to fail: an unmarked nested import is found."""
    f = tmp_path / "m.py"
    f.write_text("def f():\n    import json\n    return json\n", encoding="utf-8")
    assert _nested_imports(f) == [(2, "    import json")]


#: The one part of tests/ a bench may use: the author of the recorded pages, which writes pages
#: as data (bench/crawl_corpus.py writes a larger corpus with it); tests themselves never.
_BENCH_MAY_USE = "tests.recorded._author"


def test_bench_does_not_import_tests() -> None:
    bad = []
    for p in _sources("bench"):
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            bad += [
                f"{p.relative_to(ROOT)}:{node.lineno}: {n}"
                for n in names
                if (n == "tests" or n.startswith("tests."))
                and not (n == _BENCH_MAY_USE or n.startswith(_BENCH_MAY_USE + "."))
            ]
    assert not bad, "bench/ imports the test suite:\n" + "\n".join(bad)


def test_layering_contracts_hold() -> None:
    """The same check `make test` runs, so a plain `pytest` run also refuses an upward import."""
    exe = Path(sys.executable).with_name("lint-imports")
    if not exe.exists():
        pytest.skip(f"{exe} is not installed (pip install -e '.[dev]')")
    run = subprocess.run([str(exe)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout[-3000:]
    assert "kept, 0 broken" in run.stdout, run.stdout[-3000:]
