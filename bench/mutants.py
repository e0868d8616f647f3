"""Mutation score of the domain code, per module: `make mutants` (slow; not part of `make test`).

Why a mutation score: a suite can pass at 100 % on its own models and still miss a flipped
threshold or a deleted rule. mutmut changes one thing at a time in the modules named in
`[tool.mutmut]` of pyproject.toml and runs the unit tests that cover the changed function; a
mutant that no test notices ("survived") is either a missing test or an equivalent mutant, and
the table says which modules have how many.

    python bench/mutants.py            # run mutmut, then print the table
    python bench/mutants.py --report   # only print the table of the last run
    python bench/mutants.py --survivors crawler.core.dates   # list one module's survivors
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTMUT = Path(sys.executable).with_name("mutmut")
LINE = re.compile(r"^\s*(?P<key>[\w.]+)__mutmut_\d+: (?P<status>.+)$")
COLUMNS = (
    "killed",
    "survived",
    "timeout",
    "no tests",
    "suspicious",
    "segfault",
    "skipped",
    "not checked",
)


def run_mutmut() -> None:
    """A fresh run: stale mutants from an older tree would score code that no longer exists."""
    shutil.rmtree(ROOT / "mutants", ignore_errors=True)
    shared = os.environ.get("PARTYWIRE_SHARED") or str((ROOT.parent / "shared").resolve())
    env = {**os.environ, "PARTYWIRE_SHARED": shared}  # mutants/ is one level deeper
    subprocess.run([str(MUTMUT), "run"], cwd=ROOT, env=env, check=True)


def results() -> dict[str, Counter[str]]:
    """Status counts per module, read from `mutmut results --all true`."""
    out = subprocess.run(
        [str(MUTMUT), "results", "--all", "true"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    per: dict[str, Counter[str]] = defaultdict(Counter)
    for line in out.splitlines():
        m = LINE.match(line)
        if m:
            module = m["key"].rsplit(".", 1)[0]
            per[module][m["status"].strip()] += 1
    return per


def survivors(module: str) -> list[str]:
    """Names of one module's surviving mutants (`mutmut show NAME` prints the diff)."""
    out = subprocess.run(
        [str(MUTMUT), "results"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return [
        line.split(":")[0].strip()
        for line in out.splitlines()
        if line.strip().startswith(module + ".") and line.rstrip().endswith("survived")
    ]


def table(per: dict[str, Counter[str]]) -> str:
    """Score = killed / (killed + survived + timeout): mutants no test runs, skipped or not yet
    checked are left out; a timeout counts against the score, since no assertion caught it."""
    head = f"{'module':<28} {'mutants':>7} " + " ".join(f"{c:>9}" for c in COLUMNS)
    rows = [head + f" {'score':>6}", "-" * (len(head) + 7)]
    total: Counter[str] = Counter()
    for module in sorted(per):
        c = per[module]
        total.update(c)
        rows.append(_row(module, c))
    rows.append(_row("all", total))
    return "\n".join(rows)


def _row(name: str, c: Counter[str]) -> str:
    n = sum(c.values())
    judged = c["killed"] + c["survived"] + c["timeout"]
    score = c["killed"] / judged if judged else 0.0
    cells = " ".join(f"{c[k]:>9}" for k in COLUMNS)
    return f"{name:<28} {n:>7} {cells} {score:>6.1%}"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--report", action="store_true", help="print the last run's table only")
    p.add_argument("--survivors", metavar="MODULE", help="list one module's surviving mutants")
    args = p.parse_args()
    if not MUTMUT.exists():
        print(f"bench/mutants.py: {MUTMUT} not found: pip install -e '.[mutants]'", file=sys.stderr)
        return 2
    if args.survivors:
        print("\n".join(survivors(args.survivors)))
        return 0
    if not args.report:
        run_mutmut()
    print(table(results()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
