"""parse_date against dateparser.parse with the same settings, same run, on the date table
(tests/date_cases.json, the table tests/test_dates.py asserts, read as data).

Prints mean and p99 microseconds per call and the ratio. dateparser's first call (language
data loading) is paid before timing for both, as the pipeline pays it once at start-up.
Run: .venv/bin/python bench/dates.py
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import dateparser  # noqa: E402

from crawler.core.dates import parse_date, warm_up  # noqa: E402

TABLE = json.loads((ROOT / "tests" / "date_cases.json").read_text(encoding="utf-8"))
REF: str = TABLE["ref"]
CASES: list[tuple[str, str | None]] = [(t, e) for g in TABLE["groups"].values() for t, e in g]
ROUNDS = 20


def timed(fn: Callable[[str], object], texts: list[str]) -> list[float]:
    out = []
    for _ in range(ROUNDS):
        for t in texts:
            t0 = time.perf_counter_ns()
            fn(t)
            out.append((time.perf_counter_ns() - t0) / 1000)
    return out


def main() -> None:
    ref = datetime.fromisoformat(REF)
    texts = [t for t, _ in CASES]
    settings = {
        "DATE_ORDER": "DMY",
        "TIMEZONE": "Asia/Ho_Chi_Minh",
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": ref.replace(tzinfo=None),
    }
    warm_up()
    ours = timed(lambda t: parse_date(t, ref), texts)
    base = timed(lambda t: dateparser.parse(t, languages=["vi", "en"], settings=settings), texts)
    right = sum(
        1
        for t, e in CASES
        if (parse_date(t, ref) or None) == (datetime.fromisoformat(e) if e else None)
    )
    rows = [("partywire parse_date", ours), ("dateparser.parse", base)]
    print(f"{len(texts)} date strings x {ROUNDS} rounds")
    print(f"{'parser':<22} {'mean µs':>9} {'p99 µs':>9} {'ratio':>7}")
    for name, xs in rows:
        p99 = statistics.quantiles(xs, n=100)[98]
        ratio = statistics.mean(base) / statistics.mean(xs)
        print(f"{name:<22} {statistics.mean(xs):>9.1f} {p99:>9.1f} {ratio:>6.1f}x")
    print(f"parse_date exact on {right}/{len(CASES)} cases")


if __name__ == "__main__":
    main()
